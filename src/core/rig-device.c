/* rig-device.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "rig-calibration.h"
#include "rig-device.h"
#include "rig-i18n.h"
#include "rig-power.h"
#include "rig-printf.h"
#include "rig-text.h"

const char *
rig_device_class_to_string (RigDeviceClass cls)
{
  static const char * const names[] = {
    "nvidia-gddr", "nvidia-hbm", "other-gpu", "apple", "cpu"
  };
  return names[cls];
}

static gboolean
is_vendor (const RigPart *part,
           const char    *vendor)
{
  return part->vendor != NULL && g_ascii_strncasecmp (part->vendor, vendor, strlen (vendor)) == 0;
}

/* llama.cpp's quantized CUDA kernels (MMVQ, and MMQ without int8 tensor cores) multiply with
 * dp4a, four int8 products per shader-core lane and clock: 4 x the FP32 rate, which is what the
 * Tesla P40's datasheet gives as its INT8 figure (47 TOPS at 11.76 FP32 TFLOPS). The catalog's
 * int8_tops is that figure on Pascal and Volta, which have no int8 tensor cores, and the tensor
 * figure from Turing on. Pascal's GP100 (Tesla P100, sm_60) has no dp4a. */
static double
nvidia_dp4a_tops (const RigPart *part)
{
  const char *arch = part->gpu.architecture;

  if (!is_vendor (part, "NVIDIA") || arch == NULL)
    return NAN;
  if (rig_str_is (arch, "pascal") && strstr (part->id, "p100") != NULL)
    return NAN;
  if ((rig_str_is (arch, "pascal") || rig_str_is (arch, "volta")) &&
      RIG_IS_KNOWN (part->gpu.int8_tops))
    return part->gpu.int8_tops;
  return RIG_IS_KNOWN (part->gpu.fp32_tflops) ? 4.0 * part->gpu.fp32_tflops : NAN;
}

/* The integer instructions an NVIDIA card's shader cores issue a second, in tera: its FP32 lanes'
 * rate (fp32_tflops counts two FLOPs a lane and clock) times the share of them that run INT32.
 * Volta and Turing have an INT32 lane beside each FP32 one, and so has the A100's GA100 (64 of
 * each a streaming multiprocessor); the GeForce and workstation Ampere chips and Ada give half of
 * their FP32 lanes an INT32 path, Hopper's GH100 64 INT32 lanes to 128 FP32 ones; Blackwell's
 * GB20x runs INT32 on every FP32 lane (the architectures' whitepapers). NAN where the catalog
 * cannot tell: Pascal, whose integer multiplies run at a fraction of the rate, and the
 * data-centre Blackwell chips, whose SM the catalog's sources do not describe. */
static double
nvidia_int32_tops (const RigPart *part,
                   RigDeviceClass cls)
{
  const char *arch = part->gpu.architecture;
  double share;

  if (!is_vendor (part, "NVIDIA") || arch == NULL || !RIG_IS_KNOWN (part->gpu.fp32_tflops))
    return NAN;
  if (rig_str_is (arch, "volta") || rig_str_is (arch, "turing"))
    share = 1.0;
  else if (rig_str_is (arch, "ampere"))
    share = cls == RIG_DEVICE_CLASS_NVIDIA_HBM ? 1.0 : 0.5;
  else if (rig_str_is (arch, "ada") || rig_str_is (arch, "hopper"))
    share = 0.5;
  else if (rig_str_is (arch, "blackwell") && cls == RIG_DEVICE_CLASS_NVIDIA_GDDR)
    share = 1.0;
  else
    return NAN;
  return part->gpu.fp32_tflops / 2.0 * share;
}

/* What a GPU's columns say of it as a device, read once: a part's columns do not change once
 * it is made (rig_part_copy () starts afresh). */
typedef struct
{
  RigDeviceClass cls;
  double         tflops, fp32_tflops, dp4a_tops, int8_mma_tops, int32_tops;
  gboolean       nvlink, hopper, pascal, volta, blackwell, fp8, sxm, int8_mma, geforce, lacks_p2p, amd, intel;
  double         decode_eff;   /* 0: its class's */
  RigGpuCooler   cooler;
  guint          connectors[RIG_GPU_CONNECTOR_N];   /* count_connectors () */
} GpuReading;

/* Counts the connectors of a list like "2x8pin+1x6pin" by RigGpuConnector, in one pass; 12VHPWR
 * and 12V-2x6 plug into the same cable and count together. */
static void
count_connectors (const char *list,
                  guint       counts[RIG_GPU_CONNECTOR_N])
{
  static const struct { const char *type; RigGpuConnector c; } types[] = {
    { "6pin", RIG_GPU_CONNECTOR_6PIN }, { "8pin", RIG_GPU_CONNECTOR_8PIN },
    { "12vhpwr", RIG_GPU_CONNECTOR_12V }, { "12v-2x6", RIG_GPU_CONNECTOR_12V },
    { "eps8", RIG_GPU_CONNECTOR_EPS8 },
  };
  const char *cursor = list, *item;
  gsize length;

  memset (counts, 0, RIG_GPU_CONNECTOR_N * sizeof counts[0]);
  if (list == NULL || rig_str_is (list, "none"))
    return;
  while (rig_list_next (&cursor, '+', &item, &length))
    {
      const char *x = memchr (item, 'x', length);
      gsize type_length = x ? (gsize) (item + length - (x + 1)) : 0;
      guint n = 0;

      /* The count before the "x" (1 to 8, rig_power_connectors_check ()), read by hand: the C
       * library's strtoull () weighs up the locale each time. */
      for (const char *c = item; x && c < x; c++)
        if (g_ascii_isdigit (*c))
          n = n * 10 + (guint) (*c - '0');
      for (guint k = 0; x && k < G_N_ELEMENTS (types); k++)
        if (strlen (types[k].type) == type_length && memcmp (x + 1, types[k].type, type_length) == 0)
          counts[types[k].c] += n;
    }
}

static const GpuReading *
gpu_reading (const RigPart *part)
{
  gpointer *slot = &((RigPart *) part)->gpu.device_reading;   /* a cache, not the part's value */
  GpuReading *reading = g_atomic_pointer_get (slot);
  double share;

  if (G_LIKELY (reading != NULL))
    return reading;
  reading = g_new0 (GpuReading, 1);
  if (is_vendor (part, "NVIDIA"))
    reading->cls = rig_str_starts (part->gpu.memory_type, "hbm")
                     ? RIG_DEVICE_CLASS_NVIDIA_HBM : RIG_DEVICE_CLASS_NVIDIA_GDDR;
  else
    reading->cls = RIG_DEVICE_CLASS_OTHER_GPU;
  reading->amd = reading->cls == RIG_DEVICE_CLASS_OTHER_GPU && is_vendor (part, "AMD");
  reading->intel = reading->cls == RIG_DEVICE_CLASS_OTHER_GPU && is_vendor (part, "Intel");
  if (reading->intel && rig_str_is (part->gpu.architecture, "alchemist"))
    reading->decode_eff = RIG_DECODE_EFF_INTEL_ALCHEMIST;
  /* A card whose board power holds its clocks below a sibling's on the same chip sustains that
   * share of its datasheet's figures (the catalog's sustained_compute_share, measured against the
   * sibling in one build): the Radeon PRO W7900's 295 W hold its Navi 31 at 0.884 of the RX 7900
   * XTX's prompt rate at 355 W, though both list 122.6-122.8 TFLOPS at the same peak clock. */
  share = RIG_IS_KNOWN (part->gpu.sustained_compute_share) ? part->gpu.sustained_compute_share
                                                           : 1.0;
  reading->tflops = part->gpu.fp16_tflops * share;
  reading->fp32_tflops = part->gpu.fp32_tflops * share;
  reading->dp4a_tops = nvidia_dp4a_tops (part) * share;
  reading->int32_tops = nvidia_int32_tops (part, reading->cls);
  /* Since June 2024 llama.cpp multiplies quantized weights on int8 tensor cores (PR #7676 and
   * #7860, MMQ; the default from #8075). Taken on the GDDR cards from Ampere on, where the
   * calibration rows of current builds measure it; the catalog's int8_tops is the dense tensor
   * figure there. */
  reading->int8_mma = reading->cls == RIG_DEVICE_CLASS_NVIDIA_GDDR && part->gpu.architecture != NULL &&
                      (rig_str_is (part->gpu.architecture, "ampere") ||
                       rig_str_is (part->gpu.architecture, "ada") ||
                       rig_str_is (part->gpu.architecture, "blackwell"));
  reading->int8_mma_tops = reading->int8_mma && RIG_IS_KNOWN (part->gpu.int8_tops)
                            ? part->gpu.int8_tops * share : NAN;
  /* SXM modules are joined on their baseboard; PCIe cards only through a bridge whose spacing
   * fits their slots, which rig_compat_evaluate_nvlink () credits once they are placed. */
  reading->sxm = rig_str_is (part->gpu.form_factor, "sxm");
  reading->nvlink = part->gpu.nvlink == 1 && reading->sxm;
  reading->hopper = part->gpu.architecture && rig_str_is (part->gpu.architecture, "hopper");
  reading->pascal = part->gpu.architecture && rig_str_is (part->gpu.architecture, "pascal");
  reading->volta = is_vendor (part, "NVIDIA") && part->gpu.architecture &&
                   rig_str_is (part->gpu.architecture, "volta");
  /* GeForce RTX 50 and RTX PRO Blackwell cards; the DGX Spark's GB10 is a unified-memory system
   * (RIG_DEVICE_CLASS_UNIFIED), whose prompt efficiency its own rows set. */
  reading->blackwell = reading->cls == RIG_DEVICE_CLASS_NVIDIA_GDDR && part->gpu.architecture &&
                       rig_str_is (part->gpu.architecture, "blackwell");
  /* FP8 tensor cores from compute capability 8.9 (vLLM docs, quantization/fp8: "FP8 computation
   * is supported on NVIDIA GPUs with compute capability >= 8.9 (Ada Lovelace, Hopper,
   * Blackwell)"; older cards run FP8 weights through the FP8 Marlin dequantizing kernel). */
  reading->fp8 = is_vendor (part, "NVIDIA") && part->gpu.architecture != NULL &&
                 (rig_str_is (part->gpu.architecture, "ada") || rig_str_is (part->gpu.architecture, "hopper") ||
                  rig_str_is (part->gpu.architecture, "blackwell"));
  /* The catalog's FP16 figure is the FP32-accumulate rate, which GeForce cards run at half their
   * FP16-accumulate rate (Ada whitepaper: RTX 4090 165.2 and 330.3 TFLOPS) and workstation and
   * data-centre cards at the same. */
  reading->geforce = reading->cls == RIG_DEVICE_CLASS_NVIDIA_GDDR && rig_str_is (part->gpu.segment, "consumer");
  /* GeForce Ada and Blackwell cards have no working peer-to-peer on stock drivers
   * (tinygrad/open-gpu-kernel-modules README; NVIDIA/nccl-tests #117). */
  reading->lacks_p2p = reading->geforce && part->gpu.architecture != NULL &&
                       (rig_str_is (part->gpu.architecture, "ada") ||
                        rig_str_is (part->gpu.architecture, "blackwell"));
  if (part->gpu.cooler == NULL)
    reading->cooler = RIG_GPU_COOLER_UNKNOWN;
  else if (rig_str_is (part->gpu.cooler, "open-air"))
    reading->cooler = RIG_GPU_COOLER_OPEN_AIR;
  else if (rig_str_is (part->gpu.cooler, "blower"))
    reading->cooler = RIG_GPU_COOLER_BLOWER;
  else if (rig_str_is (part->gpu.cooler, "passive"))
    reading->cooler = RIG_GPU_COOLER_PASSIVE;
  else
    reading->cooler = RIG_GPU_COOLER_OTHER;
  count_connectors (part->gpu.power_connectors, reading->connectors);
  /* Two threads may read it at once: the first to publish wins. */
  if (!g_atomic_pointer_compare_and_exchange (slot, NULL, reading))
    g_free (reading);
  return g_atomic_pointer_get (slot);
}

gboolean
rig_gpu_is_sxm (const RigPart *gpu)
{
  g_return_val_if_fail (gpu != NULL && gpu->kind == RIG_PART_GPU, FALSE);
  return gpu_reading (gpu)->sxm;
}

RigGpuCooler
rig_gpu_cooler (const RigPart *gpu)
{
  g_return_val_if_fail (gpu != NULL && gpu->kind == RIG_PART_GPU, RIG_GPU_COOLER_UNKNOWN);
  return gpu_reading (gpu)->cooler;
}

gboolean
rig_gpu_lacks_p2p (const RigPart *gpu)
{
  g_return_val_if_fail (gpu != NULL && gpu->kind == RIG_PART_GPU, FALSE);
  return gpu_reading (gpu)->lacks_p2p;
}

const guint *
rig_gpu_power_connectors (const RigPart *gpu)
{
  static const guint none[RIG_GPU_CONNECTOR_N] = { 0 };

  g_return_val_if_fail (gpu != NULL && gpu->kind == RIG_PART_GPU, none);
  return gpu_reading (gpu)->connectors;
}

/* A GPU's name without its maker's, which the parts list shows: "RTX 3090" beside a memory bar
 * where "NVIDIA GeForce RTX 3090" would be cut short. */
static const char *
gpu_short_name (const char *name)
{
  static const char * const makers[] = { "NVIDIA GeForce ", "NVIDIA ", "AMD ", "Intel " };

  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (makers); i++)
    if (g_str_has_prefix (name, makers[i]) && name[strlen (makers[i])] != '\0')
      return name + strlen (makers[i]);
  return name;
}

static void
add_gpu (RigDeviceSet  *set,
         const RigPart *part,
         guint          index,
         gboolean       named)
{
  const GpuReading *reading = gpu_reading (part);
  RigDevice *d;

  if (set->n_gpus >= RIG_MAX_GPUS)
    {
      set->gpus_dropped++;
      return;
    }
  d = &set->gpus[set->n_gpus++];
  memset (d, 0, sizeof *d);
  if (named)
    /* Translators: %u is the GPU's number in the build, %s its name */
    rig_snprintf (d->name, sizeof d->name, _("GPU %u: %s"), index, gpu_short_name (part->name));
  d->cls = reading->cls;
  d->capacity_bytes = (guint64) (part->gpu.memory_gib * RIG_GIB);
  d->total_bytes = d->capacity_bytes;
  d->bandwidth_gbps = part->gpu.bandwidth_gbps;
  d->tflops = reading->tflops;
  d->dp4a_tops = reading->dp4a_tops;
  d->int8_mma_tops = reading->int8_mma_tops;
  d->int8_mma = reading->int8_mma;
  d->lowbit_mmq_free = reading->int8_mma;   /* RIG_PREFILL_LOWBIT_KQUANT_FACTOR */
  d->nvlink = reading->nvlink;
  d->hopper = reading->hopper;
  d->fp8 = reading->fp8;
  d->pascal = reading->pascal;
  d->volta = reading->volta;
  d->blackwell = reading->blackwell;
  d->geforce = reading->geforce;
  d->amd = reading->amd;
  d->intel = reading->intel;
  d->decode_eff = reading->decode_eff;
  d->fp32_tflops = reading->fp32_tflops;
  d->int32_tops = reading->int32_tops;
  d->link_gbps = RIG_IS_KNOWN (part->gpu.pcie_gen) && RIG_IS_KNOWN (part->gpu.pcie_lanes)
                   ? rig_pcie_gbps_per_lane ((guint) part->gpu.pcie_gen) * part->gpu.pcie_lanes : NAN;
  d->single_thread = NAN;
  d->part = part;
}

static void
add_system (RigDeviceSet  *set,
            const RigPart *part)
{
  const RigSystemSpec *s = &part->system;
  RigDevice *d;

  if (set->n_gpus >= RIG_MAX_GPUS)
    {
      set->gpus_dropped++;
      return;
    }
  d = &set->gpus[set->n_gpus++];
  memset (d, 0, sizeof *d);
  d->single_thread = NAN;
  rig_snprintf (d->name, sizeof d->name, "%s", part->name);

  if (s->memory_kind && rig_str_is (s->memory_kind, "unified"))
    {
      /* One pool: the GPU may wire only its share, and the CPU uses the same memory, so it
       * is never counted a second time as host memory for offload. */
      double fraction = RIG_IS_KNOWN (s->gpu_usable_fraction) ? s->gpu_usable_fraction : 0.75;

      d->cls = is_vendor (part, "Apple") ? RIG_DEVICE_CLASS_APPLE : RIG_DEVICE_CLASS_UNIFIED;
      /* Apple's Ultra chips are two Max dies joined by UltraFusion. */
      d->two_dies = d->cls == RIG_DEVICE_CLASS_APPLE && s->chip != NULL && strstr (s->chip, "Ultra") != NULL;
      /* An AMD chip's GPU (the Ryzen AI Max's, Strix Halo) runs llama.cpp's AMD backends. */
      d->amd = rig_str_starts (s->chip, "AMD ");
      d->capacity_bytes = (guint64) (s->memory_gib * fraction * RIG_GIB);
      d->total_bytes = (guint64) (s->memory_gib * RIG_GIB);
      d->bandwidth_gbps = s->bandwidth_gbps;
      d->tflops = s->gpu_fp16_tflops;
      d->dp4a_tops = NAN;
      d->int8_mma_tops = NAN;
      d->fp32_tflops = d->int32_tops = NAN;
      d->link_gbps = NAN;
      set->unified = TRUE;
      return;
    }

  /* A system with its own GPU memory (DGX Station) and system RAM beside it. */
  d->cls = is_vendor (part, "NVIDIA") ? RIG_DEVICE_CLASS_NVIDIA_HBM : RIG_DEVICE_CLASS_OTHER_GPU;
  d->capacity_bytes = RIG_IS_KNOWN (s->gpu_memory_gib) ? (guint64) (s->gpu_memory_gib * RIG_GIB) : 0;
  d->total_bytes = d->capacity_bytes;
  d->bandwidth_gbps = s->gpu_bandwidth_gbps;
  d->tflops = s->gpu_fp16_tflops;
  d->dp4a_tops = NAN;
  d->int8_mma_tops = NAN;
  d->fp32_tflops = d->int32_tops = NAN;
  d->link_gbps = NAN;
  set->has_host = TRUE;
  set->host_total_bytes += (guint64) (s->memory_gib * RIG_GIB);
  set->host.bandwidth_gbps = s->bandwidth_gbps;
  set->host.tflops = NAN;
}

double
rig_memory_run_mts (double         kit_mts,
                    gboolean       unbuffered,
                    gboolean       ddr5,
                    double         modules,
                    const RigPart *cpu,
                    const RigPart *board,
                    double        *official_out)
{
  double official = kit_mts;
  double channels = cpu != NULL && RIG_IS_KNOWN (cpu->cpu.memory_channels) ? cpu->cpu.memory_channels : NAN;
  gboolean two_per_channel = RIG_IS_KNOWN (channels) && modules > channels;

  if (cpu != NULL && RIG_IS_KNOWN (cpu->cpu.memory_max_mts))
    official = MIN (official, cpu->cpu.memory_max_mts);
  if (board != NULL && RIG_IS_KNOWN (board->motherboard.memory_max_mts))
    official = MIN (official, board->motherboard.memory_max_mts);
  /* AM5 guarantees DDR5-5200 at one module a channel and DDR5-3600 at two (research §5 rule
   * 7); desktop boards of the other makers drop alike. */
  if (ddr5 && unbuffered && two_per_channel)
    official = MIN (official, RIG_DDR5_TWO_PER_CHANNEL_MTS);
  if (official_out != NULL)
    *official_out = official;
  /* An unbuffered DDR5 kit rated faster than the platform's official speed carries an XMP or
   * EXPO profile, which desktop DDR5 builds are run with: the rating holds at one module a
   * channel. A Ryzen 9 9950X3D with DDR5-6000 decodes Qwen2.5-7B Q4_K_M at 12.9 t/s (MrUnreal/
   * gpupoor, 2026-09-20), which the kit's 6000 puts at -6 % and the processor's official 5600 at
   * -12 %. DDR4 stays at the official speed: with an i9-10900X's four DDR4-3200 modules at 3200
   * (llmfit PRs #755 to #775) the dense-offload rows' median error is 10.1 %, at its official
   * 2933 8.1 %. */
  if (unbuffered && ddr5 && !two_per_channel)
    return kit_mts;
  return official;
}

static void
fill_set (const RigBuild *build,
          RigDeviceSet   *set,
          gboolean        named)
{
  const RigPart *cpu = NULL, *board = NULL;
  double modules = 0, mem_mts = NAN;
  gboolean unbuffered = TRUE, ddr5 = TRUE;
  guint gpu_index = 1;

  /* The GPUs' slots are cleared as they are filled (add_gpu (), add_system ()): a plan reads
   * only the first n_gpus, and clearing all RIG_MAX_GPUS of them cost more than the rest of
   * this function. */
  G_STATIC_ASSERT (G_STRUCT_OFFSET (RigDeviceSet, gpus) == 0);
  memset ((char *) set + sizeof set->gpus, 0, sizeof *set - sizeof set->gpus);
  set->storage_read_mbps = NAN;
  set->host.cls = RIG_DEVICE_CLASS_CPU;
  set->host.bandwidth_gbps = NAN;
  set->host.tflops = NAN;
  set->host.dp4a_tops = NAN;
  set->host.int8_mma_tops = NAN;
  set->host.fp32_tflops = set->host.int32_tops = NAN;
  set->host.link_gbps = NAN;
  set->host.single_thread = NAN;
  if (named)
    g_strlcpy (set->host.name, _("System memory"), sizeof set->host.name);

  for (guint i = 0; i < build->items->len; i++)
    {
      const RigBuildItem *item = g_ptr_array_index (build->items, i);
      const RigPart *part = item->part;

      if (part == NULL)
        continue;
      switch (part->kind)
        {
        case RIG_PART_GPU:
          for (guint c = 0; c < item->count; c++)
            add_gpu (set, part, gpu_index++, named);
          break;
        case RIG_PART_SYSTEM:
          add_system (set, part);
          break;
        case RIG_PART_CPU:
          cpu = part;
          break;
        case RIG_PART_MOTHERBOARD:
          board = part;
          break;
        case RIG_PART_MEMORY:
          modules += part->memory.modules * item->count;
          set->host_total_bytes += (guint64) (part->memory.modules * part->memory.module_gib *
                                              item->count * RIG_GIB);
          mem_mts = isnan (mem_mts) ? part->memory.speed_mts : MIN (mem_mts, part->memory.speed_mts);
          unbuffered = unbuffered && rig_str_is (part->memory.form, "udimm");
          ddr5 = ddr5 && rig_str_is (part->memory.type, "ddr5");
          break;
        case RIG_PART_STORAGE:
          if (RIG_IS_KNOWN (part->storage.read_mbps) &&
              (isnan (set->storage_read_mbps) || part->storage.read_mbps > set->storage_read_mbps))
            set->storage_read_mbps = part->storage.read_mbps;
          break;
        case RIG_PART_PSU:
        case RIG_PART_CASE:
        case RIG_PART_COOLER:
        case RIG_PART_NIC:
        case RIG_PART_ACCESSORY:
        case RIG_PART_N_KINDS:
        default:
          break;
        }
    }

  /* A GPU power limit below the board's power holds the cards' clocks down: their compute keeps
   * rig_power_limit_perf () of its rate, as compute-bound training did (RIG_PERF_AT_*_PCT), so
   * prompts and training slow. Their memory keeps its clock; decode, which reads it, is left
   * as it is, as no source found measures it under a limit. */
  if (build->settings.gpu_power_limit_pct < 100)
    {
      double perf = rig_power_limit_perf (build->settings.gpu_power_limit_pct / 100.0);

      for (guint i = 0; i < set->n_gpus; i++)
        {
          RigDevice *g = &set->gpus[i];

          if (g->cls == RIG_DEVICE_CLASS_APPLE || g->cls == RIG_DEVICE_CLASS_UNIFIED)
            continue;   /* a prebuilt's chip: the limit is the discrete cards' */
          g->tflops *= perf;
          g->fp32_tflops *= perf;
          g->dp4a_tops *= perf;
          g->int8_mma_tops *= perf;
          g->int32_tops *= perf;
        }
    }

  if (cpu != NULL)
    set->host.single_thread = cpu->cpu.single_thread;
  if (cpu != NULL && modules > 0)
    {
      /* Peak DRAM bandwidth: populated channels x transfer rate x 8 bytes, at the speed the
       * kits run at (rig_memory_run_mts ()). */
      double channels = RIG_IS_KNOWN (cpu->cpu.memory_channels) ? MIN (cpu->cpu.memory_channels, modules)
                                                                : NAN;
      double mts = rig_memory_run_mts (mem_mts, unbuffered, ddr5, modules, cpu, board, NULL);
      /* "amx" names AVX-512 with AMX beside it. */
      gboolean avx512 = cpu->cpu.simd != NULL && !rig_str_is (cpu->cpu.simd, "avx2");
      double per_cycle = avx512 && RIG_IS_KNOWN (cpu->cpu.avx512_fma_units)
                           ? MAX (RIG_CPU_FLOPS_PER_CYCLE, cpu->cpu.avx512_fma_units * RIG_CPU_FLOPS_PER_AVX512_FMA)
                           : RIG_CPU_FLOPS_PER_CYCLE;

      set->has_host = TRUE;
      set->host.bandwidth_gbps = channels * mts * 8.0 / 1000.0;
      set->host.amx = rig_str_is (cpu->cpu.simd, "amx");
      /* AMD's two-channel desktop processors read DRAM through their Infinity Fabric links. */
      if (is_vendor (cpu, "AMD") && channels <= 2 && set->host.bandwidth_gbps > 0)
        set->host.decode_eff = MIN (RIG_DECODE_EFF_CPU_AMD_DESKTOP,
                                    RIG_DECODE_AMD_DESKTOP_READ_GBPS / set->host.bandwidth_gbps);
      /* On a hybrid processor llama.cpp runs one thread on each performance core and none on the
       * efficiency ones (common/common.cpp cpu_get_num_math (): "efficiency cores harm lockstep
       * threading"; llama-bench's and llama-server's default thread count, on Linux). Every thread
       * set by hand can do more: a 2023 build prefilled a 7B model on an i9-13900K at 33.7 t/s
       * on its 8 performance cores' threads and 55.2 on all 32 (llama.cpp issue #34, slaren). */
      double math_cores = RIG_IS_KNOWN (cpu->cpu.performance_cores) ? cpu->cpu.performance_cores
                                                                     : cpu->cpu.cores;

      if (RIG_IS_KNOWN (math_cores) && RIG_IS_KNOWN (cpu->cpu.boost_ghz))
        set->host.tflops = math_cores * cpu->cpu.boost_ghz * per_cycle / 1000.0;
      if (named)
        /* Translators: %s is a processor's name */
        rig_snprintf (set->host.name, sizeof set->host.name, _("System memory (%s)"), cpu->name);
    }

  if (set->has_host)
    {
      guint64 reserve = RIG_OS_RESERVE_BYTES + (guint64) (RIG_OS_RESERVE_FRACTION * set->host_total_bytes);
      set->host.capacity_bytes = set->host_total_bytes > reserve ? set->host_total_bytes - reserve : 0;
    }
}

void
rig_device_set_from_build (const RigBuild *build,
                           RigDeviceSet   *set)
{
  fill_set (build, set, TRUE);
}

void
rig_device_set_from_build_lean (const RigBuild *build,
                                RigDeviceSet   *set)
{
  fill_set (build, set, FALSE);
}
