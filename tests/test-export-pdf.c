/* test-export-pdf.c: the receipts in an export and a client's file as PDF, read back
 * with pdftotext (poppler-utils)
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "spa-chart-documents.h"
#include "spa-export-receipts.h"
#include "spa-store-money.h"
#include "spa-export.h"
#include "spa-migrations.h"
#include "spa-test-util.h"

typedef struct
{
  char      *dir;
  SpaStore  *store;
  GTimeZone *zone;
  SpaRecord *client;
  SpaRecord *therapist;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->store = spa_test_open_store (&f->dir);
  f->zone = g_time_zone_new_identifier ("America/Vancouver");
  f->client = spa_test_add_client (f->store, "Zoë", "Tremblay", "zoe@example.com",
                                   "+1 604 555 0101");
  f->therapist = spa_test_add_named (f->store, "therapist", "Claire Dubois", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->client);
  g_clear_object (&f->therapist);
  g_clear_object (&f->store);
  g_time_zone_unref (f->zone);
  spa_test_remove_dir (f->dir);
  g_free (f->dir);
}

static char *
run (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, &status,
                &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

static char *
pdf_text (const char *path)
{
  return run ((const char *[]){ "pdftotext", path, "-", NULL });
}

/* A booking of @service_id today at 10:00 UTC for the client with the therapist. */
static SpaRecord *
add_booking (Fixture    *f,
             const char *service_id,
             const char *status)
{
  g_autoptr(SpaRecord) booking = spa_record_new ("booking");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *day = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *starts_at = g_strdup_printf ("%sT10:00:00Z", day);
  g_autofree char *ends_at = g_strdup_printf ("%sT11:00:00Z", day);

  spa_record_set_string (booking, "client_id", spa_record_get_id (f->client));
  spa_record_set_string (booking, "therapist_id", spa_record_get_id (f->therapist));
  spa_record_set_string (booking, "service_id", service_id);
  spa_record_set_string (booking, "starts_at", starts_at);
  spa_record_set_string (booking, "ends_at", ends_at);
  spa_record_set_string (booking, "status", status);
  g_assert_true (spa_store_save (f->store, booking, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&booking);
}

/* Every issued sale's receipt is in the archive, under receipts/, named by its number,
 * and reads as that sale's receipt; a draft has none. */
static void
test_receipts_in_archive (Fixture *f, gconstpointer data)
{
  const char *swedish = spa_default_service_id (0);
  g_autoptr(SpaRecord) service = spa_store_get (f->store, "service", swedish, NULL);
  g_autoptr(SpaRecord) booking = NULL;
  g_autoptr(SpaCheckoutDraft) draft = NULL;
  g_autoptr(SpaRecord) invoice = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(SpaExportReceipts) receipts = NULL;
  g_autoptr(GArray) counts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *archive = g_build_filename (f->dir, "out.tar.gz", NULL);
  g_autofree char *member = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *pdf = g_build_filename (f->dir, "receipt.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *text = NULL;
  g_autofree char *readme = NULL;
  gsize length;

  spa_record_set_int (service, "price_cents", 12000);
  g_assert_true (spa_store_save (f->store, service, &error));
  booking = add_booking (f, swedish, "checked_in");
  draft = spa_checkout_draft_new_for_booking (f->store, spa_record_get_id (booking), &error);
  g_assert_no_error (error);
  g_assert_true (spa_checkout_draft_add_payment (draft, "card",
                                                 spa_checkout_draft_get_total (draft), &error));
  invoice = spa_checkout_draft_save (draft, "Maria", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (spa_record_get_string (invoice, "status"), ==, "issued");

  g_settings_set_string (settings, "spa-name", "Cedar & Stone Massage Clinic");
  receipts = spa_export_receipts_new (settings, f->zone);
  counts = spa_export_to_archive_full (f->store, archive, spa_export_receipts_write, receipts,
                                       NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (counts);
  g_settings_reset (settings, "spa-name");

  /* tar lists the folder and the receipt, and gives the receipt back whole. */
  listing = run ((const char *[]){ "tar", "-tzf", archive, NULL });
  g_test_message ("%s", listing);
  member = g_strdup_printf ("out/receipts/%s.pdf", spa_record_get_string (invoice, "number"));
  g_assert_nonnull (strstr (listing, "out/receipts/\n"));
  g_assert_nonnull (strstr (listing, member));
  contents = run ((const char *[]){ "tar", "-xzOf", archive, member, NULL });
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  g_clear_pointer (&contents, g_free);
  {
    const char *argv[] = { "sh", "-c", "tar -xzOf \"$0\" \"$1\" > \"$2\"", archive, member, pdf,
                           NULL };

    g_free (run (argv));
  }
  text = pdf_text (pdf);
  g_assert_nonnull (strstr (text, "Cedar & Stone Massage Clinic"));
  g_assert_nonnull (strstr (text, "Zoë Tremblay"));
  g_assert_nonnull (strstr (text, spa_record_get_string (invoice, "number")));

  /* The README says what the folder holds. */
  readme = run ((const char *[]){ "tar", "-xzOf", archive, "out/README.txt", NULL });
  g_assert_nonnull (strstr (readme, "receipts/: 1 receipt\n"));
  g_assert_true (g_file_get_contents (pdf, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 1000);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

/* The receipts' export reads the issued invoices a page at a time, in the order of their
 * numbers: each once, none skipped at a page's end. */
static void
test_issued_invoices_paged (Fixture *f, gconstpointer data)
{
  const char *swedish = spa_default_service_id (0);
  g_autoptr(GPtrArray) numbers = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *last = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) service = spa_store_get (f->store, "service", swedish, NULL);
  guint n_pages = 0;
  guint seen = 0;

  spa_record_set_int (service, "price_cents", 9000);
  g_assert_true (spa_store_save (f->store, service, &error));
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(SpaCheckoutDraft) draft = spa_checkout_draft_new (f->store);
      g_autoptr(SpaRecord) invoice = NULL;

      /* Walk-in sales: one booking would overlap the next. */
      spa_checkout_draft_set_client_id (draft, spa_record_get_id (f->client));
      g_assert_true (spa_checkout_draft_add_service (draft, swedish,
                                                     spa_record_get_id (f->therapist), &error));
      g_assert_true (spa_checkout_draft_add_payment (draft, "card",
                                                     spa_checkout_draft_get_total (draft),
                                                     &error));
      invoice = spa_checkout_draft_save (draft, "Maria", &error);
      g_assert_no_error (error);
      g_ptr_array_add (numbers, g_strdup (spa_record_get_string (invoice, "number")));
    }
  g_ptr_array_sort (numbers, compare_strings);

  for (;;)
    {
      g_autoptr(GPtrArray) page = spa_store_money_issued_invoices (f->store, last, 2, &error);

      g_assert_no_error (error);
      g_assert_nonnull (page);
      g_assert_cmpuint (page->len, <=, 2);
      for (guint i = 0; i < page->len; i++)
        {
          const char *number = spa_record_get_string (page->pdata[i], "number");

          g_assert_cmpuint (seen, <, numbers->len);
          g_assert_cmpstr (number, ==, numbers->pdata[seen]);
          seen++;
          g_free (last);
          last = g_strdup (number);
        }
      n_pages++;
      if (page->len < 2)
        break;
    }
  g_assert_cmpuint (seen, ==, 5);
  g_assert_cmpuint (n_pages, ==, 3);
}

static SpaRecord *
add_signed_note (Fixture    *f,
                 const char *date,
                 const char *subjective)
{
  g_autoptr(SpaRecord) note = spa_record_new ("session_note");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) techniques = json_from_string ("[\"swedish\", \"trigger_point\"]", NULL);

  spa_record_set_string (note, "client_id", spa_record_get_id (f->client));
  spa_record_set_string (note, "therapist_id", spa_record_get_id (f->therapist));
  spa_record_set_string (note, "session_date", date);
  spa_record_set_string (note, "subjective", subjective);
  spa_record_set_string (note, "plan", "Stretch the hip flexors twice a day.");
  spa_record_set_json (note, "techniques", techniques);
  spa_record_set_int (note, "pain_before", 7);
  spa_record_set_int (note, "pain_after", 3);
  g_assert_true (spa_clinical_sign_note (f->store, note, "Claire Dubois", &error));
  g_assert_no_error (error);
  return g_steal_pointer (&note);
}

/* The client's file as PDF: every part of their chart is there, in words, over as many
 * pages as it takes, numbered. */
static void
test_client_file (Fixture *f, gconstpointer data)
{
  g_autoptr(SpaRecord) intake = spa_record_new ("intake");
  g_autoptr(SpaRecord) note = NULL;
  g_autoptr(SpaRecord) amendment = NULL;
  g_autoptr(SpaRecord) booking = NULL;
  g_autoptr(SpaPrintDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) areas = json_from_string (
      "[{\"region\": \"lower_back\", \"intensity\": 7, \"quality\": \"aching\"}]", NULL);
  g_autoptr(JsonNode) avoid = json_from_string (
      "[{\"region\": \"neck\", \"reason\": \"Whiplash in October\"}]", NULL);
  g_autoptr(GString) long_text = g_string_new (NULL);
  g_autofree char *path = g_build_filename (f->dir, "zoe.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *flat = NULL;
  g_autofree char *last_page = NULL;
  g_autofree char *last = NULL;
  g_autofree char *page = NULL;
  g_auto(GStrv) words = NULL;
  const char *first;
  guint n_pages;

  spa_record_set_string (f->client, "allergies", "Nut oils (almond, walnut)");
  g_assert_true (spa_store_save (f->store, f->client, &error));
  spa_record_set_string (intake, "client_id", spa_record_get_id (f->client));
  spa_record_set_string (intake, "completed_at", "2026-11-02T18:00:00Z");
  spa_record_set_string (intake, "reason", "Lower back pain after moving house");
  spa_record_set_string (intake, "pressure", "firm");
  spa_record_set_json (intake, "pain_areas", areas);
  spa_record_set_json (intake, "avoid_areas", avoid);
  spa_record_set_string (intake, "consent_name", "Zoë Tremblay");
  spa_record_set_string (intake, "consent_at", "2026-11-02T18:00:00Z");
  g_assert_true (spa_store_save (f->store, intake, &error));
  g_assert_no_error (error);
  note = add_signed_note (f, "2026-11-20", "Lower back stiff after gardening.");
  amendment = spa_clinical_add_amendment (f->store, spa_record_get_id (note), "Claire Dubois",
                                          "Pain after was 4/10, not 3/10.", &error);
  g_assert_no_error (error);
  /* A note long enough to run over a page. */
  for (guint i = 0; i < 120; i++)
    g_string_append_printf (long_text, "Line %u of a long account of the week. ", i);
  g_clear_object (&note);
  note = add_signed_note (f, "2026-11-27", long_text->str);
  booking = add_booking (f, spa_default_service_id (0), "booked");

  document = spa_chart_document_client_file (f->store, spa_record_get_id (f->client), f->zone,
                                             &error);
  g_assert_no_error (error);
  g_assert_true (spa_print_document_write_pdf (document, path, &error));
  g_assert_no_error (error);
  /* SPA_CLIENT_FILE_PDF=FILE keeps a copy to look at. */
  if (g_getenv ("SPA_CLIENT_FILE_PDF") != NULL)
    g_assert_true (spa_print_document_write_pdf (document, g_getenv ("SPA_CLIENT_FILE_PDF"),
                                                 NULL));

  /* The labels' column fits the longest label: its value stays on its line. */
  {
    g_autofree char *laid_out = run ((const char *[]){ "pdftotext", "-layout", "-l", "1",
                                                       path, "-", NULL });

    g_assert_true (g_regex_match_simple ("^ *Booking e-mails and reminders +Yes$", laid_out,
                                         G_REGEX_MULTILINE, 0));
  }

  text = pdf_text (path);
  g_test_message ("%s", text);
  /* Lines wrap where the page ends: compare the words. */
  words = g_strsplit_set (text, " \n\f", -1);
  flat = g_strjoinv (" ", words);
  for (char *p = flat; (p = strstr (p, "  ")) != NULL;)
    memmove (p, p + 1, strlen (p));
  g_assert_nonnull (strstr (flat, "Client file: Zoë Tremblay"));
  g_assert_nonnull (strstr (flat, "zoe@example.com"));
  g_assert_nonnull (strstr (flat, "Nut oils (almond, walnut)"));
  g_assert_nonnull (strstr (flat, "Lower back pain after moving house"));
  g_assert_nonnull (strstr (flat, "Lower back (lumbar): Pain 7 of 10, Aching"));
  g_assert_nonnull (strstr (flat, "Neck (Whiplash in October)"));
  g_assert_nonnull (strstr (flat, "Firm"));
  /* The body map: its figures' labels. */
  g_assert_nonnull (strstr (flat, "Front Back"));
  g_assert_nonnull (strstr (flat, "Lower back stiff after gardening."));
  g_assert_nonnull (strstr (flat, "Trigger point"));
  g_assert_nonnull (strstr (flat, "Amendment by Claire Dubois, "));
  g_assert_null (strstr (flat, "(null)"));
  g_assert_nonnull (strstr (flat, "Pain after was 4/10, not 3/10."));
  g_assert_nonnull (strstr (flat, "Line 119 of a long account of the week."));
  g_assert_nonnull (strstr (flat, "Swedish massage"));
  g_assert_nonnull (strstr (flat, "Claire Dubois"));
  /* Every page numbered, and the last says it is; the bookings come last. */
  first = strstr (flat, "Page 1 of ");
  g_assert_nonnull (first);
  n_pages = (guint)g_ascii_strtoull (first + strlen ("Page 1 of "), NULL, 10);
  g_assert_cmpuint (n_pages, >=, 2);
  last = g_strdup_printf ("Page %u of %u", n_pages, n_pages);
  g_assert_nonnull (strstr (flat, last));
  page = g_strdup_printf ("%u", n_pages);
  last_page = run ((const char *[]){ "pdftotext", "-f", page, "-l", page, path, "-", NULL });
  g_assert_nonnull (strstr (last_page, "Bookings"));
  g_assert_null (strstr (last_page, "Intake form"));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/export-pdf/receipts-in-archive", Fixture, NULL, fixture_set_up,
              test_receipts_in_archive, fixture_tear_down);
  g_test_add ("/export-pdf/issued-invoices-paged", Fixture, NULL, fixture_set_up,
              test_issued_invoices_paged, fixture_tear_down);
  g_test_add ("/export-pdf/client-file", Fixture, NULL, fixture_set_up, test_client_file,
              fixture_tear_down);
  return g_test_run ();
}
