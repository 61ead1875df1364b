/* spa-server-mail-message.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-server-mail"

#include "config.h"

#include <string.h>
#include <sys/random.h>

#include "spa-server-mail.h"

/*
 * Internet messages (RFC 5322, MIME) for the spa's e-mails: multipart/mixed holding a
 * multipart/alternative (plain text, then HTML) and the booking as a text/calendar
 * attachment, or the multipart/alternative alone for a message with no booking to add.
 * Whatever a record holds, nothing reaches a header but printable ASCII on lines of at
 * most 78 characters: names and subjects go in RFC 2047 encoded words, line ends are
 * taken out, bodies are base64.
 */

/**
 * spa_mail_address_is_valid:
 *
 * Returns: whether @address is a plain `local@domain` with nothing that could end a
 *   header or hide a second address
 */
gboolean
spa_mail_address_is_valid (const char *address)
{
  const char *at;

  if (address == NULL || strlen (address) > 254)
    return FALSE;
  at = strchr (address, '@');
  if (at == NULL || at == address || at[1] == '\0' || strchr (at + 1, '@') != NULL)
    return FALSE;
  for (const char *p = address; *p; p++)
    if ((guchar)*p <= ' ' || (guchar)*p >= 0x7f || strchr ("<>()[],;:\\\"", *p) != NULL)
      return FALSE;
  return TRUE;
}

/* Printable text on one line: line ends and other controls become spaces. */
static char *
one_line (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text ? text : "", -1);

  for (char *p = valid; *p; p++)
    if ((guchar)*p < 0x20 || *p == 0x7f)
      *p = ' ';
  return g_strstrip (g_steal_pointer (&valid));
}

static gboolean
is_plain_ascii (const char *text)
{
  for (const char *p = text; *p; p++)
    if ((guchar)*p < 0x20 || (guchar)*p >= 0x7f)
      return FALSE;
  return TRUE;
}

/* Text as RFC 2047 encoded words of whole characters, folded between them. */
static void
append_encoded (GString    *out,
                const char *text)
{
  const char *p = text;

  while (*p)
    {
      const char *end = p;
      g_autofree char *base64 = NULL;

      while (*end && g_utf8_next_char (end) - p <= 45)
        end = g_utf8_next_char (end);
      base64 = g_base64_encode ((const guchar *)p, end - p);
      if (p != text)
        g_string_append (out, "\r\n ");
      g_string_append_printf (out, "=?UTF-8?B?%s?=", base64);
      p = end;
    }
}

static void
append_header_text (GString    *out,
                    const char *name,
                    const char *text)
{
  g_autofree char *line = one_line (text);

  g_string_append_printf (out, "%s: ", name);
  if (is_plain_ascii (line) && strlen (line) + strlen (name) < 76)
    g_string_append (out, line);
  else
    append_encoded (out, line);
  g_string_append (out, "\r\n");
}

/**
 * spa_mail_read_subject:
 * @message: (nullable): a message spa_mail_compose() wrote
 *
 * Reads back the Subject header as spa_mail_compose() writes it: plain ASCII, or UTF-8
 * encoded words folded onto lines of their own.
 *
 * Returns: (transfer full) (nullable): the subject as UTF-8, %NULL when there is none
 */
char *
spa_mail_read_subject (const char *message)
{
  g_autoptr(GString) subject = g_string_new (NULL);
  const char *line = message;

  /* The header's first line, at the top or after a line end, within the headers. */
  while (line != NULL && !g_str_has_prefix (line, "Subject: "))
    {
      line = strstr (line, "\r\n");
      if (line == NULL || g_str_has_prefix (line, "\r\n\r\n"))
        return NULL;
      line += 2;
    }
  if (line == NULL)
    return NULL;
  line += strlen ("Subject: ");
  for (;;)
    {
      const char *end = strstr (line, "\r\n");
      g_autofree char *part = end ? g_strndup (line, end - line) : g_strdup (line);

      if (g_str_has_prefix (part, "=?UTF-8?B?") && g_str_has_suffix (part, "?="))
        {
          gsize length = 0;
          g_autofree guchar *decoded = NULL;

          part[strlen (part) - 2] = '\0';
          decoded = g_base64_decode (part + strlen ("=?UTF-8?B?"), &length);
          g_string_append_len (subject, (const char *)decoded, length);
        }
      else
        g_string_append (subject, part);
      /* A folded encoded word goes on after a line end and a space. */
      if (end == NULL || end[2] != ' ')
        break;
      line = end + 3;
    }
  if (!g_utf8_validate (subject->str, subject->len, NULL))
    return NULL;
  return g_string_free (g_steal_pointer (&subject), FALSE);
}

static void
append_header_address (GString    *out,
                       const char *header,
                       const char *name,
                       const char *address)
{
  g_autofree char *display = one_line (name);

  g_string_append_printf (out, "%s: ", header);
  if (*display == '\0')
    ;
  else if (is_plain_ascii (display))
    {
      g_string_append_c (out, '"');
      for (const char *p = display; *p; p++)
        {
          if (*p == '"' || *p == '\\')
            g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
        }
      g_string_append (out, "\" ");
    }
  else
    {
      append_encoded (out, display);
      g_string_append (out, "\r\n ");
    }
  g_string_append_printf (out, "<%s>\r\n", address);
}

static void
append_base64_part (GString    *out,
                    const char *content_type,
                    const char *disposition,
                    const char *body)
{
  g_autofree char *base64 = g_base64_encode ((const guchar *)body, strlen (body));
  gsize length = strlen (base64);

  g_string_append_printf (out, "Content-Type: %s\r\n", content_type);
  if (disposition != NULL)
    g_string_append_printf (out, "Content-Disposition: %s\r\n", disposition);
  g_string_append (out, "Content-Transfer-Encoding: base64\r\n\r\n");
  for (gsize i = 0; i < length; i += 76)
    {
      g_string_append_len (out, base64 + i, MIN (76, length - i));
      g_string_append (out, "\r\n");
    }
}

static char *
random_hex (void)
{
  guint8 bytes[12];
  GString *hex = g_string_new (NULL);

  if (getrandom (bytes, sizeof bytes, 0) != sizeof bytes)
    for (guint i = 0; i < sizeof bytes; i++)
      bytes[i] = g_random_int_range (0, 256);
  for (guint i = 0; i < sizeof bytes; i++)
    g_string_append_printf (hex, "%02x", bytes[i]);
  return g_string_free (hex, FALSE);
}

/**
 * spa_mail_compose:
 * @date: when it is written
 *
 * Returns: (transfer full): the whole message with CRLF line ends, ready for SMTP
 */
char *
spa_mail_compose (const SpaMailParts *parts,
                  GDateTime          *date)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *mixed = random_hex ();
  g_autofree char *alternative = random_hex ();
  g_autofree char *id = random_hex ();
  g_autofree char *when = NULL;
  const char *domain = strchr (parts->from, '@');

  g_return_val_if_fail (spa_mail_address_is_valid (parts->from), NULL);
  g_return_val_if_fail (spa_mail_address_is_valid (parts->to), NULL);

  append_header_address (out, "From", parts->from_name, parts->from);
  append_header_address (out, "To", parts->to_name, parts->to);
  append_header_text (out, "Subject", parts->subject);
  /* %a and %b would follow the locale; RFC 5322 wants English names. */
  {
    static const char * const days[] = { "", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
    static const char * const months[] = { "", "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    g_autofree char *rest = g_date_time_format (date, "%Y %H:%M:%S %z");

    when = g_strdup_printf ("%s, %02d %s %s", days[g_date_time_get_day_of_week (date)],
                            g_date_time_get_day_of_month (date),
                            months[g_date_time_get_month (date)], rest);
  }
  g_string_append_printf (out, "Date: %s\r\n", when);
  g_string_append_printf (out, "Message-ID: <%s.%s%s>\r\n", parts->kind, id, domain);
  g_string_append_printf (out, "Content-Language: %s\r\n", parts->language);
  g_string_append (out, "Auto-Submitted: auto-generated\r\nMIME-Version: 1.0\r\n");
  /* A message about a visit that is over (a thank-you) has no booking to attach. */
  if (parts->calendar != NULL)
    {
      g_string_append_printf (out, "Content-Type: multipart/mixed; boundary=\"%s\"\r\n\r\n",
                              mixed);
      g_string_append_printf (out, "--%s\r\n", mixed);
    }
  g_string_append_printf (out, "Content-Type: multipart/alternative; boundary=\"%s\"\r\n\r\n",
                          alternative);
  g_string_append_printf (out, "--%s\r\n", alternative);
  append_base64_part (out, "text/plain; charset=utf-8", NULL, parts->text);
  g_string_append_printf (out, "--%s\r\n", alternative);
  append_base64_part (out, "text/html; charset=utf-8", NULL, parts->html);
  g_string_append_printf (out, "--%s--\r\n", alternative);

  if (parts->calendar != NULL)
    {
      g_autofree char *calendar_type =
        g_strdup_printf ("text/calendar; charset=utf-8; method=%s; name=\"booking.ics\"",
                         parts->method);

      g_string_append_printf (out, "--%s\r\n", mixed);
      append_base64_part (out, calendar_type, "attachment; filename=\"booking.ics\"",
                          parts->calendar);
      g_string_append_printf (out, "--%s--\r\n", mixed);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}
