/* spa-demo-clinical.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-demo"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "spa-demo-clinical.h"
#include "spa-clinical.h"
#include "spa-util.h"

/*
 * The sample spa's clinical records: intakes, signed notes with an amendment, and
 * progress stories a therapist would recognise (lower back pain easing over six
 * visits). Written in English like the rest of the made-up data: they stand for what
 * a therapist typed, not for interface text.
 */

typedef struct
{
  const char *first_name;        /* which demo client */
  int         weeks_ago;         /* the first intake */
  const char *reason, *goals, *pressure, *conditions, *pain_areas, *avoid_areas;
  int         pregnancy_weeks;   /* 0: not pregnant */
  const char *recent_injury, *allergies, *medications;
  /* Sessions, one a week from the intake: pain before/after, or -1 for none. */
  int         n_sessions;
  int         before[6], after[6];
  const char *areas_treated, *techniques;
  /* A second intake after this many sessions (0: none), with its pain areas. */
  int         reintake_after;
  const char *reintake_pain_areas;
} DemoStory;

static const DemoStory stories[] = {
  { "Ethan", 7, "Lower back pain since moving house two months ago.",
    "Sit through a workday without pain; return to cycling.", "firm", "[]",
    "[{\"region\":\"lower_back\",\"intensity\":7,\"quality\":\"aching\",\"note\":\"Worse in the morning\"},"
    "{\"region\":\"glute_right\",\"intensity\":4,\"quality\":\"stiff\",\"note\":null},"
    "{\"region\":\"hamstring_right\",\"intensity\":3,\"quality\":\"tingling\",\"note\":null}]",
    "[]", 0, "Lifted boxes, strained lower back (September).", NULL, "Ibuprofen as needed",
    6, { 7, 6, 6, 5, 4, 3 }, { 5, 4, 4, 3, 3, 2 },
    "[\"lower_back\",\"glute_right\",\"hamstring_right\"]",
    "[\"deep_tissue\",\"trigger_point\",\"myofascial_release\"]",
    4, "[{\"region\":\"lower_back\",\"intensity\":4,\"quality\":\"aching\",\"note\":null},"
       "{\"region\":\"glute_right\",\"intensity\":2,\"quality\":\"stiff\",\"note\":null}]" },
  { "Zoë", 5, "Neck and shoulder tension from computer work.",
    "Fewer tension headaches.", "medium", "[]",
    "[{\"region\":\"neck\",\"intensity\":6,\"quality\":\"stiff\",\"note\":null},"
    "{\"region\":\"shoulder_left\",\"intensity\":5,\"quality\":\"aching\",\"note\":null},"
    "{\"region\":\"shoulder_right\",\"intensity\":5,\"quality\":\"aching\",\"note\":null},"
    "{\"region\":\"head\",\"intensity\":4,\"quality\":\"aching\",\"note\":\"Tension headaches\"}]",
    "[]", 0, NULL, "Nut oils (almond, walnut)", NULL,
    4, { 6, 5, 5, 4 }, { 3, 3, 2, 2 }, "[\"neck\",\"shoulder_left\",\"shoulder_right\",\"upper_back\"]",
    "[\"swedish\",\"trigger_point\"]", 0, NULL },
  { "Amélie", 3, "Prenatal massage for hip and lower back discomfort.",
    "Sleep better; ease hip pain.", "light", "[\"pregnancy\"]",
    "[{\"region\":\"hip_left\",\"intensity\":5,\"quality\":\"aching\",\"note\":null},"
    "{\"region\":\"lower_back\",\"intensity\":4,\"quality\":\"aching\",\"note\":null}]",
    "[{\"region\":\"abdomen\",\"reason\":\"Pregnancy\"},{\"region\":\"calf_left\",\"reason\":\"Varicose vein\"}]",
    24, NULL, NULL, "Prenatal vitamins",
    3, { 5, 5, 4 }, { 3, 3, 2 }, "[\"hip_left\",\"lower_back\",\"glute_left\"]",
    "[\"swedish\",\"myofascial_release\"]", 0, NULL },
  { "José", 2, "General relaxation.", "Reduce stress.", "light", "[\"blood_thinners\"]",
    "[{\"region\":\"upper_back\",\"intensity\":3,\"quality\":\"stiff\",\"note\":null}]",
    "[{\"region\":\"calf_right\",\"reason\":\"Bruises easily\"}]", 0, NULL, NULL, "Warfarin",
    2, { 3, 2 }, { 1, 1 }, "[\"upper_back\",\"mid_back\"]", "[\"swedish\"]", 0, NULL },
  { "Siobhán", 4, "Training for a spring marathon; tight hamstrings and calves.",
    "Recover faster between long runs.", "deep", "[]",
    "[{\"region\":\"hamstring_left\",\"intensity\":5,\"quality\":\"stiff\",\"note\":null},"
    "{\"region\":\"hamstring_right\",\"intensity\":5,\"quality\":\"stiff\",\"note\":null},"
    "{\"region\":\"calf_left\",\"intensity\":6,\"quality\":\"aching\",\"note\":null},"
    "{\"region\":\"calf_right\",\"intensity\":4,\"quality\":\"aching\",\"note\":null}]",
    "[]", 0, NULL, NULL, NULL,
    3, { 6, 4, 5 }, { 3, 2, 2 }, "[\"hamstring_left\",\"hamstring_right\",\"calf_left\",\"calf_right\"]",
    "[\"sports_stretching\",\"deep_tissue\",\"cross_fiber_friction\"]", 0, NULL },
};

static const char *soap_subjective[] = {
  "Reports %d/10 pain on arrival; stiffness in the morning, easing through the day.",
  "Slept better this week. Pain %d/10 after a long day at the desk.",
  "Some flare-up after lifting groceries; %d/10 today.",
  "Feeling steadily better; rates pain %d/10.",
  "Only mild discomfort (%d/10); back to short rides.",
  "Pain %d/10; noticed the difference at work.",
};

static char *
day_before (GDateTime *today,
            int        days)
{
  g_autoptr(GDateTime) day = g_date_time_add_days (today, -days);

  return g_date_time_format (day, "%Y-%m-%d");
}

static char *
time_before (GDateTime *today,
             int        days,
             int        hour)
{
  g_autoptr(GDateTime) day = g_date_time_add_days (today, -days);
  g_autoptr(GDateTime) utc = g_date_time_new_utc (g_date_time_get_year (day),
                                                  g_date_time_get_month (day),
                                                  g_date_time_get_day_of_month (day),
                                                  hour, 0, 0);

  return spa_time_format_utc (utc);
}

static SpaRecord *
find_client (GPtrArray  *clients,
             const char *first_name)
{
  for (guint i = 0; i < clients->len; i++)
    if (g_strcmp0 (spa_record_get_string (clients->pdata[i], "first_name"), first_name) == 0)
      return clients->pdata[i];
  return NULL;
}

static void
set_json (SpaRecord  *record,
          const char *field,
          const char *json)
{
  g_autoptr(JsonNode) node = NULL;

  if (json == NULL)
    return;
  node = json_from_string (json, NULL);
  spa_record_set_json (record, field, node);
}

static gboolean
add_intake (SpaStore        *store,
            SpaRecord       *client,
            const DemoStory *story,
            const char      *pain_areas,
            const char      *completed_at,
            GError         **error)
{
  g_autoptr(SpaRecord) intake = spa_record_new ("intake");
  g_autofree char *consent = g_strdup_printf ("%s %s", spa_record_get_string (client, "first_name"),
                                              spa_record_get_string (client, "last_name"));

  spa_record_set_string (intake, "client_id", spa_record_get_id (client));
  spa_record_set_string (intake, "reason", story->reason);
  spa_record_set_string (intake, "goals", story->goals);
  spa_record_set_string (intake, "pressure", story->pressure);
  set_json (intake, "conditions", story->conditions);
  set_json (intake, "pain_areas", pain_areas);
  set_json (intake, "avoid_areas", story->avoid_areas);
  if (story->pregnancy_weeks > 0)
    spa_record_set_int (intake, "pregnancy_weeks", story->pregnancy_weeks);
  spa_record_set_string (intake, "recent_injury", story->recent_injury);
  spa_record_set_string (intake, "allergies", story->allergies);
  spa_record_set_string (intake, "medications", story->medications);
  spa_record_set_string (intake, "consent_name", consent);
  spa_record_set_string (intake, "consent_at", completed_at);
  spa_record_set_string (intake, "completed_at", completed_at);

  return spa_store_save (store, intake, error);
}

/* An intake being filled in at the desk: answers given, consent not yet. */
static gboolean
add_draft_intake (SpaStore   *store,
                  GPtrArray  *clients,
                  GError    **error)
{
  SpaRecord *client = find_client (clients, "Liam");
  g_autoptr(SpaRecord) intake = spa_record_new ("intake");

  if (client == NULL)
    return TRUE;

  spa_record_set_string (intake, "client_id", spa_record_get_id (client));
  spa_record_set_string (intake, "reason", "Neck and shoulder tension from long days at a desk.");
  spa_record_set_string (intake, "goals", "Turn the head without pain; fewer headaches.");
  spa_record_set_string (intake, "pressure", "medium");
  set_json (intake, "pain_areas",
            "[{\"region\":\"head\",\"intensity\":3,\"quality\":\"aching\",\"note\":null},"
            "{\"region\":\"jaw_left\",\"intensity\":4,\"quality\":\"aching\",\"note\":\"Clenches at night\"},"
            "{\"region\":\"neck\",\"intensity\":7,\"quality\":\"stiff\",\"note\":null},"
            "{\"region\":\"shoulder_right\",\"intensity\":6,\"quality\":\"aching\",\"note\":null},"
            "{\"region\":\"upper_back\",\"intensity\":5,\"quality\":\"burning\",\"note\":null},"
            "{\"region\":\"forearm_right\",\"intensity\":2,\"quality\":\"tingling\",\"note\":\"Mouse arm\"}]");
  set_json (intake, "avoid_areas", "[{\"region\":\"knee_left\",\"reason\":\"Meniscus repair in August\"}]");
  set_json (intake, "conditions", "[\"recent_surgery\"]");
  spa_record_set_string (intake, "recent_injury", "Left knee arthroscopy, August");

  return spa_store_save (store, intake, error);
}

gboolean
spa_demo_add_clinical (SpaStore   *store,
                       GDateTime  *today,
                       GPtrArray  *clients,
                       GPtrArray  *therapists,
                       GError    **error)
{
  for (guint s = 0; s < G_N_ELEMENTS (stories); s++)
    {
      const DemoStory *story = &stories[s];
      SpaRecord *client = find_client (clients, story->first_name);
      SpaRecord *therapist = therapists->pdata[s % therapists->len];
      int first_day = story->weeks_ago * 7;
      g_autofree char *intake_at = NULL;

      if (client == NULL)
        continue;

      intake_at = time_before (today, first_day, 17);
      if (!add_intake (store, client, story, story->pain_areas, intake_at, error))
        return FALSE;

      for (int n = 0; n < story->n_sessions; n++)
        {
          g_autoptr(SpaRecord) note = spa_record_new ("session_note");
          int days = first_day - n * 7;
          g_autofree char *date = day_before (today, days);
          g_autofree char *signed_at = time_before (today, days, 19);
          g_autofree char *subjective = NULL;
          gboolean last = n == story->n_sessions - 1;

          if (story->reintake_after > 0 && n == story->reintake_after)
            {
              g_autofree char *again = time_before (today, days, 16);

              if (!add_intake (store, client, story, story->reintake_pain_areas, again, error))
                return FALSE;
            }

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
          subjective = g_strdup_printf (soap_subjective[n % G_N_ELEMENTS (soap_subjective)],
                                        story->before[n]);
#pragma GCC diagnostic pop

          spa_record_set_string (note, "client_id", spa_record_get_id (client));
          spa_record_set_string (note, "therapist_id", spa_record_get_id (therapist));
          spa_record_set_string (note, "session_date", date);
          spa_record_set_int (note, "duration_min", 60);
          spa_record_set_string (note, "subjective", subjective);
          spa_record_set_string (note, "objective",
                                 "Hypertonic tissue and trigger points in the treated areas; "
                                 "range of motion slightly limited.");
          spa_record_set_string (note, "assessment",
                                 n == 0 ? "Muscular strain; responds well to treatment."
                                        : "Improving; tissue softer than last visit.");
          spa_record_set_string (note, "plan", "Weekly sessions; reassess after six visits.");
          spa_record_set_string (note, "pressure", story->pressure);
          set_json (note, "techniques", story->techniques);
          set_json (note, "areas_treated", story->areas_treated);
          spa_record_set_int (note, "pain_before", story->before[n]);
          spa_record_set_int (note, "pain_after", story->after[n]);
          spa_record_set_string (note, "home_care",
                                 "Heat 15 minutes in the evening; gentle stretches twice a day.");
          /* The last note of the first story stays a draft, as after a busy day. */
          if (!(last && s == 1))
            {
              spa_record_set_string (note, "signed_at", signed_at);
              spa_record_set_string (note, "signed_by", spa_record_get_string (therapist, "name"));
            }
          if (!spa_store_save (store, note, error))
            return FALSE;

          if (n == 1)
            {
              g_autoptr(SpaRecord) amendment =
                spa_clinical_add_amendment (store, spa_record_get_id (note),
                                            spa_record_get_string (therapist, "name"),
                                            "Correction: the client reported numbness in the "
                                            "right foot after the session; advised to see a "
                                            "physician if it persists.",
                                            error);
              if (amendment == NULL)
                return FALSE;
            }
        }
    }

  return add_draft_intake (store, clients, error);
}
