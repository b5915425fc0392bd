#include "synth/claims.h"

#include <stdlib.h>
#include <string.h>

#include "core/fatal.h"
#include "synth/rng.h"

/* Id ranges by type (PDE has 100000000: pde.c). */
static const int64_t id_base[SYNTH_PDE] = {200000000LL, 300000000LL, 400000000LL, 500000000LL,
                                           600000000LL, 700000000LL, 800000000LL};

int64_t synth_claim_id(enum synth_claim_type t, const struct synth_bene *b, int k)
{
	return id_base[t] + (int64_t)b->index * 100000 + k;
}

/* Each type's random stream: its own, so that one type's draws never shift another's. */
static void type_stream(struct rng *r, const struct synth_bene *b, enum synth_claim_type t)
{
	rng_seed(r, b->seed ^ (0x636c61696d000000ULL + ((uint64_t)t << 8)), b->index);
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* n days of the year, 1..last, in order. */
static int *sorted_days(struct rng *r, int n, int last)
{
	int *days = xcalloc((size_t)n, sizeof *days);
	for (int k = 0; k < n; k++)
		days[k] = (int)rng_range(r, 1, last);
	qsort(days, (size_t)n, sizeof *days, cmp_int);
	return days;
}

/* Room for n claims of type t, zeroed. */
static struct synth_claim *room(struct synth_claims *c, enum synth_claim_type t, int n)
{
	if (n > c->cap[t]) {
		free(c->of[t]);
		c->of[t] = xcalloc((size_t)n, sizeof *c->of[t]);
		c->cap[t] = n;
	} else if (n > 0)
		memset(c->of[t], 0, (size_t)n * sizeof *c->of[t]);
	c->n[t] = n;
	return c->of[t];
}

/* The start of making n claims of type t: room for them, and the type's random stream;
 * NULL when n is 0. */
static struct synth_claim *begin(const struct synth_bene *b, struct synth_claims *c,
                                 enum synth_claim_type t, int n, struct rng *r)
{
	struct synth_claim *cl = room(c, t, n);
	if (n == 0)
		return NULL;
	type_stream(r, b, t);
	return cl;
}

/* Adds diagnoses drawn from the common ones after those the claim has, up to n. */
static void more_dx(struct rng *r, struct synth_claim *cl, int n)
{
	while (cl->ndx < n && cl->ndx < SYNTH_MAX_DX)
		cl->dx[cl->ndx++] = synth_dx_draw(r);
}

/* A line's charge: the allowed amount marked up 20 % to 200 %. */
static int64_t charge(struct rng *r, int64_t allowed)
{
	return allowed + allowed * rng_range(r, 20, 200) / 100;
}

/* A provider's number in the beneficiary's state: the CMS certification number's SSA state
 * code and a facility number in the range of its kind. */
static void ccn(struct rng *r, const struct synth_bene *b, int lo, int hi, char out[8])
{
	memset(out, 0, 8); /* all of it set: claims are compared whole */
	snprintf(out, 8, "%.2s%04d", b->place->ssa_state, (int)rng_range(r, lo, hi));
}

/* A beneficiary's doctors: four NPIs' bases, reused across its claims. */
static void doctors(struct rng *r, uint32_t out[4])
{
	for (int i = 0; i < 4; i++)
		out[i] = (uint32_t)rng_range(r, 100000000, 199999999);
}

static int cap_count(int n)
{
	return n < 100000 ? n : 99999;
}

/* A carrier or DME line: the service on the claim's day, by the provider whose NPI base is
 * given, at the service's allowed amount, charged more. */
static void service_line(struct rng *r, struct synth_claim *cl, const struct synth_service *s,
                         uint32_t npi)
{
	struct synth_line *l = &cl->line[cl->nlines++];
	l->s = s;
	l->hcpcs = s->hcpcs;
	synth_npi(npi, l->npi);
	l->day = cl->from;
	l->units = s->units;
	l->allowed = s->allowed_cents;
	l->submitted = charge(r, l->allowed);
}

/* Carrier: physicians' claims, one to four lines. */
static void make_carrier(const struct synth_bene *b, struct synth_claims *c)
{
	int n = cap_count(b->claims[SYNTH_CARRIER]);
	struct rng r;
	struct synth_claim *cl = begin(b, c, SYNTH_CARRIER, n, &r);
	if (cl == NULL)
		return;
	int *days = sorted_days(&r, n, synth_bene_last_day(b));
	uint32_t doc[4];
	doctors(&r, doc);
	static const double nlines_w[4] = {50, 25, 15, 10};
	for (int k = 0; k < n; k++, cl++) {
		cl->id = synth_claim_id(SYNTH_CARRIER, b, k);
		cl->from = cl->thru = days[k];
		more_dx(&r, cl, 1 + (int)rng_below(&r, 4));
		synth_npi(doc[rng_below(&r, 4)], cl->npi[0]);
		synth_npi(doc[rng_below(&r, 4)], cl->npi[1]);
		int lines = 1 + rng_weighted(&r, nlines_w, 4);
		for (int i = 0; i < lines; i++) {
			const struct synth_service *s = synth_service_draw(&r);
			service_line(&r, cl, s, doc[rng_below(&r, 4)]);
		}
	}
	free(days);
}

/* DME: equipment and supplies, one or two lines from one of two suppliers. */
static void make_dme(const struct synth_bene *b, struct synth_claims *c)
{
	int n = cap_count(b->claims[SYNTH_DME]);
	struct rng r;
	struct synth_claim *cl = begin(b, c, SYNTH_DME, n, &r);
	if (cl == NULL)
		return;
	int *days = sorted_days(&r, n, synth_bene_last_day(b));
	uint32_t doc[4], supplier[2];
	doctors(&r, doc);
	for (int i = 0; i < 2; i++)
		supplier[i] = (uint32_t)rng_range(&r, 100000000, 199999999);
	for (int k = 0; k < n; k++, cl++) {
		cl->id = synth_claim_id(SYNTH_DME, b, k);
		cl->from = cl->thru = days[k];
		int lines = rng_unit(&r) < 0.8 ? 1 : 2;
		for (int i = 0; i < lines; i++)
			service_line(&r, cl, synth_dme_draw(&r), supplier[i]);
		/* The item's reason first, then perhaps another condition. */
		cl->dx[cl->ndx++] = &cl->line[0].s->dx;
		more_dx(&r, cl, 1 + (int)rng_below(&r, 2));
		synth_npi(supplier[0], cl->npi[0]);
		synth_npi(doc[rng_below(&r, 4)], cl->npi[1]); /* the ordering physician */
	}
	free(days);
}

/* Outpatient: hospital outpatient visits, one to four revenue center lines. */
static void make_outpatient(const struct synth_bene *b, struct synth_claims *c)
{
	int n = cap_count(b->claims[SYNTH_OUTPATIENT]);
	struct rng r;
	struct synth_claim *cl = begin(b, c, SYNTH_OUTPATIENT, n, &r);
	if (cl == NULL)
		return;
	int *days = sorted_days(&r, n, synth_bene_last_day(b));
	uint32_t doc[4], hospital_npi[2];
	doctors(&r, doc);
	char hospital[2][8];
	for (int i = 0; i < 2; i++) {
		ccn(&r, b, 1, 879, hospital[i]); /* short-term hospitals */
		hospital_npi[i] = (uint32_t)rng_range(&r, 100000000, 199999999);
	}
	for (int k = 0; k < n; k++, cl++) {
		cl->id = synth_claim_id(SYNTH_OUTPATIENT, b, k);
		cl->from = cl->thru = days[k];
		int h = (int)rng_below(&r, 2);
		memcpy(cl->provider, hospital[h], sizeof cl->provider);
		synth_npi(hospital_npi[h], cl->npi[0]);
		synth_npi(doc[rng_below(&r, 4)], cl->npi[1]);
		cl->status = "01";
		more_dx(&r, cl, 1 + (int)rng_below(&r, 3));
		cl->nlines = 1 + (int)rng_below(&r, 4);
		for (int i = 0; i < cl->nlines; i++) {
			struct synth_line *l = &cl->line[i];
			const struct synth_op_service *s = synth_op_draw(&r);
			l->rev = s->rev;
			l->hcpcs = s->hcpcs;
			memcpy(l->npi, cl->npi[1], sizeof l->npi);
			l->day = cl->from;
			l->units = 1;
			l->allowed = s->allowed_cents;
			l->submitted = charge(&r, l->allowed);
			l->rate = l->submitted;
		}
	}
	free(days);
}

/* A revenue center line that carries only a charge (inpatient, SNF, home health and hospice
 * lines; the payment is the claim's). */
static void charge_line(struct synth_claim *cl, const char *rev, const char *hcpcs, int day,
                        int units, int64_t rate)
{
	struct synth_line *l = &cl->line[cl->nlines++];
	l->rev = rev;
	l->hcpcs = hcpcs;
	memcpy(l->npi, cl->npi[1], sizeof l->npi);
	l->day = day;
	l->units = units;
	l->rate = rate;
	l->submitted = rate * units;
	cl->submitted += l->submitted;
}

/* Stays that do not overlap: the k-th admission's day and the day it ends, at most `len`
 * days on, before the next admission and by the last day covered. */
static int stay_end(const int *days, int n, int k, int len, int last)
{
	int thru = days[k] + len;
	if (k + 1 < n && thru >= days[k + 1])
		thru = days[k + 1] - 1 > days[k] ? days[k + 1] - 1 : days[k];
	return thru < last ? thru : last;
}

/* Inpatient: hospital stays by MS-DRG. */
static void make_inpatient(const struct synth_bene *b, struct synth_claims *c)
{
	int n = cap_count(b->claims[SYNTH_INPATIENT]);
	struct rng r;
	struct synth_claim *cl = begin(b, c, SYNTH_INPATIENT, n, &r);
	if (cl == NULL)
		return;
	int last = synth_bene_last_day(b);
	int *days = sorted_days(&r, n, last);
	uint32_t doc[4], hospital_npi;
	doctors(&r, doc);
	char hospital[8];
	ccn(&r, b, 1, 879, hospital);
	hospital_npi = (uint32_t)rng_range(&r, 100000000, 199999999);
	static const char *const status[3] = {"01", "06", "03"}; /* home, home health, SNF */
	static const double status_w[3] = {60, 20, 20};
	int last_discharge = -1000;
	for (int k = 0; k < n; k++, cl++) {
		cl->id = synth_claim_id(SYNTH_INPATIENT, b, k);
		cl->drg = synth_drg_draw(&r);
		cl->from = days[k];
		cl->thru = stay_end(days, n, k, cl->drg->los + (int)rng_range(&r, -1, 3), last);
		memcpy(cl->provider, hospital, sizeof cl->provider);
		synth_npi(hospital_npi, cl->npi[0]);
		synth_npi(doc[rng_below(&r, 4)], cl->npi[1]);
		cl->status = status[rng_weighted(&r, status_w, 3)];
		cl->dx[cl->ndx++] = &cl->drg->dx;
		more_dx(&r, cl, 2 + (int)rng_below(&r, 4));
		int nights = cl->thru > cl->from ? cl->thru - cl->from : 1;
		charge_line(cl, "0120", NULL, cl->from, nights, rng_range(&r, 250000, 400000));
		charge_line(cl, "0250", NULL, cl->from, 1, rng_range(&r, 50000, 400000));
		charge_line(cl, "0300", NULL, cl->from, 1, rng_range(&r, 30000, 300000));
		if (cl->drg->procedure)
			charge_line(cl, "0360", NULL, cl->from, 1, rng_range(&r, 1000000, 4000000));
		/* The DRG's payment is allowed; the charges are at least that. */
		cl->allowed = cl->drg->payment_cents;
		if (cl->submitted < cl->allowed) {
			cl->line[0].submitted += cl->allowed - cl->submitted;
			cl->submitted = cl->allowed;
		}
		/* A new benefit period: the deductible again. */
		if (cl->from - last_discharge > 60)
			cl->deductible = SYNTH_PART_A_DEDUCTIBLE;
		last_discharge = cl->thru;
		cl->paid = cl->allowed - cl->deductible;
	}
	free(days);
}

/* SNF: skilled nursing stays after a hospital, coinsurance from day 21. */
static void make_snf(const struct synth_bene *b, struct synth_claims *c)
{
	int n = cap_count(b->claims[SYNTH_SNF]);
	struct rng r;
	struct synth_claim *cl = begin(b, c, SYNTH_SNF, n, &r);
	if (cl == NULL)
		return;
	int last = synth_bene_last_day(b);
	int *days = sorted_days(&r, n, last);
	uint32_t doc[4], snf_npi;
	doctors(&r, doc);
	char snf[8];
	ccn(&r, b, 5000, 6499, snf);
	snf_npi = (uint32_t)rng_range(&r, 100000000, 199999999);
	for (int k = 0; k < n; k++, cl++) {
		cl->id = synth_claim_id(SYNTH_SNF, b, k);
		cl->from = days[k];
		cl->thru = stay_end(days, n, k, (int)rng_range(&r, 7, 40), last);
		memcpy(cl->provider, snf, sizeof cl->provider);
		synth_npi(snf_npi, cl->npi[0]);
		synth_npi(doc[rng_below(&r, 4)], cl->npi[1]);
		cl->status = cl->thru == last && b->death_month ? "20" : "01";
		cl->dx[cl->ndx++] = synth_snf_dx_draw(&r);
		more_dx(&r, cl, 2 + (int)rng_below(&r, 3));
		int stay = cl->thru > cl->from ? cl->thru - cl->from : 1;
		charge_line(cl, "0022", NULL, cl->from, stay, rng_range(&r, 70000, 90000));
		charge_line(cl, "0420", "97110", cl->from, 1 + stay / 2, 15000);
		charge_line(cl, "0430", "97535", cl->from, 1 + stay / 3, 15000);
		charge_line(cl, "0250", NULL, cl->from, 1, rng_range(&r, 5000, 100000));
		cl->allowed = (int64_t)stay * 65000;
		cl->coinsurance = stay > 20 ? (int64_t)(stay - 20) * SYNTH_SNF_COINSURANCE : 0;
		cl->paid = cl->allowed - cl->coinsurance;
	}
	free(days);
}

/* Home health: consecutive 30-day periods of visits. */
static void make_hha(const struct synth_bene *b, struct synth_claims *c)
{
	int want = cap_count(b->claims[SYNTH_HHA]);
	struct rng r;
	struct synth_claim *cl = begin(b, c, SYNTH_HHA, want, &r);
	if (cl == NULL)
		return;
	int last = synth_bene_last_day(b);
	int latest = last - 30 * want + 1;
	int day = (int)rng_range(&r, 1, latest > 1 ? latest : 1);
	uint32_t doc[4], agency_npi;
	doctors(&r, doc);
	char agency[8];
	ccn(&r, b, 7000, 8499, agency);
	agency_npi = (uint32_t)rng_range(&r, 100000000, 199999999);
	const struct synth_dx *reason = synth_hha_dx_draw(&r);
	int n = 0;
	for (; n < want && day <= last; n++, cl++, day += 30) {
		cl->id = synth_claim_id(SYNTH_HHA, b, n);
		cl->from = day;
		cl->thru = day + 29 < last ? day + 29 : last;
		memcpy(cl->provider, agency, sizeof cl->provider);
		synth_npi(agency_npi, cl->npi[0]);
		synth_npi(doc[0], cl->npi[1]);
		cl->status = cl->thru == last && b->death_month ? "20" : n + 1 < want ? "30" : "01";
		cl->dx[cl->ndx++] = reason;
		more_dx(&r, cl, 2 + (int)rng_below(&r, 3));
		int nursing = (int)rng_range(&r, 3, 10), therapy = (int)rng_range(&r, 0, 8),
		    aide = (int)rng_range(&r, 0, 4);
		charge_line(cl, "0023", NULL, cl->from, 1, 0);
		charge_line(cl, "0551", "G0299", cl->from, nursing, 18000);
		if (therapy)
			charge_line(cl, "0421", "G0151", cl->from, therapy, 20000);
		if (aide)
			charge_line(cl, "0571", "G0156", cl->from, aide, 9000);
		cl->visits = nursing + therapy + aide;
		int64_t payment = rng_range(&r, 180000, 320000);
		cl->allowed = cl->paid = payment < cl->submitted ? payment : cl->submitted;
	}
	c->n[SYNTH_HHA] = n;
}

/* Hospice: a monthly claim for each month of an election that lasts to the last day
 * covered (death, or the year's end). */
static void make_hospice(const struct synth_bene *b, struct synth_claims *c)
{
	int last = synth_bene_last_day(b);
	int last_month = 1;
	while (last_month < 12 && synth_day_of_year(b->year, last_month + 1, 1) <= last)
		last_month++;
	int n = cap_count(b->claims[SYNTH_HOSPICE]);
	if (n > last_month)
		n = last_month;
	struct rng r;
	struct synth_claim *cl = begin(b, c, SYNTH_HOSPICE, n, &r);
	if (cl == NULL)
		return;
	int first_month = last_month - n + 1;
	int month_start = synth_day_of_year(b->year, first_month, 1);
	int month_end = month_start + synth_days_in(b->year, first_month) - 1;
	int start = (int)rng_range(&r, month_start, month_end < last ? month_end : last);
	uint32_t doc, hospice_npi = (uint32_t)rng_range(&r, 100000000, 199999999);
	doc = (uint32_t)rng_range(&r, 100000000, 199999999);
	char hospice[8];
	ccn(&r, b, 1500, 1799, hospice);
	const struct synth_dx *reason = synth_hospice_dx_draw(&r);
	for (int k = 0; k < n; k++, cl++) {
		int m = first_month + k;
		cl->id = synth_claim_id(SYNTH_HOSPICE, b, k);
		cl->from = k == 0 ? start : synth_day_of_year(b->year, m, 1);
		int end = synth_day_of_year(b->year, m, synth_days_in(b->year, m));
		cl->thru = end < last ? end : last;
		cl->start = start;
		memcpy(cl->provider, hospice, sizeof cl->provider);
		synth_npi(hospice_npi, cl->npi[0]);
		synth_npi(doc, cl->npi[1]);
		cl->status = cl->thru == last && b->death_month ? "40" : "30";
		cl->dx[cl->ndx++] = reason;
		more_dx(&r, cl, 1 + (int)rng_below(&r, 3));
		int days = cl->thru - cl->from + 1;
		int64_t rate = rng_range(&r, 20000, 23000);
		charge_line(cl, "0651", NULL, cl->from, days, rate);
		if (rng_unit(&r) < 0.5)
			charge_line(cl, "0657", "99349", cl->from, 1, 15000);
		cl->allowed = cl->paid = (int64_t)days * rate;
	}
}

/* Part B cost sharing, over carrier, DME and outpatient lines in date order (ties: in that
 * order of types, then of claims): the deductible until met, then 20 % coinsurance. */
struct part_b_claim {
	int day, type, k;
	struct synth_claim *c;
};

static int cmp_part_b(const void *pa, const void *pb)
{
	const struct part_b_claim *a = pa, *b = pb;
	if (a->day != b->day)
		return a->day - b->day;
	if (a->type != b->type)
		return a->type - b->type;
	return a->k - b->k;
}

static void part_b_cost_sharing(struct synth_claims *c)
{
	static const enum synth_claim_type types[3] = {SYNTH_CARRIER, SYNTH_DME, SYNTH_OUTPATIENT};
	size_t n = 0;
	for (int t = 0; t < 3; t++)
		n += (size_t)c->n[types[t]];
	if (n == 0)
		return;
	struct part_b_claim *all = xcalloc(n, sizeof *all);
	size_t i = 0;
	for (int t = 0; t < 3; t++)
		for (int k = 0; k < c->n[types[t]]; k++) {
			struct synth_claim *cl = &c->of[types[t]][k];
			all[i++] = (struct part_b_claim){cl->from, t, k, cl};
		}
	qsort(all, n, sizeof *all, cmp_part_b);
	int64_t left = SYNTH_PART_B_DEDUCTIBLE;
	for (i = 0; i < n; i++) {
		struct synth_claim *cl = all[i].c;
		for (int j = 0; j < cl->nlines; j++) {
			struct synth_line *l = &cl->line[j];
			l->deductible = left < l->allowed ? left : l->allowed;
			left -= l->deductible;
			l->coinsurance = (l->allowed - l->deductible) / 5;
			l->paid = l->allowed - l->deductible - l->coinsurance;
			cl->submitted += l->submitted;
			cl->allowed += l->allowed;
			cl->deductible += l->deductible;
			cl->coinsurance += l->coinsurance;
			cl->paid += l->paid;
		}
	}
	free(all);
}

void synth_claims_make(const struct synth_bene *b, struct synth_claims *c)
{
	make_carrier(b, c);
	make_dme(b, c);
	make_hha(b, c);
	make_hospice(b, c);
	make_inpatient(b, c);
	make_outpatient(b, c);
	make_snf(b, c);
	part_b_cost_sharing(c);
}

void synth_claims_free(struct synth_claims *c)
{
	for (int t = 0; t < SYNTH_PDE; t++)
		free(c->of[t]);
	memset(c, 0, sizeof *c);
}
