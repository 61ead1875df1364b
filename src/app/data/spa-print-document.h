/* spa-print-document.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SPA_PRINT_DOCUMENT_WIDTH  612.0   /* US Letter, in points */
#define SPA_PRINT_DOCUMENT_HEIGHT 792.0

/**
 * SpaPrintDrawFunc:
 * @cr: where to draw, with (0, 0) the drawing's top left
 * @width: the drawing's width, in points
 * @height: its height
 * @data: the drawing's data
 *
 * Draws a picture of a document (the body map, a chart).
 */
typedef void (*SpaPrintDrawFunc) (cairo_t *cr,
                                  double   width,
                                  double   height,
                                  gpointer data);

typedef struct _SpaPrintDocument SpaPrintDocument;

SpaPrintDocument  *spa_print_document_new          (const char        *title,
                                                    const char        *subtitle);
void               spa_print_document_free         (SpaPrintDocument  *self);
const char        *spa_print_document_get_title    (SpaPrintDocument  *self);
void               spa_print_document_add_heading  (SpaPrintDocument  *self,
                                                    const char        *text);
void               spa_print_document_add_subheading (SpaPrintDocument *self,
                                                      const char       *text);
void               spa_print_document_add_field    (SpaPrintDocument  *self,
                                                    const char        *label,
                                                    const char        *value);
void               spa_print_document_add_text     (SpaPrintDocument  *self,
                                                    const char        *text);
void               spa_print_document_add_drawing  (SpaPrintDocument  *self,
                                                    double             height,
                                                    SpaPrintDrawFunc   draw,
                                                    gpointer           data,
                                                    GDestroyNotify     destroy);
guint              spa_print_document_paginate     (SpaPrintDocument  *self,
                                                    cairo_t           *cr,
                                                    double             width,
                                                    double             height);
void               spa_print_document_draw_page    (SpaPrintDocument  *self,
                                                    cairo_t           *cr,
                                                    guint              page);
gboolean           spa_print_document_write_pdf    (SpaPrintDocument  *self,
                                                    const char        *path,
                                                    GError           **error);
GtkPrintOperation *spa_print_document_new_operation (SpaPrintDocument *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpaPrintDocument, spa_print_document_free)

G_END_DECLS
