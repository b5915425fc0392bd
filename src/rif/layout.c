#include "rif/layout.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "core/fatal.h"

extern const struct rif_column rif_columns_beneficiary[], rif_columns_beneficiary_history[],
    rif_columns_carrier[], rif_columns_dme[], rif_columns_hha[], rif_columns_hospice[],
    rif_columns_inpatient[], rif_columns_outpatient[], rif_columns_snf[], rif_columns_pde[];

/* The MBI-history file type was removed from BFD in 2023 and has no layout there; its columns
 * are those of the historical sample file. */
static const struct rif_column rif_columns_mbi_history[] = {
    {"BENE_MBI_ID", RIF_BIGINT, 0, 0, RIF_REQUIRED},
    {"BENE_ID", RIF_BIGINT, 0, 0, RIF_REQUIRED},
    {"BENE_CLM_ACNT_NUM", RIF_STRING, 9, 0, 0},
    {"BENE_IDENT_CD", RIF_STRING, 2, 0, 0},
    {"MBI_SQNC_NUM", RIF_INTEGER, 0, 0, 0},
    {"MBI_NUM", RIF_STRING, 11, 0, 0},
    {"MBI_EFCTV_BGN_DT", RIF_DATE, 0, 0, 0},
    {"MBI_EFCTV_END_DT", RIF_DATE, 0, 0, 0},
    {"MBI_BGN_RSN_CD", RIF_STRING, 5, 0, 0},
    {"MBI_END_RSN_CD", RIF_STRING, 5, 0, 0},
    {"MBI_CARD_RQST_DT", RIF_DATE, 0, 0, 0},
    {"CREAT_USER_ID", RIF_STRING, 30, 0, 0},
    {"CREAT_TS", RIF_TIMESTAMP, 0, 0, 0},
    {"UPDT_USER_ID", RIF_STRING, 30, 0, 0},
    {"UPDT_TS", RIF_TIMESTAMP, 0, 0, 0},
    {"BENE_CRNT_REC_IND_ID", RIF_INTEGER, 0, 0, 0},
    {0},
};

static const struct {
	const char *name, *manifest_name;
	const struct rif_column *cols;
	bool has_dml, grouped;
	const char *key, *line_num, *from, *thru;
} specs[RIF_TYPE_COUNT] = {
    [RIF_BENEFICIARY] = {"beneficiary", "BENEFICIARY", rif_columns_beneficiary, true, false,
                         "BENE_ID", NULL, NULL, NULL},
    [RIF_BENEFICIARY_HISTORY] = {"beneficiary_history", "BENEFICIARY_HISTORY",
                                 rif_columns_beneficiary_history, true, false, NULL, NULL, NULL,
                                 NULL},
    [RIF_MBI_HISTORY] = {"mbi_history", "MEDICARE_BENEFICIARY_ID_HISTORY", rif_columns_mbi_history,
                         false, false, "BENE_MBI_ID", NULL, NULL, NULL},
    [RIF_CARRIER] = {"carrier", "CARRIER", rif_columns_carrier, true, true, "CLM_ID", "LINE_NUM",
                     "CLM_FROM_DT", "CLM_THRU_DT"},
    [RIF_DME] = {"dme", "DME", rif_columns_dme, true, true, "CLM_ID", "LINE_NUM", "CLM_FROM_DT",
                 "CLM_THRU_DT"},
    [RIF_HHA] = {"hha", "HHA", rif_columns_hha, true, true, "CLM_ID", "CLM_LINE_NUM", "CLM_FROM_DT",
                 "CLM_THRU_DT"},
    [RIF_HOSPICE] = {"hospice", "HOSPICE", rif_columns_hospice, true, true, "CLM_ID",
                     "CLM_LINE_NUM", "CLM_FROM_DT", "CLM_THRU_DT"},
    [RIF_INPATIENT] = {"inpatient", "INPATIENT", rif_columns_inpatient, true, true, "CLM_ID",
                       "CLM_LINE_NUM", "CLM_FROM_DT", "CLM_THRU_DT"},
    [RIF_OUTPATIENT] = {"outpatient", "OUTPATIENT", rif_columns_outpatient, true, true, "CLM_ID",
                        "CLM_LINE_NUM", "CLM_FROM_DT", "CLM_THRU_DT"},
    [RIF_SNF] = {"snf", "SNF", rif_columns_snf, true, true, "CLM_ID", "CLM_LINE_NUM", "CLM_FROM_DT",
                 "CLM_THRU_DT"},
    [RIF_PDE] = {"pde", "PDE", rif_columns_pde, true, false, "PDE_ID", NULL, "SRVC_DT", "SRVC_DT"},
};

/* The monthly column groups: name patterns with %s for the month (JAN … SEPT … DEC) or %d for
 * its number. */
static const struct {
	const char *name, *pattern;
} month_fields[RIF_MONTH_FIELDS] = {
    {"FIPS_STATE_CNTY_CD", "FIPS_STATE_CNTY_%s_CD"},
    {"MDCR_STUS_CD", "MDCR_STUS_%s_CD"},
    {"MDCR_ENTLMT_BUYIN_IND", "MDCR_ENTLMT_BUYIN_%d_IND"},
    {"HMO_IND", "HMO_%d_IND"},
    {"PTC_CNTRCT_ID", "PTC_CNTRCT_%s_ID"},
    {"PTC_PBP_ID", "PTC_PBP_%s_ID"},
    {"PTC_PLAN_TYPE_CD", "PTC_PLAN_TYPE_%s_CD"},
    {"PTD_CNTRCT_ID", "PTD_CNTRCT_%s_ID"},
    {"PTD_PBP_ID", "PTD_PBP_%s_ID"},
    {"PTD_SGMT_ID", "PTD_SGMT_%s_ID"},
    {"RDS_IND", "RDS_%s_IND"},
    {"META_DUAL_ELGBL_STUS_CD", "META_DUAL_ELGBL_STUS_%s_CD"},
    {"CST_SHR_GRP_CD", "CST_SHR_GRP_%s_CD"},
};
static const char *const month_names[12] = {"JAN", "FEB", "MAR",  "APR", "MAY", "JUN",
                                            "JUL", "AUG", "SEPT", "OCT", "NOV", "DEC"};
static struct rif_column month_cols[RIF_MONTH_FIELDS + 1];
static int month_src[RIF_MONTH_FIELDS][12];

static struct rif_layout layouts[RIF_TYPE_COUNT];
static pthread_once_t layouts_once = PTHREAD_ONCE_INIT;

int rif_layout_column(const struct rif_layout *l, const char *name)
{
	for (int i = 0; i < l->ncols; i++)
		if (strcmp(l->cols[i].name, name) == 0)
			return i;
	return -1;
}

static void layouts_init(void);

static void months_init(const struct rif_layout *bene)
{
	for (int f = 0; f < RIF_MONTH_FIELDS; f++) {
		for (int m = 0; m < 12; m++) {
			char name[64];
			if (strstr(month_fields[f].pattern, "%d"))
				snprintf(name, sizeof name, month_fields[f].pattern, m + 1);
			else
				snprintf(name, sizeof name, month_fields[f].pattern,
				         month_names[m]);
			month_src[f][m] = rif_layout_column(bene, name);
			if (month_src[f][m] < 0)
				fatal("beneficiary layout has no column %s", name);
		}
		month_cols[f] = bene->cols[month_src[f][0]];
		month_cols[f].name = month_fields[f].name;
		month_cols[f].flags = 0;
	}
}

const struct rif_column *rif_month_columns(void)
{
	pthread_once(&layouts_once, layouts_init);
	return month_cols;
}

int rif_month_source(int field, int month)
{
	pthread_once(&layouts_once, layouts_init);
	return month_src[field][month - 1];
}

static int column_or_fail(const struct rif_layout *l, const char *name)
{
	if (name == NULL)
		return -1;
	int i = rif_layout_column(l, name);
	if (i < 0)
		fatal("RIF layout %s has no column %s", l->name, name);
	return i;
}

/* The tables are constant; the derived indexes are computed once, on first use. */
static void layouts_init(void)
{
	for (int t = 0; t < RIF_TYPE_COUNT; t++) {
		struct rif_layout *l = &layouts[t];
		l->type = (enum rif_type)t;
		l->name = specs[t].name;
		l->manifest_name = specs[t].manifest_name;
		l->cols = specs[t].cols;
		l->has_dml = specs[t].has_dml;
		l->grouped = specs[t].grouped;
		l->ncols = 0;
		while (l->cols[l->ncols].name)
			l->ncols++;
		l->first_line_col = l->ncols;
		for (int i = 0; i < l->ncols; i++)
			if (l->cols[i].flags & RIF_LINE) {
				l->first_line_col = i;
				break;
			}
		l->key_col = column_or_fail(l, specs[t].key);
		l->bene_col = column_or_fail(l, "BENE_ID");
		l->line_num_col = column_or_fail(l, specs[t].line_num);
		l->from_col = column_or_fail(l, specs[t].from);
		l->thru_col = column_or_fail(l, specs[t].thru);
	}
	months_init(&layouts[RIF_BENEFICIARY]);
}

const struct rif_layout *rif_layout_get(enum rif_type type)
{
	pthread_once(&layouts_once, layouts_init);
	if ((int)type < 0 || type >= RIF_TYPE_COUNT)
		return NULL;
	return &layouts[type];
}

const struct rif_layout *rif_layout_match(char *const *names, int n, int *bad)
{
	int best = -1;
	pthread_once(&layouts_once, layouts_init);
	*bad = 0;
	for (int t = 0; t < RIF_TYPE_COUNT; t++) {
		const struct rif_layout *l = &layouts[t];
		int off = l->has_dml ? 1 : 0, i = 0;
		if (l->has_dml && (n < 1 || strcmp(names[0], "DML_IND") != 0))
			continue;
		while (i < l->ncols && i + off < n && strcmp(names[i + off], l->cols[i].name) == 0)
			i++;
		if (i == l->ncols && n == l->ncols + off)
			return l;
		/* Remember how far the closest type got, to name the column that broke it. */
		if (i + off > best)
			best = i + off;
	}
	*bad = best < 0 ? 0 : best;
	return NULL;
}

int rif_type_from_manifest(const char *name)
{
	for (int t = 0; t < RIF_TYPE_COUNT; t++)
		if (strcmp(specs[t].manifest_name, name) == 0)
			return t;
	return -1;
}
