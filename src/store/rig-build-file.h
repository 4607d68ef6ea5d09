/* rig-build-file.h: the rigplan-build JSON format shared by the GUI, the CLI, exports and tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rig-build.h"
#include "rig-search.h"

G_BEGIN_DECLS

#define RIG_BUILD_FILE_FORMAT  "rigplan-build"
#define RIG_BUILD_FILE_VERSION 1

/* Parses and validates a build; errors name the JSON path ("parts[1].count: …"). */
RigBuild *rig_build_from_json      (const char  *data,
                                    gssize       length,
                                    GError     **error);
char     *rig_build_to_json        (const RigBuild *build);

/* As above, with the file name in front of the error ("dual.json: parts[1].count: …"). */
RigBuild *rig_build_file_load      (const char  *path,
                                    GError     **error);
/* Writes atomically: a failed save leaves the previous file as it was. */
gboolean  rig_build_file_save      (const RigBuild *build,
                                    const char  *path,
                                    GError     **error);

#define RIG_REQUEST_FILE_FORMAT  "rigplan-request"
#define RIG_REQUEST_FILE_VERSION 1

/* A search request (rigplan-cli suggest): its workloads as in a build file, each with the
 * speeds it needs, and the constraints; errors name the JSON path. The workloads and owned
 * parts are not resolved against the catalog yet. */
RigSearchRequest *rig_search_request_from_json (const char  *data,
                                                gssize       length,
                                                GError     **error);
RigSearchRequest *rig_search_request_file_load (const char  *path,
                                                GError     **error);

G_END_DECLS
