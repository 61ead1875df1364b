/* test-ui-online.c: the online booking settings on the desk, through real key presses
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "spa-application.h"
#include "spa-context.h"
#include "spa-migrations.h"
#include "spa-online-page-private.h"
#include "spa-staff-window-private.h"
#include "spa-test-input.h"
#include "spa-test-ui-util.h"
#include "spa-test-util.h"
#include "spa-widget-util.h"
#include "spa-window.h"

/*
 * A manager sets how the spa books online (Services & Staff, Online Booking) and which
 * services and therapists take online bookings, typing into the real widgets; the
 * store says what was saved, and its outbox holds it for the server.
 */

#define HOT_STONE spa_default_service_id (4)

typedef struct
{
  SpaTestDesk desk;
  SpaRecord  *ana;
} Fixture;

static SpaApplication *app;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  spa_test_desk_open (&f->desk);
  f->ana = spa_test_add_named (f->desk.store, "therapist", "Ana Ruiz", NULL);
  g_settings_set_boolean (f->desk.settings, "sign-in", FALSE);
  g_settings_set_string (f->desk.settings, "server-url", "");
  spa_test_desk_show (&f->desk, GTK_APPLICATION (app), 1280, 800);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  spa_test_desk_tear_down (&f->desk);
  g_clear_object (&f->ana);
}

/* Keys that type @text: letters, digits, spaces and a little punctuation. */
static char *
keys_for (const char *text)
{
  GString *keys = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    {
      char buffer[2] = { *p, 0 };
      const char *name = buffer;

      switch (*p)
        {
        case ' ': name = "space"; break;
        case '.': name = "period"; break;
        case ',': name = "comma"; break;
        case '!': name = "exclam"; break;
        case '-': name = "minus"; break;
        default: break;
        }
      g_string_append_printf (keys, "%s ", name);
    }
  return g_string_free (keys, FALSE);
}

/* Focus @widget and replace what it holds by @text, as a person would. */
static void
type_into (GtkWidget  *widget,
           const char *text)
{
  g_autofree char *keys = keys_for (text);
  g_autofree char *all = g_strconcat ("ctrl+a BackSpace ", keys, NULL);

  g_assert_true (gtk_widget_grab_focus (widget));
  spa_test_send_keys (widget, all);
}

static void
press (GtkWidget  *widget,
       const char *keys)
{
  g_assert_true (gtk_widget_grab_focus (widget));
  spa_test_send_keys (widget, keys);
}

static SpaStaffWindow *
open_staff (Fixture *f)
{
  GtkWindow *staff;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->desk.window), "win.services-staff",
                                             NULL));
  staff = spa_test_find_toplevel (SPA_TYPE_STAFF_WINDOW);
  g_assert_nonnull (staff);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (staff));
  return SPA_STAFF_WINDOW (staff);
}

/* With SPA_SCREENSHOT_DIR set, the window as it is now, as NAME.png there. */
static void
screenshot (GtkWidget  *window,
            const char *name)
{
  const char *dir = g_getenv ("SPA_SCREENSHOT_DIR");
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (dir == NULL)
    return;
  path = g_build_filename (dir, file, NULL);
  gtk_test_widget_wait_for_draw (window);
  g_assert_true (spa_widget_save_png (window, path, &error));
  g_assert_no_error (error);
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  return spa_test_count_rows (f->desk.store, sql, SPA_ONLINE_SETTINGS_ID);
}

/* The error a person reads on @page: its shown field-error label, or NULL. */
static const char *
shown_error (gpointer page)
{
  GtkWidget *widget = page;

  if (!gtk_widget_get_visible (widget))
    return NULL;
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "field-error"))
    return gtk_label_get_text (GTK_LABEL (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *found = shown_error (child);

      if (found)
        return found;
    }
  return NULL;
}

static void
test_settings (Fixture       *f,
               gconstpointer  data)
{
  SpaStaffWindow *staff = open_staff (f);
  SpaOnlinePage *page;
  GtkWidget *save;

  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (staff), "online");
  page = SPA_ONLINE_PAGE (spa_test_find_widget (GTK_WIDGET (staff), SPA_TYPE_ONLINE_PAGE));
  g_assert_nonnull (page);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (staff));
  save = spa_test_find_labelled (GTK_WIDGET (page), GTK_TYPE_BUTTON, "Save");
  g_assert_nonnull (save);

  /* The defaults are shown. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spa_online_page_get_row (page,
      "notice_minutes"))), ==, "120");
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (spa_online_page_get_row (page, "enabled"))));

  /* Words where minutes go: refused, said next to the field, nothing saved. */
  type_into (spa_online_page_get_row (page, "notice_minutes"), "soon");
  press (save, "space");
  g_assert_nonnull (shown_error (page));
  g_assert_nonnull (strstr (shown_error (page), "minutes"));
  g_assert_true (gtk_widget_has_css_class (spa_online_page_get_row (page, "notice_minutes"),
                                           "error"));
  g_assert_cmpint (count (f, "SELECT count(*) FROM online_settings WHERE id = ?"
                             " AND notice_minutes IS NULL AND version = 0"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM sync_outbox WHERE record_id = ?"), ==, 0);

  /* A grid of 2 minutes is out of range too. */
  type_into (spa_online_page_get_row (page, "notice_minutes"), "45");
  type_into (spa_online_page_get_row (page, "slot_minutes"), "2");
  press (save, "space");
  g_assert_nonnull (strstr (shown_error (page), "240"));
  screenshot (GTK_WIDGET (staff), "online-settings-error");

  type_into (spa_online_page_get_row (page, "slot_minutes"), "30");
  type_into (spa_online_page_get_row (page, "horizon_days"), "60");
  type_into (spa_online_page_get_row (page, "cancel_hours"), "48");
  type_into (spa_online_page_get_row (page, "intro"), "Welcome to Cedar, book below!");
  press (spa_online_page_get_row (page, "enabled"), "space");
  press (save, "space");
  g_assert_null (shown_error (page));
  screenshot (GTK_WIDGET (staff), "online-settings");

  g_assert_cmpint (count (f, "SELECT count(*) FROM online_settings WHERE id = ? AND enabled = 0"
                             " AND notice_minutes = 45 AND slot_minutes = 30"
                             " AND horizon_days = 60 AND cancel_hours = 48"
                             " AND intro = 'Welcome to Cedar, book below!'"), ==, 1);
  /* Waiting for the next sync. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM sync_outbox WHERE record_id = ?"), >=, 1);
}

static void
test_services_and_therapists (Fixture       *f,
                              gconstpointer  data)
{
  SpaStaffWindow *staff = open_staff (f);
  GtkWidget *hot = spa_staff_window_find_editor (staff, HOT_STONE);
  GtkWidget *ana = spa_staff_window_find_editor (staff, spa_record_get_id (f->ana));
  g_autoptr(SpaRecord) service = NULL;
  g_autoptr(SpaRecord) therapist = NULL;

  g_assert_nonnull (hot);
  g_assert_nonnull (ana);

  /* Hot stone no longer booked online: its switch, then Save. */
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (hot), TRUE);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (staff));
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (spa_staff_window_get_widget (staff, hot,
                                                                                 "online"))));
  press (spa_staff_window_get_widget (staff, hot, "online"), "space");
  press (spa_staff_window_get_widget (staff, hot, "save"), "space");
  service = spa_store_get (f->desk.store, "service", HOT_STONE, NULL);
  g_assert_false (spa_availability_takes_online (service));
  g_assert_true (spa_record_get_boolean (service, "active"));

  /* Ana: a short biography for the page, and off the page for now. */
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (staff), "therapists");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (ana), TRUE);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (staff));
  type_into (spa_staff_window_get_widget (staff, ana, "bio"), "Sports massage, ten years.");
  press (spa_staff_window_get_widget (staff, ana, "online"), "space");
  press (spa_staff_window_get_widget (staff, ana, "save"), "space");
  g_assert_null (spa_staff_window_get_error (staff, ana));
  screenshot (GTK_WIDGET (staff), "online-therapist");
  therapist = spa_store_get (f->desk.store, "therapist", spa_record_get_id (f->ana), NULL);
  g_assert_cmpstr (spa_record_get_string (therapist, "bio"), ==, "Sports massage, ten years.");
  g_assert_false (spa_availability_takes_online (therapist));
  g_assert_nonnull (strstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (ana)), "online"));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  app = spa_test_application_new ();

#define ADD(path, func) \
  g_test_add ("/ui-online/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("settings", test_settings);
  ADD ("services-and-therapists", test_services_and_therapists);

  return spa_test_run_application (&app);
}
