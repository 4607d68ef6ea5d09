/* rig-pcie.c: a greedy placement over the board's real slot map
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "rig-calibration.h"
#include "rig-i18n.h"
#include "rig-pcie.h"
#include "rig-plan.h"

typedef struct
{
  RigSlot      *slot;
  int           device;     /* index into report devices, -1 when free */
  guint         lanes;      /* after sharing */
} SlotState;

static guint
card_width (const RigPart *gpu)
{
  return RIG_IS_KNOWN (gpu->gpu.slot_width) ? (guint) ceil (gpu->gpu.slot_width - 0.01) : 2;
}

/* Is position @pos covered by a card in another slot? */
static gboolean
position_covered (SlotState  *slots,
                  guint       n,
                  guint       pos,
                  const RigPcieDevice *devices)
{
  for (guint i = 0; i < n; i++)
    if (slots[i].device >= 0)
      {
        const RigPcieDevice *d = &devices[slots[i].device];
        if (pos >= d->position && pos < d->position + d->width)
          return TRUE;
      }
  return FALSE;
}

static int
find_slot (SlotState           *slots,
           guint                n,
           guint                need_physical,
           guint                width,
           const RigPcieDevice *devices)
{
  int best = -1;

  for (guint i = 0; i < n; i++)
    {
      RigSlot *s = slots[i].slot;
      gboolean blocked = FALSE;

      if (slots[i].device >= 0 || s->physical_lanes < need_physical)
        continue;
      /* The card must not cover another card, and no card may cover this slot. */
      for (guint p = s->position; p < s->position + width; p++)
        if (position_covered (slots, n, p, devices))
          blocked = TRUE;
      for (guint k = 0; k < n && !blocked; k++)
        if (k != i && slots[k].device >= 0 && slots[k].slot->position >= s->position &&
            slots[k].slot->position < s->position + width)
          blocked = TRUE;
      if (blocked)
        continue;
      if (best < 0)
        {
          best = i;
          continue;
        }
      /* CPU lanes first, then the widest link, then the topmost slot. */
      {
        RigSlot *b = slots[best].slot;
        if ((s->source == RIG_LANE_SOURCE_CPU) != (b->source == RIG_LANE_SOURCE_CPU))
          {
            if (s->source == RIG_LANE_SOURCE_CPU)
              best = i;
          }
        else if (slots[i].lanes != slots[best].lanes)
          {
            if (slots[i].lanes > slots[best].lanes)
              best = i;
          }
        else if (s->position < b->position)
          best = i;
      }
    }
  return best;
}

/* Populating a slot turns its sharing partners down (or off). */
static void
apply_shares (SlotState *pcie,
              guint      n_pcie,
              SlotState *m2,
              guint      n_m2,
              RigSlot   *populated,
              guint     *sata_disabled)
{
  for (guint k = 0; k < populated->shares->len; k++)
    {
      const RigSlotShare *sh = &g_array_index (populated->shares, RigSlotShare, k);
      guint sata;

      for (guint i = 0; i < n_pcie; i++)
        if (g_str_equal (pcie[i].slot->name, sh->other))
          pcie[i].lanes = MIN (pcie[i].lanes, sh->lanes);
      for (guint i = 0; i < n_m2; i++)
        if (g_str_equal (m2[i].slot->name, sh->other))
          m2[i].lanes = MIN (m2[i].lanes, sh->lanes);
      if (sscanf (sh->other, "SATA%u", &sata) == 1 && sh->lanes == 0)
        (*sata_disabled)++;
    }
}

static RigPcieDevice *
add_device (RigPcieReport *p,
            const RigPart *part)
{
  RigPcieDevice *d;

  if (p->n_devices >= RIG_MAX_PCIE_DEVICES)
    return NULL;
  d = &p->devices[p->n_devices++];
  memset (d, 0, sizeof *d);
  g_strlcpy (d->part, part->name, sizeof d->part);
  d->spec = part;
  d->kind = part->kind;
  return d;
}

static void
set_link (RigPcieDevice *d,
      SlotState     *state,
      double         device_gen,
      double         device_lanes)
{
  RigSlot *s = state->slot;

  g_strlcpy (d->slot, s->name, sizeof d->slot);
  d->position = s->position;
  d->source = s->source;
  d->gen = RIG_IS_KNOWN (device_gen) ? MIN (s->gen, (guint) device_gen) : s->gen;
  d->lanes = RIG_IS_KNOWN (device_lanes) ? MIN (state->lanes, (guint) device_lanes) : state->lanes;
  d->gbps = d->lanes * rig_pcie_gbps_per_lane (d->gen);
}

void
rig_pcie_evaluate (const RigBuild *build,
                   RigReport      *report)
{
  RigPcieReport *p = &report->pcie;
  const RigPart *board = rig_build_find (build, RIG_PART_MOTHERBOARD, NULL);
  const RigPart *cpu = rig_build_find (build, RIG_PART_CPU, NULL);
  const RigPart *pc_case = rig_build_find (build, RIG_PART_CASE, NULL);
  g_autoptr(GPtrArray) pcie_slots = NULL;
  g_autoptr(GPtrArray) m2_slots = NULL;
  SlotState pcie[16], m2[16];
  guint n_pcie = 0, n_m2 = 0;
  gboolean wants_bandwidth = FALSE;
  gboolean m2_unknown_said = FALSE;

  memset (p, 0, sizeof *p);
  p->cpu_lanes = NAN;
  p->chipset_uplink_gbps = NAN;

  if (rig_build_find (build, RIG_PART_SYSTEM, NULL) != NULL)
    return;   /* a prebuilt's insides are its maker's business */
  if (board == NULL)
    {
      if (rig_build_find (build, RIG_PART_GPU, NULL) != NULL)
        rig_report_add_not_checked (report, RIG_AREA_PCIE,
                                    _("The build has no motherboard: slots, lanes and card spacing "
                                      "are not checked."));
      return;
    }

  pcie_slots = rig_slot_list_parse (board->motherboard.pcie_slots, RIG_SLOT_KIND_PCIE, NULL);
  m2_slots = rig_slot_list_parse (board->motherboard.m2_slots, RIG_SLOT_KIND_M2, NULL);
  if (pcie_slots == NULL || m2_slots == NULL)
    {
      rig_report_add_not_checked (report, RIG_AREA_PCIE,
                                  /* Translators: %s is a motherboard's name */
                                  _("%s: its slot map cannot be read."), board->name);
      return;
    }
  p->checked = TRUE;
  for (guint i = 0; i < pcie_slots->len && n_pcie < G_N_ELEMENTS (pcie); i++, n_pcie++)
    pcie[n_pcie] = (SlotState) { g_ptr_array_index (pcie_slots, i), -1,
                                 ((RigSlot *) g_ptr_array_index (pcie_slots, i))->lanes };
  for (guint i = 0; i < m2_slots->len && n_m2 < G_N_ELEMENTS (m2); i++, n_m2++)
    m2[n_m2] = (SlotState) { g_ptr_array_index (m2_slots, i), -1,
                             ((RigSlot *) g_ptr_array_index (m2_slots, i))->lanes };

  for (guint w = 0; w < build->workloads->len; w++)
    {
      const RigWorkload *wl = g_ptr_array_index (build->workloads, w);
      if (wl->split == RIG_SPLIT_TENSOR || wl->runtime == RIG_RUNTIME_VLLM ||
          wl->mode != RIG_MODE_INFERENCE)
        wants_bandwidth = TRUE;
    }

  /* GPUs first (they need the x16 slots), then NICs, then NVMe drives. */
  for (guint pass = 0; pass < 3; pass++)
    for (guint i = 0; i < build->items->len; i++)
      {
        const RigBuildItem *item = g_ptr_array_index (build->items, i);
        const RigPart *part = item->part;

        if (part == NULL)
          continue;
        for (guint c = 0; c < item->count; c++)
          {
            RigPcieDevice *d;
            int slot;

            if (pass == 0 && part->kind == RIG_PART_GPU && g_strcmp0 (part->gpu.form_factor, "sxm") != 0)
              {
                if (!(d = add_device (p, part)))
                  continue;
                d->width = card_width (part);
                slot = find_slot (pcie, n_pcie, 16, d->width, p->devices);
                if (slot < 0)
                  {
                    rig_report_add_finding (report, RIG_SEVERITY_ERROR, RIG_AREA_PCIE, "pcie.no-slot",
                                            /* Translators: the first %s is a GPU's name, the first
                                             * %u which of its cards this is, the second %s a
                                             * motherboard's name, the second %u how many slots
                                             * each card covers */
                                            g_dngettext (GETTEXT_PACKAGE, "No free x16 slot is left for "
                                                         "%s (#%u) on %s: the cards before it, %u slot wide "
                                                         "each, cover the others. Use a board with more widely "
                                                         "spaced slots, thinner cards, or a riser.",
                                                         "No free x16 slot is left for %s (#%u) on %s: the "
                                                         "cards before it, %u slots wide each, cover the "
                                                         "others. Use a board with more widely spaced slots, "
                                                         "thinner cards, or a riser.", d->width),
                                            part->name, c + 1, board->name, d->width);
                    continue;
                  }
                pcie[slot].device = p->n_devices - 1;
                set_link (d, &pcie[slot], part->gpu.pcie_gen, part->gpu.pcie_lanes);
                apply_shares (pcie, n_pcie, m2, n_m2, pcie[slot].slot, &p->sata_disabled);
              }
            else if (pass == 1 && part->kind == RIG_PART_NIC)
              {
                if (!(d = add_device (p, part)))
                  continue;
                d->width = 1;
                slot = find_slot (pcie, n_pcie, RIG_IS_KNOWN (part->nic.pcie_lanes) ? (guint) part->nic.pcie_lanes : 1,
                                  1, p->devices);
                if (slot < 0)
                  {
                    rig_report_add_finding (report, RIG_SEVERITY_ERROR, RIG_AREA_PCIE, "pcie.no-slot",
                                            /* Translators: the first %s is a network card's name,
                                             * the second a motherboard's name */
                                            _("No free slot is left for %s on %s."), part->name,
                                            board->name);
                    continue;
                  }
                pcie[slot].device = p->n_devices - 1;
                set_link (d, &pcie[slot], part->nic.pcie_gen, part->nic.pcie_lanes);
                apply_shares (pcie, n_pcie, m2, n_m2, pcie[slot].slot, &p->sata_disabled);
              }
            else if (pass == 2 && part->kind == RIG_PART_STORAGE &&
                     g_strcmp0 (part->storage.interface, "nvme") == 0 &&
                     part->storage.form_factor && g_str_has_prefix (part->storage.form_factor, "m.2"))
              {
                int best = -1;

                if (board->motherboard.m2_slots == NULL)
                  {
                    if (!m2_unknown_said)
                      rig_report_add_not_checked (report, RIG_AREA_PCIE,
                                                  /* Translators: %s is a motherboard's name */
                                                  _("%s: its M.2 slots (m2_slots) are not in the catalog, "
                                                    "so where the NVMe drives go is not checked."),
                                                  board->name);
                    m2_unknown_said = TRUE;
                    continue;
                  }
                if (!(d = add_device (p, part)))
                  continue;
                for (guint s = 0; s < n_m2; s++)
                  if (m2[s].device < 0 && m2[s].lanes > 0 &&
                      (best < 0 || (m2[s].slot->source == RIG_LANE_SOURCE_CPU &&
                                    m2[best].slot->source != RIG_LANE_SOURCE_CPU) ||
                       m2[s].slot->gen > m2[best].slot->gen))
                    best = s;
                if (best < 0)
                  {
                    rig_report_add_finding (report, RIG_SEVERITY_ERROR, RIG_AREA_PCIE, "pcie.m2-count",
                                            /* Translators: the first %s is a drive's name, the
                                             * second a motherboard's name, %u its M.2 slots */
                                            _("No free M.2 slot is left for %s: %s has %u."), part->name,
                                            board->name, n_m2);
                    continue;
                  }
                m2[best].device = p->n_devices - 1;
                set_link (d, &m2[best], part->storage.pcie_gen, part->storage.pcie_lanes);
                apply_shares (pcie, n_pcie, m2, n_m2, m2[best].slot, &p->sata_disabled);
                if (RIG_IS_KNOWN (part->storage.pcie_gen) && part->storage.pcie_gen > m2[best].slot->gen)
                  rig_report_add_finding (report, RIG_SEVERITY_INFO, RIG_AREA_PCIE, "pcie.gen-downgrade",
                                          /* Translators: the first %s is a drive's name, %.0f its
                                           * PCIe generation, the second %s an M.2 slot's name, %u
                                           * the slot's PCIe generation */
                                          _("%s is a PCIe %.0f.0 drive in %s, a PCIe %u.0 slot: it runs "
                                            "at about half its sequential speed."), part->name,
                                          part->storage.pcie_gen, m2[best].slot->name,
                                          m2[best].slot->gen);
              }
          }
      }

  /* Sharing applied after a device was placed can narrow its link: recompute every link. */
  for (guint i = 0; i < n_pcie; i++)
    if (pcie[i].device >= 0)
      {
        RigPcieDevice *d = &p->devices[pcie[i].device];
        const RigPart *part = d->spec;

        if (pcie[i].lanes == 0)
          rig_report_add_finding (report, RIG_SEVERITY_ERROR, RIG_AREA_PCIE, "pcie.shared-off",
                                  /* Translators: the first %s is a part's name, the second a slot's
                                   * name */
                                  _("%s in %s is switched off: the board shares that slot's lanes "
                                    "with a populated M.2 or slot."), d->part, pcie[i].slot->name);
        if (part && part->kind == RIG_PART_GPU)
          set_link (d, &pcie[i], part->gpu.pcie_gen, part->gpu.pcie_lanes);
        else if (part && part->kind == RIG_PART_NIC)
          set_link (d, &pcie[i], part->nic.pcie_gen, part->nic.pcie_lanes);
      }

  /* Lane budgets, links and spacing. */
  for (guint i = 0; i < p->n_devices; i++)
    {
      RigPcieDevice *d = &p->devices[i];

      if (d->slot[0] == '\0')
        continue;
      if (d->source == RIG_LANE_SOURCE_CPU)
        p->cpu_lanes_used += d->lanes;
      else
        p->chipset_demand_gbps += d->gbps;

      if (d->kind == RIG_PART_GPU)
        {
          gboolean narrow = d->gbps < 8 * rig_pcie_gbps_per_lane (4) - 0.01;

          if (d->source == RIG_LANE_SOURCE_CHIPSET)
            rig_report_add_finding (report, wants_bandwidth ? RIG_SEVERITY_WARNING : RIG_SEVERITY_INFO,
                                    RIG_AREA_PCIE, "pcie.chipset-gpu",
                                    /* Translators: the first %s is a GPU's name, the second a slot's
                                     * name, the first %u the link's lanes, the second %u its PCIe
                                     * generation, %.1f its bandwidth in GB/s, the third %s a
                                     * sentence on what that means for the workloads */
                                    _("%s sits in %s, wired to the chipset (x%u PCIe %u.0, %.1f GB/s), "
                                      "sharing its uplink with USB, network and drives. %s"),
                                    d->part, d->slot, d->lanes, d->gen, d->gbps,
                                    wants_bandwidth ? _("Tensor-parallel inference and training move "
                                                        "data between GPUs every step and will wait on it.")
                                                    : _("Layer-split inference barely notices; it slows "
                                                        "model loading and prompt processing a little."));
          else if (narrow && wants_bandwidth)
            rig_report_add_finding (report, RIG_SEVERITY_WARNING, RIG_AREA_PCIE, "pcie.narrow-link",
                                    /* Translators: the first %s is a GPU's name, the first %u the
                                     * link's lanes, the second %u its PCIe generation, %.1f its
                                     * bandwidth in GB/s, the second %s a slot's name */
                                    _("%s runs at x%u PCIe %u.0 (%.1f GB/s) in %s; tensor-parallel "
                                      "inference and training want at least x8 PCIe 4.0 (15.8 GB/s) "
                                      "per GPU."), d->part, d->lanes, d->gen, d->gbps, d->slot);
        }
    }

  if (cpu != NULL && RIG_IS_KNOWN (cpu->cpu.pcie_lanes))
    {
      p->cpu_lanes = cpu->cpu.pcie_lanes;
      if (p->cpu_lanes_used > p->cpu_lanes)
        rig_report_add_finding (report, RIG_SEVERITY_WARNING, RIG_AREA_PCIE, "pcie.cpu-lanes",
                                /* Translators: %u is the lanes the devices want, %s a processor's
                                 * name, %.0f its PCIe lanes */
                                _("The devices on CPU lanes want %u lanes; %s has %.0f. Some slots "
                                  "will run narrower than the board's maximum."), p->cpu_lanes_used,
                                cpu->name, p->cpu_lanes);
      if (RIG_IS_KNOWN (cpu->cpu.chipset_lanes) && cpu->cpu.chipset_lanes > 0)
        p->chipset_uplink_gbps = cpu->cpu.chipset_lanes * rig_pcie_gbps_per_lane (4);
    }
  else if (cpu != NULL)
    rig_report_add_not_checked (report, RIG_AREA_PCIE,
                                /* Translators: %s is a processor's name */
                                _("%s: its PCIe lane count is not in the catalog."), cpu->name);

  if (RIG_IS_KNOWN (p->chipset_uplink_gbps) && p->chipset_demand_gbps > p->chipset_uplink_gbps)
    rig_report_add_finding (report, RIG_SEVERITY_INFO, RIG_AREA_PCIE, "pcie.chipset-uplink",
                            /* Translators: the first %.1f is the devices' bandwidth together in
                             * GB/s, the second the chipset uplink's in GB/s */
                            _("Devices behind the chipset can move %.1f GB/s together, through an "
                              "uplink of about %.1f GB/s: they cannot all run flat out at once."),
                            p->chipset_demand_gbps, p->chipset_uplink_gbps);

  /* Stacked open-air cards with no gap breathe each other's exhaust. */
  for (guint i = 0; i < p->n_devices; i++)
    for (guint k = 0; k < p->n_devices; k++)
      {
        RigPcieDevice *a = &p->devices[i], *b = &p->devices[k];

        if (a->kind == RIG_PART_GPU && b->kind == RIG_PART_GPU && a->slot[0] && b->slot[0] &&
            b->position == a->position + a->width)
          {
            if (g_strcmp0 (a->spec->gpu.cooler, "blower") != 0 &&
                g_strcmp0 (a->spec->gpu.cooler, "passive") != 0)
              rig_report_add_finding (report, RIG_SEVERITY_WARNING, RIG_AREA_THERMAL,
                                      "thermal.stacked-gpus",
                                      /* Translators: the first and third %s are GPU names, the
                                       * second and fourth the names of their slots */
                                      _("%s in %s and %s in %s sit with no gap: the upper card's "
                                        "open-air fans draw the lower card's exhaust and will "
                                        "throttle. Leave a free slot between them, or use blower cards."),
                                      a->part, a->slot, b->part, b->slot);
          }
      }

  /* A card hanging below the case's last expansion slot. */
  if (pc_case != NULL && RIG_IS_KNOWN (pc_case->pc_case.expansion_slots))
    for (guint i = 0; i < p->n_devices; i++)
      {
        RigPcieDevice *d = &p->devices[i];
        /* M.2 drives have no expansion-slot position. */
        if (d->slot[0] && d->position > 0 && d->position + d->width - 1 > pc_case->pc_case.expansion_slots)
          rig_report_add_finding (report, RIG_SEVERITY_ERROR, RIG_AREA_COMPAT, "compat.expansion-slots",
                                  /* Translators: the first %s is a card's name, the second its
                                   * slot's name, the first %u the slot's position, the second %u
                                   * the card's thickness in slots, the third %u the expansion slots
                                   * it needs, the third %s a case's name, %.0f the case's
                                   * expansion slots */
                                  _("%s in %s (position %u) is %u slots thick and needs %u expansion "
                                    "slots; %s has %.0f."), d->part, d->slot, d->position, d->width,
                                  d->position + d->width - 1, pc_case->name,
                                  pc_case->pc_case.expansion_slots);
      }

  for (guint i = 0; i < n_pcie; i++)
    if (pcie[i].device < 0 && !position_covered (pcie, n_pcie, pcie[i].slot->position, p->devices))
      {
        if (pcie[i].slot->physical_lanes == 16 && pcie[i].lanes > 0)
          p->free_x16_slots++;
        if (p->lowest_free_position == 0 || pcie[i].slot->position < p->lowest_free_position)
          p->lowest_free_position = pcie[i].slot->position;
      }
  for (guint i = 0; i < n_m2; i++)
    if (m2[i].device < 0 && m2[i].lanes > 0)
      p->free_m2_slots++;
}
