/* spa-entity.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-entity"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "spa-entity.h"

/* In dependency order: a record only refers to entities listed before it. */
static const SpaEntityInfo *entities[] = {
  &spa_location_entity,
  &spa_service_entity,
  &spa_room_entity,
  &spa_therapist_entity,
  &spa_client_entity,
  &spa_booking_entity,
  &spa_waitlist_entry_entity,
  &spa_intake_entity,
  &spa_session_note_entity,
  &spa_note_amendment_entity,
  &spa_tax_rate_entity,
  &spa_product_entity,
  &spa_package_entity,
  &spa_promotion_entity,
  &spa_invoice_entity,
  &spa_invoice_line_entity,
  &spa_client_package_entity,
  &spa_gift_card_entity,
  &spa_payment_entity,
  &spa_stock_movement_entity,
  &spa_online_settings_entity,
  &spa_audit_event_entity,
};

/**
 * spa_entity_lookup:
 * @name: an entity (table) name such as "client"
 *
 * Returns: (nullable): the entity, or %NULL if @name is not one
 */
const SpaEntityInfo *
spa_entity_lookup (const char *name)
{
  if (name == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    if (strcmp (entities[i]->name, name) == 0)
      return entities[i];

  return NULL;
}

/**
 * spa_entity_list:
 * @n_entities: (out): how many
 *
 * Returns: (transfer none): every entity, referenced ones first
 */
const SpaEntityInfo **
spa_entity_list (guint *n_entities)
{
  *n_entities = G_N_ELEMENTS (entities);
  return entities;
}

const SpaFieldInfo *
spa_entity_find_field (const SpaEntityInfo *entity,
                       const char          *field)
{
  g_return_val_if_fail (entity != NULL, NULL);

  for (guint i = 0; i < entity->n_fields; i++)
    if (strcmp (entity->fields[i].name, field) == 0)
      return &entity->fields[i];

  return NULL;
}

/**
 * spa_entity_field_label:
 * @entity: an entity
 * @field: one of its fields
 *
 * Returns: (transfer none): the field's translated name for people, or @field itself
 *   when the entity has no such field (a newer desk's)
 */
const char *
spa_entity_field_label (const SpaEntityInfo *entity,
                        const char          *field)
{
  const SpaFieldInfo *info = spa_entity_find_field (entity, field);

  return info != NULL && info->label != NULL ? _(info->label) : field;
}
