/* spa-record-draft.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-record-draft"

#include "config.h"

#include "spa-record-draft.h"
#include "spa-validate.h"

/*
 * A form's record while it is being written, and the one autosave of the desk's
 * editors: every change restarts a short timer (a second by default), and when it
 * runs out, or when the form goes away (flush), the record is checked and saved if
 * valid. A crash thus loses at most the last pause in typing. Nothing invalid is
 * written: the problems stay in get_errors() for the form to show next to its
 * fields. Subclasses say when the record is read-only and what to do when the store
 * refuses it (SpaNoteDraft, SpaIntakeDraft).
 */

typedef struct
{
  SpaStore   *store;
  SpaRecord  *record;
  GHashTable *errors;     /* field → message, from the last check */
  GError     *error;      /* the store's refusal of the last save */
  guint       delay_ms;
  guint       save_id;
  gboolean    dirty;
} SpaRecordDraftPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (SpaRecordDraft, spa_record_draft, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_RECORD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SAVED,
  FAILED,
  RELOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
spa_record_draft_dispose (GObject *object)
{
  SpaRecordDraft *self = SPA_RECORD_DRAFT (object);
  SpaRecordDraftPrivate *priv = spa_record_draft_get_instance_private (self);

  /* Saving is the form's decision (flush); a draft going away only stops its timer. */
  g_clear_handle_id (&priv->save_id, g_source_remove);
  g_clear_object (&priv->record);
  g_clear_object (&priv->store);

  G_OBJECT_CLASS (spa_record_draft_parent_class)->dispose (object);
}

static void
spa_record_draft_finalize (GObject *object)
{
  SpaRecordDraft *self = SPA_RECORD_DRAFT (object);
  SpaRecordDraftPrivate *priv = spa_record_draft_get_instance_private (self);

  g_clear_pointer (&priv->errors, g_hash_table_unref);
  g_clear_error (&priv->error);

  G_OBJECT_CLASS (spa_record_draft_parent_class)->finalize (object);
}

static void
spa_record_draft_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SpaRecordDraft *self = SPA_RECORD_DRAFT (object);
  SpaRecordDraftPrivate *priv = spa_record_draft_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, priv->store);
      break;
    case PROP_RECORD:
      g_value_set_object (value, priv->record);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spa_record_draft_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SpaRecordDraft *self = SPA_RECORD_DRAFT (object);
  SpaRecordDraftPrivate *priv = spa_record_draft_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_STORE:
      priv->store = g_value_dup_object (value);
      break;
    case PROP_RECORD:
      spa_record_draft_set_record (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
spa_record_draft_real_is_read_only (SpaRecordDraft *self)
{
  return FALSE;
}

static void
spa_record_draft_class_init (SpaRecordDraftClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = spa_record_draft_dispose;
  object_class->finalize = spa_record_draft_finalize;
  object_class->get_property = spa_record_draft_get_property;
  object_class->set_property = spa_record_draft_set_property;
  klass->is_read_only = spa_record_draft_real_is_read_only;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, SPA_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECORD] =
    g_param_spec_object ("record", NULL, NULL, SPA_TYPE_RECORD,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SpaRecordDraft::saved:
   *
   * The record was written to the store.
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * SpaRecordDraft::failed:
   *
   * A save was refused: by the checks (get_errors()) or by the store (get_message()).
   */
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * SpaRecordDraft::reloaded:
   *
   * The record was replaced by the stored one (a save refused because it is locked).
   */
  signals[RELOADED] = g_signal_new ("reloaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
spa_record_draft_init (SpaRecordDraft *self)
{
  SpaRecordDraftPrivate *priv = spa_record_draft_get_instance_private (self);

  priv->delay_ms = 1000;
  priv->errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

SpaStore *
spa_record_draft_get_store (SpaRecordDraft *self)
{
  SpaRecordDraftPrivate *priv = spa_record_draft_get_instance_private (self);

  g_return_val_if_fail (SPA_IS_RECORD_DRAFT (self), NULL);
  return priv->store;
}

/**
 * spa_record_draft_get_record:
 *
 * Returns: (transfer none) (nullable): the record the form writes into
 */
SpaRecord *
spa_record_draft_get_record (SpaRecordDraft *self)
{
  SpaRecordDraftPrivate *priv = spa_record_draft_get_instance_private (self);

  g_return_val_if_fail (SPA_IS_RECORD_DRAFT (self), NULL);
  return priv->record;
}

static void
clear_problems (SpaRecordDraft *self)
{
  SpaRecordDraftPrivate *priv = spa_record_draft_get_instance_private (self);

  g_hash_table_remove_all (priv->errors);
  g_clear_error (&priv->error);
}

/* Replaces the record without saving: @record is copied, or dropped with NULL. */
static void
replace_record (SpaRecordDraft *self,
                SpaRecord      *record)
{
  SpaRecordDraftPrivate *priv = spa_record_draft_get_instance_private (self);
  SpaRecord *copy = record ? spa_record_copy (record) : NULL;

  g_clear_object (&priv->record);
  priv->record = copy;
  spa_record_draft_settle (self);
}

/**
 * spa_record_draft_set_record:
 * @record: (nullable): the record to edit; the draft edits its own copy
 *
 * Saves pending changes of the previous record first.
 */
void
spa_record_draft_set_record (SpaRecordDraft *self,
                             SpaRecord      *record)
{
  SpaRecordDraftPrivate *priv = spa_record_draft_get_instance_private (self);

  g_return_if_fail (SPA_IS_RECORD_DRAFT (self));

  if (record == priv->record)
    return;
  spa_record_draft_flush (self);
  replace_record (self, record);
  clear_problems (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORD]);
}

gboolean
spa_record_draft_is_read_only (SpaRecordDraft *self)
{
  SpaRecordDraftPrivate *priv = spa_record_draft_get_instance_private (self);

  g_return_val_if_fail (SPA_IS_RECORD_DRAFT (self), TRUE);
  return priv->record == NULL || SPA_RECORD_DRAFT_GET_CLASS (self)->is_read_only (self);
}

/**
 * spa_record_draft_set_delay:
 *
 * How long after the last change the draft saves itself (a second by default).
 */
void
spa_record_draft_set_delay (SpaRecordDraft *self,
                            guint           delay_ms)
{
  SpaRecordDraftPrivate *priv = spa_record_draft_get_instance_private (self);

  g_return_if_fail (SPA_IS_RECORD_DRAFT (self));
  priv->delay_ms = delay_ms;
}

static gboolean
save_timeout_cb (gpointer data)
{
  SpaRecordDraft *self = data;
  SpaRecordDraftPrivate *priv = spa_record_draft_get_instance_private (self);

  priv->save_id = 0;
  spa_record_draft_save (self);
  return G_SOURCE_REMOVE;
}

/**
 * spa_record_draft_changed:
 *
 * The form wrote a change into the record: it is saved after the typing pause.
 */
void
spa_record_draft_changed (SpaRecordDraft *self)
{
  SpaRecordDraftPrivate *priv = spa_record_draft_get_instance_private (self);

  g_return_if_fail (SPA_IS_RECORD_DRAFT (self));

  if (spa_record_draft_is_read_only (self))
    return;
  priv->dirty = TRUE;
  g_clear_handle_id (&priv->save_id, g_source_remove);
  priv->save_id = g_timeout_add (priv->delay_ms, save_timeout_cb, self);
}

/* Whether changes wait to be saved. */
gboolean
spa_record_draft_is_pending (SpaRecordDraft *self)
{
  SpaRecordDraftPrivate *priv = spa_record_draft_get_instance_private (self);

  g_return_val_if_fail (SPA_IS_RECORD_DRAFT (self), FALSE);
  return priv->dirty;
}

/**
 * spa_record_draft_settle:
 *
 * Forgets pending changes without saving or reverting them: the record was just
 * saved some other way (signed, completed) or loaded afresh.
 */
void
spa_record_draft_settle (SpaRecordDraft *self)
{
  SpaRecordDraftPrivate *priv = spa_record_draft_get_instance_private (self);

  g_return_if_fail (SPA_IS_RECORD_DRAFT (self));
  g_clear_handle_id (&priv->save_id, g_source_remove);
  priv->dirty = FALSE;
}

/**
 * spa_record_draft_flush:
 *
 * Saves pending changes now instead of after the typing pause.
 *
 * Returns: %FALSE if they could not be saved (get_errors(), get_message() say why)
 */
gboolean
spa_record_draft_flush (SpaRecordDraft *self)
{
  SpaRecordDraftPrivate *priv = spa_record_draft_get_instance_private (self);

  g_return_val_if_fail (SPA_IS_RECORD_DRAFT (self), FALSE);

  g_clear_handle_id (&priv->save_id, g_source_remove);
  if (!priv->dirty)
    return TRUE;
  return spa_record_draft_save (self);
}

static gboolean
failed (SpaRecordDraft *self)
{
  g_signal_emit (self, signals[FAILED], 0);
  return FALSE;
}

/**
 * spa_record_draft_save:
 *
 * Checks the record and saves it if nothing is wrong with its fields. A problem of
 * the whole record (no field) is left to the store, whose refusal says it best.
 *
 * Returns: whether the record is saved as it stands
 */
gboolean
spa_record_draft_save (SpaRecordDraft *self)
{
  SpaRecordDraftPrivate *priv = spa_record_draft_get_instance_private (self);
  g_autoptr(GHashTable) errors = NULL;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (SPA_IS_RECORD_DRAFT (self), FALSE);

  spa_record_draft_settle (self);
  if (spa_record_draft_is_read_only (self))
    return TRUE;
  clear_problems (self);
  if (spa_record_is_stored (priv->record) && !spa_record_is_changed (priv->record))
    return TRUE;

  errors = spa_validate_collect_errors (priv->store, priv->record);
  g_hash_table_iter_init (&iter, errors);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (priv->errors, g_strdup (key), g_strdup (value));
  if (g_hash_table_size (errors) > 0 && !g_hash_table_contains (errors, ""))
    return failed (self);

  if (!spa_store_save (priv->store, priv->record, &priv->error))
    {
      SpaRecordDraftClass *klass = SPA_RECORD_DRAFT_GET_CLASS (self);

      if (klass->save_failed != NULL)
        klass->save_failed (self, priv->error);
      return failed (self);
    }

  g_signal_emit (self, signals[SAVED], 0);
  return TRUE;
}

/**
 * spa_record_draft_reload:
 *
 * Puts the stored record back in place of the draft's copy (a record that may no
 * longer be changed, or unsaved changes thrown away), keeping the last problems.
 *
 * Returns: whether the record is stored
 */
gboolean
spa_record_draft_reload (SpaRecordDraft *self)
{
  SpaRecordDraftPrivate *priv = spa_record_draft_get_instance_private (self);
  g_autoptr(SpaRecord) stored = NULL;

  g_return_val_if_fail (SPA_IS_RECORD_DRAFT (self), FALSE);

  if (priv->record == NULL || !spa_record_is_stored (priv->record))
    return FALSE;
  stored = spa_store_get (priv->store, spa_record_get_entity (priv->record),
                          spa_record_get_id (priv->record), NULL);
  if (stored == NULL)
    return FALSE;

  replace_record (self, stored);
  g_signal_emit (self, signals[RELOADED], 0);
  return TRUE;
}

/**
 * spa_record_draft_discard:
 *
 * Throws away the changes not saved yet: a stored record goes back to what is stored,
 * a new one stays unsaved.
 */
void
spa_record_draft_discard (SpaRecordDraft *self)
{
  SpaRecordDraftPrivate *priv = spa_record_draft_get_instance_private (self);

  g_return_if_fail (SPA_IS_RECORD_DRAFT (self));

  spa_record_draft_settle (self);
  clear_problems (self);
  if (!spa_record_draft_reload (self) && priv->record != NULL)
    {
      g_autoptr(SpaRecord) fresh = spa_record_new (spa_record_get_entity (priv->record));

      replace_record (self, fresh);
      g_signal_emit (self, signals[RELOADED], 0);
    }
}

/**
 * spa_record_draft_get_errors:
 *
 * Returns: (transfer none): field → translated message, from the last save; the
 *   empty field is a problem of the whole record
 */
GHashTable *
spa_record_draft_get_errors (SpaRecordDraft *self)
{
  SpaRecordDraftPrivate *priv = spa_record_draft_get_instance_private (self);

  g_return_val_if_fail (SPA_IS_RECORD_DRAFT (self), NULL);
  return priv->errors;
}

/**
 * spa_record_draft_get_message:
 *
 * Returns: (nullable): why the store refused the last save
 */
const char *
spa_record_draft_get_message (SpaRecordDraft *self)
{
  SpaRecordDraftPrivate *priv = spa_record_draft_get_instance_private (self);

  g_return_val_if_fail (SPA_IS_RECORD_DRAFT (self), NULL);
  return priv->error ? priv->error->message : NULL;
}

/**
 * spa_record_draft_get_error:
 *
 * Returns: (nullable): the store's refusal of the last save
 */
const GError *
spa_record_draft_get_error (SpaRecordDraft *self)
{
  SpaRecordDraftPrivate *priv = spa_record_draft_get_instance_private (self);

  g_return_val_if_fail (SPA_IS_RECORD_DRAFT (self), NULL);
  return priv->error;
}
