/* json.c — the JSON reader and writer of json.h (RFC 8259).  Recursive
 * descent with a depth limit; \u escapes (surrogate pairs too) become
 * UTF-8.  Only what ndisdma itself and SARIF consumers write is expected,
 * but any valid JSON parses and anything else is refused with a reason.
 */
#include "json.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define JSON_MAX_DEPTH 64

struct parser {
	const char *s;
	size_t pos;
	char *err;
	size_t errlen;
	bool failed;
};

static void fail(struct parser *p, const char *why)
{
	if (!p->failed)
		snprintf(p->err, p->errlen, "%s at byte %zu", why, p->pos);
	p->failed = true;
}

static void skip_ws(struct parser *p)
{
	while (strchr(" \t\r\n", p->s[p->pos]) != NULL && p->s[p->pos] != '\0')
		p->pos++;
}

struct json *json_new(enum json_type type)
{
	struct json *j = calloc(1, sizeof(*j));

	if (j == NULL) {
		perror("ndisdma");
		exit(5);
	}
	j->type = type;
	return j;
}

/* n + 1 bytes, or the process ends (exit 5, as any ndisdma out of memory) */
static char *alloc_text(size_t n)
{
	char *t = malloc(n + 1);

	if (t == NULL) {
		perror("ndisdma");
		exit(5);
	}
	t[0] = '\0';
	return t;
}

static char *dup_text(const char *s, size_t n)
{
	char *t = alloc_text(n);

	memcpy(t, s, n);
	t[n] = '\0';
	return t;
}

void json_free(struct json *j)
{
	while (j != NULL) {
		struct json *next = j->next;

		json_free(j->child);
		free(j->key);
		free(j->text);
		free(j);
		j = next;
	}
}

static int hex4(const char *s, unsigned *out)
{
	*out = 0;
	for (int i = 0; i < 4; i++) {
		char c = s[i];
		unsigned v = c >= '0' && c <= '9' ? (unsigned)(c - '0') :
			     c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10) :
			     c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10) : 16u;
		if (v == 16)
			return -1;
		*out = *out << 4 | v;
	}
	return 0;
}

static size_t put_utf8(char *o, unsigned cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xC0 | cp >> 6);
		o[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xE0 | cp >> 12);
		o[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | cp >> 18);
	o[1] = (char)(0x80 | (cp >> 12 & 0x3F));
	o[2] = (char)(0x80 | (cp >> 6 & 0x3F));
	o[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* One \u escape at s (after the backslash-u), a surrogate pair included. */
static int unicode_escape(struct parser *p, char *o, size_t *w)
{
	unsigned cp, lo;

	if (hex4(p->s + p->pos, &cp) != 0)
		return -1;
	p->pos += 4;
	if (cp >= 0xD800 && cp < 0xDC00 && p->s[p->pos] == '\\' && p->s[p->pos + 1] == 'u' &&
	    hex4(p->s + p->pos + 2, &lo) == 0 && lo >= 0xDC00 && lo < 0xE000) {
		cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
		p->pos += 6;
	}
	*w += put_utf8(o + *w, cp);
	return 0;
}

/* A string at p->pos (the opening quote); a new buffer with its value. */
static char *parse_string(struct parser *p)
{
	size_t start = ++p->pos, w = 0, end = start;
	char *o;

	while (p->s[end] != '"' && p->s[end] != '\0')
		end += p->s[end] == '\\' && p->s[end + 1] != '\0' ? 2 : 1;
	if (p->s[end] != '"') {
		fail(p, "unterminated string");
		return NULL;
	}
	o = alloc_text(end - start);   /* escapes never grow */
	while (p->pos < end) {
		unsigned char c = (unsigned char)p->s[p->pos++];
		const char *esc;

		if (c < 0x20) {
			fail(p, "control character in a string");
			break;
		}
		if (c != '\\') {
			o[w++] = (char)c;
			continue;
		}
		c = (unsigned char)p->s[p->pos++];
		if (c == 'u') {
			if (unicode_escape(p, o, &w) != 0) {
				fail(p, "bad \\u escape");
				break;
			}
		} else if ((esc = strchr("\"\"\\\\//b\bf\fn\nr\rt\t", c)) != NULL &&
			   (esc - "\"\"\\\\//b\bf\fn\nr\rt\t") % 2 == 0) {
			o[w++] = esc[1];
		} else {
			fail(p, "bad escape");
			break;
		}
	}
	o[w] = '\0';
	p->pos = end + 1;
	if (p->failed) {
		free(o);
		return NULL;
	}
	return o;
}

static struct json *parse_value(struct parser *p, int depth);

static struct json *parse_number(struct parser *p)
{
	size_t start = p->pos;
	struct json *j;

	if (p->s[p->pos] == '-')
		p->pos++;
	if (p->s[p->pos] < '0' || p->s[p->pos] > '9') {
		fail(p, "unexpected character");
		return NULL;
	}
	while (strchr("0123456789+-.eE", p->s[p->pos]) != NULL && p->s[p->pos] != '\0')
		p->pos++;
	j = json_new(JSON_NUMBER);
	j->text = dup_text(p->s + start, p->pos - start);
	return j;
}

/* Members or elements up to the closing bracket. */
static struct json *parse_container(struct parser *p, int depth, bool object)
{
	struct json *j = json_new(object ? JSON_OBJECT : JSON_ARRAY), **tail = &j->child;
	char close = object ? '}' : ']';

	p->pos++;
	skip_ws(p);
	if (p->s[p->pos] == close) {
		p->pos++;
		return j;
	}
	for (;;) {
		char *key = NULL;
		struct json *v;

		skip_ws(p);
		if (object) {
			if (p->s[p->pos] != '"' || (key = parse_string(p)) == NULL) {
				fail(p, "expected a member name");
				break;
			}
			skip_ws(p);
			if (p->s[p->pos++] != ':') {
				free(key);
				fail(p, "expected ':'");
				break;
			}
		}
		v = parse_value(p, depth + 1);
		if (v == NULL) {
			free(key);
			break;
		}
		v->key = key;
		*tail = v;
		tail = &v->next;
		skip_ws(p);
		if (p->s[p->pos] == ',') {
			p->pos++;
			continue;
		}
		if (p->s[p->pos] == close) {
			p->pos++;
			return j;
		}
		fail(p, object ? "expected ',' or '}'" : "expected ',' or ']'");
		break;
	}
	json_free(j);
	return NULL;
}

static struct json *parse_value(struct parser *p, int depth)
{
	static const char *const words[] = { "null", "true", "false" };
	struct json *j;
	char *s;

	if (depth > JSON_MAX_DEPTH) {
		fail(p, "nested too deeply");
		return NULL;
	}
	skip_ws(p);
	switch (p->s[p->pos]) {
	case '{':
		return parse_container(p, depth, true);
	case '[':
		return parse_container(p, depth, false);
	case '"':
		if ((s = parse_string(p)) == NULL)
			return NULL;
		j = json_new(JSON_STRING);
		j->text = s;
		return j;
	default:
		break;
	}
	for (int i = 0; i < 3; i++)
		if (strncmp(p->s + p->pos, words[i], strlen(words[i])) == 0) {
			p->pos += strlen(words[i]);
			j = json_new(i == 0 ? JSON_NULL : JSON_BOOL);
			j->truth = i == 1;
			return j;
		}
	return parse_number(p);
}

struct json *json_parse(const char *text, char *err, size_t errlen)
{
	struct parser p = { text, 0, err, errlen, false };
	struct json *j = parse_value(&p, 0);

	if (j != NULL) {
		skip_ws(&p);
		if (p.s[p.pos] != '\0') {
			fail(&p, "text after the value");
			json_free(j);
			j = NULL;
		}
	}
	return j;
}

struct json *json_parse_file(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	char *text = NULL;
	size_t n = 0, cap = 0, got;
	struct json *j;

	if (f == NULL) {
		snprintf(err, errlen, "cannot open '%s': %s", path, strerror(errno));
		return NULL;
	}
	do {
		if (cap - n < 65536) {
			cap = cap * 2 + 65536;
			text = realloc(text, cap);
			if (text == NULL) {
				perror("ndisdma");
				exit(5);
			}
		}
		got = fread(text + n, 1, cap - n - 1, f);
		n += got;
	} while (got > 0);
	fclose(f);
	text[n] = '\0';
	j = json_parse(text, err, errlen);
	free(text);
	return j;
}

struct json *json_get(const struct json *j, const char *key)
{
	if (j == NULL || j->type != JSON_OBJECT)
		return NULL;
	for (struct json *m = j->child; m != NULL; m = m->next)
		if (strcmp(m->key, key) == 0)
			return m;
	return NULL;
}

const char *json_get_str(const struct json *j, const char *key, const char *def)
{
	const struct json *m = json_get(j, key);

	return m != NULL && m->type == JSON_STRING ? m->text : def;
}

double json_get_num(const struct json *j, const char *key, double def)
{
	const struct json *m = json_get(j, key);

	return m != NULL && m->type == JSON_NUMBER ? strtod(m->text, NULL) : def;
}

struct json *json_new_string(const char *s)
{
	struct json *j = json_new(JSON_STRING);

	j->text = dup_text(s, strlen(s));
	return j;
}

struct json *json_new_number(double v)
{
	struct json *j = json_new(JSON_NUMBER);
	char buf[40];

	if (v == (double)(int64_t)v)
		snprintf(buf, sizeof(buf), "%lld", (long long)v);
	else
		snprintf(buf, sizeof(buf), "%.17g", v);
	j->text = dup_text(buf, strlen(buf));
	return j;
}

struct json *json_add(struct json *parent, const char *key, struct json *child)
{
	struct json **tail = &parent->child;

	while (*tail != NULL)
		tail = &(*tail)->next;
	free(child->key);
	child->key = key != NULL ? dup_text(key, strlen(key)) : NULL;
	*tail = child;
	return child;
}

struct json *json_clone(const struct json *j)
{
	struct json *c = json_new(j->type), **tail = &c->child;

	c->truth = j->truth;
	if (j->key != NULL)
		c->key = dup_text(j->key, strlen(j->key));
	if (j->text != NULL)
		c->text = dup_text(j->text, strlen(j->text));
	for (const struct json *m = j->child; m != NULL; m = m->next) {
		*tail = json_clone(m);
		tail = &(*tail)->next;
	}
	return c;
}

size_t json_count(const struct json *j)
{
	size_t n = 0;

	for (const struct json *m = j != NULL ? j->child : NULL; m != NULL; m = m->next)
		n++;
	return n;
}

void json_write_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if (*c == '"' || *c == '\\')
			fprintf(out, "\\%c", *c);
		else if (*c == '\n')
			fputs("\\n", out);
		else if (*c == '\t')
			fputs("\\t", out);
		else if (*c < 0x20 || *c == 0x7F)
			fprintf(out, "\\u%04x", *c);
		else
			fputc(*c, out);
	}
	fputc('"', out);
}

void json_write(FILE *out, const struct json *j)
{
	switch (j->type) {
	case JSON_NULL:
		fputs("null", out);
		return;
	case JSON_BOOL:
		fputs(j->truth ? "true" : "false", out);
		return;
	case JSON_NUMBER:
		fputs(j->text, out);
		return;
	case JSON_STRING:
		json_write_string(out, j->text);
		return;
	default:
		break;
	}
	fputc(j->type == JSON_OBJECT ? '{' : '[', out);
	for (const struct json *m = j->child; m != NULL; m = m->next) {
		if (m != j->child)
			fputc(',', out);
		if (j->type == JSON_OBJECT) {
			json_write_string(out, m->key);
			fputc(':', out);
		}
		json_write(out, m);
	}
	fputc(j->type == JSON_OBJECT ? '}' : ']', out);
}
