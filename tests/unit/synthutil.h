/* Helpers of the synthetic data's tests: RIF amounts and dates read back, and a synthetic
 * beneficiary's coverage worked out apart from the generator's own helpers. */
#ifndef BB_TEST_SYNTHUTIL_H
#define BB_TEST_SYNTHUTIL_H

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "synth/bene.h"

/* Cents from "123.45". */
static inline long long tu_amount(const char *s)
{
	long long whole = 0, frac = 0;
	if (sscanf(s, "%lld.%2lld", &whole, &frac) != 2)
		fail_msg("not an amount: '%s'", s);
	return whole * 100 + frac;
}

/* Days since 1 Jan 2000 of "dd-Mon-yyyy". */
static inline int tu_day_number(const char *s)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	int d, y;
	char mon[4];
	if (sscanf(s, "%2d-%3s-%4d", &d, mon, &y) != 3)
		fail_msg("not a date: '%s'", s);
	const char *at = strstr(months, mon);
	if (at == NULL)
		fail_msg("not a month: '%s'", s);
	struct tm tm = {.tm_year = y - 1900, .tm_mon = (int)(at - months) / 3, .tm_mday = d};
	return (int)(timegm(&tm) / 86400) - 10957;
}

/* The last day the beneficiary is covered in 2025 (its death, or the year's end), and its
 * birth, as tu_day_number counts. */
static inline int tu_covered_until(const struct synth_bene *b)
{
	if (!b->death_month)
		return tu_day_number("31-Dec-2025");
	struct tm tm = {.tm_year = 125, .tm_mon = b->death_month - 1, .tm_mday = b->death_day};
	return (int)(timegm(&tm) / 86400) - 10957;
}

static inline int tu_birth_day(const struct synth_bene *b)
{
	struct tm tm = {
	    .tm_year = b->birth_year - 1900, .tm_mon = b->birth_month - 1, .tm_mday = b->birth_day};
	return (int)(timegm(&tm) / 86400) - 10957;
}

#endif
