/* values.c — parsing and naming of `ndisdma run` option values.
 * Every parser leaves its output untouched on error and returns a one-line
 * reason the caller prints after the option name.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

const char *parse_u64(const char *text, uint64_t *out)
{
	char *end = NULL;
	unsigned long long v;

	if (text == NULL || *text == '\0')
		return "expects a number";
	if (*text == '-' || *text == '+' || *text == ' ')
		return "expects an unsigned number";
	errno = 0;
	v = strtoull(text, &end, 0);
	if (errno == ERANGE)
		return "is out of range (at most 18446744073709551615)";
	if (end == text || *end != '\0')
		return "expects a number (decimal or 0x hex)";
	*out = (uint64_t)v;
	return NULL;
}

const char *parse_dma_bits(const char *text, unsigned *out)
{
	if (strcmp(text, "32") == 0)
		*out = 32;
	else if (strcmp(text, "64") == 0)
		*out = 64;
	else
		return "expects 32 or 64";
	return NULL;
}

const char *parse_platform(const char *text, enum ndisdma_platform *out)
{
	if (strcmp(text, "sim") == 0)
		*out = NDISDMA_PLATFORM_SIM;
	else if (strcmp(text, "host") == 0)
		*out = NDISDMA_PLATFORM_HOST;
	else
		return "expects sim or host";
	return NULL;
}

const char *parse_host_reserve(const char *text, uint64_t *mib)
{
	uint64_t v = 0;
	const char *why = parse_u64(text, &v);

	if (why != NULL)
		return why;
	if (v == 0 || v > NDISDMA_HOST_RESERVE_MAX >> 20)
		return "expects 1 to 64 (MiB)";
	*mib = v;
	return NULL;
}

static const char *const layout_names[] = {
	[NDISDMA_LAYOUT_CONTIGUOUS] = "contiguous",
	[NDISDMA_LAYOUT_SCATTERED] = "scattered",
	[NDISDMA_LAYOUT_HIGH] = "high",
	[NDISDMA_LAYOUT_MIXED] = "mixed",
};

static const char *const verifier_names[] = {
	[NDISDMA_VERIFIER_OFF] = "off",
	[NDISDMA_VERIFIER_STANDARD] = "standard",
	[NDISDMA_VERIFIER_FULL] = "full",
};

const char *layout_name(enum ndisdma_layout layout)
{
	if ((size_t)layout >= sizeof layout_names / sizeof layout_names[0])
		return "?";
	return layout_names[layout];
}

const char *verifier_name(enum ndisdma_verifier_level level)
{
	if ((size_t)level >= sizeof verifier_names / sizeof verifier_names[0])
		return "?";
	return verifier_names[level];
}

const char *parse_layout(const char *text, enum ndisdma_layout *out)
{
	for (size_t i = 0; i < sizeof layout_names / sizeof layout_names[0]; i++) {
		if (strcmp(text, layout_names[i]) == 0) {
			*out = (enum ndisdma_layout)i;
			return NULL;
		}
	}
	return "expects contiguous, scattered, high or mixed";
}

const char *parse_verifier(const char *text, enum ndisdma_verifier_level *out)
{
	for (size_t i = 0; i < sizeof verifier_names / sizeof verifier_names[0]; i++) {
		if (strcmp(text, verifier_names[i]) == 0) {
			*out = (enum ndisdma_verifier_level)i;
			return NULL;
		}
	}
	return "expects off, standard or full";
}

static unsigned stress_bit(const char *word, size_t len)
{
	static const struct { const char *name; unsigned bit; } names[] = {
		{ "defer", NDISDMA_STRESS_DEFER },
		{ "split", NDISDMA_STRESS_SPLIT },
		{ "bounce", NDISDMA_STRESS_BOUNCE },
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strlen(names[i].name) == len && strncmp(word, names[i].name, len) == 0)
			return names[i].bit;
	return 0;
}

const char *parse_stress(const char *text, unsigned *out)
{
	unsigned bits = 0;
	const char *p = text;

	if (*p == '\0')
		return "expects a comma-separated list of defer, split, bounce";
	for (;;) {
		size_t len = strcspn(p, ",");
		unsigned bit = stress_bit(p, len);
		if (bit == 0)
			return "expects a comma-separated list of defer, split, bounce";
		bits |= bit;
		if (p[len] == '\0')
			break;
		p += len + 1;
	}
	*out = bits;
	return NULL;
}

static const char *parse_probability(const char *text, double *out)
{
	char *end = NULL;
	double v;

	errno = 0;
	v = strtod(text, &end);
	if (end == text || *end != '\0' || errno == ERANGE || isnan(v))
		return "expects p:P with P a number from 0 to 1";
	if (v < 0.0 || v > 1.0)
		return "expects p:P with P from 0 to 1";
	*out = v;
	return NULL;
}

const char *parse_fault(const char *text, struct run_options *o)
{
	if (strncmp(text, "nth:", 4) == 0) {
		uint64_t n = 0;
		if (parse_u64(text + 4, &n) != NULL || n == 0)
			return "expects nth:N with N >= 1";
		o->fault_mode = NDISDMA_FAULT_NTH;
		o->fault_nth = n;
		return NULL;
	}
	if (strncmp(text, "p:", 2) == 0) {
		double p = 0;
		const char *why = parse_probability(text + 2, &p);
		if (why != NULL)
			return why;
		o->fault_mode = NDISDMA_FAULT_PROBABILITY;
		o->fault_probability = p;
		return NULL;
	}
	return "expects nth:N or p:P";
}

/* pct:D or pct:D:K, D 1..64, K >= 1 */
static const char *parse_pct(const char *text, struct run_options *o)
{
	char depth[32];
	const char *colon = strchr(text, ':');
	size_t len = colon ? (size_t)(colon - text) : strlen(text);
	uint64_t d = 0, k = 0;

	if (len == 0 || len >= sizeof depth)
		return "expects pct:D or pct:D:K (D the bug depth, 1-64)";
	memcpy(depth, text, len);
	depth[len] = '\0';
	if (parse_u64(depth, &d) != NULL || d < 1 || d > 64)
		return "expects pct:D or pct:D:K with D from 1 to 64";
	if (colon && (parse_u64(colon + 1, &k) != NULL || k < 1))
		return "expects pct:D:K with K >= 1 (switch points)";
	o->sched = NDISDMA_SCHED_PCT;
	o->pct_depth = (uint32_t)d;
	o->pct_steps = k;
	return NULL;
}

const char *parse_sched(const char *text, struct run_options *o)
{
	if (strcmp(text, "seeded") == 0) {
		o->sched = NDISDMA_SCHED_SEEDED;
		return NULL;
	}
	if (strcmp(text, "threads") == 0) {
		o->sched = NDISDMA_SCHED_THREADS;
		return NULL;
	}
	if (strncmp(text, "pct:", 4) == 0)
		return parse_pct(text + 4, o);
	return "expects seeded, threads or pct:D[:K]";
}

const char *sched_name(enum ndisdma_sched s)
{
	switch (s) {
	case NDISDMA_SCHED_SEEDED: return "seeded";
	case NDISDMA_SCHED_PCT: return "pct";
	default: return "threads";
	}
}

uint64_t random_seed(void)
{
	uint64_t seed = 0;
	struct timespec ts;

	if (getrandom(&seed, sizeof seed, GRND_NONBLOCK) == (ssize_t)sizeof seed)
		return seed;
	clock_gettime(CLOCK_REALTIME, &ts);
	seed = (uint64_t)ts.tv_sec * 1000000007u ^ (uint64_t)ts.tv_nsec;
	return seed ^ ((uint64_t)getpid() << 32);
}
