/* Tests of fhir/eob.c: fhir_eob on every claim type of sample A, its failures (an unreadable
 * record, a type without a transform), and the exact JSON of the writers every claim type
 * shares. */
#include "testutil.h"

#include "core/fatal.h"
#include "fhir/eob.h"
#include "fhirutil.h"

#define VAR "https://bluebutton.cms.gov/resources/variables/"

/* The writers write "key": value pairs: RENDER them inside an object. */
#define OBJ(call)                                                                                  \
	json_object(&f->j);                                                                        \
	call;                                                                                      \
	json_end_object(&f->j)

static const struct rif_column str_col = {"X", RIF_STRING, 10, 0, 0};
static const struct rif_column big_col = {"B", RIF_BIGINT, 0, 0, 0};

static struct rif_value str(const char *s)
{
	return (struct rif_value){.s = s, .len = strlen(s)};
}

static const struct rif_value null_value = {.null = true};

static void test_begin(void **state)
{
	/* 2024-01-31T12:00:00.123Z */
	struct store_claim meta = {.type = RIF_CARRIER, .id = 9991831999, .updated = 1706702400123};
	assert_render(RENDER(OBJ(fhir_eob_begin(f, &meta, FHIR_PROFILE "C4BB-X"))),
	              "{\"resourceType\":\"ExplanationOfBenefit\",\"id\":\"carrier-9991831999\","
	              "\"meta\":{\"lastUpdated\":\"2024-01-31T12:00:00.123+00:00\",\"profile\":"
	              "[\"http://hl7.org/fhir/us/carin-bb/StructureDefinition/C4BB-X\"]}}");
	/* Each type its prefix; a negative id keeps its sign. */
	static const struct {
		int type;
		const char *id;
	} ids[] = {
	    {RIF_DME, "\"dme--7\""},
	    {RIF_HHA, "\"hha--7\""},
	    {RIF_HOSPICE, "\"hospice--7\""},
	    {RIF_INPATIENT, "\"inpatient--7\""},
	    {RIF_OUTPATIENT, "\"outpatient--7\""},
	    {RIF_SNF, "\"snf--7\""},
	    {RIF_PDE, "\"pde--7\""},
	};
	for (size_t i = 0; i < sizeof ids / sizeof *ids; i++) {
		meta = (struct store_claim){.type = ids[i].type, .id = -7};
		char *s = RENDER(OBJ(fhir_eob_begin(f, &meta, "p")));
		char *want =
		    xasprintf("{\"resourceType\":\"ExplanationOfBenefit\",\"id\":%s,"
		              "\"meta\":{\"lastUpdated\":\"1970-01-01T00:00:00.000+00:00\","
		              "\"profile\":[\"p\"]}}",
		              ids[i].id);
		assert_string_equal(s, want);
		free(want);
		free(s);
	}
}

static void extra_identifier(struct fhir *f, const struct fhir_record *r)
{
	json_object(&f->j);
	json_key(&f->j, "value");
	json_string(&f->j, "extra");
	json_end_object(&f->j);
}

static void test_identifiers(void **state)
{
	struct rif_value id = {.i = -9991831999}, grp = str("900");
#define UC                                                                                         \
	"{\"type\":{\"coding\":[{\"system\":\"http://hl7.org/fhir/us/carin-bb/CodeSystem/"         \
	"C4BBIdentifierType\",\"code\":\"uc\",\"display\":\"Unique Claim ID\"}]},"
	static const char want[] =
	    "{\"identifier\":[" UC "\"system\":\"" VAR "clm_id\",\"value\":\"-9991831999\"}," UC
	    "\"system\":\"https://bluebutton.cms.gov/resources/identifier/claim-group\","
	    "\"value\":\"900\"}]}";
	assert_render(RENDER(OBJ(fhir_eob_identifiers(f, "clm_id", &big_col, &id, &str_col, &grp,
	                                              NULL, NULL))),
	              want);
	/* pde_id, and an extra identifier after the two. */
	struct rif_value pde = {.i = 89};
	assert_render(RENDER(OBJ(fhir_eob_identifiers(f, "pde_id", &big_col, &pde, &str_col, &grp,
	                                              extra_identifier, NULL))),
	              "{\"identifier\":[" UC "\"system\":\"" VAR "pde_id\",\"value\":\"89\"}," UC
	              "\"system\":\"https://bluebutton.cms.gov/resources/identifier/claim-group\","
	              "\"value\":\"900\"},{\"value\":\"extra\"}]}");
#undef UC
}

static void test_status(void **state)
{
	struct rif_value fv = str("F"), nv = str("N"), ff = str("FF"), lower = str("f");
	assert_render(RENDER(OBJ(fhir_eob_status(f, &fv))), "{\"status\":\"active\"}");
	assert_render(RENDER(OBJ(fhir_eob_status(f, &nv))), "{\"status\":\"cancelled\"}");
	assert_render(RENDER(OBJ(fhir_eob_status(f, &null_value))), "{\"status\":\"cancelled\"}");
	assert_render(RENDER(OBJ(fhir_eob_status(f, &ff))), "{\"status\":\"cancelled\"}");
	assert_render(RENDER(OBJ(fhir_eob_status(f, &lower))), "{\"status\":\"cancelled\"}");
}

static void test_type(void **state)
{
	struct rif_value t71 = str("71");
	static const char tail[] =
	    "{\"system\":\"https://bluebutton.cms.gov/resources/codesystem/eob-type\",\"code\":"
	    "\"CARRIER\"},{\"system\":\"http://terminology.hl7.org/CodeSystem/claim-type\","
	    "\"code\":\"professional\",\"display\":\"Professional\"}]}}";
	char *want = xasprintf("{\"type\":{\"coding\":[{\"system\":\"" VAR "nch_clm_type_cd\","
	                       "\"code\":\"71\"},%s",
	                       tail);
	assert_render(RENDER(OBJ(fhir_eob_type(f, &str_col, &t71, "CARRIER", "professional",
	                                       "Professional"))),
	              want);
	free(want);
	/* Without the NCH claim type (NULL, or a null value), only the two others. */
	want = xasprintf("{\"type\":{\"coding\":[%s", tail);
	assert_render(
	    RENDER(OBJ(fhir_eob_type(f, NULL, NULL, "CARRIER", "professional", "Professional"))),
	    want);
	assert_render(RENDER(OBJ(fhir_eob_type(f, &str_col, &null_value, "CARRIER", "professional",
	                                       "Professional"))),
	              want);
	free(want);
	assert_render(RENDER(OBJ(fhir_eob_type(f, NULL, NULL, "PDE", "pharmacy", "Pharmacy"))),
	              "{\"type\":{\"coding\":[{\"system\":\"https://bluebutton.cms.gov/resources/"
	              "codesystem/eob-type\",\"code\":\"PDE\"},{\"system\":\"http://"
	              "terminology.hl7.org/CodeSystem/claim-type\",\"code\":\"pharmacy\","
	              "\"display\":\"Pharmacy\"}]}}");
}

/* The NCH claim type's display comes from the code tables. */
static void test_type_display(void **state)
{
	TU_NEED_REFDATA();
	char *cause = NULL;
	struct refdata *rd = NULL;
	if (refdata_load(getenv("BB_REFDATA"), &rd, &cause) != 0)
		fail_msg("%s", cause);
	struct rif_value t71 = str("71");
	struct buf b = BUF_INIT;
	struct fhir f;
	fhir_init(&f, &b, rd);
	json_object(&f.j);
	fhir_eob_type(&f, &str_col, &t71, "CARRIER", "professional", "Professional");
	json_end_object(&f.j);
	const char *want = "{\"type\":{\"coding\":[{\"system\":\"" VAR "nch_clm_type_cd\","
	                   "\"code\":\"71\",\"display\":\"";
	assert_true(strncmp(buf_cstr(&b), want, strlen(want)) == 0);
	buf_free(&b);
	refdata_free(rd);
}

static void test_small_writers(void **state)
{
	assert_render(RENDER(OBJ(fhir_eob_use_patient(f, 567834))),
	              "{\"use\":\"claim\",\"patient\":{\"reference\":\"Patient/567834\"}}");
	assert_render(RENDER(OBJ(fhir_eob_use_patient(f, -1))),
	              "{\"use\":\"claim\",\"patient\":{\"reference\":\"Patient/-1\"}}");
	assert_render(RENDER(OBJ(f->now_ms = 1706702400000; fhir_eob_created_insurer(f))),
	              "{\"created\":\"2024-01-31T12:00:00.000+00:00\",\"insurer\":{\"identifier\":"
	              "{\"value\":\"CMS\"}}}");
	assert_render(RENDER(OBJ(fhir_eob_outcome(f))), "{\"outcome\":\"complete\"}");
	assert_render(RENDER(OBJ(fhir_eob_insurance(f, 'a', 567834))),
	              "{\"insurance\":[{\"focal\":true,\"coverage\":{\"reference\":"
	              "\"Coverage/part-a-567834\"}}]}");
	assert_render(RENDER(OBJ(fhir_eob_insurance(f, 'd', -3))),
	              "{\"insurance\":[{\"focal\":true,\"coverage\":{\"reference\":"
	              "\"Coverage/part-d--3\"}}]}");
}

static void test_billable_period(void **state)
{
	struct rif_value from = {.i = rif_days_from_civil(2016, 1, 15)},
	                 thru = {.i = rif_days_from_civil(2016, 1, 27)};
	assert_render(RENDER(OBJ(fhir_eob_billable_period(f, &from, &thru))),
	              "{\"billablePeriod\":{\"start\":\"2016-01-15\",\"end\":\"2016-01-27\"}}");
	assert_render(RENDER(OBJ(fhir_eob_billable_period(f, &null_value, &thru))),
	              "{\"billablePeriod\":{\"end\":\"2016-01-27\"}}");
	assert_render(RENDER(OBJ(fhir_eob_billable_period(f, &from, &null_value))),
	              "{\"billablePeriod\":{\"start\":\"2016-01-15\"}}");
	assert_render(RENDER(OBJ(fhir_eob_billable_period(f, &null_value, &null_value))),
	              "{\"billablePeriod\":{}}");
	/* With the claim query code's extension first, when it is not null. */
	struct rif_value q = str("3");
	assert_render(RENDER(OBJ(fhir_eob_billable_period_ext(f, &from, &thru, "claim_query_cd",
	                                                      &str_col, &q))),
	              "{\"billablePeriod\":{\"extension\":[{\"url\":\"" VAR "claim_query_cd\","
	              "\"valueCoding\":{\"system\":\"" VAR "claim_query_cd\",\"code\":\"3\"}}],"
	              "\"start\":\"2016-01-15\",\"end\":\"2016-01-27\"}}");
	assert_render(RENDER(OBJ(fhir_eob_billable_period_ext(
	                  f, &from, &null_value, "claim_query_cd", &str_col, &null_value))),
	              "{\"billablePeriod\":{\"start\":\"2016-01-15\"}}");
}

/* A type without a transform, and a record that cannot be decoded. */
static void test_failures(void **state)
{
	struct buf b = BUF_INIT;
	struct fhir f;
	char *cause = NULL;
	fhir_init(&f, &b, NULL);
	struct store_claim meta = {.type = RIF_BENEFICIARY, .id = 1, .data = "", .len = 0};
	assert_int_equal(fhir_eob(&f, &meta, &cause), -1);
	assert_string_equal(cause, "claim type 0 is not an ExplanationOfBenefit type");
	free(cause);
	meta.type = RIF_TYPE_COUNT;
	assert_int_equal(fhir_eob(&f, &meta, &cause), -1);
	assert_string_equal(cause, "claim type 11 is not an ExplanationOfBenefit type");
	free(cause);
	static const unsigned char junk[] = {1, 0xff, 0xff, 0xff};
	static const unsigned char version2[] = {2};
	for (int t = RIF_CARRIER; t < RIF_TYPE_COUNT; t++) {
		meta = (struct store_claim){.type = t, .id = 5, .data = junk, .len = sizeof junk};
		assert_int_equal(fhir_eob(&f, &meta, &cause), -1);
		char *want =
		    xasprintf("the stored %s claim 5 is unreadable", rif_layout_get(t)->name);
		assert_string_equal(cause, want);
		free(want);
		free(cause);
		meta.data = version2;
		meta.len = 1;
		assert_int_equal(fhir_eob(&f, &meta, &cause), -1);
		free(cause);
		meta.len = 0;
		assert_int_equal(fhir_eob(&f, &meta, &cause), -1);
		free(cause);
	}
	/* Nothing was written. */
	assert_int_equal(b.len, 0);
	buf_free(&b);
}

/* An unreadable stored claim read through the API: 500 with the cause. */
static void test_unreadable_stored(void **state)
{
	struct tu_fhir t = {tu_tmpdir(), NULL, NULL, NULL};
	char *cause = NULL, *path = xasprintf("%s/t.db", t.dir);
	if (store_open(path, &t.s, &cause) != 0)
		fail_msg("%s", cause);
	free(path);
	static const unsigned char junk[] = {1, 0xff};
	const struct store_claim c = {
	    .type = RIF_HHA, .id = 77, .bene_id = 1, .data = junk, .len = sizeof junk};
	if (store_put_claim(t.s, &c, &cause) != 0)
		fail_msg("%s", cause);
	int status;
	char *body = tu_fhir_get(&t, "/v2/fhir/ExplanationOfBenefit/hha-77", NULL, &status);
	assert_int_equal(status, 500);
	assert_non_null(strstr(body, "\"code\":\"exception\",\"diagnostics\":\"the stored hha "
	                             "claim 77 is unreadable\""));
	free(body);
	tu_fhir_close(&t);
}

/* Every claim type of sample A, with BFD's profiles (its DME and HHA transforms name the
 * inpatient and professional profiles, as its reference responses show). */
static void test_sample_types(void **state)
{
	TU_NEED_FIXTURES();
	struct tu_fhir *t = *state;
	static const struct {
		int type;
		int64_t id;
		const char *start, *profile;
	} claims[] = {
	    {RIF_CARRIER, 9991831999, "carrier-9991831999", "Professional-NonClinician"},
	    {RIF_DME, 2188888888, "dme-2188888888", "Inpatient-Institutional"},
	    {RIF_HHA, 2925555555, "hha-2925555555", "Professional-NonClinician"},
	    {RIF_HOSPICE, 9992223422, "hospice-9992223422", "Inpatient-Institutional"},
	    {RIF_INPATIENT, 333333222222, "inpatient-333333222222", "Inpatient-Institutional"},
	    {RIF_OUTPATIENT, 1234567890, "outpatient-1234567890", "Outpatient-Institutional"},
	    {RIF_SNF, 777777777, "snf-777777777", "Inpatient-Institutional"},
	    {RIF_PDE, 89, "pde-89", "Pharmacy"},
	};
	for (size_t i = 0; i < sizeof claims / sizeof *claims; i++) {
		struct buf rec = BUF_INIT, out = BUF_INIT;
		struct store_claim meta;
		char *cause = NULL;
		assert_int_equal(
		    store_get_claim(t->s, claims[i].type, claims[i].id, &rec, &meta, &cause), 1);
		struct fhir f;
		fhir_init(&f, &out, t->rd);
		f.enrich = t->enrich;
		if (fhir_eob(&f, &meta, &cause) != 0)
			fail_msg("%s: %s", claims[i].start, cause);
		const char *s = buf_cstr(&out);
		char *want = xasprintf("{\"resourceType\":\"ExplanationOfBenefit\",\"id\":\"%s\","
		                       "\"meta\":{\"lastUpdated\":",
		                       claims[i].start);
		if (strncmp(s, want, strlen(want)) != 0)
			fail_msg("%s: %.200s", claims[i].start, s);
		free(want);
		char *profile =
		    xasprintf("\"profile\":[\"" FHIR_PROFILE "C4BB-ExplanationOfBenefit-%s\"]",
		              claims[i].profile);
		if (strstr(s, profile) == NULL)
			fail_msg("%s: no %s", claims[i].start, profile);
		free(profile);
		assert_int_equal(s[out.len - 1], '}');
		/* A whole JSON document, with the beneficiary as patient. */
		char *patient = xasprintf("\"Patient/%lld\"", (long long)meta.bene_id);
		CHECKS(s, {"d['patient']['reference']", "Patient/567834"},
		       {"d['resourceType']", "ExplanationOfBenefit"});
		assert_non_null(strstr(s, patient));
		free(patient);
		buf_free(&out);
		buf_free(&rec);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_begin),
	    cmocka_unit_test(test_identifiers),
	    cmocka_unit_test(test_status),
	    cmocka_unit_test(test_type),
	    cmocka_unit_test(test_type_display),
	    cmocka_unit_test(test_small_writers),
	    cmocka_unit_test(test_billable_period),
	    cmocka_unit_test(test_failures),
	    cmocka_unit_test(test_unreadable_stored),
	    cmocka_unit_test(test_sample_types),
	};
	return cmocka_run_group_tests(tests, tu_fhir_setup_group_a, tu_fhir_teardown);
}
