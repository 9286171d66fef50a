/* site_symtab.c — the function containing a code address, from the ELF
 * .symtab of its module, so static functions are named too (dladdr sees
 * only the dynamic symbols and would name the nearest exported one).
 *
 * Used by vf_site_function (site.c) for the __FUNCTION__ marker of driver
 * format strings (docs/msvc-c.md).  Each module's function symbols are
 * read once, sorted, and kept for the life of the process: what a module
 * contains is a property of the process, not of one machine.  A stripped
 * module has no .symtab and answers nothing.
 */
#include "verifier/verifier_internal.h"

#include <elf.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

struct func {
	uintptr_t start, end;   /* run-time addresses */
	const char *name;       /* in the module's mapped file */
};

struct module_syms {
	struct module_syms *next;
	uintptr_t base;
	char *path;
	void *map;
	size_t map_len;
	struct func *funcs;
	size_t count;
};

static pthread_mutex_t modules_lock = PTHREAD_MUTEX_INITIALIZER;
static struct module_syms *modules;

static int by_start(const void *a, const void *b)
{
	const struct func *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static const Elf64_Shdr *section(const Elf64_Ehdr *eh, size_t len, size_t i)
{
	size_t off = eh->e_shoff + i * eh->e_shentsize;

	if (i >= eh->e_shnum || off + sizeof(Elf64_Shdr) > len)
		return NULL;
	return (const Elf64_Shdr *)((const char *)eh + off);
}

/* Collects STT_FUNC symbols with a size from .symtab into m->funcs. */
static void read_functions(struct module_syms *m, uintptr_t base)
{
	const Elf64_Ehdr *eh = m->map;
	const char *file = m->map;
	uintptr_t bias = eh->e_type == ET_DYN ? base : 0;

	for (size_t i = 0; i < eh->e_shnum; i++) {
		const Elf64_Shdr *sh = section(eh, m->map_len, i);
		const Elf64_Shdr *str = sh != NULL ? section(eh, m->map_len, sh->sh_link) : NULL;

		if (sh == NULL || sh->sh_type != SHT_SYMTAB || str == NULL ||
		    sh->sh_offset + sh->sh_size > m->map_len ||
		    str->sh_offset + str->sh_size > m->map_len ||
		    sh->sh_entsize != sizeof(Elf64_Sym))
			continue;
		const Elf64_Sym *sym = (const Elf64_Sym *)(file + sh->sh_offset);
		size_t n = sh->sh_size / sizeof(Elf64_Sym);
		m->funcs = calloc(n, sizeof(*m->funcs));
		if (m->funcs == NULL)
			return;
		for (size_t k = 0; k < n; k++) {
			if (ELF64_ST_TYPE(sym[k].st_info) != STT_FUNC || sym[k].st_size == 0 ||
			    sym[k].st_shndx == SHN_UNDEF || sym[k].st_name >= str->sh_size)
				continue;
			m->funcs[m->count].start = bias + sym[k].st_value;
			m->funcs[m->count].end = bias + sym[k].st_value + sym[k].st_size;
			m->funcs[m->count].name = file + str->sh_offset + sym[k].st_name;
			m->count++;
		}
		qsort(m->funcs, m->count, sizeof(*m->funcs), by_start);
		return;
	}
}

static struct module_syms *load_module(const char *path, uintptr_t base)
{
	struct module_syms *m = calloc(1, sizeof(*m));
	struct stat st;
	int fd;

	if (m == NULL)
		return NULL;
	m->base = base;
	m->path = strdup(path);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0 && fstat(fd, &st) == 0 && (size_t)st.st_size >= sizeof(Elf64_Ehdr)) {
		m->map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (m->map == MAP_FAILED)
			m->map = NULL;
		else
			m->map_len = (size_t)st.st_size;
	}
	if (fd >= 0)
		close(fd);
	if (m->map != NULL && memcmp(m->map, ELFMAG, SELFMAG) == 0 &&
	    ((const unsigned char *)m->map)[EI_CLASS] == ELFCLASS64)
		read_functions(m, base);
	/* the mapping stays: names point into it */
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
			char *buf, size_t len)
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
			found = true;
			break;
		}
	}
	pthread_mutex_unlock(&modules_lock);
	return found;
}
