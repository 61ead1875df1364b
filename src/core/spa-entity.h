/* spa-entity.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "spa-types.h"

G_BEGIN_DECLS

typedef enum
{
  SPA_FIELD_TEXT,
  SPA_FIELD_INTEGER,
  SPA_FIELD_BOOLEAN,
  SPA_FIELD_JSON,
} SpaFieldType;

struct _SpaFieldInfo
{
  const char   *name;
  SpaFieldType  type;
  const char   *label;   /* N_() marked; shown translated by spa_entity_field_label() */
};

typedef gboolean (*SpaValidateFunc) (SpaStore   *store,
                                     SpaRecord  *record,
                                     GError    **error);

/*
 * What the store and the sync protocol know of one kind of record: its table (named
 * after the entity), its synced columns besides the common id, version, created_at,
 * updated_at and deleted, and how a record is checked before it is written.
 */
struct _SpaEntityInfo
{
  const char         *name;
  const SpaFieldInfo *fields;
  guint               n_fields;
  SpaValidateFunc     validate;
  /* Checked before a record is deleted, on the desk and on the server (a client with
   * clinical records is archived instead); %NULL when anything may go. */
  SpaValidateFunc     check_delete;
  /* Records that may never be deleted (clinical notes, invoices). */
  guint               undeletable : 1;
  /* The protocol's code for a write its validation refuses as locked (a signed note,
   * an issued invoice); %NULL: "immutable". */
  const char         *locked_code;
};

#define SPA_N_ELEMENTS_FIELDS(f) G_N_ELEMENTS (f)

const SpaEntityInfo  *spa_entity_lookup      (const char          *name);
const SpaEntityInfo **spa_entity_list        (guint               *n_entities);
const SpaFieldInfo   *spa_entity_find_field  (const SpaEntityInfo *entity,
                                              const char          *field);
const char           *spa_entity_field_label (const SpaEntityInfo *entity,
                                              const char          *field);

extern const SpaEntityInfo spa_location_entity;
extern const SpaEntityInfo spa_client_entity;
extern const SpaEntityInfo spa_therapist_entity;
extern const SpaEntityInfo spa_service_entity;
extern const SpaEntityInfo spa_room_entity;
extern const SpaEntityInfo spa_booking_entity;
extern const SpaEntityInfo spa_waitlist_entry_entity;
extern const SpaEntityInfo spa_intake_entity;
extern const SpaEntityInfo spa_session_note_entity;
extern const SpaEntityInfo spa_note_amendment_entity;
extern const SpaEntityInfo spa_tax_rate_entity;
extern const SpaEntityInfo spa_product_entity;
extern const SpaEntityInfo spa_package_entity;
extern const SpaEntityInfo spa_promotion_entity;
extern const SpaEntityInfo spa_invoice_entity;
extern const SpaEntityInfo spa_invoice_line_entity;
extern const SpaEntityInfo spa_client_package_entity;
extern const SpaEntityInfo spa_gift_card_entity;
extern const SpaEntityInfo spa_payment_entity;
extern const SpaEntityInfo spa_stock_movement_entity;
extern const SpaEntityInfo spa_online_settings_entity;
extern const SpaEntityInfo spa_audit_event_entity;

G_END_DECLS
