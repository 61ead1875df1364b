/* spa-core.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "spa-account.h"
#include "spa-availability.h"
#include "spa-booking-draft.h"
#include "spa-booking-fields.h"
#include "spa-calendar-model.h"
#include "spa-checkout-draft.h"
#include "spa-client-fields.h"
#include "spa-client-list.h"
#include "spa-client.h"
#include "spa-clinical.h"
#include "spa-demo.h"
#include "spa-entity.h"
#include "spa-error.h"
#include "spa-format.h"
#include "spa-intake-draft.h"
#include "spa-intake-fields.h"
#include "spa-json.h"
#include "spa-location.h"
#include "spa-money.h"
#include "spa-note-amendment-fields.h"
#include "spa-note-draft.h"
#include "spa-online-settings.h"
#include "spa-record-draft.h"
#include "spa-record.h"
#include "spa-report.h"
#include "spa-role.h"
#include "spa-room-fields.h"
#include "spa-schedule.h"
#include "spa-series.h"
#include "spa-waitlist.h"
#include "spa-waitlist-draft.h"
#include "spa-service-fields.h"
#include "spa-session-note-fields.h"
#include "spa-store-money.h"
#include "spa-store.h"
#include "spa-therapist-fields.h"
#include "spa-types.h"
#include "spa-util.h"
#include "spa-validate.h"
#include "spa-vocab.h"
