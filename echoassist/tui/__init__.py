"""The EchoAssist terminal app (Textual): thin screens over plain functions, those shared with
the CLI in `echoassist.services`, the rest in `actions`."""
