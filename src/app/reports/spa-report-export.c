/* spa-report-export.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-report-export"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "spa-chart.h"
#include "spa-report-export.h"

/*
 * A report leaves the desk as CSV (the core writes it, spa_report_table_to_csv()) or on
 * paper: GtkPrintOperation draws the title, the chart (the same drawing as on screen,
 * spa_chart_render()) and the table, over as many pages as the rows need; "Save as
 * PDF" is the same operation exported to a file chosen in the file chooser (a portal
 * in the Flatpak).
 */

#define PRINT_CHART_HEIGHT 260.0
#define PRINT_ROW_GAP 4.0

static void
show_error (GtkWindow  *parent,
            const char *heading,
            GError     *error)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * spa_report_write_csv:
 *
 * Writes @table as CSV into @file, replacing it.
 */
gboolean
spa_report_write_csv (SpaReportTable *table,
                      GFile          *file,
                      GError        **error)
{
  g_autofree char *csv = spa_report_table_to_csv (table);

  return g_file_replace_contents (file, csv, strlen (csv), NULL, FALSE, G_FILE_CREATE_NONE, NULL,
                                  NULL, error);
}

typedef struct
{
  SpaReportTable *table;
  char           *subtitle;
  int             rows_first;  /* table rows on the first page (under the chart) */
  int             rows_page;   /* on each later page */
  double          line_h;
} PrintJob;

static void
print_job_free (PrintJob *job)
{
  spa_report_table_unref (job->table);
  g_free (job->subtitle);
  g_free (job);
}

static PangoLayout *
print_layout (GtkPrintContext *context,
              const char      *text,
              int              size,
              gboolean         bold)
{
  PangoLayout *layout = gtk_print_context_create_pango_layout (context);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans");

  pango_font_description_set_size (font, size * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                PrintJob          *job)
{
  double height = gtk_print_context_get_height (context);
  g_autoptr(PangoLayout) probe = print_layout (context, "Hg", 9, FALSE);
  int w, h, rows = (int)job->table->rows->len + 1, pages = 1, left;

  pango_layout_get_pixel_size (probe, &w, &h);
  job->line_h = h + PRINT_ROW_GAP;
  job->rows_first = MAX (1, (int)((height - 70 - PRINT_CHART_HEIGHT - 20) / job->line_h));
  job->rows_page = MAX (1, (int)((height - 20) / job->line_h));
  left = rows - job->rows_first;
  while (left > 0)
    {
      pages++;
      left -= job->rows_page;
    }
  gtk_print_operation_set_n_pages (operation, pages);
}

static void
draw_row (GtkPrintContext *context,
          PrintJob        *job,
          int              row,
          double           y,
          double           width)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  SpaReportTable *table = job->table;
  guint columns = table->columns->len;
  double label_w = width * (columns > 6 ? 0.2 : 0.4);
  double col_w = (width - label_w) / MAX (columns, 1);
  gboolean header = row < 0;

  for (guint c = 0; c <= columns; c++)
    {
      g_autofree char *text = NULL;
      g_autoptr(PangoLayout) layout = NULL;
      int w, h;

      if (c == 0)
        text =
            g_strdup (header ? table->row_title : ((SpaReportRow *)table->rows->pdata[row])->label);
      else if (header)
        text = g_strdup (((SpaReportColumn *)table->columns->pdata[c - 1])->title);
      else
        text = spa_report_format_value (spa_report_table_get_kind (table, row, c - 1),
                                        ((SpaReportRow *)table->rows->pdata[row])->values[c - 1]);
      layout = print_layout (context, text ? text : "", columns > 10 ? 7 : 9, header);
      pango_layout_set_width (layout, (int)((c == 0 ? label_w : col_w) - 6) * PANGO_SCALE);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_alignment (layout, c == 0 ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT);
      pango_layout_get_pixel_size (layout, &w, &h);
      cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
      cairo_move_to (cr, c == 0 ? 0 : label_w + col_w * (c - 1), y);
      pango_cairo_show_layout (cr, layout);
    }
  if (header)
    {
      cairo_set_source_rgb (cr, 0.6, 0.6, 0.6);
      cairo_set_line_width (cr, 0.5);
      cairo_move_to (cr, 0, y + job->line_h - 1);
      cairo_line_to (cr, width, y + job->line_h - 1);
      cairo_stroke (cr);
    }
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page,
              PrintJob          *job)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double width = gtk_print_context_get_width (context);
  double y = 0;
  int first, count;

  if (page == 0)
    {
      g_autoptr(PangoLayout) title = print_layout (context, job->table->title, 16, TRUE);
      g_autoptr(PangoLayout) subtitle =
                     print_layout (context, job->subtitle ? job->subtitle : "", 10, FALSE);
      g_autoptr(GObject) pango = G_OBJECT (gtk_print_context_create_pango_context (context));
      g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans 8");
      GdkRGBA fg = { 0.1, 0.1, 0.1, 1 }, accent = { 0.21, 0.52, 0.89, 1 };
      int w, h;

      cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
      cairo_move_to (cr, 0, 0);
      pango_cairo_show_layout (cr, title);
      pango_layout_get_pixel_size (title, &w, &h);
      y += h + 4;
      cairo_move_to (cr, 0, y);
      pango_cairo_show_layout (cr, subtitle);
      pango_layout_get_pixel_size (subtitle, &w, &h);
      y += h + 16;
      if (job->table->kind != SPA_REPORT_N)
        {
          pango_context_set_font_description (PANGO_CONTEXT (pango), font);
          cairo_save (cr);
          cairo_translate (cr, 0, y);
          spa_chart_render (job->table, cr, PANGO_CONTEXT (pango), width, PRINT_CHART_HEIGHT, &fg,
                            &accent);
          cairo_restore (cr);
          y += PRINT_CHART_HEIGHT + 20;
        }
      draw_row (context, job, -1, y, width);
      y += job->line_h;
      first = 0;
      count = job->rows_first - 1;
    }
  else
    {
      first = job->rows_first - 1 + (page - 1) * job->rows_page;
      count = job->rows_page;
    }
  for (int r = first; r < first + count && r < (int)job->table->rows->len; r++)
    {
      draw_row (context, job, r, y, width);
      y += job->line_h;
    }
}

static GtkPrintOperation *
new_operation (SpaReportTable *table,
               const char     *subtitle)
{
  GtkPrintOperation *operation = gtk_print_operation_new ();
  PrintJob *job = g_new0 (PrintJob, 1);

  job->table = spa_report_table_ref (table);
  job->subtitle = g_strdup (subtitle);
  gtk_print_operation_set_job_name (operation, table->title);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_signal_connect_data (operation, "begin-print", G_CALLBACK (begin_print_cb), job, NULL, 0);
  g_signal_connect_data (operation, "draw-page", G_CALLBACK (draw_page_cb), job,
                         (GClosureNotify)(void (*) (void))print_job_free, 0);
  return operation;
}

/**
 * spa_report_write_pdf:
 *
 * Writes @table (title, @subtitle, chart and table) as a PDF file at @path.
 */
gboolean
spa_report_write_pdf (GtkWindow       *parent,
                      SpaReportTable  *table,
                      const char      *subtitle,
                      const char      *path,
                      GError         **error)
{
  g_autoptr(GtkPrintOperation) operation = new_operation (table, subtitle);

  gtk_print_operation_set_export_filename (operation, path);
  return gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, parent, error) !=
         GTK_PRINT_OPERATION_RESULT_ERROR;
}

/**
 * spa_report_print:
 *
 * Opens the system's print dialog for @table.
 */
static void
print_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               GtkWindow               *parent)
{
  g_autoptr(GError) error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (operation, &error);
      if (error != NULL)
        show_error (parent, _("Could Not Print"), error);
    }
}

void
spa_report_print (GtkWindow      *parent,
                  SpaReportTable *table,
                  const char     *subtitle)
{
  g_autoptr(GtkPrintOperation) operation = new_operation (table, subtitle);
  g_autoptr(GError) error = NULL;

  /* Asynchronous: the window goes on while the dialog is open, without a nested main
   * loop; the operation keeps itself alive until "done". */
  gtk_print_operation_set_allow_async (operation, TRUE);
  g_signal_connect_object (operation, "done", G_CALLBACK (print_done_cb), parent, 0);
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent,
                               &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    show_error (parent, _("Could Not Print"), error);
}

typedef struct
{
  GtkWindow      *parent;
  SpaReportTable *table;
  char           *subtitle;
  gboolean        pdf;
} SaveJob;

static void
save_response_cb (GtkNativeDialog *chooser,
                  int              response,
                  SaveJob         *job)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    {
      gboolean ok;

      if (job->pdf)
        {
          g_autofree char *path = g_file_get_path (file);

          ok = path != NULL &&
               spa_report_write_pdf (job->parent, job->table, job->subtitle, path, &error);
        }
      else
        ok = spa_report_write_csv (job->table, file, &error);
      if (!ok && error != NULL)
        show_error (job->parent, _("Could Not Save the Report"), error);
    }

  g_object_unref (chooser);
  spa_report_table_unref (job->table);
  g_free (job->subtitle);
  g_free (job);
}

static void
save_as (GtkWindow      *parent,
         SpaReportTable *table,
         const char     *subtitle,
         const char     *suggested_name,
         gboolean        pdf)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  SaveJob *job = g_new0 (SaveJob, 1);

  chooser = gtk_file_chooser_native_new (pdf ? _("Save Report as PDF")
                                             : _("Export Report as CSV"), parent,
                                                  GTK_FILE_CHOOSER_ACTION_SAVE,
                                                  _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested_name);
  gtk_file_filter_set_name (filter, pdf ? _("PDF documents") : _("CSV spreadsheets"));
  gtk_file_filter_add_suffix (filter, pdf ? "pdf" : "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);

  job->parent = parent;
  job->table = spa_report_table_ref (table);
  job->subtitle = g_strdup (subtitle);
  job->pdf = pdf;
  g_signal_connect (chooser, "response", G_CALLBACK (save_response_cb), job);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/**
 * spa_report_export_csv:
 *
 * Asks where to save @table as CSV (the file chooser, a portal in the Flatpak) and
 * writes it there.
 */
void
spa_report_export_csv (GtkWindow      *parent,
                       SpaReportTable *table,
                       const char     *suggested_name)
{
  save_as (parent, table, NULL, suggested_name, FALSE);
}

/**
 * spa_report_export_pdf:
 *
 * Asks where to save @table as a PDF file and writes it there.
 */
void
spa_report_export_pdf (GtkWindow      *parent,
                       SpaReportTable *table,
                       const char     *subtitle,
                       const char     *suggested_name)
{
  save_as (parent, table, subtitle, suggested_name, TRUE);
}
