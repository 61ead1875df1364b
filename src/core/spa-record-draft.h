/* spa-record-draft.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "spa-record.h"
#include "spa-store.h"

G_BEGIN_DECLS

#define SPA_TYPE_RECORD_DRAFT (spa_record_draft_get_type ())

G_DECLARE_DERIVABLE_TYPE (SpaRecordDraft, spa_record_draft, SPA, RECORD_DRAFT, GObject)

struct _SpaRecordDraftClass
{
  GObjectClass parent_class;

  /* Whether the record can no longer be changed (a signed note, a completed intake). */
  gboolean (*is_read_only) (SpaRecordDraft *self);
  /* After the store refused a save: a subclass may put the stored record back. */
  void     (*save_failed)  (SpaRecordDraft *self,
                            const GError   *error);
};

SpaStore   *spa_record_draft_get_store     (SpaRecordDraft *self);
SpaRecord  *spa_record_draft_get_record    (SpaRecordDraft *self);
void        spa_record_draft_set_record    (SpaRecordDraft *self,
                                            SpaRecord      *record);
gboolean    spa_record_draft_is_read_only  (SpaRecordDraft *self);
void        spa_record_draft_set_delay     (SpaRecordDraft *self,
                                            guint           delay_ms);
void        spa_record_draft_changed       (SpaRecordDraft *self);
gboolean    spa_record_draft_is_pending    (SpaRecordDraft *self);
gboolean    spa_record_draft_flush         (SpaRecordDraft *self);
gboolean    spa_record_draft_save          (SpaRecordDraft *self);
void        spa_record_draft_discard       (SpaRecordDraft *self);
void        spa_record_draft_settle        (SpaRecordDraft *self);
gboolean    spa_record_draft_reload        (SpaRecordDraft *self);
GHashTable *spa_record_draft_get_errors    (SpaRecordDraft *self);
const char *spa_record_draft_get_message   (SpaRecordDraft *self);
const GError *spa_record_draft_get_error   (SpaRecordDraft *self);

G_END_DECLS
