/* layout: the columns of each RIF file type (from BFD's layouts) and recognising a type by its
 * header line. */
#ifndef BB_RIF_LAYOUT_H
#define BB_RIF_LAYOUT_H

#include <stdbool.h>

enum rif_kind {
	RIF_STRING,    /* char / varchar(len) */
	RIF_SMALLINT,  /* 16-bit */
	RIF_INTEGER,   /* 32-bit */
	RIF_BIGINT,    /* 64-bit */
	RIF_DECIMAL,   /* numeric(len, scale): exact, kept as a scaled integer; len 0 = unbounded,
	                  scale -1 = as written */
	RIF_DATE,      /* dd-MMM-yyyy or yyyyMMdd */
	RIF_TIMESTAMP, /* dd-MMM-yyyy HH:mm:ss */
};

enum {
	RIF_REQUIRED = 1, /* the column may not be empty (strings excepted: see rif_value_parse) */
	RIF_EMPTY_ZERO = 2, /* an empty value of a required number reads as 0 */
	RIF_LINE = 4,       /* a claim-line column */
};

struct rif_column {
	const char *name;
	unsigned char kind;
	short len;
	short scale;
	unsigned char flags;
};

/* The file types, in dependency order (the order a directory is loaded in). The numbers are
 * stored in the database: never renumber. */
enum rif_type {
	RIF_BENEFICIARY = 0,
	RIF_BENEFICIARY_HISTORY = 1,
	RIF_MBI_HISTORY = 2,
	RIF_CARRIER = 3,
	RIF_DME = 4,
	RIF_HHA = 5,
	RIF_HOSPICE = 6,
	RIF_INPATIENT = 7,
	RIF_OUTPATIENT = 8,
	RIF_SNF = 9,
	RIF_PDE = 10,
	RIF_TYPE_COUNT
};

struct rif_layout {
	enum rif_type type;
	const char *name;              /* "carrier", as in EOB ids */
	const char *manifest_name;     /* "CARRIER", as in BFD manifests */
	const struct rif_column *cols; /* every column after DML_IND, in file order */
	int ncols;
	int first_line_col; /* index of the first claim-line column; ncols when none */
	bool has_dml;       /* the file starts with a DML_IND column */
	bool grouped;       /* consecutive rows with one key are one claim with lines */
	int key_col;        /* CLM_ID, PDE_ID, BENE_ID, BENE_MBI_ID; -1 for beneficiary history */
	int bene_col;       /* BENE_ID */
	int line_num_col;   /* LINE_NUM / CLM_LINE_NUM; -1 when none */
	int from_col, thru_col; /* service dates (-1 when none) */
};

const struct rif_layout *rif_layout_get(enum rif_type type);
/* Finds the type of a file from its header's column names (DML_IND included when present).
 * Returns NULL when none matches; then *bad names the first column that fits no type, as an
 * index into names (or n when the header is too short). */
const struct rif_layout *rif_layout_match(char *const *names, int n, int *bad);
/* The column index of `name`, or -1. */
int rif_layout_column(const struct rif_layout *l, const char *name);
/* A beneficiary's enrolment by month: the beneficiary file has twelve groups of these
 * columns (one group a month); rif_month_columns() describes one month's record (13 columns)
 * and rif_month_source(field, month) is the beneficiary column holding field `field` (0..12)
 * of month `month` (1..12). */
#define RIF_MONTH_FIELDS 13
const struct rif_column *rif_month_columns(void);
int rif_month_source(int field, int month);

/* The type whose manifest name (CARRIER, BENEFICIARY, …) is `name`, or -1. */
int rif_type_from_manifest(const char *name);

#endif
