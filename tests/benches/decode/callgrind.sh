#!/usr/bin/env bash
# Instructions per operation of the decode benchmark, under callgrind:
# repeatable where wall-clock time on a shared machine is not.
#   bash tests/benches/decode/callgrind.sh [path/to/decode-bench-binary]
# The binary is the one `cargo bench -p artu-tests --bench decode --no-run`
# prints. Each operation runs N times and 0 times; the difference over N is
# what one costs. Prints payload/operation, ours, closed, ours/closed.
set -euo pipefail
bin=${1:?the benchmark binary (cargo bench -p artu-tests --bench decode --no-run)}
count() {
  local out
  out=$(mktemp)
  DECODE_BENCH_REPEAT="$1" valgrind --tool=callgrind --callgrind-out-file="$out" "$bin" >/dev/null 2>&1
  callgrind_annotate "$out" | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}'
  rm -f "$out"
}
for payload in seed large enums; do
  case $payload in seed) n=200 ;; *) n=3 ;; esac
  ops="decode client encode"
  [ "$payload" = enums ] && ops="decode encode"
  base_ours=$(count "$payload/decode/ours:0")
  base_closed=$(count "$payload/decode/closed:0")
  for op in $ops; do
    ours=$(( ($(count "$payload/$op/ours:$n") - base_ours) / n ))
    closed=$(( ($(count "$payload/$op/closed:$n") - base_closed) / n ))
    awk -v p="$payload/$op" -v o="$ours" -v c="$closed" \
      'BEGIN { printf "%-16s ours %12d  closed %12d  ours/closed %.3f\n", p, o, c, o / c }'
  done
done
