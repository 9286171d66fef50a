/* test_cli_json.c — the JSON reader and writer `ndisdma verify` uses
 * (tools/ndisdma/json.c): values of every type, string escapes and \u
 * (surrogate pairs to UTF-8), numbers kept as written, nesting, lookups,
 * building and cloning, the compact writer round trip, and refusals with
 * a reason.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "json.h"

/* Writes j compactly into a string the caller frees. */
static char *written(const struct json *j)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	json_write(f, j);
	fclose(f);
	return text;
}

static void test_values(void **state)
{
	char err[128];
	struct json *j = json_parse(" {\"a\": [1, -2.5e3, true, false, null], \"s\": \"x\\ty\","
				    " \"o\": {\"k\": \"v\"}, \"e\": [], \"n\": {}} ", err, sizeof(err));

	(void)state;
	assert_non_null(j);
	assert_int_equal(j->type, JSON_OBJECT);
	assert_int_equal(json_count(j), 5);
	assert_int_equal(json_count(json_get(j, "a")), 5);
	assert_string_equal(json_get(j, "a")->child->next->text, "-2.5e3");
	assert_true(json_get(j, "a")->child->next->next->truth);
	assert_int_equal(json_get(j, "a")->child->next->next->next->next->type, JSON_NULL);
	assert_string_equal(json_get_str(j, "s", NULL), "x\ty");
	assert_string_equal(json_get_str(json_get(j, "o"), "k", NULL), "v");
	assert_null(json_get(j, "missing"));
	assert_string_equal(json_get_str(j, "missing", "def"), "def");
	assert_true(json_get_num(j, "s", 7) == 7);   /* not a number: the default */
	assert_int_equal(json_count(json_get(j, "e")), 0);
	json_free(j);
}

static void test_escapes(void **state)
{
	char err[128];
	struct json *j = json_parse("[\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t\", \"\\u00e9\\u20ac\\ud83d\\ude00\"]",
				    err, sizeof(err));
	char *out;

	(void)state;
	assert_non_null(j);
	assert_string_equal(j->child->text, "q\" b\\ s/ \b\f\n\r\t");
	assert_string_equal(j->child->next->text, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
	out = written(j);
	assert_string_equal(out, "[\"q\\\" b\\\\ s/ \\u0008\\u000c\\n\\u000d\\t\","
				 "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"]");
	free(out);
	json_free(j);
}

static void test_round_trip(void **state)
{
	const char *text = "{\"runs\":[{\"results\":[{\"ruleId\":\"IRQL\",\"level\":\"error\","
			   "\"n\":12345678901234567890}]}],\"v\":\"2.1.0\"}";
	char err[128], *out;
	struct json *j = json_parse(text, err, sizeof(err)), *c;

	(void)state;
	assert_non_null(j);
	out = written(j);
	assert_string_equal(out, text);   /* numbers as written, order kept */
	free(out);
	c = json_clone(j);
	json_add(c, "added", json_new_number(3));
	json_add(json_get(c, "runs")->child, "x", json_new_string("a\"b"));
	out = written(c);
	assert_string_equal(out, "{\"runs\":[{\"results\":[{\"ruleId\":\"IRQL\",\"level\":\"error\","
				 "\"n\":12345678901234567890}],\"x\":\"a\\\"b\"}],\"v\":\"2.1.0\","
				 "\"added\":3}");
	free(out);
	json_free(c);
	json_free(j);
}

static void test_refused(void **state)
{
	static const char *const bad[] = {
		"", "{", "[1,]", "{\"a\" 1}", "{\"a\":1,}", "\"open", "[1] 2", "tru",
		"\"bad \\x escape\"", "\"\\u12g4\"", "{1: 2}", "\"ctl \x01\"", "-",
	};
	char err[128];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		assert_null(json_parse(bad[i], err, sizeof(err)));
		assert_non_null(strstr(err, "at byte"));
	}
	err[0] = '\0';
	assert_null(json_parse_file("/nonexistent/ndisdma.json", err, sizeof(err)));
	assert_non_null(strstr(err, "cannot open"));
}

static void test_depth(void **state)
{
	char text[400], err[128];

	(void)state;
	memset(text, '[', 100);
	memset(text + 100, ']', 100);
	text[200] = '\0';
	assert_null(json_parse(text, err, sizeof(err)));
	assert_non_null(strstr(err, "nested too deeply"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_depth),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
