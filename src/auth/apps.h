/* apps: OAuth clients — registering them (client id, secret shown once and kept as its
 * SHA-256), checking what they register (redirect URIs, scopes, data access type), and
 * checking a presented secret. `bluebutton app` and the developer portal share it. */
#ifndef BB_AUTH_APPS_H
#define BB_AUTH_APPS_H

#include <stdbool.h>

#include "core/buf.h"
#include "store/store.h"

#define APPS_CLIENT_ID_LEN 40
#define APPS_SECRET_LEN    43
/* Every scope an app may hold; new apps get them all unless told otherwise. */
#define APPS_ALL_SCOPES                                                                            \
	"openid profile launch/patient patient/Patient.read patient/Patient.rs "                   \
	"patient/Patient.r patient/Patient.s patient/Coverage.read patient/Coverage.rs "           \
	"patient/Coverage.r patient/Coverage.s patient/ExplanationOfBenefit.read "                 \
	"patient/ExplanationOfBenefit.rs patient/ExplanationOfBenefit.r "                          \
	"patient/ExplanationOfBenefit.s"

/* Whether uri may be registered: an absolute URI with a scheme, no fragment, no blanks;
 * http only for loopback hosts (127.0.0.1, [::1], localhost). Else *why (static text). */
bool apps_redirect_uri_ok(const char *uri, const char **why);
/* Whether t is ONE_TIME, THIRTEEN_MONTH or RESEARCH_STUDY. */
bool apps_data_access_type_ok(const char *t);

/* Registers a (its client_id and secret_hash are made here and a->created set to now_ms).
 * Writes the client id into client_id and, unless the app is public, the secret (shown this
 * once) into secret; secret is "" for a public app. */
int apps_create(struct store *s, struct store_app *a, int64_t now_ms,
                char client_id[APPS_CLIENT_ID_LEN + 1], char secret[APPS_SECRET_LEN + 1],
                char **cause);
/* Gives a (not public) a new secret, shown this once: the old one stops at once. */
int apps_new_secret(struct store *s, struct store_app *a, char secret[APPS_SECRET_LEN + 1],
                    char **cause);
/* Whether secret is the app's (compared in constant time; false for a public app). */
bool apps_secret_ok(const struct store_app *a, const char *secret);
/* The app as JSON (the secret is never part of it; with secret != NULL, that is added as
 * "client_secret"). */
void apps_json(struct buf *b, const struct store_app *a, const char *secret);

#endif
