/* fuzz_sg_ref.c — see fuzz_sg_ref.h.  Written for obviousness. */
#include "fuzz/fuzz_sg_ref.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "platform/platform.h"

#define REF_PAGE 4096u
#define REF_4GB (1ull << 32)

static uint64_t pa_of(const struct fz_ref_arena *a, const uint8_t *va)
{
	size_t off = (size_t)(va - a->base);

	return a->pfn[off / REF_PAGE] * REF_PAGE + off % REF_PAGE;
}

static bool add_piece(struct fz_ref *r, const struct fz_ref_channel *ch,
		      uint64_t pa, uint32_t len, const uint8_t *src)
{
	struct fz_ref_elem *last = r->n ? &r->e[r->n - 1] : NULL;
	bool bounce = ch->bounce || pa + len > ch->address_limit;

	r->bytes += len;
	if (!bounce && !ch->split && last && !last->bounced &&
	    last->pa + last->length == pa &&
	    last->pa / REF_4GB == (pa + len - 1) / REF_4GB &&
	    (uint64_t)last->length + len <= UINT32_MAX) {
		last->length += len;
		return true;
	}
	if (r->n == FZ_REF_MAX_ELEMENTS)
		return false;
	r->bounced += bounce;
	r->e[r->n++] = (struct fz_ref_elem){ pa, len, bounce, src };
	return true;
}

bool fz_ref_build(struct fz_ref *r, const struct fz_ref_arena *a,
		  const struct fz_ref_channel *ch, const struct fz_run *runs,
		  uint32_t nruns, uint64_t bytes)
{
	uint64_t left = bytes;

	r->n = r->bounced = 0;
	r->bytes = 0;
	for (uint32_t i = 0; i < nruns && left; i++) {
		const uint8_t *va = runs[i].va;
		uint64_t count = runs[i].length;

		while (count && left) {
			uint64_t in_page = (uintptr_t)va % REF_PAGE;
			uint64_t len = REF_PAGE - in_page;

			len = len < count ? len : count;
			len = len < left ? len : left;
			if (!add_piece(r, ch, pa_of(a, va), (uint32_t)len, va))
				return false;
			va += len;
			count -= len;
			left -= len;
		}
	}
	return left == 0;
}

static const char *compare_bytes(const struct fz_ref_elem *e, const SCATTER_GATHER_ELEMENT *got,
				 uint32_t i, struct platform *plat, char *why, size_t len)
{
	uint64_t pa = (uint64_t)got->Address.QuadPart;
	uint32_t done = 0;

	while (done < e->length) {   /* an element may span several frames */
		uint64_t at = pa + done;
		uint32_t n = REF_PAGE - at % REF_PAGE;
		const uint8_t *va = platform_pa_to_va(plat, at);

		n = n < e->length - done ? n : e->length - done;
		if (!va)
			return snprintf(why, len, "element %u: PA %#" PRIx64 " is no known frame",
					i, at), why;
		if (memcmp(va, e->src + done, n))
			return snprintf(why, len, "element %u: the bytes at PA %#" PRIx64 " are not "
					"the NET_BUFFER's (%s)", i, at,
					e->bounced ? "bounce copy" : "direct"), why;
		done += n;
	}
	return NULL;
}

static const char *compare_elem(const struct fz_ref_elem *e, const SCATTER_GATHER_ELEMENT *g,
				uint32_t i, char *why, size_t len)
{
	uint64_t pa = (uint64_t)g->Address.QuadPart;
	bool same = e->bounced ? pa % REF_PAGE == e->pa % REF_PAGE && pa + e->length <= REF_4GB
			       : pa == e->pa;

	if (g->Reserved)
		return snprintf(why, len, "element %u: Reserved is not 0", i), why;
	if (!same || g->Length != e->length)
		return snprintf(why, len, "element %u is [%#" PRIx64 "+%u], the reference "
				"[%#" PRIx64 "+%u]%s", i, pa, g->Length, e->pa, e->length,
				e->bounced ? " bounced (a map register below 4 GiB, same in-page "
				"offset)" : ""), why;
	return NULL;
}

const char *fz_ref_compare(const struct fz_ref *r, const SCATTER_GATHER_LIST *l,
			   struct platform *plat, bool to_device, char *why, size_t len)
{
	if (l->NumberOfElements != r->n)
		return snprintf(why, len, "%u elements, the reference has %u (%u bounced, "
				"%" PRIu64 " bytes)", l->NumberOfElements, r->n, r->bounced,
				r->bytes), why;
	if (l->Reserved)
		return snprintf(why, len, "the list's Reserved is not 0"), why;
	for (uint32_t i = 0; i < r->n; i++) {
		if (compare_elem(&r->e[i], &l->Elements[i], i, why, len))
			return why;
		if (to_device && compare_bytes(&r->e[i], &l->Elements[i], i, plat, why, len))
			return why;
	}
	return NULL;
}
