/* spa-context.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-context"

#include "config.h"

#include "spa-context.h"

/*
 * What every window, page and dialog works with: the store, the settings and the spa's
 * time zone. Widgets are handed this one object instead of reaching for globals.
 */
struct _SpaContext
{
  GObject    parent_instance;

  /* Owned */
  SpaStore  *store;
  GSettings *settings;
  GTimeZone *time_zone;
};

G_DEFINE_FINAL_TYPE (SpaContext, spa_context, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_SETTINGS,
  PROP_TIME_ZONE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_time_zone (SpaContext *self)
{
  g_autofree char *identifier = g_settings_get_string (self->settings, "time-zone");
  GTimeZone *zone = NULL;

  if (identifier[0] != '\0')
    zone = g_time_zone_new_identifier (identifier);
  if (zone == NULL)
    zone = g_time_zone_new_local ();

  if (self->time_zone != NULL &&
      g_strcmp0 (g_time_zone_get_identifier (self->time_zone),
                 g_time_zone_get_identifier (zone)) == 0)
    {
      g_time_zone_unref (zone);
      return;
    }

  g_clear_pointer (&self->time_zone, g_time_zone_unref);
  self->time_zone = zone;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME_ZONE]);
}

static void
time_zone_changed_cb (SpaContext *self,
                      const char *key,
                      GSettings  *settings)
{
  update_time_zone (self);
}

static void
spa_context_constructed (GObject *object)
{
  SpaContext *self = (SpaContext *)object;

  G_OBJECT_CLASS (spa_context_parent_class)->constructed (object);

  g_signal_connect_object (self->settings, "changed::time-zone",
                           G_CALLBACK (time_zone_changed_cb), self, G_CONNECT_SWAPPED);
  update_time_zone (self);
}

static void
spa_context_dispose (GObject *object)
{
  SpaContext *self = (SpaContext *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (spa_context_parent_class)->dispose (object);
}

static void
spa_context_finalize (GObject *object)
{
  SpaContext *self = (SpaContext *)object;

  g_clear_pointer (&self->time_zone, g_time_zone_unref);

  G_OBJECT_CLASS (spa_context_parent_class)->finalize (object);
}

static void
spa_context_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SpaContext *self = SPA_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_TIME_ZONE:
      g_value_set_boxed (value, self->time_zone);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spa_context_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  SpaContext *self = SPA_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spa_context_class_init (SpaContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = spa_context_constructed;
  object_class->dispose = spa_context_dispose;
  object_class->finalize = spa_context_finalize;
  object_class->get_property = spa_context_get_property;
  object_class->set_property = spa_context_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, SPA_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIME_ZONE] =
    g_param_spec_boxed ("time-zone", NULL, NULL, G_TYPE_TIME_ZONE,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
spa_context_init (SpaContext *self)
{
}

SpaContext *
spa_context_new (SpaStore  *store,
                 GSettings *settings)
{
  g_return_val_if_fail (SPA_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (SPA_TYPE_CONTEXT, "store", store, "settings", settings, NULL);
}

SpaStore *
spa_context_get_store (SpaContext *self)
{
  g_return_val_if_fail (SPA_IS_CONTEXT (self), NULL);
  return self->store;
}

GSettings *
spa_context_get_settings (SpaContext *self)
{
  g_return_val_if_fail (SPA_IS_CONTEXT (self), NULL);
  return self->settings;
}

/**
 * spa_context_get_time_zone:
 *
 * Returns: (transfer none): the spa's time zone (a setting; the system's by default)
 */
GTimeZone *
spa_context_get_time_zone (SpaContext *self)
{
  g_return_val_if_fail (SPA_IS_CONTEXT (self), NULL);
  return self->time_zone;
}

/**
 * spa_context_now:
 *
 * Returns: (transfer full): the current time in the spa's time zone
 */
GDateTime *
spa_context_now (SpaContext *self)
{
  g_return_val_if_fail (SPA_IS_CONTEXT (self), NULL);
  return g_date_time_new_now (self->time_zone);
}
