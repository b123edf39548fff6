"""Choosing the evidence sentences (no model, no embedder: the lexical part of the ranker)."""

from echoassist.answer.evidence import choose_evidence, display_text, key_terms, split_units
from echoassist.answer.records import Source
from tests.answer.fakes import FixedRetriever, make_sources

LBBB = make_sources(
    ("QRS duration › Left bundle branch block (LBBB)",
     "QRS 120 ms or more; broad notched R waves in I, aVL, V5 and V6; absent septal q waves."),
    ("Ischemia › Sgarbossa", "In LBBB, discordant ST-T changes are expected."),
    ("Axis › Causes", "Left axis deviation: left anterior fascicular block, LVH, LBBB."),
)


def test_key_terms_leave_out_how_the_question_is_asked() -> None:
    assert key_terms("What are the criteria for first-degree AV block?") == [
        "first", "degre", "atrioventricular", "block"]
    assert key_terms("How do I work out the heart rate from an ECG?") == ["heart", "rate"]


def test_a_sentence_under_the_topics_own_heading_beats_one_that_mentions_it() -> None:
    choice = choose_evidence("LBBB criteria?", LBBB)
    assert choice.supported
    assert choice.evidence[0].text.startswith("QRS 120 ms or more")
    assert choice.evidence[0].section.endswith("Left bundle branch block (LBBB)")


def test_uk_spelling_in_the_note_answers_a_us_spelling_question() -> None:
    sources = make_sources(("Pitfalls", "Peaked T waves and wide QRS in hyperkalaemia."))
    choice = choose_evidence("What does the ECG show in hyperkalemia?", sources)
    assert choice.supported and "hyperkalaemia" in choice.evidence[0].text


def test_a_question_whose_key_terms_no_sentence_holds_is_not_supported() -> None:
    choice = choose_evidence("Dose of apixaban in renal failure?", LBBB,
                             is_common=FixedRetriever([]).is_common_word)
    assert not choice.supported
    assert "apixaban" in choice.missing


def test_everyday_words_no_source_uses_do_not_block_an_answer() -> None:
    sources = make_sources(("Measuring heart rate › Regular rhythm",
                            "300 divided by the number of large squares between R waves."))
    choice = choose_evidence("quick heart rate for someone", sources,
                             is_common=FixedRetriever([]).is_common_word)
    assert choice.supported and "large squares" in choice.evidence[0].text


def test_a_sentence_cites_the_page_it_is_on_not_where_its_chunk_starts() -> None:
    text = "Severe AS has a mean gradient of 40 mmHg.\nAVA under 1.0 cm2 is severe."
    second_line = text.index("AVA")
    source = Source(1, "paper.pdf", "Paper", 4, text, 1.0, section="Results", page_end=5,
                    page_marks=[(second_line, 5)])
    choice = choose_evidence("aortic valve area AVA severe", [source])
    pages = {e.text: e.page for e in choice.evidence}
    assert pages["AVA under 1.0 cm2 is severe."] == 5
    assert pages.get("Severe AS has a mean gradient of 40 mmHg.", 4) == 4


def test_a_lead_in_brings_the_items_it_introduces() -> None:
    sources = make_sources((
        "STEMI criteria",
        "New ST elevation at the J point in two contiguous leads in these amounts:\n"
        "- V2-V3: 2 mm or more in men over 40.\n- Other leads: 1 mm or more."))
    choice = choose_evidence("ST elevation STEMI J point amounts", sources)
    texts = [e.text for e in choice.evidence]
    assert texts[0].endswith("amounts:")
    assert "V2-V3: 2 mm or more in men over 40." in texts


def test_units_are_sentences_items_and_rows_shown_without_markup() -> None:
    text = ("Intro sentence one here. Second sentence follows here.\n"
            "- **Bold item**: text here\n| a | b |\n|---|---|")
    spans = [text[a:b] for a, b in split_units(text)]
    assert spans[:2] == ["Intro sentence one here.", "Second sentence follows here."]
    assert display_text(spans[2]) == "Bold item: text here"


def test_a_table_row_is_shown_with_its_column_names() -> None:
    sources = make_sources(("Probability of PH",
                            "| peak TR velocity | other signs | probability |\n|---|---|---|\n"
                            "| 2.9-3.4 m/s | yes | high |\n| over 3.4 m/s | not required | high |"))
    choice = choose_evidence("probability of pulmonary hypertension with TR velocity 3.0 m/s",
                             sources)
    texts = [e.text for e in choice.evidence]
    assert "peak TR velocity: 2.9-3.4 m/s; other signs: yes; probability: high" in texts
    assert not any(t.startswith("peak TR velocity: other signs") for t in texts)  # header row


def test_box_and_square_big_and_large_are_one_term() -> None:
    sources = make_sources(("Calibration", "One large square is 200 ms at 25 mm/s."))
    choice = choose_evidence("how long is one big box at 25 mm/s", sources)
    assert choice.supported and "large square" in choice.evidence[0].text


def test_rows_of_one_table_are_not_taken_for_duplicates() -> None:
    table = ("| IVC diameter | collapse with sniff | estimated RAP |\n|---|---|---|\n"
             "| 2.1 cm or less | over 50% | 3 mmHg |\n| over 2.1 cm | under 50% | 15 mmHg |")
    sources = make_sources(("Right atrial pressure from the IVC", table))
    choice = choose_evidence("RAP from IVC diameter and collapse", sources)
    texts = [e.text for e in choice.evidence]
    assert any("3 mmHg" in t for t in texts) and any("15 mmHg" in t for t in texts)
