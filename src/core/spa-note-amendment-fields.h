/* spa-note-amendment-fields.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "spa-record.h"

G_BEGIN_DECLS

/* An amendment to a signed session note: the entity and its field names as the store,
 * the outbox and the wire spell them (the fields are declared in spa-note-amendment.c),
 * and typed readers. */

#define SPA_NOTE_AMENDMENT_ENTITY    "note_amendment"
#define SPA_NOTE_AMENDMENT_NOTE_ID   "note_id"
#define SPA_NOTE_AMENDMENT_AUTHOR    "author"
#define SPA_NOTE_AMENDMENT_TEXT      "text"
#define SPA_NOTE_AMENDMENT_SIGNATURE "signature"

static inline const char *
spa_note_amendment_get_note_id (SpaRecord *amendment)
{
  return spa_record_get_string (amendment, SPA_NOTE_AMENDMENT_NOTE_ID);
}

static inline const char *
spa_note_amendment_get_author (SpaRecord *amendment)
{
  return spa_record_get_string (amendment, SPA_NOTE_AMENDMENT_AUTHOR);
}

static inline const char *
spa_note_amendment_get_text (SpaRecord *amendment)
{
  return spa_record_get_string (amendment, SPA_NOTE_AMENDMENT_TEXT);
}

G_END_DECLS
