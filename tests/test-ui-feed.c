/* test-ui-feed.c: a therapist's calendar feed link in Services & Staff, by real keys
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "spa-server.h"
#include "spa-server-sync.h"
#include "spa-staff-window.h"
#include "spa-sync-test-util.h"
#include "spa-test-input.h"
#include "spa-test-server.h"
#include "spa-test-ui-util.h"
#include "spa-test-util.h"

/*
 * The real server on 127.0.0.1 and a desk signed in to it as a manager. In Services &
 * Staff, the therapist's row opens with Space, "Get Link" asks the server for a secret
 * feed, and "Copy" puts it on the clipboard: both pressed with real key presses
 * (xdotool). The copied URL, fetched with a plain GET and no token, is the therapist's
 * calendar with their booking.
 */

typedef struct
{
  GtkWidget  *root;
  const char *text;
  GtkWidget  *found;
} Search;

static void
find_button (GtkWidget *widget,
             Search    *search)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child && !search->found;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_BUTTON (child) && gtk_widget_get_mapped (child) &&
          g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), search->text) == 0)
        search->found = child;
      else
        find_button (child, search);
    }
}

static gboolean
button_shown (gpointer data)
{
  Search *search = data;

  search->found = NULL;
  find_button (search->root, search);
  return search->found != NULL;
}

static GtkWidget *
wait_for_button (GtkWidget  *root,
                 const char *label)
{
  Search search = { root, label, NULL };

  g_assert_true (spa_test_iterate_until (button_shown, &search, 10000));
  return search.found;
}

/* Space on the focused widget, as a person presses it. */
static void
press (GtkWidget *widget)
{
  gtk_widget_grab_focus (widget);
  g_assert_true (gtk_widget_has_focus (widget));
  spa_test_send_keys (widget, "space");
}

typedef struct
{
  char    *text;
  gboolean done;
} ClipboardRead;

static void
clipboard_read_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ClipboardRead *read = user_data;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  read->done = TRUE;
}

static gboolean
is_done (gpointer data)
{
  return ((ClipboardRead *)data)->done;
}

static gboolean
shows_failure (gpointer data)
{
  const char *text = spa_test_toast_text (data);

  return text != NULL && g_str_has_prefix (text, "The sync server cannot be reached: ");
}

static void
test_feed_link (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;
  g_autofree char *server_dir = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *token = NULL;
  g_autofree char *url = NULL;
  g_autoptr(SpaStore) server_store = spa_test_open_store (&server_dir);
  g_autoptr(SpaServer) server = NULL;
  g_autoptr(SpaStore) store = spa_test_open_store (&dir);
  g_autoptr(SpaContext) context = NULL;
  g_autoptr(SpaRecord) therapist = NULL;
  g_autoptr(SpaRecord) client = NULL;
  g_autoptr(SpaRecord) booking = spa_record_new ("booking");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) starts = g_date_time_add_days (now, 2);
  g_autoptr(GDateTime) start_hour = g_date_time_new_utc (g_date_time_get_year (starts),
                                                         g_date_time_get_month (starts),
                                                         g_date_time_get_day_of_month (starts),
                                                         18, 0, 0);
  g_autoptr(GDateTime) ends = g_date_time_add_hours (start_hour, 1);
  g_autofree char *s_starts = spa_time_format_utc (start_hour);
  g_autofree char *s_ends = spa_time_format_utc (ends);
  g_autofree char *dtstart = NULL;
  SpaStaffWindow *staff;
  SpaTestDevice desk;
  GtkWidget *row = NULL, *get, *copy;
  ClipboardRead read = { NULL, FALSE };
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const char *ics;

  server = spa_test_server_start (server_store, NULL, &url);
  spa_server_add_user (server_store, "desk", SPA_ROLE_MANAGER, &token, &error);
  g_assert_no_error (error);

  /* The desk's therapist and a booking of theirs, synced to the server. */
  therapist = spa_test_add_named (store, "therapist", "Claire Dubois", NULL);
  client = spa_test_add_client (store, "Élodie", "Tremblay", NULL, NULL);
  spa_record_set_string (booking, "client_id", spa_record_get_id (client));
  spa_record_set_string (booking, "therapist_id", spa_record_get_id (therapist));
  spa_record_set_string (booking, "service_id", "5ba0d35c-0000-4000-8000-000000000001");
  spa_record_set_string (booking, "starts_at", s_starts);
  spa_record_set_string (booking, "ends_at", s_ends);
  spa_record_set_string (booking, "status", "booked");
  spa_record_set_string (booking, "source", "desk");
  g_assert_true (spa_store_save (store, booking, &error));
  g_assert_no_error (error);
  context = spa_context_new (store, settings);
  spa_sync_engine_set_automatic (spa_context_get_sync_engine (context), FALSE);
  spa_sync_engine_set_server (spa_context_get_sync_engine (context), url, token);
  desk = (SpaTestDevice) { .store = store, .engine = spa_context_get_sync_engine (context) };
  spa_test_device_sync_ok (&desk);

  staff = spa_staff_window_new (context);
  gtk_window_set_default_size (GTK_WINDOW (staff), 900, 800);
  gtk_window_present (GTK_WINDOW (staff));
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (staff), "therapists");

  /* Open the therapist's row with Space on its header, then press Get Link. */
  {
    GtkWidget *header = NULL;

    for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (staff)); w != NULL;)
      {
        /* Depth-first walk to the expander row holding the therapist's name. */
        if (ADW_IS_EXPANDER_ROW (w) &&
            g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (w)),
                       "Claire Dubois") == 0)
          {
            row = w;
            break;
          }
        if (gtk_widget_get_first_child (w))
          w = gtk_widget_get_first_child (w);
        else
          {
            while (w != NULL && gtk_widget_get_next_sibling (w) == NULL)
              w = gtk_widget_get_parent (w);
            w = w ? gtk_widget_get_next_sibling (w) : NULL;
          }
      }
    g_assert_true (ADW_IS_EXPANDER_ROW (row));
    /* The row's header is the first focusable list row inside it. */
    for (GtkWidget *w = gtk_widget_get_first_child (row); w != NULL && header == NULL;)
      {
        if (GTK_IS_LIST_BOX_ROW (w) && gtk_widget_get_focusable (w))
          header = w;
        else if (gtk_widget_get_first_child (w))
          w = gtk_widget_get_first_child (w);
        else
          {
            while (w != NULL && w != row && gtk_widget_get_next_sibling (w) == NULL)
              w = gtk_widget_get_parent (w);
            w = (w && w != row) ? gtk_widget_get_next_sibling (w) : NULL;
          }
      }
    g_assert_nonnull (header);
    press (header);
    g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (row)));
  }

  get = wait_for_button (row, "_Get Link");
  press (get);
  copy = wait_for_button (row, "_Copy");
  press (copy);

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (copy), NULL, clipboard_read_cb, &read);
  g_assert_true (spa_test_iterate_until (is_done, &read, 5000));
  g_assert_nonnull (read.text);
  g_assert_true (g_str_has_prefix (read.text, url));
  g_assert_true (g_str_has_suffix (read.text, ".ics"));
  g_assert_nonnull (strstr (read.text, "/v1/feed/"));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (gtk_widget_get_ancestor (
    copy, ADW_TYPE_ACTION_ROW))), ==, read.text);

  /* SPA_FEED_SHOT=FILE.png: how the row looks with its link. */
  if (g_getenv ("SPA_FEED_SHOT") != NULL)
    {
      g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (staff));
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
      g_autoptr(GskRenderNode) node = NULL;
      g_autoptr(GdkTexture) texture = NULL;

      gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (GTK_WIDGET (staff)),
                              gtk_widget_get_height (GTK_WIDGET (staff)));
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
      texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (staff)), node,
                                             NULL);
      gdk_texture_save_to_png (texture, g_getenv ("SPA_FEED_SHOT"));
    }

  /* A plain GET, as a calendar app subscribes: the therapist's booking, nothing else. */
  msg = soup_message_new ("GET", read.text);
  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  ics = g_bytes_get_data (bytes, NULL);
  dtstart = g_date_time_format (start_hour, "DTSTART:%Y%m%dT%H%M%SZ");
  g_assert_nonnull (g_strstr_len (ics, g_bytes_get_size (bytes), dtstart));
  g_assert_nonnull (g_strstr_len (ics, g_bytes_get_size (bytes), "Élodie"));
  g_assert_null (g_strstr_len (ics, g_bytes_get_size (bytes), "Tremblay"));

  /* The server gone, a new link fails: the whole message in a toast (not cut in the
   * row's one subtitle line), and the link shown before stays. */
  spa_server_disconnect (server);
  press (get);
  g_assert_true (spa_test_iterate_until (shows_failure, staff, 10000));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (gtk_widget_get_ancestor (
    copy, ADW_TYPE_ACTION_ROW))), ==, read.text);
  g_assert_true (gtk_widget_get_sensitive (get));

  g_free (read.text);
  gtk_window_destroy (GTK_WINDOW (staff));
  g_clear_object (&context);
  spa_server_disconnect (server);
  spa_test_remove_dir (dir);
  spa_test_remove_dir (server_dir);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/spa-desk-test-bus", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui/staff/feed-link", test_feed_link);

  return g_test_run ();
}
