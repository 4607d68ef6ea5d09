/* rig-part.h: a catalog part, copied out of the catalog so the engine never queries a database
 *
 * Numbers are doubles with NAN for "unknown" (see RIG_IS_KNOWN), flags are ints with -1 for
 * unknown, money is cents with RIG_MONEY_UNKNOWN. Text fields are NULL when unknown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "rig-field.h"
#include "rig-slot.h"
#include "rig-units.h"

G_BEGIN_DECLS

typedef enum
{
  RIG_PART_GPU,
  RIG_PART_CPU,
  RIG_PART_MOTHERBOARD,
  RIG_PART_MEMORY,
  RIG_PART_STORAGE,
  RIG_PART_PSU,
  RIG_PART_CASE,
  RIG_PART_COOLER,
  RIG_PART_NIC,
  RIG_PART_SYSTEM,
  RIG_PART_ACCESSORY,
  RIG_PART_N_KINDS
} RigPartKind;

typedef struct
{
  char   *segment, *architecture, *form_factor;
  double  memory_gib;
  char   *memory_type;
  double  memory_bus_bits, bandwidth_gbps, fp32_tflops, fp16_tflops, fp8_tflops, int8_tops;
  double  sustained_compute_share;   /* of the figures above, what the card sustains; NAN: all */
  double  board_power_w;
  char   *power_connectors;
  double  pcie_gen, pcie_lanes, slot_width, length_mm;
  char   *cooler;
  int     nvlink;
  char   *launch_date;
  gint64  launch_price_cents, used_price_cents;
  char   *used_price_date;
  char   *used_price_source;   /* where the used price was seen: a sold-listings page, a tracker */
  gpointer device_reading;     /* not a column: rig-device.c's reading of the columns, kept */
} RigGpuSpec;

typedef struct
{
  char   *socket;
  double  cores, threads, base_ghz, boost_ghz, tdp_w, package_power_w;
  double  pcie_gen, pcie_lanes, chipset_lanes;
  char   *memory_types;
  double  memory_channels, memory_max_mts, memory_max_gib;
  int     ecc;
  char   *dimm_type, *simd, *launch_date;
  double  avx512_fma_units;   /* 512-bit FMAs a core issues a cycle: 2, or 1 on 256-bit units */
  double  performance_cores;  /* of a hybrid CPU's cores, the performance ones; NAN otherwise */
  double  single_thread;      /* Geekbench 6 single-core average; NAN when not known */
} RigCpuSpec;

typedef struct
{
  char   *socket, *chipset, *form_factor, *memory_type;
  double  memory_slots, memory_max_gib, memory_max_mts;
  int     ecc;
  char   *dimm_type, *pcie_slots, *m2_slots;
  double  sata_ports, eps_connectors, lan_gbps;
  char   *bifurcation;      /* the splits of an x16 slot it offers ("x8x8;x4x4x4x4") */
  struct _RigSlotMaps *slot_maps;   /* not a column: rig_part_slot_map ()'s parse, kept */
} RigMotherboardSpec;

typedef struct
{
  char   *type, *form;
  double  modules, module_gib, speed_mts, cas;
  int     ecc;
  double  voltage;
} RigMemorySpec;

typedef struct
{
  char   *interface, *form_factor;
  double  pcie_gen, pcie_lanes, capacity_gb, read_mbps, write_mbps, power_w, tbw;
} RigStorageSpec;

typedef struct
{
  double  watts;
  char   *efficiency, *atx_version;
  double  conn_12v2x6, conn_pcie8, conn_eps8, conn_sata;
  char   *form_factor;
  double  length_mm;
} RigPsuSpec;

typedef struct
{
  char   *board_form_factors, *psu_form_factors;
  double  max_gpu_length_mm, max_cooler_height_mm, max_psu_length_mm, expansion_slots;
  char   *radiator_mounts, *fan_mounts, *included_fans;
} RigCaseSpec;

typedef struct
{
  char   *type;
  double  rated_w, height_mm, radiator_mm;
  char   *sockets;
} RigCoolerSpec;

typedef struct
{
  double  speed_gbps, ports, pcie_gen, pcie_lanes, power_w;
} RigNicSpec;

typedef struct
{
  char   *family, *chip;
  double  memory_gib;
  char   *memory_kind;
  double  bandwidth_gbps, gpu_usable_fraction, gpu_memory_gib, gpu_bandwidth_gbps;
  double  gpu_fp16_tflops, cpu_cores, power_w, storage_gb;
} RigSystemSpec;

/* What multi-GPU builds hang together with: an NVLink bridge (architectures, slot_spacing), a
 * riser cable (pcie_gen it is rated for, length_mm), a bifurcation card (bifurcation, ports), an
 * M.2-to-PCIe adapter (pcie_gen) or an adapter that turns a second PSU on with the first. */
typedef struct
{
  char   *type, *architectures;
  double  slot_spacing, pcie_gen, pcie_lanes, length_mm;
  char   *bifurcation;
  double  ports;
} RigAccessorySpec;

typedef struct
{
  RigPartKind  kind;
  char        *id;
  char        *name;
  char        *vendor;
  char        *aliases;
  gint64       price_cents;     /* USD */
  char        *price_date;
  char        *source;
  union
  {
    RigGpuSpec         gpu;
    RigCpuSpec         cpu;
    RigMotherboardSpec motherboard;
    RigMemorySpec      memory;
    RigStorageSpec     storage;
    RigPsuSpec         psu;
    RigCaseSpec        pc_case;
    RigCoolerSpec      cooler;
    RigNicSpec         nic;
    RigSystemSpec      system;
    RigAccessorySpec   accessory;
  };
} RigPart;

const char     *rig_part_kind_to_string   (RigPartKind  kind);
gboolean        rig_part_kind_from_string (const char  *text,
                                           RigPartKind *kind);
const char     *rig_part_kind_label       (RigPartKind  kind);
/* The kind whose label is @text, in English or in the user's language, case aside. */
gboolean        rig_part_kind_from_label  (const char   *text,
                                           RigPartKind  *kind);
const RigTable *rig_part_table            (RigPartKind  kind);

RigPart        *rig_part_new              (RigPartKind  kind);
RigPart        *rig_part_copy             (const RigPart *part);
void            rig_part_free             (RigPart     *part);
/* "Corsair AX1600i": the name, after the vendor unless the name begins with it ("NVIDIA GeForce
 * RTX 3090"), since "AX1600i" alone does not say which power supply. */
char           *rig_part_full_name        (const RigPart *part);
/* A motherboard's pcie_slots or m2_slots as RigSlots (an empty array when the column is
 * empty), NULL when the text does not read. Parsed on first use and kept with the part, which
 * owns it: it is valid while the part lives, and a plan does not parse it again, nor count a
 * reference to it. Thread-safe. */
GPtrArray      *rig_part_slot_map         (const RigPart *board,
                                           RigSlotKind    kind);

/* Number of fields of the common prefix (id … source) shared by every part table. */
#define RIG_PART_N_COMMON_FIELDS 7

gboolean        rig_power_connectors_check (const char *text,
                                            GError    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RigPart, rig_part_free)

G_END_DECLS
