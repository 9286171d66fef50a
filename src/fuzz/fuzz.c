/* fuzz.c — the fuzz target front door (include/ndisdma/fuzz.h): one
 * instance of one target, inputs run one at a time on the caller's thread. */
#include "fuzz/fuzz_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

struct ndisdma_fuzz {
	const struct fz_target_ops *ops;
	void *state;
	char finding[FZ_WHY];
	uint64_t hash;
};

static const char *const target_names[NDISDMA_FUZZ_TARGETS] = {
	[NDISDMA_FUZZ_DEVICE] = "device",
	[NDISDMA_FUZZ_SG_BUILD] = "sg_build",
	[NDISDMA_FUZZ_SG_DESCRIPTION] = "sg_description",
};

static const struct fz_target_ops *const target_ops[NDISDMA_FUZZ_TARGETS] = {
	[NDISDMA_FUZZ_DEVICE] = &fz_device_ops,
	[NDISDMA_FUZZ_SG_BUILD] = &fz_sg_build_ops,
	[NDISDMA_FUZZ_SG_DESCRIPTION] = &fz_sg_description_ops,
};

const char *ndisdma_fuzz_target_name(enum ndisdma_fuzz_target t)
{
	return (unsigned)t < NDISDMA_FUZZ_TARGETS ? target_names[t] : NULL;
}

int ndisdma_fuzz_target_parse(const char *name)
{
	for (int t = 0; name && t < NDISDMA_FUZZ_TARGETS; t++)
		if (!strcmp(name, target_names[t]))
			return t;
	return -1;
}

int ndisdma_fuzz_open(const struct ndisdma_fuzz_config *c, struct ndisdma_fuzz **out,
		      char *err, size_t errlen)
{
	struct ndisdma_fuzz *f;
	int rc;

	*out = NULL;
	if ((unsigned)c->target >= NDISDMA_FUZZ_TARGETS) {
		snprintf(err, errlen, "unknown fuzz target %d", (int)c->target);
		return -EINVAL;
	}
	if (!(f = calloc(1, sizeof(*f)))) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	f->ops = target_ops[c->target];
	if ((rc = f->ops->open(c, &f->state, err, errlen))) {
		free(f);
		return rc;
	}
	*out = f;
	return 0;
}

int ndisdma_fuzz_one(struct ndisdma_fuzz *f, const uint8_t *data, size_t size)
{
	struct fz_input in = { data, size };
	const char *why;

	f->hash = FZ_HASH_INIT;
	why = f->ops->one(f->state, &in, &f->hash, f->finding, sizeof(f->finding));
	if (!why) {
		f->finding[0] = '\0';
		fz_hash(&f->hash, 0);
		return 0;
	}
	if (why != f->finding)
		snprintf(f->finding, sizeof(f->finding), "%s", why);
	fz_hash_str(&f->hash, f->finding);
	return 1;
}

uint64_t ndisdma_fuzz_hash(const struct ndisdma_fuzz *f)
{
	return f->hash;
}

const char *ndisdma_fuzz_finding(const struct ndisdma_fuzz *f)
{
	return f->finding;
}

void ndisdma_fuzz_close(struct ndisdma_fuzz *f)
{
	if (!f)
		return;
	f->ops->close(f->state);
	free(f);
}
