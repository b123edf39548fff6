"""Every model sentence is checked against the evidence before it is shown."""

import pytest

from echoassist.answer.records import Evidence
from echoassist.answer.verify import Verifier, quantities

ELECTROLYTES = ("Electrolytes alter the whole tracing: peaked T waves and wide QRS in "
                "hyperkalaemia; flat T waves and prominent U waves in hypokalaemia.")
AV_BLOCK = "first degree: PR over 200 ms, every P conducted: usually AV node; benign in isolation"
VT = "A broad complex tachycardia is not SVT with aberrancy until VT has been excluded."


def evidence(*texts: str, section: str = "Atrioventricular block") -> list[Evidence]:
    return [Evidence(n, text, 1, "note.md", "Note", None, section, 0, len(text), 1.0)
            for n, text in enumerate(texts, start=1)]


@pytest.fixture
def verifier() -> Verifier:
    return Verifier(evidence(ELECTROLYTES, AV_BLOCK, VT),
                    "What do hyperkalemia, first-degree AV block and tachycardia look like?")


@pytest.mark.parametrize("sentence", [
    "In hyperkalemia the ECG shows peaked T waves and a wide QRS. [1]",
    "First-degree AV block is a PR interval over 200 ms with every P wave conducted.",
])
def test_a_sentence_the_evidence_backs_is_verified(verifier: Verifier, sentence: str) -> None:
    checked = verifier.check(sentence)
    assert checked.verified, checked.reason
    assert "[" not in checked.text


@pytest.mark.parametrize(("sentence", "reason"), [
    ("First-degree AV block is a PR interval over 300 ms.", "number not in the evidence: 300 ms"),
    ("First-degree AV block is a PR interval over 200 mm.", "number not in the evidence: 200 mm"),
    ("No peaked T waves and wide QRS in hyperkalaemia.", "negation"),
    ("A broad complex tachycardia is SVT with aberrancy.", "negation"),
    # Every word is in evidence [1], but across two clauses: the facts are swapped.
    ("The ECG shows a wide QRS with flat T waves and prominent U waves in hyperkalemia.",
     "not in the evidence"),
    ("Hyperkalemia is treated with calcium gluconate.", "not in the evidence"),
    ("What does first-degree AV block look like?", "restates the question"),
    ("1.", "no content words"),
])
def test_a_sentence_the_evidence_does_not_back_is_held_back_with_its_reason(
        verifier: Verifier, sentence: str, reason: str) -> None:
    checked = verifier.check(sentence)
    assert not checked.verified
    assert reason in checked.reason


def test_numbers_read_with_units_and_decimal_commas() -> None:
    assert [(q.value, q.unit) for q in quantities("PR 200 ms, Vmax 4,5 m/s, 50%")] == [
        (200.0, "ms"), (4.5, "m/s"), (50.0, "%")]


def test_alternatives_in_one_sentence_are_not_joined_into_a_new_claim() -> None:
    short_pr = ("Short (under 120 ms): pre-excitation (Wolff-Parkinson-White pattern: short PR, "
                "delta wave, QRS over 110-120 ms), an ectopic atrial or junctional rhythm near "
                "the AV node, or enhanced AV nodal conduction.")
    verifier = Verifier(evidence(short_pr), "WPW pattern - what do I look for?")
    wrong = verifier.check("A WPW pattern indicates an ectopic atrial or junctional rhythm "
                           "near the AV node.")
    assert not wrong.verified
    causes = Verifier(evidence(short_pr), "What can cause a short PR?")
    assert causes.check("A short PR is seen with an ectopic atrial or junctional rhythm "
                        "near the AV node.").verified


def test_a_table_row_cell_is_read_with_the_rows_first_cell() -> None:
    row = "parameter: EROA by PISA (cm2); mild: under 0.20; severe: 0.40 or more"
    verifier = Verifier(evidence(row), "MR severity?")
    assert verifier.check("Severe MR has an EROA by PISA of 0.40 or more.").verified is False
    assert verifier.check("An EROA by PISA of 0.40 or more is severe.").verified
    made_up = verifier.check("The usual method is PISA (Pediatric Electrocardiogram).")
    assert not made_up.verified and "pediatric" in made_up.reason


def test_a_claim_about_frequency_or_time_must_be_backed_too() -> None:
    dose = ("Vagal manoeuvres, then intravenous adenosine (6 mg rapid bolus, then 12 mg, via a "
            "large proximal vein).")
    verifier = Verifier(evidence(dose), "What is the dose of adenosine for SVT?")
    wrong = verifier.check("The answer is: 6 mg of adenosine per day.")
    assert not wrong.verified and "per" in wrong.reason
    right = verifier.check("The answer is: adenosine 6 mg rapid bolus, then 12 mg.")
    assert right.verified and right.text.startswith("adenosine")  # the preamble is dropped
    copied = Verifier(evidence("Normal: 120 to 200 ms."), "normal PR?").check(
        "(Atrioventricular block) Normal: 120 to 200 ms.")
    assert copied.text == "Normal: 120 to 200 ms."  # nor the section label of the prompt


def test_a_true_sentence_about_something_else_does_not_answer_the_question() -> None:
    text = ("Bundle branch block, ventricular pacing and hypertrophy cause expected secondary "
            "ST-T changes that are not by themselves ischemic.")
    verifier = Verifier(evidence(text), "What ECG changes suggest hypokalaemia?")
    checked = verifier.check(text)
    assert not checked.verified and checked.reason == "does not answer the question"


def test_a_sentence_that_only_repeats_a_heading_is_not_an_answer() -> None:
    tamponade = Evidence(1, "Low QRS voltage, sinus tachycardia and electrical alternans.", 1,
                         "note.md", "Note", None, "Cardiac tamponade › ECG clues", 0, 10, 1.0)
    checked = Verifier([tamponade], "What causes low QRS voltage?").check(
        "(Cardiac tamponade › ECG clues) [1]")
    assert not checked.verified


LVEF_ROWS = ("LVEF (%): 41-51 (men), 41-53 (women); grade (ASE 2015 partitions): mildly abnormal",
             "LVEF (%): 30-40; grade (ASE 2015 partitions): moderately abnormal")


def test_restating_another_grade_than_the_one_asked_about_is_not_shown() -> None:
    verifier = Verifier(evidence(*LVEF_ROWS),
                        "how is LV ejection fraction graded as mildly reduced?")
    wrong = verifier.check("LVEF grading: 30-40; grade (ASE 2015 partitions): moderately abnormal")
    assert not wrong.verified and "another part" in wrong.reason
    assert verifier.check("A mildly abnormal LVEF is 41-51% in men. [1]").verified


def test_an_abbreviation_the_evidence_never_uses_is_not_shown() -> None:
    verifier = Verifier(evidence(*LVEF_ROWS), "how is LV ejection fraction graded?")
    checked = verifier.check(
        "The LVEQ grade (ASE 2015 partitions) for 30-40% is moderately abnormal.")
    assert not checked.verified and "LVEQ" in checked.reason


def test_the_model_running_into_the_answer_is_talk_is_trimmed() -> None:
    verifier = Verifier(evidence(*LVEF_ROWS), "how is LV ejection fraction graded?")
    checked = verifier.check("A moderately abnormal LVEF is 30-40%. The answer is:")
    assert checked.verified and checked.text == "A moderately abnormal LVEF is 30-40%."


def test_a_whole_statement_copied_word_for_word_is_verified_whatever_its_commas() -> None:
    lead_swap = ("Left arm and right arm swapped gives a negative P wave, QRS and T in lead I with "
                 "a positive aVR, mimicking dextrocardia; unlike true dextrocardia, the "
                 "precordial R wave progression stays normal.")
    verifier = Verifier(evidence(lead_swap), "LA and RA electrodes swapped?")
    assert verifier.check(lead_swap + " [1]").verified
    first_part = lead_swap.split(";")[0]
    assert verifier.check(first_part + ".").verified
    # Not a copy: the clauses are recombined, and the second claim is checked as usual.
    mixed = "Unlike true dextrocardia, a positive aVR in lead I mimics dextrocardia."
    assert not verifier.check(mixed).verified


def test_a_fragment_of_two_words_is_not_an_answer() -> None:
    verifier = Verifier(evidence("Any QTc from a paced or bundle branch block rhythm should be "
                                 "read cautiously."), "how to correct the QT in LBBB?")
    checked = verifier.check("Read cautiously.")
    assert not checked.verified and "too short" in checked.reason


def test_a_limit_stated_as_a_plain_value_is_not_shown() -> None:
    text = "Normal: up to about 110 ms in adults (under 120 ms is the usual practical cut-off)."
    verifier = Verifier(evidence(text, section="QRS duration and conduction delay"),
                        "what is the normal QRS duration?")
    wrong = verifier.check("The normal QRS duration is 120 ms. [1]")
    assert not wrong.verified and "limit" in wrong.reason
    assert verifier.check("A normal QRS duration is under 120 ms in adults.").verified
    assert verifier.check("Normal QRS duration is up to about 110 ms in adults.").verified
    assert [q.bound for q in quantities("PR over 200 ms, 40 mm or more, 60% or less, 3 m/s")] == [
        "above", "above", "below", ""]


def test_the_prompts_section_label_copied_alone_is_not_an_answer() -> None:
    verifier = Verifier(evidence("Electrical alternans with sinus tachycardia and a large "
                                 "effusion suggests tamponade."), "ECG clues of tamponade?")
    checked = verifier.check("(Arrhythmias › Atrioventricular block) [1]")
    assert not checked.verified and "heading" in checked.reason


def test_a_value_taken_without_what_it_is_the_value_of_is_not_shown() -> None:
    qrs = evidence("Wide QRS: 120 ms or more.", "Normal: up to about 110 ms in adults.",
                   section="QRS duration and conduction delay")
    checker = Verifier(qrs, "How long should the QRS be in an adult?")
    # Seen in the read-through: the value of a wide QRS given as what the QRS should be.
    wrong = checker.check("The QRS should be 120 ms or more. [1]")
    assert not wrong.verified and "wide" in wrong.reason
    # Nor with the heading's words, which the question did not ask about, in place of "wide".
    assert not checker.check("The QRS duration and conduction delay should be 120 ms or more. "
                             "[1]").verified
    assert checker.check("A wide QRS is 120 ms or more. [1]").verified
    # The label the question already names need not be repeated.
    assert Verifier(qrs, "What is a wide QRS?").check(
        "The QRS duration is 120 ms or more. [1]").verified


def test_section_labels_and_prompt_markup_echoed_by_the_model_are_not_an_answer() -> None:
    rows = evidence("territory: inferior; leads with ST elevation: II, III, aVF; usual culprit "
                    "artery: right coronary (about 80%) or circumflex",
                    section="Ischemia › Localising STEMI by territory")
    verifier = Verifier(rows, "Which leads show an inferior STEMI?")
    checked = verifier.check("The evidence is: [1] (Localising STEMI by territory)\n[2] "
                             "(Localising STEMI by territory)\n[3] (Localising STEMI by territory)")
    assert not checked.verified and "heading" in checked.reason
    assert "Localising" in checked.text  # kept, marked, for --json and the TUI's toggle
    copied = verifier.check("[1] (Localising STEMI by territory) Inferior STEMI shows ST "
                            "elevation in II, III and aVF.\n</evidence>")
    assert copied.verified and "<" not in copied.text and "Localising" not in copied.text


def test_a_word_neither_the_evidence_nor_the_question_uses_is_not_shown() -> None:
    svt = evidence("The term here means regular narrow-complex tachycardias other than sinus "
                   "tachycardia, flutter and AF.", section="Supraventricular tachycardia (SVT)")
    verifier = Verifier(svt, "how do I tell VT from SVT with aberrancy?")
    checked = verifier.check("The term here means regular narrow-complex tachibaccas other "
                             "than sinus tachycardia, flutter and AF.")
    assert not checked.verified and "tachibaccas" in checked.reason


def test_a_grade_or_size_its_backing_clause_does_not_give_is_not_shown() -> None:
    grading = evidence(
        "size: large; diastolic echo-free space: over 2.0 cm; approximate volume: over 500 mL",
        "Effusion appears as an echo-free space between the visceral and parietal pericardium.",
        section="Pericardial effusion")
    verifier = Verifier(grading, "when is a pericardial effusion called large")
    wrong = verifier.check("A pericardial effusion is called large when it appears as an "
                           "echo-free space between the visceral and parietal pericardium. [2]")
    assert not wrong.verified and wrong.reason == "a grade its evidence does not give: large"
    assert verifier.check("A large effusion has a diastolic echo-free space over 2.0 cm. "
                          "[1]").verified


def test_another_column_of_a_row_copied_alone_does_not_answer() -> None:
    row = ("feature: ST shape; acute pericarditis: concave upward (\"saddle\"); STEMI: often "
           "convex or straight, may be tombstone")
    verifier = Verifier(evidence(row, section="Pericarditis versus STEMI"),
                        "ECG signs of acute pericarditis")
    checked = verifier.check("STEMI: often convex or straight, may be tombstone [1]")
    assert not checked.verified and checked.reason == "does not name what the question asks"
    assert verifier.check("acute pericarditis: concave upward (\"saddle\") [1]").verified


def test_a_row_copied_whole_that_shares_only_the_grade_does_not_answer() -> None:
    """"What mitral valve area is severe MS?" was answered, verified, by the MS table's PASP
    row: it says "severe" and nothing of the valve area asked."""
    rows = ("parameter (ASE/EAE 2009): valve area (cm2); mild: over 1.5; moderate: 1.0-1.5; "
            "severe: under 1.0",
            "parameter (ASE/EAE 2009): PASP (mmHg); mild: under 30; moderate: 30-50; "
            "severe: over 50")
    verifier = Verifier(evidence(*rows, section="Mitral stenosis (MS)"),
                        "What mitral valve area is severe mitral stenosis?")
    assert not verifier.check(rows[1] + " [2]").verified
    assert verifier.check(rows[0] + " [1]").verified


def test_a_heading_written_as_the_answer_is_not_shown() -> None:
    row = ("feature: reciprocal ST depression; acute pericarditis: only in aVR (and sometimes V1); "
           "STEMI: present in the opposite territory")
    checker = Verifier(evidence(row, section="Ischemia › Pericarditis versus STEMI"),
                       "What are the causes of ST depression other than ischaemia?")
    checked = checker.check("Pericarditis versus STEMI [1]")
    assert not checked.verified and checked.reason == "only repeats a heading"
    # The row itself, copied, still says something.
    assert checker.check("Reciprocal ST depression is present in the opposite territory in "
                         "STEMI.").reason != "only repeats a heading"


def test_a_sentence_that_swaps_what_the_evidence_sets_apart_is_not_shown() -> None:
    timing = ("Septal flattening is read by its timing: flattening most marked in systole is the "
              "echo sign of right ventricular pressure overload, as in pulmonary hypertension, "
              "while flattening mainly in diastole points to right ventricular volume overload, "
              "as in severe tricuspid regurgitation.")
    checker = Verifier(evidence(timing, section="Pulmonary Pressure › Step 2: other PH signs"),
                       "What are the echo signs of RV pressure overload?")
    # Every word is in the sentence or its heading, but "pressure" took "volume"'s place.
    wrong = checker.check("The echo signs of RV pressure overload are pulmonary hypertension "
                          "and right ventricular volume overload. [1]")
    assert not wrong.verified and wrong.reason.startswith("qualifies it otherwise")
    right = checker.check("Septal flattening most marked in systole is the echo sign of right "
                          "ventricular pressure overload. [1]")
    assert right.verified, right.reason


def test_a_headings_word_in_place_of_the_clauses_own_qualifier_is_not_verified() -> None:
    signs = evidence("Septal flattening mainly in diastole points to right ventricular volume "
                     "overload, as in severe tricuspid regurgitation.",
                     section="Pulmonary hypertension › Signs of RV pressure overload")
    # Seen in the read-through: the heading's "pressure" stitched into the clause's claim.
    stitched = Verifier(signs, "What does septal flattening in diastole mean?").check(
        "Septal flattening in diastole points to right ventricular pressure overload. [1]")
    assert not stitched.verified
    # The clause as it stands is verified, its heading and all.
    asked = Verifier(signs, "What are the signs of RV pressure overload?").check(
        "Septal flattening mainly in diastole points to right ventricular volume overload. [1]")
    assert asked.verified
