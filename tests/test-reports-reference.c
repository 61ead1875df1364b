/* test-reports-reference.c: the reports against a straightforward computation
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "spa-core.h"
#include "spa-migrations.h"
#include "spa-store-private.h"
#include "spa-test-util.h"

/*
 * The reports read their rows the fast way (covering indexes, integer keys, one scan
 * for several figures). Here a year of random but reproducible bookings and sales,
 * across both daylight-saving changes of 2025 in Vancouver, is counted again the plain
 * way: every record read whole, every time turned into the spa's local time by
 * GDateTime, every definition applied as the documentation says. Both must agree for
 * days, weeks, months, a quarter, a year and custom spans, with and without filters.
 */

#define SWEDISH spa_default_service_id (0)   /* 60 min, 15 min cleanup */
#define HOT_STONE spa_default_service_id (4) /* 90 min, 20 min cleanup */

#define WEEKDAY_HOURS \
  "{\"mon\": [{\"start\": \"09:00\", \"end\": \"17:00\"}]," \
  " \"tue\": [{\"start\": \"09:00\", \"end\": \"17:00\"}]," \
  " \"wed\": [{\"start\": \"09:00\", \"end\": \"12:00\"}," \
  "           {\"start\": \"13:00\", \"end\": \"21:00\"}]," \
  " \"sat\": [{\"start\": \"10:00\", \"end\": \"16:00\"}]}"
/* Working minutes a week per weekday (Monday first) of WEEKDAY_HOURS. */
static const int weekday_hours[7] = { 480, 480, 660, 0, 0, 360, 0 };

#define N_CLIENTS 8

typedef struct
{
  char      *dir;
  SpaStore  *store;
  GTimeZone *zone;
  SpaRecord *clients[N_CLIENTS];
  SpaRecord *a;  /* working hours */
  SpaRecord *b;  /* none */
  SpaRecord *r1, *r2;
} Fixture;

/* One booking as the plain computation sees it. */
typedef struct
{
  gint64      starts, ends, cancelled_at;
  char       *status;
  char       *client_id, *therapist_id, *room_id, *service_id;
} Plain;

static void
plain_free (gpointer data)
{
  Plain *p = data;

  g_free (p->status);
  g_free (p->client_id);
  g_free (p->therapist_id);
  g_free (p->room_id);
  g_free (p->service_id);
  g_free (p);
}

static gint64
unix_of (const char *utc)
{
  g_autoptr(GDateTime) dt = spa_time_parse_utc (utc);

  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt);
}

/* The local day (days since 1970-01-01) and minute of the day of instant @t. */
static gint64
local_day (Fixture *f,
           gint64   t,
           int     *minute,
           int     *weekday)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (t);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, f->zone);

  if (minute)
    *minute = g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local);
  if (weekday)
    *weekday = g_date_time_get_day_of_week (local) - 1;
  return spa_report_day_from_ymd (g_date_time_get_year (local), g_date_time_get_month (local),
                                  g_date_time_get_day_of_month (local));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static const char * const names[N_CLIENTS][2] = {
    { "Zoë", "Tremblay" }, { "Marc", "Côté" }, { "Ann", "Nørgaard" }, { "Léa", "Roy" },
    { "Omar", "Khan" }, { "Mei", "Chen" }, { "Seán", "Murray" }, { "Åsa", "Lindqvist" },
  };

  f->zone = g_time_zone_new_identifier ("America/Vancouver");
  f->store = spa_test_open_store (&f->dir);
  spa_schedule_set_time_zone (f->store, f->zone);
  for (guint i = 0; i < N_CLIENTS; i++)
    f->clients[i] = spa_test_add_client (f->store, names[i][0], names[i][1], NULL, NULL);
  f->a = spa_test_add_named (f->store, "therapist", "Claire Dubois", WEEKDAY_HOURS);
  f->b = spa_test_add_named (f->store, "therapist", "Marcus Lee", NULL);
  f->r1 = spa_test_add_named (f->store, "room", "Cedar room", NULL);
  f->r2 = spa_test_add_named (f->store, "room", "Ocean room", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  for (guint i = 0; i < N_CLIENTS; i++)
    g_clear_object (&f->clients[i]);
  g_clear_object (&f->a);
  g_clear_object (&f->b);
  g_clear_object (&f->r1);
  g_clear_object (&f->r2);
  g_clear_object (&f->store);
  g_time_zone_unref (f->zone);
  spa_test_remove_dir (f->dir);
  g_free (f->dir);
}

/* A sale at @at as the till makes it, maybe with a bottle of @oil, maybe a tip. */
static SpaRecord *
sell (Fixture    *f,
      GRand      *rand,
      gint64      at,
      const char *client_id,
      const char *service_id,
      SpaRecord  *therapist,
      SpaRecord  *oil)
{
  static const char * const methods[] = { "card", "cash", "e_transfer", "other" };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(SpaCheckoutDraft) draft = NULL;
  g_autoptr(GError) error = NULL;
  SpaRecord *invoice;

  spa_store_set_clock_offset (f->store, (at - g_date_time_to_unix (now)) * G_USEC_PER_SEC);
  draft = spa_checkout_draft_new (f->store);
  spa_checkout_draft_set_client_id (draft, client_id);
  g_assert_true (spa_checkout_draft_add_service (draft, service_id, spa_record_get_id (therapist),
                                                 &error));
  if (g_rand_int_range (rand, 0, 3) == 0)
    g_assert_true (spa_checkout_draft_add_product (draft, spa_record_get_id (oil),
                                                   g_rand_int_range (rand, 1, 3), &error));
  g_assert_no_error (error);
  spa_checkout_draft_set_tip (draft, g_rand_int_range (rand, 0, 3) * 750);
  g_assert_true (spa_checkout_draft_add_payment (draft,
                                                 methods[g_rand_int_range (rand, 0, 4)],
                                                 spa_checkout_draft_get_balance (draft), &error));
  invoice = spa_checkout_draft_save (draft, "Maria", &error);
  g_assert_no_error (error);
  spa_store_set_clock_offset (f->store, 0);
  return invoice;
}

static void
refund (Fixture   *f,
        GRand     *rand,
        SpaRecord *invoice,
        gint64     at)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lines = spa_store_money_lines (f->store, spa_record_get_id (invoice),
                                                      &error);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(SpaRecord) back = NULL;
  const char *chosen[2] = { NULL, NULL };

  g_assert_no_error (error);
  chosen[0] = spa_record_get_id (lines->pdata[g_rand_int_range (rand, 0, lines->len)]);
  spa_store_set_clock_offset (f->store, (at - g_date_time_to_unix (now)) * G_USEC_PER_SEC);
  back = spa_store_money_refund (f->store, SPA_ROLE_MANAGER, spa_record_get_id (invoice), chosen,
                                 "cash", "Maria", &error);
  spa_store_set_clock_offset (f->store, 0);
  g_assert_no_error (error);
  g_assert_nonnull (back);
}

/* Slots three hours apart (an hour past midnight included, and 22:30, whose 90 minutes
 * end the next day), so that a therapist's bookings and cleanups never overlap. */
static const int slot_hours[] = { 1, 7, 10, 13, 16, 19, 22 };

static void
add_history (Fixture *f,
             guint32  seed,
             guint    n)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(SpaRecord) swedish = NULL;
  g_autoptr(SpaRecord) hot_stone = NULL;
  g_autoptr(SpaRecord) oil = spa_record_new ("product");
  g_autoptr(GError) error = NULL;
  gint64 first_day = spa_report_day_from_ymd (2025, 1, 20);
  guint made = 0;

  swedish = spa_store_get (f->store, "service", SWEDISH, &error);
  hot_stone = spa_store_get (f->store, "service", HOT_STONE, &error);
  g_assert_no_error (error);
  spa_record_set_int (swedish, "price_cents", 10000);
  spa_record_set_int (hot_stone, "price_cents", 14500);
  spa_record_set_string (oil, "name", "Arnica massage oil");
  spa_record_set_int (oil, "price_cents", 2000);
  g_assert_true (spa_store_save (f->store, swedish, &error) &&
                 spa_store_save (f->store, hot_stone, &error) &&
                 spa_store_save (f->store, oil, &error));
  g_assert_no_error (error);

  while (made < n)
    {
      gint64 day = first_day + g_rand_int_range (rand, 0, 345);
      int slot = slot_hours[g_rand_int_range (rand, 0, G_N_ELEMENTS (slot_hours))];
      gboolean with_a = g_rand_int_range (rand, 0, 3) != 0;
      SpaRecord *therapist = with_a ? f->a : f->b;
      SpaRecord *client = f->clients[g_rand_int_range (rand, 0, N_CLIENTS)];
      gboolean hot = g_rand_boolean (rand);
      guint r = g_rand_int_range (rand, 0, 100);
      const char *status = r < 45   ? "completed"
                           : r < 50 ? "checked_in"
                           : r < 60 ? "no_show"
                           : r < 80 ? "cancelled"
                           : r < 90 ? "booked"
                           : r < 95 ? "confirmed"
                                    : "requested";
      g_autofree char *key = g_strdup_printf ("%d/%" G_GINT64_FORMAT "/%d", with_a, day, slot);
      g_autoptr(SpaRecord) booking = spa_record_new ("booking");
      g_autoptr(GDateTime) start = NULL;
      g_autoptr(GDateTime) end = NULL;
      g_autofree char *starts_at = NULL;
      g_autofree char *ends_at = NULL;
      int y, m, d;

      if (g_hash_table_contains (taken, key))
        continue;
      g_hash_table_add (taken, g_steal_pointer (&key));
      spa_report_day_to_ymd (day, &y, &m, &d);
      start = g_date_time_new (f->zone, y, m, d, slot, g_rand_boolean (rand) ? 30 : 0, 0);
      end = g_date_time_add_minutes (start, hot ? 90 : 60);
      starts_at = spa_time_format_utc (start);
      ends_at = spa_time_format_utc (end);

      spa_record_set_string (booking, "client_id", spa_record_get_id (client));
      spa_record_set_string (booking, "therapist_id", spa_record_get_id (therapist));
      spa_record_set_string (booking, "service_id", hot ? HOT_STONE : SWEDISH);
      /* Each therapist has a room of their own, or none. */
      if (g_rand_int_range (rand, 0, 4) != 0)
        spa_record_set_string (booking, "room_id", spa_record_get_id (with_a ? f->r1 : f->r2));
      spa_record_set_string (booking, "starts_at", starts_at);
      spa_record_set_string (booking, "ends_at", ends_at);
      spa_record_set_string (booking, "status", status);
      spa_booking_add_history (booking, "booked", "2025-01-01T00:00:00Z");
      if (g_str_equal (status, "cancelled"))
        {
          /* Late (under 24 hours before) or in good time; a few without a time. */
          int hours = g_rand_boolean (rand) ? g_rand_int_range (rand, 1, 24)
                                            : g_rand_int_range (rand, 25, 300);
          g_autoptr(GDateTime) when = g_date_time_add_hours (start, -hours);
          g_autofree char *at = spa_time_format_utc (when);

          if (g_rand_int_range (rand, 0, 8) != 0)
            spa_booking_add_history (booking, "cancelled", at);
        }
      spa_store_save (f->store, booking, &error);
      g_assert_no_error (error);
      made++;

      /* Half the visits are paid at their end; one sale in eight is refunded later. */
      if (g_str_equal (status, "completed") && g_rand_boolean (rand))
        {
          g_autoptr(SpaRecord) invoice =
                         sell (f, rand, g_date_time_to_unix (end), spa_record_get_id (client),
                               hot ? HOT_STONE : SWEDISH, therapist, oil);

          if (g_rand_int_range (rand, 0, 8) == 0)
            refund (f, rand, invoice,
                    g_date_time_to_unix (end) + g_rand_int_range (rand, 1, 72) * 3600);
        }
    }
}

/* Every booking that is not deleted, and each client's first visit ever. */
static GPtrArray *
read_plain (Fixture    *f,
            GHashTable *first_visits)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = spa_store_query (f->store, "booking", "WHERE deleted = 0", NULL,
                                                  &error);
  GPtrArray *plain = g_ptr_array_new_with_free_func (plain_free);

  g_assert_no_error (error);
  for (guint i = 0; i < records->len; i++)
    {
      SpaRecord *record = records->pdata[i];
      Plain *p = g_new0 (Plain, 1);
      JsonNode *node = spa_booking_get_status_history (record);
      JsonArray *history = node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

      p->starts = unix_of (spa_record_get_string (record, "starts_at"));
      p->ends = unix_of (spa_record_get_string (record, "ends_at"));
      p->status = g_strdup (spa_record_get_string (record, "status"));
      p->client_id = g_strdup (spa_record_get_string (record, "client_id"));
      p->therapist_id = g_strdup (spa_record_get_string (record, "therapist_id"));
      p->room_id = g_strdup (spa_record_get_string (record, "room_id"));
      p->service_id = g_strdup (spa_record_get_string (record, "service_id"));
      /* When it was cancelled: the history's last "cancelled" entry. */
      for (guint k = 0; history != NULL && k < json_array_get_length (history); k++)
        {
          JsonObject *entry = json_array_get_object_element (history, k);

          if (g_strcmp0 (json_object_get_string_member_with_default (entry, "status", ""),
                         "cancelled") == 0)
            p->cancelled_at = unix_of (json_object_get_string_member (entry, "at"));
        }
      if (!g_str_equal (p->status, "cancelled"))
        p->cancelled_at = 0;
      if (g_str_equal (p->status, "completed") || g_str_equal (p->status, "checked_in"))
        {
          gpointer seen = g_hash_table_lookup (first_visits, p->client_id);

          if (seen == NULL || p->starts < *(gint64 *)seen)
            {
              gint64 *value = g_new (gint64, 1);

              *value = p->starts;
              g_hash_table_insert (first_visits, g_strdup (p->client_id), value);
            }
        }
      g_ptr_array_add (plain, p);
    }
  return plain;
}

static gboolean
passes (const Plain           *p,
        const SpaReportFilter *filter)
{
  return (filter->therapist_id == NULL || g_strcmp0 (filter->therapist_id, p->therapist_id) == 0) &&
         (filter->room_id == NULL || g_strcmp0 (filter->room_id, p->room_id) == 0) &&
         (filter->service_id == NULL || g_strcmp0 (filter->service_id, p->service_id) == 0);
}

static gboolean
is_visit (const Plain *p)
{
  return g_str_equal (p->status, "completed") || g_str_equal (p->status, "checked_in");
}

static gboolean
holds (const Plain *p)
{
  return is_visit (p) || g_str_equal (p->status, "booked") || g_str_equal (p->status, "confirmed");
}

static gboolean
is_late (const Plain *p)
{
  return g_str_equal (p->status, "cancelled") && p->cancelled_at != 0 &&
         p->starts - p->cancelled_at < 24 * 3600;
}

static gboolean
is_due (const Plain *p)
{
  return !g_str_equal (p->status, "requested") &&
         (!g_str_equal (p->status, "cancelled") || is_late (p));
}

static int
buffer_of (const Plain *p)
{
  return g_str_equal (p->service_id, HOT_STONE) ? 20 : 15;
}

/* The dashboard's figures from the plain bookings, as SpaDashboard documents them. */
static void
plain_dashboard (Fixture               *f,
                 GPtrArray             *plain,
                 GHashTable            *first_visits,
                 const SpaReportPeriod *period,
                 const SpaReportFilter *filter,
                 SpaDashboard          *out)
{
  g_autoptr(GHashTable) first_in = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  gint64 a_booked = 0, a_buffer = 0, working = 0;
  gboolean a_counts = filter->therapist_id == NULL ||
                      g_str_equal (filter->therapist_id, spa_record_get_id (f->a));
  GHashTableIter iter;
  gpointer key, value;

  memset (out, 0, sizeof *out);
  for (guint i = 0; i < plain->len; i++)
    {
      Plain *p = plain->pdata[i];
      gint64 day = local_day (f, p->starts, NULL, NULL);
      gint64 *first;

      if (day < period->first || day > period->last || !passes (p, filter))
        continue;
      out->visits += is_visit (p);
      out->appointments += is_due (p);
      out->no_shows += g_str_equal (p->status, "no_show");
      out->late_cancellations += is_late (p);
      out->cancellations += g_str_equal (p->status, "cancelled");
      if (holds (p) && g_str_equal (p->therapist_id, spa_record_get_id (f->a)))
        {
          a_booked += (p->ends - p->starts) / 60;
          a_buffer += buffer_of (p);
        }
      if (!is_visit (p))
        continue;
      first = g_hash_table_lookup (first_in, p->client_id);
      if (first == NULL)
        {
          first = g_new (gint64, 1);
          *first = p->starts;
          g_hash_table_insert (first_in, p->client_id, first);
        }
      *first = MIN (*first, p->starts);
    }
  /* Only therapist A has working hours. */
  for (gint64 day = period->first; day <= period->last; day++)
    working += weekday_hours[((day % 7) + 7 + 3) % 7];
  if (a_counts)
    {
      out->booked_minutes = a_booked;
      out->buffer_minutes = a_buffer;
      out->working_minutes = working;
    }

  g_hash_table_iter_init (&iter, first_in);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gint64 first = *(gint64 *)value;
      gint64 *ever = g_hash_table_lookup (first_visits, key);

      gint64 ever_day = local_day (f, *ever, NULL, NULL);

      out->clients++;
      /* New: the first visit ever, whoever gave it, is in the period. */
      out->new_clients += ever_day >= period->first && ever_day <= period->last;
      /* Booked again (any booking not cancelled) within 6 weeks of that visit. */
      for (guint i = 0; i < plain->len; i++)
        {
          Plain *p = plain->pdata[i];

          if (g_str_equal (p->client_id, key) && passes (p, filter) &&
              !g_str_equal (p->status, "cancelled") && p->starts > first &&
              p->starts <= first + 42 * 86400)
            {
              out->rebooked_clients++;
              break;
            }
        }
    }
}

/* The money figures from the issued invoices, their lines and payments. */
static void
plain_money (Fixture               *f,
             const SpaReportPeriod *period,
             const SpaReportFilter *filter,
             SpaDashboard          *out,
             gint64                 methods[4])
{
  static const char * const method_names[] = { "card", "cash", "e_transfer", "other" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) invoices =
                 spa_store_query (f->store, "invoice", "WHERE status = 'issued' AND deleted = 0",
                                  NULL, &error);

  g_assert_no_error (error);
  memset (methods, 0, 4 * sizeof (gint64));
  for (guint i = 0; i < invoices->len; i++)
    {
      SpaRecord *invoice = invoices->pdata[i];
      gint64 issued = unix_of (spa_record_get_string (invoice, "issued_at"));
      gint64 day = local_day (f, issued, NULL, NULL);
      int sign = g_strcmp0 (spa_record_get_string (invoice, "kind"), "refund") == 0 ? -1 : 1;
      g_autoptr(GPtrArray) lines = NULL;
      g_autoptr(GPtrArray) payments = NULL;
      gboolean counted = FALSE;

      if (day < period->first || day > period->last)
        continue;
      lines = spa_store_money_lines (f->store, spa_record_get_id (invoice), &error);
      payments = spa_store_money_payments (f->store, spa_record_get_id (invoice), &error);
      g_assert_no_error (error);
      for (guint k = 0; k < lines->len; k++)
        {
          SpaRecord *line = lines->pdata[k];
          const char *kind = spa_record_get_string (line, "kind");
          gint64 total = sign * spa_record_get_int (line, "total_cents", 0);
          gint64 tax = sign * spa_record_get_int (line, "tax_cents", 0);

          if (filter->therapist_id &&
              g_strcmp0 (filter->therapist_id, spa_record_get_string (line, "therapist_id")) != 0)
            continue;
          out->revenue_cents += total;
          out->tax_cents += tax;
          if (g_str_equal (kind, "service"))
            out->services_cents += total - tax;
          else if (g_str_equal (kind, "product"))
            out->products_cents += total - tax;
          if (sign > 0 && !counted)
            {
              out->sales++;
              counted = TRUE;
            }
        }
      if (filter->therapist_id == NULL ||
          g_strcmp0 (filter->therapist_id,
                     spa_record_get_string (invoice, "tip_therapist_id")) == 0)
        {
          out->tips_cents += sign * spa_record_get_int (invoice, "tip_cents", 0);
          out->revenue_cents += sign * spa_record_get_int (invoice, "tip_cents", 0);
        }
      for (guint k = 0; k < payments->len; k++)
        for (guint m = 0; m < 4; m++)
          if (g_str_equal (spa_record_get_string (payments->pdata[k], "method"), method_names[m]))
            methods[m] += sign * spa_record_get_int (payments->pdata[k], "amount_cents", 0);
    }
}

static void
assert_dashboards_equal (const SpaDashboard *got,
                         const SpaDashboard *want,
                         gboolean            money)
{
  g_assert_cmpint (got->visits, ==, want->visits);
  g_assert_cmpint (got->appointments, ==, want->appointments);
  g_assert_cmpint (got->no_shows, ==, want->no_shows);
  g_assert_cmpint (got->late_cancellations, ==, want->late_cancellations);
  g_assert_cmpint (got->cancellations, ==, want->cancellations);
  g_assert_cmpint (got->booked_minutes, ==, want->booked_minutes);
  g_assert_cmpint (got->buffer_minutes, ==, want->buffer_minutes);
  g_assert_cmpint (got->working_minutes, ==, want->working_minutes);
  g_assert_cmpint (got->clients, ==, want->clients);
  g_assert_cmpint (got->new_clients, ==, want->new_clients);
  g_assert_cmpint (got->rebooked_clients, ==, want->rebooked_clients);
  if (!money)
    return;
  g_assert_cmpint (got->revenue_cents, ==, want->revenue_cents);
  g_assert_cmpint (got->services_cents, ==, want->services_cents);
  g_assert_cmpint (got->products_cents, ==, want->products_cents);
  g_assert_cmpint (got->tips_cents, ==, want->tips_cents);
  g_assert_cmpint (got->tax_cents, ==, want->tax_cents);
  g_assert_cmpint (got->sales, ==, want->sales);
}

static int
column_of (SpaReportTable *table,
           const char     *title)
{
  for (guint i = 0; i < table->columns->len; i++)
    if (g_strcmp0 (((SpaReportColumn *)table->columns->pdata[i])->title, title) == 0)
      return (int)i;
  g_assert_not_reached ();
}

static double
row_value (SpaReportTable *table,
           const char     *key,
           const char     *column)
{
  for (guint i = 0; i < table->rows->len; i++)
    if (g_strcmp0 (((SpaReportRow *)table->rows->pdata[i])->key, key) == 0)
      return spa_report_table_get (table, i, column_of (table, column));
  return 0;
}

/* The visits over time, no-shows by weekday, busy hours and utilisation by therapist
 * against the plain bookings. */
static void
check_booking_reports (Fixture               *f,
                       GPtrArray             *plain,
                       const SpaReportPeriod *period,
                       const SpaReportFilter *filter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaReportTable) visits =
                 spa_report_build (f->store, f->zone, SPA_REPORT_VISITS, period, filter, &error);
  g_autoptr(SpaReportTable) weekdays =
                 spa_report_build (f->store, f->zone, SPA_REPORT_NO_SHOWS_WEEKDAY, period, filter,
                                   &error);
  g_autoptr(SpaReportTable) heat =
                 spa_report_build (f->store, f->zone, SPA_REPORT_BUSY_HOURS, period, filter,
                                   &error);
  g_autoptr(SpaReportTable) use =
                 spa_report_build (f->store, f->zone, SPA_REPORT_UTILISATION_THERAPIST, period,
                                   filter, &error);
  g_autoptr(SpaReportTable) by_client =
                 spa_report_build (f->store, f->zone, SPA_REPORT_NO_SHOWS_CLIENT, period, filter,
                                   &error);
  g_autoptr(GHashTable) bucket_visits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                               g_free);
  /* Per client: appointments due, no-shows, late and all cancellations. */
  g_autoptr(GHashTable) client_shows = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                              g_free);
  guint missed_clients = 0;
  gint64 weekday_due[7] = { 0, }, weekday_no_shows[7] = { 0, };
  double heat_plain[7][24] = { { 0, }, };
  gint64 booked[2] = { 0, 0 }, seen[2] = { 0, 0 };
  guint n_days = spa_report_period_n_days (period);

  g_assert_no_error (error);
  for (guint i = 0; i < plain->len; i++)
    {
      Plain *p = plain->pdata[i];
      int minute, weekday, y, m, d;
      gint64 day = local_day (f, p->starts, &minute, &weekday);
      g_autofree char *bucket = NULL;
      gint64 *count;

      if (day < period->first || day > period->last || !passes (p, filter))
        continue;
      /* Hours for a day, days up to three months, months up to three years. */
      spa_report_day_to_ymd (day, &y, &m, &d);
      bucket = n_days == 1    ? g_strdup_printf ("%02d", minute / 60)
               : n_days <= 92 ? g_strdup_printf ("%04d-%02d-%02d", y, m, d)
                              : g_strdup_printf ("%04d-%02d-01", y, m);
      count = g_hash_table_lookup (bucket_visits, bucket);
      if (count == NULL)
        {
          count = g_new0 (gint64, 1);
          g_hash_table_insert (bucket_visits, g_steal_pointer (&bucket), count);
        }
      *count += is_visit (p);
      count = g_hash_table_lookup (client_shows, p->client_id);
      if (count == NULL)
        {
          count = g_new0 (gint64, 4);
          g_hash_table_insert (client_shows, p->client_id, count);
        }
      count[0] += is_due (p);
      count[1] += g_str_equal (p->status, "no_show");
      count[2] += is_late (p);
      count[3] += g_str_equal (p->status, "cancelled");
      weekday_due[weekday] += is_due (p);
      weekday_no_shows[weekday] += g_str_equal (p->status, "no_show");
      if (holds (p))
        {
          int t = g_str_equal (p->therapist_id, spa_record_get_id (f->a)) ? 0 : 1;

          /* Each minute in the local hour of the week it falls in. */
          for (gint64 k = 0; k < (p->ends - p->starts) / 60; k++)
            {
              gint64 at = minute + k;

              heat_plain[(weekday + at / (24 * 60)) % 7][(at / 60) % 24] += 1;
            }
          booked[t] += (p->ends - p->starts) / 60;
        }
      if (is_visit (p))
        seen[g_str_equal (p->therapist_id, spa_record_get_id (f->a)) ? 0 : 1]++;
    }

  {
    GHashTableIter iter;
    gpointer key, value;
    double sum = 0, want = 0;

    g_hash_table_iter_init (&iter, bucket_visits);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        g_assert_cmpfloat (row_value (visits, key, "Visits"), ==, *(gint64 *)value);
        want += *(gint64 *)value;
      }
    for (guint i = 0; i < visits->rows->len; i++)
      sum += spa_report_table_get (visits, i, column_of (visits, "Visits"));
    g_assert_cmpfloat (sum, ==, want);
  }
  for (int wd = 0; wd < 7; wd++)
    {
      g_autofree char *key = g_strdup_printf ("%d", wd + 1);

      g_assert_cmpfloat (row_value (weekdays, key, "Appointments"), ==, weekday_due[wd]);
      g_assert_cmpfloat (row_value (weekdays, key, "No-shows"), ==, weekday_no_shows[wd]);
      for (int h = 0; h < 24; h++)
        {
          g_autofree char *title = g_strdup_printf ("%02d:00", h);
          double got = 0;

          for (guint c = 0; c < heat->columns->len; c++)
            if (g_str_equal (((SpaReportColumn *)heat->columns->pdata[c])->title, title))
              got = spa_report_table_get (heat, wd, c);
          g_assert_cmpfloat (got, ==, heat_plain[wd][h]);
        }
    }
  /* The no-shows by client: every client with a no-show or a late cancellation (fewer
   * than the 50 shown), read for the whole spa from migration 56's rows. */
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, client_shows);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        gint64 *shows = value;

        if (shows[1] + shows[2] == 0)
          continue;
        missed_clients++;
        g_assert_cmpfloat (row_value (by_client, key, "Appointments"), ==, shows[0]);
        g_assert_cmpfloat (row_value (by_client, key, "No-shows"), ==, shows[1]);
        g_assert_cmpfloat (row_value (by_client, key, "Late cancellations"), ==, shows[2]);
        g_assert_cmpfloat (row_value (by_client, key, "Cancellations"), ==, shows[3]);
      }
    g_assert_cmpuint (by_client->rows->len, ==, missed_clients);
  }
  g_assert_cmpfloat (row_value (use, spa_record_get_id (f->a), "Booked hours"), ==, booked[0]);
  g_assert_cmpfloat (row_value (use, spa_record_get_id (f->a), "Visits"), ==, seen[0]);
  g_assert_cmpfloat (row_value (use, spa_record_get_id (f->b), "Booked hours"), ==, booked[1]);
  g_assert_cmpfloat (row_value (use, spa_record_get_id (f->b), "Visits"), ==, seen[1]);
}

static void
check_money_reports (Fixture               *f,
                     const SpaReportPeriod *period,
                     const SpaDashboard    *want,
                     const gint64           methods[4])
{
  static const char * const method_names[] = { "card", "cash", "e_transfer", "other" };
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaReportTable) over_time =
                 spa_report_build (f->store, f->zone, SPA_REPORT_REVENUE_TIME, period, NULL,
                                   &error);
  g_autoptr(SpaReportTable) by_method =
                 spa_report_build (f->store, f->zone, SPA_REPORT_REVENUE_METHOD, period, NULL,
                                   &error);
  /* By service and by therapist: whole UTC days from migration 53's sums, the ends from
   * the lines. */
  g_autoptr(SpaReportTable) by_service =
                 spa_report_build (f->store, f->zone, SPA_REPORT_REVENUE_SERVICE, period, NULL,
                                   &error);
  g_autoptr(SpaReportTable) sales =
                 spa_report_build (f->store, f->zone, SPA_REPORT_THERAPIST_SALES, period, NULL,
                                   &error);
  double revenue = 0, tips = 0, sold = 0, total = 0, therapist_tips = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < by_service->rows->len; i++)
    sold += spa_report_table_get (by_service, i, column_of (by_service, "Revenue"));
  for (guint i = 0; i < sales->rows->len; i++)
    {
      total += spa_report_table_get (sales, i, column_of (sales, "Total"));
      therapist_tips += spa_report_table_get (sales, i, column_of (sales, "Tips"));
    }
  g_assert_cmpfloat (sold, ==, want->services_cents + want->products_cents);
  g_assert_cmpfloat (total, ==, want->services_cents + want->products_cents + want->tips_cents);
  g_assert_cmpfloat (therapist_tips, ==, want->tips_cents);
  for (guint i = 0; i < over_time->rows->len; i++)
    {
      revenue += spa_report_table_get (over_time, i, column_of (over_time, "Revenue"));
      tips += spa_report_table_get (over_time, i, column_of (over_time, "Tips"));
    }
  g_assert_cmpfloat (revenue, ==, want->revenue_cents);
  g_assert_cmpfloat (tips, ==, want->tips_cents);
  for (guint m = 0; m < 4; m++)
    g_assert_cmpfloat (row_value (by_method, method_names[m], "Amount"), ==, methods[m]);
}

static void
assert_tables_equal (SpaReportTable *a,
                     SpaReportTable *b)
{
  g_assert_cmpint (a->kind, ==, b->kind);
  g_assert_cmpuint (a->rows->len, ==, b->rows->len);
  g_assert_cmpuint (a->columns->len, ==, b->columns->len);
  for (guint i = 0; i < a->rows->len; i++)
    {
      g_assert_cmpstr (((SpaReportRow *)a->rows->pdata[i])->key, ==,
                       ((SpaReportRow *)b->rows->pdata[i])->key);
      g_assert_cmpstr (((SpaReportRow *)a->rows->pdata[i])->label, ==,
                       ((SpaReportRow *)b->rows->pdata[i])->label);
      for (guint c = 0; c < a->columns->len; c++)
        g_assert_cmpfloat (spa_report_table_get (a, i, c), ==, spa_report_table_get (b, i, c));
    }
}

/* Both periods' dashboards from one walk (the previous period) or two (a year back)
 * are those computed one by one. */
static void
check_pair (Fixture               *f,
            const SpaReportPeriod *period,
            const SpaReportFilter *filter,
            const SpaDashboard    *alone,
            SpaReportTable        *chart)
{
  for (SpaCompare compare = SPA_COMPARE_PREVIOUS; compare <= SPA_COMPARE_LAST_YEAR; compare++)
    {
      g_autoptr(SpaReportTable) pair_chart = NULL;
      g_autoptr(GError) error = NULL;
      SpaReportPeriod before;
      SpaDashboard now, then, then_alone;

      g_assert_true (spa_report_period_compare (period, compare, &before));
      g_assert_true (spa_report_dashboard_pair (f->store, f->zone, period, &before, filter, &now,
                                                &then, &pair_chart, &error));
      g_assert_no_error (error);
      g_assert_true (spa_report_dashboard (f->store, f->zone, &before, filter, &then_alone,
                                           &error));
      g_assert_no_error (error);
      assert_dashboards_equal (&now, alone, TRUE);
      assert_dashboards_equal (&then, &then_alone, TRUE);
      assert_tables_equal (pair_chart, chart);
    }
}

static void
test_same_figures (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GHashTable) first_visits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                              g_free);
  g_autoptr(GPtrArray) plain = NULL;
  SpaReportFilter filters[] = {
    { NULL, },
    { spa_record_get_id (f->a), NULL, NULL, NULL },
    { NULL, spa_record_get_id (f->r2), NULL, NULL },
    { NULL, NULL, HOT_STONE, NULL },
  };
  /* Both daylight-saving days, the weeks and months around them, a quarter, the whole
   * year and a custom span. */
  struct { SpaPeriodKind kind; int y, m, d; } periods[] = {
    { SPA_PERIOD_DAY, 2025, 3, 9 },   { SPA_PERIOD_DAY, 2025, 11, 2 },
    { SPA_PERIOD_DAY, 2025, 11, 1 },  { SPA_PERIOD_WEEK, 2025, 3, 9 },
    { SPA_PERIOD_WEEK, 2025, 11, 2 }, { SPA_PERIOD_MONTH, 2025, 3, 1 },
    { SPA_PERIOD_MONTH, 2025, 6, 1 }, { SPA_PERIOD_MONTH, 2025, 11, 1 },
    { SPA_PERIOD_QUARTER, 2025, 10, 1 }, { SPA_PERIOD_YEAR, 2025, 1, 1 },
    { SPA_PERIOD_CUSTOM, 2025, 2, 14 },
  };

  add_history (f, 16, 700);
  plain = read_plain (f, first_visits);
  g_assert_cmpuint (plain->len, ==, 700);

  for (guint i = 0; i < G_N_ELEMENTS (periods); i++)
    for (guint k = 0; k < G_N_ELEMENTS (filters); k++)
      {
        gint64 day = spa_report_day_from_ymd (periods[i].y, periods[i].m, periods[i].d);
        SpaReportPeriod period;
        SpaDashboard got, want;
        gint64 methods[4];
        g_autoptr(GError) error = NULL;

        if (periods[i].kind == SPA_PERIOD_CUSTOM)
          spa_report_period_custom (day, day + 200, &period);
        else
          spa_report_period_containing (periods[i].kind, day, &period);
        g_test_message ("period %u, filter %u", i, k);

        g_autoptr(SpaReportTable) chart = NULL;
        g_autoptr(SpaReportTable) visits = NULL;

        g_assert_true (spa_report_dashboard_with_visits (f->store, f->zone, &period, &filters[k],
                                                         &got, &chart, &error));
        g_assert_no_error (error);
        /* The dashboard's chart is the visits report. */
        visits = spa_report_build (f->store, f->zone, SPA_REPORT_VISITS, &period, &filters[k],
                                   &error);
        g_assert_no_error (error);
        assert_tables_equal (chart, visits);
        plain_dashboard (f, plain, first_visits, &period, &filters[k], &want);
        plain_money (f, &period, &filters[k], &want, methods);
        /* Money is filtered by therapist only (a room's sales are those of its bookings). */
        assert_dashboards_equal (&got, &want, filters[k].room_id == NULL &&
                                                  filters[k].service_id == NULL);
        check_booking_reports (f, plain, &period, &filters[k]);
        if (k == 0)
          check_money_reports (f, &period, &want, methods);
        check_pair (f, &period, &filters[k], &got, chart);
      }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/reports-reference/same-figures", Fixture, NULL, fixture_set_up, test_same_figures,
              fixture_tear_down);
  return g_test_run ();
}
