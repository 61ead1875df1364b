/* spa-client.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-client"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "spa-client-fields.h"
#include "spa-client.h"
#include "spa-error.h"
#include "spa-store.h"
#include "spa-store-private.h"
#include "spa-util.h"
#include "spa-validate.h"
#include "spa-vocab.h"

static const SpaFieldInfo client_fields[] = {
  { SPA_CLIENT_FIRST_NAME, SPA_FIELD_TEXT, N_("First name") },
  { SPA_CLIENT_LAST_NAME, SPA_FIELD_TEXT, N_("Last name") },
  { SPA_CLIENT_PREFERRED_NAME, SPA_FIELD_TEXT, N_("Preferred name") },
  { SPA_CLIENT_PRONOUNS, SPA_FIELD_TEXT, N_("Pronouns") },
  { SPA_CLIENT_EMAIL, SPA_FIELD_TEXT, N_("E-mail") },
  { SPA_CLIENT_PHONE, SPA_FIELD_TEXT, N_("Phone") },
  { SPA_CLIENT_DATE_OF_BIRTH, SPA_FIELD_TEXT, N_("Date of birth") },
  { SPA_CLIENT_ADDRESS, SPA_FIELD_TEXT, N_("Address") },
  { SPA_CLIENT_EMERGENCY_CONTACT_NAME, SPA_FIELD_TEXT, N_("Emergency contact") },
  { SPA_CLIENT_EMERGENCY_CONTACT_PHONE, SPA_FIELD_TEXT, N_("Emergency contact phone") },
  { SPA_CLIENT_ALLERGIES, SPA_FIELD_TEXT, N_("Allergies") },
  { SPA_CLIENT_MEDICATIONS, SPA_FIELD_TEXT, N_("Medications") },
  { SPA_CLIENT_CONDITIONS, SPA_FIELD_JSON, N_("Conditions") },
  { SPA_CLIENT_NOTES, SPA_FIELD_TEXT, N_("Notes") },
  { SPA_CLIENT_MARKETING_CONSENT, SPA_FIELD_BOOLEAN, N_("Marketing e-mails") },
  { SPA_CLIENT_ARCHIVED_AT, SPA_FIELD_TEXT, N_("Archived") },
  { SPA_CLIENT_REMINDER_OPT_IN, SPA_FIELD_BOOLEAN, N_("Booking e-mails and reminders") },
  { SPA_CLIENT_LANGUAGE, SPA_FIELD_TEXT, N_("Language for e-mails") },
};

static gboolean
validate_phone (SpaRecord   *client,
                const char  *field,
                GError     **error)
{
  const char *phone = spa_record_get_string (client, field);
  g_autofree char *digits = NULL;

  if (spa_str_empty (phone))
    return TRUE;

  digits = spa_phone_digits (phone);
  for (const char *p = phone; *p; p++)
    if (!g_ascii_isdigit (*p) && !strchr (" +-().x/", *p))
      goto invalid;

  if (strlen (digits) >= 7 && strlen (digits) <= 15)
    return TRUE;

invalid:
  spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, field,
                            _("Enter a phone number of 7 to 15 digits, such as +1 604 555 0123."));
  return FALSE;
}

/* The local time zone, read again at most once a second: reading it (a stat and a
 * readlink of /etc/localtime) for every client was a twentieth of an import's time. */
static GTimeZone *
local_time_zone (void)
{
  static GMutex lock;
  static GTimeZone *zone;
  static gint64 read_at;
  gint64 now = g_get_monotonic_time ();
  GTimeZone *result;

  g_mutex_lock (&lock);
  if (zone == NULL || now - read_at >= G_USEC_PER_SEC)
    {
      g_clear_pointer (&zone, g_time_zone_unref);
      zone = g_time_zone_new_local ();
      read_at = now;
    }
  result = g_time_zone_ref (zone);
  g_mutex_unlock (&lock);
  return result;
}

static gboolean
validate_date_of_birth (SpaRecord  *client,
                        GError    **error)
{
  const char *dob = spa_record_get_string (client, "date_of_birth");
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) now = NULL;
  int y, m, d;

  if (spa_str_empty (dob))
    return TRUE;
  zone = local_time_zone ();
  now = g_date_time_new_now (zone);

  if (!spa_date_parse (dob, &y, &m, &d))
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, "date_of_birth",
                                _("This is not a real date; write it as YYYY-MM-DD."));
      return FALSE;
    }

  if (y < g_date_time_get_year (now) - 120 ||
      y > g_date_time_get_year (now) ||
      (y == g_date_time_get_year (now) &&
       (m > g_date_time_get_month (now) ||
        (m == g_date_time_get_month (now) && d > g_date_time_get_day_of_month (now)))))
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, "date_of_birth",
                                _("The date of birth cannot be in the future or more than "
                                  "120 years ago."));
      return FALSE;
    }

  return TRUE;
}

static gboolean
validate_archived_at (SpaRecord  *client,
                      GError    **error)
{
  const char *archived_at = spa_record_get_string (client, "archived_at");
  g_autoptr(GDateTime) time = NULL;

  if (spa_str_empty (archived_at))
    return TRUE;

  time = spa_time_parse_utc (archived_at);
  if (time == NULL)
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, "archived_at",
                                _("The archiving time must be a UTC time such as 2026-11-25T17:30:00Z."));
      return FALSE;
    }
  return TRUE;
}

/* Clinical records are kept for years, and a tombstoned client would hide them. */
static gboolean
check_delete_client (SpaStore   *store,
                     SpaRecord  *client,
                     GError    **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!spa_client_has_clinical_records (store, spa_record_get_id (client), &local_error))
    return TRUE;

  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    g_set_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_LOCKED,
                 _("This client has intake forms or session notes, which are kept: "
                   "archive the client instead of deleting them."));
  return FALSE;
}

/* The languages the spa's e-mails are written in; unset is English. */
static const char *const email_languages[] = { "en", "fr" };

/**
 * spa_client_email_languages:
 * @n_languages: (out): how many there are
 *
 * Returns: (array length=n_languages) (transfer none): the codes a client's
 *   `language` may hold, English first
 */
const char *const *
spa_client_email_languages (guint *n_languages)
{
  *n_languages = G_N_ELEMENTS (email_languages);
  return email_languages;
}

/**
 * spa_client_wants_french:
 *
 * Whether the spa's e-mails to @client are written in French.
 */
gboolean
spa_client_wants_french (SpaRecord *client)
{
  return g_strcmp0 (spa_client_get_language (client), "fr") == 0;
}

static gboolean
validate_language (SpaRecord  *client,
                   GError    **error)
{
  const char *language = spa_client_get_language (client);

  if (language == NULL)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (email_languages); i++)
    if (g_strcmp0 (language, email_languages[i]) == 0)
      return TRUE;
  spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, SPA_CLIENT_LANGUAGE,
                            _("E-mails can be written in English (en) or French (fr)."));
  return FALSE;
}

static gboolean
validate_client (SpaStore   *store,
                 SpaRecord  *client,
                 GError    **error)
{
  return spa_validate_required (client, "first_name", _("Enter the client’s first name."), error) &&
         spa_validate_email (client, "email", error) &&
         validate_phone (client, "phone", error) &&
         validate_date_of_birth (client, error) &&
         validate_phone (client, "emergency_contact_phone", error) &&
         spa_validate_string_array (client, "conditions", error) &&
         validate_archived_at (client, error) &&
         validate_language (client, error);
}

const SpaEntityInfo spa_client_entity = {
  .name = "client",
  .fields = client_fields,
  .n_fields = G_N_ELEMENTS (client_fields),
  .validate = validate_client,
  .check_delete = check_delete_client,
};

/**
 * spa_client_find_by_email:
 * @email: an address, in any case
 *
 * Returns: (transfer full) (nullable): the client with @email (letter case aside): one
 *   not archived first, then the first one made; %NULL for none or when the store fails
 */
SpaRecord *
spa_client_find_by_email (SpaStore   *store,
                          const char *email)
{
  g_autofree char *folded = NULL;
  g_autoptr(GPtrArray) found = NULL;

  g_return_val_if_fail (SPA_IS_STORE (store), NULL);

  if (email == NULL)
    return NULL;
  folded = g_utf8_strdown (email, -1);
  found = spa_store_query (store, "client",
                           "WHERE deleted = 0 AND lower (email) = ?"
                           " ORDER BY archived_at IS NOT NULL, rid LIMIT 1",
                           (const char * const[]){ folded, NULL }, NULL);
  return found != NULL && found->len > 0 ? g_object_ref (found->pdata[0]) : NULL;
}

/**
 * spa_client_has_clinical_records:
 * @client_id: a client's id
 *
 * Whether the client has an intake form (draft or complete) or a session note. Such a
 * client can only be archived, never deleted.
 *
 * Returns: %TRUE if the client has clinical records, or if the database could not
 *   tell (then @error is set): when in doubt, keep the client
 */
gboolean
spa_client_has_clinical_records (SpaStore    *store,
                                 const char  *client_id,
                                 GError     **error)
{
  g_autoptr(SpaStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (SPA_IS_STORE (store), TRUE);
  g_return_val_if_fail (client_id != NULL, TRUE);

  stmt = spa_store_prepare (store,
                            "SELECT EXISTS (SELECT 1 FROM intake WHERE client_id = ?1 AND deleted = 0)"
                            " OR EXISTS (SELECT 1 FROM session_note WHERE client_id = ?1)",
                            error);
  if (stmt == NULL)
    return TRUE;
  sqlite3_bind_text (stmt, 1, client_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      spa_store_set_error (store, error);
      return TRUE;
    }
  return sqlite3_column_int (stmt, 0) != 0;
}

/**
 * spa_client_is_archived:
 *
 * Returns: %TRUE if the client is archived (hidden from the list and the search)
 */
gboolean
spa_client_is_archived (SpaRecord *client)
{
  g_return_val_if_fail (SPA_IS_RECORD (client), FALSE);
  return !spa_str_empty (spa_record_get_string (client, "archived_at"));
}

/**
 * spa_client_set_archived:
 * @client: a stored client; updated with what was saved
 * @archived: archive the client, or bring them back to the list
 *
 * Archiving hides a client from the list and the search while keeping everything
 * about them; it syncs as the client's `archived_at` field.
 *
 * Returns: %TRUE on success
 */
gboolean
spa_client_set_archived (SpaStore    *store,
                         SpaRecord   *client,
                         gboolean     archived,
                         GError     **error)
{
  g_autofree char *now = NULL;

  g_return_val_if_fail (SPA_IS_STORE (store), FALSE);
  g_return_val_if_fail (SPA_IS_RECORD (client), FALSE);

  if (spa_client_is_archived (client) == archived)
    return TRUE;

  if (archived)
    {
      now = spa_store_now_utc (store);
      spa_record_set_string (client, "archived_at", now);
    }
  else
    spa_record_set_null (client, "archived_at");

  return spa_store_save (store, client, error);
}

/**
 * spa_client_dup_display_name:
 * @client: a client record
 *
 * Returns: (transfer full): "First Last", using the preferred name when there is one
 */
char *
spa_client_dup_display_name (SpaRecord *client)
{
  return spa_client_format_display_name (spa_record_get_string (client, "first_name"),
                                         spa_record_get_string (client, "preferred_name"),
                                         spa_record_get_string (client, "last_name"));
}

/**
 * spa_client_format_display_name:
 *
 * The display name from the name columns, for callers that read them bare.
 *
 * Returns: (transfer full): the preferred (or first) name and the last name
 */
char *
spa_client_format_display_name (const char *first_name,
                                const char *preferred_name,
                                const char *last_name)
{
  const char *first = spa_str_empty (preferred_name) ? first_name : preferred_name;

  if (spa_str_empty (last_name))
    return g_strdup (first ? first : "");

  /* TRANSLATORS: a client's name: first name, then last name */
  return g_strdup_printf (C_("client name", "%s %s"), first ? first : "", last_name);
}

/**
 * spa_client_add_alert:
 * @builder: the alerts being listed
 * @format: a translated phrase with one `%s` ("Allergy: %s")
 * @text: (nullable): what was typed, as stored
 *
 * Adds @format filled with @text, without the spaces and line breaks typed around it,
 * unless nothing but those was typed. Every view of an alert gets the same words (a
 * wrapping label that ends in a space is also measured inconsistently by GTK 4.8).
 */
void
spa_client_add_alert (GStrvBuilder *builder,
                      const char   *format,
                      const char   *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text ? text : ""));
  g_autofree char *alert = NULL;

  if (*trimmed == '\0')
    return;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  alert = g_strdup_printf (format, trimmed);
#pragma GCC diagnostic pop
  g_strv_builder_add (builder, alert);
}

/**
 * spa_client_dup_alerts:
 * @client: a client record
 *
 * What a therapist must see before touching this client: allergies and the
 * conditions that are contraindications, as short translated phrases.
 *
 * Returns: (transfer full): the alerts, most serious first (may be empty)
 */
char **
spa_client_dup_alerts (SpaRecord *client)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) conditions = spa_record_get_strv (client, "conditions");
  const char *allergies = spa_record_get_string (client, "allergies");

  spa_client_add_alert (builder, _("Allergy: %s"), allergies);

  for (guint i = 0; conditions[i]; i++)
    {
      guint n;
      const SpaVocabEntry *entry = spa_vocab_find (spa_vocab_conditions (&n), n, conditions[i]);

      if (entry == NULL || entry->alert)
        g_strv_builder_add (builder, spa_vocab_condition_label (conditions[i]));
    }

  return g_strv_builder_end (builder);
}
