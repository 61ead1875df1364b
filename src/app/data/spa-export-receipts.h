/* spa-export-receipts.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "spa-core.h"

G_BEGIN_DECLS

/* The folder of an export that holds the receipts. */
#define SPA_EXPORT_RECEIPTS_FOLDER "receipts"

typedef struct _SpaExportReceipts SpaExportReceipts;

SpaExportReceipts *spa_export_receipts_new   (GSettings         *settings,
                                              GTimeZone         *zone);
void               spa_export_receipts_free  (SpaExportReceipts *self);
gboolean           spa_export_receipts_write (SpaStore          *store,
                                              const char        *folder,
                                              gpointer           self,
                                              GCancellable      *cancellable,
                                              GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpaExportReceipts, spa_export_receipts_free)

G_END_DECLS
