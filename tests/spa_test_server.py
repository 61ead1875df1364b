# spa_test_server.py: the real spa-desk-server for the Python tests
#
# Copyright 2026 The Spa Desk authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""spa-desk-server on a database of its own in a scratch folder, on 127.0.0.1, with a
manager's token, and records pushed the way a desk pushes them."""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

SERVER = os.environ.get("SPA_DESK_SERVER", "_build/src/server/spa-desk-server")
ZONE = "America/Vancouver"


def log(message):
    print(message, flush=True)


def fail(message):
    raise AssertionError(message)


def wait_until(condition, what, seconds=40):
    """The first true value of condition(), polled until the time (times
    SPA_TEST_SLOWDOWN) runs out; then the test fails naming what it waited for."""
    deadline = time.monotonic() + seconds * float(os.environ.get("SPA_TEST_SLOWDOWN", "1"))
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    fail("timed out waiting for " + what)


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_main(main):
    """Runs a test's main: a failed check is a message and exit status 1."""
    try:
        main()
    except AssertionError as error:
        print("FAIL: %s" % error, file=sys.stderr)
        sys.exit(1)
    log("ok")


class Server:
    def __init__(self, folder):
        self.db = os.path.join(folder, "server.db")
        self.token = self.run("add-user", "maria", "--role", "manager").strip()
        self.process = None
        self.url = None
        self.mutation = 0
        self.versions = {}

    def run(self, *args):
        """A command (add-user, set, calendar-url...) on the database."""
        return subprocess.run([SERVER, "--db", self.db] + list(args), check=True,
                              capture_output=True, text=True).stdout

    def start(self, *args, env=None):
        self.process = subprocess.Popen(
            [SERVER, "--db", self.db, "--listen", "127.0.0.1:0", "--time-zone", ZONE] + list(args),
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
        line = self.process.stdout.readline()
        match = re.search(r"listening on (http://\S+)", line)
        if not match:
            fail("the server did not start: " + line + self.process.stdout.read())
        self.url = match.group(1)
        # Its log is read all along, so that it never blocks on a full pipe.
        threading.Thread(target=self._drain, args=(self.process,), daemon=True).start()

    @staticmethod
    def _drain(process):
        for line in process.stdout:
            log("server: " + line.rstrip())

    def stop(self, kill=False):
        if self.process is None:
            return
        if kill:
            self.process.send_signal(signal.SIGKILL)
        else:
            self.process.terminate()
        self.process.wait(30)
        self.process = None

    def request(self, method, path, body=None, token=None, headers=None):
        """(status, headers, body bytes); token=True sends the manager's."""
        headers = dict(headers or {}, **{"Content-Type": "application/json"})
        if token:
            headers["Authorization"] = "Bearer " + (self.token if token is True else token)
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.url + path, data=data, method=method,
                                         headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def push(self, entity, id, fields, op="upsert"):
        """One mutation as a desk sends it, on the version it last saw; the result."""
        self.mutation += 1
        mutation = {"mutation_id": self.mutation, "entity": entity, "id": id, "op": op,
                    "base_version": self.versions.get(id, 0)}
        if op == "upsert":
            mutation["fields"] = fields
        status, _, body = self.request("POST", "/v1/sync/push", {
            "device_id": "test-desk", "mutations": [mutation]}, token=True)
        if status != 200:
            fail("push of %s %s: %d %r" % (entity, id, status, body))
        result = json.loads(body)["results"][0]
        if result["status"] == "applied":
            self.versions[id] = result["version"]
        return result

    def delete(self, entity, id):
        result = self.push(entity, id, None, op="delete")
        if result["status"] != "applied":
            fail("delete of %s %s: %r" % (entity, id, result))
        return result["version"]

    def upsert(self, entity, id, fields):
        result = self.push(entity, id, fields)
        if result["status"] != "applied":
            fail("push of %s %s: %r" % (entity, id, result))
        return result["version"]
