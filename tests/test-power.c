/* test-power.c: the efficiency curve, the power-limit curve and the circuits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rig-power.h"

static void
test_efficiency (void)
{
  /* The 80 PLUS points themselves. */
  g_assert_cmpfloat_with_epsilon (rig_psu_efficiency ("gold", 0.5), 0.90, 1e-9);
  g_assert_cmpfloat_with_epsilon (rig_psu_efficiency ("gold", 1.0), 0.87, 1e-9);
  g_assert_cmpfloat_with_epsilon (rig_psu_efficiency ("titanium", 0.2), 0.92, 1e-9);
  /* In between, linear; the curve peaks at half load. */
  g_assert_cmpfloat (rig_psu_efficiency ("platinum", 0.35), >, 0.90);
  g_assert_cmpfloat (rig_psu_efficiency ("platinum", 0.35), <, 0.92);
  g_assert_cmpfloat (rig_psu_efficiency ("bronze", 0.5), <, rig_psu_efficiency ("titanium", 0.5));
  /* An unknown rating is taken as the least efficient, so the wall draw is not understated. */
  g_assert_cmpfloat (rig_psu_efficiency (NULL, 0.5), <=, rig_psu_efficiency ("bronze", 0.5));
}

static void
test_power_limit_curve (void)
{
  g_assert_cmpfloat (rig_power_limit_perf (1.0), ==, 1.0);
  g_assert_cmpfloat_with_epsilon (rig_power_limit_perf (0.8), 0.95, 1e-9);
  g_assert_cmpfloat_with_epsilon (rig_power_limit_perf (0.58), 0.90, 1e-9);
  g_assert_cmpfloat_with_epsilon (rig_power_limit_perf (0.48), 0.80, 1e-9);
  for (double f = 0.3; f < 1.0; f += 0.05)
    g_assert_cmpfloat (rig_power_limit_perf (f), <=, rig_power_limit_perf (f + 0.05));
}

static void
test_circuits (void)
{
  g_assert_cmpfloat (rig_circuit_watts (RIG_CIRCUIT_US_15A), ==, 1440);
  g_assert_cmpfloat (rig_circuit_watts (RIG_CIRCUIT_US_20A), ==, 1920);
  g_assert_cmpfloat (rig_circuit_watts (RIG_CIRCUIT_EU_16A), ==, 3680);
  g_assert_cmpfloat (rig_circuit_watts (RIG_CIRCUIT_UK_13A), ==, 2990);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/power/efficiency", test_efficiency);
  g_test_add_func ("/power/power-limit-curve", test_power_limit_curve);
  g_test_add_func ("/power/circuits", test_circuits);
  return g_test_run ();
}
