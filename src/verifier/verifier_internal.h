/* verifier_internal.h — private state of the verifier and the helpers its
 * report writers share (spec §10).  Nothing outside src/verifier includes it.
 */
#ifndef NDISDMA_VERIFIER_INTERNAL_H
#define NDISDMA_VERIFIER_INTERNAL_H

#include "verifier/verifier.h"

#include <pthread.h>
#include <stdatomic.h>

/* spec §10: the first VF_STORED_MAX reports are kept in full, all are counted. */
#define VF_STORED_MAX 4096
/* Distinct call sites whose file:line we remember (addr2line runs once each). */
#define VF_SITE_CACHE_MAX 256
#define VF_SOURCE_MAX 200

struct vf_source {
	const void *addr;      /* call site as reported (return address) */
	bool tried;            /* addr2line was run (resolved says how it went) */
	bool resolved;         /* addr2line named a file and a line */
	bool has_module;       /* module/offset noted while the module was loaded */
	uintptr_t offset;      /* what addr2line is given for module */
	char module[VF_SOURCE_MAX];
	char described[160];   /* vf_describe_site while loaded */
	unsigned line;
	char function[128];    /* addr2line's function name, "" if unknown */
	char file[VF_SOURCE_MAX];
};

struct vf_site_cache {
	pthread_mutex_t lock;
	size_t used;
	struct vf_source entries[VF_SITE_CACHE_MAX];
};

struct verifier {
	struct vf_head head;   /* first member: vf_enabled() reads it (verifier.h) */
	struct vf_config config;
	pthread_mutex_t lock;  /* records, printing and the JSON stream */
	_Atomic uint64_t counts[VF_RULE_COUNT];
	_Atomic uint64_t total;
	_Atomic uint64_t errors;
	size_t stored;
	struct vf_record *records;  /* VF_STORED_MAX entries */
	struct vf_site_cache *sites;
};

const char *vf_severity_name(enum vf_severity severity);

/* The lock lives in a non-const heap object; readers taking it via a
 * const pointer is well defined. */
static inline pthread_mutex_t *vf_mutex(const struct verifier *vf)
{
	return (pthread_mutex_t *)&vf->lock;
}

/* site.c — file:line and function of a call site.  `may_resolve` allows
 * running addr2line (first report of a rule, SARIF); otherwise only the
 * cache is consulted.  Returns false when nothing is known; else *out is
 * filled (out->resolved: file and line known). */
struct vf_site_cache *vf_site_cache_create(void);
void vf_site_cache_destroy(struct vf_site_cache *cache);
void vf_site_cache_clear(struct vf_site_cache *cache);
bool vf_site_source(struct vf_site_cache *cache, const void *call_site,
		    bool may_resolve, struct vf_source *out);
/* At report time (cheap: dladdr, no addr2line): remember the module and
 * name of a stored report's sites, so SARIF written after the miniport is
 * unloaded still names them and resolves file:line.  With described, the
 * site's "module!symbol+0xN" too, from the same lookup (vf_site_described's
 * text; "" for no site). */
void vf_site_note(struct vf_site_cache *cache, const void *call_site,
		  char *described, size_t len);
/* "module!symbol+0xN" as noted while loaded, else described now. */
void vf_site_described(struct vf_site_cache *cache, const void *addr,
		       char *buf, size_t len);
/* The site to show: rec_site ("module!symbol+0xN") or, when dladdr found
 * no symbol, "module!function" from addr2line. */
void vf_site_display(const char *described, const struct vf_source *src,
		     char *buf, size_t len);

/* site_symtab.c — the function of `path` (loaded at `base`) that contains
 * the run-time address `at`, from the module's .symtab (read once per
 * module, then cached); *start (may be NULL) gets its run-time start. */
bool vf_symtab_function(const char *path, uintptr_t base, uintptr_t at,
			char *buf, size_t len, uintptr_t *start);

/* report_text.c — the one-line text report (spec §10). */
void vf_text_line(struct verifier *vf, const struct vf_record *rec, FILE *out);

/* report_json.c — JSON helpers shared with the SARIF writer. */
void vf_json_string(FILE *out, const char *s);
void vf_json_pointer(FILE *out, const void *p);  /* "0x..." or null */
void vf_json_line(struct verifier *vf, const struct vf_record *rec, FILE *out);

#endif
