"""The role-play (data/roleplay.yaml): it validates, plays offline, treats every side alike, and
notebook 07 and instructors/role-cards.md show the same cards; each rule of the file fails with
its exact message (file, line, field, what was expected)."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

from lessonkit.data import DATA_DIR, Problem, load_course, validate_folder
from lessonkit.quiz import quiz
from lessonkit.roleplay import (
    BRIEF_WORDS,
    Cards,
    _escape,
    cards_markdown,
    for_jupyterlab,
    role_cards_page,
    role_markdown,
)

ROOT = Path(__file__).resolve().parents[1]
TEXT = (DATA_DIR / "roleplay.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def course():
    return load_course()


def role(course, role_id):
    return next(r for r in course.roleplay.roles if r.id == role_id)


def line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


# --- the real file -------------------------------------------------------------------------------


def test_one_decision_three_options_four_governments(course):
    play = course.roleplay
    assert len(play.decision.options) == 3 and all(o.costs and o.gains for o in play.decision.options)
    assert [r.name for r in play.roles] == ["Iran", "Pakistan", "the United States", "China"]
    assert play.date.isoformat() == "2024-10-15"


def test_timing_adds_up_to_the_stated_minutes(course):
    timing = course.roleplay.timing
    assert sum(p.minutes for p in timing.parts) == timing.total_minutes


@pytest.mark.parametrize("role_id", ["iran", "pakistan", "united_states", "china"])
def test_each_brief_is_playable_offline(course, role_id):
    r = role(course, role_id)
    low, high = BRIEF_WORDS
    assert low <= r.words <= high
    assert r.interests and r.red_lines and r.said and r.questions
    assert all(s.source_ids for s in r.said) and r.source_ids
    assert "research" not in role_markdown(course, r).lower(), (
        "a card that sends students to research cannot be played offline"
    )


def test_each_side_answers_for_its_own_strike(course):
    """Iran is asked about Pakistan's account of 16 January; Pakistan about Iran's account of 18 January."""
    iran, pakistan = role(course, "iran").questions[0], role(course, "pakistan").questions[0]
    assert "16 January 2024" in iran and "killed two children" in iran
    assert "18 January 2024" in pakistan and "killed nine people, four of them children and three women" in pakistan
    assert "sovereignty" in role(course, "iran").questions[1] and "sovereignty" in role(course, "pakistan").questions[1]


def test_the_us_card_keeps_pakistans_lpg_decision_apart_from_what_us_officials_said(course):
    card = role_markdown(course, role(course, "united_states"))
    said = card.split("**What US officials have said or done", 1)[1].split("**Actions of", 1)[0]
    reported = card.split("**Actions of the United States reported by others**", 1)[1].split("**Be ready", 1)[0]
    assert "LPG" not in said and "LPG" in reported


def test_advanced_task_asks_for_a_counter_proposal(course):
    assert "counter-proposal" in course.roleplay.tasks.advanced
    assert "counter-proposal" not in course.roleplay.tasks.basic


def test_role_cards_page_is_up_to_date(course):
    page = (ROOT / "instructors" / "role-cards.md").read_text(encoding="utf-8")
    assert page == role_cards_page(course), "run python tools/role_cards.py to refresh instructors/role-cards.md"


def test_the_tool_writes_the_page(course, tmp_path):
    out = tmp_path / "cards.md"
    done = subprocess.run(
        [sys.executable, "tools/role_cards.py", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8") == role_cards_page(course)


def test_notebook_07_shows_the_same_cards(course):
    nb = nbformat.read(ROOT / "notebooks" / "07_roleplay.ipynb", as_version=4)
    [cell] = [c for c in nb.cells if c.cell_type == "code" and "roleplay.cards(course)" in c.source]
    [shown] = [o["data"]["text/markdown"] for o in cell.outputs if "text/markdown" in o.get("data", {})]
    assert shown == for_jupyterlab(cards_markdown(course, hide_debrief=True))
    assert cards_markdown(course).replace("### ", "## ") in role_cards_page(course)


def _debrief_outside_reveal(markdown: str, course) -> list[str]:
    """Debrief lines (what really happened) that a reader sees without opening a reveal."""
    shown = re.sub(r"<details>.*?</details>", "", markdown, flags=re.S)
    return [d.text[:40] for d in course.roleplay.moderator.debrief if _escape(d.text)[:40] in shown]


def test_students_decide_before_they_see_what_happened(course):
    """Every student sees the notebook's cards: the outcome sits in a closed reveal there, and
    in the open on the printed moderator's card."""
    assert _debrief_outside_reveal(Cards(course).data, course) == []
    assert len(_debrief_outside_reveal(role_cards_page(course), course)) == len(course.roleplay.moderator.debrief)
    # The rule can fail: the cards as printed would give the outcome away.
    assert _debrief_outside_reveal(cards_markdown(course), course)


def test_the_memo_is_saved_with_the_answers(course, tmp_path):
    from lessonkit.roleplay import outcome_form

    course.answer_books.pop("07_roleplay", None)
    box = outcome_form(course)
    assert box.description and box.tooltip and "The option we support:" in box.value
    box.value = "Our government: Pakistan <b>"
    check = quiz(course, "07_roleplay", save_dir=tmp_path)
    check.save()
    saved = json.loads((tmp_path / "answers-07_roleplay.json").read_text(encoding="utf-8"))
    assert saved["written"] == [
        {
            "id": "roleplay_outcome",
            "kind": "roleplay",
            "prompt": "Decision memo: Pakistan's section of the gas pipeline",
            "text": "Our government: Pakistan <b>",
            "skipped": False,
            "revealed": False,
        }
    ]
    course.answer_books.pop("07_roleplay")


# --- broken files: each fault with its exact message ----------------------------------------------


def broken(**changes):
    text = TEXT
    for old, new in changes.values():
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def china_words(text: str) -> int:
    """The words of China's brief, counted independently of lessonkit (a whitespace split)."""
    china = yaml.safe_load(text)["roles"][3]
    parts = [*china["interests"], *china["red_lines"], *(s["text"] for s in china["said"]), *china["questions"]]
    words = sum(len(part.split()) for part in parts)
    assert words < BRIEF_WORDS[0]
    return words


CHINA_SAID = TEXT[
    TEXT.index("    said:\n", TEXT.index("  - id: china")) : TEXT.index("    questions:\n", TEXT.index("  - id: china"))
]
CASES = {
    "timing_does_not_add_up": (
        broken(a=("      minutes: 3\n", "      minutes: 5\n")),
        lambda t: Problem(
            "roleplay.yaml",
            line_of(t, '- name: "Recap the situation'),
            "timing.parts",
            "expected parts whose minutes add up to total_minutes (38); they add up to 40",
        ),
    ),
    "brief_too_short": (
        broken(
            a=(CHINA_SAID, CHINA_SAID.split('      - text: "In 2023')[0]),
            b=(
                TEXT[
                    TEXT.index('      - "Your lever: China') : TEXT.index(
                        "\n", TEXT.index('      - "Your lever: China')
                    )
                    + 1
                ],
                "",
            ),
        ),
        lambda t: Problem(
            "roleplay.yaml",
            line_of(t, "  - id: china"),
            "roles[china]",
            "expected a brief of 150–300 words, enough to play offline and short enough to read in "
            f"the preparation time (found {china_words(t)})",
        ),
    ),
    "two_options": (
        broken(a=(TEXT[TEXT.index("    - id: pause_and_negotiate") : TEXT.index("roles:")], "")),
        lambda t: Problem(
            "roleplay.yaml",
            line_of(t, "    - id: build_segment"),
            "decision.options",
            "expected exactly 3 options (found 2)",
        ),
    ),
    "role_missing_a_field": (
        broken(a=('    plays: "Iran\'s government: its foreign and oil ministries"\n', "")),
        lambda t: Problem(
            "roleplay.yaml", line_of(t, "  - id: iran"), "roles[iran].plays", "expected plays (this field is required)"
        ),
    ),
    "unknown_source": (
        broken(a=("source_ids: [mint_2024_05_15_chabahar]", "source_ids: [mint_chabahar]")),
        lambda t: Problem(
            "roleplay.yaml",
            line_of(t, "mint_chabahar"),
            "source_ids",
            "expected an id from sources.csv; 'mint_chabahar' is not there",
        ),
    ),
}


@pytest.mark.parametrize("fault", sorted(CASES))
def test_each_broken_role_play_gives_its_message(fault, tmp_path):
    text, expected = CASES[fault]
    folder = Path(shutil.copytree(DATA_DIR, tmp_path / "data"))
    (folder / "roleplay.yaml").write_text(text, encoding="utf-8")
    frames, problems = validate_folder(folder)
    assert problems == [expected(text)]
    assert frames["roleplay"] is None
