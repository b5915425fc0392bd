/* Tests of fhir/eob_institutional.c, the pieces the five institutional transforms share:
 * called directly on an inpatient record built here (the contained organization, diagnoses
 * with their de-duplication, systems and present-on-admission extensions, procedures, the
 * care team, supporting information, totals and benefit balances), then through the five
 * claim types of sample A. */
#include "testutil.h"

#include "core/fatal.h"
#include "fhir/eob_institutional.h"
#include "fhirutil.h"
#include "rif/columns.h"

#define VAR "https://bluebutton.cms.gov/resources/variables/"

#define C(x) COL_INPATIENT_##x

/* An inpatient record with every value null and nlines lines. */
static struct fhir_record record(int nlines)
{
	struct fhir_record r = {rif_layout_get(RIF_INPATIENT), NULL, nlines, NULL};
	int nl = r.l->ncols - r.l->first_line_col;
	r.v = xcalloc((size_t)r.l->ncols, sizeof *r.v);
	r.lines = xcalloc((size_t)(nlines * nl + 1), sizeof *r.lines);
	for (int i = 0; i < r.l->ncols; i++)
		r.v[i].null = true;
	for (int i = 0; i < nlines * nl; i++)
		r.lines[i].null = true;
	return r;
}

static void set(struct fhir_record *r, int col, const char *s)
{
	r->v[col] = (struct rif_value){.s = s, .len = strlen(s)};
}

static void set_line(struct fhir_record *r, int line, int col, const char *s)
{
	*(struct rif_value *)fhir_line(r, line, col) = (struct rif_value){.s = s, .len = strlen(s)};
}

/* Runs fn on an inst of r inside a JSON object; returns the text (malloc'd). */
static char *render(struct fhir_record *r, void (*fn)(struct inst *x))
{
	struct buf b = BUF_INIT;
	struct fhir f;
	struct inst x;
	fhir_init(&f, &b, NULL);
	inst_init(&x, &f, r, &inst_inpatient_cols);
	json_object(&f.j);
	fn(&x);
	json_end_object(&f.j);
	inst_free(&x);
	char *s = strndup(b.data ? b.data : "", b.len);
	buf_free(&b);
	return s;
}

static void check(struct fhir_record *r, void (*fn)(struct inst *x), const char *const *pairs)
{
	char *s = render(r, fn);
	tu_check_json(s, pairs);
	free(s);
}

static void test_values(void **state)
{
	struct fhir_record r = record(1);
	struct buf b = BUF_INIT;
	struct fhir f;
	struct inst x;
	fhir_init(&f, &b, NULL);
	inst_init(&x, &f, &r, &inst_inpatient_cols);
	set(&r, C(PRVDR_NUM), "777776");
	assert_true(inst_v(&x, -1)->null);
	assert_true(inst_lv(&x, 0, -1)->null);
	assert_false(inst_v(&x, C(PRVDR_NUM))->null);
	assert_ptr_equal(inst_v(&x, C(PRVDR_NUM)), &r.v[C(PRVDR_NUM)]);
	set_line(&r, 0, C(HCPCS_CD), "M55");
	assert_ptr_equal(inst_lv(&x, 0, C(HCPCS_CD)), fhir_line(&r, 0, C(HCPCS_CD)));
	/* inst_array opens its array once, inst_array_end closes it once. */
	json_object(&f.j);
	inst_array(&x, "a");
	inst_array(&x, "b");
	json_int(&f.j, 1);
	inst_array_end(&x);
	inst_array_end(&x);
	json_end_object(&f.j);
	assert_string_equal(buf_cstr(&b), "{\"a\":[1]}");
	inst_free(&x);
	buf_free(&b);
	fhir_record_free(&r);
}

static void contained(struct inst *x)
{
	inst_contained(x);
}

static void test_contained(void **state)
{
	struct fhir_record r = record(0);
	/* Neither number: nothing. */
	char *s = render(&r, contained);
	assert_string_equal(s, "{}");
	free(s);
	set(&r, C(PRVDR_NUM), "777776");
	s = render(&r, contained);
	assert_string_equal(
	    s, "{\"contained\":[{\"resourceType\":\"Organization\",\"id\":\"provider-org\","
	       "\"meta\":{\"profile\":[\"http://hl7.org/fhir/us/carin-bb/StructureDefinition/"
	       "C4BB-Organization\"]},\"identifier\":[{\"type\":{\"coding\":[{\"system\":"
	       "\"http://terminology.hl7.org/CodeSystem/v2-0203\",\"code\":\"PRN\"}]},"
	       "\"value\":\"777776\"}],\"active\":true}]}");
	free(s);
	/* Both; no enrichment tables, so no name. */
	set(&r, C(ORG_NPI_NUM), "0000000000");
	static const char *const pairs[] = {
	    "[i['value'] for i in d['contained'][0]['identifier']]",
	    "[\"777776\",\"0000000000\"]",
	    "d['contained'][0]['identifier'][1]['system']",
	    "\"http://hl7.org/fhir/sid/us-npi\"",
	    "d['contained'][0]['identifier'][1]['type']['coding'][0]['code']",
	    "\"npi\"",
	    "'name' in d['contained'][0]",
	    "false",
	    NULL,
	};
	check(&r, contained, pairs);
	fhir_record_free(&r);
}

static void diagnoses(struct inst *x)
{
	inst_diagnoses(x, INST_DX_INPATIENT);
}

/* Codes in BFD's order (admitting, the first diagnosis, principal, the others, external
 * causes), each code once per system, present-on-admission indicators as extensions. */
static void test_diagnoses(void **state)
{
	struct fhir_record r = record(0);
	char *s = render(&r, diagnoses);
	assert_string_equal(s, "{}"); /* no codes: no "diagnosis" */
	free(s);
	set(&r, C(ADMTG_DGNS_CD), "A37");
	set(&r, C(ADMTG_DGNS_VRSN_CD), "0");
	set(&r, C(ICD_DGNS_CD1), "A40");
	set(&r, C(ICD_DGNS_VRSN_CD1), "0");
	set(&r, C(CLM_POA_IND_SW1), "Y");
	set(&r, C(PRNCPAL_DGNS_CD), "A40"); /* the same code: once */
	set(&r, C(PRNCPAL_DGNS_VRSN_CD), "0");
	set(&r, C(ICD_DGNS_CD2), "A40"); /* the same code in ICD-9: a new one */
	set(&r, C(ICD_DGNS_VRSN_CD2), "9");
	set(&r, C(CLM_POA_IND_SW2), "N");
	set(&r, C(ICD_DGNS_CD3), "A52");
	set(&r, C(ICD_DGNS_VRSN_CD3), "X"); /* an unknown version */
	set(&r, C(ICD_DGNS_CD4), "A53");    /* no version */
	set(&r, C(CLM_POA_IND_SW5), "Y");   /* an indicator without a code: nothing */
	set(&r, C(FST_DGNS_E_CD), "A01");
	set(&r, C(FST_DGNS_E_VRSN_CD), "0");
	set(&r, C(ICD_DGNS_E_CD1), "A01"); /* the first external cause is the same */
	set(&r, C(ICD_DGNS_E_VRSN_CD1), "0");
	set(&r, C(CLM_E_POA_IND_SW1), "N");
	set(&r, C(ICD_DGNS_E_CD2), "A02");
	set(&r, C(ICD_DGNS_E_VRSN_CD2), "0");
	set(&r, C(CLM_E_POA_IND_SW2), "U");
	static const char *const pairs[] = {
	    "[x['sequence'] for x in d['diagnosis']]",
	    "[1,2,3,4,5,6,7]",
	    "[x['diagnosisCodeableConcept']['coding'][-1]['code'] for x in d['diagnosis']]",
	    "[\"A37\",\"A40\",\"A40\",\"A52\",\"A53\",\"A01\",\"A02\"]",
	    "[x['diagnosisCodeableConcept']['coding'][-1]['system'].split('/')[-1] for x in "
	    "d['diagnosis']]",
	    "[\"icd-10\",\"icd-10\",\"icd-9-cm\",\"X\",\"unknown-icd-version\",\"icd-10\","
	    "\"icd-10\"]",
	    /* ICD-10 codes carry an ICD-10-CM coding first. */
	    "[len(x['diagnosisCodeableConcept']['coding']) for x in d['diagnosis']]",
	    "[2,2,1,1,1,2,2]",
	    "d['diagnosis'][1]['diagnosisCodeableConcept']['coding'][0]",
	    "{\"system\":\"http://hl7.org/fhir/sid/icd-10-cm\",\"code\":\"A40\"}",
	    "[x['type'][0]['coding'][0]['code'] for x in d['diagnosis']]",
	    "[\"admitting\",\"principal\",\"other\",\"other\",\"other\","
	    "\"externalcauseofinjury\",\"externalcauseofinjury\"]",
	    /* Present on admission: the diagnosis's own indicator, by its variable. */
	    "[[(e['url'].split('/')[-1],e['valueCoding']['code']) for e in x.get('extension',[])] "
	    "for x in d['diagnosis']]",
	    "[[],[[\"clm_poa_ind_sw1\",\"Y\"]],[[\"clm_poa_ind_sw2\",\"N\"]],[],[],"
	    "[[\"clm_e_poa_ind_sw1\",\"N\"]],[[\"clm_e_poa_ind_sw2\",\"U\"]]]",
	    "list(d['diagnosis'][1])",
	    "[\"extension\",\"sequence\",\"diagnosisCodeableConcept\",\"type\"]",
	    NULL,
	};
	check(&r, diagnoses, pairs);
	fhir_record_free(&r);
}

static void procedures(struct inst *x)
{
	inst_procedures(x);
}

static void test_procedures(void **state)
{
	struct fhir_record r = record(0);
	char *s = render(&r, procedures);
	assert_string_equal(s, "{}");
	free(s);
	set(&r, C(ICD_PRCDR_CD1), "0TCCCCC");
	set(&r, C(ICD_PRCDR_VRSN_CD1), "0");
	r.v[C(PRCDR_DT1)] = (struct rif_value){.i = rif_days_from_civil(2016, 1, 16)};
	set(&r, C(ICD_PRCDR_CD2), "0TCCCCC"); /* again: once */
	set(&r, C(ICD_PRCDR_VRSN_CD2), "0");
	set(&r, C(ICD_PRCDR_CD3), "9921");
	set(&r, C(ICD_PRCDR_VRSN_CD3), "9");
	static const char *const pairs[] = {
	    "d['procedure']",
	    "[{\"sequence\":1,\"date\":\"2016-01-16T00:00:00+00:00\","
	    "\"procedureCodeableConcept\":{\"coding\":[{\"system\":\"http://www.cms.gov/"
	    "Medicare/Coding/ICD10\",\"code\":\"0TCCCCC\"},{\"system\":\"http://hl7.org/fhir/"
	    "sid/icd-10\",\"code\":\"0TCCCCC\"}]}},"
	    "{\"sequence\":2,\"procedureCodeableConcept\":{\"coding\":[{\"system\":"
	    "\"http://hl7.org/fhir/sid/icd-9-cm\",\"code\":\"9921\"}]}}]",
	    NULL,
	};
	check(&r, procedures, pairs);
	fhir_record_free(&r);
}

static void team(struct inst *x)
{
	inst_team(x);
}

/* Members once per identifier type, value and role; the lines' rendering physicians after
 * the claim's. */
static void test_team(void **state)
{
	struct fhir_record r = record(2);
	char *s = render(&r, team);
	assert_string_equal(s, "{}");
	free(s);
	set(&r, C(AT_PHYSN_NPI), "161999999");
	set(&r, C(AT_PHYSN_UPIN), "AT1");
	set(&r, C(OP_PHYSN_NPI), "161999999"); /* same NPI, another role: kept */
	set(&r, C(OT_PHYSN_NPI), "345345345");
	set_line(&r, 0, C(RNDRNG_PHYSN_NPI), "345345345");
	set_line(&r, 1, C(RNDRNG_PHYSN_NPI), "345345345"); /* the same performer: once */
	set_line(&r, 1, C(RNDRNG_PHYSN_UPIN), "U1");
	static const char *const pairs[] = {
	    "[(c['sequence'],c['provider']['identifier']['value'],c['role']['coding'][0]['code'],"
	    "c['provider']['identifier']['type']['coding'][0]['code']) for c in d['careTeam']]",
	    "[[1,\"161999999\",\"attending\",\"npi\"],[2,\"AT1\",\"attending\",\"UPIN\"],"
	    "[3,\"161999999\",\"operating\",\"npi\"],[4,\"345345345\",\"otheroperating\",\"npi\"],"
	    "[5,\"345345345\",\"performing\",\"npi\"],[6,\"U1\",\"performing\",\"UPIN\"]]",
	    NULL,
	};
	check(&r, team, pairs);
	fhir_record_free(&r);
}

static void info(struct inst *x)
{
	inst_array(x, "supportingInfo");
	inst_info_code(x, "clm_drg_cd", C(CLM_DRG_CD));
	inst_info_code(x, "clm_ip_admsn_type_cd", C(CLM_IP_ADMSN_TYPE_CD));
	inst_info_admission(x, C(CLM_ADMSN_DT), C(NCH_BENE_DSCHRG_DT));
	inst_info_period(x, "nch_vrfd_ncvrd_stay_from_dt", C(NCH_VRFD_NCVRD_STAY_FROM_DT),
	                 C(NCH_VRFD_NCVRD_STAY_THRU_DT));
	inst_info_blood(x, C(NCH_BLOOD_PNTS_FRNSHD_QTY));
	inst_info_bill_discharge(x);
	inst_info_received(x);
	inst_array_end(x);
}

/* Null values are left out (the blood quantity is written without a value); the sequences
 * count what was written. */
static void test_info(void **state)
{
	struct fhir_record r = record(0);
	set(&r, C(CLM_IP_ADMSN_TYPE_CD), " 1 ");
	r.v[C(CLM_ADMSN_DT)] = (struct rif_value){.i = rif_days_from_civil(2016, 1, 15)};
	set(&r, C(PTNT_DSCHRG_STUS_CD), "");
	set(&r, C(CLM_FREQ_CD), "1");
	static const char *const pairs[] = {
	    "[s['sequence'] for s in d['supportingInfo']]",
	    "[1,2,3,4]",
	    "[s['category']['coding'][0]['code'] for s in d['supportingInfo']]",
	    "[\"admtype\",\"admissionperiod\",\"info\",\"typeofbill\"]",
	    "d['supportingInfo'][0]['code']['coding']",
	    "[{\"system\":\"https://www.nubc.org/CodeSystem/PriorityTypeOfAdmitOrVisit\","
	    "\"code\":\"1\"}]",
	    "d['supportingInfo'][1]['timingPeriod']",
	    "{\"start\":\"2016-01-15\"}",
	    "d['supportingInfo'][2]['valueQuantity']",
	    "{\"unit\":\"pint\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"[pt_us]\"}",
	    "d['supportingInfo'][3]['code']['coding'][0]['code']",
	    "\"1\"",
	    NULL,
	};
	check(&r, info, pairs);
	fhir_record_free(&r);
}

static void totals(struct inst *x)
{
	inst_total_payment(x);
	inst_bb_begin(x);
	inst_bb_money(x, "nch_bene_ip_ddctbl_amt", C(NCH_BENE_IP_DDCTBL_AMT));
	inst_bb_int(x, "clm_utlztn_day_cnt", C(CLM_UTLZTN_DAY_CNT));
	inst_bb_int(x, "bene_lrd_used_cnt", C(BENE_LRD_USED_CNT));
	inst_bb_end(x);
}

static void test_totals(void **state)
{
	struct fhir_record r = record(0);
	char *s = render(&r, totals);
	assert_string_equal(s, "{}"); /* all null: no total, payment nor benefit balance */
	free(s);
	r.v[C(CLM_TOT_CHRG_AMT)] = (struct rif_value){.i = 8499937, .scale = 2};
	r.v[C(CLM_PMT_AMT)] = (struct rif_value){.i = 769948, .scale = 2};
	r.v[C(NCH_BENE_IP_DDCTBL_AMT)] = (struct rif_value){.i = 11200, .scale = 2};
	r.v[C(CLM_UTLZTN_DAY_CNT)] = (struct rif_value){.i = 120, .scale = 1}; /* 12.0 */
	static const char *const pairs[] = {
	    "d['total'][0]['amount']",
	    "{\"value\":84999.37,\"currency\":\"USD\"}",
	    "d['total'][0]['category']['coding'][0]['code']",
	    "\"submitted\"",
	    "d['total'][0]['category']['coding'][1]['code']",
	    "\"" VAR "clm_tot_chrg_amt\"",
	    "d['payment']",
	    "{\"amount\":{\"value\":7699.48,\"currency\":\"USD\"}}",
	    "d['benefitBalance'][0]['category']['coding'][0]['code']",
	    "\"1\"",
	    "[(x['type']['coding'][0]['code'].split('/')[-1],x.get('usedMoney',{}).get('value'),"
	    "x.get('usedUnsignedInt')) for x in d['benefitBalance'][0]['financial']]",
	    "[[\"nch_bene_ip_ddctbl_amt\",112.0,null],[\"clm_utlztn_day_cnt\",null,12]]",
	    NULL,
	};
	check(&r, totals, pairs);
	fhir_record_free(&r);
}

/* ---- Through the five types of sample A ---- */

static char *read_eob(struct tu_fhir *t, const char *id)
{
	char *target = xasprintf("/v2/fhir/ExplanationOfBenefit/%s", id);
	struct tu_fhir bare = *t;
	bare.rd = NULL; /* values only: no display texts */
	char *body = tu_fhir_read(&bare, target, NULL, NULL);
	free(target);
	return body;
}

static void test_sample_types(void **state)
{
	TU_NEED_FIXTURES();
	struct tu_fhir *t = *state;
	static const struct {
		const char *id, *prvdr, *codes, *systems, *types;
	} claims[] = {
	    /* Outpatient's reason for visit (RSN_VISIT_CD1 A37) comes last. */
	    {"outpatient-1234567890", "999999", "[\"A40\",\"A52\",\"A06\",\"A15\",\"A37\"]",
	     "[\"icd-10\",\"icd-10\",\"icd-10\",\"icd-10\",\"icd-10\"]",
	     "[\"principal\",\"other\",\"externalcauseofinjury\",\"externalcauseofinjury\","
	     "\"patientreasonforvisit\"]"},
	    {"snf-777777777", "299999", "[\"6202\",\"3736\",\"V0182\",\"E9281\",\"3310\"]",
	     "[\"icd-9-cm\",\"icd-9-cm\",\"icd-9-cm\",\"icd-9-cm\",\"icd-9-cm\"]",
	     /* SNF labels as outpatient does: its admitting diagnosis is "other". */
	     "[\"other\",\"principal\",\"other\",\"externalcauseofinjury\","
	     "\"externalcauseofinjury\"]"},
	    {"hospice-9992223422", "12345", "[\"72761\",\"B30\",\"B01\",\"A52\"]",
	     "[\"icd-9-cm\",\"icd-10\",\"icd-10\",\"icd-10\"]",
	     "[\"principal\",\"other\",\"externalcauseofinjury\",\"externalcauseofinjury\"]"},
	    /* HHA labels as the professional claims do. */
	    {"hha-2925555555", "45645", "[\"53081\",\"B01\",\"B05\",\"B30\"]",
	     "[\"icd-9-cm\",\"icd-10\",\"icd-10\",\"icd-10\"]",
	     "[\"principal\",\"secondary\",\"secondary\",\"secondary\"]"},
	    {"inpatient-333333222222", "777776",
	     "[\"A37\",\"A40\",\"A52\",\"A06\",\"A15\",\"B01\",\"A01\",\"A02\"]",
	     "[\"icd-10\",\"icd-10\",\"icd-10\",\"icd-10\",\"icd-10\",\"icd-10\",\"icd-10\","
	     "\"icd-10\"]",
	     "[\"admitting\",\"principal\",\"other\",\"other\",\"other\",\"other\","
	     "\"externalcauseofinjury\",\"externalcauseofinjury\"]"},
	};
	for (size_t i = 0; i < sizeof claims / sizeof *claims; i++) {
		char *body = read_eob(t, claims[i].id);
		char *prvdr = xasprintf("\"%s\"", claims[i].prvdr);
		const char *const pairs[] = {
		    "d['contained'][0]['id']",
		    "\"provider-org\"",
		    "d['contained'][0]['identifier'][0]['value']",
		    prvdr,
		    "d['contained'][0]['identifier'][1]['value']",
		    "\"0000000000\"",
		    "d['provider']",
		    "{\"reference\":\"#provider-org\"}",
		    /* Each code once, numbered in order. */
		    "[x['diagnosisCodeableConcept']['coding'][-1]['code'] for x in d['diagnosis']]",
		    claims[i].codes,
		    "[x['sequence'] for x in d['diagnosis']]==list(range(1,len(d['diagnosis'])+1))",
		    "true",
		    "[x['diagnosisCodeableConcept']['coding'][-1]['system'].split('/')[-1] for x "
		    "in "
		    "d['diagnosis']]",
		    claims[i].systems,
		    "[x['type'][0]['coding'][0]['code'] for x in d['diagnosis']]",
		    claims[i].types,
		    "d['subType']['coding'][0]['code']",
		    strncmp(claims[i].id, "outpatient", 10) == 0 ? "\"outpatient\""
		                                                 : "\"inpatient\"",
		    NULL,
		};
		tu_check_json(body, pairs);
		free(prvdr);
		free(body);
	}
}

/* Present-on-admission extensions appear only on the inpatient claim (the only type with the
 * indicators), by the diagnosis's own variable. */
static void test_sample_poa(void **state)
{
	TU_NEED_FIXTURES();
	struct tu_fhir *t = *state;
	char *body = read_eob(t, "inpatient-333333222222");
	static const char *const pairs[] = {
	    "[[e['url'].split('/')[-1] for e in x.get('extension',[])] for x in d['diagnosis']]",
	    "[[],[\"clm_poa_ind_sw1\"],[\"clm_poa_ind_sw2\"],[\"clm_poa_ind_sw3\"],"
	    "[\"clm_poa_ind_sw4\"],[\"clm_poa_ind_sw5\"],[\"clm_e_poa_ind_sw1\"],"
	    "[\"clm_e_poa_ind_sw2\"]]",
	    NULL,
	};
	tu_check_json(body, pairs);
	free(body);
	static const char *const others[] = {"outpatient-1234567890", "snf-777777777",
	                                     "hospice-9992223422", "hha-2925555555"};
	for (size_t i = 0; i < sizeof others / sizeof *others; i++) {
		body = read_eob(t, others[i]);
		if (strstr(body, "poa_ind_sw"))
			fail_msg("%s has a present-on-admission extension", others[i]);
		free(body);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_values),     cmocka_unit_test(test_contained),
	    cmocka_unit_test(test_diagnoses),  cmocka_unit_test(test_procedures),
	    cmocka_unit_test(test_team),       cmocka_unit_test(test_info),
	    cmocka_unit_test(test_totals),     cmocka_unit_test(test_sample_types),
	    cmocka_unit_test(test_sample_poa),
	};
	return cmocka_run_group_tests(tests, tu_fhir_setup_group_a, tu_fhir_teardown);
}
