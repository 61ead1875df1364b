/* spa-checkout-dialog.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-checkout-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "spa-checkout-dialog.h"
#include "spa-receipt.h"
#include "spa-widget-util.h"

/*
 * The till: what the core's SpaCheckoutDraft says, shown and edited. Keyboard first:
 * the amount field has the focus with the balance in it, so Enter takes the payment
 * and a second Enter (nothing left to pay) charges.
 */

typedef struct
{
  char *kind;     /* service, product, package */
  char *id;
} CatalogItem;

struct _SpaCheckoutDialog
{
  AdwWindow parent_instance;

  /* Template widgets */
  AdwWindowTitle *window_title;
  GtkButton      *cancel_button;
  GtkButton      *charge_button;
  GtkStack       *stack;
  GtkListBox     *lines_list;
  AdwComboRow    *add_row;
  AdwEntryRow    *gift_card_row;
  AdwActionRow   *promotion_row;
  AdwEntryRow    *discount_row;
  AdwEntryRow    *tip_row;
  GtkListBox     *totals_list;
  GtkListBox     *payments_list;
  AdwComboRow    *method_row;
  AdwEntryRow    *code_row;
  AdwEntryRow    *amount_row;
  GtkLabel       *warning_label;
  GtkLabel       *error_label;
  GtkLabel       *adjust_error_label;  /* the discount's and the tip's */
  AdwStatusPage  *done_page;
  GtkButton      *done_button;

  /* Owned */
  SpaContext       *context;
  SpaCheckoutDraft *draft;
  SpaRecord        *invoice;
  SpaRecord        *offered_promotion;
  GPtrArray        *catalog;       /* CatalogItem, in the order of add_row's model */
};

G_DEFINE_FINAL_TYPE (SpaCheckoutDialog, spa_checkout_dialog, ADW_TYPE_WINDOW)

static const char * const methods[] = { "card", "cash", "e_transfer", "gift_card", "other" };

static void
catalog_item_free (gpointer data)
{
  CatalogItem *item = data;

  g_free (item->kind);
  g_free (item->id);
  g_free (item);
}

static char *
money (gint64 cents)
{
  return spa_format_money (cents, NULL);
}

/* The balance as the amount field shows it: digits and the locale's decimal mark. */
static char *
plain_amount (gint64 cents)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", cents / 100,
                                           (int)(cents % 100));
  struct lconv *lc = localeconv ();

  if (lc->decimal_point != NULL && g_strcmp0 (lc->decimal_point, ",") == 0)
    *strchr (text, '.') = ',';
  return g_steal_pointer (&text);
}

static GtkWidget *
amount_row (const char *title,
            gint64      cents,
            gboolean    strong)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *text = money (cents);
  GtkWidget *label = gtk_label_new (text);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_add_css_class (label, "numeric");
  if (strong)
    {
      gtk_widget_add_css_class (row, "checkout-total");
      gtk_widget_add_css_class (label, "title-3");
    }
  else
    gtk_widget_add_css_class (row, "checkout-sum");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  return row;
}

static void remove_line_cb (GtkButton *button, SpaCheckoutDialog *self);
static void package_toggled_cb (GtkSwitch *toggle, GParamSpec *pspec, SpaCheckoutDialog *self);
static void remove_payment_cb (GtkButton *button, SpaCheckoutDialog *self);

static char *
therapist_name (SpaCheckoutDialog *self,
                const char        *id)
{
  g_autoptr(SpaRecord) therapist = NULL;

  if (id == NULL)
    return NULL;
  therapist = spa_store_get (spa_context_get_store (self->context), "therapist", id, NULL);
  return therapist ? g_strdup (spa_record_get_string (therapist, "name")) : NULL;
}

static GtkWidget *
line_row (SpaCheckoutDialog     *self,
          guint                  index,
          const SpaCheckoutLine *line)
{
  SpaStore *store = spa_context_get_store (self->context);
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *price = money (line->quantity * line->unit_price_cents);
  g_autofree char *therapist = therapist_name (self, line->therapist_id);
  GtkWidget *label = gtk_label_new (price);
  GtkWidget *remove;
  g_autoptr(GString) subtitle = g_string_new (spa_money_line_kind_label (line->kind));
  g_autofree char *a11y = NULL;

  if (line->quantity > 1)
    {
      g_autofree char *each = money (line->unit_price_cents);

      g_string_append (subtitle, " · ");
      /* TRANSLATORS: quantity and unit price of a line, e.g. "2 × $24.99" */
      g_string_append_printf (subtitle, _("%d × %s"), (int)line->quantity, each);
    }
  if (therapist != NULL)
    g_string_append_printf (subtitle, " · %s", therapist);
  if (line->discount_cents > 0)
    {
      g_autofree char *off = money (line->discount_cents);

      g_string_append (subtitle, " · ");
      /* TRANSLATORS: the discount taken off a line */
      g_string_append_printf (subtitle, _("%s off"), off);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), line->description);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);

  /* An issued invoice's lines stay as they are: only its balance is taken. */
  if (spa_checkout_draft_get_continued (self->draft) != NULL)
    return row;

  /* A service the client's package pays for. */
  if (g_str_equal (line->kind, "service"))
    {
      g_autofree char *held = line->client_package_id
                              ? g_strdup (line->client_package_id)
                              : spa_checkout_draft_find_package (self->draft, index);

      if (held != NULL)
        {
          GtkWidget *toggle = gtk_switch_new ();
          gint64 left = spa_store_money_sessions_left (store, held);
          g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                "Use the package (%d session left)",
                                                                "Use the package "
                                                                "(%d sessions left)",
                                                                (gulong)left),
                                                   (int)left);
          GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
          GtkWidget *caption = gtk_label_new (text);

          gtk_widget_add_css_class (caption, "caption");
          gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
          gtk_switch_set_active (GTK_SWITCH (toggle), line->client_package_id != NULL);
          gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          text, -1);
          g_object_set_data_full (G_OBJECT (toggle), "package", g_steal_pointer (&held), g_free);
          g_object_set_data (G_OBJECT (toggle), "index", GUINT_TO_POINTER (index));
          g_signal_connect (toggle, "notify::active", G_CALLBACK (package_toggled_cb), self);
          gtk_box_append (GTK_BOX (box), caption);
          gtk_box_append (GTK_BOX (box), toggle);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
        }
    }

  /* TRANSLATORS: accessible label of a line's remove button; %s is the item */
  a11y = g_strdup_printf (_("Remove %s"), line->description);
  remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
  g_object_set_data (G_OBJECT (remove), "index", GUINT_TO_POINTER (index));
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_line_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  return row;
}

static GtkWidget *
payment_row (SpaCheckoutDialog        *self,
             guint                     index,
             const SpaCheckoutPayment *payment)
{
  GtkWidget *row = amount_row (spa_money_payment_method_label (payment->method),
                               payment->amount_cents, FALSE);
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

  if (payment->change_cents > 0)
    {
      g_autofree char *tendered = money (payment->tendered_cents);
      g_autofree char *change = money (payment->change_cents);
      /* TRANSLATORS: cash handed over and the change to give back */
      g_autofree char *text = g_strdup_printf (_("%s tendered, %s change"), tendered, change);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
    }
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Remove payment"), -1);
  g_object_set_data (G_OBJECT (remove), "index", GUINT_TO_POINTER (index));
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_payment_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  return row;
}

static const char *
selected_method (SpaCheckoutDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->method_row);

  return selected < G_N_ELEMENTS (methods) ? methods[selected] : "card";
}

static void
refresh (SpaCheckoutDialog *self)
{
  SpaCheckoutDraft *draft = self->draft;
  g_autoptr(JsonArray) taxes = spa_checkout_draft_dup_taxes (draft);
  g_autoptr(GPtrArray) warnings = spa_checkout_draft_dup_warnings (draft);
  gint64 balance = spa_checkout_draft_get_balance (draft);
  gint64 change = spa_checkout_draft_get_change (draft);

  spa_list_box_remove_all (self->lines_list);
  for (guint i = 0; i < spa_checkout_draft_get_n_lines (draft); i++)
    gtk_list_box_append (self->lines_list, line_row (self, i, spa_checkout_draft_get_line (draft,
                                                                                           i)));
  if (spa_checkout_draft_get_n_lines (draft) == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _("Nothing yet: add a service or a product"));
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (self->lines_list, row);
    }

  spa_list_box_remove_all (self->totals_list);
  gtk_list_box_append (self->totals_list,
                       amount_row (_("Subtotal"), spa_checkout_draft_get_subtotal (draft), FALSE));
  if (spa_checkout_draft_get_discount (draft) > 0)
    gtk_list_box_append (self->totals_list,
                         amount_row (spa_checkout_draft_get_discount_label (draft)
                                     ? spa_checkout_draft_get_discount_label (draft)
                                     : _("Discount"),
                                     -spa_checkout_draft_get_discount (draft), FALSE));
  for (guint i = 0; i < json_array_get_length (taxes); i++)
    {
      JsonObject *tax = json_array_get_object_element (taxes, i);
      g_autofree char *rate = spa_money_format_percent (json_object_get_int_member (tax,
                                                                                    "rate_bp"));
      /* TRANSLATORS: a tax and its rate, e.g. "GST 5%" */
      g_autofree char *title = g_strdup_printf (_("%s %s"),
                                                json_object_get_string_member (tax, "name"), rate);

      gtk_list_box_append (self->totals_list,
                           amount_row (title, json_object_get_int_member (tax, "cents"), FALSE));
    }
  if (spa_checkout_draft_get_tip (draft) > 0)
    gtk_list_box_append (self->totals_list, amount_row (_("Tip"),
                                                        spa_checkout_draft_get_tip (draft), FALSE));
  gtk_list_box_append (self->totals_list, amount_row (_("Total"),
                                                      spa_checkout_draft_get_total (draft), TRUE));
  if (spa_checkout_draft_get_paid_before (draft) > 0)
    /* TRANSLATORS: at checkout, what was paid on the invoice before this visit's payment */
    gtk_list_box_append (self->totals_list,
                         amount_row (_("Paid earlier"), spa_checkout_draft_get_paid_before (draft),
                                     FALSE));
  if (spa_checkout_draft_get_paid (draft) > 0)
    gtk_list_box_append (self->totals_list, amount_row (_("Balance due"), balance, TRUE));
  if (change > 0)
    gtk_list_box_append (self->totals_list, amount_row (_("Change due"), change, TRUE));

  spa_list_box_remove_all (self->payments_list);
  for (guint i = 0; i < spa_checkout_draft_get_n_payments (draft); i++)
    gtk_list_box_append (self->payments_list, payment_row (self, i,
                                                           spa_checkout_draft_get_payment (draft,
                                                                                           i)));
  for (guint i = 0; i < spa_checkout_draft_get_n_lines (draft); i++)
    {
      const SpaCheckoutLine *line = spa_checkout_draft_get_line (draft, i);

      if (line->client_package_id != NULL)
        gtk_list_box_append (self->payments_list, amount_row (_("Package"), line->total_cents,
                                                              FALSE));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->payments_list),
                          gtk_widget_get_first_child (GTK_WIDGET (self->payments_list)) != NULL);

  /* The amount field offers what is left. */
  {
    g_autofree char *text = balance > 0 ? plain_amount (balance) : g_strdup ("");

    gtk_editable_set_text (GTK_EDITABLE (self->amount_row), text);
  }

  if (warnings->len > 0)
    {
      g_ptr_array_add (warnings, NULL);
      g_autofree char *text = g_strjoinv ("\n", (char **)warnings->pdata);

      gtk_label_set_text (self->warning_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->warning_label), warnings->len > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->charge_button),
                            spa_checkout_draft_get_n_lines (draft) > 0 && balance == 0);
}

static void
draft_changed_cb (SpaCheckoutDialog *self)
{
  refresh (self);
}

static void
remove_line_cb (GtkButton         *button,
                SpaCheckoutDialog *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index"));

  spa_widget_show_error (self->error_label, NULL, NULL, SPA_SHOW_ERROR_PLAIN);
  spa_checkout_draft_remove_line (self->draft, index);
  gtk_widget_grab_focus (GTK_WIDGET (self->add_row));
}

static void
remove_payment_cb (GtkButton         *button,
                   SpaCheckoutDialog *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index"));

  spa_widget_show_error (self->error_label, NULL, NULL, SPA_SHOW_ERROR_PLAIN);
  spa_checkout_draft_remove_payment (self->draft, index);
  gtk_widget_grab_focus (GTK_WIDGET (self->amount_row));
}

static void
package_toggled_cb (GtkSwitch         *toggle,
                    GParamSpec        *pspec,
                    SpaCheckoutDialog *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (toggle), "index"));
  const char *held = g_object_get_data (G_OBJECT (toggle), "package");
  g_autoptr(GError) error = NULL;

  if (!spa_checkout_draft_redeem_package (self->draft, index,
                                          gtk_switch_get_active (toggle) ? held : NULL,
                                          &error))
    spa_widget_show_error (self->error_label, NULL, error->message, SPA_SHOW_ERROR_PLAIN);
  else
    spa_widget_show_error (self->error_label, NULL, NULL, SPA_SHOW_ERROR_PLAIN);
}

static void
add_clicked_cb (SpaCheckoutDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->add_row);
  g_autoptr(GError) error = NULL;
  CatalogItem *item;
  gboolean ok;

  if (selected >= self->catalog->len)
    return;
  item = self->catalog->pdata[selected];
  if (g_str_equal (item->kind, "service"))
    {
      /* The booked therapist gives the added service too. */
      const char *therapist = NULL;

      for (guint i = 0; i < spa_checkout_draft_get_n_lines (self->draft) && therapist == NULL; i++)
        therapist = spa_checkout_draft_get_line (self->draft, i)->therapist_id;
      ok = spa_checkout_draft_add_service (self->draft, item->id, therapist, &error);
    }
  else if (g_str_equal (item->kind, "product"))
    ok = spa_checkout_draft_add_product (self->draft, item->id, 1, &error);
  else
    ok = spa_checkout_draft_add_package (self->draft, item->id, &error);

  spa_widget_show_error (self->error_label, NULL, ok ? NULL : error->message, SPA_SHOW_ERROR_PLAIN);
}

static void
gift_card_apply_cb (SpaCheckoutDialog *self)
{
  g_autoptr(GError) error = NULL;
  gint64 cents;

  if (!spa_money_parse (gtk_editable_get_text (GTK_EDITABLE (self->gift_card_row)), &cents))
    {
      spa_widget_show_error (self->error_label, NULL,
                             _("Enter the gift card’s amount, such as 50 or 75.00."),
                             SPA_SHOW_ERROR_PLAIN);
      return;
    }
  if (!spa_checkout_draft_add_gift_card (self->draft, cents, NULL, &error))
    {
      spa_widget_show_error (self->error_label, NULL, error->message, SPA_SHOW_ERROR_PLAIN);
      return;
    }
  spa_widget_show_error (self->error_label, NULL, NULL, SPA_SHOW_ERROR_PLAIN);
  gtk_editable_set_text (GTK_EDITABLE (self->gift_card_row), "");
}

/* The discount's and the tip's errors: beside their group, the field marked invalid. */
#define ADJUST_ERROR (SPA_SHOW_ERROR_DESCRIBE | SPA_SHOW_ERROR_INVALID)

static void
discount_apply_cb (SpaCheckoutDialog *self)
{
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->discount_row));
  g_autofree char *text = g_strstrip (g_strdup (typed));
  g_autoptr(GError) error = NULL;
  gint64 cents;
  gsize len = strlen (text);

  /* A message of the discount's goes; the tip's stays. */
  if (gtk_widget_has_css_class (GTK_WIDGET (self->discount_row), "error"))
    spa_widget_show_error (self->adjust_error_label, GTK_WIDGET (self->discount_row), NULL,
                           ADJUST_ERROR);
  if (len == 0)
    spa_checkout_draft_set_discount (self->draft, SPA_DISCOUNT_NONE, 0);
  else if (text[len - 1] == '%')
    {
      text[len - 1] = '\0';
      if (!spa_money_parse (text, &cents) || cents > 10000)
        spa_widget_show_error (self->adjust_error_label, GTK_WIDGET (self->discount_row),
                               _("A percentage is from 0.01 to 100 %."), ADJUST_ERROR);
      else
        spa_checkout_draft_set_discount (self->draft, SPA_DISCOUNT_PERCENT, cents);
    }
  else if (spa_money_parse (text, &cents))
    spa_checkout_draft_set_discount (self->draft, SPA_DISCOUNT_AMOUNT, cents);
  else if (!spa_checkout_draft_apply_promotion (self->draft, text, &error))
    spa_widget_show_error (self->adjust_error_label, GTK_WIDGET (self->discount_row),
                           error->message, ADJUST_ERROR);
}

static void
promotion_clicked_cb (SpaCheckoutDialog *self)
{
  g_autoptr(GError) error = NULL;

  if (self->offered_promotion == NULL)
    return;
  if (!spa_checkout_draft_apply_promotion (self->draft,
                                           spa_record_get_id (self->offered_promotion), &error))
    spa_widget_show_error (self->adjust_error_label, GTK_WIDGET (self->discount_row),
                           error->message, ADJUST_ERROR);
  else
    gtk_widget_set_visible (GTK_WIDGET (self->promotion_row), FALSE);
}

static void
tip_changed_cb (SpaCheckoutDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->tip_row));
  gint64 cents = 0;

  if (*text != '\0' && !spa_money_parse (text, &cents))
    {
      spa_widget_show_error (self->adjust_error_label, GTK_WIDGET (self->tip_row),
                             _("Type the tip as an amount, such as 10 or 12.50."),
                             ADJUST_ERROR);
      return;
    }
  /* The message was the tip's: another field's stays. */
  if (gtk_widget_has_css_class (GTK_WIDGET (self->tip_row), "error"))
    spa_widget_show_error (self->adjust_error_label, GTK_WIDGET (self->tip_row), NULL,
                           ADJUST_ERROR);
  spa_checkout_draft_set_tip (self->draft, cents);
}

static void
method_changed_cb (SpaCheckoutDialog *self)
{
  gboolean gift = g_str_equal (selected_method (self), "gift_card");

  gtk_widget_set_visible (GTK_WIDGET (self->code_row), gift);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->amount_row),
                                 g_str_equal (selected_method (self), "cash")
                                 ? _("Cash handed over") : _("Amount"));
}

static gboolean
take_payment (SpaCheckoutDialog *self)
{
  const char *method = selected_method (self);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->amount_row));
  g_autoptr(GError) error = NULL;
  gint64 cents = 0;
  gboolean ok;

  if (g_str_equal (method, "gift_card"))
    {
      if (*text != '\0' && !spa_money_parse (text, &cents))
        {
          spa_widget_show_error (self->error_label, NULL,
                                 _("Enter an amount, such as 45 or 45.50."),
                                 SPA_SHOW_ERROR_PLAIN);
          return FALSE;
        }
      ok = spa_checkout_draft_add_gift_card_payment (self->draft,
                                                     gtk_editable_get_text (
                                                       GTK_EDITABLE (self->code_row)),
                                                     cents, &error);
    }
  else if (!spa_money_parse (text, &cents))
    {
      spa_widget_show_error (self->error_label, NULL, _("Enter an amount, such as 45 or 45.50."),
                             SPA_SHOW_ERROR_PLAIN);
      return FALSE;
    }
  else if (g_str_equal (method, "cash"))
    ok = spa_checkout_draft_add_cash (self->draft, cents, &error);
  else
    ok = spa_checkout_draft_add_payment (self->draft, method, cents, &error);

  spa_widget_show_error (self->error_label, NULL, ok ? NULL : error->message, SPA_SHOW_ERROR_PLAIN);
  if (ok)
    gtk_editable_set_text (GTK_EDITABLE (self->code_row), "");
  return ok;
}

static void
pay_clicked_cb (SpaCheckoutDialog *self)
{
  take_payment (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->amount_row));
}

static void
charge (SpaCheckoutDialog *self)
{
  g_autoptr(GError) error = NULL;
  SpaAccount *account = spa_context_get_account (self->context);
  const char *by = account ? spa_account_get_name (account) : NULL;
  g_autofree char *number = NULL;
  g_autofree char *description = NULL;
  gint64 change;

  if (self->invoice != NULL)
    return;
  self->invoice = spa_checkout_draft_save (self->draft, by, &error);
  if (self->invoice == NULL)
    {
      spa_widget_show_error (self->error_label, NULL, error->message, SPA_SHOW_ERROR_PLAIN);
      return;
    }

  change = spa_checkout_draft_get_change (self->draft);
  if (change > 0)
    {
      g_autofree char *text = money (change);

      /* TRANSLATORS: after a sale; %s is the invoice number, %s the change */
      description = g_strdup_printf (_("Invoice %s · Give back %s in change"),
                                     spa_record_get_string (self->invoice, "number"), text);
    }
  else
    /* TRANSLATORS: after a sale; %s is the invoice number */
    description = g_strdup_printf (_("Invoice %s"), spa_record_get_string (self->invoice,
                                                                           "number"));

  adw_status_page_set_description (self->done_page, description);
  gtk_stack_set_visible_child_name (self->stack, "done");
  gtk_widget_set_visible (GTK_WIDGET (self->charge_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "checkout.save-receipt", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "checkout.print-receipt", TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->done_button));
}

static void
amount_activated_cb (SpaCheckoutDialog *self)
{
  /* Enter takes the payment; Enter with nothing left to pay charges. */
  if (spa_checkout_draft_get_balance (self->draft) > 0)
    take_payment (self);
  else if (gtk_widget_get_sensitive (GTK_WIDGET (self->charge_button)))
    charge (self);
}

static void
charge_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  charge (SPA_CHECKOUT_DIALOG (widget));
}

static void
save_receipt_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SpaCheckoutDialog *self = SPA_CHECKOUT_DIALOG (widget);

  if (self->invoice != NULL)
    spa_receipt_save_dialog (self->context, GTK_WINDOW (self), spa_record_get_id (self->invoice));
}

static void
print_receipt_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SpaCheckoutDialog *self = SPA_CHECKOUT_DIALOG (widget);

  if (self->invoice != NULL)
    spa_receipt_print (self->context, GTK_WINDOW (self), spa_record_get_id (self->invoice));
}

static void
fill_catalog (SpaCheckoutDialog *self)
{
  SpaStore *store = spa_context_get_store (self->context);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  static const char * const kinds[] = { "service", "product", "package" };

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr(GPtrArray) records = spa_store_list_active (store, kinds[k], NULL, NULL);

      for (guint i = 0; records != NULL && i < records->len; i++)
        {
          SpaRecord *record = records->pdata[i];
          CatalogItem *item = g_new0 (CatalogItem, 1);
          g_autofree char *price = money (spa_record_get_int (record, "price_cents", 0));
          /* TRANSLATORS: an item to add at checkout: name, price */
          g_autofree char *label = g_strdup_printf (_("%s — %s"),
                                                    spa_record_get_string (record, "name"), price);

          item->kind = g_strdup (kinds[k]);
          item->id = g_strdup (spa_record_get_id (record));
          g_ptr_array_add (self->catalog, item);
          gtk_string_list_append (labels, label);
        }
    }
  adw_combo_row_set_model (self->add_row, G_LIST_MODEL (labels));
}

static void
spa_checkout_dialog_dispose (GObject *object)
{
  SpaCheckoutDialog *self = SPA_CHECKOUT_DIALOG (object);

  if (self->draft != NULL)
    g_signal_handlers_disconnect_by_data (self->draft, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SPA_TYPE_CHECKOUT_DIALOG);
  g_clear_object (&self->draft);
  g_clear_object (&self->context);
  g_clear_object (&self->invoice);
  g_clear_object (&self->offered_promotion);
  g_clear_pointer (&self->catalog, g_ptr_array_unref);

  G_OBJECT_CLASS (spa_checkout_dialog_parent_class)->dispose (object);
}

static void
spa_checkout_dialog_class_init (SpaCheckoutDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = spa_checkout_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/spa-checkout-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SpaCheckoutDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, SpaCheckoutDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SpaCheckoutDialog, charge_button);
  gtk_widget_class_bind_template_child (widget_class, SpaCheckoutDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, SpaCheckoutDialog, lines_list);
  gtk_widget_class_bind_template_child (widget_class, SpaCheckoutDialog, add_row);
  gtk_widget_class_bind_template_child (widget_class, SpaCheckoutDialog, gift_card_row);
  gtk_widget_class_bind_template_child (widget_class, SpaCheckoutDialog, promotion_row);
  gtk_widget_class_bind_template_child (widget_class, SpaCheckoutDialog, discount_row);
  gtk_widget_class_bind_template_child (widget_class, SpaCheckoutDialog, tip_row);
  gtk_widget_class_bind_template_child (widget_class, SpaCheckoutDialog, totals_list);
  gtk_widget_class_bind_template_child (widget_class, SpaCheckoutDialog, payments_list);
  gtk_widget_class_bind_template_child (widget_class, SpaCheckoutDialog, method_row);
  gtk_widget_class_bind_template_child (widget_class, SpaCheckoutDialog, code_row);
  gtk_widget_class_bind_template_child (widget_class, SpaCheckoutDialog, amount_row);
  gtk_widget_class_bind_template_child (widget_class, SpaCheckoutDialog, warning_label);
  gtk_widget_class_bind_template_child (widget_class, SpaCheckoutDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, SpaCheckoutDialog, adjust_error_label);
  gtk_widget_class_bind_template_child (widget_class, SpaCheckoutDialog, done_page);
  gtk_widget_class_bind_template_child (widget_class, SpaCheckoutDialog, done_button);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, gift_card_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, discount_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, promotion_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, tip_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, method_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, amount_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, pay_clicked_cb);

  gtk_widget_class_install_action (widget_class, "checkout.charge", NULL, charge_action);
  gtk_widget_class_install_action (widget_class, "checkout.save-receipt", NULL,
                                   save_receipt_action);
  gtk_widget_class_install_action (widget_class, "checkout.print-receipt", NULL,
                                   print_receipt_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "checkout.charge", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
spa_checkout_dialog_init (SpaCheckoutDialog *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->catalog = g_ptr_array_new_with_free_func (catalog_item_free);
  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    gtk_string_list_append (labels, spa_money_payment_method_label (methods[i]));
  adw_combo_row_set_model (self->method_row, G_LIST_MODEL (labels));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "checkout.save-receipt", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "checkout.print-receipt", FALSE);
}

/**
 * spa_checkout_dialog_new:
 * @draft: the sale, from a booking or a walk-in
 */
SpaCheckoutDialog *
spa_checkout_dialog_new (SpaContext       *context,
                         SpaCheckoutDraft *draft)
{
  SpaCheckoutDialog *self;
  SpaStore *store = spa_context_get_store (context);
  const char *client_id = spa_checkout_draft_get_client_id (draft);
  SpaRecord *continued = spa_checkout_draft_get_continued (draft);
  g_autofree char *name = NULL;

  g_return_val_if_fail (SPA_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (SPA_IS_CHECKOUT_DRAFT (draft), NULL);

  self = g_object_new (SPA_TYPE_CHECKOUT_DIALOG, NULL);
  self->context = g_object_ref (context);
  self->draft = g_object_ref (draft);
  g_signal_connect_swapped (draft, "changed", G_CALLBACK (draft_changed_cb), self);
  fill_catalog (self);

  if (client_id != NULL)
    {
      g_autoptr(SpaRecord) client = spa_store_get (store, "client", client_id, NULL);

      name = client ? spa_client_dup_display_name (client) : g_strdup ("");
    }
  else
    name = g_strdup (_("Walk-in sale"));

  if (continued != NULL)
    {
      /* TRANSLATORS: the till's subtitle when it takes what is left on an issued
       * invoice: the client, the invoice number */
      g_autofree char *subtitle = g_strdup_printf (_("%s · balance of invoice No. %s"), name,
                                                   spa_record_get_string (continued, "number"));

      adw_window_title_set_subtitle (self->window_title, subtitle);
      /* Nothing is added to an issued invoice: no items, discount or tip. */
      gtk_widget_set_visible (gtk_widget_get_ancestor (GTK_WIDGET (self->add_row),
                                                       ADW_TYPE_PREFERENCES_GROUP), FALSE);
      gtk_widget_set_visible (gtk_widget_get_ancestor (GTK_WIDGET (self->tip_row),
                                                       ADW_TYPE_PREFERENCES_GROUP), FALSE);
    }
  else
    adw_window_title_set_subtitle (self->window_title, name);

  /* A running promotion for the booked service, offered rather than applied. */
  if (continued == NULL && spa_checkout_draft_get_n_lines (draft) > 0)
    {
      const SpaCheckoutLine *line = spa_checkout_draft_get_line (draft, 0);
      g_autoptr(GDateTime) now = spa_context_now (context);
      g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

      if (g_str_equal (line->kind, "service"))
        self->offered_promotion = spa_store_money_promotion_for (store, line->item_id, client_id,
                                                                 today);
      if (self->offered_promotion != NULL)
        {
          /* TRANSLATORS: a promotion that applies at checkout; %s is its name */
          g_autofree char *title = g_strdup_printf (_("%s applies to this visit"),
                                                    spa_record_get_string (self->offered_promotion,
                                                                           "name"));

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->promotion_row), title);
          gtk_widget_set_visible (GTK_WIDGET (self->promotion_row), TRUE);
        }
    }

  refresh (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->amount_row));
  return self;
}

SpaCheckoutDraft *
spa_checkout_dialog_get_draft (SpaCheckoutDialog *self)
{
  g_return_val_if_fail (SPA_IS_CHECKOUT_DIALOG (self), NULL);
  return self->draft;
}

/* Returns: (transfer none) (nullable): the invoice once charged */
SpaRecord *
spa_checkout_dialog_get_invoice (SpaCheckoutDialog *self)
{
  g_return_val_if_fail (SPA_IS_CHECKOUT_DIALOG (self), NULL);
  return self->invoice;
}
