"""The learned gate: fitted weights that load, decide on the ranker's measures, and give way to
the rules where the ranker had no embedder and to the treatment rule always."""

import numpy as np
import pytest

from echoassist.answer import evidence
from echoassist.answer.evidence import choose_evidence
from echoassist.answer.gate import FEATURES, GATE_FILE, LearnedGate, learned_gate
from tests.answer.fakes import make_sources

STRONG = {"coverage": 1.0, "one_document": 1.0, "best_single": 1.0, "best_terms": 1.0,
          "missing": 0.0, "off_topic": 0.0, "treats": 1.0, "similarity": 0.8,
          "relevance": 0.7, "phrase": 1.0}


def test_the_shipped_gate_loads_and_weighs_the_ranker_measures_sensibly() -> None:
    gate = learned_gate(GATE_FILE)
    assert gate is not None and len(gate.weights) == len(FEATURES)
    assert gate.supports(STRONG)
    # Evidence from another document than most of the question, with two rare words missing.
    assert not gate.supports(STRONG | {"one_document": 0.2, "missing": 2.0, "similarity": 0.3})
    assert gate.probability(STRONG | {"missing": 2.0}) < gate.probability(STRONG)


def test_holding_more_of_the_question_never_lowers_the_shipped_gate_s_support() -> None:
    """A list of pericardial signs holding 1 of 7 key terms was supported when coverage
    weighed against support; every measure now pushes one way only."""
    gate = learned_gate(GATE_FILE)
    assert gate is not None
    weak = STRONG | {"coverage": 0.14, "one_document": 0.14, "best_single": 0.14,
                     "best_terms": 0.25, "phrase": 0.0}
    for name in ("coverage", "one_document", "best_single", "best_terms", "phrase",
                 "similarity", "relevance"):
        assert gate.probability(weak | {name: STRONG[name]}) >= gate.probability(weak), name
    assert gate.probability(weak | {"missing": 1.0}) <= gate.probability(weak)
    assert not gate.supports(weak | {"relevance": 0.72, "similarity": 0.72})


def test_the_gate_is_told_whether_the_question_s_neighbouring_terms_stand_together() -> None:
    """"RA volume index" is not answered by an LA volume index and the right atrium apart.
    (Since session 16 the fitted gate gives this feature next to no weight: the chamber rule,
    asked.lesion_mismatch, refuses the near misses it was there for.)"""
    asked = "upper normal RA volume index for women?"
    together = make_sources(("Right atrium", "RA volume index: upper normal 33 mL/m2 in women."))
    apart = make_sources(("Left atrium", "LA volume index: upper normal 34 mL/m2 in women."),
                         ("Right atrium", "The right atrium is sized in the apical view."))
    assert (choose_evidence(asked, together, _embed).gate["phrase"]
            > choose_evidence(asked, apart, _embed).gate["phrase"])
    left_only = make_sources(("Left atrium", "LA volume index: upper normal 34 mL/m2 in women."))
    assert choose_evidence(asked, left_only, _embed).ruled_out


def test_a_missing_or_stale_gate_file_leaves_the_rules_to_decide(tmp_path) -> None:
    assert learned_gate(tmp_path / "none.json") is None
    stale = tmp_path / "gate.json"
    stale.write_text('{"features": ["coverage"], "mean": [0], "scale": [1], "weights": [1], '
                     '"bias": 0, "threshold": 0.5}')
    assert learned_gate(stale) is None


def _embed(texts: list[str]) -> np.ndarray:
    """Unit vectors that make every sentence as similar to the question as the gate likes."""
    return np.tile(np.array([0.8, 0.6]), (len(texts), 1))


def test_the_learned_gate_decides_with_an_embedder_and_the_treatment_rule_still_refuses(
        monkeypatch) -> None:
    sources = make_sources(
        ("QT interval › Short QT", "Hypercalcaemia, hyperkalaemia and digoxin shorten the QT."),
        ("Pitfalls", "Peaked T waves and wide QRS in hyperkalaemia."))
    asked = "What does the ECG show in hyperkalaemia?"
    assert choose_evidence(asked, sources, _embed).supported
    assert not choose_evidence("How do I treat hyperkalaemia?", sources, _embed).supported
    # The same choice is the rules' to make when the learned gate is switched off.
    calls = []
    monkeypatch.setattr(evidence, "learned_gate", lambda: calls.append(1) or None)
    choose_evidence(asked, sources, _embed)
    assert calls
    monkeypatch.setattr(evidence, "GATE", "rules")
    choose_evidence(asked, sources, _embed)
    assert len(calls) == 1


def test_between_doubt_and_threshold_the_passages_are_closest_not_an_answer(monkeypatch) -> None:
    sources = make_sources(("Pitfalls", "Peaked T waves and wide QRS in hyperkalaemia."))
    asked = "What does the ECG show in hyperkalaemia?"
    shipped = learned_gate(GATE_FILE)
    # The band is empty when the rules alone keep NEAR_MISSES_SILENT of the near misses below
    # the threshold (session 15's fit); the behaviour inside it is checked with bands set here.
    assert shipped is not None and shipped.doubt <= shipped.threshold
    score = shipped.probability(choose_evidence(asked, sources, _embed).gate)
    for doubt, threshold, supported, near in [(score - 0.2, score - 0.1, True, False),
                                              (score - 0.1, score + 0.1, False, True),
                                              (score + 0.1, score + 0.2, False, False)]:
        gate = LearnedGate(shipped.mean, shipped.scale, shipped.weights, shipped.bias,
                           threshold, doubt)
        monkeypatch.setattr(evidence, "learned_gate", lambda gate=gate: gate)
        choice = choose_evidence(asked, sources, _embed)
        assert (choice.supported, choice.near) == (supported, near)
        assert choice.evidence  # shown as the answer or as the closest passages alike


def _embed_apart(texts: list[str]) -> np.ndarray:
    """The question along one axis, every sentence at a cosine of 0.6 to it."""
    return np.array([[1.0, 0.0]] + [[0.6, 0.8]] * (len(texts) - 1))


def test_the_closer_of_the_search_and_the_sentence_cosine_is_weighed() -> None:
    """The gate weighs how close the question is to the knowledge base by the better of the
    search's cosine (its best passage, abbreviations spelt out) and the best sentence's."""
    sources = make_sources(("Pitfalls", "Peaked T waves and wide QRS in hyperkalaemia."))
    asked = "What does the ECG show in hyperkalaemia?"
    gate = learned_gate(GATE_FILE)
    assert gate is not None
    close = choose_evidence(asked, sources, _embed_apart, relevance=0.8).gate
    far = choose_evidence(asked, sources, _embed_apart, relevance=0.3).gate
    assert far["similarity"] == pytest.approx(0.6)
    assert (close["relevance"], far["relevance"]) == (0.8, pytest.approx(0.6))
    assert gate.probability(far) < gate.probability(close)
    assert choose_evidence(asked, sources, _embed_apart).gate["relevance"] == pytest.approx(0.6)
