/* spa-progress-section.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-progress-section"

#include "config.h"

#include <glib/gi18n.h>

#include "spa-data-actions.h"
#include "spa-progress-section.h"
#include "spa-widget-util.h"

/*
 * The client page's Progress section: pain before and after each session over time,
 * and a heat map of pain per region, so that "the lumbar pain went from 7 to 3 over
 * six visits" is seen at a glance.
 */
struct _SpaProgressSection
{
  GtkWidget     parent_instance;

  /* Template widgets */
  GtkLabel     *summary_label;
  SpaPainChart *chart;
  SpaBodyMap   *heat_map;

  /* Owned */
  SpaContext   *context;
  SpaRecord    *client;
  gulong        note_changed_id;
  gulong        intake_changed_id;
  gboolean      stale;
};

static void spa_progress_section_section_iface_init (SpaClientSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SpaProgressSection, spa_progress_section, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (SPA_TYPE_CLIENT_SECTION,
                                                      spa_progress_section_section_iface_init))

static char *
summarize (GArray *series)
{
  int first = -1, last = -1;
  guint n = series ? series->len : 0;

  for (guint i = 0; i < n; i++)
    {
      int before = g_array_index (series, SpaPainPoint, i).before;

      if (before < 0)
        continue;
      if (first < 0)
        first = before;
      last = before;
    }

  if (n == 0)
    return g_strdup (_("No sessions with pain ratings yet"));
  if (n == 1 || first < 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u session", "%u sessions", n), n);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Pain on arrival went from %d to %d over %u session",
                                       "Pain on arrival went from %d to %d over %u sessions",
                                       n),
                          first, last, n);
}

static void
reload (SpaProgressSection *self)
{
  g_autoptr(GArray) series = NULL;
  g_autoptr(GHashTable) history = NULL;
  g_autofree char *summary = NULL;
  GHashTableIter iter;
  gpointer key, value;
  SpaStore *store;
  const char *client_id;

  self->stale = FALSE;
  spa_body_map_clear (self->heat_map);
  if (self->client == NULL)
    {
      spa_pain_chart_set_series (self->chart, NULL);
      return;
    }

  store = spa_context_get_store (self->context);
  client_id = spa_record_get_id (self->client);
  series = spa_clinical_pain_series (store, client_id, NULL);
  spa_pain_chart_set_series (self->chart, series);
  summary = summarize (series);
  gtk_label_set_label (self->summary_label, summary);

  history = spa_clinical_region_history (store, client_id, NULL);
  if (history == NULL)
    return;

  g_hash_table_iter_init (&iter, history);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GArray *points = value;
      SpaRegionPoint *first = &g_array_index (points, SpaRegionPoint, 0);
      SpaRegionPoint *latest = &g_array_index (points, SpaRegionPoint, points->len - 1);
      g_autofree char *text = NULL;
      double sum = 0;

      for (guint i = 0; i < points->len; i++)
        sum += g_array_index (points, SpaRegionPoint, i).intensity;

      if (points->len == 1)
        text = g_strdup_printf (_("Rated %d once"), first->intensity);
      else
        {
          g_autofree char *average = spa_format_decimal (sum / points->len, 1);

          /* TRANSLATORS: %s is an average pain rating with one decimal, "5.2" */
          text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "Average %s; %d → %d over %u rating",
                                               "Average %s; %d → %d over %u ratings",
                                               points->len),
                                  average, first->intensity, latest->intensity, points->len);
        }
      spa_body_map_set_heat (self->heat_map, key, sum / points->len, text);
    }
}

static void
store_changed_cb (SpaProgressSection *self,
                  const char         *entity,
                  const char         *id,
                  SpaStore           *store)
{
  /* Recomputed when next shown, not on every autosave of a note being typed. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    reload (self);
  else
    self->stale = TRUE;
}

static void
spa_progress_section_map (GtkWidget *widget)
{
  SpaProgressSection *self = SPA_PROGRESS_SECTION (widget);

  if (self->stale)
    reload (self);
  GTK_WIDGET_CLASS (spa_progress_section_parent_class)->map (widget);
}

/* The pain over the client's sessions, on paper. */
static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SpaProgressSection *self = SPA_PROGRESS_SECTION (widget);

  if (self->client != NULL)
    spa_data_actions_print_chart (widget, "progress", spa_record_get_id (self->client));
}

static void
spa_progress_section_dispose (GObject *object)
{
  SpaProgressSection *self = SPA_PROGRESS_SECTION (object);

  if (self->context != NULL)
    {
      g_clear_signal_handler (&self->note_changed_id, spa_context_get_store (self->context));
      g_clear_signal_handler (&self->intake_changed_id, spa_context_get_store (self->context));
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), SPA_TYPE_PROGRESS_SECTION);
  spa_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->client);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (spa_progress_section_parent_class)->dispose (object);
}

static void
spa_progress_section_class_init (SpaProgressSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = spa_progress_section_dispose;
  widget_class->map = spa_progress_section_map;

  g_type_ensure (SPA_TYPE_PAIN_CHART);
  g_type_ensure (SPA_TYPE_BODY_MAP);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/spa-progress-section.ui");
  gtk_widget_class_bind_template_child (widget_class, SpaProgressSection, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SpaProgressSection, chart);
  gtk_widget_class_bind_template_child (widget_class, SpaProgressSection, heat_map);

  gtk_widget_class_install_action (widget_class, "progress.print", NULL, print_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
spa_progress_section_init (SpaProgressSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  spa_body_map_set_mode (self->heat_map, SPA_BODY_MAP_MODE_VIEW);
}

static void
spa_progress_section_set_context (SpaProgressSection *self,
                                  SpaContext         *context)
{
  g_return_if_fail (SPA_IS_PROGRESS_SECTION (self));
  g_return_if_fail (self->context == NULL);

  self->context = g_object_ref (context);
  self->intake_changed_id = g_signal_connect_object (spa_context_get_store (context),
                                                     "changed::intake",
                                                     G_CALLBACK (store_changed_cb), self,
                                                     G_CONNECT_SWAPPED);
  self->note_changed_id = g_signal_connect_object (spa_context_get_store (context),
                                                   "changed::session_note",
                                                    G_CALLBACK (store_changed_cb), self,
                                                    G_CONNECT_SWAPPED);
}

static void
spa_progress_section_set_client (SpaProgressSection *self,
                                 SpaRecord          *client)
{
  g_return_if_fail (SPA_IS_PROGRESS_SECTION (self));

  g_set_object (&self->client, client);
  reload (self);
}

SpaPainChart *
spa_progress_section_get_chart (SpaProgressSection *self)
{
  g_return_val_if_fail (SPA_IS_PROGRESS_SECTION (self), NULL);
  return self->chart;
}

SpaBodyMap *
spa_progress_section_get_heat_map (SpaProgressSection *self)
{
  g_return_val_if_fail (SPA_IS_PROGRESS_SECTION (self), NULL);
  return self->heat_map;
}


static void
spa_progress_section_section_iface_init (SpaClientSectionInterface *iface)
{
  iface->set_context = (gpointer)spa_progress_section_set_context;
  iface->set_client = (gpointer)spa_progress_section_set_client;
}
