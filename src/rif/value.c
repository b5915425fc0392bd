#include "rif/value.h"

#include <stdio.h>
#include <string.h>

static const char *const months[12] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                       "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};

/* JAN … DEC in any case to 1 … 12; 0 when none. */
static int month_number(const char *s)
{
	char up[3];
	for (int i = 0; i < 3; i++)
		up[i] = (char)(s[i] >= 'a' && s[i] <= 'z' ? s[i] - 32 : s[i]);
	for (int i = 0; i < 12; i++)
		if (up[0] == months[i][0] && up[1] == months[i][1] && up[2] == months[i][2])
			return i + 1;
	return 0;
}

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : d[m - 1];
}

/* Howard Hinnant's days-from-civil algorithm (proleptic Gregorian). */
int64_t rif_days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void rif_date_civil(int64_t z, int *year, int *month, int *day)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = yoe + era * 400;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t d = doy - (153 * mp + 2) / 5 + 1;
	int64_t m = mp < 10 ? mp + 3 : mp - 9;
	*year = (int)(y + (m <= 2));
	*month = (int)m;
	*day = (int)d;
}

static int digits(const char *s, size_t n, int *out)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int rif_parse_date(const char *s, size_t len, int64_t *days)
{
	int y, m = 0, d;
	if (len == 11 && s[2] == '-' && s[6] == '-') {
		if (digits(s, 2, &d) < 0 || digits(s + 7, 4, &y) < 0)
			return -1;
		m = month_number(s + 3);
		if (m == 0)
			return -1;
	} else if (len == 10 && s[4] == '-' && s[7] == '-') {
		if (digits(s, 4, &y) < 0 || digits(s + 5, 2, &m) < 0 || digits(s + 8, 2, &d) < 0)
			return -1;
	} else if (len == 8) {
		if (digits(s, 4, &y) < 0 || digits(s + 4, 2, &m) < 0 || digits(s + 6, 2, &d) < 0)
			return -1;
	} else {
		return -1;
	}
	if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return -1;
	*days = rif_days_from_civil(y, m, d);
	return 0;
}

static int parse_timestamp(const char *s, size_t len, int64_t *secs)
{
	int64_t days;
	int h, mi, se;
	if (len != 20 || s[11] != ' ' || s[14] != ':' || s[17] != ':')
		return -1;
	if (rif_parse_date(s, 11, &days) < 0 || digits(s + 12, 2, &h) < 0 ||
	    digits(s + 15, 2, &mi) < 0 || digits(s + 18, 2, &se) < 0)
		return -1;
	if (h > 23 || mi > 59 || se > 59)
		return -1;
	*secs = days * 86400 + h * 3600 + mi * 60 + se;
	return 0;
}

static int parse_integer(const char *s, size_t len, int64_t lo, int64_t hi, int64_t *out)
{
	size_t i = 0;
	bool neg = false;
	uint64_t v = 0;
	if (i < len && (s[i] == '-' || s[i] == '+'))
		neg = s[i++] == '-';
	if (i == len)
		return -1;
	for (size_t k = i; k < len; k++)
		if (s[k] < '0' || s[k] > '9')
			return -1;
	for (; i < len; i++) {
		if (v > (UINT64_MAX - 9) / 10)
			return -2;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (neg ? v > (uint64_t)INT64_MAX + 1 : v > (uint64_t)INT64_MAX)
		return -2;
	int64_t r = neg ? (int64_t)(0 - v) : (int64_t)v;
	if (r < lo || r > hi)
		return -2;
	*out = r;
	return 0;
}

/* Exact decimal: [+-]digits[.digits]. Fraction digits past the column's scale must be zeros,
 * the integer part must fit the precision, and 18 digits at most are kept (an int64). */
static int parse_decimal(const struct rif_column *c, const char *s, size_t len, struct rif_value *v,
                         char *why, size_t whylen)
{
	size_t i = 0;
	bool neg = false;
	if (i < len && (s[i] == '-' || s[i] == '+'))
		neg = s[i++] == '-';
	size_t ib = i;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++;
	size_t ie = i, fb = i, fe = i;
	if (i < len && s[i] == '.') {
		fb = ++i;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		fe = i;
	}
	if ((ie == ib && fe == fb) || i != len) {
		snprintf(why, whylen, "not a number: '%.*s'", (int)len, s);
		return -1;
	}
	size_t scale = c->scale < 0 ? fe - fb : (size_t)c->scale;
	for (size_t k = fb + scale; k < fe; k++)
		if (s[k] != '0') {
			snprintf(why, whylen, "'%.*s' has more than %zu decimal places", (int)len,
			         s, scale);
			return -1;
		}
	while (ib < ie && s[ib] == '0')
		ib++;
	size_t int_digits = ie - ib;
	if ((c->len > 0 && int_digits + (c->scale > 0 ? (size_t)c->scale : 0) > (size_t)c->len) ||
	    int_digits + scale > 18) {
		if (c->len > 0)
			snprintf(why, whylen, "'%.*s' is out of range for numeric(%d,%d)", (int)len,
			         s, c->len, c->scale > 0 ? c->scale : 0);
		else
			snprintf(why, whylen, "'%.*s' has more than 18 digits", (int)len, s);
		return -1;
	}
	int64_t m = 0;
	for (size_t k = ib; k < ie; k++)
		m = m * 10 + (s[k] - '0');
	for (size_t k = 0; k < scale; k++)
		m = m * 10 + (fb + k < fe ? s[fb + k] - '0' : 0);
	v->i = neg ? -m : m;
	v->scale = (unsigned char)scale;
	return 0;
}

/* Counts UTF-8 characters; -1 when the text is not valid UTF-8 (overlong forms, surrogates
 * and code points past U+10FFFF included). */
static long utf8_chars(const char *s, size_t len)
{
	long n = 0;
	const unsigned char *p = (const unsigned char *)s, *e = p + len;
	while (p < e) {
		unsigned c = *p;
		int extra;
		unsigned char lo = 0x80, hi = 0xbf; /* the allowed range of the second byte */
		if (c < 0x80)
			extra = 0;
		else if (c >= 0xc2 && c <= 0xdf)
			extra = 1;
		else if (c >= 0xe0 && c <= 0xef) {
			extra = 2;
			lo = c == 0xe0 ? 0xa0 : 0x80;
			hi = c == 0xed ? 0x9f : 0xbf;
		} else if (c >= 0xf0 && c <= 0xf4) {
			extra = 3;
			lo = c == 0xf0 ? 0x90 : 0x80;
			hi = c == 0xf4 ? 0x8f : 0xbf;
		} else
			return -1;
		if (e - p <= extra)
			return -1;
		if (extra && (p[1] < lo || p[1] > hi))
			return -1;
		for (int k = 2; k <= extra; k++)
			if ((p[k] & 0xc0) != 0x80)
				return -1;
		p += extra + 1;
		n++;
	}
	return n;
}

int rif_value_parse(const struct rif_column *c, const char *s, size_t len, struct rif_value *v,
                    char *why, size_t whylen)
{
	int64_t lo = INT64_MIN, hi = INT64_MAX;
	memset(v, 0, sizeof *v);
	if (len == 0) {
		v->null = true;
		/* Required strings stay null when empty: BFD's own samples leave some empty. */
		if (!(c->flags & RIF_REQUIRED) || c->kind == RIF_STRING)
			return 0;
		if (c->flags & RIF_EMPTY_ZERO &&
		    (c->kind == RIF_DECIMAL || c->kind <= RIF_BIGINT)) {
			v->null = false;
			v->scale =
			    c->kind == RIF_DECIMAL && c->scale > 0 ? (unsigned char)c->scale : 0;
			return 0;
		}
		snprintf(why, whylen, "value missing (the column is required)");
		return -1;
	}
	switch (c->kind) {
	case RIF_STRING: {
		long n = utf8_chars(s, len);
		if (n < 0) {
			snprintf(why, whylen, "not valid UTF-8");
			return -1;
		}
		if (n > c->len) {
			snprintf(why, whylen, "'%.*s' is longer than %d characters", (int)len, s,
			         c->len);
			return -1;
		}
		v->s = s;
		v->len = len;
		return 0;
	}
	case RIF_SMALLINT:
		lo = INT16_MIN, hi = INT16_MAX;
		goto integer;
	case RIF_INTEGER:
		lo = INT32_MIN, hi = INT32_MAX;
		/* fall through */
	case RIF_BIGINT:
	integer:
		switch (parse_integer(s, len, lo, hi, &v->i)) {
		case 0:
			return 0;
		case -1:
			snprintf(why, whylen, "not an integer: '%.*s'", (int)len, s);
			return -1;
		default:
			snprintf(why, whylen, "'%.*s' is out of range", (int)len, s);
			return -1;
		}
	case RIF_DECIMAL:
		return parse_decimal(c, s, len, v, why, whylen);
	case RIF_DATE:
		if (rif_parse_date(s, len, &v->i) == 0)
			return 0;
		snprintf(why, whylen, "not a date (dd-MMM-yyyy, yyyyMMdd or yyyy-MM-dd): '%.*s'",
		         (int)len, s);
		return -1;
	case RIF_TIMESTAMP:
		if (parse_timestamp(s, len, &v->i) == 0)
			return 0;
		snprintf(why, whylen, "not a timestamp (dd-MMM-yyyy HH:mm:ss): '%.*s'", (int)len,
		         s);
		return -1;
	}
	snprintf(why, whylen, "unknown column kind");
	return -1;
}

int rif_decimal_format(int64_t m, int scale, char *out)
{
	char tmp[24];
	uint64_t u = m < 0 ? 0 - (uint64_t)m : (uint64_t)m;
	int n = 0, len = 0;
	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u || n <= scale);
	if (m < 0)
		out[len++] = '-';
	while (n > 0) {
		if (n == scale)
			out[len++] = '.';
		out[len++] = tmp[--n];
	}
	out[len] = '\0';
	return len;
}
