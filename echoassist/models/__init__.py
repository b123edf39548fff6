"""Model registry: which GGUF chat models the app knows, where they are, and which one is used."""
