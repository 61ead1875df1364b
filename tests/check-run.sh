#!/bin/sh
# build-aux/run as a newcomer uses it: LANGUAGE=fr gives a French locale (dates and
# decimals too, not only the text), and --demo on a folder that already holds the
# sample spa fails with a non-zero status and says how to open it again.
# Usage: check-run.sh SOURCE_ROOT BUILD_ROOT
set -u
top="$1"
build="$2"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
export SPA_DESK_RUN_NO_SETUP=1
fail=0

locale_all="$(LANGUAGE=fr LC_ALL=C.UTF-8 SPA_DESK_RUN_COMMAND="printenv LC_ALL" "$top/build-aux/run" 2>"$dir/err")"
if [ "$(id -u)" -eq 0 ] || locale -a | grep -qix 'fr_CA.utf8'; then
  if [ "$locale_all" != "fr_CA.UTF-8" ]; then
    echo "LANGUAGE=fr build-aux/run: LC_ALL is '$locale_all', not fr_CA.UTF-8" >&2
    fail=1
  fi
elif ! grep -q "localedef -i fr_CA" "$dir/err"; then
  echo "LANGUAGE=fr build-aux/run without the locale does not say how to make it" >&2
  fail=1
fi

# The app binary of this build, whatever build-aux/run would pick.
export SPA_DESK_RUN_COMMAND="$build/src/app/spa-desk"
if ! "$top/build-aux/run" --demo --data-dir "$dir/spa" --quit-after-first-frame >/dev/null 2>&1; then
  echo "build-aux/run --demo on a new folder failed" >&2
  fail=1
fi
if "$top/build-aux/run" --demo --data-dir "$dir/spa" --quit-after-first-frame >/dev/null 2>"$dir/again"; then
  echo "build-aux/run --demo again on the same folder exited with status 0" >&2
  fail=1
fi
if ! grep -q "without --demo" "$dir/again"; then
  echo "build-aux/run --demo again does not say how to open the sample spa: $(cat "$dir/again")" >&2
  fail=1
fi
exit $fail
