# spadesk_e2e.py: drive the real Spa Desk window the way a person does
#
# Copyright 2026 The Spa Desk authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""A small harness for end-to-end journeys.

Each journey gets its own X server (Xvfb), session bus with the accessibility bus,
window manager (openbox) and a fresh sample spa (`--demo` in a temporary
`--data-dir`), with the app's clock pinned by libfaketime so that the sample spa is
the same on every run. The journey finds widgets in the accessibility tree (AT-SPI),
gives the window real input with xdotool (keys, and clicks at the widget's place on
the screen) and checks the outcome in the accessibility tree or in the SQLite
database, opened read-only as the oracle.

Every wait is a poll with a time limit that names what it waited for. On failure the
screen, the accessibility tree and the app's output are saved under
SPA_E2E_ARTIFACTS (the meson log folder when run by meson).

Environment:
  SPA_E2E_APP        the spa-desk binary to drive (an ASan build, say); default: the
                     build tree's (SPA_E2E_DEFAULT_APP, set by meson). A binary built
                     with AddressSanitizer gets the sanitizers' options of the unit
                     tests (leaks fatal, build-aux/lsan.supp) and three times the
                     time limits
  SPA_E2E_ARTIFACTS  where screenshots and logs go
  SPA_E2E_KEEP       keep the temporary folder (for a look at the database)
"""

import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback

# A Wednesday morning: the sample spa's therapists work weekdays, and the day holds
# completed sessions (before 11:00) and confirmed ones still to come.
DEFAULT_NOW = "2026-12-02 10:30:00"
TIME_ZONE = "America/Vancouver"
SCREEN = (1400, 900)
FAKETIME_LIB = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"

# The window's views, as the view switcher names them, and their pages' type names.
VIEW_PAGES = {"Today": "SpaTodayPage", "Calendar": "SpaCalendarPage", "Clients": "SpaClientsPage"}

# The sample spa opens on its lock screen; journeys sign in as its manager (README).
DEMO_MANAGER = ("Maya Singh", "1234")

SOURCE_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def app_path():
    """The spa-desk binary the journeys drive."""
    return os.environ.get("SPA_E2E_APP") or os.environ.get("SPA_E2E_DEFAULT_APP")


def is_sanitized(path):
    """Whether @path was built with AddressSanitizer (its runtime's entry point is named
    in the binary, whether the runtime is linked in or loaded)."""
    try:
        with open(path, "rb") as binary:
            return b"__asan_init" in binary.read()
    except (OSError, TypeError):
        return False


SANITIZED = is_sanitized(app_path())

# Time limits, in seconds: generous for a loaded two-core machine, never slept. The
# sanitizers make the app about three times slower.
SCALE = float(os.environ.get("SPA_E2E_TIMEOUT_SCALE", "3" if SANITIZED else "1"))
START_TIMEOUT = 60 * SCALE
WAIT_TIMEOUT = 20 * SCALE


class E2EError(AssertionError):
    """A journey did not go as a person would expect."""


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def wait_until(predicate, what, timeout=WAIT_TIMEOUT, interval=0.05):
    """Polls @predicate until it returns something true, and returns that.

    Raises E2EError naming @what after @timeout seconds. Exceptions raised by the
    predicate count as "not yet" (the accessibility tree changes under our feet),
    the last one is reported."""
    deadline = time.monotonic() + timeout
    last_error = None
    while True:
        try:
            value = predicate()
            if value:
                return value
        except Exception as error:  # noqa: BLE001 - reported below
            last_error = error
        if time.monotonic() > deadline:
            detail = f" (last error: {last_error!r})" if last_error else ""
            raise E2EError(f"timed out after {timeout:g} s waiting for {what}{detail}")
        time.sleep(interval)


def _require(program):
    path = shutil.which(program)
    if path is None:
        raise E2EError(f"{program} is not installed; build-aux/setup.sh installs it")
    return path


class Desk:
    """A running Spa Desk on its own display, buses and sample spa.

    Use as a context manager:

        with Desk("wrong-chart") as desk:
            desk.key("alt+3")
            ...
    """

    def __init__(self, name, now=DEFAULT_NOW, demo=True, args=(), sign_in=DEMO_MANAGER):
        self.name = name
        self.sign_in_as = sign_in
        self.now = now
        self.demo = demo
        self.extra_args = list(args)
        self.app_path = app_path()
        self.artifacts = os.environ.get("SPA_E2E_ARTIFACTS") or os.path.join(tempfile.gettempdir(), "spa-e2e")
        self.tmp = tempfile.mkdtemp(prefix=f"spa-e2e-{name}-")
        self.data_dir = os.path.join(self.tmp, "data")
        self.app_log_path = os.path.join(self.artifacts, f"{name}.app.log")
        self._procs = []          # (name, Popen), stopped in reverse order
        self._app = None
        self._app_log = None
        self._atspi_app = None
        self._db = None
        self.display = None
        self.env = None

    # --- setting up -----------------------------------------------------------

    def __enter__(self):
        if not self.app_path or not os.access(self.app_path, os.X_OK):
            raise E2EError(f"no app to drive: set SPA_E2E_APP (got {self.app_path!r})")
        os.makedirs(self.artifacts, exist_ok=True)
        try:
            self._start_display()
            self._start_buses()
            self._start_window_manager()
            self._start_app()
            if self.demo and self.sign_in_as:
                self.sign_in(*self.sign_in_as)
        except BaseException:
            self._save_failure_artifacts()
            self._stop_all()
            raise
        return self

    def __exit__(self, exc_type, exc, tb):
        failed = exc_type is not None
        if failed:
            log(f"FAILED: {exc}")
            traceback.print_exception(exc_type, exc, tb)
            self._save_failure_artifacts()
        problems = self._stop_all()
        if problems and not failed:
            raise E2EError("the app reported problems:\n" + "\n".join(problems))
        if problems:
            log("the app also reported:\n" + "\n".join(problems))
        if os.environ.get("SPA_E2E_KEEP"):
            log(f"kept {self.tmp}")
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)
        return False

    def _spawn(self, name, argv, **kwargs):
        proc = subprocess.Popen(argv, **kwargs)
        self._procs.append((name, proc))
        return proc

    def _start_display(self):
        _require("Xvfb")
        read_fd, write_fd = os.pipe()
        # -displayfd: the server picks a free display and writes its number when ready.
        self._spawn("Xvfb", ["Xvfb", "-displayfd", str(write_fd), "-screen", "0",
                             f"{SCREEN[0]}x{SCREEN[1]}x24", "-nolisten", "tcp", "-noreset"],
                    pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write_fd)
        number = self._read_line(read_fd, "Xvfb to start")
        self.display = f":{number}"
        self.env = dict(os.environ)
        for var in ("WAYLAND_DISPLAY", "AT_SPI_BUS_ADDRESS", "GTK_A11Y", "NO_AT_BRIDGE",
                    "DBUS_SESSION_BUS_ADDRESS", "XAUTHORITY"):
            self.env.pop(var, None)
        self.env["DISPLAY"] = self.display
        self.env["GDK_BACKEND"] = "x11"
        os.environ["DISPLAY"] = self.display
        os.environ.pop("XAUTHORITY", None)

    def _read_line(self, fd, what):
        data = b""
        deadline = time.monotonic() + START_TIMEOUT
        with os.fdopen(fd, "rb", buffering=0) as pipe:
            os.set_blocking(fd, False)
            while not data.endswith(b"\n"):
                if time.monotonic() > deadline:
                    raise E2EError(f"timed out waiting for {what}")
                try:
                    chunk = pipe.read(256)
                except BlockingIOError:
                    chunk = None
                if chunk:
                    data += chunk
                elif chunk == b"":
                    raise E2EError(f"{what}: the process exited")
                else:
                    time.sleep(0.02)
        return data.decode().strip()

    def _start_buses(self):
        _require("dbus-daemon")
        read_fd, write_fd = os.pipe()
        # A private session bus: the accessibility bus is activated on it, so the
        # journey never sees the desktop of whoever runs the tests.
        self._spawn("dbus-daemon", ["dbus-daemon", "--session", "--nofork", "--nopidfile",
                                    f"--print-address={write_fd}"],
                    pass_fds=(write_fd,), env=self.env, stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL)
        os.close(write_fd)
        address = self._read_line(read_fd, "the session bus to start")
        self.env["DBUS_SESSION_BUS_ADDRESS"] = address
        os.environ["DBUS_SESSION_BUS_ADDRESS"] = address
        os.environ.pop("AT_SPI_BUS_ADDRESS", None)

    def _start_window_manager(self):
        _require("openbox")
        _require("xdotool")
        ready = os.path.join(self.tmp, "wm-ready")
        # openbox runs --startup once it manages the screen.
        self._spawn("openbox", ["openbox", "--sm-disable", "--startup", f"touch {ready}"],
                    env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until(lambda: os.path.exists(ready), "the window manager to start", START_TIMEOUT)

    def _start_app(self):
        env = dict(self.env)
        env.update({
            "GSETTINGS_BACKEND": "memory",
            "TZ": TIME_ZONE,
            "LC_ALL": "C.UTF-8",
            "LANGUAGE": "en",
            "G_ENABLE_DIAGNOSTIC": "1",
        })
        if SANITIZED:
            # As the unit tests' sanitizer run (tests/meson.build): leaks and undefined
            # behaviour are failures, GObjects go through malloc so LeakSanitizer sees
            # them, GTK draws with cairo and loads no GL driver, and a GLib critical
            # stops the app where it happens.
            env.update({
                "ASAN_OPTIONS": ":".join(filter(None, ["detect_leaks=1:halt_on_error=1",
                                                       env.get("ASAN_OPTIONS")])),
                "LSAN_OPTIONS": "suppressions={}:print_suppressions=0".format(
                    os.path.join(SOURCE_ROOT, "build-aux", "lsan.supp")),
                "UBSAN_OPTIONS": "halt_on_error=1:print_stacktrace=1",
                "G_SLICE": "always-malloc",
                "G_DEBUG": "fatal-criticals",
                "GSK_RENDERER": "cairo",
                "GDK_DEBUG": "gl-disable",
            })
        if self.now:
            if not os.path.exists(FAKETIME_LIB):
                raise E2EError("libfaketime is not installed; build-aux/setup.sh installs it")
            env["LD_PRELOAD"] = " ".join(filter(None, [FAKETIME_LIB, env.get("LD_PRELOAD")]))
            # The clock starts at @now and runs; the main loop's monotonic clock is left alone.
            env["FAKETIME"] = f"@{self.now}"
            env["FAKETIME_DONT_FAKE_MONOTONIC"] = "1"
            env["FAKETIME_DONT_RESET"] = "1"
            # An ASan build wants its runtime first; libfaketime only wraps time calls.
            env["ASAN_OPTIONS"] = ":".join(filter(None, [env.get("ASAN_OPTIONS"), "verify_asan_link_order=0"]))
        argv = [self.app_path, "--data-dir", self.data_dir]
        if self.demo:
            argv.append("--demo")
        argv += self.extra_args
        self._app_log = open(self.app_log_path, "w")
        log(f"starting {' '.join(argv)} on {self.display}")
        self._app = self._spawn("spa-desk", argv, env=env, stdout=self._app_log,
                                stderr=subprocess.STDOUT)
        self.app_env = env

        # Only now: pyatspi connects to the accessibility bus when imported.
        global pyatspi
        import pyatspi  # noqa: F401 (python3-pyatspi)

        def find_app():
            if self._app.poll() is not None:
                raise E2EError(f"the app exited with status {self._app.returncode}; see {self.app_log_path}")
            desktop = pyatspi.Registry.getDesktop(0)
            for i in range(desktop.childCount):
                app = desktop.getChildAtIndex(i)
                if app is not None and app.get_process_id() == self._app.pid:
                    return app
            return None

        self._atspi_app = wait_until(find_app, "the app to appear on the accessibility bus", START_TIMEOUT)
        # Only what never changes is cached: names, states and children are asked afresh.
        self._atspi_app.set_cache_mask(pyatspi.Atspi.Cache.ROLE | pyatspi.Atspi.Cache.INTERFACES)
        self.window = wait_until(lambda: self._active_frame(), "the main window to be shown and active",
                                 START_TIMEOUT)
        log("the window is up")

    def sign_in(self, name, pin):
        """On the lock screen: the account's number, its PIN, Enter, as a person would."""
        names = [row["name"] for row in self.query(
            "SELECT name FROM desk_account WHERE active = 1 ORDER BY name COLLATE NOCASE, id")]
        if name not in names[:9]:
            raise E2EError(f"no numbered desk account {name!r} (accounts: {names})")
        self.find(role="list", name="Staff", what="the lock screen's list of staff")
        self.key(str(names.index(name) + 1))
        self.type(pin)
        self.key("Return")
        self.gone(role="list", name="Staff", what=f"the lock screen, once {name} is signed in")
        log(f"signed in as {name}")

    # --- the accessibility tree ------------------------------------------------

    def _toplevels(self):
        app = self._atspi_app
        return [app.getChildAtIndex(i) for i in range(app.childCount)]

    def _active_frame(self):
        for top in self._toplevels():
            if top is not None and top.getState().contains(pyatspi.STATE_ACTIVE):
                return top
        return None

    def toplevel(self, name, what=None):
        """The newest of the app's windows (a dialog, say) called @name."""
        def newest():
            found = [top for top in self._toplevels() if top is not None and _clean(top.name) == name]
            return found[-1] if found else None
        return wait_until(newest, what or f"the window “{name}”")

    def active_window(self, what="a window to be active"):
        """The toplevel (main window or dialog) that has the focus."""
        return wait_until(self._active_frame, what)

    @staticmethod
    def describe(acc):
        try:
            return f"{acc.getRoleName()} “{acc.name}”"
        except Exception:  # noqa: BLE001
            return "a vanished widget"

    def current_view(self):
        """The name of the view the switcher shows as selected ("Today", …)."""
        for tab in self._walk(self.window, prune_views=False,
                              descend=lambda a: a.getRoleName() not in ("page tab", "scroll pane")):
            if tab.getRoleName() == "page tab" and tab.getState().contains(pyatspi.STATE_PRESSED):
                return _clean(tab.name)
        return None

    def _walk(self, root, showing_only=True, prune_views=True, descend=None):
        """Every accessible under @root (depth first), skipping hidden subtrees."""
        return (acc for acc, _ in self._walk_depth(root, showing_only, prune_views, descend))

    def _walk_depth(self, root, showing_only=True, prune_views=True, descend=None):
        """(accessible, depth) under @root, depth first.

        GTK 4.8 keeps the last size of a view that was shown and hidden again, so the
        views other than the selected one are skipped by name."""
        stack = [(root, 0)]
        view_page = None
        while stack:
            acc, depth = stack.pop()
            if acc is None:
                continue
            try:
                if showing_only and acc is not root and not self.is_showing(acc):
                    continue
                if prune_views and acc.name in VIEW_PAGES.values() and acc.getRoleName() == "filler":
                    if view_page is None:
                        view_page = VIEW_PAGES.get(self.current_view(), "")
                    if acc.name != view_page:
                        continue
                yield acc, depth
                if descend is not None and not descend(acc):
                    continue
                children = [acc.getChildAtIndex(i) for i in range(acc.childCount)]
            except Exception:  # noqa: BLE001 - a widget gone while walking
                continue
            stack.extend((child, depth + 1) for child in reversed(children))

    def matches(self, role=None, name=None, name_re=None, root=None, showing=True, pred=None,
                outside_views=False, skip=()):
        """Accessibles matching a role name ("push button"), an exact name or a name
        pattern, under @root (default: every toplevel of the app), in reading order
        and as they are found. @outside_views skips the views, for what is above
        them (toasts, the header bar); @skip names subtrees not to look into
        ("SpaClientPage"): both are quicker."""
        roots = [root] if root is not None else self._toplevels()
        skipped = set(skip) | (set(VIEW_PAGES.values()) if outside_views else set())

        def descend(acc):
            return not skipped or acc.name not in skipped
        for top in roots:
            for acc in self._walk(top, showing, descend=descend):
                try:
                    if role is not None and acc.getRoleName() != role:
                        continue
                    acc_name = acc.name or ""
                    if name is not None and _clean(acc_name) != name:
                        continue
                    if name_re is not None and not re.search(name_re, _clean(acc_name)):
                        continue
                    if pred is not None and not pred(acc):
                        continue
                except Exception:  # noqa: BLE001
                    continue
                yield acc

    def find_all(self, **criteria):
        """Every accessible matching @criteria (see matches)."""
        return list(self.matches(**criteria))

    def find(self, what=None, timeout=WAIT_TIMEOUT, **criteria):
        """Waits for the first accessible matching @criteria (see matches) and
        returns it."""
        what = what or _criteria_text(criteria)
        return wait_until(lambda: next(self.matches(**criteria), None), what, timeout)

    def gone(self, what=None, timeout=WAIT_TIMEOUT, **criteria):
        what = what or _criteria_text(criteria)
        wait_until(lambda: not self.find_all(**criteria), f"{what} to go away", timeout)

    @staticmethod
    def is_showing(acc):
        """Whether @acc is on the screen.

        GTK 4.8 sets the SHOWING state on windows only; a widget that is not mapped
        (a hidden stack page, a folded header) has an empty size instead."""
        extents = Desk._extents(acc)
        return extents is None or (extents[2] > 0 and extents[3] > 0)

    def texts(self, acc, limit=None):
        """The names of the showing labels under @acc (what a person reads there), in
        reading order; the first @limit only if given."""
        found = []
        for a in self._walk(acc):
            if a.getRoleName() == "label" and a.name:
                found.append(_clean(a.name))
                if limit is not None and len(found) >= limit:
                    break
        return found

    @staticmethod
    def has_state(acc, state):
        """Whether @acc has an AT-SPI state, by its name ("pressed", "focused"…)."""
        return acc.getState().contains(getattr(pyatspi, "STATE_" + state.upper()))

    def names(self, acc):
        """@acc's name and the names of the showing labels under it."""
        return " ".join(filter(None, [_clean(acc.name)] + self.texts(acc)))

    @staticmethod
    def ancestor(acc, role):
        """The nearest ancestor of @acc with @role ("list item"…), or None."""
        node = acc.parent
        while node is not None and node.getRoleName() != "application":
            if node.getRoleName() == role:
                return node
            node = node.parent
        return None

    def focused(self, root=None):
        """The accessible under @root (default: the active window) that has the
        keyboard focus, or None."""
        top = root or self._active_frame()
        if top is None:
            return None
        for acc in self._walk(top):
            try:
                if acc.getState().contains(pyatspi.STATE_FOCUSED):
                    return acc
            except Exception:  # noqa: BLE001
                continue
        return None

    def dump_tree(self, time_limit=60):
        """The showing accessibility tree as text, for failure reports."""
        lines = []
        deadline = time.monotonic() + time_limit * SCALE
        for top in self._toplevels():
            for acc, depth in self._walk_depth(top):
                if time.monotonic() > deadline:
                    lines.append("… (cut: the tree took too long to read)")
                    return "\n".join(lines)
                try:
                    states = acc.getState()
                    flags = "".join(flag for flag, state in (("A", pyatspi.STATE_ACTIVE),
                                                             ("F", pyatspi.STATE_FOCUSED),
                                                             ("C", pyatspi.STATE_CHECKED),
                                                             ("P", pyatspi.STATE_PRESSED),
                                                             ("s", pyatspi.STATE_SELECTED))
                                    if states.contains(state))
                    lines.append(f"{'  ' * depth}{acc.getRoleName()} “{_clean(acc.name or '')}” [{flags}] "
                                 f"{self._extents(acc)}")
                except Exception:  # noqa: BLE001
                    continue
        return "\n".join(lines)

    # --- the screen ----------------------------------------------------------

    @staticmethod
    def _extents(acc):
        try:
            e = acc.get_extents(pyatspi.Atspi.CoordType.WINDOW)
            return (e.x, e.y, e.width, e.height)
        except Exception:  # noqa: BLE001 - not a Component
            return None

    def _toplevel_of(self, acc):
        node = acc
        while True:
            parent = node.parent
            if parent is None or parent.getRoleName() == "application":
                return node
            node = parent

    def _x_windows(self):
        out = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(self._app.pid)],
                             env=self.env, capture_output=True, text=True).stdout
        windows = []
        for wid in out.split():
            geometry = subprocess.run(["xdotool", "getwindowgeometry", "--shell", wid],
                                      env=self.env, capture_output=True, text=True).stdout
            values = dict(line.split("=", 1) for line in geometry.split() if "=" in line)
            try:
                windows.append((wid, int(values["X"]), int(values["Y"]),
                                int(values["WIDTH"]), int(values["HEIGHT"])))
            except (KeyError, ValueError):
                continue
        return windows

    def _window_origin(self, top):
        """Where the toplevel's (0, 0) is on the screen.

        GTK 4.8 gives extents relative to the toplevel widget; its X window is larger
        by the invisible resize border of client-side decorations, the same on every
        side. The X window is the app's visible window whose size fits."""
        _, _, width, height = self._extents(top)
        best = None
        for wid, x, y, w, h in self._x_windows():
            mx, my = w - width, h - height
            if mx < 0 or my < 0 or mx % 2 or my % 2 or mx > 200 or my > 200:
                continue
            if best is None or mx + my < best[0]:
                best = (mx + my, x + mx // 2, y + my // 2)
        if best is None:
            raise E2EError(f"no X window of {width}×{height} for {self.describe(top)}")
        return best[1], best[2]

    def screen_point(self, acc, where=(0.5, 0.5)):
        extents = self._extents(acc)
        if extents is None or extents[2] <= 0 or extents[3] <= 0:
            raise E2EError(f"{self.describe(acc)} has no place on the screen ({extents})")
        ox, oy = self._window_origin(self._toplevel_of(acc))
        x, y, w, h = extents
        return ox + x + int(w * where[0]), oy + y + int(h * where[1])

    def scroll_into_view(self, acc, limit=40):
        """Turns the mouse wheel over @acc's scrolled pane until @acc is inside it, as
        a person scrolls to what they want to click."""
        pane = self.ancestor(acc, "scroll pane")
        if pane is None:
            return
        for _ in range(limit):
            _, y, _, h = self._extents(acc)
            _, pane_y, _, pane_h = self._extents(pane)
            if y >= pane_y and y + min(h, pane_h) <= pane_y + pane_h:
                return
            px, py = self.screen_point(pane)
            self._xdotool("mousemove", "--sync", str(px), str(py))
            before = y
            self._xdotool("click", "5" if y > pane_y else "4")
            wait_until(lambda: self._extents(acc)[1] != before, f"{self.describe(acc)} to scroll", 5)
        raise E2EError(f"{limit} turns of the wheel did not bring {self.describe(acc)} into view")

    def click(self, acc, where=(0.5, 0.5), button=1):
        """Moves the pointer onto @acc and clicks, as a person with a mouse; scrolls it
        into view first if it is out of its pane."""
        self.scroll_into_view(acc)
        x, y = self.screen_point(acc, where)
        log(f"click {self.describe(acc)} at {x},{y}")
        self._xdotool("mousemove", "--sync", str(x), str(y))
        self._xdotool("click", str(button))

    def key(self, *keys):
        """Presses keys on the keyboard, as xdotool names them ("alt+1", "Return")."""
        log(f"key {' '.join(keys)}")
        self._xdotool("key", "--clearmodifiers", "--delay", "40", *keys)

    def type(self, text):
        log(f"type {text!r}")
        self._xdotool("type", "--clearmodifiers", "--delay", "40", text)

    def _xdotool(self, *args):
        result = subprocess.run(["xdotool", *args], env=self.env, capture_output=True, text=True)
        if result.returncode != 0:
            raise E2EError(f"xdotool {' '.join(args)} failed: {result.stderr.strip()}")

    def screenshot(self, label):
        """Saves the whole screen as a PNG in the artifacts folder; returns its path."""
        path = os.path.join(self.artifacts, f"{self.name}-{label}.png")
        subprocess.run(["import", "-display", self.display, "-window", "root", path],
                       env=self.env, capture_output=True)
        return path

    # --- keyboard focus helpers ----------------------------------------------

    def focus_by_key(self, target, key="Tab", limit=30):
        """Presses @key until @target (an accessible) has the keyboard focus; at most
        @limit times."""
        for _ in range(limit):
            if self.has_state(target, "focused"):
                return target
            self.key(key)
        if self.has_state(target, "focused"):
            return target
        raise E2EError(f"{limit} × {key} never brought the focus to {self.describe(target)}")

    # --- the database --------------------------------------------------------

    @property
    def db_path(self):
        return os.path.join(self.data_dir, "spa-desk.db")

    def db(self):
        """A read-only connection to the app's database (rows as sqlite3.Row)."""
        if self._db is None:
            self._db = sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True, timeout=10)
            self._db.row_factory = sqlite3.Row
        return self._db

    def query(self, sql, *params):
        return self.db().execute(sql, params).fetchall()

    def query_one(self, sql, *params):
        rows = self.query(sql, *params)
        if len(rows) != 1:
            raise E2EError(f"expected one row, got {len(rows)}: {sql} {params}")
        return rows[0]

    def wait_db(self, sql, params=(), what=None, timeout=WAIT_TIMEOUT):
        """Waits until @sql returns a row, and returns it."""
        return wait_until(lambda: (self.query(sql, *params) or [None])[0], what or sql, timeout)

    # --- tearing down ---------------------------------------------------------

    def _save_failure_artifacts(self):
        try:
            if self.display:
                log(f"screenshot: {self.screenshot('failure')}")
            if self._atspi_app is not None:
                path = os.path.join(self.artifacts, f"{self.name}-failure.a11y.txt")
                with open(path, "w") as out:
                    out.write(self.dump_tree())
                log(f"accessibility tree: {path}")
        except Exception as error:  # noqa: BLE001 - never hide the real failure
            log(f"could not save the failure artifacts: {error!r}")

    def _stop_all(self):
        if self._db is not None:
            self._db.close()
            self._db = None
        for name, proc in reversed(self._procs):
            if proc.poll() is None:
                # The app quits on SIGTERM as on Ctrl+Q, closing its windows (and, under
                # the sanitizers, checking for leaks on the way out); a second SIGTERM
                # quits whatever a window still asks.
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(10 * SCALE)
                except subprocess.TimeoutExpired:
                    if proc is self._app:
                        log(f"{name} did not quit on SIGTERM; sending another")
                        proc.send_signal(signal.SIGTERM)
                        try:
                            proc.wait(10 * SCALE)
                        except subprocess.TimeoutExpired:
                            pass
                if proc.poll() is None:
                    log(f"{name} did not stop on SIGTERM; killing it")
                    proc.kill()
                    proc.wait(10)
        self._procs.clear()
        if self._app is not None:
            # libfaketime shares the clock in /dev/shm and removes it only when the process
            # exits normally; a killed app leaves it.
            for leftover in (f"/dev/shm/faketime_shm_{self._app.pid}",
                             f"/dev/shm/sem.faketime_sem_{self._app.pid}"):
                if os.path.exists(leftover):
                    log(f"removing {leftover}, left by the app")
                    os.unlink(leftover)
        problems = []
        if self._app_log is not None:
            self._app_log.close()
            self._app_log = None
            with open(self.app_log_path, errors="replace") as app_log:
                for line in app_log:
                    # GLib criticals and warnings, sanitizer reports: each is a bug.
                    if re.search(r"-(CRITICAL|WARNING) \*\*|ERROR: AddressSanitizer|ERROR: LeakSanitizer"
                                 r"|runtime error:", line):
                        problems.append(line.rstrip())
        if self._app is not None and self._app.returncode not in (0, -signal.SIGTERM, None):
            problems.append(f"the app exited with status {self._app.returncode}")
        return problems


def _clean(text):
    """An accessible name as a person reads it.

    GTK 4.8 names a button with a mnemonic twice, "_Week Week": keep the second."""
    words = (text or "").split()
    half = len(words) // 2
    if words and len(words) % 2 == 0 and "_" in " ".join(words[:half]) \
            and [w.replace("_", "") for w in words[:half]] == words[half:]:
        words = words[half:]
    return " ".join(words)


def _criteria_text(criteria):
    parts = [f"{k}={v!r}" for k, v in criteria.items() if k not in ("root", "pred") and v is not None]
    return "a widget with " + ", ".join(parts)


def run(journey):
    """Runs one journey function (taking nothing) and exits 0 or 1, as meson expects."""
    # Stopped from outside (meson's time limit): leave through the Desk's tear-down, so
    # the X server, buses and app go too and the failure is recorded.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(f"stopped by signal {signum}"))
    start = time.monotonic()
    try:
        journey()
    except Exception:  # noqa: BLE001 - the report is the point
        traceback.print_exc()
        log(f"FAIL after {time.monotonic() - start:.1f} s")
        sys.exit(1)
    log(f"OK in {time.monotonic() - start:.1f} s")
    sys.exit(0)
