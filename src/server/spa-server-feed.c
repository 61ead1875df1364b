/* spa-server-feed.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-server-feed"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "spa-ical.h"
#include "spa-server-feed.h"
#include "spa-server-public.h"
#include "spa-server-storage.h"
#include "spa-schedule.h"
#include "spa-store.h"
#include "spa-util.h"

/*
 * Therapists' calendars as iCalendar feeds (docs/reminders.md). Calendar apps
 * subscribe by URL alone and never send an Authorization header, so a feed's URL holds
 * a secret of its own: 256 random bits, kept as SHA-256 only, one therapist's bookings
 * and nothing else, revoked by the manager (every secret of the therapist at once).
 * A feed names the client by first name and the service: it may end up on a phone, so
 * it carries nothing clinical (no notes, no intake, no booking notes).
 */

typedef struct
{
  GString    *out;
  const char *now;
} FeedOut;

/* A booking whose times cannot be read is left out, not the whole feed. */
static void
append_booking (const SpaFeedBooking *booking,
                gpointer              data)
{
  FeedOut *feed = data;
  g_autofree char *uid = g_strconcat (booking->id, "@spa-desk", NULL);
  g_autofree char *summary =
    g_strdup_printf ("%s – %s", booking->client_first_name ? booking->client_first_name : "",
                     booking->service_name ? booking->service_name : "");
  SpaIcalEvent event = {
    .uid = uid,
    .starts_at = booking->starts_at,
    .ends_at = booking->ends_at,
    .summary = summary,
    .status = g_strcmp0 (booking->status, "requested") == 0 ? "TENTATIVE" : "CONFIRMED",
  };

  spa_ical_append_event (feed->out, &event, feed->now);
}

/**
 * spa_server_feed_ics:
 *
 * Returns: (transfer full): one therapist's bookings (active or requested, from
 *   %SPA_FEED_PAST_DAYS days ago on) as an iCalendar feed, or %NULL with @error
 */
char *
spa_server_feed_ics (SpaStore    *store,
                     const char  *therapist_id,
                     GError     **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *now = spa_store_now_utc (store);
  g_autoptr(GDateTime) now_dt = spa_time_parse_utc (now);
  g_autoptr(GDateTime) since_dt = g_date_time_add_days (now_dt, -SPA_FEED_PAST_DAYS);
  g_autofree char *since = spa_time_format_utc (since_dt);
  g_autoptr(SpaRecord) therapist = spa_store_get (store, "therapist", therapist_id, NULL);
  FeedOut feed = { out, now };

  spa_ical_begin_calendar (out, NULL,
                           therapist ? spa_record_get_string (therapist, "name") : NULL);
  if (!spa_schedule_foreach_feed_booking (store, therapist_id, since, append_booking, &feed,
                                          error))
    return NULL;
  spa_ical_end_calendar (out);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * spa_server_feed_create:
 *
 * Adds a feed for @therapist_id; earlier ones keep working until revoked.
 *
 * Returns: (transfer full): the secret, shown once: only its hash is kept
 */
char *
spa_server_feed_create (SpaStore    *store,
                        const char  *therapist_id,
                        GError     **error)
{
  SpaServerStorage *storage = spa_server_storage_get (store);
  g_autofree char *secret = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *now = spa_store_now_utc (store);

  if (!spa_server_storage_refresh (storage, error))
    return NULL;
  if (spa_str_empty (therapist_id) || !spa_store_exists (store, "therapist", therapist_id))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("No therapist has the id “%s”."), therapist_id ? therapist_id : "");
      return NULL;
    }
  secret = spa_public_new_secret ();
  if (secret == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("No random numbers for a token."));
      return NULL;
    }
  hash = spa_public_hash_secret (secret);
  if (!storage->klass->add_feed (storage, hash, therapist_id, now, error))
    return NULL;
  return g_steal_pointer (&secret);
}

/**
 * spa_server_feed_url:
 *
 * Returns: (transfer full): the feed's URL under the `public_url` setting, or its path
 *   when that is not set
 */
char *
spa_server_feed_url (SpaStore   *store,
                     const char *secret)
{
  g_autofree char *path = g_strconcat (SPA_FEED_PATH_PREFIX, secret, ".ics", NULL);

  return spa_public_absolute_url (store, path);
}

/**
 * spa_server_feed_revoke:
 * @n_revoked: (out) (optional): how many feeds stopped working
 *
 * Every feed of @therapist_id answers 404 from now on.
 */
gboolean
spa_server_feed_revoke (SpaStore    *store,
                        const char  *therapist_id,
                        guint       *n_revoked,
                        GError     **error)
{
  SpaServerStorage *storage = spa_server_storage_get (store);
  g_autofree char *now = spa_store_now_utc (store);
  guint revoked = 0;

  if (!storage->klass->revoke_feeds (storage, therapist_id, now, &revoked, error))
    return FALSE;
  if (n_revoked)
    *n_revoked = revoked;
  return TRUE;
}

/**
 * spa_server_feed_open:
 *
 * Returns: (transfer full) (nullable): the therapist whose live feed @secret opens;
 *   %NULL for none, or with @error set when the database could not say
 */
char *
spa_server_feed_open (SpaStore    *store,
                      const char  *secret,
                      GError     **error)
{
  SpaServerStorage *storage = spa_server_storage_get (store);
  g_autofree char *hash = NULL;
  char *therapist_id = NULL;

  if (!spa_public_secret_is_well_formed (secret))
    return NULL;
  hash = spa_public_hash_secret (secret);
  if (!storage->klass->find_feed (storage, hash, &therapist_id, error))
    return NULL;
  return therapist_id;
}

/**
 * spa_server_feed_allowed:
 *
 * Returns: whether this user may make or revoke @therapist_id's feeds: a manager, or
 *   the therapist's own user
 */
gboolean
spa_server_feed_allowed (SpaStore   *store,
                         SpaRole     role,
                         const char *user_name,
                         const char *therapist_id)
{
  SpaServerStorage *storage = spa_server_storage_get (store);
  g_autoptr(SpaServerUser) user = NULL;

  if (role == SPA_ROLE_MANAGER)
    return TRUE;
  if (role != SPA_ROLE_THERAPIST || user_name == NULL)
    return FALSE;
  user = storage->klass->find_user (storage, user_name);
  return user != NULL && user->revoked_at == NULL &&
         g_strcmp0 (user->therapist_id, therapist_id) == 0;
}
