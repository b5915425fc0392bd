/* store: everything the program keeps, behind one interface. Callers never see SQL.
 *
 * One `struct store` is one database connection, used by one thread at a time (a pool hands
 * each server thread its own). This implementation is SQLite in WAL mode; the SQL is kept to
 * what PostgreSQL also speaks, for the engine that comes later. Functions that can fail
 * return 0 on success and -1 with *cause set (the caller frees it). */
#ifndef BB_STORE_H
#define BB_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/buf.h"

struct store;

/* Opens (creating when missing) the database at path and brings its schema to the current
 * version. */
int store_open(const char *path, struct store **out, char **cause);
void store_close(struct store *s);
/* Checks that the database answers (a read of the schema version). */
int store_ping(struct store *s, char **cause);
int store_schema_version(struct store *s);

/* A server's writes. By default a commit that finds the write-ahead log long copies it into
 * the database file (and syncs both) before it returns; a server's connections defer that
 * (store_defer_checkpoints) to a thread of its own, so that no request waits for it and a
 * page that changed many times in between is copied once.
 *
 * store_shared is one connection that a server's threads share for writing, one thread at a
 * time: its cache stays warm (a connection's cache is dropped whenever another connection
 * writes), and writers queue on a mutex instead of sleeping on the database's lock. It comes
 * with the thread that checkpoints, every checkpoint_ms; freeing it makes a last checkpoint. */
int store_defer_checkpoints(struct store *s, char **cause);
struct store_shared;
struct store_shared *store_shared_new(const char *path, int checkpoint_ms);
void store_shared_free(struct store_shared *sh);
/* Waits for the connection (opening it on first use, with checkpoints deferred) and returns
 * it; NULL with *cause set when it cannot be opened. Give it back with store_shared_give. */
struct store *store_shared_take(struct store_shared *sh, char **cause);
void store_shared_give(struct store_shared *sh);

/* A write transaction: everything between begin and commit lands together or not at all. */
int store_begin(struct store *s, char **cause);
int store_commit(struct store *s, char **cause);
void store_rollback(struct store *s);
/* A read transaction: what is read between begin and end comes from one snapshot (and the
 * database's locks are taken once). begin returns 1 when it began one, 0 when a transaction
 * was open already, -1 on error; pass what it returned to end. */
int store_read_begin(struct store *s, char **cause);
void store_read_end(struct store *s, int begun);

/* Loading. Records are RIF values in the compact form of rif/record.h. Times are
 * milliseconds since 1970 (UTC). Each put replaces the record with the same key. */
struct store_claim {
	int type; /* enum rif_type */
	int64_t id, bene_id;
	int32_t date_from, date_thru; /* days since 1970 */
	int64_t updated;
	int lines;
	bool samhsa; /* carries a substance-use code (42 CFR Part 2) */
	const void *data;
	size_t len;
};

struct store_beneficiary {
	int64_t id;
	const char *mbi, *hicn; /* may be NULL */
	int64_t updated;
	const void *data;
	size_t len;
};

int store_beneficiary_exists(struct store *s, int64_t id, bool *exists, char **cause);
int store_put_beneficiary(struct store *s, const struct store_beneficiary *b, char **cause);
/* One month of a beneficiary's enrolment (year_month = yyyy * 100 + mm). */
int store_put_bene_month(struct store *s, int64_t bene_id, int year_month, int64_t updated,
                         const void *data, size_t len, char **cause);
/* Removes a beneficiary's months of one year (before an UPDATE writes that year anew). */
int store_delete_bene_year(struct store *s, int64_t bene_id, int year, char **cause);
/* History rows have no key: a row equal to one already stored is not stored again. */
int store_put_bene_history(struct store *s, int64_t bene_id, int64_t updated, const void *data,
                           size_t len, char **cause);
int store_put_mbi_history(struct store *s, int64_t id, int64_t bene_id, int64_t updated,
                          const void *data, size_t len, char **cause);
int store_put_claim(struct store *s, const struct store_claim *c, char **cause);

/* Reading. Returns 1 when found (the record in rec), 0 when not, -1 on error. */
int store_get_claim(struct store *s, int type, int64_t id, struct buf *rec,
                    struct store_claim *meta, char **cause);
int store_get_beneficiary(struct store *s, int64_t id, struct buf *rec,
                          struct store_beneficiary *meta, char **cause);
/* The stored months of a beneficiary, in order: calls fn for each. */
int store_each_bene_month(struct store *s, int64_t bene_id,
                          void (*fn)(void *arg, int year_month, const void *data, size_t len),
                          void *arg, char **cause);

/* A beneficiary's history rows (in stored order) and MBI-history rows (by id). */
int store_each_bene_history(struct store *s, int64_t bene_id,
                            void (*fn)(void *arg, const void *data, size_t len), void *arg,
                            char **cause);
int store_each_mbi_history(struct store *s, int64_t bene_id,
                           void (*fn)(void *arg, const void *data, size_t len), void *arg,
                           char **cause);

/* Every beneficiary's identifiers in clear (MBI, HICN; either may be NULL), then every history
 * row's record (id_fn gets mbi = hicn = NULL and the record): for look-ups by hashed
 * identifier. */
int store_each_identity(struct store *s,
                        void (*fn)(void *arg, int64_t bene_id, const char *mbi, const char *hicn,
                                   const void *history, size_t len),
                        void *arg, char **cause);

/* A beneficiary's claims (all types, or those of `types`, a bit set of 1 << enum rif_type):
 * their stored columns and records, in no particular order. */
struct store_claims {
	struct store_claim *v;
	int n;
	struct buf data; /* the records: v[i].data points into it (fixed after the call) */
};
int store_find_claims(struct store *s, int64_t bene_id, unsigned types, struct store_claims *out,
                      char **cause);
/* The same without the records (data NULL, len 0): read from an index alone. */
int store_list_claims(struct store *s, int64_t bene_id, unsigned types, struct store_claims *out,
                      char **cause);
void store_claims_free(struct store_claims *c);

/* The data's generation: a number each load raises (in its transaction), so that what was
 * rendered from older data is known to be old. 0 for a database never loaded. */
int store_generation(struct store *s, int64_t *out, char **cause);
int store_bump_generation(struct store *s, char **cause);

/* Access tokens, kept as the hex SHA-256 of the token (the token itself is never stored). */
struct store_token {
	const char *hash;   /* 64 hex digits */
	const char *app_id; /* NULL: issued by an operator */
	int64_t patient;
	const char *scope;                 /* space-separated */
	int64_t created, expires, revoked; /* ms since 1970; revoked 0 while valid */
	int64_t grant_id;                  /* the grant it came from; 0: none (operators') */
	const char *code_hash;             /* the code it was exchanged for (put only) */
	int64_t grant_epoch;               /* its grant's epoch when issued (see grants) */
};
int store_put_token(struct store *s, const struct store_token *t, char **cause);
/* 1 when found (app_id and scope then point into text; hash is NULL), 0 when not. */
int store_get_token(struct store *s, const char *hash, struct store_token *t, struct buf *text,
                    char **cause);
/* Marks the token revoked at `when`: 1 when it was valid, 0 when unknown or revoked. */
int store_revoke_token(struct store *s, const char *hash, int64_t when, char **cause);

/* Apps: OAuth clients. Strings are space-separated lists where plural. */
struct store_app {
	const char *client_id;
	const char *secret_hash; /* hex SHA-256 of the secret; NULL for a public client */
	const char *name;
	const char *redirect_uris;
	const char *data_access_type; /* ONE_TIME, THIRTEEN_MONTH or RESEARCH_STUDY */
	bool require_demographic;
	const char *scopes;
	bool public_client, active;
	int64_t created;
	int64_t owner; /* the developer account that registered it; 0 for `bluebutton app`'s */
	/* What the developer portal shows (NULL as ""). */
	const char *description, *logo_uri, *website_uri, *policy_uri, *tos_uri;
	int64_t agreed;          /* when its owner agreed to the Terms of Use; 0: not yet */
	const char *status;      /* sandbox (NULL too), requested, approved or rejected */
	const char *status_note; /* the operator's note on the last decision */
	bool token_management;   /* may use the connected-apps API (/v2/o/tokens/) */
};
/* Adds the app, or replaces the one with its client_id (created is kept from a). */
int store_put_app(struct store *s, const struct store_app *a, char **cause);
/* 1 when found (strings point into text), 0 when not. */
int store_get_app(struct store *s, const char *client_id, struct store_app *a, struct buf *text,
                  char **cause);
/* Every app, oldest first. */
int store_each_app(struct store *s, void (*fn)(void *arg, const struct store_app *a), void *arg,
                   char **cause);
/* 1 when deleted, 0 when there was none. */
int store_delete_app(struct store *s, const char *client_id, char **cause);
/* The apps an account registered, oldest first. */
int store_each_app_of(struct store *s, int64_t owner,
                      void (*fn)(void *arg, const struct store_app *a), void *arg, char **cause);

/* Developer and operator accounts. role: "developer" or "admin". */
struct store_account {
	int64_t id;
	const char *email, *password_hash, *role;
	int64_t verified; /* when the email was verified; 0: not yet */
	int64_t created;
};
/* Adds an account (id set); verify_hash: the SHA-256 of its verification link's token (NULL
 * when verified already). 0 when the email has an account already. */
int store_put_account(struct store *s, struct store_account *a, const char *verify_hash,
                      char **cause);
/* By id or by email (case-insensitive): 1 when found (strings point into text), 0 when not. */
int store_get_account(struct store *s, int64_t id, struct store_account *a, struct buf *text,
                      char **cause);
int store_find_account(struct store *s, const char *email, struct store_account *a,
                       struct buf *text, char **cause);
/* Marks the account whose verification token hashes to verify_hash verified (the token
 * then opens nothing): 1, or 0 when none has it. */
int store_verify_account(struct store *s, const char *verify_hash, int64_t now, char **cause);
int store_set_account_password(struct store *s, int64_t id, const char *password_hash,
                               char **cause);

/* Beneficiaries' accounts (the sandbox's BBUser00000 …). */
struct store_user {
	const char *username;
	const char *password_hash; /* argon2id, encoded */
	int64_t patient;
	const char *mbi, *name; /* may be NULL */
	int64_t created;
};
/* Adds a user; an existing username is an error naming it. */
int store_put_user(struct store *s, const struct store_user *u, char **cause);
/* 1 when found (strings point into text), 0 when not. */
int store_get_user(struct store *s, const char *username, struct store_user *u, struct buf *text,
                   char **cause);

/* OAuth grants: an app's access to a beneficiary's data, one per app and beneficiary. Every code
 * and token of a grant carries the grant's epoch when it was made, and is good only while
 * the grant still has that epoch: revoking a grant's tokens raises it. */
struct store_grant {
	int64_t id;
	const char *client_id, *username;
	int64_t patient;
	const char *scope;
	int64_t created, expires; /* expires 0: never */
	int64_t epoch;            /* read only: set by store_revoke_grant */
	int64_t last_used;        /* read only: when its data was last fetched (0: never) */
};
/* Adds the grant or, for an app and user that have one, replaces its scope and times; *id
 * is its id. */
int store_put_grant(struct store *s, const struct store_grant *g, int64_t *id, char **cause);
/* 1 when found (strings point into text), 0 when not. */
int store_get_grant(struct store *s, int64_t id, struct store_grant *g, struct buf *text,
                    char **cause);
/* Revokes every code and token of the grant made so far, by raising its epoch (to `when` at
 * least; the new epoch in *epoch unless NULL): 1, or 0 when there is no such grant. */
int store_revoke_grant(struct store *s, int64_t id, int64_t when, int64_t *epoch, char **cause);
/* Deletes the grant, archiving it first (with `when`); with revoke, its tokens are revoked
 * first, else they stay but open nothing (their grant is gone). 1 when it was there, 0 when
 * not. */
int store_delete_grant(struct store *s, int64_t id, int64_t when, bool revoke, char **cause);
/* The epoch a deleted grant had when it was archived (the latest time): 1, or 0 when no
 * grant with this id was archived. */
int store_archived_grant_epoch(struct store *s, int64_t id, int64_t *epoch, char **cause);
/* The grant of an app for a patient: 1 (*id set), 0 when there is none. */
int store_find_grant(struct store *s, const char *client_id, int64_t patient, int64_t *id,
                     char **cause);
/* Deletes (archives) every grant of an app, revoking their tokens at `when`: the number. */
int store_delete_app_grants(struct store *s, const char *client_id, int64_t when, char **cause);
/* How many beneficiaries an app holds grants for. */
int store_count_grants(struct store *s, const char *client_id, long *n, char **cause);
/* A beneficiary's grants (by username), oldest first. */
int store_each_grant_of(struct store *s, const char *username,
                        void (*fn)(void *arg, const struct store_grant *g), void *arg,
                        char **cause);
/* Notes that a grant's data was fetched at `when`. */
int store_grant_used(struct store *s, int64_t id, int64_t when, char **cause);
/* Counts n FHIR requests of an app on a day (days since 1970), and sums its requests from a
 * day on. */
int store_add_app_requests(struct store *s, const char *client_id, int64_t day, long n,
                           char **cause);
int store_app_requests_since(struct store *s, const char *client_id, int64_t day, long *n,
                             char **cause);

/* Authorization codes, kept as SHA-256 (hex); single use. */
struct store_code {
	const char *hash;
	int64_t grant_id;
	const char *redirect_uri, *challenge, *scope;
	int64_t expires, used; /* used 0: not yet */
	int64_t grant_epoch;
};
int store_put_code(struct store *s, const struct store_code *c, char **cause);
/* 1 when found (strings point into text; hash is not set), 0 when not. */
int store_get_code(struct store *s, const char *hash, struct store_code *c, struct buf *text,
                   char **cause);
/* Marks the code used at `when`: 1 when it was unused (this use counts), 0 when not. */
int store_use_code(struct store *s, const char *hash, int64_t when, char **cause);

/* Refresh tokens, kept as SHA-256 (hex); single use (each refresh makes a new one). */
struct store_refresh {
	const char *hash;
	int64_t grant_id;
	const char *code_hash; /* the code the chain began with */
	const char *scope;
	int64_t created, used, revoked; /* 0: not yet */
	int64_t grant_epoch;
};
int store_put_refresh(struct store *s, const struct store_refresh *r, char **cause);
int store_get_refresh(struct store *s, const char *hash, struct store_refresh *r, struct buf *text,
                      char **cause);
/* Marks it used: 1 when it was neither used nor revoked (this use counts), 0 otherwise. */
int store_use_refresh(struct store *s, const char *hash, int64_t when, char **cause);
/* Revokes it: 1 when it was not revoked, 0 otherwise. */
int store_revoke_refresh(struct store *s, const char *hash, int64_t when, char **cause);

/* Beneficiaries' browser sessions: the cookie's SHA-256 (hex), its user and CSRF token. */
struct store_session {
	const char *id_hash, *username, *csrf; /* username "" for an account's session */
	int64_t created, expires;
	int64_t account; /* a developer or operator account's session: its id; else 0 */
};
/* Adds a session (and deletes those that ended by x->created). */
int store_put_session(struct store *s, const struct store_session *x, char **cause);
/* 1 when found (strings point into text; id_hash is not set), 0 when not. */
int store_get_session(struct store *s, const char *id_hash, struct store_session *x,
                      struct buf *text, char **cause);
int store_delete_session(struct store *s, const char *id_hash, char **cause);

/* Authorization requests waiting for the beneficiary's consent, by a random id. */
struct store_auth_request {
	const char *id, *client_id, *redirect_uri, *scope, *state, *challenge;
	int64_t created, expires;
};
/* Adds a request (and deletes those that ended by r->created). */
int store_put_auth_request(struct store *s, const struct store_auth_request *r, char **cause);
/* 1 when found (strings point into text; id is not set), 0 when not. */
int store_get_auth_request(struct store *s, const char *id, struct store_auth_request *r,
                           struct buf *text, char **cause);
int store_delete_auth_request(struct store *s, const char *id, char **cause);

struct store_counts {
	long claims[16]; /* by enum rif_type */
	long lines[16];
	long beneficiaries, bene_months, bene_history, mbi_history;
};
int store_count(struct store *s, struct store_counts *c, char **cause);

/* Writes every stored row of every table, in key order, as text: two databases with equal
 * contents give equal dumps (the data generation, which every load raises, is left out). */
int store_dump(struct store *s, FILE *out, char **cause);

#endif
