#include "http/docs_http.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/fatal.h"
#include "web/page.h"

/* Swagger UI runs script from here only; it sets inline styles. */
static const char console_csp[] = "default-src 'none'; script-src 'self'; style-src 'self' "
                                  "'unsafe-inline'; img-src 'self' data: https:; "
                                  "connect-src 'self'; frame-ancestors 'none'";

/* The files /docs/<name> serves: where each is under the web directory, and its type. */
static const struct {
	const char *name, *file, *type;
} assets[] = {
    {"openapi.yaml", "openapi.yaml", "application/yaml; charset=utf-8"},
    {"console.js", "console.js", "text/javascript; charset=utf-8"},
    {"swagger-ui.css", "node_modules/swagger-ui-dist/swagger-ui.css", "text/css; charset=utf-8"},
    {"swagger-ui-bundle.js", "node_modules/swagger-ui-dist/swagger-ui-bundle.js",
     "text/javascript; charset=utf-8"},
    {"oauth2-redirect.html", "node_modules/swagger-ui-dist/oauth2-redirect.html",
     "text/html; charset=utf-8"},
    {"oauth2-redirect.js", "node_modules/swagger-ui-dist/oauth2-redirect.js",
     "text/javascript; charset=utf-8"},
};

int docs_http_register_app(struct store *s, const char *base_url, char **cause)
{
	char *uris = xasprintf("http://localhost/docs/oauth2-redirect.html "
	                       "http://127.0.0.1/docs/oauth2-redirect.html%s%s%s",
	                       base_url ? " " : "", base_url ? base_url : "",
	                       base_url ? "/docs/oauth2-redirect.html" : "");
	struct store_app a = {
	    .client_id = DOCS_CLIENT_ID,
	    .name = "Blue Button API console",
	    .redirect_uris = uris,
	    .data_access_type = "ONE_TIME",
	    .require_demographic = true,
	    .scopes = "openid profile launch/patient patient/Patient.read patient/Coverage.read "
	              "patient/ExplanationOfBenefit.read patient/Patient.rs patient/Coverage.rs "
	              "patient/ExplanationOfBenefit.rs",
	    .public_client = true,
	    .active = true,
	    .created = clock_wall_ms(),
	};
	int rc = store_put_app(s, &a, cause);
	free(uris);
	return rc;
}

/* Reads a file of the web directory into the answer; false (and a 404 or 503) when it
 * cannot. */
static bool send_file(const struct docs_http *d, const char *file, const char *type,
                      struct http_response *res)
{
	char *path = xasprintf("%s/%s", d->web_dir, file);
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		int e = errno;
		fprintf(stderr, "bluebutton serve: %s: %s%s\n", path, strerror(e),
		        strstr(file, "node_modules") ? " (scripts/deps installs Swagger UI)" : "");
		http_detail(res, e == ENOENT ? 404 : 503,
		            e == ENOENT ? "Not found." : "The file cannot be read.");
		free(path);
		return false;
	}
	char chunk[65536];
	size_t n;
	buf_reset(&res->body);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&res->body, chunk, n);
	fclose(f);
	free(path);
	res->status = 200;
	res->content_type = type;
	http_set_header(res, "Cache-Control", "public, max-age=300");
	return true;
}

static void console_page(struct http_response *res)
{
	web_page_begin(res, 200, WEB_EN, "Blue Button 2.0 API documentation");
	http_set_header(res, "Content-Security-Policy", console_csp);
	web_page_put(
	    res,
	    "<p>Every endpoint of the FHIR and OAuth APIs. Choose <strong>Authorize</strong>, "
	    "log in as a synthetic beneficiary (BBUser00000 with PW00000!) and allow the "
	    "console; then <strong>Try it out</strong> on any FHIR operation. The "
	    "document itself: <a href=\"/docs/openapi.yaml\">openapi.yaml</a>.</p>"
	    "<link rel=\"stylesheet\" href=\"/docs/swagger-ui.css\">"
	    "<div id=\"swagger-ui\" data-client-id=\"{}\"></div>"
	    "<script src=\"/docs/swagger-ui-bundle.js\"></script>"
	    "<script src=\"/docs/console.js\"></script>",
	    DOCS_CLIENT_ID);
	web_page_end(res, WEB_EN);
}

void docs_http_handle(const struct docs_http *d, const struct http_request *req,
                      struct http_response *res)
{
	size_t n = strlen(req->path);
	if (n == 5 || (n == 6 && req->path[5] == '/')) { /* /docs */
		console_page(res);
		return;
	}
	const char *name = req->path + 6; /* after "/docs/" */
	size_t len = strcspn(name, "/");
	for (size_t i = 0; i < sizeof assets / sizeof assets[0]; i++)
		if (strlen(assets[i].name) == len && strncmp(name, assets[i].name, len) == 0) {
			if (send_file(d, assets[i].file, assets[i].type, res) &&
			    strcmp(assets[i].name, "oauth2-redirect.html") == 0)
				http_set_header(res, "Content-Security-Policy", console_csp);
			return;
		}
	http_detail(res, 404, "Not found.");
}
