/*
 * conf_host.c — runs one conformance miniport (a .so built only against
 * <ndis.h>) through ndisdma's public API (include/ndisdma/ndisdma.h), the
 * way a user embedding ndisdma would, and checks from above:
 *
 *   conf_host MODE DRIVER.so
 *
 * MODE basic, sgdma, nbl, sync, reset and stats have variants and checks of
 * their own below; any other mode (a family's miniport, conf_<family>.c) runs once in
 * front of a virtio-net device with no keywords and is judged by its own
 * checks.
 * Every mode: load, MiniportInitializeEx, MiniportRestart, the mode's
 * traffic or OIDs, MiniportPause, MiniportHaltEx, unload; then the
 * miniport's own checks (ConfGetResult, exported by the .so), no verifier
 * report beyond the ones the mode provokes on purpose, and every pool and
 * live-object counter back at its baseline.  Exit 0 on success.
 */
#include <dlfcn.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ndisdma/ndisdma.h"

typedef int32_t (*conf_result_fn)(int32_t *checks, const char **first, int32_t *line);

struct conf_run {
	const char *mode, *path;
	int failures;
	void *dl;
};

#define EXPECT(run, cond) expect_at((run), (cond), #cond, __LINE__)

static void expect_at(struct conf_run *r, int ok, const char *what, int line)
{
	if (!ok) {
		fprintf(stderr, "conf_host %s: FAILED line %d: %s\n", r->mode, line, what);
		r->failures++;
	}
}

static void sleep_ms(unsigned ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* ---- per-mode checks between restart and pause ----------------------------- */

#define OID_GEN_SUPPORTED_LIST        0x00010101u
#define OID_GEN_MAXIMUM_FRAME_SIZE    0x00010106u
#define OID_GEN_LINK_SPEED            0x00010107u
#define OID_GEN_VENDOR_ID             0x0001010Cu
#define OID_GEN_VENDOR_DESCRIPTION    0x0001010Du
#define OID_GEN_CURRENT_PACKET_FILTER 0x0001010Eu
#define OID_GEN_CURRENT_LOOKAHEAD     0x0001010Fu
#define OID_802_3_CURRENT_ADDRESS     0x01010102u
#define OID_802_3_MULTICAST_LIST      0x01010103u
#define ST_SUCCESS                    0
#define ST_NOT_SUPPORTED              ((int32_t)0xC00000BBu)
#define ST_BUFFER_TOO_SHORT           ((int32_t)0xC0010016u)
#define ST_MULTICAST_FULL             ((int32_t)0xC0010009u)
#define ST_LINK_STATE                 0x40010017u

static uint32_t query_ulong(struct ndisdma_adapter *a, uint32_t oid, int32_t *status)
{
	uint32_t v = 0, done = 0;

	*status = ndisdma_adapter_oid(a, false, oid, &v, sizeof(v), &done);
	return done == sizeof(v) ? v : 0xFFFFFFFFu;
}

static void mode_basic(struct conf_run *r, struct ndisdma_adapter *a)
{
	static const uint8_t mac[6] = { 0x02, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE };
	struct ndisdma_adapter_stats st;
	char text[64] = { 0 };
	uint8_t big[40 * 6], small[2];
	uint32_t v, done = 0, list[64];
	int32_t s;

	ndisdma_adapter_stats(a, &st);
	EXPECT(r, st.last_status_code == ST_LINK_STATE);
	EXPECT(r, st.mac_valid && memcmp(st.mac, mac, 6) == 0); /* NetworkAddress */
	EXPECT(r, query_ulong(a, OID_GEN_MAXIMUM_FRAME_SIZE, &s) == 1500 && s == ST_SUCCESS);
	EXPECT(r, query_ulong(a, OID_GEN_LINK_SPEED, &s) == 10000000 && s == ST_SUCCESS);
	EXPECT(r, query_ulong(a, OID_GEN_VENDOR_ID, &s) == 0x00FFFFFF && s == ST_SUCCESS);
	EXPECT(r, query_ulong(a, 0x00FFFF01u, &s) == 0xFFFFFFFFu && s == ST_NOT_SUPPORTED);
	s = ndisdma_adapter_oid(a, false, OID_GEN_VENDOR_DESCRIPTION, text, sizeof(text), &done);
	EXPECT(r, s == ST_SUCCESS && done == 24 && strcmp(text, "ndisdma conformance NIC") == 0);
	s = ndisdma_adapter_oid(a, false, OID_GEN_SUPPORTED_LIST, list, sizeof(list), &done);
	EXPECT(r, s == ST_SUCCESS && done == 25 * 4 && list[0] == OID_GEN_SUPPORTED_LIST);
	s = ndisdma_adapter_oid(a, false, OID_802_3_CURRENT_ADDRESS, small, sizeof(small), &done);
	EXPECT(r, s == ST_BUFFER_TOO_SHORT && done == 0);
	v = 0x40; /* NDIS_PACKET_TYPE_SMT: not offered */
	s = ndisdma_adapter_oid(a, true, OID_GEN_CURRENT_PACKET_FILTER, &v, sizeof(v), &done);
	EXPECT(r, s == ST_NOT_SUPPORTED);
	v = 100;
	s = ndisdma_adapter_oid(a, true, OID_GEN_CURRENT_LOOKAHEAD, &v, sizeof(v), &done);
	EXPECT(r, s == ST_SUCCESS && done == 4);
	EXPECT(r, query_ulong(a, OID_GEN_CURRENT_LOOKAHEAD, &s) == 100);
	memset(big, 0x01, sizeof(big));
	s = ndisdma_adapter_oid(a, true, OID_802_3_MULTICAST_LIST, big, sizeof(big), &done);
	EXPECT(r, s == ST_MULTICAST_FULL);
}

static void traffic(struct conf_run *r, struct ndisdma_adapter *a, uint64_t frames,
		    uint64_t seed)
{
	struct ndisdma_traffic_config c;
	struct ndisdma_traffic_result res;
	char err[256] = "";

	memset(&c, 0, sizeof(c));
	c.frames = frames;
	c.min_size = 60;
	c.max_size = 9014;
	c.max_mdls = 16;
	c.seed = seed;
	c.expect_echo = false;
	EXPECT(r, ndisdma_traffic_run(a, &c, &res, err, sizeof(err)) == 0);
	if (err[0])
		fprintf(stderr, "conf_host %s: traffic: %s\n", r->mode, err);
	EXPECT(r, res.frames_sent == frames);
	EXPECT(r, res.send_completed == frames);
	EXPECT(r, res.send_failed == 0);
	EXPECT(r, res.lost_completions == 0 && res.double_completions == 0);
}

static void mode_nbl(struct conf_run *r, struct ndisdma_adapter *a)
{
	struct ndisdma_adapter_stats st;
	int i;

	for (i = 0; i < 500; i++) {
		ndisdma_adapter_stats(a, &st);
		if (st.nbls_received >= 8)
			break;
		sleep_ms(10);
	}
	EXPECT(r, st.receive_indications == 2);
	EXPECT(r, st.nbls_received == 8);
	/* the RESOURCES batch is never returned through the miniport */
	EXPECT(r, st.nbls_returned == 4);
	traffic(r, a, 300, 11);
}

/* ---- issue 11: resets, hang checks, statistics, NBL info ------------------- */

#define ST_SOFT_ERRORS ((int32_t)0x80010003u)

/* conf_reset.c: its resets take turns (timer + addressing, at once, work
 * item + SOFT_ERRORS); its CheckForHang asks for one reset, on its second
 * call (the runtime's periodic check may be that call). */
static void mode_reset(struct conf_run *r, struct ndisdma_adapter *a)
{
	struct ndisdma_traffic_config c;
	struct ndisdma_traffic_result res;
	struct ndisdma_reset_outcome o;
	struct ndisdma_adapter_stats st;
	char err[256] = "";
	int i, hung = 0;

	memset(&c, 0, sizeof(c));
	c.frames = 600;
	c.min_size = 60;
	c.max_size = 1514;
	c.seed = 19;
	c.reset_every = 100;   /* six resets, two of each kind, sends in flight */
	EXPECT(r, ndisdma_traffic_run(a, &c, &res, err, sizeof(err)) == 0);
	if (err[0])
		fprintf(stderr, "conf_host %s: traffic: %s\n", r->mode, err);
	EXPECT(r, res.resets == 6 && res.resets_failed == 0);
	EXPECT(r, res.send_completed == 600 && res.send_failed == 0);
	EXPECT(r, res.lost_completions == 0 && res.double_completions == 0);
	for (i = 0; i < 3; i++) {
		EXPECT(r, ndisdma_adapter_reset(a, "conf_host", &o) == 0);
		EXPECT(r, o.status == ST_SUCCESS || o.status == ST_SOFT_ERRORS);
		EXPECT(r, o.sends_outstanding == 0);
	}
	for (i = 0; i < 3 && hung == 0; i++)
		hung = ndisdma_adapter_check_for_hang(a);
	ndisdma_adapter_stats(a, &st);
	EXPECT(r, st.hang_checks >= 2 && st.hang_resets == 1);
	EXPECT(r, st.resets == 9 + st.hang_resets);
	EXPECT(r, st.resets_pended >= 6 && st.resets_soft_errors >= 3);
	EXPECT(r, st.addressing_resets >= 3);
	EXPECT(r, st.resets_hard_errors == 0 && st.resets_hung == 0);
	EXPECT(r, !ndisdma_adapter_failed(a));
}

/* conf_stats.c: a software loopback that carries 802.1Q NBL info across,
 * answers OID_GEN_STATISTICS and gives PM capabilities revision 2. */
static void mode_stats(struct conf_run *r, struct ndisdma_adapter *a)
{
	struct ndisdma_traffic_config c;
	struct ndisdma_traffic_result res;
	struct ndisdma_statistics s;
	struct ndisdma_device_stats ds;
	char err[256] = "";

	memset(&c, 0, sizeof(c));
	c.frames = 1000;
	c.min_size = 60;
	c.max_size = 1514;
	c.seed = 23;
	c.expect_echo = true;
	EXPECT(r, ndisdma_traffic_run(a, &c, &res, err, sizeof(err)) == 0);
	if (err[0])
		fprintf(stderr, "conf_host %s: traffic: %s\n", r->mode, err);
	EXPECT(r, res.frames_received == 1000 && res.lost_frames == 0 && res.mismatches == 0);
	EXPECT(r, res.vlan_sent == 250 && res.vlan_received == 250 && res.vlan_mismatches == 0);
	EXPECT(r, ndisdma_adapter_statistics(a, &s) == ST_SUCCESS);
	EXPECT(r, s.valid && s.supported == 0x003F87FFu);
	EXPECT(r, ndisdma_statistics_disagree(&s, &res) == 0);
	EXPECT(r, s.counter[7] == 1000 && s.counter[3] == 1000);   /* Out/In Ucast */
	ndisdma_adapter_device_stats(a, &ds);
	EXPECT(r, ds.pm_caps_revision == 2);
}

/* ---- one machine, one adapter -------------------------------------------- */

struct conf_variant {
	const char *name;
	const char *const *params;
	const char *device;
	unsigned dma_bits;
	enum ndisdma_layout layout;
	uint8_t revision;               /* sgdma: DMA description revision */
};

static int same_pools(const struct ndisdma_pools *a, const struct ndisdma_pools *b)
{
	return a->live_sg_lists == b->live_sg_lists &&
	       a->queued_sg_requests == b->queued_sg_requests &&
	       a->live_shared_blocks == b->live_shared_blocks &&
	       a->shared_bytes == b->shared_bytes &&
	       a->live_driver_resources == b->live_driver_resources &&
	       a->live_handles == b->live_handles &&
	       a->internal_allocations - a->internal_frees ==
		       b->internal_allocations - b->internal_frees;
}

/* reset mode: the miniport logs each SOFT_ERRORS reset (ERROR-LOG warnings) */
static void check_reports(struct conf_run *r, struct ndisdma_machine *m,
			  uint64_t reg_header_expected, bool error_log_expected)
{
	uint64_t logged = ndisdma_report_count(m, "ERROR-LOG");
	struct ndisdma_report rep;
	size_t i;

	for (i = 0; ndisdma_report_at(m, i, &rep); i++)
		if ((strcmp(rep.rule, "REG-HEADER") != 0 || reg_header_expected == 0) &&
		    (strcmp(rep.rule, "ERROR-LOG") != 0 || !error_log_expected))
			fprintf(stderr, "conf_host %s: report %s: %s (%s)\n", r->mode,
				rep.rule, rep.message, rep.site);
	EXPECT(r, ndisdma_report_count(m, "REG-HEADER") == reg_header_expected);
	EXPECT(r, error_log_expected ? logged >= 3 : logged == 0);
	EXPECT(r, ndisdma_report_count(m, NULL) == reg_header_expected + logged);
}

static void run_variant(struct conf_run *r, const struct conf_variant *v)
{
	struct ndisdma_config cfg;
	struct ndisdma_machine *m = NULL;
	struct ndisdma_driver *d = NULL;
	struct ndisdma_adapter *a = NULL;
	struct ndisdma_adapter_params p;
	struct ndisdma_pools base, after;
	struct ndisdma_dma_info info;
	char err[256] = "";

	ndisdma_config_init(&cfg);
	cfg.seed = 0xC0F;
	cfg.layout = v->layout;
	if (ndisdma_machine_create(&cfg, &m, err, sizeof(err)) != 0) {
		fprintf(stderr, "conf_host %s: machine: %s\n", r->mode, err);
		r->failures++;
		return;
	}
	ndisdma_thread_enter(m);
	ndisdma_machine_pools(m, &base);
	EXPECT(r, ndisdma_driver_load(m, r->path, &d, err, sizeof(err)) == 0);
	memset(&p, 0, sizeof(p));
	p.name = v->name;
	p.params = v->params;
	p.device = v->device;
	p.dma_bits = v->dma_bits;
	if (d && ndisdma_adapter_initialize(d, &p, &a, err, sizeof(err)) != 0)
		a = NULL;
	EXPECT(r, a != NULL);
	if (a && ndisdma_adapter_restart(a, err, sizeof(err)) != 0) {
		EXPECT(r, !"restart");
	} else if (a) {
		EXPECT(r, strcmp(ndisdma_adapter_state(a), "running") == 0);
		if (strcmp(r->mode, "basic") == 0)
			mode_basic(r, a);
		else if (strcmp(r->mode, "nbl") == 0)
			mode_nbl(r, a);
		else if (strcmp(r->mode, "reset") == 0)
			mode_reset(r, a);
		else if (strcmp(r->mode, "stats") == 0)
			mode_stats(r, a);
		else if (strcmp(r->mode, "sgdma") == 0) {
			EXPECT(r, ndisdma_adapter_dma_info(a, &info) == 0);
			EXPECT(r, info.registered && info.revision == v->revision);
			EXPECT(r, info.flags == (v->dma_bits == 32 ? 0u : 1u));
			EXPECT(r, info.max_mapping == 64 * 1024);
			traffic(r, a, 2000, 5);
		}
		EXPECT(r, ndisdma_adapter_pause(a, err, sizeof(err)) == 0);
	}
	if (err[0])
		fprintf(stderr, "conf_host %s: %s: %s\n", r->mode, v->name, err);
	if (a)
		ndisdma_adapter_halt(a);
	if (d)
		ndisdma_driver_unload(d);
	check_reports(r, m, strcmp(r->mode, "sgdma") == 0 ? 1 : 0,
		      strcmp(r->mode, "reset") == 0);
	ndisdma_machine_pools(m, &after);
	EXPECT(r, same_pools(&base, &after));
	ndisdma_thread_enter(NULL);
	ndisdma_machine_destroy(m);
}

static const char *const basic_params[] = { "DmaBits=64", "NetworkAddress=02-AA-BB-CC-DD-EE",
					    NULL };
static const char *const sg_v1[] = { "DmaBits=64", "ConfProbeRevision=1", NULL };
static const char *const sg_v2[] = { "DmaBits=32", "ConfDescSize=1", "ConfProbeRevision=1",
				     NULL };
static const char *const sg_v3[] = { "DmaBits=64", "ConfDescRevision=2", "ConfProbeRevision=1",
				     NULL };

static const struct conf_variant variants[] = {
	{ "basic", basic_params, "virtio-net", 64, NDISDMA_LAYOUT_CONTIGUOUS, 1 },
	{ "sgdma", sg_v1, NULL, 64, NDISDMA_LAYOUT_SCATTERED, 1 },
	{ "sgdma", sg_v2, NULL, 32, NDISDMA_LAYOUT_MIXED, 1 },
	{ "sgdma", sg_v3, NULL, 64, NDISDMA_LAYOUT_HIGH, 2 },
	{ "nbl", NULL, NULL, 64, NDISDMA_LAYOUT_MIXED, 1 },
	{ "sync", NULL, "virtio-net", 64, NDISDMA_LAYOUT_CONTIGUOUS, 1 },
	{ "reset", NULL, NULL, 64, NDISDMA_LAYOUT_CONTIGUOUS, 1 },
	{ "stats", NULL, NULL, 64, NDISDMA_LAYOUT_CONTIGUOUS, 1 },
};

int main(int argc, char **argv)
{
	struct conf_run r = { 0 };
	conf_result_fn result;
	const char *first = "";
	int32_t checks = 0, line = 0, failed;
	size_t i, ran = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: conf_host MODE DRIVER.so\n");
		return 2;
	}
	r.mode = argv[1];
	r.path = argv[2];
	/* keep the .so loaded across unloads to read its result at the end */
	r.dl = dlopen(r.path, RTLD_NOW | RTLD_GLOBAL);
	if (!r.dl) {
		fprintf(stderr, "conf_host: %s\n", dlerror());
		return 1;
	}
	result = (conf_result_fn)(uintptr_t)dlsym(r.dl, "ConfGetResult");
	for (i = 0; i < sizeof(variants) / sizeof(variants[0]); i++) {
		if (strcmp(variants[i].name, r.mode) == 0) {
			run_variant(&r, &variants[i]);
			ran++;
		}
	}
	if (ran == 0) {
		/* a family's miniport with no variant of its own */
		struct conf_variant generic = { r.mode, NULL, "virtio-net", 64,
						NDISDMA_LAYOUT_CONTIGUOUS, 1 };

		run_variant(&r, &generic);
	}
	EXPECT(&r, result != NULL);
	if (result) {
		failed = result(&checks, &first, &line);
		if (failed)
			fprintf(stderr, "conf_host %s: miniport: %d of %d checks failed, first "
				"at line %d: %s\n", r.mode, failed, checks, line, first);
		EXPECT(&r, failed == 0);
		EXPECT(&r, checks > 20);
	}
	printf("conf_host %s: %d miniport checks, %d host failures\n", r.mode, checks,
	       r.failures);
	return r.failures ? 1 : 0;
}
