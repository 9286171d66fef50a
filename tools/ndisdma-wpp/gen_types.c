/* gen_types.c — the driver's own types in a .tmh (docs/wpp.md "The
 * driver's own types"; wpp facts §1.7): a table of NDISDMA_WPP_TYPE that
 * every trace call's site points at.  A list or set carries its items; a
 * complex type (DEFINE_CPLX_TYPE) a function that reads one ArgType from
 * the message's arguments and expands the driver's helper macro on it,
 * with WPP_LOGPAIR(length, address) handing each pair to NdisDmaWppPair.
 */
#include "wpp.h"

#include <stdint.h>
#include <string.h>

/* Types a vararg promotes to int: va_arg must read an int. */
static bool promoted(const char *type)
{
	static const char *const small[] = { "CHAR", "UCHAR", "SHORT", "USHORT", "BOOLEAN", "BYTE",
					     "WORD", "WCHAR", "CSHORT", "KIRQL", "char", "short",
					     "unsigned char", "unsigned short", "signed char", "bool",
					     "_Bool", "INT8", "UINT8", "INT16", "UINT16" };

	for (size_t i = 0; i < sizeof(small) / sizeof(small[0]); i++)
		if (strcmp(type, small[i]) == 0)
			return true;
	return false;
}

static void reader(FILE *o, const struct wpp_type *t)
{
	fprintf(o, "static void NdisDmaWppRead_%s(va_list *wpp_args_, NDISDMA_WPP_PAIRS *wpp_pairs_)\n"
		"{\n", t->name);
	if (promoted(t->arg_type))
		fprintf(o, "    %s wpp_value_ = (%s)va_arg(*wpp_args_, int);\n", t->arg_type, t->arg_type);
	else
		fprintf(o, "    %s wpp_value_ = va_arg(*wpp_args_, %s);\n", t->arg_type, t->arg_type);
	fprintf(o, "    %s(wpp_value_)\n    (void)wpp_pairs_;\n}\n", t->helper);
}

/* An enumerator's value as the runtime compares it: a 32-bit vararg. */
static long long value32(long long v)
{
	return v >= INT32_MIN && v <= (long long)UINT32_MAX ? (int32_t)(uint32_t)v : v;
}

void wpp_write_types(const struct wpp_config *c, FILE *o)
{
	bool cplx = false;

	fputs("\n/* the driver's own types: %!Name! */\n", o);
	for (unsigned i = 0; i < c->ntypes; i++)
		cplx |= c->types[i].kind == WT_CPLX;
	if (cplx)   /* a complex type's helper macro hands its pairs to the runtime */
		fputs("#undef WPP_LOGPAIR\n#define WPP_LOGPAIR(len, addr) \\\n"
		      "    NdisDmaWppPair(wpp_pairs_, (SIZE_T)(len), (const VOID *)(addr));\n", o);
	for (unsigned i = 0; i < c->ntypes; i++) {
		const struct wpp_type *t = &c->types[i];
		if (t->kind == WT_CPLX) {
			reader(o, t);
			continue;
		}
		if (t->nitems == 0)
			continue;
		fprintf(o, "static const NDISDMA_WPP_ITEM NdisDmaWppItems_%s[] = {\n", t->name);
		for (unsigned k = 0; k < t->nitems; k++)
			fprintf(o, "    { %lldLL, \"%s\" },\n", value32(t->items[k].value), t->items[k].name);
		fputs("};\n", o);
	}
	if (c->ntypes == 0) {
		fputs("#define NDISDMA_WPP_NTYPES 0\n#define NDISDMA_WPP_TYPES NULL\n", o);
		return;
	}
	fputs("__attribute__((unused)) static const NDISDMA_WPP_TYPE NdisDmaWppTypes[] = {\n", o);
	for (unsigned i = 0; i < c->ntypes; i++) {
		const struct wpp_type *t = &c->types[i];
		if (t->kind == WT_CPLX)
			fprintf(o, "    { \"%s\", %s, 0, NULL, NdisDmaWppRead_%s },\n", t->name,
				t->mof_kind, t->name);
		else if (t->nitems == 0)
			fprintf(o, "    { \"%s\", %s, 0, NULL, NULL },\n", t->name,
				t->kind == WT_SET ? "NdisDmaWppSet" : "NdisDmaWppList");
		else
			fprintf(o, "    { \"%s\", %s, %u, NdisDmaWppItems_%s, NULL },\n", t->name,
				t->kind == WT_SET ? "NdisDmaWppSet" : "NdisDmaWppList", t->nitems,
				t->name);
	}
	fprintf(o, "};\n#define NDISDMA_WPP_NTYPES %u\n#define NDISDMA_WPP_TYPES NdisDmaWppTypes\n",
		c->ntypes);
}
