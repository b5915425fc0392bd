#include "http/dashboard_http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/fatal.h"
#include "fhir/query.h"
#include "http/websession.h"
#include "web/page.h"

#define DASHBOARD "/mymedicare/connected-apps"

/* A day as the pages show it (YYYY-MM-DD, UTC). */
static void day_text(int64_t ms, char out[16])
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 16, "%Y-%m-%d", &tm);
}

struct page_ctx {
	struct store *s;
	struct http_response *res;
	enum web_lang lang;
	const char *csrf;
	int n, failed;
};

/* One connected app: logo, name, what it may see, when, and Disconnect. */
static void app_card(void *arg, const struct store_grant *g)
{
	struct page_ctx *p = arg;
	struct store_app a;
	struct buf text = BUF_INIT;
	char *cause = NULL;
	int found = store_get_app(p->s, g->client_id, &a, &text, &cause);
	if (found < 0) {
		fprintf(stderr, "bluebutton serve: %s\n", cause);
		p->failed = 1;
	}
	free(cause);
	if (found <= 0) {
		buf_free(&text);
		return;
	}
	enum web_lang l = p->lang;
	web_page_put(p->res, "<section class=\"card\" aria-labelledby=\"app-{n}\">", (long)g->id);
	if (a.logo_uri && *a.logo_uri)
		web_page_put(p->res, "<img class=\"logo\" src=\"{}\" alt=\"\">", a.logo_uri);
	web_page_put(p->res, "<h2 id=\"app-{n}\">{}</h2><p>{}</p><ul>", (long)g->id, a.name,
	             web_text(l, T_DASH_CAN_SEE));
	bool shown[WEB_MSGS] = {false};
	for (const char *s = g->scope; *s;) {
		s += strspn(s, " ");
		size_t n = strcspn(s, " ");
		int m = web_scope_msg(s, n);
		if (m >= 0 && !shown[m]) {
			shown[m] = true;
			web_page_put(p->res, "<li>{}</li>", web_text(l, (enum web_msg)m));
		}
		s += n;
	}
	char created[16], expires[16], used[16];
	day_text(g->created, created);
	day_text(g->expires, expires);
	day_text(g->last_used, used);
	web_page_put(p->res, "</ul><p>{} {}.<br>", web_text(l, T_DASH_CONNECTED), created);
	if (g->expires)
		web_page_put(p->res, "{} {}.<br>", web_text(l, T_DASH_EXPIRES), expires);
	else
		web_page_put(p->res, "{}.<br>", web_text(l, T_DASH_NO_END));
	web_page_put(
	    p->res, "{}: {}.</p><form method=\"post\" action=\"" DASHBOARD "/{n}/disconnect\">",
	    web_text(l, T_DASH_LAST), g->last_used ? used : web_text(l, T_DASH_NEVER), (long)g->id);
	web_csrf_field(&p->res->body, p->csrf);
	web_page_put(p->res,
	             "<button type=\"submit\" class=\"danger\" aria-label=\"{} {}\">{}</button>"
	             "</form></section>",
	             web_text(l, T_DISCONNECT), a.name, web_text(l, T_DISCONNECT));
	p->n++;
	buf_free(&text);
}

/* The grant id of /mymedicare/connected-apps/<id>/disconnect, or 0. */
static int64_t grant_of_path(const char *path)
{
	static const char prefix[] = DASHBOARD "/";
	if (strncmp(path, prefix, sizeof prefix - 1) != 0)
		return 0;
	const char *p = path + sizeof prefix - 1;
	size_t n = strspn(p, "0123456789");
	if (n == 0 || n > 18 || strncmp(p + n, "/disconnect", 11) != 0)
		return 0;
	return strtoll(p, NULL, 10);
}

void dashboard_http_handle(const struct dashboard_http *d, struct store *s,
                           const struct http_request *req, struct http_response *res)
{
	struct buf base = BUF_INIT, stext = BUF_INIT, gtext = BUF_INIT, atext = BUF_INIT;
	http_public_base(req, d->base_url, d->trust_proxy, &base, res);
	bool secure = strncmp(buf_cstr(&base), "https://", 8) == 0;
	bool post = strcmp(req->method, "POST") == 0;
	char *text = post ? xasprintf("%.*s", (int)req->body_len, req->body)
	                  : xstrdup(req->query ? req->query : "");
	char *cause = NULL;
	struct query q = {0};
	const char *bad;
	query_parse(&q, text, &bad);
	enum web_lang lang = web_lang_of(req, query_get(&q, "lang"));
	struct store_session x;
	int in = s ? websession_get(s, req, "bb_session", &x, &stext, &cause) : -1;
	if (in < 0)
		goto unavailable;
	if (!in || !x.username || !*x.username) {
		res->status = 303;
		http_set_header(res, "Location", "/mymedicare/login?next=" DASHBOARD);
		goto out;
	}
	const char *csrf = query_get(&q, "csrf");
	if (post && !websession_same(csrf, x.csrf)) {
		web_page_message(res, 403, lang, web_text(lang, T_FORBIDDEN),
		                 web_text(lang, T_FORM_EXPIRED));
		goto out;
	}
	if (post && strcmp(req->path, "/mymedicare/logout") == 0) {
		if (websession_end(s, req, res, secure, "bb_session", &cause) < 0)
			goto unavailable;
		res->status = 303;
		http_set_header(res, "Location", "/mymedicare/login?next=" DASHBOARD);
		goto out;
	}
	int64_t id = post ? grant_of_path(req->path) : 0;
	if (post) {
		/* Disconnect: the beneficiary's own grant only; asked to confirm first. */
		struct store_grant g;
		struct store_app a;
		int found = id ? store_get_grant(s, id, &g, &gtext, &cause) : 0;
		if (found < 0)
			goto unavailable;
		if (!found || strcmp(g.username, x.username) != 0) {
			web_page_message(res, 404, lang, web_text(lang, T_NOT_FOUND),
			                 web_text(lang, T_NOT_FOUND_TEXT));
			goto out;
		}
		int has_app = store_get_app(s, g.client_id, &a, &atext, &cause);
		if (has_app < 0)
			goto unavailable;
		const char *name = has_app ? a.name : g.client_id;
		const char *confirm = query_get(&q, "confirm");
		if (!confirm || strcmp(confirm, "yes") != 0) {
			web_page_begin(res, 200, lang, web_text(lang, T_DISCONNECT_TITLE));
			web_page_put(res, "<p>");
			web_page_put(res, web_text(lang, T_DISCONNECT_TEXT), name);
			web_page_put(res,
			             "</p><form method=\"post\" action=\"" DASHBOARD
			             "/{n}/disconnect\">",
			             (long)id);
			web_csrf_field(&res->body, x.csrf);
			web_page_put(
			    res,
			    "<input type=\"hidden\" name=\"confirm\" value=\"yes\"><button "
			    "type=\"submit\" class=\"danger\">{}</button><a class=\"button "
			    "secondary\" href=\"" DASHBOARD "\">{}</a></form>",
			    web_text(lang, T_DISCONNECT_YES), web_text(lang, T_CANCEL));
			web_page_end(res, lang);
			goto out;
		}
		if (store_delete_grant(s, id, clock_wall_ms(), true, &cause) < 0)
			goto unavailable;
		char *to = xasprintf(DASHBOARD "?disconnected=%lld", (long long)id);
		res->status = 303;
		http_set_header(res, "Location", to);
		free(to);
		buf_puts(&res->log, ",\"oauth\":{\"event\":\"disconnected\",\"client_id\":");
		json_put_string(&res->log, g.client_id);
		buf_printf(&res->log, ",\"patient\":\"%lld\"}", (long long)g.patient);
		goto out;
	}
	web_page_begin(res, 200, lang, web_text(lang, T_DASH_TITLE));
	web_page_put(res, "<form method=\"post\" action=\"/mymedicare/logout\" class=\"note\"><p>");
	web_page_put(res, web_text(lang, T_LOGGED_IN_AS), x.username);
	web_page_put(res, " ");
	web_csrf_field(&res->body, x.csrf);
	web_page_put(res, "<button type=\"submit\" class=\"secondary\">{}</button></p></form>",
	             web_text(lang, T_LOGOUT));
	if (query_get(&q, "disconnected"))
		web_page_put(res, "<p class=\"note\" role=\"status\">{}</p>",
		             web_text(lang, T_DISCONNECTED));
	web_page_put(res, "<p>{}</p><div class=\"cards\">", web_text(lang, T_DASH_INTRO));
	struct page_ctx p = {s, res, lang, x.csrf, 0, 0};
	if (store_each_grant_of(s, x.username, app_card, &p, &cause) < 0 || p.failed)
		goto unavailable;
	web_page_put(res, "</div>");
	if (p.n == 0)
		web_page_put(res, "<p>{}</p>", web_text(lang, T_DASH_NONE));
	web_page_end(res, lang);
	goto out;
unavailable:
	web_page_unavailable(res, lang, cause);
out:
	free(text);
	free(cause);
	query_free(&q);
	buf_free(&base);
	buf_free(&stext);
	buf_free(&gtext);
	buf_free(&atext);
}
