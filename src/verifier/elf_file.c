/* elf_file.c — the ELF reading behind report sites and missing-name
 * lists (elf_file.h).  Every offset read from the file is bounds-checked
 * against the mapping: a truncated or hostile file gives "nothing found",
 * never a crash. */
#include "verifier/elf_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static bool in_file(const struct elf_file *f, uint64_t off, uint64_t len)
{
	return off <= f->size && len <= f->size - off;
}

/* A table of 8-byte-aligned records (headers, symbols, dynamic entries)
 * must start aligned: the mapping is read in place. */
static bool table_in_file(const struct elf_file *f, uint64_t off, uint64_t len)
{
	return off % 8 == 0 && in_file(f, off, len);
}

int elf_open(struct elf_file *f, const char *path)
{
	struct stat st;
	int fd;

	memset(f, 0, sizeof(*f));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) != 0 || st.st_size < (off_t)sizeof(Elf64_Ehdr)) {
		close(fd);
		return -ENOEXEC;
	}
	f->size = (size_t)st.st_size;
	f->data = mmap(NULL, f->size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (f->data == MAP_FAILED) {
		f->data = NULL;
		return -errno;
	}
	f->ehdr = (const Elf64_Ehdr *)f->data;
	if (memcmp(f->ehdr->e_ident, ELFMAG, SELFMAG) != 0 ||
	    f->ehdr->e_ident[EI_CLASS] != ELFCLASS64 ||
	    f->ehdr->e_ident[EI_DATA] != ELFDATA2LSB ||
	    f->ehdr->e_shentsize != sizeof(Elf64_Shdr) ||
	    !table_in_file(f, f->ehdr->e_shoff, (uint64_t)f->ehdr->e_shnum * sizeof(Elf64_Shdr))) {
		elf_close(f);
		return -ENOEXEC;
	}
	f->shdrs = (const Elf64_Shdr *)(f->data + f->ehdr->e_shoff);
	return 0;
}

void elf_close(struct elf_file *f)
{
	if (f->data != NULL)
		munmap((void *)f->data, f->size);
	memset(f, 0, sizeof(*f));
}

static const Elf64_Shdr *section_of_type(const struct elf_file *f, uint32_t type)
{
	for (unsigned i = 0; i < f->ehdr->e_shnum; i++)
		if (f->shdrs[i].sh_type == type)
			return &f->shdrs[i];
	return NULL;
}

/* A symbol table and its string table, both inside the file. */
struct symtab {
	const Elf64_Sym *syms;
	size_t count;
	const char *strs;
	size_t strsize;
};

static bool open_symtab(const struct elf_file *f, const Elf64_Shdr *sh, struct symtab *t)
{
	const Elf64_Shdr *strsh;

	if (sh == NULL || sh->sh_entsize != sizeof(Elf64_Sym) ||
	    sh->sh_link >= f->ehdr->e_shnum || !table_in_file(f, sh->sh_offset, sh->sh_size))
		return false;
	strsh = &f->shdrs[sh->sh_link];
	if (!in_file(f, strsh->sh_offset, strsh->sh_size) || strsh->sh_size == 0)
		return false;
	t->syms = (const Elf64_Sym *)(f->data + sh->sh_offset);
	t->count = sh->sh_size / sizeof(Elf64_Sym);
	t->strs = (const char *)(f->data + strsh->sh_offset);
	t->strsize = strsh->sh_size;
	return true;
}

/* The NUL-terminated name at off, or NULL. */
static const char *name_at(const char *strs, size_t size, uint64_t off)
{
	if (off >= size || memchr(strs + off, '\0', size - off) == NULL)
		return NULL;
	return strs + off;
}

static bool each_function(const struct elf_file *f, uint32_t type,
			  void (*fn)(void *, const char *, uint64_t, uint64_t), void *ctx)
{
	struct symtab t;

	if (!open_symtab(f, section_of_type(f, type), &t))
		return false;
	for (size_t i = 0; i < t.count; i++) {
		const Elf64_Sym *s = &t.syms[i];
		const char *n;

		if (ELF64_ST_TYPE(s->st_info) != STT_FUNC || s->st_shndx == SHN_UNDEF ||
		    s->st_size == 0)
			continue;
		n = name_at(t.strs, t.strsize, s->st_name);
		if (n != NULL && n[0] != '\0')
			fn(ctx, n, s->st_value, s->st_size);
	}
	return true;
}

void elf_each_function(const struct elf_file *f,
		       void (*fn)(void *ctx, const char *name, uint64_t start, uint64_t size),
		       void *ctx)
{
	if (f->data != NULL && !each_function(f, SHT_SYMTAB, fn, ctx))
		(void)each_function(f, SHT_DYNSYM, fn, ctx);
}

void elf_each_import(const struct elf_file *f,
		     void (*fn)(void *ctx, const char *name), void *ctx)
{
	struct symtab t;

	if (f->data == NULL || !open_symtab(f, section_of_type(f, SHT_DYNSYM), &t))
		return;
	for (size_t i = 1; i < t.count; i++) {
		const Elf64_Sym *s = &t.syms[i];
		const char *n;

		if (s->st_shndx != SHN_UNDEF || ELF64_ST_BIND(s->st_info) != STB_GLOBAL)
			continue;
		n = name_at(t.strs, t.strsize, s->st_name);
		if (n != NULL && n[0] != '\0')
			fn(ctx, n);
	}
}

void elf_each_dynamic_string(const struct elf_file *f, int64_t tag,
			     void (*fn)(void *ctx, const char *value), void *ctx)
{
	const Elf64_Shdr *dyn = f->data ? section_of_type(f, SHT_DYNAMIC) : NULL;
	const Elf64_Shdr *strsh;

	if (dyn == NULL || dyn->sh_link >= f->ehdr->e_shnum ||
	    !table_in_file(f, dyn->sh_offset, dyn->sh_size))
		return;
	strsh = &f->shdrs[dyn->sh_link];
	if (!in_file(f, strsh->sh_offset, strsh->sh_size))
		return;
	for (size_t i = 0; i < dyn->sh_size / sizeof(Elf64_Dyn); i++) {
		const Elf64_Dyn *d = (const Elf64_Dyn *)(f->data + dyn->sh_offset) + i;
		const char *v;

		if (d->d_tag == DT_NULL)
			break;
		if (d->d_tag != tag)
			continue;
		v = name_at((const char *)(f->data + strsh->sh_offset), strsh->sh_size,
			    d->d_un.d_val);
		if (v != NULL)
			fn(ctx, v);
	}
}
