/* test-catalog-compiler.c: every bad row fails the build with file:line: field: reason
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "rig-catalog-compiler.h"
#include "rig-catalog.h"
#include "rig-csv.h"
#include "rig-store-error.h"
#include "rig-test-util.h"

/* Replaces the first occurrence of @old in @dir/@file. */
static void
replace_in_file (const char *dir,
                 const char *file,
                 const char *old,
                 const char *new)
{
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GString) s = NULL;
  char *at;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  at = strstr (contents, old);
  if (at == NULL)
    g_error ("“%s” is not in %s", old, path);
  s = g_string_new_len (contents, at - contents);
  g_string_append (s, new);
  g_string_append (s, at + strlen (old));
  g_assert_true (g_file_set_contents (path, s->str, -1, NULL));
}

static void
append_to_file (const char *dir,
                const char *file,
                const char *line)
{
  g_autofree char *path = g_build_filename (dir, file, NULL);
  rig_test_edit_line (path, 0, line);
}

/* Compiles @dir and checks that it fails with every one of @expected in the message. */
static void
assert_fails_with (const char         *dir,
                   const char * const *expected)
{
  g_autofree char *out = g_build_filename (dir, "catalog.sqlite", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (out, "previous catalog", -1, NULL));
  g_assert_false (rig_catalog_compile (dir, out, &error));
  g_assert_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_INVALID);
  for (guint i = 0; expected[i]; i++)
    if (strstr (error->message, expected[i]) == NULL)
      g_error ("expected “%s” in:\n%s", expected[i], error->message);

  /* A failed build leaves the previous catalog as it was. */
  {
    g_autofree char *contents = NULL;
    g_assert_true (g_file_get_contents (out, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, "previous catalog");
  }
}

static void
test_good (void)
{
  g_autofree char *dir = rig_test_copy_fixture ("catalog");
  g_autofree char *out = g_build_filename (dir, "catalog.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RigCatalog) catalog = NULL;

  g_assert_true (rig_catalog_compile (dir, out, &error));
  g_assert_no_error (error);
  catalog = rig_catalog_new (out, &error);
  g_assert_no_error (error);
  /* 5 GPUs, 2 CPUs, 1 board, 4 accessories and 2 of each other kind */
  g_assert_cmpuint (rig_catalog_get_n_parts (catalog), ==, 5 + 2 + 1 + 4 + 2 * 7);
}

typedef struct
{
  const char *name;
  const char *file;
  const char *old;     /* NULL: append @new as a line */
  const char *new;
  const char *expected[3];
} BadCase;

static const BadCase bad_cases[] = {
  { "number", "gpu.csv", ",pcie,24,gddr6x", ",pcie,24GB,gddr6x",
    { "gpu.csv:2: memory_gib: “24GB” is not a number", NULL } },
  { "hex-number", "gpu.csv", ",pcie,24,gddr6x", ",pcie,0x18,gddr6x",
    { "gpu.csv:2: memory_gib: “0x18” is not a number", NULL } },
  { "exponent", "gpu.csv", ",pcie,24,gddr6x", ",pcie,2.4e1,gddr6x",
    { "gpu.csv:2: memory_gib: “2.4e1” is not a number", NULL } },
  { "infinity", "gpu.csv", ",pcie,24,gddr6x", ",pcie,-infinity,gddr6x",
    { "gpu.csv:2: memory_gib: “-infinity” is not a number", NULL } },
  { "id-dots", "gpu.csv", "nvidia-rtx-3090,", "a..,",
    { "gpu.csv:2: id: “a..” is not a lowercase slug", NULL } },
  { "id-dot-end", "gpu.csv", "nvidia-rtx-3090,", "nvidia-rtx-3090.,",
    { "gpu.csv:2: id: “nvidia-rtx-3090.” is not a lowercase slug", NULL } },
  { "range", "gpu.csv", ",pcie,24,gddr6x", ",pcie,4000,gddr6x",
    { "gpu.csv:2: memory_gib: 4000 is out of range", NULL } },
  /* A single-thread rating is a Geekbench 6 single-core average, in the hundreds or thousands. */
  { "single-thread-range", "cpu.csv", ",,,2975,2022-09,", ",,,29750,2022-09,",
    { "cpu.csv:2: single_thread: 29750 is out of range", NULL } },
  { "enum", "gpu.csv", ",consumer,ampere,", ",consumer,amperes,",
    { "gpu.csv:2: architecture: “amperes” is not one of:", NULL } },
  { "id", "gpu.csv", "nvidia-rtx-3090,", "NVIDIA RTX 3090,",
    { "gpu.csv:2: id: “NVIDIA RTX 3090” is not a lowercase slug", NULL } },
  { "required", "nic.csv", ",intel-x550-t2,", NULL, { NULL } },
  { "column-unknown", "nic.csv", "id,name,vendor,aliases,", "id,name,vendor,alias,",
    { "nic.csv:1: alias: not a column", "nic.csv:1: aliases: the column is missing", NULL } },
  { "quote", "psu.csv", NULL, "\"broken,row",
    { "psu.csv:4: a quoted field is never closed", NULL } },
  { "field-count", "storage.csv", NULL, "a,b",
    { "storage.csv:4: the row has 2 fields, the header 16", NULL } },
  { "slot-grammar", "motherboard.csv", "x16 x16 g5 cpu", "x16 x16 g5 gpu",
    { "motherboard.csv:2: pcie_slots:", "NAME@POS", NULL } },
  { "slot-share", "motherboard.csv", "share=PCIEX16(G5)_1:x8", "share=PCIE9:x8",
    { "motherboard.csv:2: pcie_slots:", "shares with “PCIE9”", NULL } },
  { "quant-ref", "quants.csv", "default:Q8_0;output:Q8_0", "default:Q8_0;output:Q9_9",
    { "quants.csv:5: recipe: “Q9_9” is not a quantization in this file", NULL } },
  { "experts-quant-ref", "models.csv", ",128,8,28.99,,,", ",128,8,28.99,MXFP9,,",
    { "models.csv:4: experts_quant: “MXFP9” is not a quantization in quants.csv", NULL } },
  { "kv-heads", "models.csv", "4096,14336,32,8,128", "4096,14336,32,7,128",
    { "models.csv:2: kv_heads: 7 does not divide the 32 attention heads", NULL } },
  { "llm-arch", "models.csv", "4096,14336,32,8,128", ",14336,32,8,128",
    { "models.csv:2: hidden_size: is required for a language model", NULL } },
  /* Linear attention comes with its heads, and leaves some layers with attention. */
  { "linear-dims", "models.csv", "131072,gqa,,,,,,,,,,,,,,,,,,0", "131072,gqa,,,,,,,,24,,,,,,,,,,0",
    { "models.csv:2: linear_head_dim: linear attention needs linear_key_heads, linear_value_heads "
      "and linear_head_dim", NULL } },
  { "linear-layers", "models.csv", "131072,gqa,,,,,,,,,,,,,,,,,,0", "131072,gqa,,,,,,,,32,16,32,128,,,,,,,0",
    { "models.csv:2: linear_layers: 32 leaves none of the 32 layers with attention", NULL } },
  /* Multi-token prediction modules come with their size. */
  { "mtp-size", "models.csv", ",1,14,", ",1,,",
    { "models.csv:5: mtp_params_b: multi-token prediction needs mtp_layers and mtp_params_b", NULL } },
  /* A model's drafter is a model of modality drafter, and it drafts with that or its modules. */
  { "mtp-drafter-ref", "models.csv", ",1,14,1,,", ",,,,llama-3.1-8b,",
    { "models.csv:5: mtp_drafter: “llama-3.1-8b” is not a model of modality drafter in this file",
      NULL } },
  { "mtp-drafter-both", "models.csv", ",1,14,1,,", ",1,14,1,llama-3.1-8b,",
    { "models.csv:5: mtp_drafter: a model drafts with its mtp_layers or with a drafter, not both",
      NULL } },
  { "connectors", "gpu.csv", ",2x8pin,", ",2x8-pin,", { "gpu.csv:2: power_connectors:", NULL } },
  { "date", "gpu.csv", ",2020-09,", ",Sept 2020,", { "gpu.csv:2: launch_date:", NULL } },
  /* A used price is only used with the date it was seen and where. */
  { "used-price-undated", "gpu.csv", ",1499.00,,,1499.00,", ",1499.00,700.00,,1499.00,",
    { "gpu.csv:2: used_price_date: a used price needs the date it was seen", NULL } },
  { "used-price-unsourced", "gpu.csv", ",1499.00,,,1499.00,", ",1499.00,700.00,2025-06,1499.00,",
    { "gpu.csv:2: used_price_source: a used price needs the page it was seen on", NULL } },
  { "used-date-without-price", "gpu.csv", ",1499.00,,,1499.00,", ",1499.00,,2025-06,1499.00,",
    { "gpu.csv:2: used_price_usd: a used price date without a used price", NULL } },
};

static void
test_bad (gconstpointer data)
{
  const BadCase *c = data;
  g_autofree char *dir = rig_test_copy_fixture ("catalog");

  if (g_str_equal (c->name, "required"))
    {
      /* Blank out the source of the first NIC row. */
      g_autofree char *path = g_build_filename (dir, "nic.csv", NULL);
      g_autofree char *contents = NULL;
      g_auto(GStrv) lines = NULL;
      char *last_comma;

      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      lines = g_strsplit (contents, "\n", -1);
      last_comma = strrchr (lines[1], ',');
      last_comma[1] = '\0';
      rig_test_edit_line (path, 2, lines[1]);
      {
        const char * const expected[] = { "nic.csv:2: source: is required", NULL };
        assert_fails_with (dir, expected);
      }
      return;
    }

  if (c->old == NULL)
    append_to_file (dir, c->file, c->new);
  else
    replace_in_file (dir, c->file, c->old, c->new);
  assert_fails_with (dir, c->expected);
}

static void
test_duplicate_id (void)
{
  g_autofree char *dir = rig_test_copy_fixture ("catalog");
  const char * const expected[] = {
    "cpu.csv:2: id: “nvidia-rtx-3090” is already used at gpu.csv:2", NULL
  };

  replace_in_file (dir, "cpu.csv", "amd-ryzen-9-7950x,", "nvidia-rtx-3090,");
  assert_fails_with (dir, expected);
}

static void
test_many_errors (void)
{
  g_autofree char *dir = rig_test_copy_fixture ("catalog");
  const char * const expected[] = { "gpu.csv:2: memory_gib", "gpu.csv:2: architecture", NULL };

  /* Every bad field is reported in one run, not only the first. */
  replace_in_file (dir, "gpu.csv", ",pcie,24,gddr6x", ",pcie,x,gddr6x");
  replace_in_file (dir, "gpu.csv", ",consumer,ampere,", ",consumer,zzz,");
  assert_fails_with (dir, expected);
}

static void
test_missing_file (void)
{
  g_autofree char *dir = rig_test_copy_fixture ("catalog");
  g_autofree char *path = g_build_filename (dir, "case.csv", NULL);
  const char * const expected[] = { "case.csv:", NULL };

  g_assert_cmpint (g_unlink (path), ==, 0);
  assert_fails_with (dir, expected);
}

/* A table that is a folder is named, not read. */
static void
test_folder_for_file (void)
{
  g_autofree char *dir = rig_test_copy_fixture ("catalog");
  g_autofree char *path = g_build_filename (dir, "case.csv", NULL);
  const char * const expected[] = { "case.csv:", "is a folder", NULL };

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
  assert_fails_with (dir, expected);
}

static void
test_quoted_fields (void)
{
  g_autofree char *dir = rig_test_copy_fixture ("catalog");
  g_autofree char *out = g_build_filename (dir, "catalog.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RigCatalog) catalog = NULL;
  g_autoptr(RigPart) part = NULL;

  /* RFC 4180: commas, doubled quotes and line breaks inside a quoted field. */
  replace_in_file (dir, "gpu.csv", "NVIDIA GeForce RTX 3090,", "\"NVIDIA \"\"GeForce\"\", RTX\n3090\",");
  g_assert_true (rig_catalog_compile (dir, out, &error));
  g_assert_no_error (error);
  catalog = rig_catalog_new (out, &error);
  g_assert_no_error (error);
  part = rig_catalog_get_part (catalog, "nvidia-rtx-3090", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (part->name, ==, "NVIDIA \"GeForce\", RTX\n3090");
}

/* Text that is not UTF-8 (an encoded lone surrogate here) is refused with its line. */
static void
test_csv_not_utf8 (void)
{
  static const char csv[] = "id,name\nx,X\ny,\xed\xa0\x80\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = rig_csv_parse (csv, strlen (csv), &error);

  g_assert_null (records);
  g_assert_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "3: the file is not valid UTF-8 here; save it as UTF-8");
  g_clear_error (&error);
  records = rig_csv_parse_translated (csv, strlen (csv), &error);
  g_assert_null (records);
  g_assert_cmpstr (error->message, ==, "line 3: the file is not valid UTF-8 here; save it as UTF-8");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/catalog-compiler/good", test_good);
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/catalog-compiler/bad/%s", bad_cases[i].name);
      g_test_add_data_func (path, &bad_cases[i], test_bad);
    }
  g_test_add_func ("/catalog-compiler/duplicate-id", test_duplicate_id);
  g_test_add_func ("/catalog-compiler/many-errors", test_many_errors);
  g_test_add_func ("/catalog-compiler/missing-file", test_missing_file);
  g_test_add_func ("/catalog-compiler/folder-for-file", test_folder_for_file);
  g_test_add_func ("/catalog-compiler/quoted-fields", test_quoted_fields);
  g_test_add_func ("/catalog-compiler/csv-not-utf8", test_csv_not_utf8);

  return g_test_run ();
}
