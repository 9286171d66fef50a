/* verifier.c — rule catalogue, report recording and counting (spec §10).
 *
 * vf_report may be called from any thread (DPC, device, driver threads).
 * Counters are atomic so readers need no lock; the record array, the text
 * and JSON streams are guarded by one mutex.  The verifier calls nothing
 * back into the other layers.
 */
#include "verifier/verifier_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct vf_rule_info catalogue[VF_RULE_COUNT] = {
#define VF_INFO(e, id, sev, win, text) [VF_##e] = { id, sev, win, text },
	VF_RULES(VF_INFO)
#undef VF_INFO
};

/* Exit status when stop_on_first ends the process (spec §10; documented in
 * docs/verifier-rules.md: the only case where ndisdma exits on a caller
 * mistake). */
enum { VF_STOP_EXIT_STATUS = 3 };

const struct vf_rule_info *vf_rule_info(enum vf_rule rule)
{
	if ((unsigned)rule >= VF_RULE_COUNT)
		return NULL;
	return &catalogue[rule];
}

enum vf_rule vf_rule_by_id(const char *id)
{
	if (id == NULL)
		return VF_RULE_COUNT;
	for (unsigned i = 0; i < VF_RULE_COUNT; i++)
		if (strcmp(catalogue[i].id, id) == 0)
			return (enum vf_rule)i;
	return VF_RULE_COUNT;
}

const char *vf_severity_name(enum vf_severity severity)
{
	return severity == VF_ERROR ? "error" : "warning";
}

struct verifier *vf_create(const struct vf_config *config)
{
	struct verifier *vf = calloc(1, sizeof(*vf));
	if (vf == NULL)
		return NULL;
	vf->records = calloc(VF_STORED_MAX, sizeof(*vf->records));
	vf->sites = vf_site_cache_create();
	if (vf->records == NULL || vf->sites == NULL ||
	    pthread_mutex_init(&vf->lock, NULL) != 0) {
		vf_site_cache_destroy(vf->sites);
		free(vf->records);
		free(vf);
		return NULL;
	}
	if (config != NULL)
		vf->config = *config;
	else
		vf->config.level = VF_LEVEL_STANDARD;
	vf->head.level = vf->config.level;
	return vf;
}

void vf_destroy(struct verifier *vf)
{
	if (vf == NULL)
		return;
	pthread_mutex_destroy(&vf->lock);
	vf_site_cache_destroy(vf->sites);
	free(vf->records);
	free(vf);
}

enum vf_level vf_level(const struct verifier *vf)
{
	return vf == NULL ? VF_LEVEL_OFF : vf->head.level;
}

/* One line: control characters become spaces so a report never spans lines. */
static void format_message(char *out, size_t len, const char *fmt, va_list ap)
{
	int n = vsnprintf(out, len, fmt != NULL ? fmt : "", ap);
	if (n < 0)
		out[0] = '\0';
	for (char *c = out; *c != '\0'; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = ' ';
}

static void fill_record(struct vf_record *rec, enum vf_rule rule,
			const struct vf_facts *facts, const char *fmt, va_list ap)
{
	memset(rec, 0, sizeof(*rec));
	rec->rule = rule;
	if (facts != NULL)
		rec->facts = *facts;
	else
		rec->facts.irql = -1;
	format_message(rec->message, sizeof(rec->message), fmt, ap);
}

/* spec §10: stop_on_first — flush what was reported, then end the process.
 * _exit: other threads may still be running, so no atexit handlers. */
static void stop_process(struct verifier *vf)
{
	if (vf->config.text != NULL)
		fflush(vf->config.text);
	if (vf->config.json != NULL)
		fflush(vf->config.json);
	fflush(NULL);
	_exit(VF_STOP_EXIT_STATUS);
}

static void publish(struct verifier *vf, struct vf_record *rec, bool first)
{
	const struct vf_rule_info *info = &catalogue[rec->rule];
	bool stop = vf->config.stop_on_first && info->severity == VF_ERROR;

	pthread_mutex_lock(&vf->lock);
	/* dladdr only when the site is kept or written, and once per site while
	 * kept: a rule firing on every device access past the storage cap costs
	 * a count and a message. */
	if (vf->stored < VF_STORED_MAX) {
		/* kept for SARIF, perhaps written after the module is unloaded */
		vf_site_note(vf->sites, rec->facts.call_site, rec->site, sizeof(rec->site));
		vf_site_note(vf->sites, rec->facts.alloc_site, NULL, 0);
		vf->records[vf->stored++] = *rec;
	} else if (first || stop || vf->config.json != NULL) {
		vf_describe_site(rec->facts.call_site, rec->site, sizeof(rec->site));
	}
	if ((first || stop) && vf->config.text != NULL)
		vf_text_line(vf, rec, vf->config.text);
	if (vf->config.json != NULL)
		vf_json_line(vf, rec, vf->config.json);
	if (stop)
		stop_process(vf);  /* does not return; lock held on purpose */
	pthread_mutex_unlock(&vf->lock);
}

void vf_report(struct verifier *vf, enum vf_rule rule,
	       const struct vf_facts *facts, const char *fmt, ...)
{
	if (!vf_enabled(vf, VF_LEVEL_STANDARD) || (unsigned)rule >= VF_RULE_COUNT)
		return;
	bool first = atomic_fetch_add(&vf->counts[rule], 1) == 0;
	atomic_fetch_add(&vf->total, 1);
	if (catalogue[rule].severity == VF_ERROR)
		atomic_fetch_add(&vf->errors, 1);

	struct vf_record rec;
	va_list ap;
	va_start(ap, fmt);
	fill_record(&rec, rule, facts, fmt, ap);
	va_end(ap);
	publish(vf, &rec, first);
}

/* KeBugCheckEx ends the run (src/wdm/ke_bugcheck.c): what was reported is
 * written out first. */
void vf_flush(struct verifier *vf)
{
	if (vf == NULL)
		return;
	pthread_mutex_lock(&vf->lock);
	if (vf->config.text != NULL)
		fflush(vf->config.text);
	if (vf->config.json != NULL)
		fflush(vf->config.json);
	pthread_mutex_unlock(&vf->lock);
}

uint64_t vf_count(const struct verifier *vf, enum vf_rule rule)
{
	if (vf == NULL || (unsigned)rule >= VF_RULE_COUNT)
		return 0;
	return atomic_load(&vf->counts[rule]);
}

uint64_t vf_total(const struct verifier *vf)
{
	return vf == NULL ? 0 : atomic_load(&vf->total);
}

uint64_t vf_errors(const struct verifier *vf)
{
	return vf == NULL ? 0 : atomic_load(&vf->errors);
}

size_t vf_stored(const struct verifier *vf)
{
	if (vf == NULL)
		return 0;
	pthread_mutex_lock(vf_mutex(vf));
	size_t n = vf->stored;
	pthread_mutex_unlock(vf_mutex(vf));
	return n;
}

/* Records are written once and never moved until vf_clear, so the pointer
 * stays valid while no one clears. */
const struct vf_record *vf_record_at(const struct verifier *vf, size_t i)
{
	if (vf == NULL)
		return NULL;
	pthread_mutex_lock(vf_mutex(vf));
	const struct vf_record *rec = i < vf->stored ? &vf->records[i] : NULL;
	pthread_mutex_unlock(vf_mutex(vf));
	return rec;
}

/* Forget every report: counts, records, and which rules were printed
 * (the next report of each rule is printed again). */
void vf_clear(struct verifier *vf)
{
	if (vf == NULL)
		return;
	pthread_mutex_lock(&vf->lock);
	for (unsigned i = 0; i < VF_RULE_COUNT; i++)
		atomic_store(&vf->counts[i], 0);
	atomic_store(&vf->total, 0);
	atomic_store(&vf->errors, 0);
	vf->stored = 0;
	pthread_mutex_unlock(&vf->lock);
	vf_site_cache_clear(vf->sites);
}

FILE *vf_swap_text(struct verifier *vf, FILE *text)
{
	FILE *was;

	pthread_mutex_lock(&vf->lock);
	was = vf->config.text;
	vf->config.text = text;
	pthread_mutex_unlock(&vf->lock);
	return was;
}

void vf_print_summary(const struct verifier *vf, FILE *out)
{
	if (vf == NULL || out == NULL)
		return;
	fprintf(out, "verifier (%s): %llu report(s), %llu error(s)\n",
		vf->head.level == VF_LEVEL_OFF ? "off" :
		vf->head.level == VF_LEVEL_FULL ? "full" : "standard",
		(unsigned long long)vf_total(vf), (unsigned long long)vf_errors(vf));
	for (unsigned i = 0; i < VF_RULE_COUNT; i++) {
		uint64_t n = vf_count(vf, (enum vf_rule)i);
		if (n == 0)
			continue;
		fprintf(out, "  %-20s %8llu  %s\n", catalogue[i].id,
			(unsigned long long)n, vf_severity_name(catalogue[i].severity));
	}
}
