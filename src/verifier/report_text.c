/* report_text.c — the one-line text report printed for the first report of
 * each rule (spec §10):
 *
 *   ndisdma: error SGL-DOUBLE-FREE: <message> [handle=0x.. list=0x.. nb=0x..
 *   addr=0x.. len=N irql=N] at <site> (Windows: bug check 0xE6 P1=0x06)
 *
 * (one line; facts that do not apply are left out).
 */
#include "verifier/verifier_internal.h"

#include <string.h>

static void put_fact(FILE *out, bool *any, const char *fmt, unsigned long long v)
{
	fputs(*any ? " " : " [", out);
	fprintf(out, fmt, v);
	*any = true;
}

static void put_facts(FILE *out, const struct vf_facts *f)
{
	bool any = false;
	if (f->handle != NULL)
		put_fact(out, &any, "handle=%#llx", (unsigned long long)(uintptr_t)f->handle);
	if (f->list != NULL)
		put_fact(out, &any, "list=%#llx", (unsigned long long)(uintptr_t)f->list);
	if (f->nb != NULL)
		put_fact(out, &any, "nb=%#llx", (unsigned long long)(uintptr_t)f->nb);
	if (f->has_address)
		put_fact(out, &any, "addr=%#llx", (unsigned long long)f->address);
	if (f->has_address || f->length != 0)
		put_fact(out, &any, "len=%llu", (unsigned long long)f->length);
	if (f->irql >= 0)
		put_fact(out, &any, "irql=%llu", (unsigned long long)f->irql);
	if (f->direction != NULL) {
		fputs(any ? " " : " [", out);
		fprintf(out, "dir=%s", f->direction);
		any = true;
	}
	if (any)
		fputc(']', out);
}

/* " at module!sym+0x12 (file.c:42)"; addr2line may run here (first report
 * of a rule only). */
static void put_site(struct verifier *vf, const char *label, const void *addr,
		     const char *described, FILE *out)
{
	char site[160], shown[200];
	struct vf_source src;
	if (addr == NULL)
		return;
	if (described == NULL) {
		vf_describe_site(addr, site, sizeof(site));
		described = site;
	}
	bool known = vf_site_source(vf->sites, addr, true, &src);
	vf_site_display(described, known ? &src : NULL, shown, sizeof(shown));
	fprintf(out, " %s %s", label, shown);
	if (known && src.resolved)
		fprintf(out, " (%s:%u)", src.file, src.line);
}

void vf_text_line(struct verifier *vf, const struct vf_record *rec, FILE *out)
{
	const struct vf_rule_info *info = vf_rule_info(rec->rule);
	flockfile(out);
	fprintf(out, "ndisdma: %s %s: %s", vf_severity_name(info->severity),
		info->id, rec->message);
	put_facts(out, &rec->facts);
	put_site(vf, "at", rec->facts.call_site, rec->site, out);
	put_site(vf, "allocated at", rec->facts.alloc_site, NULL, out);
	fprintf(out, " (Windows: %s)\n", info->windows);
	funlockfile(out);
	fflush(out);
}
