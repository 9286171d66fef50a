/* test_elf_file.c — the ELF reader behind report sites and the loader's
 * missing-name list (src/verifier/elf_file.c): it lists functions (a static
 * one from the .symtab), lists imports and DT_NEEDED entries, and never reads
 * outside the file, however the file is truncated or its tables point. */
#include "harness.h"

#include "verifier/elf_file.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static __attribute__((noinline, used)) int elf_probe_static(int x)
{
	return x * 7 + 3;
}

static void count_name(void *ctx, const char *name)
{
	(void)name;
	(*(int *)ctx)++;
}

static void find_name(void *ctx, const char *name)
{
	const char **want = ctx;

	if (*want != NULL && strcmp(name, *want) == 0)
		*want = NULL;
}

static char *self_path(void)
{
	static char path[4096];
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);

	assert_true(n > 0);
	path[n] = '\0';
	return path;
}

/* The link-time address of a function of this (PIE) program. */
static uint64_t vaddr_of(const void *fn)
{
	Dl_info info;

	assert_int_not_equal(dladdr(fn, &info), 0);
	return (uint64_t)((uintptr_t)fn - (uintptr_t)info.dli_fbase);
}

struct probe {
	uint64_t at;        /* an address inside the function looked for */
	const char *name;   /* the function found there, or NULL */
	uint64_t start;
	int functions;
};

static void find_function(void *ctx, const char *name, uint64_t start, uint64_t size)
{
	struct probe *p = ctx;

	p->functions++;
	if (p->at >= start && p->at - start < size) {
		p->name = name;
		p->start = start;
	}
}

static void names_static_function(void **state)
{
	struct elf_file f;
	struct probe p = { 0 };
	uint64_t at = vaddr_of((const void *)(uintptr_t)&elf_probe_static);

	(void)state;
	assert_int_equal(elf_probe_static(1), 10);
	assert_int_equal(elf_open(&f, self_path()), 0);
	p.at = at + 2;
	elf_each_function(&f, find_function, &p);
	assert_non_null(p.name);
	assert_string_equal(p.name, "elf_probe_static");
	assert_int_equal(p.start, at);
	assert_true(p.functions > 10);
	p = (struct probe){ .at = 0 };
	elf_each_function(&f, find_function, &p);
	assert_null(p.name);   /* nothing covers the ELF header */
	elf_close(&f);
}

static void lists_imports_and_needed(void **state)
{
	struct elf_file f;
	const char *import = "_cmocka_run_group_tests", *needed = "libcmocka.so.0";
	int imports = 0;

	(void)state;
	assert_int_equal(elf_open(&f, self_path()), 0);
	elf_each_import(&f, count_name, &imports);
	assert_true(imports > 10);
	elf_each_import(&f, find_name, &import);
	assert_null(import);
	elf_each_dynamic_string(&f, DT_NEEDED, find_name, &needed);
	assert_null(needed);
	elf_close(&f);
}

static void refuses_what_is_not_elf(void **state)
{
	char path[] = "/tmp/ndisdma-elf-XXXXXX";
	int fd = mkstemp(path);
	struct elf_file f;

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "not an ELF file at all, but long enough to read\n", 48), 48);
	close(fd);
	assert_int_equal(elf_open(&f, path), -ENOEXEC);
	assert_int_equal(elf_open(&f, "/nonexistent/x.so"), -ENOENT);
	unlink(path);
}

/* Every prefix of this program, and copies whose section table and
 * section offsets point anywhere: opened or refused, looked up without a
 * read outside the mapping (the ASan build checks that). */
static void survives_truncation_and_garbage(void **state)
{
	char path[] = "/tmp/ndisdma-elf-XXXXXX";
	FILE *in = fopen(self_path(), "rb");
	unsigned char *data;
	long size;
	int fd = mkstemp(path);

	(void)state;
	assert_non_null(in);
	assert_true(fd >= 0);
	fseek(in, 0, SEEK_END);
	size = ftell(in);
	rewind(in);
	data = malloc((size_t)size);
	assert_non_null(data);
	assert_int_equal(fread(data, 1, (size_t)size, in), (size_t)size);
	fclose(in);
	for (int variant = 0; variant < 48; variant++) {
		unsigned char *copy = malloc((size_t)size);
		long len = variant < 16 ? size * variant / 16 + 64 : size;
		Elf64_Ehdr *eh = (Elf64_Ehdr *)copy;
		struct elf_file f;
		int n = 0;

		assert_non_null(copy);
		memcpy(copy, data, (size_t)size);
		if (variant >= 16 && variant < 32)       /* section table moved */
			eh->e_shoff = (Elf64_Off)(size - (variant - 16) * 8);
		if (variant >= 32) {                     /* one section's offset and size wild */
			Elf64_Shdr *sh = (Elf64_Shdr *)(copy + eh->e_shoff);
			unsigned i = (unsigned)(variant - 32) % eh->e_shnum;

			sh[i].sh_offset = (Elf64_Off)size - 8 * (variant - 31);
			sh[i].sh_size = (uint64_t)1 << (variant % 40);
			sh[i].sh_link = (uint32_t)(variant * 7919);
		}
		assert_int_equal(ftruncate(fd, 0), 0);
		assert_int_equal(pwrite(fd, copy, (size_t)(len < size ? len : size), 0),
				 (len < size ? len : size));
		if (elf_open(&f, path) == 0) {
			struct probe p = { .at = 0x1000 };

			elf_each_function(&f, find_function, &p);
			elf_each_import(&f, count_name, &n);
			elf_each_dynamic_string(&f, DT_NEEDED, count_name, &n);
			elf_close(&f);
		}
		free(copy);
	}
	close(fd);
	unlink(path);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names_static_function),
		cmocka_unit_test(lists_imports_and_needed),
		cmocka_unit_test(refuses_what_is_not_elf),
		cmocka_unit_test(survives_truncation_and_garbage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
