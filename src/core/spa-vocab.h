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

typedef enum
{
  SPA_BODY_VIEW_FRONT,
  SPA_BODY_VIEW_BACK,
} SpaBodyView;

typedef enum
{
  SPA_BODY_SIDE_CENTRE,
  SPA_BODY_SIDE_LEFT,    /* the client's left */
  SPA_BODY_SIDE_RIGHT,
} SpaBodySide;

/*
 * A body region of the pain map. The shape is a rounded rectangle in the figure's own
 * unit square (x from the figure's left edge as seen on screen, y from the top of the
 * head), so every widget drawing the map agrees on where a region is.
 */
typedef struct
{
  const char  *code;
  const char  *label;    /* N_() marked */
  SpaBodyView  view;
  SpaBodySide  side;
  double       x, y, width, height;
} SpaRegion;

const SpaVocabEntry *spa_vocab_conditions      (guint      *n_entries);
const SpaVocabEntry *spa_vocab_find            (const SpaVocabEntry *entries,
                                                guint                n_entries,
                                                const char          *code);
const char          *spa_vocab_condition_label (const char *code);
gboolean             spa_vocab_is_condition    (const char *code);

const SpaRegion     *spa_vocab_regions         (guint      *n_regions);
const SpaRegion     *spa_vocab_find_region     (const char *code);
const char          *spa_vocab_region_label    (const char *code);

const SpaVocabEntry *spa_vocab_techniques      (guint      *n_entries);
const char          *spa_vocab_technique_label (const char *code);
gboolean             spa_vocab_is_technique    (const char *code);

const SpaVocabEntry *spa_vocab_pain_qualities  (guint      *n_entries);
const char          *spa_vocab_pain_quality_label (const char *code);

const SpaVocabEntry *spa_vocab_pressures       (guint      *n_entries);
const char          *spa_vocab_pressure_label  (const char *code);

G_END_DECLS
