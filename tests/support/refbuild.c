/* refbuild.c — see refbuild.h.  Written for obviousness, not speed. */
#include "refbuild.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REF_PAGE 4096ull

void ref_list_init(struct ref_list *l)
{
	memset(l, 0, sizeof(*l));
}

void ref_list_fini(struct ref_list *l)
{
	free(l->e);
	memset(l, 0, sizeof(*l));
}

static bool push(struct ref_list *l, struct ref_elem e)
{
	if (l->n == l->cap) {
		uint32_t cap = l->cap ? l->cap * 2 : 64;
		struct ref_elem *p = realloc(l->e, cap * sizeof(*p));

		if (!p)
			return false;
		l->e = p;
		l->cap = cap;
	}
	l->e[l->n++] = e;
	return true;
}

/* Add one piece: merge into the last element when the device sees them as
 * one run of bytes and the run stays inside one 4 GiB window. */
static bool add_piece(struct ref_list *l, uint64_t pa, uint32_t len, bool bounced)
{
	struct ref_elem *last = l->n ? &l->e[l->n - 1] : NULL;

	l->bytes += len;
	if (!bounced && last && !last->bounced &&
	    last->pa + last->length == pa &&
	    last->pa / REF_4GB == (pa + len - 1) / REF_4GB &&
	    (uint64_t)last->length + len <= UINT32_MAX) {
		last->length += len;
		return true;
	}
	l->bounced += bounced;
	return push(l, (struct ref_elem){ .pa = pa, .length = len, .bounced = bounced });
}

const char *ref_build(struct ref_list *l, const MDL *m, uint64_t bytes,
		      uint64_t address_limit)
{
	uint64_t left = bytes;

	l->n = 0;
	l->bytes = 0;
	l->bounced = 0;
	for (; m && left; m = m->Next) {
		const PFN_NUMBER *pfn = MmGetMdlPfnArray((PMDL)m);
		uint64_t count = MmGetMdlByteCount(m);

		for (uint64_t pos = 0; pos < count && left; ) {
			uint64_t va_off = MmGetMdlByteOffset(m) + pos;
			uint64_t in_page = va_off % REF_PAGE;
			uint64_t len = REF_PAGE - in_page;
			uint64_t pa;

			if (len > count - pos)
				len = count - pos;
			if (len > left)
				len = left;
			pa = (uint64_t)pfn[va_off / REF_PAGE] * REF_PAGE + in_page;
			if (!add_piece(l, pa, (uint32_t)len, pa + len > address_limit))
				return "out of memory";
			pos += len;
			left -= len;
		}
	}
	return left ? "MDL chain shorter than CurrentMdlOffset + DataLength" : NULL;
}

const char *ref_check_list(const SCATTER_GATHER_LIST *sgl, uint64_t bytes,
			   uint64_t address_limit, char *why, size_t len)
{
	uint64_t sum = 0;

	if (sgl->NumberOfElements < 1)
		return snprintf(why, len, "NumberOfElements is 0"), why;
	if (sgl->Reserved != 0)
		return snprintf(why, len, "list Reserved is %#" PRIx64, (uint64_t)sgl->Reserved), why;
	for (ULONG i = 0; i < sgl->NumberOfElements; i++) {
		const SCATTER_GATHER_ELEMENT *e = &sgl->Elements[i];
		uint64_t pa = (uint64_t)e->Address.QuadPart;

		if (e->Length == 0)
			return snprintf(why, len, "element %u has length 0", i), why;
		if (e->Reserved != 0)
			return snprintf(why, len, "element %u Reserved is %#" PRIx64, i,
					(uint64_t)e->Reserved), why;
		if (pa + e->Length > address_limit || pa + e->Length < pa)
			return snprintf(why, len, "element %u [%#" PRIx64 "+%u] beyond the "
					"address limit %#" PRIx64, i, pa, e->Length,
					address_limit), why;
		if (pa / REF_4GB != (pa + e->Length - 1) / REF_4GB)
			return snprintf(why, len, "element %u [%#" PRIx64 "+%u] crosses a "
					"4 GiB boundary", i, pa, e->Length), why;
		sum += e->Length;
	}
	if (sum != bytes)
		return snprintf(why, len, "lengths sum to %" PRIu64 ", expected "
				"CurrentMdlOffset + DataLength = %" PRIu64, sum, bytes), why;
	return NULL;
}

const char *ref_compare(const struct ref_list *ref, const SCATTER_GATHER_LIST *sgl,
			char *why, size_t len)
{
	if (sgl->NumberOfElements != ref->n)
		return snprintf(why, len, "%u elements, reference has %u (%u bounced)",
				sgl->NumberOfElements, ref->n, ref->bounced), why;
	for (uint32_t i = 0; i < ref->n; i++) {
		const SCATTER_GATHER_ELEMENT *e = &sgl->Elements[i];
		const struct ref_elem *r = &ref->e[i];
		uint64_t pa = (uint64_t)e->Address.QuadPart;
		bool same = r->bounced ? (pa % REF_PAGE == r->pa % REF_PAGE)
				       : pa == r->pa;

		if (!same || e->Length != r->length)
			return snprintf(why, len, "element %u is [%#" PRIx64 "+%u], reference "
					"[%#" PRIx64 "+%u]%s", i, pa, e->Length, r->pa,
					r->length, r->bounced ? " bounced (same in-page offset "
					"and length expected)" : ""), why;
	}
	return NULL;
}
