/* spa-report.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "spa-store.h"

G_BEGIN_DECLS

typedef enum
{
  SPA_PERIOD_DAY,
  SPA_PERIOD_WEEK,
  SPA_PERIOD_MONTH,
  SPA_PERIOD_QUARTER,
  SPA_PERIOD_YEAR,
  SPA_PERIOD_CUSTOM,
} SpaPeriodKind;

typedef enum
{
  SPA_COMPARE_NONE,
  SPA_COMPARE_PREVIOUS,
  SPA_COMPARE_LAST_YEAR,
} SpaCompare;

/**
 * SpaReportPeriod:
 * @kind: what the period is
 * @first: its first local day, as days since 1970-01-01 in the zone the report reads
 *   (the desk's, or the location's a report is filtered to)
 * @last: its last local day (inclusive)
 *
 * A span of whole local days. Local days are counted, not instants, so a period is
 * the same dates whatever daylight saving does inside it.
 */
typedef struct
{
  SpaPeriodKind kind;
  gint64        first;
  gint64        last;
} SpaReportPeriod;

/**
 * SpaReportFilter:
 *
 * Restricts a report to the bookings of one therapist, one room, one service and/or
 * one location (%NULL: all). At one location, money counts the invoices of its
 * bookings, and working and opening hours are the therapists' hours there.
 */
typedef struct
{
  const char *therapist_id;
  const char *room_id;
  const char *service_id;
  const char *location_id;
} SpaReportFilter;

gint64      spa_report_day_from_ymd        (int               year,
                                            int               month,
                                            int               day);
void        spa_report_day_to_ymd          (gint64            day,
                                            int              *year,
                                            int              *month,
                                            int              *mday);
gint64      spa_report_today               (GTimeZone        *zone,
                                            GDateTime        *now);
void        spa_report_period_containing   (SpaPeriodKind     kind,
                                            gint64            day,
                                            SpaReportPeriod  *out);
void        spa_report_period_custom       (gint64            first,
                                            gint64            last,
                                            SpaReportPeriod  *out);
void        spa_report_period_step         (const SpaReportPeriod *period,
                                            int               steps,
                                            SpaReportPeriod  *out);
gboolean    spa_report_period_compare      (const SpaReportPeriod *period,
                                            SpaCompare        compare,
                                            SpaReportPeriod  *out);
guint       spa_report_period_n_days       (const SpaReportPeriod *period);
char       *spa_report_period_label        (const SpaReportPeriod *period);
gint64      spa_report_local_midnight      (GTimeZone        *zone,
                                            gint64            day);

/**
 * SpaDashboard:
 * @visits: bookings that took place (completed or checked in)
 * @appointments: bookings that were due: every status but requested, and cancelled
 *   ones only when cancelled late
 * @no_shows: no-show bookings
 * @late_cancellations: bookings cancelled less than 24 hours before their start
 * @cancellations: every cancelled booking
 * @booked_minutes: minutes of the bookings that held a therapist (booked, confirmed,
 *   checked in, completed), for therapists with working hours
 * @buffer_minutes: the cleanup buffers of those bookings, counted apart
 * @working_minutes: those therapists' working minutes over the period
 * @clients: distinct clients with a visit
 * @new_clients: clients whose first visit ever is in the period
 * @rebooked_clients: clients with a visit who booked again within 6 weeks of it
 * @has_money: whether the store has invoices (the money figures are meaningful)
 * @revenue_cents: invoice totals less refunds, issued in the period
 * @services_cents: service lines (before tax)
 * @products_cents: product lines (before tax)
 * @tips_cents: tips
 * @tax_cents: taxes
 * @sales: issued sale invoices (the average ticket's divisor)
 */
typedef struct
{
  gint64   visits;
  gint64   appointments;
  gint64   no_shows;
  gint64   late_cancellations;
  gint64   cancellations;
  gint64   booked_minutes;
  gint64   buffer_minutes;
  gint64   working_minutes;
  gint64   clients;
  gint64   new_clients;
  gint64   rebooked_clients;
  gboolean has_money;
  gint64   revenue_cents;
  gint64   services_cents;
  gint64   products_cents;
  gint64   tips_cents;
  gint64   tax_cents;
  gint64   sales;
} SpaDashboard;

typedef enum
{
  SPA_FIGURE_REVENUE,
  SPA_FIGURE_VISITS,
  SPA_FIGURE_AVERAGE_TICKET,
  SPA_FIGURE_UTILISATION,
  SPA_FIGURE_NO_SHOW_RATE,
  SPA_FIGURE_LATE_CANCEL_RATE,
  SPA_FIGURE_NEW_CLIENTS,
  SPA_FIGURE_REBOOKING_RATE,
  SPA_FIGURE_N,
} SpaFigure;

gboolean    spa_report_dashboard           (SpaStore              *store,
                                            GTimeZone             *zone,
                                            const SpaReportPeriod *period,
                                            const SpaReportFilter *filter,
                                            SpaDashboard          *out,
                                            GError               **error);
double      spa_dashboard_get_figure       (const SpaDashboard    *dashboard,
                                            SpaFigure              figure);
const char *spa_figure_title               (SpaFigure              figure);
gboolean    spa_figure_is_money            (SpaFigure              figure);
gboolean    spa_figure_lower_is_better     (SpaFigure              figure);
char       *spa_figure_format              (SpaFigure              figure,
                                            double                 value);
char       *spa_figure_format_change       (SpaFigure              figure,
                                            double                 value,
                                            double                 previous);

typedef enum
{
  SPA_REPORT_VISITS,
  SPA_REPORT_UTILISATION_THERAPIST,
  SPA_REPORT_UTILISATION_ROOM,
  SPA_REPORT_BUSY_HOURS,
  SPA_REPORT_NO_SHOWS_CLIENT,
  SPA_REPORT_NO_SHOWS_SERVICE,
  SPA_REPORT_NO_SHOWS_WEEKDAY,
  SPA_REPORT_RETENTION,
  SPA_REPORT_REVENUE_TIME,
  SPA_REPORT_REVENUE_SERVICE,
  SPA_REPORT_REVENUE_THERAPIST,
  SPA_REPORT_REVENUE_METHOD,
  SPA_REPORT_THERAPIST_SALES,
  SPA_REPORT_N,
} SpaReportKind;

typedef enum
{
  SPA_REPORT_VALUE_COUNT,
  SPA_REPORT_VALUE_MINUTES,  /* shown as hours */
  SPA_REPORT_VALUE_RATIO,    /* 0..1 shown as a percentage; negative: not applicable */
  SPA_REPORT_VALUE_MONEY,    /* cents */
} SpaReportValueKind;

typedef enum
{
  SPA_REPORT_CHART_BAR,
  SPA_REPORT_CHART_LINE,
  SPA_REPORT_CHART_HEAT_MAP,
} SpaReportChart;

typedef struct
{
  char               *title;
  SpaReportValueKind  kind;
} SpaReportColumn;

typedef struct
{
  char   *label;
  char   *key;     /* the record's id, or the bucket's first local day, or NULL */
  double *values;  /* one per column */
  int     kind;    /* a SpaReportValueKind for every value of the row, or -1: each column's */
} SpaReportRow;

/**
 * SpaReportTable:
 *
 * A report as rows of labelled values: what the chart draws, what the table beside
 * it lists and what a CSV file holds. @chart_column is the column the chart draws
 * (all of them for a heat map, whose rows are weekdays and columns hours).
 */
typedef struct
{
  SpaReportKind   kind;
  char           *title;
  char           *row_title;
  SpaReportChart  chart;
  guint           chart_column;
  GPtrArray      *columns;  /* SpaReportColumn */
  GPtrArray      *rows;     /* SpaReportRow */
  char           *note;     /* a sentence under the chart, or NULL */
} SpaReportTable;

#define SPA_TYPE_REPORT_TABLE (spa_report_table_get_type ())

GType           spa_report_table_get_type  (void) G_GNUC_CONST;
SpaReportTable *spa_report_table_new       (SpaReportKind       kind,
                                            const char         *title,
                                            const char         *row_title,
                                            SpaReportChart      chart);
SpaReportTable *spa_report_table_ref       (SpaReportTable     *table);
void            spa_report_table_unref     (SpaReportTable     *table);
void            spa_report_table_add_column (SpaReportTable    *table,
                                            const char         *title,
                                            SpaReportValueKind  kind);
SpaReportRow   *spa_report_table_add_row   (SpaReportTable     *table,
                                            const char         *label,
                                            const char         *key);
double          spa_report_table_get       (SpaReportTable     *table,
                                            guint               row,
                                            guint               column);
SpaReportValueKind spa_report_table_get_kind (SpaReportTable   *table,
                                            guint               row,
                                            guint               column);
char           *spa_report_format_value    (SpaReportValueKind  kind,
                                            double              value);
char           *spa_report_table_to_csv    (SpaReportTable     *table);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpaReportTable, spa_report_table_unref)

SpaReportTable *spa_report_dashboard_table (const SpaDashboard *dashboard,
                                            const SpaDashboard *comparison);
const char     *spa_report_kind_title      (SpaReportKind       kind);
gboolean        spa_report_kind_needs_money (SpaReportKind      kind);
gboolean        spa_report_dashboard_with_visits (SpaStore              *store,
                                                  GTimeZone             *zone,
                                                  const SpaReportPeriod *period,
                                                  const SpaReportFilter *filter,
                                                  SpaDashboard          *out,
                                                  SpaReportTable       **visits,
                                                  GError               **error);
gboolean        spa_report_dashboard_pair  (SpaStore              *store,
                                            GTimeZone             *zone,
                                            const SpaReportPeriod *period,
                                            const SpaReportPeriod *before,
                                            const SpaReportFilter *filter,
                                            SpaDashboard          *out,
                                            SpaDashboard          *out_before,
                                            SpaReportTable       **visits,
                                            GError               **error);
SpaReportTable *spa_report_build           (SpaStore              *store,
                                            GTimeZone             *zone,
                                            SpaReportKind          kind,
                                            const SpaReportPeriod *period,
                                            const SpaReportFilter *filter,
                                            GError               **error);

G_END_DECLS
