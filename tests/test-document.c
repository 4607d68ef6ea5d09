/* test-document.c: the build being edited, without a window: undo, files, prices and the plan
 *
 * On the fixture catalog, with a library of saved builds and prices in a temporary folder.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "rig-build-file.h"
#include "rig-document.h"
#include "rig-test-util.h"

static RigCatalog *catalog;

typedef struct
{
  RigDocument *document;
  RigLibrary  *library;
  char        *dir;
  guint        reports;       /* notify::report */
  guint        changes;       /* ::changed */
  guint        last_change;
} Fixture;

static void
on_report (Fixture *f)
{
  f->reports++;
}

static void
on_changed (RigDocument *document,
            guint        change,
            Fixture     *f)
{
  f->changes++;
  f->last_change = change;
}

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static RigBuild *
new_build (void)
{
  RigBuild *build = rig_build_new ("test");

  rig_build_add_part (build, "nvidia-rtx-3090", 2);
  rig_build_add_part (build, "amd-ryzen-9-7950x", 1);
  return build;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = rig_test_temp_dir ();
  path = g_build_filename (f->dir, "library.sqlite", NULL);
  f->library = rig_library_new (path, &error);
  g_assert_no_error (error);
  f->document = rig_document_new (catalog, f->library);
  g_signal_connect_swapped (f->document, "notify::report", G_CALLBACK (on_report), f);
  g_signal_connect (f->document, "changed", G_CALLBACK (on_changed), f);
  g_assert_true (rig_document_set_build (f->document, new_build (), NULL, 0, &error));
  g_assert_no_error (error);
  iterate ();
  f->reports = f->changes = 0;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->document);
  g_clear_object (&f->library);
  g_free (f->dir);
}

static guint
gpu_count (Fixture *f)
{
  return ((RigBuildItem *) g_ptr_array_index (rig_document_get_build (f->document)->items, 0))->count;
}

static void
set_gpu_count (Fixture *f,
               guint    count)
{
  RigBuild *build = rig_document_begin_edit (f->document);

  ((RigBuildItem *) g_ptr_array_index (build->items, 0))->count = count;
  rig_document_end_edit (f->document, RIG_DOCUMENT_CHANGE_VALUES);
}

/* Edits are planned once the main loop is idle, once however many came; asking for the report
 * plans at once. */
static void
test_replan_on_idle (Fixture       *f,
                     gconstpointer  data)
{
  set_gpu_count (f, 1);
  set_gpu_count (f, 3);
  g_assert_true (rig_document_get_report_pending (f->document));
  g_assert_cmpuint (f->changes, ==, 2);
  g_assert_cmpuint (f->reports, ==, 0);
  iterate ();
  g_assert_false (rig_document_get_report_pending (f->document));
  g_assert_cmpuint (f->reports, ==, 1);
  g_assert_cmpuint (rig_document_get_report (f->document)->devices.n_gpus, ==, 3);

  set_gpu_count (f, 1);
  g_assert_cmpuint (rig_document_get_report (f->document)->devices.n_gpus, ==, 1);
  g_assert_false (rig_document_get_report_pending (f->document));
  g_assert_cmpuint (f->reports, ==, 2);
  iterate ();
  g_assert_cmpuint (f->reports, ==, 2);
}

static void
test_undo_redo (Fixture       *f,
                gconstpointer  data)
{
  g_assert_false (rig_document_get_dirty (f->document));
  g_assert_false (rig_document_can_undo (f->document));

  set_gpu_count (f, 1);
  set_gpu_count (f, 4);
  g_assert_true (rig_document_get_dirty (f->document));
  g_assert_true (rig_document_can_undo (f->document));
  g_assert_false (rig_document_can_redo (f->document));

  g_assert_true (rig_document_undo (f->document));
  g_assert_cmpuint (gpu_count (f), ==, 1);
  g_assert_cmpuint (f->last_change, ==, RIG_DOCUMENT_CHANGE_ALL);
  g_assert_true (rig_document_undo (f->document));
  g_assert_cmpuint (gpu_count (f), ==, 2);
  g_assert_false (rig_document_undo (f->document));
  g_assert_true (rig_document_can_redo (f->document));
  g_assert_true (rig_document_redo (f->document));
  g_assert_cmpuint (gpu_count (f), ==, 1);
  g_assert_cmpuint (rig_document_get_report (f->document)->devices.n_gpus, ==, 1);

  /* A new edit drops what could be redone. */
  set_gpu_count (f, 2);
  g_assert_false (rig_document_can_redo (f->document));
}

/* An edit that cannot be completed (a model the catalog lacks) leaves the build, the history
 * and the saved state as they were. */
static void
test_cancel_edit (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  RigBuild *build;
  RigWorkload *w;

  build = rig_document_begin_edit (f->document);
  w = rig_workload_new ();
  w->model_id = g_strdup ("no-such-model");
  g_ptr_array_add (build->workloads, w);
  g_assert_false (rig_document_resolve (f->document, &error));
  g_assert_nonnull (error);
  rig_document_cancel_edit (f->document);

  g_assert_cmpuint (rig_document_get_build (f->document)->workloads->len, ==, 0);
  g_assert_false (rig_document_get_dirty (f->document));
  g_assert_false (rig_document_can_undo (f->document));
  g_assert_false (rig_document_can_redo (f->document));
}

/* A build that does not resolve is refused and the document keeps its own. */
static void
test_set_build_refused (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  RigBuild *before = rig_document_get_build (f->document);
  RigBuild *other = rig_build_new ("other");

  set_gpu_count (f, 1);
  rig_build_add_part (other, "no-such-part", 1);
  g_assert_false (rig_document_set_build (f->document, other, NULL, 0, &error));
  g_assert_nonnull (error);
  g_assert_true (rig_document_get_build (f->document) == before);
  g_assert_true (rig_document_can_undo (f->document));
  g_assert_true (rig_document_get_dirty (f->document));
}

static void
add_price (Fixture      *f,
           const char   *part_id,
           RigCondition  condition,
           gint64        amount_minor)
{
  g_autoptr(GError) error = NULL;
  RigPriceObservation obs = { (char *) part_id, (char *) "shop.example", condition, amount_minor,
                              "USD", g_get_real_time () / G_USEC_PER_SEC };

  g_assert_true (rig_library_add_price (f->library, &obs, &error));
  g_assert_no_error (error);
}

static gint64
unit_price (Fixture *f,
            guint    index)
{
  RigBuild *build = rig_document_get_build (f->document);
  gint64 unit = -1;

  g_assert_true (rig_build_item_unit_price (build, g_ptr_array_index (build->items, index), &unit));
  return unit;
}

/* Stored prices are applied when what they depend on changes (the parts, a condition, the
 * library's prices), not on every edit: each application is a query per part. */
static void
test_prices_applied_once (Fixture       *f,
                          gconstpointer  data)
{
  guint applied = rig_document_get_price_applications (f->document);
  RigBuild *build;

  add_price (f, "nvidia-rtx-3090", RIG_CONDITION_USED, 70000);
  add_price (f, "nvidia-rtx-3090", RIG_CONDITION_NEW, 140000);

  set_gpu_count (f, 1);
  g_assert_cmpuint (rig_document_get_price_applications (f->document), ==, applied);

  rig_document_prices_changed (f->document);
  g_assert_cmpuint (rig_document_get_price_applications (f->document), ==, applied + 1);
  g_assert_cmpint (unit_price (f, 0), ==, 140000);

  build = rig_document_begin_edit (f->document);
  ((RigBuildItem *) g_ptr_array_index (build->items, 0))->condition = RIG_CONDITION_USED;
  rig_document_end_edit (f->document, RIG_DOCUMENT_CHANGE_PRICES);
  g_assert_cmpuint (rig_document_get_price_applications (f->document), ==, applied + 2);
  g_assert_cmpint (unit_price (f, 0), ==, 70000);

  build = rig_document_begin_edit (f->document);
  g_free (build->name);
  build->name = g_strdup ("renamed");
  rig_document_end_edit (f->document, RIG_DOCUMENT_CHANGE_VALUES);
  g_assert_cmpuint (rig_document_get_price_applications (f->document), ==, applied + 2);

  /* Undo goes back to a new card at the price the library holds for it. */
  g_assert_true (rig_document_undo (f->document));
  g_assert_true (rig_document_undo (f->document));
  g_assert_cmpint (unit_price (f, 0), ==, 140000);
}

static void
test_file_round_trip (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "build.rigplan.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/build.rigplan.json");
  g_autoptr(RigDocument) other = rig_document_new (catalog, NULL);
  g_autoptr(GError) error = NULL;

  set_gpu_count (f, 3);
  g_assert_true (rig_document_save_file (f->document, file, &error));
  g_assert_no_error (error);
  g_assert_false (rig_document_get_dirty (f->document));
  g_assert_true (rig_document_get_file (f->document) == file);

  g_assert_true (rig_document_load_file (other, file, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (((RigBuildItem *) g_ptr_array_index (rig_document_get_build (other)->items, 0))->count,
                    ==, 3);
  g_assert_true (g_file_equal (rig_document_get_file (other), file));
  g_assert_false (rig_document_get_dirty (other));

  g_assert_false (rig_document_load_file (other, missing, &error));
  g_assert_nonnull (error);
  g_assert_true (g_file_equal (rig_document_get_file (other), file));
}

/* Saving to the library keeps the entry's id; a build without a file is saved by it. */
static void
test_library_save (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RigBuild) loaded = NULL;
  gint64 id;

  set_gpu_count (f, 1);
  g_assert_true (rig_document_save_to_library (f->document, &error));
  g_assert_no_error (error);
  id = rig_document_get_library_id (f->document);
  g_assert_cmpint (id, >, 0);
  g_assert_false (rig_document_get_dirty (f->document));

  set_gpu_count (f, 2);
  g_assert_true (rig_document_save_to_library (f->document, &error));
  g_assert_cmpint (rig_document_get_library_id (f->document), ==, id);

  /* Deleted meanwhile: saved as a new entry. */
  g_assert_true (rig_library_delete_build (f->library, id, &error));
  set_gpu_count (f, 3);
  g_assert_true (rig_document_save_to_library (f->document, &error));
  g_assert_no_error (error);
  loaded = rig_library_load_build (f->library, rig_document_get_library_id (f->document), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (((RigBuildItem *) g_ptr_array_index (loaded->items, 0))->count, ==, 3);
}

#define ADD(name, func) \
  g_test_add ("/document/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  catalog = rig_catalog_new (rig_test_catalog_path (), &error);
  g_assert_no_error (error);
  ADD ("replan-on-idle", test_replan_on_idle);
  ADD ("undo-redo", test_undo_redo);
  ADD ("cancel-edit", test_cancel_edit);
  ADD ("set-build-refused", test_set_build_refused);
  ADD ("prices-applied-once", test_prices_applied_once);
  ADD ("file-round-trip", test_file_round_trip);
  ADD ("library-save", test_library_save);
  status = g_test_run ();
  g_clear_object (&catalog);
  return status;
}
