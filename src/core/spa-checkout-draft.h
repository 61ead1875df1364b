/* spa-checkout-draft.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "spa-record.h"
#include "spa-types.h"

G_BEGIN_DECLS

/**
 * SpaCheckoutLine:
 * @kind: service, product, package or gift_card
 * @item_id: the service, product or package; for a gift card sold, %NULL until saved
 * @therapist_id: (nullable): who gave the service (tips and sales by therapist)
 * @description: what the receipt says
 * @quantity: how many
 * @unit_price_cents: the price of one
 * @discount_cents: its share of the discount (computed)
 * @tax_cents: its taxes, rounded per rate (computed)
 * @total_cents: quantity × price − discount + tax (computed)
 * @client_package_id: (nullable): the client's package that pays for this service
 * @gift_card_code: (nullable): the code of a gift card sold
 *
 * One line of a checkout.
 */
typedef struct
{
  char   *kind;
  char   *item_id;
  char   *therapist_id;
  char   *description;
  gint64  quantity;
  gint64  unit_price_cents;
  gint64  discount_cents;
  gint64  tax_cents;
  gint64  total_cents;
  char   *client_package_id;
  char   *gift_card_code;
  /*< private >*/
  gint64 *tax_by_rate;
} SpaCheckoutLine;

/**
 * SpaCheckoutPayment:
 * @method: cash, card, e_transfer, gift_card, package or other
 * @amount_cents: what it pays of the invoice
 * @tendered_cents: cash handed over, or -1
 * @change_cents: cash given back
 * @gift_card_id: (nullable): the gift card it is taken from
 * @client_package_id: (nullable): the package session it uses
 */
typedef struct
{
  char   *method;
  gint64  amount_cents;
  gint64  tendered_cents;
  gint64  change_cents;
  char   *gift_card_id;
  char   *client_package_id;
} SpaCheckoutPayment;

typedef enum
{
  SPA_DISCOUNT_NONE,
  SPA_DISCOUNT_AMOUNT,
  SPA_DISCOUNT_PERCENT,
  SPA_DISCOUNT_PROMOTION,
} SpaDiscountKind;

#define SPA_TYPE_CHECKOUT_DRAFT (spa_checkout_draft_get_type ())

G_DECLARE_FINAL_TYPE (SpaCheckoutDraft, spa_checkout_draft, SPA, CHECKOUT_DRAFT, GObject)

SpaCheckoutDraft *spa_checkout_draft_new              (SpaStore          *store);
SpaCheckoutDraft *spa_checkout_draft_new_for_booking  (SpaStore          *store,
                                                       const char        *booking_id,
                                                       GError           **error);
SpaStore         *spa_checkout_draft_get_store        (SpaCheckoutDraft  *self);
SpaRecord        *spa_checkout_draft_get_continued    (SpaCheckoutDraft  *self);
gint64            spa_checkout_draft_get_paid_before  (SpaCheckoutDraft  *self);
const char       *spa_checkout_draft_get_client_id    (SpaCheckoutDraft  *self);
void              spa_checkout_draft_set_client_id    (SpaCheckoutDraft  *self,
                                                       const char        *client_id);
const char       *spa_checkout_draft_get_booking_id   (SpaCheckoutDraft  *self);
void              spa_checkout_draft_set_date         (SpaCheckoutDraft  *self,
                                                       const char        *date);

guint                  spa_checkout_draft_get_n_lines (SpaCheckoutDraft *self);
const SpaCheckoutLine *spa_checkout_draft_get_line    (SpaCheckoutDraft *self,
                                                       guint             index);
gboolean          spa_checkout_draft_add_service      (SpaCheckoutDraft  *self,
                                                       const char        *service_id,
                                                       const char        *therapist_id,
                                                       GError           **error);
gboolean          spa_checkout_draft_add_product      (SpaCheckoutDraft  *self,
                                                       const char        *product_id,
                                                       gint64             quantity,
                                                       GError           **error);
gboolean          spa_checkout_draft_add_package      (SpaCheckoutDraft  *self,
                                                       const char        *package_id,
                                                       GError           **error);
gboolean          spa_checkout_draft_add_gift_card    (SpaCheckoutDraft  *self,
                                                       gint64             amount_cents,
                                                       const char        *code,
                                                       GError           **error);
void              spa_checkout_draft_remove_line      (SpaCheckoutDraft  *self,
                                                       guint              index);
gboolean          spa_checkout_draft_set_quantity     (SpaCheckoutDraft  *self,
                                                       guint              index,
                                                       gint64             quantity,
                                                       GError           **error);
gboolean          spa_checkout_draft_redeem_package   (SpaCheckoutDraft  *self,
                                                       guint              index,
                                                       const char        *client_package_id,
                                                       GError           **error);
char             *spa_checkout_draft_find_package     (SpaCheckoutDraft  *self,
                                                       guint              index);

void              spa_checkout_draft_set_discount     (SpaCheckoutDraft  *self,
                                                       SpaDiscountKind    kind,
                                                       gint64             value);
gboolean          spa_checkout_draft_apply_promotion  (SpaCheckoutDraft  *self,
                                                       const char        *code_or_id,
                                                       GError           **error);
SpaDiscountKind   spa_checkout_draft_get_discount_kind (SpaCheckoutDraft *self);
const char       *spa_checkout_draft_get_discount_label (SpaCheckoutDraft *self);
void              spa_checkout_draft_set_tip          (SpaCheckoutDraft  *self,
                                                       gint64             tip_cents);

gboolean          spa_checkout_draft_add_payment      (SpaCheckoutDraft  *self,
                                                       const char        *method,
                                                       gint64             amount_cents,
                                                       GError           **error);
gboolean          spa_checkout_draft_add_cash         (SpaCheckoutDraft  *self,
                                                       gint64             tendered_cents,
                                                       GError           **error);
gboolean          spa_checkout_draft_add_gift_card_payment (SpaCheckoutDraft *self,
                                                       const char        *code,
                                                       gint64             amount_cents,
                                                       GError           **error);
void              spa_checkout_draft_remove_payment   (SpaCheckoutDraft  *self,
                                                       guint              index);
guint             spa_checkout_draft_get_n_payments   (SpaCheckoutDraft  *self);
const SpaCheckoutPayment *spa_checkout_draft_get_payment (SpaCheckoutDraft *self,
                                                       guint              index);

gint64            spa_checkout_draft_get_subtotal     (SpaCheckoutDraft  *self);
gint64            spa_checkout_draft_get_discount     (SpaCheckoutDraft  *self);
gint64            spa_checkout_draft_get_tax          (SpaCheckoutDraft  *self);
gint64            spa_checkout_draft_get_tip          (SpaCheckoutDraft  *self);
gint64            spa_checkout_draft_get_total        (SpaCheckoutDraft  *self);
gint64            spa_checkout_draft_get_paid         (SpaCheckoutDraft  *self);
gint64            spa_checkout_draft_get_balance      (SpaCheckoutDraft  *self);
gint64            spa_checkout_draft_get_change       (SpaCheckoutDraft  *self);
JsonArray        *spa_checkout_draft_dup_taxes        (SpaCheckoutDraft  *self);
GPtrArray        *spa_checkout_draft_dup_warnings     (SpaCheckoutDraft  *self);
gboolean          spa_checkout_draft_check            (SpaCheckoutDraft  *self,
                                                       GError           **error);
SpaRecord        *spa_checkout_draft_save             (SpaCheckoutDraft  *self,
                                                       const char        *issued_by,
                                                       GError           **error);

G_END_DECLS
