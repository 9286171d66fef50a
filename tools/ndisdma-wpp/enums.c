/* enums.c — CUSTOM_TYPE(name, ItemEnum(EnumType)) without PDBs (wpp facts
 * §1.7; docs/wpp.md "The driver's own types").  On Windows the enumerators
 * come from the driver's symbols; here they come from the C text of the
 * files ndisdma-wpp reads: the -scan: headers, the sources, and every
 * header those include with quotes (from the including file's directory,
 * transitively).  EnumType is an enum's tag or a typedef name of it:
 *   typedef enum _FOO { A, B = 4, C = B << 1 } FOO, *PFOO;
 * Each value is computed as C does: integer literals, earlier enumerators,
 * ( ), unary - + ~ !, * / % + - << >> & ^ |, and casts to a type name.
 */
#include "wpp.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

void wpp_remember_file(struct wpp_config *c, const char *path, const char *text)
{
	for (unsigned i = 0; i < c->nfiles; i++)
		if (strcmp(c->files[i], path) == 0)
			return;
	if (c->nfiles < WPP_MAX_FILES) {
		c->files[c->nfiles] = strdup(path);
		c->texts[c->nfiles] = strdup(text);
		if (c->files[c->nfiles] != NULL && c->texts[c->nfiles] != NULL)
			c->nfiles++;
	}
}

/* The quoted #includes of file i, beside it, remembered in turn. */
static void follow_includes(struct wpp_config *c, unsigned i)
{
	const char *text = c->texts[i], *slash = strrchr(c->files[i], '/');
	int dir = slash != NULL ? (int)(slash - c->files[i] + 1) : 0;
	char path[4096];
	size_t len;

	for (const char *p = text; (p = strstr(p, "#include")) != NULL; p++) {
		const char *q = p + 8, *e;
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q != '"' || (e = strpbrk(q + 1, "\"\n")) == NULL || *e != '"')
			continue;
		snprintf(path, sizeof(path), "%.*s%.*s", dir, c->files[i], (int)(e - q - 1), q + 1);
		char *h = wpp_read_file(path, &len);
		if (h != NULL) {
			wpp_remember_file(c, path, h);
			free(h);
		}
	}
}

/* The text with comments, literals and preprocessor lines blanked (newlines kept). */
static char *code_only(const char *text)
{
	char *o = strdup(text), *p = o;
	bool line_start = true;

	while (p != NULL && *p != '\0') {
		char *b = p;
		if (p[0] == '/' && p[1] == '/') {
			while (*p != '\0' && *p != '\n')
				p++;
		} else if (p[0] == '/' && p[1] == '*') {
			char *e = strstr(p + 2, "*/");
			p = e != NULL ? e + 2 : p + strlen(p);
		} else if (*p == '"' || *p == '\'') {
			for (p++; *p != '\0' && *p != *b && *p != '\n'; p++)
				p += *p == '\\' && p[1] != '\0';
			p += *p == *b;
		} else if (line_start && *p == '#') {
			while (*p != '\0' && (*p != '\n' || p[-1] == '\\'))
				p++;
		} else {
			if (*p == '\n')
				line_start = true;
			else if (!isspace((unsigned char)*p))
				line_start = false;
			p++;
			continue;
		}
		for (; b < p; b++)
			if (*b != '\n')
				*b = ' ';
	}
	return o;
}

struct eval {
	const char *p;
	const struct wpp_type *t;   /* the enumerators so far */
	bool ok;
};

static long long expr(struct eval *e, int prec);

static void ws(struct eval *e)
{
	while (isspace((unsigned char)*e->p))
		e->p++;
}

static bool word(struct eval *e, char *out)
{
	size_t n = 0;

	ws(e);
	while ((isalnum((unsigned char)e->p[n]) || e->p[n] == '_') && n < WPP_NAME_MAX - 1)
		out[n] = e->p[n], n++;
	out[n] = '\0';
	return n > 0 && !isdigit((unsigned char)out[0]);
}

static long long primary(struct eval *e)
{
	char w[WPP_NAME_MAX];

	ws(e);
	char ch = *e->p;
	if (ch == '-' || ch == '+' || ch == '~' || ch == '!') {
		e->p++;
		long long v = primary(e);
		return ch == '-' ? -v : ch == '+' ? v : ch == '~' ? ~v : !v;
	}
	if (ch == '(') {
		const char *save = ++e->p;
		if (word(e, w)) {   /* (TYPE) value: a cast, unless w is an enumerator */
			bool known = false;
			for (unsigned i = 0; i < e->t->nitems; i++)
				known |= strcmp(e->t->items[i].name, w) == 0;
			e->p += strlen(w);
			ws(e);
			if (!known && *e->p == ')') {
				e->p++;
				return primary(e);
			}
		}
		e->p = save;
		long long v = expr(e, 0);
		ws(e);
		if (*e->p++ != ')')
			e->ok = false;
		return v;
	}
	if (isdigit((unsigned char)ch)) {
		char *end;
		long long v = (long long)strtoull(e->p, &end, 0);
		e->p = end;
		while (*e->p == 'u' || *e->p == 'U' || *e->p == 'l' || *e->p == 'L')
			e->p++;
		return v;
	}
	if (word(e, w)) {
		e->p += strlen(w);
		for (unsigned i = 0; i < e->t->nitems; i++)
			if (strcmp(e->t->items[i].name, w) == 0)
				return e->t->items[i].value;
	}
	e->ok = false;
	return 0;
}

static const struct { const char *op; int prec; } ops[] = {
	{ "<<", 5 }, { ">>", 5 }, { "|", 1 }, { "^", 2 }, { "&", 3 }, { "+", 6 }, { "-", 6 },
	{ "*", 7 }, { "/", 7 }, { "%", 7 },
};

static long long apply(const char *op, long long a, long long b, bool *ok)
{
	switch (op[0]) {
	case '<': return (long long)((unsigned long long)a << (b & 63));
	case '>': return a >> (b & 63);
	case '|': return a | b;
	case '^': return a ^ b;
	case '&': return a & b;
	case '+': return a + b;
	case '-': return a - b;
	case '*': return a * b;
	default:
		if (b == 0)
			return *ok = false, 0;
		return op[0] == '/' ? a / b : a % b;
	}
}

static long long expr(struct eval *e, int prec)
{
	long long v = primary(e);

	for (;;) {
		size_t k;
		ws(e);
		for (k = 0; k < sizeof(ops) / sizeof(ops[0]); k++)
			if (strncmp(e->p, ops[k].op, strlen(ops[k].op)) == 0 && e->p[1] != '=' &&
			    !(ops[k].op[0] == '|' && e->p[1] == '|') &&
			    !(ops[k].op[0] == '&' && e->p[1] == '&'))
				break;
		if (k == sizeof(ops) / sizeof(ops[0]) || ops[k].prec <= prec)
			return v;
		e->p += strlen(ops[k].op);
		v = apply(ops[k].op, v, expr(e, ops[k].prec), &e->ok);
	}
}

/* The enumerators of the body [b, e) into t; false (reported) on one whose
 * value is not understood. */
static bool enumerators(struct wpp_config *c, struct wpp_type *t, const char *b, const char *e,
			const char *file, unsigned line)
{
	char *body = strndup(b, (size_t)(e - b)), *save = NULL;
	long long next = 0;
	unsigned cap = 0;
	bool ok = true;

	for (char *one = strtok_r(body, ",", &save); ok && one != NULL; one = strtok_r(NULL, ",", &save)) {
		struct eval ev = { one, t, true };
		char name[WPP_NAME_MAX];
		if (!word(&ev, name)) {
			ws(&ev);
			if (*ev.p != '\0')
				ok = false;
			continue;
		}
		ev.p += strlen(name);
		ws(&ev);
		if (*ev.p == '=') {
			ev.p++;
			next = expr(&ev, 0);
			ws(&ev);
			ok = ev.ok && *ev.p == '\0';
		} else if (*ev.p != '\0') {
			ok = false;
		}
		if (!ok) {
			wpp_error(c, file, line, "CUSTOM_TYPE(%s, ItemEnum(%s)): cannot compute the "
				  "value of enumerator %s", t->name, t->enum_name, name);
			break;
		}
		if (t->nitems == cap) {
			struct wpp_item *n = realloc(t->items, (cap = cap * 2 + 16) * sizeof(*n));
			if (n == NULL)
				break;
			t->items = n;
		}
		t->items[t->nitems].value = next++;
		strcpy(t->items[t->nitems++].name, name);
	}
	free(body);
	return ok;
}

/* Does the enum at p (on "enum") define `name` (its tag or a typedef name)?
 * Sets *b, *e to its body. */
static bool defines(const char *text, const char *p, const char *name, const char **b,
		    const char **e)
{
	char w[WPP_NAME_MAX], tag[WPP_NAME_MAX] = "";
	struct eval ev = { p + 4, NULL, true };
	const char *q = p;
	int depth = 0;

	if (word(&ev, w) && (strcmp(w, "class") == 0 || strcmp(w, "struct") == 0))
		ev.p += strlen(w);
	if (word(&ev, tag))
		ev.p += strlen(tag);
	ev.p += strcspn(ev.p, "{;()");
	if (*ev.p != '{')
		return false;
	*b = ev.p + 1;
	for (q = ev.p; *q != '\0'; q++) {
		depth += *q == '{' ? 1 : *q == '}' ? -1 : 0;
		if (depth == 0)
			break;
	}
	if (*q != '}')
		return false;
	*e = q;
	if (strcmp(tag, name) == 0)
		return true;
	while (q > text && p > text && isspace((unsigned char)p[-1]))
		p--;
	if (p - text < 7 || strncmp(p - 7, "typedef", 7) != 0)
		return false;
	for (q = *e + 1; *q != ';' && *q != '\0';) {   /* typedef ... } A, *PA; */
		ev.p = q;
		if (word(&ev, w)) {
			if (strcmp(w, name) == 0)
				return true;
			q = ev.p + strlen(w);
		} else {
			q++;
		}
	}
	return false;
}

static bool find_enum(struct wpp_config *c, struct wpp_type *t, unsigned f)
{
	char *code = code_only(c->texts[f]);
	const char *b, *e;
	bool found = false;

	for (const char *p = code; !found && p != NULL && (p = strstr(p, "enum")) != NULL; p += 4) {
		if ((p > code && (isalnum((unsigned char)p[-1]) || p[-1] == '_')) ||
		    isalnum((unsigned char)p[4]) || p[4] == '_' || !defines(code, p, t->enum_name, &b, &e))
			continue;
		unsigned line = 1;
		for (const char *q = code; q < p; q++)
			line += *q == '\n';
		found = true;
		enumerators(c, t, b, e, c->files[f], line);
	}
	free(code);
	return found;
}

void wpp_resolve_enums(struct wpp_config *c)
{
	bool any = false;

	for (unsigned i = 0; i < c->ntypes; i++)
		any |= c->types[i].enum_name[0] != '\0';
	if (!any)
		return;
	for (unsigned i = 0; i < c->nfiles; i++)
		follow_includes(c, i);
	for (unsigned i = 0; i < c->ntypes; i++) {
		struct wpp_type *t = &c->types[i];
		unsigned f = 0;
		if (t->enum_name[0] == '\0')
			continue;
		while (f < c->nfiles && !find_enum(c, t, f))
			f++;
		if (f == c->nfiles)
			wpp_error(c, t->file, t->line, "CUSTOM_TYPE(%s, ItemEnum(%s)): no enum %s in "
				  "the files ndisdma-wpp reads (the -scan: headers, the sources and "
				  "the headers they include with quotes)", t->name, t->enum_name,
				  t->enum_name);
	}
}
