/* spa-demo-history.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-demo"

#include "config.h"

#include "spa-booking-draft.h"
#include "spa-demo-history.h"
#include "spa-schedule.h"
#include "spa-util.h"

/*
 * Half a year of the sample spa's past before its two weeks of bookings, so that the
 * Reports view has months to compare: sessions within each therapist's working hours,
 * most completed, a few no-shows and cancellations (some late), clients arriving over
 * the months (new clients, retention) and regulars coming back.
 */

#define HISTORY_DAYS 183

static char *
utc_text (GDateTime *dt)
{
  return spa_time_format_utc (dt);
}

/**
 * spa_demo_add_history:
 * @first_day: the demo's first day of bookings (local midnight); history ends before it
 *
 * Adds the past bookings. Runs inside the demo's transaction.
 */
gboolean
spa_demo_add_history (SpaStore   *store,
                      GTimeZone  *zone,
                      GDateTime  *first_day,
                      GPtrArray  *clients,
                      GPtrArray  *therapists,
                      GPtrArray  *rooms,
                      GPtrArray  *services,
                      GError    **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260601);
  g_autofree gint64 *room_free = g_new0 (gint64, MAX (rooms->len, 1));

  for (int offset = -HISTORY_DAYS; offset < 0; offset++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (first_day, offset);
      /* Clients arrive over the months: by the end all of them have come. */
      guint joined =
          MAX (4, clients->len * (guint)(offset + HISTORY_DAYS + 20) / (HISTORY_DAYS + 20));

      /* A client comes at most once a day, so nobody is in two rooms at once. */
      g_autoptr(GHashTable) seen_today = g_hash_table_new (NULL, NULL);

      for (guint r = 0; r < rooms->len; r++)
        room_free[r] = 0;

      for (guint t = 0; t < therapists->len; t++)
        {
          g_autoptr(GArray) hours = spa_schedule_working_intervals (therapists->pdata[t], day);

          for (guint h = 0; h + 1 < hours->len; h += 2)
            {
              int minute = g_array_index (hours, int, h);
              int closing = g_array_index (hours, int, h + 1);

              while (minute < closing)
                {
                  guint first = g_rand_int_range (rand, 0, services->len);
                  SpaRecord *service = services->pdata[first];
                  int duration, buffer;
                  /* Regulars (the first clients) come more often. */
                  guint pick = (guint)(joined * g_rand_double (rand) * g_rand_double (rand));
                  SpaRecord *client = clients->pdata[MIN (pick, joined - 1)];
                  g_autoptr(SpaRecord) booking = NULL;
                  g_autoptr(GDateTime) starts = NULL;
                  g_autoptr(GDateTime) ends = NULL;
                  g_autoptr(GDateTime) booked = NULL;
                  g_autofree char *starts_at = NULL;
                  g_autofree char *ends_at = NULL;
                  g_autofree char *booked_at = NULL;
                  int dice = g_rand_int_range (rand, 0, 100);
                  const char *status;

                  /* Only a service the therapist offers. */
                  for (guint s = 0; s < services->len; s++)
                    {
                      service = services->pdata[(first + s) % services->len];
                      if (spa_booking_therapist_offers (therapists->pdata[t],
                                                        spa_record_get_id (service)))
                        break;
                    }
                  duration = (int)spa_record_get_int (service, "duration_min", 60);
                  buffer = (int)spa_record_get_int (service, "buffer_min", 15);
                  if (minute + duration > closing)
                    break;
                  /* The odd gap, and no client twice a day. */
                  if (dice < 30 || g_hash_table_contains (seen_today, client))
                    {
                      minute += 30;
                      continue;
                    }
                  g_hash_table_add (seen_today, client);

                  starts = g_date_time_new (
                      zone, g_date_time_get_year (day), g_date_time_get_month (day),
                      g_date_time_get_day_of_month (day), minute / 60, minute % 60, 0);
                  ends = g_date_time_add_minutes (starts, duration);
                  booked = g_date_time_add_days (starts, -g_rand_int_range (rand, 1, 21));
                  starts_at = utc_text (starts);
                  ends_at = utc_text (ends);
                  booked_at = utc_text (booked);
                  status = dice < 33 ? "no_show" : dice < 38 ? "cancelled" : "completed";

                  booking = spa_record_new ("booking");
                  spa_record_set_string (booking, "client_id", spa_record_get_id (client));
                  spa_record_set_string (booking, "therapist_id",
                                         spa_record_get_id (therapists->pdata[t]));
                  spa_record_set_string (booking, "service_id", spa_record_get_id (service));
                  for (guint r = 0; r < rooms->len && !g_str_equal (status, "cancelled"); r++)
                    {
                      guint room = (t + r) % rooms->len;

                      if (room_free[room] <= minute)
                        {
                          spa_record_set_string (booking, "room_id",
                                                 spa_record_get_id (rooms->pdata[room]));
                          room_free[room] = minute + duration + buffer;
                          break;
                        }
                    }
                  spa_record_set_string (booking, "starts_at", starts_at);
                  spa_record_set_string (booking, "ends_at", ends_at);
                  spa_record_set_string (booking, "status", status);
                  spa_record_set_string (booking, "source", dice % 5 == 0 ? "online" : "desk");
                  spa_record_set_int (booking, "price_cents", duration >= 90 ? 14500 : 10500);
                  spa_booking_add_history (booking, "booked", booked_at);
                  if (g_str_equal (status, "cancelled"))
                    {
                      /* Half the cancellations come the same morning: late. */
                      g_autoptr(GDateTime) when =
                                     g_date_time_add_hours (starts, dice % 2 ? -3 : -50);
                      g_autofree char *at = utc_text (when);

                      spa_booking_add_history (booking, "cancelled", at);
                    }
                  else
                    spa_booking_add_history (booking, status, ends_at);
                  if (!spa_store_save (store, booking, error))
                    return FALSE;

                  minute += duration + buffer;
                  minute = (minute + 14) / 15 * 15;
                }
            }
        }
    }
  return TRUE;
}
