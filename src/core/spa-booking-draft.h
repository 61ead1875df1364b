/* spa-booking-draft.h
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

/**
 * SpaBookingProblem:
 * @field: the booking field the problem belongs next to (`client_id`, `service_id`,
 *   `starts_at`, `therapist_id` or `room_id`)
 * @message: the translated sentence for the desk
 */
typedef struct
{
  char *field;
  char *message;
} SpaBookingProblem;

void spa_booking_problem_free (SpaBookingProblem *problem);

#define SPA_TYPE_BOOKING_DRAFT (spa_booking_draft_get_type ())

G_DECLARE_FINAL_TYPE (SpaBookingDraft, spa_booking_draft, SPA, BOOKING_DRAFT, GObject)

SpaBookingDraft *spa_booking_draft_new              (SpaStore        *store,
                                                     SpaRecord       *booking);
SpaRecord       *spa_booking_draft_get_original     (SpaBookingDraft *self);

const char      *spa_booking_draft_get_client_id    (SpaBookingDraft *self);
void             spa_booking_draft_set_client_id    (SpaBookingDraft *self,
                                                     const char      *client_id);
const char      *spa_booking_draft_get_service_id   (SpaBookingDraft *self);
void             spa_booking_draft_set_service_id   (SpaBookingDraft *self,
                                                     const char      *service_id);
const char      *spa_booking_draft_get_therapist_id (SpaBookingDraft *self);
void             spa_booking_draft_set_therapist_id (SpaBookingDraft *self,
                                                     const char      *therapist_id);
const char      *spa_booking_draft_get_room_id      (SpaBookingDraft *self);
void             spa_booking_draft_set_room_id      (SpaBookingDraft *self,
                                                     const char      *room_id);
const char      *spa_booking_draft_get_location_id (SpaBookingDraft *self);
void             spa_booking_draft_set_location_id (SpaBookingDraft *self,
                                                     const char      *location_id);
GTimeZone       *spa_booking_draft_dup_zone         (SpaBookingDraft *self,
                                                     GTimeZone       *desk_zone);
GDateTime       *spa_booking_draft_local_time       (SpaBookingDraft *self,
                                                     GTimeZone       *desk_zone,
                                                     int              year,
                                                     int              month,
                                                     int              day,
                                                     int              minute);
GDateTime       *spa_booking_draft_to_local         (SpaBookingDraft *self,
                                                     GTimeZone       *desk_zone,
                                                     GDateTime       *time);
GDateTime       *spa_booking_draft_get_starts       (SpaBookingDraft *self);
void             spa_booking_draft_set_starts       (SpaBookingDraft *self,
                                                     GDateTime       *starts);
const char      *spa_booking_draft_get_notes        (SpaBookingDraft *self);
void             spa_booking_draft_set_notes        (SpaBookingDraft *self,
                                                     const char      *notes);

SpaRecord       *spa_booking_draft_build            (SpaBookingDraft *self);
gboolean         spa_booking_draft_is_changed       (SpaBookingDraft *self);
GPtrArray       *spa_booking_draft_check            (SpaBookingDraft *self,
                                                     GDateTime       *now,
                                                     GTimeZone       *zone);
const char      *spa_booking_problems_lookup        (GPtrArray       *problems,
                                                     const char      *field);
char            *spa_booking_draft_therapist_problem (SpaBookingDraft *self,
                                                     const char      *therapist_id,
                                                     GDateTime       *now,
                                                     GTimeZone       *zone);
const char      *spa_booking_draft_suggest_room     (SpaBookingDraft *self);
gboolean         spa_booking_draft_find_free_start  (SpaBookingDraft *self,
                                                     GDateTime       *from,
                                                     GDateTime       *until,
                                                     GDateTime       *now,
                                                     GTimeZone       *zone);
gboolean         spa_booking_therapist_offers       (SpaRecord       *therapist,
                                                     const char      *service_id);
gboolean         spa_booking_day_is_past            (GDateTime       *day,
                                                     GDateTime       *now,
                                                     GTimeZone       *zone);

G_END_DECLS
