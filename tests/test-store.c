/* test-store.c: opening, migrations, outbox and transactions
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/stat.h>
#include <glib/gstdio.h>

#include "spa-migrations.h"
#include "spa-store-private.h"
#include "spa-test-util.h"

static const char *tables[] = {
  "client", "therapist", "service", "room", "booking", "intake", "session_note",
  "note_amendment", "sync_outbox",
};

static gboolean
table_has_column (SpaStore   *store,
                  const char *table,
                  const char *column)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM pragma_table_info('%s') WHERE name = ?", table);

  return spa_test_count_rows (store, sql, column) == 1;
}

static void
test_open_new (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(SpaStore) store = spa_test_open_store (&dir);
  g_autofree char *mode = NULL;
  GStatBuf st;
  guint n_entities;
  const SpaEntityInfo **entities = spa_entity_list (&n_entities);

  g_assert_cmpuint (spa_store_get_schema_version (store), ==, spa_store_latest_version ());
  g_assert_cmpint (g_stat (spa_store_get_path (store), &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_assert_cmpint (spa_test_count_rows (store, "PRAGMA foreign_keys", NULL), ==, 1);
  g_assert_cmpint (spa_test_count_rows (store, "PRAGMA synchronous", NULL), ==, 2);
  {
    sqlite3_stmt *stmt;
    sqlite3_prepare_v2 (spa_store_get_db (store), "PRAGMA journal_mode", -1, &stmt, NULL);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    mode = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
    sqlite3_finalize (stmt);
  }
  g_assert_cmpstr (mode, ==, "wal");

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?");
      g_assert_cmpint (spa_test_count_rows (store, sql, tables[i]), ==, 1);
    }

  /* Every field of every entity is a column, with the common ones. */
  for (guint i = 0; i < n_entities; i++)
    {
      for (guint f = 0; f < entities[i]->n_fields; f++)
        g_assert_true (table_has_column (store, entities[i]->name, entities[i]->fields[f].name));
      g_assert_true (table_has_column (store, entities[i]->name, "id"));
      g_assert_true (table_has_column (store, entities[i]->name, "version"));
      g_assert_true (table_has_column (store, entities[i]->name, "created_at"));
      g_assert_true (table_has_column (store, entities[i]->name, "updated_at"));
      g_assert_true (table_has_column (store, entities[i]->name, "deleted"));
    }

  g_clear_object (&store);
  spa_test_remove_dir (dir);
}

static void
test_default_services_once (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(SpaStore) store = spa_test_open_store (&dir);
  g_autofree char *path = g_strdup (spa_store_get_path (store));
  g_autoptr(GPtrArray) services = NULL;
  gboolean hot_stone = FALSE;

  services = spa_store_list (store, "service", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (services->len, ==, 8);
  for (guint i = 0; i < services->len; i++)
    {
      const char *name = spa_record_get_string (services->pdata[i], "name");
      if (strstr (name, "Hot stone") && spa_record_get_int (services->pdata[i], "duration_min", 0) == 90)
        hot_stone = TRUE;
      /* Prices start unset: the manager sets them. */
      g_assert_false (spa_record_has_value (services->pdata[i], "price_cents"));
    }
  g_assert_true (hot_stone);
  /* Seeded, not changed on this desk: nothing to push. */
  g_assert_cmpint (spa_store_outbox_pending (store), ==, 0);

  g_clear_object (&store);
  store = spa_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (spa_store_count (store, "service"), ==, 8);

  g_clear_object (&store);
  spa_test_remove_dir (dir);
}

/* Open at every earlier schema version (0 is an empty file), put data in, then upgrade.
 * Versions may have gaps, so walk the list of migrations rather than count. */
static void
test_migrate_from_every_version (void)
{
  guint n;
  const SpaMigration *migrations = spa_migrations_get (&n);

  for (guint i = 0; i < n; i++)
    {
      guint from = i == 0 ? 0 : migrations[i - 1].version;
      g_autoptr(GError) error = NULL;
      g_autofree char *dir = spa_test_make_dir ();
      g_autofree char *path = spa_store_default_path (dir);
      g_autoptr(SpaStore) old = spa_store_open_at_version (path, from, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (spa_store_get_schema_version (old), ==, from);
      if (from >= 1)
        {
          g_autoptr(SpaRecord) c = spa_test_add_client (old, "Zoë", "Tremblay", NULL, NULL);
        }
      g_clear_object (&old);

      {
        g_autoptr(SpaStore) store = spa_store_open (path, &error);
        g_assert_no_error (error);
        g_assert_cmpuint (spa_store_get_schema_version (store), ==, migrations[n - 1].version);
        if (from >= 1)
          g_assert_cmpint (spa_store_count (store, "client"), ==, 1);
        g_assert_cmpint (spa_store_count (store, "service"), ==, 8);
      }
      spa_test_remove_dir (dir);
    }
}

/* Migrations are numbered by the work that adds them and may land out of order: one
 * with a lower number than the database's schema still runs when it is missing. */
static void
test_migration_landed_late (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(SpaStore) store = spa_test_open_store (&dir);
  g_autofree char *path = g_strdup (spa_store_get_path (store));

  /* As if migration 26 had landed after this database reached the latest schema. */
  g_assert_true (spa_store_exec (store,
                                 "DROP TABLE online_settings;"
                                 "DELETE FROM schema_migration WHERE version = 26;",
                                 NULL));
  g_clear_object (&store);

  store = spa_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (spa_store_get_schema_version (store), ==, spa_store_latest_version ());
  g_assert_cmpint (spa_store_count (store, "online_settings"), ==, 1);

  /* A database from before the list of applied migrations had all up to its schema. */
  g_assert_true (spa_store_exec (store, "DROP TABLE schema_migration", NULL));
  g_clear_object (&store);
  store = spa_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (spa_store_count (store, "online_settings"), ==, 1);
  g_clear_object (&store);
  spa_test_remove_dir (dir);
}

static void
test_refuse_newer (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(SpaStore) store = spa_test_open_store (&dir);
  g_autofree char *path = g_strdup (spa_store_get_path (store));
  g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %u", spa_store_latest_version () + 1);

  g_assert_true (spa_store_exec (store, sql, NULL));
  g_clear_object (&store);

  store = spa_store_open (path, &error);
  g_assert_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_TOO_NEW);
  g_assert_null (store);
  spa_test_remove_dir (dir);
}

static void
test_outbox_per_change (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(SpaStore) store = spa_test_open_store (&dir);
  g_autoptr(SpaRecord) client = spa_test_add_client (store, "Mei", "Chen", NULL, NULL);
  const char *id = spa_record_get_id (client);
  g_autoptr(JsonNode) fields = NULL;
  sqlite3_stmt *stmt;

  g_assert_cmpint (spa_test_count_rows (store, "SELECT count(*) FROM sync_outbox WHERE record_id = ? AND op = 'upsert'", id), ==, 1);

  spa_record_set_string (client, "phone", "604 555 0106");
  g_assert_true (spa_store_save (store, client, &error));
  g_assert_no_error (error);
  g_assert_cmpint (spa_test_count_rows (store, "SELECT count(*) FROM sync_outbox WHERE record_id = ?", id), ==, 2);

  /* The second mutation carries only the changed field. */
  sqlite3_prepare_v2 (spa_store_get_db (store),
                      "SELECT fields FROM sync_outbox WHERE record_id = ? ORDER BY mutation_id DESC LIMIT 1",
                      -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  fields = json_from_string ((const char *)sqlite3_column_text (stmt, 0), &error);
  sqlite3_finalize (stmt);
  g_assert_no_error (error);
  g_assert_true (json_object_has_member (json_node_get_object (fields), "phone"));
  g_assert_false (json_object_has_member (json_node_get_object (fields), "first_name"));

  /* Saving with nothing changed writes nothing. */
  g_assert_true (spa_store_save (store, client, &error));
  g_assert_cmpint (spa_test_count_rows (store, "SELECT count(*) FROM sync_outbox WHERE record_id = ?", id), ==, 2);

  /* A delete is a tombstone with its own mutation; mutation ids count up. */
  g_assert_true (spa_store_delete (store, "client", id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (spa_test_count_rows (store, "SELECT count(*) FROM sync_outbox WHERE record_id = ? AND op = 'delete'", id), ==, 1);
  g_assert_cmpint (spa_test_count_rows (store, "SELECT deleted FROM client WHERE id = ?", id), ==, 1);
  g_assert_cmpint (spa_test_count_rows (store, "SELECT max(mutation_id) FROM sync_outbox", NULL), ==, 3);

  g_assert_true (spa_store_restore (store, "client", id, &error));
  g_assert_cmpint (spa_test_count_rows (store, "SELECT deleted FROM client WHERE id = ?", id), ==, 0);
  g_assert_cmpint (spa_store_outbox_pending (store), ==, 4);

  g_clear_object (&store);
  spa_test_remove_dir (dir);
}

/* An error in the middle of a multi-record change leaves nothing behind. */
static void
test_failed_transaction_leaves_no_trace (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(SpaStore) store = spa_test_open_store (&dir);
  g_autoptr(SpaRecord) good = spa_record_new ("client");
  g_autoptr(SpaRecord) bad = spa_record_new ("client");
  gint64 outbox_before = spa_store_outbox_pending (store);

  spa_record_set_string (good, "first_name", "Raj");
  spa_record_set_string (bad, "first_name", "Noah");
  spa_record_set_string (bad, "email", "not-an-email");

  g_assert_true (spa_store_begin (store, &error));
  g_assert_true (spa_store_save (store, good, &error));
  g_assert_false (spa_store_save (store, bad, &error));
  g_assert_error (error, SPA_VALIDATION_ERROR, SPA_VALIDATION_ERROR_INVALID);
  spa_store_rollback (store);

  g_assert_cmpint (spa_store_count (store, "client"), ==, 0);
  g_assert_cmpint (spa_store_outbox_pending (store), ==, outbox_before);
  g_assert_cmpint (spa_test_count_rows (store, "SELECT count(*) FROM client_fts", NULL), ==, 0);

  /* A failing single save leaves no row and no outbox entry either, and the record
   * keeps what the user typed. */
  g_clear_error (&error);
  g_assert_false (spa_store_save (store, bad, &error));
  g_assert_cmpint (spa_store_count (store, "client"), ==, 0);
  g_assert_cmpint (spa_store_outbox_pending (store), ==, outbox_before);
  g_assert_cmpstr (spa_record_get_string (bad, "email"), ==, "not-an-email");
  g_assert_false (spa_store_in_transaction (store));

  g_clear_object (&store);
  spa_test_remove_dir (dir);
}

static void
count_changed_cb (SpaStore   *store,
                  const char *entity,
                  const char *id,
                  guint      *count)
{
  (*count)++;
}

/* Listeners hear of changes once committed, never of rolled-back ones. */
static void
test_changed_after_commit (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(SpaStore) store = spa_test_open_store (&dir);
  g_autoptr(SpaRecord) a = NULL;
  g_autoptr(SpaRecord) b = NULL;
  g_autoptr(SpaRecord) c = NULL;
  guint count = 0;

  g_signal_connect (store, "changed", G_CALLBACK (count_changed_cb), &count);

  g_assert_true (spa_store_begin (store, &error));
  a = spa_test_add_client (store, "Hana", "Kobayashi", NULL, NULL);
  g_assert_cmpuint (count, ==, 0);
  g_assert_true (spa_store_commit (store, &error));
  g_assert_cmpuint (count, ==, 1);

  g_assert_true (spa_store_begin (store, &error));
  b = spa_test_add_client (store, "Kwame", "Mensah", NULL, NULL);
  spa_store_rollback (store);
  g_assert_cmpuint (count, ==, 1);
  g_assert_cmpint (spa_store_count (store, "client"), ==, 1);

  /* Outside a transaction each save is announced on its own. */
  c = spa_test_add_client (store, "Ingrid", "Haugen", NULL, NULL);
  g_assert_cmpuint (count, ==, 2);

  g_clear_object (&store);
  spa_test_remove_dir (dir);
}

/* A bulk transaction keeps every save when all succeed, and nothing at all once one
 * fails: its saves take no savepoint, so the whole batch must go. */
static void
test_bulk_transaction (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(SpaStore) store = spa_test_open_store (&dir);
  g_autoptr(SpaRecord) bad = spa_record_new ("client");
  gint64 outbox_before = spa_store_outbox_pending (store);

  g_assert_true (spa_store_begin_bulk (store, &error));
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *name = g_strdup_printf ("Client %u", i);
      g_autoptr(SpaRecord) client = spa_test_add_client (store, name, "Bulk", NULL, NULL);
    }
  g_assert_true (spa_store_commit (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (spa_store_count (store, "client"), ==, 20);
  g_assert_cmpint (spa_store_outbox_pending (store), ==, outbox_before + 20);
  g_assert_cmpint (spa_test_count_rows (store, "SELECT count(*) FROM client_prefix WHERE prefix = ?", "bulk"), ==, 20);

  g_assert_true (spa_store_begin_bulk (store, &error));
  {
    g_autoptr(SpaRecord) kept = spa_test_add_client (store, "Lost", "Bulk", NULL, NULL);
  }
  spa_record_set_string (bad, "first_name", "Bad");
  spa_record_set_string (bad, "email", "not-an-email");
  g_assert_false (spa_store_save (store, bad, &error));
  g_clear_error (&error);
  g_assert_true (spa_store_in_transaction (store));
  g_assert_false (spa_store_commit (store, &error));
  g_assert_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_FAILED);
  g_assert_false (spa_store_in_transaction (store));
  g_assert_cmpint (spa_store_count (store, "client"), ==, 20);
  g_assert_cmpint (spa_store_outbox_pending (store), ==, outbox_before + 20);

  /* An ordinary transaction afterwards takes its savepoints again. */
  g_clear_error (&error);
  g_assert_true (spa_store_begin (store, &error));
  g_assert_false (spa_store_save (store, bad, &error));
  g_clear_error (&error);
  g_assert_true (spa_store_commit (store, &error));

  g_clear_object (&store);
  spa_test_remove_dir (dir);
}

/* JSON columns and outbox entries are written by the store's own serializer and read
 * by a fast path for lists of plain strings: both must keep every character. */
static void
test_json_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(SpaStore) store = spa_test_open_store (&dir);
  g_autoptr(SpaRecord) client = spa_record_new ("client");
  g_autoptr(SpaRecord) read = NULL;
  const char *conditions[] = { "say \"hi\"", "back\\slash", "sol/idus", "Zoë", NULL };
  const char *refused[] = { "line\nbreak\ttab\x01", NULL };
  const char *plain[] = { "diabetes", "arthritis", NULL };
  g_auto(GStrv) got = NULL;
  g_autoptr(JsonNode) outbox = NULL;

  spa_record_set_string (client, "first_name", "Json");
  spa_record_set_strv (client, "conditions", conditions);
  g_assert_true (spa_store_save (store, client, &error));
  g_assert_no_error (error);

  read = spa_store_get (store, "client", spa_record_get_id (client), &error);
  got = spa_record_get_strv (read, "conditions");
  g_assert_cmpstrv (got, conditions);

  /* A code is one line: control characters are refused before they are stored. */
  {
    g_autoptr(SpaRecord) other = spa_record_new ("client");

    spa_record_set_string (other, "first_name", "Json");
    spa_record_set_strv (other, "conditions", refused);
    g_assert_false (spa_store_save (store, other, &error));
    g_assert_error (error, SPA_VALIDATION_ERROR, SPA_VALIDATION_ERROR_INVALID);
    g_clear_error (&error);
  }

  {
    g_autoptr(SpaStmt) stmt = spa_store_prepare (store, "SELECT fields FROM sync_outbox ORDER BY mutation_id DESC LIMIT 1", &error);

    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    outbox = json_from_string ((const char *)sqlite3_column_text (stmt, 0), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (outbox), "first_name"), ==, "Json");
  }

  /* Objects in lists, numbers and booleans read back as written; escapes and
   * fractions go through json-glib. */
  {
    const char *texts[] = {
      "{\"mon\":[{\"start\":\"09:00\",\"end\":\"12:00\"},{\"start\":\"13:00\",\"end\":\"17:00\"}],\"tue\":[]}",
      "[{\"region\":\"neck\",\"intensity\":7,\"note\":\"a \\\"quote\\\"\",\"x\":-12,\"y\":1.5,\"ok\":true,\"no\":null}]",
      "[\"line\\nbreak\\ttab\\u0001\",\"\"]",
    };

    for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
      {
        g_autoptr(SpaRecord) therapist = spa_record_new ("therapist");
        g_autoptr(SpaRecord) back = NULL;
        g_autoptr(JsonNode) expected = json_from_string (texts[i], &error);

        g_assert_no_error (error);
        spa_record_set_string (therapist, "name", "Json");
        spa_record_set_timestamps (therapist, "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z");
        g_assert_true (spa_record_set_field_node (therapist, i == 0 ? "working_hours" : "service_ids", expected, &error));
        g_assert_no_error (error);
        g_assert_true (spa_store_write_row (store, therapist, FALSE, &error));
        back = spa_store_get (store, "therapist", spa_record_get_id (therapist), &error);
        g_assert_true (json_node_equal (spa_record_get_json (back, i == 0 ? "working_hours" : "service_ids"), expected));
      }
  }

  spa_record_set_strv (read, "conditions", plain);
  g_assert_true (spa_store_save (store, read, &error));
  g_clear_object (&read);
  g_clear_pointer (&got, g_strfreev);
  read = spa_store_get (store, "client", spa_record_get_id (client), &error);
  got = spa_record_get_strv (read, "conditions");
  g_assert_cmpstrv (got, plain);

  g_clear_object (&store);
  spa_test_remove_dir (dir);
}

/* The kept count of pending mutations always equals a real count, through saves,
 * outcomes, deletes and rollbacks. */
static void
test_outbox_count (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(SpaStore) store = spa_test_open_store (&dir);
  const char *real = "SELECT count(*) FROM sync_outbox WHERE status = 'pending'";

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(SpaRecord) c = spa_test_add_client (store, "Léa", "Fontaine", NULL, NULL);
    }
  g_assert_cmpint (spa_store_outbox_pending (store), ==, 5);

  g_assert_true (spa_store_exec (store, "UPDATE sync_outbox SET status = 'applied' WHERE mutation_id <= 2", NULL));
  g_assert_cmpint (spa_store_outbox_pending (store), ==, spa_test_count_rows (store, real, NULL));
  g_assert_cmpint (spa_store_outbox_pending (store), ==, 3);

  g_assert_true (spa_store_exec (store, "UPDATE sync_outbox SET status = 'pending' WHERE mutation_id = 1", NULL));
  g_assert_true (spa_store_exec (store, "DELETE FROM sync_outbox WHERE mutation_id IN (2, 3)", NULL));
  g_assert_cmpint (spa_store_outbox_pending (store), ==, spa_test_count_rows (store, real, NULL));

  g_assert_true (spa_store_begin (store, &error));
  {
    g_autoptr(SpaRecord) c = spa_test_add_client (store, "Samuel", "Cohen", NULL, NULL);
  }
  spa_store_rollback (store);
  g_assert_cmpint (spa_store_outbox_pending (store), ==, spa_test_count_rows (store, real, NULL));
  g_assert_cmpint (spa_store_outbox_pending (store), ==, 3);

  g_clear_object (&store);
  spa_test_remove_dir (dir);
}

static guint
found (SpaStore   *store,
       const char *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) clients = spa_store_search_clients (store, query, 50, &error);

  g_assert_no_error (error);
  return clients->len;
}

/* A whole-spa load leaves the large tables' indexes and the client search index out
 * and builds them at its end; a load cut short is finished by the next open. */
static void
test_load (void)
{
  const char *indexes = "SELECT count(*) FROM sqlite_master WHERE type = 'index'"
                        " AND tbl_name IN ('booking', 'session_note', 'intake', 'note_amendment')"
                        " AND sql IS NOT NULL";
  const char *fts_rows = "SELECT count(*) FROM client_fts";
  const char *prefix_rows = "SELECT count(*) FROM client_prefix";
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(SpaStore) store = spa_test_open_store (&dir);
  g_autoptr(SpaStore) other = NULL;
  gint64 n_indexes = spa_test_count_rows (store, indexes, NULL);

  path = g_strdup (spa_store_get_path (store));
  g_assert_cmpint (n_indexes, >=, 6);
  g_object_unref (spa_test_add_client (store, "Zoë", "Tremblay", NULL, NULL));
  other = spa_store_open (path, &error);
  g_assert_no_error (error);

  g_assert_true (spa_store_begin_load (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (spa_test_count_rows (store, indexes, NULL), ==, 0);
  g_assert_cmpint (spa_test_count_rows (store, fts_rows, NULL), ==, 0);
  g_object_unref (spa_test_add_client (store, "Zoé", "Gagnon", NULL, NULL));
  g_assert_cmpint (spa_test_count_rows (store, fts_rows, NULL), ==, 0);
  g_assert_cmpint (spa_test_count_rows (store, prefix_rows, NULL), ==, 0);

  /* Another connection (the app's, during a first sync) keeps the search index. */
  g_object_unref (spa_test_add_client (other, "Zola", "Nguyen", NULL, NULL));
  g_assert_cmpint (spa_test_count_rows (other, fts_rows, NULL), ==, 1);
  g_assert_cmpint (spa_test_count_rows (other, prefix_rows, NULL), >, 0);
  g_clear_object (&other);

  g_assert_true (spa_store_end_load (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (spa_test_count_rows (store, indexes, NULL), ==, n_indexes);
  g_assert_cmpuint (found (store, "zoe"), ==, 2);
  g_assert_cmpuint (found (store, "zo"), ==, 3);
  g_assert_cmpuint (found (store, "gagn"), ==, 1);

  /* Cut short: the next open finishes it, the search index included. */
  g_assert_true (spa_store_begin_load (store, &error));
  g_object_unref (spa_test_add_client (store, "Zoltan", "Kovács", NULL, NULL));
  g_clear_object (&store);
  store = spa_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (spa_test_count_rows (store, indexes, NULL), ==, n_indexes);
  g_assert_cmpint (spa_test_count_rows (store, "SELECT count(*) FROM sync_state WHERE key = 'load'", NULL), ==, 0);
  g_assert_cmpuint (found (store, "zo"), ==, 4);
  g_assert_cmpuint (found (store, "kovacs"), ==, 1);

  /* Triggers keep it again afterwards. */
  g_object_unref (spa_test_add_client (store, "Zoey", "Park", NULL, NULL));
  g_assert_cmpuint (found (store, "zo"), ==, 5);

  g_clear_object (&store);
  spa_test_remove_dir (dir);
}

static void
test_demo (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(SpaStore) store = spa_test_open_store (&dir);
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("America/Vancouver");
  g_autoptr(GDateTime) today = g_date_time_new (zone, 2026, 11, 25, 0, 0, 0);

  g_assert_true (spa_demo_fill (store, zone, today, &error));
  g_assert_no_error (error);
  g_assert_cmpint (spa_store_count (store, "client"), >=, 30);
  g_assert_cmpint (spa_store_count (store, "therapist"), ==, 4);
  g_assert_cmpint (spa_store_count (store, "room"), ==, 3);
  g_assert_cmpint (spa_store_count (store, "booking"), >=, 20);

  /* A second time, on a store with data, it refuses and adds nothing. */
  g_assert_false (spa_demo_fill (store, zone, today, &error));
  g_assert_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_NOT_EMPTY);
  g_assert_cmpint (spa_store_count (store, "therapist"), ==, 4);

  g_clear_object (&store);
  spa_test_remove_dir (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/open-new", test_open_new);
  g_test_add_func ("/store/default-services-once", test_default_services_once);
  g_test_add_func ("/store/migrate-from-every-version", test_migrate_from_every_version);
  g_test_add_func ("/store/migration-landed-late", test_migration_landed_late);
  g_test_add_func ("/store/refuse-newer", test_refuse_newer);
  g_test_add_func ("/store/outbox-per-change", test_outbox_per_change);
  g_test_add_func ("/store/failed-transaction", test_failed_transaction_leaves_no_trace);
  g_test_add_func ("/store/changed-after-commit", test_changed_after_commit);
  g_test_add_func ("/store/outbox-count", test_outbox_count);
  g_test_add_func ("/store/demo", test_demo);
  g_test_add_func ("/store/load", test_load);
  g_test_add_func ("/store/bulk-transaction", test_bulk_transaction);
  g_test_add_func ("/store/json-round-trip", test_json_round_trip);

  return g_test_run ();
}
