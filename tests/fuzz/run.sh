#!/bin/sh
# Runs libFuzzer harnesses (tests/fuzz/fuzz.mk). Usage: run.sh test|fuzz SECONDS NAME...
#   test: replay tests/fuzz/crashes/NAME and tests/fuzz/corpus/NAME, then fuzz for
#         SECONDS from that corpus (new inputs go to a scratch directory);
#   fuzz: fuzz for SECONDS, then minimise the corpus and the new inputs into
#         tests/fuzz/corpus/NAME (libFuzzer's -merge=1).
# Prints one line per harness: executions, executions per second, coverage (edges) and
# corpus size. Exits non-zero when any harness crashed (its input is kept in
# build/fuzz/artifacts/NAME/).
mode=$1; secs=$2; shift 2
dir=tests/fuzz; build=build/fuzz
status=0
for name in "$@"; do
    bin=$build/fuzz_$name
    work=$build/work/$name; art=$build/artifacts/$name
    corpus=$dir/corpus/$name; crashes=$dir/crashes/$name
    mkdir -p "$work" "$art" "$corpus"
    [ "$mode" = test ] && rm -rf "$work" && mkdir -p "$work"
    dict=""; [ -f "$dir/$name.dict" ] && dict="-dict=$dir/$name.dict"
    dirs="$work $corpus"; [ -d "$crashes" ] && dirs="$dirs $crashes"
    log=$build/$name.log
    # -rss_limit_mb: the harnesses map small RAMs; anything near this is a leak.
    if ! ASAN_OPTIONS=detect_leaks=1 "$bin" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 \
            -print_final_stats=1 -artifact_prefix="$art/" $dict $dirs >"$log" 2>&1; then
        echo "fuzz $name: FAILED (log: $log; input in $art/)"
        grep -m 20 -E "ERROR|SUMMARY|runtime error|fuzz_|differs|==[0-9]+==" "$log"
        status=1
        continue
    fi
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
    if [ "$mode" = fuzz ]; then
        new=$build/merged/$name
        rm -rf "$new"; mkdir -p "$new"
        "$bin" -merge=1 "$new" "$corpus" "$work" >>"$log" 2>&1 || status=1
        rm -rf "$corpus"; mv "$new" "$corpus"
    fi
    echo "fuzz $name: $runs runs, $rate/s, $cov edges, corpus $(ls "$corpus" | wc -l) inputs"
done
exit $status
