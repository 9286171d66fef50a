/* guids.c — WPP_CONTROL_GUIDS (wpp facts §1.2): the control GUIDs a
 * driver defines and their flags, WPP_DEFINE_CONTROL_GUID(Name, (GUID),
 * WPP_DEFINE_BIT(Flag) ...).  The n-th flag of a GUID is bit n (0x1, 0x2,
 * 0x4 ...), numbered again from 0 for each GUID.
 */
#include "wpp.h"

#include <ctype.h>
#include <string.h>

/* The #define's body, continuation lines joined, comments as spaces. */
static bool define_body(const char *p, char *out, size_t size)
{
	size_t n = 0;

	while (*p != '\0' && *p != '\n') {
		if (*p == '\\' && (p[1] == '\n' || (p[1] == '\r' && p[2] == '\n'))) {
			p += p[1] == '\n' ? 2 : 3;
			continue;
		}
		if (p[0] == '/' && p[1] == '*') {   /* a comment is a space */
			const char *e = strstr(p + 2, "*/");
			if (e == NULL)
				return false;
			p = e + 2;
			if (n + 1 < size)
				out[n++] = ' ';
			continue;
		}
		if (p[0] == '/' && p[1] == '/') {
			while (*p != '\0' && *p != '\n' && *p != '\\')
				p++;
			continue;
		}
		if (n + 1 >= size)
			return false;
		out[n++] = *p == '\r' ? ' ' : *p;
		p++;
	}
	out[n] = '\0';
	return true;
}

static const char *skip(const char *p)
{
	while (isspace((unsigned char)*p))
		p++;
	return p;
}

static const char *word(const char *p, char *out)
{
	size_t n = 0;

	p = skip(p);
	while ((isalnum((unsigned char)p[n]) || p[n] == '_') && n < WPP_NAME_MAX - 1) {
		out[n] = p[n];
		n++;
	}
	out[n] = '\0';
	return n > 0 ? p + n : NULL;
}

/* One WPP_DEFINE_CONTROL_GUID(...) at p (after the name); NULL if malformed. */
static const char *one_guid(struct wpp_config *c, struct wpp_guid *g, const char *p,
			    const char *file)
{
	char w[WPP_NAME_MAX];

	p = skip(p);
	if (*p != '(' || (p = word(p + 1, g->name)) == NULL || *(p = skip(p)) != ',')
		return NULL;
	p = skip(p + 1);
	if (*p != '(' || (p = strchr(p, ')')) == NULL)   /* the GUID's five fields */
		return NULL;
	p = skip(p + 1);
	if (*p == ')')
		return p + 1;
	if (*p != ',')
		return NULL;
	for (p = skip(p + 1); *p != ')'; p = skip(p)) {
		if ((p = word(p, w)) == NULL || strcmp(w, "WPP_DEFINE_BIT") != 0)
			return NULL;
		p = skip(p);
		if (*p != '(' || (p = word(p + 1, w)) == NULL || *(p = skip(p)) != ')')
			return NULL;
		p++;
		if (g->nbits == WPP_MAX_BITS) {
			wpp_error(c, file, 0, "control GUID %s has more than %d flags", g->name,
				  WPP_MAX_BITS);
			return NULL;
		}
		strcpy(g->bits[g->nbits++], w);
	}
	return p + 1;
}

void wpp_find_guids(struct wpp_config *c, const char *text, const char *file)
{
	static char body[16384];
	const char *p = text;
	unsigned line = 1;

	if (c->guids_found)
		return;
	for (; *p != '\0'; p++) {
		if (*p == '\n')
			line++;
		if (*p != '#' || (p != text && p[-1] != '\n' && !isspace((unsigned char)p[-1])))
			continue;
		const char *q = skip(p + 1);
		char w[WPP_NAME_MAX];
		if (strncmp(q, "define", 6) != 0 || (q = word(q + 6, w)) == NULL ||
		    strcmp(w, "WPP_CONTROL_GUIDS") != 0)
			continue;
		if (!define_body(q, body, sizeof(body)))
			break;
		for (q = skip(body); *q != '\0'; q = skip(q)) {
			if ((q = word(q, w)) == NULL || strcmp(w, "WPP_DEFINE_CONTROL_GUID") != 0 ||
			    c->nguids == WPP_MAX_GUIDS)
				break;
			struct wpp_guid *g = &c->guids[c->nguids];
			memset(g, 0, sizeof(*g));
			if ((q = one_guid(c, g, q, file)) == NULL)
				break;
			c->nguids++;
		}
		if (q == NULL || *q != '\0') {
			wpp_error(c, file, line, "malformed WPP_CONTROL_GUIDS (expected "
				  "WPP_DEFINE_CONTROL_GUID(Name, (GUID), WPP_DEFINE_BIT(Flag) ...) ...)");
			c->nguids = 0;
			c->guids_found = true;   /* reported once */
			return;
		}
		c->guids_found = true;
		return;
	}
}
