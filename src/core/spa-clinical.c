/* spa-clinical.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-clinical"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "spa-client.h"
#include "spa-clinical.h"
#include "spa-error.h"
#include "spa-store-private.h"
#include "spa-util.h"
#include "spa-vocab.h"

/*
 * The clinical record's queries and the few operations with rules of their own
 * (completing an intake, signing a note, amending it). Every write still goes through
 * spa_store_save(), so the entities' validation, not this file, is what enforces the
 * rules.
 */

/**
 * spa_clinical_area_get_string:
 * @area: one entry of a pain_areas or avoid_areas array
 *
 * Returns: (nullable): the member's text, or %NULL when it is missing or not text
 *   (records from elsewhere are read without trusting their shape)
 */
const char *
spa_clinical_area_get_string (JsonObject *area,
                              const char *member)
{
  JsonNode *node = json_object_get_member (area, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/**
 * spa_clinical_foreach_area:
 * @areas: (nullable): a pain_areas or avoid_areas JSON array
 * @func: (scope call): called with each entry naming a known region, in order
 */
void
spa_clinical_foreach_area (JsonNode    *areas,
                           SpaAreaFunc  func,
                           gpointer     user_data)
{
  JsonArray *array;

  if (areas == NULL || !JSON_NODE_HOLDS_ARRAY (areas))
    return;

  array = json_node_get_array (areas);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *region;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      region = spa_clinical_area_get_string (json_node_get_object (element), "region");
      if (spa_vocab_find_region (region) != NULL)
        func (region, json_node_get_object (element), user_data);
    }
}

/**
 * spa_clinical_current_intake:
 *
 * The client's current intake: the most recently completed one.
 *
 * Returns: (transfer full) (nullable): the intake, or %NULL (without error) if the
 *   client has none complete
 */
SpaRecord *
spa_clinical_current_intake (SpaStore    *store,
                             const char  *client_id,
                             GError     **error)
{
  const char *params[] = { client_id, NULL };
  g_autoptr(GPtrArray) intakes = NULL;

  g_return_val_if_fail (SPA_IS_STORE (store), NULL);

  intakes = spa_store_query (store, "intake",
                             "WHERE client_id = ? AND deleted = 0 AND completed_at IS NOT NULL"
                             " ORDER BY completed_at DESC, rid DESC LIMIT 1",
                             params, error);
  if (intakes == NULL || intakes->len == 0)
    return NULL;
  return g_object_ref (intakes->pdata[0]);
}

/**
 * spa_clinical_list_intakes:
 *
 * Returns: (transfer full) (element-type SpaRecord): every intake of the client, drafts
 *   first, then completed ones newest first
 */
GPtrArray *
spa_clinical_list_intakes (SpaStore    *store,
                           const char  *client_id,
                           GError     **error)
{
  const char *params[] = { client_id, NULL };

  return spa_store_query (store, "intake",
                          "WHERE client_id = ? AND deleted = 0"
                          " ORDER BY completed_at IS NOT NULL, completed_at DESC, created_at DESC",
                          params, error);
}

/**
 * spa_clinical_list_notes:
 *
 * Returns: (transfer full) (element-type SpaRecord): the client's session notes,
 *   newest session first
 */
GPtrArray *
spa_clinical_list_notes (SpaStore    *store,
                         const char  *client_id,
                         GError     **error)
{
  const char *params[] = { client_id, NULL };

  return spa_store_query (store, "session_note",
                          "WHERE client_id = ? AND deleted = 0"
                          " ORDER BY session_date DESC, created_at DESC, rid DESC",
                          params, error);
}

/**
 * spa_clinical_list_amendments:
 *
 * Returns: (transfer full) (element-type SpaRecord): the note's amendments, oldest first
 */
GPtrArray *
spa_clinical_list_amendments (SpaStore    *store,
                              const char  *note_id,
                              GError     **error)
{
  const char *params[] = { note_id, NULL };

  return spa_store_query (store, "note_amendment",
                          "WHERE note_id = ? ORDER BY created_at, rid", params, error);
}

/**
 * spa_clinical_find_booking_note:
 * @booking_id: a booking
 *
 * Returns: (transfer full) (nullable): the session note written for the booking (the
 *   first one, should there be several), or %NULL
 */
SpaRecord *
spa_clinical_find_booking_note (SpaStore    *store,
                                const char  *booking_id,
                                GError     **error)
{
  const char *params[] = { booking_id, NULL };
  g_autoptr(GPtrArray) notes = NULL;

  g_return_val_if_fail (SPA_IS_STORE (store), NULL);

  notes = spa_store_query (store, "session_note",
                           "WHERE booking_id = ? AND deleted = 0 ORDER BY created_at LIMIT 1",
                           params, error);
  if (notes == NULL || notes->len == 0)
    return NULL;
  return g_object_ref (notes->pdata[0]);
}

static void
copy_date (char        date[11],
           const char *text)
{
  memset (date, 0, 11);
  if (text != NULL)
    g_strlcpy (date, text, 11);
}

/**
 * spa_clinical_pain_series:
 *
 * The pain before and after each session that has either, oldest first.
 *
 * Returns: (transfer full) (element-type SpaPainPoint): the series
 */
GArray *
spa_clinical_pain_series (SpaStore    *store,
                          const char  *client_id,
                          GError     **error)
{
  const char *params[] = { client_id, NULL };
  g_autoptr(GPtrArray) notes = NULL;
  GArray *series;

  notes = spa_store_query (store, "session_note",
                           "WHERE client_id = ? AND deleted = 0"
                           " AND (pain_before IS NOT NULL OR pain_after IS NOT NULL)"
                           " ORDER BY session_date, created_at, rid",
                           params, error);
  if (notes == NULL)
    return NULL;

  series = g_array_sized_new (FALSE, TRUE, sizeof (SpaPainPoint), notes->len);
  for (guint i = 0; i < notes->len; i++)
    {
      SpaRecord *note = notes->pdata[i];
      SpaPainPoint point;

      copy_date (point.date, spa_record_get_string (note, "session_date"));
      point.before = spa_record_get_int (note, "pain_before", -1);
      point.after = spa_record_get_int (note, "pain_after", -1);
      g_array_append_val (series, point);
    }

  return series;
}

static void
add_region_point (GHashTable *history,
                  const char *region,
                  const char *date,
                  int         intensity)
{
  GArray *points = g_hash_table_lookup (history, region);
  SpaRegionPoint point;

  if (spa_vocab_find_region (region) == NULL || intensity < 0)
    return;

  if (points == NULL)
    {
      points = g_array_new (FALSE, TRUE, sizeof (SpaRegionPoint));
      g_hash_table_insert (history, g_strdup (region), points);
    }

  copy_date (point.date, date);
  point.intensity = intensity;
  g_array_append_val (points, point);
}

typedef struct
{
  GHashTable *history;
  const char *date;
} HistoryAdd;

static void
add_intake_area (const char *region,
                 JsonObject *area,
                 gpointer    data)
{
  HistoryAdd *add = data;

  add_region_point (add->history, region, add->date,
                    json_object_get_int_member_with_default (area, "intensity", -1));
}

static int
compare_region_points (gconstpointer a,
                       gconstpointer b)
{
  return strcmp (((const SpaRegionPoint *)a)->date, ((const SpaRegionPoint *)b)->date);
}

/**
 * spa_clinical_region_history:
 *
 * Pain per body region over time, for the heat map: each completed intake rates its
 * pain areas; each session note rates the areas it treated with the pain before the
 * session (the client's rating on arrival).
 *
 * Returns: (transfer full) (element-type utf8 GArray): region code → #SpaRegionPoint
 *   array, oldest first
 */
GHashTable *
spa_clinical_region_history (SpaStore    *store,
                             const char  *client_id,
                             GError     **error)
{
  const char *params[] = { client_id, NULL };
  g_autoptr(GHashTable) history = NULL;
  g_autoptr(GPtrArray) intakes = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  GHashTableIter iter;
  gpointer value;

  intakes = spa_store_query (store, "intake",
                             "WHERE client_id = ? AND deleted = 0 AND completed_at IS NOT NULL"
                             " ORDER BY completed_at", params, error);
  if (intakes == NULL)
    return NULL;
  notes = spa_store_query (store, "session_note",
                           "WHERE client_id = ? AND deleted = 0 AND pain_before IS NOT NULL"
                           " ORDER BY session_date", params, error);
  if (notes == NULL)
    return NULL;

  history = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                   (GDestroyNotify)g_array_unref);

  for (guint i = 0; i < intakes->len; i++)
    {
      HistoryAdd add = { history, spa_record_get_string (intakes->pdata[i], "completed_at") };

      spa_clinical_foreach_area (spa_record_get_json (intakes->pdata[i], "pain_areas"),
                                 add_intake_area, &add);
    }

  for (guint i = 0; i < notes->len; i++)
    {
      g_auto(GStrv) treated = spa_record_get_strv (notes->pdata[i], "areas_treated");
      int before = spa_record_get_int (notes->pdata[i], "pain_before", -1);

      for (guint a = 0; treated != NULL && treated[a]; a++)
        add_region_point (history, treated[a],
                          spa_record_get_string (notes->pdata[i], "session_date"), before);
    }

  g_hash_table_iter_init (&iter, history);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_array_sort (value, compare_region_points);

  return g_steal_pointer (&history);
}

static void
add_region_code (const char *region,
                 JsonObject *area,
                 gpointer    builder)
{
  g_strv_builder_add (builder, region);
}

/**
 * spa_clinical_new_note:
 * @booking_id: (nullable): the booking the session belongs to (check-in)
 * @session_date: (nullable): YYYY-MM-DD; today in UTC when %NULL
 *
 * A new, unsaved session note prefilled from the client's current intake (areas to
 * focus on, pressure) and from the booking (therapist, duration).
 *
 * Returns: (transfer full): the note, or %NULL if the client or booking is unknown
 */
SpaRecord *
spa_clinical_new_note (SpaStore    *store,
                       const char  *client_id,
                       const char  *booking_id,
                       const char  *session_date,
                       GError     **error)
{
  g_autoptr(SpaRecord) note = spa_record_new ("session_note");
  g_autoptr(SpaRecord) intake = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *today = NULL;

  g_return_val_if_fail (SPA_IS_STORE (store), NULL);
  g_return_val_if_fail (client_id != NULL, NULL);

  if (!spa_store_exists (store, "client", client_id))
    {
      g_set_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_NOT_FOUND,
                   _("The client was not found. They may have been removed on another desk."));
      return NULL;
    }

  if (session_date == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      today = g_date_time_format (now, "%Y-%m-%d");
      session_date = today;
    }

  spa_record_set_string (note, "client_id", client_id);
  spa_record_set_string (note, "session_date", session_date);

  if (booking_id != NULL)
    {
      g_autoptr(SpaRecord) booking = spa_store_get (store, "booking", booking_id, error);
      g_autoptr(SpaRecord) service = NULL;

      if (booking == NULL)
        return NULL;

      spa_record_set_string (note, "booking_id", booking_id);
      spa_record_set_string (note, "therapist_id", spa_record_get_string (booking, "therapist_id"));
      service = spa_store_get (store, "service", spa_record_get_string (booking, "service_id"), NULL);
      if (service != NULL)
        spa_record_set_int (note, "duration_min", spa_record_get_int (service, "duration_min", 60));
    }

  intake = spa_clinical_current_intake (store, client_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (intake != NULL)
    {
      g_autoptr(GStrvBuilder) areas = g_strv_builder_new ();
      g_auto(GStrv) strv = NULL;

      spa_clinical_foreach_area (spa_record_get_json (intake, "pain_areas"), add_region_code, areas);
      strv = g_strv_builder_end (areas);
      spa_record_set_strv (note, "areas_treated", (const char * const *)strv);
      if (spa_record_has_value (intake, "pressure"))
        spa_record_set_string (note, "pressure", spa_record_get_string (intake, "pressure"));
    }

  return g_steal_pointer (&note);
}

gboolean
spa_clinical_is_signed (SpaRecord *note)
{
  g_return_val_if_fail (SPA_IS_RECORD (note), FALSE);

  return !spa_str_empty (spa_record_get_string (note, "signed_at"));
}

/**
 * spa_clinical_sign_note:
 * @note: a session note, saved or not, with the user's last edits
 *
 * Saves @note signed by @signed_by now; from then on the store refuses any change.
 * On error @note is left unsigned.
 */
/* Signs @note as @signed_by; with @account (and the @pin it typed), with its proof. */
static gboolean
sign_note (SpaStore    *store,
           SpaRecord   *note,
           const char  *signed_by,
           SpaAccount  *account,
           const char  *pin,
           GError     **error)
{
  g_autofree char *now = NULL;

  g_return_val_if_fail (SPA_IS_STORE (store), FALSE);
  g_return_val_if_fail (SPA_IS_RECORD (note), FALSE);

  if (spa_clinical_is_signed (note))
    {
      g_set_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_LOCKED,
                   _("This note is already signed."));
      return FALSE;
    }

  now = spa_store_now_utc (store);
  spa_record_set_string (note, "signed_at", now);
  spa_record_set_string (note, "signed_by", signed_by);
  if ((account != NULL && !spa_account_prove (account, note, pin, error)) ||
      !spa_store_save (store, note, error))
    {
      spa_record_set_null (note, "signed_at");
      spa_record_set_null (note, "signed_by");
      spa_record_set_null (note, "signature");
      return FALSE;
    }

  return TRUE;
}

gboolean
spa_clinical_sign_note (SpaStore    *store,
                        SpaRecord   *note,
                        const char  *signed_by,
                        GError     **error)
{
  return sign_note (store, note, signed_by, NULL, NULL, error);
}

/**
 * spa_clinical_sign_note_as:
 * @account: who is signed in at the desk
 * @pin: the PIN @account typed again to sign
 *
 * Signs @note as @account: the role must allow signing, an account linked to a
 * therapist signs only that therapist's notes (and a note without a therapist becomes
 * theirs), and @pin must be the account's PIN. The note names the account as
 * `signed_by`, as the spa server does for the user who pushes it; an account from the
 * spa server adds its proof (`signature`), which lets the server accept the note from
 * a desk shared under another user's token.
 */
gboolean
spa_clinical_sign_note_as (SpaStore    *store,
                           SpaRecord   *note,
                           SpaAccount  *account,
                           const char  *pin,
                           GError     **error)
{
  const char *own = NULL;
  const char *owner = NULL;
  gboolean took_note = FALSE;

  g_return_val_if_fail (SPA_IS_STORE (store), FALSE);
  g_return_val_if_fail (SPA_IS_RECORD (note), FALSE);
  g_return_val_if_fail (SPA_IS_ACCOUNT (account), FALSE);

  if (!spa_role_may_sign (spa_account_get_role (account)))
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, "signed_by",
                                _("%s signs in as %s, who may not sign session notes."),
                                spa_account_get_name (account),
                                spa_role_get_label (spa_account_get_role (account)));
      return FALSE;
    }

  own = spa_account_get_therapist_id (account);
  owner = spa_record_get_string (note, "therapist_id");
  if (own != NULL && !spa_str_empty (owner) && g_strcmp0 (own, owner) != 0)
    {
      g_autoptr(SpaRecord) therapist = spa_store_get (store, "therapist", owner, NULL);

      spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, "therapist_id",
                                _("This note is %s’s; only they can sign it."),
                                therapist ? spa_record_get_string (therapist, "name") : owner);
      return FALSE;
    }

  if (!spa_account_verify_pin (store, spa_account_get_id (account), pin, error))
    return FALSE;

  if (own != NULL && spa_str_empty (owner))
    {
      spa_record_set_string (note, "therapist_id", own);
      took_note = TRUE;
    }
  if (!sign_note (store, note, spa_account_get_name (account), account, pin, error))
    {
      if (took_note)
        spa_record_set_null (note, "therapist_id");
      return FALSE;
    }
  return TRUE;
}

static SpaRecord *
add_amendment (SpaStore    *store,
               const char  *note_id,
               const char  *author,
               SpaAccount  *account,
               const char  *text,
               GError     **error)
{
  g_autoptr(SpaRecord) amendment = spa_record_new ("note_amendment");
  g_autofree char *trimmed_author = g_strstrip (g_strdup (author ? author : ""));
  g_autofree char *trimmed_text = g_strstrip (g_strdup (text ? text : ""));

  spa_record_set_string (amendment, "note_id", note_id);
  if (*trimmed_author)
    spa_record_set_string (amendment, "author", trimmed_author);
  if (*trimmed_text)
    spa_record_set_string (amendment, "text", trimmed_text);

  if ((account != NULL && !spa_account_prove (account, amendment, NULL, error)) ||
      !spa_store_save (store, amendment, error))
    return NULL;
  return g_steal_pointer (&amendment);
}

/**
 * spa_clinical_add_amendment:
 *
 * Returns: (transfer full) (nullable): the saved amendment
 */
SpaRecord *
spa_clinical_add_amendment (SpaStore    *store,
                            const char  *note_id,
                            const char  *author,
                            const char  *text,
                            GError     **error)
{
  return add_amendment (store, note_id, author, NULL, text, error);
}

/**
 * spa_clinical_add_amendment_as:
 * @account: who is signed in at the desk (with spa_account_sign_in())
 *
 * Adds an amendment written by @account, with its proof if it comes from the spa
 * server.
 *
 * Returns: (transfer full) (nullable): the saved amendment
 */
SpaRecord *
spa_clinical_add_amendment_as (SpaStore    *store,
                               const char  *note_id,
                               SpaAccount  *account,
                               const char  *text,
                               GError     **error)
{
  g_return_val_if_fail (SPA_IS_ACCOUNT (account), NULL);

  return add_amendment (store, note_id, spa_account_get_name (account), account, text, error);
}

/* Folded, with apostrophes, hyphens and runs of spaces as one space: "O’Connor",
 * "o connor" and "OCONNOR" differ, "Zoé  Tremblay" and "zoe tremblay" do not. */
static char *
fold_name (const char *name)
{
  g_autofree char *folded = spa_text_fold (name);
  g_autoptr(GString) out = g_string_new (NULL);

  for (const char *p = folded; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == '-' || c == '\'' || c == 0x2019)
        {
          if (out->len > 0 && out->str[out->len - 1] != ' ')
            g_string_append_c (out, ' ');
        }
      else
        g_string_append_unichar (out, c);
    }
  if (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * spa_clinical_check_consent:
 *
 * The client consents in their own name, as on their file: an empty name, or a name
 * typed for someone else ("Jane Doe" on Zoé's intake), is refused with an error on
 * `consent_name`.
 */
gboolean
spa_clinical_check_consent (SpaStore   *store,
                            SpaRecord  *intake,
                            GError    **error)
{
  g_autoptr(SpaRecord) client = NULL;
  g_autofree char *typed = fold_name (spa_record_get_string (intake, "consent_name"));
  g_autofree char *full = NULL;
  g_autofree char *preferred = NULL;
  const char *last;

  if (typed[0] == '\0')
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_REQUIRED, "consent_name",
                                _("The client types their name to give consent."));
      return FALSE;
    }
  client = spa_store_get (store, "client", spa_record_get_string (intake, "client_id"), NULL);
  if (client == NULL)
    return TRUE;   /* validation names the missing client */

  last = spa_record_get_string (client, "last_name");
  full = g_strdup_printf ("%s %s", spa_record_get_string (client, "first_name"), last ? last : "");
  preferred = g_strdup_printf ("%s %s", spa_record_get_string (client, "preferred_name") ?: "", last ? last : "");
  {
    g_autofree char *a = fold_name (full);
    g_autofree char *b = fold_name (preferred);

    if (g_str_equal (typed, a) || (!spa_str_empty (spa_record_get_string (client, "preferred_name")) &&
                                   g_str_equal (typed, b)))
      return TRUE;
  }
  {
    g_autofree char *display = spa_client_dup_display_name (client);

    spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, "consent_name",
                              _("The client consents in their own name, as on their file (%s)."),
                              display);
  }
  return FALSE;
}

/**
 * spa_clinical_complete_intake:
 *
 * Marks @intake complete, consent given now, and saves it. On error @intake is left
 * as it was (a draft) so that the form can show what is missing.
 */
gboolean
spa_clinical_complete_intake (SpaStore    *store,
                              SpaRecord   *intake,
                              GError     **error)
{
  g_autofree char *now = spa_store_now_utc (store);
  gboolean had_consent_at = spa_record_has_value (intake, "consent_at");

  if (!spa_str_empty (spa_record_get_string (intake, "consent_name")) &&
      !spa_clinical_check_consent (store, intake, error))
    return FALSE;

  spa_record_set_string (intake, "completed_at", now);
  if (!had_consent_at)
    spa_record_set_string (intake, "consent_at", now);

  if (!spa_store_save (store, intake, error))
    {
      spa_record_set_null (intake, "completed_at");
      if (!had_consent_at)
        spa_record_set_null (intake, "consent_at");
      return FALSE;
    }

  return TRUE;
}

static void
add_avoid_alert (const char *region,
                 JsonObject *area,
                 gpointer    builder)
{
  g_autofree char *alert = g_strdup_printf (_("Avoid: %s"), spa_vocab_region_label (region));

  g_strv_builder_add (builder, alert);
}

/**
 * spa_clinical_dup_intake_alerts:
 *
 * What the intake says a therapist must see first: allergies, contraindications,
 * pregnancy, recent injury, areas to avoid.
 *
 * Returns: (transfer full): translated short phrases (may be empty)
 */
char **
spa_clinical_dup_intake_alerts (SpaRecord *intake)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) conditions = NULL;

  if (intake == NULL)
    return g_strv_builder_end (builder);

  spa_client_add_alert (builder, _("Allergy: %s"), spa_record_get_string (intake, "allergies"));

  conditions = spa_record_get_strv (intake, "conditions");
  for (guint i = 0; conditions != NULL && conditions[i]; i++)
    {
      guint n;
      const SpaVocabEntry *entry = spa_vocab_find (spa_vocab_conditions (&n), n, conditions[i]);

      if (g_str_equal (conditions[i], "pregnancy") && spa_record_has_value (intake, "pregnancy_weeks"))
        {
          gint64 weeks = spa_record_get_int (intake, "pregnancy_weeks", 0);
          g_autofree char *alert = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                 "Pregnancy, %d week",
                                                                 "Pregnancy, %d weeks",
                                                                 weeks), (int)weeks);
          g_strv_builder_add (builder, alert);
        }
      else if (entry == NULL || entry->alert)
        g_strv_builder_add (builder, spa_vocab_condition_label (conditions[i]));
    }

  spa_client_add_alert (builder, _("Recent injury: %s"),
                        spa_record_get_string (intake, "recent_injury"));

  spa_clinical_foreach_area (spa_record_get_json (intake, "avoid_areas"), add_avoid_alert, builder);

  return g_strv_builder_end (builder);
}

/**
 * spa_clinical_dup_client_alerts:
 * @store: the store
 * @client: a client
 * @current_intake: (out) (optional) (transfer full) (nullable): the current intake
 *
 * Everything a therapist must see before touching @client, wherever the client is
 * shown (the client's page, the day's schedule): the client's own alerts, then those
 * of the current intake, without saying one thing twice ("Pregnancy, 24 weeks" from
 * the intake replaces the client's plain "Pregnancy").
 *
 * Returns: (transfer full): translated short phrases (may be empty)
 */
char **
spa_clinical_dup_client_alerts (SpaStore   *store,
                                SpaRecord  *client,
                                SpaRecord **current_intake)
{
  g_auto(GStrv) alerts = spa_client_dup_alerts (client);
  g_auto(GStrv) intake_alerts = NULL;
  g_autoptr(SpaRecord) intake = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  intake = spa_clinical_current_intake (store, spa_record_get_id (client), NULL);
  intake_alerts = spa_clinical_dup_intake_alerts (intake);

  for (guint i = 0; alerts[i]; i++)
    {
      g_autofree char *prefix = g_strconcat (alerts[i], ",", NULL);
      gboolean detailed = FALSE;

      for (guint j = 0; intake_alerts[j]; j++)
        detailed |= g_str_has_prefix (intake_alerts[j], prefix);
      if (!detailed)
        g_strv_builder_add (builder, alerts[i]);
    }
  for (guint i = 0; intake_alerts[i]; i++)
    if (!g_strv_contains ((const char * const *)alerts, intake_alerts[i]))
      g_strv_builder_add (builder, intake_alerts[i]);

  if (current_intake != NULL)
    *current_intake = g_steal_pointer (&intake);

  return g_strv_builder_end (builder);
}
