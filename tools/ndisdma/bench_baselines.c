/* bench_baselines.c — what ndisdma's numbers are compared with, on the same
 * NET_BUFFERs in the same run:
 *   ideal walk  the MDLs' PFN arrays -> the same merged elements, with no
 *               API, no check and no callback: the physical limit of the
 *               data layout;
 *   memcpy      the bytes a 32-bit channel bounces (pieces above 4 GiB),
 *               copied to a page each, nothing else (W5);
 *   pagemap     naive translation: one pread of /proc/self/pagemap per
 *               page, as a simple user-space implementation does.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench_set.h"

#define BB_PAGE 4096u

uint64_t bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int bench_timing_add(struct bench_timing *t, double ns_per_packet)
{
	if (t->nbatch == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 1024;
		double *p = realloc(t->batch_ns, cap * sizeof(*p));

		if (!p)
			return -1;
		t->batch_ns = p;
		t->cap = cap;
	}
	t->batch_ns[t->nbatch++] = ns_per_packet;
	return 0;
}

void bench_timing_free(struct bench_timing *t)
{
	free(t->batch_ns);
	t->batch_ns = NULL;
	t->nbatch = t->cap = 0;
}

/* Runs `batch(set, first, n)` over `packets` in timed batches. */
static int timed(struct bench_set *set, uint64_t packets, struct bench_timing *t,
		 uint64_t (*batch)(struct bench_set *, uint64_t, uint32_t, void *),
		 void *arg)
{
	uint64_t done = 0, elements = 0;

	while (done < packets) {
		uint32_t n = packets - done < BENCH_BATCH ?
			     (uint32_t)(packets - done) : BENCH_BATCH;
		uint64_t t0 = bench_now_ns();

		elements += batch(set, done, n, arg);
		if (bench_timing_add(t, (double)(bench_now_ns() - t0) / n) != 0)
			return -1;
		done += n;
	}
	t->packets += done;
	t->elements += elements;
	return 0;
}

/* ---- ideal walk ------------------------------------------------------------ */

static inline ULONG ideal_walk(const NET_BUFFER *nb, SCATTER_GATHER_ELEMENT *out)
{
	const MDL *m = nb->CurrentMdl;
	ULONG64 left = (ULONG64)nb->CurrentMdlOffset + nb->DataLength;
	ULONG64 end_pa = ~0ull;
	ULONG n = 0;

	for (; left; m = m->Next) {
		const PFN_NUMBER *pfn = (const PFN_NUMBER *)(m + 1);
		ULONG64 pos = m->ByteOffset;
		ULONG64 stop = pos + (m->ByteCount < left ? m->ByteCount : left);

		left -= stop - pos;
		while (pos < stop) {
			ULONG64 page_end = (pos | (BB_PAGE - 1)) + 1;
			ULONG len = (ULONG)((page_end < stop ? page_end : stop) - pos);
			ULONG64 pa = (ULONG64)pfn[pos / BB_PAGE] * BB_PAGE + pos % BB_PAGE;

			if (pa == end_pa) {
				out[n - 1].Length += len;
			} else {
				out[n].Address.QuadPart = (LONGLONG)pa;
				out[n].Length = len;
				out[n].Reserved = 0;
				n++;
			}
			end_pa = pa + len;
			pos += len;
		}
	}
	return n;
}

static uint64_t ideal_batch(struct bench_set *set, uint64_t first, uint32_t n,
			    void *arg)
{
	uint32_t nbs = set->shape.nbs, at = (uint32_t)(first % nbs);
	uint64_t elements = 0;

	for (uint32_t i = 0; i < n; i++) {
		elements += ideal_walk(set->nbs[at], set->scratch);
		if (++at == nbs)
			at = 0;
	}
	return elements;
}

int bench_loop_ideal(struct bench_set *set, uint64_t packets, struct bench_timing *t)
{
	return timed(set, packets, t, ideal_batch, NULL);
}

/* ---- memcpy of the bounced bytes ------------------------------------------- */

static uint64_t memcpy_batch(struct bench_set *set, uint64_t first, uint32_t n,
			     void *arg)
{
	uint32_t nbs = set->shape.nbs, at = (uint32_t)(first % nbs);
	uint64_t pieces = 0;

	for (uint32_t i = 0; i < n; i++) {
		ULONG from = set->piece_first[at], to = set->piece_first[at + 1];

		for (ULONG p = from; p < to; p++) {
			const struct bench_piece *pc = &set->pieces[p];

			memcpy(set->bounce + (SIZE_T)(p - from) * BB_PAGE + pc->page_offset,
			       pc->va, pc->length);
		}
		pieces += to - from;
		if (++at == nbs)
			at = 0;
	}
	return pieces;
}

int bench_loop_memcpy(struct bench_set *set, uint64_t packets, struct bench_timing *t)
{
	return timed(set, packets, t, memcpy_batch, NULL);
}

/* ---- naive translation: pread(/proc/self/pagemap) per page ------------------ */

#define PAGEMAP_PRESENT (1ull << 63)
#define PAGEMAP_PFN_MASK ((1ull << 55) - 1)

const char *bench_pagemap_check(void)
{
	static const char *why_open = "cannot open /proc/self/pagemap";
	static const char *why_read = "cannot read /proc/self/pagemap";
	uint64_t entry = 0;
	int probe = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	off_t at = (off_t)((uintptr_t)&probe / BB_PAGE * sizeof(entry));

	if (fd < 0)
		return why_open;
	if (pread(fd, &entry, sizeof(entry), at) != (ssize_t)sizeof(entry)) {
		close(fd);
		return why_read;
	}
	close(fd);
	return NULL;
}

/* One element per page piece, each page translated by a syscall. */
static ULONG pagemap_walk(int fd, const NET_BUFFER *nb, SCATTER_GATHER_ELEMENT *out)
{
	const MDL *m = nb->CurrentMdl;
	ULONG64 left = (ULONG64)nb->CurrentMdlOffset + nb->DataLength;
	ULONG n = 0;

	for (; left; m = m->Next) {
		const UCHAR *va = (const UCHAR *)m->MappedSystemVa;
		ULONG64 bytes = m->ByteCount < left ? m->ByteCount : left;

		if (!(m->MdlFlags & (MDL_MAPPED_TO_SYSTEM_VA | MDL_SOURCE_IS_NONPAGED_POOL)))
			va = (const UCHAR *)m->StartVa + m->ByteOffset;
		left -= bytes;
		for (ULONG64 pos = 0; pos < bytes;) {
			uintptr_t a = (uintptr_t)(va + pos);
			ULONG len = (ULONG)(BB_PAGE - a % BB_PAGE);
			uint64_t entry = 0;

			if (len > bytes - pos)
				len = (ULONG)(bytes - pos);
			if (pread(fd, &entry, sizeof(entry),
				  (off_t)(a / BB_PAGE * sizeof(entry))) != (ssize_t)sizeof(entry))
				entry = 0;
			out[n].Address.QuadPart = (LONGLONG)(((entry & PAGEMAP_PRESENT) ?
				(entry & PAGEMAP_PFN_MASK) : 0) * BB_PAGE + a % BB_PAGE);
			out[n].Length = len;
			out[n].Reserved = 0;
			n++;
			pos += len;
		}
	}
	return n;
}

static uint64_t pagemap_batch(struct bench_set *set, uint64_t first, uint32_t n,
			      void *arg)
{
	int fd = *(int *)arg;
	uint32_t nbs = set->shape.nbs, at = (uint32_t)(first % nbs);
	uint64_t elements = 0;

	for (uint32_t i = 0; i < n; i++) {
		elements += pagemap_walk(fd, set->nbs[at], set->scratch);
		if (++at == nbs)
			at = 0;
	}
	return elements;
}

int bench_loop_pagemap(struct bench_set *set, uint64_t packets, struct bench_timing *t)
{
	int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	int rc;

	if (fd < 0) {
		fprintf(stderr, "ndisdma bench: /proc/self/pagemap: %s\n", strerror(errno));
		return -1;
	}
	rc = timed(set, packets, t, pagemap_batch, &fd);
	close(fd);
	return rc;
}
