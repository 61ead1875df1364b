/* spa-availability.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-availability"

#include "config.h"

#include <sqlite3.h>

#include "spa-availability.h"
#include "spa-location.h"
#include "spa-booking-draft.h"
#include "spa-error.h"
#include "spa-schedule.h"
#include "spa-store-private.h"
#include "spa-util.h"

/*
 * When a service can be booked: the start times, on a grid counted from the spa's local
 * midnight, at which a therapist who offers the service works for the whole of it and
 * is free, and a room is free, both by the overlap rule (cleanup buffers included, as
 * spa_schedule_find_clash() counts them), never sooner than the minimum notice. The
 * server's public availability and booking, and the desk's "next free times", ask the
 * same function, so an online booking obeys the rules a desk does.
 *
 * The day's bookings are read once for the whole range (one index range on starts_at),
 * then every candidate start is checked in memory.
 */

/* The longest booking plus the longest cleanup (as in spa-schedule.c): a booking that
 * starts before the range by more than this cannot reach into it. */
#define MAX_REACH_SECONDS (12 * 3600 + 120 * 60)

#define ACTIVE_BOOKINGS_SQL \
  "SELECT b.therapist_id, b.room_id, b.starts_at, b.ends_at," \
  " coalesce ((SELECT s.buffer_min FROM service s WHERE s.id = b.service_id), 0)" \
  " FROM booking b INDEXED BY booking_starts" \
  " WHERE b.starts_at >= ? AND b.starts_at < ? AND b.deleted = 0" \
  " AND b.status IN ('booked', 'confirmed', 'checked_in') AND b.id != ?"

void
spa_slot_free (SpaSlot *slot)
{
  if (slot == NULL)
    return;
  g_free (slot->therapist_id);
  g_free (slot->room_id);
  g_clear_pointer (&slot->starts, g_date_time_unref);
  g_clear_pointer (&slot->ends, g_date_time_unref);
  g_free (slot);
}

/**
 * spa_availability_takes_online:
 *
 * Returns: whether a service or therapist takes online bookings (`online`, true unless
 *   set false)
 */
gboolean
spa_availability_takes_online (SpaRecord *record)
{
  g_return_val_if_fail (SPA_IS_RECORD (record), FALSE);

  return spa_record_get_int (record, "online", 1) != 0;
}

/* A time during which a therapist or room is held: [start, until) in Unix seconds,
 * until being the booking's end plus its cleanup. */
typedef struct
{
  gint64 start;
  gint64 until;
} Busy;

static gint64
parse_seconds (const char *utc)
{
  g_autoptr(GDateTime) dt = spa_time_parse_utc (utc);

  return dt ? g_date_time_to_unix (dt) : -1;
}

static void
add_busy (GHashTable *busy,
          const char *resource,
          gint64      start,
          gint64      until)
{
  GArray *list;
  Busy item = { start, until };

  if (resource == NULL)
    return;
  list = g_hash_table_lookup (busy, resource);
  if (list == NULL)
    {
      list = g_array_new (FALSE, FALSE, sizeof (Busy));
      g_hash_table_insert (busy, g_strdup (resource), list);
    }
  g_array_append_val (list, item);
}

/* therapist or room id -> GArray of Busy, from the active bookings that can reach
 * into [from, to). */
static GHashTable *
read_busy (SpaStore   *store,
           gint64      from,
           gint64      to,
           const char *moving,
           GError    **error)
{
  g_autoptr(SpaStmt) stmt = spa_store_prepare (store, ACTIVE_BOOKINGS_SQL, error);
  g_autoptr(GHashTable) busy = NULL;
  g_autoptr(GDateTime) window = g_date_time_new_from_unix_utc (from - MAX_REACH_SECONDS);
  g_autoptr(GDateTime) end = g_date_time_new_from_unix_utc (to);
  g_autofree char *s_window = spa_time_format_utc (window);
  g_autofree char *s_end = spa_time_format_utc (end);
  int rc;

  if (stmt == NULL)
    return NULL;

  busy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_array_unref);
  sqlite3_bind_text (stmt, 1, s_window, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, s_end, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, moving ? moving : "", -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 start = parse_seconds ((const char *)sqlite3_column_text (stmt, 2));
      gint64 ends = parse_seconds ((const char *)sqlite3_column_text (stmt, 3));
      gint64 until = ends + 60 * (gint64)sqlite3_column_int (stmt, 4);

      if (start < 0 || ends < 0)
        continue;
      add_busy (busy, (const char *)sqlite3_column_text (stmt, 0), start, until);
      add_busy (busy, (const char *)sqlite3_column_text (stmt, 1), start, until);
    }
  if (rc != SQLITE_DONE)
    {
      spa_store_set_error (store, error);
      return NULL;
    }
  return g_steal_pointer (&busy);
}

/* Free by the overlap rule: [start, until) meets no held time; touching is fine. */
static gboolean
is_free (GHashTable *busy,
         const char *resource,
         gint64      start,
         gint64      until)
{
  GArray *list = g_hash_table_lookup (busy, resource);

  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      Busy *b = &g_array_index (list, Busy, i);

      if (start < b->until && b->start < until)
        return FALSE;
    }
  return TRUE;
}

static int
compare_by_name (gconstpointer a,
                 gconstpointer b)
{
  const char *na = spa_record_get_string (*(SpaRecord **)a, "name");
  const char *nb = spa_record_get_string (*(SpaRecord **)b, "name");

  return g_utf8_collate (na ? na : "", nb ? nb : "");
}

/* Active records of @entity by name; therapists only those who can take the query. */
static const char *
location_of (const SpaAvailabilityQuery *query)
{
  return query->location_id != NULL ? query->location_id : SPA_LOCATION_DEFAULT_ID;
}

static GPtrArray *
candidates (SpaStore                   *store,
            const char                 *entity,
            const SpaAvailabilityQuery *query,
            GError                    **error)
{
  g_autoptr(GPtrArray) all = spa_store_list (store, entity, FALSE, error);
  g_autoptr(GPtrArray) chosen = NULL;
  gboolean therapists = g_str_equal (entity, "therapist");

  if (all == NULL)
    return NULL;

  chosen = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < all->len; i++)
    {
      SpaRecord *record = all->pdata[i];

      if (!spa_record_get_boolean (record, "active"))
        continue;
      if (therapists ? !spa_location_therapist_works_at (record, location_of (query))
                     : g_strcmp0 (spa_record_get_location_id (record), location_of (query)) != 0)
        continue;
      if (therapists &&
          ((query->therapist_id != NULL &&
            g_strcmp0 (spa_record_get_id (record), query->therapist_id) != 0) ||
           !spa_booking_therapist_offers (record, query->service_id) ||
           (query->online_only && !spa_availability_takes_online (record))))
        continue;
      g_ptr_array_add (chosen, g_object_ref (record));
    }
  g_ptr_array_sort (chosen, compare_by_name);
  return g_steal_pointer (&chosen);
}

static int
compare_slots (gconstpointer a,
               gconstpointer b)
{
  const SpaSlot *sa = *(SpaSlot **)a, *sb = *(SpaSlot **)b;

  return g_date_time_compare (sa->starts, sb->starts);
}

/* The local date @offset days after @first's, as local midnight. */
static GDateTime *
local_day (GTimeZone *zone,
           GDateTime *first,
           guint      offset)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (first, zone);
  g_autoptr(GDate) date = g_date_new_dmy (g_date_time_get_day_of_month (local),
                                          g_date_time_get_month (local),
                                          g_date_time_get_year (local));

  g_date_add_days (date, offset);
  return spa_schedule_day_start (zone, g_date_get_year (date), g_date_get_month (date),
                                 g_date_get_day (date));
}

typedef struct
{
  const SpaAvailabilityQuery *query;
  GPtrArray                  *therapists;
  GPtrArray                  *rooms;
  GHashTable                 *busy;
  gint64                      duration;   /* seconds */
  gint64                      buffer;     /* seconds */
  gint64                      earliest;   /* Unix seconds: now plus notice */
  gint64                      latest;     /* Unix seconds: now plus horizon, or 0 */
} Search;

/* The slot of @therapist starting at @starts, or %NULL when it cannot be booked. */
static SpaSlot *
try_start (Search    *search,
           SpaRecord *therapist,
           GDateTime *starts)
{
  gint64 start = g_date_time_to_unix (starts);
  gint64 until = start + search->duration + search->buffer;
  const char *room_id = NULL;
  g_autoptr(GDateTime) ends = NULL;
  SpaSlot *slot;

  if (start < search->earliest || (search->latest > 0 && start > search->latest))
    return NULL;
  if (!is_free (search->busy, spa_record_get_id (therapist), start, until))
    return NULL;

  ends = g_date_time_add_seconds (starts, search->duration);
  /* The booking lies within working hours; its cleanup may run past them. */
  if (!spa_schedule_within_working_hours_at (therapist, location_of (search->query),
                                             search->query->zone, starts, ends))
    return NULL;

  if (search->rooms->len > 0)
    {
      for (guint i = 0; i < search->rooms->len && room_id == NULL; i++)
        if (is_free (search->busy, spa_record_get_id (search->rooms->pdata[i]), start, until))
          room_id = spa_record_get_id (search->rooms->pdata[i]);
      if (room_id == NULL)
        return NULL;
    }

  slot = g_new0 (SpaSlot, 1);
  slot->therapist_id = g_strdup (spa_record_get_id (therapist));
  slot->room_id = g_strdup (room_id);
  slot->starts = g_date_time_ref (starts);
  slot->ends = g_steal_pointer (&ends);
  return slot;
}

/* Every free start of @therapist on the day that begins at @midnight. */
static void
search_day (Search    *search,
            SpaRecord *therapist,
            GDateTime *midnight,
            GPtrArray *slots)
{
  g_autoptr(GArray) intervals = spa_schedule_working_intervals (therapist, midnight);
  guint grid = search->query->slot_minutes ? search->query->slot_minutes
                                           : SPA_AVAILABILITY_DEFAULT_SLOT_MINUTES;
  int year, month, day;

  g_date_time_get_ymd (midnight, &year, &month, &day);
  for (guint i = 0; i + 1 < intervals->len; i += 2)
    {
      int open = g_array_index (intervals, int, i);
      int close = g_array_index (intervals, int, i + 1);

      for (int minute = (open + grid - 1) / grid * grid; minute < close; minute += grid)
        {
          g_autoptr(GDateTime) starts = g_date_time_new (search->query->zone, year, month, day,
                                                         minute / 60, minute % 60, 0);
          SpaSlot *slot;

          /* A wall time skipped by a daylight-saving change does not exist that day. */
          if (starts == NULL || g_date_time_get_hour (starts) != minute / 60 ||
              g_date_time_get_minute (starts) != minute % 60)
            continue;
          slot = try_start (search, therapist, starts);
          if (slot != NULL)
            g_ptr_array_add (slots, slot);
        }
    }
}

static gboolean
search_init (Search                     *search,
             SpaStore                   *store,
             const SpaAvailabilityQuery *query,
             gboolean                   *bookable,
             GError                    **error)
{
  g_autoptr(SpaRecord) service = NULL;
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(GDateTime) last = NULL;

  *bookable = FALSE;
  search->query = query;
  service = spa_store_get (store, "service", query->service_id, error);
  if (service == NULL)
    return FALSE;
  if (!spa_record_get_boolean (service, "active") || spa_record_get_deleted (service) ||
      (query->online_only && !spa_availability_takes_online (service)) ||
      spa_record_get_int (service, "duration_min", 0) <= 0)
    return TRUE;

  search->duration = 60 * spa_record_get_int (service, "duration_min", 0);
  search->buffer = 60 * spa_record_get_int (service, "buffer_min", 0);
  search->earliest = g_date_time_to_unix (query->now) + 60 * (gint64)query->notice_minutes;
  if (query->horizon_days > 0)
    search->latest = g_date_time_to_unix (query->now) + 86400 * (gint64)query->horizon_days;

  search->therapists = candidates (store, "therapist", query, error);
  if (search->therapists == NULL)
    return FALSE;
  search->rooms = candidates (store, "room", query, error);
  if (search->rooms == NULL)
    return FALSE;

  first = local_day (query->zone, query->first_day, 0);
  last = local_day (query->zone, query->first_day,
                    CLAMP (query->days, 1, SPA_AVAILABILITY_MAX_DAYS));
  /* A slot late on the last day may meet a booking just after its midnight. */
  search->busy = read_busy (store, g_date_time_to_unix (first), g_date_time_to_unix (last) + 86400,
                            query->moving_booking_id, error);
  if (search->busy == NULL)
    return FALSE;

  *bookable = TRUE;
  return TRUE;
}

static void
search_clear (Search *search)
{
  g_clear_pointer (&search->therapists, g_ptr_array_unref);
  g_clear_pointer (&search->rooms, g_ptr_array_unref);
  g_clear_pointer (&search->busy, g_hash_table_unref);
}

/**
 * spa_availability_find:
 *
 * Finds the free start times for @query: on each local day, for each therapist who
 * offers the service (and takes online bookings, if asked), every start on the grid
 * at which the booking lies within the therapist's working hours (breaks are the gaps),
 * the therapist and a room are free by the overlap rule with both cleanup buffers
 * counted, and which is at least @query's notice after its `now` (and at most its
 * horizon, when it has one). A wall time that a
 * daylight-saving change skips is no start; days are local, 23 or 25 hours long on
 * change days.
 *
 * A spa with no active room is not held back by rooms.
 *
 * Returns: (transfer full) (element-type SpaSlot): the slots by start time (then
 *   therapist name), or %NULL with @error set (an unknown service is
 *   %SPA_STORE_ERROR_NOT_FOUND)
 */
GPtrArray *
spa_availability_find (SpaStore                   *store,
                       const SpaAvailabilityQuery *query,
                       GError                    **error)
{
  g_autoptr(GPtrArray) slots = NULL;
  Search search = { 0, };
  gboolean bookable;
  guint days;

  g_return_val_if_fail (SPA_IS_STORE (store), NULL);
  g_return_val_if_fail (query != NULL && query->service_id != NULL, NULL);
  g_return_val_if_fail (query->first_day != NULL && query->now != NULL, NULL);
  g_return_val_if_fail (query->zone != NULL, NULL);

  if (!search_init (&search, store, query, &bookable, error))
    {
      search_clear (&search);
      return NULL;
    }

  slots = g_ptr_array_new_with_free_func ((GDestroyNotify)spa_slot_free);
  days = CLAMP (query->days, 1, SPA_AVAILABILITY_MAX_DAYS);
  for (guint d = 0; bookable && d < days; d++)
    {
      g_autoptr(GDateTime) midnight = local_day (query->zone, query->first_day, d);
      guint before = slots->len;

      for (guint t = 0; t < search.therapists->len; t++)
        search_day (&search, search.therapists->pdata[t], midnight, slots);

      /* Stable: therapists stay in name order within a start time. */
      if (slots->len > before)
        {
          g_autoptr(GPtrArray) day = g_ptr_array_new ();

          for (guint i = before; i < slots->len; i++)
            g_ptr_array_add (day, slots->pdata[i]);
          g_ptr_array_sort (day, compare_slots);
          for (guint i = 0; i < day->len; i++)
            slots->pdata[before + i] = day->pdata[i];
        }
      if (query->max_slots > 0 && slots->len >= query->max_slots)
        break;
    }
  if (query->max_slots > 0 && slots->len > query->max_slots)
    g_ptr_array_set_size (slots, query->max_slots);

  search_clear (&search);
  return g_steal_pointer (&slots);
}

/**
 * spa_availability_find_at:
 * @starts: the start wanted
 *
 * The slot at exactly @starts for @query's service and therapist (any, by name, when
 * the query names none), checked as spa_availability_find() checks it; @query's
 * first_day and days are not used.
 *
 * Returns: (transfer full) (nullable): the slot, or %NULL when none is free then (or
 *   on error, with @error set)
 */
SpaSlot *
spa_availability_find_at (SpaStore                   *store,
                          const SpaAvailabilityQuery *query,
                          GDateTime                  *starts,
                          GError                    **error)
{
  SpaAvailabilityQuery day_query = *query;
  g_autoptr(GPtrArray) slots = NULL;

  g_return_val_if_fail (starts != NULL, NULL);

  day_query.first_day = starts;
  day_query.days = 1;
  day_query.max_slots = 0;
  slots = spa_availability_find (store, &day_query, error);
  for (guint i = 0; slots != NULL && i < slots->len; i++)
    {
      SpaSlot *slot = slots->pdata[i];

      if (g_date_time_equal (slot->starts, starts))
        return g_ptr_array_steal_index (slots, i);
    }
  return NULL;
}
