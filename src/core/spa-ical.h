/* spa-ical.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The longest content line, in octets, before its CRLF (RFC 5545 §3.1). */
#define SPA_ICAL_LINE_OCTETS 75

/* One booking as a calendar event: UTC times in ISO 8601 ("2026-11-25T17:30:00Z").
 * Every text is plain text; the writer escapes and folds it. */
typedef struct
{
  const char *uid;
  const char *starts_at;
  const char *ends_at;
  const char *summary;
  const char *location;      /* (nullable) */
  const char *description;   /* (nullable) */
  const char *status;        /* TENTATIVE, CONFIRMED or CANCELLED; (nullable) */
  const char *organizer;     /* (nullable) an e-mail address */
  const char *organizer_name;/* (nullable) */
  const char *attendee;      /* (nullable) an e-mail address */
  const char *attendee_name; /* (nullable) */
  guint       sequence;
} SpaIcalEvent;

char     *spa_ical_escape_text      (const char   *text);
char     *spa_ical_unescape_text    (const char   *value);
char     *spa_ical_normalize_text   (const char   *text);
void      spa_ical_append_line      (GString      *out,
                                     const char   *line);
char     *spa_ical_unfold           (const char   *text);
gboolean  spa_ical_check_lines      (const char   *text,
                                     GError      **error);
gboolean  spa_ical_format_time      (const char   *iso8601,
                                     char          out[17]);

void      spa_ical_begin_calendar   (GString      *out,
                                     const char   *method,
                                     const char   *name);
gboolean  spa_ical_append_event     (GString      *out,
                                     const SpaIcalEvent *event,
                                     const char   *dtstamp);
void      spa_ical_end_calendar     (GString      *out);

G_END_DECLS
