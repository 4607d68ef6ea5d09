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
#include "rig-plan.h"
#include "rig-calibration.h"
#include "rig-speed.h"

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

static gboolean
has_finding (RigReport  *report,
             const char *code)
{
  for (guint i = 0; i < report->findings->len; i++)
    if (g_str_equal (g_array_index (report->findings, RigFinding, i).code, code))
      return TRUE;
  return FALSE;
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

static void
test_layer_split_does_not_speed_decode (void)
{
  static const Part one[] = { { "nvidia-rtx-4090", 1 }, { NULL } };
  static const Part two[] = { { "nvidia-rtx-4090", 2 }, { NULL } };
  g_autoptr(RigBuild) a = make_build (one, "llama-3.1-8b", "Q4_K_M", 4096);
  g_autoptr(RigBuild) b = make_build (two, "llama-3.1-8b", "Q4_K_M", 4096);
  g_autoptr(RigBuild) c = make_build (two, "llama-3.1-8b", "Q4_K_M", 4096);
  RigReport ra, rb, rc;
  RigWorkloadResult x, y, z;

  workload_of (c)->split = RIG_SPLIT_TENSOR;
  plan (a, &ra, &x);
  plan (b, &rb, &y);
  plan (c, &rc, &z);
  /* Layer split: the cards take turns, so decode gets no faster (a little slower). */
  g_assert_cmpfloat (y.decode_tokens_per_s, <=, x.decode_tokens_per_s);
  g_assert_cmpfloat (y.decode_tokens_per_s, >, 0.9 * x.decode_tokens_per_s);
  /* Tensor split reads half the weights on each card. */
  g_assert_true (z.tensor_parallel);
  g_assert_cmpfloat (z.decode_tokens_per_s, >, x.decode_tokens_per_s);
  rig_report_clear (&ra);
  rig_report_clear (&rb);
  rig_report_clear (&rc);
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
  /* 2 channels x 5200 MT/s (the 7950X's official speed, below the kit's 6000) x 8 bytes. */
  g_assert_cmpfloat (report.devices.host.bandwidth_gbps, ==, 2 * 5200 * 8 / 1000.0);
  g_assert_cmpfloat (r.decode_tokens_per_s, >, 8);
  g_assert_cmpfloat (r.decode_tokens_per_s, <, 14);
  g_assert_true (has_finding (&report, "memory.cpu-only"));
  rig_report_clear (&report);
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
  /* vLLM takes 90 % of the card whatever the model needs. */
  g_assert_cmpfloat_with_epsilon (gib (r.used_bytes[0]), 24 * 0.9, 1e-6);
  rig_report_clear (&report);
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

  /* Four A100s with ZeRO-3: each holds a quarter of the model state. */
  g_assert_cmpint (s.fit, ==, RIG_FIT_GPU);
  g_assert_nonnull (strstr (s.reason, "ZeRO-3"));
  rig_report_clear (&rs);
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
    g_assert_cmpuint (l2.memory.activations_bytes, >, 4 * l.memory.activations_bytes);
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
  g_test_add_func ("/memory/kv-head-dim-and-sliding-window", test_kv_head_dim_and_sliding_window);
  g_test_add_func ("/memory/kv-mla", test_kv_mla);
  g_test_add_func ("/memory/weights-mix", test_weights_mix);
  g_test_add_func ("/memory/single-gpu-fit", test_single_gpu_fit);
  g_test_add_func ("/memory/does-not-fit", test_does_not_fit);
  g_test_add_func ("/memory/multi-gpu-per-device", test_multi_gpu_per_device);
  g_test_add_func ("/memory/layer-split-does-not-speed-decode", test_layer_split_does_not_speed_decode);
  g_test_add_func ("/memory/offload-layers", test_offload_layers);
  g_test_add_func ("/memory/offload-moe-experts", test_offload_moe_experts);
  g_test_add_func ("/memory/cpu-only", test_cpu_only);
  g_test_add_func ("/memory/unified-memory", test_unified_memory);
  g_test_add_func ("/memory/vllm-reserves", test_vllm_reserves);
  g_test_add_func ("/memory/training", test_training);
  g_test_add_func ("/memory/findings", test_findings);
  g_test_add_func ("/memory/no-devices", test_no_devices);

  status = g_test_run ();
  g_clear_object (&catalog);
  return status;
}
