/* spa-bench-generate.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-bench-generate"

#include "config.h"

#include <math.h>
#include <string.h>

#include "spa-bench-generate.h"
#include "spa-location-fields.h"
#include "spa-migrations.h"
#include "spa-money.h"
#include "spa-util.h"
#include "spa-vocab.h"

/*
 * A spa chain's years of data, written through spa_store_save() like the app writes it:
 * every record validated, with its row and its outbox entry. Speed comes from large
 * bulk transactions (spa_store_begin_bulk: no savepoint per save) and the store's cached
 * statements, not from a side door into the tables. A failure rolls back the batch and
 * stops; the caller throws the half-made database away.
 *
 * The same seed gives the same data, ids included.
 */

#define BATCH 50000

static const char * const first_names[] = {
  "Zoë", "Amélie", "José", "Élodie", "François", "Chloé", "Noémie", "Léa", "Gaëlle", "Hélène",
  "Jérôme", "Loïc", "Maëlle", "Renée", "Søren", "Björn", "Åsa", "Jürgen", "Małgorzata",
  "Łukasz", "Zoltán", "Ana", "Maria", "María", "Sofia", "Olivia", "Emma", "Liam", "Noah",
  "Lucas", "Ethan", "Mia", "Ava", "Charlotte", "Amelia", "Harper", "Evelyn", "Abigail",
  "Benjamin", "William", "James", "Oliver", "Elijah", "Mateo", "Henry", "Alexander", "Jack",
  "Daniel", "Sebastian", "Aiden", "Matthew", "Samuel", "David", "Joseph", "Carter", "Owen",
  "Wyatt", "John", "Luke", "Gabriel", "Anthony", "Isaac", "Grayson", "Julian", "Levi",
  "Christopher", "Joshua", "Andrew", "Lincoln", "Nathan", "Caleb", "Ryan", "Adrian", "Miles",
  "Eli", "Nolan", "Christian", "Aaron", "Cameron", "Ezekiel", "Colton", "Luca", "Landon",
  "Hunter", "Jonathan", "Santiago", "Axel", "Easton", "Cooper", "Jeremiah", "Angel",
  "Roman", "Connor", "Jameson", "Robert", "Greyson", "Jordan", "Ian", "Carson", "Jaxson",
  "Léo", "Sophie", "Camille", "Manon", "Inès", "Jade", "Louise", "Alice", "Lina", "Rose",
  "Anaïs", "Océane", "Clémence", "Mathéo", "Raphaël", "Théo", "Hugo", "Gabriel", "Nathan",
  "Priya", "Aarav", "Ananya", "Wei", "Mei", "Hiroshi", "Yuki", "Sakura", "Min-jun", "Seo-yeon",
  "Nguyễn", "Thảo", "Fatima", "Omar", "Aisha", "Yusuf", "Leila", "Kwame", "Amara", "Chidi",
  "Siobhán", "Aoife", "Seán", "Niamh", "Eoin", "Dagný", "Þóra", "Çağla", "Ömer", "Dilara",
};

static const char * const last_names[] = {
  "Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Gauthier", "Morin", "Lavoie", "Fortin",
  "Gagné", "Ouellet", "Pelletier", "Bélanger", "Lévesque", "Bergeron", "Leblanc", "Paquette",
  "Girard", "Simard", "Boucher", "Caron", "Beaulieu", "Cloutier", "Dubé", "Poirier",
  "Fournier", "Lapointe", "Leclerc", "Lefebvre", "Poulin", "Thibault", "St-Pierre", "Nadeau",
  "Martin", "Landry", "Martel", "Bédard", "Grenier", "Lessard", "Bernier", "Richard",
  "Michaud", "Hébert", "Desjardins", "Couture", "Turcotte", "Lachance", "Parent", "Blais",
  "Gosselin", "Savard", "Proulx", "Beaudoin", "Demers", "Perreault", "Boudreau", "Lemieux",
  "Cyr", "Perron", "Dufour", "Dion", "Mercier", "Bolduc", "Bérubé", "Bisson", "Émond",
  "Smith", "Brown", "Wilson", "Taylor", "Anderson", "Thomas", "Johnson", "Williams", "Jones",
  "Miller", "Davis", "Garcia", "Rodriguez", "Martinez", "Hernández", "López", "González",
  "Pérez", "Sánchez", "Ramírez", "Torres", "Flores", "Rivera", "Gómez", "Díaz", "Núñez",
  "Álvarez", "Muñoz", "Ibáñez", "Peña", "Castro", "Ortiz", "Silva", "Gonçalves", "Conceição",
  "Müller", "Schröder", "Schäfer", "Weiß", "Köhler", "Groß", "Jäger", "Krüger", "Böhm",
  "Nørgaard", "Sørensen", "Østergaard", "Åberg", "Ångström", "Lindqvist", "Kowalski",
  "Wiśniewski", "Wójcik", "Dąbrowski", "Kozłowski", "Nowak", "Dvořák", "Novák", "Horváth",
  "Nagy", "Kovačević", "Petrović", "Yılmaz", "Öztürk", "Şahin", "Çelik", "O'Brien",
  "O'Connor", "MacDonald", "McLeod", "Campbell", "Stewart", "Murray", "Nguyen", "Tran", "Le",
  "Pham", "Wong", "Chen", "Li", "Wang", "Zhang", "Liu", "Kim", "Lee", "Park", "Choi",
  "Singh", "Patel", "Sharma", "Gupta", "Khan", "Ali", "Hussain", "Okafor", "Mensah",
  "Van der Berg", "De Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "Mulder",
};

static const char * const mail_domains[] = {
  "gmail.com", "outlook.com", "hotmail.com", "yahoo.ca", "videotron.ca", "shaw.ca",
  "telus.net", "icloud.com", "protonmail.com", "sympatico.ca", "bell.net", "live.ca",
};

static const char * const area_codes[] = {
  "604", "778", "236", "250", "514", "438", "450", "418", "613", "416", "647", "403",
};

static const char * const techniques[] = {
  "swedish", "deep_tissue", "trigger_point", "myofascial_release", "hot_stone",
  "sports_stretching", "cross_fiber_friction", "acupressure", "neuromuscular",
  "lymphatic_drainage",
};

static const char * const pressures[] = { "light", "medium", "firm", "deep" };

static const char * const reasons[] = {
  "Chronic lower back pain after long days at a desk.",
  "Tension headaches and a stiff neck.",
  "Training for a marathon; tight calves and hamstrings.",
  "Relaxation and stress relief.",
  "Shoulder pain since a fall on the ice last winter.",
  "Jaw clenching at night, dentist suggested massage.",
  "Post-surgery swelling, referred for lymphatic drainage.",
  "Pregnancy-related hip and lower back discomfort.",
};

static const char * const conditions[] = {
  "high_blood_pressure", "diabetes", "arthritis", "varicose_veins", "blood_thinners",
  "osteoporosis", "skin_condition", "recent_surgery",
};

static const char * const allergies[] = {
  "Nut oils (almond, walnut)", "Latex", "Lavender essential oil", "Fragrances", "Coconut oil",
};

/* Default services from migration 1, with durations and buffers, in minutes. */
static const struct { guint duration; guint buffer; } service_times[] = {
  { 60, 15 }, { 90, 15 }, { 60, 15 }, { 90, 15 }, { 90, 20 }, { 60, 15 }, { 45, 15 }, { 60, 15 },
};

/* Records are made on the calling thread and saved, in order, on a writer thread: the
 * two halves of the work (building records, SQLite) then use both cores. The store is
 * only touched by the writer while it runs. */
typedef struct
{
  SpaStore  *store;
  GRand     *rand;
  GPtrArray *client_ids;
  GPtrArray *therapist_ids;
  GPtrArray *therapist_names;
  GPtrArray *room_ids;
  GPtrArray *product_ids;
  GPtrArray *location_ids;  /* the chain's three: therapist and room i at i % 3 */

  GPtrArray *batch;         /* records made, not yet handed over */
  GMutex     lock;
  GCond      cond;
  GQueue     queue;         /* batches (GPtrArray of SpaRecord) to save, oldest first */
  GQueue     written;       /* batches saved, for the maker to free (the writer is busier) */
  gboolean   done;          /* no more records will come */
  GError    *error;         /* the writer's failure; it then drops what comes */
  guint      pending;       /* saves in the writer's open transaction */
} Generator;

/* Records go over in batches, so that the threads meet once per batch, not per record;
 * a few batches in flight keep both busy without holding much in memory. */
#define HANDOVER 512
#define QUEUE_MAX 8

static void
write_batch (Generator *gen,
             GPtrArray *batch)
{
  for (guint i = 0; i < batch->len; i++)
    {
      SpaRecord *record = batch->pdata[i];
      g_autoptr(GError) error = NULL;

      if (!spa_store_save (gen->store, record, &error))
        g_prefix_error (&error, "%s %s: ", spa_record_get_entity (record), spa_record_get_id (record));
      else if (++gen->pending >= BATCH)
        {
          gen->pending = 0;
          if (spa_store_commit (gen->store, &error))
            spa_store_begin_bulk (gen->store, &error);
        }

      if (error != NULL)
        {
          g_mutex_lock (&gen->lock);
          gen->error = g_steal_pointer (&error);
          g_cond_broadcast (&gen->cond);
          g_mutex_unlock (&gen->lock);
          return;
        }
    }
}

static gpointer
writer_thread (gpointer data)
{
  Generator *gen = data;

  GPtrArray *written = NULL;

  for (;;)
    {
      GPtrArray *batch = NULL;
      gboolean failed;

      g_mutex_lock (&gen->lock);
      if (written != NULL)
        g_queue_push_tail (&gen->written, g_steal_pointer (&written));
      while (g_queue_is_empty (&gen->queue) && !gen->done)
        g_cond_wait (&gen->cond, &gen->lock);
      batch = g_queue_pop_head (&gen->queue);
      failed = gen->error != NULL;
      g_cond_broadcast (&gen->cond);
      g_mutex_unlock (&gen->lock);

      if (batch == NULL)
        return NULL;
      if (!failed)
        write_batch (gen, batch);
      written = batch;
    }
}

static gboolean
hand_over (Generator  *gen,
           GError    **error)
{
  g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  gboolean ok;

  g_mutex_lock (&gen->lock);
  while (g_queue_get_length (&gen->queue) >= QUEUE_MAX && gen->error == NULL)
    g_cond_wait (&gen->cond, &gen->lock);
  while (!g_queue_is_empty (&gen->written))
    g_ptr_array_add (written, g_queue_pop_head (&gen->written));
  ok = gen->error == NULL;
  if (ok)
    {
      g_queue_push_tail (&gen->queue, g_steal_pointer (&gen->batch));
      g_cond_broadcast (&gen->cond);
    }
  else
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the writer stopped");
  g_mutex_unlock (&gen->lock);

  gen->batch = g_ptr_array_new_full (HANDOVER, g_object_unref);
  return ok;
}

#define PICK(gen, array) ((array)[g_rand_int_range ((gen)->rand, 0, G_N_ELEMENTS (array))])

/* Deterministic version 4 UUIDs, so that a seed reproduces the data exactly. */
static char *
make_uuid (Generator *gen)
{
  guint32 a = g_rand_int (gen->rand);
  guint32 b = g_rand_int (gen->rand);
  guint32 c = g_rand_int (gen->rand);
  guint32 d = g_rand_int (gen->rand);

  return g_strdup_printf ("%08x-%04x-4%03x-%04x-%04x%08x",
                          a, b >> 16, b & 0xfff, 0x8000 | (c >> 18 & 0x3fff), c & 0xffff, d);
}

static SpaRecord *
new_record (Generator  *gen,
            const char *entity)
{
  g_autofree char *id = make_uuid (gen);

  return spa_record_new_with_id (entity, id);
}

/* Hands @record to the writer, which commits every BATCH saves: a few large
 * transactions, so that no write holds the whole data set. The record must not be
 * changed or read afterwards (the writer sets its timestamps). */
static gboolean
save (Generator  *gen,
      SpaRecord  *record,
      GError    **error)
{
  g_ptr_array_add (gen->batch, g_object_ref (record));
  if (gen->batch->len < HANDOVER)
    return TRUE;
  return hand_over (gen, error);
}

static char *
format_time (GDateTime *dt)
{
  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

static char *
ascii_word (const char *text)
{
  g_autofree char *folded = spa_text_fold (text);
  GString *word = g_string_new (NULL);

  for (const char *p = folded; *p; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (word, *p);
  if (word->len == 0)
    g_string_append (word, "client");
  return g_string_free (word, FALSE);
}

static gboolean
generate_staff (Generator            *gen,
                const SpaBenchSizes  *sizes,
                GError              **error)
{
  static const char * const colors[] = { "#3584e4", "#33d17a", "#f6d32d", "#ff7800", "#e01b24",
                                         "#9141ac", "#986a44", "#2ec27e" };
  const char *hours =
    "{\"mon\":[{\"start\":\"07:00\",\"end\":\"21:00\"}],\"tue\":[{\"start\":\"07:00\",\"end\":\"21:00\"}],"
    "\"wed\":[{\"start\":\"07:00\",\"end\":\"21:00\"}],\"thu\":[{\"start\":\"07:00\",\"end\":\"21:00\"}],"
    "\"fri\":[{\"start\":\"07:00\",\"end\":\"21:00\"}],\"sat\":[{\"start\":\"08:00\",\"end\":\"20:00\"}],"
    "\"sun\":[{\"start\":\"09:00\",\"end\":\"18:00\"}]}";
  g_autoptr(JsonNode) hours_node = json_from_string (hours, NULL);
  const char *service_ids[9];

  static const char * const other_locations[] = { "Kitsilano", "North Vancouver" };

  for (guint i = 0; i < 8; i++)
    service_ids[i] = spa_default_service_id (i);
  service_ids[8] = NULL;

  /* A chain of three: the default location and two more, in the same zone. */
  g_ptr_array_add (gen->location_ids, g_strdup (SPA_LOCATION_DEFAULT_ID));
  for (guint i = 0; i < G_N_ELEMENTS (other_locations); i++)
    {
      g_autoptr(SpaRecord) location = new_record (gen, SPA_LOCATION_ENTITY);

      spa_record_set_string (location, SPA_LOCATION_NAME, other_locations[i]);
      spa_record_set_string (location, SPA_LOCATION_TIME_ZONE, "America/Vancouver");
      spa_record_set_boolean (location, SPA_LOCATION_ACTIVE, TRUE);
      if (!save (gen, location, error))
        return FALSE;
      g_ptr_array_add (gen->location_ids, g_strdup (spa_record_get_id (location)));
    }

  for (guint i = 0; i < sizes->n_therapists; i++)
    {
      g_autoptr(SpaRecord) therapist = new_record (gen, "therapist");
      g_autofree char *name = g_strdup_printf ("%s %s", PICK (gen, first_names), PICK (gen, last_names));
      g_autofree char *word = ascii_word (name);
      g_autofree char *email = g_strdup_printf ("%s%u@spa.example.com", word, i);

      spa_record_set_string (therapist, "name", name);
      spa_record_set_string (therapist, "email", email);
      spa_record_set_string (therapist, "credentials", "RMT");
      spa_record_set_strv (therapist, "service_ids", service_ids);
      spa_record_set_string (therapist, "color", colors[i % G_N_ELEMENTS (colors)]);
      spa_record_set_json (therapist, "working_hours", hours_node);
      spa_record_set_boolean (therapist, "active", TRUE);
      spa_record_set_string (therapist, SPA_LOCATION_ID_FIELD,
                             gen->location_ids->pdata[i % gen->location_ids->len]);
      if (!save (gen, therapist, error))
        return FALSE;
      g_ptr_array_add (gen->therapist_ids, g_strdup (spa_record_get_id (therapist)));
      g_ptr_array_add (gen->therapist_names, g_strdup (name));
    }

  for (guint i = 0; i < sizes->n_rooms; i++)
    {
      g_autoptr(SpaRecord) room = new_record (gen, "room");
      g_autofree char *name = g_strdup_printf ("Room %u", i + 1);

      spa_record_set_string (room, "name", name);
      spa_record_set_boolean (room, "active", TRUE);
      spa_record_set_string (room, SPA_LOCATION_ID_FIELD,
                             gen->location_ids->pdata[i % gen->location_ids->len]);
      if (!save (gen, room, error))
        return FALSE;
      g_ptr_array_add (gen->room_ids, g_strdup (spa_record_get_id (room)));
    }

  return TRUE;
}

/* Body regions from the clinical vocabulary, so that every code validates. */
static const char *
random_region (Generator *gen)
{
  guint n_regions;
  const SpaRegion *regions = spa_vocab_regions (&n_regions);

  return regions[g_rand_int_range (gen->rand, 0, n_regions)].code;
}

static JsonNode *
random_areas (Generator *gen,
              gboolean   with_intensity)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint n = g_rand_int_range (gen->rand, 1, 4);
  const char *picked[4] = { NULL };

  /* A region once per list. */
  for (guint i = 0; i < n; i++)
    {
      do
        picked[i] = random_region (gen);
      while ((i > 0 && picked[i] == picked[0]) || (i > 1 && picked[i] == picked[1]));
    }

  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      if (!with_intensity)
        {
          json_builder_add_string_value (builder, picked[i]);
          continue;
        }
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "region");
      json_builder_add_string_value (builder, picked[i]);
      json_builder_set_member_name (builder, "intensity");
      json_builder_add_int_value (builder, g_rand_int_range (gen->rand, 1, 9));
      json_builder_set_member_name (builder, "quality");
      json_builder_add_string_value (builder, g_rand_boolean (gen->rand) ? "aching" : "sharp");
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  return json_builder_get_root (builder);
}

static gboolean
generate_intake (Generator  *gen,
                 const char *client_id,
                 const char *name,
                 GDateTime  *when,
                 GError    **error)
{
  g_autoptr(SpaRecord) intake = new_record (gen, "intake");
  g_autoptr(JsonNode) pain = random_areas (gen, TRUE);
  g_autofree char *at = format_time (when);
  const char *conds[3] = { NULL, NULL, NULL };

  if (g_rand_int_range (gen->rand, 0, 4) == 0)
    conds[0] = PICK (gen, conditions);

  spa_record_set_string (intake, "client_id", client_id);
  spa_record_set_string (intake, "completed_at", at);
  spa_record_set_string (intake, "reason", PICK (gen, reasons));
  spa_record_set_string (intake, "goals", "Move without pain; sleep better.");
  spa_record_set_json (intake, "pain_areas", pain);
  spa_record_set_string (intake, "pressure", PICK (gen, pressures));
  spa_record_set_strv (intake, "conditions", conds);
  if (g_rand_int_range (gen->rand, 0, 12) == 0)
    spa_record_set_string (intake, "allergies", PICK (gen, allergies));
  spa_record_set_string (intake, "consent_name", name);
  spa_record_set_string (intake, "consent_at", at);
  spa_record_set_timestamps (intake, at, at);
  return save (gen, intake, error);
}

static gboolean
generate_clients (Generator            *gen,
                  const SpaBenchSizes  *sizes,
                  GDateTime            *start,
                  gint64               *n_intakes,
                  GError              **error)
{
  for (guint i = 0; i < sizes->n_clients; i++)
    {
      g_autoptr(SpaRecord) client = new_record (gen, "client");
      const char *first = PICK (gen, first_names);
      const char *last = PICK (gen, last_names);
      g_autofree char *first_word = ascii_word (first);
      g_autofree char *last_word = ascii_word (last);
      g_autofree char *email = NULL;
      g_autofree char *phone = NULL;
      g_autofree char *dob = NULL;
      g_autofree char *created = NULL;
      g_autoptr(GDateTime) joined = NULL;
      const char *conds[3] = { NULL, NULL, NULL };

      email = g_strdup_printf ("%s.%s%u@%s", first_word, last_word, g_rand_int_range (gen->rand, 1, 1000),
                               PICK (gen, mail_domains));
      phone = g_strdup_printf ("+1 (%s) %03d-%04d", PICK (gen, area_codes),
                               g_rand_int_range (gen->rand, 200, 1000), g_rand_int_range (gen->rand, 0, 10000));
      dob = g_strdup_printf ("%04d-%02d-%02d", g_rand_int_range (gen->rand, 1940, 2008),
                             g_rand_int_range (gen->rand, 1, 13), g_rand_int_range (gen->rand, 1, 29));
      /* Clients join over the ten years. */
      joined = g_date_time_add_days (start, g_rand_int_range (gen->rand, 0, sizes->years * 365));
      created = format_time (joined);

      spa_record_set_string (client, "first_name", first);
      spa_record_set_string (client, "last_name", last);
      if (g_rand_int_range (gen->rand, 0, 20) == 0)
        spa_record_set_string (client, "preferred_name", PICK (gen, first_names));
      spa_record_set_string (client, "email", email);
      spa_record_set_string (client, "phone", phone);
      spa_record_set_string (client, "date_of_birth", dob);
      if (g_rand_int_range (gen->rand, 0, 12) == 0)
        spa_record_set_string (client, "allergies", PICK (gen, allergies));
      if (g_rand_int_range (gen->rand, 0, 6) == 0)
        conds[0] = PICK (gen, conditions);
      spa_record_set_strv (client, "conditions", conds);
      spa_record_set_boolean (client, "marketing_consent", g_rand_boolean (gen->rand));
      spa_record_set_timestamps (client, created, created);
      if (!save (gen, client, error))
        return FALSE;
      g_ptr_array_add (gen->client_ids, g_strdup (spa_record_get_id (client)));

      /* Most clients fill an intake when they join; some update it years later. */
      if (g_rand_int_range (gen->rand, 0, 10) < 7)
        {
          g_autofree char *name = g_strdup_printf ("%s %s", first, last);

          if (!generate_intake (gen, spa_record_get_id (client), name, joined, error))
            return FALSE;
          (*n_intakes)++;
          if (g_rand_int_range (gen->rand, 0, 5) == 0)
            {
              g_autoptr(GDateTime) later = g_date_time_add_days (joined, g_rand_int_range (gen->rand, 30, 1500));

              if (!generate_intake (gen, spa_record_get_id (client), name, later, error))
                return FALSE;
              (*n_intakes)++;
            }
        }
    }

  return TRUE;
}

static const char *
pick_status (Generator *gen,
             gint64     days_from_today)
{
  guint r = g_rand_int_range (gen->rand, 0, 100);

  if (days_from_today < 0)
    return r < 84 ? "completed" : r < 96 ? "cancelled" : "no_show";
  if (days_from_today == 0)
    return r < 40 ? "completed" : r < 60 ? "checked_in" : r < 90 ? "confirmed" : "cancelled";
  return r < 5 ? "requested" : r < 55 ? "booked" : r < 92 ? "confirmed" : "cancelled";
}

static SpaRecord *
make_note (Generator  *gen,
           SpaRecord  *booking,
           guint       therapist,
           const char *date,
           guint       duration)
{
  g_autoptr(SpaRecord) note = new_record (gen, "session_note");
  g_autoptr(JsonNode) areas = random_areas (gen, FALSE);
  const char *techs[3] = { PICK (gen, techniques), PICK (gen, techniques), NULL };
  int before = g_rand_int_range (gen->rand, 2, 9);
  int relief = g_rand_int_range (gen->rand, 0, 4);
  int after = MAX (0, before - relief);
  const char *ends_at = spa_record_get_string (booking, "ends_at");

  spa_record_set_string (note, "client_id", spa_record_get_string (booking, "client_id"));
  spa_record_set_string (note, "booking_id", spa_record_get_id (booking));
  spa_record_set_string (note, "therapist_id", spa_record_get_string (booking, "therapist_id"));
  spa_record_set_string (note, "session_date", date);
  spa_record_set_int (note, "duration_min", duration);
  spa_record_set_string (note, "subjective", "Reports tightness since last visit, worse in the morning.");
  spa_record_set_string (note, "objective", "Hypertonic upper trapezius, tender points left side.");
  spa_record_set_string (note, "assessment", "Improving; range of motion better than last session.");
  spa_record_set_string (note, "plan", "Continue every two weeks; add stretching.");
  spa_record_set_strv (note, "techniques", techs);
  spa_record_set_string (note, "pressure", PICK (gen, pressures));
  spa_record_set_json (note, "areas_treated", areas);
  spa_record_set_int (note, "pain_before", before);
  spa_record_set_int (note, "pain_after", after);
  spa_record_set_string (note, "home_care", "Heat 15 minutes, gentle neck stretches twice a day.");
  spa_record_set_string (note, "signed_at", ends_at);
  spa_record_set_string (note, "signed_by", gen->therapist_names->pdata[therapist]);
  spa_record_set_timestamps (note, ends_at, ends_at);
  return g_steal_pointer (&note);
}

static JsonNode *
status_history (const char *booked_at,
                const char *status,
                const char *changed_at)
{
  JsonArray *history = json_array_sized_new (2);
  JsonObject *first = json_object_new ();
  JsonObject *last = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  json_object_set_string_member (first, "status", "booked");
  json_object_set_string_member (first, "at", booked_at);
  json_object_set_string_member (last, "status", status);
  json_object_set_string_member (last, "at", changed_at);
  json_array_add_object_element (history, first);
  json_array_add_object_element (history, last);
  json_node_take_array (node, history);
  return node;
}

/* What the till sells besides massages, as the bench's catalogue. */
static const struct { const char *name; const char *sku; gint64 price; } bench_products[] = {
  { "Arnica massage oil, 250 ml", "BENCH-OIL", 2400 },
  { "Magnesium muscle balm", "BENCH-BALM", 1800 },
  { "Hot and cold gel pack", "BENCH-PACK", 1500 },
  { "Foam roller", "BENCH-ROLL", 3900 },
};

static gboolean
generate_products (Generator  *gen,
                   GError    **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (bench_products); i++)
    {
      g_autoptr(SpaRecord) product = new_record (gen, "product");

      spa_record_set_string (product, "name", bench_products[i].name);
      spa_record_set_string (product, "sku", bench_products[i].sku);
      spa_record_set_int (product, "price_cents", bench_products[i].price);
      spa_record_set_boolean (product, "active", TRUE);
      g_ptr_array_add (gen->product_ids, g_strdup (spa_record_get_id (product)));
      if (!save (gen, product, error))
        return FALSE;
    }
  return TRUE;
}

/* One line of a bench invoice, as the till writes it. */
typedef struct
{
  const char *kind;
  const char *item_id;
  const char *therapist_id;
  const char *description;
  gint64      quantity;
  gint64      unit_price;
  gint64      tax;
  const char *line_id;     /* set when saved */
} BenchLine;

static JsonNode *
gst_taxes (gint64 tax)
{
  g_autofree char *json = g_strdup_printf ("[{\"tax_rate_id\": \"%s\", \"name\": \"GST\","
                                           " \"rate_bp\": 500, \"registration_number\": null,"
                                           " \"cents\": %" G_GINT64_FORMAT "}]",
                                           SPA_TAX_RATE_GST_ID, tax);

  return json_from_string (json, NULL);
}

/* An invoice as the till (or a refund as the manager) writes it: the draft, its lines,
 * its payments, then the draft issued. A refund names its sale and each line the line
 * it gives back; its payments pay the money back. */
static gboolean
save_invoice (Generator   *gen,
              const char  *kind,
              const char  *refund_of,
              const char  *client_id,
              const char  *booking_id,
              BenchLine   *lines,
              guint        n_lines,
              gint64       tip,
              const char  *tip_therapist_id,
              const char  *method,
              gboolean     split,
              const char  *at,
              const char  *number,
              char       **line_ids,
              char       **invoice_id,
              GError     **error)
{
  g_autoptr(SpaRecord) invoice = new_record (gen, "invoice");
  g_autoptr(SpaRecord) issued = NULL;
  g_autoptr(JsonNode) taxes = NULL;
  gint64 subtotal = 0, tax = 0, total;

  for (guint i = 0; i < n_lines; i++)
    {
      subtotal += lines[i].quantity * lines[i].unit_price;
      tax += lines[i].tax;
    }
  total = subtotal + tax + tip;
  taxes = gst_taxes (tax);
  spa_record_set_string (invoice, "kind", kind);
  spa_record_set_string (invoice, "refund_of", refund_of);
  spa_record_set_string (invoice, "status", "draft");
  spa_record_set_string (invoice, "client_id", client_id);
  spa_record_set_string (invoice, "booking_id", booking_id);
  spa_record_set_int (invoice, "subtotal_cents", subtotal);
  spa_record_set_int (invoice, "tax_cents", tax);
  spa_record_set_int (invoice, "tip_cents", tip);
  spa_record_set_int (invoice, "total_cents", total);
  if (tip > 0)
    spa_record_set_string (invoice, "tip_therapist_id", tip_therapist_id);
  spa_record_set_json (invoice, "taxes", taxes);
  spa_record_set_timestamps (invoice, at, at);
  if (invoice_id != NULL)
    *invoice_id = g_strdup (spa_record_get_id (invoice));

  /* The issue is a change of the stored draft: only these fields go out. */
  issued = spa_record_copy (invoice);
  spa_record_set_stored (issued, TRUE);
  spa_record_clear_changed (issued);
  spa_record_set_string (issued, "status", "issued");
  spa_record_set_string (issued, "number", number);
  spa_record_set_string (issued, "issued_at", at);
  spa_record_set_string (issued, "issued_by", "Front desk");

  if (!save (gen, invoice, error))
    return FALSE;
  for (guint i = 0; i < n_lines; i++)
    {
      g_autoptr(SpaRecord) line = new_record (gen, "invoice_line");

      spa_record_set_string (line, "invoice_id", spa_record_get_id (issued));
      spa_record_set_int (line, "position", i);
      spa_record_set_string (line, "kind", lines[i].kind);
      spa_record_set_string (line, "item_id", lines[i].item_id);
      spa_record_set_string (line, "therapist_id", lines[i].therapist_id);
      spa_record_set_string (line, "description", lines[i].description);
      spa_record_set_int (line, "quantity", lines[i].quantity);
      spa_record_set_int (line, "unit_price_cents", lines[i].unit_price);
      spa_record_set_int (line, "tax_cents", lines[i].tax);
      spa_record_set_int (line, "total_cents", lines[i].quantity * lines[i].unit_price +
                                                   lines[i].tax);
      spa_record_set_string (line, "refund_of_line", lines[i].line_id);
      spa_record_set_timestamps (line, at, at);
      if (line_ids != NULL)
        line_ids[i] = g_strdup (spa_record_get_id (line));
      if (!save (gen, line, error))
        return FALSE;
    }
  /* A few pay part by card and the rest in cash. */
  for (guint i = 0; i < (split ? 2 : 1); i++)
    {
      g_autoptr(SpaRecord) payment = new_record (gen, "payment");
      gint64 amount = split ? (i == 0 ? total / 2 : total - total / 2) : total;

      spa_record_set_string (payment, "invoice_id", spa_record_get_id (issued));
      spa_record_set_string (payment, "method", split && i == 1 ? "cash" : method);
      spa_record_set_int (payment, "amount_cents", amount);
      if (i == 0 && tip > 0)
        spa_record_set_int (payment, "tip_cents", tip);
      spa_record_set_string (payment, "received_at", at);
      spa_record_set_timestamps (payment, at, at);
      if (!save (gen, payment, error))
        return FALSE;
    }
  return save (gen, issued, error);
}

static const char *
pick_method (Generator *gen)
{
  guint r = g_rand_int_range (gen->rand, 0, 100);

  return r < 55 ? "card" : r < 75 ? "cash" : r < 95 ? "e_transfer" : "other";
}

static BenchLine
product_line (Generator  *gen,
              const char *therapist_id)
{
  guint p = g_rand_int_range (gen->rand, 0, G_N_ELEMENTS (bench_products));
  BenchLine line = { "product", gen->product_ids->pdata[p], therapist_id, bench_products[p].name,
                     g_rand_int_range (gen->rand, 0, 5) == 0 ? 2 : 1, bench_products[p].price };

  line.tax = spa_money_tax (line.quantity * line.unit_price, 500);
  return line;
}

/* A completed visit's sale, as the till writes it (spa_checkout_draft_save): the
 * massage, sometimes a product the therapist sold, usually a tip, paid by card, cash or
 * e-transfer (a few split). Now and then the sale is refunded some days later (a
 * returned product, or a visit given back), if that day has come; and now and then a
 * client buys a product at the desk with no visit. */
static gboolean
make_invoice (Generator   *gen,
              SpaRecord   *booking,
              gint64       days_ago,
              SpaBenchGenerated *out,
              GError     **error)
{
  const char *at = spa_record_get_string (booking, "ends_at");
  const char *client_id = spa_record_get_string (booking, "client_id");
  const char *therapist_id = spa_record_get_string (booking, "therapist_id");
  gint64 price = spa_record_get_int (booking, "price_cents", 0);
  BenchLine lines[2] = {
    { "service", spa_record_get_string (booking, "service_id"), therapist_id, "Massage", 1, price,
      spa_money_tax (price, 500) },
  };
  guint n_lines = 1;
  gint64 tip = 0;
  g_autofree char *number = NULL;
  g_autofree char *sale_id = NULL;
  char *line_ids[2] = { NULL, NULL };
  const char *method = pick_method (gen);
  gboolean ok;

  if (g_rand_int_range (gen->rand, 0, 100) < 15)
    lines[n_lines++] = product_line (gen, therapist_id);
  if (g_rand_int_range (gen->rand, 0, 100) < 70)
    tip = (price * g_rand_int_range (gen->rand, 10, 21) / 100 + 50) / 100 * 100;
  number = g_strdup_printf ("BENCH-%07" G_GINT64_FORMAT, ++out->invoices);
  ok = save_invoice (gen, "sale", NULL, client_id, spa_record_get_id (booking), lines, n_lines,
                     tip, therapist_id, method, g_rand_int_range (gen->rand, 0, 100) < 5, at,
                     number, line_ids, &sale_id, error);

  /* About one sale in seventy comes back: the product if there was one, else the visit. */
  if (ok && days_ago > 14 && g_rand_int_range (gen->rand, 0, 70) == 0)
    {
      g_autoptr(GDateTime) sold = spa_time_parse_utc (at);
      g_autoptr(GDateTime) back = g_date_time_add_days (sold, g_rand_int_range (gen->rand, 1, 14));
      g_autofree char *back_at = format_time (back);
      g_autofree char *refund_number = NULL;
      BenchLine line = lines[n_lines - 1];

      line.line_id = line_ids[n_lines - 1];
      refund_number = g_strdup_printf ("BENCH-%07" G_GINT64_FORMAT, ++out->invoices);
      out->refunds++;
      ok = save_invoice (gen, "refund", sale_id, client_id, spa_record_get_id (booking), &line, 1,
                         0, NULL, method, FALSE, back_at, refund_number, NULL, NULL, error);
    }
  g_free (line_ids[0]);
  g_free (line_ids[1]);

  /* A product bought at the desk, with no visit. */
  if (ok && g_rand_int_range (gen->rand, 0, 100) < 4)
    {
      BenchLine product = product_line (gen, NULL);
      const char *buyer = gen->client_ids->pdata[g_rand_int_range (gen->rand, 0,
                                                                   gen->client_ids->len)];

      number = (g_free (number), g_strdup_printf ("BENCH-%07" G_GINT64_FORMAT, ++out->invoices));
      ok = save_invoice (gen, "sale", NULL, buyer, NULL, &product, 1, 0, NULL, pick_method (gen),
                         FALSE, at, number, NULL, NULL, error);
    }
  return ok;
}

/* One therapist's day: back-to-back sessions from the morning, each with its service's
 * clean-up buffer; cancelled and no-show bookings take no time, so active bookings never
 * overlap for a therapist. A room is given when one is free. */
static gboolean
generate_bookings (Generator            *gen,
                   const SpaBenchSizes  *sizes,
                   GDateTime            *start,
                   gint64                today_index,
                   SpaBenchGenerated    *out,
                   GError              **error)
{
  guint n_days = sizes->years * 365;
  guint64 made = 0;
  double note_chance;
  g_autofree gint64 *room_free = g_new0 (gint64, MAX (sizes->n_rooms, 1));

  /* About 80 % of the past bookings are completed; notes go to those. */
  note_chance = sizes->n_bookings > 0
    ? MIN (1.0, 1.02 * sizes->n_notes / (0.80 * sizes->n_bookings * MIN (1.0, (double)today_index / n_days)))
    : 0;

  for (guint day = 0; day < n_days && made < sizes->n_bookings; day++)
    {
      g_autoptr(GDateTime) midnight = g_date_time_add_days (start, day);
      g_autofree char *date = g_date_time_format (midnight, "%Y-%m-%d");
      /* Spread what is left evenly over the days left. */
      guint64 today_count = (sizes->n_bookings - made + (n_days - day) - 1) / (n_days - day);
      gint64 days_from_today = (gint64)day - today_index;

      for (guint r = 0; r < sizes->n_rooms; r++)
        room_free[r] = 0;

      for (guint t = 0; t < sizes->n_therapists && made < sizes->n_bookings; t++)
        {
          guint n = today_count / sizes->n_therapists + (t < today_count % sizes->n_therapists ? 1 : 0);
          /* Local 07:00 in Vancouver is 15:00 UTC (14:00 in summer; close enough). */
          gint64 minute = 15 * 60;

          for (guint k = 0; k < n; k++)
            {
              g_autoptr(SpaRecord) booking = new_record (gen, "booking");
              guint service = g_rand_int_range (gen->rand, 0, G_N_ELEMENTS (service_times));
              guint duration = service_times[service].duration;
              const char *status = pick_status (gen, days_from_today);
              gboolean occupies = !g_str_equal (status, "cancelled") && !g_str_equal (status, "no_show");
              g_autoptr(GDateTime) starts = g_date_time_add_minutes (midnight, minute);
              g_autoptr(GDateTime) ends = g_date_time_add_minutes (starts, duration);
              g_autofree char *starts_at = format_time (starts);
              g_autofree char *ends_at = format_time (ends);
              g_autoptr(JsonNode) history_node = NULL;
              g_autoptr(SpaRecord) note = NULL;
              const char *client_id;

              /* Regulars come often: a skewed pick of clients. */
              client_id = gen->client_ids->pdata[(guint)(gen->client_ids->len *
                                                         pow (g_rand_double (gen->rand), 1.3))];

              spa_record_set_string (booking, "client_id", client_id);
              spa_record_set_string (booking, "therapist_id", gen->therapist_ids->pdata[t]);
              spa_record_set_string (booking, "service_id", spa_default_service_id (service));
              /* At the therapist's location, in one of its rooms. */
              spa_record_set_string (booking, SPA_LOCATION_ID_FIELD,
                                     gen->location_ids->pdata[t % gen->location_ids->len]);
              for (guint r = 0; r < sizes->n_rooms && occupies; r++)
                {
                  guint room = (t + r) % sizes->n_rooms;

                  if (room % gen->location_ids->len != t % gen->location_ids->len)
                    continue;
                  if (room_free[room] <= minute)
                    {
                      spa_record_set_string (booking, "room_id", gen->room_ids->pdata[room]);
                      room_free[room] = minute + duration + service_times[service].buffer;
                      break;
                    }
                }
              spa_record_set_string (booking, "starts_at", starts_at);
              spa_record_set_string (booking, "ends_at", ends_at);
              spa_record_set_string (booking, "status", status);
              spa_record_set_string (booking, "source", g_rand_int_range (gen->rand, 0, 4) == 0 ? "online" : "desk");
              spa_record_set_int (booking, "price_cents", 9500 + 1000 * (duration - 45) / 15);
              if (g_str_equal (status, "cancelled"))
                spa_record_set_string (booking, "cancel_reason", "Client called: sick.");
              history_node = status_history (starts_at, status, ends_at);
              spa_record_set_json (booking, "status_history", history_node);
              spa_record_set_timestamps (booking, starts_at, ends_at);
              /* The note copies the booking's fields before the writer gets it. */
              if (g_str_equal (status, "completed") && out->notes < sizes->n_notes &&
                  g_rand_double (gen->rand) < note_chance)
                note = make_note (gen, booking, t, date, duration);
              if (!save (gen, booking, error) || (note != NULL && !save (gen, note, error)))
                return FALSE;
              if (g_str_equal (status, "completed") &&
                  !make_invoice (gen, booking, -days_from_today, out, error))
                return FALSE;
              made++;
              if (note != NULL)
                out->notes++;

              if (occupies)
                minute += duration + service_times[service].buffer;
            }
        }
    }

  out->bookings = made;
  return TRUE;
}

/**
 * spa_bench_generate:
 * @store: an empty store
 * @sizes: how much to make
 * @out: (out): what was made and how long it took
 *
 * Fills @store with a spa chain's history: clients with accented names and phone
 * numbers, therapists, rooms, @sizes->years of bookings up to a month from now
 * (completed, cancelled and no-shows in the past, booked and confirmed ahead), intakes,
 * and signed SOAP notes with pain ratings on completed sessions.
 */
gboolean
spa_bench_generate (SpaStore             *store,
                    const SpaBenchSizes  *sizes,
                    SpaBenchGenerated    *out,
                    GError              **error)
{
  Generator gen = { store };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) today = g_date_time_new_utc (g_date_time_get_year (now), g_date_time_get_month (now),
                                                    g_date_time_get_day_of_month (now), 0, 0, 0);
  g_autoptr(GDateTime) start = NULL;
  gint64 today_index;
  gint64 started = g_get_monotonic_time ();
  gboolean ok;

  g_return_val_if_fail (SPA_IS_STORE (store), FALSE);
  g_return_val_if_fail (sizes->n_therapists > 0 && sizes->years > 0, FALSE);

  memset (out, 0, sizeof *out);
  if (!spa_store_is_empty (store))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "The database already holds data.");
      return FALSE;
    }

  /* The history ends a month from today. */
  today_index = sizes->years * 365 - 30;
  start = g_date_time_add_days (today, -today_index);

  gen.rand = g_rand_new_with_seed (sizes->seed);
  gen.client_ids = g_ptr_array_new_with_free_func (g_free);
  gen.therapist_ids = g_ptr_array_new_with_free_func (g_free);
  gen.therapist_names = g_ptr_array_new_with_free_func (g_free);
  gen.room_ids = g_ptr_array_new_with_free_func (g_free);
  gen.product_ids = g_ptr_array_new_with_free_func (g_free);
  gen.location_ids = g_ptr_array_new_with_free_func (g_free);

  g_mutex_init (&gen.lock);
  g_cond_init (&gen.cond);
  g_queue_init (&gen.queue);
  g_queue_init (&gen.written);
  gen.batch = g_ptr_array_new_full (HANDOVER, g_object_unref);

  ok = spa_store_begin_bulk (store, error);
  if (ok)
    {
      GThread *writer = g_thread_new ("spa-bench-writer", writer_thread, &gen);
      g_autoptr(GError) local_error = NULL;

      ok = generate_staff (&gen, sizes, &local_error) &&
           generate_products (&gen, &local_error) &&
           generate_clients (&gen, sizes, start, &out->intakes, &local_error) &&
           (sizes->n_clients == 0 || generate_bookings (&gen, sizes, start, today_index, out, &local_error)) &&
           hand_over (&gen, &local_error);

      g_mutex_lock (&gen.lock);
      gen.done = TRUE;
      g_cond_broadcast (&gen.cond);
      g_mutex_unlock (&gen.lock);
      g_thread_join (writer);

      /* The writer's own error says what went wrong; ours only that it stopped. */
      if (gen.error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&gen.error));
          ok = FALSE;
        }
      else if (!ok)
        g_propagate_error (error, g_steal_pointer (&local_error));

      if (ok)
        ok = spa_store_commit (store, error);
      else if (spa_store_in_transaction (store))
        spa_store_rollback (store);
    }

  g_queue_clear_full (&gen.queue, (GDestroyNotify)g_ptr_array_unref);
  g_queue_clear_full (&gen.written, (GDestroyNotify)g_ptr_array_unref);
  g_ptr_array_unref (gen.batch);
  g_mutex_clear (&gen.lock);
  g_cond_clear (&gen.cond);

  out->clients = gen.client_ids->len;
  out->seconds = (g_get_monotonic_time () - started) / (double)G_USEC_PER_SEC;

  g_rand_free (gen.rand);
  g_ptr_array_unref (gen.client_ids);
  g_ptr_array_unref (gen.therapist_ids);
  g_ptr_array_unref (gen.therapist_names);
  g_ptr_array_unref (gen.room_ids);
  g_ptr_array_unref (gen.product_ids);
  g_ptr_array_unref (gen.location_ids);
  return ok;
}
