/* spa-vocab.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-vocab"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "spa-vocab.h"

/* Health conditions asked about on the intake and kept on the client. */
static const SpaVocabEntry conditions[] = {
  { "pregnancy", N_("Pregnancy"), TRUE },
  { "blood_thinners", N_("Blood thinners"), TRUE },
  { "recent_surgery", N_("Recent surgery"), TRUE },
  { "high_blood_pressure", N_("High blood pressure"), TRUE },
  { "heart_condition", N_("Heart condition"), TRUE },
  { "diabetes", N_("Diabetes"), FALSE },
  { "osteoporosis", N_("Osteoporosis"), TRUE },
  { "varicose_veins", N_("Varicose veins"), TRUE },
  { "skin_condition", N_("Skin condition"), FALSE },
  { "cancer_treatment", N_("Cancer treatment"), TRUE },
  { "epilepsy", N_("Epilepsy"), FALSE },
  { "arthritis", N_("Arthritis"), FALSE },
};

const SpaVocabEntry *
spa_vocab_conditions (guint *n_entries)
{
  *n_entries = G_N_ELEMENTS (conditions);
  return conditions;
}

const SpaVocabEntry *
spa_vocab_find (const SpaVocabEntry *entries,
                guint                n_entries,
                const char          *code)
{
  for (guint i = 0; code && i < n_entries; i++)
    if (g_str_equal (entries[i].code, code))
      return &entries[i];

  return NULL;
}

/**
 * spa_vocab_condition_label:
 *
 * Returns: (transfer none): the translated label of a condition code, or the code
 *   itself when it is unknown (from a newer desk)
 */
const char *
spa_vocab_condition_label (const char *code)
{
  const SpaVocabEntry *entry = spa_vocab_find (conditions, G_N_ELEMENTS (conditions), code);

  return entry ? _(entry->label) : code;
}

gboolean
spa_vocab_is_condition (const char *code)
{
  return spa_vocab_find (conditions, G_N_ELEMENTS (conditions), code) != NULL;
}
