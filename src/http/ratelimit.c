#include "http/ratelimit.h"

#include <pthread.h>
#include <stdlib.h>

#include "core/fatal.h"

struct slot {
	uint64_t key;   /* 0: empty */
	int64_t window; /* the window's number (now / window length) */
	long count;
};

struct ratelimit {
	pthread_mutex_t lock;
	long limit;
	int64_t window_ms;
	struct slot *slots;
	size_t cap, n;
};

struct ratelimit *ratelimit_new(long limit, long window_s)
{
	struct ratelimit *rl = xcalloc(1, sizeof *rl);
	pthread_mutex_init(&rl->lock, NULL);
	rl->limit = limit;
	rl->window_ms = (int64_t)window_s * 1000;
	rl->cap = 1024;
	rl->slots = xcalloc(rl->cap, sizeof *rl->slots);
	return rl;
}

void ratelimit_free(struct ratelimit *rl)
{
	if (rl == NULL)
		return;
	pthread_mutex_destroy(&rl->lock);
	free(rl->slots);
	free(rl);
}

long ratelimit_limit(const struct ratelimit *rl)
{
	return rl->limit;
}

static struct slot *find(struct slot *slots, size_t cap, uint64_t key)
{
	for (size_t i = key & (cap - 1);; i = (i + 1) & (cap - 1))
		if (slots[i].key == key || slots[i].key == 0)
			return &slots[i];
}

/* Keeps the slots of the current window only, in a table big enough for twice them. */
static void rebuild(struct ratelimit *rl, int64_t window)
{
	size_t live = 0;
	for (size_t i = 0; i < rl->cap; i++)
		live += rl->slots[i].key && rl->slots[i].window == window;
	size_t cap = 1024;
	while (cap < live * 4)
		cap *= 2;
	struct slot *slots = xcalloc(cap, sizeof *slots);
	for (size_t i = 0; i < rl->cap; i++)
		if (rl->slots[i].key && rl->slots[i].window == window)
			*find(slots, cap, rl->slots[i].key) = rl->slots[i];
	free(rl->slots);
	rl->slots = slots;
	rl->cap = cap;
	rl->n = live;
}

bool ratelimit_take(struct ratelimit *rl, uint64_t key, int64_t now_ms, long *remaining,
                    long *reset_s)
{
	if (key == 0)
		key = 1;
	int64_t window = now_ms / rl->window_ms;
	pthread_mutex_lock(&rl->lock);
	if ((rl->n + 1) * 2 > rl->cap)
		rebuild(rl, window);
	struct slot *s = find(rl->slots, rl->cap, key);
	if (s->key == 0) {
		*s = (struct slot){key, window, 0};
		rl->n++;
	} else if (s->window != window) {
		s->window = window;
		s->count = 0;
	}
	bool ok = s->count < rl->limit;
	if (ok)
		s->count++;
	*remaining = rl->limit - s->count;
	pthread_mutex_unlock(&rl->lock);
	*reset_s = (long)(((window + 1) * rl->window_ms - now_ms + 999) / 1000);
	return ok;
}

long ratelimit_used(struct ratelimit *rl, uint64_t key, int64_t now_ms)
{
	if (key == 0)
		key = 1;
	int64_t window = now_ms / rl->window_ms;
	pthread_mutex_lock(&rl->lock);
	const struct slot *s = find(rl->slots, rl->cap, key);
	long n = s->key == key && s->window == window ? s->count : 0;
	pthread_mutex_unlock(&rl->lock);
	return n;
}

uint64_t ratelimit_key(const char *name, bool fold_case)
{
	uint64_t h = 14695981039346656037ull;
	for (const char *p = name; *p; p++) {
		char ch = fold_case && *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p;
		h = (h ^ (unsigned char)ch) * 1099511628211ull;
	}
	return h;
}
