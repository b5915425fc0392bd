/* usage: what apps fetch, counted in memory by the request threads and written by a thread of
 * its own every few seconds (so that a FHIR request writes nothing): each app's requests by
 * day (the developer portal's "requests in the last 7 days") and when each grant's data was
 * last fetched (the beneficiary's dashboard). What is not yet written when the server stops is
 * written by usage_free. */
#ifndef BB_HTTP_USAGE_H
#define BB_HTTP_USAGE_H

#include <stdint.h>

struct usage;

/* Counts for database path, written every interval_ms (0: only by usage_flush/usage_free). */
struct usage *usage_new(const char *path, int interval_ms);
/* Writes what is counted and stops (NULL: nothing). */
void usage_free(struct usage *u);
/* One request of app client_id with grant grant_id (0: none) at now (ms). */
void usage_note(struct usage *u, const char *client_id, int64_t grant_id, int64_t now);
/* Writes what is counted now: 0, or -1 with *cause (what stays counted is tried again). */
int usage_flush(struct usage *u, char **cause);

#endif
