/* test-memory.c: memory per workload, its placement on the build's devices, and speeds
 *
 * Uses the bundled catalog, so the figures are those of real parts and models.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "rig-catalog.h"
#include "rig-store-error.h"
#include "rig-plan.h"
#include "rig-calibration.h"
#include "rig-speed.h"
#include "rig-test-util.h"

static RigCatalog *catalog;

typedef struct
{
  const char *id;
  guint       count;
} Part;

/* A resolved build of @parts (NULL-terminated) running one workload. */
static RigBuild *
make_build (const Part  *parts,
            const char  *model,
            const char  *quant,
            guint        context)
{
  RigBuild *build = rig_build_new ("test");
  RigWorkload *w = rig_workload_new ();
  g_autoptr(GError) error = NULL;

  for (const Part *p = parts; p->id; p++)
    rig_build_add_part (build, p->id, p->count);
  w->model_id = g_strdup (model);
  w->quant_id = quant ? g_strdup (quant) : NULL;
  w->context = context;
  g_ptr_array_add (build->workloads, w);
  rig_catalog_resolve_build (catalog, build, &error);
  g_assert_no_error (error);
  return build;
}

static RigWorkload *
workload_of (RigBuild *build)
{
  return g_ptr_array_index (build->workloads, 0);
}

/* The first part of @kind in @build, for a test to change a column of: a GPU's device reading of
 * its columns (rig-device.c) is dropped, so the next plan reads them again. */
static RigPart *
part_to_edit (RigBuild   *build,
              RigPartKind kind)
{
  RigPart *part = (RigPart *) rig_build_find (build, kind, NULL);

  g_assert_nonnull (part);
  if (kind == RIG_PART_GPU)
    g_clear_pointer (&part->gpu.device_reading, g_free);
  return part;
}

/* Plans @build and returns its first workload's result in @out. */
static void
plan (RigBuild          *build,
      RigReport         *report,
      RigWorkloadResult *out)
{
  rig_report_init (report);
  rig_plan_evaluate (build, report);
  *out = g_array_index (report->workloads, RigWorkloadResult, 0);
}

/* Every suggestion of @r, the plan of @build's first workload, applied alone to a copy of the
 * build as the window's Apply button does (rig_suggestion_apply ()), makes it fit on the GPUs;
 * the ones that are no workload setting leave the workload as it was. Returns how many applied. */
static guint
each_fix_fits (RigBuild                *build,
               const RigWorkloadResult *r)
{
  guint applied = 0;

  for (guint k = 0; k < r->n_suggestions; k++)
    {
      g_autoptr(RigBuild) copy = rig_build_copy (build);
      RigWorkload *w = g_ptr_array_index (copy->workloads, 0);
      RigReport report;
      RigWorkloadResult after;

      if (!rig_suggestion_apply (&r->suggestions[k], w))
        {
          g_assert_cmpint (r->suggestions[k].setting, ==, RIG_SUGGEST_WIRED_LIMIT_MB);
          continue;
        }
      applied++;
      plan (copy, &report, &after);
      if (after.fit != RIG_FIT_GPU)
        g_test_fail_printf ("applying %s = %g leaves the fit %s",
                            rig_suggestion_setting_to_string (r->suggestions[k].setting),
                            r->suggestions[k].value, rig_fit_to_string (after.fit));
      rig_report_clear (&report);
    }
  return applied;
}

/* @report's finding @code; NULL when it has none. */
static const RigFinding *
find_finding (RigReport  *report,
              const char *code)
{
  for (guint i = 0; i < report->findings->len; i++)
    if (g_str_equal (g_array_index (report->findings, RigFinding, i).code, code))
      return &g_array_index (report->findings, RigFinding, i);
  return NULL;
}

static gboolean
has_finding (RigReport  *report,
             const char *code)
{
  return find_finding (report, code) != NULL;
}

static double
gib (guint64 bytes)
{
  return (double) bytes / RIG_GIB;
}

static void
test_kv_gqa (void)
{
  static const Part none[] = { { NULL } };
  g_autoptr(RigBuild) build = make_build (none, "llama-3.1-8b", "Q4_K_M", 8192);
  RigWorkload *w = workload_of (build);

  /* 32 layers x 2 (K and V) x 8 KV heads x 128 x 2 bytes x 8192 tokens = 1 GiB exactly; a
   * calculator that ignores GQA says 4 GiB. */
  g_assert_cmpfloat (rig_memory_kv_bytes (w, 8192), ==, 1.0 * RIG_GIB);

  w->kv_cache = RIG_KV_CACHE_Q8_0;
  g_assert_cmpfloat_with_epsilon (rig_memory_kv_bytes (w, 8192) / RIG_GIB, 34.0 / 64.0, 1e-9);
  w->kv_cache = RIG_KV_CACHE_Q4_0;
  g_assert_cmpfloat_with_epsilon (rig_memory_kv_bytes (w, 8192) / RIG_GIB, 18.0 / 64.0, 1e-9);
}

static void
test_kv_head_dim_and_sliding_window (void)
{
  static const Part none[] = { { NULL } };
  g_autoptr(RigBuild) build = make_build (none, "gemma-2-9b", "Q4_K_M", 8192);
  RigWorkload *w = workload_of (build);
  /* head_dim 256 (not 3584 / 16 = 224); 21 of 42 layers keep only 4096 tokens. */
  double per_layer_token = 2.0 * 8 * 256 * 2;
  double expected = per_layer_token * (21 * 8192.0 + 21 * 4096.0);

  g_assert_cmpfloat (rig_memory_kv_bytes (w, 8192), ==, expected);
  /* Below the window every layer holds every token. */
  g_assert_cmpfloat (rig_memory_kv_bytes (w, 2048), ==, per_layer_token * 42 * 2048);
}

/* Gemma 4 31B: fifty sliding-window layers keep 1024 tokens in 16 KV heads of 256; the ten
 * global layers keep every token in 4 heads of 512 (values from the keys, but cached apart). */
static void
test_kv_global_layers (void)
{
  static const Part none[] = { { NULL } };
  g_autoptr(RigBuild) build = make_build (none, "gemma-4-31b", "Q4_K_M", 8192);
  g_autoptr(RigBuild) moe = make_build (none, "gemma-4-26b-a4b", "Q4_K_M", 8192);
  RigWorkload *w = workload_of (build), *m = workload_of (moe);
  double window_token = 2.0 * 16 * 256 * 2, global_token = 2.0 * 4 * 512 * 2;

  g_assert_cmpfloat (rig_memory_kv_bytes (w, 8192), ==, 50 * 1024 * window_token + 10 * 8192 * global_token);
  g_assert_cmpfloat (rig_memory_kv_bytes (w, 512), ==, 512 * (50 * window_token + 10 * global_token));
  /* llama.cpp's log of the 31B with a q8_0 cache: "size = 10880.00 MiB (262144 cells,  10 layers,
   * 1/1 seqs)", the global layers alone; half the tokens, half of it. */
  w->kv_cache = RIG_KV_CACHE_Q8_0;
  g_assert_cmpfloat (rig_memory_kv_bytes (w, 262144) - rig_memory_kv_bytes (w, 131072), ==,
                     5440.0 * 1024 * 1024);
  /* The 26B-A4B: 25 windowed layers of 8 heads of 256, 5 global of 2 heads of 512. */
  g_assert_cmpfloat (rig_memory_kv_bytes (m, 8192), ==,
                     25 * 1024 * (2.0 * 8 * 256 * 2) + 5 * 8192 * (2.0 * 2 * 512 * 2));
}

static double
gib_of_weights (RigBuild *build)
{
  return rig_memory_weights_bytes (workload_of (build), NULL) / RIG_GIB;
}

/* llama.cpp's quantize gives a k-quant tensor whose rows are not a whole number of 256 weights
 * another type (llama-quant.cpp): Q4_K becomes Q5_0 and Q6_K Q8_0. Qwen2.5-72B's down projection
 * reads 29568 values a row, Gemma 4 26B-A4B's experts' 704 and GLM-4.5-Air's 1408; Llama 3.1
 * 70B's 28672 divide. The files' sizes as llama-bench prints them: Qwen2.5-72B Q4_K_M 44.15 GiB,
 * Gemma 4 31B Q4_K_M 17.39 GiB, 26B-A4B Q4_K_M 15.63 GiB (lmstudio-community's files), GLM-4.5-Air
 * Q4_K_M 65.71 GiB (a file of 106.85 B, without the multi-token prediction layer). */
static void
test_weights_row_fallback (void)
{
  static const Part none[] = { { NULL } };
  g_autoptr(RigBuild) qwen = make_build (none, "qwen-2.5-72b", "Q4_K_M", 4096);
  g_autoptr(RigBuild) llama = make_build (none, "llama-3.1-70b", "Q4_K_M", 4096);
  g_autoptr(RigBuild) dense = make_build (none, "gemma-4-31b", "Q4_K_M", 4096);
  g_autoptr(RigBuild) moe = make_build (none, "gemma-4-26b-a4b", "Q4_K_M", 4096);
  g_autoptr(RigBuild) legacy = make_build (none, "qwen-2.5-72b", "Q4_0", 4096);
  g_autoptr(RigBuild) glm = make_build (none, "glm-4.5-air", "Q4_K_M", 4096);
  const double k_mix = 0.5 * 6.5625 + 0.5 * 4.5, fallback_mix = 0.5 * 8.5 + 0.5 * 5.5;

  g_assert_cmpfloat_with_epsilon (workload_of (qwen)->bits[RIG_TENSOR_FFN_DOWN], fallback_mix, 1e-9);
  g_assert_cmpfloat_with_epsilon (workload_of (qwen)->bits[RIG_TENSOR_DEFAULT], 4.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (workload_of (llama)->bits[RIG_TENSOR_FFN_DOWN], k_mix, 1e-9);
  g_assert_cmpfloat_with_epsilon (workload_of (moe)->bits[RIG_TENSOR_EXPERTS_DOWN], fallback_mix, 1e-9);
  g_assert_cmpfloat_with_epsilon (workload_of (moe)->bits[RIG_TENSOR_EXPERTS], 4.5, 1e-9);
  /* Q4_0's blocks of 32 divide every row. */
  g_assert_cmpfloat_with_epsilon (workload_of (legacy)->bits[RIG_TENSOR_FFN_DOWN], 4.5, 1e-9);

  g_assert_cmpfloat_with_epsilon (gib_of_weights (qwen), 44.15, 0.44);
  g_assert_cmpfloat_with_epsilon (gib_of_weights (dense), 17.39, 0.17);
  g_assert_cmpfloat_with_epsilon (gib_of_weights (moe), 15.63, 0.16);
  g_assert_cmpfloat_with_epsilon (gib_of_weights (glm), 65.71, 0.66);
}

/* Two mixtures of experts' files against their parameter counts, computed from their model
 * arguments: unsloth/GLM-4.7-Flash-GGUF's Q4_K_M is 18,312,339,776 bytes; llama-bench prints
 * MiniMax-M2's IQ4_XS (M2.7, the same 228.69 B) at 113.99 GiB and its Q3_K_M at 94.93 GiB. */
static void
test_weights_moe_files (void)
{
  static const Part none[] = { { NULL } };
  g_autoptr(RigBuild) glm = make_build (none, "glm-4.7-flash", "Q4_K_M", 4096);
  g_autoptr(RigBuild) minimax = make_build (none, "minimax-m2.5", "IQ4_XS", 4096);
  g_autoptr(RigBuild) minimax3 = make_build (none, "minimax-m2.5", "Q3_K_M", 4096);

  g_assert_cmpfloat_with_epsilon (gib_of_weights (glm), 18312339776.0 / RIG_GIB, 0.2);
  g_assert_cmpfloat_with_epsilon (gib_of_weights (minimax), 113.99, 1.2);
  g_assert_cmpfloat_with_epsilon (gib_of_weights (minimax3), 94.93, 1.9);
}

/* gpt-oss's experts stay in MXFP4 in every GGUF file: llama.cpp #15117 reports its F16 file at
 * about 12.5 GB and every smaller type at about 11 GB (unsloth's Q4_K_M: 11.6 GB), and its 120B
 * in Q8_0 is the size of its MXFP4 file. The rest follows the file's type, through the fallback
 * above: 2880 is not a whole number of 256. A Q8_0 Llama reads its experts' recipe as before. */
static void
test_weights_native_experts (void)
{
  static const Part none[] = { { NULL } };
  g_autoptr(RigBuild) k = make_build (none, "gpt-oss-20b", "Q4_K_M", 4096);
  g_autoptr(RigBuild) q8 = make_build (none, "gpt-oss-120b", "Q8_0", 4096);
  g_autoptr(RigBuild) mx = make_build (none, "gpt-oss-120b", "MXFP4", 4096);
  g_autoptr(RigBuild) qwen = make_build (none, "qwen3-30b-a3b", "Q4_K_M", 4096);

  g_assert_cmpfloat_with_epsilon (workload_of (k)->bits[RIG_TENSOR_EXPERTS], 4.25, 1e-9);
  g_assert_cmpfloat_with_epsilon (workload_of (k)->bits[RIG_TENSOR_EXPERTS_DOWN], 4.25, 1e-9);
  g_assert_cmpfloat_with_epsilon (workload_of (k)->bits[RIG_TENSOR_DEFAULT], 5.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (gib_of_weights (k), 11.6e9 / RIG_GIB, 0.3);
  g_assert_cmpfloat_with_epsilon (gib_of_weights (q8), gib_of_weights (mx), 1e-6);
  g_assert_cmpfloat_with_epsilon (workload_of (qwen)->bits[RIG_TENSOR_EXPERTS], 4.5, 1e-9);
}

/* Qwen3.6 35B-A3B: ten of its forty layers attend and keep keys and values (2 heads of 256);
 * the thirty Gated DeltaNet layers keep a state of the same size at any context: 32 value heads
 * of 128 x 128 and the convolution's last 3 of 8192 channels, in f32. */
static void
test_kv_linear_attention (void)
{
  static const Part parts[] = { { "nvidia-rtx-3090", 1 }, { NULL } };
  g_autoptr(RigBuild) build = make_build (parts, "qwen3.6-35b-a3b", "Q4_K_M", 131072);
  g_autoptr(RigBuild) plain = make_build (parts, "qwen3-30b-a3b", "Q4_K_M", 8192);
  RigWorkload *w = workload_of (build);
  double state = 30 * 4.0 * (128.0 * 4096 + 3.0 * (4096 + 2 * 16 * 128));
  RigReport report, plain_report;
  RigWorkloadResult r, p;

  g_assert_cmpfloat (rig_memory_linear_state_bytes (w->model), ==, state);
  g_assert_cmpfloat (rig_memory_kv_bytes (w, 1000), ==, 10 * 2.0 * 2 * 256 * 2 * 1000 + state);
  g_assert_cmpfloat (rig_memory_kv_bytes (w, 131072) - rig_memory_kv_bytes (w, 65536), ==,
                     10 * 2.0 * 2 * 256 * 2 * 65536);
  /* 128k tokens of context fit a 24 GB card beside the 4-bit weights. */
  plan (build, &report, &r);
  g_assert_cmpint (r.fit, ==, RIG_FIT_GPU);
  g_assert_cmpfloat (gib (r.memory.terms[RIG_MEMORY_KV_CACHE]), <, 3);
  g_assert_cmpfloat (r.decode_tokens_per_s_end, <, r.decode_tokens_per_s_start);
  /* llama.cpp's kernels for it are young: the plan says so, and only for such a model. */
  g_assert_true (has_finding (&report, "speed.young-kernels"));
  plan (plain, &plain_report, &p);
  g_assert_false (has_finding (&plain_report, "speed.young-kernels"));
  rig_report_clear (&report);
  rig_report_clear (&plain_report);
}

static void
test_kv_mla (void)
{
  static const Part none[] = { { NULL } };
  g_autoptr(RigBuild) build = make_build (none, "deepseek-v3", "Q4_K_M", 4096);

  /* (512 + 64) x 61 layers x 2 bytes = 70272 bytes per token: 68.6 KiB, not 4.8 MiB. */
  g_assert_cmpfloat (rig_memory_kv_bytes (workload_of (build), 1), ==, 70272.0);
}

static void
test_weights_mix (void)
{
  static const Part none[] = { { NULL } };
  g_autoptr(RigBuild) q4 = make_build (none, "llama-3-8b", "Q4_K_M", 4096);
  g_autoptr(RigBuild) q4s = make_build (none, "llama-3-8b", "Q4_K_S", 4096);
  g_autoptr(RigBuild) f16 = make_build (none, "llama-3-8b", "F16", 4096);
  double b_q4 = rig_memory_weights_bytes (workload_of (q4), NULL);
  double b_q4s = rig_memory_weights_bytes (workload_of (q4s), NULL);
  double b_f16 = rig_memory_weights_bytes (workload_of (f16), NULL);

  /* Q4_K_M is a mix: about 4.9 bits per weight on Llama-3-8B, not the 4.5 of its base type. */
  g_assert_cmpfloat (b_q4 * 8 / 8.03e9, >, 4.8);
  g_assert_cmpfloat (b_q4 * 8 / 8.03e9, <, 5.0);
  g_assert_cmpfloat (b_q4s, <, b_q4);
  g_assert_cmpfloat_with_epsilon (b_f16, 8.03e9 * 2, 1e6);
}

static void
test_single_gpu_fit (void)
{
  static const Part parts[] = { { "nvidia-rtx-4090", 1 }, { NULL } };
  g_autoptr(RigBuild) build = make_build (parts, "llama-3.1-8b", "Q4_K_M", 8192);
  RigReport report;
  RigWorkloadResult r;

  plan (build, &report, &r);
  g_assert_cmpint (r.fit, ==, RIG_FIT_GPU);
  g_assert_cmpfloat (gib (r.used_bytes[0]), <, 24);
  g_assert_cmpfloat (gib (r.memory.weights_bytes), >, 4.5);
  g_assert_cmpuint (r.memory.total_bytes, ==, r.memory.weights_bytes + r.memory.kv_cache_bytes +
                    r.memory.activations_bytes + r.memory.overhead_bytes);
  /* Fast, and about what llama-bench measures on this card (about 120 t/s at 8K). */
  g_assert_cmpfloat (r.decode_tokens_per_s, >, 90);
  g_assert_cmpfloat (r.decode_tokens_per_s, <, 150);
  g_assert_false (has_finding (&report, "memory.does-not-fit"));
  g_assert_false (has_finding (&report, "memory.offload"));
  g_assert_false (has_finding (&report, "memory.fits-with"));
  g_assert_cmpuint (r.n_suggestions, ==, 0);
  rig_report_clear (&report);
}

static void
test_does_not_fit (void)
{
  static const Part parts[] = { { "nvidia-rtx-3060-12gb", 1 }, { NULL } };
  g_autoptr(RigBuild) build = make_build (parts, "llama-3.1-70b", "Q4_K_M", 8192);
  RigReport report;
  RigWorkloadResult r;

  plan (build, &report, &r);
  g_assert_cmpint (r.fit, ==, RIG_FIT_NONE);
  g_assert_nonnull (strstr (r.reason, "no system memory"));
  g_assert_true (has_finding (&report, "memory.does-not-fit"));
  g_assert_true (isnan (r.decode_tokens_per_s));
  /* The breakdown is there even though it does not fit. */
  g_assert_cmpfloat (gib (r.memory.weights_bytes), >, 39);
  rig_report_clear (&report);
}

/* 405B on two 3090s with 96 GB of RAM: too big even with offload. The GPUs hold their share,
 * the rest is placed in system memory, past its capacity, and the devices' bars add up to the
 * total the plan reports (they once added up to 414 GiB against 232 GiB). */
static void
test_does_not_fit_bars_add_up (void)
{
  static const Part parts[] = {
    { "nvidia-rtx-3090", 2 }, { "amd-ryzen-9-7950x", 1 }, { "asus-proart-x670e-creator-wifi", 1 },
    { "corsair-vengeance-ddr5-6000-cl30-2x48gb", 1 }, { NULL, 0 }
  };
  g_autoptr(RigBuild) build = make_build (parts, "llama-3.1-405b", "Q4_K_M", 8192);
  RigReport report;
  RigWorkloadResult r;
  double used = 0;

  plan (build, &report, &r);
  g_assert_cmpint (r.fit, ==, RIG_FIT_NONE);
  for (guint d = 0; d < r.n_devices; d++)
    used += r.used_bytes[d];
  g_assert_cmpfloat (fabs (used - (double) r.memory.total_bytes), <, RIG_MIB);
  for (guint g = 0; g < 2; g++)
    g_assert_cmpuint (r.used_bytes[g], <=, r.capacity_bytes[g]);
  g_assert_cmpuint (r.used_bytes[2], >, r.capacity_bytes[2]);
  rig_report_clear (&report);
}

/* Two x16 cards on a board that splits its x16 slot into x8/x8: each GPU's link is the slot's,
 * and what crosses it (llama.cpp's -sm row) takes twice as long as on the cards' own x16. */
static void
test_link_is_the_slot (void)
{
  static const Part bare[] = { { "nvidia-rtx-3090", 2 }, { NULL } };
  static const Part board[] = { { "nvidia-rtx-3090", 2 }, { "amd-ryzen-9-7950x", 1 },
                                { "asus-proart-x670e-creator-wifi", 1 }, { NULL } };
  g_autoptr(RigBuild) a = make_build (bare, "llama-3.1-70b", "Q4_K_M", 8192);
  g_autoptr(RigBuild) b = make_build (board, "llama-3.1-70b", "Q4_K_M", 8192);
  RigReport ra, rb;
  RigWorkloadResult x, y;

  workload_of (a)->split = RIG_SPLIT_ROW;
  workload_of (b)->split = RIG_SPLIT_ROW;
  plan (a, &ra, &x);
  plan (b, &rb, &y);
  g_assert_cmpfloat_with_epsilon (ra.devices.gpus[0].link_gbps, 2 * rb.devices.gpus[0].link_gbps, 0.01);
  g_assert_cmpfloat_with_epsilon (rb.devices.gpus[1].link_gbps, rb.pcie.devices[0].gbps, 0.01);
  g_assert_cmpuint (rb.pcie.devices[0].lanes, ==, 8);
  g_assert_cmpfloat (y.prefill_tokens_per_s, <, 0.8 * x.prefill_tokens_per_s);
  rig_report_clear (&ra);
  rig_report_clear (&rb);
}

static void
test_multi_gpu_per_device (void)
{
  static const Part parts[] = { { "nvidia-rtx-3090", 2 }, { NULL } };
  g_autoptr(RigBuild) build = make_build (parts, "llama-3.1-70b", "Q4_K_M", 8192);
  RigReport report;
  RigWorkloadResult r;

  plan (build, &report, &r);
  g_assert_cmpint (r.fit, ==, RIG_FIT_GPU);
  /* Per GPU, not a sum: each card holds about half. */
  g_assert_cmpfloat (gib (r.used_bytes[0]), <=, 24);
  g_assert_cmpfloat (gib (r.used_bytes[1]), <=, 24);
  g_assert_cmpfloat (gib (r.used_bytes[0]), >, 15);
  g_assert_cmpfloat (fabs ((double) r.used_bytes[0] - r.used_bytes[1]) / RIG_GIB, <, 2);
  g_assert_cmpuint (report.devices.n_gpus, ==, 2);
  rig_report_clear (&report);
}

/* llama.cpp's -sm row splits only what GGML_OP_MUL_MAT runs: a mixture's experts stay whole on
 * their layers' cards, so a token reads them one card after another and their activations never
 * cross the links. Qwen3-30B-A3B over four RTX 4090s: the cards hold alike, the first reads every
 * active expert in the plan, and a prompt moves only attention's activations (5 split matrices a
 * layer where a dense model has 7) and runs the experts at one card's pace. */
static void
test_row_split_keeps_experts_whole (void)
{
  static const Part four[] = { { "nvidia-rtx-4090", 4 }, { NULL } };
  g_autoptr(RigBuild) row = make_build (four, "qwen3-30b-a3b", "Q8_0", 2048);
  g_autoptr(RigBuild) layer = make_build (four, "qwen3-30b-a3b", "Q8_0", 2048);
  RigReport rr, rl;
  RigWorkloadResult r, l;
  double experts = 0;

  workload_of (row)->split = RIG_SPLIT_ROW;
  plan (row, &rr, &r);
  plan (layer, &rl, &l);
  g_assert_true (r.row_split);
  g_assert_cmpuint (r.gpus_used, ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      experts += r.expert_read_bytes[i];
      g_assert_cmpfloat (fabs ((double) r.used_bytes[i] - r.used_bytes[0]), <,
                         0.01 * r.used_bytes[0]);
      if (i > 0)
        g_assert_cmpfloat (r.expert_read_bytes[i], ==, 0);
    }
  g_assert_cmpfloat (r.expert_read_bytes[0], >, 0);
  /* The same active experts a token reads split by layers, all of them on the first card. */
  g_assert_cmpfloat_with_epsilon (experts, l.expert_read_bytes[0] + l.expert_read_bytes[1] +
                                             l.expert_read_bytes[2] + l.expert_read_bytes[3],
                                  1e-6 * experts);
  /* A prompt split by rows runs at a fraction of the layer split's (PR #19378: 3011 against 7247
   * t/s at pp512). */
  g_assert_cmpfloat (r.prefill_tokens_per_s, <, 0.6 * l.prefill_tokens_per_s);
  rig_report_clear (&rr);
  rig_report_clear (&rl);
}

static void
test_layer_split_does_not_speed_decode (void)
{
  static const Part one[] = { { "nvidia-rtx-4090", 1 }, { NULL } };
  static const Part two[] = { { "nvidia-rtx-4090", 2 }, { NULL } };
  g_autoptr(RigBuild) a = make_build (one, "llama-3.1-8b", "Q4_K_M", 4096);
  g_autoptr(RigBuild) b = make_build (two, "llama-3.1-8b", "Q4_K_M", 4096);
  g_autoptr(RigBuild) c = make_build (two, "llama-3.1-8b", "Q4_K_M", 4096);
  g_autoptr(RigBuild) e = make_build (two, "llama-3.1-8b", "Q4_K_M", 4096);
  RigReport ra, rb, rc, re;
  RigWorkloadResult x, y, z, t;

  workload_of (c)->split = RIG_SPLIT_ROW;
  workload_of (e)->split = RIG_SPLIT_TENSOR;
  plan (a, &ra, &x);
  plan (b, &rb, &y);
  plan (c, &rc, &z);
  plan (e, &re, &t);
  /* Layer split: the cards take turns, so decode gets no faster (a little slower). */
  g_assert_cmpfloat (y.decode_tokens_per_s, <=, x.decode_tokens_per_s);
  g_assert_cmpfloat (y.decode_tokens_per_s, >, 0.9 * x.decode_tokens_per_s);
  /* llama.cpp's older -sm row reads half the weights on each card, but its layers' caches one
   * card after another, and waits on the link after every matrix: for an 8B model that costs
   * more than it saves. Its layers, and their caches, go to the cards by the layer split's
   * shares, so the two cards hold alike. */
  g_assert_true (z.tensor_parallel);
  g_assert_true (z.row_split);
  g_assert_cmpfloat (fabs ((double) z.used_bytes[0] - z.used_bytes[1]), <, 0.01 * z.used_bytes[0]);
  g_assert_cmpfloat (z.decode_tokens_per_s, <, y.decode_tokens_per_s);
  g_assert_cmpfloat (z.prefill_tokens_per_s, <, y.prefill_tokens_per_s);
  /* Its -sm tensor splits the KV cache by heads too, so the cards hold alike, and each token
   * reads half of everything on each card at once, paying two all-reduces a layer: decode gets
   * faster than layer split's turns, while a prompt's all-reduces of every token over PCIe cost
   * it more than the halved matrices save. */
  g_assert_true (t.tensor_parallel);
  g_assert_false (t.row_split);
  g_assert_cmpfloat (fabs ((double) t.used_bytes[0] - t.used_bytes[1]), <, 0.01 * t.used_bytes[0]);
  g_assert_cmpfloat (t.decode_tokens_per_s, >, y.decode_tokens_per_s);
  g_assert_cmpfloat (t.decode_tokens_per_s, >, z.decode_tokens_per_s);
  /* It needs flash attention and an f16 cache (llama.cpp docs/multi-gpu.md): a q8_0 cache is
   * flagged, as -sm row's is not. */
  g_assert_false (has_finding (&re, "memory.tensor-split-needs"));
  rig_report_clear (&re);
  workload_of (e)->kv_cache = RIG_KV_CACHE_Q8_0;
  plan (e, &re, &t);
  g_assert_true (has_finding (&re, "memory.tensor-split-needs"));
  rig_report_clear (&rc);
  workload_of (c)->kv_cache = RIG_KV_CACHE_Q8_0;
  plan (c, &rc, &z);
  g_assert_false (has_finding (&rc, "memory.tensor-split-needs"));
  rig_report_clear (&ra);
  rig_report_clear (&rb);
  rig_report_clear (&rc);
  rig_report_clear (&re);
}

/* Gemma 4 26B-A4B norms the dense MLP beside its experts apart from them: split by tensor, each
 * branch is all-reduced before its own norm, a third all-reduce a layer that a token waits on. */
static void
test_tensor_split_normed_mlp (void)
{
  static const Part two[] = { { "nvidia-rtx-4090", 2 }, { NULL } };
  g_autoptr(RigBuild) tensor = make_build (two, "gemma-4-26b-a4b", "Q4_0", 4096);
  g_autoptr(RigBuild) layer = make_build (two, "gemma-4-26b-a4b", "Q4_0", 4096);
  RigModel *model;
  RigReport rt, rl;
  RigWorkloadResult t, l;
  double normed_s, layer_tps, layers;

  workload_of (tensor)->split = RIG_SPLIT_TENSOR;
  model = workload_of (tensor)->model;
  g_assert_cmpint (model->shared_mlp_normed, ==, 1);
  layers = model->layers;
  plan (tensor, &rt, &t);
  plan (layer, &rl, &l);
  g_assert_true (t.tensor_parallel);
  normed_s = 1 / t.decode_tokens_per_s_start;
  layer_tps = l.decode_tokens_per_s_start;
  rig_report_clear (&rt);
  rig_report_clear (&rl);

  /* The same model with two all-reduces a layer: a token waits on one fewer a layer. */
  model->shared_mlp_normed = 0;
  workload_of (layer)->model->shared_mlp_normed = 0;
  plan (tensor, &rt, &t);
  plan (layer, &rl, &l);
  g_assert_cmpfloat_with_epsilon (normed_s - 1 / t.decode_tokens_per_s_start,
                                  layers * RIG_LLAMACPP_TP_DECODE_ALLREDUCE_US * 1e-6, 1e-6);
  /* Split by layers nothing is all-reduced. */
  g_assert_cmpfloat_with_epsilon (l.decode_tokens_per_s_start, layer_tps, 1e-9 * layer_tps);
  rig_report_clear (&rt);
  rig_report_clear (&rl);
}

/* A model whose output head is its token embedding reads that matrix for every token's logits,
 * and llama.cpp holds a duplicate of it with the output layer. */
static void
test_tied_embeddings (void)
{
  static const Part parts[] = { { "nvidia-rtx-4090", 1 }, { NULL } };
  g_autoptr(RigBuild) untied = make_build (parts, "llama-3.1-8b", "Q4_K_M", 4096);
  g_autoptr(RigBuild) tied = make_build (parts, "llama-3.1-8b", "Q4_K_M", 4096);
  RigWorkload *w = workload_of (tied);
  RigReport ru, rt;
  RigWorkloadResult u, t;
  double embed, head;

  g_assert_cmpint (workload_of (untied)->model->tied_embeddings, ==, 0);
  w->model->tied_embeddings = 1;
  embed = w->model->vocab * w->model->hidden_size * w->bits[RIG_TENSOR_EMBED] / 8;
  /* GGUF stores a tied matrix at the output's type. */
  head = w->model->vocab * w->model->hidden_size * w->bits[RIG_TENSOR_OUTPUT] / 8;
  g_assert_cmpfloat (head, !=, embed);
  plan (untied, &ru, &u);
  plan (tied, &rt, &t);
  g_assert_cmpint (t.fit, ==, RIG_FIT_GPU);
  /* Untied, the embedding is only looked up; tied, every weight is read once a token, the
   * embedding too (as the head). */
  g_assert_cmpfloat (fabs (u.read_bytes[0] + embed - (u.memory.weights_bytes + u.memory.terms[RIG_MEMORY_KV_CACHE])),
                     <, 1e6);
  g_assert_cmpfloat (t.decode_tokens_per_s, <, u.decode_tokens_per_s);
  /* The duplicate: the GPU holds the head again, and the breakdown's weights count it, so the
   * GPU holds what the breakdown says. Each token reads the matrix once, as the head. */
  g_assert_cmpfloat (fabs ((double) t.memory.weights_bytes - rig_memory_weights_bytes (w, NULL) - head), <, 1e6);
  g_assert_cmpfloat (fabs ((double) t.used_bytes[0] - (double) u.used_bytes[0] -
                           ((double) t.memory.weights_bytes - (double) u.memory.weights_bytes)),
                     <, 1e6);
  g_assert_cmpfloat (fabs (t.read_bytes[0] + head - (t.memory.weights_bytes + t.memory.terms[RIG_MEMORY_KV_CACHE])),
                     <, 1e6);
  rig_report_clear (&ru);
  rig_report_clear (&rt);
}

static void
test_offload_layers (void)
{
  static const Part parts[] = {
    { "nvidia-rtx-4090", 1 }, { "amd-ryzen-9-7950x", 1 },
    { "corsair-vengeance-ddr5-6000-cl30-2x48gb", 1 }, { NULL }
  };
  static const Part gpu_only[] = { { "nvidia-rtx-4090", 1 }, { NULL } };
  g_autoptr(RigBuild) build = make_build (parts, "llama-3.1-70b", "Q4_K_M", 8192);
  g_autoptr(RigBuild) small = make_build (gpu_only, "llama-3.1-8b", "Q4_K_M", 8192);
  RigReport report, report_small;
  RigWorkloadResult r, s;
  guint host = 1;

  plan (build, &report, &r);
  g_assert_cmpint (r.fit, ==, RIG_FIT_OFFLOAD);
  g_assert_nonnull (strstr (r.reason, "layers"));
  g_assert_cmpfloat (gib (r.used_bytes[0]), <=, 24);
  g_assert_cmpfloat (gib (r.used_bytes[host]), >, 10);
  g_assert_true (has_finding (&report, "memory.offload"));
  /* System memory sets the pace: a few tokens per second. */
  plan (small, &report_small, &s);
  g_assert_cmpfloat (r.decode_tokens_per_s, <, 5);
  g_assert_cmpfloat (r.decode_tokens_per_s, >, 0.5);

  /* Not allowed to offload: it does not fit. */
  workload_of (build)->offload = FALSE;
  rig_report_clear (&report);
  plan (build, &report, &r);
  g_assert_cmpint (r.fit, ==, RIG_FIT_NONE);
  rig_report_clear (&report);
  rig_report_clear (&report_small);
}

static void
test_offload_moe_experts (void)
{
  static const Part parts[] = {
    { "nvidia-rtx-3060-12gb", 1 }, { "amd-ryzen-9-7950x", 1 },
    { "corsair-vengeance-ddr5-6000-cl30-2x32gb", 1 }, { NULL }
  };
  g_autoptr(RigBuild) build = make_build (parts, "qwen3-30b-a3b", "Q8_0", 8192);
  RigReport report;
  RigWorkloadResult r;

  plan (build, &report, &r);
  g_assert_cmpint (r.fit, ==, RIG_FIT_OFFLOAD);
  /* The experts go to system memory first; attention stays on the GPU. */
  g_assert_nonnull (strstr (r.reason, "experts"));
  /* Only the active experts are read per token: far faster than a dense 30B from RAM. */
  g_assert_cmpfloat (r.decode_tokens_per_s, >, 10);
  rig_report_clear (&report);
}

/* The output head a token's logits read: its own matrix, or the embedding a model ties to it,
 * at the recipe's output type (Q6_K in Q4_0 and Q4_K_M files). */
static void
test_head_bytes (void)
{
  static const Part parts[] = { { "nvidia-rtx-3090", 1 }, { NULL } };
  g_autoptr(RigBuild) untied = make_build (parts, "llama-3.1-8b", "Q4_K_M", 4096);
  g_autoptr(RigBuild) tied = make_build (parts, "gemma-4-26b-a4b", "Q4_0", 4096);

  g_assert_cmpfloat_with_epsilon (rig_memory_head_bytes (workload_of (untied)),
                                  128256.0 * 4096 * 6.5625 / 8, 1e-3);
  g_assert_cmpfloat_with_epsilon (rig_memory_head_bytes (workload_of (tied)),
                                  262144.0 * 2816 * 6.5625 / 8, 1e-3);
}

/* A GGUF file that keeps the model's multi-token-prediction layers (blk.32.nextn.* after Qwen3.5
 * 9B's 32) has llama.cpp count them among -ngl's layers, and put them on the GPUs before the
 * model's own: -ngl 33 then leaves one of the model's layers in system memory. */
static void
test_fixed_gpu_layers_mtp (void)
{
  static const Part parts[] = {
    { "nvidia-rtx-3090", 1 }, { "amd-ryzen-9-7950x", 1 },
    { "corsair-vengeance-ddr5-6000-cl30-2x32gb", 1 }, { NULL }
  };
  g_autoptr(RigBuild) build = make_build (parts, "qwen3.5-9b", "Q4_K_M", 4096);
  RigWorkload *w = workload_of (build);
  RigReport report;
  RigWorkloadResult r;
  guint host = 1;

  w->runtime = RIG_RUNTIME_LLAMA_CPP;
  g_assert_cmpfloat (rig_memory_llamacpp_layers (w), ==, 32);
  w->gpu_layers = 33;
  plan (build, &report, &r);
  rig_report_clear (&report);
  g_assert_cmpint (r.fit, ==, RIG_FIT_GPU);

  w->llamacpp_file_keeps_mtp = TRUE;
  g_assert_cmpfloat (rig_memory_llamacpp_layers (w), ==, 33);
  plan (build, &report, &r);
  g_assert_cmpint (r.fit, ==, RIG_FIT_OFFLOAD);
  g_assert_cmpfloat_with_epsilon (r.compute_share[host], 1.0 / 32, 1e-12);
  /* The plan names the -ngl that puts every layer on the card. */
  g_assert_true (has_finding (&report, "speed.ngl-all"));
  for (guint i = 0; i < report.findings->len; i++)
    {
      const RigFinding *f = &g_array_index (report.findings, RigFinding, i);

      if (g_str_equal (f->code, "speed.ngl-all"))
        {
          g_assert_nonnull (strstr (f->message, "-ngl 33 leaves one of the model's 32 layers"));
          g_assert_nonnull (strstr (f->message, "-ngl 34 puts them all"));
        }
    }
  rig_report_clear (&report);
  w->gpu_layers = 34;
  plan (build, &report, &r);
  rig_report_clear (&report);
  g_assert_cmpint (r.fit, ==, RIG_FIT_GPU);

  /* Drafting with the model's own MTP keeps those layers in the file too. */
  w->llamacpp_file_keeps_mtp = FALSE;
  w->draft_model_id = g_strdup (RIG_DRAFT_MTP);
  g_assert_cmpfloat (rig_memory_llamacpp_layers (w), ==, 33);
}

static void set_draft (RigBuild   *build,
                       const char *model,
                       const char *quant,
                       guint       tokens,
                       double      acceptance);

/* On Apple GPUs unpacking the weights can take longer than reading them (apple_dequant), once a
 * step: checking two drafted tokens pays it once, not three times. Qwen3.8-27B (Qwen3.6-27B's
 * shape) in Q6_K drafting two tokens with its MTP module on an M3 Ultra ran 1.06 times as fast as
 * without (sudoingX/qwen38-mtp, calibration group "s"), where a check paying the unpacking for
 * each token had the draft slowing decode to 0.57 times. */
static void
test_draft_apple_unpack_once (void)
{
  static const Part parts[] = { { "apple-mac-studio-m3-ultra-60c-96gb", 1 }, { NULL } };
  g_autoptr(RigBuild) plain = make_build (parts, "qwen3.6-27b", "Q6_K", 4096);
  g_autoptr(RigBuild) mtp = make_build (parts, "qwen3.6-27b", "Q6_K", 4096);
  RigReport ra, rb;
  RigWorkloadResult x, y;

  set_draft (mtp, RIG_DRAFT_MTP, NULL, 2, 0.88);
  plan (plain, &ra, &x);
  plan (mtp, &rb, &y);
  g_assert_cmpfloat (y.decode_tokens_per_s_plain, ==, x.decode_tokens_per_s);
  g_assert_cmpfloat (y.speculative_speedup, >, 1.0);
  g_assert_cmpfloat (y.speculative_speedup, <, y.draft_tokens_per_step);
  g_assert_false (has_finding (&rb, "speed.draft-slower"));
  rig_report_clear (&ra);
  rig_report_clear (&rb);
}

/* GLM-4.5-Air's checkpoint holds a NextN layer with its own embedding and head, which llama.cpp's
 * converter writes into the GGUF (block_count 47) and its draft-mtp drafts with (PR #26534). */
static void
test_glm_mtp (void)
{
  static const Part parts[] = {
    { "nvidia-rtx-3090", 4 }, { "amd-ryzen-9-7950x", 1 },
    { "corsair-vengeance-ddr5-6000-cl30-2x32gb", 1 }, { NULL }
  };
  g_autoptr(RigBuild) plain = make_build (parts, "glm-4.5-air", "Q4_K_M", 4096);
  g_autoptr(RigBuild) mtp = make_build (parts, "glm-4.5-air", "Q4_K_M", 4096);
  RigWorkload *w = workload_of (mtp);
  RigReport ra, rb;
  RigWorkloadResult x, y;

  workload_of (plain)->runtime = RIG_RUNTIME_LLAMA_CPP;
  w->runtime = RIG_RUNTIME_LLAMA_CPP;
  g_assert_cmpfloat (rig_memory_llamacpp_layers (workload_of (plain)), ==, 46);
  set_draft (mtp, RIG_DRAFT_MTP, NULL, 1, RIG_DRAFT_ACCEPTANCE_MTP);
  g_assert_cmpfloat (rig_memory_llamacpp_layers (w), ==, 47);
  plan (plain, &ra, &x);
  plan (mtp, &rb, &y);
  g_assert_cmpint (y.fit, ==, RIG_FIT_GPU);
  /* The module's 3.62 B, its own head and embedding among them, at about 4.9 bits a weight. */
  g_assert_cmpfloat (y.memory.terms[RIG_MEMORY_DRAFT], >, 1.8e9);
  g_assert_cmpfloat (y.memory.terms[RIG_MEMORY_DRAFT], <, 3.0e9);
  g_assert_cmpfloat (y.speculative_speedup, >, 1.0);
  g_assert_cmpfloat (y.speculative_speedup, <, y.draft_tokens_per_step);
  g_assert_cmpfloat (y.decode_tokens_per_s, >, x.decode_tokens_per_s);
  rig_report_clear (&ra);
  rig_report_clear (&rb);
}

/* llama.cpp's -ngl and --n-cpu-moe, set by the user: the plan places the model that way. */
static void
test_fixed_gpu_layers (void)
{
  static const Part parts[] = {
    { "nvidia-rtx-3060-12gb", 1 }, { "amd-ryzen-9-7950x", 1 },
    { "corsair-vengeance-ddr5-6000-cl30-2x32gb", 1 }, { NULL }
  };
  static const Part gpu_only[] = { { "nvidia-rtx-3060-12gb", 1 }, { NULL } };
  g_autoptr(RigBuild) build = make_build (parts, "llama-3.1-8b", "Q4_K_M", 4096);
  g_autoptr(RigBuild) moe = make_build (parts, "qwen3-30b-a3b", "Q4_K_M", 4096);
  g_autoptr(RigBuild) bare = make_build (gpu_only, "llama-3.1-8b", "Q4_K_M", 4096);
  RigWorkload *w = workload_of (build);
  RigReport report;
  RigWorkloadResult all, half, none;
  guint host = 1;

  /* It fits whole; -ngl 17 puts the output layer and the last 16 of the 32 layers on the GPU,
   * as llama.cpp counts since PR #18148: half the layers move to the host. */
  plan (build, &report, &all);
  rig_report_clear (&report);
  g_assert_cmpint (all.fit, ==, RIG_FIT_GPU);
  w->gpu_layers = 17;
  plan (build, &report, &half);
  rig_report_clear (&report);
  g_assert_cmpint (half.fit, ==, RIG_FIT_OFFLOAD);
  g_assert_nonnull (strstr (half.reason, "as set"));
  g_assert_cmpfloat (half.read_bytes[host], >, 0.4 * all.read_bytes[0]);
  g_assert_cmpfloat (half.read_bytes[host], <, 0.5 * all.read_bytes[0]);
  g_assert_cmpfloat (half.compute_share[host], ==, 0.5);
  g_assert_cmpfloat (half.decode_tokens_per_s, <, 0.5 * all.decode_tokens_per_s);
  {
    RigWorkloadResult before;

    /* Builds before it put the layers first: -ngl 16 left the same 16 layers on the host and
     * the output layer with them, which a token reads there too. */
    w->gpu_layers = 16;
    w->llamacpp_ngl_layers_first = TRUE;
    plan (build, &report, &before);
    rig_report_clear (&report);
    g_assert_cmpint (before.fit, ==, RIG_FIT_OFFLOAD);
    g_assert_cmpfloat (before.compute_share[host], ==, 0.5);
    g_assert_cmpfloat (before.read_bytes[host], >, half.read_bytes[host] + 0.3e9);
    g_assert_cmpfloat (fabs (before.read_bytes[host] + before.read_bytes[0] -
                             half.read_bytes[host] - half.read_bytes[0]),
                       <, 1e-6 * all.read_bytes[0]);
    /* There, -ngl 32 still left the output layer on the host. */
    w->gpu_layers = 32;
    plan (build, &report, &before);
    rig_report_clear (&report);
    g_assert_cmpint (before.fit, ==, RIG_FIT_OFFLOAD);
    g_assert_cmpfloat (before.compute_share[host], ==, 0);
    w->llamacpp_ngl_layers_first = FALSE;
  }
  /* -ngl 33 puts every layer on the GPU; -ngl 1 only the output layer, and -ngl 0 leaves only
   * the buffers there. */
  w->gpu_layers = 33;
  plan (build, &report, &half);
  rig_report_clear (&report);
  g_assert_cmpint (half.fit, ==, RIG_FIT_GPU);
  g_assert_cmpfloat (fabs (half.decode_tokens_per_s - all.decode_tokens_per_s), <, 1e-9);
  w->gpu_layers = 1;
  plan (build, &report, &none);
  rig_report_clear (&report);
  g_assert_cmpint (none.fit, ==, RIG_FIT_OFFLOAD);
  g_assert_cmpfloat (none.compute_share[host], ==, 1.0);
  g_assert_cmpfloat (none.read_bytes[0], >, 0.3e9);
  w->gpu_layers = 0;
  plan (build, &report, &none);
  rig_report_clear (&report);
  g_assert_cmpint (none.fit, ==, RIG_FIT_OFFLOAD);
  g_assert_cmpfloat (none.compute_share[host], ==, 1.0);
  g_assert_cmpfloat (none.read_bytes[0], <, 0.1e9);
  g_assert_cmpfloat (none.decode_tokens_per_s, <, half.decode_tokens_per_s);

  /* Layers set to run from system memory need some. */
  workload_of (bare)->gpu_layers = 16;
  plan (bare, &report, &none);
  rig_report_clear (&report);
  g_assert_cmpint (none.fit, ==, RIG_FIT_NONE);

  /* --n-cpu-moe 48 (every layer): the experts live on the host, attention on the GPU. */
  plan (moe, &report, &all);
  rig_report_clear (&report);
  workload_of (moe)->cpu_moe_layers = 48;
  plan (moe, &report, &half);
  rig_report_clear (&report);
  g_assert_cmpint (half.fit, ==, RIG_FIT_OFFLOAD);
  g_assert_cmpfloat (half.compute_share[host], ==, 0);
  g_assert_cmpfloat (half.used_bytes[0], <, 0.3 * all.used_bytes[0]);
  /* The same bytes a token reads, more of them on the host than the automatic split put there. */
  g_assert_cmpfloat (fabs (half.read_bytes[host] + half.read_bytes[0] - all.read_bytes[host] - all.read_bytes[0]),
                     <, 1e-6 * all.read_bytes[0]);
  g_assert_cmpfloat (half.read_bytes[host], >, all.read_bytes[host]);
  /* -ngl 25 as well (the output layer and the last 24 layers): the first 24 layers whole on
   * the host, the rest's experts too. */
  workload_of (moe)->gpu_layers = 25;
  plan (moe, &report, &none);
  rig_report_clear (&report);
  g_assert_cmpint (none.fit, ==, RIG_FIT_OFFLOAD);
  g_assert_cmpfloat (none.compute_share[host], ==, 0.5);
  g_assert_cmpfloat (none.used_bytes[0], <, half.used_bytes[0]);
  g_assert_cmpfloat (fabs ((double) none.used_bytes[host] - half.used_bytes[host]) / half.used_bytes[host], <, 0.2);

  /* More layers on the GPU than it holds: it does not fit, and says what to change. */
  g_autoptr(RigBuild) big = make_build (parts, "qwen3-32b", "Q8_0", 4096);
  workload_of (big)->gpu_layers = 64;
  plan (big, &report, &none);
  rig_report_clear (&report);
  g_assert_cmpint (none.fit, ==, RIG_FIT_NONE);
  g_assert_nonnull (strstr (none.reason, "-ngl 64 needs"));
  /* It suggests the most GPU layers that fit: that many fit, one more does not. */
  {
    const RigSuggestion *s = NULL;
    int fits;

    for (guint i = 0; i < none.n_suggestions; i++)
      if (none.suggestions[i].setting == RIG_SUGGEST_GPU_LAYERS)
        s = &none.suggestions[i];
    g_assert_nonnull (s);
    fits = (int) s->value;
    g_assert_cmpint (fits, >, 10);
    g_assert_cmpint (fits, <, 40);
    /* Its words count -ngl's output layer apart from the model's layers. */
    {
      g_autofree char *text = rig_suggestion_describe (s);
      g_autofree char *want = g_strdup_printf ("-ngl %d: the output layer and %d layers", fits,
                                               fits - 1);

      g_assert_nonnull (strstr (text, want));
    }
    workload_of (big)->gpu_layers = fits;
    plan (big, &report, &none);
    rig_report_clear (&report);
    g_assert_cmpint (none.fit, ==, RIG_FIT_OFFLOAD);
    workload_of (big)->gpu_layers = fits + 1;
    plan (big, &report, &none);
    rig_report_clear (&report);
    g_assert_cmpint (none.fit, ==, RIG_FIT_NONE);
  }
}

static void
test_cpu_only (void)
{
  static const Part parts[] = {
    { "amd-ryzen-9-7950x", 1 }, { "corsair-vengeance-ddr5-6000-cl30-2x32gb", 1 }, { NULL }
  };
  g_autoptr(RigBuild) build = make_build (parts, "llama-3.1-8b", "Q4_K_M", 4096);
  RigReport report;
  RigWorkloadResult r;

  plan (build, &report, &r);
  g_assert_cmpint (r.fit, ==, RIG_FIT_CPU);
  /* 2 channels x 6000 MT/s (the kit's EXPO rating, above the 7950X's official 5200) x 8 bytes. */
  g_assert_cmpfloat (report.devices.host.bandwidth_gbps, ==, 2 * 6000 * 8 / 1000.0);
  g_assert_true (has_finding (&report, "compat.memory-profile"));
  g_assert_cmpfloat (r.decode_tokens_per_s, >, 8);
  g_assert_cmpfloat (r.decode_tokens_per_s, <, 16);
  g_assert_true (has_finding (&report, "memory.cpu-only"));
  rig_report_clear (&report);

  /* A mixture of experts reads its active experts scattered over system memory, at a lower
   * effective bandwidth than a dense model's weights, and spends a time on each expert matrix
   * (Qwen3-30B-A3B: 48 layers x 8 experts x 3 matrices a token); its attention at the dense
   * rate. */
  {
    g_autoptr(RigBuild) moe = make_build (parts, "qwen3-30b-a3b", "Q4_K_M", 4096);
    double bandwidth, token_s, expert_rate;

    plan (moe, &report, &r);
    g_assert_cmpint (r.fit, ==, RIG_FIT_CPU);
    g_assert_cmpfloat (r.expert_read_bytes[0], >, 0.3 * r.read_bytes[0]);
    g_assert_cmpfloat (r.expert_read_bytes[0], <, r.read_bytes[0]);
    g_assert_cmpfloat (report.devices.host.decode_eff, >, 0);
    bandwidth = report.devices.host.decode_eff * report.devices.host.bandwidth_gbps * 1e9;
    token_s = (r.read_bytes[0] + r.expert_read_bytes[0] * (1 / RIG_DECODE_MOE_EFF_CPU - 1)) /
                bandwidth +
              48 * 8 * 3 * RIG_DECODE_EXPERT_MATRIX_US_CPU * 1e-6;
    expert_rate = 1 / token_s;
    g_assert_cmpfloat (r.decode_tokens_per_s, <, 1.01 * expert_rate);
    g_assert_cmpfloat (r.decode_tokens_per_s, >, 0.85 * expert_rate);
    /* The matrices' time is a share of it that reading alone would not give. */
    g_assert_cmpfloat (r.decode_tokens_per_s, <, 0.97 * bandwidth /
                       (r.read_bytes[0] + r.expert_read_bytes[0] * (1 / RIG_DECODE_MOE_EFF_CPU - 1)));
    rig_report_clear (&report);
  }
}

static void
test_unified_memory (void)
{
  static const Part studio[] = { { "apple-mac-studio-m2-ultra-76c-192gb", 1 }, { NULL } };
  static const Part small_mac[] = { { "apple-mac-studio-m1-max-32c-32gb", 1 }, { NULL } };
  g_autoptr(RigBuild) fits = make_build (studio, "llama-3.1-70b", "Q4_K_M", 8192);
  g_autoptr(RigBuild) too_big = make_build (studio, "llama-3.1-405b", "Q4_K_M", 8192);
  g_autoptr(RigBuild) capped = make_build (small_mac, "qwen-2.5-32b", "Q6_K", 4096);
  RigReport report;
  RigWorkloadResult r;

  plan (fits, &report, &r);
  g_assert_cmpint (r.fit, ==, RIG_FIT_GPU);
  g_assert_true (report.devices.unified);
  g_assert_false (report.devices.has_host);
  g_assert_cmpfloat_with_epsilon (gib (r.capacity_bytes[0]), 192 * 0.75, 1e-6);
  rig_report_clear (&report);

  /* 405B at Q4_K_M (about 227 GiB) is more than the whole 192 GB: no "offload to RAM" on top
   * of unified memory, because it is the same memory. */
  plan (too_big, &report, &r);
  g_assert_cmpint (r.fit, ==, RIG_FIT_NONE);
  rig_report_clear (&report);

  /* 32B at Q6_K (about 25 GiB) is less than 32 GB of RAM, but more than the GPU may wire. */
  plan (capped, &report, &r);
  g_assert_cmpint (r.fit, ==, RIG_FIT_NONE);
  g_assert_nonnull (strstr (r.reason, "unified memory"));
  rig_report_clear (&report);
}

/* What vLLM holds on a card of @card_gib at @util: its share of what CUDA reports, the CUDA
 * context and the CUDA graphs. */
static double
vllm_used_gib (double card_gib,
               double util)
{
  return card_gib * RIG_VLLM_CUDA_TOTAL_SHARE * util + gib (RIG_CUDA_CONTEXT_BYTES) +
         gib (RIG_VLLM_CUDA_GRAPH_BYTES);
}

static void
test_vllm_reserves (void)
{
  static const Part parts[] = { { "nvidia-rtx-4090", 1 }, { NULL } };
  g_autoptr(RigBuild) build = make_build (parts, "llama-3.1-8b", "BF16", 8192);
  RigReport report;
  RigWorkloadResult r;

  workload_of (build)->runtime = RIG_RUNTIME_VLLM;
  plan (build, &report, &r);
  g_assert_cmpint (r.fit, ==, RIG_FIT_GPU);
  /* vLLM takes 90 % of what CUDA reports for the card whatever the model needs, and the CUDA
   * context and CUDA graphs besides. */
  g_assert_cmpfloat_with_epsilon (gib (r.used_bytes[0]), vllm_used_gib (24, 0.9), 1e-6);
  rig_report_clear (&report);

  /* Decoding reads the workload's KV cache, not the whole pool vLLM set aside: a larger pool
   * does not change the speed. */
  {
    RigWorkloadResult more;

    workload_of (build)->gpu_memory_utilization = 0.95;
    plan (build, &report, &more);
    g_assert_cmpuint (more.memory.kv_cache_bytes, >, r.memory.kv_cache_bytes);
    g_assert_cmpfloat_with_epsilon (more.decode_tokens_per_s, r.decode_tokens_per_s, 1e-9);
    rig_report_clear (&report);
  }
}

static void
test_training (void)
{
  static const Part one[] = { { "nvidia-rtx-4090", 1 }, { NULL } };
  static const Part four[] = { { "nvidia-a100-sxm4-80gb", 4 }, { NULL } };
  g_autoptr(RigBuild) full = make_build (one, "llama-3.1-8b", "BF16", 2048);
  g_autoptr(RigBuild) lora = make_build (one, "llama-3.1-8b", "BF16", 2048);
  g_autoptr(RigBuild) qlora = make_build (one, "llama-3.1-8b", "NF4-DQ", 2048);
  g_autoptr(RigBuild) sharded = make_build (four, "llama-3.1-8b", "BF16", 2048);
  RigReport rf, rl, rq, rs;
  RigWorkloadResult f, l, q, s, s_ddp;

  workload_of (full)->mode = RIG_MODE_FULL_FINETUNE;
  workload_of (lora)->mode = RIG_MODE_LORA;
  workload_of (lora)->gradient_checkpointing = TRUE;
  workload_of (qlora)->mode = RIG_MODE_QLORA;
  workload_of (qlora)->gradient_checkpointing = TRUE;
  workload_of (sharded)->mode = RIG_MODE_FULL_FINETUNE;
  plan (full, &rf, &f);
  plan (lora, &rl, &l);
  plan (qlora, &rq, &q);
  plan (sharded, &rs, &s);

  /* Mixed-precision AdamW: 16 bytes per parameter before activations — 120 GiB for 8B. */
  g_assert_cmpfloat (gib (f.memory.weights_bytes + f.memory.gradients_bytes + f.memory.optimizer_bytes),
                     >, 8.03e9 * 16 / RIG_GIB * 0.99);
  g_assert_cmpint (f.fit, ==, RIG_FIT_NONE);
  g_assert_cmpint (l.fit, ==, RIG_FIT_GPU);
  g_assert_cmpint (q.fit, ==, RIG_FIT_GPU);
  g_assert_cmpuint (q.used_bytes[0], <, l.used_bytes[0]);
  g_assert_cmpuint (l.memory.optimizer_bytes, <, f.memory.optimizer_bytes / 100);

  /* Four A100s with ZeRO-3: each holds a quarter of the model state. Without checkpointing the
   * plan says how much more a model loaded outside zero.Init holds; with it, or with the model
   * said to be loaded so, it does not. */
  g_assert_cmpint (s.fit, ==, RIG_FIT_GPU);
  g_assert_nonnull (strstr (s.reason, "ZeRO-3"));
  g_assert_true (has_finding (&rs, "memory.zero3-without-zero-init"));
  g_assert_false (has_finding (&rf, "memory.zero3-without-zero-init"));
  rig_report_clear (&rs);
  workload_of (sharded)->zero_init = FALSE;
  plan (sharded, &rs, &s_ddp);
  g_assert_false (has_finding (&rs, "memory.zero3-without-zero-init"));
  g_assert_cmpuint (s_ddp.used_bytes[0], >, s.used_bytes[0]);
  rig_report_clear (&rs);
  workload_of (sharded)->zero_init = TRUE;
  workload_of (sharded)->gradient_checkpointing = TRUE;
  plan (sharded, &rs, &s_ddp);
  g_assert_false (has_finding (&rs, "memory.zero3-without-zero-init"));
  rig_report_clear (&rs);
  workload_of (sharded)->gradient_checkpointing = FALSE;
  workload_of (sharded)->sharding = RIG_SHARDING_NONE;
  plan (sharded, &rs, &s_ddp);
  g_assert_cmpuint (s.used_bytes[0], <, s_ddp.used_bytes[0]);
  g_assert_cmpint (s_ddp.fit, ==, RIG_FIT_NONE);
  g_assert_cmpfloat (s.train_tokens_per_s, >, 0);

  /* Without gradient checkpointing every layer's activations stay: 8B LoRA at 2048 tokens no
   * longer fits a 24 GB card. */
  workload_of (lora)->gradient_checkpointing = FALSE;
  rig_report_clear (&rl);
  {
    RigWorkloadResult l2;
    plan (lora, &rl, &l2);
    g_assert_cmpuint (l2.memory.terms[RIG_MEMORY_SAVED_ACTIVATIONS], >,
                      4 * l.memory.terms[RIG_MEMORY_SAVED_ACTIVATIONS]);
    g_assert_cmpint (l2.fit, ==, RIG_FIT_NONE);
  }

  /* Adapting fewer projections trains fewer parameters; without flash attention the attention
   * scores are stored too. */
  workload_of (lora)->gradient_checkpointing = TRUE;
  workload_of (lora)->lora_targets = RIG_LORA_TARGETS_QV;
  rig_report_clear (&rl);
  {
    RigWorkloadResult l3, l4;

    plan (lora, &rl, &l3);
    g_assert_cmpuint (l3.memory.optimizer_bytes, <, l.memory.optimizer_bytes / 4);
    workload_of (lora)->flash_attention = FALSE;
    rig_report_clear (&rl);
    plan (lora, &rl, &l4);
    g_assert_cmpuint (l4.memory.activations_bytes, >, l3.memory.activations_bytes);
  }

  rig_report_clear (&rf);
  rig_report_clear (&rl);
  rig_report_clear (&rq);
  rig_report_clear (&rs);
}

static void
test_findings (void)
{
  static const Part parts[] = { { "nvidia-rtx-4090", 1 }, { "samsung-990-pro-2tb", 1 }, { NULL } };
  g_autoptr(RigBuild) build = make_build (parts, "llama-3.1-8b", NULL, 200000);
  RigReport report;
  RigWorkloadResult r;

  plan (build, &report, &r);
  g_assert_true (has_finding (&report, "memory.context-too-long"));
  g_assert_true (has_finding (&report, "memory.no-quant"));
  /* 16 GB of weights at 7,450 MB/s. */
  g_assert_cmpfloat (r.load_seconds, >, 1.5);
  g_assert_cmpfloat (r.load_seconds, <, 3);
  rig_report_clear (&report);

  workload_of (build)->context = 8192;
  plan (build, &report, &r);
  g_assert_false (has_finding (&report, "memory.context-too-long"));
  rig_report_clear (&report);
}

static void
test_no_devices (void)
{
  static const Part parts[] = { { "amd-ryzen-9-7950x", 1 }, { NULL } };
  g_autoptr(RigBuild) build = make_build (parts, "llama-3.1-8b", "Q4_K_M", 4096);
  RigReport report;
  RigWorkloadResult r;

  plan (build, &report, &r);
  g_assert_cmpint (r.fit, ==, RIG_FIT_UNKNOWN);
  g_assert_cmpuint (report.not_checked->len, >, 0);
  g_assert_false (has_finding (&report, "memory.does-not-fit"));
  rig_report_clear (&report);
}

static const RigSuggestion *
find_suggestion (const RigWorkloadResult *r,
                 RigSuggestSetting        setting)
{
  for (guint i = 0; i < r->n_suggestions; i++)
    if (r->suggestions[i].setting == setting)
      return &r->suggestions[i];
  return NULL;
}

/* The value of @r's suggestion for @setting; fails the test when there is none. */
static double
suggested (const RigWorkloadResult *r,
           RigSuggestSetting        setting)
{
  const RigSuggestion *s = find_suggestion (r, setting);

  if (s == NULL)
    g_error ("no suggestion for %s", rig_suggestion_setting_to_string (setting));
  return s->value;
}

static guint64
terms_sum (const RigWorkloadResult *r)
{
  guint64 sum = 0;

  for (guint t = 0; t < RIG_MEMORY_TERM_N; t++)
    sum += r->memory.terms[t];
  return sum;
}

/* llama.cpp turns flash attention on by default: the compute buffer then holds no K·Q scores,
 * and 8B at 128K fits a 24 GB card (llama.cpp #10052 shows the 8 GiB buffer without it). */
static void
test_llamacpp_flash_attention (void)
{
  static const Part parts[] = {
    { "nvidia-rtx-4090", 1 }, { "amd-ryzen-9-7950x", 1 },
    { "corsair-vengeance-ddr5-6000-cl30-2x48gb", 1 }, { NULL }
  };
  g_autoptr(RigBuild) build = make_build (parts, "llama-3.1-8b", "Q4_K_M", 131072);
  RigReport report;
  RigWorkloadResult r;
  double context;

  plan (build, &report, &r);
  g_assert_cmpint (r.runtime, ==, RIG_RUNTIME_LLAMA_CPP);
  g_assert_cmpint (r.fit, ==, RIG_FIT_GPU);
  g_assert_cmpfloat (gib (r.memory.terms[RIG_MEMORY_COMPUTE_BUFFER]), <, 1.0);
  g_assert_cmpfloat (gib (r.memory.terms[RIG_MEMORY_KV_CACHE]), ==, 16.0);
  g_assert_cmpuint (r.memory.total_bytes, ==, terms_sum (&r));
  g_assert_cmpuint (r.n_suggestions, ==, 0);
  rig_report_clear (&report);

  /* Without it: the scores are n_ctx x n_head x n_ubatch x 4 bytes = 8 GiB, and the layers spill. */
  workload_of (build)->flash_attention = FALSE;
  plan (build, &report, &r);
  g_assert_cmpfloat (gib (r.memory.terms[RIG_MEMORY_COMPUTE_BUFFER]), >, 8.0);
  g_assert_cmpint (r.fit, ==, RIG_FIT_OFFLOAD);
  g_assert_cmpfloat (suggested (&r, RIG_SUGGEST_FLASH_ATTENTION), ==, 1);
  context = suggested (&r, RIG_SUGGEST_CONTEXT);
  g_assert_cmpuint (each_fix_fits (build, &r), ==, r.n_suggestions);
  g_assert_cmpfloat (context, <, 131072);
  g_assert_cmpfloat (context, >=, 32768);
  /* The finding names the change. */
  g_assert_true (has_finding (&report, "memory.offload"));
  g_assert_true (has_finding (&report, "memory.fits-with"));
  for (guint i = 0; i < report.findings->len; i++)
    {
      const RigFinding *f = &g_array_index (report.findings, RigFinding, i);
      if (g_str_equal (f->code, "memory.fits-with"))
        g_assert_nonnull (strstr (f->message, "flash attention"));
    }
  rig_report_clear (&report);

  /* That context does fit. */
  workload_of (build)->context = (guint) context;
  plan (build, &report, &r);
  g_assert_cmpint (r.fit, ==, RIG_FIT_GPU);
  rig_report_clear (&report);
}

/* llama.cpp rounds the context up to 256 cells, keeps the window and one ubatch, rounded up
 * the same, on gpt-oss's sliding layers (402 MiB at 16K in llama.cpp #17715), and every token
 * on all layers of Mistral 7B v0.1, which it runs as a Llama model. */
static void
test_llamacpp_kv_cells (void)
{
  static const Part parts[] = { { "nvidia-rtx-5090", 1 }, { NULL } };
  g_autoptr(RigBuild) oss = make_build (parts, "gpt-oss-20b", "Q4_K_M", 16384);
  g_autoptr(RigBuild) mistral = make_build (parts, "mistral-7b-v0.1", "Q4_K_M", 33898);
  RigReport report;
  RigWorkloadResult r;

  plan (oss, &report, &r);
  g_assert_cmpint (r.runtime, ==, RIG_RUNTIME_LLAMA_CPP);
  /* K and V of 8 heads of 64 in f16: 2048 bytes a token and layer. */
  g_assert_cmpuint (r.memory.terms[RIG_MEMORY_KV_CACHE], ==, (12 * 16384 + 12 * 768) * 2048ull);
  rig_report_clear (&report);

  plan (mistral, &report, &r);
  g_assert_cmpint (r.runtime, ==, RIG_RUNTIME_LLAMA_CPP);
  g_assert_cmpuint (r.memory.terms[RIG_MEMORY_KV_CACHE], ==, 32 * 34048 * 4096ull);
  rig_report_clear (&report);
}

/* mlx-lm grows its KV cache in steps of 256 tokens and keeps every token of Mistral 7B v0.1
 * (mlx_lm/models/llama.py knows no window for it); a prefill step holds its working set. */
static void
test_mlx_kv_and_step (void)
{
  static const Part parts[] = { { "apple-mac-studio-m2-ultra-76c-192gb", 1 }, { NULL } };
  g_autoptr(RigBuild) build = make_build (parts, "mistral-7b-v0.1", "MLX-4bit", 33898);
  RigReport report;
  RigWorkloadResult r;

  plan (build, &report, &r);
  g_assert_cmpint (r.runtime, ==, RIG_RUNTIME_MLX);
  g_assert_cmpuint (r.memory.terms[RIG_MEMORY_KV_CACHE], ==, 32 * 34048 * 4096ull);
  g_assert_cmpfloat (r.memory.terms[RIG_MEMORY_PREFILL_ACTIVATIONS], ==,
                     floor (RIG_MLX_PREFILL_STEP * RIG_MLX_STEP_BYTES_PER_TOKEN));
  g_assert_cmpuint (r.memory.total_bytes, ==, terms_sum (&r));
  rig_report_clear (&report);
}

/* 2 x RTX 3090, Llama 3.1 70B Q4_K_M, 32K of q8_0 KV cache: fits, each GPU with its own compute
 * buffer. */
static void
test_llamacpp_two_gpus_70b (void)
{
  static const Part parts[] = {
    { "nvidia-rtx-3090", 2 }, { "amd-ryzen-9-7950x", 1 },
    { "corsair-vengeance-ddr5-6000-cl30-2x48gb", 1 }, { NULL }
  };
  g_autoptr(RigBuild) build = make_build (parts, "llama-3.1-70b", "Q4_K_M", 32768);
  RigReport report;
  RigWorkloadResult r;

  workload_of (build)->kv_cache = RIG_KV_CACHE_Q8_0;
  plan (build, &report, &r);
  g_assert_cmpint (r.fit, ==, RIG_FIT_GPU);
  g_assert_cmpfloat (gib (r.used_bytes[0]), <=, 24);
  g_assert_cmpfloat (gib (r.used_bytes[1]), <=, 24);
  /* Two compute buffers, two CUDA contexts. */
  g_assert_cmpfloat_with_epsilon (gib (r.memory.terms[RIG_MEMORY_RUNTIME_CONTEXT]),
                                  2 * gib (RIG_CUDA_CONTEXT_BYTES), 1e-6);
  g_assert_cmpfloat (gib (r.memory.terms[RIG_MEMORY_COMPUTE_BUFFER]), >, 0.2);
  rig_report_clear (&report);

  /* With an f16 cache (10 GiB at 32K) some layers spill; the plan says q8_0 makes it fit. */
  workload_of (build)->kv_cache = RIG_KV_CACHE_F16;
  plan (build, &report, &r);
  g_assert_cmpint (r.fit, ==, RIG_FIT_OFFLOAD);
  g_assert_cmpfloat (suggested (&r, RIG_SUGGEST_KV_CACHE), ==, RIG_KV_CACHE_Q8_0);
  g_assert_null (find_suggestion (&r, RIG_SUGGEST_FLASH_ATTENTION));
  rig_report_clear (&report);
}

/* vLLM V1's pool is its share of the card less the weights, the profile run's peak and the memory
 * allocated outside PyTorch (more with tensor parallelism); the CUDA context and CUDA graphs do
 * not come out of it. `vllm serve`
 * profiles 8192 tokens and samples 1024 rows on an H100, 2048 and 256 on an A100 of the same size,
 * whose pool is therefore larger. */
static void
test_vllm_v1_pool (void)
{
  static const Part h100[] = { { "nvidia-h100-sxm5", 1 }, { NULL } };
  static const Part a100[] = { { "nvidia-a100-sxm4-80gb", 1 }, { NULL } };
  g_autoptr(RigBuild) on_h100 = make_build (h100, "llama-3.1-8b", "BF16", 8192);
  g_autoptr(RigBuild) on_a100 = make_build (a100, "llama-3.1-8b", "BF16", 8192);
  const RigModel *m;
  RigReport report;
  RigWorkloadResult r, s;
  double budget = 80 * RIG_GIB * RIG_VLLM_CUDA_TOTAL_SHARE * 0.9;
  double sampler, peak;

  workload_of (on_h100)->runtime = RIG_RUNTIME_VLLM;
  workload_of (on_a100)->runtime = RIG_RUNTIME_VLLM;
  plan (on_h100, &report, &r);
  m = workload_of (on_h100)->model;
  sampler = (double) RIG_VLLM_MAX_SEQS_LARGE * m->vocab * RIG_VLLM_SAMPLER_BYTES_PER_LOGIT;
  peak = (double) r.memory.terms[RIG_MEMORY_PREFILL_ACTIVATIONS];
  /* For an 8B model with a 128K vocabulary the sampler's logits outgrow the MLP's intermediates. */
  g_assert_cmpfloat_with_epsilon (peak, sampler, 1);
  g_assert_cmpfloat_with_epsilon ((double) r.memory.terms[RIG_MEMORY_KV_CACHE],
                                  budget - r.memory.terms[RIG_MEMORY_WEIGHTS] - peak -
                                  RIG_VLLM_NON_TORCH_BYTES, 4);
  g_assert_cmpint (r.fit, ==, RIG_FIT_GPU);
  rig_report_clear (&report);

  plan (on_a100, &report, &s);
  g_assert_cmpfloat_with_epsilon ((double) s.memory.terms[RIG_MEMORY_PREFILL_ACTIVATIONS],
                                  (double) RIG_VLLM_MAX_SEQS * m->vocab * RIG_VLLM_SAMPLER_BYTES_PER_LOGIT,
                                  1);
  g_assert_cmpfloat (s.kv_pool_tokens, >, r.kv_pool_tokens);
  rig_report_clear (&report);
}

/* vLLM: the KV pool in tokens and sequences, and the max_model_len or utilisation that fits. */
static void
test_vllm_pool (void)
{
  static const Part parts[] = { { "nvidia-rtx-3090", 2 }, { NULL } };
  g_autoptr(RigBuild) build = make_build (parts, "llama-3.1-70b", "AWQ-4bit", 32768);
  RigWorkload *w = workload_of (build);
  RigReport report;
  RigWorkloadResult r;
  const RigSuggestion *util;
  double len_value, util_value = 0;
  double per_token = rig_memory_kv_bytes (w, 1);

  plan (build, &report, &r);
  g_assert_cmpint (r.runtime, ==, RIG_RUNTIME_VLLM);
  g_assert_cmpint (r.fit, ==, RIG_FIT_NONE);
  g_assert_cmpfloat (r.kv_pool_tokens, >, 0);
  g_assert_cmpfloat (r.kv_pool_tokens, <, 32768);
  /* The pool is what 90 % of the cards leave, in tokens of the model's KV cache. */
  g_assert_cmpfloat (fabs (r.kv_pool_tokens * per_token - (double) r.memory.kv_cache_bytes), <,
                     16 * per_token * 2);
  g_assert_cmpfloat_with_epsilon (gib (r.used_bytes[0]), vllm_used_gib (24, 0.9), 1e-6);
  g_assert_nonnull (strstr (r.reason, "max_model_len"));
  len_value = suggested (&r, RIG_SUGGEST_MAX_MODEL_LEN);
  g_assert_cmpfloat (len_value, ==, r.kv_pool_tokens);
  g_assert_cmpuint (each_fix_fits (build, &r), ==, r.n_suggestions);
  util = find_suggestion (&r, RIG_SUGGEST_GPU_MEMORY_UTILIZATION);
  if (util != NULL)
    util_value = util->value;
  rig_report_clear (&report);

  /* Both suggestions hold. */
  w->max_model_len = (guint) len_value;
  plan (build, &report, &r);
  g_assert_cmpint (r.fit, ==, RIG_FIT_GPU);
  g_assert_cmpfloat_with_epsilon (r.concurrent_sequences, r.kv_pool_tokens / len_value, 1e-9);
  g_assert_cmpfloat (r.concurrent_sequences, >=, 1);
  rig_report_clear (&report);
  if (util_value > 0)
    {
      w->max_model_len = 0;
      w->gpu_memory_utilization = util_value;
      plan (build, &report, &r);
      g_assert_cmpint (r.fit, ==, RIG_FIT_GPU);
      rig_report_clear (&report);
      w->gpu_memory_utilization = util_value - 0.01;
      plan (build, &report, &r);
      g_assert_cmpint (r.fit, ==, RIG_FIT_NONE);
      rig_report_clear (&report);
    }

  /* A shorter context runs several sequences at once. */
  w->gpu_memory_utilization = 0.9;
  w->context = 4096;
  plan (build, &report, &r);
  g_assert_cmpint (r.fit, ==, RIG_FIT_GPU);
  g_assert_cmpfloat (r.concurrent_sequences, >=, 1);
  g_assert_cmpuint (r.n_suggestions, ==, 0);
  rig_report_clear (&report);
}

/* A Mac's GPU wires only part of unified memory by default; sysctl iogpu.wired_limit_mb raises it. */
static void
test_wired_limit (void)
{
  static const Part parts[] = { { "apple-mac-studio-m3-ultra-80c-512gb", 1 }, { NULL } };
  g_autoptr(RigBuild) build = make_build (parts, "deepseek-r1", "Q4_K_M", 131072);
  RigReport report;
  RigWorkloadResult r;
  double wired_mib;

  plan (build, &report, &r);
  g_assert_cmpint (r.fit, ==, RIG_FIT_NONE);
  wired_mib = suggested (&r, RIG_SUGGEST_WIRED_LIMIT_MB);
  g_assert_cmpuint (each_fix_fits (build, &r), ==, r.n_suggestions - 1);
  g_assert_cmpfloat (wired_mib * RIG_MIB, >=, (double) r.used_bytes[0]);
  g_assert_cmpfloat (wired_mib * RIG_MIB, <=, 508.0 * RIG_GIB);
  g_assert_cmpfloat (fmod (wired_mib, 1024), ==, 0);
  rig_report_clear (&report);
}

/* DeepSpeed's optimizer set-up, on one GPU, is a floor under a short sequence's training peak:
 * the weights' 2 bytes and RIG_DEEPSPEED_SETUP_BYTES_PER_TRAINABLE for each parameter; a long
 * sequence's activations rise above it, and sharded over several GPUs it is not charged. */
static void
test_deepspeed_setup (void)
{
  static const Part one[] = { { "nvidia-rtx-3090", 1 }, { NULL } };
  static const Part eight[] = { { "nvidia-rtx-3090", 8 }, { NULL } };
  g_autoptr(RigBuild) single = make_build (one, "qwen1.5-0.5b", "BF16", 1);
  g_autoptr(RigBuild) sharded = make_build (eight, "qwen1.5-0.5b", "BF16", 1);
  RigWorkload *w = workload_of (single);
  RigReport report;
  RigWorkloadResult r;
  double params = w->model->params_b * 1e9, setup = params * (2 + RIG_DEEPSPEED_SETUP_BYTES_PER_TRAINABLE);
  double allocated;

  w->mode = RIG_MODE_FULL_FINETUNE;
  w->runtime = RIG_RUNTIME_TRANSFORMERS;
  w->sharding = RIG_SHARDING_ZERO3;
  plan (single, &report, &r);
  allocated = (double) r.memory.total_bytes - r.memory.terms[RIG_MEMORY_RUNTIME_CONTEXT] -
              r.memory.terms[RIG_MEMORY_ALLOCATOR_RESERVE];
  g_assert_cmpfloat (fabs (allocated - setup), <, 64);
  rig_report_clear (&report);

  w->context = 4096;
  plan (single, &report, &r);
  allocated = (double) r.memory.total_bytes - r.memory.terms[RIG_MEMORY_RUNTIME_CONTEXT] -
              r.memory.terms[RIG_MEMORY_ALLOCATOR_RESERVE];
  g_assert_cmpfloat (allocated, >, setup + 1e9);
  g_assert_cmpfloat ((double) r.memory.terms[RIG_MEMORY_OPTIMIZER_TEMPORARIES], ==,
                     (double) r.memory.terms[RIG_MEMORY_MASTER_WEIGHTS]);
  rig_report_clear (&report);

  w = workload_of (sharded);
  w->mode = RIG_MODE_FULL_FINETUNE;
  w->runtime = RIG_RUNTIME_TRANSFORMERS;
  w->sharding = RIG_SHARDING_ZERO3;
  plan (sharded, &report, &r);
  g_assert_cmpfloat ((double) r.memory.terms[RIG_MEMORY_OPTIMIZER_TEMPORARIES], ==,
                     (double) r.memory.terms[RIG_MEMORY_MASTER_WEIGHTS]);
  rig_report_clear (&report);
}

/* A full fine-tune under the transformers Trainer, with gradient checkpointing. */
static void
trainer_full_finetune (RigWorkload *w)
{
  w->mode = RIG_MODE_FULL_FINETUNE;
  w->runtime = RIG_RUNTIME_TRANSFORMERS;
  w->gradient_checkpointing = TRUE;
}

/* ZeRO-Offload: the optimizer's fp32 state and step go to system memory, the plan says so when
 * that is what makes a full fine-tune fit, and without the memory to take them it does not. */
static void
test_optimizer_offload (void)
{
  static const Part host[] = {
    { "nvidia-rtx-4090", 1 }, { "amd-ryzen-9-7950x", 1 },
    { "corsair-vengeance-ddr5-6000-cl30-2x48gb", 2 }, { NULL }
  };
  static const Part small_host[] = {
    { "nvidia-rtx-4090", 1 }, { "amd-ryzen-9-7950x", 1 },
    { "corsair-vengeance-ddr5-6000-cl30-2x32gb", 1 }, { NULL }
  };
  g_autoptr(RigBuild) build = make_build (host, "llama-3.2-3b", "BF16", 2048);
  g_autoptr(RigBuild) small = make_build (small_host, "llama-3.2-3b", "BF16", 2048);
  RigWorkload *w = workload_of (build);
  RigReport report;
  RigWorkloadResult r;
  double params = w->model->params_b * 1e9;
  gboolean suggested = FALSE;

  trainer_full_finetune (w);
  plan (build, &report, &r);
  g_assert_cmpint (r.fit, ==, RIG_FIT_NONE);
  for (guint i = 0; i < r.n_suggestions; i++)
    if (r.suggestions[i].setting == RIG_SUGGEST_OPTIMIZER_OFFLOAD)
      {
        g_assert_true (rig_suggestion_apply (&r.suggestions[i], w));
        suggested = TRUE;
      }
  g_assert_true (suggested);
  g_assert_true (w->optimizer_offload);
  rig_report_clear (&report);

  plan (build, &report, &r);
  g_assert_cmpint (r.fit, ==, RIG_FIT_GPU);
  g_assert_cmpuint (r.memory.terms[RIG_MEMORY_MASTER_WEIGHTS], ==, 0);
  g_assert_cmpuint (r.memory.terms[RIG_MEMORY_OPTIMIZER_STATE], ==, 0);
  /* Master weights, moments, the step's temporaries and the fp32 gradient partition. */
  g_assert_cmpfloat (fabs ((double) r.used_bytes[1] - params * (4 + 8 + 4 + 4)), <, 64);
  /* The 16-bit weights stay whole on the GPU, with a staging buffer and the gradient bucket. */
  g_assert_cmpfloat ((double) r.memory.terms[RIG_MEMORY_GRADIENTS], <, params * 2);
  g_assert_cmpfloat ((double) r.memory.terms[RIG_MEMORY_WEIGHTS], ==, params * 2);
  rig_report_clear (&report);

  /* The CPU's step, over the host's memory and the card's link, slows each step: on a model that
   * fits either way, offloading costs exactly that. */
  {
    g_autoptr(RigBuild) both = make_build (host, "qwen1.5-0.5b", "BF16", 2048);
    RigWorkload *b = workload_of (both);
    RigWorkloadResult on, off;
    double p, step, link;

    trainer_full_finetune (b);
    b->sharding = RIG_SHARDING_ZERO2;
    plan (both, &report, &on);
    rig_report_clear (&report);
    b->optimizer_offload = TRUE;
    plan (both, &report, &off);
    p = b->model->params_b * 1e9;
    g_assert_cmpfloat (off.cpu_optimizer_params, ==, p);
    step = p * RIG_CPU_ADAM_BYTES_PER_PARAM / (RIG_DECODE_EFF_CPU * report.devices.host.bandwidth_gbps * 1e9);
    link = p * RIG_OFFLOAD_LINK_BYTES_PER_PARAM / (RIG_PCIE_STREAM_EFF * report.devices.gpus[0].link_gbps * 1e9);
    g_assert_cmpfloat_with_epsilon (2048 / off.train_tokens_per_s, 2048 / on.train_tokens_per_s + step + link, 1e-9);
    g_assert_cmpint (on.train_bound, ==, RIG_SPEED_BOUND_COMPUTE);
    /* Half a billion parameters' step takes the 7950X's memory longer than the 4090's work. */
    g_assert_cmpfloat (step, >, 2048 / on.train_tokens_per_s);
    g_assert_cmpint (off.train_bound, ==, RIG_SPEED_BOUND_CPU);
    {
      g_autofree char *text = rig_speed_describe (b, &off);

      g_assert_nonnull (strstr (text, "bound by the CPU's optimizer step"));
    }
    rig_report_clear (&report);
  }

  /* Without a GPU the whole run is the CPU's: bound by it, not by an offloaded step. */
  {
    static const Part cpu_only[] = {
      { "amd-ryzen-9-7950x", 1 }, { "corsair-vengeance-ddr5-6000-cl30-2x48gb", 1 }, { NULL }
    };
    g_autoptr(RigBuild) alone = make_build (cpu_only, "qwen1.5-0.5b", "BF16", 2048);
    RigWorkload *a = workload_of (alone);
    RigWorkloadResult cpu;
    g_autofree char *text = NULL;

    trainer_full_finetune (a);
    plan (alone, &report, &cpu);
    g_assert_cmpint (cpu.fit, ==, RIG_FIT_CPU);
    g_assert_cmpfloat (cpu.cpu_optimizer_params, ==, 0);
    g_assert_cmpint (cpu.train_bound, ==, RIG_SPEED_BOUND_CPU);
    text = rig_speed_describe (a, &cpu);
    g_assert_nonnull (strstr (text, "bound by the CPU and system memory"));
    g_assert_null (strstr (text, "optimizer"));
    rig_report_clear (&report);
  }

  /* LoRA's adapters are what the CPU steps: the frozen output head keeps no gradient to stage or
   * check on the GPU. */
  {
    g_autoptr(RigBuild) lora = make_build (host, "llama-3.2-3b", "BF16", 2048);
    RigWorkload *l = workload_of (lora);
    RigWorkloadResult on, off;

    l->mode = RIG_MODE_LORA;
    l->runtime = RIG_RUNTIME_TRANSFORMERS;
    l->gradient_checkpointing = TRUE;
    l->sharding = RIG_SHARDING_ZERO2;
    plan (lora, &report, &on);
    rig_report_clear (&report);
    l->optimizer_offload = TRUE;
    plan (lora, &report, &off);
    rig_report_clear (&report);
    g_assert_cmpfloat (off.cpu_optimizer_params, >, 0);
    g_assert_cmpuint (off.memory.total_bytes, <, on.memory.total_bytes);
  }

  /* 64 GB cannot take 3.2 billion parameters' 20 bytes. */
  w = workload_of (small);
  trainer_full_finetune (w);
  plan (small, &report, &r);
  for (guint i = 0; i < r.n_suggestions; i++)
    g_assert_cmpint (r.suggestions[i].setting, !=, RIG_SUGGEST_OPTIMIZER_OFFLOAD);
  rig_report_clear (&report);
  w->optimizer_offload = TRUE;
  plan (small, &report, &r);
  g_assert_cmpint (r.fit, ==, RIG_FIT_NONE);
  g_assert_nonnull (strstr (r.reason, "system memory"));
  rig_report_clear (&report);

  /* A build without memory kits says so, not that 0.0 GiB is free. */
  {
    static const Part bare_host[] = { { "nvidia-rtx-4090", 1 }, { "amd-ryzen-9-7950x", 1 }, { NULL } };
    g_autoptr(RigBuild) bare = make_build (bare_host, "llama-3.2-3b", "BF16", 2048);

    w = workload_of (bare);
    trainer_full_finetune (w);
    w->optimizer_offload = TRUE;
    plan (bare, &report, &r);
    g_assert_cmpint (r.fit, ==, RIG_FIT_NONE);
    g_assert_nonnull (strstr (r.reason, "the build has none"));
    g_assert_null (strstr (r.reason, "0.0 GiB"));
    rig_report_clear (&report);
  }
}

/* PyTorch training books what a real run holds besides the model state. */
static void
test_training_terms (void)
{
  static const Part one[] = { { "nvidia-rtx-4090", 1 }, { NULL } };
  static const Part two[] = { { "nvidia-rtx-4090", 2 }, { NULL } };
  g_autoptr(RigBuild) lora = make_build (one, "llama-3.1-8b", "BF16", 2048);
  g_autoptr(RigBuild) full = make_build (two, "llama-3.2-1b", "BF16", 2048);
  RigWorkload *w = workload_of (lora);
  RigReport report;
  RigWorkloadResult r, chunked;
  double sharding;
  double logits = 2048.0 * 128256 * 4;

  w->mode = RIG_MODE_LORA;
  w->gradient_checkpointing = TRUE;
  plan (lora, &report, &r);
  /* fp32 logits of the sequence, their shifted copy and the log-softmax the loss keeps. */
  g_assert_cmpfloat ((double) r.memory.terms[RIG_MEMORY_LOGITS], ==, 3 * logits);
  g_assert_cmpuint (r.memory.terms[RIG_MEMORY_ADAPTERS], >, 0);
  g_assert_cmpuint (r.memory.terms[RIG_MEMORY_OPTIMIZER_TEMPORARIES], ==,
                    r.memory.terms[RIG_MEMORY_MASTER_WEIGHTS]);
  g_assert_cmpuint (r.memory.terms[RIG_MEMORY_RUNTIME_CONTEXT], >, 0);
  g_assert_cmpuint (r.memory.terms[RIG_MEMORY_ALLOCATOR_RESERVE], >, 0);
  g_assert_cmpuint (r.memory.terms[RIG_MEMORY_DEQUANT_BUFFER], ==, 0);
  g_assert_cmpuint (r.memory.total_bytes, ==, terms_sum (&r));
  rig_report_clear (&report);
  w->chunked_loss = TRUE;
  plan (lora, &report, &chunked);
  g_assert_cmpuint (chunked.memory.terms[RIG_MEMORY_LOGITS], <, r.memory.terms[RIG_MEMORY_LOGITS] / 2);
  rig_report_clear (&report);

  /* Without checkpointing 8B LoRA at 2048 tokens does not fit a 24 GB card; with it, it does. */
  w->gradient_checkpointing = FALSE;
  plan (lora, &report, &r);
  g_assert_cmpint (r.fit, ==, RIG_FIT_NONE);
  g_assert_nonnull (find_suggestion (&r, RIG_SUGGEST_GRADIENT_CHECKPOINTING));
  g_assert_cmpuint (each_fix_fits (lora, &r), ==, r.n_suggestions);
  rig_report_clear (&report);

  /* QLoRA unpacks NF4 weights for each matmul; peft keeps the embedding and output layer in
   * fp32, torchtune in bf16. */
  w->gradient_checkpointing = TRUE;
  w->mode = RIG_MODE_QLORA;
  plan (lora, &report, &r);
  g_assert_cmpuint (r.memory.terms[RIG_MEMORY_DEQUANT_BUFFER], >, 0);
  rig_report_clear (&report);
  w->runtime = RIG_RUNTIME_TORCHTUNE;
  plan (lora, &report, &chunked);
  g_assert_cmpint (chunked.runtime, ==, RIG_RUNTIME_TORCHTUNE);
  /* 2 x 128256 x 4096 parameters at 2 bytes less each. */
  g_assert_cmpfloat ((double) (r.memory.terms[RIG_MEMORY_WEIGHTS] - chunked.memory.terms[RIG_MEMORY_WEIGHTS]),
                     ==, 2.0 * 128256 * 4096 * 2);
  rig_report_clear (&report);
  {
    /* torchtune quantizes only the layers it adapts: with adapters on q and v, the key
     * projection and the attention's output stay bf16 beside the MLP, which stays bf16 with
     * adapters on the attention alone. 32 layers of 4096 x 1024 and 4096 x 4096, NF4 at 4.127
     * bits a weight. */
    RigWorkloadResult qv, attention;

    w->lora_targets = RIG_LORA_TARGETS_ATTENTION;
    plan (lora, &report, &attention);
    rig_report_clear (&report);
    w->lora_targets = RIG_LORA_TARGETS_QV;
    plan (lora, &report, &qv);
    rig_report_clear (&report);
    g_assert_cmpuint (attention.memory.terms[RIG_MEMORY_WEIGHTS], >, chunked.memory.terms[RIG_MEMORY_WEIGHTS]);
    g_assert_cmpfloat_with_epsilon ((double) qv.memory.terms[RIG_MEMORY_WEIGHTS] -
                                    (double) attention.memory.terms[RIG_MEMORY_WEIGHTS],
                                    32.0 * (4096 * 1024 + 4096 * 4096) * (16 - 4.127) / 8, 2.0);
    w->lora_targets = RIG_LORA_TARGETS_ALL_LINEAR;
  }
  w->runtime = RIG_RUNTIME_DEFAULT;

  /* torchtune trains in pure bf16: no fp32 master copy, AdamW's moments in bf16. */
  workload_of (full)->mode = RIG_MODE_FULL_FINETUNE;
  workload_of (full)->runtime = RIG_RUNTIME_TORCHTUNE;
  plan (full, &report, &r);
  g_assert_cmpuint (r.memory.terms[RIG_MEMORY_MASTER_WEIGHTS], ==, 0);
  g_assert_cmpfloat ((double) r.memory.terms[RIG_MEMORY_OPTIMIZER_STATE] / r.memory.terms[RIG_MEMORY_GRADIENTS],
                     ==, 2.0);
  rig_report_clear (&report);
  workload_of (full)->runtime = RIG_RUNTIME_DEFAULT;

  /* Full fine-tuning of 1B on two 24 GB cards: each holding a full copy does not fit, ZeRO does. */
  workload_of (full)->mode = RIG_MODE_FULL_FINETUNE;
  workload_of (full)->gradient_checkpointing = TRUE;
  workload_of (full)->sharding = RIG_SHARDING_NONE;
  plan (full, &report, &r);
  g_assert_cmpint (r.fit, ==, RIG_FIT_NONE);
  sharding = suggested (&r, RIG_SUGGEST_SHARDING);
  rig_report_clear (&report);
  workload_of (full)->sharding = (RigSharding) sharding;
  plan (full, &report, &r);
  g_assert_cmpint (r.fit, ==, RIG_FIT_GPU);
  rig_report_clear (&report);

  {
    /* DeepSpeed ZeRO-3 keeps up to 1e9 gathered parameters live; with the model loaded before
     * zero.Init every layer's 16-bit weights also stay on each GPU until the backward pass,
     * beside DeepSpeed's own (Llama 3.2 1B ties its output head to the embedding, so all of
     * them). Under checkpointing only the head's, 128256 x 2048. */
    const RigModel *m;
    RigWorkloadResult init;
    double frozen, live;

    workload_of (full)->sharding = RIG_SHARDING_ZERO3;
    workload_of (full)->gradient_checkpointing = FALSE;
    plan (full, &report, &init);
    rig_report_clear (&report);
    m = workload_of (full)->model;
    frozen = m->params_b * 1e9 * 2;
    live = MIN (1e9 * 2, frozen);
    g_assert_cmpfloat_with_epsilon ((double) init.memory.terms[RIG_MEMORY_WEIGHTS], 2 * (frozen / 2 + live), 4.0);
    workload_of (full)->zero_init = FALSE;
    plan (full, &report, &r);
    rig_report_clear (&report);
    g_assert_cmpfloat_with_epsilon ((double) r.memory.terms[RIG_MEMORY_WEIGHTS] -
                                    (double) init.memory.terms[RIG_MEMORY_WEIGHTS],
                                    2 * frozen, 4.0);
    g_assert_cmpuint (r.memory.terms[RIG_MEMORY_GRADIENTS], ==, init.memory.terms[RIG_MEMORY_GRADIENTS]);
    /* Gathered and released layer by layer, they leave the caching allocator their share of
     * fragmentation too. */
    g_assert_cmpfloat ((double) init.memory.terms[RIG_MEMORY_ALLOCATOR_RESERVE], >, 2 * 2048.0 * 128256 * 4);
    g_assert_cmpfloat_with_epsilon ((double) r.memory.terms[RIG_MEMORY_ALLOCATOR_RESERVE] -
                                    (double) init.memory.terms[RIG_MEMORY_ALLOCATOR_RESERVE],
                                    RIG_TORCH_RESERVE_FRACTION * 2 * frozen, 4.0);
    /* 1B's weights, 2.5 GB more on each card, decide the fit on 24 GB cards: 22.3 GiB inside
     * zero.Init, 24.9 outside; the plan says to load it inside. */
    g_assert_cmpint (init.fit, ==, RIG_FIT_GPU);
    g_assert_cmpint (r.fit, ==, RIG_FIT_NONE);
    g_assert_nonnull (find_suggestion (&r, RIG_SUGGEST_ZERO_INIT));
    workload_of (full)->gradient_checkpointing = TRUE;
    plan (full, &report, &r);
    rig_report_clear (&report);
    g_assert_cmpfloat_with_epsilon ((double) r.memory.terms[RIG_MEMORY_WEIGHTS],
                                    2 * (frozen / 2 + live + 128256.0 * 2048 * 2), 4.0);

    /* PyTorch's FSDP shards the same way without DeepSpeed's reduce bucket (5e8 gradients) and
     * live parameters: a layer gathered and the next one prefetched. */
    {
      RigWorkloadResult fsdp;

      workload_of (full)->sharding = RIG_SHARDING_FSDP;
      plan (full, &report, &fsdp);
      rig_report_clear (&report);
      g_assert_cmpfloat_with_epsilon ((double) r.memory.terms[RIG_MEMORY_WEIGHTS] -
                                      (double) fsdp.memory.terms[RIG_MEMORY_WEIGHTS],
                                      2 * (live + 128256.0 * 2048 * 2 - 2 * frozen / m->layers), 4.0);
      g_assert_cmpfloat_with_epsilon ((double) r.memory.terms[RIG_MEMORY_GRADIENTS] -
                                      (double) fsdp.memory.terms[RIG_MEMORY_GRADIENTS],
                                      2 * 5e8 * 2, 4.0);
      g_assert_nonnull (strstr (fsdp.reason, "FSDP"));
      workload_of (full)->sharding = RIG_SHARDING_ZERO3;
    }
    workload_of (full)->zero_init = TRUE;
  }
  {
    /* torchtune's full fine-tune of 8B on four 40 GB cards: a full copy on each does not fit;
     * FSDP, the sharding torchtune has, does, and is what the plan suggests. */
    static const Part four[] = { { "nvidia-a100-pcie-40gb", 4 }, { NULL } };
    g_autoptr(RigBuild) tune = make_build (four, "llama-3-8b", "BF16", 1024);

    workload_of (tune)->mode = RIG_MODE_FULL_FINETUNE;
    workload_of (tune)->runtime = RIG_RUNTIME_TORCHTUNE;
    workload_of (tune)->gradient_checkpointing = TRUE;
    workload_of (tune)->sharding = RIG_SHARDING_NONE;
    plan (tune, &report, &r);
    g_assert_cmpint (r.fit, ==, RIG_FIT_NONE);
    g_assert_cmpfloat (suggested (&r, RIG_SUGGEST_SHARDING), ==, RIG_SHARDING_FSDP);
    g_assert_cmpuint (each_fix_fits (tune, &r), ==, r.n_suggestions);
    rig_report_clear (&report);
  }
  {
    /* 8B on eight 40 GB cards at 1024 tokens: 13.9 GiB of gathered weights too many. */
    static const Part eight[] = { { "nvidia-a100-pcie-40gb", 8 }, { NULL } };
    g_autoptr(RigBuild) zero = make_build (eight, "llama-3-8b", "BF16", 1024);

    workload_of (zero)->mode = RIG_MODE_FULL_FINETUNE;
    workload_of (zero)->sharding = RIG_SHARDING_ZERO3;
    workload_of (zero)->zero_init = FALSE;
    plan (zero, &report, &r);
    g_assert_cmpint (r.fit, ==, RIG_FIT_NONE);
    g_assert_nonnull (find_suggestion (&r, RIG_SUGGEST_ZERO_INIT));
    g_assert_cmpuint (each_fix_fits (zero, &r), ==, r.n_suggestions);
    rig_report_clear (&report);
  }
}

/* transformers inference: the whole prompt's intermediates, the CUDA context and the allocator's
 * reserve are part of the total. */
static void
test_transformers_inference (void)
{
  static const Part parts[] = { { "nvidia-a100-sxm4-80gb", 1 }, { NULL } };
  g_autoptr(RigBuild) build = make_build (parts, "llama-3.1-8b", "BF16", 32768);
  RigReport report;
  RigWorkloadResult r, eager;

  workload_of (build)->runtime = RIG_RUNTIME_TRANSFORMERS;
  plan (build, &report, &r);
  g_assert_cmpint (r.fit, ==, RIG_FIT_GPU);
  /* 32768 tokens x (3 x 14336 + 4 x 4096) x 2 bytes. */
  g_assert_cmpfloat ((double) r.memory.terms[RIG_MEMORY_PREFILL_ACTIVATIONS], ==,
                     32768.0 * (3 * 14336 + 4 * 4096) * 2);
  g_assert_cmpuint (r.memory.terms[RIG_MEMORY_RUNTIME_CONTEXT], ==, RIG_CUDA_CONTEXT_BYTES);
  g_assert_cmpuint (r.memory.terms[RIG_MEMORY_ALLOCATOR_RESERVE], >, 0);
  g_assert_cmpuint (r.memory.terms[RIG_MEMORY_COMPUTE_BUFFER], ==, 0);
  rig_report_clear (&report);
  /* Eager attention materialises the scores. */
  workload_of (build)->flash_attention = FALSE;
  plan (build, &report, &eager);
  g_assert_cmpuint (eager.memory.terms[RIG_MEMORY_PREFILL_ACTIVATIONS], >,
                    10 * r.memory.terms[RIG_MEMORY_PREFILL_ACTIVATIONS]);
  rig_report_clear (&report);
}

/* LitGPT's bitsandbytes plugin quantizes the output head too, and builds each layer on the GPU in
 * 16-bit before quantizing a half copy of it: at the output head two 16-bit copies are alive.
 * Older bitsandbytes kept each 4-bit layer's input, which LitGPT's loop held into the next step. */
static void
test_litgpt_bnb (void)
{
  static const Part parts[] = { { "nvidia-a100-pcie-40gb", 1 }, { NULL } };
  g_autoptr(RigBuild) build = make_build (parts, "llama-2-7b", "NF4", 64);
  RigReport report;
  RigWorkloadResult hf, lit, qlora, legacy, first, torchtune, hf_qlora, hf_2024, torchtune_2024;
  RigWorkload *w = workload_of (build);

  w->runtime = RIG_RUNTIME_TRANSFORMERS;
  plan (build, &report, &hf);
  rig_report_clear (&report);
  w->runtime = RIG_RUNTIME_LITGPT;
  plan (build, &report, &lit);
  rig_report_clear (&report);
  g_assert_cmpint (lit.runtime, ==, RIG_RUNTIME_LITGPT);
  /* Llama 2 7B's head: 32000 x 4096 weights at 4.5 bits instead of 16. */
  g_assert_cmpfloat_with_epsilon ((double) hf.memory.terms[RIG_MEMORY_WEIGHTS] - lit.memory.terms[RIG_MEMORY_WEIGHTS],
                                  32000.0 * 4096 * (16 - 4.5) / 8, 1);
  g_assert_cmpfloat ((double) lit.memory.terms[RIG_MEMORY_DEQUANT_BUFFER], ==, 2 * 32000.0 * 4096 * 2);
  g_assert_cmpfloat ((double) hf.memory.terms[RIG_MEMORY_DEQUANT_BUFFER], ==, 11008.0 * 4096 * 2);

  /* QLoRA without checkpointing: current bitsandbytes keeps no frozen layer's input, as
   * torchtune's NF4 linear; before 0.43.2 it kept each one (the attention's, the 32 x 128 heads'
   * output, the MLP's and its gated product), and LitGPT's loop held the previous step's as
   * well, unless the longest step came first. */
  w->mode = RIG_MODE_QLORA;
  w->context = 1304;
  w->lora_rank = 8;
  w->lora_targets = RIG_LORA_TARGETS_QV;
  w->gradient_checkpointing = FALSE;
  w->lora_dropout = 0;    /* LitGPT's own default adds its dropout's copies: see test_lora_dropout () */
  plan (build, &report, &qlora);
  rig_report_clear (&report);
  w->bnb_keeps_inputs = TRUE;
  plan (build, &report, &legacy);
  rig_report_clear (&report);
  w->longest_step_first = TRUE;
  plan (build, &report, &first);
  rig_report_clear (&report);
  w->bnb_keeps_inputs = w->longest_step_first = FALSE;
  /* transformers 4.46 to 4.48 kept the 16-bit logits beside the loss's fp32 copies: 2 bytes
   * more a logit, on transformers' whole-sequence loss only. */
  w->runtime = RIG_RUNTIME_TRANSFORMERS;
  plan (build, &report, &hf_qlora);
  rig_report_clear (&report);
  w->loss_keeps_16bit_logits = TRUE;
  plan (build, &report, &hf_2024);
  rig_report_clear (&report);
  g_assert_cmpfloat ((double) hf_2024.memory.terms[RIG_MEMORY_LOGITS] - hf_qlora.memory.terms[RIG_MEMORY_LOGITS], ==,
                     1304.0 * 32000 * 2);
  w->runtime = RIG_RUNTIME_TORCHTUNE;
  plan (build, &report, &torchtune_2024);
  rig_report_clear (&report);
  w->loss_keeps_16bit_logits = FALSE;
  plan (build, &report, &torchtune);
  rig_report_clear (&report);
  g_assert_cmpfloat ((double) torchtune_2024.memory.terms[RIG_MEMORY_LOGITS], ==,
                     (double) torchtune.memory.terms[RIG_MEMORY_LOGITS]);
  g_assert_cmpfloat ((double) qlora.memory.terms[RIG_MEMORY_SAVED_ACTIVATIONS], ==,
                     (double) torchtune.memory.terms[RIG_MEMORY_SAVED_ACTIVATIONS]);
  g_assert_cmpfloat ((double) first.memory.terms[RIG_MEMORY_SAVED_ACTIVATIONS] -
                     qlora.memory.terms[RIG_MEMORY_SAVED_ACTIVATIONS], ==,
                     1304.0 * (2 * 4096 + 32 * 128 + 11008) * 2 * 32);
  g_assert_cmpfloat ((double) legacy.memory.terms[RIG_MEMORY_SAVED_ACTIVATIONS] -
                     qlora.memory.terms[RIG_MEMORY_SAVED_ACTIVATIONS], ==,
                     2 * 1304.0 * (2 * 4096 + 32 * 128 + 11008) * 2 * 32);
  g_assert_cmpfloat ((double) torchtune.memory.terms[RIG_MEMORY_WEIGHTS] - qlora.memory.terms[RIG_MEMORY_WEIGHTS], >, 0);
  /* LitGPT unpacks its quantized output head whole, to half precision and then to bf16. */
  g_assert_cmpfloat ((double) qlora.memory.terms[RIG_MEMORY_DEQUANT_BUFFER], ==, 2 * 32000.0 * 4096 * 2);
  g_assert_cmpfloat ((double) torchtune.memory.terms[RIG_MEMORY_DEQUANT_BUFFER], ==, 2 * 11008.0 * 4096 * 2);
}

/* PyTorch's optimizer step comes after the backward pass has freed the activations and the
 * logits: the smaller of the two sets is never allocated beside the other, though the total (the
 * allocator's reserve) counts both. DeepSpeed keeps its gradient partitions throughout. */
static void
test_training_apart (void)
{
  static const Part two[] = { { "nvidia-h100-sxm5", 2 }, { NULL } };
  g_autoptr(RigBuild) build = make_build (two, "llama-3.2-1b", "BF16", 2048);
  RigWorkload *w = workload_of (build);
  RigReport report;
  RigWorkloadResult fsdp, zero3, hf, tune;
  const guint64 *t;
  double a, c;

  w->mode = RIG_MODE_FULL_FINETUNE;
  w->runtime = RIG_RUNTIME_TRANSFORMERS;
  w->gradient_checkpointing = TRUE;
  w->sharding = RIG_SHARDING_FSDP;
  plan (build, &report, &fsdp);
  rig_report_clear (&report);
  t = fsdp.memory.terms;
  a = (double) t[RIG_MEMORY_SAVED_ACTIVATIONS] + t[RIG_MEMORY_LOGITS] + t[RIG_MEMORY_DEQUANT_BUFFER];
  c = (double) t[RIG_MEMORY_GRADIENTS] + t[RIG_MEMORY_OPTIMIZER_TEMPORARIES];
  g_assert_cmpfloat (a, >, 0);
  g_assert_cmpfloat (c, >, 0);
  g_assert_cmpfloat_with_epsilon ((double) fsdp.memory.apart_bytes, MIN (a, c), 4);
  g_assert_cmpuint (fsdp.memory.total_bytes, ==, terms_sum (&fsdp));

  w->sharding = RIG_SHARDING_ZERO3;
  plan (build, &report, &zero3);
  rig_report_clear (&report);
  g_assert_cmpuint (zero3.memory.apart_bytes, ==, 0);

  /* torchtune keeps Llama 3.2 1B's keys and values copied out from 8 KV heads to the 32 query
   * heads (64 wide), and the heads' output transposed back for the output projection: without
   * checkpointing, in each of 16 layers, for 2048 tokens. */
  w->gradient_checkpointing = FALSE;
  w->sharding = RIG_SHARDING_FSDP;
  plan (build, &report, &hf);
  rig_report_clear (&report);
  w->runtime = RIG_RUNTIME_TORCHTUNE;
  plan (build, &report, &tune);
  rig_report_clear (&report);
  g_assert_cmpfloat ((double) tune.memory.terms[RIG_MEMORY_SAVED_ACTIVATIONS] -
                     hf.memory.terms[RIG_MEMORY_SAVED_ACTIVATIONS], ==,
                     2 * (4.0 * (32 - 8) * 64 + 2.0 * 32 * 64) * 2048 * 16);
  /* torchtune's recipes run AdamW fused, without the foreach path's temporaries. */
  g_assert_cmpuint (hf.memory.terms[RIG_MEMORY_OPTIMIZER_TEMPORARIES], >, 0);
  g_assert_cmpuint (tune.memory.terms[RIG_MEMORY_OPTIMIZER_TEMPORARIES], ==, 0);
}

/* Layers in system memory: llama.cpp copies one layer's weights at a time to the first GPU for a
 * prompt's matmuls, which its compute buffer holds; not below the batch it offloads from. */
static void
test_llamacpp_weight_copy (void)
{
  static const Part parts[] = {
    { "nvidia-rtx-3090", 1 }, { "amd-ryzen-9-7950x", 1 },
    { "corsair-vengeance-ddr5-6000-cl30-2x32gb", 1 }, { NULL }
  };
  g_autoptr(RigBuild) build = make_build (parts, "llama-3-8b", "Q4_0", 8192);
  RigWorkload *w = workload_of (build);
  RigReport report;
  RigWorkloadResult all, half, small;
  double layer;

  w->runtime = RIG_RUNTIME_LLAMA_CPP;
  plan (build, &report, &all);
  rig_report_clear (&report);
  /* Builds before llama.cpp PR #18148 kept the output layer in system memory at -ngl 16. */
  w->gpu_layers = 16;
  w->llamacpp_ngl_layers_first = TRUE;
  plan (build, &report, &half);
  rig_report_clear (&report);
  g_assert_cmpint (half.fit, ==, RIG_FIT_OFFLOAD);
  layer = (double) all.memory.terms[RIG_MEMORY_WEIGHTS] / 32;
  /* One layer's weights, less the embedding's and the head's share of the whole. */
  g_assert_cmpfloat ((double) half.memory.terms[RIG_MEMORY_COMPUTE_BUFFER] -
                     all.memory.terms[RIG_MEMORY_COMPUTE_BUFFER], >, 0.8 * layer);
  g_assert_cmpfloat ((double) half.memory.terms[RIG_MEMORY_COMPUTE_BUFFER] -
                     all.memory.terms[RIG_MEMORY_COMPUTE_BUFFER], <, layer);
  /* With the output layer on the card, its logits (512 x 128256 f32, 250 MiB) come at the
   * graph's end, after the copy is freed: the buffer holds the larger, the logits, as with every
   * layer on the card. */
  w->gpu_layers = 17;
  w->llamacpp_ngl_layers_first = FALSE;
  plan (build, &report, &half);
  rig_report_clear (&report);
  g_assert_cmpint (half.fit, ==, RIG_FIT_OFFLOAD);
  g_assert_cmpuint (half.memory.terms[RIG_MEMORY_COMPUTE_BUFFER], ==,
                    all.memory.terms[RIG_MEMORY_COMPUTE_BUFFER]);
  w->ubatch = 16;
  plan (build, &report, &small);
  rig_report_clear (&report);
  w->gpu_layers = -1;
  plan (build, &report, &all);
  rig_report_clear (&report);
  g_assert_cmpuint (small.memory.terms[RIG_MEMORY_COMPUTE_BUFFER], ==, all.memory.terms[RIG_MEMORY_COMPUTE_BUFFER]);
}

/* Over several GPUs with every layer on them llama.cpp pipelines ubatches and keeps four copies
 * of each split's inputs: three more masks and four hidden states a GPU; not when a layer stays
 * in system memory. */
static void
test_llamacpp_pipeline_copies (void)
{
  static const Part one[] = { { "nvidia-rtx-3090", 1 }, { NULL } };
  static const Part two[] = {
    { "nvidia-rtx-3090", 2 }, { "amd-ryzen-9-7950x", 1 },
    { "corsair-vengeance-ddr5-6000-cl30-2x32gb", 1 }, { NULL }
  };
  g_autoptr(RigBuild) single = make_build (one, "llama-3-8b", "Q4_K_M", 8192);
  g_autoptr(RigBuild) pair = make_build (two, "llama-3-8b", "Q4_K_M", 8192);
  RigWorkload *w = workload_of (pair);
  RigReport report;
  RigWorkloadResult r1, r2, kept;
  double mask = 8192.0 * 512 * 4, hidden = 512.0 * 4096 * 4;

  workload_of (single)->runtime = w->runtime = RIG_RUNTIME_LLAMA_CPP;
  workload_of (single)->flash_attention = w->flash_attention = FALSE;
  plan (single, &report, &r1);
  rig_report_clear (&report);
  plan (pair, &report, &r2);
  rig_report_clear (&report);
  g_assert_cmpint (r2.fit, ==, RIG_FIT_GPU);
  g_assert_cmpfloat_with_epsilon ((double) r2.memory.terms[RIG_MEMORY_COMPUTE_BUFFER] / 2,
                                  (double) r1.memory.terms[RIG_MEMORY_COMPUTE_BUFFER] + 3 * mask + 4 * hidden, 2);
  /* Builds before llama.cpp PR #18148 left the output layer in system memory at -ngl 32: no
   * pipeline. */
  w->gpu_layers = 32;
  w->llamacpp_ngl_layers_first = TRUE;
  plan (pair, &report, &kept);
  rig_report_clear (&report);
  g_assert_cmpfloat_with_epsilon ((double) kept.memory.terms[RIG_MEMORY_COMPUTE_BUFFER] / 2,
                                  (double) r1.memory.terms[RIG_MEMORY_COMPUTE_BUFFER], 2);
}

/* Gemma 2 caps its attention scores, which LitGPT cannot do inside SDPA: every layer keeps the
 * scores, capped, soft-maxed in fp32 and cast back, even where flash attention is asked for. */
static void
test_softcap_attention (void)
{
  static const Part parts[] = { { "nvidia-a10", 1 }, { NULL } };
  g_autoptr(RigBuild) build = make_build (parts, "gemma-2-9b", "BF16", 512);
  RigWorkload *w = workload_of (build);
  RigReport report;
  RigWorkloadResult hf, lit;

  g_assert_true (RIG_IS_KNOWN (w->model->attn_softcap));
  w->mode = RIG_MODE_LORA;
  w->flash_attention = TRUE;
  w->lora_dropout = 0;
  w->runtime = RIG_RUNTIME_TRANSFORMERS;
  plan (build, &report, &hf);
  rig_report_clear (&report);
  w->runtime = RIG_RUNTIME_LITGPT;
  plan (build, &report, &lit);
  rig_report_clear (&report);
  /* 16 heads, 512 x 512 scores, 8 bytes each, in 42 layers; and LitGPT's keys and values copied
   * out from 8 KV heads to the 16 query heads (256 wide), 2 bytes each, for 512 tokens. */
  g_assert_cmpfloat ((double) lit.memory.terms[RIG_MEMORY_SAVED_ACTIVATIONS] -
                     hf.memory.terms[RIG_MEMORY_SAVED_ACTIVATIONS], ==,
                     8.0 * 16 * 512 * 512 * 42 + 2 * 2.0 * (16 - 8) * 256 * 512 * 42);
}

/* Adapter dropout keeps a 16-bit copy of each adapter's input and a byte mask: once for
 * LitGPT's fused query, key and value, once per projection in peft; LitGPT has it on by
 * default, peft and torchtune off. */
static void
test_lora_dropout (void)
{
  static const Part parts[] = { { "nvidia-a100-pcie-40gb", 1 }, { NULL } };
  g_autoptr(RigBuild) build = make_build (parts, "llama-2-7b", "BF16", 1304);
  RigReport report;
  RigWorkloadResult off, lit, peft;
  RigWorkload *w = workload_of (build);
  double tokens_layers = 1304.0 * 32;

  w->mode = RIG_MODE_LORA;
  w->lora_rank = 8;
  w->lora_targets = RIG_LORA_TARGETS_QV;
  w->gradient_checkpointing = FALSE;
  w->runtime = RIG_RUNTIME_LITGPT;
  g_assert_cmpfloat (rig_workload_lora_dropout (w), ==, 0.05);
  plan (build, &report, &lit);
  rig_report_clear (&report);
  w->lora_dropout = 0;
  plan (build, &report, &off);
  rig_report_clear (&report);
  g_assert_cmpfloat ((double) lit.memory.terms[RIG_MEMORY_SAVED_ACTIVATIONS] - off.memory.terms[RIG_MEMORY_SAVED_ACTIVATIONS],
                     ==, tokens_layers * 4096 * 3);

  w->runtime = RIG_RUNTIME_TRANSFORMERS;
  w->lora_dropout = NAN;
  g_assert_cmpfloat (rig_workload_lora_dropout (w), ==, 0);
  w->lora_dropout = 0.1;
  w->lora_targets = RIG_LORA_TARGETS_ALL_LINEAR;
  plan (build, &report, &peft);
  rig_report_clear (&report);
  w->lora_dropout = 0;
  plan (build, &report, &off);
  rig_report_clear (&report);
  /* q, k and v each, the attention output, gate and up each, and the MLP's product. */
  g_assert_cmpfloat ((double) peft.memory.terms[RIG_MEMORY_SAVED_ACTIVATIONS] - off.memory.terms[RIG_MEMORY_SAVED_ACTIVATIONS],
                     ==, tokens_layers * (3 * 4096 + 4096 + 2 * 4096 + 11008) * 3);
}

/* A Tesla P40 runs quantized GGUF on its int8 dot products: its 0.18 TFLOPS of FP16 once held an
 * 8B model at 7.6 tokens/s of decode and 8 of prefill; llama.cpp users measure about 55 and
 * 900 on a 7B (docs/measurements/speed.csv). */
/* One user's decode of Qwen3-8B under vLLM, in tokens/s. */
static double
vllm_decode (const char *gpu,
             const char *quant)
{
  const Part parts[] = { { gpu, 1 }, { NULL } };
  g_autoptr(RigBuild) build = make_build (parts, "qwen3-8b", quant, 4096);
  RigReport report;
  RigWorkloadResult r;

  workload_of (build)->runtime = RIG_RUNTIME_VLLM;
  plan (build, &report, &r);
  rig_report_clear (&report);
  return r.decode_tokens_per_s;
}

/* FP8 weights on FP8 tensor cores (an H100) are read at a 16-bit GEMM's rate, so FP8 halves the
 * decode's weight time; on an A100, FP8 Marlin unpacks them at the weight-only formats' rate. Out
 * of llama.cpp an MXFP4 model keeps its checkpoint's BF16 for everything but the experts. */
static void
test_speed_fp8_and_mxfp4 (void)
{
  static const Part one[] = { { "nvidia-h100-sxm5", 1 }, { NULL } };
  g_autoptr(RigBuild) gguf = make_build (one, "gpt-oss-20b", "MXFP4", 4096);
  g_autoptr(RigBuild) checkpoint = make_build (one, "gpt-oss-20b", "MXFP4", 4096);
  RigReport report;
  RigWorkloadResult r;
  double hopper = vllm_decode ("nvidia-h100-sxm5", "FP8") / vllm_decode ("nvidia-h100-sxm5", "BF16");
  double ampere = vllm_decode ("nvidia-a100-sxm4-80gb", "FP8") / vllm_decode ("nvidia-a100-sxm4-80gb", "BF16");

  g_assert_cmpfloat (hopper, >, 1.1 * ampere);
  g_assert_cmpfloat (hopper, <, 2.0);

  /* The GGUF's 11.27 GiB in llama.cpp, the model card's 12.8 in vLLM. */
  plan (gguf, &report, &r);
  g_assert_cmpint (r.runtime, ==, RIG_RUNTIME_LLAMA_CPP);
  g_assert_cmpfloat (fabs ((double) r.memory.terms[RIG_MEMORY_WEIGHTS] / RIG_GIB - 11.27), <, 0.1);
  rig_report_clear (&report);
  workload_of (checkpoint)->runtime = RIG_RUNTIME_VLLM;
  plan (checkpoint, &report, &r);
  g_assert_cmpint (r.runtime, ==, RIG_RUNTIME_VLLM);
  g_assert_cmpfloat (fabs ((double) r.memory.terms[RIG_MEMORY_WEIGHTS] / RIG_GIB - 12.8), <, 0.1);
  rig_report_clear (&report);
}

/* A CPU's prompt runs on its SIMD units: Zen 5 issues two 512-bit instructions a cycle where Zen 4
 * splits each over its 256-bit pipes, so at the same cores and clock a Ryzen 9 9950X reads a
 * prompt faster than a 7950X (by the factor llama.cpp's kernels were measured to gain) and
 * decodes no faster from the same memory. Q4_0, which llama.cpp repacks for its fastest CPU
 * kernels, reads a prompt faster than Q4_K_M, and Q4_K_M faster than Q6_K. Intel AMX doubles
 * the rate again for the Q4_0 and Q4_1 weights llama.cpp multiplies on its tiles, and only
 * those. */
static void
test_cpu_prefill_simd (void)
{
  static const Part zen4[] = {
    { "amd-ryzen-9-7950x", 1 }, { "corsair-vengeance-ddr5-6000-cl30-2x32gb", 1 }, { NULL }
  };
  static const Part zen5[] = {
    { "amd-ryzen-9-9950x", 1 }, { "corsair-vengeance-ddr5-6000-cl30-2x32gb", 1 }, { NULL }
  };
  static const Part xeon[] = {
    { "intel-xeon-w7-2495x", 1 }, { "kingston-server-premier-ddr5-4800-rdimm-32gb", 4 }, { NULL }
  };
  g_autoptr(RigBuild) four = make_build (zen4, "llama-3.1-8b", "Q4_K_M", 4096);
  g_autoptr(RigBuild) five = make_build (zen5, "llama-3.1-8b", "Q4_K_M", 4096);
  g_autoptr(RigBuild) five_q4_0 = make_build (zen5, "llama-3.1-8b", "Q4_0", 4096);
  g_autoptr(RigBuild) five_q6_k = make_build (zen5, "llama-3.1-8b", "Q6_K", 4096);
  g_autoptr(RigBuild) amx_k = make_build (xeon, "llama-3.1-8b", "Q4_K_M", 4096);
  g_autoptr(RigBuild) amx_q4_0 = make_build (xeon, "llama-3.1-8b", "Q4_0", 4096);
  RigReport report;
  RigWorkloadResult r4, r5, r5_0, r5_6, rk, r0;
  double q4_0_gain;

  plan (four, &report, &r4);
  g_assert_false (report.devices.host.amx);
  rig_report_clear (&report);
  plan (five, &report, &r5);
  rig_report_clear (&report);
  plan (five_q4_0, &report, &r5_0);
  rig_report_clear (&report);
  plan (five_q6_k, &report, &r5_6);
  rig_report_clear (&report);
  g_assert_cmpint (r4.fit, ==, RIG_FIT_CPU);
  g_assert_cmpint (r4.prefill_bound, ==, RIG_SPEED_BOUND_CPU);
  g_assert_cmpfloat_with_epsilon (r5.prefill_tokens_per_s / r4.prefill_tokens_per_s,
                                  2 * RIG_CPU_FLOPS_PER_AVX512_FMA / RIG_CPU_FLOPS_PER_CYCLE, 0.01);
  g_assert_cmpfloat (r5.prefill_tokens_per_s / r4.prefill_tokens_per_s, >, 1.4);
  g_assert_cmpfloat_with_epsilon (r5.decode_tokens_per_s / r4.decode_tokens_per_s, 1.0, 0.01);
  /* Q4_0's repacked kernels: the weights' matrices run 1 / 0.69 as fast as Q4_K_M's, attention
   * over the cache at the same rate, so the whole prompt a little less. */
  q4_0_gain = r5_0.prefill_tokens_per_s / r5.prefill_tokens_per_s;
  g_assert_cmpfloat (q4_0_gain, >, 1.3);
  g_assert_cmpfloat (q4_0_gain, <, 1 / 0.69);
  g_assert_cmpfloat (r5_6.prefill_tokens_per_s, <, 0.75 * r5.prefill_tokens_per_s);
  /* Decode reads bytes, whatever the kernel: Q6_K's larger file decodes slower. */
  g_assert_cmpfloat (r5_6.decode_tokens_per_s, <, r5.decode_tokens_per_s);
  g_assert_cmpfloat (r5_0.decode_tokens_per_s, >, r5.decode_tokens_per_s);

  plan (amx_k, &report, &rk);
  g_assert_true (report.devices.host.amx);
  rig_report_clear (&report);
  plan (amx_q4_0, &report, &r0);
  rig_report_clear (&report);
  g_assert_cmpint (rk.fit, ==, RIG_FIT_CPU);
  /* AMX multiplies the weights' matrices, not attention over the cache: the prompt runs a little
   * less than the factor faster. */
  g_assert_cmpfloat (r0.prefill_tokens_per_s / rk.prefill_tokens_per_s, <,
                     RIG_PREFILL_AMX_FACTOR_LLAMA_CPP * q4_0_gain);
  g_assert_cmpfloat (r0.prefill_tokens_per_s / rk.prefill_tokens_per_s, >,
                     0.9 * RIG_PREFILL_AMX_FACTOR_LLAMA_CPP * q4_0_gain);
}

/* On a CPU the plan says when a quantization's prompt runs at half Q4_0's speed or less
 * (speed.cpu-prompt-quant), with the share; not for Q4_K_M, not where a GPU reads the prompt. */
static void
test_cpu_prompt_quant_finding (void)
{
  static const Part cpu[] = {
    { "amd-ryzen-9-9950x", 1 }, { "corsair-vengeance-ddr5-6000-cl30-2x32gb", 1 }, { NULL }
  };
  static const Part gpu[] = {
    { "nvidia-rtx-4090", 1 }, { "amd-ryzen-9-9950x", 1 },
    { "corsair-vengeance-ddr5-6000-cl30-2x32gb", 1 }, { NULL }
  };
  static const struct { const Part *parts; const char *quant; gboolean said; } cases[] = {
    { cpu, "Q6_K", TRUE }, { cpu, "Q5_K_M", TRUE }, { cpu, "Q4_K_M", FALSE }, { cpu, "Q4_0", FALSE },
    { gpu, "Q6_K", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RigBuild) build = make_build (cases[i].parts, "llama-3.1-8b", cases[i].quant, 4096);
      RigReport report;
      RigWorkloadResult r;

      plan (build, &report, &r);
      g_assert_cmpint (r.fit, ==, cases[i].parts == cpu ? RIG_FIT_CPU : RIG_FIT_GPU);
      g_assert_cmpint (has_finding (&report, "speed.cpu-prompt-quant"), ==, cases[i].said);
      if (cases[i].said)
        for (guint k = 0; k < report.findings->len; k++)
          {
            const RigFinding *f = &g_array_index (report.findings, RigFinding, k);

            if (g_str_equal (f->code, "speed.cpu-prompt-quant"))
              g_assert_nonnull (strstr (f->message,
                                        g_str_equal (cases[i].quant, "Q6_K") ? "48 %" : "49 %"));
          }
      rig_report_clear (&report);
    }
  g_assert_true (isnan (rig_speed_cpu_prompt_factor ("MXFP4")));
  g_assert_true (isnan (rig_speed_cpu_prompt_factor (NULL)));
  g_assert_cmpfloat (rig_speed_cpu_prompt_factor ("Q4_0"), ==, 1.0);
}

/* On a hybrid processor llama.cpp computes on the performance cores alone: an i9-14900K's
 * prompt runs on its 8 performance cores, a third of its 24; without the count, on all. */
static void
test_cpu_performance_cores (void)
{
  static const Part parts[] = {
    { "intel-core-i9-14900k", 1 }, { "corsair-vengeance-ddr5-6000-cl30-2x32gb", 1 }, { NULL }
  };
  g_autoptr(RigBuild) build = make_build (parts, "llama-3.1-8b", "Q4_0", 4096);
  RigReport report;
  RigWorkloadResult hybrid, all;

  plan (build, &report, &hybrid);
  g_assert_cmpint (hybrid.fit, ==, RIG_FIT_CPU);
  g_assert_cmpfloat (report.devices.host.tflops, ==, 8 * 6.0 * RIG_CPU_FLOPS_PER_CYCLE / 1000.0);
  rig_report_clear (&report);
  part_to_edit (build, RIG_PART_CPU)->cpu.performance_cores = NAN;
  plan (build, &report, &all);
  g_assert_cmpfloat (report.devices.host.tflops, ==, 24 * 6.0 * RIG_CPU_FLOPS_PER_CYCLE / 1000.0);
  rig_report_clear (&report);
  /* The prompt is bound by the cores; decode by the memory, which the core count does not move. */
  g_assert_cmpfloat_with_epsilon (hybrid.prefill_tokens_per_s / all.prefill_tokens_per_s, 8.0 / 24,
                                  0.02);
  g_assert_cmpfloat_with_epsilon (hybrid.decode_tokens_per_s, all.decode_tokens_per_s,
                                  0.01 * all.decode_tokens_per_s);
}

/* A card that sustains a share of its datasheet's figures (gpu.sustained_compute_share: the
 * Radeon PRO W7900 at 0.884 of the RX 7900 XTX's prompt rate, at the same listed TFLOPS) runs
 * its compute at that share: the prompt, bound by it, slows by about as much; decode, bound by
 * the memory, does not move. Without the column, the listed figures. */
static void
test_sustained_compute_share (void)
{
  static const Part parts[] = { { "amd-radeon-pro-w7900", 1 }, { NULL } };
  g_autoptr(RigBuild) build = make_build (parts, "llama-3.1-8b", "Q4_K_M", 4096);
  RigReport report;
  RigWorkloadResult held, full;
  RigPart *gpu = part_to_edit (build, RIG_PART_GPU);

  g_assert_cmpfloat (gpu->gpu.sustained_compute_share, ==, 0.884);
  plan (build, &report, &held);
  g_assert_cmpint (held.fit, ==, RIG_FIT_GPU);
  g_assert_cmpfloat_with_epsilon (report.devices.gpus[0].tflops, 0.884 * gpu->gpu.fp16_tflops,
                                  1e-9);
  rig_report_clear (&report);
  part_to_edit (build, RIG_PART_GPU)->gpu.sustained_compute_share = NAN;
  plan (build, &report, &full);
  g_assert_cmpfloat (report.devices.gpus[0].tflops, ==, gpu->gpu.fp16_tflops);
  rig_report_clear (&report);
  g_assert_cmpfloat (held.prefill_tokens_per_s / full.prefill_tokens_per_s, <, 0.93);
  g_assert_cmpfloat (held.prefill_tokens_per_s / full.prefill_tokens_per_s, >, 0.88);
  g_assert_cmpfloat_with_epsilon (held.decode_tokens_per_s, full.decode_tokens_per_s,
                                  0.01 * full.decode_tokens_per_s);
}

/* Plans @model on a Framework Desktop (Ryzen AI Max+ 395) whose chip is named @chip. */
static void
plan_strix_halo (const char        *model,
                 const char        *chip,
                 RigReport         *report,
                 RigWorkloadResult *out)
{
  static const Part parts[] = { { "framework-desktop-ryzen-ai-max-395-128gb", 1 }, { NULL } };
  g_autoptr(RigBuild) build = make_build (parts, model, "Q4_K_M", 4096);
  RigPart *system = part_to_edit (build, RIG_PART_SYSTEM);

  g_free (system->system.chip);
  system->system.chip = g_strdup (chip);
  plan (build, report, out);
}

/* The Ryzen AI Max's GPU is AMD's: 2026 builds prompt it at RIG_PREFILL_EFF_UNIFIED_AMD, not the
 * DGX Spark's RIG_PREFILL_EFF_UNIFIED, and a linear-attention mixture of experts decodes at
 * RIG_LLAMACPP_AMD_HYBRID_MOE_DECODE_SHARE there too; the ROCm finding is the discrete cards'. */
static void
test_strix_halo_amd (void)
{
  RigReport report;
  RigWorkloadResult amd, other, moe_amd, moe_other;

  plan_strix_halo ("llama-3.1-8b", "AMD Ryzen AI Max+ 395", &report, &amd);
  g_assert_true (report.devices.gpus[0].amd);
  rig_report_clear (&report);
  plan_strix_halo ("llama-3.1-8b", "Other chip", &report, &other);
  g_assert_false (report.devices.gpus[0].amd);
  rig_report_clear (&report);
  g_assert_cmpfloat (amd.prefill_tokens_per_s / other.prefill_tokens_per_s, >, 1.2);
  g_assert_cmpfloat (amd.prefill_tokens_per_s / other.prefill_tokens_per_s, <,
                     RIG_PREFILL_EFF_UNIFIED_AMD / RIG_PREFILL_EFF_UNIFIED + 0.01);
  g_assert_cmpfloat_with_epsilon (amd.decode_tokens_per_s, other.decode_tokens_per_s, 1e-9);

  plan_strix_halo ("qwen3.6-35b-a3b", "AMD Ryzen AI Max+ 395", &report, &moe_amd);
  g_assert_false (has_finding (&report, "speed.amd-backend"));
  rig_report_clear (&report);
  plan_strix_halo ("qwen3.6-35b-a3b", "Other chip", &report, &moe_other);
  rig_report_clear (&report);
  g_assert_cmpfloat_with_epsilon (moe_amd.decode_tokens_per_s / moe_other.decode_tokens_per_s,
                                  RIG_LLAMACPP_AMD_HYBRID_MOE_DECODE_SHARE, 0.02);
}

/* Intel's Alchemist cards read their weights at RIG_DECODE_EFF_INTEL_ALCHEMIST of their bandwidth,
 * Battlemage at the AMD-fitted rate: the Arc A770 (560 GB/s) plans Llama-2-7B Q4_0 slower than the
 * Arc B580 (456 GB/s), as measured (50.9 to 56 t/s against 65.65, calibration.csv). Their prompts
 * run at RIG_PREFILL_EFF_INTEL of the XMX rate. */
static void
test_intel_arc (void)
{
  static const Part a770[] = { { "intel-arc-a770-16gb", 1 }, { NULL } };
  static const Part b580[] = { { "intel-arc-b580", 1 }, { NULL } };
  g_autoptr(RigBuild) alchemist = make_build (a770, "llama-2-7b", "Q4_0", 512);
  g_autoptr(RigBuild) battlemage = make_build (b580, "llama-2-7b", "Q4_0", 512);
  RigReport report;
  RigWorkloadResult a, b;

  plan (alchemist, &report, &a);
  g_assert_cmpfloat (report.devices.gpus[0].decode_eff, ==, RIG_DECODE_EFF_INTEL_ALCHEMIST);
  g_assert_cmpfloat (report.devices.gpus[0].bandwidth_gbps, >, 500);
  rig_report_clear (&report);
  plan (battlemage, &report, &b);
  g_assert_cmpfloat (report.devices.gpus[0].decode_eff, ==, 0);
  rig_report_clear (&report);
  g_assert_cmpint (a.fit, ==, RIG_FIT_GPU);
  g_assert_cmpint (b.fit, ==, RIG_FIT_GPU);
  g_assert_cmpfloat (a.decode_tokens_per_s, <, 0.95 * b.decode_tokens_per_s);
  g_assert_cmpfloat (a.decode_tokens_per_s, >, 50);
  /* Prompts at RIG_PREFILL_EFF_INTEL of the B580's XMX rate: about 2400 t/s here (2156 measured),
   * where the AMD cards' share gives about 3100; the A770's XMX rate is not in the catalog. */
  g_assert_cmpfloat (b.prefill_tokens_per_s, >, 1800);
  g_assert_cmpfloat (b.prefill_tokens_per_s, <, 2700);
  g_assert_false (a.prefill_tokens_per_s > 0);
}

/* A GPU power limit slows the cards' compute by rig_power_limit_perf (): two RTX 3090s at 70 %
 * of their power prefill Llama 3.1 70B at about 0.93 of the speed at full power; decode, bound by
 * the memory, does not move. */
static void
test_power_limit_compute (void)
{
  static const Part parts[] = { { "nvidia-rtx-3090", 2 }, { NULL } };
  g_autoptr(RigBuild) build = make_build (parts, "llama-3.1-70b", "Q4_K_M", 8192);
  RigReport report;
  RigWorkloadResult full, limited;
  double perf = rig_power_limit_perf (0.70), tflops;

  plan (build, &report, &full);
  g_assert_cmpint (full.fit, ==, RIG_FIT_GPU);
  tflops = report.devices.gpus[1].tflops;
  rig_report_clear (&report);
  build->settings.gpu_power_limit_pct = 70;
  plan (build, &report, &limited);
  g_assert_cmpfloat_with_epsilon (report.devices.gpus[1].tflops, perf * tflops, 1e-9);
  rig_report_clear (&report);
  g_assert_cmpfloat (perf, <, 0.95);
  g_assert_cmpfloat_with_epsilon (limited.prefill_tokens_per_s / full.prefill_tokens_per_s, perf, 0.02);
  g_assert_cmpfloat_with_epsilon (limited.decode_tokens_per_s, full.decode_tokens_per_s,
                                  0.005 * full.decode_tokens_per_s);
}

/* llama.cpp runs a linear-attention mixture of experts (Qwen3.6-35B-A3B) on an AMD card at
 * RIG_LLAMACPP_AMD_HYBRID_MOE_DECODE_SHARE and _PROMPT_SHARE of the rates it plans elsewhere,
 * and the plan says that ROCm decodes it slower than Vulkan; the same card under another
 * vendor's name plans at the full rates and says nothing. */
static void
test_amd_hybrid_moe (void)
{
  static const Part parts[] = { { "amd-radeon-pro-w7900", 1 }, { NULL } };
  g_autoptr(RigBuild) build = make_build (parts, "qwen3.6-35b-a3b", "Q4_K_M", 8192);
  RigReport report;
  RigWorkloadResult amd, other;
  RigPart *gpu;

  plan (build, &report, &amd);
  g_assert_cmpint (amd.fit, ==, RIG_FIT_GPU);
  g_assert_true (report.devices.gpus[0].amd);
  g_assert_true (has_finding (&report, "speed.amd-backend"));
  rig_report_clear (&report);
  gpu = part_to_edit (build, RIG_PART_GPU);
  g_free (gpu->vendor);
  gpu->vendor = g_strdup ("Other");
  plan (build, &report, &other);
  g_assert_false (report.devices.gpus[0].amd);
  g_assert_false (has_finding (&report, "speed.amd-backend"));
  rig_report_clear (&report);
  g_assert_cmpfloat_with_epsilon (amd.decode_tokens_per_s / other.decode_tokens_per_s,
                                  RIG_LLAMACPP_AMD_HYBRID_MOE_DECODE_SHARE, 0.02);
  g_assert_cmpfloat_with_epsilon (amd.prefill_tokens_per_s / other.prefill_tokens_per_s,
                                  RIG_LLAMACPP_AMD_HYBRID_MOE_PROMPT_SHARE, 0.02);
}

/* vLLM's multi-head latent attention split by tensor spends RIG_VLLM_MLA_LAYER_US more on every
 * layer of a decode step: DeepSeek-R1's AWQ file over eight H100s decodes one user in about the
 * 16.1 ms a token measured (tenstorrent/tt-inference-server #356), no less than its fixed times
 * add up to; Qwen3-235B-A22B, whose grouped-query attention does not pay it, decodes a token
 * over eight H200s in less time than its 94 layers would take at that rate alone. */
static void
test_vllm_mla_layers (void)
{
  static const Part h100[] = { { "nvidia-h100-sxm5", 8 }, { NULL } };
  static const Part h200[] = { { "nvidia-h200-sxm", 8 }, { NULL } };
  g_autoptr(RigBuild) mla = make_build (h100, "deepseek-r1", "AWQ-4bit", 4096);
  g_autoptr(RigBuild) gqa = make_build (h200, "qwen3-235b-a22b", "FP8", 4096);
  RigReport report;
  RigWorkloadResult r;
  double ms, fixed_ms;

  workload_of (mla)->runtime = RIG_RUNTIME_VLLM;
  plan (mla, &report, &r);
  rig_report_clear (&report);
  g_assert_cmpint (r.fit, ==, RIG_FIT_GPU);
  g_assert_true (r.tensor_parallel);
  ms = 1000.0 / r.decode_tokens_per_s_start;
  fixed_ms = 61 * (RIG_DECODE_T0_VLLM_HBM_LAYER_US + 2 * RIG_TP_ALLREDUCE_US_NVLINK +
                   RIG_VLLM_MLA_LAYER_US) / 1000.0;
  g_assert_cmpfloat (ms, >, fixed_ms);
  g_assert_cmpfloat_with_epsilon (ms, 16.1, 0.05 * 16.1);

  workload_of (gqa)->runtime = RIG_RUNTIME_VLLM;
  plan (gqa, &report, &r);
  rig_report_clear (&report);
  g_assert_cmpint (r.fit, ==, RIG_FIT_GPU);
  g_assert_true (r.tensor_parallel);
  g_assert_cmpfloat (1000.0 / r.decode_tokens_per_s_start, <, 94 * RIG_VLLM_MLA_LAYER_US / 1000.0);
}

/* llama.cpp's -sm tensor over two RTX 5090s: each card multiplies its half of every expert
 * matrix, which loses as a matrix of that size does, so Qwen3.6-35B-A3B's prompt gains nothing
 * on -sm layer's (ggml PR #22299 measured 7686.82 and 7776.53 t/s), where a dense 70B's does
 * (1830.95 and 1737.05). A decode step's all-reduces wait RIG_LLAMACPP_TP_DECODE_ALLREDUCE_US in
 * current builds and RIG_LLAMACPP_TP_ALLREDUCE_US in those before PR #22041. */
static void
test_llamacpp_tensor_split (void)
{
  static const Part parts[] = { { "nvidia-rtx-5090", 2 }, { NULL } };
  const char *models[][2] = { { "qwen3.6-35b-a3b", "Q8_0" }, { "llama-3.3-70b", "Q4_K_M" } };
  double gain[2];

  for (guint k = 0; k < G_N_ELEMENTS (models); k++)
    {
      /* pp512: one ubatch, which -sm layer does not pipeline over the cards. */
      g_autoptr(RigBuild) layer = make_build (parts, models[k][0], models[k][1], 512);
      g_autoptr(RigBuild) tensor = make_build (parts, models[k][0], models[k][1], 512);
      RigReport report;
      RigWorkloadResult a, b;

      workload_of (tensor)->split = RIG_SPLIT_TENSOR;
      plan (layer, &report, &a);
      rig_report_clear (&report);
      plan (tensor, &report, &b);
      rig_report_clear (&report);
      g_assert_cmpint (a.fit, ==, RIG_FIT_GPU);
      g_assert_cmpint (b.fit, ==, RIG_FIT_GPU);
      gain[k] = b.prefill_tokens_per_s / a.prefill_tokens_per_s;

      if (k == 0)
        {
          RigWorkloadResult old;
          double layers = workload_of (tensor)->model->layers;

          workload_of (tensor)->llamacpp_tp_before_22041 = TRUE;
          plan (tensor, &report, &old);
          rig_report_clear (&report);
          /* Two all-reduces a layer, each waiting the difference longer. */
          g_assert_cmpfloat_with_epsilon (1000.0 / old.decode_tokens_per_s_start -
                                            1000.0 / b.decode_tokens_per_s_start,
                                          2 * layers * (RIG_LLAMACPP_TP_ALLREDUCE_US -
                                                        RIG_LLAMACPP_TP_DECODE_ALLREDUCE_US) / 1000.0,
                                          0.01);
        }
    }
  g_assert_cmpfloat (gain[0], <, 1.0);
  g_assert_cmpfloat (gain[1], >, 1.0);
}

/* Two CUDA cards of a current llama.cpp build all-reduce a prompt's activations through host
 * memory in BF16 (RIG_LLAMACPP_TP_INTERNAL_WAIT_US): on two RTX 5060 Ti, whose PCIe 5.0 x8 links
 * carry it, -sm tensor prefills Qwen2.5 32B faster than builds that all-reduced through NCCL
 * (RigWorkload.llamacpp_tp_before_22299) do, by the time their all-reduces took. AMD cards and
 * four cards keep the other all-reduce: the setting changes nothing there. */
static void
test_llamacpp_internal_allreduce (void)
{
  static const Part two_5060[] = { { "nvidia-rtx-5060-ti-16gb", 2 }, { NULL } };
  static const Part two_xtx[] = { { "amd-radeon-rx-7900-xtx", 2 }, { NULL } };
  static const Part four_3090[] = { { "nvidia-rtx-3090", 4 }, { NULL } };
  const Part *parts[] = { two_5060, two_xtx, four_3090 };

  for (guint k = 0; k < G_N_ELEMENTS (parts); k++)
    {
      g_autoptr(RigBuild) build = make_build (parts[k], "qwen-2.5-32b", "Q4_K_M", 512);
      RigReport report;
      RigWorkloadResult internal, nccl;

      workload_of (build)->split = RIG_SPLIT_TENSOR;
      plan (build, &report, &internal);
      rig_report_clear (&report);
      workload_of (build)->llamacpp_tp_before_22299 = TRUE;
      plan (build, &report, &nccl);
      rig_report_clear (&report);
      g_assert_true (internal.tensor_parallel);
      g_assert_cmpint (internal.fit, ==, RIG_FIT_GPU);
      if (k == 0)
        g_assert_cmpfloat (internal.prefill_tokens_per_s, >, 1.1 * nccl.prefill_tokens_per_s);
      else
        g_assert_cmpfloat (internal.prefill_tokens_per_s, ==, nccl.prefill_tokens_per_s);
      /* Decode's all-reduces are another path, the same either way. */
      g_assert_cmpfloat (internal.decode_tokens_per_s, ==, nccl.decode_tokens_per_s);
    }
}

/* vLLM told to multiply MXFP4 experts in Marlin's mma.sync kernels (VLLM_MXFP4_USE_MARLIN=1) runs
 * them on Hopper at two thirds of the wgmma peak (RIG_HOPPER_MMA_SYNC_FACTOR): gpt-oss-120b's prompt
 * in MXFP4 over two H100s runs slower than in FP8, whose experts take the BF16 rate, by less than
 * the whole factor, as its attention and other weights keep cuBLAS's rate. Two A100s, without
 * wgmma, read both alike, and so does a plan, which takes vLLM's default backend. */
static void
test_vllm_marlin_fp4 (void)
{
  static const Part h100[] = { { "nvidia-h100-sxm5", 2 }, { NULL } };
  static const Part a100[] = { { "nvidia-a100-sxm4-80gb", 2 }, { NULL } };
  const Part *parts[] = { h100, a100 };
  double ratio[2];

  for (guint k = 0; k < G_N_ELEMENTS (parts); k++)
    {
      g_autoptr(RigBuild) fp4 = make_build (parts[k], "gpt-oss-120b", "MXFP4", 8192);
      g_autoptr(RigBuild) fp8 = make_build (parts[k], "gpt-oss-120b", "FP8", 8192);
      RigReport report;
      RigWorkloadResult a, b;

      workload_of (fp4)->runtime = RIG_RUNTIME_VLLM;
      workload_of (fp8)->runtime = RIG_RUNTIME_VLLM;
      plan (fp4, &report, &a);
      rig_report_clear (&report);
      plan (fp8, &report, &b);
      rig_report_clear (&report);
      g_assert_cmpint (a.fit, ==, RIG_FIT_GPU);
      g_assert_cmpint (b.fit, ==, RIG_FIT_GPU);
      g_assert_cmpfloat_with_epsilon (a.prefill_tokens_per_s / b.prefill_tokens_per_s, 1.0, 0.02);
      workload_of (fp4)->vllm_mxfp4_marlin = TRUE;
      plan (fp4, &report, &a);
      rig_report_clear (&report);
      ratio[k] = a.prefill_tokens_per_s / b.prefill_tokens_per_s;
    }
  g_assert_cmpfloat (ratio[0], <, 0.9);
  g_assert_cmpfloat (ratio[0], >, RIG_HOPPER_MMA_SYNC_FACTOR);
  g_assert_cmpfloat_with_epsilon (ratio[1], 1.0, 0.02);
}

/* transformers runs AutoAWQ's 4-bit layers in AWQ's GEMM kernel for a pass of fewer than
 * RIG_AWQ_FP16_MATMUL_TOKENS tokens, at no more than RIG_AWQ_GEMM_TFLOPS, and unpacks them to
 * 16 bits for a longer one: Mistral 7B's prompt on an A100 speeds up at the switch, and a short
 * one runs slower than the same model's in FP16. */
static void
test_awq_prefill (void)
{
  static const Part parts[] = { { "nvidia-a100-sxm4-80gb", 1 }, { NULL } };
  g_autoptr(RigBuild) awq = make_build (parts, "mistral-7b-v0.1", "AWQ-4bit", 4096);
  g_autoptr(RigBuild) f16 = make_build (parts, "mistral-7b-v0.1", "F16", 4096);
  RigDeviceSet devices;
  RigWorkloadResult r, below, at, fp16;
  double weight_flops = 2e9 * workload_of (awq)->model->params_b;

  workload_of (awq)->runtime = workload_of (f16)->runtime = RIG_RUNTIME_TRANSFORMERS;
  rig_device_set_from_build (awq, &devices);
  rig_memory_evaluate (workload_of (awq), &devices, &r);
  g_assert_cmpint (r.fit, ==, RIG_FIT_GPU);
  below = at = r;
  rig_speed_evaluate (workload_of (awq), &devices, 1024, RIG_AWQ_FP16_MATMUL_TOKENS - 1, &below);
  rig_speed_evaluate (workload_of (awq), &devices, 1024, RIG_AWQ_FP16_MATMUL_TOKENS, &at);
  g_assert_cmpfloat (below.prefill_tokens_per_s * weight_flops, <, RIG_AWQ_GEMM_TFLOPS * 1e12);
  g_assert_cmpfloat (at.prefill_tokens_per_s, >, 1.3 * below.prefill_tokens_per_s);

  rig_memory_evaluate (workload_of (f16), &devices, &r);
  fp16 = r;
  rig_speed_evaluate (workload_of (f16), &devices, 1024, RIG_AWQ_FP16_MATMUL_TOKENS - 1, &fp16);
  g_assert_cmpfloat (fp16.prefill_tokens_per_s, >, 1.5 * below.prefill_tokens_per_s);
}

/* Over NVIDIA cards split by layers with every layer on them, llama.cpp runs the last card's
 * step of one ubatch beside the first card's of the next: a batch of four ubatches over two
 * cards of equal shares takes 5 steps where in turn it takes 8. Not for a batch of one ubatch,
 * under -sm tensor, or on AMD cards, whose ROCm builds do not overlap them. */
static void
test_pipeline_overlap (void)
{
  static const struct
  {
    const char *gpu;
    RigSplit    split;
    gboolean    overlaps;
  } cases[] = {
    { "nvidia-rtx-3090", RIG_SPLIT_LAYER, TRUE },
    { "nvidia-rtx-3090", RIG_SPLIT_TENSOR, FALSE },
    { "amd-radeon-rx-7900-xtx", RIG_SPLIT_LAYER, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Part parts[] = { { cases[i].gpu, 2 }, { NULL } };
      g_autoptr(RigBuild) build = make_build (parts, "llama-3.1-8b", "Q4_K_M", 2048);
      RigWorkload *w = workload_of (build);
      RigReport report;
      RigWorkloadResult pipelined, one;
      double ratio;

      w->split = cases[i].split;
      plan (build, &report, &pipelined);
      rig_report_clear (&report);
      g_assert_cmpint (pipelined.fit, ==, RIG_FIT_GPU);
      g_assert_cmpuint (pipelined.gpus_used, ==, 2);
      /* The same 2048 tokens timed as batches of one ubatch each. */
      w->llamacpp_batch_tokens = 512;
      plan (build, &report, &one);
      rig_report_clear (&report);
      ratio = pipelined.prefill_tokens_per_s / one.prefill_tokens_per_s;
      if (cases[i].overlaps)
        {
          /* The two cards' shares differ by the output layer: a little under 8 / 5. */
          g_assert_cmpfloat (ratio, >, 1.45);
          g_assert_cmpfloat (ratio, <=, 1.6 + 1e-9);
        }
      else
        g_assert_cmpfloat_with_epsilon (ratio, 1.0, 1e-9);
      /* Decode does not pipeline. */
      g_assert_cmpfloat_with_epsilon (pipelined.decode_tokens_per_s, one.decode_tokens_per_s, 1e-9);
    }
  g_assert_cmpfloat_with_epsilon (rig_speed_pipeline_overlap (2, 2048, 512), 1.6, 1e-9);
  g_assert_cmpfloat_with_epsilon (rig_speed_pipeline_overlap (4, 8192, 512), 16 / 13.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (rig_speed_pipeline_overlap (8, 1024, 512), 16 / 15.0, 1e-9);
  g_assert_cmpfloat (rig_speed_pipeline_overlap (1, 8192, 512), ==, 1.0);
  g_assert_cmpfloat (rig_speed_pipeline_overlap (4, 512, 512), ==, 1.0);
}

/* Over three or more GPUs split by layers with every layer on them, the plan says once how much
 * faster llama.cpp's pipeline would run a long prompt were all the cards to overlap
 * (speed.pipeline): 2.29 / 1.23 = 1.9 times over four cards with four ubatches a batch; not over
 * two, which the plan already overlaps fully, under tensor split, with layers in system memory, or
 * for a prompt of one ubatch. */
static void
test_pipeline_finding (void)
{
  static const Part two[] = { { "nvidia-rtx-3090", 2 }, { NULL } };
  static const Part four[] = { { "nvidia-rtx-3090", 4 }, { NULL } };
  static const Part one[] = {
    { "nvidia-rtx-3090", 1 }, { "amd-ryzen-9-9950x", 1 },
    { "corsair-vengeance-ddr5-6000-cl30-2x32gb", 1 }, { NULL }
  };
  static const struct
  {
    const Part *parts;
    const char *model;
    guint       context;
    RigSplit    split;
    double      gain;     /* 0: not said */
  } cases[] = {
    { two, "llama-3.1-70b", 8192, RIG_SPLIT_LAYER, 0 },
    { four, "llama-3.1-70b", 8192, RIG_SPLIT_LAYER, 4 / (1 + 3 / 4.0) / (16 / 13.0) },
    { four, "llama-3.1-70b", 512, RIG_SPLIT_LAYER, 0 },
    { four, "llama-3.1-70b", 8192, RIG_SPLIT_TENSOR, 0 },
    { one, "llama-3.1-70b", 8192, RIG_SPLIT_LAYER, 0 },   /* layers in system memory */
    { one, "llama-3.1-8b", 8192, RIG_SPLIT_LAYER, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RigBuild) build = make_build (cases[i].parts, cases[i].model, "Q4_K_M",
                                              cases[i].context);
      RigWorkload *w = g_ptr_array_index (build->workloads, 0);
      RigReport report;
      RigWorkloadResult r;
      gboolean offloaded = cases[i].parts == one && g_str_equal (cases[i].model, "llama-3.1-70b");

      w->split = cases[i].split;
      plan (build, &report, &r);
      g_assert_cmpint (r.fit, ==, offloaded ? RIG_FIT_OFFLOAD : RIG_FIT_GPU);
      g_assert_cmpint (has_finding (&report, "speed.pipeline"), ==, cases[i].gain > 0);
      if (cases[i].gain > 0)
        {
          g_autofree char *factor = g_strdup_printf ("%.1f times", cases[i].gain);

          for (guint k = 0; k < report.findings->len; k++)
            {
              const RigFinding *f = &g_array_index (report.findings, RigFinding, k);

              if (g_str_equal (f->code, "speed.pipeline"))
                g_assert_nonnull (strstr (f->message, factor));
            }
        }
      rig_report_clear (&report);
    }
  /* Said once for a build, with the most any of its workloads gains: a 4096-token workload
   * beside an 8192-token one over four cards, both of four ubatches a batch. */
  {
    g_autoptr(RigBuild) build = make_build (four, "llama-3.1-8b", "Q4_K_M", 4096);
    RigWorkload *more = rig_workload_copy (g_ptr_array_index (build->workloads, 0));
    g_autoptr(GError) error = NULL;
    RigReport report;
    RigWorkloadResult r;
    guint said = 0;

    more->context = 8192;
    g_ptr_array_add (build->workloads, more);
    rig_catalog_resolve_build (catalog, build, &error);
    g_assert_no_error (error);
    plan (build, &report, &r);
    for (guint k = 0; k < report.findings->len; k++)
      said += g_str_equal (g_array_index (report.findings, RigFinding, k).code, "speed.pipeline");
    g_assert_cmpuint (said, ==, 1);
    rig_report_clear (&report);
  }
  /* Eight cards keep four ubatches in flight: 2048 tokens in ubatches of 512, 4 / (1 + 3 / 4);
   * 1024 of them, 2 / (1 + 1 / 4). A prompt past n_batch runs batch by batch. */
  g_assert_cmpfloat_with_epsilon (rig_speed_pipeline_gain (8, 2048, 512), 4 / 1.75, 1e-9);
  g_assert_cmpfloat_with_epsilon (rig_speed_pipeline_gain (8, 1024, 512), 1.6, 1e-9);
  g_assert_cmpfloat_with_epsilon (rig_speed_pipeline_gain (2, 65536, 512), 1.6, 1e-9);
  g_assert_cmpfloat (rig_speed_pipeline_gain (1, 8192, 512), ==, 1.0);
  g_assert_cmpfloat (rig_speed_pipeline_gain (4, 512, 512), ==, 1.0);
}

static void
test_speed_old_card_int8 (void)
{
  static const Part parts[] = { { "nvidia-tesla-p40", 1 }, { NULL } };
  g_autoptr(RigBuild) build = make_build (parts, "llama-3.1-8b", "Q4_K_M", 4096);
  RigReport report;
  RigWorkloadResult r;

  plan (build, &report, &r);
  g_assert_cmpint (r.fit, ==, RIG_FIT_GPU);
  g_assert_cmpfloat (r.decode_tokens_per_s, >, 35);
  g_assert_cmpfloat (r.prefill_tokens_per_s, >, 400);
  g_assert_cmpint (r.decode_bound, ==, RIG_SPEED_BOUND_BANDWIDTH);
  rig_report_clear (&report);

  /* F16 weights still go through the FP16 path, which the P40 barely has. */
  g_clear_pointer (&build, rig_build_free);
  build = make_build (parts, "llama-3.1-8b", "F16", 4096);
  plan (build, &report, &r);
  g_assert_cmpfloat (r.prefill_tokens_per_s, <, 50);
  g_assert_cmpint (r.prefill_bound, ==, RIG_SPEED_BOUND_COMPUTE);
  rig_report_clear (&report);
}

/* On an Apple GPU mlx-lm prefills faster than llama.cpp's Metal backend, and llama.cpp prefills a
 * mixture of experts below the dense rate (on CUDA too). */
static void
test_speed_apple_prefill (void)
{
  static const Part parts[] = { { "apple-mac-studio-m2-ultra-76c-192gb", 1 }, { NULL } };
  g_autoptr(RigBuild) dense = make_build (parts, "llama-3.1-8b", "Q4_K_M", 4096);
  g_autoptr(RigBuild) moe = make_build (parts, "qwen3-30b-a3b", "Q4_K_M", 4096);
  RigReport report;
  RigWorkloadResult lcpp, mlx, lcpp_moe, mlx_moe;

  workload_of (dense)->runtime = RIG_RUNTIME_LLAMA_CPP;
  plan (dense, &report, &lcpp);
  rig_report_clear (&report);
  workload_of (dense)->runtime = RIG_RUNTIME_MLX;
  plan (dense, &report, &mlx);
  rig_report_clear (&report);
  g_assert_cmpfloat_with_epsilon (mlx.prefill_tokens_per_s / lcpp.prefill_tokens_per_s,
                                  RIG_PREFILL_MLX_FACTOR_APPLE, 1e-9);

  workload_of (moe)->runtime = RIG_RUNTIME_LLAMA_CPP;
  plan (moe, &report, &lcpp_moe);
  rig_report_clear (&report);
  workload_of (moe)->runtime = RIG_RUNTIME_MLX;
  plan (moe, &report, &mlx_moe);
  rig_report_clear (&report);
  g_assert_cmpfloat_with_epsilon (mlx_moe.prefill_tokens_per_s / lcpp_moe.prefill_tokens_per_s,
                                  RIG_PREFILL_MLX_FACTOR_APPLE / RIG_PREFILL_MOE_FACTOR_METAL, 1e-9);
}

/* With part of the model in system memory, llama.cpp still runs a prompt's matmuls on the GPU and
 * copies those weights over PCIe for every batch: 70B on a 12 GB card prefills at tens of tokens
 * a second, not at the CPU's dozen, and a mixture of experts with most of its experts in system
 * memory (62 % of Qwen3-30B-A3B's beside an 8 GB card) is bound by the link. */
static void
test_speed_offload_prefill (void)
{
  static const Part parts[] = { { "nvidia-rtx-3060-12gb", 1 }, { "amd-ryzen-9-7950x", 1 },
                                { "asus-proart-x670e-creator-wifi", 1 },
                                { "corsair-vengeance-ddr5-6000-cl30-2x48gb", 1 }, { NULL } };
  static const Part small[] = { { "nvidia-rtx-3070", 1 }, { "amd-ryzen-9-7950x", 1 },
                                { "asus-proart-x670e-creator-wifi", 1 },
                                { "corsair-vengeance-ddr5-6000-cl30-2x48gb", 1 }, { NULL } };
  g_autoptr(RigBuild) dense = make_build (parts, "llama-3.1-70b", "Q4_K_M", 4096);
  g_autoptr(RigBuild) moe = make_build (small, "qwen3-30b-a3b", "Q4_K_M", 4096);
  RigWorkload *w = g_ptr_array_index (moe->workloads, 0);
  RigReport report;
  RigWorkloadResult r;
  double mapped, decode, routed;

  plan (dense, &report, &r);
  g_assert_cmpint (r.fit, ==, RIG_FIT_OFFLOAD);
  g_assert_cmpfloat (r.host_stream_bytes, >, 20 * RIG_GIB);
  g_assert_cmpfloat (r.prefill_tokens_per_s, >, 60);
  g_assert_cmpfloat (r.prefill_tokens_per_s, <, 150);
  rig_report_clear (&report);

  plan (moe, &report, &r);
  g_assert_cmpint (r.fit, ==, RIG_FIT_OFFLOAD);
  g_assert_cmpint (r.prefill_bound, ==, RIG_SPEED_BOUND_PCIE);
  /* Every byte in system memory is a routed expert's. A batch of 512 tokens uses nearly all of
   * Qwen3-30B-A3B's, for which the catalog records no share: llama.cpp copies them all over the
   * link, from the mapped file's pageable pages by default, and no faster than that. */
  g_assert_cmpfloat_with_epsilon (r.host_stream_expert_bytes, r.host_stream_bytes, 1);
  routed = r.host_stream_bytes;
  mapped = r.prefill_tokens_per_s;
  g_assert_cmpfloat (mapped, <, 512 / (routed / (RIG_PCIE_HOST_COPY_EFF_MAPPED * 16 * 1.969e9)));
  /* The plan says what --no-mmap gives. */
  g_assert_true (has_finding (&report, "speed.no-mmap"));
  rig_report_clear (&report);
  /* Builds before August 2025 copied every expert too: nothing changes. */
  w->llamacpp_copies_all_experts = TRUE;
  plan (moe, &report, &r);
  g_assert_cmpfloat (r.prefill_tokens_per_s, ==, mapped);
  rig_report_clear (&report);
  w->llamacpp_copies_all_experts = FALSE;
  plan (moe, &report, &r);
  rig_report_clear (&report);

  /* --no-mmap loads them into pinned memory: the copies, most of the prompt's time, run at the
   * pinned rate; decode, which reads them on the CPU, does not change. */
  decode = r.decode_tokens_per_s;
  w->mmap = FALSE;
  plan (moe, &report, &r);
  g_assert_cmpint (r.prefill_bound, ==, RIG_SPEED_BOUND_PCIE);
  g_assert_cmpfloat (r.prefill_tokens_per_s, >, 1.3 * mapped);
  g_assert_cmpfloat (r.prefill_tokens_per_s, <,
                     mapped * RIG_PCIE_HOST_COPY_EFF_PINNED / RIG_PCIE_HOST_COPY_EFF_MAPPED);
  g_assert_cmpfloat (r.prefill_tokens_per_s, <,
                     512 / (routed / (RIG_PCIE_HOST_COPY_EFF_PINNED * 16 * 1.969e9)));
  g_assert_cmpfloat (r.decode_tokens_per_s, ==, decode);
  g_assert_false (has_finding (&report, "speed.no-mmap"));
  rig_report_clear (&report);
}

/* -ngl set to the model's layer count leaves one layer in system memory, llama.cpp counting the
 * output layer among them: the plan says so where one more fits, in a lean plan too. */
static void
test_speed_ngl_all (void)
{
  static const Part parts[] = { { "nvidia-rtx-3060-12gb", 1 }, { "amd-ryzen-9-7950x", 1 },
                                { "corsair-vengeance-ddr5-6000-cl30-2x32gb", 1 }, { NULL } };
  static const Part small[] = { { "nvidia-rtx-4060-ti-8gb", 1 }, { "amd-ryzen-9-7950x", 1 },
                                { "corsair-vengeance-ddr5-6000-cl30-2x32gb", 1 }, { NULL } };
  g_autoptr(RigBuild) build = make_build (parts, "llama-3.1-8b", "Q4_K_M", 4096);
  g_autoptr(RigBuild) tight = make_build (small, "qwen3-8b", "Q4_K_M", 4096);
  RigWorkload *w = workload_of (build);
  RigReport report;
  RigWorkloadResult r, all;

  w->runtime = workload_of (tight)->runtime = RIG_RUNTIME_LLAMA_CPP;
  w->gpu_layers = 33;
  plan (build, &report, &all);
  g_assert_cmpint (all.fit, ==, RIG_FIT_GPU);
  g_assert_false (has_finding (&report, "speed.ngl-all"));
  rig_report_clear (&report);

  w->gpu_layers = 32;
  plan (build, &report, &r);
  g_assert_cmpint (r.fit, ==, RIG_FIT_OFFLOAD);
  g_assert_cmpfloat (r.decode_tokens_per_s, <, all.decode_tokens_per_s);
  g_assert_true (has_finding (&report, "speed.ngl-all"));
  rig_report_clear (&report);
  rig_report_init_lean (&report);
  rig_plan_evaluate (build, &report);
  g_assert_true (has_finding (&report, "speed.ngl-all"));
  rig_report_clear (&report);

  /* Not where one more layer does not fit: a context where -ngl 36 of Qwen3 8B's 36 layers fits
   * an 8 GB card and -ngl 37 does not. Nor for a -ngl that leaves more than one out. */
  {
    RigWorkload *t = workload_of (tight);
    gboolean found = FALSE;

    for (guint context = 16384; context <= 32768 && !found; context += 256)
      {
        t->context = context;
        t->gpu_layers = (int) t->model->layers + 1;
        plan (tight, &report, &all);
        rig_report_clear (&report);
        t->gpu_layers--;
        plan (tight, &report, &r);
        if (all.fit == RIG_FIT_NONE && r.fit == RIG_FIT_OFFLOAD)
          {
            found = TRUE;
            g_assert_false (has_finding (&report, "speed.ngl-all"));
          }
        rig_report_clear (&report);
      }
    g_assert_true (found);
  }
  w->gpu_layers = 20;
  plan (build, &report, &r);
  g_assert_false (has_finding (&report, "speed.ngl-all"));
  rig_report_clear (&report);
}

/* gpt-oss routes a batch of text to few of its experts, and llama.cpp since PR #15346 copies
 * only those: at -ub 512 about half of gpt-oss-120b's (models.experts_used_512), more of them in
 * larger batches. Builds before it copied them all. */
static void
test_speed_routed_experts (void)
{
  static const Part parts[] = { { "nvidia-rtx-4090", 1 }, { "amd-ryzen-9-7950x", 1 },
                                { "asus-proart-x670e-creator-wifi", 1 },
                                { "corsair-vengeance-ddr5-6000-cl30-2x48gb", 1 }, { NULL } };
  g_autoptr(RigBuild) build = make_build (parts, "gpt-oss-120b", "MXFP4", 8192);
  RigWorkload *w = g_ptr_array_index (build->workloads, 0);
  RigReport report;
  RigWorkloadResult r;
  double used[2], all[2];
  const guint ubatches[2] = { 512, 2048 };

  w->runtime = RIG_RUNTIME_LLAMA_CPP;
  for (guint i = 0; i < 2; i++)
    {
      w->ubatch = ubatches[i];
      w->llamacpp_copies_all_experts = FALSE;
      plan (build, &report, &r);
      g_assert_cmpint (r.fit, ==, RIG_FIT_OFFLOAD);
      g_assert_cmpint (r.prefill_bound, ==, RIG_SPEED_BOUND_PCIE);
      g_assert_cmpfloat (r.host_stream_expert_bytes, >, 0.9 * r.host_stream_bytes);
      used[i] = r.prefill_tokens_per_s;
      /* At 512 the plan says what -ub 2048 gives, as a lean plan's codes do. */
      g_assert_cmpint (has_finding (&report, "speed.offload-ubatch"), ==, i == 0);
      rig_report_clear (&report);
      rig_report_init_lean (&report);
      rig_plan_evaluate (build, &report);
      g_assert_cmpint (has_finding (&report, "speed.offload-ubatch"), ==, i == 0);
      rig_report_clear (&report);
      w->llamacpp_copies_all_experts = TRUE;
      plan (build, &report, &r);
      all[i] = r.prefill_tokens_per_s;
      rig_report_clear (&report);
    }
  /* Copies take most of the time: at 512 tokens the prompt runs up to 1 / 0.48 as fast, at
   * 2048, where a batch uses about 0.7 of the experts, less. */
  g_assert_cmpfloat (used[0] / all[0], >, 1.5);
  g_assert_cmpfloat (used[0] / all[0], <, 1 / 0.48);
  g_assert_cmpfloat (used[1] / all[1], >, 1.15);
  g_assert_cmpfloat (used[1] / all[1], <, used[0] / all[0]);
}

/* Decode slows as the cache fills: the start, the plan's figure and the end. */
static void
test_speed_start_and_end (void)
{
  static const Part parts[] = { { "nvidia-rtx-4090", 1 }, { NULL } };
  g_autoptr(RigBuild) build = make_build (parts, "llama-3.1-8b", "Q4_K_M", 32768);
  RigReport report;
  RigWorkloadResult r;

  plan (build, &report, &r);
  g_assert_cmpfloat (r.decode_tokens_per_s_start, >, r.decode_tokens_per_s_end);
  /* The plan reports decode with the whole context in the cache. */
  g_assert_cmpfloat_with_epsilon (r.decode_tokens_per_s, r.decode_tokens_per_s_end, 1e-9);
  /* 32K tokens of KV (4 GiB) against 4.6 GiB of weights: the end is markedly slower. */
  g_assert_cmpfloat (r.decode_tokens_per_s_end, <, 0.8 * r.decode_tokens_per_s_start);
  g_assert_cmpint (r.decode_bound, ==, RIG_SPEED_BOUND_BANDWIDTH);
  g_assert_cmpint (r.prefill_bound, ==, RIG_SPEED_BOUND_COMPUTE);
  g_assert_cmpstr (rig_speed_bound_id (r.decode_bound), ==, "bandwidth");
  rig_report_clear (&report);
}

/* transformers' eager forward pass launches its kernels from Python: a short prompt waits on the
 * host, a long one on the GPU. */
static void
test_speed_eager_prefill (void)
{
  static const Part parts[] = { { "nvidia-a100-sxm4-80gb", 1 }, { NULL } };
  g_autoptr(RigBuild) shorter = make_build (parts, "llama-2-7b", "F16", 128);
  g_autoptr(RigBuild) longer = make_build (parts, "llama-2-7b", "F16", 512);
  RigReport report;
  RigWorkloadResult r;

  workload_of (shorter)->runtime = RIG_RUNTIME_TRANSFORMERS;
  workload_of (longer)->runtime = RIG_RUNTIME_TRANSFORMERS;
  plan (shorter, &report, &r);
  g_assert_cmpint (r.prefill_bound, ==, RIG_SPEED_BOUND_FRAMEWORK);
  g_assert_cmpfloat_with_epsilon (r.prefill_tokens_per_s, 128 / (32 * RIG_TRANSFORMERS_EAGER_MS_PER_LAYER / 1000), 1e-6);
  rig_report_clear (&report);
  plan (longer, &report, &r);
  g_assert_cmpint (r.prefill_bound, ==, RIG_SPEED_BOUND_COMPUTE);
  g_assert_cmpfloat (r.prefill_tokens_per_s, <, 512 / (32 * RIG_TRANSFORMERS_EAGER_MS_PER_LAYER / 1000));
  rig_report_clear (&report);
}

/* transformers' generate () launches a step's kernels from Python on one core: with a processor
 * the catalog rates, the host's time follows its single-thread rating against the reference
 * host's (an EPYC 7742); without one, or with one the catalog does not rate, the plan takes a
 * typical host. llama.cpp, which replays CUDA graphs, does not wait on the processor. */
static void
test_speed_eager_host_processor (void)
{
  static const struct { const char *cpu; } cases[] = {
    { NULL },                       /* no processor: the typical host */
    { "amd-epyc-9355" },            /* no rating in the catalog: the same */
    { "amd-epyc-7742" },            /* the reference host */
    { "intel-core-i9-13900k" },
  };
  double llamacpp = NAN;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Part parts[] = { { "nvidia-h100-pcie", 1 }, { cases[i].cpu, 1 }, { NULL } };
      g_autoptr(RigBuild) build = make_build (parts, "llama-3.1-8b", "NF4", 256);
      const RigPart *cpu = rig_build_find (build, RIG_PART_CPU, NULL);
      double layer_ms = RIG_TRANSFORMERS_EAGER_MS_PER_LAYER;
      const RigFinding *finding;
      RigReport report;
      RigWorkloadResult r;

      if (cpu != NULL && RIG_IS_KNOWN (cpu->cpu.single_thread))
        layer_ms = RIG_TRANSFORMERS_EAGER_REF_MS_PER_LAYER *
                   RIG_TRANSFORMERS_EAGER_REF_SINGLE_THREAD / cpu->cpu.single_thread;
      g_assert_true (i >= 2 || layer_ms == RIG_TRANSFORMERS_EAGER_MS_PER_LAYER);
      workload_of (build)->runtime = RIG_RUNTIME_TRANSFORMERS;
      plan (build, &report, &r);
      g_assert_cmpfloat_with_epsilon (rig_speed_eager_layer_ms (&report.devices), layer_ms, 1e-12);
      /* Llama 3.1 8B: 32 layers of seven linear layers, each adding NF4's share. */
      g_assert_cmpint (r.decode_bound, ==, RIG_SPEED_BOUND_FRAMEWORK);
      g_assert_cmpfloat_with_epsilon (r.decode_tokens_per_s_start,
                                      1000 / (32 * layer_ms *
                                              (1 + 7 * RIG_TRANSFORMERS_BNB_NF4_LINEAR_SHARE)),
                                      1e-6);
      /* The finding names the processor and its pace where it rates one. */
      finding = find_finding (&report, "speed.eager-host");
      g_assert_nonnull (finding);
      g_assert_nonnull (finding->message);
      if (i >= 2)
        {
          g_autofree char *pace = g_strdup_printf ("%.2f ms", layer_ms);

          g_assert_nonnull (strstr (finding->message, cpu->name));
          g_assert_nonnull (strstr (finding->message, pace));
        }
      else
        {
          g_assert_nonnull (strstr (finding->message, "typical host"));
          g_assert_true (cpu == NULL || strstr (finding->message, cpu->name) == NULL);
        }
      rig_report_clear (&report);

      /* llama.cpp's decode of the same model is the same beside any processor. */
      {
        g_autoptr(RigBuild) gguf = make_build (parts, "llama-3.1-8b", "Q4_K_M", 256);

        plan (gguf, &report, &r);
        if (!isfinite (llamacpp))
          llamacpp = r.decode_tokens_per_s;
        g_assert_cmpfloat (r.decode_tokens_per_s, ==, llamacpp);
        rig_report_clear (&report);
      }
    }

  /* A fast desktop processor decodes about twice as fast as the reference server's: on an RTX
   * 4090, until the card's own read of the weights binds. */
  {
    Part slow[] = { { "nvidia-rtx-4090", 1 }, { "amd-epyc-7742", 1 }, { NULL } };
    Part fast[] = { { "nvidia-rtx-4090", 1 }, { "intel-core-i9-13900k", 1 }, { NULL } };
    g_autoptr(RigBuild) a = make_build (slow, "llama-3.1-8b", "NF4", 256);
    g_autoptr(RigBuild) b = make_build (fast, "llama-3.1-8b", "NF4", 256);
    RigReport report;
    RigWorkloadResult ra, rb;

    workload_of (a)->runtime = workload_of (b)->runtime = RIG_RUNTIME_TRANSFORMERS;
    plan (a, &report, &ra);
    rig_report_clear (&report);
    plan (b, &report, &rb);
    rig_report_clear (&report);
    g_assert_cmpfloat (rb.decode_tokens_per_s_start / ra.decode_tokens_per_s_start, >, 2.0);
  }
}

/* transformers' decode with bitsandbytes weights: each linear layer adds its library's host time
 * to the step, a share of the layer's launches; double quantization and LLM.int8 () more than
 * NF4, and the kernels before bitsandbytes 0.45 more again. */
static void
test_speed_eager_bitsandbytes (void)
{
  static const Part parts[] = { { "nvidia-h100-sxm5", 1 }, { NULL } };
  static const struct { const char *quant; double share; } cases[] = {
    { "BF16", 0 },
    { "NF4", RIG_TRANSFORMERS_BNB_NF4_LINEAR_SHARE },
    { "NF4-DQ", RIG_TRANSFORMERS_BNB_NF4_DQ_LINEAR_SHARE },
    { "INT8", RIG_TRANSFORMERS_BNB_INT8_LINEAR_SHARE },
  };
  double previous = INFINITY;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RigBuild) build = make_build (parts, "llama-3.1-8b", cases[i].quant, 2048);
      RigReport report;
      RigWorkloadResult r;
      /* Llama 3.1 8B: 32 layers of seven linear layers each. */
      double step_s = 32 * RIG_TRANSFORMERS_EAGER_MS_PER_LAYER * (1 + 7 * cases[i].share) / 1000;

      workload_of (build)->runtime = RIG_RUNTIME_TRANSFORMERS;
      plan (build, &report, &r);
      g_assert_cmpint (r.decode_bound, ==, RIG_SPEED_BOUND_FRAMEWORK);
      /* The plan says that the host sets this pace. */
      g_assert_true (has_finding (&report, "speed.eager-host"));
      g_assert_cmpfloat_with_epsilon (r.decode_tokens_per_s_start, 1 / step_s, 1e-6);
      g_assert_cmpfloat (r.decode_tokens_per_s_start, <, previous);
      previous = r.decode_tokens_per_s_start;
      rig_report_clear (&report);

      if (cases[i].share > 0)
        {
          /* The same weights under bitsandbytes' 2023 kernels (calibration rows only). */
          workload_of (build)->bnb_2023_kernels = TRUE;
          plan (build, &report, &r);
          g_assert_cmpfloat (r.decode_tokens_per_s_start, <, previous);
          rig_report_clear (&report);
        }
    }

  /* More than one token at a time, bitsandbytes unpacks its 4-bit weights to 16 bits and
   * multiplies those: eight sequences of NF4 decode at about half the rate of BF16 on an H100
   * (168 against 314 t/s in its README), and a prompt in NF4 takes longer than in BF16. */
  {
    g_autoptr(RigBuild) bf16 = make_build (parts, "llama-3.1-8b", "BF16", 2048);
    g_autoptr(RigBuild) nf4 = make_build (parts, "llama-3.1-8b", "NF4", 2048);
    RigReport report;
    RigWorkloadResult a, b;

    workload_of (bf16)->runtime = workload_of (nf4)->runtime = RIG_RUNTIME_TRANSFORMERS;
    workload_of (bf16)->batch = workload_of (nf4)->batch = 8;
    plan (bf16, &report, &a);
    rig_report_clear (&report);
    plan (nf4, &report, &b);
    rig_report_clear (&report);
    g_assert_cmpfloat (b.decode_tokens_per_s_start, <, 0.6 * a.decode_tokens_per_s_start);
    g_assert_cmpfloat (b.decode_tokens_per_s_start, >, 0.4 * a.decode_tokens_per_s_start);
    g_assert_cmpfloat (b.prefill_tokens_per_s, <, a.prefill_tokens_per_s);
  }

  /* llama.cpp replays CUDA graphs: no word of the host. */
  {
    g_autoptr(RigBuild) build = make_build (parts, "llama-3.1-8b", "Q4_K_M", 2048);
    RigReport report;
    RigWorkloadResult r;

    plan (build, &report, &r);
    g_assert_cmpint (r.runtime, ==, RIG_RUNTIME_LLAMA_CPP);
    g_assert_false (has_finding (&report, "speed.eager-host"));
    rig_report_clear (&report);
  }
}

/* transformers' generate () copies its whole KV cache every step (torch.cat in its cache), which
 * LitGPT's preallocated cache does not: at one sequence and a short cache both wait on the host
 * alike; at 32 sequences of 2048 tokens transformers' step takes at least the copies and the read
 * at the card's bandwidth, and LitGPT's less. */
static void
test_speed_eager_kv_copies (void)
{
  static const Part parts[] = { { "nvidia-a100-sxm4-80gb", 1 }, { NULL } };
  g_autoptr(RigBuild) hf = make_build (parts, "llama-2-7b", "F16", 2048);
  g_autoptr(RigBuild) lit = make_build (parts, "llama-2-7b", "F16", 2048);
  RigWorkload *w = workload_of (hf);
  RigReport report;
  RigWorkloadResult a, b;
  double kv, bandwidth;

  w->runtime = RIG_RUNTIME_TRANSFORMERS;
  workload_of (lit)->runtime = RIG_RUNTIME_LITGPT;
  plan (hf, &report, &a);
  g_assert_false (has_finding (&report, "speed.cache-copies"));
  rig_report_clear (&report);
  plan (lit, &report, &b);
  rig_report_clear (&report);
  g_assert_cmpfloat_with_epsilon (a.decode_tokens_per_s_start, b.decode_tokens_per_s_start, 1e-9);
  g_assert_cmpint (a.decode_bound, ==, RIG_SPEED_BOUND_FRAMEWORK);

  w->batch = workload_of (lit)->batch = 32;
  plan (hf, &report, &a);
  /* The plan says how much of the step the copies take, and what avoids them. */
  g_assert_cmpfloat (a.decode_cache_copy_share, >, 0.5);
  g_assert_cmpfloat (a.decode_cache_copy_share, <, 1);
  g_assert_true (has_finding (&report, "speed.cache-copies"));
  rig_report_clear (&report);
  plan (lit, &report, &b);
  g_assert_cmpfloat (b.decode_cache_copy_share, ==, 0);
  g_assert_false (has_finding (&report, "speed.cache-copies"));
  rig_report_clear (&report);
  g_assert_cmpint (a.fit, ==, RIG_FIT_GPU);
  kv = rig_memory_kv_bytes (w, 2048) * 32;
  bandwidth = 2039e9;   /* the A100 SXM4 80GB's HBM2e */
  g_assert_cmpint (a.decode_bound, ==, RIG_SPEED_BOUND_BANDWIDTH);
  g_assert_cmpfloat (32 / a.decode_tokens_per_s_end, >,
                     (1 + RIG_TRANSFORMERS_KV_COPY_PASSES) * kv / bandwidth);
  g_assert_cmpfloat (a.decode_tokens_per_s_end, <, 0.5 * b.decode_tokens_per_s_end);
  /* An empty cache has nothing to copy. */
  g_assert_cmpfloat (a.decode_tokens_per_s_start, >, 2 * a.decode_tokens_per_s_end);

  /* Grouped-query attention's KV heads are copied out to their query heads every step as well
   * (repeat_kv) wherever the step carries an attention mask, as a padded batch does, and by every
   * step before transformers 4.48: Llama 3.1 8B's four query heads a KV head cost 2.5 more copies'
   * time each and the attention reads all four, beyond the cache's own two copies. One sequence
   * of current versions hands the shared heads to SDPA. */
  {
    g_autoptr(RigBuild) gqa = make_build (parts, "llama-3.1-8b", "BF16", 2048);
    g_autoptr(RigBuild) one = make_build (parts, "llama-3.1-8b", "BF16", 32768);
    RigWorkload *v = workload_of (gqa), *u = workload_of (one);
    double passes = RIG_TRANSFORMERS_KV_COPY_PASSES * (1 + 5 / 2.0) + 3;

    v->runtime = u->runtime = RIG_RUNTIME_TRANSFORMERS;
    v->batch = 32;
    plan (gqa, &report, &a);
    rig_report_clear (&report);
    kv = rig_memory_kv_bytes (v, 2048) * 32;
    g_assert_cmpfloat (32 / a.decode_tokens_per_s_end, >, (1 + passes) * kv / bandwidth);

    plan (one, &report, &a);
    rig_report_clear (&report);
    u->transformers_repeat_kv = TRUE;
    plan (one, &report, &b);
    rig_report_clear (&report);
    kv = rig_memory_kv_bytes (u, 32768);
    g_assert_cmpfloat (1 / b.decode_tokens_per_s_end, >, (1 + passes) * kv / bandwidth);
    g_assert_cmpfloat (1 / a.decode_tokens_per_s_end, <, (1 + passes) * kv / bandwidth);
    g_assert_cmpfloat (b.decode_tokens_per_s_end, <, 0.7 * a.decode_tokens_per_s_end);
  }
}

/* GPTQ through transformers' integration and AutoAWQ's layers add a little host time a linear
 * layer (RIG_TRANSFORMERS_GPTQ_LINEAR_SHARE, _AWQ_): a host-bound step on an H100 takes FP16's
 * time and that share of it for each of a layer's seven linear layers; AutoGPTQ's own 2023 model
 * class added 0.21 of them a linear layer (RIG_TRANSFORMERS_GPTQ_LINEAR_SHARE_2023). */
static void
test_speed_eager_gptq (void)
{
  static const Part parts[] = { { "nvidia-h100-sxm5", 1 }, { NULL } };
  g_autoptr(RigBuild) f16 = make_build (parts, "llama-2-7b", "F16", 2048);
  g_autoptr(RigBuild) gptq = make_build (parts, "llama-2-7b", "GPTQ-4bit", 2048);
  g_autoptr(RigBuild) awq = make_build (parts, "llama-2-7b", "AWQ-4bit", 2048);
  RigReport report;
  RigWorkloadResult a, b, c, d;
  double rate;

  workload_of (f16)->runtime = workload_of (gptq)->runtime = RIG_RUNTIME_TRANSFORMERS;
  workload_of (awq)->runtime = RIG_RUNTIME_TRANSFORMERS;
  plan (f16, &report, &a);
  rig_report_clear (&report);
  plan (gptq, &report, &b);
  rig_report_clear (&report);
  plan (awq, &report, &d);
  rig_report_clear (&report);
  g_assert_cmpint (a.decode_bound, ==, RIG_SPEED_BOUND_FRAMEWORK);
  g_assert_cmpint (b.decode_bound, ==, RIG_SPEED_BOUND_FRAMEWORK);
  g_assert_cmpint (d.decode_bound, ==, RIG_SPEED_BOUND_FRAMEWORK);
  rate = a.decode_tokens_per_s_start;
  g_assert_cmpfloat_with_epsilon (b.decode_tokens_per_s_start,
                                  rate / (1 + 7 * RIG_TRANSFORMERS_GPTQ_LINEAR_SHARE), 1e-6 * rate);
  g_assert_cmpfloat_with_epsilon (d.decode_tokens_per_s_start,
                                  rate / (1 + 7 * RIG_TRANSFORMERS_AWQ_LINEAR_SHARE), 1e-6 * rate);
  g_assert_cmpfloat (d.decode_tokens_per_s_start, <, b.decode_tokens_per_s_start);
  workload_of (gptq)->gptq_2023_kernels = TRUE;
  plan (gptq, &report, &c);
  rig_report_clear (&report);
  g_assert_cmpfloat (c.decode_tokens_per_s_start, <, 0.5 * b.decode_tokens_per_s_start);

  /* Several sequences at once take exllama's other paths, slower than planned: said for GPTQ
   * alone, and not for one sequence. */
  workload_of (gptq)->gptq_2023_kernels = FALSE;
  plan (gptq, &report, &b);
  g_assert_false (has_finding (&report, "speed.gptq-batch"));
  rig_report_clear (&report);
  workload_of (gptq)->batch = workload_of (awq)->batch = 8;
  plan (gptq, &report, &b);
  g_assert_true (has_finding (&report, "speed.gptq-batch"));
  rig_report_clear (&report);
  plan (awq, &report, &d);
  g_assert_false (has_finding (&report, "speed.gptq-batch"));
  rig_report_clear (&report);
}

/* What bounds each speed: system memory for offloaded layers and CPU-only plans, the GPU's
 * throughput at a large batch, the runtime's per-token overhead for a tiny model. */
static void
test_speed_bounds (void)
{
  static const Part offload[] = {
    { "nvidia-rtx-4090", 1 }, { "amd-ryzen-9-7950x", 1 },
    { "corsair-vengeance-ddr5-6000-cl30-2x48gb", 1 }, { NULL }
  };
  static const Part cpu[] = {
    { "amd-ryzen-9-7950x", 1 }, { "corsair-vengeance-ddr5-6000-cl30-2x32gb", 1 }, { NULL }
  };
  static const Part fast[] = { { "nvidia-rtx-5090", 1 }, { NULL } };
  RigReport report;
  RigWorkloadResult r;

  {
    g_autoptr(RigBuild) build = make_build (offload, "llama-3.1-70b", "Q4_K_M", 8192);
    g_autofree char *text = NULL;

    plan (build, &report, &r);
    g_assert_cmpint (r.fit, ==, RIG_FIT_OFFLOAD);
    g_assert_cmpint (r.decode_bound, ==, RIG_SPEED_BOUND_CPU);
    /* The window names it, with decode at both ends of the context. */
    text = rig_speed_describe (workload_of (build), &r);
    g_assert_nonnull (strstr (text, "with the cache empty"));
    g_assert_nonnull (strstr (text, "with 8192 tokens in it, bound by the CPU and system memory"));
    rig_report_clear (&report);
  }
  {
    g_autoptr(RigBuild) build = make_build (cpu, "llama-3.1-8b", "Q4_K_M", 4096);
    plan (build, &report, &r);
    g_assert_cmpint (r.fit, ==, RIG_FIT_CPU);
    g_assert_cmpint (r.decode_bound, ==, RIG_SPEED_BOUND_CPU);
    g_assert_cmpint (r.prefill_bound, ==, RIG_SPEED_BOUND_CPU);
    rig_report_clear (&report);
  }
  {
    g_autoptr(RigBuild) build = make_build (fast, "llama-3.1-8b", "Q4_K_M", 512);
    workload_of (build)->batch = 128;
    plan (build, &report, &r);
    g_assert_cmpint (r.fit, ==, RIG_FIT_GPU);
    g_assert_cmpint (r.decode_bound, ==, RIG_SPEED_BOUND_COMPUTE);
    rig_report_clear (&report);
  }
  {
    g_autoptr(RigBuild) build = make_build (fast, "llama-3.2-1b", "Q4_K_M", 2048);
    plan (build, &report, &r);
    g_assert_cmpint (r.decode_bound, ==, RIG_SPEED_BOUND_FRAMEWORK);
    g_assert_cmpstr (rig_speed_bound_id (r.decode_bound), ==, "framework");
    rig_report_clear (&report);
  }
  {
    /* transformers' eager generate () launches from Python: far below what the card's memory
     * allows (about 70 t/s here), and said to be the framework's doing. */
    static const Part a100[] = { { "nvidia-a100-pcie-80gb", 1 }, { NULL } };
    g_autoptr(RigBuild) build = make_build (a100, "llama-2-7b", "F16", 2048);
    workload_of (build)->runtime = RIG_RUNTIME_TRANSFORMERS;
    plan (build, &report, &r);
    g_assert_cmpint (r.runtime, ==, RIG_RUNTIME_TRANSFORMERS);
    g_assert_cmpfloat (r.decode_tokens_per_s, <, 50);
    g_assert_cmpint (r.decode_bound, ==, RIG_SPEED_BOUND_FRAMEWORK);
    rig_report_clear (&report);
  }
  g_assert_null (rig_speed_bound_id (RIG_SPEED_BOUND_UNKNOWN));
}

/* A workload's serving figures with @users at once. */
static RigWorkloadResult
serve_at (RigBuild *build,
          guint     users)
{
  RigReport report;
  RigWorkloadResult r;

  workload_of (build)->concurrency = users;
  plan (build, &report, &r);
  rig_report_clear (&report);
  return r;
}

/* A concurrency of 1 without a per-user speed is the single stream: the same result to the
 * bit, whatever the prompt and output lengths, and no serving figures. */
static void
test_serve_single_stream (void)
{
  static const Part parts[] = { { "nvidia-rtx-4090", 1 }, { NULL } };
  const RigRuntime runtimes[] = { RIG_RUNTIME_LLAMA_CPP, RIG_RUNTIME_VLLM };

  for (guint i = 0; i < G_N_ELEMENTS (runtimes); i++)
    {
      g_autoptr(RigBuild) build = make_build (parts, "llama-3.1-8b", i ? "AWQ-4bit" : "Q4_K_M", 8192);
      RigWorkload *w = workload_of (build);
      RigWorkloadResult before, after, served;

      w->runtime = runtimes[i];
      before = serve_at (build, 1);
      g_assert_true (isfinite (before.decode_tokens_per_s));
      w->prompt_tokens = 3000;
      w->output_tokens = 700;
      after = serve_at (build, 1);
      g_assert_cmpmem (&before, sizeof before, &after, sizeof after);
      g_assert_true (isnan (after.serve_user_tokens_per_s));
      g_assert_true (isnan (after.serve_max_users_at_target));

      /* Serving many users leaves the single stream's own figures as they were. */
      served = serve_at (build, 2);
      g_assert_cmpfloat (served.decode_tokens_per_s, ==, before.decode_tokens_per_s);
      g_assert_cmpfloat (served.prefill_tokens_per_s, ==, before.prefill_tokens_per_s);
      g_assert_cmpfloat (served.serve_users, ==, 2);
    }
}

/* System memory's bandwidth: a DDR5 kit at its XMP/EXPO rating with one module a channel, at
 * DDR5-3600 with two; a DDR4 kit no faster than the processor officially allows. */
static void
test_memory_speed (void)
{
  static const struct { const char *cpu, *kit; guint kits; double gbps; } cases[] = {
    /* 2 channels x 6000 MT/s x 8 bytes, above the Ryzen's official DDR5-5600 */
    { "amd-ryzen-9-9950x", "corsair-vengeance-ddr5-6000-cl30-2x48gb", 1, 96.0 },
    /* four modules on two channels */
    { "amd-ryzen-9-9950x", "corsair-vengeance-ddr5-6000-cl30-2x48gb", 2, 57.6 },
    /* DDR4-3200 on a Core i9-10900X, officially DDR4-2933 on four channels */
    { "intel-core-i9-10900x", "corsair-vengeance-lpx-ddr4-3200-cl16-2x16gb", 2, 93.856 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Part parts[] = { { cases[i].cpu, 1 }, { cases[i].kit, cases[i].kits }, { NULL } };
      g_autoptr(RigBuild) build = make_build (parts, "llama-3.1-8b", "Q4_K_M", 4096);
      RigDeviceSet devices;

      rig_device_set_from_build (build, &devices);
      g_assert_true (devices.has_host);
      g_assert_cmpfloat_with_epsilon (devices.host.bandwidth_gbps, cases[i].gbps, 1e-6);
    }
}

/* llama.cpp reads every weight a ubatch touches at least once, a mixture of experts' nearly all
 * of them: Qwen3-30B-A3B's prompt on an RTX 4090 is bound by that, not by its small matrices,
 * and a larger -ub spreads the reads over more tokens. */
static void
test_prefill_reads_weights (void)
{
  static const Part parts[] = { { "nvidia-rtx-4090", 1 }, { NULL } };
  g_autoptr(RigBuild) build = make_build (parts, "qwen3-30b-a3b", "Q4_K_M", 4096);
  RigWorkload *w = workload_of (build);
  RigReport report;
  RigWorkloadResult r, wide;
  double cap;

  w->runtime = RIG_RUNTIME_LLAMA_CPP;
  plan (build, &report, &r);
  rig_report_clear (&report);
  g_assert_cmpint (r.fit, ==, RIG_FIT_GPU);
  /* Tokens a second at most: a ubatch of 512 over the time the weights take to read at the
   * card's decode efficiency (RIG_DECODE_EFF_NVIDIA_GDDR and the GGUF kernel factor). */
  cap = 512.0 * RIG_DECODE_EFF_NVIDIA_GDDR * RIG_KERNEL_FACTOR_GGUF * 1008e9 /
        (double) r.memory.terms[RIG_MEMORY_WEIGHTS];
  g_assert_cmpfloat (r.prefill_tokens_per_s, <=, cap * 1.0001);
  g_assert_cmpint (r.prefill_bound, !=, RIG_SPEED_BOUND_UNKNOWN);

  w->ubatch = 2048;
  plan (build, &report, &wide);
  rig_report_clear (&report);
  g_assert_cmpfloat (wide.prefill_tokens_per_s, >, r.prefill_tokens_per_s);
}

/* Seconds a prompt of @context tokens of @model takes on one @card under @runtime. */
static double
prompt_seconds (const char *card,
                const char *model,
                const char *quant,
                RigRuntime  runtime,
                guint       context,
                RigSpeedBound *bound)
{
  const Part parts[] = { { card, 1 }, { NULL } };
  g_autoptr(RigBuild) build = make_build (parts, model, quant, context);
  RigReport report;
  RigWorkloadResult r;

  workload_of (build)->runtime = runtime;
  plan (build, &report, &r);
  rig_report_clear (&report);
  g_assert_true (isfinite (r.prefill_tokens_per_s));
  if (bound)
    *bound = r.prefill_bound;
  return context / r.prefill_tokens_per_s;
}

/* Seconds a prompt's token spends in the fp32 passes between the matrices of @layers layers
 * (RIG_PREFILL_PASS_BYTES_*) on a card of @eff x @bandwidth_gbps; @kv the width of the K
 * projection, @ffn the feed-forward width a token passes through. */
static double
pass_seconds (double eff,
              double bandwidth_gbps,
              double layers,
              double hidden,
              double kv,
              double ffn)
{
  return layers * (RIG_PREFILL_PASS_BYTES_HIDDEN * hidden + RIG_PREFILL_PASS_BYTES_KV * kv +
                   RIG_PREFILL_PASS_BYTES_FFN * ffn) / (eff * bandwidth_gbps * 1e9);
}

/* A dense model's prompt under llama.cpp: a smaller ubatch runs the matrix kernels at
 * u / (u + 64) of their rate, and 2- and 3-bit K-quants unpack at RIG_PREFILL_LOWBIT_KQUANT_FACTOR
 * of the wider ones' rate where the card has no int8 tensor cores for them (the FLOPs are the
 * same whatever the quantization). */
static void
test_prefill_ubatch_and_lowbit (void)
{
  static const Part parts[] = { { "nvidia-rtx-4090", 1 }, { NULL } };
  g_autoptr(RigBuild) build = make_build (parts, "llama-3.1-8b", "Q4_K_M", 4096);
  RigWorkload *w = workload_of (build);
  RigReport report;
  RigWorkloadResult full, small, lowbit;
  /* Llama 3.1 8B: 32 layers of 4096, K and V projections of 8 x 128, a feed-forward of 14336. */
  double pass_4090 = pass_seconds (RIG_DECODE_EFF_NVIDIA_GDDR, 1008, 32, 4096, 1024, 14336);
  double pass_v100 = pass_seconds (RIG_DECODE_EFF_NVIDIA_HBM, 900, 32, 4096, 1024, 14336);
  double weights = 2 * 8.03e9, attention = 4.0 * 32 * 2048 * 32 * 128;
  double mf = RIG_PREFILL_MATRIX_FACTOR_LLAMA_CPP;
  /* Its attention on NVIDIA cards: four query heads a KV head (RIG_LLAMACPP_FA_GQA_FULL). */
  double gqa = (4 + 1) / (RIG_LLAMACPP_FA_GQA_FULL + 1);

  w->runtime = RIG_RUNTIME_LLAMA_CPP;
  plan (build, &report, &full);
  rig_report_clear (&report);
  g_assert_cmpint (full.prefill_bound, ==, RIG_SPEED_BOUND_COMPUTE);
  w->ubatch = 64;
  plan (build, &report, &small);
  rig_report_clear (&report);
  /* The fp32 passes between the matrices take the same time a token at any ubatch. */
  g_assert_cmpfloat_with_epsilon ((1 / small.prefill_tokens_per_s - pass_4090) /
                                    (1 / full.prefill_tokens_per_s - pass_4090),
                                  (1 + 64.0 / 64) / (1 + 64.0 / 512), 1e-9);
  /* On the RTX 4090's int8 tensor cores a 3-bit K-quant's prompt costs what a 4-bit one's does:
   * the same FLOPs, nothing charged for unpacking (RIG_PREFILL_LOWBIT_KQUANT_FACTOR). */
  {
    g_autoptr(RigBuild) q3 = make_build (parts, "llama-3.1-8b", "Q3_K_M", 4096);

    workload_of (q3)->runtime = RIG_RUNTIME_LLAMA_CPP;
    plan (q3, &report, &lowbit);
    rig_report_clear (&report);
    g_assert_cmpfloat_with_epsilon (lowbit.prefill_tokens_per_s / full.prefill_tokens_per_s, 1.0, 1e-9);
  }
  /* On an RX 7900 XTX unpacking a 2- or 3-bit K-quant slows the weights' matrices, not attention
   * over the cache or the passes between the matrices: the rest of the prompt runs at a little
   * more than the factor. */
  {
    double pass_xtx = pass_seconds (RIG_DECODE_EFF_OTHER_GPU, 960, 32, 4096, 1024, 14336);
    const char *xtx = "amd-radeon-rx-7900-xtx";
    double t4 = prompt_seconds (xtx, "llama-3.1-8b", "Q4_K_M", RIG_RUNTIME_LLAMA_CPP, 4096, NULL);
    double t3 = prompt_seconds (xtx, "llama-3.1-8b", "Q3_K_M", RIG_RUNTIME_LLAMA_CPP, 4096, NULL);
    double ratio = (t4 / 4096 - pass_xtx) / (t3 / 4096 - pass_xtx);

    g_assert_cmpfloat (ratio, >, RIG_PREFILL_LOWBIT_KQUANT_FACTOR);
    g_assert_cmpfloat (ratio, <, 1.05 * RIG_PREFILL_LOWBIT_KQUANT_FACTOR);
  }

  /* 16-bit weights go to cuBLAS without an unpacking pass: the GeForce efficiency, times
   * RIG_PREFILL_FLOAT_FACTOR_LLAMA_CPP, of the card's 165.2 TFLOPS for the FLOPs a token of the
   * context's 4096-token prompt costs (8.03 billion weights, the matrices at
   * RIG_PREFILL_MATRIX_FACTOR_LLAMA_CPP of that rate; 32 layers of 32 x 128 query heads attending
   * over 2048 tokens on average, at the rate for four query heads a KV head), and the passes
   * between the matrices. */
  {
    g_autoptr(RigBuild) f16 = make_build (parts, "llama-3.1-8b", "F16", 4096);
    RigWorkloadResult r;
    double rate = RIG_PREFILL_EFF_NVIDIA_GDDR * RIG_PREFILL_FLOAT_FACTOR_LLAMA_CPP * 165.2e12;

    workload_of (f16)->runtime = RIG_RUNTIME_LLAMA_CPP;
    plan (f16, &report, &r);
    rig_report_clear (&report);
    g_assert_cmpfloat_with_epsilon (1 / r.prefill_tokens_per_s /
                                      (weights / (mf * rate) + attention / (gqa * rate) + pass_4090),
                                    1.0, 1e-6);
  }

  /* A Tesla V100 (112 TFLOPS, no int8 tensor cores) unpacks a quantized prompt's ubatches of 64
   * tokens or more to FP16 for cuBLAS, attention at that rate too; a smaller ubatch stays on MMQ,
   * at the HBM cards' rate, its attention at the rate for four query heads a KV head. */
  {
    static const Part v100[] = { { "nvidia-tesla-v100-pcie-32gb", 1 }, { NULL } };
    g_autoptr(RigBuild) volta = make_build (v100, "llama-3.1-8b", "Q4_K_M", 4096);
    RigWorkload *vw = workload_of (volta);
    RigWorkloadResult r, mmq;
    double cublas = RIG_PREFILL_EFF_VOLTA_CUBLAS * 112e12, hbm = RIG_PREFILL_EFF_NVIDIA_HBM * 112e12;

    vw->runtime = RIG_RUNTIME_LLAMA_CPP;
    plan (volta, &report, &r);
    rig_report_clear (&report);
    g_assert_cmpint (r.prefill_bound, ==, RIG_SPEED_BOUND_COMPUTE);
    g_assert_cmpfloat_with_epsilon (1 / r.prefill_tokens_per_s /
                                      (weights / (mf * cublas) + attention / cublas + pass_v100),
                                    1.0, 1e-6);
    vw->ubatch = 32;
    plan (volta, &report, &mmq);
    rig_report_clear (&report);
    g_assert_cmpfloat_with_epsilon (1 / mmq.prefill_tokens_per_s /
                                      ((weights / (mf * hbm) + attention / (gqa * hbm)) *
                                         (1 + 64.0 / 32) / (1 + 64.0 / 512) + pass_v100),
                                    1.0, 1e-6);
  }
}

/* The seconds a token of a prompt's attention adds per token of context before it, from two
 * prompt lengths (both above the 512-token ubatch, whose efficiency is then the same). */
static double
attention_slope (const char *card,
                 const char *model)
{
  double t1 = prompt_seconds (card, model, "Q8_0", RIG_RUNTIME_LLAMA_CPP, 8192, NULL) / 8192;
  double t2 = prompt_seconds (card, model, "Q8_0", RIG_RUNTIME_LLAMA_CPP, 32768, NULL) / 32768;

  return 2 * (t2 - t1) / (32768 - 8192);
}

/* llama.cpp's CUDA FlashAttention runs attention over heads of 256 at a fifth of the matrices'
 * rate (RIG_LLAMACPP_FA_WIDE_HEAD_FACTOR_CUDA), over heads of 128 with four query heads a KV head
 * at five ninths of it (RIG_LLAMACPP_FA_GQA_FULL). Per token of context Qwen3.5-9B's attention
 * (8 full-attention layers of 16 heads of 256: 4 x 8 x 16 x 256 FLOPs) costs a quarter of Llama
 * 3.1 8B's (32 layers of 32 heads of 128), so on an RTX 4090 it takes a quarter times 5/9 over
 * 1/5 as long; on an RX 7900 XTX (ROCm) the quarter. */
static void
test_prefill_wide_heads (void)
{
  double ratio_cuda = attention_slope ("nvidia-rtx-4090", "qwen3.5-9b") /
                      attention_slope ("nvidia-rtx-4090", "llama-3.1-8b");
  double ratio_rocm = attention_slope ("amd-radeon-rx-7900-xtx", "qwen3.5-9b") /
                      attention_slope ("amd-radeon-rx-7900-xtx", "llama-3.1-8b");
  double gqa = 5 / (RIG_LLAMACPP_FA_GQA_FULL + 1);   /* Llama 3.1 8B's four query heads a KV head */

  g_assert_cmpfloat_with_epsilon (ratio_cuda, 0.25 * gqa / RIG_LLAMACPP_FA_WIDE_HEAD_FACTOR_CUDA, 0.01);
  g_assert_cmpfloat_with_epsilon (ratio_rocm, 0.25, 0.01);
}

/* Gemma 4's global heads of 512 take llama.cpp's attention at RIG_LLAMACPP_FA_HEAD512_FACTOR_CUDA
 * of the matrices' rate: per token of context beyond the window the 31B's ten global layers of 32
 * heads (4 x 10 x 32 x 512 FLOPs) cost 1.25 times Llama 3.1 8B's attention. */
static void
test_prefill_global_heads (void)
{
  const char *card = "nvidia-rtx-pro-6000-blackwell";
  double ratio = attention_slope (card, "gemma-4-31b") / attention_slope (card, "llama-3.1-8b");
  double gqa = 5 / (RIG_LLAMACPP_FA_GQA_FULL + 1);

  g_assert_cmpfloat (RIG_LLAMACPP_FA_HEAD512_FACTOR_CUDA, >, RIG_LLAMACPP_FA_WIDE_HEAD_FACTOR_CUDA);
  g_assert_cmpfloat_with_epsilon (ratio, 1.25 * gqa / RIG_LLAMACPP_FA_HEAD512_FACTOR_CUDA, 0.03);
}

/* Multi-head latent attention shares one latent among all its heads: DeepSeek-R1's prompt over
 * eight H200s attends at the whole rate (RIG_LLAMACPP_FA_GQA_FULL does not slow it, though its
 * catalog row gives as many KV heads as query heads): per token of context 4 x 61 layers x 128
 * heads x 56 FLOPs at the HBM cards' efficiency of 989.4 TFLOPS, two thirds of it for Hopper's
 * mma.sync. Timed a ubatch a batch, without the pipeline's overlap (test_pipeline_overlap ()). */
static void
test_prefill_latent_attention (void)
{
  static const Part parts[] = { { "nvidia-h200-sxm", 8 }, { NULL } };
  double seconds[2];
  guint lengths[2] = { 8192, 32768 };
  double peak = RIG_PREFILL_EFF_NVIDIA_HBM * 989.4e12 * RIG_HOPPER_MMA_SYNC_FACTOR;

  for (guint k = 0; k < 2; k++)
    {
      g_autoptr(RigBuild) build = make_build (parts, "deepseek-r1", "Q4_K_M", lengths[k]);
      RigReport report;
      RigWorkloadResult r;

      workload_of (build)->runtime = RIG_RUNTIME_LLAMA_CPP;
      workload_of (build)->llamacpp_batch_tokens = RIG_LLAMACPP_UBATCH;
      plan (build, &report, &r);
      rig_report_clear (&report);
      g_assert_cmpint (r.fit, ==, RIG_FIT_GPU);
      seconds[k] = 1 / r.prefill_tokens_per_s;
    }
  g_assert_cmpfloat_with_epsilon (2 * (seconds[1] - seconds[0]) / (32768 - 8192) / (4.0 * 61 * 128 * 56 / peak),
                                  1.0, 0.01);
}

/* A GeForce card's kernels lose on small experts in a prompt as in decode: Qwen3.6-35B-A3B's
 * 256 experts (8 a token, matrices of 2048 x 512 = 1,048,576 weights) get 16 tokens each of a
 * 512-token ubatch, which the ubatch law runs at 16 / (16 + 64) of the rate, and each at
 * m / (m + RIG_DECODE_EXPERT_HALF_PARAMS) of that again. On an RTX 4090 (660.6 int8 TOPS) a
 * 1024-token prompt then takes, a token: the weights outside the routed experts (2 x (3.46 -
 * 32.21 x 8 / 256) billion FLOPs) and the experts' (2 x 32.21 x 8 / 256 billion) at the int8
 * MMQ rate, and attention (10 layers of 16 heads of 256 over 512 tokens on average) at a fifth of
 * it. */
static void
test_prefill_small_experts (void)
{
  double ub_scale = (1 + RIG_LLAMACPP_UBATCH_HALF_TOKENS / 16.0) / (1 + RIG_LLAMACPP_UBATCH_HALF_TOKENS / 512.0);
  double small = 1048576.0 / (1048576.0 + RIG_DECODE_EXPERT_HALF_PARAMS);
  double experts = 2e9 * 32.21 * 8 / 256;
  double peak = RIG_PREFILL_EFF_INT8_MMA * 660.6e12;
  double attention = 4.0 * 10 * 16 * 256 * 512;
  /* 40 layers of 2048, K projections of 2 x 256, 8 experts' feed-forward of 512 a token. */
  double expected = (2e9 * 3.46 - experts + experts * ub_scale / small) / (RIG_PREFILL_MATRIX_FACTOR_LLAMA_CPP * peak) +
                    attention / (RIG_LLAMACPP_FA_WIDE_HEAD_FACTOR_CUDA * peak) +
                    pass_seconds (RIG_DECODE_EFF_NVIDIA_GDDR, 1008, 40, 2048, 512, 8 * 512);
  double seconds = prompt_seconds ("nvidia-rtx-4090", "qwen3.6-35b-a3b", "Q4_K_M", RIG_RUNTIME_LLAMA_CPP, 1024, NULL);

  g_assert_cmpfloat_with_epsilon (seconds / 1024 / expected, 1.0, 0.01);
}

/* llama.cpp's decode on a GeForce card pays a time for each expert matrix it reads
 * (RIG_DECODE_EXPERT_MATRIX_US_CUDA), whatever its bits: a 3-bit file of Qwen3.6-35B-A3B
 * (Unsloth's UD-Q3_K_XL, 15.68 GiB) decodes little faster than its 4-bit one (UD-Q4_K_XL, 20.81
 * GiB) on an RTX 4090, 174.83 against 167.45 t/s (jiegec/kb): planned about an eighth faster,
 * where a loss in proportion to the bytes made it a fifth. Between the two files each token's
 * time differs by the bytes alone, the experts' at the dense rate. */
static void
test_decode_expert_matrices (void)
{
  static const Part parts[] = { { "nvidia-rtx-4090", 1 }, { NULL } };
  g_autoptr(RigBuild) q4 = make_build (parts, "qwen3.6-35b-a3b", "Q4_K_M", 1024);
  g_autoptr(RigBuild) q3 = make_build (parts, "qwen3.6-35b-a3b", "Q4_K_M", 1024);
  RigReport report;
  RigWorkloadResult r4, r3;
  double rate = RIG_DECODE_EFF_NVIDIA_GDDR * RIG_KERNEL_FACTOR_GGUF * 1008e9;
  double dense, experts;

  workload_of (q4)->weights_gib = 20.81;
  workload_of (q3)->weights_gib = 15.68;
  plan (q4, &report, &r4);
  rig_report_clear (&report);
  plan (q3, &report, &r3);
  rig_report_clear (&report);
  g_assert_cmpfloat (r3.decode_tokens_per_s / r4.decode_tokens_per_s, >, 1.0);
  g_assert_cmpfloat (r3.decode_tokens_per_s / r4.decode_tokens_per_s, <, 1.15);
  dense = (r4.read_bytes[0] - r4.expert_read_bytes[0]) - (r3.read_bytes[0] - r3.expert_read_bytes[0]);
  experts = r4.expert_read_bytes[0] - r3.expert_read_bytes[0];
  g_assert_cmpfloat_with_epsilon ((1 / r4.decode_tokens_per_s - 1 / r3.decode_tokens_per_s) /
                                    ((dense + experts) / rate),
                                  1.0, 1e-6);
}

/* An NVIDIA card's integer instruction rate (RigDevice.int32_tops), from its FP32 figure and the
 * share of its FP32 lanes that run INT32: all of them on Volta, on the A100 and on Blackwell's
 * GB20x, half on the GeForce Ampere chips, Ada and Hopper; unknown on Pascal. */
static void
test_device_int32_rate (void)
{
  static const struct { const char *id; double tops; } cards[] = {
    { "nvidia-h100-sxm5", 67 / 4.0 },
    { "nvidia-a100-sxm4-80gb", 19.5 / 2 },
    { "nvidia-rtx-4090", 82.6 / 4 },
    { "nvidia-rtx-3090", 35.6 / 4 },
    { "nvidia-rtx-5090", 104.8 / 2 },
    { "nvidia-tesla-v100-pcie-32gb", 14 / 2.0 },
    { "nvidia-tesla-p100-pcie-16gb", NAN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cards); i++)
    {
      const Part parts[] = { { cards[i].id, 1 }, { NULL } };
      g_autoptr(RigBuild) build = make_build (parts, "llama-3.1-8b", "Q4_K_M", 1024);
      RigDeviceSet devices;

      rig_device_set_from_build (build, &devices);
      g_assert_cmpuint (devices.n_gpus, ==, 1);
      if (isnan (cards[i].tops))
        g_assert_true (isnan (devices.gpus[0].int32_tops));
      else
        g_assert_cmpfloat_with_epsilon (devices.gpus[0].int32_tops, cards[i].tops, 0.01);
    }
}

/* AMD's two-channel desktop processors decode at RIG_DECODE_EFF_CPU_AMD_DESKTOP of their
 * memory up to what their Infinity Fabric reads (RIG_DECODE_AMD_DESKTOP_READ_GBPS); servers,
 * Threadrippers and Intel's desktops keep RIG_DECODE_EFF_CPU. So a Ryzen 9 5950X with DDR4-3200
 * decodes a CPU-only 8B model faster than at 0.68 of its bandwidth, and a 9950X3D with
 * DDR5-6000 no faster than its fabric reads. */
static void
test_device_amd_desktop_decode (void)
{
  static const struct { const char *cpu, *kit; guint kits; double eff; } hosts[] = {
    { "amd-ryzen-9-5950x", "corsair-vengeance-lpx-ddr4-3200-cl16-2x16gb", 1,
      RIG_DECODE_EFF_CPU_AMD_DESKTOP },
    { "amd-ryzen-9-9950x3d", "corsair-vengeance-ddr5-6000-cl30-2x48gb", 1,
      RIG_DECODE_AMD_DESKTOP_READ_GBPS / 96.0 },
    { "amd-epyc-9554", "kingston-server-premier-ddr5-4800-rdimm-32gb", 12, 0 },
    { "amd-threadripper-7970x", "kingston-server-premier-ddr5-4800-rdimm-32gb", 4, 0 },
    { "intel-core-i9-14900k", "corsair-vengeance-ddr5-6000-cl30-2x48gb", 1, 0 },
  };
  double tps[2];

  for (guint i = 0; i < G_N_ELEMENTS (hosts); i++)
    {
      const Part parts[] = { { hosts[i].cpu, 1 }, { hosts[i].kit, hosts[i].kits }, { NULL } };
      g_autoptr(RigBuild) build = make_build (parts, "llama-3.1-8b", "Q4_K_M", 4096);
      RigDeviceSet devices;
      RigReport report;
      RigWorkloadResult r;

      rig_device_set_from_build (build, &devices);
      g_assert_true (devices.has_host);
      g_assert_cmpfloat_with_epsilon (devices.host.decode_eff, hosts[i].eff, 1e-6);
      plan (build, &report, &r);
      g_assert_cmpint (r.fit, ==, RIG_FIT_CPU);
      if (i < 2)
        tps[i] = r.decode_tokens_per_s;
      if (i == 0)
        /* Above what 0.68 of DDR4-3200's 51.2 GB/s would give for its 4.9 GB a token. */
        g_assert_cmpfloat (r.decode_tokens_per_s, >, RIG_DECODE_EFF_CPU * 51.2 / 4.9);
      rig_report_clear (&report);
    }
  /* DDR5-6000 still decodes faster than DDR4-3200, by less than their bandwidths' ratio. */
  g_assert_cmpfloat (tps[1], >, tps[0]);
  g_assert_cmpfloat (tps[1] / tps[0], <, 96.0 / 51.2);
}

/* llama.cpp's decode unpacks block quantizations on a card's integer lanes
 * (RIG_DECODE_MMVQ_INT_OPS_PER_BYTE): on an H100 and an H200, which share the GH100's integer
 * rate, Gemma 4 31B in Q4_K_M decodes at nearly the same speed (68 and 71 t/s in the 2026
 * llama-server table of calibration.csv), whatever the H200's 43 % more bandwidth, and the
 * plan names compute as the bound; an RTX 4090 stays bound by its reads, and 16-bit weights,
 * which nothing unpacks, by the H100's. */
static void
test_decode_mmvq_integer_bound (void)
{
  static const Part h100[] = { { "nvidia-h100-sxm5", 1 }, { NULL } };
  static const Part h200[] = { { "nvidia-h200-sxm", 1 }, { NULL } };
  static const Part rtx4090[] = { { "nvidia-rtx-4090", 1 }, { NULL } };
  g_autoptr(RigBuild) a = make_build (h100, "gemma-4-31b", "Q4_K_M", 1024);
  g_autoptr(RigBuild) b = make_build (h200, "gemma-4-31b", "Q4_K_M", 1024);
  g_autoptr(RigBuild) c = make_build (rtx4090, "gemma-4-31b", "Q4_K_M", 1024);
  g_autoptr(RigBuild) f16 = make_build (h100, "llama-3.1-8b", "F16", 1024);
  RigReport report;
  RigWorkloadResult ra, rb, rc, rf;

  plan (a, &report, &ra);
  rig_report_clear (&report);
  plan (b, &report, &rb);
  rig_report_clear (&report);
  plan (c, &report, &rc);
  rig_report_clear (&report);
  plan (f16, &report, &rf);
  rig_report_clear (&report);
  g_assert_cmpfloat (rb.decode_tokens_per_s / ra.decode_tokens_per_s, <, 1.05);
  g_assert_cmpint (ra.decode_bound, ==, RIG_SPEED_BOUND_COMPUTE);
  g_assert_cmpint (rb.decode_bound, ==, RIG_SPEED_BOUND_COMPUTE);
  g_assert_cmpint (rc.decode_bound, ==, RIG_SPEED_BOUND_BANDWIDTH);
  g_assert_cmpint (rf.decode_bound, ==, RIG_SPEED_BOUND_BANDWIDTH);
}

/* Whether @report says it could not check something in @area containing @words. */
static gboolean
has_not_checked (const RigReport *report,
                 RigArea          area,
                 const char      *words)
{
  for (guint i = 0; i < report->not_checked->len; i++)
    {
      const RigNotChecked *n = &g_array_index (report->not_checked, RigNotChecked, i);

      if (n->area == area && n->what != NULL && strstr (n->what, words) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* A data-centre card whose FP32 rate the catalog lacks (the H200 NVL) has no integer rate to
 * bound llama.cpp's unpacking: its quantized decode is planned on the reads alone, and the plan
 * says so; the H200 SXM, and 16-bit weights, which nothing unpacks, need no such words. */
static void
test_decode_int32_rate_missing (void)
{
  static const Part nvl[] = { { "nvidia-h200-nvl", 1 }, { NULL } };
  static const Part sxm[] = { { "nvidia-h200-sxm", 1 }, { NULL } };
  g_autoptr(RigBuild) a = make_build (nvl, "gemma-4-31b", "Q4_K_M", 4096);
  g_autoptr(RigBuild) b = make_build (sxm, "gemma-4-31b", "Q4_K_M", 4096);
  g_autoptr(RigBuild) c = make_build (nvl, "gemma-4-31b", "BF16", 4096);
  RigReport report;
  RigWorkloadResult r;

  plan (a, &report, &r);
  g_assert_true (isnan (report.devices.gpus[0].int32_tops));
  g_assert_true (has_not_checked (&report, RIG_AREA_SPEED, "integer rate"));
  g_assert_cmpint (r.decode_bound, ==, RIG_SPEED_BOUND_BANDWIDTH);
  rig_report_clear (&report);
  plan (b, &report, &r);
  g_assert_false (has_not_checked (&report, RIG_AREA_SPEED, "integer rate"));
  rig_report_clear (&report);
  plan (c, &report, &r);
  g_assert_false (has_not_checked (&report, RIG_AREA_SPEED, "integer rate"));
  rig_report_clear (&report);
}

/* Decode speed of @build's first workload under @runtime, with the device set's first GPU's
 * two_dies flag set to @two_dies. */
static double
decode_with_two_dies (RigBuild  *build,
                      RigRuntime runtime,
                      gboolean   two_dies)
{
  RigWorkload *w = workload_of (build);
  RigDeviceSet devices;
  RigWorkloadResult r;

  w->runtime = runtime;
  rig_device_set_from_build (build, &devices);
  devices.gpus[0].two_dies = two_dies;
  memset (&r, 0, sizeof r);
  rig_memory_evaluate (w, &devices, &r);
  rig_speed_evaluate (w, &devices, 1024, 512, &r);
  return r.decode_tokens_per_s;
}

/* Prompt and decode speeds of @build's first workload, with the device set's first GPU's
 * blackwell flag set to @blackwell. */
static void
speeds_with_blackwell (RigBuild *build,
                       gboolean  blackwell,
                       double   *prefill,
                       double   *decode)
{
  RigWorkload *w = workload_of (build);
  RigDeviceSet devices;
  RigWorkloadResult r;

  rig_device_set_from_build (build, &devices);
  devices.gpus[0].blackwell = blackwell;
  memset (&r, 0, sizeof r);
  rig_memory_evaluate (w, &devices, &r);
  g_assert_cmpint (r.fit, ==, RIG_FIT_GPU);
  rig_speed_evaluate (w, &devices, 1024, 2048, &r);
  *prefill = r.prefill_tokens_per_s;
  *decode = r.decode_tokens_per_s;
}

/* Blackwell's GeForce and workstation cards run llama.cpp's routed-expert matmuls at
 * RIG_PREFILL_EXPERT_FACTOR_BLACKWELL of the rate Ampere's and Ada's reach: a mixture of experts'
 * prompt on an RTX 5090 is slower for it, by no more than the experts' share of the time can
 * make it, and neither its decode nor a dense model's prompt changes. The flag is the RTX 50 and
 * RTX PRO 6000 cards', not the RTX 4090's or the DGX Spark's. */
static void
test_prefill_experts_blackwell (void)
{
  static const Part rtx5090[] = { { "nvidia-rtx-5090", 1 }, { NULL } };
  static const Part pro[] = { { "nvidia-rtx-pro-6000-blackwell", 1 }, { NULL } };
  static const Part ada[] = { { "nvidia-rtx-4090", 1 }, { NULL } };
  static const Part spark[] = { { "nvidia-dgx-spark", 1 }, { NULL } };
  g_autoptr(RigBuild) moe = make_build (rtx5090, "qwen3-30b-a3b", "Q4_K_M", 4096);
  g_autoptr(RigBuild) dense = make_build (rtx5090, "llama-3.1-8b", "Q4_K_M", 4096);
  g_autoptr(RigBuild) b_pro = make_build (pro, "qwen3-30b-a3b", "Q4_K_M", 4096);
  g_autoptr(RigBuild) b_ada = make_build (ada, "qwen3-30b-a3b", "Q4_K_M", 4096);
  g_autoptr(RigBuild) b_spark = make_build (spark, "qwen3-30b-a3b", "Q4_K_M", 4096);
  RigDeviceSet devices;
  double prefill_bw, decode_bw, prefill, decode;

  rig_device_set_from_build (moe, &devices);
  g_assert_true (devices.gpus[0].blackwell);
  rig_device_set_from_build (b_pro, &devices);
  g_assert_true (devices.gpus[0].blackwell);
  rig_device_set_from_build (b_ada, &devices);
  g_assert_false (devices.gpus[0].blackwell);
  rig_device_set_from_build (b_spark, &devices);
  g_assert_cmpuint (devices.n_gpus, ==, 1);
  g_assert_false (devices.gpus[0].blackwell);

  speeds_with_blackwell (moe, TRUE, &prefill_bw, &decode_bw);
  speeds_with_blackwell (moe, FALSE, &prefill, &decode);
  g_assert_cmpfloat (prefill_bw, <, 0.95 * prefill);
  g_assert_cmpfloat (prefill_bw, >=, RIG_PREFILL_EXPERT_FACTOR_BLACKWELL * prefill);
  g_assert_cmpfloat (decode_bw, ==, decode);

  speeds_with_blackwell (dense, TRUE, &prefill_bw, &decode_bw);
  speeds_with_blackwell (dense, FALSE, &prefill, &decode);
  g_assert_cmpfloat (prefill_bw, ==, prefill);
  g_assert_cmpfloat (decode_bw, ==, decode);
}

/* Apple's Ultra chips, two Max dies, spend RIG_DECODE_T0_APPLE_MLX_TWO_DIES_EXTRA_MS more a
 * token under MLX; llama.cpp's Metal backend does not. The M3 Ultra has two dies, the M3 Max
 * one. */
static void
test_decode_mlx_two_dies (void)
{
  static const Part ultra[] = { { "apple-mac-studio-m3-ultra-60c-256gb", 1 }, { NULL } };
  static const Part max[] = { { "apple-macbook-pro-m3-max-40c-128gb", 1 }, { NULL } };
  g_autoptr(RigBuild) a = make_build (ultra, "llama-3.1-8b", "MLX-4bit", 4096);
  g_autoptr(RigBuild) b = make_build (max, "llama-3.1-8b", "MLX-4bit", 4096);
  RigDeviceSet da, db;
  double two, one;

  rig_device_set_from_build (a, &da);
  rig_device_set_from_build (b, &db);
  g_assert_true (da.gpus[0].two_dies);
  g_assert_false (db.gpus[0].two_dies);
  two = decode_with_two_dies (a, RIG_RUNTIME_MLX, TRUE);
  one = decode_with_two_dies (a, RIG_RUNTIME_MLX, FALSE);
  g_assert_cmpfloat_with_epsilon ((1 / two - 1 / one) / (RIG_DECODE_T0_APPLE_MLX_TWO_DIES_EXTRA_MS / 1000),
                                  1.0, 1e-6);
  g_assert_cmpfloat (decode_with_two_dies (a, RIG_RUNTIME_LLAMA_CPP, TRUE), ==,
                     decode_with_two_dies (a, RIG_RUNTIME_LLAMA_CPP, FALSE));
}

/* On an HBM card the time llama.cpp's decode spends on each expert matrix follows the card's
 * integer rate (RIG_DECODE_EXPERT_MATRIX_INT_OPS_HBM): Qwen3.6-35B-A3B's 960 expert matrices a
 * token cost an A100 16.75 / 9.75 times the time they cost an H100, so it decodes slower there
 * than its bandwidth alone (2039 against 3350 GB/s, and the same model's weights) would say. */
static void
test_decode_expert_matrices_hbm (void)
{
  static const Part a100[] = { { "nvidia-a100-sxm4-80gb", 1 }, { NULL } };
  static const Part h100[] = { { "nvidia-h100-sxm5", 1 }, { NULL } };
  g_autoptr(RigBuild) a = make_build (a100, "qwen3.6-35b-a3b", "Q4_K_M", 1024);
  g_autoptr(RigBuild) h = make_build (h100, "qwen3.6-35b-a3b", "Q4_K_M", 1024);
  g_autoptr(RigBuild) dense = make_build (h100, "qwen3.6-27b", "Q4_K_M", 1024);
  RigReport report;
  RigWorkloadResult ra, rh, rd;
  double matrices = 40 * 8 * 3;
  double gap = matrices * RIG_DECODE_EXPERT_MATRIX_INT_OPS_HBM * (1 / 9.75e12 - 1 / 16.75e12);

  plan (a, &report, &ra);
  rig_report_clear (&report);
  plan (h, &report, &rh);
  rig_report_clear (&report);
  plan (dense, &report, &rd);
  rig_report_clear (&report);
  /* The A100's step is longer by at least the matrices' difference. */
  g_assert_cmpfloat (1 / ra.decode_tokens_per_s - 1 / rh.decode_tokens_per_s, >, gap);
  g_assert_cmpfloat (rh.decode_tokens_per_s, <, 220);
  g_assert_cmpfloat (rd.decode_tokens_per_s, >, 0);
}

/* Gemma 4 26B-A4B's GGUF keeps each expert's gate and up as one matrix (ffn_gate_up_exps): a
 * token reads two matrices from each of its 8 experts in 30 layers, not three, and pays
 * RIG_DECODE_EXPERT_MATRIX_US_CUDA 240 times fewer on an RTX 3090. */
static void
test_decode_fused_expert_matrices (void)
{
  static const Part parts[] = { { "nvidia-rtx-3090", 1 }, { NULL } };
  g_autoptr(RigBuild) fused = make_build (parts, "gemma-4-26b-a4b", "Q4_0", 4096);
  g_autoptr(RigBuild) apart = make_build (parts, "gemma-4-26b-a4b", "Q4_0", 4096);
  RigReport report;
  RigWorkloadResult f, a;

  g_assert_cmpfloat (workload_of (fused)->model->matrices_per_expert, ==, 2);
  workload_of (apart)->model->matrices_per_expert = NAN;
  plan (fused, &report, &f);
  rig_report_clear (&report);
  plan (apart, &report, &a);
  rig_report_clear (&report);
  g_assert_cmpfloat_with_epsilon ((1 / a.decode_tokens_per_s - 1 / f.decode_tokens_per_s) /
                                    (30 * 8 * 1 * RIG_DECODE_EXPERT_MATRIX_US_CUDA * 1e-6),
                                  1.0, 0.01);
}

/* Between its matrices a prompt's token passes through fp32 kernels bound by memory
 * (RIG_PREFILL_PASS_BYTES_*), which weigh most on a small model. Llama 3.2 1B on an RTX 4090
 * (660.6 int8 TOPS, 1008 GB/s): 2 x 1.24 billion FLOPs a token at the matrices' rate, 16 layers
 * of 32 heads of 64 over 256 tokens on average at the attention's, and 16 layers of 2048 wide,
 * K projections of 8 x 64 and a feed-forward of 8192 through the passes: over a third of the
 * time, where LLaMA 3.1 8B spends under a quarter there. */
static void
test_prefill_passes (void)
{
  double peak = RIG_PREFILL_EFF_INT8_MMA * 660.6e12;
  double pass = pass_seconds (RIG_DECODE_EFF_NVIDIA_GDDR, 1008, 16, 2048, 512, 8192);
  double gqa = (4 + 1) / (RIG_LLAMACPP_FA_GQA_FULL + 1);   /* 32 query heads on 8 KV heads */
  double expected = 2 * 1.24e9 / (RIG_PREFILL_MATRIX_FACTOR_LLAMA_CPP * peak) +
                    4.0 * 16 * 32 * 64 * 256 / (gqa * peak) + pass;
  double seconds = prompt_seconds ("nvidia-rtx-4090", "llama-3.2-1b", "Q4_0", RIG_RUNTIME_LLAMA_CPP, 512, NULL) / 512;
  double big = prompt_seconds ("nvidia-rtx-4090", "llama-3.1-8b", "Q4_0", RIG_RUNTIME_LLAMA_CPP, 512, NULL) / 512;

  g_assert_cmpfloat_with_epsilon (seconds / expected, 1.0, 1e-6);
  g_assert_cmpfloat (pass / seconds, >, 1.0 / 3);
  g_assert_cmpfloat (pass_seconds (RIG_DECODE_EFF_NVIDIA_GDDR, 1008, 32, 4096, 1024, 14336) / big, <, 0.25);

  /* A model only 256 wide (Qwen1.5-0.5B's 24 layers narrowed: 58 million weights, most of them
   * the embedding) spends most of its prompt in the passes, which the plan names. */
  {
    static const Part parts[] = { { "nvidia-rtx-4090", 1 }, { NULL } };
    g_autoptr(RigBuild) build = make_build (parts, "qwen1.5-0.5b", "Q4_0", 512);
    RigWorkload *w = workload_of (build);
    RigReport report;
    RigWorkloadResult r;

    w->runtime = RIG_RUNTIME_LLAMA_CPP;
    w->model->hidden_size = 256;
    w->model->intermediate_size = 704;
    w->model->heads = w->model->kv_heads = 4;
    w->model->head_dim = 64;
    w->model->params_b = w->model->active_params_b = 0.058;
    plan (build, &report, &r);
    rig_report_clear (&report);
    g_assert_cmpint (r.prefill_bound, ==, RIG_SPEED_BOUND_BANDWIDTH);
  }
}

/* vLLM on an HBM card: a prompt runs at RIG_PREFILL_EFF_NVIDIA_HBM_VLLM of the card's dense
 * figure, and a request waits RIG_VLLM_REQUEST_OVERHEAD_MS on the server, which binds a short
 * prompt. Qwen3-8B on an H100 SXM (989.4 TFLOPS): 2 x 8.19e9 FLOPs a token for the weights and
 * 4 x 36 x 32 x 128 per token of context for attention, over half the prompt on average. */
static void
test_prefill_vllm (void)
{
  RigSpeedBound bound;
  double flops = 2 * 8.19e9 + 4.0 * 36 * 32 * 128 * 8192 / 2;
  double expected = RIG_VLLM_REQUEST_OVERHEAD_MS / 1000.0 +
                    8192 * flops / (RIG_PREFILL_EFF_NVIDIA_HBM_VLLM * 989.4e12);
  double seconds = prompt_seconds ("nvidia-h100-sxm5", "qwen3-8b", "BF16", RIG_RUNTIME_VLLM, 8192, &bound);

  g_assert_cmpfloat_with_epsilon (seconds / expected, 1.0, 0.01);
  g_assert_cmpint (bound, ==, RIG_SPEED_BOUND_COMPUTE);
  flops = 2 * 8.19e9 + 4.0 * 36 * 32 * 128 * 128 / 2;
  expected = RIG_VLLM_REQUEST_OVERHEAD_MS / 1000.0 + 128 * flops / (RIG_PREFILL_EFF_NVIDIA_HBM_VLLM * 989.4e12);
  seconds = prompt_seconds ("nvidia-h100-sxm5", "qwen3-8b", "BF16", RIG_RUNTIME_VLLM, 128, &bound);
  g_assert_cmpfloat_with_epsilon (seconds / expected, 1.0, 0.01);
  g_assert_cmpint (bound, ==, RIG_SPEED_BOUND_FRAMEWORK);
}

/* gpt-oss-20b's prompts on NVIDIA's GeForce and workstation cards ran 8 to 61 % below the plan
 * (calibration.csv), and on a Tesla V100 40 and 55 %: on an RTX 4090 and on a V100 the plan says
 * so, with the speeds that range gives, and does not offer -ub 2048, which measured no faster
 * there; split by tensor, on an AMD card, on an H100, where no run was found, and for another
 * mixture it says nothing of the kind, and that mixture is offered the larger ubatch.
 * gpt-oss-120b's ran 47 to 50 % below it on one RTX PRO 6000 at -ub 2048, which the plan says
 * there; at the default ubatch, and split by layers over four RTX 4090s, where it held, it does
 * not. */
static void
test_cuda_prompt_shortfall (void)
{
  static const Part nvidia[] = { { "nvidia-rtx-4090", 1 }, { NULL } };
  static const Part two[] = { { "nvidia-rtx-4090", 2 }, { NULL } };
  static const Part amd[] = { { "amd-radeon-rx-7900-xtx", 1 }, { NULL } };
  static const Part h100[] = { { "nvidia-h100-pcie", 1 }, { NULL } };
  static const Part v100[] = { { "nvidia-tesla-v100-pcie-32gb", 1 }, { NULL } };
  static const Part rtx_pro[] = { { "nvidia-rtx-pro-6000-blackwell", 1 }, { NULL } };
  static const Part four_4090[] = { { "nvidia-rtx-4090", 4 }, { NULL } };
  g_autoptr(RigBuild) build = make_build (nvidia, "gpt-oss-20b", "MXFP4", 8192);
  g_autoptr(RigBuild) split = make_build (two, "gpt-oss-20b", "MXFP4", 8192);
  g_autoptr(RigBuild) radeon = make_build (amd, "gpt-oss-20b", "MXFP4", 8192);
  g_autoptr(RigBuild) hbm = make_build (h100, "gpt-oss-20b", "MXFP4", 8192);
  g_autoptr(RigBuild) volta = make_build (v100, "gpt-oss-20b", "MXFP4", 8192);
  g_autoptr(RigBuild) qwen = make_build (nvidia, "qwen3-30b-a3b", "Q4_K_M", 8192);
  g_autoptr(RigBuild) pro = make_build (rtx_pro, "gpt-oss-120b", "MXFP4", 8192);
  g_autoptr(RigBuild) four = make_build (four_4090, "gpt-oss-120b", "MXFP4", 8192);
  g_autofree char *low_tps = NULL, *high_tps = NULL;
  const RigFinding *finding;
  RigReport report;
  RigWorkloadResult r;
  int low, high;

  g_assert_true (rig_speed_cuda_prompt_shortfall ("gpt-oss-20b", &low, &high));
  g_assert_cmpint (low, ==, 8);
  g_assert_cmpint (high, ==, 61);
  g_assert_true (rig_speed_cuda_prompt_shortfall ("gpt-oss-120b", NULL, NULL));
  g_assert_false (rig_speed_cuda_prompt_shortfall ("qwen3-30b-a3b", NULL, NULL));
  g_assert_false (rig_speed_cuda_prompt_shortfall (NULL, NULL, NULL));

  plan (build, &report, &r);
  g_assert_cmpint (r.fit, ==, RIG_FIT_GPU);
  finding = find_finding (&report, "speed.cuda-prompt");
  g_assert_nonnull (finding);
  g_assert_cmpint (finding->severity, ==, RIG_SEVERITY_INFO);
  low_tps = g_strdup_printf ("%.0f to", r.prefill_tokens_per_s * (1 - high / 100.0));
  high_tps = g_strdup_printf ("%.0f tokens/s", r.prefill_tokens_per_s * (1 - low / 100.0));
  g_assert_nonnull (strstr (finding->message, "8 to 61 %"));
  g_assert_nonnull (strstr (finding->message, rig_speed_cuda_prompt_measured ("gpt-oss-20b")));
  g_assert_nonnull (strstr (finding->message, low_tps));
  g_assert_nonnull (strstr (finding->message, high_tps));
  g_assert_false (has_finding (&report, "speed.moe-ubatch"));
  rig_report_clear (&report);
  /* The result carries the same speeds, which the Speed row names after the plan's own; a lean
   * plan leaves them out. */
  g_assert_cmpfloat_with_epsilon (r.prefill_tokens_per_s_measured[0], r.prefill_tokens_per_s * 0.39, 1e-6);
  g_assert_cmpfloat_with_epsilon (r.prefill_tokens_per_s_measured[1], r.prefill_tokens_per_s * 0.92, 1e-6);
  {
    g_autofree char *speeds = rig_speed_describe (workload_of (build), &r);
    g_autofree char *range = g_strdup_printf ("about %.0f to %.0f", r.prefill_tokens_per_s_measured[0],
                                              r.prefill_tokens_per_s_measured[1]);

    g_assert_nonnull (strstr (speeds, range));
  }
  rig_report_init_lean (&report);
  rig_plan_evaluate (build, &report);
  g_assert_true (isnan (g_array_index (report.workloads, RigWorkloadResult, 0).prefill_tokens_per_s_measured[0]));
  rig_report_clear (&report);

  workload_of (split)->split = RIG_SPLIT_TENSOR;
  plan (split, &report, &r);
  g_assert_true (r.tensor_parallel);
  g_assert_false (has_finding (&report, "speed.cuda-prompt"));
  g_assert_true (isnan (r.prefill_tokens_per_s_measured[0]) && isnan (r.prefill_tokens_per_s_measured[1]));
  rig_report_clear (&report);

  plan (radeon, &report, &r);
  g_assert_cmpint (r.fit, ==, RIG_FIT_GPU);
  g_assert_false (has_finding (&report, "speed.cuda-prompt"));
  rig_report_clear (&report);

  /* No run on a current data-centre card was found; the V100's ran within the range. */
  plan (hbm, &report, &r);
  g_assert_cmpint (r.fit, ==, RIG_FIT_GPU);
  g_assert_false (has_finding (&report, "speed.cuda-prompt"));
  rig_report_clear (&report);
  plan (volta, &report, &r);
  g_assert_cmpint (r.fit, ==, RIG_FIT_GPU);
  finding = find_finding (&report, "speed.cuda-prompt");
  g_assert_nonnull (finding);
  g_assert_nonnull (strstr (finding->message, "8 to 61 %"));
  g_assert_nonnull (strstr (finding->message, "V100"));
  g_assert_cmpfloat_with_epsilon (r.prefill_tokens_per_s_measured[0], r.prefill_tokens_per_s * 0.39, 1e-6);
  g_assert_false (has_finding (&report, "speed.moe-ubatch"));
  rig_report_clear (&report);

  /* At the default ubatch, which that run did not measure, nothing is said, and -ub 2048, where
   * it ran below the plan, is not offered; at its 2048 it is said. */
  plan (pro, &report, &r);
  g_assert_cmpint (r.fit, ==, RIG_FIT_GPU);
  g_assert_false (has_finding (&report, "speed.cuda-prompt"));
  g_assert_false (has_finding (&report, "speed.moe-ubatch"));
  rig_report_clear (&report);
  workload_of (pro)->ubatch = 2048;
  plan (pro, &report, &r);
  finding = find_finding (&report, "speed.cuda-prompt");
  g_assert_nonnull (finding);
  g_assert_nonnull (strstr (finding->message, "47 to 50 %"));
  g_assert_cmpfloat_with_epsilon (r.prefill_tokens_per_s_measured[0], r.prefill_tokens_per_s * 0.50, 1e-6);
  rig_report_clear (&report);

  workload_of (four)->ubatch = 2048;
  plan (four, &report, &r);
  g_assert_cmpint (r.fit, ==, RIG_FIT_GPU);
  g_assert_cmpuint (r.gpus_used, >, 1);
  g_assert_false (has_finding (&report, "speed.cuda-prompt"));
  g_assert_true (isnan (r.prefill_tokens_per_s_measured[0]));
  rig_report_clear (&report);

  plan (qwen, &report, &r);
  g_assert_cmpint (r.fit, ==, RIG_FIT_GPU);
  g_assert_false (has_finding (&report, "speed.cuda-prompt"));
  g_assert_true (isnan (r.prefill_tokens_per_s_measured[0]));
  {
    g_autofree char *speeds = rig_speed_describe (workload_of (qwen), &r);

    g_assert_null (strstr (speeds, "put it at"));
  }
  g_assert_true (has_finding (&report, "speed.moe-ubatch"));
  rig_report_clear (&report);
}

/* A mixture of experts' expert matmuls run llama.cpp's kernels over the tokens routed to each
 * expert, at the ubatch law's rate for that many; a sliding-window layer attends over its window
 * only. gpt-oss-120b: 5.1 billion active weights, 114.66 billion in 128 experts of which 4 run a
 * token, 36 layers of 64 heads of 64, half of them over a window of 128. */
static void
test_prefill_experts_and_windows (void)
{
  static const Part parts[] = { { "nvidia-a100-sxm4-80gb", 1 }, { NULL } };
  g_autoptr(RigBuild) build = make_build (parts, "gpt-oss-120b", "MXFP4", 2048);
  RigWorkload *w = workload_of (build);
  RigReport report;
  RigWorkloadResult big, small;
  double attn = 4.0 * (18 * 1024.0 + 18 * 128.0) * 64 * 64;
  /* The matrices run at RIG_PREFILL_MATRIX_FACTOR_LLAMA_CPP of the A100's rate (the HBM
   * efficiency of its 312 TFLOPS), attention at that rate; the passes between them (36 layers of
   * 2880, K projections of 8 x 64, 4 experts' feed-forward of 2880) take the same time at any
   * ubatch. */
  double peak = RIG_PREFILL_EFF_NVIDIA_HBM * 312e12;
  double experts = 2 * 114.66e9 * 4 / 128 / RIG_PREFILL_MATRIX_FACTOR_LLAMA_CPP;
  double dense = (2 * 5.1e9 - 2 * 114.66e9 * 4 / 128) / RIG_PREFILL_MATRIX_FACTOR_LLAMA_CPP + attn;
  double pass = pass_seconds (RIG_DECODE_EFF_NVIDIA_HBM, 2039, 36, 2880, 512, 4 * 2880) * peak;
  double t_big, t_small;

  w->runtime = RIG_RUNTIME_LLAMA_CPP;
  w->ubatch = 2048;
  plan (build, &report, &big);
  /* At -ub 2048 there is nothing to offer; at 512 the plan says what 2048 gives. */
  g_assert_false (has_finding (&report, "speed.moe-ubatch"));
  rig_report_clear (&report);
  g_assert_cmpint (big.prefill_bound, ==, RIG_SPEED_BOUND_COMPUTE);
  w->ubatch = 512;
  plan (build, &report, &small);
  g_assert_true (has_finding (&report, "speed.moe-ubatch"));
  rig_report_clear (&report);
  g_assert_cmpint (small.prefill_bound, ==, RIG_SPEED_BOUND_COMPUTE);
  /* Time a token takes against the rate at 512 tokens: (1 + 64 / u) / (1 + 64 / 512). */
#define SCALE(u) ((1 + 64.0 / (u)) / (1 + 64.0 / 512))
  t_big = dense * SCALE (2048) + experts * SCALE (2048 * 4 / 128.0) + pass;
  t_small = dense * SCALE (512) + experts * SCALE (512 * 4 / 128.0) + pass;
  g_assert_cmpfloat_with_epsilon (big.prefill_tokens_per_s / small.prefill_tokens_per_s, t_small / t_big, 1e-9);
  /* At -ub 256 each expert gets 8 tokens, which the matrix-vector kernels take: priced as 16. */
  {
    RigWorkloadResult tiny;
    double t_tiny = dense * SCALE (256) + experts * SCALE (16) + pass;

    w->ubatch = 256;
    plan (build, &report, &tiny);
    rig_report_clear (&report);
    g_assert_cmpfloat_with_epsilon (small.prefill_tokens_per_s / tiny.prefill_tokens_per_s, t_tiny / t_small, 1e-9);
  }
#undef SCALE
}

/* Tensor parallelism pays two all-reduces a layer for each token: over NVLink a fixed latency
 * whatever the number of GPUs, over PCIe one per step of NCCL's ring, 2 (n - 1) of them. */
static void
test_tensor_parallel_allreduce (void)
{
  for (guint n = 2; n <= 4; n += 2)
    {
      Part parts[] = { { "nvidia-rtx-a6000", n }, { NULL } };
      g_autoptr(RigBuild) build = make_build (parts, "llama-3.1-70b", "AWQ-4bit", 4096);
      RigWorkload *w = workload_of (build);
      RigDeviceSet devices;
      RigWorkloadResult r, pcie, nvlink;
      double extra_ms, expected_ms;

      w->runtime = RIG_RUNTIME_VLLM;
      rig_device_set_from_build (build, &devices);
      rig_memory_evaluate (w, &devices, &r);
      g_assert_true (r.tensor_parallel);
      g_assert_cmpuint (r.gpus_used, ==, n);
      pcie = nvlink = r;
      rig_speed_evaluate (w, &devices, 1024, 512, &pcie);
      for (guint g = 0; g < devices.n_gpus; g++)
        devices.gpus[g].nvlink = TRUE;
      rig_speed_evaluate (w, &devices, 1024, 512, &nvlink);

      extra_ms = 1000.0 / pcie.decode_tokens_per_s - 1000.0 / nvlink.decode_tokens_per_s;
      expected_ms = 2 * w->model->layers *
                    (RIG_TP_ALLREDUCE_US_PCIE_STEP * 2 * (n - 1) - RIG_TP_ALLREDUCE_US_NVLINK) / 1000.0;
      g_assert_cmpfloat_with_epsilon (extra_ms, expected_ms, 1e-6);
    }
}

/* Training speed: the FLOPs a token costs at the GPUs' 16-bit rate. Llama 3.2 3B ties its output
 * head to the embedding, so every parameter is multiplied; 28 layers of 24 x 128 query heads
 * attend over 4096 tokens. */
static void
test_training_speed (void)
{
  static const Part parts[] = { { "nvidia-a100-sxm4-80gb", 1 }, { NULL } };
  g_autoptr(RigBuild) build = make_build (parts, "llama-3.2-3b", "BF16", 4096);
  RigWorkload *w = workload_of (build);
  RigReport report;
  RigWorkloadResult full, ckpt, lora, compiled;
  double n2, attention;

  w->mode = RIG_MODE_FULL_FINETUNE;
  w->runtime = RIG_RUNTIME_TORCHTUNE;
  plan (build, &report, &full);
  rig_report_clear (&report);
  g_assert_cmpint (w->model->tied_embeddings, ==, 1);
  n2 = 2 * w->model->params_b * 1e9;
  attention = 4.0 * 28 * 4096 * 24 * 128;
  g_assert_cmpfloat_with_epsilon (full.train_tokens_per_s,
                                  RIG_TRAIN_HFU_EAGER * 312e12 / (3 * n2 + 3 * attention), 1e-6);
  /* Checkpointing runs the forward pass again. */
  w->gradient_checkpointing = TRUE;
  plan (build, &report, &ckpt);
  rig_report_clear (&report);
  g_assert_cmpfloat_with_epsilon (full.train_tokens_per_s / ckpt.train_tokens_per_s,
                                  (4 * n2 + 4 * attention) / (3 * n2 + 3 * attention), 1e-9);
  /* Frozen weights need no gradients of their own; attention's backward pass stays. */
  w->mode = RIG_MODE_LORA;
  plan (build, &report, &lora);
  rig_report_clear (&report);
  g_assert_cmpfloat_with_epsilon (lora.train_tokens_per_s / ckpt.train_tokens_per_s,
                                  (4 * n2 + 4 * attention) / (3 * n2 + 4 * attention), 1e-9);
  w->torch_compile = TRUE;
  plan (build, &report, &compiled);
  rig_report_clear (&report);
  g_assert_cmpfloat_with_epsilon (compiled.train_tokens_per_s / lora.train_tokens_per_s,
                                  RIG_TRAIN_COMPILE_SPEEDUP, 1e-9);
}

/* More users: more tokens in all, fewer for each, and the first token later. */
static void
test_serve_scaling (void)
{
  static const Part parts[] = { { "nvidia-h100-sxm5", 1 }, { NULL } };
  g_autoptr(RigBuild) build = make_build (parts, "llama-3.1-8b", "BF16", 8192);
  RigWorkloadResult prev = { 0 };
  static const guint users[] = { 1, 2, 4, 8, 16, 32, 64 };

  workload_of (build)->runtime = RIG_RUNTIME_VLLM;
  /* A per-user speed asks for the serving figures of a single user too. */
  workload_of (build)->min_user_tokens_per_s = 1;
  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      RigWorkloadResult r = serve_at (build, users[i]);

      g_assert_cmpint (r.runtime, ==, RIG_RUNTIME_VLLM);
      g_assert_cmpfloat (r.serve_users, ==, users[i]);
      g_assert_cmpfloat (r.serve_queued, ==, 0);
      g_assert_cmpfloat_with_epsilon (r.serve_total_tokens_per_s,
                                      users[i] * r.serve_user_tokens_per_s, 1e-9);
      g_assert_cmpfloat (r.serve_first_token_s, >, 0);
      /* One user reads its prompt too: slower than the plan's decode at the same context. */
      if (i == 0)
        g_assert_cmpfloat (r.serve_user_tokens_per_s, <, r.decode_tokens_per_s_start);
      else
        {
          g_assert_cmpfloat (r.serve_total_tokens_per_s, >, prev.serve_total_tokens_per_s);
          g_assert_cmpfloat (r.serve_user_tokens_per_s, <, prev.serve_user_tokens_per_s);
          g_assert_cmpfloat (r.serve_first_token_s, >=, prev.serve_first_token_s);
        }
      prev = r;
    }
}

/* The KV cache caps the users decoding at once; the others wait. */
static void
test_serve_kv_cap (void)
{
  static const Part parts[] = { { "nvidia-rtx-4090", 1 }, { NULL } };
  g_autoptr(RigBuild) vllm = make_build (parts, "llama-3.1-8b", "AWQ-4bit", 8192);
  g_autoptr(RigBuild) llama = make_build (parts, "llama-3.1-8b", "Q4_K_M", 8192);
  RigWorkload *w = workload_of (vllm);
  RigWorkloadResult r;
  g_autofree char *line = NULL;
  double cap;

  /* vLLM: the pool in tokens over each request's prompt and output. */
  w->runtime = RIG_RUNTIME_VLLM;
  w->prompt_tokens = 2000;
  w->output_tokens = 500;
  r = serve_at (vllm, 1000);
  g_assert_cmpint (r.fit, ==, RIG_FIT_GPU);
  cap = MIN (floor (r.kv_pool_tokens / 2500), RIG_VLLM_SERVE_MAX_SEQS);
  g_assert_cmpfloat (cap, >=, 2);
  g_assert_cmpfloat (r.serve_max_users, ==, cap);
  g_assert_cmpfloat (r.serve_users, ==, cap);
  g_assert_cmpfloat (r.serve_queued, ==, 1000 - cap);
  line = rig_speed_serve_describe (w, &r);
  g_assert_nonnull (strstr (line, "wait for a place"));
  g_clear_pointer (&line, g_free);

  /* llama.cpp's server: -c divided by the slots. */
  w = workload_of (llama);
  w->runtime = RIG_RUNTIME_LLAMA_CPP;
  r = serve_at (llama, 10);
  g_assert_cmpfloat (r.serve_max_users, ==, 7);    /* 8192 / (1024 + 128) */
  g_assert_cmpfloat (r.serve_users, ==, 7);
  g_assert_cmpfloat (r.serve_queued, ==, 3);

  /* A request longer than a slot holds does not run at all, and the plan says so. */
  w->prompt_tokens = 9000;
  r = serve_at (llama, 2);
  g_assert_cmpfloat (r.serve_users, ==, 0);
  g_assert_true (isnan (r.serve_user_tokens_per_s));
  line = rig_speed_serve_describe (w, &r);
  g_assert_nonnull (strstr (line, "does not fit"));
}

/* The target search returns the largest number of users that each keep the speed. */
static void
test_serve_target (void)
{
  static const Part parts[] = { { "nvidia-rtx-4090", 1 }, { NULL } };
  g_autoptr(RigBuild) build = make_build (parts, "llama-3.1-8b", "AWQ-4bit", 8192);
  RigWorkload *w = workload_of (build);
  RigWorkloadResult r, at, past;
  g_autofree char *line = NULL;
  double target, best;

  w->runtime = RIG_RUNTIME_VLLM;
  w->prompt_tokens = 512;
  w->output_tokens = 256;
  /* Between what 5 and 6 users each get. */
  target = (serve_at (build, 5).serve_user_tokens_per_s + serve_at (build, 6).serve_user_tokens_per_s) / 2;
  w->min_user_tokens_per_s = target;
  r = serve_at (build, 1);
  g_assert_cmpfloat (r.serve_max_users_at_target, ==, 5);

  /* Any speed: the largest that passes, and one more fails. */
  w->min_user_tokens_per_s = 0.5 * serve_at (build, 1).serve_user_tokens_per_s;
  best = serve_at (build, 1).serve_max_users_at_target;
  g_assert_cmpfloat (best, >, 1);
  at = serve_at (build, (guint) best);
  g_assert_cmpfloat (at.serve_user_tokens_per_s, >=, w->min_user_tokens_per_s);
  past = serve_at (build, (guint) best + 1);
  g_assert_true (past.serve_queued > 0 || past.serve_user_tokens_per_s < w->min_user_tokens_per_s);
  line = rig_speed_serve_target_describe (w, &at);
  g_assert_nonnull (strstr (line, "users at"));
  g_clear_pointer (&line, g_free);

  /* A speed no single user reaches, and one every user the cache holds reaches. */
  w->min_user_tokens_per_s = 2 * r.decode_tokens_per_s_start;
  g_assert_cmpfloat (serve_at (build, 1).serve_max_users_at_target, ==, 0);
  w->min_user_tokens_per_s = 0.1;
  r = serve_at (build, 1);
  g_assert_cmpfloat (r.serve_max_users_at_target, ==, r.serve_max_users);
  line = rig_speed_serve_target_describe (w, &r);
  g_assert_nonnull (strstr (line, "Up to"));
}

/* A draft model for speculative decoding: resolved from the catalog into @build's workload. */
static void
set_draft (RigBuild   *build,
           const char *model,
           const char *quant,
           guint       tokens,
           double      acceptance)
{
  RigWorkload *w = workload_of (build);
  g_autoptr(GError) error = NULL;

  g_free (w->draft_model_id);
  g_free (w->draft_quant_id);
  w->draft_model_id = g_strdup (model);
  w->draft_quant_id = g_strdup (quant);
  w->draft_tokens = tokens;
  w->draft_acceptance = acceptance;
  rig_catalog_resolve_build (catalog, build, &error);
  g_assert_no_error (error);
}

/* The memory plan hands the speed plan the KV cache it worked out (RigWorkloadResult.kv_bytes);
 * the speeds are the ones the speed plan gets working it out itself, for the model and for a
 * draft model, whose own cache it must not take for the model's. */
static void
test_kv_bytes_handed_on (void)
{
  static const Part parts[] = { { "nvidia-rtx-3090", 2 }, { NULL } };
  g_autoptr(RigBuild) build = make_build (parts, "llama-3.1-8b", "Q4_K_M", 32768);
  RigWorkload *w = workload_of (build);
  RigDeviceSet devices;

  rig_device_set_from_build (build, &devices);
  for (guint with_draft = 0; with_draft < 2; with_draft++)
    {
      RigWorkloadResult handed, own;

      if (with_draft)
        set_draft (build, "llama-3.2-1b", NULL, 4, 0.7);
      rig_memory_evaluate (w, &devices, &handed);
      g_assert_cmpfloat (handed.kv_bytes, ==, rig_memory_kv_bytes (w, w->context) * w->batch);
      own = handed;
      own.kv_bytes = NAN;
      rig_speed_evaluate (w, &devices, w->context, w->context, &handed);
      rig_speed_evaluate (w, &devices, w->context, w->context, &own);
      g_assert_cmpfloat (handed.decode_tokens_per_s, >, 0);
      g_assert_cmpfloat (handed.decode_tokens_per_s, ==, own.decode_tokens_per_s);
      g_assert_cmpfloat (handed.decode_tokens_per_s_start, ==, own.decode_tokens_per_s_start);
      g_assert_cmpfloat (handed.decode_tokens_per_s_end, ==, own.decode_tokens_per_s_end);
      g_assert_cmpfloat (handed.prefill_tokens_per_s, ==, own.prefill_tokens_per_s);
      g_assert_cmpfloat (handed.speculative_speedup, ==, own.speculative_speedup);
      if (with_draft)
        g_assert_cmpfloat (handed.speculative_speedup, >, 0);
    }
}

/* A draft at the model's quantization takes the fallback types by its own shapes: Qwen2.5-72B's
 * down projections (29568 wide) fall back from Q4_K_M's mix, Qwen2.5-7B's (18944) keep it. */
static void
test_draft_row_fallback (void)
{
  static const Part none[] = { { NULL } };
  g_autoptr(RigBuild) build = make_build (none, "qwen-2.5-72b", "Q4_K_M", 4096);
  RigWorkload *w = workload_of (build);

  set_draft (build, "qwen-2.5-7b", NULL, 4, 0.7);
  g_assert_cmpfloat_with_epsilon (w->bits[RIG_TENSOR_FFN_DOWN], 0.5 * 8.5 + 0.5 * 5.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (w->draft_bits[RIG_TENSOR_FFN_DOWN], 0.5 * 6.5625 + 0.5 * 4.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (w->draft_bits[RIG_TENSOR_DEFAULT], w->bits[RIG_TENSOR_DEFAULT], 1e-9);
}

/* A weights file whose size the user gives (Unsloth's Qwen3.6-35B-A3B-UD-Q4_K_XL.gguf: 20.81 GiB,
 * where the Q4_K_M recipe gives 19.6): the weights term is that size, every group of tensors in
 * proportion, the routed experts too, so decode reads that much more a token. A draft keeps its
 * own size, and a training workload, which has no such file, its parameters'. */
static void
test_weights_file_size (void)
{
  static const Part parts[] = { { "nvidia-rtx-4090", 1 }, { NULL } };
  g_autoptr(RigBuild) plain = make_build (parts, "qwen3.6-35b-a3b", "Q4_K_M", 4096);
  g_autoptr(RigBuild) file = make_build (parts, "qwen3.6-35b-a3b", "Q4_K_M", 4096);
  g_autoptr(RigBuild) lora = make_build (parts, "llama-3.2-1b", "BF16", 1024);
  RigReport ra, rb, rc, rd;
  RigWorkloadResult x, y, z, t;
  double ratio, draft;

  workload_of (file)->weights_gib = 20.81;
  plan (plain, &ra, &x);
  plan (file, &rb, &y);
  ratio = 20.81 * RIG_GIB / x.memory.terms[RIG_MEMORY_WEIGHTS];
  g_assert_cmpfloat (ratio, >, 1.0);
  g_assert_cmpfloat (fabs ((double) y.memory.terms[RIG_MEMORY_WEIGHTS] - 20.81 * RIG_GIB), <, 2);
  g_assert_cmpfloat_with_epsilon (y.expert_bytes / x.expert_bytes, ratio, 1e-9);
  g_assert_cmpfloat_with_epsilon ((y.used_bytes[0] - x.used_bytes[0]) /
                                    (double) (y.memory.terms[RIG_MEMORY_WEIGHTS] - x.memory.terms[RIG_MEMORY_WEIGHTS]),
                                  1.0, 1e-6);
  g_assert_cmpfloat (y.decode_tokens_per_s, <, x.decode_tokens_per_s);
  g_assert_cmpfloat (y.decode_tokens_per_s, >, x.decode_tokens_per_s / ratio);

  {
    g_autoptr(RigBuild) spec = make_build (parts, "llama-3.1-8b", "Q4_K_M", 4096);

    set_draft (spec, "llama-3.2-1b", NULL, 5, 0.8);
    draft = rig_memory_draft_bytes (workload_of (spec));
    workload_of (spec)->weights_gib = 5.1;
    g_assert_cmpfloat (rig_memory_draft_bytes (workload_of (spec)), ==, draft);
  }

  workload_of (lora)->mode = RIG_MODE_LORA;
  plan (lora, &rc, &z);
  workload_of (lora)->weights_gib = 5.0;
  plan (lora, &rd, &t);
  g_assert_cmpuint (t.memory.terms[RIG_MEMORY_WEIGHTS], ==, z.memory.terms[RIG_MEMORY_WEIGHTS]);
  rig_report_clear (&ra);
  rig_report_clear (&rb);
  rig_report_clear (&rc);
  rig_report_clear (&rd);
}

/* @build's first workload with the tensor types @recipe is refused where the catalog resolves
 * it, with the place and @why in the message. */
static void
assert_recipe_refused (RigBuild   *build,
                       const char *recipe,
                       const char *why)
{
  RigWorkload *w = workload_of (build);
  g_autoptr(GError) error = NULL;

  g_free (w->recipe);
  w->recipe = g_strdup (recipe);
  g_assert_false (rig_catalog_resolve_build (catalog, build, &error));
  g_assert_nonnull (strstr (error->message, "workloads[0].recipe: "));
  g_assert_nonnull (strstr (error->message, why));
}

/* A file's own tensor types (RigWorkload.recipe): Unsloth's 4-bit Gemma 4 26B-A4B keeps every
 * tensor outside the experts in Q8_0, its experts' gate and up in Q4_K and their down in Q5_K,
 * stored as Q5_1 since the experts' rows of 704 are no whole number of 256-weight blocks. Of a
 * file of the same size, a token reads more (the tensors outside the experts, which every token
 * reads, hold more of it), so decode is slower; the recipe alone gives its own size. */
static void
test_file_recipe (void)
{
  static const Part parts[] = { { "nvidia-rtx-4090", 1 }, { NULL } };
  static const char *unsloth = "default:Q8_0;ffn_gate_exps:Q4_K;ffn_up_exps:Q4_K;"
                               "ffn_down_exps:Q5_K";
  g_autoptr(RigBuild) plain = make_build (parts, "gemma-4-26b-a4b", "Q4_K_M", 4096);
  g_autoptr(RigBuild) typed = make_build (parts, "gemma-4-26b-a4b", "Q4_K_M", 4096);
  g_autoptr(GError) error = NULL;
  RigWorkload *w = workload_of (typed);
  RigReport ra, rb, rc, rd;
  RigWorkloadResult x, y, u, v;

  w->recipe = g_strdup (unsloth);
  g_assert_true (rig_catalog_resolve_build (catalog, typed, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (w->bits[RIG_TENSOR_DEFAULT], ==, 8.5);
  g_assert_cmpfloat (w->bits[RIG_TENSOR_ATTN_V], ==, 8.5);
  g_assert_cmpfloat (w->bits[RIG_TENSOR_EXPERTS], ==, 4.5);
  g_assert_cmpfloat (w->bits[RIG_TENSOR_EXPERTS_DOWN], ==, 6.0);
  g_assert_cmpfloat (workload_of (plain)->bits[RIG_TENSOR_DEFAULT], ==, 4.5);

  /* The recipe alone: its own size, smaller experts' share. */
  plan (plain, &ra, &x);
  plan (typed, &rb, &y);
  g_assert_cmpfloat (y.expert_bytes / y.memory.terms[RIG_MEMORY_WEIGHTS], <,
                     x.expert_bytes / x.memory.terms[RIG_MEMORY_WEIGHTS]);

  /* The same file's size given: that file (and the copy of the tied embedding llama.cpp makes
   * for the output on the GPU, at each file's type), read slower a token. */
  workload_of (plain)->weights_gib = w->weights_gib = 15.90;
  plan (plain, &rc, &u);
  plan (typed, &rd, &v);
  g_assert_cmpfloat (fabs (u.memory.terms[RIG_MEMORY_WEIGHTS] - 15.90 * RIG_GIB -
                           rig_memory_head_bytes (workload_of (plain))), <, 2);
  g_assert_cmpfloat (fabs (v.memory.terms[RIG_MEMORY_WEIGHTS] - 15.90 * RIG_GIB -
                           rig_memory_head_bytes (w)), <, 2);
  g_assert_cmpfloat (v.expert_bytes, <, u.expert_bytes);
  g_assert_cmpfloat (v.decode_tokens_per_s, <, 0.9 * u.decode_tokens_per_s);

  /* A copy keeps the types; a type the catalog lacks, or a recipe on weights that are not GGUF,
   * is refused with the place. */
  {
    g_autoptr(RigWorkload) copy = rig_workload_copy (w);

    g_assert_cmpstr (copy->recipe, ==, unsloth);
  }
  assert_recipe_refused (typed, "default:Q8_0;ffn_gate_exps:Q9_K", "Q9_K");
  /* A type the catalog has, but not a GGUF file's (bitsandbytes' NF4), is refused too. */
  assert_recipe_refused (typed, "default:Q8_0;ffn_gate_exps:NF4",
                         "“NF4” is not a GGUF tensor type");
  /* F16 tensors are a GGUF file's own (the catalog's F16 is every runtime's float). */
  g_free (w->recipe);
  w->recipe = g_strdup ("default:Q8_0;token_embd:F16");
  g_assert_true (rig_catalog_resolve_build (catalog, typed, &error));
  g_assert_no_error (error);
  g_free (w->quant_id);
  w->quant_id = g_strdup ("AWQ-4bit");
  assert_recipe_refused (typed, unsloth, "AWQ-4bit");
  rig_report_clear (&ra);
  rig_report_clear (&rb);
  rig_report_clear (&rc);
  rig_report_clear (&rd);
}

/* The draft's weights and KV cache are a term of their own, on the GPU beside the model; a draft
 * as large as the model no longer fits where the model alone does. */
static void
test_draft_memory (void)
{
  static const Part parts[] = { { "nvidia-rtx-3060-12gb", 1 }, { NULL } };
  g_autoptr(RigBuild) plain = make_build (parts, "llama-3.1-8b", "Q8_0", 4096);
  g_autoptr(RigBuild) spec = make_build (parts, "llama-3.1-8b", "Q8_0", 4096);
  g_autoptr(RigBuild) big = make_build (parts, "llama-3.1-8b", "Q8_0", 4096);
  RigReport ra, rb, rc;
  RigWorkloadResult x, y, z;
  double draft;

  set_draft (spec, "llama-3.2-1b", NULL, 5, 0.8);
  set_draft (big, "llama-3.1-8b", NULL, 5, 0.8);
  workload_of (big)->offload = FALSE;
  plan (plain, &ra, &x);
  plan (spec, &rb, &y);
  plan (big, &rc, &z);

  g_assert_cmpuint (x.memory.terms[RIG_MEMORY_DRAFT], ==, 0);
  /* Llama 3.2 1B at Q8_0: 1.24 B weights at 8.5 bits, 1.3 GB, and a cache of 16 layers. */
  draft = rig_memory_draft_bytes (workload_of (spec));
  g_assert_cmpfloat (draft, >, 1.24e9 * 8.5 / 8);
  g_assert_cmpfloat (draft, <, 1.24e9 * 8.5 / 8 + 0.3 * RIG_GIB);
  g_assert_cmpuint (y.memory.terms[RIG_MEMORY_DRAFT], ==, (guint64) draft);
  g_assert_cmpuint (y.memory.weights_bytes, ==, x.memory.weights_bytes + (guint64) draft);
  g_assert_cmpuint (y.memory.total_bytes, ==, x.memory.total_bytes + (guint64) draft);
  g_assert_cmpfloat (fabs ((double) y.used_bytes[0] - (double) x.used_bytes[0] - draft), <, 2);
  g_assert_cmpint (y.fit, ==, RIG_FIT_GPU);
  g_assert_cmpstr (rig_memory_term_to_string (RIG_MEMORY_DRAFT), ==, "draft");

  g_assert_cmpint (x.fit, ==, RIG_FIT_GPU);
  g_assert_cmpint (z.fit, ==, RIG_FIT_NONE);
  rig_report_clear (&ra);
  rig_report_clear (&rb);
  rig_report_clear (&rc);
}

/* vLLM takes the draft out of each GPU's share before the KV-block pool. */
static void
test_draft_memory_vllm (void)
{
  static const Part parts[] = { { "nvidia-rtx-4090", 2 }, { NULL } };
  g_autoptr(RigBuild) plain = make_build (parts, "llama-3.1-8b", "BF16", 8192);
  g_autoptr(RigBuild) spec = make_build (parts, "llama-3.1-8b", "BF16", 8192);
  RigReport ra, rb;
  RigWorkloadResult x, y;

  workload_of (plain)->runtime = RIG_RUNTIME_VLLM;
  workload_of (spec)->runtime = RIG_RUNTIME_VLLM;
  set_draft (spec, "llama-3.2-1b", NULL, 3, 0.7);
  plan (plain, &ra, &x);
  plan (spec, &rb, &y);
  g_assert_cmpuint (y.memory.terms[RIG_MEMORY_DRAFT], >, 2 * 1.24e9);
  g_assert_cmpfloat (y.kv_pool_tokens, <, x.kv_pool_tokens);
  g_assert_cmpfloat (x.memory.kv_cache_bytes - y.memory.kv_cache_bytes, >,
                     0.95 * y.memory.terms[RIG_MEMORY_DRAFT]);
  rig_report_clear (&ra);
  rig_report_clear (&rb);
}

/* A small draft the model mostly agrees with speeds decode up; one it rarely agrees with, or
 * one as large as the model, slows it down. The plain speed is the plan's without a draft. */
static void
test_draft_speed (void)
{
  static const Part parts[] = { { "nvidia-rtx-3090", 2 }, { NULL } };
  g_autoptr(RigBuild) plain = make_build (parts, "llama-3.1-70b", "Q4_K_M", 8192);
  g_autoptr(RigBuild) good = make_build (parts, "llama-3.1-70b", "Q4_K_M", 8192);
  g_autoptr(RigBuild) bad = make_build (parts, "llama-3.1-70b", "Q4_K_M", 8192);
  g_autoptr(RigBuild) slow = make_build (parts, "llama-3.1-70b", "Q4_K_M", 8192);
  RigReport ra, rb, rc, rd;
  RigWorkloadResult x, g, b, s;

  set_draft (good, "llama-3.2-1b", "Q8_0", 3, 0.8);
  set_draft (bad, "llama-3.2-1b", "Q8_0", 8, 0.1);
  set_draft (slow, "llama-3.1-8b", "Q8_0", 3, 0.8);
  plan (plain, &ra, &x);
  plan (good, &rb, &g);
  plan (bad, &rc, &b);
  plan (slow, &rd, &s);

  g_assert_cmpfloat (x.speculative_speedup, ==, 0);
  g_assert_cmpfloat (g.decode_tokens_per_s_plain, ==, x.decode_tokens_per_s);
  /* alpha 0.8, 3 tokens: (1 - 0.8^4) / 0.2 = 2.952 tokens a step. */
  g_assert_cmpfloat (fabs (g.draft_tokens_per_step - 2.952), <, 1e-9);
  g_assert_cmpfloat (g.speculative_speedup, >, 1.5);
  g_assert_cmpfloat (g.speculative_speedup, <, g.draft_tokens_per_step);
  g_assert_cmpfloat (fabs (g.decode_tokens_per_s / g.decode_tokens_per_s_plain - g.speculative_speedup), <, 1e-9);
  g_assert_cmpfloat (g.decode_tokens_per_s_start, >=, g.decode_tokens_per_s_end);
  /* The draft reads the prompt as well. */
  g_assert_cmpfloat (g.prefill_tokens_per_s, <, x.prefill_tokens_per_s);
  g_assert_cmpfloat (g.prefill_tokens_per_s, >, 0.9 * x.prefill_tokens_per_s);

  g_assert_cmpfloat (b.speculative_speedup, <, 1);
  g_assert_cmpfloat (b.decode_tokens_per_s, <, x.decode_tokens_per_s);
  g_assert_cmpfloat (s.speculative_speedup, <, g.speculative_speedup);

  /* A draft that slows decode is said to, as a warning saying what to change, and its value
   * reads “… % slower”, not “0.6× faster”; a draft that speeds it up draws no warning. */
  {
    g_autofree char *gain = rig_speed_speculative_value (workload_of (good), &g);
    g_autofree char *loss = rig_speed_speculative_value (workload_of (bad), &b);
    g_autofree char *expected = g_strdup_printf ("%.0f %% slower",
                                                 100 * (1 - b.speculative_speedup));

    g_assert_nonnull (strstr (gain, "× faster"));
    g_assert_cmpstr (loss, ==, expected);
    g_assert_null (strstr (loss, "faster"));
    g_assert_false (has_finding (&rb, "speed.draft-slower"));
    g_assert_true (has_finding (&rc, "speed.draft-slower"));
    g_assert_false (has_finding (&ra, "speed.draft-slower"));
  }

  /* A draft of another vocabulary, which llama.cpp refuses: planned without it, and said so. */
  {
    g_autoptr(RigBuild) other = make_build (parts, "llama-3.1-70b", "Q4_K_M", 8192);
    g_autofree char *why = NULL;
    RigReport ro;
    RigWorkloadResult o;

    set_draft (other, "qwen3-4b", "Q8_0", 3, 0.8);
    plan (other, &ro, &o);
    g_assert_false (rig_workload_draft_usable (workload_of (other)));
    g_assert_true (rig_workload_draft_usable (workload_of (good)));
    g_assert_cmpfloat (o.speculative_speedup, ==, 0);
    g_assert_cmpfloat (o.decode_tokens_per_s, ==, x.decode_tokens_per_s);
    g_assert_cmpuint (o.memory.terms[RIG_MEMORY_DRAFT], ==, 0);
    why = rig_speed_describe_speculative (workload_of (other), &o);
    g_assert_nonnull (strstr (why, "vocabulary of 151936 tokens and Llama 3.1 70B one of 128256"));
    g_assert_nonnull (strstr (why, "Planned without a draft"));
    rig_report_clear (&ro);
  }
  rig_report_clear (&ra);
  rig_report_clear (&rb);
  rig_report_clear (&rc);
  rig_report_clear (&rd);
}

/* Public measurements of speculative decoding in llama.cpp: the draft's length, the share of
 * its tokens the model kept (llama.cpp's accept = n_accept / n_drafted), and the decode speed
 * without the draft (NAN where not measured) and with it. */
typedef struct
{
  const char *source;
  const char *part, *part2;           /* part2 NULL: one kind of GPU */
  guint       count, count2;
  const char *model, *quant;
  const char *draft, *draft_quant;    /* draft NULL: Qwen2.5-Coder-3B, built below */
  guint       context, gamma;
  double      kept;
  double      plain_tokens_per_s, speculative_tokens_per_s;
} SpecMeasurement;

static const SpecMeasurement spec_measurements[] = {
  /* RTX 3060 12GB, llama-cli and llama-speculative -ngl 33 -ngld 17, n_draft 5, 526 of 730
   * drafted tokens kept (llama.cpp issue 5877, comment of 2024-11-19). */
  { "github.com/ggml-org/llama.cpp/issues/5877", "nvidia-rtx-3060-12gb", NULL, 1, 0,
    "llama-3.1-8b", "Q8_0", "llama-3.2-1b", "Q8_0", 1024, 5, 526.0 / 730, 32.49, 55.473 },
  /* Mac mini M4 Pro 64 GB, llama-speculative -ngl 1000 -ngld 1000 -fa --top-k 1 --draft-max 16
   * --draft-min 5, 313 of 912 kept; "usually about 11 tokens per second" without the draft
   * (llama.cpp PR 10455, comment of 2024-11-26). Q4_K_M stands in for the target's Q4_K_L. */
  { "github.com/ggml-org/llama.cpp/pull/10455", "apple-mac-mini-m4-pro-64gb", NULL, 1, 0,
    "qwen-2.5-coder-32b", "Q4_K_M", NULL, "Q4_0", 1024, 16, 313.0 / 912, 11.0, 10.781 },
  /* One RTX 4080 and two RTX 3090, llama-speculative -ngl 100 -ngld 100 -c 4096 -n 512
   * --top_k 1 --draft 8, the average of four prompts: 32.42 tokens/s, 58.68 % accepted
   * (devquasar.com, "Speculative decoding tradeoffs GPU with large models Llama 70B 8B"; the
   * speed without the draft is only in a chart there). */
  { "devquasar.com/uncategorized/speculative-decoding-tradeoffs-gpu-with-large-models-llama-70b-8b/",
    "nvidia-rtx-4080", "nvidia-rtx-3090", 1, 2, "llama-3-70b", "Q4_K_M", "llama-3-8b", "Q4_K_M",
    4096, 8, 0.5868, NAN, 32.42 },
  /* Qwen3.8-27B (Qwen3.5-27B's architecture; the Qwen3.6 27B row stands in) Q4_K_M, 131K of q4_0
   * KV, llama-server --spec-type draft-mtp --spec-draft-n-max 2 --parallel 1 against the same
   * server without it, medians of 3 runs x 3 prompts; the acceptance each row gives (a range:
   * its middle). sudoingX/qwen38-mtp README @01b319c, 'Community numbers'. */
  { "sudoingX/qwen38-mtp: RTX 3090 24GB (b10450)", "nvidia-rtx-3090", NULL, 1, 0,
    "qwen3.6-27b", "Q4_K_M", RIG_DRAFT_MTP, NULL, 4096, 2, (0.69 + 0.87) / 2, 41.3, 63.5 },
  { "sudoingX/qwen38-mtp: RTX 3090 24GB", "nvidia-rtx-3090", NULL, 1, 0,
    "qwen3.6-27b", "Q4_K_M", RIG_DRAFT_MTP, NULL, 4096, 2, 0.78, 31.0, 41.3 },
  { "sudoingX/qwen38-mtp: RTX 4090 24GB", "nvidia-rtx-4090", NULL, 1, 0,
    "qwen3.6-27b", "Q4_K_M", RIG_DRAFT_MTP, NULL, 4096, 2, 0.56, 47.7, 76.3 },
  { "sudoingX/qwen38-mtp: RTX PRO 6000 Blackwell 96GB", "nvidia-rtx-pro-6000-blackwell", NULL, 1, 0,
    "qwen3.6-27b", "Q4_K_M", RIG_DRAFT_MTP, NULL, 4096, 2, (0.72 + 0.81) / 2, 63.8, 91.5 },
  { "sudoingX/qwen38-mtp: RTX 3090 Ti 24GB (Q4_K_M, 128K)", "nvidia-rtx-3090-ti", NULL, 1, 0,
    "qwen3.6-27b", "Q4_K_M", RIG_DRAFT_MTP, NULL, 4096, 2, (0.47 + 0.93) / 2, 42.0, 60.9 },
};

/* Qwen2.5-Coder-3B, which the catalog lacks: 3.09 B parameters, 2.77 B of them outside the
 * embedding, 36 layers, 16 query and 2 KV heads, tied embeddings (its model card,
 * huggingface.co/Qwen/Qwen2.5-Coder-3B); hidden size 2048, FFN 11008, head size 128 and a
 * vocabulary of 151,936 as the 3B Qwen2.5 text model's config (a copy of Qwen2.5-Omni-3B's,
 * Tyr/Model/Qwen25Omni/Config.lean), which matches the card: 151,936 x 2048 = 0.31 B of
 * embedding. */
static RigModel *
qwen25_coder_3b (void)
{
  g_autoptr(GError) error = NULL;
  RigModel *m = rig_catalog_get_model (catalog, "qwen-2.5-coder-32b", &error);

  g_assert_no_error (error);
  m->params_b = m->active_params_b = 3.09;
  m->layers = 36;
  m->hidden_size = 2048;
  m->intermediate_size = 11008;
  m->heads = 16;
  m->kv_heads = 2;
  m->head_dim = 128;
  m->vocab = 151936;
  m->tied_embeddings = 1;
  return m;
}

static double
quant_bits (const char *id,
            gpointer    user_data)
{
  g_autoptr(RigQuant) quant = rig_catalog_get_quant (catalog, id, NULL);

  return quant != NULL ? quant->bits_per_weight : NAN;
}

/* The engine's speed-up against each measured one, within a factor: the engine costs a verify
 * of gamma + 1 tokens as one decode step, or their FLOPs where those take longer, and in
 * llama.cpp each drafted token's integer work beside the step's unpacking
 * (RIG_LLAMACPP_VERIFY_UNPACK_SHARE), or a quarter of a step where the card's integer rate is
 * unknown (RIG_LLAMACPP_VERIFY_EXTRA_PER_TOKEN). On the M4 Pro, whose compute the
 * catalog lacks, a step took 604 ms, 155 ms of them drafting (8.8 s of draft evaluation over 57
 * steps), against 91 ms for one decode step. Each row's figures are printed. */
#define RIG_TEST_SPEC_TOLERANCE 1.5
/* DeepSeek's own prediction module: 14 B beside the model, and one token drafted a step at its
 * measured acceptance gives about the "1.8 times TPS" the DeepSeek-V3 technical report (arXiv
 * 2412.19437 §5.4.3) measured. A model the catalog records no module for runs without one, and
 * the plan says so. */
static void
test_draft_mtp (void)
{
  static const Part parts[] = { { "nvidia-h200-sxm", 8 }, { NULL } };
  g_autoptr(RigBuild) plain = make_build (parts, "deepseek-r1", "FP8", 8192);
  g_autoptr(RigBuild) mtp = make_build (parts, "deepseek-r1", "FP8", 8192);
  g_autoptr(RigBuild) none = make_build (parts, "llama-3.1-70b", "FP8", 8192);
  g_autofree char *why = NULL;
  RigReport ra, rb, rc;
  RigWorkloadResult x, y, z;
  double draft;

  workload_of (plain)->runtime = RIG_RUNTIME_VLLM;
  workload_of (mtp)->runtime = RIG_RUNTIME_VLLM;
  set_draft (mtp, RIG_DRAFT_MTP, NULL, 1, RIG_DRAFT_ACCEPTANCE_MTP);
  set_draft (none, RIG_DRAFT_MTP, NULL, 1, RIG_DRAFT_ACCEPTANCE_MTP);
  plan (plain, &ra, &x);
  plan (mtp, &rb, &y);
  plan (none, &rc, &z);

  g_assert_cmpstr (workload_of (mtp)->draft_model->id, ==, "deepseek-r1-mtp");
  /* 14 B at FP8, and a layer's KV cache. */
  draft = (double) y.memory.terms[RIG_MEMORY_DRAFT];
  g_assert_cmpfloat (draft, >, 14e9);
  g_assert_cmpfloat (draft, <, 1.15 * 14e9);
  /* 1.85 tokens a step, at little more than the cost of one. */
  g_assert_cmpfloat (fabs (y.draft_tokens_per_step - 1.85), <, 1e-9);
  g_assert_cmpfloat (y.speculative_speedup, >, 1.65);
  g_assert_cmpfloat (y.speculative_speedup, <, 1.85);
  g_assert_cmpfloat (y.decode_tokens_per_s_plain, ==, x.decode_tokens_per_s);

  g_assert_null (workload_of (none)->draft_model);
  g_assert_cmpuint (z.memory.terms[RIG_MEMORY_DRAFT], ==, 0);
  g_assert_cmpfloat (z.speculative_speedup, ==, 0);
  why = rig_speed_describe_speculative (workload_of (none), &z);
  g_assert_nonnull (strstr (why, "no multi-token prediction module for Llama 3.1 70B"));
  rig_report_clear (&ra);
  rig_report_clear (&rb);
  rig_report_clear (&rc);
}

/* Gemma 4 31B drafts with its assistant, a drafter file of 0.47 B (RigModel.mtp_drafter): the
 * draft's memory is its weights, its own tied table among them, and no KV cache, as it attends over
 * the model's; -ngl counts the model's layers alone, and the catalog lists the drafter only as a
 * draft. */
static void
test_draft_mtp_drafter (void)
{
  static const Part parts[] = { { "nvidia-rtx-5090", 1 }, { NULL } };
  g_autoptr(RigBuild) build = make_build (parts, "gemma-4-31b", "Q4_K_M", 4096);
  g_autoptr(RigBuild) longer = make_build (parts, "gemma-4-31b", "Q4_K_M", 32768);
  g_autoptr(GPtrArray) models = rig_catalog_list_models (catalog, NULL);
  RigWorkload *w = workload_of (build);
  RigReport report;
  RigWorkloadResult r;
  double bytes;

  w->runtime = RIG_RUNTIME_LLAMA_CPP;
  set_draft (build, RIG_DRAFT_MTP, "Q8_0", 3, 0.7);
  set_draft (longer, RIG_DRAFT_MTP, "Q8_0", 3, 0.7);
  g_assert_nonnull (w->draft_model);
  g_assert_cmpstr (w->draft_model->id, ==, "gemma-4-31b-assistant");
  g_assert_true (rig_model_is_drafter (w->draft_model));
  bytes = rig_memory_draft_bytes (w);
  g_assert_cmpfloat_with_epsilon (bytes, 0.47e9 * 8.5 / 8, 0.01e9);
  g_assert_cmpfloat (rig_memory_draft_bytes (workload_of (longer)), ==, bytes);
  /* Each drafted token reads the drafter and the model's cache its layers attend over. */
  g_assert_cmpfloat (rig_memory_draft_read_bytes (w, NULL), >, bytes);
  g_assert_cmpfloat (rig_memory_llamacpp_layers (w), ==, 60);

  plan (build, &report, &r);
  g_assert_cmpint (r.fit, ==, RIG_FIT_GPU);
  g_assert_cmpuint (r.memory.terms[RIG_MEMORY_DRAFT], ==, (guint64) bytes);
  g_assert_cmpfloat (r.speculative_speedup, >, 1.0);
  rig_report_clear (&report);

  for (guint i = 0; i < models->len; i++)
    g_assert_false (rig_model_is_drafter (g_ptr_array_index (models, i)));

  /* A build file that names the drafter as its model is told what to write instead. */
  {
    g_autoptr(GError) error = NULL;

    g_free (workload_of (longer)->model_id);
    workload_of (longer)->model_id = g_strdup ("gemma-4-31b-assistant");
    g_assert_false (rig_catalog_resolve_build (catalog, longer, &error));
    g_assert_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_INVALID);
    g_assert_cmpstr (error->message, ==,
                     "workloads[0].model: Gemma 4 31B assistant (MTP drafter) is a drafter: it drafts "
                     "for another model and does not run on its own; name that model and set "
                     "\"draft_model\": \"mtp\"");
  }
}

/* Qwen3.6 27B's module uses the model's embedding and head: its memory is the module alone
 * (0.43 B), while each drafted token reads the head as well. */
static void
test_draft_mtp_shared_head (void)
{
  static const Part parts[] = { { "nvidia-rtx-3090", 1 }, { NULL } };
  g_autoptr(RigBuild) build = make_build (parts, "qwen3.6-27b", "Q4_K_M", 4096);
  RigWorkload *w = workload_of (build);
  double head;

  set_draft (build, RIG_DRAFT_MTP, NULL, 2, 0.85);
  g_assert_nonnull (w->draft_model);
  g_assert_cmpint (w->model->mtp_own_head, ==, 0);
  head = w->model->vocab * w->model->hidden_size * w->bits[RIG_TENSOR_OUTPUT] / 8;
  g_assert_cmpfloat (rig_memory_draft_bytes (w), >, 0.43e9 * 4 / 8);
  g_assert_cmpfloat (rig_memory_draft_bytes (w), <, 0.43e9 * 6.6 / 8 + 0.05 * RIG_GIB);
  g_assert_cmpfloat (rig_memory_draft_read_bytes (w, NULL), >, head);
}

static void
test_draft_calibration (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (spec_measurements); i++)
    {
      const SpecMeasurement *m = &spec_measurements[i];
      const Part parts[] = { { m->part, m->count }, { m->part2, m->count2 }, { NULL } };
      g_autoptr(RigBuild) build = make_build (parts, m->model, m->quant, m->context);
      RigWorkload *w = workload_of (build);
      double kept = m->kept;
      double measured = m->speculative_tokens_per_s / m->plain_tokens_per_s;
      RigReport report;
      RigWorkloadResult r;

      w->runtime = RIG_RUNTIME_LLAMA_CPP;
      if (m->draft != NULL)
        set_draft (build, m->draft, m->draft_quant, m->gamma, rig_test_draft_acceptance (kept, m->gamma));
      else
        {
          g_autoptr(GError) error = NULL;

          set_draft (build, m->model, m->draft_quant, m->gamma, rig_test_draft_acceptance (kept, m->gamma));
          g_clear_pointer (&w->draft_model, rig_model_free);
          w->draft_model = qwen25_coder_3b ();
          rig_workload_set_draft_quant (w, rig_catalog_get_quant (catalog, m->draft_quant, &error),
                                        quant_bits, NULL);
          g_assert_no_error (error);
        }
      plan (build, &report, &r);
      g_test_message ("%s: alpha %.3f, plain %.1f (measured %.1f), speculative %.1f (measured %.1f), "
                      "speed-up %.2f (measured %.2f)", m->source, w->draft_acceptance,
                      r.decode_tokens_per_s_plain, m->plain_tokens_per_s, r.decode_tokens_per_s,
                      m->speculative_tokens_per_s, r.speculative_speedup, measured);
      g_assert_cmpint (r.fit, ==, RIG_FIT_GPU);
      if (isnan (measured))
        {
          /* Only the speed with the draft is known: that, within the same factor. */
          g_assert_cmpfloat (r.decode_tokens_per_s, <, m->speculative_tokens_per_s * RIG_TEST_SPEC_TOLERANCE);
          g_assert_cmpfloat (r.decode_tokens_per_s, >, m->speculative_tokens_per_s / RIG_TEST_SPEC_TOLERANCE);
          rig_report_clear (&report);
          continue;
        }
      g_assert_cmpfloat (r.speculative_speedup, >, measured / RIG_TEST_SPEC_TOLERANCE);
      g_assert_cmpfloat (r.speculative_speedup, <, measured * RIG_TEST_SPEC_TOLERANCE);
      rig_report_clear (&report);
    }
}

/* A lean report reused from plan to plan, as a search reuses it, keeps what each workload needs
 * before it is placed (RigWorkloadMemo): every change to a workload, to its model in place, to
 * its quantization or its draft, to a fine-tuning run, and a change of the workloads' order, is
 * planned as a new report plans it, figure for figure. */
static void
lean_matches_fresh (RigBuild  *build,
                    RigReport *kept,
                    guint      step)
{
  RigReport fresh;

  rig_report_init_lean (&fresh);
  rig_plan_evaluate (build, &fresh);
  rig_report_reset (kept);
  rig_plan_evaluate (build, kept);
  g_assert_cmpuint (kept->workloads->len, ==, fresh.workloads->len);
  for (guint i = 0; i < fresh.workloads->len; i++)
    {
      const RigWorkloadResult *a = &g_array_index (kept->workloads, RigWorkloadResult, i);
      const RigWorkloadResult *b = &g_array_index (fresh.workloads, RigWorkloadResult, i);

      if (memcmp (a, b, G_STRUCT_OFFSET (RigWorkloadResult, reason)) != 0)
        g_test_fail_printf ("step %u, workload %u: the kept report's %.0f B, %g tokens/s against "
                            "a new report's %.0f B, %g tokens/s", step, i,
                            (double) a->memory.total_bytes, a->decode_tokens_per_s,
                            (double) b->memory.total_bytes, b->decode_tokens_per_s);
    }
  g_assert_cmpuint (kept->findings->len, ==, fresh.findings->len);
  rig_report_clear (&fresh);
}

static void
test_lean_memo (void)
{
  static const Part parts[] = { { "nvidia-rtx-3090", 2 }, { NULL } };
  g_autoptr(RigBuild) build = make_build (parts, "llama-3.1-8b", "Q4_K_M", 8192);
  RigWorkload *w = workload_of (build), *second = rig_workload_new (), *third = rig_workload_new ();
  g_autoptr(GError) error = NULL;
  RigReport kept;
  guint step = 0;

  second->model_id = g_strdup ("qwen3-30b-a3b");
  second->quant_id = g_strdup ("Q8_0");
  second->context = 16384;
  g_ptr_array_add (build->workloads, second);
  third->model_id = g_strdup ("llama-3.1-8b");
  third->quant_id = g_strdup ("BF16");
  third->mode = RIG_MODE_LORA;
  third->context = 2048;
  g_ptr_array_add (build->workloads, third);
  rig_catalog_resolve_build (catalog, build, &error);
  g_assert_no_error (error);

  rig_report_init_lean (&kept);
  lean_matches_fresh (build, &kept, step++);
  lean_matches_fresh (build, &kept, step++);   /* as kept */
  w->context = 32768;
  lean_matches_fresh (build, &kept, step++);
  w->kv_cache = RIG_KV_CACHE_Q8_0;
  lean_matches_fresh (build, &kept, step++);
  w->batch = 4;
  lean_matches_fresh (build, &kept, step++);
  /* Another quantization and another model, resolved again: the records may be made where the
   * ones they replace were. */
  g_free (w->quant_id);
  w->quant_id = g_strdup ("Q8_0");
  rig_catalog_resolve_build (catalog, build, &error);
  g_assert_no_error (error);
  lean_matches_fresh (build, &kept, step++);
  g_free (w->model_id);
  w->model_id = g_strdup ("qwen3-8b");
  rig_catalog_resolve_build (catalog, build, &error);
  g_assert_no_error (error);
  lean_matches_fresh (build, &kept, step++);
  /* The model changed in place, and said so, as a record changed in place must be. */
  w->model->kv_heads = w->model->heads;
  rig_model_changed (w->model);
  lean_matches_fresh (build, &kept, step++);
  /* A model made where the one it replaces was, as an allocator may make it, with another
   * shape: its memory and speed are worked out again. */
  {
    RigModel *copy = rig_table_record_dup (rig_model_table (), w->model);
    gconstpointer where = w->model;

    rig_model_free (w->model);
    w->model = rig_table_record_dup (rig_model_table (), copy);
    w->model->layers += 8;
    if (w->model != where)
      g_test_message ("the allocator made the model elsewhere");
    rig_model_free (copy);
  }
  lean_matches_fresh (build, &kept, step++);
  /* A draft model, then none. */
  w->draft_model_id = g_strdup ("qwen3-4b");
  rig_catalog_resolve_build (catalog, build, &error);
  g_assert_no_error (error);
  lean_matches_fresh (build, &kept, step++);
  w->draft_model->layers *= 2;
  rig_model_changed (w->draft_model);
  lean_matches_fresh (build, &kept, step++);
  /* The draft's id made again where it was, naming the model's own prediction module. */
  strcpy (w->draft_model_id, RIG_DRAFT_MTP);
  lean_matches_fresh (build, &kept, step++);
  g_clear_pointer (&w->draft_model_id, g_free);
  rig_catalog_resolve_build (catalog, build, &error);
  g_assert_no_error (error);
  lean_matches_fresh (build, &kept, step++);
  /* A fine-tuning run's rank, then the run made an inference workload. */
  third->lora_rank *= 2;
  lean_matches_fresh (build, &kept, step++);
  third->mode = RIG_MODE_INFERENCE;
  lean_matches_fresh (build, &kept, step++);
  /* Another runtime; the workloads the other way round. */
  second->runtime = RIG_RUNTIME_VLLM;
  lean_matches_fresh (build, &kept, step++);
  g_ptr_array_index (build->workloads, 0) = second;
  g_ptr_array_index (build->workloads, 1) = w;
  lean_matches_fresh (build, &kept, step++);
  rig_report_clear (&kept);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  catalog = rig_catalog_new (g_getenv ("RIGPLAN_CATALOG"), &error);
  g_assert_no_error (error);

  g_test_add_func ("/memory/kv-gqa", test_kv_gqa);
  g_test_add_func ("/memory/draft", test_draft_memory);
  g_test_add_func ("/memory/draft-vllm", test_draft_memory_vllm);
  g_test_add_func ("/memory/draft-speed", test_draft_speed);
  g_test_add_func ("/memory/draft-mtp", test_draft_mtp);
  g_test_add_func ("/memory/draft-row-fallback", test_draft_row_fallback);
  g_test_add_func ("/memory/kv-bytes-handed-on", test_kv_bytes_handed_on);
  g_test_add_func ("/memory/draft-mtp-shared-head", test_draft_mtp_shared_head);
  g_test_add_func ("/memory/draft-calibration", test_draft_calibration);
  g_test_add_func ("/memory/draft-mtp-drafter", test_draft_mtp_drafter);
  g_test_add_func ("/memory/kv-head-dim-and-sliding-window", test_kv_head_dim_and_sliding_window);
  g_test_add_func ("/memory/kv-global-layers", test_kv_global_layers);
  g_test_add_func ("/memory/weights-row-fallback", test_weights_row_fallback);
  g_test_add_func ("/memory/weights-native-experts", test_weights_native_experts);
  g_test_add_func ("/memory/weights-moe-files", test_weights_moe_files);
  g_test_add_func ("/memory/kv-mla", test_kv_mla);
  g_test_add_func ("/memory/kv-linear-attention", test_kv_linear_attention);
  g_test_add_func ("/memory/link-is-the-slot", test_link_is_the_slot);
  g_test_add_func ("/memory/memory-speed", test_memory_speed);
  g_test_add_func ("/memory/weights-mix", test_weights_mix);
  g_test_add_func ("/memory/single-gpu-fit", test_single_gpu_fit);
  g_test_add_func ("/memory/does-not-fit", test_does_not_fit);
  g_test_add_func ("/memory/does-not-fit-bars-add-up", test_does_not_fit_bars_add_up);
  g_test_add_func ("/memory/multi-gpu-per-device", test_multi_gpu_per_device);
  g_test_add_func ("/memory/layer-split-does-not-speed-decode", test_layer_split_does_not_speed_decode);
  g_test_add_func ("/memory/row-split-keeps-experts-whole", test_row_split_keeps_experts_whole);
  g_test_add_func ("/memory/tensor-split-normed-mlp", test_tensor_split_normed_mlp);
  g_test_add_func ("/memory/tied-embeddings", test_tied_embeddings);
  g_test_add_func ("/memory/weights-file-size", test_weights_file_size);
  g_test_add_func ("/memory/file-recipe", test_file_recipe);
  g_test_add_func ("/memory/offload-layers", test_offload_layers);
  g_test_add_func ("/memory/offload-moe-experts", test_offload_moe_experts);
  g_test_add_func ("/memory/head-bytes", test_head_bytes);
  g_test_add_func ("/memory/fixed-gpu-layers", test_fixed_gpu_layers);
  g_test_add_func ("/memory/fixed-gpu-layers-mtp", test_fixed_gpu_layers_mtp);
  g_test_add_func ("/memory/glm-mtp", test_glm_mtp);
  g_test_add_func ("/memory/speed-ngl-all", test_speed_ngl_all);
  g_test_add_func ("/memory/cpu-only", test_cpu_only);
  g_test_add_func ("/memory/cpu-prefill-simd", test_cpu_prefill_simd);
  g_test_add_func ("/speed/cpu-prompt-quant-finding", test_cpu_prompt_quant_finding);
  g_test_add_func ("/speed/pipeline-overlap", test_pipeline_overlap);
  g_test_add_func ("/speed/prefill-experts-blackwell", test_prefill_experts_blackwell);
  g_test_add_func ("/speed/pipeline-finding", test_pipeline_finding);
  g_test_add_func ("/speed/cpu-performance-cores", test_cpu_performance_cores);
  g_test_add_func ("/speed/sustained-compute-share", test_sustained_compute_share);
  g_test_add_func ("/speed/amd-hybrid-moe", test_amd_hybrid_moe);
  g_test_add_func ("/speed/power-limit-compute", test_power_limit_compute);
  g_test_add_func ("/speed/vllm-mla-layers", test_vllm_mla_layers);
  g_test_add_func ("/speed/vllm-marlin-fp4", test_vllm_marlin_fp4);
  g_test_add_func ("/speed/llamacpp-tensor-split", test_llamacpp_tensor_split);
  g_test_add_func ("/speed/awq-prefill", test_awq_prefill);
  g_test_add_func ("/speed/strix-halo-amd", test_strix_halo_amd);
  g_test_add_func ("/speed/intel-arc", test_intel_arc);
  g_test_add_func ("/memory/unified-memory", test_unified_memory);
  g_test_add_func ("/memory/vllm-reserves", test_vllm_reserves);
  g_test_add_func ("/memory/training", test_training);
  g_test_add_func ("/memory/findings", test_findings);
  g_test_add_func ("/memory/no-devices", test_no_devices);
  g_test_add_func ("/memory/llamacpp-flash-attention", test_llamacpp_flash_attention);
  g_test_add_func ("/memory/llamacpp-kv-cells", test_llamacpp_kv_cells);
  g_test_add_func ("/memory/mlx-kv-and-step", test_mlx_kv_and_step);
  g_test_add_func ("/memory/llamacpp-two-gpus-70b", test_llamacpp_two_gpus_70b);
  g_test_add_func ("/memory/vllm-pool", test_vllm_pool);
  g_test_add_func ("/memory/vllm-v1-pool", test_vllm_v1_pool);
  g_test_add_func ("/memory/wired-limit", test_wired_limit);
  g_test_add_func ("/memory/training-terms", test_training_terms);
  g_test_add_func ("/memory/training-apart", test_training_apart);
  g_test_add_func ("/memory/deepspeed-setup", test_deepspeed_setup);
  g_test_add_func ("/memory/optimizer-offload", test_optimizer_offload);
  g_test_add_func ("/memory/transformers-inference", test_transformers_inference);
  g_test_add_func ("/memory/litgpt-bitsandbytes", test_litgpt_bnb);
  g_test_add_func ("/memory/softcap-attention", test_softcap_attention);
  g_test_add_func ("/memory/llamacpp-weight-copy", test_llamacpp_weight_copy);
  g_test_add_func ("/memory/llamacpp-pipeline-copies", test_llamacpp_pipeline_copies);
  g_test_add_func ("/memory/lora-dropout", test_lora_dropout);
  g_test_add_func ("/speed/old-card-int8", test_speed_old_card_int8);
  g_test_add_func ("/speed/fp8-and-mxfp4", test_speed_fp8_and_mxfp4);
  g_test_add_func ("/speed/start-and-end", test_speed_start_and_end);
  g_test_add_func ("/speed/apple-prefill", test_speed_apple_prefill);
  g_test_add_func ("/speed/offload-prefill", test_speed_offload_prefill);
  g_test_add_func ("/speed/routed-experts", test_speed_routed_experts);
  g_test_add_func ("/speed/bounds", test_speed_bounds);
  g_test_add_func ("/speed/eager-prefill", test_speed_eager_prefill);
  g_test_add_func ("/speed/eager-bitsandbytes", test_speed_eager_bitsandbytes);
  g_test_add_func ("/speed/eager-host-processor", test_speed_eager_host_processor);
  g_test_add_func ("/speed/cuda-prompt-shortfall", test_cuda_prompt_shortfall);
  g_test_add_func ("/speed/llamacpp-internal-allreduce", test_llamacpp_internal_allreduce);
  g_test_add_func ("/speed/eager-kv-copies", test_speed_eager_kv_copies);
  g_test_add_func ("/memory/draft-apple-unpack-once", test_draft_apple_unpack_once);
  g_test_add_func ("/speed/eager-gptq", test_speed_eager_gptq);
  g_test_add_func ("/speed/serve-single-stream", test_serve_single_stream);
  g_test_add_func ("/speed/serve-scaling", test_serve_scaling);
  g_test_add_func ("/speed/prefill-reads-weights", test_prefill_reads_weights);
  g_test_add_func ("/speed/tensor-parallel-allreduce", test_tensor_parallel_allreduce);
  g_test_add_func ("/speed/training", test_training_speed);
  g_test_add_func ("/speed/prefill-ubatch-and-lowbit", test_prefill_ubatch_and_lowbit);
  g_test_add_func ("/speed/prefill-experts-and-windows", test_prefill_experts_and_windows);
  g_test_add_func ("/speed/prefill-wide-heads", test_prefill_wide_heads);
  g_test_add_func ("/speed/prefill-global-heads", test_prefill_global_heads);
  g_test_add_func ("/speed/prefill-vllm", test_prefill_vllm);
  g_test_add_func ("/speed/prefill-small-experts", test_prefill_small_experts);
  g_test_add_func ("/speed/prefill-passes", test_prefill_passes);
  g_test_add_func ("/speed/prefill-latent-attention", test_prefill_latent_attention);
  g_test_add_func ("/speed/decode-expert-matrices", test_decode_expert_matrices);
  g_test_add_func ("/speed/decode-expert-matrices-hbm", test_decode_expert_matrices_hbm);
  g_test_add_func ("/speed/decode-mmvq-integer-bound", test_decode_mmvq_integer_bound);
  g_test_add_func ("/speed/decode-mlx-two-dies", test_decode_mlx_two_dies);
  g_test_add_func ("/speed/decode-int32-rate-missing", test_decode_int32_rate_missing);
  g_test_add_func ("/device/int32-rate", test_device_int32_rate);
  g_test_add_func ("/device/amd-desktop-decode", test_device_amd_desktop_decode);
  g_test_add_func ("/speed/decode-fused-expert-matrices", test_decode_fused_expert_matrices);
  g_test_add_func ("/speed/serve-kv-cap", test_serve_kv_cap);
  g_test_add_func ("/speed/serve-target", test_serve_target);
  g_test_add_func ("/plan/lean-memo", test_lean_memo);

  status = g_test_run ();
  g_clear_object (&catalog);
  return status;
}
