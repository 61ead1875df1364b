/* spa-waitlist-draft.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "spa-record.h"
#include "spa-store.h"

G_BEGIN_DECLS

#define SPA_TYPE_WAITLIST_DRAFT (spa_waitlist_draft_get_type ())

G_DECLARE_FINAL_TYPE (SpaWaitlistDraft, spa_waitlist_draft, SPA, WAITLIST_DRAFT, GObject)

SpaWaitlistDraft *spa_waitlist_draft_new           (SpaStore           *store);
void              spa_waitlist_draft_set_client_id (SpaWaitlistDraft   *self,
                                                    const char         *client_id);
const char       *spa_waitlist_draft_get_client_id (SpaWaitlistDraft   *self);
void              spa_waitlist_draft_set_service_id (SpaWaitlistDraft  *self,
                                                     const char        *service_id);
void              spa_waitlist_draft_set_therapist_id (SpaWaitlistDraft *self,
                                                       const char       *therapist_id);
void              spa_waitlist_draft_set_days      (SpaWaitlistDraft   *self,
                                                    const char * const *days);
void              spa_waitlist_draft_set_earliest  (SpaWaitlistDraft   *self,
                                                    const char         *hhmm);
void              spa_waitlist_draft_set_latest    (SpaWaitlistDraft   *self,
                                                    const char         *hhmm);
void              spa_waitlist_draft_set_until     (SpaWaitlistDraft   *self,
                                                    const char         *ymd);
void              spa_waitlist_draft_set_notes     (SpaWaitlistDraft   *self,
                                                    const char         *notes);
GHashTable       *spa_waitlist_draft_check         (SpaWaitlistDraft   *self,
                                                    const char         *today);
SpaRecord        *spa_waitlist_draft_save          (SpaWaitlistDraft   *self,
                                                    const char         *today,
                                                    GError            **error);

G_END_DECLS
