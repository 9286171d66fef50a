/* wpp.h — ndisdma-wpp, ndisdma's replacement for tracewpp (docs/wpp.md;
 * wpp facts §1): the configuration it reads (config.c), the sources it
 * checks (scan.c) and the .tmh it writes (gen.c).
 */
#ifndef NDISDMA_WPP_TOOL_H
#define NDISDMA_WPP_TOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define WPP_NAME_MAX 128
#define WPP_MAX_PARAMS 16
#define WPP_MAX_FIXED 8
#define WPP_MAX_FUNCS 64
#define WPP_MAX_GUIDS 16
#define WPP_MAX_BITS 31       /* flags per control GUID (wpp facts §1.2) */
#define WPP_MAX_DEFINES 32

/* A trace function: NAME{K=V,...}(P, P, (P, ...), ...) (wpp facts §1.7). */
struct wpp_func {
	char name[WPP_NAME_MAX];
	unsigned nfixed;
	char fixed_key[WPP_MAX_FIXED][WPP_NAME_MAX];
	char fixed_value[WPP_MAX_FIXED][WPP_NAME_MAX];
	unsigned nparams;                    /* the call's parameters, flattened */
	char params[WPP_MAX_PARAMS][WPP_NAME_MAX];
	int group_begin, group_end;          /* the (...) group: [begin, end), or -1 */
	int msg;                             /* index of MSG, or -1 */
	bool variadic;                       /* ends with ... */
	char prefix[512], suffix[512];       /* USEPREFIX / USESUFFIX text ("" none) */
};

struct wpp_guid {
	char name[WPP_NAME_MAX];
	unsigned nbits;
	char bits[WPP_MAX_BITS][WPP_NAME_MAX];
};

struct wpp_config {
	bool kernel_mode, dll, preserve_ext;
	const char *odir;
	char exts[256];                      /* ".c.cpp..." (-ext:) */
	unsigned nfuncs;
	struct wpp_func funcs[WPP_MAX_FUNCS];
	unsigned nguids;
	struct wpp_guid guids[WPP_MAX_GUIDS];
	bool guids_found;
	unsigned ndefines;
	char defines[WPP_MAX_DEFINES][512];  /* "NAME(args) expansion" */
	unsigned errors;
};

/* Reports "where: error: ..." on stderr and counts it. */
void wpp_error(struct wpp_config *c, const char *file, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* The whole file, NUL-terminated (NULL: cannot read it). */
char *wpp_read_file(const char *path, size_t *len);

/* config.c */
/* A -func: spec, or one FUNC statement; false (reported) when malformed. */
bool wpp_add_func(struct wpp_config *c, const char *spec, const char *file, unsigned line);
/* -scan: the begin_wpp config blocks and WPP_CONTROL_GUIDS of a header. */
bool wpp_read_scan(struct wpp_config *c, const char *path);
/* WPP_CONTROL_GUIDS in text, if it has one (sources, included headers). */
void wpp_find_guids(struct wpp_config *c, const char *text, const char *file);
/* The default functions (DoTraceMessage) unless the name is taken. */
void wpp_add_defaults(struct wpp_config *c);

/* scan.c: checks every trace call of the source; writes the .tmh name it
 * includes (or <basename>.tmh) to tmh.  False when a call is wrong. */
bool wpp_scan_source(struct wpp_config *c, const char *path, char *tmh, size_t tmh_size);
/* Conversions MSG text consumes; -1 (reported) for an unknown one. */
int wpp_count_conversions(struct wpp_config *c, const char *text, size_t n,
			  const char *file, unsigned line);

/* gen.c */
void wpp_write_tmh(const struct wpp_config *c, FILE *out, const char *source);

#endif
