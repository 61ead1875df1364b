/* spa-product.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-product"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "spa-entity.h"
#include "spa-error.h"
#include "spa-store.h"
#include "spa-util.h"
#include "spa-validate.h"

/* The spa's tax rates, its retail products and their stock movements. */

static const SpaFieldInfo tax_rate_fields[] = {
  { "name", SPA_FIELD_TEXT, N_("Name") },
  { "rate_bp", SPA_FIELD_INTEGER, N_("Rate") },
  { "applies_to", SPA_FIELD_JSON, N_("Applies to") },
  { "registration_number", SPA_FIELD_TEXT, N_("Registration number") },
  { "active", SPA_FIELD_BOOLEAN, N_("Active") },
};

static const SpaFieldInfo product_fields[] = {
  { "name", SPA_FIELD_TEXT, N_("Name") },
  { "sku", SPA_FIELD_TEXT, N_("SKU") },
  { "price_cents", SPA_FIELD_INTEGER, N_("Price") },
  { "tax_rate_ids", SPA_FIELD_JSON, N_("Taxes") },
  { "low_stock_at", SPA_FIELD_INTEGER, N_("Low stock at") },
  { "active", SPA_FIELD_BOOLEAN, N_("Active") },
};

static const SpaFieldInfo stock_movement_fields[] = {
  { "product_id", SPA_FIELD_TEXT, N_("Product") },
  { "delta", SPA_FIELD_INTEGER, N_("Quantity") },
  { "reason", SPA_FIELD_TEXT, N_("Reason") },
  { "invoice_id", SPA_FIELD_TEXT, N_("Invoice") },
};

static gboolean
is_taxable_kind (const char *code)
{
  return g_strcmp0 (code, "service") == 0 || g_strcmp0 (code, "product") == 0;
}

static gboolean
validate_tax_rate (SpaStore   *store,
                   SpaRecord  *rate,
                   GError    **error)
{
  return spa_validate_required (rate, "name", _("Enter the name of the tax."), error) &&
         spa_validate_required (rate, "rate_bp", _("Enter the rate."), error) &&
         spa_validate_int_range (rate, "rate_bp", 0, 10000,
                                 _("A rate is from 0 to 100 %."), error) &&
         spa_validate_codes (rate, "applies_to", is_taxable_kind,
                             _("“%s” is not something a tax applies to."), error);
}

static gboolean
validate_product (SpaStore   *store,
                  SpaRecord  *product,
                  GError    **error)
{
  return spa_validate_required (product, "name", _("Enter the name of the product."), error) &&
         spa_validate_int_range (product, "price_cents", 0, G_MAXINT32,
                                 _("The price cannot be negative."), error) &&
         spa_validate_int_range (product, "low_stock_at", 0, 1000000,
                                 _("The low-stock level cannot be negative."), error);
}

static const char * const stock_reasons[] = { "sale", "refund", "restock", "count", NULL };

static gboolean
validate_stock_movement (SpaStore   *store,
                         SpaRecord  *movement,
                         GError    **error)
{
  /* Insert-only: stock is the sum of the movements, so desks never fight over it. */
  if (!spa_validate_not_locked (store, movement, NULL,
                                _("A stock movement cannot be changed; record another one."),
                                error))
    return FALSE;

  if (!spa_validate_reference (store, movement, "product_id", "product", TRUE, error) ||
      !spa_validate_reference (store, movement, "invoice_id", "invoice", FALSE, error) ||
      !spa_validate_one_of (movement, "reason", stock_reasons, TRUE, error) ||
      !spa_validate_required (movement, "delta", _("Enter the quantity."), error) ||
      !spa_validate_int_range (movement, "delta", -1000000, 1000000,
                               _("The quantity is too large."), error))
    return FALSE;

  if (spa_record_get_int (movement, "delta", 0) == 0)
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, "delta",
                                _("A stock movement changes the stock."));
      return FALSE;
    }
  return TRUE;
}

const SpaEntityInfo spa_tax_rate_entity = {
  .name = "tax_rate",
  .fields = tax_rate_fields,
  .n_fields = G_N_ELEMENTS (tax_rate_fields),
  .validate = validate_tax_rate,
};

const SpaEntityInfo spa_product_entity = {
  .name = "product",
  .fields = product_fields,
  .n_fields = G_N_ELEMENTS (product_fields),
  .validate = validate_product,
};

const SpaEntityInfo spa_stock_movement_entity = {
  .name = "stock_movement",
  .fields = stock_movement_fields,
  .n_fields = G_N_ELEMENTS (stock_movement_fields),
  .validate = validate_stock_movement,
  .undeletable = TRUE,
};
