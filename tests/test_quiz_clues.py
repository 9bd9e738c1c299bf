"""No form cues: a student who skipped the lesson must not find the right option by its shape.

Each rule below is measured across the module's quizzes and has a fixture in
``tests/fixtures/quiz_clues/`` that breaks it (the ``..._can_fail`` tests), so the rule can fail.

- **Length rank.** Across single-choice questions, no length rank (shortest, second-shortest, …)
  holds more than 40 % of the right answers, and the right option is the longest in 30 % or fewer.
- **Multiple answers.** Right and wrong options are alike in length (mean ratio 0.8–1.25), and the
  number of right options varies: at least three different counts, none in more than half the questions.
- **Hedging.** "Pick the most careful option" must not win: in at least a third of single-choice
  questions the most hedged option (most words from :data:`HEDGE_MARKERS`) is a wrong one. Nor may
  "never pick it": the right option is the most hedged in at least 15 % of them.
- **Phrasing.** No phrase (two or three words) belongs only to right options (in 3 or more) or
  only to wrong ones (in 9 or more; wrong options are about 70 % of all, so 8 in a row happen by chance).
- **Absolute words.** "Strike the option that says *only*, *never* or *proves*" must not work: across
  single- and multiple-choice questions, the share of right options holding a word of
  :data:`ABSOLUTE_WORDS` and the share of wrong options holding one differ by at most 15 points.
- **Hedge balance.** Likewise for hedging: the share of right options with a hedge score above 0 and
  the share of wrong ones differ by at most 15 points.
- **Stem echo.** The right option may not repeat the prompt's words more than the wrong ones do: the
  mean number of the prompt's content words in right options is at most 1.3 times that in wrong ones.
"""

import re
import shutil
from collections import Counter
from statistics import mean

import pytest

from lessonkit.data import load_course
from lessonkit.quizspec import SingleQuestion
from quiz_support import FIXTURES, quiz_folder

MAX_RANK_SHARE = 0.40
MAX_LONGEST_SHARE = 0.30
LENGTH_RATIO = (0.8, 1.25)
MIN_HEDGED_WRONG_SHARE = 1 / 3
MIN_HEDGED_RIGHT_SHARE = 0.15
ONLY_RIGHT_MIN, ONLY_WRONG_MIN = 3, 9
MAX_SHARE_GAP = 0.15
MAX_ECHO_RATIO = 1.3

#: Absolute or rule-like words that a test-wise reader strikes out as "too strong".
ABSOLUTE_WORDS = (
    "only",
    "never",
    "always",
    "every",
    "all",
    "none",
    "no one",
    "proves",
    "must",
    "cannot",
    "can't",
    "may not",
    "everything",
    "nothing",
    "entirely",
    "solely",
)

#: Words and phrases that make an option sound careful: attribution, caution, qualification.
#: An option's hedge score is how many of them it contains (each counted once).
HEDGE_MARKERS = (
    "according to",
    "said",
    "says",
    "claim",
    "noting",
    "note that",
    "not confirmed",
    "not independently",
    "no source",
    "differ",
    "may",
    "might",
    "only",
    "neither",
    "unclear",
    "open",
    "uncertain",
    "attribute",
    "reported",
    "second-hand",
    "estimate",
    "careful",
    "check",
    "both",
)
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "and",
        "or",
        "for",
        "is",
        "it",
        "its",
        "as",
        "at",
        "by",
        "be",
        "was",
        "were",
        "that",
        "this",
        "with",
        "from",
    ]
)


def hedge_score(text: str) -> int:
    """How many hedge markers the text contains (whole words, case-insensitive; the month May is not "may")."""
    low = re.sub(r"\b\d{1,2} May\b|\bMay \d{4}\b", " ", text).lower()
    return sum(bool(re.search(rf"\b{re.escape(m)}\b", low)) for m in HEDGE_MARKERS)


def has_absolute(text: str) -> bool:
    """Whether the text holds a word of :data:`ABSOLUTE_WORDS` (whole words, case-insensitive)."""
    low = text.lower().replace("’", "'")
    return any(re.search(rf"(?<![\w']){re.escape(w)}(?![\w'])", low) for w in ABSOLUTE_WORDS)


def content_words(text: str) -> set[str]:
    """The words of a text that carry meaning: not stop words, not one letter, without a plural s."""
    words = re.findall(r"[a-z0-9]+", text.lower().replace("’", "'").replace("'s", ""))
    return {w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words if w not in _STOP and len(w) > 1}


def singles(specs):
    return [q for spec in specs for q in spec.questions if isinstance(q, SingleQuestion)]


def multiples(specs):
    return [q for spec in specs for q in spec.questions if q.type == "multiple"]


def right_rank(q) -> int:
    """1 = the right option is the shortest; ties share the lower rank."""
    lengths = [len(o.text) for o in q.options]
    right = lengths[q.correct_indexes[0]]
    return 1 + sum(n < right for n in lengths)


def rank_shares(specs) -> tuple[dict[str, float], float]:
    """(share of right answers per length rank, share where the right option is the unique longest)."""
    qs = singles(specs)
    ranks = Counter(right_rank(q) for q in qs)
    longest = sum(right_rank(q) == len(q.options) for q in qs)
    return {f"rank {r}": n / len(qs) for r, n in sorted(ranks.items())}, longest / len(qs)


def multiple_stats(specs) -> tuple[float, Counter]:
    """(mean length of right options / mean length of wrong ones, count of questions per number right)."""
    qs = multiples(specs)
    right = [len(o.text) for q in qs for o in q.options if o.correct]
    wrong = [len(o.text) for q in qs for o in q.options if not o.correct]
    return mean(right) / mean(wrong), Counter(len(q.correct_indexes) for q in qs)


def most_hedged_shares(specs) -> tuple[float, float]:
    """Shares of single-choice questions whose most hedged option (unique highest score) is wrong,
    and is right."""
    qs = singles(specs)
    wrong = right = 0
    for q in qs:
        scores = [hedge_score(o.text) for o in q.options]
        top = max(scores)
        if top and scores.count(top) == 1:
            if scores.index(top) in q.correct_indexes:
                right += 1
            else:
                wrong += 1
    return wrong / len(qs), right / len(qs)


def most_hedged_wrong_share(specs) -> float:
    return most_hedged_shares(specs)[0]


def _phrases(text: str) -> set[str]:
    words = re.findall(r"[a-z0-9%$']+", text.lower())
    grams = set()
    for n in (2, 3):
        for i in range(len(words) - n + 1):
            gram = words[i : i + n]
            if not all(w in _STOP for w in gram):
                grams.add(" ".join(gram))
    return grams


def one_sided_phrases(specs) -> dict[str, list[str]]:
    """Phrases found only in right options (3+ of them) or only in wrong ones (9+)."""
    seen: dict[str, Counter] = {}
    for q in singles(specs) + multiples(specs):
        for o in q.options:
            for gram in _phrases(o.text):
                seen.setdefault(gram, Counter())[o.correct] += 1
    return {
        "only right": sorted(g for g, c in seen.items() if c[True] >= ONLY_RIGHT_MIN and not c[False]),
        "only wrong": sorted(g for g, c in seen.items() if c[False] >= ONLY_WRONG_MIN and not c[True]),
    }


def chosen_questions(specs):
    return singles(specs) + multiples(specs)


def right_wrong_shares(specs, marks) -> tuple[float, float]:
    """(share of right options, share of wrong options) for which ``marks(text)`` is true."""
    options = [o for q in chosen_questions(specs) for o in q.options]
    right = [bool(marks(o.text)) for o in options if o.correct]
    wrong = [bool(marks(o.text)) for o in options if not o.correct]
    return mean(right), mean(wrong)


def absolute_shares(specs) -> tuple[float, float]:
    """Shares of right and of wrong options that hold an absolute word."""
    return right_wrong_shares(specs, has_absolute)


def hedged_shares(specs) -> tuple[float, float]:
    """Shares of right and of wrong options with a hedge score above 0."""
    return right_wrong_shares(specs, hedge_score)


def stem_echo_ratio(specs) -> float:
    """Mean count of the prompt's content words in right options / the same in wrong options."""
    right, wrong = [], []
    for q in chosen_questions(specs):
        stem = content_words(q.prompt)
        for o in q.options:
            (right if o.correct else wrong).append(len(stem & content_words(o.text)))
    return mean(right) / max(mean(wrong), 0.1)


def rule_problems(specs) -> list[str]:
    """Every broken form rule, in words."""
    problems = []
    if singles(specs):
        shares, longest = rank_shares(specs)
        problems += [f"{r} holds {s:.0%} of right answers (max 40%)" for r, s in shares.items() if s > MAX_RANK_SHARE]
        if longest > MAX_LONGEST_SHARE:
            problems.append(f"right option is the longest in {longest:.0%} (max 30%)")
    if multiples(specs):
        ratio, counts = multiple_stats(specs)
        if not LENGTH_RATIO[0] <= ratio <= LENGTH_RATIO[1]:
            problems.append(f"multiple-answer right/wrong length ratio {ratio:.2f} (0.8-1.25)")
        if len(counts) < 3 or max(counts.values()) > len(multiples(specs)) / 2:
            problems.append(f"number of right options hardly varies: {dict(counts)}")
    if singles(specs):
        wrong, right = most_hedged_shares(specs)
        if wrong < MIN_HEDGED_WRONG_SHARE:
            problems.append(f"the most hedged option is wrong in only {wrong:.0%} (min 33%)")
        if right < MIN_HEDGED_RIGHT_SHARE:
            problems.append(f"the most hedged option is right in only {right:.0%} (min 15%)")
    for side, grams in one_sided_phrases(specs).items():
        problems += [f"'{g}' is in {side} options" for g in grams]
    if chosen_questions(specs):
        for what, (right, wrong) in (("absolute words", absolute_shares(specs)), ("hedges", hedged_shares(specs))):
            if abs(right - wrong) > MAX_SHARE_GAP:
                problems.append(
                    f"{what} in {right:.0%} of right options and {wrong:.0%} of wrong ones (max gap 15 points)"
                )
        echo = stem_echo_ratio(specs)
        if echo > MAX_ECHO_RATIO:
            problems.append(f"right options repeat the prompt {echo:.2f} times as much as wrong ones (max 1.3)")
    return problems


@pytest.fixture(scope="module")
def specs():
    return list(load_course().quizzes.values())


def test_no_length_rank_gives_the_answer_away(specs):
    shares, longest = rank_shares(specs)
    assert max(shares.values()) <= MAX_RANK_SHARE, shares
    assert longest <= MAX_LONGEST_SHARE, longest


def test_multiple_answer_lengths_alike_and_count_of_right_varies(specs):
    ratio, counts = multiple_stats(specs)
    assert LENGTH_RATIO[0] <= ratio <= LENGTH_RATIO[1], ratio
    assert len(counts) >= 3 and max(counts.values()) <= sum(counts.values()) / 2, counts


def test_most_hedged_option_is_often_wrong_and_sometimes_right(specs):
    wrong, right = most_hedged_shares(specs)
    assert wrong >= MIN_HEDGED_WRONG_SHARE and right >= MIN_HEDGED_RIGHT_SHARE, (wrong, right)


def test_no_phrase_belongs_to_one_side(specs):
    assert one_sided_phrases(specs) == {"only right": [], "only wrong": []}


def _by_file(specs, shares) -> dict[str, str]:
    """Each quiz's (right, wrong) shares, to show where a module-wide gap comes from."""
    return {spec.title: "{:.0%} / {:.0%}".format(*shares([spec])) for spec in specs if chosen_questions([spec])}


def test_absolute_words_sit_in_right_and_wrong_options_alike(specs):
    right, wrong = absolute_shares(specs)
    assert abs(right - wrong) <= MAX_SHARE_GAP, (right, wrong, _by_file(specs, absolute_shares))


def test_hedged_options_are_right_and_wrong_alike(specs):
    right, wrong = hedged_shares(specs)
    assert abs(right - wrong) <= MAX_SHARE_GAP, (right, wrong, _by_file(specs, hedged_shares))


def test_right_options_do_not_echo_the_prompt(specs):
    assert stem_echo_ratio(specs) <= MAX_ECHO_RATIO


def test_hedge_and_absolute_words_are_listed_in_the_quiz_readme():
    readme = (FIXTURES.parent.parent / "data" / "quizzes" / "README.md").read_text(encoding="utf-8")
    assert all(f"`{m}`" in readme for m in HEDGE_MARKERS + ABSOLUTE_WORDS)


@pytest.mark.parametrize(
    "fixture, broken",
    [
        ("second_shortest_always.yaml", "rank 2 holds"),
        ("right_is_longest.yaml", "longest in"),
        ("multiple_right_longer.yaml", "length ratio"),
        ("multiple_always_three.yaml", "hardly varies"),
        ("cautious_always_right.yaml", "most hedged option is wrong in only"),
        ("cautious_never_right.yaml", "most hedged option is right in only"),
        ("noting_only_right.yaml", "'noting that' is in only right"),
        ("absolute_words_in_wrong.yaml", "absolute words in"),
        ("hedges_in_right.yaml", "hedges in"),
        ("right_echoes_the_prompt.yaml", "repeat the prompt"),
    ],
)
def test_each_form_rule_can_fail(tmp_path, fixture, broken):
    folder = quiz_folder(tmp_path)
    shutil.copy(FIXTURES / "quiz_clues" / fixture, folder / "quizzes")
    spec = load_course(folder).quizzes[fixture.removesuffix(".yaml")]
    problems = rule_problems([spec])
    assert any(broken in p for p in problems), problems
