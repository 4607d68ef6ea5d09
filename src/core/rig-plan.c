/* rig-plan.c: the planning engine's entry point
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "rig-compat.h"
#include "rig-i18n.h"
#include "rig-plan.h"
#include "rig-printf.h"
#include "rig-speed.h"
#include "rig-text.h"

static const char *
workload_label (const RigWorkload *w,
                char              *buf,
                gsize              size)
{
  rig_snprintf (buf, size, "%s%s%s", w->model ? w->model->name : w->model_id,
                w->quant_id ? " " : "", w->quant_id ? w->quant_id : "");
  return buf;
}

/* Whether @g has int8 tensor cores whose rate the catalog lacks. */
static inline gboolean
gpu_lacks_int8_rate (const RigDevice *g)
{
  return g->int8_mma && !RIG_IS_KNOWN (g->int8_mma_tops);
}

/* Whether @g is an NVIDIA HBM card that lacks the integer rate its decode under llama.cpp is
 * bound by (RigDevice.int32_tops; Pascal's own costs stand apart). */
static inline gboolean
gpu_lacks_int32_rate (const RigDevice *g)
{
  return g->cls == RIG_DEVICE_CLASS_NVIDIA_HBM && !g->pascal && !RIG_IS_KNOWN (g->int32_tops);
}

/* Whether a GPU that runs part of @r has int8 tensor cores whose rate the catalog lacks. */
static gboolean
lacks_int8_rate (const RigDeviceSet      *d,
                 const RigWorkloadResult *r)
{
  for (guint i = 0; i < d->n_gpus && i < r->n_devices; i++)
    if (r->compute_share[i] > 0 && gpu_lacks_int8_rate (&d->gpus[i]))
      return TRUE;
  return FALSE;
}

/* Whether an NVIDIA HBM card that runs part of @r lacks its integer rate
 * (gpu_lacks_int32_rate ()). */
static gboolean
lacks_int32_rate (const RigDeviceSet      *d,
                  const RigWorkloadResult *r)
{
  for (guint i = 0; i < d->n_gpus && i < r->n_devices; i++)
    if (r->compute_share[i] > 0 && gpu_lacks_int32_rate (&d->gpus[i]))
      return TRUE;
  return FALSE;
}

static void
evaluate_workloads (const RigBuild *build,
                    RigReport      *report)
{
  const RigDeviceSet *d = &report->devices;
  gboolean pipelined = FALSE;  /* a workload's prompt may run faster pipelined (speed.pipeline) */
  double pipeline_gain = 1.0;  /* the most it may gain, and over how many GPUs */
  guint pipeline_gpus = 0;
  /* Whether any GPU lacks a rate that lacks_int8_rate () or lacks_int32_rate () asks for: only
   * then are the workloads' shares of each GPU looked at. */
  gboolean int8_gap = FALSE, int32_gap = FALSE;

  for (guint i = 0; i < d->n_gpus; i++)
    {
      int8_gap |= gpu_lacks_int8_rate (&d->gpus[i]);
      int32_gap |= gpu_lacks_int32_rate (&d->gpus[i]);
    }

  g_array_set_size (report->workloads, build->workloads->len);
  for (guint i = 0; i < build->workloads->len; i++)
    {
      const RigWorkload *w = g_ptr_array_index (build->workloads, i);
      RigWorkloadResult *r = &g_array_index (report->workloads, RigWorkloadResult, i);
      char label[160];  /* a full plan's words; a lean one's findings carry none */
      g_autoptr(GString) fixes = NULL;

      label[0] = '\0';
      if (report->lean)
        {
          RigWorkloadMemo *memo;

          if (i >= report->memos->len)
            g_ptr_array_add (report->memos, rig_workload_memo_new ());
          memo = g_ptr_array_index (report->memos, i);
          rig_memory_evaluate_memo (w, d, memo, r);
          rig_speed_evaluate_memo (w, d, memo, r);
        }
      else
        {
          rig_memory_evaluate (w, d, r);
          rig_speed_evaluate (w, d, w->context, w->context, r);
        }
      if (!report->lean)
        {
          workload_label (w, label, sizeof label);
          fixes = g_string_new (NULL);
          for (guint k = 0; k < r->n_suggestions; k++)
            {
              g_autofree char *fix = rig_suggestion_describe (&r->suggestions[k]);
              g_string_append_printf (fixes, "%s%s", k ? "; " : "", fix);
            }
        }

      switch (r->fit)
        {
        case RIG_FIT_NONE:
          if (fixes != NULL && fixes->len > 0)
            rig_report_add_finding (report, RIG_SEVERITY_ERROR, RIG_AREA_MEMORY, "memory.does-not-fit",
                                    /* Translators: the first %s is a model and its quantization
                                     * (“Llama 3.1 70B Q4_K_M”), the second the reason it does not
                                     * fit, the third the nearest changes that make it fit (“fits
                                     * with a q8_0 KV cache; fits with a context of 65536 tokens”) */
                                    _("%s does not fit: %s. Nearest changes: %s."), label, r->reason,
                                    fixes->str);
          else
            rig_report_add_finding (report, RIG_SEVERITY_ERROR, RIG_AREA_MEMORY, "memory.does-not-fit",
                                    /* Translators: the first %s is a model and its quantization
                                     * (“Llama 3.1 70B Q4_K_M”), the second the reason it does not fit */
                                    _("%s does not fit: %s. Use a smaller quantization or context, or "
                                      "add GPU memory."), label, r->reason);
          break;
        case RIG_FIT_OFFLOAD:
          rig_report_add_finding (report, RIG_SEVERITY_WARNING, RIG_AREA_MEMORY, "memory.offload",
                                  /* Translators: the first %s is a model and its quantization
                                   * (“Llama 3.1 70B Q4_K_M”), the second how much is offloaded */
                                  _("%s runs partly from system memory: %s. Decode slows to the "
                                    "speed of system memory for that part."), label, r->reason);
          if (fixes != NULL && fixes->len > 0)
            rig_report_add_finding (report, RIG_SEVERITY_INFO, RIG_AREA_MEMORY, "memory.fits-with",
                                    /* Translators: the first %s is a model and its quantization
                                     * (“Llama 3.1 70B Q4_K_M”), the second the nearest changes that
                                     * put it on the GPUs whole (“fits with flash attention on”) */
                                    _("%s would run on the GPUs alone: %s."), label, fixes->str);
          break;
        case RIG_FIT_CPU:
          rig_report_add_finding (report, RIG_SEVERITY_WARNING, RIG_AREA_MEMORY, "memory.cpu-only",
                                  /* Translators: the first %s is a model and its quantization
                                   * (“Llama 3.1 70B Q4_K_M”), the second the memory it uses */
                                  _("%s runs on the CPU only: %s."), label, r->reason);
          break;
        case RIG_FIT_UNKNOWN:
          rig_report_add_not_checked (report, RIG_AREA_MEMORY,
                                      /* Translators: the first %s is a model and its quantization
                                       * (“Llama 3.1 70B Q4_K_M”), the second why its memory is not
                                       * checked */
                                      _("%s: %s."), label, r->reason);
          break;
        case RIG_FIT_GPU:
        default:
          break;
        }

      if (w->model && RIG_IS_KNOWN (w->model->context_max) && w->context > w->model->context_max)
        rig_report_add_finding (report, RIG_SEVERITY_WARNING, RIG_AREA_MEMORY,
                                "memory.context-too-long",
                                /* Translators: %s is a model and its quantization (“Llama 3.1 70B
                                 * Q4_K_M”), %u the workload's context in tokens, %.0f the model's
                                 * longest context */
                                _("%s: a context of %u tokens is longer than the %.0f the model "
                                  "was trained for."), label, w->context, w->model->context_max);
      if (w->quant == NULL)
        rig_report_add_finding (report, RIG_SEVERITY_INFO, RIG_AREA_MEMORY, "memory.no-quant",
                                /* Translators: %s is a model's name */
                                _("%s: no quantization given; 16-bit weights are assumed."), label);
      if (w->mode != RIG_MODE_INFERENCE && w->quant &&
          (rig_quant_format (w->quant) == RIG_QUANT_FORMAT_GGUF ||
           rig_quant_format (w->quant) == RIG_QUANT_FORMAT_GGUF_FLOAT))
        rig_report_add_finding (report, RIG_SEVERITY_ERROR, RIG_AREA_MEMORY, "memory.train-gguf",
                                /* Translators: %s is a model and its quantization (“Llama 3.1 70B
                                 * Q4_K_M”) */
                                _("%s: fine-tuning needs 16-bit weights (or bitsandbytes 4-bit for "
                                  "QLoRA), not a GGUF quantization."), label);
      /* llama.cpp's -sm tensor needs FlashAttention and an unquantized KV cache (docs/multi-gpu.md,
       * PR #22729; issue #21788 asks for quantized caches). */
      if (w->mode == RIG_MODE_INFERENCE && r->runtime == RIG_RUNTIME_LLAMA_CPP && w->split == RIG_SPLIT_TENSOR &&
          r->tensor_parallel && (w->kv_cache != RIG_KV_CACHE_F16 || !w->flash_attention))
        rig_report_add_finding (report, RIG_SEVERITY_WARNING, RIG_AREA_MEMORY, "memory.tensor-split-needs",
                                /* Translators: %s is a model and its quantization (“Llama 3.1 70B
                                 * Q4_K_M”) */
                                _("%s: llama.cpp's tensor split (-sm tensor) needs flash attention and "
                                  "an f16 KV cache; with these settings choose layer split."), label);
      if (w->model && !rig_model_is_llm (w->model))
        rig_report_add_not_checked (report, RIG_AREA_MEMORY,
                                    /* Translators: the first %s is a model and its quantization
                                     * (“Llama 3.1 70B Q4_K_M”), the second the catalog's kind of
                                     * model (“diffusion”, “asr”), left untranslated */
                                    _("%s: activation memory and speed of %s models are not "
                                      "modelled; only the weights are counted."), label,
                                    w->model->modality);

      if (r->fit == RIG_FIT_GPU || r->fit == RIG_FIT_OFFLOAD || r->fit == RIG_FIT_CPU)
        {
          if (w->mode == RIG_MODE_INFERENCE && isnan (r->decode_tokens_per_s))
            rig_report_add_not_checked (report, RIG_AREA_SPEED,
                                        /* Translators: %s is a model and its quantization
                                         * (“Llama 3.1 70B Q4_K_M”) */
                                        _("%s: decode speed needs the memory bandwidth of every "
                                          "device it runs on."), label);
          if (w->mode == RIG_MODE_INFERENCE && isnan (r->prefill_tokens_per_s))
            rig_report_add_not_checked (report, RIG_AREA_SPEED,
                                        /* Translators: %s is a model and its quantization
                                         * (“Llama 3.1 70B Q4_K_M”) */
                                        _("%s: prefill speed needs the FP16/BF16 dense tensor "
                                          "TFLOPS of every device it runs on (for a CPU, its cores "
                                          "and boost clock), which the catalog lacks here."), label);
          if (w->mode == RIG_MODE_INFERENCE && r->runtime == RIG_RUNTIME_LLAMA_CPP && w->quant &&
              rig_quant_format (w->quant) == RIG_QUANT_FORMAT_GGUF && int8_gap && lacks_int8_rate (d, r))
            rig_report_add_not_checked (report, RIG_AREA_SPEED,
                                        /* Translators: %s is a model and its quantization
                                         * (“Llama 3.1 70B Q4_K_M”) */
                                        _("%s: prefill on llama.cpp's int8 tensor-core kernels needs "
                                          "each GPU's INT8 dense tensor rate, which the catalog lacks; "
                                          "its FP16 rate stands in."), label);
          if (w->mode == RIG_MODE_INFERENCE && r->runtime == RIG_RUNTIME_LLAMA_CPP && w->quant &&
              rig_quant_format (w->quant) == RIG_QUANT_FORMAT_GGUF && isfinite (r->decode_tokens_per_s) &&
              int32_gap && lacks_int32_rate (d, r))
            rig_report_add_not_checked (report, RIG_AREA_SPEED,
                                        /* Translators: %s is a model and its quantization
                                         * (“Llama 3.1 70B Q4_K_M”) */
                                        _("%s: on a data-centre GPU llama.cpp's decode is bound by "
                                          "unpacking the quantized weights at the GPU's integer rate, "
                                          "which needs its FP32 TFLOPS; the catalog lacks them, so "
                                          "the decode speed counts the memory reads alone and may "
                                          "be high."), label);
          if (w->mode == RIG_MODE_INFERENCE && r->row_split && d->n_gpus > 0 &&
              !RIG_IS_KNOWN (d->gpus[0].link_gbps))
            rig_report_add_not_checked (report, RIG_AREA_SPEED,
                                        /* Translators: %s is a model and its quantization
                                         * (“Llama 3.1 70B Q4_K_M”) */
                                        _("%s: row split's trips over the first GPU's link are "
                                          "left out of its speed: the catalog lacks that GPU's PCIe "
                                          "generation or PCIe lanes."), label);
          else if (w->mode == RIG_MODE_INFERENCE && r->tensor_parallel && r->runtime == RIG_RUNTIME_LLAMA_CPP &&
                   d->n_gpus > 0 && !RIG_IS_KNOWN (d->gpus[0].link_gbps))
            rig_report_add_not_checked (report, RIG_AREA_SPEED,
                                        /* Translators: %s is a model and its quantization
                                         * (“Llama 3.1 70B Q4_K_M”) */
                                        _("%s: tensor split's all-reduces of a prompt over the GPUs' "
                                          "links are left out of its prefill speed: the catalog lacks "
                                          "the first GPU's PCIe generation or PCIe lanes."), label);
          /* Community runs of the same Qwen3.5-architecture model on August 2026 llama.cpp
           * builds decode from 4 % (RTX 4090) to 49 % (a day-one RTX 3090 build) below the plan,
           * and a newer build gained 33 % on the same card (sudoingX/qwen38-mtp README,
           * tests/fixtures/calibration.csv group "h"). */
          if (w->mode == RIG_MODE_INFERENCE && r->runtime == RIG_RUNTIME_LLAMA_CPP && w->model &&
              rig_model_linear_attention_layers (w->model) > 0 &&
              isfinite (r->decode_tokens_per_s))
            rig_report_add_finding (report, RIG_SEVERITY_INFO, RIG_AREA_SPEED, "speed.young-kernels",
                                    /* Translators: %s is a model and its quantization (“Qwen3.6
                                     * 27B Q4_K_M”) */
                                    _("%s: llama.cpp's linear-attention kernels are new and change "
                                      "from build to build; community runs of 2026 builds decode "
                                      "up to a third below this plan. Use a current build."),
                                    label);
          /* Measured prompts of a few models run below the plan on NVIDIA's GeForce,
           * workstation and V100 cards by more than its kernel rates explain: said with the
           * range, and the speeds it gives here, which the speed module set where it applies
           * (rig_speed_cuda_prompt_range ()). */
          if (!report->lean && isfinite (r->prefill_tokens_per_s_measured[0]))
            {
              int low, high;

              if (rig_speed_cuda_prompt_shortfall (w->model_id, &low, &high))
                rig_report_add_finding (report, RIG_SEVERITY_INFO, RIG_AREA_SPEED,
                                        "speed.cuda-prompt",
                                        /* Translators: the first %s is a model and its
                                         * quantization (“gpt-oss 20B MXFP4”), each %d a
                                         * percentage, the second %s what the runs were (“one run
                                         * on an RTX PRO 6000 with a build of August 2025”), each
                                         * %.0f a speed in tokens/s; llama.cpp is a name */
                                        _("%s: measured runs of this model on NVIDIA's GeForce, "
                                          "workstation and V100 cards with llama.cpp prefilled %d to "
                                          "%d %% slower than this plan gives (%s), for reasons "
                                          "its kernel rates do not capture: expect prompts at "
                                          "about %.0f to %.0f tokens/s here rather than %.0f."),
                                        label, low, high, rig_speed_cuda_prompt_measured (w->model_id),
                                        r->prefill_tokens_per_s_measured[0],
                                        r->prefill_tokens_per_s_measured[1], r->prefill_tokens_per_s);
            }
          /* On AMD cards llama.cpp's ROCm backend decodes a linear-attention mixture of experts
           * at RIG_LLAMACPP_AMD_ROCM_HYBRID_MOE_DECODE_SHARE of its Vulkan backend's speed, which
           * the plan gives (calibration.csv group "hr"). */
          if (!report->lean && w->mode == RIG_MODE_INFERENCE &&
              r->runtime == RIG_RUNTIME_LLAMA_CPP && w->model && rig_model_is_moe (w->model) &&
              rig_model_linear_attention_layers (w->model) > 0 && d->n_gpus > 0 &&
              d->gpus[0].amd && d->gpus[0].cls == RIG_DEVICE_CLASS_OTHER_GPU &&
              r->fit != RIG_FIT_CPU && isfinite (r->decode_tokens_per_s))
            {
              int rocm_pct = (int) lround (100 * RIG_LLAMACPP_AMD_ROCM_HYBRID_MOE_DECODE_SHARE);

              rig_report_add_finding (report, RIG_SEVERITY_INFO, RIG_AREA_SPEED,
                                      "speed.amd-backend",
                                      /* Translators: %s is a model and its quantization
                                       * (“Qwen3.6 35B-A3B Q4_K_M”), %d a percentage; Vulkan
                                       * and ROCm are names */
                                      _("%s: on AMD cards llama.cpp decodes this model faster "
                                        "with its Vulkan backend, whose speed the plan gives; "
                                        "2026 runs with ROCm decoded it at about %d %% of that."),
                                      label, rocm_pct);
            }
          /* llama.cpp's CPU backend reads a prompt in Q4_0, which it repacks for its fastest
           * kernels, about twice as fast as in Q6_K or the 5-bit K-quants, and faster still than
           * in the 2- and 3-bit i-quants (rig_speed_cpu_prompt_factor (): Qwen2.5-7B on a Ryzen 9
           * 9950X3D at 230 and 110 tokens/s in Q4_0 and Q6_K); decode follows the bytes either
           * way. Said where the prompt runs on the CPU at RIG_CPU_PROMPT_SLOW_KERNELS of Q4_0's
           * rate or less, for the types measured. */
          if (!report->lean && w->mode == RIG_MODE_INFERENCE && r->runtime == RIG_RUNTIME_LLAMA_CPP &&
              r->fit == RIG_FIT_CPU && isfinite (r->prefill_tokens_per_s))
            {
              double factor = rig_speed_cpu_prompt_factor (w->quant_id);

              if (isfinite (factor) && factor <= RIG_CPU_PROMPT_SLOW_KERNELS)
                rig_report_add_finding (report, RIG_SEVERITY_INFO, RIG_AREA_SPEED,
                                        "speed.cpu-prompt-quant",
                                        /* Translators: %s is a model and its quantization
                                         * (“Qwen2.5 7B Q6_K”), %d a percentage; Q4_0 is a
                                         * quantization's name */
                                        _("%s: on a CPU, llama.cpp reads prompts in this "
                                          "quantization at about %d %% of its speed in Q4_0, "
                                          "which it repacks for its fastest kernels. Decode speed "
                                          "follows the file's size either way."),
                                        label, (int) lround (factor * 100));
            }
          /* transformers' and LitGPT's generate () wait on Python launching each kernel, at the
           * pace of the processor's single-thread rating (rig_speed_eager_layer_ms ()); without
           * one the plan takes the median host measured (RIG_TRANSFORMERS_EAGER_MS_PER_LAYER),
           * where the RTX 4090 host of bitsandbytes' benchmarking README runs about twice as
           * fast (tests/fixtures/calibration.csv regime 11). */
          if (!report->lean && w->mode == RIG_MODE_INFERENCE &&
              r->decode_bound == RIG_SPEED_BOUND_FRAMEWORK &&
              rig_runtime_is_eager (r->runtime))
            {
              const RigPart *cpu = rig_build_find (build, RIG_PART_CPU, NULL);

              if (cpu != NULL && RIG_IS_KNOWN (d->host.single_thread))
                rig_report_add_finding (report, RIG_SEVERITY_INFO, RIG_AREA_SPEED,
                                        "speed.eager-host",
                                        /* Translators: the first %s is a model and its
                                         * quantization (“Llama 3.1 8B NF4”), the second a
                                         * processor (“AMD Ryzen 9 9950X”), each %.2f
                                         * milliseconds; generate () and CUDA graphs are names */
                                        _("%s: generate () waits on Python launching each kernel "
                                          "from the CPU, so its decode speed follows the "
                                          "processor's speed on one core: on the %s, about %.2f ms "
                                          "a layer, where a typical host takes %.2f; a processor "
                                          "with twice its single-thread rating would take half. "
                                          "Runtimes that replay CUDA graphs (llama.cpp, vLLM) are "
                                          "not held back this way."),
                                        label, cpu->name, rig_speed_eager_layer_ms (d),
                                        RIG_TRANSFORMERS_EAGER_MS_PER_LAYER);
              else
                rig_report_add_finding (report, RIG_SEVERITY_INFO, RIG_AREA_SPEED,
                                        "speed.eager-host",
                                        /* Translators: %s is a model and its quantization
                                         * (“Llama 3.1 8B NF4”), %.2f milliseconds; generate ()
                                         * and CUDA graphs are names */
                                        _("%s: generate () waits on Python launching each kernel "
                                          "from the CPU, so its decode speed follows the "
                                          "processor's speed on one core. Without a processor "
                                          "the plan can rate, it takes a typical host, %.2f ms a "
                                          "layer: a fast desktop processor can run it up to twice "
                                          "as fast, a slow server core at half the speed. "
                                          "Runtimes that replay CUDA graphs (llama.cpp, vLLM) are "
                                          "not held back this way."),
                                        label, RIG_TRANSFORMERS_EAGER_MS_PER_LAYER);
            }
          /* transformers' default cache is copied whole every step
           * (RIG_TRANSFORMERS_KV_COPY_PASSES, and repeat_kv's copies: transformers_kv_copy_passes
           * () in rig-speed.c): said where, with the context full, the copies take a quarter of
           * the step or more, with what avoids them. */
          if (!report->lean && w->mode == RIG_MODE_INFERENCE &&
              r->runtime == RIG_RUNTIME_TRANSFORMERS && r->decode_cache_copy_share >= 0.25)
            rig_report_add_finding (report, RIG_SEVERITY_INFO, RIG_AREA_SPEED, "speed.cache-copies",
                                    /* Translators: %s is a model and its quantization (“Llama 3.1
                                     * 8B BF16”), %.0f %% a share of the time; DynamicCache,
                                     * cache_implementation="static" and vLLM are names */
                                    _("%s: transformers copies its KV cache every step (it grows "
                                      "it by concatenation, and under a padded batch's mask copies "
                                      "grouped KV heads out to their query heads), which takes "
                                      "about %.0f %% of each step with the context full. A serving "
                                      "runtime such as vLLM reads the cache in place; a static "
                                      "cache (cache_implementation=\"static\") avoids the "
                                      "concatenation."),
                                    label, 100 * r->decode_cache_copy_share);
          /* Under transformers, GPTQ's exllama kernels multiply several sequences' tokens on
           * paths the plan does not model (exllama v1 unpacks the weights from 8 rows, v2
           * multiplies up to 50 in its own kernel): optimum-benchmark's running-llamas,
           * -mistrals and -vicunas artifacts (@c8bbe4e and @014c97e, one A100 SXM4 80GB host,
           * transformers 4.34 to 4.35.2; docs/measurements/speed.csv) decode LLaMA 7B and 13B,
           * Mistral 7B and Vicuna 7B at batches of 4 to 32 at 0.53 to 0.95 of the plan with v1,
           * transformers' default, and at 16 and 32 at 0.67 to 0.71 with v2; one sequence at the
           * plan's pace. */
          if (!report->lean && w->mode == RIG_MODE_INFERENCE &&
              r->runtime == RIG_RUNTIME_TRANSFORMERS && w->batch > 1 && w->quant != NULL &&
              rig_str_is (w->quant->format, "gptq") && isfinite (r->decode_tokens_per_s))
            rig_report_add_finding (report, RIG_SEVERITY_INFO, RIG_AREA_SPEED, "speed.gptq-batch",
                                    /* Translators: %s is a model and its quantization (“Llama 2
                                     * 13B GPTQ-4bit”); GPTQ and exllama are names */
                                    _("%s: decoding several sequences at once, GPTQ's exllama "
                                      "kernels run slower than this plan gives: A100 runs of 7B "
                                      "and 13B models under transformers decoded batches of 4 to "
                                      "32 at about half to all of it with exllama v1, "
                                      "transformers' default, and about two thirds with v2."),
                                    label);
          /* A draft pays off when its steps cost little beside the model's and the model keeps
           * most of what it drafts; one that does not slows decode (a 0.5B draft made an RTX 5060
           * Ti decode a 7B model at 0.27 times its speed: InventiveHQ/local-llm-benchmarks,
           * experiments/speculative-decoding/results/data.json). Said as a warning, with what to
           * change. */
          if (w->mode == RIG_MODE_INFERENCE && rig_speed_draft_slows (r))
            rig_report_add_finding (report, RIG_SEVERITY_WARNING, RIG_AREA_SPEED,
                                    "speed.draft-slower",
                                    /* Translators: the first %s is a model and its quantization
                                     * (“Llama 3.1 70B Q4_K_M”), the second the draft model's
                                     * name; %.0f %% is how much slower decode is with it */
                                    _("%s: decode is %.0f %% slower with %s drafting than without "
                                      "it: drafting and checking its tokens take longer than the "
                                      "tokens it gets right save. Choose a smaller draft, let it "
                                      "draft fewer tokens a step, or plan without one."),
                                    label, 100 * (1 - r->speculative_speedup),
                                    w->draft_model ? w->draft_model->name : w->draft_model_id);
          /* llama.cpp runs each expert over its share of a ubatch's tokens (rig-speed.c,
           * prefill_seconds_per_token ()): a larger -ub gives every expert more of them, which
           * its kernels run faster, for a larger compute buffer. Said where it fits and gains a
           * fifth or more; not on Metal, whose expert kernels do not show it, not where measured
           * prompts run below the plan (prefill_tokens_per_s_measured: gpt-oss-20b's on an RTX 4090
           * ran 4 % slower at -ub 2048 than at 1024, where the plan gains 11 %), and not in a
           * lean plan, which writes no words. */
          if (!report->lean && w->mode == RIG_MODE_INFERENCE && r->runtime == RIG_RUNTIME_LLAMA_CPP &&
              r->fit == RIG_FIT_GPU && w->model && rig_model_is_moe (w->model) &&
              isnan (r->prefill_tokens_per_s_measured[0]) &&
              rig_workload_ubatch (w) < RIG_LLAMACPP_MOE_UBATCH &&
              w->context >= 2 * rig_workload_ubatch (w) &&
              d->n_gpus > 0 && d->gpus[0].cls != RIG_DEVICE_CLASS_APPLE && isfinite (r->prefill_tokens_per_s))
            {
              RigWorkload wide = *w;
              RigWorkloadResult probe;
              double share = w->model->experts_active / w->model->experts;

              wide.ubatch = MIN (RIG_LLAMACPP_MOE_UBATCH, w->context);
              rig_memory_evaluate_lean (&wide, d, &probe);
              if (probe.fit == RIG_FIT_GPU)
                {
                  double more = probe.used_bytes[0] > r->used_bytes[0]
                                  ? (double) (probe.used_bytes[0] - r->used_bytes[0]) / RIG_GIB : 0;

                  rig_speed_evaluate (&wide, d, wide.context, wide.context, &probe);
                  /* Nor where measured prompts at the larger ubatch ran below the plan
                   * (gpt-oss-120b on one RTX PRO 6000 at -ub 2048: 5,518 tokens/s where the plan
                   * gives 13,204). */
                  if (probe.prefill_tokens_per_s >= 1.2 * r->prefill_tokens_per_s &&
                      isnan (probe.prefill_tokens_per_s_measured[0]))
                    rig_report_add_finding (report, RIG_SEVERITY_INFO, RIG_AREA_SPEED, "speed.moe-ubatch",
                                            /* Translators: %s is a model and its quantization
                                             * (“gpt-oss-120b MXFP4”), %u a ubatch size in tokens
                                             * (-ub is llama.cpp's option), the %.0f a number of
                                             * tokens and two speeds in tokens/s, %.1f a size in GiB */
                                            _("%s: llama.cpp runs each expert over its share of a "
                                              "batch's tokens. With -ub %u each gets %.0f instead of "
                                              "%.0f and the prompt runs at about %.0f tokens/s instead "
                                              "of %.0f, for %.1f GiB more on the first GPU."),
                                            label, wide.ubatch, wide.ubatch * share,
                                            rig_workload_ubatch (w) * share, probe.prefill_tokens_per_s,
                                            r->prefill_tokens_per_s, more);
                }
            }
          /* It copies them once a ubatch: a larger one copies them less often, for a larger
           * compute buffer on the first GPU, which can move more of the model to system memory.
           * Said where that still runs and prefills a fifth faster or more; a lean plan works it
           * out too, as it must give the same codes. */
          if (w->mode == RIG_MODE_INFERENCE && r->runtime == RIG_RUNTIME_LLAMA_CPP &&
              r->fit == RIG_FIT_OFFLOAD && r->host_stream_bytes > 0 &&
              r->prefill_bound == RIG_SPEED_BOUND_PCIE && d->n_gpus > 0 && !d->unified &&
              rig_workload_ubatch (w) < RIG_LLAMACPP_OFFLOAD_UBATCH &&
              w->context >= 2 * rig_workload_ubatch (w) && isfinite (r->prefill_tokens_per_s))
            {
              RigWorkload wide = *w;
              RigWorkloadResult probe;

              wide.ubatch = MIN (RIG_LLAMACPP_OFFLOAD_UBATCH, w->context);
              rig_memory_evaluate_lean (&wide, d, &probe);
              if (probe.fit == RIG_FIT_OFFLOAD)
                {
                  rig_speed_evaluate (&wide, d, wide.context, wide.context, &probe);
                  if (probe.prefill_tokens_per_s >= 1.2 * r->prefill_tokens_per_s)
                    rig_report_add_finding (report, RIG_SEVERITY_INFO, RIG_AREA_SPEED,
                                            "speed.offload-ubatch",
                                            /* Translators: %s is a model and its quantization
                                             * (“gpt-oss-120b MXFP4”), %u a ubatch size in tokens
                                             * (-ub is llama.cpp's option), the other %u numbers
                                             * of tokens, the %.0f two speeds in tokens/s, %.1f a
                                             * size in GiB */
                                            _("%s: llama.cpp copies what it keeps in system "
                                              "memory to the GPU once for each batch of a prompt. "
                                              "With -ub %u it does so every %u tokens instead of "
                                              "%u, and the prompt runs at about %.0f tokens/s "
                                              "instead of %.0f; its larger compute buffer puts "
                                              "%.1f GiB more in system memory."),
                                            label, wide.ubatch, wide.ubatch,
                                            rig_workload_ubatch (w), probe.prefill_tokens_per_s,
                                            r->prefill_tokens_per_s,
                                            probe.used_bytes[d->n_gpus] > r->used_bytes[d->n_gpus]
                                              ? (double) (probe.used_bytes[d->n_gpus] -
                                                          r->used_bytes[d->n_gpus]) / RIG_GIB
                                              : 0.0);
                }
            }
          /* llama.cpp counts the output layer among -ngl's and puts it on the GPUs first (PR
           * #18148, December 2025): -ngl set to the model's layer count, as guides written before
           * then give for all of them, leaves one layer in system memory. Said where one more puts
           * the whole model on the GPUs; a lean plan works it out too, for the same codes. */
          if (w->mode == RIG_MODE_INFERENCE && r->runtime == RIG_RUNTIME_LLAMA_CPP &&
              r->fit == RIG_FIT_OFFLOAD && w->model != NULL && RIG_IS_KNOWN (w->model->layers) &&
              w->gpu_layers == (int) rig_memory_llamacpp_layers (w) && w->cpu_moe_layers == 0 &&
              !w->llamacpp_ngl_layers_first)
            {
              RigWorkload all = *w;
              RigWorkloadResult probe;

              all.gpu_layers = w->gpu_layers + 1;
              rig_memory_evaluate_lean (&all, d, &probe);
              if (probe.fit == RIG_FIT_GPU)
                {
                  if (!report->lean)
                    rig_speed_evaluate (&all, d, all.context, all.context, &probe);
                  rig_report_add_finding (report, RIG_SEVERITY_INFO, RIG_AREA_SPEED,
                                          "speed.ngl-all",
                                          /* Translators: %s is a model and its quantization
                                           * (“Llama 3.1 8B Q4_K_M”), the %d numbers of layers
                                           * (-ngl is llama.cpp's option), the %.1f two speeds
                                           * in tokens/s */
                                          _("%s: llama.cpp counts the output layer among -ngl's "
                                            "layers and puts it on the GPUs first, so -ngl %d "
                                            "leaves one of the model's %d layers in system "
                                            "memory. -ngl %d puts them all on the GPUs: decode at "
                                            "about %.1f tokens/s instead of %.1f."),
                                          label, w->gpu_layers, (int) w->model->layers,
                                          all.gpu_layers,
                                          report->lean ? NAN : probe.decode_tokens_per_s,
                                          r->decode_tokens_per_s);
                }
            }
          /* llama.cpp copies what it keeps in system memory to the first GPU for each ubatch of
           * a prompt; from the model file's mapped pages, its default, slower than from the
           * pinned memory --no-mmap loads them into (rig-speed.c, host_copy_efficiency ()). Said
           * where the copies take most of a prompt's time, which --no-mmap then speeds up by a
           * fifth or more; a lean plan, which writes no words, needs only that. */
          if (w->mode == RIG_MODE_INFERENCE && r->runtime == RIG_RUNTIME_LLAMA_CPP &&
              r->fit == RIG_FIT_OFFLOAD && w->mmap && r->host_stream_bytes > 0 &&
              r->prefill_bound == RIG_SPEED_BOUND_PCIE && isfinite (r->prefill_tokens_per_s))
            {
              RigWorkload pinned = *w;
              RigWorkloadResult probe;

              pinned.mmap = FALSE;
              if (!report->lean)
                {
                  rig_memory_evaluate_lean (&pinned, d, &probe);
                  rig_speed_evaluate (&pinned, d, pinned.context, pinned.context, &probe);
                }
              rig_report_add_finding (report, RIG_SEVERITY_INFO, RIG_AREA_SPEED, "speed.no-mmap",
                                      r->host_stream_expert_bytes > 0
                                        /* Translators: %s is a model and its quantization
                                         * (“gpt-oss-120b MXFP4”), %u a number of tokens, %.1f a
                                         * size in GiB, the %.0f two speeds in tokens/s;
                                         * --no-mmap is llama.cpp's option */
                                        ? _("%s: for every %u tokens of a prompt, llama.cpp "
                                            "copies the experts those tokens use of the %.1f GiB "
                                            "it keeps in system memory to the GPU, from the model "
                                            "file's mapped pages. Started with --no-mmap it loads "
                                            "them into pinned memory, which the GPU copies from "
                                            "faster: prompts at about %.0f tokens/s instead of "
                                            "%.0f.")
                                        /* Translators: as above, for layers instead of experts */
                                        : _("%s: for every %u tokens of a prompt, llama.cpp "
                                            "copies the %.1f GiB of layers it keeps in system "
                                            "memory to the GPU, from the model file's mapped "
                                            "pages. Started with --no-mmap it loads them into "
                                            "pinned memory, which the GPU copies from faster: "
                                            "prompts at about %.0f tokens/s instead of %.0f."),
                                      label, MIN (rig_workload_ubatch (w), w->context),
                                      r->host_stream_bytes / RIG_GIB,
                                      report->lean ? NAN : probe.prefill_tokens_per_s,
                                      r->prefill_tokens_per_s);
            }
          /* Over three or more GPUs split by layers, llama.cpp's pipeline could overlap more of
           * a long prompt's ubatches than the two cards at a time the plan takes
           * (rig_speed_pipeline_gain () against rig_speed_pipeline_overlap ()): at least 1.25
           * times the planned speed, two ubatches over three cards, above the 15 % median error
           * the prompt speeds are held to. The most for any workload is said once, below; a lean
           * plan needs only that it can. */
          if (w->mode == RIG_MODE_INFERENCE && r->runtime == RIG_RUNTIME_LLAMA_CPP &&
              r->fit == RIG_FIT_GPU && !d->unified && r->gpus_used >= 3 && !r->tensor_parallel &&
              !r->row_split && w->context > rig_workload_ubatch (w) &&
              isfinite (r->prefill_tokens_per_s))
            {
              double gain = report->lean ? 1.0
                                         : rig_speed_pipeline_gain (r->gpus_used, w->context,
                                                                    rig_workload_ubatch (w)) /
                                             rig_speed_pipeline_overlap (r->gpus_used, w->context,
                                                                         rig_workload_ubatch (w));

              pipelined = TRUE;
              if (gain > pipeline_gain)
                {
                  pipeline_gain = gain;
                  pipeline_gpus = r->gpus_used;
                }
            }
          /* A model loaded before DeepSpeed is configured keeps every layer's gathered weights
           * until the backward pass (rig-memory.c training_terms; the Trainer runs of
           * tests/fixtures/memory-calibration.csv group "deepspeed zero3" did): the plan, which
           * takes zero.Init, says how much more that is on each GPU. */
          if (w->mode != RIG_MODE_INFERENCE && r->runtime == RIG_RUNTIME_TRANSFORMERS &&
              w->zero_init && !w->gradient_checkpointing && r->gpus_used > 1 && r->fit == RIG_FIT_GPU &&
              (w->sharding == RIG_SHARDING_ZERO3 || w->sharding == RIG_SHARDING_AUTO))
            {
              RigWorkload outside = *w;
              RigWorkloadResult probe;

              outside.zero_init = FALSE;
              /* Its total and fit only: no fixes searched, no reason written. */
              rig_memory_evaluate_lean (&outside, d, &probe);
              if (probe.used_bytes[0] > r->used_bytes[0])
                rig_report_add_finding (report, RIG_SEVERITY_INFO, RIG_AREA_MEMORY,
                                        "memory.zero3-without-zero-init",
                                        /* Translators: %s is a model and its quantization
                                         * (“Llama 3 8B BF16”), %.1f a size in GiB; zero.Init,
                                         * from_pretrained and TrainingArguments are names in
                                         * DeepSpeed's and transformers' code */
                                        _("%s: this plan takes DeepSpeed's zero.Init. A model "
                                          "loaded with from_pretrained before the "
                                          "TrainingArguments name the DeepSpeed config keeps "
                                          "every layer's gathered weights until the backward pass: "
                                          "%.1f GiB more on each GPU%s."),
                                        label, (double) (probe.used_bytes[0] - r->used_bytes[0]) / RIG_GIB,
                                        probe.fit == RIG_FIT_NONE ? _(", which does not fit") : "");
            }
          if (isnan (r->load_seconds))
            rig_report_add_not_checked (report, RIG_AREA_SPEED,
                                        /* Translators: %s is a model and its quantization
                                         * (“Llama 3.1 70B Q4_K_M”) */
                                        _("%s: load time needs a drive with a known sequential read "
                                          "speed."),
                                        label);
        }
    }

  /* The plan overlaps a prompt's ubatches on two cards at a time, as current builds run them,
   * and says once how much faster a pipeline over all the cards would take them (a lean plan
   * its code). */
  if (pipelined && report->lean)
    rig_report_add_code (report, RIG_SEVERITY_INFO, RIG_AREA_SPEED, "speed.pipeline");
  else if (pipelined)
    rig_report_add_finding (report, RIG_SEVERITY_INFO, RIG_AREA_SPEED, "speed.pipeline",
                            /* Translators: %u is a number of GPUs, %.1f a factor */
                            _("llama.cpp overlaps the chunks of a long prompt across GPUs split by "
                              "layers (pipeline parallelism), but it waits for each copy between "
                              "cards, so the prompt speeds here have two cards working at once. "
                              "With all %u working at once, prompts would run up to %.1f times "
                              "as fast."),
                            pipeline_gpus, pipeline_gain);

  if (d->gpus_dropped > 0)
    rig_report_add_not_checked (report, RIG_AREA_MEMORY,
                                /* Translators: the first %u is the GPUs left out, the second how
                                 * many the memory plan takes */
                                _("%u GPUs past the first %u are left out of the memory plan."),
                                d->gpus_dropped, RIG_MAX_GPUS);
}

/* Errors first, then warnings, then information; the order within each stays as raised. A
 * report holds a few dozen findings, mostly in order already: an insertion sort moves few and
 * calls nothing. */
static void
sort_findings (RigReport *report)
{
  RigFinding *f = (RigFinding *) (gpointer) report->findings->data;

  for (guint i = 1; i < report->findings->len; i++)
    {
      RigFinding key = f[i];
      guint j = i;

      for (; j > 0 && f[j - 1].severity > key.severity; j--)
        f[j] = f[j - 1];
      f[j] = key;
    }
}

void
rig_plan_evaluate (const RigBuild *build,
                   RigReport      *report)
{
  g_return_if_fail (build != NULL);
  g_return_if_fail (report != NULL && report->findings != NULL);

  /* Each area below asks for the build's board, CPU, PSU… by kind: find them all once. */
  rig_build_index (build, &report->parts);
  if (report->lean)
    rig_device_set_from_build_lean (build, &report->devices);
  else
    rig_device_set_from_build (build, &report->devices);
  /* Where the cards sit decides whether NVLink joins them, which the workloads' speed needs. */
  rig_pcie_evaluate (build, report);
  rig_pcie_narrow_links (report);
  rig_compat_evaluate_nvlink (build, report);
  rig_cost_evaluate (build, report);
  evaluate_workloads (build, report);
  rig_power_evaluate (build, report);
  rig_thermal_evaluate (build, report);
  rig_compat_evaluate (build, report);
  rig_upgrade_evaluate (build, report);
  rig_cost_evaluate_running (build, report);
  sort_findings (report);
}
