/* spa-migrations.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-migrations"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "spa-migrations.h"
#include "spa-note-chain.h"
#include "spa-online-settings.h"
#include "spa-store-private.h"

/*
 * The schema, one numbered step at a time. A step is never edited once it has shipped:
 * change the schema by appending a step. Each step runs in its own transaction together
 * with the `PRAGMA user_version` that records it (see spa_store_migrate()).
 *
 * Synced tables share the columns id, version, created_at, updated_at, deleted; the rest
 * are the fields listed in each entity's SpaEntityInfo. Columns that exist only on this
 * device (sort keys, sync bookkeeping) are not in SpaEntityInfo and never go on the wire.
 */

#define SYNCED_COLUMNS \
  "  id TEXT NOT NULL UNIQUE," \
  "  version INTEGER NOT NULL DEFAULT 0," \
  "  created_at TEXT NOT NULL," \
  "  updated_at TEXT NOT NULL," \
  "  deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),"

static const char migration_1_sql[] =
  "CREATE TABLE service ("
  "  rid INTEGER PRIMARY KEY,"
  SYNCED_COLUMNS
  "  name TEXT NOT NULL,"
  "  category TEXT,"
  "  duration_min INTEGER NOT NULL,"
  "  buffer_min INTEGER NOT NULL DEFAULT 0,"
  "  price_cents INTEGER,"
  "  currency TEXT,"
  "  description TEXT,"
  "  active INTEGER NOT NULL DEFAULT 1"
  ");"
  "CREATE TABLE room ("
  "  rid INTEGER PRIMARY KEY,"
  SYNCED_COLUMNS
  "  name TEXT NOT NULL,"
  "  active INTEGER NOT NULL DEFAULT 1"
  ");"
  "CREATE TABLE therapist ("
  "  rid INTEGER PRIMARY KEY,"
  SYNCED_COLUMNS
  "  name TEXT NOT NULL,"
  "  email TEXT,"
  "  phone TEXT,"
  "  credentials TEXT,"
  "  service_ids TEXT,"
  "  color TEXT,"
  "  working_hours TEXT,"
  "  active INTEGER NOT NULL DEFAULT 1"
  ");"
  "CREATE TABLE client ("
  "  rid INTEGER PRIMARY KEY,"
  SYNCED_COLUMNS
  "  first_name TEXT NOT NULL,"
  "  last_name TEXT,"
  "  preferred_name TEXT,"
  "  pronouns TEXT,"
  "  email TEXT,"
  "  phone TEXT,"
  "  date_of_birth TEXT,"
  "  address TEXT,"
  "  emergency_contact_name TEXT,"
  "  emergency_contact_phone TEXT,"
  "  allergies TEXT,"
  "  medications TEXT,"
  "  conditions TEXT,"
  "  notes TEXT,"
  "  marketing_consent INTEGER NOT NULL DEFAULT 0,"
  "  sort_key TEXT NOT NULL DEFAULT ''"
  ");"
  "CREATE INDEX client_sort ON client (deleted, sort_key);"
  "CREATE TABLE booking ("
  "  rid INTEGER PRIMARY KEY,"
  SYNCED_COLUMNS
  "  client_id TEXT NOT NULL REFERENCES client (id) DEFERRABLE INITIALLY DEFERRED,"
  "  therapist_id TEXT NOT NULL REFERENCES therapist (id) DEFERRABLE INITIALLY DEFERRED,"
  "  service_id TEXT NOT NULL REFERENCES service (id) DEFERRABLE INITIALLY DEFERRED,"
  "  room_id TEXT REFERENCES room (id) DEFERRABLE INITIALLY DEFERRED,"
  "  starts_at TEXT NOT NULL,"
  "  ends_at TEXT NOT NULL,"
  "  status TEXT NOT NULL DEFAULT 'booked',"
  "  source TEXT NOT NULL DEFAULT 'desk',"
  "  notes TEXT,"
  "  price_cents INTEGER,"
  "  cancel_reason TEXT,"
  "  status_history TEXT"
  ");"
  "CREATE INDEX booking_starts ON booking (starts_at);"
  "CREATE INDEX booking_therapist ON booking (therapist_id, starts_at);"
  "CREATE INDEX booking_room ON booking (room_id, starts_at);"
  "CREATE INDEX booking_client ON booking (client_id, starts_at);"
  "CREATE TABLE intake ("
  "  rid INTEGER PRIMARY KEY,"
  SYNCED_COLUMNS
  "  client_id TEXT NOT NULL REFERENCES client (id) DEFERRABLE INITIALLY DEFERRED,"
  "  completed_at TEXT,"
  "  reason TEXT,"
  "  goals TEXT,"
  "  pain_areas TEXT,"
  "  avoid_areas TEXT,"
  "  pressure TEXT,"
  "  conditions TEXT,"
  "  pregnancy_weeks INTEGER,"
  "  recent_injury TEXT,"
  "  medications TEXT,"
  "  allergies TEXT,"
  "  consent_name TEXT,"
  "  consent_at TEXT"
  ");"
  "CREATE INDEX intake_client ON intake (client_id, completed_at);"
  "CREATE TABLE session_note ("
  "  rid INTEGER PRIMARY KEY,"
  SYNCED_COLUMNS
  "  client_id TEXT NOT NULL REFERENCES client (id) DEFERRABLE INITIALLY DEFERRED,"
  "  booking_id TEXT REFERENCES booking (id) DEFERRABLE INITIALLY DEFERRED,"
  "  therapist_id TEXT REFERENCES therapist (id) DEFERRABLE INITIALLY DEFERRED,"
  "  session_date TEXT NOT NULL,"
  "  duration_min INTEGER,"
  "  subjective TEXT,"
  "  objective TEXT,"
  "  assessment TEXT,"
  "  plan TEXT,"
  "  techniques TEXT,"
  "  pressure TEXT,"
  "  areas_treated TEXT,"
  "  pain_before INTEGER,"
  "  pain_after INTEGER,"
  "  home_care TEXT,"
  "  signed_at TEXT,"
  "  signed_by TEXT"
  ");"
  "CREATE INDEX session_note_client ON session_note (client_id, session_date);"
  "CREATE INDEX session_note_booking ON session_note (booking_id);"
  "CREATE TABLE note_amendment ("
  "  rid INTEGER PRIMARY KEY,"
  SYNCED_COLUMNS
  "  note_id TEXT NOT NULL REFERENCES session_note (id) DEFERRABLE INITIALLY DEFERRED,"
  "  author TEXT NOT NULL,"
  "  text TEXT NOT NULL"
  ");"
  "CREATE INDEX note_amendment_note ON note_amendment (note_id, created_at);"

  /* Client search: names, e-mail and phone tokens; accents and case folded. */
  "CREATE VIRTUAL TABLE client_fts USING fts5 ("
  "  name, email, phone,"
  "  tokenize = 'unicode61 remove_diacritics 2',"
  "  prefix = '1 2 3 4'"
  ");"
  "CREATE TRIGGER client_fts_insert AFTER INSERT ON client BEGIN"
  "  INSERT INTO client_fts (rowid, name, email, phone) VALUES (new.rid,"
  "    coalesce (new.first_name, '') || ' ' || coalesce (new.last_name, '') || ' ' ||"
  "    coalesce (new.preferred_name, ''),"
  "    new.email, spa_phone_tokens (new.phone));"
  "  UPDATE client SET sort_key = spa_sort_key (new.last_name, new.first_name)"
  "    WHERE rid = new.rid;"
  "END;"
  "CREATE TRIGGER client_fts_update AFTER UPDATE OF first_name, last_name, preferred_name,"
  "  email, phone ON client BEGIN"
  "  DELETE FROM client_fts WHERE rowid = old.rid;"
  "  INSERT INTO client_fts (rowid, name, email, phone) VALUES (new.rid,"
  "    coalesce (new.first_name, '') || ' ' || coalesce (new.last_name, '') || ' ' ||"
  "    coalesce (new.preferred_name, ''),"
  "    new.email, spa_phone_tokens (new.phone));"
  "  UPDATE client SET sort_key = spa_sort_key (new.last_name, new.first_name)"
  "    WHERE rid = new.rid;"
  "END;"
  "CREATE TRIGGER client_fts_delete AFTER DELETE ON client BEGIN"
  "  DELETE FROM client_fts WHERE rowid = old.rid;"
  "END;"

  /* Sync bookkeeping: local only. */
  "CREATE TABLE sync_outbox ("
  "  mutation_id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  entity TEXT NOT NULL,"
  "  record_id TEXT NOT NULL,"
  "  op TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),"
  "  base_version INTEGER NOT NULL DEFAULT 0,"
  "  fields TEXT NOT NULL DEFAULT '{}',"
  "  created_at TEXT NOT NULL,"
  "  status TEXT NOT NULL DEFAULT 'pending'"
  "    CHECK (status IN ('pending', 'applied', 'conflict', 'rejected')),"
  "  result TEXT,"
  "  attempts INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX sync_outbox_status ON sync_outbox (status, mutation_id);"
  "CREATE INDEX sync_outbox_record ON sync_outbox (entity, record_id, status);"
  "CREATE TABLE sync_state ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT"
  ");"
  "CREATE TABLE sync_conflict ("
  "  conflict_id INTEGER PRIMARY KEY,"
  "  mutation_id INTEGER,"
  "  entity TEXT NOT NULL,"
  "  record_id TEXT NOT NULL,"
  "  local_fields TEXT NOT NULL,"
  "  server_record TEXT,"
  "  created_at TEXT NOT NULL,"
  "  resolved_at TEXT,"
  "  resolution TEXT"
  ");"
  "CREATE INDEX sync_conflict_open ON sync_conflict (resolved_at, entity, record_id);";

/* Client search, fast for short prefixes: every 1 to 4 letter prefix of every word of a
 * client's names and e-mail, with the client's sort key, so that "the first 50 clients
 * whose some word starts with 'c'" is one ordered index range instead of sorting the
 * 90 000 FTS5 matches of "c" (see spa_store_search_clients() and docs/performance.md).
 * Phone numbers stay in client_fts only. Tombstoned clients stay (their row tells). */
static const char migration_5_sql[] =
  "CREATE TABLE client_prefix ("
  "  prefix TEXT NOT NULL,"
  "  sort_key TEXT NOT NULL,"
  "  rid INTEGER NOT NULL,"
  "  PRIMARY KEY (prefix, sort_key, rid)"
  ") WITHOUT ROWID;"
  "CREATE TRIGGER client_prefix_insert AFTER INSERT ON client BEGIN"
  "  INSERT OR IGNORE INTO client_prefix (prefix, sort_key, rid)"
  "    SELECT value, spa_sort_key (new.last_name, new.first_name), new.rid"
  "    FROM json_each (spa_search_prefixes (new.first_name, new.last_name,"
  "                                         new.preferred_name, new.email));"
  "END;"
  "CREATE TRIGGER client_prefix_update AFTER UPDATE OF first_name, last_name, preferred_name,"
  "  email ON client BEGIN"
  "  DELETE FROM client_prefix WHERE sort_key = spa_sort_key (old.last_name, old.first_name)"
  "    AND rid = old.rid AND prefix IN (SELECT value FROM json_each (spa_search_prefixes ("
  "      old.first_name, old.last_name, old.preferred_name, old.email)));"
  "  INSERT OR IGNORE INTO client_prefix (prefix, sort_key, rid)"
  "    SELECT value, spa_sort_key (new.last_name, new.first_name), new.rid"
  "    FROM json_each (spa_search_prefixes (new.first_name, new.last_name,"
  "                                         new.preferred_name, new.email));"
  "END;"
  "CREATE TRIGGER client_prefix_delete AFTER DELETE ON client BEGIN"
  "  DELETE FROM client_prefix WHERE sort_key = spa_sort_key (old.last_name, old.first_name)"
  "    AND rid = old.rid AND prefix IN (SELECT value FROM json_each (spa_search_prefixes ("
  "      old.first_name, old.last_name, old.preferred_name, old.email)));"
  "END;"
  "INSERT OR IGNORE INTO client_prefix (prefix, sort_key, rid)"
  "  SELECT p.value, spa_sort_key (c.last_name, c.first_name), c.rid"
  "  FROM client c, json_each (spa_search_prefixes (c.first_name, c.last_name,"
  "                                                 c.preferred_name, c.email)) p;";

/* The spa's own menu; fixed ids so that every device and the server agree on them. */
static const struct {
  const char *id;
  const char *name;
  const char *category;
  int duration;
  int buffer;
  const char *description;
} default_services[] = {
  { "5ba0d35c-0000-4000-8000-000000000001", N_("Swedish massage"), N_("Relaxation"), 60, 15,
    N_("Long, flowing strokes with light to medium pressure to relax the whole body.") },
  { "5ba0d35c-0000-4000-8000-000000000002", N_("Swedish massage"), N_("Relaxation"), 90, 15,
    N_("Long, flowing strokes with light to medium pressure to relax the whole body.") },
  { "5ba0d35c-0000-4000-8000-000000000003", N_("Deep tissue massage"), N_("Therapeutic"), 60, 15,
    N_("Slow, firm work on the deeper layers of muscle and fascia.") },
  { "5ba0d35c-0000-4000-8000-000000000004", N_("Deep tissue massage"), N_("Therapeutic"), 90, 15,
    N_("Slow, firm work on the deeper layers of muscle and fascia.") },
  { "5ba0d35c-0000-4000-8000-000000000005", N_("Hot stone massage"), N_("Relaxation"), 90, 20,
    N_("Heated basalt stones warm and loosen the muscles.") },
  { "5ba0d35c-0000-4000-8000-000000000006", N_("Sports massage"), N_("Therapeutic"), 60, 15,
    N_("Stretching and targeted work for active people and athletes.") },
  { "5ba0d35c-0000-4000-8000-000000000007", N_("TMJ (jaw) massage"), N_("Therapeutic"), 45, 15,
    N_("Gentle intra- and extra-oral work for jaw tension and clenching.") },
  { "5ba0d35c-0000-4000-8000-000000000008", N_("Lymphatic drainage"), N_("Therapeutic"), 60, 15,
    N_("Light, rhythmic strokes that help the lymphatic system.") },
};

const char *
spa_default_service_id (guint index)
{
  if (index >= G_N_ELEMENTS (default_services))
    return NULL;
  return default_services[index].id;
}

static gboolean
seed_default_services (SpaStore  *store,
                       GError   **error)
{
  g_autofree char *now = spa_store_now_utc (store);

  for (guint i = 0; i < G_N_ELEMENTS (default_services); i++)
    {
      g_autoptr(SpaStmt) stmt = NULL;
      g_autofree char *name = NULL;

      stmt = spa_store_prepare (store,
                                "INSERT INTO service (id, version, created_at, updated_at,"
                                " name, category, duration_min, buffer_min, currency,"
                                " description, active)"
                                " VALUES (?, 0, ?, ?, ?, ?, ?, ?, 'CAD', ?, 1)",
                                error);
      if (stmt == NULL)
        return FALSE;

      /* "Swedish massage, 60 min": the duration is part of what the desk picks. */
      name = g_strdup_printf (_("%s, %d min"), _(default_services[i].name),
                              default_services[i].duration);
      sqlite3_bind_text (stmt, 1, default_services[i].id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, _(default_services[i].category), -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 6, default_services[i].duration);
      sqlite3_bind_int (stmt, 7, default_services[i].buffer);
      sqlite3_bind_text (stmt, 8, _(default_services[i].description), -1, SQLITE_STATIC);

      if (!spa_store_step_done (store, stmt, error))
        return FALSE;
    }

  return TRUE;
}


/*
 * Sync, both sides. On a device: bookings (or other records) the server refused, kept
 * and flagged for the user rather than deleted, and the ids seen during a full resync.
 * On the server (spa-desk-server opens its database through the same store): users,
 * the change log whose sequence is the pull cursor, a version and writer per field
 * (field-level conflicts), and each device's mutation results (idempotent replay).
 * The server tables stay empty on devices.
 */
static const char migration_4_sql[] =
  "CREATE TABLE sync_rejected ("
  "  entity TEXT NOT NULL,"
  "  record_id TEXT NOT NULL,"
  "  mutation_id INTEGER,"
  "  code TEXT NOT NULL,"
  "  message TEXT,"
  "  created_at TEXT NOT NULL,"
  "  PRIMARY KEY (entity, record_id)"
  ");"
  "CREATE TABLE sync_resync_seen ("
  "  entity TEXT NOT NULL,"
  "  record_id TEXT NOT NULL,"
  "  PRIMARY KEY (entity, record_id)"
  ") WITHOUT ROWID;"
  "CREATE TABLE server_user ("
  "  name TEXT PRIMARY KEY,"
  "  role TEXT NOT NULL CHECK (role IN ('manager', 'therapist', 'front_desk')),"
  "  token_hash TEXT NOT NULL UNIQUE,"
  "  created_at TEXT NOT NULL,"
  "  revoked_at TEXT"
  ");"
  "CREATE TABLE server_change ("
  "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  entity TEXT NOT NULL,"
  "  record_id TEXT NOT NULL,"
  "  device_id TEXT,"
  "  mutation_id INTEGER"
  ");"
  "CREATE INDEX server_change_record ON server_change (entity, record_id);"
  "CREATE TABLE server_field ("
  "  entity TEXT NOT NULL,"
  "  record_id TEXT NOT NULL,"
  "  field TEXT NOT NULL,"
  "  version INTEGER NOT NULL,"
  "  device_id TEXT,"
  "  PRIMARY KEY (entity, record_id, field)"
  ") WITHOUT ROWID;"
  "CREATE TABLE server_device ("
  "  device_id TEXT PRIMARY KEY,"
  "  user_name TEXT,"
  "  last_mutation_id INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE TABLE server_result ("
  "  device_id TEXT NOT NULL,"
  "  mutation_id INTEGER NOT NULL,"
  "  result TEXT NOT NULL,"
  "  PRIMARY KEY (device_id, mutation_id)"
  ") WITHOUT ROWID;"
  "CREATE TABLE server_meta ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT"
  ");";

/* The calendar reads a day's bookings with their clients' names (spa-schedule.c); a
 * day's clients are scattered over the table, and this index answers the lookup of
 * each without reading the client's row (half the time of a day on a cold cache). */
static const char migration_6_sql[] =
  "CREATE INDEX client_day_names ON client (id, first_name, preferred_name, last_name);";

/* The number of pending outbox rows, kept by triggers in the same transactions as the
 * rows themselves: the sync indicator reads it after every change, and counting a large
 * outbox (a first sync of years of data) took tens of milliseconds each time. */
static const char migration_7_sql[] =
  "CREATE TABLE sync_outbox_count ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  pending INTEGER NOT NULL"
  ");"
  "INSERT INTO sync_outbox_count (id, pending)"
  "  SELECT 1, count(*) FROM sync_outbox WHERE status = 'pending';"
  "CREATE TRIGGER sync_outbox_count_insert AFTER INSERT ON sync_outbox"
  "  WHEN new.status = 'pending' BEGIN"
  "  UPDATE sync_outbox_count SET pending = pending + 1 WHERE id = 1;"
  "END;"
  "CREATE TRIGGER sync_outbox_count_update AFTER UPDATE OF status ON sync_outbox"
  "  WHEN (old.status = 'pending') != (new.status = 'pending') BEGIN"
  "  UPDATE sync_outbox_count"
  "    SET pending = pending + (CASE WHEN new.status = 'pending' THEN 1 ELSE -1 END)"
  "    WHERE id = 1;"
  "END;"
  "CREATE TRIGGER sync_outbox_count_delete AFTER DELETE ON sync_outbox"
  "  WHEN old.status = 'pending' BEGIN"
  "  UPDATE sync_outbox_count SET pending = pending - 1 WHERE id = 1;"
  "END;";

/* The client search structures (FTS5 rows and prefixes) can be left out while a first
 * sync loads a whole spa and built once at the end (spa_store_begin_load()):
 * kept row by row they were most of the time of loading 100 000 clients. The sort key
 * is the row's own column and is always kept: by the insert when it makes it (pulls),
 * else by a trigger. */
static const char migration_8_sql[] =
  "DROP TRIGGER client_fts_insert;"
  "DROP TRIGGER client_fts_update;"
  "DROP TRIGGER client_fts_delete;"
  "DROP TRIGGER client_prefix_insert;"
  "DROP TRIGGER client_prefix_update;"
  "DROP TRIGGER client_prefix_delete;"
  "CREATE TRIGGER client_sort_key_insert AFTER INSERT ON client"
  "  WHEN new.sort_key = '' BEGIN"
  "  UPDATE client SET sort_key = spa_sort_key (new.last_name, new.first_name)"
  "    WHERE rid = new.rid;"
  "END;"
  "CREATE TRIGGER client_sort_key_update AFTER UPDATE OF first_name, last_name ON client BEGIN"
  "  UPDATE client SET sort_key = spa_sort_key (new.last_name, new.first_name)"
  "    WHERE rid = new.rid;"
  "END;"
  "CREATE TRIGGER client_fts_insert AFTER INSERT ON client"
  "  WHEN NOT spa_search_deferred () BEGIN"
  "  INSERT INTO client_fts (rowid, name, email, phone) VALUES (new.rid,"
  "    coalesce (new.first_name, '') || ' ' || coalesce (new.last_name, '') || ' ' ||"
  "    coalesce (new.preferred_name, ''),"
  "    new.email, spa_phone_tokens (new.phone));"
  "END;"
  "CREATE TRIGGER client_fts_update AFTER UPDATE OF first_name, last_name, preferred_name,"
  "  email, phone ON client WHEN NOT spa_search_deferred () BEGIN"
  "  DELETE FROM client_fts WHERE rowid = old.rid;"
  "  INSERT INTO client_fts (rowid, name, email, phone) VALUES (new.rid,"
  "    coalesce (new.first_name, '') || ' ' || coalesce (new.last_name, '') || ' ' ||"
  "    coalesce (new.preferred_name, ''),"
  "    new.email, spa_phone_tokens (new.phone));"
  "END;"
  "CREATE TRIGGER client_fts_delete AFTER DELETE ON client"
  "  WHEN NOT spa_search_deferred () BEGIN"
  "  DELETE FROM client_fts WHERE rowid = old.rid;"
  "END;"
  "CREATE TRIGGER client_prefix_insert AFTER INSERT ON client"
  "  WHEN NOT spa_search_deferred () BEGIN"
  "  INSERT OR IGNORE INTO client_prefix (prefix, sort_key, rid)"
  "    SELECT value, spa_sort_key (new.last_name, new.first_name), new.rid"
  "    FROM json_each (spa_search_prefixes (new.first_name, new.last_name,"
  "                                         new.preferred_name, new.email));"
  "END;"
  "CREATE TRIGGER client_prefix_update AFTER UPDATE OF first_name, last_name, preferred_name,"
  "  email ON client WHEN NOT spa_search_deferred () BEGIN"
  "  DELETE FROM client_prefix WHERE sort_key = spa_sort_key (old.last_name, old.first_name)"
  "    AND rid = old.rid AND prefix IN (SELECT value FROM json_each (spa_search_prefixes ("
  "      old.first_name, old.last_name, old.preferred_name, old.email)));"
  "  INSERT OR IGNORE INTO client_prefix (prefix, sort_key, rid)"
  "    SELECT value, spa_sort_key (new.last_name, new.first_name), new.rid"
  "    FROM json_each (spa_search_prefixes (new.first_name, new.last_name,"
  "                                         new.preferred_name, new.email));"
  "END;"
  "CREATE TRIGGER client_prefix_delete AFTER DELETE ON client"
  "  WHEN NOT spa_search_deferred () BEGIN"
  "  DELETE FROM client_prefix WHERE sort_key = spa_sort_key (old.last_name, old.first_name)"
  "    AND rid = old.rid AND prefix IN (SELECT value FROM json_each (spa_search_prefixes ("
  "      old.first_name, old.last_name, old.preferred_name, old.email)));"
  "END;";

/* Search folds the letters Unicode does not decompose (ø, æ, œ, ß, ł, đ, þ …) and
 * indexes names written with apostrophes or hyphens also without them ("oconnor",
 * "smithjones"): the FTS5 name column is now spa_search_names(), and the sort keys, the
 * FTS5 rows and client_prefix are made again with the new folding.
 * Clients with clinical records are archived instead of deleted: archived_at (synced)
 * hides them from the list and the search; the list's index leads with it, so the
 * list of active clients stays one index range. */
static const char migration_9_sql[] =
  "DROP TRIGGER client_fts_insert;"
  "DROP TRIGGER client_fts_update;"
  "CREATE TRIGGER client_fts_insert AFTER INSERT ON client"
  "  WHEN NOT spa_search_deferred () BEGIN"
  "  INSERT INTO client_fts (rowid, name, email, phone) VALUES (new.rid,"
  "    spa_search_names (new.first_name, new.last_name, new.preferred_name),"
  "    new.email, spa_phone_tokens (new.phone));"
  "END;"
  "CREATE TRIGGER client_fts_update AFTER UPDATE OF first_name, last_name, preferred_name,"
  "  email, phone ON client WHEN NOT spa_search_deferred () BEGIN"
  "  DELETE FROM client_fts WHERE rowid = old.rid;"
  "  INSERT INTO client_fts (rowid, name, email, phone) VALUES (new.rid,"
  "    spa_search_names (new.first_name, new.last_name, new.preferred_name),"
  "    new.email, spa_phone_tokens (new.phone));"
  "END;"
  "ALTER TABLE client ADD COLUMN archived_at TEXT;"
  "DROP INDEX client_sort;"
  "UPDATE client SET sort_key = spa_sort_key (last_name, first_name);"
  "CREATE INDEX client_sort ON client (deleted, archived_at, sort_key);"
  "DELETE FROM client_fts;"
  "INSERT INTO client_fts (rowid, name, email, phone)"
  "  SELECT rid, spa_search_names (first_name, last_name, preferred_name),"
  "    email, spa_phone_tokens (phone)"
  "  FROM client ORDER BY rid;"
  "INSERT INTO client_fts (client_fts) VALUES ('optimize');"
  "DELETE FROM client_prefix;"
  "INSERT OR IGNORE INTO client_prefix (prefix, sort_key, rid)"
  "  SELECT p.value, c.sort_key, c.rid"
  "  FROM client c, json_each (spa_search_prefixes (c.first_name, c.last_name,"
  "                                                 c.preferred_name, c.email)) p"
  "  ORDER BY 1, 2, 3;";
/* Desk accounts (spa-account.c): who is signed in at the desk, with a PIN kept as an
 * Argon2id hash, wrong-PIN counting that survives a restart, and "server" for accounts
 * that mirror the spa server's users (changed on the server only). On the server, a
 * user may sign notes as one therapist record. */
static const char migration_10_sql[] =
  "CREATE TABLE desk_account ("
  "  id TEXT PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  role TEXT NOT NULL CHECK (role IN ('manager', 'therapist', 'front_desk')),"
  "  therapist_id TEXT,"
  "  pin_hash TEXT NOT NULL,"
  "  source TEXT NOT NULL DEFAULT 'desk' CHECK (source IN ('desk', 'server')),"
  "  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),"
  "  failed_attempts INTEGER NOT NULL DEFAULT 0,"
  "  locked_until INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL"
  ") WITHOUT ROWID;"
  "ALTER TABLE server_user ADD COLUMN therapist_id TEXT;"
  "ALTER TABLE server_user ADD COLUMN pin_hash TEXT;";

/* The server's memory of a device (its last mutation id, its stored results, the
 * writer of each field) is keyed by the account and the device id together: a device
 * id is only a name the device gives itself, and another account sending it must
 * neither read that device's stored results nor move its last mutation id. The key is
 * "LENGTH:USER:DEVICE" (LENGTH of USER in bytes), made by the server's push. */
static const char migration_14_sql[] =
  "CREATE TEMP TABLE device_key AS"
  "  SELECT device_id AS old,"
  "    length (CAST (user_name AS BLOB)) || ':' || user_name || ':' || device_id AS new"
  "  FROM server_device WHERE user_name IS NOT NULL;"
  "UPDATE server_result SET device_id = (SELECT new FROM device_key WHERE old = device_id)"
  "  WHERE device_id IN (SELECT old FROM device_key);"
  "UPDATE server_field SET device_id = (SELECT new FROM device_key WHERE old = device_id)"
  "  WHERE device_id IN (SELECT old FROM device_key);"
  "UPDATE server_change SET device_id = (SELECT new FROM device_key WHERE old = device_id)"
  "  WHERE device_id IN (SELECT old FROM device_key);"
  "UPDATE server_device SET device_id = (SELECT new FROM device_key WHERE old = device_id)"
  "  WHERE device_id IN (SELECT old FROM device_key);"
  "DROP TABLE device_key;";

/* Signing on a shared desk (docs/security.md): the server keeps each user's signing
 * key (Argon2id of the PIN with a salt of its own) and sends desks the salt with the
 * account; a signed note and an amendment carry the signer's proof. */
static const char migration_16_sql[] =
  "ALTER TABLE server_user ADD COLUMN sign_salt TEXT;"
  "ALTER TABLE server_user ADD COLUMN sign_key TEXT;"
  "ALTER TABLE desk_account ADD COLUMN sign_salt TEXT;"
  "ALTER TABLE session_note ADD COLUMN signature TEXT;"
  "ALTER TABLE note_amendment ADD COLUMN signature TEXT;";

/* Online booking: which services and therapists take online bookings (both by default),
 * a therapist's short public biography, and who filled an intake in (the desk, or the
 * client through the web form). The server's own tables for it (settings, idempotency
 * keys, secret links) stay empty on desks, like migration 4's. */
static const char migration_25_sql[] =
  "ALTER TABLE service ADD COLUMN online INTEGER DEFAULT 1;"
  "ALTER TABLE therapist ADD COLUMN online INTEGER DEFAULT 1;"
  "ALTER TABLE therapist ADD COLUMN bio TEXT;"
  "ALTER TABLE intake ADD COLUMN filled_by TEXT;"
  "CREATE TABLE server_setting ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE TABLE public_request ("
  "  idempotency_key TEXT PRIMARY KEY,"
  "  booking_id TEXT NOT NULL,"
  "  response TEXT NOT NULL,"
  "  created_at TEXT NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE TABLE public_link ("
  "  token_hash TEXT PRIMARY KEY,"
  "  kind TEXT NOT NULL CHECK (kind IN ('manage', 'intake')),"
  "  booking_id TEXT NOT NULL,"
  "  client_id TEXT NOT NULL,"
  "  expires_at TEXT NOT NULL,"
  "  used_at TEXT"
  ") WITHOUT ROWID;";

/* The reports' reads. A report walks a period's bookings (or invoices) in time order:
 * without a covering index each row is a random page of the table (a year: 100 000
 * pages). The booking index holds when a cancelled booking was cancelled as its
 * history's last entry says (SPA_REPORT_CANCELLED_AT: SQLite reads the expression from
 * the index); the history itself is read only when that entry is not the cancellation.
 * Visits by client answer "when did this client first come?" in one seek. */
static const char migration_30_sql[] =
  "CREATE INDEX booking_report ON booking (starts_at, status, ends_at, client_id,"
  "  therapist_id, room_id, service_id, " SPA_REPORT_CANCELLED_AT ") WHERE deleted = 0;"
  "CREATE INDEX booking_visit ON booking (client_id, starts_at)"
  "  WHERE deleted = 0 AND status IN ('completed', 'checked_in');"
  /* The money reports: issued invoices in time order, their lines by invoice, payments
   * in time order, each with the columns a report reads. */
  "CREATE INDEX invoice_report ON invoice (issued_at, kind, id, booking_id, total_cents,"
  "  tax_cents, tip_cents, tip_therapist_id) WHERE status = 'issued' AND deleted = 0;"
  "CREATE INDEX invoice_line_report ON invoice_line (invoice_id, kind, item_id, therapist_id,"
  "  quantity, total_cents, tax_cents) WHERE deleted = 0;"
  "CREATE INDEX payment_report ON payment (received_at, invoice_id, method, amount_cents)"
  "  WHERE deleted = 0;";

/* Each client's first visit ever (a completed or checked-in booking), so that a
 * period's new clients are one index range instead of a question per client. Kept by
 * triggers, whoever writes (the desk, a pull, the server); a whole-spa load skips them
 * and spa_store_end_load() makes the table again. */
#define FIRST_VISIT_OF(who) \
  "  INSERT INTO client_first_visit (client_id, first_visit)" \
  "    SELECT " who ".client_id, min (starts_at) FROM booking" \
  "    WHERE client_id = " who ".client_id AND deleted = 0" \
  "      AND status IN ('completed', 'checked_in')" \
  "    GROUP BY 1;"
#define IS_VISIT(who) \
  "(" who ".deleted = 0 AND " who ".status IN ('completed', 'checked_in'))"

static const char migration_31_sql[] =
  "CREATE TABLE client_first_visit ("
  "  client_id TEXT PRIMARY KEY,"
  "  first_visit TEXT NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE INDEX client_first_visit_at ON client_first_visit (first_visit);"
  "INSERT INTO client_first_visit (client_id, first_visit)"
  "  SELECT client_id, min (starts_at) FROM booking"
  "  WHERE deleted = 0 AND status IN ('completed', 'checked_in') AND client_id IS NOT NULL"
  "  GROUP BY client_id;"
  "CREATE TRIGGER booking_first_visit_insert AFTER INSERT ON booking"
  "  WHEN " IS_VISIT ("new") " AND new.client_id IS NOT NULL"
  "    AND NOT spa_search_deferred () BEGIN"
  "  INSERT INTO client_first_visit (client_id, first_visit)"
  "    VALUES (new.client_id, new.starts_at)"
  "    ON CONFLICT (client_id) DO UPDATE SET first_visit = excluded.first_visit"
  "    WHERE excluded.first_visit < first_visit;"
  "END;"
  "CREATE TRIGGER booking_first_visit_update AFTER UPDATE OF status, starts_at, deleted,"
  "  client_id ON booking"
  "  WHEN (" IS_VISIT ("old") " OR " IS_VISIT ("new") ")"
  "    AND (old.status IS NOT new.status OR old.starts_at IS NOT new.starts_at"
  "         OR old.deleted IS NOT new.deleted OR old.client_id IS NOT new.client_id)"
  "    AND NOT spa_search_deferred () BEGIN"
  "  DELETE FROM client_first_visit WHERE client_id IN (old.client_id, new.client_id);"
  FIRST_VISIT_OF ("old")
  /* An upsert, not OR IGNORE: a pull's upsert would impose its own conflict policy. */
  "  INSERT INTO client_first_visit (client_id, first_visit)"
  "    SELECT new.client_id, min (starts_at) FROM booking"
  "    WHERE client_id = new.client_id AND deleted = 0"
  "      AND status IN ('completed', 'checked_in')"
  "    GROUP BY 1 ON CONFLICT (client_id) DO NOTHING;"
  "END;"
  "CREATE TRIGGER booking_first_visit_delete AFTER DELETE ON booking"
  "  WHEN " IS_VISIT ("old") " AND NOT spa_search_deferred () BEGIN"
  "  DELETE FROM client_first_visit WHERE client_id = old.client_id;"
  FIRST_VISIT_OF ("old")
  "END;";

/* A refund names each line it gives back, and every refund asks whether a line was
 * given back already: without an index each question walked every line ever sold (the
 * bench's ten years: a million lines, at each of ten thousand refunds). */
static const char migration_32_sql[] =
  "CREATE INDEX invoice_line_refund_of ON invoice_line (refund_of_line)"
  "  WHERE refund_of_line IS NOT NULL;";

/* The money reports' lines: one row per line of an issued invoice and one per tip
 * (line_id ''), keyed by the invoice's issue time, so that a period's money is one range
 * of one table instead of a seek into the lines per invoice. Kept by triggers on
 * invoice and invoice_line, whoever writes; a whole-spa load skips them and
 * spa_store_end_load() makes the table again (SPA_SALE_LINE_REBUILD). */
#define IS_SOLD(who) \
  "(" who ".status = 'issued' AND " who ".deleted = 0 AND " who ".issued_at IS NOT NULL)"
#define SIGN_OF(who) "CASE " who ".kind WHEN 'refund' THEN -1 ELSE 1 END"
#define SALE_COLUMNS \
  "sale_line (issued_at, invoice_id, line_id, sign, booking_id, kind, item_id," \
  " therapist_id, quantity, total_cents, tax_cents)"
/* The rows of invoice @who (the trigger's row). */
#define SALE_LINES_OF(who) \
  "  DELETE FROM sale_line WHERE invoice_id = " who ".id;" \
  "  INSERT INTO " SALE_COLUMNS \
  "    SELECT " who ".issued_at, " who ".id, l.id, " SIGN_OF (who) ", " who ".booking_id," \
  "      l.kind, l.item_id, l.therapist_id, l.quantity, l.total_cents, l.tax_cents" \
  "    FROM invoice_line l WHERE l.invoice_id = " who ".id AND l.deleted = 0" \
  "      AND " IS_SOLD (who) ";" \
  "  INSERT INTO " SALE_COLUMNS \
  "    SELECT " who ".issued_at, " who ".id, '', " SIGN_OF (who) ", " who ".booking_id," \
  "      NULL, NULL, " who ".tip_therapist_id, 0, " who ".tip_cents, 0" \
  "    WHERE " who ".tip_cents != 0 AND " IS_SOLD (who) ";"
/* The row of line @who (the trigger's row), if its invoice is issued. */
#define SALE_LINE_OF(who) \
  "  INSERT INTO " SALE_COLUMNS \
  "    SELECT i.issued_at, i.id, " who ".id, " SIGN_OF ("i") ", i.booking_id, " who ".kind," \
  "      " who ".item_id, " who ".therapist_id, " who ".quantity, " who ".total_cents," \
  "      " who ".tax_cents" \
  "    FROM invoice i WHERE i.id = " who ".invoice_id AND " IS_SOLD ("i") \
  "      AND " who ".deleted = 0;"

static const char migration_33_sql[] =
  "CREATE TABLE sale_line ("
  "  issued_at TEXT NOT NULL,"
  "  invoice_id TEXT NOT NULL,"
  "  line_id TEXT NOT NULL,"
  "  sign INTEGER NOT NULL,"
  "  booking_id TEXT,"
  "  kind TEXT,"
  "  item_id TEXT,"
  "  therapist_id TEXT,"
  "  quantity INTEGER NOT NULL,"
  "  total_cents INTEGER NOT NULL,"
  "  tax_cents INTEGER NOT NULL,"
  "  PRIMARY KEY (issued_at, invoice_id, line_id)"
  ") WITHOUT ROWID;"
  "CREATE INDEX sale_line_invoice ON sale_line (invoice_id);"
  SPA_SALE_LINE_REBUILD
  "CREATE TRIGGER invoice_sale_insert AFTER INSERT ON invoice"
  "  WHEN NOT spa_search_deferred () BEGIN"
  SALE_LINES_OF ("new")
  "END;"
  "CREATE TRIGGER invoice_sale_update AFTER UPDATE OF id, kind, booking_id, status, issued_at,"
  "  tip_cents, tip_therapist_id, deleted ON invoice"
  "  WHEN (old.id IS NOT new.id OR old.kind IS NOT new.kind"
  "        OR old.booking_id IS NOT new.booking_id OR old.status IS NOT new.status"
  "        OR old.issued_at IS NOT new.issued_at OR old.tip_cents IS NOT new.tip_cents"
  "        OR old.tip_therapist_id IS NOT new.tip_therapist_id"
  "        OR old.deleted IS NOT new.deleted)"
  "    AND NOT spa_search_deferred () BEGIN"
  "  DELETE FROM sale_line WHERE invoice_id = old.id;"
  SALE_LINES_OF ("new")
  "END;"
  "CREATE TRIGGER invoice_sale_delete AFTER DELETE ON invoice"
  "  WHEN NOT spa_search_deferred () BEGIN"
  "  DELETE FROM sale_line WHERE invoice_id = old.id;"
  "END;"
  "CREATE TRIGGER invoice_line_sale_insert AFTER INSERT ON invoice_line"
  "  WHEN NOT spa_search_deferred () BEGIN"
  "  DELETE FROM sale_line WHERE invoice_id = new.invoice_id AND line_id = new.id;"
  SALE_LINE_OF ("new")
  "END;"
  "CREATE TRIGGER invoice_line_sale_update AFTER UPDATE OF id, invoice_id, kind, item_id,"
  "  therapist_id, quantity, total_cents, tax_cents, deleted ON invoice_line"
  "  WHEN (old.id IS NOT new.id OR old.invoice_id IS NOT new.invoice_id"
  "        OR old.kind IS NOT new.kind OR old.item_id IS NOT new.item_id"
  "        OR old.therapist_id IS NOT new.therapist_id OR old.quantity IS NOT new.quantity"
  "        OR old.total_cents IS NOT new.total_cents OR old.tax_cents IS NOT new.tax_cents"
  "        OR old.deleted IS NOT new.deleted)"
  "    AND NOT spa_search_deferred () BEGIN"
  "  DELETE FROM sale_line WHERE invoice_id = old.invoice_id AND line_id = old.id;"
  SALE_LINE_OF ("new")
  "END;"
  "CREATE TRIGGER invoice_line_sale_delete AFTER DELETE ON invoice_line"
  "  WHEN NOT spa_search_deferred () BEGIN"
  "  DELETE FROM sale_line WHERE invoice_id = old.invoice_id AND line_id = old.id;"
  "END;";

/* The report by payment method: each payment received on an issued invoice, keyed by
 * when it was received, with what the report needs of its invoice, so that a period's
 * payments are one range instead of a seek into the invoices per payment. Kept like
 * sale_line (migration 33). */
#define PAYMENT_COLUMNS \
  "sale_payment (received_at, payment_id, invoice_id, sign, booking_id, method, amount_cents)"
#define IS_PAID_ON(who) "(" who ".status = 'issued' AND " who ".deleted = 0)"
/* The row of payment @who (the trigger's row), if its invoice is issued. */
#define PAYMENT_OF(who) \
  "  INSERT INTO " PAYMENT_COLUMNS \
  "    SELECT " who ".received_at, " who ".id, i.id, " SIGN_OF ("i") ", i.booking_id," \
  "      " who ".method, " who ".amount_cents" \
  "    FROM invoice i WHERE i.id = " who ".invoice_id AND " IS_PAID_ON ("i") \
  "      AND " who ".deleted = 0;"

/* The rows of invoice new's payments, if it is issued. */
#define PAYMENTS_OF_NEW_INVOICE \
  "  DELETE FROM sale_payment WHERE invoice_id = new.id;" \
  "  INSERT INTO " PAYMENT_COLUMNS \
  "    SELECT p.received_at, p.id, new.id, " SIGN_OF ("new") ", new.booking_id, p.method," \
  "      p.amount_cents" \
  "    FROM payment p WHERE p.invoice_id = new.id AND p.deleted = 0 AND " IS_PAID_ON ("new") ";"

static const char migration_34_sql[] =
  "CREATE TABLE sale_payment ("
  "  received_at TEXT NOT NULL,"
  "  payment_id TEXT NOT NULL,"
  "  invoice_id TEXT NOT NULL,"
  "  sign INTEGER NOT NULL,"
  "  booking_id TEXT,"
  "  method TEXT NOT NULL,"
  "  amount_cents INTEGER NOT NULL,"
  "  PRIMARY KEY (received_at, payment_id)"
  ") WITHOUT ROWID;"
  "CREATE INDEX sale_payment_invoice ON sale_payment (invoice_id);"
  SPA_SALE_PAYMENT_REBUILD
  "CREATE TRIGGER invoice_payment_insert AFTER INSERT ON invoice"
  "  WHEN NOT spa_search_deferred () BEGIN"
  PAYMENTS_OF_NEW_INVOICE
  "END;"
  "CREATE TRIGGER invoice_payment_update AFTER UPDATE OF id, kind, booking_id, status, deleted"
  "  ON invoice"
  "  WHEN (old.id IS NOT new.id OR old.kind IS NOT new.kind"
  "        OR old.booking_id IS NOT new.booking_id OR old.status IS NOT new.status"
  "        OR old.deleted IS NOT new.deleted)"
  "    AND NOT spa_search_deferred () BEGIN"
  "  DELETE FROM sale_payment WHERE invoice_id IN (old.id, new.id);"
  "  INSERT INTO " PAYMENT_COLUMNS
  "    SELECT p.received_at, p.id, new.id, " SIGN_OF ("new") ", new.booking_id, p.method,"
  "      p.amount_cents"
  "    FROM payment p WHERE p.invoice_id = new.id AND p.deleted = 0 AND " IS_PAID_ON ("new") ";"
  "END;"
  "CREATE TRIGGER invoice_payment_delete AFTER DELETE ON invoice"
  "  WHEN NOT spa_search_deferred () BEGIN"
  "  DELETE FROM sale_payment WHERE invoice_id = old.id;"
  "END;"
  "CREATE TRIGGER payment_sale_insert AFTER INSERT ON payment"
  "  WHEN NOT spa_search_deferred () BEGIN"
  "  DELETE FROM sale_payment WHERE invoice_id = new.invoice_id AND payment_id = new.id;"
  PAYMENT_OF ("new")
  "END;"
  "CREATE TRIGGER payment_sale_update AFTER UPDATE OF id, invoice_id, method, amount_cents,"
  "  received_at, deleted ON payment"
  "  WHEN (old.id IS NOT new.id OR old.invoice_id IS NOT new.invoice_id"
  "        OR old.method IS NOT new.method OR old.amount_cents IS NOT new.amount_cents"
  "        OR old.received_at IS NOT new.received_at OR old.deleted IS NOT new.deleted)"
  "    AND NOT spa_search_deferred () BEGIN"
  "  DELETE FROM sale_payment WHERE invoice_id = old.invoice_id AND payment_id = old.id;"
  PAYMENT_OF ("new")
  "END;"
  "CREATE TRIGGER payment_sale_delete AFTER DELETE ON payment"
  "  WHEN NOT spa_search_deferred () BEGIN"
  "  DELETE FROM sale_payment WHERE invoice_id = old.invoice_id AND payment_id = old.id;"
  "END;";

/* The till writes an invoice, its lines and its payments while it is a draft, which has
 * no sale rows: migrations 33's and 34's insert triggers only looked for nothing then
 * (about 8 % of a checkout's instructions). The same triggers, fired only when there is
 * an issued invoice to read. */
static const char migration_57_sql[] =
  "DROP TRIGGER invoice_sale_insert;"
  "CREATE TRIGGER invoice_sale_insert AFTER INSERT ON invoice"
  "  WHEN new.status = 'issued' AND NOT spa_search_deferred () BEGIN"
  SALE_LINES_OF ("new")
  "END;"
  "DROP TRIGGER invoice_line_sale_insert;"
  "CREATE TRIGGER invoice_line_sale_insert AFTER INSERT ON invoice_line"
  "  WHEN EXISTS (SELECT 1 FROM invoice i WHERE i.id = new.invoice_id AND i.status = 'issued')"
  "    AND NOT spa_search_deferred () BEGIN"
  "  DELETE FROM sale_line WHERE invoice_id = new.invoice_id AND line_id = new.id;"
  SALE_LINE_OF ("new")
  "END;"
  "DROP TRIGGER invoice_payment_insert;"
  "CREATE TRIGGER invoice_payment_insert AFTER INSERT ON invoice"
  "  WHEN new.status = 'issued' AND NOT spa_search_deferred () BEGIN"
  PAYMENTS_OF_NEW_INVOICE
  "END;"
  "DROP TRIGGER payment_sale_insert;"
  "CREATE TRIGGER payment_sale_insert AFTER INSERT ON payment"
  "  WHEN EXISTS (SELECT 1 FROM invoice i WHERE i.id = new.invoice_id AND i.status = 'issued')"
  "    AND NOT spa_search_deferred () BEGIN"
  "  DELETE FROM sale_payment WHERE invoice_id = new.invoice_id AND payment_id = new.id;"
  PAYMENT_OF ("new")
  "END;";

/* The spa's online booking settings: one synced record with a fixed id on every store,
 * so desks and the server agree on which record a manager changes (its fields unset:
 * the defaults, or on the server the older `server_setting` values). */
static const char migration_26_sql[] =
  "CREATE TABLE online_settings ("
  "  rid INTEGER PRIMARY KEY,"
  SYNCED_COLUMNS
  "  enabled INTEGER,"
  "  notice_minutes INTEGER,"
  "  slot_minutes INTEGER,"
  "  horizon_days INTEGER,"
  "  cancel_hours INTEGER,"
  "  intro TEXT"
  ");"
  "INSERT INTO online_settings (id, version, created_at, updated_at)"
  "  VALUES ('" SPA_ONLINE_SETTINGS_ID "', 0, strftime ('%Y-%m-%dT%H:%M:%SZ', 'now'),"
  "          strftime ('%Y-%m-%dT%H:%M:%SZ', 'now'));";

/* The tamper-evident chain of signed notes and amendments (spa-store-chain.c). */
static const char migration_45_sql[] =
  "CREATE TABLE note_chain ("
  "  seq INTEGER PRIMARY KEY,"
  "  entity TEXT NOT NULL,"
  "  record_id TEXT NOT NULL,"
  "  content_hash TEXT NOT NULL,"
  "  chain_hash TEXT NOT NULL,"
  "  chained_at TEXT NOT NULL"
  ");"
  "CREATE INDEX note_chain_record ON note_chain (entity, record_id, seq);";

static gboolean
chain_signed_records (SpaStore  *store,
                      GError   **error)
{
  return spa_note_chain_catch_up (store, error);
}

static const SpaMigration migrations[] = {
  { 1, migration_1_sql, seed_default_services },
  { 4, migration_4_sql, NULL },
  { 5, migration_5_sql, NULL },
  { 6, migration_6_sql, NULL },
  { 7, migration_7_sql, NULL },
  { 8, migration_8_sql, NULL },
  { 9, migration_9_sql, NULL },
  { 10, migration_10_sql, NULL },
  { 14, migration_14_sql, NULL },
  { 16, migration_16_sql, NULL },
  { 20, spa_migration_20_sql, spa_migration_20_seed },
  { 21, spa_migration_21_sql, NULL },
  { 25, migration_25_sql, NULL },
  { 26, migration_26_sql, NULL },
  { 30, migration_30_sql, NULL },
  { 31, migration_31_sql, NULL },
  { 32, migration_32_sql, NULL },
  { 33, migration_33_sql, NULL },
  { 34, migration_34_sql, NULL },
  { 40, spa_migration_40_sql, NULL },
  { 41, spa_migration_41_sql, NULL },
  { 42, spa_migration_42_sql, NULL },
  { 43, spa_migration_43_sql, NULL },
  { 44, spa_migration_44_sql, NULL },
  { 45, migration_45_sql, chain_signed_records },
  { 46, spa_migration_46_sql, NULL },
  { 50, spa_migration_50_sql, NULL },
  { 51, spa_migration_51_sql, NULL },
  { 52, spa_migration_52_sql, NULL },
  { 53, spa_migration_53_sql, NULL },
  { 54, spa_migration_54_sql, NULL },
  { 55, spa_migration_55_sql, NULL },
  { 56, spa_migration_56_sql, NULL },
  { 57, migration_57_sql, NULL },
  { 60, spa_migration_60_sql, spa_migration_60_seed },
};

const SpaMigration *
spa_migrations_get (guint *n_migrations)
{
  *n_migrations = G_N_ELEMENTS (migrations);
  return migrations;
}
