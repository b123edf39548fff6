"""Weights pipeline: synthetic QA -> fine-tune -> merge -> GGUF -> quantize -> evaluate."""

import os

# torch and llama.cpp both use OpenMP, whose idle threads spin by default. On a laptop whose
# cores are shared (or any busy machine) the spinning threads starve the working ones: a 30-token
# answer measured 170 s spinning vs 1 s passive on a loaded 2-core box. Read once, at library load.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
