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

/*
 * The body map's regions (DESIGN.md). Front view: the figure faces the viewer, so the
 * client's right is on the viewer's left; back view: the client's left is on the left.
 * Coordinates are fractions of one figure's box (see SpaRegion).
 */
static const SpaRegion regions[] = {
  /* Front */
  { "head", N_("Head"), SPA_BODY_VIEW_FRONT, SPA_BODY_SIDE_CENTRE, 0.40, 0.00, 0.20, 0.085 },
  { "jaw_right", N_("Right jaw (TMJ)"), SPA_BODY_VIEW_FRONT, SPA_BODY_SIDE_RIGHT, 0.385, 0.080, 0.10, 0.035 },
  { "jaw_left", N_("Left jaw (TMJ)"), SPA_BODY_VIEW_FRONT, SPA_BODY_SIDE_LEFT, 0.515, 0.080, 0.10, 0.035 },
  { "chest", N_("Chest"), SPA_BODY_VIEW_FRONT, SPA_BODY_SIDE_CENTRE, 0.33, 0.16, 0.34, 0.12 },
  { "abdomen", N_("Abdomen"), SPA_BODY_VIEW_FRONT, SPA_BODY_SIDE_CENTRE, 0.35, 0.285, 0.30, 0.14 },
  { "upper_arm_right", N_("Right upper arm"), SPA_BODY_VIEW_FRONT, SPA_BODY_SIDE_RIGHT, 0.20, 0.16, 0.11, 0.16 },
  { "upper_arm_left", N_("Left upper arm"), SPA_BODY_VIEW_FRONT, SPA_BODY_SIDE_LEFT, 0.69, 0.16, 0.11, 0.16 },
  { "forearm_right", N_("Right forearm"), SPA_BODY_VIEW_FRONT, SPA_BODY_SIDE_RIGHT, 0.15, 0.33, 0.11, 0.14 },
  { "forearm_left", N_("Left forearm"), SPA_BODY_VIEW_FRONT, SPA_BODY_SIDE_LEFT, 0.74, 0.33, 0.11, 0.14 },
  { "hand_right", N_("Right hand"), SPA_BODY_VIEW_FRONT, SPA_BODY_SIDE_RIGHT, 0.11, 0.475, 0.11, 0.07 },
  { "hand_left", N_("Left hand"), SPA_BODY_VIEW_FRONT, SPA_BODY_SIDE_LEFT, 0.78, 0.475, 0.11, 0.07 },
  { "hip_right", N_("Right hip"), SPA_BODY_VIEW_FRONT, SPA_BODY_SIDE_RIGHT, 0.33, 0.43, 0.16, 0.06 },
  { "hip_left", N_("Left hip"), SPA_BODY_VIEW_FRONT, SPA_BODY_SIDE_LEFT, 0.51, 0.43, 0.16, 0.06 },
  { "thigh_right", N_("Right thigh"), SPA_BODY_VIEW_FRONT, SPA_BODY_SIDE_RIGHT, 0.34, 0.495, 0.145, 0.17 },
  { "thigh_left", N_("Left thigh"), SPA_BODY_VIEW_FRONT, SPA_BODY_SIDE_LEFT, 0.515, 0.495, 0.145, 0.17 },
  { "knee_right", N_("Right knee"), SPA_BODY_VIEW_FRONT, SPA_BODY_SIDE_RIGHT, 0.35, 0.67, 0.125, 0.06 },
  { "knee_left", N_("Left knee"), SPA_BODY_VIEW_FRONT, SPA_BODY_SIDE_LEFT, 0.525, 0.67, 0.125, 0.06 },
  { "shin_right", N_("Right shin"), SPA_BODY_VIEW_FRONT, SPA_BODY_SIDE_RIGHT, 0.355, 0.735, 0.115, 0.17 },
  { "shin_left", N_("Left shin"), SPA_BODY_VIEW_FRONT, SPA_BODY_SIDE_LEFT, 0.53, 0.735, 0.115, 0.17 },
  { "foot_right", N_("Right foot"), SPA_BODY_VIEW_FRONT, SPA_BODY_SIDE_RIGHT, 0.33, 0.91, 0.14, 0.06 },
  { "foot_left", N_("Left foot"), SPA_BODY_VIEW_FRONT, SPA_BODY_SIDE_LEFT, 0.53, 0.91, 0.14, 0.06 },
  /* Back */
  { "neck", N_("Neck"), SPA_BODY_VIEW_BACK, SPA_BODY_SIDE_CENTRE, 0.43, 0.09, 0.14, 0.06 },
  { "shoulder_left", N_("Left shoulder"), SPA_BODY_VIEW_BACK, SPA_BODY_SIDE_LEFT, 0.22, 0.15, 0.17, 0.06 },
  { "shoulder_right", N_("Right shoulder"), SPA_BODY_VIEW_BACK, SPA_BODY_SIDE_RIGHT, 0.61, 0.15, 0.17, 0.06 },
  { "upper_back", N_("Upper back"), SPA_BODY_VIEW_BACK, SPA_BODY_SIDE_CENTRE, 0.39, 0.15, 0.22, 0.09 },
  { "mid_back", N_("Mid back"), SPA_BODY_VIEW_BACK, SPA_BODY_SIDE_CENTRE, 0.34, 0.245, 0.32, 0.09 },
  { "lower_back", N_("Lower back (lumbar)"), SPA_BODY_VIEW_BACK, SPA_BODY_SIDE_CENTRE, 0.35, 0.34, 0.30, 0.085 },
  { "sacrum", N_("Sacrum and tailbone"), SPA_BODY_VIEW_BACK, SPA_BODY_SIDE_CENTRE, 0.43, 0.43, 0.14, 0.05 },
  { "glute_left", N_("Left glute"), SPA_BODY_VIEW_BACK, SPA_BODY_SIDE_LEFT, 0.33, 0.43, 0.095, 0.08 },
  { "glute_right", N_("Right glute"), SPA_BODY_VIEW_BACK, SPA_BODY_SIDE_RIGHT, 0.575, 0.43, 0.095, 0.08 },
  { "hamstring_left", N_("Left hamstring"), SPA_BODY_VIEW_BACK, SPA_BODY_SIDE_LEFT, 0.34, 0.52, 0.145, 0.17 },
  { "hamstring_right", N_("Right hamstring"), SPA_BODY_VIEW_BACK, SPA_BODY_SIDE_RIGHT, 0.515, 0.52, 0.145, 0.17 },
  { "calf_left", N_("Left calf"), SPA_BODY_VIEW_BACK, SPA_BODY_SIDE_LEFT, 0.35, 0.71, 0.125, 0.19 },
  { "calf_right", N_("Right calf"), SPA_BODY_VIEW_BACK, SPA_BODY_SIDE_RIGHT, 0.525, 0.71, 0.125, 0.19 },
};

const SpaRegion *
spa_vocab_regions (guint *n_regions)
{
  *n_regions = G_N_ELEMENTS (regions);
  return regions;
}

const SpaRegion *
spa_vocab_find_region (const char *code)
{
  for (guint i = 0; code && i < G_N_ELEMENTS (regions); i++)
    if (g_str_equal (regions[i].code, code))
      return &regions[i];

  return NULL;
}

/**
 * spa_vocab_region_label:
 *
 * Returns: (transfer none): the translated name of a region, or the code when unknown
 */
const char *
spa_vocab_region_label (const char *code)
{
  const SpaRegion *region = spa_vocab_find_region (code);

  return region ? _(region->label) : code;
}

static const SpaVocabEntry techniques[] = {
  { "swedish", N_("Swedish"), FALSE },
  { "deep_tissue", N_("Deep tissue"), FALSE },
  { "trigger_point", N_("Trigger point"), FALSE },
  { "myofascial_release", N_("Myofascial release"), FALSE },
  { "hot_stone", N_("Hot stone"), FALSE },
  { "sports_stretching", N_("Sports and stretching"), FALSE },
  { "cross_fiber_friction", N_("Cross-fiber friction"), FALSE },
  { "acupressure", N_("Acupressure"), FALSE },
  { "neuromuscular", N_("Neuromuscular"), FALSE },
  { "lymphatic_drainage", N_("Lymphatic drainage"), FALSE },
};

const SpaVocabEntry *
spa_vocab_techniques (guint *n_entries)
{
  *n_entries = G_N_ELEMENTS (techniques);
  return techniques;
}

const char *
spa_vocab_technique_label (const char *code)
{
  const SpaVocabEntry *entry = spa_vocab_find (techniques, G_N_ELEMENTS (techniques), code);

  return entry ? _(entry->label) : code;
}

gboolean
spa_vocab_is_technique (const char *code)
{
  return spa_vocab_find (techniques, G_N_ELEMENTS (techniques), code) != NULL;
}

static const SpaVocabEntry pain_qualities[] = {
  { "aching", N_("Aching"), FALSE },
  { "sharp", N_("Sharp"), FALSE },
  { "burning", N_("Burning"), FALSE },
  { "tingling", N_("Tingling"), FALSE },
  { "stiff", N_("Stiff"), FALSE },
};

const SpaVocabEntry *
spa_vocab_pain_qualities (guint *n_entries)
{
  *n_entries = G_N_ELEMENTS (pain_qualities);
  return pain_qualities;
}

const char *
spa_vocab_pain_quality_label (const char *code)
{
  const SpaVocabEntry *entry = spa_vocab_find (pain_qualities, G_N_ELEMENTS (pain_qualities), code);

  return entry ? _(entry->label) : code;
}

static const SpaVocabEntry pressures[] = {
  { "light", N_("Light"), FALSE },
  { "medium", N_("Medium"), FALSE },
  { "firm", N_("Firm"), FALSE },
  { "deep", N_("Deep"), FALSE },
};

const SpaVocabEntry *
spa_vocab_pressures (guint *n_entries)
{
  *n_entries = G_N_ELEMENTS (pressures);
  return pressures;
}

const char *
spa_vocab_pressure_label (const char *code)
{
  const SpaVocabEntry *entry = spa_vocab_find (pressures, G_N_ELEMENTS (pressures), code);

  return entry ? _(entry->label) : code;
}
