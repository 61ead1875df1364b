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

/*
 * The till's window actions: check out a booking (Today's Check Out button, the
 * booking menu of the calendar, Today and the client's page) and a walk-in sale (the
 * primary menu), for whoever may sell (front desk, manager).
 */

static void
toast (SpaWindow  *window,
       const char *message)
{
  AdwToast *t = adw_toast_new (message);

  adw_toast_set_timeout (t, 6);
  spa_window_add_toast (window, t);
}

static gboolean
may_sell (SpaWindow *window)
{
  SpaContext *context = spa_window_get_context (window);

  if (spa_role_may_write (spa_context_get_role (context), "invoice"))
    return TRUE;
  toast (window, _("Only the front desk or a manager can take payments."));
  return FALSE;
}

static GtkWidget *
present (SpaWindow        *window,
         SpaCheckoutDraft *draft)
{
  SpaCheckoutDialog *dialog = spa_checkout_dialog_new (spa_window_get_context (window), draft);

  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WIDGET (dialog);
}

/**
 * spa_money_actions_checkout:
 * @booking_id: (nullable): the booking to check out, or %NULL for a walk-in sale
 *
 * Returns: (transfer none) (nullable): the checkout dialog, or %NULL when the booking
 *   is paid already (a toast says so) or the person signed in may not sell
 */
GtkWidget *
spa_money_actions_checkout (SpaWindow  *window,
                            const char *booking_id)
{
  SpaStore *store = spa_context_get_store (spa_window_get_context (window));
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
  spa_money_actions_checkout (SPA_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
new_sale_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  spa_money_actions_checkout (SPA_WINDOW (widget), NULL);
}

void
spa_money_actions_install (GtkWidgetClass *window_class)
{
  gtk_widget_class_install_action (window_class, "win.booking-checkout", "s", checkout_action);
  gtk_widget_class_install_action (window_class, "win.new-sale", NULL, new_sale_action);
}
