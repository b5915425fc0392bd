#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <unistd.h>
#include <ctype.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include "core/clock.h"
#include "core/fatal.h"
#include "core/uuid.h"

#include <zlib.h>

struct http_server {
	struct MHD_Daemon *daemon;
	struct http_config cfg;
	pthread_mutex_t log_lock;
	int port;
};

void json_put_string(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	buf_putc(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			buf_puts(b, "\\\"");
			break;
		case '\\':
			buf_puts(b, "\\\\");
			break;
		case '\n':
			buf_puts(b, "\\n");
			break;
		case '\r':
			buf_puts(b, "\\r");
			break;
		case '\t':
			buf_puts(b, "\\t");
			break;
		default:
			if (*p < 0x20) {
				char esc[7] = {'\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 15], 0};
				buf_puts(b, esc);
			} else {
				buf_putc(b, (char)*p);
			}
		}
	}
	buf_putc(b, '"');
}

int http_parse_listen(const char *listen, char *host, size_t hostlen, int *port)
{
	const char *colon;
	size_t n;
	if (listen[0] == '[') {
		const char *close = strchr(listen, ']');
		if (close == NULL || close[1] != ':')
			return -1;
		n = (size_t)(close - listen - 1);
		if (n == 0 || n + 1 > hostlen)
			return -1;
		memcpy(host, listen + 1, n);
		colon = close + 1;
	} else {
		colon = strrchr(listen, ':');
		if (colon == NULL)
			return -1;
		n = (size_t)(colon - listen);
		if (n == 0 || n + 1 > hostlen)
			return -1;
		memcpy(host, listen, n);
	}
	host[n] = '\0';
	char *end;
	long p = strtol(colon + 1, &end, 10);
	if (!isdigit((unsigned char)colon[1]) || *end || p > 65535)
		return -1;
	*port = (int)p;
	return 0;
}

void http_add_header(struct http_response *res, const char *name, const char *value)
{
	if (res->nheaders == HTTP_MAX_HEADERS)
		fatal("too many response headers");
	res->header_name[res->nheaders] = xstrdup(name);
	res->header_value[res->nheaders++] = xstrdup(value);
}

void http_set_header(struct http_response *res, const char *name, const char *value)
{
	for (int i = 0; i < res->nheaders; i++)
		if (strcasecmp(res->header_name[i], name) == 0) {
			free(res->header_value[i]);
			res->header_value[i] = xstrdup(value);
			return;
		}
	http_add_header(res, name, value);
}

/* Host names with characters a host cannot have are not used. */
static bool host_ok(const char *h)
{
	if (h == NULL || *h == '\0' || strlen(h) > 255)
		return false;
	for (const char *p = h; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr(".-:[]_", *p)))
			return false;
	return true;
}

void http_public_base(const struct http_request *req, const char *base_url, bool trust_proxy,
                      struct buf *out, struct http_response *res)
{
	if (base_url) {
		buf_puts(out, base_url);
		while (out->len && out->data[out->len - 1] == '/')
			out->len--;
		goto done;
	}
	const char *proto = "http", *host = http_header(req, "Host");
	char first[256];
	if (trust_proxy) {
		const char *fp = http_header(req, "X-Forwarded-Proto");
		const char *fh = http_header(req, "X-Forwarded-Host");
		if (fp && (strcasecmp(fp, "https") == 0 || strcasecmp(fp, "http") == 0))
			proto = strcasecmp(fp, "https") == 0 ? "https" : "http";
		if (fh) {
			/* The first of a list: the client's. */
			snprintf(first, sizeof first, "%.*s", (int)strcspn(fh, ", "), fh);
			host = first;
		}
	}
	buf_printf(out, "%s://%s", proto, host_ok(host) ? host : "localhost");
done:
	/* Clients reach us over TLS (a proxy's): they are told to keep to it. */
	if (strncmp(buf_cstr(out), "https://", 8) == 0)
		http_set_header(res, "Strict-Transport-Security", "max-age=31536000");
}

/* 405 {"detail": "Method \"X\" not allowed."} (Django REST framework's words). */
void http_method_not_allowed(const struct http_request *req, struct http_response *res,
                             const char *allow)
{
	char text[64];
	snprintf(text, sizeof text, "Method \"%.16s\" not allowed.", req->method);
	http_set_header(res, "Allow", allow);
	http_detail(res, 405, text);
}

void http_detail(struct http_response *res, int status, const char *text)
{
	res->status = status;
	buf_reset(&res->body);
	buf_puts(&res->body, "{\"detail\":");
	json_put_string(&res->body, text);
	buf_putc(&res->body, '}');
}

void http_remote_addr(const struct http_request *req, char *out, size_t n)
{
	snprintf(out, n, "-");
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(req->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out,
			          (socklen_t)n);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out,
			          (socklen_t)n);
	}
}

const char *http_header(const struct http_request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

/* Two digits of v. */
static void put2(struct buf *b, int v)
{
	buf_putc(b, (char)('0' + v / 10 % 10));
	buf_putc(b, (char)('0' + v % 10));
}

static void log_request(struct http_server *s, struct MHD_Connection *conn,
                        const struct http_request *req, const struct http_response *res,
                        size_t bytes, int64_t us)
{
	int status = res->status;
	const struct buf *extra = &res->log;
	struct buf b = BUF_INIT;
	char addr[INET6_ADDRSTRLEN] = "-";
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	http_remote_addr(req, addr, sizeof addr);
	/* {"time":"2026-11-29T21:53:18.123Z", … written without printf (a line per request). */
	buf_reserve(&b, 512);
	buf_puts(&b, "{\"time\":\"");
	buf_put_int(&b, tm.tm_year + 1900);
	buf_putc(&b, '-');
	put2(&b, tm.tm_mon + 1);
	buf_putc(&b, '-');
	put2(&b, tm.tm_mday);
	buf_putc(&b, 'T');
	put2(&b, tm.tm_hour);
	buf_putc(&b, ':');
	put2(&b, tm.tm_min);
	buf_putc(&b, ':');
	put2(&b, tm.tm_sec);
	buf_putc(&b, '.');
	int milli = (int)(ts.tv_nsec / 1000000);
	buf_putc(&b, (char)('0' + milli / 100));
	put2(&b, milli % 100);
	buf_puts(&b, "Z\",\"method\":");
	json_put_string(&b, req->method);
	buf_puts(&b, ",\"path\":");
	json_put_string(&b, res->log_path ? res->log_path : req->path);
	buf_puts(&b, ",\"status\":");
	buf_put_int(&b, status);
	buf_puts(&b, ",\"bytes\":");
	buf_put_int(&b, (int64_t)bytes);
	buf_puts(&b, ",\"ms\":"); /* microseconds as milliseconds with three decimals */
	buf_put_int(&b, us / 1000);
	buf_putc(&b, '.');
	buf_putc(&b, (char)('0' + us % 1000 / 100));
	put2(&b, (int)(us % 100));
	buf_puts(&b, ",\"remote\":\"");
	buf_puts(&b, addr);
	buf_puts(&b, "\",\"request_id\":");
	json_put_string(&b, req->request_id);
	buf_append(&b, extra->data, extra->len);
	buf_puts(&b, "}\n");
	/* One write(2) per line: lines up to PIPE_BUF bytes reach a pipe or an O_APPEND file
	 * whole without a lock; longer ones take it so that they do not interleave. */
	bool locked = b.len > PIPE_BUF;
	if (locked)
		pthread_mutex_lock(&s->log_lock);
	int fd = fileno(s->cfg.log);
	for (size_t off = 0; off < b.len;) {
		ssize_t n = write(fd, b.data + off, b.len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break; /* the log is gone: requests are still answered */
		off += (size_t)n;
	}
	if (locked)
		pthread_mutex_unlock(&s->log_lock);
	buf_free(&b);
}

/* What a connection's current request keeps between libmicrohttpd's calls: the URI as sent
 * (for the raw query string), and whether the request has been announced. */
struct request_state {
	char *uri;
	bool started;
	struct buf body;
	bool too_large; /* the body passed HTTP_MAX_BODY: answered 413 */
};

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	(void)cls, (void)conn;
	struct request_state *st = xcalloc(1, sizeof *st);
	st->uri = xstrdup(uri);
	st->body = (struct buf)BUF_INIT;
	return st;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **state,
                         enum MHD_RequestTerminationCode why)
{
	(void)cls, (void)conn, (void)why;
	struct request_state *st = *state;
	if (st) {
		free(st->uri);
		buf_free(&st->body);
		free(st);
		*state = NULL;
	}
}

/* The client's X-Request-ID when it is short printable ASCII, else NULL. */
static const char *usable_request_id(const char *id)
{
	if (id == NULL || *id == '\0' || strlen(id) > 128)
		return NULL;
	for (const char *p = id; *p; p++)
		if (*p < 0x21 || *p > 0x7e)
			return NULL;
	return id;
}

/* Whether Accept-Encoding lists gzip (without q=0). */
static bool accepts_gzip(const char *ae)
{
	for (const char *p = ae; p && (p = strcasestr(p, "gzip")); p += 4) {
		if (p != ae && p[-1] != ',' && p[-1] != ' ')
			continue;
		const char *q = p + 4 + strspn(p + 4, " ");
		if (*q == ';') {
			const char *v = strstr(q, "q=");
			const char *comma = strchr(q, ',');
			if (v && (!comma || v < comma) && strtod(v + 2, NULL) == 0)
				return false;
		}
		if (*q == '\0' || *q == ',' || *q == ';')
			return true;
	}
	return false;
}

/* body gzipped into out; false when it cannot be. */
static bool gzip_body(const struct buf *body, struct buf *out)
{
	z_stream z = {0};
	if (deflateInit2(&z, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return false;
	size_t bound = deflateBound(&z, body->len);
	buf_reserve(out, bound);
	z.next_in = (Bytef *)body->data;
	z.avail_in = (uInt)body->len;
	z.next_out = (Bytef *)out->data + out->len;
	z.avail_out = (uInt)bound;
	int rc = deflate(&z, Z_FINISH);
	out->len += bound - z.avail_out;
	deflateEnd(&z);
	return rc == Z_STREAM_END;
}

#define GZIP_MIN 1024

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **state)
{
	struct http_server *s = cls;
	struct request_state *st = *state;
	(void)version;
	/* The first call only announces the request; answer once the body (if any) is in. */
	if (!st->started) {
		st->started = true;
		return MHD_YES;
	}
	if (*upload_size) {
		/* The body, kept up to HTTP_MAX_BODY bytes (more is read and dropped: 413). */
		if (st->body.len + *upload_size > HTTP_MAX_BODY)
			st->too_large = true;
		else
			buf_append(&st->body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	int64_t start = clock_mono_us();
	char made_id[37];
	const char *id =
	    usable_request_id(MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Request-ID"));
	if (id == NULL) {
		uuid4(made_id);
		id = made_id;
	}
	const char *q = strchr(st->uri, '?');
	struct http_request req = {.method = method,
	                           .path = url,
	                           .query = q ? q + 1 : NULL,
	                           .request_id = id,
	                           .conn = conn};
	req.body = st->body.data ? st->body.data : "";
	req.body_len = st->body.len;
	struct http_response res = {.status = 200, .content_type = "application/json"};
	if (st->too_large) {
		http_detail(&res, 413, "The request body is too large.");
	} else {
		s->cfg.handler(s->cfg.ctx, &req, &res);
	}
	if (res.status == 304)
		res.no_body = true;

	size_t logged_bytes = res.body.len;
	struct buf packed = BUF_INIT;
	bool gz = false;
	if (!res.no_body && res.body.len >= GZIP_MIN &&
	    accepts_gzip(MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Accept-Encoding")))
		gz = gzip_body(&res.body, &packed);
	struct buf *body = gz ? &packed : &res.body;
	struct MHD_Response *r;
	if (res.no_body) {
		r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
	} else {
		r = MHD_create_response_from_buffer(body->len, body->data, MHD_RESPMEM_MUST_FREE);
		body->data = NULL; /* libmicrohttpd frees it */
	}
	if (r == NULL)
		fatal("out of memory");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, res.content_type);
	if (gz)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
	MHD_add_response_header(r, MHD_HTTP_HEADER_VARY, "Accept-Encoding");
	MHD_add_response_header(r, "X-Request-ID", id);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	for (int i = 0; i < res.nheaders; i++) {
		MHD_add_response_header(r, res.header_name[i], res.header_value[i]);
		free(res.header_name[i]);
		free(res.header_value[i]);
	}
	enum MHD_Result ok = MHD_queue_response(conn, (unsigned)res.status, r);
	MHD_destroy_response(r);
	if (s->cfg.log)
		log_request(s, conn, &req, &res, logged_bytes, clock_mono_us() - start);
	buf_free(&res.body);
	buf_free(&packed);
	buf_free(&res.log);
	return ok;
}

int http_start(const struct http_config *cfg, struct http_server **out, char **cause)
{
	char host[256], portstr[8];
	int port;
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICSERV}, *ai;
	if (http_parse_listen(cfg->listen, host, sizeof host, &port) < 0) {
		*cause = xasprintf("--listen: '%s' is not HOST:PORT", cfg->listen);
		return -1;
	}
	snprintf(portstr, sizeof portstr, "%d", port);
	int gai = getaddrinfo(host, portstr, &hints, &ai);
	if (gai != 0) {
		*cause = xasprintf("--listen: %s: %s", host, gai_strerror(gai));
		return -1;
	}
	struct http_server *s = xcalloc(1, sizeof *s);
	s->cfg = *cfg;
	pthread_mutex_init(&s->log_lock, NULL);
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_TURBO;
	if (ai->ai_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	s->daemon = MHD_start_daemon(
	    flags, (uint16_t)port, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR, ai->ai_addr,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(cfg->threads > 0 ? cfg->threads : 1),
	    MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_URI_LOG_CALLBACK, on_uri, s,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, s, MHD_OPTION_END);
	freeaddrinfo(ai);
	if (s->daemon == NULL) {
		*cause = xasprintf("cannot listen on %s (is the port in use?)", cfg->listen);
		pthread_mutex_destroy(&s->log_lock);
		free(s);
		return -1;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	s->port = di ? di->port : port;
	*out = s;
	return 0;
}

int http_port(const struct http_server *s)
{
	return s->port;
}

void http_stop(struct http_server *s)
{
	if (s == NULL)
		return;
	MHD_stop_daemon(s->daemon);
	pthread_mutex_destroy(&s->log_lock);
	free(s);
}
