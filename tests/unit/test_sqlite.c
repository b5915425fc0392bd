/* Tests of store/sqlite.c, the SQLite implementation of store.h. */
#include "testutil.h"

#include <sqlite3.h>
#include <time.h>

#include "core/fatal.h"
#include "storeutil.h"

struct fx {
	char *dir, *path;
	struct store *s;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	char *cause = NULL;
	f->dir = tu_tmpdir();
	f->path = xasprintf("%s/s.db", f->dir);
	assert_int_equal(store_open(f->path, &f->s, &cause), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	store_close(f->s);
	free(f->path);
	tu_rmdir(f->dir);
	free(f);
	return 0;
}

static void put_bene(struct store *s, int64_t id, const char *mbi, const char *rec)
{
	char *cause = NULL;
	struct store_beneficiary b = {id, mbi, "HICN", 1000, rec, strlen(rec)};
	assert_int_equal(store_put_beneficiary(s, &b, &cause), 0);
}

static void test_schema(void **state)
{
	struct fx *f = *state;
	char *cause = NULL;
	assert_int_equal(store_schema_version(f->s), 9);
	assert_int_equal(store_ping(f->s, &cause), 0);
	/* Reopening keeps the data and the version. */
	put_bene(f->s, 7, "M7", "r7");
	store_close(f->s);
	assert_int_equal(store_open(f->path, &f->s, &cause), 0);
	bool exists;
	assert_int_equal(store_beneficiary_exists(f->s, 7, &exists, &cause), 0);
	assert_true(exists);
	/* A database from a newer program is refused, naming it. */
	sqlite3 *db;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
	                              "UPDATE meta SET value = '99' WHERE key = 'schema_version'",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(db);
	struct store *s2;
	assert_int_equal(store_open(f->path, &s2, &cause), -1);
	assert_non_null(strstr(cause, "schema version 99 is newer"));
	assert_non_null(strstr(cause, f->path));
	free(cause);
	assert_int_equal(store_ping(f->s, &cause), -1);
	free(cause);
}

/* Schema 8 keeps tokens and codes by their hash: the rows a version-7 database holds are
 * carried over (and schema 9 adds the portal's columns to its apps). */
static void test_migration_8_keeps_tokens(void **state)
{
	(void)state;
	char *dir = tu_tmpdir();
	char *path = xasprintf("%s/v7.db", dir);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(
	        db,
	        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	        "INSERT INTO meta VALUES ('schema_version', '7');"
	        "CREATE TABLE grants (id INTEGER PRIMARY KEY, client_id TEXT NOT NULL,"
	        " username TEXT NOT NULL, patient_id BIGINT NOT NULL, scope TEXT NOT NULL,"
	        " created BIGINT NOT NULL, expires BIGINT, UNIQUE (client_id, username));"
	        "INSERT INTO grants VALUES (5, 'app', 'BBUser00000', 42, 'profile', 1, NULL);"
	        "CREATE TABLE access_tokens (token_hash TEXT PRIMARY KEY, app_id TEXT,"
	        " patient_id BIGINT NOT NULL, scope TEXT NOT NULL, created BIGINT NOT NULL,"
	        " expires BIGINT NOT NULL, revoked BIGINT, grant_id BIGINT, code_hash TEXT);"
	        "CREATE INDEX access_tokens_patient ON access_tokens (patient_id);"
	        "CREATE INDEX access_tokens_grant ON access_tokens (grant_id);"
	        "INSERT INTO access_tokens VALUES ('a1', 'app', 42, 'profile', 1, 2, NULL, 5, "
	        "'c1');"
	        "CREATE TABLE auth_codes (code_hash TEXT PRIMARY KEY, grant_id BIGINT NOT NULL,"
	        " redirect_uri TEXT NOT NULL, challenge TEXT NOT NULL, scope TEXT NOT NULL,"
	        " expires BIGINT NOT NULL, used BIGINT);"
	        "INSERT INTO auth_codes VALUES ('c1', 5, 'http://127.0.0.1/cb', 'ch', 'openid', 9, "
	        "3);"
	        "CREATE TABLE refresh_tokens (token_hash TEXT PRIMARY KEY, grant_id BIGINT NOT "
	        "NULL,"
	        " code_hash TEXT, scope TEXT NOT NULL, created BIGINT NOT NULL, used BIGINT,"
	        " revoked BIGINT);"
	        "CREATE INDEX refresh_tokens_grant ON refresh_tokens (grant_id);"
	        "INSERT INTO refresh_tokens VALUES ('r1', 5, 'c1', 'profile', 1, NULL, 4);"
	        /* What later migrations change, as version 7 had it. */
	        "CREATE TABLE apps (client_id TEXT PRIMARY KEY, secret_hash TEXT,"
	        " name TEXT NOT NULL, redirect_uris TEXT NOT NULL, data_access_type TEXT NOT NULL,"
	        " require_demographic SMALLINT NOT NULL, scopes TEXT NOT NULL,"
	        " public SMALLINT NOT NULL, active SMALLINT NOT NULL, created BIGINT NOT NULL);"
	        "INSERT INTO apps VALUES ('app', NULL, 'App', 'app://cb', 'ONE_TIME', 1, 'openid',"
	        " 1, 1, 1);"
	        "CREATE TABLE sessions (id_hash TEXT PRIMARY KEY, username TEXT NOT NULL,"
	        " csrf TEXT NOT NULL, created BIGINT NOT NULL, expires BIGINT NOT NULL);",
	        NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	struct store *s;
	char *cause = NULL;
	assert_int_equal(store_open(path, &s, &cause), 0);
	assert_int_equal(store_schema_version(s), 9);
	struct buf text = BUF_INIT;
	struct store_token t;
	assert_int_equal(store_get_token(s, "a1", &t, &text, &cause), 1);
	assert_string_equal(t.app_id, "app");
	assert_int_equal(t.patient, 42);
	assert_int_equal(t.grant_id, 5);
	assert_int_equal(t.expires, 2);
	struct store_code c;
	assert_int_equal(store_get_code(s, "c1", &c, &text, &cause), 1);
	assert_int_equal(c.grant_id, 5);
	assert_string_equal(c.redirect_uri, "http://127.0.0.1/cb");
	assert_int_equal(c.used, 3);
	struct store_refresh r;
	assert_int_equal(store_get_refresh(s, "r1", &r, &text, &cause), 1);
	assert_string_equal(r.code_hash, "c1");
	assert_int_equal(r.revoked, 4);
	/* They carry the grant's first epoch, which revoking the grant raises. */
	assert_int_equal(t.grant_epoch, 0);
	assert_int_equal(r.grant_epoch, 0);
	assert_int_equal(c.grant_epoch, 0);
	struct store_grant g;
	assert_int_equal(store_get_grant(s, 5, &g, &text, &cause), 1);
	assert_int_equal(g.epoch, 0);
	assert_int_equal(g.last_used, 0);
	/* Schema 9: the app has the portal's columns, with their defaults. */
	struct store_app app;
	struct buf apptext = BUF_INIT;
	assert_int_equal(store_get_app(s, "app", &app, &apptext, &cause), 1);
	assert_string_equal(app.status, "sandbox");
	assert_int_equal(app.owner, 0);
	buf_free(&apptext);
	int64_t epoch = 0;
	assert_int_equal(store_revoke_grant(s, 5, 10, &epoch, &cause), 1);
	assert_int_equal(epoch, 10);
	buf_free(&text);
	store_close(s);
	tu_rmdir(dir);
	free(path);
}

/* Rows in the database file itself, not counting what still waits in the write-ahead log. */
static int rows_in_file(const char *path)
{
	char *uri = xasprintf("file:%s?immutable=1", path);
	sqlite3 *db;
	sqlite3_stmt *st;
	int n = -1;
	assert_int_equal(sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL),
	                 SQLITE_OK);
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM access_tokens", -1, &st, NULL) ==
	    SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			n = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	free(uri);
	return n;
}

/* The shared writer's connection defers checkpoints to its thread, which copies the log
 * into the database file on its own. */
static void test_shared_writer_checkpoints(void **state)
{
	struct fx *f = *state;
	char *cause = NULL;
	struct store_shared *sh = store_shared_new(f->path, 10);
	struct store *w = store_shared_take(sh, &cause);
	assert_non_null(w);
	assert_int_equal(store_begin(w, &cause), 0);
	for (int i = 0; i < 500; i++) {
		char hash[16];
		snprintf(hash, sizeof hash, "h%d", i);
		struct store_token t = {hash, "app", i, "profile", 1, 2, 0, 1, NULL, 0};
		assert_int_equal(store_put_token(w, &t, &cause), 0);
	}
	assert_int_equal(store_commit(w, &cause), 0);
	store_shared_give(sh);
	/* The writer alone never copies: the rows reach the file through the thread. */
	for (int i = 0; i < 500 && rows_in_file(f->path) != 500; i++) {
		struct timespec ts = {0, 10 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	assert_int_equal(rows_in_file(f->path), 500);
	/* Another thread's take waits for the connection and gets the same one. */
	assert_ptr_equal(store_shared_take(sh, &cause), w);
	store_shared_give(sh);
	store_shared_free(sh);

	/* A database that cannot be opened: NULL, and the cause names it. */
	sh = store_shared_new("/nonexistent/dir/x.db", 10);
	assert_null(store_shared_take(sh, &cause));
	assert_non_null(strstr(cause, "/nonexistent/dir/x.db"));
	free(cause);
	store_shared_free(sh);
}

static void test_ping_notices_replaced_file(void **state)
{
	struct fx *f = *state;
	char *cause = NULL;
	char *moved = xasprintf("%s.old", f->path);
	assert_int_equal(rename(f->path, moved), 0);
	assert_int_equal(store_ping(f->s, &cause), -1);
	assert_non_null(strstr(cause, "removed or replaced"));
	free(cause);
	assert_int_equal(rename(moved, f->path), 0);
	assert_int_equal(store_ping(f->s, &cause), 0);
	free(moved);
}

static void test_open_error(void **state)
{
	struct store *s;
	char *cause = NULL;
	assert_int_equal(store_open("/nonexistent/dir/x.db", &s, &cause), -1);
	assert_non_null(strstr(cause, "/nonexistent/dir/x.db"));
	free(cause);
}

static void test_claims(void **state)
{
	struct fx *f = *state;
	char *cause = NULL;
	struct buf rec = BUF_INIT;
	struct store_claim meta;
	struct store_claim c = {.type = 3,
	                        .id = -42,
	                        .bene_id = 7,
	                        .date_from = 100,
	                        .date_thru = 105,
	                        .updated = 1234,
	                        .lines = 2,
	                        .data = "abc",
	                        .len = 3};
	assert_int_equal(store_put_claim(f->s, &c, &cause), 0);
	assert_int_equal(store_get_claim(f->s, 3, -42, &rec, &meta, &cause), 1);
	assert_int_equal(rec.len, 3);
	assert_memory_equal(rec.data, "abc", 3);
	assert_int_equal(meta.bene_id, 7);
	assert_int_equal(meta.date_from, 100);
	assert_int_equal(meta.date_thru, 105);
	assert_int_equal(meta.updated, 1234);
	assert_int_equal(meta.lines, 2);
	/* Same id, other type: another claim. Same key: replaced. */
	assert_int_equal(store_get_claim(f->s, 4, -42, &rec, NULL, &cause), 0);
	struct store_claim c2 = {.type = 3,
	                         .id = -42,
	                         .bene_id = 8,
	                         .date_from = 1,
	                         .date_thru = 2,
	                         .updated = 99,
	                         .lines = 5,
	                         .data = "xy",
	                         .len = 2};
	assert_int_equal(store_put_claim(f->s, &c2, &cause), 0);
	assert_int_equal(store_get_claim(f->s, 3, -42, &rec, &meta, &cause), 1);
	assert_int_equal(rec.len, 2);
	assert_int_equal(meta.bene_id, 8);
	assert_int_equal(meta.lines, 5);
	struct store_counts n;
	assert_int_equal(store_count(f->s, &n, &cause), 0);
	assert_int_equal(n.claims[3], 1);
	assert_int_equal(n.lines[3], 5);
	buf_free(&rec);
}

/* A beneficiary's claims by type, with records (find) and without (list, from the index). */
static void test_find_and_list(void **state)
{
	struct fx *f = *state;
	char *cause = NULL;
	for (int i = 0; i < 5; i++) {
		struct store_claim c = {.type = i % 2 ? 3 : 10,
		                        .id = 100 + i,
		                        .bene_id = i < 4 ? 7 : 8,
		                        .date_from = i,
		                        .date_thru = i + 1,
		                        .updated = 1000 + i,
		                        .lines = i,
		                        .samhsa = i == 2,
		                        .data = "rec",
		                        .len = 3};
		assert_int_equal(store_put_claim(f->s, &c, &cause), 0);
	}
	for (int with = 0; with < 2; with++) {
		struct store_claims got;
		int (*fn)(struct store *, int64_t, unsigned, struct store_claims *, char **) =
		    with ? store_find_claims : store_list_claims;
		assert_int_equal(fn(f->s, 7, ~0u, &got, &cause), 0);
		assert_int_equal(got.n, 4);
		for (int i = 0; i < got.n; i++) {
			const struct store_claim *c = &got.v[i];
			int k = (int)(c->id - 100);
			assert_int_equal(c->type, k % 2 ? 3 : 10);
			assert_int_equal(c->bene_id, 7);
			assert_int_equal(c->date_from, k);
			assert_int_equal(c->date_thru, k + 1);
			assert_int_equal(c->updated, 1000 + k);
			assert_int_equal(c->lines, k);
			assert_int_equal(c->samhsa, k == 2);
			if (with) {
				assert_int_equal(c->len, 3);
				assert_memory_equal(c->data, "rec", 3);
			} else {
				assert_int_equal(c->len, 0);
				assert_null(c->data);
			}
		}
		store_claims_free(&got);
		assert_int_equal(fn(f->s, 7, 1u << 3, &got, &cause), 0);
		assert_int_equal(got.n, 2);
		store_claims_free(&got);
		assert_int_equal(fn(f->s, 7, 0, &got, &cause), 0);
		assert_int_equal(got.n, 0);
		store_claims_free(&got);
	}
}

/* A read transaction sees one snapshot: a write from another connection after it began is
 * not seen until it ends. Inside a write transaction, begin does nothing (0). */
static void test_read_transaction(void **state)
{
	struct fx *f = *state;
	char *cause = NULL;
	struct store *other;
	assert_int_equal(store_open(f->path, &other, &cause), 0);
	put_bene(f->s, 1, "M1", "r1");
	int begun = store_read_begin(f->s, &cause);
	assert_int_equal(begun, 1);
	bool exists;
	assert_int_equal(store_beneficiary_exists(f->s, 1, &exists, &cause), 0);
	assert_true(exists);
	put_bene(other, 2, "M2", "r2");
	assert_int_equal(store_beneficiary_exists(f->s, 2, &exists, &cause), 0);
	assert_false(exists);
	store_read_end(f->s, begun);
	assert_int_equal(store_beneficiary_exists(f->s, 2, &exists, &cause), 0);
	assert_true(exists);
	assert_int_equal(store_begin(f->s, &cause), 0);
	assert_int_equal(store_read_begin(f->s, &cause), 0);
	store_read_end(f->s, 0);
	assert_int_equal(store_commit(f->s, &cause), 0);
	store_close(other);
}

static void test_beneficiaries(void **state)
{
	struct fx *f = *state;
	char *cause = NULL;
	struct buf rec = BUF_INIT;
	struct store_beneficiary meta;
	bool exists;
	assert_int_equal(store_beneficiary_exists(f->s, 1, &exists, &cause), 0);
	assert_false(exists);
	put_bene(f->s, 1, "MBI1", "record-1");
	put_bene(f->s, 2, NULL, "record-2");
	assert_int_equal(store_beneficiary_exists(f->s, 1, &exists, &cause), 0);
	assert_true(exists);
	assert_int_equal(store_get_beneficiary(f->s, 1, &rec, &meta, &cause), 1);
	assert_int_equal(meta.len, 8);
	assert_memory_equal(meta.data, "record-1", 8);
	assert_string_equal(meta.mbi, "MBI1");
	assert_string_equal(meta.hicn, "HICN");
	assert_int_equal(store_get_beneficiary(f->s, 2, &rec, &meta, &cause), 1);
	assert_null(meta.mbi);
	assert_int_equal(store_get_beneficiary(f->s, 3, &rec, &meta, &cause), 0);
	put_bene(f->s, 1, "MBI9", "new");
	assert_int_equal(store_get_beneficiary(f->s, 1, &rec, &meta, &cause), 1);
	assert_string_equal(meta.mbi, "MBI9");
	assert_int_equal(meta.len, 3);
	buf_free(&rec);
}

static void collect(void *arg, int ym, const void *data, size_t len)
{
	char *out = arg;
	sprintf(out + strlen(out), "%d=%.*s;", ym, (int)len, (const char *)data);
}

static void test_months_and_history(void **state)
{
	struct fx *f = *state;
	char *cause = NULL, got[256] = "";
	assert_int_equal(store_put_bene_month(f->s, 1, 201802, 5, "b", 1, &cause), 0);
	assert_int_equal(store_put_bene_month(f->s, 1, 201801, 5, "a", 1, &cause), 0);
	assert_int_equal(store_put_bene_month(f->s, 1, 201901, 5, "c", 1, &cause), 0);
	assert_int_equal(store_put_bene_month(f->s, 1, 201801, 6, "A", 1, &cause), 0);
	assert_int_equal(store_put_bene_month(f->s, 2, 201801, 6, "z", 1, &cause), 0);
	assert_int_equal(store_each_bene_month(f->s, 1, collect, got, &cause), 0);
	assert_string_equal(got, "201801=A;201802=b;201901=c;");
	assert_int_equal(store_delete_bene_year(f->s, 1, 2018, &cause), 0);
	got[0] = '\0';
	assert_int_equal(store_each_bene_month(f->s, 1, collect, got, &cause), 0);
	assert_string_equal(got, "201901=c;");
	/* History rows: the same content once. */
	assert_int_equal(store_put_bene_history(f->s, 1, 5, "h1", 2, &cause), 0);
	assert_int_equal(store_put_bene_history(f->s, 1, 6, "h1", 2, &cause), 0);
	assert_int_equal(store_put_bene_history(f->s, 1, 6, "h2", 2, &cause), 0);
	assert_int_equal(store_put_bene_history(f->s, 2, 6, "h1", 2, &cause), 0);
	assert_int_equal(store_put_mbi_history(f->s, 10, 1, 5, "m", 1, &cause), 0);
	assert_int_equal(store_put_mbi_history(f->s, 10, 1, 6, "n", 1, &cause), 0);
	struct store_counts n;
	assert_int_equal(store_count(f->s, &n, &cause), 0);
	assert_int_equal(n.bene_months, 2);
	assert_int_equal(n.bene_history, 3);
	assert_int_equal(n.mbi_history, 1);
}

static void test_transactions_and_dump(void **state)
{
	struct fx *f = *state;
	char *cause = NULL;
	put_bene(f->s, 1, "M", "r");
	char *before = tu_dump(f->s);
	assert_non_null(strstr(before, "beneficiaries(1,'M','HICN',1000,x'72')\n"));
	assert_non_null(strstr(before, "meta('schema_version','9')\n"));
	assert_int_equal(store_begin(f->s, &cause), 0);
	put_bene(f->s, 2, "N", "s");
	struct store_claim c = {
	    .type = 3, .id = 1, .bene_id = 1, .updated = 1, .data = "x", .len = 1};
	assert_int_equal(store_put_claim(f->s, &c, &cause), 0);
	char *during = tu_dump(f->s);
	assert_string_not_equal(before, during);
	store_rollback(f->s);
	char *after = tu_dump(f->s);
	assert_string_equal(before, after);
	assert_int_equal(store_begin(f->s, &cause), 0);
	put_bene(f->s, 2, "N", "s");
	assert_int_equal(store_commit(f->s, &cause), 0);
	char *committed = tu_dump(f->s);
	assert_non_null(strstr(committed, "beneficiaries(2,'N',"));
	/* Dumps are deterministic. */
	char *again = tu_dump(f->s);
	assert_string_equal(committed, again);
	free(before);
	free(during);
	free(after);
	free(committed);
	free(again);
}

/* The data generation: 0 at first, raised by each bump, kept by a rollback's undoing, left out
 * of dumps. */
static void test_generation(void **state)
{
	struct fx *f = *state;
	char *cause = NULL;
	int64_t g = -1;
	assert_int_equal(store_generation(f->s, &g, &cause), 0);
	assert_int_equal(g, 0);
	char *before = tu_dump(f->s);
	assert_int_equal(store_bump_generation(f->s, &cause), 0);
	assert_int_equal(store_bump_generation(f->s, &cause), 0);
	assert_int_equal(store_generation(f->s, &g, &cause), 0);
	assert_int_equal(g, 2);
	assert_int_equal(store_begin(f->s, &cause), 0);
	assert_int_equal(store_bump_generation(f->s, &cause), 0);
	store_rollback(f->s);
	assert_int_equal(store_generation(f->s, &g, &cause), 0);
	assert_int_equal(g, 2);
	char *after = tu_dump(f->s);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

static void count_app(void *arg, const struct store_app *a)
{
	char **names = arg;
	size_t n = strlen(*names);
	*names = realloc(*names, n + strlen(a->name) + 2);
	sprintf(*names + n, "%s;", a->name);
}

/* Apps: added, found, replaced (keeping created), listed oldest first, deleted. */
static void test_apps(void **state)
{
	struct fx *f = *state;
	char *cause = NULL;
	struct store_app a = {.client_id = "c1",
	                      .secret_hash = "h1",
	                      .name = "One",
	                      .redirect_uris = "https://a/cb http://127.0.0.1/cb",
	                      .data_access_type = "ONE_TIME",
	                      .require_demographic = true,
	                      .scopes = "openid profile",
	                      .active = true,
	                      .created = 100,
	                      .owner = 7,
	                      .description = "A <app>",
	                      .logo_uri = "https://a/logo.png",
	                      .agreed = 99,
	                      .status = "requested",
	                      .status_note = "please",
	                      .token_management = true};
	struct store_app b = {.client_id = "c2",
	                      .name = "Two",
	                      .redirect_uris = "app://cb",
	                      .data_access_type = "RESEARCH_STUDY",
	                      .scopes = "patient/Patient.rs",
	                      .public_client = true,
	                      .created = 200};
	assert_int_equal(store_put_app(f->s, &b, &cause), 0);
	assert_int_equal(store_put_app(f->s, &a, &cause), 0);
	struct store_app got;
	struct buf text = BUF_INIT;
	assert_int_equal(store_get_app(f->s, "c1", &got, &text, &cause), 1);
	assert_string_equal(got.client_id, "c1");
	assert_string_equal(got.secret_hash, "h1");
	assert_string_equal(got.name, "One");
	assert_string_equal(got.redirect_uris, "https://a/cb http://127.0.0.1/cb");
	assert_string_equal(got.data_access_type, "ONE_TIME");
	assert_true(got.require_demographic);
	assert_string_equal(got.scopes, "openid profile");
	assert_false(got.public_client);
	assert_true(got.active);
	assert_int_equal(got.created, 100);
	assert_int_equal(got.owner, 7);
	assert_string_equal(got.description, "A <app>");
	assert_string_equal(got.logo_uri, "https://a/logo.png");
	assert_string_equal(got.website_uri, "");
	assert_int_equal(got.agreed, 99);
	assert_string_equal(got.status, "requested");
	assert_string_equal(got.status_note, "please");
	assert_true(got.token_management);
	assert_int_equal(store_get_app(f->s, "c2", &got, &text, &cause), 1);
	assert_null(got.secret_hash);
	assert_true(got.public_client);
	assert_false(got.active);
	assert_int_equal(got.owner, 0);
	assert_string_equal(got.status, "sandbox"); /* the default */
	assert_false(got.token_management);
	char *mine = calloc(1, 1);
	assert_int_equal(store_each_app_of(f->s, 7, count_app, &mine, &cause), 0);
	assert_string_equal(mine, "One;");
	free(mine);
	assert_int_equal(store_get_app(f->s, "c3", &got, &text, &cause), 0);
	struct store_app a2 = a;
	a2.name = "Uno";
	a2.created = 999;
	assert_int_equal(store_put_app(f->s, &a2, &cause), 0);
	assert_int_equal(store_get_app(f->s, "c1", &got, &text, &cause), 1);
	assert_string_equal(got.name, "Uno");
	assert_int_equal(got.created, 100);
	char *names = calloc(1, 1);
	assert_int_equal(store_each_app(f->s, count_app, &names, &cause), 0);
	assert_string_equal(names, "Uno;Two;");
	free(names);
	assert_int_equal(store_delete_app(f->s, "c2", &cause), 1);
	assert_int_equal(store_delete_app(f->s, "c2", &cause), 0);
	assert_int_equal(store_get_app(f->s, "c2", &got, &text, &cause), 0);
	buf_free(&text);
}

/* Accounts: added once per email (in any case), found by id and email, verified by the
 * link's hash once; passwords changed. */
static void test_accounts(void **state)
{
	struct fx *f = *state;
	char *cause = NULL;
	struct store_account a = {0, "Dev@Example.com", "$argon2id$a", "developer", 0, 5}, got;
	assert_int_equal(store_put_account(f->s, &a, "vh", &cause), 1);
	assert_true(a.id > 0);
	struct store_account dup = {0, "dev@example.COM", "$argon2id$b", "developer", 0, 6};
	assert_int_equal(store_put_account(f->s, &dup, NULL, &cause), 0);
	struct buf text = BUF_INIT;
	assert_int_equal(store_find_account(f->s, "DEV@example.com", &got, &text, &cause), 1);
	assert_int_equal(got.id, a.id);
	assert_string_equal(got.password_hash, "$argon2id$a");
	assert_string_equal(got.role, "developer");
	assert_int_equal(got.verified, 0);
	assert_int_equal(store_verify_account(f->s, "other", 9, &cause), 0);
	assert_int_equal(store_verify_account(f->s, "vh", 9, &cause), 1);
	assert_int_equal(store_verify_account(f->s, "vh", 10, &cause), 0); /* once */
	assert_int_equal(store_set_account_password(f->s, a.id, "$argon2id$c", &cause), 0);
	assert_int_equal(store_get_account(f->s, a.id, &got, &text, &cause), 1);
	assert_int_equal(got.verified, 9);
	assert_string_equal(got.password_hash, "$argon2id$c");
	assert_int_equal(store_get_account(f->s, a.id + 1, &got, &text, &cause), 0);
	/* An account's session. */
	struct store_session x = {"sh", "", "c", 1, 100, a.id}, sx;
	assert_int_equal(store_put_session(f->s, &x, &cause), 0);
	assert_int_equal(store_get_session(f->s, "sh", &sx, &text, &cause), 1);
	assert_int_equal(sx.account, a.id);
	assert_string_equal(sx.username, "");
	buf_free(&text);
}

static void count_grant(void *arg, const struct store_grant *g)
{
	char **names = arg;
	char *more = xasprintf("%s%s@%lld;", *names, g->client_id, (long long)g->last_used);
	free(*names);
	*names = more;
}

/* A beneficiary's grants, each app's count of them, when each was last used; requests by
 * day. */
static void test_grant_use(void **state)
{
	struct fx *f = *state;
	char *cause = NULL;
	int64_t id1, id2, id3;
	struct store_grant g1 = {0, "a1", "BBUser00001", -1, "openid", 10, 0, 0, 0},
	                   g2 = {0, "a2", "BBUser00001", -1, "openid", 20, 0, 0, 0},
	                   g3 = {0, "a1", "BBUser00002", -2, "openid", 30, 0, 0, 0};
	assert_int_equal(store_put_grant(f->s, &g1, &id1, &cause), 0);
	assert_int_equal(store_put_grant(f->s, &g2, &id2, &cause), 0);
	assert_int_equal(store_put_grant(f->s, &g3, &id3, &cause), 0);
	assert_int_equal(store_grant_used(f->s, id2, 77, &cause), 0);
	char *names = calloc(1, 1);
	assert_int_equal(store_each_grant_of(f->s, "BBUser00001", count_grant, &names, &cause), 0);
	assert_string_equal(names, "a1@0;a2@77;");
	free(names);
	long n = -1;
	assert_int_equal(store_count_grants(f->s, "a1", &n, &cause), 0);
	assert_int_equal(n, 2);
	assert_int_equal(store_count_grants(f->s, "zz", &n, &cause), 0);
	assert_int_equal(n, 0);
	assert_int_equal(store_add_app_requests(f->s, "a1", 100, 5, &cause), 0);
	assert_int_equal(store_add_app_requests(f->s, "a1", 100, 2, &cause), 0);
	assert_int_equal(store_add_app_requests(f->s, "a1", 90, 40, &cause), 0);
	assert_int_equal(store_add_app_requests(f->s, "a2", 100, 1, &cause), 0);
	assert_int_equal(store_app_requests_since(f->s, "a1", 94, &n, &cause), 0);
	assert_int_equal(n, 7);
	assert_int_equal(store_app_requests_since(f->s, "a1", 0, &n, &cause), 0);
	assert_int_equal(n, 47);
	assert_int_equal(store_app_requests_since(f->s, "none", 0, &n, &cause), 0);
	assert_int_equal(n, 0);
}

/* Users: added, found by username; a second of the same name refused, naming it. */
static void test_users(void **state)
{
	struct fx *f = *state;
	char *cause = NULL;
	struct store_user u = {"BBUser00000", "$argon2id$x", -42, "1S00A00AA00", "Jane Doe", 5};
	assert_int_equal(store_put_user(f->s, &u, &cause), 0);
	struct store_user v = {"BBUser00001", "$argon2id$y", 7, NULL, NULL, 6};
	assert_int_equal(store_put_user(f->s, &v, &cause), 0);
	assert_int_equal(store_put_user(f->s, &u, &cause), -1);
	assert_non_null(strstr(cause, "a user named 'BBUser00000' exists already"));
	free(cause);
	cause = NULL;
	struct store_user got;
	struct buf text = BUF_INIT;
	assert_int_equal(store_get_user(f->s, "BBUser00000", &got, &text, &cause), 1);
	assert_string_equal(got.password_hash, "$argon2id$x");
	assert_int_equal(got.patient, -42);
	assert_string_equal(got.mbi, "1S00A00AA00");
	assert_string_equal(got.name, "Jane Doe");
	assert_int_equal(got.created, 5);
	assert_int_equal(store_get_user(f->s, "BBUser00001", &got, &text, &cause), 1);
	assert_null(got.mbi);
	assert_null(got.name);
	assert_int_equal(store_get_user(f->s, "bbuser00000", &got, &text, &cause), 0);
	buf_free(&text);
}

/* Grants (one per app and user, replaced by a new consent), single-use codes and refresh
 * tokens, and revoking what a grant or a code gave. */
static void test_grants(void **state)
{
	struct fx *f = *state;
	char *cause = NULL;
	struct store_grant g = {0, "app1", "BBUser00000", -42, "openid profile", 1000, 2000, 0, 0};
	int64_t id = 0, id2 = 0, epoch = 0;
	assert_int_equal(store_put_grant(f->s, &g, &id, &cause), 0);
	assert_true(id > 0);
	g.scope = "openid";
	g.expires = 0; /* never */
	assert_int_equal(store_put_grant(f->s, &g, &id2, &cause), 0);
	assert_int_equal(id2, id); /* the same pair: replaced */
	struct store_grant got;
	struct buf text = BUF_INIT;
	assert_int_equal(store_get_grant(f->s, id, &got, &text, &cause), 1);
	assert_string_equal(got.client_id, "app1");
	assert_string_equal(got.username, "BBUser00000");
	assert_int_equal(got.patient, -42);
	assert_string_equal(got.scope, "openid");
	assert_int_equal(got.expires, 0);
	assert_int_equal(got.epoch, 0);
	struct store_grant other = {0, "app2", "BBUser00000", -42, "openid", 1, 0, 0, 0};
	assert_int_equal(store_put_grant(f->s, &other, &id2, &cause), 0);
	assert_true(id2 != id);

	/* Revoking raises the epoch to the time given, or by one when it is there already; a
	 * replaced grant keeps its epoch. */
	assert_int_equal(store_revoke_grant(f->s, id, 100, &epoch, &cause), 1);
	assert_int_equal(epoch, 100);
	assert_int_equal(store_revoke_grant(f->s, id, 50, &epoch, &cause), 1);
	assert_int_equal(epoch, 101);
	assert_int_equal(store_put_grant(f->s, &g, &id, &cause), 0);
	assert_int_equal(store_get_grant(f->s, id, &got, &text, &cause), 1);
	assert_int_equal(got.epoch, 101);
	assert_int_equal(store_revoke_grant(f->s, 9999, 200, &epoch, &cause), 0);
	assert_int_equal(epoch, 101);

	struct store_code c = {"code1", id, "https://a/cb", "chal", "openid", 60000, 0, 2};
	assert_int_equal(store_put_code(f->s, &c, &cause), 0);
	struct store_code gc;
	assert_int_equal(store_get_code(f->s, "code1", &gc, &text, &cause), 1);
	assert_int_equal(gc.grant_id, id);
	assert_string_equal(gc.redirect_uri, "https://a/cb");
	assert_string_equal(gc.challenge, "chal");
	assert_int_equal(gc.used, 0);
	assert_int_equal(gc.grant_epoch, 2);
	assert_int_equal(store_use_code(f->s, "code1", 5, &cause), 1);
	assert_int_equal(store_use_code(f->s, "code1", 6, &cause), 0); /* single use */
	assert_int_equal(store_get_code(f->s, "code1", &gc, &text, &cause), 1);
	assert_int_equal(gc.used, 5);
	assert_int_equal(store_get_code(f->s, "nope", &gc, &text, &cause), 0);

	struct store_refresh r = {"ref1", id, "code1", "openid", 10, 0, 0, 2};
	assert_int_equal(store_put_refresh(f->s, &r, &cause), 0);
	struct store_token t = {"acc1", "app1", -42, "openid", 10, 99999, 0, id, "code1", 2};
	assert_int_equal(store_put_token(f->s, &t, &cause), 0);
	assert_int_equal(store_use_refresh(f->s, "ref1", 20, &cause), 1);
	assert_int_equal(store_use_refresh(f->s, "ref1", 21, &cause), 0);
	struct store_refresh gr;
	assert_int_equal(store_get_refresh(f->s, "ref1", &gr, &text, &cause), 1);
	assert_int_equal(gr.used, 20);
	assert_string_equal(gr.code_hash, "code1");
	assert_int_equal(gr.grant_epoch, 2);
	struct store_token tt;
	assert_int_equal(store_get_token(f->s, "acc1", &tt, &text, &cause), 1);
	assert_int_equal(tt.grant_id, id);
	assert_int_equal(tt.grant_epoch, 2);

	/* Deleting a grant archives it, with when (revoking its tokens first when asked). */
	assert_int_equal(store_archived_grant_epoch(f->s, id2, &epoch, &cause), 0);
	assert_int_equal(store_delete_grant(f->s, id2, 50, false, &cause), 1);
	assert_int_equal(store_delete_grant(f->s, id2, 51, false, &cause), 0);
	assert_int_equal(store_get_grant(f->s, id2, &got, &text, &cause), 0);
	assert_int_equal(store_archived_grant_epoch(f->s, id2, &epoch, &cause), 1);
	assert_int_equal(epoch, 0);
	assert_int_equal(store_delete_grant(f->s, id, 60, true, &cause), 1);
	assert_int_equal(store_archived_grant_epoch(f->s, id, &epoch, &cause), 1);
	assert_int_equal(epoch, 102);
	char *dump = NULL;
	size_t dump_len = 0;
	FILE *out = open_memstream(&dump, &dump_len);
	assert_int_equal(store_dump(f->s, out, &cause), 0);
	fclose(out);
	char *line = xasprintf(
	    "archived_grants(%lld,'app2','BBUser00000',-42,'openid',1,NULL,0,50)", (long long)id2);
	assert_non_null(strstr(dump, line));
	free(line);
	free(dump);
	buf_free(&text);
}

/* Sessions and pending authorization requests: stored, found, deleted. */
static void test_sessions_and_requests(void **state)
{
	struct fx *f = *state;
	char *cause = NULL;
	struct buf text = BUF_INIT;
	struct store_session x = {"h1", "BBUser00000", "csrf1", 10, 20, 0}, got;
	assert_int_equal(store_put_session(f->s, &x, &cause), 0);
	assert_int_equal(store_get_session(f->s, "h1", &got, &text, &cause), 1);
	assert_string_equal(got.username, "BBUser00000");
	assert_string_equal(got.csrf, "csrf1");
	assert_int_equal(got.created, 10);
	assert_int_equal(got.expires, 20);
	assert_int_equal(store_get_session(f->s, "h2", &got, &text, &cause), 0);
	assert_int_equal(store_delete_session(f->s, "h1", &cause), 1);
	assert_int_equal(store_delete_session(f->s, "h1", &cause), 0);
	assert_int_equal(store_get_session(f->s, "h1", &got, &text, &cause), 0);

	struct store_auth_request r = {"id1", "app", "https://a/cb", "openid", "state-123", "chal",
	                               5,     605},
	                          gr;
	assert_int_equal(store_put_auth_request(f->s, &r, &cause), 0);
	assert_int_equal(store_get_auth_request(f->s, "id1", &gr, &text, &cause), 1);
	assert_string_equal(gr.client_id, "app");
	assert_string_equal(gr.redirect_uri, "https://a/cb");
	assert_string_equal(gr.scope, "openid");
	assert_string_equal(gr.state, "state-123");
	assert_string_equal(gr.challenge, "chal");
	assert_int_equal(gr.expires, 605);
	assert_int_equal(store_delete_auth_request(f->s, "id1", &cause), 1);
	assert_int_equal(store_get_auth_request(f->s, "id1", &gr, &text, &cause), 0);
	/* What ended goes when something new comes. */
	struct store_session old = {"h3", "u", "c", 1, 100, 0},
	                     young = {"h4", "u", "c", 100, 200, 0};
	assert_int_equal(store_put_session(f->s, &old, &cause), 0);
	assert_int_equal(store_put_session(f->s, &young, &cause), 0);
	assert_int_equal(store_get_session(f->s, "h3", &got, &text, &cause), 0);
	assert_int_equal(store_get_session(f->s, "h4", &got, &text, &cause), 1);
	struct store_auth_request r1 = {"a1", "app", "u", "s", "st", "c", 1, 50},
	                          r2 = {"a2", "app", "u", "s", "st", "c", 60, 660};
	assert_int_equal(store_put_auth_request(f->s, &r1, &cause), 0);
	assert_int_equal(store_put_auth_request(f->s, &r2, &cause), 0);
	assert_int_equal(store_get_auth_request(f->s, "a1", &gr, &text, &cause), 0);
	assert_int_equal(store_get_auth_request(f->s, "a2", &gr, &text, &cause), 1);
	buf_free(&text);
}

/* Tokens: stored by hash, found with their fields, revoked once; unknown hashes not found. */
static void test_tokens(void **state)
{
	struct fx *f = *state;
	char *cause = NULL;
	struct store_token t = {"aa11", "app-1", -42, "profile patient/Patient.read", 1000, 5000, 0,
	                        3,      "c0de",  0};
	assert_int_equal(store_put_token(f->s, &t, &cause), 0);
	struct store_token op = {"bb22", NULL, 7, "", 1, 2, 0, 0, NULL, 0};
	assert_int_equal(store_put_token(f->s, &op, &cause), 0);
	/* The same hash again is refused. */
	assert_int_equal(store_put_token(f->s, &t, &cause), -1);
	free(cause);
	cause = NULL;

	struct store_token got;
	struct buf text = BUF_INIT;
	assert_int_equal(store_get_token(f->s, "aa11", &got, &text, &cause), 1);
	assert_string_equal(got.app_id, "app-1");
	assert_int_equal(got.patient, -42);
	assert_string_equal(got.scope, "profile patient/Patient.read");
	assert_int_equal(got.created, 1000);
	assert_int_equal(got.expires, 5000);
	assert_int_equal(got.revoked, 0);
	assert_int_equal(store_get_token(f->s, "bb22", &got, &text, &cause), 1);
	assert_null(got.app_id);
	assert_string_equal(got.scope, "");
	assert_int_equal(store_get_token(f->s, "cc33", &got, &text, &cause), 0);

	assert_int_equal(store_revoke_token(f->s, "aa11", 3000, &cause), 1);
	assert_int_equal(store_revoke_token(f->s, "aa11", 4000, &cause), 0);
	assert_int_equal(store_revoke_token(f->s, "cc33", 4000, &cause), 0);
	assert_int_equal(store_get_token(f->s, "aa11", &got, &text, &cause), 1);
	assert_int_equal(got.revoked, 3000);
	char *dump = tu_dump(f->s);
	assert_non_null(strstr(dump,
	                       "access_tokens('aa11','app-1',-42,'profile patient/Patient.read',"
	                       "1000,5000,3000,3,'c0de',0)\n"));
	free(dump);
	buf_free(&text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_schema, setup, teardown),
	    cmocka_unit_test(test_migration_8_keeps_tokens),
	    cmocka_unit_test_setup_teardown(test_shared_writer_checkpoints, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_ping_notices_replaced_file, setup, teardown),
	    cmocka_unit_test(test_open_error),
	    cmocka_unit_test_setup_teardown(test_claims, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_beneficiaries, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_months_and_history, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_tokens, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_generation, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_apps, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_accounts, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_grant_use, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_users, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_grants, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_sessions_and_requests, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_find_and_list, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_read_transaction, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_transactions_and_dump, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
