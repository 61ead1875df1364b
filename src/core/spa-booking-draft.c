/* spa-booking-draft.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-booking-draft"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "spa-booking-draft.h"
#include "spa-location.h"
#include "spa-booking-fields.h"
#include "spa-format.h"
#include "spa-schedule.h"
#include "spa-util.h"
#include "spa-validate.h"

/*
 * A booking being made or changed, before it is saved: what the booking editor and the
 * calendar's drag both hold. It answers which problems the booking would have now
 * (each next to its field, one wording per problem), builds the record to save and
 * suggests a room and a free time. The store's own rules (references, the overlap of
 * therapists and rooms) are enforced again on save; the desk's rules (not in the past,
 * within working hours, the therapist offers the service, the client is not booked
 * twice at once) live only here, as DESIGN.md keeps them off the server.
 */

/* The fields a problem can belong to, in the order a form shows them. */
static const char * const problem_fields[] = {
  "client_id", "service_id", "starts_at", "therapist_id", "room_id", NULL
};

struct _SpaBookingDraft
{
  GObject    parent_instance;

  /* Owned */
  SpaStore  *store;
  SpaRecord *original;      /* NULL for a new booking */
  char      *client_id;
  char      *service_id;
  char      *therapist_id;
  char      *room_id;
  char      *location_id;   /* NULL: the original's, or for a new booking the default */
  char      *notes;
  GDateTime *starts;
};

G_DEFINE_FINAL_TYPE (SpaBookingDraft, spa_booking_draft, G_TYPE_OBJECT)

void
spa_booking_problem_free (SpaBookingProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->field);
  g_free (problem->message);
  g_free (problem);
}

static void
spa_booking_draft_finalize (GObject *object)
{
  SpaBookingDraft *self = (SpaBookingDraft *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->original);
  g_clear_pointer (&self->client_id, g_free);
  g_clear_pointer (&self->service_id, g_free);
  g_clear_pointer (&self->therapist_id, g_free);
  g_clear_pointer (&self->room_id, g_free);
  g_clear_pointer (&self->location_id, g_free);
  g_clear_pointer (&self->notes, g_free);
  g_clear_pointer (&self->starts, g_date_time_unref);

  G_OBJECT_CLASS (spa_booking_draft_parent_class)->finalize (object);
}

static void
spa_booking_draft_class_init (SpaBookingDraftClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = spa_booking_draft_finalize;
}

static void
spa_booking_draft_init (SpaBookingDraft *self)
{
}

/**
 * spa_booking_draft_new:
 * @store: the spa's store
 * @booking: (nullable): the booking to change, or %NULL for a new one
 *
 * Returns: (transfer full): a draft holding @booking's client, service, therapist,
 *   room, start and notes
 */
SpaBookingDraft *
spa_booking_draft_new (SpaStore  *store,
                       SpaRecord *booking)
{
  SpaBookingDraft *self;

  g_return_val_if_fail (SPA_IS_STORE (store), NULL);
  g_return_val_if_fail (booking == NULL || SPA_IS_RECORD (booking), NULL);

  self = g_object_new (SPA_TYPE_BOOKING_DRAFT, NULL);
  self->store = g_object_ref (store);
  if (booking != NULL)
    {
      self->original = spa_record_copy (booking);
      spa_record_clear_changed (self->original);
      self->client_id = g_strdup (spa_record_get_string (booking, "client_id"));
      self->service_id = g_strdup (spa_record_get_string (booking, "service_id"));
      self->therapist_id = g_strdup (spa_record_get_string (booking, "therapist_id"));
      self->room_id = g_strdup (spa_record_get_string (booking, "room_id"));
      self->notes = g_strdup (spa_record_get_string (booking, "notes"));
      self->starts = spa_time_parse_utc (spa_record_get_string (booking, "starts_at"));
    }

  return self;
}

/**
 * spa_booking_draft_get_original:
 *
 * Returns: (transfer none) (nullable): the booking being changed, as it was
 */
SpaRecord *
spa_booking_draft_get_original (SpaBookingDraft *self)
{
  g_return_val_if_fail (SPA_IS_BOOKING_DRAFT (self), NULL);
  return self->original;
}

static void
replace (char       **slot,
         const char  *value)
{
  if (g_strcmp0 (*slot, value) == 0)
    return;
  g_free (*slot);
  *slot = spa_str_empty (value) ? NULL : g_strdup (value);
}

const char *
spa_booking_draft_get_client_id (SpaBookingDraft *self)
{
  g_return_val_if_fail (SPA_IS_BOOKING_DRAFT (self), NULL);
  return self->client_id;
}

void
spa_booking_draft_set_client_id (SpaBookingDraft *self,
                                 const char      *client_id)
{
  g_return_if_fail (SPA_IS_BOOKING_DRAFT (self));
  replace (&self->client_id, client_id);
}

const char *
spa_booking_draft_get_service_id (SpaBookingDraft *self)
{
  g_return_val_if_fail (SPA_IS_BOOKING_DRAFT (self), NULL);
  return self->service_id;
}

void
spa_booking_draft_set_service_id (SpaBookingDraft *self,
                                  const char      *service_id)
{
  g_return_if_fail (SPA_IS_BOOKING_DRAFT (self));
  replace (&self->service_id, service_id);
}

const char *
spa_booking_draft_get_therapist_id (SpaBookingDraft *self)
{
  g_return_val_if_fail (SPA_IS_BOOKING_DRAFT (self), NULL);
  return self->therapist_id;
}

void
spa_booking_draft_set_therapist_id (SpaBookingDraft *self,
                                    const char      *therapist_id)
{
  g_return_if_fail (SPA_IS_BOOKING_DRAFT (self));
  replace (&self->therapist_id, therapist_id);
}

const char *
spa_booking_draft_get_room_id (SpaBookingDraft *self)
{
  g_return_val_if_fail (SPA_IS_BOOKING_DRAFT (self), NULL);
  return self->room_id;
}

void
spa_booking_draft_set_room_id (SpaBookingDraft *self,
                               const char      *room_id)
{
  g_return_if_fail (SPA_IS_BOOKING_DRAFT (self));
  replace (&self->room_id, room_id);
}

/**
 * spa_booking_draft_get_location_id:
 *
 * Returns: (transfer none): where the booking is: the location set, else the
 *   original's, else the default location
 */
const char *
spa_booking_draft_get_location_id (SpaBookingDraft *self)
{
  g_return_val_if_fail (SPA_IS_BOOKING_DRAFT (self), NULL);

  if (self->location_id != NULL)
    return self->location_id;
  if (self->original != NULL)
    return spa_record_get_location_id (self->original);
  return SPA_LOCATION_DEFAULT_ID;
}

/**
 * spa_booking_draft_set_location_id:
 * @location_id: (nullable): the location the booking is at (a new booking takes the
 *   one the desk shows)
 */
void
spa_booking_draft_set_location_id (SpaBookingDraft *self,
                                   const char      *location_id)
{
  g_return_if_fail (SPA_IS_BOOKING_DRAFT (self));
  replace (&self->location_id, location_id);
}

/**
 * spa_booking_draft_dup_zone:
 * @desk_zone: the desk's zone (its time-zone setting)
 *
 * The zone the booking's times are typed, shown and checked in: its location's
 * (spa_location_zone()), not the desk's, so a desk in Vancouver books a location in
 * Toronto on Toronto's clock, and checks its therapists' hours there.
 *
 * Returns: (transfer full): the zone of the booking's location
 */
GTimeZone *
spa_booking_draft_dup_zone (SpaBookingDraft *self,
                            GTimeZone       *desk_zone)
{
  g_return_val_if_fail (SPA_IS_BOOKING_DRAFT (self), NULL);
  g_return_val_if_fail (desk_zone != NULL, NULL);

  return spa_location_zone (self->store, spa_booking_draft_get_location_id (self), desk_zone);
}

/**
 * spa_booking_draft_local_time:
 * @desk_zone: the desk's zone
 * @year: the year typed
 * @month: the month typed (1 to 12)
 * @day: the day of the month typed
 * @minute: the time typed, in minutes after that day's midnight
 *
 * Reads a date and time typed into the booking's form on the clock of the booking's
 * location (spa_booking_draft_dup_zone()).
 *
 * Returns: (transfer full): the time typed
 */
GDateTime *
spa_booking_draft_local_time (SpaBookingDraft *self,
                              GTimeZone       *desk_zone,
                              int              year,
                              int              month,
                              int              day,
                              int              minute)
{
  g_autoptr(GTimeZone) zone = NULL;

  g_return_val_if_fail (SPA_IS_BOOKING_DRAFT (self), NULL);

  zone = spa_booking_draft_dup_zone (self, desk_zone);
  return g_date_time_new (zone, year, month, day, minute / 60, minute % 60, 0);
}

/**
 * spa_booking_draft_to_local:
 * @desk_zone: the desk's zone
 * @time: a time, in any zone
 *
 * Returns: (transfer full): @time as the clock of the booking's location reads it,
 *   for the form to show (spa_booking_draft_dup_zone())
 */
GDateTime *
spa_booking_draft_to_local (SpaBookingDraft *self,
                            GTimeZone       *desk_zone,
                            GDateTime       *time)
{
  g_autoptr(GTimeZone) zone = NULL;

  g_return_val_if_fail (SPA_IS_BOOKING_DRAFT (self), NULL);
  g_return_val_if_fail (time != NULL, NULL);

  zone = spa_booking_draft_dup_zone (self, desk_zone);
  return g_date_time_to_timezone (time, zone);
}

/**
 * spa_booking_draft_get_starts:
 *
 * Returns: (transfer none) (nullable): the start
 */
GDateTime *
spa_booking_draft_get_starts (SpaBookingDraft *self)
{
  g_return_val_if_fail (SPA_IS_BOOKING_DRAFT (self), NULL);
  return self->starts;
}

void
spa_booking_draft_set_starts (SpaBookingDraft *self,
                              GDateTime       *starts)
{
  g_return_if_fail (SPA_IS_BOOKING_DRAFT (self));

  if (starts != NULL)
    g_date_time_ref (starts);
  g_clear_pointer (&self->starts, g_date_time_unref);
  self->starts = starts;
}

const char *
spa_booking_draft_get_notes (SpaBookingDraft *self)
{
  g_return_val_if_fail (SPA_IS_BOOKING_DRAFT (self), NULL);
  return self->notes;
}

void
spa_booking_draft_set_notes (SpaBookingDraft *self,
                             const char      *notes)
{
  g_autofree char *trimmed = notes ? g_strstrip (g_strdup (notes)) : NULL;

  g_return_if_fail (SPA_IS_BOOKING_DRAFT (self));
  replace (&self->notes, trimmed);
}

static void
set_if_changed (SpaRecord  *record,
                const char *field,
                const char *value)
{
  if (g_strcmp0 (spa_record_get_string (record, field), value) == 0)
    return;

  if (value == NULL)
    spa_record_set_null (record, field);
  else
    spa_record_set_string (record, field, value);
}

/* How long the booking lasts: its own length while its service is unchanged (a length
 * agreed before the service's was changed stays), else the service's. */
static GTimeSpan
draft_length (SpaBookingDraft *self,
              SpaRecord       *service)
{
  if (self->original != NULL &&
      g_strcmp0 (spa_record_get_string (self->original, "service_id"), self->service_id) == 0)
    {
      g_autoptr(GDateTime) s = spa_time_parse_utc (spa_record_get_string (self->original, "starts_at"));
      g_autoptr(GDateTime) e = spa_time_parse_utc (spa_record_get_string (self->original, "ends_at"));

      if (s != NULL && e != NULL && g_date_time_difference (e, s) > 0)
        return g_date_time_difference (e, s);
    }

  return (service ? spa_record_get_int (service, "duration_min", 60) : 60) * G_TIME_SPAN_MINUTE;
}

static SpaRecord *
build_with (SpaBookingDraft *self,
            const char      *therapist_id,
            const char      *room_id,
            GDateTime       *starts)
{
  SpaRecord *record = self->original ? spa_record_copy (self->original) : spa_record_new ("booking");
  g_autoptr(SpaRecord) service = self->service_id ? spa_store_get (self->store, "service", self->service_id, NULL) : NULL;

  set_if_changed (record, "client_id", self->client_id);
  set_if_changed (record, "service_id", self->service_id);
  set_if_changed (record, "therapist_id", therapist_id);
  set_if_changed (record, "room_id", room_id);
  if (self->location_id != NULL)
    set_if_changed (record, SPA_BOOKING_LOCATION_ID, self->location_id);
  set_if_changed (record, "notes", self->notes);
  if (starts != NULL)
    {
      g_autoptr(GDateTime) ends = g_date_time_add (starts, draft_length (self, service));
      g_autofree char *s_starts = spa_time_format_utc (starts);
      g_autofree char *s_ends = spa_time_format_utc (ends);

      set_if_changed (record, "starts_at", s_starts);
      set_if_changed (record, "ends_at", s_ends);
    }

  if (self->original == NULL)
    {
      spa_record_set_string (record, "status", "booked");
      spa_record_set_string (record, "source", "desk");
      if (service != NULL && spa_record_has_value (service, "price_cents"))
        spa_record_set_int (record, "price_cents", spa_record_get_int (service, "price_cents", 0));
    }

  return record;
}

/**
 * spa_booking_draft_build:
 *
 * The booking as the draft says it should be: a copy of the original with only the
 * fields that really differ changed (so the outbox carries only those), or a new
 * booked desk booking at the service's price.
 *
 * Returns: (transfer full): the record to save
 */
SpaRecord *
spa_booking_draft_build (SpaBookingDraft *self)
{
  g_return_val_if_fail (SPA_IS_BOOKING_DRAFT (self), NULL);
  return build_with (self, self->therapist_id, self->room_id, self->starts);
}

/**
 * spa_booking_draft_is_changed:
 *
 * Returns: whether saving would change anything (always for a new booking)
 */
gboolean
spa_booking_draft_is_changed (SpaBookingDraft *self)
{
  g_autoptr(SpaRecord) record = NULL;

  g_return_val_if_fail (SPA_IS_BOOKING_DRAFT (self), FALSE);

  if (self->original == NULL)
    return TRUE;
  record = spa_booking_draft_build (self);
  return spa_record_is_changed (record);
}

/**
 * spa_booking_therapist_offers:
 *
 * Returns: whether @therapist offers @service_id; a therapist with no list of services
 *   has not been restricted and offers them all
 */
gboolean
spa_booking_therapist_offers (SpaRecord  *therapist,
                              const char *service_id)
{
  g_auto(GStrv) ids = NULL;

  g_return_val_if_fail (SPA_IS_RECORD (therapist), FALSE);

  ids = spa_record_get_strv (therapist, "service_ids");
  return ids == NULL || ids[0] == NULL || g_strv_contains ((const char * const *)ids, service_id);
}

static char *
describe_hours (SpaRecord  *therapist,
                const char *location_id,
                GDateTime  *local_day)
{
  g_autofree char *hours = spa_schedule_format_hours_at (therapist, location_id, local_day);
  g_autofree char *weekday = spa_format_weekday (local_day);

  if (*hours == '\0')
    /* TRANSLATORS: therapist, weekday */
    return g_strdup_printf (_("%s does not work on %s."), spa_record_get_string (therapist, "name"), weekday);

  /* TRANSLATORS: therapist, weekday, hours such as 09:00–12:00, 13:00–17:00 */
  return g_strdup_printf (_("This is outside %s’s working hours (%s: %s)."),
                          spa_record_get_string (therapist, "name"), weekday, hours);
}

static gboolean
starts_changed (SpaBookingDraft *self,
                SpaRecord       *record)
{
  return self->original == NULL ||
         g_strcmp0 (spa_record_get_string (self->original, "starts_at"),
                    spa_record_get_string (record, "starts_at")) != 0;
}

/* A move: the time or the therapist differs from the booking saved. */
static gboolean
moved (SpaBookingDraft *self,
       SpaRecord       *record)
{
  return self->original != NULL &&
         (starts_changed (self, record) ||
          g_strcmp0 (spa_booking_get_therapist_id (self->original),
                     spa_booking_get_therapist_id (record)) != 0);
}

/* The same therapist at the same start and end as the booking saved. */
static gboolean
time_kept (SpaBookingDraft *self,
           SpaRecord       *record)
{
  return self->original != NULL && !moved (self, record) &&
         g_strcmp0 (spa_record_get_string (self->original, "ends_at"),
                    spa_record_get_string (record, "ends_at")) == 0;
}

static void
add (GHashTable *problems,
     const char *field,
     char       *message)
{
  if (g_hash_table_contains (problems, field))
    g_free (message);
  else
    g_hash_table_insert (problems, (gpointer)g_intern_string (field), message);
}

static gboolean
any_active_therapist_offers (SpaStore   *store,
                             const char *service_id)
{
  g_autoptr(GPtrArray) therapists = spa_store_list (store, "therapist", FALSE, NULL);

  for (guint i = 0; therapists && i < therapists->len; i++)
    if (spa_record_get_boolean (therapists->pdata[i], "active") &&
        spa_booking_therapist_offers (therapists->pdata[i], service_id))
      return TRUE;

  return FALSE;
}

/* The time and the therapist: past, not offered, outside hours, already booked. */
static void
check_therapist (SpaBookingDraft *self,
                 SpaRecord       *record,
                 GDateTime       *now,
                 GTimeZone       *zone,
                 gboolean         first_only,
                 GHashTable      *problems)
{
  const char *therapist_id = spa_record_get_string (record, "therapist_id");
  g_autoptr(SpaRecord) therapist = NULL;
  g_autoptr(SpaRecord) service = NULL;
  g_autoptr(GDateTime) starts = spa_time_parse_utc (spa_record_get_string (record, "starts_at"));
  g_autoptr(GDateTime) ends = spa_time_parse_utc (spa_record_get_string (record, "ends_at"));
  g_autoptr(SpaRecord) clash = NULL;

  if (starts != NULL && now != NULL && starts_changed (self, record) && g_date_time_compare (starts, now) < 0)
    add (problems, "starts_at", g_strdup (_("This time has already passed. Choose a later one.")));

  if (therapist_id == NULL)
    {
      if (self->service_id != NULL && !any_active_therapist_offers (self->store, self->service_id))
        add (problems, "therapist_id", g_strdup (_("No active therapist offers this service.")));
      else
        add (problems, "therapist_id", g_strdup (_("Choose a therapist.")));
      return;
    }

  therapist = spa_store_get (self->store, "therapist", therapist_id, NULL);
  if (therapist == NULL)
    return;   /* the store's reference check says so */

  service = self->service_id ? spa_store_get (self->store, "service", self->service_id, NULL) : NULL;
  if (first_only && g_hash_table_size (problems) > 0)
    return;
  if (service != NULL && !spa_booking_therapist_offers (therapist, self->service_id))
    /* TRANSLATORS: therapist, service */
    add (problems, "therapist_id", g_strdup_printf (_("%s does not offer %s."),
                                                    spa_record_get_string (therapist, "name"),
                                                    spa_record_get_string (service, "name")));

  /* Someone who does not work at the booking's location, in the store's words. */
  if (!spa_location_therapist_works_at (therapist, spa_record_get_location_id (record)))
    {
      g_autoptr(GError) local_error = NULL;

      if (!spa_location_check_booking (self->store, record, &local_error))
        add (problems, "therapist_id", g_strdup (local_error->message));
      return;
    }

  /* Hours are for choosing a time: a visit kept where it was (hours changed since, or
   * booked outside them on purpose) can still get its note or its checkout. */
  if (starts != NULL && ends != NULL && !time_kept (self, record) &&
      !spa_schedule_within_working_hours_at (therapist, spa_record_get_location_id (record), zone,
                                             starts, ends))
    {
      g_autoptr(GDateTime) local = g_date_time_to_timezone (starts, zone);

      add (problems, "starts_at", describe_hours (therapist, spa_record_get_location_id (record),
                                                  local));
    }

  /* A slot search only needs to know whether there is a problem: skip the query. */
  if (first_only && g_hash_table_size (problems) > 0)
    return;
  clash = spa_schedule_find_clash (self->store, record, "therapist_id", NULL);
  if (clash != NULL)
    add (problems, "therapist_id", spa_schedule_describe_clash (self->store, "therapist_id", clash));
}

static GPtrArray *
to_list (GHashTable *problems)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify)spa_booking_problem_free);

  for (guint i = 0; problem_fields[i]; i++)
    {
      const char *message = g_hash_table_lookup (problems, problem_fields[i]);
      SpaBookingProblem *problem;

      if (message == NULL)
        continue;
      problem = g_new0 (SpaBookingProblem, 1);
      problem->field = g_strdup (problem_fields[i]);
      problem->message = g_strdup (message);
      g_ptr_array_add (list, problem);
    }

  return list;
}

/**
 * spa_booking_draft_check:
 * @now: the current time (a time before it cannot be booked)
 * @zone: the zone of the booking's location (spa_booking_draft_dup_zone()): working
 *   hours are its wall clock
 *
 * What stands in the way of saving the draft now, at most one problem a field: a
 * missing client, service or therapist; a start already past (only when the start was
 * changed: an old booking can still get a note); a cancelled, completed or no-show
 * booking given another time or therapist; outside the therapist's working hours; a
 * therapist who does not offer the service; the therapist, the room or the client
 * already booked then (cleanup counts for therapists and rooms, not for the client);
 * anything else the store would refuse, next to the closest field.
 *
 * Returns: (transfer full) (element-type SpaBookingProblem): the problems in the
 *   order of the form's fields (client, service, time, therapist, room); empty when
 *   the draft can be saved
 */
GPtrArray *
spa_booking_draft_check (SpaBookingDraft *self,
                         GDateTime       *now,
                         GTimeZone       *zone)
{
  g_autoptr(GHashTable) problems = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(SpaRecord) record = NULL;
  g_autoptr(GHashTable) store_errors = NULL;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (SPA_IS_BOOKING_DRAFT (self), NULL);
  g_return_val_if_fail (zone != NULL, NULL);

  record = spa_booking_draft_build (self);

  if (self->client_id == NULL)
    add (problems, "client_id", g_strdup (_("Choose a client.")));
  if (self->service_id == NULL)
    add (problems, "service_id", g_strdup (_("Choose a service.")));
  if (self->starts == NULL)
    add (problems, "starts_at", g_strdup (_("Choose a time.")));
  /* A cancelled, completed or missed booking is history: it keeps its time and
   * therapist. An online request may still move before the desk accepts it. */
  if (moved (self, record))
    {
      const char *status = spa_booking_get_status (self->original);

      if (!spa_booking_status_is_active (status) && g_strcmp0 (status, "requested") != 0)
        /* TRANSLATORS: %s is a booking status such as Cancelled */
        add (problems, "starts_at", g_strdup_printf (_("A booking that is %s cannot be moved."),
                                                     spa_booking_status_label (status)));
    }

  check_therapist (self, record, now, zone, FALSE, problems);

  {
    g_autoptr(SpaRecord) room_clash = spa_schedule_find_clash (self->store, record, "room_id", NULL);
    g_autoptr(SpaRecord) client_clash = spa_schedule_find_clash (self->store, record, "client_id", NULL);

    if (room_clash != NULL)
      add (problems, "room_id", spa_schedule_describe_clash (self->store, "room_id", room_clash));
    /* Not a store rule (DESIGN.md names therapists and rooms), but nobody is in two
     * sessions at once. */
    if (client_clash != NULL)
      add (problems, "client_id", spa_schedule_describe_clash (self->store, "client_id", client_clash));
  }

  /* Whatever else the store would refuse, next to the closest field. */
  store_errors = spa_validate_collect_errors (self->store, record);
  g_hash_table_iter_init (&iter, store_errors);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *field = key;

      if (!g_strv_contains (problem_fields, field))
        field = "starts_at";
      add (problems, field, g_strdup (value));
    }

  return to_list (problems);
}

/**
 * spa_booking_problems_lookup:
 * @problems: (element-type SpaBookingProblem): from spa_booking_draft_check()
 *
 * Returns: (transfer none) (nullable): the message for @field, or %NULL
 */
const char *
spa_booking_problems_lookup (GPtrArray  *problems,
                             const char *field)
{
  for (guint i = 0; problems && i < problems->len; i++)
    {
      SpaBookingProblem *problem = problems->pdata[i];

      if (g_strcmp0 (problem->field, field) == 0)
        return problem->message;
    }

  return NULL;
}

/**
 * spa_booking_draft_therapist_problem:
 *
 * Whether @therapist_id could take the draft's booking at its time: for a list of
 * therapists marked free or not. A time already past suits nobody.
 *
 * Returns: (transfer full) (nullable): why not, or %NULL if they can
 */
char *
spa_booking_draft_therapist_problem (SpaBookingDraft *self,
                                     const char      *therapist_id,
                                     GDateTime       *now,
                                     GTimeZone       *zone)
{
  g_autoptr(GHashTable) problems = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(SpaRecord) record = NULL;
  const char *message;

  g_return_val_if_fail (SPA_IS_BOOKING_DRAFT (self), NULL);

  if (self->starts == NULL)
    return NULL;

  record = build_with (self, therapist_id, self->room_id, self->starts);
  check_therapist (self, record, now, zone, TRUE, problems);
  message = g_hash_table_lookup (problems, "starts_at");
  if (message == NULL)
    message = g_hash_table_lookup (problems, "therapist_id");
  return g_strdup (message);
}

static GPtrArray *
active_records (SpaStore   *store,
                const char *entity)
{
  GPtrArray *active = spa_store_list_active (store, entity, NULL, NULL);

  return active ? active : g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * spa_booking_draft_suggest_room:
 *
 * Chooses the first active room free for the draft's time (cleanup included) and sets
 * it; with none free, sets none.
 *
 * Returns: (transfer none) (nullable): the room's id
 */
const char *
spa_booking_draft_suggest_room (SpaBookingDraft *self)
{
  g_autoptr(GPtrArray) rooms = NULL;

  g_return_val_if_fail (SPA_IS_BOOKING_DRAFT (self), NULL);

  rooms = active_records (self->store, "room");
  for (guint i = 0; i < rooms->len; i++)
    {
      const char *room_id = spa_record_get_id (rooms->pdata[i]);
      g_autoptr(SpaRecord) draft = build_with (self, self->therapist_id, NULL, self->starts);

      /* Only the booking's own location's rooms. */
      if (g_strcmp0 (spa_record_get_location_id (rooms->pdata[i]),
                     spa_record_get_location_id (draft)) != 0)
        continue;
      g_autoptr(SpaRecord) record = build_with (self, self->therapist_id, room_id, self->starts);
      g_autoptr(SpaRecord) clash = spa_schedule_find_clash (self->store, record, "room_id", NULL);

      if (clash == NULL)
        {
          spa_booking_draft_set_room_id (self, room_id);
          return self->room_id;
        }
    }

  spa_booking_draft_set_room_id (self, NULL);
  return NULL;
}

static int
compare_by_name (gconstpointer a,
                 gconstpointer b)
{
  SpaRecord *ra = *(SpaRecord **)a, *rb = *(SpaRecord **)b;

  return g_utf8_collate (spa_record_get_string (ra, "name"), spa_record_get_string (rb, "name"));
}

/**
 * spa_booking_draft_find_free_start:
 * @from: the earliest start wanted (rounded up to the quarter hour)
 * @until: the latest start wanted
 * @now: the current time
 * @zone: the zone of the booking's location (spa_booking_draft_dup_zone())
 *
 * Looks for the first quarter hour from @from on which a therapist can take the
 * draft's service (the draft's therapist first, then the others by name) and sets the
 * draft's start and therapist to it, so that a new booking opens ready to be saved.
 *
 * Returns: whether a free time was found (the draft is unchanged otherwise)
 */
gboolean
spa_booking_draft_find_free_start (SpaBookingDraft *self,
                                   GDateTime       *from,
                                   GDateTime       *until,
                                   GDateTime       *now,
                                   GTimeZone       *zone)
{
  g_autoptr(GPtrArray) therapists = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) slot = NULL;
  g_autofree char *kept_therapist = NULL;
  g_autoptr(GDateTime) kept_starts = NULL;
  int minute;

  g_return_val_if_fail (SPA_IS_BOOKING_DRAFT (self), FALSE);
  g_return_val_if_fail (from != NULL && until != NULL && zone != NULL, FALSE);

  if (self->service_id == NULL)
    return FALSE;

  therapists = active_records (self->store, "therapist");
  g_ptr_array_sort (therapists, compare_by_name);
  for (guint i = 0; i < therapists->len; i++)
    if (g_strcmp0 (spa_record_get_id (therapists->pdata[i]), self->therapist_id) == 0)
      {
        /* The one already chosen is tried first. */
        SpaRecord *chosen = therapists->pdata[i];

        memmove (therapists->pdata + 1, therapists->pdata, i * sizeof (gpointer));
        therapists->pdata[0] = chosen;
        break;
      }

  local = g_date_time_to_timezone (from, zone);
  minute = g_date_time_get_minute (local);
  slot = g_date_time_add_full (local, 0, 0, 0, 0, (minute + 14) / 15 * 15 - minute,
                               -(double)g_date_time_get_seconds (local));

  kept_therapist = g_strdup (self->therapist_id);
  kept_starts = self->starts ? g_date_time_ref (self->starts) : NULL;

  /* Bounded by @until: at most a few weeks of quarter hours. */
  for (; g_date_time_compare (slot, until) <= 0; )
    {
      GDateTime *next;

      if (now == NULL || g_date_time_compare (slot, now) >= 0)
        for (guint i = 0; i < therapists->len; i++)
          {
            SpaRecord *therapist = therapists->pdata[i];
            g_autofree char *problem = NULL;

            if (!spa_booking_therapist_offers (therapist, self->service_id))
              continue;
            spa_booking_draft_set_starts (self, slot);
            spa_booking_draft_set_therapist_id (self, spa_record_get_id (therapist));
            problem = spa_booking_draft_therapist_problem (self, spa_record_get_id (therapist), now, zone);
            if (problem == NULL)
              return TRUE;
          }

      next = g_date_time_add_minutes (slot, 15);
      g_date_time_unref (slot);
      slot = next;
    }

  spa_booking_draft_set_starts (self, kept_starts);
  spa_booking_draft_set_therapist_id (self, kept_therapist);
  return FALSE;
}

/**
 * spa_booking_day_is_past:
 * @day: any time on the day in question
 * @now: the current time
 * @zone: the zone in which the days begin and end: the booking's location's
 *
 * Whether @day is over by @now: a day before today, on which nothing can be booked
 * any more (the desk's rule: a booking is never made in the past). Today is not past,
 * even late in the evening.
 *
 * Returns: whether @day is before @now's day in @zone
 */
gboolean
spa_booking_day_is_past (GDateTime *day,
                         GDateTime *now,
                         GTimeZone *zone)
{
  g_autoptr(GDateTime) local_day = NULL;
  g_autoptr(GDateTime) local_now = NULL;
  int day_year, day_month, day_of_month, now_year, now_month, now_day;

  g_return_val_if_fail (day != NULL && now != NULL && zone != NULL, FALSE);

  local_day = g_date_time_to_timezone (day, zone);
  local_now = g_date_time_to_timezone (now, zone);
  g_date_time_get_ymd (local_day, &day_year, &day_month, &day_of_month);
  g_date_time_get_ymd (local_now, &now_year, &now_month, &now_day);
  if (day_year != now_year)
    return day_year < now_year;
  if (day_month != now_month)
    return day_month < now_month;
  return day_of_month < now_day;
}
