/* spa-test-ui-util.h: helpers for the UI tests
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "spa-application.h"
#include "spa-context.h"
#include "spa-window.h"

G_BEGIN_DECLS

/**
 * SpaTestDesk:
 * @dir: the data folder, removed at tear-down
 * @store: the spa's store
 * @settings: the app's settings
 * @context: (nullable): made by spa_test_desk_show()
 * @window: (nullable): the main window, shown by spa_test_desk_show()
 *
 * A desk for a UI test: spa_test_desk_open(), the test's records,
 * spa_test_desk_show(), and spa_test_desk_tear_down() from the fixture's tear-down.
 */
typedef struct
{
  char       *dir;
  SpaStore   *store;
  GSettings  *settings;
  SpaContext *context;
  SpaWindow  *window;
} SpaTestDesk;

SpaApplication   *spa_test_application_new     (void);
int               spa_test_run_application     (SpaApplication **app);
GtkWidget        *spa_test_find_row            (GtkWidget  *root,
                                                GType       type,
                                                const char *title);
AdwMessageDialog *spa_test_find_message_dialog (void);
GtkWidget        *spa_test_find_message_button (const char *label);
GtkWidget        *spa_test_find_labelled       (GtkWidget  *root,
                                                GType       type,
                                                const char *text);
GtkWidget        *spa_test_find_action_widget  (GtkWidget  *root,
                                                const char *action_name);
void              spa_test_show_view           (GtkWidget  *window,
                                                const char *title);
GtkWidget        *spa_test_find_widget         (GtkWidget  *root,
                                                GType       type);
const char       *spa_test_toast_text          (GtkWidget  *root);
GtkWindow        *spa_test_find_toplevel       (GType       type);
GtkWindow        *spa_test_wait_for_toplevel   (GType       type);
void              spa_test_save_screenshot     (GtkWidget  *widget,
                                                const char *name);

void              spa_test_desk_open           (SpaTestDesk    *desk);
void              spa_test_desk_show           (SpaTestDesk    *desk,
                                                GtkApplication *application,
                                                int             width,
                                                int             height);
void              spa_test_desk_tear_down      (SpaTestDesk    *desk);

void              spa_test_click_dialog_button (const char *label);
void              spa_test_pick_in_combo       (AdwComboRow *row,
                                                guint        index);
void              spa_test_open_client         (GtkWidget  *window,
                                                const char *name);
GtkWidget        *spa_test_find_button_with_tooltip (GtkWidget  *root,
                                                     const char *tooltip);
GtkWidget        *spa_test_open_preferences    (GtkWidget  *window,
                                                const char *tab);
GtkWidget        *spa_test_open_main_menu      (GtkWidget  *window,
                                                const char *label);

G_END_DECLS
