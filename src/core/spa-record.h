/* spa-record.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "spa-entity.h"

G_BEGIN_DECLS

#define SPA_TYPE_RECORD (spa_record_get_type ())

G_DECLARE_FINAL_TYPE (SpaRecord, spa_record, SPA, RECORD, GObject)

SpaRecord           *spa_record_new              (const char          *entity);
SpaRecord           *spa_record_new_with_id      (const char          *entity,
                                                  const char          *id);
SpaRecord           *spa_record_new_from_json    (const char          *entity,
                                                  JsonObject          *object,
                                                  GError             **error);
SpaRecord           *spa_record_copy             (SpaRecord           *self);
JsonObject          *spa_record_to_json          (SpaRecord           *self);
const SpaEntityInfo *spa_record_get_entity_info  (SpaRecord           *self);
const char          *spa_record_get_entity       (SpaRecord           *self);
const char          *spa_record_get_id           (SpaRecord           *self);
void                 spa_record_set_id           (SpaRecord           *self,
                                                  const char          *id);
gint64               spa_record_get_version      (SpaRecord           *self);
void                 spa_record_set_version      (SpaRecord           *self,
                                                  gint64               version);
const char          *spa_record_get_created_at   (SpaRecord           *self);
const char          *spa_record_get_updated_at   (SpaRecord           *self);
void                 spa_record_set_timestamps   (SpaRecord           *self,
                                                  const char          *created_at,
                                                  const char          *updated_at);
gboolean             spa_record_get_deleted      (SpaRecord           *self);
void                 spa_record_set_deleted      (SpaRecord           *self,
                                                  gboolean             deleted);
gboolean             spa_record_is_stored        (SpaRecord           *self);
void                 spa_record_set_stored       (SpaRecord           *self,
                                                  gboolean             stored);

gboolean             spa_record_has_value        (SpaRecord           *self,
                                                  const char          *field);
const char          *spa_record_get_string       (SpaRecord           *self,
                                                  const char          *field);
gint64               spa_record_get_int          (SpaRecord           *self,
                                                  const char          *field,
                                                  gint64               fallback);
gboolean             spa_record_get_boolean      (SpaRecord           *self,
                                                  const char          *field);
JsonNode            *spa_record_get_json         (SpaRecord           *self,
                                                  const char          *field);
char               **spa_record_get_strv         (SpaRecord           *self,
                                                  const char          *field);

void                 spa_record_set_string       (SpaRecord           *self,
                                                  const char          *field,
                                                  const char          *value);
void                 spa_record_set_int          (SpaRecord           *self,
                                                  const char          *field,
                                                  gint64               value);
void                 spa_record_set_boolean      (SpaRecord           *self,
                                                  const char          *field,
                                                  gboolean             value);
void                 spa_record_set_json         (SpaRecord           *self,
                                                  const char          *field,
                                                  JsonNode            *value);
void                 spa_record_set_strv         (SpaRecord           *self,
                                                  const char          *field,
                                                  const char * const  *values);
void                 spa_record_set_null         (SpaRecord           *self,
                                                  const char          *field);
gboolean             spa_record_set_field_node   (SpaRecord           *self,
                                                  const char          *field,
                                                  JsonNode            *value,
                                                  GError             **error);

JsonObject          *spa_record_get_fields       (SpaRecord           *self);
JsonObject          *spa_record_get_changed      (SpaRecord           *self);
gboolean             spa_record_is_changed       (SpaRecord           *self);
void                 spa_record_clear_changed    (SpaRecord           *self);

G_END_DECLS
