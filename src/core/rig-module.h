/* rig-module.h: opening a library at first use instead of linking it
 *
 * Header only: the folders that use it (net, keyring) link GModule; the engine does not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gmodule.h>

G_BEGIN_DECLS

/* A function of the library, and where in the caller's table of pointers it goes. */
typedef struct
{
  const char *name;
  gsize       offset;
} RigModuleSymbol;

/* Opens @library and fills @table with @symbols; the library stays for the life of the process
 * (it may register types, and threads may hold its pointers). NULL when all went well, else
 * what the system said, newly allocated. */
static inline char *
rig_module_open (const char            *library,
                 const RigModuleSymbol *symbols,
                 guint                  n_symbols,
                 gpointer               table)
{
  GModule *module = g_module_open (library, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
  char *failure = NULL;

  if (module == NULL)
    return g_strdup (g_module_error ());
  for (guint i = 0; failure == NULL && i < n_symbols; i++)
    if (!g_module_symbol (module, symbols[i].name, (gpointer *) ((char *) table + symbols[i].offset)))
      failure = g_strdup (g_module_error ());
  if (failure == NULL)
    g_module_make_resident (module);
  else
    g_module_close (module);
  return failure;
}

/* Whether a library was opened, for rig_module_open_once (); zero-initialised (static). */
typedef struct
{
  gsize  done;
  char  *failure;
} RigModuleOnce;

/* rig_module_open () the first time it is called for @once, from any thread, then @opened
 * (when not NULL) once the library is there; what the first call said every time after. */
static inline const char *
rig_module_open_once (RigModuleOnce         *once,
                      const char            *library,
                      const RigModuleSymbol *symbols,
                      guint                  n_symbols,
                      gpointer               table,
                      void                 (*opened) (void))
{
  if (g_once_init_enter (&once->done))
    {
      once->failure = rig_module_open (library, symbols, n_symbols, table);
      if (once->failure == NULL && opened != NULL)
        opened ();
      g_once_init_leave (&once->done, 1);
    }
  return once->failure;
}

G_END_DECLS
