#!/usr/bin/env python3
# check-layers.py: the layers of src/ (HACKING.md, "Layout and layers") hold.
#
#   tests/check-layers.py SOURCE_ROOT BUILD_ROOT
#
# 1. The compiler enforces them: each layer's static library is compiled with only its
#    own folder and the lower layers' folders on the include path. For every layer, a
#    probe file is compiled with the flags of one of that layer's own files (from
#    BUILD_ROOT/compile_commands.json): it must fail to compile when it includes a
#    higher layer's header, and compile when it includes its own layer's header (so
#    that the probe itself is known to work).
# 2. No file includes a header of a layer it may not use, and the store's internals
#    (spa-store-private.h, the only header with sqlite3.h) are included by the core,
#    the benchmark, and in the server by its SQLite storage and its sync rules (the
#    entities' references) only: sync, widgets, the app and the rest of the server ask
#    named core functions.
import os
import re
import shlex
import subprocess
import sys
import tempfile

source_root, build_root = (os.path.abspath(p) for p in sys.argv[1:3])
src = os.path.join(source_root, "src")

# What each layer may include besides its own headers.
ALLOWED = {
    "core": [],
    "sync": ["core"],
    "server": ["core", "sync"],
    "widgets": ["core"],
    "app": ["core", "sync", "widgets"],
    "bench": ["core", "sync", "server"],
}
# One header of each layer, for the compile probes.
PROBE = {
    "core": "spa-store.h",
    "sync": "spa-sync-engine.h",
    "server": "spa-server.h",
    "widgets": "spa-day-calendar.h",
    "app": "spa-window.h",
}
PRIVATE = "spa-store-private.h"
PRIVATE_ALLOWED = {"core", "bench"}
PRIVATE_FILES = {"spa-server-storage-sqlite.c", "spa-server-sync.c"}

failures = []

# Which layer each header belongs to.
layer_of = {}
for layer in ALLOWED:
    for folder, _, names in os.walk(os.path.join(src, layer)):
        for name in names:
            if name.endswith(".h"):
                layer_of[name] = layer

# 2. What the sources include.
include_re = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
for layer, allowed in ALLOWED.items():
    for folder, _, names in os.walk(os.path.join(src, layer)):
        for name in sorted(names):
            if not name.endswith((".c", ".h")):
                continue
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8") as f:
                text = f.read()
            for header in include_re.findall(text):
                owner = layer_of.get(os.path.basename(header))
                where = os.path.relpath(path, source_root)
                if owner is not None and owner != layer and owner not in allowed:
                    failures.append(f"{where}: the {layer} layer includes {header} ({owner})")
                if (os.path.basename(header) == PRIVATE and layer not in PRIVATE_ALLOWED
                        and name not in PRIVATE_FILES):
                    failures.append(f"{where}: includes the store's internals ({PRIVATE}); "
                                    "ask a named core function instead")

# 1. What the compiler accepts.
commands_path = os.path.join(build_root, "compile_commands.json")
if not os.path.exists(commands_path):
    print(f"no {commands_path}: configure the build first")
    sys.exit(1)
import json
with open(commands_path) as f:
    commands = json.load(f)


def command_for(layer):
    """The compile command of one of the layer's own library files, as a list."""
    folder = os.path.join(src, layer) + os.sep
    for entry in commands:
        path = os.path.normpath(os.path.join(entry["directory"], entry["file"]))
        if path.startswith(folder) and f"libspadesk-{layer}.a.p" in entry["command"]:
            return entry["directory"], shlex.split(entry["command"])
    return None, None


def probe(directory, argv, header):
    """Compiles a file holding one #include of header with argv's flags."""
    args = []
    skip = False
    for i, arg in enumerate(argv):
        if skip:
            skip = False
            continue
        if arg in ("-o", "-MQ", "-MF", "-c"):
            skip = True
            continue
        if arg in ("-MD", "-fdiagnostics-color=always"):
            continue
        args.append(arg)
    with tempfile.TemporaryDirectory() as tmp:
        probe_file = os.path.join(tmp, "probe.c")
        with open(probe_file, "w") as f:
            f.write(f'#include "config.h"\n#include "{header}"\n')
        result = subprocess.run(args + ["-fsyntax-only", probe_file], cwd=directory,
                                capture_output=True, text=True)
    return result.returncode == 0, result.stderr


for layer in PROBE:
    directory, argv = command_for(layer)
    if argv is None:
        failures.append(f"no compile command for the {layer} library in compile_commands.json")
        continue
    ok, errors = probe(directory, argv, PROBE[layer])
    if not ok:
        failures.append(f"the {layer} layer's flags do not compile its own {PROBE[layer]}:\n{errors}")
    for other, header in PROBE.items():
        if other == layer or other in ALLOWED[layer]:
            continue
        ok, errors = probe(directory, argv, header)
        if ok:
            failures.append(f"the {layer} layer's flags compile an include of {header} ({other})")
        elif "No such file" not in errors and "not found" not in errors:
            failures.append(f"the {layer} layer's probe of {header} failed otherwise:\n{errors}")
        else:
            print(f"ok: {layer} cannot include {header} ({other})")

for failure in failures:
    print("FAIL:", failure)
if failures:
    sys.exit(1)
print("the layers hold")
