/* traffic_hub.c — ndisdma_hub_run: the protocol above a miniport that
 * moves frames between its own adapters (docs/run.md "Hub traffic").
 *
 * Test frame seq is sent on adapter (start + seq) mod n (round robin from
 * a seeded start) to another adapter's MAC, drawn from the seed, or, with
 * probability 1/8, to the broadcast address.  Its bytes are a traffic.h
 * test frame (destination the chosen MAC, source the sender's MAC), laid
 * out in a random MDL chain (tr_layout) with 802.1Q NBL info on every
 * fourth.  It must be indicated exactly once on each adapter that should
 * receive it (the destination; every adapter but the sender for a
 * broadcast), intact, and on no other.
 *
 * Threads: the caller's thread sends; completions and receive indications
 * arrive on the machine's DPC thread (or inline in a send); everything
 * shared is under h->lock.
 */
#include "runtime/traffic.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kernel/ksched.h"
#include "kernel/ktime.h"
#include "platform/platform.h"

#define HUB_IDLE_NS (3ull * 1000000000ull)    /* nothing new: the rest is lost */
#define HUB_STALL_NS (10ull * 1000000000ull)  /* no completion: give up */
#define HUB_BROADCAST 0xFFu

struct hub_seq {
	uint8_t from, to;              /* adapter indexes; to HUB_BROADCAST */
	uint8_t expect, got;           /* bit i: adapter i should get / got it */
	bool sent_ok;                  /* completed with NDIS_STATUS_SUCCESS */
	uint8_t excused;               /* bit i: a loss on adapter i is put down to a fault */
};

struct hub;
struct hub_port {                   /* the receive context of one adapter */
	struct hub *h;
	unsigned index;
};

struct hub {
	uint8_t recv_frame[TR_MAX_FRAME];   /* under lock: the frame being checked */
	struct ndisdma_adapter *a[NDISDMA_HUB_MAX_ADAPTERS];
	struct hub_port port[NDISDMA_HUB_MAX_ADAPTERS];
	uint8_t mac[NDISDMA_HUB_MAX_ADAPTERS][6];
	unsigned n;
	struct kernel *k;
	struct ndisdma_traffic_config c;
	struct tr_frame_spec spec;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct tr_slot *slots, *free;
	size_t slot_bytes;
	NDIS_HANDLE pool;
	struct hub_seq *seqs;
	struct tr_awaited awaited[NDISDMA_HUB_MAX_ADAPTERS];   /* under lock */
	uint64_t batch_top;            /* under lock: the latest test frame of an indication */
	bool batch_any;
	uint64_t next_seq, rng;
	unsigned start;
	uint64_t last_progress_ns;
	uint64_t real_start;           /* host time the run began */
	struct ndisdma_hub_result r;   /* under lock */
};

/* The machine's clock: virtual under the seeded scheduler, so the run's
 * pacing (stall and idle limits, progress) replays from the seed. */
static uint64_t now_ns(void)
{
	return ktime_mono_ns();
}

/* Host time, for the seconds (and frames/s) a run reports. */
static uint64_t real_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static uint64_t rng_next(uint64_t *rng)
{
	*rng += 0x9E3779B97F4A7C15ull;
	return tr_mix(*rng);
}

/* The bytes test frame seq must have. */
static uint32_t hub_frame(const struct hub *h, uint64_t seq, uint8_t *out)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	const struct hub_seq *q = &h->seqs[seq];
	struct tr_frame_spec s = h->spec;
	uint32_t len = tr_frame_length(&s, seq);

	memcpy(s.dst, q->to == HUB_BROADCAST ? bcast : h->mac[q->to], 6);
	tr_frame_fill(&s, seq, len, out);
	memcpy(out + 6, h->mac[q->from], 6);
	return len;
}

/* ---- deliveries lost to injected faults (traffic_awaited.c) -------------- */

struct hub_port_seq {
	struct hub *h;
	unsigned i;
};

static bool hub_seen(void *ctx, uint64_t seq)
{
	const struct hub_port_seq *p = ctx;

	return (p->h->seqs[seq].got >> p->i) & 1;
}

static void hub_excuse(void *ctx, uint64_t seq)
{
	const struct hub_port_seq *p = ctx;

	p->h->seqs[seq].excused |= (uint8_t)(1u << p->i);
}

/* Under lock: adapter i indicated test frames sent up to `later`. */
static void hub_awaited_close(struct hub *h, unsigned i, uint64_t later)
{
	struct hub_port_seq p = { h, i };

	tr_awaited_close(&h->awaited[i], later, tr_faults_now(h->k), hub_seen, hub_excuse, &p);
}

/* ---- callbacks (DPC thread or inline) ------------------------------------- */

static void on_send_complete(void *ctx, void *nbls, uint32_t flags)
{
	struct hub_port *p = ctx;
	struct hub *h = p->h;

	(void)flags;
	pthread_mutex_lock(&h->lock);
	for (PNET_BUFFER_LIST nbl = nbls; nbl; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
		struct tr_slot *s = nbl->ProtocolReserved[0];
		struct ndisdma_hub_adapter_result *pr = &h->r.per[p->index];

		if (!s || !s->in_flight) {
			h->r.double_completions++;
			continue;
		}
		s->in_flight = false;
		h->r.in_flight--;
		h->r.send_completed++;
		pr->completed++;
		if (NET_BUFFER_LIST_STATUS(nbl) == NDIS_STATUS_SUCCESS) {
			struct hub_seq *q = &h->seqs[s->seq];

			q->sent_ok = true;
			for (unsigned i = 0; i < h->n; i++) {
				h->r.per[i].expected += (q->expect >> i) & 1;
				if ((q->expect >> i) & 1 && !((q->got >> i) & 1))
					tr_awaited_add(&h->awaited[i], s->seq, s->faults_at_send);
			}
		} else {
			h->r.send_failed++;
			h->r.send_failed_injected += tr_fault_since(h->k, s->faults_at_send);
			pr->send_failed++;
		}
		s->next_free = h->free;
		h->free = s;
	}
	h->last_progress_ns = now_ns();
	kcond_broadcast(&h->cond);
	pthread_mutex_unlock(&h->lock);
}

/* One indicated frame on adapter i (under lock). */
static void on_frame(struct hub *h, unsigned i, uint8_t *f, uint32_t len, PVOID vlan)
{
	static __thread uint8_t expect[TR_MAX_FRAME];
	struct ndisdma_hub_adapter_result *pr = &h->r.per[i];
	struct hub_seq *q;
	uint8_t src[6];
	uint64_t seq = 0;
	bool test;

	/* a test frame but for its source, the sender's MAC (checked below) */
	test = len >= TR_HEADER_BYTES;
	if (test) {
		memcpy(src, f + 6, 6);
		memcpy(f + 6, tr_source_mac, 6);
		test = tr_frame_parse(f, len, &seq);
		memcpy(f + 6, src, 6);
	}
	if (!test || seq >= h->next_seq) {
		pr->other++;
		return;
	}
	q = &h->seqs[seq];
	if (len != hub_frame(h, seq, expect) || memcmp(expect, f, len) != 0) {
		pr->mismatches++;
		return;
	}
	if (!h->batch_any || seq > h->batch_top)
		h->batch_top = seq;
	h->batch_any = true;
	if (!((q->expect >> i) & 1)) {
		pr->misdelivered++;    /* this adapter should not have got it */
		return;
	}
	if ((q->got >> i) & 1) {
		pr->duplicates++;
		return;
	}
	q->got |= (uint8_t)(1u << i);
	if (vlan != NULL) {   /* a miniport that carries 802.1Q info across */
		h->r.vlan_received++;
		h->r.vlan_mismatches += vlan != tr_vlan_info(seq);
	}
	pr->received++;
	pr->bytes_received += len;
}

static void frame_seen(void *ctx, uint8_t *f, uint32_t len, PVOID vlan)
{
	struct hub_port *p = ctx;

	on_frame(p->h, p->index, f, len, vlan);
}

static bool on_receive(void *ctx, void *nbls, uint32_t count, uint32_t flags)
{
	struct hub_port *p = ctx;
	struct hub *h = p->h;

	(void)count;
	(void)flags;
	pthread_mutex_lock(&h->lock);
	h->batch_any = false;
	tr_each_frame(nbls, h->recv_frame, false, frame_seen, p, &h->r.per[p->index].indicated,
		      &h->r.per[p->index].mismatches);
	if (h->batch_any)
		hub_awaited_close(h, p->index, h->batch_top);
	h->last_progress_ns = now_ns();
	kcond_broadcast(&h->cond);
	pthread_mutex_unlock(&h->lock);
	return false;   /* the runtime returns them at once */
}

/* ---- set-up and tear-down ------------------------------------------------------ */

static int hub_init(struct hub *h, char *err, size_t errlen)
{
	bool awaited = true;

	h->pool = tr_nbl_pool();
	h->slots = calloc(h->c.window, sizeof(*h->slots));
	h->seqs = calloc(h->c.frames ? h->c.frames : 1, sizeof(*h->seqs));
	for (unsigned i = 0; i < h->n; i++)
		awaited &= tr_awaited_init(&h->awaited[i]) == 0;
	if (!h->pool || !h->slots || !h->seqs || !awaited) {
		rt_error(err, errlen, "hub traffic: out of memory");
		return -ENOMEM;
	}
	for (uint32_t i = 0; i < h->c.window; i++)
		if (tr_slot_init(h->k, h->pool, h->slot_bytes, &h->slots[i], &h->free) != 0) {
			rt_error(err, errlen, "hub traffic: cannot set up slot %u", i);
			return -ENOMEM;
		}
	return 0;
}

static void hub_fini(struct hub *h)
{
	bool leaked = h->r.in_flight != 0;

	for (uint32_t i = 0; h->slots && i < h->c.window; i++)
		tr_slot_fini(h->k, h->slot_bytes, &h->slots[i]);
	if (h->pool && !leaked)
		NdisFreeNetBufferListPool(h->pool);
	if (!leaked)
		free(h->slots);
	free(h->seqs);
	for (unsigned i = 0; i < h->n; i++)
		tr_awaited_fini(&h->awaited[i]);
}

/* ---- the send loop ----------------------------------------------------------------- */

/* Under lock: a free slot holding the next test frame, or NULL. */
static struct tr_slot *next_frame(struct hub *h, unsigned *from)
{
	static __thread uint8_t frame[TR_MAX_FRAME];
	struct tr_slot *s = h->free;
	struct hub_seq *q;
	uint64_t pick;

	if (!s || h->next_seq >= h->c.frames)
		return NULL;
	h->free = s->next_free;
	s->seq = h->next_seq++;
	q = &h->seqs[s->seq];
	q->from = (uint8_t)((h->start + s->seq) % h->n);
	pick = rng_next(&h->rng);
	if (pick % 8 == 0) {
		q->to = HUB_BROADCAST;
		q->expect = (uint8_t)(((1u << h->n) - 1) & ~(1u << q->from));
		h->r.broadcasts++;
	} else {   /* one of the n - 1 others */
		q->to = (uint8_t)((q->from + 1 + (pick >> 8) % (h->n - 1)) % h->n);
		q->expect = (uint8_t)(1u << q->to);
	}
	s->len = hub_frame(h, s->seq, frame);
	s->test_frame = true;
	NET_BUFFER_LIST_INFO(s->nbl, Ieee8021QNetBufferListInfo) = tr_vlan_info(s->seq);
	h->r.vlan_sent += tr_vlan_info(s->seq) != NULL;
	tr_layout(s, frame, s->len, h->c.max_mdls, &h->rng);
	s->in_flight = true;
	s->faults_at_send = tr_faults_now(h->k);
	h->r.frames_sent++;
	h->r.per[q->from].sent++;
	h->r.in_flight++;
	*from = q->from;
	return s;
}

static uint64_t deliveries_missing(const struct hub *h)
{
	uint64_t want = 0, got = 0;

	for (unsigned i = 0; i < h->n; i++) {
		want += h->r.per[i].expected;
		got += h->r.per[i].received;
	}
	return want > got ? want - got : 0;
}

/* Waits a little for completions/receives; false when nothing more comes. */
static bool wait_for_work(struct hub *h)
{
	uint64_t idle;

	kcond_wait(&h->cond, &h->lock, now_ns() + 10 * 1000000ull);
	idle = now_ns() - h->last_progress_ns;
	if (h->r.in_flight > 0)
		return idle <= HUB_STALL_NS;
	return idle <= HUB_IDLE_NS;
}

static int send_loop(struct hub *h, char *err, size_t errlen)
{
	for (;;) {
		struct tr_slot *s;
		unsigned from = 0;

		pthread_mutex_lock(&h->lock);
		s = next_frame(h, &from);
		if (!s) {
			bool more = h->next_seq < h->c.frames || h->r.in_flight ||
				    deliveries_missing(h);

			if (!more || !wait_for_work(h)) {
				pthread_mutex_unlock(&h->lock);
				return 0;
			}
		}
		pthread_mutex_unlock(&h->lock);
		if (s) {
			NET_BUFFER_LIST_NEXT_NBL(s->nbl) = NULL;
			if (ndisdma_adapter_send(h->a[from], s->nbl) != 0) {
				pthread_mutex_lock(&h->lock);
				s->in_flight = false;
				h->r.in_flight--;
				pthread_mutex_unlock(&h->lock);
				rt_error(err, errlen, "hub traffic: adapter %u stopped running", from);
				return -EIO;
			}
		}
	}
}

/* ---- the run ------------------------------------------------------------------------- */

static int hub_configure(struct hub *h, struct ndisdma_adapter *const *a, unsigned n,
			 const struct ndisdma_traffic_config *c, char *err, size_t errlen)
{
	struct ndisdma_adapter_stats st;

	if (n < 2 || n > NDISDMA_HUB_MAX_ADAPTERS) {
		rt_error(err, errlen, "hub traffic: 2 to %u adapters, not %u",
			 NDISDMA_HUB_MAX_ADAPTERS, n);
		return -EINVAL;
	}
	h->c = *c;
	if (!h->c.window)
		h->c.window = 64;
	if (!h->c.max_mdls || h->c.max_mdls > TR_MAX_MDLS)
		h->c.max_mdls = h->c.max_mdls ? TR_MAX_MDLS : 8;
	if (h->c.min_size < 60 || h->c.max_size < h->c.min_size || h->c.max_size > TR_MAX_FRAME) {
		rt_error(err, errlen, "hub traffic: frame sizes %u-%u (need 60 <= min <= max <= %u)",
			 h->c.min_size, h->c.max_size, TR_MAX_FRAME);
		return -EINVAL;
	}
	h->n = n;
	h->k = a[0]->m->k;
	for (unsigned i = 0; i < n; i++) {
		h->a[i] = a[i];
		h->port[i] = (struct hub_port){ h, i };
		ndisdma_adapter_stats(a[i], &st);
		memcpy(h->mac[i], st.mac, 6);
		memcpy(h->r.per[i].mac, st.mac, 6);
	}
	h->r.adapters = n;
	h->spec.seed = c->seed;
	h->spec.min_size = h->c.min_size;
	h->spec.max_size = h->c.max_size;
	h->slot_bytes = tr_slot_bytes(h->c.max_size);
	h->rng = tr_mix(c->seed ^ 0x4855425452414646ull);
	h->start = (unsigned)(rng_next(&h->rng) % n);
	return 0;
}

/* Under lock: deliveries due on adapter i, never made there, excused. */
static uint64_t lost_injected(const struct hub *h, unsigned i)
{
	uint64_t n = 0;

	for (uint64_t seq = 0; seq < h->next_seq; seq++) {
		const struct hub_seq *q = &h->seqs[seq];

		n += q->sent_ok && ((q->excused & ~q->got) >> i) & 1;
	}
	return n;
}

static void finish_result(struct hub *h, uint64_t start, struct ndisdma_hub_result *r)
{
	pthread_mutex_lock(&h->lock);
	h->r.lost_completions = h->r.in_flight;
	for (unsigned i = 0; i < h->n; i++) {
		struct ndisdma_hub_adapter_result *pr = &h->r.per[i];

		pr->lost = pr->expected > pr->received ? pr->expected - pr->received : 0;
		hub_awaited_close(h, i, UINT64_MAX);   /* the run's end closes the windows */
		pr->lost_injected = lost_injected(h, i);
		h->r.lost_injected += pr->lost_injected;
		h->r.received += pr->received;
		h->r.expected += pr->expected;
		h->r.lost += pr->lost;
		h->r.duplicates += pr->duplicates;
		h->r.misdelivered += pr->misdelivered;
		h->r.mismatches += pr->mismatches;
		h->r.other += pr->other;
	}
	*r = h->r;
	pthread_mutex_unlock(&h->lock);
	r->seconds = (double)(real_ns() - h->real_start) / 1e9;
}

bool ndisdma_hub_failed(const struct ndisdma_hub_result *r)
{
	return r->lost > r->lost_injected || r->duplicates || r->misdelivered || r->mismatches ||
	       r->send_failed > r->send_failed_injected || r->lost_completions || r->double_completions || r->vlan_mismatches;
}

int ndisdma_hub_run(struct ndisdma_adapter *const *a, unsigned n,
		    const struct ndisdma_traffic_config *c, struct ndisdma_hub_result *r,
		    char *err, size_t errlen)
{
	static const struct ndisdma_traffic_ops ops = {
		.send_complete = on_send_complete,
		.receive = on_receive,
	};
	struct hub *h = calloc(1, sizeof(*h));
	struct rt_call call;
	uint64_t start;
	int rc;

	memset(r, 0, sizeof(*r));
	if (!h) {
		rt_error(err, errlen, "hub traffic: out of memory");
		return -ENOMEM;
	}
	pthread_mutex_init(&h->lock, NULL);
	kwait_cond_init(&h->cond);
	rc = hub_configure(h, a, n, c, err, errlen);
	if (rc == 0)
		rt_enter(h->k, &call);
	if (rc == 0 && (rc = hub_init(h, err, errlen)) == 0) {
		for (unsigned i = 0; i < n; i++)
			ndisdma_adapter_set_traffic(a[i], &ops, &h->port[i]);
		start = h->last_progress_ns = now_ns();
		h->real_start = real_ns();
		rc = send_loop(h, err, errlen);
		finish_result(h, start, r);
	}
	if (h->k) {
		for (unsigned i = 0; i < n; i++)
			ndisdma_adapter_set_traffic(a[i], NULL, NULL);
		hub_fini(h);
		rt_leave(&call, "hub traffic harness");
	}
	pthread_cond_destroy(&h->cond);
	pthread_mutex_destroy(&h->lock);
	if (r->in_flight == 0)
		free(h);   /* else completions may still name it: leak, reported */
	return rc;
}
