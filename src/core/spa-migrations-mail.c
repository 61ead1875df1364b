/* spa-migrations-mail.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-migrations"

#include "config.h"

#include "spa-migrations.h"

/*
 * What the spa server sends and publishes on its own (docs/reminders.md). The server
 * tables stay empty on desks, like migration 4's.
 */

/* Therapists' calendar feeds: a secret in the URL instead of a token in a header, which
 * calendar apps never send. Only the secret's SHA-256 is kept; a revoked feed keeps its
 * row (revoked_at) so that the feed answers 404 like an unknown one. */
const char spa_migration_40_sql[] =
  "CREATE TABLE server_calendar_feed ("
  "  token_hash TEXT PRIMARY KEY,"
  "  therapist_id TEXT NOT NULL,"
  "  created_at TEXT NOT NULL,"
  "  revoked_at TEXT"
  ") WITHOUT ROWID;"
  "CREATE INDEX server_calendar_feed_therapist ON server_calendar_feed (therapist_id);";

/* E-mail to clients: whether they get the transactional mail (confirmations,
 * reminders; true unless false) and the language it is written in (en or fr), both
 * synced; and the server's outgoing messages, each written in the same transaction as
 * what caused it (a booking, a reminder coming due). A message is sent at most once:
 * it is marked sending (and committed) before the SMTP server is contacted, and a row
 * found sending after a crash is never sent again (docs/reminders.md). dedupe_key
 * makes "one confirmation per booking" a constraint, not a hope. */
const char spa_migration_41_sql[] =
  "ALTER TABLE client ADD COLUMN reminder_opt_in INTEGER DEFAULT 1;"
  "ALTER TABLE client ADD COLUMN language TEXT;"
  "CREATE TABLE server_mail ("
  "  id INTEGER PRIMARY KEY,"
  "  kind TEXT NOT NULL,"
  "  dedupe_key TEXT NOT NULL UNIQUE,"
  "  booking_id TEXT,"
  "  client_id TEXT,"
  "  recipient TEXT NOT NULL,"
  "  message TEXT NOT NULL,"
  "  status TEXT NOT NULL DEFAULT 'pending'"
  "    CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'interrupted')),"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  next_attempt_at TEXT NOT NULL,"
  "  last_error TEXT,"
  "  created_at TEXT NOT NULL,"
  "  sent_at TEXT"
  ");"
  "CREATE INDEX server_mail_due ON server_mail (status, next_attempt_at);";

/* The waitlist's offers (docs/waitlist.md): when a booking is cancelled, each matching
 * waiting client gets an e-mail with a one-use secret link (only its SHA-256 kept).
 * The offers for one freed time share freed_booking_id; the first accepted has outcome
 * booked and names the booking, and the others can no longer take it. */
const char spa_migration_44_sql[] =
  "CREATE TABLE server_waitlist_offer ("
  "  token_hash TEXT PRIMARY KEY,"
  "  freed_booking_id TEXT NOT NULL,"
  "  entry_id TEXT NOT NULL,"
  "  client_id TEXT NOT NULL,"
  "  created_at TEXT NOT NULL,"
  "  expires_at TEXT NOT NULL,"
  "  used_at TEXT,"
  "  outcome TEXT CHECK (outcome IN ('booked', 'gone')),"
  "  booking_id TEXT"
  ") WITHOUT ROWID;"
  "CREATE INDEX server_waitlist_offer_freed ON server_waitlist_offer (freed_booking_id);";

/* The waitlist entry's offer, for the desks: the start of the time the server last
 * offered the client by e-mail, a synced field the server writes with the entry's
 * status (offered, then booked through the offer or back to waiting). */
const char spa_migration_46_sql[] =
  "ALTER TABLE waitlist_entry ADD COLUMN offer_starts_at TEXT;";
