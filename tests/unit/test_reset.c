/* test_reset.c — resets and hang detection (issue 11, facts §6.2,
 * src/runtime/adapter_reset.c, src/ndis/reset.c): every documented
 * MiniportResetEx return, a pended reset completed from a work item, the
 * bounded wait for one that never completes, addressing resets sending the
 * packet filter and multicast list again, the NDIS 6.30 outstanding-sends
 * rule, NdisMResetComplete misuse, CheckForHang and stuck OIDs.  The
 * miniport is runtime_miniport.h's with its reset, hang, OID and send
 * handlers replaced.
 */
#include "runtime_miniport.h"

#include <errno.h>
#include <pthread.h>
#include <time.h>

/* What the replaced handlers do and saw. */
static struct {
	NDIS_STATUS reset_status;      /* MiniportResetEx's return */
	NDIS_STATUS complete_status;   /* NdisMResetComplete's, when pended */
	BOOLEAN addressing;
	bool complete_later;           /* PENDING: complete from the work item */
	bool hold_sends, complete_held_in_reset;
	BOOLEAN hang;                  /* CheckForHang's answer */
	int resets, hangs, mcast_sets;
	KIRQL reset_irql, hang_irql, complete_irql;
	uint8_t mcast[4][6];
	ULONG mcast_len;
	PNET_BUFFER_LIST held;
	PNDIS_OID_REQUEST stuck;       /* an OID the miniport keeps */
	bool keep_oid;
	UCHAR minor;
	UINT hang_seconds;
} x;

static struct tm_adapter *x_ad;

static void complete_reset(PVOID ctx, NDIS_HANDLE work)
{
	struct tm_adapter *ta = ctx;

	(void)work;
	x.complete_irql = KeGetCurrentIrql();
	NdisMResetComplete(ta->h, x.complete_status, x.addressing);
}

static NDIS_STATUS x_reset(NDIS_HANDLE ctx, PBOOLEAN addressing)
{
	struct tm_adapter *ta = ctx;

	x.resets++;
	x.reset_irql = KeGetCurrentIrql();
	x_ad = ta;
	if (x.complete_held_in_reset && x.held) {
		NdisMSendNetBufferListsComplete(ta->h, x.held, NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL);
		x.held = NULL;
	}
	if (x.stuck) {   /* NDIS does not abort OIDs: the driver completes it */
		PNDIS_OID_REQUEST r = x.stuck;

		x.stuck = NULL;
		NdisMOidRequestComplete(ta->h, r, NDIS_STATUS_SUCCESS);
	}
	*addressing = x.reset_status == NDIS_STATUS_PENDING ? FALSE : x.addressing;
	if (x.reset_status == NDIS_STATUS_PENDING && x.complete_later)
		NdisQueueIoWorkItem(ta->work, complete_reset, ta);
	return x.reset_status;
}

static BOOLEAN x_hang(NDIS_HANDLE ctx)
{
	(void)ctx;
	__atomic_store_n(&x.hang_irql, KeGetCurrentIrql(), __ATOMIC_RELAXED);
	__atomic_fetch_add(&x.hangs, 1, __ATOMIC_RELEASE);   /* polled by the test */
	return __atomic_load_n(&x.hang, __ATOMIC_RELAXED);
}

static NDIS_STATUS x_oid(NDIS_HANDLE ctx, PNDIS_OID_REQUEST r)
{
	struct _NDIS_OID_SET *s = &r->DATA.SET_INFORMATION;

	if (r->RequestType == NdisRequestSetInformation && s->Oid == OID_802_3_MULTICAST_LIST) {
		x.mcast_sets++;
		x.mcast_len = s->InformationBufferLength;
		if (s->InformationBufferLength <= sizeof(x.mcast))
			memcpy(x.mcast, s->InformationBuffer, s->InformationBufferLength);
		s->BytesRead = s->InformationBufferLength;
		return NDIS_STATUS_SUCCESS;
	}
	if (x.keep_oid && r->RequestType == NdisRequestQueryInformation &&
	    r->DATA.QUERY_INFORMATION.Oid == OID_GEN_VENDOR_ID) {
		__atomic_store_n(&x.stuck, r, __ATOMIC_RELEASE);   /* polled by the test */
		return NDIS_STATUS_PENDING;
	}
	return tm_oid(ctx, r);
}

static VOID x_send(NDIS_HANDLE ctx, PNET_BUFFER_LIST nbl, NDIS_PORT_NUMBER port, ULONG flags)
{
	if (!x.hold_sends) {
		tm_send(ctx, nbl, port, flags);
		return;
	}
	NET_BUFFER_LIST_STATUS(nbl) = NDIS_STATUS_SUCCESS;
	x.held = nbl;   /* one NBL at a time in these tests */
}

static void x_mutate(NDIS_MINIPORT_DRIVER_CHARACTERISTICS *c)
{
	c->ResetHandlerEx = x_reset;
	c->CheckForHangHandlerEx = x_hang;
	c->OidRequestHandler = x_oid;
	c->SendNetBufferListsHandler = x_send;
	if (x.minor)
		c->MinorNdisVersion = x.minor;
}

/* ---- fixture --------------------------------------------------------------------- */

struct fx {
	struct ndisdma_machine *m;
	struct ndisdma_driver *d;
	struct ndisdma_adapter *a;
	struct ndisdma_pools base;
	uint64_t expected;
};

/* The machine's wait for a pended reset is host time here (the library's
 * threads scheduler): a test that wants RESET-HUNG waits 100 ms; the
 * others give a reset that does complete (from a work item, say) ten
 * seconds, which a loaded CI machine does not come near. */
#define RESET_WAIT_SHORT_MS 100u
#define RESET_WAIT_LONG_MS 10000u

static void up_waiting(struct fx *f, uint32_t reset_timeout_ms)
{
	struct ndisdma_config c;
	char err[256] = "";

	tm_reset();
	tm_cfg.mutate = x_mutate;
	ndisdma_config_init(&c);
	c.reset_timeout_ms = reset_timeout_ms;
	assert_int_equal(ndisdma_machine_create(&c, &f->m, err, sizeof(err)), 0);
	ndisdma_thread_enter(f->m);
	ndisdma_machine_pools(f->m, &f->base);
	f->expected = 0;
	if (ndisdma_driver_load_builtin(f->m, "tm", tm_driver_entry, &f->d, err, sizeof(err)))
		fail_msg("load: %s", err);
	f->a = tm_init(f->d, NULL);
	if (ndisdma_adapter_restart(f->a, err, sizeof(err)) != 0)
		fail_msg("restart: %s", err);
}

static void up(struct fx *f)
{
	up_waiting(f, RESET_WAIT_LONG_MS);
}

static void down(struct fx *f)
{
	struct ndisdma_pools p;

	if (x.stuck) {
		NdisMOidRequestComplete(x_ad->h, x.stuck, NDIS_STATUS_SUCCESS);
		x.stuck = NULL;
	}
	if (strcmp(ndisdma_adapter_state(f->a), "running") == 0)
		assert_int_equal(ndisdma_adapter_pause(f->a, NULL, 0), 0);
	ndisdma_adapter_halt(f->a);
	ndisdma_driver_unload(f->d);
	kernel_flush(f->m->k);
	ndisdma_machine_pools(f->m, &p);
	assert_int_equal(ndisdma_report_count(f->m, NULL), f->expected);
	assert_int_equal(p.live_driver_resources, f->base.live_driver_resources);
	assert_int_equal(p.live_handles, f->base.live_handles);
	ndisdma_thread_enter(NULL);
	ndisdma_machine_destroy(f->m);
	memset(&x, 0, sizeof(x));
}

static struct ndisdma_adapter_stats stats_of(struct fx *f)
{
	struct ndisdma_adapter_stats s;

	ndisdma_adapter_stats(f->a, &s);
	return s;
}

/* ---- the documented returns ---------------------------------------------------------- */

static void test_reset_success_at_dispatch(void **state)
{
	struct ndisdma_reset_outcome o;
	struct fx f;
	uint64_t oids;

	(void)state;
	up(&f);
	oids = stats_of(&f).oid_requests;
	x.reset_status = NDIS_STATUS_SUCCESS;
	assert_int_equal(ndisdma_adapter_reset(f.a, "test", &o), 0);
	assert_int_equal(o.status, NDIS_STATUS_SUCCESS);
	assert_false(o.pended);
	assert_false(o.addressing_reset);
	assert_int_equal(x.resets, 1);
	assert_int_equal(x.reset_irql, DISPATCH_LEVEL);      /* the highest allowed */
	assert_int_equal(stats_of(&f).resets, 1);
	assert_int_equal(stats_of(&f).oid_requests, oids);  /* no addressing reset */
	assert_false(ndisdma_adapter_failed(f.a));
	down(&f);
}

static void test_reset_pended_completed_from_work_item(void **state)
{
	static const uint8_t list[2][6] = { { 0x01, 0x00, 0x5E, 0, 0, 1 },
					    { 0x01, 0x00, 0x5E, 0, 0, 2 } };
	struct ndisdma_reset_outcome o;
	struct fx f;
	uint32_t done;
	ULONG filter = NDIS_PACKET_TYPE_DIRECTED | NDIS_PACKET_TYPE_MULTICAST;

	(void)state;
	up(&f);
	/* what a protocol set: an addressing reset must give it back */
	assert_int_equal(ndisdma_adapter_oid(f.a, true, OID_802_3_MULTICAST_LIST, (void *)list,
					     sizeof(list), &done), NDIS_STATUS_SUCCESS);
	assert_int_equal(ndisdma_adapter_oid(f.a, true, OID_GEN_CURRENT_PACKET_FILTER, &filter,
					     sizeof(filter), &done), NDIS_STATUS_SUCCESS);
	memset(x.mcast, 0, sizeof(x.mcast));
	x_ad = NULL;
	x.reset_status = NDIS_STATUS_PENDING;
	x.complete_later = true;
	x.complete_status = NDIS_STATUS_SUCCESS;
	x.addressing = TRUE;
	assert_int_equal(ndisdma_adapter_reset(f.a, "test", &o), 0);
	assert_true(o.pended);
	assert_int_equal(o.status, NDIS_STATUS_SUCCESS);
	assert_true(o.addressing_reset);
	assert_true(o.oids_resent);
	assert_int_equal(x.complete_irql, PASSIVE_LEVEL);   /* an NDIS work item */
	assert_int_equal(x.mcast_sets, 2);
	assert_int_equal(x.mcast_len, sizeof(list));
	assert_memory_equal(x.mcast, list, sizeof(list));
	assert_int_equal(x_ad->filter, filter);
	assert_int_equal(stats_of(&f).resets_pended, 1);
	assert_int_equal(stats_of(&f).addressing_resets, 1);
	down(&f);
}

static void test_reset_soft_errors_and_in_progress(void **state)
{
	struct ndisdma_reset_outcome o;
	struct fx f;

	(void)state;
	up(&f);
	x.reset_status = NDIS_STATUS_SOFT_ERRORS;
	x.addressing = TRUE;
	assert_int_equal(ndisdma_adapter_reset(f.a, "test", &o), 0);
	assert_int_equal(o.status, NDIS_STATUS_SOFT_ERRORS);
	assert_true(o.oids_resent);   /* the reset worked: the OIDs come again */
	x.reset_status = NDIS_STATUS_RESET_IN_PROGRESS;
	assert_int_equal(ndisdma_adapter_reset(f.a, "test", &o), 0);
	assert_int_equal(o.status, NDIS_STATUS_RESET_IN_PROGRESS);
	assert_false(o.oids_resent);   /* superfluous: nothing to restore */
	assert_int_equal(stats_of(&f).resets_soft_errors, 1);
	assert_int_equal(stats_of(&f).resets_in_progress, 1);
	assert_int_equal(stats_of(&f).addressing_resets, 1);
	assert_false(ndisdma_adapter_failed(f.a));
	down(&f);
}

static void test_reset_hard_errors_fails_the_adapter(void **state)
{
	struct ndisdma_reset_outcome o;
	struct fx f;

	(void)state;
	up(&f);
	x.reset_status = NDIS_STATUS_HARD_ERRORS;
	assert_int_equal(ndisdma_adapter_reset(f.a, "test", &o), 0);
	assert_int_equal(o.status, NDIS_STATUS_HARD_ERRORS);
	assert_true(ndisdma_adapter_failed(f.a));
	assert_int_equal(stats_of(&f).resets_hard_errors, 1);
	/* a failed adapter is not checked (or reset) again */
	assert_int_equal(ndisdma_adapter_check_for_hang(f.a), -EINVAL);
	assert_int_equal(x.hangs, 0);
	down(&f);
}

static void test_reset_undocumented_status(void **state)
{
	struct ndisdma_reset_outcome o;
	struct fx f;

	(void)state;
	up(&f);
	x.reset_status = NDIS_STATUS_FAILURE;
	assert_int_equal(ndisdma_adapter_reset(f.a, "test", &o), 0);
	assert_int_equal(o.status, NDIS_STATUS_HARD_ERRORS);
	assert_int_equal(ndisdma_report_count(f.m, "RESET-STATUS"), 1);
	assert_true(ndisdma_adapter_failed(f.a));
	f.expected = 1;
	down(&f);
}

static void test_reset_never_completed_then_late(void **state)
{
	struct ndisdma_reset_outcome o;
	struct fx f;

	(void)state;
	up_waiting(&f, RESET_WAIT_SHORT_MS);
	x.reset_status = NDIS_STATUS_PENDING;   /* and nothing completes it */
	assert_int_equal(ndisdma_adapter_reset(f.a, "test", &o), 0);
	assert_true(o.pended);
	assert_int_equal(o.status, NDIS_STATUS_PENDING);
	assert_int_equal(ndisdma_report_count(f.m, "RESET-HUNG"), 1);
	assert_int_equal(stats_of(&f).resets_hung, 1);
	assert_true(ndisdma_adapter_failed(f.a));
	/* the completion that comes after the runtime gave up is a stray one */
	NdisMResetComplete(x_ad->h, NDIS_STATUS_SUCCESS, FALSE);
	assert_int_equal(ndisdma_report_count(f.m, "RESET-STRAY"), 1);
	f.expected = 2;
	down(&f);
}

static void test_reset_complete_misuse(void **state)
{
	struct ndisdma_reset_outcome o;
	struct fx f;

	(void)state;
	up(&f);
	/* no reset at all */
	NdisMResetComplete(f.a->na.handle, NDIS_STATUS_SUCCESS, FALSE);
	assert_int_equal(ndisdma_report_count(f.m, "RESET-STRAY"), 1);
	/* PENDING is not a final status (and no reset waits either) */
	NdisMResetComplete(f.a->na.handle, NDIS_STATUS_PENDING, FALSE);
	assert_int_equal(ndisdma_report_count(f.m, "RESET-STATUS"), 1);
	assert_int_equal(ndisdma_report_count(f.m, "RESET-STRAY"), 2);
	/* completing a pended reset with PENDING: taken as HARD_ERRORS */
	x.reset_status = NDIS_STATUS_PENDING;
	x.complete_later = true;
	x.complete_status = NDIS_STATUS_PENDING;
	assert_int_equal(ndisdma_adapter_reset(f.a, "test", &o), 0);
	assert_int_equal(o.status, NDIS_STATUS_HARD_ERRORS);
	assert_int_equal(ndisdma_report_count(f.m, "RESET-STATUS"), 2);
	/* above DISPATCH_LEVEL */
	kernel_set_irql(KIRQL_DEVICE);
	NdisMResetComplete(f.a->na.handle, NDIS_STATUS_SUCCESS, FALSE);
	kernel_set_irql(KIRQL_PASSIVE);
	assert_int_equal(ndisdma_report_count(f.m, "IRQL"), 1);
	f.expected = 5;
	down(&f);
}

/* ---- outstanding sends (NDIS 6.30) ---------------------------------------------------- */

static PNET_BUFFER_LIST one_nbl(NDIS_HANDLE *pool)
{
	NET_BUFFER_LIST_POOL_PARAMETERS pp;

	memset(&pp, 0, sizeof(pp));
	pp.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
	pp.Header.Revision = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
	pp.Header.Size = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
	*pool = NdisAllocateNetBufferListPool(NULL, &pp);
	assert_non_null(*pool);
	return NdisAllocateNetBufferList(*pool, 0, 0);
}

static void sends_at_reset(UCHAR minor, bool complete_first, uint64_t want_reports)
{
	struct ndisdma_reset_outcome o;
	NDIS_HANDLE pool;
	PNET_BUFFER_LIST nbl;
	struct fx f;

	x.minor = minor;
	up(&f);
	nbl = one_nbl(&pool);
	x.hold_sends = true;
	x.complete_held_in_reset = complete_first;
	assert_int_equal(ndisdma_adapter_send(f.a, nbl), 0);
	assert_ptr_equal(x.held, nbl);
	x.reset_status = NDIS_STATUS_SUCCESS;
	assert_int_equal(ndisdma_adapter_reset(f.a, "test", &o), 0);
	assert_int_equal(o.sends_outstanding, complete_first ? 0 : 1);
	assert_int_equal(ndisdma_report_count(f.m, "RESET-SENDS"), want_reports);
	if (x.held)   /* completed late: NDIS never aborts it */
		NdisMSendNetBufferListsComplete(x_ad->h, x.held, 0);
	assert_int_equal(stats_of(&f).nbls_send_completed, 1);
	NdisFreeNetBufferList(nbl);
	NdisFreeNetBufferListPool(pool);
	f.expected = want_reports;
	down(&f);
}

static void test_reset_sends_rule_from_630(void **state)
{
	(void)state;
	sends_at_reset(30, false, 1);   /* 6.30: must complete them first */
	sends_at_reset(30, true, 0);
	sends_at_reset(20, false, 0);   /* 6.20: allowed to keep them */
}

/* ---- hang detection ------------------------------------------------------------------ */

static void test_check_for_hang_resets(void **state)
{
	struct fx f;

	(void)state;
	up(&f);
	x.reset_status = NDIS_STATUS_SUCCESS;
	x.hang = FALSE;
	assert_int_equal(ndisdma_adapter_check_for_hang(f.a), 0);
	assert_int_equal(x.hang_irql, PASSIVE_LEVEL);
	assert_int_equal(x.resets, 0);
	x.hang = TRUE;
	assert_int_equal(ndisdma_adapter_check_for_hang(f.a), 1);
	assert_int_equal(x.resets, 1);
	assert_int_equal(stats_of(&f).hang_checks, 2);
	assert_int_equal(stats_of(&f).hang_resets, 1);
	down(&f);
}

struct oid_thread {
	struct ndisdma_adapter *a;
	int32_t status;
};

static void *query_vendor(void *arg)
{
	struct oid_thread *t = arg;
	uint32_t v = 0, done = 0;

	t->status = ndisdma_adapter_oid(t->a, false, OID_GEN_VENDOR_ID, &v, sizeof(v), &done);
	return NULL;
}

static void test_oid_stuck_across_two_checks(void **state)
{
	struct timespec ms = { 0, 1000000 };
	struct oid_thread t;
	pthread_t th;
	struct fx f;

	(void)state;
	up(&f);
	x.reset_status = NDIS_STATUS_SUCCESS;
	x.keep_oid = true;
	t.a = f.a;
	assert_int_equal(pthread_create(&th, NULL, query_vendor, &t), 0);
	while (__atomic_load_n(&x.stuck, __ATOMIC_ACQUIRE) == NULL)   /* the OID pends */
		nanosleep(&ms, NULL);
	assert_int_equal(ndisdma_adapter_check_for_hang(f.a), 0);   /* seen once */
	assert_int_equal(x.resets, 0);
	assert_int_equal(ndisdma_adapter_check_for_hang(f.a), 1);   /* still there */
	assert_int_equal(x.resets, 1);   /* which completed the OID */
	pthread_join(th, NULL);
	assert_int_equal(t.status, NDIS_STATUS_SUCCESS);
	assert_int_equal(stats_of(&f).oid_hang_resets, 1);
	assert_int_equal(ndisdma_adapter_check_for_hang(f.a), 0);   /* nothing left */
	down(&f);
}

/* The periodic check: CheckForHangTimeInSeconds 0 means every 2 s. */
static void test_periodic_check_while_running(void **state)
{
	struct timespec ms = { 0, 10 * 1000000 };
	struct fx f;
	int waited = 0;

	(void)state;
	up(&f);
	__atomic_store_n(&x.hang, FALSE, __ATOMIC_RELAXED);
	while (__atomic_load_n(&x.hangs, __ATOMIC_ACQUIRE) == 0 && waited++ < 2000)
		nanosleep(&ms, NULL);
	assert_true(__atomic_load_n(&x.hangs, __ATOMIC_ACQUIRE) >= 1);
	assert_int_equal(__atomic_load_n(&x.hang_irql, __ATOMIC_RELAXED), PASSIVE_LEVEL);
	assert_int_equal(ndisdma_adapter_pause(f.a, NULL, 0), 0);   /* stops the check */
	{
		int seen = __atomic_load_n(&x.hangs, __ATOMIC_ACQUIRE);

		assert_int_equal(ndisdma_adapter_check_for_hang(f.a), -EINVAL);
		assert_int_equal(x.hangs, seen);
	}
	down(&f);
}

static void test_no_reset_handler(void **state)
{
	struct fx f;

	(void)state;
	up(&f);
	f.d->nd.chars.ResetHandlerEx = NULL;   /* a driver without one */
	assert_int_equal(ndisdma_adapter_reset(f.a, "test", NULL), -ENOTSUP);
	f.d->nd.chars.ResetHandlerEx = x_reset;
	assert_int_equal(ndisdma_adapter_pause(f.a, NULL, 0), 0);
	assert_int_equal(ndisdma_adapter_reset(f.a, "test", NULL), -EINVAL);   /* paused */
	down(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reset_success_at_dispatch),
		cmocka_unit_test(test_reset_pended_completed_from_work_item),
		cmocka_unit_test(test_reset_soft_errors_and_in_progress),
		cmocka_unit_test(test_reset_hard_errors_fails_the_adapter),
		cmocka_unit_test(test_reset_undocumented_status),
		cmocka_unit_test(test_reset_never_completed_then_late),
		cmocka_unit_test(test_reset_complete_misuse),
		cmocka_unit_test(test_reset_sends_rule_from_630),
		cmocka_unit_test(test_check_for_hang_resets),
		cmocka_unit_test(test_oid_stuck_across_two_checks),
		cmocka_unit_test(test_periodic_check_while_running),
		cmocka_unit_test(test_no_reset_handler),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
