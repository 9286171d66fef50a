/* types.c — the driver's own format types (wpp facts §1.7; docs/wpp.md
 * "The driver's own types"):
 *   CUSTOM_TYPE(name, ItemEnum(EnumType));       the enum's enumerators
 *   CUSTOM_TYPE(name, ItemListLong(A, B, C));    0 is A, 1 is B ...
 *   TYPEMACRO(name, ItemListLong(A, B, C));      the same
 *   CUSTOM_TYPE(name, ItemSetLong(A, B, C));     bit 0 is A, bit 1 is B ...
 *   DEFINE_CPLX_TYPE(name, HelperMacro, ArgType, MofType, "fmt", Sig, Prio, Slots);
 * %!name! of a list or set takes a 32-bit value (a short or byte one is
 * promoted to int as a vararg); a complex type takes one ArgType, which
 * the .tmh reads and hands to HelperMacro (gen_types.c).  ItemEnum's
 * enumerators are found in the files ndisdma-wpp reads (enums.c).
 */
#include "wpp.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct { const char *name; enum wpp_type_kind kind; } item_kinds[] = {
	{ "ItemListByte", WT_LIST }, { "ItemListShort", WT_LIST }, { "ItemListLong", WT_LIST },
	{ "ItemSetByte", WT_SET }, { "ItemSetShort", WT_SET }, { "ItemSetLong", WT_SET },
	{ "ItemSetByteShort", WT_SET }, { "ItemSetByteLong", WT_SET },
};

/* DEFINE_CPLX_TYPE's MOF item types and how ndisdma prints them. */
static const struct { const char *mof, *kind; } mof_kinds[] = {
	{ "ItemHEXDump", "NdisDmaWppHexDump" }, { "ItemPString", "NdisDmaWppPString" },
	{ "ItemPWString", "NdisDmaWppPWString" }, { "ItemMACAddr", "NdisDmaWppMacAddr" },
};

const struct wpp_type *wpp_type_named(const struct wpp_config *c, const char *name, size_t len)
{
	for (unsigned i = 0; i < c->ntypes; i++)
		if (strlen(c->types[i].name) == len && strncasecmp(c->types[i].name, name, len) == 0)
			return &c->types[i];
	return NULL;
}

static bool is_name(const char *s)
{
	if (*s == '\0' || isdigit((unsigned char)*s) || strlen(s) >= WPP_NAME_MAX)
		return false;
	for (; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return false;
	return true;
}

/* Item(A, B, C) or ItemEnum(X) into t. */
static bool items(struct wpp_config *c, struct wpp_type *t, const char *spec,
		  const char *file, unsigned line)
{
	char kind[WPP_NAME_MAX], (*names)[512] = malloc(sizeof(char[256][512]));
	size_t n = strcspn(spec, "( \t");
	unsigned count;
	const char *end;
	bool ok = false;

	if (names == NULL || n >= sizeof(kind))
		goto out;
	memcpy(kind, spec, n);
	kind[n] = '\0';
	if ((end = wpp_split(spec + n, names, 256, &count)) == NULL || *end != '\0') {
		wpp_error(c, file, line, "%s(%s, ...): malformed %s(...)", "CUSTOM_TYPE", t->name,
			  kind);
		goto out;
	}
	if (strcmp(kind, "ItemEnum") == 0) {
		if (count != 1 || !is_name(names[0])) {
			wpp_error(c, file, line, "%s: ItemEnum takes one enum type name", t->name);
			goto out;
		}
		t->kind = WT_LIST;
		strcpy(t->enum_name, names[0]);
		ok = true;
		goto out;
	}
	size_t k = 0;
	while (k < sizeof(item_kinds) / sizeof(item_kinds[0]) && strcmp(item_kinds[k].name, kind) != 0)
		k++;
	if (k == sizeof(item_kinds) / sizeof(item_kinds[0])) {
		wpp_error(c, file, line, "%s: item type %s is not supported by ndisdma-wpp (ItemEnum, "
			  "ItemList{Byte,Short,Long}, ItemSet{Byte,Short,Long,ByteShort,ByteLong} are)",
			  t->name, kind);
		goto out;
	}
	t->kind = item_kinds[k].kind;
	t->items = calloc(count > 0 ? count : 1, sizeof(*t->items));
	for (unsigned i = 0; t->items != NULL && i < count; i++) {
		if (!is_name(names[i]) || (t->kind == WT_SET && i >= 32)) {
			wpp_error(c, file, line, "%s: '%s' is no item name (%s(NAME, NAME, ...)%s)",
				  t->name, names[i], kind, t->kind == WT_SET ? ", 32 at most" : "");
			goto out;
		}
		t->items[i].value = i;
		strcpy(t->items[i].name, names[i]);
	}
	t->nitems = count;
	ok = t->items != NULL;
out:
	free(names);
	return ok;
}

/* DEFINE_CPLX_TYPE(name, HelperMacro, ArgType, MofType, "fmt", Sig, Priority, Slots) */
static bool complex_type(struct wpp_config *c, struct wpp_type *t, char args[][512],
			 unsigned n, const char *file, unsigned line)
{
	size_t k = 0;

	if (n < 4 || !is_name(args[1]) || args[2][0] == '\0' || strlen(args[2]) >= WPP_NAME_MAX) {
		wpp_error(c, file, line, "malformed DEFINE_CPLX_TYPE (expected (Name, HelperMacro, "
			  "ArgType, MofType, \"fmt\", Signature, Priority, Slots))");
		return false;
	}
	while (k < sizeof(mof_kinds) / sizeof(mof_kinds[0]) && strcmp(mof_kinds[k].mof, args[3]) != 0)
		k++;
	if (k == sizeof(mof_kinds) / sizeof(mof_kinds[0])) {
		wpp_error(c, file, line, "DEFINE_CPLX_TYPE(%s): MOF type %s is not supported by "
			  "ndisdma-wpp (ItemHEXDump, ItemPString, ItemPWString, ItemMACAddr are)",
			  t->name, args[3]);
		return false;
	}
	t->kind = WT_CPLX;
	strcpy(t->helper, args[1]);
	strcpy(t->arg_type, args[2]);
	t->mof_kind = mof_kinds[k].kind;
	return true;
}

void wpp_type_statement(struct wpp_config *c, const char *word, const char *s,
			const char *file, unsigned line)
{
	char (*args)[512] = malloc(sizeof(char[12][512]));
	unsigned n;
	const char *end = args != NULL ? wpp_split(s, args, 12, &n) : NULL;
	struct wpp_type *t = &c->types[c->ntypes];
	bool cplx = strcmp(word, "DEFINE_CPLX_TYPE") == 0;

	if (end == NULL || end[strspn(end, " \t")] != '\0' || n < 2 || !is_name(args[0])) {
		wpp_error(c, file, line, "malformed %s (expected %s(Name, ...))", word, word);
		goto out;
	}
	if (wpp_type_named(c, args[0], strlen(args[0])) != NULL) {
		wpp_error(c, file, line, "type %s is defined twice", args[0]);
		goto out;
	}
	if (c->ntypes == WPP_MAX_TYPES) {
		wpp_error(c, file, line, "more than %d types", WPP_MAX_TYPES);
		goto out;
	}
	memset(t, 0, sizeof(*t));
	strcpy(t->name, args[0]);
	t->file = strdup(file);
	t->line = line;
	if (cplx ? complex_type(c, t, args, n, file, line)
		 : (n == 2 && items(c, t, args[1], file, line))) {
		c->ntypes++;
	} else {   /* the slot is the next statement's */
		if (!cplx && n != 2)
			wpp_error(c, file, line, "%s(%s, ...) takes one item list", word, args[0]);
		free((char *)t->file);
		free(t->items);
		memset(t, 0, sizeof(*t));
	}
out:
	free(args);
}
