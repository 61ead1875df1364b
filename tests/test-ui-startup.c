/* test-ui-startup.c: the app says what is wrong when its database cannot be opened
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/mount.h>
#include <glib/gstdio.h>

#include "spa-application.h"
#include "spa-test-ui-util.h"
#include "spa-test-util.h"
#include "spa-widget-util.h"
#include "spa-window.h"

/* Folders on small file systems of their own, mounted by main() (NULL when the system
 * allows no mount namespace). */
static char *full_dir;
static char *read_only_dir;

typedef struct
{
  /* What to do */
  const char *answer;        /* the dialog button to activate */
  const char *screenshot;    /* file name under SPA_TEST_SCREENSHOT_DIR */
  SpaStore   *holder;        /* released before answering */
  /* What happened */
  char       *heading;
  char       *body;
  guint       n_dialogs;
  gboolean    saw_window;
  guint       ticks;
} Run;

static gboolean
drive_cb (gpointer data)
{
  Run *run = data;
  AdwMessageDialog *dialog = spa_test_find_message_dialog ();
  GListModel *toplevels = gtk_window_get_toplevels ();

  /* Bounded: a dialog that never comes or never goes ends the run. */
  if (++run->ticks > 400 * spa_test_slowdown ())
    {
      g_application_quit (g_application_get_default ());
      return G_SOURCE_CONTINUE;
    }

  if (dialog != NULL && run->heading == NULL && gtk_widget_get_width (GTK_WIDGET (dialog)) > 0)
    {
      const char *dir = g_getenv ("SPA_TEST_SCREENSHOT_DIR");
      GtkWidget *button;

      run->n_dialogs++;
      run->heading = g_strdup (adw_message_dialog_get_heading (dialog));
      run->body = g_strdup (adw_message_dialog_get_body (dialog));
      if (dir != NULL && run->screenshot != NULL)
        {
          g_autofree char *path = g_build_filename (dir, run->screenshot, NULL);

          spa_widget_save_png (GTK_WIDGET (dialog), path, NULL);
        }
      g_clear_object (&run->holder);
      button = spa_test_find_message_button (run->answer);
      g_assert_nonnull (button);
      g_assert_true (gtk_widget_activate (button));
      return G_SOURCE_CONTINUE;
    }

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (SPA_IS_WINDOW (window) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        {
          /* The app works: close it as a person would. */
          run->saw_window = TRUE;
          gtk_window_close (GTK_WINDOW (window));
          return G_SOURCE_CONTINUE;
        }
    }

  return G_SOURCE_CONTINUE;
}

/* Runs the app on @dir as `spa-desk --data-dir DIR` does and returns its exit status;
 * drive_cb() plays the person at the desk until the run ends. */
static int
run_app (const char *dir,
         Run        *run)
{
  g_autoptr(SpaApplication) app = spa_application_new ();
  char *argv[] = { "spa-desk", "--data-dir", (char *)dir, NULL };
  guint id = g_timeout_add (25, drive_cb, run);
  int status;

  status = g_application_run (G_APPLICATION (app), 3, argv);
  g_clear_handle_id (&id, g_source_remove);
  if (status == 0)
    status = spa_application_get_exit_status (app);
  return status;
}

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->heading, g_free);
  g_clear_pointer (&run->body, g_free);
  g_clear_object (&run->holder);
}

static void
assert_says (Run        *run,
             const char *heading,
             const char *body_part,
             const char *path)
{
  g_assert_cmpstr (run->heading, ==, heading);
  g_assert_nonnull (run->body);
  if (strstr (run->body, body_part) == NULL || strstr (run->body, path) == NULL)
    g_error ("“%s” and “%s” not in: %s", body_part, path, run->body);
}

static void
test_corrupt_quit (void)
{
  g_autofree char *dir = spa_test_make_dir ();
  g_autofree char *path = spa_store_default_path (dir);
  g_autofree char *garbage = g_strnfill (8192, 'x');
  Run run = { .answer = "_Quit", .screenshot = "startup-damaged.png" };

  g_assert_true (g_file_set_contents (path, garbage, -1, NULL));
  g_assert_cmpint (run_app (dir, &run), !=, 0);
  assert_says (&run, "The Database Is Damaged", "start with an empty database", path);
  g_assert_false (run.saw_window);
  /* Quitting touches nothing. */
  {
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, garbage);
  }

  run_clear (&run);
  spa_test_remove_dir (dir);
}

static void
test_corrupt_start_fresh (void)
{
  g_autofree char *dir = spa_test_make_dir ();
  g_autofree char *path = spa_store_default_path (dir);
  g_autoptr(GDir) listing = NULL;
  const char *name;
  gboolean kept = FALSE;
  Run run = { .answer = "_Start Fresh" };

  g_assert_true (g_file_set_contents (path, "not a database, not at all", -1, NULL));
  g_assert_cmpint (run_app (dir, &run), ==, 0);
  g_assert_cmpuint (run.n_dialogs, ==, 1);
  g_assert_true (run.saw_window);

  /* The damaged file is kept beside the new database. */
  listing = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_prefix (name, SPA_STORE_FILE_NAME ".damaged-"))
      kept = TRUE;
  g_assert_true (kept);

  run_clear (&run);
  spa_test_remove_dir (dir);
}

static void
test_already_open (void)
{
  g_autofree char *dir = spa_test_make_dir ();
  g_autofree char *path = spa_store_default_path (dir);
  g_autoptr(GError) error = NULL;
  Run run = { .answer = "_Try Again", .screenshot = "startup-already-open.png" };

  /* Another Spa Desk has it: the app says so, and once that one is closed (the holder
   * is released before the answer), Try Again opens the window. */
  run.holder = spa_store_open_exclusive (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (run_app (dir, &run), ==, 0);
  assert_says (&run, "Spa Desk Is Already Open", "Close the other copy", path);
  g_assert_true (run.saw_window);

  run_clear (&run);
  spa_test_remove_dir (dir);
}

static void
test_already_open_quit (void)
{
  g_autofree char *dir = spa_test_make_dir ();
  g_autofree char *path = spa_store_default_path (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaStore) other = spa_store_open_exclusive (path, &error);
  Run run = { .answer = "_Quit" };

  g_assert_no_error (error);
  g_assert_cmpint (run_app (dir, &run), !=, 0);
  g_assert_cmpstr (run.heading, ==, "Spa Desk Is Already Open");
  g_assert_false (run.saw_window);

  run_clear (&run);
  spa_test_remove_dir (dir);
}

/* Quits at the dialog of a database on one of main()'s small file systems. */
static void
assert_mount_refused (const char *dir,
                      const char *heading,
                      const char *body_part,
                      const char *screenshot)
{
  g_autofree char *path = NULL;
  Run run = { .answer = "_Quit", .screenshot = screenshot };

  if (dir == NULL)
    {
      g_test_skip ("no mount namespace here");
      return;
    }
  path = spa_store_default_path (dir);
  g_assert_cmpint (run_app (dir, &run), !=, 0);
  assert_says (&run, heading, body_part, path);
  g_assert_false (run.saw_window);
  run_clear (&run);
}

static void
test_read_only (void)
{
  assert_mount_refused (read_only_dir, "The Database Cannot Be Changed", "read-only",
                        "startup-read-only.png");
}

static void
test_disk_full (void)
{
  assert_mount_refused (full_dir, "The Disk Is Full", "Free some space", "startup-disk-full.png");
}

/* A small disk of its own: the schema does not fit on it. */
static char *
mount_dir (const char *parent,
           const char *name,
           const char *options)
{
  g_autofree char *dir = g_build_filename (parent, name, NULL);

  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  if (!spa_test_mount_tmpfs (dir, options))
    return NULL;
  return g_steal_pointer (&dir);
}

int
main (int argc, char *argv[])
{
  g_autofree char *mounts = spa_test_make_dir ();
  int status;

  /* Before GTK starts any thread: a mount namespace needs a single-threaded process. */
  full_dir = mount_dir (mounts, "full", "size=16k");
  read_only_dir = mount_dir (mounts, "read-only", "ro");

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui/startup/corrupt-quit", test_corrupt_quit);
  g_test_add_func ("/ui/startup/corrupt-start-fresh", test_corrupt_start_fresh);
  g_test_add_func ("/ui/startup/already-open", test_already_open);
  g_test_add_func ("/ui/startup/already-open-quit", test_already_open_quit);
  g_test_add_func ("/ui/startup/read-only", test_read_only);
  g_test_add_func ("/ui/startup/disk-full", test_disk_full);

  status = g_test_run ();

  if (full_dir != NULL)
    umount (full_dir);
  if (read_only_dir != NULL)
    umount (read_only_dir);
  spa_test_remove_dir (mounts);
  g_free (full_dir);
  g_free (read_only_dir);
  return status;
}
