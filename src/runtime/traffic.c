/* traffic.c — ndisdma_traffic_run: the protocol above a miniport
 * (traffic.h).  A window of slots, each with its own buffer, MDLs and one
 * NBL from an NBL pool; the run lays frames out in them, sends them in
 * batches, takes them back at send completion, and checks every received
 * frame against its sequence number.  ARP / ICMP echo requests for the
 * responder address are answered through the same slots.
 *
 * Test frames carry 802.1Q NBL info (tr_vlan_info); a received test frame
 * whose NBL carries 802.1Q info must carry the one its sequence number got.
 * With reset_every the caller's thread resets the adapter after every N
 * test frames; in-flight NBLs are not taken back: the miniport
 * completes them, and the accounting below must come out whole.
 * With pause_every it pauses and restarts the adapter the same way, and
 * with halt_in_flight pauses it once the last frame is handed over (the
 * caller halts it): the miniport must complete every send before its pause
 * completes; a test frame not back by then may have been dropped by the
 * pausing miniport and counts as dropped_at_pause, not lost.
 *
 * Threads: the caller's thread builds and sends; completions and receive
 * indications arrive on the machine's DPC thread (or inline in a send).
 * Everything shared between them is under t->lock.
 */
#include "runtime/traffic.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kernel/ksched.h"
#include "kernel/ktime.h"
#include "platform/platform.h"

#define TR_REPLY_RING 256u
#define TR_STALL_NS (10ull * 1000000000ull)   /* no completion: give up */
#define TR_ECHO_WAIT_NS (3ull * 1000000000ull) /* loopback stragglers */

struct tr_reply {
	uint16_t len;
	uint8_t data[1514];
};

struct traffic {
	struct ndisdma_adapter *a;
	struct kernel *k;
	struct ndisdma_traffic_config c;
	struct tr_frame_spec spec;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct tr_slot *slots;
	uint32_t nslots;
	struct tr_slot *free;
	size_t slot_bytes;
	NDIS_HANDLE pool;
	uint8_t *seen;                 /* bitmap: test frame received */
	uint8_t *failed;               /* bitmap: test frame's send failed */
	uint8_t *excused;              /* bitmap: not back when a pause completed */
	uint8_t *fault_excused;        /* bitmap: owed across an injected fault */
	struct tr_awaited awaited;     /* expect_echo: frames owed (traffic_awaited.c) */
	uint64_t batch_top;            /* the latest test frame of an indication */
	bool batch_any;
	uint64_t excused_pending;      /* excused and not seen (yet) */
	uint64_t excuse_from;          /* seqs below were looked at by a pause */
	uint64_t next_pause;           /* next_seq that triggers a pause (0: none) */
	uint64_t next_seq;             /* test frames started */
	uint64_t test_failed;          /* test frames completed with an error */
	uint64_t rng;
	uint64_t last_progress_ns;     /* completion or receive */
	uint64_t real_start;           /* host time the run began */
	bool responder;
	uint8_t ip[4];
	struct tr_reply *replies;      /* ring, under lock */
	uint32_t reply_head, reply_count;
	uint64_t reply_dropped;
	bool stopping;                 /* no new frames; drain what is in flight */
	uint64_t next_reset;           /* next_seq that triggers a reset (0: none) */
	/* reset_every: sends stalled, so a reset is due now, as NDIS resets a
	 * miniport whose sends stop completing; once per stall (the
	 * last_progress_ns it was made for) */
	bool stall_reset;
	uint64_t stall_reset_for;
	struct ndisdma_traffic_result r;   /* under lock */
	uint8_t send_frame[TR_MAX_FRAME];  /* under lock: the frame being laid out */
	uint8_t recv_frame[TR_MAX_FRAME];  /* under lock: the frame being checked */
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

static bool bit_get(const uint8_t *map, uint64_t i)
{
	return (map[i >> 3] >> (i & 7)) & 1;
}

static bool bit_test_set(uint8_t *map, uint64_t i)
{
	bool was = (map[i >> 3] >> (i & 7)) & 1;

	map[i >> 3] |= (uint8_t)(1u << (i & 7));
	return was;
}

/* ---- callbacks (DPC thread or inline) ------------------------------------- */

static void on_send_complete(void *ctx, void *nbls, uint32_t flags)
{
	struct traffic *t = ctx;
	PNET_BUFFER_LIST nbl = nbls, next;

	(void)flags;
	pthread_mutex_lock(&t->lock);
	for (; nbl; nbl = next) {
		struct tr_slot *s = nbl->ProtocolReserved[0];

		next = NET_BUFFER_LIST_NEXT_NBL(nbl);
		if (!s || !s->in_flight) {
			t->r.double_completions++;
			continue;
		}
		s->in_flight = false;
		t->r.send_completed++;
		t->r.in_flight--;
		if (NET_BUFFER_LIST_STATUS(nbl) != NDIS_STATUS_SUCCESS) {
			t->r.send_failed++;
			t->r.send_failed_injected += tr_fault_since(t->k, s->faults_at_send);
			t->test_failed += s->test_frame;
			if (s->test_frame)
				bit_test_set(t->failed, s->seq);
		} else {
			t->r.out_pkts[s->cls]++;
			t->r.out_bytes[s->cls] += s->len;
			if (s->test_frame && t->c.expect_echo && !bit_get(t->seen, s->seq))
				tr_awaited_add(&t->awaited, s->seq, s->faults_at_send);
		}
		s->next_free = t->free;
		t->free = s;
	}
	t->last_progress_ns = now_ns();
	kcond_broadcast(&t->cond);
	pthread_mutex_unlock(&t->lock);
}

/* A frame that is not a test frame: maybe a request to answer. */
static void on_other_frame(struct traffic *t, const uint8_t *f, uint32_t len)
{
	struct tr_reply *slot;
	int kind = 0;

	if (t->responder && t->reply_count < TR_REPLY_RING) {
		slot = &t->replies[(t->reply_head + t->reply_count) % TR_REPLY_RING];
		slot->len = (uint16_t)responder_answer(t->ip, t->spec.dst, f, len, slot->data,
						       sizeof(slot->data), &kind);
		if (kind != 0) {
			t->reply_count++;
			t->r.arp_replies += kind == 1;
			t->r.icmp_replies += kind == 2;
			return;
		}
	} else if (t->responder) {
		t->reply_dropped++;
	}
	t->r.other_frames++;
}

static void on_frame(struct traffic *t, const uint8_t *f, uint32_t len, PVOID vlan)
{
	uint64_t seq;

	if (len >= 14) {
		uint8_t cls = tr_class(f);

		t->r.in_pkts[cls]++;
		t->r.in_bytes[cls] += len;
	}
	if (!tr_frame_parse(f, len, &seq)) {
		on_other_frame(t, f, len);
		return;
	}
	if (seq >= t->c.frames || tr_frame_check(&t->spec, seq, f, len) != NULL) {
		t->r.mismatches++;
		return;
	}
	if (!t->batch_any || seq > t->batch_top)
		t->batch_top = seq;
	t->batch_any = true;
	if (vlan != NULL) {   /* a miniport that carries 802.1Q info across */
		t->r.vlan_received++;
		t->r.vlan_mismatches += vlan != tr_vlan_info(seq);
	}
	if (bit_test_set(t->seen, seq)) {
		t->r.duplicates++;
		return;
	}
	if ((t->excused[seq >> 3] >> (seq & 7)) & 1)
		t->excused_pending--;   /* came back after the pause after all */
	t->r.frames_received++;
	t->r.bytes_received += len;
}

/* ---- frames lost to injected faults (traffic_awaited.c) -------------------- */

static bool awaited_seen(void *ctx, uint64_t seq)
{
	const struct traffic *t = ctx;

	return bit_get(t->seen, seq);
}

static void awaited_excuse(void *ctx, uint64_t seq)
{
	struct traffic *t = ctx;

	bit_test_set(t->fault_excused, seq);
}

/* Under lock: test frames sent up to `later` came back (UINT64_MAX: the
 * run ended). */
static void awaited_close(struct traffic *t, uint64_t later)
{
	tr_awaited_close(&t->awaited, later, tr_faults_now(t->k), awaited_seen, awaited_excuse, t);
}

static void frame_seen(void *ctx, uint8_t *f, uint32_t len, PVOID vlan)
{
	on_frame(ctx, f, len, vlan);
}

static bool on_receive(void *ctx, void *nbls, uint32_t count, uint32_t flags)
{
	struct traffic *t = ctx;

	(void)count;
	(void)flags;
	pthread_mutex_lock(&t->lock);
	t->batch_any = false;
	tr_each_frame(nbls, t->recv_frame, true, frame_seen, t, &t->r.frames_indicated,
		      &t->r.mismatches);
	if (t->batch_any)
		awaited_close(t, t->batch_top);
	t->last_progress_ns = now_ns();
	kcond_broadcast(&t->cond);
	pthread_mutex_unlock(&t->lock);
	return false;   /* the runtime returns them at once */
}

/* ---- set-up and tear-down ------------------------------------------------------ */

static int traffic_init(struct traffic *t, char *err, size_t errlen)
{
	t->pool = tr_nbl_pool();
	t->slots = calloc(t->nslots, sizeof(*t->slots));
	t->seen = calloc(t->c.frames / 8 + 1, 1);
	t->failed = calloc(t->c.frames / 8 + 1, 1);
	t->excused = calloc(t->c.frames / 8 + 1, 1);
	t->fault_excused = calloc(t->c.frames / 8 + 1, 1);
	if (t->responder)
		t->replies = calloc(TR_REPLY_RING, sizeof(*t->replies));
	if (!t->pool || !t->slots || !t->seen || !t->failed || !t->excused ||
	    !t->fault_excused || tr_awaited_init(&t->awaited) != 0 ||
	    (t->responder && !t->replies)) {
		rt_error(err, errlen, "traffic: out of memory");
		return -ENOMEM;
	}
	for (uint32_t i = 0; i < t->nslots; i++)
		if (tr_slot_init(t->k, t->pool, t->slot_bytes, &t->slots[i], &t->free) != 0) {
			rt_error(err, errlen, "traffic: cannot set up slot %u", i);
			return -ENOMEM;
		}
	return 0;
}

static void traffic_fini(struct traffic *t)
{
	bool leaked = t->r.in_flight != 0;

	for (uint32_t i = 0; t->slots && i < t->nslots; i++)
		tr_slot_fini(t->k, t->slot_bytes, &t->slots[i]);
	if (t->pool && !leaked)
		NdisFreeNetBufferListPool(t->pool);
	if (!leaked)
		free(t->slots);
	free(t->seen);
	free(t->failed);
	free(t->excused);
	free(t->fault_excused);
	tr_awaited_fini(&t->awaited);
	free(t->replies);
}

/* ---- the send loop ----------------------------------------------------------------- */

/* Under lock: a free slot filled with the next reply or test frame, or
 * NULL when there is nothing to send or no slot. */
static struct tr_slot *next_frame(struct traffic *t)
{
	uint8_t *frame = t->send_frame;
	struct tr_slot *s = t->free;
	uint32_t len;

	if (!s || t->stopping)
		return NULL;
	if (t->reply_count) {
		struct tr_reply *rep = &t->replies[t->reply_head];

		len = rep->len;
		memcpy(frame, rep->data, len);
		t->reply_head = (t->reply_head + 1) % TR_REPLY_RING;
		t->reply_count--;
		s->test_frame = false;
	} else if (t->next_seq < t->c.frames) {
		s->seq = t->next_seq++;
		len = tr_frame_length(&t->spec, s->seq);
		tr_frame_fill(&t->spec, s->seq, len, frame);
		s->test_frame = true;
	} else {
		return NULL;
	}
	t->free = s->next_free;
	s->len = len;
	s->cls = tr_class(frame);
	NET_BUFFER_LIST_INFO(s->nbl, Ieee8021QNetBufferListInfo) =
		s->test_frame ? tr_vlan_info(s->seq) : NULL;
	t->r.vlan_sent += NET_BUFFER_LIST_INFO(s->nbl, Ieee8021QNetBufferListInfo) != NULL;
	t->r.pieces += tr_layout(s, frame, len, t->c.max_mdls, &t->rng);
	s->in_flight = true;
	s->faults_at_send = tr_faults_now(t->k);
	t->r.frames_sent++;
	t->r.bytes_sent += len;
	t->r.in_flight++;
	return s;
}

static bool echo_outstanding(struct traffic *t)
{
	return t->c.expect_echo &&
	       t->r.frames_received + t->excused_pending < t->next_seq - t->test_failed;
}

static bool all_done(struct traffic *t, uint64_t start)
{
	if ((t->c.stop && *t->c.stop) ||
	    (t->c.frames == 0 && t->c.duration_s > 0 &&
	     real_ns() - t->real_start >= (uint64_t)(t->c.duration_s * 1e9)) ||
	    (t->c.frames == 0 && t->c.duration_s <= 0 && t->c.stop == NULL))
		t->stopping = true;
	if (t->stopping)
		return t->r.in_flight == 0;   /* every NBL back before we return */
	return t->c.frames > 0 && t->next_seq >= t->c.frames && t->r.in_flight == 0 &&
	       t->reply_count == 0 && !echo_outstanding(t);
}

static void progress(struct traffic *t, uint64_t start, uint64_t *next)
{
	struct ndisdma_traffic_result snap;
	uint64_t now = now_ns();

	if (!t->c.progress || now < *next)
		return;
	*next = now + (uint64_t)t->c.progress_ms * 1000000ull;
	pthread_mutex_lock(&t->lock);
	snap = t->r;
	pthread_mutex_unlock(&t->lock);
	ndisdma_adapter_dma_traffic(t->a, &snap.dma);
	snap.seconds = (double)(real_ns() - t->real_start) / 1e9;
	t->c.progress(t->c.progress_ctx, &snap);
}

/* Waits a little for completions/receives; false when the run is stuck. */
static bool wait_for_work(struct traffic *t)
{
	uint64_t idle;

	kcond_wait(&t->cond, &t->lock, now_ns() + 10 * 1000000ull);
	idle = now_ns() - t->last_progress_ns;
	if (t->c.reset_every && t->r.in_flight > 0 && idle > TR_STALL_NS / 2 &&
	    t->stall_reset_for != t->last_progress_ns) {
		t->stall_reset = true;
		t->stall_reset_for = t->last_progress_ns;
		return true;
	}
	if (t->r.in_flight > 0 && idle > TR_STALL_NS)
		return false;   /* completions stopped coming */
	if (t->r.in_flight == 0 && echo_outstanding(t) && idle > TR_ECHO_WAIT_NS &&
	    t->next_seq >= t->c.frames)
		return false;   /* the rest never came back */
	return true;
}

/* The miniport refused a batch (adapter no longer running): the NBLs
 * never reached it, so they are ours again. */
static void take_back(struct traffic *t, PNET_BUFFER_LIST chain)
{
	pthread_mutex_lock(&t->lock);
	for (PNET_BUFFER_LIST nbl = chain; nbl; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
		struct tr_slot *s = nbl->ProtocolReserved[0];

		s->in_flight = false;
		t->r.in_flight--;
		t->r.frames_sent--;
		t->r.bytes_sent -= NET_BUFFER_LIST_FIRST_NB(nbl)->DataLength;
		t->next_seq -= s->test_frame;
		s->next_free = t->free;
		t->free = s;
	}
	t->stopping = true;
	pthread_mutex_unlock(&t->lock);
}

/* reset_every: a reset once N more test frames went to the miniport, or
 * when its sends stalled (wait_for_work).
 * 0; or -ENOTSUP (no MiniportResetEx) / -EIO (the reset failed) with a
 * reason, and the run drains what is in flight and ends. */
static int maybe_reset(struct traffic *t, char *err, size_t errlen)
{
	struct ndisdma_reset_outcome o;
	bool due;
	int rc;

	pthread_mutex_lock(&t->lock);
	due = t->stall_reset || (t->next_reset && t->next_seq >= t->next_reset);
	if (due && !t->stall_reset)
		t->next_reset += t->c.reset_every;
	t->stall_reset = false;
	pthread_mutex_unlock(&t->lock);
	if (!due)
		return 0;
	rc = ndisdma_adapter_reset(t->a, "--reset-every", &o);
	pthread_mutex_lock(&t->lock);
	t->r.resets += rc == 0;
	t->r.resets_failed += rc == 0 && ndisdma_adapter_failed(t->a);
	pthread_mutex_unlock(&t->lock);
	if (rc == -ENOTSUP) {
		rt_error(err, errlen, "traffic: the miniport has no MiniportResetEx to reset with");
	} else if (rc == 0 && ndisdma_adapter_failed(t->a)) {
		rt_error(err, errlen, "traffic: the reset failed (0x%08X); the adapter is failed",
			 (unsigned)o.status);
		rc = -EIO;
	} else {
		return 0;   /* -EINVAL: no longer running; the next send says so */
	}
	pthread_mutex_lock(&t->lock);
	t->stopping = true;   /* drain what is in flight, send nothing more */
	pthread_mutex_unlock(&t->lock);
	return rc;
}

/* Under lock, after a pause completed: every test frame handed over and
 * neither back nor failed may have been dropped by the pausing miniport. */
static void excuse_unseen(struct traffic *t)
{
	for (uint64_t seq = t->excuse_from; seq < t->next_seq; seq++) {
		bool seen = (t->seen[seq >> 3] >> (seq & 7)) & 1;
		bool failed = (t->failed[seq >> 3] >> (seq & 7)) & 1;

		if (!seen && !failed && !bit_test_set(t->excused, seq))
			t->excused_pending++;
	}
	t->excuse_from = t->next_seq;
}

/* pause_every / halt_in_flight: pause with frames in flight (and restart
 * unless it is the end).  0, or -EIO with a reason: the run drains and ends. */
static int maybe_pause(struct traffic *t, char *err, size_t errlen)
{
	bool every, last, restart;
	int rc;

	pthread_mutex_lock(&t->lock);
	every = t->next_pause && t->next_seq >= t->next_pause;
	last = t->c.halt_in_flight && t->c.frames && t->next_seq >= t->c.frames;
	if (every)
		t->next_pause += t->c.pause_every;
	pthread_mutex_unlock(&t->lock);
	if (!every && !last)
		return 0;
	rc = ndisdma_adapter_pause(t->a, err, errlen);
	restart = rc == 0 && !last;
	pthread_mutex_lock(&t->lock);
	t->r.pauses += rc == 0;
	if (rc == 0)
		excuse_unseen(t);
	if (!restart)
		t->stopping = true;   /* paused for good (or failed): drain, end */
	pthread_mutex_unlock(&t->lock);
	if (restart)
		rc = ndisdma_adapter_restart(t->a, err, errlen);
	if (rc != 0) {
		pthread_mutex_lock(&t->lock);
		t->stopping = true;
		pthread_mutex_unlock(&t->lock);
		return -EIO;
	}
	return 0;
}

static int send_loop(struct traffic *t, uint64_t start, char *err, size_t errlen)
{
	uint64_t next_progress = 0;
	int rc = 0;

	for (;;) {
		PNET_BUFFER_LIST chain = NULL, *tail = &chain;
		uint32_t n = 0;
		bool go = true;

		pthread_mutex_lock(&t->lock);
		if (all_done(t, start)) {
			pthread_mutex_unlock(&t->lock);
			return rc;
		}
		for (struct tr_slot *s; n < t->c.batch && (s = next_frame(t)); n++) {
			*tail = s->nbl;
			tail = &NET_BUFFER_LIST_NEXT_NBL(s->nbl);
		}
		*tail = NULL;
		if (n == 0)
			go = wait_for_work(t);
		pthread_mutex_unlock(&t->lock);
		if (n && ndisdma_adapter_send(t->a, chain) != 0) {
			take_back(t, chain);   /* adapter stopped running: drain, end */
			rt_error(err, errlen, "traffic: the adapter stopped running");
			rc = -EIO;
		}
		if (rc == 0)
			rc = maybe_reset(t, err, errlen);
		if (n && rc == 0)
			rc = maybe_pause(t, err, errlen);
		progress(t, start, &next_progress);
		if (!go)
			return rc;
	}
}

/* ---- the run ------------------------------------------------------------------------- */

static int traffic_configure(struct traffic *t, struct ndisdma_adapter *a,
			     const struct ndisdma_traffic_config *c, char *err, size_t errlen)
{
	struct ndisdma_adapter_stats st;

	t->a = a;
	t->k = a->m->k;
	t->c = *c;
	if (!t->c.window)
		t->c.window = 64;
	if (!t->c.batch)
		t->c.batch = 8;
	if (!t->c.max_mdls || t->c.max_mdls > TR_MAX_MDLS)
		t->c.max_mdls = t->c.max_mdls ? TR_MAX_MDLS : 8;
	if (t->c.min_size < 60 || t->c.max_size < t->c.min_size || t->c.max_size > TR_MAX_FRAME) {
		rt_error(err, errlen, "traffic: frame sizes %u-%u (need 60 <= min <= max <= %u)",
			 t->c.min_size, t->c.max_size, TR_MAX_FRAME);
		return -EINVAL;
	}
	if (c->respond_ip && !responder_parse_ip(c->respond_ip, t->ip)) {
		rt_error(err, errlen, "traffic: '%s' is not an IPv4 address", c->respond_ip);
		return -EINVAL;
	}
	t->responder = c->respond_ip != NULL;
	ndisdma_adapter_stats(a, &st);
	memcpy(t->spec.dst, st.mac, 6);
	t->spec.seed = c->seed;
	t->spec.min_size = t->c.min_size;
	t->spec.max_size = t->c.max_size;
	t->nslots = t->c.window;
	t->slot_bytes = tr_slot_bytes(t->c.max_size);
	t->rng = tr_mix(c->seed ^ 0x4C41594F5554ull);
	t->next_reset = c->reset_every;
	t->next_pause = c->pause_every;
	if (c->halt_in_flight && c->frames == 0) {
		rt_error(err, errlen, "traffic: halt_in_flight needs test frames");
		return -EINVAL;
	}
	return 0;
}

static void finish_result(struct traffic *t, uint64_t start, struct ndisdma_traffic_result *r)
{
	pthread_mutex_lock(&t->lock);
	t->r.lost_completions = t->r.in_flight;
	if (t->c.expect_echo) {
		t->r.lost_frames = t->next_seq - t->test_failed - t->r.frames_received -
				   t->excused_pending;
		awaited_close(t, UINT64_MAX);   /* the run's end closes the windows */
		for (uint64_t seq = 0; seq < t->next_seq; seq++)
			t->r.lost_injected += bit_get(t->fault_excused, seq) &&
					      !bit_get(t->seen, seq) && !bit_get(t->failed, seq) &&
					      !bit_get(t->excused, seq);
	}
	t->r.dropped_at_pause = t->excused_pending;
	*r = t->r;
	pthread_mutex_unlock(&t->lock);
	ndisdma_adapter_dma_traffic(t->a, &r->dma);
	r->seconds = (double)(real_ns() - t->real_start) / 1e9;
}

int ndisdma_traffic_run(struct ndisdma_adapter *a, const struct ndisdma_traffic_config *c,
			struct ndisdma_traffic_result *r, char *err, size_t errlen)
{
	static const struct ndisdma_traffic_ops ops = {
		.send_complete = on_send_complete,
		.receive = on_receive,
	};
	struct traffic *t = calloc(1, sizeof(*t));
	struct rt_call call;
	uint64_t start;
	int rc;

	memset(r, 0, sizeof(*r));
	if (!t) {
		rt_error(err, errlen, "traffic: out of memory");
		return -ENOMEM;
	}
	pthread_mutex_init(&t->lock, NULL);
	kwait_cond_init(&t->cond);
	rc = traffic_configure(t, a, c, err, errlen);
	rt_enter(a->m->k, &call);
	if (rc == 0)
		rc = traffic_init(t, err, errlen);
	if (rc == 0) {
		ndisdma_adapter_set_traffic(a, &ops, t);
		start = t->last_progress_ns = now_ns();
		t->real_start = real_ns();
		rc = send_loop(t, start, err, errlen);
		finish_result(t, start, r);
	}
	ndisdma_adapter_set_traffic(a, NULL, NULL);
	traffic_fini(t);
	rt_leave(&call, "traffic harness");
	pthread_cond_destroy(&t->cond);
	pthread_mutex_destroy(&t->lock);
	if (r->in_flight == 0)
		free(t);   /* else completions may still name it: leak, reported */
	return rc;
}
