/* sim.c — layout policies of the sim platform (spec §11): which simulated
 * frame a VA page gets the first time it is seen.  Every choice comes from
 * the platform's own splitmix64 state, so a seed and a sequence of calls
 * give the same frames every run.
 */
#include "platform/platform_internal.h"

/* Frames usable below 4 GiB: frame 0 is never handed out (PA 0 reads as
 * NULL in too many drivers). */
static uint64_t low_end(const struct platform *p)
{
	return p->fs.frames < FRAME_4GB ? p->fs.frames : FRAME_4GB;
}

static uint64_t take(struct platform *p, uint64_t f)
{
	if (f != NO_FRAME)
		frames_take(&p->fs, f);
	return f;
}

static uint64_t prev_frame(const struct platform *p, uint64_t vpage)
{
	uint64_t f;
	if (vpage && page_map_get(&p->va_to_frame, vpage - 1, &f))
		return f;
	return NO_FRAME;
}

/* contiguous / high: the frame after the previous VA page's frame when it
 * is free and in the region, else the next free frame from a bump pointer */
static uint64_t assign_adjacent(struct platform *p, uint64_t vpage,
				uint64_t lo, uint64_t hi, uint64_t *bump)
{
	uint64_t prev = prev_frame(p, vpage);
	if (prev != NO_FRAME && prev + 1 >= lo && prev + 1 < hi &&
	    frames_is_free(&p->fs, prev + 1))
		return take(p, prev + 1);
	uint64_t from = *bump < lo || *bump >= hi ? lo : *bump;
	uint64_t f = frames_find_free_wrap(&p->fs, lo, from, hi);
	if (f != NO_FRAME)
		*bump = f + 1;
	return take(p, f);
}

/* a free frame at or after a random point of [lo, hi) */
static uint64_t random_free(struct platform *p, uint64_t lo, uint64_t hi)
{
	if (hi <= lo)
		return NO_FRAME;
	uint64_t from = lo + platform_rng_below(p, hi - lo);
	return frames_find_free_wrap(&p->fs, lo, from, hi);
}

/* mixed: start a run of 1-16 frames below, above, or across 4 GiB */
static uint64_t start_run(struct platform *p)
{
	uint32_t len = 1 + (uint32_t)platform_rng_below(p, 16);
	uint64_t where = platform_rng_below(p, 3);
	uint64_t f = NO_FRAME;
	if (where == 2) {
		/* straddle: the run crosses 0xFFFFF -> 0x100000 (possible
		 * while that pair is still free, i.e. once per machine) */
		if (len < 2)
			len = 2;
		uint64_t start = FRAME_4GB - 1 - platform_rng_below(p, len - 1);
		if (frames_find_run(&p->fs, start, start + len, len) == start)
			f = start;
		else
			where = platform_rng_below(p, 2);
	}
	if (where == 0)
		f = random_free(p, 1, low_end(p) - (len - 1));
	else if (where == 1)
		f = random_free(p, FRAME_4GB, p->fs.frames - (len - 1));
	if (f == NO_FRAME)
		f = random_free(p, 1, p->fs.frames);
	p->run_left = f == NO_FRAME ? 0 : len - 1;
	return take(p, f);
}

static uint64_t assign_mixed(struct platform *p, uint64_t vpage)
{
	uint64_t prev = prev_frame(p, vpage);
	if (p->run_left && prev != NO_FRAME &&
	    frames_is_free(&p->fs, prev + 1)) {
		p->run_left--;
		return take(p, prev + 1);
	}
	return start_run(p);
}

uint64_t sim_assign_frame(struct platform *p, uint64_t vpage)
{
	switch (p->layout) {
	case LAYOUT_SCATTERED:
		return take(p, random_free(p, 1, low_end(p)));
	case LAYOUT_HIGH:
		return assign_adjacent(p, vpage, FRAME_4GB, p->fs.frames,
				       &p->high_bump);
	case LAYOUT_MIXED:
		return assign_mixed(p, vpage);
	case LAYOUT_CONTIGUOUS:
	default:
		return assign_adjacent(p, vpage, 1, low_end(p), &p->low_bump);
	}
}

uint64_t sim_block_search_start(struct platform *p, uint64_t limit_frame)
{
	uint64_t hi = limit_frame < p->fs.frames ? limit_frame : p->fs.frames;
	uint64_t low = hi < low_end(p) ? hi : low_end(p);

	switch (p->layout) {
	case LAYOUT_SCATTERED:
		/* blocks land anywhere below 4 GiB, per seed: a driver that
		 * assumes two blocks are neighbours is caught */
		return low > 1 ? 1 + platform_rng_below(p, low - 1) : 1;
	case LAYOUT_HIGH:
		/* a 64-bit device's blocks go above 4 GiB, so a driver that
		 * truncates shared-memory addresses is caught */
		return hi > FRAME_4GB ? FRAME_4GB : 1;
	case LAYOUT_MIXED:
		return hi > 1 ? 1 + platform_rng_below(p, hi - 1) : 1;
	case LAYOUT_CONTIGUOUS:
	default:
		return 1;
	}
}
