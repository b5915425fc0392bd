/* manifest: BFD's data-set manifest (XML): the RIF files of one data set, in load order. */
#ifndef BB_RIF_MANIFEST_H
#define BB_RIF_MANIFEST_H

#include <stdbool.h>

struct manifest_entry {
	char *path; /* the named file, looked up beside the manifest */
	int type;   /* enum rif_type */
};

struct manifest {
	struct manifest_entry *entries;
	int n;
};

/* Whether the file looks like XML (its first non-blank character is '<'). */
bool manifest_sniff(const char *path);
/* Parses and checks a manifest: well-formed XML, the root dataSetManifest in BFD's namespace
 * with timestamp and sequenceId, syntheticData a boolean, at least one entry, each with a name
 * and a known type. Entries keep the manifest's order. */
int manifest_read(const char *path, struct manifest *m, char **cause);
void manifest_free(struct manifest *m);

#endif
