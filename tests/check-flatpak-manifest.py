#!/usr/bin/env python3
# check-flatpak-manifest.py SRCDIR BUILDDIR
#
# Flathub cannot be reached here, so the Flatpak is never built in CI; this checks what
# flatpak-builder would otherwise only find out at build or run time: the manifests
# parse, name the app ID the desktop file, metainfo, schema and resources use, run a
# command the build installs, ask for no more than the app needs, and bring every
# library the GNOME runtime lacks.
#
# Copyright 2026 The Spa Desk authors
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import re
import subprocess
import sys

src, build = sys.argv[1], sys.argv[2]
errors = []


def fail(msg):
    errors.append(msg)


def read(path):
    with open(os.path.join(src, path), encoding='utf-8') as f:
        return f.read()


top_meson = read('meson.build')
m = re.search(r"^app_id_base\s*=\s*'([^']+)'", top_meson, re.M)
app_id = m.group(1)
m = re.search(r"^resource_prefix\s*=\s*'([^']+)'", top_meson, re.M)
resource_prefix = m.group(1)

# What org.gnome.Platform ships (gnome-build-meta's platform stack plus the
# freedesktop-sdk components it pulls in: glib, sqlite with FTS5 and JSON1, ...).
# A dependency() outside this list needs its own module in the manifest.
RUNTIME_PROVIDES = {
    'glib-2.0', 'gio-2.0', 'gobject-2.0', 'gio-unix-2.0', 'gtk4', 'libadwaita-1',
    'libsoup-3.0', 'json-glib-1.0', 'sqlite3', 'libsecret-1', 'threads', 'm',
    'libcurl',    # freedesktop-sdk's curl, headers in org.gnome.Sdk
}

ALLOWED_FINISH_ARGS = {
    '--share=network',    # the spa server
    '--share=ipc',        # X11 shared memory
    '--socket=wayland',
    '--socket=fallback-x11',
    '--device=dri',       # GL rendering
}

# The app ID everything else is named after.
if not re.fullmatch(r'[A-Za-z][\w-]*(\.[A-Za-z][\w-]*){2,}', app_id):
    fail(f'{app_id} is not a valid application ID')
expected_prefix = '/' + app_id.replace('.', '/')
if resource_prefix != expected_prefix:
    fail(f'resource_prefix {resource_prefix} does not match the app ID ({expected_prefix})')
gresource = read('data/spa-desk.gresource.xml')
for prefix in re.findall(r'<gresource prefix="([^"]+)"', gresource):
    if prefix != expected_prefix:
        fail(f'data/spa-desk.gresource.xml uses prefix {prefix}, not {expected_prefix}')

# The templates take the app ID from meson, so the .Devel build renames them all.
desktop_in = read(f'data/{app_id}.desktop.in.in')
metainfo_in = read(f'data/{app_id}.metainfo.xml.in.in')
schema_in = read(f'data/{app_id}.gschema.xml.in')
if not re.search(r'^Icon=@APP_ID@$', desktop_in, re.M):
    fail('the desktop file template does not use Icon=@APP_ID@')
if '<id>@APP_ID@</id>' not in metainfo_in:
    fail('the metainfo template does not use <id>@APP_ID@</id>')
if '<launchable type="desktop-id">@APP_ID@.desktop</launchable>' not in metainfo_in:
    fail('the metainfo template does not launch @APP_ID@.desktop')
if '<schema id="@APP_ID@"' not in schema_in:
    fail('the schema template does not use id="@APP_ID@"')

# What this build installs, under which names.
installed = json.loads(subprocess.run(['meson', 'introspect', '--installed', build],
                                      check=True, capture_output=True, text=True).stdout)
installed_paths = list(installed.values())
options = json.loads(subprocess.run(['meson', 'introspect', '--buildoptions', build],
                                    check=True, capture_output=True, text=True).stdout)
development = [o['value'] for o in options if o['name'] == 'development'][0]
built_id = app_id + '.Devel' if development else app_id
for suffix in [f'/share/applications/{built_id}.desktop',
               f'/share/metainfo/{built_id}.metainfo.xml',
               f'/share/glib-2.0/schemas/{built_id}.gschema.xml',
               f'/share/icons/hicolor/scalable/apps/{built_id}.svg',
               f'/share/icons/hicolor/symbolic/apps/{built_id}-symbolic.svg']:
    if not any(p.endswith(suffix) for p in installed_paths):
        fail(f'the build does not install ...{suffix}')

meson_deps = set()
for root, _, files in os.walk(src):
    if '/_build' in root or '/.git' in root:
        continue
    for name in files:
        if name == 'meson.build':
            with open(os.path.join(root, name), encoding='utf-8') as f:
                meson_deps.update(re.findall(r"\bdependency\(\s*'([^']+)'", f.read()))


def check_manifest(path, expected_id, devel):
    try:
        with open(os.path.join(src, path), encoding='utf-8') as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        fail(f'{path}: {e}')
        return

    mid = manifest.get('id', manifest.get('app-id'))
    if mid != expected_id:
        fail(f'{path}: app ID {mid}, expected {expected_id}')
    if manifest.get('runtime') != 'org.gnome.Platform':
        fail(f'{path}: runtime is not org.gnome.Platform')
    if manifest.get('sdk') != 'org.gnome.Sdk':
        fail(f'{path}: sdk is not org.gnome.Sdk')
    if not re.fullmatch(r'\d+', str(manifest.get('runtime-version', ''))):
        fail(f'{path}: runtime-version must be a stable GNOME release such as "51"')

    command = manifest.get('command')
    if not command or not any(p.endswith('/bin/' + command) for p in installed_paths):
        fail(f'{path}: command {command} is not an executable the build installs in bin/')

    args = manifest.get('finish-args', [])
    for a in args:
        if a not in ALLOWED_FINISH_ARGS:
            fail(f'{path}: finish-arg {a} is not needed (files go through the portals)')
    for a in ALLOWED_FINISH_ARGS - set(args):
        fail(f'{path}: finish-arg {a} is missing')

    cleanup = manifest.get('cleanup', [])
    for c in ['/include', '/lib/pkgconfig', '*.a', '*.la']:
        if c not in cleanup:
            fail(f'{path}: cleanup lacks {c}')

    modules = manifest.get('modules', [])
    if not modules or not isinstance(modules[-1], dict):
        fail(f'{path}: no modules')
        return
    app = modules[-1]
    if app.get('buildsystem') != 'meson':
        fail(f'{path}: the app module is not built with meson')
    dirs = [s for s in app.get('sources', []) if s.get('type') == 'dir']
    if len(dirs) != 1 or os.path.realpath(os.path.join(src, os.path.dirname(path), dirs[0].get('path', ''))) != os.path.realpath(src):
        fail(f'{path}: the app module must build the local source directory')
    opts = app.get('config-opts', [])
    if devel != ('-Ddevelopment=true' in opts):
        fail(f'{path}: -Ddevelopment=true must be set exactly for the .Devel variant')

    provided = {m.get('name') for m in modules[:-1] if isinstance(m, dict)}
    for dep in sorted(meson_deps - RUNTIME_PROVIDES):
        if dep not in provided:
            fail(f'{path}: {dep} is not in org.gnome.Platform and no module builds it')


check_manifest(f'flatpak/{app_id}.json', app_id, False)
check_manifest(f'flatpak/{app_id}.Devel.json', app_id + '.Devel', True)

if errors:
    for e in errors:
        print('FAIL:', e, file=sys.stderr)
    sys.exit(1)
print(f'flatpak manifests for {app_id} and {app_id}.Devel are consistent with the build')
