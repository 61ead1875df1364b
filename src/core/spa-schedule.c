/* spa-schedule.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-schedule"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n-lib.h>

#include "spa-client.h"
#include "spa-error.h"
#include "spa-location.h"
#include "spa-schedule.h"
#include "spa-store-private.h"
#include "spa-format.h"
#include "spa-util.h"

/*
 * Bookings as the desk sees them: the overlap rule (also enforced by the booking's
 * validate function, so every save path obeys it), the day's bookings, working hours
 * and status changes. Times are stored in UTC; days and working hours are the spa's
 * local wall time, so a day is the span between two local midnights (23 or 25 hours
 * on the daylight-saving change days).
 */

/* The longest a booking may last (see spa-booking.c) plus the longest cleanup: an
 * earlier booking that starts before this window cannot reach into a new one, which
 * keeps the overlap check an index range query. */
#define MAX_REACH (12 * G_TIME_SPAN_HOUR + 120 * G_TIME_SPAN_MINUTE)

static const struct {
  const char *status;
  const char *label;
  const char *next;   /* statuses it may change to, space-separated */
} statuses[] = {
  { "requested", N_("Requested"), "booked cancelled" },
  { "booked", N_("Booked"), "confirmed checked_in cancelled no_show" },
  { "confirmed", N_("Confirmed"), "booked checked_in cancelled no_show" },
  /* Undoing a check-in made by mistake returns it to confirmed. */
  { "checked_in", N_("Checked in"), "completed confirmed" },
  { "completed", N_("Completed"), "" },
  { "no_show", N_("No-show"), "booked" },
  { "cancelled", N_("Cancelled"), "" },
};

gboolean
spa_booking_status_is_active (const char *status)
{
  return g_strcmp0 (status, "booked") == 0 ||
         g_strcmp0 (status, "confirmed") == 0 ||
         g_strcmp0 (status, "checked_in") == 0;
}

/**
 * spa_booking_is_upcoming:
 *
 * Returns: whether @booking has not ended yet at @now, whatever its status: a future
 *   booking that was cancelled is still an upcoming date (shown as cancelled), not
 *   history
 */
gboolean
spa_booking_is_upcoming (SpaRecord *booking,
                         GDateTime *now)
{
  g_autoptr(GDateTime) ends = NULL;

  g_return_val_if_fail (SPA_IS_RECORD (booking), FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  ends = spa_time_parse_utc (spa_record_get_string (booking, "ends_at"));
  return ends != NULL && g_date_time_compare (ends, now) > 0;
}

/**
 * spa_booking_status_can_change:
 *
 * Returns: whether a booking in @from may go to @to (a cancelled booking cannot be
 *   checked in, a completed one stays completed)
 */
gboolean
spa_booking_status_can_change (const char *from,
                               const char *to)
{
  if (g_strcmp0 (from, to) == 0)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    if (g_strcmp0 (statuses[i].status, from) == 0)
      {
        g_auto(GStrv) next = g_strsplit (statuses[i].next, " ", -1);

        return to != NULL && g_strv_contains ((const char * const *)next, to);
      }

  return FALSE;
}

const char *
spa_booking_status_label (const char *status)
{
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    if (g_strcmp0 (statuses[i].status, status) == 0)
      return _(statuses[i].label);

  return status;
}

/**
 * spa_booking_add_history:
 *
 * Appends `{"status", "at"}` to the booking's status_history.
 */
void
spa_booking_add_history (SpaRecord  *booking,
                         const char *status,
                         const char *at)
{
  JsonNode *old = spa_record_get_json (booking, "status_history");
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
  g_autoptr(JsonArray) array = json_array_new ();
  JsonObject *entry = json_object_new ();

  if (old != NULL && JSON_NODE_HOLDS_ARRAY (old))
    {
      JsonArray *old_array = json_node_get_array (old);

      for (guint i = 0; i < json_array_get_length (old_array); i++)
        json_array_add_element (array, json_node_copy (json_array_get_element (old_array, i)));
    }

  json_object_set_string_member (entry, "status", status);
  json_object_set_string_member (entry, "at", at);
  json_array_add_object_element (array, entry);
  json_node_set_array (node, array);
  spa_record_set_json (booking, "status_history", node);
}

/**
 * spa_schedule_set_time_zone:
 *
 * Sets the zone in which messages about @store's bookings give times (the spa's).
 */
void
spa_schedule_set_time_zone (SpaStore  *store,
                            GTimeZone *zone)
{
  g_object_set_data_full (G_OBJECT (store), "spa-time-zone",
                          zone ? g_time_zone_ref (zone) : NULL,
                          (GDestroyNotify)g_time_zone_unref);
}

/**
 * spa_schedule_get_time_zone:
 *
 * Returns: (transfer none): the spa's zone, the system's until one is set
 */
GTimeZone *
spa_schedule_get_time_zone (SpaStore *store)
{
  GTimeZone *zone = g_object_get_data (G_OBJECT (store), "spa-time-zone");

  if (zone == NULL)
    {
      spa_schedule_set_time_zone (store, g_time_zone_new_local ());
      g_time_zone_unref (g_object_get_data (G_OBJECT (store), "spa-time-zone"));
      zone = g_object_get_data (G_OBJECT (store), "spa-time-zone");
    }

  return zone;
}

/**
 * spa_schedule_day_start:
 *
 * Returns: (transfer full): local midnight of the day in @zone
 */
GDateTime *
spa_schedule_day_start (GTimeZone *zone,
                        int        year,
                        int        month,
                        int        day)
{
  return g_date_time_new (zone, year, month, day, 0, 0, 0);
}

/**
 * spa_schedule_format_local_time:
 *
 * Returns: (transfer full): the UTC time @utc as HH:MM in the spa's zone
 */
char *
spa_schedule_format_local_time (SpaStore   *store,
                                const char *utc)
{
  return spa_format_utc_time (utc, spa_schedule_get_time_zone (store));
}

static gint64
service_buffer (SpaStore   *store,
                const char *service_id)
{
  g_autoptr(SpaRecord) service = NULL;

  if (service_id == NULL)
    return 0;

  service = spa_store_get (store, "service", service_id, NULL);
  return service ? spa_record_get_int (service, "buffer_min", 0) : 0;
}

/**
 * spa_schedule_find_clash:
 * @field: `therapist_id`, `room_id` or `client_id`
 *
 * Finds an active booking of the same therapist (or room) that @booking would overlap:
 * the later one starting before the earlier one ends plus its service's cleanup
 * buffer. Bookings that only touch do not clash. An inactive @booking clashes with
 * nothing. For `client_id` (a desk check, not a store rule) the cleanup does not
 * count: the client may leave while the room is cleaned.
 *
 * Returns: (transfer full) (nullable): the first clashing booking, or %NULL (also on
 *   error, with @error set)
 */
SpaRecord *
spa_schedule_find_clash (SpaStore    *store,
                         SpaRecord   *booking,
                         const char  *field,
                         GError     **error)
{
  const char *resource = spa_record_get_string (booking, field);
  g_autoptr(GDateTime) starts = spa_time_parse_utc (spa_record_get_string (booking, "starts_at"));
  g_autoptr(GDateTime) ends = spa_time_parse_utc (spa_record_get_string (booking, "ends_at"));
  g_autoptr(GDateTime) window_start = NULL;
  g_autoptr(GDateTime) blocked_until = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *s_window = NULL;
  g_autofree char *s_until = NULL;
  g_autofree char *s_starts = NULL;

  gboolean with_buffer = g_strcmp0 (field, "client_id") != 0;

  g_return_val_if_fail (g_strcmp0 (field, "therapist_id") == 0 || g_strcmp0 (field, "room_id") == 0 ||
                        g_strcmp0 (field, "client_id") == 0, NULL);

  if (resource == NULL || starts == NULL || ends == NULL ||
      !spa_booking_status_is_active (spa_record_get_string (booking, "status")))
    return NULL;

  window_start = g_date_time_add (starts, -MAX_REACH);
  blocked_until = g_date_time_add_minutes (ends, with_buffer ? service_buffer (store, spa_record_get_string (booking, "service_id")) : 0);
  s_window = spa_time_format_utc (window_start);
  s_until = spa_time_format_utc (blocked_until);
  s_starts = spa_time_format_utc (starts);

  /* An index range on (field, starts_at); each candidate's own end plus buffer is
   * then compared in the same statement. */
  sql = g_strdup_printf ("WHERE %s = ? AND starts_at >= ? AND starts_at < ? AND deleted = 0"
                         " AND status IN ('booked', 'confirmed', 'checked_in') AND id != ?"
                         " AND strftime ('%%Y-%%m-%%dT%%H:%%M:%%SZ', ends_at, '+' ||"
                         "   %s || ' minutes') > ?"
                         " ORDER BY starts_at LIMIT 1", field,
                         with_buffer ? "coalesce ((SELECT s.buffer_min FROM service s WHERE s.id = booking.service_id), 0)" : "0");
  found = spa_store_query (store, "booking", sql,
                           (const char * const []) { resource, s_window, s_until,
                                                     spa_record_get_id (booking), s_starts, NULL },
                           error);
  if (found == NULL || found->len == 0)
    return NULL;

  return g_object_ref (found->pdata[0]);
}

/**
 * spa_schedule_describe_clash:
 *
 * Returns: (transfer full): a sentence for the desk naming the booking that is in the
 *   way, with its times in the spa's zone
 */
char *
spa_schedule_describe_clash (SpaStore   *store,
                             const char *field,
                             SpaRecord  *clash)
{
  g_autoptr(SpaRecord) client = spa_store_get (store, "client", spa_record_get_string (clash, "client_id"), NULL);
  g_autoptr(SpaRecord) service = spa_store_get (store, "service", spa_record_get_string (clash, "service_id"), NULL);
  g_autoptr(SpaRecord) owner = NULL;
  g_autofree char *from = spa_schedule_format_local_time (store, spa_record_get_string (clash, "starts_at"));
  g_autofree char *to = spa_schedule_format_local_time (store, spa_record_get_string (clash, "ends_at"));
  g_autofree char *who = NULL;
  g_autofree char *what = NULL;
  gint64 buffer = service ? spa_record_get_int (service, "buffer_min", 0) : 0;
  g_autofree char *cleanup = NULL;

  who = client ? spa_client_dup_display_name (client) : g_strdup (_("another client"));
  what = g_strdup (service ? spa_record_get_string (service, "name") : _("a booking"));
  /* TRANSLATORS: appended to a clash message; %d is minutes of cleanup after a booking */
  cleanup = buffer > 0 ? g_strdup_printf (_(", plus %d min cleanup"), (int)buffer) : g_strdup ("");

  if (g_str_equal (field, "client_id"))
    {
      owner = spa_store_get (store, "therapist", spa_record_get_string (clash, "therapist_id"), NULL);
      /* TRANSLATORS: client, start, end, service, therapist */
      return g_strdup_printf (_("%s already has a booking %s–%s (%s, with %s)."), who, from, to, what,
                              owner ? spa_record_get_string (owner, "name") : _("another therapist"));
    }

  if (g_str_equal (field, "room_id"))
    {
      owner = spa_store_get (store, "room", spa_record_get_string (clash, "room_id"), NULL);
      /* TRANSLATORS: room, start, end, client, service, cleanup */
      return g_strdup_printf (_("%s is in use %s–%s by %s (%s%s)."),
                              owner ? spa_record_get_string (owner, "name") : _("The room"),
                              from, to, who, what, cleanup);
    }

  owner = spa_store_get (store, "therapist", spa_record_get_string (clash, "therapist_id"), NULL);
  /* TRANSLATORS: therapist, start, end, client, service, cleanup */
  return g_strdup_printf (_("%s is already booked %s–%s with %s (%s%s)."),
                          owner ? spa_record_get_string (owner, "name") : _("The therapist"),
                          from, to, who, what, cleanup);
}

/**
 * spa_schedule_check_overlap:
 *
 * The double-booking rule, for the booking's validate function: fails with a
 * %SPA_VALIDATION_ERROR_INVALID on `therapist_id` or `room_id` naming the clash.
 */
gboolean
spa_schedule_check_overlap (SpaStore   *store,
                            SpaRecord  *booking,
                            GError    **error)
{
  static const char * const fields[] = { "therapist_id", "room_id" };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(SpaRecord) clash = spa_schedule_find_clash (store, booking, fields[i], &local_error);

      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      if (clash != NULL)
        {
          g_autofree char *message = spa_schedule_describe_clash (store, fields[i], clash);

          spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, fields[i], "%s", message);
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * spa_schedule_bookings_between:
 *
 * Returns: (transfer full) (element-type SpaRecord): bookings (any status, not
 *   deleted) starting in [@from, @to), by start time
 */
GPtrArray *
spa_schedule_bookings_between (SpaStore   *store,
                               GDateTime  *from,
                               GDateTime  *to,
                               GError    **error)
{
  g_autofree char *s_from = spa_time_format_utc (from);
  g_autofree char *s_to = spa_time_format_utc (to);

  return spa_store_query (store, "booking",
                          "WHERE starts_at >= ? AND starts_at < ? AND deleted = 0 ORDER BY starts_at, rid",
                          (const char * const []) { s_from, s_to, NULL }, error);
}

/* The two local midnights around @day. */
static void
day_bounds (GTimeZone  *zone,
            GDateTime  *day,
            GDateTime **start,
            GDateTime **end)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (day, zone);
  g_autoptr(GDateTime) next = NULL;
  int y, m, d;

  g_date_time_get_ymd (local, &y, &m, &d);
  *start = spa_schedule_day_start (zone, y, m, d);
  next = g_date_time_add_days (*start, 1);
  g_date_time_get_ymd (next, &y, &m, &d);
  *end = spa_schedule_day_start (zone, y, m, d);
}

/**
 * spa_schedule_bookings_of_day:
 * @day: any time on the day, read in @zone
 *
 * Returns: (transfer full) (element-type SpaRecord): the bookings starting between
 *   the two local midnights around @day
 */
GPtrArray *
spa_schedule_bookings_of_day (SpaStore   *store,
                              GTimeZone  *zone,
                              GDateTime  *day,
                              GError    **error)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;

  day_bounds (zone, day, &start, &end);
  return spa_schedule_bookings_between (store, start, end, error);
}

/* What the calendar draws, with the client's name joined in one pass over the day's
 * index range; the names are read whether or not the client was deleted since, as
 * records are. The few services and rooms are read once, not looked up per booking. */
#define DAY_BOOKINGS_SQL \
  "SELECT b.id, b.client_id, b.therapist_id, b.room_id, b.service_id, b.status, b.starts_at, b.ends_at," \
  " c.first_name, c.preferred_name, c.last_name, c.id IS NOT NULL, b.location_id" \
  " FROM booking b" \
  " LEFT JOIN client c INDEXED BY client_day_names ON c.id = b.client_id" \
  " WHERE b.starts_at >= ? AND b.starts_at < ? AND b.deleted = 0" \
  " ORDER BY b.starts_at, b.rid"

typedef struct
{
  const char *name;
  int         buffer_min;
} NamedRow;

/* id -> NamedRow of every service or room (deleted ones too), strings in @strings. */
static GHashTable *
read_names (SpaStore      *store,
            const char    *sql,
            GStringChunk  *strings,
            GError       **error)
{
  g_autoptr(SpaStmt) stmt = spa_store_prepare (store, sql, error);
  g_autoptr(GHashTable) names = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;

  names = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      NamedRow *row = g_new0 (NamedRow, 1);
      const char *name = (const char *)sqlite3_column_text (stmt, 1);

      row->name = g_string_chunk_insert (strings, name ? name : "");
      row->buffer_min = sqlite3_column_int (stmt, 2);
      g_hash_table_insert (names, g_string_chunk_insert (strings, (const char *)sqlite3_column_text (stmt, 0)), row);
    }
  if (rc != SQLITE_DONE)
    {
      spa_store_set_error (store, error);
      return NULL;
    }
  return g_steal_pointer (&names);
}

static const char *
chunk_column (GStringChunk *strings,
              sqlite3_stmt *stmt,
              int           column)
{
  const char *text = (const char *)sqlite3_column_text (stmt, column);

  return text ? g_string_chunk_insert (strings, text) : NULL;
}

/**
 * spa_schedule_day_bookings_between:
 *
 * The calendar's read: the bookings (any status, not deleted) starting in [@from, @to)
 * by start time, as plain structs with the client, service and room names joined. A
 * day of a large spa has hundreds; building a record for each cost more than the query.
 *
 * Returns: (transfer full) (nullable): the bookings, free with spa_day_bookings_free()
 */
SpaDayBookings *
spa_schedule_day_bookings_between (SpaStore   *store,
                                   GDateTime  *from,
                                   GDateTime  *to,
                                   GError    **error)
{
  g_autofree char *s_from = spa_time_format_utc (from);
  g_autofree char *s_to = spa_time_format_utc (to);
  g_autoptr(SpaStmt) stmt = spa_store_prepare (store, DAY_BOOKINGS_SQL, error);
  g_autoptr(SpaDayBookings) bookings = NULL;
  g_autoptr(GHashTable) services = NULL;
  g_autoptr(GHashTable) rooms = NULL;
  const char *unknown_client = _("Unknown client");
  int rc;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, s_from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, s_to, -1, SQLITE_TRANSIENT);

  bookings = g_new0 (SpaDayBookings, 1);
  bookings->items = g_array_sized_new (FALSE, TRUE, sizeof (SpaDayBooking), 256);
  bookings->strings = g_string_chunk_new (16 * 1024);
  services = read_names (store, "SELECT id, name, buffer_min FROM service", bookings->strings, error);
  rooms = services ? read_names (store, "SELECT id, name, 0 FROM room", bookings->strings, error) : NULL;
  if (rooms == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SpaDayBooking item = { 0, };
      GStringChunk *strings = bookings->strings;
      const NamedRow *service, *room;

      item.id = chunk_column (strings, stmt, 0);
      item.client_id = chunk_column (strings, stmt, 1);
      item.therapist_id = chunk_column (strings, stmt, 2);
      item.room_id = chunk_column (strings, stmt, 3);
      item.service_id = chunk_column (strings, stmt, 4);
      item.status = chunk_column (strings, stmt, 5);
      item.starts_at = chunk_column (strings, stmt, 6);
      item.ends_at = chunk_column (strings, stmt, 7);
      item.location_id = chunk_column (strings, stmt, 12);
      if (item.location_id == NULL)
        item.location_id = SPA_LOCATION_DEFAULT_ID;
      if (sqlite3_column_int (stmt, 11))
        {
          g_autofree char *name = spa_client_format_display_name ((const char *)sqlite3_column_text (stmt, 8),
                                                                  (const char *)sqlite3_column_text (stmt, 9),
                                                                  (const char *)sqlite3_column_text (stmt, 10));

          item.client_name = g_string_chunk_insert (strings, name);
        }
      else
        item.client_name = unknown_client;
      service = item.service_id ? g_hash_table_lookup (services, item.service_id) : NULL;
      room = item.room_id ? g_hash_table_lookup (rooms, item.room_id) : NULL;
      item.service_name = service ? service->name : "";
      item.buffer_min = service ? service->buffer_min : 0;
      item.room_name = room ? room->name : NULL;
      g_array_append_val (bookings->items, item);
    }

  if (rc != SQLITE_DONE)
    {
      spa_store_set_error (store, error);
      return NULL;
    }

  return g_steal_pointer (&bookings);
}

/**
 * spa_schedule_day_bookings_of_day:
 * @day: any time on the day, read in @zone
 *
 * Returns: (transfer full) (nullable): as spa_schedule_day_bookings_between(), the
 *   bookings starting between the two local midnights around @day
 */
SpaDayBookings *
spa_schedule_day_bookings_of_day (SpaStore   *store,
                                  GTimeZone  *zone,
                                  GDateTime  *day,
                                  GError    **error)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;

  day_bounds (zone, day, &start, &end);
  return spa_schedule_day_bookings_between (store, start, end, error);
}

void
spa_day_bookings_free (SpaDayBookings *bookings)
{
  if (bookings == NULL)
    return;
  g_array_unref (bookings->items);
  g_string_chunk_free (bookings->strings);
  g_free (bookings);
}

/**
 * spa_schedule_client_bookings:
 *
 * Returns: (transfer full) (element-type SpaRecord): the client's bookings, newest first
 */
GPtrArray *
spa_schedule_client_bookings (SpaStore    *store,
                              const char  *client_id,
                              GError     **error)
{
  return spa_store_query (store, "booking",
                          "WHERE client_id = ? AND deleted = 0 ORDER BY starts_at DESC",
                          (const char * const []) { client_id, NULL }, error);
}

static int
parse_minutes (const char *hhmm)
{
  int h, m;

  if (hhmm == NULL || sscanf (hhmm, "%d:%d", &h, &m) != 2)
    return -1;

  return h * 60 + m;
}

/**
 * spa_schedule_working_intervals:
 * @local_day: any time on the day, in the spa's zone
 *
 * Returns: (transfer full) (element-type int): the therapist's working intervals that
 *   day as pairs of minutes after local midnight (start, end, start, end, ...)
 */
GArray *
spa_schedule_working_intervals (SpaRecord *therapist,
                                GDateTime *local_day)
{
  return spa_schedule_working_intervals_at (therapist, NULL, local_day);
}

/**
 * spa_schedule_working_intervals_at:
 * @location_id: (nullable): where; %NULL: the therapist's own location
 * @local_day: any time on the day, in the location's zone
 *
 * Returns: (transfer full) (element-type int): the therapist's working intervals that
 *   day at @location_id (none where they do not work), as pairs of minutes after local
 *   midnight
 */
GArray *
spa_schedule_working_intervals_at (SpaRecord  *therapist,
                                   const char *location_id,
                                   GDateTime  *local_day)
{
  static const char * const days[] = { NULL, "mon", "tue", "wed", "thu", "fri", "sat", "sun" };
  GArray *intervals = g_array_new (FALSE, FALSE, sizeof (int));
  JsonNode *hours = spa_location_therapist_hours (therapist, location_id);
  JsonNode *day_node;
  JsonArray *array;

  if (hours == NULL || !JSON_NODE_HOLDS_OBJECT (hours))
    return intervals;

  day_node = json_object_get_member (json_node_get_object (hours),
                                     days[g_date_time_get_day_of_week (local_day)]);
  if (day_node == NULL || !JSON_NODE_HOLDS_ARRAY (day_node))
    return intervals;

  array = json_node_get_array (day_node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *object;
      int start, end;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      object = json_node_get_object (node);
      start = parse_minutes (json_object_get_string_member_with_default (object, "start", NULL));
      end = parse_minutes (json_object_get_string_member_with_default (object, "end", NULL));
      if (start < 0 || end <= start)
        continue;
      g_array_append_val (intervals, start);
      g_array_append_val (intervals, end);
    }

  return intervals;
}

/**
 * spa_schedule_format_hours:
 *
 * Returns: (transfer full): the day's working hours as "09:00–12:00, 13:00–17:00",
 *   or an empty string on a day off
 */
char *
spa_schedule_format_hours (SpaRecord *therapist,
                           GDateTime *local_day)
{
  return spa_schedule_format_hours_at (therapist, NULL, local_day);
}

/**
 * spa_schedule_format_hours_at:
 * @location_id: (nullable): where; %NULL: the therapist's own location
 *
 * Returns: (transfer full): spa_schedule_format_hours() at @location_id
 */
char *
spa_schedule_format_hours_at (SpaRecord  *therapist,
                              const char *location_id,
                              GDateTime  *local_day)
{
  g_autoptr(GArray) intervals = spa_schedule_working_intervals_at (therapist, location_id,
                                                                   local_day);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i + 1 < intervals->len; i += 2)
    {
      int s = g_array_index (intervals, int, i), e = g_array_index (intervals, int, i + 1);

      g_string_append_printf (text, "%s%02d:%02d–%02d:%02d", i ? ", " : "", s / 60, s % 60, e / 60, e % 60);
    }

  return g_string_free (text, FALSE);
}

/**
 * spa_schedule_within_working_hours:
 *
 * Whether [@starts, @ends) lies inside one of the therapist's working intervals, read
 * as wall-clock times in @zone (so 09:00 stays 09:00 across daylight-saving changes).
 * Per DESIGN.md this is a desk rule, not a store rule: the booking editor refuses to
 * save outside hours, but the store and the server accept such bookings (an online
 * booking or an agreed exception must not be lost).
 */
gboolean
spa_schedule_within_working_hours (SpaRecord *therapist,
                                   GTimeZone *zone,
                                   GDateTime *starts,
                                   GDateTime *ends)
{
  return spa_schedule_within_working_hours_at (therapist, NULL, zone, starts, ends);
}

/**
 * spa_schedule_within_working_hours_at:
 * @location_id: (nullable): where; %NULL: the therapist's own location
 *
 * spa_schedule_within_working_hours() with the therapist's hours at @location_id.
 */
gboolean
spa_schedule_within_working_hours_at (SpaRecord  *therapist,
                                      const char *location_id,
                                      GTimeZone  *zone,
                                      GDateTime  *starts,
                                      GDateTime  *ends)
{
  g_autoptr(GDateTime) local_start = g_date_time_to_timezone (starts, zone);
  g_autoptr(GDateTime) local_end = g_date_time_to_timezone (ends, zone);
  g_autoptr(GArray) intervals = spa_schedule_working_intervals_at (therapist, location_id,
                                                                   local_start);
  int from = g_date_time_get_hour (local_start) * 60 + g_date_time_get_minute (local_start);
  int to = g_date_time_get_hour (local_end) * 60 + g_date_time_get_minute (local_end);

  /* A booking running past local midnight is outside anybody's hours. */
  if (g_date_time_get_day_of_month (local_end) != g_date_time_get_day_of_month (local_start) &&
      to != 0)
    return FALSE;
  if (to == 0 && g_date_time_difference (ends, starts) > 0)
    to = 24 * 60;

  for (guint i = 0; i + 1 < intervals->len; i += 2)
    if (from >= g_array_index (intervals, int, i) && to <= g_array_index (intervals, int, i + 1))
      return TRUE;

  return FALSE;
}

/**
 * spa_schedule_set_status:
 * @reason: (nullable): why, for a cancellation
 *
 * Changes the booking's status if the change makes sense, records it with its time in
 * status_history and saves. A cancelled booking cannot be checked in; a booking cannot
 * become active again where that would double-book (the store refuses it).
 */
gboolean
spa_schedule_set_status (SpaStore    *store,
                         SpaRecord   *booking,
                         const char  *status,
                         const char  *reason,
                         GError     **error)
{
  g_autoptr(SpaRecord) copy = spa_record_copy (booking);
  g_autofree char *now = spa_store_now_utc (store);
  const char *from = spa_record_get_string (booking, "status");

  if (!spa_booking_status_can_change (from, status))
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, "status",
                                _("A booking that is %s cannot be marked %s."),
                                spa_booking_status_label (from), spa_booking_status_label (status));
      return FALSE;
    }

  spa_record_set_string (copy, "status", status);
  if (g_strcmp0 (status, "cancelled") == 0 && !spa_str_empty (reason))
    spa_record_set_string (copy, "cancel_reason", reason);
  spa_booking_add_history (copy, status, now);

  if (!spa_store_save (store, copy, error))
    return FALSE;

  /* Only now is the caller's copy brought up to date: a refused change leaves it as it was. */
  spa_record_set_string (booking, "status", status);
  if (spa_record_has_value (copy, "cancel_reason"))
    spa_record_set_string (booking, "cancel_reason", spa_record_get_string (copy, "cancel_reason"));
  spa_record_set_json (booking, "status_history", spa_record_get_json (copy, "status_history"));
  spa_record_set_timestamps (booking, spa_record_get_created_at (copy), spa_record_get_updated_at (copy));
  spa_record_clear_changed (booking);
  return TRUE;
}

/**
 * spa_schedule_foreach_feed_booking:
 * @since: UTC time; bookings ending before it are left out
 *
 * Calls @func for each of @therapist_id's bookings that still holds its time (not
 * cancelled or a no-show, requested ones included) ending from @since on, in start
 * order: what the therapist's calendar feed lists.
 */
gboolean
spa_schedule_foreach_feed_booking (SpaStore           *store,
                                   const char         *therapist_id,
                                   const char         *since,
                                   SpaFeedBookingFunc  func,
                                   gpointer            data,
                                   GError            **error)
{
  g_autoptr(SpaStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (SPA_IS_STORE (store), FALSE);

  stmt = spa_store_prepare (store,
                            "SELECT b.id, b.starts_at, b.ends_at, b.status, c.first_name, s.name"
                            " FROM booking b LEFT JOIN client c ON c.id = b.client_id"
                            " LEFT JOIN service s ON s.id = b.service_id"
                            " WHERE b.therapist_id = ? AND b.deleted = 0 AND b.ends_at >= ?"
                            " AND b.status NOT IN ('cancelled', 'no_show')"
                            " ORDER BY b.starts_at",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, therapist_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, since, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SpaFeedBooking booking = {
        .id = (const char *)sqlite3_column_text (stmt, 0),
        .starts_at = (const char *)sqlite3_column_text (stmt, 1),
        .ends_at = (const char *)sqlite3_column_text (stmt, 2),
        .status = (const char *)sqlite3_column_text (stmt, 3),
        .client_first_name = (const char *)sqlite3_column_text (stmt, 4),
        .service_name = (const char *)sqlite3_column_text (stmt, 5),
      };

      func (&booking, data);
    }
  if (rc != SQLITE_DONE)
    return spa_store_set_error (store, error);
  return TRUE;
}

/**
 * spa_schedule_bookings_to_remind:
 * @after: UTC time; bookings starting after it
 * @until: UTC time; and at or before it
 * @hours: how long before its start a booking is reminded of
 *
 * Returns: (transfer full) (element-type utf8): the ids of the booked or confirmed
 *   bookings starting in (@after, @until] that were made more than @hours before their
 *   start (one made later needs no reminder), in start order; %NULL with @error
 */
GPtrArray *
spa_schedule_bookings_to_remind (SpaStore    *store,
                                 const char  *after,
                                 const char  *until,
                                 gint64       hours,
                                 GError     **error)
{
  g_autofree char *hours_text = g_strdup_printf ("%" G_GINT64_FORMAT, hours);
  const char * const params[] = { after, until, hours_text, NULL };

  g_return_val_if_fail (SPA_IS_STORE (store), NULL);

  return spa_store_query_texts (store,
                                "SELECT id FROM booking"
                                " WHERE deleted = 0 AND status IN ('booked', 'confirmed')"
                                " AND starts_at > ? AND starts_at <= ?"
                                " AND julianday (starts_at) - julianday (created_at)"
                                "   > CAST (? AS INTEGER) / 24.0"
                                " ORDER BY starts_at",
                                params, error);
}

/**
 * spa_schedule_visits_ended:
 * @after: UTC time; visits ending after it
 * @until: UTC time; and at or before it
 *
 * Returns: (transfer full) (element-type utf8): the ids of the completed visits ending
 *   in (@after, @until], in order; %NULL with @error
 */
GPtrArray *
spa_schedule_visits_ended (SpaStore    *store,
                           const char  *after,
                           const char  *until,
                           GError     **error)
{
  const char * const params[] = { after, until, NULL };

  g_return_val_if_fail (SPA_IS_STORE (store), NULL);

  return spa_store_query_texts (store,
                                "SELECT id FROM booking WHERE deleted = 0 AND status = 'completed'"
                                " AND ends_at > ? AND ends_at <= ? ORDER BY ends_at",
                                params, error);
}
