#include "synth/ids.h"

#include <string.h>

/* The letters an MBI may hold (A-Z without S, L, O, I, B and Z), in order. */
static const char letters[] = "ACDEFGHJKMNPQRTUVWXY";
/* Letters then digits: the positions that take either. */
static const char alnum[] = "ACDEFGHJKMNPQRTUVWXY0123456789";

enum pos { DIGIT1, LETTER, ALNUM, DIGIT };

/* What each position holds (position 2 is handled apart). */
static const enum pos mbi_pos[SYNTH_MBI_LEN] = {DIGIT1, LETTER, ALNUM,  DIGIT, LETTER, ALNUM,
                                                DIGIT,  LETTER, LETTER, DIGIT, DIGIT};

static bool is_letter(char c)
{
	return c && strchr(letters, c) != NULL;
}

bool synth_mbi_valid(const char *s, bool synthetic)
{
	if (s == NULL || strlen(s) != SYNTH_MBI_LEN)
		return false;
	for (int i = 0; i < SYNTH_MBI_LEN; i++) {
		char c = s[i];
		bool ok;
		if (i == 1)
			ok = synthetic ? c == 'S' : is_letter(c);
		else if (mbi_pos[i] == DIGIT1)
			ok = c >= '1' && c <= '9';
		else if (mbi_pos[i] == DIGIT)
			ok = c >= '0' && c <= '9';
		else if (mbi_pos[i] == LETTER)
			ok = is_letter(c);
		else
			ok = is_letter(c) || (c >= '0' && c <= '9');
		if (!ok)
			return false;
	}
	return true;
}

void synth_mbi(uint64_t i, char out[SYNTH_MBI_LEN + 1])
{
	/* i in mixed radix, the last position varying fastest. */
	i %= SYNTH_MBI_COUNT;
	for (int p = SYNTH_MBI_LEN - 1; p >= 0; p--) {
		if (p == 1) {
			out[p] = 'S';
			continue;
		}
		switch (mbi_pos[p]) {
		case DIGIT1:
			out[p] = (char)('1' + i % 9);
			i /= 9;
			break;
		case DIGIT:
			out[p] = (char)('0' + i % 10);
			i /= 10;
			break;
		case LETTER:
			out[p] = letters[i % 20];
			i /= 20;
			break;
		case ALNUM:
			out[p] = alnum[i % 30];
			i /= 30;
			break;
		}
	}
	out[SYNTH_MBI_LEN] = '\0';
}

/* The Luhn check digit of the prefix 80840 followed by nine digits. */
static int npi_check(const char *nine)
{
	/* Luhn over "80840" + nine, doubling every second digit from the right of the payload. */
	char digits[15];
	memcpy(digits, "80840", 5);
	memcpy(digits + 5, nine, 9);
	int sum = 0;
	for (int k = 0; k < 14; k++) {
		int d = digits[13 - k] - '0';
		if (k % 2 == 0) {
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
	}
	return (10 - sum % 10) % 10;
}

bool synth_npi_valid(const char *s)
{
	if (s == NULL || strlen(s) != SYNTH_NPI_LEN || (s[0] != '1' && s[0] != '2'))
		return false;
	for (int i = 0; i < SYNTH_NPI_LEN; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return npi_check(s) == s[9] - '0';
}

void synth_npi(uint32_t base, char out[SYNTH_NPI_LEN + 1])
{
	if (base < 100000000u || base > 299999999u)
		base = 100000000u + base % 200000000u;
	for (int k = 8; k >= 0; k--) {
		out[k] = (char)('0' + base % 10);
		base /= 10;
	}
	out[9] = (char)('0' + npi_check(out));
	out[10] = '\0';
}
