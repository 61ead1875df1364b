/* spa-demo.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-demo"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "spa-booking-draft.h"
#include "spa-demo.h"
#include "spa-demo-history.h"
#include "spa-account.h"
#include "spa-demo-clinical.h"
#include "spa-demo-money.h"
#include "spa-error.h"
#include "spa-location.h"
#include "spa-room-fields.h"
#include "spa-therapist-fields.h"
#include "spa-migrations.h"
#include "spa-schedule.h"
#include "spa-util.h"

/*
 * A believable small spa for newcomers to explore (`spa-desk --demo`). Everything is
 * written through the store's public API, so the demo also exercises validation and
 * the outbox, and it is the same on every run for a given day.
 */

static const struct {
  const char *first, *last, *pronouns, *phone, *allergies, *medications, *notes;
  const char *conditions;
} demo_clients[] = {
  { "Zoë", "Tremblay", "she/her", "+1 (604) 555-0101", "Nut oils (almond, walnut)", NULL,
    "Prefers unscented lotion.", "[]" },
  { "Amélie", "Gagnon", "she/her", "+1 (604) 555-0102", NULL, NULL, NULL, "[\"pregnancy\"]" },
  { "José", "Álvarez", "he/him", "+1 (778) 555-0103", NULL, "Warfarin", NULL,
    "[\"blood_thinners\"]" },
  { "Siobhán", "O'Connor", "she/her", "+1 (604) 555-0104", NULL, NULL, "Runner; marathon in spring.", "[]" },
  { "Björn", "Lindqvist", "he/him", "+1 (236) 555-0105", NULL, NULL, NULL, "[]" },
  { "Mei", "Chen", "she/her", "+1 (604) 555-0106", "Latex", NULL, NULL, "[]" },
  { "Raj", "Patel", "he/him", "+1 (604) 555-0107", NULL, "Lisinopril", NULL,
    "[\"high_blood_pressure\"]" },
  { "Chloé", "Bouchard", "she/her", "+1 (778) 555-0108", NULL, NULL, NULL, "[]" },
  { "Liam", "MacDonald", "he/him", "+1 (604) 555-0109", NULL, NULL, "Desk worker, neck tension.", "[]" },
  { "Aroha", "Ngata", "she/her", "+1 (604) 555-0110", NULL, NULL, NULL, "[]" },
  { "François", "Lévesque", "he/him", "+1 (604) 555-0111", NULL, NULL, NULL,
    "[\"recent_surgery\"]" },
  { "Hana", "Kobayashi", "she/her", "+1 (236) 555-0112", "Lavender oil", NULL, NULL, "[]" },
  { "Noah", "Williams", "he/him", "+1 (604) 555-0113", NULL, NULL, NULL, "[]" },
  { "Priya", "Sharma", "she/her", "+1 (778) 555-0114", NULL, NULL, NULL, "[]" },
  { "Mateo", "Rossi", "he/him", "+1 (604) 555-0115", NULL, NULL, "Cyclist.", "[]" },
  { "Olivia", "Thompson", "she/her", "+1 (604) 555-0116", NULL, NULL, NULL, "[]" },
  { "Søren", "Kierkegaard", "he/him", "+1 (604) 555-0117", NULL, NULL, NULL, "[]" },
  { "Émilie", "Côté", "she/her", "+1 (778) 555-0118", "Nut oils", NULL, NULL, "[]" },
  { "Kwame", "Mensah", "he/him", "+1 (604) 555-0119", NULL, NULL, NULL, "[]" },
  { "Ingrid", "Haugen", "she/her", "+1 (604) 555-0120", NULL, NULL, NULL, "[]" },
  { "Tomás", "Ó Briain", "he/him", "+1 (236) 555-0121", NULL, NULL, NULL, "[]" },
  { "Yuki", "Tanaka", "they/them", "+1 (604) 555-0122", NULL, NULL, NULL, "[]" },
  { "Fatima", "Haddad", "she/her", "+1 (604) 555-0123", NULL, NULL, NULL, "[]" },
  { "Lucas", "Martin", "he/him", "+1 (778) 555-0124", NULL, NULL, NULL, "[\"diabetes\"]" },
  { "Nadia", "Kowalczyk", "she/her", "+1 (604) 555-0125", NULL, NULL, NULL, "[]" },
  { "Ethan", "Nguyen", "he/him", "+1 (604) 555-0126", NULL, NULL, "Lower back pain since a move.", "[]" },
  { "Gabrielle", "Roy", "she/her", "+1 (604) 555-0127", NULL, NULL, NULL, "[]" },
  { "Dmitri", "Volkov", "he/him", "+1 (236) 555-0128", NULL, NULL, NULL, "[]" },
  { "Aisha", "Bello", "she/her", "+1 (604) 555-0129", "Shellfish", NULL, NULL, "[]" },
  { "Håkon", "Berg", "he/him", "+1 (604) 555-0130", NULL, NULL, NULL, "[]" },
  { "Léa", "Fontaine", "she/her", "+1 (778) 555-0131", NULL, NULL, NULL, "[]" },
  { "Samuel", "Cohen", "he/him", "+1 (604) 555-0132", NULL, NULL, NULL, "[]" },
  { "Maya", "Singh", "she/her", "+1 (604) 555-0133", NULL, NULL, NULL, "[]" },
  { "Benoît", "Paquette", "he/him", "+1 (604) 555-0134", NULL, NULL, NULL, "[]" },
  { "Grace", "Kim", "she/her", "+1 (778) 555-0135", NULL, NULL, NULL, "[]" },
  { "Oscar", "Eriksson", "he/him", "+1 (604) 555-0136", NULL, NULL, NULL, "[]" },
};

static const struct {
  const char *name, *credentials, *color, *email;
} demo_therapists[] = {
  { "Claire Dubois", "RMT", "#3584e4", "claire@example.com" },
  { "Marcus Lee", "RMT", "#2ec27e", "marcus@example.com" },
  { "Sofia Marin", "RMT, CLT", "#e66100", "sofia@example.com" },
  { "Daniel Okafor", "RMT", "#9141ac", "daniel@example.com" },
};

/* Desk accounts, with the PINs the README lists so that a newcomer can sign in. The
 * therapists' accounts sign as their therapist records (matched by name). */
static const struct {
  const char *name, *role, *pin;
} demo_accounts[] = {
  { "Maya Singh", "manager", "1234" },
  { "Claire Dubois", "therapist", "1111" },
  { "Marcus Lee", "therapist", "2222" },
  { "Sofia Marin", "therapist", "3333" },
  { "Daniel Okafor", "therapist", "4444" },
  { "Ana Reyes", "front_desk", "5555" },
};

static const char *demo_rooms[] = { N_("Cedar room"), N_("Ocean room"), N_("Garden room") };

/* `--demo --chain`: the spa above is the chain's downtown location (the default one,
 * renamed), with two more, each with its rooms and therapists. */
static const struct {
  const char *name, *address, *phone;
  const char *rooms[2];
  const char *therapists[2];
  const char *colors[2];
} demo_locations[] = {
  { N_("Downtown"), "1200 W Georgia St, Vancouver, BC V6E 4R2", "+1 (604) 555-0100",
    { NULL, NULL }, { NULL, NULL }, { NULL, NULL } },
  { N_("Kitsilano"), "2150 W 4th Ave, Vancouver, BC V6K 1N6", "+1 (604) 555-0200",
    { N_("Maple room"), N_("Willow room") }, { "Priya Nair", "Tom Becker" },
    { "#c01c28", "#1c71d8" } },
  { N_("North Vancouver"), "120 Lonsdale Ave, North Vancouver, BC V7M 2E8",
    "+1 (604) 555-0300", { N_("Harbour room"), N_("Alder room") },
    { "Léa Moreau", "Ken Watanabe" }, { "#26a269", "#a51d2d" } },
};

static JsonNode *
working_hours_node (const char *start,
                    const char *end,
                    const char *break_start,
                    const char *break_end,
                    const char * const *days)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  for (guint i = 0; days[i]; i++)
    {
      json_builder_set_member_name (builder, days[i]);
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "start");
      json_builder_add_string_value (builder, start);
      json_builder_set_member_name (builder, "end");
      json_builder_add_string_value (builder, break_start);
      json_builder_end_object (builder);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "start");
      json_builder_add_string_value (builder, break_end);
      json_builder_set_member_name (builder, "end");
      json_builder_add_string_value (builder, end);
      json_builder_end_object (builder);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static const char *cancel_reasons[] = {
  N_("Client is unwell"), N_("Schedule conflict at work"), N_("Travelling"),
};

typedef struct
{
  SpaRecord  *booking;
  const char *status;
  const char *reason;   /* untranslated, for a cancellation */
} LaterStatus;

static void
later_status_clear (LaterStatus *change)
{
  g_clear_object (&change->booking);
}

static gboolean
add_bookings (SpaStore   *store,
              GTimeZone  *zone,
              GDateTime  *today,
              GPtrArray  *clients,
              GPtrArray  *therapists,
              GPtrArray  *locations,
              GError    **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261125);
  g_autoptr(GPtrArray) services = spa_store_list (store, "service", FALSE, error);
  g_autofree char *now = NULL;
  g_autoptr(GDateTime) local_today = g_date_time_to_timezone (today, zone);
  g_autoptr(GDateTime) first_day = g_date_time_add_days (local_today, -7);
  g_autoptr(GDateTime) booked_at = NULL;
  g_autoptr(GArray) later = g_array_new (FALSE, FALSE, sizeof (LaterStatus));

  if (services == NULL)
    return FALSE;

  g_array_set_clear_func (later, (GDestroyNotify)later_status_clear);
  now = spa_store_now_utc (store);
  booked_at = spa_schedule_day_start (zone, g_date_time_get_year (first_day), g_date_time_get_month (first_day),
                                      g_date_time_get_day_of_month (first_day));

  /* Two weeks: the week before today, today and the six days after. */
  for (int offset = -7; offset <= 6; offset++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (today, offset);

      for (guint t = 0; t < therapists->len * locations->len; t++)
        {
          const char *location_id = spa_record_get_id (locations->pdata[t / therapists->len]);
          g_autoptr(GArray) hours = NULL;

          hours = spa_schedule_working_intervals_at (therapists->pdata[t % therapists->len],
                                                     location_id, day);

          for (guint h = 0; h + 1 < hours->len; h += 2)
            {
              int minute = g_array_index (hours, int, h) + (t % 2) * 15 * (int)(h == 0);
              int closing = g_array_index (hours, int, h + 1);

              while (minute < closing)
                {
                  SpaRecord *therapist = therapists->pdata[t % therapists->len];
                  guint pick = g_rand_int_range (rand, 0, services->len);
                  SpaRecord *service = services->pdata[pick];
                  SpaRecord *client = clients->pdata[g_rand_int_range (rand, 0, clients->len)];
                  gint64 duration, buffer;
                  g_autoptr(SpaBookingDraft) draft = NULL;
                  g_autoptr(GPtrArray) problems = NULL;
                  g_autoptr(GDateTime) starts = NULL;
                  g_autoptr(SpaRecord) booking = NULL;
                  const char *status;
                  int dice = g_rand_int_range (rand, 0, 24);

                  /* Only a service the therapist offers (everybody offers the first two). */
                  for (guint s = 0; s < services->len; s++)
                    {
                      service = services->pdata[(pick + s) % services->len];
                      if (spa_booking_therapist_offers (therapist, spa_record_get_id (service)))
                        break;
                    }
                  duration = spa_record_get_int (service, "duration_min", 60);
                  buffer = spa_record_get_int (service, "buffer_min", 15);

                  if (minute + duration > closing)
                    break;

                  /* The odd gap a front desk would fill; the rest back to back. */
                  if (dice < 5)
                    {
                      minute += 30;
                      continue;
                    }

                  /* Booked as the desk books: through the desk's own check, seen from
                   * before the first demo day, with the first free room. */
                  starts = g_date_time_new (zone, g_date_time_get_year (day), g_date_time_get_month (day),
                                            g_date_time_get_day_of_month (day), minute / 60, minute % 60, 0);
                  draft = spa_booking_draft_new (store, NULL);
                  spa_booking_draft_set_location_id (draft, location_id);
                  spa_booking_draft_set_client_id (draft, spa_record_get_id (client));
                  spa_booking_draft_set_service_id (draft, spa_record_get_id (service));
                  spa_booking_draft_set_therapist_id (draft, spa_record_get_id (therapist));
                  spa_booking_draft_set_starts (draft, starts);
                  spa_booking_draft_suggest_room (draft);
                  problems = spa_booking_draft_check (draft, booked_at, zone);
                  if (problems->len > 0)
                    {
                      /* Nobody is in two treatment rooms at once: leave the slot open. */
                      minute += 30;
                      continue;
                    }

                  booking = spa_booking_draft_build (draft);
                  spa_record_set_string (booking, "source", dice == 23 ? "online" : "desk");
                  spa_record_set_int (booking, "price_cents", duration >= 90 ? 14500 : 10500);
                  spa_booking_add_history (booking, "booked", now);

                  if (!spa_store_save (store, booking, error))
                    return FALSE;

                  if (dice == 5)
                    status = "cancelled";
                  else if (offset < 0)
                    status = dice == 7 || dice == 8 ? "no_show" : "completed";
                  else if (offset == 0)
                    status = minute < 11 * 60 ? (dice == 7 ? "no_show" : "completed") : "confirmed";
                  else
                    status = dice % 3 == 0 ? "confirmed" : "booked";

                  /* What happened since is recorded once every booking is made: a
                   * session that took place held its therapist, room and client. */
                  if (!g_str_equal (status, "booked"))
                    {
                      LaterStatus change = { g_object_ref (booking), status,
                                             cancel_reasons[dice % G_N_ELEMENTS (cancel_reasons)] };

                      g_array_append_val (later, change);
                    }

                  minute += duration + buffer;
                  minute = (minute + 14) / 15 * 15;
                }
            }
        }
    }

  for (guint i = 0; i < later->len; i++)
    {
      LaterStatus *change = &g_array_index (later, LaterStatus, i);

      if (g_str_equal (change->status, "completed") &&
          !spa_schedule_set_status (store, change->booking, "checked_in", NULL, error))
        return FALSE;
      if (!spa_schedule_set_status (store, change->booking, change->status, _(change->reason), error))
        return FALSE;
    }

  return TRUE;
}

/* The chain's locations (the default one first, renamed), their rooms and therapists;
 * a spa has only the default one. */
static gboolean
add_locations (SpaStore   *store,
               GTimeZone  *zone,
               gboolean    chain,
               GPtrArray  *locations,
               GPtrArray  *rooms,
               GPtrArray  *therapists,
               GPtrArray  *services,
               GError    **error)
{
  static const char * const weekdays[] = { "mon", "tue", "wed", "thu", "fri", NULL };
  static const char * const saturday[] = { "sat", NULL };
  SpaRecord *main_location = spa_store_get (store, SPA_LOCATION_ENTITY, SPA_LOCATION_DEFAULT_ID,
                                            error);

  if (main_location == NULL)
    return FALSE;
  g_ptr_array_add (locations, main_location);
  if (!chain)
    return TRUE;

  for (guint l = 0; l < G_N_ELEMENTS (demo_locations); l++)
    {
      g_autoptr(SpaRecord) location = l == 0 ? g_object_ref (main_location)
                                             : spa_record_new (SPA_LOCATION_ENTITY);

      spa_record_set_string (location, SPA_LOCATION_NAME, _(demo_locations[l].name));
      spa_record_set_string (location, SPA_LOCATION_ADDRESS, demo_locations[l].address);
      spa_record_set_string (location, SPA_LOCATION_PHONE, demo_locations[l].phone);
      spa_record_set_string (location, SPA_LOCATION_TIME_ZONE, g_time_zone_get_identifier (zone));
      spa_record_set_string (location, SPA_LOCATION_TAX_NUMBERS,
                             "GST 81234 5678 RT0001, PST-1234-5678");
      spa_record_set_boolean (location, SPA_LOCATION_ACTIVE, TRUE);
      if (!spa_store_save (store, location, error))
        return FALSE;
      if (l == 0)
        continue;

      for (guint r = 0; r < G_N_ELEMENTS (demo_locations[l].rooms); r++)
        {
          g_autoptr(SpaRecord) room = spa_record_new (SPA_ROOM_ENTITY);

          spa_record_set_string (room, SPA_ROOM_NAME, _(demo_locations[l].rooms[r]));
          spa_record_set_boolean (room, SPA_ROOM_ACTIVE, TRUE);
          spa_record_set_string (room, SPA_ROOM_LOCATION_ID, spa_record_get_id (location));
          if (!spa_store_save (store, room, error))
            return FALSE;
          g_ptr_array_add (rooms, g_steal_pointer (&room));
        }

      for (guint t = 0; t < G_N_ELEMENTS (demo_locations[l].therapists); t++)
        {
          g_autoptr(SpaRecord) therapist = spa_record_new (SPA_THERAPIST_ENTITY);
          g_autoptr(JsonNode) hours = working_hours_node (t ? "11:00" : "09:00",
                                                          t ? "19:00" : "17:00",
                                                          "13:00", "14:00", weekdays);
          const char *basics[] = { spa_record_get_id (services->pdata[0]),
                                   spa_record_get_id (services->pdata[1]), NULL };

          spa_record_set_string (therapist, SPA_THERAPIST_NAME, demo_locations[l].therapists[t]);
          spa_record_set_string (therapist, SPA_THERAPIST_CREDENTIALS, "RMT");
          spa_record_set_string (therapist, SPA_THERAPIST_COLOR, demo_locations[l].colors[t]);
          spa_record_set_strv (therapist, SPA_THERAPIST_SERVICE_IDS, basics);
          spa_record_set_json (therapist, SPA_THERAPIST_WORKING_HOURS, hours);
          spa_record_set_boolean (therapist, SPA_THERAPIST_ACTIVE, TRUE);
          spa_record_set_string (therapist, SPA_THERAPIST_LOCATION_ID,
                                 spa_record_get_id (location));
          if (!spa_store_save (store, therapist, error))
            return FALSE;
          g_ptr_array_add (therapists, g_steal_pointer (&therapist));
        }

      g_ptr_array_add (locations, g_steal_pointer (&location));
    }

  /* Sofia Marin also works Saturdays at Kitsilano: one therapist, two locations. */
  {
    SpaRecord *sofia = therapists->pdata[2];
    g_autoptr(JsonBuilder) builder = json_builder_new ();
    g_autoptr(JsonNode) others = NULL;

    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, spa_record_get_id (locations->pdata[1]));
    json_builder_add_value (builder, working_hours_node ("10:00", "16:00", "12:30", "13:00",
                                                         saturday));
    json_builder_end_object (builder);
    others = json_builder_get_root (builder);
    spa_record_set_json (sofia, SPA_THERAPIST_LOCATION_HOURS, others);
    if (!spa_store_save (store, sofia, error))
      return FALSE;
  }

  return TRUE;
}

static gboolean
fill (SpaStore   *store,
      GTimeZone  *zone,
      GDateTime  *today,
      gboolean    chain,
      GError    **error)
{
  static const char * const weekdays[] = { "mon", "tue", "wed", "thu", "fri", NULL };
  static const char * const late_week[] = { "tue", "wed", "thu", "fri", "sat", NULL };
  g_autoptr(GPtrArray) clients = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) therapists = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) rooms = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) locations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(GPtrArray) all_therapists = NULL;

  if (!spa_store_is_empty (store))
    {
      g_set_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_NOT_EMPTY,
                   _("The sample spa can only be added to a new, empty database; this one "
                     "already holds clients or bookings. To open it again, start Spa Desk "
                     "without --demo, with the same --data-dir; for a new sample spa, use "
                     "--data-dir with a new folder."));
      return FALSE;
    }

  services = spa_store_list (store, "service", FALSE, error);
  if (services == NULL || !spa_store_begin (store, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (demo_rooms); i++)
    {
      g_autoptr(SpaRecord) room = spa_record_new ("room");

      spa_record_set_string (room, "name", _(demo_rooms[i]));
      spa_record_set_boolean (room, "active", TRUE);
      if (!spa_store_save (store, room, error))
        goto failed;
      g_ptr_array_add (rooms, g_steal_pointer (&room));
    }

  for (guint i = 0; i < G_N_ELEMENTS (demo_therapists); i++)
    {
      g_autoptr(SpaRecord) therapist = spa_record_new ("therapist");
      g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
      g_autoptr(JsonNode) hours = NULL;
      g_auto(GStrv) service_ids = NULL;

      for (guint s = 0; s < services->len; s++)
        {
          /* Everybody does the basics; specialties are spread out. */
          if (s < 2 || (s + i) % 3 != 0)
            g_strv_builder_add (ids, spa_record_get_id (services->pdata[s]));
        }
      service_ids = g_strv_builder_end (ids);

      hours = working_hours_node (i % 2 ? "10:00" : "09:00", i % 2 ? "18:00" : "17:00",
                                  "12:00", "13:00", i == 3 ? late_week : weekdays);

      spa_record_set_string (therapist, "name", demo_therapists[i].name);
      spa_record_set_string (therapist, "credentials", demo_therapists[i].credentials);
      spa_record_set_string (therapist, "color", demo_therapists[i].color);
      spa_record_set_string (therapist, "email", demo_therapists[i].email);
      spa_record_set_strv (therapist, "service_ids", (const char * const *)service_ids);
      spa_record_set_json (therapist, "working_hours", hours);
      spa_record_set_boolean (therapist, "active", TRUE);
      if (!spa_store_save (store, therapist, error))
        goto failed;
      g_ptr_array_add (therapists, g_steal_pointer (&therapist));
    }

  for (guint i = 0; i < G_N_ELEMENTS (demo_clients); i++)
    {
      g_autoptr(SpaRecord) client = spa_record_new ("client");
      g_autoptr(JsonNode) conditions = json_from_string (demo_clients[i].conditions, NULL);
      g_autofree char *email = NULL;
      g_autofree char *folded = spa_text_fold (demo_clients[i].first);
      g_autofree char *dob = NULL;

      email = g_strdup_printf ("%s.%u@example.com", folded, i + 1);
      dob = g_strdup_printf ("%04u-%02u-%02u", 1950 + (i * 7) % 50, 1 + i % 12, 1 + (i * 5) % 28);

      spa_record_set_string (client, "first_name", demo_clients[i].first);
      spa_record_set_string (client, "last_name", demo_clients[i].last);
      spa_record_set_string (client, "pronouns", demo_clients[i].pronouns);
      spa_record_set_string (client, "phone", demo_clients[i].phone);
      spa_record_set_string (client, "email", email);
      spa_record_set_string (client, "date_of_birth", dob);
      spa_record_set_string (client, "address", "1200 W Georgia St, Vancouver, BC");
      spa_record_set_string (client, "allergies", demo_clients[i].allergies);
      spa_record_set_string (client, "medications", demo_clients[i].medications);
      spa_record_set_string (client, "notes", demo_clients[i].notes);
      spa_record_set_json (client, "conditions", conditions);
      spa_record_set_boolean (client, "marketing_consent", i % 3 == 0);
      if (i % 4 == 0)
        {
          spa_record_set_string (client, "emergency_contact_name", "Alex Tremblay");
          spa_record_set_string (client, "emergency_contact_phone", "+1 604 555 0199");
        }
      if (!spa_store_save (store, client, error))
        goto failed;
      g_ptr_array_add (clients, g_steal_pointer (&client));
    }

  /* The chain's other locations: the history below stays the first location's. */
  all_therapists = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < therapists->len; i++)
    g_ptr_array_add (all_therapists, g_object_ref (therapists->pdata[i]));
  {
    g_autoptr(GPtrArray) chain_rooms = g_ptr_array_new_with_free_func (g_object_unref);

    if (!add_locations (store, zone, chain, locations, chain_rooms, all_therapists, services,
                        error))
      goto failed;
  }

  if (!add_bookings (store, zone, today, clients, all_therapists, locations, error))
    goto failed;

  {
    g_autoptr(GDateTime) local = g_date_time_to_timezone (today, zone);
    g_autoptr(GDateTime) week_before = g_date_time_add_days (local, -7);
    g_autoptr(GDateTime) first_day = NULL;

    first_day = spa_schedule_day_start (zone, g_date_time_get_year (week_before),
                                        g_date_time_get_month (week_before),
                                        g_date_time_get_day_of_month (week_before));
    if (!spa_demo_add_history (store, zone, first_day, clients, therapists, rooms, services,
                               error))
      goto failed;
  }

  if (!spa_demo_add_clinical (store, today, clients, all_therapists, error))
    goto failed;

  if (!spa_demo_add_money (store, zone, today, clients, all_therapists, error))
    goto failed;

  for (guint i = 0; i < G_N_ELEMENTS (demo_accounts); i++)
    {
      g_autoptr(SpaAccount) account = NULL;
      const char *therapist_id = NULL;

      for (guint t = 0; t < therapists->len; t++)
        if (g_str_equal (spa_record_get_string (therapists->pdata[t], "name"), demo_accounts[i].name))
          therapist_id = spa_record_get_id (therapists->pdata[t]);
      account = spa_account_create (store, demo_accounts[i].name, spa_role_from_string (demo_accounts[i].role),
                                    therapist_id, demo_accounts[i].pin, error);
      if (account == NULL)
        goto failed;
    }

  return spa_store_commit (store, error);

failed:
  spa_store_rollback (store);
  return FALSE;
}

/**
 * spa_demo_fill:
 * @store: an empty store
 * @zone: the spa's time zone
 * @today: the day to centre the demo bookings on
 * @error: return location for a #GError
 *
 * Fills an empty store with a sample spa. Refuses a store that holds any data, so
 * that a real spa's records are never mixed with made-up ones.
 *
 * Returns: %TRUE on success
 */
gboolean
spa_demo_fill (SpaStore   *store,
               GTimeZone  *zone,
               GDateTime  *today,
               GError    **error)
{
  g_return_val_if_fail (SPA_IS_STORE (store), FALSE);
  return fill (store, zone, today, FALSE, error);
}

/**
 * spa_demo_fill_chain:
 *
 * Like spa_demo_fill(), as a chain of three locations: the sample spa downtown, and
 * Kitsilano and North Vancouver with two rooms and two therapists each (one of the
 * downtown therapists also works Saturdays at Kitsilano), and their bookings.
 *
 * Returns: %TRUE on success
 */
gboolean
spa_demo_fill_chain (SpaStore   *store,
                     GTimeZone  *zone,
                     GDateTime  *today,
                     GError    **error)
{
  g_return_val_if_fail (SPA_IS_STORE (store), FALSE);
  return fill (store, zone, today, TRUE, error);
}
