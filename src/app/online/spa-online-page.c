/* spa-online-page.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-online-page"

#include "config.h"

#include <glib/gi18n.h>

#include "spa-online-page.h"
#include "spa-online-page-private.h"
#include "spa-widget-util.h"

/*
 * Online Booking, a page of Services & Staff: whether the spa takes bookings on its
 * own page, the least notice, the grid of start times, how far ahead, until when a
 * client may change or cancel, and a welcome text. The rules are the core's
 * (spa-online-settings.c); the record syncs like any other, and the server reads it.
 * Nothing is saved half-way: a problem marks its field and says what is wanted.
 */

static const char * const text_fields[] = {
  "notice_minutes", "slot_minutes", "horizon_days", "cancel_hours", "intro", NULL
};

struct _SpaOnlinePage
{
  AdwPreferencesPage  parent_instance;

  /* Template widgets */
  GtkSwitch          *enabled_switch;
  AdwEntryRow        *notice_minutes_row;
  AdwEntryRow        *slot_minutes_row;
  AdwEntryRow        *horizon_days_row;
  AdwEntryRow        *cancel_hours_row;
  AdwEntryRow        *intro_row;
  GtkLabel           *error_label;
  GtkButton          *save_button;

  /* Owned */
  SpaContext         *context;
};

G_DEFINE_FINAL_TYPE (SpaOnlinePage, spa_online_page, ADW_TYPE_PREFERENCES_PAGE)

GtkWidget *
spa_online_page_get_row (SpaOnlinePage *self,
                         const char    *field)
{
  if (g_str_equal (field, "enabled"))
    return GTK_WIDGET (self->enabled_switch);
  if (g_str_equal (field, "notice_minutes"))
    return GTK_WIDGET (self->notice_minutes_row);
  if (g_str_equal (field, "slot_minutes"))
    return GTK_WIDGET (self->slot_minutes_row);
  if (g_str_equal (field, "horizon_days"))
    return GTK_WIDGET (self->horizon_days_row);
  if (g_str_equal (field, "cancel_hours"))
    return GTK_WIDGET (self->cancel_hours_row);
  if (g_str_equal (field, "intro"))
    return GTK_WIDGET (self->intro_row);
  return NULL;
}

static void
show_error (SpaOnlinePage *self,
            const GError  *error)
{
  const char *field = error ? spa_validation_error_get_field (error) : NULL;

  for (guint i = 0; text_fields[i]; i++)
    gtk_widget_remove_css_class (spa_online_page_get_row (self, text_fields[i]), "error");
  spa_widget_show_error (self->error_label, NULL, error ? error->message : NULL,
                         SPA_SHOW_ERROR_PLAIN);
  if (error == NULL)
    return;

  if (field != NULL && spa_online_page_get_row (self, field) != NULL &&
      !g_str_equal (field, "enabled"))
    {
      GtkWidget *row = spa_online_page_get_row (self, field);

      gtk_widget_add_css_class (row, "error");
      gtk_widget_grab_focus (row);
    }
}

static void
load (SpaOnlinePage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) settings = spa_online_settings_load (spa_context_get_store (self->context),
                                                            &error);

  gtk_switch_set_active (self->enabled_switch, spa_online_settings_enabled (settings));
  for (guint i = 0; text_fields[i]; i++)
    {
      g_autofree char *text = spa_online_settings_get_text (settings, text_fields[i]);

      gtk_editable_set_text (GTK_EDITABLE (spa_online_page_get_row (self, text_fields[i])), text);
    }
  show_error (self, error);
}

/**
 * spa_online_page_save:
 *
 * Saves what the page shows; on a problem the field is marked, the message shown and
 * nothing saved.
 *
 * Returns: whether it was saved
 */
gboolean
spa_online_page_save (SpaOnlinePage *self)
{
  SpaStore *store = spa_context_get_store (self->context);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) settings = spa_online_settings_load (store, &error);
  GtkWidget *window;

  g_return_val_if_fail (SPA_IS_ONLINE_PAGE (self), FALSE);

  if (settings == NULL)
    {
      show_error (self, error);
      return FALSE;
    }
  if (spa_online_settings_enabled (settings) != gtk_switch_get_active (self->enabled_switch))
    spa_record_set_boolean (settings, "enabled", gtk_switch_get_active (self->enabled_switch));
  for (guint i = 0; text_fields[i]; i++)
    {
      const char *text = gtk_editable_get_text (GTK_EDITABLE (spa_online_page_get_row (self,
          text_fields[i])));

      if (!spa_online_settings_set_text (settings, text_fields[i], text, &error))
        {
          show_error (self, error);
          return FALSE;
        }
    }
  if (spa_record_is_changed (settings) && !spa_store_save (store, settings, &error))
    {
      show_error (self, error);
      return FALSE;
    }

  show_error (self, NULL);
  load (self);
  window = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_PREFERENCES_WINDOW);
  if (window != NULL)
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (window),
                                      spa_toast_new_plain (_("Online booking settings saved")));
  return TRUE;
}

static void
save_clicked_cb (SpaOnlinePage *self)
{
  spa_online_page_save (self);
}

static void
spa_online_page_constructed (GObject *object)
{
  SpaOnlinePage *self = SPA_ONLINE_PAGE (object);

  G_OBJECT_CLASS (spa_online_page_parent_class)->constructed (object);
  load (self);
}

static void
spa_online_page_dispose (GObject *object)
{
  SpaOnlinePage *self = SPA_ONLINE_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SPA_TYPE_ONLINE_PAGE);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (spa_online_page_parent_class)->dispose (object);
}

static void
spa_online_page_class_init (SpaOnlinePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = spa_online_page_constructed;
  object_class->dispose = spa_online_page_dispose;

  spa_widget_class_install_context (object_class, G_STRUCT_OFFSET (SpaOnlinePage, context));

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/spa-online-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SpaOnlinePage, enabled_switch);
  gtk_widget_class_bind_template_child (widget_class, SpaOnlinePage, notice_minutes_row);
  gtk_widget_class_bind_template_child (widget_class, SpaOnlinePage, slot_minutes_row);
  gtk_widget_class_bind_template_child (widget_class, SpaOnlinePage, horizon_days_row);
  gtk_widget_class_bind_template_child (widget_class, SpaOnlinePage, cancel_hours_row);
  gtk_widget_class_bind_template_child (widget_class, SpaOnlinePage, intro_row);
  gtk_widget_class_bind_template_child (widget_class, SpaOnlinePage, error_label);
  gtk_widget_class_bind_template_child (widget_class, SpaOnlinePage, save_button);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
}

static void
spa_online_page_init (SpaOnlinePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * spa_online_page_new:
 *
 * Returns: (transfer floating): the Online Booking page
 */
SpaOnlinePage *
spa_online_page_new (SpaContext *context)
{
  g_return_val_if_fail (SPA_IS_CONTEXT (context), NULL);

  return g_object_new (SPA_TYPE_ONLINE_PAGE, "context", context, NULL);
}
