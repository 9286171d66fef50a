/* utf.h — UTF-8 and UTF-16 code points, for the formatter and the Rtl
 * string conversions.
 *
 * WCHAR strings are UTF-16 (16-bit code units, -fshort-wchar).  ndisdma's
 * "ANSI" code page is UTF-8: a narrow string is printed to the log as it is
 * and widened by decoding UTF-8 (docs/debug.md, "Character sets").  Nothing
 * here fails: an unpaired surrogate or a malformed UTF-8 sequence decodes
 * to U+FFFD, one unit or byte at a time, so every input converts.
 */
#ifndef NDISDMA_FMT_UTF_H
#define NDISDMA_FMT_UTF_H

#include <stddef.h>
#include <stdint.h>

#define UTF_REPLACEMENT 0xFFFDu

/* Decodes one code point from s[0..n) (n >= 1); returns the bytes used. */
size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);
/* Decodes one code point from s[0..n) (n >= 1); returns the units used
 * (2 only for a valid surrogate pair). */
size_t utf16_decode(const uint16_t *s, size_t n, uint32_t *cp);
/* Encodes cp (surrogates and values past U+10FFFF become U+FFFD);
 * returns the bytes (1..4) / units (1..2) written. */
size_t utf8_encode(uint32_t cp, unsigned char out[4]);
size_t utf16_encode(uint32_t cp, uint16_t out[2]);

/* Units of UTF-16 / bytes of UTF-8 that converting the whole input gives. */
size_t utf8_to_utf16_length(const unsigned char *s, size_t n);
size_t utf16_to_utf8_length(const uint16_t *s, size_t n);

/* Length in units of a NUL-terminated UTF-16 string (glibc's wcslen
 * assumes a 32-bit wchar_t). */
size_t utf16_strlen(const uint16_t *s);

#endif
