/* spa-online-settings.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-online-settings"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "spa-availability.h"
#include "spa-entity.h"
#include "spa-error.h"
#include "spa-online-settings.h"
#include "spa-util.h"
#include "spa-validate.h"

/*
 * How the spa takes bookings on its own page (docs/online-booking.md): on or off, the
 * least notice, the grid of start times, how far ahead, until when a client may change
 * or cancel through their link, and a short text for the page. One synced record with a
 * fixed id, made by the migration on every store, so a manager sets it on any desk and
 * the server reads it after the push; an unset field means its default.
 */

static const SpaFieldInfo online_settings_fields[] = {
  { "enabled", SPA_FIELD_BOOLEAN, N_("Online booking") },
  { "notice_minutes", SPA_FIELD_INTEGER, N_("Least notice") },
  { "slot_minutes", SPA_FIELD_INTEGER, N_("Start times every") },
  { "horizon_days", SPA_FIELD_INTEGER, N_("Bookable ahead") },
  { "cancel_hours", SPA_FIELD_INTEGER, N_("Changes and cancellations until") },
  { "intro", SPA_FIELD_TEXT, N_("Welcome text") },
};

typedef struct
{
  const char *field;
  guint       fallback;
  guint       min;
  guint       max;
  const char *message;
} NumberRule;

static const NumberRule number_rules[] = {
  { "notice_minutes", SPA_AVAILABILITY_DEFAULT_NOTICE_MINUTES, 0, 7 * 24 * 60,
    N_("The notice is a whole number of minutes, from 0 to 10080 (a week).") },
  { "slot_minutes", SPA_AVAILABILITY_DEFAULT_SLOT_MINUTES, 5, 240,
    N_("Start times are from 5 to 240 minutes apart.") },
  { "horizon_days", SPA_ONLINE_DEFAULT_HORIZON_DAYS, 1, 365,
    N_("Bookings can be made from 1 to 365 days ahead.") },
  { "cancel_hours", SPA_ONLINE_DEFAULT_CANCEL_HOURS, 0, 14 * 24,
    N_("The changes end from 0 to 336 hours (two weeks) before a visit.") },
};

static const NumberRule *
number_rule (const char *field)
{
  for (guint i = 0; i < G_N_ELEMENTS (number_rules); i++)
    if (g_str_equal (number_rules[i].field, field))
      return &number_rules[i];
  return NULL;
}

static gboolean
validate_online_settings (SpaStore   *store,
                          SpaRecord  *settings,
                          GError    **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (number_rules); i++)
    if (!spa_validate_int_range (settings, number_rules[i].field, number_rules[i].min,
                                 number_rules[i].max, _(number_rules[i].message), error))
      return FALSE;
  return TRUE;
}

const SpaEntityInfo spa_online_settings_entity = {
  .name = "online_settings",
  .fields = online_settings_fields,
  .n_fields = G_N_ELEMENTS (online_settings_fields),
  .validate = validate_online_settings,
  .undeletable = TRUE,
};

/**
 * spa_online_settings_load:
 *
 * Returns: (transfer full) (nullable): the spa's online settings, %NULL with @error
 *   set when the store cannot be read
 */
SpaRecord *
spa_online_settings_load (SpaStore  *store,
                          GError   **error)
{
  return spa_store_get (store, "online_settings", SPA_ONLINE_SETTINGS_ID, error);
}

/**
 * spa_online_settings_enabled:
 * @settings: (nullable): the settings
 *
 * Returns: whether the spa takes bookings online (it does unless switched off)
 */
gboolean
spa_online_settings_enabled (SpaRecord *settings)
{
  return settings == NULL || spa_record_get_int (settings, "enabled", 1) != 0;
}

/**
 * spa_online_settings_get:
 * @settings: (nullable): the settings
 * @field: notice_minutes, slot_minutes, horizon_days or cancel_hours
 *
 * Returns: the number, or its default when unset (or out of range, as a record from a
 *   newer desk might hold)
 */
guint
spa_online_settings_get (SpaRecord  *settings,
                         const char *field)
{
  const NumberRule *rule = number_rule (field);
  gint64 value;

  g_return_val_if_fail (rule != NULL, 0);

  if (settings == NULL || !spa_record_has_value (settings, field))
    return rule->fallback;
  value = spa_record_get_int (settings, field, rule->fallback);
  if (value < rule->min || value > rule->max)
    return rule->fallback;
  return (guint)value;
}

/**
 * spa_online_settings_get_text:
 *
 * Returns: (transfer full): @field as a form shows it: a number's digits (its default
 *   when unset), the welcome text, "" for nothing
 */
char *
spa_online_settings_get_text (SpaRecord  *settings,
                              const char *field)
{
  if (number_rule (field) != NULL)
    return g_strdup_printf ("%u", spa_online_settings_get (settings, field));
  return g_strdup (settings && spa_record_get_string (settings, field)
                   ? spa_record_get_string (settings, field) : "");
}

/**
 * spa_online_settings_set_text:
 * @text: what a person typed
 *
 * Reads @text into @field: a number must be a whole number in its range (an empty
 * entry means the default), the welcome text is trimmed. Nothing changes on an error,
 * which names the field and says what is wanted.
 *
 * Returns: whether @text was taken
 */
gboolean
spa_online_settings_set_text (SpaRecord   *settings,
                              const char  *field,
                              const char  *text,
                              GError     **error)
{
  const NumberRule *rule = number_rule (field);
  g_autofree char *trimmed = g_strstrip (g_strdup (text ? text : ""));

  if (rule == NULL)
    {
      if (*trimmed == '\0')
        {
          if (spa_record_has_value (settings, field))
            spa_record_set_null (settings, field);
        }
      else if (g_strcmp0 (spa_record_get_string (settings, field), trimmed) != 0)
        spa_record_set_string (settings, field, trimmed);
      return TRUE;
    }

  if (*trimmed == '\0')
    {
      if (spa_record_has_value (settings, field))
        spa_record_set_null (settings, field);
      return TRUE;
    }

  {
    guint64 value;

    if (!g_ascii_string_to_unsigned (trimmed, 10, rule->min, rule->max, &value, NULL))
      {
        spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, field, "%s",
                                  _(rule->message));
        return FALSE;
      }
    if (!spa_record_has_value (settings, field) ||
        spa_record_get_int (settings, field, -1) != (gint64)value)
      spa_record_set_int (settings, field, (gint64)value);
  }
  return TRUE;
}
