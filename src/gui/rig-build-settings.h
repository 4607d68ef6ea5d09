/* rig-build-settings.h: a build's own settings (currency, electricity, use, circuit, room,
 * power limit), edited with the build
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rig-document.h"

G_BEGIN_DECLS

#define RIG_TYPE_BUILD_SETTINGS (rig_build_settings_get_type ())

G_DECLARE_FINAL_TYPE (RigBuildSettings, rig_build_settings, RIG, BUILD_SETTINGS, AdwPreferencesGroup)

/* Edits go to @document, each undoable; emits "message" (const char *) for a bad currency. */
void rig_build_settings_set_document (RigBuildSettings *self,
                                      RigDocument      *document);
/* The room temperature in °F instead of °C; the build keeps °C. */
void rig_build_settings_set_imperial (RigBuildSettings *self,
                                      gboolean          imperial);

G_END_DECLS
