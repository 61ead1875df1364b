#!/bin/sh
# A small run of spa-desk-bench: the generator makes what it is asked for, every
# benchmark runs, and the results are valid JSON of the documented shape. No timing is
# checked here; build-aux/bench measures.
set -eu
bench="$1"
server="$2"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT

"$bench" generate --data-dir "$dir/data" --clients 2000 --bookings 10000 --notes 3000 --seed 7

# A chain of three locations: bookings at each, every one with its therapist and its
# room at its location.
db="$dir/data/spa-desk.db"
[ "$(sqlite3 "$db" 'SELECT count(*) FROM location WHERE active = 1 AND deleted = 0')" = 3 ] ||
  { echo "the generated spa is not a chain of three locations" >&2; exit 1; }
[ "$(sqlite3 "$db" 'SELECT count(DISTINCT location_id) FROM booking')" = 3 ] ||
  { echo "the generated bookings are not at three locations" >&2; exit 1; }
[ "$(sqlite3 "$db" 'SELECT count(*) FROM booking b JOIN therapist t ON t.id = b.therapist_id
    LEFT JOIN room r ON r.id = b.room_id
    WHERE b.location_id IS NOT t.location_id OR
      (b.room_id IS NOT NULL AND r.location_id IS NOT b.location_id)')" = 0 ] ||
  { echo "a generated booking has its therapist or room elsewhere" >&2; exit 1; }

"$bench" run --data-dir "$dir/data" --runs 20 --only search,day,page,insert,sync \
  --json "$dir/results.json" --generated-in 1.5 --server "$server"

jq -e '
  (.machine | type == "string") and
  .clients == 2000 and .bookings == 10000 and .session_notes == 3000 and
  (.figures | length) == 9 and
  all(.figures[]; (.name | type == "string") and (.unit | type == "string") and
      (.target | type == "string") and (.met | type == "boolean") and
      has("value") and has("ratio_to_limit")) and
  ([.figures[] | select(.name | startswith("client search"))][0] | .ratio_to_limit > 0 and .value > 0) and
  ([.figures[] | select(.name | startswith("first full sync"))][0] | .ratio_to_limit > 0 and .value > 0) and
  ([.figures[] | select(.name | startswith("incremental sync"))][0] | .value > 0) and
  ([.figures[] | select(.name | startswith("checkout save"))][0] | .value > 0)
' "$dir/results.json" >/dev/null

# The client import figure, on a small file.
"$bench" import --rows 300 --json "$dir/import.json"
jq -e '.rows == 300 and .added > 0 and .merged > 0 and .skipped > 0 and
  (.figures | length) == 1 and
  all(.figures[]; .value > 0 and .limit > 0 and .ratio_to_limit > 0 and (.met | type == "boolean"))
' "$dir/import.json" >/dev/null

# The generator refuses to write over data.
if "$bench" generate --data-dir "$dir/data" --clients 10 --bookings 10 --notes 0 2>/dev/null; then
  echo "generate wrote over an existing database" >&2
  exit 1
fi
echo "ok"
