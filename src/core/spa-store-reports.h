/* spa-store-reports.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "spa-report.h"
#include "spa-store.h"

G_BEGIN_DECLS

typedef enum
{
  SPA_BOOKING_REQUESTED,
  SPA_BOOKING_BOOKED,
  SPA_BOOKING_CONFIRMED,
  SPA_BOOKING_CHECKED_IN,
  SPA_BOOKING_COMPLETED,
  SPA_BOOKING_NO_SHOW,
  SPA_BOOKING_CANCELLED,
  SPA_BOOKING_OTHER,
} SpaBookingStatus;

/* One booking as the reports read it; strings live until the next row. */
typedef struct
{
  gint64            starts;        /* Unix seconds */
  gint64            ends;
  gint64            cancelled_at;  /* when it was cancelled, 0 if unknown or not */
  SpaBookingStatus  status;
  const char       *client_id;
  const char       *therapist_id;
  const char       *room_id;       /* NULL when no room */
  const char       *service_id;
  gboolean          partial;       /* only its start, status and client are read */
} SpaReportBooking;

typedef void (*SpaReportBookingFunc) (const SpaReportBooking *booking,
                                      gpointer                data);

/* One invoice line (or, with @line_kind NULL, an invoice's tip) as the money reports
 * read it; strings live until the next row. Amounts are the invoice's own: positive
 * for a refund too, @sign says which. */
typedef struct
{
  gint64      issued;        /* Unix seconds */
  int         sign;          /* +1 a sale, -1 a refund */
  const char *invoice_id;
  const char *line_kind;     /* service, product, package, gift_card, discount; NULL: tip */
  const char *item_id;
  const char *therapist_id;  /* the line's, or the tip's */
  gint64      quantity;
  gint64      total_cents;   /* taxes included; the tip for a tip */
  gint64      tax_cents;
} SpaReportSale;

typedef void (*SpaReportSaleFunc) (const SpaReportSale *sale,
                                   gpointer             data);

/* One payment: money received (or, for a refund's, paid back) by a method; or, from
 * the sums per hour, @count payments by a method and their net @amount_cents (@sign 1). */
typedef struct
{
  gint64      received;
  int         sign;
  const char *method;
  gint64      amount_cents;
  gint64      count;
} SpaReportPayment;

typedef void (*SpaReportPaymentFunc) (const SpaReportPayment *payment,
                                      gpointer                data);

/* The money of one UTC hour (migration 52): sales less refunds, in cents. */
typedef struct
{
  gint64 hour;       /* Unix time / 3600 */
  gint64 revenue_cents;
  gint64 tax_cents;
  gint64 services_cents;
  gint64 products_cents;
  gint64 tips_cents;
  gint64 sales;      /* sale invoices with a line */
} SpaReportSaleHour;

typedef void (*SpaReportSaleHourFunc) (const SpaReportSaleHour *hour,
                                       gpointer                 data);

/* A period's sums by line kind and service, or by therapist, from the sums per UTC day
 * of migration 53: before tax (tips as given), less refunds, in cents. */
typedef struct
{
  const char *kind;          /* a line kind (not a tip's), or NULL: a therapist's row */
  const char *item_id;       /* the service, for kind "service" (NULL if it had none) */
  gint64      net_cents;
  gint64      quantity;
  const char *therapist_id;  /* a therapist's row: NULL for the lines without one */
  gint64      services_cents;
  gint64      products_cents;
  gint64      tips_cents;
} SpaReportSaleDays;

typedef void (*SpaReportSaleDaysFunc) (const SpaReportSaleDays *sums,
                                       gpointer                 data);

/* A client's first visit ever and the next after it (0: none yet), Unix times. */
typedef void (*SpaReportReturnFunc) (gint64   first_visit,
                                     gint64   next_visit,
                                     gpointer data);

typedef void (*SpaReportClientFunc) (const char *client_id,
                                     gpointer    data);

/* A client's no-shows and late cancellations in a period. */
typedef void (*SpaReportMissFunc) (const char *client_id,
                                   gint64      no_shows,
                                   gint64      late,
                                   gpointer    data);

/* A therapist, room or service as the reports need it. */
typedef struct
{
  char     *id;
  char     *name;
  gboolean  active;
  int       buffer_min;     /* services */
  int       duration_min;   /* services */
  char     *working_hours;  /* therapists: the JSON text (at the location asked for) */
  gboolean  elsewhere;      /* therapists and rooms not at the location asked for */
} SpaReportEntity;

gint64     spa_report_parse_time          (const char  *utc);
char      *spa_report_format_time         (gint64       unix_time);

gboolean   spa_store_reports_scan         (SpaStore              *store,
                                           gint64                 from,
                                           gint64                 whole_to,
                                           gint64                 to,
                                           const SpaReportFilter *filter,
                                           SpaReportBookingFunc   func,
                                           gpointer               data,
                                           GError               **error);
gboolean   spa_store_reports_new_clients  (SpaStore              *store,
                                           gint64                 from,
                                           gint64                 to,
                                           SpaReportClientFunc    func,
                                           gpointer               data,
                                           GError               **error);
gboolean   spa_store_reports_scan_client  (SpaStore              *store,
                                           const char            *client_id,
                                           gint64                 from,
                                           gint64                 to,
                                           SpaReportBookingFunc   func,
                                           gpointer               data,
                                           GError               **error);
gboolean   spa_store_reports_clients      (SpaStore              *store,
                                           gint64                 from,
                                           gint64                 to,
                                           gint64                *clients,
                                           gint64                *new_clients,
                                           gint64                *rebooked,
                                           GError               **error);
gboolean   spa_store_reports_misses       (SpaStore              *store,
                                           gint64                 from,
                                           gint64                 to,
                                           SpaReportMissFunc      func,
                                           gpointer               data,
                                           GError               **error);
gboolean   spa_store_reports_returns      (SpaStore              *store,
                                           gint64                 from,
                                           gint64                 to,
                                           SpaReportReturnFunc    func,
                                           gpointer               data,
                                           GError               **error);
gboolean   spa_store_reports_has_money    (SpaStore              *store);
gboolean   spa_store_reports_sales        (SpaStore              *store,
                                           gint64                 from,
                                           gint64                 to,
                                           const SpaReportFilter *filter,
                                           SpaReportSaleFunc      func,
                                           gpointer               data,
                                           GError               **error);
gboolean   spa_store_reports_payments     (SpaStore              *store,
                                           gint64                 from,
                                           gint64                 to,
                                           const SpaReportFilter *filter,
                                           SpaReportPaymentFunc   func,
                                           gpointer               data,
                                           GError               **error);
gboolean   spa_store_reports_sale_hours   (SpaStore              *store,
                                           gint64                 from_hour,
                                           gint64                 to_hour,
                                           SpaReportSaleHourFunc  func,
                                           gpointer               data,
                                           GError               **error);
gboolean   spa_store_reports_sale_days    (SpaStore              *store,
                                           gint64                 from_day,
                                           gint64                 to_day,
                                           SpaReportSaleDaysFunc  func,
                                           gpointer               data,
                                           GError               **error);
gboolean   spa_store_reports_payment_hours (SpaStore             *store,
                                           gint64                 from_hour,
                                           gint64                 to_hour,
                                           SpaReportPaymentFunc   func,
                                           gpointer               data,
                                           GError               **error);
GPtrArray *spa_store_reports_entities     (SpaStore    *store,
                                           const char  *entity,
                                           const char  *location_id,
                                           GError     **error);
char      *spa_store_reports_client_name  (SpaStore    *store,
                                           const char  *client_id);

G_END_DECLS
