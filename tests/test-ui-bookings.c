/* test-ui-bookings.c: booking through the real editor, the calendar and Today views
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <adwaita.h>
#include <glib/gi18n.h>
#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

#include "spa-booking-actions.h"
#include "spa-booking-dialog-private.h"
#include "spa-booking-dialog.h"
#include "spa-calendar-page.h"
#include "spa-client-bookings.h"
#include "spa-client-page.h"
#include "spa-clients-page.h"
#include "spa-day-calendar-private.h"
#include "spa-sessions-section.h"
#include "spa-migrations.h"
#include "spa-staff-window-private.h"
#include "spa-staff-window.h"
#include "spa-store-private.h"
#include "spa-test-input.h"
#include "spa-test-ui-util.h"
#include "spa-test-util.h"
#include "spa-today-page-private.h"
#include "spa-today-page.h"
#include "spa-widget-util.h"
#include "spa-window.h"

#define HOT_STONE spa_default_service_id (4)

typedef struct
{
  char       *dir;
  SpaStore   *store;
  SpaContext *context;
  SpaWindow  *window;
  SpaRecord  *client;
  SpaRecord  *other_client;
  SpaRecord  *claire;
  SpaRecord  *marcus;
  SpaRecord  *cedar;
  SpaRecord  *ocean;
  GDateTime  *tomorrow;   /* local midnight */
} Fixture;

/* Every day, so that "tomorrow" is always a working day. */
#define EVERY_DAY_HOURS \
  "{\"mon\": [{\"start\": \"08:00\", \"end\": \"20:00\"}], \"tue\": [{\"start\": \"08:00\", \"end\": \"20:00\"}]," \
  " \"wed\": [{\"start\": \"08:00\", \"end\": \"20:00\"}], \"thu\": [{\"start\": \"08:00\", \"end\": \"20:00\"}]," \
  " \"fri\": [{\"start\": \"08:00\", \"end\": \"20:00\"}], \"sat\": [{\"start\": \"08:00\", \"end\": \"20:00\"}]," \
  " \"sun\": [{\"start\": \"08:00\", \"end\": \"20:00\"}]}"

static SpaRecord *
add_record (SpaStore   *store,
            const char *entity,
            const char *name,
            const char *color)
{
  g_autoptr(GError) error = NULL;
  SpaRecord *record = spa_test_add_named (store, entity, name, color ? EVERY_DAY_HOURS : NULL);

  if (color != NULL)
    {
      spa_record_set_string (record, "color", color);
      spa_record_set_string (record, "credentials", "RMT");
      spa_store_save (store, record, &error);
      g_assert_no_error (error);
    }
  return record;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) later = NULL;

  f->store = spa_test_open_store (&f->dir);
  f->client = spa_test_add_client (f->store, "Zoë", "Tremblay", "zoe@example.com", "+1 604 555 0101");
  f->other_client = spa_test_add_client (f->store, "Raj", "Patel", NULL, "+1 604 555 0107");
  f->claire = add_record (f->store, "therapist", "Claire Dubois", "#3584e4");
  f->marcus = add_record (f->store, "therapist", "Marcus Lee", "#2ec27e");
  f->cedar = add_record (f->store, "room", "Cedar room", NULL);
  f->ocean = add_record (f->store, "room", "Ocean room", NULL);

  f->context = spa_context_new (f->store, settings);
  now = spa_context_now (f->context);
  later = g_date_time_add_days (now, 1);
  f->tomorrow = g_date_time_new (spa_context_get_time_zone (f->context), g_date_time_get_year (later),
                                 g_date_time_get_month (later), g_date_time_get_day_of_month (later), 0, 0, 0);

  f->window = spa_window_new (NULL, f->context);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1200, 800);
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  /* Dialogs first, without asking about unsaved edits. */
  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i - 1);

      if (window != G_OBJECT (f->window))
        gtk_window_destroy (GTK_WINDOW (window));
    }
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->context);
  g_clear_object (&f->client);
  g_clear_object (&f->other_client);
  g_clear_object (&f->claire);
  g_clear_object (&f->marcus);
  g_clear_object (&f->cedar);
  g_clear_object (&f->ocean);
  g_clear_pointer (&f->tomorrow, g_date_time_unref);
  g_clear_object (&f->store);
  spa_test_remove_dir (f->dir);
  g_free (f->dir);
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

/* Let idle reloads, layout and drawing happen. */
static void
settle (void)
{
  spa_test_iterate_until (never, NULL, 300);
}

static SpaBookingDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (SPA_IS_BOOKING_DIALOG (window))
        return SPA_BOOKING_DIALOG (window);
    }
  return NULL;
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found)
        return found;
    }
  return NULL;
}

/* The button a person would click, by its label. */
static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found)
        return found;
    }
  return NULL;
}

static GDateTime *
tomorrow_at (Fixture *f,
             int      hour,
             int      minute)
{
  return g_date_time_add_minutes (f->tomorrow, hour * 60 + minute);
}

static SpaRecord *
book (Fixture    *f,
      SpaRecord  *client,
      SpaRecord  *therapist,
      SpaRecord  *room,
      GDateTime  *starts,
      const char *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) ends = g_date_time_add_minutes (starts, 90);
  g_autofree char *s = spa_time_format_utc (starts);
  g_autofree char *e = spa_time_format_utc (ends);
  SpaRecord *booking = spa_record_new ("booking");

  spa_record_set_string (booking, "client_id", spa_record_get_id (client));
  spa_record_set_string (booking, "therapist_id", spa_record_get_id (therapist));
  spa_record_set_string (booking, "service_id", HOT_STONE);
  spa_record_set_string (booking, "room_id", spa_record_get_id (room));
  spa_record_set_string (booking, "starts_at", s);
  spa_record_set_string (booking, "ends_at", e);
  spa_record_set_string (booking, "status", status);
  spa_store_save (f->store, booking, &error);
  g_assert_no_error (error);
  return booking;
}

static gboolean
same_day (GDateTime *a,
          GDateTime *b)
{
  return g_date_time_get_year (a) == g_date_time_get_year (b) &&
         g_date_time_get_day_of_year (a) == g_date_time_get_day_of_year (b);
}

/* The Calendar view on @day, as the desk gets there: the view switcher, then the
 * Next or Previous button until @day shows. */
static SpaDayCalendar *
show_day (Fixture   *f,
          GDateTime *day)
{
  SpaCalendarPage *page = SPA_CALENDAR_PAGE (spa_window_get_calendar_page (f->window));

  spa_test_show_view (GTK_WIDGET (f->window), "Calendar");
  settle ();
  for (guint i = 0; i < 7 && !same_day (spa_calendar_page_get_day (page), day); i++)
    {
      gboolean later = g_date_time_compare (day, spa_calendar_page_get_day (page)) > 0;

      const char *action = later ? "calendar.next" : "calendar.previous";

      spa_test_click (spa_test_find_action_widget (GTK_WIDGET (page), action), -1, -1);
      settle ();
    }
  g_assert_true (same_day (spa_calendar_page_get_day (page), day));
  return spa_calendar_page_get_calendar (page);
}

static SpaDayCalendar *
show_tomorrow (Fixture *f)
{
  return show_day (f, f->tomorrow);
}


/* Real key presses, through the X server (xdotool's XTEST), into @window: what a
 * person at the keyboard does, with GTK's own key handling and focus rules. */
static void
press_keys (GtkWidget          *window,
            const char * const *keys)
{
#ifdef GDK_WINDOWING_X11
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autofree char *xid = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (!GDK_IS_X11_SURFACE (surface))
    {
      g_test_skip ("real key presses need the X11 backend (run under Xvfb)");
      return;
    }

  settle ();
  xid = g_strdup_printf ("%lu", (unsigned long)gdk_x11_surface_get_xid (surface));
  g_strv_builder_add_many (builder, "xdotool", "windowfocus", "--sync", xid, "key", "--delay", "40", NULL);
  g_strv_builder_addv (builder, (const char **)keys);
  argv = g_strv_builder_end (builder);
  g_assert_true (g_spawn_sync (NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  settle ();
#else
  g_test_skip ("real key presses need the X11 backend (run under Xvfb)");
#endif
}

static GtkWidget *
dialog_child (SpaBookingDialog *dialog,
              const char       *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), SPA_TYPE_BOOKING_DIALOG, name));
}

static gboolean
dialog_open (gpointer data)
{
  return find_dialog () != NULL;
}

/* A click on the window's New Booking button (what Ctrl+N does), and the editor
 * that opens. */
static SpaBookingDialog *
click_new_booking (Fixture *f)
{
  GtkWidget *button = spa_test_find_action_widget (GTK_WIDGET (f->window), "win.new-booking");

  g_assert_nonnull (button);
  spa_test_click (button, -1, -1);
  g_assert_true (spa_test_iterate_until (dialog_open, NULL, 5000));
  return find_dialog ();
}

/* Picks the item of the editor's combo row @row_name that starts with @label, with
 * the keyboard in its open list. */
static void
pick (SpaBookingDialog *dialog,
      const char       *row_name,
      const char       *label)
{
  AdwComboRow *row = ADW_COMBO_ROW (dialog_child (dialog, row_name));
  GListModel *model = adw_combo_row_get_model (row);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_str_has_prefix (gtk_string_object_get_string (item), label))
        {
          spa_test_pick_in_combo (row, i);
          settle ();
          return;
        }
    }
  g_error ("No \"%s\" in %s", label, row_name);
}

/* Clicks into the editor's client search, types @query and clicks the only match. */
static void
pick_client (SpaBookingDialog *dialog,
             const char       *query)
{
  GtkListBox *results = spa_booking_dialog_get_client_results (dialog);

  spa_test_replace_text (spa_booking_dialog_get_client_search (dialog), query);
  settle ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (results)));
  g_assert_nonnull (gtk_list_box_get_row_at_index (results, 0));
  g_assert_null (gtk_list_box_get_row_at_index (results, 1));
  spa_test_click (GTK_WIDGET (gtk_list_box_get_row_at_index (results, 0)), -1, -1);
  settle ();
}

/* A click on the editor's Save button; whether the editor closed. */
static gboolean
click_save (SpaBookingDialog *dialog)
{
  spa_test_click (dialog_child (dialog, "save_button"), -1, -1);
  settle ();
  return find_dialog () == NULL;
}

/* The shown menu item of @root that reads @text (without its mnemonic). */
static GtkWidget *
find_menu_item (GtkWidget  *root,
                const char *text)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_menu_item (child, text);

      if (found)
        return found;
    }
  return NULL;
}

static gboolean
menu_item_shown (gpointer popover)
{
  return find_menu_item (popover, g_object_get_data (popover, "test-item")) != NULL;
}

/* A click on @booking's card in the calendar, then on the item of its menu that
 * reads @item. */
static void
click_card_item (SpaDayCalendar *calendar,
                 SpaRecord      *booking,
                 const char     *item)
{
  GtkWidget *card = spa_day_calendar_get_card (calendar, spa_record_get_id (booking));
  GtkWidget *popover;

  g_assert_nonnull (card);
  spa_test_click (card, -1, -1);
  popover = find_descendant (card, GTK_TYPE_POPOVER_MENU);
  g_assert_nonnull (popover);
  g_object_set_data (G_OBJECT (popover), "test-item", (gpointer)item);
  g_assert_true (spa_test_iterate_until (menu_item_shown, popover, 5000));
  spa_test_click (find_menu_item (popover, item), -1, -1);
  settle ();
}

/* The therapist row's labels, joined, as the desk reads them. */
static char *
therapist_labels (SpaBookingDialog *dialog)
{
  GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (dialog_child (dialog, "therapist_row")));
  GString *text = g_string_new (NULL);

  for (guint i = 0; model && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      g_string_append_printf (text, "%s\n", gtk_string_object_get_string (item));
    }
  return g_string_free (text, FALSE);
}

/* The editor opens ready: Ctrl+N books the client shown, or the day shown in the
 * calendar, at the first time someone is free, with no error showing. */
static void
test_editor_opens_ready (Fixture       *f,
                         gconstpointer  data)
{
  SpaClientsPage *clients = SPA_CLIENTS_PAGE (spa_window_get_clients_page (f->window));
  SpaBookingDialog *dialog;
  g_autoptr(GDateTime) in_three_days = g_date_time_add_days (f->tomorrow, 2);
  g_autoptr(SpaRecord) selected = NULL;

  spa_test_open_client (GTK_WIDGET (f->window), "Zoë Tremblay");
  settle ();
  selected = spa_clients_page_dup_selected (clients);
  g_assert_cmpstr (spa_record_get_id (selected), ==, spa_record_get_id (f->client));
  /* The New Booking button (what Ctrl+N activates, the application's accelerator). */
  dialog = click_new_booking (f);
  g_assert_cmpstr (gtk_editable_get_text (spa_booking_dialog_get_client_search (dialog)), ==, "Zoë Tremblay");
  for (guint i = 0; i < 4; i++)
    g_assert_null (spa_booking_dialog_get_error (dialog, (const char *[]) { "client_id", "starts_at", "therapist_id", "room_id" }[i]));
  g_assert_true (spa_booking_dialog_can_save (dialog));
  {
    g_autofree char *labels = therapist_labels (dialog);

    g_assert_true (g_str_has_prefix (labels, "Claire Dubois · free"));
  }
  /* Nothing typed yet: Escape closes it without asking. */
  press_keys (GTK_WIDGET (dialog), (const char * const []) { "Escape", NULL });
  g_assert_null (find_dialog ());
  g_assert_cmpuint (g_list_model_get_n_items (gtk_window_get_toplevels ()), ==, 1);

  /* From the calendar: the day shown, at its first free time (08:00). */
  show_day (f, in_three_days);
  dialog = click_new_booking (f);
  g_assert_false (click_save (dialog)); /* no client yet */
  {
    g_autofree char *date = spa_format_date_short (in_three_days);
    GtkMenuButton *date_button = GTK_MENU_BUTTON (dialog_child (dialog, "date_button"));
    AdwComboRow *time_row = ADW_COMBO_ROW (dialog_child (dialog, "time_row"));
    g_autoptr(GtkStringObject) time = g_list_model_get_item (adw_combo_row_get_model (time_row),
                                                             adw_combo_row_get_selected (time_row));

    g_assert_cmpstr (gtk_menu_button_get_label (date_button), ==, date);
    g_assert_cmpstr (gtk_string_object_get_string (time), ==, "08:00");
    g_assert_null (spa_booking_dialog_get_error (dialog, "starts_at"));
    g_assert_null (spa_booking_dialog_get_error (dialog, "therapist_id"));
  }
}

/* The shown label under @root whose text holds @text. */
static GtkWidget *
find_label_with (GtkWidget  *root,
                 const char *text)
{
  if (!gtk_widget_get_mapped (root))
    return NULL;
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_text (GTK_LABEL (root)), text) != NULL)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label_with (child, text);

      if (found)
        return found;
    }
  return NULL;
}

/* New Booking while the calendar shows a past day: nothing can be booked then, so the
 * editor opens on the first free time from now and says why, next to the date, instead
 * of moving to today without a word. */
static void
test_editor_past_day (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (f->tomorrow, -2);
  g_autofree char *past = spa_format_date_weekday (yesterday);
  g_autofree char *past_short = spa_format_date_short (yesterday);
  SpaBookingDialog *dialog;
  GtkWidget *note;
  GtkMenuButton *date_button;

  show_day (f, yesterday);
  dialog = click_new_booking (f);
  note = find_label_with (GTK_WIDGET (dialog), past);
  g_assert_nonnull (note);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (note)), "has passed"));
  date_button = GTK_MENU_BUTTON (dialog_child (dialog, "date_button"));
  g_assert_cmpstr (gtk_menu_button_get_label (date_button), !=, past_short);
  g_assert_null (spa_booking_dialog_get_error (dialog, "starts_at"));
  spa_test_save_screenshot (GTK_WIDGET (dialog), "booking-past-day.png");
  press_keys (GTK_WIDGET (dialog), (const char * const []) { "Escape", NULL });
  g_assert_null (find_dialog ());

  /* A day to come says nothing of the kind. */
  show_tomorrow (f);
  dialog = click_new_booking (f);
  g_assert_null (find_label_with (GTK_WIDGET (dialog), "has passed"));
}

/* The offered times are rebuilt once one is chosen. */
static gboolean
next_free_applied (gpointer data)
{
  GtkFlowBox *flow = GTK_FLOW_BOX (dialog_child (data, "next_free_flow"));
  GtkFlowBoxChild *first = gtk_flow_box_get_child_at_index (flow, 0);

  return first != NULL && g_object_get_data (G_OBJECT (first), "seen") == NULL;
}

/* "Next free times" offers the first starts free with anyone (the rules of online
 * booking); choosing one sets the time and the therapist. */
static void
test_editor_next_free (Fixture       *f,
                       gconstpointer  data)
{
  SpaBookingDialog *dialog;
  GtkFlowBox *flow;
  GtkWidget *button;
  guint n = 0;
  g_autofree char *label = NULL;

  dialog = click_new_booking (f);
  pick (dialog, "service_row", "Hot stone massage");
  g_assert_true (gtk_widget_get_visible (dialog_child (dialog, "next_free_box")));
  flow = GTK_FLOW_BOX (dialog_child (dialog, "next_free_flow"));
  while (gtk_flow_box_get_child_at_index (flow, n) != NULL)
    n++;
  g_assert_cmpuint (n, ==, 4);
  g_object_set_data (G_OBJECT (gtk_flow_box_get_child_at_index (flow, 0)), "seen",
                     GINT_TO_POINTER (1));

  /* The last one offered, clicked. */
  button = gtk_flow_box_child_get_child (gtk_flow_box_get_child_at_index (flow, 3));
  label = g_strdup (gtk_button_get_label (GTK_BUTTON (button)));
  spa_test_click (button, -1, -1);
  g_assert_true (spa_test_iterate_until (next_free_applied, dialog, 5000));
  {
    AdwComboRow *time_row = ADW_COMBO_ROW (dialog_child (dialog, "time_row"));
    AdwComboRow *who_row = ADW_COMBO_ROW (dialog_child (dialog, "therapist_row"));
    g_autoptr(GtkStringObject) time = g_list_model_get_item (adw_combo_row_get_model (time_row),
                                                             adw_combo_row_get_selected (time_row));
    g_autoptr(GtkStringObject) who = g_list_model_get_item (adw_combo_row_get_model (who_row),
                                                            adw_combo_row_get_selected (who_row));
    const char *name = strstr (label, " · ") + strlen (" · ");
    g_autofree char *therapist = g_strndup (gtk_string_object_get_string (who), strlen (name));

    g_assert_nonnull (strstr (label, gtk_string_object_get_string (time)));
    g_assert_cmpstr (therapist, ==, name);
    g_assert_null (spa_booking_dialog_get_error (dialog, "starts_at"));
    g_assert_null (spa_booking_dialog_get_error (dialog, "therapist_id"));
  }
}

/* The label of @calendar's day @day of the month shown (not of the month before or
 * after). */
static GtkWidget *
find_day_label (GtkWidget *root,
                int        day)
{
  g_autofree char *text = g_strdup_printf ("%d", day);

  if (GTK_IS_LABEL (root) && gtk_widget_has_css_class (root, "day-number") &&
      !gtk_widget_has_css_class (root, "other-month") &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_day_label (child, day);

      if (found)
        return found;
    }
  return NULL;
}

/* The @n-th button under @root, depth first. */
static GtkWidget *
find_nth_button (GtkWidget *root,
                 guint      n)
{
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  g_ptr_array_add (stack, root);
  while (stack->len > 0)
    {
      GtkWidget *widget = g_ptr_array_steal_index (stack, stack->len - 1);

      if (GTK_IS_BUTTON (widget) && n-- == 0)
        return widget;
      for (GtkWidget *child = gtk_widget_get_last_child (widget); child;
           child = gtk_widget_get_prev_sibling (child))
        g_ptr_array_add (stack, child);
    }
  return NULL;
}

/* Picks @day in the editor's date pop-up with the mouse: a click on the date, on the
 * calendar's previous or next month arrow until @day's month shows, on the day. */
static void
pick_date (SpaBookingDialog *dialog,
           GDateTime        *day)
{
  GtkWidget *calendar = dialog_child (dialog, "date_calendar");
  int wanted = g_date_time_get_year (day) * 12 + g_date_time_get_month (day) - 1;

  spa_test_click (dialog_child (dialog, "date_button"), -1, -1);
  settle ();
  g_assert_true (gtk_widget_get_mapped (calendar));
  for (guint i = 0; i < 12; i++)
    {
      int year, month;
      GtkWidget *arrow;

      g_object_get (calendar, "year", &year, "month", &month, NULL);
      if (year * 12 + month == wanted)
        break;
      /* The header's first button goes back a month, its second forward. */
      arrow = find_nth_button (calendar, year * 12 + month < wanted ? 1 : 0);
      spa_test_click (arrow, -1, -1);
      settle ();
    }
  spa_test_click (find_day_label (calendar, g_date_time_get_day_of_month (day)), -1, -1);
  settle ();
  if (gtk_widget_get_mapped (calendar))
    spa_test_send_keys (calendar, "Escape");
  g_assert_nonnull (find_dialog ());
  {
    g_autofree char *date = spa_format_date_short (day);

    GtkMenuButton *button = GTK_MENU_BUTTON (dialog_child (dialog, "date_button"));

    g_assert_cmpstr (gtk_menu_button_get_label (button), ==, date);
  }
}

/* At a time already past, nobody is "free", whoever had bookings then. */
static void
test_editor_past_not_free (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (f->tomorrow, -2);
  g_autoptr(GDateTime) ten = g_date_time_add_minutes (yesterday, 10 * 60);
  g_autoptr(SpaRecord) done = book (f, f->other_client, f->claire, f->cedar, ten, "completed");
  SpaBookingDialog *dialog;
  g_autofree char *labels = NULL;

  dialog = click_new_booking (f);
  pick (dialog, "service_row", "Hot stone massage");
  /* The editor opens on today: the day before, clicked in its date pop-up. */
  pick_date (dialog, yesterday);
  pick (dialog, "time_row", "10:00");
  labels = therapist_labels (dialog);
  g_assert_null (strstr (labels, "free"));
  g_assert_nonnull (strstr (labels, "Claire Dubois · not available"));
  g_assert_nonnull (strstr (spa_booking_dialog_get_error (dialog, "starts_at"), "already passed"));
}

/* The date pop-up by keyboard: Left and Up move from the day shown (a day, a week),
 * Space chooses; the pop-up closes on the day chosen, not on a cell GTK kept apart. */
static void
test_editor_date_keyboard (Fixture       *f,
                           gconstpointer  data)
{
  SpaBookingDialog *dialog = click_new_booking (f);
  GtkWidget *calendar = dialog_child (dialog, "date_calendar");
  GtkMenuButton *button = GTK_MENU_BUTTON (dialog_child (dialog, "date_button"));
  g_autoptr(GDateTime) shown = NULL;
  g_autoptr(GDateTime) wanted = NULL;
  g_autofree char *label = NULL;

  spa_test_click (GTK_WIDGET (button), -1, -1);
  settle ();
  g_assert_true (gtk_widget_get_mapped (calendar));
  shown = gtk_calendar_get_date (GTK_CALENDAR (calendar));
  /* Two weeks on, five days back, three forward: twelve days on, never in the past. */
  wanted = g_date_time_add_days (shown, 12);
  gtk_widget_grab_focus (calendar);
  spa_test_send_keys (calendar, "Down Down Left Left Left Left Left Right Right Right");
  settle ();
  /* Moving chooses nothing yet. */
  g_assert_true (gtk_widget_get_mapped (calendar));
  spa_test_send_keys (calendar, "space");
  settle ();
  g_assert_false (gtk_widget_get_mapped (calendar));
  label = spa_format_date_short (wanted);
  g_assert_cmpstr (gtk_menu_button_get_label (button), ==, label);

  /* Moved, then closed with Escape: nothing chosen, and the pop-up shows the day again. */
  spa_test_click (GTK_WIDGET (button), -1, -1);
  settle ();
  gtk_widget_grab_focus (calendar);
  spa_test_send_keys (calendar, "Right Right Escape");
  settle ();
  g_assert_false (gtk_widget_get_mapped (calendar));
  g_assert_cmpstr (gtk_menu_button_get_label (button), ==, label);
  {
    g_autoptr(GDateTime) again = gtk_calendar_get_date (GTK_CALENDAR (calendar));

    g_assert_cmpint (g_date_time_get_day_of_year (again), ==, g_date_time_get_day_of_year (wanted));
  }
}

/* In the client search, Down then Enter picks the highlighted client; it does not
 * create a new client named after the search. */
static void
test_editor_client_keyboard (Fixture       *f,
                             gconstpointer  data)
{
  SpaBookingDialog *dialog;
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n_windows;

  dialog = click_new_booking (f);
  spa_test_click (GTK_WIDGET (spa_booking_dialog_get_client_search (dialog)), -1, -1);
  press_keys (GTK_WIDGET (dialog), (const char * const []) { "t", "r", "e", "m", NULL });
  if (g_test_failed ())
    return;
  g_assert_cmpstr (gtk_editable_get_text (spa_booking_dialog_get_client_search (dialog)), ==, "trem");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (spa_booking_dialog_get_client_results (dialog))));
  n_windows = g_list_model_get_n_items (toplevels);

  press_keys (GTK_WIDGET (dialog), (const char * const []) { "Down", "Return", NULL });
  g_assert_cmpstr (gtk_editable_get_text (spa_booking_dialog_get_client_search (dialog)), ==, "Zoë Tremblay");
  g_assert_null (spa_booking_dialog_get_error (dialog, "client_id"));
  g_assert_cmpuint (g_list_model_get_n_items (toplevels), ==, n_windows);
  g_assert_cmpint (spa_store_count (f->store, "client"), ==, 2);
}

/* Service names are never cut: the length shows apart from the name. */
static void
test_editor_service_names (Fixture       *f,
                           gconstpointer  data)
{
  SpaBookingDialog *dialog;
  GListModel *model;
  gboolean found_60 = FALSE, found_90 = FALSE;

  dialog = click_new_booking (f);
  model = adw_combo_row_get_model (ADW_COMBO_ROW (dialog_child (dialog, "service_row")));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);
      const char *label = gtk_string_object_get_string (item);

      found_60 |= g_str_equal (label, "Deep tissue massage · 60 min");
      found_90 |= g_str_equal (label, "Deep tissue massage · 90 min");
    }
  g_assert_true (found_60 && found_90);

  /* The open list shows each in full: its rows wrap instead of ellipsizing. */
  {
    GtkListItemFactory *factory = adw_combo_row_get_list_factory (ADW_COMBO_ROW (dialog_child (dialog, "service_row")));

    g_assert_nonnull (factory);
  }
}

static GtkWidget *
find_labelled (GtkWidget  *widget,
               GType       type,
               const char *tooltip)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_labelled (child, type, tooltip);

      if (found)
        return found;
    }
  return NULL;
}

/* A future booking that was cancelled is listed with the upcoming ones (marked
 * cancelled), not under Past; its actions menu is not covered by the button's tooltip. */
static void
test_client_bookings_list (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GDateTime) ten = tomorrow_at (f, 10, 0);
  g_autoptr(SpaRecord) booking = book (f, f->client, f->claire, f->cedar, ten, "booked");
  SpaClientsPage *clients = SPA_CLIENTS_PAGE (spa_window_get_clients_page (f->window));
  SpaClientBookings *client_bookings;
  GtkWidget *menu_button;
  GtkPopover *popover;

  g_assert_true (spa_schedule_set_status (f->store, booking, "cancelled", "Flu", NULL));
  spa_test_open_client (GTK_WIDGET (f->window), "Zoë Tremblay");
  settle ();
  client_bookings = SPA_CLIENT_BOOKINGS (find_descendant (spa_clients_page_get_client_page (clients),
                                                          SPA_TYPE_CLIENT_BOOKINGS));
  g_assert_cmpuint (spa_client_bookings_get_n_upcoming (client_bookings), ==, 1);
  g_assert_cmpuint (spa_client_bookings_get_n_past (client_bookings), ==, 0);

  /* The Bookings tab, then a click on the row's menu button. */
  spa_test_click (spa_test_find_labelled (spa_clients_page_get_client_page (clients),
                                          GTK_TYPE_TOGGLE_BUTTON, "Bookings"),
                  -1, -1);
  settle ();
  menu_button = find_labelled (GTK_WIDGET (client_bookings), GTK_TYPE_MENU_BUTTON, "Booking actions");
  g_assert_nonnull (menu_button);
  g_assert_true (gtk_widget_get_has_tooltip (menu_button));
  spa_test_click (menu_button, -1, -1);
  settle ();
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button));
  g_assert_nonnull (popover);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_false (gtk_widget_get_has_tooltip (menu_button));
  spa_test_send_keys (GTK_WIDGET (popover), "Escape");
  settle ();
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_true (gtk_widget_get_has_tooltip (menu_button));
}

/* For the eyes, not an assertion: SPA_SCREENSHOT_DIR gets the editor as the desk
 * first sees it (booking-editor-open.png, the service list open, through the X
 * server so the pop-up shows); with SPA_DESK_LOCALEDIR and LANGUAGE=fr, in French. */
static void
test_editor_screenshot (Fixture       *f,
                        gconstpointer  data)
{
  const char *dir = g_getenv ("SPA_SCREENSHOT_DIR");
  const char *language = g_getenv ("LANGUAGE");
  const char *suffix = language && g_str_has_prefix (language, "fr") ? "-fr" : "";
  g_autofree char *name = g_strdup_printf ("booking-editor-open%s.png", suffix);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  SpaBookingDialog *dialog;
  int status = 0;

  if (dir == NULL)
    {
      g_test_skip ("set SPA_SCREENSHOT_DIR to take the screenshot");
      return;
    }

  spa_test_open_client (GTK_WIDGET (f->window), "Zoë Tremblay");
  dialog = click_new_booking (f);
  spa_test_click (dialog_child (dialog, "service_row"), -1, -1);
  spa_test_iterate_until (never, NULL, 1000);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (g_spawn_sync (NULL, (char *[]) { "import", "-window", "root", "-crop", "700x900+0+0", path, NULL },
                               NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
}

static void
test_book_through_editor (Fixture       *f,
                          gconstpointer  data)
{
  SpaBookingDialog *dialog;
  g_autoptr(GDateTime) ten = tomorrow_at (f, 10, 0);
  g_autoptr(GPtrArray) bookings = NULL;
  g_autoptr(GDateTime) starts = NULL;
  g_autoptr(GDateTime) ends = NULL;
  SpaRecord *booking;
  SpaDayCalendar *calendar;
  GtkWidget *card;

  /* The calendar on tomorrow, then its New Booking button: the editor is for that day. */
  calendar = show_tomorrow (f);
  dialog = click_new_booking (f);
  g_assert_nonnull (dialog);
  g_assert_false (spa_booking_dialog_can_save (dialog));

  /* Search as you type, then click the match. */
  pick_client (dialog, "trem");
  g_assert_false (
    gtk_widget_get_visible (GTK_WIDGET (spa_booking_dialog_get_client_results (dialog))));
  g_assert_cmpstr (gtk_editable_get_text (spa_booking_dialog_get_client_search (dialog)), ==, "Zoë Tremblay");

  pick (dialog, "service_row", "Hot stone massage");
  pick (dialog, "time_row", "10:00");
  pick (dialog, "therapist_row", "Claire Dubois");
  g_assert_null (spa_booking_dialog_get_error (dialog, "therapist_id"));
  g_assert_null (spa_booking_dialog_get_error (dialog, "starts_at"));
  g_assert_true (click_save (dialog));

  /* The database holds it: 90 minutes, a room chosen, booked, its history and outbox row. */
  bookings = spa_store_list (f->store, "booking", FALSE, NULL);
  g_assert_cmpuint (bookings->len, ==, 1);
  booking = bookings->pdata[0];
  starts = spa_time_parse_utc (spa_record_get_string (booking, "starts_at"));
  ends = spa_time_parse_utc (spa_record_get_string (booking, "ends_at"));
  g_assert_true (g_date_time_equal (starts, ten));
  g_assert_cmpint (g_date_time_difference (ends, starts), ==, 90 * G_TIME_SPAN_MINUTE);
  g_assert_cmpstr (spa_record_get_string (booking, "client_id"), ==, spa_record_get_id (f->client));
  g_assert_cmpstr (spa_record_get_string (booking, "therapist_id"), ==, spa_record_get_id (f->claire));
  g_assert_cmpstr (spa_record_get_string (booking, "room_id"), ==, spa_record_get_id (f->cedar));
  g_assert_cmpstr (spa_record_get_string (booking, "status"), ==, "booked");
  g_assert_cmpint (json_array_get_length (json_node_get_array (spa_record_get_json (booking, "status_history"))), ==, 1);
  g_assert_cmpint (spa_test_count_rows (f->store, "SELECT count(*) FROM sync_outbox WHERE record_id = ?",
                                        spa_record_get_id (booking)), ==, 1);

  /* And the day view shows its card in Claire's column, drawn once scrolled to. */
  card = spa_day_calendar_get_card (calendar, spa_record_get_id (booking));
  g_assert_nonnull (card);
  spa_day_calendar_scroll_to_minute (calendar, 9 * 60);
  settle ();
  g_assert_true (gtk_widget_get_child_visible (card));
  g_assert_cmpuint (spa_day_calendar_get_n_drawn_cards (calendar), ==, 1);
  g_assert_true (gtk_widget_get_focusable (card));
}

/* A click on the empty slot at @minute of the column the card of @column_id is in
 * (that card starts at @start and lasts 90 minutes, which gives the scale). */
static void
click_slot (SpaDayCalendar *calendar,
            const char     *column_id,
            int             start,
            int             minute)
{
  graphene_rect_t card;

  settle ();
  g_assert_true (gtk_widget_compute_bounds (spa_day_calendar_get_card (calendar, column_id),
                                            GTK_WIDGET (calendar), &card));
  spa_test_click (GTK_WIDGET (calendar), card.origin.x + 10,
                  card.origin.y - 1 + (minute - start) * (card.size.height + 2) / 90.0 + 5);
  g_assert_true (spa_test_iterate_until (dialog_open, NULL, 5000));
}

static void
test_double_booking_refused (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GDateTime) ten = tomorrow_at (f, 10, 0);
  g_autoptr(GDateTime) slot = tomorrow_at (f, 11, 45);
  g_autoptr(SpaRecord) existing = book (f, f->client, f->claire, f->cedar, ten, "confirmed");
  SpaDayCalendar *calendar = show_tomorrow (f);
  SpaBookingDialog *dialog;
  const char *message;
  const char *screenshots = g_getenv ("SPA_SCREENSHOT_DIR");
  g_autoptr(GPtrArray) bookings = NULL;
  SpaRecord *saved;

  /* A click on Claire's empty 11:45 slot: inside the hot stone's 20 minutes of cleanup. */
  spa_day_calendar_scroll_to_minute (calendar, 9 * 60);
  click_slot (calendar, spa_record_get_id (existing), 10 * 60, 11 * 60 + 45);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  pick_client (dialog, "patel");
  pick (dialog, "service_row", "Hot stone massage");
  pick (dialog, "therapist_row", "Claire Dubois");

  message = spa_booking_dialog_get_error (dialog, "therapist_id");
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "Claire Dubois is already booked"));
  g_assert_nonnull (strstr (message, "Zoë Tremblay"));
  g_assert_nonnull (strstr (message, "20 min cleanup"));
  g_assert_false (spa_booking_dialog_can_save (dialog));
  g_assert_false (click_save (dialog));
  g_assert_cmpint (spa_store_count (f->store, "booking"), ==, 1);

  /* Marcus is free, but not in the Cedar room, which is still being cleaned. */
  pick (dialog, "therapist_row", "Marcus Lee");
  g_assert_null (spa_booking_dialog_get_error (dialog, "therapist_id"));
  pick (dialog, "room_row", "Cedar room");
  message = spa_booking_dialog_get_error (dialog, "room_id");
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "Cedar room is in use"));
  g_assert_false (spa_booking_dialog_can_save (dialog));

  if (screenshots != NULL)
    {
      g_autofree char *path = g_build_filename (screenshots, "booking-editor.png", NULL);
      g_autoptr(GError) error = NULL;

      pick (dialog, "therapist_row", "Claire Dubois");
      g_assert_true (spa_widget_save_png (GTK_WIDGET (dialog), path, &error));
      g_assert_no_error (error);
      pick (dialog, "therapist_row", "Marcus Lee");
    }

  /* Outside working hours is refused too (a time already past: editor-past-not-free). */
  pick (dialog, "time_row", "19:00");
  pick (dialog, "therapist_row", "Marcus Lee");
  g_assert_nonnull (spa_booking_dialog_get_error (dialog, "starts_at"));
  g_assert_nonnull (strstr (spa_booking_dialog_get_error (dialog, "starts_at"), "working hours"));
  g_assert_false (spa_booking_dialog_can_save (dialog));

  /* The Ocean room at 11:45 with Marcus is fine. */
  pick (dialog, "time_row", "11:45");
  pick (dialog, "therapist_row", "Marcus Lee");
  pick (dialog, "room_row", "Ocean room");
  g_assert_null (spa_booking_dialog_get_error (dialog, "room_id"));
  g_assert_true (spa_booking_dialog_can_save (dialog));
  g_assert_true (click_save (dialog));
  g_assert_cmpint (spa_store_count (f->store, "booking"), ==, 2);
  bookings = spa_store_query (f->store, "booking", "WHERE client_id = ?",
                              (const char * const []) { spa_record_get_id (f->other_client), NULL },
                              NULL);
  g_assert_cmpuint (bookings->len, ==, 1);
  saved = bookings->pdata[0];
  g_assert_cmpstr (spa_record_get_string (saved, "therapist_id"), ==,
                   spa_record_get_id (f->marcus));
  g_assert_cmpstr (spa_record_get_string (saved, "room_id"), ==, spa_record_get_id (f->ocean));
  {
    g_autoptr(GDateTime) starts = spa_time_parse_utc (spa_record_get_string (saved, "starts_at"));

    g_assert_true (g_date_time_equal (starts, slot));
  }
}

static void
remember_message_cb (SpaDayCalendar *calendar,
                     const char     *message,
                     char          **out)
{
  g_free (*out);
  *out = g_strdup (message);
}

static gboolean
popover_gone (gpointer card)
{
  return find_descendant (card, GTK_TYPE_POPOVER_MENU) == NULL;
}

/* Drags the card of booking @id (which starts at @start, minutes into the day) with
 * the mouse, from 10 px into it, onto @minute of the column the card of @column_id is
 * in. The scale is read from the card: every booking here lasts 90 minutes. */
static void
drag_card (SpaDayCalendar *calendar,
           const char     *id,
           int             start,
           const char     *column_id,
           int             minute)
{
  GtkWidget *card = spa_day_calendar_get_card (calendar, id);
  graphene_rect_t from, column;
  double per_minute;

  settle ();
  g_assert_true (gtk_widget_get_child_visible (card));
  g_assert_true (gtk_widget_compute_bounds (card, GTK_WIDGET (calendar), &from));
  g_assert_true (gtk_widget_compute_bounds (spa_day_calendar_get_card (calendar, column_id),
                                            GTK_WIDGET (calendar), &column));
  per_minute = (from.size.height + 2) / 90.0;
  spa_test_drag (card, 10, 10, GTK_WIDGET (calendar), column.origin.x + 10,
                 from.origin.y - 1 + (minute - start) * per_minute + 10);
  settle ();
}

static void
test_reschedule (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GDateTime) ten = tomorrow_at (f, 10, 0);
  g_autoptr(GDateTime) four = tomorrow_at (f, 16, 0);
  g_autoptr(SpaRecord) moving = book (f, f->client, f->claire, f->cedar, ten, "booked");
  g_autoptr(SpaRecord) blocking = book (f, f->other_client, f->marcus, f->ocean, four, "booked");
  g_autoptr(SpaRecord) stored = NULL;
  g_autoptr(GDateTime) expected = tomorrow_at (f, 14, 0);
  g_autoptr(GDateTime) starts = NULL;
  SpaDayCalendar *calendar = show_tomorrow (f);
  const char *id = spa_record_get_id (moving);
  g_autofree char *message = NULL;
  gulong handler = g_signal_connect (calendar, "move-failed", G_CALLBACK (remember_message_cb),
                                     &message);

  g_assert_cmpuint (spa_day_calendar_get_n_cards (calendar), ==, 2);
  /* Both cards in view (the page opens on the current hour). */
  spa_day_calendar_scroll_to_minute (calendar, 9 * 60);
  settle ();

  /* A click on a card opens its actions; Escape closes them. */
  {
    GtkWidget *card = spa_day_calendar_get_card (calendar, id);
    GtkWidget *popover;

    spa_test_click (card, -1, -1);
    popover = find_descendant (card, GTK_TYPE_POPOVER_MENU);
    g_assert_nonnull (popover);
    g_assert_true (gtk_widget_get_visible (popover));
    spa_test_send_keys (popover, "Escape");
    g_assert_true (spa_test_iterate_until (popover_gone, card, 5000));
  }

  /* Dragging the card onto Marcus's 14:00 moves it there, keeping its length. */
  drag_card (calendar, id, 10 * 60, spa_record_get_id (blocking), 14 * 60);
  stored = spa_store_get (f->store, "booking", id, NULL);
  starts = spa_time_parse_utc (spa_record_get_string (stored, "starts_at"));
  g_assert_true (g_date_time_equal (starts, expected));
  g_assert_cmpstr (spa_record_get_string (stored, "therapist_id"), ==, spa_record_get_id (f->marcus));
  {
    g_autoptr(GDateTime) ends = spa_time_parse_utc (spa_record_get_string (stored, "ends_at"));

    g_assert_cmpint (g_date_time_difference (ends, starts), ==, 90 * G_TIME_SPAN_MINUTE);
  }

  /* Past his hours (08:00-20:00) or into the past: refused with the booking editor's
   * own words (the same draft check), nothing changes. */
  spa_day_calendar_scroll_to_minute (calendar, 13 * 60);
  drag_card (calendar, id, 14 * 60, id, 19 * 60);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "outside Marcus Lee’s working hours"));
  {
    g_autoptr(GDateTime) later = g_date_time_add_days (f->tomorrow, 2);

    spa_day_calendar_scroll_to_minute (calendar, 9 * 60);
    spa_day_calendar_set_now (calendar, later);
    drag_card (calendar, id, 14 * 60, id, 9 * 60);
    g_assert_cmpstr (message, ==, "This time has already passed. Choose a later one.");
    spa_day_calendar_set_now (calendar, NULL);
  }

  /* Zoë is not in two sessions at once: not onto her own 16:00 with Claire. */
  {
    g_autoptr(GDateTime) at_four = tomorrow_at (f, 16, 0);
    g_autoptr(SpaRecord) hers = book (f, f->client, f->claire, f->cedar, at_four, "booked");

    settle ();
    spa_day_calendar_scroll_to_minute (calendar, 13 * 60);
    g_clear_pointer (&message, g_free);
    drag_card (calendar, id, 14 * 60, id, 16 * 60 + 30);
    g_assert_nonnull (message);
    g_assert_nonnull (strstr (message, "Zoë Tremblay already has a booking"));
    g_assert_true (spa_store_delete (f->store, "booking", spa_record_get_id (hers), NULL));
    settle ();
  }

  /* Onto Marcus's 16:00 booking: refused, nothing changes. */
  g_clear_pointer (&message, g_free);
  drag_card (calendar, id, 14 * 60, id, 15 * 60);
  g_assert_nonnull (message);
  g_signal_handler_disconnect (calendar, handler);
  g_clear_object (&stored);
  stored = spa_store_get (f->store, "booking", id, NULL);
  g_clear_pointer (&starts, g_date_time_unref);
  starts = spa_time_parse_utc (spa_record_get_string (stored, "starts_at"));
  g_assert_true (g_date_time_equal (starts, expected));
  g_assert_cmpstr (spa_record_get_string (stored, "therapist_id"), ==,
                   spa_record_get_id (f->marcus));
  settle ();
  g_assert_nonnull (spa_day_calendar_get_card (calendar, id));

  /* The week view for Marcus, as the desk gets there: a click on Week, then Marcus
   * picked in the therapist drop-down. */
  {
    GtkWidget *page = spa_window_get_calendar_page (f->window);
    GtkWidget *week = find_button (page, "_Week");
    GtkWidget *therapists = find_descendant (page, GTK_TYPE_DROP_DOWN);

    g_assert_nonnull (week);
    spa_test_click (week, -1, -1);
    settle ();
    g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (week)));
    g_assert_true (gtk_widget_get_visible (therapists));
    spa_test_choose (therapists, "Marcus Lee");
    settle ();
    g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (therapists)), ==, 1);
  }
  g_assert_cmpuint (spa_day_calendar_get_n_columns (calendar), ==, 7);
  g_assert_nonnull (spa_day_calendar_get_card (calendar, id));
  g_assert_nonnull (spa_day_calendar_get_card (calendar, spa_record_get_id (blocking)));
}

static gboolean
check_in_button_gone (gpointer data)
{
  return spa_today_page_get_check_in_button (data, g_object_get_data (data, "test-booking-id")) == NULL;
}

static void
test_check_in_and_client_page (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GDateTime) now = spa_context_now (f->context);
  g_autoptr(GDateTime) noon = g_date_time_new (spa_context_get_time_zone (f->context), g_date_time_get_year (now),
                                               g_date_time_get_month (now), g_date_time_get_day_of_month (now),
                                               12, 0, 0);
  g_autoptr(SpaRecord) booking = book (f, f->client, f->claire, f->cedar, noon, "confirmed");
  g_autoptr(SpaRecord) stored = NULL;
  SpaTodayPage *today = SPA_TODAY_PAGE (spa_window_get_today_page (f->window));
  SpaClientsPage *clients;
  SpaClientBookings *client_bookings;
  GtkWidget *button;
  GtkWidget *toast_button;

  spa_test_show_view (GTK_WIDGET (f->window), "Today");
  settle ();
  button = spa_today_page_get_check_in_button (today, spa_record_get_id (booking));
  g_assert_nonnull (button);
  /* One click, as the desk does it. */
  spa_test_click (button, -1, -1);
  stored = spa_store_get (f->store, "booking", spa_record_get_id (booking), NULL);
  g_assert_cmpstr (spa_record_get_string (stored, "status"), ==, "checked_in");
  g_object_set_data (G_OBJECT (today), "test-booking-id", (gpointer)spa_record_get_id (booking));
  g_assert_true (spa_test_iterate_until (check_in_button_gone, today, 5000));

  /* A cancelled booking cannot be checked in: the core refuses. */
  g_assert_false (spa_schedule_set_status (f->store, stored, "no_show", NULL, NULL));

  /* The check-in toast's Session Note opens a note for this booking on the client's page. */
  toast_button = find_button (GTK_WIDGET (f->window), "Session _Note");
  g_assert_nonnull (toast_button);
  spa_test_click (toast_button, -1, -1);
  settle ();
  g_assert_cmpstr (spa_window_get_view (f->window), ==, "clients");
  clients = SPA_CLIENTS_PAGE (spa_window_get_clients_page (f->window));
  {
    SpaClientPage *page = SPA_CLIENT_PAGE (spa_clients_page_get_client_page (clients));
    SpaSessionsSection *sessions = SPA_SESSIONS_SECTION (spa_client_page_get_section (page, "sessions"));
    SpaRecord *note = spa_note_editor_get_note (spa_sessions_section_get_editor (sessions));

    g_assert_nonnull (note);
    g_assert_cmpstr (spa_record_get_string (note, "booking_id"), ==, spa_record_get_id (booking));
    g_assert_cmpstr (spa_record_get_string (note, "client_id"), ==, spa_record_get_id (f->client));
    g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (sessions)));
  }

  /* The client's page, opened from the list, lists the booking. */
  spa_test_open_client (GTK_WIDGET (f->window), "Zoë Tremblay");
  settle ();
  client_bookings = SPA_CLIENT_BOOKINGS (
    find_descendant (spa_clients_page_get_client_page (clients), SPA_TYPE_CLIENT_BOOKINGS));
  g_assert_nonnull (client_bookings);
  g_assert_cmpuint (spa_client_bookings_get_n_upcoming (client_bookings) +
                    spa_client_bookings_get_n_past (client_bookings), ==, 1);
}

/* Times are stored in UTC and shown in the spa's zone, which is a setting. */
static void
test_time_zone_setting (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GDateTime) utc = g_date_time_new_utc (2025, 11, 24, 18, 0, 0);
  g_autofree char *s = spa_time_format_utc (utc);
  g_autofree char *shown = NULL;

  g_settings_set_string (settings, "time-zone", "America/Vancouver");
  shown = spa_schedule_format_local_time (f->store, s);
  g_assert_cmpstr (shown, ==, "10:00");

  g_settings_set_string (settings, "time-zone", "Europe/Paris");
  g_clear_pointer (&shown, g_free);
  shown = spa_schedule_format_local_time (f->store, s);
  g_assert_cmpstr (shown, ==, "19:00");
  g_assert_cmpstr (g_time_zone_get_identifier (spa_context_get_time_zone (f->context)), ==, "Europe/Paris");
  settle ();

  g_settings_reset (settings, "time-zone");
}

/* Edit (reschedule through the editor) and cancel with a reason, as from a card's menu. */
/* Tomorrow's calendar from 09:00, and the editor of @booking opened from its card's
 * menu with the mouse. */
static SpaDayCalendar *
edit_tomorrow (Fixture           *f,
               SpaRecord         *booking,
               SpaBookingDialog **dialog)
{
  SpaDayCalendar *calendar = show_tomorrow (f);

  spa_day_calendar_scroll_to_minute (calendar, 9 * 60);
  settle ();
  click_card_item (calendar, booking, "Edit or Reschedule…");
  *dialog = find_dialog ();
  g_assert_nonnull (*dialog);
  return calendar;
}

static void
test_edit_and_cancel (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GDateTime) ten = tomorrow_at (f, 10, 0);
  g_autoptr(GDateTime) eleven = tomorrow_at (f, 11, 0);
  g_autoptr(SpaRecord) booking = book (f, f->client, f->claire, f->cedar, ten, "confirmed");
  g_autoptr(SpaRecord) stored = NULL;
  g_autoptr(GDateTime) starts = NULL;
  AdwMessageDialog *question = NULL;
  SpaBookingDialog *dialog;
  SpaDayCalendar *calendar;
  const char *id = spa_record_get_id (booking);

  calendar = edit_tomorrow (f, booking, &dialog);
  /* Nothing changed yet: nothing to save, and its own slot is no clash. */
  g_assert_false (spa_booking_dialog_can_save (dialog));
  g_assert_null (spa_booking_dialog_get_error (dialog, "therapist_id"));
  pick (dialog, "time_row", "11:00");
  g_assert_true (spa_booking_dialog_can_save (dialog));
  g_assert_true (click_save (dialog));

  stored = spa_store_get (f->store, "booking", id, NULL);
  starts = spa_time_parse_utc (spa_record_get_string (stored, "starts_at"));
  g_assert_true (g_date_time_equal (starts, eleven));
  g_assert_cmpstr (spa_record_get_string (stored, "status"), ==, "confirmed");
  g_assert_cmpstr (spa_record_get_string (stored, "room_id"), ==, spa_record_get_id (f->cedar));
  /* The outbox carries only what changed. */
  g_assert_cmpint (spa_test_count_rows (f->store, "SELECT count(*) FROM sync_outbox WHERE record_id = ?"
                                        " AND fields LIKE '%starts_at%' AND fields NOT LIKE '%client_id%'", id), ==, 1);

  /* Cancel, with a reason typed into the question the card's menu opens. */
  settle ();
  click_card_item (calendar, booking, "Cancel Booking…");
  question = spa_test_find_message_dialog ();
  g_assert_nonnull (question);
  spa_test_click (adw_message_dialog_get_extra_child (question), -1, -1);
  spa_test_type (GTK_WIDGET (question), "Client has the flu");
  spa_test_click_dialog_button ("_Cancel Booking");

  g_clear_object (&stored);
  stored = spa_store_get (f->store, "booking", id, NULL);
  g_assert_cmpstr (spa_record_get_string (stored, "status"), ==, "cancelled");
  g_assert_cmpstr (spa_record_get_string (stored, "cancel_reason"), ==, "Client has the flu");

  /* A cancelled booking offers no check-in, and the core refuses one. */
  {
    g_autoptr(GMenuModel) menu = spa_booking_actions_menu (stored);
    gboolean has_check_in = FALSE;

    for (int s = 0; s < g_menu_model_get_n_items (menu); s++)
      {
        GMenuModel *section = g_menu_model_get_item_link (menu, s, G_MENU_LINK_SECTION);

        for (int i = 0; section && i < g_menu_model_get_n_items (section); i++)
          {
            g_autoptr(GVariant) target = g_menu_model_get_item_attribute_value (section, i, G_MENU_ATTRIBUTE_TARGET, NULL);

            if (target && g_variant_is_of_type (target, G_VARIANT_TYPE ("(ss)")))
              {
                const char *status;

                g_variant_get (target, "(&s&s)", NULL, &status);
                has_check_in |= g_str_equal (status, "checked_in");
              }
          }
        g_clear_object (&section);
      }
    g_assert_false (has_check_in);
  }
  g_assert_false (spa_schedule_set_status (f->store, stored, "checked_in", NULL, NULL));
}

/* A visit booked at 10:50 (online, by an import) opens at 10:50: opening it changes
 * nothing and shows no problem; another time picked moves it there. */
static void
test_editor_odd_time (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GDateTime) odd = tomorrow_at (f, 10, 50);
  g_autoptr(GDateTime) eleven = tomorrow_at (f, 11, 0);
  g_autoptr(SpaRecord) booking = book (f, f->client, f->claire, f->cedar, odd, "confirmed");
  g_autoptr(SpaRecord) stored = NULL;
  g_autoptr(GDateTime) starts = NULL;
  g_autoptr(GtkStringObject) shown = NULL;
  SpaBookingDialog *dialog;
  AdwComboRow *time_row;

  edit_tomorrow (f, booking, &dialog);
  time_row = ADW_COMBO_ROW (dialog_child (dialog, "time_row"));
  shown = g_object_ref (adw_combo_row_get_selected_item (time_row));
  g_assert_cmpstr (gtk_string_object_get_string (shown), ==, "10:50");
  /* In its place among the quarter hours, not after the last. */
  {
    GListModel *times = adw_combo_row_get_model (time_row);
    guint item = adw_combo_row_get_selected (time_row);
    g_autoptr(GtkStringObject) before = g_list_model_get_item (times, item - 1);
    g_autoptr(GtkStringObject) after = g_list_model_get_item (times, item + 1);

    g_assert_cmpstr (gtk_string_object_get_string (before), ==, "10:45");
    g_assert_cmpstr (gtk_string_object_get_string (after), ==, "11:00");
  }
  g_assert_false (spa_booking_dialog_can_save (dialog));
  g_assert_null (spa_booking_dialog_get_error (dialog, "starts_at"));
  spa_test_save_screenshot (GTK_WIDGET (dialog), "editor-odd-time.png");

  pick (dialog, "time_row", "11:00");
  g_assert_true (click_save (dialog));
  stored = spa_store_get (f->store, "booking", spa_record_get_id (booking), NULL);
  starts = spa_time_parse_utc (spa_record_get_string (stored, "starts_at"));
  g_assert_true (g_date_time_equal (starts, eleven));
}

static gboolean
cards_drawn (gpointer calendar)
{
  return spa_day_calendar_get_n_drawn_cards (calendar) > 0;
}

static void
test_many_therapists (Fixture       *f,
                      gconstpointer  data)
{
  SpaDayCalendar *calendar;
  guint n_cards = 0;

  /* 20 therapists with a full day each: everything is loaded, only what shows is drawn. */
  for (int t = 0; t < 18; t++)
    {
      g_autofree char *name = g_strdup_printf ("Therapist %02d", t);
      g_autoptr(SpaRecord) therapist = add_record (f->store, "therapist", name, "#9141ac");

      for (int h = 8; h + 2 <= 20; h += 2)
        {
          g_autoptr(GDateTime) at = tomorrow_at (f, h, 0);
          g_autoptr(SpaRecord) booking = NULL;
          g_autoptr(GError) error = NULL;
          g_autoptr(GDateTime) ends = g_date_time_add_minutes (at, 90);
          g_autofree char *s = spa_time_format_utc (at);
          g_autofree char *e = spa_time_format_utc (ends);

          booking = spa_record_new ("booking");
          spa_record_set_string (booking, "client_id", spa_record_get_id (f->client));
          spa_record_set_string (booking, "therapist_id", spa_record_get_id (therapist));
          spa_record_set_string (booking, "service_id", HOT_STONE);
          spa_record_set_string (booking, "starts_at", s);
          spa_record_set_string (booking, "ends_at", e);
          spa_record_set_string (booking, "status", "booked");
          spa_store_save (f->store, booking, &error);
          g_assert_no_error (error);
          n_cards++;
        }
    }

  calendar = show_tomorrow (f);
  /* A first frame of 108 cards may take longer than a settle on a busy machine. */
  spa_test_iterate_until (cards_drawn, calendar, 10000);
  g_assert_cmpuint (spa_day_calendar_get_n_columns (calendar), ==, 20);
  g_assert_cmpuint (spa_day_calendar_get_n_cards (calendar), ==, n_cards);
  g_assert_cmpuint (spa_day_calendar_get_n_drawn_cards (calendar), >, 0);
  g_assert_cmpuint (spa_day_calendar_get_n_drawn_cards (calendar), <, n_cards);

  /* At rest nothing is laid out or drawn again (no relayout loop through the
   * scrolled window's adjustments). */
  {
    GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (calendar));
    gint64 before;

    /* Past the scrollbars' fade-out; a busy machine may take longer to get there, so
     * wait (bounded) for a quiet spell: a relayout loop never has one. */
    spa_test_iterate_until (never, NULL, 1500);
    for (int i = 0; i < 30; i++)
      {
        before = gdk_frame_clock_get_frame_counter (clock);
        settle ();
        if (gdk_frame_clock_get_frame_counter (clock) - before <= 1)
          break;
      }
    g_assert_cmpint (gdk_frame_clock_get_frame_counter (clock) - before, <=, 1);
  }
}

static gboolean
widget_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

/* A click on the staff window's page @page, then on its Add button @add: the editor
 * of the new record, shown open. */
static GtkWidget *
click_add_record (GtkWidget  *staff,
                  const char *page,
                  const char *add)
{
  GtkWidget *tab = spa_test_find_labelled (staff, GTK_TYPE_TOGGLE_BUTTON, page);
  GtkWidget *button;
  GtkWidget *editor = NULL;

  g_assert_nonnull (tab);
  spa_test_click (tab, -1, -1);
  settle ();
  button = spa_test_find_labelled (staff, GTK_TYPE_BUTTON, add);
  g_assert_nonnull (button);
  spa_test_click (button, -1, -1);
  for (guint i = 0; i < 50 && editor == NULL; i++)
    {
      settle ();
      editor = spa_test_find_row (staff, ADW_TYPE_EXPANDER_ROW, "New");
    }
  g_assert_nonnull (editor);
  g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (editor)));
  return editor;
}

/* A click into @editor's field @field, whose text is replaced by @text as typed. */
static void
type_in_field (SpaStaffWindow *staff,
               GtkWidget      *editor,
               const char     *field,
               const char     *text)
{
  GtkWidget *row = spa_staff_window_get_widget (staff, editor, field);

  g_assert_nonnull (row);
  g_assert_true (spa_test_iterate_until (widget_mapped, row, 5000));
  spa_test_replace_text (row, text);
}

/* A click on @editor's Save button. */
static void
click_staff_save (SpaStaffWindow *staff,
                  GtkWidget      *editor)
{
  spa_test_click (spa_staff_window_get_widget (staff, editor, "save"), -1, -1);
  settle ();
}

/* Services & Staff from the main menu, all by mouse and keyboard: a room needs a
 * name, a therapist's hours must be readable; what is saved is in the store. */
static void
test_services_and_staff (Fixture       *f,
                         gconstpointer  data)
{
  SpaStaffWindow *staff;
  GtkWidget *item;
  GtkWidget *editor;
  g_autoptr(GPtrArray) found = NULL;
  JsonNode *hours;
  const char *error;

  item = spa_test_open_main_menu (GTK_WIDGET (f->window), "Services & Staff");
  g_assert_nonnull (item);
  spa_test_click (item, -1, -1);
  staff = SPA_STAFF_WINDOW (spa_test_wait_for_toplevel (SPA_TYPE_STAFF_WINDOW));

  /* A room needs a name; then it is saved. */
  editor = click_add_record (GTK_WIDGET (staff), "Rooms", "Add Room");
  click_staff_save (staff, editor);
  g_assert_nonnull (spa_staff_window_get_error (staff, editor));
  g_assert_cmpint (spa_store_count (f->store, "room"), ==, 2);
  type_in_field (staff, editor, "name", "Garden room");
  click_staff_save (staff, editor);
  spa_test_wait_for_count (f->store, "SELECT count(*) FROM room WHERE name = ?", "Garden room", 1);
  g_assert_null (spa_staff_window_get_error (staff, editor));
  g_assert_cmpint (spa_store_count (f->store, "room"), ==, 3);

  /* Working hours that cannot be read are refused with the expected form shown. */
  editor = click_add_record (GTK_WIDGET (staff), "Therapists", "Add Therapist");
  type_in_field (staff, editor, "name", "Ana Ruiz");
  type_in_field (staff, editor, "hours:mon", "9 to 5");
  click_staff_save (staff, editor);
  error = spa_staff_window_get_error (staff, editor);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error, "09:00-12:00"));
  g_assert_cmpint (spa_test_count_rows (f->store, "SELECT count(*) FROM therapist WHERE name = ?",
                                        "Ana Ruiz"), ==, 0);
  type_in_field (staff, editor, "hours:mon", "09:00-12:00, 13:00-17:30");
  click_staff_save (staff, editor);
  spa_test_wait_for_count (f->store, "SELECT count(*) FROM therapist WHERE name = ?", "Ana Ruiz",
                           1);
  g_assert_null (spa_staff_window_get_error (staff, editor));

  found = spa_store_query (f->store, "therapist", "WHERE name = ?", (const char * const []) { "Ana Ruiz", NULL }, NULL);
  g_assert_cmpuint (found->len, ==, 1);
  hours = spa_record_get_json (found->pdata[0], "working_hours");
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (json_node_get_object (hours), "mon")), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (json_node_get_object (hours), "mon"), 1), "end"), ==, "17:30");
  g_assert_true (spa_record_get_boolean (found->pdata[0], "active"));

  spa_test_save_screenshot (GTK_WIDGET (staff), "services-staff.png");
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* SPA_DESK_LOCALEDIR=_build/po LANGUAGE=fr: the French editor, for screenshots. */
  if (g_getenv ("SPA_DESK_LOCALEDIR") != NULL)
    {
      setlocale (LC_ALL, "");   /* gtk_test_init pins en_US */
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("SPA_DESK_LOCALEDIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }

  /* The app's own style, as in the application (error labels, cards). */
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, RESOURCE_PREFIX "/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

#define ADD(name, func) g_test_add ("/ui/bookings/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("book-through-editor", test_book_through_editor);
  ADD ("double-booking-refused", test_double_booking_refused);
  ADD ("reschedule", test_reschedule);
  ADD ("check-in-and-client-page", test_check_in_and_client_page);
  ADD ("many-therapists", test_many_therapists);
  ADD ("time-zone-setting", test_time_zone_setting);
  ADD ("edit-and-cancel", test_edit_and_cancel);
  ADD ("editor-odd-time", test_editor_odd_time);
  ADD ("services-and-staff", test_services_and_staff);
  ADD ("editor-opens-ready", test_editor_opens_ready);
  ADD ("editor-past-not-free", test_editor_past_not_free);
  ADD ("editor-past-day", test_editor_past_day);
  ADD ("editor-next-free", test_editor_next_free);
  ADD ("editor-client-keyboard", test_editor_client_keyboard);
  ADD ("editor-date-keyboard", test_editor_date_keyboard);
  ADD ("editor-service-names", test_editor_service_names);
  ADD ("client-bookings-list", test_client_bookings_list);
  ADD ("editor-screenshot", test_editor_screenshot);
#undef ADD

  return g_test_run ();
}
