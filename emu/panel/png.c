/* PNG writer (see png.h): signature, IHDR, tEXt, one IDAT compressed with zlib, IEND.
 * Each row uses the Sub filter, which suits the panel's flat colour areas. */
#include "png.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static bool chunk(FILE *f, const char *type, const uint8_t *data, size_t len)
{
    uint8_t head[8];
    put32(head, (uint32_t)len);
    memcpy(head + 4, type, 4);
    uLong crc = crc32(0, (const Bytef *)type, 4);
    if (len)
        crc = crc32(crc, data, (uInt)len);
    uint8_t tail[4];
    put32(tail, (uint32_t)crc);
    return fwrite(head, 1, 8, f) == 8 && (len == 0 || fwrite(data, 1, len, f) == len) &&
           fwrite(tail, 1, 4, f) == 4;
}

bool png_write(const char *path, const void *pixels, int w, int h, int pitch_bytes,
               const char *const *text, char *err, int errlen)
{
    size_t row = 1 + 3 * (size_t)w, rawlen = row * (size_t)h;
    uint8_t *raw = malloc(rawlen);
    uLongf zlen = compressBound((uLong)rawlen);
    uint8_t *z = malloc(zlen);
    bool ok = false;
    FILE *f = NULL;
    if (!raw || !z) {
        snprintf(err, (size_t)errlen, "%s: out of memory", path);
        goto out;
    }
    for (int y = 0; y < h; y++) {
        const uint32_t *src = (const uint32_t *)((const uint8_t *)pixels + (size_t)y * (size_t)pitch_bytes);
        uint8_t *dst = raw + (size_t)y * row;
        uint32_t left = 0;
        dst[0] = 1;                                     /* filter: Sub */
        for (int x = 0; x < w; x++) {
            uint32_t p = src[x];
            dst[1 + 3 * x] = (uint8_t)((p >> 16) - (left >> 16));
            dst[2 + 3 * x] = (uint8_t)((p >> 8) - (left >> 8));
            dst[3 + 3 * x] = (uint8_t)(p - left);
            left = p;
        }
    }
    if (compress2(z, &zlen, raw, (uLong)rawlen, 6) != Z_OK) {
        snprintf(err, (size_t)errlen, "%s: compression failed", path);
        goto out;
    }
    if (!(f = fopen(path, "wb"))) {
        snprintf(err, (size_t)errlen, "%s: %s", path, strerror(errno));
        goto out;
    }
    static const uint8_t sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
    uint8_t ihdr[13];
    put32(ihdr, (uint32_t)w);
    put32(ihdr + 4, (uint32_t)h);
    ihdr[8] = 8;            /* bit depth */
    ihdr[9] = 2;            /* colour type: RGB */
    ihdr[10] = ihdr[11] = ihdr[12] = 0;     /* deflate, adaptive filters, no interlace */
    ok = fwrite(sig, 1, 8, f) == 8 && chunk(f, "IHDR", ihdr, sizeof ihdr);
    for (int i = 0; ok && text && text[i] && text[i + 1]; i += 2) {
        size_t kl = strlen(text[i]), vl = strlen(text[i + 1]);
        uint8_t *t = malloc(kl + 1 + vl);
        if (!t) {
            ok = false;
            break;
        }
        memcpy(t, text[i], kl + 1);
        memcpy(t + kl + 1, text[i + 1], vl);
        ok = chunk(f, "tEXt", t, kl + 1 + vl);
        free(t);
    }
    ok = ok && chunk(f, "IDAT", z, zlen) && chunk(f, "IEND", NULL, 0);
    if (fclose(f) != 0)
        ok = false;
    if (!ok)
        snprintf(err, (size_t)errlen, "%s: %s", path, strerror(errno ? errno : EIO));
out:
    free(raw);
    free(z);
    return ok;
}
