/* spa-receipt.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-receipt"

#include "config.h"

#include <glib/gi18n.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "spa-receipt.h"
#include "spa-widget-util.h"

/*
 * The receipt a spa hands over, drawn with cairo and Pango: on a PDF surface for
 * "Save Receipt…", on the print context for "Print Receipt…". A treatment receipt
 * names the therapist's professional title and registration number, because that is
 * what a client's insurer asks for.
 */

#define MARGIN 54.0

typedef struct
{
  cairo_t   *cr;
  double     x0;
  double     x1;
  double     y;
  SpaStore  *store;
  GTimeZone *zone;
} Page;

static const double ink[3] = { 0.13, 0.15, 0.17 };
static const double muted[3] = { 0.42, 0.45, 0.48 };
static const double accent[3] = { 0.11, 0.42, 0.40 };
static const double rule[3] = { 0.82, 0.84, 0.85 };

/* Writes @text in @width from (@x, @y); returns its height. */
static double
text_at (Page           *page,
         const char     *text,
         const char     *font,
         const double    color[3],
         double          x,
         double          y,
         double          width,
         PangoAlignment  align)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (page->cr);
  PangoFontDescription *desc = pango_font_description_from_string (font);
  int w, h;

  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_width (layout, (int)(width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, align);
  pango_layout_set_text (layout, text ? text : "", -1);
  cairo_set_source_rgb (page->cr, color[0], color[1], color[2]);
  cairo_move_to (page->cr, x, y);
  pango_cairo_show_layout (page->cr, layout);
  pango_layout_get_size (layout, &w, &h);
  return (double)h / PANGO_SCALE;
}

static void
hline (Page         *page,
       double        y,
       const double  color[3],
       double        width)
{
  cairo_set_source_rgb (page->cr, color[0], color[1], color[2]);
  cairo_set_line_width (page->cr, width);
  cairo_move_to (page->cr, page->x0, y);
  cairo_line_to (page->cr, page->x1, y);
  cairo_stroke (page->cr);
}

static char *
money (gint64 cents)
{
  return spa_format_money (cents, NULL);
}

static char *
local_date (Page       *page,
            const char *utc)
{
  return spa_format_utc_date (utc, page->zone);
}

/* A label and its value on the right column of the totals. */
static double
total_row (Page       *page,
           const char *label,
           gint64      cents,
           gboolean    strong)
{
  g_autofree char *amount = money (cents);
  const char *font = strong ? "Sans Bold 11" : "Sans 9.5";
  double left = page->x1 - 340;
  double h;

  h = text_at (page, label, font, strong ? ink : muted, left, page->y, 235, PANGO_ALIGN_LEFT);
  text_at (page, amount, font, ink, page->x1 - 100, page->y, 100, PANGO_ALIGN_RIGHT);
  page->y += h + 5;
  return h;
}

static void
draw_header (Page                *page,
             const SpaReceiptSpa *spa,
             SpaRecord           *invoice)
{
  double width = page->x1 - page->x0;
  double left_y = page->y, right_y = page->y;
  gboolean refund = g_strcmp0 (spa_record_get_string (invoice, "kind"), "refund") == 0;
  g_autofree char *issued = local_date (page, spa_record_get_string (invoice, "issued_at"));
  /* TRANSLATORS: on a receipt, the invoice number */
  g_autofree char *number = g_strdup_printf (_("No. %s"), spa_record_get_string (invoice,
                                                                                 "number"));
  /* TRANSLATORS: on a receipt, the date it was issued */
  g_autofree char *date = g_strdup_printf (_("Issued %s"), issued);

  left_y += text_at (page, spa && spa->name && *spa->name ? spa->name : _("Massage Clinic"),
                     "Sans Bold 16", accent, page->x0, left_y, width * 0.74, PANGO_ALIGN_LEFT) + 4;
  if (spa != NULL && spa->address != NULL && *spa->address)
    left_y += text_at (page, spa->address, "Sans 9.5", muted, page->x0, left_y, width * 0.6,
                       PANGO_ALIGN_LEFT) + 2;
  if (spa != NULL && spa->phone != NULL && *spa->phone)
    left_y += text_at (page, spa->phone, "Sans 9.5", muted, page->x0, left_y, width * 0.6,
                       PANGO_ALIGN_LEFT) + 2;

  right_y += text_at (page, refund ? _("Credit Note") : _("Receipt"), "Sans Bold 17", ink,
                      page->x0 + width * 0.5, right_y, width * 0.5, PANGO_ALIGN_RIGHT) + 4;
  right_y += text_at (page, number, "Sans 10", ink, page->x0 + width * 0.5, right_y, width * 0.5,
                      PANGO_ALIGN_RIGHT) + 2;
  right_y += text_at (page, date, "Sans 9.5", muted, page->x0 + width * 0.5, right_y, width * 0.5,
                      PANGO_ALIGN_RIGHT) + 2;
  /* Numbered again after sync: a receipt handed over earlier bears the first number. */
  if (!spa_str_empty (spa_record_get_string (invoice, "previous_number")))
    {
      /* TRANSLATORS: on a receipt numbered again; %s is the number it first bore */
      g_autofree char *replaces = g_strdup_printf (_("Replaces No. %s"),
                                                   spa_record_get_string (invoice,
                                                                          "previous_number"));

      right_y += text_at (page, replaces, "Sans 9.5", muted, page->x0 + width * 0.5, right_y,
                          width * 0.5, PANGO_ALIGN_RIGHT) + 2;
    }
  if (refund)
    {
      g_autoptr(SpaRecord) original = spa_store_get (page->store, "invoice",
                                                     spa_record_get_string (invoice,
                                                                            "refund_of"), NULL);
      /* TRANSLATORS: on a credit note; %s is the refunded invoice's number */
      g_autofree char *of = g_strdup_printf (_("Refund of invoice %s"),
                                             original ? spa_record_get_string (original,
                                                                               "number") : "");

      right_y += text_at (page, of, "Sans 9.5", muted, page->x0 + width * 0.5, right_y,
                          width * 0.5, PANGO_ALIGN_RIGHT) + 2;
    }

  page->y = MAX (left_y, right_y) + 14;
  hline (page, page->y, accent, 1.5);
  page->y += 16;
}

static double
block (Page       *page,
       double      x,
       double      y,
       double      width,
       const char *title,
       GPtrArray  *lines)
{
  double start = y;

  y += text_at (page, title, "Sans Bold 8", muted, x, y, width, PANGO_ALIGN_LEFT) + 4;
  for (guint i = 0; i < lines->len; i++)
    y += text_at (page, lines->pdata[i], i == 0 ? "Sans Bold 10.5" : "Sans 9.5",
                  i == 0 ? ink : ink, x, y, width, PANGO_ALIGN_LEFT) + 2;
  return y - start;
}

static SpaRecord *
first_service_line (GPtrArray *lines)
{
  for (guint i = 0; i < lines->len; i++)
    if (g_strcmp0 (spa_record_get_string (lines->pdata[i], "kind"), "service") == 0)
      return lines->pdata[i];
  return NULL;
}

static void
draw_parties (Page      *page,
              SpaRecord *invoice,
              GPtrArray *lines)
{
  double width = page->x1 - page->x0;
  g_autoptr(GPtrArray) client_lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) treatment = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(SpaRecord) client = NULL;
  g_autoptr(SpaRecord) booking = NULL;
  g_autoptr(SpaRecord) service = NULL;
  g_autoptr(SpaRecord) therapist = NULL;
  SpaRecord *line = first_service_line (lines);
  const char *therapist_id = NULL;
  double h1, h2;

  client = spa_record_has_value (invoice, "client_id")
           ? spa_store_get (page->store, "client", spa_record_get_string (invoice, "client_id"),
                            NULL)
           : NULL;
  if (client != NULL)
    {
      g_ptr_array_add (client_lines, spa_client_dup_display_name (client));
      if (spa_record_has_value (client, "address"))
        g_ptr_array_add (client_lines, g_strdup (spa_record_get_string (client, "address")));
      if (spa_record_has_value (client, "phone"))
        g_ptr_array_add (client_lines, g_strdup (spa_record_get_string (client, "phone")));
      if (spa_record_has_value (client, "email"))
        g_ptr_array_add (client_lines, g_strdup (spa_record_get_string (client, "email")));
    }
  else
    g_ptr_array_add (client_lines, g_strdup (_("Walk-in sale")));

  if (spa_record_has_value (invoice, "booking_id"))
    booking = spa_store_get (page->store, "booking", spa_record_get_string (invoice, "booking_id"),
                             NULL);
  if (line != NULL)
    {
      service = spa_store_get (page->store, "service", spa_record_get_string (line, "item_id"),
                               NULL);
      therapist_id = spa_record_get_string (line, "therapist_id");
    }
  if (therapist_id == NULL && booking != NULL)
    therapist_id = spa_record_get_string (booking, "therapist_id");
  if (therapist_id != NULL)
    therapist = spa_store_get (page->store, "therapist", therapist_id, NULL);

  if (line != NULL || booking != NULL)
    {
      g_autofree char *date = local_date (page, booking ? spa_record_get_string (booking,
                                                                                 "starts_at")
                                                        : spa_record_get_string (invoice,
                                                                                 "issued_at"));
      /* Under the TREATMENT heading, the date of treatment comes first, in bold. */
      g_ptr_array_add (treatment, g_steal_pointer (&date));
      if (line != NULL)
        {
          gint64 minutes = service ? spa_record_get_int (service, "duration_min", 0) : 0;

          if (booking != NULL)
            {
              g_autoptr(GDateTime) starts =
                spa_time_parse_utc (spa_record_get_string (booking, "starts_at"));
              g_autoptr(GDateTime) ends = spa_time_parse_utc (spa_record_get_string (booking,
                                                                                     "ends_at"));

              if (starts != NULL && ends != NULL)
                minutes = g_date_time_difference (ends, starts) / G_TIME_SPAN_MINUTE;
            }
          g_autofree char *duration = minutes > 0 ? spa_format_duration ((int)minutes) : NULL;

          /* The service's name often says its length already ("Swedish massage, 60 min"). */
          if (duration != NULL && strstr (spa_record_get_string (line, "description"),
                                          duration) == NULL)
            {
              /* TRANSLATORS: on a receipt: a service and how long it lasted */
              g_ptr_array_add (treatment, g_strdup_printf (_("%s (%s)"),
                                                           spa_record_get_string (line,
                                                                                  "description"),
                                                           duration));
            }
          else
            g_ptr_array_add (treatment, g_strdup (spa_record_get_string (line, "description")));
        }
      if (therapist != NULL)
        {
          const char *title = spa_record_get_string (therapist, "credentials");
          const char *registration = spa_record_get_string (therapist, "registration_number");

          g_ptr_array_add (treatment, title != NULL
                                      /* TRANSLATORS: on a receipt: therapist, professional title */
                                      ? g_strdup_printf (_("%s, %s"),
                                                         spa_record_get_string (therapist,
                                                                                "name"), title)
                                      : g_strdup (spa_record_get_string (therapist, "name")));
          if (registration != NULL)
            /* TRANSLATORS: on a receipt: the therapist's college registration number */
            g_ptr_array_add (treatment, g_strdup_printf (_("Registration No. %s"), registration));
        }
    }

  h1 = block (page, page->x0, page->y, width * 0.45, _("CLIENT"), client_lines);
  h2 = treatment->len > 0 ? block (page, page->x0 + width * 0.5, page->y, width * 0.5,
                                   _("TREATMENT"), treatment) : 0;
  page->y += MAX (h1, h2) + 22;
}

static void
draw_lines (Page      *page,
            GPtrArray *lines)
{
  double width = page->x1 - page->x0;
  double qty_x = page->x0 + width * 0.56;
  double price_x = page->x0 + width * 0.66;
  double amount_x = page->x1 - 100;

  text_at (page, _("Description"), "Sans Bold 8.5", muted, page->x0, page->y, width * 0.5,
           PANGO_ALIGN_LEFT);
  text_at (page, _("Qty"), "Sans Bold 8.5", muted, qty_x, page->y, 40, PANGO_ALIGN_RIGHT);
  text_at (page, _("Price"), "Sans Bold 8.5", muted, price_x, page->y, 80, PANGO_ALIGN_RIGHT);
  page->y += text_at (page, _("Amount"), "Sans Bold 8.5", muted, amount_x, page->y, 100,
                      PANGO_ALIGN_RIGHT) + 5;
  hline (page, page->y, rule, 0.8);
  page->y += 7;

  for (guint i = 0; i < lines->len; i++)
    {
      SpaRecord *line = lines->pdata[i];
      gint64 quantity = spa_record_get_int (line, "quantity", 1);
      gint64 price = spa_record_get_int (line, "unit_price_cents", 0);
      g_autofree char *qty = g_strdup_printf ("%" G_GINT64_FORMAT, quantity);
      g_autofree char *each = money (price);
      g_autofree char *amount = money (quantity * price);
      double h;

      if (g_strcmp0 (spa_record_get_string (line, "kind"), "discount") == 0)
        continue;
      h = text_at (page, spa_record_get_string (line, "description"), "Sans 10", ink,
                   page->x0, page->y, width * 0.5, PANGO_ALIGN_LEFT);
      text_at (page, qty, "Sans 10", ink, qty_x, page->y, 40, PANGO_ALIGN_RIGHT);
      text_at (page, each, "Sans 10", ink, price_x, page->y, 80, PANGO_ALIGN_RIGHT);
      text_at (page, amount, "Sans 10", ink, amount_x, page->y, 100, PANGO_ALIGN_RIGHT);
      page->y += h + 3;
      if (spa_record_get_int (line, "discount_cents", 0) > 0)
        {
          g_autofree char *off = money (-spa_record_get_int (line, "discount_cents", 0));

          page->y += text_at (page, _("Discount"), "Sans Italic 9", muted, page->x0 + 12, page->y,
                              width * 0.5, PANGO_ALIGN_LEFT);
          text_at (page, off, "Sans Italic 9", muted, amount_x, page->y - 12, 100,
                   PANGO_ALIGN_RIGHT);
          page->y += 3;
        }
      if (g_strcmp0 (spa_record_get_string (line, "kind"), "service") == 0 &&
          spa_record_get_int (line, "tax_cents", 0) == 0 && price > 0)
        {
          /* A visit a package paid for. */
        }
      page->y += 4;
    }
  hline (page, page->y, rule, 0.8);
  page->y += 10;
}

static void
draw_totals (Page      *page,
             SpaRecord *invoice,
             GPtrArray *lines,
             GPtrArray *payments)
{
  JsonNode *taxes = spa_record_get_json (invoice, "taxes");
  gint64 paid = 0;
  gint64 total = spa_record_get_int (invoice, "total_cents", 0);
  const char *discount_label = NULL;

  for (guint i = 0; i < lines->len; i++)
    if (g_strcmp0 (spa_record_get_string (lines->pdata[i], "kind"), "discount") == 0)
      discount_label = spa_record_get_string (lines->pdata[i], "description");

  total_row (page, _("Subtotal"), spa_record_get_int (invoice, "subtotal_cents", 0), FALSE);
  if (spa_record_get_int (invoice, "discount_cents", 0) > 0)
    total_row (page, discount_label ? discount_label : _("Discount"),
               -spa_record_get_int (invoice, "discount_cents", 0), FALSE);
  if (taxes != NULL && JSON_NODE_HOLDS_ARRAY (taxes))
    {
      JsonArray *array = json_node_get_array (taxes);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *tax = json_array_get_object_element (array, i);
          g_autofree char *rate = spa_money_format_percent (json_object_get_int_member (tax,
                                                                                        "rate_bp"));
          JsonNode *number = json_object_get_member (tax, "registration_number");
          const char *registration = number != NULL && JSON_NODE_HOLDS_VALUE (number)
                                     ? json_node_get_string (number) : NULL;
          g_autofree char *label = registration
                                   /* TRANSLATORS: a tax line of a receipt: name, rate,
                                    * tax number */
                                   ? g_strdup_printf (_("%s %s (No. %s)"),
                                                      json_object_get_string_member (tax,
                                                                                     "name"), rate,
                                                      registration)
                                   /* TRANSLATORS: a tax line of a receipt: name and rate */
                                   : g_strdup_printf (_("%s %s"),
                                                      json_object_get_string_member (tax, "name"),
                                                      rate);

          total_row (page, label, json_object_get_int_member (tax, "cents"), FALSE);
        }
    }
  if (spa_record_get_int (invoice, "tip_cents", 0) > 0)
    total_row (page, _("Tip"), spa_record_get_int (invoice, "tip_cents", 0), FALSE);
  page->y += 2;
  cairo_set_source_rgb (page->cr, rule[0], rule[1], rule[2]);
  cairo_set_line_width (page->cr, 0.8);
  cairo_move_to (page->cr, page->x1 - 340, page->y);
  cairo_line_to (page->cr, page->x1, page->y);
  cairo_stroke (page->cr);
  page->y += 6;
  total_row (page, g_strcmp0 (spa_record_get_string (invoice, "kind"), "refund") == 0
                   ? _("Total refunded") : _("Total"), total, TRUE);
  page->y += 10;

  for (guint i = 0; i < payments->len; i++)
    {
      SpaRecord *payment = payments->pdata[i];
      const char *method = spa_record_get_string (payment, "method");
      g_autofree char *label = NULL;

      paid += spa_record_get_int (payment, "amount_cents", 0);
      if (spa_record_get_int (payment, "change_cents", 0) > 0)
        {
          g_autofree char *tendered = money (spa_record_get_int (payment, "tendered_cents", 0));
          g_autofree char *change = money (spa_record_get_int (payment, "change_cents", 0));

          /* TRANSLATORS: a payment on a receipt: method, cash handed over, change */
          label = g_strdup_printf (_("Paid by %s (%s tendered, %s change)"),
                                   spa_money_payment_method_label (method), tendered, change);
        }
      else
        /* TRANSLATORS: a payment on a receipt; %s is the method (card, cash…) */
        label = g_strdup_printf (_("Paid by %s"), spa_money_payment_method_label (method));
      total_row (page, label, spa_record_get_int (payment, "amount_cents", 0), FALSE);
    }
  total_row (page, _("Balance due"), MAX (total - paid, 0), TRUE);

  if (total - paid <= 0 && total > 0)
    {
      /* A quiet stamp, the way a clinic marks a receipt paid. */
      double x = page->x0 + 4, y = page->y - 64;
      const char *stamp = g_strcmp0 (spa_record_get_string (invoice, "kind"), "refund") == 0
                          ? _("REFUNDED") : _("PAID IN FULL");

      cairo_save (page->cr);
      cairo_translate (page->cr, x + 70, y + 16);
      cairo_rotate (page->cr, -0.12);
      cairo_set_source_rgba (page->cr, accent[0], accent[1], accent[2], 0.85);
      cairo_set_line_width (page->cr, 2);
      cairo_rectangle (page->cr, -70, -16, 150, 34);
      cairo_stroke (page->cr);
      {
        Page inner = *page;
        static const double stamp_color[3] = { 0.11, 0.42, 0.40 };

        text_at (&inner, stamp, "Sans Bold 12", stamp_color, -70, -8, 150, PANGO_ALIGN_CENTER);
      }
      cairo_restore (page->cr);
    }
  page->y += 24;
}

static void
draw_footer (Page      *page,
             SpaRecord *invoice,
             double     height)
{
  double width = page->x1 - page->x0;
  double y = height - MARGIN - 30;
  const char *by = spa_record_get_string (invoice, "issued_by");

  hline (page, y, rule, 0.8);
  y += 8;
  y += text_at (page, _("Thank you for your visit. Keep this receipt for your insurance claim."),
                "Sans 9", muted, page->x0, y, width, PANGO_ALIGN_CENTER) + 2;
  if (by != NULL)
    {
      /* TRANSLATORS: at the foot of a receipt; %s is the person at the desk */
      g_autofree char *text = g_strdup_printf (_("Issued by %s"), by);

      text_at (page, text, "Sans 8", muted, page->x0, y, width, PANGO_ALIGN_CENTER);
    }
}

/**
 * spa_receipt_draw:
 * @spa: the spa's name, address and phone
 * @zone: the spa's time zone, for dates
 * @cr: where to draw, @width × @height points
 *
 * Draws the receipt (or credit note) of @invoice_id on one page.
 */
void
spa_receipt_draw (SpaStore            *store,
                  const SpaReceiptSpa *spa,
                  GTimeZone           *zone,
                  const char          *invoice_id,
                  cairo_t             *cr,
                  double               width,
                  double               height)
{
  g_autoptr(SpaRecord) invoice = spa_store_get (store, "invoice", invoice_id, NULL);
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) payments = NULL;
  Page page = { cr, MARGIN, width - MARGIN, MARGIN, store, zone };

  g_return_if_fail (invoice != NULL);

  lines = spa_store_money_lines (store, invoice_id, NULL);
  payments = spa_store_money_payments (store, invoice_id, NULL);
  if (lines == NULL || payments == NULL)
    return;

  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  draw_header (&page, spa, invoice);
  draw_parties (&page, invoice, lines);
  draw_lines (&page, lines);
  draw_totals (&page, invoice, lines, payments);
  draw_footer (&page, invoice, height);
  cairo_restore (cr);
}

/**
 * spa_receipt_write_pdf:
 * @path: the file to write (replaced)
 *
 * Returns: %TRUE if the PDF was written
 */
gboolean
spa_receipt_write_pdf (SpaStore             *store,
                       const SpaReceiptSpa  *spa,
                       GTimeZone            *zone,
                       const char           *invoice_id,
                       const char           *path,
                       GError              **error)
{
  cairo_t *cr;
  g_autoptr(SpaRecord) invoice = spa_store_get (store, "invoice", invoice_id, error);

  if (invoice == NULL)
    return FALSE;

  cr = spa_pdf_begin (path, SPA_RECEIPT_WIDTH, SPA_RECEIPT_HEIGHT,
                      spa_record_get_string (invoice, "number"));
  spa_receipt_draw (store, spa, zone, invoice_id, cr, SPA_RECEIPT_WIDTH, SPA_RECEIPT_HEIGHT);
  cairo_show_page (cr);
  return spa_pdf_finish (cr, error);
}

/* "Receipt K7MXA-000001.pdf" */
char *
spa_receipt_file_name (SpaStore   *store,
                       const char *invoice_id)
{
  g_autoptr(SpaRecord) invoice = spa_store_get (store, "invoice", invoice_id, NULL);

  /* TRANSLATORS: the file name a receipt is saved under; %s is the invoice number */
  return g_strdup_printf (_("Receipt %s.pdf"), invoice ? spa_record_get_string (invoice,
                                                                                "number") : "");
}

typedef struct
{
  SpaContext *context;
  char       *invoice_id;
  char       *name;
  char       *address;
  char       *phone;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->context);
  g_free (job->invoice_id);
  g_free (job->name);
  g_free (job->address);
  g_free (job->phone);
  g_free (job);
}

static Job *
job_new (SpaContext *context,
         const char *invoice_id)
{
  Job *job = g_new0 (Job, 1);
  GSettings *settings = spa_context_get_settings (context);

  job->context = g_object_ref (context);
  job->invoice_id = g_strdup (invoice_id);
  job->name = g_settings_get_string (settings, "spa-name");
  job->address = g_settings_get_string (settings, "spa-address");
  job->phone = g_settings_get_string (settings, "spa-phone");
  return job;
}

static SpaReceiptSpa
job_spa (Job *job)
{
  return (SpaReceiptSpa) { job->name, job->address, job->phone };
}

static void
save_response_cb (GtkNativeDialog *chooser,
                  int              response,
                  Job             *job)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;
      g_autoptr(GError) error = NULL;
      SpaReceiptSpa spa = job_spa (job);

      if (path != NULL &&
          !spa_receipt_write_pdf (spa_context_get_store (job->context), &spa,
                                  spa_context_get_time_zone (job->context), job->invoice_id,
                                  path, &error))
        {
          GtkWindow *parent = gtk_native_dialog_get_transient_for (chooser);
          GtkWidget *dialog = adw_message_dialog_new (parent, _("Receipt Not Saved"),
                                                      error->message);

          adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
          gtk_window_present (GTK_WINDOW (dialog));
        }
    }
  job_free (job);
  g_object_unref (chooser);
}

/* "Save Receipt…": the file chooser (a portal in the Flatpak), then the PDF. */
void
spa_receipt_save_dialog (SpaContext *context,
                         GtkWindow  *parent,
                         const char *invoice_id)
{
  GtkFileChooserNative *chooser;
  g_autofree char *name = spa_receipt_file_name (spa_context_get_store (context), invoice_id);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Save Receipt"), parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect (chooser, "response", G_CALLBACK (save_response_cb), job_new (context,
                                                                                 invoice_id));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *print_context,
              int                page_nr,
              Job               *job)
{
  SpaReceiptSpa spa = job_spa (job);
  double width = gtk_print_context_get_width (print_context);
  double height = gtk_print_context_get_height (print_context);
  cairo_t *cr = gtk_print_context_get_cairo_context (print_context);

  /* The page is laid out on Letter; scale it to the printable area. */
  cairo_scale (cr, width / SPA_RECEIPT_WIDTH, height / SPA_RECEIPT_HEIGHT);
  spa_receipt_draw (spa_context_get_store (job->context), &spa,
                    spa_context_get_time_zone (job->context),
                    job->invoice_id, cr, SPA_RECEIPT_WIDTH, SPA_RECEIPT_HEIGHT);
}

/* "Print Receipt…": the system print dialog. */
void
spa_receipt_print (SpaContext *context,
                   GtkWindow  *parent,
                   const char *invoice_id)
{
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  g_autofree char *name = spa_receipt_file_name (spa_context_get_store (context), invoice_id);
  Job *job = job_new (context, invoice_id);
  g_autoptr(GError) error = NULL;

  gtk_print_operation_set_n_pages (operation, 1);
  gtk_print_operation_set_job_name (operation, name);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), job);
  gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent, &error);
  job_free (job);
  if (error != NULL)
    g_warning ("Printing failed: %s", error->message);
}
