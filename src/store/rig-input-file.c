/* rig-input-file.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "rig-input-file.h"
#include "rig-store-error.h"

static void
set_errno_error (GError    **error,
                 int         saved_errno,
                 const char *path)
{
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
               /* Translators: the first %s is a file name, the second why it could not be read */
               _("Could not read “%s”: %s"), path, g_strerror (saved_errno));
}

static gboolean
check_type (const struct stat *st,
            const char        *path,
            GError           **error)
{
  if (S_ISREG (st->st_mode))
    return TRUE;
  if (S_ISDIR (st->st_mode))
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR,
                 /* Translators: %s is a file name */
                 _("“%s” is a folder; give the file in it"), path);
  else
    g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_INVALID,
                 /* Translators: %s is a file name */
                 _("“%s” is not a regular file (it is a device, a pipe or a socket); save what "
                   "it holds to a file and give that"), path);
  return FALSE;
}

static gboolean
too_big (const char  *path,
         gsize        max_bytes,
         GError     **error)
{
  g_autofree char *limit = g_format_size (max_bytes);

  g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_INVALID,
               /* Translators: the first %s is a file name, the second a size such as “16.8 MB” */
               _("“%s” is larger than %s, more than such a file ever holds; is it the right "
                 "file?"), path, limit);
  return FALSE;
}

gboolean
rig_read_input_file (const char  *path,
                     gsize        max_bytes,
                     char       **contents,
                     gsize       *length,
                     GError     **error)
{
  g_autoptr(GByteArray) data = NULL;
  struct stat st;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);

  /* O_NONBLOCK: opening a named pipe must not wait for a writer; the type check below then
   * refuses it. It makes no difference to reading a regular file. */
  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      set_errno_error (error, errno, path);
      return FALSE;
    }
  if (fstat (fd, &st) != 0)
    {
      set_errno_error (error, errno, path);
      close (fd);
      return FALSE;
    }
  if (!check_type (&st, path, error))
    {
      close (fd);
      return FALSE;
    }
  if ((guint64) st.st_size > max_bytes)
    {
      close (fd);
      return too_big (path, max_bytes, error);
    }

  /* Read to the end rather than st_size bytes: the file may change meanwhile, and must still
   * stay under the limit. */
  data = g_byte_array_sized_new ((guint) st.st_size + 1);
  for (;;)
    {
      guint8 buf[65536];
      gssize n = read (fd, buf, sizeof buf);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          set_errno_error (error, errno, path);
          close (fd);
          return FALSE;
        }
      if (n == 0)
        break;
      if (data->len + (gsize) n > max_bytes)
        {
          close (fd);
          return too_big (path, max_bytes, error);
        }
      g_byte_array_append (data, buf, (guint) n);
    }
  close (fd);

  if (length != NULL)
    *length = data->len;
  g_byte_array_append (data, (const guint8 *) "", 1);
  *contents = (char *) g_byte_array_free (g_steal_pointer (&data), FALSE);
  return TRUE;
}
