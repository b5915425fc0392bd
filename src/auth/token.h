/* token: access tokens and their scopes. A token is 32 random bytes in base64url (43
 * characters); only its SHA-256 is stored. Scopes are Blue Button's:
 * openid profile launch/patient patient/{Patient,Coverage,ExplanationOfBenefit}.{read,r,s,rs}. */
#ifndef BB_AUTH_TOKEN_H
#define BB_AUTH_TOKEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

#define AUTH_TOKEN_LEN 43
/* What `bluebutton token` grants when no scope is given. */
#define AUTH_DEFAULT_SCOPE                                                                         \
	"profile patient/Patient.read patient/Coverage.read patient/ExplanationOfBenefit.read"

/* A fresh random token (AUTH_TOKEN_LEN characters and a NUL). */
void auth_token_new(char out[AUTH_TOKEN_LEN + 1]);
/* The hex SHA-256 of s (64 characters and a NUL). */
void auth_sha256_hex(const char *s, size_t n, char out[65]);
/* Whether every space-separated scope of `scope` is one we know; else *bad (malloc'd) names
 * the first that is not. An empty scope is valid. */
bool auth_scope_valid(const char *scope, char **bad);
/* Whether `scope` lets its holder read (op 'r') or search (op 's') resources of `type`
 * ("Patient", "Coverage", "ExplanationOfBenefit"). */
bool auth_scope_allows(const char *scope, const char *type, char op);
/* Who a token is for: the app (NULL for operators), the patient and scope, and the grant
 * (with its epoch) and code it comes from (0 / NULL for operators' tokens). */
struct auth_issue_for {
	const char *app_id;
	int64_t patient;
	const char *scope;
	int64_t grant_id;
	const char *code_hash;
	int64_t grant_epoch;
};
/* Issues an access token valid for ttl seconds from now_ms. Writes it into out. */
int auth_issue(struct store *s, const struct auth_issue_for *w, int64_t now_ms, long ttl,
               char out[AUTH_TOKEN_LEN + 1], char **cause);

enum auth_status { AUTH_OK, AUTH_UNKNOWN, AUTH_EXPIRED, AUTH_REVOKED };
/* Looks the token up; t's strings point into text. -1 on a store error. */
int auth_check(struct store *s, const char *token, int64_t now_ms, struct store_token *t,
               struct buf *text, enum auth_status *status, char **cause);

#endif
