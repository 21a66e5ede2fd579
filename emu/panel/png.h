/* A small PNG writer (zlib does the compression): the panel's screenshots. */
#ifndef PAGODA_PANEL_PNG_H
#define PAGODA_PANEL_PNG_H

#include <stdbool.h>
#include <stdint.h>

/* Writes the w x h image whose row y starts at pixels + y * pitch_bytes (pixels are
 * 32-bit 0x..RRGGBB, the top byte ignored) to path as an 8-bit RGB PNG. text, when
 * not NULL, is a NULL-terminated list of keyword, value, keyword, value... written as
 * tEXt chunks. Returns false with the reason in err. */
bool png_write(const char *path, const void *pixels, int w, int h, int pitch_bytes,
               const char *const *text, char *err, int errlen);

#endif
