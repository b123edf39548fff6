"""The EchoAssist terminal app (Textual): thin screens over the plain functions in `actions`."""
