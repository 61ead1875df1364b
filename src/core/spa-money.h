/* spa-money.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "spa-report.h"
#include "spa-types.h"

G_BEGIN_DECLS

/* The arithmetic of the till, without a database: integer cents, rates in basis points
 * (500 = 5 %). See docs/money.md for the rounding rule. */

gint64   spa_money_div_round     (gint64        numerator,
                                  gint64        denominator);
gint64   spa_money_tax           (gint64        taxable_cents,
                                  gint          rate_bp);
gint64   spa_money_percent_off   (gint64        cents,
                                  gint          percent_bp);
void     spa_money_allocate      (gint64        amount,
                                  const gint64 *weights,
                                  guint         n,
                                  gint64       *shares);
gint64   spa_money_change_due    (gint64        due_cents,
                                  gint64        tendered_cents);
gboolean spa_money_parse         (const char   *text,
                                  gint64       *cents);
char    *spa_money_gift_card_code_new (void);
char    *spa_money_series_new    (void);
char    *spa_money_format_percent (gint         percent_bp);
char    *spa_money_describe_discount (const char *kind,
                                      gint64      value,
                                      const char *ends_on);
char    *spa_money_format_number (const char   *series,
                                  gint64        counter);
void     spa_money_period_range  (GTimeZone    *zone,
                                  GDateTime    *now,
                                  SpaPeriodKind kind,
                                  char        **from,
                                  char        **to);

/* Kinds and methods as stored (DESIGN.md, "Money"). */
gboolean    spa_money_is_payment_method (const char *method);
const char *spa_money_payment_method_label (const char *method);
const char *spa_money_line_kind_label (const char *kind);

G_END_DECLS
