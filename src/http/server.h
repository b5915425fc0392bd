/* server: a small layer over libmicrohttpd (thread pool + epoll): requests in, a handler, one
 * JSON log line per request. */
#ifndef BB_HTTP_SERVER_H
#define BB_HTTP_SERVER_H

#include <stdio.h>

#include "core/buf.h"

struct http_request {
	const char *method;
	const char *path; /* without the query string */
	void *conn;       /* the libmicrohttpd connection, for headers and arguments */
};

struct http_response {
	int status;
	const char *content_type;
	struct buf body;
};

typedef void (*http_handler)(void *ctx, const struct http_request *req, struct http_response *res);

struct http_server;

struct http_config {
	const char *listen; /* HOST:PORT; port 0 picks a free one */
	int threads;
	http_handler handler;
	void *ctx;
	FILE *log; /* request log (JSON lines); NULL for none */
};

int http_start(const struct http_config *cfg, struct http_server **out, char **cause);
/* The port actually bound. */
int http_port(const struct http_server *s);
void http_stop(struct http_server *s);
/* A request header's value, or NULL. */
const char *http_header(const struct http_request *req, const char *name);
/* Splits "HOST:PORT" ("[v6]:PORT" too). Returns -1 when malformed. */
int http_parse_listen(const char *listen, char *host, size_t hostlen, int *port);
/* Appends s to b as a JSON string (quotes included). */
void json_put_string(struct buf *b, const char *s);

#endif
