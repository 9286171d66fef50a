/* report_json.c — every report as one JSON object per line (spec §10), and
 * the JSON string escaping the SARIF writer shares.
 *
 * {"rule":"SGL-DOUBLE-FREE","severity":"error","message":"...",
 *  "windows":"...","site":"drv.so!Send+0x2a","source":"drv.c:42",
 *  "handle":"0x...","list":"0x...","nb":"0x...","address":"0x...",
 *  "length":N,"irql":N,"direction":"to-device","alloc_site":"..."}
 *
 * "source" appears only when the call site was already resolved (JSON
 * lines never run addr2line: they are written for every report).
 */
#include "verifier/verifier_internal.h"

/* RFC 8259 §7: quote, backslash and control characters are escaped; bytes
 * >= 0x80 pass through (messages are ASCII or UTF-8 from the caller). */
void vf_json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *c = (const unsigned char *)(s != NULL ? s : ""); *c; c++) {
		switch (*c) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		case '\b': fputs("\\b", out); break;
		case '\f': fputs("\\f", out); break;
		default:
			if (*c < 0x20 || *c == 0x7f)
				fprintf(out, "\\u%04x", *c);
			else
				fputc(*c, out);
		}
	}
	fputc('"', out);
}

void vf_json_pointer(FILE *out, const void *p)
{
	if (p == NULL)
		fputs("null", out);
	else
		fprintf(out, "\"%#llx\"", (unsigned long long)(uintptr_t)p);
}

static void put_key(FILE *out, const char *key)
{
	fputc(',', out);
	vf_json_string(out, key);
	fputc(':', out);
}

static void put_facts(FILE *out, const struct vf_facts *f)
{
	put_key(out, "handle");
	vf_json_pointer(out, f->handle);
	put_key(out, "list");
	vf_json_pointer(out, f->list);
	put_key(out, "nb");
	vf_json_pointer(out, f->nb);
	if (f->has_address) {
		put_key(out, "address");
		fprintf(out, "\"%#llx\"", (unsigned long long)f->address);
	}
	put_key(out, "length");
	fprintf(out, "%llu", (unsigned long long)f->length);
	if (f->irql >= 0) {
		put_key(out, "irql");
		fprintf(out, "%d", f->irql);
	}
	if (f->direction != NULL) {
		put_key(out, "direction");
		vf_json_string(out, f->direction);
	}
}

void vf_json_line(struct verifier *vf, const struct vf_record *rec, FILE *out)
{
	const struct vf_rule_info *info = vf_rule_info(rec->rule);
	char site[200];
	struct vf_source src;
	bool known = vf_site_source(vf->sites, rec->facts.call_site, false, &src);

	flockfile(out);
	fputs("{\"rule\":", out);
	vf_json_string(out, info->id);
	put_key(out, "severity");
	vf_json_string(out, vf_severity_name(info->severity));
	put_key(out, "message");
	vf_json_string(out, rec->message);
	put_key(out, "windows");
	vf_json_string(out, info->windows);
	put_key(out, "site");
	vf_site_display(rec->site, known ? &src : NULL, site, sizeof(site));
	vf_json_string(out, site);
	if (known && src.resolved) {
		char source[VF_SOURCE_MAX + 16];
		snprintf(source, sizeof(source), "%s:%u", src.file, src.line);
		put_key(out, "source");
		vf_json_string(out, source);
	}
	put_facts(out, &rec->facts);
	if (rec->facts.alloc_site != NULL) {
		char described[160];
		vf_describe_site(rec->facts.alloc_site, described, sizeof(described));
		known = vf_site_source(vf->sites, rec->facts.alloc_site, false, &src);
		vf_site_display(described, known ? &src : NULL, site, sizeof(site));
		put_key(out, "alloc_site");
		vf_json_string(out, site);
	}
	fputs("}\n", out);
	funlockfile(out);
}
