#include "http/portal_http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/apps.h"
#include "auth/password.h"
#include "auth/token.h"
#include "core/clock.h"
#include "core/fatal.h"
#include "core/json.h"
#include "fhir/query.h"
#include "http/routes.h"
#include "http/websession.h"
#include "web/page.h"

#define COOKIE         "bb_account"
#define SESSION_TTL_MS (8LL * 3600 * 1000)
#define DEV            "/developer"

/* One request to the portal. */
struct ctx {
	const struct portal_http *p;
	struct store *s;
	const struct http_request *req;
	struct http_response *res;
	struct buf base;   /* the public base URL */
	bool secure, post; /* https; a POST */
	char *text;        /* the form (POST body) or query, parsed into q */
	struct query q;
	struct store_session x;
	struct store_account me; /* when logged in */
	bool logged_in;
	struct buf xtext, mtext;
	char *cause;
};

static const char *field(struct ctx *c, const char *name)
{
	const char *v = query_get(&c->q, name);
	return v ? v : "";
}

static void redirect(struct ctx *c, const char *to)
{
	c->res->status = 303;
	http_set_header(c->res, "Location", to);
	buf_reset(&c->res->body);
}

static void page(struct ctx *c, int status, const char *title)
{
	web_page_begin(c->res, status, WEB_EN, title);
}

static void end(struct ctx *c)
{
	web_page_end(c->res, WEB_EN);
}

static void unavailable(struct ctx *c)
{
	web_page_unavailable(c->res, WEB_EN, c->cause);
}

/* A posted form must carry the session's CSRF token (or, before a session, the cookie's). */
static bool form_ok(struct ctx *c)
{
	bool ok = c->logged_in ? websession_same(field(c, "csrf"), c->x.csrf)
	                       : websession_form_ok(c->req, field(c, "csrf"));
	if (!ok)
		web_page_message(c->res, 403, WEB_EN, "Forbidden",
		                 "The form has expired. Please go back and try again.");
	return ok;
}

static void csrf(struct ctx *c)
{
	if (c->logged_in) {
		web_csrf_field(&c->res->body, c->x.csrf);
		return;
	}
	char token[AUTH_TOKEN_LEN + 1];
	websession_form_token(c->res, c->secure, token);
	web_csrf_field(&c->res->body, token);
}

/* Who is logged in: the account of the session, when verified. */
static int who(struct ctx *c)
{
	int found = websession_get(c->s, c->req, COOKIE, &c->x, &c->xtext, &c->cause);
	if (found <= 0 || c->x.account == 0)
		return found < 0 ? -1 : 0;
	found = store_get_account(c->s, c->x.account, &c->me, &c->mtext, &c->cause);
	c->logged_in = found > 0 && c->me.verified;
	return found < 0 ? -1 : 0;
}

/* Sends a visitor who is not logged in to the log-in page (then back here). */
static bool need_login(struct ctx *c)
{
	if (c->logged_in)
		return true;
	struct buf to = BUF_INIT;
	buf_puts(&to, DEV "/login?next=");
	query_encode(&to, c->req->path);
	redirect(c, buf_cstr(&to));
	buf_free(&to);
	return false;
}

/* The signed-in bar: who, and the log-out and password links. */
static void account_bar(struct ctx *c)
{
	web_page_put(c->res,
	             "<form method=\"post\" action=\"" DEV "/logout\" class=\"note\"><p>Logged "
	             "in as <strong>{}</strong> · <a href=\"" DEV "/\">Your apps</a> · <a "
	             "href=\"" DEV "/password\">Change password</a>{html} ",
	             c->me.email,
	             strcmp(c->me.role, "admin") == 0 ? " · <a href=\"/admin\">Operators</a>" : "");
	web_csrf_field(&c->res->body, c->x.csrf);
	web_page_put(c->res,
	             "<button type=\"submit\" class=\"secondary\">Log out</button></p></form>");
}

static bool email_ok(const char *e)
{
	const char *at = strchr(e, '@');
	size_t n = strlen(e);
	return n >= 3 && n <= 254 && at && at != e && at[1] && strchr(at + 1, '.') &&
	       strchr(at + 1, '@') == NULL && strcspn(e, " \t\r\n<>\"'") == n;
}

static const char *password_problem(const char *pw, const char *again)
{
	if (strlen(pw) < 8)
		return "The password needs 8 characters or more.";
	if (strlen(pw) > PASSWORD_MAX_LEN)
		return "The password is too long.";
	if (strcmp(pw, again) != 0)
		return "The two passwords differ.";
	return NULL;
}

static void error_line(struct ctx *c, const char *error)
{
	if (error)
		web_page_put(c->res, "<p class=\"error\" role=\"alert\">{}</p>", error);
}

/* GET|POST /developer/signup */
static void signup(struct ctx *c, const char *error)
{
	if (c->post && !error) {
		if (!form_ok(c))
			return;
		const char *email = field(c, "email"), *pw = field(c, "password");
		const char *bad = !email_ok(email) ? "That is not an email address."
		                                   : password_problem(pw, field(c, "password2"));
		if (bad) {
			c->post = false;
			signup(c, bad);
			return;
		}
		char hash[PASSWORD_ENCODED_MAX], token[AUTH_TOKEN_LEN + 1], token_hash[65];
		if (password_hash(pw, &PASSWORD_COST_DEFAULT, hash, sizeof hash, &c->cause) < 0) {
			unavailable(c);
			return;
		}
		auth_token_new(token);
		auth_sha256_hex(token, strlen(token), token_hash);
		struct store_account a = {0, email, hash, "developer", 0, clock_wall_ms()};
		int made = store_put_account(c->s, &a, token_hash, &c->cause);
		if (made < 0) {
			unavailable(c);
			return;
		}
		if (made == 0) {
			c->post = false;
			signup(c, "An account with that email exists already: log in.");
			return;
		}
		/* The sandbox's mail: the verification link goes to the log. */
		buf_puts(&c->res->log, ",\"email\":{\"to\":");
		json_put_string(&c->res->log, email);
		buf_puts(&c->res->log, ",\"subject\":\"Verify your email\",\"link\":");
		char *link = xasprintf("%s" DEV "/verify?token=%s", buf_cstr(&c->base), token);
		json_put_string(&c->res->log, link);
		free(link);
		buf_putc(&c->res->log, '}');
		page(c, 201, "Check your email");
		web_page_put(
		    c->res,
		    "<p>We sent a link to <strong>{}</strong>: open it to verify your email, "
		    "then log in.</p><p class=\"note\">In this sandbox no mail is sent: the "
		    "link is in the server's log (its line has \"email\").</p>",
		    email);
		end(c);
		return;
	}
	page(c, error ? 400 : 200, "Create a developer account");
	error_line(c, error);
	web_page_put(c->res, "<form method=\"post\" action=\"" DEV "/signup\">");
	csrf(c);
	web_page_put(c->res,
	             "<label for=\"email\">Email</label><input type=\"email\" id=\"email\" "
	             "name=\"email\" autocomplete=\"email\" required value=\"{}\">"
	             "<label for=\"password\">Password (8 characters or more)</label><input "
	             "type=\"password\" id=\"password\" name=\"password\" "
	             "autocomplete=\"new-password\" minlength=\"8\" required>"
	             "<label for=\"password2\">The password again</label><input type=\"password\" "
	             "id=\"password2\" name=\"password2\" autocomplete=\"new-password\" "
	             "minlength=\"8\" required><button type=\"submit\">Create the account</button>"
	             "</form><p>Have an account? <a href=\"" DEV "/login\">Log in</a>.</p>",
	             field(c, "email"));
	end(c);
}

/* GET /developer/verify?token=: a button that confirms (a GET changes nothing); POST: the
 * account is verified. */
static void verify(struct ctx *c)
{
	const char *token = field(c, "token");
	if (!c->post) {
		page(c, 200, "Verify your email");
		web_page_put(c->res,
		             "<form method=\"post\" action=\"" DEV "/verify\">"
		             "<input type=\"hidden\" name=\"token\" value=\"{}\">",
		             token);
		csrf(c);
		web_page_put(c->res, "<p>Confirm that this is your email address.</p><button "
		                     "type=\"submit\">Verify my email</button></form>");
		end(c);
		return;
	}
	if (!form_ok(c))
		return;
	char hash[65];
	auth_sha256_hex(token, strlen(token), hash);
	int done = *token ? store_verify_account(c->s, hash, clock_wall_ms(), &c->cause) : 0;
	if (done < 0) {
		unavailable(c);
		return;
	}
	page(c, done ? 200 : 404, done ? "Email verified" : "Link not valid");
	web_page_put(c->res, done ? "<p>Your email is verified. <a href=\"" DEV
	                            "/login\">Log in</a>.</p>"
	                          : "<p>This link is not valid, or was used already.</p>");
	end(c);
}

/* A relative path to go to after log-in, else the app list. */
static const char *next_of(const char *next)
{
	return websession_next(next, "", DEV "/");
}

/* GET|POST /developer/login */
static void login(struct ctx *c, const char *error)
{
	if (c->post && !error) {
		if (!form_ok(c))
			return;
		const char *email = field(c, "email"), *pw = field(c, "password");
		int64_t now = clock_wall_ms();
		uint64_t key = ratelimit_key(email, true); /* emails are one in any case */
		if (c->p->login &&
		    ratelimit_used(c->p->login, key, now) >= ratelimit_limit(c->p->login)) {
			web_page_message(
			    c->res, 429, WEB_EN, "Too many attempts",
			    "Too many failed log-ins. Please wait a while and try again.");
			http_set_header(c->res, "Retry-After", "900");
			return;
		}
		struct store_account a;
		struct buf atext = BUF_INIT;
		int found = store_find_account(c->s, email, &a, &atext, &c->cause);
		if (found < 0) {
			buf_free(&atext);
			unavailable(c);
			return;
		}
		const char *bad = NULL;
		if (!password_verify_account(found ? a.password_hash : NULL, pw)) {
			long left;
			if (c->p->login)
				ratelimit_take(c->p->login, key, now, &left, &left);
			bad = "The email or password is not correct.";
		} else if (!a.verified)
			bad =
			    "Verify your email first: open the link we sent (in this sandbox, the "
			    "link is in the server's log).";
		char csrf_token[AUTH_TOKEN_LEN + 1];
		if (!bad && websession_start(c->s, c->res, c->secure, COOKIE, NULL, a.id,
		                             SESSION_TTL_MS, csrf_token, &c->cause) < 0) {
			buf_free(&atext);
			unavailable(c);
			return;
		}
		buf_free(&atext);
		if (bad) {
			c->post = false;
			login(c, bad);
			return;
		}
		redirect(c, next_of(field(c, "next")));
		return;
	}
	page(c, error ? 401 : 200, "Log in to the developer portal");
	error_line(c, error);
	web_page_put(c->res,
	             "<form method=\"post\" action=\"" DEV "/login\"><input type=\"hidden\" "
	             "name=\"next\" value=\"{}\">",
	             next_of(field(c, "next")));
	csrf(c);
	web_page_put(c->res,
	             "<label for=\"email\">Email</label><input type=\"email\" id=\"email\" "
	             "name=\"email\" autocomplete=\"email\" required value=\"{}\">"
	             "<label for=\"password\">Password</label><input type=\"password\" "
	             "id=\"password\" name=\"password\" autocomplete=\"current-password\" required>"
	             "<button type=\"submit\">Log in</button></form><p>New here? <a href=\"" DEV
	             "/signup\">Create a developer account</a>.</p>",
	             field(c, "email"));
	end(c);
}

/* POST /developer/logout */
static void logout(struct ctx *c)
{
	if (!form_ok(c))
		return;
	if (websession_end(c->s, c->req, c->res, c->secure, COOKIE, &c->cause) < 0) {
		unavailable(c);
		return;
	}
	redirect(c, DEV "/login");
}

/* GET|POST /developer/password */
static void change_password(struct ctx *c)
{
	if (!need_login(c))
		return;
	const char *error = NULL;
	if (c->post) {
		if (!form_ok(c))
			return;
		const char *pw = field(c, "password");
		if (!password_verify(c->me.password_hash, field(c, "current")))
			error = "The current password is not correct.";
		else
			error = password_problem(pw, field(c, "password2"));
		if (!error) {
			char hash[PASSWORD_ENCODED_MAX];
			if (password_hash(pw, &PASSWORD_COST_DEFAULT, hash, sizeof hash,
			                  &c->cause) < 0 ||
			    store_set_account_password(c->s, c->me.id, hash, &c->cause) < 0) {
				unavailable(c);
				return;
			}
			redirect(c, DEV "/?done=password");
			return;
		}
	}
	page(c, error ? 400 : 200, "Change your password");
	account_bar(c);
	error_line(c, error);
	web_page_put(c->res, "<form method=\"post\" action=\"" DEV "/password\">");
	csrf(c);
	web_page_put(c->res,
	             "<label for=\"current\">Current password</label><input type=\"password\" "
	             "id=\"current\" name=\"current\" autocomplete=\"current-password\" required>"
	             "<label for=\"password\">New password (8 characters or more)</label><input "
	             "type=\"password\" id=\"password\" name=\"password\" "
	             "autocomplete=\"new-password\" minlength=\"8\" required>"
	             "<label for=\"password2\">The new password again</label><input "
	             "type=\"password\" id=\"password2\" name=\"password2\" "
	             "autocomplete=\"new-password\" minlength=\"8\" required>"
	             "<button type=\"submit\">Change the password</button></form>");
	end(c);
}

/* An app's status in words. */
static const char *status_words(const char *status)
{
	if (strcmp(status, "requested") == 0)
		return "Production access requested";
	if (strcmp(status, "approved") == 0)
		return "Approved for production";
	if (strcmp(status, "rejected") == 0)
		return "Production access not approved";
	return "Sandbox";
}

struct app_list {
	struct ctx *c;
	int n;
};

static int64_t today(void)
{
	return clock_wall_ms() / 86400000;
}

static void app_row(void *arg, const struct store_app *a)
{
	struct app_list *l = arg;
	struct ctx *c = l->c;
	long connected = 0, requests = 0;
	if (store_count_grants(c->s, a->client_id, &connected, &c->cause) < 0 ||
	    store_app_requests_since(c->s, a->client_id, today() - 6, &requests, &c->cause) < 0)
		connected = requests = -1;
	web_page_put(c->res,
	             "<tr><td><a href=\"" DEV "/apps/{}\">{}</a></td><td><code>{}</code></td>"
	             "<td>{}</td><td>{n}</td><td>{n}</td></tr>",
	             a->client_id, a->name, a->client_id, status_words(a->status), connected,
	             requests);
	l->n++;
}

/* GET /developer/ : the account's apps. */
static void app_list(struct ctx *c)
{
	if (!need_login(c))
		return;
	page(c, 200, "Your apps");
	account_bar(c);
	const char *done = field(c, "done");
	if (strcmp(done, "deleted") == 0)
		web_page_put(c->res, "<p class=\"note\" role=\"status\">The app is deleted; every "
		                     "grant it held has ended.</p>");
	else if (strcmp(done, "password") == 0)
		web_page_put(c->res,
		             "<p class=\"note\" role=\"status\">Your password is changed.</p>");
	web_page_put(c->res,
	             "<p><a class=\"button\" href=\"" DEV "/apps/new\">Register a new app</a></p>"
	             "<table><caption>Apps you registered</caption><thead><tr><th scope=\"col\">"
	             "Name</th><th scope=\"col\">Client id</th><th scope=\"col\">Status</th><th "
	             "scope=\"col\">Beneficiaries connected</th><th scope=\"col\">Requests, last 7 "
	             "days</th></tr></thead><tbody>");
	struct app_list l = {c, 0};
	if (store_each_app_of(c->s, c->me.id, app_row, &l, &c->cause) < 0) {
		unavailable(c);
		return;
	}
	if (l.n == 0)
		web_page_put(c->res, "<tr><td colspan=\"5\">No apps yet.</td></tr>");
	web_page_put(c->res, "</tbody></table>");
	end(c);
}

/* The app form's fields, checked into a (strings point into c's form or uris). */
static const char *read_app_form(struct ctx *c, struct store_app *a, struct buf *uris)
{
	const char *why;
	a->name = field(c, "name");
	if (*a->name == '\0' || strlen(a->name) > 100)
		return "The name is needed (100 characters at most).";
	a->description = field(c, "description");
	if (strlen(a->description) > 1000)
		return "The description is too long (1,000 characters at most).";
	buf_reset(uris);
	const char *list = field(c, "redirect_uris");
	for (const char *p = list; *p;) {
		p += strspn(p, " \t\r\n");
		size_t n = strcspn(p, " \t\r\n");
		if (n == 0)
			break;
		char *one = xasprintf("%.*s", (int)n, p);
		bool ok = apps_redirect_uri_ok(one, &why);
		free(one);
		if (!ok)
			return "A redirect URI is not valid: https, a custom scheme, or http on a "
			       "loopback address, without a fragment.";
		if (uris->len)
			buf_putc(uris, ' ');
		buf_append(uris, p, n);
		p += n;
	}
	if (uris->len == 0)
		return "At least one redirect URI is needed.";
	a->redirect_uris = buf_cstr(uris);
	const char *links[4] = {field(c, "logo_uri"), field(c, "website_uri"),
	                        field(c, "policy_uri"), field(c, "tos_uri")};
	for (int i = 0; i < 4; i++)
		if (*links[i] &&
		    ((strncmp(links[i], "https://", 8) != 0 &&
		      strncmp(links[i], "http://", 7) != 0) ||
		     strlen(links[i]) > 500 || strcspn(links[i], " \"<>") != strlen(links[i])))
			return "Links (logo, website, privacy policy, terms) are http(s) URLs.";
	a->logo_uri = links[0];
	a->website_uri = links[1];
	a->policy_uri = links[2];
	a->tos_uri = links[3];
	a->data_access_type = field(c, "data_access_type");
	if (!apps_data_access_type_ok(a->data_access_type))
		return "Choose a data access type.";
	a->require_demographic = strcmp(field(c, "require_demographic"), "yes") == 0;
	return NULL;
}

static void option(struct ctx *c, const char *value, const char *words, const char *chosen)
{
	web_page_put(c->res, "<option value=\"{}\"{html}>{}</option>", value,
	             strcmp(value, chosen) == 0 ? " selected" : "", words);
}

/* The app form: a's values, else the posted ones; a new app's asks for the agreement to the
 * Terms of Use. */
static void app_form(struct ctx *c, const struct store_app *a, const char *action, bool is_new)
{
	struct buf uris = BUF_INIT;
	if (a)
		for (const char *p = a->redirect_uris; *p; p++)
			buf_putc(&uris, *p == ' ' ? '\n' : *p);
	web_page_put(c->res, "<form method=\"post\" action=\"{}\">", action);
	csrf(c);
	web_page_put(
	    c->res,
	    "<label for=\"name\">Name (shown to beneficiaries)</label><input type=\"text\" "
	    "id=\"name\" name=\"name\" maxlength=\"100\" required value=\"{}\">"
	    "<label for=\"description\">Description</label><textarea id=\"description\" "
	    "name=\"description\" rows=\"3\" maxlength=\"1000\">{}</textarea>"
	    "<label for=\"redirect_uris\">Redirect URIs (one per line)</label><textarea "
	    "id=\"redirect_uris\" name=\"redirect_uris\" rows=\"3\" required>{}</textarea>"
	    "<label for=\"logo_uri\">Logo URL</label><input type=\"url\" id=\"logo_uri\" "
	    "name=\"logo_uri\" value=\"{}\">"
	    "<label for=\"website_uri\">Website</label><input type=\"url\" id=\"website_uri\" "
	    "name=\"website_uri\" value=\"{}\">"
	    "<label for=\"policy_uri\">Privacy policy URL</label><input type=\"url\" "
	    "id=\"policy_uri\" name=\"policy_uri\" value=\"{}\">"
	    "<label for=\"tos_uri\">Terms of service URL</label><input type=\"url\" id=\"tos_uri\" "
	    "name=\"tos_uri\" value=\"{}\">"
	    "<label for=\"data_access_type\">Data access</label><select id=\"data_access_type\" "
	    "name=\"data_access_type\">",
	    a ? a->name : field(c, "name"), a ? a->description : field(c, "description"),
	    a ? buf_cstr(&uris) : field(c, "redirect_uris"), a ? a->logo_uri : field(c, "logo_uri"),
	    a ? a->website_uri : field(c, "website_uri"),
	    a ? a->policy_uri : field(c, "policy_uri"), a ? a->tos_uri : field(c, "tos_uri"));
	const char *chosen = a ? a->data_access_type : field(c, "data_access_type");
	option(c, "THIRTEEN_MONTH", "13 months from each consent",
	       *chosen ? chosen : "THIRTEEN_MONTH");
	option(c, "ONE_TIME", "One time (no refresh)", chosen);
	option(c, "RESEARCH_STUDY", "Research study (no expiry)", chosen);
	bool demo = a ? a->require_demographic
	              : !c->post || strcmp(field(c, "require_demographic"), "yes") == 0;
	web_page_put(c->res,
	             "</select><label class=\"check\"><input type=\"checkbox\" "
	             "name=\"require_demographic\" value=\"yes\"{html}> The app asks for "
	             "personal information (name, date of birth, address)</label>",
	             demo ? " checked" : "");
	if (is_new)
		web_page_put(c->res,
		             "<label class=\"check\"><input type=\"checkbox\" name=\"agree\" "
		             "value=\"yes\" required> I agree to the Blue Button 2.0 API "
		             "Terms of Use</label>");
	web_page_put(c->res, "<button type=\"submit\">{}</button></form>",
	             is_new ? "Register the app" : "Save the changes");
	buf_free(&uris);
}

/* The secret, shown this once. */
static void show_secret(struct ctx *c, const struct store_app *a, const char *secret,
                        const char *title)
{
	page(c, 201, title);
	account_bar(c);
	web_page_put(
	    c->res,
	    "<dl><dt>Client id</dt><dd><code id=\"client-id\">{}</code></dd>"
	    "<dt>Client secret</dt><dd><code id=\"client-secret\" class=\"secret\">{}"
	    "</code></dd></dl><p class=\"note\" role=\"status\">Copy the secret now: it is "
	    "shown this once. Only a hash of it is kept; if you lose it, make a new one "
	    "(the old one then stops working).</p><p><a href=\"" DEV "/apps/{}\">Back to "
	    "{}</a></p>",
	    a->client_id, secret, a->client_id, a->name);
	end(c);
}

/* GET|POST /developer/apps/new */
static void app_new(struct ctx *c)
{
	if (!need_login(c))
		return;
	const char *error = NULL;
	if (c->post) {
		if (!form_ok(c))
			return;
		struct store_app a = {.scopes = APPS_ALL_SCOPES, .active = true, .owner = c->me.id};
		struct buf uris = BUF_INIT;
		error = read_app_form(c, &a, &uris);
		if (!error && strcmp(field(c, "agree"), "yes") != 0)
			error = "Registering an app needs your agreement to the Terms of Use.";
		if (!error) {
			a.agreed = clock_wall_ms();
			a.status = "sandbox";
			char client_id[APPS_CLIENT_ID_LEN + 1], secret[APPS_SECRET_LEN + 1];
			if (apps_create(c->s, &a, clock_wall_ms(), client_id, secret, &c->cause) <
			    0) {
				buf_free(&uris);
				unavailable(c);
				return;
			}
			show_secret(c, &a, secret, "Your app is registered");
			buf_free(&uris);
			return;
		}
		buf_free(&uris);
	}
	page(c, error ? 400 : 200, "Register an app");
	account_bar(c);
	error_line(c, error);
	app_form(c, NULL, DEV "/apps/new", true);
	end(c);
}

/* The account's app of path /developer/apps/<id>[/...]: 1 found, 0 answered (404). */
static int my_app(struct ctx *c, const char *id, struct store_app *a, struct buf *text)
{
	int found = store_get_app(c->s, id, a, text, &c->cause);
	if (found < 0) {
		unavailable(c);
		return 0;
	}
	if (!found || a->owner != c->me.id) {
		web_page_message(c->res, 404, WEB_EN, "Not found", "You have no app with this id.");
		return 0;
	}
	return 1;
}

/* GET|POST /developer/apps/<id>: the app, its figures, and its form. */
static void app_page(struct ctx *c, const char *id)
{
	if (!need_login(c))
		return;
	struct store_app a;
	struct buf text = BUF_INIT, uris = BUF_INIT;
	if (!my_app(c, id, &a, &text))
		goto out;
	const char *error = NULL, *done = field(c, "done");
	if (c->post) {
		if (!form_ok(c))
			goto out;
		struct store_app edit = a;
		error = read_app_form(c, &edit, &uris);
		if (!error) {
			if (store_put_app(c->s, &edit, &c->cause) < 0) {
				unavailable(c);
				goto out;
			}
			char *to = xasprintf(DEV "/apps/%s?done=saved", a.client_id);
			redirect(c, to);
			free(to);
			goto out;
		}
	}
	long connected = 0, requests = 0;
	if (store_count_grants(c->s, a.client_id, &connected, &c->cause) < 0 ||
	    store_app_requests_since(c->s, a.client_id, today() - 6, &requests, &c->cause) < 0) {
		unavailable(c);
		goto out;
	}
	page(c, error ? 400 : 200, a.name);
	account_bar(c);
	if (strcmp(done, "saved") == 0)
		web_page_put(c->res, "<p class=\"note\" role=\"status\">Saved.</p>");
	else if (strcmp(done, "requested") == 0)
		web_page_put(c->res, "<p class=\"note\" role=\"status\">Production access is "
		                     "requested: an operator will review the app.</p>");
	error_line(c, error);
	if (*a.logo_uri)
		web_page_put(c->res, "<img class=\"logo\" src=\"{}\" alt=\"\">", a.logo_uri);
	web_page_put(c->res,
	             "<dl><dt>Client id</dt><dd><code id=\"client-id\">{}</code></dd>"
	             "<dt>Status</dt><dd id=\"status\">{}{html}{}</dd>"
	             "<dt>Beneficiaries connected</dt><dd id=\"connected\">{n}</dd>"
	             "<dt>Requests in the last 7 days</dt><dd id=\"requests\">{n}</dd></dl>",
	             a.client_id, status_words(a.status), *a.status_note ? " — " : "",
	             a.status_note, connected, requests);
	/* The actions: a new secret, production access, deletion. */
	if (!a.public_client) {
		web_page_put(c->res, "<form method=\"post\" action=\"" DEV "/apps/{}/secret\">",
		             a.client_id);
		csrf(c);
		web_page_put(c->res,
		             "<button type=\"submit\" class=\"secondary\">Make a new client "
		             "secret (the old one stops at once)</button></form>");
	}
	if (strcmp(a.status, "sandbox") == 0 || strcmp(a.status, "rejected") == 0) {
		web_page_put(c->res, "<form method=\"post\" action=\"" DEV "/apps/{}/production\">",
		             a.client_id);
		csrf(c);
		web_page_put(c->res,
		             "<button type=\"submit\">Request production access</button></form>");
	}
	web_page_put(c->res, "<h2>Settings</h2>");
	char *action = xasprintf(DEV "/apps/%s", a.client_id);
	app_form(c, error ? NULL : &a, action, false);
	free(action);
	web_page_put(c->res,
	             "<h2>Delete the app</h2><form method=\"post\" action=\"" DEV
	             "/apps/{}/delete\">",
	             a.client_id);
	csrf(c);
	web_page_put(
	    c->res,
	    "<label class=\"check\"><input type=\"checkbox\" name=\"confirm\" value=\"yes\" "
	    "required> Delete {} and end every beneficiary's access to it</label><button "
	    "type=\"submit\" class=\"danger\">Delete the app</button></form>",
	    a.name);
	end(c);
out:
	buf_free(&text);
	buf_free(&uris);
}

/* POST /developer/apps/<id>/<action>: secret, production, delete. */
static void app_action(struct ctx *c, const char *id, const char *action)
{
	if (!need_login(c))
		return;
	struct store_app a;
	struct buf text = BUF_INIT;
	if (!my_app(c, id, &a, &text) || !form_ok(c))
		goto out;
	if (strcmp(action, "secret") == 0 && !a.public_client) {
		char secret[APPS_SECRET_LEN + 1];
		if (apps_new_secret(c->s, &a, secret, &c->cause) < 0) {
			unavailable(c);
			goto out;
		}
		show_secret(c, &a, secret, "A new client secret");
	} else if (strcmp(action, "production") == 0) {
		a.status = "requested";
		a.status_note = "";
		if (store_put_app(c->s, &a, &c->cause) < 0) {
			unavailable(c);
			goto out;
		}
		char *to = xasprintf(DEV "/apps/%s?done=requested", a.client_id);
		redirect(c, to);
		free(to);
	} else if (strcmp(action, "delete") == 0) {
		if (strcmp(field(c, "confirm"), "yes") != 0) {
			web_page_message(c->res, 400, WEB_EN, "Not deleted",
			                 "Tick the box to confirm the deletion.");
			goto out;
		}
		if (store_begin(c->s, &c->cause) < 0 ||
		    store_delete_app_grants(c->s, a.client_id, clock_wall_ms(), &c->cause) < 0 ||
		    store_delete_app(c->s, a.client_id, &c->cause) < 0 ||
		    store_commit(c->s, &c->cause) < 0) {
			store_rollback(c->s);
			unavailable(c);
			goto out;
		}
		redirect(c, DEV "/?done=deleted");
	} else
		web_page_message(c->res, 404, WEB_EN, "Not found", "There is no such action.");
out:
	buf_free(&text);
}

/* /admin: the apps waiting for production access, to approve or reject (operators only). */
struct review {
	struct ctx *c;
	int n;
};

static void review_row(void *arg, const struct store_app *a)
{
	struct review *r = arg;
	struct ctx *c = r->c;
	if (strcmp(a->status, "requested") != 0)
		return;
	r->n++;
	web_page_put(c->res,
	             "<section class=\"card\"><h2>{}</h2><p>{}</p><p>Client id <code>{}</code> · "
	             "website {} · agreed to the Terms of Use: {}</p><form method=\"post\" "
	             "action=\"/admin/apps/{}/decide\">",
	             a->name, a->description, a->client_id,
	             *a->website_uri ? a->website_uri : "none", a->agreed ? "yes" : "no",
	             a->client_id);
	web_csrf_field(&c->res->body, c->x.csrf);
	web_page_put(c->res,
	             "<label for=\"note-{}\">Note to the developer</label><input type=\"text\" "
	             "id=\"note-{}\" name=\"note\" maxlength=\"500\"><button type=\"submit\" "
	             "name=\"decision\" value=\"approve\">Approve</button><button type=\"submit\" "
	             "name=\"decision\" value=\"reject\" class=\"danger\">Reject</button></form>"
	             "</section>",
	             a->client_id, a->client_id);
}

static bool operator_only(struct ctx *c)
{
	if (!need_login(c))
		return false;
	if (strcmp(c->me.role, "admin") != 0) {
		web_page_message(c->res, 403, WEB_EN, "Forbidden", "This page is for operators.");
		return false;
	}
	return true;
}

static void admin(struct ctx *c)
{
	if (!operator_only(c))
		return;
	page(c, 200, "Production access requests");
	account_bar(c);
	if (*field(c, "done"))
		web_page_put(c->res, "<p class=\"note\" role=\"status\">Recorded: {}.</p>",
		             field(c, "done"));
	struct review r = {c, 0};
	web_page_put(c->res, "<div class=\"cards\">");
	if (store_each_app(c->s, review_row, &r, &c->cause) < 0) {
		unavailable(c);
		return;
	}
	web_page_put(c->res, "</div>");
	if (r.n == 0)
		web_page_put(c->res, "<p>No app is waiting.</p>");
	end(c);
}

/* POST /admin/apps/<id>/decide */
static void decide(struct ctx *c, const char *id)
{
	if (!operator_only(c) || !form_ok(c))
		return;
	struct store_app a;
	struct buf text = BUF_INIT;
	int found = store_get_app(c->s, id, &a, &text, &c->cause);
	const char *decision = field(c, "decision");
	bool approve = strcmp(decision, "approve") == 0;
	if (found < 0)
		unavailable(c);
	else if (!found)
		web_page_message(c->res, 404, WEB_EN, "Not found", "There is no app with this id.");
	else if (!approve && strcmp(decision, "reject") != 0)
		web_page_message(c->res, 400, WEB_EN, "Bad request", "Approve or reject.");
	else {
		a.status = approve ? "approved" : "rejected";
		a.status_note = field(c, "note");
		if (store_put_app(c->s, &a, &c->cause) < 0)
			unavailable(c);
		else {
			redirect(c, approve ? "/admin?done=approved" : "/admin?done=rejected");
			buf_puts(&c->res->log, ",\"admin\":{\"decision\":");
			json_put_string(&c->res->log, a.status);
			buf_puts(&c->res->log, ",\"client_id\":");
			json_put_string(&c->res->log, a.client_id);
			buf_putc(&c->res->log, '}');
		}
	}
	buf_free(&text);
}

/* The segment after prefix in path, into out (""), and what follows it. */
static const char *segment(const char *path, const char *prefix, char *out, size_t size)
{
	size_t n = strlen(prefix);
	if (strncmp(path, prefix, n) != 0)
		return NULL;
	const char *p = path + n;
	size_t len = strcspn(p, "/");
	if (len == 0 || len >= size)
		return NULL;
	memcpy(out, p, len);
	out[len] = '\0';
	return p + len;
}

void portal_http_handle(const struct portal_http *p, struct store *s,
                        const struct http_request *req, struct http_response *res)
{
	struct ctx c = {.p = p, .s = s, .req = req, .res = res};
	c.post = strcmp(req->method, "POST") == 0;
	http_public_base(req, p->base_url, p->trust_proxy, &c.base, res);
	c.secure = strncmp(buf_cstr(&c.base), "https://", 8) == 0;
	c.text = c.post ? xasprintf("%.*s", (int)req->body_len, req->body)
	                : xstrdup(req->query ? req->query : "");
	const char *bad;
	char id[96];
	const char *rest;
	if (s == NULL) {
		unavailable(&c);
		goto out;
	}
	if (query_parse(&c.q, c.text, &bad) < 0) {
		web_page_message(res, 400, WEB_EN, "Bad request",
		                 "The form's fields are not valid.");
		goto out;
	}
	if (who(&c) < 0) {
		unavailable(&c);
		goto out;
	}
	char trimmed[256];
	snprintf(trimmed, sizeof trimmed, "%.*s", (int)http_route_path_len(req->path), req->path);
	if (strcmp(trimmed, DEV) == 0)
		app_list(&c);
	else if (strcmp(trimmed, DEV "/signup") == 0)
		signup(&c, NULL);
	else if (strcmp(trimmed, DEV "/verify") == 0)
		verify(&c);
	else if (strcmp(trimmed, DEV "/login") == 0)
		login(&c, NULL);
	else if (strcmp(trimmed, DEV "/logout") == 0)
		logout(&c);
	else if (strcmp(trimmed, DEV "/password") == 0)
		change_password(&c);
	else if (strcmp(trimmed, DEV "/apps/new") == 0)
		app_new(&c);
	else if (strcmp(trimmed, "/admin") == 0)
		admin(&c);
	else if ((rest = segment(trimmed, "/admin/apps/", id, sizeof id)) &&
	         strcmp(rest, "/decide") == 0)
		decide(&c, id);
	else if ((rest = segment(trimmed, DEV "/apps/", id, sizeof id)) && *rest == '\0')
		app_page(&c, id);
	else if (rest && rest[0] == '/')
		app_action(&c, id, rest + 1);
	else
		web_page_message(res, 404, WEB_EN, "Not found",
		                 "There is no page at this address.");
out:
	free(c.text);
	free(c.cause);
	query_free(&c.q);
	buf_free(&c.base);
	buf_free(&c.xtext);
	buf_free(&c.mtext);
}
