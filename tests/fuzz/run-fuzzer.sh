#!/bin/sh
# run-fuzzer.sh HARNESS CORPUS [libFuzzer options...]
# A short, bounded run from the committed corpus that leaves nothing behind. Everything
# the run writes goes into one scratch folder (in memory-backed /dev/shm when there is
# one): new inputs (libFuzzer writes into its first corpus folder, so the repository is
# not touched), the harness's work databases (SPA_FUZZ_WORK_DIR) and libFuzzer's own
# temporary files (TMPDIR; -fork keeps its work there). libFuzzer leaves with _Exit() on
# a time-out, a crash or a signal, skipping the harness's clean-up, so the folder is
# removed here however the run ends, and the harness (with any -fork workers, in its
# process group) is stopped first. A crash leaves its input in the test's log folder.
set -u
harness="$1"
corpus="$2"
shift 2
# SPA_FUZZ_SCRATCH: where the scratch folder goes (check-cleanup.sh gives its own).
base="${SPA_FUZZ_SCRATCH:-/dev/shm}"
[ -d "$base" ] && [ -w "$base" ] || base="${TMPDIR:-/tmp}"
scratch="$(mktemp -d "$base/spa-fuzz-run-XXXXXX")" || exit 1
pid=
stop () {
  if [ -n "$pid" ]; then
    kill -TERM "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    pid=
  fi
  rm -rf "$scratch"
}
trap stop EXIT
trap 'exit 143' TERM
trap 'exit 130' INT
trap 'exit 129' HUP
mkdir "$scratch/new" "$scratch/work" "$scratch/tmp"
TMPDIR="$scratch/tmp" SPA_FUZZ_WORK_DIR="$scratch/work" \
  "$harness" "$scratch/new" "$corpus" -artifact_prefix="${MESON_BUILD_ROOT:-.}/" "$@" &
pid=$!
wait "$pid"
status=$?
pid=
exit "$status"
