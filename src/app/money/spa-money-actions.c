/* spa-money-actions.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-money-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "spa-checkout-dialog.h"
#include "spa-money-actions.h"
#include "spa-widget-util.h"

/*
 * The till's window actions: check out a booking (Today's Check Out button, the
 * booking menu of the calendar, Today and the client's page) and a walk-in sale (the
 * primary menu), for whoever may sell (front desk, manager).
 */

static void
toast (GtkWidget  *window,
       const char *message)
{
  spa_widget_show_toast (window, message, 6, NULL, NULL, NULL);
}

static gboolean
may_sell (GtkWidget *window)
{
  SpaContext *context = spa_widget_get_context (window);

  if (spa_role_may_write (spa_context_get_role (context), "invoice"))
    return TRUE;
  toast (window, _("Only the front desk or a manager can take payments."));
  return FALSE;
}

static GtkWidget *
present (GtkWidget        *window,
         SpaCheckoutDraft *draft)
{
  SpaCheckoutDialog *dialog = spa_checkout_dialog_new (spa_widget_get_context (window), draft);

  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WIDGET (dialog);
}

/**
 * spa_money_actions_checkout:
 * @window: the main window (a widget with a "context" property and the `win.` actions)
 * @booking_id: (nullable): the booking to check out, or %NULL for a walk-in sale
 *
 * Returns: (transfer none) (nullable): the checkout dialog, or %NULL when the booking
 *   is paid already (a toast says so) or the person signed in may not sell
 */
GtkWidget *
spa_money_actions_checkout (GtkWidget  *window,
                            const char *booking_id)
{
  SpaStore *store = spa_context_get_store (spa_widget_get_context (window));
  g_autoptr(SpaCheckoutDraft) draft = NULL;
  g_autoptr(GError) error = NULL;

  if (!may_sell (window))
    return NULL;

  if (booking_id == NULL)
    return present (window, draft = spa_checkout_draft_new (store));

  if (spa_store_money_booking_is_paid (store, booking_id))
    {
      g_autoptr(SpaRecord) invoice = spa_store_money_booking_invoice (store, booking_id);
      /* TRANSLATORS: %s is the invoice number */
      g_autofree char *text = g_strdup_printf (_("This visit is paid (invoice %s)."),
                                               spa_record_get_string (invoice, "number"));

      toast (window, text);
      return NULL;
    }

  draft = spa_checkout_draft_new_for_booking (store, booking_id, &error);
  if (draft == NULL)
    {
      toast (window, error->message);
      return NULL;
    }
  return present (window, draft);
}

static void
checkout_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  spa_money_actions_checkout (widget, g_variant_get_string (parameter, NULL));
}

static void
new_sale_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  spa_money_actions_checkout (widget, NULL);
}

void
spa_money_actions_install (GtkWidgetClass *window_class)
{
  gtk_widget_class_install_action (window_class, "win.booking-checkout", "s", checkout_action);
  gtk_widget_class_install_action (window_class, "win.new-sale", NULL, new_sale_action);
}
