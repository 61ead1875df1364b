#!/usr/bin/env bash
# check-cleanup.sh RUN-FUZZER HARNESS CORPUS
# A short fuzz run leaves no file and no process behind, whether it ends by its time
# limit or is stopped from outside the way meson stops a test that runs over its time
# (SIGTERM to the whole process group, which libFuzzer answers with _Exit()).
set -u
run_fuzzer="$1"
harness="$2"
corpus="$3"
scratch="$(mktemp -d)"
leader=
# Stopped itself (meson's time limit), it stops the run it started in its own group.
trap '[ -n "$leader" ] && kill -KILL -- "-$leader" 2>/dev/null; rm -rf "$scratch"' EXIT
trap 'exit 143' TERM
failed=0

leftovers () {
  found="$(find "$scratch/base" -mindepth 1 2>/dev/null | head -5)"
  if [ -n "$found" ]; then
    echo "FAIL: $1 left files behind:"
    echo "$found"
    failed=1
  fi
}

# 1. Ended by its time limit.
mkdir "$scratch/base"
SPA_FUZZ_SCRATCH="$scratch/base" "$run_fuzzer" "$harness" "$corpus" -max_total_time=2 \
  -print_final_stats=1 >"$scratch/timed.log" 2>&1
status=$?
if [ "$status" -ne 0 ]; then
  echo "FAIL: the timed run failed with status $status:"
  tail -20 "$scratch/timed.log"
  failed=1
fi
leftovers "a run ended by -max_total_time"

# 2. Stopped from outside while the harness works, in a process group of its own.
rm -rf "$scratch/base"
mkdir "$scratch/base"
SPA_FUZZ_SCRATCH="$scratch/base" setsid "$run_fuzzer" "$harness" "$corpus" -max_total_time=300 \
  >"$scratch/stopped.log" 2>&1 &
leader=$!
# Wait (at most 60 s) for the harness to make its work folder.
i=0
while [ -z "$(find "$scratch/base" -mindepth 3 -maxdepth 3 2>/dev/null | head -1)" ]; do
  i=$((i + 1))
  if [ "$i" -gt 600 ] || ! kill -0 -- "-$leader" 2>/dev/null; then
    echo "FAIL: the harness never made its work folder:"
    tail -20 "$scratch/stopped.log"
    exit 1
  fi
  sleep 0.1
done
kill -TERM -- "-$leader"
# meson gives a stopped test 0.5 s before SIGKILL; allow a loaded machine more.
i=0
while kill -0 -- "-$leader" 2>/dev/null; do
  i=$((i + 1))
  if [ "$i" -gt 50 ]; then
    echo "FAIL: processes of the stopped run still live 5 s after SIGTERM:"
    ps -o pid,args -g "$leader" 2>/dev/null
    kill -KILL -- "-$leader" 2>/dev/null
    failed=1
    break
  fi
  sleep 0.1
done
wait "$leader" 2>/dev/null
leader=
leftovers "a run stopped by SIGTERM"

[ "$failed" -eq 0 ] && echo "OK: nothing left behind"
exit "$failed"
