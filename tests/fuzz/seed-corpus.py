#!/usr/bin/env python3
# seed-corpus.py: write the hand-made seeds of tests/fuzz/corpus/ (run from anywhere).
# The fuzzers' own finds are added to the corpus by hand after a long run (merged with
# -merge=1, see docs/fuzzing.md); this only writes the starting points.
#
# Copyright 2026 The Spa Desk authors
# SPDX-License-Identifier: GPL-3.0-or-later

import hashlib
import json
import os

here = os.path.dirname(os.path.abspath(__file__))


def put(kind, data):
    if isinstance(data, str):
        data = data.encode()
    folder = os.path.join(here, 'corpus', kind)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, 'seed-' + hashlib.sha1(data).hexdigest()[:16]), 'wb') as f:
        f.write(data)


client = {"id": "c-1", "version": 3, "created_at": "2026-11-25T17:30:00Z",
          "updated_at": "2026-11-25T17:30:00Z", "deleted": False,
          "first_name": "Zo\u00eb", "last_name": "O\u2019Neil", "preferred_name": None,
          "email": "zoe@example.org", "phone": "+1 604 555 0100", "date_of_birth": "1980-02-29",
          "conditions": ["asthma"], "notes": "line1\nline2\t\"q\" \\ \U0001F600",
          "marketing_consent": True}
booking = {"id": "b-1", "version": 7, "deleted": False, "client_id": "c-1", "therapist_id": "t-1",
           "service_id": "s-1", "room_id": None, "starts_at": "2027-01-06T10:30:00Z",
           "ends_at": "2027-01-06T11:30:00Z", "status": "booked", "source": "desk",
           "price_cents": 9500,
           "status_history": [{"status": "booked", "at": "2026-11-25T17:30:00Z"}]}
intake = {"id": "i-1", "version": 9, "deleted": False, "client_id": "c-1",
          "pain_areas": [{"region": "neck", "intensity": 6, "quality": "aching", "note": "left"}],
          "avoid_areas": [{"region": "feet", "reason": "ticklish"}], "pressure": "medium",
          "pregnancy_weeks": None}
therapist = {"id": "t-1", "version": 2, "deleted": False, "name": "Theo Marsh",
             "service_ids": ["s-1", "s-2"],
             "working_hours": {"1": [["09:00", "17:00"]], "2": [["09:00", "12:00"], ["13:00", "17:00"]]},
             "active": True, "color": "#3584e4"}
pages = [
    {"changes": [], "cursor": 0, "has_more": False},
    {"changes": [{"seq": 1, "entity": "client", "record": client},
                 {"seq": 2, "entity": "booking", "record": booking}], "cursor": 2, "has_more": True},
    {"changes": [{"seq": 5, "entity": "intake", "record": intake},
                 {"seq": 6, "entity": "therapist", "record": therapist}], "cursor": 6, "has_more": False},
]
for page in pages:
    put('pull-page', json.dumps(page, separators=(',', ':'), ensure_ascii=False))
    put('pull-page', json.dumps(page, indent=1))
    put('json', json.dumps(page))
for doc in ['[]', '{}', '0', '-0.5e-3', '"\\ud83d\\ude00 \\u00e9 \\/ \\b\\f\\n\\r\\t"',
            '[true,false,null]', '{"a":{"b":[1,{"c":"d"}]}}', '9223372036854775807',
            '-9223372036854775808', '1.7976931348623157e308', '[' * 20 + '1' + ']' * 20]:
    put('json', doc)

# Pushes: the role byte (0 manager, 1 therapist, 2 front desk), then the body. The
# referenced records exist in the harness's server (see fuzz-push.c).
refs = {"client_id": "c-1", "therapist_id": "t-1", "service_id": "s-1"}
pushes = [
    (0, [{"mutation_id": 1, "entity": "room", "id": "r-2", "op": "upsert", "base_version": 0,
          "fields": {"name": "Cedar", "active": True}}]),
    (2, [{"mutation_id": 1, "entity": "client", "id": "c-2", "op": "upsert", "base_version": 0,
          "fields": {"first_name": "Ana", "last_name": "Lee", "email": "ana@example.org",
                     "date_of_birth": "1990-05-01", "conditions": ["asthma"]}}]),
    (2, [{"mutation_id": 1, "entity": "booking", "id": "b-2", "op": "upsert", "base_version": 0,
          "fields": dict(refs, starts_at="2027-01-06T10:30:00Z", ends_at="2027-01-06T11:30:00Z",
                         status="booked", source="desk",
                         status_history=[{"status": "booked", "at": "2026-11-25T17:30:00Z"}])}]),
    (1, [{"mutation_id": 1, "entity": "intake", "id": "i-2", "op": "upsert", "base_version": 0,
          "fields": {"client_id": "c-1", "pressure": "firm",
                     "pain_areas": [{"region": "neck", "intensity": 6, "quality": "aching", "note": "left"}],
                     "avoid_areas": [{"region": "feet", "reason": "ticklish"}]}}]),
    (1, [{"mutation_id": 1, "entity": "session_note", "id": "n-2", "op": "upsert", "base_version": 0,
          "fields": {"client_id": "c-1", "therapist_id": "t-1", "session_date": "2026-11-25",
                     "duration_min": 60, "subjective": "sore", "techniques": ["swedish"],
                     "areas_treated": ["neck"], "pain_before": 6, "pain_after": 2}}]),
    (0, [{"mutation_id": 1, "entity": "therapist", "id": "t-2", "op": "upsert", "base_version": 0,
          "fields": {"name": "Tina", "service_ids": ["s-1"],
                     "working_hours": {"1": [["09:00", "17:00"]]}, "active": True}}]),
    (0, [{"mutation_id": 1, "entity": "service", "id": "s-2", "op": "upsert", "base_version": 0,
          "fields": {"name": "Hot stone", "duration_min": 90, "buffer_min": 15,
                     "price_cents": 12000, "currency": "CAD", "active": True}}]),
    (0, [{"mutation_id": 1, "entity": "room", "id": "r-1", "op": "delete", "base_version": 1}]),
    (2, [{"mutation_id": 2, "entity": "booking", "id": "b-3", "op": "upsert", "base_version": 0,
          "fields": dict(refs, room_id="", starts_at="2027-01-06T12:00:00+02:00",
                         ends_at="2027-01-06T13:00:00Z", status="booked")}]),
]
for role, mutations in pushes:
    body = json.dumps({"device_id": "fuzz-desk", "mutations": mutations}, ensure_ascii=False)
    put('push', bytes([role]) + body.encode())
hostile = os.path.join(here, '..', 'fixtures', 'hostile')
for name in sorted(os.listdir(hostile)):
    with open(os.path.join(hostile, name), 'rb') as f:
        data = f.read()
    if name.endswith('.bin'):
        put('push', data)
    elif len(data) < 4096:
        put('push', b'\x02' + data)
    put('json', data[1:] if name.endswith('.bin') else data[:4096])

# Answers to a push, for the desk.
answers = [
    {"results": [{"mutation_id": 1, "status": "applied", "version": 4}], "last_mutation_id": 1},
    {"results": [{"mutation_id": 1, "status": "rejected", "code": "invalid",
                  "message": "Enter the name.", "field": "name"},
                 {"mutation_id": 2, "status": "conflict", "fields": ["name"], "version": 5,
                  "record": {"id": "r-1", "version": 5, "deleted": False, "name": "Oak"}}],
     "last_mutation_id": 2},
    {"error": "bad_request", "message": "mutations must be an array"},
    {"results": [], "last_mutation_id": 0},
]
for answer in answers:
    put('response', json.dumps(answer))

# Public requests: "METHOD TARGET", a line break, the body. {M} {I} {S} {T} {D} {A} {B}
# stand for the harness's booking's manage and intake secrets, the service, the
# therapist, the day and two times that day (see fuzz-public.c).
client = {"first_name": "Raj", "last_name": "Patel", "email": "raj@example.com",
          "phone": "604 555 0142"}
intake_form = {"reason": "Sore back", "goals": "Move freely", "pressure": "firm",
               "pain_areas": [{"region": "lower_back", "intensity": 6, "quality": "stiff",
                               "note": "Worse in the morning"}],
               "avoid_areas": [{"region": "neck", "reason": "Whiplash"}],
               "conditions": ["high_blood_pressure"], "pregnancy_weeks": None,
               "recent_injury": None, "medications": None, "allergies": "Nut oils",
               "consent": True, "consent_name": "Ann Lee"}
public = [
    ("GET /v1/public/services", None),
    ("GET /v1/public/therapists?service_id={S}", None),
    ("GET /v1/public/availability?service_id={S}&from={D}&days=3&therapist_id={T}", None),
    ("GET /v1/public/availability?service_id={S}&from={D}&days=40", None),
    ("POST /v1/public/bookings", {"service_id": "{S}", "starts_at": "{B}", "therapist_id": None,
                                  "client": client, "note": "First visit",
                                  "idempotency_key": "fuzz-key-00001"}),
    ("POST /v1/public/bookings", {"service_id": "{S}", "starts_at": "{A}", "therapist_id": "{T}",
                                  "client": client, "idempotency_key": "fuzz-key-00002"}),
    ("POST /v1/public/bookings", {"service_id": "{S}", "starts_at": "{B}",
                                  "client": {"first_name": "", "email": "not an e-mail"},
                                  "idempotency_key": "x"}),
    ("GET /v1/public/bookings/{M}", None),
    ("POST /v1/public/bookings/{M}/reschedule", {"starts_at": "{B}"}),
    ("POST /v1/public/bookings/{M}/reschedule", {"starts_at": "{A}"}),
    ("POST /v1/public/bookings/{M}/cancel", {}),
    ("POST /v1/public/bookings/{I}/cancel", {}),
    ("GET /v1/public/intake/{I}", None),
    ("POST /v1/public/intake/{I}", intake_form),
    ("POST /v1/public/intake/{I}", dict(intake_form, pain_areas=[
        {"region": "neck", "intensity": 11, "quality": "zappy", "note": "x" * 300}])),
    ("POST /v1/public/intake/{I}", dict(intake_form, consent=False)),
    ("GET /book", None),
    ("GET /book?lang=fr", None),
    ("GET /book?service={S}", None),
    ("GET /book?service={S}&therapist=any&day={D}", None),
    ("GET /book?service={S}&therapist={T}&day={D}&starts={B}", None),
    ("GET /book/manage/{M}", None),
    ("GET /book/intake/{I}", None),
    ("GET /book/theme.css", None),
    ("GET /book/static/book.js", None),
    ("GET /book?service=%3Cscript%3Ealert(1)%3C%2Fscript%3E&day=%22%3E%3Cscript%3E", None),
    ("DELETE /v1/public/bookings/{M}", None),
]
# A waitlist offer's page and its "Take This Time" form ({W}, see fuzz-public.c), and a
# therapist's own takings with the query's from and to.
public += [
    ("GET /book/waitlist/{W}", None),
    ("GET /book/waitlist/{W}?lang=fr", None),
    ("GET /book/waitlist/{W}A", None),
    ("GET /book/waitlist/", None),
    ("GET /v1/money/mine?from={A}&to={B}", None),
    ("GET /v1/money/mine?to={B}&from=2000-01-01T00:00:00Z", None),
    ("GET /v1/money/mine?from={B}&to={A}", None),
    ("GET /v1/money/mine", None),
    ("GET /v1/money/mine?from={D}&to={D}", None),
    ("GET /v1/money/mine?from=2026-02-30T25:61:00Z&to=2026-13-01T00:00:00Z", None),
    ("GET /v1/money/mine?from={A}&from=2000-01-01T00:00:00Z&to=", None),
    ("GET /v1/money/mine?from=%00&to=%F0%9F%98%80", None),
    ("POST /v1/money/mine", {}),
]
for line, body in public:
    text = line + "\n" + (json.dumps(body, ensure_ascii=False) if body is not None else "")
    put('public', text)
for form in ("", "take=1", "lang=fr&take=%E2%9C%93", "&&==&", "x" * 3000):
    put('public', "POST /book/waitlist/{W}\n" + form)
put('public', "POST /book/waitlist/{W}A\n")

# X-Forwarded-For behind proxies: the peer, the trusted proxies, then the header (see
# fuzz-forwarded.c).
for text in ("127.0.0.1\n127.0.0.1\n203.0.113.5",
             "127.0.0.1\n127.0.0.1, 10.0.0.0/8\n1.1.1.1, 203.0.113.5, 10.0.0.7",
             "::ffff:127.0.0.1\n127.0.0.1\n::ffff:203.0.113.5",
             "fd00::1\nfd00::/8\n2001:DB8:0::1,, ,fd00::2",
             "127.0.0.1\n127.0.0.1\n203.0.113.5:80, [2001:db8::1], fe80::1%eth0",
             "192.0.2.9\n127.0.0.1\n203.0.113.5",
             "127.0.0.1\n10.0.0.0/33\n203.0.113.5",
             "127.0.0.1\n127.0.0.1\n" + ",".join(["10.0.0.1"] * 40),
             "127.0.0.1\n127.0.0.1\n" + "," * 500 + "unknown"):
    put('forwarded', text)

# The client import's CSV files: the suites' export shapes, encodings, separators,
# quoting, dates and duplicates (tests/test-import.c has the same kinds).
imports = [
    "First Name,Last Name,Preferred Name,Email,Mobile Phone,Home Phone,Date of Birth,"
    "Address,City,Province,Postal Code,Country,Allergies,Notes\n"
    "Marie,Tremblay,,marie@example.com,(604) 555-0101,604 555 0199,1980-03-25,"
    "12 Main St,Vancouver,BC,V5K 0A1,Canada,Nut oils,Prefers firm pressure\n"
    "Anne,Roy,,anne@example.com,+1 604 555 0101,,1980-02-30,,,,,,,\n",
    "\"Last Name\",\"First Name\",\"Email\",\"Mobile Phone\",\"Birth Date\",\"Client Notes\"\r\n"
    "\"Tremblay\",\"Marie\",\"marie@example.com\",\"604-555-0101\",\"3/25/1980\",\"Likes \"\"firm\"\"\r\n"
    "second line\"\r\n",
    "Client name,Mobile number,Email,Date of birth,Note\n"
    "\"Tremblay, Marie\",+16045550101,MARIE@example.com,25 Mar 1980,x\n"
    "Zoë Côté,,,05/03/1980,\n",
    "sep=;\r\nFirst Name;Last Name;E-mail Address;Birthdate\r\nAnne;Roy;anne@example;31/12/1975\r\n",
    "First Name\tLast Name\tPhone\nBob\tLee\t12\n\tNameless\t\n",
    "Given,Family,Courriel\nAnne,Roy,anne@example.com\n",
]
for text in imports:
    put('import', text)
put('import', b"\xef\xbb\xbfFirst Name,Last Name\nZo\xc3\xab,N\xc3\xb8rgaard\n")
put('import', b"First Name,Last Name,Notes\r\nRen\xe9e,C\xf4t\xe9,\x93firm\x94 \x80\x81\r\n")
put('import', "First Name\tEmail\nAnne\ta@b.ca\n".encode('utf-16'))
put('import', b"PK\x03\x04\x14\x00")
