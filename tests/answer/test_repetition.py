"""Loops are caught as the text streams."""

from echoassist.answer.repetition import LoopGuard, has_loop, phrase_loop_start


def test_a_sentence_said_again_is_a_loop() -> None:
    guard = LoopGuard()
    assert not guard.repeats_earlier("Normal: 120 to 200 ms.")
    assert not guard.repeats_earlier("First-degree block is over 200 ms.")
    assert guard.repeats_earlier("Normal: 120 to 200 ms.")


def test_a_phrase_that_keeps_coming_back_is_cut_at_its_second_copy() -> None:
    text = "Read the ECG in a fixed sequence: " * 4
    start = phrase_loop_start(text)
    assert start is not None and text[:start] == "Read the ECG in a fixed sequence: "
    assert phrase_loop_start("Read the ECG in a fixed sequence: rate, rhythm, axis.") is None


def test_a_finished_text_is_judged_for_loops_both_ways() -> None:
    assert has_loop("Normal: 120 to 200 ms. Normal: 120 to 200 ms.")
    assert has_loop("Read the ECG in a fixed sequence: " * 3)
    assert not has_loop("PR over 200 ms is first-degree block. Every P wave is conducted.")
