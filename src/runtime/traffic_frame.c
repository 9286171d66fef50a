/* traffic_frame.c — test frames and their MDL layouts (traffic.h).
 *
 * A frame is fully determined by (seed, sequence number): its length and
 * every byte, so the receiver checks it without keeping a copy.  Its
 * layout is random per transmission: how many MDLs, where they split,
 * gaps between them in the buffer (so some are physically adjacent and
 * get merged, some not), and DataOffset backfill in front of the data so
 * CurrentMdlOffset is often non-zero and CurrentMdl is sometimes not the
 * first MDL (spec §5: the list starts at the beginning of CurrentMdl).
 */
#include "runtime/traffic.h"

#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "platform/platform.h"

const uint8_t tr_source_mac[6] = { 0x02, 0x6e, 0x64, 0x6d, 0x61, 0x02 };

static const uint8_t tr_magic[4] = { 'N', 'D', 'M', 'A' };
#define TR_FILL_MUL 0x9E3779B97F4A7C15ull

uint32_t tr_frame_length(const struct tr_frame_spec *s, uint64_t seq)
{
	uint32_t span = s->max_size - s->min_size + 1;

	return s->min_size + (uint32_t)(tr_mix(s->seed ^ tr_mix(seq) ^ 0x4C454Eull) % span);
}

/* Little-endian fields of 2 or 8 bytes (one load or store each). */
static void put_le(uint8_t *p, uint64_t v, unsigned bytes)
{
	if (bytes == 8) {
		uint64_t le = htole64(v);

		memcpy(p, &le, 8);
	} else {
		uint16_t le = htole16((uint16_t)v);

		memcpy(p, &le, 2);
	}
}

static uint64_t get_le(const uint8_t *p, unsigned bytes)
{
	uint64_t v64;
	uint16_t v16;

	if (bytes == 8) {
		memcpy(&v64, p, 8);
		return le64toh(v64);
	}
	memcpy(&v16, p, 2);
	return le16toh(v16);
}

/* The payload: the 8-byte word at pos is (key + pos) * TR_FILL_MUL mixed,
 * each word distinct from every other of the frame (an odd multiplier is
 * a bijection), so a lost, doubled or misplaced piece shows.  A frame is
 * made twice (send, check), so this is on every frame's path: the words
 * are made eight at a time in 32-byte vectors where the processor has
 * AVX2 (chosen once, at run time), then four at a time in two SSE2
 * vectors, then one by one (gcc and clang vector extensions).  With
 * `cmp`, compares instead of writing: nonzero when a byte differs.  Each
 * step takes the key of the word at *pos in *k and leaves the next. */
typedef uint64_t tr_v2 __attribute__((vector_size(16)));
typedef uint64_t tr_v4 __attribute__((vector_size(32)));

#define TR_WORD_STEP (8 * TR_FILL_MUL)

#if defined(__x86_64__)
__attribute__((target("avx2"))) static uint64_t words_avx2(uint64_t *k, uint32_t *pos,
							   uint32_t len, uint8_t *out,
							   const uint8_t *cmp)
{
	const uint64_t c = TR_WORD_STEP;
	tr_v4 ka = { *k, *k + c, *k + 2 * c, *k + 3 * c };
	tr_v4 kb = ka + 4 * c, acc = { 0, 0, 0, 0 }, ga, gb;
	const tr_v4 step = { 8 * c, 8 * c, 8 * c, 8 * c };
	uint32_t p = *pos;

	if (cmp) {
		for (; p + 64 <= len; p += 64, ka += step, kb += step) {
			memcpy(&ga, cmp + p, 32);
			memcpy(&gb, cmp + p + 32, 32);
			acc |= ((ka ^ (ka >> 29)) ^ ga) | ((kb ^ (kb >> 29)) ^ gb);
		}
	} else {
		for (; p + 64 <= len; p += 64, ka += step, kb += step) {
			tr_v4 wa = ka ^ (ka >> 29), wb = kb ^ (kb >> 29);

			memcpy(out + p, &wa, 32);
			memcpy(out + p + 32, &wb, 32);
		}
	}
	*k = ka[0];
	*pos = p;
	return acc[0] | acc[1] | acc[2] | acc[3];
}

static bool tr_have_avx2(void)
{
	static int have = -1;   /* a benign race: every thread finds the same */
	int h = __atomic_load_n(&have, __ATOMIC_RELAXED);

	if (h < 0) {
		__builtin_cpu_init();
		h = __builtin_cpu_supports("avx2") ? 1 : 0;
		__atomic_store_n(&have, h, __ATOMIC_RELAXED);
	}
	return h != 0;
}
#endif

static uint64_t words_sse2(uint64_t *k, uint32_t *pos, uint32_t len, uint8_t *out,
			   const uint8_t *cmp)
{
	const uint64_t c = TR_WORD_STEP;
	tr_v2 ka = { *k, *k + c }, kb = { *k + 2 * c, *k + 3 * c }, acc = { 0, 0 }, ga, gb;
	const tr_v2 step = { 4 * c, 4 * c };
	uint32_t p = *pos;

	for (; p + 32 <= len; p += 32, ka += step, kb += step) {
		tr_v2 wa = ka ^ (ka >> 29), wb = kb ^ (kb >> 29);

		if (cmp) {
			memcpy(&ga, cmp + p, 16);
			memcpy(&gb, cmp + p + 16, 16);
			acc |= (wa ^ ga) | (wb ^ gb);
		} else {
			memcpy(out + p, &wa, 16);
			memcpy(out + p + 16, &wb, 16);
		}
	}
	*k = ka[0];
	*pos = p;
	return acc[0] | acc[1];
}

static uint64_t payload(uint64_t seed, uint64_t seq, uint32_t len, uint8_t *out,
			const uint8_t *cmp)
{
	uint64_t key = seed ^ tr_mix(seq * 0x9E3779B97F4A7C15ull + 1);
	uint64_t k = (key + TR_HEADER_BYTES) * TR_FILL_MUL, w, diff = 0;
	uint32_t pos = TR_HEADER_BYTES;

#if defined(__x86_64__)
	if (len >= pos + 64 && tr_have_avx2())
		diff |= words_avx2(&k, &pos, len, out, cmp);
#endif
	diff |= words_sse2(&k, &pos, len, out, cmp);
	for (; pos + 8 <= len; pos += 8, k += TR_WORD_STEP) {
		uint64_t have;

		w = k ^ (k >> 29);
		if (cmp) {
			memcpy(&have, cmp + pos, 8);
			diff |= w ^ have;
		} else {
			memcpy(out + pos, &w, 8);
		}
	}
	if (pos < len) {   /* the last word's first n bytes (little-endian) */
		uint32_t n = len - pos;
		uint64_t have = 0;

		w = k ^ (k >> 29);
		if (cmp) {
			memcpy(&have, cmp + pos, n);
			diff |= (w & (~0ull >> (64 - 8 * n))) ^ have;
		} else {
			memcpy(out + pos, &w, n);
		}
	}
	return diff;
}

void tr_frame_fill(const struct tr_frame_spec *s, uint64_t seq, uint32_t len,
		   uint8_t *out)
{
	memcpy(out, s->dst, 6);
	memcpy(out + 6, tr_source_mac, 6);
	out[12] = (uint8_t)(TR_ETHERTYPE >> 8);
	out[13] = (uint8_t)TR_ETHERTYPE;
	memcpy(out + 14, tr_magic, 4);
	put_le(out + 18, seq, 8);
	put_le(out + 26, len, 2);
	payload(s->seed, seq, len, out, NULL);
}

bool tr_frame_parse(const uint8_t *f, uint32_t len, uint64_t *seq)
{
	if (len < TR_HEADER_BYTES || f[12] != (uint8_t)(TR_ETHERTYPE >> 8) ||
	    f[13] != (uint8_t)TR_ETHERTYPE || memcmp(f + 14, tr_magic, 4) != 0 ||
	    memcmp(f + 6, tr_source_mac, 6) != 0)
		return false;
	*seq = get_le(f + 18, 8);
	return true;
}

const char *tr_frame_check(const struct tr_frame_spec *s, uint64_t seq,
			   const uint8_t *f, uint32_t len)
{
	uint8_t head[TR_HEADER_BYTES];
	uint32_t want = tr_frame_length(s, seq);

	if (len != want)
		return "wrong length";
	if (get_le(f + 26, 2) != len)
		return "length field differs";
	tr_frame_fill(s, seq, TR_HEADER_BYTES, head);   /* the header alone */
	put_le(head + 26, len, 2);
	if (memcmp(head, f, TR_HEADER_BYTES) != 0 || payload(s->seed, seq, len, NULL, f))
		return "bytes differ";
	return NULL;
}

size_t tr_slot_bytes(uint32_t max_size)
{
	size_t bytes = PLATFORM_PAGE_SIZE + TR_MAX_BACKFILL + max_size +
		       TR_MAX_MDLS * 64 + PLATFORM_PAGE_SIZE;

	return (bytes + PLATFORM_PAGE_SIZE - 1) & ~(size_t)(PLATFORM_PAGE_SIZE - 1);
}

static uint64_t rng_next(uint64_t *rng)
{
	*rng += 0x9E3779B97F4A7C15ull;
	return tr_mix(*rng);
}

/* Sorted, distinct cut points in (0, total): returns how many. */
static uint32_t choose_cuts(uint32_t total, uint32_t want, uint32_t *cuts, uint64_t *rng)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < want && total > 1; i++) {
		uint32_t c = 1 + (uint32_t)(rng_next(rng) % (total - 1)), j;

		for (j = 0; j < n && cuts[j] < c; j++)
			;
		if (j < n && cuts[j] == c)
			continue;
		for (uint32_t m = n; m > j; m--)   /* a few entries: no memmove call */
			cuts[m] = cuts[m - 1];
		cuts[j] = c;
		n++;
	}
	return n;
}

static void fill_mdl(struct tr_slot *slot, struct tr_mdl *m, uint8_t *va, uint32_t len)
{
	uintptr_t start = (uintptr_t)va & ~(uintptr_t)(PLATFORM_PAGE_SIZE - 1);
	size_t first = (start - (uintptr_t)slot->buf) / PLATFORM_PAGE_SIZE;
	uint32_t offset = (uint32_t)((uintptr_t)va - start);
	uint32_t pages = (offset + len + PLATFORM_PAGE_SIZE - 1) / PLATFORM_PAGE_SIZE;

	memset(&m->mdl, 0, sizeof(m->mdl));
	m->mdl.Size = (CSHORT)(sizeof(MDL) + sizeof(PFN_NUMBER) * pages);
	m->mdl.MdlFlags = MDL_SOURCE_IS_NONPAGED_POOL | MDL_MAPPED_TO_SYSTEM_VA;
	m->mdl.MappedSystemVa = va;
	m->mdl.StartVa = (PVOID)start;
	m->mdl.ByteOffset = offset;
	m->mdl.ByteCount = len;
	for (uint32_t i = 0; i < pages; i++)
		m->pfn[i] = (PFN_NUMBER)slot->pfns[first + i];
}

/* Page pieces of `bytes` bytes from the start of MDL m on (spec §5). */
static uint32_t count_pieces(PMDL m, uint64_t bytes)
{
	uint32_t pieces = 0;

	for (; m != NULL && bytes > 0; m = m->Next) {
		uint32_t take = m->ByteCount < bytes ? m->ByteCount : (uint32_t)bytes;

		if (take)
			pieces += (m->ByteOffset + take + PLATFORM_PAGE_SIZE - 1) /
				  PLATFORM_PAGE_SIZE - m->ByteOffset / PLATFORM_PAGE_SIZE;
		bytes -= take;
	}
	return pieces;
}

static void point_nb(PNET_BUFFER nb, PMDL chain, uint32_t backfill, uint32_t len)
{
	PMDL m = chain;
	uint32_t off = backfill;

	while (m->Next != NULL && off >= m->ByteCount) {
		off -= m->ByteCount;
		m = m->Next;
	}
	nb->Next = NULL;
	nb->MdlChain = chain;
	nb->DataOffset = backfill;
	nb->DataLength = len;
	nb->CurrentMdl = m;
	nb->CurrentMdlOffset = off;
}

uint32_t tr_layout(struct tr_slot *slot, const uint8_t *frame, uint32_t len,
		   uint32_t max_mdls, uint64_t *rng)
{
	uint32_t backfill = rng_next(rng) % 3 == 0 ? 0 :
			    (uint32_t)(rng_next(rng) % (TR_MAX_BACKFILL + 1));
	uint32_t total = backfill + len, cuts[TR_MAX_MDLS], n, pos, from = 0;
	uint32_t want = (uint32_t)(rng_next(rng) % (max_mdls ? max_mdls : 1));
	PNET_BUFFER nb = NET_BUFFER_LIST_FIRST_NB(slot->nbl);

	n = choose_cuts(total, want, cuts, rng);
	pos = (uint32_t)(rng_next(rng) % PLATFORM_PAGE_SIZE);
	for (uint32_t i = 0; i <= n; i++) {
		uint32_t to = i < n ? cuts[i] : total, piece = to - from;
		uint8_t *va;

		if (i > 0 && rng_next(rng) % 4 == 0)
			pos += (uint32_t)(rng_next(rng) % 64);   /* a gap: not adjacent */
		va = slot->buf + pos;
		if (from < backfill) {   /* backfill bytes (0xEE) never go out */
			uint32_t fill = (to < backfill ? to : backfill) - from;

			memset(va, 0xEE, fill);
			memcpy(va + fill, frame, piece - fill);
		} else {
			memcpy(va, frame + (from - backfill), piece);
		}
		fill_mdl(slot, &slot->mdls[i], va, piece);
		slot->mdls[i].mdl.Next = i < n ? &slot->mdls[i + 1].mdl : NULL;
		pos += piece;
		from = to;
	}
	point_nb(nb, &slot->mdls[0].mdl, backfill, len);
	return count_pieces(nb->CurrentMdl, (uint64_t)nb->CurrentMdlOffset + len);
}

uint32_t tr_gather(PNET_BUFFER nb, uint8_t *out, uint32_t cap)
{
	uint32_t len = nb->DataLength, off = nb->CurrentMdlOffset, done = 0;

	for (PMDL m = nb->CurrentMdl; m != NULL && done < len && done < cap; m = m->Next) {
		const uint8_t *va = MmGetSystemAddressForMdlSafe(m, NormalPagePriority);
		uint32_t avail = m->ByteCount > off ? m->ByteCount - off : 0;
		uint32_t take = avail < len - done ? avail : len - done;

		if (take > cap - done)
			take = cap - done;
		if (va != NULL && take)
			memcpy(out + done, va + off, take);
		done += take;
		off = off > m->ByteCount ? off - m->ByteCount : 0;
	}
	return done < len ? done : len;   /* a short chain reads short */
}

NDIS_HANDLE tr_nbl_pool(void)
{
	NET_BUFFER_LIST_POOL_PARAMETERS pp;

	memset(&pp, 0, sizeof(pp));
	pp.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
	pp.Header.Revision = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
	pp.Header.Size = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
	pp.fAllocateNetBuffer = TRUE;
	return NdisAllocateNetBufferListPool(NULL, &pp);
}

int tr_slot_init(struct kernel *k, NDIS_HANDLE pool, size_t bytes, struct tr_slot *s,
		 struct tr_slot **free_list)
{
	size_t pages = bytes / PLATFORM_PAGE_SIZE;

	s->buf = aligned_alloc(PLATFORM_PAGE_SIZE, bytes);
	s->pfns = calloc(pages, sizeof(uint64_t));
	if (!s->buf || !s->pfns)
		return -ENOMEM;
	memset(s->buf, 0, bytes);
	/* frames are looked up once, here, never per packet (spec §11) */
	if (platform_pfns(k->platform, s->buf, bytes, s->pfns) != 0)
		return -ENOMEM;
	s->nbl = NdisAllocateNetBufferAndNetBufferList(pool, 0, 0, NULL, 0, 0);
	if (!s->nbl)
		return -ENOMEM;
	s->nbl->ProtocolReserved[0] = s;
	s->next_free = *free_list;
	*free_list = s;
	return 0;
}

void tr_slot_fini(struct kernel *k, size_t bytes, struct tr_slot *s)
{
	if (s->in_flight)
		return;   /* the miniport still owns it: leak rather than reuse */
	if (s->nbl)
		NdisFreeNetBufferList(s->nbl);
	if (s->buf) {
		platform_forget(k->platform, s->buf, bytes);
		free(s->buf);
	}
	free(s->pfns);
}

/* The NET_BUFFER's data where it lies, when one MDL holds all of it (a
 * protocol reads an indication in place), else NULL. */
static const uint8_t *in_one_mdl(PNET_BUFFER nb)
{
	PMDL m = nb->CurrentMdl;
	const uint8_t *va;

	if (m == NULL || nb->DataLength > TR_MAX_FRAME ||
	    (uint64_t)nb->CurrentMdlOffset + nb->DataLength > m->ByteCount)
		return NULL;
	va = MmGetSystemAddressForMdlSafe(m, NormalPagePriority);
	return va ? va + nb->CurrentMdlOffset : NULL;
}

void tr_each_frame(PNET_BUFFER_LIST nbls, uint8_t *frame, bool in_place,
		   void (*fn)(void *ctx, uint8_t *frame, uint32_t len, PVOID vlan), void *ctx,
		   uint64_t *indicated, uint64_t *mismatches)
{
	for (PNET_BUFFER_LIST nbl = nbls; nbl; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl))
		for (PNET_BUFFER nb = NET_BUFFER_LIST_FIRST_NB(nbl); nb; nb = NET_BUFFER_NEXT_NB(nb)) {
			const uint8_t *here = in_place ? in_one_mdl(nb) : NULL;
			uint32_t len = nb->DataLength;

			(*indicated)++;
			if (!here) {
				len = tr_gather(nb, frame, TR_MAX_FRAME);
				if (len > TR_MAX_FRAME || len != nb->DataLength) {
					(*mismatches)++;
					continue;
				}
				here = frame;
			}
			fn(ctx, (uint8_t *)(uintptr_t)here, len,
			   NET_BUFFER_LIST_INFO(nbl, Ieee8021QNetBufferListInfo));
		}
}
