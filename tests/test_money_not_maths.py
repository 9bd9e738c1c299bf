"""Dollar amounts must never be typeset as maths in JupyterLab (MathJax pairs any two `$`).

The browser tests check the rendered notebooks; these check each mechanism on its own."""

from lessonkit import quiz, sources, timelines


def test_quiz_and_event_explorer_are_excluded_from_mathjax(course):
    assert "mathjax_ignore" in quiz.quiz(course, "03_trade_and_energy")._dom_classes
    assert "mathjax_ignore" in timelines.event_explorer(course)._dom_classes


def test_cited_titles_write_money_in_the_form_lab_never_typesets(course):
    money = course.sources[course.sources["title"].str.contains("$", regex=False)]
    assert len(money) > 0
    listing = sources.cite(course, *money["id"]).data
    assert "$" in listing and "\\\\$" in listing
    assert listing.count("$") == listing.count("\\\\$")


def test_widget_descriptions_escape_money_for_mathjax(course):
    """ipywidgets 8 typesets a description with Lab's MathJax; \\$ shows as a plain $."""
    review = quiz.quiz(course, "06_review")
    labels = [box.description for view in review.questions for box in getattr(view, "choices", [])]
    money = [label for label in labels if "$" in label]
    assert money, "the review quiz has an option with an amount of money"
    assert all(label.count("$") == label.count("\\$") for label in money)
    assert all("\\" not in quiz.label_text(label) for label in money)
