/* spa-print-document.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-print-document"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "spa-print-document.h"
#include "spa-widget-util.h"

/*
 * A document as a clinic files it (a client's file, an intake form, a session note
 * with its amendments, the progress chart): headings, labelled fields, text and
 * drawings, flowed onto numbered pages. The same drawing goes on a PDF surface for a
 * saved file and on the print context for the system print dialog, so a printed
 * chart and a saved one are the same pages.
 */

#define MARGIN       54.0
#define LABEL_COLUMN_MIN 100.0  /* the labels' column: as wide as the widest label, within */
#define LABEL_COLUMN_MAX 0.55   /* … this part of the text's width */
#define LABEL_GAP    12.0
#define HEADER_SPACE 34.0     /* the running title above the text, from page 2 */
#define FOOTER_SPACE 28.0

typedef enum
{
  BLOCK_HEADING,
  BLOCK_SUBHEADING,
  BLOCK_FIELD,
  BLOCK_TEXT,
  BLOCK_DRAWING,
} BlockKind;

typedef struct
{
  BlockKind         kind;
  char             *markup;
  double            space_before;
  /* A drawing's */
  double            height;
  SpaPrintDrawFunc  draw;
  gpointer          data;
  GDestroyNotify    destroy;
  /* Laid out by spa_print_document_paginate() */
  PangoLayout      *layout;
} Block;

/* A run of a block's lines (or a whole drawing) on one page, at @y. */
typedef struct
{
  guint  page;
  guint  block;
  int    first_line;
  int    n_lines;
  double y;
} Placement;

struct _SpaPrintDocument
{
  char    *title;
  char    *subtitle;
  GArray  *blocks;      /* Block */
  GArray  *placements;  /* Placement, by page */
  guint    n_pages;
  double   width;
  double   height;
};

static const double ink[3] = { 0.13, 0.15, 0.17 };
static const double muted[3] = { 0.42, 0.45, 0.48 };
static const double accent[3] = { 0.11, 0.42, 0.40 };

static void
block_clear (Block *block)
{
  g_free (block->markup);
  g_clear_object (&block->layout);
  if (block->destroy != NULL)
    block->destroy (block->data);
}

/**
 * spa_print_document_new:
 * @title: the document's title (the client's name and what it is)
 * @subtitle: (nullable): a line under it (the spa, the day it was made)
 *
 * Returns: (transfer full): an empty document
 */
SpaPrintDocument *
spa_print_document_new (const char *title,
                        const char *subtitle)
{
  SpaPrintDocument *self = g_new0 (SpaPrintDocument, 1);

  self->title = g_strdup (title);
  self->subtitle = g_strdup (subtitle);
  self->blocks = g_array_new (FALSE, TRUE, sizeof (Block));
  g_array_set_clear_func (self->blocks, (GDestroyNotify)block_clear);
  self->placements = g_array_new (FALSE, TRUE, sizeof (Placement));
  return self;
}

void
spa_print_document_free (SpaPrintDocument *self)
{
  if (self == NULL)
    return;
  g_free (self->title);
  g_free (self->subtitle);
  g_array_unref (self->blocks);
  g_array_unref (self->placements);
  g_free (self);
}

const char *
spa_print_document_get_title (SpaPrintDocument *self)
{
  return self->title;
}

static void
add_block (SpaPrintDocument *self,
           BlockKind         kind,
           char             *markup,
           double            space_before)
{
  Block block = { kind, markup, space_before };

  g_array_append_val (self->blocks, block);
}

/* A section: "Intake form, March 3, 2026". */
void
spa_print_document_add_heading (SpaPrintDocument *self,
                                const char       *text)
{
  add_block (self, BLOCK_HEADING, g_markup_escape_text (text, -1), 18);
}

/* A part of a section: "Amendment by Claire Dubois". */
void
spa_print_document_add_subheading (SpaPrintDocument *self,
                                   const char       *text)
{
  add_block (self, BLOCK_SUBHEADING, g_markup_escape_text (text, -1), 8);
}

/**
 * spa_print_document_add_field:
 * @label: what the value is ("Allergies")
 * @value: (nullable): the value; an empty one adds nothing
 *
 * Adds a line with @label in the left column and @value beside it, wrapped under
 * itself.
 */
void
spa_print_document_add_field (SpaPrintDocument *self,
                              const char       *label,
                              const char       *value)
{
  g_autofree char *label_markup = NULL;
  g_autofree char *value_markup = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *joined = NULL;

  if (value == NULL || value[0] == '\0')
    return;
  label_markup = g_markup_escape_text (label, -1);
  value_markup = g_markup_escape_text (value, -1);
  /* The text a person typed may hold tabs, which would jump past the column, and line
   * breaks, which would start a paragraph back under the label: a line separator
   * keeps its lines in the value's column. */
  g_strdelimit (value_markup, "\t\r", ' ');
  lines = g_strsplit (value_markup, "\n", -1);
  joined = g_strjoinv ("\u2028", lines);
  add_block (self, BLOCK_FIELD, g_strconcat ("<b>", label_markup, "</b>\t", joined, NULL), 2);
}

/* A paragraph of plain text. */
void
spa_print_document_add_text (SpaPrintDocument *self,
                             const char       *text)
{
  add_block (self, BLOCK_TEXT, g_markup_escape_text (text, -1), 4);
}

/**
 * spa_print_document_add_drawing:
 * @height: its height in points (it takes the text's width)
 * @draw: (scope notified): draws it
 * @data: for @draw
 * @destroy: (nullable): frees @data with the document
 *
 * Adds a picture, kept whole on one page.
 */
void
spa_print_document_add_drawing (SpaPrintDocument *self,
                                double            height,
                                SpaPrintDrawFunc  draw,
                                gpointer          data,
                                GDestroyNotify    destroy)
{
  Block block = { BLOCK_DRAWING, NULL, 8, height, draw, data, destroy };

  g_array_append_val (self->blocks, block);
}

static const char *
block_font (BlockKind kind)
{
  switch (kind)
    {
    case BLOCK_HEADING:
      return "Sans Bold 13";
    case BLOCK_SUBHEADING:
      return "Sans Bold 10.5";
    case BLOCK_FIELD:
    case BLOCK_TEXT:
    case BLOCK_DRAWING:
    default:
      return "Sans 10";
    }
}

static PangoLayout *
new_layout (cairo_t    *cr,
            const char *font,
            double      width)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *desc = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_width (layout, (int)(width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  return layout;
}

static void
lay_out_block (Block   *block,
               cairo_t *cr,
               double   width,
               double   column)
{
  g_clear_object (&block->layout);
  if (block->kind == BLOCK_DRAWING)
    return;
  block->layout = new_layout (cr, block_font (block->kind), width);
  if (block->kind == BLOCK_FIELD)
    {
      /* The label in its column, the value beside it and its lines under it. */
      PangoTabArray *tabs = pango_tab_array_new_with_positions (1, TRUE, PANGO_TAB_LEFT,
                                                                (int)column);

      pango_layout_set_tabs (block->layout, tabs);
      pango_tab_array_free (tabs);
      pango_layout_set_indent (block->layout, -(int)(column * PANGO_SCALE));
    }
  pango_layout_set_markup (block->layout, block->markup, -1);
  if (block->kind == BLOCK_FIELD)
    {
      const char *text = pango_layout_get_text (block->layout);
      const char *tab = strchr (text, '\t');
      PangoRectangle at;

      /* A label wider than its column: the value starts on the next line, in the
       * column, instead of at the next tab stop. */
      pango_layout_index_to_pos (block->layout, tab ? (int)(tab - text) : 0, &at);
      if (tab != NULL && at.x > (int)((column - LABEL_GAP / 2) * PANGO_SCALE))
        {
          g_autofree char *markup = g_strdup (block->markup);
          char *markup_tab = strchr (markup, '\t');
          g_autofree char *broken = NULL;

          *markup_tab = '\0';
          broken = g_strconcat (markup, "\u2028", markup_tab + 1, NULL);
          pango_layout_set_markup (block->layout, broken, -1);
        }
    }
}

/* The labels' column of @self's fields laid out @width wide: the widest label and a
 * gap, so that a long label ("Booking e-mails and reminders") keeps its value beside
 * it, within a part of the width that leaves the values most of the line. */
static double
label_column (SpaPrintDocument *self,
              cairo_t          *cr,
              double            width)
{
  PangoLayout *layout = new_layout (cr, block_font (BLOCK_FIELD), 0);
  double widest = 0;

  pango_layout_set_width (layout, -1);
  for (guint b = 0; b < self->blocks->len; b++)
    {
      Block *block = &g_array_index (self->blocks, Block, b);
      const char *tab;
      g_autofree char *label = NULL;
      int label_width;

      if (block->kind != BLOCK_FIELD || (tab = strchr (block->markup, '\t')) == NULL)
        continue;
      label = g_strndup (block->markup, tab - block->markup);
      pango_layout_set_markup (layout, label, -1);
      pango_layout_get_size (layout, &label_width, NULL);
      widest = MAX (widest, (double)label_width / PANGO_SCALE);
    }
  g_object_unref (layout);
  return CLAMP (widest + LABEL_GAP, LABEL_COLUMN_MIN, width * LABEL_COLUMN_MAX);
}

/* The top of the text on @page, and its bottom. */
static double
text_top (SpaPrintDocument *self,
          guint             page)
{
  return page == 0 ? MARGIN : MARGIN + HEADER_SPACE;
}

static double
text_bottom (SpaPrintDocument *self)
{
  return self->height - MARGIN - FOOTER_SPACE;
}

/* The height of the title block on the first page. */
static double
title_height (SpaPrintDocument *self,
              cairo_t          *cr)
{
  g_autoptr(PangoLayout) title = new_layout (cr, "Sans Bold 18", self->width - 2 * MARGIN);
  g_autoptr(PangoLayout) subtitle = new_layout (cr, "Sans 10", self->width - 2 * MARGIN);
  int h1, h2 = 0;

  pango_layout_set_text (title, self->title, -1);
  pango_layout_get_size (title, NULL, &h1);
  if (self->subtitle != NULL)
    {
      pango_layout_set_text (subtitle, self->subtitle, -1);
      pango_layout_get_size (subtitle, NULL, &h2);
    }
  return (double)(h1 + h2) / PANGO_SCALE + 14;
}

/**
 * spa_print_document_paginate:
 * @cr: a cairo context of the surface it will be drawn on (for the fonts)
 * @width: the page's width, in points
 * @height: its height
 *
 * Flows the document onto pages of @width × @height.
 *
 * Returns: the number of pages
 */
guint
spa_print_document_paginate (SpaPrintDocument *self,
                             cairo_t          *cr,
                             double            width,
                             double            height)
{
  double text_width = width - 2 * MARGIN;
  double column;
  guint page = 0;
  double y;

  g_return_val_if_fail (self != NULL, 0);

  self->width = width;
  self->height = height;
  g_array_set_size (self->placements, 0);
  y = text_top (self, 0) + title_height (self, cr);
  column = label_column (self, cr, text_width);

  for (guint b = 0; b < self->blocks->len; b++)
    {
      Block *block = &g_array_index (self->blocks, Block, b);
      gboolean keep_with_next = block->kind == BLOCK_HEADING || block->kind == BLOCK_SUBHEADING;
      PangoLayoutIter *iter;
      int first = 0, n = 0;
      double run_top = 0;

      lay_out_block (block, cr, text_width, column);
      if (y > text_top (self, page))
        y += block->space_before;

      if (block->kind == BLOCK_DRAWING)
        {
          Placement placement = { page, b, 0, 0, y };

          if (y + block->height > text_bottom (self) && y > text_top (self, page))
            {
              page++;
              placement.page = page;
              placement.y = y = text_top (self, page);
            }
          g_array_append_val (self->placements, placement);
          y += block->height;
          continue;
        }

      /* A heading with no room for a line after it starts the next page. */
      if (keep_with_next && y + 3 * 14 > text_bottom (self) && y > text_top (self, page))
        {
          page++;
          y = text_top (self, page);
        }

      iter = pango_layout_get_iter (block->layout);
      do
        {
          int top, bottom;

          pango_layout_iter_get_line_yrange (iter, &top, &bottom);
          if (n == 0)
            run_top = (double)top / PANGO_SCALE;
          /* A line that does not fit goes to the next page, unless it is alone on
           * an empty one already. */
          if (y + ((double)bottom / PANGO_SCALE - run_top) > text_bottom (self) &&
              (n > 0 || y > text_top (self, page)))
            {
              Placement placement = { page, b, first, n, y };

              if (n > 0)
                g_array_append_val (self->placements, placement);
              page++;
              y = text_top (self, page);
              first += n;
              n = 0;
              run_top = (double)top / PANGO_SCALE;
            }
          n++;
        }
      while (pango_layout_iter_next_line (iter));
      pango_layout_iter_free (iter);
      {
        Placement placement = { page, b, first, n, y };
        int total;

        g_array_append_val (self->placements, placement);
        pango_layout_get_size (block->layout, NULL, &total);
        y += (double)total / PANGO_SCALE - run_top;
      }
    }

  self->n_pages = page + 1;
  return self->n_pages;
}

static void
set_color (cairo_t      *cr,
           const double  color[3])
{
  cairo_set_source_rgb (cr, color[0], color[1], color[2]);
}

/* Draws @n lines of @layout from line @first, the first line's top at (@x, @y). */
static void
draw_lines (cairo_t     *cr,
            PangoLayout *layout,
            int          first,
            int          n,
            double       x,
            double       y)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  double offset = 0;
  int i = 0;

  do
    {
      if (i == first)
        {
          int top;

          pango_layout_iter_get_line_yrange (iter, &top, NULL);
          offset = (double)top / PANGO_SCALE;
        }
      if (i >= first && i < first + n)
        {
          PangoRectangle logical;
          PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
          double baseline = (double)pango_layout_iter_get_baseline (iter) / PANGO_SCALE;

          pango_layout_iter_get_line_extents (iter, NULL, &logical);
          cairo_move_to (cr, x + (double)logical.x / PANGO_SCALE, y + baseline - offset);
          pango_cairo_show_layout_line (cr, line);
        }
      i++;
    }
  while (i < first + n && pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
}

static void
draw_frame (SpaPrintDocument *self,
            cairo_t          *cr,
            guint             page)
{
  g_autoptr(PangoLayout) layout = new_layout (cr, "Sans 8.5", self->width - 2 * MARGIN);
  g_autofree char *page_text = NULL;
  int h;

  set_color (cr, muted);
  if (page > 0)
    {
      pango_layout_set_text (layout, self->title, -1);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      cairo_move_to (cr, MARGIN, MARGIN);
      pango_cairo_show_layout (cr, layout);
      cairo_rectangle (cr, MARGIN, MARGIN + 16, self->width - 2 * MARGIN, 0.6);
      cairo_fill (cr);
    }
  /* TRANSLATORS: at the foot of a printed page */
  page_text = g_strdup_printf (_("Page %u of %u"), page + 1, self->n_pages);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_NONE);
  pango_layout_set_alignment (layout, PANGO_ALIGN_RIGHT);
  pango_layout_set_text (layout, page_text, -1);
  pango_layout_get_size (layout, NULL, &h);
  cairo_move_to (cr, MARGIN, self->height - MARGIN - (double)h / PANGO_SCALE);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_title (SpaPrintDocument *self,
            cairo_t          *cr)
{
  g_autoptr(PangoLayout) title = new_layout (cr, "Sans Bold 18", self->width - 2 * MARGIN);
  int h;

  pango_layout_set_text (title, self->title, -1);
  set_color (cr, accent);
  cairo_move_to (cr, MARGIN, MARGIN);
  pango_cairo_show_layout (cr, title);
  pango_layout_get_size (title, NULL, &h);
  if (self->subtitle != NULL)
    {
      g_autoptr(PangoLayout) subtitle = new_layout (cr, "Sans 10", self->width - 2 * MARGIN);

      pango_layout_set_text (subtitle, self->subtitle, -1);
      set_color (cr, muted);
      cairo_move_to (cr, MARGIN, MARGIN + (double)h / PANGO_SCALE);
      pango_cairo_show_layout (cr, subtitle);
    }
}

/**
 * spa_print_document_draw_page:
 * @cr: the page's cairo context, (0, 0) its top left, in points
 * @page: which page, from 0; after spa_print_document_paginate()
 *
 * Draws one page.
 */
void
spa_print_document_draw_page (SpaPrintDocument *self,
                              cairo_t          *cr,
                              guint             page)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (page < self->n_pages);

  cairo_save (cr);
  draw_frame (self, cr, page);
  if (page == 0)
    draw_title (self, cr);
  for (guint i = 0; i < self->placements->len; i++)
    {
      Placement *placement = &g_array_index (self->placements, Placement, i);
      Block *block = &g_array_index (self->blocks, Block, placement->block);

      if (placement->page != page)
        continue;
      if (block->kind == BLOCK_DRAWING)
        {
          cairo_save (cr);
          cairo_translate (cr, MARGIN, placement->y);
          block->draw (cr, self->width - 2 * MARGIN, block->height, block->data);
          cairo_restore (cr);
          continue;
        }
      set_color (cr, block->kind == BLOCK_HEADING ? accent : ink);
      draw_lines (cr, block->layout, placement->first_line, placement->n_lines, MARGIN,
                  placement->y);
      if (block->kind == BLOCK_HEADING && placement->first_line == 0)
        {
          int h;

          /* A rule under a section's heading. */
          pango_layout_get_size (block->layout, NULL, &h);
          cairo_rectangle (cr, MARGIN, placement->y + (double)h / PANGO_SCALE + 1,
                           self->width - 2 * MARGIN, 0.8);
          cairo_fill (cr);
        }
    }
  cairo_restore (cr);
}

/**
 * spa_print_document_write_pdf:
 * @path: the file to write (replaced)
 *
 * Writes the document as a PDF of US Letter pages.
 *
 * Returns: whether it was written
 */
gboolean
spa_print_document_write_pdf (SpaPrintDocument  *self,
                              const char        *path,
                              GError           **error)
{
  cairo_t *cr;
  guint n_pages;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  cr = spa_pdf_begin (path, SPA_PRINT_DOCUMENT_WIDTH, SPA_PRINT_DOCUMENT_HEIGHT, self->title);
  n_pages = spa_print_document_paginate (self, cr, SPA_PRINT_DOCUMENT_WIDTH,
                                         SPA_PRINT_DOCUMENT_HEIGHT);
  for (guint page = 0; page < n_pages; page++)
    {
      spa_print_document_draw_page (self, cr, page);
      cairo_show_page (cr);
    }
  return spa_pdf_finish (cr, error);
}

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                SpaPrintDocument  *self)
{
  guint n_pages;

  /* Flowed onto the paper in the printer (A4, Letter…), in points. */
  n_pages = spa_print_document_paginate (self, gtk_print_context_get_cairo_context (context),
                                         gtk_print_context_get_width (context),
                                         gtk_print_context_get_height (context));
  gtk_print_operation_set_n_pages (operation, (int)n_pages);
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              SpaPrintDocument  *self)
{
  spa_print_document_draw_page (self, gtk_print_context_get_cairo_context (context),
                                (guint)page_nr);
}

/**
 * spa_print_document_new_operation:
 * @self: (transfer full): the document, freed with the operation
 *
 * Returns: (transfer full): a print operation that prints @self: run it with the
 *   print dialog, or export it to a PDF file
 */
GtkPrintOperation *
spa_print_document_new_operation (SpaPrintDocument *self)
{
  GtkPrintOperation *operation = gtk_print_operation_new ();

  g_return_val_if_fail (self != NULL, NULL);

  gtk_print_operation_set_job_name (operation, self->title);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_use_full_page (operation, FALSE);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), self);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), self);
  g_object_set_data_full (G_OBJECT (operation), "spa-print-document", self,
                          (GDestroyNotify)spa_print_document_free);
  return operation;
}
