/* rig-compat.c: whether the parts go together (socket, memory, sizes, clearances, cooling,
 * connectors), each rule with the source of its numbers
 *
 * Every message quotes both numbers. A rule whose data is missing goes to not_checked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "rig-compat.h"
#include "rig-text.h"
#include "rig-i18n.h"
#include "rig-plan.h"
#include "rig-printf.h"

static gboolean
list_contains (const char *list,
               const char *value)
{
  return rig_list_contains (list, ';', value);
}

/* @text in capitals for a message ("AM5", "DDR5"); NULL for a lean report, which has none. */
static char *
upper (const RigReport *report,
       const char      *text)
{
  if (report->lean)
    return NULL;
  return text ? g_ascii_strup (text, -1) : g_strdup ("?");
}

/* The plan runs an unbuffered kit at its rated speed where that is above what the processor and
 * board officially allow (rig_memory_run_mts ()): that takes its XMP/EXPO profile, which the
 * firmware leaves off until someone turns it on. */
static void
check_memory_profile (const RigPart *kit,
                      double         speed,
                      gboolean       unbuffered,
                      gboolean       ddr5,
                      double         modules,
                      const RigPart *cpu,
                      const RigPart *board,
                      RigReport     *report)
{
  double official, runs, channels;
  g_autofree char *type = NULL;

  if (cpu == NULL || !RIG_IS_KNOWN (speed))
    return;
  runs = rig_memory_run_mts (speed, unbuffered, ddr5, modules, cpu, board, &official);
  if (!(runs > official))
    return;
  channels = RIG_IS_KNOWN (cpu->cpu.memory_channels) ? MIN (cpu->cpu.memory_channels, modules) : modules;
  type = upper (report, kit->memory.type);
  rig_report_add_finding (report, RIG_SEVERITY_INFO, RIG_AREA_COMPAT, "compat.memory-profile",
                          /* Translators: the first %s is a memory kit's name, the second and
                           * third its type (“DDR5”), the first %.0f its rated speed in MT/s, the
                           * second the processor's and board's official speed in MT/s, the
                           * last two system memory's bandwidth in GB/s without and with the
                           * profile */
                          _("%s runs at %s-%.0f only with its XMP/EXPO profile turned on in the "
                            "firmware setup; without it, at the official %s-%.0f, system memory "
                            "has %.0f GB/s, not %.0f. The plan assumes the profile."),
                          kit->name, type, runs, type, official,
                          channels * official * 8 / 1000, channels * runs * 8 / 1000);
}

static void
check_memory (const RigBuild *build,
              const RigPart  *cpu,
              const RigPart  *board,
              RigReport      *report)
{
  double modules = 0, total_gib = 0, speed = NAN;
  gboolean unbuffered = TRUE, ddr5 = TRUE;
  const RigPart *kit = NULL;
  guint n;
  RigBuildItem * const *kits = rig_report_items (report, RIG_PART_MEMORY, &n);

  for (guint i = 0; i < n; i++)
    {
      const RigBuildItem *item = kits[i];
      const RigPart *m = item->part;

      kit = m;
      modules += m->memory.modules * item->count;
      total_gib += m->memory.modules * m->memory.module_gib * item->count;
      speed = isnan (speed) ? m->memory.speed_mts : MIN (speed, m->memory.speed_mts);
      unbuffered = unbuffered && rig_str_is (m->memory.form, "udimm");
      ddr5 = ddr5 && rig_str_is (m->memory.type, "ddr5");

      if (board != NULL && board->motherboard.memory_type &&
          !rig_str_same (m->memory.type, board->motherboard.memory_type))
        {
          g_autofree char *a = upper (report, m->memory.type);
          g_autofree char *b = upper (report, board->motherboard.memory_type);
          rig_report_add_finding (report, RIG_SEVERITY_ERROR, RIG_AREA_COMPAT, "compat.memory-type",
                                  /* Translators: the first %s is a memory kit's name, the second
                                   * its type (“DDR4”, “DDR5”), the third a motherboard's name, the
                                   * fourth the memory type the board takes */
                                  _("%s is %s; %s takes %s only."), m->name, a, board->name, b);
        }
      if (board != NULL && board->motherboard.dimm_type)
        {
          gboolean registered = rig_str_is (m->memory.form, "rdimm");
          gboolean wants_registered = rig_str_is (board->motherboard.dimm_type, "rdimm");

          if (rig_str_is (m->memory.form, "sodimm") || registered != wants_registered)
            rig_report_add_finding (report, RIG_SEVERITY_ERROR, RIG_AREA_COMPAT, "compat.dimm-type",
                                    /* Translators: the first %s is a memory kit's name, the second
                                     * its kind (“registered (RDIMM)”, “laptop (SO-DIMM)” or
                                     * “unbuffered (UDIMM)”), the third a motherboard's name, the
                                     * fourth the kind the board takes (“registered RDIMMs” or
                                     * “unbuffered UDIMMs”) */
                                    _("%s is %s memory; %s takes %s only."), m->name,
                                    registered ? _("registered (RDIMM)")
                                    : rig_str_is (m->memory.form, "sodimm") ? _("laptop (SO-DIMM)")
                                    : _("unbuffered (UDIMM)"),
                                    board->name,
                                    wants_registered ? _("registered RDIMMs") : _("unbuffered UDIMMs"));
        }
      if (m->memory.ecc == 1 && ((board && board->motherboard.ecc == 0) || (cpu && cpu->cpu.ecc == 0)))
        rig_report_add_finding (report, RIG_SEVERITY_WARNING, RIG_AREA_COMPAT, "compat.ecc",
                                /* Translators: the first %s is a memory kit's name, the second a
                                 * motherboard's or a processor's name */
                                _("%s is ECC memory, but %s does not support ECC: it runs, without "
                                  "error correction."), m->name,
                                board && board->motherboard.ecc == 0 ? board->name : cpu->name);
    }

  if (kit == NULL)
    {
      if (cpu != NULL)
        rig_report_add_not_checked (report, RIG_AREA_COMPAT,
                                    _("The build has no memory: capacity, speed and fit are not checked."));
      return;
    }
  if (board != NULL)
    {
      if (RIG_IS_KNOWN (board->motherboard.memory_slots) && modules > board->motherboard.memory_slots)
        rig_report_add_finding (report, RIG_SEVERITY_ERROR, RIG_AREA_COMPAT, "compat.dimm-slots",
                                /* Translators: the first %.0f is the number of memory modules, %s
                                 * a motherboard's name, the second %.0f its memory slots, the
                                 * third %.0f how many more slots are needed */
                                _("The memory is %.0f modules; %s has %.0f slots. %.0f more slots are "
                                  "needed."), modules, board->name, board->motherboard.memory_slots,
                                modules - board->motherboard.memory_slots);
      if (RIG_IS_KNOWN (board->motherboard.memory_max_gib) && total_gib > board->motherboard.memory_max_gib)
        rig_report_add_finding (report, RIG_SEVERITY_ERROR, RIG_AREA_COMPAT, "compat.memory-capacity",
                                /* Translators: the first %.0f is the build's memory in GB, %s a
                                 * motherboard's or a processor's name, the second %.0f the most
                                 * memory it supports in GB */
                                _("%.0f GB of memory is more than %s supports (%.0f GB)."), total_gib,
                                board->name, board->motherboard.memory_max_gib);
      /* Desktop DDR5 at two DIMMs per channel: AMD guarantees DDR5-3600 on AM5 (research §5
       * rule 7), and Intel boards drop similarly. Channels come from the CPU; without one, a
       * desktop board has two slots per channel. */
      double channels = cpu != NULL && RIG_IS_KNOWN (cpu->cpu.memory_channels)
                          ? cpu->cpu.memory_channels : board->motherboard.memory_slots / 2;

      if (rig_str_is (kit->memory.type, "ddr5") && rig_str_is (kit->memory.form, "udimm") &&
          RIG_IS_KNOWN (board->motherboard.memory_slots) && modules > channels && speed > 3600)
        rig_report_add_finding (report, RIG_SEVERITY_WARNING, RIG_AREA_COMPAT, "compat.memory-2dpc",
                                /* Translators: the first %.0f is the number of memory modules, %s
                                 * a motherboard's name, the second %.0f the kit's speed in MT/s */
                                _("%.0f DDR5 modules on %s put two on a channel: expect about "
                                  "DDR5-3600 to DDR5-4800, not the kit's DDR5-%.0f. Two larger "
                                  "modules keep the speed."), modules, board->name, speed);
    }
  if (cpu != NULL)
    {
      if (RIG_IS_KNOWN (cpu->cpu.memory_max_gib) && total_gib > cpu->cpu.memory_max_gib)
        rig_report_add_finding (report, RIG_SEVERITY_ERROR, RIG_AREA_COMPAT, "compat.memory-capacity",
                                /* Translators: the first %.0f is the build's memory in GB, %s a
                                 * motherboard's or a processor's name, the second %.0f the most
                                 * memory it supports in GB */
                                _("%.0f GB of memory is more than %s supports (%.0f GB)."), total_gib,
                                cpu->name, cpu->cpu.memory_max_gib);
      if (RIG_IS_KNOWN (cpu->cpu.memory_channels) && modules < cpu->cpu.memory_channels)
        rig_report_add_finding (report, RIG_SEVERITY_WARNING, RIG_AREA_COMPAT, "compat.memory-channels",
                                /* Translators: the first and second %.0f are the number of memory
                                 * modules, %s a processor's name, the third %.0f its memory
                                 * channels, the fourth %.0f the share of bandwidth in per cent */
                                _("%.0f modules fill %.0f of %s's %.0f memory channels: system memory "
                                  "runs at %.0f %% of its bandwidth, which is what CPU offload runs at."),
                                modules, modules, cpu->name, cpu->cpu.memory_channels,
                                100 * modules / cpu->cpu.memory_channels);
      if (cpu->cpu.memory_types && !list_contains (cpu->cpu.memory_types, kit->memory.type))
        {
          g_autofree char *a = upper (report, kit->memory.type);
          rig_report_add_finding (report, RIG_SEVERITY_ERROR, RIG_AREA_COMPAT, "compat.memory-type",
                                  /* Translators: the first %s is a processor's name, the second a
                                   * memory type (“DDR4”, “DDR5”) */
                                  _("%s does not take %s memory."), cpu->name, a);
        }
    }
  check_memory_profile (kit, speed, unbuffered, ddr5, modules, cpu, board, report);
}

static void
check_case (const RigBuild *build,
            const RigPart  *pc_case,
            const RigPart  *board,
            const RigPart  *cooler,
            const RigPart  *psu,
            RigReport      *report)
{
  const RigCaseSpec *c = &pc_case->pc_case;
  RigBuildItem * const *gpus;
  guint n_gpus;

  if (board != NULL)
    {
      if (c->board_form_factors == NULL)
        rig_report_add_not_checked (report, RIG_AREA_COMPAT,
                                    /* Translators: %s is a case's name */
                                    _("%s: the motherboards it takes (their sizes) are not in the catalog."),
                                    pc_case->name);
      else if (!list_contains (c->board_form_factors, board->motherboard.form_factor))
        {
          g_autofree char *ff = upper (report, board->motherboard.form_factor);
          g_autofree char *ok = upper (report, c->board_form_factors);
          rig_report_add_finding (report, RIG_SEVERITY_ERROR, RIG_AREA_COMPAT, "compat.form-factor",
                                  /* Translators: the first %s is a motherboard's name, the second
                                   * its size (“ATX”, “MATX”), the third a case's name, the fourth
                                   * the board sizes the case takes (“ATX;MATX;ITX”) */
                                  _("%s is %s; %s takes %s."), board->name, ff, pc_case->name, ok);
        }
    }

  gpus = rig_report_gpu_cards (report, &n_gpus);
  for (guint i = 0; i < n_gpus; i++)
    {
      const RigPart *gpu = gpus[i]->part;

      if (!RIG_IS_KNOWN (gpu->gpu.length_mm) || !RIG_IS_KNOWN (c->max_gpu_length_mm))
        rig_report_add_not_checked (report, RIG_AREA_COMPAT,
                                    /* Translators: the first %s is a GPU's name, the second a
                                     * case's name, the third what is unknown (“the card's length”
                                     * or “the case's max GPU length”) */
                                    _("%s in %s: whether it fits is not checked: %s is not in the "
                                      "catalog."), gpu->name, pc_case->name,
                                    RIG_IS_KNOWN (c->max_gpu_length_mm) ? _("the card's length")
                                                                         : _("the case's max GPU length"));
      else if (gpu->gpu.length_mm > c->max_gpu_length_mm)
        rig_report_add_finding (report, RIG_SEVERITY_ERROR, RIG_AREA_COMPAT, "compat.gpu-length",
                                /* Translators: the first %s is a GPU's name, the first %.0f its
                                 * length in mm, the second %s a case's name, the second %.0f the
                                 * longest card it takes in mm */
                                _("%s is %.0f mm long; %s takes cards up to %.0f mm."), gpu->name,
                                gpu->gpu.length_mm, pc_case->name, c->max_gpu_length_mm);
    }

  if (cooler != NULL && rig_str_is (cooler->cooler.type, "air"))
    {
      if (!RIG_IS_KNOWN (cooler->cooler.height_mm) || !RIG_IS_KNOWN (c->max_cooler_height_mm))
        rig_report_add_not_checked (report, RIG_AREA_COMPAT,
                                    /* Translators: the first %s is a CPU cooler's name, the
                                     * second a case's name */
                                    _("%s in %s: cooler height not checked."),
                                    cooler->name, pc_case->name);
      else if (cooler->cooler.height_mm > c->max_cooler_height_mm)
        rig_report_add_finding (report, RIG_SEVERITY_ERROR, RIG_AREA_COMPAT, "compat.cooler-height",
                                /* Translators: the first %s is a CPU cooler's name, the first
                                 * %.0f its height in mm, the second %s a case's name, the second
                                 * %.0f the tallest cooler it takes in mm */
                                _("%s is %.0f mm tall; %s takes coolers up to %.0f mm."), cooler->name,
                                cooler->cooler.height_mm, pc_case->name, c->max_cooler_height_mm);
    }

  if (psu != NULL)
    {
      if (c->psu_form_factors && psu->psu.form_factor && !list_contains (c->psu_form_factors, psu->psu.form_factor))
        {
          g_autofree char *a = upper (report, psu->psu.form_factor);
          g_autofree char *b = upper (report, c->psu_form_factors);
          gboolean sfx_in_atx = rig_str_starts (psu->psu.form_factor, "sfx") &&
                                list_contains (c->psu_form_factors, "atx");
          rig_report_add_finding (report, sfx_in_atx ? RIG_SEVERITY_INFO : RIG_SEVERITY_ERROR,
                                  RIG_AREA_COMPAT, "compat.psu-form-factor",
                                  /* Translators: the first %s is a power supply's name, the
                                   * second its size (“SFX”, “ATX”), the third a case's name, the
                                   * fourth the sizes the case takes (“ATX”), the fifth is empty or
                                   * “ (an SFX-to-ATX bracket fits it)” */
                                  _("%s is %s; %s takes %s%s."), psu->name, a, pc_case->name, b,
                                  sfx_in_atx ? _(" (an SFX-to-ATX bracket fits it)") : "");
        }
      if (RIG_IS_KNOWN (psu->psu.length_mm) && RIG_IS_KNOWN (c->max_psu_length_mm) &&
          psu->psu.length_mm > c->max_psu_length_mm)
        rig_report_add_finding (report, RIG_SEVERITY_ERROR, RIG_AREA_COMPAT, "compat.psu-length",
                                /* Translators: the first %s is a power supply's name, the first
                                 * %.0f its length in mm, the second %s a case's name, the second
                                 * %.0f the longest power supply it takes in mm */
                                _("%s is %.0f mm long; %s takes power supplies up to %.0f mm."),
                                psu->name, psu->psu.length_mm, pc_case->name, c->max_psu_length_mm);
    }
}

static void
check_gpus (const RigBuild *build,
            RigReport      *report)
{
  const RigPart *first = NULL;
  guint total = 0, geforce_p2p_less = 0, n;
  gboolean mixed = FALSE, wants_p2p = FALSE;
  RigBuildItem * const *gpus = rig_report_items (report, RIG_PART_GPU, &n);

  for (guint w = 0; w < build->workloads->len; w++)
    {
      const RigWorkload *wl = g_ptr_array_index (build->workloads, w);
      if (wl->split != RIG_SPLIT_LAYER || wl->runtime == RIG_RUNTIME_VLLM ||
          wl->mode != RIG_MODE_INFERENCE)
        wants_p2p = TRUE;
    }

  for (guint i = 0; i < n; i++)
    {
      const RigBuildItem *item = gpus[i];
      const RigPart *gpu = item->part;

      if (first == NULL)
        first = gpu;
      else if (!rig_str_same (first->id, gpu->id))
        mixed = TRUE;
      total += item->count;
      if (rig_gpu_lacks_p2p (gpu))
        geforce_p2p_less += item->count;
    }

  if (total >= 2 && wants_p2p && geforce_p2p_less >= 2)
    rig_report_add_finding (report, RIG_SEVERITY_WARNING, RIG_AREA_COMPAT, "compat.p2p",
                            _("GeForce RTX 40 and 50 cards have no peer-to-peer transfers on NVIDIA's "
                              "drivers: multi-GPU training and tensor parallelism go through system "
                              "memory, and NCCL may hang until NCCL_P2P_DISABLE=1 is set."));
  if (mixed && wants_p2p)
    rig_report_add_finding (report, RIG_SEVERITY_INFO, RIG_AREA_COMPAT, "compat.mixed-gpus",
                            _("The GPUs are of different models: tensor parallelism and training run "
                              "at the pace of the slowest and smallest; layer split handles mixed "
                              "cards well."));
}

static int
compare_guint (gconstpointer a,
               gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;
  return x < y ? -1 : x > y;
}

/* Pairs the placed cards top-down and gives each pair an unused bridge that spans the slots
 * between them; the number of pairs joined. @unknown is set where a bridge's spacing is not known. */
static guint
join_pairs (RigReport      *report,
            const RigPart  *gpu,
            GArray         *positions,
            GPtrArray      *bridges,
            gboolean       *unknown)
{
  g_autofree gboolean *used = g_new0 (gboolean, bridges->len);
  guint joined = 0;

  g_array_sort (positions, compare_guint);
  for (guint k = 0; k + 1 < positions->len; k += 2)
    {
      guint top = g_array_index (positions, guint, k), bottom = g_array_index (positions, guint, k + 1);
      const RigPart *wrong = NULL;
      gboolean found = FALSE;

      for (guint b = 0; b < bridges->len && !found; b++)
        {
          const RigPart *bridge = g_ptr_array_index (bridges, b);

          if (used[b])
            continue;
          if (!RIG_IS_KNOWN (bridge->accessory.slot_spacing))
            *unknown = TRUE;
          else if (bridge->accessory.slot_spacing == bottom - top)
            found = used[b] = TRUE;
          else
            wrong = bridge;
        }
      if (found)
        joined++;
      else if (wrong != NULL)
        rig_report_add_finding (report, RIG_SEVERITY_WARNING, RIG_AREA_COMPAT, "compat.nvlink-spacing",
                                /* Translators: the first %s is an NVLink bridge's name, the first
                                 * %.0f the slots it spans, the second %s a GPU's name, the first and
                                 * second %u the positions of two of its cards' slots, the third %u
                                 * the slots between them */
                                _("%s spans %.0f slots, but the %s cards in positions %u and %u sit "
                                  "%u slots apart: they are not joined by NVLink. Use a bridge of "
                                  "that spacing, or move the cards."),
                                wrong->name, wrong->accessory.slot_spacing, gpu->name, top, bottom,
                                bottom - top);
    }
  return joined;
}

static gboolean
is_nvlink_bridge (const RigPart *part)
{
  return part != NULL && part->kind == RIG_PART_ACCESSORY &&
         rig_str_is (part->accessory.type, "nvlink-bridge");
}

void
rig_compat_evaluate_nvlink (const RigBuild *build,
                            RigReport      *report)
{
  const RigPcieReport *p = &report->pcie;
  g_autoptr(GPtrArray) fitting = NULL;
  g_autoptr(GArray) positions = NULL;
  const RigPart *gpu = NULL, *first_bridge = NULL;
  gboolean mixed = FALSE, unknown = FALSE;
  guint total = 0, on_carrier = 0, joined, n;
  RigBuildItem * const *items = rig_report_gpu_cards (report, &n);

  for (guint i = 0; i < n; i++)
    {
      const RigPart *part = items[i]->part;

      if (gpu != NULL && !rig_str_same (gpu->id, part->id))
        mixed = TRUE;
      gpu = gpu ? gpu : part;
      total += items[i]->count;
    }
  items = rig_report_items (report, RIG_PART_ACCESSORY, &n);
  for (guint i = 0; i < n && first_bridge == NULL; i++)
    if (items[i]->count > 0 && is_nvlink_bridge (items[i]->part))
      first_bridge = items[i]->part;

  if (gpu == NULL || total < 2 || mixed || gpu->gpu.nvlink == 0)
    {
      if (first_bridge != NULL)
        rig_report_add_finding (report, RIG_SEVERITY_INFO, RIG_AREA_COMPAT, "compat.nvlink-unused",
                                /* Translators: %s is an NVLink bridge's name */
                                _("%s does nothing here: NVLink joins two cards of the same model "
                                  "that have its connector, and this build has none."),
                                first_bridge->name);
      return;
    }
  if (gpu->gpu.nvlink != 1)
    {
      rig_report_add_not_checked (report, RIG_AREA_COMPAT,
                                  /* Translators: %s is a GPU's name */
                                  _("%s: whether it has an NVLink connector is not in the catalog, "
                                    "so NVLink between the cards is not counted."), gpu->name);
      return;
    }
  if (first_bridge == NULL)
    {
      rig_report_add_finding (report, RIG_SEVERITY_INFO, RIG_AREA_COMPAT, "compat.nvlink-no-bridge",
                              /* Translators: %s is a GPU's name */
                              _("%s cards have an NVLink connector, but the build has no NVLink "
                                "bridge: they talk over PCIe. Add a bridge made for them whose "
                                "spacing matches their slots."), gpu->name);
      return;
    }

  /* The arrays only from here: most builds return above, and a search plans many of them. */
  fitting = g_ptr_array_new ();
  positions = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < build->items->len; i++)
    {
      const RigBuildItem *item = g_ptr_array_index (build->items, i);
      const RigPart *bridge = item->part;

      if (item->count == 0 || !is_nvlink_bridge (bridge))
        continue;
      if (bridge->accessory.architectures == NULL || gpu->gpu.architecture == NULL)
        {
          rig_report_add_not_checked (report, RIG_AREA_COMPAT,
                                      /* Translators: the first %s is an NVLink bridge's name, the
                                       * second a GPU's name */
                                      _("%s: the GPU architectures it fits (or the architecture of "
                                        "%s) are not in the catalog, so NVLink is not counted."),
                                      bridge->name, gpu->name);
          return;
        }
      if (list_contains (bridge->accessory.architectures, gpu->gpu.architecture))
        for (guint c = 0; c < item->count; c++)
          g_ptr_array_add (fitting, (gpointer) bridge);
    }
  if (fitting->len == 0)
    {
      const RigPart *bridge = first_bridge;

      rig_report_add_finding (report, RIG_SEVERITY_WARNING, RIG_AREA_COMPAT, "compat.nvlink-generation",
                              /* Translators: the first %s is an NVLink bridge's name, the second
                               * the GPU generations it is made for, the third a GPU's name, the
                               * fourth its generation */
                              _("%s is made for %s cards and does not fit %s (%s): they talk over "
                                "PCIe. Use a bridge made for that generation."),
                              bridge->name, bridge->accessory.architectures, gpu->name,
                              gpu->gpu.architecture);
      return;
    }
  if (!p->checked)
    {
      rig_report_add_not_checked (report, RIG_AREA_COMPAT,
                                  _("Where the GPUs sit is not known, so whether the NVLink bridge "
                                    "spans their slots is not checked and NVLink is not counted."));
      return;
    }

  for (guint i = 0; i < p->n_devices; i++)
    {
      const RigPcieDevice *d = &p->devices[i];

      if (d->kind != RIG_PART_GPU || !d->placed)
        continue;
      if (d->carrier != NULL)
        on_carrier++;
      else
        g_array_append_val (positions, d->position);
    }
  if (on_carrier > 0)
    rig_report_add_not_checked (report, RIG_AREA_COMPAT,
                                /* Translators: %u is a number of GPUs */
                                g_dngettext (GETTEXT_PACKAGE,
                                             "%u GPU sits on a riser or adapter: whether an NVLink "
                                             "bridge reaches it is not checked, and it is not counted.",
                                             "%u GPUs sit on risers or adapters: whether an NVLink "
                                             "bridge reaches them is not checked, and they are not "
                                             "counted.", on_carrier), on_carrier);

  joined = join_pairs (report, gpu, positions, fitting, &unknown);
  if (unknown)
    rig_report_add_not_checked (report, RIG_AREA_COMPAT,
                                /* Translators: %s is a GPU's name */
                                _("The bridge spacing of an NVLink bridge (the slots it spans) is "
                                  "not in the catalog, so whether it joins the %s cards is not "
                                  "checked."), gpu->name);
  if (joined > 0 && joined * 2 == total)
    {
      for (guint i = 0; i < report->devices.n_gpus; i++)
        report->devices.gpus[i].nvlink = TRUE;
      rig_report_add_finding (report, RIG_SEVERITY_INFO, RIG_AREA_COMPAT, "compat.nvlink",
                              /* Translators: %s is a GPU's name, %u the number of bridges */
                              g_dngettext (GETTEXT_PACKAGE,
                                           "The %s cards are joined by NVLink (%u bridge spanning "
                                           "their slots): tensor parallelism uses it.",
                                           "The %s cards are joined by NVLink (%u bridges spanning "
                                           "their slots): tensor parallelism uses it.", joined),
                              gpu->name, joined);
    }
}

void
rig_compat_evaluate (const RigBuild *build,
                     RigReport      *report)
{
  const RigPart *cpu = rig_report_find (report, RIG_PART_CPU, NULL);
  const RigPart *board = rig_report_find (report, RIG_PART_MOTHERBOARD, NULL);
  const RigPart *cooler = rig_report_find (report, RIG_PART_COOLER, NULL);
  const RigPart *pc_case = rig_report_find (report, RIG_PART_CASE, NULL);
  const RigPart *psu = rig_report_find (report, RIG_PART_PSU, NULL);
  const RigPart *system = rig_report_find (report, RIG_PART_SYSTEM, NULL);
  guint sata_drives = 0, n_drives;
  RigBuildItem * const *drives;

  if (system != NULL)
    {
      for (guint i = 0; i < build->items->len; i++)
        {
          const RigBuildItem *item = g_ptr_array_index (build->items, i);
          if (item->part && item->part->kind != RIG_PART_SYSTEM)
            {
              rig_report_add_finding (report, RIG_SEVERITY_WARNING, RIG_AREA_COMPAT, "compat.prebuilt-mixed",
                                      /* Translators: the first %s is a prebuilt system's name, the
                                       * second the name of a part added beside it */
                                      _("%s is a complete system; %s cannot be added to it, and the "
                                        "plan counts it separately."), system->name, item->part->name);
              break;
            }
        }
      return;
    }

  if (cpu != NULL && board != NULL && !rig_str_same (cpu->cpu.socket, board->motherboard.socket))
    {
      g_autofree char *a = upper (report, cpu->cpu.socket);
      g_autofree char *b = upper (report, board->motherboard.socket);
      rig_report_add_finding (report, RIG_SEVERITY_ERROR, RIG_AREA_COMPAT, "compat.socket",
                              /* Translators: the first %s is a processor's name, the second its
                               * socket (“AM5”), the third a motherboard's name, the fourth the
                               * board's socket */
                              _("%s is a socket %s processor; %s has socket %s."), cpu->name, a,
                              board->name, b);
    }
  if (cpu != NULL && board != NULL && rig_str_same (cpu->cpu.socket, board->motherboard.socket))
    rig_report_add_not_checked (report, RIG_AREA_COMPAT,
                                /* Translators: the first %s is a motherboard's name, the second a
                                 * processor's name */
                                _("BIOS support: %s may need a BIOS update for %s; check the board's "
                                  "CPU support list."), board->name, cpu->name);

  check_memory (build, cpu, board, report);

  if (cooler != NULL && cpu != NULL)
    {
      if (cooler->cooler.sockets == NULL)
        rig_report_add_not_checked (report, RIG_AREA_COMPAT,
                                    /* Translators: %s is a CPU cooler's name */
                                    _("%s: the sockets it fits are not in the catalog."),
                                    cooler->name);
      else if (!list_contains (cooler->cooler.sockets, cpu->cpu.socket))
        {
          g_autofree char *a = upper (report, cpu->cpu.socket);
          g_autofree char *b = upper (report, cooler->cooler.sockets);
          rig_report_add_finding (report, RIG_SEVERITY_ERROR, RIG_AREA_COMPAT, "compat.cooler-socket",
                                  /* Translators: the first %s is a CPU cooler's name, the second
                                   * the sockets it fits (“AM4;AM5”), the third the processor's
                                   * socket */
                                  _("%s fits %s, not socket %s (some makers offer a bracket)."),
                                  cooler->name, b, a);
        }
    }

  if (pc_case != NULL)
    check_case (build, pc_case, board, cooler, psu, report);
  else if (board != NULL)
    rig_report_add_not_checked (report, RIG_AREA_COMPAT,
                                _("The build has no case: sizes and clearances are not checked."));

  drives = rig_report_items (report, RIG_PART_STORAGE, &n_drives);
  for (guint i = 0; i < n_drives; i++)
    if (rig_str_is (drives[i]->part->storage.interface, "sata"))
      sata_drives += drives[i]->count;
  if (board != NULL && sata_drives > 0 && RIG_IS_KNOWN (board->motherboard.sata_ports))
    {
      double usable = board->motherboard.sata_ports - report->pcie.sata_disabled;
      if (sata_drives > usable)
        rig_report_add_finding (report, RIG_SEVERITY_ERROR, RIG_AREA_COMPAT, "compat.sata",
                                /* Translators: both %u are the number of SATA drives, the first %s
                                 * a motherboard's name, %.0f its usable SATA ports, the second %s
                                 * is empty or “ (populated M.2 slots switch some off)” */
                                _("%u SATA drives need %u ports; %s has %.0f usable%s."), sata_drives,
                                sata_drives, board->name, usable,
                                report->pcie.sata_disabled ? _(" (populated M.2 slots switch some off)") : "");
    }

  check_gpus (build, report);

  rig_report_add_not_checked (report, RIG_AREA_COMPAT,
                              _("Not checked: memory height under an air cooler, an AIO pump against "
                                "M.2 heatsinks, front-panel headers and fan positions."));
}

/* "2 free x16 slots and 1 free M.2 slot remain on …", the words a lean report leaves out. */
static void
add_free_slots (RigReport     *report,
                const RigPart *board)
{
  guint x16 = report->pcie.free_x16_slots, m2 = report->pcie.free_m2_slots;
  /* Translators: the first clause of “%s and %s remain on %s%s.” */
  g_autofree char *x16_text = rig_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u free x16 slot",
                                                              "%u free x16 slots", x16), x16);
  /* Translators: the second clause of “%s and %s remain on %s%s.” */
  g_autofree char *m2_text =
    board->motherboard.m2_slots == NULL
      /* Translators: the second clause of “%s and %s remain on %s%s.”, for a board whose
       * M.2 slots the catalog does not list */
      ? g_strdup (_("an unknown number of M.2 slots"))
      : rig_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u free M.2 slot", "%u free M.2 slots",
                                        m2), m2);
  g_autofree char *lanes = RIG_IS_KNOWN (report->pcie.cpu_lanes)
                             /* Translators: added to “%s and %s remain on %s%s.”; %u is the
                              * CPU lanes in use, %.0f the CPU's lanes */
                             ? rig_strdup_printf (_("; %u of the CPU's %.0f lanes are used"),
                                                  report->pcie.cpu_lanes_used, report->pcie.cpu_lanes)
                             : g_strdup ("");

  rig_report_add_finding (report, RIG_SEVERITY_INFO, RIG_AREA_UPGRADE, "upgrade.slots",
                          /* Translators: the first %s is “N free x16 slots”, the second
                           * “N free M.2 slots”, the third a motherboard's name, the fourth is
                           * empty or “; N of the CPU's M lanes are used” */
                          _("%s and %s remain on %s%s."), x16_text, m2_text, board->name, lanes);
}

void
rig_upgrade_evaluate (const RigBuild *build,
                      RigReport      *report)
{
  const RigPart *board = rig_report_find (report, RIG_PART_MOTHERBOARD, NULL);
  const RigPart *psu = rig_report_find (report, RIG_PART_PSU, NULL);
  const RigPart *gpu = rig_report_find (report, RIG_PART_GPU, NULL);
  double modules = 0;
  guint n;
  RigBuildItem * const *items = rig_report_items (report, RIG_PART_MEMORY, &n);

  for (guint i = 0; i < n; i++)
    modules += items[i]->part->memory.modules * items[i]->count;

  if (board != NULL && report->pcie.checked)
    {
      if (report->lean)
        rig_report_add_code (report, RIG_SEVERITY_INFO, RIG_AREA_UPGRADE, "upgrade.slots");
      else
        add_free_slots (report, board);
    }
  if (board != NULL && RIG_IS_KNOWN (board->motherboard.memory_slots) && modules > 0 &&
      modules < board->motherboard.memory_slots)
    rig_report_add_finding (report, RIG_SEVERITY_INFO, RIG_AREA_UPGRADE, "upgrade.memory",
                            /* Translators: the first %.0f is the free memory slots, the second
                             * all the board's memory slots */
                            _("%.0f of %.0f memory slots are free."),
                            board->motherboard.memory_slots - modules, board->motherboard.memory_slots);
  {
    const RigPart *pc_case = rig_report_find (report, RIG_PART_CASE, NULL);
    double longest = 0;

    items = rig_report_items (report, RIG_PART_GPU, &n);
    for (guint i = 0; i < n; i++)
      if (RIG_IS_KNOWN (items[i]->part->gpu.length_mm))
        longest = MAX (longest, items[i]->part->gpu.length_mm);
    if (pc_case != NULL && RIG_IS_KNOWN (pc_case->pc_case.max_gpu_length_mm) &&
        longest <= pc_case->pc_case.max_gpu_length_mm)
      rig_report_add_finding (report, RIG_SEVERITY_INFO, RIG_AREA_UPGRADE, "upgrade.case",
                              /* Translators: the first %s is a case's name, %.0f the longest card
                               * it takes in mm, the second %s is empty or “; the longest card in
                               * the build leaves room to spare” */
                              _("%s takes cards up to %.0f mm%s."), pc_case->name,
                              pc_case->pc_case.max_gpu_length_mm,
                              longest > 0 ? _("; the longest card in the build leaves room to spare")
                                          : "");
  }
  if (psu != NULL && gpu != NULL && RIG_IS_KNOWN (gpu->gpu.board_power_w))
    {
      double margin = report->power.psu_w * 0.8 - report->power.sustained_w;
      gboolean one_more = margin >= gpu->gpu.board_power_w * build->settings.gpu_power_limit_pct / 100;

      rig_report_add_finding (report, RIG_SEVERITY_INFO, RIG_AREA_UPGRADE, "upgrade.psu",
                              /* Translators: the first %s is a power supply's name, the second a
                               * GPU's name */
                              one_more ? _("%s has room for one more %s within 80 %% of its rating.")
                                       /* Translators: the first %s is a power supply's name, the
                                        * second a GPU's name */
                                       : _("%s has no room for another %s within 80 %% of its rating."),
                              psu->name, gpu->name);
    }
}
