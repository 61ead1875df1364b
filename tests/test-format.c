/* test-format.c: money, dates and services as every page shows them
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "spa-core.h"
#include "spa-migrations.h"
#include "spa-test-util.h"

static void
test_money (void)
{
  g_autofree char *cad = spa_format_money (12000, "CAD");
  g_autofree char *cents = spa_format_money (-150, "CAD");
  g_autofree char *euro = spa_format_money (5, "EUR");
  g_autofree char *code = spa_format_money (12050, "CHF");
  g_autofree char *other = spa_format_money (100, "SEK");
  g_autofree char *none = spa_format_money (9900, NULL);

  /* Never a bare "120.00": the currency always shows. */
  g_assert_cmpstr (cad, ==, "$120.00");
  g_assert_cmpstr (cents, ==, "-$1.50");
  g_assert_cmpstr (euro, ==, "€0.05");
  g_assert_cmpstr (code, ==, "CHF 120.50");
  g_assert_cmpstr (other, ==, "SEK 1.00");
  g_assert_cmpstr (none, ==, "$99.00");
}

/* Large amounts and counts are grouped by three even in the C locale, which has no
 * grouping of its own; French groups with a narrow no-break space. */
static void
test_grouping (void)
{
  g_autofree char *saved = g_strdup (setlocale (LC_ALL, NULL));

  {
    g_autofree char *thousand = spa_format_money (112000, "CAD");
    g_autofree char *million = spa_format_money (-123456789, "CAD");
    g_autofree char *small = spa_format_money (99999, "CHF");
    g_autofree char *count = spa_format_number (1204, 0);
    g_autofree char *big = spa_format_number (12345678, 0);
    g_autofree char *hours = spa_format_number (1212.46, 1);
    g_autofree char *negative = spa_format_number (-1000, 0);
    g_autofree char *few = spa_format_number (999, 0);

    g_assert_cmpstr (thousand, ==, "$1,120.00");
    g_assert_cmpstr (million, ==, "-$1,234,567.89");
    g_assert_cmpstr (small, ==, "CHF 999.99");
    g_assert_cmpstr (count, ==, "1,204");
    g_assert_cmpstr (big, ==, "12,345,678");
    g_assert_cmpstr (hours, ==, "1,212.5");
    g_assert_cmpstr (negative, ==, "-1,000");
    g_assert_cmpstr (few, ==, "999");
  }

  if (setlocale (LC_ALL, "fr_CA.UTF-8") == NULL)
    {
      g_test_skip ("the fr_CA.UTF-8 locale is missing (build-aux/setup.sh makes it)");
      return;
    }
  {
    g_autofree char *money = spa_format_money (112000, "CAD");
    g_autofree char *hours = spa_format_number (1212.46, 1);

    g_assert_nonnull (strstr (money, "1\u202f120,00"));
    g_assert_cmpstr (hours, ==, "1\u202f212,5");
  }
  setlocale (LC_ALL, saved);
}

static void
test_dates (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("America/Vancouver");
  g_autoptr(GDateTime) dt = g_date_time_new (zone, 2026, 12, 1, 11, 41, 0);
  g_autofree char *date = spa_format_date (dt);
  g_autofree char *weekday = spa_format_date_weekday (dt);
  g_autofree char *short_date = spa_format_date_short (dt);
  g_autofree char *day_month = spa_format_day_month (dt);
  g_autofree char *column = spa_format_weekday_day (dt);
  g_autofree char *month = spa_format_month_year (dt);
  g_autofree char *date_time = spa_format_date_time (dt);
  g_autofree char *time = spa_format_time (dt);

  /* One style everywhere, and a single-digit day never padded ("Tuesday   1"). */
  g_assert_cmpstr (date, ==, "December 1, 2026");
  g_assert_cmpstr (weekday, ==, "Tuesday, December 1, 2026");
  g_assert_cmpstr (short_date, ==, "Tue, Dec 1, 2026");
  g_assert_cmpstr (day_month, ==, "Dec 1");
  g_assert_cmpstr (column, ==, "Tue 1");
  g_assert_cmpstr (month, ==, "Dec 2026");
  g_assert_cmpstr (date_time, ==, "December 1, 2026 at 11:41");
  g_assert_cmpstr (time, ==, "11:41");
}

static void
test_service (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(SpaStore) store = spa_test_open_store (&dir);
  g_autoptr(SpaRecord) deep_60 = spa_store_get (store, "service", spa_default_service_id (2), NULL);
  g_autoptr(SpaRecord) deep_90 = spa_store_get (store, "service", spa_default_service_id (3), NULL);
  g_autoptr(SpaRecord) reiki = spa_record_new ("service");
  g_autofree char *label_60 = spa_format_service (deep_60);
  g_autofree char *label_90 = spa_format_service (deep_90);
  g_autofree char *label_reiki = NULL;

  /* The length shows once, set apart from the name. */
  g_assert_cmpstr (label_60, ==, "Deep tissue massage · 60 min");
  g_assert_cmpstr (label_90, ==, "Deep tissue massage · 90 min");

  spa_record_set_string (reiki, "name", "Reiki");
  spa_record_set_int (reiki, "duration_min", 45);
  label_reiki = spa_format_service (reiki);
  g_assert_cmpstr (label_reiki, ==, "Reiki · 45 min");

  spa_test_remove_dir (dir);
}

static void
test_upcoming (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 12, 1, 18, 0, 0);
  g_autoptr(SpaRecord) booking = spa_record_new ("booking");

  /* A future booking that was cancelled is still upcoming, not history. */
  spa_record_set_string (booking, "starts_at", "2026-12-03T18:00:00Z");
  spa_record_set_string (booking, "ends_at", "2026-12-03T19:00:00Z");
  spa_record_set_string (booking, "status", "cancelled");
  g_assert_true (spa_booking_is_upcoming (booking, now));

  spa_record_set_string (booking, "starts_at", "2026-11-30T18:00:00Z");
  spa_record_set_string (booking, "ends_at", "2026-11-30T19:00:00Z");
  g_assert_false (spa_booking_is_upcoming (booking, now));
}

/* Pain averages and prices carry the locale's decimal mark: a French desk reads
 * "5,2", never "5.2". */
static void
test_decimals (void)
{
  g_autofree char *saved = g_strdup (setlocale (LC_ALL, NULL));

  {
    g_autofree char *pain = spa_format_decimal (5.2, 1);
    g_autofree char *price = spa_format_decimal (120.5, 2);
    g_autofree char *whole = spa_format_decimal (7, 0);

    g_assert_cmpstr (pain, ==, "5.2");
    g_assert_cmpstr (price, ==, "120.50");
    g_assert_cmpstr (whole, ==, "7");
  }

  if (setlocale (LC_ALL, "fr_CA.UTF-8") == NULL)
    {
      g_test_skip ("the fr_CA.UTF-8 locale is missing (build-aux/setup.sh makes it)");
      return;
    }
  {
    g_autofree char *pain = spa_format_decimal (5.2, 1);
    g_autofree char *low = spa_format_decimal (0.05, 1);
    g_autofree char *money = spa_format_money (520, "CAD");

    g_assert_cmpstr (pain, ==, "5,2");
    g_assert_cmpstr (low, ==, "0,1");
    g_assert_nonnull (strstr (money, "5,20"));
  }
  setlocale (LC_ALL, saved);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/format/money", test_money);
  g_test_add_func ("/format/grouping", test_grouping);
  g_test_add_func ("/format/dates", test_dates);
  g_test_add_func ("/format/decimals", test_decimals);
  g_test_add_func ("/format/service", test_service);
  g_test_add_func ("/format/upcoming", test_upcoming);

  return g_test_run ();
}
