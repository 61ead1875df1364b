/* spa-server-mail.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-server-mail"

#include "config.h"

#include <string.h>
#include <unistd.h>
#include <curl/curl.h>
#include <glib/gi18n-lib.h>

#include "spa-client-fields.h"
#include "spa-client.h"
#include "spa-ical.h"
#include "spa-schedule.h"
#include "spa-server-mail.h"
#include "spa-server-public.h"
#include "spa-server-storage.h"
#include "spa-store.h"
#include "spa-util.h"

/*
 * The spa's e-mail to clients (docs/reminders.md): a confirmation when a booking is
 * made (on a desk or online), a reminder before it, a cancellation when it is
 * cancelled, each with the booking as an iCalendar attachment.
 *
 * A message is a row of the storage's queue (server_mail on SQLite, spa_mail on
 * PostgreSQL) written in the same transaction as its cause (the booking's write, or
 * the reminder's time coming), fully composed, so what is sent is what was decided
 * then. The sender, a thread of each server process, claims the oldest due row (marks
 * it sending, for this process and a lease, and commits; on PostgreSQL with SKIP
 * LOCKED, so two processes never claim one) before it talks to the SMTP server
 * (libcurl), then records the outcome: sent; a temporary refusal (4xx, no connection)
 * tried again later, the wait doubling; a permanent one (5xx) failed with the server's
 * reason, which a manager reads at GET /v1/mail. A row left sending by a process that
 * is gone, or whose lease ended, was cut off: it may or may not have reached the SMTP
 * server, and it is never sent again (at most once: a reminder twice is worse than a
 * reminder lost, and the manager sees it as interrupted).
 */

#define POLL_INTERVAL_US     (G_USEC_PER_SEC / 2)
#define SCHEDULE_INTERVAL_US (5 * G_USEC_PER_SEC)
#define DEFAULT_RETRY_SECONDS 60

struct _SpaMailConfig
{
  char     *url;
  char     *from;
  char     *password;
  char     *ca_file;
  gboolean  loopback;
};

/* ---- configuration ---- */

void
spa_mail_config_free (SpaMailConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->url);
  g_free (config->from);
  if (config->password != NULL)
    explicit_bzero (config->password, strlen (config->password));
  g_free (config->password);
  g_free (config->ca_file);
  g_free (config);
}

/**
 * spa_mail_config_set_ca_file:
 * @ca_file: (nullable): PEM certificates of the authorities to trust for the SMTP
 *   server's certificate instead of the system's (a spa's own mail server with a
 *   private authority)
 */
void
spa_mail_config_set_ca_file (SpaMailConfig *config,
                             const char    *ca_file)
{
  g_free (config->ca_file);
  config->ca_file = g_strdup (ca_file);
}

/**
 * spa_mail_config_new:
 * @url: `smtp://HOST:PORT` (STARTTLS) or `smtps://HOST:PORT` (TLS), with
 *   `user:password@` as curl reads them
 * @from: the spa's sending address
 * @password: (nullable): the password when it is not in @url (from a file or the
 *   environment)
 *
 * Returns: (transfer full): the configuration, or %NULL with @error
 */
SpaMailConfig *
spa_mail_config_new (const char  *url,
                     const char  *from,
                     const char  *password,
                     GError     **error)
{
  g_autoptr(SpaMailConfig) config = g_new0 (SpaMailConfig, 1);
  g_autoptr(GUri) uri = NULL;
  const char *host;

  if (url == NULL || (!g_str_has_prefix (url, "smtp://") && !g_str_has_prefix (url, "smtps://")) ||
      (uri = g_uri_parse (url, G_URI_FLAGS_HAS_PASSWORD, NULL)) == NULL ||
      spa_str_empty (g_uri_get_host (uri)))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--smtp takes smtp://HOST:PORT (STARTTLS) or smtps://HOST:PORT (TLS), "
                     "optionally with USER:PASSWORD@ before the host."));
      return NULL;
    }
  if (!spa_mail_address_is_valid (from))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--mail-from takes the spa’s e-mail address, such as "
                     "bookings@example.com."));
      return NULL;
    }

  host = g_uri_get_host (uri);
  {
    g_autoptr(GInetAddress) address = g_inet_address_new_from_string (host);

    config->loopback = g_ascii_strcasecmp (host, "localhost") == 0 ||
                       (address != NULL && g_inet_address_get_is_loopback (address));
  }
  config->url = g_strdup (url);
  config->from = g_strdup (from);
  config->password = g_strdup (password);
  return g_steal_pointer (&config);
}

/* ---- the queue ---- */

/**
 * spa_server_mail_enable:
 *
 * From now on, bookings written to @store queue their e-mails, from @from.
 */
void
spa_server_mail_enable (SpaStore   *store,
                        const char *from)
{
  g_object_set_data_full (G_OBJECT (store), "spa-mail-from", g_strdup (from), g_free);
}

/* Whether a message has @key; *found is FALSE when the storage could not say. */
static gboolean
has_mail (SpaStore    *store,
          const char  *key,
          gboolean    *found,
          GError     **error)
{
  SpaServerStorage *storage = spa_server_storage_get (store);

  return storage->klass->has_mail (storage, key, found, error);
}

/* One paragraph, in text and in HTML: a translated sentence with its value, the value
 * a link when @link. */
static void
add_line (GString    *text,
          GString    *html,
          const char *accent,
          gboolean    french,
          const char *sentence,
          const char *value,
          gboolean    link)
{
  const char *translated = spa_public_translate (french, sentence);
  g_autofree char *filled = spa_public_fill (translated, value ? value : "");
  const char *mark = strstr (translated, "%s");

  g_string_append_printf (text, "%s\n\n", filled);
  g_string_append (html, "<p style=\"margin: 0 0 14px\">");
  if (link && mark != NULL)
    {
      g_autofree char *before = g_markup_escape_text (translated, mark - translated);
      g_autofree char *after = g_markup_escape_text (mark + 2, -1);
      g_autofree char *href = g_markup_escape_text (value, -1);

      g_string_append_printf (html, "%s<br><a href=\"%s\" style=\"color: %s; font-weight: 600; "
                                    "word-break: break-all\">%s</a>%s",
                              before, href, accent, href, after);
    }
  else
    {
      g_autofree char *escaped = g_markup_escape_text (filled, -1);

      g_string_append (html, escaped);
    }
  g_string_append (html, "</p>\n");
}

typedef enum
{
  MAIL_CONFIRMATION,
  MAIL_REMINDER,
  MAIL_CANCELLATION,
  MAIL_THANK_YOU,
  MAIL_OFFER,
  MAIL_GONE,
} MailKind;

static const struct
{
  const char *name;
  const char *subject;
  const char *intro;
  const char *link;
} kinds[] = {
  [MAIL_CONFIRMATION] = { "confirmation", N_("Your booking at %s"),
                          N_("Your booking is made. Here are its details."),
                          N_("To change or cancel it, open your booking: %s") },
  [MAIL_REMINDER] = { "reminder", N_("Reminder: your booking at %s"),
                      N_("This is a reminder of your booking."),
                      N_("Please confirm that you are coming, or cancel, here: %s") },
  [MAIL_CANCELLATION] = { "cancellation", N_("Your booking at %s is cancelled"),
                          N_("Your booking has been cancelled."), NULL },
  [MAIL_THANK_YOU] = { "thank_you", N_("Thank you for your visit to %s"),
                       N_("Thank you for coming in. We hope you are feeling the good of it."),
                       N_("When you would like to come back, book your next visit here: %s") },
  [MAIL_OFFER] = { "waitlist_offer", N_("A time has come free at %s"),
                   N_("A time you were waiting for has come free. It goes to the first "
                      "person on the waitlist who takes it."),
                   N_("To take it, open this link: %s") },
  [MAIL_GONE] = { "waitlist_gone", N_("The time at %s has been taken"),
                  N_("Sorry: the time we offered you has been taken by someone else. You are "
                     "still on our waitlist, and we will write again when another time comes "
                     "free."), NULL },
};

static char *
record_string (SpaRecord  *record,
               const char *field)
{
  return g_strdup (record && spa_record_get_string (record, field)
                   ? spa_record_get_string (record, field) : "");
}

/* The public booking page on @booking's treatment and therapist (the page falls back
 * to choosing when either no longer takes online bookings); no secret, nothing about
 * the client in it. */
static char *
rebook_url (SpaStore  *store,
            SpaRecord *booking,
            gboolean   french)
{
  g_autofree char *service_id = record_string (booking, "service_id");
  g_autofree char *service = g_uri_escape_string (service_id, NULL, FALSE);
  g_autofree char *therapist = NULL;
  g_autofree char *path = NULL;

  if (spa_str_empty (spa_record_get_string (booking, "therapist_id")))
    path = g_strdup_printf ("/book?service=%s&lang=%s", service, french ? "fr" : "en");
  else
    {
      therapist = g_uri_escape_string (spa_record_get_string (booking, "therapist_id"), NULL,
                                       FALSE);
      path = g_strdup_printf ("/book?service=%s&therapist=%s&lang=%s", service, therapist,
                              french ? "fr" : "en");
    }
  return spa_public_absolute_url (store, path);
}

/* Composes @kind's message for @booking and queues it under @key, in the caller's
 * transaction, to @client_id (the booking's client when %NULL), with @link as its link
 * when given. Nothing for a client who opted out or has no usable address. */
static gboolean
enqueue_to (SpaStore    *store,
            MailKind     kind,
            const char  *key,
            SpaRecord   *booking,
            const char  *client_id,
            const char  *link,
            GError     **error)
{
  const char *from = g_object_get_data (G_OBJECT (store), "spa-mail-from");
  g_autoptr(SpaRecord) client = spa_store_get (store, "client",
                                               client_id ? client_id
                                               : spa_record_get_string (booking, "client_id"),
                                               NULL);
  gboolean attach = kind != MAIL_THANK_YOU && kind != MAIL_OFFER && kind != MAIL_GONE;
  g_autoptr(SpaRecord) service = NULL;
  g_autoptr(SpaRecord) therapist = NULL;
  g_autofree char *spa_name = spa_public_get_setting (store, "spa_name");
  g_autofree char *public_url = spa_public_get_setting (store, "public_url");
  g_autofree char *color = spa_public_get_setting (store, "spa_color");
  const char *accent = spa_public_is_color (color) ? color : SPA_PUBLIC_DEFAULT_COLOR;
  g_autofree char *now = spa_store_now_utc (store);
  g_autoptr(GDateTime) now_dt = spa_time_parse_utc (now);
  g_autoptr(GDateTime) starts = spa_time_parse_utc (spa_record_get_string (booking, "starts_at"));
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) html = g_string_new (NULL);
  g_autoptr(GString) calendar = g_string_new (NULL);
  g_autofree char *first_name = NULL;
  g_autofree char *full_name = NULL;
  g_autofree char *service_name = NULL;
  g_autofree char *therapist_name = NULL;
  g_autofree char *when = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *uid = NULL;
  g_autofree char *manage = NULL;
  g_autofree char *intake = NULL;
  g_autofree char *message = NULL;
  SpaServerStorage *storage;
  const char *email;
  gboolean french;
  SpaIcalEvent event = { 0 };
  SpaMailParts parts = { 0 };

  if (client == NULL || spa_record_get_deleted (client) || starts == NULL)
    return TRUE;
  email = spa_record_get_string (client, "email");
  if (!spa_mail_address_is_valid (email) ||
      !spa_client_get_reminder_opt_in (client))
    return TRUE;
  french = spa_client_wants_french (client);
  if (spa_str_empty (spa_name))
    {
      g_free (spa_name);
      spa_name = g_strdup ("Spa Desk");
    }

  service = spa_store_get (store, "service", spa_record_get_string (booking, "service_id"), NULL);
  therapist = spa_store_get (store, "therapist",
                             spa_record_get_string (booking, "therapist_id"), NULL);
  first_name = record_string (client, "first_name");
  full_name = g_strjoin (" ", first_name, spa_record_get_string (client, "last_name")
                         ? spa_record_get_string (client, "last_name") : "", NULL);
  service_name = record_string (service, "name");
  therapist_name = record_string (therapist, "name");
  when = spa_public_format_when (french, spa_schedule_get_time_zone (store), starts);
  subject = spa_public_fill (spa_public_translate (french, kinds[kind].subject), spa_name);

  /* The link opens the booking's page (confirm, change, cancel), or after a visit the
   * booking page on the same treatment and therapist; only with a public address, since
   * a path alone leads nowhere from a mailbox. */
  if (link != NULL)
    manage = g_strdup (link);
  else if (kind == MAIL_THANK_YOU && !spa_str_empty (public_url))
    manage = rebook_url (store, booking, french);
  else if (kinds[kind].link != NULL && kind != MAIL_OFFER && !spa_str_empty (public_url))
    {
      manage = spa_public_new_manage_url (store, booking, error);
      if (manage == NULL)
        return FALSE;
    }
  /* The health form can be filled at home before the visit, as the booking page
   * offers; whichever link sends it, the booking gets one intake. */
  if (kind == MAIL_CONFIRMATION && manage != NULL)
    {
      intake = spa_public_new_intake_url (store, booking, error);
      if (intake == NULL)
        return FALSE;
    }

  g_string_append_printf (html, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
                                "<title>", french ? "fr" : "en");
  {
    g_autofree char *escaped = g_markup_escape_text (subject, -1);

    g_autofree char *name = g_markup_escape_text (spa_name, -1);

    /* Inline styles only: mail programs drop style sheets. */
    g_string_append_printf (html,
                            "%s</title></head>\n"
                            "<body style=\"margin: 0; padding: 24px 12px; background: #f4f1ec; "
                            "font-family: Cantarell, 'Segoe UI', Helvetica, Arial, sans-serif; "
                            "font-size: 16px; line-height: 1.5; color: #2e3436\">\n"
                            "<div style=\"max-width: 560px; margin: 0 auto; background: #ffffff; "
                            "border-radius: 12px; border-top: 6px solid %s; "
                            "padding: 20px 28px 12px\">\n"
                            "<h1 style=\"margin: 0 0 18px; font-size: 21px; color: %s\">%s</h1>\n",
                            escaped, accent, accent, name);
  }
  add_line (text, html, accent, french, N_("Hello %s,"), first_name, FALSE);
  add_line (text, html, accent, french, kinds[kind].intro, NULL, FALSE);
  /* A pixel of padding below, or the last paragraph's margin would collapse out of the
   * box and leave its last line on the edge. */
  g_string_append (html, "<div style=\"background: #f4f1ec; border-radius: 8px; "
                         "padding: 14px 16px 1px; margin: 0 0 16px\">\n");
  add_line (text, html, accent, french, N_("Treatment: %s"), service_name, FALSE);
  if (*therapist_name)
    add_line (text, html, accent, french, N_("Therapist: %s"), therapist_name, FALSE);
  add_line (text, html, accent, french, N_("When: %s"), when, FALSE);
  g_string_append (html, "</div>\n");
  if (manage != NULL)
    add_line (text, html, accent, french, kinds[kind].link, manage, TRUE);
  if (intake != NULL)
    add_line (text, html, accent, french,
              N_("Before your visit, you can fill in your health form here: %s"), intake, TRUE);
  if (kind == MAIL_CONFIRMATION || kind == MAIL_REMINDER)
    add_line (text, html, accent, french, N_("The attached file adds it to your calendar."), NULL,
              FALSE);
  add_line (text, html, accent, french, N_("See you soon,"), NULL, FALSE);
  add_line (text, html, accent, french, "%s", spa_name, FALSE);
  g_string_append (html, "</div>\n</body></html>\n");

  uid = g_strconcat (spa_record_get_id (booking), "@spa-desk", NULL);
  summary = g_strdup_printf ("%s – %s", service_name, spa_name);
  event.uid = uid;
  event.starts_at = spa_record_get_string (booking, "starts_at");
  event.ends_at = spa_record_get_string (booking, "ends_at");
  event.summary = summary;
  event.description = manage;
  event.status = kind == MAIL_CANCELLATION ? "CANCELLED" : "CONFIRMED";
  event.organizer = from;
  event.organizer_name = spa_name;
  event.attendee = email;
  event.attendee_name = full_name;
  /* Later messages about the booking replace earlier ones in a calendar. */
  event.sequence = (guint)MIN (spa_record_get_version (booking), G_MAXUINT);
  if (attach)
    {
      spa_ical_begin_calendar (calendar, kind == MAIL_CANCELLATION ? "CANCEL" : "REQUEST",
                               NULL);
      if (!spa_ical_append_event (calendar, &event, now))
        return TRUE;
      spa_ical_end_calendar (calendar);
    }

  parts.kind = kinds[kind].name;
  parts.from = from;
  parts.from_name = spa_name;
  parts.to = email;
  parts.to_name = full_name;
  parts.subject = subject;
  parts.language = french ? "fr" : "en";
  parts.text = text->str;
  parts.html = html->str;
  parts.calendar = attach ? calendar->str : NULL;
  parts.method = kind == MAIL_CANCELLATION ? "CANCEL" : "REQUEST";
  message = spa_mail_compose (&parts, now_dt);

  storage = spa_server_storage_get (store);
  return storage->klass->add_mail (storage, kinds[kind].name, key, spa_record_get_id (booking),
                                   spa_record_get_id (client), email, message, now, error);
}

static gboolean
enqueue (SpaStore    *store,
         MailKind     kind,
         const char  *key,
         SpaRecord   *booking,
         GError     **error)
{
  return enqueue_to (store, kind, key, booking, NULL, NULL, error);
}

static gboolean
is_active (const char *status)
{
  return g_strcmp0 (status, "booked") == 0 || g_strcmp0 (status, "confirmed") == 0 ||
         g_strcmp0 (status, "checked_in") == 0;
}

/**
 * spa_server_mail_booking_written:
 *
 * Queues what a booking's write calls for, in the write's transaction: a confirmation
 * for a booking to come (once per booking, whatever happens after), a cancellation for
 * one cancelled or deleted after its confirmation. Nothing when mail is off.
 */
gboolean
spa_server_mail_booking_written (SpaStore    *store,
                                 SpaRecord   *booking,
                                 GError     **error)
{
  const char *id = spa_record_get_id (booking);
  g_autofree char *now = NULL;
  g_autofree char *confirmation = NULL;
  g_autofree char *cancellation = NULL;
  gboolean confirmed = FALSE;
  gboolean cancelled = FALSE;

  if (g_object_get_data (G_OBJECT (store), "spa-mail-from") == NULL)
    return TRUE;

  now = spa_store_now_utc (store);
  confirmation = g_strconcat ("confirmation:", id, NULL);
  cancellation = g_strconcat ("cancellation:", id, NULL);
  if (!spa_record_get_deleted (booking) && is_active (spa_record_get_string (booking, "status")) &&
      g_strcmp0 (spa_record_get_string (booking, "starts_at"), now) > 0)
    {
      if (!has_mail (store, confirmation, &confirmed, error))
        return FALSE;
      if (!confirmed)
        return enqueue (store, MAIL_CONFIRMATION, confirmation, booking, error);
      return TRUE;
    }
  if ((spa_record_get_deleted (booking) ||
       g_strcmp0 (spa_record_get_string (booking, "status"), "cancelled") == 0) &&
      (!has_mail (store, confirmation, &confirmed, error) ||
       (confirmed && !has_mail (store, cancellation, &cancelled, error)) ||
       (confirmed && !cancelled &&
        !enqueue (store, MAIL_CANCELLATION, cancellation, booking, error))))
    return FALSE;
  /* A time still to come, freed: offered to the clients waiting for one like it. */
  if ((spa_record_get_deleted (booking) ||
       g_strcmp0 (spa_record_get_string (booking, "status"), "cancelled") == 0) &&
      g_strcmp0 (spa_record_get_string (booking, "starts_at"), now) > 0)
    return spa_server_waitlist_offer_freed (store, booking, error);
  return TRUE;
}

/**
 * spa_server_mail_queue_offer:
 * @key: the message's dedupe key
 * @freed: the cancelled booking whose time is offered
 * @client_id: the waiting client
 * @link: (nullable): the offer's secret link; %NULL for the "it has gone" message
 *
 * Queues a waitlist offer, or with no @link the message saying the time was taken, in
 * the caller's transaction.
 */
gboolean
spa_server_mail_queue_offer (SpaStore    *store,
                             const char  *key,
                             SpaRecord   *freed,
                             const char  *client_id,
                             const char  *link,
                             GError     **error)
{
  if (g_object_get_data (G_OBJECT (store), "spa-mail-from") == NULL)
    return TRUE;
  return enqueue_to (store, link ? MAIL_OFFER : MAIL_GONE, key, freed, client_id, link, error);
}

/**
 * spa_server_mail_reaches:
 * @client_id: a client
 *
 * Returns: whether the client's messages are sent: an address, not opted out
 */
gboolean
spa_server_mail_reaches (SpaStore   *store,
                         const char *client_id)
{
  g_autoptr(SpaRecord) client = spa_store_get (store, "client", client_id, NULL);

  return client != NULL && !spa_record_get_deleted (client) &&
         spa_mail_address_is_valid (spa_record_get_string (client, "email")) &&
         spa_client_get_reminder_opt_in (client);
}

/**
 * spa_server_mail_is_enabled:
 *
 * Returns: whether @store's writes queue e-mails
 */
gboolean
spa_server_mail_is_enabled (SpaStore *store)
{
  return g_object_get_data (G_OBJECT (store), "spa-mail-from") != NULL;
}

static gint64
setting_hours (SpaStore   *store,
               const char *key,
               gint64      fallback)
{
  g_autofree char *value = spa_public_get_setting (store, key);
  guint64 hours;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 1, 24 * 60, &hours, NULL))
    return fallback;
  return hours;
}

/* @kind's message for each booking of @ids (read in the store: on PostgreSQL the
 * working copy; %NULL: the store failed, @error set) whose key, @prefix and its id,
 * the queue (the storage's) has not yet: the ids read first and the queue asked once
 * for them all, so a round that finds everything queued reads no whole booking. */
static gboolean
enqueue_unqueued (SpaStore    *store,
                  MailKind     kind,
                  const char  *prefix,
                  GPtrArray   *ids,
                  GError     **error)
{
  SpaServerStorage *storage = spa_server_storage_get (store);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) queued = NULL;

  if (ids == NULL)
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    g_ptr_array_add (keys, g_strconcat (prefix, ids->pdata[i], NULL));
  if (keys->len == 0)
    return TRUE;
  queued = storage->klass->queued_keys (storage, (const char * const *)keys->pdata, keys->len,
                                        error);
  if (queued == NULL)
    return FALSE;
  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = keys->pdata[i];
      g_autoptr(SpaRecord) booking = NULL;

      if (g_hash_table_contains (queued, key))
        continue;
      booking = spa_store_get (store, "booking", key + strlen (prefix), NULL);
      if (booking != NULL && !enqueue (store, kind, key, booking, error))
        return FALSE;
    }
  return TRUE;
}

/* Reminders @hours before, for the bookings made before that time came. */
static gboolean
schedule_reminders (SpaStore    *store,
                    const char  *prefix,
                    gint64       hours,
                    GError     **error)
{
  g_autofree char *now = spa_store_now_utc (store);
  g_autoptr(GDateTime) now_dt = spa_time_parse_utc (now);
  g_autoptr(GDateTime) until_dt = g_date_time_add_hours (now_dt, hours);
  g_autofree char *until = spa_time_format_utc (until_dt);
  g_autoptr(GPtrArray) ids = spa_schedule_bookings_to_remind (store, now, until, hours, error);

  return enqueue_unqueued (store, MAIL_REMINDER, prefix, ids, error);
}

/* A thank-you @hours after a completed visit ends. Visits that ended more than a week
 * before that are left alone, so turning the setting on does not write to every client
 * the spa ever had. */
static gboolean
schedule_thanks (SpaStore    *store,
                 gint64       hours,
                 GError     **error)
{
  g_autofree char *now = spa_store_now_utc (store);
  g_autoptr(GDateTime) now_dt = spa_time_parse_utc (now);
  g_autoptr(GDateTime) until_dt = g_date_time_add_hours (now_dt, -hours);
  g_autoptr(GDateTime) since_dt = g_date_time_add_days (until_dt, -7);
  g_autofree char *until = spa_time_format_utc (until_dt);
  g_autofree char *since = spa_time_format_utc (since_dt);
  g_autoptr(GPtrArray) ids = spa_schedule_visits_ended (store, since, until, error);

  return enqueue_unqueued (store, MAIL_THANK_YOU, "thank_you:", ids, error);
}

/**
 * spa_server_mail_schedule:
 *
 * Queues the reminders that have come due (the reminder_hours setting before the
 * booking, 24 by default; a second one at second_reminder_hours when set) and the
 * thank-yous (thank_you_hours after a completed visit, when set), and puts back the
 * waitlist entries whose offered time has gone (spa_server_waitlist_settle_lapsed()),
 * in one transaction.
 */
gboolean
spa_server_mail_schedule (SpaStore  *store,
                          GError   **error)
{
  gint64 second = setting_hours (store, "second_reminder_hours", 0);
  gint64 thanks = setting_hours (store, "thank_you_hours", 0);

  SpaServerStorage *storage = spa_server_storage_get (store);

  if (g_object_get_data (G_OBJECT (store), "spa-mail-from") == NULL)
    return TRUE;
  /* Under the writers' lock, on what every process has committed: two processes
   * scheduling at once queue each message once. */
  if (!spa_server_storage_begin (storage, error))
    return FALSE;
  if (!schedule_reminders (store, "reminder:",
                           setting_hours (store, "reminder_hours",
                                          SPA_MAIL_DEFAULT_REMINDER_HOURS), error) ||
      (second > 0 && !schedule_reminders (store, "reminder2:", second, error)) ||
      (thanks > 0 && !schedule_thanks (store, thanks, error)) ||
      !spa_server_waitlist_settle_lapsed (store, error))
    {
      spa_server_storage_rollback (storage);
      return FALSE;
    }
  return spa_server_storage_commit (storage, error);
}

/**
 * spa_server_mail_recover:
 *
 * A message left sending by a process that stopped (a crash, kill -9, its connection to
 * PostgreSQL lost) or whose lease has ended was cut off and may have reached the SMTP
 * server; it is marked interrupted and never sent again. Another live process's sends
 * are left alone. At start, and whenever the scheduler wakes.
 */
gboolean
spa_server_mail_recover (SpaStore  *store,
                         GError   **error)
{
  SpaServerStorage *storage = spa_server_storage_get (store);
  g_autofree char *now = spa_store_now_utc (store);

  return storage->klass->recover_mail (storage, now,
                                       "the server stopped while sending it: it may have been "
                                       "sent, and is not sent again", error);
}

/**
 * spa_server_mail_list:
 * @status: (nullable): only the messages in this state
 *
 * Returns: (transfer full): `{"messages": [{"id", "kind", "booking_id", "recipient",
 *   "status", "attempts", "last_error", "created_at", "sent_at", "next_attempt_at"}]}`,
 *   newest first, at most 500
 */
JsonNode *
spa_server_mail_list (SpaStore    *store,
                      const char  *status,
                      GError     **error)
{
  SpaServerStorage *storage = spa_server_storage_get (store);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) rows = NULL;
  static const char * const columns[] = {
    "id", "kind", "booking_id", "recipient", "status", "attempts", "last_error",
    "created_at", "sent_at", "next_attempt_at",
  };
  const guint n_columns = G_N_ELEMENTS (columns) + 1;   /* and the message */

  rows = storage->klass->list_mail (storage, status, error);
  if (rows == NULL)
    return NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  for (guint row = 0; row + n_columns <= rows->len; row += n_columns)
    {
      const char * const *values = (const char * const *)rows->pdata + row;
      g_autofree char *subject = spa_mail_read_subject (values[10]);

      json_builder_begin_object (builder);
      for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
        {
          json_builder_set_member_name (builder, columns[i]);
          if (values[i] == NULL)
            json_builder_add_null_value (builder);
          else if (i == 0 || i == 5)   /* id, attempts */
            json_builder_add_int_value (builder, g_ascii_strtoll (values[i], NULL, 10));
          else
            json_builder_add_string_value (builder, values[i]);
        }
      json_builder_set_member_name (builder, "subject");
      if (subject != NULL)
        json_builder_add_string_value (builder, subject);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* ---- the sender ---- */

struct _SpaMailSender
{
  SpaStore      *store;
  GMutex        *store_lock;
  SpaMailConfig *config;
  char          *owner;   /* this process's claims */
  GThread       *thread;
  GMutex         lock;
  GCond          cond;
  gboolean       stopping;
  gboolean       woken;
};

typedef struct
{
  gint64  id;
  char   *recipient;
  char   *message;
  gint64  attempts;
} Claimed;

static void
claimed_clear (Claimed *claimed)
{
  g_clear_pointer (&claimed->recipient, g_free);
  g_clear_pointer (&claimed->message, g_free);
}

/* A claim's lease: longer than a send can last (libcurl's connect and transfer
 * timeouts), after which another process's recovery may mark the message interrupted. */
#define LEASE_SECONDS (10 * 60)

/* The oldest due message, marked sending for @owner and committed before anything is
 * sent. */
static gboolean
claim (SpaStore   *store,
       const char *owner,
       Claimed    *claimed)
{
  SpaServerStorage *storage = spa_server_storage_get (store);
  g_autoptr(GError) error = NULL;
  g_autofree char *now = spa_store_now_utc (store);
  g_autoptr(GDateTime) now_dt = spa_time_parse_utc (now);
  g_autoptr(GDateTime) lease_dt = g_date_time_add_seconds (now_dt, LEASE_SECONDS);
  g_autofree char *lease = spa_time_format_utc (lease_dt);

  if (!storage->klass->claim_mail (storage, owner, now, lease, &claimed->id,
                                   &claimed->recipient, &claimed->message, &claimed->attempts,
                                   &error))
    {
      g_warning ("could not take a message from the mail queue: %s", error->message);
      claimed_clear (claimed);
      return FALSE;
    }
  return claimed->id != 0;
}

typedef enum
{
  OUTCOME_SENT,
  OUTCOME_TEMPORARY,
  OUTCOME_PERMANENT,
} Outcome;

typedef struct
{
  const char *data;
  gsize       length;
  gsize       offset;
} Reader;

static size_t
read_cb (char   *buffer,
         size_t  size,
         size_t  count,
         void   *data)
{
  Reader *reader = data;
  gsize n = MIN (size * count, reader->length - reader->offset);

  memcpy (buffer, reader->data + reader->offset, n);
  reader->offset += n;
  return n;
}

static Outcome
send_message (SpaMailConfig  *config,
              Claimed        *claimed,
              char          **reason)
{
  CURL *curl = curl_easy_init ();
  struct curl_slist *recipients = NULL;
  Reader reader = { claimed->message, strlen (claimed->message), 0 };
  char errors[CURL_ERROR_SIZE] = "";
  g_autofree char *from = g_strdup_printf ("<%s>", config->from);
  CURLcode result;
  long code = 0;

  if (curl == NULL)
    {
      *reason = g_strdup ("libcurl could not start");
      return OUTCOME_TEMPORARY;
    }
  recipients = curl_slist_append (NULL, claimed->recipient);
  curl_easy_setopt (curl, CURLOPT_URL, config->url);
  curl_easy_setopt (curl, CURLOPT_MAIL_FROM, from);
  curl_easy_setopt (curl, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt (curl, CURLOPT_READFUNCTION, read_cb);
  curl_easy_setopt (curl, CURLOPT_READDATA, &reader);
  curl_easy_setopt (curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, 30L);
  curl_easy_setopt (curl, CURLOPT_TIMEOUT, 120L);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, errors);
  /* smtps:// is TLS from the start; on smtp://, STARTTLS is required except on this
   * machine (a relay or a test server on loopback). */
  if (g_str_has_prefix (config->url, "smtp://"))
    curl_easy_setopt (curl, CURLOPT_USE_SSL, config->loopback ? (long)CURLUSESSL_TRY
                                                              : (long)CURLUSESSL_ALL);
  if (config->password != NULL)
    curl_easy_setopt (curl, CURLOPT_PASSWORD, config->password);
  if (config->ca_file != NULL)
    curl_easy_setopt (curl, CURLOPT_CAINFO, config->ca_file);

  result = curl_easy_perform (curl);
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &code);
  curl_slist_free_all (recipients);
  curl_easy_cleanup (curl);

  if (result == CURLE_OK)
    return OUTCOME_SENT;
  *reason = g_strdup_printf ("%s%s%s (SMTP %ld)", curl_easy_strerror (result),
                             *errors ? ": " : "", errors, code);
  g_strchomp (*reason);
  /* 5xx is the SMTP server's "never": a bad address, a refused sender. */
  return code >= 500 && code < 600 ? OUTCOME_PERMANENT : OUTCOME_TEMPORARY;
}

static void
record_outcome (SpaStore   *store,
                const char *owner,
                Claimed    *claimed,
                Outcome     outcome,
                const char *reason)
{
  SpaServerStorage *storage = spa_server_storage_get (store);
  g_autoptr(GError) error = NULL;
  g_autofree char *now = spa_store_now_utc (store);
  g_autofree char *retry_value = spa_public_get_setting (store, "mail_retry_seconds");
  guint64 base = DEFAULT_RETRY_SECONDS;
  g_autofree char *next = NULL;

  if (retry_value != NULL)
    g_ascii_string_to_unsigned (retry_value, 10, 1, SPA_MAIL_MAX_RETRY_WAIT, &base, NULL);
  if (outcome == OUTCOME_TEMPORARY && claimed->attempts >= SPA_MAIL_MAX_ATTEMPTS)
    outcome = OUTCOME_PERMANENT;

  if (outcome == OUTCOME_TEMPORARY)
    {
      gint64 wait = base << MIN (claimed->attempts - 1, 20);
      g_autoptr(GDateTime) now_dt = spa_time_parse_utc (now);
      g_autoptr(GDateTime) next_dt = g_date_time_add_seconds (now_dt,
                                                              MIN (wait, SPA_MAIL_MAX_RETRY_WAIT));

      next = spa_time_format_utc (next_dt);
    }
  if (storage->klass->finish_mail (storage, claimed->id, owner,
                                   outcome == OUTCOME_SENT ? "sent"
                                   : outcome == OUTCOME_PERMANENT ? "failed" : "pending",
                                   outcome == OUTCOME_SENT ? now : next,
                                   outcome == OUTCOME_SENT ? NULL : reason, &error))
    return;

  /* Left sending: recovery marks it interrupted, never sends it twice. */
  g_warning ("could not record the outcome of message %" G_GINT64_FORMAT ": %s", claimed->id,
             error->message);
}

static gpointer
sender_thread (gpointer data)
{
  SpaMailSender *self = data;
  gint64 next_schedule = 0;

  g_mutex_lock (&self->lock);
  while (!self->stopping)
    {
      Claimed claimed = { 0 };
      gboolean found;

      g_mutex_unlock (&self->lock);

      g_mutex_lock (self->store_lock);
      if (g_get_monotonic_time () >= next_schedule)
        {
          g_autoptr(GError) error = NULL;

          if (!spa_server_mail_schedule (self->store, &error))
            g_warning ("could not queue the reminders: %s", error->message);
          g_clear_error (&error);
          /* A process that stopped while sending (another one, on PostgreSQL). */
          if (!spa_server_mail_recover (self->store, &error))
            g_warning ("could not look for interrupted messages: %s", error->message);
          next_schedule = g_get_monotonic_time () + SCHEDULE_INTERVAL_US;
        }
      found = claim (self->store, self->owner, &claimed);
      g_mutex_unlock (self->store_lock);

      if (found)
        {
          g_autofree char *reason = NULL;
          Outcome outcome = send_message (self->config, &claimed, &reason);

          if (outcome != OUTCOME_SENT)
            g_message ("message %" G_GINT64_FORMAT " to %s not sent: %s", claimed.id,
                       claimed.recipient, reason);
          g_mutex_lock (self->store_lock);
          record_outcome (self->store, self->owner, &claimed, outcome, reason);
          g_mutex_unlock (self->store_lock);
          claimed_clear (&claimed);
        }

      g_mutex_lock (&self->lock);
      if (!found && !self->woken && !self->stopping)
        g_cond_wait_until (&self->cond, &self->lock, g_get_monotonic_time () + POLL_INTERVAL_US);
      self->woken = FALSE;
    }
  g_mutex_unlock (&self->lock);
  return NULL;
}

/**
 * spa_mail_sender_start:
 * @config: (transfer full): how to reach the SMTP server
 *
 * Marks messages a crash left sending as interrupted, then sends the queue on a thread
 * of its own, taking @store_lock only to read and write the queue.
 *
 * Returns: (transfer full): the running sender
 */
SpaMailSender *
spa_mail_sender_start (SpaStore      *store,
                       GMutex        *store_lock,
                       SpaMailConfig *config)
{
  SpaMailSender *self = g_new0 (SpaMailSender, 1);
  g_autoptr(GError) error = NULL;

  /* Not thread-safe: once, before any thread uses libcurl. */
  curl_global_init (CURL_GLOBAL_DEFAULT);
  self->store = g_object_ref (store);
  self->store_lock = store_lock;
  self->config = config;
  self->owner = g_strdup_printf ("%s/%d/%08x", g_get_host_name (), (int)getpid (),
                                 g_random_int ());
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);

  g_mutex_lock (store_lock);
  spa_server_mail_enable (store, config->from);
  if (!spa_server_mail_recover (store, &error))
    g_warning ("could not look for interrupted messages: %s", error->message);
  g_mutex_unlock (store_lock);

  self->thread = g_thread_new ("spa-mail-sender", sender_thread, self);
  return self;
}

void
spa_mail_sender_wake (SpaMailSender *self)
{
  g_mutex_lock (&self->lock);
  self->woken = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

/**
 * spa_mail_sender_stop:
 *
 * Lets a message being sent finish and record its outcome, then stops and frees.
 */
void
spa_mail_sender_stop (SpaMailSender *self)
{
  if (self == NULL)
    return;
  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
  g_thread_join (self->thread);
  g_object_unref (self->store);
  spa_mail_config_free (self->config);
  g_free (self->owner);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self);
}
