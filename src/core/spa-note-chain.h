/* spa-note-chain.h: the tamper-evident chain of signed clinical records
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "spa-record.h"
#include "spa-store.h"

G_BEGIN_DECLS

#define SPA_NOTE_CHAIN_START \
  "0000000000000000000000000000000000000000000000000000000000000000"

/**
 * SpaNoteChainBreak:
 * @seq: the chain's link (0 for a record the chain does not hold)
 * @entity: `session_note` or `note_amendment`
 * @record_id: the record concerned
 * @reason: what is wrong, for a person (translated)
 */
typedef struct
{
  gint64  seq;
  char   *entity;
  char   *record_id;
  char   *reason;
} SpaNoteChainBreak;

void      spa_note_chain_break_free    (SpaNoteChainBreak *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpaNoteChainBreak, spa_note_chain_break_free)

gboolean  spa_note_chain_holds         (SpaRecord         *record);
char     *spa_note_chain_content_hash  (SpaStore          *store,
                                        const char        *entity,
                                        const char        *id,
                                        GError           **error);
char     *spa_note_chain_link_hash     (const char        *previous,
                                        const char        *entity,
                                        const char        *id,
                                        const char        *content_hash);
gboolean  spa_note_chain_add           (SpaStore          *store,
                                        const char        *entity,
                                        const char        *id,
                                        GError           **error);
gboolean  spa_note_chain_catch_up      (SpaStore          *store,
                                        GError           **error);
GPtrArray *spa_note_chain_verify       (SpaStore          *store,
                                        guint             *n_links,
                                        guint             *n_records,
                                        GError           **error);

G_END_DECLS
