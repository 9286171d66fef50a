/* frames.c — the simulated physical address space: a bitmap of taken
 * frames (spec §11; 64 GiB by default = 16M frames = 2 MiB of bitmap). */
#include "platform/platform_internal.h"

#include <errno.h>
#include <stdlib.h>

int frames_init(struct frame_space *fs, uint64_t frames)
{
	fs->bits = calloc((frames + 63) / 64, sizeof(uint64_t));
	if (!fs->bits)
		return -ENOMEM;
	fs->frames = frames;
	fs->taken = 0;
	return 0;
}

void frames_destroy(struct frame_space *fs)
{
	free(fs->bits);
	fs->bits = NULL;
}

bool frames_is_free(const struct frame_space *fs, uint64_t f)
{
	return f < fs->frames && !(fs->bits[f / 64] & (1ull << (f % 64)));
}

void frames_take(struct frame_space *fs, uint64_t f)
{
	fs->bits[f / 64] |= 1ull << (f % 64);
	fs->taken++;
}

void frames_release(struct frame_space *fs, uint64_t f)
{
	if (f < fs->frames && (fs->bits[f / 64] & (1ull << (f % 64)))) {
		fs->bits[f / 64] &= ~(1ull << (f % 64));
		fs->taken--;
	}
}

uint64_t frames_find_free(const struct frame_space *fs, uint64_t from,
			  uint64_t end)
{
	if (end > fs->frames)
		end = fs->frames;
	uint64_t f = from;
	while (f < end) {
		uint64_t word = fs->bits[f / 64] | ((1ull << (f % 64)) - 1);
		if (word != UINT64_MAX) {
			uint64_t hit = (f & ~63ull) + (uint64_t)__builtin_ctzll(~word);
			return hit < end ? hit : NO_FRAME;
		}
		f = (f & ~63ull) + 64;
	}
	return NO_FRAME;
}

uint64_t frames_find_free_wrap(const struct frame_space *fs, uint64_t lo,
			       uint64_t from, uint64_t end)
{
	uint64_t f = frames_find_free(fs, from, end);
	if (f == NO_FRAME && from > lo)
		f = frames_find_free(fs, lo, from);
	return f;
}

uint64_t frames_find_run(const struct frame_space *fs, uint64_t from,
			 uint64_t end, uint64_t n)
{
	if (end > fs->frames)
		end = fs->frames;
	uint64_t start = frames_find_free(fs, from, end);
	while (start != NO_FRAME && start + n <= end) {
		uint64_t f = start + 1;
		while (f < start + n && frames_is_free(fs, f))
			f++;
		if (f == start + n)
			return start;
		start = frames_find_free(fs, f + 1, end);
	}
	return NO_FRAME;
}
