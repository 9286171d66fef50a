/* wpp_types.c — how %!Name! of a driver's own type prints (docs/wpp.md
 * "The driver's own types"; wpp facts §1.7): CUSTOM_TYPE with ItemEnum or
 * ItemList* and TYPEMACRO take a 32-bit value and print its name (a list)
 * or the names of its bits (a set); DEFINE_CPLX_TYPE reads one argument of
 * the driver's type through a function the .tmh generates, whose helper
 * macro hands its WPP_LOGPAIR(length, address) pairs to NdisDmaWppPair.
 * The data is the last pair; an earlier one is the length that precedes
 * variable-length data (Slots = 2).  Pairs are copied when they are made,
 * so data the helper points into (the argument itself) is never read late.
 */
#include "wdm/wdm_internal.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "fmt/utf.h"
#include "ndisdma_wdk_wpp.h"
#include "wdm/wpp_types.h"

#define PAIR_MAX 256   /* bytes of a pair kept; a longer one prints "..." after them */
#define PAIRS_MAX 4

struct _NDISDMA_WPP_PAIRS {
	unsigned count;
	size_t length[PAIRS_MAX];     /* as the helper gave it */
	bool null[PAIRS_MAX];
	unsigned char data[PAIRS_MAX][PAIR_MAX];
};

VOID NdisDmaWppPair(NDISDMA_WPP_PAIRS *Pairs, SIZE_T Length, const VOID *Address)
{
	unsigned i;

	if (Pairs == NULL || Pairs->count == PAIRS_MAX)
		return;
	i = Pairs->count++;
	Pairs->length[i] = Length;
	Pairs->null[i] = Address == NULL;
	if (Address != NULL)
		memcpy(Pairs->data[i], Address, Length < PAIR_MAX ? Length : PAIR_MAX);
}

struct text { char *buf; size_t size, n; };

static void put(struct text *t, const char *s)
{
	size_t len = strlen(s);

	if (t->n + 1 >= t->size)
		return;
	if (len > t->size - 1 - t->n)
		len = t->size - 1 - t->n;
	memcpy(t->buf + t->n, s, len);
	t->n += len;
	t->buf[t->n] = '\0';
}

static const NDISDMA_WPP_TYPE *type_named(const NDISDMA_WPP_SITE *site, const char *name,
					  size_t len)
{
	for (ULONG i = 0; site != NULL && i < site->TypeCount; i++)
		if (strlen(site->Types[i].Name) == len &&
		    strncasecmp(site->Types[i].Name, name, len) == 0)
			return &site->Types[i];
	return NULL;
}

static void list(struct text *t, const NDISDMA_WPP_TYPE *type, int32_t v)
{
	char num[24];

	for (ULONG i = 0; i < type->Count; i++) {
		if (type->Items[i].Value == v) {
			put(t, type->Items[i].Name);
			return;
		}
	}
	snprintf(num, sizeof(num), "%d", v);   /* unknown: its number */
	put(t, num);
}

static void set(struct text *t, const NDISDMA_WPP_TYPE *type, uint32_t v)
{
	char num[24];
	uint32_t rest = v;

	for (ULONG i = 0; i < type->Count; i++) {
		LONGLONG bit = type->Items[i].Value;
		if (bit >= 0 && bit < 32 && (v & (1u << bit)) != 0) {
			put(t, t->n > 0 ? "|" : "");
			put(t, type->Items[i].Name);
			rest &= ~(1u << bit);
		}
	}
	if (rest != 0 || v == 0) {   /* bits without a name, in hex */
		snprintf(num, sizeof(num), "%s0x%x", t->n > 0 ? "|" : "", rest);
		put(t, num);
	}
}

static void hex(struct text *t, const unsigned char *p, size_t n, const char *sep)
{
	char b[8];

	for (size_t i = 0; i < n; i++) {
		snprintf(b, sizeof(b), "%s%02x", i > 0 ? sep : "", p[i]);
		put(t, b);
	}
}

static void wide(struct text *t, const unsigned char *p, size_t bytes)
{
	uint16_t u[PAIR_MAX / 2];
	size_t n = bytes / 2;

	memcpy(u, p, n * 2);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		unsigned char enc[5];
		i += utf16_decode(u + i, n - i, &cp);
		enc[utf8_encode(cp, enc)] = '\0';
		put(t, (const char *)enc);
	}
}

static void complex_value(struct text *t, const NDISDMA_WPP_TYPE *type,
			  const NDISDMA_WPP_PAIRS *pairs)
{
	unsigned last = pairs->count - 1;
	size_t len = pairs->length[last], kept = len < PAIR_MAX ? len : PAIR_MAX;
	const unsigned char *p = pairs->data[last];

	if (pairs->null[last] && len > 0) {
		put(t, "(null)");
		return;
	}
	switch (type->Kind) {
	case NdisDmaWppPString: {
		char s[PAIR_MAX + 1];
		memcpy(s, p, kept);
		s[kept] = '\0';   /* a counted string: an embedded NUL ends it */
		put(t, s);
		break;
	}
	case NdisDmaWppPWString:
		wide(t, p, kept);
		break;
	case NdisDmaWppMacAddr:
		hex(t, p, kept, len == 6 ? ":" : " ");
		break;
	default:
		hex(t, p, kept, " ");
		break;
	}
	if (len > kept)
		put(t, "...");
}

bool wpp_custom_type(const struct fmt_wpp *site, const char *name, size_t len,
		     va_list *ap, char *buf, size_t size)
{
	const NDISDMA_WPP_TYPE *type = type_named(site->custom_context, name, len);
	struct text t = { buf, size, 0 };

	if (type == NULL)
		return false;
	if (buf != NULL && size > 0)
		buf[0] = '\0';
	if (type->Kind == NdisDmaWppList || type->Kind == NdisDmaWppSet) {
		uint32_t v = va_arg(*ap, uint32_t);
		if (buf == NULL)
			return true;
		if (type->Kind == NdisDmaWppList)
			list(&t, type, (int32_t)v);
		else
			set(&t, type, v);
		return true;
	}
	NDISDMA_WPP_PAIRS pairs = { 0 };
	if (type->Read != NULL)
		type->Read(ap, &pairs);
	if (buf == NULL)
		return true;
	if (pairs.count == 0)
		put(&t, "(no data)");
	else
		complex_value(&t, type, &pairs);
	return true;
}
