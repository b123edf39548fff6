from echoassist.answer.choices import multiple_choice


def test_lettered_options_are_split_from_the_stem() -> None:
    choices = multiple_choice("Which finding favours pericarditis? (a) Q waves (b) convex, "
                              "tombstone ST elevation (c) PR depression")
    assert choices is not None
    assert choices.stem == "Which finding favours pericarditis?"
    assert choices.options == ("Q waves", "convex, tombstone ST elevation", "PR depression")
    upper = multiple_choice("Under ESC/ERS 2022 this is: A) pre-capillary PH B) isolated "
                            "post-capillary PH C) exercise PH")
    assert upper is not None and upper.options[1] == "isolated post-capillary PH"


def test_a_listed_which_is_not_question_splits_at_commas_and_the_last_or() -> None:
    choices = multiple_choice("In a wide-complex tachycardia, which of these does NOT favour VT: "
                              "AV dissociation with capture or fusion beats, precordial "
                              "concordance, or a QRS identical to the known bundle branch block?")
    assert choices is not None
    assert choices.stem == "In a wide-complex tachycardia, which of these does NOT favour VT"
    # "capture or fusion beats" is one option: only the last "or" parts two.
    assert choices.options == ("AV dissociation with capture or fusion beats",
                               "precordial concordance",
                               "a QRS identical to the known bundle branch block")


def test_ordinary_questions_offer_no_choices() -> None:
    assert multiple_choice("Is it AF or flutter?") is None
    assert multiple_choice("What is the PR interval in first-degree AV block?") is None
    # Letters out of order or a lone letter are no options.
    assert multiple_choice("Grade A) is mild") is None
    assert multiple_choice("Which of these matter: AF or flutter?") is None
