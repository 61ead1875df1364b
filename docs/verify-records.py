#!/usr/bin/python3
# Checks a Spa Desk database's signed notes and amendments against its record chain
# with Python's standard library alone (docs/records-integrity.md). Usage:
#   python3 verify-records.py spa-desk.db     (exit 0: intact; 1: the broken records)
import hashlib, sqlite3, sys

db = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True)
sha = lambda text: hashlib.sha256(text.encode()).hexdigest()
esc = lambda t: t.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
kind = {int: "int", float: "real", str: "text"}
def content(table, row_id):
    names = sorted(c[1] for c in db.execute("PRAGMA table_info(%s)" % table)
                   if c[1] not in ("rid", "version", "created_at", "updated_at", "deleted"))
    row = db.execute("SELECT %s FROM %s WHERE id = ?" % (", ".join(names), table), (row_id,)).fetchone()
    if row is None:
        return None
    lines = ["%s\t%s\t%s" % (n, kind[type(v)], esc(v) if isinstance(v, str) else repr(v))
             for n, v in zip(names, row) if v is not None]
    return sha("spa-desk-record-v1\n%s\n%s\n" % (table, "\n".join(lines)))
broken, last, previous = [], {}, "0" * 64
for seq, table, row_id, digest, link in db.execute(
        "SELECT seq, entity, record_id, content_hash, chain_hash FROM note_chain ORDER BY seq"):
    if sha("%s\n%s\n%s\n%s\n" % (previous, table, row_id, digest)) != link:
        broken.append("%s %s: the chain breaks at link %d" % (table, row_id, seq))
    previous, last[(table, row_id)] = link, digest
signed = [("session_note", r) for (r,) in db.execute(
    "SELECT id FROM session_note WHERE signed_at IS NOT NULL AND signed_at != ''")]
signed += [("note_amendment", r) for (r,) in db.execute("SELECT id FROM note_amendment")]
for table, row_id in signed:
    if last.pop((table, row_id), None) != content(table, row_id):
        broken.append("%s %s: changed after it was signed, or not in the chain" % (table, row_id))
broken += ["%s %s: removed" % key for key in last]
print("\n".join(broken) if broken else "%d signed records intact" % len(signed))
sys.exit(1 if broken else 0)
