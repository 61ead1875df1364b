/* spa-error.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-error"

#include "config.h"

#include "spa-error.h"

G_DEFINE_QUARK (spa-store-error-quark, spa_store_error)

typedef struct
{
  char *field;
} SpaValidationErrorPrivate;

static void
spa_validation_error_private_init (SpaValidationErrorPrivate *priv)
{
  priv->field = NULL;
}

static void
spa_validation_error_private_copy (const SpaValidationErrorPrivate *src,
                                   SpaValidationErrorPrivate       *dest)
{
  dest->field = g_strdup (src->field);
}

static void
spa_validation_error_private_clear (SpaValidationErrorPrivate *priv)
{
  g_clear_pointer (&priv->field, g_free);
}

/* An extended error domain keeps the field name beside the message. */
G_DEFINE_EXTENDED_ERROR (SpaValidationError, spa_validation_error)

/**
 * spa_validation_error_set:
 * @error: return location for a #GError, or %NULL
 * @code: the error code
 * @field: the name of the field (a column name) the error concerns
 * @format: printf-style format of the translated, user-facing message
 *
 * Sets a validation error that names @field.
 */
void
spa_validation_error_set (GError                 **error,
                          SpaValidationErrorCode   code,
                          const char              *field,
                          const char              *format,
                          ...)
{
  va_list args;
  GError *new_error;
  SpaValidationErrorPrivate *priv;

  if (error == NULL)
    return;

  va_start (args, format);
  new_error = g_error_new_valist (SPA_VALIDATION_ERROR, code, format, args);
  va_end (args);

  priv = spa_validation_error_get_private (new_error);
  priv->field = g_strdup (field);
  g_propagate_error (error, new_error);
}

/**
 * spa_validation_error_get_field:
 * @error: a #GError
 *
 * Returns: (nullable): the field a validation error concerns, or %NULL for any other error
 */
const char *
spa_validation_error_get_field (const GError *error)
{
  SpaValidationErrorPrivate *priv;

  if (error == NULL || error->domain != SPA_VALIDATION_ERROR)
    return NULL;

  priv = spa_validation_error_get_private (error);
  return priv ? priv->field : NULL;
}
