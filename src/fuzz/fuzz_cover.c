/* fuzz_cover.c — the coverage counters of the loaded modules, so the
 * device target can drop from an execution's counts the edges only its
 * adapter's start reached (docs/fuzzing.md "What the fuzzer counts").
 *
 * clang's -fsanitize=fuzzer(-no-link) instrumentation gives every
 * instrumented module one byte per edge in its section __sancov_cntrs;
 * the engine zeroes them before an input and reads them after it.  The
 * target notes them once the adapter runs (fz_cover_mark) and, before it
 * returns, zeroes each one that has not moved since (fz_cover_drop_unmoved):
 * an edge the script or the halt also reached keeps its whole count,
 * start included, so the counts the engine buckets are what they would
 * be without this; only the edges that were the start's alone, the same
 * in every execution with that setup byte, are not handed over.
 *
 * Each loaded module's section is located from its file's section
 * headers (dl_iterate_phdr for the modules and their load bases), and
 * used only when the file's program headers are the loaded module's (the
 * file was not rebuilt since it was loaded) and the section lies inside
 * a writable PT_LOAD segment of that module: a stale or foreign file
 * never makes us write outside the counters.  A build without coverage
 * has no such section: nothing is found, nothing is dropped.
 */
#include "fuzz/fuzz_cover.h"

#include <errno.h>
#include <link.h>
#include <stdlib.h>
#include <string.h>

#include "verifier/elf_file.h"

#define COUNTERS_SECTION "__sancov_cntrs"

/* Whether [start, start + size) lies in one writable loaded segment. */
static bool in_writable_segment(const struct dl_phdr_info *info, uintptr_t start, size_t size)
{
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		uintptr_t lo = info->dlpi_addr + ph->p_vaddr;

		if (ph->p_type == PT_LOAD && (ph->p_flags & PF_W) && start >= lo &&
		    size <= ph->p_memsz && start - lo <= ph->p_memsz - size)
			return true;
	}
	return false;
}

/* Whether f is the file the module was loaded from: the same program
 * headers, byte for byte. */
static bool same_module(const struct elf_file *f, const struct dl_phdr_info *info)
{
	uint64_t off = f->ehdr->e_phoff, len = (uint64_t)info->dlpi_phnum * sizeof(ElfW(Phdr));

	return f->ehdr->e_phnum == info->dlpi_phnum && f->ehdr->e_phentsize == sizeof(ElfW(Phdr)) &&
	       off <= f->size && len <= f->size - off &&
	       memcmp(f->data + off, info->dlpi_phdr, len) == 0;
}

static int each_module(struct dl_phdr_info *info, size_t len, void *ctx)
{
	struct fz_cover *c = ctx;
	/* the main program has no name here; the vDSO has no file */
	const char *path = info->dlpi_name && *info->dlpi_name ? info->dlpi_name
							       : "/proc/self/exe";
	struct elf_file f;
	uint64_t addr, size;

	(void)len;
	if (c->count == FZ_COVER_MODULES || elf_open(&f, path) != 0)
		return 0;
	if (same_module(&f, info) && elf_section(&f, COUNTERS_SECTION, &addr, &size) && size &&
	    in_writable_segment(info, info->dlpi_addr + addr, size)) {
		c->region[c->count].start = (uint8_t *)(info->dlpi_addr + addr);
		c->region[c->count++].size = size;
	}
	elf_close(&f);
	return 0;
}

int fz_cover_find(struct fz_cover *c)
{
	size_t total = 0;

	memset(c, 0, sizeof(*c));
	dl_iterate_phdr(each_module, c);
	for (unsigned i = 0; i < c->count; i++)
		total += c->region[i].size;
	if (total && !(c->mark = malloc(total))) {
		c->count = 0;
		return -ENOMEM;
	}
	return 0;
}

void fz_cover_free(struct fz_cover *c)
{
	free(c->mark);
	memset(c, 0, sizeof(*c));
}

void fz_cover_mark(const struct fz_cover *c)
{
	uint8_t *m = c->mark;

	for (unsigned i = 0; i < c->count; i++) {
		memcpy(m, c->region[i].start, c->region[i].size);
		m += c->region[i].size;
	}
}

void fz_cover_drop_unmoved(const struct fz_cover *c)
{
	const uint8_t *m = c->mark;

	for (unsigned r = 0; r < c->count; r++) {
		uint8_t *p = c->region[r].start;
		size_t n = c->region[r].size, i = 0;

		/* eight at a time: most counters are 0 and stay 0 */
		for (; i + 8 <= n; i += 8) {
			uint64_t now, was;

			memcpy(&now, p + i, 8);
			memcpy(&was, m + i, 8);
			if (now == was) {
				if (now)
					memset(p + i, 0, 8);
				continue;
			}
			for (size_t j = i; j < i + 8; j++)
				if (p[j] == m[j])
					p[j] = 0;
		}
		for (; i < n; i++)
			if (p[i] == m[i])
				p[i] = 0;
		m += n;
	}
}
