/* spa-server-pg-schema.h: the server's schema on PostgreSQL, as numbered migrations
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Only spa-server-storage-pg.c includes this. Its own numbering, kept in
 * spa_meta.schema_version; a migration is never edited once released, a change is a
 * new one at the end. Records are generic: one row per (entity, id) with the record's
 * JSON, so a new entity needs no migration here.
 */

#pragma once

static const char * const spa_server_pg_migrations[] = {
  /* 1: records, field versions, the change log, devices and their results, users. */
  "CREATE TABLE spa_record ("
  "  entity text NOT NULL,"
  "  id text NOT NULL,"
  "  version bigint NOT NULL,"
  "  deleted boolean NOT NULL DEFAULT false,"
  /* json, not jsonb: the text as written, byte for byte (a signed note's hash covers
   * its JSON fields, whose key order jsonb would change). */
  "  record json NOT NULL,"
  "  PRIMARY KEY (entity, id)"
  ");"
  "CREATE UNIQUE INDEX spa_record_version ON spa_record (version);"
  "CREATE TABLE spa_field ("
  "  entity text NOT NULL,"
  "  record_id text NOT NULL,"
  "  field text NOT NULL,"
  "  version bigint NOT NULL,"
  "  device_id text,"
  "  PRIMARY KEY (entity, record_id, field)"
  ");"
  "CREATE INDEX spa_field_version ON spa_field (version);"
  "CREATE SEQUENCE spa_change_seq;"
  "CREATE TABLE spa_change ("
  "  seq bigint PRIMARY KEY DEFAULT nextval ('spa_change_seq'),"
  "  entity text NOT NULL,"
  "  record_id text NOT NULL,"
  "  device_id text,"
  "  mutation_id bigint NOT NULL DEFAULT 0"
  ");"
  "ALTER SEQUENCE spa_change_seq OWNED BY spa_change.seq;"
  "CREATE INDEX spa_change_record ON spa_change (entity, record_id);"
  "CREATE TABLE spa_device ("
  "  device_id text PRIMARY KEY,"
  "  user_name text,"
  "  last_mutation_id bigint NOT NULL DEFAULT 0"
  ");"
  "CREATE TABLE spa_result ("
  "  device_id text NOT NULL,"
  "  mutation_id bigint NOT NULL,"
  "  result text NOT NULL,"
  "  PRIMARY KEY (device_id, mutation_id)"
  ");"
  "CREATE TABLE spa_user ("
  "  name text PRIMARY KEY,"
  "  role text NOT NULL CHECK (role IN ('manager', 'therapist', 'front_desk')),"
  "  token_hash text NOT NULL UNIQUE,"
  "  created_at text NOT NULL,"
  "  revoked_at text,"
  "  therapist_id text,"
  "  pin_hash text,"
  "  sign_salt text,"
  "  sign_key text"
  ");",

  /* 2: audit events are append-only here too, whoever writes (docs/audit.md): the same
   * fields the desk's triggers keep (core migration 51), for someone with psql. */
  "CREATE FUNCTION spa_audit_event_unchanged () RETURNS trigger LANGUAGE plpgsql AS $$"
  " BEGIN"
  "  IF TG_OP = 'DELETE' THEN"
  "   RAISE EXCEPTION 'audit events cannot be deleted';"
  "  END IF;"
  "  IF OLD.deleted IS DISTINCT FROM NEW.deleted OR OLD.id IS DISTINCT FROM NEW.id"
  "     OR NEW.entity IS DISTINCT FROM 'audit_event'"
  "     OR OLD.record->>'occurred_at' IS DISTINCT FROM NEW.record->>'occurred_at'"
  "     OR OLD.record->>'actor_id' IS DISTINCT FROM NEW.record->>'actor_id'"
  "     OR OLD.record->>'actor_name' IS DISTINCT FROM NEW.record->>'actor_name'"
  "     OR OLD.record->>'desk_id' IS DISTINCT FROM NEW.record->>'desk_id'"
  "     OR OLD.record->>'client_id' IS DISTINCT FROM NEW.record->>'client_id'"
  "     OR OLD.record->>'action' IS DISTINCT FROM NEW.record->>'action'"
  "     OR OLD.record->>'detail' IS DISTINCT FROM NEW.record->>'detail' THEN"
  "   RAISE EXCEPTION 'audit events cannot be changed';"
  "  END IF;"
  "  RETURN NEW;"
  " END $$;"
  "CREATE TRIGGER spa_audit_event_unchanged BEFORE UPDATE OR DELETE ON spa_record"
  "  FOR EACH ROW WHEN (OLD.entity = 'audit_event')"
  "  EXECUTE FUNCTION spa_audit_event_unchanged ();",

  /* 3: the server's own settings and therapists' secret calendar feeds (the SQLite
   * server's server_setting and server_calendar_feed; only a feed secret's SHA-256 is
   * kept, and a revoked feed keeps its row). */
  "CREATE TABLE spa_setting ("
  "  key text PRIMARY KEY,"
  "  value text NOT NULL"
  ");"
  "CREATE TABLE spa_calendar_feed ("
  "  token_hash text PRIMARY KEY,"
  "  therapist_id text NOT NULL,"
  "  created_at text NOT NULL,"
  "  revoked_at text"
  ");"
  "CREATE INDEX spa_calendar_feed_therapist ON spa_calendar_feed (therapist_id);",

  /* 4: online booking: a booking's secret links (SHA-256 only, one use each) and the
   * idempotency keys with their first answer (the SQLite server's public_link and
   * public_request). */
  "CREATE TABLE spa_public_link ("
  "  token_hash text PRIMARY KEY,"
  "  kind text NOT NULL CHECK (kind IN ('manage', 'intake')),"
  "  booking_id text NOT NULL,"
  "  client_id text NOT NULL,"
  "  expires_at text NOT NULL,"
  "  used_at text"
  ");"
  "CREATE INDEX spa_public_link_booking ON spa_public_link (booking_id, kind);"
  "CREATE TABLE spa_public_request ("
  "  idempotency_key text PRIMARY KEY,"
  "  booking_id text NOT NULL,"
  "  response text NOT NULL,"
  "  created_at text NOT NULL"
  ");",

  /* 5: the waitlist's offers, one secret link each (SHA-256 only; the SQLite server's
   * server_waitlist_offer), and the mail queue they and the bookings write to (its
   * server_mail, with each claim's owner and lease; docs/reminders.md). */
  "CREATE TABLE spa_waitlist_offer ("
  "  token_hash text PRIMARY KEY,"
  "  freed_booking_id text NOT NULL,"
  "  entry_id text NOT NULL,"
  "  client_id text NOT NULL,"
  "  created_at text NOT NULL,"
  "  expires_at text NOT NULL,"
  "  used_at text,"
  "  outcome text CHECK (outcome IN ('booked', 'gone')),"
  "  booking_id text"
  ");"
  "CREATE INDEX spa_waitlist_offer_freed ON spa_waitlist_offer (freed_booking_id);"
  "CREATE INDEX spa_waitlist_offer_open ON spa_waitlist_offer (entry_id)"
  "  WHERE outcome IS NULL;"
  "CREATE TABLE spa_mail ("
  "  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
  "  kind text NOT NULL,"
  "  dedupe_key text NOT NULL UNIQUE,"
  "  booking_id text,"
  "  client_id text,"
  "  recipient text NOT NULL,"
  "  message text NOT NULL,"
  "  status text NOT NULL DEFAULT 'pending'"
  "    CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'interrupted')),"
  "  attempts integer NOT NULL DEFAULT 0,"
  "  next_attempt_at text NOT NULL,"
  "  last_error text,"
  "  created_at text NOT NULL,"
  "  sent_at text,"
  /* Who is sending it, several processes sending one queue: the claiming process, its
   * connection's backend (gone when the process is) and the lease's end. */
  "  claimed_by text,"
  "  claimed_pid integer,"
  "  lease_until text"
  ");"
  "CREATE INDEX spa_mail_due ON spa_mail (status, next_attempt_at);",

  /* 6: the online booking's rate limit, one row per client address and minute, shared
   * by every server process (docs/online-booking.md). Unlogged: a minute's counts need
   * no crash safety, and a public create should not wait on the WAL for them. */
  "CREATE UNLOGGED TABLE spa_rate_window ("
  "  address text NOT NULL,"
  "  window_start bigint NOT NULL,"
  "  count integer NOT NULL,"
  "  PRIMARY KEY (address, window_start)"
  ");",
};
