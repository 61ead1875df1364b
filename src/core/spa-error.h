/* spa-error.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * SpaStoreError:
 * @SPA_STORE_ERROR_FAILED: the database failed (I/O, corruption, ...)
 * @SPA_STORE_ERROR_NOT_FOUND: no such record
 * @SPA_STORE_ERROR_TOO_NEW: the database was written by a newer Spa Desk
 * @SPA_STORE_ERROR_NOT_EMPTY: the database already holds data (demo refused)
 * @SPA_STORE_ERROR_LOCKED: the record may not be changed (a signed note)
 * @SPA_STORE_ERROR_CONFLICT: the change clashes with another record (double booking)
 * @SPA_STORE_ERROR_CORRUPT: the file is damaged or is not a Spa Desk database
 * @SPA_STORE_ERROR_READ_ONLY: the database or its folder cannot be written
 * @SPA_STORE_ERROR_DISK_FULL: the disk that holds the database is full
 * @SPA_STORE_ERROR_IN_USE: another Spa Desk has the database open
 * @SPA_STORE_ERROR_BUSY: another program holds a lock on the database
 * @SPA_STORE_ERROR_BALANCE: a payment would take a gift card or a package below zero
 * @SPA_STORE_ERROR_DUPLICATE: an invoice number is already taken
 */
typedef enum
{
  SPA_STORE_ERROR_FAILED,
  SPA_STORE_ERROR_NOT_FOUND,
  SPA_STORE_ERROR_TOO_NEW,
  SPA_STORE_ERROR_NOT_EMPTY,
  SPA_STORE_ERROR_LOCKED,
  SPA_STORE_ERROR_CONFLICT,
  SPA_STORE_ERROR_CORRUPT,
  SPA_STORE_ERROR_READ_ONLY,
  SPA_STORE_ERROR_DISK_FULL,
  SPA_STORE_ERROR_IN_USE,
  SPA_STORE_ERROR_BUSY,
  SPA_STORE_ERROR_BALANCE,
  SPA_STORE_ERROR_DUPLICATE,
} SpaStoreError;

#define SPA_STORE_ERROR (spa_store_error_quark ())
GQuark spa_store_error_quark (void);

/**
 * SpaValidationError:
 * @SPA_VALIDATION_ERROR_REQUIRED: a required field is empty
 * @SPA_VALIDATION_ERROR_INVALID: a field's value is malformed or out of range
 * @SPA_VALIDATION_ERROR_UNKNOWN_REFERENCE: a field names a record that does not exist
 *
 * Validation errors carry the name of the field they concern, so that the UI can show
 * the (translated) message next to that field.
 */
typedef enum
{
  SPA_VALIDATION_ERROR_REQUIRED,
  SPA_VALIDATION_ERROR_INVALID,
  SPA_VALIDATION_ERROR_UNKNOWN_REFERENCE,
} SpaValidationErrorCode;

#define SPA_VALIDATION_ERROR (spa_validation_error_quark ())
GQuark spa_validation_error_quark (void);

void        spa_validation_error_set   (GError                 **error,
                                        SpaValidationErrorCode   code,
                                        const char              *field,
                                        const char              *format,
                                        ...) G_GNUC_PRINTF (4, 5);
const char *spa_validation_error_get_field (const GError *error);

G_END_DECLS
