/* spa-widget-util.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "spa-context.h"
#include "spa-record.h"

G_BEGIN_DECLS

void     spa_widget_unparent_children (GtkWidget   *widget);
gboolean spa_widget_save_png          (GtkWidget   *widget,
                                       const char  *path,
                                       GError     **error);
cairo_t *spa_pdf_begin                (const char  *path,
                                       double       width,
                                       double       height,
                                       const char  *title);
gboolean spa_pdf_finish               (cairo_t     *cr,
                                       GError     **error);
void     spa_widget_ask_discard       (GtkWindow   *form,
                                       const char  *heading,
                                       const char  *body);
void     spa_list_box_remove_all      (GtkListBox  *list);
void     spa_client_results_fill      (GtkListBox  *results,
                                       SpaStore    *store,
                                       const char  *text);
/**
 * SpaShowErrorFlags:
 * @SPA_SHOW_ERROR_PLAIN: the label and the field's style only
 * @SPA_SHOW_ERROR_DESCRIBE: the message is also the field's accessible description
 * @SPA_SHOW_ERROR_INVALID: the field's accessible state is invalid while it has one
 */
typedef enum
{
  SPA_SHOW_ERROR_PLAIN = 0,
  SPA_SHOW_ERROR_DESCRIBE = 1 << 0,
  SPA_SHOW_ERROR_INVALID = 1 << 1,
} SpaShowErrorFlags;

void     spa_widget_show_error        (GtkLabel          *label,
                                       GtkWidget         *field,
                                       const char        *message,
                                       SpaShowErrorFlags  flags);
AdwToast *spa_toast_new_plain          (const char  *title);
void     spa_widget_show_toast        (GtkWidget   *widget,
                                       const char  *title,
                                       guint        timeout,
                                       const char  *button_label,
                                       const char  *action_name,
                                       GVariant    *action_target);
void     spa_widget_show_undo_toast   (GtkWidget   *widget,
                                       const char  *title,
                                       const char  *action_name,
                                       GVariant    *action_target);
SpaContext *spa_widget_get_context    (GtkWidget   *widget);
void     spa_widget_class_install_context (GObjectClass *object_class,
                                           gsize         offset);
void     spa_widget_quiet_tooltip     (GtkWidget   *owner,
                                       GtkPopover  *popover);
void     spa_action_row_one_line      (AdwActionRow *row);
void     spa_expander_row_one_line    (AdwExpanderRow *row);
void     spa_drop_down_ellipsize      (GtkDropDown *dropdown);
void     spa_calendar_follow_keyboard (GtkCalendar *calendar);
void     spa_button_squeeze_to_icon   (GtkButton   *button,
                                       const char  *mnemonic,
                                       const char  *icon_name,
                                       gboolean     icon_with_label);

void  spa_record_update_text (SpaRecord  *record,
                              const char *field,
                              const char *text);
void  spa_record_update_json (SpaRecord  *record,
                              const char *field,
                              JsonNode   *value);
void  spa_record_update_int  (SpaRecord  *record,
                              const char *field,
                              gint64      value,
                              gboolean    is_set);
char *spa_format_day         (const char *ymd);

void spa_style_ensure_loaded (void);

G_END_DECLS
