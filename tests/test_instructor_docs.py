"""The instructor guide (instructors/*.md) stays true to the repository it describes.

Every quiz question is mapped to a learning outcome, and every question id, notebook,
notebook section, link and source it cites exists; each notebook has its Binder badge; the
lesson plans' minutes add up; the documented answer-key and class-report commands work; no
answer key sits where students look.
"""

from __future__ import annotations

import functools
import html
import itertools
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from markdown_it import MarkdownIt

from lessonkit.quiz import quiz, source_label
from run_support import tool_env
from tools import manifest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "instructors"
GUIDE = DOCS / "README.md"
TEACHING = [GUIDE, DOCS / "role-cards.md", DOCS / "rubric.md"]
ALL_DOCS = sorted(p for p in DOCS.glob("*.md") if p.name != "answer-key.md")  # the generated key: test_quiz_answerkey
MD = MarkdownIt("commonmark").enable("table")

BINDER = re.compile(r"^https://mybinder\.org/v2/gh/([^/]+)/([^/]+)/main\?urlpath=lab/tree/notebooks/([\w.-]+\.ipynb)$")
NOTEBOOK_REF = re.compile(r"\[[^\]]*\]\(\.\./notebooks/([\w.-]+\.ipynb)\)((?:\s*›\s*\*[^*]+\*(?:,\s*\*[^*]+\*)*)?)")
QUESTION_ID = re.compile(r"`([a-z][a-z0-9]*(?:_[a-z0-9]+)+)`")


def quiz_ids(course) -> dict[str, str]:
    """Question id -> notebook name, over every quiz file."""
    return {q.id: name for name, spec in course.quizzes.items() for q in spec.questions}


# --- reading Markdown --------------------------------------------------------------------------


def text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def tables(path: Path) -> list[tuple[str, list[str], list[list[str]]]]:
    """Every table as (the heading above it, header cells, body rows), cells as raw Markdown."""
    found, heading, rows, current, in_heading = [], "", [], None, False
    for token in MD.parse(text(path)):
        if token.type == "heading_open":
            in_heading = True
        elif token.type == "inline" and in_heading:
            heading, in_heading = token.content, False
        elif token.type == "table_open":
            rows = []
        elif token.type == "tr_open":
            current = []
        elif token.type == "inline" and current is not None:
            current.append(token.content)
        elif token.type == "tr_close":
            rows.append(current)
            current = None
        elif token.type == "table_close":
            found.append((heading, rows[0], rows[1:]))
    return found


def table_under(path: Path, heading: str) -> tuple[list[str], list[list[str]]]:
    matches = [(head, body) for title, head, body in tables(path) if title == heading]
    assert len(matches) == 1, f"{path.name}: expected one table under the heading {heading!r}"
    return matches[0]


def links(path: Path) -> list[tuple[str, str]]:
    """(href, link text) for every link; an image's alt text counts as text."""
    found, href, label = [], None, ""
    for token in MD.parse(text(path)):
        for child in token.children or []:
            if child.type == "link_open":
                href, label = child.attrs["href"], ""
            elif child.type == "link_close":
                found.append((href, label))
                href = None
            elif href is not None and child.type in ("text", "code_inline", "image", "softbreak"):
                label += " " if child.type == "softbreak" else child.content
    return found


def headings(markdown: str) -> list[str]:
    tokens = MD.parse(markdown)
    return [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]


def github_slug(heading: str) -> str:
    """The anchor GitHub gives a heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


@functools.cache
def notebook_headings(name: str) -> list[str]:
    nb = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    return [h for cell in nb.cells if cell.cell_type == "markdown" for h in headings(cell.source)]


# --- learning outcomes ---------------------------------------------------------------------------


def outcome_rows() -> list[dict[str, str]]:
    head, body = table_under(GUIDE, "Learning outcomes")
    assert head == ["#", "Students can…", "Where it is taught", "Quiz questions"]
    return [dict(zip(head, row)) for row in body]


def test_every_quiz_question_is_mapped_to_a_learning_outcome(course):
    mapped = {qid for row in outcome_rows() for qid in QUESTION_ID.findall(row["Quiz questions"])}
    missing = sorted(set(quiz_ids(course)) - mapped)
    assert not missing, (
        "these quiz questions are not in the Learning outcomes table of instructors/README.md; "
        f"add each id to the row it serves: {missing}"
    )


def test_each_outcome_cites_questions_from_the_notebooks_it_names(course):
    known = quiz_ids(course)
    for row in outcome_rows():
        notebooks = {Path(name).stem for name, _ in NOTEBOOK_REF.findall(row["Where it is taught"])}
        ids = QUESTION_ID.findall(row["Quiz questions"])
        assert notebooks and ids, f"outcome {row['#']}: needs notebook links and quiz question ids"
        for qid in ids:
            assert qid in known, f"outcome {row['#']}: no quiz question has the id {qid!r}"
            assert known[qid] in notebooks, (
                f"outcome {row['#']}: {qid!r} is in the {known[qid]} quiz, but the row names only {sorted(notebooks)}"
            )


def test_every_question_id_in_the_teaching_docs_exists(course):
    known = quiz_ids(course)
    for path in TEACHING:
        unknown = sorted(set(QUESTION_ID.findall(text(path))) - set(known))
        assert not unknown, f"{path.name} cites quiz question ids that no quiz file has: {unknown}"


def test_misconceptions_point_to_notebooks_and_questions_that_exist(course):
    known = quiz_ids(course)
    head, body = table_under(GUIDE, "Common misconceptions")
    assert len(head) == 4
    for claim, _support, where, questions in body:
        notebooks = {Path(name).stem for name, _ in NOTEBOOK_REF.findall(where)}
        ids = QUESTION_ID.findall(questions)
        assert notebooks and ids, f"misconception {claim}: needs a notebook section and quiz questions"
        assert set(ids) <= set(known), f"misconception {claim}: unknown quiz ids {sorted(set(ids) - set(known))}"
        assert any(known[qid] in notebooks for qid in ids), (
            f"misconception {claim}: none of {ids} is in the quiz of a notebook it names ({sorted(notebooks)})"
        )


@pytest.mark.parametrize(
    "phrase",
    [
        "three-day",
        "559 miles",
        "two children",
        "recalled its ambassador",
        "crude oil",
        "US sanctions",
        "Tehran",
        "plane crash",
        "$2 billion",
        "finalised",
        "Zardari",
        "China",
    ],
)
def test_misconceptions_cover_the_errors_of_early_coverage(phrase):
    """The errors and framings listed in section 11 of the fact base each have a row."""
    _head, body = table_under(GUIDE, "Common misconceptions")
    assert any(phrase in row[0] for row in body), f"no misconception row about {phrase!r}"


# --- notebooks, sections, badges, links ----------------------------------------------------------


@pytest.mark.parametrize("path", TEACHING, ids=lambda p: p.name)
def test_cited_notebooks_and_sections_exist(path):
    refs = NOTEBOOK_REF.findall(text(path))
    assert refs, f"{path.name} cites no notebook"
    for name, sections in refs:
        assert (ROOT / "notebooks" / name).exists(), f"{path.name} links to notebooks/{name}, which does not exist"
        available = {" ".join(h.split()) for h in notebook_headings(name)}
        for section in re.findall(r"\*([^*]+)\*", sections):
            section = " ".join(section.split())
            assert section in available, f"{path.name}: notebooks/{name} has no section headed {section!r}"


def test_cited_discuss_prompts_exist():
    """'02 *Discuss* 3, "Signed or promised?"' is prompt 3 of 02's Discuss section, with that title."""
    cited = re.findall(r'(\d\d) \*Discuss\* (\d+), "([^"]+)"', text(GUIDE))
    assert cited, "the guide cites no Discuss prompt"
    for number, item, title in cited:
        [name] = [p.name for p in manifest.paths() if p.name.startswith(f"{number}_")]
        nb = nbformat.read(ROOT / "notebooks" / name, as_version=4)
        discuss = [c.source for c in nb.cells if c.cell_type == "markdown" and "## Discuss" in c.source]
        assert discuss, f"notebooks/{name} has no Discuss section"
        section = discuss[0].split("## Discuss", 1)[1].split("\n## ", 1)[0]
        prompts = re.findall(r"^(\d+)\. \*\*(.+?)\.?\*\*", section, re.M)
        assert (item, " ".join(title.split())) in prompts, (
            f"notebooks/{name}: Discuss prompt {item} is not {title!r}: {prompts}"
        )


def test_times_are_the_notebooks_own_estimates():
    head, body = table_under(GUIDE, "Open the notebooks")
    assert head == ["notebook", "time", "open on Binder"]
    for row in body:
        [(name, _)] = NOTEBOOK_REF.findall(row[0])
        if not manifest.entry(name.removesuffix(".ipynb")).is_lesson:
            continue  # 00 Start here is not a lesson and has no Time to complete section
        nb = nbformat.read(ROOT / "notebooks" / name, as_version=4)
        estimate = next(
            (
                m
                for c in nb.cells
                if c.cell_type == "markdown" and "## Time to complete" in c.source
                for m in re.findall(r"About (\d+) minutes", c.source.split("## Time to complete", 1)[1])
            ),
            None,
        )
        assert estimate and row[1] == f"{estimate} min", (
            f"{name}: the guide says {row[1]}, the notebook about {estimate} minutes"
        )


def test_every_notebook_has_a_binder_badge_with_the_readmes_repository():
    badges = [BINDER.match(href) for href, _ in links(GUIDE) if href.startswith("https://mybinder.org/")]
    assert badges and all(badges), (
        "every mybinder.org link must follow the pattern …/v2/gh/OWNER/NAME/main?urlpath=lab/tree/notebooks/<name>.ipynb"
    )
    named = sorted(m.group(3) for m in badges)
    assert named == sorted(p.name for p in manifest.paths()), (
        "instructors/README.md needs exactly one Binder badge per notebook in notebooks/"
    )
    readme = BINDER.match(
        next(href for href, _ in links(ROOT / "README.md") if href.startswith("https://mybinder.org/"))
    )
    assert {(m.group(1), m.group(2)) for m in badges} == {(readme.group(1), readme.group(2))}, (
        "the badges must name the same GitHub repository as the README's badge"
    )


@pytest.mark.parametrize("path", ALL_DOCS, ids=lambda p: p.name)
def test_relative_links_and_anchors_resolve(path):
    for href, label in links(path):
        if re.match(r"^[a-z]+:", href):
            continue
        target, _, anchor = href.partition("#")
        file = (path.parent / target).resolve() if target else path
        assert file.exists(), f"{path.name}: the link [{label}]({href}) points to a missing file"
        if anchor:
            assert file.suffix == ".md", f"{path.name}: [{label}]({href}): anchors only into Markdown pages"
            slugs = {github_slug(h) for h in headings(text(file))}
            assert anchor in slugs, f"{path.name}: [{label}]({href}): {file.name} has no heading with anchor #{anchor}"


@pytest.mark.parametrize("path", ALL_DOCS, ids=lambda p: p.name)
def test_web_links_are_module_sources_labelled_as_the_quiz_labels_them(path, course):
    by_url = {row["url"]: row["id"] for _, row in course.sources.iterrows()}
    for href, label in links(path):
        if not href.startswith("http") or href.startswith(("https://mybinder.org/", "https://img.shields.io/")):
            continue
        assert href in by_url, f"{path.name}: {href} is not the url of any row in data/sources.csv"
        expected = html.unescape(source_label(course, by_url[href]))
        assert " ".join(label.split()) == expected, f"{path.name}: the link to {href} should read {expected!r}"


# --- lesson plans --------------------------------------------------------------------------------


#: A plan's period, in minutes, and the first step every plan takes: starting Binder.
PERIOD = 50
BINDER_START = 5


def session_plan_problems(head: list[str], body: list[list[str]], length: int) -> list[str]:
    """A session plan's steps run from 0 to ``length`` without gaps, the Binder start first, each
    with something to skip if short (or "—")."""
    if head != ["minutes", "step", "notebook › section", "what students do", "skip if short"]:
        return [f"columns are {head}"]
    spans = [tuple(int(n) for n in re.fullmatch(r"(\d+)–(\d+)", row[0]).groups()) for row in body]
    problems = [] if spans[0][0] == 0 and spans[-1][1] == length else [f"steps must run from 0 to {length}"]
    problems += [
        f"a gap or overlap at minute {end}" for (_, end), (start, _) in itertools.pairwise(spans) if end != start
    ]
    if not body[0][1].startswith("Binder start"):
        problems.append(f"the first step is {body[0][1]!r}, not the Binder start")
    return problems + [f"step {row[1]!r} says nothing in 'skip if short'" for row in body if not row[4].strip()]


def unit_plan_problems(head: list[str], body: list[list[str]]) -> list[str]:
    """Each lesson's minutes add up to one period, the Binder start first."""
    if head[:3] != ["lesson", "notebooks and sections", "minutes"] or "skip if short" not in head:
        return [f"columns are {head}"]
    problems = []
    for row in body:
        parts, _, total = row[2].partition("=")
        numbers = [int(n) for n in parts.split("+")]
        if sum(numbers) != int(total) or int(total) != PERIOD or numbers[0] != BINDER_START:
            problems.append(f"lesson {row[0]}: {row[2]} (the Binder start {BINDER_START} first, {PERIOD} in all)")
    return problems


@pytest.mark.parametrize("heading, length", [("50-minute session", 50), ("90-minute session", 90)])
def test_lesson_plan_steps_run_without_gaps_to_the_end(heading, length):
    assert session_plan_problems(*table_under(GUIDE, heading), length) == []


def test_each_unit_lesson_adds_up_to_one_period_with_the_binder_start():
    assert unit_plan_problems(*table_under(GUIDE, "Two-week unit")) == []


def test_a_plan_that_overruns_or_forgets_binder_is_reported():
    head, body = table_under(GUIDE, "50-minute session")
    late = [row[:] for row in body]
    late[0][1], late[-1][0] = "Hook", "45–55"
    assert session_plan_problems(head, late, 50) == [
        "steps must run from 0 to 50",
        "the first step is 'Hook', not the Binder start",
    ]
    unit_head, unit_body = table_under(GUIDE, "Two-week unit")
    over = [row[:] for row in unit_body[:1]]
    over[0][2] = "5 + 10 + 30 + 10 = 55"
    assert unit_plan_problems(unit_head, over) == [
        "lesson 1: 5 + 10 + 30 + 10 = 55 (the Binder start 5 first, 50 in all)"
    ]


def test_every_plan_has_a_minimum_path():
    plans = text(GUIDE).split("## Lesson plans", 1)[1].split("\n## ", 1)[0]
    for section in plans.split("\n### ")[1:]:
        assert "Minimum path" in section, f"the plan {section.splitlines()[0]!r} has no minimum path"
    _head, body = table_under(GUIDE, "Minimum paths")
    named = {name for row in body for name, _ in NOTEBOOK_REF.findall(row[0])}
    lessons = {p.name for p in (ROOT / "notebooks").glob("0[1-7]_*.ipynb")}
    assert named == lessons, f"minimum paths for {sorted(named)}, lessons {sorted(lessons)}"


def test_two_week_unit_has_a_hand_in_for_every_lesson_notebook():
    _head, body = table_under(GUIDE, "Two-week unit")
    handed_in = {m for row in body for m in re.findall(r"`answers-(\w+)-<name>\.json`", row[-1])}
    lessons = {p.stem for p in manifest.lessons()}
    assert handed_in == lessons, f"hand-ins {sorted(handed_in)} vs lesson notebooks {sorted(lessons)}"


# --- answer key and hand-ins ---------------------------------------------------------------------


def documented_answer_key_commands() -> list[list[str]]:
    commands = [
        line.split("#")[0].split()
        for line in text(GUIDE).splitlines()
        if line.startswith("python tools/answer_key.py ")
    ]
    assert len(commands) == 2, "the guide shows the answer-key command for every quiz and for one notebook"
    return commands


def test_documented_answer_key_commands_work(tmp_path, course):
    for argv in documented_answer_key_commands():
        assert argv[2].startswith("build/"), "the documented key goes to build/, which Git ignores"
        output = tmp_path / Path(argv[2]).name
        done = subprocess.run(
            [sys.executable, argv[1], str(output), *argv[3:]],
            cwd=ROOT,
            env=tool_env(),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        key = output.read_text(encoding="utf-8")
        assert key.startswith("# Answer key: self-check quizzes")
        for name in argv[3:] or course.quizzes:
            assert f"## {name}: " in key
        if argv[3:]:
            assert all(f"## {other}: " not in key for other in course.quizzes if other not in argv[3:])
    assert "build/" in text(ROOT / ".gitignore").splitlines()


def test_no_answer_key_is_kept_where_students_look():
    """The one committed key is instructors/answer-key.md, marked "not for students"."""
    for folder in ("notebooks", "instructors", "data"):
        for path in (ROOT / folder).rglob("*"):
            if path == DOCS / "answer-key.md":
                continue
            if path.is_file() and path.suffix in (".md", ".ipynb", ".txt", ".html"):
                assert "# Answer key: self-check quizzes" not in path.read_text(encoding="utf-8", errors="ignore"), (
                    f"{path.relative_to(ROOT)} holds a generated answer key; generate it into build/ instead"
                )


def test_documented_class_report_commands_work(tmp_path, course):
    """Two students save their 01 answers; every class-report command the guide shows reads both."""
    commands = [
        line.split("#")[0].split()
        for line in text(GUIDE).splitlines()
        if line.startswith(("make class-report ", "python tools/class_report.py "))
    ]
    assert len(commands) == 3, "the guide shows make class-report with and without ANONYMISE, and the python command"
    answers = tmp_path / "answers"
    answers.mkdir()
    for name, pick in (("Ayesha", "right"), ("Reza", "wrong")):
        course.answer_books.pop("01_background", None)  # each student in their own session and folder
        (tmp_path / name).mkdir()
        check = quiz(course, "01_background", save_dir=tmp_path / name)
        check.name_field.value = name
        view = next(v for v in check.questions if v.question.type == "single")
        right = view.question.correct_indexes[0]
        view.answer_widget.value = right if pick == "right" else (right + 1) % len(view.question.options)
        view.check_button.click()
        saved = check.save()
        saved.rename(answers / saved.name)  # handed in
    course.answer_books.pop("01_background", None)
    for number, argv in enumerate(commands):
        out = tmp_path / f"out{number}"
        if argv[0] == "make":
            options = dict(a.split("=", 1) for a in argv[2:])
            argv = ["tools/class_report.py", str(answers), "--out", str(out)] + (
                ["--anonymise"] if options.get("ANONYMISE") else []
            )
        else:
            assert argv[1:5] == ["tools/class_report.py", "path/to/folder", "--out", "build/class-report"]
            argv = [argv[1], str(answers), "--out", str(out), *argv[5:]]
        done = subprocess.run([sys.executable, *argv], cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert "2 files used, 0 not used" in done.stdout
        page = (out / "class-report.html").read_text(encoding="utf-8")
        if "--anonymise" in argv:
            assert "Ayesha" not in page and "Reza" not in page and "Student 2" in page
        else:
            assert "Saved by: Ayesha, Reza." in page
    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert 'tools/class_report.py "$(ANSWERS)" --out build/class-report $(if $(ANONYMISE),--anonymise)' in make


# --- role cards and rubric -----------------------------------------------------------------------


def test_role_cards_for_the_four_governments():
    cards = [h for h in headings(text(DOCS / "role-cards.md")) if h.startswith("Card: ")]
    assert cards == ["Card: Iran", "Card: Pakistan", "Card: the United States", "Card: China"]


def test_rubric_covers_every_reflection_question(course):
    head, body = table_under(DOCS / "rubric.md", "The rubric")
    assert head == ["criterion", "Beginning", "Developing", "Secure", "Extending"]
    assert len(body) >= 3 and all(len(row) == len(head) and all(cell.strip() for cell in row) for row in body)
    assert all("*Next step:*" in cell for row in body for cell in row[1:]), "every level suggests a next step"
    _head, listed = table_under(DOCS / "rubric.md", "The reflections in the module")
    reflections = {q.id for spec in course.quizzes.values() for q in spec.questions if q.type == "reflection"}
    assert {QUESTION_ID.search(row[0]).group(1) for row in listed} == reflections
