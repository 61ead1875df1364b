/* spa-util.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-util"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "spa-util.h"

/**
 * spa_uuid_new:
 *
 * Returns: (transfer full): a new random (v4) UUID, lower case
 */
char *
spa_uuid_new (void)
{
  return g_uuid_string_random ();
}

/**
 * spa_time_format_utc:
 * @dt: a #GDateTime
 *
 * Returns: (transfer full): @dt as ISO 8601 UTC with a `Z`, to the second
 */
char *
spa_time_format_utc (GDateTime *dt)
{
  g_autoptr(GDateTime) utc = NULL;

  g_return_val_if_fail (dt != NULL, NULL);

  utc = g_date_time_to_utc (dt);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

char *
spa_time_now_utc (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return spa_time_format_utc (now);
}

/* Reads @n digits (no sign, no space) as a number. */
static gboolean
read_digits (const char *p,
             int         n,
             int        *value)
{
  *value = 0;
  for (int i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (p[i]))
        return FALSE;
      *value = *value * 10 + (p[i] - '0');
    }
  return TRUE;
}

static gboolean
valid_date (int y,
            int m,
            int d)
{
  return y >= SPA_DATE_MIN_YEAR && y <= SPA_DATE_MAX_YEAR && m >= 1 && m <= 12 && d >= 1 &&
         d <= g_date_get_days_in_month (m, y);
}

/**
 * spa_time_parse_utc:
 * @iso8601: a time written exactly `YYYY-MM-DDTHH:MM:SSZ`
 *
 * The one form of a time in Spa Desk (DESIGN.md): UTC with a `Z`, to the second, no
 * fraction, a year from %SPA_DATE_MIN_YEAR to %SPA_DATE_MAX_YEAR, no leap second. Any
 * other ISO 8601 form (an offset, the basic, ordinal or week forms) is refused, so
 * that two strings are the same time only if they are the same text, and times sort
 * as text.
 *
 * Returns: (transfer full) (nullable): the time, or %NULL if @iso8601 is not in that form
 */
GDateTime *
spa_time_parse_utc (const char *iso8601)
{
  int y, mo, d, h, mi, s;

  if (iso8601 == NULL || strlen (iso8601) != 20)
    return NULL;
  if (!read_digits (iso8601, 4, &y) || iso8601[4] != '-' ||
      !read_digits (iso8601 + 5, 2, &mo) || iso8601[7] != '-' ||
      !read_digits (iso8601 + 8, 2, &d) || iso8601[10] != 'T' ||
      !read_digits (iso8601 + 11, 2, &h) || iso8601[13] != ':' ||
      !read_digits (iso8601 + 14, 2, &mi) || iso8601[16] != ':' ||
      !read_digits (iso8601 + 17, 2, &s) || iso8601[19] != 'Z')
    return NULL;
  if (!valid_date (y, mo, d) || h > 23 || mi > 59 || s > 59)
    return NULL;

  return g_date_time_new_utc (y, mo, d, h, mi, s);
}

/**
 * spa_date_parse:
 * @ymd: a date written exactly `YYYY-MM-DD`
 *
 * Returns: %TRUE if @ymd is a real calendar date in that form, in the years
 *   %SPA_DATE_MIN_YEAR to %SPA_DATE_MAX_YEAR
 */
gboolean
spa_date_parse (const char *ymd,
                int        *year,
                int        *month,
                int        *day)
{
  int y, m, d;

  if (ymd == NULL || strlen (ymd) != 10 ||
      !read_digits (ymd, 4, &y) || ymd[4] != '-' ||
      !read_digits (ymd + 5, 2, &m) || ymd[7] != '-' ||
      !read_digits (ymd + 8, 2, &d) || !valid_date (y, m, d))
    return FALSE;

  if (year)
    *year = y;
  if (month)
    *month = m;
  if (day)
    *day = d;

  return TRUE;
}

/* Letters that Unicode does not decompose into a base letter and a mark, written the
 * way people type them on a keyboard without them (after lower-casing). */
static const char *
fold_letter (gunichar c)
{
  switch (c)
    {
    case 0x00DF: return "ss"; /* ß */
    case 0x1E9E: return "ss"; /* ẞ */
    case 0x00E6: return "ae"; /* æ */
    case 0x0153: return "oe"; /* œ */
    case 0x00F8: return "o";  /* ø */
    case 0x0142: return "l";  /* ł */
    case 0x0111: return "d";  /* đ */
    case 0x00F0: return "d";  /* ð */
    case 0x00FE: return "th"; /* þ */
    case 0x0131: return "i";  /* dotless ı */
    case 0x0127: return "h";  /* ħ */
    case 0x0167: return "t";  /* ŧ */
    case 0x0180: return "b";  /* ƀ */
    case 0x0188: return "c";  /* ƈ */
    case 0x0192: return "f";  /* ƒ */
    case 0x01B6: return "z";  /* ƶ */
    case 0x0138: return "k";  /* ĸ */
    case 0x014B: return "ng"; /* ŋ */
    case 0x0140: return "l";  /* ŀ */
    default:     return NULL;
    }
}

/**
 * spa_text_fold:
 * @text: (nullable): some text
 *
 * Folds case, strips accents and writes letters such as ø, æ, œ, ß, ł, đ and þ as
 * plain Latin letters (o, ae, oe, ss, l, d, th), so that "Zoë" and "zoe", "Søren" and
 * "soren" compare equal. Compatibility forms (ligatures such as ﬁ, full-width letters)
 * become their plain letters too.
 *
 * Returns: (transfer full): the folded text
 */
char *
spa_text_fold (const char *text)
{
  g_autofree char *decomposed = NULL;
  GString *out;

  if (text == NULL)
    return g_strdup ("");

  decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFKD);
  if (decomposed == NULL)
    return g_strdup ("");

  out = g_string_sized_new (strlen (decomposed));
  for (const char *p = decomposed; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);
      const char *plain;

      if (type == G_UNICODE_NON_SPACING_MARK ||
          type == G_UNICODE_SPACING_MARK ||
          type == G_UNICODE_ENCLOSING_MARK)
        continue;

      c = g_unichar_tolower (c);
      plain = fold_letter (c);
      if (plain != NULL)
        g_string_append (out, plain);
      else
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

static gboolean
is_word_joiner (gunichar c)
{
  switch (c)
    {
    case '\'': case '`': case 0x00B4: case 0x2018: case 0x2019: case 0x02BC: /* apostrophes */
    case '-': case 0x2010: case 0x2011:                                     /* hyphens */
      return TRUE;
    default:
      return FALSE;
    }
}

/**
 * spa_text_fold_name_words:
 * @text: (nullable): a name, or several
 *
 * Folds @text as spa_text_fold() does and adds each word written with apostrophes or
 * hyphens once more without them: "O’Connor Smith-Jones" gives "o’connor smith-jones
 * oconnor smithjones". A search index that splits words at punctuation then finds the
 * name by "o'connor", "oconnor", "connor", "smith-jones" and "smithjones".
 *
 * Returns: (transfer full): the folded words
 */
char *
spa_text_fold_name_words (const char *text)
{
  g_autofree char *folded = spa_text_fold (text);
  GString *out = g_string_new (folded);
  const char *p = folded;

  while (*p)
    {
      g_autoptr(GString) joined = g_string_new (NULL);
      gboolean compound = FALSE;

      if (!g_unichar_isalnum (g_utf8_get_char (p)))
        {
          p = g_utf8_next_char (p);
          continue;
        }

      /* A run of letters and digits, joined by single apostrophes or hyphens. */
      for (;;)
        {
          const char *next;

          while (*p && g_unichar_isalnum (g_utf8_get_char (p)))
            {
              g_string_append_unichar (joined, g_utf8_get_char (p));
              p = g_utf8_next_char (p);
            }
          if (!*p || !is_word_joiner (g_utf8_get_char (p)))
            break;
          next = g_utf8_next_char (p);
          if (!*next || !g_unichar_isalnum (g_utf8_get_char (next)))
            break;
          compound = TRUE;
          p = next;
        }

      if (compound)
        {
          g_string_append_c (out, ' ');
          g_string_append (out, joined->str);
        }
    }

  return g_string_free (out, FALSE);
}

/**
 * spa_phone_digits:
 * @phone: (nullable): a phone number as typed
 *
 * Returns: (transfer full): the digits of @phone only
 */
char *
spa_phone_digits (const char *phone)
{
  GString *out = g_string_new (NULL);

  for (const char *p = phone; p && *p; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (out, *p);

  return g_string_free (out, FALSE);
}

/**
 * spa_phone_search_tokens:
 * @phone: (nullable): a phone number as typed
 *
 * The words a phone number is indexed under: its digit groups as written
 * ("1 604 555 0123") and every tail of its digits of four or more, so that
 * "604 55", "6045550123" and "0123" all find "+1 (604) 555-0123".
 *
 * Returns: (transfer full): space-separated tokens
 */
char *
spa_phone_search_tokens (const char *phone)
{
  g_autofree char *digits = spa_phone_digits (phone);
  GString *out = g_string_new (NULL);
  gboolean in_group = FALSE;
  gsize len = strlen (digits);

  for (const char *p = phone; p && *p; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          if (!in_group && out->len > 0)
            g_string_append_c (out, ' ');
          g_string_append_c (out, *p);
          in_group = TRUE;
        }
      else
        in_group = FALSE;
    }

  for (gsize i = 0; len >= 4 && i <= len - 4; i++)
    {
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, digits + i);
    }

  return g_string_free (out, FALSE);
}

/**
 * spa_email_is_valid:
 * @email: an e-mail address
 *
 * A deliberately plain check: one `@`, something before it, a dotted domain after it,
 * no spaces.
 */
gboolean
spa_email_is_valid (const char *email)
{
  const char *at;
  const char *dot;

  if (spa_str_empty (email))
    return FALSE;

  if (strpbrk (email, " \t\n\r,;<>") != NULL)
    return FALSE;

  at = strchr (email, '@');
  if (at == NULL || at == email || strchr (at + 1, '@') != NULL)
    return FALSE;

  dot = strrchr (at + 1, '.');
  if (dot == NULL || dot == at + 1 || dot[1] == '\0' || strlen (dot + 1) < 2)
    return FALSE;

  return strstr (at, "..") == NULL;
}

gboolean
spa_str_empty (const char *str)
{
  if (str == NULL)
    return TRUE;

  for (; *str; str++)
    if (!g_ascii_isspace (*str))
      return FALSE;

  return TRUE;
}
