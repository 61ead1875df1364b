/* spa-util.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The years a date or a time may fall in (docs/sync-protocol.md). */
#define SPA_DATE_MIN_YEAR 1900
#define SPA_DATE_MAX_YEAR 2199

char      *spa_uuid_new             (void);
char      *spa_time_format_utc      (GDateTime  *dt);
char      *spa_time_now_utc         (void);
GDateTime *spa_time_parse_utc       (const char *iso8601);
gboolean   spa_date_parse           (const char *ymd,
                                     int        *year,
                                     int        *month,
                                     int        *day);
char      *spa_text_fold            (const char *text);
char      *spa_text_fold_name_words (const char *text);
char      *spa_phone_digits         (const char *phone);
char      *spa_phone_search_tokens  (const char *phone);
gboolean   spa_email_is_valid       (const char *email);
gboolean   spa_str_empty            (const char *str);

G_END_DECLS
