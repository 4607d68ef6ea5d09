/* rig-input-file.h: reading a file the user named (a build file, a CSV parts list) with a size
 * and type check first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The most an input file may hold. The largest build or parts list anyone writes is a few
 * kilobytes; past this it is the wrong file (a disk image, /dev/zero) and reading it whole
 * would only run out of memory. */
#define RIG_INPUT_FILE_MAX_BYTES (16u * 1024u * 1024u)

/* Reads the whole of @path into @contents (NUL-terminated, @length without the NUL). Refuses,
 * with an error naming @path, what is not a regular file (a folder, a device such as /dev/zero,
 * a named pipe, which is never waited on) and a file of more than @max_bytes. */
gboolean rig_read_input_file (const char  *path,
                              gsize        max_bytes,
                              char       **contents,
                              gsize       *length,
                              GError     **error);

G_END_DECLS
