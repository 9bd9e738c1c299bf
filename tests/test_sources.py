"""sources.cite and the display tables."""

from __future__ import annotations

import dataclasses
import re

import pandas as pd
import pytest
import yaml
from IPython.display import Markdown

from lessonkit import charts, maps, quiz, schemas, sources, tables
from lessonkit.paths import DATA_DIR
from lessonkit.problems import DataError


def listed(cited: Markdown) -> list[str]:
    """The list items of a Sources list (after its 'Facts checked up to' line)."""
    return [line for line in cited.data.splitlines() if line.startswith("- ")]


def test_cite_lists_each_source_used_once_sorted_by_publisher(course):
    strikes, trade = maps.strikes_map(course), charts.trade_chart(course)
    cited = sources.cite(course, strikes, trade, strikes)
    assert isinstance(cited, Markdown)
    lines = listed(cited)
    expected = sources.used_ids(strikes, trade)
    assert len(lines) == len(expected) == len(set(expected))
    publishers = [line.split("**")[1] for line in lines]
    assert publishers == sorted(publishers, key=str.lower)
    chosen = course.sources.set_index("id").loc[expected]
    for _, source in chosen.iterrows():
        line = next(line for line in lines if source["url"].replace("(", "%28").replace(")", "%29") in line)
        assert source["perspective"] in line and f", {source['kind']}" in line
    assert cited.data == sources.cite(course, trade, strikes).data, "order of arguments does not matter"


def test_cite_takes_tables_quizzes_and_ids(course):
    table = tables.claims_table(course)
    the_quiz = quiz.quiz(course, sorted(course.quizzes)[0])
    ids = sources.used_ids(table, the_quiz, "dawn_2024_04_24_raisi_wraps_up")
    assert set(ids) == {s for cell in table["source_ids"] for s in cell} | set(the_quiz.source_ids) | {
        "dawn_2024_04_24_raisi_wraps_up"
    }
    assert len(listed(sources.cite(course, table, the_quiz))) == len(sources.used_ids(table, the_quiz))


def test_cite_refuses_unknown_ids_and_things_without_sources(course):
    with pytest.raises(ValueError, match="no_such_source"):
        sources.cite(course, "no_such_source")
    with pytest.raises(TypeError):
        sources.cite(course, 42)
    with pytest.raises(TypeError, match="source_ids column"):
        sources.cite(course, pd.DataFrame({"x": [1]}))


def test_cite_escapes_markdown_and_names_languages(course):
    extra = pd.DataFrame(
        [
            {
                "id": "x_test",
                "publisher": "A *bold* [claim]",
                "title": "Title (with) _under_",
                "url": "https://example.org/a(b)",
                "published": None,
                "accessed": pd.Timestamp("2024-05-01").date(),
                "perspective": "Other",
                "language": "ur",
                "kind": "copy or mirror",
            }
        ]
    )
    patched = dataclasses.replace(course, sources=pd.concat([course.sources, extra], ignore_index=True))
    (line,) = listed(sources.cite(patched, "x_test"))
    assert line == (
        "- **A \\*bold\\* \\[claim\\]**, [Title (with) \\_under\\_](https://example.org/a%28b%29), "
        "undated (Other, copy or mirror, in Urdu; accessed 1 May 2024)"
    )


def patched_sources(course, *rows):
    base = {
        "publisher": "P",
        "title": "T",
        "published": None,
        "accessed": None,
        "perspective": "Other",
        "language": "en",
        "kind": "news report",
    }
    extra = pd.DataFrame([{**base, **row} for row in rows])
    return dataclasses.replace(course, sources=pd.concat([course.sources, extra], ignore_index=True))


def test_cite_starts_with_the_month_of_the_newest_source(course):
    patched = patched_sources(
        course,
        {"id": "x_old", "url": "https://a.example/1", "published": pd.Timestamp("2023-02-10").date()},
        {"id": "x_new", "url": "https://a.example/2", "published": pd.Timestamp("2025-08-03").date()},
        {"id": "x_undated", "url": "https://a.example/3"},
    )
    first, blank, *rest = sources.cite(patched, "x_old", "x_undated", "x_new").data.splitlines()
    assert first == f"Newest source: August 2025. {sources.fact_check()}"
    assert sources.fact_check().startswith("Facts checked on ")
    assert blank == "" and len(rest) == 3
    assert sources.cite(patched, "x_undated").data.startswith("Newest source: no dated source. Facts checked")


def test_cite_says_when_an_address_is_incomplete_or_the_check_date_unknown(course):
    patched = patched_sources(
        course,
        {"id": "x_cut", "url": "https://a.example/news/..."},
        {"id": "x_unknown", "url": "https://a.example/whole"},
    )
    cut, unknown = listed(sources.cite(patched, "x_cut", "x_unknown"))
    assert cut.endswith("(Other, news report; address incomplete)")
    assert unknown.endswith("(Other, news report; access date not recorded)")


def test_shipped_sources_with_a_cut_short_address_have_no_access_date(course):
    cut = course.sources[course.sources["url"].map(schemas.address_incomplete)]
    assert len(cut) >= 12 and cut["accessed"].isna().all()
    assert not course.sources["title"].str.contains("web address incomplete").any(), "the list says it, not the title"


def test_no_access_date_is_claimed_without_a_recorded_check(course):
    """Audit C6: 158 rows said 'accessed 29 November 2026' (the first data commit's day) with
    nothing to show the pages were opened then. A date may come back only with a logged check."""
    logged = {entry["date"] for entry in yaml.safe_load((DATA_DIR / "fact_check.yaml").read_text())["log"]}

    def unlogged(table: pd.DataFrame) -> set:
        return set(table["accessed"].dropna()) - logged

    assert unlogged(course.sources) == set(), "an access date needs a check of that day in fact_check.yaml's log"
    stamped = patched_sources(
        course, {"id": "x_stamped", "url": "https://a.example/s", "accessed": pd.Timestamp("2026-11-29").date()}
    )
    assert unlogged(stamped.sources) == {pd.Timestamp("2026-11-29").date()}


@pytest.mark.parametrize(
    ("text", "field"),
    [("how: checked\n", "checked"), ("checked: soon\nhow: x\n", "checked"), ("checked: 2026-12-04\n", "how")],
)
def test_a_broken_fact_check_file_names_its_field(tmp_path, monkeypatch, text, field):
    (tmp_path / "fact_check.yaml").write_text(text)
    monkeypatch.setattr(sources, "DATA_DIR", tmp_path)
    with pytest.raises(DataError, match=f"fact_check.yaml: {field}: expected"):
        sources.fact_check()


def test_copy_sites_are_marked_as_copies(course):
    kinds = course.sources.set_index("id")["kind"]
    for sid in (
        "travelclimate_factbook",
        "owiki_border",
        "liquisearch_geography_pakistan",
        "iiab_wikipedia_barrier_2023",
        "revoladies_ap_copy",
        "kampuspedia_varzaqan_pt",
        "peoplebugs_fm_visit",
        "emmasreisen_ipi",
    ):
        assert kinds[sid] == "copy or mirror", sid


def test_agreements_table_has_all_eight_in_order(course):
    table = tables.agreements_table(course)
    assert list(table.index) == sorted(course.agreements["number"])
    assert list(table["Subject"]) == list(course.agreements.sort_values("number")["subject"])
    assert "not reported" in set(table["Signed for Iran by"]) or course.agreements["iran_signatory"].notna().all()
    assert table["source_ids"].map(len).min() >= 1


def test_people_met_lists_everyone_once_with_office(course):
    table = tables.people_met(course)
    everyone = {p for people in course.itinerary["people_met"] for p in people}
    assert len(table) == len({p.split(" (")[0] for p in everyone})
    assert table["Name"].is_unique and (table["Office"] != "").all()
    sharif = table[table["Name"] == "Shehbaz Sharif"].iloc[0]
    assert sharif["Office"] == "Prime Minister" and sharif["Days"] == "1"
    assert list(table.index) == list(range(1, len(table) + 1))


def test_claims_and_glossary_tables(course):
    claims = tables.claims_table(course)
    assert list(claims["Verdict"]) == list(course.claims["verdict"])
    terms = list(course.glossary["term"][:3])[::-1]
    glossary = tables.glossary_table(course, terms)
    assert list(glossary.index) == terms
    everything = tables.glossary_table(course)
    assert len(everything) == len(course.glossary)
    shown = list(everything.index)
    assert shown == sorted(shown, key=str.casefold)  # a reader looks a word up A to Z
    with pytest.raises(KeyError, match="Not a term"):
        tables.glossary_table(course, ["Not a term"])


def test_tables_show_no_empty_header_cell(course):
    """Screen readers need text in every header cell (axe: empty-table-header)."""
    shown = [
        tables.agreements_table(course),
        tables.people_met(course),
        tables.claims_table(course),
        tables.glossary_table(course),
        charts.trade_chart(course).table,
    ]
    for table in shown:
        html = table._repr_html_()
        assert html.count("<tr", 0, html.index("</thead>")) == 1, "one header row"
        headers = re.findall(r"<th[^>]*>(.*?)</th>", html[: html.index("</thead>")], re.S)
        assert all(h.strip() for h in headers), headers


def test_start_here_overview_dates_the_facts(course):
    """Audit D4: 00 printed no date; its overview now ends with the newest source and the check date."""
    from lessonkit.lesson import overview

    last = str(overview()).splitlines()[-1]
    assert last == f"{sources.checked_up_to(course, list(course.sources['id']), how=False)}"
    assert last.startswith("Newest source: ") and " Facts checked on " in last and last.endswith(".")
