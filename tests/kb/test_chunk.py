from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kb.chunk import chunk_document
from kb.records import ExtractedDocument, ExtractionReport, Page, split_pages
from tests.kb.fakes import HashEmbedder

count = HashEmbedder().count_tokens


def doc(pages: list[Page], title: str = "T") -> ExtractedDocument:
    return ExtractedDocument("/x/d.pdf", title, pages, ExtractionReport("pypdf", len(pages)))


def test_chunks_follow_sections_pages_and_budget() -> None:
    body = " ".join(f"Sentence number {i} says the valve is fine." for i in range(40))
    pages = [Page(1, f"1 Introduction\n{body}"), Page(2, f"2 Methods\n{body}")]
    chunks = chunk_document(doc(pages), "d" * 64, count, max_tokens=60, overlap_tokens=10)
    assert {c.section for c in chunks} == {"1 Introduction", "2 Methods"}
    assert all(c.page_start == c.page_end for c in chunks)
    assert all(count([c.embedding_text()])[0] + 2 <= 60 for c in chunks)
    assert all(c.text[0].isupper() for c in chunks)  # cut at sentence starts
    first, second = chunks[0], chunks[1]
    assert first.text.split(". ")[-1].rstrip(".") in second.text  # overlap carries a sentence
    assert [c.seq for c in chunks] == list(range(len(chunks)))


def test_reference_list_is_not_indexed() -> None:
    text = (
        "Results\nThe EROA was large.\nReferences\n1 Smith A. Valves. J Echo 2001\n2 Doe B. Hearts"
    )
    chunks = chunk_document(doc([Page(1, text)]), "d" * 64, count)
    assert [c.section for c in chunks] == ["Results"]
    assert "Smith" not in chunks[0].text


def test_markdown_headings_and_table_rows() -> None:
    text = "# Title\n\n## Grading\n\n| grade | EROA |\n| severe | >= 0.4 |\n\nPlain text here."
    chunks = chunk_document(doc([Page(None, text)]), "d" * 64, count)
    assert chunks[0].section == "Grading" and chunks[0].page_start is None
    assert "| grade | EROA |\n| severe | >= 0.4 |" in chunks[0].text


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.sampled_from("abcdefgh .\n"), min_size=0, max_size=300),
        min_size=1,
        max_size=4,
    ),
    st.integers(min_value=40, max_value=120),
)
def test_every_word_lands_in_a_chunk_within_budget(texts: list[str], budget: int) -> None:
    pages = [Page(i + 1, t) for i, t in enumerate(texts)]
    chunks = chunk_document(
        doc(pages, title=""), "d" * 64, count, max_tokens=budget, overlap_tokens=8
    )
    words = [w for t in texts for w in t.split() if any(c.isalnum() for c in w)]
    chunked = " ".join(c.text for c in chunks).split()
    assert set(words) <= set(chunked)
    assert all(c.tokens <= budget for c in chunks)


def test_a_chunk_across_pages_marks_where_the_next_page_starts() -> None:
    pages = [Page(4, "Results\nThe mean gradient was 42 mmHg in the severe group."),
             Page(5, "The valve area was 0.8 cm2 on average in that group.")]
    [chunk] = chunk_document(doc(pages), "d" * 64, count)
    assert (chunk.page_start, chunk.page_end) == (4, 5)
    text, marks = split_pages(chunk.text, chunk.page_start)
    assert "\f" not in text and len(text) == len(chunk.text)
    [(offset, page)] = marks
    assert page == 5 and text[offset:].startswith("The valve area was 0.8 cm2")


def test_markdown_sections_carry_their_parent_headings() -> None:
    text = ("# Note\n\n## Measuring heart rate\n\n### Regular rhythm\n\n300 divided by the large "
            "squares between R waves.\n\n## Sinus rhythm\n\nA P wave before every QRS.")
    chunks = chunk_document(doc([Page(None, text)]), "d" * 64, count)
    assert [c.section for c in chunks] == ["Measuring heart rate › Regular rhythm",
                                           "Sinus rhythm"]
