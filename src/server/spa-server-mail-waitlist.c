/* spa-server-mail-waitlist.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-server-mail-waitlist"

#include "config.h"

#include "spa-error.h"
#include "spa-schedule.h"
#include "spa-server-mail.h"
#include "spa-server-public.h"
#include "spa-server-storage.h"
#include "spa-server-sync.h"
#include "spa-store.h"
#include "spa-util.h"
#include "spa-waitlist.h"

/*
 * The waitlist's offers (docs/waitlist.md). When a booking still to come is cancelled
 * (or deleted), every waiting client whose wishes its time suits, by the desk's own
 * rule (spa_waitlist_matches()), gets an e-mail with a one-use secret link, all in the
 * cancellation's transaction. The first to accept through their link gets the time:
 * the booking, the offer's outcome, the entry marked booked and the "it has gone"
 * messages to the others are one transaction under the writers' lock (every process's
 * on PostgreSQL: spa_server_storage_begin()), and the booking goes through the overlap
 * rule like any other, so two accepts at once book it once and a desk that took the
 * time meanwhile wins. A later accept is told it is taken. The offers are the
 * storage's (server_waitlist_offer on SQLite, spa_waitlist_offer on PostgreSQL).
 */

#define OFFER_DEVICE "online"

/* Writes in a transaction of the storage's (the writers' lock, the copy up to date). */
static gboolean
begin (SpaStore  *store,
       GError   **error)
{
  return spa_server_storage_begin (spa_server_storage_get (store), error);
}

static gboolean
commit (SpaStore  *store,
        GError   **error)
{
  return spa_server_storage_commit (spa_server_storage_get (store), error);
}

static void
rollback (SpaStore *store)
{
  spa_server_storage_rollback (spa_server_storage_get (store));
}

/* The entry's state for the desks, as a synced change (field versions and change log,
 * so every desk pulls it): offered @freed's time, booked through it, or back to
 * waiting. */
static gboolean
mark_entry (SpaStore    *store,
            SpaRecord   *entry,
            const char  *status,
            SpaRecord   *freed,
            GError     **error)
{
  spa_record_set_string (entry, SPA_WAITLIST_STATUS, status);
  if (freed != NULL)
    spa_record_set_string (entry, SPA_WAITLIST_OFFER_STARTS_AT,
                           spa_record_get_string (freed, "starts_at"));
  return spa_server_write_record (store, entry, OFFER_DEVICE, error);
}

/* The core's rule for an offer that can no longer be taken
 * (spa_waitlist_current_status()): the entry waits again, or ends expired when its
 * last day has passed. */
static gboolean
settle_entry (SpaStore    *store,
              SpaRecord   *entry,
              gboolean     taken,
              GError     **error)
{
  g_autofree char *now_text = spa_store_now_utc (store);
  g_autoptr(GDateTime) now = spa_time_parse_utc (now_text);
  const char *status = spa_waitlist_current_status (entry, taken, now,
                                                    spa_schedule_get_time_zone (store));

  if (g_strcmp0 (status, spa_record_get_string (entry, SPA_WAITLIST_STATUS)) == 0)
    return TRUE;
  spa_record_clear_changed (entry);
  return mark_entry (store, entry, status, NULL, error);
}

/* An entry still offered @freed's time no longer is: that time has gone to someone
 * else, or has begun. One offered another time since, or changed on a desk, is left
 * alone. */
static gboolean
step_back (SpaStore    *store,
           const char  *entry_id,
           SpaRecord   *freed,
           GError     **error)
{
  g_autoptr(SpaRecord) entry = spa_store_get (store, SPA_WAITLIST_ENTITY, entry_id, NULL);

  if (entry == NULL || spa_record_get_deleted (entry) ||
      g_strcmp0 (spa_record_get_string (entry, SPA_WAITLIST_STATUS), "offered") != 0 ||
      g_strcmp0 (spa_record_get_string (entry, SPA_WAITLIST_OFFER_STARTS_AT),
                 spa_record_get_string (freed, "starts_at")) != 0)
    return TRUE;
  return settle_entry (store, entry, TRUE, error);
}

/**
 * spa_server_waitlist_offer_freed:
 * @freed: a booking still to come, just cancelled or deleted
 *
 * Offers @freed's time by e-mail to the matching waiting clients, once per freed
 * booking, in the caller's transaction.
 */
gboolean
spa_server_waitlist_offer_freed (SpaStore   *store,
                                 SpaRecord  *freed,
                                 GError    **error)
{
  SpaServerStorage *storage = spa_server_storage_get (store);
  g_autoptr(GPtrArray) matches = NULL;
  g_autofree char *now = NULL;
  const char *freed_id = spa_record_get_id (freed);
  gboolean offered = FALSE;

  if (!spa_server_mail_is_enabled (store))
    return TRUE;
  if (!storage->klass->has_offers (storage, freed_id, &offered, error))
    return FALSE;
  if (offered)
    return TRUE;
  matches = spa_waitlist_matches (store, freed, spa_schedule_get_time_zone (store), error);
  if (matches == NULL)
    return FALSE;

  now = spa_store_now_utc (store);
  for (guint i = 0; i < matches->len; i++)
    {
      SpaRecord *entry = matches->pdata[i];
      const char *client_id = spa_record_get_string (entry, SPA_WAITLIST_CLIENT_ID);
      g_autofree char *secret = spa_public_new_secret ();
      g_autofree char *hash = NULL;
      g_autofree char *path = NULL;
      g_autofree char *link = NULL;
      g_autofree char *key = NULL;

      /* An offer is an e-mail: a client it cannot reach is not offered the time. */
      if (!spa_server_mail_reaches (store, client_id))
        continue;
      if (secret == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "no random numbers for a link");
          return FALSE;
        }
      hash = spa_public_hash_secret (secret);
      /* The offer lives until the time itself begins. */
      if (!storage->klass->add_offer (storage, hash, freed_id, spa_record_get_id (entry),
                                      client_id, now, spa_record_get_string (freed, "starts_at"),
                                      error))
        return FALSE;

      path = g_strconcat ("/book/waitlist/", secret, NULL);
      link = spa_public_absolute_url (store, path);
      key = g_strconcat ("waitlist_offer:", freed_id, ":", spa_record_get_id (entry), NULL);
      spa_record_clear_changed (entry);
      if (!spa_server_mail_queue_offer (store, key, freed, client_id, link, error) ||
          !mark_entry (store, entry, "offered", freed, error))
        return FALSE;
    }
  return TRUE;
}

typedef struct
{
  char *freed_id;
  char *entry_id;
  char *client_id;
  char *outcome;
  char *booking_id;
  gboolean group_booked;
  gboolean begun;
} Offer;

static void
offer_clear (Offer *offer)
{
  g_free (offer->freed_id);
  g_free (offer->entry_id);
  g_free (offer->client_id);
  g_free (offer->outcome);
  g_free (offer->booking_id);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Offer, offer_clear)

/* The offer @secret opens, or FALSE; `begun` when its time has begun. */
static gboolean
read_offer (SpaStore   *store,
            const char *secret,
            Offer      *offer)
{
  SpaServerStorage *storage = spa_server_storage_get (store);
  g_autofree char *hash = NULL;
  g_autofree char *now = spa_store_now_utc (store);
  g_autoptr(GError) error = NULL;
  char *out[7];

  if (!spa_public_secret_is_well_formed (secret))
    return FALSE;
  hash = spa_public_hash_secret (secret);
  if (!storage->klass->find_offer (storage, hash, now, out, &error))
    g_warning ("could not read a waitlist offer: %s", error->message);
  offer->freed_id = out[0];
  offer->entry_id = out[1];
  offer->client_id = out[2];
  offer->outcome = out[3];
  offer->booking_id = out[4];
  offer->group_booked = g_strcmp0 (out[5], "1") == 0;
  offer->begun = g_strcmp0 (out[6], "1") == 0;
  g_free (out[5]);
  g_free (out[6]);
  return offer->freed_id != NULL;
}

static gboolean
is_freed (SpaRecord *booking)
{
  return booking != NULL && (spa_record_get_deleted (booking) ||
                             g_strcmp0 (spa_record_get_string (booking, "status"),
                                        "cancelled") == 0);
}

static gboolean
entry_waits (SpaRecord *entry)
{
  const char *status = entry ? spa_record_get_string (entry, SPA_WAITLIST_STATUS) : NULL;

  return entry != NULL && !spa_record_get_deleted (entry) &&
         (g_strcmp0 (status, "waiting") == 0 || g_strcmp0 (status, "offered") == 0);
}

/* Whether @freed's time has been booked again (on a desk, or through another link), or
 * is no longer free for its therapist and room: the overlap rule a link's booking
 * would meet. */
static gboolean
time_is_taken (SpaStore  *store,
               SpaRecord *freed)
{
  g_autoptr(SpaRecord) probe = NULL;

  if (!is_freed (freed))
    return TRUE;
  probe = spa_record_copy (freed);
  spa_record_set_string (probe, "status", "booked");
  return !spa_schedule_check_overlap (store, probe, NULL);
}

/* What the link can still do, and whether its time is gone for good: begun, or taken. */
static SpaWaitlistOfferState
offer_state (SpaStore  *store,
             Offer     *offer,
             SpaRecord *freed,
             SpaRecord *entry,
             gboolean  *gone)
{
  *gone = offer->begun || time_is_taken (store, freed);
  if (g_strcmp0 (offer->outcome, "booked") == 0)
    return SPA_WAITLIST_OFFER_BOOKED;
  if (offer->begun && !offer->group_booked)
    return SPA_WAITLIST_OFFER_PASSED;
  if (offer->outcome != NULL || offer->group_booked || *gone || !entry_waits (entry))
    return SPA_WAITLIST_OFFER_TAKEN;
  return SPA_WAITLIST_OFFER_OPEN;
}

/* An entry still offered a time that is gone no longer is, in a transaction of its
 * own. */
static void
lapse_entry (SpaStore   *store,
             const char *entry_id,
             SpaRecord  *freed)
{
  g_autoptr(GError) error = NULL;

  if (!begin (store, &error))
    goto failed;
  if (!step_back (store, entry_id, freed, &error))
    {
      rollback (store);
      goto failed;
    }
  if (commit (store, &error))
    return;
failed:
  g_warning ("could not put a waitlist entry back: %s", error->message);
}

/* Every entry still waiting past its last day, never offered a time that suited it,
 * ends expired (spa_waitlist_current_status()), in the caller's transaction. */
static gboolean
settle_ended (SpaStore  *store,
              GError   **error)
{
  g_autofree char *now_text = spa_store_now_utc (store);
  g_autoptr(GDateTime) now = spa_time_parse_utc (now_text);
  g_autoptr(GPtrArray) ended = spa_waitlist_list_ended (store, now,
                                                        spa_schedule_get_time_zone (store),
                                                        error);

  if (ended == NULL)
    return FALSE;
  for (guint i = 0; i < ended->len; i++)
    if (!settle_entry (store, ended->pdata[i], FALSE, error))
      return FALSE;
  return TRUE;
}

/**
 * spa_server_waitlist_settle_lapsed:
 *
 * Every entry still offered a time that is gone, begun with nobody taking it or booked
 * by someone else meanwhile, waits again or ends expired, and every entry still waiting
 * past its last day ends expired (spa_waitlist_current_status()), written like a push
 * so the desks pull it; in the caller's transaction. The mail sender's scheduler calls
 * it when it wakes. The entries come from the store (on PostgreSQL, the working copy),
 * their offers from the storage.
 */
gboolean
spa_server_waitlist_settle_lapsed (SpaStore  *store,
                                   GError   **error)
{
  SpaServerStorage *storage = spa_server_storage_get (store);
  g_autofree char *now = spa_store_now_utc (store);
  g_autoptr(GPtrArray) entries = spa_waitlist_list_offered (store, error);

  if (entries == NULL)
    return FALSE;
  for (guint i = 0; i < entries->len; i++)
    {
      SpaRecord *entry = entries->pdata[i];
      g_autoptr(GPtrArray) offers = storage->klass->open_offers (storage, NULL,
                                                                 spa_record_get_id (entry), now,
                                                                 error);

      if (offers == NULL)
        return FALSE;
      /* Five columns a row; the fifth is "1" when the time has begun, otherwise it may
       * have been taken. */
      for (guint j = 0; j + 4 < offers->len; j += 5)
        {
          g_autoptr(SpaRecord) freed = spa_store_get (store, "booking", offers->pdata[j + 1],
                                                      NULL);

          if (freed == NULL ||
              g_strcmp0 (spa_record_get_string (freed, "starts_at"),
                         spa_record_get_string (entry, SPA_WAITLIST_OFFER_STARTS_AT)) != 0 ||
              (g_strcmp0 (offers->pdata[j + 4], "1") != 0 && !time_is_taken (store, freed)))
            continue;
          if (!step_back (store, spa_record_get_id (entry), freed, error))
            return FALSE;
        }
    }
  return settle_ended (store, error);
}

/**
 * spa_server_waitlist_open:
 * @secret: an offer link's secret
 * @state: (out): what the link can still do
 *
 * Returns: (transfer full) (nullable): the freed booking whose time the link offers
 *   (for its details), %NULL for an unknown or expired link
 */
SpaRecord *
spa_server_waitlist_open (SpaStore              *store,
                          const char            *secret,
                          SpaWaitlistOfferState *state)
{
  g_auto(Offer) offer = { 0, };
  g_autoptr(SpaRecord) freed = NULL;
  g_autoptr(SpaRecord) entry = NULL;
  gboolean gone;

  *state = SPA_WAITLIST_OFFER_UNKNOWN;
  if (!read_offer (store, secret, &offer))
    return NULL;
  freed = spa_store_get (store, "booking", offer.freed_id, NULL);
  if (freed == NULL)
    return NULL;
  entry = spa_store_get (store, SPA_WAITLIST_ENTITY, offer.entry_id, NULL);
  *state = offer_state (store, &offer, freed, entry, &gone);
  /* Read after its time has gone: the entry need not wait for the scheduler. */
  if (gone && entry != NULL &&
      g_strcmp0 (spa_record_get_string (entry, SPA_WAITLIST_STATUS), "offered") == 0)
    lapse_entry (store, offer.entry_id, freed);
  return g_steal_pointer (&freed);
}

static gboolean
settle_offer (SpaStore    *store,
              const char  *secret,
              const char  *outcome,
              const char  *booking_id,
              GError     **error)
{
  SpaServerStorage *storage = spa_server_storage_get (store);
  g_autofree char *hash = spa_public_hash_secret (secret);
  g_autofree char *now = spa_store_now_utc (store);

  return storage->klass->settle_offer (storage, hash, now, outcome, booking_id, error);
}

/* Records that this link came too late, in a transaction of its own, and its entry
 * waits again. */
static gboolean
settle_gone (SpaStore    *store,
             const char  *secret,
             Offer       *offer,
             SpaRecord   *freed,
             GError     **error)
{
  if (!begin (store, error))
    return FALSE;
  if (!settle_offer (store, secret, "gone", NULL, error) ||
      (freed != NULL && !step_back (store, offer->entry_id, freed, error)))
    {
      rollback (store);
      return FALSE;
    }
  return commit (store, error);
}

/* "It has gone" to every other client offered @freed's time who has not answered. */
static gboolean
tell_the_others (SpaStore    *store,
                 SpaRecord   *freed,
                 const char  *winner_hash,
                 GError     **error)
{
  SpaServerStorage *storage = spa_server_storage_get (store);
  g_autofree char *now = spa_store_now_utc (store);
  g_autoptr(GPtrArray) others = storage->klass->open_offers (storage, spa_record_get_id (freed),
                                                             NULL, now, error);

  if (others == NULL)
    return FALSE;
  /* token_hash, freed_booking_id, entry_id, client_id, begun */
  for (guint i = 0; i + 4 < others->len; i += 5)
    {
      g_autofree char *key = NULL;

      if (g_strcmp0 (others->pdata[i], winner_hash) == 0)
        continue;
      key = g_strconcat ("waitlist_gone:", (char *)others->pdata[i], NULL);
      if (!spa_server_mail_queue_offer (store, key, freed, others->pdata[i + 3], NULL, error) ||
          !step_back (store, others->pdata[i + 2], freed, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * spa_server_waitlist_accept:
 * @secret: an offer link's secret
 * @state: (out): what came of it
 *
 * Takes the offered time for the link's client, if it is still to be had: the booking,
 * the offer settled, the waitlist entry booked and the other clients told, in one
 * transaction. A link that already booked answers with its booking again.
 *
 * Returns: (transfer full) (nullable): the booking when @state is
 *   %SPA_WAITLIST_OFFER_BOOKED; %NULL otherwise, with @error set only when the store
 *   failed
 */
SpaRecord *
spa_server_waitlist_accept (SpaStore              *store,
                            const char            *secret,
                            SpaWaitlistOfferState *state,
                            GError               **error)
{
  g_auto(Offer) offer = { 0, };
  g_autoptr(SpaRecord) freed = NULL;
  g_autoptr(SpaRecord) entry = NULL;
  g_autoptr(SpaRecord) booking = NULL;
  g_autoptr(SpaRecord) service = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *now = NULL;
  g_autofree char *hash = NULL;
  gboolean gone;

  *state = SPA_WAITLIST_OFFER_UNKNOWN;
  if (!begin (store, error))
    return NULL;
  if (!read_offer (store, secret, &offer))
    {
      rollback (store);
      return NULL;
    }
  if (g_strcmp0 (offer.outcome, "booked") == 0)
    {
      rollback (store);
      *state = SPA_WAITLIST_OFFER_BOOKED;
      return spa_store_get (store, "booking", offer.booking_id, NULL);
    }

  freed = spa_store_get (store, "booking", offer.freed_id, NULL);
  entry = spa_store_get (store, SPA_WAITLIST_ENTITY, offer.entry_id, NULL);
  *state = freed != NULL ? offer_state (store, &offer, freed, entry, &gone)
                         : SPA_WAITLIST_OFFER_TAKEN;
  if (*state != SPA_WAITLIST_OFFER_OPEN)
    {
      rollback (store);
      settle_gone (store, secret, &offer, freed, error);
      return NULL;
    }

  now = spa_store_now_utc (store);
  booking = spa_record_new ("booking");
  spa_record_set_string (booking, "client_id", offer.client_id);
  for (guint i = 0; i < 6; i++)
    {
      static const char * const copied[] = {
        "therapist_id", "service_id", "room_id", "location_id", "starts_at", "ends_at",
      };

      if (spa_record_has_value (freed, copied[i]))
        spa_record_set_string (booking, copied[i], spa_record_get_string (freed, copied[i]));
    }
  spa_record_set_string (booking, "status", "booked");
  spa_record_set_string (booking, "source", "online");
  service = spa_store_get (store, "service", spa_record_get_string (freed, "service_id"), NULL);
  if (service != NULL && spa_record_has_value (service, "price_cents"))
    spa_record_set_int (booking, "price_cents", spa_record_get_int (service, "price_cents", 0));
  spa_booking_add_history (booking, "booked", now);

  /* The overlap rule decides against a desk that booked the time meanwhile. */
  if (!spa_server_write_record (store, booking, OFFER_DEVICE, &local_error))
    {
      rollback (store);
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS) ||
          local_error->domain == SPA_VALIDATION_ERROR)
        {
          *state = SPA_WAITLIST_OFFER_TAKEN;
          settle_gone (store, secret, &offer, freed, error);
          return NULL;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      *state = SPA_WAITLIST_OFFER_UNKNOWN;
      return NULL;
    }

  spa_record_clear_changed (entry);
  spa_record_set_string (entry, SPA_WAITLIST_BOOKING_ID, spa_record_get_id (booking));
  hash = spa_public_hash_secret (secret);
  if (!settle_offer (store, secret, "booked", spa_record_get_id (booking), error) ||
      !mark_entry (store, entry, "booked", freed, error) ||
      !tell_the_others (store, freed, hash, error) ||
      !commit (store, error))
    {
      rollback (store);
      *state = SPA_WAITLIST_OFFER_UNKNOWN;
      return NULL;
    }
  *state = SPA_WAITLIST_OFFER_BOOKED;
  return g_steal_pointer (&booking);
}
