/* spa-clinical.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "spa-account.h"
#include "spa-record.h"
#include "spa-store.h"

G_BEGIN_DECLS

/* One session's pain ratings; -1 where not recorded. */
typedef struct
{
  char date[11];        /* YYYY-MM-DD */
  int  before;
  int  after;
} SpaPainPoint;

/* One rating of one region, from an intake or a session note. */
typedef struct
{
  char date[11];
  int  intensity;
} SpaRegionPoint;

typedef void (*SpaAreaFunc) (const char *region,
                             JsonObject *area,
                             gpointer    user_data);

const char *spa_clinical_area_get_string   (JsonObject  *area,
                                            const char  *member);
void        spa_clinical_foreach_area      (JsonNode    *areas,
                                            SpaAreaFunc  func,
                                            gpointer     user_data);
gboolean    spa_intake_check_areas         (JsonNode    *areas,
                                            const char  *field,
                                            char       **path,
                                            GError     **error);

SpaRecord  *spa_clinical_current_intake    (SpaStore    *store,
                                            const char  *client_id,
                                            GError     **error);
GPtrArray  *spa_clinical_list_intakes      (SpaStore    *store,
                                            const char  *client_id,
                                            GError     **error);
GPtrArray  *spa_clinical_list_notes        (SpaStore    *store,
                                            const char  *client_id,
                                            GError     **error);
GPtrArray  *spa_clinical_list_amendments   (SpaStore    *store,
                                            const char  *note_id,
                                            GError     **error);
SpaRecord  *spa_clinical_find_booking_note (SpaStore   *store,
                                            const char *booking_id,
                                            GError    **error);
GArray     *spa_clinical_pain_series       (SpaStore    *store,
                                            const char  *client_id,
                                            GError     **error);
GHashTable *spa_clinical_region_history    (SpaStore    *store,
                                            const char  *client_id,
                                            GError     **error);

SpaRecord  *spa_clinical_new_note          (SpaStore    *store,
                                            const char  *client_id,
                                            const char  *booking_id,
                                            const char  *session_date,
                                            GError     **error);
gboolean    spa_clinical_is_signed         (SpaRecord   *note);
gboolean    spa_clinical_sign_note         (SpaStore    *store,
                                            SpaRecord   *note,
                                            const char  *signed_by,
                                            GError     **error);
gboolean    spa_clinical_sign_note_as      (SpaStore    *store,
                                            SpaRecord   *note,
                                            SpaAccount  *account,
                                            const char  *pin,
                                            GError     **error);
SpaRecord  *spa_clinical_add_amendment     (SpaStore    *store,
                                            const char  *note_id,
                                            const char  *author,
                                            const char  *text,
                                            GError     **error);
SpaRecord  *spa_clinical_add_amendment_as  (SpaStore    *store,
                                            const char  *note_id,
                                            SpaAccount  *account,
                                            const char  *text,
                                            GError     **error);
gboolean    spa_clinical_check_consent     (SpaStore    *store,
                                            SpaRecord   *intake,
                                            GError     **error);
gboolean    spa_clinical_complete_intake   (SpaStore    *store,
                                            SpaRecord   *intake,
                                            GError     **error);
char      **spa_clinical_dup_intake_alerts (SpaRecord   *intake);
char      **spa_clinical_dup_client_alerts (SpaStore    *store,
                                            SpaRecord   *client,
                                            SpaRecord  **current_intake);

G_END_DECLS
