"""The medical spelling and abbreviation map (kb/medical_terms.toml through kb.terms)."""

from pathlib import Path

import pytest

from kb.terms import TermsFileError, expand_query, load_vocabulary, spell_out, terms


@pytest.mark.parametrize(("us", "uk"), [
    ("hyperkalemia", "hyperkalaemia"), ("ischemic", "ischaemic"), ("edema", "oedema"),
    ("hypovolemia", "hypovolaemia"), ("repolarization", "repolarisation"),
])
def test_us_and_uk_spellings_are_one_term(us: str, uk: str) -> None:
    assert terms(us) == terms(uk) == terms(uk.capitalize())


@pytest.mark.parametrize(("short", "long"), [
    ("LBBB", "left bundle branch block"), ("AF", "atrial fibrillation"),
    ("TAPSE", "tricuspid annular plane systolic excursion"),
    ("PVCs", "premature ventricular complexes"),
    ("LVESD", "left ventricular end-systolic diameter"), ("SVi", "stroke volume index"),
    ("3D", "three-dimensional"), ("2D", "two dimensional"),
])
def test_an_abbreviation_and_its_long_form_are_the_same_terms(short: str, long: str) -> None:
    assert terms(short) == terms(long)


def test_ward_shorthand_for_t_wave_inversion_matches_the_notes() -> None:
    assert set(terms("deep TWI in V2-V3")) <= set(terms("deep T wave inversion in V2-V3"))


def test_abbreviations_that_are_words_match_only_in_capitals() -> None:
    assert terms("AS") == terms("aortic stenosis")
    assert terms("as") == []  # the word "as" is a stopword, not aortic stenosis
    assert terms("tapse") == terms("TAPSE")  # no English word: lower case is fine
    assert terms("toe") == ["toe"]  # ...but "toe" is a toe unless written TOE


def test_ecg_wave_letters_are_kept_apart() -> None:
    assert "t" in terms("peaked T waves") and "p" in terms("peaked P waves")
    assert terms("peaked T waves") != terms("peaked P waves")


def test_ligatures_and_accents_in_pdf_text_match_plain_letters() -> None:
    assert terms("misclassiﬁcation") == terms("misclassification")
    assert terms("Farnebäck") == terms("Farneback")


def test_the_full_text_query_gains_other_spellings_and_abbreviations() -> None:
    expanded = expand_query("ECG in hyperkalemia with LVH")
    assert "hyperkalaemia" in expanded
    assert "left ventricular hypertrophy" in expanded
    # Two-letter abbreviations are not spelt out for BM25: "left" is everywhere (expand_query).
    assert "left" not in expand_query("LV size in hyperkalemia")
    assert "left anterior fascicular block" in expand_query("LAFB criteria?")
    assert "LBBB" in expand_query("criteria for left bundle branch block")
    assert "hyperkalemia" in expand_query("hyperkalaemia")
    assert expand_query("sinus rhythm") == "sinus rhythm"


def test_a_spelling_listed_twice_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "terms.toml"
    bad.write_text('[spelling]\nanemia = ["anaemia"]\nanemic = ["anaemia"]\n')
    with pytest.raises(TermsFileError, match="anaemia"):
        load_vocabulary(bad)


def test_women_and_men_are_the_plural_of_woman_and_man() -> None:
    # Snowball leaves irregular plurals alone; a QTc question about "a woman" must reach the
    # thresholds row whose column says "women".
    assert terms("QTc in a woman") == terms("QTc in women")
    assert terms("children") == terms("child")


def test_primed_velocities_are_terms_of_their_own() -> None:
    # "E/e'" and "e'" are echo measures; dropped as one-letter words they left a question about
    # E/e' with nothing to match on.
    assert "eeprimeratio" in terms("normal E/e' in diastolic function")
    assert terms("septal e' under 7 cm/s") == terms("septal e\u2019 under 7 cm/s")
    assert terms("septal e' under 7") != terms("septal under 7")
    assert terms("the patient's ECG") == terms("the patient ECG")
    # So is a ratio of two capitals ("normal E/A ratio?" kept only "ratio" and was answered
    # with the R/S and TAPSE/PASP ratios); "m/s" is a unit, not a ratio of letters.
    assert "earatio" in terms("normal E/A ratio") and "rsratio" in terms("R/S ratio over 1")
    assert terms("Vmax 4 m/s") == terms("Vmax 4")
    # "E/A ratio" is that one measure: the word "ratio" after it is no second key term, which
    # the sentence "E/A 2 or more: grade III" would have to hold.
    assert terms("E/A ratio above 2") == terms("E/A above 2")
    assert terms("E/e' ratio") == terms("E/e'")


def test_the_embedder_reads_abbreviations_spelt_out() -> None:
    assert spell_out("LAFB criteria?") == "LAFB criteria? (left anterior fascicular block)"
    assert spell_out("heart rate from the ECG?") == "heart rate from the ECG? (electrocardiogram)"
    assert spell_out("no abbreviations here") == "no abbreviations here"


def test_wordings_of_one_finding_are_one_term_and_search_gets_them_all() -> None:
    assert terms("P mitrale") == terms("left atrial abnormality") == terms(
        "left atrial enlargement")
    assert terms("pre-excited AF") == terms("Wolff-Parkinson-White AF")
    assert "abnorm" in terms("wall motion abnormality")  # the phrase, not the word alone
    assert "left atrial abnormality" in expand_query("ECG signs of left atrial enlargement?")
    assert "pre-excitation" in expand_query("fast AF in WPW")


@pytest.mark.parametrize(("us", "uk"), [
    ("hemopericardium", "haemopericardium"), ("septicemia", "septicaemia"),
    ("favors", "favours"), ("randomization", "randomisation"), ("tumors", "tumours"),
])
def test_uk_spellings_no_list_names_match_by_rule(us: str, uk: str) -> None:
    assert terms(us) == terms(uk)


def test_search_finds_a_note_written_the_uk_way_by_rule() -> None:
    query = expand_query("hemopericardium after randomization in septicemia")
    assert {"haemopericardium", "randomisation", "septicaemia"} <= set(query.split())


def test_the_spelling_rules_do_not_merge_different_words() -> None:
    assert terms("toe") != terms("te") and terms("hour") == ["hour"]


def test_letters_without_a_decomposition_fold_too() -> None:
    # A question types "Ostvik" for the paper's "Østvik"; NFKD alone leaves "ø" as it is.
    assert terms("Østvik et al") == terms("Ostvik et al")
    assert terms("Ærø") == terms("aero")


def test_echo_and_ward_shorthand_match_the_notes_words() -> None:
    assert terms("LVIDd 6.5 cm")[:5] == terms("left ventricular end-diastolic diameter")
    assert terms("after GTN")[-1:] == terms("nitrates")
    assert terms("pre-op ECG")[0] == terms("pre op")[0] == terms("preoperative")[0]
    assert terms("corrected by hand") == terms("corrected manual")
    # LV geometry from a report's wall and mass abbreviations (the note spells them out).
    assert terms("PWT 1.2 cm") == terms("posterior wall thickness 1.2 cm")
    assert terms("LVMI 130") == terms("left ventricular mass index 130")
    # A valve report's MG and DI, written in capitals; "5 mg" stays milligrams.
    assert terms("MG 28, DI 0.23") == terms("mean gradient 28, dimensionless index 0.23")
    assert terms("5 mg") == ["mg"]
    assert terms("LVEF 35%, what HF category?")[-3:] == terms("heart failure category")


def test_lay_wordings_are_read_as_the_clinical_terms_the_notes_use() -> None:
    assert terms("the heart's pumping number") == terms("the heart's LVEF")
    assert terms("fluid around the heart") == terms("pericardial effusion")
    assert terms("a leaky mitral valve") == terms("a regurgitation mitral valve")
    assert terms("extra beats from the lower chambers") == terms(
        "premature complexes from the ventricular")
    assert terms("a faint TR jet") != terms("syncope TR jet")  # the notes' own sense stays
    assert terms("judged by grown-up standards") == terms("judged by adult standards")
    # Whose heart it is does not matter: "his", "her", "my" stand where the list says "the".
    assert terms("fluid around his heart") == terms("pericardial effusion")
    assert terms("the lining around my heart") == terms("the pericardium")
    assert terms("the wall between the two pumping chambers") == terms("the septum")


def test_search_adds_the_clinical_wording_of_a_lay_one_and_never_the_reverse() -> None:
    assert "left ventricular ejection fraction" in expand_query("a pumping percentage of 45%?")
    assert "racing" not in expand_query("SVT with a rate of 180: is it a tachycardia?")
    assert "leak" not in expand_query("grading mitral regurgitation")
    assert "pericardial effusion" in expand_query("my dad has fluid around his heart")
    # The longest lay wording is the one read: "two pumping chambers" is no LVEF question.
    septum = expand_query("the wall between the two pumping chambers shifts as he breathes")
    assert "septum" in septum and "ejection fraction" not in septum
    assert spell_out("is my dad's heart scan bad?") == (
        "is my dad's heart scan bad? (echo)")


def test_a_lay_wording_listed_twice_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "terms.toml"
    bad.write_text('[lay]\n"pericardial effusion" = ["fluid around the heart"]\n'
                   '"pleural effusion" = ["fluid around the heart"]\n')
    with pytest.raises(TermsFileError, match="fluid around the heart"):
        load_vocabulary(bad)


def test_a_ratio_or_primed_word_is_quoted_as_the_reader_wrote_it() -> None:
    from kb.terms import as_written, words

    assert [as_written(w) for w in words("pulmonary vein S/D ratio, E/e' and septal e'")] == [
        "pulmonary", "vein", "S/D ratio", "E/e' ratio", "and", "septal", "e'"]


def test_torsades_de_pointes_is_read_as_the_notes_torsades() -> None:
    from echoassist.answer.evidence import key_terms

    assert set(key_terms("What is the treatment of torsades de pointes?")) == {
        "treat", "torsad"}


def test_bedside_shorthand_in_a_typed_question_matches_the_notes_words() -> None:
    assert terms("sens/spec of the model") == terms("sensitivity specificity of the model")
    assert terms("mean grad 28, TR vel 2.5") == terms("mean gradient 28, TR velocity 2.5")
    assert terms("old inf MI") == terms("old inferior MI")
    assert terms("avg E/e', diastolic fn") == terms("average E/e', diastolic function")
    assert terms("67F w HTN") == terms("67F w hypertension")
    assert terms("restrictive CMP") == terms("restrictive cardiomyopathy")
    assert terms("TRV 3.1") == terms("tricuspid regurgitation velocity 3.1")
    assert terms("LFLG AS") == terms("low-flow, low-gradient AS")
    assert "low-flow low-gradient" in expand_query("LFLG AS, what next?")


def test_an_abbreviation_typed_in_another_case_is_still_spelt_out() -> None:
    assert terms("LVEDd 4.4 cm") == terms("LVEDD 4.4 cm")
    assert terms("TR vmax 2.6") == terms("TR peak velocity 2.6")
    assert terms("HFREF") == terms("HFrEF")
    assert terms("toe") != terms("TOE")  # an English word typed in lower case stays the word


def test_clinical_shorthand_and_one_word_spellings_match_the_notes() -> None:
    assert terms("sx brady, mag dose") == terms("symptoms bradycardia, magnesium dose")
    assert terms("midsystolic notching") == terms("mid-systolic notching")
    assert terms("LA appendage thrombus") == terms("LA appendage thrombosis")
    assert terms("PWd 1.1") == terms("posterior wall thickness 1.1")


def test_a_prolonged_qrs_is_the_notes_wide_qrs_and_k_plus_is_potassium() -> None:
    assert terms("what does a prolonged QRS mean") == terms("what does a wide QRS mean")
    assert terms("prolonged QT") != terms("wide QT")  # only the QRS is called wide
    assert terms("K+ 6.8") == terms("potassium 6.8")


def test_a_chambers_noun_and_adjective_are_one_term() -> None:
    assert terms("normal left atrial size") == terms("normal left atrium size")
    assert terms("LA volume index")[:2] == terms("left atrial volume index")[:2]
    assert terms("right ventricular size") == terms("right ventricle size")
    assert terms("supraventricular") != terms("ventricular")


def test_bedside_wording_for_an_irregular_rhythm_and_a_wide_complex_tachycardia() -> None:
    assert terms("RR all over the place") == terms("RR irregular")
    assert terms("regular WCT at 180") == terms("regular wide-complex tachycardia at 180")
    assert terms("resp variation") == terms("respiratory variation")
    assert terms("outpt echo") == terms("outpatient echo")
    assert terms("pacing wires on echo") == terms("pacemaker leads on echo")


def test_more_ward_shorthand_reads_as_the_notes_words() -> None:
    assert terms("ST dep in V1-V3") == terms("ST depression in V1-V3")
    assert terms("sinus tach") == terms("sinus tachycardia")
    assert terms("suspected amyloid") == terms("suspected amyloidosis")
    assert terms("ok to book a treadmill test?") == terms("ok to book a stress test?")
    assert terms("arm electrodes the wrong way round") == terms("arm electrodes swapped")
    # "a drop in GLS" is the notes' "a relative fall in GLS".
    assert terms("a drop in GLS") == terms("a fall in GLS")
    # "congenital LQTS" is the QT note's "congenital long QT syndrome"; "1st yr" its first year.
    assert terms("congenital LQTS") == terms("congenital long QT syndrome")
    assert terms("1st yr med students") == terms("first-year med students")
    # "tachy at 115, Bazett or Fridericia?": Bazett "over-corrects at fast rates".
    assert "tachycard" in terms("it over-corrects at fast rates")
    # "what causes a long QT?" is the notes' "Causes of QT prolongation".
    assert terms("what causes a long QT?") == terms("what causes QT prolongation?")
    # "first degree heart block" is first-degree AV block, and its "heart" is no heart rate.
    assert terms("first degree heart block") == terms("first-degree AV block")
    assert "heart" not in terms("In heart block, count P waves and QRS complexes separately.")
    # "afib" is the notes' atrial fibrillation.
    assert terms("pt in afib") == terms("pt in atrial fibrillation")


def test_mobitz_one_is_read_as_the_notes_wenckebach_and_mobitz_two_is_left_alone() -> None:
    row = terms("second degree Mobitz I (Wenckebach)")
    assert "wenckebach" in terms("Mobitz I vs Mobitz II") and "mobitz" in row
    assert set(terms("how do I recognise Mobitz type 1 block")) >= {"mobitz", "wenckebach"}
    assert "wenckebach" not in terms("second degree Mobitz II")
    assert terms("contrast microbubbles") == terms("contrast bubbles")


def test_the_embedder_reads_an_eponym_with_what_it_names() -> None:
    assert spell_out("what is Mobitz II?") == (
        "what is Mobitz II? (second degree atrioventricular block)")
    # Said once, and not when the question already says it.
    assert spell_out("second degree atrioventricular block: Mobitz or Wenckebach?") == (
        "second degree atrioventricular block: Mobitz or Wenckebach?")
    # The lists never add a word to the full-text terms.
    assert "atrioventricular" not in terms("what is Mobitz II?")


def test_ward_shorthand_and_a_measures_adjective_read_as_the_notes_write_them() -> None:
    assert "telemetri" in terms("does she need tele?")
    assert set(terms("raised JVP")) >= {"jugular", "venous"}
    assert terms("an upside-down U wave") == terms("an inverted U wave")
    assert terms("accurate") == terms("accuracy")
    assert "accuracy" in expand_query("how accurate was the view classifier?")


def test_a_diseases_noun_and_adjective_are_one_term() -> None:
    for noun, adjective in [("stenosis", "stenotic"), ("ischaemia", "ischemic"),
                            ("hypertrophy", "hypertrophic"), ("prognosis", "prognostic"),
                            ("pericardium", "pericardial"), ("tachycardia", "tachycardic")]:
        assert terms(noun) == terms(adjective), noun
    # Everyday words keep their own stems.
    assert terms("photo post pivot robot criteria pneumonia") == [
        "photo", "post", "pivot", "robot", "criteria", "pneumonia"]


def test_each_part_of_a_hyphenated_word_is_spelt_out_as_it_is_alone() -> None:
    # "the hybrid CNN-LSTM model" must hold the terms of "CNN and LSTM layers".
    assert set(terms("hybrid CNN-LSTM model")) >= set(terms("CNN and LSTM layers")) - {"layer"}
    assert terms("AV-node") == terms("AV node")
    # A hyphenated name the list spells out whole keeps its own long form.
    assert terms("RV-RA gradient") == terms("right ventricle right atrium gradient")


def test_units_as_typed_read_as_the_notes_write_them() -> None:
    assert terms("a gap of 1400 msec") == terms("a gap of 1400 ms")
    assert terms("2-10 mcg/min") == terms("2-10 micrograms/min")
    assert terms("PASP 52 mm/Hg") == terms("PASP 52 mmHg")
    # "PR" before velocity or jet is pulmonary regurgitation; "cath" is catheterisation.
    assert set(terms("PR velocity over 2.2 m/s")) >= set(terms("pulmonary regurgitation velocity"))
    assert "pr" not in terms("PR velocity")
    assert terms("right heart cath") == terms("right heart catheterisation")
    # The noun and the verb of turning over are one term; a sport names an athlete.
    assert terms("T wave inversion") == terms("T wave inverted")
    assert terms("flow reversal") == terms("flow reversed")
    assert set(terms("treatment of torsades")) == set(terms("torsades is treated"))
    assert terms("segment") != terms("seg")
    assert terms("a national-level rower")[-1] == terms("trained athletes")[-1]
    assert terms("3D RVEF 42%") == terms("3D right ventricular ejection fraction 42%")


def test_several_is_not_severe_and_lower_case_la_abnormality_is_left_atrial() -> None:
    # Snowball stems both to "sever": "validated at several hospitals" is no severity.
    assert not set(terms("validated at several hospitals since 2020")) & set(terms("severe"))
    assert terms("how big before calling la abnormality") == terms(
        "how big before calling left atrial abnormality")
