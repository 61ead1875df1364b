/* spa-checkout-draft.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-checkout-draft"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "spa-checkout-draft.h"
#include "spa-error.h"
#include "spa-format.h"
#include "spa-money.h"
#include "spa-store-money.h"
#include "spa-store.h"
#include "spa-util.h"

/*
 * A checkout being made at the till: lines, discount, tip and payments, with every
 * amount computed by the money rules (spa-money.c) each time something changes. The
 * checkout dialog shows what this says; the demo and the benchmark's generator use it
 * too; spa_checkout_draft_save() writes the invoice, its lines, payments, stock
 * movements, gift cards and packages sold, in one transaction.
 *
 * How amounts are computed, in order:
 * 1. each line's gross is quantity × unit price;
 * 2. the discount (an amount, a percentage of the eligible lines, or a promotion's)
 *    is shared out over the eligible lines in proportion to their gross
 *    (spa_money_allocate(): exact to the cent); gift cards sold and services paid by a
 *    package take no discount;
 * 3. each tax rate that applies to a line (a product's own list if it has one, else
 *    the rate's kinds: service, product; a package sold counts as a service) is
 *    computed on the line's gross less its discount and rounded to the cent, half away
 *    from zero (spa_money_tax()); the line's tax is the sum over its rates; a gift card
 *    sold and a service paid by a package (taxed when the package was sold) carry none;
 * 4. the invoice's tax is the sum of its lines' taxes, its total the subtotal less the
 *    discount plus taxes and tip.
 */

struct _SpaCheckoutDraft
{
  GObject parent_instance;

  /* Owned */
  SpaStore  *store;
  char      *client_id;
  char      *booking_id;
  char      *date;
  GPtrArray *lines;        /* SpaCheckoutLine */
  GPtrArray *payments;     /* SpaCheckoutPayment, those the person added */
  GPtrArray *rates;        /* SpaRecord tax_rate */
  SpaRecord *promotion;
  char      *discount_label;
  SpaRecord *continued;    /* the issued invoice whose balance this takes, or NULL */
  gint64     paid_before;  /* what its stored payments came to */

  SpaDiscountKind discount_kind;
  gint64     discount_value;
  gint64     tip;
  gint64     subtotal;
  gint64     discount;
  gint64     tax;
};

G_DEFINE_FINAL_TYPE (SpaCheckoutDraft, spa_checkout_draft, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
line_free (gpointer data)
{
  SpaCheckoutLine *line = data;

  g_free (line->kind);
  g_free (line->item_id);
  g_free (line->therapist_id);
  g_free (line->description);
  g_free (line->client_package_id);
  g_free (line->gift_card_code);
  g_free (line->tax_by_rate);
  g_free (line);
}

static void
payment_free (gpointer data)
{
  SpaCheckoutPayment *payment = data;

  g_free (payment->method);
  g_free (payment->gift_card_id);
  g_free (payment->client_package_id);
  g_free (payment);
}

static void
spa_checkout_draft_finalize (GObject *object)
{
  SpaCheckoutDraft *self = SPA_CHECKOUT_DRAFT (object);

  g_clear_object (&self->store);
  g_clear_object (&self->promotion);
  g_clear_object (&self->continued);
  g_clear_pointer (&self->lines, g_ptr_array_unref);
  g_clear_pointer (&self->payments, g_ptr_array_unref);
  g_clear_pointer (&self->rates, g_ptr_array_unref);
  g_free (self->client_id);
  g_free (self->booking_id);
  g_free (self->date);
  g_free (self->discount_label);

  G_OBJECT_CLASS (spa_checkout_draft_parent_class)->finalize (object);
}

static void
spa_checkout_draft_class_init (SpaCheckoutDraftClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = spa_checkout_draft_finalize;

  /**
   * SpaCheckoutDraft::changed:
   *
   * Lines, discount, tip or payments changed, and every amount was computed again.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
spa_checkout_draft_init (SpaCheckoutDraft *self)
{
  self->lines = g_ptr_array_new_with_free_func (line_free);
  self->payments = g_ptr_array_new_with_free_func (payment_free);
}

static gboolean
applies (SpaRecord             *rate,
         const SpaCheckoutLine *line,
         SpaRecord             *product)
{
  const char *kind = g_str_equal (line->kind, "package") ? "service" : line->kind;
  g_auto(GStrv) kinds = NULL;

  if (product != NULL && spa_record_has_value (product, "tax_rate_ids"))
    {
      g_auto(GStrv) ids = spa_record_get_strv (product, "tax_rate_ids");

      return g_strv_contains ((const char * const *)ids, spa_record_get_id (rate));
    }

  kinds = spa_record_get_strv (rate, "applies_to");
  return g_strv_contains ((const char * const *)kinds, kind);
}

static gboolean
is_discountable (const SpaCheckoutLine *line)
{
  return !g_str_equal (line->kind, "gift_card") && line->client_package_id == NULL;
}

static gboolean
promotion_covers (SpaRecord             *promotion,
                  const SpaCheckoutLine *line)
{
  g_auto(GStrv) ids = NULL;

  if (!g_str_equal (line->kind, "service"))
    return FALSE;
  ids = spa_record_get_strv (promotion, "service_ids");
  return ids[0] == NULL || g_strv_contains ((const char * const *)ids, line->item_id);
}

/* Package payments follow the lines they pay for: one per covered line, at its price. */
static void
package_payments (SpaCheckoutDraft *self,
                  GPtrArray        *out)
{
  for (guint i = 0; i < self->lines->len; i++)
    {
      SpaCheckoutLine *line = self->lines->pdata[i];
      SpaCheckoutPayment *payment;

      if (line->client_package_id == NULL)
        continue;
      payment = g_new0 (SpaCheckoutPayment, 1);
      payment->method = g_strdup ("package");
      payment->amount_cents = line->total_cents;
      payment->tendered_cents = -1;
      payment->client_package_id = g_strdup (line->client_package_id);
      g_ptr_array_add (out, payment);
    }
}

static void
recompute (SpaCheckoutDraft *self)
{
  guint n = self->lines->len;

  /* An issued invoice's lines and totals are what was stored. */
  if (self->continued != NULL)
    {
      g_signal_emit (self, signals[CHANGED], 0);
      return;
    }

  g_autofree gint64 *weights = g_new0 (gint64, MAX (n, 1));
  g_autofree gint64 *shares = g_new0 (gint64, MAX (n, 1));
  gint64 eligible = 0;
  gint64 discount = 0;

  self->subtotal = 0;
  for (guint i = 0; i < n; i++)
    {
      SpaCheckoutLine *line = self->lines->pdata[i];
      gint64 gross = line->quantity * line->unit_price_cents;

      self->subtotal += gross;
      if (is_discountable (line) &&
          (self->discount_kind != SPA_DISCOUNT_PROMOTION || promotion_covers (self->promotion,
                                                                              line)))
        weights[i] = gross;
      eligible += weights[i];
    }

  switch (self->discount_kind)
    {
    case SPA_DISCOUNT_AMOUNT:
      discount = MIN (self->discount_value, eligible);
      break;
    case SPA_DISCOUNT_PERCENT:
      discount = spa_money_percent_off (eligible, self->discount_value);
      break;
    case SPA_DISCOUNT_PROMOTION:
      if (g_strcmp0 (spa_record_get_string (self->promotion, "kind"), "percent") == 0)
        discount = spa_money_percent_off (eligible, spa_record_get_int (self->promotion, "value",
                                                                        0));
      else
        discount = MIN (spa_record_get_int (self->promotion, "value", 0), eligible);
      break;
    case SPA_DISCOUNT_NONE:
    default:
      discount = 0;
      break;
    }
  spa_money_allocate (discount, weights, n, shares);
  self->discount = discount;

  self->tax = 0;
  for (guint i = 0; i < n; i++)
    {
      SpaCheckoutLine *line = self->lines->pdata[i];
      g_autoptr(SpaRecord) product = NULL;
      gint64 taxable;

      line->discount_cents = shares[i];
      taxable = line->quantity * line->unit_price_cents - line->discount_cents;
      line->tax_cents = 0;
      g_free (line->tax_by_rate);
      line->tax_by_rate = g_new0 (gint64, MAX (self->rates->len, 1));

      if (g_str_equal (line->kind, "product"))
        product = spa_store_get (self->store, "product", line->item_id, NULL);

      if (!g_str_equal (line->kind, "gift_card") && line->client_package_id == NULL)
        for (guint r = 0; r < self->rates->len; r++)
          if (applies (self->rates->pdata[r], line, product))
            {
              line->tax_by_rate[r] =
                spa_money_tax (taxable, spa_record_get_int (self->rates->pdata[r], "rate_bp", 0));
              line->tax_cents += line->tax_by_rate[r];
            }

      line->total_cents = taxable + line->tax_cents;
      self->tax += line->tax_cents;
    }

  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * spa_checkout_draft_new:
 * @store: the store the sale will be saved to
 *
 * A walk-in sale, with the spa's active tax rates.
 */
SpaCheckoutDraft *
spa_checkout_draft_new (SpaStore *store)
{
  SpaCheckoutDraft *self;
  g_autofree char *now = NULL;

  g_return_val_if_fail (SPA_IS_STORE (store), NULL);

  self = g_object_new (SPA_TYPE_CHECKOUT_DRAFT, NULL);
  self->store = g_object_ref (store);
  self->rates = spa_store_money_tax_rates (store, NULL);
  if (self->rates == NULL)
    self->rates = g_ptr_array_new_with_free_func (g_object_unref);
  now = spa_store_now_utc (store);
  self->date = g_strndup (now, 10);
  return self;
}

static SpaCheckoutLine *
line_new (const char *kind,
          const char *item_id,
          const char *description,
          gint64      quantity,
          gint64      unit_price)
{
  SpaCheckoutLine *line = g_new0 (SpaCheckoutLine, 1);

  line->kind = g_strdup (kind);
  line->item_id = g_strdup (item_id);
  line->description = g_strdup (description);
  line->quantity = quantity;
  line->unit_price_cents = unit_price;
  return line;
}

static SpaRecord *
get_active (SpaStore    *store,
            const char  *entity,
            const char  *id,
            const char  *field,
            GError     **error)
{
  g_autoptr(SpaRecord) record = spa_store_get (store, entity, id, NULL);

  if (record == NULL || spa_record_get_deleted (record))
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_UNKNOWN_REFERENCE, field,
                                _("This no longer exists. It may have been removed on "
                                  "another desk; choose another."));
      return NULL;
    }
  return g_steal_pointer (&record);
}

/* An issued invoice never changes: a line added to it is refused here, a discount or a
 * tip set on it by the save (save_balance()); only its balance can be paid (the till
 * offers nothing else either). */
static gboolean
refuse_if_issued (SpaCheckoutDraft  *self,
                  GError           **error)
{
  if (self->continued == NULL)
    return FALSE;
  spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, "lines",
                            _("This invoice was issued: only its balance can be paid. "
                              "Ring up anything else as a new sale."));
  return TRUE;
}

static gboolean
add_service_at (SpaCheckoutDraft  *self,
                const char        *service_id,
                const char        *therapist_id,
                gint64             price,
                GError           **error)
{
  g_autoptr(SpaRecord) service = get_active (self->store, "service", service_id, "lines", error);
  SpaCheckoutLine *line;

  if (service == NULL)
    return FALSE;
  if (price < 0)
    price = spa_record_get_int (service, "price_cents", 0);
  line = line_new ("service", service_id, spa_record_get_string (service, "name"), 1, price);
  line->therapist_id = g_strdup (therapist_id);
  g_ptr_array_add (self->lines, line);
  recompute (self);
  return TRUE;
}

/* The rest of an issued invoice's balance: its stored lines and totals, shown as they
 * were issued; only payments can be added. */
static SpaCheckoutDraft *
continue_invoice (SpaStore   *store,
                  SpaRecord  *invoice,
                  GError    **error)
{
  g_autoptr(SpaCheckoutDraft) self = spa_checkout_draft_new (store);
  g_autoptr(GPtrArray) lines = spa_store_money_lines (store, spa_record_get_id (invoice), error);

  if (lines == NULL)
    return NULL;
  self->continued = g_object_ref (invoice);
  self->booking_id = g_strdup (spa_record_get_string (invoice, "booking_id"));
  self->client_id = g_strdup (spa_record_get_string (invoice, "client_id"));
  for (guint i = 0; i < lines->len; i++)
    {
      SpaRecord *stored = lines->pdata[i];
      SpaCheckoutLine *line;

      /* The discount is in the other lines' discount_cents, and in the totals. */
      if (g_strcmp0 (spa_record_get_string (stored, "kind"), "discount") == 0)
        continue;
      line = line_new (spa_record_get_string (stored, "kind"),
                       spa_record_get_string (stored, "item_id"),
                       spa_record_get_string (stored, "description"),
                       spa_record_get_int (stored, "quantity", 1),
                       spa_record_get_int (stored, "unit_price_cents", 0));
      line->therapist_id = g_strdup (spa_record_get_string (stored, "therapist_id"));
      line->discount_cents = spa_record_get_int (stored, "discount_cents", 0);
      line->tax_cents = spa_record_get_int (stored, "tax_cents", 0);
      line->total_cents = spa_record_get_int (stored, "total_cents", 0);
      g_ptr_array_add (self->lines, line);
    }
  self->subtotal = spa_record_get_int (invoice, "subtotal_cents", 0);
  self->discount = spa_record_get_int (invoice, "discount_cents", 0);
  self->tax = spa_record_get_int (invoice, "tax_cents", 0);
  self->tip = spa_record_get_int (invoice, "tip_cents", 0);
  self->paid_before = spa_store_money_paid (store, spa_record_get_id (invoice));
  return g_steal_pointer (&self);
}

/**
 * spa_checkout_draft_new_for_booking:
 *
 * A checkout of a booking: its client, and its service at the booking's price (the
 * service's when the booking has none) with its therapist. When an issued sale of the
 * booking still has a balance due (spa_store_money_booking_invoice_due()), the
 * checkout continues that invoice instead: its lines as issued, and payments only
 * (spa_checkout_draft_get_continued()).
 */
SpaCheckoutDraft *
spa_checkout_draft_new_for_booking (SpaStore    *store,
                                    const char  *booking_id,
                                    GError     **error)
{
  g_autoptr(SpaCheckoutDraft) self = NULL;
  g_autoptr(SpaRecord) booking = NULL;
  g_autoptr(SpaRecord) continued = NULL;
  g_autofree char *date = NULL;

  booking = get_active (store, "booking", booking_id, "booking_id", error);
  if (booking == NULL)
    return NULL;

  continued = spa_store_money_booking_invoice_due (store, booking_id);
  if (continued != NULL)
    return continue_invoice (store, continued, error);

  self = spa_checkout_draft_new (store);
  self->booking_id = g_strdup (booking_id);
  self->client_id = g_strdup (spa_record_get_string (booking, "client_id"));
  g_free (self->date);
  self->date = g_strndup (spa_record_get_string (booking, "starts_at"), 10);
  if (!add_service_at (self, spa_record_get_string (booking, "service_id"),
                       spa_record_get_string (booking, "therapist_id"),
                       spa_record_has_value (booking, "price_cents")
                       ? spa_record_get_int (booking, "price_cents", 0) : -1,
                       error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * spa_checkout_draft_get_continued:
 *
 * Returns: (transfer none) (nullable): the issued invoice whose balance this checkout
 *   takes, or %NULL for a new sale
 */
SpaRecord *
spa_checkout_draft_get_continued (SpaCheckoutDraft *self)
{
  g_return_val_if_fail (SPA_IS_CHECKOUT_DRAFT (self), NULL);
  return self->continued;
}

SpaStore *
spa_checkout_draft_get_store (SpaCheckoutDraft *self)
{
  g_return_val_if_fail (SPA_IS_CHECKOUT_DRAFT (self), NULL);
  return self->store;
}

const char *
spa_checkout_draft_get_client_id (SpaCheckoutDraft *self)
{
  g_return_val_if_fail (SPA_IS_CHECKOUT_DRAFT (self), NULL);
  return self->client_id;
}

void
spa_checkout_draft_set_client_id (SpaCheckoutDraft *self,
                                  const char       *client_id)
{
  g_return_if_fail (SPA_IS_CHECKOUT_DRAFT (self));

  g_free (self->client_id);
  self->client_id = spa_str_empty (client_id) ? NULL : g_strdup (client_id);
  recompute (self);
}

const char *
spa_checkout_draft_get_booking_id (SpaCheckoutDraft *self)
{
  g_return_val_if_fail (SPA_IS_CHECKOUT_DRAFT (self), NULL);
  return self->booking_id;
}

/* The spa's date of the sale (YYYY-MM-DD): promotions' date ranges. */
void
spa_checkout_draft_set_date (SpaCheckoutDraft *self,
                             const char       *date)
{
  g_return_if_fail (SPA_IS_CHECKOUT_DRAFT (self));
  g_return_if_fail (date != NULL);

  g_free (self->date);
  self->date = g_strdup (date);
}

guint
spa_checkout_draft_get_n_lines (SpaCheckoutDraft *self)
{
  g_return_val_if_fail (SPA_IS_CHECKOUT_DRAFT (self), 0);
  return self->lines->len;
}

const SpaCheckoutLine *
spa_checkout_draft_get_line (SpaCheckoutDraft *self,
                             guint             index)
{
  g_return_val_if_fail (SPA_IS_CHECKOUT_DRAFT (self), NULL);
  g_return_val_if_fail (index < self->lines->len, NULL);
  return self->lines->pdata[index];
}

gboolean
spa_checkout_draft_add_service (SpaCheckoutDraft  *self,
                                const char        *service_id,
                                const char        *therapist_id,
                                GError           **error)
{
  g_return_val_if_fail (SPA_IS_CHECKOUT_DRAFT (self), FALSE);
  if (refuse_if_issued (self, error))
    return FALSE;
  return add_service_at (self, service_id, therapist_id, -1, error);
}

gboolean
spa_checkout_draft_add_product (SpaCheckoutDraft  *self,
                                const char        *product_id,
                                gint64             quantity,
                                GError           **error)
{
  g_autoptr(SpaRecord) product = NULL;

  g_return_val_if_fail (SPA_IS_CHECKOUT_DRAFT (self), FALSE);
  if (refuse_if_issued (self, error))
    return FALSE;

  product = get_active (self->store, "product", product_id, "lines", error);
  if (product == NULL)
    return FALSE;
  if (quantity < 1 || quantity > 10000)
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, "quantity",
                                _("The quantity is from 1 to 10 000."));
      return FALSE;
    }

  /* The same product again adds to its line. */
  for (guint i = 0; i < self->lines->len; i++)
    {
      SpaCheckoutLine *line = self->lines->pdata[i];

      if (g_str_equal (line->kind, "product") && g_strcmp0 (line->item_id, product_id) == 0)
        return spa_checkout_draft_set_quantity (self, i, line->quantity + quantity, error);
    }

  g_ptr_array_add (self->lines, line_new ("product", product_id,
                                          spa_record_get_string (product, "name"), quantity,
                                          spa_record_get_int (product, "price_cents", 0)));
  recompute (self);
  return TRUE;
}

gboolean
spa_checkout_draft_add_package (SpaCheckoutDraft  *self,
                                const char        *package_id,
                                GError           **error)
{
  g_autoptr(SpaRecord) package = NULL;

  g_return_val_if_fail (SPA_IS_CHECKOUT_DRAFT (self), FALSE);
  if (refuse_if_issued (self, error))
    return FALSE;

  package = get_active (self->store, "package", package_id, "lines", error);
  if (package == NULL)
    return FALSE;
  g_ptr_array_add (self->lines, line_new ("package", package_id,
                                          spa_record_get_string (package, "name"), 1,
                                          spa_record_get_int (package, "price_cents", 0)));
  recompute (self);
  return TRUE;
}

/**
 * spa_checkout_draft_add_gift_card:
 * @amount_cents: what the card holds
 * @code: (nullable): the code printed on a card at hand, or %NULL to make one
 */
gboolean
spa_checkout_draft_add_gift_card (SpaCheckoutDraft  *self,
                                  gint64             amount_cents,
                                  const char        *code,
                                  GError           **error)
{
  SpaCheckoutLine *line;
  g_autofree char *made = NULL;
  g_autofree char *description = NULL;
  g_autoptr(SpaRecord) existing = NULL;

  g_return_val_if_fail (SPA_IS_CHECKOUT_DRAFT (self), FALSE);
  if (refuse_if_issued (self, error))
    return FALSE;

  if (amount_cents < 100 || amount_cents > 1000000)
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, "gift_card",
                                _("A gift card holds from $1 to $10,000."));
      return FALSE;
    }
  if (spa_str_empty (code))
    code = made = spa_money_gift_card_code_new ();
  existing = spa_store_money_find_gift_card (self->store, code);
  if (existing != NULL)
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, "gift_card",
                                _("Another gift card has this code."));
      return FALSE;
    }

  /* TRANSLATORS: a line of a receipt; %s is the card's code */
  description = g_strdup_printf (_("Gift card %s"), code);
  line = line_new ("gift_card", NULL, description, 1, amount_cents);
  line->gift_card_code = g_ascii_strup (code, -1);
  g_ptr_array_add (self->lines, line);
  recompute (self);
  return TRUE;
}

void
spa_checkout_draft_remove_line (SpaCheckoutDraft *self,
                                guint             index)
{
  g_return_if_fail (SPA_IS_CHECKOUT_DRAFT (self));
  g_return_if_fail (index < self->lines->len);
  /* An issued invoice keeps its lines (refuse_if_issued()). */
  g_return_if_fail (self->continued == NULL);

  g_ptr_array_remove_index (self->lines, index);
  recompute (self);
}

gboolean
spa_checkout_draft_set_quantity (SpaCheckoutDraft  *self,
                                 guint              index,
                                 gint64             quantity,
                                 GError           **error)
{
  SpaCheckoutLine *line;

  g_return_val_if_fail (SPA_IS_CHECKOUT_DRAFT (self), FALSE);
  g_return_val_if_fail (index < self->lines->len, FALSE);
  if (refuse_if_issued (self, error))
    return FALSE;

  line = self->lines->pdata[index];
  if (quantity < 1 || quantity > 10000 || (!g_str_equal (line->kind, "product") && quantity != 1))
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, "quantity",
                                g_str_equal (line->kind, "product")
                                ? _("The quantity is from 1 to 10 000.")
                                : _("Add the item again for another one."));
      return FALSE;
    }
  line->quantity = quantity;
  recompute (self);
  return TRUE;
}

static gboolean
package_usable (SpaCheckoutDraft       *self,
                SpaRecord              *held,
                const SpaCheckoutLine  *line,
                guint                   skip_index,
                GError                **error)
{
  g_autoptr(SpaRecord) package = NULL;
  g_auto(GStrv) services = NULL;
  const char *expires = spa_record_get_string (held, "expires_at");
  gint64 left;

  if (g_strcmp0 (spa_record_get_string (held, "client_id"), self->client_id) != 0)
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, "package",
                                _("This package belongs to another client."));
      return FALSE;
    }
  if (!spa_str_empty (expires) && g_strcmp0 (self->date, expires) > 0)
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, "package",
                                _("This package has expired."));
      return FALSE;
    }

  left = spa_store_money_sessions_left (self->store, spa_record_get_id (held));
  for (guint i = 0; i < self->lines->len; i++)
    {
      SpaCheckoutLine *other = self->lines->pdata[i];

      if (i != skip_index && g_strcmp0 (other->client_package_id, spa_record_get_id (held)) == 0)
        left--;
    }
  if (left < 1)
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, "package",
                                _("This package has no sessions left."));
      return FALSE;
    }

  package = spa_store_get (self->store, "package", spa_record_get_string (held, "package_id"),
                           NULL);
  services = package != NULL ? spa_record_get_strv (package, "service_ids") : NULL;
  if (!g_str_equal (line->kind, "service") ||
      (services != NULL && services[0] != NULL &&
       !g_strv_contains ((const char * const *)services, line->item_id)))
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, "package",
                                _("This package does not cover this service."));
      return FALSE;
    }
  return TRUE;
}

/**
 * spa_checkout_draft_redeem_package:
 * @index: a service line
 * @client_package_id: (nullable): the client's package that pays for it, or %NULL to
 *   pay for it otherwise again
 *
 * A package session pays for the service: the line takes no discount and no tax (the
 * package was taxed when sold) and a package payment of its price is added.
 */
gboolean
spa_checkout_draft_redeem_package (SpaCheckoutDraft  *self,
                                   guint              index,
                                   const char        *client_package_id,
                                   GError           **error)
{
  SpaCheckoutLine *line;

  g_return_val_if_fail (SPA_IS_CHECKOUT_DRAFT (self), FALSE);
  if (refuse_if_issued (self, error))
    return FALSE;
  g_return_val_if_fail (index < self->lines->len, FALSE);

  line = self->lines->pdata[index];
  if (client_package_id != NULL)
    {
      g_autoptr(SpaRecord) held = get_active (self->store, "client_package", client_package_id,
                                              "package", error);

      if (held == NULL || !package_usable (self, held, line, index, error))
        return FALSE;
    }

  g_free (line->client_package_id);
  line->client_package_id = g_strdup (client_package_id);
  recompute (self);
  return TRUE;
}

/**
 * spa_checkout_draft_find_package:
 * @index: a service line
 *
 * Returns: (transfer full) (nullable): the id of the client's package that can pay for
 *   this line (sessions left, not expired, covering its service), oldest first
 */
char *
spa_checkout_draft_find_package (SpaCheckoutDraft *self,
                                 guint             index)
{
  g_autoptr(GPtrArray) held = NULL;

  g_return_val_if_fail (SPA_IS_CHECKOUT_DRAFT (self), NULL);
  g_return_val_if_fail (index < self->lines->len, NULL);

  if (self->client_id == NULL)
    return NULL;
  held = spa_store_money_client_packages (self->store, self->client_id, NULL);
  for (guint i = held != NULL ? held->len : 0; i > 0; i--)
    if (package_usable (self, held->pdata[i - 1], self->lines->pdata[index], index, NULL))
      return g_strdup (spa_record_get_id (held->pdata[i - 1]));
  return NULL;
}

/**
 * spa_checkout_draft_set_discount:
 * @kind: none, an amount or a percentage
 * @value: cents, or basis points for a percentage (1000 = 10 %)
 */
void
spa_checkout_draft_set_discount (SpaCheckoutDraft *self,
                                 SpaDiscountKind   kind,
                                 gint64            value)
{
  g_return_if_fail (SPA_IS_CHECKOUT_DRAFT (self));
  g_return_if_fail (kind != SPA_DISCOUNT_PROMOTION);

  g_clear_object (&self->promotion);
  g_clear_pointer (&self->discount_label, g_free);
  self->discount_kind = value > 0 ? kind : SPA_DISCOUNT_NONE;
  self->discount_value = MAX (value, 0);
  if (self->discount_kind == SPA_DISCOUNT_PERCENT)
    {
      g_autofree char *percent = spa_money_format_percent (self->discount_value);

      /* TRANSLATORS: a receipt's discount line; %s is a percentage such as "10 %" */
      self->discount_label = g_strdup_printf (_("Discount %s"), percent);
    }
  else if (self->discount_kind == SPA_DISCOUNT_AMOUNT)
    self->discount_label = g_strdup (_("Discount"));
  recompute (self);
}

/**
 * spa_checkout_draft_apply_promotion:
 * @code_or_id: a promotion's code as the client says it, or its id
 *
 * Applies a running promotion, within its dates and its limit per client, to the
 * services it covers; it replaces any other discount.
 */
gboolean
spa_checkout_draft_apply_promotion (SpaCheckoutDraft  *self,
                                    const char        *code_or_id,
                                    GError           **error)
{
  g_autoptr(SpaRecord) promotion = NULL;

  g_return_val_if_fail (SPA_IS_CHECKOUT_DRAFT (self), FALSE);
  if (refuse_if_issued (self, error))
    return FALSE;

  promotion = spa_store_money_find_promotion (self->store, code_or_id);
  if (promotion == NULL)
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, "discount",
                                _("No promotion has this code."));
      return FALSE;
    }
  if (!spa_store_money_promotion_applies (self->store, promotion, self->client_id, self->date,
                                          error))
    return FALSE;

  g_set_object (&self->promotion, promotion);
  g_free (self->discount_label);
  self->discount_label = g_strdup (spa_record_get_string (promotion, "name"));
  self->discount_kind = SPA_DISCOUNT_PROMOTION;
  self->discount_value = 0;
  recompute (self);
  return TRUE;
}

SpaDiscountKind
spa_checkout_draft_get_discount_kind (SpaCheckoutDraft *self)
{
  g_return_val_if_fail (SPA_IS_CHECKOUT_DRAFT (self), SPA_DISCOUNT_NONE);
  return self->discount_kind;
}

/* What the receipt calls the discount: the promotion's name, "Discount 10 %". */
const char *
spa_checkout_draft_get_discount_label (SpaCheckoutDraft *self)
{
  g_return_val_if_fail (SPA_IS_CHECKOUT_DRAFT (self), NULL);
  return self->discount_label;
}

void
spa_checkout_draft_set_tip (SpaCheckoutDraft *self,
                            gint64            tip_cents)
{
  g_return_if_fail (SPA_IS_CHECKOUT_DRAFT (self));

  self->tip = CLAMP (tip_cents, 0, 100000000);
  recompute (self);
}

gint64
spa_checkout_draft_get_subtotal (SpaCheckoutDraft *self)
{
  return self->subtotal;
}

gint64
spa_checkout_draft_get_discount (SpaCheckoutDraft *self)
{
  return self->discount;
}

gint64
spa_checkout_draft_get_tax (SpaCheckoutDraft *self)
{
  return self->tax;
}

gint64
spa_checkout_draft_get_tip (SpaCheckoutDraft *self)
{
  return self->tip;
}

gint64
spa_checkout_draft_get_total (SpaCheckoutDraft *self)
{
  return self->subtotal - self->discount + self->tax + self->tip;
}

static gint64
package_paid (SpaCheckoutDraft *self)
{
  gint64 paid = 0;

  for (guint i = 0; i < self->lines->len; i++)
    {
      SpaCheckoutLine *line = self->lines->pdata[i];

      if (line->client_package_id != NULL)
        paid += line->total_cents;
    }
  return paid;
}

/* Payments taken before, on the invoice this continues. */
gint64
spa_checkout_draft_get_paid_before (SpaCheckoutDraft *self)
{
  g_return_val_if_fail (SPA_IS_CHECKOUT_DRAFT (self), 0);
  return self->paid_before;
}

gint64
spa_checkout_draft_get_paid (SpaCheckoutDraft *self)
{
  gint64 paid = self->continued != NULL ? self->paid_before : package_paid (self);

  for (guint i = 0; i < self->payments->len; i++)
    paid += ((SpaCheckoutPayment *)self->payments->pdata[i])->amount_cents;
  return paid;
}

/* What is still due (never negative: cash over the amount is change). */
gint64
spa_checkout_draft_get_balance (SpaCheckoutDraft *self)
{
  return MAX (spa_checkout_draft_get_total (self) - spa_checkout_draft_get_paid (self), 0);
}

gint64
spa_checkout_draft_get_change (SpaCheckoutDraft *self)
{
  gint64 change = 0;

  for (guint i = 0; i < self->payments->len; i++)
    change += ((SpaCheckoutPayment *)self->payments->pdata[i])->change_cents;
  return change;
}

static gboolean
check_not_over (SpaCheckoutDraft  *self,
                gint64             amount,
                GError           **error)
{
  if (amount < 1)
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, "payment",
                                _("A payment is more than zero."));
      return FALSE;
    }
  if (amount > spa_checkout_draft_get_balance (self))
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, "payment",
                                _("This is more than the balance due."));
      return FALSE;
    }
  return TRUE;
}

static void
add_payment_row (SpaCheckoutDraft *self,
                 const char       *method,
                 gint64            amount,
                 gint64            tendered,
                 const char       *gift_card_id)
{
  SpaCheckoutPayment *payment = g_new0 (SpaCheckoutPayment, 1);

  payment->method = g_strdup (method);
  payment->amount_cents = amount;
  payment->tendered_cents = tendered;
  payment->change_cents = tendered >= 0 ? tendered - amount : 0;
  payment->gift_card_id = g_strdup (gift_card_id);
  g_ptr_array_add (self->payments, payment);
  recompute (self);
}

/**
 * spa_checkout_draft_add_payment:
 * @method: card, e_transfer or other (cash: spa_checkout_draft_add_cash(); gift card:
 *   spa_checkout_draft_add_gift_card_payment(); package: redeem on the line)
 * @amount_cents: at most the balance due
 */
gboolean
spa_checkout_draft_add_payment (SpaCheckoutDraft  *self,
                                const char        *method,
                                gint64             amount_cents,
                                GError           **error)
{
  g_return_val_if_fail (SPA_IS_CHECKOUT_DRAFT (self), FALSE);
  g_return_val_if_fail (spa_money_is_payment_method (method), FALSE);

  if (g_str_equal (method, "cash"))
    return spa_checkout_draft_add_cash (self, amount_cents, error);
  g_return_val_if_fail (!g_str_equal (method, "gift_card") && !g_str_equal (method, "package"),
                        FALSE);

  if (!check_not_over (self, amount_cents, error))
    return FALSE;
  add_payment_row (self, method, amount_cents, -1, NULL);
  return TRUE;
}

/**
 * spa_checkout_draft_add_cash:
 * @tendered_cents: the cash handed over
 *
 * Cash pays what it can of the balance; anything over it is change due.
 */
gboolean
spa_checkout_draft_add_cash (SpaCheckoutDraft  *self,
                             gint64             tendered_cents,
                             GError           **error)
{
  gint64 balance;

  g_return_val_if_fail (SPA_IS_CHECKOUT_DRAFT (self), FALSE);

  balance = spa_checkout_draft_get_balance (self);
  if (balance == 0)
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, "payment",
                                _("Nothing is left to pay."));
      return FALSE;
    }
  if (tendered_cents < 1)
    return check_not_over (self, tendered_cents, error);

  add_payment_row (self, "cash", MIN (tendered_cents, balance), tendered_cents, NULL);
  return TRUE;
}

/**
 * spa_checkout_draft_add_gift_card_payment:
 * @code: the card's code
 * @amount_cents: what to take from it, or 0 for as much as it holds up to the balance
 */
gboolean
spa_checkout_draft_add_gift_card_payment (SpaCheckoutDraft  *self,
                                          const char        *code,
                                          gint64             amount_cents,
                                          GError           **error)
{
  g_autoptr(SpaRecord) card = NULL;
  const char *expires;
  gint64 left;

  g_return_val_if_fail (SPA_IS_CHECKOUT_DRAFT (self), FALSE);

  card = spa_store_money_find_gift_card (self->store, code);
  if (card == NULL)
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, "gift_card",
                                _("No gift card has this code."));
      return FALSE;
    }
  expires = spa_record_get_string (card, "expires_at");
  if (!spa_str_empty (expires) && g_strcmp0 (self->date, expires) > 0)
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, "gift_card",
                                _("This gift card has expired."));
      return FALSE;
    }

  left = spa_store_money_gift_card_balance (self->store, spa_record_get_id (card));
  for (guint i = 0; i < self->payments->len; i++)
    {
      SpaCheckoutPayment *payment = self->payments->pdata[i];

      if (g_strcmp0 (payment->gift_card_id, spa_record_get_id (card)) == 0)
        left -= payment->amount_cents;
    }
  if (left < 1)
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, "gift_card",
                                _("Nothing is left on this gift card."));
      return FALSE;
    }
  if (amount_cents == 0)
    amount_cents = MIN (left, spa_checkout_draft_get_balance (self));
  if (amount_cents > left)
    {
      g_autofree char *text = spa_format_money (left, NULL);

      spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, "gift_card",
                                _("This gift card holds only %s."), text);
      return FALSE;
    }
  if (!check_not_over (self, amount_cents, error))
    return FALSE;

  add_payment_row (self, "gift_card", amount_cents, -1, spa_record_get_id (card));
  return TRUE;
}

void
spa_checkout_draft_remove_payment (SpaCheckoutDraft *self,
                                   guint             index)
{
  g_return_if_fail (SPA_IS_CHECKOUT_DRAFT (self));
  g_return_if_fail (index < self->payments->len);

  g_ptr_array_remove_index (self->payments, index);
  recompute (self);
}

guint
spa_checkout_draft_get_n_payments (SpaCheckoutDraft *self)
{
  g_return_val_if_fail (SPA_IS_CHECKOUT_DRAFT (self), 0);
  return self->payments->len;
}

/* The payments the person added (package payments follow their lines). */
const SpaCheckoutPayment *
spa_checkout_draft_get_payment (SpaCheckoutDraft *self,
                                guint             index)
{
  g_return_val_if_fail (SPA_IS_CHECKOUT_DRAFT (self), NULL);
  g_return_val_if_fail (index < self->payments->len, NULL);
  return self->payments->pdata[index];
}

/**
 * spa_checkout_draft_dup_taxes:
 *
 * Returns: (transfer full): each tax rate that applies, as stored on the invoice:
 *   `{"tax_rate_id", "name", "rate_bp", "registration_number", "cents"}`
 */
JsonArray *
spa_checkout_draft_dup_taxes (SpaCheckoutDraft *self)
{
  JsonArray *taxes = json_array_new ();

  g_return_val_if_fail (SPA_IS_CHECKOUT_DRAFT (self), taxes);

  /* An issued invoice's, as it was issued. */
  if (self->continued != NULL)
    {
      JsonNode *stored = spa_record_get_json (self->continued, "taxes");

      if (stored != NULL && JSON_NODE_HOLDS_ARRAY (stored))
        {
          JsonArray *array = json_node_get_array (stored);

          for (guint i = 0; i < json_array_get_length (array); i++)
            json_array_add_element (taxes, json_node_copy (json_array_get_element (array, i)));
        }
      return taxes;
    }

  for (guint r = 0; r < self->rates->len; r++)
    {
      SpaRecord *rate = self->rates->pdata[r];
      gint64 cents = 0;
      gboolean used = FALSE;
      JsonObject *tax;

      for (guint i = 0; i < self->lines->len; i++)
        {
          SpaCheckoutLine *line = self->lines->pdata[i];

          cents += line->tax_by_rate[r];
          used |= line->tax_by_rate[r] != 0;
        }
      if (!used)
        continue;
      tax = json_object_new ();
      json_object_set_string_member (tax, "tax_rate_id", spa_record_get_id (rate));
      json_object_set_string_member (tax, "name", spa_record_get_string (rate, "name"));
      json_object_set_int_member (tax, "rate_bp", spa_record_get_int (rate, "rate_bp", 0));
      if (spa_str_empty (spa_record_get_string (rate, "registration_number")))
        json_object_set_null_member (tax, "registration_number");
      else
        json_object_set_string_member (tax, "registration_number",
                                       spa_record_get_string (rate, "registration_number"));
      json_object_set_int_member (tax, "cents", cents);
      json_array_add_object_element (taxes, tax);
    }
  return taxes;
}

/**
 * spa_checkout_draft_dup_warnings:
 *
 * Returns: (transfer full) (element-type utf8): what the desk should know but does not
 *   stop the sale: a product running low or out of stock
 */
GPtrArray *
spa_checkout_draft_dup_warnings (SpaCheckoutDraft *self)
{
  GPtrArray *warnings = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (SPA_IS_CHECKOUT_DRAFT (self), warnings);

  for (guint i = 0; i < self->lines->len; i++)
    {
      SpaCheckoutLine *line = self->lines->pdata[i];
      g_autoptr(SpaRecord) product = NULL;
      gint64 left;

      if (!g_str_equal (line->kind, "product"))
        continue;
      product = spa_store_get (self->store, "product", line->item_id, NULL);
      if (product == NULL)
        continue;
      left = spa_store_money_stock (self->store, line->item_id) - line->quantity;
      if (left < 0)
        g_ptr_array_add (warnings,
                         g_strdup_printf (_("%s: the stock shows fewer than this sale; count it."),
                                          line->description));
      else if (spa_record_has_value (product, "low_stock_at") &&
               left <= spa_record_get_int (product, "low_stock_at", 0))
        g_ptr_array_add (warnings,
                         g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                       "%s: %d left after this sale; "
                                                       "time to reorder.",
                                                       "%s: %d left after this sale; "
                                                       "time to reorder.",
                                                       (gulong)left),
                                          line->description, (int)left));
    }
  return warnings;
}

/**
 * spa_checkout_draft_check:
 *
 * Whether the sale can be completed: something to sell, a client for a package, and
 * nothing left to pay. The error names the field ("lines", "client_id", "payment").
 */
gboolean
spa_checkout_draft_check (SpaCheckoutDraft  *self,
                          GError           **error)
{
  gint64 balance;

  g_return_val_if_fail (SPA_IS_CHECKOUT_DRAFT (self), FALSE);

  if (self->lines->len == 0)
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_REQUIRED, "lines",
                                _("Add a service or a product."));
      return FALSE;
    }
  for (guint i = 0; i < self->lines->len; i++)
    if (g_str_equal (((SpaCheckoutLine *)self->lines->pdata[i])->kind, "package") &&
        self->client_id == NULL)
      {
        spa_validation_error_set (error, SPA_VALIDATION_ERROR_REQUIRED, "client_id",
                                  _("Choose the client the package is for."));
        return FALSE;
      }

  balance = spa_checkout_draft_get_balance (self);
  if (balance > 0)
    {
      g_autofree char *text = spa_format_money (balance, NULL);

      spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, "payment",
                                _("%s is still due."), text);
      return FALSE;
    }
  return TRUE;
}

static gboolean
save_line (SpaCheckoutDraft  *self,
           SpaRecord         *invoice,
           guint              position,
           const char        *kind,
           const char        *item_id,
           const char        *therapist_id,
           const char        *description,
           gint64             quantity,
           gint64             unit_price,
           gint64             discount,
           gint64             tax,
           gint64             total,
           GError           **error)
{
  g_autoptr(SpaRecord) record = spa_record_new ("invoice_line");

  spa_record_set_string (record, "invoice_id", spa_record_get_id (invoice));
  spa_record_set_int (record, "position", position);
  spa_record_set_string (record, "kind", kind);
  spa_record_set_string (record, "item_id", item_id);
  spa_record_set_string (record, "therapist_id", therapist_id);
  spa_record_set_string (record, "description", description);
  spa_record_set_int (record, "quantity", quantity);
  spa_record_set_int (record, "unit_price_cents", unit_price);
  spa_record_set_int (record, "discount_cents", discount);
  spa_record_set_int (record, "tax_cents", tax);
  spa_record_set_int (record, "total_cents", total);
  return spa_store_save (self->store, record, error);
}

static gboolean
save_sold_item (SpaCheckoutDraft  *self,
                SpaRecord         *invoice,
                SpaCheckoutLine   *line,
                const char        *now,
                char             **item_id,
                GError           **error)
{
  if (g_str_equal (line->kind, "gift_card"))
    {
      g_autoptr(SpaRecord) card = spa_record_new ("gift_card");

      spa_record_set_string (card, "code", line->gift_card_code);
      spa_record_set_int (card, "initial_cents", line->unit_price_cents);
      spa_record_set_string (card, "invoice_id", spa_record_get_id (invoice));
      if (!spa_store_save (self->store, card, error))
        return FALSE;
      *item_id = g_strdup (spa_record_get_id (card));
    }
  else if (g_str_equal (line->kind, "package"))
    {
      g_autoptr(SpaRecord) package = spa_store_get (self->store, "package", line->item_id, error);
      g_autoptr(SpaRecord) held = spa_record_new ("client_package");

      if (package == NULL)
        return FALSE;
      spa_record_set_string (held, "client_id", self->client_id);
      spa_record_set_string (held, "package_id", line->item_id);
      spa_record_set_int (held, "sessions", spa_record_get_int (package, "sessions", 1));
      if (spa_record_has_value (package, "valid_days"))
        {
          g_autoptr(GDateTime) start = spa_time_parse_utc (now);
          g_autoptr(GDateTime) end =
            g_date_time_add_days (start, spa_record_get_int (package, "valid_days", 365));

          g_autofree char *expires = spa_time_format_utc (end);

          spa_record_set_string (held, "expires_at", expires);
        }
      spa_record_set_string (held, "invoice_id", spa_record_get_id (invoice));
      if (!spa_store_save (self->store, held, error))
        return FALSE;
      *item_id = g_strdup (line->item_id);
    }
  else
    *item_id = g_strdup (line->item_id);

  if (g_str_equal (line->kind, "product"))
    {
      g_autoptr(SpaRecord) movement = spa_record_new ("stock_movement");

      spa_record_set_string (movement, "product_id", line->item_id);
      spa_record_set_int (movement, "delta", -line->quantity);
      spa_record_set_string (movement, "reason", "sale");
      spa_record_set_string (movement, "invoice_id", spa_record_get_id (invoice));
      if (!spa_store_save (self->store, movement, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
save_payment (SpaCheckoutDraft          *self,
              SpaRecord                 *invoice,
              const SpaCheckoutPayment  *payment,
              gint64                     tip,
              const char                *now,
              GError                   **error)
{
  g_autoptr(SpaRecord) record = spa_record_new ("payment");

  spa_record_set_string (record, "invoice_id", spa_record_get_id (invoice));
  spa_record_set_string (record, "method", payment->method);
  spa_record_set_int (record, "amount_cents", payment->amount_cents);
  if (payment->tendered_cents >= 0)
    {
      spa_record_set_int (record, "tendered_cents", payment->tendered_cents);
      spa_record_set_int (record, "change_cents", payment->change_cents);
    }
  spa_record_set_string (record, "gift_card_id", payment->gift_card_id);
  spa_record_set_string (record, "client_package_id", payment->client_package_id);
  spa_record_set_int (record, "tip_cents", tip);
  spa_record_set_string (record, "received_at", now);
  return spa_store_save (self->store, record, error);
}

static const char *
first_therapist (SpaCheckoutDraft *self)
{
  for (guint i = 0; i < self->lines->len; i++)
    {
      SpaCheckoutLine *line = self->lines->pdata[i];

      if (line->therapist_id != NULL)
        return line->therapist_id;
    }
  return NULL;
}

/* The payments that take the rest of an issued invoice's balance. */
static SpaRecord *
save_balance (SpaCheckoutDraft  *self,
              const char        *now,
              GError           **error)
{
  /* An issued invoice never changes: a line, a discount or a tip added to the draft
   * would be lost on save, so it is refused instead (the till offers none of them). */
  if (spa_checkout_draft_get_total (self) !=
      spa_record_get_int (self->continued, "total_cents", 0))
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, "lines",
                                _("This invoice was issued: only its balance can be paid. "
                                  "Ring up anything else as a new sale."));
      return NULL;
    }
  if (!spa_store_begin (self->store, error))
    return NULL;
  for (guint i = 0; i < self->payments->len; i++)
    if (!save_payment (self, self->continued, self->payments->pdata[i], 0, now, error))
      {
        spa_store_rollback (self->store);
        return NULL;
      }
  if (!spa_store_commit (self->store, error))
    return NULL;
  return g_object_ref (self->continued);
}

/**
 * spa_checkout_draft_save:
 * @issued_by: the name of the person at the till
 *
 * Issues the invoice: a number from this desk's series, the invoice, its lines (and a
 * line naming the discount), the gift cards and packages sold, the stock taken, the
 * payments, all with their outbox rows in one transaction. The invoice is written as
 * a draft first and issued last, so that on the server, as here, its lines and
 * payments arrive before it is locked.
 *
 * Returns: (transfer full): the issued invoice, or %NULL with @error set (nothing
 *   written)
 */
SpaRecord *
spa_checkout_draft_save (SpaCheckoutDraft  *self,
                         const char        *issued_by,
                         GError           **error)
{
  g_autoptr(SpaRecord) invoice = NULL;
  g_autoptr(GPtrArray) payments = g_ptr_array_new_with_free_func (payment_free);
  g_autoptr(JsonArray) taxes = NULL;
  g_autoptr(JsonNode) taxes_node = json_node_new (JSON_NODE_ARRAY);
  g_autofree char *now = NULL;
  g_autofree char *number = NULL;
  gint64 tip_left = self->tip;
  guint position = 0;

  g_return_val_if_fail (SPA_IS_CHECKOUT_DRAFT (self), NULL);

  if (!spa_checkout_draft_check (self, error))
    return NULL;

  now = spa_store_now_utc (self->store);
  if (self->continued != NULL)
    return save_balance (self, now, error);

  taxes = spa_checkout_draft_dup_taxes (self);
  json_node_set_array (taxes_node, taxes);

  /* On its own, the sale is one transaction without a savepoint for each of its
   * records: any failure rolls all of it back (below), so one would only cost two
   * statements a record. Inside a caller's transaction, the sale stays a savepoint. */
  if (!(spa_store_in_transaction (self->store) ? spa_store_begin (self->store, error)
                                                : spa_store_begin_bulk (self->store, error)))
    return NULL;

  number = spa_store_money_next_number (self->store, error);
  if (number == NULL)
    goto fail;

  invoice = spa_record_new ("invoice");
  spa_record_set_string (invoice, "kind", "sale");
  spa_record_set_string (invoice, "status", "draft");
  spa_record_set_string (invoice, "client_id", self->client_id);
  spa_record_set_string (invoice, "booking_id", self->booking_id);
  spa_record_set_int (invoice, "subtotal_cents", self->subtotal);
  spa_record_set_int (invoice, "discount_cents", self->discount);
  spa_record_set_int (invoice, "tax_cents", self->tax);
  spa_record_set_int (invoice, "tip_cents", self->tip);
  spa_record_set_int (invoice, "total_cents", spa_checkout_draft_get_total (self));
  if (self->tip > 0)
    spa_record_set_string (invoice, "tip_therapist_id", first_therapist (self));
  spa_record_set_json (invoice, "taxes", taxes_node);
  if (!spa_store_save (self->store, invoice, error))
    goto fail;

  for (guint i = 0; i < self->lines->len; i++)
    {
      SpaCheckoutLine *line = self->lines->pdata[i];
      g_autofree char *item_id = NULL;

      if (!save_sold_item (self, invoice, line, now, &item_id, error) ||
          !save_line (self, invoice, position++, line->kind, item_id, line->therapist_id,
                      line->description, line->quantity, line->unit_price_cents,
                      line->discount_cents, line->tax_cents, line->total_cents, error))
        goto fail;
    }

  if (self->discount > 0)
    if (!save_line (self, invoice, position++, "discount",
                    self->promotion ? spa_record_get_id (self->promotion) : NULL, NULL,
                    self->discount_label ? self->discount_label : _("Discount"),
                    1, 0, self->discount, 0, 0, error))
      goto fail;

  package_payments (self, payments);
  for (guint i = 0; i < self->payments->len; i++)
    {
      const SpaCheckoutPayment *payment = self->payments->pdata[i];
      gint64 tip = MIN (tip_left, payment->amount_cents);

      /* The tip rides on the first payments that can hold it. */
      tip_left -= tip;
      if (!save_payment (self, invoice, payment, tip, now, error))
        goto fail;
    }
  for (guint i = 0; i < payments->len; i++)
    if (!save_payment (self, invoice, payments->pdata[i], 0, now, error))
      goto fail;

  spa_record_set_string (invoice, "status", "issued");
  spa_record_set_string (invoice, "number", number);
  spa_record_set_string (invoice, "issued_at", now);
  spa_record_set_string (invoice, "issued_by", issued_by);
  if (!spa_store_save (self->store, invoice, error) || !spa_store_commit (self->store, error))
    goto fail;

  return g_steal_pointer (&invoice);

fail:
  spa_store_rollback (self->store);
  return NULL;
}
