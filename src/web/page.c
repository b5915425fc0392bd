#include "web/page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/fatal.h"
#include "http/websession.h"

/* No script, no inline style, images from here or over https (apps' logos), never framed.
 * (No form-action: a consent's form answers with a redirect to the app, which Chromium
 * checks against form-action too.) */
static const char page_csp[] =
    "default-src 'none'; style-src 'self'; img-src 'self' https:; frame-ancestors 'none'";

/* The one style sheet: readable type, large targets, visible focus, a layout that narrows to a
 * phone's width; colours with a contrast of 4.5:1 or more. */
static const char stylesheet[] =
    ":root{--ink:#1b1b1b;--link:#0b4778;--line:#71767a;--bg:#fff;--soft:#f0f0f0;"
    "--bad:#b50909}\n"
    "*{box-sizing:border-box}\n"
    "body{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;color:var(--ink);"
    "background:var(--bg);margin:0;line-height:1.5;font-size:1.0625rem}\n"
    "a{color:var(--link)}\na:focus,button:focus,input:focus,select:focus,textarea:focus"
    "{outline:3px solid #2491ff;outline-offset:2px}\n"
    ".skip{position:absolute;left:-999px;top:0;background:var(--bg);padding:.5rem}\n"
    ".skip:focus{left:.5rem}\n"
    "header{background:#112e51;color:#fff}\n"
    "header nav{max-width:60rem;margin:0 auto;padding:.75rem 1rem;display:flex;"
    "flex-wrap:wrap;align-items:center;gap:.5rem 1.5rem}\n"
    "header a{color:#fff}\nheader .brand{font-weight:700;font-size:1.2rem;"
    "text-decoration:none}\n"
    "header ul{list-style:none;display:flex;flex-wrap:wrap;gap:.5rem 1.25rem;margin:0;"
    "padding:0}\n"
    "main{max-width:60rem;margin:0 auto;padding:1rem 1rem 3rem}\n"
    "main.narrow{max-width:34rem}\n"
    "footer{border-top:1px solid var(--line);padding:1rem;text-align:center;font-size:.9rem}\n"
    /* Forms: the site's own (Swagger UI at /docs styles its own). */
    "label:not(.swagger-ui *){display:block;margin:.8rem 0 .2rem;font-weight:600}\n"
    "label.check{font-weight:400;display:flex;gap:.5rem;align-items:flex-start}\n"
    ":is(input[type=text],input[type=password],input[type=email],input[type=url],select,"
    "textarea):not(.swagger-ui *){width:100%;padding:.5rem;font-size:1rem;border:1px solid "
    "var(--line);"
    "border-radius:4px}\n"
    ":is(button,.button):not(.swagger-ui *){display:inline-block;padding:.6rem "
    "1.2rem;font-size:1rem;"
    "margin:1rem .5rem 0 0;border:2px solid var(--link);border-radius:4px;"
    "background:var(--link);color:#fff;cursor:pointer;text-decoration:none}\n"
    ":is(button,.button).secondary:not(.swagger-ui *){background:var(--bg);color:var(--link)}\n"
    "button.danger:not(.swagger-ui *){background:var(--bad);border-color:var(--bad)}\n"
    ".error{color:var(--bad)}\n.note{background:var(--soft);padding:.75rem 1rem;"
    "border-left:4px solid var(--link)}\n"
    "table{border-collapse:collapse;width:100%}\nth,td{text-align:left;padding:.4rem .5rem;"
    "border-bottom:1px solid var(--line);vertical-align:top}\n"
    ".cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:1rem}\n"
    ".card{border:1px solid var(--line);border-radius:6px;padding:1rem}\n"
    ".card h2{margin-top:0;font-size:1.2rem}\n"
    "code,.secret{font-family:ui-monospace,Menlo,Consolas,monospace;word-break:break-all}\n"
    "img.logo{max-width:4rem;max-height:4rem;float:right;margin-left:1rem}\n"
    /* Swagger UI's colours that fall short of a 4.5:1 contrast, darker (":root" to outrank
     * its own sheet, which comes later). */
    ":root .swagger-ui .info .title small,:root .swagger-ui .info .title small "
    "pre{background:#3d4451}\n"
    ":root .swagger-ui .info .url{color:#3b4151}\n"
    ":root .swagger-ui .info a,:root .swagger-ui .info a:visited{color:#0b4778}\n"
    ":root .swagger-ui .btn.authorize{color:#1b6b41;border-color:#1b6b41}\n"
    ":root .swagger-ui .btn.authorize svg{fill:#1b6b41}\n"
    ":root .swagger-ui .opblock.opblock-get .opblock-summary-method{background:#1a5a9e}\n"
    ":root .swagger-ui .opblock.opblock-post .opblock-summary-method{background:#1b6b41}\n"
    ":root .swagger-ui .opblock.opblock-delete .opblock-summary-method{background:#b02a2a}\n"
    ":root .swagger-ui .parameter__in,:root .swagger-ui .parameter__type{color:#4a4f59}\n"
    ":root .swagger-ui .btn.try-out__btn{color:#2e3540;border-color:#2e3540}\n"
    ":root .swagger-ui .btn.execute{background:#1a5a9e;border-color:#1a5a9e}\n"
    ":root .swagger-ui .download-contents{background:#2e3540}\n"
    ":root .swagger-ui .microlight,:root .swagger-ui .microlight span{color:#f0f0f0!important}\n";

void web_escape(struct buf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&':
			buf_puts(b, "&amp;");
			break;
		case '<':
			buf_puts(b, "&lt;");
			break;
		case '>':
			buf_puts(b, "&gt;");
			break;
		case '"':
			buf_puts(b, "&quot;");
			break;
		case '\'':
			buf_puts(b, "&#39;");
			break;
		default:
			buf_putc(b, *s);
		}
	}
}

void web_vput(struct buf *b, const char *tmpl, va_list ap)
{
	for (const char *p = tmpl; *p;) {
		const char *open = strchr(p, '{');
		if (open == NULL) {
			buf_puts(b, p);
			break;
		}
		buf_append(b, p, (size_t)(open - p));
		if (strncmp(open, "{}", 2) == 0) {
			web_escape(b, va_arg(ap, const char *));
			p = open + 2;
		} else if (strncmp(open, "{n}", 3) == 0) {
			buf_printf(b, "%ld", va_arg(ap, long));
			p = open + 3;
		} else if (strncmp(open, "{html}", 6) == 0) {
			const char *markup = va_arg(ap, const char *);
			buf_puts(b, markup ? markup : "");
			p = open + 6;
		} else {
			buf_putc(b, '{');
			p = open + 1;
		}
	}
}

void web_put(struct buf *b, const char *tmpl, ...)
{
	va_list ap;
	va_start(ap, tmpl);
	web_vput(b, tmpl, ap);
	va_end(ap);
}

void web_page_put(struct http_response *res, const char *tmpl, ...)
{
	va_list ap;
	va_start(ap, tmpl);
	web_vput(&res->body, tmpl, ap);
	va_end(ap);
}

void web_page_begin(struct http_response *res, int status, enum web_lang lang, const char *title)
{
	res->status = status;
	res->content_type = "text/html; charset=utf-8";
	http_set_header(res, "Content-Security-Policy", page_csp);
	http_set_header(res, "Cache-Control", "no-store");
	http_set_header(res, "Content-Language", web_lang_code(lang));
	buf_reset(&res->body);
	web_put(&res->body,
	        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\">"
	        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	        "<title>{} — {}</title><link rel=\"stylesheet\" href=\"" WEB_STYLESHEET "\">"
	        "</head><body><a class=\"skip\" href=\"#main\">{}</a>"
	        "<header><nav aria-label=\"{}\"><a class=\"brand\" href=\"/\">{}</a><ul>"
	        "<li><a href=\"/developer/\">{}</a></li><li><a href=\"/docs\">{}</a></li>"
	        "<li><a href=\"/mymedicare/connected-apps\">{}</a></li></ul></nav></header>"
	        "<main id=\"main\"><h1>{}</h1>",
	        web_lang_code(lang), title, web_text(lang, T_SITE_NAME), web_text(lang, T_SKIP),
	        web_text(lang, T_SITE_NAME), web_text(lang, T_SITE_NAME),
	        web_text(lang, T_NAV_DEVELOPERS), web_text(lang, T_NAV_DOCS),
	        web_text(lang, T_NAV_CONNECTED_APPS), title);
}

void web_page_end(struct http_response *res, enum web_lang lang)
{
	web_put(&res->body, "</main><footer><p>{}</p></footer></body></html>",
	        web_text(lang, T_FOOTER));
}

void web_page_message(struct http_response *res, int status, enum web_lang lang, const char *title,
                      const char *text)
{
	web_page_begin(res, status, lang, title);
	web_page_put(res, "<p>{}</p>", text);
	web_page_end(res, lang);
}

void web_page_unavailable(struct http_response *res, enum web_lang lang, const char *cause)
{
	fprintf(stderr, "bluebutton serve: %s\n", cause ? cause : "no database");
	web_page_message(res, 503, lang, web_text(lang, T_UNAVAILABLE),
	                 web_text(lang, T_UNAVAILABLE_TEXT));
}

void web_csrf_field(struct buf *b, const char *csrf)
{
	web_put(b, "<input type=\"hidden\" name=\"csrf\" value=\"{}\">", csrf);
}

/* The language a tag (en, en-US, es-419, …) names, or -1. */
static int lang_of_tag(const char *tag, size_t n)
{
	size_t primary = 0;
	while (primary < n && tag[primary] != '-' && tag[primary] != '_')
		primary++;
	if (primary == 2 && strncasecmp(tag, "es", 2) == 0)
		return WEB_ES;
	if (primary == 2 && strncasecmp(tag, "en", 2) == 0)
		return WEB_EN;
	return -1;
}

enum web_lang web_lang_pick(const char *param, const char *cookies, const char *accept)
{
	if (param && *param) {
		int l = lang_of_tag(param, strlen(param));
		if (l >= 0)
			return (enum web_lang)l;
	}
	/* A choice made earlier in the flow (the authorize request's lang). */
	char *chosen = websession_cookie_in(cookies, "bb_lang");
	int earlier = chosen ? lang_of_tag(chosen, strlen(chosen)) : -1;
	free(chosen);
	if (earlier >= 0)
		return (enum web_lang)earlier;
	/* The browser's: the first Spanish or English range it does not refuse (q=0). */
	for (const char *p = accept; p && *p;) {
		p += strspn(p, " ,");
		size_t n = strcspn(p, ",");
		size_t tag = strcspn(p, " ;,");
		const char *q = memmem(p, n, "q=0", 3);
		bool refused = q && strspn(q + 3, ".0") == (size_t)(p + n - q - 3);
		int l = lang_of_tag(p, tag);
		if (l >= 0 && !refused)
			return (enum web_lang)l;
		p += n;
	}
	return WEB_EN;
}

enum web_lang web_lang_of(const struct http_request *req, const char *lang_param)
{
	return web_lang_pick(lang_param, http_header(req, "Cookie"),
	                     http_header(req, "Accept-Language"));
}

bool web_static(const char *path, struct http_response *res)
{
	if (strcmp(path, WEB_STYLESHEET) != 0)
		return false;
	res->content_type = "text/css; charset=utf-8";
	http_set_header(res, "Cache-Control", "public, max-age=3600");
	buf_puts(&res->body, stylesheet);
	return true;
}
