/* bench_peers.c — the DPDK peer when ndisdma was built without DPDK
 * (pkg-config found no libdpdk, or a sanitizer build): the bench says so
 * and reports null for that ratio.  With DPDK, dpdk/bench_dpdk.c. */

#include "bench_tool.h"

#ifndef NDISDMA_HAVE_DPDK
const char *bench_dpdk_start(void)
{
	return "not built with DPDK (install libdpdk-dev and reconfigure)";
}

void bench_dpdk_stop(void)
{
}

int bench_dpdk_run(const struct bench_shape *shape, uint64_t packets,
		   struct bench_timing *t)
{
	return -1;
}
#endif
