/* spa-client-audit.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-client-audit"

#include "config.h"

#include <glib/gi18n.h>

#include "spa-booking-actions.h"
#include "spa-client-audit.h"
#include "spa-core.h"
#include "spa-widget-util.h"

/*
 * The client page's Access section, for managers (docs/audit.md): who opened the
 * client's intake or notes, printed or exported their records, when and on which desk,
 * newest first, from the audit trail.
 */
struct _SpaClientAudit
{
  GtkWidget   parent_instance;

  /* Template widgets */
  GtkListBox *list;

  /* Owned */
  SpaContext *context;
  SpaRecord  *client;
};

static void spa_client_audit_section_iface_init (SpaClientSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SpaClientAudit, spa_client_audit, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (SPA_TYPE_CLIENT_SECTION,
                                                      spa_client_audit_section_iface_init))

/**
 * spa_client_audit_row_new:
 * @event: an audit event
 * @by_person: %TRUE for a person's list (the row names the client), %FALSE for a
 *   client's (it names the person)
 *
 * A row of an audit list: what was done, when, by whom or to whom, on which desk.
 *
 * Returns: (transfer floating): an #AdwActionRow
 */
GtkWidget *
spa_client_audit_row_new (SpaContext *context,
                          SpaRecord  *event,
                          gboolean    by_person)
{
  GtkWidget *row = adw_action_row_new ();
  const char *detail = spa_audit_event_get_detail (event);
  const char *client_id = spa_audit_event_get_client_id (event);
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *when = NULL;
  g_autofree char *whom = NULL;
  g_autofree char *subtitle = NULL;

  utc = g_date_time_new_from_iso8601 (spa_audit_event_get_occurred_at (event), NULL);
  if (utc != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_timezone (utc,
                                                            spa_context_get_time_zone (context));

      when = spa_format_date_time (local);
    }
  if (!by_person)
    whom = g_strdup (spa_str_empty (spa_audit_event_get_actor_name (event))
                     ? _("No one signed in") : spa_audit_event_get_actor_name (event));
  else if (spa_str_empty (client_id))
    whom = g_strdup (_("The whole spa"));
  else
    whom = spa_booking_actions_client_name (spa_context_get_store (context), client_id);
  /* TRANSLATORS: an audit event: when, who (a staff name or "No one signed in") or
   * which client, and which desk (its id) */
  subtitle = g_strdup_printf (_("%s · %s · desk %.8s"), when ? when : "", whom,
                              spa_audit_event_get_desk_id (event));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 spa_audit_action_label (spa_audit_event_get_action (event)));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (detail != NULL)
    gtk_widget_set_tooltip_text (row, detail);
  return row;
}

/**
 * spa_client_audit_fill_list:
 * @events: (nullable): the events, newest first, or %NULL when reading them failed
 * @error: (nullable): why reading them failed
 * @by_person: as for spa_client_audit_row_new()
 *
 * Shows @events in @list, instead of what it showed.
 */
void
spa_client_audit_fill_list (GtkListBox *list,
                            SpaContext *context,
                            GPtrArray  *events,
                            GError     *error,
                            gboolean    by_person)
{
  spa_list_box_remove_all (list);
  if (events == NULL)
    {
      g_warning ("Could not read the audit trail: %s", error ? error->message : "");
      return;
    }
  for (guint i = 0; i < events->len; i++)
    gtk_list_box_append (list, spa_client_audit_row_new (context, events->pdata[i], by_person));
}

static void
reload (SpaClientAudit *self)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;

  if (self->context == NULL || self->client == NULL)
    {
      spa_list_box_remove_all (self->list);
      return;
    }
  events = spa_audit_list_for_client (spa_context_get_store (self->context),
                                      spa_record_get_id (self->client), &error);
  spa_client_audit_fill_list (self->list, self->context, events, error, FALSE);
}

static void
spa_client_audit_dispose (GObject *object)
{
  SpaClientAudit *self = (SpaClientAudit *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), SPA_TYPE_CLIENT_AUDIT);
  spa_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->client);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (spa_client_audit_parent_class)->dispose (object);
}

static void
spa_client_audit_class_init (SpaClientAuditClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = spa_client_audit_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/spa-client-audit.ui");
  gtk_widget_class_bind_template_child (widget_class, SpaClientAudit, list);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
spa_client_audit_init (SpaClientAudit *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static void
spa_client_audit_set_context (SpaClientAudit *self,
                              SpaContext     *context)
{
  g_return_if_fail (SPA_IS_CLIENT_AUDIT (self));
  g_return_if_fail (self->context == NULL);

  self->context = g_object_ref (context);
  g_signal_connect_object (spa_context_get_store (context), "changed::" SPA_AUDIT_EVENT_ENTITY,
                           G_CALLBACK (reload), self, G_CONNECT_SWAPPED);
}

static void
spa_client_audit_set_client (SpaClientAudit *self,
                             SpaRecord      *client)
{
  g_return_if_fail (SPA_IS_CLIENT_AUDIT (self));

  g_set_object (&self->client, client);
  reload (self);
}

/**
 * spa_client_audit_get_list:
 *
 * Returns: (transfer none): the list of the client's audit events, newest first
 */
GtkListBox *
spa_client_audit_get_list (SpaClientAudit *self)
{
  g_return_val_if_fail (SPA_IS_CLIENT_AUDIT (self), NULL);
  return self->list;
}

static void
spa_client_audit_section_iface_init (SpaClientSectionInterface *iface)
{
  iface->set_context = (gpointer)spa_client_audit_set_context;
  iface->set_client = (gpointer)spa_client_audit_set_client;
}
