#!/usr/bin/python3
# test-book-online.py: a client books through the spa's own page in a real browser
#
# Copyright 2026 The Spa Desk authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The booking page and the intake form in headless Chromium, driven by Selenium.

A fresh spa-desk-server (its own database, a manager, two therapists and two rooms
pushed through the sync API, the spa's name, colour and logo set) serves /book. Then:

1. desktop (1280x900): deep tissue, Claire, the first free time, details, confirmed;
2. phone (360x740): another client had the same time open; sending it says it was just
   taken and offers others; they take the first offered and are confirmed;
3. the first client's intake link: the body map filled with the keyboard only (Tab to a
   region, Enter, arrow keys for the pain and its kind, a note, Space to avoid),
   pressure, health, consent;
4. through their secret links, the first client moves their booking to another time
   and the second cancels theirs, by clicking on their booking's own page;
5. a desk (tests/online-desk.c, the real sync engine) syncs and holds both bookings,
   marked online, the move and the cancellation, and the intake, filled by the client;
   the real app opens on it.

Every page is checked with axe-core (no serious or critical violation). Screenshots go
to docs/screenshots/ (SPA_BROWSER_SHOTS, set by meson) and the meson log folder.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service as ChromeService
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

SERVER = os.environ.get("SPA_DESK_SERVER")
DESK = os.environ.get("SPA_ONLINE_DESK")
APP = os.environ.get("SPA_DESK_APP")
AXE = os.environ.get("SPA_AXE_JS")
SHOTS = os.environ.get("SPA_BROWSER_SHOTS")
ARTIFACTS = os.environ.get("SPA_BROWSER_ARTIFACTS", tempfile.gettempdir())
SCALE = float(os.environ.get("SPA_E2E_TIMEOUT_SCALE", "1"))
WAIT = 20 * SCALE
ZONE = "America/Vancouver"
DEEP_TISSUE = "5ba0d35c-0000-4000-8000-000000000003"

WEEK = {d: [{"start": "09:00", "end": "12:00"}, {"start": "13:00", "end": "18:00"}]
        for d in ("mon", "tue", "wed", "thu", "fri", "sat")}

LOGO = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">
<rect width="64" height="64" rx="16" fill="#3d6b5a"/>
<path d="M32 12c10 10 14 20 0 40C18 32 22 22 32 12z" fill="#f3ede4"/>
<path d="M32 20v30" stroke="#3d6b5a" stroke-width="2.5" fill="none"/></svg>
"""


def log(message):
    print(message, flush=True)


def fail(message):
    raise AssertionError(message)


class Server:
    def __init__(self, folder):
        self.db = os.path.join(folder, "server.db")
        self.token = self.run("add-user", "maria", "--role", "manager").strip()
        logo = os.path.join(folder, "logo.svg")
        with open(logo, "w") as f:
            f.write(LOGO)
        # Changes online until the visit starts: the first free time may be today.
        for key, value in (("spa_name", "Cedar & Stone Spa"), ("spa_color", "#3d6b5a"),
                           ("logo", logo), ("cancel_hours", "0")):
            self.run("set", key, value)
        self.process = subprocess.Popen(
            [SERVER, "--db", self.db, "--listen", "127.0.0.1:0", "--time-zone", ZONE],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        line = self.process.stdout.readline()
        match = re.search(r"listening on (http://\S+)", line)
        if not match:
            fail("the server did not start: " + line)
        self.url = match.group(1)

    def run(self, *args):
        return subprocess.run([SERVER, "--db", self.db] + list(args), check=True,
                              capture_output=True, text=True).stdout

    def push(self, mutations):
        body = json.dumps({"device_id": "seed-desk", "mutations": mutations}).encode()
        request = urllib.request.Request(self.url + "/v1/sync/push", data=body, headers={
            "Authorization": "Bearer " + self.token, "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            results = json.load(response)["results"]
        for result in results:
            if result["status"] != "applied":
                fail("seeding failed: %r" % result)

    def stop(self):
        self.process.terminate()
        self.process.wait(30)


def seed(server):
    def upsert(n, entity, id, fields):
        return {"mutation_id": n, "entity": entity, "id": id, "op": "upsert",
                "base_version": 0, "fields": fields}
    server.push([
        upsert(1, "therapist", "7e1a0000-0000-4000-8000-00000000c1a1", {
            "name": "Claire Dubois", "credentials": "RMT", "active": True,
            "bio": "Deep tissue and sports massage; ten years of helping runners and climbers "
                   "move freely.",
            "working_hours": WEEK}),
        upsert(2, "therapist", "7e1a0000-0000-4000-8000-00000000ae12", {
            "name": "Marcus Lee", "credentials": "RMT", "active": True,
            "bio": "Calm, steady relaxation and hot stone massage.", "working_hours": WEEK}),
        upsert(3, "room", "7e1a0000-0000-4000-8000-0000000000c1", {"name": "Cedar room", "active": True}),
        upsert(4, "room", "7e1a0000-0000-4000-8000-0000000000c2", {"name": "Ocean room", "active": True}),
        upsert(5, "service", DEEP_TISSUE, {"price_cents": 12000}),
        upsert(6, "service", "5ba0d35c-0000-4000-8000-000000000001", {"price_cents": 11000}),
        upsert(7, "service", "5ba0d35c-0000-4000-8000-000000000005", {"price_cents": 15500}),
    ])


def browser(width, height, language="en-CA"):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=%d,%d" % (width, height), "--lang=" + language,
                     "--hide-scrollbars", "--force-device-scale-factor=1"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": language})
    service = ChromeService(executable_path="/usr/bin/chromedriver")
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_window_size(width, height)
    return driver


def wait_for(driver, condition, what):
    try:
        return WebDriverWait(driver, WAIT).until(condition)
    except TimeoutException:
        shot(driver, "failure-" + re.sub(r"\W+", "-", what))
        fail("timed out waiting for " + what)


def visible(driver, css, what=None):
    return wait_for(driver, EC.visibility_of_element_located((By.CSS_SELECTOR, css)), what or css)


def shot(driver, name, docs=False):
    os.makedirs(ARTIFACTS, exist_ok=True)
    path = os.path.join(ARTIFACTS, name + ".png")
    driver.save_screenshot(path)
    if docs and SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        shutil.copy(path, os.path.join(SHOTS, name + ".png"))
    log("screenshot " + path)


def full_page(driver, name, width):
    """The whole page at this width (Chromium shoots only the window)."""
    height = driver.execute_script("window.scrollTo(0, 0);"
                                   " return document.documentElement.scrollHeight")
    driver.set_window_size(width, min(max(height + 20, 600), 4000))
    driver.execute_script("window.scrollTo(0, 0)")
    shot(driver, name, docs=True)


def check_axe(driver, page):
    with open(AXE) as f:
        source = f.read()
    driver.execute_script(source)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations))"
        ".catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));")
    bad = [v for v in result if v.get("impact") in ("serious", "critical")]
    for v in result:
        log("axe %s: %s (%s) on %d node(s)" % (page, v["id"], v.get("impact"), len(v["nodes"])))
    if bad:
        fail("axe-core on %s: %s" % (page, "; ".join(
            "%s (%s): %s at %s" % (v["id"], v["impact"], v["help"],
                                   [n.get("target") for n in v["nodes"]][:3]) for v in bad)))


def fill_details(driver, first, last, email, phone):
    for name, value in (("first_name", first), ("last_name", last), ("email", email), ("phone", phone)):
        field = driver.find_element(By.ID, "f-" + name)
        field.clear()
        field.send_keys(value)


def book_on_desktop(server):
    driver = browser(1280, 900)
    try:
        driver.get(server.url + "/book")
        visible(driver, "h1")
        if "Cedar & Stone Spa" not in driver.title:
            fail("the spa's name is not in the title: " + driver.title)
        check_axe(driver, "services")
        full_page(driver, "book-desktop-services", 1280)
        driver.set_window_size(1280, 900)
        driver.find_element(By.PARTIAL_LINK_TEXT, "Deep tissue massage, 60").click()
        visible(driver, ".card.any")
        check_axe(driver, "therapists")
        driver.find_element(By.PARTIAL_LINK_TEXT, "Claire Dubois").click()
        visible(driver, "a.time", "the free times")
        check_axe(driver, "times")
        full_page(driver, "book-desktop", 1280)
        driver.set_window_size(1280, 900)
        first_time = driver.find_element(By.CSS_SELECTOR, "a.time")
        starts = re.search(r"starts=([^&]+)", first_time.get_attribute("href")).group(1)
        details_url = first_time.get_attribute("href")
        first_time.click()
        visible(driver, "#details")
        check_axe(driver, "details")
        # An empty form is refused next to its fields, before anything is sent.
        driver.find_element(By.CSS_SELECTOR, "#details button[type=submit]").click()
        visible(driver, "#e-first_name", "the first name's error")
        fill_details(driver, "Ann", "Lee", "ann.lee@example.com", "604 555 0101")
        driver.find_element(By.ID, "f-note").send_keys("Tight shoulders from climbing.")
        driver.find_element(By.CSS_SELECTOR, "#details button[type=submit]").click()
        visible(driver, "#confirmation", "the confirmation")
        check_axe(driver, "confirmation")
        shot(driver, "book-desktop-confirmation", docs=True)
        intake_url = driver.find_element(By.ID, "intake-link").get_attribute("href")
        manage_url = driver.find_element(By.ID, "manage-link").get_attribute("href")
        return starts, details_url, intake_url, manage_url
    finally:
        driver.quit()


def book_on_phone(server, details_url):
    """Had the same time open; it has just been taken."""
    driver = browser(360, 740, "fr-CA,fr;q=0.9")
    try:
        driver.get(details_url.replace("lang=en", "lang=fr"))
        visible(driver, "#details")
        if driver.find_element(By.TAG_NAME, "html").get_attribute("lang") != "fr":
            fail("the page is not in French for a French browser")
        check_axe(driver, "details (phone, French)")
        fill_details(driver, "Raj", "Patel", "raj.patel@example.com", "604 555 0142")
        driver.find_element(By.CSS_SELECTOR, "#details button[type=submit]").click()
        visible(driver, "#taken", "the slot-taken message")
        alternatives = driver.find_elements(By.CSS_SELECTOR, "#alternatives a")
        if not alternatives:
            fail("no other times were offered")
        check_axe(driver, "slot taken (phone)")
        shot(driver, "book-phone-taken")
        alternatives[0].click()
        visible(driver, "#details")
        fill_details(driver, "Raj", "Patel", "raj.patel@example.com", "604 555 0142")
        full_page(driver, "book-phone", 360)
        driver.find_element(By.CSS_SELECTOR, "#details button[type=submit]").click()
        visible(driver, "#confirmation", "the confirmation on the phone")
        check_axe(driver, "confirmation (phone)")
        shot(driver, "book-phone-confirmation", docs=True)
        manage_url = driver.find_element(By.ID, "manage-link").get_attribute("href")
        # The first steps at phone width too.
        driver.get(server.url + "/book?lang=fr")
        visible(driver, "h1")
        check_axe(driver, "services (phone)")
        shot(driver, "book-phone-services")
        return manage_url
    finally:
        driver.quit()


def active_region(driver):
    return driver.execute_script(
        "const e = document.activeElement; return e && e.dataset ? e.dataset.region || null : null;")


def press(driver, *keys):
    """Keys to whatever has the focus, as a keyboard sends them."""
    ActionChains(driver).send_keys(*keys).perform()


def tab_to_region(driver, code):
    for _ in range(120):
        if active_region(driver) == code:
            return
        press(driver, Keys.TAB)
    fail("Tab never reached the %s region" % code)


def fill_intake(driver_url):
    driver = browser(1280, 900)
    try:
        driver.get(driver_url)
        visible(driver, "#intake")
        check_axe(driver, "intake")
        driver.find_element(By.ID, "f-reason").send_keys("Sore lower back after a long trip.")
        # The body map by keyboard alone: Tab to the region, Enter, arrows, Escape.
        tab_to_region(driver, "lower_back")
        press(driver, Keys.ENTER)
        visible(driver, "#area-panel")
        if driver.switch_to.active_element.get_attribute("id") != "area-pain":
            fail("Enter on a region did not move to its pain rating")
        press(driver, *([Keys.ARROW_RIGHT] * 6))
        # What the pain is like, and a note: Tab to the list, arrows to "Stiff", Tab.
        press(driver, Keys.TAB)
        if driver.switch_to.active_element.get_attribute("id") != "area-quality":
            fail("Tab after the pain rating did not reach what the pain is like")
        press(driver, *([Keys.ARROW_DOWN] * 5))
        if driver.switch_to.active_element.get_attribute("value") != "stiff":
            fail("the arrow keys did not choose Stiff")
        press(driver, Keys.TAB, "Worse in the morning")
        press(driver, Keys.ESCAPE)
        if active_region(driver) != "lower_back":
            fail("Escape did not return to the region")
        tab_to_region(driver, "neck")
        press(driver, Keys.ENTER)
        visible(driver, "#area-panel")
        press(driver, Keys.TAB, Keys.TAB, Keys.TAB, Keys.SPACE)   # past the pain's kind and note
        if driver.switch_to.active_element.get_attribute("id") != "area-avoid":
            fail("Tab did not reach \"avoid this area\"")
        press(driver, Keys.TAB, "Whiplash last year")  # and why
        press(driver, Keys.ESCAPE)
        marked = driver.find_element(By.ID, "marked").text
        if "6" not in marked or "neck" not in marked.lower() or "stiff" not in marked.lower() or \
                "Worse in the morning" not in marked:
            fail("the list of marked areas does not show them: " + marked)
        lower_back = driver.find_element(By.CSS_SELECTOR, '.region[data-region="lower_back"]')
        if lower_back.get_attribute("data-pain") != "6":
            fail("the lower back is not shown at pain 6")
        driver.find_element(By.CSS_SELECTOR, "label[for=p-firm]").click()
        driver.find_element(By.CSS_SELECTOR, "label[for=c-high_blood_pressure]").click()
        driver.find_element(By.ID, "f-allergies").send_keys("Nut oils")
        driver.find_element(By.CSS_SELECTOR, "label[for=f-consent]").click()
        driver.find_element(By.ID, "f-consent_name").send_keys("Ann Lee")
        check_axe(driver, "intake (filled)")
        map_box = driver.find_element(By.CSS_SELECTOR, "fieldset.map")
        driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", map_box)
        driver.set_window_size(1280, 1100)
        driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", map_box)
        shot(driver, "book-intake", docs=True)
        driver.set_window_size(1280, 900)
        driver.find_element(By.CSS_SELECTOR, "#intake button[type=submit]").click()
        visible(driver, "#thanks", "the thank-you")
        check_axe(driver, "intake sent")
        # The link is spent: opening it again says the spa has the form.
        driver.get(driver_url)
        visible(driver, ".notice")
        # The intake page at phone width.
    finally:
        driver.quit()


def booking_seen(server, manage_url):
    """The booking as its link's holder sees it through the API."""
    secret = manage_url.rstrip("/").rsplit("/", 1)[1]
    with urllib.request.urlopen(server.url + "/v1/public/bookings/" + secret, timeout=30) as r:
        return json.load(r)


def changed_text(driver, css, old):
    """Whether @css's text is there and no longer @old (through a page reload)."""
    try:
        return driver.find_element(By.CSS_SELECTOR, css).text not in ("", old)
    except Exception:
        return False


def move_booking(server, manage_url):
    """The first client takes another time on their booking's page (phone width)."""
    driver = browser(390, 844)
    try:
        driver.get(manage_url)
        visible(driver, "#manage")
        check_axe(driver, "manage (phone)")
        shot(driver, "book-phone-manage")
        before = booking_seen(server, manage_url)["starts_at"]
        button = driver.find_element(By.CSS_SELECTOR, "button.time[data-move]")
        moved_to = button.get_attribute("data-move")
        if moved_to == before:
            fail("the page offers the booking's own time")
        when = driver.find_element(By.CSS_SELECTOR, ".when").text
        button.click()
        # The page reloads on the new time.
        wait_for(driver, lambda d: changed_text(d, ".when", when), "the page after the move")
        visible(driver, "#manage")
        seen = booking_seen(server, manage_url)
        if seen["starts_at"] != moved_to or seen["status"] != "booked":
            fail("the booking was not moved to %s: %r" % (moved_to, seen))
        check_axe(driver, "manage after the move")
        log("moved %s -> %s" % (before, moved_to))
        return moved_to
    finally:
        driver.quit()


def cancel_booking(server, manage_url):
    """The second client cancels on their booking's page, in French."""
    driver = browser(360, 740, "fr-CA,fr;q=0.9")
    try:
        driver.get(manage_url)
        visible(driver, "#manage")
        driver.find_element(By.ID, "cancel").click()
        visible(driver, ".status.cancelled", "the cancelled booking")
        if driver.find_elements(By.ID, "cancel"):
            fail("a cancelled booking still offers to cancel")
        check_axe(driver, "manage after cancelling")
        shot(driver, "book-phone-cancelled")
        seen = booking_seen(server, manage_url)
        if seen["status"] != "cancelled" or seen["changeable"]:
            fail("the booking is not cancelled: %r" % seen)
    finally:
        driver.quit()


def desk_sync(server, folder, moved_to):
    data_dir = os.path.join(folder, "desk")
    os.makedirs(data_dir)
    output = subprocess.run([DESK, data_dir, server.url, server.token], check=True,
                            capture_output=True, text=True, timeout=180).stdout
    rows = [json.loads(line) for line in output.splitlines() if line.strip()]
    if len(rows) != 2:
        fail("the desk holds %d online bookings, not 2: %s" % (len(rows), output))
    by_email = {row["client"]["email"]: row for row in rows}
    ann = by_email.get("ann.lee@example.com")
    raj = by_email.get("raj.patel@example.com")
    if ann is None or raj is None:
        fail("the desk does not hold both clients' bookings: %s" % list(by_email))
    for row in rows:
        if row["booking"]["source"] != "online":
            fail("not marked as booked online: %r" % row["booking"])
    # What the clients did through their links reached the desk.
    if ann["booking"]["status"] != "booked" or ann["booking"]["starts_at"] != moved_to:
        fail("the desk does not have Ann's booking moved to %s: %r" % (moved_to, ann["booking"]))
    if raj["booking"]["status"] != "cancelled":
        fail("the desk does not have Raj's booking cancelled: %r" % raj["booking"])
    intake = ann["intake"]
    if intake is None or intake.get("filled_by") != "client" or not intake.get("completed_at"):
        fail("the desk has no intake filled by the client: %r" % intake)
    pains = {a["region"]: (a["intensity"], a.get("quality"), a.get("note"))
             for a in intake["pain_areas"]}
    avoid = {a["region"]: a["reason"] for a in intake["avoid_areas"]}
    if pains != {"lower_back": (6, "stiff", "Worse in the morning")} or \
            avoid != {"neck": "Whiplash last year"}:
        fail("the body map did not arrive as filled: %r %r" % (pains, avoid))
    if intake["pressure"] != "firm" or "high_blood_pressure" not in intake["conditions"]:
        fail("the intake's answers did not arrive: %r" % intake)
    log("the desk holds both online bookings and Ann's intake")
    return data_dir


def desk_screenshot(data_dir):
    """The real app on the synced desk, on Ann's intake."""
    if not APP or not SHOTS:
        return
    path = os.path.join(ARTIFACTS, "online-desk-intake.png")
    env = dict(os.environ, GSK_RENDERER="cairo", TZ=ZONE)
    subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1400x900x24", APP, "--data-dir", data_dir,
                    "--client", "Ann Lee", "--section", "intake", "--screenshot", path],
                   check=True, env=env, timeout=120 * SCALE, capture_output=True)
    if not os.path.exists(path):
        fail("the app made no screenshot of the desk")
    shutil.copy(path, os.path.join(SHOTS, "online-desk-intake.png"))
    log("screenshot " + path)


def main():
    for name, value in (("SPA_DESK_SERVER", SERVER), ("SPA_ONLINE_DESK", DESK), ("SPA_AXE_JS", AXE)):
        if not value or not os.path.exists(value):
            fail("%s is not set to an existing file (build-aux/setup.sh installs axe-core)" % name)
    folder = tempfile.mkdtemp(prefix="spa-book-online-")
    server = Server(folder)
    try:
        seed(server)
        starts, details_url, intake_url, manage_url = book_on_desktop(server)
        log("desktop booked " + starts)
        raj_manage_url = book_on_phone(server, details_url)
        fill_intake(intake_url)
        moved_to = move_booking(server, manage_url)
        cancel_booking(server, raj_manage_url)
        data_dir = desk_sync(server, folder, moved_to)
        desk_screenshot(data_dir)
    finally:
        server.stop()
        if not os.environ.get("SPA_E2E_KEEP"):
            shutil.rmtree(folder, ignore_errors=True)
    log("ok")


if __name__ == "__main__":
    try:
        main()
    except AssertionError as e:
        log("FAIL: %s" % e)
        sys.exit(1)
