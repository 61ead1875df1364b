/* spa-widget-util.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "spa-widget-util.h"

/*
 * Composite widgets derived from GtkWidget own their template's top-level children;
 * GTK 4.8's gtk_widget_dispose_template() only drops bound ones, so the rest are
 * unparented here.
 */
void
spa_widget_unparent_children (GtkWidget *widget)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    gtk_widget_unparent (child);
}
