/* nbgen.c — see nbgen.h */
#include "nbgen.h"

#include <stdlib.h>
#include <string.h>

#define NBGEN_PAGE 4096u
#define NBGEN_TOUCH_CHUNK (64u * 1024u)
#define NBGEN_MAX_GAP 16384u

uint64_t nbgen_next(struct nbgen_rng *r)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

uint64_t nbgen_below(struct nbgen_rng *r, uint64_t bound)
{
	return bound ? nbgen_next(r) % bound : 0;
}

uint64_t nbgen_range(struct nbgen_rng *r, uint64_t lo, uint64_t hi)
{
	return hi <= lo ? lo : lo + nbgen_below(r, hi - lo + 1);
}

uint64_t nbgen_case_seed(uint64_t master, uint64_t index)
{
	struct nbgen_rng r = { master ^ (index * 0xD1B54A32D192ED03ull) };

	nbgen_next(&r);
	return nbgen_next(&r);
}

/* Every page of the arena gets its frame now, in address order; note
 * where two VA-adjacent pages are physically adjacent across 4 GiB. */
static int touch_arena(struct nbgen *g)
{
	const PFN_NUMBER boundary = (PFN_NUMBER)((1ull << 32) / NBGEN_PAGE);
	PFN_NUMBER prev = 0;

	for (size_t off = 0; off < g->arena_bytes; off += NBGEN_TOUCH_CHUNK) {
		PMDL m = NdisAllocateMdl(g->adapter, g->arena + off, NBGEN_TOUCH_CHUNK);

		if (!m)
			return -1;
		for (size_t i = 0; i < NBGEN_TOUCH_CHUNK / NBGEN_PAGE; i++) {
			PFN_NUMBER pfn = MmGetMdlPfnArray(m)[i];

			if (pfn == boundary && prev == boundary - 1 && (off || i) &&
			    g->nhot < NBGEN_MAX_HOT)
				g->hot[g->nhot++] = off + i * NBGEN_PAGE;
			prev = pfn;
		}
		NdisFreeMdl(m);
	}
	return 0;
}

int nbgen_init(struct nbgen *g, NDIS_HANDLE adapter, size_t arena_bytes)
{
	NET_BUFFER_POOL_PARAMETERS p;

	memset(g, 0, sizeof(*g));
	g->adapter = adapter;
	g->arena_bytes = (arena_bytes + NBGEN_TOUCH_CHUNK - 1) & ~(size_t)(NBGEN_TOUCH_CHUNK - 1);
	g->arena = aligned_alloc(NBGEN_PAGE, g->arena_bytes);
	if (!g->arena)
		return -1;
	memset(g->arena, 0, g->arena_bytes);
	memset(&p, 0, sizeof(p));
	p.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
	p.Header.Revision = NET_BUFFER_POOL_PARAMETERS_REVISION_1;
	p.Header.Size = NDIS_SIZEOF_NET_BUFFER_POOL_PARAMETERS_REVISION_1;
	p.PoolTag = 0x54736762; /* 'Tsgb' */
	p.DataSize = 0;
	g->pool = NdisAllocateNetBufferPool(adapter, &p);
	if (!g->pool || touch_arena(g) != 0) {
		nbgen_fini(g);
		return -1;
	}
	return 0;
}

void nbgen_fini(struct nbgen *g)
{
	if (g->pool)
		NdisFreeNetBufferPool(g->pool);
	free(g->arena);
	memset(g, 0, sizeof(*g));
}

static uint32_t pick_mdl_count(struct nbgen_rng *r, uint32_t max)
{
	uint32_t roll = (uint32_t)nbgen_below(r, 10), n;

	if (roll < 5)
		n = (uint32_t)nbgen_range(r, 1, 4);
	else if (roll < 8)
		n = (uint32_t)nbgen_range(r, 5, 16);
	else
		n = (uint32_t)nbgen_range(r, 17, NBGEN_MAX_MDLS);
	return n > max ? max : n;
}

static uint32_t pick_mdl_bytes(struct nbgen_rng *r, uint32_t max)
{
	uint32_t roll = (uint32_t)nbgen_below(r, 20), n;

	if (roll < 8)
		n = (uint32_t)nbgen_range(r, 1, 128);
	else if (roll < 15)
		n = (uint32_t)nbgen_range(r, 129, 2048);
	else if (roll < 19)
		n = (uint32_t)nbgen_range(r, 2049, 9000);
	else
		n = (uint32_t)nbgen_range(r, 1, max);
	return n > max ? max : n;
}

/* Distance from the end of one MDL to the start of the next: often none
 * (adjacent in VA, so often adjacent in PA: merges across MDLs). */
static uint64_t pick_gap(struct nbgen_rng *r, uint64_t end)
{
	uint32_t roll = (uint32_t)nbgen_below(r, 20);

	if (roll < 8)
		return 0;
	if (roll < 13)
		return nbgen_range(r, 1, 63);
	if (roll < 17)
		return (NBGEN_PAGE - end % NBGEN_PAGE) % NBGEN_PAGE;
	return nbgen_range(r, 1, NBGEN_MAX_GAP);
}

/* DataOffset and DataLength over a chain of `total` bytes; when `must`
 * is a chain position (not UINT64_MAX), the bytes just before and at it
 * are inside the list. */
static void pick_data(struct nbgen_rng *r, uint64_t total, uint32_t max_len,
		      uint64_t must, ULONG *offset, ULONG *length)
{
	uint64_t off = 0, avail, len, min = 1;

	if (must != UINT64_MAX) {
		uint64_t back = must ? nbgen_range(r, 1, must < max_len - 1 ? must : max_len - 1) : 0;

		off = must - back;
		min = back + 1;
	} else if (nbgen_below(r, 10) >= 4) {
		off = nbgen_below(r, total);
	}
	avail = total - off;
	if (avail > max_len)
		avail = max_len;
	switch (nbgen_below(r, 4)) {
	case 0:
		len = avail;                    /* to the end of the chain */
		break;
	case 1:
		len = nbgen_range(r, min, avail < 1514 ? avail : 1514);
		break;
	default:
		len = nbgen_range(r, min, avail);
		break;
	}
	*offset = (ULONG)off;
	*length = (ULONG)(len < min ? min : len);
}

/* Where the chain starts in the arena: random, or (hot) so that a random
 * byte of a random MDL lands on the first byte above 4 GiB.  *must gets
 * that byte's position in the chain, or UINT64_MAX. */
static uint64_t pick_base(struct nbgen *g, struct nbgen_rng *r, const uint64_t *rel,
			  const uint64_t *len, uint32_t n, uint64_t span, uint64_t *must)
{
	*must = UINT64_MAX;
	if (g->nhot && nbgen_below(r, 4) == 0) {
		uint64_t h = g->hot[nbgen_below(r, g->nhot)];
		uint32_t k = (uint32_t)nbgen_below(r, n);
		uint64_t in = nbgen_below(r, 3) ? 0 : nbgen_below(r, len[k]);
		uint64_t t = rel[k] + in, before = 0;

		for (uint32_t i = 0; i < k; i++)
			before += len[i];
		if (h >= t && h - t + span <= g->arena_bytes) {
			*must = before + in;
			return h - t;
		}
	}
	return nbgen_below(r, (g->arena_bytes - span) / NBGEN_PAGE + 1) * NBGEN_PAGE;
}

static void free_chain(struct nbgen_nb *n)
{
	for (uint32_t i = 0; i < n->nmdl; i++)
		if (n->mdl[i])
			NdisFreeMdl(n->mdl[i]);
	n->nmdl = 0;
}

/* Lengths and arena positions of the MDLs, then the MDLs themselves. */
static const char *build_chain(struct nbgen *g, struct nbgen_rng *r,
			       const struct nbgen_shape *s, struct nbgen_nb *n,
			       uint64_t *total, uint64_t *must)
{
	uint64_t rel[NBGEN_MAX_MDLS], len[NBGEN_MAX_MDLS], pos, base;

	n->nmdl = pick_mdl_count(r, s->max_mdls);
	pos = nbgen_below(r, 2) ? 0 : nbgen_below(r, NBGEN_PAGE);
	*total = 0;
	for (uint32_t i = 0; i < n->nmdl; i++) {
		if (i)
			pos += pick_gap(r, pos);
		len[i] = pick_mdl_bytes(r, s->max_mdl_bytes);
		rel[i] = pos;
		pos += len[i];
		*total += len[i];
	}
	pos = (pos + NBGEN_PAGE - 1) & ~(uint64_t)(NBGEN_PAGE - 1);
	if (pos > g->arena_bytes)
		return "arena too small for the shape";
	base = pick_base(g, r, rel, len, n->nmdl, pos, must);
	n->hot = *must != UINT64_MAX;
	for (uint32_t i = 0; i < n->nmdl; i++) {
		n->mdl[i] = NdisAllocateMdl(g->adapter, g->arena + base + rel[i],
					    (UINT)len[i]);
		if (!n->mdl[i]) {
			n->nmdl = i;
			free_chain(n);
			return "NdisAllocateMdl returned NULL";
		}
		if (i)
			NDIS_MDL_LINKAGE(n->mdl[i - 1]) = n->mdl[i];
	}
	NDIS_MDL_LINKAGE(n->mdl[n->nmdl - 1]) = NULL;
	return NULL;
}

const char *nbgen_make(struct nbgen *g, struct nbgen_rng *r,
		       const struct nbgen_shape *s, struct nbgen_nb *n)
{
	uint64_t total, must;
	const char *why;

	memset(n, 0, sizeof(*n));
	why = build_chain(g, r, s, n, &total, &must);
	if (why)
		return why;
	pick_data(r, total, s->max_data_length, must, &n->data_offset, &n->data_length);
	n->nb = NdisAllocateNetBuffer(g->pool, n->mdl[0], n->data_offset,
				      n->data_length);
	if (!n->nb) {
		free_chain(n);
		return "NdisAllocateNetBuffer returned NULL";
	}
	why = nbgen_check(n);
	if (why) {
		nbgen_free(g, n);
		return why;
	}
	n->map_bytes = (uint64_t)NET_BUFFER_CURRENT_MDL_OFFSET(n->nb) +
		       NET_BUFFER_DATA_LENGTH(n->nb);
	return NULL;
}

void nbgen_free(struct nbgen *g, struct nbgen_nb *n)
{
	(void)g;
	if (n->nb)
		NdisFreeNetBuffer(n->nb);
	n->nb = NULL;
	free_chain(n);
}

const char *nbgen_check(const struct nbgen_nb *n)
{
	PNET_BUFFER nb = n->nb;
	PMDL cur = NET_BUFFER_CURRENT_MDL(nb);
	uint64_t before = 0;
	uint32_t i;

	if (NET_BUFFER_FIRST_MDL(nb) != n->mdl[0])
		return "NET_BUFFER_FIRST_MDL is not the chain given";
	if (NET_BUFFER_DATA_OFFSET(nb) != n->data_offset)
		return "NET_BUFFER_DATA_OFFSET differs from the DataOffset given";
	if (NET_BUFFER_DATA_LENGTH(nb) != n->data_length)
		return "NET_BUFFER_DATA_LENGTH differs from the DataLength given";
	for (i = 0; i < n->nmdl && n->mdl[i] != cur; i++)
		before += MmGetMdlByteCount(n->mdl[i]);
	if (i == n->nmdl)
		return "NET_BUFFER_CURRENT_MDL is not in the chain";
	if (NET_BUFFER_CURRENT_MDL_OFFSET(nb) > MmGetMdlByteCount(cur))
		return "NET_BUFFER_CURRENT_MDL_OFFSET beyond CurrentMdl";
	if (before + NET_BUFFER_CURRENT_MDL_OFFSET(nb) != n->data_offset)
		return "DataOffset != bytes before CurrentMdl + CurrentMdlOffset";
	return NULL;
}

void nbgen_fill(const struct nbgen_nb *n, uint64_t seed)
{
	struct nbgen_rng r = { seed };

	for (uint32_t i = 0; i < n->nmdl; i++) {
		uint8_t *p = MmGetSystemAddressForMdlSafe(n->mdl[i], NormalPagePriority);
		ULONG left = MmGetMdlByteCount(n->mdl[i]);

		while (left >= 8) {
			uint64_t w = nbgen_next(&r);

			memcpy(p, &w, 8);
			p += 8;
			left -= 8;
		}
		for (; left; left--)
			*p++ = (uint8_t)nbgen_next(&r);
	}
}

uint64_t nbgen_gather(const MDL *m, uint64_t bytes, uint8_t *out)
{
	uint64_t done = 0;

	for (; m && done < bytes; m = m->Next) {
		uint64_t take = MmGetMdlByteCount(m);

		if (take > bytes - done)
			take = bytes - done;
		memcpy(out + done, MmGetSystemAddressForMdlSafe((PMDL)m, NormalPagePriority),
		       take);
		done += take;
	}
	return done;
}
