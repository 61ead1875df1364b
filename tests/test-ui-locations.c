/* test-ui-locations.c: a chain's desk switching location, through real input
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "spa-application.h"
#include "spa-booking-dialog.h"
#include "spa-booking-dialog-private.h"
#include "spa-calendar-page.h"
#include "spa-day-calendar-private.h"
#include "spa-location-switcher.h"
#include "spa-preferences-window.h"
#include "spa-reports-page.h"
#include "spa-staff-window-private.h"
#include "spa-staff-window.h"
#include "spa-store-private.h"
#include "spa-test-input.h"
#include "spa-test-ui-util.h"
#include "spa-test-util.h"
#include "spa-today-page-private.h"
#include "spa-today-page.h"
#include "spa-window.h"

/*
 * The sample chain (`--demo --chain`) on a desk at its first location: the calendar
 * shows that location's therapists, the drop-down in its toolbar (clicked, then keys)
 * switches to Kitsilano, whose therapists and bookings it then shows, and a booking made
 * with Ctrl+N lands at Kitsilano with a therapist and a room there. Preferences' row
 * moves the desk, Services & Staff puts a therapist at another location with hours
 * there, Today's drop-down shows another location's bookings to check in, and Reports'
 * drop-down filters the figures. A location in Toronto's zone has its calendar, Today and
 * the booking editor on its clock, and its zone edited moves the calendar at once. The
 * database (and the desk's settings) is the oracle.
 */

typedef struct
{
  SpaTestDesk desk;
  char       *kits_id;
  char       *north_id;
} Fixture;

/* The application's accelerators (Alt+2, Ctrl+N) are registered at its start-up. */
static SpaApplication *app;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("America/Vancouver");
  g_autoptr(GDateTime) now = g_date_time_new_now (zone);
  g_autoptr(GPtrArray) locations = NULL;

  spa_test_desk_open (&f->desk);
  g_assert_true (spa_demo_fill_chain (f->desk.store, zone, now, &error));
  g_assert_no_error (error);
  g_settings_set_boolean (f->desk.settings, "sign-in", FALSE);
  g_settings_set_string (f->desk.settings, "server-url", "");
  g_settings_set_string (f->desk.settings, "time-zone", "America/Vancouver");
  g_settings_reset (f->desk.settings, "location");

  locations = spa_location_list (f->desk.store, NULL, &error);
  for (guint i = 0; locations && i < locations->len; i++)
    if (g_str_equal (spa_location_get_name (locations->pdata[i]), "Kitsilano"))
      f->kits_id = g_strdup (spa_record_get_id (locations->pdata[i]));
    else if (g_str_equal (spa_location_get_name (locations->pdata[i]), "North Vancouver"))
      f->north_id = g_strdup (spa_record_get_id (locations->pdata[i]));
  g_assert_nonnull (f->kits_id);
  g_assert_nonnull (f->north_id);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_settings_reset (f->desk.settings, "time-zone");
  g_settings_reset (f->desk.settings, "location");
  spa_test_desk_tear_down (&f->desk);
  g_free (f->kits_id);
  g_free (f->north_id);
}

static gboolean
is_calendar_view (gpointer data)
{
  return g_strcmp0 (spa_window_get_view (data), "calendar") == 0;
}

/* The ids of the active therapists who work at @location_id, as the store says. */
static GHashTable *
therapists_at (Fixture    *f,
               const char *location_id)
{
  g_autoptr(GPtrArray) all = spa_store_list_active (f->desk.store, SPA_THERAPIST_ENTITY, NULL,
                                                    NULL);
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < all->len; i++)
    if (spa_location_therapist_works_at (all->pdata[i], location_id))
      g_hash_table_add (ids, g_strdup (spa_record_get_id (all->pdata[i])));
  return ids;
}

/* The calendar's columns are exactly the therapists at @location_id. */
static void
assert_columns_at (Fixture        *f,
                   SpaDayCalendar *calendar,
                   const char     *location_id)
{
  g_autoptr(GHashTable) expected = therapists_at (f, location_id);

  g_assert_cmpuint (spa_day_calendar_get_n_columns (calendar), ==, g_hash_table_size (expected));
  for (guint c = 0; c < spa_day_calendar_get_n_columns (calendar); c++)
    g_assert_true (g_hash_table_contains (expected,
                                          spa_day_calendar_get_column_therapist (calendar, c)));
}

/* The cards are the bookings at @location_id that day (but cancelled ones, as the
 * calendar draws them), and no other. */
static void
assert_cards_at (Fixture        *f,
                 SpaDayCalendar *calendar,
                 const char     *location_id)
{
  g_autoptr(GDateTime) now = spa_context_now (f->desk.context);
  g_autoptr(SpaDayBookings) day = spa_schedule_day_bookings_of_day (
      f->desk.store, spa_context_get_time_zone (f->desk.context), now, NULL);
  guint here = 0;

  g_assert_nonnull (day);
  for (guint i = 0; i < day->items->len; i++)
    {
      const SpaDayBooking *booking = &g_array_index (day->items, SpaDayBooking, i);
      gboolean at = g_str_equal (booking->location_id, location_id);

      /* A cancelled booking frees its slot: it has no card. */
      if (g_str_equal (booking->status, "cancelled"))
        continue;
      here += at;
      if (at)
        g_assert_nonnull (spa_day_calendar_get_card (calendar, booking->id));
      else
        g_assert_null (spa_day_calendar_get_card (calendar, booking->id));
    }
  g_assert_cmpuint (spa_day_calendar_get_n_cards (calendar), ==, here);
}

static gboolean
location_is (gpointer data)
{
  Fixture *f = data;

  return g_strcmp0 (spa_context_get_location_id (f->desk.context), f->kits_id) == 0;
}

static SpaBookingDialog *
find_dialog (void)
{
  return SPA_BOOKING_DIALOG (spa_test_find_toplevel (SPA_TYPE_BOOKING_DIALOG));
}

static gboolean
dialog_open (gpointer data)
{
  return find_dialog () != NULL;
}

static gboolean
dialog_closed (gpointer data)
{
  return find_dialog () == NULL;
}

static gboolean
results_shown (gpointer data)
{
  GtkWidget *results = GTK_WIDGET (spa_booking_dialog_get_client_results (data));

  return gtk_widget_get_visible (results) && gtk_widget_get_first_child (results) != NULL;
}

/* The client found by typing @query into the editor's search, chosen with the keys. */
static void
choose_client (SpaBookingDialog *dialog,
               const char       *query)
{
  GtkWidget *search = GTK_WIDGET (spa_booking_dialog_get_client_search (dialog));

  spa_test_click (search, -1, -1);
  spa_test_type (search, query);
  g_assert_true (spa_test_iterate_until (results_shown, dialog, 5000));
  spa_test_send_keys (GTK_WIDGET (dialog), "Down Return");
}

static void
test_switch_location (Fixture       *f,
                      gconstpointer  data)
{
  SpaCalendarPage *page;
  SpaDayCalendar *calendar;
  GtkWidget *switcher;
  GtkWidget *dropdown;
  SpaBookingDialog *dialog;
  gint64 at_kits;
  g_autoptr(SpaRecord) booking = NULL;
  g_autoptr(SpaRecord) room = NULL;
  g_autoptr(SpaRecord) therapist = NULL;
  g_autoptr(SpaRecord) newcomer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *booking_id = NULL;

  spa_test_desk_show (&f->desk, GTK_APPLICATION (app), 1280, 800);
  spa_window_show_view (f->desk.window, "today");
  spa_test_send_keys (GTK_WIDGET (f->desk.window), "alt+2");
  g_assert_true (spa_test_iterate_until (is_calendar_view, f->desk.window, 5000));
  page = SPA_CALENDAR_PAGE (spa_window_get_calendar_page (f->desk.window));
  calendar = SPA_DAY_CALENDAR (spa_test_find_widget (GTK_WIDGET (page), SPA_TYPE_DAY_CALENDAR));
  switcher = spa_test_find_widget (GTK_WIDGET (page), SPA_TYPE_LOCATION_SWITCHER);

  /* The desk's own location first: the default one, downtown. */
  g_assert_true (gtk_widget_get_visible (switcher));
  g_assert_cmpstr (spa_context_get_location_id (f->desk.context), ==, SPA_LOCATION_DEFAULT_ID);
  assert_columns_at (f, calendar, SPA_LOCATION_DEFAULT_ID);
  assert_cards_at (f, calendar, SPA_LOCATION_DEFAULT_ID);

  /* A click opens the list (Downtown, Kitsilano, North Vancouver); Down and Return
   * choose Kitsilano. */
  dropdown = spa_test_find_widget (switcher, GTK_TYPE_DROP_DOWN);
  spa_test_click (dropdown, gtk_widget_get_width (dropdown) / 2.0,
                  gtk_widget_get_height (dropdown) / 2.0);
  spa_test_send_keys (dropdown, "Down Return");
  g_assert_true (spa_test_iterate_until (location_is, f, 5000));
  assert_columns_at (f, calendar, f->kits_id);
  assert_cards_at (f, calendar, f->kits_id);

  /* Ctrl+N: a new booking at Kitsilano, at the first free time, for a new client (one
   * of the sample's could be booked elsewhere then, depending on the hour). */
  at_kits = spa_test_count_rows (f->desk.store,
                                 "SELECT count(*) FROM booking WHERE location_id = ?", f->kits_id);
  newcomer = spa_test_add_client (f->desk.store, "Noor", "Quillfeather", NULL, NULL);
  spa_test_send_keys (GTK_WIDGET (f->desk.window), "ctrl+n");
  g_assert_true (spa_test_iterate_until (dialog_open, NULL, 5000));
  dialog = find_dialog ();
  choose_client (dialog, "Quillfeather");
  g_assert_cmpstr (gtk_editable_get_text (spa_booking_dialog_get_client_search (dialog)), ==,
                   "Noor Quillfeather");
  spa_test_send_keys (GTK_WIDGET (dialog), "ctrl+s");
  g_assert_true (spa_test_iterate_until (dialog_closed, NULL, 5000));

  g_assert_cmpint (spa_test_count_rows (f->desk.store,
                                        "SELECT count(*) FROM booking WHERE location_id = ?",
                                        f->kits_id), ==, at_kits + 1);
  {
    g_autoptr(SpaStmt) stmt = spa_store_prepare (f->desk.store,
                                                 "SELECT id FROM booking ORDER BY rid DESC LIMIT 1",
                                                 &error);

    g_assert_no_error (error);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    booking_id = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  }
  booking = spa_store_get (f->desk.store, SPA_BOOKING_ENTITY, booking_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (spa_record_get_location_id (booking), ==, f->kits_id);
  therapist = spa_store_get (f->desk.store, SPA_THERAPIST_ENTITY,
                             spa_booking_get_therapist_id (booking), &error);
  g_assert_true (spa_location_therapist_works_at (therapist, f->kits_id));
  if (spa_booking_get_room_id (booking) != NULL)
    {
      room = spa_store_get (f->desk.store, SPA_ROOM_ENTITY, spa_booking_get_room_id (booking),
                            &error);
      g_assert_cmpstr (spa_record_get_location_id (room), ==, f->kits_id);
    }
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

/* On a tablet (360 px) the calendar's narrow toolbar has the switcher too: chosen by a
 * click in its list, the one therapist shown is one of Kitsilano's. Today, shown first,
 * keeps its switcher within the tablet's width. */
static void
test_switch_location_narrow (Fixture       *f,
                             gconstpointer  data)
{
  SpaCalendarPage *page;
  SpaDayCalendar *calendar;
  GtkWidget *switcher = NULL;
  g_autoptr(GHashTable) at_kits = NULL;

  spa_test_desk_show (&f->desk, GTK_APPLICATION (app), 360, 720);
  spa_window_show_view (f->desk.window, "today");
  spa_test_send_keys (GTK_WIDGET (f->desk.window), "alt+2");
  g_assert_true (spa_test_iterate_until (is_calendar_view, f->desk.window, 5000));
  page = SPA_CALENDAR_PAGE (spa_window_get_calendar_page (f->desk.window));
  calendar = SPA_DAY_CALENDAR (spa_test_find_widget (GTK_WIDGET (page), SPA_TYPE_DAY_CALENDAR));
  g_assert_true (spa_test_iterate_until (is_mapped, calendar, 5000));

  /* The wide toolbar is squeezed out: the switcher is the narrow toolbar's. */
  {
    AdwSqueezer *squeezer = ADW_SQUEEZER (spa_test_find_widget (GTK_WIDGET (page),
                                                                ADW_TYPE_SQUEEZER));
    GtkWidget *toolbar = adw_squeezer_get_visible_child (squeezer);

    g_assert_true (toolbar != gtk_widget_get_first_child (GTK_WIDGET (squeezer)));
    switcher = spa_test_find_widget (toolbar, SPA_TYPE_LOCATION_SWITCHER);
  }
  g_assert_nonnull (switcher);
  g_assert_true (spa_test_iterate_until (is_mapped, switcher, 5000));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->desk.window)), <=, 360);

  spa_test_save_screenshot (GTK_WIDGET (f->desk.window), "calendar-narrow-chain.png");
  spa_test_choose (spa_test_find_widget (switcher, GTK_TYPE_DROP_DOWN), "Kitsilano");
  g_assert_true (spa_test_iterate_until (location_is, f, 5000));
  at_kits = therapists_at (f, f->kits_id);
  g_assert_cmpuint (spa_day_calendar_get_n_columns (calendar), ==, 1);
  g_assert_true (g_hash_table_contains (at_kits,
                                        spa_day_calendar_get_column_therapist (calendar, 0)));
}

/* The id of the therapist called @name, as the store says. */
static char *
therapist_named (Fixture    *f,
                 const char *name)
{
  g_autoptr(GPtrArray) found = spa_store_query (f->desk.store, SPA_THERAPIST_ENTITY,
                                                "WHERE name = ?",
                                                (const char * const[]){ name, NULL }, NULL);

  g_assert_nonnull (found);
  g_assert_cmpuint (found->len, ==, 1);
  return g_strdup (spa_record_get_id (found->pdata[0]));
}

static gboolean
desk_location_row_shown (gpointer data)
{
  return spa_test_find_row (data, ADW_TYPE_COMBO_ROW, "This desk’s location") != NULL;
}

static gboolean
desk_at_north (gpointer data)
{
  Fixture *f = data;
  g_autofree char *desk = g_settings_get_string (f->desk.settings, "location");

  return g_strcmp0 (desk, f->north_id) == 0;
}

/* Preferences, opened with Ctrl+comma: "This desk’s location" chosen with the mouse
 * moves the desk to North Vancouver (its setting), and the calendar then shows that
 * location's therapists and bookings. */
static void
test_preferences_location (Fixture       *f,
                           gconstpointer  data)
{
  GtkWindow *preferences;
  GtkWidget *row;
  SpaCalendarPage *page;
  SpaDayCalendar *calendar;

  spa_test_desk_show (&f->desk, GTK_APPLICATION (app), 1280, 800);
  spa_window_show_view (f->desk.window, "today");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->desk.window));
  spa_test_send_keys (GTK_WIDGET (f->desk.window), "ctrl+comma");
  preferences = spa_test_wait_for_toplevel (SPA_TYPE_PREFERENCES_WINDOW);
  g_assert_true (spa_test_iterate_until (desk_location_row_shown, preferences, 5000));
  row = spa_test_find_row (GTK_WIDGET (preferences), ADW_TYPE_COMBO_ROW,
                           "This desk’s location");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row)), ==, 0);

  spa_test_choose (row, "North Vancouver");
  g_assert_true (spa_test_iterate_until (desk_at_north, f, 5000));
  g_assert_cmpstr (spa_context_get_location_id (f->desk.context), ==, f->north_id);

  spa_test_send_keys (GTK_WIDGET (preferences), "Escape");
  spa_test_send_keys (GTK_WIDGET (f->desk.window), "alt+2");
  g_assert_true (spa_test_iterate_until (is_calendar_view, f->desk.window, 5000));
  page = SPA_CALENDAR_PAGE (spa_window_get_calendar_page (f->desk.window));
  calendar = SPA_DAY_CALENDAR (spa_test_find_widget (GTK_WIDGET (page), SPA_TYPE_DAY_CALENDAR));
  assert_columns_at (f, calendar, f->north_id);
  assert_cards_at (f, calendar, f->north_id);
}

static gboolean
is_expanded (gpointer data)
{
  return adw_expander_row_get_expanded (data);
}

/* No toast shows (it would take a click meant for what is under it). */
static gboolean
no_toast (gpointer data)
{
  return spa_test_toast_text (data) == NULL;
}

/* The editor of therapist @id in the staff window, opened by a click on its header once
 * no toast covers the window's foot. */
static GtkWidget *
open_editor (SpaStaffWindow *staff,
             const char     *id)
{
  GtkWidget *editor = spa_staff_window_find_editor (staff, id);

  g_assert_nonnull (editor);
  g_assert_true (spa_test_iterate_until (is_mapped, editor, 5000));
  g_assert_true (spa_test_iterate_until (no_toast, staff, 15000));
  spa_test_click (editor, gtk_widget_get_width (editor) / 2.0, 20);
  g_assert_true (spa_test_iterate_until (is_expanded, editor, 5000));
  return editor;
}

typedef struct
{
  SpaStaffWindow *staff;
  GtkWidget      *editor;
} EditorWait;

static gboolean
editor_has_error (gpointer data)
{
  EditorWait *wait = data;

  return spa_staff_window_get_error (wait->staff, wait->editor) != NULL;
}

/* The editor's field @field, once shown. */
static GtkWidget *
editor_field (SpaStaffWindow *staff,
              GtkWidget      *editor,
              const char     *field)
{
  GtkWidget *widget = spa_staff_window_get_widget (staff, editor, field);

  g_assert_nonnull (widget);
  g_assert_true (spa_test_iterate_until (is_mapped, widget, 5000));
  return widget;
}

/* Services & Staff, opened from the main menu with the mouse, on its page @page. */
static SpaStaffWindow *
open_staff (Fixture    *f,
            const char *page)
{
  GtkWidget *item = spa_test_open_main_menu (GTK_WIDGET (f->desk.window), "Services & Staff");
  SpaStaffWindow *staff;

  g_assert_nonnull (item);
  spa_test_click (item, -1, -1);
  staff = SPA_STAFF_WINDOW (spa_test_wait_for_toplevel (SPA_TYPE_STAFF_WINDOW));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (staff));
  spa_test_click (spa_test_find_labelled (GTK_WIDGET (staff), GTK_TYPE_TOGGLE_BUTTON, page),
                  -1, -1);
  return staff;
}

/* Services & Staff from the main menu, by mouse and keys: Priya (Kitsilano) is given
 * Tuesday hours at North Vancouver (hours that cannot be read refused first), and Tom is
 * moved from Kitsilano to North Vancouver with his Location row. */
static void
test_staff_locations (Fixture       *f,
                      gconstpointer  data)
{
  SpaStaffWindow *staff;
  EditorWait wait;
  g_autofree char *priya = therapist_named (f, "Priya Nair");
  g_autofree char *tom = therapist_named (f, "Tom Becker");
  g_autofree char *key = g_strdup_printf ("lhours:%s:tue", f->north_id);
  g_autofree char *hours_at_north = g_strdup_printf (
      "SELECT count(*) FROM therapist WHERE id = ? AND "
      "json_extract (location_hours, '$.\"%s\".tue[0].start') = '10:00' AND "
      "json_extract (location_hours, '$.\"%s\".tue[0].end') = '16:00'",
      f->north_id, f->north_id);
  g_autofree char *moved = g_strdup_printf (
      "SELECT count(*) FROM therapist WHERE id = ? AND location_id = '%s'", f->north_id);
  g_autoptr(SpaRecord) therapist = NULL;
  g_autoptr(GArray) intervals = NULL;
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("America/Vancouver");
  g_autoptr(GDateTime) tuesday = g_date_time_new (zone, 2026, 12, 1, 0, 0, 0);
  g_autoptr(GError) error = NULL;

  spa_test_desk_show (&f->desk, GTK_APPLICATION (app), 1280, 800);
  spa_window_show_view (f->desk.window, "today");
  staff = open_staff (f, "Therapists");

  /* Priya works at Kitsilano only; hours at North Vancouver that cannot be read are
   * refused, and nothing is saved. */
  g_assert_cmpint (spa_test_count_rows (f->desk.store, hours_at_north, priya), ==, 0);
  wait = (EditorWait){ staff, open_editor (staff, priya) };
  spa_test_replace_text (editor_field (staff, wait.editor, key), "10 to 4");
  spa_test_click (spa_staff_window_get_widget (staff, wait.editor, "save"), -1, -1);
  g_assert_true (spa_test_iterate_until (editor_has_error, &wait, 5000));
  g_assert_nonnull (strstr (spa_staff_window_get_error (staff, wait.editor), "09:00-12:00"));
  therapist = spa_store_get (f->desk.store, SPA_THERAPIST_ENTITY, priya, &error);
  g_assert_no_error (error);
  g_assert_false (spa_location_therapist_works_at (therapist, f->north_id));
  g_clear_object (&therapist);

  /* Then readable hours: she works there on Tuesdays, 10:00 to 16:00. */
  spa_test_replace_text (editor_field (staff, wait.editor, key), "10:00-16:00");
  spa_test_click (spa_staff_window_get_widget (staff, wait.editor, "save"), -1, -1);
  spa_test_wait_for_count (f->desk.store, hours_at_north, priya, 1);
  therapist = spa_store_get (f->desk.store, SPA_THERAPIST_ENTITY, priya, &error);
  g_assert_no_error (error);
  g_assert_true (spa_location_therapist_works_at (therapist, f->north_id));
  g_assert_true (spa_location_therapist_works_at (therapist, f->kits_id));
  intervals = spa_schedule_working_intervals_at (therapist, f->north_id, tuesday);
  g_assert_cmpuint (intervals->len, ==, 2);
  g_assert_cmpint (g_array_index (intervals, int, 0), ==, 10 * 60);
  g_assert_cmpint (g_array_index (intervals, int, 1), ==, 16 * 60);

  /* Tom moves to North Vancouver: his Location row, chosen with the mouse. */
  g_assert_cmpint (spa_test_count_rows (f->desk.store, moved, tom), ==, 0);
  wait = (EditorWait){ staff, open_editor (staff, tom) };
  spa_test_choose (editor_field (staff, wait.editor, SPA_LOCATION_ID_FIELD), "North Vancouver");
  spa_test_click (spa_staff_window_get_widget (staff, wait.editor, "save"), -1, -1);
  spa_test_wait_for_count (f->desk.store, moved, tom, 1);
  g_assert_null (spa_staff_window_get_error (staff, wait.editor));
}

/* A booking of @client with @therapist at @location_id for an hour from @starts, with
 * @status; returns its id. */
static char *
book_at (Fixture    *f,
         GDateTime  *starts,
         SpaRecord  *client,
         const char *therapist_id,
         const char *location_id,
         const char *status)
{
  g_autoptr(GDateTime) ends = g_date_time_add_hours (starts, 1);
  g_autofree char *s = spa_time_format_utc (starts);
  g_autofree char *e = spa_time_format_utc (ends);
  g_autoptr(SpaRecord) booking = spa_record_new (SPA_BOOKING_ENTITY);
  g_autoptr(GPtrArray) services = spa_store_list_active (f->desk.store, SPA_SERVICE_ENTITY,
                                                         NULL, NULL);
  g_autoptr(GError) error = NULL;

  spa_record_set_string (booking, "client_id", spa_record_get_id (client));
  spa_record_set_string (booking, "therapist_id", therapist_id);
  spa_record_set_string (booking, "service_id", spa_record_get_id (services->pdata[0]));
  spa_record_set_string (booking, SPA_LOCATION_ID_FIELD, location_id);
  spa_record_set_string (booking, "starts_at", s);
  spa_record_set_string (booking, "ends_at", e);
  spa_record_set_string (booking, "status", status);
  g_assert_true (spa_store_save (f->desk.store, booking, &error));
  g_assert_no_error (error);
  return g_strdup (spa_record_get_id (booking));
}

/* A booking of @client with @therapist at @location_id today, 06:00 to 07:00 in @zone
 * (before the sample's day begins), booked; returns its id. */
static char *
book_early_today (Fixture    *f,
                  GTimeZone  *zone,
                  SpaRecord  *client,
                  const char *therapist_id,
                  const char *location_id)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (zone);
  g_autoptr(GDateTime) starts = g_date_time_new (zone, g_date_time_get_year (now),
                                                 g_date_time_get_month (now),
                                                 g_date_time_get_day_of_month (now), 6, 0, 0);

  return book_at (f, starts, client, therapist_id, location_id, "booked");
}

typedef struct
{
  SpaTodayPage *page;
  const char   *booking_id;
} TodayWait;

static gboolean
today_lists (gpointer data)
{
  TodayWait *wait = data;

  return spa_today_page_get_check_in_button (wait->page, wait->booking_id) != NULL;
}

/* Today at the desk's location (Downtown) lists its bookings only; its drop-down,
 * chosen with the mouse, shows Kitsilano's instead, where a click checks in Kitsilano's
 * client. */
static void
test_today_location (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) clients = spa_store_list (f->desk.store, SPA_CLIENT_ENTITY, FALSE, NULL);
  g_autofree char *priya = therapist_named (f, "Priya Nair");
  g_autofree char *downtown_therapist = NULL;
  g_autofree char *at_kits = NULL;
  g_autofree char *downtown = NULL;
  g_autoptr(GHashTable) downtown_ids = therapists_at (f, SPA_LOCATION_DEFAULT_ID);
  SpaTodayPage *page;
  GtkWidget *switcher;
  TodayWait wait;

  f->desk.context = spa_context_new (f->desk.store, f->desk.settings);
  /* A Downtown therapist who does not work at Kitsilano. */
  {
    GHashTableIter iter;
    gpointer id;
    g_autoptr(GHashTable) kits_ids = therapists_at (f, f->kits_id);

    g_hash_table_iter_init (&iter, downtown_ids);
    while (downtown_therapist == NULL && g_hash_table_iter_next (&iter, &id, NULL))
      if (!g_hash_table_contains (kits_ids, id))
        downtown_therapist = g_strdup (id);
  }
  g_assert_nonnull (downtown_therapist);
  g_assert_cmpuint (clients->len, >=, 2);
  at_kits = book_early_today (f, spa_context_get_time_zone (f->desk.context), clients->pdata[0],
                              priya, f->kits_id);
  downtown = book_early_today (f, spa_context_get_time_zone (f->desk.context), clients->pdata[1],
                               downtown_therapist, SPA_LOCATION_DEFAULT_ID);

  spa_test_desk_show (&f->desk, GTK_APPLICATION (app), 1280, 800);
  spa_window_show_view (f->desk.window, "today");
  page = SPA_TODAY_PAGE (spa_window_get_today_page (f->desk.window));
  wait = (TodayWait){ page, downtown };
  g_assert_true (spa_test_iterate_until (today_lists, &wait, 5000));
  g_assert_null (spa_today_page_get_check_in_button (page, at_kits));

  switcher = spa_test_find_widget (GTK_WIDGET (page), SPA_TYPE_LOCATION_SWITCHER);
  g_assert_true (spa_test_iterate_until (is_mapped, switcher, 5000));
  spa_test_choose (spa_test_find_widget (switcher, GTK_TYPE_DROP_DOWN), "Kitsilano");
  g_assert_true (spa_test_iterate_until (location_is, f, 5000));
  wait = (TodayWait){ page, at_kits };
  g_assert_true (spa_test_iterate_until (today_lists, &wait, 5000));
  g_assert_null (spa_today_page_get_check_in_button (page, downtown));

  spa_test_click (spa_today_page_get_check_in_button (page, at_kits), -1, -1);
  spa_test_wait_for_count (f->desk.store,
                           "SELECT count(*) FROM booking WHERE id = ? AND status = 'checked_in'",
                           at_kits, 1);
  g_assert_cmpint (spa_test_count_rows (f->desk.store,
                                        "SELECT count(*) FROM booking WHERE id = ? AND "
                                        "status = 'booked'", downtown), ==, 1);
}

/* Kitsilano moved to Toronto's zone, three hours ahead of the desk: Today and the
 * calendar at Kitsilano show Toronto's day, and a booking there at 06:00 Toronto time
 * reads 06:00, not the desk's 03:00. */
static void
test_today_in_location_zone (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GPtrArray) clients = spa_store_list (f->desk.store, SPA_CLIENT_ENTITY, FALSE, NULL);
  g_autoptr(GTimeZone) toronto = g_time_zone_new_identifier ("America/Toronto");
  g_autoptr(SpaRecord) kits = spa_store_get (f->desk.store, SPA_LOCATION_ENTITY, f->kits_id,
                                             NULL);
  g_autofree char *priya = therapist_named (f, "Priya Nair");
  g_autofree char *booking_id = NULL;
  g_autoptr(SpaRecord) booking = NULL;
  g_autoptr(GDateTime) starts = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *from = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) slot = NULL;
  SpaDayCalendar *calendar;
  SpaTodayPage *page;
  GtkWidget *row;
  TodayWait wait;

  spa_record_set_string (kits, SPA_LOCATION_TIME_ZONE, "America/Toronto");
  g_assert_true (spa_store_save (f->desk.store, kits, &error));
  g_assert_no_error (error);
  f->desk.context = spa_context_new (f->desk.store, f->desk.settings);
  booking_id = book_early_today (f, toronto, clients->pdata[0], priya, f->kits_id);
  booking = spa_store_get (f->desk.store, SPA_BOOKING_ENTITY, booking_id, &error);
  g_assert_no_error (error);
  starts = spa_time_parse_utc (spa_booking_get_starts_at (booking));
  local = g_date_time_to_timezone (starts, toronto);
  g_assert_cmpint (g_date_time_get_hour (local), ==, 6);
  from = spa_format_time (local);

  spa_test_desk_show (&f->desk, GTK_APPLICATION (app), 1280, 800);
  spa_window_show_view (f->desk.window, "today");
  page = SPA_TODAY_PAGE (spa_window_get_today_page (f->desk.window));
  spa_test_choose (spa_test_find_widget (spa_test_find_widget (GTK_WIDGET (page),
                                                               SPA_TYPE_LOCATION_SWITCHER),
                                         GTK_TYPE_DROP_DOWN),
                   "Kitsilano");
  g_assert_true (spa_test_iterate_until (location_is, f, 5000));
  wait = (TodayWait){ page, booking_id };
  g_assert_true (spa_test_iterate_until (today_lists, &wait, 5000));
  row = gtk_widget_get_ancestor (spa_today_page_get_check_in_button (page, booking_id),
                                 ADW_TYPE_ACTION_ROW);
  g_assert_nonnull (row);
  g_assert_true (g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                                   from));

  /* The calendar (Alt+2) shows Toronto's day too: its 06:00 is the booking's start, and
   * the booking has its card. */
  spa_test_send_keys (GTK_WIDGET (f->desk.window), "alt+2");
  g_assert_true (spa_test_iterate_until (is_calendar_view, f->desk.window, 5000));
  calendar = SPA_DAY_CALENDAR (spa_test_find_widget (spa_window_get_calendar_page (f->desk.window),
                                                     SPA_TYPE_DAY_CALENDAR));
  slot = spa_day_calendar_get_slot_time (calendar, 0, 6 * 60);
  g_assert_true (g_date_time_equal (slot, starts));
  g_assert_nonnull (spa_day_calendar_get_card (calendar, booking_id));
}

/* Every day from 08:00 to 20:00. */
#define ALL_WEEK_HOURS                                                                            \
  "{\"mon\": [{\"start\": \"08:00\", \"end\": \"20:00\"}],"                                  \
  " \"tue\": [{\"start\": \"08:00\", \"end\": \"20:00\"}],"                                  \
  " \"wed\": [{\"start\": \"08:00\", \"end\": \"20:00\"}],"                                  \
  " \"thu\": [{\"start\": \"08:00\", \"end\": \"20:00\"}],"                                  \
  " \"fri\": [{\"start\": \"08:00\", \"end\": \"20:00\"}],"                                  \
  " \"sat\": [{\"start\": \"08:00\", \"end\": \"20:00\"}],"                                  \
  " \"sun\": [{\"start\": \"08:00\", \"end\": \"20:00\"}]}"

/* A fourth location, Yorkville, in Toronto's zone (three hours ahead of the desk), with
 * its own therapist, Jo Park, there every day from 08:00 to 20:00, and its own room;
 * returns its id. */
static char *
add_yorkville (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) location = spa_record_new (SPA_LOCATION_ENTITY);
  g_autoptr(SpaRecord) jo = NULL;
  g_autoptr(SpaRecord) room = NULL;

  spa_record_set_string (location, SPA_LOCATION_NAME, "Yorkville");
  spa_record_set_string (location, SPA_LOCATION_TIME_ZONE, "America/Toronto");
  spa_record_set_boolean (location, SPA_LOCATION_ACTIVE, TRUE);
  g_assert_true (spa_store_save (f->desk.store, location, &error));
  g_assert_no_error (error);

  jo = spa_test_add_named (f->desk.store, SPA_THERAPIST_ENTITY, "Jo Park", ALL_WEEK_HOURS);
  room = spa_test_add_named (f->desk.store, SPA_ROOM_ENTITY, "Maple room", NULL);
  spa_record_set_string (jo, SPA_LOCATION_ID_FIELD, spa_record_get_id (location));
  spa_record_set_string (room, SPA_LOCATION_ID_FIELD, spa_record_get_id (location));
  g_assert_true (spa_store_save (f->desk.store, jo, &error));
  g_assert_true (spa_store_save (f->desk.store, room, &error));
  g_assert_no_error (error);
  return g_strdup (spa_record_get_id (location));
}

typedef struct
{
  Fixture    *f;
  const char *location_id;
} LocationWait;

static gboolean
location_shown (gpointer data)
{
  LocationWait *wait = data;

  return g_strcmp0 (spa_context_get_location_id (wait->f->desk.context), wait->location_id) == 0;
}

/* The calendar page (Alt+2) at @name, chosen in its drop-down with the mouse. */
static SpaCalendarPage *
show_calendar_at (Fixture    *f,
                  const char *name,
                  const char *location_id)
{
  LocationWait wait = { f, location_id };
  SpaCalendarPage *page;

  spa_test_send_keys (GTK_WIDGET (f->desk.window), "alt+2");
  g_assert_true (spa_test_iterate_until (is_calendar_view, f->desk.window, 5000));
  page = SPA_CALENDAR_PAGE (spa_window_get_calendar_page (f->desk.window));
  spa_test_choose (spa_test_find_widget (spa_test_find_widget (GTK_WIDGET (page),
                                                               SPA_TYPE_LOCATION_SWITCHER),
                                         GTK_TYPE_DROP_DOWN),
                   name);
  g_assert_true (spa_test_iterate_until (location_shown, &wait, 5000));
  return page;
}

/* The label of the item chosen in the booking editor's time row. */
static const char *
editor_time (SpaBookingDialog *dialog)
{
  AdwComboRow *row = ADW_COMBO_ROW (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                                  SPA_TYPE_BOOKING_DIALOG,
                                                                  "time_row"));

  return gtk_string_object_get_string (GTK_STRING_OBJECT (adw_combo_row_get_selected_item (row)));
}

/* At a desk in Vancouver, Yorkville's calendar shows Toronto's days: on tomorrow there
 * (reached with the Next button), Ctrl+N opens the editor on Jo's first free time,
 * Toronto's 08:00, and 10:00 chosen in its time row with the keyboard is booked at
 * 10:00 in Toronto (07:00 at the desk). */
static void
test_editor_in_location_zone (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *yorkville = add_yorkville (f);
  g_autoptr(SpaRecord) client = spa_test_add_client (f->desk.store, "Ana", "Yorkton", NULL, NULL);
  g_autoptr(GTimeZone) toronto = g_time_zone_new_identifier ("America/Toronto");
  g_autoptr(GDateTime) now = g_date_time_new_now (toronto);
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autoptr(GDateTime) ten = g_date_time_new (toronto, g_date_time_get_year (tomorrow),
                                              g_date_time_get_month (tomorrow),
                                              g_date_time_get_day_of_month (tomorrow), 10, 0, 0);
  g_autofree char *ten_utc = spa_time_format_utc (ten);
  g_autoptr(GPtrArray) booked = NULL;
  SpaCalendarPage *page;
  SpaBookingDialog *dialog;
  GtkWidget *time_row;

  spa_test_desk_show (&f->desk, GTK_APPLICATION (app), 1280, 800);
  spa_window_show_view (f->desk.window, "today");
  page = show_calendar_at (f, "Yorkville", yorkville);
  for (guint i = 0; i < 3 && g_date_time_get_day_of_month (spa_calendar_page_get_day (page)) !=
                                 g_date_time_get_day_of_month (tomorrow); i++)
    spa_test_click (spa_test_find_action_widget (GTK_WIDGET (page), "calendar.next"), -1, -1);
  g_assert_cmpint (g_date_time_get_day_of_month (spa_calendar_page_get_day (page)), ==,
                   g_date_time_get_day_of_month (tomorrow));

  spa_test_send_keys (GTK_WIDGET (f->desk.window), "ctrl+n");
  g_assert_true (spa_test_iterate_until (dialog_open, NULL, 5000));
  dialog = find_dialog ();
  g_assert_cmpstr (editor_time (dialog), ==, "08:00");

  choose_client (dialog, "Yorkton");
  time_row = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                         SPA_TYPE_BOOKING_DIALOG, "time_row"));
  /* The rows are quarter hours from 06:00: 10:00 is the seventeenth. */
  spa_test_pick_in_combo (ADW_COMBO_ROW (time_row), 16);
  g_assert_cmpstr (editor_time (dialog), ==, "10:00");
  spa_test_send_keys (GTK_WIDGET (dialog), "ctrl+s");
  g_assert_true (spa_test_iterate_until (dialog_closed, NULL, 5000));

  booked = spa_store_query (f->desk.store, SPA_BOOKING_ENTITY, "WHERE client_id = ?",
                            (const char * const[]){ spa_record_get_id (client), NULL }, NULL);
  g_assert_cmpuint (booked->len, ==, 1);
  g_assert_cmpstr (spa_booking_get_starts_at (booked->pdata[0]), ==, ten_utc);
  g_assert_cmpstr (spa_record_get_location_id (booked->pdata[0]), ==, yorkville);
}

typedef struct
{
  SpaDayCalendar *calendar;
  GDateTime      *ten;      /* 10:00 on the day shown, in the zone wanted */
} SlotWait;

/* The calendar's first column has 10:00 of @ten's zone at its 10:00. */
static gboolean
ten_is (gpointer data)
{
  SlotWait *wait = data;
  g_autoptr(GDateTime) slot = spa_day_calendar_get_slot_time (wait->calendar, 0, 10 * 60);

  return g_date_time_equal (slot, wait->ten);
}

/* Yorkville's calendar shows Toronto's hours; its time zone corrected to Vancouver's in
 * Services & Staff (main menu, Locations, its row, typed, Save), the calendar shows
 * Vancouver's at once, without switching location. */
static void
test_zone_edit_refreshes_calendar (Fixture       *f,
                                   gconstpointer  data)
{
  g_autofree char *yorkville = add_yorkville (f);
  g_autoptr(GTimeZone) toronto = g_time_zone_new_identifier ("America/Toronto");
  g_autoptr(GTimeZone) vancouver = g_time_zone_new_identifier ("America/Vancouver");
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) ten_toronto = NULL;
  g_autoptr(GDateTime) ten_vancouver = NULL;
  SpaCalendarPage *page;
  SpaStaffWindow *staff;
  EditorWait wait;
  SlotWait slot;

  spa_test_desk_show (&f->desk, GTK_APPLICATION (app), 1280, 800);
  spa_window_show_view (f->desk.window, "today");
  page = show_calendar_at (f, "Yorkville", yorkville);
  day = g_date_time_ref (spa_calendar_page_get_day (page));
  ten_toronto = g_date_time_new (toronto, g_date_time_get_year (day), g_date_time_get_month (day),
                                 g_date_time_get_day_of_month (day), 10, 0, 0);
  ten_vancouver = g_date_time_new (vancouver, g_date_time_get_year (day),
                                   g_date_time_get_month (day), g_date_time_get_day_of_month (day),
                                   10, 0, 0);
  slot = (SlotWait){ spa_calendar_page_get_calendar (page), ten_toronto };
  g_assert_true (ten_is (&slot));

  staff = open_staff (f, "Locations");
  wait = (EditorWait){ staff, open_editor (staff, yorkville) };
  spa_test_replace_text (editor_field (staff, wait.editor, SPA_LOCATION_TIME_ZONE),
                         "America/Vancouver");
  spa_test_click (spa_staff_window_get_widget (staff, wait.editor, "save"), -1, -1);
  spa_test_wait_for_count (f->desk.store,
                           "SELECT count(*) FROM location WHERE id = ? AND "
                           "time_zone = 'America/Vancouver'", yorkville, 1);

  slot.ten = ten_vancouver;
  g_assert_true (spa_test_iterate_until (ten_is, &slot, 5000));
}

static gboolean
is_reports_view (gpointer data)
{
  return g_strcmp0 (spa_window_get_view (data), "reports") == 0;
}

typedef struct
{
  Fixture        *f;
  SpaReportsPage *page;
  const char     *location_id;
  gboolean        differs;   /* from the whole chain's, in at least one figure */
} ReportsWait;

/* The page shows the dashboard the store computes at @location_id (NULL: everywhere)
 * for the page's period. */
static gboolean
reports_show (gpointer data)
{
  ReportsWait *wait = data;
  SpaReportFilter filter = { .location_id = wait->location_id };
  SpaReportPeriod period;
  SpaDashboard at, everywhere;

  /* The figures are in the location's zone; everywhere's in the desk's location's. */
  g_autoptr(GTimeZone) zone = spa_location_zone (
      wait->f->desk.store,
      wait->location_id ? wait->location_id : spa_context_get_location_id (wait->f->desk.context),
      spa_context_get_time_zone (wait->f->desk.context));

  if (spa_reports_page_is_busy (wait->page))
    return FALSE;
  spa_reports_page_get_period (wait->page, &period);
  g_assert_true (spa_report_dashboard (wait->f->desk.store, zone, &period, &filter, &at, NULL));
  g_assert_true (spa_report_dashboard (wait->f->desk.store,
                                       spa_context_get_time_zone (wait->f->desk.context), &period,
                                       NULL, &everywhere, NULL));
  wait->differs = FALSE;
  for (SpaFigure figure = 0; figure < SPA_FIGURE_N; figure++)
    {
      g_autofree char *expected = spa_figure_format (figure,
                                                     spa_dashboard_get_figure (&at, figure));
      g_autofree char *all = spa_figure_format (figure,
                                                spa_dashboard_get_figure (&everywhere, figure));

      if (g_strcmp0 (spa_reports_page_get_figure_text (wait->page, figure), expected) != 0)
        return FALSE;
      wait->differs |= g_strcmp0 (expected, all) != 0;
    }
  return TRUE;
}

/* The desk's window, from Today to Reports with Alt+4. */
static SpaReportsPage *
show_reports (Fixture *f)
{
  spa_test_desk_show (&f->desk, GTK_APPLICATION (app), 1280, 800);
  spa_window_show_view (f->desk.window, "today");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->desk.window));
  spa_test_send_keys (GTK_WIDGET (f->desk.window), "alt+4");
  g_assert_true (spa_test_iterate_until (is_reports_view, f->desk.window, 5000));
  return SPA_REPORTS_PAGE (spa_test_find_widget (GTK_WIDGET (f->desk.window),
                                                 SPA_TYPE_REPORTS_PAGE));
}

/* Reports (Alt+4): its location drop-down, chosen with the mouse, gives Kitsilano's
 * figures as the store computes them, which are not the chain's. */
static void
test_reports_location (Fixture       *f,
                       gconstpointer  data)
{
  ReportsWait wait = { f, NULL, NULL, FALSE };
  GtkWidget *dropdown;

  wait.page = show_reports (f);
  g_assert_true (spa_test_iterate_until (reports_show, &wait, 20000));
  g_assert_false (wait.differs);

  dropdown = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (wait.page),
                                                       SPA_TYPE_REPORTS_PAGE,
                                                       "location_dropdown"));
  g_assert_true (spa_test_iterate_until (is_mapped, dropdown, 5000));
  spa_test_choose (dropdown, "Kitsilano");
  wait.location_id = f->kits_id;
  g_assert_true (spa_test_iterate_until (reports_show, &wait, 20000));
  g_assert_true (wait.differs);
}

/* The desk's own location (Downtown) moved to Kiritimati's zone, 22 hours ahead of the
 * desk's clock: Reports over all locations reads the days on that location's clock, as
 * Today and the calendar do, and opens on that location's month. Visits there before
 * 22:00 on the first day of the month are that month's in Kiritimati and the month
 * before's on the desk's clock, so the page's figures show which zone it read. */
static void
test_reports_desk_zone (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GTimeZone) kiritimati = g_time_zone_new_identifier ("Pacific/Kiritimati");
  g_autoptr(GPtrArray) clients = spa_store_list (f->desk.store, SPA_CLIENT_ENTITY, FALSE, NULL);
  g_autoptr(GHashTable) downtown_ids = therapists_at (f, SPA_LOCATION_DEFAULT_ID);
  g_autoptr(GList) therapists = g_hash_table_get_keys (downtown_ids);
  g_autoptr(SpaRecord) downtown = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  SpaReportPeriod month, shown;
  SpaDashboard on_location_clock, on_desk_clock;
  ReportsWait wait = { f, NULL, NULL, FALSE };
  gboolean differs = FALSE;
  int y, m, d;

  f->desk.context = spa_context_new (f->desk.store, f->desk.settings);
  g_assert_cmpstr (spa_context_get_location_id (f->desk.context), ==, SPA_LOCATION_DEFAULT_ID);
  downtown = spa_store_get (f->desk.store, SPA_LOCATION_ENTITY, SPA_LOCATION_DEFAULT_ID, NULL);
  spa_record_set_string (downtown, SPA_LOCATION_TIME_ZONE, "Pacific/Kiritimati");
  g_assert_true (spa_store_save (f->desk.store, downtown, &error));
  g_assert_no_error (error);

  spa_report_period_containing (SPA_PERIOD_MONTH, spa_report_today (kiritimati, now), &month);
  spa_report_day_to_ymd (month.first, &y, &m, &d);
  g_assert_nonnull (therapists);
  for (int hour = 0; hour < 9; hour += 3)
    {
      g_autoptr(GDateTime) starts = g_date_time_new (kiritimati, y, m, d, hour, 30, 0);
      g_autofree char *visit = book_at (f, starts, clients->pdata[hour / 3], therapists->data,
                                        SPA_LOCATION_DEFAULT_ID, "completed");
    }
  g_assert_true (spa_report_dashboard (f->desk.store, kiritimati, &month, NULL,
                                       &on_location_clock, NULL));
  g_assert_true (spa_report_dashboard (f->desk.store,
                                       spa_context_get_time_zone (f->desk.context), &month, NULL,
                                       &on_desk_clock, NULL));
  /* The test means something only if the zone changes what the page must show. */
  for (SpaFigure figure = 0; figure < SPA_FIGURE_N && !differs; figure++)
    differs = spa_dashboard_get_figure (&on_location_clock, figure) !=
              spa_dashboard_get_figure (&on_desk_clock, figure);
  g_assert_true (differs);

  wait.page = show_reports (f);
  spa_reports_page_get_period (wait.page, &shown);
  g_assert_cmpint (shown.first, ==, month.first);
  g_assert_cmpint (shown.last, ==, month.last);
  g_assert_true (spa_test_iterate_until (reports_show, &wait, 20000));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  app = spa_test_application_new ();

  g_test_add ("/ui/locations/switch", Fixture, NULL, fixture_set_up, test_switch_location,
              fixture_tear_down);
  g_test_add ("/ui/locations/switch-narrow", Fixture, NULL, fixture_set_up,
              test_switch_location_narrow, fixture_tear_down);
  g_test_add ("/ui/locations/preferences", Fixture, NULL, fixture_set_up,
              test_preferences_location, fixture_tear_down);
  g_test_add ("/ui/locations/staff", Fixture, NULL, fixture_set_up, test_staff_locations,
              fixture_tear_down);
  g_test_add ("/ui/locations/today", Fixture, NULL, fixture_set_up, test_today_location,
              fixture_tear_down);
  g_test_add ("/ui/locations/today-zone", Fixture, NULL, fixture_set_up,
              test_today_in_location_zone, fixture_tear_down);
  g_test_add ("/ui/locations/reports", Fixture, NULL, fixture_set_up, test_reports_location,
              fixture_tear_down);
  g_test_add ("/ui/locations/reports-zone", Fixture, NULL, fixture_set_up,
              test_reports_desk_zone, fixture_tear_down);
  g_test_add ("/ui/locations/editor-zone", Fixture, NULL, fixture_set_up,
              test_editor_in_location_zone, fixture_tear_down);
  g_test_add ("/ui/locations/zone-edit", Fixture, NULL, fixture_set_up,
              test_zone_edit_refreshes_calendar, fixture_tear_down);

  return spa_test_run_application (&app);
}
