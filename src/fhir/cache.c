#include "fhir/cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/fatal.h"

#define SHARDS 16

struct entry {
	struct fhir_cache_key k;
	uint64_t hash;
	struct entry *next;          /* in the bucket */
	struct entry *newer, *older; /* in the shard's use order */
	size_t len, created;
	char text[];
};

struct shard {
	pthread_mutex_t lock;
	struct entry **buckets;
	size_t nbuckets, n, bytes, max_bytes;
	struct entry *newest, *oldest;
	long hits, misses;
};

struct fhir_cache {
	const void *tables, *enrich;
	struct shard shards[SHARDS];
};

static uint64_t key_hash(const struct fhir_cache_key *k)
{
	uint64_t h = (uint64_t)k->id * 0x9e3779b97f4a7c15ull;
	h ^= ((uint64_t)(unsigned)k->type << 40) ^ ((uint64_t)k->variant << 56);
	h = (h ^ (h >> 31)) * 0xbf58476d1ce4e5b9ull;
	h ^= (uint64_t)k->updated;
	h = (h ^ (h >> 29)) * 0x94d049bb133111ebull;
	return h ^ (h >> 32);
}

static bool same(const struct fhir_cache_key *a, const struct fhir_cache_key *b)
{
	return a->type == b->type && a->id == b->id && a->updated == b->updated &&
	       a->variant == b->variant;
}

struct fhir_cache *fhir_cache_new(size_t max_bytes, const void *tables, const void *enrich)
{
	struct fhir_cache *c = xcalloc(1, sizeof *c);
	c->tables = tables;
	c->enrich = enrich;
	for (int i = 0; i < SHARDS; i++) {
		struct shard *s = &c->shards[i];
		pthread_mutex_init(&s->lock, NULL);
		s->nbuckets = 1024;
		s->buckets = xcalloc(s->nbuckets, sizeof *s->buckets);
		s->max_bytes = max_bytes / SHARDS;
	}
	return c;
}

void fhir_cache_free(struct fhir_cache *c)
{
	if (c == NULL)
		return;
	for (int i = 0; i < SHARDS; i++) {
		struct shard *s = &c->shards[i];
		for (struct entry *e = s->newest, *next; e; e = next) {
			next = e->older;
			free(e);
		}
		free(s->buckets);
		pthread_mutex_destroy(&s->lock);
	}
	free(c);
}

bool fhir_cache_for(const struct fhir_cache *c, const void *tables, const void *enrich)
{
	return c && c->tables == tables && c->enrich == enrich;
}

static void unlink_use(struct shard *s, struct entry *e)
{
	if (e->newer)
		e->newer->older = e->older;
	else
		s->newest = e->older;
	if (e->older)
		e->older->newer = e->newer;
	else
		s->oldest = e->newer;
	e->newer = e->older = NULL;
}

static void push_newest(struct shard *s, struct entry *e)
{
	e->older = s->newest;
	e->newer = NULL;
	if (s->newest)
		s->newest->newer = e;
	s->newest = e;
	if (s->oldest == NULL)
		s->oldest = e;
}

static struct entry **slot_of(struct shard *s, const struct fhir_cache_key *k, uint64_t h)
{
	struct entry **p = &s->buckets[(h >> 4) & (s->nbuckets - 1)];
	while (*p && !((*p)->hash == h && same(&(*p)->k, k)))
		p = &(*p)->next;
	return p;
}

static void drop(struct shard *s, struct entry *e)
{
	struct entry **p = slot_of(s, &e->k, e->hash);
	*p = e->next;
	unlink_use(s, e);
	s->bytes -= e->len;
	s->n--;
	free(e);
}

bool fhir_cache_get(struct fhir_cache *c, const struct fhir_cache_key *k, struct buf *out,
                    size_t *created)
{
	uint64_t h = key_hash(k);
	struct shard *s = &c->shards[h % SHARDS];
	pthread_mutex_lock(&s->lock);
	struct entry *e = *slot_of(s, k, h);
	if (e == NULL) {
		s->misses++;
		pthread_mutex_unlock(&s->lock);
		return false;
	}
	s->hits++;
	unlink_use(s, e);
	push_newest(s, e);
	*created = e->created == SIZE_MAX ? SIZE_MAX : out->len + e->created;
	buf_append(out, e->text, e->len);
	pthread_mutex_unlock(&s->lock);
	return true;
}

static void grow(struct shard *s)
{
	size_t n = s->nbuckets * 2;
	struct entry **b = xcalloc(n, sizeof *b);
	for (size_t i = 0; i < s->nbuckets; i++)
		for (struct entry *e = s->buckets[i], *next; e; e = next) {
			next = e->next;
			struct entry **p = &b[(e->hash >> 4) & (n - 1)];
			e->next = *p;
			*p = e;
		}
	free(s->buckets);
	s->buckets = b;
	s->nbuckets = n;
}

void fhir_cache_put(struct fhir_cache *c, const struct fhir_cache_key *k, const char *text,
                    size_t len, size_t created)
{
	uint64_t h = key_hash(k);
	struct shard *s = &c->shards[h % SHARDS];
	if (len > s->max_bytes)
		return;
	struct entry *e = xmalloc(sizeof *e + len);
	e->k = *k;
	e->hash = h;
	e->len = len;
	e->created = created;
	memcpy(e->text, text, len);
	pthread_mutex_lock(&s->lock);
	struct entry **p = slot_of(s, k, h);
	if (*p) { /* another thread put it first */
		pthread_mutex_unlock(&s->lock);
		free(e);
		return;
	}
	while (s->bytes + len > s->max_bytes && s->oldest)
		drop(s, s->oldest);
	p = slot_of(s, k, h);
	e->next = *p;
	*p = e;
	push_newest(s, e);
	s->bytes += len;
	if (++s->n > s->nbuckets)
		grow(s);
	pthread_mutex_unlock(&s->lock);
}

void fhir_cache_stats(struct fhir_cache *c, struct fhir_cache_stats *out)
{
	memset(out, 0, sizeof *out);
	for (int i = 0; i < SHARDS; i++) {
		struct shard *s = &c->shards[i];
		pthread_mutex_lock(&s->lock);
		out->hits += s->hits;
		out->misses += s->misses;
		out->entries += (long)s->n;
		out->bytes += s->bytes;
		pthread_mutex_unlock(&s->lock);
	}
}
