"""Model registry: which GGUF chat models the app knows, where they are, and which one is used."""


def size_text(size_bytes: int) -> str:
    """A model file's size as people read it (binary units, as file managers show)."""
    if size_bytes >= 1 << 30:
        return f"{size_bytes / (1 << 30):.1f} GB"
    return f"{size_bytes / (1 << 20):.0f} MB"
