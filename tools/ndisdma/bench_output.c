/* bench_output.c — the results of `ndisdma bench`: a text table (with the
 * targets of docs/benchmarks.md checked) and one JSON object:
 *   {"machine": {...}, "workloads": [{"name", "iommu", "median_ns", "p99_ns",
 *    "packets_per_s", "elements_per_packet", "allocations", "ratios":
 *    {"ideal_walk", "memcpy", "naive_pagemap", "dpdk"}}, ...]}
 * A ratio is ours ÷ baseline in time per packet, null when the baseline
 * does not apply or did not run.
 */
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "bench_run.h"

/* The IOMMU mode a workload ran with (its own, else --iommu). */
static enum ndisdma_iommu mode_of(const struct bench_options *o,
				  const struct bench_workload *w)
{
	return w->iommu != NDISDMA_IOMMU_OFF ? w->iommu : o->iommu;
}

static double ratio(const struct bench_result *r, enum bench_baseline b)
{
	if (!r->ours.valid || !r->base[b].valid || r->base[b].median_ns <= 0)
		return NAN;
	return r->ours.median_ns / r->base[b].median_ns;
}

static const struct bench_result *find(const struct bench_result *r, size_t n,
				       const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(r[i].w->name, name) == 0 && r[i].ours.valid)
			return &r[i];
	return NULL;
}

static void print_ratio(FILE *out, double x)
{
	if (isnan(x))
		fprintf(out, " %9s", "-");
	else
		fprintf(out, " %8.3fx", x);
}

static void print_env(FILE *out, const struct bench_options *o,
		      const struct bench_env *env)
{
	fprintf(out, "seed: %" PRIu64 " (repeat with --seed %" PRIu64 ")\n",
		o->seed, o->seed);
	fprintf(out, "machine: %s, %u cores (bench threads may run on %u), %s, %s\n",
		env->cpu, env->cores, env->thread_cpus, env->kernel, env->compiler);
	fprintf(out, "runs: %u x %" PRIu64 " packets per workload and thread; "
		"median and p99 over batches of %u packets\n", o->runs, o->packets,
		BENCH_BATCH);
	if (o->iommu != NDISDMA_IOMMU_OFF)
		fprintf(out, "iommu: %s for every workload but W9-W11 (--iommu)\n",
			iommu_name(o->iommu));
	for (int b = 0; b < BENCH_BASELINES; b++)
		if (env->skipped[b])
			fprintf(out, "baseline %s skipped: %s\n",
				bench_baseline_name((enum bench_baseline)b), env->skipped[b]);
}

static void print_row(FILE *out, const struct bench_options *o,
		      const struct bench_result *r)
{
	fprintf(out, "%-3s %9.1f %9.1f %9.2f %7.2f %7" PRIu64, r->w->name,
		r->ours.median_ns, r->ours.p99_ns, r->ours.packets_per_s / 1e6,
		r->ours.elements_per_packet, r->allocations);
	for (int b = 0; b < BENCH_BASELINES; b++)
		print_ratio(out, ratio(r, (enum bench_baseline)b));
	fprintf(out, "   %s", r->w->title);
	if (r->w->dma_bits == 32 && mode_of(o, r->w) != NDISDMA_IOMMU_OFF)
		fprintf(out, "; %.0f%% of pages above 4 GiB, IOVAs below it, 0 B bounced",
			100 * r->high_fraction);
	else if (r->w->dma_bits == 32)
		fprintf(out, "; %.0f%% of pages above 4 GiB, %.0f B bounced/packet",
			100 * r->high_fraction, r->bounced_bytes);
	fputc('\n', out);
}

static void print_baselines(FILE *out, const struct bench_result *r, size_t n)
{
	fprintf(out, "\nbaselines, median (p99) ns/packet:\n%-3s", "");
	for (int b = 0; b < BENCH_BASELINES; b++)
		fprintf(out, " %22s", bench_baseline_name((enum bench_baseline)b));
	fputc('\n', out);
	for (size_t i = 0; i < n; i++) {
		fprintf(out, "%-3s", r[i].w->name);
		for (int b = 0; b < BENCH_BASELINES; b++) {
			char cell[48] = "-";

			if (r[i].base[b].valid)
				snprintf(cell, sizeof(cell), "%.1f (%.1f)",
					 r[i].base[b].median_ns, r[i].base[b].p99_ns);
			fprintf(out, " %22s", cell);
		}
		fputc('\n', out);
	}
}

static void target(FILE *out, const char *what, bool known, bool met, const char *fmt,
		   double value)
{
	fprintf(out, "  %-44s ", what);
	if (!known) {
		fprintf(out, "n/a\n");
		return;
	}
	fprintf(out, fmt, value);
	fprintf(out, "  %s\n", met ? "met" : "MISSED");
}

/* spec §11 (docs/iommu.md): W9 and W10 are W1 behind the IOMMU, so their
 * difference from W1 is the map + unmap of one list; W11 is W5 without
 * the bounce. */
static void print_iommu_targets(FILE *out, const struct bench_result *r, size_t n)
{
	const struct bench_result *w1 = find(r, n, "W1"), *w5 = find(r, n, "W5"),
		*w9 = find(r, n, "W9"), *w10 = find(r, n, "W10"), *w11 = find(r, n, "W11");
	double x;

	x = w1 && w9 ? w9->ours.median_ns - w1->ours.median_ns : NAN;
	target(out, "IOMMU lazy map+unmap <= 100 ns/list (W9-W1)", !isnan(x), x <= 100,
	       "%.1f ns", x);
	x = w1 && w10 ? w10->ours.median_ns - w1->ours.median_ns : NAN;
	target(out, "IOMMU strict map+unmap <= 600 ns/list (W10-W1)", !isnan(x),
	       x <= 600, "%.1f ns", x);
	x = w1 && w9 ? w9->ours.median_ns / w1->ours.median_ns : NAN;
	target(out, "W9 <= 1.5x W1", !isnan(x), x <= 1.5, "%.2fx", x);
	x = w5 && w11 ? w5->ours.median_ns / w11->ours.median_ns : NAN;
	target(out, "W11 >= 3x W5 (no bounce behind the IOMMU)", !isnan(x), x >= 3,
	       "%.2fx", x);
}

static void print_targets(FILE *out, const struct bench_result *r, size_t n)
{
	const struct bench_result *w1 = find(r, n, "W1"), *w2 = find(r, n, "W2"),
		*w5 = find(r, n, "W5"), *w6 = find(r, n, "W6"), *w7 = find(r, n, "W7"),
		*w8 = find(r, n, "W8");
	double x, worst = NAN;

	fprintf(out, "\ntargets:\n");
	x = w1 ? ratio(w1, BENCH_IDEAL) : NAN;
	target(out, "W1 <= 1.5x ideal walk", !isnan(x), x <= 1.5, "%.2fx", x);
	target(out, "W1 <= 25 ns median", w1 != NULL, w1 && w1->ours.median_ns <= 25,
	       "%.1f ns", w1 ? w1->ours.median_ns : 0);
	x = w2 ? ratio(w2, BENCH_IDEAL) : NAN;
	target(out, "W2 <= 1.3x ideal walk", !isnan(x), x <= 1.3, "%.2fx", x);
	x = w5 ? ratio(w5, BENCH_MEMCPY) : NAN;
	target(out, "W5 >= 0.8x memcpy throughput of bounced bytes", !isnan(x),
	       1 / x >= 0.8, "%.2fx", 1 / x);
	x = w1 && w6 ? w6->ours.packets_per_s / w1->ours.packets_per_s : NAN;
	target(out, "W6 >= 1.85x W1 packets/s", !isnan(x), x >= 1.85, "%.2fx", x);
	x = w1 && w7 ? w7->ours.median_ns / w1->ours.median_ns : NAN;
	target(out, "W7 <= 1.2x W1", !isnan(x), x <= 1.2, "%.2fx", x);
	for (size_t i = 0; i < n; i++) {
		x = ratio(&r[i], BENCH_PAGEMAP);
		if (!isnan(x) && (isnan(worst) || x > worst))
			worst = x;
	}
	target(out, ">= 100x faster than naive pagemap (worst)", !isnan(worst),
	       1 / worst >= 100, "%.0fx", 1 / worst);
	x = w1 && w8 ? w8->ours.packets_per_s / w1->ours.packets_per_s : NAN;
	target(out, "W8 >= 1,000,000 frames/s (seeded)", w8 != NULL,
	       w8 && w8->ours.packets_per_s >= 1e6, "%.0f/s",
	       w8 ? w8->ours.packets_per_s : 0);
	fprintf(out, "  %-44s ", "W8 frames/s vs W1 packets/s");
	if (isnan(x))
		fprintf(out, "n/a\n");
	else
		fprintf(out, "%.4fx\n", x);
	target(out, "W1 zero allocations", w1 != NULL, w1 && w1->allocations == 0,
	       "%.0f", w1 ? (double)w1->allocations : 0);
	print_iommu_targets(out, r, n);
}

void bench_print_table(FILE *out, const struct bench_options *o,
		       const struct bench_env *env, const struct bench_result *r,
		       size_t n)
{
	print_env(out, o, env);
	fprintf(out, "\n%-3s %9s %9s %9s %7s %7s %9s %9s %9s %9s\n", "", "median",
		"p99", "Mpkt/s", "elem/", "allocs", "x ideal", "x memcpy",
		"x pagemap", "x dpdk");
	fprintf(out, "%-3s %9s %9s %9s %7s %7s\n", "", "ns/pkt", "ns/pkt", "", "pkt", "");
	for (size_t i = 0; i < n; i++)
		if (r[i].ours.valid)
			print_row(out, o, &r[i]);
	print_baselines(out, r, n);
	print_targets(out, r, n);
}

/* ---- JSON ------------------------------------------------------------------ */

static void json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(out, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(out, "\\u%04x", (unsigned char)*s);
		else
			fputc(*s, out);
	}
	fputc('"', out);
}

static void json_number(FILE *out, double x)
{
	if (isnan(x) || isinf(x))
		fputs("null", out);
	else
		fprintf(out, "%.6g", x);
}

static void json_machine(FILE *out, const struct bench_options *o,
			 const struct bench_env *env)
{
	fputs("{\"cpu\": ", out);
	json_string(out, env->cpu);
	fprintf(out, ", \"cores\": %u, \"thread_cpus\": %u, \"kernel\": ", env->cores,
		env->thread_cpus);
	json_string(out, env->kernel);
	fputs(", \"compiler\": ", out);
	json_string(out, env->compiler);
	fprintf(out, ", \"seed\": %" PRIu64 ", \"packets_per_run\": %" PRIu64
		", \"runs\": %u, \"batch_packets\": %u, \"skipped\": {", o->seed,
		o->packets, o->runs, BENCH_BATCH);
	for (int b = 0, first = 1; b < BENCH_BASELINES; b++) {
		if (!env->skipped[b])
			continue;
		fprintf(out, "%s\"%s\": ", first ? "" : ", ",
			bench_baseline_name((enum bench_baseline)b));
		json_string(out, env->skipped[b]);
		first = 0;
	}
	fputs("}}", out);
}

void bench_print_json(FILE *out, const struct bench_options *o,
		      const struct bench_env *env, const struct bench_result *r,
		      size_t n)
{
	const char *sep = "";

	fputs("{\"machine\": ", out);
	json_machine(out, o, env);
	fputs(", \"workloads\": [", out);
	for (size_t i = 0; i < n; i++) {
		if (!r[i].ours.valid)
			continue;
		fprintf(out, "%s{\"name\": \"%s\", \"iommu\": \"%s\", \"median_ns\": ", sep,
			r[i].w->name, iommu_name(mode_of(o, r[i].w)));
		json_number(out, r[i].ours.median_ns);
		fputs(", \"p99_ns\": ", out);
		json_number(out, r[i].ours.p99_ns);
		fputs(", \"packets_per_s\": ", out);
		json_number(out, r[i].ours.packets_per_s);
		fputs(", \"elements_per_packet\": ", out);
		json_number(out, r[i].ours.elements_per_packet);
		fprintf(out, ", \"allocations\": %" PRIu64 ", \"ratios\": {", r[i].allocations);
		for (int b = 0; b < BENCH_BASELINES; b++) {
			fprintf(out, "%s\"%s\": ", b ? ", " : "",
				bench_baseline_name((enum bench_baseline)b));
			json_number(out, ratio(&r[i], (enum bench_baseline)b));
		}
		fputs("}}", out);
		sep = ", ";
	}
	fputs("]}\n", out);
}
