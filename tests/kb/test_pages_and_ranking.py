"""Page ranges on search results, the page a sentence is cited on, and the rankers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kb import KnowledgeBase
from kb.rerank import RANKERS, best_sentence, make_ranker, sentences
from kb.search import Candidate, RRFReranker, ScoreFusion
from tests.conftest import REPO_ROOT
from tests.kb.fakes import HashEmbedder, write_pdf

CORPUS_PDFS = REPO_ROOT.parent / "shared" / "corpus" / "pdfs"
CASE_REPORT = CORPUS_PDFS / "echo_medhora2020_ClinCaseRep_FICE-cardiac-angiosarcoma.pdf"

SECOND_PAGE_FACT = "The valve area was 0.8 cm2 on average in that group."


def test_a_fact_on_the_second_page_of_a_two_page_chunk_is_cited_on_that_page(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    write_pdf(folder / "valves.pdf", [
        ["Results", "The mean gradient was 42 mmHg in the severe group."],
        [SECOND_PAGE_FACT],
    ])
    kb.build([folder])
    [hit] = kb.search("valve area 0.8 cm2", k=1)
    assert (hit.page_start, hit.page_end) == (1, 2)
    assert hit.page_of(SECOND_PAGE_FACT) == 2
    assert hit.page_of("The mean gradient was 42 mmHg in the severe group.") == 1
    assert hit.page_at(best_sentence("valve area 0.8 cm2", hit.text)[0]) == 2
    data = hit.to_json()
    assert (data["page"], data["page_start"], data["page_end"]) == (1, 1, 2)


@pytest.mark.skipif(not CASE_REPORT.is_file(), reason="shared corpus not present")
def test_a_real_paper_fact_that_starts_a_page_is_cited_on_that_page(tmp_path: Path) -> None:
    # In the case report the surgical debris sentence runs from page 2 onto page 3, where
    # "reactive blood clot" is printed.
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(CASE_REPORT, folder)
    knowledge = KnowledgeBase(tmp_path / "kb", embedder=HashEmbedder())
    knowledge.build([folder])
    query = "reactive blood clot debris left pulmonary vein"
    hits = knowledge.search(query, k=3)
    spanning = [h for h in hits if "reactive blood clot" in h.text]
    assert spanning, [h.text[:80] for h in hits]
    hit = spanning[0]
    assert hit.page_start is not None and hit.page_end is not None
    assert hit.page_start <= 3 <= hit.page_end
    assert hit.page_at(hit.text.index("reactive blood clot")) == 3


def _candidate(chunk_id: str, cosine: float, bm25: float = 0.0) -> Candidate:
    return Candidate({"chunk_id": chunk_id, "text": chunk_id}, cosine, bm25=bm25)


def test_score_fusion_keeps_a_large_full_text_lead_that_rank_fusion_flattens() -> None:
    # "exact" holds the question's rare words (BM25 far ahead) but is only third by cosine,
    # a little behind "vague", which is first by cosine and a distant second by BM25.
    def lists() -> tuple[list[Candidate], list[Candidate]]:
        vector = [_candidate("vague", 0.62), _candidate("other", 0.61),
                  _candidate("exact", 0.58), _candidate("far", 0.30)]
        text = [_candidate("exact", 0.60, bm25=30.0), _candidate("vague", 0.62, bm25=3.0),
                _candidate("other", 0.61, bm25=2.9)]
        return vector, text

    rrf = [c.row["chunk_id"] for c in RRFReranker().rerank("q", *lists())]
    fused = ScoreFusion().rerank("q", *lists())
    assert rrf[0] == "vague"
    assert fused[0].row["chunk_id"] == "exact"
    assert all(0.0 <= c.score <= 1.0 + ScoreFusion().phrase for c in fused)


def test_best_sentence_finds_the_sentence_holding_the_question_terms() -> None:
    text = ("Patients were scanned by novices.\nThe expert used a GE S70 machine for the "
            "reference loops. Scanning took longer for novices.")
    offset, score = best_sentence("which machine did the expert use", text)
    assert text[offset:].startswith("The expert used a GE S70")
    assert score > 0.5
    assert [s for _, s in sentences(text)][0] == "Patients were scanned by novices."


def test_every_named_ranker_searches_and_field_weights_can_drop_the_heading_index(
    kb: KnowledgeBase, docs: Path, embedder: HashEmbedder
) -> None:
    kb.build([docs])
    for name in RANKERS:
        if name.startswith("sentence-emb"):
            continue  # embeds at query time; covered by the benchmark, not worth the seconds
        hits = kb.search("mitral regurgitation EROA", k=3, reranker=make_ranker(name, embedder))
        assert hits and hits[0].doc == "notes.md", name
    with pytest.raises(ValueError, match="unknown ranker"):
        make_ranker("cross-encoder", embedder)


def test_the_chunk_naming_the_questions_phrase_outranks_ones_holding_its_words_apart() -> None:
    def chunk(chunk_id: str, text: str, cosine: float, bm25: float) -> Candidate:
        return Candidate({"chunk_id": chunk_id, "text": text, "section": ""}, cosine, bm25=bm25)

    hypertrophy = [chunk(f"rvh{i}", "Right ventricular hypertrophy gives a dominant R wave in "
                                    "V1; an old inferior infarction leaves Q waves.", 0.60, 12.0)
                   for i in range(3)]
    infarction = chunk("rvi", "Right-sided leads record right ventricular infarction.",
                       0.59, 11.5)
    far = chunk("far", "Paper speed is 25 mm/s.", 0.20, 1.0)
    pool = [*hypertrophy, infarction, far]
    query = "ECG signs of right ventricular infarction"
    plain = ScoreFusion(phrase=0.0).rerank(query, pool, pool)
    assert plain[0].row["chunk_id"].startswith("rvh")
    assert ScoreFusion().rerank(query, pool, pool)[0].row["chunk_id"] == "rvi"
