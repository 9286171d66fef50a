/* driver_imports.c — the names a miniport imports that ndisdma does not
 * provide, all of them, each with its family (driver_imports.h).
 *
 * dlopen stops at the first unresolved symbol and names only that one; a
 * driver author wants the whole list to judge the port.  So the driver's
 * .dynsym is read first (elf_file.c) and each undefined, non-weak name is
 * looked up where the dynamic linker would find it: the process's global
 * scope (the ndisdma binary or host program, libndisdma, the C library)
 * and the driver's own DT_NEEDED libraries.  A name resolved by the C
 * library is fine (memcpy, strlen) unless its meaning differs from the
 * Windows kernel's: the wide-character functions (glibc's wchar_t is 32
 * bits, a driver's 16: -fshort-wchar) and the printf family (glibc reads
 * %ld as 64 bits and knows no %ws, %wZ or %I64); ndisdma formats driver
 * strings itself (RtlStringCb*, DbgPrint), never through glibc.
 */
#include "runtime/driver_imports.h"
#include "runtime/runtime.h"
#include "verifier/elf_file.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NEEDED 32
#define MAX_RUNPATH 8

/* ---- families ---------------------------------------------------------------- */

struct family {
	const char *prefix;        /* matched when followed by an upper-case letter */
	const char *name;
};

/* Order is the order of the list printed; first match wins. */
static const struct family families[] = {
	{ "Ndis", "Ndis" },
	{ "Ke", "Ke (kernel executive)" }, { "Kf", "Ke (kernel executive)" },
	{ "Ki", "Ke (kernel executive)" },
	{ "Ex", "Ex (pool, lookaside lists)" }, { "Exf", "Ex (pool, lookaside lists)" },
	{ "Mm", "Mm (memory)" },
	{ "Ps", "Ps/Ob/Zw (threads, objects, handles)" },
	{ "Ob", "Ps/Ob/Zw (threads, objects, handles)" },
	{ "Zw", "Ps/Ob/Zw (threads, objects, handles)" },
	{ "Nt", "Ps/Ob/Zw (threads, objects, handles)" },
	{ "Rtl", "Rtl (run-time library)" },
	{ "Io", "Io (I/O manager)" }, { "Iof", "Io (I/O manager)" },
	{ "Interlocked", "Interlocked" }, { "_Interlocked", "Interlocked" },
	{ "Dbg", "Debug (Dbg, Kd)" }, { "Kd", "Debug (Dbg, Kd)" },
	{ "vDbg", "Debug (Dbg, Kd)" },
	{ "Wpp", "Wpp (tracing)" }, { "Wmi", "Wpp (tracing)" }, { "Etw", "Wpp (tracing)" },
	{ "Hal", "Hal" }, { "Po", "Po (power)" }, { "Se", "Se (security)" },
	{ "Cm", "Cm (registry)" }, { "Wdf", "WDF (KMDF)" },
};

static bool upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static bool has_prefix(const char *name, const char *prefix)
{
	return strncmp(name, prefix, strlen(prefix)) == 0;
}

/* Wide-character and printf-family C library names: meaning differs in
 * glibc (see the top of the file). */
static bool glibc_meaning_differs(const char *name)
{
	static const char *const exact[] = {
		"sprintf", "snprintf", "vsprintf", "vsnprintf", "printf", "vprintf",
		"fprintf", "vfprintf", "sscanf", "vsscanf", "swprintf", "vswprintf",
		"wprintf", "vwprintf", "swscanf", "towlower", "towupper", "mbstowcs",
		"wcstombs", "mbtowc", "wctomb", "btowc", "wctob", NULL
	};

	for (const char *const *e = exact; *e != NULL; e++)
		if (strcmp(name, *e) == 0)
			return true;
	return has_prefix(name, "wcs") || has_prefix(name, "wmem") || has_prefix(name, "isw") ||
	       has_prefix(name, "__isoc99_") || has_prefix(name, "__printf_chk") ||
	       has_prefix(name, "__sprintf_chk") || has_prefix(name, "__snprintf_chk") ||
	       has_prefix(name, "__vsnprintf_chk") || has_prefix(name, "__vsprintf_chk") ||
	       has_prefix(name, "__wcs") || has_prefix(name, "__swprintf_chk");
}

const char *rt_import_family(const char *name)
{
	for (size_t i = 0; i < sizeof(families) / sizeof(families[0]); i++) {
		size_t n = strlen(families[i].prefix);

		if (strncmp(name, families[i].prefix, n) == 0 && upper(name[n]))
			return families[i].name;
	}
	if (has_prefix(name, "READ_") || has_prefix(name, "WRITE_"))
		return "Hal";
	if (has_prefix(name, "_Z"))
		return "C++ runtime";
	/* __chkstk, __C_specific_handler, _BitScanForward: the compiler's;
	 * _snprintf, _wcsicmp, wcslen, memcpy: the C library's */
	if (has_prefix(name, "__") || (name[0] == '_' && upper(name[1])))
		return "compiler runtime, intrinsics";
	if (name[0] == '_' || (name[0] >= 'a' && name[0] <= 'z'))
		return "C runtime";
	return "other";
}

static size_t family_rank(const char *family)
{
	size_t n = sizeof(families) / sizeof(families[0]);

	for (size_t i = 0; i < n; i++)
		if (strcmp(families[i].name, family) == 0)
			return i;
	return n;
}

/* ---- the driver's own libraries ----------------------------------------------- */

struct check {
	const char *path;
	struct elf_file elf;
	void *needed[MAX_NEEDED];
	size_t n_needed;
	char runpath[MAX_RUNPATH][256];
	size_t n_runpath;
	struct missing {
		const char *name;      /* in the mapped file */
		const char *family;
		bool glibc;            /* resolved by the C library, wrong meaning */
	} *list;
	size_t count, cap;
	bool oom;
};

/* $ORIGIN in a run path is the driver's directory. */
static void add_runpath(void *ctx, const char *value)
{
	struct check *c = ctx;
	const char *slash = strrchr(c->path, '/');
	int dirlen = slash != NULL ? (int)(slash - c->path) : 1;
	const char *dir = slash != NULL ? c->path : ".";
	char *copy = strdup(value), *save = NULL;

	if (copy == NULL)
		return;
	for (char *p = strtok_r(copy, ":", &save); p && c->n_runpath < MAX_RUNPATH;
	     p = strtok_r(NULL, ":", &save)) {
		char *buf = c->runpath[c->n_runpath];

		if (strncmp(p, "$ORIGIN", 7) == 0)
			snprintf(buf, sizeof(c->runpath[0]), "%.*s%s", dirlen, dir, p + 7);
		else
			snprintf(buf, sizeof(c->runpath[0]), "%s", p);
		c->n_runpath++;
	}
	free(copy);
}

static void open_needed(void *ctx, const char *soname)
{
	struct check *c = ctx;
	void *h;

	if (c->n_needed == MAX_NEEDED)
		return;
	h = dlopen(soname, RTLD_LAZY | RTLD_LOCAL | RTLD_NOLOAD);
	if (h == NULL && strchr(soname, '/') == NULL) {
		for (size_t i = 0; i < c->n_runpath && h == NULL; i++) {
			char full[512];

			snprintf(full, sizeof(full), "%s/%s", c->runpath[i], soname);
			h = dlopen(full, RTLD_LAZY | RTLD_LOCAL);
		}
	}
	if (h == NULL)
		h = dlopen(soname, RTLD_LAZY | RTLD_LOCAL);
	if (h != NULL)
		c->needed[c->n_needed++] = h;
}

/* ---- one import ------------------------------------------------------------------ */

static void *resolve(const struct check *c, const char *name)
{
	void *addr = dlsym(RTLD_DEFAULT, name);

	for (size_t i = 0; addr == NULL && i < c->n_needed; i++)
		addr = dlsym(c->needed[i], name);
	return addr;
}

static void add_missing(struct check *c, const char *name, bool glibc)
{
	if (c->count == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 32;
		struct missing *l = realloc(c->list, cap * sizeof(*l));

		if (l == NULL) {
			c->oom = true;
			return;
		}
		c->list = l;
		c->cap = cap;
	}
	c->list[c->count].name = name;
	c->list[c->count].family = rt_import_family(name);
	c->list[c->count].glibc = glibc;
	c->count++;
}

static void check_import(void *ctx, const char *name)
{
	struct check *c = ctx;
	void *addr = resolve(c, name);

	/* ndisdma exports none of these (cmake/ndisdma.map): whoever defines
	 * one, the C library or a sanitizer's interceptor, has glibc's
	 * meaning, not the driver's */
	if (addr == NULL || glibc_meaning_differs(name))
		add_missing(c, name, addr != NULL);
}

/* ---- the list ---------------------------------------------------------------------- */

static int by_family(const void *a, const void *b)
{
	const struct missing *x = a, *y = b;
	size_t rx = family_rank(x->family), ry = family_rank(y->family);
	int f = rx != ry ? (rx < ry ? -1 : 1) : strcmp(x->family, y->family);

	return f != 0 ? f : strcmp(x->name, y->name);
}

static void format_list(const struct check *c, char *err, size_t errlen)
{
	size_t used;

	rt_error(err, errlen, "%s: %zu name%s ndisdma does not provide:", c->path,
		 c->count, c->count == 1 ? "" : "s");
	used = strlen(err);
	for (size_t i = 0; i < c->count; i++) {
		const struct missing *m = &c->list[i];
		char line[320];
		int n = snprintf(line, sizeof(line), "\n  %-40s %s%s", m->name, m->family,
				 m->glibc ? ": the C library's has another meaning "
					    "(32-bit wchar_t or LP64 printf)" : "");
		char more[64];
		int k = snprintf(more, sizeof(more), "\n  ... and %zu more", c->count - i);

		if (n < 0 || used + (size_t)n + (size_t)k + 1 > errlen) {
			if (used + (size_t)k + 1 <= errlen)
				memcpy(err + used, more, (size_t)k + 1);
			return;
		}
		memcpy(err + used, line, (size_t)n + 1);
		used += (size_t)n;
	}
}

int rt_driver_imports_check(const char *path, char *err, size_t errlen)
{
	struct check c = { .path = path };
	int rc = 0;

	if (elf_open(&c.elf, path) != 0)
		return 0;
	elf_each_dynamic_string(&c.elf, DT_RUNPATH, add_runpath, &c);
	elf_each_dynamic_string(&c.elf, DT_RPATH, add_runpath, &c);
	elf_each_dynamic_string(&c.elf, DT_NEEDED, open_needed, &c);
	elf_each_import(&c.elf, check_import, &c);
	if (c.oom) {
		rt_error(err, errlen, "%s: out of memory listing its imports", path);
		rc = -ENOMEM;
	} else if (c.count > 0) {
		qsort(c.list, c.count, sizeof(c.list[0]), by_family);
		format_list(&c, err, errlen);
		rc = -ENOENT;
	}
	for (size_t i = 0; i < c.n_needed; i++)
		dlclose(c.needed[i]);
	free(c.list);
	elf_close(&c.elf);
	return rc;
}
