/* elf_file.h — reading a loaded module's ELF file: its functions
 * (.symtab, for report sites and function names: site_symtab.c) and the names a
 * miniport imports (.dynsym, for the loader's missing-name list:
 * src/runtime/driver_imports.c).  Read-only mmap of the file; no state
 * outside the struct. */
#ifndef NDISDMA_ELF_FILE_H
#define NDISDMA_ELF_FILE_H

#include <elf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct elf_file {
	const uint8_t *data;
	size_t size;
	const Elf64_Ehdr *ehdr;
	const Elf64_Shdr *shdrs;   /* e_shnum entries, bounds checked */
};

/* 0, or a negative errno (-ENOEXEC: not a 64-bit little-endian ELF file
 * with valid section headers). */
int elf_open(struct elf_file *f, const char *path);
void elf_close(struct elf_file *f);

/* Calls fn for each defined FUNC symbol with a name and a size of .symtab
 * (else .dynsym, for a stripped module): its name (inside the mapped
 * file) and link-time start (runtime address minus load base for a shared
 * object or PIE). */
void elf_each_function(const struct elf_file *f,
		       void (*fn)(void *ctx, const char *name, uint64_t start, uint64_t size),
		       void *ctx);

/* Calls fn for each undefined, non-weak symbol in .dynsym. */
void elf_each_import(const struct elf_file *f,
		     void (*fn)(void *ctx, const char *name), void *ctx);

/* Calls fn for each DT_NEEDED (tag DT_NEEDED) or DT_RUNPATH/DT_RPATH
 * string of the dynamic section. */
void elf_each_dynamic_string(const struct elf_file *f, int64_t tag,
			     void (*fn)(void *ctx, const char *value), void *ctx);

#endif
