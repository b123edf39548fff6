"""Ask on the real starter knowledge base and the real built-in model."""

import json
import subprocess
import sys

import pytest


def ask_json(question: str, kb, max_tokens: int = 48) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "echoassist.cli", "ask", question, "--kb", str(kb), "--json",
         "--max-tokens", str(max_tokens), "--no-history"],
        capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.slow
def test_a_covered_topic_gets_a_valid_citation_with_document_and_section(starter_kb):
    payload = ask_json("What does a prolonged QT interval indicate?", starter_kb, 80)
    assert payload["supported"] is True
    given = {s["n"] for s in payload["sources"]}
    assert payload["cited"] and set(payload["cited"]) <= given
    assert any("QT" in s["text"] for s in payload["sources"])
    assert all(s["doc"] and s["title"] for s in payload["sources"])
    assert payload["provenance"]["kb_version"]


@pytest.mark.slow
def test_a_question_far_outside_the_kb_is_not_supported(starter_kb):
    payload = ask_json("Which team won the 1966 football World Cup final?", starter_kb)
    assert payload["supported"] is False
    assert payload["cited"] == []
    assert "does not cover" in payload["answer"]
