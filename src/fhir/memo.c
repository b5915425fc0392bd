#include "fhir/memo.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/fatal.h"

struct slot {
	struct fhir_memo_key k;
	size_t off, len; /* in text */
	bool used;
};

struct fhir_memo {
	const void *tables;
	struct slot *slots;
	size_t cap, n;
	struct buf text;
};

struct fhir_memo *fhir_memo_new(const void *tables)
{
	struct fhir_memo *m = xcalloc(1, sizeof *m);
	m->tables = tables;
	m->text = (struct buf)BUF_INIT;
	return m;
}

void fhir_memo_free(struct fhir_memo *m)
{
	if (m == NULL)
		return;
	free(m->slots);
	buf_free(&m->text);
	free(m);
}

const void *fhir_memo_tables(const struct fhir_memo *m)
{
	return m->tables;
}

size_t fhir_memo_count(const struct fhir_memo *m)
{
	return m->n;
}

static uint64_t hash_key(const struct fhir_memo_key *k)
{
	uint64_t h = (uint64_t)(unsigned)k->tag * 0x9e3779b97f4a7c15ull;
	for (int i = 0; i < FHIR_MEMO_KEYS; i++) {
		h ^= (uint64_t)(uintptr_t)k->p[i];
		h *= 0xff51afd7ed558ccdull;
		h ^= h >> 32;
	}
	return h;
}

static bool same_key(const struct fhir_memo_key *a, const struct fhir_memo_key *b)
{
	if (a->tag != b->tag)
		return false;
	for (int i = 0; i < FHIR_MEMO_KEYS; i++)
		if (a->p[i] != b->p[i])
			return false;
	return true;
}

/* The slot holding k, or the empty one where it would go. */
static struct slot *lookup(const struct fhir_memo *m, const struct fhir_memo_key *k)
{
	size_t mask = m->cap - 1;
	for (size_t i = hash_key(k) & mask;; i = (i + 1) & mask)
		if (!m->slots[i].used || same_key(&m->slots[i].k, k))
			return &m->slots[i];
}

const char *fhir_memo_get(const struct fhir_memo *m, const struct fhir_memo_key *k, size_t *len)
{
	if (m->cap == 0)
		return NULL;
	const struct slot *s = lookup(m, k);
	if (!s->used)
		return NULL;
	*len = s->len;
	return m->text.data + s->off;
}

void fhir_memo_put(struct fhir_memo *m, const struct fhir_memo_key *k, const char *text, size_t len)
{
	if (m->n >= FHIR_MEMO_MAX_ENTRIES || m->text.len + len > FHIR_MEMO_MAX_TEXT)
		return; /* full: later fragments are rendered each time */
	if ((m->n + 1) * 2 > m->cap) {
		struct fhir_memo old = *m;
		m->cap = m->cap ? m->cap * 2 : 64;
		m->slots = xcalloc(m->cap, sizeof *m->slots);
		for (size_t i = 0; i < old.cap; i++)
			if (old.slots[i].used)
				*lookup(m, &old.slots[i].k) = old.slots[i];
		free(old.slots);
	}
	struct slot *s = lookup(m, k);
	if (s->used)
		return;
	*s = (struct slot){*k, m->text.len, len, true};
	buf_append(&m->text, text, len);
	m->n++;
}
