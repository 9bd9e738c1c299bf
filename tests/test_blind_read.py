"""tools/blind_read.py: the reader's files give nothing away, and the score counts what it says."""

import json

from lessonkit.paths import QUIZ_DIR
from lessonkit.quizspec import read_quizzes
from tools import blind_read

QUIZZES, _ = read_quizzes(QUIZ_DIR, None, None)


def test_the_readers_files_hold_no_answer_no_feedback_and_no_skill():
    form, skills, key = blind_read.export(QUIZZES)
    for spec in QUIZZES.values():
        for question in spec.questions:
            assert f"skill: {question.skill}" not in skills
            for option in getattr(question, "options", []):
                assert option.feedback not in form and option.feedback not in skills
    assert "✓" not in form and "(correct)" not in form
    assert all(entry["right"] for entry in key.values() if entry["type"] in ("single", "multiple"))


def test_the_options_are_shuffled_and_the_key_follows_them():
    _, _, key = blind_read.export(QUIZZES)
    firsts = [entry["right"] for entry in key.values() if entry["type"] == "single"]
    assert len({tuple(r) for r in firsts}) > 1, "the right option always sits at the same letter"


def test_sure_right_picks_count_against_the_goal_and_guesses_do_not():
    _, _, key = blind_read.export(QUIZZES)
    chosen = {tag: entry for tag, entry in key.items() if "right" in entry}
    sure = {tag: {"pick": entry["right"], "confidence": "high"} for tag, entry in chosen.items()}
    guessed = {tag: {"pick": entry["right"], "confidence": "low"} for tag, entry in chosen.items()}
    labels = {tag: {"skill": entry["skill"]} for tag, entry in key.items()}
    assert not blind_read.score(key, sure, labels).form_ok
    result = blind_read.score(key, guessed, labels)
    assert result.form_ok and result.skills_ok and result.form_right == 0


def test_disagreeing_skill_labels_fail_the_goal(tmp_path, capsys):
    assert blind_read.main(["export", str(tmp_path)]) == 0
    key = json.loads((tmp_path / "key.json").read_text())
    wrong = {tag: {"skill": "recall" if entry["skill"] != "recall" else "sourcing"} for tag, entry in key.items()}
    (tmp_path / "skill_labels.json").write_text(json.dumps(wrong))
    assert blind_read.main(["score", str(tmp_path)]) == 1
    assert "skill labels agreeing: 0 of" in capsys.readouterr().out
