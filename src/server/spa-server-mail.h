/* spa-server-mail.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "spa-store.h"

G_BEGIN_DECLS

/* Retries of a temporary failure: the wait doubles from the mail_retry_seconds setting,
 * up to this, and a message still not accepted after SPA_MAIL_MAX_ATTEMPTS fails. */
#define SPA_MAIL_MAX_RETRY_WAIT   (60 * 60)
#define SPA_MAIL_MAX_ATTEMPTS     12
#define SPA_MAIL_DEFAULT_REMINDER_HOURS 24

/* One message's parts (spa-server-mail-message.c). */
typedef struct
{
  const char *kind;        /* confirmation, reminder, cancellation, thank_you */
  const char *from;
  const char *from_name;
  const char *to;
  const char *to_name;
  const char *subject;
  const char *language;    /* en or fr */
  const char *text;
  const char *html;
  const char *calendar;    /* the iCalendar attachment, or NULL for none */
  const char *method;      /* its METHOD: REQUEST or CANCEL */
} SpaMailParts;

gboolean  spa_mail_address_is_valid       (const char          *address);
char     *spa_mail_compose                (const SpaMailParts  *parts,
                                           GDateTime           *date);
char     *spa_mail_read_subject           (const char          *message);

/* How the server reaches its SMTP server (the command line's --smtp and kin). */
typedef struct _SpaMailConfig SpaMailConfig;

SpaMailConfig *spa_mail_config_new       (const char          *url,
                                           const char          *from,
                                           const char          *password,
                                           GError             **error);
void      spa_mail_config_free            (SpaMailConfig       *config);
void      spa_mail_config_set_ca_file     (SpaMailConfig       *config,
                                           const char          *ca_file);

/* The queue (spa-server-mail.c), under the store lock. */
void      spa_server_mail_enable          (SpaStore            *store,
                                           const char          *from);
gboolean  spa_server_mail_booking_written (SpaStore            *store,
                                           SpaRecord           *booking,
                                           GError             **error);
gboolean  spa_server_mail_queue_offer     (SpaStore            *store,
                                           const char          *key,
                                           SpaRecord           *freed,
                                           const char          *client_id,
                                           const char          *link,
                                           GError             **error);
gboolean  spa_server_mail_is_enabled      (SpaStore            *store);
gboolean  spa_server_mail_reaches         (SpaStore            *store,
                                           const char          *client_id);
gboolean  spa_server_mail_schedule        (SpaStore            *store,
                                           GError             **error);
gboolean  spa_server_mail_recover         (SpaStore            *store,
                                           GError             **error);
JsonNode *spa_server_mail_list            (SpaStore            *store,
                                           const char          *status,
                                           GError             **error);

/* The waitlist's offers (spa-server-mail-waitlist.c), under the store lock. */
typedef enum
{
  SPA_WAITLIST_OFFER_UNKNOWN,   /* no such live link */
  SPA_WAITLIST_OFFER_OPEN,      /* the time is still to be had */
  SPA_WAITLIST_OFFER_TAKEN,     /* someone else took it, or it is no longer free */
  SPA_WAITLIST_OFFER_BOOKED,    /* this link booked it */
  SPA_WAITLIST_OFFER_PASSED,    /* the time began with nobody taking it */
} SpaWaitlistOfferState;

gboolean  spa_server_waitlist_offer_freed (SpaStore            *store,
                                           SpaRecord           *freed,
                                           GError             **error);
gboolean  spa_server_waitlist_settle_lapsed (SpaStore          *store,
                                             GError           **error);
SpaRecord *spa_server_waitlist_open       (SpaStore            *store,
                                           const char          *secret,
                                           SpaWaitlistOfferState *state);
SpaRecord *spa_server_waitlist_accept     (SpaStore            *store,
                                           const char          *secret,
                                           SpaWaitlistOfferState *state,
                                           GError             **error);

/* The sender: a thread of its own, off the store lock while it talks SMTP. */
typedef struct _SpaMailSender SpaMailSender;

SpaMailSender *spa_mail_sender_start      (SpaStore            *store,
                                           GMutex              *store_lock,
                                           SpaMailConfig       *config);
void      spa_mail_sender_wake            (SpaMailSender       *sender);
void      spa_mail_sender_stop            (SpaMailSender       *sender);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpaMailConfig, spa_mail_config_free)

G_END_DECLS
