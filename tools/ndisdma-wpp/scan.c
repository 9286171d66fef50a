/* scan.c — reading a source as tracewpp does (wpp facts §1.4, §1.10,
 * §1.13): the name its `#include "X.tmh"` spells, and every trace call,
 * checked against its function's parameters (count, the double-parenthesis
 * group, MSG a string literal, one argument per conversion, every %!x!
 * known).  A wrong call is "file:line: error: ..." (the line of the
 * function's name).  Calls inside #define bodies are not trace calls
 * (tracewpp runs before the preprocessor).
 */
#include "wpp.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "fmt/fmt.h"

#define MAX_ARGS 64

struct arg { const char *b, *e; };

struct src {
	struct wpp_config *c;
	const char *path;
	const char *p;
	unsigned line;
};

static bool is_ident(char ch)
{
	return isalnum((unsigned char)ch) || ch == '_';
}

/* Past a comment, a literal or a line of the preprocessor, counting lines;
 * false when p is none of those. */
static bool skip_noise(struct src *s)
{
	const char *p = s->p;

	if (p[0] == '/' && p[1] == '/') {
		while (*p != '\0' && *p != '\n')
			p += (*p == '\\' && p[1] == '\n') ? (s->line++, 2) : 1;
	} else if (p[0] == '/' && p[1] == '*') {
		for (p += 2; *p != '\0' && !(p[0] == '*' && p[1] == '/'); p++)
			if (*p == '\n')
				s->line++;
		p += *p != '\0' ? 2 : 0;
	} else if (*p == '"' || *p == '\'') {
		char q = *p++;
		while (*p != '\0' && *p != q && *p != '\n')
			p += (*p == '\\' && p[1] != '\0') ? ((p[1] == '\n' ? s->line++ : 0), 2) : 1;
		p += *p == q ? 1 : 0;
	} else {
		return false;
	}
	s->p = p;
	return true;
}

static void include_name(const char *line, size_t n, char *tmh, size_t size)
{
	const char *q = line + 1;

	while (q < line + n && isspace((unsigned char)*q))
		q++;
	if ((size_t)(line + n - q) < 8 || strncmp(q, "include", 7) != 0)
		return;
	q += 7;
	while (q < line + n && isspace((unsigned char)*q))
		q++;
	if (q >= line + n || (*q != '"' && *q != '<'))
		return;
	char close = *q == '"' ? '"' : '>';
	const char *b = ++q, *e = memchr(b, close, (size_t)(line + n - b));
	if (e == NULL || e - b < 5 || strncmp(e - 4, ".tmh", 4) != 0)
		return;
	const char *slash = b;
	for (const char *t = b; t < e; t++)
		if (*t == '/' || *t == '\\')
			slash = t + 1;
	if ((size_t)(e - slash) < size && tmh[0] == '\0') {
		memcpy(tmh, slash, (size_t)(e - slash));
		tmh[e - slash] = '\0';
	}
}

/* A preprocessor line (and its continuations). */
static void directive(struct src *s, char *tmh, size_t size)
{
	const char *b = s->p, *p = s->p;

	while (*p != '\0' && *p != '\n') {
		if (*p == '\\' && p[1] == '\n') {
			s->line++;
			p += 2;
		} else if (p[0] == '/' && p[1] == '*') {
			s->p = p;
			skip_noise(s);
			p = s->p;
		} else {
			p++;
		}
	}
	include_name(b, (size_t)(p - b), tmh, size);
	s->p = p;
}

/* The call's top-level arguments, s->p on its '('; false when it never ends. */
static bool call_args(struct src *s, struct arg *args, unsigned *n)
{
	int depth = 0;
	const char *start = ++s->p;

	*n = 0;
	while (*s->p != '\0') {
		if (skip_noise(s))
			continue;
		char ch = *s->p;
		if (ch == '\n')
			s->line++;
		if (ch == '(' || ch == '[' || ch == '{') {
			depth++;
		} else if ((ch == ')' || ch == ']' || ch == '}') && depth > 0) {
			depth--;
		} else if (ch == ')' || (ch == ',' && depth == 0)) {
			if (*n == MAX_ARGS)
				return false;
			args[(*n)++] = (struct arg){ start, s->p };
			start = ++s->p;
			if (ch == ')')
				return true;
			continue;
		}
		s->p++;
	}
	return false;
}

static struct arg trim(struct arg a)
{
	while (a.b < a.e && isspace((unsigned char)*a.b))
		a.b++;
	while (a.e > a.b && isspace((unsigned char)a.e[-1]))
		a.e--;
	return a;
}

/* (a, b, ...) inside one argument, split at its top-level commas. */
static bool split_group(struct arg g, struct arg *out, unsigned *n)
{
	struct src s = { NULL, NULL, g.b, 0 };

	g = trim(g);
	if (g.b == g.e || *g.b != '(' || g.e[-1] != ')')
		return false;
	s.p = g.b;
	if (!call_args(&s, out, n) || s.p != g.e)
		return false;
	return true;
}

int wpp_literal_text(const char *b, const char *e, char *buf, size_t size, bool *wide)
{
	struct arg a = trim((struct arg){ b, e });
	const char *p;
	size_t n = 0;
	int known = 1;

	*wide = false;
	if (a.b == a.e || (*a.b != '"' && !(a.b[0] == 'L' && a.b[1] == '"')))
		return -1;
	for (p = a.b; p < a.e;) {
		if (isspace((unsigned char)*p)) {
			p++;
		} else if (*p == '"' || (*p == 'L' && p[1] == '"')) {
			if (*p == 'L')
				*wide = true, p++;
			for (p++; p < a.e && *p != '"'; p++) {
				if (*p == '\\' && p + 1 < a.e) {
					if (n + 2 < size)
						buf[n++] = *p;
					p++;
				}
				if (n + 2 < size)
					buf[n++] = *p;
			}
			if (p >= a.e)
				return -1;
			p++;
		} else if (is_ident(*p)) {
			const char *w = p;
			while (p < a.e && is_ident(*p))
				p++;
			size_t len = (size_t)(p - w);
			if (!((len == 8 && (strncmp(w, "__DATE__", 8) == 0 ||
					    strncmp(w, "__TIME__", 8) == 0 ||
					    strncmp(w, "__FILE__", 8) == 0))))
				known = 0;
		} else {
			return -1;
		}
	}
	buf[n] = '\0';
	return known;
}

static void check_call(struct src *s, const struct wpp_func *f, unsigned line,
		       struct arg *top, unsigned ntop)
{
	struct arg flat[MAX_ARGS], inner[MAX_ARGS];
	unsigned n = 0, ninner = 0, params = f->nparams - (f->variadic ? 1 : 0);
	char text[4096];
	bool wide;

	if (ntop == 1 && trim(top[0]).b == trim(top[0]).e)
		ntop = 0;                       /* F() */
	for (unsigned i = 0; i < ntop; i++) {
		if (f->group_begin >= 0 && n == (unsigned)f->group_begin) {
			if (!split_group(top[i], inner, &ninner)) {
				wpp_error(s->c, s->path, line, "%s: argument %u must be a "
					  "parenthesised list (NAME((...)) form)", f->name, i + 1);
				return;
			}
			for (unsigned j = 0; j < ninner && n < MAX_ARGS; j++)
				flat[n++] = inner[j];
		} else {
			flat[n++] = top[i];
		}
	}
	if (n < params || (!f->variadic && n > params)) {
		wpp_error(s->c, s->path, line, "%s takes %s%u arguments, the call passes %u",
			  f->name, f->variadic ? "at least " : "", params, n);
		return;
	}
	if (f->msg < 0)
		return;
	int known = wpp_literal_text(flat[f->msg].b, flat[f->msg].e, text, sizeof(text), &wide);
	if (known < 0) {
		wpp_error(s->c, s->path, line, "%s: MSG must be a string literal", f->name);
		return;
	}
	int conv = wpp_count_conversions(s->c, text, strlen(text), s->path, line);
	unsigned given = n - (unsigned)f->msg - 1;
	if (conv >= 0 && known && (unsigned)conv != given)
		wpp_error(s->c, s->path, line, "%s: the format has %d conversion%s, the call "
			  "passes %u argument%s", f->name, conv, conv == 1 ? "" : "s", given,
			  given == 1 ? "" : "s");
}

static const struct wpp_func *func_named(const struct wpp_config *c, const char *b, size_t n)
{
	for (unsigned i = 0; i < c->nfuncs; i++)
		if (strlen(c->funcs[i].name) == n && strncmp(c->funcs[i].name, b, n) == 0)
			return &c->funcs[i];
	return NULL;
}

/* An identifier at s->p: a trace call when it names a function and '('
 * follows. */
static void identifier(struct src *s, char prev)
{
	const char *b = s->p;
	unsigned line = s->line;
	struct arg args[MAX_ARGS];
	unsigned nargs;

	while (is_ident(*s->p))
		s->p++;
	const struct wpp_func *f = func_named(s->c, b, (size_t)(s->p - b));
	if (f == NULL || prev == '.' || prev == '>')
		return;
	struct src look = *s;
	for (;;) {
		while (isspace((unsigned char)*look.p))
			look.line += *look.p++ == '\n';
		if (!(look.p[0] == '/' && (look.p[1] == '/' || look.p[1] == '*')) ||
		    !skip_noise(&look))
			break;
	}
	if (*look.p != '(')
		return;
	*s = look;
	if (!call_args(s, args, &nargs)) {
		wpp_error(s->c, s->path, line, "%s: the call's parentheses never close", f->name);
		return;
	}
	check_call(s, f, line, args, nargs);
}

bool wpp_scan_source(struct wpp_config *c, const char *path, char *tmh, size_t tmh_size)
{
	size_t len;
	char *text = wpp_read_file(path, &len);
	struct src s = { c, path, text, 1 };
	unsigned before = c->errors;
	bool line_start = true;
	char prev = ' ';

	tmh[0] = '\0';
	if (text == NULL) {
		wpp_error(c, path, 0, "cannot read the source");
		return false;
	}
	wpp_find_guids(c, text, path);
	wpp_remember_file(c, path, text);
	while (*s.p != '\0') {
		char ch = *s.p;
		if (line_start && ch == '#') {
			directive(&s, tmh, tmh_size);
			continue;
		}
		if (skip_noise(&s)) {
			prev = ' ';
			continue;
		}
		if (ch == '\n') {
			s.line++;
			line_start = true;
			s.p++;
			continue;
		}
		if (!isspace((unsigned char)ch))
			line_start = false;
		if ((isalpha((unsigned char)ch) || ch == '_') && !is_ident(prev)) {
			identifier(&s, prev);
			prev = 'a';
			continue;
		}
		if (!isspace((unsigned char)ch))
			prev = ch;
		s.p++;
	}
	free(text);
	if (tmh[0] == '\0') {   /* no #include of a .tmh: <basename>.tmh */
		const char *base = strrchr(path, '/');
		base = base != NULL ? base + 1 : path;
		const char *dot = c->preserve_ext ? NULL : strrchr(base, '.');
		size_t n = dot != NULL ? (size_t)(dot - base) : strlen(base);
		snprintf(tmh, tmh_size, "%.*s.tmh", (int)n, base);
	}
	return c->errors == before;
}

/* One printf spec after '%' (Microsoft rules, src/fmt): arguments it takes,
 * or -1 when it is not one. */
static int printf_spec(const char **pp, const char *end)
{
	const char *p = *pp;
	int args = 0;

	while (p < end && strchr("-+ #0", *p) != NULL)
		p++;
	if (p < end && *p == '*')
		args++, p++;
	while (p < end && isdigit((unsigned char)*p))
		p++;
	if (p < end && *p == '.') {
		p++;
		if (p < end && *p == '*')
			args++, p++;
		while (p < end && isdigit((unsigned char)*p))
			p++;
	}
	if (p + 2 < end && (strncmp(p, "I64", 3) == 0 || strncmp(p, "I32", 3) == 0))
		p += 3;
	else if (p + 1 < end && (strncmp(p, "hh", 2) == 0 || strncmp(p, "ll", 2) == 0))
		p += 2;
	else if (p < end && strchr("hlLwIztj", *p) != NULL)
		p++;
	if (p >= end || strchr("diuoxXcCsSZpeEfFgGaAn", *p) == NULL)
		return -1;
	*pp = p + 1;
	return args + 1;
}

/* What %!name! takes: 1 or 0 arguments; -1 (reported) when name is unknown. */
static int shriek(struct wpp_config *c, const char *b, const char *e, const char *file,
		  unsigned line, bool positional)
{
	const struct fmt_wpp_ext *ext;
	const char *q = b;
	int a;

	if (wpp_type_named(c, b, (size_t)(e - b)) != NULL)
		return 1;
	if ((ext = fmt_wpp_lookup(b, (size_t)(e - b))) != NULL)
		return fmt_wpp_arg_of(ext) != WPP_ARG_NONE;
	a = printf_spec(&q, e);
	if (a < 0 || q != e) {
		wpp_error(c, file, line, "unknown format extension %%!%.*s!%s", (int)(e - b), b,
			  b < e && isupper((unsigned char)*b) ? " (a type of the driver's own "
			  "needs CUSTOM_TYPE, TYPEMACRO or DEFINE_CPLX_TYPE)" : "");
		return -1;
	}
	if (positional && a != 1) {
		wpp_error(c, file, line, "a numbered conversion cannot take a '*' width or "
			  "precision (%%n!%.*s!)", (int)(e - b), b);
		return -1;
	}
	return a;
}

/* Positional %n!x! (wpp facts §1.10): the arguments are n - argbase; each
 * one must be named (its type comes from its spec). */
static int positions(struct wpp_config *c, const bool *used, unsigned top, const char *file,
		     unsigned line)
{
	unsigned base = c->argbase != 0 ? c->argbase : 1;

	for (unsigned k = base; k <= top; k++) {
		if (!used[k]) {
			wpp_error(c, file, line, "the format numbers its arguments but names no "
				  "%%%u!x! (argument %u's type is unknown; -argbase: is %u)",
				  k, k - base + 1, base);
			return -1;
		}
	}
	return top >= base ? (int)(top - base + 1) : 0;
}

int wpp_count_conversions(struct wpp_config *c, const char *text, size_t n,
			  const char *file, unsigned line)
{
	const char *p = text, *end = text + n;
	unsigned base = c->argbase != 0 ? c->argbase : 1, top = 0;
	int count = 0, numbered = 0;
	bool used[100] = { false };

	while ((p = memchr(p, '%', (size_t)(end - p))) != NULL) {
		p++;
		if (p < end && *p == '%') {
			p++;
			continue;
		}
		const char *q = p;
		unsigned number = 0;
		while (q < end && isdigit((unsigned char)*q) && number < 100)
			number = number * 10 + (unsigned)(*q++ - '0');
		bool positional = q > p && q < end && *q == '!';
		if (p < end && (*p == '!' || positional)) {
			const char *b = positional ? q + 1 : p + 1;
			const char *close = memchr(b, '!', (size_t)(end - b));
			if (close == NULL || close == b) {
				wpp_error(c, file, line, "format extension '%%%.*s!' without its "
					  "closing '!'", (int)(b - p - 1), p);
				return -1;
			}
			int a = shriek(c, b, close, file, line, positional);
			if (a < 0)
				return -1;
			if (positional && (number >= 100 || number < base)) {
				wpp_error(c, file, line, "%%%u!...! names no argument (-argbase: is "
					  "%u)", number, base);
				return -1;
			}
			if (positional) {
				numbered++;
				used[number] = true;
				top = number > top ? number : top;
			} else {
				count += a;
			}
			p = close + 1;
			continue;
		}
		int a = printf_spec(&p, end);
		if (a < 0) {
			wpp_error(c, file, line, "unknown conversion in the format at '%%%.*s'",
				  (int)(end - p < 4 ? end - p : 4), p);
			return -1;
		}
		count += a;
	}
	if (numbered == 0)
		return count;
	if (count > 0) {
		wpp_error(c, file, line, "a format that numbers its arguments (%%1!d!) cannot "
			  "also take them in order (%%d, %%!STATUS!)");
		return -1;
	}
	return positions(c, used, top, file, line);
}
