/* test-ui-plans.c: a treatment plan booked, cancelled and moved through real input
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "spa-application.h"
#include "spa-booking-dialog.h"
#include "spa-migrations.h"
#include "spa-plan-dialog.h"
#include "spa-store-private.h"
#include "spa-test-input.h"
#include "spa-test-ui-util.h"
#include "spa-test-util.h"
#include "spa-window.h"

/*
 * Zoë has a Swedish massage with Claire tomorrow at 10:00; Raj has Claire at 10:00 two
 * weeks later. From the booking's menu on Zoë's page (clicks), the treatment plan
 * dialog lists six weekly visits: the third clashes, Book Plan waits until a free time
 * is chosen for it (a click in its list), then books the six in one go. The fourth
 * visit is then cancelled "and the following" through the cancel question, and the
 * second moved to 13:00 "and the following" through the booking editor (its time
 * picked with the keyboard). The database is the oracle each time.
 */

#define SWEDISH spa_default_service_id (0)
#define DAY_HOURS "[{\"start\": \"08:00\", \"end\": \"20:00\"}]"
#define EVERY_DAY \
  "{\"mon\": " DAY_HOURS ", \"tue\": " DAY_HOURS ", \"wed\": " DAY_HOURS ", \"thu\": " DAY_HOURS \
  ", \"fri\": " DAY_HOURS ", \"sat\": " DAY_HOURS ", \"sun\": " DAY_HOURS "}"

typedef struct
{
  SpaTestDesk desk;
  SpaRecord  *zoe;
  SpaRecord  *raj;
  SpaRecord  *claire;
  SpaRecord  *cedar;
  SpaRecord  *ocean;
  SpaRecord  *first;
  SpaRecord  *raj_booking;
  GTimeZone  *zone;
} Fixture;

/* The application's accelerators are registered at its start-up. */
static SpaApplication *app;

static SpaRecord *
book (Fixture   *f,
      SpaRecord *client,
      SpaRecord *room,
      GDateTime *starts)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) ends = g_date_time_add_minutes (starts, 60);
  g_autofree char *s = spa_time_format_utc (starts);
  g_autofree char *e = spa_time_format_utc (ends);
  SpaRecord *booking = spa_record_new ("booking");

  spa_record_set_string (booking, "client_id", spa_record_get_id (client));
  spa_record_set_string (booking, "therapist_id", spa_record_get_id (f->claire));
  spa_record_set_string (booking, "service_id", SWEDISH);
  spa_record_set_string (booking, "room_id", spa_record_get_id (room));
  spa_record_set_string (booking, "starts_at", s);
  spa_record_set_string (booking, "ends_at", e);
  spa_record_set_string (booking, "status", "booked");
  g_assert_true (spa_store_save (f->desk.store, booking, &error));
  g_assert_no_error (error);
  return booking;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) tomorrow = NULL;
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(GDateTime) third = NULL;

  spa_test_desk_open (&f->desk);
  g_settings_set_boolean (f->desk.settings, "sign-in", FALSE);
  g_settings_set_string (f->desk.settings, "server-url", "");
  g_settings_set_string (f->desk.settings, "time-zone", "America/Vancouver");
  f->zoe = spa_test_add_client (f->desk.store, "Zoë", "Tremblay", NULL, NULL);
  f->raj = spa_test_add_client (f->desk.store, "Raj", "Patel", NULL, NULL);
  f->claire = spa_test_add_named (f->desk.store, "therapist", "Claire Dubois", EVERY_DAY);
  f->cedar = spa_test_add_named (f->desk.store, "room", "Cedar room", NULL);
  f->ocean = spa_test_add_named (f->desk.store, "room", "Ocean room", NULL);

  f->desk.context = spa_context_new (f->desk.store, f->desk.settings);
  f->zone = g_time_zone_ref (spa_context_get_time_zone (f->desk.context));
  now = spa_context_now (f->desk.context);
  tomorrow = g_date_time_add_days (now, 1);
  first = g_date_time_new (f->zone, g_date_time_get_year (tomorrow),
                           g_date_time_get_month (tomorrow),
                           g_date_time_get_day_of_month (tomorrow), 10, 0, 0);
  /* Ten o'clock two weeks on, whatever the offset then. */
  {
    g_autoptr(GDateTime) day = g_date_time_add_days (first, 14);

    third = g_date_time_new (f->zone, g_date_time_get_year (day), g_date_time_get_month (day),
                             g_date_time_get_day_of_month (day), 10, 0, 0);
  }
  f->first = book (f, f->zoe, f->cedar, first);
  f->raj_booking = book (f, f->raj, f->ocean, third);

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
  g_clear_object (&f->cedar);
  g_clear_object (&f->ocean);
  g_clear_object (&f->first);
  g_clear_object (&f->raj_booking);
  g_clear_pointer (&f->zone, g_time_zone_unref);
}

static GtkWindow *
find_window (GType type)
{
  return spa_test_find_toplevel (type);
}

static gboolean
plan_dialog_open (gpointer data)
{
  return find_window (SPA_TYPE_PLAN_DIALOG) != NULL;
}

static gboolean
plan_dialog_closed (gpointer data)
{
  return find_window (SPA_TYPE_PLAN_DIALOG) == NULL;
}

static gboolean
booking_dialog_open (gpointer data)
{
  return find_window (SPA_TYPE_BOOKING_DIALOG) != NULL;
}

static gboolean
booking_dialog_closed (gpointer data)
{
  return find_window (SPA_TYPE_BOOKING_DIALOG) == NULL;
}

static gboolean
message_dialog_open (gpointer data)
{
  return spa_test_find_message_dialog () != NULL;
}

/* The menu button on the client page's row of @booking. */
static GtkWidget *
find_menu_button_of (GtkWidget  *root,
                     const char *booking_id)
{
  if (!gtk_widget_get_mapped (root))
    return NULL;
  if (ADW_IS_ACTION_ROW (root))
    {
      SpaRecord *booking = g_object_get_data (G_OBJECT (root), "booking");

      if (booking != NULL && g_strcmp0 (spa_record_get_id (booking), booking_id) == 0)
        {
          GtkWidget *button = spa_test_find_widget (root, GTK_TYPE_MENU_BUTTON);

          g_assert_nonnull (button);
          return button;
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_menu_button_of (child, booking_id);

      if (found)
        return found;
    }
  return NULL;
}

/* The shown label reading @text (mnemonic left out) under @root. */
static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  if (!gtk_widget_get_mapped (root))
    return NULL;
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);

      if (found)
        return found;
    }
  return NULL;
}

/* Opens Zoë's Bookings and clicks the item reading @label in @booking_id's menu. */
static void
click_booking_menu_item (Fixture    *f,
                         const char *booking_id,
                         const char *label)
{
  GtkWidget *window = GTK_WIDGET (f->desk.window);
  GtkWidget *button = NULL;
  GtkPopover *popover;
  GtkWidget *item;

  spa_test_open_client (window, "Zoë Tremblay");
  spa_test_click (spa_test_find_labelled (window, GTK_TYPE_TOGGLE_BUTTON, "Bookings"), -1, -1);
  button = find_menu_button_of (window, booking_id);
  g_assert_nonnull (button);
  spa_test_click (button, -1, -1);
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
  g_assert_nonnull (popover);
  item = find_label (GTK_WIDGET (popover), label);
  g_assert_nonnull (item);
  spa_test_click (item, -1, -1);
}

/* The plan's visits, earliest first, as the database has them. */
static GPtrArray *
plan_visits (Fixture *f)
{
  g_autoptr(SpaRecord) first = spa_store_get (f->desk.store, "booking",
                                              spa_record_get_id (f->first), NULL);
  g_autoptr(GError) error = NULL;
  GPtrArray *visits;

  g_assert_true (spa_record_has_value (first, "series_id"));
  visits = spa_series_visits (f->desk.store, spa_record_get_string (first, "series_id"), &error);
  g_assert_no_error (error);
  return visits;
}

static void
assert_local_time (Fixture   *f,
                   SpaRecord *booking,
                   int        hour,
                   int        minute)
{
  g_autoptr(GDateTime) starts = spa_time_parse_utc (spa_record_get_string (booking, "starts_at"));
  g_autoptr(GDateTime) local = g_date_time_to_timezone (starts, f->zone);

  g_assert_cmpint (g_date_time_get_hour (local), ==, hour);
  g_assert_cmpint (g_date_time_get_minute (local), ==, minute);
}

static int
local_day (Fixture   *f,
           SpaRecord *booking)
{
  g_autoptr(GDateTime) starts = spa_time_parse_utc (spa_record_get_string (booking, "starts_at"));
  g_autoptr(GDateTime) local = g_date_time_to_timezone (starts, f->zone);

  g_autoptr(GDate) date = g_date_new_dmy (g_date_time_get_day_of_month (local),
                                          g_date_time_get_month (local),
                                          g_date_time_get_year (local));

  return (int)g_date_get_julian (date);
}

static void
test_plan (Fixture       *f,
           gconstpointer  data)
{
  SpaPlanDialog *dialog;
  GtkWidget *clash;
  GtkWidget *book_button;
  GListModel *choices;
  g_autoptr(GtkStringObject) alternative = NULL;
  g_autoptr(GPtrArray) visits = NULL;
  g_autoptr(GPtrArray) after_cancel = NULL;
  g_autoptr(GPtrArray) after_move = NULL;
  g_autofree char *clash_title = NULL;
  g_autofree char *raj_before = NULL;
  g_autofree char *chosen_time = NULL;
  SpaBookingDialog *editor;
  GtkWidget *time_row;

  /* From the booking's menu, the plan dialog: six weekly visits by default. */
  click_booking_menu_item (f, spa_record_get_id (f->first), "Repeat as a Treatment Plan…");
  g_assert_true (spa_test_iterate_until (plan_dialog_open, NULL, 5000));
  dialog = SPA_PLAN_DIALOG (find_window (SPA_TYPE_PLAN_DIALOG));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  g_assert_cmpuint (spa_plan_dialog_get_n_clashes (dialog), ==, 1);
  g_assert_cmpuint (spa_plan_dialog_get_n_visits (dialog), ==, 4);
  book_button = spa_test_find_labelled (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "Book Plan");
  g_assert_nonnull (book_button);
  /* Nothing is booked until the clash is settled. */
  g_assert_false (gtk_widget_is_sensitive (book_button));
  g_assert_cmpint (spa_test_count_rows (f->desk.store,
                                        "SELECT count(*) FROM booking WHERE client_id = ?",
                                        spa_record_get_id (f->zoe)), ==, 1);

  /* The clash is the third visit, Raj's time, with free times that day. */
  {
    g_autoptr(GDateTime) starts = spa_time_parse_utc (spa_record_get_string (f->raj_booking,
                                                                             "starts_at"));
    g_autoptr(GDateTime) local = g_date_time_to_timezone (starts, f->zone);
    g_autofree char *day = spa_format_date_weekday (local);
    g_autofree char *time = spa_format_time (local);

    clash_title = g_strdup_printf ("%s · %s", day, time);
  }
  clash = spa_test_find_row (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, clash_title);
  g_assert_nonnull (clash);
  spa_test_save_screenshot (GTK_WIDGET (dialog), "treatment-plan.png");

  choices = adw_combo_row_get_model (ADW_COMBO_ROW (clash));
  /* "Choose another time", the free times, "Leave out". */
  g_assert_cmpuint (g_list_model_get_n_items (choices), >=, 3);
  alternative = g_list_model_get_item (choices, 1);
  spa_test_choose (clash, gtk_string_object_get_string (alternative));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (clash)), ==, 1);
  g_assert_cmpuint (spa_plan_dialog_get_n_visits (dialog), ==, 5);
  g_assert_true (gtk_widget_is_sensitive (book_button));
  spa_test_click (book_button, -1, -1);
  g_assert_true (spa_test_iterate_until (plan_dialog_closed, NULL, 5000));

  /* Six visits, one plan, one week apart; the third at the time chosen, Raj's kept. */
  visits = plan_visits (f);
  g_assert_cmpuint (visits->len, ==, 6);
  for (guint i = 0; i < visits->len; i++)
    {
      SpaRecord *visit = visits->pdata[i];

      g_assert_cmpstr (spa_record_get_string (visit, "client_id"), ==, spa_record_get_id (f->zoe));
      g_assert_cmpstr (spa_record_get_string (visit, "status"), ==, "booked");
      g_assert_cmpint (local_day (f, visit) - local_day (f, visits->pdata[0]), ==, 7 * (int)i);
      if (i != 2)
        assert_local_time (f, visit, 10, 0);
    }
  chosen_time = spa_schedule_format_local_time (
    f->desk.store, spa_record_get_string (visits->pdata[2], "starts_at"));
  g_assert_true (g_str_has_prefix (gtk_string_object_get_string (alternative), chosen_time));
  g_assert_cmpint (spa_test_count_rows (f->desk.store,
                                        "SELECT count(*) FROM booking WHERE client_id = ?"
                                        " AND status = 'booked'", spa_record_get_id (f->raj)),
                   ==, 1);

  /* Cancel the fourth and the following, with the question's own button. */
  click_booking_menu_item (f, spa_record_get_id (visits->pdata[3]), "Cancel Booking…");
  g_assert_true (spa_test_iterate_until (message_dialog_open, NULL, 5000));
  spa_test_click_dialog_button ("_All Following");
  after_cancel = plan_visits (f);
  for (guint i = 0; i < after_cancel->len; i++)
    g_assert_cmpstr (spa_record_get_string (after_cancel->pdata[i], "status"), ==,
                     i < 3 ? "booked" : "cancelled");

  /* Move the second to 13:00, and the third with it; the first stays. */
  raj_before = g_strdup (spa_record_get_string (f->raj_booking, "starts_at"));
  click_booking_menu_item (f, spa_record_get_id (visits->pdata[1]), "Edit or Reschedule…");
  g_assert_true (spa_test_iterate_until (booking_dialog_open, NULL, 5000));
  editor = SPA_BOOKING_DIALOG (find_window (SPA_TYPE_BOOKING_DIALOG));
  time_row = spa_test_find_row (GTK_WIDGET (editor), ADW_TYPE_COMBO_ROW, "Time");
  g_assert_nonnull (time_row);
  /* 13:00 is the 29th of the quarter hours from 06:00. */
  spa_test_pick_in_combo (ADW_COMBO_ROW (time_row), (13 - 6) * 4);
  spa_test_click (spa_test_find_labelled (GTK_WIDGET (editor), GTK_TYPE_BUTTON, "Save"), -1, -1);
  g_assert_true (spa_test_iterate_until (message_dialog_open, NULL, 5000));
  spa_test_click_dialog_button ("_All Following");
  g_assert_true (spa_test_iterate_until (booking_dialog_closed, NULL, 5000));

  after_move = plan_visits (f);
  g_assert_cmpuint (after_move->len, ==, 6);
  assert_local_time (f, after_move->pdata[0], 10, 0);
  assert_local_time (f, after_move->pdata[1], 13, 0);
  assert_local_time (f, after_move->pdata[2], 13, 0);
  for (guint i = 0; i < after_move->len; i++)
    g_assert_cmpint (local_day (f, after_move->pdata[i]), ==, local_day (f, visits->pdata[i]));
  /* Cancelled visits stay where they were. */
  for (guint i = 3; i < after_move->len; i++)
    g_assert_cmpstr (spa_record_get_string (after_move->pdata[i], "starts_at"), ==,
                     spa_record_get_string (visits->pdata[i], "starts_at"));
  g_assert_cmpint (spa_test_count_rows (f->desk.store,
                                        "SELECT count(*) FROM booking WHERE starts_at = ?",
                                        raj_before), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  app = spa_test_application_new ();

  g_test_add ("/ui/plans/book-cancel-move", Fixture, NULL, fixture_set_up, test_plan,
              fixture_tear_down);

  return spa_test_run_application (&app);
}
