/* Tests of fhir/api.c: ids, the OperationOutcome body, the request's switches (headers and
 * _IncludeTaxNumbers), fhir_api_begin, and the routing of fhir_api_get (on an empty database,
 * and on sample group A when the fixtures are there). */
#include "testutil.h"

#include "core/fatal.h"
#include "fhir/fhir.h"
#include "fhirutil.h"

static void test_parse_id(void **state)
{
	int64_t v = 7;
	assert_int_equal(fhir_parse_id("567834", &v), 0);
	assert_int_equal(v, 567834);
	assert_int_equal(fhir_parse_id("0", &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(fhir_parse_id("-123", &v), 0);
	assert_int_equal(v, -123);
	assert_int_equal(fhir_parse_id("9223372036854775807", &v), 0);
	assert_true(v == INT64_MAX);
	assert_int_equal(fhir_parse_id("-9223372036854775808", &v), 0);
	assert_true(v == INT64_MIN);
	/* Not whole decimal ids: *out untouched. */
	v = 7;
	static const char *const bad[] = {
	    "",
	    "-",
	    "--1",
	    "+1",
	    " 1",
	    "1 ",
	    "1x",
	    "x1",
	    "0x10",
	    "1.5",
	    "1-2",
	    "1e3",
	    "- 1",
	    "92233720368547758070", /* 20 digits */
	    "9223372036854775808",  /* INT64_MAX + 1 */
	    "-9223372036854775809", /* INT64_MIN - 1 */
	    "99999999999999999999999",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		if (fhir_parse_id(bad[i], &v) != -1)
			fail_msg("\"%s\" was accepted", bad[i]);
		assert_int_equal(v, 7);
	}
}

static void test_outcome(void **state)
{
	struct fhir_response res = {0};
	fhir_outcome(&res, 404, "not-found", "Resource Patient/1 is not known");
	assert_int_equal(res.status, 404);
	assert_string_equal(buf_cstr(&res.body),
	                    "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":"
	                    "\"error\",\"code\":\"not-found\",\"diagnostics\":\"Resource "
	                    "Patient/1 is not known\"}]}");
	/* A second outcome replaces the body; the text is escaped. */
	fhir_outcome(&res, 400, "invalid", "a \"quoted\"\nvalue\\");
	assert_int_equal(res.status, 400);
	assert_string_equal(buf_cstr(&res.body),
	                    "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":"
	                    "\"error\",\"code\":\"invalid\",\"diagnostics\":\"a \\\"quoted\\\"\\n"
	                    "value\\\\\"}]}");
	buf_free(&res.body);
}

/* The switches for headers (NULL-terminated pairs, or NULL) and a query. */
static struct fhir switches(const struct tu_header *headers, const char *query)
{
	struct buf b = BUF_INIT;
	struct fhir f;
	fhir_init(&f, &b, NULL);
	/* Set, to see that every switch is written (not just turned on). */
	f.tax_numbers = f.address_fields = f.identifiers_hicn = true;
	struct fhir_request req = {.path = "/v2/fhir/Patient/1",
	                           .query = query,
	                           .header = headers ? tu_header_lookup : NULL,
	                           .header_ctx = (void *)headers};
	fhir_request_switches(&f, &req);
	buf_free(&b);
	return f;
}

static bool tax(const char *value, const char *query)
{
	const struct tu_header h[] = {{"IncludeTaxNumbers", value}, {NULL, NULL}};
	return switches(value ? h : NULL, query).tax_numbers;
}

static void test_switches(void **state)
{
	struct fhir f = switches(NULL, NULL);
	assert_false(f.tax_numbers);
	assert_false(f.address_fields);
	assert_false(f.identifiers_hicn);

	/* IncludeTaxNumbers: "true" in any case, nothing else. */
	assert_true(tax("true", NULL));
	assert_true(tax("TRUE", NULL));
	assert_true(tax("True", NULL));
	assert_false(tax("false", NULL));
	assert_false(tax("truex", NULL));
	assert_false(tax("yes", NULL));
	assert_false(tax("", NULL));
	assert_false(tax(" true", NULL));

	/* _IncludeTaxNumbers=true in the query, as a whole parameter. */
	assert_true(tax(NULL, "_IncludeTaxNumbers=true"));
	assert_true(tax(NULL, "_IncludeTaxNumbers=TRUE"));
	assert_true(tax(NULL, "patient=1&_IncludeTaxNumbers=true"));
	assert_true(tax(NULL, "_IncludeTaxNumbers=true&patient=1"));
	assert_true(tax(NULL, "_IncludeTaxNumbers=false&_IncludeTaxNumbers=true"));
	assert_false(tax(NULL, "_IncludeTaxNumbers=truex"));
	assert_false(tax(NULL, "_IncludeTaxNumbers=tru"));
	assert_false(tax(NULL, "_IncludeTaxNumbers=false"));
	assert_false(tax(NULL, "_IncludeTaxNumbers="));
	assert_false(tax(NULL, "x_IncludeTaxNumbers=true"));
	assert_false(tax(NULL, "a=_IncludeTaxNumbers=true"));
	assert_false(tax(NULL, ""));
	/* Either source turns it on. */
	assert_true(tax("false", "_IncludeTaxNumbers=true"));
	assert_true(tax("true", "_IncludeTaxNumbers=false"));

	/* IncludeAddressFields. */
	const struct tu_header addr[] = {{"IncludeAddressFields", "TRUE"}, {NULL, NULL}};
	f = switches(addr, NULL);
	assert_true(f.address_fields);
	assert_false(f.tax_numbers);
	assert_false(f.identifiers_hicn);
	const struct tu_header noaddr[] = {{"IncludeAddressFields", "false"}, {NULL, NULL}};
	assert_false(switches(noaddr, NULL).address_fields);

	/* IncludeIdentifiers: "true" or a list naming hicn. */
	static const char *const hicn_yes[] = {"true", "True", "hicn", "mbi,hicn", "hicn,mbi"};
	static const char *const hicn_no[] = {"false", "mbi", ""};
	for (size_t i = 0; i < sizeof hicn_yes / sizeof *hicn_yes; i++) {
		const struct tu_header h[] = {{"IncludeIdentifiers", hicn_yes[i]}, {NULL, NULL}};
		if (!switches(h, NULL).identifiers_hicn)
			fail_msg("IncludeIdentifiers: %s does not ask for HICNs", hicn_yes[i]);
	}
	for (size_t i = 0; i < sizeof hicn_no / sizeof *hicn_no; i++) {
		const struct tu_header h[] = {{"IncludeIdentifiers", hicn_no[i]}, {NULL, NULL}};
		if (switches(h, NULL).identifiers_hicn)
			fail_msg("IncludeIdentifiers: %s asks for HICNs", hicn_no[i]);
	}

	/* All three at once. */
	const struct tu_header all[] = {{"IncludeTaxNumbers", "true"},
	                                {"IncludeAddressFields", "true"},
	                                {"IncludeIdentifiers", "hicn"},
	                                {NULL, NULL}};
	f = switches(all, NULL);
	assert_true(f.tax_numbers && f.address_fields && f.identifiers_hicn);
}

static void test_begin(void **state)
{
	struct refdata *rd = (struct refdata *)0x1; /* only stored, never read here */
	struct enrich *en = (struct enrich *)0x2;
	struct fhir_api api = {.rd = rd, .enrich = en, .base_url = "http://x"};
	const struct tu_header h[] = {{"IncludeTaxNumbers", "true"}, {NULL, NULL}};
	struct fhir_request req = {
	    .path = "/v2/fhir/Patient/1", .header = tu_header_lookup, .header_ctx = (void *)h};
	struct fhir_response res = {0};
	buf_append(&res.body, "old", 3);
	buf_reset(&res.body);
	struct fhir f;
	fhir_api_begin(&f, &api, &req, &res);
	assert_ptr_equal(f.rd, rd);
	assert_ptr_equal(f.enrich, en);
	assert_true(f.tax_numbers);
	assert_false(f.address_fields);
	assert_true(f.now_ms > 1700000000000LL); /* the request's time, now */
	/* The writer writes into the response's body. */
	json_object(&f.j);
	json_key(&f.j, "a");
	json_int(&f.j, 1);
	json_end_object(&f.j);
	assert_string_equal(buf_cstr(&res.body), "{\"a\":1}");
	buf_free(&res.body);
}

/* ---- Routing ---- */

/* An empty database (no fixtures needed). */
static struct tu_fhir empty_db(void)
{
	struct tu_fhir t = {tu_tmpdir(), NULL, NULL, NULL};
	char *cause = NULL, *path = xasprintf("%s/t.db", t.dir);
	if (store_open(path, &t.s, &cause) != 0)
		fail_msg("%s", cause);
	free(path);
	return t;
}

/* GETs target and requires status and a body holding want. */
static void assert_get(struct tu_fhir *t, const char *target, int status, const char *want)
{
	int got;
	char *body = tu_fhir_get(t, target, NULL, &got);
	if (got != status || strstr(body, want) == NULL)
		fail_msg("%s: %d %s (want %d and %s)", target, got, body, status, want);
	free(body);
}

#define NOT_KNOWN(what) "\"code\":\"not-found\",\"diagnostics\":\"Resource " what " is not known\""
#define UNKNOWN_PATH    "\"code\":\"not-found\",\"diagnostics\":\"Unknown path\""
#define UNKNOWN_TYPE    "\"code\":\"not-found\",\"diagnostics\":\"Unknown resource type\""

static void test_routing_empty(void **state)
{
	struct tu_fhir t = empty_db();
	/* Not under /v2/fhir/. */
	assert_get(&t, "/v1/fhir/Patient/1", 404, UNKNOWN_PATH);
	assert_get(&t, "/v2/fhir", 404, UNKNOWN_PATH);
	assert_get(&t, "/", 404, UNKNOWN_PATH);
	assert_get(&t, "", 404, UNKNOWN_PATH);
	/* No type, an unknown one, one too long. */
	assert_get(&t, "/v2/fhir/", 404, UNKNOWN_TYPE);
	assert_get(&t, "/v2/fhir//1", 404, UNKNOWN_TYPE);
	assert_get(&t, "/v2/fhir/Observation/1", 404, UNKNOWN_TYPE);
	assert_get(&t, "/v2/fhir/Observation", 404, UNKNOWN_TYPE);
	assert_get(&t, "/v2/fhir/patient/1", 404, UNKNOWN_TYPE);
	assert_get(&t, "/v2/fhir/ExplanationOfBenefitExplanationOfBenefit/1", 404, UNKNOWN_TYPE);
	/* Known types, ids not there: the id is named; a trailing slash is accepted. */
	assert_get(&t, "/v2/fhir/Patient/1", 404, NOT_KNOWN("Patient/1"));
	assert_get(&t, "/v2/fhir/Patient/1/", 404, NOT_KNOWN("Patient/1"));
	assert_get(&t, "/v2/fhir/Patient/-5", 404, NOT_KNOWN("Patient/-5"));
	assert_get(&t, "/v2/fhir/Patient/abc", 404, NOT_KNOWN("Patient/abc"));
	assert_get(&t, "/v2/fhir/Coverage/part-a-1", 404, NOT_KNOWN("Coverage/part-a-1"));
	assert_get(&t, "/v2/fhir/Coverage/part-e-1", 404, NOT_KNOWN("Coverage/part-e-1"));
	assert_get(&t, "/v2/fhir/Coverage/part-a1", 404, NOT_KNOWN("Coverage/part-a1"));
	assert_get(&t, "/v2/fhir/Coverage/1", 404, NOT_KNOWN("Coverage/1"));
	assert_get(&t, "/v2/fhir/ExplanationOfBenefit/carrier-1", 404,
	           NOT_KNOWN("ExplanationOfBenefit/carrier-1"));
	assert_get(&t, "/v2/fhir/ExplanationOfBenefit/carrier--1", 404,
	           NOT_KNOWN("ExplanationOfBenefit/carrier--1"));
	assert_get(&t, "/v2/fhir/ExplanationOfBenefit/bogus-1", 404,
	           NOT_KNOWN("ExplanationOfBenefit/bogus-1"));
	assert_get(&t, "/v2/fhir/ExplanationOfBenefit/carrier", 404,
	           NOT_KNOWN("ExplanationOfBenefit/carrier"));
	assert_get(&t, "/v2/fhir/ExplanationOfBenefit/carrier-1x", 404,
	           NOT_KNOWN("ExplanationOfBenefit/carrier-1x"));
	assert_get(&t, "/v2/fhir/ExplanationOfBenefit/beneficiary-1", 404,
	           NOT_KNOWN("ExplanationOfBenefit/beneficiary-1"));
	/* A path with a segment after the id. */
	assert_get(&t, "/v2/fhir/Patient/1/x", 404, UNKNOWN_PATH);
	assert_get(&t, "/v2/fhir/Patient/1/_history/2", 404, UNKNOWN_PATH);
	assert_get(&t, "/v2/fhir/Patient/1//", 404, UNKNOWN_PATH);
	/* An id too long to be one. */
	char target[300];
	snprintf(target, sizeof target, "/v2/fhir/Patient/%0200d", 1);
	assert_get(&t, target, 404, UNKNOWN_PATH);
	/* No id: a search (an empty bundle here). */
	assert_get(&t, "/v2/fhir/Patient?_id=1", 200, "\"resourceType\":\"Bundle\"");
	assert_get(&t, "/v2/fhir/Patient/?_id=1", 200, "\"resourceType\":\"Bundle\"");
	tu_fhir_close(&t);
}

/* IncludeIdentifiers: BFD's values in any case and brackets pass; anything else is a 400 on
 * Patient and ExplanationOfBenefit requests, and is ignored by Coverage. */
static void test_include_identifiers(void **state)
{
	struct tu_fhir t = empty_db();
	static const char *const good[] = {"hicn,mbi", "[HICN, mbi]", "true", "FALSE", "", " mbi "};
	static const char *const bad[] = {"*", "hicnx", "mbi,ssn", "[true,,x]"};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		struct tu_header h[] = {{"IncludeIdentifiers", good[i]}, {0}};
		int status;
		char *body = tu_fhir_get(&t, "/v2/fhir/Patient/1", h, &status);
		if (status != 404)
			fail_msg("'%s': %d %s", good[i], status, body);
		free(body);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct tu_header h[] = {{"IncludeIdentifiers", bad[i]}, {0}};
		int status;
		char *body = tu_fhir_get(&t, "/v2/fhir/ExplanationOfBenefit?patient=1", h, &status);
		if (status != 400 ||
		    strstr(body, "Unsupported IncludeIdentifiers Header Value") == NULL)
			fail_msg("'%s': %d %s", bad[i], status, body);
		free(body);
		body = tu_fhir_get(&t, "/v2/fhir/Coverage/part-a-1", h, &status);
		assert_int_equal(status, 404);
		free(body);
	}
	tu_fhir_close(&t);
}

/* Sample A. */
static void test_routing_sample(void **state)
{
	TU_NEED_FIXTURES();
	struct tu_fhir *t = *state;
	static const struct {
		const char *target, *start;
	} reads[] = {
	    {"/v2/fhir/Patient/567834", "{\"resourceType\":\"Patient\",\"id\":\"567834\""},
	    {"/v2/fhir/Patient/567834/", "{\"resourceType\":\"Patient\",\"id\":\"567834\""},
	    {"/v2/fhir/Coverage/part-a-567834",
	     "{\"resourceType\":\"Coverage\",\"id\":\"part-a-567834\""},
	    {"/v2/fhir/Coverage/part-d-567834",
	     "{\"resourceType\":\"Coverage\",\"id\":\"part-d-567834\""},
	    {"/v2/fhir/ExplanationOfBenefit/carrier-9991831999",
	     "{\"resourceType\":\"ExplanationOfBenefit\",\"id\":\"carrier-9991831999\""},
	    {"/v2/fhir/ExplanationOfBenefit/pde-89",
	     "{\"resourceType\":\"ExplanationOfBenefit\",\"id\":\"pde-89\""},
	    {"/v2/fhir/ExplanationOfBenefit/inpatient-333333222222/",
	     "{\"resourceType\":\"ExplanationOfBenefit\",\"id\":\"inpatient-333333222222\""},
	};
	for (size_t i = 0; i < sizeof reads / sizeof *reads; i++) {
		char *body = tu_fhir_read(t, reads[i].target, NULL, NULL);
		if (strncmp(body, reads[i].start, strlen(reads[i].start)) != 0)
			fail_msg("%s: %.200s", reads[i].target, body);
		free(body);
	}
	/* The claim id under another type's name is not found. */
	assert_get(t, "/v2/fhir/ExplanationOfBenefit/dme-9991831999", 404,
	           NOT_KNOWN("ExplanationOfBenefit/dme-9991831999"));
	assert_get(t, "/v2/fhir/Patient/567834/x", 404, UNKNOWN_PATH);
	assert_get(t, "/v2/fhir/Coverage/part-e-567834", 404, NOT_KNOWN("Coverage/part-e-567834"));
	/* Searches. */
	assert_get(t, "/v2/fhir/Patient?_id=567834", 200, "\"total\":1");
	assert_get(t, "/v2/fhir/ExplanationOfBenefit?patient=567834&type=pde", 200,
	           "\"id\":\"pde-89\"");
	/* The switches reach the transform: tax numbers only when asked. */
	const struct tu_header yes[] = {{"IncludeTaxNumbers", "TRUE"}, {NULL, NULL}};
	int status;
	char *plain =
	    tu_fhir_get(t, "/v2/fhir/ExplanationOfBenefit/carrier-9991831999", NULL, &status);
	assert_int_equal(status, 200);
	char *with =
	    tu_fhir_get(t, "/v2/fhir/ExplanationOfBenefit/carrier-9991831999", yes, &status);
	assert_int_equal(status, 200);
	assert_null(strstr(plain, "tax_num"));
	assert_non_null(strstr(with, "tax_num"));
	free(plain);
	free(with);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_include_identifiers),
	    cmocka_unit_test(test_parse_id),
	    cmocka_unit_test(test_outcome),
	    cmocka_unit_test(test_switches),
	    cmocka_unit_test(test_begin),
	    cmocka_unit_test(test_routing_empty),
	    cmocka_unit_test(test_routing_sample),
	};
	return cmocka_run_group_tests(tests, tu_fhir_setup_group_a, tu_fhir_teardown);
}
