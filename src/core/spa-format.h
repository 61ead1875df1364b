/* spa-format.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "spa-record.h"

G_BEGIN_DECLS

char *spa_format_money          (gint64      cents,
                                 const char *currency);
char *spa_format_decimal        (double      value,
                                 guint       digits);
char *spa_format_number         (double      value,
                                 guint       digits);
char *spa_format_duration       (int         minutes);
char *spa_format_service        (SpaRecord  *service);
char *spa_format_time           (GDateTime  *local);
char *spa_format_weekday        (GDateTime  *local);
char *spa_format_date           (GDateTime  *local);
char *spa_format_utc_date       (const char *utc,
                                 GTimeZone  *zone);
char *spa_format_utc_time       (const char *utc,
                                 GTimeZone  *zone);
char *spa_format_date_weekday   (GDateTime  *local);
char *spa_format_date_short     (GDateTime  *local);
char *spa_format_weekday_day    (GDateTime  *local);
char *spa_format_month_year     (GDateTime  *local);
char *spa_format_day_month      (GDateTime  *local);
char *spa_format_date_time      (GDateTime  *local);

G_END_DECLS
