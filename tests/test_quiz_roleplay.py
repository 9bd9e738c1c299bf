"""A balanced role-play (data/roleplay.yaml): China chairs as mediator and holds a sourced lever,
the United States holds a sourced lever and an offer, groups have jobs and write a position memo
before the meeting, and the timing is honest (cards read beforehand, or reading fits the minutes).
The fixture for each rule is the real file with that part taken out."""

import re

import pytest
import yaml

from lessonkit.data import DATA_DIR
from lessonkit.roleplay import RolePlay

WORDS_PER_MINUTE = 150  # a fluent reader of dense text (pedagogy review)
JOBS = ("spokesperson", "fact-checker", "note-taker")


def balance_problems(play: RolePlay) -> list[str]:
    roles = {r.id: r for r in play.roles}
    problems = []
    china, us = roles["china"], roles["united_states"]
    if not ("mediator" in china.plays or any("lever" in i.lower() for i in china.interests)):
        problems.append("China is neither the mediator nor holds a lever")
    if not any(
        i.lower().startswith("your lever") for i in china.interests + us.interests if "China" in i or "Gwadar" in i
    ):
        problems.append("China's card has no lever")
    us_text = " ".join(us.interests)
    if "lever" not in us_text.lower() or "offer" not in us_text.lower():
        problems.append("the United States has no lever or no offer")
    rules = " ".join(play.ground_rules).lower()
    problems += [f"no group job: {job}" for job in JOBS if job not in rules]
    if "position memo" not in rules or "before the meeting" not in rules:
        problems.append("no position memo before the meeting")
    shared = [
        *(s.text for s in play.situation),
        play.decision.question,
        *(o.title + " " + o.what + " " + o.costs + " " + o.gains for o in play.decision.options),
        *play.ground_rules,
    ]
    words = max(r.words for r in play.roles) + sum(len(re.findall(r"\S+", t)) for t in shared)
    read_at_home = any("beforehand" in p.name for p in play.timing.parts)
    reading_minutes = play.timing.parts[0].minutes  # the first part is when cards are read in class
    if not read_at_home and words / WORDS_PER_MINUTE > reading_minutes:
        problems.append(f"about {words:.0f} words to read in {reading_minutes} minutes")
    return problems


def raw():
    return yaml.safe_load((DATA_DIR / "roleplay.yaml").read_text(encoding="utf-8"))


def test_the_role_play_is_balanced(course):
    assert balance_problems(course.roleplay) == []


def _role(data, role_id):
    return next(r for r in data["roles"] if r["id"] == role_id)


def _no_china_lever(d):
    china = _role(d, "china")
    china["plays"] = "China's foreign ministry"
    china["interests"] = [i for i in china["interests"] if "lever" not in i.lower()]


def _no_us_offer(d):
    us = _role(d, "united_states")
    us["interests"] = [i for i in us["interests"] if "lever" not in i.lower()]


def _no_jobs(d):
    d["ground_rules"] = [r for r in d["ground_rules"] if "spokesperson" not in r]


def _no_memo(d):
    d["ground_rules"] = [r for r in d["ground_rules"] if "position memo" not in r]


def _read_in_class(d):
    d["timing"]["parts"][0]["name"] = "Read the cards in class"


@pytest.mark.parametrize(
    "break_it, message",
    [
        (_no_china_lever, "China"),
        (_no_us_offer, "United States"),
        (_no_jobs, "no group job"),
        (_no_memo, "position memo"),
        (_read_in_class, "words to read"),
    ],
)
def test_each_balance_rule_can_fail(break_it, message):
    data = raw()
    break_it(data)
    problems = balance_problems(RolePlay.model_validate(data))
    assert any(message in p for p in problems), problems
