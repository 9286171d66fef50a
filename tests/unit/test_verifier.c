/* test_verifier.c — the verifier core (spec §10): catalogue, levels,
 * first-printed/rest-counted, storage limit, threads, stop_on_first and
 * call-site naming.  Standalone: no kernel, no adapter. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "verifier/verifier.h"

/* spec §10 and the rule ids of §4–§9 */
static const char *const spec_ids[] = {
	"REG-CONTEXT", "IRQL", "REG-NOT-BUSMASTER", "REG-NULL", "REG-HEADER",
	"REG-FLAGS", "REG-NO-HANDLER", "REG-MAXMAP", "REG-TWICE", "HANDLE",
	"SGL-BAD-NB", "SGL-TOO-LONG", "SGL-FLAGS", "SGL-TWICE", "SGL-FREE-UNKNOWN",
	"SGL-DOUBLE-FREE", "SGL-FREE-WRONG-NB", "SGL-MODIFIED", "SHM-NO-DMA",
	"SHM-FREE-MISMATCH", "SHM-DOUBLE-FREE", "SHM-NO-HANDLER", "DEREG-SGL-LEAK",
	"DEREG-PENDING", "DEREG-SHM-LEAK", "HALT-DMA-LEAK", "DMA-UNMAPPED",
	"DMA-AFTER-FREE", "DMA-DIRECTION", "DMA-OVERRUN", "DMA-CPU-RACE",
};

struct capture {
	char *buf;
	size_t len;
	FILE *f;
};

static void capture_open(struct capture *c)
{
	c->buf = NULL;
	c->len = 0;
	c->f = open_memstream(&c->buf, &c->len);
	assert_non_null(c->f);
}

static const char *capture_text(struct capture *c)
{
	fflush(c->f);
	return c->buf;
}

static void capture_close(struct capture *c)
{
	fclose(c->f);
	free(c->buf);
}

static size_t count_lines(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static struct verifier *make_vf(enum vf_level level, FILE *text, FILE *json)
{
	struct vf_config cfg = { .level = level, .text = text, .json = json };
	struct verifier *vf = vf_create(&cfg);
	assert_non_null(vf);
	return vf;
}

static void catalogue_ids_unique_and_match_spec(void **state)
{
	(void)state;
	for (unsigned i = 0; i < VF_RULE_COUNT; i++) {
		const struct vf_rule_info *a = vf_rule_info((enum vf_rule)i);
		assert_non_null(a);
		assert_non_null(a->windows);
		assert_true(strlen(a->meaning) > 0);
		assert_true(a->severity == VF_ERROR || a->severity == VF_WARNING);
		assert_int_equal(vf_rule_by_id(a->id), i);
		for (unsigned j = i + 1; j < VF_RULE_COUNT; j++)
			assert_string_not_equal(a->id, vf_rule_info((enum vf_rule)j)->id);
	}
	for (size_t i = 0; i < sizeof(spec_ids) / sizeof(spec_ids[0]); i++) {
		enum vf_rule r = vf_rule_by_id(spec_ids[i]);
		assert_int_not_equal(r, VF_RULE_COUNT);
		assert_string_equal(vf_rule_info(r)->id, spec_ids[i]);
	}
	/* stable order: the first rules keep their enum values */
	assert_int_equal(vf_rule_by_id("REG-CONTEXT"), VF_REG_CONTEXT);
	assert_int_equal(vf_rule_by_id("SGL-DOUBLE-FREE"), VF_SGL_DOUBLE_FREE);
	assert_int_equal(vf_rule_by_id("NO-SUCH-RULE"), VF_RULE_COUNT);
	assert_int_equal(vf_rule_by_id(NULL), VF_RULE_COUNT);
	assert_null(vf_rule_info(VF_RULE_COUNT));
}

static void catalogue_names_windows_counterparts(void **state)
{
	(void)state;
	static const struct { const char *id, *needle; } map[] = {
		{ "SGL-DOUBLE-FREE", "0xE6 P1=0x06" }, { "DEREG-SGL-LEAK", "0xE6 P1=0x0A" },
		{ "DEREG-SHM-LEAK", "0xE6 P1=0x07" }, { "SHM-DOUBLE-FREE", "0x7C P1=0x03" },
		{ "SHM-DOUBLE-FREE", "0xE6 P1=0x03" }, { "IRQL", "0xE6 P1=0x13" },
		{ "IRQL", "Irql_Gather_DMA_Function" }, { "HALT-DMA-LEAK", "Init_RegisterSG" },
		{ "REG-HEADER", "0x7C P1=0x21" }, { "DMA-OVERRUN", "0xE6 P1=0x0F" },
		{ "DMA-UNMAPPED", "0xE6 P1=0x26" }, { "SGL-BAD-NB", "0xE6 P1=0x21" },
		{ "SGL-TWICE", "none" }, { "DMA-CPU-RACE", "none" },
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		const struct vf_rule_info *info = vf_rule_info(vf_rule_by_id(map[i].id));
		assert_non_null(info);
		assert_non_null(strstr(info->windows, map[i].needle));
	}
}

/* docs/verifier-rules.md has a section for every rule of the catalogue */
static void every_rule_is_documented(void **state)
{
	(void)state;
	char path[1024];
	snprintf(path, sizeof(path), "%s", __FILE__);
	char *unit = strstr(path, "tests/unit/test_verifier.c");
	if (unit == NULL)
		skip();  /* compiled from a relative path: nothing to locate */
	snprintf(unit, sizeof(path) - (size_t)(unit - path), "docs/verifier-rules.md");
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	static char doc[1 << 16];
	size_t n = fread(doc, 1, sizeof(doc) - 1, f);
	doc[n] = '\0';
	fclose(f);
	for (unsigned i = 0; i < VF_RULE_COUNT; i++) {
		char heading[64];
		snprintf(heading, sizeof(heading), "\n### %s\n", vf_rule_info((enum vf_rule)i)->id);
		assert_non_null(strstr(doc, heading));
	}
}

static void enabled_follows_level(void **state)
{
	(void)state;
	assert_false(vf_enabled(NULL, VF_LEVEL_STANDARD));
	struct verifier *off = make_vf(VF_LEVEL_OFF, NULL, NULL);
	struct verifier *std = make_vf(VF_LEVEL_STANDARD, NULL, NULL);
	struct verifier *full = make_vf(VF_LEVEL_FULL, NULL, NULL);
	assert_false(vf_enabled(off, VF_LEVEL_OFF));
	assert_false(vf_enabled(off, VF_LEVEL_STANDARD));
	assert_true(vf_enabled(std, VF_LEVEL_STANDARD));
	assert_false(vf_enabled(std, VF_LEVEL_FULL));
	assert_true(vf_enabled(full, VF_LEVEL_FULL));
	assert_true(vf_enabled(full, VF_LEVEL_STANDARD));
	assert_int_equal(vf_level(full), VF_LEVEL_FULL);
	assert_int_equal(vf_level(NULL), VF_LEVEL_OFF);
	vf_destroy(off);
	vf_destroy(std);
	vf_destroy(full);
}

static void off_records_nothing(void **state)
{
	(void)state;
	struct capture text, json;
	capture_open(&text);
	capture_open(&json);
	struct verifier *vf = make_vf(VF_LEVEL_OFF, text.f, json.f);
	struct vf_facts f = { .irql = -1 };
	vf_report(vf, VF_SGL_DOUBLE_FREE, &f, "freed twice");
	vf_report(vf, VF_HANDLE, NULL, "bad handle %d", 7);
	assert_int_equal(vf_total(vf), 0);
	assert_int_equal(vf_errors(vf), 0);
	assert_int_equal(vf_count(vf, VF_SGL_DOUBLE_FREE), 0);
	assert_int_equal(vf_stored(vf), 0);
	assert_null(vf_record_at(vf, 0));
	assert_true(capture_text(&text) == NULL || capture_text(&text)[0] == '\0');
	assert_true(capture_text(&json) == NULL || capture_text(&json)[0] == '\0');
	vf_destroy(vf);
	capture_close(&text);
	capture_close(&json);
}

static void first_printed_rest_counted(void **state)
{
	(void)state;
	struct capture text;
	capture_open(&text);
	struct verifier *vf = make_vf(VF_LEVEL_STANDARD, text.f, NULL);
	struct vf_facts f = {
		.handle = (void *)0x1000, .list = (void *)0x2000, .nb = (void *)0x3000,
		.address = 0x4000, .length = 64, .has_address = 1, .irql = 2,
	};
	for (int i = 0; i < 3; i++)
		vf_report(vf, VF_SGL_DOUBLE_FREE, &f, "list %d freed twice", i);
	vf_report(vf, VF_HANDLE, NULL, "stale handle");

	assert_int_equal(vf_count(vf, VF_SGL_DOUBLE_FREE), 3);
	assert_int_equal(vf_count(vf, VF_HANDLE), 1);
	assert_int_equal(vf_count(vf, VF_IRQL), 0);
	assert_int_equal(vf_total(vf), 4);
	assert_int_equal(vf_errors(vf), 4);
	assert_int_equal(vf_stored(vf), 4);
	assert_string_equal(vf_record_at(vf, 1)->message, "list 1 freed twice");
	assert_int_equal(vf_record_at(vf, 3)->rule, VF_HANDLE);
	assert_int_equal(vf_record_at(vf, 3)->facts.irql, -1);

	const char *out = capture_text(&text);
	assert_int_equal(count_lines(out), 2);
	assert_string_equal(out,
		"ndisdma: error SGL-DOUBLE-FREE: list 0 freed twice [handle=0x1000 "
		"list=0x2000 nb=0x3000 addr=0x4000 len=64 irql=2] "
		"(Windows: bug check 0xE6 P1=0x06)\n"
		"ndisdma: error HANDLE: stale handle "
		"(Windows: bug check 0xE6 P1=0x18 (adapter already released))\n");

	struct capture sum;
	capture_open(&sum);
	vf_print_summary(vf, sum.f);
	const char *s = capture_text(&sum);
	assert_non_null(strstr(s, "4 report(s), 4 error(s)"));
	assert_non_null(strstr(s, "SGL-DOUBLE-FREE"));
	assert_non_null(strstr(s, "       3  error"));
	assert_null(strstr(s, "IRQL"));
	capture_close(&sum);

	/* clear: everything forgotten, the next report is printed again */
	vf_clear(vf);
	assert_int_equal(vf_total(vf), 0);
	assert_int_equal(vf_stored(vf), 0);
	vf_report(vf, VF_SGL_DOUBLE_FREE, &f, "again");
	assert_int_equal(count_lines(capture_text(&text)), 3);
	vf_destroy(vf);
	capture_close(&text);
}

static void message_is_one_bounded_line(void **state)
{
	(void)state;
	struct verifier *vf = make_vf(VF_LEVEL_FULL, NULL, NULL);
	char longer[VF_MESSAGE_MAX * 2];
	memset(longer, 'x', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	vf_report(vf, VF_IRQL, NULL, "a\nb\tc\r");
	vf_report(vf, VF_IRQL, NULL, "%s", longer);
	assert_string_equal(vf_record_at(vf, 0)->message, "a b c ");
	assert_int_equal(strlen(vf_record_at(vf, 1)->message), VF_MESSAGE_MAX - 1);
	vf_destroy(vf);
}

static void first_4096_stored_all_counted(void **state)
{
	(void)state;
	struct verifier *vf = make_vf(VF_LEVEL_STANDARD, NULL, NULL);
	for (int i = 0; i < 5000; i++)
		vf_report(vf, VF_DMA_UNMAPPED, NULL, "access %d", i);
	assert_int_equal(vf_count(vf, VF_DMA_UNMAPPED), 5000);
	assert_int_equal(vf_stored(vf), 4096);
	assert_string_equal(vf_record_at(vf, 4095)->message, "access 4095");
	assert_null(vf_record_at(vf, 4096));
	vf_destroy(vf);
}

#define THREADS 4
#define PER_THREAD 5000
static const enum vf_rule thread_rules[] = { VF_IRQL, VF_HANDLE, VF_SGL_TWICE, VF_DMA_OVERRUN };

static void *reporter(void *arg)
{
	struct verifier *vf = arg;
	struct vf_facts f = { .irql = 2, .length = 1 };
	for (int i = 0; i < PER_THREAD; i++)
		vf_report(vf, thread_rules[i % 4], &f, "report %d from a thread", i);
	return NULL;
}

static void concurrent_reports_counted_exactly(void **state)
{
	(void)state;
	struct capture text;
	capture_open(&text);
	FILE *json = tmpfile();
	assert_non_null(json);
	struct verifier *vf = make_vf(VF_LEVEL_STANDARD, text.f, json);
	pthread_t t[THREADS];
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, reporter, vf), 0);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	for (int r = 0; r < 4; r++)
		assert_int_equal(vf_count(vf, thread_rules[r]), THREADS * PER_THREAD / 4);
	assert_int_equal(vf_total(vf), THREADS * PER_THREAD);
	assert_int_equal(vf_errors(vf), THREADS * PER_THREAD);
	assert_int_equal(vf_stored(vf), 4096);
	assert_int_equal(count_lines(capture_text(&text)), 4);

	/* JSON lines never interleave: every line is one whole object */
	rewind(json);
	char line[1024];
	size_t lines = 0;
	while (fgets(line, sizeof(line), json) != NULL) {
		assert_memory_equal(line, "{\"rule\":", 8);
		assert_string_equal(line + strlen(line) - 2, "}\n");
		lines++;
	}
	assert_int_equal(lines, THREADS * PER_THREAD);
	fclose(json);
	vf_destroy(vf);
	capture_close(&text);
}

static int run_child(bool stop, enum vf_level level, FILE *text, FILE *json)
{
	pid_t pid = fork();
	if (pid == 0) {
		struct vf_config cfg = { .level = level, .stop_on_first = stop,
					 .text = text, .json = json };
		struct verifier *vf = vf_create(&cfg);
		struct vf_facts f = { .irql = -1, .list = (void *)0x42 };
		vf_report(vf, VF_SGL_DOUBLE_FREE, &f, "first error");
		vf_report(vf, VF_SGL_DOUBLE_FREE, &f, "never reached");
		_exit(vf_total(vf) == (level == VF_LEVEL_OFF ? 0 : 2) ? 0 : 1);
	}
	int status = -1;
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void stop_on_first_exits_3(void **state)
{
	(void)state;
	FILE *text = tmpfile(), *json = tmpfile();
	assert_non_null(text);
	assert_non_null(json);
	fflush(NULL);  /* nothing buffered is duplicated into the child */
	assert_int_equal(run_child(true, VF_LEVEL_STANDARD, text, json), 3);
	char buf[1024];
	rewind(text);
	assert_non_null(fgets(buf, sizeof(buf), text));
	assert_non_null(strstr(buf, "ndisdma: error SGL-DOUBLE-FREE: first error [list=0x42]"));
	assert_null(fgets(buf, sizeof(buf), text));
	rewind(json);
	assert_non_null(fgets(buf, sizeof(buf), json));
	assert_non_null(strstr(buf, "\"message\":\"first error\""));
	assert_null(fgets(buf, sizeof(buf), json));
	/* without the option, or at level off, the process goes on */
	assert_int_equal(run_child(false, VF_LEVEL_STANDARD, NULL, NULL), 0);
	assert_int_equal(run_child(true, VF_LEVEL_OFF, NULL, NULL), 0);
	fclose(text);
	fclose(json);
}

/* A "miniport" calling an "NDIS export" that reports its caller. */
static __attribute__((noinline)) void ndis_export_like(struct verifier *vf)
{
	struct vf_facts f = { .irql = -1, .call_site = __builtin_return_address(0) };
	vf_report(vf, VF_SGL_FREE_UNKNOWN, &f, "unknown list");
}

int miniport_caller_line;
static __attribute__((noinline, used)) int static_helper(int x)
{
	return x * 3 + 1;
}

__attribute__((noinline)) void miniport_send_like(struct verifier *vf)
{
	miniport_caller_line = __LINE__; ndis_export_like(vf);
	__asm__ volatile("" ::: "memory");  /* no tail call: keep the frame */
}

static void site_names_the_caller(void **state)
{
	(void)state;
	struct capture text;
	capture_open(&text);
	struct verifier *vf = make_vf(VF_LEVEL_STANDARD, text.f, NULL);
	miniport_send_like(vf);
	const struct vf_record *rec = vf_record_at(vf, 0);
	assert_non_null(rec);
	assert_true(strncmp(rec->site, "test_verifier", 13) == 0);
	const char *out = capture_text(&text);
	assert_non_null(strstr(out, " at test_verifier"));
	assert_non_null(strstr(out, "!miniport_send_like"));
	if (system("command -v addr2line >/dev/null 2>&1") == 0) {
		char where[64];
		snprintf(where, sizeof(where), "test_verifier.c:%d)", miniport_caller_line);
		assert_non_null(strstr(out, where));
	}
	char buf[160];
	vf_describe_site((const char *)(uintptr_t)&miniport_send_like + 4, buf, sizeof(buf));
	assert_non_null(strstr(buf, "test_verifier"));
	/* a static function is no dynamic symbol: named from the .symtab */
	vf_describe_site((const char *)(uintptr_t)&static_helper + 4, buf, sizeof(buf));
	assert_non_null(strstr(buf, "!static_helper+0x4"));
	vf_describe_site(NULL, buf, sizeof(buf));
	assert_string_equal(buf, "");
	vf_destroy(vf);
	capture_close(&text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(catalogue_ids_unique_and_match_spec),
		cmocka_unit_test(catalogue_names_windows_counterparts),
		cmocka_unit_test(every_rule_is_documented),
		cmocka_unit_test(enabled_follows_level),
		cmocka_unit_test(off_records_nothing),
		cmocka_unit_test(first_printed_rest_counted),
		cmocka_unit_test(message_is_one_bounded_line),
		cmocka_unit_test(first_4096_stored_all_counted),
		cmocka_unit_test(concurrent_reports_counted_exactly),
		cmocka_unit_test(stop_on_first_exits_3),
		cmocka_unit_test(site_names_the_caller),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
