/* The SQLite implementation of store.h: one connection per struct store, WAL mode, prepared
 * statements kept for the connection's life. */
#include "store/store.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/clock.h"
#include "core/fatal.h"

#define BUSY_TIMEOUT_US (10 * 1000 * 1000)
/* The checkpoints' thread: what it leaves for the copy with writers held (in the common case),
 * and the log's length (frames of a page) at which it makes that copy. */
#define CATCH_UP_FRAMES    256
#define LOG_RESTART_FRAMES 16384

/* Each entry brings the schema from version i to i + 1, inside one transaction. */
static const char *const migrations[] = {
    /* 1: RIF records. Records are compact binary (rif/record.h); the columns beside them
     * are what look-ups and searches need. Times are ms since 1970. */
    "CREATE TABLE beneficiaries ("
    " bene_id INTEGER PRIMARY KEY, mbi TEXT, hicn TEXT,"
    " last_updated BIGINT NOT NULL, record BLOB NOT NULL);"
    "CREATE INDEX beneficiaries_mbi ON beneficiaries (mbi);"
    "CREATE TABLE beneficiary_monthly ("
    " bene_id BIGINT NOT NULL, year_month INTEGER NOT NULL,"
    " last_updated BIGINT NOT NULL, record BLOB NOT NULL,"
    " PRIMARY KEY (bene_id, year_month)) WITHOUT ROWID;"
    "CREATE TABLE beneficiary_history ("
    " bene_id BIGINT NOT NULL, record BLOB NOT NULL, last_updated BIGINT NOT NULL,"
    " PRIMARY KEY (bene_id, record)) WITHOUT ROWID;"
    "CREATE TABLE mbi_history ("
    " bene_mbi_id INTEGER PRIMARY KEY, bene_id BIGINT NOT NULL,"
    " last_updated BIGINT NOT NULL, record BLOB NOT NULL);"
    /* A rowid table: records of a kilobyte or more would overflow WITHOUT ROWID pages. */
    "CREATE TABLE claims ("
    " claim_type SMALLINT NOT NULL, claim_id BIGINT NOT NULL, bene_id BIGINT NOT NULL,"
    " date_from INTEGER, date_thru INTEGER, line_count INTEGER NOT NULL,"
    " last_updated BIGINT NOT NULL, record BLOB NOT NULL);"
    "CREATE UNIQUE INDEX claims_key ON claims (claim_type, claim_id);"
    "CREATE INDEX claims_bene ON claims (bene_id, claim_type);",
    /* 2: claims carrying substance-use codes (42 CFR Part 2) are flagged at load. */
    "ALTER TABLE claims ADD COLUMN samhsa SMALLINT NOT NULL DEFAULT 0;",
    /* 3: access tokens, kept only as their SHA-256 (hex). app_id is NULL for tokens an
     * operator issued with `bluebutton token`. revoked: when, or NULL. */
    "CREATE TABLE access_tokens ("
    " token_hash TEXT PRIMARY KEY, app_id TEXT, patient_id BIGINT NOT NULL,"
    " scope TEXT NOT NULL, created BIGINT NOT NULL, expires BIGINT NOT NULL,"
    " revoked BIGINT);"
    "CREATE INDEX access_tokens_patient ON access_tokens (patient_id);",
    /* 4: a beneficiary's claims are listed from the index alone (searches sort and filter
     * on these columns, then read only the records of the page they answer with). */
    "CREATE INDEX claims_bene_list ON claims (bene_id, claim_type, claim_id, date_from,"
    " date_thru, line_count, last_updated, samhsa);"
    "DROP INDEX claims_bene;",
    /* 5: apps (OAuth clients; the secret kept as its SHA-256 only; redirect URIs and scopes
     * space-separated) and beneficiaries' sandbox accounts (argon2id password hashes). */
    "CREATE TABLE apps ("
    " client_id TEXT PRIMARY KEY, secret_hash TEXT, name TEXT NOT NULL,"
    " redirect_uris TEXT NOT NULL, data_access_type TEXT NOT NULL,"
    " require_demographic SMALLINT NOT NULL, scopes TEXT NOT NULL,"
    " public SMALLINT NOT NULL, active SMALLINT NOT NULL, created BIGINT NOT NULL);"
    "CREATE TABLE users ("
    " username TEXT PRIMARY KEY, password_hash TEXT NOT NULL, patient_id BIGINT NOT NULL,"
    " mbi TEXT, name TEXT, created BIGINT NOT NULL);"
    "CREATE INDEX users_patient ON users (patient_id);",
    /* 6: OAuth grants (an app's access to a beneficiary's data, one per pair), authorization
     * codes and refresh tokens (kept as SHA-256 only), and which grant and code an access
     * token came from. expires NULL: never. used: when a single-use value was used. */
    "CREATE TABLE grants ("
    " id INTEGER PRIMARY KEY, client_id TEXT NOT NULL, username TEXT NOT NULL,"
    " patient_id BIGINT NOT NULL, scope TEXT NOT NULL, created BIGINT NOT NULL, expires BIGINT,"
    " UNIQUE (client_id, username));"
    "CREATE TABLE auth_codes ("
    " code_hash TEXT PRIMARY KEY, grant_id BIGINT NOT NULL, redirect_uri TEXT NOT NULL,"
    " challenge TEXT NOT NULL, scope TEXT NOT NULL, expires BIGINT NOT NULL, used BIGINT);"
    "CREATE TABLE refresh_tokens ("
    " token_hash TEXT PRIMARY KEY, grant_id BIGINT NOT NULL, code_hash TEXT, scope TEXT NOT NULL,"
    " created BIGINT NOT NULL, used BIGINT, revoked BIGINT);"
    "CREATE INDEX refresh_tokens_grant ON refresh_tokens (grant_id);"
    "ALTER TABLE access_tokens ADD COLUMN grant_id BIGINT;"
    "ALTER TABLE access_tokens ADD COLUMN code_hash TEXT;"
    "CREATE INDEX access_tokens_grant ON access_tokens (grant_id);",
    /* 7: beneficiaries' browser sessions (the cookie kept as SHA-256) and authorization
     * requests waiting for a consent (600 s). */
    "CREATE TABLE sessions ("
    " id_hash TEXT PRIMARY KEY, username TEXT NOT NULL, csrf TEXT NOT NULL,"
    " created BIGINT NOT NULL, expires BIGINT NOT NULL);"
    "CREATE TABLE auth_requests ("
    " id TEXT PRIMARY KEY, client_id TEXT NOT NULL, redirect_uri TEXT NOT NULL,"
    " scope TEXT NOT NULL, state TEXT NOT NULL, challenge TEXT NOT NULL,"
    " created BIGINT NOT NULL, expires BIGINT NOT NULL);",
    /* 8: tokens and codes are looked up only by their hash, so each is kept in the order of
     * its hash (WITHOUT ROWID) instead of a table plus an index of hashes. A grant's tokens
     * are revoked together by raising the grant's epoch (to the time at least, so that a
     * grant id used again never meets its old epochs): a token or code is good only while
     * it carries its grant's epoch, so issuing one writes no index by grant (and revoking
     * touches one row). Deleted grants are archived. Access tokens lose the index by
     * patient, which nothing reads. */
    "ALTER TABLE grants ADD COLUMN epoch BIGINT NOT NULL DEFAULT 0;"
    "CREATE TABLE archived_grants ("
    " id BIGINT NOT NULL, client_id TEXT NOT NULL, username TEXT NOT NULL,"
    " patient_id BIGINT NOT NULL, scope TEXT NOT NULL, created BIGINT NOT NULL, expires BIGINT,"
    " epoch BIGINT NOT NULL, archived BIGINT NOT NULL);"
    "CREATE INDEX archived_grants_id ON archived_grants (id, archived);"
    "CREATE TABLE access_tokens_8 ("
    " token_hash TEXT PRIMARY KEY, app_id TEXT, patient_id BIGINT NOT NULL,"
    " scope TEXT NOT NULL, created BIGINT NOT NULL, expires BIGINT NOT NULL,"
    " revoked BIGINT, grant_id BIGINT, code_hash TEXT, grant_epoch BIGINT NOT NULL DEFAULT 0)"
    " WITHOUT ROWID;"
    "INSERT INTO access_tokens_8 SELECT token_hash, app_id, patient_id, scope, created, expires,"
    " revoked, grant_id, code_hash, 0 FROM access_tokens;"
    "DROP TABLE access_tokens;"
    "ALTER TABLE access_tokens_8 RENAME TO access_tokens;"
    "CREATE TABLE refresh_tokens_8 ("
    " token_hash TEXT PRIMARY KEY, grant_id BIGINT NOT NULL, code_hash TEXT, scope TEXT NOT NULL,"
    " created BIGINT NOT NULL, used BIGINT, revoked BIGINT,"
    " grant_epoch BIGINT NOT NULL DEFAULT 0) WITHOUT ROWID;"
    "INSERT INTO refresh_tokens_8 SELECT token_hash, grant_id, code_hash, scope, created, used,"
    " revoked, 0 FROM refresh_tokens;"
    "DROP TABLE refresh_tokens;"
    "ALTER TABLE refresh_tokens_8 RENAME TO refresh_tokens;"
    "CREATE TABLE auth_codes_8 ("
    " code_hash TEXT PRIMARY KEY, grant_id BIGINT NOT NULL, redirect_uri TEXT NOT NULL,"
    " challenge TEXT NOT NULL, scope TEXT NOT NULL, expires BIGINT NOT NULL, used BIGINT,"
    " grant_epoch BIGINT NOT NULL DEFAULT 0) WITHOUT ROWID;"
    "INSERT INTO auth_codes_8 SELECT code_hash, grant_id, redirect_uri, challenge, scope, expires,"
    " used, 0 FROM auth_codes;"
    "DROP TABLE auth_codes;"
    "ALTER TABLE auth_codes_8 RENAME TO auth_codes;",
    /* 9: the people-facing web. Developer and operator accounts (argon2id; an email verified
     * by a link whose SHA-256 is kept); sessions are a beneficiary's (username) or an
     * account's (account_id). Apps get an owner and what the portal shows and decides:
     * description, logo, website, privacy policy and terms links, when the Terms of Use were
     * agreed to, the production status (sandbox, requested, approved, rejected) with the
     * operator's note, and the token_management capability. Grants remember when their data
     * was last fetched; each app's FHIR requests are counted by day. */
    "CREATE TABLE accounts ("
    " id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE COLLATE NOCASE,"
    " password_hash TEXT NOT NULL, role TEXT NOT NULL, verified BIGINT, verify_hash TEXT,"
    " created BIGINT NOT NULL);"
    "CREATE INDEX accounts_verify ON accounts (verify_hash);"
    "ALTER TABLE sessions ADD COLUMN account_id BIGINT;"
    "ALTER TABLE apps ADD COLUMN owner BIGINT;"
    "ALTER TABLE apps ADD COLUMN description TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE apps ADD COLUMN logo_uri TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE apps ADD COLUMN website_uri TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE apps ADD COLUMN policy_uri TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE apps ADD COLUMN tos_uri TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE apps ADD COLUMN agreed BIGINT;"
    "ALTER TABLE apps ADD COLUMN status TEXT NOT NULL DEFAULT 'sandbox';"
    "ALTER TABLE apps ADD COLUMN status_note TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE apps ADD COLUMN token_management SMALLINT NOT NULL DEFAULT 0;"
    "CREATE INDEX apps_owner ON apps (owner, created);"
    "ALTER TABLE grants ADD COLUMN last_used BIGINT;"
    "CREATE INDEX grants_username ON grants (username);"
    "CREATE TABLE app_requests ("
    " client_id TEXT NOT NULL, day INTEGER NOT NULL, count BIGINT NOT NULL,"
    " PRIMARY KEY (client_id, day)) WITHOUT ROWID;",
};
#define SCHEMA_VERSION ((int)(sizeof migrations / sizeof migrations[0]))

enum stmt_id {
	ST_VERSION,
	ST_BENE_EXISTS,
	ST_PUT_BENE,
	ST_PUT_MONTH,
	ST_DELETE_YEAR,
	ST_PUT_HISTORY,
	ST_PUT_MBI,
	ST_PUT_CLAIM,
	ST_GET_CLAIM,
	ST_GET_BENE,
	ST_EACH_MONTH,
	ST_EACH_HISTORY,
	ST_EACH_MBI,
	ST_COUNT,
	ST_IDENTITY_BENE,
	ST_IDENTITY_HISTORY,
	ST_FIND_CLAIMS,
	ST_GENERATION,
	ST_BUMP_GENERATION,
	ST_BEGIN_READ,
	ST_COMMIT,
	ST_BEGIN_WRITE,
	ST_LIST_CLAIMS,
	ST_PUT_APP,
	ST_GET_APP,
	ST_EACH_APP,
	ST_DELETE_APP,
	ST_EACH_APP_OF,
	ST_PUT_ACCOUNT,
	ST_GET_ACCOUNT,
	ST_FIND_ACCOUNT,
	ST_VERIFY_ACCOUNT,
	ST_SET_PASSWORD,
	ST_COUNT_GRANTS,
	ST_GRANTS_OF_APP,
	ST_EACH_GRANT_OF,
	ST_GRANT_USED,
	ST_ADD_REQUESTS,
	ST_SUM_REQUESTS,
	ST_PUT_USER,
	ST_GET_USER,
	ST_PUT_GRANT,
	ST_GET_GRANT,
	ST_DELETE_GRANT,
	ST_FIND_GRANT,
	ST_REVOKE_GRANT,
	ST_ARCHIVED_EPOCH,
	ST_ARCHIVE_GRANT,
	ST_PUT_CODE,
	ST_GET_CODE,
	ST_USE_CODE,
	ST_PUT_REFRESH,
	ST_GET_REFRESH,
	ST_USE_REFRESH,
	ST_REVOKE_REFRESH,
	ST_PUT_SESSION,
	ST_PURGE_SESSIONS,
	ST_PURGE_AUTH_REQUESTS,
	ST_GET_SESSION,
	ST_DELETE_SESSION,
	ST_PUT_AUTH_REQUEST,
	ST_GET_AUTH_REQUEST,
	ST_DELETE_AUTH_REQUEST,
	ST_PUT_TOKEN,
	ST_GET_TOKEN,
	ST_REVOKE_TOKEN,
};

static const char *const stmt_sql[] = {
    [ST_VERSION] = "SELECT value FROM meta WHERE key = 'schema_version'",
    [ST_BENE_EXISTS] = "SELECT 1 FROM beneficiaries WHERE bene_id = ?",
    [ST_PUT_BENE] = "INSERT INTO beneficiaries (bene_id, mbi, hicn, last_updated, record)"
                    " VALUES (?, ?, ?, ?, ?) ON CONFLICT (bene_id) DO UPDATE SET"
                    " mbi = excluded.mbi, hicn = excluded.hicn,"
                    " last_updated = excluded.last_updated, record = excluded.record",
    [ST_PUT_MONTH] = "INSERT INTO beneficiary_monthly (bene_id, year_month, last_updated, record)"
                     " VALUES (?, ?, ?, ?) ON CONFLICT (bene_id, year_month) DO UPDATE SET"
                     " last_updated = excluded.last_updated, record = excluded.record",
    [ST_DELETE_YEAR] = "DELETE FROM beneficiary_monthly WHERE bene_id = ?"
                       " AND year_month BETWEEN ? AND ?",
    [ST_PUT_HISTORY] = "INSERT INTO beneficiary_history (bene_id, last_updated, record)"
                       " VALUES (?, ?, ?) ON CONFLICT (bene_id, record) DO NOTHING",
    [ST_PUT_MBI] = "INSERT INTO mbi_history (bene_mbi_id, bene_id, last_updated, record)"
                   " VALUES (?, ?, ?, ?) ON CONFLICT (bene_mbi_id) DO UPDATE SET"
                   " bene_id = excluded.bene_id, last_updated = excluded.last_updated,"
                   " record = excluded.record",
    [ST_PUT_CLAIM] = "INSERT INTO claims (claim_type, claim_id, bene_id, date_from, date_thru,"
                     " line_count, last_updated, samhsa, record)"
                     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                     " ON CONFLICT (claim_type, claim_id) DO UPDATE SET"
                     " bene_id = excluded.bene_id, date_from = excluded.date_from,"
                     " date_thru = excluded.date_thru, line_count = excluded.line_count,"
                     " last_updated = excluded.last_updated, samhsa = excluded.samhsa,"
                     " record = excluded.record",
    [ST_GET_CLAIM] = "SELECT bene_id, date_from, date_thru, line_count, last_updated, record,"
                     " samhsa"
                     " FROM claims WHERE claim_type = ? AND claim_id = ?",
    [ST_GET_BENE] = "SELECT mbi, hicn, last_updated, record FROM beneficiaries"
                    " WHERE bene_id = ?",
    [ST_EACH_MONTH] = "SELECT year_month, record FROM beneficiary_monthly WHERE bene_id = ?"
                      " ORDER BY year_month",
    [ST_EACH_HISTORY] = "SELECT record FROM beneficiary_history WHERE bene_id = ?"
                        " ORDER BY record",
    [ST_EACH_MBI] = "SELECT record FROM mbi_history WHERE bene_id = ? ORDER BY bene_mbi_id",
    [ST_IDENTITY_BENE] = "SELECT bene_id, mbi, hicn FROM beneficiaries",
    [ST_IDENTITY_HISTORY] = "SELECT bene_id, record FROM beneficiary_history",
    [ST_FIND_CLAIMS] = "SELECT claim_type, claim_id, date_from, date_thru, line_count,"
                       " last_updated, record, samhsa FROM claims WHERE bene_id = ?",
    [ST_GENERATION] = "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'generation'",
    [ST_BUMP_GENERATION] = "INSERT INTO meta VALUES ('generation', '1') ON CONFLICT (key) DO UPDATE"
                           " SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)",
    [ST_BEGIN_READ] = "BEGIN",
    [ST_COMMIT] = "COMMIT",
    [ST_BEGIN_WRITE] = "BEGIN IMMEDIATE",
    [ST_LIST_CLAIMS] = "SELECT claim_type, claim_id, date_from, date_thru, line_count,"
                       " last_updated, NULL, samhsa FROM claims WHERE bene_id = ?",
    [ST_PUT_APP] =
        "INSERT INTO apps (client_id, secret_hash, name, redirect_uris, data_access_type,"
        " require_demographic, scopes, public, active, created, owner, description, logo_uri,"
        " website_uri, policy_uri, tos_uri, agreed, status, status_note, token_management)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (client_id) DO UPDATE SET"
        " secret_hash = excluded.secret_hash, name = excluded.name,"
        " redirect_uris = excluded.redirect_uris,"
        " data_access_type = excluded.data_access_type,"
        " require_demographic = excluded.require_demographic,"
        " scopes = excluded.scopes, public = excluded.public,"
        " active = excluded.active, owner = excluded.owner,"
        " description = excluded.description, logo_uri = excluded.logo_uri,"
        " website_uri = excluded.website_uri, policy_uri = excluded.policy_uri,"
        " tos_uri = excluded.tos_uri, agreed = excluded.agreed, status = excluded.status,"
        " status_note = excluded.status_note, token_management = excluded.token_management",
    [ST_GET_APP] = "SELECT client_id, secret_hash, name, redirect_uris, data_access_type,"
                   " require_demographic, scopes, public, active, created, owner, description,"
                   " logo_uri, website_uri, policy_uri, tos_uri, agreed, status, status_note,"
                   " token_management FROM apps WHERE client_id = ?",
    [ST_EACH_APP] = "SELECT client_id, secret_hash, name, redirect_uris, data_access_type,"
                    " require_demographic, scopes, public, active, created, owner, description,"
                    " logo_uri, website_uri, policy_uri, tos_uri, agreed, status, status_note,"
                    " token_management FROM apps ORDER BY created, client_id",
    [ST_EACH_APP_OF] = "SELECT client_id, secret_hash, name, redirect_uris, data_access_type,"
                       " require_demographic, scopes, public, active, created, owner, description,"
                       " logo_uri, website_uri, policy_uri, tos_uri, agreed, status, status_note,"
                       " token_management FROM apps WHERE owner = ? ORDER BY created, client_id",
    [ST_PUT_ACCOUNT] = "INSERT INTO accounts (email, password_hash, role, verified, verify_hash,"
                       " created) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (email) DO NOTHING",
    [ST_GET_ACCOUNT] = "SELECT id, email, password_hash, role, verified, created FROM accounts"
                       " WHERE id = ?",
    [ST_FIND_ACCOUNT] = "SELECT id, email, password_hash, role, verified, created FROM accounts"
                        " WHERE email = ?",
    [ST_VERIFY_ACCOUNT] = "UPDATE accounts SET verified = ?, verify_hash = NULL"
                          " WHERE verify_hash = ?",
    [ST_SET_PASSWORD] = "UPDATE accounts SET password_hash = ? WHERE id = ?",
    [ST_COUNT_GRANTS] = "SELECT count(*) FROM grants WHERE client_id = ?",
    [ST_GRANTS_OF_APP] = "SELECT id FROM grants WHERE client_id = ?",
    [ST_EACH_GRANT_OF] = "SELECT id, client_id, username, patient_id, scope, created, expires,"
                         " epoch, last_used FROM grants WHERE username = ? ORDER BY created, id",
    [ST_GRANT_USED] = "UPDATE grants SET last_used = ? WHERE id = ?",
    [ST_ADD_REQUESTS] =
        "INSERT INTO app_requests (client_id, day, count) VALUES (?, ?, ?)"
        " ON CONFLICT (client_id, day) DO UPDATE SET count = count + excluded.count",
    [ST_SUM_REQUESTS] = "SELECT coalesce(sum(count), 0) FROM app_requests"
                        " WHERE client_id = ? AND day >= ?",
    [ST_DELETE_APP] = "DELETE FROM apps WHERE client_id = ?",
    [ST_PUT_USER] = "INSERT INTO users (username, password_hash, patient_id, mbi, name, created)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
    [ST_GET_USER] = "SELECT username, password_hash, patient_id, mbi, name, created FROM users"
                    " WHERE username = ?",
    [ST_PUT_GRANT] = "INSERT INTO grants (client_id, username, patient_id, scope, created, expires)"
                     " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (client_id, username) DO UPDATE SET"
                     " patient_id = excluded.patient_id, scope = excluded.scope,"
                     " created = excluded.created, expires = excluded.expires RETURNING id",
    [ST_GET_GRANT] = "SELECT id, client_id, username, patient_id, scope, created, expires,"
                     " epoch, last_used FROM grants WHERE id = ?",
    [ST_DELETE_GRANT] = "DELETE FROM grants WHERE id = ?",
    [ST_FIND_GRANT] = "SELECT id FROM grants WHERE client_id = ? AND patient_id = ?",
    [ST_REVOKE_GRANT] = "UPDATE grants SET epoch = max(epoch + 1, ?) WHERE id = ? RETURNING epoch",
    [ST_ARCHIVED_EPOCH] = "SELECT epoch FROM archived_grants WHERE id = ?"
                          " ORDER BY archived DESC LIMIT 1",
    [ST_ARCHIVE_GRANT] = "INSERT INTO archived_grants SELECT id, client_id, username, patient_id,"
                         " scope, created, expires, epoch, ? FROM grants WHERE id = ?",
    [ST_PUT_CODE] = "INSERT INTO auth_codes (code_hash, grant_id, redirect_uri, challenge, scope,"
                    " expires, grant_epoch) VALUES (?, ?, ?, ?, ?, ?, ?)",
    [ST_GET_CODE] = "SELECT grant_id, redirect_uri, challenge, scope, expires, used, grant_epoch"
                    " FROM auth_codes WHERE code_hash = ?",
    [ST_USE_CODE] = "UPDATE auth_codes SET used = ? WHERE code_hash = ? AND used IS NULL",
    [ST_PUT_REFRESH] =
        "INSERT INTO refresh_tokens (token_hash, grant_id, code_hash, scope, created,"
        " grant_epoch) VALUES (?, ?, ?, ?, ?, ?)",
    [ST_GET_REFRESH] = "SELECT grant_id, code_hash, scope, created, used, revoked, grant_epoch"
                       " FROM refresh_tokens WHERE token_hash = ?",
    [ST_USE_REFRESH] = "UPDATE refresh_tokens SET used = ? WHERE token_hash = ? AND used IS NULL"
                       " AND revoked IS NULL",
    [ST_PUT_SESSION] = "INSERT INTO sessions (id_hash, username, csrf, created, expires,"
                       " account_id) VALUES (?, ?, ?, ?, ?, ?)",
    [ST_PURGE_SESSIONS] = "DELETE FROM sessions WHERE expires <= ?",
    [ST_PURGE_AUTH_REQUESTS] = "DELETE FROM auth_requests WHERE expires <= ?",
    [ST_GET_SESSION] = "SELECT username, csrf, created, expires, account_id FROM sessions"
                       " WHERE id_hash = ?",
    [ST_DELETE_SESSION] = "DELETE FROM sessions WHERE id_hash = ?",
    [ST_PUT_AUTH_REQUEST] = "INSERT INTO auth_requests (id, client_id, redirect_uri, scope, state,"
                            " challenge, created, expires) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    [ST_GET_AUTH_REQUEST] = "SELECT client_id, redirect_uri, scope, state, challenge, created,"
                            " expires FROM auth_requests WHERE id = ?",
    [ST_DELETE_AUTH_REQUEST] = "DELETE FROM auth_requests WHERE id = ?",
    [ST_REVOKE_REFRESH] = "UPDATE refresh_tokens SET revoked = ? WHERE token_hash = ?"
                          " AND revoked IS NULL",
    [ST_PUT_TOKEN] = "INSERT INTO access_tokens (token_hash, app_id, patient_id, scope, created,"
                     " expires, revoked, grant_id, code_hash, grant_epoch)"
                     " VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)",
    [ST_GET_TOKEN] = "SELECT app_id, patient_id, scope, created, expires, revoked, grant_id,"
                     " grant_epoch FROM access_tokens WHERE token_hash = ?",
    [ST_REVOKE_TOKEN] = "UPDATE access_tokens SET revoked = ? WHERE token_hash = ?"
                        " AND revoked IS NULL",
    [ST_COUNT] = "SELECT 0, claim_type, count(*), sum(line_count) FROM claims GROUP BY claim_type"
                 " UNION ALL SELECT 1, 0, count(*), 0 FROM beneficiaries"
                 " UNION ALL SELECT 2, 0, count(*), 0 FROM beneficiary_monthly"
                 " UNION ALL SELECT 3, 0, count(*), 0 FROM beneficiary_history"
                 " UNION ALL SELECT 4, 0, count(*), 0 FROM mbi_history",
};
#define NSTMT ((int)(sizeof stmt_sql / sizeof stmt_sql[0]))

struct store {
	sqlite3 *db;
	char *path;
	dev_t dev; /* the file opened, to notice it being replaced or removed */
	ino_t ino;
	sqlite3_stmt *stmt[NSTMT];
	int64_t busy_since; /* when the current wait for a lock began (µs, monotonic) */
};

static int fail(struct store *s, char **cause, const char *what)
{
	*cause = xasprintf("%s: %s: %s", s->path, what, sqlite3_errmsg(s->db));
	return -1;
}

static int exec(struct store *s, const char *sql, char **cause)
{
	char *err = NULL;
	if (sqlite3_exec(s->db, sql, NULL, NULL, &err) != SQLITE_OK) {
		*cause = xasprintf("%s: %s", s->path, err ? err : sqlite3_errmsg(s->db));
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

static sqlite3_stmt *stmt(struct store *s, enum stmt_id id, char **cause)
{
	if (stmt_sql[id] == NULL)
		fatal("statement %d has no SQL", (int)id);
	if (s->stmt[id] == NULL &&
	    sqlite3_prepare_v3(s->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT, &s->stmt[id],
	                       NULL) != SQLITE_OK) {
		fail(s, cause, "prepare");
		return NULL;
	}
	return s->stmt[id];
}

/* Steps a statement that returns no rows, and resets it. */
static int run(struct store *s, sqlite3_stmt *st, char **cause)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return fail(s, cause, "write");
	return 0;
}

int store_schema_version(struct store *s)
{
	char *cause = NULL;
	sqlite3_stmt *st = stmt(s, ST_VERSION, &cause);
	int v = -1;
	if (st == NULL) {
		free(cause);
		return -1;
	}
	if (sqlite3_step(st) == SQLITE_ROW)
		v = atoi((const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	return v;
}

static int migrate(struct store *s, char **cause)
{
	if (exec(s, "BEGIN IMMEDIATE", cause) < 0)
		return -1;
	if (exec(s,
	         "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	         "INSERT INTO meta VALUES ('schema_version', '0') ON CONFLICT (key) DO NOTHING",
	         cause) < 0)
		goto fail;
	int v = store_schema_version(s);
	if (v < 0 || v > SCHEMA_VERSION) {
		*cause = xasprintf("%s: schema version %d is newer than this program's (%d)",
		                   s->path, v, SCHEMA_VERSION);
		goto fail;
	}
	for (; v < SCHEMA_VERSION; v++) {
		if (exec(s, migrations[v], cause) < 0)
			goto fail;
		char sql[96];
		snprintf(sql, sizeof sql,
		         "UPDATE meta SET value = '%d' WHERE key = 'schema_version'", v + 1);
		if (exec(s, sql, cause) < 0)
			goto fail;
	}
	return exec(s, "COMMIT", cause);
fail:
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

/* SQLite's allocation statistics take one global lock on every allocation, which the
 * server's threads would contend for; nothing here reads them. */
static void configure_sqlite(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* Waiting for a lock another connection holds (a writer of this server, or a load): SQLite's
 * own handler sleeps a millisecond or more at each try, longer than most of our
 * transactions last, so writers would idle while the lock is free. This one retries every
 * 20 µs, then every 500 µs after the first 5 ms, and gives up after 10 s. */
static int busy_wait(void *arg, int tries)
{
	struct store *s = arg;
	int64_t now = clock_mono_us();
	if (tries == 0)
		s->busy_since = now;
	int64_t waited = now - s->busy_since;
	if (waited >= BUSY_TIMEOUT_US)
		return 0;
	struct timespec ts = {0, waited < 5000 ? 20000 : 500000};
	nanosleep(&ts, NULL);
	return 1;
}

int store_open(const char *path, struct store **out, char **cause)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, configure_sqlite);
	struct store *s = xcalloc(1, sizeof *s);
	s->path = xstrdup(path);
	if (sqlite3_open_v2(path, &s->db,
	                    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
	                    NULL) != SQLITE_OK) {
		*cause = xasprintf("%s: cannot open database: %s", path,
		                   s->db ? sqlite3_errmsg(s->db) : "out of memory");
		goto fail;
	}
	sqlite3_busy_handler(s->db, busy_wait, s);
	if (exec(s,
	         "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
	         "PRAGMA cache_size = -32768; PRAGMA temp_store = MEMORY",
	         cause) < 0)
		goto fail;
	if (migrate(s, cause) < 0)
		goto fail;
	struct stat st;
	if (stat(path, &st) == 0) {
		s->dev = st.st_dev;
		s->ino = st.st_ino;
	}
	*out = s;
	return 0;
fail:
	store_close(s);
	return -1;
}

void store_close(struct store *s)
{
	if (s == NULL)
		return;
	for (int i = 0; i < NSTMT; i++)
		sqlite3_finalize(s->stmt[i]);
	sqlite3_close(s->db);
	free(s->path);
	free(s);
}

int store_ping(struct store *s, char **cause)
{
	struct stat st;
	if (stat(s->path, &st) < 0 || st.st_dev != s->dev || st.st_ino != s->ino) {
		*cause = xasprintf("%s: the database file was removed or replaced", s->path);
		return -1;
	}
	if (store_schema_version(s) != SCHEMA_VERSION)
		return fail(s, cause, "schema version check");
	return 0;
}

int store_defer_checkpoints(struct store *s, char **cause)
{
	return exec(s, "PRAGMA wal_autocheckpoint = 0", cause);
}

struct store_shared {
	pthread_mutex_t lock; /* who has the connection */
	char *path;
	struct store *s;
	/* The checkpoints' thread, woken to stop. */
	pthread_t thread;
	pthread_mutex_t stop_lock;
	pthread_cond_t wake;
	bool stop;
	int interval_ms;
};

/* Copies what it can of the log into the database without waiting for readers or writers;
 * returns how many of the log's frames are left to copy (and sets *log to its length), or -1. */
static int checkpoint(struct store *s, int *log, char **cause)
{
	int copied = 0;
	*log = 0;
	int rc = sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_PASSIVE, log, &copied);
	if (rc == SQLITE_BUSY)
		return 1;
	return rc == SQLITE_OK ? (*log > copied ? *log - copied : 0) : fail(s, cause, "checkpoint");
}

/* Whether the thread is to stop, after waiting interval_ms for that. */
static bool wait_or_stop(struct store_shared *sh)
{
	pthread_mutex_lock(&sh->stop_lock);
	struct timespec until;
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_nsec += (long)sh->interval_ms * 1000000;
	until.tv_sec += until.tv_nsec / 1000000000;
	until.tv_nsec %= 1000000000;
	while (!sh->stop && pthread_cond_timedwait(&sh->wake, &sh->stop_lock, &until) == 0)
		;
	bool stop = sh->stop;
	pthread_mutex_unlock(&sh->stop_lock);
	return stop;
}

/* Each round copies the log while writers go on. A log starts again from its beginning only
 * after a complete copy that no write followed, and under steady writes such a copy never
 * happens: the log would grow without end, and each write with it. So when the log has grown
 * past LOG_RESTART_FRAMES, the round ends by copying what is left with the shared connection
 * held, and the next writer starts the log again. That pause is the database file's sync
 * (10-60 ms on this project's machine under load), once per LOG_RESTART_FRAMES written;
 * quieter servers restart the log without one. Writers that do not use the shared connection
 * (a load, say) only delay a round. */
static void *checkpoints(void *arg)
{
	struct store_shared *sh = arg;
	struct store *s = NULL;
	char *cause = NULL;
	bool stop = false;
	while (!stop) {
		stop = wait_or_stop(sh);
		int rc = s == NULL ? store_open(sh->path, &s, &cause) : 0, log = 0;
		/* While writers go on, until little is left (or they outpace us)... */
		for (int pass = 0; rc >= 0 && pass < 4; pass++)
			if ((rc = checkpoint(s, &log, &cause)) <= CATCH_UP_FRAMES)
				break;
		/* ...then, when the log is long, the rest with writers held. */
		if (rc > 0 && log >= LOG_RESTART_FRAMES) {
			pthread_mutex_lock(&sh->lock);
			rc = checkpoint(s, &log, &cause);
			pthread_mutex_unlock(&sh->lock);
		}
		if (rc < 0) {
			fprintf(stderr, "bluebutton: checkpoint: %s\n", cause);
			free(cause);
			cause = NULL;
			store_close(s); /* and reopen next round */
			s = NULL;
		}
	}
	store_close(s);
	return NULL;
}

struct store_shared *store_shared_new(const char *path, int checkpoint_ms)
{
	struct store_shared *sh = xcalloc(1, sizeof *sh);
	pthread_mutex_init(&sh->lock, NULL);
	sh->path = xstrdup(path);
	pthread_mutex_init(&sh->stop_lock, NULL);
	pthread_condattr_t attr;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&sh->wake, &attr);
	pthread_condattr_destroy(&attr);
	sh->interval_ms = checkpoint_ms;
	if (pthread_create(&sh->thread, NULL, checkpoints, sh) != 0)
		fatal("cannot start a thread");
	return sh;
}

void store_shared_free(struct store_shared *sh)
{
	if (sh == NULL)
		return;
	pthread_mutex_lock(&sh->stop_lock);
	sh->stop = true;
	pthread_cond_signal(&sh->wake);
	pthread_mutex_unlock(&sh->stop_lock);
	pthread_join(sh->thread, NULL);
	pthread_cond_destroy(&sh->wake);
	pthread_mutex_destroy(&sh->stop_lock);
	store_close(sh->s);
	pthread_mutex_destroy(&sh->lock);
	free(sh->path);
	free(sh);
}

struct store *store_shared_take(struct store_shared *sh, char **cause)
{
	pthread_mutex_lock(&sh->lock);
	if (sh->s == NULL) {
		struct store *s;
		if (store_open(sh->path, &s, cause) < 0) {
			pthread_mutex_unlock(&sh->lock);
			return NULL;
		}
		/* A small cache: a writer touches few pages, and at the end of each transaction
		 * SQLite walks a share of its cache's hash table (8 % of a code exchange's time
		 * with the 32 MB cache readers have, measured by bench/oauth). */
		if (store_defer_checkpoints(s, cause) < 0 ||
		    exec(s, "PRAGMA cache_size = -8000", cause) < 0) {
			store_close(s);
			pthread_mutex_unlock(&sh->lock);
			return NULL;
		}
		sh->s = s;
	}
	return sh->s;
}

void store_shared_give(struct store_shared *sh)
{
	pthread_mutex_unlock(&sh->lock);
}

/* Steps a prepared statement of no rows (a transaction's begin or end). */
static int step_once(struct store *s, enum stmt_id id, const char *what, char **cause)
{
	sqlite3_stmt *st = stmt(s, id, cause);
	if (st == NULL)
		return -1;
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : fail(s, cause, what);
}

int store_begin(struct store *s, char **cause)
{
	return step_once(s, ST_BEGIN_WRITE, "begin", cause);
}

int store_commit(struct store *s, char **cause)
{
	return step_once(s, ST_COMMIT, "commit", cause);
}

int store_read_begin(struct store *s, char **cause)
{
	if (!sqlite3_get_autocommit(s->db))
		return 0; /* inside a transaction already: its snapshot serves */
	return step_once(s, ST_BEGIN_READ, "begin", cause) < 0 ? -1 : 1;
}

void store_read_end(struct store *s, int begun)
{
	if (begun <= 0)
		return;
	char *cause = NULL;
	step_once(s, ST_COMMIT, "commit", &cause); /* a read: nothing to lose */
	free(cause);
}

void store_rollback(struct store *s)
{
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Runs a statement that returns no rows with its parameters, by type: 'l' int64_t, 'i' int,
 * 't' a string or NULL, 'b' a blob (pointer, then size_t length). */
static int write_row(struct store *s, enum stmt_id id, char **cause, const char *types, ...)
{
	sqlite3_stmt *st = stmt(s, id, cause);
	va_list ap;
	if (st == NULL)
		return -1;
	va_start(ap, types);
	for (int i = 0; types[i]; i++) {
		switch (types[i]) {
		case 'l':
			sqlite3_bind_int64(st, i + 1, va_arg(ap, int64_t));
			break;
		case 'i':
			sqlite3_bind_int(st, i + 1, va_arg(ap, int));
			break;
		case 't': {
			const char *v = va_arg(ap, const char *);
			if (v)
				sqlite3_bind_text(st, i + 1, v, -1, SQLITE_STATIC);
			else
				sqlite3_bind_null(st, i + 1);
			break;
		}
		default: {
			const void *data = va_arg(ap, const void *);
			size_t len = va_arg(ap, size_t);
			sqlite3_bind_blob(st, i + 1, data, (int)len, SQLITE_STATIC);
			break;
		}
		}
	}
	va_end(ap);
	return run(s, st, cause);
}

int store_beneficiary_exists(struct store *s, int64_t id, bool *exists, char **cause)
{
	sqlite3_stmt *st = stmt(s, ST_BENE_EXISTS, cause);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail(s, cause, "read");
	*exists = rc == SQLITE_ROW;
	return 0;
}

int store_put_beneficiary(struct store *s, const struct store_beneficiary *b, char **cause)
{
	return write_row(s, ST_PUT_BENE, cause, "lttlb", b->id, b->mbi, b->hicn, b->updated,
	                 b->data, b->len);
}

int store_put_bene_month(struct store *s, int64_t bene_id, int year_month, int64_t updated,
                         const void *data, size_t len, char **cause)
{
	return write_row(s, ST_PUT_MONTH, cause, "lilb", bene_id, year_month, updated, data, len);
}

int store_delete_bene_year(struct store *s, int64_t bene_id, int year, char **cause)
{
	return write_row(s, ST_DELETE_YEAR, cause, "lii", bene_id, year * 100 + 1, year * 100 + 12);
}

int store_put_bene_history(struct store *s, int64_t bene_id, int64_t updated, const void *data,
                           size_t len, char **cause)
{
	return write_row(s, ST_PUT_HISTORY, cause, "llb", bene_id, updated, data, len);
}

int store_put_mbi_history(struct store *s, int64_t id, int64_t bene_id, int64_t updated,
                          const void *data, size_t len, char **cause)
{
	return write_row(s, ST_PUT_MBI, cause, "lllb", id, bene_id, updated, data, len);
}

int store_put_claim(struct store *s, const struct store_claim *c, char **cause)
{
	return write_row(s, ST_PUT_CLAIM, cause, "illiiilib", c->type, c->id, c->bene_id,
	                 (int)c->date_from, (int)c->date_thru, c->lines, c->updated, (int)c->samhsa,
	                 c->data, c->len);
}

static void column_blob(sqlite3_stmt *st, int i, struct buf *rec)
{
	buf_reset(rec);
	buf_append(rec, sqlite3_column_blob(st, i), (size_t)sqlite3_column_bytes(st, i));
}

int store_get_claim(struct store *s, int type, int64_t id, struct buf *rec,
                    struct store_claim *meta, char **cause)
{
	sqlite3_stmt *st = stmt(s, ST_GET_CLAIM, cause);
	if (st == NULL)
		return -1;
	sqlite3_bind_int(st, 1, type);
	sqlite3_bind_int64(st, 2, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		column_blob(st, 5, rec);
		if (meta) {
			memset(meta, 0, sizeof *meta);
			meta->type = type;
			meta->id = id;
			meta->bene_id = sqlite3_column_int64(st, 0);
			meta->date_from = sqlite3_column_int(st, 1);
			meta->date_thru = sqlite3_column_int(st, 2);
			meta->lines = sqlite3_column_int(st, 3);
			meta->updated = sqlite3_column_int64(st, 4);
			meta->samhsa = sqlite3_column_int(st, 6) != 0;
			meta->data = rec->data;
			meta->len = rec->len;
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail(s, cause, "read");
	return rc == SQLITE_ROW;
}

int store_get_beneficiary(struct store *s, int64_t id, struct buf *rec,
                          struct store_beneficiary *meta, char **cause)
{
	sqlite3_stmt *st = stmt(s, ST_GET_BENE, cause);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		column_blob(st, 3, rec);
		if (meta) {
			/* mbi and hicn point into rec, after the record and a NUL each. */
			size_t n = rec->len;
			const char *mbi = (const char *)sqlite3_column_text(st, 0);
			const char *hicn = (const char *)sqlite3_column_text(st, 1);
			size_t mbi_at = rec->len;
			buf_append(rec, mbi ? mbi : "", mbi ? strlen(mbi) + 1 : 1);
			size_t hicn_at = rec->len;
			buf_append(rec, hicn ? hicn : "", hicn ? strlen(hicn) + 1 : 1);
			memset(meta, 0, sizeof *meta);
			meta->id = id;
			meta->updated = sqlite3_column_int64(st, 2);
			meta->mbi = mbi ? rec->data + mbi_at : NULL;
			meta->hicn = hicn ? rec->data + hicn_at : NULL;
			meta->data = rec->data;
			meta->len = n;
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail(s, cause, "read");
	return rc == SQLITE_ROW;
}

int store_each_bene_month(struct store *s, int64_t bene_id,
                          void (*fn)(void *arg, int year_month, const void *data, size_t len),
                          void *arg, char **cause)
{
	sqlite3_stmt *st = stmt(s, ST_EACH_MONTH, cause);
	int rc;
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, bene_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fn(arg, sqlite3_column_int(st, 0), sqlite3_column_blob(st, 1),
		   (size_t)sqlite3_column_bytes(st, 1));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return fail(s, cause, "read");
	return 0;
}

static int each_record(struct store *s, enum stmt_id id, int64_t bene_id,
                       void (*fn)(void *arg, const void *data, size_t len), void *arg, char **cause)
{
	sqlite3_stmt *st = stmt(s, id, cause);
	int rc;
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, bene_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fn(arg, sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return fail(s, cause, "read");
	return 0;
}

int store_each_bene_history(struct store *s, int64_t bene_id,
                            void (*fn)(void *arg, const void *data, size_t len), void *arg,
                            char **cause)
{
	return each_record(s, ST_EACH_HISTORY, bene_id, fn, arg, cause);
}

int store_each_mbi_history(struct store *s, int64_t bene_id,
                           void (*fn)(void *arg, const void *data, size_t len), void *arg,
                           char **cause)
{
	return each_record(s, ST_EACH_MBI, bene_id, fn, arg, cause);
}

int store_each_identity(struct store *s,
                        void (*fn)(void *arg, int64_t bene_id, const char *mbi, const char *hicn,
                                   const void *history, size_t len),
                        void *arg, char **cause)
{
	sqlite3_stmt *st = stmt(s, ST_IDENTITY_BENE, cause);
	int rc;
	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fn(arg, sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
		   (const char *)sqlite3_column_text(st, 2), NULL, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return fail(s, cause, "read");
	if ((st = stmt(s, ST_IDENTITY_HISTORY, cause)) == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fn(arg, sqlite3_column_int64(st, 0), NULL, NULL, sqlite3_column_blob(st, 1),
		   (size_t)sqlite3_column_bytes(st, 1));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return fail(s, cause, "read");
	return 0;
}

/* A beneficiary's claims, with their records (ST_FIND_CLAIMS) or without (ST_LIST_CLAIMS: the
 * statement gives NULL for them). */
static int claims_of(struct store *s, enum stmt_id which, int64_t bene_id, unsigned types,
                     struct store_claims *out, char **cause)
{
	sqlite3_stmt *st = stmt(s, which, cause);
	int rc, cap = 0;
	size_t *offs = NULL;
	memset(out, 0, sizeof *out);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, bene_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int type = sqlite3_column_int(st, 0);
		if (type < 0 || type >= 32 || !(types & (1u << type)))
			continue;
		if (out->n == cap) {
			cap = cap ? cap * 2 : 16;
			out->v = realloc(out->v, (size_t)cap * sizeof *out->v);
			offs = realloc(offs, (size_t)cap * sizeof *offs);
			if (out->v == NULL || offs == NULL)
				fatal("out of memory");
		}
		struct store_claim *c = &out->v[out->n];
		c->type = type;
		c->id = sqlite3_column_int64(st, 1);
		c->bene_id = bene_id;
		c->date_from = sqlite3_column_int(st, 2);
		c->date_thru = sqlite3_column_int(st, 3);
		c->lines = sqlite3_column_int(st, 4);
		c->updated = sqlite3_column_int64(st, 5);
		c->len = (size_t)sqlite3_column_bytes(st, 6);
		c->samhsa = sqlite3_column_int(st, 7) != 0;
		offs[out->n++] = out->data.len;
		if (c->len)
			buf_append(&out->data, sqlite3_column_blob(st, 6), c->len);
	}
	sqlite3_reset(st);
	for (int i = 0; i < out->n; i++)
		out->v[i].data = out->v[i].len ? out->data.data + offs[i] : NULL;
	free(offs);
	if (rc != SQLITE_DONE) {
		store_claims_free(out);
		return fail(s, cause, "read");
	}
	return 0;
}

int store_find_claims(struct store *s, int64_t bene_id, unsigned types, struct store_claims *out,
                      char **cause)
{
	return claims_of(s, ST_FIND_CLAIMS, bene_id, types, out, cause);
}

int store_list_claims(struct store *s, int64_t bene_id, unsigned types, struct store_claims *out,
                      char **cause)
{
	return claims_of(s, ST_LIST_CLAIMS, bene_id, types, out, cause);
}

void store_claims_free(struct store_claims *c)
{
	free(c->v);
	buf_free(&c->data);
	memset(c, 0, sizeof *c);
}

int store_count(struct store *s, struct store_counts *c, char **cause)
{
	sqlite3_stmt *st = stmt(s, ST_COUNT, cause);
	int rc;
	if (st == NULL)
		return -1;
	memset(c, 0, sizeof *c);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int what = sqlite3_column_int(st, 0), type = sqlite3_column_int(st, 1);
		long n = (long)sqlite3_column_int64(st, 2);
		switch (what) {
		case 0:
			if (type >= 0 && type < 16) {
				c->claims[type] = n;
				c->lines[type] = (long)sqlite3_column_int64(st, 3);
			}
			break;
		case 1:
			c->beneficiaries = n;
			break;
		case 2:
			c->bene_months = n;
			break;
		case 3:
			c->bene_history = n;
			break;
		default:
			c->mbi_history = n;
			break;
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return fail(s, cause, "read");
	return 0;
}

int store_dump(struct store *s, FILE *out, char **cause)
{
	/* The data generation is bookkeeping: two loads of the same data dump alike. */
	static const char *const tables[][2] = {
	    {"meta WHERE key <> 'generation'", "key"},
	    {"beneficiaries", "bene_id"},
	    {"beneficiary_monthly", "bene_id, year_month"},
	    {"beneficiary_history", "bene_id, record"},
	    {"mbi_history", "bene_mbi_id"},
	    {"claims", "claim_type, claim_id"},
	    {"access_tokens", "token_hash"},
	    {"apps", "client_id"},
	    {"users", "username"},
	    {"grants", "id"},
	    {"archived_grants", "id, archived"},
	    {"auth_codes", "code_hash"},
	    {"refresh_tokens", "token_hash"},
	    {"sessions", "id_hash"},
	    {"auth_requests", "id"},
	};
	for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
		char sql[128];
		sqlite3_stmt *st;
		snprintf(sql, sizeof sql, "SELECT * FROM %s ORDER BY %s", tables[t][0],
		         tables[t][1]);
		char name[32];
		snprintf(name, sizeof name, "%.*s", (int)strcspn(tables[t][0], " "), tables[t][0]);
		if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
			return fail(s, cause, "dump");
		int rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			fprintf(out, "%s", name);
			for (int i = 0; i < sqlite3_column_count(st); i++) {
				fputc(i ? ',' : '(', out);
				switch (sqlite3_column_type(st, i)) {
				case SQLITE_NULL:
					fputs("NULL", out);
					break;
				case SQLITE_INTEGER:
					fprintf(out, "%lld",
					        (long long)sqlite3_column_int64(st, i));
					break;
				case SQLITE_BLOB: {
					const unsigned char *p = sqlite3_column_blob(st, i);
					int n = sqlite3_column_bytes(st, i);
					fputs("x'", out);
					for (int k = 0; k < n; k++)
						fprintf(out, "%02x", p[k]);
					fputc('\'', out);
					break;
				}
				default:
					fprintf(out, "'%s'", sqlite3_column_text(st, i));
					break;
				}
			}
			fputs(")\n", out);
		}
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return fail(s, cause, "dump");
	}
	return 0;
}

static int64_t int_or_zero(sqlite3_stmt *st, int i);

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

int store_put_token(struct store *s, const struct store_token *t, char **cause)
{
	sqlite3_stmt *st = stmt(s, ST_PUT_TOKEN, cause);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, t->hash, -1, SQLITE_TRANSIENT);
	bind_text_or_null(st, 2, t->app_id);
	sqlite3_bind_int64(st, 3, t->patient);
	sqlite3_bind_text(st, 4, t->scope, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 5, t->created);
	sqlite3_bind_int64(st, 6, t->expires);
	if (t->grant_id > 0)
		sqlite3_bind_int64(st, 7, t->grant_id);
	else
		sqlite3_bind_null(st, 7);
	bind_text_or_null(st, 8, t->code_hash);
	sqlite3_bind_int64(st, 9, t->grant_epoch);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? 0 : fail(s, cause, "token");
}

int store_get_token(struct store *s, const char *hash, struct store_token *t, struct buf *text,
                    char **cause)
{
	sqlite3_stmt *st = stmt(s, ST_GET_TOKEN, cause);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		/* app_id and scope are copied into text, each with its NUL. */
		buf_reset(text);
		const char *app = (const char *)sqlite3_column_text(st, 0);
		const char *scope = (const char *)sqlite3_column_text(st, 2);
		size_t app_at = text->len;
		if (app)
			buf_append(text, app, strlen(app) + 1);
		size_t scope_at = text->len;
		buf_append(text, scope ? scope : "", scope ? strlen(scope) + 1 : 1);
		memset(t, 0, sizeof *t);
		t->app_id = app ? text->data + app_at : NULL;
		t->patient = sqlite3_column_int64(st, 1);
		t->scope = text->data + scope_at;
		t->created = sqlite3_column_int64(st, 3);
		t->expires = sqlite3_column_int64(st, 4);
		t->revoked =
		    sqlite3_column_type(st, 5) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 5);
		t->grant_id = int_or_zero(st, 6);
		t->grant_epoch = sqlite3_column_int64(st, 7);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail(s, cause, "token");
	return rc == SQLITE_ROW;
}

int store_revoke_token(struct store *s, const char *hash, int64_t when, char **cause)
{
	sqlite3_stmt *st = stmt(s, ST_REVOKE_TOKEN, cause);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, when);
	sqlite3_bind_text(st, 2, hash, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return fail(s, cause, "revoke");
	return sqlite3_changes(s->db) > 0;
}

int store_generation(struct store *s, int64_t *out, char **cause)
{
	sqlite3_stmt *st = stmt(s, ST_GENERATION, cause);
	if (st == NULL)
		return -1;
	int rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : fail(s, cause, "generation");
}

int store_bump_generation(struct store *s, char **cause)
{
	sqlite3_stmt *st = stmt(s, ST_BUMP_GENERATION, cause);
	return st ? run(s, st, cause) : -1;
}

/* Copies column i's text (or NULL) into text, returning its offset there (SIZE_MAX: NULL). */
static size_t keep_text(sqlite3_stmt *st, int i, struct buf *text)
{
	const char *v = (const char *)sqlite3_column_text(st, i);
	if (v == NULL)
		return SIZE_MAX;
	size_t at = text->len;
	buf_append(text, v, strlen(v) + 1);
	return at;
}

static const char *text_at(const struct buf *text, size_t at)
{
	return at == SIZE_MAX ? NULL : text->data + at;
}

/* An app from a row of ST_GET_APP / ST_EACH_APP; its strings in text (reset first). */
static void app_of(sqlite3_stmt *st, struct store_app *a, struct buf *text)
{
	size_t at[13];
	buf_reset(text);
	at[0] = keep_text(st, 0, text);
	at[1] = keep_text(st, 1, text);
	at[2] = keep_text(st, 2, text);
	at[3] = keep_text(st, 3, text);
	at[4] = keep_text(st, 4, text);
	at[5] = keep_text(st, 6, text);
	for (int i = 0; i < 5; i++)
		at[6 + i] = keep_text(st, 11 + i, text);
	at[11] = keep_text(st, 17, text);
	at[12] = keep_text(st, 18, text);
	*a = (struct store_app){
	    .owner = int_or_zero(st, 10),
	    .description = text_at(text, at[6]),
	    .logo_uri = text_at(text, at[7]),
	    .website_uri = text_at(text, at[8]),
	    .policy_uri = text_at(text, at[9]),
	    .tos_uri = text_at(text, at[10]),
	    .agreed = int_or_zero(st, 16),
	    .status = text_at(text, at[11]),
	    .status_note = text_at(text, at[12]),
	    .token_management = sqlite3_column_int(st, 19) != 0,
	    .client_id = text_at(text, at[0]),
	    .secret_hash = text_at(text, at[1]),
	    .name = text_at(text, at[2]),
	    .redirect_uris = text_at(text, at[3]),
	    .data_access_type = text_at(text, at[4]),
	    .require_demographic = sqlite3_column_int(st, 5) != 0,
	    .scopes = text_at(text, at[5]),
	    .public_client = sqlite3_column_int(st, 7) != 0,
	    .active = sqlite3_column_int(st, 8) != 0,
	    .created = sqlite3_column_int64(st, 9),
	};
}

int store_put_app(struct store *s, const struct store_app *a, char **cause)
{
	sqlite3_stmt *st = stmt(s, ST_PUT_APP, cause);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, a->client_id, -1, SQLITE_TRANSIENT);
	bind_text_or_null(st, 2, a->secret_hash);
	sqlite3_bind_text(st, 3, a->name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, a->redirect_uris, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, a->data_access_type, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 6, a->require_demographic);
	sqlite3_bind_text(st, 7, a->scopes, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 8, a->public_client);
	sqlite3_bind_int(st, 9, a->active);
	sqlite3_bind_int64(st, 10, a->created);
	if (a->owner)
		sqlite3_bind_int64(st, 11, a->owner);
	else
		sqlite3_bind_null(st, 11);
	const char *texts[5] = {a->description, a->logo_uri, a->website_uri, a->policy_uri,
	                        a->tos_uri};
	for (int i = 0; i < 5; i++)
		sqlite3_bind_text(st, 12 + i, texts[i] ? texts[i] : "", -1, SQLITE_TRANSIENT);
	if (a->agreed)
		sqlite3_bind_int64(st, 17, a->agreed);
	else
		sqlite3_bind_null(st, 17);
	sqlite3_bind_text(st, 18, a->status && *a->status ? a->status : "sandbox", -1,
	                  SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 19, a->status_note ? a->status_note : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 20, a->token_management);
	return run(s, st, cause);
}

int store_get_app(struct store *s, const char *client_id, struct store_app *a, struct buf *text,
                  char **cause)
{
	sqlite3_stmt *st = stmt(s, ST_GET_APP, cause);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, client_id, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		app_of(st, a, text);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail(s, cause, "app");
	return rc == SQLITE_ROW;
}

static void grant_of(sqlite3_stmt *st, struct store_grant *g, struct buf *text);
static int first_int64(struct store *s, sqlite3_stmt *st, int64_t *out, const char *what,
                       char **cause);
static int get_by_text(struct store *s, enum stmt_id which, const char *key, const char *what,
                       void (*fill)(sqlite3_stmt *st, void *out, struct buf *text), void *out,
                       struct buf *text, char **cause);

/* Calls fn for each app a bound statement (ST_EACH_APP, ST_EACH_APP_OF) gives. */
static int each_app(struct store *s, sqlite3_stmt *st,
                    void (*fn)(void *arg, const struct store_app *a), void *arg, char **cause)
{
	struct buf text = BUF_INIT;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_app a;
		app_of(st, &a, &text);
		fn(arg, &a);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	buf_free(&text);
	return rc == SQLITE_DONE ? 0 : fail(s, cause, "apps");
}

int store_each_app(struct store *s, void (*fn)(void *arg, const struct store_app *a), void *arg,
                   char **cause)
{
	sqlite3_stmt *st = stmt(s, ST_EACH_APP, cause);
	return st ? each_app(s, st, fn, arg, cause) : -1;
}

int store_each_app_of(struct store *s, int64_t owner,
                      void (*fn)(void *arg, const struct store_app *a), void *arg, char **cause)
{
	sqlite3_stmt *st = stmt(s, ST_EACH_APP_OF, cause);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, owner);
	return each_app(s, st, fn, arg, cause);
}

int store_put_account(struct store *s, struct store_account *a, const char *verify_hash,
                      char **cause)
{
	sqlite3_stmt *st = stmt(s, ST_PUT_ACCOUNT, cause);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, a->email, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, a->password_hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, a->role, -1, SQLITE_TRANSIENT);
	if (a->verified)
		sqlite3_bind_int64(st, 4, a->verified);
	else
		sqlite3_bind_null(st, 4);
	bind_text_or_null(st, 5, verify_hash);
	sqlite3_bind_int64(st, 6, a->created);
	if (run(s, st, cause) < 0)
		return -1;
	if (sqlite3_changes(s->db) == 0)
		return 0;
	a->id = sqlite3_last_insert_rowid(s->db);
	return 1;
}

static void account_of(sqlite3_stmt *st, void *arg, struct buf *text)
{
	struct store_account *a = arg;
	size_t at[3] = {keep_text(st, 1, text), keep_text(st, 2, text), keep_text(st, 3, text)};
	*a = (struct store_account){
	    .id = sqlite3_column_int64(st, 0),
	    .email = text_at(text, at[0]),
	    .password_hash = text_at(text, at[1]),
	    .role = text_at(text, at[2]),
	    .verified = int_or_zero(st, 4),
	    .created = sqlite3_column_int64(st, 5),
	};
}

/* Reads the row a statement finds by an integer key, with fill (strings kept in text): 1,
 * or 0 when there is none. */
static int get_by_int(struct store *s, enum stmt_id which, int64_t key, const char *what,
                      void (*fill)(sqlite3_stmt *st, void *out, struct buf *text), void *out,
                      struct buf *text, char **cause)
{
	sqlite3_stmt *st = stmt(s, which, cause);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, key);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		buf_reset(text);
		fill(st, out, text);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail(s, cause, what);
	return rc == SQLITE_ROW;
}

int store_get_account(struct store *s, int64_t id, struct store_account *a, struct buf *text,
                      char **cause)
{
	return get_by_int(s, ST_GET_ACCOUNT, id, "account", account_of, a, text, cause);
}

int store_find_account(struct store *s, const char *email, struct store_account *a,
                       struct buf *text, char **cause)
{
	return get_by_text(s, ST_FIND_ACCOUNT, email, "account", account_of, a, text, cause);
}

int store_verify_account(struct store *s, const char *verify_hash, int64_t now, char **cause)
{
	sqlite3_stmt *st = stmt(s, ST_VERIFY_ACCOUNT, cause);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_text(st, 2, verify_hash, -1, SQLITE_TRANSIENT);
	if (run(s, st, cause) < 0)
		return -1;
	return sqlite3_changes(s->db) > 0;
}

int store_set_account_password(struct store *s, int64_t id, const char *password_hash, char **cause)
{
	sqlite3_stmt *st = stmt(s, ST_SET_PASSWORD, cause);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, password_hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, id);
	return run(s, st, cause);
}

int store_count_grants(struct store *s, const char *client_id, long *n, char **cause)
{
	sqlite3_stmt *st = stmt(s, ST_COUNT_GRANTS, cause);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, client_id, -1, SQLITE_TRANSIENT);
	int64_t v = 0;
	int rc = first_int64(s, st, &v, "grants", cause);
	*n = (long)v;
	return rc < 0 ? -1 : 0;
}

int store_delete_app_grants(struct store *s, const char *client_id, int64_t when, char **cause)
{
	sqlite3_stmt *st = stmt(s, ST_GRANTS_OF_APP, cause);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, client_id, -1, SQLITE_TRANSIENT);
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			ids = xrealloc(ids, cap * sizeof *ids);
		}
		ids[n++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE) {
		free(ids);
		return fail(s, cause, "grants");
	}
	int out = 0;
	for (size_t i = 0; i < n && out == 0; i++)
		if (store_delete_grant(s, ids[i], when, true, cause) < 0)
			out = -1;
	free(ids);
	return out < 0 ? -1 : (int)n;
}

int store_each_grant_of(struct store *s, const char *username,
                        void (*fn)(void *arg, const struct store_grant *g), void *arg, char **cause)
{
	sqlite3_stmt *st = stmt(s, ST_EACH_GRANT_OF, cause);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, username, -1, SQLITE_TRANSIENT);
	struct buf text = BUF_INIT;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_grant g;
		buf_reset(&text);
		grant_of(st, &g, &text);
		fn(arg, &g);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	buf_free(&text);
	return rc == SQLITE_DONE ? 0 : fail(s, cause, "grants");
}

int store_grant_used(struct store *s, int64_t id, int64_t when, char **cause)
{
	sqlite3_stmt *st = stmt(s, ST_GRANT_USED, cause);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, when);
	sqlite3_bind_int64(st, 2, id);
	return run(s, st, cause);
}

int store_add_app_requests(struct store *s, const char *client_id, int64_t day, long n,
                           char **cause)
{
	sqlite3_stmt *st = stmt(s, ST_ADD_REQUESTS, cause);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, client_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, day);
	sqlite3_bind_int64(st, 3, n);
	return run(s, st, cause);
}

int store_app_requests_since(struct store *s, const char *client_id, int64_t day, long *n,
                             char **cause)
{
	sqlite3_stmt *st = stmt(s, ST_SUM_REQUESTS, cause);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, client_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, day);
	int64_t v = 0;
	int rc = first_int64(s, st, &v, "app requests", cause);
	*n = (long)v;
	return rc < 0 ? -1 : 0;
}

int store_delete_app(struct store *s, const char *client_id, char **cause)
{
	sqlite3_stmt *st = stmt(s, ST_DELETE_APP, cause);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, client_id, -1, SQLITE_TRANSIENT);
	if (run(s, st, cause) < 0)
		return -1;
	return sqlite3_changes(s->db) > 0;
}

int store_put_user(struct store *s, const struct store_user *u, char **cause)
{
	sqlite3_stmt *st = stmt(s, ST_PUT_USER, cause);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, u->username, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, u->password_hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, u->patient);
	bind_text_or_null(st, 4, u->mbi);
	bind_text_or_null(st, 5, u->name);
	sqlite3_bind_int64(st, 6, u->created);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc == SQLITE_CONSTRAINT) {
		*cause = xasprintf("%s: a user named '%s' exists already", s->path, u->username);
		return -1;
	}
	return rc == SQLITE_DONE ? 0 : fail(s, cause, "user");
}

/* Runs statement which with one text key; on a row, fill(st, out, text) after emptying text.
 * 1 when a row came, 0 when none, -1 on error. */
static int get_by_text(struct store *s, enum stmt_id which, const char *key, const char *what,
                       void (*fill)(sqlite3_stmt *st, void *out, struct buf *text), void *out,
                       struct buf *text, char **cause)
{
	sqlite3_stmt *st = stmt(s, which, cause);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		buf_reset(text);
		fill(st, out, text);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail(s, cause, what);
	return rc == SQLITE_ROW;
}

static void user_of(sqlite3_stmt *st, void *arg, struct buf *text)
{
	struct store_user *u = arg;
	size_t at[4] = {keep_text(st, 0, text), keep_text(st, 1, text), keep_text(st, 3, text),
	                keep_text(st, 4, text)};
	*u = (struct store_user){
	    .username = text_at(text, at[0]),
	    .password_hash = text_at(text, at[1]),
	    .patient = sqlite3_column_int64(st, 2),
	    .mbi = text_at(text, at[2]),
	    .name = text_at(text, at[3]),
	    .created = sqlite3_column_int64(st, 5),
	};
}

int store_get_user(struct store *s, const char *username, struct store_user *u, struct buf *text,
                   char **cause)
{
	return get_by_text(s, ST_GET_USER, username, "user", user_of, u, text, cause);
}

static int64_t int_or_zero(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, i);
}

/* Steps a bound statement whose first row's first column is an integer: 1 with it in *out
 * (unless NULL), 0 when there is no row, -1 on an error (naming what). */
static int first_int64(struct store *s, sqlite3_stmt *st, int64_t *out, const char *what,
                       char **cause)
{
	int rc = sqlite3_step(st);
	bool found = rc == SQLITE_ROW;
	if (found && out)
		*out = sqlite3_column_int64(st, 0);
	while (rc == SQLITE_ROW) /* a RETURNING statement's work ends with its last row */
		rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? found : fail(s, cause, what);
}

int store_put_grant(struct store *s, const struct store_grant *g, int64_t *id, char **cause)
{
	sqlite3_stmt *st = stmt(s, ST_PUT_GRANT, cause);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, g->client_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, g->username, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, g->patient);
	sqlite3_bind_text(st, 4, g->scope, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 5, g->created);
	if (g->expires)
		sqlite3_bind_int64(st, 6, g->expires);
	else
		sqlite3_bind_null(st, 6);
	return first_int64(s, st, id, "grant", cause) < 0 ? -1 : 0;
}

/* A grant from a row of id, client_id, username, patient_id, scope, created, expires,
 * epoch, last_used (its strings kept in text). */
static void grant_of(sqlite3_stmt *st, struct store_grant *g, struct buf *text)
{
	size_t at[3] = {keep_text(st, 1, text), keep_text(st, 2, text), keep_text(st, 4, text)};
	*g = (struct store_grant){
	    .id = sqlite3_column_int64(st, 0),
	    .client_id = text_at(text, at[0]),
	    .username = text_at(text, at[1]),
	    .patient = sqlite3_column_int64(st, 3),
	    .scope = text_at(text, at[2]),
	    .created = sqlite3_column_int64(st, 5),
	    .expires = int_or_zero(st, 6),
	    .epoch = sqlite3_column_int64(st, 7),
	    .last_used = int_or_zero(st, 8),
	};
}

static void grant_fill(sqlite3_stmt *st, void *g, struct buf *text)
{
	grant_of(st, g, text);
}

int store_get_grant(struct store *s, int64_t id, struct store_grant *g, struct buf *text,
                    char **cause)
{
	return get_by_int(s, ST_GET_GRANT, id, "grant", grant_fill, g, text, cause);
}

/* Runs a statement binding (int64 a, int64 b) or (int64 a, text b); returns changes or -1. */
static int changes2(struct store *s, enum stmt_id which, int64_t a, int64_t b, const char *bt,
                    char **cause)
{
	sqlite3_stmt *st = stmt(s, which, cause);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, a);
	if (bt)
		sqlite3_bind_text(st, 2, bt, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_int64(st, 2, b);
	if (run(s, st, cause) < 0)
		return -1;
	return sqlite3_changes(s->db);
}

int store_delete_grant(struct store *s, int64_t id, int64_t when, bool revoke, char **cause)
{
	/* Archived first: the row is kept, with when it went. */
	if ((revoke && store_revoke_grant(s, id, when, NULL, cause) < 0) ||
	    changes2(s, ST_ARCHIVE_GRANT, when, id, NULL, cause) < 0)
		return -1;
	sqlite3_stmt *st = stmt(s, ST_DELETE_GRANT, cause);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (run(s, st, cause) < 0)
		return -1;
	return sqlite3_changes(s->db) > 0;
}

int store_archived_grant_epoch(struct store *s, int64_t id, int64_t *epoch, char **cause)
{
	sqlite3_stmt *st = stmt(s, ST_ARCHIVED_EPOCH, cause);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return first_int64(s, st, epoch, "archived grant", cause);
}

int store_find_grant(struct store *s, const char *client_id, int64_t patient, int64_t *id,
                     char **cause)
{
	sqlite3_stmt *st = stmt(s, ST_FIND_GRANT, cause);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, client_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, patient);
	return first_int64(s, st, id, "grant", cause);
}

int store_revoke_grant(struct store *s, int64_t id, int64_t when, int64_t *epoch, char **cause)
{
	sqlite3_stmt *st = stmt(s, ST_REVOKE_GRANT, cause);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, when);
	sqlite3_bind_int64(st, 2, id);
	return first_int64(s, st, epoch, "grant", cause);
}

int store_put_code(struct store *s, const struct store_code *c, char **cause)
{
	sqlite3_stmt *st = stmt(s, ST_PUT_CODE, cause);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, c->hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, c->grant_id);
	sqlite3_bind_text(st, 3, c->redirect_uri, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, c->challenge, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, c->scope, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 6, c->expires);
	sqlite3_bind_int64(st, 7, c->grant_epoch);
	return run(s, st, cause);
}

static void code_of(sqlite3_stmt *st, void *arg, struct buf *text)
{
	struct store_code *c = arg;
	size_t at[3] = {keep_text(st, 1, text), keep_text(st, 2, text), keep_text(st, 3, text)};
	*c = (struct store_code){
	    .grant_id = sqlite3_column_int64(st, 0),
	    .redirect_uri = text_at(text, at[0]),
	    .challenge = text_at(text, at[1]),
	    .scope = text_at(text, at[2]),
	    .expires = sqlite3_column_int64(st, 4),
	    .used = int_or_zero(st, 5),
	    .grant_epoch = sqlite3_column_int64(st, 6),
	};
}

int store_get_code(struct store *s, const char *hash, struct store_code *c, struct buf *text,
                   char **cause)
{
	return get_by_text(s, ST_GET_CODE, hash, "code", code_of, c, text, cause);
}

int store_use_code(struct store *s, const char *hash, int64_t when, char **cause)
{
	int n = changes2(s, ST_USE_CODE, when, 0, hash, cause);
	return n < 0 ? -1 : n > 0;
}

int store_put_refresh(struct store *s, const struct store_refresh *r, char **cause)
{
	sqlite3_stmt *st = stmt(s, ST_PUT_REFRESH, cause);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, r->hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, r->grant_id);
	bind_text_or_null(st, 3, r->code_hash);
	sqlite3_bind_text(st, 4, r->scope, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 5, r->created);
	sqlite3_bind_int64(st, 6, r->grant_epoch);
	return run(s, st, cause);
}

static void refresh_of(sqlite3_stmt *st, void *arg, struct buf *text)
{
	struct store_refresh *r = arg;
	size_t at[2] = {keep_text(st, 1, text), keep_text(st, 2, text)};
	*r = (struct store_refresh){
	    .grant_id = sqlite3_column_int64(st, 0),
	    .code_hash = text_at(text, at[0]),
	    .scope = text_at(text, at[1]),
	    .created = sqlite3_column_int64(st, 3),
	    .used = int_or_zero(st, 4),
	    .revoked = int_or_zero(st, 5),
	    .grant_epoch = sqlite3_column_int64(st, 6),
	};
}

int store_get_refresh(struct store *s, const char *hash, struct store_refresh *r, struct buf *text,
                      char **cause)
{
	return get_by_text(s, ST_GET_REFRESH, hash, "refresh token", refresh_of, r, text, cause);
}

int store_use_refresh(struct store *s, const char *hash, int64_t when, char **cause)
{
	int n = changes2(s, ST_USE_REFRESH, when, 0, hash, cause);
	return n < 0 ? -1 : n > 0;
}

int store_revoke_refresh(struct store *s, const char *hash, int64_t when, char **cause)
{
	int n = changes2(s, ST_REVOKE_REFRESH, when, 0, hash, cause);
	return n < 0 ? -1 : n > 0;
}

/* Deletes the rows of statement which (sessions or requests) that ended by now. */
static int purge(struct store *s, enum stmt_id which, int64_t now, char **cause)
{
	sqlite3_stmt *st = stmt(s, which, cause);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, now);
	return run(s, st, cause);
}

int store_put_session(struct store *s, const struct store_session *x, char **cause)
{
	/* Ended sessions go as new ones come. */
	if (purge(s, ST_PURGE_SESSIONS, x->created, cause) < 0)
		return -1;
	sqlite3_stmt *st = stmt(s, ST_PUT_SESSION, cause);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, x->id_hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, x->username, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, x->csrf, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, x->created);
	sqlite3_bind_int64(st, 5, x->expires);
	if (x->account)
		sqlite3_bind_int64(st, 6, x->account);
	else
		sqlite3_bind_null(st, 6);
	return run(s, st, cause);
}

static void session_of(sqlite3_stmt *st, void *arg, struct buf *text)
{
	struct store_session *x = arg;
	size_t at[2] = {keep_text(st, 0, text), keep_text(st, 1, text)};
	*x = (struct store_session){
	    .username = text_at(text, at[0]),
	    .csrf = text_at(text, at[1]),
	    .created = sqlite3_column_int64(st, 2),
	    .expires = sqlite3_column_int64(st, 3),
	    .account = sqlite3_column_int64(st, 4),
	};
}

int store_get_session(struct store *s, const char *id_hash, struct store_session *x,
                      struct buf *text, char **cause)
{
	return get_by_text(s, ST_GET_SESSION, id_hash, "session", session_of, x, text, cause);
}

/* Deletes by a text key with statement which; returns 1 when a row went. */
static int delete_by(struct store *s, enum stmt_id which, const char *key, char **cause)
{
	sqlite3_stmt *st = stmt(s, which, cause);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	if (run(s, st, cause) < 0)
		return -1;
	return sqlite3_changes(s->db) > 0;
}

int store_delete_session(struct store *s, const char *id_hash, char **cause)
{
	return delete_by(s, ST_DELETE_SESSION, id_hash, cause);
}

int store_put_auth_request(struct store *s, const struct store_auth_request *r, char **cause)
{
	if (purge(s, ST_PURGE_AUTH_REQUESTS, r->created, cause) < 0)
		return -1;
	sqlite3_stmt *st = stmt(s, ST_PUT_AUTH_REQUEST, cause);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, r->id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, r->client_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, r->redirect_uri, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, r->scope, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, r->state, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, r->challenge, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 7, r->created);
	sqlite3_bind_int64(st, 8, r->expires);
	return run(s, st, cause);
}

static void auth_request_of(sqlite3_stmt *st, void *arg, struct buf *text)
{
	struct store_auth_request *r = arg;
	size_t at[5] = {keep_text(st, 0, text), keep_text(st, 1, text), keep_text(st, 2, text),
	                keep_text(st, 3, text), keep_text(st, 4, text)};
	*r = (struct store_auth_request){
	    .client_id = text_at(text, at[0]),
	    .redirect_uri = text_at(text, at[1]),
	    .scope = text_at(text, at[2]),
	    .state = text_at(text, at[3]),
	    .challenge = text_at(text, at[4]),
	    .created = sqlite3_column_int64(st, 5),
	    .expires = sqlite3_column_int64(st, 6),
	};
}

int store_get_auth_request(struct store *s, const char *id, struct store_auth_request *r,
                           struct buf *text, char **cause)
{
	return get_by_text(s, ST_GET_AUTH_REQUEST, id, "authorization request", auth_request_of, r,
	                   text, cause);
}

int store_delete_auth_request(struct store *s, const char *id, char **cause)
{
	return delete_by(s, ST_DELETE_AUTH_REQUEST, id, cause);
}
