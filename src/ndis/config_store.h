/* config_store.h — ndisdma's registry: the configuration a machine keeps
 * for each adapter and driver for the whole run (wdk-surface-facts §6.3;
 * docs/run.md "Configuration").
 *
 * A store is a tree of keys.  A key has named values and named subkeys;
 * names compare case-insensitively (ASCII), as the registry's do.  The
 * machine opens one store per identity (driver + adapter name, or the
 * driver's Parameters key) the first time it is asked for, seeded from the
 * run's keywords, and keeps it until the machine is destroyed: an adapter
 * halted and initialized again under the same name finds what it wrote
 * (NdisWriteConfiguration) the first time.  Keys and values are never
 * removed.  One lock per registry serialises every read and write.
 *
 * A keyword "Name=Value" is a string value of the root key (an INF's
 * REG_SZ); "Sub\\Name=Value" puts it in subkey Sub (created), and so on.
 * Memory is the process's (malloc), not the machine's counted allocations:
 * the store outlives the adapters the pools-at-baseline checks look at.
 */
#ifndef NDISDMA_CONFIG_STORE_H
#define NDISDMA_CONFIG_STORE_H

#include <stddef.h>
#include <stdint.h>

#include <ndis.h>

struct config_registry;
struct config_key;

enum cfg_kind {
	CFG_TEXT,      /* REG_SZ: UTF-16 units, no terminator */
	CFG_DWORD,     /* REG_DWORD: written as NdisParameter(Hex)Integer */
	CFG_MULTI,     /* REG_MULTI_SZ: the units as written */
	CFG_BINARY,    /* REG_BINARY */
};

/* A value as the store holds it (read under the registry lock). */
struct cfg_value {
	enum cfg_kind kind;
	ULONG dword;
	const void *data;     /* TEXT/MULTI: WCHARs; BINARY: bytes */
	size_t bytes;
};

/* A name as the driver gives it: UTF-16 units. */
struct cfg_name {
	const WCHAR *units;
	size_t count;
};

int config_registry_create(struct config_registry **out);
void config_registry_destroy(struct config_registry *r);

/* The root key of `identity`, created and seeded from `keywords` (UTF-8
 * "Name=Value" / "Sub\\Name=Value", NULL-terminated; may be NULL) the
 * first time; later calls return the same key and ignore the keywords.
 * 0, -ENOMEM, or -EINVAL for a keyword without '=' or with an empty name
 * segment (*bad names it). */
int config_registry_open(struct config_registry *r, const char *identity,
			 const char *const *keywords, struct config_key **out,
			 const char **bad);

/* Calls fn(ctx, value) under the lock when `name` exists in k; returns
 * fn's result, or -ENOENT. */
int config_read(struct config_key *k, struct cfg_name name,
		int (*fn)(void *ctx, const struct cfg_value *v), void *ctx);
/* Adds or replaces `name` with a copy of v; 0 or -ENOMEM. */
int config_write(struct config_key *k, struct cfg_name name, const struct cfg_value *v);

/* The subkey `name` of k, or NULL. */
struct config_key *config_subkey(struct config_key *k, struct cfg_name name);
/* The index-th subkey of k (creation order) and its name, or NULL. */
struct config_key *config_subkey_at(struct config_key *k, ULONG index, struct cfg_name *name);

#endif
