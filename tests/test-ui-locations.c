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
#include "spa-store-private.h"
#include "spa-test-input.h"
#include "spa-test-ui-util.h"
#include "spa-test-util.h"
#include "spa-window.h"

/*
 * The sample chain (`--demo --chain`) on a desk at its first location: the calendar
 * shows that location's therapists, the drop-down in its toolbar (clicked, then keys)
 * switches to Kitsilano, whose therapists and bookings it then shows, and a booking made
 * with Ctrl+N lands at Kitsilano with a therapist and a room there. The database is
 * the oracle.
 */

typedef struct
{
  SpaTestDesk desk;
  char       *kits_id;
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
  g_assert_nonnull (f->kits_id);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_settings_reset (f->desk.settings, "time-zone");
  g_settings_reset (f->desk.settings, "location");
  spa_test_desk_tear_down (&f->desk);
  g_free (f->kits_id);
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

  /* Ctrl+N: a new booking at Kitsilano, for Zoë, at the first free time. */
  at_kits = spa_test_count_rows (f->desk.store,
                                 "SELECT count(*) FROM booking WHERE location_id = ?", f->kits_id);
  spa_test_send_keys (GTK_WIDGET (f->desk.window), "ctrl+n");
  g_assert_true (spa_test_iterate_until (dialog_open, NULL, 5000));
  dialog = find_dialog ();
  spa_test_click (GTK_WIDGET (spa_booking_dialog_get_client_search (dialog)), -1, -1);
  spa_test_type (GTK_WIDGET (spa_booking_dialog_get_client_search (dialog)), "Tremblay");
  g_assert_true (spa_test_iterate_until (results_shown, dialog, 5000));
  spa_test_send_keys (GTK_WIDGET (dialog), "Down Return");
  g_assert_cmpstr (gtk_editable_get_text (spa_booking_dialog_get_client_search (dialog)), ==,
                   "Zoë Tremblay");
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

  return spa_test_run_application (&app);
}
