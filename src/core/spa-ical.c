/* spa-ical.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-ical"

#include "config.h"

#include <string.h>
#include <gio/gio.h>

#include "spa-ical.h"

/*
 * iCalendar text (RFC 5545) for the therapists' calendar feeds and the bookings that
 * travel with the spa's e-mails. Whatever a record holds (a name with a comma, a note
 * with new lines, bytes that are not UTF-8), what comes out is lines of at most 75
 * octets ending in CRLF, folded between characters, never inside one, with TEXT values
 * escaped so that a calendar reads back exactly the text given (less the control
 * characters TEXT may not hold). Tested as properties in tests/test-ical.c.
 */

/**
 * spa_ical_normalize_text:
 *
 * What a TEXT value can carry of @text: valid UTF-8 (bad bytes become U+FFFD), line
 * ends as LF, no control character but TAB and LF.
 *
 * Returns: (transfer full): the text an escaped value reads back as
 */
char *
spa_ical_normalize_text (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text ? text : "", -1);
  GString *out = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p; p++)
    {
      guchar c = *p;

      if (c == '\r')
        {
          g_string_append_c (out, '\n');
          if (p[1] == '\n')
            p++;
        }
      else if (c == '\n' || c == '\t' || (c >= 0x20 && c != 0x7f))
        g_string_append_c (out, c);
    }
  return g_string_free (out, FALSE);
}

/**
 * spa_ical_escape_text:
 *
 * Returns: (transfer full): @text as an iCalendar TEXT value (§3.3.11)
 */
char *
spa_ical_escape_text (const char *text)
{
  g_autofree char *normal = spa_ical_normalize_text (text);
  GString *out = g_string_sized_new (strlen (normal) + 8);

  for (const char *p = normal; *p; p++)
    {
      switch (*p)
        {
        case '\\':
        case ';':
        case ',':
          g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        default:
          g_string_append_c (out, *p);
        }
    }
  return g_string_free (out, FALSE);
}

/**
 * spa_ical_unescape_text:
 *
 * Returns: (transfer full): the text a TEXT value stands for
 */
char *
spa_ical_unescape_text (const char *value)
{
  GString *out = g_string_new (NULL);

  for (const char *p = value ? value : ""; *p; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        {
          p++;
          g_string_append_c (out, (*p == 'n' || *p == 'N') ? '\n' : *p);
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/**
 * spa_ical_append_line:
 * @line: one content line without its line end, valid UTF-8 without CR or LF
 *
 * Appends @line folded into pieces of at most %SPA_ICAL_LINE_OCTETS octets (the
 * leading space of a continuation included), each ending in CRLF.
 */
void
spa_ical_append_line (GString    *out,
                      const char *line)
{
  const char *p = line;
  gsize room = SPA_ICAL_LINE_OCTETS;

  g_return_if_fail (out != NULL && line != NULL);

  while (*p)
    {
      const char *end = p;

      /* Whole characters only: a fold inside one would make invalid UTF-8. */
      while (*end)
        {
          const char *next = g_utf8_next_char (end);

          if ((gsize)(next - p) > room)
            break;
          end = next;
        }
      g_string_append_len (out, p, end - p);
      g_string_append (out, "\r\n");
      p = end;
      if (*p)
        {
          g_string_append_c (out, ' ');
          room = SPA_ICAL_LINE_OCTETS - 1;
        }
    }
  if (p == line)
    g_string_append (out, "\r\n");
}

/**
 * spa_ical_unfold:
 *
 * Returns: (transfer full): @text with its folds (a line end then a space or a tab)
 *   taken out, as a calendar reads it
 */
char *
spa_ical_unfold (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text ? text : ""; *p; p++)
    {
      if (p[0] == '\r' && p[1] == '\n' && (p[2] == ' ' || p[2] == '\t'))
        p += 2;
      else if (p[0] == '\n' && (p[1] == ' ' || p[1] == '\t'))
        p += 1;
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/**
 * spa_ical_check_lines:
 *
 * Whether @text is content lines as RFC 5545 wants them: valid UTF-8, each line ending
 * in CRLF, no other CR or LF, at most %SPA_ICAL_LINE_OCTETS octets before its CRLF.
 *
 * Returns: %TRUE, or %FALSE with @error saying where it is not
 */
gboolean
spa_ical_check_lines (const char  *text,
                      GError     **error)
{
  const char *line = text;
  guint number = 1;

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "not UTF-8");
      return FALSE;
    }
  while (*line)
    {
      const char *end = line + strcspn (line, "\r\n");

      if (end[0] != '\r' || end[1] != '\n')
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "line %u does not end in CRLF", number);
          return FALSE;
        }
      if (end - line > SPA_ICAL_LINE_OCTETS)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "line %u is %d octets long", number, (int)(end - line));
          return FALSE;
        }
      line = end + 2;
      number++;
    }
  return TRUE;
}

/**
 * spa_ical_format_time:
 * @out: (out caller-allocates): `YYYYMMDDTHHMMSSZ`
 *
 * Returns: whether @iso8601 is a valid time (a zone-less one is UTC)
 */
gboolean
spa_ical_format_time (const char *iso8601,
                      char        out[17])
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_utc ();
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *text = NULL;

  if (iso8601 == NULL)
    return FALSE;
  dt = g_date_time_new_from_iso8601 (iso8601, zone);
  if (dt == NULL)
    return FALSE;
  utc = g_date_time_to_utc (dt);
  text = g_date_time_format (utc, "%Y%m%dT%H%M%SZ");
  if (text == NULL || strlen (text) != 16)
    return FALSE;
  memcpy (out, text, 17);
  return TRUE;
}

static void
append_text (GString    *out,
             const char *name,
             const char *text)
{
  g_autofree char *value = spa_ical_escape_text (text);
  g_autofree char *line = g_strconcat (name, ":", value, NULL);

  spa_ical_append_line (out, line);
}

/* A parameter value in quotes, which may not hold a quote itself (§3.1). */
static void
append_quoted (GString    *line,
               const char *text)
{
  g_autofree char *normal = spa_ical_normalize_text (text);

  g_string_append_c (line, '"');
  for (const char *p = normal; *p; p++)
    if (*p != '"' && *p != '\n' && *p != '\t')
      g_string_append_c (line, *p);
  g_string_append_c (line, '"');
}

/* An address as a mailto: URI: nothing that would end the line or the value. */
static void
append_address (GString    *out,
                const char *property,
                const char *name,
                const char *address,
                const char *extra)
{
  g_autofree char *normal = spa_ical_normalize_text (address);
  g_autoptr(GString) line = g_string_new (property);

  if (name != NULL && *name)
    {
      g_string_append (line, ";CN=");
      append_quoted (line, name);
    }
  if (extra != NULL)
    g_string_append (line, extra);
  g_string_append (line, ":mailto:");
  for (const char *p = normal; *p; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (line, *p);
  spa_ical_append_line (out, line->str);
}

/**
 * spa_ical_begin_calendar:
 * @method: (nullable): REQUEST, CANCEL or PUBLISH for a message; %NULL for a feed
 * @name: (nullable): the calendar's name, as calendar apps show it
 */
void
spa_ical_begin_calendar (GString    *out,
                         const char *method,
                         const char *name)
{
  g_string_append (out, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
                        "PRODID:-//Spa Desk//spa-desk-server//EN\r\nCALSCALE:GREGORIAN\r\n");
  if (method != NULL)
    g_string_append_printf (out, "METHOD:%s\r\n", method);
  if (name != NULL)
    append_text (out, "X-WR-CALNAME", name);
}

/**
 * spa_ical_append_event:
 * @dtstamp: when the calendar was made, ISO 8601
 *
 * Returns: whether the event was written (not when a time cannot be read)
 */
gboolean
spa_ical_append_event (GString            *out,
                       const SpaIcalEvent *event,
                       const char         *dtstamp)
{
  char start[17], end[17], stamp[17];

  g_return_val_if_fail (event != NULL && event->uid != NULL, FALSE);

  if (!spa_ical_format_time (event->starts_at, start) ||
      !spa_ical_format_time (event->ends_at, end) ||
      !spa_ical_format_time (dtstamp, stamp))
    return FALSE;

  g_string_append (out, "BEGIN:VEVENT\r\n");
  append_text (out, "UID", event->uid);
  g_string_append_printf (out, "DTSTAMP:%s\r\nDTSTART:%s\r\nDTEND:%s\r\nSEQUENCE:%u\r\n",
                          stamp, start, end, event->sequence);
  append_text (out, "SUMMARY", event->summary);
  if (event->location != NULL && *event->location)
    append_text (out, "LOCATION", event->location);
  if (event->description != NULL && *event->description)
    append_text (out, "DESCRIPTION", event->description);
  if (event->status != NULL)
    g_string_append_printf (out, "STATUS:%s\r\n", event->status);
  if (event->organizer != NULL)
    append_address (out, "ORGANIZER", event->organizer_name, event->organizer, NULL);
  if (event->attendee != NULL)
    append_address (out, "ATTENDEE", event->attendee_name, event->attendee,
                    ";ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=FALSE");
  g_string_append (out, "TRANSP:OPAQUE\r\nEND:VEVENT\r\n");
  return TRUE;
}

void
spa_ical_end_calendar (GString *out)
{
  g_string_append (out, "END:VCALENDAR\r\n");
}
