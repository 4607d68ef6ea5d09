/* rig-catalog-compiler.h: validate the catalog CSV files and write catalog.sqlite
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* 2: the accessory table and motherboard.bifurcation. 3: cpu.avx512_fma_units. 4: models'
 * global_kv_heads, global_head_dim, global_k_eq_v, experts_quant and matrices_per_expert.
 * 5: models.shared_mlp_normed. 6: cpu.performance_cores. 7: models.experts_used_512.
 * 8: gpu.sustained_compute_share. 9: cpu.single_thread. */
#define RIG_CATALOG_SCHEMA_VERSION 9

/* Reads every catalog CSV in @csv_dir, validates each row and the references between files,
 * and writes @output atomically. On failure nothing is written, and @error lists every bad
 * row as "file:line: field: reason", one per line. */
gboolean rig_catalog_compile (const char  *csv_dir,
                              const char  *output,
                              GError     **error);

G_END_DECLS
