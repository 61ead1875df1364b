#!/usr/bin/env bash
# check-potfiles.sh: every source and UI file with a translatable string must be listed
# in po/POTFILES (or its strings never reach the translators), and every listed file
# must exist (or xgettext stops). Fails naming each offending file.
#
# Copyright 2026 The Spa Desk authors
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

top="${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
cd "$top"

listed="$(mktemp)"
trap 'rm -f "$listed"' EXIT
sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' po/POTFILES | sort -u > "$listed"

status=0

while read -r f; do
  if [ ! -f "$f" ]; then
    echo "po/POTFILES lists $f, which does not exist" >&2
    status=1
  fi
done < "$listed"

# C: _( N_( C_( NC_( not preceded by an identifier character, and the plural and
# domain calls. UI: translatable="yes" (GtkBuilder and GtkShortcutsWindow alike).
c_marks='(^|[^A-Za-z0-9_])(_|N_|C_|NC_)[[:space:]]*\(|g_dngettext|g_dpgettext2?|g_dcgettext|[^_]ngettext[[:space:]]*\('
ui_marks='translatable="(yes|true|1)"'

candidates="$( (grep -rlE --include='*.c' --include='*.h' "$c_marks" src 2>/dev/null || true;
                grep -rlE --include='*.ui' "$ui_marks" ui src 2>/dev/null || true;
                grep -lE '^_|<_|translatable="yes"' data/*.in data/*.in.in 2>/dev/null || true) | sort -u)"

# A grep hit may be a comment; xgettext (which skips comments) has the last word.
has_strings () {
  local n
  n="$(xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=C_:1c,2 \
        --keyword=NC_:1c,2 --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 \
        --keyword=g_dpgettext2:2c,3 --output=- "$1" 2>/dev/null | grep -c '^msgid ' || true)"
  [ "${n:-0}" -gt 1 ]   # the header entry is always there
}

for f in $candidates; do
  if ! grep -qxF "$f" "$listed" && has_strings "$f"; then
    echo "$f has translatable strings but is missing from po/POTFILES" >&2
    status=1
  fi
done

if [ "$status" -eq 0 ]; then
  echo "po/POTFILES lists all $(echo "$candidates" | wc -w) files with translatable strings"
fi
exit "$status"
