/* spa-room-fields.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "spa-record.h"

G_BEGIN_DECLS

/* A treatment room: the entity and its field names as the store, the outbox and the wire
 * spell them (the fields are declared in spa-room.c), and typed readers. */

#define SPA_ROOM_ENTITY "room"
#define SPA_ROOM_NAME   "name"
#define SPA_ROOM_ACTIVE "active"
#define SPA_ROOM_LOCATION_ID "location_id"

static inline const char *
spa_room_get_name (SpaRecord *room)
{
  return spa_record_get_string (room, SPA_ROOM_NAME);
}

static inline gboolean
spa_room_get_active (SpaRecord *room)
{
  return spa_record_get_boolean (room, SPA_ROOM_ACTIVE);
}

G_END_DECLS
