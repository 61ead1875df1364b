/* test-ui-data.c: importing clients and verifying the signed notes at the desk, through
 * real input
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <sys/prctl.h>
#include <string.h>
#include <sys/wait.h>
#include <glib/gstdio.h>

#include "spa-application.h"
#include "spa-clinical.h"
#include "spa-data-actions.h"
#include "spa-context.h"
#include "spa-import-dialog.h"
#include "spa-import.h"
#include "spa-lock-screen-private.h"
#include "spa-lock-screen.h"
#include "spa-test-input.h"
#include "spa-test-ui-util.h"
#include "spa-test-util.h"
#include "spa-widget-util.h"
#include "spa-window.h"

/*
 * A manager opens Import Clients from the primary menu with the mouse, types the CSV
 * file's path into the file chooser, reads the preview (each row's problems, the
 * clients already in the spa), chooses to skip one of those, imports, and undoes the
 * import; another import is stopped half-way. The database says what was done. Then
 * Export Everything into an archive that tar reads, one client's file from their
 * page, and Verify Records, before and
 * after a signed note is altered with the sqlite3 program. A therapist, signed in with
 * their PIN, is refused all of it: nothing imported, no file written.
 * Runs under Xvfb with a window manager (openbox), as a person's desktop has one.
 */

typedef struct
{
  SpaTestDesk desk;
  SpaRecord  *anne;
  SpaRecord  *bob;
  char       *csv;
} Fixture;

/* The fixture's data: a desk with sign-in, where a therapist (or the front desk)
 * signs in. */
#define AS_THERAPIST  GINT_TO_POINTER (1)
#define AS_FRONT_DESK GINT_TO_POINTER (2)

static SpaApplication *app;

static const char clients_csv[] =
  "First Name,Last Name,Email,Mobile Phone,Birthdate,City,Notes\n"
  "Carla,Mendes,carla@example.com,604 555 0111,1985-04-12,Victoria,Prefers firm pressure\n"
  "Dev,Shah,dev@example.com,604 555 0112,1979-11-30,Vancouver,\n"
  "Anne,Roy,anne@example.com,,,,Allergic to nuts\n"
  "Bob,Lee,bob@new.example.com,+1 (604) 555-0101,,,\n"
  "Eve,Bad,not an e-mail,,,,\n"
  "Finn,Late,finn@example.com,,1980-02-30,,\n"
  ",Nameless,nameless@example.com,,,,\n";

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  spa_test_desk_open (&f->desk);
  f->anne = spa_test_add_client (f->desk.store, "Anne", "Roy", "anne@example.com", NULL);
  f->bob = spa_test_add_client (f->desk.store, "Bob", "Lee", NULL, "604-555-0101");
  g_settings_set_boolean (f->desk.settings, "sign-in", data != NULL);
  if (data == AS_FRONT_DESK)
    {
      g_autoptr(SpaAccount) ana = NULL;
      g_autoptr(GError) error = NULL;

      ana = spa_account_create (f->desk.store, "Ana Reyes", SPA_ROLE_FRONT_DESK, NULL, "1111",
                                &error);
      g_assert_no_error (error);
    }
  if (data == AS_THERAPIST)
    {
      g_autoptr(SpaRecord) therapist = spa_test_add_named (f->desk.store, "therapist",
                                                           "Claire Dubois", NULL);
      g_autoptr(SpaAccount) claire = NULL;
      g_autoptr(GError) error = NULL;

      claire = spa_account_create (f->desk.store, "Claire Dubois", SPA_ROLE_THERAPIST,
                                   spa_record_get_id (therapist), "1111", &error);
      g_assert_no_error (error);
    }
  g_settings_set_string (f->desk.settings, "server-url", "");
  f->csv = g_build_filename (f->desk.dir, "old-system-clients.csv", NULL);
  spa_test_desk_show (&f->desk, GTK_APPLICATION (app), 1280, 800);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_unlink (f->csv);
  spa_test_desk_tear_down (&f->desk);
  g_clear_object (&f->anne);
  g_clear_object (&f->bob);
  g_free (f->csv);
}

static gboolean
has_toplevel (gpointer type)
{
  GtkWindow *window = spa_test_find_toplevel (GPOINTER_TO_SIZE (type));

  return window != NULL && gtk_widget_get_mapped (GTK_WIDGET (window));
}

static GtkWindow *
wait_for_toplevel (GType type)
{
  g_assert_true (spa_test_iterate_until (has_toplevel, GSIZE_TO_POINTER (type), 10000));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (spa_test_find_toplevel (type)));
  return spa_test_find_toplevel (type);
}

typedef struct
{
  SpaImportDialog *dialog;
  const char      *page;
} PageWait;

static gboolean
on_page (gpointer data)
{
  PageWait *wait = data;

  return !spa_import_dialog_is_busy (wait->dialog) &&
         g_strcmp0 (spa_import_dialog_get_page (wait->dialog), wait->page) == 0;
}

static void
wait_for_page (SpaImportDialog *dialog,
               const char      *page)
{
  PageWait wait = { dialog, page };

  g_assert_true (spa_test_iterate_until (on_page, &wait, 60000));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
}

static gboolean
is_idle (gpointer dialog)
{
  return !spa_import_dialog_is_busy (dialog);
}

/* The primary menu, then its item @label, with the mouse. */
static gboolean
widget_unmapped (gpointer widget)
{
  return !gtk_widget_get_mapped (widget);
}

/* The primary menu opened with a click, then its item: under load the menu opens late,
 * so the item is clicked once it is on screen, and the menu waited for to close, so that
 * the next step starts from the window. */
static void
click_menu_item (Fixture    *f,
                 const char *label)
{
  GtkWidget *item = spa_test_open_main_menu (GTK_WIDGET (f->desk.window), label);

  g_assert_nonnull (item);
  spa_test_click (item, -1, -1);
  g_assert_true (spa_test_iterate_until (widget_unmapped,
                                         gtk_widget_get_ancestor (item, GTK_TYPE_POPOVER),
                                         10000));
}

static SpaImportDialog *
open_import_dialog (Fixture *f)
{
  click_menu_item (f, "Import Clients…");
  return SPA_IMPORT_DIALOG (wait_for_toplevel (SPA_TYPE_IMPORT_DIALOG));
}

/* Choose a CSV File…, then the path typed into the chooser's location field. */
static void
choose_file (SpaImportDialog *dialog,
             const char      *path)
{
  GtkWidget *choose = spa_test_find_action_widget (GTK_WIDGET (dialog), "import.choose");
  GtkWindow *chooser;

  g_assert_nonnull (choose);
  spa_test_click (choose, -1, -1);
  chooser = wait_for_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  spa_test_send_keys (GTK_WIDGET (chooser), "ctrl+l");
  spa_test_type (GTK_WIDGET (chooser), path);
  spa_test_send_keys (GTK_WIDGET (chooser), "Return");
  wait_for_page (dialog, "preview");
}

/* The label on the screen that reads @text, if any. */
static GtkWidget *
shown_text (SpaImportDialog *dialog,
            const char      *text)
{
  return spa_test_find_labelled (GTK_WIDGET (dialog), GTK_TYPE_LABEL, text);
}

static void
click_action (SpaImportDialog *dialog,
              const char      *action)
{
  GtkWidget *button = spa_test_find_action_widget (GTK_WIDGET (dialog), action);

  g_assert_nonnull (button);
  spa_test_click (button, -1, -1);
}

static gboolean
no_dialog (gpointer data)
{
  return spa_test_find_toplevel (SPA_TYPE_IMPORT_DIALOG) == NULL;
}

static SpaRecord *
client (Fixture    *f,
        const char *id)
{
  SpaRecord *record = spa_store_get (f->desk.store, "client", id, NULL);

  g_assert_nonnull (record);
  return record;
}

static void
test_import_and_undo (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaImport) expected = spa_import_new ();
  SpaImportDialog *dialog;
  GtkWidget *row, *skip;

  g_assert_true (g_file_set_contents (f->csv, clients_csv, -1, &error));
  g_assert_no_error (error);

  dialog = open_import_dialog (f);
  choose_file (dialog, f->csv);

  /* Each row with problems shows them as the core words them (the oracle: the same
   * file read and checked by the core against the same spa). */
  g_assert_true (spa_import_load_file (expected, f->csv, &error));
  g_assert_true (spa_import_check (expected, f->desk.store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (spa_import_count_problems (expected), ==, 3);
  for (guint i = 0; i < spa_import_get_n_rows (expected); i++)
    {
      g_autofree char *problems = spa_import_describe_row_problems (expected, i);

      if (problems != NULL)
        g_assert_nonnull (shown_text (dialog, problems));
    }
  g_assert_nonnull (shown_text (dialog, "Already in the spa as Anne Roy (Same e-mail address)"));
  g_assert_nonnull (shown_text (dialog, "Already in the spa as Bob Lee (Same phone number)"));
  g_assert_nonnull (shown_text (
      dialog, "2 new clients · 2 merged into clients already in the spa · "
      "3 rows with problems, not imported"));
  spa_test_save_screenshot (GTK_WIDGET (dialog), "import-preview.png");

  /* Bob's row: Skip, from its list, with the mouse. */
  row = spa_test_find_labelled (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, "Line 5: Bob Lee");
  g_assert_nonnull (row);
  spa_test_click (row, -1, -1);
  skip = spa_test_find_labelled (row, GTK_TYPE_LABEL, "Skip");
  g_assert_nonnull (skip);
  spa_test_click (skip, -1, -1);
  g_assert_true (spa_test_iterate_until (is_idle, dialog, 30000));
  wait_for_page (dialog, "preview");
  g_assert_nonnull (shown_text (
      dialog, "2 new clients · 1 merged into a client already in the spa · "
      "1 already in the spa, skipped · 3 rows with problems, not imported"));

  click_action (dialog, "import.run");
  wait_for_page (dialog, "done");

  /* Two new clients, Anne merged (her note added), Bob left as he was. */
  g_assert_cmpint (spa_store_count (f->desk.store, "client"), ==, 4);
  {
    g_autoptr(SpaRecord) anne = client (f, spa_record_get_id (f->anne));
    g_autoptr(SpaRecord) bob = client (f, spa_record_get_id (f->bob));
    g_autoptr(GPtrArray) found = spa_store_search_clients (f->desk.store, "Carla", 10, &error);

    g_assert_cmpstr (spa_record_get_string (anne, "notes"), ==, "Allergic to nuts");
    g_assert_null (spa_record_get_string (bob, "email"));
    g_assert_no_error (error);
    g_assert_cmpuint (found->len, ==, 1);
    g_assert_cmpstr (spa_record_get_string (found->pdata[0], "email"), ==, "carla@example.com");
    g_assert_cmpstr (spa_record_get_string (found->pdata[0], "date_of_birth"), ==, "1985-04-12");
  }
  g_assert_true (spa_import_can_undo (f->desk.store, NULL, NULL));

  /* Undo, from the dialog: the spa as it was. */
  click_action (dialog, "import.undo");
  wait_for_page (dialog, "done");
  g_assert_cmpint (spa_store_count (f->desk.store, "client"), ==, 2);
  {
    g_autoptr(SpaRecord) anne = client (f, spa_record_get_id (f->anne));
    const char *notes = spa_record_get_string (anne, "notes");

    g_assert_true (notes == NULL || notes[0] == '\0');
  }
  g_assert_false (spa_import_can_undo (f->desk.store, NULL, NULL));

  /* Done closes the dialog. */
  click_action (dialog, "window.close");
  g_assert_true (spa_test_iterate_until (no_dialog, NULL, 5000));
}

/* A long import stopped with its Stop button: nothing of it stays. */
static void
test_stop (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) csv = g_string_new ("First Name,Last Name,Email\n");
  g_autoptr(GError) error = NULL;
  SpaImportDialog *dialog;

  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (csv, "Client%05u,Test,c%05u@example.com\n", i, i);
  g_assert_true (g_file_set_contents (f->csv, csv->str, csv->len, &error));
  g_assert_no_error (error);

  dialog = open_import_dialog (f);
  choose_file (dialog, f->csv);
  click_action (dialog, "import.run");
  g_assert_cmpstr (spa_import_dialog_get_page (dialog), ==, "running");
  click_action (dialog, "import.stop");
  wait_for_page (dialog, "done");

  g_assert_cmpint (spa_store_count (f->desk.store, "client"), ==, 2);
  g_assert_false (spa_import_can_undo (f->desk.store, NULL, NULL));
  g_assert_nonnull (shown_text (dialog, "Import Stopped"));
}

static gboolean
has_no_message_dialog (gpointer data)
{
  return spa_test_find_message_dialog () == NULL;
}

static gboolean
has_message_dialog (gpointer data)
{
  AdwMessageDialog *dialog = spa_test_find_message_dialog ();

  return dialog != NULL && gtk_widget_get_mapped (GTK_WIDGET (dialog));
}

/* Verify Records from the menu; returns the report's heading and body, and closes it
 * with its Close button. */
static void
verify_records (Fixture  *f,
                char    **heading,
                char    **body)
{
  AdwMessageDialog *dialog;
  GtkWidget *close;

  click_menu_item (f, "Verify Records");
  g_assert_true (spa_test_iterate_until (has_message_dialog, NULL, 30000));
  dialog = spa_test_find_message_dialog ();
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  *heading = g_strdup (adw_message_dialog_get_heading (dialog));
  *body = g_strdup (adw_message_dialog_get_body (dialog));
  close = spa_test_find_message_button ("_Close");
  g_assert_nonnull (close);
  spa_test_click (close, -1, -1);
  g_assert_true (spa_test_iterate_until (has_no_message_dialog, NULL, 5000));
}

static void
test_verify_records (Fixture *f, gconstpointer data)
{
  g_autoptr(SpaRecord) note = spa_record_new ("session_note");
  g_autoptr(SpaRecord) amendment = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) breaks = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *expected = NULL;
  const char *argv[] = { "sqlite3", spa_store_get_path (f->desk.store), NULL, NULL };
  int status;

  spa_record_set_string (note, "client_id", spa_record_get_id (f->anne));
  spa_record_set_string (note, "session_date", "2026-11-20");
  spa_record_set_string (note, "subjective", "Lower back stiff after gardening");
  g_assert_true (spa_clinical_sign_note (f->desk.store, note, "Claire Dubois", &error));
  amendment = spa_clinical_add_amendment (f->desk.store, spa_record_get_id (note),
                                          "Claire Dubois", "Pain after was 3/10.", &error);
  g_assert_no_error (error);

  verify_records (f, &heading, &body);
  g_assert_cmpstr (heading, ==, "All Signed Notes Are Intact");
  g_assert_true (g_str_has_prefix (body, "2 signed notes and amendments were checked"));
  g_clear_pointer (&heading, g_free);
  g_clear_pointer (&body, g_free);

  /* The note's text changed behind Spa Desk's back, with the sqlite3 program. */
  sql = g_strdup_printf ("UPDATE session_note SET subjective = 'Nothing to report'"
                         " WHERE id = '%s';", spa_record_get_id (note));
  argv[2] = sql;
  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  /* The report names the note, as the core's verification finds it. */
  breaks = spa_note_chain_verify (f->desk.store, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (breaks->len, ==, 1);
  expected = spa_data_actions_describe_break (f->desk.store, breaks->pdata[0]);
  g_assert_true (g_str_has_prefix (expected, "Session note of Anne Roy, "));
  verify_records (f, &heading, &body);
  g_assert_cmpstr (heading, ==, "1 Problem in the Signed Notes");
  g_assert_cmpstr (body, ==, expected);
}

static gboolean
exported (gpointer data)
{
  Fixture *f = data;
  g_autofree char *archive = g_build_filename (f->desk.dir, "moving-out.tar.gz", NULL);

  return g_file_test (archive, G_FILE_TEST_EXISTS) &&
         g_object_get_data (G_OBJECT (f->desk.window), "spa-exporting") == NULL;
}

/* Export Everything from the menu, the archive's path typed into the file chooser:
 * tar reads the archive, and its client.csv holds the spa's clients. */
static void
test_export (Fixture *f, gconstpointer data)
{
  g_autofree char *archive = g_build_filename (f->desk.dir, "moving-out.tar.gz", NULL);
  const char *list_argv[] = { "tar", "-tzf", archive, NULL };
  const char *cat_argv[] = { "tar", "-xzOf", archive, "moving-out/client.csv", NULL };
  g_autofree char *list = NULL;
  g_autofree char *clients = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *chooser;
  int status;

  click_menu_item (f, "Export Everything…");
  chooser = wait_for_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  /* The name field has the focus, with the suggested name in it. */
  spa_test_send_keys (GTK_WIDGET (chooser), "ctrl+a BackSpace");
  spa_test_type (GTK_WIDGET (chooser), archive);
  spa_test_send_keys (GTK_WIDGET (chooser), "Return");
  g_assert_true (spa_test_iterate_until (exported, f, 60000));
  /* In the audit trail, with the archive (docs/audit.md). */
  g_assert_cmpint (spa_test_count_rows (f->desk.store, "SELECT count(*) FROM audit_event"
                                        " WHERE action = 'exported' AND detail = ?", archive),
                   ==, 1);

  g_assert_true (g_spawn_sync (NULL, (char **)list_argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &list, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  for (const char *const *name = (const char *const[]){ "client.csv", "booking.csv",
                                                          "records.json", "bookings.ics",
                                                          "note-chain.csv", "README.txt",
                                                          "receipts/", NULL };
       *name; name++)
    {
      g_autofree char *line = g_strdup_printf ("moving-out/%s\n", *name);

      g_assert_nonnull (strstr (list, line));
    }
  g_assert_true (g_spawn_sync (NULL, (char **)cat_argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &clients, NULL, &status, &error));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (clients, "\"anne@example.com\""));
  g_unlink (archive);
}

static gboolean
shown_in_window (gpointer text)
{
  GtkWindow *window = spa_test_find_toplevel (SPA_TYPE_WINDOW);

  return window != NULL && spa_test_find_labelled (GTK_WIDGET (window), GTK_TYPE_LABEL, text);
}

static gboolean
is_clients_view (gpointer window)
{
  return g_strcmp0 (spa_window_get_view (window), "clients") == 0;
}

static gboolean
has_save_button (gpointer window)
{
  return spa_test_find_action_widget (window, "client.export-file") != NULL;
}

static gboolean
file_exists (gpointer path)
{
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static gboolean
has_no_file_chooser (gpointer data)
{
  return spa_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG) == NULL;
}

/* Alt+3, the Clients view (the keyboard, which a window the window manager is still
 * placing gets as surely as a settled one); Anne's page with the mouse. */
static void
open_anne (Fixture *f)
{
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->desk.window));
  spa_test_send_keys (GTK_WIDGET (f->desk.window), "alt+3");
  g_assert_true (spa_test_iterate_until (is_clients_view, f->desk.window, 10000));
  g_assert_true (spa_test_iterate_until (shown_in_window, (gpointer)"Anne Roy", 10000));
  spa_test_click (spa_test_find_labelled (GTK_WIDGET (f->desk.window), GTK_TYPE_LABEL,
                                          "Anne Roy"), -1, -1);
  g_assert_true (spa_test_iterate_until (has_save_button, f->desk.window, 10000));
}

/* Anne's page, then its Save button. */
static void
click_save_anne_file (Fixture *f)
{
  open_anne (f);
  spa_test_click (spa_test_find_action_widget (GTK_WIDGET (f->desk.window),
                                               "client.export-file"), -1, -1);
}

/* The client's page, from the Clients view, with the mouse; then its Save button, and
 * the file's path typed into the chooser. */
static void
test_client_file (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->desk.dir, "anne.json", NULL);
  g_autofree char *pdf = g_build_filename (f->desk.dir, "anne.pdf", NULL);
  const char *pdftotext_argv[] = { "pdftotext", pdf, "-", NULL };
  g_autofree char *text = NULL;
  GStatBuf info;
  int status;
  GtkWidget *save;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GtkWindow *chooser;
  JsonObject *client;

  click_save_anne_file (f);

  chooser = wait_for_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  spa_test_send_keys (GTK_WIDGET (chooser), "ctrl+a BackSpace");
  spa_test_type (GTK_WIDGET (chooser), path);
  spa_test_send_keys (GTK_WIDGET (chooser), "Return");
  g_assert_true (spa_test_iterate_until (file_exists, path, 10000));
  spa_test_wait_for_count (f->desk.store, "SELECT count(*) FROM audit_event"
                           " WHERE action = 'client-file-exported' AND client_id = ?",
                           spa_record_get_id (f->anne), 1);

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  client = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                          "client");
  g_assert_cmpstr (json_object_get_string_member (client, "id"), ==, spa_record_get_id (f->anne));
  g_assert_cmpstr (json_object_get_string_member (client, "email"), ==, "anne@example.com");
  g_unlink (path);

  /* Again, as a PDF for the client to read: a name ending in .pdf. */
  g_assert_true (spa_test_iterate_until (has_no_file_chooser, NULL, 10000));
  save = spa_test_find_action_widget (GTK_WIDGET (f->desk.window), "client.export-file");
  spa_test_click (save, -1, -1);
  chooser = wait_for_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  spa_test_send_keys (GTK_WIDGET (chooser), "ctrl+a BackSpace");
  spa_test_type (GTK_WIDGET (chooser), pdf);
  spa_test_send_keys (GTK_WIDGET (chooser), "Return");
  g_assert_true (spa_test_iterate_until (file_exists, pdf, 10000));
  g_assert_true (spa_test_iterate_until (has_no_file_chooser, NULL, 10000));
  spa_test_wait_for_count (f->desk.store, "SELECT count(*) FROM audit_event"
                           " WHERE action = 'client-file-exported' AND client_id = ?",
                           spa_record_get_id (f->anne), 2);
  g_assert_true (g_spawn_sync (NULL, (char **)pdftotext_argv, NULL, G_SPAWN_SEARCH_PATH, NULL,
                               NULL, &text, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (text, "Client file: Anne Roy"));
  g_assert_nonnull (strstr (text, "anne@example.com"));
  g_assert_cmpint (g_stat (pdf, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);
  g_unlink (pdf);
}

static SpaLockScreen *
lock_screen (Fixture *f)
{
  GtkWidget *stack = adw_application_window_get_content (ADW_APPLICATION_WINDOW (f->desk.window));

  return SPA_LOCK_SCREEN (gtk_stack_get_child_by_name (GTK_STACK (stack), "lock"));
}

static gboolean
account_chosen (gpointer f)
{
  return spa_lock_screen_get_chosen (lock_screen (f)) != NULL;
}

static gboolean
unlocked (gpointer window)
{
  return !spa_window_is_locked (window);
}

static gboolean
pin_typed (gpointer f)
{
  return strlen (gtk_editable_get_text (spa_lock_screen_get_pin_field (lock_screen (f)))) == 4;
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

/* Whether @text is shown in the main window (a toast). */
static gboolean
window_says (Fixture    *f,
             const char *text)
{
  return spa_test_iterate_until (shown_in_window, (gpointer)text, 5000);
}

static gboolean
not_shown_in_window (gpointer text)
{
  return !shown_in_window (text);
}

/* Waits for the toast saying @text to time out (6 s). */
static void
wait_until_unsaid (Fixture    *f,
                   const char *text)
{
  g_assert_true (spa_test_iterate_until (not_shown_in_window, (gpointer)text, 15000));
}

/* Gives a window that the action would open the time to open. */
static void
settle (void)
{
  spa_test_iterate_until (never, NULL, 1500);
}

/* What a manager does when the file chooser asks where to save: @path typed into its
 * name field, then Enter; then the time a file takes to be written. */
static void
save_as_if_asked (const char *path)
{
  GtkWindow *chooser = spa_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);

  if (chooser != NULL)
    {
      spa_test_send_keys (GTK_WIDGET (chooser), "ctrl+a BackSpace");
      spa_test_type (GTK_WIDGET (chooser), path);
      spa_test_send_keys (GTK_WIDGET (chooser), "Return");
    }
  spa_test_iterate_until (file_exists, (gpointer)path, 3000);
}

#define REFUSED "Only a manager can import, export or verify the spa’s records."

/* The desk opens locked: 1 picks the one account, then its PIN and Enter. */
static void
sign_in (Fixture *f)
{
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->desk.window));
  g_assert_true (spa_window_is_locked (f->desk.window));
  spa_test_send_keys (GTK_WIDGET (f->desk.window), "1");
  g_assert_true (spa_test_iterate_until (account_chosen, f, 5000));
  spa_test_send_keys (GTK_WIDGET (f->desk.window), "1 1 1 1");
  g_assert_true (spa_test_iterate_until (pin_typed, f, 5000));
  spa_test_send_keys (GTK_WIDGET (f->desk.window), "Return");
  g_assert_true (spa_test_iterate_until (unlocked, f->desk.window, 5000));
}

/* A therapist signs in with their PIN, then tries each of the manager's data actions
 * from the primary menu, and a client's file from the client's page, as a manager
 * would: each is refused with a toast, and neither the database nor the disk changes. */
static void
test_not_a_manager (Fixture *f, gconstpointer data)
{
  g_autofree char *archive = g_build_filename (f->desk.dir, "moving-out.tar.gz", NULL);
  g_autofree char *client_file = g_build_filename (f->desk.dir, "anne.json", NULL);
  g_autoptr(GError) error = NULL;
  gint64 clients = spa_store_count (f->desk.store, "client");

  g_assert_true (g_file_set_contents (f->csv, clients_csv, -1, &error));
  g_assert_no_error (error);

  sign_in (f);
  g_assert_cmpint (spa_context_get_role (f->desk.context), ==, SPA_ROLE_THERAPIST);

  /* Each refusal is checked as soon as it is made, and only once the toast of the one
   * before has gone: a toast lasts 6 s, less than the wait for a window that should not
   * open under the sanitizers (settle () is 7.5 s there). */

  /* Import Clients…: no dialog to choose a file in. */
  click_menu_item (f, "Import Clients…");
  g_assert_true (window_says (f, REFUSED));
  settle ();
  g_assert_null (spa_test_find_toplevel (SPA_TYPE_IMPORT_DIALOG));

  /* Export Everything…: no file chooser, no archive. */
  wait_until_unsaid (f, REFUSED);
  click_menu_item (f, "Export Everything…");
  g_assert_true (window_says (f, REFUSED));
  settle ();
  save_as_if_asked (archive);
  g_assert_false (g_file_test (archive, G_FILE_TEST_EXISTS));
  g_assert_null (spa_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG));

  /* Verify Records: no report. */
  wait_until_unsaid (f, REFUSED);
  click_menu_item (f, "Verify Records");
  g_assert_true (window_says (f, REFUSED));
  settle ();
  g_assert_null (spa_test_find_message_dialog ());

  /* One client's file, from Anne's page: no chooser, no file. */
  wait_until_unsaid (f, REFUSED);
  click_save_anne_file (f);
  g_assert_true (window_says (f, REFUSED));
  settle ();
  save_as_if_asked (client_file);
  g_assert_false (g_file_test (client_file, G_FILE_TEST_EXISTS));
  g_assert_null (spa_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG));

  /* The database as it was, the folder without an export. */
  g_assert_cmpint (spa_store_count (f->desk.store, "client"), ==, clients);
  g_assert_false (spa_import_can_undo (f->desk.store, NULL, NULL));
  g_assert_false (g_file_test (archive, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (client_file, G_FILE_TEST_EXISTS));
}

/* The system print dialog (GtkPrintUnixDialog, known by name: its header is not in
 * GTK's own). */
static GtkWindow *
find_print_dialog (void)
{
  GType type = g_type_from_name ("GtkPrintUnixDialog");

  return type != 0 ? spa_test_find_toplevel (type) : NULL;
}

static gboolean
has_print_dialog (gpointer data)
{
  GtkWindow *dialog = find_print_dialog ();

  return dialog != NULL && gtk_widget_get_mapped (GTK_WIDGET (dialog));
}

static gboolean
has_no_print_dialog (gpointer data)
{
  return find_print_dialog () == NULL;
}

static gboolean
has_action_widget (gpointer action)
{
  GtkWindow *window = spa_test_find_toplevel (SPA_TYPE_WINDOW);
  GtkWidget *widget = spa_test_find_action_widget (GTK_WIDGET (window), action);

  return widget != NULL && gtk_widget_get_mapped (widget);
}

/* @kind of @id printed into a PDF (the print operation exported), as pdftotext reads
 * it, with runs of spaces and line ends as one space. */
static char *
printed_text (Fixture    *f,
              const char *kind,
              const char *id,
              const char *path)
{
  const char *argv[] = { "pdftotext", "-layout", path, "-", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) words = NULL;
  int status;

  g_assert_true (spa_data_actions_export_chart (GTK_WIDGET (f->desk.window), kind, id, path,
                                                &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &text,
                               NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_test_message ("%s", text);
  words = g_strsplit_set (text, " \n\f", -1);
  g_free (text);
  text = g_strjoinv (" ", words);
  for (char *p = text; (p = strstr (p, "  ")) != NULL;)
    memmove (p, p + 1, strlen (p));
  return g_steal_pointer (&text);
}

/* Print on the Intake page opens the system's print dialog (closed with Escape); the
 * intake, the note and the progress printed into PDF files read as they should. */
static void
test_print (Fixture *f, gconstpointer data)
{
  g_autoptr(SpaRecord) intake = spa_record_new ("intake");
  g_autoptr(SpaRecord) note = spa_record_new ("session_note");
  g_autoptr(SpaRecord) amendment = NULL;
  g_autoptr(JsonNode) pain = json_from_string (
      "[{\"region\": \"lower_back\", \"intensity\": 7, \"quality\": \"aching\"}]", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = g_build_filename (f->desk.dir, "printed.pdf", NULL);
  g_autofree char *text = NULL;
  GtkWidget *print;

  spa_record_set_string (intake, "client_id", spa_record_get_id (f->anne));
  spa_record_set_string (intake, "completed_at", "2026-11-02T18:00:00Z");
  spa_record_set_string (intake, "reason", "Lower back pain after moving house");
  spa_record_set_string (intake, "consent_name", "Anne Roy");
  spa_record_set_string (intake, "consent_at", "2026-11-02T18:00:00Z");
  spa_record_set_json (intake, "pain_areas", pain);
  g_assert_true (spa_store_save (f->desk.store, intake, &error));
  spa_record_set_string (note, "client_id", spa_record_get_id (f->anne));
  spa_record_set_string (note, "session_date", "2026-11-20");
  spa_record_set_string (note, "subjective", "Lower back stiff after gardening.");
  spa_record_set_int (note, "pain_before", 7);
  spa_record_set_int (note, "pain_after", 3);
  g_assert_true (spa_clinical_sign_note (f->desk.store, note, "Claire Dubois", &error));
  amendment = spa_clinical_add_amendment (f->desk.store, spa_record_get_id (note),
                                          "Claire Dubois", "Pain after was 4/10.", &error);
  g_assert_no_error (error);

  /* Clients (Alt+3), Anne, her Intake page, Print: all with real input. */
  open_anne (f);
  spa_test_show_view (GTK_WIDGET (f->desk.window), "Intake");
  g_assert_true (spa_test_iterate_until (has_action_widget, (gpointer)"intake.print", 10000));
  print = spa_test_find_action_widget (GTK_WIDGET (f->desk.window), "intake.print");
  spa_test_click (print, -1, -1);
  g_assert_true (spa_test_iterate_until (has_print_dialog, NULL, 20000));
  spa_test_send_keys (GTK_WIDGET (find_print_dialog ()), "Escape");
  g_assert_true (spa_test_iterate_until (has_no_print_dialog, NULL, 10000));
  /* A print cancelled is not in the audit trail; one written is (docs/audit.md). */
  g_assert_cmpint (spa_test_count_rows (f->desk.store, "SELECT count(*) FROM audit_event"
                                        " WHERE action = 'printed'", NULL),
                   ==, 0);

  /* The intake form with its body map: the figures' labels, the pain's number. */
  text = printed_text (f, "intake", spa_record_get_id (intake), pdf);
  g_assert_cmpint (spa_test_count_rows (f->desk.store, "SELECT count(*) FROM audit_event"
                                        " WHERE action = 'printed' AND client_id = ?",
                                        spa_record_get_id (f->anne)),
                   ==, 1);
  g_assert_nonnull (strstr (text, "Intake form: Anne Roy"));
  g_assert_nonnull (strstr (text, "Lower back pain after moving house"));
  g_assert_nonnull (strstr (text, "Lower back (lumbar): Pain 7 of 10, Aching"));
  g_assert_nonnull (strstr (text, "Front"));
  g_assert_nonnull (strstr (text, "Back"));
  g_assert_nonnull (strstr (text, "Page 1 of 1"));
  /* SPA_PRINTED_INTAKE=FILE keeps a copy (docs/screenshots/printed-intake.png). */
  if (g_getenv ("SPA_PRINTED_INTAKE") != NULL)
    {
      g_autoptr(GFile) from = g_file_new_for_path (pdf);
      g_autoptr(GFile) to = g_file_new_for_path (g_getenv ("SPA_PRINTED_INTAKE"));

      g_assert_true (g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, NULL));
    }
  g_clear_pointer (&text, g_free);

  /* The signed note with its amendment under it. */
  text = printed_text (f, "note", spa_record_get_id (note), pdf);
  g_assert_nonnull (strstr (text, "Session note: Anne Roy"));
  g_assert_nonnull (strstr (text, "Lower back stiff after gardening."));
  g_assert_nonnull (strstr (text, "Signed by Claire Dubois"));
  g_assert_nonnull (strstr (text, "Amendment by Claire Dubois"));
  g_assert_nonnull (strstr (text, "Pain after was 4/10."));
  g_clear_pointer (&text, g_free);

  /* The progress: each session's pain before and after. */
  text = printed_text (f, "progress", spa_record_get_id (f->anne), pdf);
  g_assert_nonnull (strstr (text, "Progress: Anne Roy"));
  g_assert_nonnull (strstr (text, "Pain before 7, after 3"));
  g_unlink (pdf);
}

/* The front desk reads an intake without its health answers and no note: it has no
 * printer button for them, and nothing clinical is printed into a file for it. */
static void
test_front_desk_print (Fixture *f, gconstpointer data)
{
  g_autoptr(SpaRecord) intake = spa_record_new ("intake");
  g_autoptr(SpaRecord) note = spa_record_new ("session_note");
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = g_build_filename (f->desk.dir, "printed.pdf", NULL);

  spa_record_set_string (intake, "client_id", spa_record_get_id (f->anne));
  spa_record_set_string (intake, "reason", "Lower back pain after moving house");
  spa_record_set_string (intake, "medications", "Warfarin");
  g_assert_true (spa_store_save (f->desk.store, intake, &error));
  spa_record_set_string (note, "client_id", spa_record_get_id (f->anne));
  spa_record_set_string (note, "session_date", "2026-11-20");
  spa_record_set_string (note, "subjective", "Lower back stiff after gardening.");
  g_assert_true (spa_clinical_sign_note (f->desk.store, note, "Claire Dubois", &error));
  g_assert_no_error (error);

  sign_in (f);
  g_assert_cmpint (spa_context_get_role (f->desk.context), ==, SPA_ROLE_FRONT_DESK);
  open_anne (f);
  /* Neither the Intake page nor Progress is offered, so no printer button. */
  settle ();
  g_assert_null (spa_test_find_labelled (GTK_WIDGET (f->desk.window), GTK_TYPE_TOGGLE_BUTTON,
                                         "Intake"));
  g_assert_false (has_action_widget ((gpointer)"intake.print"));
  g_assert_false (has_action_widget ((gpointer)"progress.print"));

  /* Nor does a print into a file give what the page keeps from them. */
  for (const char *const *kind = (const char *const[]){ "intake", "note", "progress", NULL };
       *kind; kind++)
    {
      const char *id = g_str_equal (*kind, "intake") ? spa_record_get_id (intake)
                       : g_str_equal (*kind, "note") ? spa_record_get_id (note)
                                                     : spa_record_get_id (f->anne);

      g_assert_false (spa_data_actions_export_chart (GTK_WIDGET (f->desk.window), *kind, id, pdf,
                                                     &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
      g_clear_error (&error);
      g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
    }
}

/* The window manager goes with the test, also when a test fails. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* openbox for the whole run, started here when no window manager runs yet. */
static GPid
start_window_manager (void)
{
  g_autofree char *dir = spa_test_make_dir ();
  g_autofree char *ready = g_build_filename (dir, "ready", NULL);
  g_autofree char *startup = g_strdup_printf ("touch %s", ready);
  const char *argv[] = { "openbox", "--sm-disable", "--startup", startup, NULL };
  g_autofree char *openbox = g_find_program_in_path ("openbox");
  g_autoptr(GError) error = NULL;
  GPid pid = 0;

  g_assert_nonnull (openbox);
  g_spawn_async (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD |
                   G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                 die_with_parent, NULL, &pid, &error);
  g_assert_no_error (error);
  /* Until it manages the screen, or has left because another window manager does. */
  for (int i = 0; i < 100 && !g_file_test (ready, G_FILE_TEST_EXISTS); i++)
    {
      if (waitpid (pid, NULL, WNOHANG) == pid)
        {
          pid = 0;
          break;
        }
      g_usleep (100000);
    }
  spa_test_remove_dir (dir);
  return pid;
}

int
main (int   argc,
      char *argv[])
{
  GPid wm;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  wm = start_window_manager ();
  app = spa_test_application_new ();

#define ADD(path, func) \
  g_test_add ("/ui-data/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("import-and-undo", test_import_and_undo);
  ADD ("stop", test_stop);
  ADD ("export", test_export);
  ADD ("client-file", test_client_file);
  ADD ("verify-records", test_verify_records);
  ADD ("print", test_print);
  g_test_add ("/ui-data/front-desk-print", Fixture, AS_FRONT_DESK, fixture_set_up,
              test_front_desk_print, fixture_tear_down);
  g_test_add ("/ui-data/not-a-manager", Fixture, AS_THERAPIST, fixture_set_up,
              test_not_a_manager, fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  if (wm != 0)
    {
      kill (wm, SIGTERM);
      waitpid (wm, NULL, 0);
    }
  return status;
}
