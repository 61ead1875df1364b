/* spa-service-fields.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "spa-record.h"

G_BEGIN_DECLS

/* A service of the menu: the entity and its field names as the store, the outbox and the
 * wire spell them (the fields are declared in spa-service.c), and typed readers. */

#define SPA_SERVICE_ENTITY       "service"
#define SPA_SERVICE_NAME         "name"
#define SPA_SERVICE_CATEGORY     "category"
#define SPA_SERVICE_DURATION_MIN "duration_min"
#define SPA_SERVICE_BUFFER_MIN   "buffer_min"
#define SPA_SERVICE_PRICE_CENTS  "price_cents"
#define SPA_SERVICE_CURRENCY     "currency"
#define SPA_SERVICE_DESCRIPTION  "description"
#define SPA_SERVICE_ACTIVE       "active"
#define SPA_SERVICE_ONLINE       "online"

static inline const char *
spa_service_get_name (SpaRecord *service)
{
  return spa_record_get_string (service, SPA_SERVICE_NAME);
}

static inline const char *
spa_service_get_category (SpaRecord *service)
{
  return spa_record_get_string (service, SPA_SERVICE_CATEGORY);
}

static inline gint64
spa_service_get_duration_min (SpaRecord *service,
                             gint64     fallback)
{
  return spa_record_get_int (service, SPA_SERVICE_DURATION_MIN, fallback);
}

static inline gint64
spa_service_get_buffer_min (SpaRecord *service,
                           gint64     fallback)
{
  return spa_record_get_int (service, SPA_SERVICE_BUFFER_MIN, fallback);
}

static inline gint64
spa_service_get_price_cents (SpaRecord *service,
                            gint64     fallback)
{
  return spa_record_get_int (service, SPA_SERVICE_PRICE_CENTS, fallback);
}

static inline const char *
spa_service_get_currency (SpaRecord *service)
{
  return spa_record_get_string (service, SPA_SERVICE_CURRENCY);
}

static inline const char *
spa_service_get_description (SpaRecord *service)
{
  return spa_record_get_string (service, SPA_SERVICE_DESCRIPTION);
}

static inline gboolean
spa_service_get_active (SpaRecord *service)
{
  return spa_record_get_boolean (service, SPA_SERVICE_ACTIVE);
}

static inline gboolean
spa_service_get_online (SpaRecord *service)
{
  return spa_record_get_boolean (service, SPA_SERVICE_ONLINE);
}

G_END_DECLS
