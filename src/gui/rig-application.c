/* rig-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "rig-application.h"
#include "rig-preferences-window.h"
#include "rig-resources.h"
#include "rig-window.h"

struct _RigApplication
{
  AdwApplication  parent_instance;
  RigCatalog     *catalog;
  GError         *catalog_error;
  RigLibrary     *library;
  GSettings      *settings;
  gboolean        quitting;       /* asking the windows with unsaved changes, one by one */
  guint           end_inhibit;    /* holds the session's end while they are asked */
};

G_DEFINE_FINAL_TYPE (RigApplication, rig_application, ADW_TYPE_APPLICATION)

RigApplication *
rig_application_new (const char        *application_id,
                     GApplicationFlags  flags)
{
  return g_object_new (RIG_TYPE_APPLICATION,
                       "application-id", application_id,
                       "flags", flags,
                       "resource-base-path", "/io/github/rigplan/Rigplan",
                       "register-session", TRUE,
                       NULL);
}

RigCatalog *
rig_application_get_catalog (RigApplication *self)
{
  g_return_val_if_fail (RIG_IS_APPLICATION (self), NULL);
  return self->catalog;
}

const GError *
rig_application_get_catalog_error (RigApplication *self)
{
  g_return_val_if_fail (RIG_IS_APPLICATION (self), NULL);
  return self->catalog_error;
}

RigLibrary *
rig_application_get_library (RigApplication  *self,
                             GError         **error)
{
  g_return_val_if_fail (RIG_IS_APPLICATION (self), NULL);

  if (self->library == NULL)
    {
      const char *env = g_getenv ("RIGPLAN_LIBRARY");
      g_autofree char *path = env ? g_strdup (env) : rig_library_default_path ();

      self->library = rig_library_new (path, error);
    }
  else if (error)
    *error = NULL;
  return self->library;
}

static RigWindow *
get_or_create_window (RigApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (rig_window_new (self));
  return RIG_WINDOW (window);
}

static void
rig_application_activate (GApplication *app)
{
  gtk_window_present (GTK_WINDOW (get_or_create_window (RIG_APPLICATION (app))));
}

static void
rig_application_open (GApplication  *app,
                      GFile        **files,
                      int            n_files,
                      const char    *hint)
{
  RigWindow *window = get_or_create_window (RIG_APPLICATION (app));

  if (n_files > 0)
    rig_window_open_file (window, files[0]);
  gtk_window_present (GTK_WINDOW (window));
}

static void
rig_application_startup (GApplication *app)
{
  RigApplication *self = RIG_APPLICATION (app);
  g_autofree char *path = rig_catalog_default_path ();

  G_APPLICATION_CLASS (rig_application_parent_class)->startup (app);

  /* GtkRecentManager records the program name as the command that opens a recent file and
   * asserts without one; g_application_run () sets it from argv[0], but an application that is
   * only registered and activated (the benchmark, an embedder) has none. */
  if (g_get_prgname () == NULL)
    g_set_prgname ("rigplan");
  /* Process-wide too: a second application in the same process (the tests) keeps it. */
  if (g_strcmp0 (g_get_application_name (), _("Rigplan")) != 0)
    g_set_application_name (_("Rigplan"));
  gtk_window_set_default_icon_name (APP_ID);

  self->catalog = rig_catalog_new (path, &self->catalog_error);
  if (self->catalog == NULL)
    g_warning ("%s", self->catalog_error->message);
}

static void
rig_application_finalize (GObject *object)
{
  RigApplication *self = RIG_APPLICATION (object);

  g_clear_object (&self->catalog);
  g_clear_object (&self->library);
  g_clear_object (&self->settings);
  g_clear_error (&self->catalog_error);
  G_OBJECT_CLASS (rig_application_parent_class)->finalize (object);
}

static void
rig_application_class_init (RigApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  rig_register_resource ();

  object_class->finalize = rig_application_finalize;
  app_class->activate = rig_application_activate;
  app_class->open = rig_application_open;
  app_class->startup = rig_application_startup;
}

static void
rig_application_about_action (GSimpleAction *action,
                              GVariant      *parameter,
                              gpointer       user_data)
{
  static const char *developers[] = { "The Rigplan contributors", NULL };
  RigApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  adw_show_about_window (window,
                         "application-name", _("Rigplan"),
                         "application-icon", APP_ID,
                         "developer-name", _("The Rigplan contributors"),
                         "version", PACKAGE_VERSION,
                         "comments", _("Plan a workstation for local AI and machine learning"),
                         "website", "https://github.com/rigplan/rigplan",
                         "issue-url", "https://github.com/rigplan/rigplan/issues",
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
rig_application_preferences_action (GSimpleAction *action,
                                    GVariant      *parameter,
                                    gpointer       user_data)
{
  RigApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (self->settings == NULL && source &&
      (schema = g_settings_schema_source_lookup (source, "io.github.rigplan.Rigplan", TRUE)))
    self->settings = g_settings_new ("io.github.rigplan.Rigplan");
  if (self->settings == NULL)
    {
      g_warning ("The settings schema io.github.rigplan.Rigplan is not installed");
      return;
    }
  gtk_window_present (GTK_WINDOW (rig_preferences_window_new (window, self->settings,
                                                              rig_application_get_library (self, NULL))));
}

static RigWindow *
find_unsaved_window (RigApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (RIG_IS_WINDOW (l->data) && rig_window_get_dirty (l->data))
      return l->data;
  return NULL;
}

static void quit_next (RigApplication *self);

static void
on_window_closed (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(RigApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (rig_window_close_finish (RIG_WINDOW (source), result, &error))
    quit_next (self);
  else
    {
      if (error != NULL)
        g_warning ("%s", error->message);
      self->quitting = FALSE;
    }
}

/* Each window with unsaved changes asks, in turn, what its close button asks, and Cancel in any
 * of them stops quitting; the other windows (compare, preferences) hold nothing to save and
 * close with the last of them. */
static void
quit_next (RigApplication *self)
{
  RigWindow *unsaved = find_unsaved_window (self);
  GList *windows;

  if (unsaved != NULL)
    {
      gtk_window_present (GTK_WINDOW (unsaved));
      rig_window_close_async (unsaved, NULL, on_window_closed, g_object_ref (self));
      return;
    }
  self->quitting = FALSE;
  if (self->end_inhibit != 0)
    {
      gtk_application_uninhibit (GTK_APPLICATION (self), self->end_inhibit);
      self->end_inhibit = 0;
    }
  while ((windows = gtk_application_get_windows (GTK_APPLICATION (self))) != NULL)
    gtk_window_destroy (windows->data);
  g_application_quit (G_APPLICATION (self));
}

static void
rig_application_quit_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  RigApplication *self = user_data;

  if (self->quitting)
    {
      /* Ctrl+Q again while a window asks: bring that question back to the front. */
      RigWindow *unsaved = find_unsaved_window (self);
      if (unsaved != NULL)
        gtk_window_present (GTK_WINDOW (unsaved));
      return;
    }
  self->quitting = TRUE;
  quit_next (self);
}

/* Logging out or shutting down: the session waits while each window with unsaved changes is
 * asked, as when quitting; after Cancel it keeps waiting, and the session manager says why. */
static void
on_query_end (RigApplication *self)
{
  RigWindow *unsaved = find_unsaved_window (self);

  if (unsaved == NULL)
    return;
  if (self->end_inhibit == 0)
    self->end_inhibit = gtk_application_inhibit (GTK_APPLICATION (self), GTK_WINDOW (unsaved),
                                                 GTK_APPLICATION_INHIBIT_LOGOUT,
                                                 _("A build has changes that are not saved"));
  g_action_group_activate_action (G_ACTION_GROUP (self), "quit", NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", rig_application_quit_action },
  { "about", rig_application_about_action },
  { "preferences", rig_application_preferences_action },
};

static void
rig_application_init (RigApplication *self)
{
  static const char *quit_accels[] = { "<primary>q", NULL };
  static const char *preferences_accels[] = { "<primary>comma", NULL };
  static const char *shortcuts_accels[] = { "<primary>question", NULL };

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions),
                                   self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay",
                                         shortcuts_accels);
  g_signal_connect (self, "query-end", G_CALLBACK (on_query_end), NULL);
}
