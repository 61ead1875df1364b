/* spa-audit-fields.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "spa-record.h"

G_BEGIN_DECLS

/* An audit event: who opened, printed or exported which client's clinical records, on
 * which desk and when (docs/audit.md). Append-only: the entity and its field names as
 * the store, the outbox and the wire spell them (the fields are declared in
 * spa-audit.c), and typed readers. */

#define SPA_AUDIT_EVENT_ENTITY      "audit_event"
#define SPA_AUDIT_EVENT_OCCURRED_AT "occurred_at"
#define SPA_AUDIT_EVENT_ACTOR_ID    "actor_id"
#define SPA_AUDIT_EVENT_ACTOR_NAME  "actor_name"
#define SPA_AUDIT_EVENT_DESK_ID     "desk_id"
#define SPA_AUDIT_EVENT_CLIENT_ID   "client_id"
#define SPA_AUDIT_EVENT_ACTION      "action"
#define SPA_AUDIT_EVENT_DETAIL      "detail"

/* The actions, as stored and sent. */
#define SPA_AUDIT_INTAKE_OPENED        "intake-opened"
#define SPA_AUDIT_NOTES_OPENED         "notes-opened"
#define SPA_AUDIT_NOTE_OPENED          "note-opened"
#define SPA_AUDIT_PRINTED              "printed"
#define SPA_AUDIT_EXPORTED             "exported"
#define SPA_AUDIT_CLIENT_FILE_EXPORTED "client-file-exported"

static inline const char *
spa_audit_event_get_occurred_at (SpaRecord *event)
{
  return spa_record_get_string (event, SPA_AUDIT_EVENT_OCCURRED_AT);
}

static inline const char *
spa_audit_event_get_actor_id (SpaRecord *event)
{
  return spa_record_get_string (event, SPA_AUDIT_EVENT_ACTOR_ID);
}

static inline const char *
spa_audit_event_get_actor_name (SpaRecord *event)
{
  return spa_record_get_string (event, SPA_AUDIT_EVENT_ACTOR_NAME);
}

static inline const char *
spa_audit_event_get_desk_id (SpaRecord *event)
{
  return spa_record_get_string (event, SPA_AUDIT_EVENT_DESK_ID);
}

static inline const char *
spa_audit_event_get_client_id (SpaRecord *event)
{
  return spa_record_get_string (event, SPA_AUDIT_EVENT_CLIENT_ID);
}

static inline const char *
spa_audit_event_get_action (SpaRecord *event)
{
  return spa_record_get_string (event, SPA_AUDIT_EVENT_ACTION);
}

static inline const char *
spa_audit_event_get_detail (SpaRecord *event)
{
  return spa_record_get_string (event, SPA_AUDIT_EVENT_DETAIL);
}

G_END_DECLS
