/* test-store-open.c: what opening a database says when it cannot be opened
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/mount.h>
#include <glib/gstdio.h>

#include "spa-store-private.h"
#include "spa-test-util.h"

/* A database with a client in it, closed again. */
static char *
make_database (const char *dir)
{
  g_autoptr(GError) error = NULL;
  char *path = spa_store_default_path (dir);
  g_autoptr(SpaStore) store = spa_store_open (path, &error);
  g_autoptr(SpaRecord) client = NULL;

  g_assert_no_error (error);
  client = spa_test_add_client (store, "Zoé", "Tremblay", NULL, NULL);
  return path;
}

static void
assert_names_path (const GError *error,
                   const char   *path)
{
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, path));
}

static void
test_corrupt (void)
{
  g_autofree char *dir = spa_test_make_dir ();
  g_autofree char *path = spa_store_default_path (dir);
  g_autofree char *garbage = g_strnfill (8192, 'x');
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaStore) store = NULL;

  g_assert_true (g_file_set_contents (path, garbage, -1, NULL));
  store = spa_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_CORRUPT);
  assert_names_path (error, path);

  spa_test_remove_dir (dir);
}

/* A database whose pages were overwritten in the middle (a disk fault, a bad copy). */
static void
test_damaged_pages (void)
{
  g_autofree char *dir = spa_test_make_dir ();
  g_autofree char *path = make_database (dir);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaStore) store = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 8192);
  /* Keep the header (page 1's first 100 bytes), ruin the rest of the schema page. */
  memset (contents + 100, 0xa5, 4000);
  g_assert_true (g_file_set_contents (path, contents, length, NULL));

  store = spa_store_open_exclusive (path, &error);
  g_assert_null (store);
  g_assert_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_CORRUPT);

  spa_test_remove_dir (dir);
}

static void
test_in_use (void)
{
  g_autofree char *dir = spa_test_make_dir ();
  g_autofree char *path = make_database (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaStore) first = spa_store_open_exclusive (path, &error);
  g_autoptr(SpaStore) second = NULL;
  g_autoptr(SpaStore) worker = NULL;

  g_assert_no_error (error);

  second = spa_store_open_exclusive (path, &error);
  g_assert_null (second);
  g_assert_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_IN_USE);
  assert_names_path (error, path);
  g_clear_error (&error);

  /* The same process's other connections (the sync worker's) are welcome. */
  worker = spa_store_open (path, &error);
  g_assert_no_error (error);
  g_clear_object (&worker);

  /* Once the first one is closed, the database is free again. */
  g_clear_object (&first);
  second = spa_store_open_exclusive (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (second);
  g_clear_object (&second);

  spa_test_remove_dir (dir);
}

/* Another program (a backup tool, an sqlite3 shell) holds the write lock. */
static void
test_locked_by_another_program (void)
{
  g_autofree char *dir = spa_test_make_dir ();
  g_autofree char *path = make_database (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaStore) store = NULL;
  sqlite3 *other = NULL;

  g_assert_cmpint (sqlite3_open (path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);

  store = spa_store_open_exclusive (path, &error);
  g_assert_null (store);
  g_assert_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_BUSY);
  assert_names_path (error, path);
  g_clear_error (&error);

  g_assert_cmpint (sqlite3_exec (other, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (other);
  store = spa_store_open_exclusive (path, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  spa_test_remove_dir (dir);
}

/* In a child process: the mount namespace must not outlive the test. */
static void
in_subprocess (void (*body) (void))
{
  if (g_test_subprocess ())
    {
      body ();
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_read_only_subprocess (void)
{
  g_autofree char *dir = spa_test_make_dir ();
  g_autofree char *folder = g_build_filename (dir, "spa", NULL);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaStore) store = NULL;

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  /* Room for the whole schema and a client, with its journal. */
  if (!spa_test_mount_tmpfs (folder, "size=8m"))
    {
      g_test_skip ("no mount namespace here");
      return;
    }

  /* A database in a folder that became read-only. */
  path = make_database (folder);
  g_assert_cmpint (mount (NULL, folder, NULL, MS_REMOUNT | MS_RDONLY, NULL), ==, 0);
  store = spa_store_open_exclusive (path, &error);
  g_assert_null (store);
  g_assert_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_READ_ONLY);
  assert_names_path (error, path);
  g_clear_error (&error);

  /* A read-only folder that holds no database yet. */
  {
    g_autofree char *other = g_build_filename (folder, "new", SPA_STORE_FILE_NAME, NULL);

    store = spa_store_open_exclusive (other, &error);
    g_assert_null (store);
    g_assert_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_READ_ONLY);
  }
}

static void
test_read_only (void)
{
  in_subprocess (test_read_only_subprocess);
}

static void
test_disk_full_subprocess (void)
{
  g_autofree char *dir = spa_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, SPA_STORE_FILE_NAME, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaStore) store = NULL;

  if (!spa_test_mount_tmpfs (dir, "size=16k"))
    {
      g_test_skip ("no mount namespace here");
      return;
    }

  /* The schema alone does not fit: SQLite says "disk I/O error" or "database or disk
   * is full" depending on which file ran out; both are a full disk. */
  store = spa_store_open_exclusive (path, &error);
  g_assert_null (store);
  g_assert_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_DISK_FULL);
  assert_names_path (error, path);
  g_assert_null (strstr (error->message, "I/O"));
}

static void
test_disk_full (void)
{
  in_subprocess (test_disk_full_subprocess);
}

/* A save that meets a full disk says so too. */
static void
test_save_on_full_disk_subprocess (void)
{
  g_autofree char *dir = spa_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, SPA_STORE_FILE_NAME, NULL);
  g_autofree char *filler_path = g_build_filename (dir, "filler", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaStore) store = NULL;
  g_autofree char *notes = g_strnfill (19000, 'n');   /* under the field's limit */
  gboolean full = FALSE;

  if (!spa_test_mount_tmpfs (dir, "size=2m"))
    {
      g_test_skip ("no mount namespace here");
      return;
    }

  store = spa_store_open_exclusive (path, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 1000 && !full; i++)
    {
      g_autoptr(SpaRecord) client = spa_record_new ("client");

      spa_record_set_string (client, "first_name", "Filler");
      spa_record_set_string (client, "last_name", "Client");
      spa_record_set_string (client, "notes", notes);
      if (!spa_store_save (store, client, &error))
        {
          g_assert_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_DISK_FULL);
          g_assert_nonnull (strstr (error->message, "disk is full"));
          full = TRUE;
        }
    }
  g_assert_true (full);
}

static void
test_save_on_full_disk (void)
{
  in_subprocess (test_save_on_full_disk_subprocess);
}

static void
test_move_aside_and_restore (void)
{
  g_autofree char *dir = spa_test_make_dir ();
  g_autofree char *backup_dir = g_build_filename (dir, "backup", NULL);
  g_autofree char *backup = make_database (backup_dir);
  g_autofree char *path = spa_store_default_path (dir);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *aside = NULL;
  g_autofree char *aside_wal = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaStore) store = NULL;
  GStatBuf st;

  g_assert_true (g_file_set_contents (path, "not a database", -1, NULL));
  g_assert_true (g_file_set_contents (wal, "its log", -1, NULL));

  aside = spa_store_move_aside (path, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (aside, path));
  g_assert_nonnull (strstr (aside, ".damaged-"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  aside_wal = g_strconcat (aside, "-wal", NULL);
  g_assert_true (g_file_test (aside, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (aside_wal, G_FILE_TEST_EXISTS));

  /* Nothing left to move: an error, not a crash. */
  g_assert_null (spa_store_move_aside (path, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);

  g_assert_true (spa_store_replace_with (path, backup, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  store = spa_store_open_exclusive (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (spa_store_count (store, "client"), ==, 1);
  g_clear_object (&store);

  /* A backup that is not there leaves the database as it was. */
  g_assert_false (spa_store_replace_with (path, "/nonexistent/backup.db", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  store = spa_store_open_exclusive (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (spa_store_count (store, "client"), ==, 1);
  g_clear_object (&store);

  spa_test_remove_dir (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store-open/corrupt", test_corrupt);
  g_test_add_func ("/store-open/damaged-pages", test_damaged_pages);
  g_test_add_func ("/store-open/in-use", test_in_use);
  g_test_add_func ("/store-open/locked-by-another-program", test_locked_by_another_program);
  g_test_add_func ("/store-open/read-only", test_read_only);
  g_test_add_func ("/store-open/disk-full", test_disk_full);
  g_test_add_func ("/store-open/save-on-full-disk", test_save_on_full_disk);
  g_test_add_func ("/store-open/move-aside-and-restore", test_move_aside_and_restore);

  return g_test_run ();
}
