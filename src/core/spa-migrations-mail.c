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
