/* spa-recurrence.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-recurrence"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "spa-error.h"
#include "spa-recurrence.h"

/*
 * Treatment plans: a series of visits ("weekly for 6 weeks", "every 2 weeks until
 * June 30"). A visit keeps the first one's wall-clock time in the spa's zone, so a
 * 10:00 visit stays at 10:00 across a daylight-saving change (its UTC time moves by an
 * hour); a time the change skips (02:30 on the spring-forward night) moves on to the
 * first valid one, as GLib does. Each visit is then checked by the availability rules
 * the desk and online booking share, and a clash comes with free times that day, so
 * the whole plan can be settled before anything is saved.
 */

void
spa_plan_visit_free (SpaPlanVisit *visit)
{
  if (visit == NULL)
    return;
  g_clear_pointer (&visit->starts, g_date_time_unref);
  g_clear_pointer (&visit->slot, spa_slot_free);
  g_clear_pointer (&visit->alternatives, g_ptr_array_unref);
  g_free (visit);
}

/**
 * spa_recurrence_expand:
 * @first: the first visit's start
 * @zone: the spa's time zone
 *
 * Returns: (transfer full) (element-type GDateTime): the visits' starts in @zone, the
 *   first included, or %NULL with @error for a rule that is not a plan
 */
GPtrArray *
spa_recurrence_expand (GDateTime           *first,
                       GTimeZone           *zone,
                       const SpaRecurrence *rule,
                       GError             **error)
{
  g_autoptr(GPtrArray) starts = g_ptr_array_new_with_free_func ((GDestroyNotify)g_date_time_unref);
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (first != NULL && zone != NULL && rule != NULL, NULL);

  if (rule->interval_weeks < 1 || rule->interval_weeks > 52 ||
      rule->count > SPA_RECURRENCE_MAX_OCCURRENCES ||
      (rule->count == 0) == (rule->until == NULL) ||
      (rule->until != NULL && !g_date_valid (rule->until)))
    {
      g_set_error (error, SPA_VALIDATION_ERROR, SPA_VALIDATION_ERROR_INVALID,
                   _("A treatment plan repeats every 1 to 52 weeks, either a number of times "
                     "(at most %d) or until a date."), SPA_RECURRENCE_MAX_OCCURRENCES);
      return NULL;
    }

  local = g_date_time_to_timezone (first, zone);
  for (guint i = 0; i < SPA_RECURRENCE_MAX_OCCURRENCES; i++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (local, 7 * rule->interval_weeks * i);
      GDateTime *visit;

      if (rule->count > 0 && i >= rule->count)
        break;
      /* The wall-clock time of the first visit on that day, whatever the offset. */
      visit = g_date_time_new (zone, g_date_time_get_year (day), g_date_time_get_month (day),
                               g_date_time_get_day_of_month (day), g_date_time_get_hour (local),
                               g_date_time_get_minute (local), g_date_time_get_seconds (local));
      if (rule->until != NULL)
        {
          GDate date;

          g_date_clear (&date, 1);
          g_date_set_dmy (&date, g_date_time_get_day_of_month (visit),
                          g_date_time_get_month (visit), g_date_time_get_year (visit));
          if (g_date_compare (&date, rule->until) > 0)
            {
              g_date_time_unref (visit);
              break;
            }
        }
      g_ptr_array_add (starts, visit);
    }
  if (starts->len == 0)
    {
      g_set_error (error, SPA_VALIDATION_ERROR, SPA_VALIDATION_ERROR_INVALID,
                   _("The plan ends before its first visit."));
      return NULL;
    }
  return g_steal_pointer (&starts);
}

static int
compare_nearness (gconstpointer a,
                  gconstpointer b,
                  gpointer      wanted)
{
  const SpaSlot *x = *(SpaSlot * const *)a;
  const SpaSlot *y = *(SpaSlot * const *)b;
  GTimeSpan dx = ABS (g_date_time_difference (x->starts, wanted));
  GTimeSpan dy = ABS (g_date_time_difference (y->starts, wanted));

  if (dx != dy)
    return dx < dy ? -1 : 1;
  return g_date_time_compare (x->starts, y->starts);
}

static int
compare_starts (gconstpointer a,
                gconstpointer b)
{
  const SpaSlot *x = *(SpaSlot * const *)a;
  const SpaSlot *y = *(SpaSlot * const *)b;

  return g_date_time_compare (x->starts, y->starts);
}

/* The free times of @query's day nearest to @wanted, at most @n, in time order: a
 * client who comes at 10:00 wants 11:15 rather than 08:00. */
static GPtrArray *
nearest_free (SpaStore                   *store,
              const SpaAvailabilityQuery *query,
              GDateTime                  *wanted,
              guint                       n,
              GError                    **error)
{
  GPtrArray *slots = spa_availability_find (store, query, error);

  if (slots == NULL)
    return NULL;
  g_ptr_array_sort_with_data (slots, compare_nearness, wanted);
  if (n > 0 && slots->len > n)
    g_ptr_array_set_size (slots, n);
  g_ptr_array_sort (slots, compare_starts);
  return slots;
}

/**
 * spa_recurrence_check:
 * @query: the service, therapist, zone and now (its day fields are ignored)
 * @starts: (element-type GDateTime): the visits, from spa_recurrence_expand()
 * @n_alternatives: how many free times to offer for a clash
 *
 * Returns: (transfer full) (element-type SpaPlanVisit): each visit with its slot, or
 *   with free times that day when it clashes; %NULL with @error when the store fails
 */
GPtrArray *
spa_recurrence_check (SpaStore                   *store,
                      const SpaAvailabilityQuery *query,
                      GPtrArray                  *starts,
                      guint                       n_alternatives,
                      GError                    **error)
{
  g_autoptr(GPtrArray) visits = NULL;

  visits = g_ptr_array_new_with_free_func ((GDestroyNotify)spa_plan_visit_free);

  for (guint i = 0; i < starts->len; i++)
    {
      SpaAvailabilityQuery day = *query;
      g_autoptr(SpaPlanVisit) visit = g_new0 (SpaPlanVisit, 1);
      g_autoptr(GError) local_error = NULL;

      visit->starts = g_date_time_ref (starts->pdata[i]);
      visit->slot = spa_availability_find_at (store, query, visit->starts, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (visit->slot == NULL)
        {
          day.first_day = visit->starts;
          day.days = 1;
          day.max_slots = 0;
          visit->alternatives = nearest_free (store, &day, visit->starts, n_alternatives, error);
          if (visit->alternatives == NULL)
            return NULL;
          /* The therapist is away or full that day: another one who offers it. */
          if (visit->alternatives->len == 0 && day.therapist_id != NULL)
            {
              day.therapist_id = NULL;
              g_clear_pointer (&visit->alternatives, g_ptr_array_unref);
              visit->alternatives = nearest_free (store, &day, visit->starts, n_alternatives,
                                                  error);
              if (visit->alternatives == NULL)
                return NULL;
            }
        }
      g_ptr_array_add (visits, g_steal_pointer (&visit));
    }
  return g_steal_pointer (&visits);
}
