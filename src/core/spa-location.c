/* spa-location.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-location"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "spa-booking-fields.h"
#include "spa-entity.h"
#include "spa-error.h"
#include "spa-location.h"
#include "spa-room-fields.h"
#include "spa-store.h"
#include "spa-therapist-fields.h"
#include "spa-util.h"
#include "spa-validate.h"

/*
 * A chain's locations. Therapists, rooms and bookings name theirs in `location_id`
 * (none: the default location, so records from before locations and from older desks
 * stay where they were). A therapist's `location_id` is where they mostly work, with
 * `working_hours` there; `location_hours` maps each other location they work at to its
 * own hours, so a one-location spa's therapists keep their hours as they are.
 */

static const SpaFieldInfo location_fields[] = {
  { SPA_LOCATION_NAME, SPA_FIELD_TEXT, N_("Name") },
  { SPA_LOCATION_ADDRESS, SPA_FIELD_TEXT, N_("Address") },
  { SPA_LOCATION_TIME_ZONE, SPA_FIELD_TEXT, N_("Time zone") },
  { SPA_LOCATION_PHONE, SPA_FIELD_TEXT, N_("Phone") },
  { SPA_LOCATION_TAX_NUMBERS, SPA_FIELD_TEXT, N_("Tax numbers") },
  { SPA_LOCATION_ACTIVE, SPA_FIELD_BOOLEAN, N_("Active") },
};

static gboolean
validate_location (SpaStore   *store,
                   SpaRecord  *location,
                   GError    **error)
{
  const char *zone = spa_location_get_time_zone (location);

  if (!spa_validate_required (location, SPA_LOCATION_NAME, _("Enter the name of the location."),
                              error))
    return FALSE;

  if (!spa_str_empty (zone))
    {
      g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zone);

      if (tz == NULL)
        {
          spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, SPA_LOCATION_TIME_ZONE,
                                    _("Write the time zone as its name, such as "
                                      "America/Vancouver."));
          return FALSE;
        }
    }

  return TRUE;
}

/* A location may not be removed: the bookings, rooms and therapists there name it. */
static gboolean
check_delete_location (SpaStore   *store,
                       SpaRecord  *location,
                       GError    **error)
{
  spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, SPA_LOCATION_ACTIVE,
                            _("A location cannot be removed; mark it inactive instead."));
  return FALSE;
}

const SpaEntityInfo spa_location_entity = {
  .name = SPA_LOCATION_ENTITY,
  .fields = location_fields,
  .n_fields = G_N_ELEMENTS (location_fields),
  .validate = validate_location,
  .check_delete = check_delete_location,
};

/**
 * spa_location_therapist_works_at:
 * @location_id: (nullable): a location; %NULL: any
 *
 * Returns: whether the therapist works at @location_id: their own location, or one
 *   their `location_hours` lists
 */
gboolean
spa_location_therapist_works_at (SpaRecord  *therapist,
                                 const char *location_id)
{
  JsonNode *others;

  g_return_val_if_fail (SPA_IS_RECORD (therapist), FALSE);

  if (location_id == NULL || g_str_equal (spa_record_get_location_id (therapist), location_id))
    return TRUE;

  others = spa_therapist_get_location_hours (therapist);
  return others != NULL && JSON_NODE_HOLDS_OBJECT (others) &&
         json_object_has_member (json_node_get_object (others), location_id);
}

/**
 * spa_location_therapist_hours:
 * @location_id: (nullable): a location; %NULL: the therapist's own
 *
 * Returns: (transfer none) (nullable): the therapist's working hours at @location_id
 *   (weekday → intervals, as `working_hours`), %NULL when they do not work there
 */
JsonNode *
spa_location_therapist_hours (SpaRecord  *therapist,
                              const char *location_id)
{
  JsonNode *others;

  g_return_val_if_fail (SPA_IS_RECORD (therapist), NULL);

  others = spa_therapist_get_location_hours (therapist);
  if (location_id != NULL && others != NULL && JSON_NODE_HOLDS_OBJECT (others) &&
      json_object_has_member (json_node_get_object (others), location_id))
    return json_object_get_member (json_node_get_object (others), location_id);

  if (location_id == NULL || g_str_equal (spa_record_get_location_id (therapist), location_id))
    return spa_therapist_get_working_hours (therapist);
  return NULL;
}

/* Whether the booking is new or its location, therapist or room differs from the row
 * stored (a field set again to the same value is no change). */
static gboolean
placement_changed (SpaStore  *store,
                   SpaRecord *booking)
{
  static const char * const fields[] = { SPA_BOOKING_THERAPIST_ID, SPA_BOOKING_ROOM_ID, NULL };
  g_autoptr(JsonObject) changed = NULL;
  g_autoptr(SpaRecord) stored = NULL;
  gboolean any = FALSE;

  if (!spa_record_is_stored (booking))
    return TRUE;
  changed = spa_record_get_changed (booking);
  any = json_object_has_member (changed, SPA_LOCATION_ID_FIELD);
  for (guint i = 0; fields[i]; i++)
    any = any || json_object_has_member (changed, fields[i]);
  if (!any)
    return FALSE;

  stored = spa_store_get (store, SPA_BOOKING_ENTITY, spa_record_get_id (booking), NULL);
  if (stored == NULL ||
      g_strcmp0 (spa_record_get_location_id (stored), spa_record_get_location_id (booking)) != 0)
    return TRUE;
  for (guint i = 0; fields[i]; i++)
    if (g_strcmp0 (spa_record_get_string (stored, fields[i]),
                   spa_record_get_string (booking, fields[i])) != 0)
      return TRUE;
  return FALSE;
}

/**
 * spa_location_check_booking:
 *
 * The booking's location must exist, and its room must be at that location and its
 * therapist work there. Only a new booking, or a change of location, therapist or
 * room, is checked: a booking made before a therapist moved can still be checked in.
 *
 * Returns: %FALSE with a field error on `location_id`, `therapist_id` or `room_id`
 */
gboolean
spa_location_check_booking (SpaStore   *store,
                            SpaRecord  *booking,
                            GError    **error)
{
  const char *location_id = spa_record_get_location_id (booking);
  const char *therapist_id = spa_booking_get_therapist_id (booking);
  const char *room_id = spa_booking_get_room_id (booking);
  g_autofree char *location_name = NULL;

  if (!placement_changed (store, booking))
    return TRUE;
  if (!spa_validate_reference (store, booking, SPA_LOCATION_ID_FIELD, SPA_LOCATION_ENTITY,
                               FALSE, error))
    return FALSE;

  if (!spa_str_empty (therapist_id))
    {
      g_autoptr(SpaRecord) therapist = spa_store_get (store, SPA_THERAPIST_ENTITY, therapist_id,
                                                      NULL);

      if (therapist != NULL && !spa_location_therapist_works_at (therapist, location_id))
        {
          location_name = spa_location_dup_name (store, location_id);
          /* TRANSLATORS: "Claire Dubois does not work at Kitsilano." */
          spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, SPA_BOOKING_THERAPIST_ID,
                                    _("%s does not work at %s. Choose a therapist who works "
                                      "there."),
                                    spa_therapist_get_name (therapist), location_name);
          return FALSE;
        }
    }

  if (!spa_str_empty (room_id))
    {
      g_autoptr(SpaRecord) room = spa_store_get (store, SPA_ROOM_ENTITY, room_id, NULL);

      if (room != NULL && !g_str_equal (spa_record_get_location_id (room), location_id))
        {
          g_autofree char *room_location = NULL;

          room_location = spa_location_dup_name (store, spa_record_get_location_id (room));

          location_name = spa_location_dup_name (store, location_id);
          /* TRANSLATORS: "Cedar room is at Downtown, not at Kitsilano." */
          spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, SPA_BOOKING_ROOM_ID,
                                    _("%s is at %s, not at %s. Choose a room there."),
                                    spa_room_get_name (room), room_location, location_name);
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * spa_location_list:
 * @keep_id: (nullable): a location to list even if it is closed
 *
 * Returns: (transfer full) (element-type SpaRecord): the open locations, by name
 */
GPtrArray *
spa_location_list (SpaStore    *store,
                   const char  *keep_id,
                   GError     **error)
{
  return spa_store_list_active (store, SPA_LOCATION_ENTITY, keep_id, error);
}

/**
 * spa_location_count:
 *
 * Returns: how many locations are open: a single spa has one, and sees no switcher
 */
guint
spa_location_count (SpaStore *store)
{
  g_autoptr(GPtrArray) list = spa_location_list (store, NULL, NULL);

  return list != NULL ? list->len : 0;
}

/**
 * spa_location_dup_name:
 *
 * Returns: (transfer full): the location's name, or "Unknown location"
 */
char *
spa_location_dup_name (SpaStore   *store,
                       const char *location_id)
{
  g_autoptr(SpaRecord) location = NULL;

  if (location_id != NULL)
    location = spa_store_get (store, SPA_LOCATION_ENTITY, location_id, NULL);
  if (location != NULL && !spa_str_empty (spa_location_get_name (location)))
    return g_strdup (spa_location_get_name (location));
  return g_strdup (_("Unknown location"));
}

/**
 * spa_location_get_zone:
 * @fallback: the desk's zone
 *
 * Returns: (transfer full): the location's time zone, or @fallback when it has none
 */
GTimeZone *
spa_location_get_zone (SpaRecord *location,
                       GTimeZone *fallback)
{
  const char *name = location != NULL ? spa_location_get_time_zone (location) : NULL;
  GTimeZone *zone = NULL;

  if (!spa_str_empty (name))
    zone = g_time_zone_new_identifier (name);
  return zone != NULL ? zone : g_time_zone_ref (fallback);
}

/* What spa_location_zone() has read on a store, so that a list of bookings does not
 * read the locations and parse a zone file per row: whether the spa is a chain, and the
 * zone of each location asked about (%NULL: none of its own). A location saved through
 * the store ("changed") empties it, and so does a commit by another connection
 * (spa_store_data_version(): the desk's report thread, another server process), so an
 * edited zone is read again. */
typedef struct
{
  gint64      data_version;
  int         chain;   /* -1: not read yet */
  GHashTable *zones;   /* location id -> GTimeZone, or NULL */
} ZoneCache;

static void
zone_unref (gpointer zone)
{
  if (zone != NULL)
    g_time_zone_unref (zone);
}

static void
zone_cache_free (ZoneCache *cache)
{
  g_hash_table_unref (cache->zones);
  g_free (cache);
}

static void
zone_cache_clear (ZoneCache *cache)
{
  g_hash_table_remove_all (cache->zones);
  cache->chain = -1;
}

static void
zone_cache_store_changed_cb (SpaStore   *store,
                             const char *entity,
                             const char *id,
                             ZoneCache  *cache)
{
  if (entity == NULL || g_str_equal (entity, SPA_LOCATION_ENTITY))
    zone_cache_clear (cache);
}

/* The store's cache, emptied when another connection has committed since it was read. */
static ZoneCache *
zone_cache (SpaStore *store)
{
  ZoneCache *cache = g_object_get_data (G_OBJECT (store), "spa-location-zones");
  gint64 version = spa_store_data_version (store);

  if (cache == NULL)
    {
      cache = g_new0 (ZoneCache, 1);
      cache->zones = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, zone_unref);
      cache->chain = -1;
      cache->data_version = version;
      g_object_set_data_full (G_OBJECT (store), "spa-location-zones", cache,
                              (GDestroyNotify)zone_cache_free);
      /* Not disconnected: the cache lives as long as the store. */
      g_signal_connect (store, "changed", G_CALLBACK (zone_cache_store_changed_cb), cache);
    }
  if (version < 0 || version != cache->data_version)
    {
      zone_cache_clear (cache);
      cache->data_version = version;
    }
  return cache;
}

/* The zone @location_id has of its own, as GLib reads it: %NULL for none, or a name GLib
 * does not know. */
static GTimeZone *
read_own_zone (SpaStore   *store,
               const char *location_id)
{
  g_autoptr(SpaRecord) location = spa_store_get (store, SPA_LOCATION_ENTITY, location_id, NULL);
  const char *name = location != NULL ? spa_location_get_time_zone (location) : NULL;

  return spa_str_empty (name) ? NULL : g_time_zone_new_identifier (name);
}

/**
 * spa_location_zone:
 * @location_id: (nullable): a location; %NULL: the desk's zone
 * @desk_zone: the desk's zone (its time-zone setting)
 *
 * The zone a location's days and hours are in: the calendar's day, Today and its
 * therapists' working hours are read there. A chain's location with a time zone GLib
 * knows keeps its own; a single spa, or a location without one, keeps the desk's, so a
 * spa with one location sees the same days as before it had locations.
 *
 * What it reads is kept with the store until a location is saved or another connection
 * commits (cheap enough to ask once per booking row); inside a transaction, which may
 * yet be rolled back, it reads afresh.
 *
 * Returns: (transfer full): the zone of @location_id
 */
GTimeZone *
spa_location_zone (SpaStore   *store,
                   const char *location_id,
                   GTimeZone  *desk_zone)
{
  ZoneCache *cache;
  GTimeZone *own = NULL;

  g_return_val_if_fail (SPA_IS_STORE (store), NULL);
  g_return_val_if_fail (desk_zone != NULL, NULL);

  if (location_id == NULL)
    return g_time_zone_ref (desk_zone);
  if (spa_store_in_transaction (store))
    {
      g_autoptr(GTimeZone) zone = NULL;

      if (spa_location_count (store) <= 1 || (zone = read_own_zone (store, location_id)) == NULL)
        return g_time_zone_ref (desk_zone);
      return g_steal_pointer (&zone);
    }

  cache = zone_cache (store);
  if (cache->chain < 0)
    cache->chain = spa_location_count (store) > 1;
  if (!cache->chain)
    return g_time_zone_ref (desk_zone);
  if (!g_hash_table_lookup_extended (cache->zones, location_id, NULL, (gpointer *)&own))
    {
      own = read_own_zone (store, location_id);
      g_hash_table_insert (cache->zones, g_strdup (location_id), own);
    }
  return g_time_zone_ref (own != NULL ? own : desk_zone);
}

/**
 * spa_location_now:
 * @location_id: (nullable): a location; %NULL: the desk's zone
 * @desk_zone: the desk's zone
 *
 * Returns: (transfer full): what time it is at @location_id, in its zone
 *   (spa_location_zone())
 */
GDateTime *
spa_location_now (SpaStore   *store,
                  const char *location_id,
                  GTimeZone  *desk_zone)
{
  g_autoptr(GTimeZone) zone = spa_location_zone (store, location_id, desk_zone);

  g_return_val_if_fail (zone != NULL, NULL);
  return g_date_time_new_now (zone);
}

/**
 * spa_location_takes_bookings:
 * @location_id: a location's id
 *
 * The rule for a new booking's location, online as at the desk: a location of the
 * chain that is open (active, not deleted).
 *
 * Returns: whether @location_id takes new bookings
 */
gboolean
spa_location_takes_bookings (SpaStore   *store,
                             const char *location_id)
{
  g_autoptr(SpaRecord) location = NULL;

  g_return_val_if_fail (SPA_IS_STORE (store), FALSE);

  if (location_id == NULL)
    return FALSE;
  location = spa_store_get (store, SPA_LOCATION_ENTITY, location_id, NULL);
  return location != NULL && !spa_record_get_deleted (location) &&
         spa_location_get_active (location);
}
