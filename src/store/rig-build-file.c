/* rig-build-file.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "rig-build-file.h"
#include "rig-field.h"
#include "rig-input-file.h"
#include "rig-json.h"
#include "rig-store-error.h"
#include "rig-text.h"

/* Past these a value is a typo, not a plan; a part's count and price keep to the limits in
 * rig-build.h, which every way of making a build shares. */
#define MAX_CONTEXT  (16u * 1024u * 1024u)
#define MAX_LAYERS   10000u
/* llama.cpp's -ub is at most its -b, whose own limit is the context. */
#define MAX_UBATCH   MAX_CONTEXT
/* A weights file's size in GiB: from a few MiB to well past the largest open model in 16 bits
 * (a trillion parameters, about 1863 GiB). */
#define MIN_WEIGHTS_GIB 0.01
#define MAX_WEIGHTS_GIB 16384.0
#define MAX_BATCH    4096
/* Users of one serving workload: above any runtime's sequences at once (vLLM's 1024). */
#define MAX_CONCURRENCY 100000

typedef struct
{
  GError **error;
  gboolean failed;
} Ctx;

/* Sets "PATH: reason": the path ("parts[0].count") as the file writes it, the reason in the
 * user's language. Both may quote the file (a member's name, a value), so control characters
 * and bytes that are not UTF-8 are replaced before the message reaches a terminal. */
static gboolean G_GNUC_PRINTF (3, 4)
fail (Ctx        *ctx,
      const char *path,
      const char *format,
      ...)
{
  g_autofree char *reason = NULL;
  g_autofree char *message = NULL;
  g_autofree char *shown = NULL;
  va_list args;

  if (ctx->failed)
    return FALSE;
  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);
  message = g_strdup_printf ("%s: %s", path, reason);
  shown = rig_text_sanitize (message);
  g_set_error_literal (ctx->error, RIG_STORE_ERROR, RIG_STORE_ERROR_INVALID, shown);
  ctx->failed = TRUE;
  return FALSE;
}

static gboolean
get_string (Ctx        *ctx,
            JsonObject *obj,
            const char *member,
            const char *path,
            gboolean    required,
            const char **out)
{
  g_autofree char *where = g_strdup_printf ("%s%s%s", path, *path ? "." : "", member);
  JsonNode *node = json_object_get_member (obj, member);

  *out = NULL;
  if (node == NULL)
    /* Translators: after a place in a build file, such as “parts[0].id: ” */
    return required ? fail (ctx, where, _("is missing")) : TRUE;
  if (!rig_json_is_string (node))
    /* Translators: %s is “an object”, “an array”, “a number”, “true or false” or null */
    return fail (ctx, where, _("must be a string, not %s"), rig_json_node_kind (node));
  /* Refused rather than repaired: the message names the member to fix, and a build never
   * holds text it could not save and open again. */
  if (!rig_json_is_text (node))
    return fail (ctx, where, "%s", rig_json_not_text_reason ());
  *out = json_node_get_string (node);
  if (required && **out == '\0')
    return fail (ctx, where, _("must not be empty"));
  return TRUE;
}

static gboolean
get_number (Ctx        *ctx,
            JsonObject *obj,
            const char *member,
            const char *path,
            double      min,
            double      max,
            double     *out)
{
  g_autofree char *where = g_strdup_printf ("%s%s%s", path, *path ? "." : "", member);
  JsonNode *node = json_object_get_member (obj, member);
  double v;

  if (node == NULL)
    return TRUE;    /* the caller's default stays */
  if (!rig_json_is_number (node))
    return fail (ctx, where, _("must be a number, not %s"), rig_json_node_kind (node));
  v = json_node_get_double (node);
  if (!isfinite (v) || v < min || v > max)
    /* Translators: the first %g is the least a value may be, the second the most, the third
     * the value the file has */
    return fail (ctx, where, _("must be between %g and %g (it is %g)"), min, max, v);
  *out = v;
  return TRUE;
}

/* A whole number from @min (0 or 1) to @max. */
static gboolean
get_whole (Ctx        *ctx,
           JsonObject *obj,
           const char *member,
           const char *path,
           guint       min,
           guint       max,
           guint      *out)
{
  g_autofree char *where = g_strdup_printf ("%s.%s", path, member);
  JsonNode *node = json_object_get_member (obj, member);
  const char *message = min > 0 ? _("must be a positive integer") : _("must be a whole number, 0 or more");
  double v;

  if (node == NULL)
    return TRUE;
  if (!rig_json_is_number (node))
    return fail (ctx, where, "%s", message);
  v = json_node_get_double (node);
  if (v != floor (v) || v < min)
    return fail (ctx, where, "%s", message);
  if (v > max)
    {
      g_autofree char *too_large = rig_build_at_most_message (max, v);

      return fail (ctx, where, "%s", too_large);
    }
  *out = (guint) v;
  return TRUE;
}

static gboolean
get_positive_int (Ctx        *ctx,
                  JsonObject *obj,
                  const char *member,
                  const char *path,
                  guint       max,
                  guint      *out)
{
  return get_whole (ctx, obj, member, path, 1, max, out);
}

/* A part's count or price as the file writes it, left as it was when the part has none; its
 * limits are rig_build_check_part_limits ()'s. */
static gboolean
get_part_number (Ctx        *ctx,
                 JsonObject *obj,
                 const char *member,
                 const char *path,
                 double     *out)
{
  g_autofree char *where = g_strdup_printf ("%s.%s", path, member);
  JsonNode *node = json_object_get_member (obj, member);

  if (node == NULL)
    return TRUE;
  if (!rig_json_is_number (node))
    {
      if (g_str_equal (member, "count"))
        /* Translators: %s is “an object”, “an array”, “a string”, “true or false” or null */
        return fail (ctx, where, _("must be a positive integer, not %s"),
                     rig_json_node_kind (node));
      return fail (ctx, where, _("must be a number, not %s"), rig_json_node_kind (node));
    }
  *out = json_node_get_double (node);
  return TRUE;
}

static gboolean
check_part_limits (Ctx        *ctx,
                   const char *path,
                   double      count,
                   double      price)
{
  g_autofree char *reason = NULL;
  g_autofree char *where = NULL;
  const char *member;

  if (rig_build_check_part_limits (count, price, &member, &reason))
    return TRUE;
  where = g_strdup_printf ("%s.%s", path, member);
  return fail (ctx, where, "%s", reason);
}

static gboolean
get_bool (Ctx        *ctx,
          JsonObject *obj,
          const char *member,
          const char *path,
          gboolean   *out)
{
  g_autofree char *where = g_strdup_printf ("%s.%s", path, member);
  JsonNode *node = json_object_get_member (obj, member);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    /* Translators: true and false are JSON's keywords; keep them as they are. %s is “an
     * object”, “an array”, “a string”, “a number” or null */
    return fail (ctx, where, _("must be true or false, not %s"), rig_json_node_kind (node));
  *out = json_node_get_boolean (node);
  return TRUE;
}

/* Reads an optional enum member; @values lists the accepted strings. */
static gboolean
get_enum (Ctx                *ctx,
          JsonObject         *obj,
          const char         *member,
          const char         *path,
          const char * const *values,
          int               (*from_string) (const char *),
          int                *out)
{
  g_autofree char *where = g_strdup_printf ("%s.%s", path, member);
  const char *text;
  int v;

  if (!get_string (ctx, obj, member, path, FALSE, &text))
    return FALSE;
  if (text == NULL)
    return TRUE;
  if ((v = from_string (text)) < 0)
    {
      g_autofree char *allowed = g_strjoinv (", ", (char **) values);
      g_autofree char *shown = rig_shown_text (text);
      /* Translators: the first %s is the value the file has, the second the values it may
       * have, such as “new, used”; those are keywords and stay as they are */
      return fail (ctx, where, _("“%s” is not one of: %s"), shown, allowed);
    }
  *out = v;
  return TRUE;
}

static const char * const condition_values[] = { "new", "used", NULL };

static gboolean
check_members (Ctx                *ctx,
               JsonObject         *obj,
               const char         *path,
               const char * const *known)
{
  g_autoptr(GList) members = json_object_get_members (obj);

  for (GList *l = members; l; l = l->next)
    if (!g_strv_contains (known, l->data))
      {
        g_autofree char *where = g_strdup_printf ("%s%s%s", path, *path ? "." : "",
                                                  (char *) l->data);
        g_autofree char *list = g_strjoinv (", ", (char **) known);
        /* Translators: %s lists the members a build file may have there, such as “id, count,
         * condition, price, note”; those are keywords and stay as they are */
        return fail (ctx, where, _("unknown member (known: %s)"), list);
      }
  return TRUE;
}

static gboolean
read_part (Ctx        *ctx,
           RigBuild   *build,
           JsonNode   *node,
           guint       index)
{
  static const char * const known[] = { "id", "count", "condition", "price", "note", NULL };
  g_autofree char *path = g_strdup_printf ("parts[%u]", index);
  JsonObject *obj;
  RigBuildItem *item;
  const char *id;
  double count = 1;
  int condition = RIG_CONDITION_NEW;
  double price = NAN;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (ctx, path, _("must be an object, not %s"), rig_json_node_kind (node));
  obj = json_node_get_object (node);

  if (!check_members (ctx, obj, path, known) ||
      !get_string (ctx, obj, "id", path, TRUE, &id) ||
      !get_part_number (ctx, obj, "count", path, &count) ||
      !get_enum (ctx, obj, "condition", path, condition_values, rig_condition_from_string,
                 &condition) ||
      !get_part_number (ctx, obj, "price", path, &price) ||
      !check_part_limits (ctx, path, count, price))
    return FALSE;

  if (!rig_id_is_valid (id))
    {
      g_autofree char *where = g_strdup_printf ("%s.id", path);
      g_autofree char *shown = rig_shown_text (id);
      return fail (ctx, where, _("“%s” is not a part id (lowercase, like “nvidia-rtx-4090”)"),
                   shown);
    }

  item = rig_build_add_part (build, id, (guint) count);
  item->condition = condition;
  /* Within the part limits just checked, any price converts. */
  item->has_price = !isnan (price) && rig_money_from_major (price, &item->price_minor);
  return TRUE;
}

/* The members of a workload; a search request's workloads add the speeds they need. */
static const char * const workload_members[] = {
  "model", "quant", "mode", "context", "batch", "runtime", "kv_cache", "split", "lora_rank",
  "optimizer", "gradient_checkpointing", "offload", "sharding", "lora_targets",
  "flash_attention", "gpu_memory_utilization", "max_model_len", "gpu_layers", "cpu_moe_layers", "ubatch",
  "mmap", "weights_gib", "recipe",
  "chunked_loss", "lora_dropout", "zero_init", "optimizer_offload", "torch_compile",
  "concurrency", "prompt_tokens", "output_tokens", "min_user_tokens_per_s",
  "draft_model", "draft_quant", "draft_tokens", "draft_acceptance", NULL
};
static const char * const request_workload_members[] = {
  "model", "quant", "mode", "context", "batch", "runtime", "kv_cache", "split", "lora_rank",
  "optimizer", "gradient_checkpointing", "offload", "sharding", "lora_targets",
  "flash_attention", "gpu_memory_utilization", "max_model_len", "gpu_layers", "cpu_moe_layers", "ubatch",
  "mmap", "weights_gib", "recipe",
  "chunked_loss", "lora_dropout", "zero_init", "optimizer_offload", "torch_compile",
  "min_decode_tokens_per_s", "min_prefill_tokens_per_s",
  "concurrency", "prompt_tokens", "output_tokens", "min_user_tokens_per_s",
  "draft_model", "draft_quant", "draft_tokens", "draft_acceptance", NULL
};

/* A team's serving settings: users at once, each request's prompt and output, and the decode
 * speed each user needs. */
static gboolean
read_serving (Ctx         *ctx,
              JsonObject  *obj,
              const char  *path,
              RigWorkload *w)
{
  return get_positive_int (ctx, obj, "concurrency", path, MAX_CONCURRENCY, &w->concurrency) &&
         get_positive_int (ctx, obj, "prompt_tokens", path, MAX_CONTEXT, &w->prompt_tokens) &&
         get_positive_int (ctx, obj, "output_tokens", path, MAX_CONTEXT, &w->output_tokens) &&
         get_number (ctx, obj, "min_user_tokens_per_s", path, 0.1, 100000,
                     &w->min_user_tokens_per_s);
}

/* Speculative decoding: the draft model (or RIG_DRAFT_MTP), its quantization, how many tokens
 * it proposes a step and the chance the model keeps each. */
static gboolean
read_draft (Ctx         *ctx,
            JsonObject  *obj,
            const char  *path,
            RigWorkload *w)
{
  const char *model, *quant;

  if (!get_string (ctx, obj, "draft_model", path, FALSE, &model) ||
      !get_string (ctx, obj, "draft_quant", path, FALSE, &quant) ||
      !get_positive_int (ctx, obj, "draft_tokens", path, RIG_DRAFT_TOKENS_MAX, &w->draft_tokens) ||
      !get_number (ctx, obj, "draft_acceptance", path, 0.0, 1.0, &w->draft_acceptance))
    return FALSE;
  if (model != NULL && *model == '\0')
    {
      g_autofree char *where = g_strdup_printf ("%s.draft_model", path);
      /* Translators: “mtp” is a value of the build file, kept as it is */
      return fail (ctx, where, _("must name a model from the catalog, or “mtp” for the model's "
                                 "own multi-token prediction; leave it out for no draft"));
    }
  if (model == NULL && quant != NULL)
    {
      g_autofree char *where = g_strdup_printf ("%s.draft_quant", path);
      return fail (ctx, where, _("is the draft model's quantization; set draft_model as well, "
                                 "or leave draft_quant out"));
    }
  /* The model's own prediction modules draft a token each, kept as DeepSeek measured, unless
   * the file says otherwise. */
  if (model != NULL && g_str_equal (model, RIG_DRAFT_MTP))
    {
      if (!json_object_has_member (obj, "draft_tokens"))
        w->draft_tokens = 1;
      if (!json_object_has_member (obj, "draft_acceptance"))
        w->draft_acceptance = RIG_DRAFT_ACCEPTANCE_MTP;
    }
  /* Ids from the file reach messages ("unknown draft model …"): no control characters. */
  w->draft_model_id = rig_text_sanitize (model);
  w->draft_quant_id = rig_text_sanitize (quant);
  return TRUE;
}

/* The file's tensor types where they differ from its quantization's recipe: the catalog's
 * recipe syntax, for inference (the types a runtime loads; a training run has its own). */
static gboolean
read_recipe (Ctx             *ctx,
             JsonObject      *obj,
             const char      *path,
             RigWorkloadMode  mode,
             RigWorkload     *w)
{
  g_autofree char *where = g_strdup_printf ("%s%srecipe", path, *path ? "." : "");
  g_autoptr(GArray) items = NULL;
  g_autoptr(GError) local = NULL;
  const char *recipe;

  if (!get_string (ctx, obj, "recipe", path, FALSE, &recipe))
    return FALSE;
  if (recipe == NULL)
    return TRUE;
  if (mode != RIG_MODE_INFERENCE)
    return fail (ctx, where, _("is for inference workloads; a training run loads its weights at "
                               "its own precision"));
  if (!(items = rig_recipe_parse (recipe, &local)))
    return fail (ctx, where, "%s", local->message);
  w->recipe = rig_text_sanitize (recipe);
  return TRUE;
}

static gboolean
read_workload_members (Ctx                *ctx,
                       RigBuild           *build,
                       JsonNode           *node,
                       guint               index,
                       const char * const *known)
{
  g_autofree char *path = g_strdup_printf ("workloads[%u]", index);
  g_autoptr(RigWorkload) w = rig_workload_new ();
  JsonObject *obj;
  const char *model, *quant;
  int mode = w->mode, runtime = w->runtime, kv = w->kv_cache, split = w->split;
  int optimizer = w->optimizer;
  int sharding = w->sharding;
  int lora_targets = w->lora_targets;
  guint gpu_layers = 0;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (ctx, path, _("must be an object, not %s"), rig_json_node_kind (node));
  obj = json_node_get_object (node);

  if (!check_members (ctx, obj, path, known) ||
      !get_string (ctx, obj, "model", path, TRUE, &model) ||
      !get_string (ctx, obj, "quant", path, FALSE, &quant) ||
      !get_enum (ctx, obj, "mode", path, rig_workload_mode_values (),
                 rig_workload_mode_from_string, &mode) ||
      !get_positive_int (ctx, obj, "context", path, MAX_CONTEXT, &w->context) ||
      !get_positive_int (ctx, obj, "batch", path, MAX_BATCH, &w->batch) ||
      !get_enum (ctx, obj, "runtime", path, rig_runtime_values (), rig_runtime_from_string,
                 &runtime) ||
      !get_enum (ctx, obj, "kv_cache", path, rig_kv_cache_values (), rig_kv_cache_from_string,
                 &kv) ||
      !get_enum (ctx, obj, "split", path, rig_split_values (), rig_split_from_string, &split) ||
      !get_positive_int (ctx, obj, "lora_rank", path, 4096, &w->lora_rank) ||
      !get_enum (ctx, obj, "optimizer", path, rig_optimizer_values (), rig_optimizer_from_string,
                 &optimizer) ||
      !get_bool (ctx, obj, "gradient_checkpointing", path, &w->gradient_checkpointing) ||
      !get_bool (ctx, obj, "offload", path, &w->offload) ||
      !get_enum (ctx, obj, "sharding", path, rig_sharding_values (), rig_sharding_from_string,
                 &sharding) ||
      !get_enum (ctx, obj, "lora_targets", path, rig_lora_targets_values (),
                 rig_lora_targets_from_string, &lora_targets) ||
      !get_bool (ctx, obj, "flash_attention", path, &w->flash_attention) ||
      !get_number (ctx, obj, "gpu_memory_utilization", path, 0.01, 1.0, &w->gpu_memory_utilization) ||
      !get_positive_int (ctx, obj, "max_model_len", path, MAX_CONTEXT, &w->max_model_len) ||
      !get_whole (ctx, obj, "gpu_layers", path, 0, MAX_LAYERS, &gpu_layers) ||
      !get_positive_int (ctx, obj, "cpu_moe_layers", path, MAX_LAYERS, &w->cpu_moe_layers) ||
      !get_positive_int (ctx, obj, "ubatch", path, MAX_UBATCH, &w->ubatch) ||
      !get_bool (ctx, obj, "mmap", path, &w->mmap) ||
      !get_number (ctx, obj, "weights_gib", path, MIN_WEIGHTS_GIB, MAX_WEIGHTS_GIB, &w->weights_gib) ||
      !get_bool (ctx, obj, "chunked_loss", path, &w->chunked_loss) ||
      !get_bool (ctx, obj, "zero_init", path, &w->zero_init) ||
      !get_bool (ctx, obj, "optimizer_offload", path, &w->optimizer_offload) ||
      !get_bool (ctx, obj, "torch_compile", path, &w->torch_compile) ||
      !get_number (ctx, obj, "lora_dropout", path, 0.0, 0.99, &w->lora_dropout) ||
      !read_serving (ctx, obj, path, w) ||
      !read_draft (ctx, obj, path, w))
    return FALSE;

  if (json_object_has_member (obj, "gpu_layers"))
    w->gpu_layers = (int) gpu_layers;
  /* A training run loads weights of its own precision: a file's size would be ignored. */
  if (w->weights_gib > 0 && mode != RIG_MODE_INFERENCE)
    {
      g_autofree char *where = g_strdup_printf ("%s%sweights_gib", path, *path ? "." : "");

      return fail (ctx, where, _("is for inference workloads; a training run loads its weights at its own precision"));
    }
  if (!read_recipe (ctx, obj, path, mode, w))
    return FALSE;
  /* Ids from the file reach messages ("unknown model …"): no control characters. */
  w->model_id = rig_text_sanitize (model);
  w->quant_id = rig_text_sanitize (quant);
  w->mode = mode;
  w->runtime = runtime;
  w->kv_cache = kv;
  w->split = split;
  w->optimizer = optimizer;
  w->sharding = sharding;
  w->lora_targets = lora_targets;
  g_ptr_array_add (build->workloads, g_steal_pointer (&w));
  return TRUE;
}

static gboolean
read_workload (Ctx        *ctx,
               RigBuild   *build,
               JsonNode   *node,
               guint       index)
{
  return read_workload_members (ctx, build, node, index, workload_members);
}

static gboolean
read_settings (Ctx        *ctx,
               RigBuild   *build,
               JsonNode   *node)
{
  static const char * const known[] = {
    "currency", "electricity_per_kwh", "hours_per_day", "circuit", "ambient_c",
    "gpu_power_limit_pct", "tco_years", "resale_pct", "cloud_per_hour", NULL
  };
  RigSettings *s = &build->settings;
  JsonObject *obj;
  const char *currency;
  int circuit = s->circuit;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (ctx, "settings", _("must be an object, not %s"), rig_json_node_kind (node));
  obj = json_node_get_object (node);

  if (!check_members (ctx, obj, "settings", known) ||
      !get_string (ctx, obj, "currency", "settings", FALSE, &currency) ||
      !get_number (ctx, obj, "electricity_per_kwh", "settings", 0, 100, &s->electricity_per_kwh) ||
      !get_number (ctx, obj, "hours_per_day", "settings", 0, 24, &s->hours_per_day) ||
      !get_enum (ctx, obj, "circuit", "settings", rig_circuit_values (), rig_circuit_from_string,
                 &circuit) ||
      !get_number (ctx, obj, "ambient_c", "settings", -20, 60, &s->ambient_c) ||
      !get_number (ctx, obj, "gpu_power_limit_pct", "settings", 10, 150, &s->gpu_power_limit_pct) ||
      !get_number (ctx, obj, "tco_years", "settings", 0.5, 20, &s->tco_years) ||
      !get_number (ctx, obj, "resale_pct", "settings", 0, 100, &s->resale_pct) ||
      !get_number (ctx, obj, "cloud_per_hour", "settings", 0, 10000, &s->cloud_per_hour))
    return FALSE;

  if (currency != NULL)
    {
      if (strlen (currency) != 3 || !g_ascii_isupper (currency[0]) ||
          !g_ascii_isupper (currency[1]) || !g_ascii_isupper (currency[2]))
        {
          g_autofree char *shown = rig_shown_text (currency);
          return fail (ctx, "settings.currency",
                       _("“%s” is not an ISO 4217 code such as USD or EUR"), shown);
        }
      g_strlcpy (s->currency, currency, sizeof s->currency);
    }
  s->circuit = circuit;
  return TRUE;
}

RigBuild *
rig_build_from_json (const char *data,
                     gssize      length,
                     GError    **error)
{
  static const char * const known[] = {
    "format", "version", "name", "parts", "workloads", "settings", NULL
  };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(RigBuild) build = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autofree char *shown_name = NULL;
  Ctx ctx = { error, FALSE };
  JsonNode *root;
  JsonObject *obj;
  JsonNode *node;
  const char *format, *name;
  double version = 0;

  if (!rig_json_parser_load (parser, data, length, &parse_error))
    {
      if (parse_error->domain == RIG_JSON_ERROR)
        g_set_error_literal (error, RIG_STORE_ERROR, RIG_STORE_ERROR_INVALID,
                             parse_error->message);
      else
        g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_INVALID, _("not valid JSON: %s"),
                     parse_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      fail (&ctx, "$", _("a build file must be a JSON object"));
      return NULL;
    }
  obj = json_node_get_object (root);

  if (!check_members (&ctx, obj, "", known) ||
      !get_string (&ctx, obj, "format", "", TRUE, &format))
    return NULL;
  if (!g_str_equal (format, RIG_BUILD_FILE_FORMAT))
    {
      g_autofree char *shown = rig_shown_text (format);
      /* Translators: the first %s is the format a build file names, “rigplan-build”, the
       * second what this file names */
      fail (&ctx, "format", _("must be “%s” (it is “%s”)"), RIG_BUILD_FILE_FORMAT, shown);
      return NULL;
    }
  if (!json_object_has_member (obj, "version"))
    {
      fail (&ctx, "version", _("is missing"));
      return NULL;
    }
  if (!get_number (&ctx, obj, "version", "", 1, 1000, &version))
    return NULL;
  if (version > RIG_BUILD_FILE_VERSION)
    {
      /* Translators: %g is the file's format version, %d the newest this Rigplan reads */
      fail (&ctx, "version", _("this file was written by a newer Rigplan (version %g; this one "
                               "reads version %d)"), version, RIG_BUILD_FILE_VERSION);
      return NULL;
    }
  if (!get_string (&ctx, obj, "name", "", FALSE, &name))
    return NULL;

  /* The name is shown in the window's title, the exports and the CLI: control characters
   * (an ESC sequence) are replaced here, once, rather than at each of those. */
  shown_name = rig_text_sanitize (name ? name : "");
  build = rig_build_new (shown_name);

  if ((node = json_object_get_member (obj, "parts")) != NULL)
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        {
          fail (&ctx, "parts", _("must be an array, not %s"), rig_json_node_kind (node));
          return NULL;
        }
      array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        if (!read_part (&ctx, build, json_array_get_element (array, i), i))
          return NULL;
    }

  if ((node = json_object_get_member (obj, "workloads")) != NULL)
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        {
          fail (&ctx, "workloads", _("must be an array, not %s"), rig_json_node_kind (node));
          return NULL;
        }
      array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        if (!read_workload (&ctx, build, json_array_get_element (array, i), i))
          return NULL;
    }

  if ((node = json_object_get_member (obj, "settings")) != NULL &&
      !read_settings (&ctx, build, node))
    return NULL;

  return g_steal_pointer (&build);
}

/* The serving settings, only where they differ from rig_workload_new ()'s. */
static void
write_serving (JsonBuilder       *b,
               const RigWorkload *w)
{
  g_autoptr(RigWorkload) defaults = rig_workload_new ();

  if (w->concurrency != defaults->concurrency)
    {
      json_builder_set_member_name (b, "concurrency");
      json_builder_add_int_value (b, w->concurrency);
    }
  if (w->prompt_tokens != defaults->prompt_tokens)
    {
      json_builder_set_member_name (b, "prompt_tokens");
      json_builder_add_int_value (b, w->prompt_tokens);
    }
  if (w->output_tokens != defaults->output_tokens)
    {
      json_builder_set_member_name (b, "output_tokens");
      json_builder_add_int_value (b, w->output_tokens);
    }
  if (w->min_user_tokens_per_s > 0)
    {
      json_builder_set_member_name (b, "min_user_tokens_per_s");
      json_builder_add_double_value (b, w->min_user_tokens_per_s);
    }
}

/* A workload's speculative decoding, only when it has a draft. */
static void
write_draft (JsonBuilder       *b,
             const RigWorkload *w)
{
  if (!rig_workload_has_draft (w))
    return;
  json_builder_set_member_name (b, "draft_model");
  json_builder_add_string_value (b, w->draft_model_id);
  if (w->draft_quant_id != NULL)
    {
      json_builder_set_member_name (b, "draft_quant");
      json_builder_add_string_value (b, w->draft_quant_id);
    }
  json_builder_set_member_name (b, "draft_tokens");
  json_builder_add_int_value (b, w->draft_tokens);
  json_builder_set_member_name (b, "draft_acceptance");
  json_builder_add_double_value (b, w->draft_acceptance);
}

char *
rig_build_to_json (const RigBuild *build)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  /* A name that is not UTF-8, however it got into the build, would make the file unreadable:
   * json-glib writes the bytes as they are and refuses them on reading. */
  g_autofree char *name = g_utf8_make_valid (build->name, -1);
  const RigSettings *s = &build->settings;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, RIG_BUILD_FILE_FORMAT);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, RIG_BUILD_FILE_VERSION);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, name);

  json_builder_set_member_name (b, "parts");
  json_builder_begin_array (b);
  for (guint i = 0; i < build->items->len; i++)
    {
      const RigBuildItem *item = g_ptr_array_index (build->items, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, item->part_id);
      json_builder_set_member_name (b, "count");
      json_builder_add_int_value (b, item->count);
      json_builder_set_member_name (b, "condition");
      json_builder_add_string_value (b, rig_condition_to_string (item->condition));
      if (item->has_price)
        {
          json_builder_set_member_name (b, "price");
          json_builder_add_double_value (b, rig_money_to_major (item->price_minor));
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "workloads");
  json_builder_begin_array (b);
  for (guint i = 0; i < build->workloads->len; i++)
    {
      const RigWorkload *w = g_ptr_array_index (build->workloads, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "model");
      json_builder_add_string_value (b, w->model_id);
      if (w->quant_id)
        {
          json_builder_set_member_name (b, "quant");
          json_builder_add_string_value (b, w->quant_id);
        }
      json_builder_set_member_name (b, "mode");
      json_builder_add_string_value (b, rig_workload_mode_to_string (w->mode));
      json_builder_set_member_name (b, "context");
      json_builder_add_int_value (b, w->context);
      json_builder_set_member_name (b, "batch");
      json_builder_add_int_value (b, w->batch);
      json_builder_set_member_name (b, "runtime");
      json_builder_add_string_value (b, rig_runtime_to_string (w->runtime));
      json_builder_set_member_name (b, "kv_cache");
      json_builder_add_string_value (b, rig_kv_cache_to_string (w->kv_cache));
      json_builder_set_member_name (b, "split");
      json_builder_add_string_value (b, rig_split_to_string (w->split));
      if (w->mode != RIG_MODE_INFERENCE)
        {
          json_builder_set_member_name (b, "lora_rank");
          json_builder_add_int_value (b, w->lora_rank);
          json_builder_set_member_name (b, "optimizer");
          json_builder_add_string_value (b, rig_optimizer_to_string (w->optimizer));
          json_builder_set_member_name (b, "gradient_checkpointing");
          json_builder_add_boolean_value (b, w->gradient_checkpointing);
          json_builder_set_member_name (b, "sharding");
          json_builder_add_string_value (b, rig_sharding_to_string (w->sharding));
          json_builder_set_member_name (b, "lora_targets");
          json_builder_add_string_value (b, rig_lora_targets_to_string (w->lora_targets));
        }
      json_builder_set_member_name (b, "offload");
      json_builder_add_boolean_value (b, w->offload);
      json_builder_set_member_name (b, "flash_attention");
      json_builder_add_boolean_value (b, w->flash_attention);
      /* vLLM's settings and the chunked loss only where they differ from the defaults. */
      if (w->gpu_memory_utilization != 0.9)
        {
          json_builder_set_member_name (b, "gpu_memory_utilization");
          json_builder_add_double_value (b, w->gpu_memory_utilization);
        }
      if (w->max_model_len != 0)
        {
          json_builder_set_member_name (b, "max_model_len");
          json_builder_add_int_value (b, w->max_model_len);
        }
      if (w->gpu_layers >= 0)
        {
          json_builder_set_member_name (b, "gpu_layers");
          json_builder_add_int_value (b, w->gpu_layers);
        }
      if (w->cpu_moe_layers > 0)
        {
          json_builder_set_member_name (b, "cpu_moe_layers");
          json_builder_add_int_value (b, w->cpu_moe_layers);
        }
      if (w->ubatch > 0)
        {
          json_builder_set_member_name (b, "ubatch");
          json_builder_add_int_value (b, w->ubatch);
        }
      if (!w->mmap)
        {
          json_builder_set_member_name (b, "mmap");
          json_builder_add_boolean_value (b, FALSE);
        }
      if (w->weights_gib > 0 && w->mode == RIG_MODE_INFERENCE)
        {
          json_builder_set_member_name (b, "weights_gib");
          json_builder_add_double_value (b, w->weights_gib);
        }
      if (w->recipe != NULL && w->mode == RIG_MODE_INFERENCE)
        {
          json_builder_set_member_name (b, "recipe");
          json_builder_add_string_value (b, w->recipe);
        }
      if (w->chunked_loss)
        {
          json_builder_set_member_name (b, "chunked_loss");
          json_builder_add_boolean_value (b, TRUE);
        }
      if (w->torch_compile)
        {
          json_builder_set_member_name (b, "torch_compile");
          json_builder_add_boolean_value (b, TRUE);
        }
      if (!w->zero_init)
        {
          json_builder_set_member_name (b, "zero_init");
          json_builder_add_boolean_value (b, FALSE);
        }
      if (w->optimizer_offload)
        {
          json_builder_set_member_name (b, "optimizer_offload");
          json_builder_add_boolean_value (b, TRUE);
        }
      if (!isnan (w->lora_dropout))
        {
          json_builder_set_member_name (b, "lora_dropout");
          json_builder_add_double_value (b, w->lora_dropout);
        }
      write_serving (b, w);
      write_draft (b, w);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "settings");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "currency");
  json_builder_add_string_value (b, s->currency);
  json_builder_set_member_name (b, "electricity_per_kwh");
  json_builder_add_double_value (b, s->electricity_per_kwh);
  json_builder_set_member_name (b, "hours_per_day");
  json_builder_add_double_value (b, s->hours_per_day);
  json_builder_set_member_name (b, "circuit");
  json_builder_add_string_value (b, rig_circuit_to_string (s->circuit));
  json_builder_set_member_name (b, "ambient_c");
  json_builder_add_double_value (b, s->ambient_c);
  json_builder_set_member_name (b, "gpu_power_limit_pct");
  json_builder_add_double_value (b, s->gpu_power_limit_pct);
  json_builder_set_member_name (b, "tco_years");
  json_builder_add_double_value (b, s->tco_years);
  json_builder_set_member_name (b, "resale_pct");
  json_builder_add_double_value (b, s->resale_pct);
  if (!isnan (s->cloud_per_hour))
    {
      json_builder_set_member_name (b, "cloud_per_hour");
      json_builder_add_double_value (b, s->cloud_per_hour);
    }
  json_builder_end_object (b);

  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_indent (gen, 2);
  text = json_generator_to_data (gen, NULL);
  return rig_json_tidy_numbers (text);
}

RigBuild *
rig_build_file_load (const char *path,
                     GError    **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *base = g_path_get_basename (path);
  gsize length;
  RigBuild *build;

  if (!rig_read_input_file (path, RIG_INPUT_FILE_MAX_BYTES, &contents, &length, &local))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (!(build = rig_build_from_json (contents, length, &local)))
    {
      g_set_error (error, local->domain, local->code, "%s: %s", base, local->message);
      return NULL;
    }
  return build;
}

gboolean
rig_build_file_save (const RigBuild *build,
                     const char     *path,
                     GError        **error)
{
  g_autofree char *json = rig_build_to_json (build);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *with_newline = g_strconcat (json, "\n", NULL);

  /* g_file_replace_contents writes a temporary file and renames it over the old one. */
  return g_file_replace_contents (file, with_newline, strlen (with_newline), NULL, FALSE,
                                  G_FILE_CREATE_NONE, NULL, NULL, error);
}

/* A list of strings, each one of @values when @values is given. */
static gboolean
get_string_list (Ctx                *ctx,
                 JsonObject         *obj,
                 const char         *member,
                 const char * const *values,
                 GPtrArray          *out)
{
  JsonNode *node = json_object_get_member (obj, member);
  JsonArray *array;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (ctx, member, _("must be an array, not %s"), rig_json_node_kind (node));
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *where = g_strdup_printf ("%s[%u]", member, i);
      const char *text;

      if (!rig_json_is_string (element) || !rig_json_is_text (element))
        return fail (ctx, where, _("must be a string, not %s"), rig_json_node_kind (element));
      text = json_node_get_string (element);
      if (values != NULL && !g_strv_contains (values, text))
        {
          g_autofree char *allowed = g_strjoinv (", ", (char **) values);
          g_autofree char *shown = rig_shown_text (text);

          return fail (ctx, where, _("“%s” is not one of: %s"), shown, allowed);
        }
      g_ptr_array_add (out, rig_text_sanitize (text));
    }
  return TRUE;
}

static gboolean
read_request_workloads (Ctx              *ctx,
                        RigSearchRequest *request,
                        JsonObject       *obj)
{
  JsonNode *node = json_object_get_member (obj, "workloads");
  JsonArray *array;

  if (node == NULL)
    return fail (ctx, "workloads", _("is missing"));
  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) == 0)
    return fail (ctx, "workloads", _("must be an array of at least one workload"));
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *path = g_strdup_printf ("workloads[%u]", i);
      double decode = NAN, prefill = NAN;

      if (!read_workload_members (ctx, request->base, element, i, request_workload_members) ||
          !get_number (ctx, json_node_get_object (element), "min_decode_tokens_per_s", path,
                       0.01, 1e6, &decode) ||
          !get_number (ctx, json_node_get_object (element), "min_prefill_tokens_per_s", path,
                       0.01, 1e7, &prefill))
        return FALSE;
      g_array_append_val (request->min_decode, decode);
      g_array_append_val (request->min_prefill, prefill);
    }
  return TRUE;
}

static gboolean
read_request_owned (Ctx              *ctx,
                    RigSearchRequest *request,
                    JsonObject       *obj)
{
  static const char * const known[] = { "id", "count", NULL };
  JsonNode *node = json_object_get_member (obj, "owned");
  JsonArray *array;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (ctx, "owned", _("must be an array, not %s"), rig_json_node_kind (node));
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *path = g_strdup_printf ("owned[%u]", i);
      const char *id;
      guint count = 1;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return fail (ctx, path, _("must be an object, not %s"), rig_json_node_kind (element));
      if (!check_members (ctx, json_node_get_object (element), path, known) ||
          !get_string (ctx, json_node_get_object (element), "id", path, TRUE, &id) ||
          !get_positive_int (ctx, json_node_get_object (element), "count", path,
                             RIG_BUILD_MAX_COUNT, &count))
        return FALSE;
      {
        g_autofree char *clean = rig_text_sanitize (id);

        rig_build_item_set_owned (rig_build_add_part (request->base, clean, count));
      }
    }
  return TRUE;
}

static gboolean
read_request_constraints (Ctx              *ctx,
                          RigSearchRequest *request,
                          JsonObject       *obj)
{
  RigSettings *s = &request->base->settings;
  g_autoptr(GPtrArray) used = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) families = g_ptr_array_new_with_free_func (g_free);
  const char *currency = NULL;
  double budget = NAN, rate = NAN, gpus = request->max_gpus;
  int circuit = s->circuit;

  if (!get_number (ctx, obj, "budget", "", 1, RIG_BUILD_MAX_PRICE * 100, &budget) ||
      !get_string (ctx, obj, "currency", "", FALSE, &currency) ||
      !get_number (ctx, obj, "usd_rate", "", 1e-6, 1e6, &rate) ||
      !get_string_list (ctx, obj, "used", NULL, used) ||
      !get_enum (ctx, obj, "circuit", "", rig_circuit_values (), rig_circuit_from_string,
                 &circuit) ||
      !get_string_list (ctx, obj, "families", rig_family_values (), families) ||
      !get_bool (ctx, obj, "small_form_factor", "", &request->small_form_factor) ||
      !get_number (ctx, obj, "max_gpus", "", 1, RIG_SEARCH_MAX_GPUS, &gpus) ||
      !get_number (ctx, obj, "max_wall_watts", "", 50, 100000, &request->max_wall_w) ||
      !get_string_list (ctx, obj, "exclude", NULL, request->exclude))
    return FALSE;
  if (gpus != floor (gpus))
    return fail (ctx, "max_gpus", _("must be a whole number"));
  request->max_gpus = (guint) gpus;
  s->circuit = circuit;
  if (currency != NULL)
    {
      if (strlen (currency) != 3 || !g_ascii_isupper (currency[0]) ||
          !g_ascii_isupper (currency[1]) || !g_ascii_isupper (currency[2]))
        {
          g_autofree char *shown = rig_shown_text (currency);
          return fail (ctx, "currency", _("“%s” is not an ISO 4217 code such as USD or EUR"),
                       shown);
        }
      g_strlcpy (s->currency, currency, sizeof s->currency);
    }
  /* Catalog prices are US dollars: another currency needs the rate to convert them with. */
  if (g_str_equal (s->currency, "USD"))
    request->base->market_usd_rate = 1;
  else if (isnan (rate))
    return fail (ctx, "usd_rate", _("is needed with a currency other than USD: units of %s a "
                                    "US dollar buys"), s->currency);
  else
    request->base->market_usd_rate = rate;
  if (!isnan (budget))
    request->budget_minor = (gint64) llround (budget * 100);
  for (guint i = 0; i < used->len; i++)
    {
      RigPartKind kind;

      if (!rig_part_kind_from_string (g_ptr_array_index (used, i), &kind))
        {
          g_autofree char *where = g_strdup_printf ("used[%u]", i);
          g_autofree char *shown = rig_shown_text (g_ptr_array_index (used, i));

          return fail (ctx, where, _("“%s” is not a part kind such as gpu or cpu"), shown);
        }
      request->used[kind] = TRUE;
    }
  if (families->len > 0)
    for (int f = 0; f < RIG_FAMILY_N; f++)
      request->families[f] = g_ptr_array_find_with_equal_func (families, rig_family_to_string (f),
                                                               g_str_equal, NULL);
  return TRUE;
}

RigSearchRequest *
rig_search_request_from_json (const char *data,
                              gssize      length,
                              GError    **error)
{
  static const char * const known[] = {
    "format", "version", "workloads", "budget", "currency", "usd_rate", "used", "circuit",
    "families", "small_form_factor", "max_gpus", "max_wall_watts", "owned", "exclude", NULL
  };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(RigSearchRequest) request = rig_search_request_new ();
  g_autoptr(GError) parse_error = NULL;
  Ctx ctx = { error, FALSE };
  JsonNode *root;
  JsonObject *obj;
  const char *format;
  double version = 0;

  if (!rig_json_parser_load (parser, data, length, &parse_error))
    {
      g_set_error (error, RIG_STORE_ERROR, RIG_STORE_ERROR_INVALID, "%s",
                   parse_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      fail (&ctx, "$", _("a request must be a JSON object"));
      return NULL;
    }
  obj = json_node_get_object (root);
  if (!check_members (&ctx, obj, "", known) ||
      !get_string (&ctx, obj, "format", "", TRUE, &format))
    return NULL;
  if (!g_str_equal (format, RIG_REQUEST_FILE_FORMAT))
    {
      g_autofree char *shown = rig_shown_text (format);
      fail (&ctx, "format", _("must be “%s” (it is “%s”)"), RIG_REQUEST_FILE_FORMAT, shown);
      return NULL;
    }
  if (!get_number (&ctx, obj, "version", "", 1, 1000, &version))
    return NULL;
  if (version > RIG_REQUEST_FILE_VERSION)
    {
      fail (&ctx, "version", _("this file was written by a newer Rigplan (version %g; this one "
                               "reads version %d)"), version, RIG_REQUEST_FILE_VERSION);
      return NULL;
    }
  if (!read_request_workloads (&ctx, request, obj) ||
      !read_request_owned (&ctx, request, obj) ||
      !read_request_constraints (&ctx, request, obj))
    return NULL;
  return g_steal_pointer (&request);
}

RigSearchRequest *
rig_search_request_file_load (const char *path,
                              GError    **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *base = g_path_get_basename (path);
  RigSearchRequest *request;
  gsize length;

  if (!rig_read_input_file (path, RIG_INPUT_FILE_MAX_BYTES, &contents, &length, &local))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (!(request = rig_search_request_from_json (contents, length, &local)))
    {
      g_set_error (error, local->domain, local->code, "%s: %s", base, local->message);
      return NULL;
    }
  return request;
}
