#!/bin/sh
# The panel's headless tests (make test-panel): usage run.sh PAGODA OUTDIR, with
# OUTDIR holding workload.elf and idle.elf. Prints one line per check and
# "panel: N passed, N failed"; exit status 1 on any failure.
pagoda=$1 out=$2
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

echo "panel: $pass passed, $fail failed"
[ "$fail" = 0 ]
