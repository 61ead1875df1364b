/* spa-reports-page.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-reports-page"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "spa-chart.h"
#include "spa-fold-box.h"
#include "spa-format.h"
#include "spa-report-export.h"
#include "spa-reports-page.h"
#include "spa-store-reports.h"
#include "spa-widget-util.h"

/*
 * The manager's view: a period (with its comparison) and a filter at the top, the
 * reports in a sidebar, and the dashboard's cards or a report's chart with its table.
 * Every figure is computed by the core (spa-report.c) on a worker thread with its own
 * connection to the database, so choosing another period never blocks the window; a
 * result that arrives after the choice changed again is dropped.
 */

#define SECTION_DASHBOARD -1

typedef struct
{
  gatomicrefcount  ref;
  GMutex           lock;
  char            *path;
  SpaStore        *store;  /* the worker's own connection, opened on first use */
} Worker;

struct _SpaReportsPage
{
  GtkWidget        parent_instance;

  SpaContext      *context;
  Worker          *worker;
  SpaReportPeriod  period;
  int              section;
  guint            serial;
  guint            pending;
  guint            reload_id;
  gboolean         has_money;
  GPtrArray       *filter_ids[4];  /* therapist, room, service, location ids; [0] is NULL: all */
  SpaReportTable  *table;          /* what is shown, for export */
  GtkWidget       *card_boxes[SPA_FIGURE_N];
  GtkLabel        *card_values[SPA_FIGURE_N];
  GtkLabel        *card_changes[SPA_FIGURE_N];
  GtkLabel        *card_before[SPA_FIGURE_N];
  GtkLabel        *revenue_detail;
  GPtrArray       *money_rows;

  /* Template widgets */
  GtkDropDown     *period_kind;
  GtkMenuButton   *period_button;
  GtkPopover      *period_popover;
  GtkCalendar     *from_calendar;
  GtkCalendar     *to_calendar;
  GtkDropDown     *compare_dropdown;
  GtkDropDown     *therapist_dropdown;
  GtkDropDown     *room_dropdown;
  GtkDropDown     *location_dropdown;
  GtkDropDown     *service_dropdown;
  GtkSpinner      *spinner;
  AdwFlap         *flap;
  GtkListBox      *sidebar;
  GtkLabel        *title_label;
  GtkLabel        *subtitle_label;
  GtkStack        *content_stack;
  GtkFlowBox      *cards;
  GtkLabel        *dashboard_chart_title;
  SpaChart        *dashboard_chart;
  GtkLabel        *note_label;
  SpaFoldBox      *report_box;
  SpaChart        *report_chart;
  GtkGrid         *table_grid;
};

G_DEFINE_FINAL_TYPE (SpaReportsPage, spa_reports_page, GTK_TYPE_WIDGET)

static Worker *
worker_ref (Worker *worker)
{
  g_atomic_ref_count_inc (&worker->ref);
  return worker;
}

static void
worker_unref (Worker *worker)
{
  if (!g_atomic_ref_count_dec (&worker->ref))
    return;
  g_clear_object (&worker->store);
  g_mutex_clear (&worker->lock);
  g_free (worker->path);
  g_free (worker);
}

typedef struct
{
  Worker          *worker;
  GTimeZone       *zone;
  guint            serial;
  int              section;
  SpaReportPeriod  period;
  SpaReportPeriod  before_period;
  gboolean         compare;
  char            *ids[4];
  SpaDashboard     now;
  SpaDashboard     before;
  SpaReportTable  *table;
} Job;

static void
job_free (Job *job)
{
  worker_unref (job->worker);
  g_time_zone_unref (job->zone);
  for (guint i = 0; i < G_N_ELEMENTS (job->ids); i++)
    g_free (job->ids[i]);
  g_clear_pointer (&job->table, spa_report_table_unref);
  g_free (job);
}

static void
compute_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  Job *job = data;
  SpaReportFilter filter = { job->ids[0], job->ids[1], job->ids[2], job->ids[3] };
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_mutex_lock (&job->worker->lock);
  if (job->worker->store == NULL)
    job->worker->store = spa_store_open (job->worker->path, &error);
  if (job->worker->store == NULL)
    ok = FALSE;
  else if (job->section == SECTION_DASHBOARD)
    {
      /* The figures, the visits chart and the comparison's figures from one walk. */
      ok = spa_report_dashboard_pair (job->worker->store, job->zone, &job->period,
                                      job->compare ? &job->before_period : NULL, &filter,
                                      &job->now, &job->before, &job->table, &error);
    }
  else
    {
      job->table = spa_report_build (job->worker->store, job->zone, job->section, &job->period,
                                     &filter, &error);
      ok = job->table != NULL;
    }
  g_mutex_unlock (&job->worker->lock);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static const char *
section_title (int section)
{
  return section == SECTION_DASHBOARD ? _("Dashboard") : spa_report_kind_title (section);
}

static char *
compare_label (SpaReportsPage        *self,
               const SpaReportPeriod *before)
{
  g_autofree char *text = spa_report_period_label (before);

  /* TRANSLATORS: under a report's title: what it is compared with */
  return g_strdup_printf (_("Compared with %s"), text);
}

static void
set_card (SpaReportsPage     *self,
          SpaFigure           figure,
          const SpaDashboard *now,
          const SpaDashboard *before)
{
  double value = spa_dashboard_get_figure (now, figure);
  g_autofree char *text = spa_figure_format (figure, value);
  GtkWidget *change = GTK_WIDGET (self->card_changes[figure]);

  gtk_label_set_text (self->card_values[figure], text);
  gtk_widget_remove_css_class (change, "success");
  gtk_widget_remove_css_class (change, "error");
  if (before != NULL)
    {
      double previous = spa_dashboard_get_figure (before, figure);
      g_autofree char *delta = spa_figure_format_change (figure, value, previous);
      g_autofree char *was = spa_figure_format (figure, previous);
      /* TRANSLATORS: on a dashboard card, the comparison period's figure */
      g_autofree char *was_text = g_strdup_printf (_("was %s"), was);

      gtk_label_set_text (self->card_changes[figure], delta ? delta : "");
      gtk_label_set_text (self->card_before[figure], was_text);
      if (delta != NULL && value >= 0 && previous >= 0 && value != previous)
        {
          gboolean better = (value > previous) != spa_figure_lower_is_better (figure);

          gtk_widget_add_css_class (change, better ? "success" : "error");
        }
    }
  else
    {
      gtk_label_set_text (self->card_changes[figure], "");
      gtk_label_set_text (self->card_before[figure], "");
    }
  gtk_widget_set_visible (self->card_boxes[figure],
                          self->has_money || !spa_figure_is_money (figure));
}

static void
set_revenue_detail (SpaReportsPage     *self,
                    const SpaDashboard *now)
{
  g_autofree char *services = spa_format_money (now->services_cents, NULL);
  g_autofree char *products = spa_format_money (now->products_cents, NULL);
  g_autofree char *tips = spa_format_money (now->tips_cents, NULL);
  g_autofree char *taxes = spa_format_money (now->tax_cents, NULL);
  /* TRANSLATORS: under the revenue on the dashboard: what it is made of */
  g_autofree char *text = g_strdup_printf (_("Services %s · Products %s · Tips %s · Taxes %s"),
                                           services, products, tips, taxes);

  gtk_label_set_text (self->revenue_detail, now->has_money ? text : "");
}

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

static GtkWidget *
cell (const char *text,
      gboolean    number,
      gboolean    heading)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), number ? 1 : 0);
  if (!number)
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 28);
    }
  if (heading)
    gtk_widget_add_css_class (label, "heading");
  if (number)
    gtk_widget_add_css_class (label, "numeric");
  return label;
}

static void
fill_table (SpaReportsPage *self,
            SpaReportTable *table)
{
  clear_grid (self->table_grid);
  gtk_grid_attach (self->table_grid, cell (table->row_title, FALSE, TRUE), 0, 0, 1, 1);
  for (guint c = 0; c < table->columns->len; c++)
    gtk_grid_attach (self->table_grid,
                     cell (((SpaReportColumn *)table->columns->pdata[c])->title, TRUE, TRUE),
                     (int)c + 1, 0, 1, 1);
  for (guint r = 0; r < table->rows->len; r++)
    {
      SpaReportRow *row = table->rows->pdata[r];

      gtk_grid_attach (self->table_grid, cell (row->label, FALSE, FALSE), 0, (int)r + 1, 1, 1);
      for (guint c = 0; c < table->columns->len; c++)
        {
          g_autofree char *text = spa_report_format_value (spa_report_table_get_kind (table, r, c),
                                                           row->values[c]);

          gtk_grid_attach (self->table_grid, cell (text, TRUE, FALSE), (int)c + 1, (int)r + 1, 1,
                           1);
        }
    }
  /* A wide table (the heat map's hours, revenue's five amounts) goes under its chart,
   * a narrow one beside it where both fit. */
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->report_box),
                                  table->columns->len >= 5 ? GTK_ORIENTATION_VERTICAL
                                                           : GTK_ORIENTATION_HORIZONTAL);
}

static void
compute_done (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  SpaReportsPage *self = SPA_REPORTS_PAGE (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  self->pending--;
  if (self->pending == 0)
    gtk_spinner_stop (self->spinner);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (job->serial == self->serial)
        gtk_label_set_text (self->subtitle_label, error->message);
      return;
    }
  if (job->serial != self->serial)
    return;

  g_clear_pointer (&self->table, spa_report_table_unref);
  if (job->section == SECTION_DASHBOARD)
    {
      self->has_money = job->now.has_money;
      for (SpaFigure f = 0; f < SPA_FIGURE_N; f++)
        set_card (self, f, &job->now, job->compare ? &job->before : NULL);
      set_revenue_detail (self, &job->now);
      for (guint i = 0; i < self->money_rows->len; i++)
        gtk_widget_set_visible (self->money_rows->pdata[i], self->has_money);
      gtk_label_set_text (self->dashboard_chart_title, job->table->title);
      spa_chart_set_table (self->dashboard_chart, job->table);
      self->table = spa_report_dashboard_table (&job->now, job->compare ? &job->before : NULL);
      gtk_stack_set_visible_child_name (self->content_stack, "dashboard");
    }
  else
    {
      self->table = spa_report_table_ref (job->table);
      gtk_label_set_text (self->note_label, job->table->note ? job->table->note : "");
      gtk_widget_set_visible (GTK_WIDGET (self->note_label), job->table->note != NULL);
      spa_chart_set_table (self->report_chart, job->table);
      fill_table (self, job->table);
      gtk_stack_set_visible_child_name (self->content_stack, "report");
    }
}

static const char *
selected_id (SpaReportsPage *self,
             guint           which,
             GtkDropDown    *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->filter_ids[which] == NULL || selected == GTK_INVALID_LIST_POSITION ||
      selected >= self->filter_ids[which]->len)
    return NULL;
  return self->filter_ids[which]->pdata[selected];
}

/* The zone the period's days are read in: the chosen location's, or with all locations
 * the desk's own location's, as Today and the calendar read theirs (a single spa: the
 * desk's time-zone setting). */
static GTimeZone *
report_zone (SpaReportsPage *self)
{
  const char *location_id = selected_id (self, 3, self->location_dropdown);

  if (location_id == NULL)
    location_id = spa_context_get_location_id (self->context);
  return spa_location_zone (spa_context_get_store (self->context), location_id,
                            spa_context_get_time_zone (self->context));
}

static void
refresh (SpaReportsPage *self)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *label = NULL;
  Job *job;

  if (self->context == NULL)
    return;

  job = g_new0 (Job, 1);
  job->worker = worker_ref (self->worker);
  job->zone = report_zone (self);
  job->serial = ++self->serial;
  job->section = self->section;
  job->period = self->period;
  job->compare = spa_report_period_compare (
      &self->period, gtk_drop_down_get_selected (self->compare_dropdown), &job->before_period);
  job->ids[0] = g_strdup (selected_id (self, 0, self->therapist_dropdown));
  job->ids[1] = g_strdup (selected_id (self, 1, self->room_dropdown));
  job->ids[2] = g_strdup (selected_id (self, 2, self->service_dropdown));
  job->ids[3] = g_strdup (selected_id (self, 3, self->location_dropdown));

  label = spa_report_period_label (&self->period);
  gtk_menu_button_set_label (self->period_button, label);
  gtk_label_set_text (self->title_label, section_title (self->section));
  if (job->compare)
    {
      g_autofree char *compared = compare_label (self, &job->before_period);
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", label, compared);

      gtk_label_set_text (self->subtitle_label, subtitle);
    }
  else
    gtk_label_set_text (self->subtitle_label, label);

  self->pending++;
  gtk_spinner_start (self->spinner);
  task = g_task_new (self, NULL, compute_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify)job_free);
  g_task_run_in_thread (task, compute_thread);
}

static gboolean
reload_cb (gpointer data)
{
  SpaReportsPage *self = data;

  self->reload_id = 0;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    refresh (self);
  return G_SOURCE_REMOVE;
}

static void
queue_refresh (SpaReportsPage *self)
{
  if (self->reload_id == 0)
    self->reload_id = g_idle_add (reload_cb, self);
}

static void
set_period_kind (SpaReportsPage *self,
                 SpaPeriodKind   kind)
{
  if (kind == SPA_PERIOD_CUSTOM)
    {
      gtk_popover_popup (self->period_popover);
      return;
    }
  spa_report_period_containing (kind, self->period.last, &self->period);
  queue_refresh (self);
}

static void
period_kind_changed_cb (SpaReportsPage *self)
{
  set_period_kind (self, gtk_drop_down_get_selected (self->period_kind));
}

static void
step_action (GtkWidget  *widget,
             const char *action,
             GVariant   *parameter)
{
  SpaReportsPage *self = SPA_REPORTS_PAGE (widget);

  spa_report_period_step (&self->period, g_str_equal (action, "reports.next") ? 1 : -1,
                          &self->period);
  queue_refresh (self);
}

static gint64
calendar_day (GtkCalendar *calendar)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);

  return spa_report_day_from_ymd (g_date_time_get_year (date), g_date_time_get_month (date),
                                  g_date_time_get_day_of_month (date));
}

static void
apply_dates_action (GtkWidget  *widget,
                    const char *action,
                    GVariant   *parameter)
{
  SpaReportsPage *self = SPA_REPORTS_PAGE (widget);

  spa_report_period_custom (calendar_day (self->from_calendar), calendar_day (self->to_calendar),
                            &self->period);
  gtk_popover_popdown (self->period_popover);
  g_signal_handlers_block_by_func (self->period_kind, period_kind_changed_cb, self);
  gtk_drop_down_set_selected (self->period_kind, SPA_PERIOD_CUSTOM);
  g_signal_handlers_unblock_by_func (self->period_kind, period_kind_changed_cb, self);
  queue_refresh (self);
}

static void
select_day (GtkCalendar *calendar,
            gint64       day)
{
  int y, m, d;
  g_autoptr(GDateTime) date = NULL;

  spa_report_day_to_ymd (day, &y, &m, &d);
  date = g_date_time_new_local (y, m, d, 12, 0, 0);
  gtk_calendar_select_day (calendar, date);
}

static void
popover_shown_cb (SpaReportsPage *self)
{
  select_day (self->from_calendar, self->period.first);
  select_day (self->to_calendar, self->period.last);
}

static char *
export_name (SpaReportsPage *self,
             const char     *extension)
{
  g_autofree char *title = g_utf8_strdown (section_title (self->section), -1);
  int y, m, d;

  spa_report_day_to_ymd (self->period.first, &y, &m, &d);
  g_strdelimit (title, " /", '-');
  return g_strdup_printf ("%s-%04d-%02d-%02d.%s", title, y, m, d, extension);
}

static char *
export_subtitle (SpaReportsPage *self)
{
  return g_strdup (gtk_label_get_text (self->subtitle_label));
}

static void
export_action (GtkWidget  *widget,
               const char *action,
               GVariant   *parameter)
{
  SpaReportsPage *self = SPA_REPORTS_PAGE (widget);
  GtkWindow *window = GTK_WINDOW (gtk_widget_get_root (widget));
  g_autofree char *subtitle = export_subtitle (self);

  if (self->table == NULL)
    return;
  if (g_str_equal (action, "reports.export-csv"))
    {
      g_autofree char *name = export_name (self, "csv");

      spa_report_export_csv (window, self->table, name);
    }
  else if (g_str_equal (action, "reports.export-pdf"))
    {
      g_autofree char *name = export_name (self, "pdf");

      spa_report_export_pdf (window, self->table, subtitle, name);
    }
  else
    spa_report_print (window, self->table, subtitle);
}

static void
sidebar_selected_cb (SpaReportsPage *self,
                     GtkListBoxRow  *row)
{
  if (row == NULL)
    return;
  self->section = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "section"));
  if (adw_flap_get_folded (self->flap))
    adw_flap_set_reveal_flap (self->flap, FALSE);
  queue_refresh (self);
}

static void
add_sidebar_row (SpaReportsPage *self,
                 int             section)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (section_title (section));

  /* Wrapped, not cut: "Revenue by payment method" (longer still in French) is wider
   * than the list. */
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  g_object_set_data (G_OBJECT (row), "section", GINT_TO_POINTER (section));
  gtk_list_box_append (self->sidebar, row);
  if (section >= 0 && spa_report_kind_needs_money (section))
    {
      /* Shown once the dashboard has found invoices. */
      gtk_widget_set_visible (row, FALSE);
      g_ptr_array_add (self->money_rows, row);
    }
  if (section == SECTION_DASHBOARD)
    gtk_list_box_select_row (self->sidebar, GTK_LIST_BOX_ROW (row));
}

static void
fill_filter (SpaReportsPage *self,
             guint           which,
             const char     *entity,
             const char     *all,
             GtkDropDown    *dropdown)
{
  g_autoptr(GPtrArray) entities =
                 spa_store_reports_entities (spa_context_get_store (self->context), entity, NULL,
                                             NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  const char *selected = selected_id (self, which, dropdown);
  g_autofree char *keep = g_strdup (selected);
  guint position = 0;

  g_clear_pointer (&self->filter_ids[which], g_ptr_array_unref);
  self->filter_ids[which] = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->filter_ids[which], NULL);
  gtk_string_list_append (names, all);
  for (guint i = 0; entities != NULL && i < entities->len; i++)
    {
      SpaReportEntity *item = entities->pdata[i];

      if (g_strcmp0 (keep, item->id) == 0)
        position = self->filter_ids[which]->len;
      g_ptr_array_add (self->filter_ids[which], g_strdup (item->id));
      if (g_str_equal (entity, "service"))
        {
          /* TRANSLATORS: a service and its length in a filter, "Swedish massage, 60 min" */
          g_autofree char *label =
              g_strdup_printf (_("%s, %d min"), item->name, item->duration_min);

          gtk_string_list_append (names, label);
        }
      else
        gtk_string_list_append (names, item->name);
    }
  g_signal_handlers_block_matched (dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (dropdown, position);
  g_signal_handlers_unblock_matched (dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
}

static void
fill_filters (SpaReportsPage *self)
{
  fill_filter (self, 0, "therapist", _("All therapists"), self->therapist_dropdown);
  fill_filter (self, 1, "room", _("All rooms"), self->room_dropdown);
  fill_filter (self, 2, "service", _("All services"), self->service_dropdown);
  fill_filter (self, 3, "location", _("All locations"), self->location_dropdown);
  /* A single spa has nothing to filter by location. */
  gtk_widget_set_visible (GTK_WIDGET (self->location_dropdown),
                          self->filter_ids[3]->len > 2);
}

static void
store_changed_cb (SpaReportsPage *self,
                  const char     *entity)
{
  if (g_strcmp0 (entity, "therapist") == 0 || g_strcmp0 (entity, "room") == 0 ||
      g_strcmp0 (entity, "service") == 0 || g_strcmp0 (entity, "location") == 0)
    fill_filters (self);
  queue_refresh (self);
}

static void
build_cards (SpaReportsPage *self)
{
  for (SpaFigure f = 0; f < SPA_FIGURE_N; f++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      GtkWidget *title = gtk_label_new (spa_figure_title (f));
      GtkWidget *value = gtk_label_new ("—");
      GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      GtkWidget *change = gtk_label_new (NULL);
      GtkWidget *before = gtk_label_new (NULL);

      gtk_widget_add_css_class (box, "card");
      gtk_widget_add_css_class (box, "report-card");
      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_widget_add_css_class (title, "caption-heading");
      gtk_widget_add_css_class (title, "dim-label");
      gtk_label_set_xalign (GTK_LABEL (value), 0);
      gtk_widget_add_css_class (value, "title-1");
      gtk_widget_add_css_class (value, "numeric");
      gtk_widget_add_css_class (change, "caption-heading");
      gtk_widget_add_css_class (before, "caption");
      gtk_widget_add_css_class (before, "dim-label");
      gtk_box_append (GTK_BOX (box), title);
      gtk_box_append (GTK_BOX (box), value);
      gtk_box_append (GTK_BOX (line), change);
      gtk_box_append (GTK_BOX (line), before);
      gtk_box_append (GTK_BOX (box), line);
      if (f == SPA_FIGURE_REVENUE)
        {
          /* What the revenue is made of, taxes apart. */
          GtkWidget *detail = gtk_label_new (NULL);

          gtk_label_set_xalign (GTK_LABEL (detail), 0);
          gtk_label_set_wrap (GTK_LABEL (detail), TRUE);
          gtk_widget_add_css_class (detail, "caption");
          gtk_widget_add_css_class (detail, "dim-label");
          gtk_box_append (GTK_BOX (box), detail);
          self->revenue_detail = GTK_LABEL (detail);
        }
      gtk_accessible_update_relation (GTK_ACCESSIBLE (value), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                      title, NULL, -1);
      gtk_flow_box_append (self->cards, box);
      self->card_boxes[f] = gtk_widget_get_parent (box);
      self->card_values[f] = GTK_LABEL (value);
      self->card_changes[f] = GTK_LABEL (change);
      self->card_before[f] = GTK_LABEL (before);
      gtk_widget_set_focusable (self->card_boxes[f], FALSE);
    }
}

static void
spa_reports_page_map (GtkWidget *widget)
{
  SpaReportsPage *self = SPA_REPORTS_PAGE (widget);
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->sidebar);

  GTK_WIDGET_CLASS (spa_reports_page_parent_class)->map (widget);
  /* Arriving with Alt+4, the keyboard is in the reports list: arrows choose a report,
   * Alt+Page Up/Down the period. */
  if (row != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (row));
  queue_refresh (self);
}

static void
spa_reports_page_dispose (GObject *object)
{
  SpaReportsPage *self = (SpaReportsPage *)object;

  g_clear_handle_id (&self->reload_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), SPA_TYPE_REPORTS_PAGE);
  spa_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->context);
  g_clear_pointer (&self->table, spa_report_table_unref);
  for (guint i = 0; i < G_N_ELEMENTS (self->filter_ids); i++)
    g_clear_pointer (&self->filter_ids[i], g_ptr_array_unref);
  G_OBJECT_CLASS (spa_reports_page_parent_class)->dispose (object);
}

static void
spa_reports_page_finalize (GObject *object)
{
  SpaReportsPage *self = (SpaReportsPage *)object;

  worker_unref (self->worker);
  g_clear_pointer (&self->money_rows, g_ptr_array_unref);
  G_OBJECT_CLASS (spa_reports_page_parent_class)->finalize (object);
}

static void
spa_reports_page_constructed (GObject *object)
{
  SpaReportsPage *self = SPA_REPORTS_PAGE (object);
  SpaContext *context = self->context;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GTimeZone) zone = NULL;

  G_OBJECT_CLASS (spa_reports_page_parent_class)->constructed (object);

  self->worker->path = g_strdup (spa_store_get_path (spa_context_get_store (context)));
  fill_filters (self);
  /* This month where the desk is: its location's today, not its clock's. */
  zone = report_zone (self);
  spa_report_period_containing (SPA_PERIOD_MONTH, spa_report_today (zone, now), &self->period);
  g_signal_connect_object (spa_context_get_store (context), "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (context, "notify::time-zone", G_CALLBACK (queue_refresh), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (context, "notify::location-id", G_CALLBACK (queue_refresh), self,
                           G_CONNECT_SWAPPED);
  queue_refresh (self);
}

static void
spa_reports_page_class_init (SpaReportsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = spa_reports_page_constructed;
  object_class->dispose = spa_reports_page_dispose;
  object_class->finalize = spa_reports_page_finalize;
  widget_class->map = spa_reports_page_map;

  g_type_ensure (SPA_TYPE_CHART);
  g_type_ensure (SPA_TYPE_FOLD_BOX);
  spa_widget_class_install_context (object_class, G_STRUCT_OFFSET (SpaReportsPage, context));

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/spadesk/SpaDesk/spa-reports-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SpaReportsPage, period_kind);
  gtk_widget_class_bind_template_child (widget_class, SpaReportsPage, period_button);
  gtk_widget_class_bind_template_child (widget_class, SpaReportsPage, period_popover);
  gtk_widget_class_bind_template_child (widget_class, SpaReportsPage, from_calendar);
  gtk_widget_class_bind_template_child (widget_class, SpaReportsPage, to_calendar);
  gtk_widget_class_bind_template_child (widget_class, SpaReportsPage, compare_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SpaReportsPage, therapist_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SpaReportsPage, room_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SpaReportsPage, location_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SpaReportsPage, service_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SpaReportsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SpaReportsPage, flap);
  gtk_widget_class_bind_template_child (widget_class, SpaReportsPage, sidebar);
  gtk_widget_class_bind_template_child (widget_class, SpaReportsPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, SpaReportsPage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, SpaReportsPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, SpaReportsPage, cards);
  gtk_widget_class_bind_template_child (widget_class, SpaReportsPage, dashboard_chart_title);
  gtk_widget_class_bind_template_child (widget_class, SpaReportsPage, dashboard_chart);
  gtk_widget_class_bind_template_child (widget_class, SpaReportsPage, note_label);
  gtk_widget_class_bind_template_child (widget_class, SpaReportsPage, report_box);
  gtk_widget_class_bind_template_child (widget_class, SpaReportsPage, report_chart);
  gtk_widget_class_bind_template_child (widget_class, SpaReportsPage, table_grid);

  gtk_widget_class_install_action (widget_class, "reports.previous", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "reports.next", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "reports.apply-dates", NULL, apply_dates_action);
  gtk_widget_class_install_action (widget_class, "reports.export-csv", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "reports.export-pdf", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "reports.print", NULL, export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_ALT_MASK,
                                       "reports.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_ALT_MASK,
                                       "reports.next", NULL);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
spa_reports_page_init (SpaReportsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  spa_calendar_follow_keyboard (self->from_calendar);
  spa_calendar_follow_keyboard (self->to_calendar);
  spa_drop_down_ellipsize (self->therapist_dropdown);
  spa_drop_down_ellipsize (self->room_dropdown);
  spa_drop_down_ellipsize (self->location_dropdown);
  spa_drop_down_ellipsize (self->service_dropdown);

  self->worker = g_new0 (Worker, 1);
  g_atomic_ref_count_init (&self->worker->ref);
  g_mutex_init (&self->worker->lock);
  self->section = SECTION_DASHBOARD;
  spa_report_period_containing (SPA_PERIOD_MONTH, 0, &self->period);

  build_cards (self);
  self->money_rows = g_ptr_array_new ();
  add_sidebar_row (self, SECTION_DASHBOARD);
  /* The money first: what a manager asks first. */
  for (SpaReportKind kind = 0; kind < SPA_REPORT_N; kind++)
    if (spa_report_kind_needs_money (kind))
      add_sidebar_row (self, kind);
  for (SpaReportKind kind = 0; kind < SPA_REPORT_N; kind++)
    if (!spa_report_kind_needs_money (kind))
      add_sidebar_row (self, kind);

  g_signal_connect_swapped (self->sidebar, "row-selected", G_CALLBACK (sidebar_selected_cb), self);
  g_signal_connect_swapped (self->period_kind, "notify::selected",
                            G_CALLBACK (period_kind_changed_cb), self);
  g_signal_connect_swapped (self->compare_dropdown, "notify::selected", G_CALLBACK (queue_refresh),
                            self);
  g_signal_connect_swapped (self->therapist_dropdown, "notify::selected",
                            G_CALLBACK (queue_refresh), self);
  g_signal_connect_swapped (self->room_dropdown, "notify::selected", G_CALLBACK (queue_refresh),
                            self);
  g_signal_connect_swapped (self->service_dropdown, "notify::selected", G_CALLBACK (queue_refresh),
                            self);
  g_signal_connect_swapped (self->location_dropdown, "notify::selected",
                            G_CALLBACK (queue_refresh), self);
  g_signal_connect_swapped (self->period_popover, "show", G_CALLBACK (popover_shown_cb), self);
}

/**
 * spa_reports_page_may_show:
 *
 * Returns: whether the desk shows Reports: to a manager when it syncs with a server
 *   (the figures are the whole spa's), to everyone on a desk that does not
 */
gboolean
spa_reports_page_may_show (SpaContext *context)
{
  g_autofree char *server =
      g_settings_get_string (spa_context_get_settings (context), "server-url");

  return server == NULL || server[0] == '\0' || spa_context_get_role (context) == SPA_ROLE_MANAGER;
}

/**
 * spa_reports_page_new:
 * @context: the spa's context
 */
GtkWidget *
spa_reports_page_new (SpaContext *context)
{
  g_return_val_if_fail (SPA_IS_CONTEXT (context), NULL);

  return g_object_new (SPA_TYPE_REPORTS_PAGE, "context", context, NULL);
}

/**
 * spa_reports_page_show_section:
 * @section: -1 for the dashboard, else a #SpaReportKind
 */
void
spa_reports_page_show_section (SpaReportsPage *self,
                               int             section)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar)); row;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) &&
        GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "section")) == section)
      gtk_list_box_select_row (self->sidebar, GTK_LIST_BOX_ROW (row));
}

/**
 * spa_reports_page_is_busy:
 *
 * Returns: whether figures are being computed or waiting to be
 */
gboolean
spa_reports_page_is_busy (SpaReportsPage *self)
{
  return self->pending > 0 || self->reload_id != 0;
}

const char *
spa_reports_page_get_figure_text (SpaReportsPage *self,
                                  SpaFigure       figure)
{
  g_return_val_if_fail (figure < SPA_FIGURE_N, NULL);
  return gtk_label_get_text (self->card_values[figure]);
}

/**
 * spa_reports_page_get_table:
 *
 * Returns: (transfer none) (nullable): what an export would write
 */
SpaReportTable *
spa_reports_page_get_table (SpaReportsPage *self)
{
  return self->table;
}

void
spa_reports_page_get_period (SpaReportsPage  *self,
                             SpaReportPeriod *period)
{
  *period = self->period;
}
