/* spa-therapist.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-therapist"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "spa-therapist-fields.h"
#include "spa-entity.h"
#include "spa-error.h"
#include "spa-store.h"
#include "spa-validate.h"

static const SpaFieldInfo therapist_fields[] = {
  { SPA_THERAPIST_NAME, SPA_FIELD_TEXT, N_("Name") },
  { SPA_THERAPIST_EMAIL, SPA_FIELD_TEXT, N_("E-mail") },
  { SPA_THERAPIST_PHONE, SPA_FIELD_TEXT, N_("Phone") },
  { SPA_THERAPIST_CREDENTIALS, SPA_FIELD_TEXT, N_("Credentials") },
  { SPA_THERAPIST_REGISTRATION_NUMBER, SPA_FIELD_TEXT, N_("Registration number") },
  { SPA_THERAPIST_SERVICE_IDS, SPA_FIELD_JSON, N_("Services") },
  { SPA_THERAPIST_COLOR, SPA_FIELD_TEXT, N_("Colour") },
  { SPA_THERAPIST_WORKING_HOURS, SPA_FIELD_JSON, N_("Working hours") },
  { SPA_THERAPIST_ACTIVE, SPA_FIELD_BOOLEAN, N_("Active") },
  { SPA_THERAPIST_ONLINE, SPA_FIELD_BOOLEAN, N_("Takes online bookings") },
  { SPA_THERAPIST_BIO, SPA_FIELD_TEXT, N_("Short biography") },
  { SPA_THERAPIST_LOCATION_ID, SPA_FIELD_TEXT, N_("Location") },
  { SPA_THERAPIST_LOCATION_HOURS, SPA_FIELD_JSON, N_("Hours at other locations") },
};

static gboolean
validate_color (SpaRecord  *therapist,
                GError    **error)
{
  const char *color = spa_record_get_string (therapist, "color");

  if (color == NULL || *color == '\0')
    return TRUE;

  if (color[0] == '#' && strlen (color) == 7 && strspn (color + 1, "0123456789abcdefABCDEF") == 6)
    return TRUE;

  spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, "color",
                            _("The colour must be written as #RRGGBB."));
  return FALSE;
}

static gboolean
validate_services (SpaStore   *store,
                   SpaRecord  *therapist,
                   GError    **error)
{
  g_auto(GStrv) ids = NULL;

  if (!spa_validate_string_array (therapist, "service_ids", error))
    return FALSE;

  ids = spa_record_get_strv (therapist, "service_ids");
  for (guint i = 0; ids[i]; i++)
    if (!spa_store_exists (store, "service", ids[i]))
      {
        spa_validation_error_set (error, SPA_VALIDATION_ERROR_UNKNOWN_REFERENCE, "service_ids",
                                  _("One of the services no longer exists."));
        return FALSE;
      }

  return TRUE;
}

static gboolean
validate_therapist (SpaStore   *store,
                    SpaRecord  *therapist,
                    GError    **error)
{
  JsonNode *hours;

  if (!spa_validate_required (therapist, "name", _("Enter the therapist’s name."), error) ||
      !spa_validate_email (therapist, "email", error) ||
      !validate_color (therapist, error) ||
      !validate_services (store, therapist, error) ||
      !spa_validate_reference (store, therapist, SPA_THERAPIST_LOCATION_ID, "location", FALSE,
                               error))
    return FALSE;

  hours = spa_record_get_json (therapist, "working_hours");
  if (hours != NULL && !JSON_NODE_HOLDS_OBJECT (hours))
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, "working_hours",
                                _("Working hours must list intervals per weekday."));
      return FALSE;
    }

  return TRUE;
}

const SpaEntityInfo spa_therapist_entity = {
  .name = "therapist",
  .fields = therapist_fields,
  .n_fields = G_N_ELEMENTS (therapist_fields),
  .validate = validate_therapist,
};
