"""Local GGUF inference through llama-cpp-python."""

from echoassist.engine.llama import Engine, GenerationStats, load_engine, open_engine

__all__ = ["Engine", "GenerationStats", "load_engine", "open_engine"]
