"""Answers a clinician can check: evidence sentences first, then a short model answer whose
every sentence is verified against them.

records    what an answer is made of (no heavy imports)
evidence   choosing the sentences that answer the question
budget     fitting the prompt into the context window
verify     checking each generated sentence against the evidence
repetition stopping a model that loops
pipeline   prepare -> stream -> finish, called by the CLI and the TUI
render     the answer as plain text for a terminal, a clipboard or a note
"""
