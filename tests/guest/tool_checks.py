"""tool_checks.py — the everyday tools of run.py's guest tests. Each command of
ORACLE_CHECKS runs in the guest, in a copy of tests/guest/data (installed as
/test/data), and with Debian's coreutils, grep and findutils in the C locale on the
host, in the same order in a copy of its own; the outputs (standard error included,
with the exit status where it matters) must be identical. GUEST_CHECKS cover what the
host cannot answer the same way (uname, which, timings)."""
import os
import re
import shutil
import subprocess
import tempfile

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")

ORACLE_CHECKS = [
    "head -n 3 words",
    "head -3 words nums",
    "head -n -9 words",
    "head -c 20 words; echo",
    "head nofile; echo $?",
    "tail -n 2 words",
    "tail -n +6 nums",
    "tail -c 12 words",
    "tail -n 2 words nums",
    "cat words | tail -1",
    "grep apple words",
    "grep -i apple words",
    "grep -v -n e words",
    "grep -c red words nums",
    "grep -w 10 words",
    "grep -x 0 nums",
    "grep -o 'an*a' words",
    "grep '^[a-c].*n$' words",
    "grep 'e\\{2\\}' words",
    "grep -E 'fig|date' words",
    "grep -E '(an){2}' words",
    "grep -F '2.5' nums; grep -F . nums | head -1",
    "grep -l red words nums table; grep -L red words nums table",
    "grep -h -e root -e games table words",
    "grep -q grape words; echo $?; grep -q kiwi words; echo $?",
    "grep kiwi nofile; echo $?",
    "grep -s kiwi nofile; echo $?",
    "grep -r nologin . | sort",
    "sort words",
    "sort -r words",
    "sort -n nums",
    "sort -rn nums",
    "sort -u words",
    "sort -f words",
    "sort -t: -k3 -n table",
    "sort -k2,2n -k1,1 words",
    "sort -k3 -k1r words",
    "sort -c words; echo $?",
    "sort words | uniq",
    "sort words | uniq -c",
    "sort words | uniq -d",
    "sort words | uniq -u",
    "sort -f words | uniq -ci",
    "seq 5",
    "seq 2 3 11",
    "seq -s , 1 5",
    "seq -w 8 11",
    "seq 1 0.5 3",
    "seq 5 -2 1",
    "seq -1 1",
    "seq 10 5; echo $?",
    "seq 1 0 3; echo $?",
    "seq x; echo $?",
    "seq 3 | xargs",
    "seq 7 | xargs -n 3",
    "echo a b c | xargs -n 1 echo item",
    "cat nums | xargs -I {} echo '<{}>'",
    "cat quoted | xargs -n 1",
    "echo | xargs -r echo never; echo $?",
    "seq 3 | xargs false; echo $?",
    "seq 3 | xargs nosuchprogram; echo $?",
    "yes | head -3",
    "yes a b | head -2",
    "cp words w2 && cat w2 | head -2",
    "mkdir d && cp words nums d && cat d/nums | head -2",
    "cp -r d e && echo e/*",
    "cp d f; echo $?",
    "cp nofile x; echo $?",
    "cp words words; echo $?",
    "cp words nums nodir; echo $?",
    "mv w2 w3 && echo w*",
    "mv w3 d && echo d/*",
    "mv nofile x; echo $?",
    "mv d d/sub; echo $?",
    "touch newfile && echo newf*",
    "touch -c notcreated; echo not*",
    "env -i A=1 B=two env",
    "env -i nosuchprogram; echo $?",
    "env -i A=1 sh -c 'echo $A'",
    "dd if=words of=w5 bs=4 count=3 2> /dev/null; cat w5; echo",
    "dd if=nums bs=3 skip=2 count=2 status=none; echo",
    "dd if=words ibs=10 obs=4 count=2 status=noxfer of=w6",
    "dd if=words bs=100 count=1 of=w7 2>&1 | head -2",
    "dd if=words bs=7 count=1 of=w8 conv=sync status=none; cat w8 | wc -c",
    "dd bogus; echo $?",
    "dd if=nofile; echo $?",
]

GUEST_CHECKS = [
    ("uname", r"^Pagoda$"),
    ("uname -srm", r"^Pagoda \S+ riscv64$"),
    ("uname -a", r"^Pagoda pagoda \S+ #1 .* riscv64 Pagoda$"),
    ("which ls sh crash", r"^/bin/ls\n/bin/sh\n/test/crash$"),
    ("which nosuch; echo $?", r"^1$"),
    ("grep '[' words; echo $?", r"^grep: .*\n2$"),
    ("dd if=/dev/zero of=z bs=64K count=16",
     r"^16\+0 records in\n16\+0 records out\n1048576 bytes \(1\.0 MB, 1\.0 MiB\) copied, [\d.e+-]+ s, [\d.]+ [kMG]?B/s$"),
    ("time sh -c 'seq 1 3000 | sort -n | tail -1'",
     r"^3000\n\d+\.\d\duser \d+\.\d\dsystem 0:\d\d\.\d\delapsed \d+%CPU \(0avgtext\+0avgdata [1-9]\d*maxresident\)k\n"
     r"0inputs\+0outputs \(0major\+[1-9]\d*minor\)pagefaults 0swaps$"),
    ("time -p sleep 1", r"^real 1\.\d\d\nuser 0\.\d\d\nsys 0\.\d\d$"),
    ("time sh -c 'exit 3'; echo $?", r"^Command exited with non-zero status 3\n.*elapsed.*\n.*pagefaults.*\n3$"),
    ("time /test/crash null; echo $?", r"Command terminated by signal 11\n(.|\n)*pagefaults.*\n139$"),
    ("mkdir w && sh -c 'sleep 1; touch w/new' & watch -t -g -n 0.2 echo w/*; echo $?",
     r"w/\*(.|\n)*w/new\n(.|\n)*^0$"),
]


def host_run(cmd, cwd):
    r = subprocess.run(["sh", "-c", cmd], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, timeout=60, env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"})
    return r.stdout


def run(res, g, expect):
    host_dir = tempfile.mkdtemp(prefix="pagoda-tools-")
    try:
        work = os.path.join(host_dir, "tt")
        shutil.copytree(DATA, work)
        g.command("rm -r /tmp/tt; cp -r /test/data /tmp/tt")
        for cmd in ORACLE_CHECKS:
            want = host_run(cmd, work)
            got = g.command("cd /tmp/tt; " + cmd + "; cd /")
            res.check(got == want, f"{g.name}: {cmd} (as Debian's)", "--- host\n" + want + "--- guest\n" + got)
        for cmd, pattern in GUEST_CHECKS:
            expect(res, g, "cd /tmp/tt; " + cmd + "; cd /", pattern, cmd)
    finally:
        shutil.rmtree(host_dir)
