#!/usr/bin/env python3
"""Checks panel screenshots (make test-panel).

  check_png.py BUSY.png IDLE.png   both are valid PANEL_W x PANEL_H images whose TLB,
                                   timeline and frame-map regions are drawn (not one
                                   flat colour) and differ between the two runs; the
                                   busy one shows page tables and user pages
  check_png.py --valid FILE.png    only that FILE is a valid panel image

The regions come from the image itself: the panel writes their rectangles into a
tEXt chunk "pagoda-layout" ("tlb=x,y,w,h timeline=... frames=..."). The PNG is read
with zlib alone; every filter type is undone.
"""
import struct
import sys
import zlib

WIDTH, HEIGHT = 1280, 800
PAGE_TABLE = (0xff, 0x8c, 0x1a)     # emu/panel/model.c: model_frame_colour
REGIONS = ("tlb", "timeline", "frames")


class Bad(Exception):
    pass


def read_png(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise Bad(f"{path}: not a PNG")
    pos, idat, text, ihdr = 8, b"", {}, None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        if zlib.crc32(kind + body) != crc:
            raise Bad(f"{path}: bad CRC in {kind!r}")
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"tEXt":
            key, _, value = body.partition(b"\0")
            text[key.decode()] = value.decode()
        elif kind == b"IEND":
            break
        pos += 12 + length
    if not ihdr:
        raise Bad(f"{path}: no IHDR")
    w, h, depth, ctype = ihdr[:4]
    if (depth, ctype) != (8, 2):
        raise Bad(f"{path}: expected 8-bit RGB, got depth {depth} colour type {ctype}")
    raw = zlib.decompress(idat)
    stride = 3 * w
    if len(raw) != h * (stride + 1):
        raise Bad(f"{path}: {len(raw)} bytes of image data for {w}x{h}")
    rows, prev = [], bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - 3] if i >= 3 else 0
            b = prev[i]
            c = prev[i - 3] if i >= 3 else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pred) & 255
            elif f != 0:
                raise Bad(f"{path}: unknown filter {f} on row {y}")
        rows.append(bytes(line))
        prev = line
    return w, h, rows, text


def layout(path, text):
    if "pagoda-layout" not in text:
        raise Bad(f"{path}: no pagoda-layout text chunk")
    regions = {}
    for item in text["pagoda-layout"].split():
        name, _, rect = item.partition("=")
        regions[name] = tuple(int(v) for v in rect.split(","))
    for r in REGIONS:
        if r not in regions:
            raise Bad(f"{path}: layout lacks {r}")
    return regions


def pixels(rows, rect):
    x, y, w, h = rect
    return [rows[yy][3 * x:3 * (x + w)] for yy in range(y, y + h)]


def colours(region):
    seen = {}
    for line in region:
        for i in range(0, len(line), 3):
            c = line[i:i + 3]
            seen[c] = seen.get(c, 0) + 1
    return seen


def load(path):
    w, h, rows, text = read_png(path)
    if (w, h) != (WIDTH, HEIGHT):
        raise Bad(f"{path}: {w}x{h}, expected {WIDTH}x{HEIGHT}")
    return rows, layout(path, text)


def not_blank(path, rows, regions):
    for r in REGIONS:
        seen = colours(pixels(rows, regions[r]))
        top = max(seen.values())
        total = sum(seen.values())
        if len(seen) < 3 or top > 0.995 * total:
            raise Bad(f"{path}: the {r} region is blank ({len(seen)} colours)")


def main(argv):
    if len(argv) == 3 and argv[1] == "--valid":
        rows, regions = load(argv[2])
        not_blank(argv[2], rows, regions)
        print(f"{argv[2]}: valid panel image")
        return 0
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    busy, idle = argv[1], argv[2]
    brows, bregions = load(busy)
    irows, iregions = load(idle)
    if bregions != iregions:
        raise Bad("the two images have different layouts")
    not_blank(busy, brows, bregions)
    not_blank(idle, irows, iregions)
    for r in REGIONS:
        b, i = pixels(brows, bregions[r]), pixels(irows, iregions[r])
        differ = sum(1 for lb, li in zip(b, i) for k in range(0, len(lb), 3)
                     if lb[k:k + 3] != li[k:k + 3])
        x, y, w, h = bregions[r]
        if differ < 0.01 * w * h:
            raise Bad(f"the {r} region hardly differs between busy and idle "
                      f"({differ} of {w * h} pixels)")
        print(f"{r}: {differ} of {w * h} pixels differ between busy and idle")
    fb, fi = colours(pixels(brows, bregions["frames"])), colours(pixels(irows, iregions["frames"]))
    if fb.get(bytes(PAGE_TABLE), 0) == 0:
        raise Bad(f"{busy}: no page-table frame in the frame map")
    if fi.get(bytes(PAGE_TABLE), 0) != 0:
        raise Bad(f"{idle}: page-table frames in an idle run's frame map")
    print(f"{busy}, {idle}: ok")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except (Bad, OSError, zlib.error) as e:
        print(f"check_png: {e}", file=sys.stderr)
        sys.exit(1)
