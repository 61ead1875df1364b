/* spa-store-money.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "spa-record.h"
#include "spa-role.h"
#include "spa-types.h"

G_BEGIN_DECLS

/* The money's queries (spa-store-money.c): sums over insert-only rows and lists. */

/**
 * SpaTherapistTakings:
 * @services: services given (less refunded ones)
 * @sales_cents: their lines' sales before tax, services and products, less refunds
 * @tips_cents: tips given to them, less refunded tips
 */
typedef struct
{
  gint64 services;
  gint64 sales_cents;
  gint64 tips_cents;
} SpaTherapistTakings;

gboolean   spa_store_money_therapist_takings (SpaStore           *store,
                                             const char          *therapist_id,
                                             const char          *from,
                                             const char          *to,
                                             SpaTherapistTakings *takings,
                                             GError             **error);
gint64     spa_store_money_stock            (SpaStore    *store,
                                             const char  *product_id);
gint64     spa_store_money_gift_card_balance (SpaStore   *store,
                                             const char  *gift_card_id);
SpaRecord *spa_store_money_find_gift_card   (SpaStore    *store,
                                             const char  *code);
gint64     spa_store_money_sessions_left    (SpaStore    *store,
                                             const char  *client_package_id);
GPtrArray *spa_store_money_client_packages  (SpaStore    *store,
                                             const char  *client_id,
                                             GError     **error);
GPtrArray *spa_store_money_client_gift_cards (SpaStore   *store,
                                             const char  *client_id,
                                             GError     **error);
GPtrArray *spa_store_money_client_invoices  (SpaStore    *store,
                                             const char  *client_id,
                                             GError     **error);
GPtrArray *spa_store_money_issued_invoices (SpaStore    *store,
                                            const char  *after_number,
                                            guint        limit,
                                            GError     **error);
GPtrArray *spa_store_money_refundable_lines (SpaStore    *store,
                                             const char  *invoice_id,
                                             GError     **error);
gint64     spa_store_money_paid             (SpaStore    *store,
                                             const char  *invoice_id);
SpaRecord *spa_store_money_booking_invoice  (SpaStore    *store,
                                             const char  *booking_id);
gboolean   spa_store_money_booking_is_paid  (SpaStore    *store,
                                             const char  *booking_id);
SpaRecord *spa_store_money_booking_invoice_due (SpaStore  *store,
                                                const char *booking_id);
gint64     spa_store_money_promotion_uses   (SpaStore    *store,
                                             const char  *promotion_id,
                                             const char  *client_id);
GPtrArray *spa_store_money_tax_rates        (SpaStore    *store,
                                             GError     **error);
GPtrArray *spa_store_money_lines            (SpaStore    *store,
                                             const char  *invoice_id,
                                             GError     **error);
GPtrArray *spa_store_money_payments         (SpaStore    *store,
                                             const char  *invoice_id,
                                             GError     **error);
GPtrArray *spa_store_money_refunds          (SpaStore    *store,
                                             const char  *invoice_id,
                                             GError     **error);
char      *spa_store_money_renumber         (SpaStore    *store,
                                             const char  *invoice_id,
                                             const char  *previous_number,
                                             const char  *issued_at,
                                             const char  *issued_by,
                                             GError     **error);
char      *spa_store_money_next_number      (SpaStore    *store,
                                             GError     **error);
char      *spa_store_money_get_series       (SpaStore    *store,
                                             GError     **error);
SpaRecord *spa_store_money_refund           (SpaStore    *store,
                                             SpaRole      role,
                                             const char  *invoice_id,
                                             const char * const *line_ids,
                                             const char  *method,
                                             const char  *issued_by,
                                             GError     **error);
SpaRecord *spa_store_money_find_promotion   (SpaStore    *store,
                                             const char  *code_or_id);
SpaRecord *spa_store_money_promotion_for    (SpaStore    *store,
                                             const char  *service_id,
                                             const char  *client_id,
                                             const char  *date);
gboolean   spa_store_money_promotion_applies (SpaStore   *store,
                                             SpaRecord   *promotion,
                                             const char  *client_id,
                                             const char  *date,
                                             GError     **error);

G_END_DECLS
