/* spa-import-dialog.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "spa-context.h"

G_BEGIN_DECLS

#define SPA_TYPE_IMPORT_DIALOG (spa_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SpaImportDialog, spa_import_dialog, SPA, IMPORT_DIALOG, AdwWindow)

SpaImportDialog *spa_import_dialog_new       (SpaContext      *context);
void             spa_import_dialog_open_file (SpaImportDialog *self,
                                              GFile           *file);
gboolean         spa_import_dialog_is_busy   (SpaImportDialog *self);
const char      *spa_import_dialog_get_page  (SpaImportDialog *self);

G_END_DECLS
