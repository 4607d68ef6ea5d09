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
#include "rig-printf.h"
#include "rig-text.h"

typedef struct
{
  RigSlot      *slot;
  int           device;     /* index into report devices, -1 when free */
  guint         lanes;      /* after sharing */
  const RigPart *carrier;   /* the bifurcation card an M.2 port is on, NULL for the board's */
} SlotState;

static guint
card_width (const RigPart *gpu)
{
  return RIG_IS_KNOWN (gpu->gpu.slot_width) ? (guint) ceil (gpu->gpu.slot_width - 0.01) : 2;
}

/* Bits @pos to @pos + @width - 1. A slot's position is 1 to 12 (rig-slot.c), a card a few
 * slots thick. */
static guint64
span_bits (guint pos,
           guint width)
{
  if (width == 0 || pos >= 64)
    return 0;
  width = MIN (width, 64 - pos);
  return (width == 64 ? G_MAXUINT64 : (G_GUINT64_CONSTANT (1) << width) - 1) << pos;
}

/* The positions the placed cards cover, and (@taken, may be NULL) the positions of the slots
 * they are in. */
static guint64
covered_positions (SlotState           *slots,
                   guint                n,
                   const RigPcieDevice *devices,
                   guint64             *taken)
{
  guint64 covered = 0;

  if (taken)
    *taken = 0;
  for (guint i = 0; i < n; i++)
    if (slots[i].device >= 0)
      {
        const RigPcieDevice *d = &devices[slots[i].device];

        covered |= span_bits (d->position, d->width);
        if (taken)
          *taken |= span_bits (slots[i].slot->position, 1);
      }
  return covered;
}

static int
find_slot (SlotState           *slots,
           guint                n,
           guint                need_physical,
           guint                width,
           const RigPcieDevice *devices)
{
  guint64 taken, covered = covered_positions (slots, n, devices, &taken);
  int best = -1;

  for (guint i = 0; i < n; i++)
    {
      RigSlot *s = slots[i].slot;

      if (slots[i].device >= 0 || s->physical_lanes < need_physical)
        continue;
      /* The card must not cover another card's slot, and no card may cover the ones it
       * takes. */
      if ((span_bits (s->position, width) & (covered | taken)) != 0)
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

      if (sh->pcie_index >= 0 && (guint) sh->pcie_index < n_pcie)
        pcie[sh->pcie_index].lanes = MIN (pcie[sh->pcie_index].lanes, sh->lanes);
      if (sh->m2_index >= 0 && (guint) sh->m2_index < n_m2)
        m2[sh->m2_index].lanes = MIN (m2[sh->m2_index].lanes, sh->lanes);
      if (sh->sata && sh->lanes == 0)
        (*sata_disabled)++;
    }
}

static gboolean
is_accessory (const RigPart *part,
              const char    *type)
{
  return part != NULL && part->kind == RIG_PART_ACCESSORY && part->accessory.type != NULL &&
         rig_str_same (part->accessory.type, type);
}

/* The GPU cards that go in slots, and the risers and M.2 adapters they may sit on, counting each
 * unit, in one pass over the build. */
static guint
count_items (const RigReport *report,
             guint           *risers,
             guint           *adapters)
{
  guint cards = 0, n;
  RigBuildItem * const *items = rig_report_gpu_cards (report, &n);

  *risers = *adapters = 0;
  for (guint i = 0; i < n; i++)
    cards += items[i]->count;
  items = rig_report_items (report, RIG_PART_ACCESSORY, &n);
  for (guint i = 0; i < n; i++)
    if (is_accessory (items[i]->part, "riser"))
      *risers += items[i]->count;
    else if (is_accessory (items[i]->part, "m2-adapter"))
      *adapters += items[i]->count;
  return cards;
}

/* The @n-th unit of an accessory of @type, in build order. */
static const RigPart *
nth_accessory (const RigBuild *build,
               const char     *type,
               guint           n)
{
  for (guint i = 0; i < build->items->len; i++)
    {
      const RigBuildItem *item = g_ptr_array_index (build->items, i);

      if (!is_accessory (item->part, type))
        continue;
      if (n < item->count)
        return item->part;
      n -= item->count;
    }
  g_return_val_if_reached (NULL);
}

/* The lanes of each port of a split such as "x8x4x4"; how many ports it has. */
static guint
split_ports (const char *split,
             guint       lanes[4])
{
  guint n = 0;

  for (const char *s = split; s && *s == 'x' && n < 4; )
    {
      char *end = NULL;

      lanes[n++] = (guint) g_ascii_strtoull (s + 1, &end, 10);
      s = end;
    }
  return n;
}

/* A device in the next entry, written whole; named unless the report is lean. */
static RigPcieDevice *
add_device (RigReport     *report,
            const RigPart *part)
{
  RigPcieReport *p = &report->pcie;
  RigPcieDevice *d;

  if (p->n_devices >= RIG_MAX_PCIE_DEVICES)
    return NULL;
  d = &p->devices[p->n_devices++];
  memset (d, 0, sizeof *d);
  if (!report->lean)
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

  d->placed = TRUE;
  /* A lean report names neither the device (add_device ()) nor its slot. */
  if (d->part[0] != '\0')
    g_strlcpy (d->slot, s->name, sizeof d->slot);
  d->position = s->position;
  d->source = s->source;
  d->gen = RIG_IS_KNOWN (device_gen) ? MIN (s->gen, (guint) device_gen) : s->gen;
  d->lanes = RIG_IS_KNOWN (device_lanes) ? MIN (state->lanes, (guint) device_lanes) : state->lanes;
  d->gbps = d->lanes * rig_pcie_gbps_per_lane (d->gen);
}

/* A single-slot card (the device last added) in the first free slot that is physically
 * @need_physical lanes wide; the slot's index, or -1 when there is none. */
static int
place_card (RigPcieReport *p,
            SlotState     *pcie,
            guint          n_pcie,
            SlotState     *m2,
            guint          n_m2,
            guint          need_physical,
            double         device_gen,
            double         device_lanes)
{
  RigPcieDevice *d = &p->devices[p->n_devices - 1];
  int slot;

  d->width = 1;
  slot = find_slot (pcie, n_pcie, need_physical, 1, p->devices);
  if (slot < 0)
    return -1;
  pcie[slot].device = p->n_devices - 1;
  set_link (d, &pcie[slot], device_gen, device_lanes);
  apply_shares (pcie, n_pcie, m2, n_m2, pcie[slot].slot, &p->sata_disabled);
  return slot;
}

/* A Gen 4 or 5 link over a cable made for less trains with errors, or not at all. */
static void
check_carriers (RigReport     *report,
                RigPcieReport *p)
{
  for (guint i = 0; i < p->n_devices; i++)
    {
      const RigPcieDevice *d = &p->devices[i];
      const RigPart *c = d->carrier;

      if (c == NULL || !d->placed || rig_str_is (c->accessory.type, "bifurcation"))
        continue;
      if (d->kind == RIG_PART_GPU && !RIG_IS_KNOWN (d->spec->gpu.pcie_gen))
        rig_report_add_not_checked (report, RIG_AREA_PCIE,
                                    /* Translators: the first %s is a GPU's name, the second a
                                     * riser's or adapter's name */
                                    _("%s: its PCIe generation is not in the catalog, so whether %s "
                                      "carries its link is not checked."), d->part, c->name);
      else if (!RIG_IS_KNOWN (c->accessory.pcie_gen))
        rig_report_add_not_checked (report, RIG_AREA_PCIE,
                                    /* Translators: the first %s is a riser's or adapter's name,
                                     * the second a GPU's name */
                                    _("%s: its rated PCIe generation is not in the catalog, so "
                                      "whether it carries the link of %s is not checked."),
                                    c->name, d->part);
      else if (d->gen > c->accessory.pcie_gen)
        rig_report_add_finding (report, RIG_SEVERITY_WARNING, RIG_AREA_PCIE, "pcie.riser-gen",
                                /* Translators: the first %s is a GPU's name, the first %u its
                                 * link's PCIe generation, the second %s a slot's name, the third
                                 * %s a riser's name, %.0f the generation the riser is rated for */
                                _("%s links at PCIe %u.0 in %s over %s, which is rated for PCIe "
                                  "%.0f.0: expect link errors. Set the slot to PCIe %.0f.0 in the "
                                  "BIOS, or use a riser rated for PCIe %u.0."),
                                d->part, d->gen, d->slot, c->name, c->accessory.pcie_gen,
                                c->accessory.pcie_gen, d->gen);
    }
}

/* Whether @board splits the slot of bifurcation card @d as the card needs; one that is not known
 * to is given the benefit of the doubt, with a not-checked line. */
static gboolean
board_splits (RigReport           *report,
              const RigPart       *board,
              const RigPcieDevice *d)
{
  const char *split = d->spec->accessory.bifurcation;
  g_auto(GStrv) offered = NULL;
  g_autofree char *list = NULL;

  if (board->motherboard.bifurcation == NULL)
    {
      rig_report_add_not_checked (report, RIG_AREA_PCIE,
                                  /* Translators: the first %s is a motherboard's name, the second
                                   * a split such as x4x4x4x4, the third a bifurcation card's name */
                                  _("%s: its x16 slot bifurcation (whether it splits an x16 slot "
                                    "into %s) is not in the catalog; the drives on %s are placed as "
                                    "if it can. Check the board's manual."), board->name, split, d->part);
      return TRUE;
    }
  offered = g_strsplit (board->motherboard.bifurcation, ";", -1);
  if (g_strv_contains ((const char * const *) offered, split))
    return TRUE;

  list = g_strjoinv (", ", offered);
  rig_report_add_finding (report, RIG_SEVERITY_ERROR, RIG_AREA_PCIE, "pcie.bifurcation",
                          /* Translators: the first %s is a bifurcation card's name, the second a
                           * motherboard's name, the third a slot's name, the fourth the split the
                           * card needs (x4x4x4x4), the fifth the splits the board offers */
                          _("%s needs %s to split %s into %s; the board offers %s. Without it the "
                            "system sees only the first device on the card. Choose a board that "
                            "offers %s, or a card with its own PCIe switch."),
                          d->part, board->name, d->slot, split, list, split);
  return FALSE;
}

/* A bifurcation card in @state's slot: where the board splits the slot as the card needs, each
 * of its ports becomes an M.2 slot of its own for the drives. */
static void
place_bifurcation (RigReport     *report,
                   const RigPart *board,
                   RigPcieDevice *d,
                   SlotState     *state,
                   SlotState     *m2,
                   guint         *n_m2,
                   guint          max_m2,
                   GPtrArray     *owned)
{
  const RigAccessorySpec *a = &d->spec->accessory;
  guint lanes[4], n_ports = 0, first_lane = 0;

  if (a->bifurcation == NULL)
    {
      rig_report_add_not_checked (report, RIG_AREA_PCIE,
                                  /* Translators: %s is a bifurcation card's name */
                                  _("%s: the split it needs (bifurcation) is not in the catalog, so "
                                    "whether the board supports it is not checked; its ports are "
                                    "offered to the drives as equal shares of the slot."), d->part);
      if (!RIG_IS_KNOWN (a->ports))
        return;
      n_ports = MIN ((guint) a->ports, G_N_ELEMENTS (lanes));
      for (guint k = 0; k < n_ports; k++)
        lanes[k] = 16 / n_ports;
    }
  else if (!board_splits (report, board, d))
    return;

  if (a->bifurcation != NULL)
    {
      n_ports = split_ports (a->bifurcation, lanes);
      if (RIG_IS_KNOWN (a->ports))
        n_ports = MIN (n_ports, (guint) a->ports);
    }
  for (guint k = 0; k < n_ports && *n_m2 < max_m2; k++)
    {
      RigSlot *port;

      /* A port whose lanes the slot does not wire is dead. */
      if (first_lane + lanes[k] > state->lanes)
        {
          rig_report_add_finding (report, RIG_SEVERITY_WARNING, RIG_AREA_PCIE, "pcie.bifurcation-lanes",
                                  /* Translators: the first %s is a bifurcation card's name, the
                                   * second a slot's name, the first %u its lanes, the second %u
                                   * how many of the card's ports work */
                                  _("%s sits in %s, which is wired x%u: only %u of its ports work. "
                                    "Use a slot wired x16."), d->part, d->slot, state->lanes, k);
          break;
        }
      port = g_new0 (RigSlot, 1);
      /* Named after the slot the card sits in, as slot names are: "PCIE1/2" is its second port. */
      port->name = rig_strdup_printf ("%s/%u", d->slot, k + 1);
      port->physical_lanes = lanes[k];
      port->lanes = lanes[k];
      port->gen = d->gen;
      port->source = d->source;
      port->shares = g_array_new (FALSE, FALSE, sizeof (RigSlotShare));
      g_ptr_array_add (owned, port);
      m2[(*n_m2)++] = (SlotState) { port, -1, port->lanes, d->spec };
      first_lane += lanes[k];
    }
}

/* Where the cards and drives have gone so far, while rig_pcie_evaluate () places them. */
typedef struct
{
  RigReport     *report;
  RigPcieReport *p;
  const RigPart *board;
  SlotState      pcie[16];
  SlotState      m2[16];
  guint          n_pcie;
  guint          n_m2;
  const RigBuild *build;
  guint          n_risers;
  guint          n_adapters;
  GPtrArray     *ports;       /* the M.2 ports of bifurcation cards, owned; NULL before one */
  guint          card;        /* GPU cards placed so far */
  guint          first_on_riser;
  guint          next_riser;
  guint          next_adapter;
  gboolean       m2_unknown_said;
} Placement;

/* A GPU on an M.2 adapter: the free M.2 slot with the most lanes. */
static gboolean
place_gpu_on_adapter (Placement     *pl,
                      RigPcieDevice *d,
                      const RigPart *part)
{
  int m = -1;

  if (pl->next_adapter >= pl->n_adapters)
    return FALSE;
  for (guint s = 0; s < pl->n_m2; s++)
    if (pl->m2[s].device < 0 && pl->m2[s].lanes > 0 && (m < 0 || pl->m2[s].lanes > pl->m2[m].lanes))
      m = s;
  if (m < 0)
    return FALSE;
  pl->m2[m].device = pl->p->n_devices - 1;
  set_link (d, &pl->m2[m], part->gpu.pcie_gen, part->gpu.pcie_lanes);
  apply_shares (pl->pcie, pl->n_pcie, pl->m2, pl->n_m2, pl->m2[m].slot, &pl->p->sata_disabled);
  d->carrier = nth_accessory (pl->build, "m2-adapter", pl->next_adapter++);
  d->width = 0;
  return TRUE;
}

/* Card @c of a GPU: an x16 slot its thickness leaves free, then a riser or an M.2 adapter. */
static void
place_gpu (Placement     *pl,
           const RigPart *part,
           guint          c)
{
  gboolean on_riser = pl->card++ >= pl->first_on_riser;
  RigPcieDevice *d;
  int slot;

  if (!(d = add_device (pl->report, part)))
    return;
  d->width = card_width (part);
  if (c == 0 && !RIG_IS_KNOWN (part->gpu.slot_width))
    rig_report_add_not_checked (pl->report, RIG_AREA_PCIE,
                                /* Translators: %s is a GPU's name */
                                _("%s: its slot width (thickness in slots) is not in the catalog; 2 "
                                  "slots are assumed for where the cards fit."),
                                part->name);
  /* On a riser the card covers no slot but the one its cable plugs into. */
  slot = find_slot (pl->pcie, pl->n_pcie, 16, on_riser ? 1 : d->width, pl->p->devices);
  if (slot < 0 && place_gpu_on_adapter (pl, d, part))
    return;
  if (slot < 0)
    {
      rig_report_add_finding (pl->report, RIG_SEVERITY_ERROR, RIG_AREA_PCIE, "pcie.no-slot",
                              /* Translators: the first %s is a GPU's name, the first %u which
                               * of its cards this is, the second %u how many slots the card
                               * covers, the second %s a motherboard's name */
                              g_dngettext (GETTEXT_PACKAGE, "No free x16 slot is left for "
                                           "%s (#%u, %u slot thick) on %s: the cards placed "
                                           "before it take or cover the others. Use a board with "
                                           "more widely spaced slots, thinner cards, or a riser.",
                                           "No free x16 slot is left for %s (#%u, %u slots thick) "
                                           "on %s: the cards placed before it take or cover the "
                                           "others. Use a board with more widely spaced slots, "
                                           "thinner cards, or a riser.", d->width),
                              part->name, c + 1, d->width, pl->board->name);
      return;
    }
  pl->pcie[slot].device = pl->p->n_devices - 1;
  set_link (d, &pl->pcie[slot], part->gpu.pcie_gen, part->gpu.pcie_lanes);
  apply_shares (pl->pcie, pl->n_pcie, pl->m2, pl->n_m2, pl->pcie[slot].slot, &pl->p->sata_disabled);
  if (on_riser)
    {
      d->carrier = nth_accessory (pl->build, "riser", pl->next_riser++);
      d->width = 0;
    }
}

static void
place_bifurcation_card (Placement     *pl,
                        const RigPart *part)
{
  RigPcieDevice *d;
  int slot;

  if (!(d = add_device (pl->report, part)))
    return;
  slot = place_card (pl->p, pl->pcie, pl->n_pcie, pl->m2, pl->n_m2, 16, part->accessory.pcie_gen,
                     part->accessory.pcie_lanes);
  if (slot < 0)
    {
      rig_report_add_finding (pl->report, RIG_SEVERITY_ERROR, RIG_AREA_PCIE, "pcie.no-slot",
                              /* Translators: the first %s is a bifurcation card's
                               * name, the second a motherboard's name */
                              _("No free x16 slot is left for %s on %s."), part->name,
                              pl->board->name);
      return;
    }
  if (pl->ports == NULL)
    pl->ports = g_ptr_array_new_with_free_func ((GDestroyNotify) rig_slot_free);
  place_bifurcation (pl->report, pl->board, d, &pl->pcie[slot], pl->m2, &pl->n_m2,
                     G_N_ELEMENTS (pl->m2), pl->ports);
}

static void
place_nic (Placement     *pl,
           const RigPart *part)
{
  if (!add_device (pl->report, part))
    return;
  if (place_card (pl->p, pl->pcie, pl->n_pcie, pl->m2, pl->n_m2,
                  RIG_IS_KNOWN (part->nic.pcie_lanes) ? (guint) part->nic.pcie_lanes : 1,
                  part->nic.pcie_gen, part->nic.pcie_lanes) < 0)
    rig_report_add_finding (pl->report, RIG_SEVERITY_ERROR, RIG_AREA_PCIE, "pcie.no-slot",
                            /* Translators: the first %s is a network card's name,
                             * the second a motherboard's name */
                            _("No free slot is left for %s on %s."), part->name,
                            pl->board->name);
}

static gboolean
is_m2_nvme (const RigPart *part)
{
  return part->kind == RIG_PART_STORAGE && rig_str_is (part->storage.interface, "nvme") &&
         rig_str_starts (part->storage.form_factor, "m.2");
}

/* An M.2 NVMe drive: a free M.2 slot, CPU-wired before chipset, newer generation first. */
static void
place_nvme (Placement     *pl,
            const RigPart *part)
{
  SlotState *m2 = pl->m2;
  RigPcieDevice *d;
  int best = -1;

  if (pl->board->motherboard.m2_slots == NULL)
    {
      if (!pl->m2_unknown_said)
        rig_report_add_not_checked (pl->report, RIG_AREA_PCIE,
                                    /* Translators: %s is a motherboard's name */
                                    _("%s: its M.2 slots (m2_slots) are not in the catalog, "
                                      "so where the NVMe drives go is not checked."),
                                    pl->board->name);
      pl->m2_unknown_said = TRUE;
      return;
    }
  if (!(d = add_device (pl->report, part)))
    return;
  for (guint s = 0; s < pl->n_m2; s++)
    if (m2[s].device < 0 && m2[s].lanes > 0 &&
        (best < 0 || (m2[s].slot->source == RIG_LANE_SOURCE_CPU &&
                      m2[best].slot->source != RIG_LANE_SOURCE_CPU) ||
         m2[s].slot->gen > m2[best].slot->gen))
      best = s;
  if (best < 0)
    {
      rig_report_add_finding (pl->report, RIG_SEVERITY_ERROR, RIG_AREA_PCIE, "pcie.m2-count",
                              /* Translators: the first %s is a drive's name, the
                               * second a motherboard's name, %u its M.2 slots */
                              _("No free M.2 slot is left for %s: %s has %u."), part->name,
                              pl->board->name, pl->n_m2);
      return;
    }
  m2[best].device = pl->p->n_devices - 1;
  set_link (d, &m2[best], part->storage.pcie_gen, part->storage.pcie_lanes);
  d->carrier = m2[best].carrier;
  apply_shares (pl->pcie, pl->n_pcie, m2, pl->n_m2, m2[best].slot, &pl->p->sata_disabled);
  if (RIG_IS_KNOWN (part->storage.pcie_gen) && part->storage.pcie_gen > m2[best].slot->gen)
    rig_report_add_finding (pl->report, RIG_SEVERITY_INFO, RIG_AREA_PCIE, "pcie.gen-downgrade",
                            /* Translators: the first %s is a drive's name, %.0f its
                             * PCIe generation, the second %s an M.2 slot's name, %u
                             * the slot's PCIe generation */
                            _("%s is a PCIe %.0f.0 drive in %s, a PCIe %u.0 slot: it runs "
                              "at about half its sequential speed."), part->name,
                            part->storage.pcie_gen, m2[best].slot->name,
                            m2[best].slot->gen);
}

/* GPUs first (they need the x16 slots), then NICs and bifurcation cards in build order, then
 * NVMe drives. */
static void
place_devices (Placement      *pl,
               const RigBuild *build)
{
  guint n;
  RigBuildItem * const *items = rig_report_gpu_cards (pl->report, &n);

  for (guint i = 0; i < n; i++)
    for (guint c = 0; c < items[i]->count; c++)
      place_gpu (pl, items[i]->part, c);
  if (pl->report->parts.total[RIG_PART_ACCESSORY] > 0 || pl->report->parts.total[RIG_PART_NIC] > 0)
    for (guint i = 0; i < build->items->len; i++)
      {
        const RigBuildItem *item = g_ptr_array_index (build->items, i);
        const RigPart *part = item->part;

        /* Which way the item is placed is the same for each of its units: decide it once. */
        if (is_accessory (part, "bifurcation"))
          for (guint c = 0; c < item->count; c++)
            place_bifurcation_card (pl, part);
        else if (part != NULL && part->kind == RIG_PART_NIC)
          for (guint c = 0; c < item->count; c++)
            place_nic (pl, part);
      }
  items = rig_report_items (pl->report, RIG_PART_STORAGE, &n);
  for (guint i = 0; i < n; i++)
    if (is_m2_nvme (items[i]->part))
      for (guint c = 0; c < items[i]->count; c++)
        place_nvme (pl, items[i]->part);
}

/* Sharing applied after a device was placed can narrow its link: recompute every link. */
static void
relink_shared_slots (Placement *pl)
{
  for (guint i = 0; i < pl->n_pcie; i++)
    if (pl->pcie[i].device >= 0)
      {
        RigPcieDevice *d = &pl->p->devices[pl->pcie[i].device];
        const RigPart *part = d->spec;

        if (pl->pcie[i].lanes == 0)
          rig_report_add_finding (pl->report, RIG_SEVERITY_ERROR, RIG_AREA_PCIE, "pcie.shared-off",
                                  /* Translators: the first %s is a part's name, the second a slot's
                                   * name */
                                  _("%s in %s is switched off: the board shares that slot's lanes "
                                    "with a populated M.2 or slot."), d->part, pl->pcie[i].slot->name);
        if (part && part->kind == RIG_PART_GPU)
          set_link (d, &pl->pcie[i], part->gpu.pcie_gen, part->gpu.pcie_lanes);
        else if (part && part->kind == RIG_PART_NIC)
          set_link (d, &pl->pcie[i], part->nic.pcie_gen, part->nic.pcie_lanes);
        else if (part && part->kind == RIG_PART_ACCESSORY)
          set_link (d, &pl->pcie[i], part->accessory.pcie_gen, part->accessory.pcie_lanes);
      }
}

static gboolean
wants_bandwidth (const RigBuild *build)
{
  for (guint w = 0; w < build->workloads->len; w++)
    {
      const RigWorkload *wl = g_ptr_array_index (build->workloads, w);
      if (wl->split != RIG_SPLIT_LAYER || wl->runtime == RIG_RUNTIME_VLLM ||
          wl->mode != RIG_MODE_INFERENCE)
        return TRUE;
    }
  return FALSE;
}

/* A GPU on chipset lanes or a narrow link, said as strongly as the workloads need bandwidth. */
static void
check_gpu_link (RigReport           *report,
                const RigPcieDevice *d,
                gboolean             bandwidth)
{
  gboolean narrow = d->gbps < 8 * rig_pcie_gbps_per_lane (4) - 0.01;

  if (d->source == RIG_LANE_SOURCE_CHIPSET)
    rig_report_add_finding (report, bandwidth ? RIG_SEVERITY_WARNING : RIG_SEVERITY_INFO,
                            RIG_AREA_PCIE, "pcie.chipset-gpu",
                            /* Translators: the first %s is a GPU's name, the second a slot's
                             * name, the first %u the link's lanes, the second %u its PCIe
                             * generation, %.1f its bandwidth in GB/s, the third %s a
                             * sentence on what that means for the workloads */
                            _("%s sits in %s, wired to the chipset (x%u PCIe %u.0, %.1f GB/s), "
                              "sharing its uplink with USB, network and drives. %s"),
                            d->part, d->slot, d->lanes, d->gen, d->gbps,
                            bandwidth ? _("Tensor-parallel inference and training move "
                                          "data between GPUs every step and will wait on it.")
                                      : _("Layer-split inference barely notices; it slows "
                                          "model loading and prompt processing a little."));
  else if (narrow && bandwidth)
    rig_report_add_finding (report, RIG_SEVERITY_WARNING, RIG_AREA_PCIE, "pcie.narrow-link",
                            /* Translators: the first %s is a GPU's name, the first %u the
                             * link's lanes, the second %u its PCIe generation, %.1f its
                             * bandwidth in GB/s, the second %s a slot's name */
                            _("%s runs at x%u PCIe %u.0 (%.1f GB/s) in %s; tensor-parallel "
                              "inference and training want at least x8 PCIe 4.0 (15.8 GB/s) "
                              "per GPU."), d->part, d->lanes, d->gen, d->gbps, d->slot);
}

/* Lane budgets and links: what the placed devices ask of the CPU and the chipset. */
static void
count_lanes (RigReport      *report,
             RigPcieReport  *p,
             const RigBuild *build)
{
  gboolean bandwidth = wants_bandwidth (build);

  for (guint i = 0; i < p->n_devices; i++)
    {
      RigPcieDevice *d = &p->devices[i];

      if (!d->placed)
        continue;
      /* A drive on a bifurcation card uses the card's lanes, counted once with the card. */
      if (d->carrier && d->carrier->kind == RIG_PART_ACCESSORY &&
          rig_str_is (d->carrier->accessory.type, "bifurcation"))
        continue;
      if (d->source == RIG_LANE_SOURCE_CPU)
        p->cpu_lanes_used += d->lanes;
      else
        p->chipset_demand_gbps += d->gbps;
      if (d->kind == RIG_PART_GPU)
        check_gpu_link (report, d, bandwidth);
    }
}

static void
check_cpu_lanes (RigReport     *report,
                 RigPcieReport *p,
                 const RigPart *cpu)
{
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
      else if (!RIG_IS_KNOWN (cpu->cpu.chipset_lanes) && p->chipset_demand_gbps > 0)
        rig_report_add_not_checked (report, RIG_AREA_PCIE,
                                    /* Translators: %s is a processor's name */
                                    _("%s: its lanes to the chipset are not in the catalog, so "
                                      "whether the devices behind the chipset fit through them is "
                                      "not checked."), cpu->name);
    }
  else if (cpu != NULL)
    rig_report_add_not_checked (report, RIG_AREA_PCIE,
                                /* Translators: %s is a processor's name */
                                _("%s: its CPU PCIe lanes are not in the catalog."), cpu->name);

  if (RIG_IS_KNOWN (p->chipset_uplink_gbps) && p->chipset_demand_gbps > p->chipset_uplink_gbps)
    rig_report_add_finding (report, RIG_SEVERITY_INFO, RIG_AREA_PCIE, "pcie.chipset-uplink",
                            /* Translators: the first %.1f is the devices' bandwidth together in
                             * GB/s, the second the chipset uplink's in GB/s */
                            _("Devices behind the chipset can move %.1f GB/s together, through an "
                              "uplink of about %.1f GB/s: they cannot all run flat out at once."),
                            p->chipset_demand_gbps, p->chipset_uplink_gbps);
}

/* Stacked open-air cards with no gap breathe each other's exhaust. */
static void
check_stacked_gpus (RigReport           *report,
                    const RigPcieReport *p)
{
  guint on_board[RIG_MAX_PCIE_DEVICES], n = 0;

  /* The GPUs in the board's slots; one on a riser or an adapter has air around it. */
  for (guint i = 0; i < p->n_devices; i++)
    if (p->devices[i].kind == RIG_PART_GPU && p->devices[i].placed && p->devices[i].carrier == NULL)
      on_board[n++] = i;
  for (guint i = 0; i < n; i++)
    for (guint k = 0; k < n; k++)
      {
        const RigPcieDevice *a = &p->devices[on_board[i]], *b = &p->devices[on_board[k]];

        if (b->position == a->position + a->width &&
            rig_gpu_cooler (a->spec) != RIG_GPU_COOLER_BLOWER &&
            rig_gpu_cooler (a->spec) != RIG_GPU_COOLER_PASSIVE)
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
static void
check_expansion_slots (RigReport           *report,
                       const RigPcieReport *p,
                       const RigPart       *pc_case)
{
  if (pc_case == NULL || !RIG_IS_KNOWN (pc_case->pc_case.expansion_slots))
    return;
  for (guint i = 0; i < p->n_devices; i++)
    {
      const RigPcieDevice *d = &p->devices[i];
      /* M.2 drives have no expansion-slot position. */
      if (d->placed && d->position > 0 && d->position + d->width - 1 > pc_case->pc_case.expansion_slots)
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
}

static void
count_free_slots (Placement *pl)
{
  RigPcieReport *p = pl->p;
  guint64 covered = covered_positions (pl->pcie, pl->n_pcie, p->devices, NULL);

  for (guint i = 0; i < pl->n_pcie; i++)
    if (pl->pcie[i].device < 0 && (span_bits (pl->pcie[i].slot->position, 1) & covered) == 0)
      {
        if (pl->pcie[i].slot->physical_lanes == 16 && pl->pcie[i].lanes > 0)
          p->free_x16_slots++;
        if (p->lowest_free_position == 0 || pl->pcie[i].slot->position < p->lowest_free_position)
          p->lowest_free_position = pl->pcie[i].slot->position;
      }
  for (guint i = 0; i < pl->n_m2; i++)
    if (pl->m2[i].device < 0 && pl->m2[i].lanes > 0)
      p->free_m2_slots++;
}

/* The board's slots and M.2 slots as free places, or FALSE with a line saying why not. */
static gboolean
read_slot_map (Placement   *pl,
               GPtrArray  **pcie_slots,
               GPtrArray  **m2_slots)
{
  *pcie_slots = rig_part_slot_map (pl->board, RIG_SLOT_KIND_PCIE);
  *m2_slots = rig_part_slot_map (pl->board, RIG_SLOT_KIND_M2);
  if (*pcie_slots == NULL || *m2_slots == NULL)
    {
      rig_report_add_not_checked (pl->report, RIG_AREA_PCIE,
                                  /* Translators: %s is a motherboard's name */
                                  _("%s: its slot map cannot be read."), pl->board->name);
      return FALSE;
    }
  for (guint i = 0; i < (*pcie_slots)->len && pl->n_pcie < G_N_ELEMENTS (pl->pcie); i++)
    {
      RigSlot *s = g_ptr_array_index (*pcie_slots, i);
      pl->pcie[pl->n_pcie++] = (SlotState) { s, -1, s->lanes };
    }
  for (guint i = 0; i < (*m2_slots)->len && pl->n_m2 < G_N_ELEMENTS (pl->m2); i++)
    {
      RigSlot *s = g_ptr_array_index (*m2_slots, i);
      pl->m2[pl->n_m2++] = (SlotState) { s, -1, s->lanes };
    }
  return TRUE;
}

void
rig_pcie_evaluate (const RigBuild *build,
                   RigReport      *report)
{
  RigPcieReport *p = &report->pcie;
  GPtrArray *pcie_slots, *m2_slots;  /* the board's */
  Placement pl = { report, p, rig_report_find (report, RIG_PART_MOTHERBOARD, NULL) };
  guint n_cards;

  /* Each device is written whole as it is added (add_device ()): zero only the rest. */
  p->checked = FALSE;
  memset (&p->n_devices, 0, sizeof *p - G_STRUCT_OFFSET (RigPcieReport, n_devices));
  p->cpu_lanes = NAN;
  p->chipset_uplink_gbps = NAN;

  if (rig_report_find (report, RIG_PART_SYSTEM, NULL) != NULL)
    return;   /* a prebuilt's insides are its maker's business */
  if (pl.board == NULL)
    {
      if (rig_report_find (report, RIG_PART_GPU, NULL) != NULL)
        rig_report_add_not_checked (report, RIG_AREA_PCIE,
                                    _("The build has no motherboard: slots, lanes and card spacing "
                                      "are not checked."));
      return;
    }
  if (!read_slot_map (&pl, &pcie_slots, &m2_slots))
    return;
  p->checked = TRUE;

  pl.build = build;
  n_cards = count_items (report, &pl.n_risers, &pl.n_adapters);
  /* The last cards, as many as there are risers, sit off the board on them. */
  pl.first_on_riser = n_cards - MIN (n_cards, pl.n_risers);

  place_devices (&pl, build);
  relink_shared_slots (&pl);
  check_carriers (report, p);
  count_lanes (report, p, build);
  check_cpu_lanes (report, p, rig_report_find (report, RIG_PART_CPU, NULL));
  check_stacked_gpus (report, p);
  check_expansion_slots (report, p, rig_report_find (report, RIG_PART_CASE, NULL));
  count_free_slots (&pl);
  /* The devices' carriers are parts; no device points into a port once the plan is made. */
  g_clear_pointer (&pl.ports, g_ptr_array_unref);
}

void
rig_pcie_narrow_links (RigReport *report)
{
  const RigPcieReport *p = &report->pcie;
  RigDeviceSet *d = &report->devices;
  gboolean used[RIG_MAX_PCIE_DEVICES] = { FALSE };

  if (!p->checked)
    return;
  for (guint g = 0; g < d->n_gpus; g++)
    {
      RigDevice *gpu = &d->gpus[g];

      if (gpu->part == NULL)
        continue;
      for (guint i = 0; i < p->n_devices; i++)
        {
          const RigPcieDevice *placed = &p->devices[i];

          if (used[i] || placed->kind != RIG_PART_GPU || placed->spec != gpu->part)
            continue;
          used[i] = TRUE;
          if (placed->placed && placed->gbps > 0 && RIG_IS_KNOWN (gpu->link_gbps))
            gpu->link_gbps = MIN (gpu->link_gbps, placed->gbps);
          break;
        }
    }
}
