/* test-ui-waitlist.c: the waitlist reached from the calendar, filled and kept by real input
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "spa-application.h"
#include "spa-store-private.h"
#include "spa-test-input.h"
#include "spa-test-ui-util.h"
#include "spa-test-util.h"
#include "spa-waitlist-dialog.h"
#include "spa-waitlist-window.h"
#include "spa-window.h"

/*
 * From the calendar's Waitlist button (a click), the waitlist is empty; "Add to
 * Waitlist…" opens the dialog. Add with nothing filled in shows the form model's
 * messages next to the client and the service, and saves nothing. Zoë is found by
 * typing and picked with a click, the second service and Claire chosen with the keyboard,
 * Tuesday and Thursday clicked, "9h30" typed as the earliest time: Add shows the time
 * message and still saves nothing. Corrected, Add saves one waiting entry with exactly
 * what was entered (the database is the oracle), and the list shows it. Its "Booked"
 * button marks it booked; its remove button deletes it, and the list is empty again.
 * Entries pulled past their last day show Expired, without "Mark Booked", before the
 * server's change arrives.
 */

typedef struct
{
  SpaTestDesk desk;
  SpaRecord  *zoe;
  SpaRecord  *raj;
  SpaRecord  *claire;
} Fixture;

/* The application's accelerators are registered at its start-up. */
static SpaApplication *app;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  spa_test_desk_open (&f->desk);
  g_settings_set_boolean (f->desk.settings, "sign-in", FALSE);
  g_settings_set_string (f->desk.settings, "server-url", "");
  g_settings_set_string (f->desk.settings, "time-zone", "America/Vancouver");
  f->zoe = spa_test_add_client (f->desk.store, "Zoë", "Tremblay", NULL, NULL);
  f->raj = spa_test_add_client (f->desk.store, "Raj", "Patel", NULL, NULL);
  f->claire = spa_test_add_named (f->desk.store, "therapist", "Claire Dubois", NULL);
  spa_test_desk_show (&f->desk, GTK_APPLICATION (app), 1200, 860);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_settings_reset (f->desk.settings, "time-zone");
  spa_test_desk_tear_down (&f->desk);
  g_clear_object (&f->zoe);
  g_clear_object (&f->raj);
  g_clear_object (&f->claire);
}

static gboolean
waitlist_open (gpointer data)
{
  return spa_test_find_toplevel (SPA_TYPE_WAITLIST_WINDOW) != NULL;
}

static gboolean
dialog_open (gpointer data)
{
  return spa_test_find_toplevel (SPA_TYPE_WAITLIST_DIALOG) != NULL;
}

static gboolean
dialog_closed (gpointer data)
{
  return spa_test_find_toplevel (SPA_TYPE_WAITLIST_DIALOG) == NULL;
}

/* Whether a shown label under @root reads @text. */
static gboolean
shows_label (GtkWidget  *root,
             const char *text)
{
  if (!gtk_widget_get_mapped (root))
    return FALSE;
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    if (shows_label (child, text))
      return TRUE;
  return FALSE;
}

/* Whether @row's last line (the entry's status, under its wish) reads @status. */
static gboolean
shows_status (GtkWidget  *row,
              const char *status)
{
  const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
  const char *last = subtitle ? strrchr (subtitle, '\n') : NULL;

  return shows_label (row, subtitle) && last != NULL && g_strcmp0 (last + 1, status) == 0;
}

typedef struct
{
  GtkWidget  *root;
  GType       type;
  const char *title;
} RowQuery;

static gboolean
row_shown (gpointer data)
{
  RowQuery *query = data;

  return spa_test_find_row (query->root, query->type, query->title) != NULL;
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  return spa_test_count_rows (f->desk.store, sql, NULL);
}

/* An entry waiting, or offered a time on 2 January 2020, as a pull brings it. */
static void
add_pulled (Fixture    *f,
            SpaRecord  *client,
            const char *service_id,
            const char *until,
            const char *status)
{
  g_autoptr(SpaRecord) entry = spa_record_new (SPA_WAITLIST_ENTITY);
  g_autoptr(GError) error = NULL;

  spa_record_set_string (entry, SPA_WAITLIST_CLIENT_ID, spa_record_get_id (client));
  spa_record_set_string (entry, SPA_WAITLIST_SERVICE_ID, service_id);
  spa_record_set_string (entry, SPA_WAITLIST_UNTIL, until);
  spa_record_set_string (entry, SPA_WAITLIST_STATUS, status);
  if (g_str_equal (status, "offered"))
    spa_record_set_string (entry, SPA_WAITLIST_OFFER_STARTS_AT, "2020-01-02T18:00:00Z");
  g_assert_true (spa_store_save (f->desk.store, entry, &error));
  g_assert_no_error (error);
}

static void
test_waitlist (Fixture       *f,
               gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (f->desk.window);
  GtkWidget *waitlist;
  GtkWidget *dialog;
  GtkWidget *add;
  GtkWidget *row;
  GtkWidget *service_row;
  GListModel *services;
  g_autoptr(GtkStringObject) chosen_service = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) later = NULL;
  g_autofree char *until = NULL;
  g_auto(GStrv) days = NULL;
  const char * const tue_thu[] = { "tue", "thu", NULL };
  const char * const expired[] = { "Zoë Tremblay", "Lou Martin" };
  g_autoptr(SpaRecord) lou = NULL;
  const char *service_id;
  SpaRecord *entry;
  RowQuery query;

  /* From the calendar, by the mouse. */
  spa_test_show_view (window, "Calendar");
  spa_test_click (spa_test_find_action_widget (window, "win.waitlist"), -1, -1);
  g_assert_true (spa_test_iterate_until (waitlist_open, NULL, 5000));
  waitlist = GTK_WIDGET (spa_test_find_toplevel (SPA_TYPE_WAITLIST_WINDOW));
  gtk_test_widget_wait_for_draw (waitlist);
  g_assert_true (shows_label (waitlist, "Nobody Is Waiting"));

  spa_test_click (spa_test_find_action_widget (waitlist, "waitlist.add"), -1, -1);
  g_assert_true (spa_test_iterate_until (dialog_open, NULL, 5000));
  dialog = GTK_WIDGET (spa_test_find_toplevel (SPA_TYPE_WAITLIST_DIALOG));
  gtk_test_widget_wait_for_draw (dialog);
  add = spa_test_find_action_widget (dialog, "waitlist-dialog.save");
  g_assert_nonnull (add);

  /* Nothing filled in: the messages by their fields, nothing saved. */
  spa_test_click (add, -1, -1);
  g_assert_true (shows_label (dialog, "Choose the client who is waiting."));
  g_assert_true (shows_label (dialog, "Choose the service the client wants."));
  g_assert_true (dialog_open (NULL));
  g_assert_cmpint (count (f, "SELECT count(*) FROM waitlist_entry"), ==, 0);

  /* Zoë, typed and clicked among the matches. */
  spa_test_replace_text (spa_test_find_row (dialog, ADW_TYPE_ENTRY_ROW,
                                            "Search by name, phone or e-mail"), "Zoë");
  query = (RowQuery) { dialog, ADW_TYPE_ACTION_ROW, "Zoë Tremblay" };
  g_assert_true (spa_test_iterate_until (row_shown, &query, 5000));
  spa_test_click (spa_test_find_row (dialog, ADW_TYPE_ACTION_ROW, "Zoë Tremblay"), -1, -1);
  g_assert_false (shows_label (dialog, "Choose the client who is waiting."));

  /* The second service and Claire, with the keyboard. */
  service_row = spa_test_find_row (dialog, ADW_TYPE_COMBO_ROW, "Service");
  spa_test_pick_in_combo (ADW_COMBO_ROW (service_row), 1);
  services = adw_combo_row_get_model (ADW_COMBO_ROW (service_row));
  chosen_service = g_list_model_get_item (services, 1);
  spa_test_pick_in_combo (ADW_COMBO_ROW (spa_test_find_row (dialog, ADW_TYPE_COMBO_ROW,
                                                            "Therapist")), 1);
  spa_test_click (spa_test_find_labelled (dialog, GTK_TYPE_TOGGLE_BUTTON, "Tue"), -1, -1);
  spa_test_click (spa_test_find_labelled (dialog, GTK_TYPE_TOGGLE_BUTTON, "Thu"), -1, -1);

  /* A time as people write it on paper: the message, still nothing saved. */
  spa_test_replace_text (spa_test_find_row (dialog, ADW_TYPE_ENTRY_ROW, "Earliest start (HH:MM)"),
                         "9h30");
  spa_test_replace_text (spa_test_find_row (dialog, ADW_TYPE_ENTRY_ROW, "Latest end (HH:MM)"),
                         "12:00");
  spa_test_click (add, -1, -1);
  g_assert_true (shows_label (dialog, "A time of day is written HH:MM, such as 09:30."));
  g_assert_false (shows_label (dialog, "Choose the service the client wants."));
  g_assert_cmpint (count (f, "SELECT count(*) FROM waitlist_entry"), ==, 0);

  spa_test_replace_text (spa_test_find_row (dialog, ADW_TYPE_ENTRY_ROW, "Earliest start (HH:MM)"),
                         "09:30");
  g_assert_false (shows_label (dialog, "A time of day is written HH:MM, such as 09:30."));
  now = spa_context_now (f->desk.context);
  later = g_date_time_add_days (now, 20);
  {
    g_autoptr(GDateTime) local = g_date_time_to_timezone (later, spa_context_get_time_zone (
                                                            f->desk.context));

    until = g_date_time_format (local, "%Y-%m-%d");
  }
  spa_test_replace_text (spa_test_find_row (dialog, ADW_TYPE_ENTRY_ROW, "Until (YYYY-MM-DD)"),
                         until);
  spa_test_replace_text (spa_test_find_row (dialog, ADW_TYPE_ENTRY_ROW, "Notes"),
                         "Afternoons at a pinch");
  spa_test_save_screenshot (dialog, "waitlist-add.png");
  spa_test_click (add, -1, -1);
  g_assert_true (spa_test_iterate_until (dialog_closed, NULL, 5000));

  /* Exactly what was entered, waiting. */
  entries = spa_waitlist_list (f->desk.store, NULL);
  g_assert_cmpuint (entries->len, ==, 1);
  entry = entries->pdata[0];
  g_assert_cmpstr (spa_record_get_string (entry, "client_id"), ==, spa_record_get_id (f->zoe));
  {
    g_autoptr(SpaRecord) service = spa_store_get (f->desk.store, "service",
                                                  spa_record_get_string (entry, "service_id"),
                                                  NULL);

    g_assert_nonnull (service);
    g_assert_cmpstr (spa_record_get_string (service, "name"), ==,
                     gtk_string_object_get_string (chosen_service));
  }
  g_assert_cmpstr (spa_record_get_string (entry, "therapist_id"), ==,
                   spa_record_get_id (f->claire));
  days = spa_record_get_strv (entry, "days");
  g_assert_cmpstrv (days, tue_thu);
  g_assert_cmpstr (spa_record_get_string (entry, "earliest"), ==, "09:30");
  g_assert_cmpstr (spa_record_get_string (entry, "latest"), ==, "12:00");
  g_assert_cmpstr (spa_record_get_string (entry, "until"), ==, until);
  g_assert_cmpstr (spa_record_get_string (entry, "status"), ==, "waiting");
  g_assert_cmpstr (spa_record_get_string (entry, "notes"), ==, "Afternoons at a pinch");
  /* Its outbox row, for the other desks and the server. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM sync_outbox WHERE entity = 'waitlist_entry'"),
                   ==, 1);

  /* The list shows it; Booked marks it booked. */
  query = (RowQuery) { waitlist, ADW_TYPE_ACTION_ROW, "Zoë Tremblay" };
  g_assert_true (spa_test_iterate_until (row_shown, &query, 5000));
  row = spa_test_find_row (waitlist, ADW_TYPE_ACTION_ROW, "Zoë Tremblay");
  g_assert_true (shows_status (row, "Waiting"));
  spa_test_save_screenshot (waitlist, "waitlist.png");
  spa_test_click (spa_test_find_labelled (row, GTK_TYPE_BUTTON, "Mark Booked"), -1, -1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM waitlist_entry WHERE status = 'booked'"),
                   ==, 1);

  /* Removed with its button: a tombstone, and the list is empty. */
  gtk_test_widget_wait_for_draw (waitlist);
  row = spa_test_find_row (waitlist, ADW_TYPE_ACTION_ROW, "Zoë Tremblay");
  g_assert_nonnull (row);
  g_assert_true (shows_status (row, "Booked"));
  spa_test_click (spa_test_find_action_widget (row, "waitlist.remove"), -1, -1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM waitlist_entry WHERE deleted = 1"), ==, 1);
  gtk_test_widget_wait_for_draw (waitlist);
  g_assert_true (shows_label (waitlist, "Nobody Is Waiting"));

  /* Offers of a time that began in 2020, as pulled before the server settled them, shown
   * by the core's rule: Raj (last day far ahead) waits again, Zoë (last day then) has
   * expired; so has Lou, waiting without an offer until a day of 2020. Expired entries
   * stay in their place, like booked ones, with nothing left to mark but the remove
   * button. */
  service_id = spa_record_get_string (entries->pdata[0], "service_id");
  lou = spa_test_add_client (f->desk.store, "Lou", "Martin", NULL, NULL);
  add_pulled (f, f->raj, service_id, "2099-12-31", "offered");
  add_pulled (f, f->zoe, service_id, "2020-01-31", "offered");
  add_pulled (f, lou, service_id, "2020-01-31", "waiting");
  query = (RowQuery) { waitlist, ADW_TYPE_ACTION_ROW, "Lou Martin" };
  g_assert_true (spa_test_iterate_until (row_shown, &query, 5000));
  gtk_test_widget_wait_for_draw (waitlist);
  row = spa_test_find_row (waitlist, ADW_TYPE_ACTION_ROW, "Raj Patel");
  g_assert_true (shows_status (row, "Waiting"));
  g_assert_nonnull (spa_test_find_labelled (row, GTK_TYPE_BUTTON, "Mark Booked"));
  for (guint i = 0; i < G_N_ELEMENTS (expired); i++)
    {
      row = spa_test_find_row (waitlist, ADW_TYPE_ACTION_ROW, expired[i]);
      g_assert_true (shows_status (row, "Expired"));
      g_assert_null (spa_test_find_labelled (row, GTK_TYPE_BUTTON, "Mark Booked"));
    }
  spa_test_save_screenshot (waitlist, "waitlist-lapsed.png");

  /* Lou's, removed with its button like any other. */
  row = spa_test_find_row (waitlist, ADW_TYPE_ACTION_ROW, "Lou Martin");
  spa_test_click (spa_test_find_action_widget (row, "waitlist.remove"), -1, -1);
  g_assert_cmpint (spa_test_count_rows (f->desk.store, "SELECT count(*) FROM waitlist_entry"
                                        " WHERE deleted = 1 AND client_id = ?",
                                        spa_record_get_id (lou)), ==, 1);
  gtk_test_widget_wait_for_draw (waitlist);
  g_assert_null (spa_test_find_row (waitlist, ADW_TYPE_ACTION_ROW, "Lou Martin"));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  app = spa_test_application_new ();

  g_test_add ("/ui/waitlist/add-book-remove", Fixture, NULL, fixture_set_up, test_waitlist,
              fixture_tear_down);

  return spa_test_run_application (&app);
}
