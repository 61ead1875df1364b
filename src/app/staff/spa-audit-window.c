/* spa-audit-window.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-audit-window"

#include "config.h"

#include <glib/gi18n.h>

#include "spa-audit-window.h"
#include "spa-client-audit.h"
#include "spa-core.h"

/*
 * One person's access to clinical records, for managers (docs/audit.md): the intakes
 * and notes they opened, what they printed and exported, when and on which desk,
 * newest first. Opened from a desk account's row in Preferences.
 */
struct _SpaAuditWindow
{
  AdwWindow             parent_instance;

  /* Template widgets */
  AdwWindowTitle       *window_title;
  AdwPreferencesGroup  *group;
  GtkListBox           *list;

  /* Owned */
  SpaContext           *context;
  SpaAccount           *account;
};

G_DEFINE_FINAL_TYPE (SpaAuditWindow, spa_audit_window, ADW_TYPE_WINDOW)

static void
reload (SpaAuditWindow *self)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;

  events = spa_audit_list_for_actor (spa_context_get_store (self->context),
                                     spa_account_get_id (self->account), &error);
  spa_client_audit_fill_list (self->list, self->context, events, error, TRUE);
}

static void
spa_audit_window_dispose (GObject *object)
{
  SpaAuditWindow *self = (SpaAuditWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), SPA_TYPE_AUDIT_WINDOW);
  g_clear_object (&self->context);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (spa_audit_window_parent_class)->dispose (object);
}

static void
spa_audit_window_class_init (SpaAuditWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = spa_audit_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/spa-audit-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SpaAuditWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, SpaAuditWindow, group);
  gtk_widget_class_bind_template_child (widget_class, SpaAuditWindow, list);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
spa_audit_window_init (SpaAuditWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * spa_audit_window_new:
 * @parent: the window it is opened from
 * @account: the desk account whose access it lists
 *
 * Returns: (transfer none): the window, shown
 */
GtkWidget *
spa_audit_window_new (GtkWindow  *parent,
                      SpaContext *context,
                      SpaAccount *account)
{
  SpaAuditWindow *self;
  g_autofree char *title = NULL;

  g_return_val_if_fail (SPA_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (account != NULL, NULL);

  self = g_object_new (SPA_TYPE_AUDIT_WINDOW, "transient-for", parent, NULL);
  self->context = g_object_ref (context);
  self->account = g_object_ref (account);
  /* TRANSLATORS: the title of a person's access history; %s is their name */
  title = g_strdup_printf (_("Access by %s"), spa_account_get_name (account));
  adw_window_title_set_title (self->window_title, title);
  gtk_window_set_title (GTK_WINDOW (self), title);
  g_signal_connect_object (spa_context_get_store (context), "changed::" SPA_AUDIT_EVENT_ENTITY,
                           G_CALLBACK (reload), self, G_CONNECT_SWAPPED);
  reload (self);
  gtk_window_present (GTK_WINDOW (self));
  return GTK_WIDGET (self);
}

/**
 * spa_audit_window_get_list:
 *
 * Returns: (transfer none): the list of the person's audit events, newest first
 */
GtkListBox *
spa_audit_window_get_list (SpaAuditWindow *self)
{
  g_return_val_if_fail (SPA_IS_AUDIT_WINDOW (self), NULL);
  return self->list;
}
