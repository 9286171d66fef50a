/* wpp.h — ndisdma-wpp, ndisdma's replacement for tracewpp (docs/wpp.md;
 * wpp facts §1): the configuration it reads (config.c, types.c, guids.c),
 * the sources it checks (scan.c) and the enums it finds in them (enums.c),
 * and the .tmh it writes (gen.c, gen_types.c).
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
#define WPP_MAX_TYPES 64
#define WPP_MAX_FILES 256
#define WPP_MAX_ARGS 16

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
	/* USEPREFIX / USESUFFIX: the literal as written ("" none) and its
	 * arguments, joined with ", " */
	char prefix[512], suffix[512];
	char prefix_args[512], suffix_args[512];
};

/* USEPREFIX / USESUFFIX, checked once every function and type is known. */
struct wpp_affix {
	char func[WPP_NAME_MAX];
	bool prefix;
	char text[512];                      /* the literal(s) as written */
	char args[512];                      /* ", "-joined, "" none */
	unsigned nargs;
	const char *file;
	unsigned line;
};

/* A driver's own type (wpp facts §1.7): %!name! prints the symbolic name
 * of a value (a list), the names of its bits (a set), or a complex value
 * read through the driver's helper macro. */
enum wpp_type_kind { WT_LIST, WT_SET, WT_CPLX };

struct wpp_item { long long value; char name[WPP_NAME_MAX]; };

struct wpp_type {
	char name[WPP_NAME_MAX];
	enum wpp_type_kind kind;
	char enum_name[WPP_NAME_MAX];        /* ItemEnum(X): found in the sources */
	unsigned nitems;
	struct wpp_item *items;
	/* DEFINE_CPLX_TYPE */
	char helper[WPP_NAME_MAX];
	char arg_type[WPP_NAME_MAX];
	const char *mof_kind;                /* the NDISDMA_WPP_KIND it prints as */
	const char *file;
	unsigned line;
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
	unsigned argbase;                    /* -argbase: (default 1) */
	unsigned naffixes;
	struct wpp_affix affixes[2 * WPP_MAX_FUNCS];
	unsigned ntypes;
	struct wpp_type types[WPP_MAX_TYPES];
	unsigned nfiles;                     /* read for enums: -scan:, sources, includes */
	char *files[WPP_MAX_FILES];          /* their paths */
	char *texts[WPP_MAX_FILES];          /* and what they hold */
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

/* The top-level, comma-separated arguments of the (...) at p, each trimmed,
 * into out (at most max); the text after the ')', or NULL when unbalanced. */
const char *wpp_split(const char *p, char out[][512], unsigned max, unsigned *n);
/* Every USEPREFIX / USESUFFIX given to its function, once all is read. */
void wpp_resolve_affixes(struct wpp_config *c);

/* types.c: CUSTOM_TYPE, TYPEMACRO, DEFINE_CPLX_TYPE statements. */
void wpp_type_statement(struct wpp_config *c, const char *word, const char *s,
			const char *file, unsigned line);
/* The driver type named name[0..len) (case-insensitive), or NULL. */
const struct wpp_type *wpp_type_named(const struct wpp_config *c, const char *name, size_t len);
/* enums.c: remembers a file read (its enums may be an ItemEnum's). */
void wpp_remember_file(struct wpp_config *c, const char *path, const char *text);
/* Every ItemEnum type's enumerators, from the files read; each one not
 * found or not understood is an error naming the CUSTOM_TYPE. */
void wpp_resolve_enums(struct wpp_config *c);

/* scan.c: MSG-like text: string literals (narrow or L"..."), with the
 * predefined macros that are literals; the text appended to buf.  1:
 * checked, 0: another macro is part of it (no count), -1: no literal. */
int wpp_literal_text(const char *b, const char *e, char *buf, size_t size, bool *wide);
/* scan.c: checks every trace call of the source; writes the .tmh name it
 * includes (or <basename>.tmh) to tmh.  False when a call is wrong. */
bool wpp_scan_source(struct wpp_config *c, const char *path, char *tmh, size_t tmh_size);
/* Conversions MSG text consumes; -1 (reported) for an unknown one. */
int wpp_count_conversions(struct wpp_config *c, const char *text, size_t n,
			  const char *file, unsigned line);

/* gen.c */
void wpp_write_tmh(const struct wpp_config *c, FILE *out, const char *source);
/* gen_types.c: the types table (NDISDMA_WPP_TYPES, NDISDMA_WPP_NTYPES). */
void wpp_write_types(const struct wpp_config *c, FILE *out);

#endif
