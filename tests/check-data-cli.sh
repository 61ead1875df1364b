#!/bin/sh
# spa-desk --import-clients, --undo-import and --export, without a window (no display
# is set): what was added, merged and skipped and why is printed, a file that cannot be
# read exits non-zero with a message, undo takes the import back, and the export holds
# every client.
# Usage: check-data-cli.sh SPA_DESK
set -u
app="$1"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
unset DISPLAY WAYLAND_DISPLAY
fail=0
say () { echo "$*" >&2; fail=1; }

printf 'First Name,Last Name,Email,Mobile Phone,Date of Birth\r\n' > "$dir/a.csv"
printf 'Anne,Roy,anne@example.com,604 555 0101,1980-03-25\r\n' >> "$dir/a.csv"
printf 'Bob,Lee,bob@example,,\r\n' >> "$dir/a.csv"
printf ',Nameless,n@example.com,,\r\n' >> "$dir/a.csv"
printf 'Cid,Day,cid@example.com,,2/30/1990\r\n' >> "$dir/a.csv"

"$app" --data-dir "$dir/spa" --import-clients "$dir/a.csv" > "$dir/out" 2> "$dir/err"
status=$?
[ $status -eq 0 ] || say "a readable file: exit status $status: $(cat "$dir/err")"
grep -qx 'a.csv: 4 rows' "$dir/out" || say "no row count: $(cat "$dir/out")"
grep -qx 'Added: 1' "$dir/out" || say "not 'Added: 1': $(cat "$dir/out")"
grep -qx 'Skipped: 3 (3 with problems, 0 already in the spa)' "$dir/out" ||
  say "not 3 skipped with problems: $(cat "$dir/out")"
grep -q '^Row 3 skipped: E-mail: This does not look like an e-mail address' "$dir/out" ||
  say "row 3's e-mail problem not said: $(cat "$dir/out")"
grep -q '^Row 4 skipped: First name: ' "$dir/out" || say "row 4's missing name not said"
grep -q '^Row 5 skipped: Date of birth: This is not a real date' "$dir/out" ||
  say "row 5's impossible date not said"

# The same client again, with a note: merged, and said so.
printf 'Name,E-mail,Notes\nAnne Roy,ANNE@example.com,Likes heat\nNew Person,new@example.com,\n' > "$dir/b.csv"
"$app" --data-dir "$dir/spa" --import-clients "$dir/b.csv" > "$dir/out" 2> "$dir/err" ||
  say "second import failed: $(cat "$dir/err")"
grep -qx 'Row 2 merged into Anne Roy (Same e-mail address)' "$dir/out" ||
  say "the merge is not said: $(cat "$dir/out")"
grep -qx 'Added: 1' "$dir/out" && grep -qx 'Merged: 1' "$dir/out" ||
  say "not one added and one merged: $(cat "$dir/out")"

# Skip instead of merging.
"$app" --data-dir "$dir/spa" --import-clients "$dir/b.csv" --import-duplicates skip > "$dir/out" 2>&1 ||
  say "import with skip failed: $(cat "$dir/out")"
grep -qx 'Skipped: 2 (0 with problems, 2 already in the spa)' "$dir/out" ||
  say "duplicates not skipped: $(cat "$dir/out")"
grep -q '^Row 3 skipped: already in the spa as New Person (Same e-mail address)' "$dir/out" ||
  say "the skipped duplicate is not named: $(cat "$dir/out")"
"$app" --data-dir "$dir/spa" --import-clients "$dir/b.csv" --import-duplicates maybe > /dev/null 2>&1
[ $? -ne 0 ] || say "--import-duplicates maybe was accepted"

# Files that cannot be read: non-zero, with the reason, and nothing imported.
for bad in "$dir/missing.csv" "$dir"; do
  if "$app" --data-dir "$dir/spa" --import-clients "$bad" > "$dir/out" 2> "$dir/err"; then
    say "--import-clients $bad exited with status 0"
  fi
  grep -q "^spa-desk: $bad: The file could not be read" "$dir/err" ||
    say "no reason for $bad: $(cat "$dir/err")"
done
printf 'PK\003\004\024\000' > "$dir/book.xlsx"
"$app" --data-dir "$dir/spa" --import-clients "$dir/book.xlsx" > /dev/null 2> "$dir/err" &&
  say "a workbook exited with status 0"
grep -q "save it as CSV" "$dir/err" || say "a workbook is not explained: $(cat "$dir/err")"

# Undo takes back the last import only (the skip run added nothing), once.
"$app" --data-dir "$dir/spa" --undo-import > "$dir/out" 2> "$dir/err" || say "undo failed: $(cat "$dir/err")"
grep -qx 'Undid the import of b.csv' "$dir/out" || say "undo does not name the file: $(cat "$dir/out")"
grep -qx 'Removed: 0' "$dir/out" || say "the skip run's undo removed clients: $(cat "$dir/out")"
"$app" --data-dir "$dir/spa" --undo-import > /dev/null 2> "$dir/err" && say "a second undo exited 0"
grep -q "no import to undo" "$dir/err" || say "a second undo is not explained: $(cat "$dir/err")"

[ "$(sqlite3 "$dir/spa/spa-desk.db" 'SELECT count(*) FROM client WHERE deleted = 0')" = 2 ] ||
  say "the spa does not hold Anne and New Person"
# Export: a CSV file per record type, the clients in client.csv, never over a folder
# that holds something.
"$app" --data-dir "$dir/spa" --export "$dir/out-spa" > "$dir/out" 2> "$dir/err" ||
  say "export failed: $(cat "$dir/err")"
grep -qx 'client.csv: 2 records' "$dir/out" || say "the export does not count 2 clients: $(cat "$dir/out")"
for f in client.csv booking.csv session_note.csv records.json README.txt bookings.ics note-chain.csv; do
  [ -s "$dir/out-spa/$f" ] || say "the export has no $f"
done
grep -q '"new@example.com"' "$dir/out-spa/client.csv" || say "client.csv lacks New Person"
# The export is in the audit trail: which desk, what, where, and no one signed in.
audited() {
  sqlite3 "$dir/spa/spa-desk.db" "SELECT count(*) FROM audit_event WHERE action = 'exported'
    AND detail = '$1' AND actor_id IS NULL AND occurred_at LIKE '20%Z'
    AND desk_id = (SELECT value FROM sync_state WHERE key = 'device_id')
    AND id IN (SELECT record_id FROM sync_outbox WHERE entity = 'audit_event')"
}
[ "$(audited "$dir/out-spa")" = 1 ] || say "the export wrote no audit event to sync"
"$app" --data-dir "$dir/spa" --export "$dir/out-spa" > /dev/null 2> "$dir/err" &&
  say "an export over a full folder exited 0"
grep -q "is not empty" "$dir/err" || say "an export over a full folder is not explained: $(cat "$dir/err")"
[ "$(sqlite3 "$dir/spa/spa-desk.db" 'SELECT count(*) FROM audit_event')" = 1 ] ||
  say "an export that failed is in the audit trail"
# A name ending in .tar.gz: one archive, with the same files under one folder.
"$app" --data-dir "$dir/spa" --export "$dir/spa-2026.tar.gz" > "$dir/out" 2> "$dir/err" ||
  say "archive export failed: $(cat "$dir/err")"
grep -qx "Wrote the archive $dir/spa-2026.tar.gz" "$dir/out" || say "the archive is not said: $(cat "$dir/out")"
tar -tzf "$dir/spa-2026.tar.gz" > "$dir/list" 2>&1 || say "tar cannot read the archive: $(cat "$dir/list")"
for f in client.csv records.json README.txt bookings.ics note-chain.csv; do
  grep -qx "spa-2026/$f" "$dir/list" || say "the archive has no spa-2026/$f: $(cat "$dir/list")"
done
[ "$(audited "$dir/spa-2026.tar.gz")" = 1 ] || say "the archive's export wrote no audit event"
# The archive holds the audit trail as it was: the first export's event.
tar -xzOf "$dir/spa-2026.tar.gz" spa-2026/audit_event.csv 2> /dev/null | grep -qF "\"exported\",\"$dir/out-spa\"" ||
  say "the archive's audit_event.csv lacks the first export"
exit $fail
