/* spa-prepaid.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-prepaid"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "spa-entity.h"
#include "spa-error.h"
#include "spa-store-private.h"
#include "spa-util.h"
#include "spa-validate.h"

/*
 * What a client pays for ahead: packages of sessions and gift cards, and the spa's
 * promotions. A client's package and a gift card are written once; what is left on
 * them is their sessions or amount less the payments made with them, so two desks
 * redeeming offline never fight over a counter, and the server refuses the payment
 * that would take one below zero.
 */

static const SpaFieldInfo package_fields[] = {
  { "name", SPA_FIELD_TEXT, N_("Name") },
  { "service_ids", SPA_FIELD_JSON, N_("Services") },
  { "sessions", SPA_FIELD_INTEGER, N_("Sessions") },
  { "price_cents", SPA_FIELD_INTEGER, N_("Price") },
  { "valid_days", SPA_FIELD_INTEGER, N_("Valid for") },
  { "active", SPA_FIELD_BOOLEAN, N_("Active") },
};

static const SpaFieldInfo client_package_fields[] = {
  { "client_id", SPA_FIELD_TEXT, N_("Client") },
  { "package_id", SPA_FIELD_TEXT, N_("Package") },
  { "sessions", SPA_FIELD_INTEGER, N_("Sessions") },
  { "expires_at", SPA_FIELD_TEXT, N_("Expires") },
  { "invoice_id", SPA_FIELD_TEXT, N_("Invoice") },
};

static const SpaFieldInfo gift_card_fields[] = {
  { "code", SPA_FIELD_TEXT, N_("Code") },
  { "initial_cents", SPA_FIELD_INTEGER, N_("Amount") },
  { "expires_at", SPA_FIELD_TEXT, N_("Expires") },
  { "invoice_id", SPA_FIELD_TEXT, N_("Invoice") },
};

static const SpaFieldInfo promotion_fields[] = {
  { "name", SPA_FIELD_TEXT, N_("Name") },
  { "code", SPA_FIELD_TEXT, N_("Code") },
  { "kind", SPA_FIELD_TEXT, N_("Kind") },
  { "value", SPA_FIELD_INTEGER, N_("Value") },
  { "service_ids", SPA_FIELD_JSON, N_("Services") },
  { "starts_on", SPA_FIELD_TEXT, N_("Starts") },
  { "ends_on", SPA_FIELD_TEXT, N_("Ends") },
  { "per_client_limit", SPA_FIELD_INTEGER, N_("Uses per client") },
  { "active", SPA_FIELD_BOOLEAN, N_("Active") },
};

static gboolean
validate_package (SpaStore   *store,
                  SpaRecord  *package,
                  GError    **error)
{
  return spa_validate_required (package, "name", _("Enter the name of the package."), error) &&
         spa_validate_required (package, "sessions", _("Enter how many sessions it holds."),
                                error) &&
         spa_validate_int_range (package, "sessions", 1, 1000,
                                 _("A package holds from 1 to 1000 sessions."), error) &&
         spa_validate_int_range (package, "price_cents", 0, G_MAXINT32,
                                 _("The price cannot be negative."), error) &&
         spa_validate_int_range (package, "valid_days", 1, 3660,
                                 _("A package is valid from 1 day to 10 years."), error);
}

static gboolean
validate_client_package (SpaStore   *store,
                         SpaRecord  *held,
                         GError    **error)
{
  return spa_validate_not_locked (store, held, NULL,
                                  _("A sold package cannot be changed."), error) &&
         spa_validate_reference (store, held, "client_id", "client", TRUE, error) &&
         spa_validate_reference (store, held, "package_id", "package", TRUE, error) &&
         spa_validate_reference (store, held, "invoice_id", "invoice", FALSE, error) &&
         spa_validate_required (held, "sessions", _("Enter how many sessions it holds."), error) &&
         spa_validate_int_range (held, "sessions", 1, 1000,
                                 _("A package holds from 1 to 1000 sessions."), error) &&
         spa_validate_time (held, "expires_at", FALSE, error);
}

static gboolean
validate_gift_card (SpaStore   *store,
                    SpaRecord  *card,
                    GError    **error)
{
  g_autoptr(SpaStmt) stmt = NULL;

  if (!spa_validate_not_locked (store, card, NULL, _("A sold gift card cannot be changed."),
                                error) ||
      !spa_validate_required (card, "code", _("Enter the card’s code."), error) ||
      !spa_validate_required (card, "initial_cents", _("Enter the amount."), error) ||
      !spa_validate_int_range (card, "initial_cents", 1, G_MAXINT32,
                               _("A gift card holds more than zero."), error) ||
      !spa_validate_time (card, "expires_at", FALSE, error) ||
      !spa_validate_reference (store, card, "invoice_id", "invoice", FALSE, error))
    return FALSE;

  stmt = spa_store_prepare (store, "SELECT 1 FROM gift_card WHERE code = ? AND id IS NOT ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, spa_record_get_string (card, "code"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, spa_record_get_id (card), -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, "code",
                                _("Another gift card has this code."));
      return FALSE;
    }
  return TRUE;
}

static const char * const promotion_kinds[] = { "percent", "amount", NULL };

static gboolean
validate_promotion (SpaStore   *store,
                    SpaRecord  *promotion,
                    GError    **error)
{
  const char *starts, *ends;

  if (!spa_validate_required (promotion, "name", _("Enter the name of the promotion."), error) ||
      !spa_validate_one_of (promotion, "kind", promotion_kinds, TRUE, error) ||
      !spa_validate_required (promotion, "value", _("Enter the discount."), error) ||
      !spa_validate_date (promotion, "starts_on", FALSE, error) ||
      !spa_validate_date (promotion, "ends_on", FALSE, error) ||
      !spa_validate_int_range (promotion, "per_client_limit", 0, 1000,
                               _("The limit per client is from 0 (none) to 1000."), error))
    return FALSE;

  if (g_strcmp0 (spa_record_get_string (promotion, "kind"), "percent") == 0
      ? !spa_validate_int_range (promotion, "value", 1, 10000,
                                 _("A percentage is from 0.01 to 100 %."), error)
      : !spa_validate_int_range (promotion, "value", 1, G_MAXINT32,
                                 _("The discount is more than zero."), error))
    return FALSE;

  starts = spa_record_get_string (promotion, "starts_on");
  ends = spa_record_get_string (promotion, "ends_on");
  if (!spa_str_empty (starts) && !spa_str_empty (ends) && g_strcmp0 (ends, starts) < 0)
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, "ends_on",
                                _("The promotion must end after it starts."));
      return FALSE;
    }
  return TRUE;
}

const SpaEntityInfo spa_package_entity = {
  .name = "package",
  .fields = package_fields,
  .n_fields = G_N_ELEMENTS (package_fields),
  .validate = validate_package,
};

const SpaEntityInfo spa_client_package_entity = {
  .name = "client_package",
  .fields = client_package_fields,
  .n_fields = G_N_ELEMENTS (client_package_fields),
  .validate = validate_client_package,
  .undeletable = TRUE,
};

const SpaEntityInfo spa_gift_card_entity = {
  .name = "gift_card",
  .fields = gift_card_fields,
  .n_fields = G_N_ELEMENTS (gift_card_fields),
  .validate = validate_gift_card,
  .undeletable = TRUE,
};

const SpaEntityInfo spa_promotion_entity = {
  .name = "promotion",
  .fields = promotion_fields,
  .n_fields = G_N_ELEMENTS (promotion_fields),
  .validate = validate_promotion,
};
