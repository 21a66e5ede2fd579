#!/bin/sh
# The panel's headless tests (make test-panel): usage run.sh PAGODA OUTDIR, with
# OUTDIR holding workload.elf and idle.elf. Prints one line per check and
# "panel: N passed, N failed"; exit status 1 on any failure.
pagoda=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") out=$2
dir=$(dirname "$0")
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "  ok   $1"; }
ko() { fail=$((fail + 1)); echo "  FAIL $1"; [ -n "$2" ] && sed 's/^/       /' "$2"; }
# No window from here, whatever the environment: tests never open one.
unset DISPLAY WAYLAND_DISPLAY SDL_VIDEODRIVER

run() {     # run NAME CMD...: the command must exit 0
    name=$1; shift
    if "$@" >"$out/$name.log" 2>&1; then ok "$name"; else ko "$name (exit $?)" "$out/$name.log"; fi
}

rm -f "$out"/busy.png "$out"/idle.png "$out"/shot.png
run busy_run_writes_png timeout 60 "$pagoda" -m 32M --panel-png "$out/busy.png" "$out/workload.elf"
grep -q "trace device found" "$out/busy_run_writes_png.log" &&
    ok "workload_finds_the_trace_device_in_the_dtb" ||
    ko "workload_finds_the_trace_device_in_the_dtb" "$out/busy_run_writes_png.log"
# The same program on QEMU, which has no trace device: it finds none in the device
# tree, writes nothing there, and resolves the same faults.
if command -v qemu-system-riscv64 >/dev/null; then
    timeout 60 qemu-system-riscv64 -M virt -bios none -nographic -m 32M \
        -kernel "$out/workload.elf" </dev/null >"$out/qemu.log" 2>&1
    if grep -q "no trace device" "$out/qemu.log" &&
       [ "$(grep faults "$out/qemu.log")" = "$(grep faults "$out/busy_run_writes_png.log")" ]; then
        ok workload_runs_unchanged_on_qemu_without_the_device
    else
        ko workload_runs_unchanged_on_qemu_without_the_device "$out/qemu.log"
    fi
fi
run idle_run_writes_png timeout 60 "$pagoda" -m 32M --panel-png "$out/idle.png" "$out/idle.elf"
run png_regions_drawn_and_differ python3 "$dir/check_png.py" "$out/busy.png" "$out/idle.png"

# The debugger's screenshot command renders on demand.
printf 'until user_touch\nscreenshot %s\nquit\n' "$out/shot.png" |
    timeout 60 "$pagoda" -m 32M -d "$out/workload.elf" >"$out/shot.log" 2>&1
if grep -q "panel written to $out/shot.png" "$out/shot.log" &&
   python3 "$dir/check_png.py" --valid "$out/shot.png" >>"$out/shot.log" 2>&1; then
    ok debugger_screenshot_writes_png
else
    ko debugger_screenshot_writes_png "$out/shot.log"
fi

# Flags: --panel needs a display; it cannot be combined with -nographic or
# --no-panel; an unwritable --panel-png fails the run; -nographic runs as before.
expect_fail() {     # expect_fail NAME PATTERN CMD...: exit 2 and PATTERN on stderr
    name=$1 pattern=$2; shift 2
    "$@" >"$out/$name.log" 2>&1
    status=$?
    if [ $status = 2 ] && grep -q -- "$pattern" "$out/$name.log"; then ok "$name"
    else ko "$name (exit $status)" "$out/$name.log"; fi
}
expect_fail panel_without_display_is_an_error "cannot open a window" \
    timeout 60 "$pagoda" --panel "$out/idle.elf"
expect_fail panel_and_nographic_conflict "cannot be combined" \
    "$pagoda" --panel -nographic "$out/idle.elf"
expect_fail panel_and_no_panel_conflict "cannot be combined" \
    "$pagoda" --no-panel --panel "$out/idle.elf"
expect_fail unwritable_panel_png_fails "panel-png" \
    timeout 60 "$pagoda" --panel-png /nonexistent/dir/x.png "$out/idle.elf"
run nographic_runs timeout 60 "$pagoda" -m 32M -nographic "$out/idle.elf"
# A display in the environment but stdin not a terminal: no window, no warning.
DISPLAY=:99 timeout 60 "$pagoda" -m 32M "$out/idle.elf" </dev/null >"$out/auto.log" 2>&1
if [ $? = 0 ] && ! grep -q "pagoda: panel" "$out/auto.log"; then ok default_without_a_terminal_opens_nothing
else ko default_without_a_terminal_opens_nothing "$out/auto.log"; fi
# The window itself, on SDL's dummy driver: runs, and q-less runs end normally.
SDL_VIDEODRIVER=dummy timeout 60 "$pagoda" -m 32M --panel "$out/workload.elf" \
    >"$out/dummy.log" 2>&1 && ok panel_window_on_dummy_driver ||
    ko panel_window_on_dummy_driver "$out/dummy.log"

# The window's keys, on a virtual X display (Xvfb and xdotool, in tools/deps.sh; the
# keys go to the window itself, as no window manager gives it the focus): space stops
# the guest's CPU use and resumes it (a running guest takes ~100 ticks a second, a
# paused one only what painting the window costs: under 50; resumed, it must take some
# again: 5 ticks in 2 s, which a loaded machine still gives it), p saves a screenshot
# in the current directory, q quits with status 0.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# Presses KEY in the window until its title matches TITLE (the title says "[Paused]"
# while paused): a key sent before SDL listens to the new window is lost (a full make test once saw
# "paused, yet 100 ticks" with a fixed half-second wait), so it is sent again, at most
# three times, each given 10 s to show.
press_until() {
    for try in 1 2 3; do
        xdotool key --window "$win" "$1"
        timeout 10 xdotool search --sync --name "$2" >/dev/null && return 0
    done
    why="${why:-$1 never gave the title /$2/}"
    return 1
}
window_keys() {
    rm -f "$out"/pagoda-panel-*.png "$out/xvfb.fd"
    Xvfb -displayfd 3 -screen 0 1400x900x24 3>"$out/xvfb.fd" >/dev/null 2>&1 &
    xvfb=$!
    for i in $(seq 50); do [ -s "$out/xvfb.fd" ] && break; sleep 0.1; done
    export DISPLAY=":$(cat "$out/xvfb.fd")"
    (cd "$out" && exec "$pagoda" -m 32M --panel long.elf </dev/null >window.log 2>&1) &
    guest=$!
    why=""
    win=$(timeout 20 xdotool search --sync --name "Pagoda panel" | head -1)
    [ -n "$win" ] || why="no window"
    [ -z "$why" ] && xdotool windowfocus --sync "$win" && press_until space "Pagoda panel \[Paused\]"
    a=$(cpu_ticks $guest); sleep 1; b=$(cpu_ticks $guest)
    [ -z "$why" ] && [ $((b - a)) -gt 50 ] && why="paused, yet $((b - a)) ticks of CPU in 1 s"
    [ -z "$why" ] && xdotool key --window "$win" p && sleep 1
    ls "$out"/pagoda-panel-*.png >/dev/null 2>&1 || why="${why:-p saved no screenshot}"
    [ -z "$why" ] && press_until space "^Pagoda panel$"
    c=$(cpu_ticks $guest); sleep 2; d=$(cpu_ticks $guest)
    [ -z "$why" ] && [ $((d - c)) -lt 5 ] && why="resumed, yet $((d - c)) ticks of CPU in 2 s"
    [ -z "$why" ] && xdotool key --window "$win" q
    for i in $(seq 50); do kill -0 $guest 2>/dev/null || break; sleep 0.1; done
    if kill -0 $guest 2>/dev/null; then
        why="${why:-q did not quit}"
        kill $guest
    fi
    wait $guest
    status=$?
    [ -z "$why" ] && [ $status != 0 ] && why="exit status $status after q"
    grep -q "terminated (q in the panel)" "$out/window.log" || why="${why:-no quit message}"
    kill $xvfb
    wait $xvfb 2>/dev/null
    unset DISPLAY
    if [ -z "$why" ]; then ok window_keys_pause_screenshot_quit
    else echo "$why" >>"$out/window.log"; ko "window_keys_pause_screenshot_quit" "$out/window.log"; fi
}
if command -v Xvfb >/dev/null && command -v xdotool >/dev/null; then
    window_keys
else
    ko "window_keys_pause_screenshot_quit: Xvfb or xdotool missing (tools/deps.sh installs them)"
fi

echo "panel: $pass passed, $fail failed"
[ "$fail" = 0 ]
