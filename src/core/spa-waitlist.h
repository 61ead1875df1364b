/* spa-waitlist.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "spa-record.h"
#include "spa-store.h"

G_BEGIN_DECLS

/* A client waiting for a time that is taken (docs/waitlist.md): the entity and its
 * field names as the store, the outbox and the wire spell them. */
#define SPA_WAITLIST_ENTITY       "waitlist_entry"
#define SPA_WAITLIST_CLIENT_ID    "client_id"
#define SPA_WAITLIST_SERVICE_ID   "service_id"
#define SPA_WAITLIST_THERAPIST_ID "therapist_id"
#define SPA_WAITLIST_DAYS         "days"
#define SPA_WAITLIST_EARLIEST     "earliest"
#define SPA_WAITLIST_LATEST       "latest"
#define SPA_WAITLIST_UNTIL        "until"
#define SPA_WAITLIST_STATUS       "status"
#define SPA_WAITLIST_BOOKING_ID   "booking_id"
#define SPA_WAITLIST_NOTES        "notes"
/* The start (UTC) of the time the server last offered the client by e-mail. */
#define SPA_WAITLIST_OFFER_STARTS_AT "offer_starts_at"

int        spa_waitlist_parse_time (const char *hhmm);
GPtrArray *spa_waitlist_list     (SpaStore   *store,
                                  GError    **error);
gboolean   spa_waitlist_suits    (SpaRecord  *entry,
                                  const char *service_id,
                                  const char *therapist_id,
                                  GDateTime  *starts,
                                  GDateTime  *ends,
                                  GTimeZone  *zone);
GPtrArray *spa_waitlist_matches  (SpaStore   *store,
                                  SpaRecord  *freed,
                                  GTimeZone  *zone,
                                  GError    **error);

const char *spa_waitlist_current_status (SpaRecord *entry,
                                         gboolean   taken,
                                         GDateTime *now,
                                         GTimeZone *zone);
GPtrArray  *spa_waitlist_list_offered (SpaStore  *store,
                                        GError   **error);
GPtrArray  *spa_waitlist_list_ended (SpaStore   *store,
                                     GDateTime  *now,
                                     GTimeZone  *zone,
                                     GError    **error);
gboolean   spa_waitlist_set_status (SpaStore   *store,
                                    const char *id,
                                    const char *status,
                                    GError    **error);
const char *spa_waitlist_status_label (const char *status);
char       *spa_waitlist_describe_status (SpaRecord *entry,
                                          GTimeZone *zone);

G_END_DECLS
