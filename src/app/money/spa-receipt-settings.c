/* spa-receipt-settings.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-receipt-settings"

#include "config.h"

#include <glib/gi18n.h>

#include "spa-receipt-settings.h"
#include "spa-widget-util.h"

/*
 * Preferences' Receipts page: the spa's name, address and phone that receipts print
 * (this desk's settings `spa-name`, `spa-address`, `spa-phone`), and the registration
 * number of each tax rate, kept on the `tax_rate` records so every desk and the server
 * print the same. Only someone who may write tax rates (a manager) changes those.
 */

struct _SpaReceiptSettings
{
  AdwPreferencesPage  parent_instance;

  /* Template widgets */
  AdwEntryRow        *name_row;
  AdwEntryRow        *street_row;
  AdwEntryRow        *city_row;
  AdwEntryRow        *phone_row;
  GtkWidget          *taxes_group;
  GtkListBox         *taxes_list;
  GtkLabel           *taxes_error;

  /* Owned */
  SpaContext         *context;
  gboolean            loading;
};

G_DEFINE_FINAL_TYPE (SpaReceiptSettings, spa_receipt_settings, ADW_TYPE_PREFERENCES_PAGE)

static char *
row_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

/* The address is kept as receipts print it, one line per line. */
static void
details_changed_cb (SpaReceiptSettings *self)
{
  GSettings *settings;
  g_autofree char *name = NULL;
  g_autofree char *street = NULL;
  g_autofree char *city = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *address = NULL;

  if (self->context == NULL || self->loading)
    return;

  settings = spa_context_get_settings (self->context);
  name = row_text (self->name_row);
  street = row_text (self->street_row);
  city = row_text (self->city_row);
  phone = row_text (self->phone_row);
  address = g_strconcat (street, street[0] != '\0' && city[0] != '\0' ? "\n" : "", city, NULL);
  g_settings_set_string (settings, "spa-name", name);
  g_settings_set_string (settings, "spa-address", address);
  g_settings_set_string (settings, "spa-phone", phone);
}

/* Enter (or the row's apply button) saves the number on its tax rate. */
static void
tax_number_apply_cb (AdwEntryRow        *row,
                     SpaReceiptSettings *self)
{
  SpaStore *store = spa_context_get_store (self->context);
  const char *id = g_object_get_data (G_OBJECT (row), "tax-rate-id");
  g_autofree char *number = row_text (row);
  g_autoptr(SpaRecord) rate = NULL;
  g_autoptr(GError) error = NULL;

  rate = spa_store_get (store, "tax_rate", id, &error);
  if (rate != NULL && g_strcmp0 (spa_record_get_string (rate, "registration_number"),
                                 number[0] != '\0' ? number : NULL) == 0)
    {
      spa_widget_show_error (self->taxes_error, GTK_WIDGET (row), NULL, SPA_SHOW_ERROR_PLAIN);
      return;
    }
  if (rate != NULL)
    {
      if (number[0] != '\0')
        spa_record_set_string (rate, "registration_number", number);
      else
        spa_record_set_null (rate, "registration_number");
    }
  if (rate == NULL || !spa_store_save (store, rate, &error))
    {
      spa_widget_show_error (self->taxes_error, GTK_WIDGET (row), error->message,
                             SPA_SHOW_ERROR_PLAIN);
      return;
    }
  spa_widget_show_error (self->taxes_error, GTK_WIDGET (row), NULL, SPA_SHOW_ERROR_PLAIN);
}

static void
fill_taxes (SpaReceiptSettings *self)
{
  g_autoptr(GPtrArray) rates = NULL;
  g_autoptr(GError) error = NULL;
  gboolean may_write = spa_role_may_write (spa_context_get_role (self->context), "tax_rate");

  spa_list_box_remove_all (self->taxes_list);
  rates = spa_store_money_tax_rates (spa_context_get_store (self->context), &error);
  for (guint i = 0; rates != NULL && i < rates->len; i++)
    {
      SpaRecord *rate = rates->pdata[i];
      GtkWidget *row = adw_entry_row_new ();
      const char *number = spa_record_get_string (rate, "registration_number");
      g_autofree char *percent = spa_money_format_percent (spa_record_get_int (rate, "rate_bp", 0));
      /* TRANSLATORS: a tax rate's registration number, e.g. "GST 5% registration number" */
      g_autofree char *title = g_strdup_printf (_("%s %s registration number"),
                                                spa_record_get_string (rate, "name"), percent);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
      gtk_editable_set_text (GTK_EDITABLE (row), number ? number : "");
      gtk_widget_set_sensitive (row, may_write);
      g_object_set_data_full (G_OBJECT (row), "tax-rate-id", g_strdup (spa_record_get_id (rate)),
                              g_free);
      g_signal_connect (row, "apply", G_CALLBACK (tax_number_apply_cb), self);
      g_signal_connect (row, "entry-activated", G_CALLBACK (tax_number_apply_cb), self);
      gtk_list_box_append (self->taxes_list, row);
    }
  if (rates == NULL)
    spa_widget_show_error (self->taxes_error, NULL, error->message, SPA_SHOW_ERROR_PLAIN);
  else if (!may_write)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->taxes_group),
                                           _("Only a manager can change the tax numbers."));
}

static void
spa_receipt_settings_dispose (GObject *object)
{
  SpaReceiptSettings *self = SPA_RECEIPT_SETTINGS (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SPA_TYPE_RECEIPT_SETTINGS);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (spa_receipt_settings_parent_class)->dispose (object);
}

static void
spa_receipt_settings_class_init (SpaReceiptSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = spa_receipt_settings_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/spa-receipt-settings.ui");
  gtk_widget_class_bind_template_child (widget_class, SpaReceiptSettings, name_row);
  gtk_widget_class_bind_template_child (widget_class, SpaReceiptSettings, street_row);
  gtk_widget_class_bind_template_child (widget_class, SpaReceiptSettings, city_row);
  gtk_widget_class_bind_template_child (widget_class, SpaReceiptSettings, phone_row);
  gtk_widget_class_bind_template_child (widget_class, SpaReceiptSettings, taxes_group);
  gtk_widget_class_bind_template_child (widget_class, SpaReceiptSettings, taxes_list);
  gtk_widget_class_bind_template_child (widget_class, SpaReceiptSettings, taxes_error);
  gtk_widget_class_bind_template_callback (widget_class, details_changed_cb);
}

static void
spa_receipt_settings_init (SpaReceiptSettings *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

SpaReceiptSettings *
spa_receipt_settings_new (SpaContext *context)
{
  SpaReceiptSettings *self;
  GSettings *settings;
  g_autofree char *name = NULL;
  g_autofree char *address = NULL;
  g_autofree char *phone = NULL;
  g_auto(GStrv) lines = NULL;

  g_return_val_if_fail (SPA_IS_CONTEXT (context), NULL);

  self = g_object_new (SPA_TYPE_RECEIPT_SETTINGS, NULL);
  self->context = g_object_ref (context);
  settings = spa_context_get_settings (context);
  name = g_settings_get_string (settings, "spa-name");
  address = g_settings_get_string (settings, "spa-address");
  phone = g_settings_get_string (settings, "spa-phone");
  /* The first line is the street; any others read as one line after it. */
  lines = g_strsplit (address, "\n", 2);

  self->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
  gtk_editable_set_text (GTK_EDITABLE (self->street_row), lines[0] ? lines[0] : "");
  if (lines[0] != NULL && lines[1] != NULL)
    {
      g_auto(GStrv) rest = g_strsplit (lines[1], "\n", -1);
      g_autofree char *joined = g_strjoinv (", ", rest);

      gtk_editable_set_text (GTK_EDITABLE (self->city_row), joined);
    }
  gtk_editable_set_text (GTK_EDITABLE (self->phone_row), phone);
  self->loading = FALSE;

  fill_taxes (self);
  return self;
}
