/* spa-format.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-format"

#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "spa-format.h"
#include "spa-util.h"

/*
 * Money, dates and times as the desk shows them, in one place so that every page
 * writes them alike. The patterns are translatable (a French desk reads "1 décembre
 * 2026" and "120,00 $"); days of the month are never padded ("%-e", not "%e", which
 * left "Tuesday   1 December"). Times are the spa's 24-hour HH:MM everywhere. Every
 * function takes a time already in the zone it should be read in.
 */

static const struct {
  const char *code;
  const char *symbol;
} currencies[] = {
  { "CAD", "$" }, { "USD", "US$" }, { "EUR", "€" }, { "GBP", "£" }, { "AUD", "A$" },
  { "NZD", "NZ$" }, { "JPY", "¥" }, { "CHF", "CHF" }, { "MXN", "MX$" },
};

static const char *
non_empty (const char *a,
           const char *b)
{
  return a != NULL && *a != '\0' ? a : b;
}

/* The mark between groups of three digits: the locale's, else (the C locale has
 * none, and "$1234567.00" is hard to read) a comma beside a decimal point and a
 * narrow no-break space beside a decimal comma, as English and French write them. */
static const char *
group_mark (const char *locale_mark,
            const char *point)
{
  if (locale_mark != NULL && *locale_mark != '\0')
    return locale_mark;
  return g_str_equal (point, ",") ? "\u202f" : ",";
}

/* @digits (ASCII digits only) with @group between each group of three. */
static void
append_grouped (GString    *out,
                const char *digits,
                const char *group)
{
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (out, group);
      g_string_append_c (out, digits[i]);
    }
}

/**
 * spa_format_money:
 * @cents: the amount in cents
 * @currency: (nullable): the ISO 4217 code (CAD when %NULL)
 *
 * Returns: (transfer full): the amount with its currency, with the locale's decimal
 *   mark and digit grouping ("$1,120.00" in English, "1 120,00 $" in French)
 */
char *
spa_format_money (gint64      cents,
                  const char *currency)
{
  struct lconv *lc = localeconv ();
  const char *point = non_empty (lc->mon_decimal_point, non_empty (lc->decimal_point, "."));
  const char *group = group_mark (lc->mon_thousands_sep, point);
  const char *code = non_empty (currency, "CAD");
  const char *symbol = code;
  guint64 magnitude = cents < 0 ? (guint64)(-(cents + 1)) + 1 : (guint64)cents;
  g_autofree char *units = g_strdup_printf ("%" G_GUINT64_FORMAT, magnitude / 100);
  g_autoptr(GString) amount = g_string_new (NULL);
  const char *sign = cents < 0 ? "-" : "";

  for (guint i = 0; i < G_N_ELEMENTS (currencies); i++)
    if (g_ascii_strcasecmp (currencies[i].code, code) == 0)
      symbol = currencies[i].symbol;

  append_grouped (amount, units, group);
  g_string_append_printf (amount, "%s%02u", point, (guint)(magnitude % 100));

  if (g_ascii_isalpha (symbol[0]))
    {
      /* TRANSLATORS: an amount (%1$s) and an ISO currency code (%2$s), e.g. "CHF 120.00" */
      g_autofree char *text = g_strdup_printf (C_("money with a code", "%2$s %1$s"), amount->str, symbol);

      return g_strconcat (sign, text, NULL);
    }

  /* TRANSLATORS: an amount (%1$s) and its currency symbol (%2$s), e.g. "$120.00";
   * French puts the symbol after: "%1$s %2$s" */
  {
    g_autofree char *text = g_strdup_printf (C_("money", "%2$s%1$s"), amount->str, symbol);

    return g_strconcat (sign, text, NULL);
  }
}

/**
 * spa_format_decimal:
 * @value: the number
 * @digits: how many digits after the decimal mark
 *
 * Returns: (transfer full): @value with the locale's decimal mark ("5.2" in English,
 *   "5,2" in French), as pain averages are read at the desk
 */
char *
spa_format_decimal (double value,
                    guint  digits)
{
  struct lconv *lc = localeconv ();
  const char *point = non_empty (lc->decimal_point, ".");
  g_autofree char *text = NULL;
  char *dot;

  /* Written the C way, then given the locale's mark: the result does not depend on
   * whether LC_NUMERIC was set alone or through LC_ALL. */
  text = g_strdup_printf ("%.*f", (int)MIN (digits, 6), value);
  for (dot = text; *dot != '\0' && *dot != '.' && *dot != ','; dot++)
    ;
  if (*dot == '\0')
    return g_steal_pointer (&text);
  *dot = '\0';
  return g_strconcat (text, point, dot + 1, NULL);
}

/**
 * spa_format_number:
 * @value: the number
 * @digits: how many digits after the decimal mark
 *
 * Returns: (transfer full): @value with the locale's decimal mark and its digits
 *   grouped by three ("12,480" or "1,204.5" in English, "12 480" in French), as
 *   counts and hours are read in reports
 */
char *
spa_format_number (double value,
                   guint  digits)
{
  struct lconv *lc = localeconv ();
  const char *point = non_empty (lc->decimal_point, ".");
  g_autofree char *text = g_strdup_printf ("%.*f", (int)MIN (digits, 6), value);
  g_autoptr(GString) out = g_string_new (NULL);
  char *start = text;
  char *dot;

  /* Written the C way (LC_NUMERIC may be the C locale's), then grouped and given the
   * locale's marks. */
  if (*start == '-')
    {
      g_string_append_c (out, '-');
      start++;
    }
  if (!g_ascii_isdigit (*start))
    return g_steal_pointer (&text);  /* inf, nan */
  for (dot = start; g_ascii_isdigit (*dot); dot++)
    ;
  if (*dot != '\0')
    *dot++ = '\0';
  else
    dot = NULL;
  append_grouped (out, start, group_mark (lc->thousands_sep, point));
  if (dot != NULL)
    g_string_append_printf (out, "%s%s", point, dot);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * spa_format_duration:
 *
 * Returns: (transfer full): "90 min"
 */
char *
spa_format_duration (int minutes)
{
  /* TRANSLATORS: a length of time in minutes */
  return g_strdup_printf (_("%d min"), minutes);
}

static gboolean
strip_suffix (char       *name,
              const char *suffix)
{
  gsize n = strlen (name), k = strlen (suffix);

  if (k == 0 || n <= k || strcmp (name + n - k, suffix) != 0)
    return FALSE;
  name[n - k] = '\0';
  return TRUE;
}

/**
 * spa_format_service:
 *
 * The service as a choice in a list: its name, then its length set apart ("Deep
 * tissue massage · 90 min"). The default services carry their length in their name
 * ("Deep tissue massage, 90 min", as migration 1 wrote it in the desk's language);
 * it is taken off so the length shows once.
 *
 * Returns: (transfer full): the label
 */
char *
spa_format_service (SpaRecord *service)
{
  int minutes;
  g_autofree char *name = NULL;
  g_autofree char *translated = NULL;
  g_autofree char *english = NULL;
  g_autofree char *duration = NULL;

  g_return_val_if_fail (SPA_IS_RECORD (service), NULL);

  minutes = (int)spa_record_get_int (service, "duration_min", 0);
  name = g_strdup (spa_record_get_string (service, "name"));
  if (name == NULL)
    name = g_strdup ("");
  if (minutes <= 0)
    return g_steal_pointer (&name);

  translated = g_strdup_printf (_("%s, %d min"), "", minutes);
  english = g_strdup_printf ("%s, %d min", "", minutes);
  if (!strip_suffix (name, translated))
    strip_suffix (name, english);

  duration = spa_format_duration (minutes);
  /* TRANSLATORS: a service and its length, "Deep tissue massage · 90 min" */
  return g_strdup_printf (C_("service", "%s · %s"), name, duration);
}

/**
 * spa_format_time:
 *
 * Returns: (transfer full): "14:30"
 */
char *
spa_format_time (GDateTime *local)
{
  g_return_val_if_fail (local != NULL, NULL);
  return g_date_time_format (local, "%H:%M");
}

/**
 * spa_format_weekday:
 *
 * Returns: (transfer full): "Tuesday"
 */
char *
spa_format_weekday (GDateTime *local)
{
  g_return_val_if_fail (local != NULL, NULL);
  return g_date_time_format (local, "%A");
}

/**
 * spa_format_date:
 *
 * Returns: (transfer full): "December 1, 2026" ("1 décembre 2026")
 */
char *
spa_format_date (GDateTime *local)
{
  g_return_val_if_fail (local != NULL, NULL);
  /* TRANSLATORS: a date, see g_date_time_format; never %e, which pads with a space */
  return g_date_time_format (local, C_("date", "%B %-e, %Y"));
}

/**
 * spa_format_utc_date:
 * @utc: (nullable): a UTC time as the store keeps it
 * @zone: the spa's time zone
 *
 * Returns: (transfer full): the day of @utc in @zone, as spa_format_date() writes it;
 *   "" when @utc is not a time
 */
/* @utc as stored, read in @zone and written by @format; "" when unreadable. */
static char *
format_utc (const char *utc,
            GTimeZone  *zone,
            char *    (*format) (GDateTime *local))
{
  g_autoptr(GDateTime) at = spa_time_parse_utc (utc);
  g_autoptr(GDateTime) local = NULL;

  if (at == NULL)
    return g_strdup ("");
  local = g_date_time_to_timezone (at, zone);
  return format (local);
}

char *
spa_format_utc_date (const char *utc,
                     GTimeZone  *zone)
{
  return format_utc (utc, zone, spa_format_date);
}

/**
 * spa_format_utc_time:
 * @utc: a time in UTC, as stored
 * @zone: the zone whose clock reads it (a location's, the desk's)
 *
 * Returns: (transfer full): the clock time ("14:30"), or "" when @utc is unreadable
 */
char *
spa_format_utc_time (const char *utc,
                     GTimeZone  *zone)
{
  return format_utc (utc, zone, spa_format_time);
}

/**
 * spa_format_date_weekday:
 *
 * Returns: (transfer full): "Tuesday, December 1, 2026" ("mardi 1 décembre 2026")
 */
char *
spa_format_date_weekday (GDateTime *local)
{
  g_return_val_if_fail (local != NULL, NULL);
  /* TRANSLATORS: a date with its weekday, see g_date_time_format */
  return g_date_time_format (local, C_("date", "%A, %B %-e, %Y"));
}

/**
 * spa_format_date_short:
 *
 * Returns: (transfer full): "Tue, Dec 1, 2026" ("mar. 1 déc. 2026")
 */
char *
spa_format_date_short (GDateTime *local)
{
  g_return_val_if_fail (local != NULL, NULL);
  /* TRANSLATORS: a short date with its weekday, see g_date_time_format */
  return g_date_time_format (local, C_("date", "%a, %b %-e, %Y"));
}

/**
 * spa_format_day_month:
 *
 * Returns: (transfer full): "Dec 1" ("1 déc.")
 */
char *
spa_format_day_month (GDateTime *local)
{
  g_return_val_if_fail (local != NULL, NULL);
  /* TRANSLATORS: a day and month without the year, see g_date_time_format */
  return g_date_time_format (local, C_("date", "%b %-e"));
}

/**
 * spa_format_weekday_day:
 *
 * Returns: (transfer full): "Tue 1" ("mar. 1"), a column of a week
 */
char *
spa_format_weekday_day (GDateTime *local)
{
  g_return_val_if_fail (local != NULL, NULL);
  /* TRANSLATORS: a weekday and day of the month, see g_date_time_format */
  return g_date_time_format (local, C_("date", "%a %-e"));
}

/**
 * spa_format_month_year:
 *
 * Returns: (transfer full): "Nov 2026" ("nov. 2026")
 */
char *
spa_format_month_year (GDateTime *local)
{
  g_return_val_if_fail (local != NULL, NULL);
  /* TRANSLATORS: a month and year, see g_date_time_format */
  return g_date_time_format (local, C_("date", "%b %Y"));
}

/**
 * spa_format_date_time:
 *
 * Returns: (transfer full): "December 1, 2026 at 14:30" ("1 décembre 2026 à 14:30")
 */
char *
spa_format_date_time (GDateTime *local)
{
  g_autofree char *date = NULL;
  g_autofree char *time = NULL;

  g_return_val_if_fail (local != NULL, NULL);

  date = spa_format_date (local);
  time = spa_format_time (local);
  /* TRANSLATORS: a date and a time, "December 1, 2026 at 14:30" */
  return g_strdup_printf (C_("date and time", "%s at %s"), date, time);
}
