/* rig-fuzz.h: what the fuzz targets share
 *
 * Each target defines LLVMFuzzerTestOneInput (). Built with clang's -fsanitize=fuzzer it is a
 * libFuzzer program; linked with rig-fuzz-replay.c it runs the files of a corpus once each,
 * which is how `meson test` keeps every input that once crashed Rigplan from crashing it again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <glib.h>

#include "rig-text.h"

G_BEGIN_DECLS

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* A property every input must keep. A failure aborts, so that libFuzzer saves the input and a
 * replay fails with the file's name already printed. */
#define rig_fuzz_assert(expr)                                                          \
  G_STMT_START {                                                                       \
    if (G_UNLIKELY (!(expr)))                                                          \
      rig_fuzz_fail (__FILE__, __LINE__, #expr);                                       \
  } G_STMT_END

G_NORETURN void rig_fuzz_fail (const char *file,
                               int         line,
                               const char *expr);

/* tests/fixtures/NAME in the source tree ($RIG_FUZZ_FIXTURES overrides it). */
char       *rig_fuzz_fixture     (const char *name);
/* A folder of this process's own, removed with everything in it when the process exits. */
const char *rig_fuzz_temp_dir    (void);
/* tests/fixtures/catalog compiled once per process. */
const char *rig_fuzz_catalog     (void);

G_END_DECLS
