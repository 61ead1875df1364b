/* spa-bench-import.c: the client import figure of build-aux/bench
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-bench"

#include "config.h"

#include <math.h>
#include <time.h>
#include <glib/gstdio.h>

#include "spa-bench-import.h"
#include "spa-core.h"
#include "spa-import.h"
#include "spa-store-import.h"
#include "spa-store-private.h"

/*
 * A spa moving in: N clients exported by another system (Jane App's columns, accented
 * names, phones as people write them, US dates, addresses in parts, a note on one
 * client in five, one row in fifty the same client again, one in a hundred with a bad
 * e-mail) imported into a new spa, as `spa-desk --import-clients` does: read and
 * check the file (the preview), then write it. The raw limit is a bare SQLite bulk
 * insert of the same clients into the same table in one transaction with one prepared
 * statement, from values already in memory (no parsing, no validation, no outbox, no
 * duplicates), the search index of the new clients built once at the end as the import
 * builds it (row by row its triggers cost about 250 µs a client, more than all the rest).
 */

static const char * const first_names[] = {
  "Marie", "Zoë", "Søren", "José", "Anne", "Chloé", "Liam", "Noah", "Aiko", "Priya",
  "Björn", "Élodie", "Mateo", "Olivia", "Sven", "Nguyen", "Fatima", "Łukasz", "Grace", "Omar",
};
static const char * const last_names[] = {
  "Tremblay", "Côté", "Nørgaard", "Gagnon", "Roy", "O’Connor", "Smith-Jones", "Wiśniewski",
  "Lefebvre", "Müller", "Nguyen", "Bouchard", "Chen", "Patel", "Martin", "Kowalski",
};
static const char * const cities[] = { "Vancouver", "Burnaby", "Surrey", "Richmond", "Victoria" };

typedef struct
{
  char *first, *last, *email, *phone, *dob, *address, *notes;
} Client;

static void
client_clear (Client *c)
{
  g_free (c->first);
  g_free (c->last);
  g_free (c->email);
  g_free (c->phone);
  g_free (c->dob);
  g_free (c->address);
  g_free (c->notes);
}

static void
csv_field (GString    *out,
           const char *text,
           gboolean    last)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append (out, last ? "\"\r\n" : "\",");
}

/* The export, and the clients it holds (for the bare insert). */
static GString *
make_export (guint   n_rows,
             GArray *clients)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (19);
  GString *csv = g_string_new ("First Name,Last Name,Email,Mobile Phone,Date of Birth,"
                               "Address,City,Province,Postal Code,Notes\r\n");

  for (guint i = 0; i < n_rows; i++)
    {
      guint n = i % 50 == 49 ? i - 1 : i;     /* the same client again */
      Client c = { 0 };
      int year = 1940 + g_rand_int_range (rand, 0, 65);
      int month = g_rand_int_range (rand, 1, 13), day = g_rand_int_range (rand, 1, 29);
      const char *city = cities[g_rand_int_range (rand, 0, G_N_ELEMENTS (cities))];
      g_autofree char *street = g_strdup_printf ("%u Main St", 1 + n % 9000);
      g_autofree char *us_date = g_strdup_printf ("%d/%d/%d", month, day, year);

      c.first = g_strdup (first_names[n % G_N_ELEMENTS (first_names)]);
      c.last = g_strdup (last_names[(n / G_N_ELEMENTS (first_names)) % G_N_ELEMENTS (last_names)]);
      c.email = g_strdup_printf (i % 100 == 7 ? "client%u@example" : "client%u@example.com", n);
      c.phone = g_strdup_printf ("(604) %03u-%04u", 200 + n / 10000 % 800, n % 10000);
      c.dob = g_strdup_printf ("%04d-%02d-%02d", year, month, day);
      c.address = g_strdup_printf ("%s, %s, BC, V5K 0A1", street, city);
      c.notes = g_strdup (n % 5 == 0 ? "Prefers firm pressure.\nNo nut oils." : "");

      csv_field (csv, c.first, FALSE);
      csv_field (csv, c.last, FALSE);
      csv_field (csv, c.email, FALSE);
      csv_field (csv, c.phone, FALSE);
      csv_field (csv, us_date, FALSE);
      csv_field (csv, street, FALSE);
      csv_field (csv, city, FALSE);
      csv_field (csv, "BC", FALSE);
      csv_field (csv, "V5K 0A1", FALSE);
      csv_field (csv, c.notes, TRUE);
      g_array_append_val (clients, c);
    }
  return csv;
}

static SpaStore *
new_store (const char *dir,
           const char *name)
{
  g_autofree char *folder = g_build_filename (dir, name, NULL);
  g_autofree char *path = spa_store_default_path (folder);
  g_autoptr(GError) error = NULL;
  SpaStore *store = spa_store_open (path, &error);

  if (store == NULL)
    g_error ("%s: %s", path, error->message);
  return store;
}

/* The process's CPU time, all threads (the import builds rows and search index rows on a
 * second thread): on a loaded machine the wall time mostly measures the wait for a
 * core. */
static double
cpu_s (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double
bare_insert (SpaStore *store,
             GArray   *clients,
             double   *cpu)
{
  sqlite3 *db = spa_store_get_db (store);
  sqlite3_stmt *stmt = NULL;
  g_autofree char *now = spa_time_now_utc ();
  gint64 start = g_get_monotonic_time ();
  double cpu_start = cpu_s ();
  g_autoptr(GError) error = NULL;

  if (!spa_store_import_defer_search (store, &error))
    g_error ("%s", error->message);
  if (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db,
                          "INSERT INTO client (id, version, created_at, updated_at, deleted,"
                          " first_name, last_name, email, phone, date_of_birth, address, notes)"
                          " VALUES (?, 0, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)",
                          -1, &stmt, NULL) != SQLITE_OK)
    g_error ("bare insert: %s", sqlite3_errmsg (db));

  for (guint i = 0; i < clients->len; i++)
    {
      Client *c = &g_array_index (clients, Client, i);
      g_autofree char *id = spa_uuid_new ();

      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, c->first, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, c->last, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, c->email, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 7, c->phone, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 8, c->dob, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 9, c->address, -1, SQLITE_STATIC);
      if (*c->notes)
        sqlite3_bind_text (stmt, 10, c->notes, -1, SQLITE_STATIC);
      else
        sqlite3_bind_null (stmt, 10);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        g_error ("bare insert: %s", sqlite3_errmsg (db));
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  if (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    g_error ("bare insert: %s", sqlite3_errmsg (db));
  spa_store_import_keep_search (store, TRUE);
  /* The search index of the new clients, in one go, as the import builds it. */
  if (sqlite3_exec (db,
                    "BEGIN;"
                    "INSERT INTO client_fts (rowid, name, email, phone)"
                    "  SELECT rid, spa_search_names (first_name, last_name, preferred_name),"
                    "    email, spa_phone_tokens (phone) FROM client ORDER BY rid;"
                    "INSERT OR IGNORE INTO client_prefix (prefix, sort_key, rid)"
                    "  SELECT p.value, c.sort_key, c.rid FROM client c,"
                    "    json_each (spa_search_prefixes (c.first_name, c.last_name,"
                    "                                    c.preferred_name, c.email)) p"
                    "  ORDER BY 1, 2, 3;"
                    "DELETE FROM sync_state WHERE key = 'load';"
                    "COMMIT",
                    NULL, NULL, NULL) != SQLITE_OK)
    g_error ("bare index: %s", sqlite3_errmsg (db));
  *cpu = cpu_s () - cpu_start;
  return (g_get_monotonic_time () - start) / 1e6;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

int
spa_bench_import_main (int    argc,
                       char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- the client import figure");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) clients = g_array_new (FALSE, TRUE, sizeof (Client));
  g_autoptr(GString) csv = NULL;
  g_autoptr(SpaImport) import = spa_import_new ();
  g_autoptr(SpaStore) store = NULL;
  g_autoptr(SpaStore) bare = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  g_autofree char *json = NULL;
  g_autofree char *json_path = NULL;
  SpaImportCounts counts;
  gint64 t0, t1, t2, t3;
  double c0, c1, c2, c3, bare_cpu;
  double total, bare_seconds, ratio;
  int rows = 100000;
  gboolean met;
  GOptionEntry entries[] = {
    { "rows", 0, 0, G_OPTION_ARG_INT, &rows, "Rows in the exported file (100000)", "N" },
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &json_path, "Write the figure as JSON to FILE", "FILE" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || rows < 50)
    {
      g_printerr ("spa-desk-bench import: %s\n", error ? error->message : "--rows is at least 50");
      return 2;
    }

  g_array_set_clear_func (clients, (GDestroyNotify)client_clear);
  dir = g_dir_make_tmp ("spa-bench-import-XXXXXX", &error);
  g_assert_no_error (error);
  file = g_build_filename (dir, "clients.csv", NULL);
  csv = make_export (rows, clients);
  if (!g_file_set_contents (file, csv->str, csv->len, &error))
    g_error ("%s", error->message);

  store = new_store (dir, "import");
  t0 = g_get_monotonic_time ();
  c0 = cpu_s ();
  if (!spa_import_load_file (import, file, &error))
    g_error ("%s", error->message);
  t1 = g_get_monotonic_time ();
  c1 = cpu_s ();
  if (!spa_import_check (import, store, &error))
    g_error ("%s", error->message);
  t2 = g_get_monotonic_time ();
  c2 = cpu_s ();
  if (!spa_import_run (import, store, NULL, NULL, NULL, &counts, &error))
    g_error ("%s", error->message);
  t3 = g_get_monotonic_time ();
  c3 = cpu_s ();
  total = (t3 - t0) / 1e6;

  bare = new_store (dir, "bare");
  bare_seconds = bare_insert (bare, clients, &bare_cpu);
  ratio = total / MAX (bare_seconds, 1e-6);
  met = total < 10.0;

  g_print ("| figure | value | unit | raw limit | ratio | target | met |\n"
           "|---|---|---|---|---|---|---|\n"
           "| client import, %d CSV rows (read, check, write) | %.2f | s | %.2f | %.1fx "
           "| < 10 s | %s |\n",
           rows, total, bare_seconds, ratio, met ? "yes" : "no");
  g_print ("read %.2f s, check (the preview) %.2f s, write %.2f s: %u added, %u merged, "
           "%u skipped (%u with problems); bare SQLite bulk insert of the same %u clients "
           "%.2f s. CPU time of the process: import %.2f s (read %.2f, check %.2f, write %.2f), "
           "bare %.2f s (ratio %.1fx)\n",
           (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, counts.added, counts.merged,
           counts.skipped_problems + counts.skipped_duplicates, counts.skipped_problems,
           clients->len, bare_seconds, c3 - c0, c1 - c0, c2 - c1, c3 - c2, bare_cpu,
           (c3 - c0) / MAX (bare_cpu, 1e-6));

  json = g_strdup_printf ("{\"rows\": %d, \"added\": %u, \"merged\": %u, \"skipped\": %u, "
                          "\"figures\": [{\"name\": \"client import, CSV rows\", \"unit\": \"s\", "
                          "\"target\": \"< 10 s\", \"value\": %.3f, \"read\": %.3f, "
                          "\"check\": %.3f, \"write\": %.3f, \"limit\": %.3f, "
                          "\"ratio_to_limit\": %.2f, \"cpu\": %.3f, \"limit_cpu\": %.3f, "
                          "\"met\": %s}]}\n",
                          rows, counts.added, counts.merged,
                          counts.skipped_problems + counts.skipped_duplicates, total,
                          (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, bare_seconds, ratio,
                          c3 - c0, bare_cpu, met ? "true" : "false");
  if (json_path != NULL && !g_file_set_contents (json_path, json, -1, &error))
    g_error ("%s", error->message);

  g_clear_object (&store);
  g_clear_object (&bare);
  remove_tree (dir);
  return 0;
}
