/* spa-intake.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-intake"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "spa-intake-fields.h"
#include "spa-clinical.h"
#include "spa-entity.h"
#include "spa-error.h"
#include "spa-store.h"
#include "spa-util.h"
#include "spa-validate.h"
#include "spa-vocab.h"

static const SpaFieldInfo intake_fields[] = {
  { SPA_INTAKE_CLIENT_ID, SPA_FIELD_TEXT, N_("Client") },
  { SPA_INTAKE_COMPLETED_AT, SPA_FIELD_TEXT, N_("Completed") },
  { SPA_INTAKE_REASON, SPA_FIELD_TEXT, N_("Reason") },
  { SPA_INTAKE_GOALS, SPA_FIELD_TEXT, N_("Goals") },
  { SPA_INTAKE_PAIN_AREAS, SPA_FIELD_JSON, N_("Pain areas") },
  { SPA_INTAKE_AVOID_AREAS, SPA_FIELD_JSON, N_("Areas to avoid") },
  { SPA_INTAKE_PRESSURE, SPA_FIELD_TEXT, N_("Pressure") },
  { SPA_INTAKE_CONDITIONS, SPA_FIELD_JSON, N_("Conditions") },
  { SPA_INTAKE_PREGNANCY_WEEKS, SPA_FIELD_INTEGER, N_("Pregnancy (weeks)") },
  { SPA_INTAKE_RECENT_INJURY, SPA_FIELD_TEXT, N_("Recent surgery or injury") },
  { SPA_INTAKE_MEDICATIONS, SPA_FIELD_TEXT, N_("Medications") },
  { SPA_INTAKE_ALLERGIES, SPA_FIELD_TEXT, N_("Allergies") },
  { SPA_INTAKE_CONSENT_NAME, SPA_FIELD_TEXT, N_("Consent signed by") },
  { SPA_INTAKE_CONSENT_AT, SPA_FIELD_TEXT, N_("Consent given") },
  { SPA_INTAKE_FILLED_BY, SPA_FIELD_TEXT, N_("Filled in by") },
};

static const char * const pressures[] = { "light", "medium", "firm", "deep", NULL };

static gboolean
invalid_area (const char  *field,
              const char  *message,
              GError     **error)
{
  spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, field, "%s", message);
  return FALSE;
}

/* The JSON path of one member of one area, for a form or an API to point at it. */
static void
set_path (char       **path,
          const char  *field,
          guint        index,
          const char  *member)
{
  if (path != NULL)
    *path = member ? g_strdup_printf ("%s[%u].%s", field, index, member)
                   : g_strdup_printf ("%s[%u]", field, index);
}

/* An optional one-line text member of an area (a pain's note, a reason to avoid). */
static gboolean
check_area_text (JsonObject  *area,
                 const char  *member,
                 const char  *region,
                 const char  *field,
                 GError     **error)
{
  JsonNode *node = json_object_get_member (area, member);
  const char *text;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, field,
                                _("The note on %s must be text."), spa_vocab_region_label (region));
      return FALSE;
    }
  text = json_node_get_string (node);
  if (!g_utf8_validate (text, -1, NULL) || g_utf8_strlen (text, -1) > SPA_TEXT_MAX_CHARS)
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, field,
                                _("The note on %s is too long: at most %u characters."),
                                spa_vocab_region_label (region), SPA_TEXT_MAX_CHARS);
      return FALSE;
    }
  return TRUE;
}

/**
 * spa_intake_check_areas:
 * @areas: (nullable): a pain_areas or avoid_areas value
 * @field: "pain_areas" or "avoid_areas"
 * @path: (out) (optional): on a problem, its JSON path ("pain_areas[2].quality")
 *
 * pain_areas: [{region, intensity 0-10, quality, note}]; avoid_areas: [{region, reason}].
 * A region appears at most once in each list; a note or reason is one line of at most
 * %SPA_TEXT_MAX_CHARS characters. The desk's form and the web form obey the same rule.
 *
 * Returns: whether the areas may be stored; else @error names @field
 */
gboolean
spa_intake_check_areas (JsonNode    *node,
                        const char  *field,
                        char       **path,
                        GError     **error)
{
  gboolean with_intensity = g_str_equal (field, "pain_areas");
  const char *text_member = with_intensity ? "note" : "reason";
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array;

  if (path != NULL)
    *path = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return invalid_area (field, _("This must be a list of body regions."), error);

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *area;
      const char *region;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          set_path (path, field, i, NULL);
          return invalid_area (field, _("This must be a list of body regions."), error);
        }

      area = json_node_get_object (element);
      region = spa_clinical_area_get_string (area, "region");
      if (spa_vocab_find_region (region) == NULL)
        {
          set_path (path, field, i, "region");
          spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, field,
                                    _("“%s” is not a known body region."),
                                    region ? region : "");
          return FALSE;
        }
      if (!g_hash_table_add (seen, (gpointer)region))
        {
          set_path (path, field, i, "region");
          spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, field,
                                    _("%s is marked twice."), spa_vocab_region_label (region));
          return FALSE;
        }

      if (with_intensity)
        {
          JsonNode *intensity = json_object_get_member (area, "intensity");
          const char *quality = spa_clinical_area_get_string (area, "quality");

          if (intensity == NULL || !JSON_NODE_HOLDS_VALUE (intensity) ||
              json_node_get_value_type (intensity) != G_TYPE_INT64 ||
              json_node_get_int (intensity) < 0 || json_node_get_int (intensity) > 10)
            {
              set_path (path, field, i, "intensity");
              spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, field,
                                        _("Pain in %s must be rated from 0 to 10."),
                                        spa_vocab_region_label (region));
              return FALSE;
            }

          if (quality == NULL && json_object_get_member (area, "quality") != NULL &&
              !JSON_NODE_HOLDS_NULL (json_object_get_member (area, "quality")))
            {
              set_path (path, field, i, "quality");
              return invalid_area (field, _("The kind of pain must be one from the list."), error);
            }
          if (quality != NULL)
            {
              guint n;
              const SpaVocabEntry *qualities = spa_vocab_pain_qualities (&n);

              if (spa_vocab_find (qualities, n, quality) == NULL)
                {
                  set_path (path, field, i, "quality");
                  spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, field,
                                            _("“%s” is not a known kind of pain."), quality);
                  return FALSE;
                }
            }
        }
      if (!check_area_text (area, text_member, region, field, error))
        {
          set_path (path, field, i, text_member);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
validate_areas (SpaRecord   *intake,
                const char  *field,
                gboolean     with_intensity,
                GError     **error)
{
  return spa_intake_check_areas (spa_record_get_json (intake, field), field, NULL, error);
}

/* A complete intake is the one therapists rely on: it needs the client's consent. */
static gboolean
validate_consent (SpaRecord  *intake,
                  GError    **error)
{
  if (spa_str_empty (spa_record_get_string (intake, "completed_at")))
    return TRUE;

  if (spa_str_empty (spa_record_get_string (intake, "consent_name")))
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_REQUIRED, "consent_name",
                                _("The client types their full name to consent before the "
                                  "intake is complete."));
      return FALSE;
    }

  return spa_validate_time (intake, "consent_at", TRUE, error);
}

static gboolean
validate_intake (SpaStore   *store,
                 SpaRecord  *intake,
                 GError    **error)
{
  return spa_validate_reference (store, intake, "client_id", "client", TRUE, error) &&
         validate_areas (intake, "pain_areas", TRUE, error) &&
         validate_areas (intake, "avoid_areas", FALSE, error) &&
         spa_validate_one_of (intake, "pressure", pressures, FALSE, error) &&
         spa_validate_codes (intake, "conditions", spa_vocab_is_condition,
                             _("“%s” is not a known condition."), error) &&
         spa_validate_int_range (intake, "pregnancy_weeks", 0, 45,
                                 _("Pregnancy weeks are from 0 to 45."), error) &&
         spa_validate_time (intake, "completed_at", FALSE, error) &&
         spa_validate_time (intake, "consent_at", FALSE, error) &&
         validate_consent (intake, error);
}

const SpaEntityInfo spa_intake_entity = {
  .name = "intake",
  .fields = intake_fields,
  .n_fields = G_N_ELEMENTS (intake_fields),
  .validate = validate_intake,
};
