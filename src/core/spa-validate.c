/* spa-validate.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-validate"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "spa-error.h"
#include "spa-util.h"
#include "spa-validate.h"

gboolean
spa_validate_required (SpaRecord   *record,
                       const char  *field,
                       const char  *message,
                       GError     **error)
{
  if (spa_record_has_value (record, field))
    return TRUE;

  spa_validation_error_set (error, SPA_VALIDATION_ERROR_REQUIRED, field, "%s", message);
  return FALSE;
}

gboolean
spa_validate_reference (SpaStore    *store,
                        SpaRecord   *record,
                        const char  *field,
                        const char  *entity,
                        gboolean     required,
                        GError     **error)
{
  const char *id = spa_record_get_string (record, field);

  if (spa_str_empty (id))
    {
      if (!required)
        return TRUE;

      spa_validation_error_set (error, SPA_VALIDATION_ERROR_REQUIRED, field,
                                _("Choose one."));
      return FALSE;
    }

  if (!spa_store_exists (store, entity, id))
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_UNKNOWN_REFERENCE, field,
                                _("This no longer exists. It may have been removed on "
                                  "another desk; choose another."));
      return FALSE;
    }

  return TRUE;
}

gboolean
spa_validate_int_range (SpaRecord   *record,
                        const char  *field,
                        gint64       min,
                        gint64       max,
                        const char  *message,
                        GError     **error)
{
  gint64 value;

  if (!spa_record_has_value (record, field))
    return TRUE;

  value = spa_record_get_int (record, field, min - 1);
  if (value >= min && value <= max)
    return TRUE;

  spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, field, "%s", message);
  return FALSE;
}

gboolean
spa_validate_time (SpaRecord   *record,
                   const char  *field,
                   gboolean     required,
                   GError     **error)
{
  const char *text = spa_record_get_string (record, field);
  g_autoptr(GDateTime) dt = NULL;

  if (spa_str_empty (text))
    {
      if (!required)
        return TRUE;
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_REQUIRED, field,
                                _("Enter a date and time."));
      return FALSE;
    }

  dt = spa_time_parse_utc (text);
  if (dt == NULL)
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, field,
                                _("This is not a valid date and time."));
      return FALSE;
    }

  return TRUE;
}

gboolean
spa_validate_date (SpaRecord   *record,
                   const char  *field,
                   gboolean     required,
                   GError     **error)
{
  const char *text = spa_record_get_string (record, field);

  if (spa_str_empty (text))
    {
      if (!required)
        return TRUE;
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_REQUIRED, field,
                                _("Enter a date."));
      return FALSE;
    }

  if (!spa_date_parse (text, NULL, NULL, NULL))
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, field,
                                _("This is not a valid date; write it as YYYY-MM-DD."));
      return FALSE;
    }

  return TRUE;
}

gboolean
spa_validate_one_of (SpaRecord          *record,
                     const char         *field,
                     const char * const *allowed,
                     gboolean            required,
                     GError            **error)
{
  const char *value = spa_record_get_string (record, field);

  if (spa_str_empty (value))
    {
      if (!required)
        return TRUE;
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_REQUIRED, field, _("Choose one."));
      return FALSE;
    }

  if (g_strv_contains (allowed, value))
    return TRUE;

  spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, field,
                            _("“%s” is not one of the allowed values."), value);
  return FALSE;
}

gboolean
spa_validate_email (SpaRecord   *record,
                    const char  *field,
                    GError     **error)
{
  const char *email = spa_record_get_string (record, field);

  if (spa_str_empty (email) || spa_email_is_valid (email))
    return TRUE;

  spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, field,
                            _("This does not look like an e-mail address (name@example.com)."));
  return FALSE;
}

gboolean
spa_validate_string_array (SpaRecord   *record,
                           const char  *field,
                           GError     **error)
{
  JsonNode *node = spa_record_get_json (record, field);
  JsonArray *array;

  if (node == NULL)
    return TRUE;

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_VALUE (element) ||
              json_node_get_value_type (element) != G_TYPE_STRING)
            goto invalid;
        }
      return TRUE;
    }

invalid:
  spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, field,
                            _("This must be a list of codes."));
  return FALSE;
}

/**
 * spa_validate_codes:
 * @is_known: tells whether one code belongs to the vocabulary
 * @message: (nullable): printf format with one %s for the unknown code
 *
 * Checks a JSON array of vocabulary codes (techniques, regions, conditions).
 */
gboolean
spa_validate_codes (SpaRecord         *record,
                    const char        *field,
                    SpaCodeCheckFunc   is_known,
                    const char        *message,
                    GError           **error)
{
  g_auto(GStrv) codes = NULL;

  if (!spa_validate_string_array (record, field, error))
    return FALSE;

  codes = spa_record_get_strv (record, field);
  for (guint i = 0; codes != NULL && codes[i]; i++)
    if (!is_known (codes[i]))
      {
        /* The caller's translated format names the vocabulary ("… technique"). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
        spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, field,
                                  message ? message : _("“%s” is not a known code."), codes[i]);
#pragma GCC diagnostic pop
        return FALSE;
      }

  return TRUE;
}

/**
 * spa_validate_not_locked:
 * @locked_field: the field that, once set in the stored row, freezes the record
 *   (%NULL: any stored row freezes it, for insert-only records)
 * @message: the translated explanation
 *
 * Refuses any write to a record whose stored copy is locked, whatever path the write
 * takes through the store: the check reads the row, not the caller's copy.
 */
gboolean
spa_validate_not_locked (SpaStore    *store,
                         SpaRecord   *record,
                         const char  *locked_field,
                         const char  *message,
                         GError     **error)
{
  g_autoptr(SpaRecord) stored = NULL;

  stored = spa_store_get (store, spa_record_get_entity (record), spa_record_get_id (record), NULL);
  if (stored == NULL)
    return TRUE;

  if (locked_field != NULL && spa_str_empty (spa_record_get_string (stored, locked_field)))
    return TRUE;

  g_set_error_literal (error, SPA_STORE_ERROR, SPA_STORE_ERROR_LOCKED, message);
  return FALSE;
}

/**
 * spa_validate_collect_errors:
 * @store: the store the record would be saved to
 * @record: the record as the user has filled it so far
 *
 * Runs the entity's validation repeatedly, setting each failing field aside on a
 * scratch copy, so that a form can show every problem next to its field at once
 * rather than one at a time.
 *
 * Returns: (transfer full) (element-type utf8 utf8): field name → translated message;
 *   empty when the record can be saved
 */
GHashTable *
spa_validate_collect_errors (SpaStore  *store,
                             SpaRecord *record)
{
  const SpaEntityInfo *info = spa_record_get_entity_info (record);
  GHashTable *errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(SpaRecord) scratch = spa_record_copy (record);

  if (info->validate == NULL)
    return errors;

  for (guint i = 0; i <= info->n_fields; i++)
    {
      g_autoptr(GError) error = NULL;
      const char *field;
      const SpaFieldInfo *field_info;

      if (info->validate (store, scratch, &error))
        break;

      field = spa_validation_error_get_field (error);
      if (field == NULL || g_hash_table_contains (errors, field))
        {
          if (field == NULL)
            g_hash_table_insert (errors, g_strdup (""), g_strdup (error->message));
          break;
        }

      g_hash_table_insert (errors, g_strdup (field), g_strdup (error->message));

      /* Put something acceptable in the field's place and look further. */
      field_info = spa_entity_find_field (info, field);
      if (field_info == NULL)
        break;
      if (error->code != SPA_VALIDATION_ERROR_REQUIRED)
        spa_record_set_null (scratch, field);
      else if (field_info->type == SPA_FIELD_TEXT)
        spa_record_set_string (scratch, field, "-");
      else if (field_info->type == SPA_FIELD_INTEGER)
        spa_record_set_int (scratch, field, 60);
      else
        break;
    }

  return errors;
}
