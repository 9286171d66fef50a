/* report_sarif.c — stored reports as a SARIF 2.1.0 log (spec §10).
 *
 * runs[0].tool.driver.rules[] is the whole catalogue in enum order, so a
 * result's ruleIndex is its enum vf_rule.  Each result's location is the
 * miniport's call site: file:line when addr2line resolves it (at most once
 * per distinct address, cached), otherwise a logical location naming the
 * symbol.
 */
#include "verifier/verifier_internal.h"

#include <errno.h>
#include <string.h>

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define NDISDMA_INFO_URI "https://github.com/ndisdma/ndisdma/blob/main/docs/verifier-rules.md"

/* RFC 3986: keep unreserved characters and '/', percent-encode the rest.
 * Absolute paths become file:// URIs. */
static void put_uri(FILE *out, const char *path)
{
	static const char keep[] = "-._~/";
	fputc('"', out);
	if (path[0] == '/')
		fputs("file://", out);
	for (const unsigned char *c = (const unsigned char *)path; *c; c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		    (*c >= '0' && *c <= '9') || strchr(keep, *c) != NULL)
			fputc(*c, out);
		else
			fprintf(out, "%%%02X", *c);
	}
	fputc('"', out);
}

static void put_rule(FILE *out, unsigned i)
{
	const struct vf_rule_info *info = vf_rule_info((enum vf_rule)i);
	fputs(i == 0 ? "\n        {" : ",\n        {", out);
	fputs("\"id\":", out);
	vf_json_string(out, info->id);
	fputs(",\"shortDescription\":{\"text\":", out);
	vf_json_string(out, info->meaning);
	fputs("},\"helpUri\":", out);
	char uri[160];
	snprintf(uri, sizeof(uri), "%s#%s", NDISDMA_INFO_URI, info->id);
	for (char *c = strchr(uri, '#') + 1; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	vf_json_string(out, uri);
	fputs(",\"defaultConfiguration\":{\"level\":", out);
	vf_json_string(out, vf_severity_name(info->severity));
	fputs("},\"properties\":{\"windowsCounterpart\":", out);
	vf_json_string(out, info->windows);
	fputs("}}", out);
}

/* logical location: the function, and "module!symbol+0x12" in full */
static void put_logical(FILE *out, const char *site, const struct vf_source *src)
{
	char name[200];
	if (src != NULL && src->function[0] != '\0') {
		snprintf(name, sizeof(name), "%s", src->function);
	} else {
		const char *bang = strchr(site, '!');
		snprintf(name, sizeof(name), "%s", bang != NULL ? bang + 1 : site);
		char *plus = strrchr(name, '+');
		if (plus != NULL && plus != name)
			*plus = '\0';
	}
	fputs("\"logicalLocations\":[{\"name\":", out);
	vf_json_string(out, name);
	fputs(",\"fullyQualifiedName\":", out);
	vf_json_string(out, site);
	fputs(",\"kind\":\"function\"}]", out);
}

static void put_location(const struct verifier *vf, const struct vf_record *rec, FILE *out)
{
	struct vf_source src;
	char shown[200];
	if (rec->facts.call_site == NULL)
		return;
	bool known = vf_site_source(vf->sites, rec->facts.call_site, true, &src);
	vf_site_display(rec->site, known ? &src : NULL, shown, sizeof(shown));
	fputs(",\"locations\":[{", out);
	if (known && src.resolved) {
		fputs("\"physicalLocation\":{\"artifactLocation\":{\"uri\":", out);
		put_uri(out, src.file);
		fprintf(out, "},\"region\":{\"startLine\":%u}},", src.line);
	}
	put_logical(out, shown, known ? &src : NULL);
	fputs("}]", out);
}

/* "allocSite": where the object was allocated, "module!function (file:line)" */
static void put_alloc_site(const struct verifier *vf, const void *addr, FILE *out)
{
	char site[160], shown[200], text[VF_SOURCE_MAX + 220];
	struct vf_source src;
	vf_site_described(vf->sites, addr, site, sizeof(site));
	bool known = vf_site_source(vf->sites, addr, true, &src);
	vf_site_display(site, known ? &src : NULL, shown, sizeof(shown));
	if (known && src.resolved)
		snprintf(text, sizeof(text), "%s (%s:%u)", shown, src.file, src.line);
	else
		snprintf(text, sizeof(text), "%s", shown);
	fputs(",\"allocSite\":", out);
	vf_json_string(out, text);
}

static void put_properties(const struct verifier *vf, const struct vf_record *rec, FILE *out)
{
	const struct vf_facts *f = &rec->facts;
	fputs(",\"properties\":{\"windowsCounterpart\":", out);
	vf_json_string(out, vf_rule_info(rec->rule)->windows);
	fputs(",\"handle\":", out);
	vf_json_pointer(out, f->handle);
	fputs(",\"list\":", out);
	vf_json_pointer(out, f->list);
	fputs(",\"nb\":", out);
	vf_json_pointer(out, f->nb);
	if (f->has_address)
		fprintf(out, ",\"address\":\"%#llx\"", (unsigned long long)f->address);
	fprintf(out, ",\"length\":%llu", (unsigned long long)f->length);
	if (f->irql >= 0)
		fprintf(out, ",\"irql\":%d", f->irql);
	if (f->direction != NULL) {
		fputs(",\"direction\":", out);
		vf_json_string(out, f->direction);
	}
	struct vf_source src;
	char shown[200];
	bool known = vf_site_source(vf->sites, f->call_site, false, &src);
	vf_site_display(rec->site, known ? &src : NULL, shown, sizeof(shown));
	fputs(",\"site\":", out);
	vf_json_string(out, shown);
	if (f->alloc_site != NULL)
		put_alloc_site(vf, f->alloc_site, out);
	fputc('}', out);
}

static void put_result(const struct verifier *vf, const struct vf_record *rec,
		       bool first, FILE *out)
{
	const struct vf_rule_info *info = vf_rule_info(rec->rule);
	fputs(first ? "\n        {" : ",\n        {", out);
	fputs("\"ruleId\":", out);
	vf_json_string(out, info->id);
	fprintf(out, ",\"ruleIndex\":%u,\"level\":", (unsigned)rec->rule);
	vf_json_string(out, vf_severity_name(info->severity));
	fputs(",\"message\":{\"text\":", out);
	vf_json_string(out, rec->message);
	fputc('}', out);
	put_location(vf, rec, out);
	put_properties(vf, rec, out);
	fputc('}', out);
}

static void put_run_head(const struct verifier *vf, FILE *out)
{
	fputs("{\n  \"$schema\": \"" SARIF_SCHEMA "\",\n  \"version\": \"2.1.0\",\n"
	      "  \"runs\": [{\n    \"tool\": {\"driver\": {\"name\": \"ndisdma\","
	      "\"informationUri\":\"" NDISDMA_INFO_URI "\",\"rules\": [", out);
	for (unsigned i = 0; i < VF_RULE_COUNT; i++)
		put_rule(out, i);
	fputs("]}},\n", out);
	fprintf(out, "    \"properties\": {\"totalReports\":%llu,\"errors\":%llu,"
		"\"storedReports\":%zu},\n", (unsigned long long)vf_total(vf),
		(unsigned long long)vf_errors(vf), vf->stored);
}

int vf_write_sarif(const struct verifier *vf, FILE *out)
{
	if (vf == NULL || out == NULL)
		return -EINVAL;
	pthread_mutex_lock(vf_mutex(vf));
	put_run_head(vf, out);
	fputs("    \"results\": [", out);
	for (size_t i = 0; i < vf->stored; i++)
		put_result(vf, &vf->records[i], i == 0, out);
	fputs("]\n  }]\n}\n", out);
	pthread_mutex_unlock(vf_mutex(vf));
	if (fflush(out) != 0 || ferror(out))
		return -(errno != 0 ? errno : EIO);
	return 0;
}
