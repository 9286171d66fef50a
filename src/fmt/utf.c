/* utf.c — UTF-8 / UTF-16 decoding and encoding (utf.h). */
#include "fmt/utf.h"

static int continuation(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char c = s[0];
	size_t need;
	uint32_t v, min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		need = 1, v = c & 0x1F, min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 2, v = c & 0x0F, min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 3, v = c & 0x07, min = 0x10000;
	} else {
		*cp = UTF_REPLACEMENT;
		return 1;
	}
	if (n < need + 1) {
		*cp = UTF_REPLACEMENT;
		return 1;
	}
	for (size_t i = 1; i <= need; i++) {
		if (!continuation(s[i])) {
			*cp = UTF_REPLACEMENT;
			return 1;
		}
		v = (v << 6) | (s[i] & 0x3F);
	}
	/* overlong forms, surrogates and values past U+10FFFF are malformed */
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
		*cp = UTF_REPLACEMENT;
		return 1;
	}
	*cp = v;
	return need + 1;
}

size_t utf16_decode(const uint16_t *s, size_t n, uint32_t *cp)
{
	uint16_t u = s[0];

	if (u < 0xD800 || u > 0xDFFF) {
		*cp = u;
		return 1;
	}
	if (u <= 0xDBFF && n >= 2 && s[1] >= 0xDC00 && s[1] <= 0xDFFF) {
		*cp = 0x10000 + (((uint32_t)u - 0xD800) << 10) + ((uint32_t)s[1] - 0xDC00);
		return 2;
	}
	*cp = UTF_REPLACEMENT;
	return 1;
}

static uint32_t valid(uint32_t cp)
{
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return UTF_REPLACEMENT;
	return cp;
}

size_t utf8_encode(uint32_t cp, unsigned char out[4])
{
	cp = valid(cp);
	if (cp < 0x80) {
		out[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (unsigned char)(0xC0 | (cp >> 6));
		out[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (unsigned char)(0xE0 | (cp >> 12));
		out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (unsigned char)(0xF0 | (cp >> 18));
	out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

size_t utf16_encode(uint32_t cp, uint16_t out[2])
{
	cp = valid(cp);
	if (cp < 0x10000) {
		out[0] = (uint16_t)cp;
		return 1;
	}
	cp -= 0x10000;
	out[0] = (uint16_t)(0xD800 + (cp >> 10));
	out[1] = (uint16_t)(0xDC00 + (cp & 0x3FF));
	return 2;
}

size_t utf8_to_utf16_length(const unsigned char *s, size_t n)
{
	size_t units = 0;
	uint32_t cp;

	for (size_t i = 0; i < n;) {
		i += utf8_decode(s + i, n - i, &cp);
		units += cp >= 0x10000 ? 2 : 1;
	}
	return units;
}

size_t utf16_to_utf8_length(const uint16_t *s, size_t n)
{
	size_t bytes = 0;
	unsigned char tmp[4];
	uint32_t cp;

	for (size_t i = 0; i < n;) {
		i += utf16_decode(s + i, n - i, &cp);
		bytes += utf8_encode(cp, tmp);
	}
	return bytes;
}

size_t utf16_strlen(const uint16_t *s)
{
	size_t n = 0;

	while (s[n] != 0)
		n++;
	return n;
}
