/* spa-demo-money.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-demo"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "spa-booking-draft.h"
#include "spa-checkout-draft.h"
#include "spa-demo-money.h"
#include "spa-migrations.h"
#include "spa-money.h"
#include "spa-schedule.h"
#include "spa-store-money.h"
#include "spa-store-private.h"
#include "spa-util.h"

/*
 * The sample spa's till: prices, retail products with stock, packages, a promotion
 * running, and a month of paid visits (earlier weeks added here, all paid through the
 * same checkout as the desk's), with a package and a gift card part used and one
 * refund. Today's finished visits are left to check out.
 */

static const struct {
  const char *name;
  const char *sku;
  gint64      price;
  gint64      stock;
  gint64      low;
} demo_products[] = {
  { N_("Arnica massage oil, 100 ml"), "OIL-ARN-100", 2499, 14, 4 },
  { N_("Magnesium body cream"), "CRM-MAG-200", 3200, 6, 3 },
  { N_("Lavender bath salts"), "SLT-LAV-500", 1850, 4, 3 },
};

static gboolean
save (SpaStore   *store,
      SpaRecord  *record,
      GError    **error)
{
  return spa_store_save (store, record, error);
}

static gboolean
set_prices (SpaStore   *store,
            GError    **error)
{
  g_autoptr(GPtrArray) services = spa_store_list (store, "service", FALSE, error);

  if (services == NULL)
    return FALSE;
  for (guint i = 0; i < services->len; i++)
    {
      SpaRecord *service = services->pdata[i];
      gint64 duration = spa_record_get_int (service, "duration_min", 60);
      gint64 price = duration >= 90 ? 14500 : duration >= 60 ? 10500 : 8500;

      if (spa_record_has_value (service, "price_cents"))
        continue;
      if (g_str_equal (spa_record_get_id (service), spa_default_service_id (4)))
        price = 15500;   /* hot stone */
      spa_record_set_int (service, "price_cents", price);
      if (!save (store, service, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
set_numbers (SpaStore   *store,
             GPtrArray  *therapists,
             GError    **error)
{
  g_autoptr(SpaRecord) gst = spa_store_get (store, "tax_rate", SPA_TAX_RATE_GST_ID, error);
  g_autoptr(SpaRecord) pst = spa_store_get (store, "tax_rate", SPA_TAX_RATE_PST_ID, error);

  if (gst == NULL || pst == NULL)
    return FALSE;
  spa_record_set_string (gst, "registration_number", "81234 5678 RT0001");
  spa_record_set_string (pst, "registration_number", "PST-1234-5678");
  if (!save (store, gst, error) || !save (store, pst, error))
    return FALSE;

  for (guint i = 0; i < therapists->len; i++)
    {
      SpaRecord *therapist = therapists->pdata[i];
      g_autofree char *number = g_strdup_printf ("RMT %05u", 10423 + i * 1117);

      spa_record_set_string (therapist, "registration_number", number);
      if (!save (store, therapist, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
add_catalogue (SpaStore    *store,
               GDateTime   *today,
               GPtrArray   *products,
               SpaRecord  **package,
               GError     **error)
{
  g_autoptr(SpaRecord) promotion = spa_record_new ("promotion");
  g_autoptr(GDateTime) start = g_date_time_add_days (today, -10);
  g_autoptr(GDateTime) end = g_date_time_add_days (today, 20);
  g_autofree char *starts_on = g_date_time_format (start, "%Y-%m-%d");
  g_autofree char *ends_on = g_date_time_format (end, "%Y-%m-%d");

  for (guint i = 0; i < G_N_ELEMENTS (demo_products); i++)
    {
      g_autoptr(SpaRecord) product = spa_record_new ("product");
      g_autoptr(SpaRecord) restock = spa_record_new ("stock_movement");

      spa_record_set_string (product, "name", _(demo_products[i].name));
      spa_record_set_string (product, "sku", demo_products[i].sku);
      spa_record_set_int (product, "price_cents", demo_products[i].price);
      spa_record_set_int (product, "low_stock_at", demo_products[i].low);
      spa_record_set_boolean (product, "active", TRUE);
      if (!save (store, product, error))
        return FALSE;
      spa_record_set_string (restock, "product_id", spa_record_get_id (product));
      spa_record_set_int (restock, "delta", demo_products[i].stock);
      spa_record_set_string (restock, "reason", "restock");
      if (!save (store, restock, error))
        return FALSE;
      g_ptr_array_add (products, g_steal_pointer (&product));
    }

  *package = spa_record_new ("package");
  /* TRANSLATORS: a package of sessions sold ahead */
  spa_record_set_string (*package, "name", _("5 × Deep tissue massage, 60 min"));
  spa_record_set_strv (*package, "service_ids",
                       (const char * const []) { spa_default_service_id (2), NULL });
  spa_record_set_int (*package, "sessions", 5);
  spa_record_set_int (*package, "price_cents", 47500);
  spa_record_set_int (*package, "valid_days", 365);
  spa_record_set_boolean (*package, "active", TRUE);
  if (!save (store, *package, error))
    return FALSE;

  /* TRANSLATORS: the sample spa's running promotion */
  spa_record_set_string (promotion, "name", _("Winter Glow: hot stone, 15 percent off"));
  spa_record_set_string (promotion, "kind", "percent");
  spa_record_set_int (promotion, "value", 1500);
  spa_record_set_strv (promotion, "service_ids",
                       (const char * const []) { spa_default_service_id (4), NULL });
  spa_record_set_string (promotion, "starts_on", starts_on);
  spa_record_set_string (promotion, "ends_on", ends_on);
  spa_record_set_int (promotion, "per_client_limit", 1);
  spa_record_set_boolean (promotion, "active", TRUE);
  return save (store, promotion, error);
}

/* Checks out at the visit's end: the store's clock is moved there for the sale. */
static SpaRecord *
issue_at (SpaStore          *store,
          SpaCheckoutDraft  *draft,
          const char        *at,
          const char        *by,
          GError           **error)
{
  g_autoptr(GDateTime) when = spa_time_parse_utc (at);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  SpaRecord *invoice;

  spa_store_set_clock_offset (store, g_date_time_difference (when, now));
  invoice = spa_checkout_draft_save (draft, by, error);
  spa_store_set_clock_offset (store, 0);
  return invoice;
}

static gboolean
pay (SpaCheckoutDraft  *draft,
     guint              n,
     GError           **error)
{
  gint64 balance = spa_checkout_draft_get_balance (draft);

  if (balance == 0)
    return TRUE;
  switch (n % 5)
    {
    case 0:
    case 3:
      return spa_checkout_draft_add_payment (draft, "card", balance, error);
    case 1:
      /* Cash, rounded up to the next $20 note. */
      return spa_checkout_draft_add_cash (draft, (balance + 1999) / 2000 * 2000, error);
    case 2:
      return spa_checkout_draft_add_payment (draft, "e_transfer", balance, error);
    default:
      /* Split: half on the card, the rest in cash. */
      return spa_checkout_draft_add_payment (draft, "card", balance / 2, error) &&
             spa_checkout_draft_add_cash (draft, (balance - balance / 2 + 999) / 1000 * 1000,
                                          error);
    }
}

gboolean
spa_demo_add_money (SpaStore   *store,
                    GTimeZone  *zone,
                    GDateTime  *today,
                    GPtrArray  *clients,
                    GPtrArray  *therapists,
                    GError    **error)
{
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SpaRecord) package = NULL;
  g_autoptr(GPtrArray) visits = NULL;
  g_autoptr(GDateTime) local_today = g_date_time_to_timezone (today, zone);
  g_autoptr(GDateTime) midnight = g_date_time_new (zone, g_date_time_get_year (local_today),
                                                   g_date_time_get_month (local_today),
                                                   g_date_time_get_day_of_month (local_today),
                                                   0, 0, 0);
  g_autoptr(GDateTime) month_before = g_date_time_add_days (midnight, -31);
  g_autofree char *before_today = spa_time_format_utc (midnight);
  g_autofree char *since = spa_time_format_utc (month_before);
  /* The history's visits of the last month are paid at the till: the demo books no
   * visit of its own for the money, so every booking keeps obeying the rules. */
  const char *params[] = { since, before_today, NULL };
  const char *package_client = spa_record_get_id (clients->pdata[0]);
  const char *gift_client = spa_record_get_id (clients->pdata[1]);
  g_autofree char *gift_code = NULL;
  g_autoptr(SpaRecord) to_refund = NULL;
  gboolean package_sold = FALSE;
  guint n = 0;

  if (!set_prices (store, error) || !set_numbers (store, therapists, error) ||
      !add_catalogue (store, today, products, &package, error))
    return FALSE;

  visits = spa_store_query (store, "booking",
                            "WHERE status = 'completed' AND starts_at >= ?1 AND starts_at < ?2"
                            " AND deleted = 0"
                            " ORDER BY starts_at",
                            params, error);
  if (visits == NULL)
    return FALSE;

  for (guint i = 0; i < visits->len; i++, n++)
    {
      SpaRecord *booking = visits->pdata[i];
      const char *client_id = spa_record_get_string (booking, "client_id");
      g_autoptr(SpaCheckoutDraft) draft =
        spa_checkout_draft_new_for_booking (store, spa_record_get_id (booking),
                                                                              error);
      g_autoptr(SpaRecord) invoice = NULL;
      g_autofree char *date = NULL;

      if (draft == NULL)
        return FALSE;
      date = g_strndup (spa_record_get_string (booking, "starts_at"), 10);
      spa_checkout_draft_set_date (draft, date);

      /* The first client buys a package on their first visit, then uses it. */
      if (g_str_equal (client_id, package_client))
        {
          g_autofree char *held = spa_checkout_draft_find_package (draft, 0);

          if (held != NULL)
            {
              if (!spa_checkout_draft_redeem_package (draft, 0, held, error))
                return FALSE;
            }
          else if (!package_sold)
            {
              if (!spa_checkout_draft_add_package (draft, spa_record_get_id (package), error))
                return FALSE;
              package_sold = TRUE;
            }
        }

      /* The second client is given a $100 gift card, and spends part of it later. */
      if (g_str_equal (client_id, gift_client))
        {
          if (gift_code == NULL)
            {
              gift_code = spa_money_gift_card_code_new ();
              if (!spa_checkout_draft_add_gift_card (draft, 10000, gift_code, error))
                return FALSE;
            }
          else
            {
              g_autoptr(SpaRecord) card = spa_store_money_find_gift_card (store, gift_code);

              /* Part of it, once: what is left stays on the card. */
              if (card != NULL &&
                  spa_store_money_gift_card_balance (store, spa_record_get_id (card)) == 10000 &&
                  !spa_checkout_draft_add_gift_card_payment (draft, gift_code, 6000, error))
                return FALSE;
            }
        }

      /* Retail now and then, a promotion when it runs, and tips. */
      if (n % 6 == 2 &&
          !spa_checkout_draft_add_product (draft,
                                           spa_record_get_id (products->pdata[n % products->len]),
                                                         1, error))
        return FALSE;
      if (spa_checkout_draft_get_n_lines (draft) > 0 &&
          g_str_equal (spa_checkout_draft_get_line (draft, 0)->kind, "service"))
        {
          g_autoptr(SpaRecord) promotion =
            spa_store_money_promotion_for (store, spa_checkout_draft_get_line (draft, 0)->item_id,
                                           client_id, date);

          if (promotion != NULL && spa_checkout_draft_get_line (draft,
                                                                0)->client_package_id == NULL &&
              !spa_checkout_draft_apply_promotion (draft, spa_record_get_id (promotion), error))
            return FALSE;
        }
      if (n % 4 != 3)
        spa_checkout_draft_set_tip (draft, (n % 3 + 1) * 500);

      if (!pay (draft, n, error))
        return FALSE;
      invoice = issue_at (store, draft, spa_record_get_string (booking, "ends_at"),
                          n % 2 ? "Sam" : "Jordan",
                          error);
      if (invoice == NULL)
        return FALSE;
      if (to_refund == NULL && n % 6 == 2)
        to_refund = g_object_ref (invoice);
    }

  /* A returned product: the manager refunds its line. */
  if (to_refund != NULL)
    {
      g_autoptr(GPtrArray) lines = spa_store_money_lines (store, spa_record_get_id (to_refund),
                                                          error);
      g_autoptr(SpaRecord) refund = NULL;
      const char *line_ids[2] = { NULL, NULL };

      if (lines == NULL)
        return FALSE;
      for (guint i = 0; i < lines->len; i++)
        if (g_str_equal (spa_record_get_string (lines->pdata[i], "kind"), "product"))
          line_ids[0] = spa_record_get_id (lines->pdata[i]);
      if (line_ids[0] != NULL)
        {
          g_autoptr(GDateTime) issued = spa_time_parse_utc (spa_record_get_string (to_refund,
                                                                                   "issued_at"));
          g_autoptr(GDateTime) later = g_date_time_add_days (issued, 2);
          g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

          spa_store_set_clock_offset (store, g_date_time_difference (later, now));
          refund = spa_store_money_refund (store, SPA_ROLE_MANAGER, spa_record_get_id (to_refund),
                                           line_ids,
                                           "card", "Maria", error);
          spa_store_set_clock_offset (store, 0);
          if (refund == NULL)
            return FALSE;
        }
    }
  return TRUE;
}
