/* spa-money.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-money"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

#include "spa-format.h"
#include "spa-money.h"
#include "spa-util.h"

/**
 * spa_money_div_round:
 * @numerator: any amount
 * @denominator: a positive divisor
 *
 * The till's one rounding rule: to the nearest integer, a tie (exactly half) away from
 * zero, as the Canada Revenue Agency asks for sales tax (0.5 cent and more rounds up).
 * Integer arithmetic only, so the same cents come out on every desk and the server.
 *
 * Returns: @numerator / @denominator rounded half away from zero
 */
gint64
spa_money_div_round (gint64 numerator,
                     gint64 denominator)
{
  gint64 quotient, remainder;

  g_return_val_if_fail (denominator > 0, 0);

  quotient = numerator / denominator;
  remainder = numerator % denominator;
  if (remainder < 0)
    remainder = -remainder;
  if (2 * remainder >= denominator)
    quotient += numerator < 0 ? -1 : 1;
  return quotient;
}

/**
 * spa_money_tax:
 * @taxable_cents: a line's amount after its discount
 * @rate_bp: the tax rate in basis points
 *
 * One tax on one line, rounded to the cent with spa_money_div_round(): taxes are
 * rounded per line and per rate, and an invoice's tax is the sum of its lines'.
 *
 * Returns: the tax in cents
 */
gint64
spa_money_tax (gint64 taxable_cents,
               gint   rate_bp)
{
  return spa_money_div_round (taxable_cents * rate_bp, 10000);
}

/* @percent_bp of @cents, rounded like a tax (10 % is 1000). */
gint64
spa_money_percent_off (gint64 cents,
                       gint   percent_bp)
{
  return spa_money_div_round (cents * CLAMP (percent_bp, 0, 10000), 10000);
}

/**
 * spa_money_allocate:
 * @amount: what to share out (a discount), at least 0
 * @weights: (array length=n): each line's amount
 * @shares: (array length=n) (out caller-allocates): each line's share
 *
 * Shares @amount out in proportion to @weights, to the cent, so that the shares add up
 * to exactly @amount (never more than the total of @weights): each line gets the
 * rounded-down share, then the cents left go one by one to the largest remainders,
 * earlier lines first on a tie.
 */
void
spa_money_allocate (gint64        amount,
                    const gint64 *weights,
                    guint         n,
                    gint64       *shares)
{
  g_autofree gint64 *remainders = g_new0 (gint64, MAX (n, 1));
  gint64 total = 0;
  gint64 given = 0;

  for (guint i = 0; i < n; i++)
    total += MAX (weights[i], 0);
  amount = CLAMP (amount, 0, total);

  for (guint i = 0; i < n; i++)
    {
      gint64 weight = MAX (weights[i], 0);

      shares[i] = total > 0 ? amount * weight / total : 0;
      remainders[i] = total > 0 ? amount * weight % total : 0;
      given += shares[i];
    }

  while (given < amount)
    {
      guint best = 0;

      for (guint i = 1; i < n; i++)
        if (remainders[i] > remainders[best])
          best = i;
      shares[best]++;
      remainders[best] = -1;
      given++;
    }
}

/* Cash handed over for @due_cents: what goes back (never negative). */
gint64
spa_money_change_due (gint64 due_cents,
                      gint64 tendered_cents)
{
  return tendered_cents > due_cents ? tendered_cents - due_cents : 0;
}

/**
 * spa_money_parse:
 * @text: an amount as typed: "45", "45.5", "45,50", "$45.50", "45.50 $"
 * @cents: (out): the amount in cents
 *
 * Reads an amount typed at the till in either language's way of writing it: digits,
 * one decimal point or comma and at most two decimals, a dollar sign and spaces
 * around. No negative amounts, at most ten million dollars.
 *
 * Returns: %TRUE if @text is an amount
 */
gboolean
spa_money_parse (const char *text,
                 gint64     *cents)
{
  gint64 whole = 0;
  gint64 fraction = 0;
  int n_whole = 0;
  int n_fraction = -1;
  const char *p = text;

  g_return_val_if_fail (cents != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  while (*p == ' ' || *p == '$')
    p++;
  for (; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          if (n_fraction >= 0)
            {
              if (++n_fraction > 2)
                return FALSE;
              fraction = fraction * 10 + (*p - '0');
            }
          else
            {
              if (++n_whole > 8)
                return FALSE;
              whole = whole * 10 + (*p - '0');
            }
        }
      else if ((*p == '.' || *p == ',') && n_fraction < 0)
        n_fraction = 0;
      else if (*p == ' ' || *p == '$' || strncmp (p, "\xc2\xa0", 2) == 0 ||
               strncmp (p, "\xe2\x80\xaf", 3) == 0)
        {
          /* Trailing currency sign or spaces only. */
          for (; *p; p++)
            if (*p != ' ' && *p != '$' && (guchar)*p < 0x80)
              return FALSE;
          break;
        }
      else
        return FALSE;
    }

  if (n_whole == 0 && n_fraction <= 0)
    return FALSE;
  if (n_fraction == 1)
    fraction *= 10;

  *cents = whole * 100 + fraction;
  return *cents <= G_GINT64_CONSTANT (1000000000);
}

/* Letters and digits that cannot be mistaken for one another when read aloud or
 * copied from a receipt (no 0/O, 1/I/L, 2/Z, 5/S, 8/B). */
static const char code_alphabet[] = "ACDEFGHJKMNPQRTUVWXY3479";

static char *
random_code (guint n)
{
  GString *code = g_string_sized_new (n);

  for (guint i = 0; i < n; i++)
    g_string_append_c (code, code_alphabet[g_random_int_range (0, sizeof code_alphabet - 1)]);
  return g_string_free (code, FALSE);
}

/* A gift card's code, "XXXX-XXXX-XXXX": 24^12, about 2^55. */
char *
spa_money_gift_card_code_new (void)
{
  g_autofree char *a = random_code (4);
  g_autofree char *b = random_code (4);
  g_autofree char *c = random_code (4);

  return g_strdup_printf ("%s-%s-%s", a, b, c);
}

/* A desk's invoice series (docs/sync-protocol.md, "Invoice numbers"): five characters,
 * 24^5 (about 8 million) series. */
char *
spa_money_series_new (void)
{
  return random_code (5);
}

/* 1000 basis points as "10%" ("10 %" in French), 1250 as "12.5%". */
char *
spa_money_format_percent (gint percent_bp)
{
  struct lconv *lc = localeconv ();
  const char *point = lc->decimal_point != NULL && *lc->decimal_point ? lc->decimal_point : ".";
  g_autofree char *number = NULL;

  if (percent_bp % 100 == 0)
    number = g_strdup_printf ("%d", percent_bp / 100);
  else if (percent_bp % 10 == 0)
    number = g_strdup_printf ("%d%s%d", percent_bp / 100, point, (percent_bp % 100) / 10);
  else
    number = g_strdup_printf ("%d%s%02d", percent_bp / 100, point, percent_bp % 100);

  /* TRANSLATORS: a percentage; French puts a (narrow no-break) space before % */
  return g_strdup_printf (_("%s%%"), number);
}

/**
 * spa_money_describe_discount:
 * @kind: a promotion's kind: percent (@value in basis points) or amount (in cents)
 * @ends_on: (nullable): the promotion's last day, YYYY-MM-DD
 *
 * What a promotion takes off, as the booking editor shows it: "10% off at checkout,
 * until January 31, 2027".
 *
 * Returns: (transfer full): the text
 */
char *
spa_money_describe_discount (const char *kind,
                             gint64      value,
                             const char *ends_on)
{
  g_autofree char *off = g_strcmp0 (kind, "percent") == 0
                         ? spa_money_format_percent ((gint)value)
                         : spa_format_money (value, NULL);
  g_autoptr(GDateTime) last = NULL;
  g_autofree char *iso = NULL;

  if (ends_on != NULL && strlen (ends_on) == 10)
    {
      iso = g_strconcat (ends_on, "T12:00:00Z", NULL);
      last = g_date_time_new_from_iso8601 (iso, NULL);
    }
  if (last != NULL)
    {
      g_autofree char *date = spa_format_date (last);

      /* TRANSLATORS: a promotion: what it takes off ("10%", "$15.00") and its last day */
      return g_strdup_printf (_("%s off at checkout, until %s"), off, date);
    }
  /* TRANSLATORS: a promotion: what it takes off ("10%", "$15.00") */
  return g_strdup_printf (_("%s off at checkout"), off);
}

/* "SERIES-000042": the counter zero-padded so that numbers sort as text. */
char *
spa_money_format_number (const char *series,
                         gint64      counter)
{
  return g_strdup_printf ("%s-%06" G_GINT64_FORMAT, series, counter);
}

static const struct {
  const char *code;
  const char *label;
} payment_methods[] = {
  { "cash", N_("Cash") },
  { "card", N_("Card") },
  { "e_transfer", N_("E-transfer") },
  { "gift_card", N_("Gift card") },
  { "package", N_("Package") },
  { "other", N_("Other") },
};

gboolean
spa_money_is_payment_method (const char *method)
{
  for (guint i = 0; i < G_N_ELEMENTS (payment_methods); i++)
    if (g_strcmp0 (payment_methods[i].code, method) == 0)
      return TRUE;
  return FALSE;
}

const char *
spa_money_payment_method_label (const char *method)
{
  for (guint i = 0; i < G_N_ELEMENTS (payment_methods); i++)
    if (g_strcmp0 (payment_methods[i].code, method) == 0)
      return _(payment_methods[i].label);
  return method;
}

const char *
spa_money_line_kind_label (const char *kind)
{
  if (g_strcmp0 (kind, "service") == 0)
    return _("Service");
  if (g_strcmp0 (kind, "product") == 0)
    return _("Product");
  if (g_strcmp0 (kind, "package") == 0)
    return _("Package");
  if (g_strcmp0 (kind, "gift_card") == 0)
    return _("Gift card");
  if (g_strcmp0 (kind, "discount") == 0)
    return _("Discount");
  return kind;
}

/**
 * spa_money_period_range:
 * @zone: the spa's time zone
 * @now: the moment the period contains
 * @kind: %SPA_PERIOD_DAY, %SPA_PERIOD_WEEK (from Monday) or %SPA_PERIOD_MONTH, …
 * @from: (out) (transfer full): its first instant, UTC ISO 8601, included
 * @to: (out) (transfer full): the first instant after it, excluded
 *
 * The span of whole local days, as the reports count them, that a therapist's takings
 * are asked over (`GET /v1/money/mine?from=&to=`, or the store's own invoices).
 */
void
spa_money_period_range (GTimeZone     *zone,
                        GDateTime     *now,
                        SpaPeriodKind  kind,
                        char         **from,
                        char         **to)
{
  SpaReportPeriod period;
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(GDateTime) after = NULL;

  g_return_if_fail (zone != NULL && now != NULL && from != NULL && to != NULL);

  spa_report_period_containing (kind, spa_report_today (zone, now), &period);
  first = g_date_time_new_from_unix_utc (spa_report_local_midnight (zone, period.first));
  after = g_date_time_new_from_unix_utc (spa_report_local_midnight (zone, period.last + 1));
  *from = spa_time_format_utc (first);
  *to = spa_time_format_utc (after);
}
