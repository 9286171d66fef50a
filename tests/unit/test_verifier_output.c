/* test_verifier_output.c — report formats (spec §10): JSON lines and
 * SARIF 2.1.0 are parsed by a strict RFC 8259 parser written here (no
 * dependency on python), and the required SARIF properties are checked. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "verifier/verifier.h"
#include "verifier/verifier_internal.h"

/* ---- a strict little JSON parser -------------------------------------- */

enum jtype { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };
struct jv {
	enum jtype type;
	double num;
	char *str;            /* J_STR */
	size_t n;             /* J_ARR / J_OBJ */
	struct jv *items;
	char **keys;          /* J_OBJ */
};

struct jp {
	const char *s;
	int depth;
};

static void jv_free(struct jv *v)
{
	free(v->str);
	for (size_t i = 0; i < v->n; i++) {
		jv_free(&v->items[i]);
		if (v->keys != NULL)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	memset(v, 0, sizeof(*v));
}

static void ws(struct jp *p)
{
	while (*p->s == ' ' || *p->s == '\t' || *p->s == '\n' || *p->s == '\r')
		p->s++;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

static bool put_utf8(char **o, unsigned cp)
{
	char *d = *o;
	if (cp < 0x80) {
		*d++ = (char)cp;
	} else if (cp < 0x800) {
		*d++ = (char)(0xC0 | (cp >> 6));
		*d++ = (char)(0x80 | (cp & 0x3F));
	} else {
		*d++ = (char)(0xE0 | (cp >> 12));
		*d++ = (char)(0x80 | ((cp >> 6) & 0x3F));
		*d++ = (char)(0x80 | (cp & 0x3F));
	}
	*o = d;
	return true;
}

static bool parse_string(struct jp *p, char **out)
{
	if (*p->s != '"')
		return false;
	const char *s = ++p->s;
	char *buf = malloc(strlen(s) + 1), *o = buf;
	static const char esc_in[] = "\"\\/bfnrt", esc_out[] = "\"\\/\b\f\n\r\t";
	while (*s != '"') {
		unsigned char c = (unsigned char)*s;
		if (c == '\0' || c < 0x20)
			goto bad;
		if (c != '\\') {
			*o++ = *s++;
			continue;
		}
		s++;
		const char *e = *s != '\0' ? strchr(esc_in, *s) : NULL;
		if (e != NULL) {
			*o++ = esc_out[e - esc_in];
			s++;
		} else if (*s == 'u') {
			unsigned cp = 0;
			for (int i = 1; i <= 4; i++) {
				int h = hexval(s[i]);
				if (h < 0)
					goto bad;
				cp = cp * 16 + (unsigned)h;
			}
			put_utf8(&o, cp);
			s += 5;
		} else {
			goto bad;
		}
	}
	*o = '\0';
	p->s = s + 1;
	*out = buf;
	return true;
bad:
	free(buf);
	return false;
}

static bool parse_number(struct jp *p, struct jv *v)
{
	const char *s = p->s;
	if (*s == '-')
		s++;
	if (*s == '0')
		s++;
	else if (*s >= '1' && *s <= '9')
		while (*s >= '0' && *s <= '9') s++;
	else
		return false;
	if (*s == '.') {
		if (*++s < '0' || *s > '9')
			return false;
		while (*s >= '0' && *s <= '9') s++;
	}
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (*s < '0' || *s > '9')
			return false;
		while (*s >= '0' && *s <= '9') s++;
	}
	v->type = J_NUM;
	v->num = strtod(p->s, NULL);
	p->s = s;
	return true;
}

static bool parse_value(struct jp *p, struct jv *v);

static bool parse_members(struct jp *p, struct jv *v, bool object, char close)
{
	p->s++;
	ws(p);
	if (*p->s == close) {
		p->s++;
		return true;
	}
	for (;;) {
		v->items = realloc(v->items, (v->n + 1) * sizeof(*v->items));
		memset(&v->items[v->n], 0, sizeof(*v->items));
		if (object) {
			v->keys = realloc(v->keys, (v->n + 1) * sizeof(*v->keys));
			v->keys[v->n] = NULL;
		}
		v->n++;
		ws(p);
		if (object) {
			if (!parse_string(p, &v->keys[v->n - 1]))
				return false;
			ws(p);
			if (*p->s++ != ':')
				return false;
		}
		if (!parse_value(p, &v->items[v->n - 1]))
			return false;
		ws(p);
		if (*p->s == ',') {
			p->s++;
			continue;
		}
		if (*p->s != close)
			return false;
		p->s++;
		return true;
	}
}

static bool parse_value(struct jp *p, struct jv *v)
{
	ws(p);
	if (++p->depth > 64)
		return false;
	bool ok;
	if (*p->s == '{') {
		v->type = J_OBJ;
		ok = parse_members(p, v, true, '}');
	} else if (*p->s == '[') {
		v->type = J_ARR;
		ok = parse_members(p, v, false, ']');
	} else if (*p->s == '"') {
		v->type = J_STR;
		ok = parse_string(p, &v->str);
	} else if (strncmp(p->s, "true", 4) == 0 || strncmp(p->s, "null", 4) == 0) {
		v->type = p->s[0] == 't' ? J_BOOL : J_NULL;
		v->num = 1;
		p->s += 4;
		ok = true;
	} else if (strncmp(p->s, "false", 5) == 0) {
		v->type = J_BOOL;
		p->s += 5;
		ok = true;
	} else {
		ok = parse_number(p, v);
	}
	p->depth--;
	return ok;
}

/* Whole text must be exactly one JSON value. */
static bool json_parse(const char *text, struct jv *v)
{
	struct jp p = { text, 0 };
	memset(v, 0, sizeof(*v));
	bool ok = parse_value(&p, v);
	ws(&p);
	if (!ok || *p.s != '\0') {
		jv_free(v);
		return false;
	}
	return true;
}

static const struct jv *jget(const struct jv *v, const char *key)
{
	if (v == NULL || v->type != J_OBJ)
		return NULL;
	for (size_t i = 0; i < v->n; i++)
		if (strcmp(v->keys[i], key) == 0)
			return &v->items[i];
	return NULL;
}

static const struct jv *jat(const struct jv *v, size_t i)
{
	if (v == NULL || v->type != J_ARR || i >= v->n)
		return NULL;
	return &v->items[i];
}

static const char *jstr(const struct jv *v)
{
	return v != NULL && v->type == J_STR ? v->str : NULL;
}

/* ---- fixtures ------------------------------------------------------------ */

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
	return c->buf != NULL ? c->buf : "";
}

static void capture_close(struct capture *c)
{
	fclose(c->f);
	free(c->buf);
}

static void assert_str(const struct jv *v, const char *want)
{
	assert_non_null(jstr(v));
	assert_string_equal(jstr(v), want);
}

/* ---- tests ----------------------------------------------------------------- */

static void parser_rejects_bad_json(void **state)
{
	(void)state;
	static const char *bad[] = {
		"{\"a\":1,}", "[1,2", "\"tab\there\"", "{\"a\" 1}", "01", "\"\\x\"",
		"{} {}", "[1.]", "nul", "",
	};
	struct jv v;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(json_parse(bad[i], &v));
	assert_true(json_parse(" {\"a\":[1,-2.5e3,true,null,\"\\u0041\"]} ", &v));
	assert_str(jat(jget(&v, "a"), 4), "A");
	jv_free(&v);
}

static void json_string_escaping_round_trips(void **state)
{
	(void)state;
	static const char nasty[] = "q\"b\\s/\x01\x1f\n\r\t\b\f\x7f end";
	struct capture c;
	capture_open(&c);
	vf_json_string(c.f, nasty);
	struct jv v;
	assert_true(json_parse(capture_text(&c), &v));
	assert_string_equal(v.str, nasty);
	jv_free(&v);
	capture_close(&c);
}

static void json_lines_every_report_parses(void **state)
{
	(void)state;
	struct capture json;
	capture_open(&json);
	struct vf_config cfg = { .level = VF_LEVEL_STANDARD, .json = json.f };
	struct verifier *vf = vf_create(&cfg);
	assert_non_null(vf);
	struct vf_facts f = {
		.handle = (void *)0x1000, .list = (void *)0x2000, .nb = (void *)0x3000,
		.address = 0xfeed0000, .length = 1514, .has_address = 1, .irql = 2,
		.direction = "to-device",
	};
	vf_report(vf, VF_DMA_DIRECTION, &f, "device wrote \"%s\" at C:\\path", "tx");
	vf_report(vf, VF_DMA_DIRECTION, &f, "again");
	vf_report(vf, VF_REG_NULL, NULL, "no description");

	char *text = strdup(capture_text(&json));
	size_t lines = 0;
	for (char *save = NULL, *line = strtok_r(text, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save), lines++) {
		struct jv v;
		assert_true(json_parse(line, &v));
		assert_non_null(jstr(jget(&v, "rule")));
		assert_str(jget(&v, "severity"), "error");
		assert_non_null(jstr(jget(&v, "windows")));
		assert_non_null(jstr(jget(&v, "site")));
		if (lines == 0) {
			assert_str(jget(&v, "rule"), "DMA-DIRECTION");
			assert_str(jget(&v, "message"), "device wrote \"tx\" at C:\\path");
			assert_str(jget(&v, "windows"), "none");
			assert_str(jget(&v, "handle"), "0x1000");
			assert_str(jget(&v, "list"), "0x2000");
			assert_str(jget(&v, "nb"), "0x3000");
			assert_str(jget(&v, "address"), "0xfeed0000");
			assert_true(jget(&v, "length")->num == 1514);
			assert_true(jget(&v, "irql")->num == 2);
			assert_str(jget(&v, "direction"), "to-device");
		}
		if (lines == 2) {
			assert_str(jget(&v, "rule"), "REG-NULL");
			assert_int_equal(jget(&v, "handle")->type, J_NULL);
			assert_null(jget(&v, "irql"));
			assert_null(jget(&v, "address"));
		}
		jv_free(&v);
	}
	assert_int_equal(lines, 3);
	free(text);
	vf_destroy(vf);
	capture_close(&json);
}

/* A "miniport" freeing a list through an "NDIS export" that reports. */
static __attribute__((noinline)) void ndis_free_like(struct verifier *vf, const void *alloc_site)
{
	struct vf_facts f = { .irql = 2, .list = (void *)0x77,
			      .call_site = __builtin_return_address(0),
			      .alloc_site = alloc_site };
	vf_report(vf, VF_SGL_DOUBLE_FREE, &f, "list 0x77 freed twice");
}

int miniport_free_line;
__attribute__((noinline)) void miniport_free_like(struct verifier *vf)
{
	miniport_free_line = __LINE__; ndis_free_like(vf, (const char *)(uintptr_t)&miniport_free_like + 1);
	__asm__ volatile("" ::: "memory");  /* no tail call */
}

static void check_sarif_rules(const struct jv *driver)
{
	assert_str(jget(driver, "name"), "ndisdma");
	const char *uri = jstr(jget(driver, "informationUri"));
	assert_non_null(uri);
	assert_true(strncmp(uri, "https://", 8) == 0);
	const struct jv *rules = jget(driver, "rules");
	assert_non_null(rules);
	assert_int_equal(rules->n, VF_RULE_COUNT);
	for (unsigned i = 0; i < VF_RULE_COUNT; i++) {
		const struct vf_rule_info *info = vf_rule_info((enum vf_rule)i);
		const struct jv *r = jat(rules, i);
		assert_str(jget(r, "id"), info->id);
		assert_str(jget(jget(r, "shortDescription"), "text"), info->meaning);
		assert_str(jget(jget(r, "properties"), "windowsCounterpart"), info->windows);
	}
}

static void check_sarif_site(const struct jv *result)
{
	const struct jv *loc = jat(jget(result, "locations"), 0);
	assert_non_null(loc);
	const struct jv *phys = jget(loc, "physicalLocation");
	const struct jv *logical = jat(jget(loc, "logicalLocations"), 0);
	assert_non_null(logical);
	assert_str(jget(logical, "name"), "miniport_free_like");
	if (system("command -v addr2line >/dev/null 2>&1") != 0)
		return;
	assert_non_null(phys);
	const char *uri = jstr(jget(jget(phys, "artifactLocation"), "uri"));
	assert_non_null(uri);
	const char *tail = "test_verifier_output.c";
	assert_true(strlen(uri) > strlen(tail));
	assert_string_equal(uri + strlen(uri) - strlen(tail), tail);
	assert_true(jget(jget(phys, "region"), "startLine")->num == miniport_free_line);
}

static void check_sarif_results(const struct jv *results, const struct jv *rules)
{
	assert_int_equal(results->n, 3);
	for (size_t i = 0; i < results->n; i++) {
		const struct jv *r = jat(results, i);
		const char *id = jstr(jget(r, "ruleId"));
		assert_non_null(id);
		size_t index = (size_t)jget(r, "ruleIndex")->num;
		assert_str(jget(jat(rules, index), "id"), id);
		assert_str(jget(r, "level"), "error");
		assert_non_null(jstr(jget(jget(r, "message"), "text")));
		assert_str(jget(jget(r, "properties"), "windowsCounterpart"),
			   vf_rule_info(vf_rule_by_id(id))->windows);
	}
	const struct jv *df = jat(results, 1);
	assert_str(jget(df, "ruleId"), "SGL-DOUBLE-FREE");
	assert_str(jget(jget(df, "message"), "text"), "list 0x77 freed twice");
	assert_str(jget(jget(df, "properties"), "list"), "0x77");
	assert_true(jget(jget(df, "properties"), "irql")->num == 2);
	assert_non_null(strstr(jstr(jget(jget(df, "properties"), "allocSite")), "miniport_free_like"));
	check_sarif_site(df);
	assert_null(jget(jat(results, 0), "locations"));  /* no call site known */
}

static void sarif_parses_with_required_properties(void **state)
{
	(void)state;
	struct vf_config cfg = { .level = VF_LEVEL_FULL };
	struct verifier *vf = vf_create(&cfg);
	assert_non_null(vf);
	vf_report(vf, VF_REG_HEADER, NULL, "Header.Type 0x%x, want 0x83", 0x80);
	miniport_free_like(vf);
	vf_report(vf, VF_DMA_OVERRUN, NULL, "read \"past\" the end\\");

	struct capture out;
	capture_open(&out);
	assert_int_equal(vf_write_sarif(vf, out.f), 0);
	struct jv log;
	assert_true(json_parse(capture_text(&out), &log));
	assert_non_null(strstr(jstr(jget(&log, "$schema")), "sarif"));
	assert_str(jget(&log, "version"), "2.1.0");
	const struct jv *run = jat(jget(&log, "runs"), 0);
	assert_non_null(run);
	const struct jv *driver = jget(jget(run, "tool"), "driver");
	check_sarif_rules(driver);
	check_sarif_results(jget(run, "results"), jget(driver, "rules"));
	jv_free(&log);
	capture_close(&out);
	vf_destroy(vf);
}

static void sarif_without_reports_is_valid(void **state)
{
	(void)state;
	struct verifier *vf = vf_create(NULL);
	assert_non_null(vf);
	struct capture out;
	capture_open(&out);
	assert_int_equal(vf_write_sarif(vf, out.f), 0);
	struct jv log;
	assert_true(json_parse(capture_text(&out), &log));
	const struct jv *results = jget(jat(jget(&log, "runs"), 0), "results");
	assert_non_null(results);
	assert_int_equal(results->type, J_ARR);
	assert_int_equal(results->n, 0);
	jv_free(&log);
	capture_close(&out);
	assert_int_equal(vf_write_sarif(NULL, stdout), -22);
	vf_destroy(vf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parser_rejects_bad_json),
		cmocka_unit_test(json_string_escaping_round_trips),
		cmocka_unit_test(json_lines_every_report_parses),
		cmocka_unit_test(sarif_parses_with_required_properties),
		cmocka_unit_test(sarif_without_reports_is_valid),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
