/* spa-validate.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-validate"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "spa-error.h"
#include "spa-store.h"
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
  g_autofree char *locked = NULL;

  /* The one column, not the whole stored record: every save of a record of these kinds
   * asks (an invoice's taxes, a note's text would be read and parsed for nothing). */
  if (!spa_store_get_text (store, spa_record_get_entity (record), spa_record_get_id (record),
                           locked_field, &locked))
    return TRUE;
  if (locked_field != NULL && spa_str_empty (locked))
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

  for (guint i = 0; i <= info->n_fields; i++)
    {
      g_autoptr(GError) error = NULL;
      const char *field;
      const SpaFieldInfo *field_info;

      if (spa_validate_record (store, scratch, &error))
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

/* ---- Every field's type, shape and size ---- */

/*
 * What the store and the server accept, field by field, whatever an entity's own rules
 * add. A record that passes here can be written, pulled by every desk and shown
 * without freezing a list: text is bounded (SPA_TEXT_MAX_CHARS, or the longer limits
 * below) and holds no control characters but line breaks and tabs in multi-line text;
 * each JSON column has one shape.
 */

typedef gboolean (*JsonShapeFunc) (JsonNode    *node,
                                   const char  *field,
                                   GError     **error);

typedef struct
{
  const char    *entity;
  const char    *field;
  guint          max_chars;   /* text; 0: SPA_TEXT_MAX_CHARS (SPA_ID_MAX_CHARS for *_id) */
  gboolean       multiline;
  JsonShapeFunc  shape;       /* JSON columns */
} FieldRule;

static gboolean shape_codes         (JsonNode *node, const char *field, GError **error);
static gboolean shape_ids           (JsonNode *node, const char *field, GError **error);
static gboolean shape_working_hours (JsonNode *node, const char *field, GError **error);
static gboolean shape_location_hours (JsonNode *node, const char *field, GError **error);
static gboolean shape_history       (JsonNode *node, const char *field, GError **error);
static gboolean shape_pain_areas    (JsonNode *node, const char *field, GError **error);
static gboolean shape_avoid_areas   (JsonNode *node, const char *field, GError **error);
static gboolean shape_taxes         (JsonNode *node, const char *field, GError **error);

#define LONG SPA_LONG_TEXT_MAX_CHARS

static const FieldRule field_rules[] = {
  { "client", "address", 1000, TRUE, NULL },
  { "client", "allergies", LONG, TRUE, NULL },
  { "client", "medications", LONG, TRUE, NULL },
  { "client", "notes", LONG, TRUE, NULL },
  { "client", "conditions", 0, FALSE, shape_codes },
  { "therapist", "service_ids", 0, FALSE, shape_ids },
  { "therapist", "working_hours", 0, FALSE, shape_working_hours },
  { "therapist", "bio", 2000, TRUE, NULL },
  { "therapist", "location_hours", 0, FALSE, shape_location_hours },
  { "location", "address", 1000, TRUE, NULL },
  { "location", "tax_numbers", 1000, TRUE, NULL },
  { "service", "description", LONG, TRUE, NULL },
  { "booking", "notes", LONG, TRUE, NULL },
  { "booking", "cancel_reason", LONG, TRUE, NULL },
  { "booking", "status_history", 0, FALSE, shape_history },
  { "waitlist_entry", "days", 0, FALSE, shape_codes },
  { "waitlist_entry", "notes", LONG, TRUE, NULL },
  { "intake", "reason", LONG, TRUE, NULL },
  { "intake", "goals", LONG, TRUE, NULL },
  { "intake", "recent_injury", LONG, TRUE, NULL },
  { "intake", "medications", LONG, TRUE, NULL },
  { "intake", "allergies", LONG, TRUE, NULL },
  { "intake", "pain_areas", 0, FALSE, shape_pain_areas },
  { "intake", "avoid_areas", 0, FALSE, shape_avoid_areas },
  { "intake", "conditions", 0, FALSE, shape_codes },
  { "session_note", "subjective", LONG, TRUE, NULL },
  { "session_note", "objective", LONG, TRUE, NULL },
  { "session_note", "assessment", LONG, TRUE, NULL },
  { "session_note", "plan", LONG, TRUE, NULL },
  { "session_note", "home_care", LONG, TRUE, NULL },
  { "session_note", "techniques", 0, FALSE, shape_codes },
  { "session_note", "areas_treated", 0, FALSE, shape_codes },
  { "note_amendment", "text", LONG, TRUE, NULL },
  { "tax_rate", "applies_to", 0, FALSE, shape_codes },
  { "product", "tax_rate_ids", 0, FALSE, shape_ids },
  { "package", "service_ids", 0, FALSE, shape_ids },
  { "promotion", "service_ids", 0, FALSE, shape_ids },
  { "invoice", "taxes", 0, FALSE, shape_taxes },
  { "invoice_line", "description", 1000, FALSE, NULL },
  { "online_settings", "intro", 1000, TRUE, NULL },
};

#undef LONG

static const FieldRule *
find_rule (const char *entity,
           const char *field)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_rules); i++)
    if (g_str_equal (field_rules[i].entity, entity) && g_str_equal (field_rules[i].field, field))
      return &field_rules[i];
  return NULL;
}

static gboolean
shape_error (const char  *field,
             GError     **error)
{
  spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, field,
                            _("This is not in the form Spa Desk stores it in."));
  return FALSE;
}

/* Text of at most @max_chars characters; line breaks and tabs only if @multiline. */
static gboolean
check_text (const char  *text,
            const char  *field,
            guint        max_chars,
            gboolean     multiline,
            GError     **error)
{
  /* The readers have checked the UTF-8 of what came from the network; a desk's own
   * input comes from GTK, which checks it too. */
  if (!g_utf8_validate (text, -1, NULL))
    return shape_error (field, error);

  if (g_utf8_strlen (text, -1) > max_chars)
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, field,
                                g_dngettext (GETTEXT_PACKAGE,
                                             "This is too long: at most %u character.",
                                             "This is too long: at most %u characters.",
                                             max_chars),
                                max_chars);
      return FALSE;
    }

  for (const guchar *p = (const guchar *)text; *p; p++)
    if ((*p < 0x20 || *p == 0x7F) &&
        !(multiline && (*p == '\n' || *p == '\t' || *p == '\r')))
      {
        spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, field,
                                  multiline ? _("This holds a control character.")
                                            : _("This must fit on one line, without control "
                                                "characters."));
        return FALSE;
      }

  return TRUE;
}

static gboolean
is_short_string (JsonNode *node,
                 guint     max_chars)
{
  const char *text;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  text = json_node_get_string (node);
  return !spa_str_empty (text) && check_text (text, NULL, max_chars, FALSE, NULL);
}

static gboolean
is_optional_text (JsonNode *node,
                  guint     max_chars)
{
  return node == NULL || JSON_NODE_HOLDS_NULL (node) ||
         (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
          check_text (json_node_get_string (node), NULL, max_chars, TRUE, NULL));
}

/* An array of at most SPA_JSON_LIST_MAX objects with only the members in @allowed. */
static gboolean
is_list_of_objects (JsonNode           *node,
                    const char * const *allowed)
{
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  array = json_node_get_array (node);
  if (json_array_get_length (array) > SPA_JSON_LIST_MAX)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return FALSE;
      json_object_iter_init (&iter, json_node_get_object (element));
      while (json_object_iter_next (&iter, &name, &value))
        if (!g_strv_contains (allowed, name))
          return FALSE;
    }
  return TRUE;
}

static gboolean
is_list_of_strings (JsonNode *node,
                    guint     max_chars)
{
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  array = json_node_get_array (node);
  if (json_array_get_length (array) > SPA_JSON_LIST_MAX)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (!is_short_string (json_array_get_element (array, i), max_chars))
      return FALSE;
  return TRUE;
}

/* ["code", ...]: conditions, techniques, regions. */
static gboolean
shape_codes (JsonNode    *node,
             const char  *field,
             GError     **error)
{
  if (is_list_of_strings (node, SPA_ID_MAX_CHARS))
    return TRUE;
  spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, field,
                            _("This must be a list of codes."));
  return FALSE;
}

/* ["id", ...]: references to other records. */
static gboolean
shape_ids (JsonNode    *node,
           const char  *field,
           GError     **error)
{
  return is_list_of_strings (node, SPA_ID_MAX_CHARS) || shape_error (field, error);
}

static gboolean
is_clock_time (JsonNode *node)
{
  const char *text;

  if (!is_short_string (node, 5))
    return FALSE;
  text = json_node_get_string (node);
  return strlen (text) == 5 && g_ascii_isdigit (text[0]) && g_ascii_isdigit (text[1]) &&
         text[2] == ':' && g_ascii_isdigit (text[3]) && g_ascii_isdigit (text[4]) &&
         (text[0] - '0') * 10 + (text[1] - '0') <= 24 && (text[3] - '0') * 10 + (text[4] - '0') <= 59;
}

/* {"mon": [{"start": "09:00", "end": "17:00"}, ...], ...} */
static gboolean
shape_working_hours (JsonNode    *node,
                     const char  *field,
                     GError     **error)
{
  static const char * const days[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun", NULL };
  static const char * const members[] = { "start", "end", NULL };
  JsonObjectIter iter;
  const char *day;
  JsonNode *intervals;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    goto invalid;
  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &day, &intervals))
    {
      JsonArray *array;

      if (!g_strv_contains (days, day) || !is_list_of_objects (intervals, members))
        goto invalid;
      array = json_node_get_array (intervals);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *interval = json_array_get_object_element (array, i);

          if (!is_clock_time (json_object_get_member (interval, "start")) ||
              !is_clock_time (json_object_get_member (interval, "end")))
            goto invalid;
        }
    }
  return TRUE;

invalid:
  spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, field,
                            _("Working hours must list intervals per weekday."));
  return FALSE;
}

/* {"<location id>": <working hours>, ...}: a therapist's hours at other locations */
static gboolean
shape_location_hours (JsonNode    *node,
                      const char  *field,
                      GError     **error)
{
  JsonObjectIter iter;
  const char *location_id;
  JsonNode *hours;

  if (!JSON_NODE_HOLDS_OBJECT (node) ||
      json_object_get_size (json_node_get_object (node)) > SPA_JSON_LIST_MAX)
    return shape_error (field, error);
  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &location_id, &hours))
    if (*location_id == '\0' || strlen (location_id) > SPA_ID_MAX_CHARS ||
        !shape_working_hours (hours, field, error))
      return FALSE;
  return TRUE;
}

/* [{"status": "booked", "at": "2026-11-25T17:30:00Z"}, ...] */
static gboolean
shape_history (JsonNode    *node,
               const char  *field,
               GError     **error)
{
  static const char * const members[] = { "status", "at", "by", NULL };
  JsonArray *array;

  if (!is_list_of_objects (node, members))
    return shape_error (field, error);
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *entry = json_array_get_object_element (array, i);
      JsonNode *at = json_object_get_member (entry, "at");
      g_autoptr(GDateTime) time = NULL;

      if (!is_short_string (json_object_get_member (entry, "status"), SPA_ID_MAX_CHARS) ||
          !is_short_string (at, SPA_TEXT_MAX_CHARS) ||
          (time = spa_time_parse_utc (json_node_get_string (at))) == NULL ||
          !is_optional_text (json_object_get_member (entry, "by"), SPA_TEXT_MAX_CHARS))
        return shape_error (field, error);
    }
  return TRUE;
}

static gboolean
shape_areas (JsonNode           *node,
             const char         *field,
             const char * const *members,
             const char         *text_member,
             GError            **error)
{
  JsonArray *array;

  if (!is_list_of_objects (node, members))
    goto invalid;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *area = json_array_get_object_element (array, i);

      if (!is_short_string (json_object_get_member (area, "region"), SPA_ID_MAX_CHARS) ||
          !is_optional_text (json_object_get_member (area, text_member), SPA_TEXT_MAX_CHARS))
        goto invalid;
      if (json_object_has_member (area, "quality") &&
          !is_optional_text (json_object_get_member (area, "quality"), SPA_ID_MAX_CHARS))
        goto invalid;
    }
  return TRUE;

invalid:
  spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, field,
                            _("This must be a list of body regions."));
  return FALSE;
}

/* [{"region": "neck", "intensity": 6, "quality": "aching", "note": "..."}, ...]; the
 * intake's own rules check the codes and the intensity. */
static gboolean
shape_pain_areas (JsonNode    *node,
                  const char  *field,
                  GError     **error)
{
  static const char * const members[] = { "region", "intensity", "quality", "note", NULL };

  return shape_areas (node, field, members, "note", error);
}

/* [{"region": "feet", "reason": "..."}, ...] */
static gboolean
shape_avoid_areas (JsonNode    *node,
                   const char  *field,
                   GError     **error)
{
  static const char * const members[] = { "region", "reason", NULL };

  return shape_areas (node, field, members, "reason", error);
}

/* [{"tax_rate_id", "name", "rate_bp", "registration_number", "cents"}, ...]: an invoice's
 * taxes as they were when it was issued, so a receipt shows them even if a rate changes. */
static gboolean
shape_taxes (JsonNode    *node,
             const char  *field,
             GError     **error)
{
  static const char * const members[] = {
    "tax_rate_id", "name", "rate_bp", "registration_number", "cents", NULL
  };
  JsonArray *array;

  if (!is_list_of_objects (node, members))
    return shape_error (field, error);
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *tax = json_array_get_object_element (array, i);
      JsonNode *rate = json_object_get_member (tax, "rate_bp");
      JsonNode *cents = json_object_get_member (tax, "cents");

      if (!is_short_string (json_object_get_member (tax, "name"), SPA_TEXT_MAX_CHARS) ||
          !is_optional_text (json_object_get_member (tax, "tax_rate_id"), SPA_ID_MAX_CHARS) ||
          !is_optional_text (json_object_get_member (tax, "registration_number"),
                             SPA_TEXT_MAX_CHARS) ||
          rate == NULL || !JSON_NODE_HOLDS_VALUE (rate) ||
          json_node_get_value_type (rate) != G_TYPE_INT64 ||
          cents == NULL || !JSON_NODE_HOLDS_VALUE (cents) ||
          json_node_get_value_type (cents) != G_TYPE_INT64)
        return shape_error (field, error);
    }
  return TRUE;
}

/**
 * spa_validate_fields:
 *
 * Checks every field of @record against its type, shape and size (the rules above),
 * before any rule of its entity.
 *
 * Returns: %TRUE if every field may be stored and sent
 */
gboolean
spa_validate_fields (SpaRecord  *record,
                     GError    **error)
{
  const SpaEntityInfo *info = spa_record_get_entity_info (record);

  for (guint i = 0; i < info->n_fields; i++)
    {
      const SpaFieldInfo *field = &info->fields[i];
      const FieldRule *rule = find_rule (info->name, field->name);
      JsonNode *node = spa_record_get_json (record, field->name);

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        continue;

      if (field->type == SPA_FIELD_TEXT)
        {
          guint max_chars = rule != NULL && rule->max_chars > 0 ? rule->max_chars
                            : g_str_has_suffix (field->name, "_id") ? SPA_ID_MAX_CHARS
                            : SPA_TEXT_MAX_CHARS;

          if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
            return shape_error (field->name, error);
          if (!check_text (json_node_get_string (node), field->name, max_chars,
                           rule != NULL && rule->multiline, error))
            return FALSE;
        }
      else if (field->type == SPA_FIELD_JSON)
        {
          /* A JSON column without a shape is a mistake of ours: nothing goes in. */
          if (rule == NULL || rule->shape == NULL)
            return shape_error (field->name, error);
          if (!rule->shape (node, field->name, error))
            return FALSE;
        }
    }

  return TRUE;
}

/* An empty or blank text means "not given": stored as null, never as "" or "  ", so
 * that an optional date, pressure or reference is either valid or absent. */
static void
blank_text_to_null (SpaRecord *record)
{
  const SpaEntityInfo *info = spa_record_get_entity_info (record);

  for (guint i = 0; i < info->n_fields; i++)
    {
      JsonNode *node;

      if (info->fields[i].type != SPA_FIELD_TEXT)
        continue;
      node = spa_record_get_json (record, info->fields[i].name);
      if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
          json_node_get_value_type (node) == G_TYPE_STRING &&
          spa_str_empty (json_node_get_string (node)))
        spa_record_set_null (record, info->fields[i].name);
    }
}

/**
 * spa_validate_record:
 * @store: the store the record would be written to
 *
 * What every write goes through, on a desk and on the server: blank text becomes null,
 * then every field is checked (spa_validate_fields()), then the entity's own rules.
 *
 * Returns: %TRUE if @record may be written
 */
gboolean
spa_validate_record (SpaStore   *store,
                     SpaRecord  *record,
                     GError    **error)
{
  const SpaEntityInfo *info;

  g_return_val_if_fail (SPA_IS_RECORD (record), FALSE);

  info = spa_record_get_entity_info (record);
  blank_text_to_null (record);
  return spa_validate_fields (record, error) &&
         (info->validate == NULL || info->validate (store, record, error));
}
