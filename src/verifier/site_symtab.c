/* site_symtab.c — the function containing a code address, from the ELF
 * .symtab of its module, so static functions are named too (dladdr sees
 * only the dynamic symbols and would name the nearest exported one).
 *
 * Used by vf_site_function (site.c) for the __FUNCTION__ marker of driver
 * format strings (docs/msvc-c.md) and by vf_describe_site for report
 * sites.  Each module's function symbols are read once (elf_file.c),
 * sorted, and kept for the life of the process: what a module
 * contains is a property of the process, not of one machine.  A stripped
 * module has no .symtab and answers nothing.
 */
#include "verifier/verifier_internal.h"
#include "verifier/elf_file.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct func {
	uintptr_t start, end;   /* run-time addresses */
	const char *name;       /* in the module's mapped file */
};

struct module_syms {
	struct module_syms *next;
	uintptr_t base;
	char *path;
	struct elf_file file;   /* stays mapped: names point into it */
	struct func *funcs;
	size_t count, cap;
	uintptr_t bias;         /* load base for ET_DYN, 0 for ET_EXEC */
};

static pthread_mutex_t modules_lock = PTHREAD_MUTEX_INITIALIZER;
static struct module_syms *modules;

static int by_start(const void *a, const void *b)
{
	const struct func *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static void add_function(void *ctx, const char *name, uint64_t start, uint64_t size)
{
	struct module_syms *m = ctx;

	if (m->count == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 256;
		struct func *more = realloc(m->funcs, cap * sizeof(*more));

		if (more == NULL)
			return;   /* a shorter table names fewer functions */
		m->funcs = more;
		m->cap = cap;
	}
	m->funcs[m->count].start = m->bias + (uintptr_t)start;
	m->funcs[m->count].end = m->bias + (uintptr_t)(start + size);
	m->funcs[m->count].name = name;
	m->count++;
}

static struct module_syms *load_module(const char *path, uintptr_t base)
{
	struct module_syms *m = calloc(1, sizeof(*m));

	if (m == NULL)
		return NULL;
	m->base = base;
	m->path = strdup(path);
	if (elf_open(&m->file, path) == 0) {
		m->bias = m->file.ehdr->e_type == ET_DYN ? base : 0;
		elf_each_function(&m->file, add_function, m);
		if (m->count > 0)
			qsort(m->funcs, m->count, sizeof(*m->funcs), by_start);
	}
	m->next = modules;
	modules = m;
	return m;
}

static struct module_syms *find_module(const char *path, uintptr_t base)
{
	for (struct module_syms *m = modules; m != NULL; m = m->next)
		if (m->base == base && m->path != NULL && strcmp(m->path, path) == 0)
			return m;
	return load_module(path, base);
}

bool vf_symtab_function(const char *path, uintptr_t base, uintptr_t at,
			char *buf, size_t len, uintptr_t *start)
{
	bool found = false;

	pthread_mutex_lock(&modules_lock);
	struct module_syms *m = find_module(path, base);
	size_t lo = 0, hi = m != NULL ? m->count : 0;

	/* the last function starting at or below `at` */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (m->funcs[mid].start <= at)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* functions do not overlap; aliases share a start */
	for (size_t i = lo; i-- > 0 && m->funcs[i].start == m->funcs[lo - 1].start;) {
		if (at < m->funcs[i].end) {
			snprintf(buf, len, "%s", m->funcs[i].name);
			if (start != NULL)
				*start = m->funcs[i].start;
			found = true;
			break;
		}
	}
	pthread_mutex_unlock(&modules_lock);
	return found;
}
