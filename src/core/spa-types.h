/* spa-types.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _SpaRecord      SpaRecord;
typedef struct _SpaStore       SpaStore;
typedef struct _SpaEntityInfo  SpaEntityInfo;
typedef struct _SpaFieldInfo   SpaFieldInfo;

G_END_DECLS
