/* rig-net-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rig-net-error.h"

G_DEFINE_QUARK (rig-net-error-quark, rig_net_error)
