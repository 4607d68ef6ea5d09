/* rig-test-util.h: fixtures and temporary folders for the test programs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* tests/fixtures/… in the source tree */
char *rig_test_fixture      (const char *name);
/* A new empty folder under the test's temporary directory. */
char *rig_test_temp_dir     (void);
/* Copies a fixture folder into a new temporary folder and returns its path. */
char *rig_test_copy_fixture (const char *name);
/* Compiles tests/fixtures/catalog into a temporary catalog.sqlite (once per program). */
const char *rig_test_catalog_path (void);
/* tests/fixtures/scenarios/catalog, which has every field the rules need, likewise. */
const char *rig_test_scenario_catalog_path (void);
/* Replaces line @line (1-based) of @path with @text, or appends when @line is 0. */
void  rig_test_edit_line    (const char *path,
                             guint       line,
                             const char *text);
/* @head, then @depth arrays ("[[…]]") or objects ("{"a":{"a":…1}}") one inside the other,
 * then @tail: deeper than json-glib's recursion survives when @depth is large. */
char *rig_test_nested_json  (const char *head,
                             guint       depth,
                             gboolean    objects,
                             const char *tail);

/* What a one-number query (“SELECT count(*) FROM …”) gives on the SQLite file at @path, read
 * with a connection of its own. */
int   rig_test_query_int    (const char *path,
                             const char *sql);

/* Calls @func with each "key=value" of @settings ("runtime=mlx;prompt=4126"), the settings
 * column of the calibration fixtures, in order; a pair without "=" fails the test. */
typedef void (*RigTestSettingFunc) (const char *key,
                                    const char *value,
                                    gpointer    user_data);
void  rig_test_each_setting (const char         *settings,
                             RigTestSettingFunc  func,
                             gpointer            user_data);
/* @value, which a *_from_string () read from setting @key: fails the test where it is -1. */
int   rig_test_setting_enum (const char         *key,
                             int                 value);

/* The chance alpha that a model keeps a drafted token, given it kept the ones before, from the
 * share @kept of drafted tokens it keeps (llama.cpp logs accept = n_accept / n_drafted): a step
 * of @n drafted tokens keeps alpha + alpha^2 + ... + alpha^n of them on average, @kept n of them
 * (Leviathan et al. 2023, eq. 1, less the model's own token). */
double rig_test_draft_acceptance (double kept,
                                  guint  n);

G_END_DECLS
