/* test-flatpak.c: the Flatpak manifest builds this tree on a GNOME runtime
 *
 * flatpak-builder cannot run here (it needs the network for the runtime), so this checks what
 * the manifest says against what the project is.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

static void
test_manifest (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "flatpak",
                                                 "io.github.rigplan.Rigplan.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root, *module, *source;
  JsonArray *modules, *finish, *sources, *opts;
  gboolean has_wayland = FALSE, has_network = FALSE, has_profile = FALSE;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));

  g_assert_true (g_str_has_prefix (json_object_get_string_member (root, "id"),
                                   "io.github.rigplan.Rigplan"));
  g_assert_cmpstr (json_object_get_string_member (root, "runtime"), ==, "org.gnome.Platform");
  g_assert_cmpstr (json_object_get_string_member (root, "sdk"), ==, "org.gnome.Sdk");
  /* A runtime that still has GTK 4.8 and libadwaita 1.2 or newer: GNOME 43 and later. */
  g_assert_cmpint (g_ascii_strtoll (json_object_get_string_member (root, "runtime-version"), NULL, 10),
                   >=, 43);
  g_assert_cmpstr (json_object_get_string_member (root, "command"), ==, "rigplan");

  finish = json_object_get_array_member (root, "finish-args");
  for (guint i = 0; i < json_array_get_length (finish); i++)
    {
      const char *arg = json_array_get_string_element (finish, i);
      has_wayland |= g_str_equal (arg, "--socket=wayland");
      has_network |= g_str_equal (arg, "--share=network");
      g_assert_false (g_str_has_prefix (arg, "--filesystem=host"));
    }
  g_assert_true (has_wayland);
  g_assert_true (has_network);    /* opt-in price refresh */

  modules = json_object_get_array_member (root, "modules");
  module = json_array_get_object_element (modules, json_array_get_length (modules) - 1);
  g_assert_cmpstr (json_object_get_string_member (module, "name"), ==, "rigplan");
  g_assert_cmpstr (json_object_get_string_member (module, "buildsystem"), ==, "meson");
  opts = json_object_get_array_member (module, "config-opts");
  for (guint i = 0; i < json_array_get_length (opts); i++)
    has_profile |= g_str_equal (json_array_get_string_element (opts, i), "-Dprofile=development");
  g_assert_true (has_profile == g_str_has_suffix (json_object_get_string_member (root, "id"), ".Devel"));

  sources = json_object_get_array_member (module, "sources");
  source = json_array_get_object_element (sources, 0);
  g_assert_cmpstr (json_object_get_string_member (source, "type"), ==, "dir");
  g_assert_cmpstr (json_object_get_string_member (source, "path"), ==, "..");
  {
    g_autofree char *top = g_test_build_filename (G_TEST_DIST, "..", "flatpak", "..", "meson.build", NULL);
    g_assert_true (g_file_test (top, G_FILE_TEST_EXISTS));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/flatpak/manifest", test_manifest);
  return g_test_run ();
}
