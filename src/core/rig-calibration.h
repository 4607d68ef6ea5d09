/* rig-calibration.h: every constant the memory and speed model takes from the world, in one place
 *
 * Each says where it comes from. "Measured rows" means tests/fixtures/calibration.csv (public
 * measurements, each with its source), which tests/test-calibration.c checks the engine against; constants are set per device class,
 * never per row, and an effective bandwidth is never above the peak.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rig-units.h"

/* --- Memory ------------------------------------------------------------------------------ */

/* CUDA context with lazy module loading (CUDA >= 11.7; the default on Linux from 12.2, per the
 * CUDA C++ Programming Guide's "Lazy Loading"), per GPU: 0.3-0.5 GiB. pytorch/pytorch PR #86509
 * measured 287,047,680 bytes with lazy loading against 666,632,192 without. */
#define RIG_CUDA_CONTEXT_BYTES          ((guint64) (0.4 * RIG_GIB))
/* Metal and other unified-memory runtimes keep far less resident. Engineering estimate. */
#define RIG_UNIFIED_RUNTIME_BYTES       ((guint64) (0.2 * RIG_GIB))
/* The GPU of a Mac may wire recommendedMaxWorkingSetSize of its memory by default: 2/3 of 16
 * and 32 GB, 3/4 of 64 and 96 GB in the logged values (llama-cpp-python #687, ollama #434,
 * llama.cpp #2011, #3213); the catalog's gpu_usable_fraction carries it per system. Raising
 * iogpu.wired_limit_mb past it should leave macOS this much (engineering estimate between a
 * 16 GB M3 set to 14000 MiB, llmfit #754, 2.3 GiB left, and a 128 GB Mac at 114688 MiB,
 * antirez/ds4 #893, 16 GiB left). */
#define RIG_APPLE_SYSTEM_KEEP_BYTES     ((guint64) (4.0 * RIG_GIB))
/* mlx-lm prefills a prompt in steps of this many tokens (prefill_step_size, mlx_lm/generate.py),
 * with the fused mx.fast.scaled_dot_product_attention and no logits until the last token
 * (mlx-lm PR #406, v0.27). */
#define RIG_MLX_PREFILL_STEP            2048
/* Its KVCache grows in steps of this many tokens (KVCache.step, mlx_lm/models/cache.py); a
 * RotatingKVCache keeps its window and the step being prefilled (_update_concat ()). */
#define RIG_MLX_KV_STEP                 256
/* What mx.get_peak_memory () shows above the weights and the KV cache, per token of a prefill
 * step: 281 to 391 kB in the measured rows (Mistral 7B at 34K, mlx-lm PR #40; Qwen3 4B and
 * 30B-A3B at 2K in bf16, 8 and 4 bits, mlx_lm/BENCHMARKS.md and PR #1569), across widths from
 * 2048 to 4096, so not the layer's own intermediates (those are 53 to 118 kB). The upper end,
 * fitted to those rows. */
#define RIG_MLX_STEP_BYTES_PER_TOKEN    (384.0 * 1024)

/* llama.cpp sizes its compute buffer once, at context creation, for the worst-case graph:
 * n_ubatch tokens (512 by default) against a full KV cache (src/llama-context.cpp,
 * sched_reserve ()). Compute buffers are f32. The terms, per device that runs layers (every GPU
 * of a layer split holds its own; the buffer does not shrink with fewer layers, llama.cpp
 * #27953):
 *   - without flash attention the K·Q scores, n_kv x n_head x n_ubatch x 4 bytes, and the f32
 *     mask, n_kv x n_ubatch x 4 (ik_llama.cpp #235);
 *   - with flash attention only the f16 mask, n_kv x n_ubatch x 2;
 *   - the layer's intermediates, n_ubatch x (ffn + hidden / 2) x 4. fedora-copr/logdetective
 *     #106 logs 164 MiB at 2K and 2144 MiB at 32K without flash attention for an unnamed
 *     32-layer, 32-head model: 128 + 4 and 2048 + 64 MiB of scores and mask, and 32 MiB at both,
 *     which is this term for a 4096-wide layer with a 14336 FFN (the share of hidden is fitted
 *     to that one row);
 *   - on the device with the output layer, the logits of every ubatch token, n_vocab x n_ubatch
 *     x 4 (gpt-oss-20b at 16K with -fa 1: 398 MiB, of which 393 are these logits, llama.cpp
 *     #17715; newer builds reserve n_seqs rows only, which this keeps on the safe side).
 * ggml-alloc reuses memory, so a device holds the larger of the layer and the output parts. */
#define RIG_LLAMACPP_UBATCH             512
#define RIG_LLAMACPP_FFN_HIDDEN_SHARE   0.5
/* Over several GPUs with every layer on them, llama.cpp pipelines a batch's ubatches through the
 * cards (src/llama-context.cpp: pipeline_parallel needs more than one device, every layer on
 * them, -sm layer, the KV cache offloaded and no tensor overrides) and its scheduler then keeps
 * GGML_SCHED_MAX_COPIES copies of each split's inputs (ggml-backend.cpp: n_copies = parallel ?
 * GGML_SCHED_MAX_COPIES : 1): the attention mask and the hidden state a card takes in. Llama 3
 * 8B Q4_K_M at 8192 tokens without flash attention reserves 560 MiB on one RTX 4090 and 640 on
 * each of two, four and eight ("pipeline parallelism enabled (n_copies=4)",
 * XiongjieDai/GPU-Benchmarks-on-LLM-Inference notebooks 4090_v3, 4090_2_v3, 4090_4_v3): three
 * more 16 MiB masks and four 8 MiB hidden states. */
#define RIG_LLAMACPP_SCHED_COPIES       4
/* llama.cpp rounds the context up to a multiple of 256 cells per sequence (src/llama-context.cpp:
 * cparams.n_ctx = GGML_PAD (n_ctx, 256)), and keeps n_swa + n_ubatch cells, rounded up the same,
 * on sliding-window layers (src/llama-kv-cache-iswa.cpp, size_swa): gpt-oss-20b's 402 MiB at
 * 16K in llama.cpp #17715 is 12 layers of 16384 cells and 12 of 768. */
#define RIG_LLAMACPP_CTX_PAD            256
/* llama.cpp's CUDA backend takes an op whose weights are in system memory onto the GPU from a
 * batch of this many tokens (ggml-cuda.cu ggml_backend_cuda_device_offload_op: min_batch_size),
 * copying the weights over PCIe. */
#define RIG_LLAMACPP_OFFLOAD_MIN_BATCH  32
/* What those copies reach of the link's bandwidth. By default llama.cpp maps the model file and
 * leaves the weights in system memory in the mapping's pageable pages (llama-model.cpp
 * load_tensors: "avoid using a host buffer when using mmap"), which the driver stages through a
 * bounce buffer; with --no-mmap it loads them into the GPU's pinned host buffer
 * (make_cpu_buft_list: "storing the tensors in a host buffer is useful when the processing of
 * large batches is offloaded to a GPU device"). Mapped: Llama-2-70B Q2_K on an RTX 3090 (PCIe
 * 4.0 x16, 31.5 GB/s) prefills 387.01, 394.24 and 401.56 tokens/s (pp512) at -ngl 70, 71 and 72
 * (llama.cpp PR #8035, comment of mid-2024, llama-bench's default mmap): each layer moved onto the
 * card saves 24 ms per 512 tokens, about 13.6 GB/s for a layer's ~0.33 GB, 0.43 of the link.
 * Pinned: Qwen3-235B-A22B Q8_0 beside an RTX A6000 on a Threadripper PRO 7965WX with --no-mmap
 * (ik_llama.cpp discussion #357, PR #370, builds of April and May 2025): 196 GB of experts in 8.8
 * s a ubatch, 0.71 of its PCIe 4.0 x16. Pinning the experts alone took a 26k-token prompt on two
 * RTX 3090s from 166 to 330 tokens/s (llama.cpp PR #28223), about the ratio of the two. */
#define RIG_PCIE_HOST_COPY_EFF_MAPPED   0.43
#define RIG_PCIE_HOST_COPY_EFF_PINNED   0.71
/* Since PR #15346 (August 2025) llama.cpp copies a routed expert in system memory only when a
 * token of the ubatch routes to it. Where the catalog measures the share a 512-token batch uses
 * (models.experts_used_512: gpt-oss-120b 0.48, gpt-oss-20b 0.74), a ubatch of u tokens uses the
 * share that t (u / 512)^e tokens drawn at random would, where t draws give the share at 512 and
 * e is this exponent: slaren's copy-bound sweeps of -ub 128 to 2048 in that PR put it at 0.35 for
 * gpt-oss-120b (0.38 of the experts at 128, 0.71 at 2048), and ik_llama.cpp PR #698's of 256 to
 * 4096 at 0.31 (120b) and 0.30 (20b). Other models use nearly all their experts in a batch that
 * large (ik_llama.cpp PR #698: "zero effect" on Qwen3-30B-A3B, none on GLM-4.5-Air and
 * DeepSeek-V2-Lite): the plan copies them all. */
#define RIG_LLAMACPP_EXPERT_USE_EXPONENT 0.33
/* Copies between a GPU and buffers the plan does not place: -sm row's activations
 * (row_split_link_s ()) and ZeRO-Offload's optimizer moves keep 0.55, the geometric mean of the
 * rates four hosts' expert and layer copies reach (the two above, DeepSeek-V3.2 on an RTX PRO
 * 6000 Blackwell at 0.46-0.49 of its PCIe 5.0 if every expert crossed it, llama.cpp PR #23346, and
 * Qwen3-235B-A22B beside RTX 3090s on an EPYC 9355 at about 0.65), which the several-GPU rows of
 * regime 9 were checked against. */
#define RIG_PCIE_STREAM_EFF             0.55
/* vLLM V1 (vllm/v1/worker/gpu_worker.py Worker.determine_available_memory) requests
 * gpu_memory_utilization x the total that CUDA reports for the card, and gives the KV-block pool
 * what is left of it after the weights, the profile run's peak (torch_peak_increase) and the
 * memory allocated outside PyTorch during that run (non_torch_increase), the three terms of
 * non_kv_cache_memory in vllm/utils memory_profiling (). The CUDA context and NCCL come before
 * the first snapshot (Worker.init_device) and CUDA graphs after the pool is allocated
 * (compile_or_warm_up_model; VLLM_MEMORY_PROFILER_ESTIMATE_CUDAGRAPHS defaults to 0 in
 * vllm/envs.py), so neither comes out of the pool: they live in the rest of the card. */
/* What CUDA reports as a card's total (torch.cuda.mem_get_info), as a share of its memory: vLLM
 * logs total_gpu_memory 23.58 GiB for a 24 GiB RTX 3090 (#10517), 39.38 and 39.50 GiB for a
 * 40 GiB A100 (#16570, #12330), 79.22 and 79.18 GiB for an 80 GiB H100 (#12126,
 * llm-d/llm-d-benchmark config_explorer/empirical-vllm-memory-results.md): the median share. */
#define RIG_VLLM_CUDA_TOTAL_SHARE       0.9875
/* Memory outside PyTorch that the profile run adds (cuBLAS workspaces, attention backends and,
 * with tensor parallelism, the all-reduce buffers): the V1 logs in llm-d-benchmark's
 * empirical-vllm-memory-results.md read 0.13 to 0.14 GiB on one H100 (five models) and 0.54 to
 * 0.55 GiB on each of two. */
#define RIG_VLLM_NON_TORCH_BYTES        ((guint64) (0.14 * RIG_GIB))
#define RIG_VLLM_NON_TORCH_TP_BYTES     ((guint64) (0.55 * RIG_GIB))
/* max_num_batched_tokens and max_num_seqs that `vllm serve` defaults to (EngineArgs
 * get_batch_defaults, vllm/engine/arg_utils.py, OPENAI_API_SERVER): 8192 and 1024 on a card with
 * at least 70 GiB that is not an A100, 2048 and 256 on the others. The profile run pushes that
 * many tokens through the model and samples min (max_num_seqs, tokens) rows
 * (gpu_model_runner.py profile_run, _dummy_run, _dummy_sampler_run). */
#define RIG_VLLM_LARGE_CARD_BYTES       ((guint64) (70 * RIG_GIB))
#define RIG_VLLM_BATCHED_TOKENS         2048
#define RIG_VLLM_BATCHED_TOKENS_LARGE   8192
#define RIG_VLLM_MAX_SEQS               256
#define RIG_VLLM_MAX_SEQS_LARGE         1024
/* In the profile run's MLP, a token holds the gate-and-up output (2 x intermediate), the
 * activation's output (1 x) and three hidden-size tensors (residual, normed input, output), all
 * 16-bit: (3 x intermediate + 3 x hidden) x 2 bytes. Between #10517's runs at 20000 and 29000
 * tokens (V0 profiled max_model_len tokens) the peak grew 0.92 GiB, 110 kB a token; this gives
 * 111 kB for Llama 3.1 8B. */
#define RIG_VLLM_MLP_HIDDEN_COPIES      3
/* The sampler's peak in bytes per logit. The model's 16-bit logits (2), their float32 copy
 * (4, vllm/v1/sample/sampler.py) and top-k/top-p's sort of them, float32 values and int64
 * indices (12, vllm/v1/sample/ops/topk_topp_sampler.py), make 18; with the temperature, softmax
 * and logprob buffers the measured peak is twice that: 7.38 GiB for gpt-oss-20b's 1024 x 201088
 * logits and 5.56 GiB for Qwen3-0.6B's 1024 x 151936 on an H100 (llm-d-benchmark
 * empirical-vllm-memory-results.md), 38.5 bytes each. It varies with the version: vLLM 0.10.1
 * with FlashInfer's sampler left 0.4 GiB for 256 x 152064 logits on an A100 (about 10 bytes,
 * dennislee22/vLLM-benchmarking log/vllm-7B-1gpuA10080GB-0.5GRAM.log); the larger figure keeps
 * the pool on the safe side. Logits are gathered to the whole vocabulary on every
 * tensor-parallel GPU. */
#define RIG_VLLM_SAMPLER_BYTES_PER_LOGIT 38.5
/* CUDA graph memory: 0.65 GiB measured for gemma-3-4b in vLLM PR #21489. */
#define RIG_VLLM_CUDA_GRAPH_BYTES       ((guint64) (0.65 * RIG_GIB))
/* KV blocks hold 16 tokens (vLLM's default block_size). */
#define RIG_VLLM_BLOCK_TOKENS           16

/* PyTorch's caching allocator keeps freed blocks for reuse and rounds requests up (to 512 bytes,
 * and large ones to 2 MiB within 20 MiB segments, c10/cuda/CUDACachingAllocator.cpp), so what
 * nvidia-smi shows exceeds max_memory_allocated by the fragmentation of the transient tensors
 * (activations, logits, optimizer temporaries, and a sharded run's weights gathered and released
 * layer by layer), a share of them. Fitted to the eight training runs in
 * tests/fixtures/memory-calibration.csv that report reserved memory (torchtune's LoRA tutorial
 * four times, gpjt's DeepSpeed ZeRO-3 twice, torchtitan's FSDP2 twice): 0.15 puts them at -3.5
 * to +3.9 %, where 0.10 left ZeRO-3's gather-and-release churn 8 % under. */
#define RIG_TORCH_RESERVE_FRACTION      0.15
/* Training: the loss upcasts the logits to fp32 (transformers' LlamaForCausalLM: logits.float (),
 * kept in the output while the loss runs), shifts them into a contiguous copy and keeps
 * cross_entropy's log_softmax output for the backward pass: three fp32 copies of batch x seq x
 * vocab at the forward pass's peak. The Trainer drops the output before the backward pass, which
 * then holds the saved log_softmax, its gradient and the gradient it passes on: three again.
 * Measured: the transformers Trainer's full fine-tunes of Llama 3 8B with checkpointing grow by
 * 3.3 to 3.4 GiB a 2048-token sample (gpjt/fine-tune-2024-04, ZeRO-3 and ZeRO-2 with the
 * optimizer offloaded, 1 to 17 samples), 2.94 GiB of which are these and 0.5 GiB the layers'
 * checkpointed inputs; four copies would make it 4.4. */
#define RIG_TRAIN_LOGITS_FP32_COPIES    3.0
/* DeepSpeed's ZeRO defaults (deepspeed/runtime/zero/config.py): gradients are reduced
 * reduce_bucket_size = 5e8 elements at a time, through a bucket of that size (stage 3's
 * __ipg_bucket_flat_buffer, stages 1 and 2's flattened bucket), and ZeRO-3 keeps up to
 * stage3_max_live_parameters = 1e9 gathered parameters resident before releasing any, with
 * stage3_max_reuse_distance = 1e9 holding those the backward pass soon needs again. */
#define RIG_DEEPSPEED_REDUCE_BUCKET_ELEMENTS 5e8
#define RIG_DEEPSPEED_MAX_LIVE_PARAMETERS    1e9
/* ZeRO-Offload checks each gradient of its partition for overflow on the GPU before copying it out
 * (deepspeed/runtime/zero/stage_1_and_2.py, v0.14.2: copy_grads_in_partition ()
 * -> update_overflow_tracker_for_param_grad () -> _has_inf_or_nan ()): float_x = x.float (), its
 * isnan () and isinf () masks, their logical_or () and that mask's float (), all alive at once:
 * 4 + 1 + 1 + 1 + 4 bytes an element of the whole parameter, beside its 16-bit gradient. The
 * float64 copy its norm is taken from just before (set_norm_for_param_grad_in_gpu) is 8 and is
 * freed first. */
#define RIG_DEEPSPEED_OVERFLOW_CHECK_BYTES 11.0
/* DeepSpeed builds its ZeRO optimizer before the first step: flat 16-bit partitions of the
 * weights and of their gradients, fp32 master partitions, and a step with zero gradients (an
 * fp32 buffer of the largest sub-group, stage3.py initialize_optimizer_states) that creates
 * AdamW's two moments: 2 + 4 + 4 + 8 bytes a trainable parameter beside the weights, before any
 * activation exists. A full fine-tune of Qwen1.5 0.5B (463,987,712 parameters) under ZeRO-3 on
 * one RTX 3090 peaks at 10,900 MiB allocated at every sequence length from 1 to about 900 tokens
 * (gpjt/fine-tune-2024-04 sequence-length-memory-modeling/results-with-env-var.csv), where the
 * training peak is lower: 24.63 bytes a parameter, the weights' 2 and 22.63 a trainable one,
 * 4.6 more than the buffers above account for. Fitted to that plateau, and charged on one GPU
 * only: sharded over eight A100s, the Llama 3 8B runs of the same author stay above it. */
#define RIG_DEEPSPEED_SETUP_BYTES_PER_TRAINABLE 22.63
/* peft's prepare_model_for_kbit_training () casts every parameter that is not quantized (the
 * embedding, the output layer, the norms) to fp32 before QLoRA training. */
#define RIG_QLORA_UNQUANTIZED_BITS      32.0
/* torchtune trains in pure bf16: its recipes load the model with dtype: bf16 and keep no fp32
 * master copy, and torch.optim.AdamW creates its two moments with zeros_like (param), so they are
 * bf16 too: half the bytes of the fp32 states. Its loss is chunked (CEWithChunkedOutputLoss)
 * and its QLoRA keeps the unquantized layers in bf16. */
#define RIG_TORCHTUNE_STATE_SHARE       0.5
/* A chunked loss keeps the logits in 16-bit and upcasts one chunk at a time: torchtune's
 * CEWithChunkedOutputLoss splits them in num_output_chunks = 8 (torchtune/modules/loss). */
#define RIG_TRAIN_LOSS_CHUNKS           8.0
/* torch.optim.AdamW's default foreach step holds one more fp32 copy of the trained parameters
 * while it runs ("foreach ... uses more peak memory, a tensorlist's worth", torch.optim docs);
 * bitsandbytes' 8-bit optimizers update block by block and hold no such copy. */
#define RIG_TRAIN_OPTIMIZER_TEMP_BYTES  4.0

/* KV cache element sizes: ggml type sizes (gguf-py/gguf/constants.py GGML_QUANT_SIZES):
 * f16 2 bytes, q8_0 34 bytes / 32, q4_0 18 bytes / 32; fp8 one byte. */
#define RIG_KV_BYTES_F16  2.0
#define RIG_KV_BYTES_Q8_0 (34.0 / 32.0)
#define RIG_KV_BYTES_Q4_0 (18.0 / 32.0)
#define RIG_KV_BYTES_FP8  1.0

/* Linear attention's state, per sequence and layer (llama.cpp llama-hparams.cpp n_embd_s () and
 * n_embd_r () for Qwen3-Next, whose conversion sets ssm_d_state = linear_key_head_dim,
 * ssm_d_inner = value heads x their size, ssm_n_group = key heads, ssm_d_conv =
 * linear_conv_kernel_dim in convert_hf_to_gguf.py Qwen3NextModel): the recurrent state, d_state
 * x d_inner, and the last d_conv - 1 inputs of the convolution over the q, k and v channels,
 * (d_conv - 1) x (d_inner + 2 x n_group x d_state). llama.cpp keeps both in f32 ("type_r =
 * type_s = GGML_TYPE_F32" in llama-model.cpp create_memory); vLLM keeps the recurrent state in
 * the config's mamba_ssm_dtype, float32 for Qwen3.5. The kernel is 4 in every Qwen3-Next and
 * Qwen3.5 config (linear_conv_kernel_dim). */
#define RIG_LINEAR_STATE_BYTES  4.0
#define RIG_LINEAR_CONV_KERNEL  4.0

/* Host memory the operating system and desktop keep: 2.5 GB + 10 % of RAM, the model of
 * janhq/jan PR #7842. */
#define RIG_OS_RESERVE_BYTES            ((guint64) (2.5 * RIG_GB))
#define RIG_OS_RESERVE_FRACTION         0.10

/* Training, bytes per parameter (mixed precision; Rajbhandari et al., ZeRO, arXiv 1910.02054 §3.1:
 * 2 for fp16/bf16 weights, 2 for their gradients, 4 + 4 + 4 for fp32 master weights, momentum and
 * variance in Adam). 8-bit Adam keeps both moments in one byte each (Dettmers et al., arXiv
 * 2110.02861); SGD with momentum keeps one fp32 state. */
#define RIG_TRAIN_WEIGHT_BYTES          2.0
#define RIG_TRAIN_GRAD_BYTES            2.0
#define RIG_TRAIN_MASTER_BYTES          4.0
#define RIG_ADAMW_STATE_BYTES           8.0
#define RIG_ADAMW_8BIT_STATE_BYTES      2.0
#define RIG_SGD_STATE_BYTES             4.0
/* Activations a Llama-style layer (RMSNorm, grouped-query attention, SwiGLU MLP) keeps for the
 * backward pass, per token, in 16-bit with a fused attention kernel, read off what autograd saves
 * in transformers' modeling_llama.py and litgpt's model.py: each RMSNorm its fp32 input and 16-bit
 * output (2 x 6 h bytes), the attention kernel q, k, v and its output (2 h + 4 kv_dim + 2 h), the
 * MLP its gate, up, SiLU and product outputs (4 x 2 ffn): 16 h + 4 kv_dim + 8 ffn bytes. (The GPT
 * form of Korthikanti et al., arXiv 2205.05198, 34 s b h, is the same count for a 4h GeLU MLP with
 * dropout.) With full activation checkpointing only the layer input (2 h bytes) is kept per
 * layer, plus one layer's full activations while it is recomputed. */
#define RIG_ACT_NORM_BYTES_PER_HIDDEN   12.0
#define RIG_ACT_ATTN_BYTES_PER_HIDDEN   4.0
#define RIG_ACT_ATTN_BYTES_PER_KV_DIM   4.0
#define RIG_ACT_MLP_BYTES_PER_FFN       8.0
#define RIG_ACT_CKPT_BYTES_PER_HIDDEN   2.0
/* Without flash attention the softmax input and output, and the dropout mask, are stored:
 * 5 a s^2 b bytes per layer (Korthikanti et al., eq. 2). */
#define RIG_ACT_SCORE_BYTES             5.0
/* A capped model's attention (Gemma 2) in LitGPT, which "with softcapping cannot use SDPA"
 * (litgpt model.py scaled_dot_product_attention): tanh's 16-bit output, the softmax's fp32
 * output and its 16-bit cast that the value product reads stay saved, 8 a s^2 b bytes a layer. */
#define RIG_ACT_SOFTCAP_SCORE_BYTES     8.0

/* --- Speed ------------------------------------------------------------------------------- */

/* Decode: t_token = t0 + Σ bytes read on a device / (efficiency x kernel factor x peak bandwidth).
 * A fixed per-token time plus bytes over an effective bandwidth (the form the measurements of
 * XiongjieDai/GPU-Benchmarks-on-LLM-Inference follow: decode falls with context as the KV
 * cache read grows, and layer split across cards does not speed it up); the constants
 * below are per device class, read off the measured rows by pairing each card's 8B and 70B
 * Q4_K_M results (which share the kernels) and its F16 result (which isolates bandwidth):
 *   NVIDIA GDDR (RTX 3090/4090, A6000, 6000 Ada): e x k 0.83-0.84, e 0.91-0.97, t0 1.5-2.7 ms;
 *   NVIDIA HBM (A100, H100): e x k 0.51-0.57, e 0.52-0.66, t0 2.3-3.1 ms;
 *   Apple (M2 Ultra, M3 Max): e x k 0.68-0.83, e 0.85-1.0, t0 4-5 ms. */
#define RIG_DECODE_EFF_NVIDIA_GDDR      0.93
/* Current llama.cpp (CUDA graphs, 2025-26 builds) spends less per token than the 2023-24 builds
 * the pairs above come from: an RTX 3090 runs Llama-3.1-8B Q4_0 tg128 at 146.73 t/s with the
 * Vulkan backend (llama.cpp PR #21024, 2026-05; t0 0.74 ms at the efficiency above) and an RTX 5090 Qwen3-8B Q4_K_M at
 * 221.7 (CambrianTech/continuum PR #1627, 2026-06; t0 1.08 ms). Rows measured on 2023-24 builds
 * are compared with RIG_DECODE_T0_LLAMA_CPP_2023_EXTRA_MS more per token, the difference to the
 * 2.1 ms those pairs gave. */
#define RIG_DECODE_T0_NVIDIA_GDDR_MS    0.9
#define RIG_DECODE_T0_LLAMA_CPP_2023_EXTRA_MS 1.2
#define RIG_DECODE_EFF_NVIDIA_HBM       0.62
#define RIG_DECODE_T0_NVIDIA_HBM_MS     2.6
/* vLLM on HBM cards replays each decode step as a CUDA graph of fused kernels: a dense model
 * reads its weights at a higher share of the bandwidth and spends less per step than llama.cpp.
 * Qwen3-8B in BF16 on one H100 SXM decodes at 7.28, 7.37, 7.38 and 7.71 ms a token with 1, 2, 4
 * and 8 users (gpustack performance lab, qwen3-8b/h100-latency.md, vLLM 0.11.0), which the
 * efficiency and a step time of 1.2 ms reproduce within 2 %; that time also fits the gpt-oss-120b
 * sweep over eight H100s (InferenceX #828) with RIG_TP_ALLREDUCE_US_NVLINK. Both models have 36
 * layers, and the graph replays the same kernels for each layer, so the time is taken a layer:
 * 1.2 ms / 36. GLM-4.6's 92 layers over eight H200s then serve four users at +21 % where a fixed
 * 1.2 ms gave +39 % (gpustack glm-4.6/h200.md), and every other vLLM row on HBM cards, of 32 to
 * 61 layers, lands as close or closer. Fitted to those two sources. A mixture of experts' fused
 * MoE kernels read the active experts scattered, at this share of the dense rate and with the
 * small-expert loss (RIG_DECODE_EXPERT_HALF_PARAMS): fitted to the three vLLM rows with experts,
 * Qwen3-30B-A3B in BF16 on one A100 at one user (tenstorrent's sweep, +7.2 % when fitted, +2.7 %
 * with the time a layer) and gpt-oss-120b, its attention in BF16, with four users on one H100 and
 * one A100 (+1.5 and -7.9 % when fitted; gpustack gpt-oss-120b/h100.md and a100.md), which land at
 * +5.6 and -4.0 % now that a step's reads beyond one token's lose less the more experts they
 * read (serve_step_seconds ()). */
#define RIG_DECODE_EFF_VLLM_HBM         0.80
#define RIG_DECODE_T0_VLLM_HBM_LAYER_US (1200.0 / 36)
#define RIG_DECODE_MOE_EFF_VLLM         0.78
/* A mixture of experts' routed experts read slower than its dense weights, and slower still where
 * each expert is small: the rate is RIG_DECODE_MOE_EFF_* x m / (m + RIG_DECODE_EXPERT_HALF_PARAMS)
 * of the dense one, m the parameters of one expert matrix (1.57 M for Qwen3-30B-A3B's 128
 * experts, 8.29 M for gpt-oss, 14 M for DeepSeek-R1). Only the experts' bytes pay it; attention
 * and the output head read at the dense rate. The half size is fitted jointly with the Apple and
 * vLLM factors to their rows (median 5 %); the DGX Spark, whose 273 GB/s hide the kernels' cost,
 * reads the experts of both kinds of model at the dense rate (its eight gpt-oss and
 * Qwen3-Coder-30B rows within -10.4 to +6.9 %). A prompt's expert matmuls on NVIDIA GeForce and
 * workstation cards run at the same m / (m + half) of their rate (Qwen3.5- and Qwen3.6-35B-A3B's
 * 1.05 M-weight experts on an RTX 4090 within 5 %; prefill_seconds_per_token ()). */
#define RIG_DECODE_EXPERT_HALF_PARAMS   1.5e6
/* llama.cpp's decode on those NVIDIA cards reads the routed experts at the dense rate and pays a
 * time for each expert matrix it reads, whatever its bytes: an RTX 4090 decodes Qwen3.5- and
 * Qwen3.6-35B-A3B from Unsloth's UD-Q3_K_XL files (15.45 and 15.68 GiB) only 4 % faster than from
 * their UD-Q4_K_XL ones (20.70 and 20.81 GiB) at every depth to 16k (jiegec/kb, build 8820), where a
 * loss in proportion to the bytes made the 3-bit files 21 % faster. A token reads three matrices
 * an expert a layer: 960 for these models, 1152 for Qwen3-30B-A3B, 288 for gpt-oss-20b and 432 for
 * gpt-oss-120b; two for Gemma 4 26B-A4B, whose GGUF keeps gate and up as one ffn_gate_up_exps: 480.
 * Split by tensor, each card runs its slice of every matrix and pays the time for each. Fitted
 * to the 30 llama.cpp decode rows of mixtures of experts on these cards in calibration.csv
 * (those twelve, gpt-oss-120b over four RTX 4090s split by layer and by tensor, PR #19378; Gemma 4
 * 26B-A4B on one RTX 3090 and 5090 and over two 4090s; gpt-oss-20b and Qwen3-30B-A3B on one 4090,
 * PRs #16649 and #16834): 2.9 us leaves them at a median of 3.9 %, worst 23.3 % (gpt-oss-20b in
 * PR #16649's October 2025 master). The rows ask for both halves of the rule: with the experts at
 * 0.57 of the dense rate and 2.2 us a matrix, the previous fit, gpt-oss-120b split by layers,
 * whose matrices are large, ran 23 and 30 % faster than planned (median 7.5 %, worst 30.1 %), and
 * with the dense rate alone Qwen3.5's small experts ran far slower than planned. Apple's and
 * vLLM's kernels keep the size law, fitted to their own rows, and so do a prompt's expert
 * matmuls. */
#define RIG_DECODE_EXPERT_MATRIX_US_CUDA 2.9
/* On NVIDIA's HBM cards the same time follows the card's integer lanes (RigDevice.int32_tops):
 * about this many instructions' worth a matrix, 2.4 us on an H100 or H200 SXM (16.75 T a
 * second), 4.1 on an A100 (9.75), 5.7 on a V100 PCIe (7.0). Fitted to the 2026 llama-server
 * table of pavlokhmel.com (see RIG_DECODE_MMVQ_INT_OPS_PER_BYTE), whose mixtures of experts,
 * Gemma 4 26B-A4B and Qwen3.6-35B-A3B, decode at 108 to 128 t/s on the A100s and 181 to 204 on
 * the H100 and H200 SXM: with the experts at the dense rate and no time a matrix they were
 * planned 38 to 78 % too fast, with one fixed time for every card the A100s' rows and the
 * Hoppers' could not both land within 25 %. */
#define RIG_DECODE_EXPERT_MATRIX_INT_OPS_HBM 4.0e7
/* llama.cpp's decode multiplies block-quantized weights (Q4_K_M, Q8_0, MXFP4, ...) in its
 * matrix-vector kernels (MMVQ), which unpack each block on the shader cores' integer lanes: a
 * cost a byte that binds where the card's bandwidth outruns its integer rate, as on the data
 * centre's HBM cards. One author's 2026 table (pavlokhmel.com, 'LLM throughput benchmark on 13
 * GPUs and 10 models', llama-server, one request, unsloth Q4_K_M files) has Gemma 4 31B (18.3 GB)
 * at 43, 68 and 71 t/s and Qwen3.6-27B (16.8 GB) at 46, 74 and 76 on an A100 SXM, an H100 SXM and
 * an H200 SXM: the H200's 43 % more bandwidth buys 3 to 4 %, and the H100 runs 1.6 times the
 * A100, near its integer rate's 1.7 times (16.75 against 9.75 T a second; glennklockwood.com's
 * H100 page gives INT32 at half the FP32 rate). Each row's time beyond RIG_DECODE_T0_NVIDIA_HBM_MS
 * is 10.5 to 11.1 instructions a weight byte at those rates. On GDDR cards the reads bind first (an RTX
 * 4090 moves 18.3 GB in 22 ms, unpacks it in 10). */
#define RIG_DECODE_MMVQ_INT_OPS_PER_BYTE 11.0
/* The most tokens a step for which llama.cpp's CUDA backend multiplies with those kernels
 * (ggml/src/ggml-cuda/mmvq.cuh: MMVQ_MAX_BATCH_SIZE); larger steps unpack each tile once for
 * many tokens (MMQ). */
#define RIG_LLAMACPP_MMVQ_MAX_BATCH      8
#define RIG_DECODE_EFF_APPLE            0.90
/* Current llama.cpp spends less per token on Metal than the 2023-24 builds those pairs come
 * from: Llama-3.1-8B Q4_K_M on an M1 Max at 46.2 t/s (2025-26, against 34.49 then) and
 * DeepSeek-R1 Q4_K_M on an M3 Ultra at 20.21 (calibration.csv) leave about 2 ms less per token.
 * Rows from 2023-24 builds are compared with RIG_DECODE_T0_APPLE_LLAMA_CPP_2023_EXTRA_MS more. */
#define RIG_DECODE_T0_APPLE_MS          2.5
#define RIG_DECODE_T0_APPLE_LLAMA_CPP_2023_EXTRA_MS 2.0
/* mlx-lm spends far less per token than llama.cpp's Metal backend: Llama-3.2-1B and 3B at 4 bits
 * on an M4 Max decode at 463.6 and 200.1 t/s (calibration.csv, Rapid-MLX bench), which the
 * bandwidth term above leaves about 0.5 ms per token for. */
#define RIG_DECODE_T0_APPLE_MLX_MS      0.5
/* An Ultra chip, two Max dies joined by UltraFusion, spends more per token under MLX: the
 * Rapid-MLX maintainer's M3 Ultra (60 GPU cores, mlx 0.31.2; community-bench PRs #586, #630, #635,
 * #636 and #637, June 2026) decodes Llama 3.1 8B, Qwen2.5 14B, Qwen3 8B and Gemma 3 27B in 4-bit
 * 1.1 to 1.7 ms a token slower than the bandwidth and the time above allow (Gemma 3 4B 3.2 ms),
 * where an M3 Max (one die of the same generation) decodes Llama 3.3
 * 70B faster than planned and the M4 Max's rows fit. This much more puts those ten rows within
 * -9 to +6 % but Gemma 3 4B's short run (+23 %), and another M3 Ultra's Qwen3.6-35B-A3B in 8-bit
 * (Rapid-MLX issue #472) at +19 % where it had been +36 %. llama.cpp's Metal backend, whose time a
 * token is larger, shows no such difference (the M2 Ultra's rows fit). */
#define RIG_DECODE_T0_APPLE_MLX_TWO_DIES_EXTRA_MS 1.4
/* A mixture-of-experts model reads its active experts scattered over the weights, at a lower
 * effective bandwidth than a dense one on Apple GPUs, by the same size law as CUDA's: Qwen3-Coder-
 * 30B-A3B Q8_0 on an M2 Ultra decodes at 76.31 t/s in llama.cpp, DeepSeek-R1 Q4_K_M on an M3 Ultra
 * at 20.21 and Qwen3-30B-A3B 4-bit at 123.9 on an M4 Max in MLX (calibration.csv): +7.6, +10.0 and
 * -8.1 % at the factor below, where one factor for all three left them +20 and -13 %. */
#define RIG_DECODE_MOE_EFF_APPLE        0.78
/* Experts read from system memory by the CPU (llama.cpp -ot exps=CPU, --n-cpu-moe, or a CPU
 * alone) are read at this share of the dense rate, and each expert matrix a token reads costs a
 * fixed time besides, as on NVIDIA's GDDR cards (RIG_DECODE_EXPERT_MATRIX_US_CUDA): large
 * experts (gpt-oss's 8.3 M weights a matrix, Qwen3-235B-A22B's 6.3 M) come close to the dense
 * rate, small ones (Qwen3.6-35B-A3B's and Qwen3-Next's 1.05 M) lose more. Fitted by a grid (0.7
 * to 0.9, 1 to 6 us) to the thirteen decode rows in calibration.csv that read experts on a CPU,
 * from four hosts (a fifth, in a virtual machine, is printed apart): an RTX 2080 beside an
 * i9-10900X's four DDR4 channels (llmfit #755, #775), an RTX 4070 beside two DDR5-6000 channels
 * (carteakey.dev, gpt-oss-120b, Qwen3-Coder-Next and Qwen3.6-35B-A3B), an RTX A6000 beside a
 * Threadripper PRO's eight DDR5-4800 channels (Qwen3-235B-A22B) and a Ryzen 9 9950X3D alone.
 * Those with experts beside a GPU land at a median of 7.5 % (13.1 % at a flat 0.66 of the dense
 * rate, which left Qwen3-235B-A22B 22 to 24 % slow), worst 23.7 % (gpt-oss-20b in an llmfit
 * average that counts its prompt); the 9950X3D's Qwen3.6-35B-A3B lands at +21.5 % (+24.3 %). */
#define RIG_DECODE_MOE_EFF_CPU          0.75
#define RIG_DECODE_EXPERT_MATRIX_US_CPU 3.0
/* Apple GPUs run llama.cpp's quantized matrix-vector kernels on their ALUs' time as much as on
 * the memory bus's: decoding a GGUF block quantization costs this many GPU operations per
 * weight byte, over the GPU's FLOPS, on top of the 2 FLOPs per parameter. It binds on the M1
 * family, with the least compute per byte of bandwidth: without it the M1 Max was predicted at
 * 49.5 t/s on Llama-3-8B Q4_K_M and 7.2 on 70B, measured 34.49 and 4.09. Fitted to
 * calibration.csv's XiongjieDai/GPU-Benchmarks-on-LLM-Inference rows: K-quants 48, from the
 * Q4_K_M rows on M1, M1 Max and M2 Ultra (all within 10 %); legacy Q4_0/Q8_0 blocks 36, from
 * Llama-2-7B Q4_0 on a 24-core M1 Max, which the 32-core part stands in for, so it errs slow. */
#define RIG_DEQUANT_OPS_PER_BYTE_APPLE_KQUANT  48.0
#define RIG_DEQUANT_OPS_PER_BYTE_APPLE_LEGACY  36.0
/* Pascal has no full-rate integer multiply (Volta's separate INT32 pipes came later), and
 * llama.cpp's dp4a kernels for Q2_K and Q3_K unpack bit planes and 4- and 6-bit scales per
 * weight: on a Tesla P40, LLaMA-7B decodes at 33.52 t/s in Q2_K and 30.93 in Q3_K_S, slower
 * than in Q4_0 (56.79) from fewer bytes, so unpacking binds (llama.cpp PR #4766, turn 56, Jan
 * 2024). In operations per weight byte at the dp4a rate, fitted to those two rows; Q4_K and up
 * unpack within the memory time there (Q4_K_S 54.23, Q5_0 48.30, within 18 % of the bandwidth
 * bound). */
#define RIG_DEQUANT_OPS_PER_BYTE_PASCAL_LOWBIT_KQUANT 480.0
/* The Tesla P100 (GP100, sm_60) has no dp4a at all: llama.cpp emulates each int8 dot product
 * with scalar multiplies (ggml_cuda_dp4a), so every block quantization unpacks on its FP32
 * cores. gpt-oss-20b and Qwen3.5-9B Q4_K_M decode at 65 and 32 t/s on a P100 PCIe 16GB, where its
 * 732 GB/s allow about twice that (pavlokhmel.com, 2026-06): about 41 and 48 FP32 operations per
 * weight byte (gpt-oss's attention and output counted at their Q8_0); their geometric mean. */
#define RIG_DEQUANT_OPS_PER_BYTE_NO_DP4A 44.0
/* AMD and Intel cards, fitted to calibration.csv's nine llama.cpp decode rows of the Radeon RX
 * 7900 XT and XTX (ROCm and Vulkan, 8B to 32B models; median 5.1 %, worst 13.1 %). Intel's Arc
 * B580 (Battlemage) reads at the same rate: Llama-2-7B Q4_0 under SYCL at 65.65 t/s (llama.cpp PR
 * #13885, May 2025) and a Qwen2 7B Q4_K_M under IPEX-LLM's SYCL build at 66.48 (intel/ipex-llm
 * issue #12991, March 2025), +8.1 and -5.0 % with these. */
#define RIG_DECODE_EFF_OTHER_GPU        0.85
#define RIG_DECODE_T0_OTHER_GPU_MS      3.0
/* Intel's Arc A-series (Alchemist, Xe-HPG) reads its weights at this share of its rated bandwidth
 * in llama.cpp's matrix-vector kernels, beside the per-token time above: the A770 16GB decodes
 * Llama-2-7B Q4_0 at 50.90 and 56 t/s (Vulkan, Windows; intel/ipex-llm issue #13309, September
 * 2025, and llama.cpp PR #19988, March 2026), Llama 3 and 3.1 8B Q4_K_M at 52 and 53 (Vulkan,
 * Windows; PR #19988 and issue #17628) and Qwen2.5-Coder-7B Q6_K at 42.69 (SYCL, Linux, build
 * 10813; PR #28725), which 0.46, 0.52, 0.58, 0.59 and 0.58 reproduce: their median. Each is the
 * faster system's figure where a comment gives Linux beside Windows. gpt-oss-20b (a mixture of
 * experts, 62 t/s on Windows, PR #19988) runs slower still: +34 % with it. */
#define RIG_DECODE_EFF_INTEL_ALCHEMIST  0.58
/* llama.cpp on AMD cards runs the linear-attention mixtures of experts (Qwen3.5 and 3.6's
 * 35B-A3B: 256 experts of 1.05 M weights a matrix beside Gated DeltaNet layers) at a share of
 * what the rates above give, with its faster backend, Vulkan, and slower still with ROCm, though
 * a dense hybrid (Qwen3.6-27B on an RX 7900 XTX, Vulkan, +2 %) and a plain mixture (Qwen3-30B-A3B
 * on an RX 7900 XT, Vulkan, +7 %) read at the rates above. No source says which kernel loses.
 * Fitted to one author's 2026 llama-bench runs of Qwen3.6-35B-A3B UD-Q4_K_M (shisa-ai/hipEngine
 * benchmarks/results, calibration.csv group "hr"): a Radeon PRO W7900 (July 2026, Vulkan build
 * 9600, five repetitions) decodes at 0.66 to 0.68 of the rates above at 512 to 32768 tokens of
 * cache and prefills 512, 4096 and 32768 tokens at 0.80, 0.77 and 0.69, and an RX 7900 XTX
 * (May 2026, build 9174, one repetition, at 290 W of its 303 W default package limit) decodes
 * at 0.63 and 0.66 and prefills at 0.75 and 0.73. The shares are the medians of the five
 * decode rows and of the W7900's three prompts. ROCm builds of the same weeks decode at 0.74
 * to 0.81 of Vulkan's speed, median 0.77 (RIG_LLAMACPP_AMD_ROCM_HYBRID_MOE_DECODE_SHARE, said
 * in a finding; the plan is Vulkan's). The Ryzen AI Max+ 395's GPU, not in the fit, decodes the
 * same model at -8.8 % (Q4_K_XL) and -20.8 % (Q8_K_XL) of the plan with the decode share, +38 and
 * +21 % without (kyuz0/amd-strix-halo-toolboxes, May 2026). Part of the share may be the files:
 * Unsloth's Qwen3.5-35B-A3B UD-Q4_K_XL keeps every tensor outside the experts in Q8_0 (312 q8_0
 * tensors in llama.cpp's log of it, ROCm/ROCm issue #6027), which holds two thirds of what a token
 * reads, where Q4_K_M's recipe scaled to the file's size gives them about 5 bits. The rows fitted
 * here do not state their files' types, so the share stays as fitted. */
#define RIG_LLAMACPP_AMD_HYBRID_MOE_DECODE_SHARE 0.66
#define RIG_LLAMACPP_AMD_HYBRID_MOE_PROMPT_SHARE 0.77
#define RIG_LLAMACPP_AMD_ROCM_HYBRID_MOE_DECODE_SHARE 0.77
/* Unified-memory chips other than Apple's, fitted to the 23 llama.cpp decode rows of the DGX
 * Spark and the Ryzen AI Max+ 395 in calibration.csv (ggml-org/llama.cpp benches/dgx-spark.md,
 * the Framework Desktop's): they read their LPDDR5X at nearly its peak, the Spark's 7B Q8_0 at
 * 29.3 t/s of 273 GB/s, the Strix Halo's 70B Q4_K_M at 5.0 t/s of 256 GB/s. */
#define RIG_DECODE_EFF_UNIFIED          0.95
#define RIG_DECODE_T0_UNIFIED_MS        2.0
/* CPU decode reaches 0.68-0.69 of theoretical DRAM bandwidth (13900K DDR5-6400 and DDR4-2667
 * measurements, research §3.3). */
#define RIG_DECODE_EFF_CPU              0.68
/* AMD's two-channel desktop processors (AM4, AM5) decode at nearly all of what their memory
 * reads, and read DRAM through their Infinity Fabric links, which cap it: a Ryzen 9 7950X gets
 * 60 of its 64 GB/s theoretical "in practice for TG (with dense models)" (ikawrakow, ik_llama.cpp
 * PR #232), a 5950X decodes Mistral 7B at 0.87 of DDR4-3600 (calibration.csv), and a Ryzen 9
 * 9950X3D's twelve dense models at 90-99 % of the 57 GB/s its STREAM read reaches of DDR5-6000's
 * 96, where published AIDA64 reads of healthy two-die AM5 machines reach about 75 (MrUnreal/
 * gpupoor _posts/2026-09-20-your-cpu-is-asleep.md and 2026-09-22-is-our-ram-at-half-speed.md).
 * The share, and the rate its dense rows decode at (between that machine's 57 and the healthy
 * 75): the 5950X row lands at -18 % where 0.68 of its bandwidth left it at -38 %. */
#define RIG_DECODE_EFF_CPU_AMD_DESKTOP  0.9
#define RIG_DECODE_AMD_DESKTOP_READ_GBPS 65.0
#define RIG_DECODE_T0_CPU_MS            1.0
/* Dequantizing kernels move fewer bytes per second than plain 16-bit ones: the Q4_K_M / F16
 * pairs above give k 0.80-0.92 on NVIDIA and Apple. Applied to GGUF block quantizations. */
#define RIG_KERNEL_FACTOR_GGUF          0.88
#define RIG_KERNEL_FACTOR_FLOAT         1.0
/* bitsandbytes dequantizes on the fly: gpu_poor (src/App.js) slows 4-bit by x3.0 and int8 by x4.5. */
#define RIG_KERNEL_FACTOR_BNB_4BIT      (1.0 / 3.0)
#define RIG_KERNEL_FACTOR_BNB_INT8      (1.0 / 4.5)
/* GPTQ, AWQ, FP8 and MLX kernels: between the two; no measured rows here. */
#define RIG_KERNEL_FACTOR_OTHER         0.8
/* llama.cpp's speculative decoding checks the drafted tokens in one step of its matrix-vector
 * kernels (MMVQ), which unpack each weight block once and then multiply it with every token of
 * the step: each drafted token adds this share of the unpacking's integer work
 * (RIG_DECODE_MMVQ_INT_OPS_PER_BYTE), about what its int8 dot products and scales take beside
 * the 11 instructions a byte of unpacking, and like it overlaps the weights' read. Fitted to the
 * August 2026 runs of calibration group "s" (Qwen3.8-27B drafting with its MTP module,
 * sudoingX/qwen38-mtp): on NVIDIA cards their speed-ups land within -11.7 to +15.0 % (the
 * launch-night RTX 3090 build +18.3 %, an NVFP4 file +28.0 %), where a fixed share of a step a
 * drafted token (RIG_LLAMACPP_VERIFY_EXTRA_PER_TOKEN) left RTX 5090s 16 to 41 % short and a V100
 * within 4 %: a fast card's read hides the extra work, a slow card's integer rate does not. */
#define RIG_LLAMACPP_VERIFY_UNPACK_SHARE 0.2
/* On cards whose integer rate the catalog lacks (AMD, Apple, Pascal) each drafted token adds this
 * share of a step instead. Fitted to three runs whose speed with and without the draft are both
 * known: Llama 3.1 8B with a 1B draft of 5 on an RTX 3060 (llama.cpp issue 5877: 0.15 a token)
 * and Qwen3.8-27B with its MTP head drafting 2 on RTX 3090s (sudoingX/qwen38-mtp README: 0.28 on
 * build b10450, 0.41 on a day-one build). Group "s" has two P40s at -12.8 %, an RX 7900 XTX
 * under Vulkan at -31 and -45 % and an M3 Ultra at +25.2 % with it. */
#define RIG_LLAMACPP_VERIFY_EXTRA_PER_TOKEN 0.25
/* Layer split over several GPUs: each extra GPU adds a hand-off per token. In May 2024 builds
 * (1, 2, 4 and 8 x RTX 4090 on Llama-3-8B Q4_K_M: 127.7, 122.6, 117.6, 116.1 t/s, research §1.J)
 * about 0.3 ms each, which tests/test-calibration.c adds back to rows of 2023-24 builds
 * (RIG_LAYER_SPLIT_HOP_MS_2023). Builds of 2026 show none: four RTX 4090s decode LLaMA 3 70B
 * Q4_K_M at 21.23 t/s and Llama 3.2 1B F16 at 314.75 split by layers (llama.cpp PR #19378), which
 * the plan puts at -8.9 and -10.4 % without hand-offs, -10.4 and -28.6 % with them. */
#define RIG_LAYER_SPLIT_HOP_MS          0.0
#define RIG_LAYER_SPLIT_HOP_MS_2023     0.3
/* DDR5 at two unbuffered modules a channel: AMD guarantees DDR5-3600 on AM5 (research §5 rule 7,
 * AMD's specification as reported), where one a channel gets DDR5-5200. */
#define RIG_DDR5_TWO_PER_CHANNEL_MTS    3600.0
/* Tensor parallel: two all-reduces per layer per token, latency-bound messages where the link's
 * bandwidth does not help. Over NVLink and NVSwitch vLLM's own all-reduce takes about the same
 * time whatever the number of GPUs: the eight-H100 gpt-oss-120b sweep (InferenceX #828: 3.68 to
 * 7.36 ms a token from 4 to 64 users) fits 25 us with vLLM's per-step time above. Over PCIe NCCL's
 * ring passes the message on 2 (n - 1) times: two RTX 3090s decode Qwen3.6-35B-A3B (40 layers) at
 * 182.3 and 186.98 t/s (noonghunna/club-3090 BENCHMARKS.md @4a29ab5, vLLM, TP=2, no NVLink), which
 * 12.5 us a step fits (+2.1 and -0.5 %); four RTX PRO 6000 Blackwell Server Edition cards over
 * PCIe, TP=4, decode Qwen3-235B-A22B-FP8 (94 layers) at 17.14 ms a token with one user (kubesimplify
 * blog, vLLM 0.27.1, 2026-08-31), which it then puts at 19.4 ms (-12 %, not fitted), where one
 * latency for any count put it at 10.0 ms (+71 %). */
#define RIG_TP_ALLREDUCE_US_PCIE_STEP   12.5
/* llama.cpp's -sm tensor (ggml PR #19378) all-reduces a prompt's activations, two a layer in
 * f32, at this share of each card's link rate, and waits RIG_LLAMACPP_TP_ALLREDUCE_US on each
 * (once a ubatch in a prompt, once a token in decode). Four RTX 4090s (PCIe 4.0 x16 planned) prefill
 * gpt-oss-120b at 5446 and 5211 t/s (pp512, pp8192), 3538 and 3762 after 65536 tokens of cache,
 * and Llama 3.2 1B in F16 at 18753 and 17823 (PR #19378's description, 'Performance on 4x RTX
 * 4090', column '-sm tensor'), which 0.28 puts at -15, -12, +16, +9, +1 and +5 %; 0.25 and 0.30
 * put the worst at -21 %. */
#define RIG_LLAMACPP_TP_LINK_EFF        0.28
/* Each -sm tensor all-reduce waits this long on a prompt's ubatch, and on a decode step in builds
 * before ggml PR #22041 (below): Llama 3.2 1B in F16 decodes at 409.87 t/s over the same four
 * RTX 4090s (PR #19378; 2.44 ms a token, of which reading a quarter of the weights takes 0.66 and
 * the per-token time RIG_DECODE_T0_NVIDIA_GDDR_MS), which 27.5 us for each of its 32 all-reduces
 * reproduces (-0.1 %). gpt-oss-120b lands at +2.9 and +10.1 % (tg128 with an empty cache and after
 * 65536 tokens; split by layers, -14.6 and -10.7 %); Gemma 4 31B, dense, over two RTX
 * 4090s at 59.45 and 48.80 t/s (PR #19378, empty cache and 65536 tokens of it), +8.2 and +4.9 %.
 * Taken for any number of cards. PR #22298's sweep of Gemma 4 26B-A4B's prompt over two RTX 4090s
 * from 16 to 2048 tokens a ubatch (2026-04-23, after PR #22041) lands from -17.3 to +12.2 % with
 * it, but at +28.8 % at 128 tokens, and from -17 to +37 % at the decode step's wait below. */
#define RIG_LLAMACPP_TP_ALLREDUCE_US    27.5
/* Since ggml PR #22041 ("Reduce CPU overhead in meta backend: cache subgraph splits when cgraph is
 * unchanged", 2026-04-19) a decode step's -sm tensor all-reduces wait this long: its own table
 * has Qwen3.5-35B-A3B in Q8_0 over two RTX 5090s decode 1.16 times as fast (179.46 to 207.74 t/s,
 * 9.5 us less for each of its 80 all-reduces). Fitted to the four decode rows of builds after it:
 * that Qwen3.5 row (-13.8 %), Gemma 4 26B-A4B over the same cards (PR #22129, +13.4 %),
 * gpt-oss-20b over two RTX PRO 6000s (the -sm tensor fork's same change, JohannesGaessler/llama.cpp
 * PR #14, -6.7 %) and Qwen3.8-27B over two RTX 5060 Ti on PCIe 3.0 x8 (sudoingX/qwen38-mtp,
 * -2.4 %), which 27.5 us put at -33, -19.7, -28 and -11 %; gpt-oss-20b over the two RTX 5090s
 * of that PR's table, added after the fit, lands at -9.0 %. Rows of earlier builds say so
 * (RigWorkload.llamacpp_tp_before_22041). */
#define RIG_LLAMACPP_TP_DECODE_ALLREDUCE_US 7.5
/* Since ggml PR #22299 ("internal AllReduce kernel for CUDA provider", scutler-nv, 2026-04-23,
 * merged in May) two CUDA cards of Volta or later all-reduce a prompt's activations without
 * NCCL: on Windows always, on Linux where llama.cpp was built without NCCL, the usual build
 * (ggml-cuda.cu, ggml_backend_cuda_comm_init_nccl (): "NCCL not compiled in; falling back to
 * internal AllReduce"). ggml-cuda/allreduce.cu converts each card's f32 partial to BF16 and has
 * the copy engines stage it through pinned host memory, device to host and host to device, then
 * adds: the plan moves the BF16 bytes at RIG_PCIE_HOST_COPY_EFF_PINNED of the link and waits this
 * long on each all-reduce of a ubatch. Fitted to the PR's own table (two RTX 5090s on Windows,
 * pp512 with the internal AllReduce: LLaMA 3.3 70B Q4_K_M 1830.95, Llama 3.2 3B Q8_0 13594.42,
 * Qwen3.5-35B-A3B Q8_0 7686.82 t/s), which 350 us put at +8.8, +14.5 and -12.8 % (27.5 us, the
 * NCCL builds' wait: +20, +154 and +4 %); with Blackwell's expert matmuls priced since
 * (RIG_PREFILL_EXPERT_FACTOR_BLACKWELL) the mixture lands at -26.7 %, and 300 us would put the
 * three at +12.2, +25.2 and -23.3 %. Checked after the fit on two RTX 5060 Ti on PCIe 3.0
 * x8 without P2P (sudoingX/qwen38-mtp sweeps/multi-gpu.md, Linux build ece963f4 of August 2026,
 * Qwen3.8-27B pp512 1028.04 t/s): +8.3 %, where the NCCL builds' link share put it at -45 %. */
#define RIG_LLAMACPP_TP_INTERNAL_WAIT_US    350.0
#define RIG_TP_ALLREDUCE_US_NVLINK      25.0
/* Multi-head latent attention split by tensor under vLLM: each layer's step takes this much more
 * than its reads and all-reduces, the same at one user and at four, with 8-bit or 4-bit weights,
 * on H100s or H200s. DeepSeek-R1 over eight H200s serves four users at 19.36 ms a token
 * (gpustack performance lab, deepseek-r1/h200.md, vLLM 0.11.0, ShareGPT at concurrency 4), which
 * its reads, all-reduces and per-layer step time (RIG_DECODE_T0_VLLM_HBM_LAYER_US) put at 9.7 ms:
 * 9.7 ms more, this much for each of its 61 layers. Its AWQ file over eight H100s decodes one user
 * at 16.1 ms a token from 128 to 2048 tokens of prompt (tenstorrent/tt-inference-server issue #356,
 * 2025-07-10), which the plan puts at 6.6 ms without it, 16.3 with it (-1 %). An absorbed MLA layer runs more and smaller kernels than
 * a GQA one: the query's low-rank pair and the latent's norm, two batched matrix products taking
 * the keys' and values' up-projections into the query and the output, and an attention kernel of
 * its own; vLLM's maintainers call its batch-1 decode traces of DeepSeek "very bad" (issue #24117,
 * 2025-09-02, there with experts spread over the GPUs). Only split by tensor: a single GPU's
 * larger slices hide part of it behind their reads, which no run measured. Taken for every such
 * model (Kimi K2, GLM-4.7-Flash); only DeepSeek-R1's were measured. */
#define RIG_VLLM_MLA_LAYER_US           158.0
/* llama.cpp's -sm row waits on the GPUs after each split matrix multiplication: four RTX 4090s
 * decode LLaMA 3 70B Q4_K_M at 17.56 t/s with -sm row, 21.23 with -sm layer (llama.cpp PR #19378,
 * JohannesGaessler 2026-02-07): with the weights read in parallel, about this much each. */
#define RIG_LLAMACPP_ROW_SYNC_US        70.0
/* transformers' generate () in eager mode: Python launches each layer's kernels one by one, a
 * floor under the time per step whatever the GPU, set by the host's processor. Per layer, in 16-bit
 * weights: Llama-2-7B on an A100 80GB 0.67 ms (46.39 t/s, premAI-io/benchmarks docs/llama2.md
 * @004a252, Jan 2024), Llama 3.1 8B and Qwen2.5 32B on an H100 0.76 and 0.79 ms (40.99 and 19.67
 * t/s, bitsandbytes benchmarking/README.md @1b7b9bb, transformers 4.46.3), Llama-2-7B and 13B on
 * A100s 0.77 to 0.83 ms (optimum-benchmark's 2023 running-llamas reports), LLaMA-7B on an A10G with
 * an EPYC 7R32 1.35 ms (fxmarty/accelerated-pytorch-transformers-generation). 0.77 is their
 * median, which the plan takes where the build has no processor the catalog rates: a fast desktop
 * processor runs about twice as fast (the RTX 4090 host of the bitsandbytes README, from its NF4
 * and int8 rows against the shares below, 0.32 to 0.42 ms). */
#define RIG_TRANSFORMERS_EAGER_MS_PER_LAYER 0.77
/* With a processor the catalog rates, the launches take the reference host's time scaled by the
 * ratio of single-thread ratings (Geekbench 6 single-core averages, cpu.single_thread): Python
 * runs on one core. The reference is optimum-benchmark's hf-dgx-01, an A100 SXM4 80GB beside an
 * AMD EPYC 7742 (its reports' environment block), which decodes Llama-2-7B in FP16 at 38.7 t/s
 * under transformers 4.35.2 in eager mode (running-llamas, batch 1, decode only): 0.81 ms for each
 * of its 32 layers, the GPU's read of the weights taking under a third of that. The EPYC 7742
 * rates 1293, an i9-13900K 2983: 2.3 times as much, the ratio AutoAWQ's README of August 2023
 * measured between an RTX 4090's decode beside an i9-13900K and beside "AMD EPYC 7-Series" hosts
 * (7.5 to 8.5 against 17.7 to 18.6 ms a token, MPT-7B in AutoAWQ's eager loop). */
#define RIG_TRANSFORMERS_EAGER_REF_MS_PER_LAYER   0.81
#define RIG_TRANSFORMERS_EAGER_REF_SINGLE_THREAD  1293.0
/* transformers' generate () grows its KV cache by copying it whole every step: each layer's keys
 * and values are concatenated with the new token's (torch.cat over the sequence, in the legacy
 * cache of 4.35's LlamaAttention, in DynamicCache.update from 4.36 and DynamicLayer.update from
 * 4.56), reading and writing the whole cache beside the attention's own read. Fitted to one
 * host's batch sweep, where the copies
 * bind once a step's sequences hold enough tokens: optimum-benchmark's running-llamas artifacts
 * (examples/running-llamas/artifacts/Llama-7b and Llama-13b/full_report.csv @c8bbe4e; an A100
 * SXM4 80GB beside an AMD EPYC 7742, transformers 4.35.2) decode Llama-2-7B and 13B in FP16 at
 * batches of 2 to 64 over a 256-token prompt and 512 new tokens, eager, SDPA and FlashAttention-2
 * alike (619, 617 and 619 t/s for 7B at 32: the copies, not the attention, take the time). The
 * cost of five reads of the cache at the rate the plan reads weights puts the 33 rows at -8.6 to
 * +11.6 % (median 3.4 %; -8.6 to +6.4 % since the host's launches follow its EPYC 7742, above),
 * where without it batches of 16 to 64 ran 33 to 258 % fast: two passes
 * over the cache at about two fifths of that rate, as a concatenation over the sequence of
 * (batch, heads, tokens, head) tensors moves rows of a head's 256 bytes. Checked, after the fit,
 * on the same host's earlier sweeps (generate throughput, transformers 4.34 and 4.35.0.dev0):
 * Llama-2-7B over 512 + 1000 tokens at batches of 2 to 16 within -5.1 to +12.7 %, Vicuna 7B over
 * 128 + 256 within 9.3 %; Mistral 7B, whose eight KV heads each serve four query heads, decoded 16
 * sequences as fast as Llama-2-7B's 32 KV heads (319 and 316 t/s), as its eager attention copied
 * each KV head out to its query heads every step (repeat_kv, transformers_kv_copy_passes () in
 * rig-speed.c): +6.3 and +0.4 % at batches of 8 and 16, +104 % without those copies. Versions
 * from 4.48 (January 2025) hand the shared heads to PyTorch's SDPA (enable_gqa) where no mask is
 * needed, as in one sequence's decode, and copy them where a padded batch needs one; rows of
 * earlier versions say repeat_kv=1 (RigWorkload.transformers_repeat_kv). */
#define RIG_TRANSFORMERS_KV_COPY_PASSES 5.0
/* A quantized linear layer adds the host work of its library to every step, beyond the layer's
 * launches above: a share of their time, as both follow the host. bitsandbytes 0.45 (December
 * 2024) on the H100 host of its README (@1b7b9bb, 'Results (as of v0.45.0)', batch 1, v0.45.0.dev
 * columns) against that host's 16-bit layer time: NF4 adds 0.051, 0.056 and 0.048 of it a linear
 * layer (Llama 3.1 8B, Qwen2.5 32B, Llama 3.1 70B), NF4 with double quantization 0.098, 0.099 and
 * 0.099, LLM.int8 () with transformers' default outlier threshold of 6.0 (its 'INT8+Decomp'
 * rows; inference_benchmark.py) 0.34, 0.37 and 0.31. */
#define RIG_TRANSFORMERS_BNB_NF4_LINEAR_SHARE    0.052
#define RIG_TRANSFORMERS_BNB_NF4_DQ_LINEAR_SHARE 0.099
#define RIG_TRANSFORMERS_BNB_INT8_LINEAR_SHARE   0.34
/* bitsandbytes multiplies a single token's input by its 4-bit weights directly (gemv_4bit); for
 * more tokens at once it unpacks each weight to 16 bits and hands it to torch's GEMM
 * (bitsandbytes/autograd/_functions.py matmul_4bit), which takes more host time and writes and
 * reads the unpacked copy: RIG_BNB_4BIT_UNPACKED_BYTES a weight. On the H100 host of the README
 * above, batches of 8 and 32 add 0.124 and 0.123 of a 16-bit layer's time a linear layer in NF4,
 * 0.174 and 0.173 with double quantization; its RTX 4090 decodes Llama 3.1 8B NF4 at batch 8 in
 * 42.5 ms a step, the unpacked copies' traffic, where a single token takes 14.8. */
#define RIG_TRANSFORMERS_BNB_NF4_BATCH_LINEAR_SHARE    0.124
#define RIG_TRANSFORMERS_BNB_NF4_DQ_BATCH_LINEAR_SHARE 0.174
#define RIG_BNB_4BIT_UNPACKED_BYTES                    4.0
/* AutoAWQ's 4-bit linear layers, as transformers runs them: a pass of fewer than
 * RIG_AWQ_FP16_MATMUL_TOKENS tokens (batch x sequence) multiplies in AWQ's own GEMM kernel, a
 * longer one unpacks every weight to 16 bits and hands it to torch.matmul
 * (FP16_MATMUL_HEURISTIC_CONDITION in awq/modules/linear/gemm.py @d9dc8e5; AutoAWQ 0.1's
 * WQLinear_GEMM, awq/modules/linear.py @2edb3f6, used the kernel for every size). The kernel
 * multiplies at about RIG_AWQ_GEMM_TFLOPS whatever the card: AutoAWQ 0.1.6 runs Mistral 7B's 512
 * tokens (eight sequences of 64) at 4199.18 t/s on an RTX 4090, 58.6 TFLOPS in its linear layers,
 * and 2048-token prompts of 7B to 34B models at 54 to 72 (its README's benchmark table, 'Tested
 * with AutoAWQ version 0.1.6'); under transformers 4.35 an A100 prefills Mistral 7B's 512 tokens
 * at 3122 t/s (optimum-benchmark's running-mistrals report), 43.6 TFLOPS with everything else in
 * the pass, which the plan then puts at +27 % where the 16-bit rate put it at +153 %. The longer
 * pass writes and reads the unpacked copy as bitsandbytes' does (RIG_BNB_4BIT_UNPACKED_BYTES). */
#define RIG_AWQ_FP16_MATMUL_TOKENS                     1024.0
#define RIG_AWQ_GEMM_TFLOPS                            58.0
/* GPTQ through transformers' own integration (optimum, exllama kernels by default since
 * transformers 4.32) and AutoAWQ's layers under transformers add a little host time a linear
 * layer, fitted as the bitsandbytes shares above against the same host's 16-bit rows: on one A100
 * host (an EPYC 7742) optimum-benchmark decodes Llama-2-7B at 35.2 t/s in GPTQ beside 38.2 in
 * FP16 (running-llamas, both transformers 4.34.1), 0.012 of the 16-bit layer's time a linear
 * layer, and Mistral-7B at 31.7 in GPTQ (4.34.1) and 31.2 in AWQ (4.35.0.dev0) beside 35.3 in FP16
 * (4.35.0.dev0; running-mistrals), 0.016 and 0.019. GPTQ takes the median of its two, AWQ its
 * one row. Calibration only: AutoGPTQ's own model class of
 * 2023 (AutoGPTQForCausalLM.from_quantized, use_triton=False, as liltom-eth/llama2-webui's
 * llama2_wrapper/model.py loads it) decoded Llama-2-7B at 18.85 and 18.19 t/s on an RTX 2080 Ti
 * and a T4 whatever their bandwidth (its docs/performance.md), fitted at 0.14 ms a linear layer
 * beside launches taken at 0.67 ms a layer: 0.21 of them. */
#define RIG_TRANSFORMERS_GPTQ_LINEAR_SHARE       0.014
#define RIG_TRANSFORMERS_AWQ_LINEAR_SHARE        0.019
#define RIG_TRANSFORMERS_GPTQ_LINEAR_SHARE_2023  0.21
/* Calibration only: bitsandbytes before 0.45 unpacked NF4 and int8 slower. Fitted on the A100 runs
 * of premAI-io/benchmarks (docs/llama2.md @004a252, Jan 2024), Llama-2-7B's 224 linear layers:
 * NF4 at 21.72 t/s (transformers) and 24.83 (LitGPT) against 46.39 and 44.56 in FP16, 0.11 and
 * 0.08 ms a layer beside the 0.67 ms one; LLM.int8 () at 6.98 and 10.50, 0.54 and 0.33 ms, taken
 * between them (an RTX 2080 Ti in liltom-eth/llama2-webui spends about 1 ms). The README above
 * puts 0.45's gain over 0.44.1 at 10 to 25 % for NF4 and 60 to 85 % for int8 at batch 1. */
#define RIG_TRANSFORMERS_BNB_4BIT_LINEAR_SHARE_2023 0.142
#define RIG_TRANSFORMERS_BNB_INT8_LINEAR_SHARE_2023 0.657

/* Prefill: tokens/s = efficiency x dense FP16 tensor FLOPS / FLOPs per token. From the measured
 * pp1024 rows: RTX 4090 0.67, RTX 3090 0.87, 2 x RTX 4090 on 70B 0.77 of the FP32-accumulate
 * figure; A100 0.30-0.36 and H100 0.25-0.28 (after the factor below) of their dense figure;
 * Apple 0.55-0.66 of the GPU's FLOPS. */
#define RIG_PREFILL_EFF_NVIDIA_GDDR     0.78
/* llama.cpp multiplies FP16 weights (and, before its int8 MMQ kernels, dequantized ones) with
 * cuBLAS computing in FP16 (ggml-cuda.cu, CUBLAS_COMPUTE_16F): GeForce cards do that at twice the
 * FP32-accumulate figure the catalog gives and the efficiency above is taken against; workstation
 * and data-centre cards at their catalog figure. So a workstation card's figure counts half:
 * four RTX A6000s prefilled LLaMA 3 70B Q4_K_M at 496 t/s in May 2024, four RTX 3090s at 301
 * (XiongjieDai/GPU-Benchmarks-on-LLM-Inference), not the 2.2 times their catalog figures say. */
#define RIG_CUBLAS_FP16_ACC_GEFORCE_RATIO 2.0
#define RIG_PREFILL_EFF_NVIDIA_HBM      0.27
/* 16-bit weights skip the unpacking pass quantized ones took before cuBLAS: with the same cards
 * and builds, LLaMA 3 70B's F16 prompt ran 1.46 times its Q4_K_M one on eight RTX 4090s and 1.60
 * times on four H100 PCIe (XiongjieDai/GPU-Benchmarks-on-LLM-Inference, May 2024), while one RTX
 * 4090 prefilled CodeLlama 7B in F16 at 1.17 times the efficiency above (llama.cpp PR #4766,
 * January 2024; smaller matrices): 1.35, between them. */
#define RIG_PREFILL_FLOAT_FACTOR_LLAMA_CPP 1.35
/* PyTorch's own GEMMs (transformers, vLLM) on the same cards: optimum-benchmark's forward passes
 * of Llama-2 7B and 13B and Mistral 7B in FP16 over 256- and 512-token prompts on an A100 SXM
 * (transformers 4.34-4.35, eager, SDPA and FlashAttention-2; calibration.csv regime 11) run at
 * 0.33 to 0.42 of its 312 TFLOPS: 0.37 their median. */
#define RIG_PREFILL_EFF_NVIDIA_HBM_PYTORCH 0.37
/* vLLM runs a prompt through its compiled forward pass (torch.compile, fused kernels) on the same
 * cards at this share of their dense figure, nearly twice PyTorch's eager rate. Fitted with the
 * overhead below to eight prompts of Qwen3-8B on one H100 SXM at one request at a time, 128 to
 * 8192 tokens in BF16 and FP8 (tgarg01/silybench-data derived/csv/perf_points.csv @93e4887, vLLM
 * 0.30.0, p95 TTFT; FP8 planned at the BF16 rate), and checked on Qwen3-14B-AWQ's 16000-token
 * prompts on an A100 80GB (vllm-project/vllm#20469, vLLM 0.9.1, median TTFT 3452 ms): BF16 within
 * 9 %, FP8 18 to 23 % faster than planned, the A100 21 % slower. */
#define RIG_PREFILL_EFF_NVIDIA_HBM_VLLM 0.65
/* What a request spends in vLLM's server beyond its prompt's forward pass before its first token
 * (HTTP, tokenizing, scheduling, sampling, streaming): a 128-token prompt of Qwen3-8B on an H100
 * SXM reaches its first token in 14.2 ms (BF16) and 14.5 ms (FP8) at p95, of which the forward
 * pass takes about 3 (same source). */
#define RIG_VLLM_REQUEST_OVERHEAD_MS    11.0
/* llama.cpp's CUDA kernels use mma.sync, which on Hopper reaches about two thirds of the
 * wgmma peak that the H100's datasheet figure assumes (FlashAttention-3, arXiv 2407.08608 §2.2). */
#define RIG_HOPPER_MMA_SYNC_FACTOR      (2.0 / 3.0)
/* llama.cpp's dp4a kernels, of the int8 dot-product rate (rig-device.c): Tesla P40 (47 TOPS)
 * pp512 LLaMA-7B Q4_0 912.41 t/s (0.26) and Q4_K_S 850.65 (0.25), llama.cpp PR #4766 era
 * (Jan 2024); pp2048 Llama-3-8B Q5_0 818.15 (0.29), Jun 2024; docs/measurements/speed.csv. */
#define RIG_PREFILL_EFF_DP4A            0.26
/* llama.cpp's MMQ kernels on int8 tensor cores (since PR #7676 / #7860, June 2024; the default
 * on such cards since #8075), of the dense INT8 tensor rate. CUDA builds of 2026 prefill LLaMA 3
 * 8B at 4404, 4502 and 4136 t/s on an RTX 3090 (Q4_K_S, Q4_1, IQ1_S: 0.25, 0.26, 0.24 of its 284
 * TOPS) and at 12394, 12352 and 10428 on an RTX 4090 (Q4_K_S, IQ4_NL, IQ3_XXS: 0.30, 0.30, 0.26
 * of 661; pp512, ubatch 512, llama.cpp PR #24127's master column, June 2026), 11236 for Q5_1
 * over 2048 tokens (0.28; PR #22298), 14934 for IQ4_NL on an RTX 5090 (0.29 of 838; PR #24127),
 * and LLaMA 3 70B Q4_K_M split by layers over four RTX 4090s at 1435 t/s (0.31; PR #19378), where
 * FP16 cuBLAS held 2023-24 builds to 3865 and 835. Llama 3.2 1B Q4_0 on the RTX 4090 reaches 0.18
 * (48314 t/s, PR #20586): a small model's prompt spends more of its time outside the matrices
 * (RIG_PREFILL_PASS_BYTES_*). */
#define RIG_PREFILL_EFF_INT8_MMA        0.27
/* What llama.cpp's quantized prompts reach on a Volta card, where batches of 64 tokens or more
 * (MMQ_DP4A_MAX_BATCH_SIZE, ggml-cuda/mmq.cuh) are unpacked to FP16 for cuBLAS on the tensor
 * cores: a Tesla V100 PCIe 32GB (112 TFLOPS) prefills Llama-3.1-8B Q5_0, IQ4_NL and IQ4_XS at
 * 3331, 2957 and 2959 t/s (pp512, llama.cpp PR #24127's master column, 2026), 0.48, 0.43 and
 * 0.43 of it as the plan counts a prompt's FLOPs: 0.45 their geometric mean, against the 0.27
 * of HBM cards that run MMQ on int8 tensor cores. The only Volta prompts found, so fitted on
 * them and not checked beyond them. */
#define RIG_PREFILL_EFF_VOLTA_CUBLAS    0.45
#define RIG_LLAMACPP_MMQ_DP4A_MAX_BATCH 64
/* The ubatch the plan offers a mixture of experts where llama.cpp's default 512 leaves each
 * expert few tokens: llama.cpp's DGX Spark benches (benches/dgx-spark.md) run every model at
 * -ub 2048. */
#define RIG_LLAMACPP_MOE_UBATCH         2048
/* And the ubatch it offers a workload with weights in system memory, which llama.cpp copies to
 * the GPU once a ubatch: gpt-oss-120b with every expert there prefilled at 182.89 tokens/s at
 * -ub 512 and 483.99 at 2048 (llama.cpp PR #15346). */
#define RIG_LLAMACPP_OFFLOAD_UBATCH     2048
/* The fewest tokens an expert gets that the ubatch law above prices: it was fitted to ubatches
 * of 16 to 512 (RIG_LLAMACPP_UBATCH_HALF_TOKENS), and with 8 or fewer llama.cpp's CUDA backend
 * multiplies with its matrix-vector kernels (MMVQ_MAX_BATCH_SIZE, ggml-cuda/mmvq.cuh), which
 * reading the weights bounds. */
#define RIG_LLAMACPP_MMQ_MIN_EXPERT_TOKENS 16.0
/* The share of the rate above at which Blackwell's GeForce and workstation cards (RTX 50, RTX PRO
 * 6000; compute capability 12.0) run llama.cpp's routed-expert matmuls in a prompt, beside what
 * Ampere's and Ada's cards reach, which the law above was fitted to. The mixtures of experts'
 * prompts on those cards in regime 9 ran below the plan at the full rate, ten of 11 rows, by a
 * median of 13.9 % (to 54.8 %), while Ada's held: split by layers, two RTX PRO 6000s ran
 * Qwen3-30B-A3B, Qwen3-235B-A22B and gpt-oss-20b at +54.8, +51.2 and +51.0 %
 * (JohannesGaessler/llama.cpp PR #14, March 2026), where four RTX 4090s ran Qwen3-30B-A3B at
 * +1.2 % (PR #19378); two RTX 5090s ran gpt-oss-20b and Gemma 4 26B-A4B under -sm tensor at +28.7
 * and +27.1 % (PRs #22041 and #22129). Their dense prompts land where Ada's do. Fitted to the 11
 * rows (least squares of the log of the error): 0.72 puts their mean at 0 and their median at
 * -4.1 % (worst -26.7 %, Qwen3.5-35B-A3B under -sm tensor over two RTX 5090s on Windows, PR
 * #22299; that model's three rows, whose 256 experts of 1.05 M weights the size law already slows,
 * move from +7, -13 and +14 % to -18, -27 and -7 %). No held row outside them checks it. The same
 * cards' single gpt-oss prompts (group 1g) move the same way, the RTX 5090's from +66.0 to
 * +30.7 %, the RTX PRO 6000's from +44.6 to +14.5 % (PR #17906), and NVIDIA's tuning of the expert
 * kernels' tile widths sets Blackwell apart from Ampere and Ada (llama.cpp PR #26977, August 2026,
 * open). The DGX Spark's GB10 is left out: its rows fix its own prompt efficiency
 * (RIG_PREFILL_EFF_UNIFIED), experts and dense together. */
#define RIG_PREFILL_EXPERT_FACTOR_BLACKWELL 0.72
#define RIG_PREFILL_EFF_APPLE           0.60
/* That efficiency is llama.cpp's Metal backend's. mlx-lm prefills faster on the same Mac: 1.14
 * times llama.cpp's speed on average over 20 prompt lengths of Llama-3.3-70B at 4 bits on an M3
 * Max (github.com/ml-explore/mlx-examples/issues/1029, comment by chigkim 2024-12-15, MLX 0.21.1
 * against llama.cpp b4326 with flash attention). */
#define RIG_PREFILL_MLX_FACTOR_APPLE    1.14
/* llama.cpp's Metal backend runs a mixture of experts' prompt through its expert matmuls
 * (mul_mat_id) below the dense rate: Qwen3-Coder-30B-A3B Q8_0 on an M2 Ultra (pp512, pp2048,
 * pp16384; llama.cpp PR #15616) and DeepSeek-R1 Q4_K_M on an M3 Ultra (pp512, pp4096;
 * geerlingguy/beowulf-ai-cluster#17) run at 0.86, 1.04, 0.82, 0.73 and 0.72 of the dense
 * prediction: 0.83 their geometric mean (calibration.csv). Elsewhere (CUDA, ROCm) the expert
 * matmuls run the dense kernels over the tokens routed to each expert, which the ubatch law
 * (RIG_LLAMACPP_UBATCH_HALF_TOKENS) prices with no constant of its own: gpt-oss-20b and
 * gpt-oss-120b on a DGX Spark at -ub 2048 (256 and 64 tokens an expert) land at +6.8 and +1.9 %,
 * gpt-oss-20b on an RX 7900 XTX at +0.9 %, where one factor for all of them had left 120b 35 %
 * high. mlx-lm's expert kernels do not show it (ml-explore/mlx-lm#92). */
#define RIG_PREFILL_MOE_FACTOR_METAL    0.83
/* The RX 7900 XTX's Llama-3.1-8B Q4_K_M pp2048, 3189 and 3294 t/s (calibration.csv). */
#define RIG_PREFILL_EFF_OTHER_GPU       0.43
/* Intel's Arc cards under llama.cpp's SYCL backend reach this share of their XMX FP16 rate: the
 * B580 (116.5 TFLOPS, half its 233 INT8 TOPS) prefills Llama-2-7B Q4_0 at 2156.43 t/s (pp512,
 * llama.cpp PR #13885, May 2025) and a Qwen2 7B Q4_K_M at 2335.96 and 1988.33 (pp512, pp2048;
 * IPEX-LLM's SYCL build, intel/ipex-llm issue #12991, March 2025), which the AMD cards' 0.43 put
 * at +44, +22 and +41 %. Taken for the Arc Pro B60 (the same chip), with no row of its own; the
 * A770 and B580's Vulkan rows use other kernels (cooperative matrices since PR #14001). */
#define RIG_PREFILL_EFF_INTEL           0.32
/* Besides its matrices, each layer of a prompt sends every token's activations through passes
 * bound by memory, which llama.cpp's CUDA and ROCm backends run in fp32: the RMS norms (fused with
 * their scale, and the second with the residual add before it), the q8_1 copy of each matmul's
 * input its MMQ kernels read, the matmuls' fp32 outputs, RoPE, the attention's input and output,
 * SwiGLU, the residual adds and the K and V rows written to the cache. Counted from the Llama
 * graph (llama.cpp src/models/llama.cpp; ggml-cuda's rms_norm, add and glu fusions): per token and
 * layer, 91 bytes per element of the hidden state, 28 per element of the K (or V) projection and
 * 25 per element of the feed-forward width, read and written at the card's decode efficiency.
 * They weigh most on small models, whose matrices are small against their activations: Llama 3.2
 * 1B's 16 layers of 2048 move 6.5 MB a token, 3.5 ms of the 10.6 an RTX 4090 spends on a
 * 512-token ubatch (48314 t/s, llama.cpp PR #20586; planned 46.9 % too fast without them, within
 * 2 % with them); Llama 3.2 1B in F16 over four RTX 4090s (PR #19378) went from +54.6 to +7 %. The
 * efficiencies above were fitted to whole prompts with these passes inside them; priced apart,
 * the matrices run 1.05 times as fast as those efficiencies say: of 1.0, 1.03, 1.05, 1.07 and 1.1,
 * the factor that leaves the NVIDIA and AMD prompts of calibration.csv (regimes 1, 2, 3, 9, h and
 * v) within their bounds with the smallest median error. Not priced: the RTX 4090's and 5090's
 * large L2 caches (72 and 96 MB), which may hold a ubatch's activations: 2026 builds prefill Llama
 * 3.1 8B on them 19 to 29 % faster than this plans, on an RTX 3090 within 5 %. Apple's Metal and
 * the unified-memory chips keep the passes inside their efficiencies: their rows, fitted that
 * way, do not set them apart (pricing them moved Apple's median error from 8.8 to 11.1 %). */
#define RIG_PREFILL_PASS_BYTES_HIDDEN   91.0
#define RIG_PREFILL_PASS_BYTES_KV       28.0
#define RIG_PREFILL_PASS_BYTES_FFN      25.0
#define RIG_PREFILL_MATRIX_FACTOR_LLAMA_CPP 1.05
/* Unified-memory chips other than Apple's: fitted to calibration.csv's prefill rows of the DGX
 * Spark (CUDA) and of the Ryzen AI Max+ 395 in builds of 2025. That chip's GPU (AMD's) prefills
 * faster in 2026 builds (RIG_CALIBRATION_STRIX_HALO_2025_PROMPT_FACTOR): in May 2026, with the
 * fastest of five backends for each model (kyuz0/amd-strix-halo-toolboxes, builds 9187 and 9193):
 * the median of its seven prompt rows, Llama 2 7B Q4_0 at 1545 t/s (-4.0 %), gpt-oss-20b and -120b
 * (+1.4 and -19.8 %), Gemma 4 26B-A4B (+20.8 %) and Qwen3.6's 27B and 35B-A3B (within 2.2 %); the
 * rate the DGX Spark's rows give had put them 11 to 41 % slow. */
#define RIG_PREFILL_EFF_UNIFIED         0.25
#define RIG_PREFILL_EFF_UNIFIED_AMD     0.34
/* Calibration only: the Ryzen AI Max+ 395's prompts in 2025 builds (llama.cpp 6077 to 6792,
 * August to October 2025) ran at this share of 2026's: Llama 2 7B Q4_0 at 1230 t/s with the
 * fastest backend then (lhl/strix-halo-testing llm-bench), 1545 in May 2026 (kyuz0). */
#define RIG_CALIBRATION_STRIX_HALO_2025_PROMPT_FACTOR 0.80
/* CPU: FP32 FMA throughput per core per cycle (two 256-bit FMA pipes: 2 x 8 x 2 = 32), the
 * measure of a core's SIMD width; llama.cpp's CPU kernels multiply quantized weights with int8
 * dot products, at RIG_PREFILL_EFF_CPU of it in Q4_0 (the type it repacks for its fastest
 * kernels; the others run at rig_speed_cpu_prompt_factor () of that, rig-speed.c). Intel lists
 * 512-bit FMA units per processor ("# of AVX-512 FMA Units: 2" on ark.intel.com for the Xeon
 * W-2400 and W-3400 and the Core i9-10900X); Zen 5 has two natively on the desktop and in EPYC
 * 9005, where Zen 4 runs each 512-bit instruction on its 256-bit pipes in two halves
 * (numberworld.org, "Zen5's AVX512 Teardown", 2024; hothardware.com on EPYC Turin: "Zen 5 is
 * twice as fast as Zen 4 when performing AVX operations"): the catalog's avx512_fma_units.
 * llama.cpp's kernels gain less than twice from them. Fitted to the CPU-only prompts in
 * calibration.csv, in Q4_0 terms at the boost clock: a Ryzen 9 9950X3D (Zen 5, 16 cores)
 * prefills Qwen2.5-7B at 230 t/s in Q4_0, a Ryzen 9 7950X (Zen 4) LLaMA-3.1-8B at 170 (PR
 * build 5688, 2025), a Ryzen 9 5950X (Zen 3) and a Threadripper 3970X (Zen 2, 32 cores,
 * overclocked) Mistral 7B in Q5_K_M and Llama 3.1 8B in Q4_K_M at 48.6 and 155.5: 1.6 times
 * the AVX2 cores' geometric mean a core and a clock on Zen 5 (two units at 25 each, 50 a
 * cycle), at 0.75 of the figure; the 7950X, whose VNNI the figure does not count, lands 20 %
 * slow and the 5950X (build not stated) 30 % fast. */
#define RIG_CPU_FLOPS_PER_CYCLE         32.0
#define RIG_CPU_FLOPS_PER_AVX512_FMA    25.0
#define RIG_PREFILL_EFF_CPU             0.75
/* The prompt rate against Q4_0's at or below which the plan says so (speed.cpu-prompt-quant):
 * Q6_K, the 3- and 5-bit K-quants, IQ4_XS and the 2- and 3-bit i-quants (0.22 to 0.55) and
 * 16-bit weights (0.51). */
#define RIG_CPU_PROMPT_SLOW_KERNELS     0.55
/* Intel AMX's int8 tile multiplies: llama.cpp's CPU backend runs the matmuls of Q4_0 and Q4_1
 * weights on them (ggml-cpu/amx, PR #8998 by mingfeima: qtype_has_amx_kernels () as merged; a
 * Q4_K_M model's q4_K tensors "cannot be used with preferred buffer type AMX", issue #12003),
 * which "became 2x faster" for prompts than the build before it on the same Xeon (gemma-2b Q4_0;
 * comment by nai-kon, 2024-11-12, PR #8998). Decode is unchanged (ollama PR #9203 measured
 * -7 to +7 % from AMX on Sapphire and Emerald Rapids). One report, taken as it stands. */
#define RIG_PREFILL_AMX_FACTOR_LLAMA_CPP 2.0
/* llama.cpp's GPU matrix kernels run a ubatch of u tokens at u / (u + 64) of their full rate: an
 * RTX 3090 prefills Llama 3 8B Q5_1 at 1014, 1530, 1987, 2668, 3355 and 3494 t/s with ubatches of
 * 16 to 512 (llama.cpp PR #7676, JohannesGaessler's table), 0.29 to 0.96 of the 512 figure where
 * this gives 0.23 to 0.90; an RX 7900 XTX's Llama 3.1 8B at -ub 64 runs at 0.56 and 0.62 of its
 * -ub 512 rate, and Qwen3-14B at -ub 1024 at 1.05 to 1.07 (PRs #26284 and #18537), where this
 * gives 0.56 and 1.06. The efficiencies above are taken at 512. */
#define RIG_LLAMACPP_UBATCH_HALF_TOKENS 64.0
/* llama.cpp's CUDA FlashAttention runs a prompt's attention over heads of 256 (Qwen3.5 and 3.6,
 * Qwen3-Next, Gemma 2 and 3) at about a fifth of the rate the plan gives heads of 128: on one RTX
 * 4090 (build 9db77a020, jiegec/kb docs/software/llm_local_serving.md @23addc7), 1024-token
 * prompts after 8k to 64k tokens of cache take 30.5 to 45 TFLOPS for their attention (the time
 * beyond the prompt at an empty cache over 4 x context x heads x 256 per full-attention layer)
 * in Qwen3.5-9B, Qwen3.5-27B and Qwen3.6-35B-A3B alike, whose four, six and eight query heads a
 * KV head do not change it; 36 on average, of the 178 the int8 MMQ rate gives. LLaMA 3 70B's
 * heads of 128 over four RTX 4090s take 168 at 32k tokens (PR #19378), near that rate. */
#define RIG_LLAMACPP_FA_WIDE_HEAD_FACTOR_CUDA 0.2
/* Over Gemma 4's global heads of 512 (eight query heads a KV head) the same kernels run at about
 * half the matrices' rate, not a fifth: on two RTX 4090s split by layers (llama.cpp PR #19378,
 * "Performance on 2x RTX 4090"), 512-token prompts after 65536 tokens of cache run at 3892.61
 * t/s (26B-A4B Q4_0) and 1308.09 (31B Q4_K_M) against 8682.29 and 2998.02 at none: 76 and 100
 * TFLOPS for their attention (4 x context x heads x 512 per global layer), 0.43 and 0.56 of the
 * int8 MMQ rate. One table: the 26B's prompt lands at +13 % at 0.5, the 31B's at -15 %, where
 * its empty-cache prompt is already 20 % fast. */
#define RIG_LLAMACPP_FA_HEAD512_FACTOR_CUDA 0.5
/* Over heads of 128 or fewer the same kernels run a prompt's attention faster the more query heads
 * share a KV head (they take the query heads of one KV head together, reading each K and V tile
 * once for all of them): at (g + 1) / (RIG_LLAMACPP_FA_GQA_FULL + 1) of the rate for g query heads
 * a KV head, the whole rate from RIG_LLAMACPP_FA_GQA_FULL on. 512-token prompts after 32768
 * tokens of cache: LLaMA 3 70B (eight a KV head) over four RTX 4090s at -11 and +7 % of the full
 * rate (PR #19378), LLaMA 3 8B (four) on an RTX 3090 at 1471 t/s (PR #17505's master column),
 * +50 % at the full rate and +7 % at five ninths of it, LLaMA 2 7B (one) on an RTX 5090 at 2685
 * (PR #17891's), +152 % and -10 % at two ninths. Three models on three generations of cards; heads
 * of 256 show no such trend (above). Multi-head latent attention (DeepSeek), whose heads all share
 * one latent, keeps the whole rate. */
#define RIG_LLAMACPP_FA_GQA_FULL        8.0
/* llama.cpp's quantized-matrix kernels on NVIDIA and AMD GPUs unpack 2- and 3-bit K-quants (low
 * bits, high-bit mask and 6-bit scales) at a cost the 4-bit and wider ones do not have: a Tesla
 * P40 prefills LLaMA 7B Q3_K_S at 0.64 of its Q4_0 rate (PR #4766), an RX 7900 XTX Llama 3.1 8B
 * Q2_K at 0.67 of Q4_K_M (PR #26284) and a Radeon PRO W7900 Q3_K_S at 0.89 of IQ4_NL (PR #17576):
 * 0.73 their geometric mean; an RTX 3090 Llama 2 70B Q2_K beside system memory in June 2024 (PR
 * #8035; planned 15 % fast without it, 10 % slow with it). Builds of 2026 on the int8 tensor cores
 * of Ampere and later GeForce and workstation cards show no such cost: an RTX 4090 prefills
 * Qwen3.5- and Qwen3.6-35B-A3B from Unsloth's UD-Q3_K_XL files 3 to 4 % faster than from their
 * UD-Q4_K_XL ones at every depth to 32k (jiegec/kb, build 8820), so there it is not charged
 * (RigDevice.lowbit_mmq_free; the calibration charges it to rows of earlier builds). */
#define RIG_PREFILL_LOWBIT_KQUANT_FACTOR 0.73
/* Prompt length the plan reports prefill speed for, when it is longer than the context. */
#define RIG_PREFILL_TOKENS              512

/* Training throughput: the FLOPs a token costs (rig-speed.c train_flops_per_token: 6 N for a
 * full fine-tune, 4 N for LoRA, attention's 12 L d s, and a second forward pass under
 * checkpointing) at a share of the GPUs' 16-bit tensor rate. PyTorch in eager mode ran at 0.53
 * of an A100's 312 TFLOPS (torchtune's full fine-tune of Llama 3.2 3B on packed 4096-token
 * sequences, README 'Optimization flags' @1814feb1) and at 0.46 and 0.47 of an H100 SXM's 989
 * (NeMo AutoModel's LoRA of Llama 3.1 8B and Qwen2.5 7B at 4096 tokens,
 * docs/performance-summary.md @2013a4dd): 0.49 their geometric mean. torch.compile made the same
 * torchtune recipe 1.27 times as fast (7075 and 8998 tokens/s, nothing else changed). */
#define RIG_TRAIN_HFU_EAGER             0.49
/* ZeRO-Offload's optimizer step on the CPU (DeepSpeedCPUAdam, csrc/adam/cpu_adam_impl.cpp
 * Step_AVX) streams each parameter's fp32 weight, gradient and two moments in and the weight and
 * moments out, and writes the 16-bit weight the GPU gets back: 30 bytes a parameter over the
 * host's memory at the rate CPU decode reaches (RIG_DECODE_EFF_CPU). Each step also copies every
 * GPU's fp32 gradient partition down and its 16-bit weights up over its PCIe link
 * (RIG_PCIE_STREAM_EFF). Not overlapped with the GPUs' work: DeepSpeed runs the step after the
 * backward pass. */
#define RIG_CPU_ADAM_BYTES_PER_PARAM    30.0
#define RIG_OFFLOAD_LINK_BYTES_PER_PARAM 6.0
#define RIG_TRAIN_COMPILE_SPEEDUP       1.27

/* --- Power ------------------------------------------------------------------------------- */

/* Platform loads besides CPU and GPUs: typical draws, an engineering estimate with no single
 * public measurement behind it (the PSU calculators of the vendors use similar ranges): board 30-80 W, a DIMM 3-5 W, an NVMe drive 5-10 W, an HDD 6-10 W,
 * a fan 1-3 W, an AIO pump 5-20 W. */
#define RIG_POWER_BOARD_W               50.0
#define RIG_POWER_DIMM_W                4.0
#define RIG_POWER_DRIVE_W               7.0
#define RIG_POWER_FAN_W                 2.0
#define RIG_POWER_PUMP_W                10.0
#define RIG_POWER_NIC_W                 10.0
/* Modern GPUs draw up to about twice their board power for under a millisecond (§2.4 heuristic;
 * Powenetics/hwbusters 1 kHz logs are the better data). */
#define RIG_GPU_TRANSIENT_FACTOR        2.0
/* GPU draw while running a workload, per split mode. Layer split (llama.cpp's default) runs the
 * layers in turn: each GPU is busy for its share of a token's work (oobabooga/textgen PR #5435:
 * two RTX 3090s in layer split run at about 40 % utilisation each). Tensor parallel decode keeps
 * every card below its limit: 180-200 W of a V100 SXM2's 300 W per card in vLLM with TP=2
 * (1CatAI/1Cat-vLLM issue #535, nvidia-smi during full decode batches), 270-300 W in prefill.
 * Training keeps them at their limit. Idle draw between steps is not modelled. */
#define RIG_TP_DECODE_POWER_FRACTION    (190.0 / 300.0)
/* ATX 3.x power excursion, PSUs above 450 W with a 12VHPWR/12V-2x6 connector: 200 % for 100 µs
 * (Intel ATX 3.0 guide 336521 / ATX12VO guide Table 3-3); others are held to 150 %. */
#define RIG_ATX3_EXCURSION_100US        2.0
#define RIG_ATX2_EXCURSION_100US        1.5
/* Sustained load: under 80 % of the rating is the convention; 50-80 % is the efficient band. */
#define RIG_PSU_WARN_LOAD               0.80
/* Connector ratings (PCIe CEM; ATX 3 guide Table 3-5): slot 75 W, 6-pin 75 W, 8-pin 150 W,
 * 12VHPWR / 12V-2x6 600 W. An EPS 8-pin on a data-centre card carries up to 300 W (NVIDIA A100
 * PCIe product brief: one CPU 8-pin for the 250-300 W card). */
#define RIG_SLOT_W                      75.0
#define RIG_6PIN_W                      75.0
#define RIG_8PIN_W                      150.0
#define RIG_12V2X6_W                    600.0
#define RIG_EPS8_CARD_W                 300.0
/* Household circuits for continuous loads (NEC 210.19: 80 % of the breaker; §2.5): US 15 A
 * 1440 W, US 20 A 1920 W; EU 16 A Schuko 3680 W; UK 13 A fused plug 2990 W. */
#define RIG_CIRCUIT_US_15A_W            1440.0
#define RIG_CIRCUIT_US_20A_W            1920.0
#define RIG_CIRCUIT_EU_16A_W            3680.0
#define RIG_CIRCUIT_UK_13A_W            2990.0
/* Performance kept at a GPU power limit, as a share of board power: Puget (4 x RTX 3090, 350 →
 * 280 W, 80 %) kept over 95 %; qwertyforce (RTX 3090, TF32 ViT training) 90 % at 58 % and 80 % at
 * 48 % of the card's maximum. Linear between these points. */
#define RIG_PERF_AT_80_PCT              0.95
#define RIG_PERF_AT_58_PCT              0.90
#define RIG_PERF_AT_48_PCT              0.80

/* --- Thermals ---------------------------------------------------------------------------- */

/* 1 W = 3.412 BTU/h. Air: density 1.2 kg/m³, heat capacity 1005 J/(kg K); 1 CFM = 0.000471947 m³/s. */
#define RIG_BTU_PER_W                   3.412
#define RIG_AIR_RHO_CP                  (1.2 * 1005.0)
#define RIG_M3S_PER_CFM                 0.000471947
/* Typical case fan airflow at full speed (engineering estimate; fan datasheets run 40-80 CFM
 * for 120 mm and 60-100 for 140 mm, less through filters and radiators). */
#define RIG_FAN_CFM_PER_MM              0.45
/* Case air warmer than this over the room puts GPUs and the CPU near their limits (estimate). */
#define RIG_AIR_RISE_WARN_K             15.0
/* A room gaining more than this continuously needs ventilation (research §5 rule 39). */
#define RIG_ROOM_HEAT_INFO_W            1000.0

/* --- PCIe -------------------------------------------------------------------------------- */

/* Usable bandwidth per lane and direction, 128b/130b encoding: Gen3 8 GT/s 0.985 GB/s, Gen4
 * 1.969, Gen5 3.938, Gen6 7.563 (PCI-SIG specifications). Gen1/2 use 8b/10b: 0.25, 0.5. */
static inline double
rig_pcie_gbps_per_lane (guint gen)
{
  static const double per_lane[] = { 0, 0.25, 0.5, 0.985, 1.969, 3.938, 7.563 };
  return gen < G_N_ELEMENTS (per_lane) ? per_lane[gen] : 0;
}

/* --- Serving ----------------------------------------------------------------------------- */

/* vLLM's scheduler budget per step, in tokens, and the most sequences it runs at once, as
 * `vllm serve` sets them: 8192 and 1024 on a GPU of 70 GiB or more that is not an A100, 2048
 * and 256 elsewhere (vllm/engine/arg_utils.py EngineArgs.get_batch_defaults, the
 * OPENAI_API_SERVER usage context; the A100 is left out after vLLM PR #17885). Prefill of new
 * requests shares that budget with the decode tokens (chunked prefill, on by default in V1). */
#define RIG_VLLM_SERVE_BATCHED_TOKENS_LARGE  8192
#define RIG_VLLM_SERVE_MAX_SEQS_LARGE        1024
#define RIG_VLLM_SERVE_BATCHED_TOKENS        2048
#define RIG_VLLM_SERVE_MAX_SEQS              256
#define RIG_VLLM_SERVE_LARGE_GIB             70
/* llama.cpp's server puts every slot's next token and the prompts it is reading into one batch
 * of at most n_batch tokens (common/common.h: n_batch = 2048); -np slots divide -c between
 * them (src/llama-context.cpp: n_ctx_seq = n_ctx / n_seq_max; with --kv-unified they share it,
 * which holds the same number of whole requests). */
#define RIG_LLAMA_CPP_SERVE_BATCH_TOKENS     2048
