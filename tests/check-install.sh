#!/usr/bin/env bash
# check-install.sh BUILDDIR: `meson install --destdir` into a temporary folder, then
# check that what landed is a complete, valid app: the binary runs, the desktop file,
# metainfo and schema validate where they were installed, the icons and the French
# catalogue are there, and (with a display) the installed binary opens its window
# and draws it using only the installed schema.
#
# Copyright 2026 The Spa Desk authors
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

build="$(cd "$1" && pwd)"
dest="$(mktemp -d)"
trap 'rm -rf "$dest"' EXIT

fail () { echo "FAIL: $*" >&2; exit 1; }

# --no-rebuild: meson test already built everything, and the test must not race ninja.
meson install -C "$build" --destdir "$dest" --no-rebuild --quiet >/dev/null \
  || fail "meson install --destdir failed"

intro="$(meson introspect "$build" --buildoptions)"
opt () { python3 -c 'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"]==sys.argv[1]][0])' "$1" <<<"$intro"; }
prefix="$(opt prefix)"
bindir="$(opt bindir)"
datadir="$(opt datadir)"
localedir="$(opt localedir)"
[ "$(opt development)" = "True" ] && app_id=io.github.spadesk.SpaDesk.Devel || app_id=io.github.spadesk.SpaDesk

root="$dest$prefix"
bin="$root/$bindir/spa-desk"
share="$root/$datadir"

[ -x "$bin" ] || fail "$bin was not installed"
version="$("$bin" --version)" || fail "the installed spa-desk --version failed"
echo "$version" | grep -q '^spa-desk [0-9]' || fail "unexpected --version output: $version"

desktop="$share/applications/$app_id.desktop"
metainfo="$share/metainfo/$app_id.metainfo.xml"
schema="$share/glib-2.0/schemas/$app_id.gschema.xml"
for f in "$desktop" "$metainfo" "$schema" \
         "$share/icons/hicolor/scalable/apps/$app_id.svg" \
         "$share/icons/hicolor/symbolic/apps/$app_id-symbolic.svg"; do
  [ -s "$f" ] || fail "$f was not installed"
done
while read -r lang; do
  [ -z "$lang" ] && continue
  mo="$root/$localedir/$lang/LC_MESSAGES/spa-desk.mo"
  [ -s "$mo" ] || fail "$mo was not installed"
done < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$(dirname "$0")/../po/LINGUAS")

desktop-file-validate "$desktop" || fail "installed desktop file does not validate"
grep -q "^Icon=$app_id\$" "$desktop" || fail "desktop file Icon is not $app_id"
grep -q "^Exec=spa-desk" "$desktop" || fail "desktop file does not run spa-desk"
grep -q "^Name\[fr\]=" "$desktop" || fail "desktop file has no French name"
appstreamcli validate --no-net "$metainfo" >/dev/null || fail "installed metainfo does not validate"
grep -q "<launchable type=\"desktop-id\">$app_id.desktop</launchable>" "$metainfo" \
  || fail "metainfo does not launch $app_id.desktop"

# The schema compiles on its own, in the folder it was installed to, as the
# post-install step (skipped under DESTDIR) would do.
glib-compile-schemas --strict "$share/glib-2.0/schemas" || fail "installed schema does not compile"

# The installed catalogue is the one the binary reads.
summary="$(LANGUAGE=fr LC_ALL=C.UTF-8 SPA_DESK_LOCALEDIR="$root/$localedir" "$bin" --help)"
echo "$summary" | grep -q 'rendez-vous' || fail "the installed binary does not show its French help"

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "installed files are valid; no display, so the window was not started"
  exit 0
fi

shot="$dest/shot.png"
data="$dest/data"
# Only the installed schema: a missing or mismatched one makes g_settings_new abort.
GSETTINGS_SCHEMA_DIR="$share/glib-2.0/schemas" GSETTINGS_BACKEND=memory \
XDG_DATA_DIRS="$share:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}" \
  timeout 60 "$bin" --data-dir "$data" --demo --view clients --screenshot "$shot" \
  || fail "the installed app did not start and draw its window"
[ -s "$shot" ] || fail "the installed app drew no screenshot"
[ -s "$data/spa-desk.db" ] || fail "the installed app created no database"
echo "installed app ($version) validated and drew its window"
