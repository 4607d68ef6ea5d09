/* test-part.c: catalog columns, the slot grammar and the other value grammars
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "rig-model.h"
#include "rig-part.h"
#include "rig-slot.h"
#include "rig-text.h"
#include "rig-workload.h"

static void
test_ids (void)
{
  g_assert_true (rig_id_is_valid ("nvidia-rtx-4090"));
  g_assert_true (rig_id_is_valid ("llama-3.1-70b"));
  g_assert_true (rig_id_is_valid ("a"));
  g_assert_false (rig_id_is_valid (""));
  g_assert_false (rig_id_is_valid ("NVIDIA-rtx"));
  g_assert_false (rig_id_is_valid ("-rtx"));
  g_assert_false (rig_id_is_valid ("rtx-"));
  g_assert_false (rig_id_is_valid ("rtx--4090"));
  g_assert_false (rig_id_is_valid ("rtx 4090"));
  g_assert_false (rig_id_is_valid (".rtx"));
}

static void
test_fields (void)
{
  g_autoptr(RigPart) part = rig_part_new (RIG_PART_GPU);
  const RigTable *table = rig_part_table (RIG_PART_GPU);
  const RigField *memory = rig_table_find_field (table, "memory_gib");
  const RigField *segment = rig_table_find_field (table, "segment");
  const RigField *price = rig_table_find_field (table, "price_usd");
  const RigField *nvlink = rig_table_find_field (table, "nvlink");
  const RigField *bus = rig_table_find_field (table, "memory_bus_bits");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_nonnull (memory);
  g_assert_true (isnan (part->gpu.memory_gib));
  g_assert_false (rig_field_is_known (memory, part));

  g_assert_true (rig_field_set_text (memory, part, "24", &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (part->gpu.memory_gib, ==, 24);

  g_assert_false (rig_field_set_text (memory, part, "24GB", &error));
  g_assert_error (error, RIG_FIELD_ERROR, RIG_FIELD_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "not a number"));
  g_clear_error (&error);

  g_assert_false (rig_field_set_text (memory, part, "0", &error));
  g_assert_nonnull (strstr (error->message, "out of range"));
  g_clear_error (&error);

  g_assert_false (rig_field_set_text (memory, part, "", &error));
  g_assert_nonnull (strstr (error->message, "required"));
  g_clear_error (&error);

  g_assert_false (rig_field_set_text (segment, part, "gaming", &error));
  g_assert_nonnull (strstr (error->message, "consumer, workstation, datacenter"));
  g_clear_error (&error);

  g_assert_false (rig_field_set_text (bus, part, "384.5", &error));
  g_assert_nonnull (strstr (error->message, "whole number"));
  g_clear_error (&error);

  g_assert_false (rig_field_set_text (price, part, "-5", &error));
  g_assert_nonnull (strstr (error->message, "negative"));
  g_clear_error (&error);

  g_assert_true (rig_field_set_text (price, part, "1599.99", &error));
  g_assert_cmpint (part->price_cents, ==, 159999);
  text = rig_field_to_text (price, part);
  g_assert_cmpstr (text, ==, "1599.99");

  g_assert_false (rig_field_set_text (nvlink, part, "yes", &error));
  g_clear_error (&error);
  g_assert_true (rig_field_set_text (nvlink, part, "1", &error));
  g_assert_cmpint (part->gpu.nvlink, ==, 1);

  g_assert_false (rig_field_set_text (memory, part, " 24", &error));
  g_assert_nonnull (strstr (error->message, "spaces"));
  g_clear_error (&error);
}

static void
test_list_enum (void)
{
  g_autoptr(RigPart) part = rig_part_new (RIG_PART_COOLER);
  const RigField *sockets = rig_table_find_field (rig_part_table (RIG_PART_COOLER), "sockets");
  g_autoptr(GError) error = NULL;

  g_assert_true (rig_field_set_text (sockets, part, "am4;am5;lga1700", &error));
  g_assert_no_error (error);
  g_assert_false (rig_field_set_text (sockets, part, "am5;lga9999", &error));
  g_assert_nonnull (strstr (error->message, "lga9999"));
}

static void
test_power_connectors (void)
{
  const char *good[] = { "none", "2x8pin", "1x12v-2x6", "1x8pin+1x6pin", "1xeps8", "3x8pin" };
  const char *bad[] = { "", "2 x 8pin", "x8pin", "0x8pin", "2x9pin", "2x8pin+", "9x8pin" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    g_assert_true (rig_power_connectors_check (good[i], NULL));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_assert_false (rig_power_connectors_check (bad[i], &error));
      g_assert_nonnull (error);
    }
}

static void
test_slots (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) slots = NULL;
  RigSlot *slot;
  RigSlotShare *share;

  slots = rig_slot_list_parse ("PCIE1@1 x16 x16 g5 cpu; PCIE2@4 x16 x8 g5 cpu share=PCIE1:x8; "
                               "PCIE3@7 x16 x4 g4 chipset", RIG_SLOT_KIND_PCIE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (slots->len, ==, 3);

  slot = g_ptr_array_index (slots, 1);
  g_assert_cmpstr (slot->name, ==, "PCIE2");
  g_assert_cmpuint (slot->position, ==, 4);
  g_assert_cmpuint (slot->physical_lanes, ==, 16);
  g_assert_cmpuint (slot->lanes, ==, 8);
  g_assert_cmpuint (slot->gen, ==, 5);
  g_assert_cmpint (slot->source, ==, RIG_LANE_SOURCE_CPU);
  g_assert_cmpuint (slot->shares->len, ==, 1);
  share = &g_array_index (slot->shares, RigSlotShare, 0);
  g_assert_cmpstr (share->other, ==, "PCIE1");
  g_assert_cmpuint (share->lanes, ==, 8);

  slot = g_ptr_array_index (slots, 2);
  g_assert_cmpint (slot->source, ==, RIG_LANE_SOURCE_CHIPSET);
  g_clear_pointer (&slots, g_ptr_array_unref);

  slots = rig_slot_list_parse ("M2_1 x4 g5 cpu; M2_2 x4 g4 chipset share=SATA5:x0 share=SATA6:x0",
                               RIG_SLOT_KIND_M2, &error);
  g_assert_no_error (error);
  slot = g_ptr_array_index (slots, 1);
  g_assert_cmpuint (slot->shares->len, ==, 2);
  g_assert_cmpuint (g_array_index (slot->shares, RigSlotShare, 1).lanes, ==, 0);
}

static void
test_slots_bad (void)
{
  struct { const char *text; RigSlotKind kind; const char *expect; } cases[] = {
    { "PCIE1 x16 x16 g5 cpu", RIG_SLOT_KIND_PCIE, "NAME@POS" },
    { "PCIE1@1 x16 x16 g5 gpu", RIG_SLOT_KIND_PCIE, "NAME@POS" },
    { "PCIE1@1 x8 x16 g5 cpu", RIG_SLOT_KIND_PCIE, "more electrical lanes" },
    { "PCIE1@1 x16 x3 g5 cpu", RIG_SLOT_KIND_PCIE, "NAME@POS" },
    { "PCIE1@1 x16 x16 g5 cpu; PCIE2@1 x16 x4 g4 chipset", RIG_SLOT_KIND_PCIE, "position 1" },
    { "PCIE1@1 x16 x16 g5 cpu; PCIE1@3 x16 x4 g4 chipset", RIG_SLOT_KIND_PCIE, "twice" },
    { "PCIE1@1 x16 x16 g5 cpu shares=PCIE2", RIG_SLOT_KIND_PCIE, "NAME@POS" },
    { "PCIE1@0 x16 x16 g5 cpu", RIG_SLOT_KIND_PCIE, "NAME@POS" },
    { "M2_1@1 x4 g5 cpu", RIG_SLOT_KIND_M2, "NAME xLANES" },
    { "M2_1 x4 g9 cpu", RIG_SLOT_KIND_M2, "NAME xLANES" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) slots = rig_slot_list_parse (cases[i].text, cases[i].kind, &error);

      g_assert_null (slots);
      g_assert_nonnull (error);
      if (strstr (error->message, cases[i].expect) == NULL)
        g_error ("“%s”: expected “%s” in “%s”", cases[i].text, cases[i].expect, error->message);
    }
}

static void
test_recipe (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) items = rig_recipe_parse ("default:Q4_K;attn_v:Q6_K@0.5;output:Q6_K", &error);
  RigRecipeItem *item;

  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 3);
  item = &g_array_index (items, RigRecipeItem, 1);
  g_assert_cmpstr (item->tensor, ==, "attn_v");
  g_assert_cmpstr (item->quant, ==, "Q6_K");
  g_assert_cmpfloat (item->fraction, ==, 0.5);
  g_assert_cmpfloat (g_array_index (items, RigRecipeItem, 0).fraction, ==, 1.0);

  g_assert_null (rig_recipe_parse ("attn_z:Q6_K", &error));
  g_assert_nonnull (strstr (error->message, "attn_z"));
  g_clear_error (&error);
  g_assert_null (rig_recipe_parse ("attn_v:Q6_K@1.5", &error));
  g_clear_error (&error);
  g_assert_null (rig_recipe_parse ("attn_v", &error));
}

static double
recipe_bits (const char *quant_id,
             gpointer    user_data)
{
  return g_str_equal (quant_id, "Q8_0") ? 8.5 : g_str_equal (quant_id, "Q6_K") ? 6.5625 : NAN;
}

/* A GGUF quantization of @bits a weight laid out by @recipe. */
static RigQuant *
gguf_quant (const char *id,
            double      bits,
            const char *recipe)
{
  RigQuant *quant = rig_quant_new ();

  quant->id = g_strdup (id);
  quant->format = g_strdup ("gguf");
  quant->bits_per_weight = bits;
  quant->recipe = g_strdup (recipe);
  return quant;
}

/* A mixture of experts' routed matrices form groups of their own: ffn_down_exps follows
 * ffn_down unless a recipe names it, and MXFP4 MoE keeps everything else at Q8_0. */
static void
test_recipe_experts (void)
{
  g_autoptr(RigWorkload) w = rig_workload_new ();

  rig_workload_set_quant (w, gguf_quant ("MXFP4", 4.25, "default:Q8_0;ffn_up_exps:MXFP4;ffn_gate_exps:MXFP4;"
                                                        "ffn_down_exps:MXFP4"),
                          recipe_bits, NULL);
  g_assert_cmpfloat (w->bits[RIG_TENSOR_DEFAULT], ==, 8.5);
  g_assert_cmpfloat (w->bits[RIG_TENSOR_FFN_DOWN], ==, 8.5);
  g_assert_cmpfloat (w->bits[RIG_TENSOR_EXPERTS], ==, 4.25);
  g_assert_cmpfloat (w->bits[RIG_TENSOR_EXPERTS_DOWN], ==, 4.25);

  rig_workload_set_quant (w, gguf_quant ("Q4_K_M", 4.5, "default:Q4_K_M;ffn_down:Q6_K@0.5"), recipe_bits, NULL);
  g_assert_cmpfloat (w->bits[RIG_TENSOR_EXPERTS], ==, 4.5);
  g_assert_cmpfloat (w->bits[RIG_TENSOR_FFN_DOWN], ==, 0.5 * 6.5625 + 0.5 * 4.5);
  g_assert_cmpfloat (w->bits[RIG_TENSOR_EXPERTS_DOWN], ==, w->bits[RIG_TENSOR_FFN_DOWN]);
}

static void
test_mounts (void)
{
  const RigField *rad = rig_table_find_field (rig_part_table (RIG_PART_CASE), "radiator_mounts");
  g_autoptr(RigPart) part = rig_part_new (RIG_PART_CASE);
  const char *good[] = { "front:240/280/360;top:240/360;rear:120", "front:3x140", "top:2x120/3x120",
                         "side:420" };
  const char *bad[] = { "front", "middle:240", "front:13x120", "front:x120", "front:240mm", "top:30" };

  /* The plain-size form the catalog README documents is accepted (it once was not). */
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      if (!rig_field_set_text (rad, part, good[i], &error))
        g_error ("“%s” rejected: %s", good[i], error->message);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_assert_false (rig_field_set_text (rad, part, bad[i], &error));
      g_assert_nonnull (error);
    }
}

static void
test_kinds (void)
{
  for (guint k = 0; k < RIG_PART_N_KINDS; k++)
    {
      RigPartKind back;
      const RigTable *table = rig_part_table (k);

      g_assert_true (rig_part_kind_from_string (rig_part_kind_to_string (k), &back));
      g_assert_cmpint (back, ==, k);
      /* Every part table starts with the same common columns. */
      g_assert_cmpstr (table->fields[0].name, ==, "id");
      g_assert_cmpstr (table->fields[RIG_PART_N_COMMON_FIELDS - 1].name, ==, "source");
      g_assert_true (table->fields[RIG_PART_N_COMMON_FIELDS - 1].flags & RIG_FIELD_REQUIRED);
      for (guint f = 0; f < table->n_fields; f++)
        g_assert_nonnull (table->fields[f].label);
    }
}

static void
test_copy (void)
{
  g_autoptr(RigPart) part = rig_part_new (RIG_PART_GPU);
  g_autoptr(RigPart) copy = NULL;

  part->id = g_strdup ("nvidia-rtx-4090");
  part->gpu.memory_gib = 24;
  copy = rig_part_copy (part);
  g_free (part->id);
  part->id = g_strdup ("changed");
  g_assert_cmpstr (copy->id, ==, "nvidia-rtx-4090");
  g_assert_cmpfloat (copy->gpu.memory_gib, ==, 24);
  g_assert_cmpint (copy->kind, ==, RIG_PART_GPU);
}

/* A list's items match whole: a socket list holds "am5", not "am"; an item that only begins or
 * ends with the value is another item; an empty list has none, not one empty item. */
static void
test_list_contains (void)
{
  g_assert_true (rig_list_contains ("am4;am5", ';', "am5"));
  g_assert_true (rig_list_contains ("am4;am5", ';', "am4"));
  g_assert_false (rig_list_contains ("am4;am5", ';', "am"));
  g_assert_false (rig_list_contains ("xam5;am5x", ';', "am5"));
  g_assert_true (rig_list_contains ("xam5;am5x;am5", ';', "am5"));
  g_assert_true (rig_list_contains ("lga1700;lga17000", ';', "lga17000"));
  g_assert_false (rig_list_contains ("lga17000", ';', "lga1700"));
  g_assert_true (rig_list_contains ("a;;b", ';', ""));
  g_assert_false (rig_list_contains ("a;b", ';', ""));
  g_assert_false (rig_list_contains ("", ';', "a"));
  g_assert_false (rig_list_contains (NULL, ';', "a"));
  g_assert_false (rig_list_contains ("a;b", ';', "a;b"));
  g_assert_true (rig_list_contains ("a;", ';', ""));
  g_assert_false (rig_list_contains ("a", ';', ""));
  g_assert_true (rig_list_contains ("ddr4;ddr5", ';', "ddr5"));
  g_assert_false (rig_list_contains ("ddr4;ddr5", ';', "ddr"));
  g_assert_false (rig_list_contains ("ddr4;ddr5", ';', "ddr55"));
}

/* The literal comparisons a plan makes in place: whole text, beginnings, NULL, the empty
 * literal, and a text shorter or longer than the literal. */
static void
test_str_is (void)
{
  const char *none = NULL;
  g_autofree char *ddr5 = g_strdup ("ddr5");

  g_assert_true (rig_str_is (ddr5, "ddr5"));
  g_assert_false (rig_str_is (ddr5, "ddr"));
  g_assert_false (rig_str_is (ddr5, "ddr55"));
  g_assert_false (rig_str_is (ddr5, "ddr4"));
  g_assert_false (rig_str_is ("", "ddr5"));
  g_assert_true (rig_str_is ("", ""));
  g_assert_false (rig_str_is (ddr5, ""));
  g_assert_false (rig_str_is (none, "ddr5"));
  g_assert_true (rig_str_starts (ddr5, "ddr"));
  g_assert_true (rig_str_starts (ddr5, "ddr5"));
  g_assert_true (rig_str_starts (ddr5, ""));
  g_assert_false (rig_str_starts (ddr5, "ddr55"));
  g_assert_false (rig_str_starts ("m", "m.2"));
  g_assert_false (rig_str_starts (none, ""));
  g_assert_true (rig_str_same (ddr5, "ddr5"));
  g_assert_true (rig_str_same (ddr5, ddr5));
  g_assert_false (rig_str_same (ddr5, "ddr4"));
  g_assert_false (rig_str_same (ddr5, "dr5"));
  g_assert_false (rig_str_same (ddr5, ""));
  g_assert_true (rig_str_same ("", ""));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/part/ids", test_ids);
  g_test_add_func ("/part/fields", test_fields);
  g_test_add_func ("/part/list-enum", test_list_enum);
  g_test_add_func ("/part/list-contains", test_list_contains);
  g_test_add_func ("/part/str-is", test_str_is);
  g_test_add_func ("/part/power-connectors", test_power_connectors);
  g_test_add_func ("/part/slots", test_slots);
  g_test_add_func ("/part/slots-bad", test_slots_bad);
  g_test_add_func ("/part/recipe", test_recipe);
  g_test_add_func ("/part/recipe-experts", test_recipe_experts);
  g_test_add_func ("/part/mounts", test_mounts);
  g_test_add_func ("/part/kinds", test_kinds);
  g_test_add_func ("/part/copy", test_copy);

  return g_test_run ();
}
