/* test_fuzz_fresh.c — every fuzz target gives each input a fresh state
 * (docs/fuzzing.md "Fresh state per input"): an input run alone (a new
 * instance, as `ndisdma run --replay` and a fuzz binary given one file
 * do) has the same outcome and the same behaviour hash
 * (ndisdma_fuzz_hash) as inside a long run over the whole corpus, and as
 * in a run over the corpus in the reverse order.  A target whose state
 * leaked from one input into the next (a random stream not restarted,
 * data left from the previous input, a scheduler decision drawn from
 * where the last input stopped) fails here. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ndisdma/fuzz.h"

int32_t ndisdma_builtin_virtio_net(void *driver_object, void *registry_path);

#define MAX_INPUTS 64u

struct corpus {
	unsigned n;
	char *name[MAX_INPUTS];
	uint8_t *data[MAX_INPUTS];
	size_t size[MAX_INPUTS];
	int found[MAX_INPUTS];
	uint64_t hash[MAX_INPUTS];
};

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* Up to MAX_INPUTS files of the directory, spread over it in name order. */
static void load(struct corpus *c, const char *target)
{
	char dir[4096], path[4096 + 260];
	struct dirent **names;
	int n;
	unsigned step;

	snprintf(dir, sizeof dir, "%s/%s/corpus", FUZZ_CORPUS_DIR, target);
	n = scandir(dir, &names, NULL, by_name);
	assert_true(n > 2);
	step = (unsigned)n / MAX_INPUTS + 1;
	memset(c, 0, sizeof(*c));
	for (int i = 0; i < n; i++) {
		FILE *f;
		long len;

		snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
		if (names[i]->d_name[0] != '.' && (unsigned)i % step == 0 && c->n < MAX_INPUTS &&
		    (f = fopen(path, "rb"))) {
			assert_int_equal(fseek(f, 0, SEEK_END), 0);
			len = ftell(f);
			rewind(f);
			c->data[c->n] = malloc((size_t)len + 1);
			assert_int_equal(fread(c->data[c->n], 1, (size_t)len, f), (size_t)len);
			c->size[c->n] = (size_t)len;
			c->name[c->n++] = strdup(names[i]->d_name);
			fclose(f);
		}
		free(names[i]);
	}
	free(names);
}

static void unload(struct corpus *c)
{
	for (unsigned i = 0; i < c->n; i++) {
		free(c->name[i]);
		free(c->data[i]);
	}
}

static struct ndisdma_fuzz *open_target(enum ndisdma_fuzz_target t)
{
	struct ndisdma_fuzz_config cfg = { .target = t, .seed = 1, .builtin_name = "virtio_net",
					   .builtin_entry = ndisdma_builtin_virtio_net };
	struct ndisdma_fuzz *f = NULL;
	char err[512];

	assert_int_equal(ndisdma_fuzz_open(&cfg, &f, err, sizeof err), 0);
	return f;
}

static void check_one(const struct corpus *c, unsigned i, int found, uint64_t hash,
		      const char *how)
{
	if (found != c->found[i] || hash != c->hash[i])
		fail_msg("%s: %s gives %s hash %016llx, in the long run %s hash %016llx", c->name[i],
			 how, found ? "a finding," : "no finding,", (unsigned long long)hash,
			 c->found[i] ? "a finding," : "no finding,", (unsigned long long)c->hash[i]);
}

static void fresh_per_input(enum ndisdma_fuzz_target t)
{
	struct corpus c;
	struct ndisdma_fuzz *f;

	load(&c, ndisdma_fuzz_target_name(t));
	f = open_target(t);                        /* the long run */
	for (unsigned i = 0; i < c.n; i++) {
		c.found[i] = ndisdma_fuzz_one(f, c.data[i], c.size[i]);
		c.hash[i] = ndisdma_fuzz_hash(f);
		assert_int_equal(c.found[i], 0);   /* a committed corpus passes */
	}
	ndisdma_fuzz_close(f);
	f = open_target(t);                        /* the same, backwards */
	for (unsigned i = c.n; i-- > 0;) {
		int found = ndisdma_fuzz_one(f, c.data[i], c.size[i]);
		check_one(&c, i, found, ndisdma_fuzz_hash(f), "the reverse run");
	}
	ndisdma_fuzz_close(f);
	for (unsigned i = 0; i < c.n; i++) {      /* each alone */
		f = open_target(t);
		int found = ndisdma_fuzz_one(f, c.data[i], c.size[i]);
		check_one(&c, i, found, ndisdma_fuzz_hash(f), "alone");
		ndisdma_fuzz_close(f);
	}
	unload(&c);
}

static void test_device_fresh(void **state)
{
	(void)state;
	fresh_per_input(NDISDMA_FUZZ_DEVICE);
}

static void test_sg_build_fresh(void **state)
{
	(void)state;
	fresh_per_input(NDISDMA_FUZZ_SG_BUILD);
}

static void test_sg_description_fresh(void **state)
{
	(void)state;
	fresh_per_input(NDISDMA_FUZZ_SG_DESCRIPTION);
}

/* The hash sees behaviour: two inputs that do different things differ. */
static void test_hash_tells_inputs_apart(void **state)
{
	static const uint8_t rx[] = { 0, 1, 1, 60, 0 }, tx[] = { 0, 7, 0, 50, 0 };
	struct ndisdma_fuzz *f = open_target(NDISDMA_FUZZ_DEVICE);
	uint64_t a, b;

	(void)state;
	assert_int_equal(ndisdma_fuzz_one(f, rx, sizeof rx), 0);
	a = ndisdma_fuzz_hash(f);
	assert_int_equal(ndisdma_fuzz_one(f, tx, sizeof tx), 0);
	b = ndisdma_fuzz_hash(f);
	assert_true(a != b);
	assert_int_equal(ndisdma_fuzz_one(f, rx, sizeof rx), 0);
	assert_true(ndisdma_fuzz_hash(f) == a);
	ndisdma_fuzz_close(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_device_fresh),
		cmocka_unit_test(test_sg_build_fresh),
		cmocka_unit_test(test_sg_description_fresh),
		cmocka_unit_test(test_hash_tells_inputs_apart),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
