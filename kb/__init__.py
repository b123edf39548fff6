"""Knowledge-base library: extract -> chunk -> embed -> store -> search. No UI, no app imports."""
