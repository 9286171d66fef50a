/* config_store.c — see config_store.h. */
#include "ndis/config_store.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct store_value {
	struct store_value *next;
	WCHAR *name;
	size_t name_count;
	struct cfg_value v;       /* v.data points into the same allocation */
};

struct config_key {
	struct config_registry *reg;
	struct config_key *next;  /* sibling, creation order */
	struct config_key *children, **children_tail;
	struct store_value *values;
	WCHAR *name;
	size_t name_count;
};

struct store {
	struct store *next;
	char *identity;
	struct config_key root;
};

struct config_registry {
	pthread_mutex_t lock;
	struct store *stores;
};

/* ---- names ------------------------------------------------------------------------ */

static WCHAR fold(WCHAR c)
{
	return c >= 'A' && c <= 'Z' ? (WCHAR)(c - 'A' + 'a') : c;
}

static bool same_name(const WCHAR *a, size_t an, struct cfg_name b)
{
	if (an != b.count)
		return false;
	for (size_t i = 0; i < an; i++)
		if (fold(a[i]) != fold(b.units[i]))
			return false;
	return true;
}

/* UTF-8 -> UTF-16 (a byte that is no valid sequence becomes U+FFFD);
 * returns the code units written (out may be NULL to count). */
static size_t utf16_from_utf8(const char *s, size_t len, WCHAR *out)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	size_t n = 0;

	while (p < end) {
		int extra = *p >= 0xF0 ? 3 : *p >= 0xE0 ? 2 : *p >= 0xC0 ? 1 : 0;
		uint32_t cp = extra ? *p & (0x3Fu >> extra) : *p;

		if (*p >= 0x80 && *p < 0xC0)
			cp = 0xFFFD;
		p++;
		for (int i = 0; i < extra; i++, p++) {
			if (p >= end || (*p & 0xC0) != 0x80) {
				cp = 0xFFFD;
				break;
			}
			cp = cp << 6 | (*p & 0x3Fu);
		}
		if (cp >= 0x10000) {
			cp -= 0x10000;
			if (out) {
				out[n] = (WCHAR)(0xD800 | (cp >> 10));
				out[n + 1] = (WCHAR)(0xDC00 | (cp & 0x3FF));
			}
			n += 2;
		} else {
			if (out)
				out[n] = (WCHAR)cp;
			n++;
		}
	}
	return n;
}

/* ---- keys and values (called with the lock held) ------------------------------------ */

static struct config_key *find_child(struct config_key *k, struct cfg_name name)
{
	for (struct config_key *c = k->children; c; c = c->next)
		if (same_name(c->name, c->name_count, name))
			return c;
	return NULL;
}

static struct config_key *add_child(struct config_key *k, struct cfg_name name)
{
	struct config_key *c = calloc(1, sizeof(*c));

	if (!c || !(c->name = malloc((name.count + 1) * sizeof(WCHAR)))) {
		free(c);
		return NULL;
	}
	memcpy(c->name, name.units, name.count * sizeof(WCHAR));
	c->name[name.count] = 0;
	c->name_count = name.count;
	c->reg = k->reg;
	c->children_tail = &c->children;
	*k->children_tail = c;
	k->children_tail = &c->next;
	return c;
}

static struct store_value **find_value(struct config_key *k, struct cfg_name name)
{
	struct store_value **p = &k->values;

	while (*p && !same_name((*p)->name, (*p)->name_count, name))
		p = &(*p)->next;
	return p;
}

/* Replaces in place so a value keeps its position; 0 or -ENOMEM. */
static int put_value(struct config_key *k, struct cfg_name name, const struct cfg_value *v)
{
	size_t name_bytes = (name.count + 1) * sizeof(WCHAR);
	struct store_value **at = find_value(k, name);
	struct store_value *n = malloc(sizeof(*n) + name_bytes + v->bytes);

	if (!n)
		return -ENOMEM;
	n->name = (WCHAR *)(void *)(n + 1);
	memcpy(n->name, name.units, name.count * sizeof(WCHAR));
	n->name[name.count] = 0;
	n->name_count = name.count;
	n->v = *v;
	n->v.data = (char *)n->name + name_bytes;
	if (v->bytes)
		memcpy((void *)n->v.data, v->data, v->bytes);
	n->next = *at ? (*at)->next : NULL;
	free(*at);
	*at = n;
	return 0;
}

static void free_key(struct config_key *k)
{
	while (k->children) {
		struct config_key *c = k->children;

		k->children = c->next;
		free_key(c);
		free(c);
	}
	while (k->values) {
		struct store_value *v = k->values;

		k->values = v->next;
		free(v);
	}
	free(k->name);
}

/* ---- seeding from keywords ------------------------------------------------------------ */

/* "A\\B\\Name=Value": walks (creating) A and B, stores Name = "Value". */
static int seed(struct config_key *root, const char *kw)
{
	const char *eq = strchr(kw, '='), *seg = kw, *sep;
	struct config_key *k = root;
	WCHAR name[256];
	struct cfg_value v = { .kind = CFG_TEXT };
	WCHAR *text;
	size_t units;
	int rc;

	if (!eq)
		return -EINVAL;
	while ((sep = memchr(seg, '\\', (size_t)(eq - seg))) != NULL) {
		struct cfg_name n = { name, utf16_from_utf8(seg, (size_t)(sep - seg), NULL) };

		if (sep == seg || n.count > 255)
			return -EINVAL;
		utf16_from_utf8(seg, (size_t)(sep - seg), name);
		if (!(k = find_child(k, n) ? find_child(k, n) : add_child(k, n)))
			return -ENOMEM;
		seg = sep + 1;
	}
	if (eq == seg || utf16_from_utf8(seg, (size_t)(eq - seg), NULL) > 255)
		return -EINVAL;
	struct cfg_name n = { name, utf16_from_utf8(seg, (size_t)(eq - seg), name) };
	units = utf16_from_utf8(eq + 1, strlen(eq + 1), NULL);
	if (!(text = malloc((units + 1) * sizeof(WCHAR))))
		return -ENOMEM;
	utf16_from_utf8(eq + 1, strlen(eq + 1), text);
	v.data = text;
	v.bytes = units * sizeof(WCHAR);
	rc = put_value(k, n, &v);
	free(text);
	return rc;
}

/* ---- the registry ---------------------------------------------------------------------- */

int config_registry_create(struct config_registry **out)
{
	struct config_registry *r = calloc(1, sizeof(*r));

	*out = NULL;
	if (!r)
		return -ENOMEM;
	pthread_mutex_init(&r->lock, NULL);
	*out = r;
	return 0;
}

void config_registry_destroy(struct config_registry *r)
{
	if (!r)
		return;
	while (r->stores) {
		struct store *s = r->stores;

		r->stores = s->next;
		free_key(&s->root);
		free(s->identity);
		free(s);
	}
	pthread_mutex_destroy(&r->lock);
	free(r);
}

static struct store *new_store(struct config_registry *r, const char *identity,
			       const char *const *keywords, const char **bad, int *rc)
{
	struct store *s = calloc(1, sizeof(*s));

	*rc = -ENOMEM;
	if (!s || !(s->identity = strdup(identity))) {
		free(s);
		return NULL;
	}
	s->root.reg = r;
	s->root.children_tail = &s->root.children;
	for (size_t i = 0; keywords && keywords[i]; i++) {
		if ((*rc = seed(&s->root, keywords[i]))) {
			*bad = keywords[i];
			free_key(&s->root);
			free(s->identity);
			free(s);
			return NULL;
		}
	}
	*rc = 0;
	return s;
}

int config_registry_open(struct config_registry *r, const char *identity,
			 const char *const *keywords, struct config_key **out,
			 const char **bad)
{
	struct store *s;
	int rc = 0;

	*out = NULL;
	*bad = NULL;
	pthread_mutex_lock(&r->lock);
	for (s = r->stores; s && strcmp(s->identity, identity); s = s->next)
		;
	if (!s && (s = new_store(r, identity, keywords, bad, &rc))) {
		s->next = r->stores;
		r->stores = s;
	}
	if (s)
		*out = &s->root;
	pthread_mutex_unlock(&r->lock);
	return rc;
}

/* ---- what configuration handles do ----------------------------------------------------- */

int config_read(struct config_key *k, struct cfg_name name,
		int (*fn)(void *ctx, const struct cfg_value *v), void *ctx)
{
	struct store_value *v;
	int rc = -ENOENT;

	pthread_mutex_lock(&k->reg->lock);
	v = *find_value(k, name);
	if (v)
		rc = fn(ctx, &v->v);
	pthread_mutex_unlock(&k->reg->lock);
	return rc;
}

int config_write(struct config_key *k, struct cfg_name name, const struct cfg_value *v)
{
	int rc;

	pthread_mutex_lock(&k->reg->lock);
	rc = put_value(k, name, v);
	pthread_mutex_unlock(&k->reg->lock);
	return rc;
}

struct config_key *config_subkey(struct config_key *k, struct cfg_name name)
{
	struct config_key *c;

	pthread_mutex_lock(&k->reg->lock);
	c = find_child(k, name);
	pthread_mutex_unlock(&k->reg->lock);
	return c;
}

struct config_key *config_subkey_at(struct config_key *k, ULONG index, struct cfg_name *name)
{
	struct config_key *c;

	pthread_mutex_lock(&k->reg->lock);
	for (c = k->children; c && index; c = c->next)
		index--;
	pthread_mutex_unlock(&k->reg->lock);
	if (c) {   /* names never change once a key exists */
		name->units = c->name;
		name->count = c->name_count;
	}
	return c;
}
