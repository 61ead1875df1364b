/* spa-waitlist-draft.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-waitlist-draft"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "spa-error.h"
#include "spa-util.h"
#include "spa-waitlist.h"
#include "spa-waitlist-draft.h"

/*
 * The form model of "Add to Waitlist": what the desk has typed or picked so far, every
 * problem at once as a translated sentence per field (so the dialog can put each next
 * to its field), and the save of a new entry, waiting, once nothing is wrong. The
 * entity's own validation (spa-waitlist.c) still guards the store.
 */

struct _SpaWaitlistDraft
{
  GObject   parent_instance;

  /* Owned */
  SpaStore *store;
  char     *client_id;
  char     *service_id;
  char     *therapist_id;
  GStrv     days;
  char     *earliest;
  char     *latest;
  char     *until;
  char     *notes;
};

G_DEFINE_FINAL_TYPE (SpaWaitlistDraft, spa_waitlist_draft, G_TYPE_OBJECT)

static void
spa_waitlist_draft_finalize (GObject *object)
{
  SpaWaitlistDraft *self = SPA_WAITLIST_DRAFT (object);

  g_clear_object (&self->store);
  g_free (self->client_id);
  g_free (self->service_id);
  g_free (self->therapist_id);
  g_strfreev (self->days);
  g_free (self->earliest);
  g_free (self->latest);
  g_free (self->until);
  g_free (self->notes);

  G_OBJECT_CLASS (spa_waitlist_draft_parent_class)->finalize (object);
}

static void
spa_waitlist_draft_class_init (SpaWaitlistDraftClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = spa_waitlist_draft_finalize;
}

static void
spa_waitlist_draft_init (SpaWaitlistDraft *self)
{
}

SpaWaitlistDraft *
spa_waitlist_draft_new (SpaStore *store)
{
  SpaWaitlistDraft *self;

  g_return_val_if_fail (SPA_IS_STORE (store), NULL);

  self = g_object_new (SPA_TYPE_WAITLIST_DRAFT, NULL);
  self->store = g_object_ref (store);
  return self;
}

/* Empty or blank text is no value. */
static void
set_text (char       **field,
          const char  *text)
{
  g_autofree char *trimmed = text ? g_strstrip (g_strdup (text)) : NULL;

  g_free (*field);
  *field = spa_str_empty (trimmed) ? NULL : g_steal_pointer (&trimmed);
}

void
spa_waitlist_draft_set_client_id (SpaWaitlistDraft *self,
                                  const char       *client_id)
{
  g_return_if_fail (SPA_IS_WAITLIST_DRAFT (self));
  set_text (&self->client_id, client_id);
}

const char *
spa_waitlist_draft_get_client_id (SpaWaitlistDraft *self)
{
  g_return_val_if_fail (SPA_IS_WAITLIST_DRAFT (self), NULL);
  return self->client_id;
}

void
spa_waitlist_draft_set_service_id (SpaWaitlistDraft *self,
                                   const char       *service_id)
{
  g_return_if_fail (SPA_IS_WAITLIST_DRAFT (self));
  set_text (&self->service_id, service_id);
}

/**
 * spa_waitlist_draft_set_therapist_id:
 * @therapist_id: (nullable): one therapist, or %NULL for any
 */
void
spa_waitlist_draft_set_therapist_id (SpaWaitlistDraft *self,
                                     const char       *therapist_id)
{
  g_return_if_fail (SPA_IS_WAITLIST_DRAFT (self));
  set_text (&self->therapist_id, therapist_id);
}

/**
 * spa_waitlist_draft_set_days:
 * @days: (nullable) (array zero-terminated=1): weekday codes (`mon` … `sun`); none: any day
 */
void
spa_waitlist_draft_set_days (SpaWaitlistDraft   *self,
                             const char * const *days)
{
  g_return_if_fail (SPA_IS_WAITLIST_DRAFT (self));
  g_strfreev (self->days);
  self->days = days && days[0] ? g_strdupv ((char **)days) : NULL;
}

void
spa_waitlist_draft_set_earliest (SpaWaitlistDraft *self,
                                 const char       *hhmm)
{
  g_return_if_fail (SPA_IS_WAITLIST_DRAFT (self));
  set_text (&self->earliest, hhmm);
}

void
spa_waitlist_draft_set_latest (SpaWaitlistDraft *self,
                               const char       *hhmm)
{
  g_return_if_fail (SPA_IS_WAITLIST_DRAFT (self));
  set_text (&self->latest, hhmm);
}

void
spa_waitlist_draft_set_until (SpaWaitlistDraft *self,
                              const char       *ymd)
{
  g_return_if_fail (SPA_IS_WAITLIST_DRAFT (self));
  set_text (&self->until, ymd);
}

void
spa_waitlist_draft_set_notes (SpaWaitlistDraft *self,
                              const char       *notes)
{
  g_return_if_fail (SPA_IS_WAITLIST_DRAFT (self));
  set_text (&self->notes, notes);
}

static void
add_problem (GHashTable *problems,
             const char *field,
             const char *message)
{
  if (!g_hash_table_contains (problems, field))
    g_hash_table_insert (problems, g_strdup (field), g_strdup (message));
}

/**
 * spa_waitlist_draft_check:
 * @today: the spa's day today (`YYYY-MM-DD`): the last day that suits may not be before it
 *
 * Returns: (transfer full) (element-type utf8 utf8): field name → translated message,
 *   empty when the entry can be saved
 */
GHashTable *
spa_waitlist_draft_check (SpaWaitlistDraft *self,
                          const char       *today)
{
  GHashTable *problems;
  int earliest = -1, latest = -1;

  g_return_val_if_fail (SPA_IS_WAITLIST_DRAFT (self), NULL);

  problems = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (self->client_id == NULL)
    add_problem (problems, SPA_WAITLIST_CLIENT_ID, _("Choose the client who is waiting."));
  else if (!spa_store_exists (self->store, "client", self->client_id))
    add_problem (problems, SPA_WAITLIST_CLIENT_ID, _("This client no longer exists."));
  if (self->service_id == NULL || !spa_store_exists (self->store, "service", self->service_id))
    add_problem (problems, SPA_WAITLIST_SERVICE_ID, _("Choose the service the client wants."));
  if (self->therapist_id != NULL && !spa_store_exists (self->store, "therapist",
                                                       self->therapist_id))
    add_problem (problems, SPA_WAITLIST_THERAPIST_ID, _("This therapist no longer exists."));

  if (self->earliest != NULL && (earliest = spa_waitlist_parse_time (self->earliest)) < 0)
    add_problem (problems, SPA_WAITLIST_EARLIEST,
                 _("A time of day is written HH:MM, such as 09:30."));
  if (self->latest != NULL && (latest = spa_waitlist_parse_time (self->latest)) < 0)
    add_problem (problems, SPA_WAITLIST_LATEST,
                 _("A time of day is written HH:MM, such as 09:30."));
  if (earliest >= 0 && latest >= 0 && latest <= earliest)
    add_problem (problems, SPA_WAITLIST_LATEST, _("The latest time must come after the earliest."));

  if (self->until == NULL)
    add_problem (problems, SPA_WAITLIST_UNTIL, _("Enter the last day that suits."));
  else if (!spa_date_parse (self->until, NULL, NULL, NULL))
    add_problem (problems, SPA_WAITLIST_UNTIL,
                 _("This is not a valid date; write it as YYYY-MM-DD."));
  else if (today != NULL && g_strcmp0 (self->until, today) < 0)
    add_problem (problems, SPA_WAITLIST_UNTIL, _("The last day that suits has already passed."));
  return problems;
}

/**
 * spa_waitlist_draft_save:
 * @today: as for spa_waitlist_draft_check()
 *
 * Saves a new entry, waiting, in one write with its outbox row.
 *
 * Returns: (transfer full) (nullable): the entry; %NULL with a validation error naming
 *   the first field at fault, or the store's error
 */
SpaRecord *
spa_waitlist_draft_save (SpaWaitlistDraft  *self,
                         const char        *today,
                         GError           **error)
{
  g_autoptr(GHashTable) problems = NULL;
  g_autoptr(SpaRecord) entry = NULL;
  static const char * const order[] = {
    SPA_WAITLIST_CLIENT_ID, SPA_WAITLIST_SERVICE_ID, SPA_WAITLIST_THERAPIST_ID,
    SPA_WAITLIST_EARLIEST, SPA_WAITLIST_LATEST, SPA_WAITLIST_UNTIL,
  };

  g_return_val_if_fail (SPA_IS_WAITLIST_DRAFT (self), NULL);

  problems = spa_waitlist_draft_check (self, today);
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      const char *message = g_hash_table_lookup (problems, order[i]);

      if (message != NULL)
        {
          spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, order[i], "%s", message);
          return NULL;
        }
    }

  entry = spa_record_new (SPA_WAITLIST_ENTITY);
  spa_record_set_string (entry, SPA_WAITLIST_CLIENT_ID, self->client_id);
  spa_record_set_string (entry, SPA_WAITLIST_SERVICE_ID, self->service_id);
  spa_record_set_string (entry, SPA_WAITLIST_THERAPIST_ID, self->therapist_id);
  if (self->days != NULL)
    spa_record_set_strv (entry, SPA_WAITLIST_DAYS, (const char * const *)self->days);
  spa_record_set_string (entry, SPA_WAITLIST_EARLIEST, self->earliest);
  spa_record_set_string (entry, SPA_WAITLIST_LATEST, self->latest);
  spa_record_set_string (entry, SPA_WAITLIST_UNTIL, self->until);
  spa_record_set_string (entry, SPA_WAITLIST_STATUS, "waiting");
  spa_record_set_string (entry, SPA_WAITLIST_NOTES, self->notes);
  if (!spa_store_save (self->store, entry, error))
    return NULL;
  return g_steal_pointer (&entry);
}
