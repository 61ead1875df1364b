/* spa-location-switcher.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-location-switcher"

#include "config.h"

#include <glib/gi18n.h>

#include "spa-location-switcher.h"
#include "spa-widget-util.h"

/*
 * The chain's locations as a drop-down, for the calendar and Today: it shows and sets
 * the context's location, so both views follow one choice. A single spa (one open
 * location) does not see it.
 */

struct _SpaLocationSwitcher
{
  GtkWidget    parent_instance;

  /* Template widgets */
  GtkDropDown *dropdown;

  /* Owned */
  SpaContext  *context;
  GPtrArray   *locations;   /* SpaRecord, in the drop-down's order */
  gboolean     filling;
};

G_DEFINE_FINAL_TYPE (SpaLocationSwitcher, spa_location_switcher, GTK_TYPE_WIDGET)

static void
select_shown (SpaLocationSwitcher *self)
{
  const char *shown = spa_context_get_location_id (self->context);

  for (guint i = 0; i < self->locations->len; i++)
    if (g_str_equal (spa_record_get_id (self->locations->pdata[i]), shown))
      {
        self->filling = TRUE;
        gtk_drop_down_set_selected (self->dropdown, i);
        self->filling = FALSE;
      }
}

static void
fill (SpaLocationSwitcher *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  g_clear_pointer (&self->locations, g_ptr_array_unref);
  self->locations = spa_location_list (spa_context_get_store (self->context),
                                       spa_context_get_location_id (self->context), NULL);
  if (self->locations == NULL)
    self->locations = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < self->locations->len; i++)
    gtk_string_list_append (names, spa_location_get_name (self->locations->pdata[i]));

  self->filling = TRUE;
  gtk_drop_down_set_model (self->dropdown, G_LIST_MODEL (names));
  self->filling = FALSE;
  select_shown (self);
  gtk_widget_set_visible (GTK_WIDGET (self), self->locations->len > 1);
}

static void
selected_cb (SpaLocationSwitcher *self)
{
  guint selected = gtk_drop_down_get_selected (self->dropdown);

  if (self->filling || self->context == NULL || selected >= self->locations->len)
    return;
  spa_context_set_location_id (self->context, spa_record_get_id (self->locations->pdata[selected]));
}

static void
spa_location_switcher_dispose (GObject *object)
{
  SpaLocationSwitcher *self = (SpaLocationSwitcher *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), SPA_TYPE_LOCATION_SWITCHER);
  g_clear_object (&self->context);
  g_clear_pointer (&self->locations, g_ptr_array_unref);

  G_OBJECT_CLASS (spa_location_switcher_parent_class)->dispose (object);
}

static void
spa_location_switcher_class_init (SpaLocationSwitcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = spa_location_switcher_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/spa-location-switcher.ui");
  gtk_widget_class_bind_template_child (widget_class, SpaLocationSwitcher, dropdown);
  gtk_widget_class_bind_template_callback (widget_class, selected_cb);
}

static void
spa_location_switcher_init (SpaLocationSwitcher *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  spa_drop_down_ellipsize (self->dropdown);
  self->locations = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * spa_location_switcher_set_context:
 *
 * Lists the context's locations and follows its shown location from now on.
 */
void
spa_location_switcher_set_context (SpaLocationSwitcher *self,
                                   SpaContext          *context)
{
  g_return_if_fail (SPA_IS_LOCATION_SWITCHER (self));
  g_return_if_fail (SPA_IS_CONTEXT (context));
  g_return_if_fail (self->context == NULL);

  self->context = g_object_ref (context);
  g_signal_connect_object (spa_context_get_store (context), "changed::" SPA_LOCATION_ENTITY,
                           G_CALLBACK (fill), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (context, "notify::location-id", G_CALLBACK (select_shown), self,
                           G_CONNECT_SWAPPED);
  fill (self);
}
