/* spa-service.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-service"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "spa-service-fields.h"
#include "spa-entity.h"
#include "spa-error.h"
#include "spa-store.h"
#include "spa-util.h"
#include "spa-validate.h"

static const SpaFieldInfo service_fields[] = {
  { SPA_SERVICE_NAME, SPA_FIELD_TEXT, N_("Name") },
  { SPA_SERVICE_CATEGORY, SPA_FIELD_TEXT, N_("Category") },
  { SPA_SERVICE_DURATION_MIN, SPA_FIELD_INTEGER, N_("Duration") },
  { SPA_SERVICE_BUFFER_MIN, SPA_FIELD_INTEGER, N_("Cleanup time") },
  { SPA_SERVICE_PRICE_CENTS, SPA_FIELD_INTEGER, N_("Price") },
  { SPA_SERVICE_CURRENCY, SPA_FIELD_TEXT, N_("Currency") },
  { SPA_SERVICE_DESCRIPTION, SPA_FIELD_TEXT, N_("Description") },
  { SPA_SERVICE_ACTIVE, SPA_FIELD_BOOLEAN, N_("Active") },
  { SPA_SERVICE_ONLINE, SPA_FIELD_BOOLEAN, N_("Bookable online") },
};

static gboolean
validate_service (SpaStore   *store,
                  SpaRecord  *service,
                  GError    **error)
{
  if (!spa_validate_required (service, "name", _("Enter the name of the service."), error))
    return FALSE;

  if (!spa_record_has_value (service, "duration_min"))
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_REQUIRED, "duration_min",
                                _("Enter how long the service takes, in minutes."));
      return FALSE;
    }

  return spa_validate_int_range (service, "duration_min", 5, 8 * 60,
                                 _("A service lasts from 5 minutes to 8 hours."), error) &&
         spa_validate_int_range (service, "buffer_min", 0, 120,
                                 _("The cleanup time is from 0 to 120 minutes."), error) &&
         spa_validate_int_range (service, "price_cents", 0, G_MAXINT32,
                                 _("The price cannot be negative."), error);
}

const SpaEntityInfo spa_service_entity = {
  .name = "service",
  .fields = service_fields,
  .n_fields = G_N_ELEMENTS (service_fields),
  .validate = validate_service,
};
