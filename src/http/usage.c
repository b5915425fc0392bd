#include "http/usage.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/fatal.h"
#include "store/store.h"

/* A request count of an app on a day, or a grant's last use. */
struct count {
	char client_id[64];
	int64_t day;
	long n;
};
struct use {
	int64_t grant, when;
};

struct usage {
	char *path;
	pthread_mutex_t lock;
	struct count *counts;
	size_t ncounts, capcounts;
	struct use *uses;
	size_t nuses, capuses;
	/* The writer thread. */
	pthread_t thread;
	pthread_cond_t wake;
	bool running, stop;
	int interval_ms;
	struct store *s;
};

/* Adds n requests of an app on a day, and a grant's use (lock held). */
static void add_count(struct usage *u, const char *client_id, int64_t day, long n)
{
	size_t i = 0;
	while (i < u->ncounts &&
	       !(u->counts[i].day == day && strcmp(u->counts[i].client_id, client_id) == 0))
		i++;
	if (i == u->ncounts) {
		if (u->ncounts == u->capcounts) {
			u->capcounts = u->capcounts ? 2 * u->capcounts : 16;
			u->counts = xrealloc(u->counts, u->capcounts * sizeof *u->counts);
		}
		struct count *c = &u->counts[u->ncounts++];
		snprintf(c->client_id, sizeof c->client_id, "%s", client_id);
		c->day = day;
		c->n = 0;
	}
	u->counts[i].n += n;
}

static void add_use(struct usage *u, int64_t grant, int64_t when)
{
	size_t j = 0;
	while (j < u->nuses && u->uses[j].grant != grant)
		j++;
	if (j == u->nuses) {
		if (u->nuses == u->capuses) {
			u->capuses = u->capuses ? 2 * u->capuses : 16;
			u->uses = xrealloc(u->uses, u->capuses * sizeof *u->uses);
		}
		u->uses[u->nuses++] = (struct use){grant, when};
	} else if (when > u->uses[j].when)
		u->uses[j].when = when;
}

void usage_note(struct usage *u, const char *client_id, int64_t grant_id, int64_t now)
{
	if (u == NULL || client_id == NULL || strlen(client_id) >= sizeof u->counts[0].client_id)
		return;
	pthread_mutex_lock(&u->lock);
	add_count(u, client_id, now / 86400000, 1);
	if (grant_id)
		add_use(u, grant_id, now);
	pthread_mutex_unlock(&u->lock);
}

int usage_flush(struct usage *u, char **cause)
{
	if (u == NULL)
		return 0;
	/* Take what is counted; write it without holding the lock. */
	pthread_mutex_lock(&u->lock);
	struct count *counts = u->counts;
	struct use *uses = u->uses;
	size_t ncounts = u->ncounts, nuses = u->nuses;
	u->counts = NULL;
	u->uses = NULL;
	u->ncounts = u->capcounts = u->nuses = u->capuses = 0;
	pthread_mutex_unlock(&u->lock);
	if (ncounts == 0 && nuses == 0)
		return 0;
	int rc = 0;
	if (u->s == NULL && store_open(u->path, &u->s, cause) < 0)
		rc = -1;
	if (rc == 0 && store_begin(u->s, cause) < 0)
		rc = -1;
	for (size_t i = 0; rc == 0 && i < ncounts; i++)
		if (store_add_app_requests(u->s, counts[i].client_id, counts[i].day, counts[i].n,
		                           cause) < 0)
			rc = -1;
	for (size_t i = 0; rc == 0 && i < nuses; i++)
		if (store_grant_used(u->s, uses[i].grant, uses[i].when, cause) < 0)
			rc = -1;
	if (rc == 0 && store_commit(u->s, cause) < 0)
		rc = -1;
	if (rc < 0) {
		if (u->s)
			store_rollback(u->s);
		/* Counted again next time: put back what was taken. */
		pthread_mutex_lock(&u->lock);
		for (size_t i = 0; i < ncounts; i++)
			add_count(u, counts[i].client_id, counts[i].day, counts[i].n);
		for (size_t i = 0; i < nuses; i++)
			add_use(u, uses[i].grant, uses[i].when);
		pthread_mutex_unlock(&u->lock);
	}
	free(counts);
	free(uses);
	return rc;
}

static void *writer(void *arg)
{
	struct usage *u = arg;
	pthread_mutex_lock(&u->lock);
	while (!u->stop) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += u->interval_ms / 1000;
		until.tv_nsec += (long)(u->interval_ms % 1000) * 1000000;
		if (until.tv_nsec >= 1000000000) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&u->wake, &u->lock, &until);
		if (u->stop)
			break;
		pthread_mutex_unlock(&u->lock);
		char *cause = NULL;
		if (usage_flush(u, &cause) < 0) {
			fprintf(stderr, "bluebutton serve: usage counts: %s\n", cause);
			free(cause);
		}
		pthread_mutex_lock(&u->lock);
	}
	pthread_mutex_unlock(&u->lock);
	return NULL;
}

struct usage *usage_new(const char *path, int interval_ms)
{
	struct usage *u = xcalloc(1, sizeof *u);
	u->path = xstrdup(path);
	u->interval_ms = interval_ms;
	pthread_mutex_init(&u->lock, NULL);
	pthread_cond_init(&u->wake, NULL);
	if (interval_ms > 0 && pthread_create(&u->thread, NULL, writer, u) == 0)
		u->running = true;
	return u;
}

void usage_free(struct usage *u)
{
	if (u == NULL)
		return;
	if (u->running) {
		pthread_mutex_lock(&u->lock);
		u->stop = true;
		pthread_cond_signal(&u->wake);
		pthread_mutex_unlock(&u->lock);
		pthread_join(u->thread, NULL);
	}
	char *cause = NULL;
	if (usage_flush(u, &cause) < 0) {
		fprintf(stderr, "bluebutton serve: usage counts: %s\n", cause);
		free(cause);
	}
	store_close(u->s);
	pthread_cond_destroy(&u->wake);
	pthread_mutex_destroy(&u->lock);
	free(u->counts);
	free(u->uses);
	free(u->path);
	free(u);
}
