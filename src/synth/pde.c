#include "synth/pde.h"

#include <string.h>

#include "synth/rng.h"

/* A drug as a plan sees it: an 11-digit NDC-shaped product id (not a real product), brand or
 * generic, units per 30 days, cost per unit in cents, and how often it is filled. */
struct drug {
	const char *ndc;
	char brand;
	int units_30, cents;
	double weight;
};

static const struct drug drugs[] = {
    {"00093721401", 'G', 30, 12, 12},   {"00093505601", 'G', 30, 9, 10},
    {"00378018001", 'G', 60, 6, 9},     {"00591054805", 'G', 30, 15, 8},
    {"68180051301", 'G', 30, 11, 8},    {"00904629161", 'G', 30, 7, 7},
    {"16729013201", 'G', 90, 5, 6},     {"31722070410", 'G', 30, 18, 6},
    {"65862001499", 'G', 60, 8, 5},     {"00172575860", 'G', 30, 20, 5},
    {"51079025420", 'G', 30, 14, 4},    {"00006027731", 'B', 30, 1450, 3},
    {"00310075190", 'B', 30, 1720, 3},  {"00597015230", 'B', 30, 1890, 3},
    {"00169413013", 'B', 5, 19800, 2},  {"00002879959", 'B', 5, 17600, 2},
    {"50090348900", 'B', 60, 980, 2},   {"00078065915", 'B', 60, 1150, 2},
    {"00074433902", 'B', 2, 310000, 1}, {"61958180101", 'B', 30, 42000, 0.5},
};
#define NDRUGS ((int)(sizeof drugs / sizeof drugs[0]))

int64_t synth_pde_id(const struct synth_bene *b, int k)
{
	return 100000000LL + (int64_t)b->index * 100000 + k;
}

void synth_pde_write(const struct synth_bene *b, struct synth_row *row, FILE *out)
{
	struct rng r;
	rng_seed(&r, b->seed ^ 0x7064650000000000ULL, b->index); /* "pde": its own stream */
	double w[NDRUGS];
	for (int i = 0; i < NDRUGS; i++)
		w[i] = drugs[i].weight;
	/* The last day covered: the end of the year, or the day of death. */
	int last = synth_bene_last_day(b);

	/* A beneficiary fills at one or two pharmacies, from one or two prescribers. */
	uint32_t pharmacy[2], prescriber[2];
	for (int i = 0; i < 2; i++) {
		pharmacy[i] = (uint32_t)rng_range(&r, 100000000, 199999999);
		prescriber[i] = (uint32_t)rng_range(&r, 100000000, 199999999);
	}
	for (int k = 0; k < b->claims[SYNTH_PDE] && k < 100000; k++) {
		const struct drug *d = &drugs[rng_weighted(&r, w, NDRUGS)];
		int days = rng_unit(&r) < 0.3 ? 90 : 30;
		int64_t units = (int64_t)d->units_30 * days / 30;
		int64_t total = units * d->cents;
		/* What the patient pays: a generic's copay or a brand's quarter; the low-income
		 * subsidy pays most of it for duals; the plan pays the rest. */
		int64_t patient = d->brand == 'G' ? (int64_t)rng_range(&r, 0, 10) * 100 : total / 4;
		if (patient > total)
			patient = total;
		int64_t lics = b->dual ? patient - patient / 10 : 0;
		patient -= lics;
		int64_t plan = total - patient - lics;
		char npi[SYNTH_NPI_LEN + 1];
		int yday = (int)rng_range(&r, 1, last);
		synth_row_clear(row);
		synth_row_set(row, "PDE_ID", "%lld", (long long)synth_pde_id(b, k));
		synth_row_set(row, "CLM_GRP_ID", "%lld", (long long)synth_pde_id(b, k));
		synth_row_set(row, "FINAL_ACTION", "F");
		synth_row_set(row, "BENE_ID", "%lld", (long long)b->id);
		synth_row_yday(row, "SRVC_DT", b->year, yday);
		synth_row_yday(row, "PD_DT", b->year, yday + 14);
		synth_row_set(row, "SRVC_PRVDR_ID_QLFYR_CD", "01");
		synth_npi(pharmacy[rng_below(&r, 2)], npi);
		synth_row_set(row, "SRVC_PRVDR_ID", "%s", npi);
		synth_row_set(row, "PRSCRBR_ID_QLFYR_CD", "01");
		synth_npi(prescriber[rng_below(&r, 2)], npi);
		synth_row_set(row, "PRSCRBR_ID", "%s", npi);
		synth_row_set(row, "RX_SRVC_RFRNC_NUM", "%lld",
		              (long long)rng_range(&r, 100000, 999999999));
		synth_row_set(row, "PROD_SRVC_ID", "%s", d->ndc);
		synth_row_set(row, "PLAN_CNTRCT_REC_ID", "%s", b->ptd_contract);
		synth_row_set(row, "PLAN_PBP_REC_NUM", "%s", b->ptd_pbp);
		synth_row_set(row, "CMPND_CD", "1");
		synth_row_set(row, "DAW_PROD_SLCTN_CD", "0");
		synth_row_set(row, "QTY_DSPNSD_NUM", "%lld", (long long)units);
		synth_row_set(row, "DAYS_SUPLY_NUM", "%d", days);
		synth_row_set(row, "FILL_NUM", "%d", (int)rng_range(&r, 0, 5));
		synth_row_set(row, "DRUG_CVRG_STUS_CD", "C");
		synth_row_cents(row, "GDC_BLW_OOPT_AMT", total);
		synth_row_cents(row, "GDC_ABV_OOPT_AMT", 0);
		synth_row_cents(row, "PTNT_PAY_AMT", patient);
		synth_row_cents(row, "OTHR_TROOP_AMT", 0);
		synth_row_cents(row, "LICS_AMT", lics);
		synth_row_cents(row, "PLRO_AMT", 0);
		synth_row_cents(row, "CVRD_D_PLAN_PD_AMT", plan);
		synth_row_cents(row, "NCVRD_PLAN_PD_AMT", 0);
		synth_row_cents(row, "TOT_RX_CST_AMT", total);
		synth_row_set(row, "RX_ORGN_CD", "3");
		synth_row_cents(row, "RPTD_GAP_DSCNT_NUM", 0);
		synth_row_set(row, "BRND_GNRC_CD", "%c", d->brand);
		synth_row_set(row, "PHRMCY_SRVC_TYPE_CD", "01");
		synth_row_set(row, "PTNT_RSDNC_CD", "01");
		synth_row_write(row, out);
	}
}
