/* gen.c — the .tmh ndisdma-wpp writes (docs/wpp.md "What a .tmh
 * defines"; wpp facts §1.3-§1.8, §1.14).  Every .tmh of a run has the same
 * definitions, guarded so a second one in a translation unit adds nothing:
 * WPP_BIT_<flag> per control GUID, the control blocks (WPP_MAIN_CB, one
 * per GUID, shared by the driver's objects), WPP_CONTROL and its helpers,
 * WPP_INIT_TRACING / WPP_CLEANUP, and one macro per trace function that
 * runs the driver's WPP_<conds>_PRE, tests WPP_CHECK_INIT and
 * WPP_<conds>_ENABLED (or WPP_RECORDER_<conds>_FILTER), formats the
 * prefix and suffix with their arguments (NdisDmaWppAffix), calls
 * NdisDmaWppTraceSite with the call's site (its types: gen_types.c), then
 * runs WPP_<conds>_POST.  Each default is defined
 * only when the driver has not defined the name; the trace functions are
 * #undef'd first (drivers define no-op fallbacks of them).
 */
#include "wpp.h"

#include <string.h>

struct cond { const char *name, *value; bool fixed; };

/* The condition parameters (wpp facts §1.8): the {} ones in order, then
 * the positional ones; not MSG, ..., NULL or IFRLOG. */
static unsigned conditions(const struct wpp_func *f, struct cond *out)
{
	unsigned n = 0;

	for (unsigned i = 0; i < f->nfixed; i++)
		out[n++] = (struct cond){ f->fixed_key[i], f->fixed_value[i], true };
	for (unsigned i = 0; i < f->nparams; i++) {
		const char *p = f->params[i];
		if ((int)i == f->msg || strcmp(p, "...") == 0 || strcmp(p, "NULL") == 0 ||
		    strcmp(p, "IFRLOG") == 0)
			continue;
		out[n++] = (struct cond){ p, p, false };
	}
	return n;
}

static void join(FILE *o, const struct cond *c, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		fprintf(o, "%s%s", i > 0 ? "_" : "", c[i].name);
}

static void formals(FILE *o, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		fprintf(o, "%sa%u", i > 0 ? ", " : "", i);
}

static void actuals(FILE *o, const struct cond *c, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		fprintf(o, "%s%s", i > 0 ? ", " : "", c[i].value);
}

static int find(const struct cond *c, unsigned n, const char *a, const char *b)
{
	for (unsigned i = 0; i < n; i++)
		if (strcmp(c[i].name, a) == 0 || (b != NULL && strcmp(c[i].name, b) == 0))
			return (int)i;
	return -1;
}

static void defaults(FILE *o, const struct cond *c, unsigned n)
{
	static const char *const roles[] = { "ENABLED", "PRE", "POST" };
	int level = find(c, n, "LEVEL", NULL), flags = find(c, n, "FLAGS", "FLAG");

	fputs("#if !defined(WPP_", o); join(o, c, n);
	fputs("_ENABLED) && defined(WPP_RECORDER_", o); join(o, c, n);
	fputs("_FILTER)\n#define WPP_", o); join(o, c, n); fputs("_ENABLED(", o);
	formals(o, n); fputs(") WPP_RECORDER_", o); join(o, c, n); fputs("_FILTER(", o);
	formals(o, n); fputs(")\n#endif\n", o);
	for (unsigned r = 0; r < 3; r++) {
		fputs("#ifndef WPP_", o); join(o, c, n); fprintf(o, "_%s\n#define WPP_", roles[r]);
		join(o, c, n); fprintf(o, "_%s(", roles[r]); formals(o, n); fputs(")", o);
		if (r > 0)
			fputs("\n", o);
		else if (level >= 0 && flags >= 0)
			fprintf(o, " (WPP_LEVEL_ENABLED(a%d) && WPP_CONTROL(WPP_BIT_ ## a%d).Level >= (a%d))\n",
				flags, flags, level);
		else if (flags >= 0)
			fprintf(o, " WPP_LEVEL_ENABLED(a%d)\n", flags);
		else
			fputs(" NDISDMA_WPP_ANY_SESSION\n", o);
		fputs("#endif\n", o);
	}
}

static const char *param_name(const struct wpp_func *f, unsigned i, char *buf, size_t size)
{
	if (strcmp(f->params[i], "NULL") == 0) {
		snprintf(buf, size, "wpp_null%u_", i);
		return buf;
	}
	return f->params[i];
}

/* "#LEVEL", "\"TRACE_LEVEL_ERROR\"" or "\"\"" for %!LEVEL! and friends.
 * With a group, the outer macro stringises the parameters outside it (an
 * inner macro would see them expanded: TRACE_LEVEL_ERROR as 2) and passes
 * the strings as wpp_role<r>_; a parameter inside the group can only be
 * stringised by the inner one, after expansion. */
static bool in_group(const struct wpp_func *f, const char *name)
{
	for (int i = f->group_begin; i >= 0 && i < f->group_end; i++)
		if (strcmp(f->params[i], name) == 0)
			return true;
	return false;
}

static void role_text(FILE *o, const struct wpp_func *f, const struct cond *c, unsigned n,
		      unsigned r, bool outer)
{
	static const char *const names[3][2] = { { "LEVEL", NULL }, { "FLAGS", "FLAG" },
						 { "COMPNAME", NULL } };
	int i = find(c, n, names[r][0], names[r][1]);
	bool grouped = i >= 0 && !c[i].fixed && in_group(f, c[i].name);

	if (f->group_begin >= 0 && !outer && !grouped)
		fprintf(o, "wpp_role%u_", r);
	else if (i < 0 || (outer && grouped))
		fputs("\"\"", o);
	else if (c[i].fixed)
		fprintf(o, "\"%s\"", c[i].value);
	else
		fprintf(o, "#%s", c[i].name);
}

static bool has_param(const struct wpp_func *f, const char *name)
{
	for (unsigned i = 0; i < f->nparams; i++)
		if (strcmp(f->params[i], name) == 0)
			return true;
	return false;
}

/* A prefix or suffix, formatted with its own arguments before the message
 * (they may name the call's parameters and what PRE declared). */
static void affix(FILE *o, const char *what, const char *text, const char *args)
{
	if (text[0] == '\0')
		return;
	fprintf(o, "      char wpp_%s_[NDISDMA_WPP_AFFIX_MAX]; \\\n"
		"      NdisDmaWppAffix(&wpp_site_, wpp_%s_, sizeof(wpp_%s_), sizeof((%s)[0]), %s%s%s); \\\n",
		what, what, what, text, text, args[0] ? ", " : "", args);
}

static void func_macro(FILE *o, const struct wpp_config *cfg, const struct wpp_func *f)
{
	struct cond c[WPP_MAX_FIXED + WPP_MAX_PARAMS];
	unsigned n = conditions(f, c), last = f->msg >= 0 ? (unsigned)f->msg : f->nparams;
	char buf[32];
	bool group = f->group_begin >= 0;

	fprintf(o, "\n/* %s */\n", f->name);
	defaults(o, c, n);
	fprintf(o, "#undef %s\n", f->name);
	if (f->variadic && f->msg < 0)
		last = f->nparams - 1;
	if (group) {   /* NAME(a, (MSG, ...)): the group's parentheses dropped */
		fprintf(o, "#define %s(", f->name);
		for (unsigned i = 0, k = 0; i < f->nparams; i++) {
			if ((int)i == f->group_begin)
				fprintf(o, "%swpp_group_", k++ > 0 ? ", " : "");
			if ((int)i >= f->group_begin && (int)i < f->group_end)
				continue;
			fprintf(o, "%s%s", k++ > 0 ? ", " : "", param_name(f, i, buf, sizeof(buf)));
		}
		fprintf(o, ") NDISDMA_WPP_CALL(NDISDMA_WPP_%s", f->name);
		for (unsigned r = 0; r < 3; r++) {
			fputs(", ", o);
			role_text(o, f, c, n, r, true);
		}
		for (unsigned i = 0; i < f->nparams; i++) {
			if ((int)i == f->group_begin)
				fputs(", NDISDMA_WPP_UNPAREN wpp_group_", o);
			if ((int)i >= f->group_begin && (int)i < f->group_end)
				continue;
			fprintf(o, ", %s", param_name(f, i, buf, sizeof(buf)));
		}
		fputs(")\n", o);
		fprintf(o, "#define NDISDMA_WPP_%s(wpp_role0_, wpp_role1_, wpp_role2_%s", f->name,
			last > 0 || f->msg >= 0 || f->variadic ? ", " : "");
	} else {
		fprintf(o, "#define %s(", f->name);
	}
	for (unsigned i = 0; i < last; i++)
		fprintf(o, "%s%s", i > 0 ? ", " : "", param_name(f, i, buf, sizeof(buf)));
	if (f->msg >= 0 || f->variadic)
		fprintf(o, "%s...", last > 0 ? ", " : "");
	/* a group's inner macro: (wpp_role0_, wpp_role1_, wpp_role2_, flat...) */
	fputs(") \\\n  do { WPP_", o); join(o, c, n); fputs("_PRE(", o); actuals(o, c, n);
	fputs(") \\\n    if (WPP_CHECK_INIT (WPP_", o); join(o, c, n); fputs("_ENABLED(", o);
	actuals(o, c, n);
	fputs("))) { \\\n      const NDISDMA_WPP_SITE wpp_site_ = { __FILE__, __LINE__, __func__, ", o);
	for (unsigned r = 0; r < 3; r++) {
		role_text(o, f, c, n, r, false);
		fputs(", ", o);
	}
	fprintf(o, "%uu, \\\n        NDISDMA_WPP_NTYPES, NDISDMA_WPP_TYPES, %s }; \\\n",
		cfg->argbase != 0 ? cfg->argbase : 1,
		has_param(f, "IFRLOG") ? "(const VOID *)(IFRLOG)" : "NULL");
	affix(o, "prefix", f->prefix, f->prefix_args);
	affix(o, "suffix", f->suffix, f->suffix_args);
	fprintf(o, "      NdisDmaWppTraceSite(&wpp_site_, %s, %s, \\\n        %s); } \\\n    WPP_",
		f->prefix[0] ? "wpp_prefix_" : "\"\"", f->suffix[0] ? "wpp_suffix_" : "\"\"",
		f->msg >= 0 ? "NDISDMA_WPP_MSG(__VA_ARGS__, 0)" : "1, \"\", 0");
	join(o, c, n); fputs("_POST(", o); actuals(o, c, n); fputs(") \\\n  } while (0)\n", o);
}

static void control(FILE *o, const struct wpp_config *c)
{
	fputs("enum {\n", o);
	for (unsigned g = 0; g < c->nguids; g++)
		for (unsigned b = 0; b < c->guids[g].nbits; b++)
			fprintf(o, "    WPP_BIT_%s = 0x%X,   /* %s flag 0x%X */\n", c->guids[g].bits[b],
				g * 32 + b, c->guids[g].name, 1u << b);
	fprintf(o, "    NDISDMA_WPP_BLOCKS = %u\n};\n", c->nguids);
	fputs("/* one control block per GUID, shared by every object of the driver */\n"
	      "__attribute__((weak, visibility(\"hidden\")))\n"
	      "NDISDMA_WPP_CONTROL_BLOCK WPP_MAIN_CB[NDISDMA_WPP_BLOCKS];\n"
	      "/* the in-flight recorder's default log, one per driver (WppRecorder.h) */\n"
	      "__attribute__((weak, visibility(\"hidden\"))) NDISDMA_RECORDER_LOG NdisDmaWppDefaultLog;\n"
	      "#define WPP_CONTROL(id) (WPP_MAIN_CB[(id) >> 5])\n"
	      "#define WPP_FLAG_NO(id) 0\n"
	      "#define WPP_MASK(id) (1u << ((id) & 31))\n"
	      "#define NDISDMA_WPP_ANY_SESSION \\\n"
	      "  (WPP_MAIN_CB[0].Level != 0 && WPP_MAIN_CB[0].Flags[0] != 0)\n"
	      "#ifndef WPP_CHECK_INIT\n#define WPP_CHECK_INIT (WPP_MAIN_CB[0].Initialized) &&\n#endif\n"
	      "#ifndef WPP_LEVEL_ENABLED\n#define WPP_LEVEL_ENABLED(flag) \\\n"
	      "  ((WPP_CONTROL(WPP_BIT_ ## flag).Flags[WPP_FLAG_NO(WPP_BIT_ ## flag)] & \\\n"
	      "    WPP_MASK(WPP_BIT_ ## flag)) != 0)\n#endif\n"
	      "#ifndef WPP_LEVEL_LOGGER\n#define WPP_LEVEL_LOGGER(flag) (WPP_CONTROL(WPP_BIT_ ## flag).Logger),\n#endif\n"
	      "#ifndef WPP_FLAG_ENABLED\n#define WPP_FLAG_ENABLED(flag) WPP_LEVEL_ENABLED(flag)\n#endif\n"
	      "#ifndef WPP_FLAG_LOGGER\n#define WPP_FLAG_LOGGER(flag) WPP_LEVEL_LOGGER(flag)\n#endif\n"
	      "#ifndef WPP_RECORDER_LEVEL_FLAGS_FILTER\n#define WPP_RECORDER_LEVEL_FLAGS_FILTER(lvl, flags) \\\n"
	      "  (WPP_LEVEL_ENABLED(flags) && WPP_CONTROL(WPP_BIT_ ## flags).Level >= (lvl))\n#endif\n"
	      "#ifndef WPP_RECORDER_LEVEL_FLAGS_ARGS\n#define WPP_RECORDER_LEVEL_FLAGS_ARGS(lvl, flags) \\\n"
	      "  WPP_CONTROL(WPP_BIT_ ## flags).AutoLogContext, (lvl), WPP_BIT_ ## flags\n#endif\n"
	      "#undef WPP_INIT_TRACING\n"
	      "#define WPP_INIT_TRACING(...) \\\n"
	      "  (NdisDmaWppRecorderStart(), NdisDmaWppInit(WPP_MAIN_CB, NDISDMA_WPP_BLOCKS))\n"
	      "#undef WPP_CLEANUP\n"
	      "#define WPP_CLEANUP(...) \\\n"
	      "  (NdisDmaWppRecorderStop(), NdisDmaWppCleanup(WPP_MAIN_CB, NDISDMA_WPP_BLOCKS))\n"
	      "#define NDISDMA_WPP_CALL(m, ...) m(__VA_ARGS__)\n"
	      "#define NDISDMA_WPP_UNPAREN(...) __VA_ARGS__\n"
	      "/* MSG's unit (1, or 2 for L\"...\"), MSG, then the message's arguments\n"
	      " * and a spare 0 (so that no argument is never an empty __VA_ARGS__) */\n"
	      "#define NDISDMA_WPP_MSG(msg, ...) sizeof((msg)[0]), msg, __VA_ARGS__\n"
	      "#define NDISDMA_WPP_AFFIX_MAX 256\n", o);
}

void wpp_write_tmh(const struct wpp_config *c, FILE *o, const char *source)
{
	fprintf(o, "/* %s: written by ndisdma-wpp for %s; docs/wpp.md says what it defines. */\n",
		"trace message header", source);
	fputs("#include <ndisdma_wdk_wpp.h>\n\n#ifndef NDISDMA_WPP_TMH_DEFINITIONS\n"
	      "#define NDISDMA_WPP_TMH_DEFINITIONS\n", o);
	if (c->kernel_mode)
		fputs("#ifndef WPP_KERNEL_MODE\n#define WPP_KERNEL_MODE 1\n#endif\n", o);
	if (c->dll)
		fputs("#ifndef WPP_DLL\n#define WPP_DLL 1\n#endif\n", o);
	for (unsigned i = 0; i < c->ndefines; i++)
		fprintf(o, "#define %s\n", c->defines[i]);
	control(o, c);
	wpp_write_types(c, o);
	for (unsigned i = 0; i < c->nfuncs; i++)
		func_macro(o, c, &c->funcs[i]);
	fputs("\n#endif /* NDISDMA_WPP_TMH_DEFINITIONS */\n", o);
}
