"""Weights pipeline: synthetic QA -> fine-tune -> merge -> GGUF -> quantize -> evaluate -> register."""
