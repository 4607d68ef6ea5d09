/* rig-library.h: the user's own database — saved builds, custom parts, price observations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "rig-build.h"
#include "rig-part.h"

G_BEGIN_DECLS

#define RIG_TYPE_LIBRARY (rig_library_get_type ())

G_DECLARE_FINAL_TYPE (RigLibrary, rig_library, RIG, LIBRARY, GObject)

/* The newest schema this version reads and writes (PRAGMA user_version). */
#define RIG_LIBRARY_SCHEMA_VERSION 2

typedef struct
{
  gint64  id;
  char   *name;
  gint64  modified;         /* Unix time, seconds */
} RigLibraryEntry;

typedef struct
{
  char         *part_id;
  char         *source;     /* "catalog", a feed URL's host, "manual" … */
  RigCondition  condition;
  gint64        amount_minor;
  char          currency[4];
  gint64        observed_at;    /* Unix time, seconds */
} RigPriceObservation;

/* $XDG_DATA_HOME/rigplan/library.sqlite */
char        *rig_library_default_path     (void);

/* Opens or creates the library and migrates it forward. A file that is not a Rigplan library,
 * is damaged, or was written by a newer Rigplan gets an error and is left exactly as it was. */
RigLibrary  *rig_library_new              (const char  *path,
                                           GError     **error);
int          rig_library_get_schema_version (RigLibrary *self);

/* Saves in one transaction; @id 0 adds a new build. Returns the build's id, or 0 on error. */
gint64       rig_library_save_build       (RigLibrary  *self,
                                           gint64       id,
                                           const RigBuild *build,
                                           GError     **error);
RigBuild    *rig_library_load_build       (RigLibrary  *self,
                                           gint64       id,
                                           GError     **error);
gboolean     rig_library_delete_build     (RigLibrary  *self,
                                           gint64       id,
                                           GError     **error);
/* RigLibraryEntry, most recently modified first. */
GPtrArray   *rig_library_list_builds      (RigLibrary  *self,
                                           GError     **error);

gboolean     rig_library_save_custom_part (RigLibrary  *self,
                                           const RigPart *part,
                                           GError     **error);
RigPart     *rig_library_get_custom_part  (RigLibrary  *self,
                                           const char  *id,
                                           GError     **error);

gboolean     rig_library_add_price        (RigLibrary  *self,
                                           const RigPriceObservation *observation,
                                           GError     **error);
/* RigPriceObservation for @part_id, newest first. */
GPtrArray   *rig_library_list_prices      (RigLibrary  *self,
                                           const char  *part_id,
                                           GError     **error);

void         rig_library_entry_free       (RigLibraryEntry     *entry);
void         rig_price_observation_free   (RigPriceObservation *observation);

G_END_DECLS
