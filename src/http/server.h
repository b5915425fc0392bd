/* server: a small layer over libmicrohttpd (thread pool + epoll): requests in, a handler, one
 * JSON log line per request. Every response gets an X-Request-ID (the client's, or a new
 * one), X-Content-Type-Options and X-Frame-Options; bodies of 1 KB or more are gzipped for
 * clients that accept it. */
#ifndef BB_HTTP_SERVER_H
#define BB_HTTP_SERVER_H

#include <stdbool.h>
#include <stdio.h>

#include "core/buf.h"

struct http_request {
	const char *method;
	const char *path;       /* without the query string, percent-decoded */
	const char *query;      /* the query string as sent (after '?'), or NULL */
	const char *request_id; /* the client's X-Request-ID when usable, else a new UUID */
	const char *body;       /* the request body ("" when none; not NUL-terminated) */
	size_t body_len;
	void *conn; /* the libmicrohttpd connection, for headers and arguments */
};

#define HTTP_MAX_HEADERS 16
/* The largest request body taken (forms and tokens are small); more is answered 413. */
#define HTTP_MAX_BODY (64 * 1024)

struct http_response {
	int status;
	const char *content_type;
	struct buf body;
	/* Further response headers (http_set_header). */
	char *header_name[HTTP_MAX_HEADERS], *header_value[HTTP_MAX_HEADERS];
	int nheaders;
	bool no_body; /* a HEAD request or a 304: headers only */
	/* JSON members (",\"k\":v…") the handler adds to the request's log line. */
	struct buf log;
	/* What the log line shows as the path (a static string); NULL: the path. For paths
	 * that carry a secret, as the consent page's does. */
	const char *log_path;
};

typedef void (*http_handler)(void *ctx, const struct http_request *req, struct http_response *res);

struct http_server;

struct http_config {
	const char *listen; /* HOST:PORT; port 0 picks a free one */
	int threads;
	http_handler handler;
	void *ctx;
	FILE *log; /* request log (JSON lines, written to its descriptor); NULL for none */
};

int http_start(const struct http_config *cfg, struct http_server **out, char **cause);
/* The port actually bound. */
int http_port(const struct http_server *s);
void http_stop(struct http_server *s);
/* Adds a response header (name and value copied; a second one of a name replaces it). */
void http_set_header(struct http_response *res, const char *name, const char *value);
/* Adds a header even when one of that name is set (Set-Cookie). */
void http_add_header(struct http_response *res, const char *name, const char *value);
/* The public base URL the client used ("https://api.example.org", no final '/') into out:
 * base_url when given; else, with trust_proxy, X-Forwarded-Proto and -Host; else http:// and
 * the Host header. When it is https, res gets Strict-Transport-Security. */
void http_public_base(const struct http_request *req, const char *base_url, bool trust_proxy,
                      struct buf *out, struct http_response *res);
/* Sets status and the body {"detail": text} (Django REST framework's error body, which Blue
 * Button answers with). */
void http_detail(struct http_response *res, int status, const char *text);
/* Answers 405 {"detail": "Method \"X\" not allowed."} with Allow: allow. */
void http_method_not_allowed(const struct http_request *req, struct http_response *res,
                             const char *allow);
/* The client's address as text ("127.0.0.1", "::1"; "-" when unknown). */
void http_remote_addr(const struct http_request *req, char *out, size_t n);
/* A request header's value, or NULL. */
const char *http_header(const struct http_request *req, const char *name);
/* Splits "HOST:PORT" ("[v6]:PORT" too). Returns -1 when malformed. */
int http_parse_listen(const char *listen, char *host, size_t hostlen, int *port);
/* Appends s to b as a JSON string (quotes included). */
void json_put_string(struct buf *b, const char *s);

#endif
