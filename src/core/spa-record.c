/* spa-record.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-record"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "spa-error.h"
#include "spa-record.h"
#include "spa-util.h"

/*
 * One record of any entity. Records are field maps rather than one C struct per
 * entity because everything that moves them (the store, the sync protocol with its
 * per-field versions, the server) works field by field; the per-entity knowledge
 * (which fields, how they are validated) lives in the SpaEntityInfo of each entity's
 * own file (spa-client.c, spa-booking.c, ...).
 */
struct _SpaRecord
{
  GObject              parent_instance;

  const SpaEntityInfo *entity;
  char                *id;
  gint64               version;
  char                *created_at;
  char                *updated_at;
  JsonObject          *fields;
  GHashTable          *changed;
  guint                deleted : 1;
  guint                stored : 1;
};

G_DEFINE_FINAL_TYPE (SpaRecord, spa_record, G_TYPE_OBJECT)

static void
spa_record_finalize (GObject *object)
{
  SpaRecord *self = (SpaRecord *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->created_at, g_free);
  g_clear_pointer (&self->updated_at, g_free);
  g_clear_pointer (&self->fields, json_object_unref);
  g_clear_pointer (&self->changed, g_hash_table_unref);

  G_OBJECT_CLASS (spa_record_parent_class)->finalize (object);
}

static void
spa_record_class_init (SpaRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = spa_record_finalize;
}

static void
spa_record_init (SpaRecord *self)
{
  self->fields = json_object_new ();
  self->changed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * spa_record_new:
 * @entity: an entity name such as "client"
 *
 * Creates a new, unsaved record with a fresh UUID.
 *
 * Returns: (transfer full): a new record
 */
SpaRecord *
spa_record_new (const char *entity)
{
  const SpaEntityInfo *info = spa_entity_lookup (entity);
  SpaRecord *self;

  g_return_val_if_fail (info != NULL, NULL);

  self = g_object_new (SPA_TYPE_RECORD, NULL);
  self->entity = info;
  self->id = spa_uuid_new ();

  return self;
}

/**
 * spa_record_new_with_id:
 * @entity: an entity name
 * @id: the record's id
 *
 * A record with a known id, without making a UUID first: for rows read from a store,
 * which are many, and for data generated from a seed.
 *
 * Returns: (transfer full): the record
 */
SpaRecord *
spa_record_new_with_id (const char *entity,
                        const char *id)
{
  const SpaEntityInfo *info = spa_entity_lookup (entity);
  SpaRecord *self;

  g_return_val_if_fail (info != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  self = g_object_new (SPA_TYPE_RECORD, NULL);
  self->entity = info;
  self->id = g_strdup (id);

  return self;
}

/* json_node_copy() shares arrays and objects; a record copy must not. Copied member by
 * member: printing and parsing the text again cost the generator a tenth of its time. */
static JsonNode *
copy_node_deep (JsonNode *node)
{
  JsonNode *copy;

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      guint n = json_array_get_length (array);
      JsonArray *new_array = json_array_sized_new (n);

      for (guint i = 0; i < n; i++)
        json_array_add_element (new_array, copy_node_deep (json_array_get_element (array, i)));
      copy = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (copy, new_array);
      return copy;
    }

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      JsonObject *new_object = json_object_new ();
      g_autoptr(GList) members = json_object_get_members (object);

      for (GList *l = members; l; l = l->next)
        json_object_set_member (new_object, l->data,
                                copy_node_deep (json_object_get_member (object, l->data)));
      copy = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (copy, new_object);
      return copy;
    }

  return json_node_copy (node);
}

static JsonObject *
copy_object_deep (JsonObject *object)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &node))
    json_object_set_member (copy, name, copy_node_deep (node));

  return copy;
}

static gboolean
check_node_type (const SpaFieldInfo  *field,
                 JsonNode            *node,
                 GError             **error)
{
  gboolean ok = TRUE;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  switch (field->type)
    {
    case SPA_FIELD_TEXT:
      ok = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
      break;
    case SPA_FIELD_INTEGER:
      ok = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;
      break;
    case SPA_FIELD_BOOLEAN:
      ok = JSON_NODE_HOLDS_VALUE (node) &&
           (json_node_get_value_type (node) == G_TYPE_BOOLEAN ||
            json_node_get_value_type (node) == G_TYPE_INT64);
      break;
    case SPA_FIELD_JSON:
      ok = JSON_NODE_HOLDS_ARRAY (node) || JSON_NODE_HOLDS_OBJECT (node);
      break;
    default:
      g_assert_not_reached ();
    }

  if (!ok)
    spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, field->name,
                              _("The value of “%s” has the wrong type."), field->name);

  return ok;
}

/**
 * spa_record_set_field_node:
 * @self: a #SpaRecord
 * @field: a field of the record's entity
 * @value: (nullable): the new value; %NULL or a JSON null clears it
 * @error: return location for a #GError
 *
 * Sets a field from JSON, checking that the field exists and the type fits.
 * Booleans given as 0/1 are accepted.
 *
 * Returns: %TRUE on success
 */
gboolean
spa_record_set_field_node (SpaRecord  *self,
                           const char *field,
                           JsonNode   *value,
                           GError    **error)
{
  const SpaFieldInfo *info;

  g_return_val_if_fail (SPA_IS_RECORD (self), FALSE);
  g_return_val_if_fail (field != NULL, FALSE);

  info = spa_entity_find_field (self->entity, field);
  if (info == NULL)
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, field,
                                _("“%s” is not a field of a %s record."),
                                field, self->entity->name);
      return FALSE;
    }

  if (!check_node_type (info, value, error))
    return FALSE;

  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    json_object_set_null_member (self->fields, info->name);
  else if (info->type == SPA_FIELD_BOOLEAN &&
           json_node_get_value_type (value) == G_TYPE_INT64)
    json_object_set_boolean_member (self->fields, info->name, json_node_get_int (value) != 0);
  else
    json_object_set_member (self->fields, info->name, copy_node_deep (value));

  g_hash_table_add (self->changed, g_strdup (info->name));

  return TRUE;
}

/**
 * spa_record_new_from_json:
 * @entity: an entity name
 * @object: a record as on the wire: fields plus id, version, created_at, updated_at, deleted
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the record, marked as unchanged
 */
SpaRecord *
spa_record_new_from_json (const char  *entity,
                          JsonObject  *object,
                          GError     **error)
{
  g_autoptr(SpaRecord) self = NULL;
  g_autoptr(GList) members = NULL;
  const SpaEntityInfo *info = spa_entity_lookup (entity);

  if (info == NULL)
    {
      g_set_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_FAILED,
                   _("Unknown kind of record “%s”."), entity ? entity : "");
      return NULL;
    }

  self = g_object_new (SPA_TYPE_RECORD, NULL);
  self->entity = info;

  if (!json_object_has_member (object, "id") ||
      json_node_get_value_type (json_object_get_member (object, "id")) != G_TYPE_STRING)
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_REQUIRED, "id",
                                _("The record has no identifier."));
      return NULL;
    }

  self->id = g_strdup (json_object_get_string_member (object, "id"));
  self->version = json_object_get_int_member_with_default (object, "version", 0);
  self->created_at = g_strdup (json_object_get_string_member_with_default (object, "created_at", NULL));
  self->updated_at = g_strdup (json_object_get_string_member_with_default (object, "updated_at", NULL));
  if (json_object_has_member (object, "deleted"))
    {
      JsonNode *node = json_object_get_member (object, "deleted");

      self->deleted = JSON_NODE_HOLDS_VALUE (node) &&
                      (json_node_get_value_type (node) == G_TYPE_BOOLEAN
                         ? json_node_get_boolean (node)
                         : json_node_get_int (node) != 0);
    }

  members = json_object_get_members (object);
  for (const GList *l = members; l; l = l->next)
    {
      const char *name = l->data;

      if (g_str_equal (name, "id") || g_str_equal (name, "version") ||
          g_str_equal (name, "created_at") || g_str_equal (name, "updated_at") ||
          g_str_equal (name, "deleted"))
        continue;

      if (!spa_record_set_field_node (self, name, json_object_get_member (object, name), error))
        return NULL;
    }

  spa_record_clear_changed (self);

  return g_steal_pointer (&self);
}

/**
 * spa_record_copy:
 * @self: a #SpaRecord
 *
 * Returns: (transfer full): a deep copy, including the set of changed fields
 */
SpaRecord *
spa_record_copy (SpaRecord *self)
{
  SpaRecord *copy;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (SPA_IS_RECORD (self), NULL);

  copy = g_object_new (SPA_TYPE_RECORD, NULL);
  copy->entity = self->entity;
  copy->id = g_strdup (self->id);
  copy->version = self->version;
  copy->created_at = g_strdup (self->created_at);
  copy->updated_at = g_strdup (self->updated_at);
  copy->deleted = self->deleted;
  copy->stored = self->stored;
  json_object_unref (copy->fields);
  copy->fields = copy_object_deep (self->fields);

  g_hash_table_iter_init (&iter, self->changed);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (copy->changed, g_strdup (key));

  return copy;
}

/**
 * spa_record_to_json:
 * @self: a #SpaRecord
 *
 * Returns: (transfer full): the record as on the wire: every field plus id, version,
 *   created_at, updated_at and deleted
 */
JsonObject *
spa_record_to_json (SpaRecord *self)
{
  JsonObject *object;

  g_return_val_if_fail (SPA_IS_RECORD (self), NULL);

  object = json_object_new ();
  json_object_set_string_member (object, "id", self->id);
  json_object_set_int_member (object, "version", self->version);
  if (self->created_at)
    json_object_set_string_member (object, "created_at", self->created_at);
  if (self->updated_at)
    json_object_set_string_member (object, "updated_at", self->updated_at);
  json_object_set_boolean_member (object, "deleted", self->deleted);

  for (guint i = 0; i < self->entity->n_fields; i++)
    {
      const char *name = self->entity->fields[i].name;
      JsonNode *node = json_object_get_member (self->fields, name);

      if (node != NULL)
        json_object_set_member (object, name, copy_node_deep (node));
      else
        json_object_set_null_member (object, name);
    }

  return object;
}

const SpaEntityInfo *
spa_record_get_entity_info (SpaRecord *self)
{
  g_return_val_if_fail (SPA_IS_RECORD (self), NULL);
  return self->entity;
}

const char *
spa_record_get_entity (SpaRecord *self)
{
  g_return_val_if_fail (SPA_IS_RECORD (self), NULL);
  return self->entity->name;
}

const char *
spa_record_get_id (SpaRecord *self)
{
  g_return_val_if_fail (SPA_IS_RECORD (self), NULL);
  return self->id;
}

void
spa_record_set_id (SpaRecord  *self,
                   const char *id)
{
  g_return_if_fail (SPA_IS_RECORD (self));
  g_return_if_fail (id != NULL);

  g_free (self->id);
  self->id = g_strdup (id);
}

gint64
spa_record_get_version (SpaRecord *self)
{
  g_return_val_if_fail (SPA_IS_RECORD (self), 0);
  return self->version;
}

void
spa_record_set_version (SpaRecord *self,
                        gint64     version)
{
  g_return_if_fail (SPA_IS_RECORD (self));
  self->version = version;
}

const char *
spa_record_get_created_at (SpaRecord *self)
{
  g_return_val_if_fail (SPA_IS_RECORD (self), NULL);
  return self->created_at;
}

const char *
spa_record_get_updated_at (SpaRecord *self)
{
  g_return_val_if_fail (SPA_IS_RECORD (self), NULL);
  return self->updated_at;
}

void
spa_record_set_timestamps (SpaRecord  *self,
                           const char *created_at,
                           const char *updated_at)
{
  g_return_if_fail (SPA_IS_RECORD (self));

  if (created_at != self->created_at)
    {
      g_free (self->created_at);
      self->created_at = g_strdup (created_at);
    }
  if (updated_at != self->updated_at)
    {
      g_free (self->updated_at);
      self->updated_at = g_strdup (updated_at);
    }
}

gboolean
spa_record_get_deleted (SpaRecord *self)
{
  g_return_val_if_fail (SPA_IS_RECORD (self), FALSE);
  return self->deleted;
}

void
spa_record_set_deleted (SpaRecord *self,
                        gboolean   deleted)
{
  g_return_if_fail (SPA_IS_RECORD (self));
  self->deleted = !!deleted;
}

/**
 * spa_record_is_stored:
 * @self: a #SpaRecord
 *
 * Returns: %TRUE if the record was read from or written to a store
 */
gboolean
spa_record_is_stored (SpaRecord *self)
{
  g_return_val_if_fail (SPA_IS_RECORD (self), FALSE);
  return self->stored;
}

void
spa_record_set_stored (SpaRecord *self,
                       gboolean   stored)
{
  g_return_if_fail (SPA_IS_RECORD (self));
  self->stored = !!stored;
}

gboolean
spa_record_has_value (SpaRecord  *self,
                      const char *field)
{
  JsonNode *node;

  g_return_val_if_fail (SPA_IS_RECORD (self), FALSE);

  node = json_object_get_member (self->fields, field);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return FALSE;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return !spa_str_empty (json_node_get_string (node));

  return TRUE;
}

/**
 * spa_record_get_string:
 *
 * Returns: (nullable): the text of @field, or %NULL when unset
 */
const char *
spa_record_get_string (SpaRecord  *self,
                       const char *field)
{
  JsonNode *node;

  g_return_val_if_fail (SPA_IS_RECORD (self), NULL);

  node = json_object_get_member (self->fields, field);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

gint64
spa_record_get_int (SpaRecord  *self,
                    const char *field,
                    gint64      fallback)
{
  JsonNode *node;

  g_return_val_if_fail (SPA_IS_RECORD (self), fallback);

  node = json_object_get_member (self->fields, field);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;

  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  if (json_node_get_value_type (node) != G_TYPE_INT64)
    return fallback;

  return json_node_get_int (node);
}

gboolean
spa_record_get_boolean (SpaRecord  *self,
                        const char *field)
{
  return spa_record_get_int (self, field, 0) != 0;
}

/**
 * spa_record_get_json:
 *
 * Returns: (transfer none) (nullable): the array or object of a JSON field
 */
JsonNode *
spa_record_get_json (SpaRecord  *self,
                     const char *field)
{
  JsonNode *node;

  g_return_val_if_fail (SPA_IS_RECORD (self), NULL);

  node = json_object_get_member (self->fields, field);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;

  return node;
}

/**
 * spa_record_get_strv:
 *
 * Returns: (transfer full): the strings of a JSON array field (empty when unset)
 */
char **
spa_record_get_strv (SpaRecord  *self,
                     const char *field)
{
  JsonNode *node = spa_record_get_json (self, field);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (element) &&
              json_node_get_value_type (element) == G_TYPE_STRING)
            g_strv_builder_add (builder, json_node_get_string (element));
        }
    }

  return g_strv_builder_end (builder);
}

static void
set_checked (SpaRecord  *self,
             const char *field,
             JsonNode   *node)
{
  g_autoptr(GError) error = NULL;

  if (!spa_record_set_field_node (self, field, node, &error))
    g_critical ("Cannot set %s.%s: %s", self->entity->name, field, error->message);
}

void
spa_record_set_string (SpaRecord  *self,
                       const char *field,
                       const char *value)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);

  g_return_if_fail (SPA_IS_RECORD (self));

  if (value == NULL)
    {
      spa_record_set_null (self, field);
      return;
    }

  json_node_set_string (node, value);
  set_checked (self, field, node);
}

void
spa_record_set_int (SpaRecord  *self,
                    const char *field,
                    gint64      value)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);

  g_return_if_fail (SPA_IS_RECORD (self));

  json_node_set_int (node, value);
  set_checked (self, field, node);
}

void
spa_record_set_boolean (SpaRecord  *self,
                        const char *field,
                        gboolean    value)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);

  g_return_if_fail (SPA_IS_RECORD (self));

  json_node_set_boolean (node, !!value);
  set_checked (self, field, node);
}

void
spa_record_set_json (SpaRecord  *self,
                     const char *field,
                     JsonNode   *value)
{
  g_return_if_fail (SPA_IS_RECORD (self));

  set_checked (self, field, value);
}

void
spa_record_set_strv (SpaRecord          *self,
                     const char         *field,
                     const char * const *values)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
  JsonArray *array = json_array_new ();

  g_return_if_fail (SPA_IS_RECORD (self));

  for (guint i = 0; values && values[i]; i++)
    json_array_add_string_element (array, values[i]);

  json_node_take_array (node, array);
  set_checked (self, field, node);
}

void
spa_record_set_null (SpaRecord  *self,
                     const char *field)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_NULL);

  g_return_if_fail (SPA_IS_RECORD (self));

  set_checked (self, field, node);
}

/**
 * spa_record_get_fields:
 *
 * Returns: (transfer none): the fields that have a value (null included)
 */
JsonObject *
spa_record_get_fields (SpaRecord *self)
{
  g_return_val_if_fail (SPA_IS_RECORD (self), NULL);
  return self->fields;
}

/**
 * spa_record_get_changed:
 *
 * Returns: (transfer full): the fields set since the record was loaded or saved
 */
JsonObject *
spa_record_get_changed (SpaRecord *self)
{
  JsonObject *object;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (SPA_IS_RECORD (self), NULL);

  object = json_object_new ();
  g_hash_table_iter_init (&iter, self->changed);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      JsonNode *node = json_object_get_member (self->fields, key);

      if (node)
        json_object_set_member (object, key, copy_node_deep (node));
      else
        json_object_set_null_member (object, key);
    }

  return object;
}

gboolean
spa_record_is_changed (SpaRecord *self)
{
  g_return_val_if_fail (SPA_IS_RECORD (self), FALSE);
  return g_hash_table_size (self->changed) > 0;
}

void
spa_record_clear_changed (SpaRecord *self)
{
  g_return_if_fail (SPA_IS_RECORD (self));
  g_hash_table_remove_all (self->changed);
}
