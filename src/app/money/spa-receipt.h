/* spa-receipt.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <adwaita.h>

#include "spa-context.h"
#include "spa-core.h"

G_BEGIN_DECLS

/**
 * SpaReceiptSpa:
 * @name: the spa's name
 * @address: (nullable): its address, one line per line
 * @phone: (nullable): its phone number
 *
 * The spa as a receipt prints it (from the settings).
 */
typedef struct
{
  const char *name;
  const char *address;
  const char *phone;
} SpaReceiptSpa;

#define SPA_RECEIPT_WIDTH  612.0   /* US Letter, in points */
#define SPA_RECEIPT_HEIGHT 792.0

void     spa_receipt_draw        (SpaStore             *store,
                                  const SpaReceiptSpa  *spa,
                                  GTimeZone            *zone,
                                  const char           *invoice_id,
                                  cairo_t              *cr,
                                  double                width,
                                  double                height);
gboolean spa_receipt_write_pdf   (SpaStore             *store,
                                  const SpaReceiptSpa  *spa,
                                  GTimeZone            *zone,
                                  const char           *invoice_id,
                                  const char           *path,
                                  GError              **error);
char    *spa_receipt_file_name   (SpaStore             *store,
                                  const char           *invoice_id);
void     spa_receipt_save_dialog (SpaContext           *context,
                                  GtkWindow            *parent,
                                  const char           *invoice_id);
void     spa_receipt_print       (SpaContext           *context,
                                  GtkWindow            *parent,
                                  const char           *invoice_id);

G_END_DECLS
