/* test-ui-money.c: checking out a booked client through the real till
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "spa-booking-dialog.h"
#include "spa-calendar-page.h"
#include "spa-checkout-dialog.h"
#include "spa-client-money.h"
#include "spa-client-page.h"
#include "spa-clients-page.h"
#include "spa-day-calendar-private.h"
#include "spa-migrations.h"
#include "spa-preferences-window.h"
#include "spa-receipt-settings.h"
#include "spa-server.h"
#include "spa-server-sync.h"
#include "spa-sync-test-util.h"
#include "spa-takings-window.h"
#include "spa-test-input.h"
#include "spa-test-ui-util.h"
#include "spa-test-util.h"
#include "spa-today-page-private.h"
#include "spa-widget-util.h"
#include "spa-window.h"

#define SWEDISH spa_default_service_id (0)

typedef struct
{
  SpaTestDesk desk;
  SpaRecord  *client;
  SpaRecord  *claire;
  SpaRecord  *booking;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autoptr(SpaRecord) service = NULL;
  g_autofree char *starts = NULL;
  g_autofree char *ends = NULL;

  spa_test_desk_open (&f->desk);
  f->client = spa_test_add_client (f->desk.store, "Zoë", "Tremblay", "zoe@example.com",
                                   "+1 604 555 0101");
  f->claire = spa_test_add_named (f->desk.store, "therapist", "Claire Dubois", NULL);
  spa_record_set_string (f->claire, "credentials", "RMT");
  g_assert_true (spa_store_save (f->desk.store, f->claire, &error));
  service = spa_store_get (f->desk.store, "service", SWEDISH, &error);
  spa_record_set_int (service, "price_cents", 11000);
  g_assert_true (spa_store_save (f->desk.store, service, &error));
  g_assert_no_error (error);

  f->desk.context = spa_context_new (f->desk.store, f->desk.settings);
  now = spa_context_now (f->desk.context);
  /* Started a little while ago, but today: just after midnight, at midnight. */
  start = g_date_time_add_minutes (now, -50);
  if (g_date_time_get_day_of_year (start) != g_date_time_get_day_of_year (now))
    {
      g_date_time_unref (start);
      start = g_date_time_add_full (now, 0, 0, 0, -g_date_time_get_hour (now),
                                    -g_date_time_get_minute (now),
                                    -g_date_time_get_seconds (now));
    }
  end = g_date_time_add_minutes (start, 60);
  starts = spa_time_format_utc (start);
  ends = spa_time_format_utc (end);
  f->booking = spa_record_new ("booking");
  spa_record_set_string (f->booking, "client_id", spa_record_get_id (f->client));
  spa_record_set_string (f->booking, "therapist_id", spa_record_get_id (f->claire));
  spa_record_set_string (f->booking, "service_id", SWEDISH);
  spa_record_set_string (f->booking, "starts_at", starts);
  spa_record_set_string (f->booking, "ends_at", ends);
  spa_record_set_string (f->booking, "status", "checked_in");
  g_assert_true (spa_store_save (f->desk.store, f->booking, &error));
  g_assert_no_error (error);

  spa_test_desk_show (&f->desk, NULL, 1200, 800);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  spa_test_desk_tear_down (&f->desk);
  g_clear_object (&f->client);
  g_clear_object (&f->claire);
  g_clear_object (&f->booking);
}

static SpaCheckoutDialog *
find_checkout (void)
{
  return (SpaCheckoutDialog *)spa_test_find_toplevel (SPA_TYPE_CHECKOUT_DIALOG);
}

static gboolean
checkout_shown (gpointer data)
{
  return find_checkout () != NULL;
}

static gboolean
invoice_issued (gpointer data)
{
  Fixture *f = data;
  g_autoptr(SpaRecord) invoice = spa_store_money_booking_invoice (f->desk.store,
                                                                  spa_record_get_id (f->booking));

  return invoice != NULL;
}

static gboolean
charged (gpointer dialog)
{
  return spa_checkout_dialog_get_invoice (dialog) != NULL;
}

static gboolean
button_present (gpointer data)
{
  Fixture *f = data;
  GtkWidget *today = spa_window_get_today_page (f->desk.window);

  return spa_today_page_get_checkout_button (SPA_TODAY_PAGE (today),
                                             spa_record_get_id (f->booking)) != NULL;
}

/* A click on Check Out in the booking's row on Today; returns the till, drawn. */
static SpaCheckoutDialog *
check_out_from_today (Fixture *f)
{
  SpaTodayPage *today = SPA_TODAY_PAGE (spa_window_get_today_page (f->desk.window));
  SpaCheckoutDialog *dialog;

  spa_window_show_view (f->desk.window, "today");
  g_assert_true (spa_test_iterate_until (button_present, f, 5000));
  /* Drawn first: a change just saved rebuilds Today's rows, and their buttons. */
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->desk.window));
  spa_test_click (spa_today_page_get_checkout_button (today, spa_record_get_id (f->booking)),
                  -1, -1);
  g_assert_true (spa_test_iterate_until (checkout_shown, NULL, 5000));
  dialog = find_checkout ();
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  return dialog;
}

/* The receptionist's Check Out on Today's row, then Enter, Enter: the booked service at
 * its price, paid by card, issued. */
static void
test_checkout_booked_client (Fixture       *f,
                             gconstpointer  data)
{
  SpaCheckoutDialog *dialog;
  g_autoptr(SpaRecord) invoice = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) payments = NULL;
  const char *screenshots = g_getenv ("SPA_SCREENSHOT_DIR");

  dialog = check_out_from_today (f);

  /* The form as it opens: the booked service, the total, the balance to pay. */
  if (screenshots != NULL)
    {
      g_autofree char *path = g_build_filename (screenshots, "checkout.png", NULL);

      spa_widget_save_png (GTK_WIDGET (dialog), path, NULL);
    }

  /* The amount field has the focus with the balance: Enter pays, Enter charges. */
  spa_test_send_keys (GTK_WIDGET (dialog), "Return Return");
  g_assert_true (spa_test_iterate_until (invoice_issued, f, 10000));

  invoice = spa_store_money_booking_invoice (f->desk.store, spa_record_get_id (f->booking));
  g_assert_cmpstr (spa_record_get_string (invoice, "status"), ==, "issued");
  g_assert_cmpstr (spa_record_get_string (invoice, "client_id"), ==, spa_record_get_id (f->client));
  g_assert_cmpint (spa_record_get_int (invoice, "total_cents", 0), ==, 11000 + 550);
  lines = spa_store_money_lines (f->desk.store, spa_record_get_id (invoice), NULL);
  g_assert_cmpuint (lines->len, ==, 1);
  g_assert_cmpstr (spa_record_get_string (lines->pdata[0], "item_id"), ==, SWEDISH);
  g_assert_cmpstr (spa_record_get_string (lines->pdata[0], "therapist_id"), ==,
                   spa_record_get_id (f->claire));
  payments = spa_store_money_payments (f->desk.store, spa_record_get_id (invoice), NULL);
  g_assert_cmpuint (payments->len, ==, 1);
  g_assert_cmpstr (spa_record_get_string (payments->pdata[0], "method"), ==, "card");
  g_assert_cmpint (spa_record_get_int (payments->pdata[0], "amount_cents", 0), ==, 11550);
  g_assert_true (spa_store_money_booking_is_paid (f->desk.store, spa_record_get_id (f->booking)));
  g_assert_cmpint (spa_test_count_rows (f->desk.store,
                                        "SELECT count(*) FROM sync_outbox WHERE entity = 'payment'",
                                        NULL), ==, 1);
  g_assert_true (spa_checkout_dialog_get_invoice (dialog) != NULL);

  if (screenshots != NULL)
    {
      g_autofree char *path = g_build_filename (screenshots, "checkout-paid.png", NULL);

      spa_widget_save_png (GTK_WIDGET (dialog), path, NULL);
    }
}

/* The database: the visit's one sale, its payments now @total. */
static void
assert_one_sale_paid (Fixture   *f,
                      SpaRecord *invoice,
                      gint64     total)
{
  g_assert_cmpint (spa_test_count_rows (f->desk.store,
                                        "SELECT count(*) FROM invoice WHERE booking_id = ?",
                                        spa_record_get_id (f->booking)), ==, 1);
  g_assert_cmpint (spa_test_count_rows (f->desk.store,
                                        "SELECT sum(amount_cents) FROM payment"
                                        " WHERE invoice_id = ?",
                                        spa_record_get_id (invoice)), ==, total);
}

/* A visit whose sale was issued with $50 of its $115.50 paid (a payment lost to the
 * server's balance rule on another desk leaves it so): Check Out on Today's row, then
 * Enter, Enter, takes the $65.50 left on that invoice; no second sale. */
static void
test_checkout_part_paid (Fixture       *f,
                         gconstpointer  data)
{
  const char *booking_id = spa_record_get_id (f->booking);
  g_autoptr(SpaRecord) invoice = NULL;
  g_autoptr(GError) error = NULL;
  SpaCheckoutDialog *dialog;

  g_assert_cmpstr (spa_record_get_string (f->booking, "client_id"), ==,
                   spa_record_get_id (f->client));
  invoice = spa_test_issue_part_paid (f->desk.store, f->booking, SWEDISH, 11000, 5000,
                                      spa_record_get_string (f->booking, "ends_at"));
  g_assert_false (spa_store_money_booking_is_paid (f->desk.store, booking_id));

  dialog = check_out_from_today (f);
  spa_test_save_screenshot (GTK_WIDGET (dialog), "checkout-part-paid.png");
  spa_test_send_keys (GTK_WIDGET (dialog), "Return Return");
  g_assert_true (spa_test_iterate_until (charged, dialog, 10000));

  assert_one_sale_paid (f, invoice, 11550);
  g_assert_true (spa_store_money_booking_is_paid (f->desk.store, booking_id));
  g_assert_cmpstr (spa_record_get_id (spa_checkout_dialog_get_invoice (dialog)), ==,
                   spa_record_get_id (invoice));
}

/* A split payment typed at the till: $50 first, then the rest, then Ctrl+Enter. */
static void
test_split_payment (Fixture       *f,
                    gconstpointer  data)
{
  SpaCheckoutDialog *dialog;
  g_autoptr(SpaRecord) invoice = NULL;
  g_autoptr(GPtrArray) payments = NULL;

  dialog = check_out_from_today (f);

  /* The amount field holds the balance: replace it with 50 and Enter. */
  spa_test_send_keys (GTK_WIDGET (dialog), "ctrl+a 5 0 Return");
  g_assert_cmpint (spa_checkout_draft_get_balance (spa_checkout_dialog_get_draft (dialog)), ==,
                   11550 - 5000);
  /* The field offers the rest: Enter takes it, Ctrl+Enter charges. */
  spa_test_send_keys (GTK_WIDGET (dialog), "Return");
  g_assert_cmpint (spa_checkout_draft_get_balance (spa_checkout_dialog_get_draft (dialog)), ==, 0);
  spa_test_send_keys (GTK_WIDGET (dialog), "ctrl+Return");
  g_assert_true (spa_test_iterate_until (invoice_issued, f, 10000));

  invoice = spa_store_money_booking_invoice (f->desk.store, spa_record_get_id (f->booking));
  payments = spa_store_money_payments (f->desk.store, spa_record_get_id (invoice), NULL);
  g_assert_cmpuint (payments->len, ==, 2);
  g_assert_cmpint (spa_record_get_int (payments->pdata[0], "amount_cents", 0), ==, 5000);
  g_assert_cmpint (spa_record_get_int (payments->pdata[1], "amount_cents", 0), ==, 6550);
  g_assert_cmpint (spa_store_money_paid (f->desk.store, spa_record_get_id (invoice)), ==,
                   spa_record_get_int (invoice, "total_cents", 0));
}

/* The first shown widget of @type under @root, whose tooltip reads @tooltip if given (an
 * icon button). */
static GtkWidget *
mapped_of_type (GtkWidget  *root,
                GType       type,
                const char *tooltip)
{
  if (!gtk_widget_get_mapped (root))
    return NULL;
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) &&
      (tooltip == NULL || g_strcmp0 (gtk_widget_get_tooltip_text (root), tooltip) == 0))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = mapped_of_type (child, type, tooltip);

      if (found)
        return found;
    }
  return NULL;
}

typedef struct
{
  GtkWidget  *root;
  GType       type;
  const char *text;
  GtkWidget  *found;
} Lookup;

static gboolean
lookup_found (gpointer data)
{
  Lookup *lookup = data;

  if (lookup->text == NULL)
    lookup->found = mapped_of_type (lookup->root, lookup->type, NULL);
  else if (g_str_has_prefix (lookup->text, "tooltip:"))
    lookup->found = mapped_of_type (lookup->root, lookup->type,
                                    lookup->text + strlen ("tooltip:"));
  else
    lookup->found = spa_test_find_labelled (lookup->root, lookup->type, lookup->text);
  return lookup->found != NULL;
}

/* The shown widget of @type under @root reading @text ("tooltip:…" for an icon button,
 * %NULL for the first of its type), waited for (a row shown or retitled by the last input
 * appears once laid out). */
static GtkWidget *
shown (GtkWidget  *root,
       GType       type,
       const char *text)
{
  Lookup lookup = { root, type, text, NULL };

  if (!spa_test_iterate_until (lookup_found, &lookup, 5000))
    g_error ("Nothing reads \"%s\" in the till", text ? text : g_type_name (type));
  return lookup.found;
}

/* A bottle of oil on the shelf at $24. */
static SpaRecord *
add_oil (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  SpaRecord *oil = spa_record_new ("product");

  spa_record_set_string (oil, "name", "Arnica massage oil");
  spa_record_set_int (oil, "price_cents", 2400);
  spa_record_set_boolean (oil, "active", TRUE);
  g_assert_true (spa_store_save (f->desk.store, oil, &error));
  g_assert_no_error (error);
  return oil;
}

/* A sale rung up with the mouse: a bottle of oil picked from the list and added, a tip
 * typed, Cash chosen, the cash handed over typed and added, Charge; the invoice holds
 * the visit, the oil and the tip, the cash pays it and the change is shown. */
static void
test_till_by_mouse (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) oil = add_oil (f);
  g_autoptr(SpaRecord) invoice = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) payments = NULL;
  g_autofree char *price = NULL;
  g_autofree char *item = NULL;
  g_autofree char *change = NULL;
  g_autofree char *expected = NULL;
  SpaCheckoutDialog *dialog;
  GtkWidget *root;
  gint64 total;


  dialog = check_out_from_today (f);
  root = GTK_WIDGET (dialog);
  price = spa_format_money (2400, NULL);
  item = g_strdup_printf ("%s — %s", "Arnica massage oil", price);
  spa_test_choose (shown (root, ADW_TYPE_COMBO_ROW, "Add"), item);
  spa_test_click (shown (root, GTK_TYPE_BUTTON, "tooltip:Add to the sale"), -1, -1);
  spa_test_click (shown (root, ADW_TYPE_ENTRY_ROW, "Tip"), -1, -1);
  spa_test_type (root, "10");
  spa_test_choose (shown (root, ADW_TYPE_COMBO_ROW, "Method"), "Cash");
  spa_test_click (shown (root, ADW_TYPE_ENTRY_ROW, "Cash handed over"), -1, -1);
  spa_test_send_keys (root, "ctrl+a");
  spa_test_type (root, "200");
  spa_test_click (shown (root, GTK_TYPE_BUTTON, "Add Payment"), -1, -1);
  spa_test_click (shown (root, GTK_TYPE_BUTTON, "Charge"), -1, -1);
  g_assert_true (spa_test_iterate_until (invoice_issued, f, 10000));

  invoice = spa_store_money_booking_invoice (f->desk.store, spa_record_get_id (f->booking));
  g_assert_cmpint (spa_record_get_int (invoice, "tip_cents", 0), ==, 1000);
  total = spa_record_get_int (invoice, "total_cents", 0);
  /* The visit with its GST, the oil with GST and PST (a product's 5 % + 7 %), the tip. */
  g_assert_cmpint (total, ==, 11000 + 550 + 2400 + 120 + 168 + 1000);
  lines = spa_store_money_lines (f->desk.store, spa_record_get_id (invoice), NULL);
  g_assert_cmpuint (lines->len, ==, 2);
  g_assert_cmpstr (spa_record_get_string (lines->pdata[1], "item_id"), ==,
                   spa_record_get_id (oil));
  payments = spa_store_money_payments (f->desk.store, spa_record_get_id (invoice), NULL);
  g_assert_cmpuint (payments->len, ==, 1);
  g_assert_cmpstr (spa_record_get_string (payments->pdata[0], "method"), ==, "cash");
  g_assert_cmpint (spa_store_money_paid (f->desk.store, spa_record_get_id (invoice)), ==, total);
  change = spa_format_money (20000 - total, NULL);
  expected = g_strdup_printf ("Give back %s in change", change);
  g_assert_nonnull (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (
                      spa_test_find_widget (root, ADW_TYPE_STATUS_PAGE))), expected));
}

/* A running package of five Swedish massages at $500. */
static SpaRecord *
add_package (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  SpaRecord *package = spa_record_new ("package");
  const char *services[] = { SWEDISH, NULL };

  spa_record_set_string (package, "name", "5 × Swedish massage");
  spa_record_set_strv (package, "service_ids", services);
  spa_record_set_int (package, "sessions", 5);
  spa_record_set_int (package, "price_cents", 50000);
  spa_record_set_int (package, "valid_days", 365);
  spa_record_set_boolean (package, "active", TRUE);
  g_assert_true (spa_store_save (f->desk.store, package, &error));
  g_assert_no_error (error);
  return package;
}

static void
choose_and_add (GtkWidget  *root,
                const char *name,
                gint64      price_cents)
{
  g_autofree char *price = spa_format_money (price_cents, NULL);
  g_autofree char *item = g_strdup_printf ("%s — %s", name, price);

  spa_test_choose (shown (root, ADW_TYPE_COMBO_ROW, "Add"), item);
  spa_test_click (shown (root, GTK_TYPE_BUTTON, "tooltip:Add to the sale"), -1, -1);
}

/* The balance paid by card: the Amount field holds it, Add Payment takes it; then Charge. */
static void
pay_rest_by_card_and_charge (Fixture   *f,
                             GtkWidget *root)
{
  spa_test_choose (shown (root, ADW_TYPE_COMBO_ROW, "Method"), "Card");
  spa_test_click (shown (root, GTK_TYPE_BUTTON, "Add Payment"), -1, -1);
  spa_test_click (shown (root, GTK_TYPE_BUTTON, "Charge"), -1, -1);
  g_assert_true (spa_test_iterate_until (invoice_issued, f, 10000));
}

/* A package and a $100 gift card sold at the visit's checkout, by the mouse and the keys:
 * the package picked from Add, the gift card's amount typed and applied with Enter, the
 * rest paid by card. The client now holds five sessions and a card worth $100. */
static void
test_sell_package_and_gift_card (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(SpaRecord) package = add_package (f);
  g_autoptr(SpaRecord) invoice = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) held = NULL;
  g_autoptr(GPtrArray) cards = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *root;

  root = GTK_WIDGET (check_out_from_today (f));
  choose_and_add (root, "5 × Swedish massage", 50000);
  spa_test_click (shown (root, ADW_TYPE_ENTRY_ROW, "Sell a gift card (amount)"), -1, -1);
  spa_test_type (root, "100");
  spa_test_send_keys (root, "Return");
  shown (root, ADW_TYPE_ACTION_ROW, "Gift card");
  pay_rest_by_card_and_charge (f, root);

  invoice = spa_store_money_booking_invoice (f->desk.store, spa_record_get_id (f->booking));
  lines = spa_store_money_lines (f->desk.store, spa_record_get_id (invoice), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lines->len, ==, 3);
  g_assert_cmpstr (spa_record_get_string (lines->pdata[1], "kind"), ==, "package");
  g_assert_cmpstr (spa_record_get_string (lines->pdata[2], "kind"), ==, "gift_card");
  /* The visit and the package with GST; a gift card is money, not taxed. */
  g_assert_cmpint (spa_record_get_int (invoice, "total_cents", 0), ==,
                   11000 + 550 + 50000 + 2500 + 10000);
  g_assert_cmpint (spa_store_money_paid (f->desk.store, spa_record_get_id (invoice)), ==,
                   spa_record_get_int (invoice, "total_cents", 0));

  held = spa_store_money_client_packages (f->desk.store, spa_record_get_id (f->client), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (held->len, ==, 1);
  g_assert_cmpstr (spa_record_get_string (held->pdata[0], "package_id"), ==,
                   spa_record_get_id (package));
  g_assert_cmpint (spa_store_money_sessions_left (f->desk.store,
                                                  spa_record_get_id (held->pdata[0])), ==, 5);
  cards = spa_store_money_client_gift_cards (f->desk.store, spa_record_get_id (f->client),
                                             &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cards->len, ==, 1);
  g_assert_cmpint (spa_record_get_int (cards->pdata[0], "initial_cents", 0), ==, 10000);
  g_assert_cmpint (spa_store_money_gift_card_balance (f->desk.store,
                                                      spa_record_get_id (cards->pdata[0])), ==,
                   10000);
  g_assert_cmpstr (spa_record_get_string (cards->pdata[0], "invoice_id"), ==,
                   spa_record_get_id (invoice));
}

/* A sale to the fixture's client, paid by card for what the package and the gift card
 * payments leave. */
static SpaRecord *
sell (Fixture          *f,
      SpaCheckoutDraft *draft,
      const char       *gift_card_code,
      gint64            gift_card_cents)
{
  g_autoptr(GError) error = NULL;
  SpaRecord *invoice;

  if (gift_card_code != NULL)
    g_assert_true (spa_checkout_draft_add_gift_card_payment (draft, gift_card_code,
                                                             gift_card_cents, &error));
  if (spa_checkout_draft_get_balance (draft) > 0)
    g_assert_true (spa_checkout_draft_add_payment (draft, "card",
                                                   spa_checkout_draft_get_balance (draft), &error));
  invoice = spa_checkout_draft_save (draft, "Maria", &error);
  g_assert_no_error (error);
  return invoice;
}

static GtkWidget *
row_with_title (GtkWidget  *list,
                const char *prefix)
{
  for (GtkWidget *row = gtk_widget_get_first_child (list); row;
       row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_PREFERENCES_ROW (row) &&
        g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), prefix))
      return row;
  return NULL;
}

static const char *
row_subtitle (GtkWidget  *money,
              const char *list,
              const char *prefix)
{
  GtkWidget *row = row_with_title (GTK_WIDGET (gtk_widget_get_template_child (money,
                                                                              SPA_TYPE_CLIENT_MONEY,
                                                                              list)),
                                   prefix);

  g_assert_nonnull (row);
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static gboolean
refund_issued (gpointer data)
{
  g_autoptr(GPtrArray) refunds = spa_store_money_refunds (((gpointer *)data)[0],
                                                          ((gpointer *)data)[1], NULL);

  return refunds != NULL && refunds->len == 1;
}

static gboolean
is_message_dialog_shown (gpointer data)
{
  GtkWindow *dialog = spa_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);

  if (dialog == NULL || !gtk_widget_get_mapped (GTK_WIDGET (dialog)))
    return FALSE;
  *(GtkWidget **)data = GTK_WIDGET (dialog);
  return TRUE;
}

/* The client's page, Purchases on Overview: the package with its sessions left, the gift card with
 * its balance; a manager's Refund on an invoice, confirmed with Enter, issues the credit
 * note, which gives the session and the gift card's amount back. */
static void
test_client_purchases (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) package = add_package (f);
  g_autoptr(SpaCheckoutDraft) first = NULL;
  g_autoptr(SpaCheckoutDraft) second = NULL;
  g_autoptr(SpaRecord) bought = NULL;
  g_autoptr(SpaRecord) visit = NULL;
  g_autofree char *code = spa_money_gift_card_code_new ();
  g_autofree char *held = NULL;
  g_autofree char *left = NULL;
  g_autofree char *of = NULL;
  g_autofree char *expected = NULL;
  SpaClientPage *page;
  GtkWidget *money;
  GtkWidget *button;
  GtkWidget *dialog = NULL;
  gpointer ids[2];

  /* The package and a $100 gift card bought, then a visit on the package with a second
   * massage paid $40 from the card. */
  first = spa_checkout_draft_new (f->desk.store);
  spa_checkout_draft_set_client_id (first, spa_record_get_id (f->client));
  g_assert_true (spa_checkout_draft_add_package (first, spa_record_get_id (package), &error));
  g_assert_true (spa_checkout_draft_add_gift_card (first, 10000, code, &error));
  bought = sell (f, first, NULL, 0);
  second = spa_checkout_draft_new (f->desk.store);
  spa_checkout_draft_set_client_id (second, spa_record_get_id (f->client));
  g_assert_true (spa_checkout_draft_add_service (second, SWEDISH, spa_record_get_id (f->claire),
                                                 &error));
  held = spa_checkout_draft_find_package (second, 0);
  g_assert_nonnull (held);
  g_assert_true (spa_checkout_draft_redeem_package (second, 0, held, &error));
  g_assert_true (spa_checkout_draft_add_service (second, SWEDISH, spa_record_get_id (f->claire),
                                                 &error));
  visit = sell (f, second, code, 4000);

  g_assert_true (spa_window_show_client (f->desk.window, spa_record_get_id (f->client),
                                         "overview"));
  page = SPA_CLIENT_PAGE (spa_clients_page_get_client_page (SPA_CLIENTS_PAGE (
    spa_window_get_clients_page (f->desk.window))));
  money = spa_client_page_get_section (page, "purchases");
  g_assert_true (spa_test_iterate_until (is_mapped, money, 5000));
  gtk_test_widget_wait_for_draw (money);

  g_assert_true (g_str_has_prefix (row_subtitle (money, "prepaid_list", "5 × Swedish"),
                                  "4 of 5 sessions left · expires on "));
  left = spa_format_money (6000, NULL);
  of = spa_format_money (10000, NULL);
  expected = g_strdup_printf ("%s left of %s", left, of);
  g_assert_nonnull (strstr (row_subtitle (money, "prepaid_list", "Gift card"), expected));
  g_assert_nonnull (row_subtitle (money, "invoices_list", "Invoice"));

  /* The first sale (a gift card) is refundable too; the visit is refunded here. */
  g_assert_nonnull (spa_client_money_get_refund_button (SPA_CLIENT_MONEY (money),
                                                        spa_record_get_id (bought)));
  button = spa_client_money_get_refund_button (SPA_CLIENT_MONEY (money),
                                               spa_record_get_id (visit));
  g_assert_nonnull (button);
  gtk_widget_grab_focus (button);
  spa_test_send_keys (button, "Return");
  g_assert_true (spa_test_iterate_until (is_message_dialog_shown, &dialog, 5000));
  spa_test_send_keys (dialog, "Return");
  ids[0] = f->desk.store;
  ids[1] = (gpointer)spa_record_get_id (visit);
  g_assert_true (spa_test_iterate_until (refund_issued, ids, 5000));

  /* The credit note is listed, the visit has nothing left to refund, and the session and
   * the $40 are back. */
  g_assert_nonnull (row_subtitle (money, "invoices_list", "Credit note"));
  g_assert_null (spa_client_money_get_refund_button (SPA_CLIENT_MONEY (money),
                                                     spa_record_get_id (visit)));
  g_assert_true (g_str_has_prefix (row_subtitle (money, "prepaid_list", "5 × Swedish"),
                                  "5 of 5 sessions left"));
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("%s left of %s", of, of);
  g_assert_nonnull (strstr (row_subtitle (money, "prepaid_list", "Gift card"), expected));
  if (g_getenv ("SPA_SCREENSHOT_DIR") != NULL)
    {
      g_autofree char *path = g_build_filename (g_getenv ("SPA_SCREENSHOT_DIR"),
                                                "client-purchases.png", NULL);

      spa_window_save_png (f->desk.window, path, NULL);
    }
}

/* A manager refunds one line of two: the Refund button clicked, the second line unticked
 * and Alt+R pressed, all through the X server; the credit note has the first line only,
 * and the second is still there to refund. */
static void
test_refund_lines (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaCheckoutDraft) draft = spa_checkout_draft_new (f->desk.store);
  g_autoptr(SpaRecord) sale = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) refunds = NULL;
  g_autoptr(GPtrArray) refunded = NULL;
  g_autoptr(GPtrArray) left = NULL;
  SpaClientPage *page;
  GtkWidget *money;
  GtkWidget *button;
  GtkWidget *dialog = NULL;
  GtkWidget *list;
  GtkWidget *second;
  GtkWidget *check;
  gpointer ids[2];

  spa_checkout_draft_set_client_id (draft, spa_record_get_id (f->client));
  g_assert_true (spa_checkout_draft_add_service (draft, SWEDISH, spa_record_get_id (f->claire),
                                                 &error));
  g_assert_true (spa_checkout_draft_add_service (draft, SWEDISH, spa_record_get_id (f->claire),
                                                 &error));
  sale = sell (f, draft, NULL, 0);
  lines = spa_store_money_refundable_lines (f->desk.store, spa_record_get_id (sale), &error);
  g_assert_cmpuint (lines->len, ==, 2);

  g_assert_true (spa_window_show_client (f->desk.window, spa_record_get_id (f->client),
                                         "overview"));
  page = SPA_CLIENT_PAGE (spa_clients_page_get_client_page (SPA_CLIENTS_PAGE (
    spa_window_get_clients_page (f->desk.window))));
  money = spa_client_page_get_section (page, "purchases");
  g_assert_true (spa_test_iterate_until (is_mapped, money, 5000));
  button = spa_client_money_get_refund_button (SPA_CLIENT_MONEY (money),
                                               spa_record_get_id (sale));
  g_assert_nonnull (button);
  g_assert_true (spa_test_iterate_until (is_mapped, button, 5000));
  gtk_test_widget_wait_for_draw (button);
  spa_test_click (button, gtk_widget_get_width (button) / 2.0,
                  gtk_widget_get_height (button) / 2.0);
  g_assert_true (spa_test_iterate_until (is_message_dialog_shown, &dialog, 5000));

  list = adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog));
  g_assert_nonnull (list);
  second = gtk_widget_get_next_sibling (gtk_widget_get_first_child (list));
  g_assert_nonnull (second);
  check = g_object_get_data (G_OBJECT (second), "check");
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  g_assert_true (spa_test_iterate_until (is_mapped, check, 5000));
  gtk_test_widget_wait_for_draw (check);
  spa_test_click (check, gtk_widget_get_width (check) / 2.0, gtk_widget_get_height (check) / 2.0);
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  spa_test_send_keys (dialog, "alt+r");

  ids[0] = f->desk.store;
  ids[1] = (gpointer)spa_record_get_id (sale);
  g_assert_true (spa_test_iterate_until (refund_issued, ids, 5000));
  refunds = spa_store_money_refunds (f->desk.store, spa_record_get_id (sale), &error);
  refunded = spa_store_money_lines (f->desk.store, spa_record_get_id (refunds->pdata[0]), &error);
  g_assert_cmpuint (refunded->len, ==, 1);
  g_assert_cmpstr (spa_record_get_string (refunded->pdata[0], "refund_of_line"), ==,
                   spa_record_get_id (lines->pdata[0]));
  left = spa_store_money_refundable_lines (f->desk.store, spa_record_get_id (sale), &error);
  g_assert_cmpuint (left->len, ==, 1);
  g_assert_cmpstr (spa_record_get_id (left->pdata[0]), ==, spa_record_get_id (lines->pdata[1]));
}

static const SpaRecord *
payment_by (GPtrArray  *payments,
            const char *method)
{
  for (guint i = 0; i < payments->len; i++)
    if (g_strcmp0 (spa_record_get_string (payments->pdata[i], "method"), method) == 0)
      return payments->pdata[i];
  g_error ("No %s payment", method);
}

/* A later visit redeemed by input: the package's switch on the booked massage clicked, a
 * bottle of oil added, $20 of it paid from the gift card by its typed code, the rest by
 * card. One session and $20 are gone from the client's package and card. */
static void
test_redeem_package_and_gift_card (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(SpaRecord) package = add_package (f);
  g_autoptr(SpaRecord) oil = add_oil (f);
  g_autoptr(SpaCheckoutDraft) first = spa_checkout_draft_new (f->desk.store);
  g_autoptr(SpaRecord) bought = NULL;
  g_autoptr(SpaRecord) invoice = NULL;
  g_autoptr(SpaRecord) card = NULL;
  g_autoptr(GPtrArray) held = NULL;
  g_autoptr(GPtrArray) payments = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = spa_money_gift_card_code_new ();
  const SpaRecord *payment;
  GtkWidget *root;
  GtkWidget *toggle;

  /* Bought on an earlier visit. */
  spa_checkout_draft_set_client_id (first, spa_record_get_id (f->client));
  g_assert_true (spa_checkout_draft_add_package (first, spa_record_get_id (package), &error));
  g_assert_true (spa_checkout_draft_add_gift_card (first, 10000, code, &error));
  bought = sell (f, first, NULL, 0);
  held = spa_store_money_client_packages (f->desk.store, spa_record_get_id (f->client), &error);
  g_assert_cmpuint (held->len, ==, 1);
  card = spa_store_money_find_gift_card (f->desk.store, code);
  g_assert_nonnull (card);

  root = GTK_WIDGET (check_out_from_today (f));
  toggle = shown (root, GTK_TYPE_SWITCH, NULL);
  spa_test_click (toggle, -1, -1);
  /* The switch turns at the end of its animation; the session is then shown as paid. */
  shown (root, ADW_TYPE_ACTION_ROW, "Package");
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (shown (root, GTK_TYPE_SWITCH, NULL))));
  choose_and_add (root, "Arnica massage oil", 2400);
  spa_test_choose (shown (root, ADW_TYPE_COMBO_ROW, "Method"), "Gift card");
  spa_test_click (shown (root, ADW_TYPE_ENTRY_ROW, "Gift card code"), -1, -1);
  spa_test_type (root, code);
  spa_test_click (shown (root, ADW_TYPE_ENTRY_ROW, "Amount"), -1, -1);
  spa_test_send_keys (root, "ctrl+a");
  spa_test_type (root, "20");
  spa_test_click (shown (root, GTK_TYPE_BUTTON, "Add Payment"), -1, -1);
  pay_rest_by_card_and_charge (f, root);

  invoice = spa_store_money_booking_invoice (f->desk.store, spa_record_get_id (f->booking));
  /* The massage is the package's (no tax), the oil with GST and PST. */
  g_assert_cmpint (spa_record_get_int (invoice, "total_cents", 0), ==, 11000 + 2400 + 120 + 168);
  payments = spa_store_money_payments (f->desk.store, spa_record_get_id (invoice), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (payments->len, ==, 3);
  payment = payment_by (payments, "package");
  g_assert_cmpstr (spa_record_get_string ((SpaRecord *)payment, "client_package_id"), ==,
                   spa_record_get_id (held->pdata[0]));
  g_assert_cmpint (spa_record_get_int ((SpaRecord *)payment, "amount_cents", 0), ==, 11000);
  payment = payment_by (payments, "gift_card");
  g_assert_cmpstr (spa_record_get_string ((SpaRecord *)payment, "gift_card_id"), ==,
                   spa_record_get_id (card));
  g_assert_cmpint (spa_record_get_int ((SpaRecord *)payment, "amount_cents", 0), ==, 2000);
  payment = payment_by (payments, "card");
  g_assert_cmpint (spa_record_get_int ((SpaRecord *)payment, "amount_cents", 0), ==, 688);
  g_assert_cmpint (spa_store_money_sessions_left (f->desk.store,
                                                  spa_record_get_id (held->pdata[0])), ==, 4);
  g_assert_cmpint (spa_store_money_gift_card_balance (f->desk.store, spa_record_get_id (card)),
                   ==, 8000);
}

static SpaRecord *
add_promotion (Fixture    *f,
               const char *name,
               const char *code,
               const char *kind,
               gint64      value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = spa_context_now (f->desk.context);
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 30);
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *ends = g_date_time_format (later, "%Y-%m-%d");
  const char *services[] = { SWEDISH, NULL };
  SpaRecord *promotion = spa_record_new ("promotion");

  spa_record_set_string (promotion, "name", name);
  spa_record_set_string (promotion, "code", code);
  spa_record_set_string (promotion, "kind", kind);
  spa_record_set_int (promotion, "value", value);
  spa_record_set_strv (promotion, "service_ids", services);
  spa_record_set_string (promotion, "starts_on", today);
  spa_record_set_string (promotion, "ends_on", ends);
  spa_record_set_int (promotion, "per_client_limit", 1);
  spa_record_set_boolean (promotion, "active", TRUE);
  g_assert_true (spa_store_save (f->desk.store, promotion, &error));
  g_assert_no_error (error);
  return promotion;
}

/* The invoice's discount line names @promotion and holds what it took off. */
static void
assert_discount_line (Fixture   *f,
                      SpaRecord *invoice,
                      SpaRecord *promotion,
                      gint64     cents)
{
  g_autoptr(GPtrArray) lines = spa_store_money_lines (f->desk.store, spa_record_get_id (invoice),
                                                      NULL);
  guint found = 0;

  for (guint i = 0; i < lines->len; i++)
    if (g_strcmp0 (spa_record_get_string (lines->pdata[i], "kind"), "discount") == 0)
      {
        g_assert_cmpstr (spa_record_get_string (lines->pdata[i], "item_id"), ==,
                         spa_record_get_id (promotion));
        g_assert_cmpint (spa_record_get_int (lines->pdata[i], "discount_cents", 0), ==, cents);
        found++;
      }
  g_assert_cmpuint (found, ==, 1);
  g_assert_cmpint (spa_record_get_int (invoice, "discount_cents", 0), ==, cents);
  g_assert_cmpint (spa_store_money_promotion_uses (f->desk.store, spa_record_get_id (promotion),
                                                   spa_record_get_id (f->client)), ==, 1);
}

/* The till offers the running promotion for the booked massage; Apply is clicked. 15 % of
 * $110 is $16.50, and the GST on the $93.50 left is a tie, 467.5 ¢, rounded up. */
static void
test_promotion_offered (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(SpaRecord) promotion = add_promotion (f, "Winter Warm-Up", NULL, "percent", 1500);
  g_autoptr(SpaRecord) invoice = NULL;
  GtkWidget *root;

  root = GTK_WIDGET (check_out_from_today (f));
  shown (root, ADW_TYPE_ACTION_ROW, "Winter Warm-Up applies to this visit");
  spa_test_click (shown (root, GTK_TYPE_BUTTON, "Apply"), -1, -1);
  shown (root, ADW_TYPE_ACTION_ROW, "Winter Warm-Up");
  pay_rest_by_card_and_charge (f, root);

  invoice = spa_store_money_booking_invoice (f->desk.store, spa_record_get_id (f->booking));
  assert_discount_line (f, invoice, promotion, 1650);
  g_assert_cmpint (spa_record_get_int (invoice, "tax_cents", 0), ==, 468);
  g_assert_cmpint (spa_record_get_int (invoice, "total_cents", 0), ==, 9350 + 468);
}

/* A promotion's code typed into the discount field: a wrong one is refused next to the
 * field and nothing is taken off; the right one takes its $20 off. */
static void
test_promotion_code (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(SpaRecord) promotion = add_promotion (f, "Spring Relief", "SPRING20", "amount", 2000);
  g_autoptr(SpaRecord) invoice = NULL;
  GtkWidget *root;
  GtkWidget *error_label;

  root = GTK_WIDGET (check_out_from_today (f));
  g_assert_null (spa_test_find_labelled (root, ADW_TYPE_ACTION_ROW,
                                         "Spring Relief applies to this visit"));
  spa_test_click (shown (root, ADW_TYPE_ENTRY_ROW,
                         "Discount: amount, percentage or promotion code"), -1, -1);
  spa_test_type (root, "SPRNG20");
  spa_test_send_keys (root, "Return");
  error_label = GTK_WIDGET (gtk_widget_get_template_child (root, SPA_TYPE_CHECKOUT_DIALOG,
                                                           "adjust_error_label"));
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_true (gtk_widget_has_css_class (shown (root, ADW_TYPE_ENTRY_ROW,
                                                  "Discount: amount, percentage or promotion "
                                                  "code"),
                                           "error"));
  g_assert_cmpint (spa_checkout_draft_get_discount (spa_checkout_dialog_get_draft (
                     SPA_CHECKOUT_DIALOG (root))), ==, 0);
  spa_test_send_keys (root, "ctrl+a");
  spa_test_type (root, "SPRING20");
  spa_test_send_keys (root, "Return");
  shown (root, ADW_TYPE_ACTION_ROW, "Spring Relief");
  g_assert_false (gtk_widget_get_visible (error_label));
  pay_rest_by_card_and_charge (f, root);

  invoice = spa_store_money_booking_invoice (f->desk.store, spa_record_get_id (f->booking));
  assert_discount_line (f, invoice, promotion, 2000);
  g_assert_cmpint (spa_record_get_int (invoice, "total_cents", 0), ==, 9000 + 450);
}

static GtkWidget *
find_booking_dialog (void)
{
  GtkWindow *dialog = spa_test_find_toplevel (SPA_TYPE_BOOKING_DIALOG);

  return dialog != NULL && gtk_widget_get_mapped (GTK_WIDGET (dialog)) ? GTK_WIDGET (dialog) : NULL;
}

static gboolean
booking_dialog_shown (gpointer data)
{
  return find_booking_dialog () != NULL;
}

/* The booking editor shows a running promotion for the booked service under it; another
 * service, which the promotion does not cover, hides it. */
static void
test_booking_promotion (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) promotion = spa_record_new ("promotion");
  g_autoptr(GDateTime) now = spa_context_now (f->desk.context);
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 30);
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *ends = g_date_time_format (later, "%Y-%m-%d");
  const char *services[] = { SWEDISH, NULL };
  GtkWidget *dialog;
  GtkWidget *row;
  GtkWidget *service_row;

  spa_record_set_string (promotion, "name", "Winter Warm-Up");
  spa_record_set_string (promotion, "kind", "percent");
  spa_record_set_int (promotion, "value", 1500);
  spa_record_set_strv (promotion, "service_ids", services);
  spa_record_set_string (promotion, "starts_on", today);
  spa_record_set_string (promotion, "ends_on", ends);
  spa_record_set_boolean (promotion, "active", TRUE);
  g_assert_true (spa_store_save (f->desk.store, promotion, &error));
  g_assert_no_error (error);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->desk.window), "win.booking-edit", "s",
                                             spa_record_get_id (f->booking)));
  g_assert_true (spa_test_iterate_until (booking_dialog_shown, NULL, 5000));
  dialog = find_booking_dialog ();
  gtk_test_widget_wait_for_draw (dialog);
  row = GTK_WIDGET (gtk_widget_get_template_child (dialog, SPA_TYPE_BOOKING_DIALOG,
                                                   "promotion_row"));
  g_assert_true (gtk_widget_get_visible (row));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "Winter Warm-Up");
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                                   "15% off at checkout, until "));

  /* The next service in the list, chosen from the keyboard. */
  service_row = GTK_WIDGET (gtk_widget_get_template_child (dialog, SPA_TYPE_BOOKING_DIALOG,
                                                           "service_row"));
  gtk_widget_grab_focus (service_row);
  spa_test_send_keys (dialog, "Return");
  spa_test_send_keys (dialog, "Down Return");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (service_row)), !=, 0);
  g_assert_false (gtk_widget_get_visible (row));
}

static GtkWidget *
booking_dialog_child (GtkWidget  *dialog,
                      const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (dialog, SPA_TYPE_BOOKING_DIALOG, name));
}

/* The booking's card on the calendar, when it reads "Paid" on the screen. */
static GtkWidget *
card_paid_label (Fixture *f)
{
  SpaCalendarPage *page = SPA_CALENDAR_PAGE (spa_window_get_calendar_page (f->desk.window));
  GtkWidget *card = spa_day_calendar_get_card (spa_calendar_page_get_calendar (page),
                                               spa_record_get_id (f->booking));

  return card != NULL ? spa_test_find_labelled (card, GTK_TYPE_LABEL, "Paid") : NULL;
}

static GtkWidget *
find_with_class (GtkWidget  *root,
                 const char *css_class)
{
  if (gtk_widget_has_css_class (root, css_class))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_with_class (child, css_class);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
card_reads_paid (gpointer data)
{
  return card_paid_label (data) != NULL;
}

static gboolean
editor_reads_paid (gpointer data)
{
  GtkWidget *row = booking_dialog_child (data, "paid_row");

  return g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "Paid") == 0;
}

static gboolean
menu_item_shown (gpointer popover)
{
  return spa_test_find_labelled (popover, g_type_from_name ("GtkModelButton"),
                                 "Edit or Reschedule…") != NULL;
}

/* A checked-in visit says whether it is paid: its card on the calendar and its editor,
 * opened from the card's menu with clicks, say nothing and "Not paid"; Check Out on the
 * editor's row, then Enter, Enter at the till; the editor then reads "Paid" with the
 * invoice's number, and the card "Paid" beside its times. */
/* The booking's card on the day calendar clicked, then its menu's Edit or Reschedule…:
 * the booking editor, drawn. */
static GtkWidget *
open_editor_from_card (Fixture *f)
{
  SpaCalendarPage *page = SPA_CALENDAR_PAGE (spa_window_get_calendar_page (f->desk.window));
  GtkWidget *card;
  GtkWidget *popover;
  GtkWidget *dialog;

  spa_test_show_view (GTK_WIDGET (f->desk.window), "Calendar");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->desk.window));
  card = spa_day_calendar_get_card (spa_calendar_page_get_calendar (page),
                                    spa_record_get_id (f->booking));
  g_assert_nonnull (card);
  spa_test_click (card, -1, -1);
  popover = spa_test_find_widget (card, GTK_TYPE_POPOVER_MENU);
  g_assert_nonnull (popover);
  g_assert_true (spa_test_iterate_until (menu_item_shown, popover, 5000));
  spa_test_click (spa_test_find_labelled (popover, g_type_from_name ("GtkModelButton"),
                                          "Edit or Reschedule…"), -1, -1);
  g_assert_true (spa_test_iterate_until (booking_dialog_shown, NULL, 5000));
  dialog = find_booking_dialog ();
  gtk_test_widget_wait_for_draw (dialog);
  return dialog;
}

/* A visit part paid ($50 of $115.50): the editor reads Not paid with what is due on
 * which invoice; its Check Out opens the till on that invoice's balance (its GST as
 * issued, no items to add), Enter, Enter takes the rest, and the editor reads Paid. */
static void
test_booking_part_paid (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(SpaRecord) invoice = NULL;
  g_autofree char *due = NULL;
  g_autofree char *balance_of = NULL;
  g_autofree char *percent = spa_money_format_percent (500);
  g_autofree char *gst = g_strdup_printf ("GST %s", percent);
  SpaCheckoutDialog *checkout;
  GtkWidget *dialog;
  GtkWidget *row;
  const char *number;

  invoice = spa_test_issue_part_paid (f->desk.store, f->booking, SWEDISH, 11000, 5000,
                                      spa_record_get_string (f->booking, "ends_at"));
  number = spa_record_get_string (invoice, "number");
  dialog = open_editor_from_card (f);
  row = booking_dialog_child (dialog, "paid_row");
  g_assert_true (gtk_widget_get_mapped (row));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Not paid");
  due = g_strdup_printf ("$65.50 due on invoice No. %s", number);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, due);
  spa_test_save_screenshot (dialog, "booking-editor-part-paid.png");

  spa_test_click (booking_dialog_child (dialog, "checkout_button"), -1, -1);
  g_assert_true (spa_test_iterate_until (checkout_shown, NULL, 5000));
  checkout = find_checkout ();
  gtk_test_widget_wait_for_draw (GTK_WIDGET (checkout));
  balance_of = g_strdup_printf ("balance of invoice No. %s", number);
  g_assert_nonnull (strstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (
                              gtk_widget_get_template_child (GTK_WIDGET (checkout),
                                                             SPA_TYPE_CHECKOUT_DIALOG,
                                                             "window_title"))),
                            balance_of));
  g_assert_nonnull (spa_test_find_row (GTK_WIDGET (checkout), ADW_TYPE_ACTION_ROW, gst));
  g_assert_false (gtk_widget_get_mapped (
    GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (checkout), SPA_TYPE_CHECKOUT_DIALOG,
                                               "tip_row"))));
  spa_test_send_keys (GTK_WIDGET (checkout), "Return Return");
  g_assert_true (spa_test_iterate_until (charged, checkout, 10000));

  g_assert_true (spa_test_iterate_until (editor_reads_paid, dialog, 5000));
  assert_one_sale_paid (f, invoice, 11550);
  spa_test_save_screenshot (dialog, "booking-editor-paid.png");
  gtk_window_destroy (GTK_WINDOW (checkout));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Checkout on Today's row, the Tip field clicked and typed into: what is not an amount
 * is said under the form and the field is marked invalid; corrected, the message goes
 * and the tip is the amount typed. */
static void
test_tip_error (Fixture       *f,
                gconstpointer  data)
{
  SpaCheckoutDialog *dialog = check_out_from_today (f);
  GtkWidget *tip = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                              SPA_TYPE_CHECKOUT_DIALOG,
                                                              "tip_row"));
  GtkLabel *error_label = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                                    SPA_TYPE_CHECKOUT_DIALOG,
                                                                    "adjust_error_label"));

  spa_test_click (tip, -1, -1);
  spa_test_type (tip, "12x");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_cmpstr (gtk_label_get_label (error_label), ==,
                   "Type the tip as an amount, such as 10 or 12.50.");
  g_assert_true (gtk_widget_has_css_class (tip, "error"));
  spa_test_save_screenshot (GTK_WIDGET (dialog), "checkout-tip-error.png");

  spa_test_send_keys (tip, "BackSpace");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_false (gtk_widget_has_css_class (tip, "error"));
  g_assert_cmpint (spa_checkout_draft_get_tip (spa_checkout_dialog_get_draft (dialog)), ==, 1200);
}

static void
test_booking_paid (Fixture       *f,
                   gconstpointer  data)
{
  SpaCalendarPage *page = SPA_CALENDAR_PAGE (spa_window_get_calendar_page (f->desk.window));
  g_autoptr(SpaRecord) invoice = NULL;
  g_autofree char *expected = NULL;
  SpaCheckoutDialog *checkout;
  GtkWidget *card;
  GtkWidget *time_label;
  GtkWidget *dialog;
  GtkWidget *row;

  g_assert_null (card_paid_label (f));
  dialog = open_editor_from_card (f);
  row = booking_dialog_child (dialog, "paid_row");
  g_assert_true (gtk_widget_get_mapped (row));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Not paid");

  spa_test_click (booking_dialog_child (dialog, "checkout_button"), -1, -1);
  g_assert_true (spa_test_iterate_until (checkout_shown, NULL, 5000));
  checkout = find_checkout ();
  gtk_test_widget_wait_for_draw (GTK_WIDGET (checkout));
  spa_test_send_keys (GTK_WIDGET (checkout), "Return Return");
  g_assert_true (spa_test_iterate_until (invoice_issued, f, 10000));

  invoice = spa_store_money_booking_invoice (f->desk.store, spa_record_get_id (f->booking));
  g_assert_true (spa_test_iterate_until (editor_reads_paid, dialog, 5000));
  expected = g_strdup_printf ("Invoice No. %s", spa_record_get_string (invoice, "number"));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, expected);
  g_assert_false (gtk_widget_get_visible (booking_dialog_child (dialog, "checkout_button")));

  gtk_window_destroy (GTK_WINDOW (checkout));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (spa_test_iterate_until (card_reads_paid, f, 5000));
  spa_test_save_screenshot (GTK_WIDGET (f->desk.window), "calendar-paid.png");

  /* In the week's narrow columns the card keeps Paid, and a time it shows is whole:
   * both times, or the start alone, or none, never a time cut short. */
  gtk_window_set_default_size (GTK_WINDOW (f->desk.window), 900, 800);
  spa_calendar_page_show_week (page, spa_record_get_id (f->claire));
  g_assert_true (spa_test_iterate_until (card_reads_paid, f, 5000));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->desk.window));
  card = spa_day_calendar_get_card (spa_calendar_page_get_calendar (page),
                                    spa_record_get_id (f->booking));
  time_label = find_with_class (card, "booking-card-time");
  g_assert_nonnull (time_label);
  g_assert_true (gtk_widget_get_mapped (card_paid_label (f)));
  g_assert_true (!gtk_widget_get_visible (time_label) ||
                 !pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (time_label))));
  spa_test_save_screenshot (GTK_WIDGET (f->desk.window), "calendar-week-paid.png");
}

/* An invoice that sync numbered again (another desk had used its number: the server kept
 * it a draft, `/sync/money-duplicate-number`) keeps the number it was first issued
 * under: the client's Purchases, the client picked from the list with a click, say so
 * under its new number. */
static void
test_first_issued_as (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(SpaRecord) invoice = spa_record_new ("invoice");
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;
  g_autofree char *title = NULL;
  SpaClientPage *page;
  GtkWidget *money;
  GtkWidget *row;

  spa_record_set_string (invoice, "kind", "sale");
  spa_record_set_string (invoice, "status", "draft");
  spa_record_set_string (invoice, "client_id", spa_record_get_id (f->client));
  g_assert_true (spa_store_save (f->desk.store, invoice, &error));
  g_assert_no_error (error);
  number = spa_store_money_renumber (f->desk.store, spa_record_get_id (invoice), "7QX2-0042",
                                     NULL, "Maria", &error);
  g_assert_no_error (error);
  g_assert_nonnull (number);
  g_assert_cmpstr (number, !=, "7QX2-0042");

  spa_test_open_client (GTK_WIDGET (f->desk.window), "Zoë Tremblay");
  page = SPA_CLIENT_PAGE (spa_clients_page_get_client_page (SPA_CLIENTS_PAGE (
    spa_window_get_clients_page (f->desk.window))));
  money = spa_client_page_get_section (page, "purchases");
  g_assert_true (spa_test_iterate_until (is_mapped, money, 5000));
  gtk_test_widget_wait_for_draw (money);
  title = g_strdup_printf ("Invoice %s", number);
  row = spa_test_find_labelled (money, ADW_TYPE_ACTION_ROW, title);
  g_assert_nonnull (row);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                            " · first issued as 7QX2-0042"));
}

/* Signs the fixture's therapist in on the desk (a desk account linked to her). */
static void
sign_in_claire (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaAccount) account = spa_account_create (f->desk.store, "Claire",
                                                      SPA_ROLE_THERAPIST,
                                                      spa_record_get_id (f->claire), "2468",
                                                      &error);

  g_assert_no_error (error);
  spa_context_set_account (f->desk.context, account);
}

static gboolean
takings_shown (gpointer data)
{
  GtkWindow *window = spa_test_find_toplevel (SPA_TYPE_TAKINGS_WINDOW);
  GtkWidget *stack;

  if (window == NULL || !gtk_widget_get_mapped (GTK_WIDGET (window)))
    return FALSE;
  stack = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                     SPA_TYPE_TAKINGS_WINDOW, "stack"));
  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (stack)), data) == 0;
}

static const char *
takings_text (GtkWindow  *window,
              const char *name)
{
  return gtk_label_get_text (GTK_LABEL (gtk_widget_get_template_child (
      GTK_WIDGET (window), SPA_TYPE_TAKINGS_WINDOW, name)));
}

/* My Takings on a desk without a server, which holds the till: nothing in the menu
 * until a therapist signs in; then the item, clicked, shows her visit checked out today
 * with a tip, read from the desk's own invoices; This Month, clicked, too. */
static void
test_my_takings_local (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(SpaCheckoutDraft) draft = NULL;
  g_autoptr(SpaRecord) invoice = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sales = spa_format_money (11000, NULL);
  g_autofree char *tips = spa_format_money (1500, NULL);
  GtkWindow *window;

  draft = spa_checkout_draft_new_for_booking (f->desk.store, spa_record_get_id (f->booking),
                                              &error);
  g_assert_no_error (error);
  spa_checkout_draft_set_tip (draft, 1500);
  g_assert_true (spa_checkout_draft_add_payment (draft, "card",
                                                 spa_checkout_draft_get_balance (draft), &error));
  invoice = spa_checkout_draft_save (draft, "Maria", &error);
  g_assert_no_error (error);

  g_assert_null (spa_test_open_main_menu (GTK_WIDGET (f->desk.window), "My Takings"));
  spa_test_send_keys (GTK_WIDGET (f->desk.window), "Escape");
  sign_in_claire (f);
  spa_test_click (spa_test_open_main_menu (GTK_WIDGET (f->desk.window), "My Takings"), -1, -1);
  g_assert_true (spa_test_iterate_until (takings_shown, "figures", 10000));
  window = spa_test_find_toplevel (SPA_TYPE_TAKINGS_WINDOW);
  g_assert_cmpstr (takings_text (window, "services_label"), ==, "1");
  g_assert_cmpstr (takings_text (window, "sales_label"), ==, sales);
  g_assert_cmpstr (takings_text (window, "tips_label"), ==, tips);
  spa_test_save_screenshot (GTK_WIDGET (window), "my-takings.png");

  spa_test_click (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                             SPA_TYPE_TAKINGS_WINDOW,
                                                             "month_button")), -1, -1);
  g_assert_true (spa_test_iterate_until (takings_shown, "figures", 10000));
  g_assert_cmpstr (takings_text (window, "tips_label"), ==, tips);
  gtk_window_destroy (window);
}

/* A sale of one Swedish massage by @therapist_id with @tip, paid by card, on @device. */
static void
sell_massage (SpaTestDevice *device,
              const char    *therapist_id,
              gint64         tip)
{
  g_autoptr(SpaCheckoutDraft) draft = spa_checkout_draft_new (device->store);
  g_autoptr(SpaRecord) invoice = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (spa_checkout_draft_add_service (draft, SWEDISH, therapist_id, &error));
  spa_checkout_draft_set_tip (draft, tip);
  g_assert_true (spa_checkout_draft_add_payment (draft, "card",
                                                 spa_checkout_draft_get_balance (draft), &error));
  invoice = spa_checkout_draft_save (draft, "Maria", &error);
  g_assert_no_error (error);
}

/* The real server on 127.0.0.1, where the front desk (a device signed in as the
 * manager) rang up two of Claire's (@claire_id) visits and one of Theo's and synced
 * them. Returns a token of Claire's account, linked to her there. */
static char *
seed_server (SpaStore   *server_store,
             const char *url,
             const char *claire_id)
{
  g_autoptr(SpaTestDevice) till = NULL;
  g_autoptr(SpaRecord) claire = spa_record_new_with_id ("therapist", claire_id);
  g_autoptr(SpaRecord) theo = spa_record_new ("therapist");
  g_autoptr(SpaRecord) service = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *manager = NULL;
  char *token = NULL;

  g_assert_true (spa_server_add_user (server_store, "maria", SPA_ROLE_MANAGER, &manager, &error));
  g_assert_true (spa_server_add_user (server_store, "claire", SPA_ROLE_THERAPIST, &token,
                                      &error));
  g_assert_no_error (error);
  till = spa_test_device_new (url, manager);
  spa_record_set_string (claire, "name", "Claire Dubois");
  spa_record_set_string (theo, "name", "Theo Marsh");
  g_assert_true (spa_store_save (till->store, claire, &error));
  g_assert_true (spa_store_save (till->store, theo, &error));
  service = spa_store_get (till->store, "service", SWEDISH, &error);
  g_assert_no_error (error);
  spa_record_set_int (service, "price_cents", 11000);
  g_assert_true (spa_store_save (till->store, service, &error));
  sell_massage (till, spa_record_get_id (claire), 1000);
  sell_massage (till, spa_record_get_id (claire), 2000);
  sell_massage (till, spa_record_get_id (theo), 4000);
  spa_test_device_sync_ok (till);
  g_assert_true (spa_server_set_user_therapist (server_store, "claire",
                                                spa_record_get_id (claire), &error));
  g_assert_no_error (error);
  return token;
}

/* My Takings on a therapist's desk signed in to the real server, which pulls no
 * invoices: the server's figures for her (two visits, their tips, not Theo's) today,
 * then this week (This Week clicked); once the server is gone, Ctrl+R says why nothing
 * can be shown. */
static void
test_my_takings_server (Fixture       *f,
                        gconstpointer  data)
{
  SpaSyncEngine *engine = spa_context_get_sync_engine (f->desk.context);
  g_autoptr(SpaStore) server_store = NULL;
  g_autoptr(SpaServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *server_dir = NULL;
  g_autofree char *url = NULL;
  g_autofree char *token = NULL;
  g_autofree char *sales = spa_format_money (22000, NULL);
  g_autofree char *tips = spa_format_money (3000, NULL);
  GtkWindow *window;
  AdwStatusPage *error_page;

  server_store = spa_test_open_store (&server_dir);
  server = spa_server_new (server_store, NULL);
  spa_server_listen (server, "127.0.0.1", 0, &error);
  g_assert_no_error (error);
  url = spa_server_get_url (server);
  token = seed_server (server_store, url, spa_record_get_id (f->claire));
  spa_sync_engine_set_automatic (engine, FALSE);
  spa_sync_engine_set_server (engine, url, token);

  sign_in_claire (f);
  spa_test_click (spa_test_open_main_menu (GTK_WIDGET (f->desk.window), "My Takings"), -1, -1);
  g_assert_true (spa_test_iterate_until (takings_shown, "figures", 10000));
  window = spa_test_find_toplevel (SPA_TYPE_TAKINGS_WINDOW);
  g_assert_cmpstr (takings_text (window, "services_label"), ==, "2");
  g_assert_cmpstr (takings_text (window, "sales_label"), ==, sales);
  g_assert_cmpstr (takings_text (window, "tips_label"), ==, tips);

  spa_test_click (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                             SPA_TYPE_TAKINGS_WINDOW,
                                                             "week_button")), -1, -1);
  g_assert_true (spa_test_iterate_until (takings_shown, "figures", 10000));
  g_assert_cmpstr (takings_text (window, "services_label"), ==, "2");
  g_assert_cmpstr (takings_text (window, "tips_label"), ==, tips);

  spa_server_disconnect (server);
  spa_test_send_keys (GTK_WIDGET (window), "ctrl+r");
  g_assert_true (spa_test_iterate_until (takings_shown, "error", 20000));
  error_page = ADW_STATUS_PAGE (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                              SPA_TYPE_TAKINGS_WINDOW,
                                                              "error_page"));
  g_assert_nonnull (strstr (adw_status_page_get_description (error_page), "back online"));
  gtk_window_destroy (window);
  spa_test_remove_dir (server_dir);
}

static GtkWidget *
settings_child (AdwPreferencesPage *page,
                const char         *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page), SPA_TYPE_RECEIPT_SETTINGS,
                                                    name));
}

static void
type_into (GtkWidget  *row,
           const char *keys)
{
  gtk_widget_grab_focus (row);
  spa_test_send_keys (row, keys);
}

/* Preferences' Receipts page: the spa's details typed into their rows are what receipts
 * print (the settings), and a tax number typed with Enter is saved on its tax rate. */
static void
test_receipt_settings (Fixture       *f,
                       gconstpointer  data)
{
  SpaPreferencesWindow *preferences = spa_preferences_window_new (f->desk.context);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) gst = NULL;
  g_autofree char *name = NULL;
  g_autofree char *address = NULL;
  g_autofree char *phone = NULL;
  AdwPreferencesPage *page;
  GtkWidget *first_tax;

  gtk_window_set_transient_for (GTK_WINDOW (preferences), GTK_WINDOW (f->desk.window));
  gtk_window_present (GTK_WINDOW (preferences));
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), "receipts");
  page = adw_preferences_window_get_visible_page (ADW_PREFERENCES_WINDOW (preferences));
  g_assert_true (SPA_IS_RECEIPT_SETTINGS (page));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (preferences));

  type_into (settings_child (page, "name_row"), "C e d a r space S p a");
  type_into (settings_child (page, "street_row"), "1 space M a i n space S t");
  type_into (settings_child (page, "city_row"), "V a n c o u v e r");
  type_into (settings_child (page, "phone_row"), "6 0 4 minus 5 5 5 minus 0 1 9 9");
  name = g_settings_get_string (settings, "spa-name");
  address = g_settings_get_string (settings, "spa-address");
  phone = g_settings_get_string (settings, "spa-phone");
  g_assert_cmpstr (name, ==, "Cedar Spa");
  g_assert_cmpstr (address, ==, "1 Main St\nVancouver");
  g_assert_cmpstr (phone, ==, "604-555-0199");

  /* GST is the first tax rate; its number is saved on Enter. */
  first_tax = gtk_widget_get_first_child (settings_child (page, "taxes_list"));
  g_assert_true (ADW_IS_ENTRY_ROW (first_tax));
  type_into (first_tax, "8 1 2 3 4 space R T 0 0 0 1 Return");
  gst = spa_store_get (f->desk.store, "tax_rate", SPA_TAX_RATE_GST_ID, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (spa_record_get_string (gst, "registration_number"), ==, "81234 RT0001");
  if (g_getenv ("SPA_SCREENSHOT_DIR") != NULL)
    {
      g_autofree char *path = g_build_filename (g_getenv ("SPA_SCREENSHOT_DIR"),
                                                "preferences-receipts.png", NULL);

      spa_widget_save_png (GTK_WIDGET (preferences), path, NULL);
    }
  gtk_window_destroy (GTK_WINDOW (preferences));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  if (g_getenv ("SPA_DESK_LOCALEDIR") != NULL)
    {
      setlocale (LC_ALL, "");
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("SPA_DESK_LOCALEDIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, RESOURCE_PREFIX "/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

#define ADD(name, func) \
  g_test_add ("/ui/money/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("checkout-booked-client", test_checkout_booked_client);
  ADD ("checkout-part-paid", test_checkout_part_paid);
  ADD ("split-payment", test_split_payment);
  ADD ("till-by-mouse", test_till_by_mouse);
  ADD ("sell-package-and-gift-card", test_sell_package_and_gift_card);
  ADD ("redeem-package-and-gift-card", test_redeem_package_and_gift_card);
  ADD ("promotion-offered", test_promotion_offered);
  ADD ("promotion-code", test_promotion_code);
  ADD ("receipt-settings", test_receipt_settings);
  ADD ("client-purchases", test_client_purchases);
  ADD ("refund-lines", test_refund_lines);
  ADD ("booking-promotion", test_booking_promotion);
  ADD ("booking-paid", test_booking_paid);
  ADD ("booking-part-paid", test_booking_part_paid);
  ADD ("tip-error", test_tip_error);
  ADD ("my-takings-local", test_my_takings_local);
  ADD ("my-takings-server", test_my_takings_server);
  ADD ("first-issued-as", test_first_issued_as);
#undef ADD

  return g_test_run ();
}
