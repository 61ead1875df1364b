/* test-money.c: the till's arithmetic, checkout, invoices, gift cards, packages,
 * promotions and refunds, without a display
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "spa-core.h"
#include "spa-migrations.h"
#include "spa-store-private.h"
#include "spa-test-util.h"

#define SWEDISH spa_default_service_id (0)
#define DEEP_TISSUE spa_default_service_id (2)

/* ---- Arithmetic, by tables ---- */

static void
test_round (void)
{
  static const struct { gint64 num, den, expected; } cases[] = {
    { 5, 10, 1 },        /* a tie rounds away from zero */
    { 15, 10, 2 },
    { 25, 10, 3 },       /* not to even */
    { 4, 10, 0 },
    { 14, 10, 1 },
    { 16, 10, 2 },
    { -5, 10, -1 },
    { -4, 10, 0 },
    { -15, 10, -2 },
    { 0, 10, 0 },
    { 49999, 10000, 5 },
    { 50000, 10000, 5 },
    { 55000, 10000, 6 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%" G_GINT64_FORMAT " / %" G_GINT64_FORMAT, cases[i].num, cases[i].den);
      g_assert_cmpint (spa_money_div_round (cases[i].num, cases[i].den), ==, cases[i].expected);
    }
}

static void
test_tax_table (void)
{
  static const struct { gint64 taxable; gint rate; gint64 expected; } cases[] = {
    { 10, 500, 1 },        /* 0.5 cent: the tie rounds up */
    { 9, 500, 0 },         /* 0.45 cent */
    { 30, 500, 2 },        /* 1.5 cents */
    { 1010, 500, 51 },     /* 50.5 cents */
    { 1000, 700, 70 },
    { 999, 500, 50 },      /* 49.95 */
    { 2499, 500, 125 },    /* 124.95 */
    { 2499, 700, 175 },    /* 174.93 */
    { 8990, 700, 629 },    /* 629.3 */
    { 12345, 500, 617 },   /* 617.25 */
    { 12350, 500, 618 },   /* 617.5: tie */
    { 0, 500, 0 },
    { 100000, 0, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%" G_GINT64_FORMAT " at %d bp", cases[i].taxable, cases[i].rate);
      g_assert_cmpint (spa_money_tax (cases[i].taxable, cases[i].rate), ==, cases[i].expected);
    }
}

static void
test_allocate (void)
{
  static const struct { gint64 amount; gint64 weights[3]; guint n; gint64 shares[3]; } cases[] = {
    { 100, { 500, 500, 500 }, 3, { 34, 33, 33 } },
    { 10, { 300, 700, 0 }, 2, { 3, 7, 0 } },
    { 1, { 500, 500, 0 }, 2, { 1, 0, 0 } },        /* a tie: the earlier line */
    { 5000, { 1000, 2000, 0 }, 2, { 1000, 2000, 0 } }, /* never more than the lines */
    { 7, { 0, 0, 10 }, 3, { 0, 0, 7 } },
    { 0, { 10, 20, 30 }, 3, { 0, 0, 0 } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 shares[3] = { -1, -1, -1 };

      spa_money_allocate (cases[i].amount, cases[i].weights, cases[i].n, shares);
      for (guint j = 0; j < cases[i].n; j++)
        g_assert_cmpint (shares[j], ==, cases[i].shares[j]);
    }
}

static void
test_parse (void)
{
  static const struct { const char *text; gboolean ok; gint64 cents; } cases[] = {
    { "45", TRUE, 4500 },
    { "45.5", TRUE, 4550 },
    { "45,50", TRUE, 4550 },
    { "$45.50", TRUE, 4550 },
    { "45,50 $", TRUE, 4550 },
    { " 0.05", TRUE, 5 },
    { ".5", TRUE, 50 },
    { "45.505", FALSE, 0 },
    { "1.2.3", FALSE, 0 },
    { "-5", FALSE, 0 },
    { "abc", FALSE, 0 },
    { "", FALSE, 0 },
    { "$", FALSE, 0 },
    { "999999999", FALSE, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 cents = -1;

      g_test_message ("“%s”", cases[i].text);
      g_assert_cmpint (spa_money_parse (cases[i].text, &cents), ==, cases[i].ok);
      if (cases[i].ok)
        g_assert_cmpint (cents, ==, cases[i].cents);
    }

  g_assert_cmpint (spa_money_change_due (4250, 5000), ==, 750);
  g_assert_cmpint (spa_money_change_due (4250, 4250), ==, 0);
  g_assert_cmpint (spa_money_change_due (4250, 2000), ==, 0);
}

static void
test_numbers (void)
{
  g_autofree char *series = spa_money_series_new ();
  g_autofree char *number = spa_money_format_number (series, 42);
  g_autofree char *code = spa_money_gift_card_code_new ();

  g_assert_cmpuint (strlen (series), ==, 5);
  g_assert_true (g_str_has_prefix (number, series));
  g_assert_true (g_str_has_suffix (number, "-000042"));
  g_assert_cmpuint (strlen (code), ==, 14);
}

/* ---- Checkout against a store ---- */

typedef struct
{
  char      *dir;
  SpaStore  *store;
  SpaRecord *client;
  SpaRecord *other;
  SpaRecord *therapist;
  SpaRecord *booking;
  SpaRecord *oil;          /* $24.99, GST and PST */
  SpaRecord *package;      /* 3 × Swedish 60 for $270 */
} Fixture;

static SpaRecord *
save_new (SpaStore   *store,
          SpaRecord  *record)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (spa_store_save (store, record, &error));
  g_assert_no_error (error);
  return record;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) service = NULL;
  g_autoptr(SpaRecord) restock = spa_record_new ("stock_movement");

  f->store = spa_test_open_store (&f->dir);
  f->client = spa_test_add_client (f->store, "Zoë", "Tremblay", NULL, NULL);
  f->other = spa_test_add_client (f->store, "Raj", "Patel", NULL, NULL);
  f->therapist = spa_test_add_named (f->store, "therapist", "Claire Dubois", NULL);

  service = spa_store_get (f->store, "service", SWEDISH, &error);
  g_assert_no_error (error);
  spa_record_set_int (service, "price_cents", 10000);
  save_new (f->store, service);

  f->booking = spa_record_new ("booking");
  spa_record_set_string (f->booking, "client_id", spa_record_get_id (f->client));
  spa_record_set_string (f->booking, "therapist_id", spa_record_get_id (f->therapist));
  spa_record_set_string (f->booking, "service_id", SWEDISH);
  spa_record_set_string (f->booking, "starts_at", "2030-01-15T18:00:00Z");
  spa_record_set_string (f->booking, "ends_at", "2030-01-15T19:00:00Z");
  spa_record_set_string (f->booking, "status", "checked_in");
  spa_record_set_int (f->booking, "price_cents", 9500);
  save_new (f->store, f->booking);

  f->oil = spa_record_new ("product");
  spa_record_set_string (f->oil, "name", "Arnica massage oil");
  spa_record_set_int (f->oil, "price_cents", 2499);
  spa_record_set_int (f->oil, "low_stock_at", 3);
  save_new (f->store, f->oil);
  spa_record_set_string (restock, "product_id", spa_record_get_id (f->oil));
  spa_record_set_int (restock, "delta", 5);
  spa_record_set_string (restock, "reason", "restock");
  save_new (f->store, restock);

  f->package = spa_record_new ("package");
  spa_record_set_string (f->package, "name", "3 × Swedish massage");
  spa_record_set_strv (f->package, "service_ids", (const char * const []) { SWEDISH, NULL });
  spa_record_set_int (f->package, "sessions", 3);
  spa_record_set_int (f->package, "price_cents", 27000);
  spa_record_set_int (f->package, "valid_days", 3660);
  save_new (f->store, f->package);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->client);
  g_clear_object (&f->other);
  g_clear_object (&f->therapist);
  g_clear_object (&f->booking);
  g_clear_object (&f->oil);
  g_clear_object (&f->package);
  g_clear_object (&f->store);
  spa_test_remove_dir (f->dir);
  g_free (f->dir);
}

static gint64
count (Fixture    *f,
       const char *sql,
       const char *param)
{
  return spa_test_count_rows (f->store, sql, param);
}

static SpaRecord *
pay_and_save (SpaCheckoutDraft *draft)
{
  g_autoptr(GError) error = NULL;
  SpaRecord *invoice;

  if (spa_checkout_draft_get_balance (draft) > 0)
    {
      g_assert_true (spa_checkout_draft_add_payment (draft, "card",
                                                     spa_checkout_draft_get_balance (draft),
                                                     &error));
      g_assert_no_error (error);
    }
  invoice = spa_checkout_draft_save (draft, "Maria", &error);
  g_assert_no_error (error);
  g_assert_nonnull (invoice);
  return invoice;
}

static void
test_checkout_booking (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaCheckoutDraft) draft = NULL;
  g_autoptr(SpaRecord) invoice = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) payments = NULL;
  g_autoptr(JsonArray) taxes = NULL;
  const SpaCheckoutLine *line;
  const char *id;
  gint64 outbox_before = spa_store_outbox_pending (f->store);

  draft = spa_checkout_draft_new_for_booking (f->store, spa_record_get_id (f->booking), &error);
  g_assert_no_error (error);
  g_assert_false (spa_store_money_booking_is_paid (f->store, spa_record_get_id (f->booking)));

  /* The booked service at the booking's price, with its therapist. */
  g_assert_cmpuint (spa_checkout_draft_get_n_lines (draft), ==, 1);
  line = spa_checkout_draft_get_line (draft, 0);
  g_assert_cmpstr (line->kind, ==, "service");
  g_assert_cmpint (line->unit_price_cents, ==, 9500);
  g_assert_cmpstr (line->therapist_id, ==, spa_record_get_id (f->therapist));
  g_assert_cmpint (line->tax_cents, ==, 475);        /* GST only on services */
  g_assert_cmpint (spa_checkout_draft_get_total (draft), ==, 9975);

  /* A product: GST and PST, each rounded on the line. */
  g_assert_true (spa_checkout_draft_add_product (draft, spa_record_get_id (f->oil), 1, &error));
  g_assert_no_error (error);
  line = spa_checkout_draft_get_line (draft, 1);
  g_assert_cmpint (line->tax_cents, ==, 125 + 175);
  g_assert_cmpint (spa_checkout_draft_get_tax (draft), ==, 475 + 300);

  spa_checkout_draft_set_tip (draft, 1500);
  g_assert_cmpint (spa_checkout_draft_get_total (draft), ==, 9500 + 2499 + 775 + 1500);

  g_assert_false (spa_checkout_draft_check (draft, &error));
  g_assert_cmpstr (spa_validation_error_get_field (error), ==, "payment");
  g_clear_error (&error);

  /* Split: $60 on the card, the rest in cash with change. */
  g_assert_true (spa_checkout_draft_add_payment (draft, "card", 6000, &error));
  g_assert_no_error (error);
  g_assert_false (spa_checkout_draft_add_payment (draft, "card", 999999, &error));
  g_assert_error (error, SPA_VALIDATION_ERROR, SPA_VALIDATION_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (spa_checkout_draft_get_balance (draft), ==, 14274 - 6000);
  g_assert_true (spa_checkout_draft_add_cash (draft, 10000, &error));
  g_assert_no_error (error);
  g_assert_cmpint (spa_checkout_draft_get_balance (draft), ==, 0);
  g_assert_cmpint (spa_checkout_draft_get_change (draft), ==, 10000 - 8274);

  taxes = spa_checkout_draft_dup_taxes (draft);
  g_assert_cmpuint (json_array_get_length (taxes), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (taxes, 0), "cents"),
                   ==, 475 + 125);

  invoice = spa_checkout_draft_save (draft, "Maria", &error);
  g_assert_no_error (error);
  id = spa_record_get_id (invoice);
  g_assert_cmpstr (spa_record_get_string (invoice, "status"), ==, "issued");
  g_assert_nonnull (spa_record_get_string (invoice, "number"));
  g_assert_cmpint (spa_record_get_int (invoice, "total_cents", 0), ==, 14274);
  g_assert_cmpstr (spa_record_get_string (invoice, "tip_therapist_id"), ==,
                   spa_record_get_id (f->therapist));

  lines = spa_store_money_lines (f->store, id, &error);
  g_assert_cmpuint (lines->len, ==, 2);
  payments = spa_store_money_payments (f->store, id, &error);
  g_assert_cmpuint (payments->len, ==, 2);
  g_assert_cmpint (spa_record_get_int (payments->pdata[1], "tendered_cents", 0), ==, 10000);
  g_assert_cmpint (spa_record_get_int (payments->pdata[1], "change_cents", 0), ==, 1726);
  g_assert_cmpint (spa_record_get_int (payments->pdata[0], "tip_cents", 0), ==, 1500);
  g_assert_cmpint (spa_store_money_paid (f->store, id), ==, 14274);
  g_assert_cmpint (spa_store_money_stock (f->store, spa_record_get_id (f->oil)), ==, 4);
  g_assert_true (spa_store_money_booking_is_paid (f->store, spa_record_get_id (f->booking)));

  /* Every row with its outbox entry: invoice (draft, then issued), 2 lines, 1 stock
   * movement, 2 payments. */
  g_assert_cmpint (spa_store_outbox_pending (f->store) - outbox_before, ==, 7);
  g_assert_cmpint (count (f, "SELECT count(*) FROM sync_outbox"
                             " WHERE entity = 'invoice' AND record_id = ?", id), ==, 2);
}

static void
test_issued_is_immutable (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaCheckoutDraft) draft = NULL;
  g_autoptr(SpaRecord) invoice = NULL;
  g_autoptr(SpaRecord) stored = NULL;
  g_autoptr(SpaRecord) line = spa_record_new ("invoice_line");
  g_autoptr(SpaRecord) fresh = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) payments = NULL;
  const char *id;

  draft = spa_checkout_draft_new_for_booking (f->store, spa_record_get_id (f->booking), &error);
  invoice = pay_and_save (draft);
  id = spa_record_get_id (invoice);

  /* A stored copy changed. */
  stored = spa_store_get (f->store, "invoice", id, &error);
  spa_record_set_int (stored, "total_cents", 1);
  spa_record_set_int (stored, "subtotal_cents", 1);
  spa_record_set_int (stored, "tax_cents", 0);
  g_assert_false (spa_store_save (f->store, stored, &error));
  g_assert_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_LOCKED);
  g_clear_error (&error);

  /* "Un-issuing" it. */
  g_clear_object (&stored);
  stored = spa_store_get (f->store, "invoice", id, &error);
  spa_record_set_string (stored, "status", "draft");
  spa_record_set_null (stored, "issued_at");
  g_assert_false (spa_store_save (f->store, stored, &error));
  g_assert_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_LOCKED);
  g_clear_error (&error);

  /* A fresh record reusing the id. */
  fresh = spa_record_new_with_id ("invoice", id);
  spa_record_set_string (fresh, "kind", "sale");
  spa_record_set_string (fresh, "status", "draft");
  g_assert_false (spa_store_save (f->store, fresh, &error));
  g_assert_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_LOCKED);
  g_clear_error (&error);

  /* A line changed, and a line added. */
  lines = spa_store_money_lines (f->store, id, &error);
  spa_record_set_int (lines->pdata[0], "unit_price_cents", 1);
  g_assert_false (spa_store_save (f->store, lines->pdata[0], &error));
  g_assert_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_LOCKED);
  g_clear_error (&error);
  spa_record_set_string (line, "invoice_id", id);
  spa_record_set_string (line, "kind", "product");
  spa_record_set_string (line, "description", "Extra");
  spa_record_set_int (line, "quantity", 1);
  spa_record_set_int (line, "unit_price_cents", 0);
  spa_record_set_int (line, "total_cents", 0);
  g_assert_false (spa_store_save (f->store, line, &error));
  g_assert_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_LOCKED);
  g_clear_error (&error);

  /* A payment changed. */
  payments = spa_store_money_payments (f->store, id, &error);
  spa_record_set_string (payments->pdata[0], "method", "cash");
  g_assert_false (spa_store_save (f->store, payments->pdata[0], &error));
  g_assert_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_LOCKED);
  g_clear_error (&error);

  /* Nothing is deleted. */
  g_assert_false (spa_store_delete (f->store, "invoice", id, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (spa_store_delete (f->store, "invoice_line",
                                    spa_record_get_id (lines->pdata[0]), &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (spa_store_delete (f->store, "payment",
                                    spa_record_get_id (payments->pdata[0]), &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_clear_object (&stored);
  stored = spa_store_get (f->store, "invoice", id, &error);
  g_assert_cmpint (spa_record_get_int (stored, "total_cents", 0), ==, 9975);
  g_assert_false (spa_record_get_deleted (stored));
}

static void
test_numbers_unique (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *series = spa_store_money_get_series (f->store, &error);
  g_autoptr(SpaRecord) first = NULL;
  g_autoptr(SpaRecord) second = NULL;
  g_autoptr(SpaRecord) copy = NULL;
  g_autofree char *expected1 = spa_money_format_number (series, 1);
  g_autofree char *expected2 = spa_money_format_number (series, 2);

  {
    g_autoptr(SpaCheckoutDraft) draft = spa_checkout_draft_new (f->store);

    g_assert_true (spa_checkout_draft_add_product (draft, spa_record_get_id (f->oil), 1, &error));
    first = pay_and_save (draft);
  }
  {
    g_autoptr(SpaCheckoutDraft) draft = spa_checkout_draft_new (f->store);

    g_assert_true (spa_checkout_draft_add_product (draft, spa_record_get_id (f->oil), 1, &error));
    second = pay_and_save (draft);
  }
  g_assert_cmpstr (spa_record_get_string (first, "number"), ==, expected1);
  g_assert_cmpstr (spa_record_get_string (second, "number"), ==, expected2);

  /* Another invoice with a number already taken (as another desk's would be). */
  copy = spa_record_new ("invoice");
  spa_record_set_string (copy, "kind", "sale");
  spa_record_set_string (copy, "status", "issued");
  spa_record_set_string (copy, "issued_at", "2030-01-01T00:00:00Z");
  spa_record_set_string (copy, "number", expected1);
  g_assert_false (spa_store_save (f->store, copy, &error));
  g_assert_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_DUPLICATE);
  g_clear_error (&error);

  /* The counter never goes back, even if the kept counter is lost. */
  g_assert_true (spa_store_exec (f->store, "DELETE FROM sync_state WHERE key = 'invoice_counter'",
                                 &error));
  {
    g_autofree char *next = spa_store_money_next_number (f->store, &error);
    g_autofree char *expected3 = spa_money_format_number (series, 3);

    g_assert_cmpstr (next, ==, expected3);
  }
}

static void
test_discounts (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaCheckoutDraft) draft = spa_checkout_draft_new (f->store);
  const SpaCheckoutLine *service, *oil;

  g_assert_true (spa_checkout_draft_add_service (draft, SWEDISH, NULL, &error));
  g_assert_true (spa_checkout_draft_add_product (draft, spa_record_get_id (f->oil), 2, &error));
  g_assert_no_error (error);
  service = spa_checkout_draft_get_line (draft, 0);
  oil = spa_checkout_draft_get_line (draft, 1);
  g_assert_cmpint (spa_checkout_draft_get_subtotal (draft), ==, 10000 + 4998);

  /* 10 %: 1499.8 → 1500, shared 1000 / 500 (the oil's 499.87 has the larger remainder). */
  spa_checkout_draft_set_discount (draft, SPA_DISCOUNT_PERCENT, 1000);
  g_assert_cmpint (spa_checkout_draft_get_discount (draft), ==, 1500);
  g_assert_cmpint (service->discount_cents + oil->discount_cents, ==, 1500);
  g_assert_cmpint (service->discount_cents, ==, 1000);
  g_assert_cmpint (oil->discount_cents, ==, 500);
  /* Taxes on the discounted amounts: 5 % of 90.00; 5 % and 7 % of 44.98. */
  g_assert_cmpint (service->tax_cents, ==, 450);
  g_assert_cmpint (oil->tax_cents, ==, 225 + 315);
  g_assert_cmpint (spa_checkout_draft_get_total (draft), ==, 14998 - 1500 + 450 + 540);

  /* An amount, never more than the lines. */
  spa_checkout_draft_set_discount (draft, SPA_DISCOUNT_AMOUNT, 2000);
  g_assert_cmpint (spa_checkout_draft_get_discount (draft), ==, 2000);
  spa_checkout_draft_set_discount (draft, SPA_DISCOUNT_AMOUNT, 999999);
  g_assert_cmpint (spa_checkout_draft_get_discount (draft), ==, 14998);
  g_assert_cmpint (spa_checkout_draft_get_tax (draft), ==, 0);
  spa_checkout_draft_set_discount (draft, SPA_DISCOUNT_NONE, 0);
  g_assert_cmpint (spa_checkout_draft_get_discount (draft), ==, 0);
}

static SpaRecord *
add_promotion (Fixture    *f,
               const char *code,
               const char *kind,
               gint64      value,
               gint64      limit)
{
  SpaRecord *promotion = spa_record_new ("promotion");

  spa_record_set_string (promotion, "name", "Winter glow");
  spa_record_set_string (promotion, "code", code);
  spa_record_set_string (promotion, "kind", kind);
  spa_record_set_int (promotion, "value", value);
  spa_record_set_strv (promotion, "service_ids", (const char * const []) { SWEDISH, NULL });
  spa_record_set_string (promotion, "starts_on", "2030-01-01");
  spa_record_set_string (promotion, "ends_on", "2030-01-31");
  spa_record_set_int (promotion, "per_client_limit", limit);
  return save_new (f->store, promotion);
}

static void
test_promotion (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) promotion = add_promotion (f, "GLOW20", "percent", 2000, 1);
  g_autoptr(SpaRecord) invoice = NULL;
  g_autoptr(SpaRecord) shown = NULL;

  shown = spa_store_money_promotion_for (f->store, SWEDISH, spa_record_get_id (f->client),
                                         "2030-01-15");
  g_assert_null (shown);     /* it has a code: not offered unasked */

  {
    g_autoptr(SpaCheckoutDraft) draft =
      spa_checkout_draft_new_for_booking (f->store, spa_record_get_id (f->booking), &error);

    g_assert_true (spa_checkout_draft_add_product (draft, spa_record_get_id (f->oil), 1, &error));
    g_assert_false (spa_checkout_draft_apply_promotion (draft, "NOPE", &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
    g_assert_true (spa_checkout_draft_apply_promotion (draft, "glow20", &error));
    g_assert_no_error (error);
    /* Only the service it covers: 20 % of 95.00. */
    g_assert_cmpint (spa_checkout_draft_get_discount (draft), ==, 1900);
    g_assert_cmpint (spa_checkout_draft_get_line (draft, 1)->discount_cents, ==, 0);
    invoice = pay_and_save (draft);
  }
  g_assert_cmpint (count (f, "SELECT count(*) FROM invoice_line"
                             " WHERE kind = 'discount' AND item_id = ?",
                          spa_record_get_id (promotion)), ==, 1);

  /* Its limit per client is reached; another client may still use it. */
  {
    g_autoptr(SpaCheckoutDraft) draft = spa_checkout_draft_new (f->store);

    spa_checkout_draft_set_date (draft, "2030-01-20");
    spa_checkout_draft_set_client_id (draft, spa_record_get_id (f->client));
    g_assert_true (spa_checkout_draft_add_service (draft, SWEDISH, NULL, &error));
    g_assert_false (spa_checkout_draft_apply_promotion (draft, "GLOW20", &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
    spa_checkout_draft_set_client_id (draft, spa_record_get_id (f->other));
    g_assert_true (spa_checkout_draft_apply_promotion (draft, "GLOW20", &error));
    g_assert_no_error (error);

    /* Not outside its dates. */
    spa_checkout_draft_set_date (draft, "2030-02-01");
    g_assert_false (spa_checkout_draft_apply_promotion (draft, "GLOW20", &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
  }
}

static void
test_gift_card (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) sale = NULL;
  g_autoptr(SpaRecord) card = NULL;
  g_autoptr(SpaRecord) spent = NULL;
  g_autoptr(GPtrArray) lines = NULL;

  {
    g_autoptr(SpaCheckoutDraft) draft = spa_checkout_draft_new (f->store);

    g_assert_true (spa_checkout_draft_add_gift_card (draft, 5000, "abcd-efgh-jkmn", &error));
    g_assert_no_error (error);
    /* A gift card is money: no tax, no discount. */
    spa_checkout_draft_set_discount (draft, SPA_DISCOUNT_PERCENT, 5000);
    g_assert_cmpint (spa_checkout_draft_get_total (draft), ==, 5000);
    sale = pay_and_save (draft);
  }
  card = spa_store_money_find_gift_card (f->store, " abcd-EFGH-jkmn ");
  g_assert_nonnull (card);
  g_assert_cmpstr (spa_record_get_string (card, "invoice_id"), ==, spa_record_get_id (sale));
  g_assert_cmpint (spa_store_money_gift_card_balance (f->store, spa_record_get_id (card)), ==,
                   5000);
  lines = spa_store_money_lines (f->store, spa_record_get_id (sale), &error);
  g_assert_cmpstr (spa_record_get_string (lines->pdata[0], "item_id"), ==,
                   spa_record_get_id (card));

  /* Redeemed in part: the $99.75 visit takes the $50, the rest by card. */
  {
    g_autoptr(SpaCheckoutDraft) draft =
      spa_checkout_draft_new_for_booking (f->store, spa_record_get_id (f->booking), &error);

    g_assert_false (spa_checkout_draft_add_gift_card_payment (draft, "ZZZZ", 0, &error));
    g_clear_error (&error);
    g_assert_false (spa_checkout_draft_add_gift_card_payment (draft, "ABCD-EFGH-JKMN", 6000,
                                                              &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
    g_assert_true (spa_checkout_draft_add_gift_card_payment (draft, "ABCD-EFGH-JKMN", 3000,
                                                             &error));
    g_assert_no_error (error);
    g_assert_cmpint (spa_checkout_draft_get_balance (draft), ==, 9975 - 3000);
    spent = pay_and_save (draft);
  }
  g_assert_cmpint (spa_store_money_gift_card_balance (f->store, spa_record_get_id (card)), ==,
                   2000);

  /* A payment taking more than the balance (another desk's, arriving late) is refused
   * by the store itself. */
  {
    g_autoptr(SpaRecord) invoice = spa_record_new ("invoice");
    g_autoptr(SpaRecord) line = spa_record_new ("invoice_line");
    g_autoptr(SpaRecord) payment = spa_record_new ("payment");

    spa_record_set_string (invoice, "kind", "sale");
    spa_record_set_string (invoice, "status", "draft");
    spa_record_set_int (invoice, "subtotal_cents", 2500);
    spa_record_set_int (invoice, "total_cents", 2500);
    save_new (f->store, invoice);
    spa_record_set_string (line, "invoice_id", spa_record_get_id (invoice));
    spa_record_set_string (line, "kind", "product");
    spa_record_set_string (line, "description", "Arnica oil");
    spa_record_set_int (line, "unit_price_cents", 2500);
    spa_record_set_int (line, "total_cents", 2500);
    save_new (f->store, line);
    spa_record_set_string (payment, "invoice_id", spa_record_get_id (invoice));
    spa_record_set_string (payment, "method", "gift_card");
    spa_record_set_string (payment, "gift_card_id", spa_record_get_id (card));
    spa_record_set_int (payment, "amount_cents", 2500);
    spa_record_set_string (payment, "received_at", "2030-01-15T19:00:00Z");
    g_assert_false (spa_store_save (f->store, payment, &error));
    g_assert_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_BALANCE);
    g_clear_error (&error);
    spa_record_set_int (payment, "amount_cents", 2000);
    g_assert_true (spa_store_save (f->store, payment, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (spa_store_money_gift_card_balance (f->store, spa_record_get_id (card)), ==, 0);
}

static void
test_package (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) sale = NULL;
  g_autoptr(GPtrArray) held = NULL;
  const char *held_id;

  {
    g_autoptr(SpaCheckoutDraft) draft = spa_checkout_draft_new (f->store);

    g_assert_true (spa_checkout_draft_add_package (draft, spa_record_get_id (f->package), &error));
    g_assert_false (spa_checkout_draft_check (draft, &error));
    g_assert_cmpstr (spa_validation_error_get_field (error), ==, "client_id");
    g_clear_error (&error);
    spa_checkout_draft_set_client_id (draft, spa_record_get_id (f->client));
    /* Taxed as services when sold. */
    g_assert_cmpint (spa_checkout_draft_get_tax (draft), ==, 1350);
    sale = pay_and_save (draft);
  }
  held = spa_store_money_client_packages (f->store, spa_record_get_id (f->client), &error);
  g_assert_cmpuint (held->len, ==, 1);
  held_id = spa_record_get_id (held->pdata[0]);
  g_assert_cmpint (spa_store_money_sessions_left (f->store, held_id), ==, 3);
  g_assert_nonnull (spa_record_get_string (held->pdata[0], "expires_at"));

  /* Redeemed at the booked visit: no tax again, a package payment of its price. */
  for (int visit = 0; visit < 3; visit++)
    {
      g_autoptr(SpaCheckoutDraft) draft =
        spa_checkout_draft_new_for_booking (f->store, spa_record_get_id (f->booking), &error);
      g_autofree char *found = spa_checkout_draft_find_package (draft, 0);
      g_autoptr(SpaRecord) invoice = NULL;

      g_assert_cmpstr (found, ==, held_id);
      g_assert_true (spa_checkout_draft_redeem_package (draft, 0, found, &error));
      g_assert_no_error (error);
      g_assert_cmpint (spa_checkout_draft_get_tax (draft), ==, 0);
      g_assert_cmpint (spa_checkout_draft_get_balance (draft), ==, 0);
      invoice = pay_and_save (draft);
      g_assert_cmpint (count (f, "SELECT amount_cents FROM payment WHERE method = 'package'"
                                 " AND invoice_id = ?", spa_record_get_id (invoice)), ==, 9500);
      g_assert_cmpint (spa_store_money_sessions_left (f->store, held_id), ==, 2 - visit);
    }

  /* None left. */
  {
    g_autoptr(SpaCheckoutDraft) draft =
      spa_checkout_draft_new_for_booking (f->store, spa_record_get_id (f->booking), &error);

    g_assert_null (spa_checkout_draft_find_package (draft, 0));
    g_assert_false (spa_checkout_draft_redeem_package (draft, 0, held_id, &error));
    g_assert_nonnull (error);
  }
}

/* A sale the store refuses at its last records (its gift card spent at another till
 * in the meantime) leaves nothing behind: no invoice, line, stock taken, outbox row or
 * number used, and the next sale is saved as usual. The sale is one transaction
 * without a savepoint per record, so this is what its rollback must give. */
static void
test_sale_refused_midway (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) card_sale = NULL;
  g_autoptr(SpaRecord) card = NULL;
  g_autoptr(SpaRecord) other_till = NULL;
  g_autoptr(SpaRecord) refused = NULL;
  g_autoptr(SpaRecord) next = NULL;
  g_autoptr(SpaCheckoutDraft) draft = spa_checkout_draft_new (f->store);
  g_autoptr(SpaCheckoutDraft) spend = spa_checkout_draft_new (f->store);
  g_autoptr(SpaCheckoutDraft) again = spa_checkout_draft_new (f->store);
  const char *oil = spa_record_get_id (f->oil);
  gint64 invoices, lines, payments, movements, outbox;
  g_autofree char *expected = NULL;

  {
    g_autoptr(SpaCheckoutDraft) sell = spa_checkout_draft_new (f->store);

    g_assert_true (spa_checkout_draft_add_gift_card (sell, 5000, "wxyz-2345-6789", &error));
    g_assert_no_error (error);
    card_sale = pay_and_save (sell);
  }
  card = spa_store_money_find_gift_card (f->store, "WXYZ-2345-6789");
  g_assert_nonnull (card);

  /* $20 of the card taken at this till while $50 is on it... */
  g_assert_true (spa_checkout_draft_add_product (draft, oil, 1, &error));
  g_assert_no_error (error);
  g_assert_true (spa_checkout_draft_add_gift_card_payment (draft, "WXYZ-2345-6789", 2000,
                                                           &error));
  g_assert_no_error (error);
  g_assert_true (spa_checkout_draft_add_payment (draft, "card",
                                                 spa_checkout_draft_get_balance (draft),
                                                 &error));
  g_assert_no_error (error);

  /* ...and $40 of it at the other till first. */
  g_assert_true (spa_checkout_draft_add_service (spend, SWEDISH, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (spa_checkout_draft_add_gift_card_payment (spend, "WXYZ-2345-6789", 4000,
                                                           &error));
  g_assert_no_error (error);
  other_till = pay_and_save (spend);

  invoices = count (f, "SELECT count(*) FROM invoice", NULL);
  lines = count (f, "SELECT count(*) FROM invoice_line", NULL);
  payments = count (f, "SELECT count(*) FROM payment", NULL);
  movements = count (f, "SELECT count(*) FROM stock_movement", NULL);
  outbox = count (f, "SELECT count(*) FROM sync_outbox", NULL);

  /* The invoice, its line and the oil's stock movement are written before the
   * payments; the gift card's is refused, and all of it goes. */
  refused = spa_checkout_draft_save (draft, "Maria", &error);
  g_assert_null (refused);
  g_assert_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_BALANCE);
  g_clear_error (&error);
  g_assert_false (spa_store_in_transaction (f->store));
  g_assert_cmpint (count (f, "SELECT count(*) FROM invoice", NULL), ==, invoices);
  g_assert_cmpint (count (f, "SELECT count(*) FROM invoice_line", NULL), ==, lines);
  g_assert_cmpint (count (f, "SELECT count(*) FROM payment", NULL), ==, payments);
  g_assert_cmpint (count (f, "SELECT count(*) FROM stock_movement", NULL), ==, movements);
  g_assert_cmpint (count (f, "SELECT count(*) FROM sync_outbox", NULL), ==, outbox);
  g_assert_cmpint (spa_store_money_stock (f->store, oil), ==, 5);
  g_assert_cmpint (spa_store_money_gift_card_balance (f->store, spa_record_get_id (card)), ==,
                   1000);

  /* The next sale takes the number after the other till's. */
  g_assert_true (spa_checkout_draft_add_product (again, oil, 1, &error));
  g_assert_no_error (error);
  next = pay_and_save (again);
  g_assert_cmpint (spa_store_money_stock (f->store, oil), ==, 4);
  g_assert_cmpint (count (f, "SELECT count(*) FROM invoice", NULL), ==, invoices + 1);
  expected = g_strdup (spa_record_get_string (other_till, "number"));
  expected[strlen (expected) - 1]++;
  g_assert_cmpstr (spa_record_get_string (next, "number"), ==, expected);
}

static void
test_stock (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaCheckoutDraft) draft = spa_checkout_draft_new (f->store);
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(SpaRecord) invoice = NULL;
  g_autoptr(GPtrArray) movements = NULL;

  g_assert_cmpint (spa_store_money_stock (f->store, spa_record_get_id (f->oil)), ==, 5);
  g_assert_true (spa_checkout_draft_add_product (draft, spa_record_get_id (f->oil), 1, &error));
  warnings = spa_checkout_draft_dup_warnings (draft);
  g_assert_cmpuint (warnings->len, ==, 0);
  g_clear_pointer (&warnings, g_ptr_array_unref);

  /* The same product again: one line, two of it; 3 left is low. */
  g_assert_true (spa_checkout_draft_add_product (draft, spa_record_get_id (f->oil), 1, &error));
  g_assert_cmpuint (spa_checkout_draft_get_n_lines (draft), ==, 1);
  g_assert_cmpint (spa_checkout_draft_get_line (draft, 0)->quantity, ==, 2);
  warnings = spa_checkout_draft_dup_warnings (draft);
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_nonnull (strstr (warnings->pdata[0], "3"));
  g_clear_pointer (&warnings, g_ptr_array_unref);

  g_assert_true (spa_checkout_draft_set_quantity (draft, 0, 7, &error));
  warnings = spa_checkout_draft_dup_warnings (draft);
  g_assert_cmpuint (warnings->len, ==, 1);    /* fewer than sold: count it */
  g_assert_false (spa_checkout_draft_set_quantity (draft, 0, 0, &error));
  g_clear_error (&error);
  g_assert_true (spa_checkout_draft_set_quantity (draft, 0, 2, &error));

  invoice = pay_and_save (draft);
  g_assert_cmpint (spa_store_money_stock (f->store, spa_record_get_id (f->oil)), ==, 3);

  /* Stock movements are insert-only. */
  movements = spa_store_query (f->store, "stock_movement", "WHERE reason = 'sale'", NULL, &error);
  g_assert_cmpuint (movements->len, ==, 1);
  spa_record_set_int (movements->pdata[0], "delta", -1);
  g_assert_false (spa_store_save (f->store, movements->pdata[0], &error));
  g_assert_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_LOCKED);
}

static void
test_refund (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaCheckoutDraft) draft = NULL;
  g_autoptr(SpaRecord) invoice = NULL;
  g_autoptr(SpaRecord) refund = NULL;
  g_autoptr(SpaRecord) again = NULL;
  g_autoptr(SpaRecord) original = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) refund_lines = NULL;
  g_autoptr(GPtrArray) refunds = NULL;
  const char *oil_line[2] = { NULL, NULL };

  draft = spa_checkout_draft_new_for_booking (f->store, spa_record_get_id (f->booking), &error);
  g_assert_true (spa_checkout_draft_add_product (draft, spa_record_get_id (f->oil), 1, &error));
  invoice = pay_and_save (draft);
  g_assert_cmpint (spa_store_money_stock (f->store, spa_record_get_id (f->oil)), ==, 4);
  lines = spa_store_money_lines (f->store, spa_record_get_id (invoice), &error);
  oil_line[0] = spa_record_get_id (lines->pdata[1]);

  /* The front desk may not refund. */
  g_assert_null (spa_store_money_refund (f->store, SPA_ROLE_FRONT_DESK, spa_record_get_id (invoice),
                                         oil_line, "card", "Sam", &error));
  g_assert_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_LOCKED);
  g_clear_error (&error);

  refund = spa_store_money_refund (f->store, SPA_ROLE_MANAGER, spa_record_get_id (invoice),
                                   oil_line, "card", "Maria", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (spa_record_get_string (refund, "kind"), ==, "refund");
  g_assert_cmpstr (spa_record_get_string (refund, "refund_of"), ==, spa_record_get_id (invoice));
  g_assert_cmpstr (spa_record_get_string (refund, "status"), ==, "issued");
  g_assert_cmpint (spa_record_get_int (refund, "total_cents", 0), ==, 2499 + 300);
  g_assert_cmpint (spa_store_money_paid (f->store, spa_record_get_id (refund)), ==, 2799);
  g_assert_cmpint (spa_store_money_stock (f->store, spa_record_get_id (f->oil)), ==, 5);
  refund_lines = spa_store_money_lines (f->store, spa_record_get_id (refund), &error);
  g_assert_cmpuint (refund_lines->len, ==, 1);
  g_assert_cmpstr (spa_record_get_string (refund_lines->pdata[0], "refund_of_line"), ==,
                   oil_line[0]);
  refunds = spa_store_money_refunds (f->store, spa_record_get_id (invoice), &error);
  g_assert_cmpuint (refunds->len, ==, 1);

  /* The original is unchanged, and a line is refunded once. */
  original = spa_store_get (f->store, "invoice", spa_record_get_id (invoice), &error);
  g_assert_cmpint (spa_record_get_int (original, "total_cents", 0), ==,
                   spa_record_get_int (invoice, "total_cents", 0));
  g_assert_cmpint (spa_record_get_version (original), ==, spa_record_get_version (invoice));
  again = spa_store_money_refund (f->store, SPA_ROLE_MANAGER, spa_record_get_id (invoice),
                                  oil_line, "card", "Maria", &error);
  g_assert_null (again);
  g_assert_nonnull (error);
}

static void
test_package_refund_gives_session_back (Fixture       *f,
                                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) sale = NULL;
  g_autoptr(SpaRecord) visit = NULL;
  g_autoptr(SpaRecord) refund = NULL;
  g_autoptr(GPtrArray) held = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  const char *line_ids[2] = { NULL, NULL };

  {
    g_autoptr(SpaCheckoutDraft) draft = spa_checkout_draft_new (f->store);

    spa_checkout_draft_set_client_id (draft, spa_record_get_id (f->client));
    g_assert_true (spa_checkout_draft_add_package (draft, spa_record_get_id (f->package), &error));
    sale = pay_and_save (draft);
  }
  held = spa_store_money_client_packages (f->store, spa_record_get_id (f->client), &error);
  {
    g_autoptr(SpaCheckoutDraft) draft =
      spa_checkout_draft_new_for_booking (f->store, spa_record_get_id (f->booking), &error);

    g_assert_true (spa_checkout_draft_redeem_package (draft, 0, spa_record_get_id (held->pdata[0]),
                                                      &error));
    visit = pay_and_save (draft);
  }
  g_assert_cmpint (spa_store_money_sessions_left (f->store, spa_record_get_id (held->pdata[0])),
                   ==, 2);
  lines = spa_store_money_lines (f->store, spa_record_get_id (visit), &error);
  line_ids[0] = spa_record_get_id (lines->pdata[0]);
  refund = spa_store_money_refund (f->store, SPA_ROLE_MANAGER, spa_record_get_id (visit), line_ids,
                                   "cash", "Maria", &error);
  g_assert_no_error (error);
  g_assert_cmpint (spa_store_money_sessions_left (f->store, spa_record_get_id (held->pdata[0])),
                   ==, 3);
}

/* A visit paid $40 from a gift card and the rest by card: refunding its lines one at a
 * time puts the $40 back on the card first, once, and the rest back by card. */
static void
test_gift_card_refund_goes_back_on_card (Fixture       *f,
                                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) sale = NULL;
  g_autoptr(SpaRecord) visit = NULL;
  g_autoptr(SpaRecord) first = NULL;
  g_autoptr(SpaRecord) second = NULL;
  g_autoptr(SpaRecord) card = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) back = NULL;
  g_autofree char *code = spa_money_gift_card_code_new ();
  const char *line_ids[2] = { NULL, NULL };
  gint64 oil_total;

  {
    g_autoptr(SpaCheckoutDraft) draft = spa_checkout_draft_new (f->store);

    spa_checkout_draft_set_client_id (draft, spa_record_get_id (f->client));
    g_assert_true (spa_checkout_draft_add_gift_card (draft, 10000, code, &error));
    sale = pay_and_save (draft);
  }
  card = spa_store_money_find_gift_card (f->store, code);
  {
    g_autoptr(SpaCheckoutDraft) draft =
      spa_checkout_draft_new_for_booking (f->store, spa_record_get_id (f->booking), &error);

    g_assert_true (spa_checkout_draft_add_product (draft, spa_record_get_id (f->oil), 1, &error));
    g_assert_true (spa_checkout_draft_add_gift_card_payment (draft, code, 4000, &error));
    visit = pay_and_save (draft);
  }
  g_assert_cmpint (spa_store_money_gift_card_balance (f->store, spa_record_get_id (card)), ==,
                   6000);
  lines = spa_store_money_lines (f->store, spa_record_get_id (visit), &error);
  oil_total = spa_record_get_int (lines->pdata[1], "total_cents", 0);
  g_assert_cmpint (oil_total, >, 0);
  g_assert_cmpint (oil_total, <, 4000);

  /* The oil first: less than the gift card paid, all of it back on the card. */
  line_ids[0] = spa_record_get_id (lines->pdata[1]);
  first = spa_store_money_refund (f->store, SPA_ROLE_MANAGER, spa_record_get_id (visit), line_ids,
                                  "card", "Maria", &error);
  g_assert_no_error (error);
  back = spa_store_money_payments (f->store, spa_record_get_id (first), &error);
  g_assert_cmpuint (back->len, ==, 1);
  g_assert_cmpstr (spa_record_get_string (back->pdata[0], "method"), ==, "gift_card");
  g_assert_cmpint (spa_store_money_gift_card_balance (f->store, spa_record_get_id (card)), ==,
                   6000 + oil_total);
  g_clear_pointer (&back, g_ptr_array_unref);

  /* Then the massage: what is left of the $40 on the card, the rest by card. */
  line_ids[0] = spa_record_get_id (lines->pdata[0]);
  second = spa_store_money_refund (f->store, SPA_ROLE_MANAGER, spa_record_get_id (visit), line_ids,
                                   "card", "Maria", &error);
  g_assert_no_error (error);
  back = spa_store_money_payments (f->store, spa_record_get_id (second), &error);
  g_assert_cmpuint (back->len, ==, 2);
  g_assert_cmpstr (spa_record_get_string (back->pdata[0], "method"), ==, "gift_card");
  g_assert_cmpint (spa_record_get_int (back->pdata[0], "amount_cents", 0), ==, 4000 - oil_total);
  g_assert_cmpstr (spa_record_get_string (back->pdata[1], "method"), ==, "card");
  g_assert_cmpint (spa_store_money_gift_card_balance (f->store, spa_record_get_id (card)), ==,
                   10000);
  g_assert_cmpint (spa_store_money_paid (f->store, spa_record_get_id (first)) +
                   spa_store_money_paid (f->store, spa_record_get_id (second)), ==,
                   spa_record_get_int (visit, "total_cents", 0));
  g_clear_pointer (&lines, g_ptr_array_unref);
  lines = spa_store_money_refundable_lines (f->store, spa_record_get_id (visit), &error);
  g_assert_cmpuint (lines->len, ==, 0);
}

/* A therapist's takings over today, this week or this month, computed from the desk's own
 * invoices (My Takings on a desk without a server): the spa's local days, Monday first,
 * and only the therapist's own services, sales and tips. */
static void
test_therapist_takings_local (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("America/Vancouver");
  /* Tuesday 15 January 2030, 10:00 in Vancouver: the booking's visit. */
  g_autoptr(GDateTime) now = g_date_time_new_utc (2030, 1, 15, 18, 30, 0);
  g_autoptr(GDateTime) real_now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autoptr(GDateTime) next_month = g_date_time_add_days (now, 20);
  g_autoptr(SpaCheckoutDraft) draft = NULL;
  g_autoptr(SpaRecord) invoice = NULL;
  g_autoptr(GError) error = NULL;
  const char *claire = spa_record_get_id (f->therapist);
  struct
  {
    SpaPeriodKind kind;
    GDateTime    *at;
    const char   *from;
    const char   *to;
    gint64        services;
  } cases[] = {
    { SPA_PERIOD_DAY, now, "2030-01-15T08:00:00Z", "2030-01-16T08:00:00Z", 1 },
    { SPA_PERIOD_WEEK, now, "2030-01-14T08:00:00Z", "2030-01-21T08:00:00Z", 1 },
    { SPA_PERIOD_MONTH, now, "2030-01-01T08:00:00Z", "2030-02-01T08:00:00Z", 1 },
    { SPA_PERIOD_DAY, tomorrow, "2030-01-16T08:00:00Z", "2030-01-17T08:00:00Z", 0 },
    { SPA_PERIOD_WEEK, tomorrow, "2030-01-14T08:00:00Z", "2030-01-21T08:00:00Z", 1 },
    { SPA_PERIOD_MONTH, next_month, "2030-02-01T08:00:00Z", "2030-03-01T08:00:00Z", 0 },
  };

  /* The till's clock at the visit: the sale is issued then. */
  spa_store_set_clock_offset (f->store, g_date_time_difference (now, real_now));
  draft = spa_checkout_draft_new_for_booking (f->store, spa_record_get_id (f->booking), &error);
  g_assert_no_error (error);
  spa_checkout_draft_set_tip (draft, 1500);
  invoice = pay_and_save (draft);
  g_assert_cmpstr (spa_record_get_string (invoice, "tip_therapist_id"), ==, claire);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;
      SpaTherapistTakings takings;

      spa_money_period_range (zone, cases[i].at, cases[i].kind, &from, &to);
      g_assert_cmpstr (from, ==, cases[i].from);
      g_assert_cmpstr (to, ==, cases[i].to);
      g_assert_true (spa_store_money_therapist_takings (f->store, claire, from, to, &takings,
                                                        &error));
      g_assert_no_error (error);
      g_assert_cmpint (takings.services, ==, cases[i].services);
      g_assert_cmpint (takings.sales_cents, ==, cases[i].services * 9500);
      g_assert_cmpint (takings.tips_cents, ==, cases[i].services * 1500);
    }

  /* Nobody else's: another therapist took nothing in that day. */
  {
    g_autoptr(SpaRecord) other = spa_test_add_named (f->store, "therapist", "Theo Lee", NULL);
    g_autofree char *from = NULL;
    g_autofree char *to = NULL;
    SpaTherapistTakings takings;

    spa_money_period_range (zone, now, SPA_PERIOD_DAY, &from, &to);
    g_assert_true (spa_store_money_therapist_takings (f->store, spa_record_get_id (other), from,
                                                      to, &takings, &error));
    g_assert_cmpint (takings.services + takings.sales_cents + takings.tips_cents, ==, 0);
  }
}

static void
test_records_validate (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) rate = spa_record_new ("tax_rate");
  g_autoptr(SpaRecord) promotion = spa_record_new ("promotion");
  g_autoptr(SpaRecord) invoice = spa_record_new ("invoice");
  g_autoptr(GPtrArray) rates = spa_store_money_tax_rates (f->store, &error);

  /* British Columbia's defaults. */
  g_assert_cmpuint (rates->len, ==, 2);
  g_assert_cmpint (spa_record_get_int (rates->pdata[0], "rate_bp", 0), ==, 500);
  g_assert_cmpint (spa_record_get_int (rates->pdata[1], "rate_bp", 0), ==, 700);

  spa_record_set_string (rate, "name", "HST");
  spa_record_set_int (rate, "rate_bp", 13000);
  g_assert_false (spa_store_save (f->store, rate, &error));
  g_assert_cmpstr (spa_validation_error_get_field (error), ==, "rate_bp");
  g_clear_error (&error);
  spa_record_set_int (rate, "rate_bp", 1300);
  spa_record_set_strv (rate, "applies_to", (const char * const []) { "service", "spaceship",
                                                                    NULL });
  g_assert_false (spa_store_save (f->store, rate, &error));
  g_assert_cmpstr (spa_validation_error_get_field (error), ==, "applies_to");
  g_clear_error (&error);

  spa_record_set_string (promotion, "name", "Spring");
  spa_record_set_string (promotion, "kind", "percent");
  spa_record_set_int (promotion, "value", 20000);
  g_assert_false (spa_store_save (f->store, promotion, &error));
  g_assert_cmpstr (spa_validation_error_get_field (error), ==, "value");
  g_clear_error (&error);
  spa_record_set_int (promotion, "value", 1500);
  spa_record_set_string (promotion, "starts_on", "2030-03-01");
  spa_record_set_string (promotion, "ends_on", "2030-02-01");
  g_assert_false (spa_store_save (f->store, promotion, &error));
  g_assert_cmpstr (spa_validation_error_get_field (error), ==, "ends_on");
  g_clear_error (&error);

  /* Totals that do not add up. */
  spa_record_set_string (invoice, "kind", "sale");
  spa_record_set_string (invoice, "status", "draft");
  spa_record_set_int (invoice, "subtotal_cents", 1000);
  spa_record_set_int (invoice, "total_cents", 900);
  g_assert_false (spa_store_save (f->store, invoice, &error));
  g_assert_cmpstr (spa_validation_error_get_field (error), ==, "total_cents");
  g_clear_error (&error);
  /* A refund names what it refunds. */
  spa_record_set_int (invoice, "total_cents", 1000);
  spa_record_set_string (invoice, "kind", "refund");
  g_assert_false (spa_store_save (f->store, invoice, &error));
  g_assert_cmpstr (spa_validation_error_get_field (error), ==, "refund_of");
  g_clear_error (&error);
}

/* An issued sale of the booking with $40 of its $99.75 paid, as a payment the server
 * refused on another desk leaves it: the invoice, its line, one payment. */
static SpaRecord *
issue_part_paid (Fixture *f)
{
  return spa_test_issue_part_paid (f->store, f->booking, SWEDISH, 9500, 4000,
                                   "2030-01-15T19:00:00Z");
}

/* Check Out on a part-paid visit takes the rest on its invoice, not a second sale. */
static void
test_checkout_continues_part_paid (Fixture       *f,
                                   gconstpointer  data)
{
  const char *booking_id = spa_record_get_id (f->booking);
  g_autoptr(SpaRecord) invoice = issue_part_paid (f);
  g_autoptr(SpaRecord) due = spa_store_money_booking_invoice_due (f->store, booking_id);
  g_autoptr(SpaCheckoutDraft) draft = NULL;
  g_autoptr(SpaRecord) saved = NULL;
  g_autoptr(GError) error = NULL;
  const char *id = spa_record_get_id (invoice);
  gint64 sales, paid;

  g_assert_nonnull (due);
  g_assert_cmpstr (spa_record_get_id (due), ==, id);

  draft = spa_checkout_draft_new_for_booking (f->store, booking_id, &error);
  g_assert_no_error (error);
  g_assert_true (spa_checkout_draft_get_continued (draft) != NULL);
  g_assert_cmpuint (spa_checkout_draft_get_n_lines (draft), ==, 1);
  g_assert_cmpint (spa_checkout_draft_get_total (draft), ==, 9975);
  g_assert_cmpint (spa_checkout_draft_get_paid_before (draft), ==, 4000);
  g_assert_cmpint (spa_checkout_draft_get_balance (draft), ==, 5975);
  /* Its taxes as issued: the receipt of the balance names the GST it charged. */
  {
    g_autoptr(JsonArray) taxes = spa_checkout_draft_dup_taxes (draft);
    JsonObject *gst;

    g_assert_cmpuint (json_array_get_length (taxes), ==, 1);
    gst = json_array_get_object_element (taxes, 0);
    g_assert_cmpstr (json_object_get_string_member (gst, "name"), ==, "GST");
    g_assert_cmpint (json_object_get_int_member (gst, "cents"), ==, 475);
    g_assert_cmpint (spa_checkout_draft_get_tax (draft), ==, 475);
  }

  /* Its lines were issued: a tip added here would be lost, so the save is refused and
   * nothing is written. */
  {
    g_autoptr(SpaCheckoutDraft) tipped =
      spa_checkout_draft_new_for_booking (f->store, booking_id, &error);
    g_autoptr(SpaRecord) refused = NULL;
    gint64 payments = spa_store_count (f->store, "payment");

    g_assert_no_error (error);
    spa_checkout_draft_set_tip (tipped, 1000);
    g_assert_true (spa_checkout_draft_add_cash (tipped, 7000, &error));
    g_assert_no_error (error);
    refused = spa_checkout_draft_save (tipped, "Front desk", &error);
    g_assert_null (refused);
    g_assert_cmpstr (spa_validation_error_get_field (error), ==, "lines");
    g_clear_error (&error);
    g_assert_cmpint (spa_store_count (f->store, "payment"), ==, payments);
  }

  /* Nor can a line, a package session or a promotion be added to it: each is refused
   * where it is asked, and the draft stays the invoice as issued. */
  g_assert_false (spa_checkout_draft_add_service (draft, SWEDISH, NULL, &error));
  g_assert_cmpstr (spa_validation_error_get_field (error), ==, "lines");
  g_clear_error (&error);
  g_assert_false (spa_checkout_draft_add_gift_card (draft, 5000, NULL, &error));
  g_assert_cmpstr (spa_validation_error_get_field (error), ==, "lines");
  g_clear_error (&error);
  g_assert_false (spa_checkout_draft_set_quantity (draft, 0, 2, &error));
  g_assert_cmpstr (spa_validation_error_get_field (error), ==, "lines");
  g_clear_error (&error);
  g_assert_false (spa_checkout_draft_apply_promotion (draft, "anything", &error));
  g_assert_cmpstr (spa_validation_error_get_field (error), ==, "lines");
  g_clear_error (&error);
  g_assert_cmpuint (spa_checkout_draft_get_n_lines (draft), ==, 1);
  g_assert_cmpint (spa_checkout_draft_get_total (draft), ==, 9975);

  g_assert_true (spa_checkout_draft_add_cash (draft, 6000, &error));
  g_assert_no_error (error);
  g_assert_cmpint (spa_checkout_draft_get_change (draft), ==, 25);
  saved = spa_checkout_draft_save (draft, "Front desk", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (spa_record_get_id (saved), ==, id);

  /* The database: one sale for the visit, its payments now its total, paid. */
  sales = spa_test_count_rows (f->store, "SELECT count(*) FROM invoice WHERE booking_id = ?",
                               booking_id);
  g_assert_cmpint (sales, ==, 1);
  paid = spa_test_count_rows (f->store,
                              "SELECT sum(amount_cents) FROM payment WHERE invoice_id = ?", id);
  g_assert_cmpint (paid, ==, 9975);
  g_assert_true (spa_store_money_booking_is_paid (f->store, booking_id));
  g_clear_object (&due);
  g_assert_null (due = spa_store_money_booking_invoice_due (f->store, booking_id));
}

/* ---- The save path ---- */

static goffset
file_size (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_size;
}

typedef struct
{
  const char *path;
  goffset     size;
} Grown;

static gboolean
file_grew (gpointer data)
{
  Grown *grown = data;

  return file_size (grown->path) > grown->size;
}

/* A commit that takes the WAL past its checkpoint threshold returns without copying
 * the pages into the database file (SQLite's automatic checkpoint did, with an fsync,
 * inside one save in 20: the checkout's p95); a thread of the store's does it. */
static void
test_checkpoint_off_save (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(SpaStore) store = spa_test_open_store (&dir);
  g_autoptr(GError) error = NULL;
  Grown grown = { spa_store_get_path (store), 0 };

  g_assert_true (spa_store_exec (store, "CREATE TABLE filler (x BLOB)", &error));
  g_assert_no_error (error);
  g_assert_true (spa_store_exec (store, "PRAGMA wal_checkpoint(TRUNCATE)", &error));
  grown.size = file_size (grown.path);

  spa_checkpointer_hold (store->checkpointer, TRUE);
  /* 1 200 pages or more, one commit. */
  g_assert_true (spa_store_exec (store,
                                 "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 "
                                 "FROM n WHERE i < 1200) "
                                 "INSERT INTO filler SELECT randomblob (4000) FROM n",
                                 &error));
  g_assert_no_error (error);
  g_assert_cmpint (file_size (grown.path), ==, grown.size);
  g_assert_cmpuint (spa_checkpointer_get_done (store->checkpointer), ==, 0);

  spa_checkpointer_hold (store->checkpointer, FALSE);
  g_assert_true (spa_test_iterate_until (file_grew, &grown, 10000));
  g_assert_cmpint (file_size (grown.path), >, grown.size + 1200 * 4000);

  g_clear_object (&store);
  spa_test_remove_dir (dir);
}

/* Commits faster than the thread copies must not grow the WAL without end: past ten
 * times the threshold, the commit checkpoints itself, even while the thread is held. */
static void
test_checkpoint_bounded (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(SpaStore) store = spa_test_open_store (&dir);
  g_autoptr(GError) error = NULL;
  goffset size;

  g_assert_true (spa_store_exec (store, "CREATE TABLE filler (x BLOB)", &error));
  g_assert_no_error (error);
  g_assert_true (spa_store_exec (store, "PRAGMA wal_checkpoint(TRUNCATE)", &error));
  size = file_size (spa_store_get_path (store));

  spa_checkpointer_hold (store->checkpointer, TRUE);
  /* 10 500 pages or more, one commit: copied into the database file before it returns. */
  g_assert_true (spa_store_exec (store,
                                 "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 "
                                 "FROM n WHERE i < 10500) "
                                 "INSERT INTO filler SELECT randomblob (4000) FROM n",
                                 &error));
  g_assert_no_error (error);
  g_assert_cmpint (file_size (spa_store_get_path (store)), >, size + (goffset)10500 * 4000);
  g_assert_cmpuint (spa_checkpointer_get_done (store->checkpointer), ==, 0);
  spa_checkpointer_hold (store->checkpointer, FALSE);

  g_clear_object (&store);
  spa_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/money/round", test_round);
  g_test_add_func ("/money/tax-table", test_tax_table);
  g_test_add_func ("/money/allocate", test_allocate);
  g_test_add_func ("/money/parse", test_parse);
  g_test_add_func ("/money/numbers", test_numbers);
  g_test_add_func ("/money/checkpoint-off-save", test_checkpoint_off_save);
  g_test_add_func ("/money/checkpoint-bounded", test_checkpoint_bounded);
#define ADD(path, func) \
  g_test_add ("/money/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("checkout-booking", test_checkout_booking);
  ADD ("checkout-continues-part-paid", test_checkout_continues_part_paid);
  ADD ("issued-is-immutable", test_issued_is_immutable);
  ADD ("numbers-unique", test_numbers_unique);
  ADD ("discounts", test_discounts);
  ADD ("promotion", test_promotion);
  ADD ("gift-card", test_gift_card);
  ADD ("package", test_package);
  ADD ("stock", test_stock);
  ADD ("sale-refused-midway", test_sale_refused_midway);
  ADD ("refund", test_refund);
  ADD ("package-refund", test_package_refund_gives_session_back);
  ADD ("gift-card-refund", test_gift_card_refund_goes_back_on_card);
  ADD ("records-validate", test_records_validate);
  ADD ("therapist-takings-local", test_therapist_takings_local);
#undef ADD

  return g_test_run ();
}
