#!/usr/bin/env bash
# Shared set-up for build-aux/run, build-aux/test and build-aux/bench: install what a
# fresh Debian 12 machine lacks, then configure and build into _build/.
set -euo pipefail

top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$top"

packages=(
  build-essential pkg-config meson ninja-build gettext
  libglib2.0-dev libglib2.0-dev-bin libgtk-4-dev libadwaita-1-dev
  libsoup-3.0-dev libjson-glib-dev libsqlite3-dev sqlite3 libsecret-1-dev
  desktop-file-utils appstream xvfb xauth imagemagick jq
  gnome-keyring dbus dbus-x11 tzdata libsodium-dev libcsv-dev
  libmicrohttpd-dev libcurl4-gnutls-dev openssl xdotool
  clang libclang-rt-14-dev
  locales xdotool
  python3 python3-pyatspi at-spi2-core openbox libfaketime
  git clang-format poppler-utils
  chromium chromium-driver python3-selenium npm
  vdirsyncer python3-aiosmtpd python3-icalendar
  postgresql libpq-dev
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    # NodeSource's nodejs bundles npm and conflicts with Debian's npm package.
    if [ "$p" = npm ] && command -v npm >/dev/null; then
      continue
    fi
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "Installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # Wait for another apt-get (an unattended upgrade) instead of failing at once.
    apt-get -o DPkg::Lock::Timeout=600 update -qq
    apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends \
      "${missing[@]}" >/dev/null
  else
    echo "Spa Desk needs these Debian packages first:" >&2
    echo "  sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

# The French tests read dates and decimals in the fr_CA.UTF-8 locale ("5,2").
if ! locale -a 2>/dev/null | grep -qix 'fr_CA.utf-\?8' && [ "$(id -u)" -eq 0 ]; then
  localedef -i fr_CA -f UTF-8 fr_CA.UTF-8 || true
fi

# axe-core (the browser test's accessibility check) from npm into a local folder,
# pinned; the test injects it into each page.
if [ ! -f _deps/axe-core/node_modules/axe-core/axe.min.js ]; then
  npm install --no-audit --no-fund --silent --prefix _deps/axe-core axe-core@4.10.3
fi

if [ ! -f _build/build.ninja ]; then
  meson setup _build --buildtype=debugoptimized
fi
ninja -C _build

# The libFuzzer harnesses build apart, with clang and the sanitizers (docs/fuzzing.md).
if [ ! -f _build-fuzz/build.ninja ]; then
  CC=clang meson setup _build-fuzz -Dfuzzing=true -Db_sanitize=address,undefined \
    -Db_lundef=false --buildtype=debugoptimized
fi
ninja -C _build-fuzz
