/* test-receipt.c: a receipt PDF, read back with pdftotext
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include "spa-migrations.h"
#include "spa-receipt.h"
#include "spa-test-util.h"

#define SWEDISH spa_default_service_id (0)

static char *
pdf_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int status = 0;
  const char *argv[] = { "pdftotext", "-layout", path, "-", NULL };

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, &status,
                &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

static void
test_receipt_pdf (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(SpaStore) store = spa_test_open_store (&dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) client = spa_test_add_client (store, "Zoë", "Tremblay", "zoe@example.com",
                                                     "+1 604 555 0101");
  g_autoptr(SpaRecord) therapist = spa_test_add_named (store, "therapist", "Claire Dubois", NULL);
  g_autoptr(SpaRecord) service = spa_store_get (store, "service", SWEDISH, &error);
  g_autoptr(SpaRecord) booking = spa_record_new ("booking");
  g_autoptr(SpaRecord) gst = spa_store_get (store, "tax_rate", SPA_TAX_RATE_GST_ID, &error);
  g_autoptr(SpaCheckoutDraft) draft = NULL;
  g_autoptr(SpaRecord) invoice = NULL;
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("America/Vancouver");
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *total = NULL;
  g_autofree char *tip = NULL;
  g_autofree char *starts_at = NULL;
  g_autofree char *ends_at = NULL;
  g_autofree char *treated_on = NULL;
  /* Treated today, two hours ago: a receipt is issued on the day of the visit. */
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) starts = g_date_time_add_seconds (now,
                                                         -2 * 3600 - g_date_time_get_second (now));
  g_autoptr(GDateTime) ends = g_date_time_add_hours (starts, 1);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (starts, zone);
  SpaReceiptSpa spa = { "Cedar & Stone Massage Clinic", "1234 West Broadway\nVancouver, BC V6H 1G9",
                        "604-555-0199" };

  spa_record_set_string (therapist, "credentials", "RMT");
  spa_record_set_string (therapist, "registration_number", "RMT-10423");
  g_assert_true (spa_store_save (store, therapist, &error));
  spa_record_set_int (service, "price_cents", 12000);
  g_assert_true (spa_store_save (store, service, &error));
  spa_record_set_string (gst, "registration_number", "81234 5678 RT0001");
  g_assert_true (spa_store_save (store, gst, &error));
  g_assert_no_error (error);

  spa_record_set_string (booking, "client_id", spa_record_get_id (client));
  spa_record_set_string (booking, "therapist_id", spa_record_get_id (therapist));
  spa_record_set_string (booking, "service_id", SWEDISH);
  starts_at = g_date_time_format (starts, "%Y-%m-%dT%H:%M:00Z");
  ends_at = g_date_time_format (ends, "%Y-%m-%dT%H:%M:00Z");
  treated_on = spa_format_date (local);
  spa_record_set_string (booking, "starts_at", starts_at);
  spa_record_set_string (booking, "ends_at", ends_at);
  spa_record_set_string (booking, "status", "checked_in");
  g_assert_true (spa_store_save (store, booking, &error));

  draft = spa_checkout_draft_new_for_booking (store, spa_record_get_id (booking), &error);
  g_assert_no_error (error);
  spa_checkout_draft_set_tip (draft, 1800);
  g_assert_true (spa_checkout_draft_add_payment (draft, "card", 8000, &error));
  g_assert_true (spa_checkout_draft_add_cash (draft, 7000, &error));
  invoice = spa_checkout_draft_save (draft, "Maria", &error);
  g_assert_no_error (error);

  path = g_build_filename (dir, "receipt.pdf", NULL);
  g_assert_true (spa_receipt_write_pdf (store, &spa, zone, spa_record_get_id (invoice), path,
                                        &error));
  g_assert_no_error (error);
  text = pdf_text (path);
  /* SPA_RECEIPT_PDF=FILE keeps a copy (docs/screenshots/receipt.png is its first page). */
  if (g_getenv ("SPA_RECEIPT_PDF") != NULL)
    g_assert_true (spa_receipt_write_pdf (store, &spa, zone, spa_record_get_id (invoice),
                                          g_getenv ("SPA_RECEIPT_PDF"), NULL));
  g_test_message ("%s", text);

  /* What an insurer asks for, and what the client paid. */
  total = spa_format_money (12000 + 600 + 1800, NULL);
  tip = spa_format_money (1800, NULL);
  g_assert_nonnull (strstr (text, "Cedar & Stone Massage Clinic"));
  g_assert_nonnull (strstr (text, "Zoë Tremblay"));
  g_assert_nonnull (strstr (text, "RMT-10423"));
  g_assert_nonnull (strstr (text, "Claire Dubois, RMT"));
  g_assert_nonnull (strstr (text, "Claire Dubois"));
  g_assert_nonnull (strstr (text, "81234 5678 RT0001"));
  g_assert_nonnull (strstr (text, spa_record_get_string (invoice, "number")));
  g_assert_nonnull (strstr (text, total));
  g_assert_nonnull (strstr (text, tip));
  g_assert_nonnull (strstr (text, treated_on));
  g_assert_nonnull (strstr (text, "Swedish massage, 60 min"));

  spa_test_remove_dir (dir);
}

/* An invoice issued again under a new number after sync (another desk had its number)
 * prints the number its first receipt bore. */
static void
test_receipt_renumbered (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(SpaStore) store = spa_test_open_store (&dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) draft = spa_record_new ("invoice");
  g_autoptr(SpaRecord) invoice = NULL;
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("America/Vancouver");
  g_autofree char *number = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  /* What the server's copy leaves on the desk: the invoice as a draft. */
  spa_record_set_string (draft, "kind", "sale");
  spa_record_set_string (draft, "status", "draft");
  g_assert_true (spa_store_save (store, draft, &error));
  g_assert_no_error (error);
  number = spa_store_money_renumber (store, spa_record_get_id (draft), "K7MXA-000042",
                                     "2026-11-30T18:00:00Z", "Maria", &error);
  g_assert_no_error (error);
  g_assert_nonnull (number);
  invoice = spa_store_get (store, "invoice", spa_record_get_id (draft), &error);
  g_assert_cmpstr (spa_record_get_string (invoice, "previous_number"), ==, "K7MXA-000042");

  path = g_build_filename (dir, "receipt.pdf", NULL);
  g_assert_true (spa_receipt_write_pdf (store, NULL, zone, spa_record_get_id (invoice), path,
                                        &error));
  g_assert_no_error (error);
  text = pdf_text (path);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, number));
  g_assert_nonnull (strstr (text, "Replaces No. K7MXA-000042"));

  spa_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/receipt/pdf", test_receipt_pdf);
  g_test_add_func ("/receipt/renumbered", test_receipt_renumbered);
  return g_test_run ();
}
