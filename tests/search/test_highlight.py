"""Highlighting: matched words in <mark>, everything else escaped."""

from search.highlight import highlight, snippet
from search.terms import parse_query


def marked(text, query):
    return str(highlight(text, parse_query(query)))


def test_matching_words_are_marked_in_every_spelling():
    assert marked("Statements and a statement", "statement") == (
        "<mark>Statements</mark> and a <mark>statement</mark>"
    )
    assert marked("بيان أحمد", "احمد") == "بيان <mark>أحمد</mark>"
    assert marked("كَلِمَة طيبة", "كلمه") == "<mark>كَلِمَة</mark> طيبة"


def test_everything_else_is_escaped():
    html = marked('<script>alert("x")</script> & harbour', "harbour")

    assert html == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; <mark>harbour</mark>"
    )


def test_a_query_that_looks_like_markup_marks_only_words():
    assert marked("<b>bold</b>", "<b>bold</b>") == "&lt;<mark>b</mark>&gt;" + (
        "<mark>bold</mark>&lt;/<mark>b</mark>&gt;"
    )


def test_stop_words_and_parts_of_words_are_not_marked():
    assert marked("The harbour of the theatre", "the harbour") == (
        "The <mark>harbour</mark> of the theatre"
    )


def test_snippet_is_the_passage_around_the_first_match():
    words = " ".join(f"w{n}" for n in range(100))
    text = f"{words} harbour {words}"

    passage = str(snippet(["", text], parse_query("harbour"), before=2, length=5))

    assert passage == "… w98 w99 <mark>harbour</mark> w0 w1 …"


def test_snippet_without_a_match_is_the_start_of_the_first_text():
    passage = str(snippet(["An excerpt.", "A body."], parse_query("title")))

    assert passage == "An excerpt."


def test_snippet_of_nothing_is_empty():
    assert snippet(["", ""], parse_query("harbour")) == ""


def test_a_word_is_marked_as_written_whichever_form_was_searched():
    """«أسرة» marks «والأسرة» and «أسرتها» in the text, whole."""
    assert marked("والأسرة تدعم أسرتها", "أسرة") == (
        "<mark>والأسرة</mark> تدعم <mark>أسرتها</mark>"
    )
    assert marked("مبادرة للأطفال", "مبادرات الأطفال") == (
        "<mark>مبادرة</mark> <mark>للأطفال</mark>"
    )


def test_the_words_of_a_phrase_are_marked_as_typed_only():
    assert marked("الأسرة الكبيرة وأسرة صغيرة", "«الأسرة الكبيرة»") == (
        "<mark>الأسرة</mark> <mark>الكبيرة</mark> وأسرة صغيرة"
    )
