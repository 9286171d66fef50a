/* json.h — a small JSON (RFC 8259) reader and writer for `ndisdma verify`:
 * it reads back what its `ndisdma run` cells wrote (the --json summary, the
 * SARIF file) and the shards' --json files (--merge), and writes the
 * merged SARIF and its own --json.  A tree of nodes; numbers keep their
 * text so they are written back unchanged.
 */
#ifndef NDISDMA_CLI_JSON_H
#define NDISDMA_CLI_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum json_type { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

struct json {
	enum json_type type;
	char *key;               /* member name inside an object, else NULL */
	char *text;              /* a string's value (UTF-8), a number's text */
	bool truth;              /* JSON_BOOL */
	struct json *child;      /* first element / member */
	struct json *next;       /* next sibling */
};

/* The whole text must be one value (whitespace around it).  NULL with a
 * one-line reason (and the byte offset) in err. */
struct json *json_parse(const char *text, char *err, size_t errlen);
/* Reads and parses a file; NULL with a reason. */
struct json *json_parse_file(const char *path, char *err, size_t errlen);
void json_free(struct json *j);

/* Object member by name (NULL: absent or j not an object). */
struct json *json_get(const struct json *j, const char *key);
/* A member's string / number, or the default when absent or of another type. */
const char *json_get_str(const struct json *j, const char *key, const char *def);
double json_get_num(const struct json *j, const char *key, double def);

/* New nodes; json_add appends child to an array or object (key for an
 * object member, copied).  json_clone copies a whole subtree. */
struct json *json_new(enum json_type type);
struct json *json_new_string(const char *s);
struct json *json_new_number(double v);
struct json *json_add(struct json *parent, const char *key, struct json *child);
struct json *json_clone(const struct json *j);
size_t json_count(const struct json *j);   /* elements or members */

/* Compact writer; json_write_string quotes and escapes one string. */
void json_write(FILE *out, const struct json *j);
void json_write_string(FILE *out, const char *s);

#endif
