/* fuzz_cover.c — the coverage counters of the loaded modules, found so
 * the device target can discard what the adapter's start counted
 * (docs/fuzzing.md "What the fuzzer counts").
 *
 * clang's -fsanitize=fuzzer(-no-link) instrumentation gives every
 * instrumented module one byte per edge in its section __sancov_cntrs;
 * the engine zeroes them before an input and reads them after it.  Each
 * loaded module's section is located from its file's section headers
 * (dl_iterate_phdr for the modules and their load bases), and used only
 * when the file's program headers are the loaded module's (the file was
 * not rebuilt since it was loaded) and the section lies inside a writable
 * PT_LOAD segment of that module: a stale or foreign file never makes us
 * write outside the counters.  A build
 * without coverage has no such section: nothing is found, nothing is
 * discarded.
 */
#include "fuzz/fuzz_cover.h"

#include <link.h>
#include <string.h>

#include "verifier/elf_file.h"

#define COUNTERS_SECTION "__sancov_cntrs"

struct find {
	struct fz_cover *c;
};

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
	struct fz_cover *c = ((struct find *)ctx)->c;
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

void fz_cover_find(struct fz_cover *c)
{
	struct find ctx = { c };

	memset(c, 0, sizeof(*c));
	dl_iterate_phdr(each_module, &ctx);
}

void fz_cover_discard(const struct fz_cover *c)
{
	for (unsigned i = 0; i < c->count; i++)
		memset(c->region[i].start, 0, c->region[i].size);
}

size_t fz_cover_edges(const struct fz_cover *c)
{
	size_t n = 0;

	for (unsigned i = 0; i < c->count; i++)
		n += c->region[i].size;
	return n;
}
