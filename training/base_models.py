"""Shapes of the base models the shipped recipes use, for dry-run estimates without weights.

Numbers are from each model's published config.json.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Shape:
    params: float
    hidden: int
    layers: int
    intermediate: int
    vocab: int
    kv_dim: int
    """num_key_value_heads * head_dim: the width of k_proj and v_proj."""


FAMILIES: dict[str, Shape] = {
    "smollm2-135m": Shape(params=134.5e6, hidden=576, layers=30, intermediate=1536,
                          vocab=49152, kv_dim=192),
    "mistral-7b": Shape(params=7.25e9, hidden=4096, layers=32, intermediate=14336,
                        vocab=32768, kv_dim=1024),
    "llama-3.1-8b": Shape(params=8.03e9, hidden=4096, layers=32, intermediate=14336,
                          vocab=128256, kv_dim=1024),
}


def lora_params(shape: Shape, r: int, include_lm_head: bool) -> int:
    """LoRA adds r * (in + out) per adapted linear layer; all seven projections of a block."""
    h, kv, i = shape.hidden, shape.kv_dim, shape.intermediate
    per_layer = r * (2 * (h + h) + 2 * (h + kv) + 3 * (h + i))
    return per_layer * shape.layers + (r * (h + shape.vocab) if include_lm_head else 0)


def training_memory_gb(shape: Shape, *, lora: int, nf4: bool, batch: int, seq: int,
                       checkpointing: bool, shards: int = 1, offload: bool = False) -> float:
    """A rough peak for one GPU: weights + LoRA state + activations + logits + CUDA context.

    `shards` > 1 is FSDP: each GPU keeps its share of the weights and LoRA state (none of the
    weights with `offload`) and gathers one layer at a time, plus the one prefetched next.
    """
    weights = shape.params * (0.56 if nf4 else 2.0)  # NF4 + double-quant constants vs bf16
    lora_state = lora * 16.0  # fp32 weight, gradient and two Adam moments
    if shards > 1:
        weights = (0.0 if offload else weights / shards) + 2 * weights / shape.layers
        lora_state /= shards
    tokens = batch * seq
    per_layer = (2 if checkpointing else 34) * shape.hidden * 2  # bytes per token per layer
    activations = tokens * shape.layers * per_layer
    logits = tokens * shape.vocab * 4 * 2  # fp32 logits and their gradient
    return (weights + lora_state + activations + logits) / 1e9 + 1.0
