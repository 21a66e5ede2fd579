#!/usr/bin/env python3
"""run.py — swap and page replacement in the guest OS, through its console.

  run.py test  --pagoda build/pagoda     the checks below (exit 1 on failure)
  run.py bench --pagoda build/pagoda     the working-set sweep for each policy

Every session boots Pagoda with -m 32M, --clock icount and one swap disk (/dev/vda in
the guest): --swap FILE alone, which formats a new file as mkswap does and has the guest
enable it (the device tree's /chosen/pagoda,swap); some with a disk made by Debian's
mkswap, some with -drive and the boot argument swap=/dev/vda:
  - the flag: a new or empty file gets mkswap's header (byte for byte but the UUID, which
    blkid and swaplabel read back), 0600; a file holding anything else is refused with
    exit status 2 and left as it was; an existing swap area is used as it is; -drive
    disks are neither formatted nor enabled; swap= and --swap naming one disk enable it
    once;
  - thrash: /test/swap_thrash writes and checks a 48 MiB working set (zero mismatched
    bytes, pswpin and pswpout > 0), under each policy (clock, lru, fifo); the pages it
    reports as swapped out (/proc/self/pagemap) are found in the swap file, from here;
  - the tools: /proc/swaps, /proc/meminfo, free, vmstat 1, /proc/vmstat counters;
  - fork: pages shared copy-on-write go to swap and back, each side sees its writes;
    in-memory file pages go to swap and back; commands run while a thrash does;
  - OOM: a process allocating without bound is killed, a bystander survives intact,
    free memory (RAM + swap) returns to its baseline;
  - swapoff brings everything back, swapon -p, a second swapon is refused;
  - bad disks (no signature, 16 KiB pages, shorter than its header, too small) are
    refused with a message and left byte for byte as they were; a header's bad pages
    are never written;
  - QEMU: the same kernel swaps on QEMU's virtio-blk (modern transport), and refuses
    the legacy one with a message.
"""
import argparse
import hashlib
import os
import re
import shutil
import struct
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests/guest"))
from run import Guest, GuestError, Results, KERNEL, INITRD, FIRMWARE  # noqa: E402

OUT = os.path.join(ROOT, "build/swap")
MKSWAP = "/usr/sbin/mkswap" if os.path.exists("/usr/sbin/mkswap") else "mkswap"
M64 = (1 << 64) - 1


def make_swap(name, size="64M", extra=()):
    """A fresh swap image made by mkswap; returns its path."""
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, name)
    if os.path.exists(path):
        os.remove(path)
    subprocess.run(["truncate", "-s", size, path], check=True)
    subprocess.run([MKSWAP, *extra, path], check=True, capture_output=True)
    return path


def pagoda_argv(pagoda, swap=None, append=None, mem="32M", drive=None):
    """swap: a --swap value; drive: a disk attached with -drive (then append names it)."""
    argv = [pagoda, "-nographic", "-m", mem, "--clock", "icount",
            "-bios", FIRMWARE, "-kernel", KERNEL, "-initrd", INITRD]
    if drive:
        argv += ["-drive", f"file={drive},format=raw,if=virtio"]
    if swap:
        argv += ["--swap", swap]
    if append:
        argv += ["-append", append]
    return argv


def fresh(name):
    """A path in OUT where no file is (for --swap to create)."""
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, name)
    if os.path.exists(path):
        os.remove(path)
    return path


def boot(res, name, argv, timeout=60):
    print(f"-- {name}: {' '.join(argv)}")
    sys.stdout.flush()
    g = Guest(name, argv)
    g.boot(timeout)
    return g


def expect(res, g, cmd, pattern, what=None, timeout=120):
    try:
        out = g.command(cmd, timeout)
    except GuestError as e:
        res.check(False, f"{g.name}: {what or cmd}", str(e))
        return None
    ok = re.search(pattern, out, re.M) is not None
    res.check(ok, f"{g.name}: {what or cmd}", f"  wanted /{pattern}/, got:\n{out[-2000:]}")
    return out if ok else None


def background_said(res, g, mark, pattern, what, timeout=120):
    """After `wait`: a background job's words, printed any time since mark."""
    try:
        g.command("wait", timeout)
        ok = re.search(pattern, g.out[mark:].decode(errors="replace").replace("\r", ""), re.M)
    except GuestError:
        ok = None
    res.check(ok is not None, f"{g.name}: {what}", g.tail(1500))


def finish(res, g):
    try:
        rc = g.poweroff()
        res.check(rc == 0, f"{g.name}: poweroff exits 0", f"  exit status {rc}")
    except GuestError as e:
        res.check(False, f"{g.name}: poweroff", str(e))
    finally:
        g.kill()


def meminfo(g):
    out = g.command("cat /proc/meminfo")
    return {k: int(v) for k, v in re.findall(r"^(\w+):\s+(\d+) kB", out, re.M)}


def thrash_pattern(p, w, gen):
    return (((p * 0x9e3779b97f4a7c15) & M64) ^ (w << 40) ^ (gen << 56) ^ 0x5a5a0000a5a5) & M64


def check_slots(res, name, image, out):
    """The pages swap_thrash reported as swapped out are in the swap file, at the
    slots /proc/self/pagemap gave, with the contents the program last wrote."""
    slots = [tuple(int(x) for x in m) for m in
             re.findall(r"^slot page (\d+) type (\d+) offset (\d+) gen (\d+)", out, re.M)]
    bad = []
    with open(image, "rb") as f:
        for page, typ, offset, gen in slots:
            f.seek(offset * 4096)
            words = struct.unpack("<512Q", f.read(4096))
            if typ != 0 or any(words[w] != thrash_pattern(page, w, gen) for w in range(512)):
                bad.append((page, offset))
    res.check(len(slots) >= 8 and not bad,
              f"{name}: {len(slots)} swapped pages found in the swap file at their slots",
              f"  {len(slots)} slots reported, wrong: {bad[:10]}")


def test_thrash(res, pagoda, policy, size=48, passes=4, tools=False):
    image = fresh(f"thrash-{policy}.img")
    name = f"pagoda reclaim={policy}"
    g = boot(res, name, pagoda_argv(pagoda, image + ",size=64M", f"reclaim={policy}"))
    try:
        expect(res, g, "cat /proc/swaps",
               r"^Filename\t+Type\t+Size\t+Used\t+Priority\n/dev/vda +partition\t65532\t\t\d+\t\t-2$",
               "/proc/swaps lists /dev/vda")
        out = expect(res, g, f"/test/swap_thrash -m 24 {size} {passes} 7",
                     r"in swap: pagemap \d+ kB, smaps \d+ kB, pagemap \d+ kB: agree\n"
                     r"thrash: 0 mismatched bytes\nswap_thrash: passed",
                     f"{size} MiB working set in 32 MiB: every byte intact", timeout=600)
        if out:
            m = re.search(r"pswpin (\d+) pswpout (\d+) pgmajfault (\d+)", out)
            print(f"   {name}: {m.group(0) if m else '?'}")
        if tools:
            test_tools(res, g)
        finish(res, g)
        if out:
            check_slots(res, name, image, out)
    except GuestError as e:
        res.check(False, f"{name}: session", str(e))
        g.kill()


def test_tools(res, g):
    expect(res, g, "free", r"^Swap: +65532 +\d+ +\d+$", "free shows the swap area")
    expect(res, g, "vmstat 1 2",
           r"^ r  b   swpd   free   buff  cache   si   so .*\n( *-?\d+){17}\n( *-?\d+){17}$", "vmstat 1 2")
    expect(res, g, "cat /proc/meminfo", r"^SwapCached:\s+\d+ kB\nSwapTotal:\s+65532 kB\nSwapFree:\s+\d+ kB$",
           "/proc/meminfo SwapTotal/SwapFree")
    out = expect(res, g, "cat /proc/vmstat",
                 r"^pswpin [1-9]\d*\npswpout [1-9]\d*\n(.|\n)*^pgmajfault [1-9]\d*\npgscan [1-9]\d*\n"
                 r"pgsteal [1-9]\d*\n(.|\n)*^oom_kill 0$", "/proc/vmstat swap counters")
    expect(res, g, "/test/swap_thrash 8 1 > /dev/null; cat /proc/self/status",
           r"^VmSwap:\s+\d+ kB$", "VmSwap in status")


UUID_AT = slice(1036, 1052)


def dump_dtb(pagoda, *disk_args):
    """Runs pagoda with the disk options and --dump-dtb (no guest); returns
    (exit status, stderr, the device tree's source or "")."""
    dtb = os.path.join(OUT, "flag.dtb")
    if os.path.exists(dtb):
        os.remove(dtb)
    r = subprocess.run([pagoda, "-bios", FIRMWARE, "-kernel", KERNEL, *disk_args, "--dump-dtb", dtb],
                       capture_output=True, text=True, stdin=subprocess.DEVNULL)
    dts = ""
    if r.returncode == 0:
        dts = subprocess.run(["dtc", "-I", "dtb", "-O", "dts", dtb], capture_output=True,
                             text=True).stdout
    return r.returncode, r.stderr.strip(), dts


def test_flag(res, pagoda):
    """--swap alone makes and announces a swap area; nothing else is ever formatted."""
    new = fresh("flag-new.img")
    st, err, dts = dump_dtb(pagoda, "--swap", new + ",size=8M")
    res.check(st == 0 and os.path.getsize(new) == 8 << 20 and (os.stat(new).st_mode & 0o777) == 0o600,
              "--swap NEW,size=8M creates an 8 MiB file, mode 0600", f"  status {st} {err}")
    ref = make_swap("flag-ref.img", "8M")
    with open(new, "rb") as f:
        ours = f.read(1 << 20)
    with open(ref, "rb") as f:
        theirs = f.read(1 << 20)
    same = ours[:UUID_AT.start] == theirs[:UUID_AT.start] and ours[UUID_AT.stop:] == theirs[UUID_AT.stop:]
    res.check(same and ours[UUID_AT] != bytes(16),
              "the new file's header is mkswap's, byte for byte but the UUID")
    uuid = ours[UUID_AT].hex()
    uuid = f"{uuid[:8]}-{uuid[8:12]}-{uuid[12:16]}-{uuid[16:20]}-{uuid[20:]}"
    blkid = subprocess.run(["blkid", "-p", "-o", "export", new], capture_output=True, text=True).stdout
    res.check(re.search(rf"^UUID={uuid}$", blkid, re.M) and re.search(r"^VERSION=1$", blkid, re.M)
              and re.search(r"^TYPE=swap$", blkid, re.M) and uuid[14] == "4",
              "blkid: a version 1 swap area with a random (version 4) UUID", f"  {blkid}")
    label = subprocess.run(["swaplabel", new], capture_output=True, text=True).stdout
    res.check(re.search(rf"^UUID:\s+{uuid}$", label, re.M) is not None, "swaplabel reads the UUID", label)
    res.check('pagoda,swap = "/dev/vda";' in dts, "the device tree names the disk for the guest",
              dts[:400])

    disk = fresh("flag-drive.img")
    subprocess.run(["truncate", "-s", "1M", disk], check=True)
    st, err, dts = dump_dtb(pagoda, "-drive", f"file={disk},format=raw", "--swap", new)
    with open(new, "rb") as f:
        again = f.read(1 << 20)
    res.check(st == 0 and again == ours and 'pagoda,swap = "/dev/vdb";' in dts,
              "an existing swap area is used as it is (after a -drive disk: /dev/vdb)", f"  {st} {err}")
    with open(disk, "rb") as f:
        res.check(f.read() == bytes(1 << 20), "a -drive disk is not formatted")
    st, err, dts = dump_dtb(pagoda, "-drive", f"file={new},format=raw")
    res.check(st == 0 and "pagoda,swap" not in dts, "a -drive disk is not announced as swap", dts[:400])

    data = fresh("flag-data.img")
    with open(data, "wb") as f:
        f.write(b"precious data " * 5000)
    before = md5(data)
    st, err, _ = dump_dtb(pagoda, "--swap", data)
    res.check(st == 2 and "no swap signature" in err and "\n" not in err and md5(data) == before,
              "a file holding something else is refused (exit 2, one line) and left as it was",
              f"  status {st}: {err}")
    empty = fresh("flag-empty.img")
    open(empty, "wb").close()
    st, err, _ = dump_dtb(pagoda, "--swap", empty + ",size=1M")
    with open(empty, "rb") as f:
        head = f.read(4096)
    res.check(st == 0 and os.path.getsize(empty) == 1 << 20 and head.endswith(b"SWAPSPACE2"),
              "an empty file is formatted like a new one", f"  {st} {err}")
    tiny = fresh("flag-tiny.img")
    st, err, _ = dump_dtb(pagoda, "--swap", tiny + ",size=36K")
    res.check(st == 2 and "40 KiB" in err and not os.path.exists(tiny),
              "a size below mkswap's 40 KiB is refused", f"  {st} {err}")


def test_clean_drops(res, g):
    """Read-only passes: evicted pages still match their slots and are not rewritten."""
    out = expect(res, g, "/test/swap_thrash -r 40 3 3",
                 r"thrash: 0 mismatched bytes\nswap_thrash: passed", "read-only passes", timeout=600)
    m = re.search(r"pswpin (\d+) pswpout (\d+)(.|\n)*thrash: (\d+) pages evicted, (\d+) of them written, "
                  r"(\d+) dropped clean", out or "")
    res.check(m is not None and int(m.group(6)) > int(m.group(1)) // 2 and int(m.group(2)) < int(m.group(1)) // 2,
              f"{g.name}: pages unchanged since swap-in are dropped, not written again",
              f"  {m.group(0) if m else out}")


def test_fork_oom_swapoff(res, pagoda):
    image = make_swap("misc.img")
    g = boot(res, "pagoda swap", pagoda_argv(pagoda, image + ",size=64M", "swap=/dev/vda"))
    try:
        log = g.out.decode(errors="replace")
        res.check(log.count("Adding 65532k swap on /dev/vda") == 1 and "at boot failed" not in log,
                  "swap=/dev/vda and --swap name one disk: it is enabled once", g.tail())
        expect(res, g, "/test/swap_fork 16 32",
               r"^parent: [1-9]\d* of 4096 shared pages are in swap(.|\n)*swap_fork: passed$",
               "fork: COW-shared pages swapped out and in, each side sees its own writes", timeout=600)
        test_clean_drops(res, g)
        expect(res, g, "/test/swap_file 16 28",
               r"read back: 0 pages wrong\n(.|\n)*read back: 0 pages wrong\n(.|\n)*: 0 words wrong\n"
               r"swap_file: pswpout [1-9]\d*\nswap_file: passed$",
               "in-memory file and shared anonymous pages go to swap and back", timeout=600)
        g.command("/test/swap_thrash 44 3 5 > /tmp/thrash.out &")
        oks = sum("ok" in g.command("ls /bin > /dev/null && echo ok", 120) for _ in range(15))
        res.check(oks == 15, "commands fork and exec while a thrash runs", f"  {oks} of 15 ran")
        expect(res, g, "wait; cat /tmp/thrash.out", r"^swap_thrash: passed$", "the thrash beside them",
               timeout=600)
        base = meminfo(g)
        mark = len(g.out)
        g.command("rm -f /tmp/go; /test/swap_oom hold 4 /tmp/go &")
        time.sleep(0.5)
        out = expect(res, g, "/test/swap_oom hog; echo status $?",
                     r"Out of memory: Killed process \d+ \(swap_oom\)(.|\n)*^status 137$",
                     "OOM: the allocating process is killed with a message", timeout=600)
        g.command("echo > /tmp/go")
        background_said(res, g, mark, r"hold: 4 MiB intact", "OOM: the bystander survives, memory intact")
        expect(res, g, "echo shell alive", r"^shell alive$", "OOM: the shell survives")
        after = meminfo(g)
        total0 = base["MemFree"] + base["SwapFree"]
        total1 = after["MemFree"] + after["SwapFree"]
        res.check(total1 >= total0 - 512 and after["SwapTotal"] == base["SwapTotal"],
                  "pagoda swap: after the OOM kill, free RAM + swap is back to its baseline",
                  f"  before {base}\n  after {after}")
        expect(res, g, "cat /proc/vmstat", r"^oom_kill 1$", "oom_kill counted")
        mark = len(g.out)
        g.command("/test/swap_file keep 6")
        g.command("rm -f /tmp/go; /test/swap_oom hold 12 /tmp/go &")
        time.sleep(0.5)
        g.command("/test/swap_thrash 20 1 > /dev/null", timeout=300)
        expect(res, g, "cat /proc/swaps", r"^/dev/vda +partition\t65532\t\t[1-9]\d*\t", "pages in swap")
        expect(res, g, "swapoff /dev/vda; echo $?; cat /proc/swaps", r"^0\nFilename[^\n]*$",
               "swapoff brings every page back")
        g.command("echo > /tmp/go")
        background_said(res, g, mark, r"hold: 12 MiB intact", "after swapoff, the data is intact")
        expect(res, g, "/test/swap_file verify 6; rm /tmp/swap_file.dat", r"^swap_file: 0 pages wrong$",
               "after swapoff, a file's pages are intact")
        expect(res, g, "swapon -p 3 /dev/vda; swapon -s", r"^/dev/vda +partition\t65532\t\t0\t\t3$",
               "swapon -p 3 at run time")
        expect(res, g, "swapon /dev/vda; echo $?", r"swapon failed: Device or resource busy\n1$",
               "a second swapon of the same disk is refused")
        finish(res, g)
    except GuestError as e:
        res.check(False, "pagoda swap: session", str(e))
        g.kill()


def md5(path):
    with open(path, "rb") as f:
        return hashlib.md5(f.read()).hexdigest()


def bad_disks():
    os.makedirs(OUT, exist_ok=True)
    zero = os.path.join(OUT, "zero.img")
    subprocess.run(["truncate", "-s", "0", zero], check=True)
    subprocess.run(["truncate", "-s", "8M", zero], check=True)
    with open(zero, "r+b") as f:              # some data, not a swap area
        f.write(b"not a swap area" * 100)
    p16 = make_swap("pagesize16k.img", "8M", ("-p", "16384"))
    short = make_swap("short.img", "64M")
    subprocess.run(["truncate", "-s", "1M", short], check=True)
    tiny = os.path.join(OUT, "tiny.img")
    with open(tiny, "wb") as f:
        f.write(b"\0" * 2048)
    return [(zero, r"Unable to find swap-space signature", "no signature"),
            (p16, r"made for 16384-byte pages", "16 KiB pages"),
            (short, r"Swap area shorter than signature indicates", "shorter than its header"),
            (tiny, r"too small for a swap area", "too small")]


def test_bad_disks(res, pagoda):
    for image, message, what in bad_disks():
        before = md5(image)
        name = f"pagoda bad swap ({what})"
        try:
            g = boot(res, name, pagoda_argv(pagoda, drive=image, append="swap=/dev/vda"))
            boot_log = g.out.decode(errors="replace")
            res.check(re.search(r"swapon /dev/vda: .*" + message, boot_log) is not None,
                      f"{name}: refused at boot with a message", boot_log[-1500:])
            expect(res, g, "swapon /dev/vda; echo $?; cat /proc/swaps",
                   r"swapon failed: Invalid argument\n1\nFilename[^\n]*$", "swapon refuses it")
            expect(res, g, "/test/swap_oom hold 8 -", r"hold: 8 MiB intact", "memory works without swap")
            finish(res, g)
        except GuestError as e:
            res.check(False, f"{name}: session", str(e))
        res.check(md5(image) == before, f"{name}: the disk was not written")


def test_bad_pages(res, pagoda):
    """A header listing bad pages: those slots are never used."""
    image = make_swap("badpages.img", "8M")
    bad = [1, 2, 3, 100, 1000, 2047]
    with open(image, "r+b") as f:
        f.seek(1024 + 8)
        f.write(struct.pack("<I", len(bad)))
        f.seek(1536)
        f.write(struct.pack(f"<{len(bad)}I", *bad))
        for b in bad:
            f.seek(b * 4096)
            f.write(b"\xee" * 4096)
    name = "pagoda bad pages"
    try:
        g = boot(res, name, pagoda_argv(pagoda, image))
        res.check(f"Adding {(2048 - 1 - len(bad)) * 4}k swap on /dev/vda" in g.out.decode(errors="replace"),
                  f"{name}: the area is smaller by the bad pages", g.tail())
        expect(res, g, "/test/swap_thrash 34 1", r"swap_thrash: passed",
               "a working set that fills the swap area", timeout=300)
        expect(res, g, "cat /proc/swaps", r"^/dev/vda +partition\t\d+\t\t\d+\t\t-2$")
        finish(res, g)
    except GuestError as e:
        res.check(False, f"{name}: session", str(e))
    with open(image, "rb") as f:
        intact = True
        for b in bad:
            f.seek(b * 4096)
            intact &= f.read(4096) == b"\xee" * 4096
        used = 0
        for slot in range(4, 2048):
            f.seek(slot * 4096)
            used += f.read(8) != b"\0" * 8
    res.check(intact and used > 1000, f"{name}: bad pages untouched while {used} other slots were written")


def qemu_argv(image, modern=True):
    argv = ["qemu-system-riscv64", "-M", "virt", "-m", "48M", "-nographic",
            "-kernel", KERNEL, "-initrd", INITRD, "-append", "swap=/dev/vda"]
    if modern:
        argv += ["-global", "virtio-mmio.force-legacy=false"]
    return argv + ["-drive", f"file={image},format=raw,if=none,id=s",
                   "-device", "virtio-blk-device,drive=s"]


def test_qemu(res):
    if not shutil.which("qemu-system-riscv64"):
        print("-- qemu-system-riscv64 missing: QEMU checks skipped")
        return
    image = make_swap("qemu.img")
    try:
        g = boot(res, "qemu swap", qemu_argv(image))
        res.check("Adding 65532k swap on /dev/vda" in g.out.decode(errors="replace"),
                  "qemu swap: swapon at boot on QEMU's virtio-blk", g.tail())
        expect(res, g, "/test/swap_thrash 56 2", r"thrash: 0 mismatched bytes\nswap_thrash: passed",
               "56 MiB working set in 48 MiB, interrupt-driven I/O on QEMU", timeout=600)
        finish(res, g)
    except GuestError as e:
        res.check(False, "qemu swap: session", str(e))
    try:
        g = boot(res, "qemu legacy", qemu_argv(image, modern=False))
        res.check("legacy virtio-mmio (version 1) is not supported" in g.out.decode(errors="replace"),
                  "qemu legacy: the legacy transport is refused with a message", g.tail())
        finish(res, g)
    except GuestError as e:
        res.check(False, "qemu legacy: session", str(e))


def run_tests(args):
    res = Results()
    t0 = time.monotonic()
    test_flag(res, args.pagoda)
    test_thrash(res, args.pagoda, "clock", tools=True)
    test_thrash(res, args.pagoda, "lru", size=40, passes=2)
    test_thrash(res, args.pagoda, "fifo", size=40, passes=2)
    test_fork_oom_swapoff(res, args.pagoda)
    test_bad_disks(res, args.pagoda)
    test_bad_pages(res, args.pagoda)
    test_qemu(res)
    print(f"swap tests: {res.passed} passed, {len(res.failed)} failed ({time.monotonic() - t0:.0f} s)")
    return 0 if not res.failed else 1


BENCH_SIZES = "8 16 24 28 30 32 36 40 48 56"


def run_bench(args):
    """The working-set sweep under each policy (and clock with swap readahead)."""
    configs = [("clock", "reclaim=clock"), ("lru", "reclaim=lru"), ("fifo", "reclaim=fifo"),
               ("clock+ra8", "reclaim=clock swap_readahead=8")]
    table = {}
    for name, extra in configs:
        image = make_swap(f"bench-{name.replace('+', '_')}.img")
        g = Guest(f"bench {name}", pagoda_argv(args.pagoda, image + ",size=64M", extra))
        try:
            g.boot(60)
            for pattern in ("loop", "hot"):
                out = g.command(f"/test/swap_ws {pattern} {BENCH_SIZES}", timeout=1800)
                for m in re.finditer(r"^(loop|hot)\s+(\d+)\s+(\d+)\s+(\d+)\s+([\d.]+)\s+([\d.]+)$", out, re.M):
                    table[(m.group(1), int(m.group(2)), name)] = (float(m.group(5)), float(m.group(6)))
            g.poweroff(60)
        finally:
            g.kill()
    print("swap benchmark: working-set sweep on pagoda -m 32M (about 29 MiB for user pages), 64 MiB swap,")
    print("4 accesses per page after a first touch; major faults per 1000 accesses / guest seconds (icount)")
    names = [n for n, _ in configs]
    for pattern in ("loop", "hot"):
        print(f"  {pattern:4} {'MiB':>4} " + " ".join(f"{n:>16}" for n in names))
        for size in [int(s) for s in BENCH_SIZES.split()]:
            cells = []
            for n in names:
                v = table.get((pattern, size, n))
                cells.append(f"{v[0]:7.1f} /{v[1]:6.2f}s" if v else f"{'?':>16}")
            print(f"  {pattern:4} {size:4} " + " ".join(f"{c:>16}" for c in cells))
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["test", "bench"])
    ap.add_argument("--pagoda", default=os.path.join(ROOT, "build/pagoda"))
    args = ap.parse_args()
    sys.exit(run_tests(args) if args.mode == "test" else run_bench(args))


if __name__ == "__main__":
    main()
