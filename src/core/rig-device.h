/* rig-device.h: the memory pools and processors a build offers to its workloads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "rig-build.h"

G_BEGIN_DECLS

#define RIG_MAX_GPUS 16

typedef enum
{
  RIG_DEVICE_CLASS_NVIDIA_GDDR,   /* GeForce and RTX workstation cards */
  RIG_DEVICE_CLASS_NVIDIA_HBM,    /* A100, H100 and other HBM data-centre parts */
  RIG_DEVICE_CLASS_OTHER_GPU,     /* AMD and Intel cards */
  RIG_DEVICE_CLASS_APPLE,         /* Apple silicon, unified memory */
  RIG_DEVICE_CLASS_UNIFIED,       /* other unified-memory chips: DGX Spark, Strix Halo, Jetson */
  RIG_DEVICE_CLASS_CPU,
} RigDeviceClass;

typedef struct
{
  char            name[80];
  RigDeviceClass  cls;
  guint64         capacity_bytes;   /* what a workload may use */
  guint64         total_bytes;      /* all of its memory (a unified pool: the whole RAM) */
  double          bandwidth_gbps;   /* NAN when unknown */
  double          tflops;           /* dense FP16/BF16; NAN when unknown */
  double          dp4a_tops;        /* int8 dot products on the shader cores; NAN when none */
  double          int8_mma_tops;    /* int8 tensor cores llama.cpp's MMQ kernels use; NAN when none */
  gboolean        int8_mma;         /* has them, whether or not the catalog knows their rate */
  gboolean        lowbit_mmq_free;  /* MMQ unpacks 2- and 3-bit K-quants at no visible cost here */
  gboolean        nvlink;
  gboolean        hopper;           /* peak needs wgmma (see RIG_HOPPER_MMA_SYNC_FACTOR) */
  gboolean        pascal;           /* integer multiplies at a fraction of the FP32 rate */
  gboolean        volta;            /* FP16 tensor cores, no int8 ones */
  gboolean        blackwell;        /* a GeForce or workstation Blackwell card (compute
                                     * capability 12.0): RIG_PREFILL_EXPERT_FACTOR_BLACKWELL */
  gboolean        fp8;              /* FP8 tensor cores (Ada, Hopper, Blackwell) */
  gboolean        geforce;          /* a GeForce card: FP16 accumulation at twice its tflops */
  gboolean        amx;              /* a CPU with Intel AMX tile multiplies (RIG_PREFILL_AMX_FACTOR_LLAMA_CPP) */
  gboolean        two_dies;         /* an Apple Ultra chip: two Max dies joined by UltraFusion */
  gboolean        amd;              /* an AMD GPU (RIG_LLAMACPP_AMD_HYBRID_MOE_DECODE_SHARE) */
  gboolean        intel;            /* an Intel Arc GPU (RIG_PREFILL_EFF_INTEL) */
  double          decode_eff;       /* share of bandwidth_gbps decode reads; 0: its class's */
  double          fp32_tflops;      /* the shader cores' FP32 rate; NAN when unknown */
  double          int32_tops;       /* their integer instruction rate, tera a second; NAN when unknown */
  double          link_gbps;        /* the card's PCIe link, GB/s each way; NAN when unknown */
  double          single_thread;    /* the host processor's single-thread rating (RigCpuSpec);
                                     * NAN for a GPU, or where the catalog rates none */
  const RigPart  *part;             /* the GPU's catalog part (owned by the build); NULL otherwise */
} RigDevice;

typedef struct
{
  RigDevice gpus[RIG_MAX_GPUS];
  guint     n_gpus;
  gboolean  unified;        /* gpus[0] is a unified pool that the CPU shares: no host offload */
  gboolean  has_host;       /* host memory is known (CPU and memory kits, or a system's RAM) */
  RigDevice host;
  guint64   host_total_bytes;
  double    storage_read_mbps;  /* fastest drive, NAN when none */
  guint     gpus_dropped;   /* GPUs past RIG_MAX_GPUS */
} RigDeviceSet;

void rig_device_set_from_build (const RigBuild *build,
                                RigDeviceSet   *set);
/* As rig_device_set_from_build (), but the GPUs' and the host's names stay empty (a lean plan:
 * no printf, no gettext); every figure is the same. */
void rig_device_set_from_build_lean (const RigBuild *build,
                                     RigDeviceSet   *set);

const char *rig_device_class_to_string (RigDeviceClass cls);

/* The transfer rate a build's memory runs at, MT/s: the slowest kit's rated speed, which for
 * unbuffered DDR5 above the platform's official speed is its XMP/EXPO profile (one module a
 * channel); else no faster than the processor and board officially allow, and for DDR5 with two
 * modules on a channel no faster than 3600. @official_out, if not NULL, gets what the processor
 * and board allow without the profile. NAN when no kit speed is known. */
double rig_memory_run_mts (double         kit_mts,
                           gboolean       unbuffered,
                           gboolean       ddr5,
                           double         modules,
                           const RigPart *cpu,
                           const RigPart *board,
                           double        *official_out);

/* What a GPU's catalog text says, read once and kept with the part (the engine asks per
 * evaluation): its cooler, and whether it is an SXM module (on a baseboard, not in a slot). */
typedef enum
{
  RIG_GPU_COOLER_UNKNOWN,
  RIG_GPU_COOLER_OPEN_AIR,
  RIG_GPU_COOLER_BLOWER,
  RIG_GPU_COOLER_PASSIVE,
  RIG_GPU_COOLER_OTHER,
} RigGpuCooler;

gboolean     rig_gpu_is_sxm (const RigPart *gpu);
RigGpuCooler rig_gpu_cooler (const RigPart *gpu);
/* Whether the card is a GeForce Ada or Blackwell, which NVIDIA's drivers give no peer-to-peer
 * transfers. */
gboolean     rig_gpu_lacks_p2p (const RigPart *gpu);

/* A GPU's power connectors, as its power_connectors column lists them ("2x8pin+1x6pin"; all 0
 * where it is empty or "none"): counts by kind, 12VHPWR and 12V-2x6 together, as they plug into
 * the same cable. */
typedef enum
{
  RIG_GPU_CONNECTOR_6PIN,
  RIG_GPU_CONNECTOR_8PIN,
  RIG_GPU_CONNECTOR_12V,
  RIG_GPU_CONNECTOR_EPS8,
  RIG_GPU_CONNECTOR_N
} RigGpuConnector;

const guint *rig_gpu_power_connectors (const RigPart *gpu);

G_END_DECLS
