/* test-ui-sync.c: Preferences → Sync, the header indicator and the Conflicts page
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "spa-clients-page.h"
#include "spa-conflicts-window.h"
#include "spa-hostile-server.h"
#include "spa-preferences-window-private.h"
#include "spa-preferences-window.h"
#include "spa-server.h"
#include "spa-server-sync.h"
#include "spa-sync-indicator.h"
#include "spa-sync-test-util.h"
#include "spa-test-input.h"
#include "spa-test-ui-util.h"
#include "spa-test-util.h"
#include "spa-today-page-private.h"
#include "spa-widget-util.h"
#include "spa-today-page.h"
#include "spa-window.h"

typedef struct
{
  char       *dir;
  char       *server_dir;
  SpaStore   *store;
  SpaStore   *server_store;
  SpaServer  *server;
  char       *url;
  char       *token;
  SpaContext *context;
  SpaWindow  *window;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;

  f->server_store = spa_test_open_store (&f->server_dir);
  f->server = spa_server_new (f->server_store, NULL);
  spa_server_listen (f->server, "127.0.0.1", 0, &error);
  g_assert_no_error (error);
  f->url = spa_server_get_url (f->server);
  spa_server_add_user (f->server_store, "desk", SPA_ROLE_MANAGER, &f->token, &error);
  g_assert_no_error (error);

  f->store = spa_test_open_store (&f->dir);
  f->context = spa_context_new (f->store, settings);
  /* Driven by hand, so the test decides when a sync happens. */
  spa_sync_engine_set_automatic (spa_context_get_sync_engine (f->context), FALSE);
  f->window = spa_window_new (NULL, f->context);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1200, 760);
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  /* The windows the test opened first (Preferences, Conflicts), then the desk's. */
  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i - 1);

      if (window != G_OBJECT (f->window))
        gtk_window_destroy (GTK_WINDOW (window));
    }
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->context);
  g_clear_object (&f->store);
  g_clear_object (&f->server);
  g_clear_object (&f->server_store);
  spa_test_remove_dir (f->dir);
  spa_test_remove_dir (f->server_dir);
  g_free (f->dir);
  g_free (f->server_dir);
  g_free (f->url);
  g_free (f->token);
}

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

static void
sync_app (Fixture *f)
{
  SpaTestDevice app = { .store = f->store, .engine = spa_context_get_sync_engine (f->context) };

  spa_test_device_sync_ok (&app);
}

static SpaSyncIndicator *
find_indicator (GtkWidget *widget)
{
  if (SPA_IS_SYNC_INDICATOR (widget))
    return SPA_SYNC_INDICATOR (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      SpaSyncIndicator *found = find_indicator (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  const char *dir = g_getenv ("SPA_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (dir == NULL)
    return;
  spin (600);
  path = g_build_filename (dir, name, NULL);
  spa_widget_save_png (widget, path, &error);
  g_assert_no_error (error);
}

static gboolean
no_conflict_left (gpointer engine)
{
  return spa_sync_engine_get_conflicts (engine) == 0;
}

static void
test_indicator_and_conflicts (Fixture       *f,
                              gconstpointer  data)
{
  SpaSyncEngine *engine = spa_context_get_sync_engine (f->context);
  SpaSyncIndicator *indicator = find_indicator (GTK_WIDGET (f->window));
  g_autoptr(SpaTestDevice) other = spa_test_device_new (f->url, f->token);
  g_autoptr(SpaRecord) client = NULL;
  g_autoptr(SpaRecord) theirs = NULL;
  g_autoptr(SpaRecord) check = NULL;
  g_autoptr(GError) error = NULL;
  SpaConflictsWindow *conflicts;
  GtkWidget *keep_mine;

  g_assert_nonnull (indicator);
  /* No server: the desk works as before and the indicator stays out of the way. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (indicator)));

  client = spa_test_add_client (f->store, "Maria", "Lopez", "maria@example.org", NULL);
  spa_sync_engine_set_server (engine, "http://127.0.0.1:9", f->token);
  g_assert_false (spa_test_device_sync (&(SpaTestDevice) { .store = f->store, .engine = engine }, NULL));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (indicator)));
  g_assert_cmpstr (spa_sync_indicator_get_text (indicator), ==, "Offline: 1 change waiting");

  /* A server that answers with errors is not "offline"; the tooltip says what it said. */
  {
    g_autoptr(SpaHostileServer) failing = spa_hostile_server_new ();
    g_autofree char *failing_url = spa_hostile_server_url (failing, "e500");
    const char *tooltip;

    spa_sync_engine_set_server (engine, failing_url, f->token);
    g_assert_false (spa_test_device_sync (&(SpaTestDevice) { .store = f->store, .engine = engine }, NULL));
    g_assert_cmpstr (spa_sync_indicator_get_text (indicator), ==, "Sync problem: 1 change waiting");
    g_assert_cmpstr (gtk_widget_get_tooltip_text (gtk_widget_get_first_child (GTK_WIDGET (indicator))), ==,
                     "The sync server had a problem (500). Retrying later.");

    /* Nor is one that takes the request and says nothing: it is "not answering". */
    g_free (failing_url);
    failing_url = spa_hostile_server_url (failing, "silent");
    spa_sync_engine_set_server (engine, failing_url, f->token);
    spa_sync_engine_set_timeout (engine, 1);
    g_assert_false (spa_test_device_sync (&(SpaTestDevice) { .store = f->store, .engine = engine },
                                          NULL));
    g_assert_cmpstr (spa_sync_indicator_get_text (indicator), ==,
                     "Server not answering: 1 change waiting");
    tooltip = gtk_widget_get_tooltip_text (gtk_widget_get_first_child (GTK_WIDGET (indicator)));
    g_assert_cmpstr (tooltip, ==, "The sync server is not answering: nothing came for 1 second.");
    spa_sync_engine_set_timeout (engine, 60);
  }

  spa_sync_engine_set_server (engine, f->url, f->token);
  sync_app (f);
  g_assert_cmpstr (spa_sync_indicator_get_text (indicator), ==, "Synced just now");
  g_assert_true (spa_store_exists (f->server_store, "client", spa_record_get_id (client)));

  /* The same field changed on another desk first: a conflict to resolve. */
  spa_test_device_sync_ok (other);
  theirs = spa_store_get (other->store, "client", spa_record_get_id (client), &error);
  g_assert_no_error (error);
  spa_record_set_string (theirs, "allergies", "Nut oils");
  spa_record_set_string (theirs, "phone", "604-555-0142");
  spa_store_save (other->store, theirs, &error);
  g_assert_no_error (error);
  spa_test_device_sync_ok (other);

  spa_record_set_string (client, "allergies", "Almond and nut oils; lavender");
  spa_record_set_string (client, "phone", "604-555-0100");
  spa_store_save (f->store, client, &error);
  g_assert_no_error (error);
  sync_app (f);
  g_assert_cmpint (spa_sync_engine_get_conflicts (engine), ==, 1);
  g_assert_cmpstr (spa_sync_indicator_get_text (indicator), ==, "1 conflict to resolve");
  spa_test_show_view (GTK_WIDGET (f->window), "Clients");
  save_screenshot (GTK_WIDGET (f->window), "sync-status.png");

  /* A click on the indicator shows the conflict; a click on Keep Mine resolves it. */
  spa_test_click (GTK_WIDGET (indicator), -1, -1);
  conflicts = SPA_CONFLICTS_WINDOW (spa_test_wait_for_toplevel (SPA_TYPE_CONFLICTS_WINDOW));
  g_assert_cmpuint (spa_conflicts_window_get_n_conflicts (conflicts), ==, 1);
  save_screenshot (GTK_WIDGET (conflicts), "conflicts.png");

  /* Keep mine: both fields go out again and win. */
  keep_mine = spa_test_find_labelled (GTK_WIDGET (conflicts), GTK_TYPE_BUTTON, "Keep Mine");
  g_assert_nonnull (keep_mine);
  spa_test_click (keep_mine, -1, -1);
  g_assert_true (spa_test_iterate_until (no_conflict_left, engine, 5000));
  g_assert_cmpuint (spa_conflicts_window_get_n_conflicts (conflicts), ==, 0);
  /* Mine goes out again: it is waiting, or the desk's own sync after the change has
   * sent it already; either way the server ends with both fields. */
  g_assert_cmpint (spa_store_outbox_pending (f->store), <=, 1);
  sync_app (f);
  check = spa_store_get (f->server_store, "client", spa_record_get_id (client), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (spa_record_get_string (check, "allergies"), ==, "Almond and nut oils; lavender");
  g_assert_cmpstr (spa_record_get_string (check, "phone"), ==, "604-555-0100");
  g_assert_cmpstr (spa_sync_indicator_get_text (indicator), ==, "Synced just now");
}

static gboolean
has_label (GtkWidget  *widget,
           const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (has_label (child, text))
      return TRUE;
  return FALSE;
}

static SpaRecord *
booking_at_noon (SpaStore   *store,
                 const char *client_id,
                 const char *therapist_id)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) noon = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                     g_date_time_get_day_of_month (now), 12, 0, 0);
  g_autoptr(GDateTime) end = g_date_time_add_hours (noon, 1);
  g_autoptr(GDateTime) noon_utc = g_date_time_to_utc (noon);
  g_autoptr(GDateTime) end_utc = g_date_time_to_utc (end);
  g_autofree char *starts = spa_time_format_utc (noon_utc);
  g_autofree char *ends = spa_time_format_utc (end_utc);
  g_autoptr(GError) error = NULL;
  SpaRecord *booking = spa_record_new ("booking");

  spa_record_set_string (booking, "client_id", client_id);
  spa_record_set_string (booking, "therapist_id", therapist_id);
  spa_record_set_string (booking, "service_id", "5ba0d35c-0000-4000-8000-000000000001");
  spa_record_set_string (booking, "starts_at", starts);
  spa_record_set_string (booking, "ends_at", ends);
  spa_record_set_string (booking, "status", "booked");
  spa_store_save (store, booking, &error);
  g_assert_no_error (error);
  return booking;
}

static void
test_rejected_booking_shown (Fixture       *f,
                             gconstpointer  data)
{
  SpaSyncEngine *engine = spa_context_get_sync_engine (f->context);
  g_autoptr(SpaTestDevice) other = spa_test_device_new (f->url, f->token);
  g_autoptr(SpaRecord) client = spa_test_add_client (f->store, "Noor", "Haddad", NULL, NULL);
  g_autoptr(SpaRecord) therapist = spa_record_new ("therapist");
  g_autoptr(SpaRecord) mine = NULL;
  g_autoptr(SpaRecord) theirs = NULL;
  g_autoptr(GError) error = NULL;
  gboolean shown = FALSE;

  spa_record_set_string (therapist, "name", "Theo Marsh");
  spa_store_save (f->store, therapist, &error);
  g_assert_no_error (error);
  spa_sync_engine_set_server (engine, f->url, f->token);
  sync_app (f);
  spa_test_device_sync_ok (other);

  /* The same slot booked on two desks while apart: the other desk's reaches the server first. */
  theirs = booking_at_noon (other->store, spa_record_get_id (client), spa_record_get_id (therapist));
  mine = booking_at_noon (f->store, spa_record_get_id (client), spa_record_get_id (therapist));
  spa_test_device_sync_ok (other);
  sync_app (f);

  /* Caught and shown, not lost: flagged on Today with a way to move it. */
  g_assert_true (spa_store_exists (f->store, "booking", spa_record_get_id (mine)));
  spa_test_show_view (GTK_WIDGET (f->window), "Today");
  for (guint i = 0; i < 300 && !shown; i++)
    {
      spin (10);
      shown = has_label (GTK_WIDGET (f->window), "Refused by the server");
    }
  g_assert_true (shown);
  /* It is rescheduled, not checked in; the accepted one can be checked in. */
  g_assert_null (spa_today_page_get_check_in_button (SPA_TODAY_PAGE (spa_window_get_today_page (f->window)),
                                                     spa_record_get_id (mine)));
  save_screenshot (GTK_WIDGET (f->window), "sync-rejected-booking.png");
}

/* A first sync of more than a page runs on the pull worker and loads the whole spa:
 * the window's lists hear of it on the main thread, and search finds the clients once
 * the load has built its index. */
static void
test_first_sync_fills_views (Fixture       *f,
                             gconstpointer  data)
{
  SpaSyncEngine *engine = spa_context_get_sync_engine (f->context);
  g_autoptr(SpaTestDevice) other = spa_test_device_new (f->url, f->token);
  SpaClientsPage *page = SPA_CLIENTS_PAGE (spa_window_get_clients_page (f->window));
  GListModel *model = NULL;

  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *first = g_strdup_printf ("%s%u", i % 3 ? "Amélie" : "Zoë", i);
      g_autoptr(SpaRecord) c = spa_test_add_client (other->store, first, "Côté", NULL, NULL);
    }
  spa_test_device_sync_ok (other);

  spa_test_show_view (GTK_WIDGET (f->window), "Clients");
  model = spa_clients_page_get_model (page);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);

  spa_sync_engine_set_server (engine, f->url, f->token);
  spa_sync_engine_set_batch_size (engine, 100, 7);
  sync_app (f);
  g_assert_cmpint (spa_store_count (f->store, "client"), ==, 60);

  spa_test_wait_for_n_items (model, 60);
  spa_test_click (GTK_WIDGET (spa_clients_page_get_search_entry (page)), -1, -1);
  spa_test_type (GTK_WIDGET (spa_clients_page_get_search_entry (page)), "zoe");
  spa_test_wait_for_n_items (model, 20);
  save_screenshot (GTK_WIDGET (f->window), "sync-first-sync.png");
}

static GtkWidget *
template_child (SpaPreferencesWindow *preferences,
                const char           *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (preferences),
                                                    SPA_TYPE_PREFERENCES_WINDOW, name));
}

/* The server's address and the token typed into Preferences → Sync, and a click on
 * Sign In. */
static void
type_and_sign_in (SpaPreferencesWindow *preferences,
                  const char           *url,
                  const char           *token)
{
  GtkWidget *sign_in = template_child (preferences, "sign_in_button");

  spa_test_replace_text (template_child (preferences, "server_row"), url);
  spa_test_replace_text (template_child (preferences, "token_row"), token);
  g_assert_true (gtk_widget_get_sensitive (sign_in));
  spa_test_click (sign_in, -1, -1);
}

static gboolean
has_error (gpointer preferences)
{
  return spa_preferences_window_get_error (preferences) != NULL;
}

static gboolean
engine_has_server (gpointer engine)
{
  return spa_sync_engine_get_server_url (engine) != NULL;
}

typedef struct
{
  GSettings  *settings;
  const char *key;
  guint       value;
} UintWait;

static gboolean
setting_is (gpointer data)
{
  UintWait *wait = data;

  return g_settings_get_uint (wait->settings, wait->key) == wait->value;
}

static void
test_preferences (Fixture       *f,
                  gconstpointer  data)
{
  SpaPreferencesWindow *preferences =
    SPA_PREFERENCES_WINDOW (spa_test_open_preferences (GTK_WIDGET (f->window), "Sync"));
  GSettings *settings = spa_context_get_settings (f->context);
  SpaSyncEngine *engine = spa_context_get_sync_engine (f->context);
  UintWait week_start = { settings, "week-start", 7 };

  type_and_sign_in (preferences, "spa.example.org", f->token);
  g_assert_true (spa_test_iterate_until (has_error, preferences, 5000));
  g_assert_nonnull (strstr (spa_preferences_window_get_error (preferences), "http"));
  type_and_sign_in (preferences, f->url, "  ");
  g_assert_true (spa_test_iterate_until (has_error, preferences, 5000));
  g_assert_nonnull (strstr (spa_preferences_window_get_error (preferences), "token"));
  /* Nothing half-saved. */
  {
    g_autofree char *url = g_settings_get_string (settings, "server-url");

    g_assert_cmpstr (url, ==, "");
  }
  g_assert_null (spa_sync_engine_get_server_url (engine));

  /* No keyring answers in this test (see main): the desk says so plainly, and still
   * syncs for this session. */
  type_and_sign_in (preferences, f->url, f->token);
  g_assert_true (spa_test_iterate_until (engine_has_server, engine, 5000));
  g_assert_cmpstr (spa_sync_engine_get_server_url (engine), ==, f->url);
  g_assert_true (spa_test_iterate_until (has_error, preferences, 5000));
  g_assert_nonnull (strstr (spa_preferences_window_get_error (preferences), "keyring"));
  save_screenshot (GTK_WIDGET (preferences), "preferences-sync.png");

  /* Week start lands in the settings. */
  spa_test_click (spa_test_find_labelled (GTK_WIDGET (preferences), GTK_TYPE_TOGGLE_BUTTON,
                                          "General"), -1, -1);
  spa_test_choose (template_child (preferences, "week_start_row"), "Sunday");
  g_assert_true (spa_test_iterate_until (setting_is, &week_start, 5000));
}

/* Plain http:// to another machine: warned about as it is typed, refused until
 * confirmed; loopback and https:// are not. */
static void
test_plain_http_warning (Fixture       *f,
                         gconstpointer  data)
{
  SpaPreferencesWindow *preferences =
    SPA_PREFERENCES_WINDOW (spa_test_open_preferences (GTK_WIDGET (f->window), "Sync"));
  GSettings *settings = spa_context_get_settings (f->context);
  GtkWidget *server_row = template_child (preferences, "server_row");
  GtkWidget *token_row = template_child (preferences, "token_row");
  GtkWidget *box = template_child (preferences, "plain_http_box");
  GtkWidget *check = template_child (preferences, "plain_http_check");
  GtkWidget *sign_in = template_child (preferences, "sign_in_button");
  g_autofree char *url = NULL;

  spa_test_replace_text (token_row, f->token);
  spa_test_replace_text (server_row, "https://spa.example.org");
  g_assert_false (gtk_widget_get_visible (box));
  g_assert_true (gtk_widget_get_sensitive (sign_in));
  spa_test_replace_text (server_row, "http://127.0.0.1:8080");
  g_assert_false (gtk_widget_get_visible (box));
  g_assert_true (gtk_widget_get_sensitive (sign_in));

  spa_test_replace_text (server_row, "http://192.0.2.10:8080");
  g_assert_true (gtk_widget_get_visible (box));
  g_assert_false (gtk_widget_get_sensitive (sign_in));
  g_assert_true (spa_test_iterate_until ((SpaTestCondition)gtk_widget_get_mapped, box, 5000));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (preferences));
  save_screenshot (GTK_WIDGET (preferences), "preferences-plain-http.png");
  /* Stop Syncing and Sign In side by side, each at least as wide as it asks. */
  {
    GtkWidget *sign_out = template_child (preferences, "sign_out_button");
    graphene_rect_t in_bounds, out_bounds;
    int in_min, out_min;

    g_assert_true (gtk_widget_compute_bounds (sign_in, GTK_WIDGET (preferences), &in_bounds));
    g_assert_true (gtk_widget_compute_bounds (sign_out, GTK_WIDGET (preferences), &out_bounds));
    gtk_widget_measure (sign_in, GTK_ORIENTATION_HORIZONTAL, -1, &in_min, NULL, NULL, NULL);
    gtk_widget_measure (sign_out, GTK_ORIENTATION_HORIZONTAL, -1, &out_min, NULL, NULL, NULL);
    g_assert_cmpfloat (in_bounds.origin.y, ==, out_bounds.origin.y);
    g_assert_cmpfloat (in_bounds.origin.x, >=, out_bounds.origin.x + out_bounds.size.width);
    g_assert_cmpfloat (in_bounds.size.width, >=, in_min);
    g_assert_cmpfloat (out_bounds.size.width, >=, out_min);
  }

  /* Refused without the confirmation: a click on Sign In does nothing, nothing is
   * saved, the engine is not pointed there. */
  spa_test_click (sign_in, -1, -1);
  url = g_settings_get_string (settings, "server-url");
  g_assert_cmpstr (url, ==, "");
  g_assert_null (spa_sync_engine_get_server_url (spa_context_get_sync_engine (f->context)));

  /* Confirmed with a click: signing in becomes possible. */
  spa_test_click (check, -1, -1);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  g_assert_true (gtk_widget_get_sensitive (sign_in));
  /* Another address asks again. */
  spa_test_replace_text (server_row, "http://192.0.2.11:8080");
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  g_assert_false (gtk_widget_get_sensitive (sign_in));
}

int
main (int   argc,
      char *argv[])
{
  /* A session bus that does not exist: no keyring can answer, whatever the machine has. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/spa-desk-test-bus", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/sync/indicator-and-conflicts", Fixture, NULL, fixture_set_up,
              test_indicator_and_conflicts, fixture_tear_down);
  g_test_add ("/ui/sync/rejected-booking-shown", Fixture, NULL, fixture_set_up,
              test_rejected_booking_shown, fixture_tear_down);
  g_test_add ("/ui/sync/preferences", Fixture, NULL, fixture_set_up, test_preferences, fixture_tear_down);
  g_test_add ("/ui/sync/plain-http-warning", Fixture, NULL, fixture_set_up, test_plain_http_warning,
              fixture_tear_down);
  g_test_add ("/ui/sync/first-sync-fills-views", Fixture, NULL, fixture_set_up,
              test_first_sync_fills_views, fixture_tear_down);

  return g_test_run ();
}
