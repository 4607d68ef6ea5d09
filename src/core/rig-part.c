/* rig-part.c: part kinds and the catalog columns of each
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "rig-i18n.h"
#include "rig-part.h"
#include "rig-slot.h"

#define OFF(member) G_STRUCT_OFFSET (RigPart, member)

#define F_ID(col, m, lbl)            { col, RIG_FIELD_ID, RIG_FIELD_REQUIRED, 0, 0, NULL, NULL, OFF (m), lbl }
#define F_TEXT(col, m, fl, lbl)      { col, RIG_FIELD_TEXT, fl, 0, 0, NULL, NULL, OFF (m), lbl }
#define F_CHECK(col, m, fl, chk, lbl) { col, RIG_FIELD_TEXT, fl, 0, 0, NULL, chk, OFF (m), lbl }
#define F_ENUM(col, m, fl, vals, lbl) { col, RIG_FIELD_ENUM, fl, 0, 0, vals, NULL, OFF (m), lbl }
#define F_NUM(col, m, fl, lo, hi, lbl) { col, RIG_FIELD_NUMBER, fl, lo, hi, NULL, NULL, OFF (m), lbl }
#define F_INT(col, m, fl, lo, hi, lbl) { col, RIG_FIELD_INTEGER, fl, lo, hi, NULL, NULL, OFF (m), lbl }
#define F_BOOL(col, m, fl, lbl)      { col, RIG_FIELD_BOOL, fl, 0, 0, NULL, NULL, OFF (m), lbl }
#define F_MONEY(col, m, lbl)         { col, RIG_FIELD_MONEY, 0, 0, 1e7, NULL, NULL, OFF (m), lbl }
#define F_DATE(col, m, lbl)          { col, RIG_FIELD_DATE, 0, 0, 0, NULL, NULL, OFF (m), lbl }

#define REQ RIG_FIELD_REQUIRED
#define LIST RIG_FIELD_LIST

#define COMMON_FIELDS \
  F_ID ("id", id, N_("Id")), \
  F_TEXT ("name", name, REQ, N_("Name")), \
  F_TEXT ("vendor", vendor, REQ, N_("Vendor")), \
  F_TEXT ("aliases", aliases, 0, N_("Also known as")), \
  F_MONEY ("price_usd", price_cents, N_("Price (USD)")), \
  F_DATE ("price_date", price_date, N_("Price date")), \
  F_TEXT ("source", source, REQ, N_("Source"))

static const char * const segments[] = { "consumer", "workstation", "datacenter", NULL };
static const char * const architectures[] = {
  "pascal", "volta", "turing", "ampere", "ada", "hopper", "blackwell",
  "rdna2", "rdna3", "rdna4", "cdna2", "cdna3", "alchemist", "battlemage", NULL
};
static const char * const gpu_form_factors[] = { "pcie", "sxm", NULL };
static const char * const gpu_memory_types[] = {
  "gddr5", "gddr5x", "gddr6", "gddr6x", "gddr7", "hbm2", "hbm2e", "hbm3", "hbm3e", NULL
};
static const char * const gpu_coolers[] = { "blower", "open-air", "passive", "hybrid", NULL };
static const char * const sockets[] = {
  "am4", "am5", "lga1200", "lga1700", "lga1851", "str5", "swrx8", "strx4", "lga4677", "lga2066",
  "sp3", "sp5", "sp6", NULL
};
static const char * const ddr_types[] = { "ddr4", "ddr5", NULL };
static const char * const dimm_types[] = { "udimm", "rdimm", NULL };
static const char * const simd_levels[] = { "avx2", "avx512", "amx", NULL };
static const char * const chipsets[] = {
  "x570", "b550", "a520", "x670e", "x670", "b650e", "b650", "a620", "x870e", "x870", "b850", "b840",
  "z690", "b660", "z790", "b760", "h770", "w680", "z890", "b860", "trx50", "wrx90", "w790", "wrx80",
  "sp5", "sp3", "c741", NULL
};
static const char * const board_form_factors[] = {
  "eatx", "atx", "matx", "itx", "ssi-eeb", "ceb", NULL
};
static const char * const memory_forms[] = { "udimm", "rdimm", "sodimm", NULL };
static const char * const storage_interfaces[] = { "nvme", "sata", NULL };
static const char * const storage_form_factors[] = {
  "m.2-2230", "m.2-2280", "m.2-22110", "2.5", "3.5", "u.2", "u.3", "e1.s", NULL
};
static const char * const psu_efficiencies[] = {
  "white", "bronze", "silver", "gold", "platinum", "titanium", NULL
};
static const char * const atx_versions[] = { "2", "3.0", "3.1", NULL };
static const char * const psu_form_factors[] = { "atx", "sfx", "sfx-l", NULL };
static const char * const cooler_types[] = { "air", "aio", NULL };
static const char * const system_families[] = {
  "mac-studio", "mac-mini", "mac-pro", "macbook-pro", "dgx-spark", "dgx-station", "jetson",
  "mini-pc", "laptop", "workstation", NULL
};
static const char * const memory_kinds[] = { "unified", "discrete", NULL };
static const char * const accessory_types[] = {
  "nvlink-bridge", "riser", "bifurcation", "m2-adapter", "psu-adapter", NULL
};
static const char * const bifurcations[] = { "x8x8", "x8x4x4", "x4x4x4x4", NULL };

static gboolean
check_mounts (const char *text,
              GError    **error)
{
  static const char * const positions[] = {
    "front", "top", "rear", "bottom", "side", "psu-shroud", "midplate", NULL
  };
  g_auto(GStrv) items = g_strsplit (text, ";", -1);

  for (guint i = 0; items[i]; i++)
    {
      const char *colon = strchr (items[i], ':');
      g_autofree char *pos = NULL;
      g_auto(GStrv) options = NULL;

      if (colon == NULL)
        goto bad;
      pos = g_strndup (items[i], colon - items[i]);
      if (!g_strv_contains (positions, pos))
        {
          g_set_error (error, RIG_FIELD_ERROR, RIG_FIELD_ERROR_INVALID,
                       "“%s” is not a mount position (front, top, rear, bottom, side, psu-shroud, "
                       "midplate)", pos);
          return FALSE;
        }
      options = g_strsplit (colon + 1, "/", -1);
      for (guint k = 0; options[k]; k++)
        {
          const char *o = options[k];
          guint count = 1, size = 0;
          char tail;

          if (strchr (o, 'x') != NULL)
            {
              if (sscanf (o, "%ux%u%c", &count, &size, &tail) != 2)
                goto bad;
            }
          else if (sscanf (o, "%u%c", &size, &tail) != 1)
            goto bad;
          if (count < 1 || count > 12 || size < 40 || size > 480)
            goto bad;
        }
    }
  return TRUE;

bad:
  g_set_error (error, RIG_FIELD_ERROR, RIG_FIELD_ERROR_INVALID,
               "“%s” does not read as “POSITION:SIZE/…” or “POSITION:COUNTxSIZE/…”", text);
  return FALSE;
}

gboolean
rig_power_connectors_check (const char *text,
                            GError    **error)
{
  static const char * const types[] = { "6pin", "8pin", "12vhpwr", "12v-2x6", "eps8", NULL };
  g_auto(GStrv) items = NULL;

  if (g_str_equal (text, "none"))
    return TRUE;
  if (*text == '\0')
    goto bad;

  items = g_strsplit (text, "+", -1);
  for (guint i = 0; items[i]; i++)
    {
      char *x = strchr (items[i], 'x');
      char *end = NULL;
      guint64 count;

      if (x == NULL)
        goto bad;
      count = g_ascii_strtoull (items[i], &end, 10);
      if (end != x || count < 1 || count > 8 || !g_strv_contains (types, x + 1))
        goto bad;
    }
  return TRUE;

bad:
  g_set_error (error, RIG_FIELD_ERROR, RIG_FIELD_ERROR_INVALID,
               "“%s” does not read as COUNTxTYPE joined by “+” (types 6pin, 8pin, 12vhpwr, "
               "12v-2x6, eps8), or “none”", text);
  return FALSE;
}

static gboolean
check_pcie_slots (const char *text,
                  GError    **error)
{
  g_autoptr(GPtrArray) slots = rig_slot_list_parse (text, RIG_SLOT_KIND_PCIE, error);
  return slots != NULL;
}

static gboolean
check_m2_slots (const char *text,
                GError    **error)
{
  g_autoptr(GPtrArray) slots = rig_slot_list_parse (text, RIG_SLOT_KIND_M2, error);
  return slots != NULL;
}

static const RigField gpu_fields[] = {
  COMMON_FIELDS,
  F_ENUM ("segment", gpu.segment, REQ, segments, N_("Segment")),
  F_ENUM ("architecture", gpu.architecture, REQ, architectures, N_("Architecture")),
  F_ENUM ("form_factor", gpu.form_factor, REQ, gpu_form_factors, N_("Form factor")),
  F_NUM ("memory_gib", gpu.memory_gib, REQ, 1, 1024, N_("Memory (GiB)")),
  F_ENUM ("memory_type", gpu.memory_type, 0, gpu_memory_types, N_("Memory type")),
  F_INT ("memory_bus_bits", gpu.memory_bus_bits, 0, 32, 8192, N_("Memory bus (bits)")),
  F_NUM ("bandwidth_gbps", gpu.bandwidth_gbps, REQ, 10, 20000, N_("Memory bandwidth (GB/s)")),
  F_NUM ("fp32_tflops", gpu.fp32_tflops, 0, 0.1, 500, N_("FP32 (TFLOPS)")),
  F_NUM ("fp16_tflops", gpu.fp16_tflops, 0, 0.1, 5000, N_("FP16/BF16 dense tensor (TFLOPS)")),
  F_NUM ("fp8_tflops", gpu.fp8_tflops, 0, 1, 10000, N_("FP8 dense tensor (TFLOPS)")),
  F_NUM ("int8_tops", gpu.int8_tops, 0, 1, 10000, N_("INT8 dense tensor (TOPS)")),
  F_NUM ("sustained_compute_share", gpu.sustained_compute_share, 0, 0.3, 1,
         N_("Sustained compute (share of the figures)")),
  F_NUM ("board_power_w", gpu.board_power_w, REQ, 10, 1500, N_("Board power (W)")),
  F_CHECK ("power_connectors", gpu.power_connectors, 0, rig_power_connectors_check,
           N_("Power connectors")),
  F_INT ("pcie_gen", gpu.pcie_gen, 0, 1, 6, N_("PCIe generation")),
  F_INT ("pcie_lanes", gpu.pcie_lanes, 0, 1, 16, N_("PCIe lanes")),
  F_NUM ("slot_width", gpu.slot_width, 0, 1, 5, N_("Slot width")),
  F_NUM ("length_mm", gpu.length_mm, 0, 100, 450, N_("Length (mm)")),
  F_ENUM ("cooler", gpu.cooler, 0, gpu_coolers, N_("Cooler")),
  F_BOOL ("nvlink", gpu.nvlink, 0, N_("NVLink")),
  F_DATE ("launch_date", gpu.launch_date, N_("Launch")),
  F_MONEY ("launch_price_usd", gpu.launch_price_cents, N_("Launch price (USD)")),
  F_MONEY ("used_price_usd", gpu.used_price_cents, N_("Used price (USD)")),
  F_DATE ("used_price_date", gpu.used_price_date, N_("Used price date")),
  F_TEXT ("used_price_source", gpu.used_price_source, 0, N_("Used price source")),
};

static const RigField cpu_fields[] = {
  COMMON_FIELDS,
  F_ENUM ("socket", cpu.socket, REQ, sockets, N_("Socket")),
  F_INT ("cores", cpu.cores, REQ, 1, 512, N_("Cores")),
  F_INT ("threads", cpu.threads, REQ, 1, 1024, N_("Threads")),
  F_NUM ("base_ghz", cpu.base_ghz, 0, 0.5, 7, N_("Base clock (GHz)")),
  F_NUM ("boost_ghz", cpu.boost_ghz, 0, 0.5, 7, N_("Boost clock (GHz)")),
  F_NUM ("tdp_w", cpu.tdp_w, REQ, 5, 700, N_("TDP (W)")),
  F_NUM ("package_power_w", cpu.package_power_w, 0, 5, 1000, N_("Sustained package power (W)")),
  F_INT ("pcie_gen", cpu.pcie_gen, REQ, 3, 6, N_("PCIe generation")),
  F_INT ("pcie_lanes", cpu.pcie_lanes, 0, 4, 160, N_("CPU PCIe lanes")),
  F_INT ("chipset_lanes", cpu.chipset_lanes, 0, 0, 16, N_("Lanes to the chipset")),
  F_ENUM ("memory_types", cpu.memory_types, REQ | LIST, ddr_types, N_("Memory types")),
  F_INT ("memory_channels", cpu.memory_channels, REQ, 1, 16, N_("Memory channels")),
  F_INT ("memory_max_mts", cpu.memory_max_mts, 0, 1600, 10000, N_("Max memory speed (MT/s)")),
  F_NUM ("memory_max_gib", cpu.memory_max_gib, 0, 8, 16384, N_("Max memory (GiB)")),
  F_BOOL ("ecc", cpu.ecc, 0, N_("ECC")),
  F_ENUM ("dimm_type", cpu.dimm_type, REQ, dimm_types, N_("DIMM type")),
  F_ENUM ("simd", cpu.simd, 0, simd_levels, N_("SIMD")),
  F_INT ("avx512_fma_units", cpu.avx512_fma_units, 0, 1, 2, N_("AVX-512 FMA units")),
  F_INT ("performance_cores", cpu.performance_cores, 0, 1, 512, N_("Performance cores")),
  F_INT ("single_thread", cpu.single_thread, 0, 500, 10000, N_("Single-thread rating (Geekbench 6)")),
  F_DATE ("launch_date", cpu.launch_date, N_("Launch")),
};

static const RigField motherboard_fields[] = {
  COMMON_FIELDS,
  F_ENUM ("socket", motherboard.socket, REQ, sockets, N_("Socket")),
  F_ENUM ("chipset", motherboard.chipset, REQ, chipsets, N_("Chipset")),
  F_ENUM ("form_factor", motherboard.form_factor, REQ, board_form_factors, N_("Form factor")),
  F_ENUM ("memory_type", motherboard.memory_type, REQ, ddr_types, N_("Memory type")),
  F_INT ("memory_slots", motherboard.memory_slots, REQ, 1, 24, N_("Memory slots")),
  F_NUM ("memory_max_gib", motherboard.memory_max_gib, 0, 8, 16384, N_("Max memory (GiB)")),
  F_INT ("memory_max_mts", motherboard.memory_max_mts, 0, 1600, 12000, N_("Max memory speed (MT/s)")),
  F_BOOL ("ecc", motherboard.ecc, 0, N_("ECC")),
  F_ENUM ("dimm_type", motherboard.dimm_type, REQ, dimm_types, N_("DIMM type")),
  F_CHECK ("pcie_slots", motherboard.pcie_slots, REQ, check_pcie_slots, N_("PCIe slots")),
  F_CHECK ("m2_slots", motherboard.m2_slots, 0, check_m2_slots, N_("M.2 slots")),
  F_INT ("sata_ports", motherboard.sata_ports, 0, 0, 24, N_("SATA ports")),
  F_INT ("eps_connectors", motherboard.eps_connectors, 0, 0, 4, N_("EPS 8-pin connectors")),
  F_NUM ("lan_gbps", motherboard.lan_gbps, 0, 0, 100, N_("Onboard LAN (Gb/s)")),
  F_ENUM ("bifurcation", motherboard.bifurcation, LIST, bifurcations, N_("x16 slot bifurcation")),
};

static const RigField memory_fields[] = {
  COMMON_FIELDS,
  F_ENUM ("type", memory.type, REQ, ddr_types, N_("Type")),
  F_ENUM ("form", memory.form, REQ, memory_forms, N_("Form")),
  F_INT ("modules", memory.modules, REQ, 1, 16, N_("Modules")),
  F_NUM ("module_gib", memory.module_gib, REQ, 1, 512, N_("Module size (GiB)")),
  F_INT ("speed_mts", memory.speed_mts, REQ, 1600, 12000, N_("Speed (MT/s)")),
  F_INT ("cas", memory.cas, 0, 10, 80, N_("CAS latency")),
  F_BOOL ("ecc", memory.ecc, 0, N_("ECC")),
  F_NUM ("voltage", memory.voltage, 0, 1, 1.6, N_("Voltage (V)")),
};

static const RigField storage_fields[] = {
  COMMON_FIELDS,
  F_ENUM ("interface", storage.interface, REQ, storage_interfaces, N_("Interface")),
  F_ENUM ("form_factor", storage.form_factor, REQ, storage_form_factors, N_("Form factor")),
  F_INT ("pcie_gen", storage.pcie_gen, 0, 3, 6, N_("PCIe generation")),
  F_INT ("pcie_lanes", storage.pcie_lanes, 0, 1, 8, N_("PCIe lanes")),
  F_NUM ("capacity_gb", storage.capacity_gb, REQ, 100, 100000, N_("Capacity (GB)")),
  F_NUM ("read_mbps", storage.read_mbps, 0, 50, 30000, N_("Sequential read (MB/s)")),
  F_NUM ("write_mbps", storage.write_mbps, 0, 50, 30000, N_("Sequential write (MB/s)")),
  F_NUM ("power_w", storage.power_w, 0, 0.1, 40, N_("Active power (W)")),
  F_NUM ("tbw", storage.tbw, 0, 10, 100000, N_("Endurance (TBW)")),
};

static const RigField psu_fields[] = {
  COMMON_FIELDS,
  F_NUM ("watts", psu.watts, REQ, 200, 3000, N_("Rated power (W)")),
  F_ENUM ("efficiency", psu.efficiency, 0, psu_efficiencies, N_("80 PLUS rating")),
  F_ENUM ("atx_version", psu.atx_version, 0, atx_versions, N_("ATX version")),
  F_INT ("conn_12v2x6", psu.conn_12v2x6, 0, 0, 8, N_("12V-2x6 / 12VHPWR connectors")),
  F_INT ("conn_pcie8", psu.conn_pcie8, 0, 0, 24, N_("PCIe 6+2-pin connectors")),
  F_INT ("conn_eps8", psu.conn_eps8, 0, 0, 6, N_("EPS 8-pin connectors")),
  F_INT ("conn_sata", psu.conn_sata, 0, 0, 32, N_("SATA connectors")),
  F_ENUM ("form_factor", psu.form_factor, REQ, psu_form_factors, N_("Form factor")),
  F_NUM ("length_mm", psu.length_mm, 0, 80, 300, N_("Length (mm)")),
};

static const RigField case_fields[] = {
  COMMON_FIELDS,
  F_ENUM ("board_form_factors", pc_case.board_form_factors, LIST, board_form_factors,
          N_("Motherboards")),
  F_ENUM ("psu_form_factors", pc_case.psu_form_factors, LIST, psu_form_factors, N_("PSUs")),
  F_NUM ("max_gpu_length_mm", pc_case.max_gpu_length_mm, 0, 150, 600, N_("Max GPU length (mm)")),
  F_NUM ("max_cooler_height_mm", pc_case.max_cooler_height_mm, 0, 30, 250,
         N_("Max CPU cooler height (mm)")),
  F_NUM ("max_psu_length_mm", pc_case.max_psu_length_mm, 0, 80, 400, N_("Max PSU length (mm)")),
  F_INT ("expansion_slots", pc_case.expansion_slots, 0, 1, 16, N_("Expansion slots")),
  F_CHECK ("radiator_mounts", pc_case.radiator_mounts, 0, check_mounts, N_("Radiator mounts")),
  F_CHECK ("fan_mounts", pc_case.fan_mounts, 0, check_mounts, N_("Fan mounts")),
  F_CHECK ("included_fans", pc_case.included_fans, 0, check_mounts, N_("Included fans")),
};

static const RigField cooler_fields[] = {
  COMMON_FIELDS,
  F_ENUM ("type", cooler.type, REQ, cooler_types, N_("Type")),
  F_NUM ("rated_w", cooler.rated_w, 0, 30, 600, N_("Rated heat (W)")),
  F_NUM ("height_mm", cooler.height_mm, 0, 20, 200, N_("Height (mm)")),
  F_NUM ("radiator_mm", cooler.radiator_mm, 0, 120, 480, N_("Radiator (mm)")),
  F_ENUM ("sockets", cooler.sockets, LIST, sockets, N_("Sockets")),
};

static const RigField nic_fields[] = {
  COMMON_FIELDS,
  F_NUM ("speed_gbps", nic.speed_gbps, REQ, 1, 1600, N_("Speed per port (Gb/s)")),
  F_INT ("ports", nic.ports, REQ, 1, 8, N_("Ports")),
  F_INT ("pcie_gen", nic.pcie_gen, 0, 2, 6, N_("PCIe generation")),
  F_INT ("pcie_lanes", nic.pcie_lanes, 0, 1, 16, N_("PCIe lanes")),
  F_NUM ("power_w", nic.power_w, 0, 1, 100, N_("Typical power (W)")),
};

static const RigField system_fields[] = {
  COMMON_FIELDS,
  F_ENUM ("family", system.family, REQ, system_families, N_("Family")),
  F_TEXT ("chip", system.chip, REQ, N_("Chip")),
  F_NUM ("memory_gib", system.memory_gib, REQ, 4, 4096, N_("Memory (GiB)")),
  F_ENUM ("memory_kind", system.memory_kind, REQ, memory_kinds, N_("Memory kind")),
  F_NUM ("bandwidth_gbps", system.bandwidth_gbps, REQ, 10, 20000, N_("Memory bandwidth (GB/s)")),
  F_NUM ("gpu_usable_fraction", system.gpu_usable_fraction, 0, 0.1, 1, N_("GPU-usable share")),
  F_NUM ("gpu_memory_gib", system.gpu_memory_gib, 0, 1, 4096, N_("GPU memory (GiB)")),
  F_NUM ("gpu_bandwidth_gbps", system.gpu_bandwidth_gbps, 0, 10, 20000,
         N_("GPU memory bandwidth (GB/s)")),
  F_NUM ("gpu_fp16_tflops", system.gpu_fp16_tflops, 0, 0.1, 5000, N_("FP16/BF16 dense tensor (TFLOPS)")),
  F_INT ("cpu_cores", system.cpu_cores, 0, 1, 512, N_("CPU cores")),
  F_NUM ("power_w", system.power_w, 0, 5, 3000, N_("Max power (W)")),
  F_NUM ("storage_gb", system.storage_gb, 0, 16, 100000, N_("Storage (GB)")),
};

static const RigField accessory_fields[] = {
  COMMON_FIELDS,
  F_ENUM ("type", accessory.type, REQ, accessory_types, N_("Type")),
  F_ENUM ("architectures", accessory.architectures, LIST, architectures, N_("GPU architectures")),
  F_INT ("slot_spacing", accessory.slot_spacing, 0, 1, 8, N_("Bridge spacing (slots)")),
  F_INT ("pcie_gen", accessory.pcie_gen, 0, 1, 6, N_("Rated PCIe generation")),
  F_INT ("pcie_lanes", accessory.pcie_lanes, 0, 1, 16, N_("PCIe lanes")),
  F_NUM ("length_mm", accessory.length_mm, 0, 20, 2000, N_("Cable length (mm)")),
  F_ENUM ("bifurcation", accessory.bifurcation, 0, bifurcations, N_("Bifurcation")),
  F_INT ("ports", accessory.ports, 0, 1, 8, N_("Ports")),
};

#define TABLE(n, f) { n, f, G_N_ELEMENTS (f), sizeof (RigPart) }

static const RigTable part_tables[RIG_PART_N_KINDS] = {
  [RIG_PART_GPU] = TABLE ("gpu", gpu_fields),
  [RIG_PART_CPU] = TABLE ("cpu", cpu_fields),
  [RIG_PART_MOTHERBOARD] = TABLE ("motherboard", motherboard_fields),
  [RIG_PART_MEMORY] = TABLE ("memory", memory_fields),
  [RIG_PART_STORAGE] = TABLE ("storage", storage_fields),
  [RIG_PART_PSU] = TABLE ("psu", psu_fields),
  [RIG_PART_CASE] = TABLE ("case", case_fields),
  [RIG_PART_COOLER] = TABLE ("cooler", cooler_fields),
  [RIG_PART_NIC] = TABLE ("nic", nic_fields),
  [RIG_PART_SYSTEM] = TABLE ("system", system_fields),
  [RIG_PART_ACCESSORY] = TABLE ("accessory", accessory_fields),
};

static const char * const kind_labels[RIG_PART_N_KINDS] = {
  [RIG_PART_GPU] = N_("GPU"),
  [RIG_PART_CPU] = N_("CPU"),
  [RIG_PART_MOTHERBOARD] = N_("Motherboard"),
  [RIG_PART_MEMORY] = N_("Memory"),
  [RIG_PART_STORAGE] = N_("Storage"),
  [RIG_PART_PSU] = N_("Power supply"),
  [RIG_PART_CASE] = N_("Case"),
  [RIG_PART_COOLER] = N_("CPU cooler"),
  [RIG_PART_NIC] = N_("Network card"),
  [RIG_PART_SYSTEM] = N_("System"),
  [RIG_PART_ACCESSORY] = N_("Accessory"),
};

const char *
rig_part_kind_to_string (RigPartKind kind)
{
  g_return_val_if_fail (kind < RIG_PART_N_KINDS, NULL);
  return part_tables[kind].name;
}

const char *
rig_part_kind_label (RigPartKind kind)
{
  g_return_val_if_fail (kind < RIG_PART_N_KINDS, NULL);
  return _(kind_labels[kind]);
}

gboolean
rig_part_kind_from_label (const char  *text,
                          RigPartKind *kind)
{
  g_autofree char *folded = NULL;

  g_return_val_if_fail (kind != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  folded = g_utf8_casefold (text, -1);
  for (guint i = 0; i < RIG_PART_N_KINDS; i++)
    {
      g_autofree char *english = g_utf8_casefold (kind_labels[i], -1);
      g_autofree char *translated = g_utf8_casefold (_(kind_labels[i]), -1);

      if (g_str_equal (folded, english) || g_str_equal (folded, translated))
        {
          *kind = i;
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
rig_part_kind_from_string (const char  *text,
                           RigPartKind *kind)
{
  for (guint i = 0; i < RIG_PART_N_KINDS; i++)
    if (text != NULL && g_str_equal (text, part_tables[i].name))
      {
        *kind = i;
        return TRUE;
      }
  return FALSE;
}

const RigTable *
rig_part_table (RigPartKind kind)
{
  g_return_val_if_fail (kind < RIG_PART_N_KINDS, NULL);
  return &part_tables[kind];
}

RigPart *
rig_part_new (RigPartKind kind)
{
  RigPart *part = g_new0 (RigPart, 1);

  part->kind = kind;
  rig_table_record_init (rig_part_table (kind), part);
  return part;
}

/* A board's slot maps, read once. A part's columns do not change once it is made (an edited
 * custom part is a new part, and rig_part_copy () starts afresh), so the parse is never stale. */
struct _RigSlotMaps
{
  GPtrArray *slots[2];  /* by RigSlotKind; NULL when the text does not read */
};

static void
slot_maps_free (struct _RigSlotMaps *maps)
{
  if (maps == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (maps->slots); i++)
    g_clear_pointer (&maps->slots[i], g_ptr_array_unref);
  g_free (maps);
}

static gint
slot_index (GPtrArray  *slots,
            const char *name)
{
  for (guint i = 0; slots != NULL && i < slots->len; i++)
    if (g_str_equal (((RigSlot *) g_ptr_array_index (slots, i))->name, name))
      return (gint) i;
  return -1;
}

static struct _RigSlotMaps *
slot_maps_read (const RigMotherboardSpec *spec)
{
  struct _RigSlotMaps *maps = g_new0 (struct _RigSlotMaps, 1);

  maps->slots[RIG_SLOT_KIND_PCIE] = rig_slot_list_parse (spec->pcie_slots, RIG_SLOT_KIND_PCIE, NULL);
  maps->slots[RIG_SLOT_KIND_M2] = rig_slot_list_parse (spec->m2_slots, RIG_SLOT_KIND_M2, NULL);
  /* Name each share's partner by its place in the lists, so placing a card compares no text. */
  for (guint k = 0; k < G_N_ELEMENTS (maps->slots); k++)
    for (guint i = 0; maps->slots[k] != NULL && i < maps->slots[k]->len; i++)
      {
        RigSlot *slot = g_ptr_array_index (maps->slots[k], i);

        for (guint j = 0; j < slot->shares->len; j++)
          {
            RigSlotShare *sh = &g_array_index (slot->shares, RigSlotShare, j);

            sh->pcie_index = slot_index (maps->slots[RIG_SLOT_KIND_PCIE], sh->other);
            sh->m2_index = slot_index (maps->slots[RIG_SLOT_KIND_M2], sh->other);
          }
      }
  return maps;
}

GPtrArray *
rig_part_slot_map (const RigPart *board,
                   RigSlotKind    kind)
{
  /* The cache is not part of the part's value: it changes nothing a reader sees. */
  RigMotherboardSpec *spec = (RigMotherboardSpec *) &board->motherboard;
  struct _RigSlotMaps *maps;

  g_return_val_if_fail (board->kind == RIG_PART_MOTHERBOARD, NULL);

  maps = g_atomic_pointer_get (&spec->slot_maps);
  if (G_UNLIKELY (maps == NULL))
    {
      /* Two threads may read it at once: the first to publish wins, the other's is dropped. */
      struct _RigSlotMaps *read = slot_maps_read (spec);

      if (!g_atomic_pointer_compare_and_exchange (&spec->slot_maps, NULL, read))
        slot_maps_free (read);
      maps = g_atomic_pointer_get (&spec->slot_maps);
    }
  return maps->slots[kind];
}

RigPart *
rig_part_copy (const RigPart *part)
{
  RigPart *copy = rig_table_record_dup (rig_part_table (part->kind), part);

  if (copy->kind == RIG_PART_MOTHERBOARD)
    copy->motherboard.slot_maps = NULL;
  else if (copy->kind == RIG_PART_GPU)
    copy->gpu.device_reading = NULL;
  return copy;
}

void
rig_part_free (RigPart *part)
{
  if (part == NULL)
    return;
  if (part->kind == RIG_PART_MOTHERBOARD)
    slot_maps_free (part->motherboard.slot_maps);
  else if (part->kind == RIG_PART_GPU)
    g_free (part->gpu.device_reading);   /* plain data */
  rig_table_record_clear (rig_part_table (part->kind), part);
  g_free (part);
}

char *
rig_part_full_name (const RigPart *part)
{
  g_return_val_if_fail (part != NULL, NULL);

  if (part->name == NULL)
    return g_strdup (part->id);
  if (part->vendor != NULL && *part->vendor && !g_str_has_prefix (part->name, part->vendor))
    return g_strdup_printf ("%s %s", part->vendor, part->name);
  return g_strdup (part->name);
}
