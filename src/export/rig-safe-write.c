/* rig-safe-write.c: writing an export so that a failure leaves the file as it was
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "rig-report-pdf.h"
#include "rig-safe-write.h"

typedef struct
{
  FILE *file;
  int   saved_errno;    /* of the first failed write, 0 when none */
} Sink;

static cairo_status_t
sink_write (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  Sink *sink = closure;

  if (sink->saved_errno != 0)
    return CAIRO_STATUS_WRITE_ERROR;
  if (fwrite (data, 1, length, sink->file) != length)
    {
      sink->saved_errno = errno ? errno : EIO;
      return CAIRO_STATUS_WRITE_ERROR;
    }
  return CAIRO_STATUS_SUCCESS;
}

cairo_status_t
rig_discard_write (void                *closure,
               const unsigned char *data,
               unsigned int         length)
{
  return CAIRO_STATUS_SUCCESS;
}

/* Draws the document through @write into @closure; FALSE with @error set when cairo fails. */

static void
set_file_error (GError     **error,
                int          saved_errno,
                const char  *path)
{
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
               _("Could not write “%s”: %s"), path, g_strerror (saved_errno));
}

/* Renders into a new file of its own in @path's folder (PATH.XXXXXX, created exclusively, so a
 * symlink or a file already there is never written through), then renames it over @path: a
 * failure leaves @path as it was, and no temporary file behind. */
gboolean
rig_write_safely (const char  *path,
              RigRender    render,
              gpointer     user_data,
              GError     **error)
{
  g_autofree char *tmp = g_strconcat (path, ".XXXXXX", NULL);
  g_autoptr(GError) local_error = NULL;
  Sink sink = { NULL, 0 };
  gboolean ok;
  int fd;

  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      set_file_error (error, errno, path);
      return FALSE;
    }
  sink.file = fdopen (fd, "wb");
  if (sink.file == NULL)
    {
      int saved_errno = errno;

      close (fd);
      g_unlink (tmp);
      set_file_error (error, saved_errno, path);
      return FALSE;
    }

  ok = render (sink_write, &sink, user_data, &local_error);
  if (sink.saved_errno != 0)
    {
      g_clear_error (&local_error);
      set_file_error (&local_error, sink.saved_errno, path);
      ok = FALSE;
    }
  /* Flushed and on the disk before the rename, so the new name never points at a torn file. */
  if (ok && (fflush (sink.file) != 0 || fsync (fileno (sink.file)) != 0))
    {
      set_file_error (&local_error, errno, path);
      ok = FALSE;
    }
  if (fclose (sink.file) != 0 && ok)
    {
      set_file_error (&local_error, errno, path);
      ok = FALSE;
    }
  if (ok && g_rename (tmp, path) != 0)
    {
      set_file_error (&local_error, errno, path);
      ok = FALSE;
    }
  if (!ok)
    {
      g_unlink (tmp);
      if (local_error == NULL)
        g_set_error (&local_error, RIG_REPORT_PDF_ERROR, RIG_REPORT_PDF_ERROR_DRAW,
                     _("Could not write “%s”"), path);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return ok;
}

