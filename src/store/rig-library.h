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
#define RIG_LIBRARY_SCHEMA_VERSION 5

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

typedef enum
{
  RIG_PRICE_SOURCE_FEED,      /* a Rigplan price feed (JSON or CSV) at any address */
  RIG_PRICE_SOURCE_BESTBUY,   /* Best Buy's Products API */
} RigPriceSourceKind;

typedef struct
{
  gint64              id;
  RigPriceSourceKind  kind;
  char               *name;
  char               *url;
  gboolean            enabled;
  char               *etag;            /* validators of the last response, for conditional requests */
  char               *last_modified;
  gint64              checked_at;      /* Unix time of the last refresh, 0 never */
  char               *status;          /* what the last refresh did, or why it failed */
} RigPriceSource;

typedef struct
{
  char   *gpu;              /* catalog id */
  guint   count;            /* GPUs in the instance */
  gint64  per_hour_minor;
  char    currency[4];
  char   *provider;
  char   *source;
  gint64  observed_at;
} RigLibraryRate;

typedef struct
{
  char         currency[4];
  double       per_usd;         /* units of @currency one US dollar buys */
  const char  *source;
  gint64       observed_at;
} RigLibraryFxRate;

/* $XDG_DATA_HOME/rigplan/library.sqlite */
char        *rig_library_default_path     (void);

/* Opens or creates the library and migrates it forward. A file that is not a Rigplan library,
 * is damaged, or was written by a newer Rigplan gets an error and is left exactly as it was.
 * A library this process cannot write (the file or its folder) is opened read-only. */
RigLibrary  *rig_library_new              (const char  *path,
                                           GError     **error);
/* Opens an existing library of the current version for reading only: nothing is written to it
 * (no migration, no journal mode), and every change fails with an error saying so. */
RigLibrary  *rig_library_new_read_only    (const char  *path,
                                           GError     **error);
gboolean     rig_library_is_read_only     (RigLibrary  *self);
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

const char  *rig_price_source_kind_to_string   (RigPriceSourceKind kind);
int          rig_price_source_kind_from_string (const char        *text);

/* Returns the new source's id, or 0 with @error (also when @url is already a source). */
gint64       rig_library_add_source       (RigLibrary          *self,
                                           RigPriceSourceKind   kind,
                                           const char          *name,
                                           const char          *url,
                                           GError             **error);
/* RigPriceSource, in the order they were added. */
GPtrArray   *rig_library_list_sources     (RigLibrary  *self,
                                           GError     **error);
gboolean     rig_library_remove_source    (RigLibrary  *self,
                                           gint64       id,
                                           GError     **error);
/* Stores @source's enabled flag, validators, time and status. */
gboolean     rig_library_update_source    (RigLibrary           *self,
                                           const RigPriceSource *source,
                                           GError              **error);
/* All of @prices, @rates and a feed's currency rates @fx in one transaction, or none; exact
 * repeats are skipped, and a rate the user set stays. @prices_added, @rates_added (may be NULL):
 * how many prices and cloud rates were new. */
gboolean     rig_library_add_observations (RigLibrary                 *self,
                                           RigPriceObservation * const *prices,
                                           guint                       n_prices,
                                           const RigLibraryRate * const *rates,
                                           guint                       n_rates,
                                           const RigLibraryFxRate     *fx,
                                           guint                       n_fx,
                                           guint                      *prices_added,
                                           guint                      *rates_added,
                                           GError                    **error);
RigPriceObservation *rig_library_latest_price (RigLibrary   *self,
                                               const char   *part_id,
                                               RigCondition  condition,
                                               GError      **error);
/* Currency rates come only from the user or a feed: units of @currency per US dollar, from
 * RIG_FX_RATE_MIN to RIG_FX_RATE_MAX. A rate the user sets replaces any other. */
gboolean     rig_library_set_fx_rate      (RigLibrary  *self,
                                           const char  *currency,
                                           double       per_usd,
                                           const char  *source,
                                           gint64       observed_at,
                                           GError     **error);
/* A feed's rate replaces a feed's, never the user's: @stored (may be NULL) says whether it was
 * stored. */
gboolean     rig_library_set_feed_fx_rate (RigLibrary  *self,
                                           const char  *currency,
                                           double       per_usd,
                                           const char  *source,
                                           gint64       observed_at,
                                           gboolean    *stored,
                                           GError     **error);
double       rig_library_get_fx_rate      (RigLibrary  *self,
                                           const char  *currency);

/* Gives each item of @build the newest stored price for its part and condition, converted to
 * the build's currency with stored rates (an observation no rate converts is passed over);
 * returns how many items got one. Entered prices still come first. */
guint        rig_library_apply_prices     (RigLibrary  *self,
                                           RigBuild    *build);

void         rig_price_source_free        (RigPriceSource      *source);
void         rig_library_entry_free       (RigLibraryEntry     *entry);
void         rig_price_observation_free   (RigPriceObservation *observation);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RigPriceSource, rig_price_source_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RigPriceObservation, rig_price_observation_free)

G_END_DECLS
