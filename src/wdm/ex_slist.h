/* ex_slist.h — the S-list primitives behind the exported S-list routines
 * and the lookaside lists (src/wdm/ex_slist.c).  An entry is any memory
 * whose first pointer-sized word is its Next link (SLIST_ENTRY.Next). */
#ifndef NDISDMA_EX_SLIST_H
#define NDISDMA_EX_SLIST_H

#include <ntddk.h>
#include <stdbool.h>
#include <stdint.h>

void slist_init(SLIST_HEADER *h);
/* Returns the entry that was first before, or NULL. */
void *slist_push(SLIST_HEADER *h, void *entry);
/* Returns the first entry, or NULL when empty. */
void *slist_pop(SLIST_HEADER *h);
/* Detaches the whole chain; returns its first entry, or NULL. */
void *slist_flush(SLIST_HEADER *h);
uint16_t slist_depth(const SLIST_HEADER *h);
/* The Next link of an entry this thread owns. */
static inline void *slist_next(const void *entry)
{
	return *(void *const *)entry;
}

#endif
