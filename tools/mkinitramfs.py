#!/usr/bin/env python3
"""mkinitramfs.py — packs files into a cpio "newc" archive (the Linux initramfs format).

usage: mkinitramfs.py OUT.cpio ENTRY...
  DEST=SRC   the host file SRC at DEST in the archive (mode 0755 if SRC is executable,
             else 0644); parent directories are added as needed
  DEST/      an empty directory

Everything is owned by root with mtime 0, so the same inputs give the same archive.
Several archives can be concatenated (cat a.cpio b.cpio); the guest kernel, like Linux,
unpacks them in order and a later file replaces an earlier one of the same name.
"""
import os
import stat
import sys


def header(ino, mode, size, nlink, name):
    fields = [ino, mode, 0, 0, nlink, 0, size, 0, 0, 0, 0, len(name) + 1, 0]
    return b"070701" + b"".join(b"%08x" % f for f in fields)


def pad4(n):
    return b"\0" * (-n % 4)


def entry(ino, mode, name, data=b""):
    nlink = 2 if stat.S_ISDIR(mode) else 1
    h = header(ino, mode, len(data), nlink, name) + name.encode() + b"\0"
    return h + pad4(len(h)) + data + pad4(len(data))


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    out, specs = argv[1], argv[2:]
    dirs, files = set(), []
    for spec in specs:
        dest, _, src = spec.partition("=")
        dest = dest.strip("/")
        parts = dest.split("/")
        upto = len(parts) if not src else len(parts) - 1
        for i in range(1, upto + 1):
            dirs.add("/".join(parts[:i]))
        if src:
            files.append((dest, src))
    blob, ino = bytearray(), 1
    for d in sorted(dirs):
        blob += entry(ino, stat.S_IFDIR | 0o755, d)
        ino += 1
    for dest, src in files:
        with open(src, "rb") as f:
            data = f.read()
        perm = 0o755 if os.access(src, os.X_OK) else 0o644
        blob += entry(ino, stat.S_IFREG | perm, dest, data)
        ino += 1
    blob += entry(0, 0, "TRAILER!!!")
    blob += b"\0" * (-len(blob) % 512)
    with open(out, "wb") as f:
        f.write(blob)


if __name__ == "__main__":
    main(sys.argv)
