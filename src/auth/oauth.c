#include "auth/oauth.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/fatal.h"

int64_t oauth_grant_expiry(const char *data_access_type, int64_t now_ms)
{
	if (strcmp(data_access_type, "RESEARCH_STUDY") == 0)
		return 0;
	if (strcmp(data_access_type, "ONE_TIME") == 0)
		return now_ms + (int64_t)OAUTH_ACCESS_TTL_S * 1000;
	/* THIRTEEN_MONTH: the same day and time 13 calendar months on. */
	time_t t = (time_t)(now_ms / 1000);
	struct tm tm;
	gmtime_r(&t, &tm);
	tm.tm_mon += 13;
	return (int64_t)timegm(&tm) * 1000 + now_ms % 1000;
}

bool oauth_pkce_ok(const char *verifier, const char *challenge)
{
	size_t n = strlen(verifier);
	if (n < OAUTH_VERIFIER_MIN || n > OAUTH_VERIFIER_MAX)
		return false;
	for (const char *p = verifier; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		      (*p >= '0' && *p <= '9') || strchr("-._~", *p)))
			return false;
	unsigned char md[SHA256_DIGEST_LENGTH], b64[48];
	SHA256((const unsigned char *)verifier, n, md);
	EVP_EncodeBlock(b64, md, sizeof md); /* 43 characters and one '=' */
	for (int i = 0; i < 43; i++)
		b64[i] = b64[i] == '+' ? '-' : b64[i] == '/' ? '_' : b64[i];
	size_t cl = strlen(challenge);
	while (cl && challenge[cl - 1] == '=')
		cl--;
	return cl == 43 && CRYPTO_memcmp(b64, challenge, 43) == 0;
}

static void refuse(struct oauth_error *err, int status, const char *error, const char *text)
{
	err->status = status;
	err->error = error;
	snprintf(err->description, sizeof err->description, "%s", text);
}

/* Whether every scope of want is one of have's. */
static bool subset(const char *want, const char *have)
{
	for (const char *p = want; *p;) {
		p += strspn(p, " ");
		size_t n = strcspn(p, " ");
		bool found = n == 0;
		for (const char *q = have; *q && !found;) {
			q += strspn(q, " ");
			size_t m = strcspn(q, " ");
			found = m == n && strncmp(p, q, n) == 0;
			q += m;
		}
		if (!found)
			return false;
		p += n;
	}
	return true;
}

/* Blue Button's words for an inactive app. */
static void inactive_words(const char *name, char *out, size_t n)
{
	snprintf(out, n,
	         "This application, %s, is temporarily inactive. If you are the app maintainer, "
	         "please contact the Blue Button API team. If you are a Medicare Beneficiary and "
	         "need assistance, please contact the support team for the application you are "
	         "trying to access.",
	         name);
}

bool oauth_app_inactive(const struct store_app *app, struct oauth_error *err)
{
	if (app->active)
		return false;
	err->status = 403;
	err->error = "invalid_client";
	inactive_words(app->name, err->description, sizeof err->description);
	return true;
}

int oauth_token_usable(struct store *s, const struct store_token *t, int64_t now, int *status,
                       char words[512], char **cause)
{
	struct buf text = BUF_INIT;
	int rc = -1;
	if (t->app_id) {
		struct store_app app;
		int found = store_get_app(s, t->app_id, &app, &text, cause);
		if (found < 0)
			goto out;
		if (found && !app.active) {
			*status = 401;
			inactive_words(app.name, words, 512);
			rc = 0;
			goto out;
		}
	}
	if (t->grant_id) {
		struct store_grant g;
		int found = store_get_grant(s, t->grant_id, &g, &text, cause);
		if (found < 0)
			goto out;
		int64_t archived = 0;
		if (!found) {
			/* Deleted: with its tokens revoked (401), or left to open nothing (403). */
			found = store_archived_grant_epoch(s, t->grant_id, &archived, cause);
			if (found < 0)
				goto out;
			bool revoked = found && archived != t->grant_epoch;
			*status = revoked ? 401 : 403;
			snprintf(words, 512, "%s",
			         revoked ? OAUTH_TOKEN_REVOKED
			                 : "You do not have permission to perform this action.");
			rc = 0;
			goto out;
		}
		if (t->grant_epoch != g.epoch) { /* revoked with its grant's tokens */
			*status = 401;
			snprintf(words, 512, "%s", OAUTH_TOKEN_REVOKED);
			rc = 0;
			goto out;
		}
		if (g.expires && now >= g.expires) {
			*status = 401;
			snprintf(words, 512, "%s", OAUTH_ACCESS_EXPIRED);
			rc = 0;
			goto out;
		}
	}
	rc = 1;
out:
	buf_free(&text);
	return rc;
}

/* Issues the access and refresh tokens of a grant (inside the caller's transaction). */
static int issue_pair(struct store *s, const struct store_grant *g, const char *scope,
                      const char *code_hash, int64_t now, struct oauth_tokens *out, char **cause)
{
	char hash[65];
	struct auth_issue_for w = {g->client_id, g->patient, scope, g->id, code_hash, g->epoch};
	if (auth_issue(s, &w, now, OAUTH_ACCESS_TTL_S, out->access_token, cause) < 0)
		return -1;
	auth_token_new(out->refresh_token);
	auth_sha256_hex(out->refresh_token, AUTH_TOKEN_LEN, hash);
	struct store_refresh r = {hash, g->id, code_hash, scope, now, 0, 0, g->epoch};
	if (store_put_refresh(s, &r, cause) < 0)
		return -1;
	out->expires_in = OAUTH_ACCESS_TTL_S;
	buf_reset(&out->scope);
	buf_puts(&out->scope, scope);
	out->patient = g->patient;
	out->grant_expires = g->expires;
	return 0;
}

int oauth_consent(struct store *s, const struct store_app *app, const struct store_user *user,
                  const char *scope, const char *redirect_uri, const char *challenge, int64_t now,
                  char code[AUTH_TOKEN_LEN + 1], char **cause)
{
	char hash[65];
	int64_t id = 0;
	struct store_grant g = {0,
	                        app->client_id,
	                        user->username,
	                        user->patient,
	                        scope,
	                        now,
	                        oauth_grant_expiry(app->data_access_type, now),
	                        0,
	                        0};
	if (store_begin(s, cause) < 0)
		return -1;
	int64_t epoch = 0;
	if (store_put_grant(s, &g, &id, cause) < 0 || store_revoke_grant(s, id, now, &epoch, cause) < 0)
		goto fail;
	auth_token_new(code);
	auth_sha256_hex(code, AUTH_TOKEN_LEN, hash);
	struct store_code c = {hash,  id, redirect_uri, challenge, scope, now + OAUTH_CODE_TTL_MS,
	                       0, epoch};
	if (store_put_code(s, &c, cause) < 0 || store_commit(s, cause) < 0)
		goto fail;
	return 0;
fail:
	store_rollback(s);
	return -1;
}

int oauth_exchange_code(struct store *s, const struct store_app *app, const char *code,
                        const char *redirect_uri, const char *verifier, int64_t now,
                        struct oauth_tokens *out, struct oauth_error *err, char **cause)
{
	char hash[65];
	struct store_code c;
	struct store_grant g;
	struct buf ctext = BUF_INIT, gtext = BUF_INIT;
	int rc = -1;
	if (oauth_app_inactive(app, err))
		return 1;
	auth_sha256_hex(code, strlen(code), hash);
	if (store_begin(s, cause) < 0)
		return -1;
	int found = store_get_code(s, hash, &c, &ctext, cause);
	if (found < 0)
		goto fail;
	int grant = found ? store_get_grant(s, c.grant_id, &g, &gtext, cause) : 0;
	if (grant < 0)
		goto fail;
	if (!found || !grant || strcmp(g.client_id, app->client_id) != 0 ||
	    (c.grant_epoch != g.epoch && !c.used)) {
		/* (A code of an epoch since revoked was replaced by a later consent.) */
		refuse(err, 400, "invalid_grant", "The authorization code is not valid.");
		rc = 1;
		goto fail; /* nothing to keep */
	}
	/* One attempt per code: it is used up whatever follows. */
	int first = store_use_code(s, hash, now, cause);
	if (first < 0)
		goto fail;
	if (!first) {
		/* A code presented again: what it gave is revoked (RFC 6749 4.1.2): the grant's
		 * tokens, unless a later consent has replaced them already. */
		if ((c.grant_epoch == g.epoch && store_revoke_grant(s, g.id, now, NULL, cause) < 0) ||
		    store_commit(s, cause) < 0)
			goto fail;
		refuse(err, 400, "invalid_grant", "The authorization code was used already.");
		rc = 1;
		goto out;
	}
	const char *why = now >= c.expires ? "The authorization code has expired."
	                  : strcmp(redirect_uri ? redirect_uri : "", c.redirect_uri) != 0
	                      ? "The redirect_uri does not match the one of the authorization."
	                  : !oauth_pkce_ok(verifier ? verifier : "", c.challenge)
	                      ? "The code_verifier does not match the code_challenge."
	                      : NULL;
	if (why) {
		if (store_commit(s, cause) < 0) /* the code stays used */
			goto fail;
		refuse(err, 400, "invalid_grant", why);
		rc = 1;
		goto out;
	}
	if (issue_pair(s, &g, c.scope, hash, now, out, cause) < 0 || store_commit(s, cause) < 0)
		goto fail;
	rc = 0;
	goto out;
fail:
	store_rollback(s);
out:
	buf_free(&ctext);
	buf_free(&gtext);
	return rc;
}

int oauth_refresh(struct store *s, const struct store_app *app, const char *refresh,
                  const char *scope, int64_t now, struct oauth_tokens *out, struct oauth_error *err,
                  char **cause)
{
	char hash[65];
	struct store_refresh r;
	struct store_grant g;
	struct buf rtext = BUF_INIT, gtext = BUF_INIT;
	int rc = -1;
	if (oauth_app_inactive(app, err))
		return 1;
	if (strcmp(app->data_access_type, "ONE_TIME") == 0) {
		refuse(err, 403, "invalid_client", OAUTH_ONE_TIME_REFRESH);
		return 1;
	}
	auth_sha256_hex(refresh, strlen(refresh), hash);
	if (store_begin(s, cause) < 0)
		return -1;
	int found = store_get_refresh(s, hash, &r, &rtext, cause);
	if (found < 0)
		goto fail;
	int grant = found ? store_get_grant(s, r.grant_id, &g, &gtext, cause) : 0;
	if (grant < 0)
		goto fail;
	rc = 1;
	if (!found) {
		refuse(err, 400, "invalid_grant", "The refresh token is not valid.");
		goto fail;
	}
	if (!grant) {
		refuse(err, 403, "invalid_grant", OAUTH_ACCESS_NOT_FOUND);
		goto fail;
	}
	if (strcmp(g.client_id, app->client_id) != 0 || r.grant_epoch != g.epoch) {
		refuse(err, 400, "invalid_grant", "The refresh token is not valid.");
		goto fail;
	}
	if (g.expires && now >= g.expires) {
		refuse(err, 401, "invalid_grant", OAUTH_ACCESS_EXPIRED);
		goto fail;
	}
	if (scope && !subset(scope, r.scope)) {
		refuse(err, 400, "invalid_scope", "The requested scope exceeds the one granted.");
		goto fail;
	}
	rc = -1;
	int first = store_use_refresh(s, hash, now, cause);
	if (first < 0)
		goto fail;
	if (!first) {
		/* Used before (or revoked): a stolen token is suspected and the grant's tokens end.
		 */
		if (r.used && store_revoke_grant(s, g.id, now, NULL, cause) < 0)
			goto fail;
		if (store_commit(s, cause) < 0)
			goto fail;
		refuse(err, 400, "invalid_grant", "The refresh token is not valid.");
		rc = 1;
		goto out;
	}
	if (issue_pair(s, &g, scope ? scope : r.scope, r.code_hash, now, out, cause) < 0 ||
	    store_commit(s, cause) < 0)
		goto fail;
	rc = 0;
	goto out;
fail:
	store_rollback(s);
out:
	buf_free(&rtext);
	buf_free(&gtext);
	return rc;
}
