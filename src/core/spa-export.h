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

/**
 * SpaExportExtraFunc:
 * @store: the spa's store
 * @folder: the export's folder, before it is packed
 * @user_data: the caller's data
 * @cancellable: (nullable): stops the export
 * @error: where to say why it failed
 *
 * Writes more files into an export's folder.
 *
 * Returns: whether it could
 */
typedef gboolean (*SpaExportExtraFunc) (SpaStore     *store,
                                        const char   *folder,
                                        gpointer      user_data,
                                        GCancellable *cancellable,
                                        GError      **error);

/**
 * SpaExportClient:
 * @client: the client's record
 * @intakes: (element-type SpaRecord): their intake forms, newest first
 * @notes: (element-type SpaRecord): their session notes, newest first
 * @bookings: (element-type SpaRecord): their bookings, newest first
 *
 * What one client's file holds (its notes' amendments are read note by note).
 */
typedef struct
{
  SpaRecord *client;
  GPtrArray *intakes;
  GPtrArray *notes;
  GPtrArray *bookings;
} SpaExportClient;

gboolean spa_export_client_load  (SpaStore        *store,
                                  const char      *client_id,
                                  SpaExportClient *file,
                                  GError         **error);
void     spa_export_client_clear (SpaExportClient *file);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SpaExportClient, spa_export_client_clear)

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
GArray *spa_export_to_archive_full (SpaStore          *store,
                                    const char        *archive,
                                    SpaExportExtraFunc extra,
                                    gpointer           extra_data,
                                    GCancellable      *cancellable,
                                    GError           **error);

G_END_DECLS
