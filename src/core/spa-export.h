/* spa-export.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "spa-store.h"

G_BEGIN_DECLS

/* The file of all records, as the sync protocol writes them. */
#define SPA_EXPORT_JSON_FILE "records.json"
#define SPA_EXPORT_README_FILE "README.txt"
/* Every booking, as iCalendar events. */
#define SPA_EXPORT_ICS_FILE "bookings.ics"
/* The signed notes' chain of hashes (docs/records-integrity.md). */
#define SPA_EXPORT_CHAIN_FILE "note-chain.csv"

/**
 * SpaExportCount:
 * @entity: a record type (the CSV file is `ENTITY.csv`)
 * @n_records: how many records it holds
 */
typedef struct
{
  const char *entity;
  guint       n_records;
} SpaExportCount;

GArray *spa_export_to_folder (SpaStore     *store,
                              const char   *folder,
                              GCancellable *cancellable,
                              GError      **error);

char   *spa_export_client_file (SpaStore     *store,
                               const char   *client_id,
                               GError      **error);
GArray *spa_export_to_archive (SpaStore     *store,
                               const char   *archive,
                               GCancellable *cancellable,
                               GError      **error);

G_END_DECLS
