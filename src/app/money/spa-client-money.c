/* spa-client-money.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-client-money"

#include "config.h"

#include <glib/gi18n.h>

#include "spa-client-money.h"
#include "spa-widget-util.h"

/*
 * Purchases, on a client's page (Overview): the packages they hold with the sessions
 * left, the gift cards they bought or paid with and their balances, and their invoices
 * and credit notes. A manager refunds an invoice from here: a credit note for the lines
 * ticked among those not refunded yet (spa_store_money_refund(), which holds the rules).
 */

struct _SpaClientMoney
{
  AdwPreferencesGroup parent_instance;

  /* Template widgets */
  GtkListBox *prepaid_list;
  GtkListBox *invoices_list;
  GtkLabel   *error_label;

  /* Owned */
  SpaContext *context;
  SpaRecord  *client;
  GHashTable *refund_buttons; /* invoice id -> GtkWidget (unowned) */
  guint       reload_id;
};

G_DEFINE_FINAL_TYPE (SpaClientMoney, spa_client_money, ADW_TYPE_PREFERENCES_GROUP)

static char *
local_date (SpaClientMoney *self,
            const char     *utc)
{
  return spa_format_utc_date (utc, spa_context_get_time_zone (self->context));
}

static GtkWidget *
placeholder_row (const char *text)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  gtk_widget_add_css_class (row, "dim-label");
  return row;
}

static GtkWidget *
row_new (const char *title,
         const char *subtitle,
         const char *suffix)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (suffix != NULL)
    {
      GtkWidget *label = gtk_label_new (suffix);

      gtk_widget_add_css_class (label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  return row;
}

static void
fill_packages (SpaClientMoney *self,
               SpaStore       *store,
               GDateTime      *now)
{
  g_autoptr(GPtrArray) held = spa_store_money_client_packages (store,
                                                               spa_record_get_id (self->client),
                                                               NULL);

  for (guint i = 0; held != NULL && i < held->len; i++)
    {
      SpaRecord *package = held->pdata[i];
      g_autoptr(SpaRecord) kind = spa_store_get (store, "package",
                                                 spa_record_get_string (package, "package_id"),
                                                 NULL);
      int left = (int)spa_store_money_sessions_left (store, spa_record_get_id (package));
      int sessions = (int)spa_record_get_int (package, "sessions", 0);
      const char *expires = spa_record_get_string (package, "expires_at");
      g_autoptr(GDateTime) expires_at = expires ? spa_time_parse_utc (expires) : NULL;
      g_autofree char *count = NULL;
      g_autofree char *subtitle = NULL;

      /* TRANSLATORS: a client's package: sessions left of those bought */
      count = g_strdup_printf (ngettext ("%d of %d session left",
                                       "%d of %d sessions left", (gulong)left),
                               left, sessions);
      if (expires_at != NULL)
        {
          g_autofree char *date = local_date (self, expires);

          subtitle = g_date_time_compare (expires_at, now) < 0
                     /* TRANSLATORS: sessions left, then the date the package expired */
                     ? g_strdup_printf (_("%s · expired on %s"), count, date)
                     /* TRANSLATORS: sessions left, then the date the package expires */
                     : g_strdup_printf (_("%s · expires on %s"), count, date);
        }
      gtk_list_box_append (self->prepaid_list,
                           row_new (kind ? spa_record_get_string (kind, "name") : _("Package"),
                                    subtitle ? subtitle : count, NULL));
    }
}

static void
fill_gift_cards (SpaClientMoney *self,
                 SpaStore       *store)
{
  g_autoptr(GPtrArray) cards = spa_store_money_client_gift_cards (store,
                                                                  spa_record_get_id (self->client),
                                                                  NULL);

  for (guint i = 0; cards != NULL && i < cards->len; i++)
    {
      SpaRecord *card = cards->pdata[i];
      gint64 left = spa_store_money_gift_card_balance (store, spa_record_get_id (card));
      g_autofree char *balance = spa_format_money (left, NULL);
      g_autofree char *initial = spa_format_money (spa_record_get_int (card, "initial_cents", 0),
                                                   NULL);
      /* TRANSLATORS: a gift card's balance and its first amount, e.g. "$60.00 left of $100.00" */
      g_autofree char *subtitle = g_strdup_printf (_("%s left of %s"), balance, initial);
      /* TRANSLATORS: a gift card, by its code */
      g_autofree char *title = g_strdup_printf (_("Gift card %s"),
                                                spa_record_get_string (card, "code"));

      gtk_list_box_append (self->prepaid_list, row_new (title, subtitle, balance));
    }
}

static void refund_clicked_cb (GtkButton *button, SpaClientMoney *self);

static void
fill_invoices (SpaClientMoney *self,
               SpaStore       *store)
{
  g_autoptr(GPtrArray) invoices = spa_store_money_client_invoices (store,
                                                                   spa_record_get_id (self->client),
                                                                   NULL);
  gboolean may_refund = spa_role_may_refund (spa_context_get_role (self->context));

  for (guint i = 0; invoices != NULL && i < invoices->len; i++)
    {
      SpaRecord *invoice = invoices->pdata[i];
      const char *id = spa_record_get_id (invoice);
      const char *number = spa_record_get_string (invoice, "number");
      gboolean refund = g_strcmp0 (spa_record_get_string (invoice, "kind"), "refund") == 0;
      g_autofree char *date = local_date (self, spa_record_get_string (invoice, "issued_at"));
      g_autofree char *total = spa_format_money (spa_record_get_int (invoice, "total_cents", 0),
                                                 NULL);
      /* TRANSLATORS: an invoice or a credit note, by its number */
      g_autofree char *title = refund ? g_strdup_printf (_("Credit note %s"), number)
                                      : g_strdup_printf (_("Invoice %s"), number);
      const char *previous = spa_record_get_string (invoice, "previous_number");
      g_autofree char *subtitle = NULL;
      GtkWidget *row;

      if (spa_str_empty (previous))
        subtitle = g_strdup (date);
      else
        /* TRANSLATORS: an invoice's date, and the number it bore before sync numbered it again */
        subtitle = g_strdup_printf (_("%s · first issued as %s"), date, previous);
      row = row_new (title, subtitle, total);

      if (!refund)
        {
          g_autoptr(GPtrArray) open = spa_store_money_refundable_lines (store, id, NULL);

          if (open != NULL && open->len == 0)
            {
              GtkWidget *tag = gtk_label_new (_("Refunded"));

              gtk_widget_add_css_class (tag, "dim-label");
              adw_action_row_add_suffix (ADW_ACTION_ROW (row), tag);
            }
          else if (may_refund && open != NULL)
            {
              GtkWidget *button = gtk_button_new_with_mnemonic (_("_Refund…"));
              /* TRANSLATORS: a button's accessible name: refund the invoice numbered %s */
              g_autofree char *label = g_strdup_printf (_("Refund invoice %s"), number);

              gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
              gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                              GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
              g_object_set_data_full (G_OBJECT (button), "invoice-id", g_strdup (id), g_free);
              g_signal_connect (button, "clicked", G_CALLBACK (refund_clicked_cb), self);
              adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
              g_hash_table_insert (self->refund_buttons, g_strdup (id), button);
            }
        }
      gtk_list_box_append (self->invoices_list, row);
    }
  if (invoices == NULL || invoices->len == 0)
    gtk_list_box_append (self->invoices_list, placeholder_row (_("No purchases yet.")));
}

static void
reload (SpaClientMoney *self)
{
  SpaStore *store;
  g_autoptr(GDateTime) now = NULL;

  spa_list_box_remove_all (self->prepaid_list);
  spa_list_box_remove_all (self->invoices_list);
  g_hash_table_remove_all (self->refund_buttons);
  if (self->context == NULL || self->client == NULL)
    return;

  store = spa_context_get_store (self->context);
  now = spa_context_now (self->context);
  fill_packages (self, store, now);
  fill_gift_cards (self, store);
  fill_invoices (self, store);
  /* Packages and gift cards only for a client who has some. */
  gtk_widget_set_visible (GTK_WIDGET (self->prepaid_list),
                          gtk_widget_get_first_child (GTK_WIDGET (self->prepaid_list)) != NULL);
}

/* How the money goes back: the way the client paid, when it is one the till takes back
 * (what a package or gift card paid goes back on it whatever this is), else card. */
static const char *
refund_method (GPtrArray *payments)
{
  static const char * const methods[] = { "card", "cash", "e_transfer", "other", NULL };

  /* A static string: the dialog keeps it after @payments is gone. */
  for (guint i = 0; payments != NULL && i < payments->len; i++)
    for (guint j = 0; methods[j] != NULL; j++)
      if (g_strcmp0 (spa_record_get_string (payments->pdata[i], "method"), methods[j]) == 0)
        return methods[j];
  return methods[0];
}

static void
refund_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    SpaClientMoney   *self)
{
  const char *invoice_id = g_object_get_data (G_OBJECT (dialog), "invoice-id");
  const char *method = g_object_get_data (G_OBJECT (dialog), "method");
  SpaStore *store = spa_context_get_store (self->context);
  SpaAccount *account = spa_context_get_account (self->context);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(SpaRecord) refund = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *checks = g_object_get_data (G_OBJECT (dialog), "checks");

  if (!g_str_equal (response, "refund"))
    return;

  /* The lines the manager left ticked (all of them unless they untick some). */
  for (guint i = 0; i < checks->len; i++)
    if (gtk_check_button_get_active (checks->pdata[i]))
      g_ptr_array_add (ids, g_object_get_data (G_OBJECT (checks->pdata[i]), "line-id"));
  g_ptr_array_add (ids, NULL);
  refund = spa_store_money_refund (store, spa_context_get_role (self->context), invoice_id,
                                   (const char * const *)ids->pdata, method,
                                   account ? spa_account_get_name (account) : NULL, &error);
  spa_widget_show_error (self->error_label, NULL, refund == NULL ? error->message : NULL,
                         SPA_SHOW_ERROR_PLAIN);
  reload (self);
}

/* The body says what the ticked lines come to; with none ticked, nothing to refund. */
static void
update_refund_body (AdwMessageDialog *dialog)
{
  GPtrArray *checks = g_object_get_data (G_OBJECT (dialog), "checks");
  const char *method = g_object_get_data (G_OBJECT (dialog), "method");
  g_autofree char *amount = NULL;
  g_autofree char *body = NULL;
  gint64 cents = 0;
  guint ticked = 0;

  for (guint i = 0; i < checks->len; i++)
    if (gtk_check_button_get_active (checks->pdata[i]))
      {
        cents += GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (checks->pdata[i]), "cents"));
        ticked++;
      }
  amount = spa_format_money (cents, NULL);
  /* TRANSLATORS: the amount, then how it goes back ("Card", "Cash", …) */
  body = g_strdup_printf (_("A credit note for %s is issued for the lines ticked, paid back "
                            "by: %s. Products go back in stock; what a package or a gift card "
                            "paid goes back on it."),
                          amount, spa_money_payment_method_label (method));
  adw_message_dialog_set_body (dialog, body);
  adw_message_dialog_set_response_enabled (dialog, "refund", ticked > 0);
}

static void
refund_line_toggled_cb (GtkCheckButton   *check,
                        AdwMessageDialog *dialog)
{
  update_refund_body (dialog);
}

static void
refund_clicked_cb (GtkButton      *button,
                   SpaClientMoney *self)
{
  const char *invoice_id = g_object_get_data (G_OBJECT (button), "invoice-id");
  SpaStore *store = spa_context_get_store (self->context);
  g_autoptr(SpaRecord) invoice = spa_store_get (store, "invoice", invoice_id, NULL);
  g_autoptr(GPtrArray) lines = spa_store_money_refundable_lines (store, invoice_id, NULL);
  g_autoptr(GPtrArray) payments = spa_store_money_payments (store, invoice_id, NULL);
  GPtrArray *checks;
  g_autofree char *heading = NULL;
  GtkWidget *dialog;
  GtkWidget *list;

  if (invoice == NULL || lines == NULL)
    return;

  /* TRANSLATORS: %s is the invoice number */
  heading = g_strdup_printf (_("Refund Invoice %s?"), spa_record_get_string (invoice, "number"));
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), heading,
                                   NULL);

  /* One ticked row a line left to refund: the manager unticks what stays sold. */
  checks = g_ptr_array_new ();
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  for (guint i = 0; i < lines->len; i++)
    {
      SpaRecord *line = lines->pdata[i];
      gint64 cents = spa_record_get_int (line, "total_cents", 0);
      g_autofree char *amount = spa_format_money (cents, NULL);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     spa_record_get_string (line, "description"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), amount);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      spa_record_get_string (line, "description"), -1);
      g_object_set_data_full (G_OBJECT (check), "line-id", g_strdup (spa_record_get_id (line)),
                              g_free);
      g_object_set_data (G_OBJECT (check), "cents", GSIZE_TO_POINTER ((gsize)cents));
      g_object_set_data (G_OBJECT (row), "check", check);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
      g_signal_connect_object (check, "toggled", G_CALLBACK (refund_line_toggled_cb), dialog, 0);
      g_ptr_array_add (checks, check);
    }
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "refund", _("_Refund"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "refund",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "refund");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "invoice-id", g_strdup (invoice_id), g_free);
  g_object_set_data (G_OBJECT (dialog), "method", (gpointer)refund_method (payments));
  g_object_set_data_full (G_OBJECT (dialog), "checks", checks,
                          (GDestroyNotify)g_ptr_array_unref);
  update_refund_body (ADW_MESSAGE_DIALOG (dialog));
  g_signal_connect_object (dialog, "response", G_CALLBACK (refund_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
reload_cb (gpointer data)
{
  SpaClientMoney *self = data;

  self->reload_id = 0;
  reload (self);
  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (SpaClientMoney *self,
                  const char     *entity)
{
  static const char * const money[] = {
    "invoice", "invoice_line", "payment", "gift_card", "client_package", "package", NULL
  };

  if (self->reload_id == 0 && entity != NULL && g_strv_contains (money, entity))
    self->reload_id = g_idle_add_full (G_PRIORITY_DEFAULT, reload_cb, self, NULL);
}

static void
spa_client_money_dispose (GObject *object)
{
  SpaClientMoney *self = SPA_CLIENT_MONEY (object);

  g_clear_handle_id (&self->reload_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), SPA_TYPE_CLIENT_MONEY);
  g_clear_pointer (&self->refund_buttons, g_hash_table_unref);
  g_clear_object (&self->context);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (spa_client_money_parent_class)->dispose (object);
}

static void
spa_client_money_class_init (SpaClientMoneyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = spa_client_money_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/spa-client-money.ui");
  gtk_widget_class_bind_template_child (widget_class, SpaClientMoney, prepaid_list);
  gtk_widget_class_bind_template_child (widget_class, SpaClientMoney, invoices_list);
  gtk_widget_class_bind_template_child (widget_class, SpaClientMoney, error_label);
}

static void
spa_client_money_init (SpaClientMoney *self)
{
  self->refund_buttons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
spa_client_money_set_context (SpaClientMoney *self,
                              SpaContext     *context)
{
  g_return_if_fail (SPA_IS_CLIENT_MONEY (self));
  g_return_if_fail (self->context == NULL);

  self->context = g_object_ref (context);
  g_signal_connect_object (spa_context_get_store (context), "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (context, "notify::account", G_CALLBACK (reload), self,
                           G_CONNECT_SWAPPED);
  reload (self);
}

void
spa_client_money_set_client (SpaClientMoney *self,
                             SpaRecord      *client)
{
  g_return_if_fail (SPA_IS_CLIENT_MONEY (self));

  g_set_object (&self->client, client);
  spa_widget_show_error (self->error_label, NULL, NULL, SPA_SHOW_ERROR_PLAIN);
  reload (self);
}

/**
 * spa_client_money_get_refund_button:
 *
 * Returns: (transfer none) (nullable): the Refund button of @invoice_id's row, shown
 *   to a manager while something of it is left to refund
 */
GtkWidget *
spa_client_money_get_refund_button (SpaClientMoney *self,
                                    const char     *invoice_id)
{
  g_return_val_if_fail (SPA_IS_CLIENT_MONEY (self), NULL);
  return g_hash_table_lookup (self->refund_buttons, invoice_id);
}
