/* spa-location.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "spa-location-fields.h"
#include "spa-store.h"

G_BEGIN_DECLS

gboolean    spa_location_therapist_works_at (SpaRecord   *therapist,
                                             const char  *location_id);
JsonNode   *spa_location_therapist_hours    (SpaRecord   *therapist,
                                             const char  *location_id);
gboolean    spa_location_check_booking      (SpaStore    *store,
                                             SpaRecord   *booking,
                                             GError     **error);

GPtrArray  *spa_location_list               (SpaStore    *store,
                                             const char  *keep_id,
                                             GError     **error);
guint       spa_location_count              (SpaStore    *store);
char       *spa_location_dup_name           (SpaStore    *store,
                                             const char  *location_id);
GTimeZone  *spa_location_get_zone           (SpaRecord   *location,
                                             GTimeZone   *fallback);
GTimeZone  *spa_location_zone               (SpaStore    *store,
                                             const char  *location_id,
                                             GTimeZone   *desk_zone);
GDateTime  *spa_location_now                (SpaStore    *store,
                                             const char  *location_id,
                                             GTimeZone   *desk_zone);
gboolean    spa_location_takes_bookings     (SpaStore    *store,
                                             const char  *location_id);

G_END_DECLS
