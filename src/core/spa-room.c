/* spa-room.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-room"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "spa-room-fields.h"
#include "spa-entity.h"
#include "spa-validate.h"

static const SpaFieldInfo room_fields[] = {
  { SPA_ROOM_NAME, SPA_FIELD_TEXT, N_("Name") },
  { SPA_ROOM_ACTIVE, SPA_FIELD_BOOLEAN, N_("Active") },
  { SPA_ROOM_LOCATION_ID, SPA_FIELD_TEXT, N_("Location") },
};

static gboolean
validate_room (SpaStore   *store,
               SpaRecord  *room,
               GError    **error)
{
  return spa_validate_required (room, "name", _("Enter the name of the room."), error) &&
         spa_validate_reference (store, room, SPA_ROOM_LOCATION_ID, "location", FALSE, error);
}

const SpaEntityInfo spa_room_entity = {
  .name = "room",
  .fields = room_fields,
  .n_fields = G_N_ELEMENTS (room_fields),
  .validate = validate_room,
};
