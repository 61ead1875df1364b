/* spa-server-public.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "spa-server-route.h"

G_BEGIN_DECLS

/* A public request body (a booking, an intake form) is small: anything larger is 413. */
#define SPA_PUBLIC_MAX_BODY          (64 * 1024)
#define SPA_PUBLIC_DEFAULT_RATE      20     /* creates per address and minute */
#define SPA_PUBLIC_LINK_DAYS         30     /* a secret link lives this long after the visit */
#define SPA_PUBLIC_DEFAULT_COLOR     "#2f6f62"  /* the pages' and e-mails' accent */

SpaPublicSite     *spa_public_site_new        (GTimeZone         *zone);
void               spa_public_site_free       (SpaPublicSite     *site);
GTimeZone         *spa_public_site_get_zone   (SpaPublicSite     *site);

gboolean           spa_public_is_route        (const char        *path);
SpaServerRouteNext spa_public_route_headers   (SpaStore          *store,
                                               GMutex            *store_lock,
                                               SpaServerRequest  *request,
                                               SpaServerResponse *response);
void               spa_public_route_work      (SpaStore          *store,
                                               GMutex            *store_lock,
                                               SpaServerRequest  *request,
                                               SpaServerResponse *response);

/* Settings: the server's own in server_setting (spa_name, spa_color, logo, rate_limit,
 * public_url), the booking rules in the synced online_settings record (online_booking,
 * slot_minutes, notice_minutes, horizon_days, cancel_hours, intro). */
char              *spa_public_get_setting     (SpaStore          *store,
                                               const char        *key);
gboolean           spa_public_set_setting     (SpaStore          *store,
                                               const char        *key,
                                               const char        *value,
                                               GError           **error);
const char * const *spa_public_setting_names  (void);

/* What the pages (spa-server-pages.c) read, under the store lock. */
GPtrArray         *spa_public_list_services   (SpaStore          *store);
GPtrArray         *spa_public_list_therapists (SpaStore          *store,
                                               const char        *service_id);
GPtrArray         *spa_public_find_slots      (SpaStore          *store,
                                               SpaPublicSite     *site,
                                               const char        *location_id,
                                               const char        *service_id,
                                               const char        *therapist_id,
                                               GDateTime         *first_day,
                                               guint              days,
                                               guint              max_slots);
SpaRecord         *spa_public_open_link       (SpaStore          *store,
                                               const char        *kind,
                                               const char        *secret,
                                               gboolean          *used);
JsonObject        *spa_public_booking_json    (SpaStore          *store,
                                               SpaRecord         *booking);
gboolean           spa_public_booking_changeable (SpaStore       *store,
                                                  SpaRecord      *booking);
gboolean           spa_public_booking_upcoming   (SpaStore       *store,
                                                  SpaRecord      *booking);

/* Secrets in URLs: 256 random bits as 43 URL-safe characters, kept as SHA-256. */
char              *spa_public_new_secret      (void);
char              *spa_public_hash_secret     (const char        *secret);
gboolean           spa_public_secret_is_well_formed (const char  *secret);
char              *spa_public_absolute_url    (SpaStore          *store,
                                               const char        *path);
gboolean           spa_public_is_color        (const char        *value);
char              *spa_public_new_manage_url  (SpaStore          *store,
                                               SpaRecord         *booking,
                                               GError           **error);
char              *spa_public_new_intake_url  (SpaStore          *store,
                                               SpaRecord         *booking,
                                               GError           **error);

/* The pages (spa-server-pages.c). */
const char        *spa_public_translate       (gboolean           french,
                                               const char        *english);
gboolean           spa_public_wants_french    (SpaServerRequest  *request);
char              *spa_public_fill            (const char        *sentence,
                                               const char        *value);
char              *spa_public_format_when     (gboolean           french,
                                               GTimeZone         *zone,
                                               GDateTime         *utc);
void               spa_public_page            (SpaStore          *store,
                                               SpaServerRequest  *request,
                                               SpaServerResponse *response);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpaPublicSite, spa_public_site_free)

G_END_DECLS
