/* spa-report.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-report"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "spa-format.h"
#include "spa-location.h"
#include "spa-report.h"
#include "spa-store-reports.h"

/*
 * The manager's figures. Every report walks its period's bookings once (see
 * spa-store-reports.c) and sorts them into the spa's local days, weekdays and hours:
 * a booking at 23:30 local time belongs to that local day, on daylight-saving change
 * days too, because each start is moved into local time by the offset in force at that
 * instant. Definitions (docs/reports.md says the same for managers):
 *
 * - a visit is a completed or checked-in booking;
 * - a booking holds its therapist (and counts as booked time) when booked, confirmed,
 *   checked in or completed; no-shows, cancellations and requests do not;
 * - utilisation is booked minutes over working minutes (the therapist's current
 *   working hours, as wall-clock time, on every day of the period); cleanup buffers are
 *   counted apart; a therapist without working hours has no utilisation and is left
 *   out of the total; an inactive therapist counts only in periods where they had
 *   bookings;
 * - a room's open time is the spa's opening hours: the union of the working hours of
 *   the therapists counted that day;
 * - a late cancellation is one made less than 24 hours before the start; the
 *   appointments due are every booking but requests and cancellations made in time,
 *   and the no-show and late-cancellation rates are over them;
 * - a new client is one whose first visit ever is in the period; rebooked clients are
 *   those who, after their first visit in the period, have another booking (any status
 *   but cancelled) starting within 6 weeks; with a filter, only bookings that pass it
 *   count, the first visit ever excepted;
 * - retention takes each new client's first visit and looks for their next visit within
 *   1, 3 and 6 calendar months.
 */

#define LATE_CANCEL_SECONDS (24 * 3600)
#define REBOOK_SECONDS (42 * 86400)
#define RETENTION_MONTHS 6
#define TOP_CLIENTS 50
#define JULIAN_1970 719163

/* ------------------------------------------------------------------ days and periods */

gint64
spa_report_day_from_ymd (int year,
                         int month,
                         int day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  return (gint64)g_date_get_julian (&date) - JULIAN_1970;
}

void
spa_report_day_to_ymd (gint64  day,
                       int    *year,
                       int    *month,
                       int    *mday)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, (guint32)(day + JULIAN_1970));
  *year = g_date_get_year (&date);
  *month = g_date_get_month (&date);
  *mday = g_date_get_day (&date);
}

/* Monday 0 ... Sunday 6 (1970-01-01 was a Thursday). */
static int
weekday_of (gint64 day)
{
  return (int)(((day % 7) + 7 + 3) % 7);
}

/**
 * spa_report_today:
 *
 * Returns: the local day of @now in @zone
 */
gint64
spa_report_today (GTimeZone *zone,
                  GDateTime *now)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (now, zone);

  return spa_report_day_from_ymd (g_date_time_get_year (local), g_date_time_get_month (local),
                                  g_date_time_get_day_of_month (local));
}

static gint64
add_months (gint64 day,
            int    months)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, (guint32)(day + JULIAN_1970));
  if (months >= 0)
    g_date_add_months (&date, months);
  else
    g_date_subtract_months (&date, -months);
  return (gint64)g_date_get_julian (&date) - JULIAN_1970;
}

/**
 * spa_report_period_containing:
 *
 * The day, week (Monday to Sunday), month, quarter or year that holds @day.
 */
void
spa_report_period_containing (SpaPeriodKind    kind,
                              gint64           day,
                              SpaReportPeriod *out)
{
  int y, m, d;

  spa_report_day_to_ymd (day, &y, &m, &d);
  out->kind = kind;
  switch (kind)
    {
    case SPA_PERIOD_WEEK:
      out->first = day - weekday_of (day);
      out->last = out->first + 6;
      break;
    case SPA_PERIOD_MONTH:
      out->first = spa_report_day_from_ymd (y, m, 1);
      out->last = add_months (out->first, 1) - 1;
      break;
    case SPA_PERIOD_QUARTER:
      out->first = spa_report_day_from_ymd (y, 1 + (m - 1) / 3 * 3, 1);
      out->last = add_months (out->first, 3) - 1;
      break;
    case SPA_PERIOD_YEAR:
      out->first = spa_report_day_from_ymd (y, 1, 1);
      out->last = spa_report_day_from_ymd (y, 12, 31);
      break;
    case SPA_PERIOD_DAY:
    case SPA_PERIOD_CUSTOM:
    default:
      out->kind = kind == SPA_PERIOD_CUSTOM ? SPA_PERIOD_CUSTOM : SPA_PERIOD_DAY;
      out->first = out->last = day;
      break;
    }
}

void
spa_report_period_custom (gint64           first,
                          gint64           last,
                          SpaReportPeriod *out)
{
  out->kind = SPA_PERIOD_CUSTOM;
  out->first = MIN (first, last);
  out->last = MAX (first, last);
}

guint
spa_report_period_n_days (const SpaReportPeriod *period)
{
  return (guint)(period->last - period->first + 1);
}

static int
period_months (SpaPeriodKind kind)
{
  return kind == SPA_PERIOD_MONTH     ? 1
         : kind == SPA_PERIOD_QUARTER ? 3
         : kind == SPA_PERIOD_YEAR    ? 12
                                      : 0;
}

/**
 * spa_report_period_step:
 *
 * The period @steps periods after @period (before it when negative), of the same kind
 * and, for a custom period, the same length.
 */
void
spa_report_period_step (const SpaReportPeriod *period,
                        int                    steps,
                        SpaReportPeriod       *out)
{
  int months = period_months (period->kind);

  if (months > 0)
    spa_report_period_containing (period->kind, add_months (period->first, months * steps), out);
  else
    {
      gint64 length = period->last - period->first + 1;

      out->kind = period->kind;
      out->first = period->first + length * steps;
      out->last = period->last + length * steps;
    }
}

/**
 * spa_report_period_compare:
 * @out: (out): the period to compare with
 *
 * The previous period, or the same period a year earlier: the same dates for months,
 * quarters, years and custom periods, the same weekdays 52 weeks earlier for a day or a
 * week (a Saturday is compared with a Saturday).
 *
 * Returns: %FALSE for %SPA_COMPARE_NONE
 */
gboolean
spa_report_period_compare (const SpaReportPeriod *period,
                           SpaCompare             compare,
                           SpaReportPeriod       *out)
{
  switch (compare)
    {
    case SPA_COMPARE_PREVIOUS:
      spa_report_period_step (period, -1, out);
      return TRUE;
    case SPA_COMPARE_LAST_YEAR:
      out->kind = period->kind;
      if (period->kind == SPA_PERIOD_DAY || period->kind == SPA_PERIOD_WEEK)
        {
          out->first = period->first - 364;
          out->last = period->last - 364;
        }
      else
        {
          out->first = add_months (period->first, -12);
          out->last = add_months (period->last + 1, -12) - 1;
        }
      return TRUE;
    case SPA_COMPARE_NONE:
    default:
      return FALSE;
    }
}

static GDateTime *
day_date_time (gint64 day)
{
  int y, m, d;

  spa_report_day_to_ymd (day, &y, &m, &d);
  return g_date_time_new_utc (y, m, d, 12, 0, 0);
}

/**
 * spa_report_period_label:
 *
 * Returns: (transfer full): "November 2026", "Q4 2026", "2026", a date, or a range
 */
char *
spa_report_period_label (const SpaReportPeriod *period)
{
  g_autoptr(GDateTime) first = day_date_time (period->first);
  g_autoptr(GDateTime) last = day_date_time (period->last);

  switch (period->kind)
    {
    case SPA_PERIOD_DAY:
      return spa_format_date_weekday (first);
    case SPA_PERIOD_MONTH:
      return spa_format_month_year (first);
    case SPA_PERIOD_QUARTER:
      /* TRANSLATORS: a quarter of a year: "Q4 2026" */
      return g_strdup_printf (_("Q%d %d"), (g_date_time_get_month (first) - 1) / 3 + 1,
                              g_date_time_get_year (first));
    case SPA_PERIOD_YEAR:
      return g_strdup_printf ("%d", g_date_time_get_year (first));
    case SPA_PERIOD_WEEK:
    case SPA_PERIOD_CUSTOM:
    default:
      {
        g_autofree char *a = spa_format_date (first);
        g_autofree char *b = spa_format_date (last);

        if (period->first == period->last)
          return g_steal_pointer (&a);
        /* TRANSLATORS: a span of dates, "November 24, 2026 – November 30, 2026" */
        return g_strdup_printf (_("%s – %s"), a, b);
      }
    }
}

/**
 * spa_report_local_midnight:
 *
 * Returns: the Unix time of the local midnight that starts @day in @zone
 */
gint64
spa_report_local_midnight (GTimeZone *zone,
                           gint64     day)
{
  int y, m, d;
  g_autoptr(GDateTime) midnight = NULL;

  spa_report_day_to_ymd (day, &y, &m, &d);
  midnight = g_date_time_new (zone, y, m, d, 0, 0, 0);
  return midnight ? g_date_time_to_unix (midnight) : (day * 86400);
}

/* ------------------------------------------------------------------ local time */

/* The zone's offset per UTC day of the scan, so that a million rows do not each search
 * the zone's transitions; days with a transition inside are looked up exactly. */
typedef struct
{
  GTimeZone *zone;
  gint64     base;     /* first UTC day */
  GArray    *offsets;  /* gint32 seconds, or G_MININT32 on a change day */
} ZoneCache;

static gint32
zone_offset_at (GTimeZone *zone,
                gint64     t)
{
  return g_time_zone_get_offset (zone, g_time_zone_find_interval (zone, G_TIME_TYPE_UNIVERSAL, t));
}

static void
zone_cache_init (ZoneCache *cache,
                 GTimeZone *zone,
                 gint64     from,
                 gint64     to)
{
  gint64 first = (gint64)floor ((double)from / 86400) - 1;
  gint64 last = (gint64)floor ((double)to / 86400) + 1;

  cache->zone = zone;
  cache->base = first;
  cache->offsets = g_array_sized_new (FALSE, FALSE, sizeof (gint32), (guint)(last - first + 1));
  for (gint64 d = first; d <= last; d++)
    {
      gint32 a = zone_offset_at (zone, d * 86400);
      gint32 b = zone_offset_at (zone, d * 86400 + 86399);
      gint32 value = a == b ? a : G_MININT32;

      g_array_append_val (cache->offsets, value);
    }
}

static gint32
zone_cache_offset (ZoneCache *cache,
                   gint64     t)
{
  gint64 d = (t >= 0 ? t : t - 86399) / 86400 - cache->base;

  if (d >= 0 && d < cache->offsets->len)
    {
      gint32 value = g_array_index (cache->offsets, gint32, d);

      if (value != G_MININT32)
        return value;
    }
  return zone_offset_at (cache->zone, t);
}

/* Whether every instant of [@from, @to) is a whole number of hours from UTC, changes
 * included (at a whole UTC hour): then each UTC hour lies in one local hour, and a
 * period's local days, weeks and months are runs of whole UTC hours. */
static gboolean
zone_cache_whole_hours (ZoneCache *cache,
                        gint64     from,
                        gint64     to)
{
  if (from % 3600 != 0 || to % 3600 != 0)
    return FALSE;
  for (guint i = 0; i < cache->offsets->len; i++)
    {
      gint32 value = g_array_index (cache->offsets, gint32, i);
      gint64 day = cache->base + (gint64)i;

      if (value != G_MININT32)
        {
          if (value % 3600 != 0)
            return FALSE;
          continue;
        }
      for (gint64 h = day * 86400; h < (day + 1) * 86400; h += 3600)
        {
          gint32 a = zone_offset_at (cache->zone, h);

          if (a % 3600 != 0 || a != zone_offset_at (cache->zone, h + 3599))
            return FALSE;
        }
    }
  return TRUE;
}

static gint64
floor_div (gint64 a,
           gint64 b)
{
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* ------------------------------------------------------------------ the scan */

typedef struct
{
  gint64 booked;
  gint64 buffer;
  gint64 working;
  gint64 visits;
} UseAcc;

typedef struct
{
  gint64 appointments;
  gint64 no_shows;
  gint64 late;
  gint64 cancellations;
} ShowAcc;

typedef struct
{
  gint64   first_visit;  /* first visit in the period, 0 if none */
  gint64   next_visit;   /* the next visit after it, 0 if none */
  gboolean rebooked;
  gboolean is_new;
  ShowAcc  shows;
} ClientAcc;

typedef enum
{
  BUCKET_HOUR,
  BUCKET_DAY,
  BUCKET_MONTH,
  BUCKET_QUARTER,
} BucketKind;

typedef double Bucket[4];          /* visits, appointments, no-shows, booked minutes */
typedef double MoneyBucket[5];     /* revenue, services, products, tips, taxes (cents) */

typedef struct
{
  gint64 services;   /* before tax, net of refunds */
  gint64 products;
  gint64 tips;
} SalesAcc;

static const char * const payment_methods[] = {
  "cash", "card", "e_transfer", "gift_card", "package", "other",
};
#define N_METHODS G_N_ELEMENTS (payment_methods)
typedef guint8 OpenDay[24 * 60 / 5];  /* five-minute slots when some therapist works */

typedef struct
{
  SpaStore              *store;
  GTimeZone             *zone;   /* owned: the days' zone (scan_run()) */
  const SpaReportPeriod *period;
  const SpaReportFilter *filter;
  ZoneCache              zc;
  gint64                 from;   /* the period's instants */
  gint64                 to;
  gint64                 follow; /* follow-ups read up to here */

  GPtrArray             *therapists;   /* SpaReportEntity */
  GPtrArray             *rooms;
  GPtrArray             *services;
  GHashTable            *therapist_index;  /* id -> index + 1 */
  GHashTable            *room_index;
  GHashTable            *service_index;
  UseAcc                *therapist_use;
  UseAcc                *room_use;
  ShowAcc               *service_shows;
  ShowAcc                weekday_shows[7];
  GHashTable            *clients;          /* id -> ClientAcc */
  GStringChunk          *strings;
  GPtrArray             *client_blocks;    /* where the ClientAccs live */
  guint                  client_block_used;
  double                 heat[7][24];      /* held minutes */

  BucketKind             bucket_kind;
  guint                  n_buckets;
  gint64                *day_bucket;       /* local day of the period -> bucket */
  Bucket                *buckets;

  /* Money: per bucket, therapist (the last slot: none), service (the last slot:
   * products, packages, gift cards apart below) and payment method. */
  MoneyBucket           *money_buckets;
  SalesAcc              *therapist_sales;
  gint64                *service_revenue;
  gint64                *service_count;
  gint64                 category_revenue[3];  /* products, packages, gift cards */
  gint64                 category_count[3];
  gint64                 method_amount[N_METHODS];
  gint64                 method_count[N_METHODS];
  char                  *last_invoice;     /* the sales count's last invoice */

  gboolean               per_client;       /* whether clients are counted (client_acc) */
  gboolean               kept_clients;     /* the client figures from client_visit */
  SpaDashboard           totals;
} Scan;

static gboolean
status_holds (SpaBookingStatus status)
{
  return status == SPA_BOOKING_BOOKED || status == SPA_BOOKING_CONFIRMED ||
         status == SPA_BOOKING_CHECKED_IN || status == SPA_BOOKING_COMPLETED;
}

static gboolean
status_is_visit (SpaBookingStatus status)
{
  return status == SPA_BOOKING_CHECKED_IN || status == SPA_BOOKING_COMPLETED;
}

static gboolean
is_late_cancellation (const SpaReportBooking *b)
{
  return b->status == SPA_BOOKING_CANCELLED && b->cancelled_at != 0 &&
         b->cancelled_at > b->starts - LATE_CANCEL_SECONDS;
}

static guint
lookup_index (GHashTable *index,
              const char *id)
{
  return id ? GPOINTER_TO_UINT (g_hash_table_lookup (index, id)) : 0;
}

/* Ids are UUIDs (the bench's and the seeds' fixed ids share a long prefix): their two
 * ends are enough to hash, a fifth of g_str_hash()'s work on a million rows. */
static guint
id_hash (gconstpointer key)
{
  const char *id = key;
  gsize len = strlen (id);
  guint h = 2166136261u ^ (guint)len;

  if (len < 16)
    return g_str_hash (key);
  for (gsize i = 0; i < 8; i++)
    h = (h ^ (guchar)id[i]) * 16777619u;
  for (gsize i = len - 8; i < len; i++)
    h = (h ^ (guchar)id[i]) * 16777619u;
  return h;
}

#define CLIENT_BLOCK 4096

/* Clients' accumulators in blocks: a year has tens of thousands. */
static ClientAcc *
client_acc (Scan       *scan,
            const char *id)
{
  ClientAcc *acc = g_hash_table_lookup (scan->clients, id);

  if (acc == NULL)
    {
      if (scan->client_blocks->len == 0 || scan->client_block_used == CLIENT_BLOCK)
        {
          g_ptr_array_add (scan->client_blocks, g_new0 (ClientAcc, CLIENT_BLOCK));
          scan->client_block_used = 0;
        }
      acc = (ClientAcc *)g_ptr_array_index (scan->client_blocks, scan->client_blocks->len - 1) +
            scan->client_block_used++;
      g_hash_table_insert (scan->clients, g_string_chunk_insert (scan->strings, id), acc);
    }
  return acc;
}

static void
add_shows (ShowAcc                *acc,
           const SpaReportBooking *b)
{
  gboolean late = is_late_cancellation (b);

  if (b->status != SPA_BOOKING_REQUESTED && b->status != SPA_BOOKING_OTHER &&
      (b->status != SPA_BOOKING_CANCELLED || late))
    acc->appointments++;
  if (b->status == SPA_BOOKING_NO_SHOW)
    acc->no_shows++;
  if (late)
    acc->late++;
  if (b->status == SPA_BOOKING_CANCELLED)
    acc->cancellations++;
}

static void
scan_follow_up (ClientAcc              *acc,
                const SpaReportBooking *b)
{
  if (acc == NULL || acc->first_visit == 0 || b->starts <= acc->first_visit)
    return;
  if (status_is_visit (b->status) && acc->next_visit == 0)
    acc->next_visit = b->starts;
  if (b->status != SPA_BOOKING_CANCELLED && b->starts <= acc->first_visit + REBOOK_SECONDS)
    acc->rebooked = TRUE;
}

static void
scan_row (const SpaReportBooking *b,
          gpointer                data)
{
  Scan *scan = data;
  gint64 local, lday, minutes;
  int weekday, minute_of_day;
  guint t, r, s;
  gint64 bucket;
  gboolean holds, visit;
  ShowAcc shows = { 0, };
  int buffer = 0;

  if (b->starts >= scan->to)
    {
      scan_follow_up (g_hash_table_lookup (scan->clients, b->client_id), b);
      return;
    }
  /* Not read whole: still a client's booking after a visit (as after the period). */
  if (b->partial)
    {
      if (scan->per_client)
        scan_follow_up (g_hash_table_lookup (scan->clients, b->client_id), b);
      return;
    }

  local = b->starts + zone_cache_offset (&scan->zc, b->starts);
  lday = floor_div (local, 86400);
  weekday = weekday_of (lday);
  minute_of_day = (int)((local - lday * 86400) / 60);
  minutes = (b->ends - b->starts) / 60;
  holds = status_holds (b->status);
  visit = status_is_visit (b->status);

  t = lookup_index (scan->therapist_index, b->therapist_id);
  r = lookup_index (scan->room_index, b->room_id);
  s = lookup_index (scan->service_index, b->service_id);
  if (s > 0)
    buffer = ((SpaReportEntity *)scan->services->pdata[s - 1])->buffer_min;

  if (holds)
    {
      if (t > 0)
        {
          scan->therapist_use[t - 1].booked += minutes;
          scan->therapist_use[t - 1].buffer += buffer;
        }
      if (r > 0)
        {
          scan->room_use[r - 1].booked += minutes;
          scan->room_use[r - 1].buffer += buffer;
        }
      /* Spread the booking over the local hours it covers. */
      for (gint64 left = minutes, m = minute_of_day, wd = weekday; left > 0;)
        {
          gint64 chunk = MIN (left, 60 - m % 60);

          scan->heat[wd][(m / 60) % 24] += chunk;
          left -= chunk;
          m += chunk;
          if (m >= 24 * 60)
            {
              m -= 24 * 60;
              wd = (wd + 1) % 7;
            }
        }
    }
  if (visit && t > 0)
    scan->therapist_use[t - 1].visits++;

  add_shows (&shows, b);
  add_shows (&scan->weekday_shows[weekday], b);
  if (s > 0)
    add_shows (&scan->service_shows[s - 1], b);

  scan->totals.visits += visit;
  scan->totals.appointments += shows.appointments;
  scan->totals.no_shows += shows.no_shows;
  scan->totals.late_cancellations += shows.late;
  scan->totals.cancellations += shows.cancellations;

  bucket = lday - scan->period->first;
  if (bucket >= 0 && bucket < spa_report_period_n_days (scan->period))
    {
      bucket = scan->bucket_kind == BUCKET_HOUR ? minute_of_day / 60 : scan->day_bucket[bucket];
      scan->buckets[bucket][0] += visit;
      scan->buckets[bucket][1] += shows.appointments;
      scan->buckets[bucket][2] += shows.no_shows;
      scan->buckets[bucket][3] += holds ? minutes : 0;
    }

  /* A hash insert per client: only for the figures that need them. */
  if (scan->per_client)
    {
      ClientAcc *acc = client_acc (scan, b->client_id);

      scan_follow_up (acc, b);
      acc->shows.appointments += shows.appointments;
      acc->shows.no_shows += shows.no_shows;
      acc->shows.late += shows.late;
      acc->shows.cancellations += shows.cancellations;
      if (visit && acc->first_visit == 0)
        acc->first_visit = b->starts;
    }
}

static GHashTable *
index_entities (GPtrArray *entities)
{
  GHashTable *index = g_hash_table_new (id_hash, g_str_equal);

  for (guint i = 0; i < entities->len; i++)
    g_hash_table_insert (index, ((SpaReportEntity *)entities->pdata[i])->id,
                         GUINT_TO_POINTER (i + 1));
  return index;
}

static void
scan_clear (Scan *scan)
{
  g_clear_pointer (&scan->zc.offsets, g_array_unref);
  g_clear_pointer (&scan->zone, g_time_zone_unref);
  g_clear_pointer (&scan->therapists, g_ptr_array_unref);
  g_clear_pointer (&scan->rooms, g_ptr_array_unref);
  g_clear_pointer (&scan->services, g_ptr_array_unref);
  g_clear_pointer (&scan->therapist_index, g_hash_table_unref);
  g_clear_pointer (&scan->room_index, g_hash_table_unref);
  g_clear_pointer (&scan->service_index, g_hash_table_unref);
  g_clear_pointer (&scan->clients, g_hash_table_unref);
  g_clear_pointer (&scan->client_blocks, g_ptr_array_unref);
  g_clear_pointer (&scan->strings, g_string_chunk_free);
  g_clear_pointer (&scan->therapist_use, g_free);
  g_clear_pointer (&scan->room_use, g_free);
  g_clear_pointer (&scan->service_shows, g_free);
  g_clear_pointer (&scan->day_bucket, g_free);
  g_clear_pointer (&scan->buckets, g_free);
  g_clear_pointer (&scan->money_buckets, g_free);
  g_clear_pointer (&scan->therapist_sales, g_free);
  g_clear_pointer (&scan->service_revenue, g_free);
  g_clear_pointer (&scan->service_count, g_free);
  g_clear_pointer (&scan->last_invoice, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Scan, scan_clear)

/* Wall-clock working minutes per weekday (Monday 0) of a therapist's hours, and the
 * intervals themselves for the opening-hours union. */
static gboolean
working_week (const char *json,
              gint64      minutes[7],
              OpenDay    *open)
{
  static const char * const days[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;
  gboolean any = FALSE;

  memset (minutes, 0, 7 * sizeof (gint64));
  if (json == NULL || (node = json_from_string (json, NULL)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  object = json_node_get_object (node);
  for (int wd = 0; wd < 7; wd++)
    {
      JsonNode *day = json_object_get_member (object, days[wd]);
      JsonArray *array;

      if (day == NULL || !JSON_NODE_HOLDS_ARRAY (day))
        continue;
      array = json_node_get_array (day);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          const char *a, *b;
          int h1, m1, h2, m2;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            continue;
          a = json_object_get_string_member_with_default (json_node_get_object (element), "start",
                                                          "");
          b = json_object_get_string_member_with_default (json_node_get_object (element), "end",
                                                          "");
          if (sscanf (a, "%d:%d", &h1, &m1) != 2 || sscanf (b, "%d:%d", &h2, &m2) != 2)
            continue;
          h1 = CLAMP (h1 * 60 + m1, 0, 24 * 60);
          h2 = CLAMP (h2 * 60 + m2, 0, 24 * 60);
          if (h2 <= h1)
            continue;
          minutes[wd] += h2 - h1;
          any = TRUE;
          if (open != NULL)
            for (int k = h1 / 5; k < (h2 + 4) / 5 && k < 24 * 60 / 5; k++)
              open[wd][k] = 1;
        }
    }
  return any;
}

static void
setup_buckets (Scan *scan)
{
  guint n_days = spa_report_period_n_days (scan->period);
  int y0, m0, d0;

  if (n_days == 1)
    {
      scan->bucket_kind = BUCKET_HOUR;
      scan->n_buckets = 24;
    }
  else
    {
      scan->bucket_kind = n_days <= 92        ? BUCKET_DAY
                          : n_days <= 3 * 366 ? BUCKET_MONTH
                                              : BUCKET_QUARTER;
      scan->day_bucket = g_new (gint64, n_days);
      spa_report_day_to_ymd (scan->period->first, &y0, &m0, &d0);
      for (guint i = 0; i < n_days; i++)
        {
          int y, m, d;

          spa_report_day_to_ymd (scan->period->first + i, &y, &m, &d);
          if (scan->bucket_kind == BUCKET_DAY)
            scan->day_bucket[i] = i;
          else if (scan->bucket_kind == BUCKET_MONTH)
            scan->day_bucket[i] = (y - y0) * 12 + (m - m0);
          else
            scan->day_bucket[i] = (y - y0) * 4 + ((m - 1) / 3 - (m0 - 1) / 3);
        }
      scan->n_buckets = (guint)scan->day_bucket[n_days - 1] + 1;
    }
  scan->buckets = g_new0 (Bucket, scan->n_buckets);
}

/* Walks the period, and for clients' follow-ups 6 weeks after it, or @follow_months
 * (none when negative: the report needs no follow-up). */
static gboolean
scan_run (Scan                  *scan,
          SpaStore              *store,
          GTimeZone             *zone,
          const SpaReportPeriod *period,
          const SpaReportFilter *filter,
          int                    follow_months,
          gboolean               with_bookings,
          GError               **error)
{
  const char *location = filter ? filter->location_id : NULL;

  scan->store = store;
  /* A location's days begin at its own midnight: the period of one location is read on
   * its clock (spa_location_zone()), the whole chain's on the desk's. */
  scan->zone = location != NULL ? spa_location_zone (store, location, zone)
                                : g_time_zone_ref (zone);
  zone = scan->zone;
  scan->period = period;
  scan->filter = filter;
  scan->from = spa_report_local_midnight (zone, period->first);
  scan->to = spa_report_local_midnight (zone, period->last + 1);
  scan->follow =
      follow_months < 0   ? scan->to
      : follow_months > 0
          ? MAX (scan->to + REBOOK_SECONDS,
                 spa_report_local_midnight (zone, add_months (period->last + 1, follow_months)) +
                     86400)
          : scan->to + REBOOK_SECONDS;
  zone_cache_init (&scan->zc, zone, scan->from, scan->to);

  scan->therapists = spa_store_reports_entities (store, "therapist", location, error);
  scan->rooms = scan->therapists ? spa_store_reports_entities (store, "room", location, error)
                                 : NULL;
  scan->services = scan->rooms ? spa_store_reports_entities (store, "service", location, error)
                               : NULL;
  if (scan->services == NULL)
    return FALSE;
  scan->therapist_index = index_entities (scan->therapists);
  scan->room_index = index_entities (scan->rooms);
  scan->service_index = index_entities (scan->services);
  scan->therapist_use = g_new0 (UseAcc, scan->therapists->len + 1);
  scan->room_use = g_new0 (UseAcc, scan->rooms->len + 1);
  scan->service_shows = g_new0 (ShowAcc, scan->services->len + 1);
  scan->clients = g_hash_table_new (id_hash, g_str_equal);
  scan->client_blocks = g_ptr_array_new_with_free_func (g_free);
  scan->strings = g_string_chunk_new (64 * 1024);
  setup_buckets (scan);

  if (!with_bookings)
    return TRUE;
  return spa_store_reports_scan (store, scan->from, scan->to, scan->follow, filter, scan_row, scan,
                                 error);
}

/* Whether the therapist counts: active, or with bookings in the period; and passes the
 * filter. */
static gboolean
therapist_counts (Scan *scan,
                  guint i)
{
  SpaReportEntity *therapist = scan->therapists->pdata[i];

  if (scan->filter && scan->filter->therapist_id &&
      g_strcmp0 (scan->filter->therapist_id, therapist->id) != 0)
    return FALSE;
  if (therapist->elsewhere)
    return scan->therapist_use[i].booked > 0;
  return therapist->active || scan->therapist_use[i].booked > 0;
}

/* Working minutes per therapist and the spa's open minutes per weekday. */
static void
scan_working_time (Scan   *scan,
                   gint64  room_open[7],
                   guint8 *has_hours)
{
  gint64 weekdays[7] = { 0, };
  g_autofree OpenDay *open = g_new0 (OpenDay, 7);

  for (gint64 d = scan->period->first; d <= scan->period->last; d++)
    weekdays[weekday_of (d)]++;

  for (guint i = 0; i < scan->therapists->len; i++)
    {
      SpaReportEntity *therapist = scan->therapists->pdata[i];
      gint64 minutes[7];
      gboolean counts = therapist->active || scan->therapist_use[i].booked > 0;

      has_hours[i] = working_week (therapist->working_hours, minutes, counts ? open : NULL);
      scan->therapist_use[i].working = 0;
      for (int wd = 0; wd < 7; wd++)
        scan->therapist_use[i].working += minutes[wd] * weekdays[wd];
    }

  for (int wd = 0; wd < 7; wd++)
    {
      gint64 slots = 0;

      for (int k = 0; k < 24 * 60 / 5; k++)
        slots += open[wd][k];
      room_open[wd] = slots * 5 * weekdays[wd];
    }
}

static void
mark_new_client (const char *client_id,
                 gpointer    data)
{
  Scan *scan = data;
  ClientAcc *acc = g_hash_table_lookup (scan->clients, client_id);

  if (acc != NULL && acc->first_visit != 0 && acc->first_visit < scan->to)
    acc->is_new = TRUE;
}

/* Which clients with a visit in the period visited for the first time ever. */
static gboolean
scan_new_clients (Scan    *scan,
                  GError **error)
{
  return spa_store_reports_new_clients (scan->store, scan->from, scan->to, mark_new_client, scan,
                                        error);
}

static void
scan_totals (Scan *scan)
{
  g_autofree guint8 *has_hours = g_new0 (guint8, scan->therapists->len + 1);
  gint64 room_open[7];
  GHashTableIter iter;
  gpointer value;

  scan_working_time (scan, room_open, has_hours);
  for (guint i = 0; i < scan->therapists->len; i++)
    if (has_hours[i] && therapist_counts (scan, i))
      {
        scan->totals.booked_minutes += scan->therapist_use[i].booked;
        scan->totals.buffer_minutes += scan->therapist_use[i].buffer;
        scan->totals.working_minutes += scan->therapist_use[i].working;
      }

  g_hash_table_iter_init (&iter, scan->clients);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      ClientAcc *acc = value;

      if (acc->first_visit == 0 || acc->first_visit >= scan->to)
        continue;
      scan->totals.clients++;
      scan->totals.new_clients += acc->is_new;
      scan->totals.rebooked_clients += acc->rebooked;
    }
}

/* ------------------------------------------------------------------ money */

/* The bucket of instant @t, or -1 outside the period. */
static gint64
bucket_of (Scan   *scan,
           gint64  t)
{
  gint64 local = t + zone_cache_offset (&scan->zc, t);
  gint64 lday = floor_div (local, 86400);
  gint64 day = lday - scan->period->first;

  if (day < 0 || day >= spa_report_period_n_days (scan->period))
    return -1;
  return scan->bucket_kind == BUCKET_HOUR ? (local - lday * 86400) / 3600 : scan->day_bucket[day];
}

/* Whether @filter keeps every record (the kept sums answer for the whole spa only). */
static gboolean
filter_is_empty (const SpaReportFilter *filter)
{
  return filter == NULL || (filter->therapist_id == NULL && filter->room_id == NULL &&
                            filter->service_id == NULL && filter->location_id == NULL);
}

static gboolean
sale_passes (Scan                *scan,
             const SpaReportSale *sale)
{
  const SpaReportFilter *filter = scan->filter;

  if (filter == NULL)
    return TRUE;
  if (filter->therapist_id && g_strcmp0 (filter->therapist_id, sale->therapist_id) != 0)
    return FALSE;
  /* A service filter keeps that service's lines; tips are no service's. */
  if (filter->service_id && (g_strcmp0 (sale->line_kind, "service") != 0 ||
                             g_strcmp0 (filter->service_id, sale->item_id) != 0))
    return FALSE;
  return TRUE;
}

static SalesAcc *
therapist_sales (Scan       *scan,
                 const char *therapist_id)
{
  guint t = lookup_index (scan->therapist_index, therapist_id);

  return &scan->therapist_sales[t > 0 ? t - 1 : scan->therapists->len];
}

/* A line of kind @kind (not a tip), before tax, to its service or its category. */
static void
add_item (Scan       *scan,
          const char *kind,
          const char *item_id,
          gint64      net,
          gint64      quantity)
{
  int category = -1;

  if (g_str_equal (kind, "service"))
    {
      guint s = lookup_index (scan->service_index, item_id);

      if (s > 0)
        {
          scan->service_revenue[s - 1] += net;
          scan->service_count[s - 1] += quantity;
        }
      else
        category = 1;  /* a service deleted since: with the packages' row would mislead */
    }
  else if (g_str_equal (kind, "product"))
    category = 0;
  else if (g_str_equal (kind, "package"))
    category = 1;
  else if (g_str_equal (kind, "gift_card"))
    category = 2;
  if (category >= 0)
    {
      scan->category_revenue[category] += net;
      scan->category_count[category] += quantity;
    }
}

/* Revenue is what the invoices took less what refunds gave back, taxes and tips
 * included; services and products are before tax; the tip goes to its therapist. */
static void
add_sale (const SpaReportSale *sale,
          gpointer             data)
{
  Scan *scan = data;
  gint64 total = sale->sign * sale->total_cents;
  gint64 tax = sale->sign * sale->tax_cents;
  gint64 net = total - tax;
  SalesAcc *acc = therapist_sales (scan, sale->therapist_id);
  gint64 bucket;

  if (!sale_passes (scan, sale))
    return;
  bucket = bucket_of (scan, sale->issued);
  scan->totals.revenue_cents += total;
  scan->totals.tax_cents += tax;
  if (bucket >= 0)
    {
      scan->money_buckets[bucket][0] += total;
      scan->money_buckets[bucket][4] += tax;
    }

  if (sale->line_kind == NULL)
    {
      scan->totals.tips_cents += total;
      acc->tips += total;
      if (bucket >= 0)
        scan->money_buckets[bucket][3] += total;
      return;
    }

  /* Sales: invoices with a line that passes (lines come by invoice). */
  if (sale->sign > 0 && g_strcmp0 (scan->last_invoice, sale->invoice_id) != 0)
    {
      scan->totals.sales++;
      g_free (scan->last_invoice);
      scan->last_invoice = g_strdup (sale->invoice_id);
    }

  if (g_str_equal (sale->line_kind, "service") || g_str_equal (sale->line_kind, "package"))
    {
      scan->totals.services_cents += net;
      acc->services += net;
      if (bucket >= 0)
        scan->money_buckets[bucket][1] += net;
    }
  else if (g_str_equal (sale->line_kind, "product"))
    {
      scan->totals.products_cents += net;
      acc->products += net;
      if (bucket >= 0)
        scan->money_buckets[bucket][2] += net;
    }
  add_item (scan, sale->line_kind, sale->item_id, net, sale->sign * sale->quantity);
}

/* Whole UTC days' sums by service and by therapist (migration 53). */
static void
add_sale_days (const SpaReportSaleDays *sums,
               gpointer                 data)
{
  Scan *scan = data;
  SalesAcc *acc;

  if (sums->kind != NULL)
    {
      add_item (scan, sums->kind, sums->item_id, sums->net_cents, sums->quantity);
      return;
    }
  acc = therapist_sales (scan, sums->therapist_id);
  acc->services += sums->services_cents;
  acc->products += sums->products_cents;
  acc->tips += sums->tips_cents;
}

static void
add_payment (const SpaReportPayment *payment,
             gpointer                data)
{
  Scan *scan = data;
  guint m = N_METHODS - 1;

  for (guint i = 0; i < N_METHODS; i++)
    if (g_str_equal (payment->method, payment_methods[i]))
      m = i;
  scan->method_amount[m] += payment->sign * payment->amount_cents;
  scan->method_count[m] += payment->count;
}

static void
add_sale_hour (const SpaReportSaleHour *hour,
               gpointer                 data)
{
  Scan *scan = data;
  gint64 bucket = bucket_of (scan, hour->hour * 3600);

  scan->totals.revenue_cents += hour->revenue_cents;
  scan->totals.tax_cents += hour->tax_cents;
  scan->totals.services_cents += hour->services_cents;
  scan->totals.products_cents += hour->products_cents;
  scan->totals.tips_cents += hour->tips_cents;
  scan->totals.sales += hour->sales;
  if (bucket >= 0)
    {
      scan->money_buckets[bucket][0] += hour->revenue_cents;
      scan->money_buckets[bucket][1] += hour->services_cents;
      scan->money_buckets[bucket][2] += hour->products_cents;
      scan->money_buckets[bucket][3] += hour->tips_cents;
      scan->money_buckets[bucket][4] += hour->tax_cents;
    }
}

typedef enum
{
  MONEY_TOTALS,    /* revenue and its parts, in total and by bucket */
  MONEY_LINES,     /* and by service and therapist */
  MONEY_PAYMENTS,  /* by payment method only */
} MoneyRead;

/* The period's money. Without a filter, in a zone of whole hours, the totals and the
 * payments are sums per UTC hour (migration 52); by service or therapist, the whole UTC
 * days are sums per day (migration 53), in any zone, and only the lines of the period's
 * ends are read (the totals and buckets then hold those ends only: these reports do not
 * show them); otherwise (filtered, or the totals in a zone of half hours) every line (or
 * payment) is read. */
static gboolean
scan_money (Scan       *scan,
            MoneyRead   read,
            GError    **error)
{
  const SpaReportFilter *filter = scan->filter;
  gboolean unfiltered = filter_is_empty (filter);
  gboolean hourly = unfiltered && read != MONEY_LINES &&
                    zone_cache_whole_hours (&scan->zc, scan->from, scan->to);
  gint64 first_day = -floor_div (-scan->from, 86400);  /* the first whole UTC day */
  gint64 end_day = floor_div (scan->to, 86400);

  scan->money_buckets = g_new0 (MoneyBucket, scan->n_buckets);
  scan->therapist_sales = g_new0 (SalesAcc, scan->therapists->len + 1);
  scan->service_revenue = g_new0 (gint64, scan->services->len + 1);
  scan->service_count = g_new0 (gint64, scan->services->len + 1);
  scan->totals.has_money = spa_store_reports_has_money (scan->store);
  if (!scan->totals.has_money)
    return TRUE;
  if (read == MONEY_PAYMENTS)
    return hourly ? spa_store_reports_payment_hours (scan->store, scan->from / 3600,
                                                     scan->to / 3600, add_payment, scan, error)
                  : spa_store_reports_payments (scan->store, scan->from, scan->to, filter,
                                                add_payment, scan, error);
  if (hourly)
    return spa_store_reports_sale_hours (scan->store, scan->from / 3600, scan->to / 3600,
                                         add_sale_hour, scan, error);
  if (unfiltered && read == MONEY_LINES && first_day < end_day)
    return spa_store_reports_sales (scan->store, scan->from, first_day * 86400, NULL, add_sale,
                                    scan, error) &&
           spa_store_reports_sale_days (scan->store, first_day, end_day, add_sale_days, scan,
                                        error) &&
           spa_store_reports_sales (scan->store, end_day * 86400, scan->to, NULL, add_sale, scan,
                                    error);
  return spa_store_reports_sales (scan->store, scan->from, scan->to, filter, add_sale, scan,
                                  error);
}

static SpaReportTable *build_visits (Scan *scan);

/* The whole spa's client figures are kept (migration 55): the walk tallies no client. */
static void
dashboard_clients_kept (Scan                  *scan,
                        const SpaReportFilter *filter)
{
  scan->kept_clients = filter_is_empty (filter);
  scan->per_client = !scan->kept_clients;
}

/* The clients, new clients and rebooked clients, after the walk. */
static gboolean
scan_dashboard_clients (Scan    *scan,
                        GError **error)
{
  if (!scan->kept_clients)
    return scan_new_clients (scan, error);
  return spa_store_reports_clients (scan->store, scan->from, scan->to, &scan->totals.clients,
                                    &scan->totals.new_clients, &scan->totals.rebooked_clients,
                                    error);
}

/**
 * spa_report_dashboard_with_visits:
 * @filter: (nullable): which bookings
 * @out: (out): the figures
 * @visits: (out) (optional) (transfer full): the visits over time of @period, as
 *   spa_report_build() makes it for %SPA_REPORT_VISITS
 *
 * Computes the dashboard's figures for @period in @zone and, from the same walk of the
 * bookings, the chart the dashboard shows beside them. @zone is the desk's: a location
 * chosen in @filter has its days in its own zone (spa_location_zone()).
 */
gboolean
spa_report_dashboard_with_visits (SpaStore               *store,
                                  GTimeZone              *zone,
                                  const SpaReportPeriod  *period,
                                  const SpaReportFilter  *filter,
                                  SpaDashboard           *out,
                                  SpaReportTable        **visits,
                                  GError                **error)
{
  g_auto(Scan) scan = { 0, };

  g_return_val_if_fail (SPA_IS_STORE (store), FALSE);
  g_return_val_if_fail (period != NULL && period->first <= period->last, FALSE);

  memset (out, 0, sizeof *out);
  dashboard_clients_kept (&scan, filter);
  if (!scan_run (&scan, store, zone, period, filter, 0, TRUE, error) ||
      !scan_dashboard_clients (&scan, error) || !scan_money (&scan, MONEY_TOTALS, error))
    return FALSE;
  scan_totals (&scan);
  *out = scan.totals;
  if (visits != NULL)
    *visits = build_visits (&scan);
  return TRUE;
}

/* Two dashboards' walks as one, for the rows of each scan's range. */
static void
pair_row (const SpaReportBooking *b,
          gpointer                data)
{
  Scan **scans = data;

  for (guint i = 0; i < 2; i++)
    if (b->starts >= scans[i]->from && b->starts < scans[i]->follow)
      scan_row (b, scans[i]);
}

/**
 * spa_report_dashboard_pair:
 * @before: (nullable): the period compared with
 * @filter: (nullable): which bookings
 * @out: (out): the figures of @period
 * @out_before: (out) (optional): those of @before
 * @visits: (out) (optional) (transfer full): the visits over time of @period
 *
 * What spa_report_dashboard_with_visits() and spa_report_dashboard() for @before
 * compute, as the Reports view shows them side by side. When the walks of both periods
 * meet (the previous period's clients' follow-ups are the period's own bookings), the
 * bookings are read once for both.
 */
gboolean
spa_report_dashboard_pair (SpaStore               *store,
                           GTimeZone              *zone,
                           const SpaReportPeriod  *period,
                           const SpaReportPeriod  *before,
                           const SpaReportFilter  *filter,
                           SpaDashboard           *out,
                           SpaDashboard           *out_before,
                           SpaReportTable        **visits,
                           GError                **error)
{
  g_auto(Scan) a = { 0, };
  g_auto(Scan) b = { 0, };
  Scan *scans[2] = { &a, &b };
  gint64 from, to;

  g_return_val_if_fail (SPA_IS_STORE (store), FALSE);
  g_return_val_if_fail (period != NULL && period->first <= period->last, FALSE);
  g_return_val_if_fail (before == NULL || before->first <= before->last, FALSE);

  if (before == NULL || out_before == NULL)
    return spa_report_dashboard_with_visits (store, zone, period, filter, out, visits, error);

  memset (out, 0, sizeof *out);
  memset (out_before, 0, sizeof *out_before);
  dashboard_clients_kept (&a, filter);
  dashboard_clients_kept (&b, filter);
  if (!scan_run (&a, store, zone, period, filter, 0, FALSE, error) ||
      !scan_run (&b, store, zone, before, filter, 0, FALSE, error))
    return FALSE;
  if (a.from > b.follow || b.from > a.follow)
    {
      /* Apart (a year back): two walks. */
      if (!spa_store_reports_scan (store, a.from, a.to, a.follow, filter, scan_row, &a, error) ||
          !spa_store_reports_scan (store, b.from, b.to, b.follow, filter, scan_row, &b, error))
        return FALSE;
    }
  else
    {
      from = MIN (a.from, b.from);
      to = MAX (a.to, b.to);
      if (!spa_store_reports_scan (store, from, to, MAX (a.follow, b.follow), filter, pair_row,
                                   scans, error))
        return FALSE;
    }
  for (guint i = 0; i < 2; i++)
    {
      if (!scan_dashboard_clients (scans[i], error) ||
          !scan_money (scans[i], MONEY_TOTALS, error))
        return FALSE;
      scan_totals (scans[i]);
    }
  *out = a.totals;
  *out_before = b.totals;
  if (visits != NULL)
    *visits = build_visits (&a);
  return TRUE;
}

/**
 * spa_report_dashboard:
 * @filter: (nullable): which bookings
 * @out: (out): the figures
 *
 * Computes the dashboard's figures for @period in @zone (the desk's; a location chosen
 * in @filter: its own).
 */
gboolean
spa_report_dashboard (SpaStore               *store,
                      GTimeZone              *zone,
                      const SpaReportPeriod  *period,
                      const SpaReportFilter  *filter,
                      SpaDashboard           *out,
                      GError                **error)
{
  return spa_report_dashboard_with_visits (store, zone, period, filter, out, NULL, error);
}

/* ------------------------------------------------------------------ figures */

static const struct {
  const char *title;
  gboolean    money;
  gboolean    ratio;
  gboolean    lower_is_better;
} figures[SPA_FIGURE_N] = {
  { N_("Revenue"), TRUE, FALSE, FALSE },
  { N_("Visits"), FALSE, FALSE, FALSE },
  { N_("Average ticket"), TRUE, FALSE, FALSE },
  { N_("Utilisation"), FALSE, TRUE, FALSE },
  { N_("No-show rate"), FALSE, TRUE, TRUE },
  { N_("Late cancellations"), FALSE, TRUE, TRUE },
  { N_("New clients"), FALSE, FALSE, FALSE },
  { N_("Rebooking rate"), FALSE, TRUE, FALSE },
};

static double
ratio (gint64 a,
       gint64 b)
{
  return b > 0 ? (double)a / (double)b : -1;
}

/**
 * spa_dashboard_get_figure:
 *
 * Returns: the figure: a count, cents, or a ratio from 0 to 1 (negative when it cannot
 *   be computed, such as a rate over no appointments)
 */
double
spa_dashboard_get_figure (const SpaDashboard *dashboard,
                          SpaFigure           figure)
{
  switch (figure)
    {
    case SPA_FIGURE_REVENUE:
      return dashboard->revenue_cents;
    case SPA_FIGURE_VISITS:
      return dashboard->visits;
    case SPA_FIGURE_AVERAGE_TICKET:
      return dashboard->sales > 0 ? round ((double)dashboard->revenue_cents / dashboard->sales)
                                  : -1;
    case SPA_FIGURE_UTILISATION:
      return ratio (dashboard->booked_minutes, dashboard->working_minutes);
    case SPA_FIGURE_NO_SHOW_RATE:
      return ratio (dashboard->no_shows, dashboard->appointments);
    case SPA_FIGURE_LATE_CANCEL_RATE:
      return ratio (dashboard->late_cancellations, dashboard->appointments);
    case SPA_FIGURE_NEW_CLIENTS:
      return dashboard->new_clients;
    case SPA_FIGURE_REBOOKING_RATE:
      return ratio (dashboard->rebooked_clients, dashboard->clients);
    case SPA_FIGURE_N:
    default:
      return -1;
    }
}

const char *
spa_figure_title (SpaFigure figure)
{
  g_return_val_if_fail (figure < SPA_FIGURE_N, "");
  return _(figures[figure].title);
}

gboolean
spa_figure_is_money (SpaFigure figure)
{
  g_return_val_if_fail (figure < SPA_FIGURE_N, FALSE);
  return figures[figure].money;
}

gboolean
spa_figure_lower_is_better (SpaFigure figure)
{
  g_return_val_if_fail (figure < SPA_FIGURE_N, FALSE);
  return figures[figure].lower_is_better;
}

static SpaReportValueKind
figure_kind (SpaFigure figure)
{
  return figures[figure].money ? SPA_REPORT_VALUE_MONEY
         : figures[figure].ratio ? SPA_REPORT_VALUE_RATIO : SPA_REPORT_VALUE_COUNT;
}

/**
 * spa_figure_format:
 *
 * Returns: (transfer full): the figure as a card shows it ("81%", "1,204", "$96.50")
 */
char *
spa_figure_format (SpaFigure figure,
                   double    value)
{
  g_return_val_if_fail (figure < SPA_FIGURE_N, NULL);
  if (value < 0)
    return g_strdup ("—");
  return spa_report_format_value (figure_kind (figure), value);
}

/**
 * spa_figure_format_change:
 *
 * Returns: (transfer full) (nullable): the change from @previous to @value: in percent
 *   for counts and money ("+12%"), in percentage points for rates ("−1.5 pts"), or
 *   %NULL when there is nothing to compare with
 */
char *
spa_figure_format_change (SpaFigure figure,
                          double    value,
                          double    previous)
{
  g_return_val_if_fail (figure < SPA_FIGURE_N, NULL);
  if (value < 0 || previous < 0)
    return NULL;
  if (figures[figure].ratio)
    {
      double points = (value - previous) * 100;

      if (fabs (points) < 0.05)
        /* TRANSLATORS: no change in a rate between two periods */
        return g_strdup (_("no change"));
      /* TRANSLATORS: a change in percentage points, "+1.5 pts"; %s is the sign */
      return g_strdup_printf (_("%s%.1f pts"), points > 0 ? "+" : "−", fabs (points));
    }
  if (previous == 0)
    return value == 0 ? g_strdup (_("no change")) : g_strdup (_("new"));
  {
    double percent = (value - previous) / previous * 100;

    if (fabs (percent) < 0.5)
      return g_strdup (_("no change"));
    /* TRANSLATORS: a change in percent, "+12%"; %s is the sign */
    return g_strdup_printf (_("%s%.0f%%"), percent > 0 ? "+" : "−", fabs (percent));
  }
}

/* ------------------------------------------------------------------ tables */

static void
report_column_free (gpointer data)
{
  SpaReportColumn *column = data;

  g_free (column->title);
  g_free (column);
}

static void
report_row_free (gpointer data)
{
  SpaReportRow *row = data;

  g_free (row->label);
  g_free (row->key);
  g_free (row->values);
  g_free (row);
}

typedef struct
{
  SpaReportTable table;
  gatomicrefcount ref;
} TableBox;

G_DEFINE_BOXED_TYPE (SpaReportTable, spa_report_table, spa_report_table_ref, spa_report_table_unref)

SpaReportTable *
spa_report_table_new (SpaReportKind   kind,
                      const char     *title,
                      const char     *row_title,
                      SpaReportChart  chart)
{
  TableBox *box = g_new0 (TableBox, 1);

  g_atomic_ref_count_init (&box->ref);
  box->table.kind = kind;
  box->table.title = g_strdup (title);
  box->table.row_title = g_strdup (row_title);
  box->table.chart = chart;
  box->table.columns = g_ptr_array_new_with_free_func (report_column_free);
  box->table.rows = g_ptr_array_new_with_free_func (report_row_free);
  return &box->table;
}

SpaReportTable *
spa_report_table_ref (SpaReportTable *table)
{
  g_atomic_ref_count_inc (&((TableBox *)table)->ref);
  return table;
}

void
spa_report_table_unref (SpaReportTable *table)
{
  TableBox *box = (TableBox *)table;

  if (table == NULL || !g_atomic_ref_count_dec (&box->ref))
    return;
  g_free (table->title);
  g_free (table->row_title);
  g_free (table->note);
  g_ptr_array_unref (table->columns);
  g_ptr_array_unref (table->rows);
  g_free (box);
}

/* Columns are added before rows. */
void
spa_report_table_add_column (SpaReportTable     *table,
                             const char         *title,
                             SpaReportValueKind  kind)
{
  SpaReportColumn *column = g_new0 (SpaReportColumn, 1);

  g_return_if_fail (table->rows->len == 0);
  column->title = g_strdup (title);
  column->kind = kind;
  g_ptr_array_add (table->columns, column);
}

SpaReportRow *
spa_report_table_add_row (SpaReportTable *table,
                          const char     *label,
                          const char     *key)
{
  SpaReportRow *row = g_new0 (SpaReportRow, 1);

  row->label = g_strdup (label);
  row->key = g_strdup (key);
  row->values = g_new0 (double, MAX (table->columns->len, 1));
  row->kind = -1;
  g_ptr_array_add (table->rows, row);
  return row;
}

double
spa_report_table_get (SpaReportTable *table,
                      guint           row,
                      guint           column)
{
  g_return_val_if_fail (row < table->rows->len && column < table->columns->len, 0);
  return ((SpaReportRow *)table->rows->pdata[row])->values[column];
}

SpaReportValueKind
spa_report_table_get_kind (SpaReportTable *table,
                           guint           row,
                           guint           column)
{
  SpaReportRow *r;

  g_return_val_if_fail (row < table->rows->len && column < table->columns->len, 0);
  r = table->rows->pdata[row];
  if (r->kind >= 0)
    return (SpaReportValueKind)r->kind;
  return ((SpaReportColumn *)table->columns->pdata[column])->kind;
}

/**
 * spa_report_format_value:
 *
 * Returns: (transfer full): @value as a table shows it: a count, hours ("12.5 h"), a
 *   percentage or money; "—" for a ratio that does not apply
 */
char *
spa_report_format_value (SpaReportValueKind kind,
                         double             value)
{
  if (isnan (value))
    return g_strdup ("—");
  switch (kind)
    {
    case SPA_REPORT_VALUE_MINUTES:
      {
        g_autofree char *hours = spa_format_number (value / 60, 1);

        /* TRANSLATORS: a number of hours, "1,212.5 h" */
        return g_strdup_printf (_("%s h"), hours);
      }
    case SPA_REPORT_VALUE_RATIO:
      if (value < 0)
        return g_strdup ("—");
      /* TRANSLATORS: a percentage, "81%" */
      return g_strdup_printf (value < 0.1 ? _("%.1f%%") : _("%.0f%%"), value * 100);
    case SPA_REPORT_VALUE_MONEY:
      return spa_format_money ((gint64)llround (value), NULL);
    case SPA_REPORT_VALUE_COUNT:
    default:
      return spa_format_number (value, 0);
    }
}

static void
csv_field (GString    *out,
           const char *text,
           gboolean    is_text)
{
  gboolean quote = strpbrk (text, ",\"\r\n") != NULL;

  /* A spreadsheet runs a cell that starts like a formula: write such text as text. */
  if (is_text && strchr ("=+-@\t\r", text[0]) != NULL && text[0] != '\0')
    {
      g_string_append (out, "\"'");
      quote = TRUE;
    }
  else if (quote)
    g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  if (quote)
    g_string_append_c (out, '"');
}

/**
 * spa_report_table_to_csv:
 *
 * Returns: (transfer full): the table as CSV (RFC 4180, CRLF line ends, UTF-8): a header
 *   of the column titles, then a line per row with plain numbers ("." as decimal
 *   mark): counts, hours, percentages and amounts in the currency's units; a rate that
 *   does not apply is empty
 */
char *
spa_report_table_to_csv (SpaReportTable *table)
{
  GString *out = g_string_new (NULL);
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  csv_field (out, table->row_title ? table->row_title : "", TRUE);
  for (guint c = 0; c < table->columns->len; c++)
    {
      g_string_append_c (out, ',');
      csv_field (out, ((SpaReportColumn *)table->columns->pdata[c])->title, TRUE);
    }
  g_string_append (out, "\r\n");

  for (guint r = 0; r < table->rows->len; r++)
    {
      SpaReportRow *row = table->rows->pdata[r];

      csv_field (out, row->label ? row->label : "", TRUE);
      for (guint c = 0; c < table->columns->len; c++)
        {
          SpaReportValueKind kind = spa_report_table_get_kind (table, r, c);
          double value = row->values[c];

          g_string_append_c (out, ',');
          if ((kind == SPA_REPORT_VALUE_RATIO && value < 0) || isnan (value))
            continue;
          if (kind == SPA_REPORT_VALUE_MINUTES)
            g_ascii_formatd (number, sizeof number, "%.2f", value / 60);
          else if (kind == SPA_REPORT_VALUE_RATIO)
            g_ascii_formatd (number, sizeof number, "%.2f", value * 100);
          else if (kind == SPA_REPORT_VALUE_MONEY)
            g_ascii_formatd (number, sizeof number, "%.2f", value / 100);
          else
            g_ascii_formatd (number, sizeof number, "%.0f", value);
          g_string_append (out, number);
        }
      g_string_append (out, "\r\n");
    }

  return g_string_free (out, FALSE);
}

/* What the revenue is made of, taxes apart, as rows under it. */
static void
add_revenue_detail (SpaReportTable     *table,
                    const SpaDashboard *dashboard,
                    const SpaDashboard *comparison)
{
  const char *titles[] = { N_("Services"), N_("Products"), N_("Tips"), N_("Taxes") };

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      const SpaDashboard *d[2] = { dashboard, comparison };
      SpaReportRow *row = spa_report_table_add_row (table, _(titles[i]), NULL);

      row->kind = SPA_REPORT_VALUE_MONEY;
      for (guint k = 0; k < (comparison ? 2 : 1); k++)
        row->values[k] = i == 0   ? d[k]->services_cents
                         : i == 1 ? d[k]->products_cents
                         : i == 2 ? d[k]->tips_cents
                                  : d[k]->tax_cents;
    }
}

/**
 * spa_report_dashboard_table:
 * @comparison: (nullable): the figures of the period compared with
 *
 * Returns: (transfer full): the dashboard as a table (a row per figure; the money
 *   figures only when there are invoices), for export
 */
SpaReportTable *
spa_report_dashboard_table (const SpaDashboard *dashboard,
                            const SpaDashboard *comparison)
{
  SpaReportTable *table = spa_report_table_new (SPA_REPORT_N, _("Dashboard"), _("Figure"),
                                                SPA_REPORT_CHART_BAR);

  spa_report_table_add_column (table, _("This period"), SPA_REPORT_VALUE_COUNT);
  if (comparison)
    spa_report_table_add_column (table, _("Comparison"), SPA_REPORT_VALUE_COUNT);
  for (SpaFigure f = 0; f < SPA_FIGURE_N; f++)
    {
      SpaReportRow *row;

      if (figures[f].money && !dashboard->has_money)
        continue;
      row = spa_report_table_add_row (table, spa_figure_title (f), NULL);
      row->kind = figure_kind (f);
      /* A figure that cannot be computed (a rate over nothing) is not a number. */
      row->values[0] = spa_dashboard_get_figure (dashboard, f);
      if (row->values[0] < 0 && f != SPA_FIGURE_REVENUE)
        row->values[0] = NAN;
      if (comparison)
        {
          row->values[1] = spa_dashboard_get_figure (comparison, f);
          if (row->values[1] < 0 && f != SPA_FIGURE_REVENUE)
            row->values[1] = NAN;
        }
      if (f == SPA_FIGURE_REVENUE)
        add_revenue_detail (table, dashboard, comparison);
    }
  return table;
}

/* ------------------------------------------------------------------ reports */

static const struct {
  const char *title;
  gboolean    money;
} kinds[SPA_REPORT_N] = {
  { N_("Visits over time"), FALSE },
  { N_("Utilisation by therapist"), FALSE },
  { N_("Utilisation by room"), FALSE },
  { N_("Busy hours"), FALSE },
  { N_("No-shows by client"), FALSE },
  { N_("No-shows by service"), FALSE },
  { N_("No-shows by weekday"), FALSE },
  { N_("Client retention"), FALSE },
  { N_("Revenue over time"), TRUE },
  { N_("Revenue by service"), TRUE },
  { N_("Revenue by therapist"), TRUE },
  { N_("Revenue by payment method"), TRUE },
  { N_("Therapist sales"), TRUE },
};

const char *
spa_report_kind_title (SpaReportKind kind)
{
  g_return_val_if_fail (kind < SPA_REPORT_N, "");
  return _(kinds[kind].title);
}

gboolean
spa_report_kind_needs_money (SpaReportKind kind)
{
  g_return_val_if_fail (kind < SPA_REPORT_N, FALSE);
  return kinds[kind].money;
}

static char *
weekday_name (int weekday)
{
  /* 2024-01-01 was a Monday. */
  g_autoptr(GDateTime) day = g_date_time_new_utc (2024, 1, 1 + weekday, 12, 0, 0);

  return spa_format_weekday (day);
}

static char *
service_label (SpaReportEntity *service)
{
  /* TRANSLATORS: a service and its length, "Swedish massage, 60 min" */
  return g_strdup_printf (_("%s, %d min"), service->name, service->duration_min);
}

static char *
bucket_label (Scan   *scan,
              guint   bucket,
              gint64 *first_day)
{
  int y, m, d;
  g_autoptr(GDateTime) dt = NULL;

  if (scan->bucket_kind == BUCKET_HOUR)
    {
      *first_day = scan->period->first;
      return g_strdup_printf ("%02u:00", bucket);
    }
  if (scan->bucket_kind == BUCKET_DAY)
    {
      *first_day = scan->period->first + bucket;
      dt = day_date_time (*first_day);
      return spa_format_day_month (dt);
    }
  spa_report_day_to_ymd (scan->period->first, &y, &m, &d);
  if (scan->bucket_kind == BUCKET_MONTH)
    {
      int month = (m - 1) + (int)bucket;

      *first_day = spa_report_day_from_ymd (y + month / 12, month % 12 + 1, 1);
      dt = day_date_time (*first_day);
      return spa_format_month_year (dt);
    }
  {
    int quarter = (m - 1) / 3 + (int)bucket;

    *first_day = spa_report_day_from_ymd (y + quarter / 4, (quarter % 4) * 3 + 1, 1);
    return g_strdup_printf (_("Q%d %d"), quarter % 4 + 1, y + quarter / 4);
  }
}

/* A report over time: one row per bucket of the period, its @n_values values from
 * @values (one bucket's values after another). */
static SpaReportTable *
time_table_new (Scan                       *scan,
                SpaReportKind               kind,
                const char * const         *columns,
                const SpaReportValueKind   *value_kinds,
                guint                       n_values,
                const double               *values)
{
  SpaReportTable *table = spa_report_table_new (
      kind, spa_report_kind_title (kind),
      scan->bucket_kind == BUCKET_HOUR ? _("Hour") : _("Period"),
      scan->n_buckets > 31 ? SPA_REPORT_CHART_LINE : SPA_REPORT_CHART_BAR);

  for (guint i = 0; i < n_values; i++)
    spa_report_table_add_column (table, _(columns[i]), value_kinds[i]);
  for (guint b = 0; b < scan->n_buckets; b++)
    {
      gint64 first_day;
      g_autofree char *label = bucket_label (scan, b, &first_day);
      g_autofree char *key = NULL;
      SpaReportRow *row;
      int y, m, d;

      spa_report_day_to_ymd (first_day, &y, &m, &d);
      key = scan->bucket_kind == BUCKET_HOUR ? g_strdup_printf ("%02u", b)
                                              : g_strdup_printf ("%04d-%02d-%02d", y, m, d);
      row = spa_report_table_add_row (table, label, key);
      memcpy (row->values, values + (gsize)b * n_values, n_values * sizeof (double));
    }
  return table;
}

static SpaReportTable *
build_visits (Scan *scan)
{
  static const char * const columns[] = {
    N_("Visits"), N_("Appointments"), N_("No-shows"), N_("Booked hours"),
  };
  static const SpaReportValueKind value_kinds[] = {
    SPA_REPORT_VALUE_COUNT, SPA_REPORT_VALUE_COUNT, SPA_REPORT_VALUE_COUNT,
    SPA_REPORT_VALUE_MINUTES,
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (columns) == G_N_ELEMENTS (*scan->buckets));
  return time_table_new (scan, SPA_REPORT_VISITS, columns, value_kinds, G_N_ELEMENTS (columns),
                         &scan->buckets[0][0]);
}

static SpaReportTable *
build_utilisation (Scan          *scan,
                   SpaReportKind  kind)
{
  gboolean rooms = kind == SPA_REPORT_UTILISATION_ROOM;
  SpaReportTable *table =
      spa_report_table_new (kind, spa_report_kind_title (kind),
                            rooms ? _("Room") : _("Therapist"), SPA_REPORT_CHART_BAR);
  g_autofree guint8 *has_hours = g_new0 (guint8, scan->therapists->len + 1);
  gint64 room_open[7], open_total = 0;
  GPtrArray *entities = rooms ? scan->rooms : scan->therapists;

  scan_working_time (scan, room_open, has_hours);
  for (int wd = 0; wd < 7; wd++)
    open_total += room_open[wd];

  spa_report_table_add_column (table, _("Utilisation"), SPA_REPORT_VALUE_RATIO);
  spa_report_table_add_column (table, _("Booked hours"), SPA_REPORT_VALUE_MINUTES);
  spa_report_table_add_column (table, rooms ? _("Open hours")
                                            : _("Working hours"), SPA_REPORT_VALUE_MINUTES);
  spa_report_table_add_column (table, _("Cleanup hours"), SPA_REPORT_VALUE_MINUTES);
  if (!rooms)
    spa_report_table_add_column (table, _("Visits"), SPA_REPORT_VALUE_COUNT);

  for (guint i = 0; i < entities->len; i++)
    {
      SpaReportEntity *entity = entities->pdata[i];
      UseAcc *use = rooms ? &scan->room_use[i] : &scan->therapist_use[i];
      gint64 available = rooms ? open_total : (has_hours[i] ? use->working : 0);
      SpaReportRow *row;

      if (rooms)
        {
          if (scan->filter && scan->filter->room_id &&
              g_strcmp0 (scan->filter->room_id, entity->id) != 0)
            continue;
          if ((!entity->active || entity->elsewhere) && use->booked == 0)
            continue;
        }
      else if (!therapist_counts (scan, i))
        continue;

      row = spa_report_table_add_row (table, entity->name, entity->id);
      row->values[0] = ratio (use->booked, available);
      row->values[1] = use->booked;
      row->values[2] = available;
      row->values[3] = use->buffer;
      if (!rooms)
        row->values[4] = use->visits;
    }
  if (!rooms)
    table->note = g_strdup (_("Booked time over working time from each therapist’s working "
                              "hours; cleanup between bookings is counted apart."));
  else
    table->note = g_strdup (_("Booked time over the spa’s opening hours (when any therapist "
                              "works); cleanup between bookings is counted apart."));
  return table;
}

static SpaReportTable *
build_busy_hours (Scan *scan)
{
  SpaReportTable *table = spa_report_table_new (SPA_REPORT_BUSY_HOURS,
                                                spa_report_kind_title (SPA_REPORT_BUSY_HOURS),
                                                _("Weekday"), SPA_REPORT_CHART_HEAT_MAP);
  int first = 24, last = -1;

  /* Only the hours something happens in, at least 09:00 to 17:00. */
  for (int wd = 0; wd < 7; wd++)
    for (int h = 0; h < 24; h++)
      if (scan->heat[wd][h] > 0)
        {
          first = MIN (first, h);
          last = MAX (last, h);
        }
  first = MIN (first, 9);
  last = MAX (last, 16);

  for (int h = first; h <= last; h++)
    {
      g_autofree char *title = g_strdup_printf ("%02d:00", h);

      spa_report_table_add_column (table, title, SPA_REPORT_VALUE_MINUTES);
    }
  for (int wd = 0; wd < 7; wd++)
    {
      g_autofree char *name = weekday_name (wd);
      g_autofree char *key = g_strdup_printf ("%d", wd + 1);
      SpaReportRow *row = spa_report_table_add_row (table, name, key);

      for (int h = first; h <= last; h++)
        row->values[h - first] = scan->heat[wd][h];
    }
  table->note = g_strdup (_("Booked hours in each hour of the week, in the spa’s local time."));
  return table;
}

static void
add_show_columns (SpaReportTable *table)
{
  spa_report_table_add_column (table, _("No-show rate"), SPA_REPORT_VALUE_RATIO);
  spa_report_table_add_column (table, _("Appointments"), SPA_REPORT_VALUE_COUNT);
  spa_report_table_add_column (table, _("No-shows"), SPA_REPORT_VALUE_COUNT);
  spa_report_table_add_column (table, _("Late cancellations"), SPA_REPORT_VALUE_COUNT);
  spa_report_table_add_column (table, _("Cancellations"), SPA_REPORT_VALUE_COUNT);
}

static void
set_show_values (SpaReportRow  *row,
                 const ShowAcc *shows)
{
  row->values[0] = ratio (shows->no_shows, shows->appointments);
  row->values[1] = shows->appointments;
  row->values[2] = shows->no_shows;
  row->values[3] = shows->late;
  row->values[4] = shows->cancellations;
}

typedef struct
{
  const char *id;
  ClientAcc  *acc;
} ClientEntry;

static int
compare_clients (gconstpointer a,
                 gconstpointer b)
{
  const ClientEntry *x = a, *y = b;
  gint64 bx = x->acc->shows.no_shows + x->acc->shows.late;
  gint64 by = y->acc->shows.no_shows + y->acc->shows.late;

  if (bx != by)
    return bx > by ? -1 : 1;
  if (x->acc->shows.no_shows != y->acc->shows.no_shows)
    return x->acc->shows.no_shows > y->acc->shows.no_shows ? -1 : 1;
  return strcmp (x->id, y->id);
}

/* The clients with a no-show or a late cancellation, the most first. */
static GArray *
client_entries (Scan *scan)
{
  GArray *entries = g_array_new (FALSE, FALSE, sizeof (ClientEntry));
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, scan->clients);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      ClientEntry entry = { key, value };

      if (entry.acc->shows.no_shows + entry.acc->shows.late > 0)
        g_array_append_val (entries, entry);
    }
  g_array_sort (entries, compare_clients);
  return entries;
}

static void
add_miss (const char *client_id,
          gint64      no_shows,
          gint64      late,
          gpointer    data)
{
  ClientAcc *acc = client_acc (data, client_id);

  acc->shows.no_shows = no_shows;
  acc->shows.late = late;
}

static void
add_client_shows (const SpaReportBooking *b,
                  gpointer                data)
{
  if (!b->partial)
    add_shows (data, b);
}

/* The whole spa's no-shows by client without a walk: the clients' no-shows and late
 * cancellations from migration 56's rows, then the bookings of those shown only. */
static gboolean
scan_kept_misses (Scan    *scan,
                  GError **error)
{
  g_autoptr(GArray) entries = NULL;

  if (!spa_store_reports_misses (scan->store, scan->from, scan->to, add_miss, scan, error))
    return FALSE;
  entries = client_entries (scan);
  for (guint i = 0; i < MIN (entries->len, TOP_CLIENTS); i++)
    {
      ClientEntry *entry = &g_array_index (entries, ClientEntry, i);

      memset (&entry->acc->shows, 0, sizeof entry->acc->shows);
      if (!spa_store_reports_scan_client (scan->store, entry->id, scan->from, scan->to,
                                          add_client_shows, &entry->acc->shows, error))
        return FALSE;
    }
  return TRUE;
}

static SpaReportTable *
build_no_shows (Scan          *scan,
                SpaReportKind  kind)
{
  const char *row_title = kind == SPA_REPORT_NO_SHOWS_CLIENT ? _("Client")
                          : kind == SPA_REPORT_NO_SHOWS_SERVICE ? _("Service") : _("Weekday");
  SpaReportTable *table = spa_report_table_new (kind, spa_report_kind_title (kind), row_title,
                                                SPA_REPORT_CHART_BAR);

  add_show_columns (table);
  if (kind == SPA_REPORT_NO_SHOWS_WEEKDAY)
    for (int wd = 0; wd < 7; wd++)
      {
        g_autofree char *name = weekday_name (wd);
        g_autofree char *key = g_strdup_printf ("%d", wd + 1);

        set_show_values (spa_report_table_add_row (table, name, key), &scan->weekday_shows[wd]);
      }
  else if (kind == SPA_REPORT_NO_SHOWS_SERVICE)
    for (guint i = 0; i < scan->services->len; i++)
      {
        SpaReportEntity *service = scan->services->pdata[i];
        ShowAcc *shows = &scan->service_shows[i];
        g_autofree char *label = NULL;

        if (shows->appointments == 0 && shows->cancellations == 0)
          continue;
        label = service_label (service);
        set_show_values (spa_report_table_add_row (table, label, service->id), shows);
      }
  else
    {
      g_autoptr(GArray) entries = client_entries (scan);

      for (guint i = 0; i < MIN (entries->len, TOP_CLIENTS); i++)
        {
          ClientEntry *entry = &g_array_index (entries, ClientEntry, i);
          g_autofree char *name = spa_store_reports_client_name (scan->store, entry->id);

          set_show_values (spa_report_table_add_row (table, name, entry->id), &entry->acc->shows);
        }
      if (entries->len > TOP_CLIENTS)
        table->note = g_strdup_printf (
            _("The %d clients with the most no-shows and late cancellations, of %u."), TOP_CLIENTS,
               entries->len);
    }
  return table;
}

static gint64
local_day_of (Scan   *scan,
              gint64  t)
{
  return floor_div (t + zone_cache_offset (&scan->zc, t), 86400);
}

typedef struct
{
  Scan           *scan;
  SpaReportTable *table;
  int             y0, m0;  /* the period's first month */
} RetentionAcc;

/* A client whose first visit ever was @first_visit, back at @next_visit (0: not yet). */
static void
add_return (gint64   first_visit,
            gint64   next_visit,
            gpointer data)
{
  static const int months[] = { 1, 3, 6 };
  RetentionAcc *r = data;
  gint64 first_day = local_day_of (r->scan, first_visit);
  gint64 i;
  int y, m, d;
  SpaReportRow *row;

  spa_report_day_to_ymd (first_day, &y, &m, &d);
  i = (y - r->y0) * 12 + (m - r->m0);
  if (i < 0 || i >= r->table->rows->len)
    return;
  row = r->table->rows->pdata[i];
  row->values[0]++;
  if (next_visit == 0)
    return;
  for (guint k = 0; k < G_N_ELEMENTS (months); k++)
    if (local_day_of (r->scan, next_visit) <= add_months (first_day, months[k]))
      row->values[1 + k]++;
}

/* Retention from the clients the walk met, or (@kept) from migration 54's first and
 * next visits of the period's new clients. */
static SpaReportTable *
build_retention (Scan     *scan,
                 gboolean  kept,
                 GError  **error)
{
  SpaReportTable *table = spa_report_table_new (SPA_REPORT_RETENTION,
                                                spa_report_kind_title (SPA_REPORT_RETENTION),
                                                _("First visit"), SPA_REPORT_CHART_BAR);
  int y0, m0, d0, y1, m1, d1;
  guint n_months;
  GHashTableIter iter;
  gpointer value;
  RetentionAcc r;

  spa_report_day_to_ymd (scan->period->first, &y0, &m0, &d0);
  spa_report_day_to_ymd (scan->period->last, &y1, &m1, &d1);
  n_months = (guint)((y1 - y0) * 12 + (m1 - m0) + 1);

  spa_report_table_add_column (table, _("New clients"), SPA_REPORT_VALUE_COUNT);
  spa_report_table_add_column (table, _("Back within 1 month"), SPA_REPORT_VALUE_COUNT);
  spa_report_table_add_column (table, _("Back within 3 months"), SPA_REPORT_VALUE_COUNT);
  spa_report_table_add_column (table, _("Back within 6 months"), SPA_REPORT_VALUE_COUNT);
  spa_report_table_add_column (table, _("Returned in 3 months"), SPA_REPORT_VALUE_RATIO);
  for (guint i = 0; i < n_months; i++)
    {
      int month = (m0 - 1) + (int)i;
      gint64 first = spa_report_day_from_ymd (y0 + month / 12, month % 12 + 1, 1);
      g_autoptr(GDateTime) dt = day_date_time (first);
      g_autofree char *label = spa_format_month_year (dt);
      g_autofree char *key = g_strdup_printf ("%04d-%02d", y0 + month / 12, month % 12 + 1);

      spa_report_table_add_row (table, label, key);
    }

  r = (RetentionAcc){ scan, table, y0, m0 };
  if (kept)
    {
      if (!spa_store_reports_returns (scan->store, scan->from, scan->to, add_return, &r, error))
        {
          spa_report_table_unref (table);
          return NULL;
        }
    }
  else
    {
      g_hash_table_iter_init (&iter, scan->clients);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          ClientAcc *acc = value;

          if (acc->is_new && acc->first_visit != 0 && acc->first_visit < scan->to)
            add_return (acc->first_visit, acc->next_visit, &r);
        }
    }
  for (guint i = 0; i < table->rows->len; i++)
    {
      SpaReportRow *row = table->rows->pdata[i];

      row->values[4] = row->values[0] > 0 ? row->values[2] / row->values[0] : -1;
    }
  table->note = g_strdup (_("Clients whose first visit ever was that month, and how many came back "
                            "for another visit within 1, 3 and 6 months. Recent months are still "
                            "counting."));
  return table;
}

static SpaReportTable *
build_revenue_time (Scan *scan)
{
  static const char * const columns[] = {
    N_("Revenue"), N_("Services"), N_("Products"), N_("Tips"), N_("Taxes"),
  };
  static const SpaReportValueKind value_kinds[] = {
    SPA_REPORT_VALUE_MONEY, SPA_REPORT_VALUE_MONEY, SPA_REPORT_VALUE_MONEY,
    SPA_REPORT_VALUE_MONEY, SPA_REPORT_VALUE_MONEY,
  };
  SpaReportTable *table;

  G_STATIC_ASSERT (G_N_ELEMENTS (columns) == G_N_ELEMENTS (*scan->money_buckets));
  table = time_table_new (scan, SPA_REPORT_REVENUE_TIME, columns, value_kinds,
                          G_N_ELEMENTS (columns), &scan->money_buckets[0][0]);
  table->note = g_strdup (_("What the invoices took, less refunds, taxes and tips included; "
                            "services and products before tax."));
  return table;
}

static SpaReportTable *
build_revenue_service (Scan *scan)
{
  SpaReportTable *table = spa_report_table_new (SPA_REPORT_REVENUE_SERVICE,
                                                spa_report_kind_title (SPA_REPORT_REVENUE_SERVICE),
                                                _("Service"), SPA_REPORT_CHART_BAR);
  const char *categories[] = { N_("Products"), N_("Packages"), N_("Gift cards") };
  const char *keys[] = { "products", "packages", "gift-cards" };

  spa_report_table_add_column (table, _("Revenue"), SPA_REPORT_VALUE_MONEY);
  spa_report_table_add_column (table, _("Sold"), SPA_REPORT_VALUE_COUNT);
  for (guint i = 0; i < scan->services->len; i++)
    {
      SpaReportEntity *service = scan->services->pdata[i];
      g_autofree char *label = NULL;
      SpaReportRow *row;

      if (scan->service_revenue[i] == 0 && scan->service_count[i] == 0)
        continue;
      label = service_label (service);
      row = spa_report_table_add_row (table, label, service->id);
      row->values[0] = scan->service_revenue[i];
      row->values[1] = scan->service_count[i];
    }
  for (guint c = 0; c < G_N_ELEMENTS (categories); c++)
    if (scan->category_revenue[c] != 0 || scan->category_count[c] != 0)
      {
        SpaReportRow *row = spa_report_table_add_row (table, _(categories[c]), keys[c]);

        row->values[0] = scan->category_revenue[c];
        row->values[1] = scan->category_count[c];
      }
  table->note = g_strdup (_("Before tax, less refunds."));
  return table;
}

/* Revenue by therapist and therapist sales: services, products and tips each. */
static SpaReportTable *
build_therapist_money (Scan          *scan,
                       SpaReportKind  kind)
{
  gboolean sales = kind == SPA_REPORT_THERAPIST_SALES;
  SpaReportTable *table = spa_report_table_new (kind, spa_report_kind_title (kind), _("Therapist"),
                                                SPA_REPORT_CHART_BAR);
  gint64 all = 0;

  for (guint i = 0; i <= scan->therapists->len; i++)
    all += scan->therapist_sales[i].services + scan->therapist_sales[i].products;
  if (sales)
    {
      spa_report_table_add_column (table, _("Total"), SPA_REPORT_VALUE_MONEY);
      spa_report_table_add_column (table, _("Services"), SPA_REPORT_VALUE_MONEY);
      spa_report_table_add_column (table, _("Products"), SPA_REPORT_VALUE_MONEY);
      spa_report_table_add_column (table, _("Tips"), SPA_REPORT_VALUE_MONEY);
    }
  else
    {
      spa_report_table_add_column (table, _("Revenue"), SPA_REPORT_VALUE_MONEY);
      spa_report_table_add_column (table, _("Share"), SPA_REPORT_VALUE_RATIO);
    }
  for (guint i = 0; i <= scan->therapists->len; i++)
    {
      SalesAcc *acc = &scan->therapist_sales[i];
      SpaReportEntity *therapist = i < scan->therapists->len ? scan->therapists->pdata[i] : NULL;
      gint64 revenue = acc->services + acc->products;
      SpaReportRow *row;

      if (revenue == 0 && acc->tips == 0 && (therapist == NULL || !therapist_counts (scan, i)))
        continue;
      row = spa_report_table_add_row (table, therapist ? therapist->name : _("No therapist"),
                                      therapist ? therapist->id : NULL);
      if (sales)
        {
          row->values[0] = revenue + acc->tips;
          row->values[1] = acc->services;
          row->values[2] = acc->products;
          row->values[3] = acc->tips;
        }
      else
        {
          row->values[0] = revenue;
          row->values[1] = ratio (revenue, all);
        }
    }
  table->note = g_strdup (sales ? _("Services and products before tax, less refunds, and the "
                                    "tips given to each therapist: what payroll and commissions "
                                    "need.")
                                : _("Services and products each therapist sold, before tax, less "
                                    "refunds."));
  return table;
}

static SpaReportTable *
build_revenue_method (Scan *scan)
{
  static const char * const titles[N_METHODS] = {
    N_("Cash"), N_("Card"), N_("E-transfer"), N_("Gift card"), N_("Package"), N_("Other"),
  };
  SpaReportTable *table = spa_report_table_new (SPA_REPORT_REVENUE_METHOD,
                                                spa_report_kind_title (SPA_REPORT_REVENUE_METHOD),
                                                _("Payment method"), SPA_REPORT_CHART_BAR);

  spa_report_table_add_column (table, _("Amount"), SPA_REPORT_VALUE_MONEY);
  spa_report_table_add_column (table, _("Payments"), SPA_REPORT_VALUE_COUNT);
  for (guint m = 0; m < N_METHODS; m++)
    {
      SpaReportRow *row;

      if (scan->method_count[m] == 0)
        continue;
      row = spa_report_table_add_row (table, _(titles[m]), payment_methods[m]);
      row->values[0] = scan->method_amount[m];
      row->values[1] = scan->method_count[m];
    }
  table->note = g_strdup (_("Payments received in the period, less money paid back on refunds. "
                            "A therapist or service filter does not apply: a payment is the "
                            "whole invoice’s."));
  return table;
}

/**
 * spa_report_build:
 * @filter: (nullable): which bookings
 *
 * Computes one report for @period in @zone (the desk's; a location chosen in @filter:
 * its own, as spa_location_zone() says).
 *
 * Returns: (transfer full) (nullable): the report, or %NULL with @error set
 */
SpaReportTable *
spa_report_build (SpaStore               *store,
                  GTimeZone              *zone,
                  SpaReportKind           kind,
                  const SpaReportPeriod  *period,
                  const SpaReportFilter  *filter,
                  GError                **error)
{
  g_auto(Scan) scan = { 0, };
  /* The whole spa's retention needs no walk: its clients' visits are kept. */
  gboolean kept_returns = kind == SPA_REPORT_RETENTION && filter_is_empty (filter);
  /* And its no-shows by client (migration 56). */
  gboolean kept_misses = kind == SPA_REPORT_NO_SHOWS_CLIENT && filter_is_empty (filter);

  g_return_val_if_fail (SPA_IS_STORE (store), NULL);
  g_return_val_if_fail (kind < SPA_REPORT_N, NULL);
  g_return_val_if_fail (period != NULL && period->first <= period->last, NULL);

  scan.per_client = (kind == SPA_REPORT_NO_SHOWS_CLIENT && !kept_misses) ||
                    (kind == SPA_REPORT_RETENTION && !kept_returns);
  if (!scan_run (&scan, store, zone, period, filter,
                 kind == SPA_REPORT_RETENTION ? RETENTION_MONTHS : -1,
                 !spa_report_kind_needs_money (kind) && !kept_returns && !kept_misses, error) ||
      (kept_misses && !scan_kept_misses (&scan, error)) ||
      (spa_report_kind_needs_money (kind) &&
       !scan_money (&scan,
                    kind == SPA_REPORT_REVENUE_METHOD ? MONEY_PAYMENTS
                    : kind == SPA_REPORT_REVENUE_TIME ? MONEY_TOTALS
                                                      : MONEY_LINES,
                    error)))
    return NULL;

  switch (kind)
    {
    case SPA_REPORT_VISITS:
      return build_visits (&scan);
    case SPA_REPORT_UTILISATION_THERAPIST:
    case SPA_REPORT_UTILISATION_ROOM:
      return build_utilisation (&scan, kind);
    case SPA_REPORT_BUSY_HOURS:
      return build_busy_hours (&scan);
    case SPA_REPORT_NO_SHOWS_CLIENT:
    case SPA_REPORT_NO_SHOWS_SERVICE:
    case SPA_REPORT_NO_SHOWS_WEEKDAY:
      return build_no_shows (&scan, kind);
    case SPA_REPORT_RETENTION:
      if (!kept_returns && !scan_new_clients (&scan, error))
        return NULL;
      return build_retention (&scan, kept_returns, error);
    case SPA_REPORT_REVENUE_TIME:
      return build_revenue_time (&scan);
    case SPA_REPORT_REVENUE_SERVICE:
      return build_revenue_service (&scan);
    case SPA_REPORT_REVENUE_THERAPIST:
    case SPA_REPORT_THERAPIST_SALES:
      return build_therapist_money (&scan, kind);
    case SPA_REPORT_REVENUE_METHOD:
      return build_revenue_method (&scan);
    default:
      g_assert_not_reached ();
    }
}
