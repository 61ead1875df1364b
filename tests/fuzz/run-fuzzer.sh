#!/bin/sh
# run-fuzzer.sh HARNESS CORPUS [libFuzzer options...]
# A short, bounded run from the committed corpus. New inputs go to a scratch folder
# (libFuzzer writes into its first corpus folder), so the repository is not touched;
# a crash leaves its input in the test's log folder.
set -eu
harness="$1"
corpus="$2"
shift 2
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
exec "$harness" "$scratch" "$corpus" -artifact_prefix="${MESON_BUILD_ROOT:-.}/" "$@"
