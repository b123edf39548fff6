"""Choosing the evidence sentences (no model, no embedder: the lexical part of the ranker)."""

import math
from dataclasses import replace

import numpy as np

from echoassist.answer import evidence
from echoassist.answer.asked import (
    ASKS_FREQUENCY,
    ASKS_PERFORMANCE,
    cut_off_asked,
    lesion_mismatch,
    normal_value_measure,
    unstated_kind,
    valve_lesions,
)
from echoassist.answer.evidence import (
    choose_evidence,
    context_words,
    display_text,
    key_terms,
    split_units,
    value_ranges,
)
from echoassist.answer.records import Source
from kb.terms import terms
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
    # "isn't" and "OK" say how it is asked, not what the evidence must hold.
    assert key_terms("The PR isn't long, is that OK?") == ["pr"]
    assert key_terms("new STE in V2") == ["new", "st", "elev", "v2"]
    # "clinically" says how it matters, not what it is about.
    assert key_terms("what does a wide QRS mean clinically?") == key_terms("wide QRS?")


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


TAMPONADE_SIGNS = "Pericardial disease › Cardiac tamponade › Echocardiographic signs"


def _chunk(n: int, text: str, section: str = TAMPONADE_SIGNS) -> Source:
    return Source(n, "peri.md", "Pericardial disease", None, text, 1.0 / n, path="peri.md",
                  section=section, chunk_id=f"doc-{n:05d}")


def test_signs_asked_for_are_answered_by_the_list_in_order_across_chunks() -> None:
    first = _chunk(2, "- **Right atrial systolic collapse**: an early sign.\n"
                      "- **Right ventricular diastolic collapse**: more specific.\n"
                      "- **Plethoric IVC**: dilated with little collapse. A normal IVC makes "
                      "tamponade unlikely.")
    # The next chunk starts inside the third item (chunks overlap at sentence boundaries).
    second = _chunk(3, "A normal IVC makes tamponade unlikely.\n"
                       "- **Respiratory variation** of mitral inflow over 25%.\n"
                       "- **Swinging heart** in large effusions.")
    # The chunk that mentions tamponade most is retrieved first.
    choice = choose_evidence("echo signs of tamponade", [second, first])
    assert choice.supported
    assert [e.text.split(":")[0].split(" of ")[0] for e in choice.evidence] == [
        "Right atrial systolic collapse", "Right ventricular diastolic collapse",
        "Plethoric IVC", "Respiratory variation"]


def test_a_list_that_only_mentions_the_topic_in_one_item_is_not_its_list_of_signs() -> None:
    pitfalls = _chunk(1, "- Measure intervals in the lead where they are longest.\n"
                         "- Check the calibration before reading amplitudes.\n"
                         "- Peaked T waves and wide QRS in hyperkalaemia.\n"
                         "- Lead reversal mimics axis deviation.",
                      section="Reading an ECG › Pitfalls")
    choice = choose_evidence("ECG signs of hyperkalemia", [pitfalls])
    assert choice.evidence[0].text.startswith("Peaked T waves")
    assert not any(e.text.startswith("Measure intervals") for e in choice.evidence)


def test_the_sentence_after_the_best_one_comes_with_it() -> None:
    sources = make_sources((
        "Pulmonary hypertension › Definition",
        "Pulmonary hypertension is a haemodynamic diagnosis made at right heart "
        "catheterisation. The guidelines define it as a mean arterial pressure over 20 mmHg.",
    ))
    choice = choose_evidence("haemodynamic definition of pulmonary hypertension", sources)
    assert [e.text[:15] for e in choice.evidence] == ["Pulmonary hyper", "The guidelines "]


def test_the_patients_numbers_in_a_question_do_not_decide_coverage() -> None:
    sources = make_sources((
        "Aortic stenosis › Low-gradient severe AS",
        "With a reduced ejection fraction and a low SVi, true severe AS is confirmed if the mean "
        "gradient reaches 40 mmHg (or Vmax 4.0 m/s) on dobutamine while the aortic valve area "
        "stays 1.0 cm2 or less.",
    ))
    question = "AVA 0.8, mean gradient 25, EF 35%, SVi 30, Vmax 3.1: truly severe AS?"
    choice = choose_evidence(question, sources, is_common=FixedRetriever([]).is_common_word)
    assert choice.supported


def test_a_question_mostly_in_words_the_knowledge_base_never_uses_is_not_supported() -> None:
    sources = make_sources(("Pulmonary pressure › Recommendations",
                            "The recommended way to estimate pressure is from the TR jet."))
    everyday = {"tyre", "road", "bike"}.__contains__  # words the embedder knows whole
    choice = choose_evidence("recommended tyre pressure for a road bike?", sources,
                             is_common=everyday)
    assert not choice.supported
    # Half the question unknown is enough: "winter" alone found the de Winter pattern.
    de_winter = make_sources(("de Winter pattern", "A STEMI equivalent of proximal LAD "
                              "occlusion, seen in roughly 2% of anterior infarctions."))
    vitamin = choose_evidence("how much vitamin D should I take in winter?", de_winter,
                              is_common={"vitamin", "winter"}.__contains__)
    assert vitamin.off_topic and not vitamin.supported


def test_an_eponym_outside_a_question_about_a_paper_must_be_in_the_evidence() -> None:
    sources = make_sources(("Aorta › Normal values", "The normal aortic root diameter is small."))
    choice = choose_evidence("normal aortic root diameter at the sinuses of Valsalva?", sources,
                             is_common=FixedRetriever([]).is_common_word)
    assert not choice.supported and "valsalva" in choice.missing


def test_a_comparison_is_answered_from_both_sides() -> None:
    sources = make_sources(
        ("Atrial flutter › Typical flutter",
         "Variable block gives an irregular rhythm that can mimic AF. Stroke prevention follows "
         "the same rules as AF. Sawtooth flutter waves at about 300/min, negative in II, III and "
         "aVF."),
        ("Atrial fibrillation (AF) › ECG features",
         "Irregularly irregular RR intervals with no repeating pattern."),
    )
    choice = choose_evidence("AF vs flutter on ECG?", sources)
    sections = [e.section for e in choice.evidence]
    assert any(s.endswith("ECG features") for s in sections), sections
    assert any(s.endswith("Typical flutter") for s in sections), sections


def test_a_value_in_the_question_finds_the_row_whose_range_holds_it() -> None:
    rows = "\n".join(f"| {r} | {g} |" for r, g in [
        ("over 52", "normal"), ("41-51", "mildly abnormal"), ("30-40", "moderately abnormal"),
        ("under 30", "severely abnormal")])
    sources = make_sources(("LV systolic function › Ejection fraction",
                            f"| LVEF (%) | grade |\n|---|---|\n{rows}"))
    choice = choose_evidence("EF 38% - what grade?", sources, max_evidence=1)
    assert choice.evidence[0].text == "LVEF (%): 30-40; grade: moderately abnormal"


def test_an_ecg_question_prefers_the_ecg_note_to_the_echo_note() -> None:
    ecg = Source(1, "ecg.md", "ECG basics", None,
                 "A notched P wave of 120 ms or longer in II suggests left atrial enlargement.",
                 1.0, section="Waves")
    echo = Source(2, "echo.md", "Echo chamber quantification", None,
                  "Left atrial enlargement is graded by the left atrial volume index.",
                  1.0, section="Left atrium")
    choice = choose_evidence("ECG signs of left atrial enlargement?", [echo, ecg],
                             max_evidence=1)
    assert choice.evidence[0].doc == "ecg.md"


def test_mean_before_a_measure_is_a_key_term_and_after_a_question_is_not() -> None:
    assert "mean" in key_terms("how is aortic stenosis graded by mean gradient?")
    assert "mean" not in key_terms("what does a delta wave mean?")
    assert "mean" not in key_terms("what does a prolonged QT mean clinically?")


def test_a_lead_in_at_the_end_of_a_chunk_brings_the_items_of_the_next() -> None:
    first = Source(1, "note.md", "Note", None,
                   "Some words about diastolic function first.\n"
                   "With reduced LVEF, grading starts from mitral inflow:", 1.0,
                   section="Diastolic function", chunk_id="doc-00004")
    second = Source(2, "note.md", "Note", None,
                    "- E/A 0.8 or less: grade I.\n- E/A 2 or more: grade III (restrictive).",
                    0.5, section="Diastolic function", chunk_id="doc-00005")
    choice = choose_evidence("diastolic grading with reduced LVEF from mitral inflow?",
                             [first, second], max_evidence=1)
    texts = [e.text for e in choice.evidence]
    assert texts[0].endswith("mitral inflow:")
    assert "E/A 2 or more: grade III (restrictive)." in texts


def test_terms_spread_over_sentences_none_of_which_is_about_the_question_are_no_support() -> None:
    sources = make_sources(
        ("Aortic stenosis › Discordant grading",
         "Low-dose dobutamine stress echo separates true from pseudo-severe AS."),
        ("Heart rate", "Heart rate is 300 divided by the number of large squares."),
        ("Pericarditis versus STEMI", "The target sign of ischaemia is a new regional wall "
                                      "motion abnormality."),
        ("Aortic stenosis › Severity", "Severe AS when the mean gradient reaches 40 mmHg."),
    )
    question = "target heart rate to reach in a dobutamine stress echo for ischaemia?"
    choice = choose_evidence(question, sources)
    assert choice.coverage >= 0.5  # the sentences together hold most of the question's words
    assert not choice.supported
    # A coverage threshold alone would pass them; no single sentence is about the question.
    assert choose_evidence(question, sources, single_min=0.0, coverage_min=0.5).supported


def test_an_authors_name_that_opens_the_question_does_not_count_against_it() -> None:
    sources = make_sources(("Results", "The best view classification model reached 98.1% "
                            "accuracy in the independent validation cohort."))
    choice = choose_evidence("Kusunose et al: how accurate was the view classification model "
                             "in the validation cohort?", sources,
                             is_common=FixedRetriever([]).is_common_word)
    assert choice.supported and not choice.missing
    # A capitalised word before the paper's CNN names it too.
    named = choose_evidence("How accurate was the Kusunose CNN in the validation cohort?",
                            sources, is_common=FixedRetriever([]).is_common_word)
    assert "kusunos" not in named.missing


def test_a_journal_named_only_in_the_papers_file_name_does_not_count_against_it() -> None:
    sources = [replace(s, doc="schneider2021_IJCVI_novice-echo.pdf", title="Novice echo")
               for s in make_sources(("Abstract", "Students were trained by a 2.5 h online "
                                      "video tutorial before scanning."))]
    asked = "Schneider et al IJCVI 2021: how long was the students' training before scanning?"
    choice = choose_evidence(asked, sources, is_common=FixedRetriever([]).is_common_word)
    assert "ijcvi" not in choice.key_terms and not choice.missing
    # A rare word that no file name holds still counts: the paper must answer it.
    assert "ajmalin" in choose_evidence(asked.replace("IJCVI", "ajmaline"), sources,
                                        is_common=FixedRetriever([]).is_common_word).missing


def test_a_grade_named_in_the_question_asks_for_the_grading_rows() -> None:
    sources = make_sources(("Valves › Tricuspid regurgitation (TR)",
                            "A severe jet of TR can make the peak velocity underestimate PASP.\n\n"
                            "| parameter | mild | moderate | severe |\n|---|---|---|---|\n"
                            "| vena contracta (cm) | under 0.3 | 0.3-0.69 | 0.7 or more |"))
    choice = choose_evidence("criteria for severe TR?", sources, max_evidence=1)
    assert choice.evidence[0].text.startswith("parameter: vena contracta")


def test_a_paper_named_by_its_author_is_preferred_to_a_review_citing_it() -> None:
    review = Source(1, "echo_akkus2021_review.pdf", "AI in echo: a review", 9,
                    "Zhang et al. trained a 13-layer CNN for view classification with 5-fold "
                    "cross validation.", 1.0, section="View identification", path="akkus")
    paper = Source(2, "echo_kusunose2020_view-classification.pdf", "View classification", 1,
                   "Our best model classified video views with 98.1% accuracy in the "
                   "independent cohort.", 0.5, section="Abstract", path="kusunose")
    choice = choose_evidence("Kusunose et al: how good was the view classification model in "
                             "the independent cohort?", [review, paper], max_evidence=1)
    assert choice.evidence[0].doc.startswith("echo_kusunose")


def test_a_list_of_abbreviations_is_not_evidence() -> None:
    sources = make_sources(("Table 2", "GLS, global longitudinal strain; MD, mean difference; "
                            "MAE, mean absolute error; AU, automated; MA, manual."),
                           ("Results", "Automated GLS differed from manual GLS by a mean "
                            "difference of 1.2%."))
    choice = choose_evidence("mean difference between automated and manual GLS?", sources,
                             max_evidence=1)
    assert choice.evidence[0].text.startswith("Automated GLS")


def test_a_rare_word_that_describes_the_patient_does_not_refuse_the_question() -> None:
    sources = make_sources(("Right atrial pressure from the IVC",
                            "Caveats: in mechanically ventilated patients the IVC is often "
                            "dilated and collapse cannot be used to estimate RAP."))
    is_common = FixedRetriever([]).is_common_word
    choice = choose_evidence("Can I use IVC collapse to estimate RAP in an intubated "
                             "ventilated patient?", sources, is_common=is_common)
    assert choice.supported, choice.missing
    # The same rare word as what is asked about still needs the evidence to hold it.
    asked = choose_evidence("which intubation drug keeps RAP estimates from the IVC valid?",
                            sources, is_common=is_common)
    assert "intub" in asked.missing


def test_a_hyphenated_score_name_is_one_rare_word() -> None:
    sources = make_sources(("AF › Points of care", "Stroke risk: with CHA2DS2-VASc, "
                            "anticoagulation is recommended at a score of 2 or more; "
                            "a high risk of stroke in AF."))
    choice = choose_evidence("HAS-BLED score - what counts as high bleeding risk in AF?",
                             sources, is_common=lambda w: w in {"bled", "bleeding", "counts"})
    assert not choice.supported


def test_a_rare_word_several_documents_use_is_not_missing_and_one_papers_word_is() -> None:
    def source(n: int, path: str, text: str) -> Source:
        return Source(n, path, path, None, text, 1.0, section="S", path=path)
    posterior = [source(i, f"doc{i % 2}", f"The posterior wall note {i} about effusion size.")
                 for i in range(1, 5)]
    answer = source(5, "doc9", "Fluid only in front of the right ventricle is usually an "
                    "epicardial fat pad, not an effusion.")
    choice = choose_evidence("echo-free space in front of the RV, nothing posterior: effusion?",
                             [answer, *posterior], is_common=lambda w: False, max_evidence=1)
    assert "posterior" not in choice.missing
    paper = [source(i, "case.pdf", f"The angiosarcoma case, paragraph {i}.") for i in range(1, 5)]
    note = source(6, "note.md", "LVEF under 30% is severely abnormal ejection fraction.")
    choice = choose_evidence("angiosarcoma case: what was the ejection fraction?", [note, *paper],
                             is_common=lambda w: False, max_evidence=1)
    assert not choice.supported


def test_a_question_for_criteria_is_led_by_a_sentence_that_states_one() -> None:
    sources = make_sources(
        ("Conduction delay", "First-degree AV block alone does not prove trifascicular disease."),
        ("Conduction delay", "First-degree AV block: a PR interval over 200 ms."),
    )
    choice = choose_evidence("What are the criteria for first-degree AV block?", sources)
    assert choice.evidence[0].text.endswith("over 200 ms.")


def test_a_treatment_question_needs_a_sentence_that_says_what_is_done_for_its_subject() -> None:
    sources = make_sources(
        ("QT interval › Short QT", "Hypercalcaemia, hyperkalaemia and digoxin shorten the QT."),
        ("QT interval › Managing a long QT",
         "Torsades is treated with intravenous magnesium sulfate."))
    treat_hyperkalaemia = choose_evidence("How do I treat hyperkalaemia?", sources)
    # Each half is somewhere in the evidence ("treated", "hyperkalaemia"), never together.
    assert not treat_hyperkalaemia.supported
    assert choose_evidence("How do you treat torsades?", sources).supported
    # "no drugs" is the patient's story, not a question about drugs.
    assert choose_evidence("Hyperkalaemia on no drugs: what shortens the QT?", sources).supported


def test_most_of_the_question_must_be_held_by_one_document(monkeypatch) -> None:
    def source(n: int, path: str, section: str, text: str) -> Source:
        return Source(n, path, path, None, text, 1.0, section=section, path=path)
    sources = [
        source(1, "paper.pdf", "Results", "Patients had a patent foramen ovale closed."),
        source(2, "arrhythmias.md", "VT",
               "Two capture beats crossing within the tachycardia are positive signs of VT."),
    ]
    question = "PFO bubble study: how many bubbles crossing within how many beats is positive?"
    assert not choose_evidence(question, sources).supported
    monkeypatch.setattr(evidence, "ONE_DOCUMENT_MIN", 0.0)
    assert choose_evidence(question, sources).supported  # the rule, not the coverage, refused


def test_12_lead_names_the_recording_and_culprit_asks_which() -> None:
    assert key_terms("How do I diagnose LBBB on a 12 lead?") == ["left", "bundl", "branch", "block"]
    assert key_terms("posterior MI on a 12-lead?") == ["posterior", "myocardi", "infarct"]
    assert "culprit" not in key_terms("Inferior STEMI: is the RCA or circumflex the culprit?")
    assert key_terms("Pt in fast AF")[0] != "pt"


def test_a_test_given_with_its_result_describes_the_patient() -> None:
    assert {"trop", "BP"} <= context_words("Biphasic T waves, trop basically normal, BP fine.")
    assert "trop" not in context_words("When is a trop significant?")


def test_every_drug_the_patient_is_on_describes_the_patient() -> None:
    assert {"citalopram", "cipro"} <= context_words("58F on citalopram + cipro, QTc 485 ms")
    assert {"sotalol", "flecainide"} <= context_words("on sotalol and flecainide: QT?")
    assert not context_words("LBBB and chest pain: STEMI criteria?")


def test_the_words_before_patient_describe_the_patient_and_a_relative_fall_is_asked() -> None:
    said = context_words("Breast ca patient on trastuzumab, GLS -21% then -17.5%: how big a "
                         "relative drop is that?")
    assert {"Breast", "ca", "trastuzumab"} <= said and "relative" not in said


def test_a_missing_word_other_passages_hold_is_not_said_to_be_absent() -> None:
    sources = make_sources(
        ("Atrioventricular block", "First-degree AV block: PR over 200 ms."),
        ("Brugada pattern", "Brugada pattern: coved ST elevation in V1-V2."))
    choice = choose_evidence("PR of first-degree AV block: ajmaline test in Brugada?", sources,
                             is_common=FixedRetriever([]).is_common_word, max_evidence=1)
    assert not choice.supported and {"ajmalin", "brugada"} <= set(choice.missing)
    # The evidence lacks both, but another passage found for the question says "Brugada".
    assert choice.missing_words == ["ajmaline"]


def test_a_dose_question_needs_a_sentence_stating_a_dose_of_its_subject() -> None:
    sources = make_sources(
        ("QT interval › Causes", "Drugs: class III antiarrhythmics (sotalol, amiodarone)."),
        ("SVT › Acute treatment", "Then intravenous adenosine (6 mg rapid bolus, then 12 mg)."))
    assert not choose_evidence("What dose of amiodarone should I give?", sources).supported
    assert choose_evidence("adenosine dose for SVT?", sources).supported


def test_an_adults_age_and_sex_describe_the_patient_and_a_childs_age_is_asked() -> None:
    assert {"72yo", "38F", "year", "old", "man"} <= context_words(
        "72yo on the ward; 38F; a 34 year old man")
    # Children's norms differ: "normal heart rate for a 2 year old" asks about the age.
    assert not {"year", "old"} & context_words("normal resting heart rate for a 2 year old?")
    # Hyphenated, and the day of the test: "Fit 70-year-old ... on today's ECG".
    assert {"70-year-old", "today's"} <= context_words(
        "GP here. Fit 70-year-old, resting sinus rate 54 on today's ECG. Bradycardia?")
    assert "2-year-old" not in context_words("normal resting heart rate for 2-year-old?")
    assert {"pulse"} <= context_words("in and out of torsades, still has a pulse")
    assert {"dad's"} <= context_words("my dad's scan says his EF is 45%")


def test_a_mistyped_long_word_is_read_as_the_candidates_word() -> None:
    sources = make_sources(("Acute pericarditis › ECG", "Diffuse concave ST elevation with PR "
                            "depression; an ST/T ratio in V6 over 0.25 favours pericarditis."))
    is_common = FixedRetriever([]).is_common_word
    choice = choose_evidence("ST/T ratio for pericardits vs early repolarisation?", sources,
                             is_common=is_common)
    assert "pericard" in choice.key_terms and "pericardit" not in choice.missing
    # A different word one letter longer is no typo: "bicuspid" is not "tricuspid".
    assert "bicuspid" in choose_evidence("bicuspid valve ST elevation?", make_sources(
        ("Valves", "Tricuspid valve ST elevation.")), is_common=is_common).key_terms
    # Two edits apart is another word: hypotension is not hypertension.
    assert "hypotens" in choose_evidence("ECG in hypotension?", make_sources(
        ("Causes", "Hypertension causes LVH on the ECG.")), is_common=is_common).key_terms
    # A typo whose stem another word shares ("pericarditic") is still read as the common word.
    mixed = make_sources(("Pericarditis", "PR depression favours pericarditis."),
                         ("Other", "A pericarditic rub."))
    assert "pericard" in choose_evidence("pericardits ECG?", mixed, is_common=is_common).key_terms


def test_two_words_run_together_are_read_as_the_candidates_two_words() -> None:
    sources = make_sources(("Artificial intelligence", "In k-fold cross-validation the data "
                            "are split randomly into k equal sized pieces."))
    is_common = FixedRetriever([]).is_common_word
    choice = choose_evidence("how does k-fold crossvalidation split the data?", sources,
                             is_common=is_common)
    assert {"cross", "valid"} <= set(choice.key_terms) and not choice.missing
    # Written as one word by the candidates, it stays one word.
    assert evidence._two_words_of("crossvalidation", "crossvalidation was used") is None
    assert evidence._two_words_of("heartbeat", "18% of all heart beats") == "heart beat"


def test_edits_counts_a_swap_as_one_and_stops_past_the_limit() -> None:
    assert evidence._edits("thresold", "threshold", 1) == 1
    assert evidence._edits("atrail", "atrial", 1) == 1
    assert evidence._edits("endocarditis", "endocardial", 2) == 3  # over the limit: no typo


def test_which_drug_and_what_dose_is_answered_by_a_sentence_giving_one() -> None:
    sources = make_sources(("QT interval › Managing a long QT",
                            "Torsades is treated with intravenous magnesium sulfate (typically "
                            "2 g), and defibrillation if the rhythm is sustained and unstable."))
    # "dose" is nowhere in the sentence; "2 g" is the dose, and the patient's pulse and ward
    # are the story.
    choice = choose_evidence("Patient on the ward going in and out of torsades, still has a "
                             "pulse. Which drug and what dose?", sources,
                             is_common=FixedRetriever([]).is_common_word)
    assert choice.supported, choice


IVC_TABLE = (
    "| IVC diameter | collapse with sniff | estimated RAP |\n|---|---|---|\n"
    "| 2.1 cm or less | over 50% | 3 mmHg (range 0-5) |\n"
    "| over 2.1 cm | over 50% | 8 mmHg (range 5-10) |\n")
IVC_TABLE_REST = "| over 2.1 cm | under 50% | 15 mmHg (range 10-20) |\n\nSecondary signs follow."


def test_a_table_split_between_chunks_keeps_its_column_names() -> None:
    first = Source(1, "note.md", "Note", None, IVC_TABLE, 1.0,
                   section="Right atrial pressure from the IVC", chunk_id="doc-00001")
    second = Source(2, "note.md", "Note", None, IVC_TABLE_REST, 0.5,
                    section="Right atrial pressure from the IVC", chunk_id="doc-00002")
    choice = choose_evidence("IVC 2.4 cm, collapses less than 50% with a sniff. What RAP?",
                             [first, second])
    # The row that opens the second chunk is read, and shown, with the names of its columns.
    assert ("IVC diameter: over 2.1 cm; collapse with sniff: under 50%; estimated RAP: 15 mmHg "
            "(range 10-20)") in [e.text for e in choice.evidence]


def test_a_value_given_as_a_limit_falls_inside_it() -> None:
    assert evidence.question_values("collapses less than 50%, IVC over 2.1") == [
        math.nextafter(50, -math.inf), math.nextafter(2.1, math.inf)]


def test_a_sentence_that_points_back_brings_the_one_it_points_to() -> None:
    sources = make_sources(("Measuring heart rate › Irregular rhythm",
                            "Count the QRS complexes in a 10 second strip and multiply by 6. "
                            "The same method is preferred for atrial fibrillation, where any "
                            "single RR interval misleads."))
    choice = choose_evidence("ventricular rate in atrial fibrillation with irregular RR?",
                             sources, max_evidence=1)
    assert [e.text[:9] for e in choice.evidence] == ["Count the", "The same "]


def test_a_possessive_capitalised_word_names_whose_work_is_asked_about() -> None:
    def source(n: int, path: str, text: str) -> Source:
        return Source(n, path, path, None, text, 1.0, section="Results", path=path)
    review = source(1, "echo_akkus2021_review.pdf", "A CNN sorted echo clips with 84% accuracy.")
    paper = source(2, "echo_kusunose2020_views.pdf", "Our CNN sorted echo clips: 98.1% accuracy.")
    choice = choose_evidence("Kusunose's CNN for sorting echo clips - how accurate?",
                             [review, paper], max_evidence=1)
    assert choice.evidence[0].doc == "echo_kusunose2020_views.pdf"


def test_the_questions_wordings_of_one_finding_are_the_evidences() -> None:
    # [phrases] applied to the question's key terms too, not only to the evidence's.
    assert key_terms("P mitrale?") == key_terms("left atrial enlargement?")
    assert "manual" in key_terms("how often do you end up correcting it by hand?")
    assert key_terms("trop only slightly up") == ["troponin", "slight"]
    assert "trop" in context_words("T wave inversion, trop only slightly up")


def test_most_specific_asks_which_is_best_not_about_specificity() -> None:
    assert "specif" not in key_terms("Which finding is most specific for VT?")
    assert "specif" in key_terms("How specific is a Sgarbossa score of 3?")


def test_a_lead_in_far_down_the_evidence_does_not_bring_its_list() -> None:
    notes = make_sources(
        ("Measuring heart rate › Regular rhythm",
         "300 divided by the number of large squares between R waves gives the heart rate."),
        ("Measuring heart rate › Irregular rhythm",
         "Count the QRS complexes in a 10 second strip and multiply by 6 for the heart rate."),
        ("Rates", "In heart block count atrial and ventricular heart rate separately."),
    )
    lead_in = Source(4, "note.md", "Test note", None,
                     "Because QT shortens as heart rate increases, it is corrected:\n"
                     "- Bazett: QTc = QT / square root of RR.\n- Fridericia: cube root.", 0.1,
                     section="QT interval › Rate correction")
    texts = [e.text for e in choose_evidence("heart rate?", [*notes, lead_in]).evidence]
    assert not any("Bazett" in t or t.endswith("corrected:") for t in texts)
    assert len(texts) == 3


def test_telling_two_things_apart_is_answered_under_the_heading_that_does() -> None:
    sources = make_sources(
        ("Wide-complex tachycardia (VT) › Types",
         "Monomorphic VT: uniform QRS, usually from scar after infarction."),
        ("Wide-complex tachycardia (VT) › ECG features favouring VT",
         "AV dissociation: independent P waves, capture beats and fusion beats."),
        ("Supraventricular tachycardia (SVT)",
         "The term means regular narrow-complex tachycardias other than sinus tachycardia."))
    choice = choose_evidence("how do I tell VT from SVT with aberrancy?", sources)
    assert choice.evidence[0].text.startswith("AV dissociation")


def test_a_neighbouring_headings_criteria_are_not_brought_along() -> None:
    sources = make_sources(
        ("QRS duration › Right bundle branch block (RBBB)",
         "QRS 120 ms or more; rsR' pattern in V1 or V2; a wide, slurred S wave in I and V6."),
        ("QRS duration › Left bundle branch block (LBBB)",
         "QRS 120 ms or more; broad notched R waves in I, aVL, V5 and V6."))
    similar = lambda texts: np.tile(np.array([0.8, 0.6]), (len(texts), 1))  # noqa: E731
    choice = choose_evidence("RBBB criteria?", sources, similar)
    assert [e.section for e in choice.evidence] == [
        "QRS duration › Right bundle branch block (RBBB)"]


def test_valve_lesions_are_read_from_words_and_capitalised_abbreviations() -> None:
    assert valve_lesions("severe pulmonic valve stenosis?") == {("pulmonary", "stenosis")}
    assert valve_lesions("mean gradient of a mechanical mitral valve") == {("mitral", "prosthesis")}
    assert valve_lesions("severe AS with moderate MR") == {("aortic", "stenosis"),
                                                           ("mitral", "regurgitation")}
    # "as" is a word, "PR" mostly the interval, "MRI" a scan: none is a lesion.
    assert valve_lesions("As a rule the PR interval on MRI") == set()


def test_evidence_about_another_valves_lesion_does_not_answer_the_one_asked() -> None:
    sources = make_sources(("Aortic stenosis (AS) › Severity table",
                            "| parameter | mild | moderate | severe |\n|---|---|---|---|\n"
                            "| peak velocity (m/s) | 2.6-2.9 | 3.0-3.9 | 4.0 or more |"))
    asked = "What peak velocity makes valve stenosis severe?"
    assert choose_evidence(asked, sources).supported
    choice = choose_evidence("What peak velocity makes pulmonary valve stenosis severe?", sources)
    assert not choice.supported
    assert choice.mismatch == ("pulmonary stenosis", "aortic stenosis")
    # The lesion asked about, named by its abbreviation, is answered.
    assert lesion_mismatch("severe AS peak velocity?", ["Aortic stenosis (AS) 4.0 or more"]) is None


def test_a_question_for_a_scores_points_needs_evidence_that_states_points() -> None:
    sources = make_sources(("QT interval › Causes of QT prolongation",
                            "Congenital long QT diagnosis uses the Schwartz score; a QTc of 480 ms "
                            "or more on repeated ECGs supports it."))
    assert choose_evidence("Which QTc supports congenital long QT on the Schwartz score?",
                           sources).supported
    choice = choose_evidence("How many Schwartz score points does a QTc of 480 ms get?", sources)
    assert not choice.supported
    assert unstated_kind("What total Schwartz score counts as high probability?",
                         ["Diagnosis uses the Schwartz score."]) == "score"
    # The points are stated: the question is answered (Sgarbossa's criteria in the notes).
    assert unstated_kind("How many points is concordant ST elevation in Sgarbossa?",
                         ["Concordant ST elevation of 1 mm or more (5 points)."]) is None
    assert unstated_kind("At what CHA2DS2-VASc score is anticoagulation recommended?",
                         ["anticoagulation is recommended at a score of 2 or more in men"]) is None


def test_a_question_for_a_percentage_or_an_interval_needs_evidence_that_states_one() -> None:
    assert unstated_kind("What percentage success does CTI ablation have for flutter?",
                         ["Catheter ablation of the cavotricuspid isthmus is highly effective."]
                         ) == "percentage"
    assert unstated_kind("What proportion of FICE scans showed new findings?",
                         ["68% of FICE scans showed previously unknown findings."]) is None
    assert unstated_kind("Moderate AS: how often should we repeat the echo?",
                         ["Moderate AS: mean gradient 20-39 mmHg."]) == "interval"
    assert unstated_kind("How often should the echo be repeated in moderate AS?",
                         ["Moderate AS is re-imaged every 1-2 years."]) is None
    assert unstated_kind("How often should moderate AS be re-echoed?",
                         ["Moderate AS: mean gradient 20-39 mmHg."]) == "interval"
    # "How often" about a finding asks for no interval.
    assert unstated_kind("How often is the ECG normal in NSTEMI?", ["A normal ECG ..."]) is None


def test_a_childs_normal_values_are_not_answered_with_adults() -> None:
    adults = ["interval: PR; normal range (adults): 120-200 ms"]
    assert unstated_kind("Normal PR interval in a 5 year old?", adults) == "children"
    assert unstated_kind("upper limit of QTc for a 7 yo kid?", adults) == "children"
    assert unstated_kind("Atropine dose for a 3 yo with bradycardia?",
                         ["Intravenous atropine 1 mg every 3-5 minutes"]) == "children"
    assert unstated_kind("Is right axis deviation normal in children?",
                         ["Right axis deviation: ... a normal finding in children"]) is None
    # A child in the story asks for no values; an adult's age is no child.
    assert unstated_kind("14yo girl with syncope and KCNH2: which long QT type?", adults) is None
    assert unstated_kind("Normal PR interval in a 45 year old?", adults) is None


def test_a_blood_level_is_answered_only_by_a_concentration() -> None:
    hyperkalaemia = ["Peaked T waves and wide QRS in hyperkalaemia."]
    assert unstated_kind("At what serum potassium level do peaked T waves start?",
                         hyperkalaemia) == "blood level"
    assert unstated_kind("what serum digoxin concentration is toxic?",
                         ["Digoxin toxicity: any arrhythmia, classically ..."]) == "blood level"
    # A concentration stated for something else is none: the QT note's potassium target.
    assert unstated_kind("At roughly what serum potassium do peaked T waves appear?",
                         ["Correct potassium (aim roughly 4.0-5.0 mmol/L)."]) == "blood level"
    assert unstated_kind("At roughly what serum potassium do peaked T waves appear?",
                         ["Peaked T waves appear from about 5.5 mmol/L."]) is None
    # Another substance's target is no level of the one asked.
    qt_care = ["Correct potassium (aim roughly 4.0-5.0 mmol/L) and magnesium, and monitor on "
               "telemetry when the QTc is over 500 ms."]
    assert unstated_kind("QTc 510 on telemetry: I keep potassium at 4.0-5.0, but what serum "
                         "magnesium level should we aim for?", qt_care) == "blood level"
    assert unstated_kind("QTc 510 on telemetry: what potassium level should we aim for?",
                         qt_care) is None
    # Without "serum": the analyte before "level" says it is one.
    assert unstated_kind("what K+ level gives peaked T waves?", hyperkalaemia) == "blood level"
    assert unstated_kind("what digoxin level counts as toxic? pt on dig with slow AF",
                         ["AF with a slow regular response (consider digoxin toxicity)."]) == (
        "blood level")
    assert unstated_kind("therapeutic range for digoxin?", ["Digoxin 0.5-0.9 ng/mL ..."]) is None
    # A level that is no blood level asks for none: "at the single-image level".
    assert unstated_kind("How accurate was the classifier at the single-image level?",
                         ["An accuracy of 84% ..."]) is None


def test_how_long_to_treat_is_answered_only_by_a_duration() -> None:
    af = ["Stroke risk: with CHA2DS2-VASc, anticoagulation is recommended at a score of 2 or more.",
          "Paroxysmal (ends within 7 days), persistent (lasts over 7 days)."]
    assert unstated_kind("How long should anticoagulation continue after cardioversion of AF?",
                         af) == "treatment duration"
    assert unstated_kind("colchicine for how long?", ["Colchicine is added."]) == (
        "treatment duration")
    assert unstated_kind("How long to anticoagulate after cardioversion?",
                         ["Anticoagulate for at least 4 weeks after cardioversion."]) is None
    # A time that is no treatment asks for no treatment's duration, but for the time it took.
    assert unstated_kind("How long did training take on apical 4-chamber images?",
                         ["Training took longer with all views."]) == "time taken"
    assert unstated_kind("How long did training take on apical 4-chamber images?",
                         ["Training took about 30 h on one view."]) is None


def test_first_line_is_how_a_treatment_question_is_asked_not_what_it_is_about() -> None:
    assert set(key_terms("First-line treatment for stable SVT?")) == {
        "treat", "stabl", "supraventricular", "tachycard"}
    assert "first" in key_terms("criteria for first-degree AV block")



AS_TABLE = ("| parameter | mild | moderate | severe |\n|---|---|---|---|\n"
            "| peak velocity (m/s) | 2.6-2.9 | 3.0-3.9 | 4.0 or more |\n"
            "| mean gradient (mmHg) | under 20 | 20-39 | 40 or more |\n"
            "| AVA (cm2) | over 1.5 | 1.0-1.5 | under 1.0 |\n"
            "| indexed AVA (cm2/m2) | over 0.85 | 0.60-0.85 | under 0.6 |\n"
            "| dimensionless index of the aortic valve | over 0.50 | 0.25-0.50 | under 0.25 |\n")


def test_rows_of_one_table_that_score_alike_are_quoted_in_the_tables_order(monkeypatch) -> None:
    sources = make_sources(("Aortic stenosis (AS) › Severity table", AS_TABLE))
    asked = "severe aortic stenosis criteria"
    rows = [e.text.split(";")[0] for e in choose_evidence(asked, sources).evidence]
    assert rows[:3] == ["parameter: peak velocity (m/s)", "parameter: mean gradient (mmHg)",
                        "parameter: AVA (cm2)"]
    # Four of the table's rows, so that which four shows the order they were taken in.
    four = [e.text.split(";")[0] for e in choose_evidence(asked, sources, max_evidence=4).evidence]
    monkeypatch.setattr(evidence, "TABLE_CLOSE", 1.01)  # best-scoring rows first, as before
    assert [e.text.split(";")[0]
            for e in choose_evidence(asked, sources, max_evidence=4).evidence] != four


def test_sentences_of_one_passage_are_quoted_in_reading_order() -> None:
    sources = make_sources(("Discordant grading: low-gradient severe AS",
                            "When AVA is under 1.0 cm2 but mean gradient under 40 mmHg: "
                            "low-dose dobutamine stress echo. True severe AS is confirmed if the "
                            "mean gradient reaches 40 mmHg. Pseudo-severe AS shows an increase in "
                            "AVA above 1.0 cm2."))
    texts = [e.text for e in choose_evidence("how do I tell pseudo-severe AS from true severe "
                                             "AS?", sources).evidence]
    assert len(texts) >= 2
    assert [sources[0].text.index(t) for t in texts] == sorted(
        sources[0].text.index(t) for t in texts)


def test_a_heading_about_the_other_side_does_not_answer() -> None:
    sources = make_sources(
        ("Left bundle branch block and ventricular pacing: Sgarbossa criteria",
         "The modified Sgarbossa criteria replace the third criterion with a proportion: "
         "discordant ST elevation of 25% or more of the depth of the preceding S wave."),
        ("QRS duration › Right bundle branch block (RBBB)",
         "QRS 120 ms or more; rsR' pattern in V1 or V2; a wide, slurred S wave in I and V6."))
    choice = choose_evidence("What are the ECG criteria for right bundle branch block?", sources)
    assert choice.evidence[0].text.startswith("QRS 120 ms or more")
    # The other side's heading is no objection when the question names that side.
    left = choose_evidence("Sgarbossa criteria in left bundle branch block?", sources)
    assert "Sgarbossa" in left.evidence[0].text


def test_the_name_of_a_formula_the_knowledge_base_lacks_leaves_the_question_unsupported() -> None:
    sources = make_sources(("QT interval › Rate correction",
                            "Bazett formula: QTc = QT / square root of RR (RR in seconds). "
                            "Fridericia formula: QTc = QT / cube root of RR."))
    everyday = {"hodges", "wells"}.__contains__  # a surname and a word the embedder knows whole
    assert evidence.eponyms("hodges formula for QTc?? want to compare w/ bazett") == {"hodges"}
    assert evidence.eponyms("which formula is best, and what are the new criteria?") == set()
    named = choose_evidence("hodges formula for QTc?? want to compare w/ bazett", sources,
                            is_common=everyday)
    unnamed = choose_evidence("formula for QTc?? want to compare w/ bazett", sources,
                              is_common=everyday)
    # The name no sentence holds counts against the evidence's coverage of the question.
    assert "hodg" in named.key_terms and not named.supported
    assert named.coverage < 0.6 < unnamed.coverage


def test_an_everyday_word_inside_a_name_counts_and_one_between_two_things_does_not() -> None:
    pool = set(evidence.terms("left atrium strain NSTEMI angina citalopram QTc"))
    assert evidence.inside_terms("normal LA reservoir strain value?", pool) == {"reservoir"}
    assert evidence.inside_terms("ECG criteria for NSTEMI / unstable angina?", pool) == set()
    assert evidence.inside_terms("on citalopram, machine QTc 485 ms", pool) == set()
    sources = make_sources(("LV systolic function › Other systolic measures",
                            "Global longitudinal strain more negative than -18% is normal; "
                            "left atrium size is graded by volume index."))
    reservoir = choose_evidence("normal LA reservoir strain value?", sources,
                                is_common={"reservoir"}.__contains__)
    strain = choose_evidence("normal LA strain value?", sources,
                             is_common={"reservoir"}.__contains__)
    assert "reservoir" in reservoir.key_terms and reservoir.coverage < 0.8
    assert strain.coverage == 1.0


def test_a_papers_own_abbreviation_is_read_as_the_words_it_stands_for() -> None:
    def source(n: int, text: str) -> Source:
        return Source(n, "study.pdf", "Novice echo study", 5, text, 1.0, section="Methods",
                      path="/papers/study.pdf")
    defined = source(2, "The Image Quality Score (IQS) technology grades each clip from 1 to 5.")
    used = source(1, "Thresholds for IQS were 3.1 for PLAX, 2.5 for AP4, and 2.7 for AP2.")
    other = source(3, "Image acquisition took longer for novices than for the expert.")
    assert evidence.defined_abbreviations([used, defined]) == {
        "/papers/study.pdf": {"IQS": ["imag", "qualiti", "score"]}}
    choice = choose_evidence("what image quality score was needed for a PLAX clip?",
                             [other, used, defined], max_evidence=1)
    assert choice.evidence[0].text.startswith("Thresholds for IQS")


def test_a_dose_given_for_another_condition_does_not_answer_the_dose_asked() -> None:
    sources = make_sources(
        ("Bradycardia › Acute management of symptomatic bradycardia",
         "Then use transcutaneous pacing, or an infusion of adrenaline (epinephrine, 2-10 "
         "micrograms/min)."),
        ("Ventricular fibrillation", "It is a cardiac arrest rhythm treated with immediate "
         "defibrillation."))
    arrest = choose_evidence("what's the dose of adrenaline in cardiac arrest", sources)
    assert not arrest.supported and arrest.ruled_out
    bradycardia = choose_evidence("adrenaline dose in symptomatic bradycardia?", sources)
    assert not bradycardia.ruled_out


def test_a_question_left_with_only_the_patients_numbers_is_not_supported() -> None:
    sources = make_sources(("Left ventricular size › Linear dimensions",
                            "LV end-diastolic diameter (cm): severely dilated; men: over 6.8."))
    choice = choose_evidence("pt with K+ 6.8, what ECG changes should i look for", sources,
                             is_common={"potassium", "changes", "look"}.__contains__)
    assert not choice.supported and choice.off_topic


def test_rows_of_one_section_are_shown_in_the_documents_order_across_its_chunks() -> None:
    def chunk(n: int, seq: int, text: str) -> Source:
        return Source(n, "note.md", "Echo note", None, text, 1.0, path="/kb/note.md",
                      section="LV systolic function › Ejection fraction",
                      chunk_id=f"abc-{seq:05d}")
    later = chunk(1, 12, "LVEF (%): 30-40; grade: moderately abnormal\n"
                         "LVEF (%): under 30; grade: severely abnormal")
    earlier = chunk(2, 11, "LVEF (%): 52-72 (men), 54-74 (women); grade: normal")
    choice = choose_evidence("LVEF grades?", [later, earlier])
    assert [e.text.split(";")[0] for e in choice.evidence] == [
        "LVEF (%): 52-72 (men), 54-74 (women)", "LVEF (%): 30-40", "LVEF (%): under 30"]


def test_how_well_a_method_did_is_answered_by_its_figure() -> None:
    assert unstated_kind("what accuracy did SonoNet achieve for the three-vessel view?",
                         ["Ultrasound scans of 1003 healthy fetuses (14.1% with CHD)."]) == (
        "performance figure")
    assert unstated_kind("how well did the ensemble separate normal hearts from complex CHD?",
                         ["Good performance, with an AUC of 0.99 and a sensitivity of 95%."]
                         ) is None

    def source(n: int, text: str) -> Source:
        return Source(n, "paper.pdf", "A view classifier", 4, text, 1.0, section="Results",
                      path="/papers/paper.pdf")
    introduced = source(1, "We trained a convolutional network to classify five standard views.")
    measured = source(2, "The network classified the views with 98.1% overall test accuracy.")
    choice = choose_evidence("how accurate was the network at classifying standard views?",
                             [introduced, measured], max_evidence=1)
    assert choice.evidence[0].text.startswith("The network classified")


def test_a_journal_named_medicine_does_not_make_a_question_ask_for_treatment() -> None:
    sources = make_sources(("Results", "The model identified pacemaker leads (AUC = 0.89)."))
    choice = choose_evidence("In the npj Digital Medicine paper, how well did the model pick up "
                             "pacemaker leads?", sources)
    assert choice.supported and not choice.ruled_out
    drugs = make_sources(("AF › Rate control", "Rate control target: under 110/min at rest."))
    assert choose_evidence("what medicine for AF rate control?", drugs).ruled_out


def test_where_the_patient_is_and_who_scanned_are_not_missing_terms() -> None:
    sources = make_sources(("Right atrial pressure from the IVC",
                            "In mechanically ventilated patients IVC collapse cannot be used to "
                            "estimate RAP."))
    everyday = {"first", "year", "students"}.__contains__
    icu = choose_evidence("ventilated pt in ICU, can I use IVC collapse for RAP?", sources,
                          is_common=everyday)
    assert icu.missing == [] and icu.coverage == 1.0
    students = choose_evidence("first-year students: can IVC collapse give RAP?", sources,
                               is_common=everyday)
    assert students.missing == []
    # Everyday words joined by a hyphen can name what is asked: still missing when not held.
    induced = choose_evidence("exercise-induced change in IVC collapse and RAP?", sources,
                              is_common={"exercise", "induced", "change"}.__contains__)
    assert induced.missing


def test_an_author_in_the_papers_file_name_is_no_term_its_text_must_hold() -> None:
    paper = Source(1, "echo_akkus2021_JClinMed_AI-echo-review.pdf", "AI in echo", 10,
                   "U-Net is the most common model for segmentation of the left ventricle.", 1.0,
                   section="Image segmentation", path="/papers/echo_akkus2021_JClinMed.pdf")
    choice = choose_evidence("akkus review - which model is used most for segmentation?",
                             [paper], is_common=set().__contains__)
    assert "akkus" not in choice.key_terms and choice.supported
    # A journal glued in camel case, and its initials: "JClinMed" is J Clin Med, JCM.
    assert {"clin", "med", "jcm"} <= evidence._name_parts("echo_akkus2021_JClinMed.pdf")


def test_a_count_is_answered_only_by_a_number() -> None:
    fice = ["Internationally, basic echocardiography is a skill all practitioners should possess.8 "
            "FICE accreditation is an accessible means of achieving this aim [12]."]
    # A reference mark is no number of scans.
    assert unstated_kind("How many logged scans do you need for FICE accreditation?",
                         fice) == "count"
    assert unstated_kind("How many chest leads are there?",
                         ["Six unipolar chest leads are placed as follows:"]) is None
    assert unstated_kind("how many pts were in the study?", ["141 patients were enrolled."]) is None
    # Points and percentages keep their own kinds.
    assert unstated_kind("How many points for hypertension in CHA2DS2-VASc?",
                         ["CHA2DS2-VASc guides anticoagulation."]) == "points"


def test_where_a_lead_goes_is_answered_only_by_a_place_on_the_chest() -> None:
    stemi_rows = ["Record V7-V9 when V1-V3 show ST depression, and V4R in inferior STEMI."]
    assert unstated_kind("inferior STEMI - where exactly does the V4R electrode go?",
                         stemi_rows) == "placement"
    assert unstated_kind("Where do the V7-V9 electrodes go?",
                         ["posterior leads V7 to V9 (posterior axillary line, angle of the "
                          "scapula)"]) is None
    # Where a finding is seen is no placement question.
    assert unstated_kind("which leads show ST elevation in inferior MI?", stemi_rows) is None
    # The place must be the named lead's: V7-V9's place written after V4R is not V4R's.
    extra_leads = ["right-sided leads (V3R, V4R) for right ventricular infarction, and posterior "
                   "leads V7 to V9 (posterior axillary line, angle of the scapula)"]
    assert unstated_kind("Exactly where do you put V4R on the chest?", extra_leads) == "placement"
    assert unstated_kind("where does V8 go?", extra_leads) is None
    assert unstated_kind("where exactly does V3 go?", ["V3: midway between V2 and V4."]) is None
    # Leads of the patient's tracing are not the ones asked to place.
    assert unstated_kind("lead I inverted, normal build-up across V1-V6. Have the limb "
                         "electrodes been put on wrong?",
                         ["Swapped arm electrodes are placed the wrong way round."]) is None


def test_a_score_worked_out_for_a_patient_needs_a_score_value() -> None:
    assert unstated_kind("CHA2DS2-VASc score for a 70yo woman with HTN?",
                         ["CHA2DS2-VASc estimates stroke risk in AF."]) == "score"
    assert unstated_kind("CHA2DS2-VASc score for a 70yo woman with HTN?",
                         ["anticoagulation is recommended at a score of 2 or more in men and 3 "
                          "or more in women"]) is None


def test_a_patients_value_falls_only_in_a_range_of_its_own_unit() -> None:
    assert evidence.value_ranges("QTc under 450 ms; rates over 250/min; LVEF 30-40%") == [
        (30.0, 40.0, "%"), (-math.inf, math.nextafter(450, -math.inf), "ms"),
        (math.nextafter(250, math.inf), math.inf, "/min")]
    assert evidence.question_values_with_units("running at 110 bpm, EF 38%, K 6.8") == [
        (110.0, "/min"), (38.0, "%"), (6.8, None)]
    sources = make_sources(
        ("Summary of normal values", "QTc normal range (adults): under 450 ms in men."),
        ("Atrial fibrillation", "Rate control target: a resting ventricular rate under 150/min."))
    choice = choose_evidence("rate control target, pt running at 110 bpm in AF?", sources,
                             max_evidence=1)
    assert "150/min" in choice.evidence[0].text
    # A value in a unit the row does not use is not held against it: the velocity is no IVC size.
    table = Source(1, "note.md", "Note", None, IVC_TABLE.rstrip("\n") + "\n" + IVC_TABLE_REST,
                   1.0, section="Right atrial pressure from the IVC", chunk_id="doc-00001")
    choice = choose_evidence("TR Vmax 3.5 m/s, IVC 2.4 cm, collapses less than 50% with sniff. "
                             "What RAP?", [table], max_evidence=1)
    assert "15 mmHg" in choice.evidence[0].text


def test_the_sentence_after_the_best_one_joins_when_it_holds_a_key_term_even_in_the_next_chunk(
) -> None:
    first = Source(1, "af.md", "AF", None,
                   "- AF with a very fast, irregular, wide and bizarre QRS (rates over 250/min) "
                   "suggests pre-excited AF over an accessory pathway.", 1.0,
                   section="Atrial fibrillation › Points of care", chunk_id="af-00004",
                   path="af.md")
    second = Source(2, "af.md", "AF", None,
                    "AV nodal blockers (adenosine, verapamil, diltiazem, digoxin) are avoided; "
                    "procainamide or cardioversion are used.\n- Rate control: under 110/min.",
                    0.5, section="Atrial fibrillation › Points of care", chunk_id="af-00005",
                    path="af.md")
    # It scores under half the best one's score: it shares little but "diltiazem" with the question.
    choice = choose_evidence("fast irregular bizarre QRS in AF: OK to give diltiazem?",
                             [first, second])
    assert any("diltiazem" in e.text for e in choice.evidence)


def test_what_the_question_rules_out_is_no_key_term_and_sentences_naming_it_rank_lower() -> None:
    assert evidence.excluded_terms("What causes ST elevation other than MI?") == {
        "myocardi", "infarct"}
    assert evidence.excluded_terms("ST elevation but not MI - what else could it be?") == {
        "myocardi", "infarct"}
    # What the question names before it stays asked: only the infarct is ruled out.
    assert evidence.excluded_terms("ST elevation other than STEMI?") == {"myocardi", "infarct"}
    assert evidence.excluded_terms("other than that, is it normal?") == set()
    # "Rather than" compares two things: both are asked.
    assert evidence.excluded_terms("what points to constriction rather than restriction?") == set()
    sources = make_sources(
        ("Localising STEMI by territory",
         "Inferior STEMI: ST elevation in II, III and aVF, usually from the right coronary."),
        ("Repolarisation variants",
         "Early repolarisation gives ST elevation under 2 mm with J point notching."))
    choice = choose_evidence("Why else would there be ST elevation, apart from infarction?",
                             sources, max_evidence=1)
    assert "Early repolarisation" in choice.evidence[0].text
    assert "infarct" not in choice.key_terms


TERRITORY_TABLE = (
    "| territory | leads with ST elevation | reciprocal change |\n|---|---|---|\n"
    "| anterior | V3-V4 | inferior leads |\n"
    "| inferior | II, III, aVF | I, aVL |\n")


def test_the_table_row_the_question_names_comes_first() -> None:
    table = Source(1, "ischemia.md", "Ischemia", None, TERRITORY_TABLE, 1.0,
                   section="Localising STEMI by territory", chunk_id="isch-00003")
    choice = choose_evidence("Which leads show ST elevation in an inferior STEMI?", [table])
    # Both rows hold "inferior" and "leads"; the one the question names opens the answer.
    assert choice.evidence[0].text.startswith("territory: inferior")


def test_every_kind_of_value_has_a_line_saying_the_passages_lack_it() -> None:
    from echoassist.answer.asked import ANSWER_KINDS
    from echoassist.prompts import NO_VALUE_OF_KIND
    also = {"normal value", "value in the unit asked", "cut-off"}
    assert {kind for kind, _, _ in ANSWER_KINDS} | also <= set(NO_VALUE_OF_KIND)


def test_a_named_metric_is_answered_only_by_that_metrics_figure() -> None:
    sgarbossa = ["A score of 3 or more is highly specific (about 90% or more) but insensitive."]
    assert unstated_kind("How sensitive is a Sgarbossa score of 3 or more, in percent?",
                         sgarbossa) == "performance figure"
    assert unstated_kind("sensitivity of the original sgarbossa? need an actual number",
                         sgarbossa) == "performance figure"
    # The heading names what the sentence's figure is said of.
    assert unstated_kind("How specific is a Sgarbossa score of 3 or more?", sgarbossa,
                         ["Modified Sgarbossa criteria"]) is None
    assert unstated_kind("what sensitivity and specificity did the model have for LVH?",
                         ["For LVH the model reached 95% sensitivity and a specificity of 96%."]
                         ) is None
    # Another finding's figures: the Mayo criteria share only "pericarditis" with Spodick's sign.
    mayo = ["feature: Spodick sign; acute pericarditis: downsloping TP segment",
            "The Mayo Clinic criteria gave about 87% sensitivity and 91% specificity for "
            "constrictive pericarditis."]
    assert unstated_kind("How sensitive and how specific is Spodick's sign for acute pericarditis?",
                         mayo) == "performance figure"
    assert unstated_kind("How sensitive and specific are the Mayo Clinic criteria?", mayo) is None
    # A result said of "the model" names it in the text just before.
    result = ["Good performance was achieved, with a sensitivity of 95%."]
    asked = "Arnaout's fetal CHD model: what sensitivity did it get?"
    assert unstated_kind(asked, result, ["4 Intelligent imaging"]) == "performance figure"
    assert unstated_kind(asked, result, ["4 Intelligent imaging"],
                         ["They trained a model to tell fetal hearts with complex CHD."]) is None
    # A question that asks no figure is not checked.
    assert unstated_kind("Is Sokolow-Lyon sensitive for LVH?",
                         ["Voltage criteria are specific but insensitive."]) is None


def test_a_normal_value_is_answered_only_by_a_value_of_the_measure_asked() -> None:
    lv_row = "LV end-diastolic diameter (cm): normal; men: 4.2-5.8; women: 3.8-5.2"
    # The LV diameter row shares "left ventricular ... diameter" with the LVOT, not its value.
    assert unstated_kind("What is a normal LVOT diameter in an adult man?",
                         [lv_row]) == "normal value"
    assert unstated_kind("what is the normal LVEDD in a woman", [lv_row]) is None
    # The root named beside another measure's limit; the measure named without a value.
    assert unstated_kind("upper limit of normal aortic root diameter for a 50 yo man?",
                         ["PA diameter over the aortic root diameter, or PA diameter over 25 mm"]
                         ) == "normal value"
    assert unstated_kind("normal value for global circumferential strain?",
                         ["Estimation errors of GCS were 5.1%."]) == "normal value"
    # The measure may be named by the sentence's heading.
    assert unstated_kind("whats a normal TAPSE?", ["under 17 mm is abnormal"],
                         ["TAPSE (tricuspid annular plane systolic excursion)"]) is None
    # A grade of something else is no normal limit; a limit in the row's label unit is one.
    assert unstated_kind("what is a normal PASP?", ["With a dilated IVC the jet gives 56 mmHg."],
                         ["Estimating PASP › The formula"]) == "normal value"
    assert unstated_kind("what is a normal PASP?", ["PASP (mmHg): 35 or less; label: normal"],
                         ["Grading PASP in reports"]) is None
    # "Normal" in the patient's story asks for no normal value.
    assert unstated_kind("trop normal, deep TWI in V2-V3: Wellens?", [lv_row]) is None


def test_a_value_typed_with_its_unit_is_the_patients_value() -> None:
    assert evidence.question_values_with_units("QTc 472ms in a woman, TAPSE 14mm") == [
        (472.0, "ms"), (14.0, "mm")]
    assert evidence.question_values("12-lead, 2D echo, V1") == []


def test_a_low_dose_test_is_no_question_about_a_dose() -> None:
    sources = make_sources((
        "Aortic stenosis › Discordant grading",
        "Classical low-flow, low-gradient AS with reduced LVEF: low-dose dobutamine stress echo. "
        "True severe AS is confirmed if the mean gradient reaches 40 mmHg or more while AVA "
        "stays 1.0 cm2 or less."))
    choice = choose_evidence("What result on low-dose dobutamine echo confirms true severe AS?",
                             sources)
    assert choice.supported and not choice.ruled_out


def test_a_dose_asked_for_a_named_drug_is_that_drugs_dose() -> None:
    sources = make_sources(("QT interval › Managing a long QT",
                            "Torsades is treated with intravenous magnesium sulfate (typically "
                            "2 g), increasing the heart rate (isoprenaline or temporary pacing) "
                            "to shorten the QT."))
    assert choose_evidence("torsades with a pulse: magnesium dose?", sources).supported
    choice = choose_evidence("isoprenaline infusion dose for torsades?", sources)
    assert not choice.supported and choice.ruled_out


def test_a_table_comparing_the_two_sides_shows_more_of_its_rows() -> None:
    features = [("septal motion", "bounce", "normal"), ("mitral E variation", "25% or more",
                 "under 15%"), ("medial e'", "preserved", "reduced"), ("pulmonary pressure",
                 "under 50 mmHg", "over 50 mmHg"), ("pericardium", "thick", "normal"),
                ("hepatic veins", "expiratory reversal", "inspiratory reversal")]
    rows = "\n".join(f"| {name} | {one} | {other} |" for name, one, other in features)
    sources = make_sources(("Constriction versus restriction",
                            "| feature | constriction | restriction |\n|---|---|---|\n" + rows))
    choice = choose_evidence("constriction vs restriction: how do I tell them apart?", sources)
    assert len(choice.evidence) == evidence.COMPARISON_ROWS > evidence.MAX_EVIDENCE


def test_a_normal_value_asked_ranks_the_sentence_stating_it_first() -> None:
    assert normal_value_measure("What is the normal upper limit for PASP?") == terms("PASP")
    assert normal_value_measure("what's a normal QRS axis") == terms("electrical axis")
    # The resting pressure worked out from a TR velocity states a value but no normal limit.
    sources = make_sources(
        ("Pulmonary artery systolic pressure at rest", "A TR Vmax of 2.0 m/s gives 16 mmHg, so "
         "the pulmonary artery systolic pressure at rest is about 21 mmHg with RAP 5 mmHg."),
        ("Grading PASP in reports", "PASP of 35 mmHg or less is normal."))
    choice = choose_evidence("What is the normal upper limit for pulmonary artery systolic "
                             "pressure?", sources, max_evidence=1)
    assert choice.evidence[0].text.startswith("PASP of 35") and not choice.ruled_out


def test_a_terse_normal_value_question_is_one() -> None:
    # "normal X?" and "normal X range at ..." ask for X's normal value as "what is a normal X"
    # does; the LV diameter row is no normal LVOT VTI.
    lv_row = "Normal LV end-systolic diameter is about 2.5-4.0 cm in men."
    assert unstated_kind("normal LVOT VTI in cm?", [lv_row]) == "normal value"
    assert unstated_kind("normal fetal heart rate range at the 20 week scan?",
                         ["Sinus bradycardia: under 60/min"],
                         ["Measuring heart rate › Normal limits"]) == "normal value"
    # A unit states its quantity ("mL": a volume) and "pericardial" is the pericardium's.
    assert unstated_kind("normal pericardial fluid volume?",
                         ["Normally it holds about 15-50 mL of fluid."],
                         ["The pericardium in brief"]) is None
    # A patient's value judged normal asks for no normal value.
    assert unstated_kind("is a TAPSE of 14 mm normal?", [lv_row]) is None


def test_a_drug_named_says_what_is_done() -> None:
    sources = make_sources(("Ventricular tachycardia › Types",
                            "Fascicular VT: RBBB pattern, left axis, relatively narrow QRS, "
                            "verapamil-sensitive."))
    choice = choose_evidence("fascicular VT: what axis, and which drug does it respond to?",
                             sources)
    assert choice.supported and not choice.ruled_out


def test_a_list_item_is_read_with_its_lead_in() -> None:
    # The criteria items say nothing of infarction; their lead-in does.
    sources = make_sources(
        ("Conduction › Left bundle branch block (LBBB)",
         "A new LBBB alone is no longer treated as a STEMI equivalent. QRS 120 ms or more, broad "
         "notched R waves in I, aVL, V5 and V6."),
        ("Left bundle branch block and pacing: Sgarbossa criteria",
         "In LBBB, discordant ST-T changes are expected. The original Sgarbossa criteria "
         "identify acute infarction:\n\n"
         "1. Concordant ST elevation of 1 mm or more in a lead with a positive QRS.\n"
         "2. Concordant ST depression of 1 mm or more in V1, V2 or V3.\n"))
    units = evidence._units(sources)
    item = next(u for u in units if u.raw.startswith("Concordant ST elevation"))
    assert {"acut", "infarct"} <= item.lead_in
    lead = next(u for u in units if u.raw.startswith("The original"))
    assert not lead.lead_in and not next(u for u in units if u.raw.startswith("QRS")).lead_in


def test_what_to_do_comes_from_the_section_that_describes_the_finding() -> None:
    sources = make_sources((
        "de Winter pattern",
        "A STEMI equivalent indicating acute proximal LAD occlusion.\n\n"
        "- Upsloping ST depression of 1-3 mm at the J point in V1-V6, continuing into tall, "
        "symmetrical T waves.\n- Usually 0.5-2 mm ST elevation in aVR.\n\n"
        "It should trigger emergency reperfusion as for STEMI."))
    choice = choose_evidence("upsloping ST depression at the J point in V1-V6 into tall "
                             "symmetrical T waves: how is it treated?", sources, max_evidence=1)
    texts = [e.text for e in choice.evidence]
    assert texts[0].startswith("Upsloping") and any("reperfusion" in t for t in texts)
    assert not choice.ruled_out


def test_a_sentence_a_pdf_wrapped_over_lines_is_one_unit() -> None:
    text = ("Following this method, the long axis of the apical two-chamber view and the apical\n"
            "four-chamber view was divided into 20 disks, each taken as an elliptical\n"
            "column. The volume was summed.\n- A list item stays its own unit\n"
            "| LVEF | under 50% |")
    spans = [" ".join(text[a:b].split()) for a, b in split_units(text)]
    assert spans[0] == ("Following this method, the long axis of the apical two-chamber view and "
                        "the apical four-chamber view was divided into 20 disks, each taken as an "
                        "elliptical column.")
    assert spans[1:] == ["The volume was summed.", "- A list item stays its own unit",
                         "| LVEF | under 50% |"]


def test_how_many_of_a_unit_is_answered_by_a_value_in_that_unit() -> None:
    question = "How many mm does the leaflet have to go past the annulus to call it prolapse?"
    assert unstated_kind(question, ["Valve area is measured by 2D or 3D planimetry at the "
                                    "leaflet tips."]) == "value in the unit asked"
    assert unstated_kind(question, ["Prolapse is displacement of 2 mm or more."]) is None
    # Centimetres answer millimetres; milliseconds do not.
    assert unstated_kind("how many mm of fluid makes an effusion large?",
                         ["size: large; diastolic echo-free space: over 2.0 cm"]) is None
    assert unstated_kind(question, ["The PR is 120 to 200 ms."]) == "value in the unit asked"
    assert unstated_kind(question, ["The mean gradient was 5 mm Hg."]) == "value in the unit asked"
    assert unstated_kind("at 50 mm/s how many ms is one small box?",
                         ["One small square is 40 ms at 25 mm/s."]) is None
    # How many days, hours or weeks: a span of time, in figures or words.
    stop_early = ("Should beta-blockers be stopped before a low-dose dobutamine echo, and how "
                  "many days beforehand?")
    assert unstated_kind(stop_early, ["Low-dose dobutamine stress echo (up to 20 micrograms/kg/"
                                      "min)."]) == "value in the unit asked"
    assert unstated_kind(stop_early, ["Stop them two days before the test."]) is None
    assert unstated_kind("how many hours of GPU time did training take?",
                         ["Training took 3 h on one GPU."]) is None


def test_a_labelled_items_later_sentences_are_about_its_label() -> None:
    item = ("- **Bazett**: QTc = QT / square root of RR. The most used; it over-corrects.\n"
            "- **Fridericia**: QTc = QT / cube root of RR. More accurate away from 60/min.")
    # The better-ranked chunk starts inside the item and cut the sentence from its label.
    remnant = "More accurate away from 60/min.\nWorked example: QT 400 ms at 100/min."
    units = evidence._units(make_sources(("QT › Rate correction", remnant),
                                         ("QT › Rate correction", item)))
    accurate = next(u for u in units if u.raw.startswith("More accurate"))
    assert "fridericia" in accurate.lead_in and "fridericia" in accurate.context
    assert "bazett" in next(u for u in units if u.raw.startswith("The most used")).lead_in
    assert not next(u for u in units if u.raw.startswith("- **Bazett")).lead_in


def test_a_table_rows_label_gives_the_unit_of_its_ranges() -> None:
    # A velocity of 5.2 m/s falls in none of the mean gradient's ranges.
    assert {unit for _, _, unit in value_ranges(
        "mean gradient (mmHg); mild: under 20; moderate: 20-39; severe: 40 or more")} == {"mmhg"}
    assert {unit for _, _, unit in value_ranges("indexed AVA (cm2/m2); severe: under 0.6")} == {
        "cm2/m2"}
    assert value_ranges("dimensionless index; severe: under 0.25")[0][2] is None


def test_a_double_name_no_evidence_holds_is_missing_though_it_follows_on() -> None:
    # "on Romhilt-Estes" is no drug the patient is on: the score is what is asked about.
    choice = choose_evidence("how many points on Romhilt-Estes do you need for probable LVH?",
                             LBBB, is_common=FixedRetriever([]).is_common_word)
    assert "romhilt" in choice.missing and not choice.supported
    # A named score the knowledge base never mentions is refused, however well the rest is held.
    stroke = make_sources(("Atrial fibrillation › Points of care",
                           "Stroke risk: with CHA2DS2-VASc, anticoagulation is recommended at a "
                           "score of 2 or more in men and 3 or more in women."))
    choice = choose_evidence("AF, CHA2DS2-VASc 3, anticoagulating: at what HAS-BLED score is "
                             "the risk high?", stroke, is_common=FixedRetriever([]).is_common_word)
    assert choice.ruled_out and not choice.supported
    assert not choose_evidence("CHA2DS2-VASc score for anticoagulation in a woman?", stroke,
                               is_common=FixedRetriever([]).is_common_word).ruled_out


def test_asking_whether_it_is_ok_to_do_something_brings_what_the_section_says_is_done() -> None:
    sources = make_sources((
        "Wellens syndrome",
        "A pattern indicating critical proximal LAD stenosis.\n\n"
        "- Deep, symmetrical T wave inversion in V2-V3.\n"
        "- Seen in a pain-free period after an episode of angina; troponin is normal.\n\n"
        "Stress testing is contraindicated; the patient needs early coronary angiography."))
    choice = choose_evidence("pain free now, deep symmetrical T inversion in V2-V3, troponin "
                             "normal. Is it safe to book him for a treadmill?", sources,
                             max_evidence=2)
    assert any("contraindicated" in e.text for e in choice.evidence)
    assert not choice.ruled_out
    # Unlike a treatment question, one without such a sentence is not refused for it.
    filter_only = make_sources(("Filters", "A diagnostic 12-lead needs a 150 Hz low-pass filter."))
    assert not choose_evidence("is it ok to use a 40 Hz low-pass filter for a diagnostic "
                               "12-lead?", filter_only).ruled_out


def test_list_says_how_the_question_is_asked_and_a_studys_how_often_asks_for_its_result(
) -> None:
    assert key_terms("list the original sgarbossa criteria pls") == ["origin", "sgarbossa"]
    assert ASKS_PERFORMANCE.search("how often did the students get a diagnostic PLAX?")
    assert not ASKS_PERFORMANCE.search("how often should the echo be repeated?")
    # The measure named before the metric: "what LVEF bias did the AI achieve".
    assert ASKS_PERFORMANCE.search("what LVEF bias and correlation did the AI achieve?")
    assert ASKS_PERFORMANCE.search("what is the actual specificity of concordance for VT?")


def test_the_kind_of_answer_asked_for_ranks_the_sentences_that_give_it() -> None:
    sources = make_sources((
        "Lead placement › Precordial leads",
        "- V1: fourth intercostal space, right sternal edge.\n"
        "- V2: fourth intercostal space, left sternal edge.\n"
        "V1 and V2 are often called septal, V3 and V4 anterior, and V5 and V6 lateral."),
        ("Bundle branch block › RBBB", "An rsR' pattern in V1 or V2 with a wide QRS."))
    texts = [e.text for e in choose_evidence("where do I put V1 and V2?", sources).evidence]
    assert {t.split(":")[0] for t in texts[:2]} == {"V1", "V2"}


def test_approx_does_not_end_a_sentence() -> None:
    # The case report's valve area was cut off from its value: "... measures approx." / "1.6 cm2".
    text = "The mitral valve area measures approx. 1.6 cm2, and the mean gradient was 5 mmHg. Next."
    assert [text[a:b] for a, b in split_units(text)][0].endswith("mean gradient was 5 mmHg.")


def test_a_line_a_pdf_broke_before_a_number_runs_on_after_a_word_no_sentence_ends_on() -> None:
    text = ("Further imaging by a specialist confirmed a\n10 cm × 3 cm cystic mass resulting in "
            "functional\nmitral stenosis.\nThe study included\n2.3 Methods and data\n"
            "1. First item of a list")
    spans = [" ".join(text[a:b].split()) for a, b in split_units(text)]
    assert spans[0] == ("Further imaging by a specialist confirmed a 10 cm × 3 cm cystic mass "
                        "resulting in functional mitral stenosis.")
    # A heading's number ("2.3 Methods") or a list's ("1. First") starts a line of its own.
    assert spans[1:3] == ["The study included", "2.3 Methods and data"]
    assert spans[-1].endswith("First item of a list")


def test_a_sentence_that_points_back_says_what_the_one_before_is_about() -> None:
    units = evidence._units(make_sources((
        "Measuring heart rate › Irregular rhythm",
        "Count the QRS complexes in a 10 second strip and multiply by 6. The same method is "
        "preferred for atrial fibrillation, where any single RR interval misleads.")))
    count = next(u for u in units if u.raw.startswith("Count"))
    assert {"atrium", "fibril"} <= count.lead_in


def test_a_12_lead_is_no_value_of_the_patients() -> None:
    assert evidence.question_values_with_units(
        "AF, RR all over the place: best way to get the rate off a 12 lead? HR 110") == [
        (110.0, "/min")]


def test_a_bare_number_after_a_rate_word_is_a_heart_rate() -> None:
    # "tachy at 115" had fallen in "QTc under 450 ms" and ranked the summary row first.
    assert evidence.question_values_with_units("pt tachy at 115, Bazett or Fridericia?") == [
        (115.0, "/min")]
    assert evidence.question_values_with_units("AF with rate about 140 and QRS 130") == [
        (140.0, "/min"), (130.0, None)]
    qtc_row = evidence._units(make_sources(
        ("Summary", "interval: QTc; normal range: under 450 ms men")))[0]
    assert evidence._in_ranges([(115.0, "/min")], qtc_row) == 0.0


def test_a_chambers_measure_answered_by_another_chambers_is_a_mismatch() -> None:
    lv_volumes = ["Upper normal values of end-diastolic volume index are about 74 mL/m2 in men "
                  "and 61 mL/m2 in women. Left ventricular size › Volumes"]
    assert lesion_mismatch("upper normal RA volume index for women, in mL/m2?", lv_volumes) == (
        "the right atrium", "the left ventricle")
    assert lesion_mismatch("upper normal LV volume index for women?", lv_volumes) is None
    # LVH named as a diagnosis asks for no chamber's measure.
    assert lesion_mismatch("R in aVL 9 mm: does she meet Cornell for LVH?",
                           ["Right ventricular hypertrophy: tall R in V1."]) is None
    lv_cavity = ["The mDice on the left ventricular cavity segmentation was 0.903."]
    assert lesion_mismatch("What Dice did they reach segmenting the right ventricular cavity?",
                           lv_cavity) == ("the right ventricle", "the left ventricle")


def test_a_strain_in_one_direction_is_not_answered_by_another() -> None:
    gls = ["Salte et al. 2021 GLS assessment EchoPWC-Net vs. EchoPAC: r = 0.93, MD 0.3%."]
    assert lesion_mismatch("What bias did EchoPWC-Net get for global circumferential strain?",
                           gls) == ("circumferential strain", "longitudinal strain")
    assert lesion_mismatch("What bias did EchoPWC-Net get for GLS?", gls) is None
    # A radial artery is no strain.
    assert lesion_mismatch("radial access for the angiogram?", gls) is None


def test_r2_dice_and_bias_asked_need_their_own_figure() -> None:
    phenotypes = ["EchoNet performance for prediction of four systemic phenotypes (sex, weight, "
                  "height and age)."]
    assert unstated_kind("What R2 did EchoNet reach predicting body mass index?",
                         phenotypes) == "performance figure"
    assert unstated_kind("What R2 did EchoNet reach predicting weight?",
                         ["EchoNet predicted weight with an R2 of 0.56."]) is None
    table = ["BIAS AND 95% LIMITS OF AGREEMENT (LOA)"]
    assert unstated_kind("What bias did EchoPWC-Net get for circumferential strain?",
                         table) == "performance figure"


def test_a_labelled_items_normal_value_is_the_labels() -> None:
    sources = make_sources((
        "ECG basics › Waves, segments and what they represent",
        "- **P wave**: atrial depolarisation. Normal duration under 120 ms and amplitude under "
        "2.5 mm in the limb leads.\n- **QRS complex**: ventricular depolarisation."))
    choice = choose_evidence("normal P wave duration?", sources)
    assert choice.unstated is None and not choice.ruled_out
    assert choice.evidence[0].text.startswith("Normal duration under 120 ms")


def test_a_word_typed_without_its_hyphen_is_the_word_the_paper_hyphenates() -> None:
    # "interobserver" had been missing where the paper says "inter-observer", and refused.
    sources = make_sources(("Discussion", "Chuang et al. reported an inter-observer variability "
                            "of 17.8% for LVEF in 2D echocardiography."))
    choice = choose_evidence("interobserver variability of LVEF on 2D echo?", sources,
                             is_common=FixedRetriever([]).is_common_word)
    assert choice.missing == [] and "interobserv" not in choice.key_terms
    written = "interobserver agreement of the readers"
    assert evidence._other_hyphenation("inter-observer", written) == "interobserver"
    assert evidence._other_hyphenation("present", "the patient was present") is None


def test_a_possessive_eponym_before_sign_is_the_sign_asked_about() -> None:
    # "Cabrera's sign" had been dropped as a paper's author, and LBBB sentences supported.
    assert evidence.eponyms("old MI in LBBB - Cabrera's sign? what is it?") == {"Cabrera's"}
    choice = choose_evidence("old MI in LBBB - is there a named sign, Cabrera's sign?", LBBB,
                             is_common=FixedRetriever([]).is_common_word)
    assert "cabrera" in choice.missing and not choice.supported


def test_how_often_something_happens_brings_the_sentence_with_the_share() -> None:
    sources = make_sources(("Discussion",
                            "The case argues for carrying out a FICE scan on every critical care "
                            "patient as part of their admission investigations. Routine FICE "
                            "scans on admission could shorten the time to definitive management. "
                            "FICE scanning increases incidental findings. In one study 68% of "
                            "scans showed previously unknown findings."))
    choice = choose_evidence("how often does a FICE scan on admission turn up something new?",
                             sources, max_evidence=2)
    assert any("68%" in e.text for e in choice.evidence)
    # A share said in words is a share; how often to repeat a test asks for an interval.
    assert unstated_kind("How often is the ECG normal in NSTEMI?",
                         ["A normal ECG in a substantial minority of patients."]) is None
    assert not ASKS_FREQUENCY.search("moderate AS: how often should we repeat the echo?")


def test_a_blood_level_must_be_stated_for_what_it_is_asked_for() -> None:
    qt_management = ["Correct potassium (aim roughly 4.0-5.0 mmol/L) and magnesium."]
    assert unstated_kind("at what serum potassium do peaked T waves start?",
                         ["Peaked T waves and wide QRS in hyperkalaemia."] + qt_management) == (
        "blood level")
    # The same sentence answers a question about what it is the level for.
    assert unstated_kind("what potassium level should we aim for in long QT?", [
        "Correct potassium (aim roughly 4.0-5.0 mmol/L) in long QT."]) is None


def test_what_total_of_a_score_and_how_robust_ask_for_a_figure() -> None:
    triage = ["The ESC 2015 guidelines describe a triage score that weighs aetiology, "
              "presentation and imaging to decide the timing of drainage."]
    assert unstated_kind("ESC triage score - what total means we drain urgently?",
                         triage) == "score"
    assert unstated_kind("How robust was EchoPWC-Net to shadowing?", [
        "EchoPWC-Net was tested with shadows."]) == "performance figure"


def test_what_do_we_do_brings_what_the_section_says_is_done() -> None:
    sources = make_sources(("de Winter pattern",
                            "A STEMI equivalent of proximal LAD occlusion.\n\n"
                            "- Upsloping ST depression at the J point in V1-V6 into tall, "
                            "symmetrical T waves.\n- Usually 0.5-2 mm ST elevation in aVR.\n\n"
                            "It should trigger emergency reperfusion as for STEMI."))
    choice = choose_evidence("upsloping ST depression V1-V6 into tall symmetrical T waves, STE "
                             "in aVR. what is this and what do we do?", sources, max_evidence=2)
    assert any("reperfusion" in e.text for e in choice.evidence)


def test_a_formula_asked_for_needs_a_sentence_that_writes_it_under_its_name() -> None:
    teichholz = ["Linear methods (Teichholz, fractional shortening) are discouraged with regional "
                 "wall motion abnormalities.", "LVEF = (EDV - ESV) / EDV x 100."]
    assert unstated_kind("what's the Teichholz equation for LV volume from the diameter?",
                         teichholz) == "formula"
    assert unstated_kind("formula for MVA from the pressure half time?",
                         ["Or estimated by pressure half-time: MVA = 220 / PHT."]) is None
    assert unstated_kind("a quick formula to get mean PA pressure from PASP?",
                         ["mPAP can also be approximated as 0.61 x PASP + 2 mmHg."]) is None
    # Asking why a formula misleads is not asking for it.
    assert unstated_kind("why does Bazett's formula look falsely long at fast rates?",
                         ["It over-corrects at fast rates."]) is None


def test_a_named_scores_cut_off_needs_a_score_value() -> None:
    # "Diagnosis uses the Schwartz score" names the score without the value that is asked for.
    schwartz = ["Diagnosis uses the Schwartz score; a QTc of 480 ms or more on repeated ECGs "
                "supports it."]
    assert unstated_kind("What Schwartz score do you need for high-probability LQTS?",
                         schwartz) == "score"
    assert unstated_kind("what Wilkins score favours balloon valvotomy?", [
        "The Wilkins score (0-16) of 8 or less favours balloon valvotomy."]) is None


def test_an_items_label_is_shown_with_a_sentence_that_does_not_say_it() -> None:
    sources = make_sources(("QT interval › Rate correction",
                            "- **Bazett**: QTc = QT / square root of RR. The most used; it "
                            "over-corrects at fast rates.\n- **Fridericia**: QTc = QT / cube "
                            "root of RR. Preferred when the rate is above roughly 90/min."))
    choice = choose_evidence("which QT correction is preferred when the rate is above 90?",
                             sources, max_evidence=1)
    assert choice.evidence[0].text.startswith("Preferred when")
    assert choice.evidence[0].label == "Fridericia"
    assert choice.evidence[0].where().endswith("Rate correction › Fridericia")
    # A sentence that names its label needs no label.
    choice = choose_evidence("Fridericia formula?", sources, max_evidence=1)
    assert choice.evidence[0].text.startswith("Fridericia: QTc") and not choice.evidence[0].label


def test_a_normal_value_question_ranks_the_normal_row_above_the_abnormal_grades() -> None:
    # "pls help, what is a normal LVEF?" had shown the three abnormal grades and not the normal
    # row, because "abnormal" counts as stating a normal limit and the chunk that starts below
    # the normal row ranked first.
    header = "| LVEF (%) | grade |\n|---|---|\n"
    abnormal = ("| 41-51 (men), 41-53 (women) | mildly abnormal |\n"
                "| 30-40 | moderately abnormal |\n| under 30 | severely abnormal |\n")
    rows = make_sources(("LV systolic function › Ejection fraction", header + abnormal),
                        ("LV systolic function › Ejection fraction",
                         header + "| 52-72 (men), 54-74 (women) | normal |\n" + abnormal))
    choice = choose_evidence("pls help, what is a normal LVEF?", rows)
    assert choice.evidence[0].text.startswith("LVEF (%): 52-72")


def test_a_named_formula_is_missing_however_common_the_surname() -> None:
    # "Hodges" is in the common-word list as a surname, and "the Hodges formula" was supported
    # by the Bazett and Fridericia sentences.
    sources = make_sources(("QT interval › Rate correction",
                            "Bazett: QTc = QT / square root of RR. Fridericia: QTc = QT / cube "
                            "root of RR. Bazett over-corrects at fast rates."))
    choice = choose_evidence("what's the Hodges formula for QTc and is it better than Bazett?",
                             sources, is_common=lambda word: word in {"hodges", "better"})
    assert "hodg" in choice.missing and not choice.supported


def test_a_reference_number_after_a_metric_word_is_no_figure() -> None:
    methods = "We used gradient-based sensitivity map methods25 to identify regions of interest."
    voltage = "Sokolow-Lyon: S in V1 plus the larger R in V5 or V6 of 35 mm or more."
    assert unstated_kind("What's the actual sensitivity in % of Sokolow-Lyon for LVH?",
                         [voltage, methods]) == "performance figure"
    assert unstated_kind("What's the actual sensitivity in % of Sokolow-Lyon for LVH?",
                         [voltage, "Sokolow-Lyon's sensitivity for LVH was 21% against echo."]
                         ) is None


def test_when_it_happened_and_who_said_it_are_the_story_not_the_question() -> None:
    story = context_words("71F on citalopram, QTc 495 ms two weeks later. Med reg wants a "
                          "treadmill test tomorrow, pain last night - fine to carry on?")
    assert {"two", "weeks", "later", "Med", "reg", "wants", "tomorrow", "last", "night"} <= story
    # "over 3 months" asks how long; "on a FICE scan" is what is looked at, not taken.
    assert not {"3", "months"} & context_words("AF lasting over 3 months: persistent?")
    assert "FICE" not in context_words("new to ICU - what do you look for on a FICE scan?")
    assert "new" in context_words("new to ICU - what do you look for on a FICE scan?")
    assert "new" not in context_words("new LBBB with chest pain: STEMI equivalent?")


def test_an_author_typed_in_lower_case_names_the_paper_by_its_file() -> None:
    def paper(n: int, doc: str, section: str, text: str) -> Source:
        return Source(n, doc, doc, 5, text, 1.0 / n, path=f"/pdfs/{doc}", section=section)
    sources = [
        paper(1, "echo_smith2019_review.pdf", "Views",
              "View classifiers misclassified some views in the review's studies."),
        paper(2, "echo_kusunose2020_views.pdf", "3.1 View Classification",
              "The classifier's misclassified views were most often adjacent apical views, as a "
              "slight change in the angle of the probe changes the view."),
    ]
    common = lambda word: word in {"mix"}  # noqa: E731
    choice = choose_evidence("kusunose view classifier: which views did it misclassify?",
                             sources, is_common=common)
    assert choice.missing == [] and choice.supported
    assert "angle of the probe" in choice.evidence[0].text
    # The review's sentence is about other classifiers: it is not shown for Kusunose's.
    assert [e.doc for e in choice.evidence] == ["echo_kusunose2020_views.pdf"]
    # A common word in lower case is no author ("day" is not Day et al); the journal after the
    # year names the paper too, as the "JCM" of echo_zhang2022_JClinMed_...
    assert evidence._authors_named("one day of training", [], common) == {}
    journal = evidence._units([paper(3, "echo_zhang2022_JClinMed_ai.pdf", "Results",
                                     "AutoStrain was feasible in most patients.")])
    assert set(evidence._authors_named("the Zhang JCM review: GLS?", journal, common)) == {
        "Zhang", "JCM"}


def test_reasonable_asks_what_to_do_and_another_sections_treatment_does_not_answer_it() -> None:
    sources = make_sources(
        ("Wellens syndrome",
         "Type B: deep, symmetrical T wave inversion in V2-V3. Type A: biphasic T waves in "
         "V2-V3. Seen in a pain-free period after "
         "chest pain; no Q waves; troponin normal or slightly raised. Stress testing is "
         "contraindicated; the patient needs early coronary angiography."),
        ("Approach to a rhythm strip",
         "Ischemic chest pain with Q waves and deep T wave inversion with a tachyarrhythmia "
         "calls for synchronised cardioversion."))
    choice = choose_evidence("58M, chest pain last night, now pain free, trop borderline. Deep "
                             "symmetrical TWI V2-V3, no Q waves. Med reg wants an exercise "
                             "treadmill test tomorrow - reasonable?", sources, max_evidence=3)
    assert any("contraindicated" in e.text for e in choice.evidence)


def test_how_long_something_takes_brings_and_needs_a_time() -> None:
    sources = make_sources(("Discussion",
                            "Time to acquire diagnostic images was longer for the novices than "
                            "for the expert. Novices were trained in a one-hour session. It took "
                            "the novices between 2.5 and 4 min to acquire each loop."))
    choice = choose_evidence("how long did the novices take per view compared with the expert?",
                             sources, max_evidence=2)
    assert any("2.5 and 4 min" in e.text for e in choice.evidence)
    assert unstated_kind("how long does the AI take to analyse one loop?",
                         ["The AI analyses each loop automatically."]) == "time taken"
    assert unstated_kind("how long does the AI take to analyse one loop?",
                         ["Analysis took 12 s per loop."]) is None
    assert not evidence.ASKS_TIME_TAKEN.search("how fast is the heart rate in SVT?")


def test_a_cut_off_asked_for_a_measure_needs_that_measure_where_it_was_asked() -> None:
    filling = ["Otherwise, use average E/e' over 14, TR velocity over 2.8 m/s and LAVI over "
               "34 mL/m2.", "Mitral inflow variation is reduced by atrial fibrillation."]
    # The notes' E/e' is no cut-off in AF, nor a voltage criterion the Cornell product's.
    assert unstated_kind("what E/e' cut-off for raised filling pressure when the pt is in AF?",
                         filling) == "cut-off"
    assert unstated_kind("What's the Cornell product cut-off for LVH?",
                         ["Cornell: R in aVL plus S in V3 over 28 mm in men."]) == "cut-off"
    assert unstated_kind("what E/e' cut-off for raised filling pressure?", filling) is None
    # A vena contracta is a width: "what vena contracta width means severe MR" names no other.
    assert unstated_kind("What vena contracta width means severe mitral regurgitation?",
                         ["parameter: vena contracta (cm); mild: under 0.3; severe: 0.7 or "
                          "more"]) is None
    # What a sign means is no cut-off (the read-through's "septal bounce" was refused).
    assert unstated_kind("what does septal bounce mean on echo?",
                         ["Septal bounce: the septum moves toward the LV in inspiration."]) is None
    # The patient's story is not where the cut-off applies: not "with", not another sentence.
    assert unstated_kind("pt with a big pericardial effusion - what QRS amplitude counts as low "
                         "voltage?", ["Low voltage: QRS amplitude under 5 mm in every limb "
                                      "lead."]) is None
    assert unstated_kind("QTc cut off for 'prolonged' in women vs men?",
                         ["QTc: under 450 ms in men, under 460 ms in women."]) is None
    # "Does that EF reach the threshold": the measure is the EF, not "EF reach".
    assert unstated_kind("A patient with severe AR has an LVEF of 53%. Does that EF reach the "
                         "threshold for considering surgery?",
                         ["Surgery is considered in severe AR with symptoms, LVEF 55% or less "
                          "(ACC/AHA; 50% in ESC)."]) is None
    # A paper's abbreviation names its measure; an author is whose study, not where.
    assert unstated_kind("In the Schneider study, what image quality score thresholds were "
                         "used?", ["Thresholds for IQS were 3.1 for PLAX."]) is None


def test_a_bold_line_heads_its_list_and_the_list_answers_a_causes_question() -> None:
    # "**Congenital long QT syndrome**" had ranked first for "what causes a long QT", and the
    # drugs and electrolytes the "Acquired" list names were not shown.
    sources = make_sources(("QT interval › Causes of QT prolongation",
                            "**Acquired (most common)**\n\n"
                            "- Drugs: sotalol, macrolide antibiotics and antipsychotics.\n"
                            "- Electrolytes: low potassium, magnesium or calcium.\n"
                            "- Slow heart rates and high-grade AV block.\n\n"
                            "**Congenital long QT syndrome**\n\n"
                            "Inherited channelopathies; the Schwartz score helps when the QTc "
                            "is 480 ms or more."))
    choice = choose_evidence("what causes a long QT?", sources)
    shown = [e.text for e in choice.evidence]
    assert not any(text.startswith("**") or "Congenital long QT syndrome" == text
                   for text in shown)
    assert shown[0].startswith("Drugs") and any("Electrolytes" in text for text in shown)


def test_different_from_is_a_comparison_and_shows_both_sides_criteria() -> None:
    # "How is LBBB different from RBBB?" had shown a STEMI-mimic list and VT types: the RBBB
    # heading counted as the wrong side of "left bundle branch block".
    sources = make_sources(
        ("QRS duration › Left bundle branch block (LBBB)",
         "QRS 120 ms or more; broad notched R waves in I, aVL, V5 and V6."),
        ("QRS duration › Right bundle branch block (RBBB)",
         "QRS 120 ms or more; rsR' in V1 or V2; a wide slurred S wave in I and V6."),
        ("STEMI mimics", "Left ventricular hypertrophy, LBBB, pacing and a new RBBB."))
    choice = choose_evidence("How is LBBB different from RBBB on the ECG?", sources,
                             max_evidence=2)
    sections = {e.section for e in choice.evidence}
    assert sections == {"QRS duration › Left bundle branch block (LBBB)",
                        "QRS duration › Right bundle branch block (RBBB)"}


def test_the_group_of_a_table_row_the_question_names_is_shown_first() -> None:
    sources = make_sources(
        ("QRS duration › Fascicular blocks",
         "Adding first-degree AV block does not by itself prove trifascicular disease."),
        ("Atrioventricular block",
         "| type | ECG |\n|---|---|\n| first degree AV block | PR over 200 ms, every P "
         "conducted |\n| second degree Mobitz II | constant PR with sudden non-conducted P |"))
    shown = [e.text for e in choose_evidence("first degree heart block?", sources).evidence]
    # The aside ranks best (its chunk came first), but the row that names what was asked opens.
    assert len(shown) == 2 and shown[0].startswith("type: first degree AV block")


def test_a_named_score_or_criteria_the_evidence_never_names_rules_the_answer_out() -> None:
    everyday = FixedRetriever([]).is_common_word
    qt = make_sources(("QT interval › Rate correction",
                       "Bazett: QTc = QT / square root of RR. It over-corrects at fast rates."))
    # The name with what it measures between it and "formula" is still the formula's name.
    assert evidence.eponyms("What is the Hodges QTc formula?") == {"Hodges"}
    assert "Tisdale" in evidence.eponyms("how do I work out the Tisdale risk score?")
    hodges = choose_evidence("What is the Hodges QTc formula, and is it better than Bazett at "
                             "fast rates?", qt, is_common=everyday)
    assert hodges.ruled_out and not hodges.supported
    pericarditis = make_sources(("Pericarditis on echo",
                                 "A new wall motion abnormality suggests myopericarditis."))
    louise = choose_evidence("New wall motion abnormality in myopericarditis - what are the "
                             "Lake Louise criteria?", pericarditis, is_common=everyday)
    assert louise.ruled_out
    # An acronym spelt as an everyday word names a score: "heart" elsewhere does not hold it.
    chest_pain = make_sources(("Sgarbossa criteria", "A score of 3 or more is specific."),
                              ("Heart rate", "The heart rate is 300 divided by large squares."))
    heart = choose_evidence("HEART score of 4 in chest pain - ok to discharge?", chest_pain,
                            is_common={"heart", "score", "chest", "pain"}.__contains__)
    assert heart.ruled_out
    # A score the evidence names is answered.
    assert not choose_evidence("What score of the Sgarbossa criteria is specific?", chest_pain,
                               is_common=everyday).ruled_out


def test_a_drug_in_the_patients_story_does_not_make_a_treatment_question() -> None:
    assert evidence.treatment_asked("a QTc rise of 70 ms after starting a drug - a worry?") == []
    assert evidence.treatment_asked("drug-induced QT prolongation: what QTc is high risk?") == []
    assert evidence.treatment_asked("which drug for rate control in AF?") == ["drug"]
    # What the patient is not on, and what a finding is taken for, ask no treatment.
    assert evidence.treatment_asked("Fit 70 yo, no rate-slowing drugs, rate 54. Bradycardia?") == []
    assert evidence.treatment_asked("RBBB: should the TWI in V1-V3 be treated as ischaemic?") == []
    assert evidence.treatment_asked("should the TWI be treated?") == ["treated"]
    sources = make_sources(("QT interval › Thresholds",
                            "An increase of more than 60 ms from baseline after starting a drug "
                            "is a high-risk change, even when the QTc is below 500 ms."))
    choice = choose_evidence("Is a QTc rise of 70 ms after starting a drug fine if the QTc stays "
                             "under 500?", sources)
    assert choice.gate["treats"] == 1.0 and not choice.ruled_out


def test_who_asks_is_not_what_is_asked() -> None:
    assert {"3rd", "year", "student"} <= context_words(
        "explain simply, like for a 3rd year student, why a long QT is dangerous")
    assert "misclassification" in context_words("I always get them mixed up on the ward")
    sources = make_sources(("QT interval › What a prolonged QT indicates",
                            "A long QTc means delayed ventricular repolarisation; the risk rises "
                            "steeply above 500 ms."))
    explain = choose_evidence("Can you explain simply, like for a 3rd year student, why a long QT "
                              "is actually dangerous?", sources,
                              is_common={"explain", "simply", "year", "student", "actually",
                                         "dangerous", "third"}.__contains__)
    assert not explain.off_topic and explain.supported


def test_the_figure_right_after_the_best_sentence_is_its_result() -> None:
    text = ("They then used a separate model to tell structurally normal hearts from complex CHD. "
            "Good performance was achieved, with an AUC of 0.99 and a sensitivity of 95%. "
            "Others trained random forests on 3910 fetuses to tell normal hearts from CHD, with "
            "an accuracy of 80%.")
    sources = [Source(1, "day.pdf", "Fetal AI", 6, text, 1.0, section="Fetal imaging",
                      path="/papers/day.pdf")]
    choice = choose_evidence("how well did the model separate normal hearts from complex CHD?",
                             sources, max_evidence=2)
    assert any("AUC of 0.99" in e.text for e in choice.evidence)


def test_how_to_work_out_a_measure_ranks_its_formula_first() -> None:
    sources = make_sources(
        ("Estimating PASP › The formula",
         "PASP = 4 x (peak TR velocity)^2 + right atrial pressure (RAP)."),
        ("Estimating PASP › Other pressure estimates",
         "mPAP can also be approximated as 0.61 x PASP + 2 mmHg."),
        ("Grading PASP in reports", "These PASP partitions describe the echo estimate."),
    )
    choice = choose_evidence("how do you estimate PASP on echo?", sources)
    assert choice.evidence[0].text.startswith("PASP = 4 x")
    # A formula whose own words hold little of the question is none for it.
    mva = choose_evidence("how do you estimate mitral valve area from the pressure half-time?",
                          sources + make_sources(("Mitral stenosis", "Valve area is estimated by "
                                                  "pressure half-time: MVA = 220 / PHT.")))
    assert "MVA = 220" in mva.evidence[0].text
    rate = make_sources(
        ("QT interval › Rate correction", "Because QT shortens as heart rate rises, it is "
                                          "corrected to a rate of 60/min. "
                                          "Bazett: QTc = QT / square root of RR."),
        ("Measuring heart rate › Regular rhythm",
         "300 divided by the number of large squares between two R waves."),
    )
    choice = choose_evidence("how is the heart rate calculated from the ECG?", rate)
    assert choice.evidence[0].text.startswith("300 divided by")


def test_how_a_condition_is_diagnosed_is_answered_by_its_signs() -> None:
    sources = make_sources(
        ("Pericarditis on echo", "Echo's role is to detect effusion and tamponade."),
        ("Cardiac tamponade › Echocardiographic signs",
         "- Right atrial systolic collapse: an early sign.\n"
         "- Right ventricular diastolic collapse: more specific.\n"
         "- Plethoric IVC with less than 50% inspiratory collapse."),
    )
    choice = choose_evidence("how is tamponade diagnosed on echo?", sources)
    assert choice.evidence[0].section.endswith("Echocardiographic signs")
    assert sum("collapse" in e.text for e in choice.evidence) >= 2


def test_signs_of_a_topic_come_from_its_own_section_not_a_list_that_names_it_among_others() -> None:
    # The Sgarbossa list opens with the sentence that names LBBB most plainly, so that sentence
    # ranks first; the list of infarction criteria is still no list of LBBB's own signs.
    sgarbossa = Source(1, "ischemia.md", "Ischemia", None,
                       "In LBBB, discordant ST-T changes are expected. The Sgarbossa criteria "
                       "identify infarction:\n"
                       "- Concordant ST elevation of 1 mm or more in a lead with a positive QRS.\n"
                       "- Concordant ST depression of 1 mm or more in V1 to V3.\n"
                       "- Discordant ST elevation of 5 mm or more with a negative QRS.",
                       1.0, path="ischemia.md", chunk_id="isch-00001",
                       section="Left bundle branch block and ventricular pacing: Sgarbossa "
                               "criteria")
    own = Source(2, "intervals.md", "Intervals", None,
                 "QRS 120 ms or more (strict criteria use 130 ms in women); broad notched R "
                 "waves in I, aVL, V5 and V6; absent septal q waves in I, V5 and V6. ST segments "
                 "and T waves point opposite to the QRS.",
                 0.5, path="intervals.md", chunk_id="int-00001",
                 section="QRS duration › Left bundle branch block (LBBB)")
    choice = choose_evidence("what are the ECG signs of LBBB", [own, sgarbossa])
    assert choice.supported
    assert choice.evidence[0].text.startswith("QRS 120 ms or more")
    assert not any(e.text.startswith("Concordant") for e in choice.evidence)
    # Asked for the named criteria, the list is the answer.
    named = choose_evidence("what are the Sgarbossa criteria", [own, sgarbossa])
    assert [e.text.split(" ")[0] for e in named.evidence][-3:] == [
        "Concordant", "Concordant", "Discordant"]


def test_how_a_thing_is_assessed_is_answered_by_how_it_is_measured() -> None:
    sources = make_sources((
        "Chambers › Left atrium",
        "LA size is best measured as a biplane volume at end-systole, indexed to body surface "
        "area. The linear anteroposterior diameter underestimates left atrial enlargement. "
        "Athletes can have mild left atrial enlargement without disease. An enlarged left "
        "atrium reflects raised filling pressures.",
    ))
    choice = choose_evidence("how is left atrial enlargement assessed?", sources)
    assert choice.supported
    assert any("biplane volume" in e.text for e in choice.evidence)


def test_a_named_wave_the_evidence_never_names_is_not_what_it_answers() -> None:
    sources = make_sources(
        ("QT interval › Causes of QT prolongation",
         "Others: hypothyroidism, hypothermia, anorexia nervosa and liver disease."),
        ("Ischemia › Wellens syndrome",
         "The Wellens pattern shows deep T wave inversion in V2-V3 after chest pain."),
    )
    osborn = choose_evidence("Why does hypothermia cause Osborn waves on the ECG?", sources)
    assert not osborn.supported and osborn.ruled_out
    # A name the evidence holds is answered; a finding that opens the question is no name.
    assert choose_evidence("what does the Wellens pattern look like?", sources).supported
    assert "Hypothermia" not in evidence.eponyms("Hypothermia waves?")


def test_how_long_something_is_done_for_and_at_what_temperature_need_such_a_value() -> None:
    valsalva = ["Vagal manoeuvres (the modified Valsalva with leg raise), then adenosine 6 mg."]
    assert unstated_kind("modified Valsalva: how long do they blow for?", valsalva) == (
        "time taken")
    assert unstated_kind("how long do they blow for?", ["Blow for 15 seconds."]) is None
    asked = "at what core temperature do J waves appear?"
    assert unstated_kind(asked, ["Hypothermia prolongs the QT."]) == "temperature"
    assert unstated_kind(asked, ["J waves appear below 32 °C."]) is None
    # Not a time: how long an interval is.
    assert unstated_kind("how long should the QRS be for LBBB?", ["QRS 120 ms or more."]) is None


def test_where_the_patient_is_seen_and_how_they_look_are_the_story_not_the_question() -> None:
    sources = make_sources((
        "Pulmonary hypertension › What follows from the probability",
        "Intermediate: further tests depending on risk factors (for example systemic sclerosis) "
        "and may include right heart catheterisation.",
    ), (
        "Approach to a rhythm strip",
        "Hemodynamic instability (shock, syncope, ischemic chest pain) with a tachyarrhythmia "
        "calls for synchronised cardioversion regardless of the exact diagnosis.",
    ))
    clinic = choose_evidence("Rheumatology clinic: systemic sclerosis, echo reports an "
                             "intermediate probability of pulmonary hypertension. What next?",
                             sources)
    assert clinic.supported and clinic.evidence[0].text.startswith("Intermediate")
    resus = choose_evidence("In Resus: fast tachyarrhythmia, hypotensive, clammy, chest pain. "
                            "Do I need the exact diagnosis before cardioversion?", sources)
    assert resus.supported and "clammi" not in resus.missing
    assert {"Rheumatology", "clinic"} <= context_words("Rheumatology clinic: what next?")
    assert "Holter" in context_words("A 79-year-old woman's Holter shows runs of AF")
    # A name is no place: "Mayo" names the criteria.
    assert "Mayo" not in context_words("Mayo Clinic criteria for constriction")


def test_a_year_and_a_rate_per_year_need_one_stated() -> None:
    recommendations = ["The AHA/ACC/HRS recommendations on standardisation give these values."]
    assert unstated_kind("In which year were the AHA recommendations published?",
                         recommendations) == "year"
    assert unstated_kind("In which year were they published?", ["Published in 2007."]) is None
    threshold = ["Anticoagulation is recommended at a CHA2DS2-VASc score of 2 or more in men."]
    asked = "annual stroke risk at a CHA2DS2-VASc score of 2?"
    assert unstated_kind(asked, threshold) == "annual rate"
    assert unstated_kind(asked, ["A score of 2 carries a stroke rate of 2.2% per year."]) is None


def test_a_society_or_a_year_is_given_for_what_was_asked_not_beside_it() -> None:
    af_note = ["Rate control target: a resting ventricular rate under 110/min is acceptable "
               "initially (lenient).",
               "Stroke risk: with CHA2DS2-VASc (ACC/AHA 2023), anticoagulation is recommended at "
               "a score of 2 or more in men."]
    asked = ("Which society's guideline, and from what year, recommends the lenient rate target "
             "of under 110/min?")
    assert unstated_kind(asked, af_note) == "year"
    assert unstated_kind("Which society recommends the lenient rate target?", af_note) == "society"
    assert unstated_kind("Which society recommends the lenient rate target?",
                         ["The ESC recommends a lenient rate target under 110/min."]) is None
    assert unstated_kind("Which guideline gives anticoagulation at a CHA2DS2-VASc of 2?",
                         af_note) is None


def test_genes_costs_and_lab_values_are_answered_only_by_one_stated() -> None:
    short_qt = ["A QTc under about 340 ms raises the question of short QT syndrome (a rare "
                "channelopathy)."]
    assert unstated_kind("Which genes are implicated in short QT syndrome?", short_qt) == "gene"
    assert unstated_kind("Which genes cause short QT?", ["Gene mutations of KCNH2 ..."]) is None
    assert unstated_kind("What does the guidance software cost per year?",
                         ["AI could reduce healthcare costs."]) == "cost"
    assert unstated_kind("What does the software cost?", ["It costs $2,000 a year."]) is None
    torsades = ["category: high risk of torsades; men: over 500 ms"]
    assert unstated_kind("In PAH, what NT-proBNP level means high risk?", torsades) == (
        "blood level")
    assert unstated_kind("hs-trop cut-off for rule-out?", torsades) == "blood level"
    # A troponin in the story asks for none: "trop only slightly up - ok to stress test?"
    assert unstated_kind("deep TWI V2-V3, trop only slightly up. ok to stress test?",
                         torsades) is None


def test_leads_asked_together_may_be_placed_by_several_sentences() -> None:
    precordial = ["V1: fourth intercostal space, right sternal edge.",
                  "V2: fourth intercostal space, left sternal edge.",
                  "V4: fifth intercostal space, midclavicular line."]
    asked = "Which of V1, V2 and V4 is NOT placed in the fourth intercostal space?"
    assert unstated_kind(asked, precordial) is None
    assert unstated_kind(asked, precordial[:2]) == "placement"


def test_a_count_of_cut_offs_names_no_measure() -> None:
    from echoassist.answer.asked import cut_off_asked
    assert cut_off_asked("is the QRS width that favours VT larger for RBBB-like or LBBB-like "
                         "morphology, and what are the two cut-offs?") is None


def test_the_verb_that_asks_is_not_the_measure_whose_cut_off_is_asked() -> None:
    from echoassist.answer.asked import cut_off_asked, states_cut_off
    asked = cut_off_asked("compare the IVC collapse threshold that counts as reduced with a "
                          "sniff against the one used with quiet breathing")
    assert asked is not None and "compar" not in asked.measure
    assert states_cut_off(asked, "IVC over 2.1 cm with reduced collapse (under 50% with sniff, "
                                 "under 20% with quiet inspiration)")


def test_ventricular_pacing_on_the_tracing_is_no_treatment() -> None:
    sources = make_sources((
        "Practical pitfalls",
        "Bundle branch block, ventricular pacing and hypertrophy cause secondary ST-T changes. "
        "Peaked T waves and wide QRS in hyperkalaemia.",
    ), (
        "SVT › Acute treatment",
        "Vagal manoeuvres, then intravenous adenosine (6 mg rapid bolus, then 12 mg).",
    ))
    choice = choose_evidence("What is the treatment for hyperkalaemia with ECG changes?", sources)
    assert not choice.supported and choice.ruled_out
    # Pacing given as a treatment still says what is done.
    pacing = make_sources(("Bradycardia › Treatment",
                           "Complete heart block is treated with temporary pacing."))
    assert choose_evidence("treatment for complete heart block?", pacing).supported


def test_an_everyday_word_mistyped_is_still_an_everyday_word() -> None:
    common = {"almost", "likely", "believe", "completely", "always", "station", "stem"}.__contains__
    everyday = evidence._or_mistyped(common)
    # Two letters swapped, a letter doubled, a vowel left out of a long word.
    assert all(everyday(w) for w in ["almsot", "likley", "beleive", "allways", "completly"])
    # Other one-letter slips make other words: a drug and an abbreviation stay rare.
    assert not everyday("statin") and not everyday("stemi")
    sources = make_sources(("Placement errors", "A very low amplitude (almost flat) limb lead "
                            "suggests an electrode placed on the right leg in place of an arm."))
    choice = choose_evidence("one limb lead is almsot flat, whats the likley cause?", sources,
                             is_common=lambda w: w in {"almost", "likely", "cause"})
    assert choice.supported and not choice.missing, choice


def test_a_pr_jet_or_its_velocity_is_pulmonary_regurgitation_and_the_pr_interval_is_not() -> None:
    assert valve_lesions("Mean PA pressure about 4 x (early diastolic PR velocity)^2 + RAP") == {
        ("pulmonary", "regurgitation")}
    assert valve_lesions("the PR jet on CW Doppler") == {("pulmonary", "regurgitation")}
    assert valve_lesions("a PR interval over 200 ms") == set()
    assert lesion_mismatch("PA diastolic pressure from the pulmonary regurgitation jet?",
                           ["PA diastolic pressure about 4 x (end-diastolic PR velocity)^2 + RAP",
                            "TR Vmax 3.2 m/s gives 41 mmHg"]) is None


def test_a_rise_asked_for_is_the_measures_cut_off_not_a_word_it_must_say() -> None:
    sentence = "Absence of contractile reserve (stroke volume increase under 20%) leaves it open."
    asked = "what rise in stroke volume means there is no contractile reserve?"
    assert unstated_kind(asked, [sentence]) is None
    assert unstated_kind(asked, ["Contractile reserve is tested with low-dose dobutamine."]) == (
        "cut-off")


def test_who_asks_and_from_where_before_here_is_the_story() -> None:
    assert {"Medical", "reg", "AMU"} <= context_words(
        "Medical reg on AMU here - what else shortens the QT?")
    assert {"nurse"} <= context_words("nurse here: fine fuzz on the baseline?")
    assert not context_words("Is the QT here long?") & {"QT", "long"}


def test_a_mechanism_asked_needs_evidence_that_says_how_it_comes_about() -> None:
    finding = "Flat T waves and prominent U waves in hypokalaemia."
    assert unstated_kind("the ionic mechanism that makes U waves prominent in hypokalaemia?",
                         [finding]) == "mechanism"
    assert unstated_kind("Wellens: what is actually going on in the myocardium?",
                         ["Deep T wave inversion in V2-V3 in a pain-free period."]) == "mechanism"
    assert unstated_kind("what is the mechanism behind the U waves in hypokalaemia?",
                         ["U waves in hypokalaemia reflect delayed repolarisation."]) is None
    # A plain "why" asks no mechanism: the notes answer "why is the LVOT the weak point".
    assert unstated_kind("Why is a long QT dangerous?",
                         ["A long QT can degenerate into torsades de pointes."]) is None


def test_survival_asked_needs_a_survival_or_mortality_figure() -> None:
    definition = "HFmrEF (mildly reduced): LVEF 41-49%."
    assert unstated_kind("HFmrEF, EF 45%: what are the survival odds?", [definition]) == "survival"
    assert unstated_kind("untreated severe AS: how long do patients survive once angina starts?",
                         ["Severe AS: mean gradient 40 mmHg or more."]) == "survival"
    assert unstated_kind("what is the 1-year mortality?",
                         ["The 1-year mortality was 12% in the cohort."]) is None
    # Which measure matters more for prognosis asks for no figure.
    assert unstated_kind("Which matters more for prognosis, PASP or RV function?",
                         ["RV function carries more prognostic weight than the PASP."]) is None


def test_a_pregnant_patients_question_needs_evidence_about_pregnancy() -> None:
    adult = "LV end-diastolic diameter (cm): normal; men: 4.2-5.8; women: 3.8-5.2"
    assert unstated_kind("34 weeks pregnant, LVEDD 5.4 cm: how much LV enlargement is normal?",
                         [adult]) == "pregnancy"
    # The fetal echo paper's antenatal screening answers a question about pregnancy scans.
    assert unstated_kind("How often is serious heart disease missed on pregnancy scans?",
                         ["Antenatal detection of severe CHD is as low as 14% in some countries."]
                         ) is None


def test_how_to_handle_the_patient_or_probe_needs_evidence_that_says_so() -> None:
    window = ("Peak aortic jet velocity by continuous-wave Doppler from several windows "
              "(apical, right parasternal, suprasternal); report the highest.")
    assert unstated_kind("How should I position the patient and where do I put the probe for "
                         "the right parasternal window?", [window]) == "handling"
    assert unstated_kind("How should I position the patient for the right parasternal window?",
                         ["Right parasternal: the patient lies in right lateral decubitus."]
                         ) is None


def test_a_bare_list_item_gives_way_to_the_table_row_that_holds_it() -> None:
    sources = make_sources(
        ("Probability of PH › Step 1: peak TR velocity",
         "- 2.8 m/s or less (or not measurable)\n- 2.9-3.4 m/s\n- over 3.4 m/s"),
        ("Probability of PH › Step 3: combine",
         "| peak TR velocity | other PH signs present | probability of PH |\n|---|---|---|\n"
         "| 2.9-3.4 m/s | yes | high |\n| over 3.4 m/s | not required | high |"))
    shown = [e.text for e in choose_evidence("peak TR velocity 3.1 m/s: probability of PH?",
                                             sources).evidence]
    assert "2.9-3.4 m/s" not in shown, shown
    assert any(text.startswith("peak TR velocity: 2.9-3.4 m/s") for text in shown), shown


def test_a_value_in_another_chambers_range_does_not_lead_the_chamber_asked() -> None:
    sources = make_sources(
        ("Left atrium", "| LA volume index (mL/m2) | grade |\n|---|---|\n| 16-34 | normal |"),
        ("Left ventricular size › Volumes",
         "Upper normal end-systolic volume index is about 31 mL/m2 in men and 24 mL/m2 in women."))
    choice = choose_evidence("LV end-systolic volume index 29 mL/m2: normal?", sources)
    assert choice.evidence[0].section.endswith("Volumes"), choice.evidence


def test_an_athletes_norms_need_evidence_about_athletes() -> None:
    adult = "Normal resting heart rate is 60-100/min."
    assert unstated_kind("Resting rate 38 in a marathon runner: normal?", [adult]) == "athletes"
    assert unstated_kind("How well did ML tell athlete's heart from HCM?",
                         ["It separated athlete's heart from HCM with 87% sensitivity."]) is None


def test_a_value_asked_in_a_unit_needs_a_number_in_that_unit() -> None:
    area = "An end-systolic RA area over 18 cm2 indicates enlargement; RA volume has sex limits."
    assert unstated_kind("upper normal RA volume index for women, in mL/m2?", [area]) == (
        "value in the unit asked")
    assert unstated_kind("upper normal LA volume index, in mL/m2?",
                         ["LA volume index (mL/m2): 16-34 mL/m2; grade: normal"]) is None
    # "in MS" is in mitral stenosis, not in milliseconds.
    assert unstated_kind("Wilkins score cut-off for balloon valvotomy in MS",
                         ["A Wilkins score of 8 or less favours balloon valvotomy in MS."]) is None


def test_another_chambers_limit_is_not_shown_beside_the_chamber_asked() -> None:
    sources = make_sources(
        ("Right ventricle › Right atrium", "An RA area over 18 cm2 indicates enlargement; RA "
         "volume indexed to BSA is an alternative with sex-specific limits."),
        ("Left ventricular size › Volumes", "Upper normal volume index is about 74 mL/m2 in men "
         "and 61 mL/m2 in women."))
    choice = choose_evidence("upper normal RA volume index for women, in mL/m2?", sources)
    assert [e.section for e in choice.evidence] == ["Right ventricle › Right atrium"]
    assert not choice.supported and choice.unstated == "value in the unit asked"


def test_a_dose_change_or_machine_setting_asked_needs_evidence_that_gives_one() -> None:
    dose = "Then intravenous adenosine (6 mg rapid bolus, then 12 mg, via a large vein)."
    assert unstated_kind("On dipyridamole: does the adenosine dose need to be reduced?",
                         [dose]) == "dose change"
    assert unstated_kind("When is the apixaban dose reduced?",
                         ["The apixaban dose is reduced to 2.5 mg with two of three criteria."]
                         ) is None
    timing = "Right ventricular diastolic collapse is timed with M-mode."
    assert unstated_kind("What M-mode sweep speed should I set on the machine?", [timing]) == (
        "machine setting")
    assert unstated_kind("Which paper speed should I set on the machine?",
                         ["Standard paper speed is 25 mm/s."]) is None


def test_a_mechanism_is_given_by_a_sentence_about_what_was_asked() -> None:
    other = "In a wide QRS, the QT lengthens because depolarisation takes longer."
    asked = "Wenckebach: what is happening at the cellular level in the AV node?"
    assert unstated_kind(asked, [other]) == "mechanism"
    assert unstated_kind(asked, ["In Wenckebach the AV node conducts more slowly with each beat "
                                 "because of decremental conduction."]) is None


def test_the_askers_confusion_and_the_patients_symptoms_are_the_story() -> None:
    assert "misclassification" in context_words(
        "I always mix up the adrenaline and dopamine infusion rates")
    assert {"misclassification", "always"} <= context_words(
        "I always mix up B-mode and M-mode. What is the difference?")
    assert "Telemetry" in context_words("Telemetry alarm for a pause: what is it?")
    assert {"cardiologist", "national-level"} <= context_words(
        "Before I call the cardiologist: a national-level rower has an IVC of 2.4 cm - high RAP?")
    assert unstated_kind("does a rower's LV wall get thicker?",
                         ["Septal thickness is normally 0.6-1.0 cm in men."]) == "athletes"
    # Which views a classifier mixed up is the question itself.
    assert not context_words("which views did the Kusunose classifier mix up?")
    assert {"Triage", "breathlessness", "pleuritic"} <= context_words(
        "Triage: sudden breathlessness and pleuritic chest pain, S1Q3T3 on the ECG")


def test_at_what_point_in_the_cycle_asks_when_not_a_scores_points() -> None:
    assert unstated_kind("at what point in the cardiac cycle do I measure an effusion?",
                         ["Measure it at end-diastole, perpendicular to the heart."]) is None
    assert unstated_kind("how many points for age 65-74 on CHA2DS2-VASc?",
                         ["Age 65-74 adds to the score."]) == "points"


def test_an_infusion_rate_is_a_dose_of_the_drug_named() -> None:
    sources = make_sources(
        ("QT interval › Managing a long QT", "Torsades is treated with intravenous magnesium "
         "(typically 2 g) and increasing the heart rate (isoprenaline or temporary pacing)."),
        ("Bradycardia › Acute treatment", "Then an infusion of adrenaline (2-10 micrograms/min) "
         "or dopamine (5-20 micrograms/kg/min)."))
    assert not choose_evidence("isoprenaline infusion rate for torsades? mcg/min", sources,
                               is_common=FixedRetriever([]).is_common_word).supported
    assert choose_evidence("dopamine infusion rate for bradycardia?", sources,
                           is_common=FixedRetriever([]).is_common_word).supported


def test_a_value_on_another_imaging_test_needs_a_sentence_naming_it() -> None:
    echo = "parameter: 3D RV ejection fraction; abnormal if: under 45%"
    assert unstated_kind("what's the normal RVEF on cardiac MRI?", [echo]) == "other imaging test"
    assert unstated_kind("On cardiac MRI, what is the upper limit of LV mass index in a man?",
                         ["Upper normal LV mass index is 115 g/m2 in men."]) == (
        "other imaging test")
    assert unstated_kind("pericardium 2 mm on cardiac CT: does that rule out constriction?",
                         ["pericardium: thick (over 3-4 mm on CT or MRI)"]) is None


def test_the_dose_asked_is_of_the_drug_named_beside_the_dose_words() -> None:
    from echoassist.answer.asked import dosed_drugs

    assert dosed_drugs("Torsades despite magnesium - what infusion rate of isoprenaline?") == (
        dosed_drugs("isoprenaline"))
    sources = make_sources(("QT interval › Managing a long QT", "Torsades is treated with "
                            "intravenous magnesium sulfate (typically 2 g), increasing the heart "
                            "rate (isoprenaline or temporary pacing)."))
    # Magnesium's 2 g is no isoprenaline infusion rate.
    assert not choose_evidence("Torsades despite magnesium - what infusion rate of isoprenaline?",
                               sources, is_common=FixedRetriever([]).is_common_word).supported


def test_an_imaging_test_named_about_something_else_does_not_answer() -> None:
    other = "pericardium: thick or calcified (over 3-4 mm on CT or MRI): normal"
    assert unstated_kind("RVEF 42% on cardiac MRI: abnormal?", [other]) == "other imaging test"
    assert unstated_kind("RVEF 42% on cardiac MRI: abnormal?",
                         ["RVEF on MRI is abnormal under 45%."]) is None
    # A value asked needs a figure: naming MRI beside EF gives no normal RVEF on MRI.
    review = ("Software that assesses ventricular volume and ejection fraction has a good "
              "correlation with cardiac MRI [27].")
    assert unstated_kind("RVEF 42% on cardiac MRI: what value is abnormal?", [review]) == (
        "other imaging test")


def test_a_percentage_or_a_studys_figure_must_be_of_what_was_asked() -> None:
    wellens = "Type B (about 75%): deep, symmetrical T wave inversion in V2-V3."
    assert unstated_kind("what percentage of untreated Wellens patients go on to an anterior MI?",
                         [wellens]) == "percentage"
    assert unstated_kind("what percentage of Wellens patterns are type B?", [wellens]) is None
    # A grade table's limits are no study's accuracy.
    rows = ["indexed AVA (cm2/m2); mild: over 0.85; moderate: 0.60-0.85; severe: under 0.6"]
    assert unstated_kind("how accurate was EchoNet at detecting aortic stenosis?", rows) == (
        "performance figure")
    assert unstated_kind("how accurate was EchoNet at detecting aortic stenosis?",
                         ["EchoNet detected aortic stenosis with an AUC of 0.91."]) is None


def test_when_the_next_scan_is_due_asks_a_follow_up_interval() -> None:
    asked = "Moderate primary MR, normal LV: when should his next surveillance echo be booked?"
    assert unstated_kind(asked, ["Surgical triggers in severe primary MR include symptoms."]) == (
        "interval")
    assert unstated_kind(asked, ["Moderate MR is re-imaged every 1-2 years."]) is None


def test_what_the_story_rules_out_and_results_awaited_describe_the_patient() -> None:
    story = ("Retired teacher, breathless on hills. BP fine, no pulsus paradoxus. Her echo shows "
             "a 1.5 cm effusion in diastole. How is that graded for size?")
    assert {"pulsus", "paradoxus"} <= context_words(story)
    # Asked about, not ruled out by the story.
    assert not {"pulsus", "paradoxus"} & context_words("Does no pulsus paradoxus rule out "
                                                       "tamponade?")
    assert "trop" in context_words("ongoing CP, trop pending. can a circumflex occlusion hide?")


def test_describing_words_before_criteria_are_not_eponyms() -> None:
    # "remaining" was taken for an unknown named criterion and refused a diastolic question.
    assert evidence.eponyms("With one of the two remaining criteria positive: grade I?") == set()
    assert evidence.eponyms("which supportive criteria apply?") == set()
    assert evidence.eponyms("hodges formula for QTc") == {"hodges"}
    assert evidence.eponyms("the international criteria for athletes") == {"international"}


def test_medicine_as_a_field_is_no_treatment_question() -> None:
    assert not evidence._ASKS_FOR_TREATMENT.search("why does the black box matter in medicine?")
    assert evidence._ASKS_FOR_TREATMENT.search("which medicine controls the rate?")


def test_the_tr_velocity_is_a_pressure_measure_not_the_tricuspid_lesion() -> None:
    assert valve_lesions("peak TR vel 3.1 m/s, RV not dilated") == set()
    assert valve_lesions("TR Vmax 4.0 m/s and RAP 8 mmHg") == set()
    assert valve_lesions("Peak TR 3.1 m/s") == set()
    # Written out too: a question on the PH table's TR velocity is not "about TR".
    assert valve_lesions("a peak tricuspid regurgitation velocity above ___ m/s") == set()
    assert valve_lesions("tricuspid regurgitation jet velocity of 3.2 m/s") == set()
    assert valve_lesions("severe tricuspid regurgitation") == {("tricuspid", "regurgitation")}
    assert valve_lesions("moderate TR with a vena contracta of 0.5 cm") == {
        ("tricuspid", "regurgitation")}
    # Grading MR is not "about TR" because the diastolic criteria cite the TR velocity.
    assert lesion_mismatch("Does her BP change how we grade the MR?", [
        "Regurgitation severity varies with blood pressure and loading.",
        "Use E/e' over 14, TR velocity over 2.8 m/s and LAVI over 34 mL/m2."]) is None


def test_the_phase_asked_is_not_answered_by_the_other_phases_trigger() -> None:
    question = ("Severe AR, LV end-systolic diameter 46 mm, LV end-diastolic diameter 68 mm. "
                "What end-diastolic diameter would make us refer for surgery?")
    surgery = "Surgery is considered with LV end-systolic diameter over 5.0 cm."
    assert lesion_mismatch(question, [f"{surgery} Aortic regurgitation (AR)"]) == (
        "the end-diastolic value", "the end-systolic value")
    assert lesion_mismatch("What end-systolic diameter triggers AR surgery?",
                           [f"{surgery} Aortic regurgitation (AR)"]) is None


def test_older_peoples_values_need_evidence_that_speaks_of_them() -> None:
    gls = ["GLS more negative than about -18% is normal; -16% to -18% is borderline."]
    assert unstated_kind("Is there an age-adjusted normal GLS for people over 80?", gls) == (
        "older people")
    assert unstated_kind("Is there an age-adjusted normal GLS for people over 80?",
                         ["GLS falls with age: over 80 years about -17% is normal."]) is None
    # An elderly patient in the story asks for no old people's values.
    assert unstated_kind("Elderly lady with AF on digoxin, rate 42 and regular: what is it?",
                         ["Regularised AF on digoxin suggests complete heart block."]) is None


def test_a_repeat_scan_asked_how_soon_needs_an_interval() -> None:
    grades = ["size: small; diastolic echo-free space: under 1.0 cm"]
    assert unstated_kind("How soon should a repeat echo be booked for a small effusion?",
                         grades) == "interval"


def test_how_to_move_the_probe_needs_evidence_on_handling_it() -> None:
    named = ["RV size is measured in an RV-focused apical four-chamber view at end-diastole."]
    assert unstated_kind("How I get the RV-focused view? Where I move the probe and which way "
                         "I rotate?", named) == "handling"


def test_a_study_patients_mean_age_or_bmi_needs_the_figure() -> None:
    named = ["The dataset was balanced over patient sex, age, body mass index and systems."]
    assert unstated_kind("What was the average body mass index of the 340 patients?",
                         named) == "patients' figures"
    assert unstated_kind("What was the mean age of the 30 patients?", named) == (
        "patients' figures")
    assert unstated_kind("What was the mean age of the 29 participants?",
                         ["All were men; the mean age was 37 years (range 20-60)."]) is None


def test_an_indexed_unit_in_brackets_is_the_value_asked() -> None:
    question = "What CT calcium density indexed to annulus area (AU/cm2) makes severe AS likely?"
    agatston = ["Agatston score of about 3000 AU or more in men and 1600 AU or more in women."]
    assert unstated_kind(question, agatston) == "value in the unit asked"
    assert unstated_kind(question, ["A density over 500 AU/cm2 suggests severe AS."]) is None


def test_a_closing_quote_is_no_prime_and_a_tag_question_no_key_term() -> None:
    assert "bprime" not in terms("the note reads 'Wellens, type B'.")
    assert "eprim" in terms("septal e' velocity")
    assert key_terms("PR depression has to be at least 1 mm for pericarditis, right?") == [
        "pr", "depress", "mm", "pericard"]
    # "on the right" is a side, not a tag.
    assert "right" in key_terms("where does V4R go - on the right?")


def test_a_pdfs_glyph_codes_and_bylines_rank_below_every_sentence() -> None:
    paper = Source(n=1, doc="p.pdf", title="A paper", page=1, text="", score=0.5,
                   path="/kb/p.pdf", section="")
    note = replace(paper, path="/kb/n.md")
    assert evidence._pdf_debris("Friedman and Jae K.", paper)
    assert evidence._pdf_debris("Ghorbani et al.", paper)
    assert evidence._pdf_debris("Oh /gid00030/gid00035/gid00032 Ci", paper)
    assert not evidence._pdf_debris("We enrolled 340 patients.", paper)
    assert not evidence._pdf_debris("Average E/e' over 14.", paper)
    assert not evidence._pdf_debris("Friedman and Jae K.", note)


def test_the_list_item_labelled_with_what_was_asked_leads_its_list() -> None:
    sources = make_sources((
        "Probability of PH › What follows from the probability",
        # "low" and the topic's words in the High item: its label alone says it is not asked.
        "- **High**: evaluate for left heart disease first, with a low threshold for referral "
        "to a pulmonary hypertension centre.\n"
        "- **Intermediate**: further tests depending on risk factors.\n"
        "- **Low**: consider other causes of symptoms; follow up if risk factors exist.\n"))
    choice = choose_evidence("What next when echo gives a low probability of pulmonary "
                             "hypertension?", sources, max_evidence=1)
    assert choice.evidence[0].text.startswith("Low")


def test_a_papers_back_matter_answers_only_a_question_about_it() -> None:
    sources = make_sources((
        "Conclusions",
        "Supplementary Materials: Figure S1: data augmentation for the UNet++ border detection "
        "network; Table S1: ejection fraction errors. "
        "All subjects were men, with a mean age of 37 years."))
    choice = choose_evidence("Who were the subjects of the UNet++ border detection study?",
                             sources, max_evidence=1)
    assert choice.evidence[0].text.startswith("All subjects were men")
    assert evidence._back_matter_not_asked("Funding: none.", "Who were the subjects?")
    assert not evidence._back_matter_not_asked("Funding: none.", "Who funded the study?")


def test_who_described_a_sign_needs_evidence_that_credits_someone() -> None:
    question = "Who first described pulsus paradoxus in tamponade, and in what year?"
    defined = ["Pulsus paradoxus is an inspiratory fall in systolic pressure over 10 mmHg.",
               "The ESC 2015 guidelines describe a triage score for drainage."]
    # The year of another sentence's guideline answers neither part.
    assert unstated_kind(question, defined) == "who described it"
    assert unstated_kind(question, ["Pulsus paradoxus was first described by Kussmaul "
                                    "in 1873."]) is None  # a year before 1900 is a year too


def test_an_approval_or_registration_number_needs_the_number() -> None:
    assert unstated_kind("What was the IRB protocol number for the EchoNet study?",
                         ["This study was approved by the Stanford University IRB."]) == (
        "approval or registration number")
    assert unstated_kind("What ethics approval number did the study get?",
                         ["The review board approved the study protocol (No. 3217-3)."]) is None
    assert unstated_kind("Was the review registered with PROSPERO?",
                         ["The flowchart shows identification, screening and inclusion."]) == (
        "approval or registration number")


def test_whether_code_is_released_needs_evidence_on_its_availability() -> None:
    question = "Has the group released the code or trained weights, for example on GitHub?"
    built = ["The algorithms were implemented in Python and trained using Keras "
             "(https://keras.io/)."]
    assert unstated_kind(question, built) == "availability"
    assert unstated_kind(question, ["The code is available at github.com/echo/net."]) is None


def test_the_machine_asked_needs_a_maker_named_by_the_paper_asked() -> None:
    question = "Which ultrasound machine manufacturer and model were the scans acquired on?"
    assert unstated_kind(question, ["The scans came from 2694 volunteers."]) == "vendor"
    assert unstated_kind(question, ["Scans were acquired on Vivid E95 scanners (GE "
                                    "Healthcare)."]) is None


def test_a_named_papers_sentences_alone_state_what_is_asked_of_it() -> None:
    sources = [
        Source(1, "echo_day2021_fetal.pdf", "Fetal AI", 5,
               "SonoNet was trained on scans of 2694 volunteers to find the standard screening "
               "planes.", 1.0, path="/pdfs/echo_day2021_fetal.pdf", section="Imaging"),
        Source(2, "echo_schneider2021_novice.pdf", "Novices", 3,
               "Scanning was performed on a Terason tablet ultrasound system.", 0.9,
               path="/pdfs/echo_schneider2021_novice.pdf", section="Methods"),
    ]
    choice = choose_evidence("Which ultrasound machine manufacturer were the SonoNet training "
                             "scans acquired on, in Day's review?", sources)
    assert choice.unstated == "vendor" and not choice.supported


def test_one_sexs_figure_needs_evidence_that_speaks_of_that_sex() -> None:
    question = ("How accurately did the model predict ejection fraction in female patients "
                "compared with male patients?")
    whole = ["The model predicted ejection fraction with a mean absolute error of 7%."]
    assert unstated_kind(question, whole) == "one sex's value"
    # A sentence on sex that says nothing of the model's ejection fraction is no answer.
    assert unstated_kind(question, ["In males chest landmarks are easier to find than in "
                                    "females."]) is not None
    # A model that guesses the patient's sex speaks of sex, not of women's ejection fraction.
    assert unstated_kind(question, ["The model predicted ejection fraction (R2 = 0.50) and "
                                    "sex (AUC = 0.88)."]) == "one sex's value"
    assert unstated_kind("What is the upper normal LV mass index in women?",
                         ["Upper normal LV mass index is 115 g/m2 in men and 95 g/m2 in "
                          "women."]) is None
    # The patient in a story is no subgroup asked.
    assert unstated_kind("A 66-year-old woman has an EF of 62%: is that normal?",
                         ["An LVEF of 52% or more is normal in men."]) != "one sex's value"


def test_a_value_indexed_another_way_needs_evidence_indexed_that_way() -> None:
    mass = ["Upper normal LV mass index is 115 g/m2 in men and 95 g/m2 in women (BSA)."]
    assert unstated_kind("LV mass indexed to BSA is normal - what's the LVH cut-off if I "
                         "index LV mass to height^2.7 instead?", mass) == "indexing"
    assert unstated_kind("What is the severe MS cut-off with the valve area indexed to body "
                         "surface area?", ["Severe MS: valve area under 1.0 cm2."]) == "indexing"
    assert unstated_kind("AVA indexed to body surface area is 0.55 cm2/m2: which grade?",
                         ["Severe AS: indexed AVA under 0.6 cm2/m2."]) is None


def test_a_unit_spelt_out_or_in_a_tables_column_is_the_unit_asked() -> None:
    area = ["Severe MS: valve area under 1.0 cm2."]
    assert unstated_kind("What severe MS valve area, in square centimetres per square metre?",
                         area) == "value in the unit asked"
    assert unstated_kind("Above what daily dose (mg/day) of methadone is an ECG needed?",
                         ["Methadone prolongs the QT."]) == "value in the unit asked"
    # "(cm)" heads the row's values: the row answers how many centimetres.
    assert unstated_kind("How many centimetres of septal thickness are severely increased in "
                         "a woman?", ["wall thickness (cm): severely increased; men: 1.7 or "
                                      "more; women: 1.6 or more"]) is None


def test_a_maximum_typed_max_is_no_measure_of_the_cut_off() -> None:
    asked = cut_off_asked("max high-pass cutoff for a diagnostic ecg if the filter is "
                          "phase-preserving")
    assert asked is not None and "max" not in asked.measure
    assert unstated_kind("max high-pass cutoff for a diagnostic ecg?",
                         ["Diagnostic recordings use a high-pass cut-off of 0.05 Hz, or up "
                          "to 0.67 Hz with filters that do not distort phase."]) is None


def test_years_say_how_long_it_takes() -> None:
    assert unstated_kind("How long does it take a sonographer to learn basic echo?",
                         ["It typically takes at least 1 to 2 years to grasp the basics."]) is None


def test_a_stories_findings_are_the_patients_not_the_question() -> None:
    story = ("A 24-year-old man had a viral illness two weeks ago. He now has pleuritic chest "
             "pain and a pericardial rub. Echo shows new hypokinesia of the inferolateral wall. "
             "What does the new wall motion abnormality suggest?")
    told = evidence._story_words(story)
    assert {"hypokinesia", "inferolateral"} <= told and "abnormality" not in told
    # Asked in a sentence or two, nothing is a story: every word is the question's.
    assert evidence._story_words("Echo shows new hypokinesia. What does it suggest?") == set()
    # Registrar's "shd" is no key term.
    assert "shd" not in key_terms("what causes shd i be going through for sinus tachy?")


def test_telling_two_rhythms_apart_asks_for_their_features() -> None:
    sources = make_sources(
        ("Atrial flutter › Typical (cavotricuspid isthmus dependent) flutter",
         "- Sawtooth flutter waves, negative in II, III and aVF and positive in V1.\n"
         "- Regular atrial activity at 250-350/min.\n"
         "- Variable block gives an irregular rhythm that can mimic AF.\n\n"
         "Stroke prevention follows the same rules as AF."),
        ("Atrial fibrillation (AF) › Points of care",
         "- AF with a slow regular ventricular response implies complete heart block."))
    choice = choose_evidence("How do I tell atrial flutter from atrial fibrillation?", sources)
    assert choice.evidence[0].text.startswith("Sawtooth flutter waves")
    assert not any("Stroke prevention" in e.text for e in choice.evidence)


def test_a_numbered_grade_answers_how_a_dysfunction_is_graded() -> None:
    sources = make_sources(
        ("Diastolic function",
         "More than half positive: diastolic dysfunction. Fewer than half positive: normal "
         "diastolic function.\n\n"
         "- E/A 0.8 or less: grade I (impaired relaxation).\n"
         "- E/A 2 or more: grade III (restrictive filling).\n"))
    choice = choose_evidence("How is diastolic dysfunction graded?", sources)
    assert any("grade I " in e.text for e in choice.evidence)


def test_a_limit_asked_as_a_guess_needs_that_measures_number() -> None:
    question = "PR depression has to be at least 1 mm to count for pericarditis, right?"
    assert unstated_kind(question, [
        "Acute pericarditis: widespread ST elevation or PR depression.",
        "In early repolarisation the ST elevation is usually under 2 mm."]) == "cut-off"
    assert unstated_kind("The QRS has to be over 120 ms for LBBB, right?",
                         ["LBBB: QRS 120 ms or more, broad notched R in I and V6."]) is None


def test_a_normal_cut_off_asks_for_the_measures_limit() -> None:
    # "cut-off" is what is asked of TAPSE, not a word the row must hold.
    row = ["parameter: TAPSE (M-mode, lateral tricuspid annulus); abnormal if: under 17 mm"]
    assert unstated_kind("What is the normal TAPSE cut-off for RV dysfunction?", row) is None


def test_a_software_version_needs_a_version_number() -> None:
    question = "Which version of TensorFlow did the EchoNet authors train with?"
    assert unstated_kind(question, ["The model was trained using Keras with a TensorFlow "
                                    "backend."]) == "software version"
    assert unstated_kind(question, ["Models were trained with TensorFlow 1.14 on two "
                                    "GPUs."]) is None
    assert unstated_kind("Which statistics packages did they use, and which versions?",
                         ["Analysis used SPSS software 21 and MedCalc Software 19."]) is None


def test_funding_and_complication_risk_need_their_own_statement() -> None:
    assert unstated_kind("Who funded the angiosarcoma case report?",
                         ["Use of focused intensive care echo in the diagnosis of cardiac "
                          "angiosarcoma."]) == "funding"
    assert unstated_kind("Who funded the study?",
                         ["This work was supported by a grant from the Research "
                          "Council."]) is None
    question = "What is the risk of complete heart block during slow-pathway ablation?"
    assert unstated_kind(question, ["AF with a slow regular response implies complete heart "
                                    "block."]) == "complication risk"
    assert unstated_kind(question, ["Complete heart block follows slow-pathway ablation in "
                                    "under 1% of cases."]) is None


def test_whether_a_paper_says_so_asks_no_survival_figure() -> None:
    said = ["AI-based LV analyses were significant predictors of mortality, better than "
            "manual measurement."]
    assert unstated_kind("Does the review say AI-based LV analysis predicts mortality better "
                         "than manual measurement?", said) is None
    assert unstated_kind("What is the one-year mortality of PH patients with a pericardial "
                         "effusion?", ["Pericardial effusion in PH is a marker of poor "
                                       "prognosis."]) == "survival"


def test_a_trimester_asks_for_a_pregnancy_value() -> None:
    assert unstated_kind("For a woman in her third trimester, what LA volume index upper limit "
                         "should I use?", ["LA volume index (mL/m2): 16-34; grade: "
                                           "normal"]) == "pregnancy"


def test_signs_of_a_condition_only_named_in_a_list_of_causes_are_not_covered() -> None:
    causes = Source(1, "02_intervals_axis.md", "Intervals", None,
                    "Others: hypothyroidism, hypothermia, anorexia nervosa, liver disease, "
                    "female sex and older age as risk modifiers.", 1.0,
                    path="/kb/02_intervals_axis.md",
                    section="QT interval › Causes of QT prolongation")
    choice = choose_evidence("What are the ECG features of hypothermia?", [causes])
    assert choice.unstated == "description" and not choice.supported
    # Named with what it does, it is described: "peaked T waves and wide QRS in hyperkalaemia".
    pitfalls = Source(1, "01_ecg_basics.md", "Basics", None,
                      "Electrolytes alter the whole tracing: peaked T waves and wide QRS in "
                      "hyperkalaemia; flat T waves and prominent U waves in hypokalaemia.", 1.0,
                      path="/kb/01_ecg_basics.md", section="Practical pitfalls")
    choice = choose_evidence("What does the ECG show in hyperkalemia?", [pitfalls, causes])
    assert choice.unstated is None and choice.supported


def test_a_quoted_report_phrase_ranks_the_sentence_holding_all_its_words_first() -> None:
    sources = make_sources(
        ("Pericardial effusion › Detecting it", "Pleural versus pericardial fluid: pericardial "
         "fluid tracks anterior to the descending aorta."),
        ("Pericardial effusion › Grading size", "size: trivial; echo-free space: seen only in "
         "systole; approximate volume: under 50 mL"))
    question = ("My scan report says there is a 'trivial pericardial effusion'. What does that "
                "mean - is it a lot of fluid?")
    assert evidence._quoted_terms(question, set(terms(question))) == [
        set(terms("trivial pericardial effusion"))]
    choice = choose_evidence(question, sources)
    assert choice.evidence[0].text.startswith("size: trivial")
    # An apostrophe is no quote.
    assert evidence._quoted_terms("the patient's ECG shows Wellens' sign", {"ecg"}) == []


def test_asked_for_criteria_a_sentence_naming_the_thing_in_passing_is_left_out() -> None:
    sources = make_sources(
        ("Normal QRS voltage", "Sokolow-Lyon criteria for left ventricular hypertrophy: S in V1 "
         "plus R in V5 or V6 of 35 mm or more."),
        ("STEMI criteria", "New ST elevation at the J point in two contiguous leads, in the "
         "absence of left ventricular hypertrophy or LBBB."),
        ("Other STEMI mimics", "Left ventricular hypertrophy, ventricular pacing, hyperkalaemia, "
         "Takotsubo syndrome and left ventricular aneurysm."))
    choice = choose_evidence("What are the ECG criteria for left ventricular hypertrophy?", sources)
    assert [e.text[:13] for e in choice.evidence] == ["Sokolow-Lyon "]
    units = evidence._units(sources)
    held = set(terms("left ventricular hypertrophy"))
    assert evidence._only_set_aside(units[1], held) and evidence._only_listed(units[2], held)
    assert not evidence._only_listed(units[0], held)


def test_asked_how_a_thing_is_graded_its_grading_table_answers() -> None:
    sources = make_sources(
        ("Aortic stenosis › Discordant grading: low-gradient severe AS",
         "True severe aortic stenosis is confirmed if the mean gradient reaches 40 mmHg or more "
         "while AVA stays 1.0 cm2 or less. Pseudo-severe aortic stenosis shows an increase in "
         "AVA above 1.0 cm2."),
        ("Aortic stenosis › Severity table",
         "| parameter | mild | moderate | severe |\n|---|---|---|---|\n"
         "| mean gradient (mmHg) | under 20 | 20-39 | 40 or more |\n"
         "| AVA (cm2) | over 1.5 | 1.0-1.5 | under 1.0 |\n"))
    choice = choose_evidence("How is severe aortic stenosis graded on echo?", sources)
    assert choice.evidence[0].text.startswith("parameter: mean gradient")
    # "Defined", asked of a grade, asks the same (the read-through got the discordant section).
    defined = choose_evidence("How is severe aortic stenosis defined on echo?", sources)
    assert defined.evidence[0].text.startswith("parameter: mean gradient")


def test_a_subgroups_result_needs_evidence_that_names_the_subgroup() -> None:
    question = ("How well did the automated strain pipeline work in patients in atrial "
                "fibrillation?")
    overall = ["The pipeline measured global longitudinal strain with an accuracy of 92%."]
    assert unstated_kind(question, overall) == "subgroup"
    assert unstated_kind(question, ["In patients in atrial fibrillation the accuracy was "
                                    "85%."]) is None
    # The subgroup may be named by the heading: "Myocardial infarction in LBBB".
    assert unstated_kind("In patients with LBBB, which criteria diagnose MI?",
                         ["Concordant ST elevation of 1 mm or more (5 points)."],
                         ["Myocardial infarction in LBBB › Sgarbossa criteria"]) is None


def test_a_name_followed_by_another_kind_of_thing_is_another_thing() -> None:
    sources = make_sources(
        ("ECG features favouring VT", "Absence of an RS complex in all precordial leads, or an "
         "RS interval over 100 ms in any precordial lead (Brugada algorithm)."),
        ("Other STEMI mimics", "Left ventricular hypertrophy, ventricular pacing, Brugada "
         "pattern (coved ST elevation of 2 mm or more in V1-V2) and hyperkalaemia."))
    # Brugada syndrome is the coved ST pattern, not the VT algorithm of the same name.
    syndrome = choose_evidence("What are the ECG signs of Brugada syndrome?", sources)
    assert [e.text[:13] for e in syndrome.evidence] == ["Left ventricu"]
    # Asked for the algorithm, the algorithm answers.
    algorithm = choose_evidence("How does the Brugada algorithm tell VT apart?", sources)
    assert algorithm.evidence[0].text.startswith("Absence of an RS")
    asked = evidence.named_heads("signs of Brugada syndrome")
    assert evidence.other_named(asked, "an RS interval over 100 ms (Brugada algorithm)")
    # A bare mention, or the same kind of thing by another head, is the thing asked.
    assert not evidence.other_named(asked, "Brugada pattern: coved ST elevation")
    assert not evidence.other_named(asked, "In Brugada the ST segment is coved.")


def test_a_grade_beyond_severe_is_answered_only_where_it_is_defined() -> None:
    ar_table = ["severe AR: vena contracta over 0.6 cm; regurgitant volume 60 mL or more"]
    assert unstated_kind("Is there a 'very severe' grade for aortic regurgitation, and what "
                         "regurgitant volume defines it?", ar_table) == "grade beyond severe"
    assert unstated_kind("At what velocity does AS become very severe?",
                         ["A peak velocity of 5.0 m/s or more is called very severe."]) is None


def test_observer_agreement_is_not_a_models_agreement_with_its_labels() -> None:
    question = ("How closely did two echocardiographers agree with each other when labelling the "
                "views (inter-observer kappa)?")
    assert unstated_kind(question, ["The weighted kappa was 0.98."]) == "observer agreement"
    assert unstated_kind(question, ["Inter-observer agreement was a kappa of 0.85."]) is None


def test_a_value_on_exercise_or_stress_is_not_the_resting_value() -> None:
    question = "On a diastolic stress echo, what E/e' at peak exercise makes the test positive?"
    assert unstated_kind(question, ["Average E/e' over 14."]) == "exercise or stress value"
    assert unstated_kind(question, ["On exercise, an average E/e' over 14 is positive."]) is None
    # The test named in the story asks for no value: "is a stress test OK before discharge?"
    assert unstated_kind("Biphasic T waves in V2-V3, trop normal: what's this pattern and is an "
                         "exercise stress test OK?", ["Type A: biphasic T waves in V2-V3."]) is None


def test_a_newborns_measurement_is_asked_of_values_for_children() -> None:
    question = "In a newborn, what RVOT acceleration time suggests pulmonary hypertension?"
    adult = ["PA acceleration time under 105 ms suggests raised pulmonary vascular resistance."]
    assert unstated_kind(question, adult) == "children"


def test_a_pacemaker_lead_is_no_ecg_electrode_and_a_gain_in_mm_per_mv_is_a_setting() -> None:
    from echoassist.answer.asked import asks_where_leads_go

    assert not asks_where_leads_go("My patient's pacemaker lead sits at the right ventricular "
                                   "apex. Which way should the frontal QRS axis deviate?")
    assert asks_where_leads_go("Where does the V1 electrode go?")
    assert unstated_kind("Standard ECG gain: what gain setting is that?",
                         ["Gain 10 mm/mV: one small square vertically is 0.1 mV."]) is None


def test_who_a_method_is_named_after_is_asked_of_the_evidence() -> None:
    assert unstated_kind("Who was Simpson, as in the modified Simpson's rule, and why does the "
                         "method carry his name?",
                         ["LVEF by the biplane method of discs (modified Simpson's rule)."]
                         ) == "who described it"


def test_a_comparison_whose_one_side_is_inside_the_others_name_gets_both_sides() -> None:
    sources = make_sources(
        ("SVT › AV nodal re-entrant tachycardia (AVNRT)", "The most common paroxysmal SVT. "
         "Typical AVNRT has P waves hidden within or just after the QRS."),
        ("SVT › AV re-entrant tachycardia (AVRT)", "Uses an accessory pathway. In orthodromic "
         "AVRT the retrograde P wave follows the QRS with an RP interval over 70 ms."))
    question = "What is the difference between AVNRT and AVRT?"
    # AVRT spelt out is AVNRT's words without "nodal": a side of its own, not no side.
    assert evidence.compared_sides(question, set(evidence.key_terms(question))) is not None
    choice = choose_evidence(question, sources)
    sections = {e.section.rsplit(" › ", 1)[-1] for e in choice.evidence}
    assert sections == {"AV nodal re-entrant tachycardia (AVNRT)",
                        "AV re-entrant tachycardia (AVRT)"}


def test_asked_how_a_measure_is_measured_its_formula_leads() -> None:
    sources = make_sources(
        ("LV systolic function › Heart failure categories by LVEF", "An LVEF of 45% is therefore "
         "\"mildly abnormal\" in an echo report and \"HFmrEF\" in a heart failure clinic."),
        ("LV systolic function › Ejection fraction", "LVEF = (EDV - ESV) / EDV x 100, preferably "
         "by biplane Simpson's or 3D."))
    choice = choose_evidence("How is LVEF measured on echo?", sources)
    assert choice.evidence[0].text.startswith("LVEF = (EDV - ESV)")


PERICARDITIS_TABLE = make_sources(
    ("ST elevation › Pericarditis versus STEMI",
     "| feature | acute pericarditis | STEMI |\n|---|---|---|\n"
     "| ST shape | concave upward | often convex, may be tombstone |\n"
     "| ST elevation in III greater than II | unusual | favours inferior STEMI |\n"
     "| T wave inversion | after the ST segments normalise | can occur while ST still elevated |\n"
     "| Reciprocal ST depression | only in aVR and V1 | common |\n"
     "| Q waves | absent | may develop |\n"
     "| Spodick sign | downsloping TP segment | absent |"),
)


def test_a_multiple_choice_question_gets_what_the_notes_say_of_each_option() -> None:
    question = ("Which ECG finding favours acute pericarditis over an acute STEMI? (a) ST "
                "elevation in III greater than in II (b) convex, tombstone-shaped ST elevation "
                "(c) a downsloping TP segment (Spodick sign)")
    choice = choose_evidence(question, PERICARDITIS_TABLE,
                             is_common=FixedRetriever([]).is_common_word)
    shown = " ".join(e.text for e in choice.evidence)
    # The answer's own row comes, though rows on ST shape and T waves rank above it.
    assert "downsloping TP segment" in shown
    assert "III greater than II" in shown and "tombstone" in shown
    assert choice.supported


def test_a_distractor_the_notes_never_name_does_not_refuse_a_multiple_choice_question() -> None:
    question = ("Which of these is NOT a feature of acute pericarditis: concave ST elevation, "
                "a downsloping TP segment, or electrical alternans?")
    choice = choose_evidence(question, PERICARDITIS_TABLE,
                             is_common=FixedRetriever([]).is_common_word)
    assert not choice.missing and choice.supported
    # The stem's own words still count: the notes say nothing of atypical pericarditis.
    atypical = choose_evidence(
        "How does atypical pericarditis differ? (a) concave ST elevation (b) Q waves",
        PERICARDITIS_TABLE, is_common=FixedRetriever([]).is_common_word)
    assert not atypical.supported and atypical.ruled_out


def test_the_rv_wall_measured_is_its_free_wall() -> None:
    sources = make_sources(("Right ventricle › Size", "| measurement | normal upper limit |\n"
                            "|---|---|\n| RV wall thickness (subcostal) | 0.5 cm |"))
    choice = choose_evidence("What is the normal RV free wall thickness?", sources)
    assert choice.supported and choice.unstated is None


def test_once_the_best_sentence_gives_the_drug_drug_is_no_term_to_add() -> None:
    sources = make_sources(
        ("QT interval › Managing a long QT", "Torsades is treated with intravenous magnesium "
         "sulfate (typically 2 g) and defibrillation if the rhythm is sustained and unstable."),
        ("Atrioventricular block", "Reversible causes to check before permanent pacing include "
         "drugs (beta-blockers, digoxin), hyperkalaemia and hypothyroidism."))
    choice = choose_evidence("What is the first-line drug for torsades de pointes?", sources)
    assert [e.text[:9] for e in choice.evidence] == ["Torsades "]


def test_a_cited_works_figure_is_in_a_sentence_that_names_it() -> None:
    review = ["As an alternative approach, Sulas et al. have used neural networks to read "
              "pulsed-wave Doppler traces of the fetal left ventricle.",
              "Labs et al. assessed apical four-chamber quality with an average accuracy of 86%."]
    question = "How accurately did the Sulas et al. neural network read fetal Doppler traces?"
    assert unstated_kind(question, review) == "performance figure"
    # Their own figure, in the sentence naming them, answers.
    assert unstated_kind(question, [review[0] + " Sulas et al. reached an accuracy of 94%."]
                         ) is None
    # A paper's own authors are "we": the evidence need not name them.
    assert unstated_kind("How accurately did the Kusunose et al. CNN classify views?",
                         ["Our CNN classified the five views with an accuracy of 98.1%."]) is None


def test_which_trial_needs_evidence_that_speaks_of_a_trial() -> None:
    valsalva = ["Vagal manoeuvres (the modified Valsalva with leg raise is more effective than "
                "standard Valsalva), then intravenous adenosine."]
    question = "Which randomised trial showed the modified Valsalva beats the standard one?"
    assert unstated_kind(question, valsalva) == "trial"
    assert unstated_kind(question, ["In the randomised REVERT trial the modified Valsalva "
                                    "restored sinus rhythm more often."]) is None


def test_a_value_after_a_procedure_needs_a_sentence_on_that_procedure_and_that_value() -> None:
    question = ("What mean transmitral gradient should be expected after a successful balloon "
                "mitral valvotomy?")
    native = ["PHT is unreliable immediately after balloon valvotomy and with significant AR.",
              "Severe mitral stenosis: mean gradient over 10 mmHg."]
    assert unstated_kind(question, native) == "value after a procedure"
    assert unstated_kind(question, ["After balloon valvotomy the mean gradient usually falls "
                                    "below 5 mmHg."]) is None
    # The native value asked without a procedure is not this kind.
    assert unstated_kind("What mean gradient defines severe mitral stenosis?", native) is None


def test_a_grading_table_asked_for_its_grade_shows_up_to_six_rows() -> None:
    rows = ["vena contracta (cm) | under 0.3 | 0.3-0.6 | over 0.6",
            "jet width / LVOT width (%) | under 25 | 25-64 | 65 or more",
            "regurgitant volume (mL/beat) | under 30 | 30-59 | 60 or more",
            "regurgitant fraction (%) | under 30 | 30-49 | 50 or more",
            "EROA (cm2) | under 0.10 | 0.10-0.29 | 0.30 or more",
            "pressure half-time (ms) | over 500 | 200-500 | under 200"]
    sources = make_sources(("Aortic regurgitation (AR) › Severity",
                            "| parameter | mild | moderate | severe |\n|---|---|---|---|\n"
                            + "\n".join(f"| {row} |" for row in rows)))
    choice = choose_evidence("Criteria for severe aortic regurgitation on echo?", sources)
    assert len(choice.evidence) == 6
    assert any("pressure half-time" in e.text for e in choice.evidence)
    # The places past four are the table's: the low-gradient section, which holds every word
    # of the question, waits its turn.
    stenosis = make_sources(
        ("Aortic stenosis › Discordant grading: low-gradient severe aortic stenosis",
         "True severe aortic stenosis is confirmed if the mean gradient reaches 40 mmHg or more "
         "while AVA stays 1.0 cm2 or less. Pseudo-severe aortic stenosis shows an increase in "
         "AVA above 1.0 cm2."),
        ("Aortic stenosis › Severity table", AS_TABLE))
    graded = choose_evidence("How is severe aortic stenosis graded on echo?", stenosis)
    assert {e.section for e in graded.evidence} == {"Aortic stenosis › Severity table"}
