"""CLI commands, one module per command group; each is thin over a library function."""
