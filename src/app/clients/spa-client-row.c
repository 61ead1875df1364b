/* spa-client-row.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-client-row"

#include "config.h"

#include <glib/gi18n.h>

#include "spa-widget-util.h"

#include "spa-client-row.h"

struct _SpaClientRow
{
  GtkWidget  parent_instance;

  /* Template widgets */
  AdwAvatar *avatar;
  GtkLabel  *name_label;
  GtkLabel  *detail_label;
  GtkImage  *alert_icon;
};

G_DEFINE_FINAL_TYPE (SpaClientRow, spa_client_row, GTK_TYPE_WIDGET)

static void
spa_client_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), SPA_TYPE_CLIENT_ROW);
  spa_widget_unparent_children (GTK_WIDGET (object));

  G_OBJECT_CLASS (spa_client_row_parent_class)->dispose (object);
}

static void
spa_client_row_class_init (SpaClientRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = spa_client_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/spa-client-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SpaClientRow, avatar);
  gtk_widget_class_bind_template_child (widget_class, SpaClientRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, SpaClientRow, detail_label);
  gtk_widget_class_bind_template_child (widget_class, SpaClientRow, alert_icon);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
spa_client_row_init (SpaClientRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
spa_client_row_new (void)
{
  return g_object_new (SPA_TYPE_CLIENT_ROW, NULL);
}

void
spa_client_row_set_client (SpaClientRow *self,
                           SpaRecord    *client)
{
  g_autofree char *name = NULL;
  g_auto(GStrv) alerts = NULL;
  const char *detail;

  g_return_if_fail (SPA_IS_CLIENT_ROW (self));

  if (client == NULL)
    {
      gtk_label_set_label (self->name_label, "");
      gtk_label_set_label (self->detail_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->alert_icon), FALSE);
      return;
    }

  name = spa_client_dup_display_name (client);
  detail = spa_client_get_phone (client);
  if (spa_str_empty (detail))
    detail = spa_client_get_email (client);

  alerts = spa_client_dup_alerts (client);

  adw_avatar_set_text (self->avatar, name);
  gtk_label_set_label (self->name_label, name);
  gtk_label_set_label (self->detail_label, detail ? detail : "");
  gtk_widget_set_visible (GTK_WIDGET (self->detail_label), !spa_str_empty (detail));
  gtk_widget_set_visible (GTK_WIDGET (self->alert_icon), alerts[0] != NULL);
  if (alerts[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv ("\n", alerts);

      gtk_widget_set_tooltip_text (GTK_WIDGET (self->alert_icon), joined);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->alert_icon),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, joined, -1);
    }
}
