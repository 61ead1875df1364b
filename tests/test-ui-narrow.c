/* test-ui-narrow.c: every view and dialog fits a phone-sized window (360 px wide)
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <adwaita.h>
#include <glib/gi18n.h>

#include "spa-booking-actions.h"
#include "spa-client-page.h"
#include "spa-clients-page.h"
#include "spa-mail-window-private.h"
#include "spa-reports-page.h"
#include "spa-schedule.h"
#include "spa-vocab.h"
#include "spa-waitlist-dialog.h"
#include "spa-waitlist-window.h"
#include "spa-test-ui-util.h"
#include "spa-today-page.h"
#include "spa-test-util.h"
#include "spa-window.h"

#define NARROW 360
#define TALL   720

typedef struct
{
  char       *dir;
  SpaStore   *store;
  SpaContext *context;
  SpaWindow  *window;
  char       *cut_name;   /* a client's name found cut on Today */
} Fixture;

static void make_widest_day (SpaStore   *store,
                             SpaContext *context);

/* The sample spa (its day made the widest one there can be, if @widest) in a window
 * opened phone-sized on @view. */
static void
open_desk (Fixture    *f,
           const char *view,
           gboolean    widest)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) error = NULL;

  f->store = spa_test_open_store (&f->dir);
  f->context = spa_context_new (f->store, settings);
  now = spa_context_now (f->context);
  g_assert_true (spa_demo_fill (f->store, spa_context_get_time_zone (f->context), now, &error));
  g_assert_no_error (error);
  if (widest)
    make_widest_day (f->store, f->context);

  /* The view the window opens on, as the last one shown. */
  g_settings_set_string (settings, "last-view", view);
  f->window = spa_window_new (NULL, f->context);
  gtk_window_set_default_size (GTK_WINDOW (f->window), NARROW, TALL);
  g_assert_true (spa_window_sign_in (f->window, "Maya Singh", "1234", &error));
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  open_desk (f, data ? data : "today", FALSE);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  while (g_list_model_get_n_items (toplevels) > 0)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, 0);

      gtk_window_destroy (window);
    }
  g_clear_object (&f->context);
  g_clear_object (&f->store);
  spa_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->cut_name);
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

static void
settle (guint ms)
{
  spa_test_iterate_until (never, NULL, ms);
}

static int
min_width (GtkWidget *widget)
{
  int minimum = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  return minimum;
}

/* The minimum width of @window's contents: what libadwaita's 360 px phone width
 * counts, without the frame that client-side decorations add under Xvfb (on a
 * phone the window is maximized and has none). */
static int
content_min_width (GtkWidget *window)
{
  int minimum = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (window); child;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_visible (child) && !GTK_IS_NATIVE (child))
      minimum = MAX (minimum, min_width (child));
  return minimum;
}

static char *
describe (GtkWidget *widget)
{
  g_autoptr(GString) path = g_string_new (NULL);

  for (GtkWidget *w = widget; w != NULL && !GTK_IS_NATIVE (w); w = gtk_widget_get_parent (w))
    {
      const char *name = gtk_buildable_get_buildable_id (GTK_BUILDABLE (w));

      g_string_prepend (path, name ? name : G_OBJECT_TYPE_NAME (w));
      g_string_prepend (path, "/");
    }
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (path, " “%s”", gtk_label_get_text (GTK_LABEL (widget)));
  return g_string_free (g_steal_pointer (&path), FALSE);
}

/* Appends to @out the deepest shown widgets under @widget whose minimum width is over
 * @limit: the ones that hold the window wide. */
static void
collect_wide (GtkWidget *widget,
              int        limit,
              GString   *out)
{
  gboolean child_wide = FALSE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_visible (child) && !GTK_IS_NATIVE (child) && min_width (child) > limit)
      {
        child_wide = TRUE;
        collect_wide (child, limit, out);
      }
  if (!child_wide)
    {
      g_autofree char *path = describe (widget);

      g_string_append_printf (out, "  %d px: %s\n", min_width (widget), path);
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
        if (gtk_widget_get_visible (child) && !GTK_IS_NATIVE (child))
          {
            g_autofree char *name = describe (child);

            g_string_append_printf (out, "    %d px: …%s\n", min_width (child),
                                    strrchr (name, '/'));
          }
    }
}

/* Appends to @out the shown widgets of @window allocated past its right edge. */
static void
collect_outside (GtkWidget *window,
                 GtkWidget *widget,
                 GString   *out)
{
  graphene_rect_t bounds;

  /* Scroll bars and CSS margins overhang by a few pixels by design. A squeezer keeps
   * the child it gave up mapped (not drawn, its allocation stale) for a frame or two. */
  if (!gtk_widget_get_mapped (widget) || GTK_IS_SCROLLBAR (widget))
    return;
  if (ADW_IS_SQUEEZER (gtk_widget_get_parent (widget)) &&
      adw_squeezer_get_visible_child (ADW_SQUEEZER (gtk_widget_get_parent (widget))) != widget)
    return;
  if (widget != window && gtk_widget_compute_bounds (widget, window, &bounds) &&
      bounds.size.width > 0 &&
      (bounds.origin.x < -4 ||
       bounds.origin.x + bounds.size.width > gtk_widget_get_width (window) + 4))
    {
      g_autofree char *path = describe (widget);

      g_string_append_printf (out, "  x %.0f..%.0f: %s\n", bounds.origin.x,
                              bounds.origin.x + bounds.size.width, path);
      return;
    }
  /* Inside a scrolled window, only what the viewport shows counts. */
  if (GTK_IS_VIEWPORT (widget) || (GTK_IS_NATIVE (widget) && widget != window))
    return;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    collect_outside (window, child, out);
}

/* Whether a shown leaflet or stack under @widget is still sliding between its
 * children: the page leaving is then still partly on screen, outside the window. */
static gboolean
transition_running (GtkWidget *widget)
{
  if (!gtk_widget_get_mapped (widget))
    return FALSE;
  if ((ADW_IS_LEAFLET (widget) &&
       adw_leaflet_get_child_transition_running (ADW_LEAFLET (widget))) ||
      (GTK_IS_STACK (widget) && gtk_stack_get_transition_running (GTK_STACK (widget))))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    if (transition_running (child))
      return TRUE;
  return FALSE;
}

static gboolean
transitions_done (gpointer window)
{
  return !transition_running (window);
}

typedef struct
{
  GtkWidget *window;
  int        width;
} FitsWait;

static gboolean
fits_width (gpointer data)
{
  FitsWait *fits = data;

  return content_min_width (fits->window) <= fits->width;
}

/* @window fits @width: the minimum width of its contents is no more, and once drawn
 * at that width no shown widget sticks out of it. Names the culprits otherwise. */
static void
assert_fits (GtkWidget  *window,
             int         width,
             const char *what)
{
  g_autoptr(GString) wide = g_string_new (NULL);
  g_autoptr(GString) outside = g_string_new (NULL);
  FitsWait fits;
  int minimum;

  gtk_test_widget_wait_for_draw (window);
  /* Pages lay themselves out again once they know their width: let them settle. */
  fits.window = window;
  fits.width = width;
  spa_test_iterate_until (fits_width, &fits, 5000);
  settle (200);
  g_assert_true (spa_test_iterate_until (transitions_done, window, 5000));
  minimum = content_min_width (window);
  /* SPA_TEST_WIDE_LIMIT=330 lists what comes close to the limit, to look at. */
  if (g_getenv ("SPA_TEST_WIDE_LIMIT") != NULL)
    collect_wide (window, atoi (g_getenv ("SPA_TEST_WIDE_LIMIT")), wide);
  else if (minimum > width)
    collect_wide (window, width, wide);
  g_test_message ("%s: minimum width %d px\n%s", what, minimum, wide->str);
  if (minimum > width)
    g_error ("%s needs %d px, more than %d px:\n%s", what, minimum, width, wide->str);

  /* The window itself came down to that width (nothing held it wider on the way). */
  for (GtkWidget *child = gtk_widget_get_first_child (window); child;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_visible (child) && !GTK_IS_NATIVE (child) &&
        gtk_widget_get_width (child) > width)
      g_error ("%s: the window is %d px wide, not %d", what, gtk_widget_get_width (child), width);

  collect_outside (window, window, outside);
  if (outside->len > 0)
    g_error ("%s: shown widgets outside the %d px window:\n%s", what,
             gtk_widget_get_width (window), outside->str);
}

static void
test_views_fit (Fixture *f, gconstpointer data)
{
  static const char *views[] = { "today", "calendar", "clients", "reports" };

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      spa_window_show_view (f->window, views[i]);
      assert_fits (GTK_WIDGET (f->window), NARROW, views[i]);
    }
}

/* The first widget of @type under @root. */
static GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found)
        return found;
    }
  return NULL;
}

typedef struct
{
  SpaReportsPage *page;
  int             kind;
} ReportWait;

static gboolean
report_shown (gpointer data)
{
  ReportWait *wait = data;
  SpaReportTable *table = spa_reports_page_get_table (wait->page);

  return !spa_reports_page_is_busy (wait->page) && table != NULL && (int)table->kind == wait->kind;
}

/* The reports' dashboard, then each report: a chart with its table beside it on a
 * desk goes under it on a phone. */
static void
test_reports_fit (Fixture *f, gconstpointer data)
{
  SpaReportsPage *page;
  ReportWait wait;

  spa_window_show_view (f->window, "reports");
  page = SPA_REPORTS_PAGE (find_widget (GTK_WIDGET (f->window), SPA_TYPE_REPORTS_PAGE));
  g_assert_nonnull (page);
  assert_fits (GTK_WIDGET (f->window), NARROW, "reports");

  wait.page = page;
  for (wait.kind = 0; wait.kind < SPA_REPORT_N; wait.kind++)
    {
      if (spa_report_kind_needs_money (wait.kind))
        continue;
      spa_reports_page_show_section (page, wait.kind);
      g_assert_true (spa_test_iterate_until (report_shown, &wait, 20000));
      assert_fits (GTK_WIDGET (f->window), NARROW, spa_reports_page_get_table (page)->title);
    }
}

/* A window that opens on a view at 360 px (the view it was closed on, given to the
 * fixture) is 360 px wide: no page was first laid out wide and left the window wider. */
static void
test_opens_narrow (Fixture *f, gconstpointer data)
{
  assert_fits (GTK_WIDGET (f->window), NARROW, data);
}

static void
test_client_sections_fit (Fixture *f, gconstpointer data)
{
  static const char *sections[] = { "overview", "intake", "sessions", "bookings", "progress" };
  g_autoptr(GPtrArray) found = spa_store_search_clients (f->store, "olivia", 1, NULL);

  g_assert_nonnull (found);
  g_assert_cmpuint (found->len, ==, 1);
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      const char *id = spa_record_get_id (found->pdata[0]);

      g_autofree char *png = g_strdup_printf ("narrow-%s%s.png", sections[i],
                                              g_getenv ("LANGUAGE") ? "-fr" : "");

      g_assert_true (spa_window_show_client (f->window, id, sections[i]));
      assert_fits (GTK_WIDGET (f->window), NARROW, sections[i]);
      spa_test_save_screenshot (GTK_WIDGET (f->window), png);
    }
}

/* The toplevel window other than the main one, if any. */
static GtkWindow *
find_dialog (Fixture *f)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (window != GTK_WINDOW (f->window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  return find_dialog (data) != NULL;
}

static gboolean
waitlist_dialog_shown (gpointer data)
{
  return spa_test_find_toplevel (SPA_TYPE_WAITLIST_DIALOG) != NULL;
}

/* The sample client with the longest name, for the widest rows. */
static SpaRecord *
longest_named_client (Fixture *f)
{
  g_autoptr(GPtrArray) clients = spa_store_list (f->store, SPA_CLIENT_ENTITY, FALSE, NULL);
  SpaRecord *longest = NULL;
  gsize longest_len = 0;

  g_assert_nonnull (clients);
  for (guint i = 0; i < clients->len; i++)
    {
      g_autofree char *name = g_strconcat (spa_record_get_string (clients->pdata[i], "first_name"),
                                           spa_record_get_string (clients->pdata[i], "last_name"),
                                           NULL);

      if (g_utf8_strlen (name, -1) > (glong)longest_len)
        {
          longest = clients->pdata[i];
          longest_len = g_utf8_strlen (name, -1);
        }
    }
  return g_object_ref (longest);
}

/* The waitlist with an entry in each state, each for every day at set hours, and its
 * Add to Waitlist dialog over it. */
static void
waitlist_fits (Fixture *f)
{
  static const char * const statuses[] = { "waiting", "offered", "booked", "expired",
                                           "withdrawn" };
  g_autoptr(SpaRecord) client = longest_named_client (f);
  g_autoptr(GPtrArray) services = spa_store_list_active (f->store, "service", NULL, NULL);
  g_autoptr(GPtrArray) therapists = spa_store_list_active (f->store, "therapist", NULL, NULL);
  g_autoptr(GPtrArray) bookings = spa_store_list (f->store, "booking", FALSE, NULL);
  g_autoptr(GError) error = NULL;
  GtkWindow *waitlist;
  GtkWindow *dialog;

  g_assert_cmpuint (services->len, >, 0);
  g_assert_cmpuint (therapists->len, >, 0);
  g_assert_cmpuint (bookings->len, >, 0);
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autoptr(SpaRecord) entry = spa_record_new ("waitlist_entry");
      g_autoptr(JsonNode) days = json_from_string ("[\"mon\", \"tue\", \"wed\", \"thu\","
                                                   " \"fri\", \"sat\", \"sun\"]", NULL);

      spa_record_set_string (entry, "client_id", spa_record_get_id (client));
      spa_record_set_string (entry, "service_id",
                             spa_record_get_id (services->pdata[i % services->len]));
      if (i % 2 == 0)
        spa_record_set_string (entry, "therapist_id",
                               spa_record_get_id (therapists->pdata[i % therapists->len]));
      g_assert_true (spa_record_set_field_node (entry, "days", days, NULL));
      spa_record_set_string (entry, "earliest", "09:30");
      spa_record_set_string (entry, "latest", "17:45");
      spa_record_set_string (entry, "until", "2099-12-31");
      spa_record_set_string (entry, "status", statuses[i]);
      /* Offered and booked through an offer far ahead, so no clock passes them. */
      spa_record_set_string (entry, "offer_starts_at", "2099-12-29T18:00:00Z");
      if (g_strcmp0 (statuses[i], "booked") == 0)
        spa_record_set_string (entry, "booking_id", spa_record_get_id (bookings->pdata[0]));
      g_assert_true (spa_store_save (f->store, entry, &error));
      g_assert_no_error (error);
    }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.waitlist", NULL));
  g_assert_true (spa_test_iterate_until (dialog_shown, f, 5000));
  waitlist = spa_test_find_toplevel (SPA_TYPE_WAITLIST_WINDOW);
  g_assert_nonnull (waitlist);
  gtk_window_set_default_size (waitlist, NARROW, TALL);
  assert_fits (GTK_WIDGET (waitlist), NARROW, "the waitlist");
  spa_test_save_screenshot (GTK_WIDGET (waitlist), "waitlist-narrow.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (waitlist), "waitlist.add", NULL));
  g_assert_true (spa_test_iterate_until (waitlist_dialog_shown, NULL, 5000));
  dialog = spa_test_find_toplevel (SPA_TYPE_WAITLIST_DIALOG);
  gtk_window_set_default_size (dialog, NARROW, TALL);
  assert_fits (GTK_WIDGET (dialog), NARROW, "Add to Waitlist");
  spa_test_save_screenshot (GTK_WIDGET (dialog), "waitlist-add-narrow.png");
  gtk_window_destroy (dialog);
  gtk_window_destroy (waitlist);
  settle (100);
}

static JsonObject *
failed_message (const char *recipient,
                const char *subject,
                const char *reason)
{
  JsonObject *message = json_object_new ();

  json_object_set_string_member (message, "kind", "waitlist_offer");
  json_object_set_string_member (message, "recipient", recipient);
  json_object_set_string_member (message, "subject", subject);
  json_object_set_string_member (message, "status", "failed");
  json_object_set_string_member (message, "last_error", reason);
  json_object_set_string_member (message, "created_at", "2026-11-30T22:05:00Z");
  return message;
}

/* Failed E-mail, as the server would list it: long addresses, subjects and reasons. */
static void
failed_mail_fits (Fixture *f)
{
  g_autoptr(GPtrArray) messages = NULL;
  SpaMailWindow *mail;

  messages = g_ptr_array_new_with_free_func ((GDestroyNotify)json_object_unref);
  g_ptr_array_add (messages, failed_message (
      "marie-christine.vaillancourt-desrosiers@courrier.example.com",
      "Une plage horaire s’est libérée chez Cedar & Stone Spa",
      "550 5.1.1 <marie-christine.vaillancourt-desrosiers@courrier.example.com>: "
      "Recipient address rejected: User unknown in virtual mailbox table"));
  g_ptr_array_add (messages, failed_message (
      "sam@example.com", "Your booking at Cedar & Stone Spa",
      "gave up after 12 tries: Failed to connect to mail.example.com port 587"));
  mail = spa_mail_window_new (f->context);
  spa_mail_window_show_messages (mail, messages);
  gtk_window_set_transient_for (GTK_WINDOW (mail), GTK_WINDOW (f->window));
  gtk_window_set_default_size (GTK_WINDOW (mail), NARROW, TALL);
  gtk_window_present (GTK_WINDOW (mail));
  assert_fits (GTK_WIDGET (mail), NARROW, "Failed E-mail");
  spa_test_save_screenshot (GTK_WIDGET (mail), "failed-mail-narrow.png");
  gtk_window_destroy (GTK_WINDOW (mail));
  settle (100);
}

/* Each editor and window the desk opens fits a phone too, scrolling where it must. */
static void
test_dialogs_fit (Fixture *f, gconstpointer data)
{
  static const char *actions[] = {
    "win.new-booking", "win.new-client", "win.preferences", "win.services-staff",
    "win.show-conflicts", "win.new-sale",
  };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      GtkWindow *dialog;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), actions[i], NULL));
      g_assert_true (spa_test_iterate_until (dialog_shown, f, 5000));
      dialog = find_dialog (f);
      gtk_window_set_default_size (dialog, NARROW, TALL);
      assert_fits (GTK_WIDGET (dialog), NARROW, actions[i]);
      gtk_window_destroy (dialog);
      settle (100);
    }

  waitlist_fits (f);
  failed_mail_fits (f);

  /* The lock screen, with the sample spa's six accounts. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.lock", NULL));
  g_assert_true (spa_window_is_locked (f->window));
  assert_fits (GTK_WIDGET (f->window), NARROW, "lock screen");
}

/* Every sample client's page, whatever their name, alerts and buttons. */
static void
test_every_client_fits (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) clients = spa_store_list (f->store, "client", FALSE, NULL);

  g_assert_nonnull (clients);
  g_assert_cmpuint (clients->len, >, 10);
  for (guint i = 0; i < clients->len; i++)
    {
      const char *name = spa_record_get_string (clients->pdata[i], "first_name");

      const char *id = spa_record_get_id (clients->pdata[i]);

      g_assert_true (spa_window_show_client (f->window, id, "overview"));
      assert_fits (GTK_WIDGET (f->window), NARROW, name);
    }
}

/* Today's widest rows whatever the day brings: every booking done and not yet paid (a
 * Check Out button) and the next visit still to check in (its Check In and highlight),
 * each for a client with every alert there is. The sample day changes with the date and
 * the hour, so the widest rows are made here, not left to the calendar. */
static void
make_widest_day (SpaStore   *store,
                 SpaContext *context)
{
  g_autoptr(GDateTime) now = spa_context_now (context);
  GTimeZone *zone = spa_context_get_time_zone (context);
  g_autoptr(GDateTime) midnight = spa_schedule_day_start (zone, g_date_time_get_year (now),
                                                          g_date_time_get_month (now),
                                                          g_date_time_get_day_of_month (now));
  g_autoptr(GPtrArray) bookings = NULL;
  g_autoptr(GPtrArray) clients = spa_store_list (store, SPA_CLIENT_ENTITY, FALSE, NULL);
  g_autoptr(GPtrArray) therapists = spa_store_list_active (store, "therapist", NULL, NULL);
  g_autoptr(GPtrArray) services = spa_store_list_active (store, "service", NULL, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) conditions = NULL;
  g_autoptr(GError) error = NULL;
  const SpaVocabEntry *vocab;
  guint n;

  vocab = spa_vocab_conditions (&n);
  for (guint i = 0; i < n; i++)
    if (vocab[i].alert)
      g_strv_builder_add (builder, vocab[i].code);
  conditions = g_strv_builder_end (builder);
  g_assert_cmpuint (g_strv_length (conditions), >, 2);
  g_assert_cmpuint (MIN (clients->len, therapists->len), >=, 3);
  g_assert_cmpuint (services->len, >, 0);

  bookings = spa_schedule_bookings_of_day (store, zone, now, &error);
  g_assert_no_error (error);
  /* Three visits an hour apart from 09:00 on a quiet day in the sample spa (late on a
   * Sunday, say), each with its own therapist; the last therapist is kept for the next
   * visit, which starts ten minutes ago (or at midnight) and has not ended. */
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(SpaRecord) visit = NULL;
      g_autoptr(GDateTime) before = g_date_time_add_minutes (now, -10);
      g_autoptr(GDateTime) starts = NULL;
      g_autoptr(GDateTime) ends = NULL;
      g_autoptr(GDateTime) starts_utc = NULL;
      g_autoptr(GDateTime) ends_utc = NULL;
      g_autofree char *starts_at = NULL;
      g_autofree char *ends_at = NULL;
      gboolean next = i == 3;

      if (!next && bookings->len >= 3)
        continue;
      if (next)
        starts = g_date_time_compare (before, midnight) > 0 ? g_date_time_ref (before)
                                                            : g_date_time_ref (midnight);
      else
        starts = g_date_time_add_minutes (midnight, (9 + i) * 60);
      ends = g_date_time_add_minutes (starts, 45);
      starts_utc = g_date_time_to_utc (starts);
      ends_utc = g_date_time_to_utc (ends);
      starts_at = spa_time_format_utc (starts_utc);
      ends_at = spa_time_format_utc (ends_utc);
      visit = spa_record_new ("booking");
      spa_record_set_string (visit, "service_id", spa_record_get_id (services->pdata[0]));
      spa_record_set_string (visit, "starts_at", starts_at);
      spa_record_set_string (visit, "ends_at", ends_at);
      /* Saved after the others are checked in, so that it is the next one. */
      spa_record_set_string (visit, "status", next ? "confirmed" : "booked");
      if (next)
        {
          g_clear_pointer (&bookings, g_ptr_array_unref);
          bookings = spa_schedule_bookings_of_day (store, zone, now, &error);
          g_assert_no_error (error);
          for (guint j = 0; j < bookings->len; j++)
            {
              SpaRecord *booking = bookings->pdata[j];

              if (spa_booking_status_can_change (spa_booking_get_status (booking), "checked_in"))
                {
                  spa_record_set_string (booking, "status", "checked_in");
                  g_assert_true (spa_store_save (store, booking, &error));
                  g_assert_no_error (error);
                }
            }
        }
      /* With a client and a therapist both free then (the sample day fills the hours). */
      for (guint k = 0; k < clients->len * therapists->len; k++)
        {
          guint c = (i + k / therapists->len) % clients->len;
          guint t = (therapists->len - 1 - i + k) % therapists->len;

          spa_record_set_string (visit, "client_id", spa_record_get_id (clients->pdata[c]));
          spa_record_set_string (visit, "therapist_id", spa_record_get_id (therapists->pdata[t]));
          g_clear_error (&error);
          if (spa_store_save (store, visit, &error))
            break;
        }
      g_assert_no_error (error);
    }

  g_clear_pointer (&bookings, g_ptr_array_unref);
  bookings = spa_schedule_bookings_of_day (store, zone, now, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < bookings->len; i++)
    {
      g_autoptr(SpaRecord) client = spa_store_get (store, SPA_CLIENT_ENTITY,
                                                   spa_booking_get_client_id (bookings->pdata[i]),
                                                   &error);

      g_assert_no_error (error);
      spa_record_set_string (client, "allergies", "Shellfish, almond oil and latex gloves");
      spa_record_set_strv (client, "conditions", (const char * const *)conditions);
      g_assert_true (spa_store_save (store, client, &error));
      g_assert_no_error (error);
    }
}

/* Today's rows built up to the next visit's (every row at once: those below the first
 * screen come after a frame otherwise, and could miss the measure). */
static gboolean
next_row_built (gpointer data)
{
  Fixture *f = data;
  SpaTodayPage *today = SPA_TODAY_PAGE (spa_window_get_today_page (f->window));
  GtkListBox *list = spa_today_page_get_schedule (today);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row;
       row = gtk_widget_get_next_sibling (row))
    if (gtk_widget_has_css_class (row, "next-booking"))
      return TRUE;
  return FALSE;
}

static void
assert_next_row (Fixture *f)
{
  g_assert_true (spa_test_iterate_until (next_row_built, f, 5000));
}

/* The label of @row's title (AdwActionRow's own, styled "title"). */
static GtkLabel *
row_title_label (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "title"))
    return GTK_LABEL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = row_title_label (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Whether no client's name on Today is cut (the first that is: f->cut_name). */
static gboolean
names_whole (gpointer data)
{
  Fixture *f = data;
  SpaTodayPage *today = SPA_TODAY_PAGE (spa_window_get_today_page (f->window));
  GtkWidget *schedule = GTK_WIDGET (spa_today_page_get_schedule (today));

  for (GtkWidget *row = gtk_widget_get_first_child (schedule); row;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkLabel *title = row_title_label (row);

      if (title != NULL && pango_layout_is_ellipsized (gtk_label_get_layout (title)))
        {
          g_free (f->cut_name);
          f->cut_name = g_strdup (gtk_label_get_text (title));
          return FALSE;
        }
    }
  return TRUE;
}

static void
test_today_rows_fit (Fixture *f, gconstpointer data)
{
  SpaTodayPage *today;
  GtkWidget *schedule;
  guint n_rows = 0;

  make_widest_day (f->store, f->context);
  spa_window_show_view (f->window, "today");
  assert_next_row (f);
  assert_fits (GTK_WIDGET (f->window), NARROW, "today, every row checked in with every alert");

  /* Each client's name is read whole, however much the row holds: once the rows are
   * laid out (Today adds the rows below the first screen in batches after a frame is
   * drawn, and a row just added has no width yet). */
  today = SPA_TODAY_PAGE (spa_window_get_today_page (f->window));
  schedule = GTK_WIDGET (spa_today_page_get_schedule (today));
  if (!spa_test_iterate_until (names_whole, f, 5000))
    g_error ("today at %d px: \"%s\" is cut", NARROW, f->cut_name);
  for (GtkWidget *row = gtk_widget_get_first_child (schedule); row;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkLabel *title = row_title_label (row);
      SpaRecord *booking = g_object_get_data (G_OBJECT (row), "booking");
      g_autofree char *client = NULL;

      g_assert_nonnull (title);
      g_assert_nonnull (booking);
      client = spa_booking_actions_client_name (f->store, spa_booking_get_client_id (booking));
      g_assert_cmpstr (gtk_label_get_text (title), ==, client);
      n_rows++;
    }
  g_assert_cmpuint (n_rows, >=, 4);
  spa_test_save_screenshot (GTK_WIDGET (f->window), "today-narrow-alerts.png");
}

/* The same day in a window opened phone-sized on Today: never laid out wide first. */
static void
fixture_set_up_widest (Fixture       *f,
                       gconstpointer  data)
{
  open_desk (f, "today", TRUE);
}

static void
test_opens_narrow_widest (Fixture *f, gconstpointer data)
{
  assert_next_row (f);
  assert_fits (GTK_WIDGET (f->window), NARROW, "today, opened on the widest day");
}

int
main (int argc, char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* The same in French (the test-ui-narrow-fr run): longer words, "5,2". */
  if (g_getenv ("SPA_DESK_LOCALEDIR") != NULL)
    {
      setlocale (LC_ALL, "");   /* gtk_test_init pins en_US */
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("SPA_DESK_LOCALEDIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
      /* Without the fr_CA locale this would quietly run in English. */
      if (g_strcmp0 (_("Today"), "Today") == 0)
        g_error ("French is not active: is the fr_CA.UTF-8 locale installed?");
    }

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/ui/narrow/views-fit", test_views_fit);
  g_test_add ("/ui/narrow/opens-narrow/today", Fixture, "today", fixture_set_up, test_opens_narrow,
              fixture_tear_down);
  g_test_add ("/ui/narrow/opens-narrow/calendar", Fixture, "calendar", fixture_set_up,
              test_opens_narrow, fixture_tear_down);
  g_test_add ("/ui/narrow/opens-narrow/clients", Fixture, "clients", fixture_set_up,
              test_opens_narrow, fixture_tear_down);
  ADD ("/ui/narrow/today-rows-fit", test_today_rows_fit);
  g_test_add ("/ui/narrow/opens-narrow/today-widest", Fixture, NULL, fixture_set_up_widest,
              test_opens_narrow_widest, fixture_tear_down);
  ADD ("/ui/narrow/reports-fit", test_reports_fit);
  ADD ("/ui/narrow/client-sections-fit", test_client_sections_fit);
  ADD ("/ui/narrow/every-client-fits", test_every_client_fits);
  ADD ("/ui/narrow/dialogs-fit", test_dialogs_fit);

  return g_test_run ();
}
