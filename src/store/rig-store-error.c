/* rig-store-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rig-store-error.h"

G_DEFINE_QUARK (rig-store-error-quark, rig_store_error)
