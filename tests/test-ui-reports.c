/* test-ui-reports.c: the Reports view on the demo spa, through real key presses
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "spa-application.h"
#include "spa-context.h"
#include "spa-report-export.h"
#include "spa-reports-page.h"
#include "spa-test-input.h"
#include "spa-test-ui-util.h"
#include "spa-test-util.h"
#include "spa-window.h"

typedef SpaTestDesk Fixture;

/* The application's accelerators (Alt+4) are registered at its start-up. */
static SpaApplication *app;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("America/Vancouver");

  spa_test_desk_open (f);
  g_assert_true (spa_demo_fill (f->store, zone, now, &error));
  g_assert_no_error (error);
  g_settings_set_boolean (f->settings, "sign-in", FALSE);
  g_settings_set_string (f->settings, "server-url", "");
  f->context = spa_context_new (f->store, f->settings);
}

static void
open_window (Fixture *f)
{
  spa_test_desk_show (f, GTK_APPLICATION (app), 1280, 800);
  spa_window_show_view (f->window, "today");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  spa_test_desk_tear_down (f);
}

static gboolean
page_settled (gpointer data)
{
  SpaReportsPage *page = data;

  return !spa_reports_page_is_busy (page) &&
         strcmp (spa_reports_page_get_figure_text (page, SPA_FIGURE_VISITS), "—") != 0;
}

typedef struct
{
  SpaReportsPage *page;
  gint64          first;
} PeriodWait;

/* The key press reaches the window after the X server passes it on: wait for the period to
 * move, not only for the page to be idle (it is idle before the key arrives). */
static gboolean
period_moved (gpointer data)
{
  PeriodWait *wait = data;
  SpaReportPeriod period;

  spa_reports_page_get_period (wait->page, &period);
  return period.first != wait->first && page_settled (wait->page);
}

/* Alt+Page Up: the period before, its figures shown. */
static void
show_period_before (SpaReportsPage *page)
{
  SpaReportPeriod period;
  PeriodWait wait = { page, 0 };

  spa_reports_page_get_period (page, &period);
  wait.first = period.first;
  spa_test_send_keys (GTK_WIDGET (page), "alt+Prior");
  g_assert_true (spa_test_iterate_until (period_moved, &wait, 20000));
}

static gboolean
is_reports_view (gpointer data)
{
  return g_strcmp0 (spa_window_get_view (data), "reports") == 0;
}

/* Alt+4 opens Reports, the dashboard for this month; returns the page once its
 * figures are in. */
static SpaReportsPage *
open_reports (Fixture *f)
{
  SpaReportsPage *page;

  open_window (f);
  spa_test_send_keys (GTK_WIDGET (f->window), "alt+4");
  g_assert_true (spa_test_iterate_until (is_reports_view, f->window, 5000));
  page = SPA_REPORTS_PAGE (spa_test_find_widget (GTK_WIDGET (f->window), SPA_TYPE_REPORTS_PAGE));
  g_assert_nonnull (page);
  g_assert_true (spa_test_iterate_until (page_settled, page, 20000));
  return page;
}

/* What the store says for the page's period, as the card writes it. */
static char *
expected_figure (Fixture        *f,
                 SpaReportsPage *page,
                 SpaFigure       figure)
{
  SpaReportPeriod period;
  SpaDashboard dashboard;
  g_autoptr(GError) error = NULL;

  spa_reports_page_get_period (page, &period);
  g_assert_true (spa_report_dashboard (f->store, spa_context_get_time_zone (f->context), &period,
                                       NULL, &dashboard, &error));
  g_assert_no_error (error);
  return spa_figure_format (figure, spa_dashboard_get_figure (&dashboard, figure));
}

static void
test_dashboard_figures (Fixture       *f,
                        gconstpointer  data)
{
  SpaReportsPage *page;
  SpaReportPeriod month, before;
  g_autofree char *visits = NULL;
  g_autofree char *utilisation = NULL;
  g_autofree char *previous_visits = NULL;

  page = open_reports (f);

  /* Every report's name reads whole in the list, none cut with an ellipsis. */
  {
    GtkWidget *sidebar = spa_test_find_widget (GTK_WIDGET (page), GTK_TYPE_LIST_BOX);
    guint rows = 0;

    g_assert_nonnull (sidebar);
    for (GtkWidget *row = gtk_widget_get_first_child (sidebar); row;
         row = gtk_widget_get_next_sibling (row))
      {
        GtkWidget *label = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));

        if (!gtk_widget_get_visible (row))
          continue;
        g_assert_true (GTK_IS_LABEL (label));
        g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (label))));
        rows++;
      }
    g_assert_cmpuint (rows, >, SPA_REPORT_N / 2);
  }

  visits = expected_figure (f, page, SPA_FIGURE_VISITS);
  utilisation = expected_figure (f, page, SPA_FIGURE_UTILISATION);
  g_assert_cmpstr (spa_reports_page_get_figure_text (page, SPA_FIGURE_VISITS), ==, visits);
  g_assert_cmpstr (spa_reports_page_get_figure_text (page, SPA_FIGURE_UTILISATION), ==,
                   utilisation);

  /* Alt+Page Up goes to the month before, whose figures come from the store too. */
  spa_reports_page_get_period (page, &month);
  show_period_before (page);
  spa_reports_page_get_period (page, &before);
  g_assert_cmpint (before.last, ==, month.first - 1);
  previous_visits = expected_figure (f, page, SPA_FIGURE_VISITS);
  g_assert_cmpstr (spa_reports_page_get_figure_text (page, SPA_FIGURE_VISITS), ==, previous_visits);
}

/* Keys that type @text (letters, digits and the punctuation of a path). */
static char *
keys_for (const char *text)
{
  GString *keys = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    {
      const char *name = NULL;
      char buffer[2] = { *p, 0 };

      switch (*p)
        {
        case '/': name = "slash"; break;
        case '-': name = "minus"; break;
        case '.': name = "period"; break;
        case '_': name = "underscore"; break;
        default: name = buffer; break;
        }
      g_string_append_printf (keys, "%s ", name);
    }
  return g_string_free (keys, FALSE);
}

static GtkWidget *find_file_chooser (void);

/* Written: the file is there and the chooser, whose answer writes it, is gone. */
static gboolean
file_written (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS) && find_file_chooser () == NULL;
}

/* The shown top-level window of @type, or %NULL. */
static GtkWidget *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        return GTK_WIDGET (window);
    }
  return NULL;
}

static GtkWidget *
find_file_chooser (void)
{
  return find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
}

static gboolean
has_file_chooser (gpointer data)
{
  return find_file_chooser () != NULL;
}

static GtkWidget *
find_export_button (GtkWidget *root)
{
  if (GTK_IS_MENU_BUTTON (root) &&
      g_strcmp0 (gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (root)),
                 "document-save-symbolic") == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_export_button (child);

      if (found)
        return found;
    }
  return NULL;
}

static gboolean
is_report_shown (gpointer data)
{
  SpaReportsPage *page = data;
  SpaReportTable *table = spa_reports_page_get_table (page);

  return !spa_reports_page_is_busy (page) && table != NULL &&
         table->kind == SPA_REPORT_UTILISATION_THERAPIST;
}

/* The export menu's item (after @downs), then the file chooser: a path typed into its
 * name field, and Enter. */
static void
export_through_menu (SpaReportsPage *page,
                     const char     *downs,
                     const char     *path)
{
  GtkWidget *export_button = find_export_button (GTK_WIDGET (page));
  g_autofree char *keys = keys_for (path);
  g_autofree char *menu_keys = g_strdup_printf ("%s Return", downs);

  g_assert_nonnull (export_button);
  gtk_widget_grab_focus (export_button);
  spa_test_send_keys (export_button, "Return");
  spa_test_send_keys (export_button, menu_keys);
  g_assert_true (spa_test_iterate_until (has_file_chooser, NULL, 10000));
  spa_test_send_keys (find_file_chooser (), "ctrl+a");
  spa_test_send_keys (find_file_chooser (), keys);
  spa_test_send_keys (find_file_chooser (), "Return");
  g_assert_true (spa_test_iterate_until (file_written, (gpointer)path, 20000));
}

static void
test_export_csv (Fixture       *f,
                 gconstpointer  data)
{
  SpaReportsPage *page;
  SpaReportTable *table;
  g_autofree char *path = g_build_filename (f->dir, "utilisation.csv", NULL);
  g_autofree char *pdf = g_build_filename (f->dir, "utilisation.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  const char *pdftotext[] = { "pdftotext", pdf, "-", NULL };
  int status = 0;

  page = open_reports (f);

  spa_reports_page_show_section (page, SPA_REPORT_UTILISATION_THERAPIST);
  g_assert_true (spa_test_iterate_until (is_report_shown, page, 20000));
  table = spa_reports_page_get_table (page);

  export_through_menu (page, "", path);

  /* Read back: a header, then a line per therapist with the table's figures. */
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, table->rows->len + 2);
  g_assert_true (g_str_has_prefix (lines[0], "Therapist,Utilisation,Booked hours"));
  for (guint i = 0; i < table->rows->len; i++)
    {
      SpaReportRow *row = table->rows->pdata[i];
      g_auto(GStrv) fields = g_strsplit (lines[i + 1], ",", -1);

      g_assert_cmpstr (fields[0], ==, row->label);
      g_assert_cmpfloat_with_epsilon (g_ascii_strtod (fields[2], NULL), row->values[1] / 60, 0.005);
      g_assert_cmpfloat_with_epsilon (g_ascii_strtod (fields[5], NULL), row->values[4], 0.5);
    }
  g_assert_cmpstr (lines[table->rows->len + 1], ==, "");

  /* Save as PDF, the next item: the title, a therapist and a figure are in its text. */
  export_through_menu (page, "Down", pdf);
  g_assert_true (g_spawn_sync (NULL, (char **)pdftotext, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &text, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, table->title));
  g_assert_nonnull (strstr (text, ((SpaReportRow *)table->rows->pdata[0])->label));
  {
    g_autofree char *hours = spa_report_format_value (
        SPA_REPORT_VALUE_MINUTES, ((SpaReportRow *)table->rows->pdata[0])->values[1]);

    g_assert_nonnull (strstr (text, hours));
  }
}

static gboolean
has_print_dialog (gpointer data)
{
  return find_toplevel (g_type_from_name ("GtkPrintUnixDialog")) != NULL;
}

/* The first printer's row in the print dialog's list, once it lists one. */
static GtkWidget *
first_printer_cell (GtkWidget *dialog)
{
  GtkWidget *list = spa_test_find_widget (dialog, GTK_TYPE_COLUMN_VIEW);
  GtkWidget *cell;

  if (list == NULL || g_list_model_get_n_items (G_LIST_MODEL (
                          gtk_column_view_get_model (GTK_COLUMN_VIEW (list)))) == 0)
    return NULL;
  cell = spa_test_find_widget (list, g_type_from_name ("GtkColumnViewCell"));
  return cell && gtk_widget_get_mapped (cell) && gtk_widget_get_width (cell) > 0 ? cell : NULL;
}

static GtkWidget *find_button_ending (GtkWidget  *root,
                                      const char *suffix);

static gboolean
has_pdf_button (gpointer data)
{
  return find_button_ending (data, ".pdf") != NULL;
}

static gboolean
no_file_chooser (gpointer data)
{
  return find_file_chooser () == NULL;
}

static gboolean
has_printer (gpointer data)
{
  return first_printer_cell (data) != NULL;
}

/* Whether the file at @data is a whole PDF (cairo writes the trailer last) and the
 * print dialog is gone. */
static gboolean
pdf_written (gpointer data)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (has_print_dialog (NULL) || !g_file_get_contents (data, &contents, &length, NULL))
    return FALSE;
  return length > 6 && g_str_has_prefix (contents, "%PDF") &&
         g_strstr_len (contents + length - MIN (length, 32), MIN (length, 32), "%%EOF") != NULL;
}

/* A button under @root whose label ends with @suffix. */
static GtkWidget *
find_button_ending (GtkWidget  *root,
                    const char *suffix)
{
  if (GTK_IS_BUTTON (root) && gtk_widget_get_mapped (root))
    {
      GtkWidget *label = spa_test_find_widget (root, GTK_TYPE_LABEL);

      if (label && g_str_has_suffix (gtk_label_get_text (GTK_LABEL (label)), suffix))
        return root;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button_ending (child, suffix);

      if (found)
        return found;
    }
  return NULL;
}

static void
click_middle (GtkWidget *widget)
{
  g_assert_nonnull (widget);
  spa_test_click (widget, gtk_widget_get_width (widget) / 2.0,
                  gtk_widget_get_height (widget) / 2.0);
}

static char *
pdf_text (const char *path)
{
  const char *argv[] = { "pdftotext", "-layout", path, "-", NULL };
  g_autoptr(GError) error = NULL;
  char *text = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &text,
                               NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return text;
}

/* Print…: the system's print dialog, its "Print to File" printer, a file chosen in its
 * file chooser, the Print button; the file it writes holds the report's title and
 * every therapist with the booked hours the store gives. */
static void
test_print (Fixture       *f,
            gconstpointer  data)
{
  SpaReportsPage *page;
  SpaReportTable *table;
  GtkWidget *dialog;
  g_autofree char *path = g_build_filename (f->dir, "printed.pdf", NULL);
  g_autofree char *keys = keys_for (path);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  page = open_reports (f);
  spa_reports_page_show_section (page, SPA_REPORT_UTILISATION_THERAPIST);
  g_assert_true (spa_test_iterate_until (is_report_shown, page, 20000));
  table = spa_reports_page_get_table (page);

  /* The export menu's third item. */
  {
    GtkWidget *export_button = find_export_button (GTK_WIDGET (page));

    gtk_widget_grab_focus (export_button);
    spa_test_send_keys (export_button, "Return");
    spa_test_send_keys (export_button, "Down Down Return");
  }
  g_assert_true (spa_test_iterate_until (has_print_dialog, NULL, 20000));
  dialog = find_toplevel (g_type_from_name ("GtkPrintUnixDialog"));
  g_assert_true (spa_test_iterate_until (has_printer, dialog, 20000));
  /* The only printer without a print server: Print to File. */
  click_middle (first_printer_cell (dialog));
  g_assert_true (spa_test_iterate_until (has_pdf_button, dialog, 10000));
  click_middle (find_button_ending (dialog, ".pdf"));
  g_assert_true (spa_test_iterate_until (has_file_chooser, NULL, 10000));
  spa_test_send_keys (find_file_chooser (), "ctrl+a");
  spa_test_send_keys (find_file_chooser (), keys);
  spa_test_send_keys (find_file_chooser (), "Return");
  g_assert_true (spa_test_iterate_until (no_file_chooser, NULL, 10000));
  click_middle (spa_test_find_labelled (dialog, GTK_TYPE_BUTTON, "Print"));
  g_assert_true (spa_test_iterate_until (pdf_written, path, 30000));

  text = pdf_text (path);
  lines = g_strsplit (text, "\n", -1);
  g_assert_nonnull (strstr (text, table->title));
  for (guint i = 0; i < table->rows->len; i++)
    {
      SpaReportRow *row = table->rows->pdata[i];
      g_autofree char *hours = spa_report_format_value (SPA_REPORT_VALUE_MINUTES, row->values[1]);
      gboolean found = FALSE;

      /* The therapist's line in the table, with the booked hours. */
      for (guint l = 0; lines[l] != NULL && !found; l++)
        found = strstr (lines[l], row->label) != NULL && strstr (lines[l], hours) != NULL;
      g_assert_true (found);
    }
}

/* The label of day @day of the shown month in @calendar (not a neighbour month's). */
static GtkWidget *
calendar_day_label (GtkWidget  *root,
                    const char *day)
{
  if (GTK_IS_LABEL (root) && gtk_widget_has_css_class (root, "day-number") &&
      !gtk_widget_has_css_class (root, "other-month") &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), day) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = calendar_day_label (child, day);

      if (found)
        return found;
    }
  return NULL;
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

static gboolean
is_unmapped (gpointer data)
{
  return !gtk_widget_get_mapped (data);
}

/* "YYYY-MM-DDTHH:MM:SSZ" of local midnight starting @day of @month in the spa's zone. */
static char *
utc_midnight (GTimeZone *zone,
              int        year,
              int        month,
              int        day)
{
  g_autoptr(GDateTime) local = g_date_time_new (zone, year, month, day, 0, 0, 0);
  g_autoptr(GDateTime) utc = g_date_time_to_utc (local);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

/* Custom dates: the period button's popover, the 10th clicked in the From calendar and
 * the 20th in the To calendar, Show These Dates; the visits card then counts the visits
 * the database holds for those eleven local days. */
static void
test_custom_dates (Fixture       *f,
                   gconstpointer  data)
{
  SpaReportsPage *page;
  SpaReportPeriod month, period;
  GtkWidget *period_button, *popover, *from, *to;
  GTimeZone *zone = spa_context_get_time_zone (f->context);
  int y, m, d;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *expected = NULL;
  gint64 visits;

  page = open_reports (f);
  /* Last month: its 10th to 20th are past, with visits in the sample spa. */
  show_period_before (page);
  spa_reports_page_get_period (page, &month);
  spa_report_day_to_ymd (month.first, &y, &m, &d);

  period_button = spa_test_find_widget (GTK_WIDGET (page), GTK_TYPE_MENU_BUTTON);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (period_button), ==, "Choose the Dates");
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (period_button)));
  click_middle (period_button);
  g_assert_true (spa_test_iterate_until (is_mapped, popover, 10000));
  from = spa_test_find_widget (popover, GTK_TYPE_CALENDAR);
  to = spa_test_find_widget (gtk_widget_get_next_sibling (gtk_widget_get_parent (from)),
                             GTK_TYPE_CALENDAR);
  g_assert_nonnull (to);
  click_middle (calendar_day_label (from, "10"));
  click_middle (calendar_day_label (to, "20"));
  click_middle (spa_test_find_labelled (popover, GTK_TYPE_BUTTON, "Show These Dates"));
  g_assert_true (spa_test_iterate_until (is_unmapped, popover, 10000));
  g_assert_true (spa_test_iterate_until (page_settled, page, 20000));

  spa_reports_page_get_period (page, &period);
  g_assert_cmpint (period.kind, ==, SPA_PERIOD_CUSTOM);
  g_assert_cmpint (period.first, ==, spa_report_day_from_ymd (y, m, 10));
  g_assert_cmpint (period.last, ==, spa_report_day_from_ymd (y, m, 20));

  start = utc_midnight (zone, y, m, 10);
  end = utc_midnight (zone, y, m, 21);
  sql = g_strdup_printf ("SELECT count (*) FROM booking WHERE deleted = 0"
                         " AND status IN ('completed', 'checked_in')"
                         " AND starts_at >= '%s' AND starts_at < '%s'", start, end);
  visits = spa_test_count_rows (f->store, sql, NULL);
  g_assert_cmpint (visits, >, 0);
  expected = spa_figure_format (SPA_FIGURE_VISITS, visits);
  g_assert_cmpstr (spa_reports_page_get_figure_text (page, SPA_FIGURE_VISITS), ==, expected);
}

/* On a desk that syncs, only a manager sees Reports. */
static void
test_hidden_from_front_desk (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GPtrArray) accounts = spa_account_list (f->store, NULL);
  SpaAccount *front_desk = NULL;

  for (guint i = 0; i < accounts->len; i++)
    if (spa_account_get_role (accounts->pdata[i]) == SPA_ROLE_FRONT_DESK)
      front_desk = accounts->pdata[i];
  g_assert_nonnull (front_desk);

  g_settings_set_string (f->settings, "server-url", "https://spa.example.com");
  g_settings_set_boolean (f->settings, "sign-in", TRUE);
  spa_context_set_account (f->context, front_desk);
  g_assert_false (spa_reports_page_may_show (f->context));
  open_window (f);
  spa_test_send_keys (GTK_WIDGET (f->window), "alt+4");
  g_assert_cmpstr (spa_window_get_view (f->window), !=, "reports");

  /* The same desk without a server shows them to everyone. */
  g_settings_set_string (f->settings, "server-url", "");
  g_assert_true (spa_reports_page_may_show (f->context));
  spa_test_send_keys (GTK_WIDGET (f->window), "alt+4");
  g_assert_true (spa_test_iterate_until (is_reports_view, f->window, 5000));
}

/* The report's own writers without GTK's dialogs around them: the CSV file and the
 * PDF pages drawn through GtkPrintOperation's export. Under AddressSanitizer these run
 * with the leak check on (the dialogs' cases run apart without it: tests/meson.build). */
static void
test_write_files (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("America/Vancouver");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *csv_path = g_build_filename (f->dir, "utilisation.csv", NULL);
  g_autofree char *pdf_path = g_build_filename (f->dir, "utilisation.pdf", NULL);
  g_autoptr(GFile) csv_file = g_file_new_for_path (csv_path);
  g_autofree char *csv = NULL;
  g_autofree char *text = NULL;
  g_autofree char *first_row = NULL;
  SpaReportPeriod period;

  /* The demo's bookings run around today: the month holding it has rows. */
  spa_report_period_containing (SPA_PERIOD_MONTH, spa_report_today (zone, now), &period);
  g_autoptr(SpaReportTable) table =
    spa_report_build (f->store, zone, SPA_REPORT_UTILISATION_THERAPIST, &period, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (table->rows->len, >, 0);
  first_row = g_strdup (((SpaReportRow *)table->rows->pdata[0])->label);

  g_assert_true (spa_report_write_csv (table, csv_file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_assert_nonnull (strstr (csv, first_row));

  g_assert_true (spa_report_write_pdf (NULL, table, "Subtitle of the test", pdf_path, &error));
  g_assert_no_error (error);
  text = pdf_text (pdf_path);
  g_assert_nonnull (strstr (text, table->title));
  g_assert_nonnull (strstr (text, "Subtitle of the test"));
  g_assert_nonnull (strstr (text, first_row));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  app = spa_test_application_new ();

  g_test_add ("/ui/reports/dashboard", Fixture, NULL, fixture_set_up, test_dashboard_figures,
              fixture_tear_down);
  g_test_add ("/ui/reports/export-csv", Fixture, NULL, fixture_set_up, test_export_csv,
              fixture_tear_down);
  g_test_add ("/ui/reports/print", Fixture, NULL, fixture_set_up, test_print,
              fixture_tear_down);
  g_test_add ("/ui/reports/custom-dates", Fixture, NULL, fixture_set_up, test_custom_dates,
              fixture_tear_down);
  g_test_add ("/ui/reports/write-files", Fixture, NULL, fixture_set_up, test_write_files,
              fixture_tear_down);
  g_test_add ("/ui/reports/hidden", Fixture, NULL, fixture_set_up, test_hidden_from_front_desk,
              fixture_tear_down);

  return spa_test_run_application (&app);
}
