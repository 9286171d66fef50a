/* config.c — what ndisdma-wpp is told (wpp facts §1.2, §1.7): -func: specs
 * and FUNC statements, the `begin_wpp config` .. `end_wpp` blocks of a
 * -scan: header (FUNC, USEPREFIX/USESUFFIX with their arguments,
 * WPP_FLAGS; the type statements go to types.c), and WPP_CONTROL_GUIDS
 * (WPP_DEFINE_CONTROL_GUID, WPP_DEFINE_BIT).
 */
#include "wpp.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char *skip_ws(const char *p)
{
	while (*p != '\0' && isspace((unsigned char)*p))
		p++;
	return p;
}

static bool ident_char(char ch)
{
	return isalnum((unsigned char)ch) || ch == '_';
}

/* An identifier into out; NULL when there is none. */
static const char *ident(const char *p, char *out)
{
	size_t n = 0;

	p = skip_ws(p);
	while (ident_char(p[n]) && n < WPP_NAME_MAX - 1) {
		out[n] = p[n];
		n++;
	}
	out[n] = '\0';
	return n > 0 && !isdigit((unsigned char)out[0]) ? p + n : NULL;
}

/* {K=V, ...}: V is every token up to , or } (e.g. TRACE_LEVEL_ERROR). */
static const char *fixed_params(struct wpp_func *f, const char *p)
{
	p = skip_ws(p + 1);
	while (*p != '}') {
		if (f->nfixed == WPP_MAX_FIXED || (p = ident(p, f->fixed_key[f->nfixed])) == NULL)
			return NULL;
		p = skip_ws(p);
		if (*p++ != '=')
			return NULL;
		p = skip_ws(p);
		size_t n = strcspn(p, ",}");
		while (n > 0 && isspace((unsigned char)p[n - 1]))
			n--;
		if (n == 0 || n >= WPP_NAME_MAX || p[n] == '\0')
			return NULL;
		memcpy(f->fixed_value[f->nfixed], p, n);
		f->fixed_value[f->nfixed++][n] = '\0';
		p = skip_ws(p + strcspn(p, ",}"));
		if (*p == ',')
			p = skip_ws(p + 1);
	}
	return p + 1;
}

/* (P, P, (P, ...), ...): one level of group (the call's double parentheses). */
static const char *param_list(struct wpp_func *f, const char *p, int depth)
{
	p = skip_ws(p + 1);
	if (*p == ')')
		return p + 1;
	for (;;) {
		p = skip_ws(p);
		if (*p == '(') {
			if (depth > 0 || f->group_begin >= 0)
				return NULL;
			f->group_begin = (int)f->nparams;
			if ((p = param_list(f, p, 1)) == NULL)
				return NULL;
			f->group_end = (int)f->nparams;
		} else if (strncmp(p, "...", 3) == 0) {
			if (f->nparams == WPP_MAX_PARAMS)
				return NULL;
			strcpy(f->params[f->nparams++], "...");
			f->variadic = true;
			p += 3;
		} else {
			if (f->nparams == WPP_MAX_PARAMS || f->variadic ||
			    (p = ident(p, f->params[f->nparams])) == NULL)
				return NULL;
			if (strcmp(f->params[f->nparams], "MSG") == 0) {
				if (f->msg >= 0)
					return NULL;
				f->msg = (int)f->nparams;
			}
			f->nparams++;
		}
		p = skip_ws(p);
		if (*p == ')')
			return p + 1;
		if (*p != ',' || f->variadic)
			return NULL;
		p++;
	}
}

bool wpp_add_func(struct wpp_config *c, const char *spec, const char *file, unsigned line)
{
	struct wpp_func f;
	const char *p;

	memset(&f, 0, sizeof(f));
	f.group_begin = f.group_end = f.msg = -1;
	if ((p = ident(spec, f.name)) == NULL)
		goto bad;
	p = skip_ws(p);
	if (*p == '{' && (p = fixed_params(&f, p)) == NULL)
		goto bad;
	p = skip_ws(p);
	if (*p != '(' || (p = param_list(&f, p, 0)) == NULL)
		goto bad;
	if (*skip_ws(p) != '\0')
		goto bad;
	/* MSG is followed by ... or nothing (wpp facts §1.8: the message's
	 * variables come after it) */
	if (f.msg >= 0 && !((unsigned)f.msg == f.nparams - 1 ||
			    ((unsigned)f.msg == f.nparams - 2 && f.variadic)))
		goto bad;
	for (unsigned i = 0; i < c->nfuncs; i++) {
		if (strcmp(c->funcs[i].name, f.name) == 0) {
			wpp_error(c, file, line, "trace function %s is defined twice", f.name);
			return false;
		}
	}
	if (c->nfuncs == WPP_MAX_FUNCS) {
		wpp_error(c, file, line, "more than %d trace functions", WPP_MAX_FUNCS);
		return false;
	}
	c->funcs[c->nfuncs++] = f;
	return true;
bad:
	wpp_error(c, file, line, "malformed trace function '%s' (expected NAME{KEY=VALUE,...}"
		  "(PARAM, ..., MSG, ...))", spec);
	return false;
}

void wpp_add_defaults(struct wpp_config *c)
{
	for (unsigned i = 0; i < c->nfuncs; i++)
		if (strcmp(c->funcs[i].name, "DoTraceMessage") == 0)
			return;
	/* DoTraceMessage(FlagName, MSG, ...): the flag plays the LEVEL role
	 * (wpp facts §1.6, §1.8) */
	wpp_add_func(c, "DoTraceMessage(LEVEL,MSG,...)", "ndisdma-wpp", 0);
}

static struct wpp_func *func_named(struct wpp_config *c, const char *name)
{
	for (unsigned i = 0; i < c->nfuncs; i++)
		if (strcmp(c->funcs[i].name, name) == 0)
			return &c->funcs[i];
	return NULL;
}

static void put_char(char out[][512], unsigned max, unsigned n, size_t *len, char ch)
{
	if (n < max && *len < 510)
		out[n][(*len)++] = ch;
}

const char *wpp_split(const char *p, char out[][512], unsigned max, unsigned *n)
{
	int depth = 0;
	size_t len = 0;

	*n = 0;
	p = skip_ws(p);
	if (*p != '(')
		return NULL;
	for (p++; *p != '\0'; p++) {
		if (*p == '"' || *p == '\'') {   /* a literal, commas and all */
			char q = *p;
			put_char(out, max, *n, &len, *p);
			for (p++; *p != '\0' && *p != q; p++) {
				if (*p == '\\' && p[1] != '\0')
					put_char(out, max, *n, &len, *p++);
				put_char(out, max, *n, &len, *p);
			}
			if (*p == '\0')
				return NULL;
			put_char(out, max, *n, &len, *p);
			continue;
		}
		if ((*p == ',' || *p == ')') && depth == 0) {
			if (*n == max)
				return NULL;
			while (len > 0 && isspace((unsigned char)out[*n][len - 1]))
				len--;
			out[*n][len] = '\0';
			if (len > 0 || *p == ',' || *n > 0)
				(*n)++;
			len = 0;
			if (*p == ')')
				return p + 1;
			continue;
		}
		if (*p == '(' || *p == '[' || *p == '{')
			depth++;
		else if (*p == ')' || *p == ']' || *p == '}')
			depth--;
		if (len > 0 || !isspace((unsigned char)*p))
			put_char(out, max, *n, &len, *p);
	}
	return NULL;
}

/* USEPREFIX (FUNC, "text"[, args...]); USESUFFIX likewise (wpp facts
 * §1.7): kept until every function and type is known. */
static void prefix_suffix(struct wpp_config *c, const char *s, bool prefix,
			  const char *file, unsigned line)
{
	const char *what = prefix ? "USEPREFIX" : "USESUFFIX";
	char args[WPP_MAX_ARGS + 2][512];
	unsigned n;
	const char *end = wpp_split(s + strlen(what), args, WPP_MAX_ARGS + 2, &n);
	struct wpp_affix *a = &c->affixes[c->naffixes];

	if (end == NULL || *skip_ws(end) != '\0' || n < 2 || ident(args[0], a->func) == NULL ||
	    *skip_ws(ident(args[0], a->func)) != '\0') {
		wpp_error(c, file, line, "malformed %s (expected %s(FUNC, \"text\", args...))",
			  what, what);
		return;
	}
	if (c->naffixes == 2 * WPP_MAX_FUNCS) {
		wpp_error(c, file, line, "too many USEPREFIX / USESUFFIX statements");
		return;
	}
	a->prefix = prefix;
	snprintf(a->text, sizeof(a->text), "%s", args[1]);
	a->args[0] = '\0';
	for (unsigned i = 2; i < n; i++) {
		size_t used = strlen(a->args);
		snprintf(a->args + used, sizeof(a->args) - used, "%s%s", i > 2 ? ", " : "", args[i]);
	}
	a->nargs = n - 2;
	a->file = strdup(file);
	a->line = line;
	c->naffixes++;
}

void wpp_resolve_affixes(struct wpp_config *c)
{
	for (unsigned i = 0; i < c->naffixes; i++) {
		struct wpp_affix *a = &c->affixes[i];
		const char *what = a->prefix ? "USEPREFIX" : "USESUFFIX";
		struct wpp_func *f = func_named(c, a->func);
		char text[1024];
		bool wide;

		if (f == NULL) {
			wpp_error(c, a->file, a->line, "%s names %s, which is no trace function",
				  what, a->func);
			continue;
		}
		if ((a->prefix ? f->prefix : f->suffix)[0] != '\0') {
			wpp_error(c, a->file, a->line, "a second %s for %s", what, a->func);
			continue;
		}
		int known = wpp_literal_text(a->text, a->text + strlen(a->text), text,
					     sizeof(text), &wide);
		if (known < 0) {
			wpp_error(c, a->file, a->line, "%s: the text must be a string literal", what);
			continue;
		}
		int conv = wpp_count_conversions(c, text, strlen(text), a->file, a->line);
		if (conv < 0)
			continue;
		if (known && (unsigned)conv != a->nargs) {   /* not with other macros in it */
			wpp_error(c, a->file, a->line, "%s: the text has %d conversion%s, the "
				  "statement gives %u argument%s", what, conv, conv == 1 ? "" : "s",
				  a->nargs, a->nargs == 1 ? "" : "s");
			continue;
		}
		strcpy(a->prefix ? f->prefix : f->suffix, a->text);
		strcpy(a->prefix ? f->prefix_args : f->suffix_args, a->args);
	}
}

/* WPP_FLAGS(-DNAME(args)=expansion); -public: changes nothing here. */
static void wpp_flags(struct wpp_config *c, const char *s, const char *file, unsigned line)
{
	const char *p = skip_ws(s + strlen("WPP_FLAGS"));
	size_t n;

	if (*p != '(' || (n = strlen(p)) < 2 || p[n - 1] != ')') {
		wpp_error(c, file, line, "malformed WPP_FLAGS");
		return;
	}
	p = skip_ws(p + 1);
	n = strlen(p) - 1;
	if (strncmp(p, "-public:", 8) == 0)
		return;
	if (strncmp(p, "-D", 2) != 0 || c->ndefines == WPP_MAX_DEFINES || n - 2 >= 511) {
		wpp_error(c, file, line, "unsupported WPP_FLAGS option");
		return;
	}
	char *d = c->defines[c->ndefines++];
	memcpy(d, p + 2, n - 2);
	d[n - 2] = '\0';
	char *eq = strchr(d, '=');
	if (eq != NULL)
		*eq = ' ';
}

static void statement(struct wpp_config *c, char *s, const char *file, unsigned line)
{
	char word[WPP_NAME_MAX];
	const char *p = ident(s, word);

	if (p == NULL) {
		if (*skip_ws(s) != '\0')
			wpp_error(c, file, line, "malformed configuration statement '%s'", s);
		return;
	}
	if (strcmp(word, "FUNC") == 0)
		wpp_add_func(c, p, file, line);
	else if (strcmp(word, "USEPREFIX") == 0 || strcmp(word, "USESUFFIX") == 0)
		prefix_suffix(c, s + (skip_ws(s) - s), word[3] == 'P', file, line);
	else if (strcmp(word, "WPP_FLAGS") == 0)
		wpp_flags(c, skip_ws(s), file, line);
	else if (strcmp(word, "CUSTOM_TYPE") == 0 || strcmp(word, "TYPEMACRO") == 0 ||
		 strcmp(word, "DEFINE_CPLX_TYPE") == 0)
		wpp_type_statement(c, word, p, file, line);
	else
		wpp_error(c, file, line, "%s is not supported by ndisdma-wpp", word);
}

/* One block: lines from `begin_wpp config` to `end_wpp`, each stripped of
 * its comment marker, statements ending with ';'. */
static const char *config_block(struct wpp_config *c, const char *p, const char *file,
				unsigned *line)
{
	char stmt[2048];
	size_t n = 0;
	unsigned at = *line;

	while (*p != '\0') {
		const char *eol = strchr(p, '\n');
		size_t len = eol != NULL ? (size_t)(eol - p) : strlen(p);
		const char *q = skip_ws(p);

		(*line)++;
		while (q < p + len && (*q == '/' || *q == '*'))
			q++;
		q = skip_ws(q);
		if (strncmp(q, "end_wpp", 7) == 0)
			return eol != NULL ? eol + 1 : p + len;
		for (; q < p + len; q++) {
			if (n == 0 && isspace((unsigned char)*q))
				continue;
			if (n == 0)
				at = *line;
			if (*q == ';') {
				stmt[n] = '\0';
				statement(c, stmt, file, at);
				n = 0;
			} else if (n < sizeof(stmt) - 2) {
				stmt[n++] = *q == '\r' ? ' ' : *q;
			}
		}
		if (n > 0 && n < sizeof(stmt) - 2)
			stmt[n++] = ' ';
		p = eol != NULL ? eol + 1 : p + len;
	}
	wpp_error(c, file, *line, "begin_wpp config without end_wpp");
	return p;
}

bool wpp_read_scan(struct wpp_config *c, const char *path)
{
	size_t len;
	char *text = wpp_read_file(path, &len);
	unsigned line = 1, before = c->errors;

	if (text == NULL) {
		wpp_error(c, path, 0, "cannot read the -scan file");
		return false;
	}
	for (const char *p = text; *p != '\0';) {
		const char *eol = strchr(p, '\n');
		const char *b = skip_ws(p);

		/* the marker opens its line, after the comment's // or * */
		while (*b == '/' || *b == '*')
			b++;
		b = skip_ws(b);
		if ((eol == NULL || b < eol) && strncmp(b, "begin_wpp", 9) == 0 &&
		    strncmp(skip_ws(b + 9), "config", 6) == 0) {
			p = config_block(c, eol != NULL ? eol + 1 : b + 9, path, &line);
			line++;
			continue;
		}
		line++;
		p = eol != NULL ? eol + 1 : p + strlen(p);
	}
	wpp_find_guids(c, text, path);
	wpp_remember_file(c, path, text);
	free(text);
	return c->errors == before;
}
