#include "rif/manifest.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fatal.h"
#include "rif/layout.h"

#define MANIFEST_NS "http://cms.hhs.gov/bluebutton/api/schema/ccw-rif/v10"

bool manifest_sniff(const char *path)
{
	FILE *f = fopen(path, "rb");
	int c;
	if (f == NULL)
		return false;
	while ((c = fgetc(f)) == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0xEF ||
	       c == 0xBB || c == 0xBF)
		;
	fclose(f);
	return c == '<';
}

static bool is_element(xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0 && n->ns &&
	       strcmp((const char *)n->ns->href, MANIFEST_NS) == 0;
}

static char *attr(xmlNode *n, const char *name)
{
	return (char *)xmlGetProp(n, (const xmlChar *)name);
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (slash == NULL)
		return xstrdup(".");
	return xasprintf("%.*s", (int)(slash - path), path);
}

int manifest_read(const char *path, struct manifest *m, char **cause)
{
	xmlDoc *doc = NULL;
	char *dir = NULL, *v = NULL;
	int rc = -1;
	memset(m, 0, sizeof *m);
	doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc == NULL) {
		const xmlError *e = xmlGetLastError();
		if (e && e->line > 0)
			*cause = xasprintf("%s:%d: (xml): not a well-formed manifest: %s", path,
			                   e->line, e->message ? e->message : "parse error");
		else
			*cause = xasprintf("%s: cannot read the manifest: %s", path,
			                   e && e->message ? e->message : "parse error");
		if (*cause && (*cause)[strlen(*cause) - 1] == '\n')
			(*cause)[strlen(*cause) - 1] = '\0';
		return -1;
	}
	xmlNode *root = xmlDocGetRootElement(doc);
	if (root == NULL || !is_element(root, "dataSetManifest")) {
		*cause = xasprintf("%s:%d: (root): expected <dataSetManifest xmlns=\"%s\">", path,
		                   root ? root->line : 1, MANIFEST_NS);
		goto out;
	}
	static const char *const required[] = {"timestamp", "sequenceId"};
	for (int i = 0; i < 2; i++) {
		v = attr(root, required[i]);
		if (v == NULL || v[strspn(v, " \t\r\n")] == '\0') {
			*cause = xasprintf("%s:%d: %s: attribute missing", path, root->line,
			                   required[i]);
			goto out;
		}
		xmlFree(v);
		v = NULL;
	}
	v = attr(root, "syntheticData");
	if (v && strcmp(v, "true") && strcmp(v, "false") && strcmp(v, "1") && strcmp(v, "0")) {
		*cause =
		    xasprintf("%s:%d: syntheticData: '%s' is not a boolean", path, root->line, v);
		goto out;
	}
	xmlFree(v);
	v = NULL;
	dir = dir_of(path);
	for (xmlNode *n = root->children; n; n = n->next) {
		if (!is_element(n, "entry"))
			continue;
		char *name = attr(n, "name"), *type = attr(n, "type");
		int t = type ? rif_type_from_manifest(type) : -1;
		if (name == NULL || *name == '\0' || strchr(name, '/') || t < 0) {
			*cause = name == NULL || *name == '\0'
			             ? xasprintf("%s:%d: name: attribute missing", path, n->line)
			         : strchr(name, '/')
			             ? xasprintf("%s:%d: name: '%s' is not a file name", path,
			                         n->line, name)
			         : type == NULL
			             ? xasprintf("%s:%d: type: attribute missing", path, n->line)
			             : xasprintf("%s:%d: type: unknown RIF type '%s'", path,
			                         n->line, type);
			xmlFree(name);
			xmlFree(type);
			goto out;
		}
		m->entries = realloc(m->entries, (size_t)(m->n + 1) * sizeof *m->entries);
		if (m->entries == NULL)
			fatal("out of memory");
		m->entries[m->n].path = xasprintf("%s/%s", dir, name);
		m->entries[m->n].type = t;
		m->n++;
		xmlFree(name);
		xmlFree(type);
	}
	if (m->n == 0) {
		*cause = xasprintf("%s:%d: entry: the manifest names no file", path, root->line);
		goto out;
	}
	rc = 0;
out:
	if (rc < 0)
		manifest_free(m);
	xmlFree(v);
	free(dir);
	xmlFreeDoc(doc);
	return rc;
}

void manifest_free(struct manifest *m)
{
	for (int i = 0; i < m->n; i++)
		free(m->entries[i].path);
	free(m->entries);
	m->entries = NULL;
	m->n = 0;
}
