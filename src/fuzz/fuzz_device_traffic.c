/* fuzz_device_traffic.c — fuzz_device's protocol side: FZ_SLOTS frames it
 * sends (made once, reused), and the checks on what the miniport gives
 * back: every sent NBL completed exactly once; every receive indication
 * a chain of exactly NumberOfNetBufferLists distinct NBLs whose
 * NET_BUFFERs hold their DataLength in their MDL chain (read byte by
 * byte, so ASan sees a wild pointer).  A hostile device must never make
 * a miniport break either promise. */
#include "fuzz/fuzz_device.h"
#include "kernel/ksched.h"
#include "runtime/runtime.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#define RX_CHECK_MAX 1024u

static void found(struct fz_device *f, const char *fmt, unsigned long long a)
{
	kmutex_lock(f->m->k, &f->lock);
	if (!f->finding) {
		snprintf(f->why, f->why_len, fmt, a);
		f->finding = f->why;
	}
	kmutex_unlock(f->m->k, &f->lock);
}

static struct fz_slot *slot_of(struct fz_device *f, PNET_BUFFER_LIST nbl)
{
	for (unsigned i = 0; i < FZ_SLOTS; i++)
		if (f->slot[i].nbl == nbl)
			return &f->slot[i];
	return NULL;
}

static void send_complete(void *ctx, void *nbls, uint32_t flags)
{
	struct fz_device *f = ctx;
	unsigned n = 0;

	(void)flags;
	for (PNET_BUFFER_LIST nbl = nbls; nbl; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
		struct fz_slot *s = slot_of(f, nbl);

		if (++n > FZ_SLOTS) {
			found(f, "a send completion chain longer than the %llu NBLs sent (a loop)",
			      FZ_SLOTS);
			return;
		}
		kmutex_lock(f->m->k, &f->lock);
		bool was = s && s->in_flight;
		if (was)
			s->in_flight = false;
		if (f->hash)
			fz_hash(f->hash, 0x200000000ull | (uint64_t)(s ? s - f->slot : FZ_SLOTS) << 32 |
				(uint32_t)NET_BUFFER_LIST_STATUS(nbl));
		kmutex_unlock(f->m->k, &f->lock);
		if (!s)
			found(f, "NdisMSendNetBufferListsComplete with an NBL never sent (%#llx)",
			      (unsigned long long)(uintptr_t)nbl);
		else if (!was)
			found(f, "NBL of send slot %llu completed twice", (unsigned long long)(s - f->slot));
	}
}

/* The sum of n bytes, every one read (ASan checks each).  No coverage
 * instrumentation here: the loop's only branch is its own bound, the
 * same edges for every input, and libFuzzer's comparison callback on
 * that bound at each byte was ~4 % of a fuzz_device input's
 * instructions (docs/fuzzing.md, fifth round); the compare that decides
 * how many bytes (nb_readable) keeps it. */
static KSCHED_NO_COVERAGE uint8_t byte_sum(const uint8_t *p, size_t n)
{
	uint8_t sum = 0;

	for (size_t i = 0; i < n; i++)
		sum += p[i];
	return sum;
}

/* The NET_BUFFER's bytes, from CurrentMdl: false if the chain is short. */
static bool nb_readable(PNET_BUFFER nb, uint8_t *sum)
{
	uint64_t left = (uint64_t)NET_BUFFER_CURRENT_MDL_OFFSET(nb) + NET_BUFFER_DATA_LENGTH(nb);

	for (PMDL m = NET_BUFFER_CURRENT_MDL(nb); m && left; m = m->Next) {
		const uint8_t *p = MmGetSystemAddressForMdlSafe(m, NormalPagePriority);
		ULONG n = MmGetMdlByteCount(m);

		if (!p)
			return false;
		if (n > left)
			n = (ULONG)left;
		*sum += byte_sum(p, n);
		left -= n;
	}
	return left == 0;
}

static bool receive(void *ctx, void *nbls, uint32_t count, uint32_t flags)
{
	struct fz_device *f = ctx;
	PNET_BUFFER_LIST seen[RX_CHECK_MAX], nbl = nbls;
	uint32_t n = 0;
	uint8_t sum = 0;

	(void)flags;
	for (; nbl && n < RX_CHECK_MAX; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
		for (uint32_t i = 0; i < n; i++)
			if (seen[i] == nbl) {
				/* keep them: returning a looped chain never ends */
				found(f, "a receive indication repeats an NBL (position %llu): the "
				      "chain loops", n);
				return true;
			}
		for (PNET_BUFFER nb = NET_BUFFER_LIST_FIRST_NB(nbl); nb; nb = NET_BUFFER_NEXT_NB(nb))
			if (NET_BUFFER_DATA_LENGTH(nb) > 65535 + 14 || !nb_readable(nb, &sum))
				found(f, "an indicated NET_BUFFER of DataLength %llu that its MDL chain "
				      "does not hold", NET_BUFFER_DATA_LENGTH(nb));
		seen[n++] = nbl;
	}
	if (n != count)
		found(f, "NumberOfNetBufferLists does not match the chain (%llu given)", count);
	f->sink = sum;   /* the bytes were read */
	kmutex_lock(f->m->k, &f->lock);
	if (f->hash) {
		fz_hash(f->hash, 0x300000000ull | (uint64_t)n << 8 | sum);
		for (nbl = nbls; n--; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl))
			fz_hash(f->hash, NET_BUFFER_DATA_LENGTH(NET_BUFFER_LIST_FIRST_NB(nbl)));
	}
	kmutex_unlock(f->m->k, &f->lock);
	return false;
}

const struct ndisdma_traffic_ops fz_traffic_ops = { send_complete, receive };

int fz_sends_init(struct fz_device *f, char *err, size_t len)
{
	NET_BUFFER_LIST_POOL_PARAMETERS p = { .Header = { NDIS_OBJECT_TYPE_DEFAULT,
		NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1,
		NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1 },
		.fAllocateNetBuffer = TRUE, .PoolTag = 'vdzF' };

	pthread_mutex_init(&f->lock, NULL);
	if (!(f->nbl_pool = NdisAllocateNetBufferListPool(f->d->nd.handle, &p)))
		return snprintf(err, len, "cannot make the NBL pool"), -1;
	for (unsigned i = 0; i < FZ_SLOTS; i++) {
		struct fz_slot *s = &f->slot[i];

		if (!(s->buf = calloc(1, FZ_FRAME_MAX)) ||
		    !(s->mdl = NdisAllocateMdl(f->d->nd.handle, s->buf, FZ_FRAME_MAX)) ||
		    !(s->nbl = NdisAllocateNetBufferAndNetBufferList(f->nbl_pool, 0, 0, s->mdl,
								     0, FZ_FRAME_MAX)))
			return snprintf(err, len, "cannot make the send frames"), -1;
		memset(s->buf, 0xFF, 6);                       /* broadcast */
		memcpy(s->buf + 6, "\x02\x00\x00\x00\x00\xfe", 6);
		s->buf[12] = 0x08;                              /* IPv4 */
	}
	return 0;
}

void fz_sends_fini(struct fz_device *f)
{
	for (unsigned i = 0; i < FZ_SLOTS; i++) {
		struct fz_slot *s = &f->slot[i];

		if (s->nbl)
			NdisFreeNetBufferList(s->nbl);
		if (s->mdl)
			NdisFreeMdl(s->mdl);
		free(s->buf);
	}
	if (f->nbl_pool)
		NdisFreeNetBufferListPool(f->nbl_pool);
	pthread_mutex_destroy(&f->lock);
}

/* Up to `want` free send slots taken (f->lock held), their NBLs set to
 * `size` bytes and chained: the head, NULL when every slot is in flight.
 * No coverage instrumentation: the scan's compares are on slot states,
 * the same kind for every input, and with the 32 slots busy they were
 * about 100 comparison callbacks per send; fz_send's own test of the
 * result keeps its edge. */
static KSCHED_NO_COVERAGE PNET_BUFFER_LIST claim_slots(struct fz_device *f, unsigned want,
							ULONG size)
{
	PNET_BUFFER_LIST head = NULL, tail = NULL;

	for (unsigned i = 0; i < FZ_SLOTS && want; i++) {
		struct fz_slot *s = &f->slot[i];

		if (s->in_flight)
			continue;
		s->in_flight = true;
		want--;
		NET_BUFFER_DATA_LENGTH(NET_BUFFER_LIST_FIRST_NB(s->nbl)) = size;
		NET_BUFFER_LIST_NEXT_NBL(s->nbl) = NULL;
		NET_BUFFER_LIST_STATUS(s->nbl) = NDIS_STATUS_SUCCESS;
		if (tail)
			NET_BUFFER_LIST_NEXT_NBL(tail) = s->nbl;
		else
			head = s->nbl;
		tail = s->nbl;
	}
	return head;
}

void fz_send(struct fz_device *f, struct fz_input *in)
{
	unsigned count = 1 + fz_u8(in) % 4;
	ULONG size = 14 + fz_u16(in) % (FZ_FRAME_MAX - 14 + 1);
	PNET_BUFFER_LIST head;

	kmutex_lock(f->m->k, &f->lock);
	head = claim_slots(f, count, size);
	kmutex_unlock(f->m->k, &f->lock);
	kernel_trace(f->m->k, "fuzz: send %u frame(s) of %u bytes%s", count,
		     (unsigned)size, head ? "" : ": every send slot is in flight, none sent");
	if (head && ndisdma_adapter_send(f->a, head)) {
		/* not running: these NBLs stayed ours */
		kmutex_lock(f->m->k, &f->lock);
		for (PNET_BUFFER_LIST nbl = head; nbl; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl))
			slot_of(f, nbl)->in_flight = false;
		kmutex_unlock(f->m->k, &f->lock);
	}
}

const char *fz_sends_all_completed(struct fz_device *f, char *why, size_t len)
{
	unsigned n = 0;

	kmutex_lock(f->m->k, &f->lock);
	for (unsigned i = 0; i < FZ_SLOTS; i++)
		n += f->slot[i].in_flight;
	kmutex_unlock(f->m->k, &f->lock);
	if (!n)
		return NULL;
	return snprintf(why, len, "%u sent NBLs never completed, the adapter paused", n), why;
}

void fz_sends_reset(struct fz_device *f)
{
	kmutex_lock(f->m->k, &f->lock);
	for (unsigned i = 0; i < FZ_SLOTS; i++)
		f->slot[i].in_flight = false;
	kmutex_unlock(f->m->k, &f->lock);
}
