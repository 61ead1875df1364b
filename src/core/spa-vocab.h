/* spa-vocab.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A code stored in the database and its label, translated when shown. */
typedef struct
{
  const char *code;
  const char *label;   /* N_() marked; call spa_vocab_label() to translate */
  gboolean    alert;   /* a contraindication the therapist must see first */
} SpaVocabEntry;

const SpaVocabEntry *spa_vocab_conditions      (guint      *n_entries);
const SpaVocabEntry *spa_vocab_find            (const SpaVocabEntry *entries,
                                                guint                n_entries,
                                                const char          *code);
const char          *spa_vocab_condition_label (const char *code);
gboolean             spa_vocab_is_condition    (const char *code);

G_END_DECLS
