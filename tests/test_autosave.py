"""A student's work is never lost: answers save themselves (debounced, atomic, one file per
student), come back after a restart or a re-run, load from a downloaded file, and a reveal waits
for an attempt or an explicit skip. Each rule is also run against a deliberate fault, which it
must catch."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import ClassVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lessonkit import answers
from lessonkit import answerbar, answerfile, lesson, prompts
from lessonkit.answerfile import AnswerFileError
from lessonkit.data import load_course
from lessonkit.quiz import quiz
from quiz_support import quiz_folder
from test_quiz_widget import order, question, tick

FIXTURES = Path(__file__).parent / "fixtures" / "saved_answers"
NOTEBOOK = "01_sample"


class FakeTimer:
    """A threading.Timer stand-in that never runs by itself: the test fires it."""

    made: ClassVar[list[FakeTimer]] = []

    def __init__(self, delay, action):
        self.delay, self.action, self.cancelled, self.daemon = delay, action, False, False
        FakeTimer.made.append(self)

    def start(self):
        pass

    def cancel(self):
        self.cancelled = True

    def fire(self):
        if not self.cancelled:
            self.action()


@pytest.fixture(scope="module")
def sample_course(tmp_path_factory):
    return load_course(quiz_folder(tmp_path_factory.mktemp("autosave")))


@pytest.fixture
def course(sample_course):
    """The sample course with no answer book yet (as in a fresh kernel)."""
    sample_course.answer_books.clear()
    yield sample_course
    for book in sample_course.answer_books.values():
        book.debouncer.cancel()
    sample_course.answer_books.clear()


def fresh_book(course, folder, timer=FakeTimer):
    """A new kernel's book for the sample notebook, saving in ``folder``."""
    course.answer_books.clear()
    book = answers.AnswerBook(NOTEBOOK, folder, timer=timer)
    course.answer_books[NOTEBOOK] = book
    return book


def saved(folder: Path, name: str = f"answers-{NOTEBOOK}.json") -> dict:
    return json.loads((folder / name).read_text(encoding="utf-8"))


# --- autosave: debounced, at once on Check ------------------------------------------------------


def test_typing_saves_once_after_a_pause_and_a_check_saves_at_once(course, tmp_path):
    book = fresh_book(course, tmp_path)
    guess = prompts.prompts(course, NOTEBOOK).guess("g", "A question?", answer="The answer.")
    FakeTimer.made.clear()
    for text in ["I", "I think", "I think so"]:
        guess.box.value = text
    assert not (tmp_path / f"answers-{NOTEBOOK}.json").exists(), "saved before the pause"
    assert [t.cancelled for t in FakeTimer.made] == [True, True, False]  # each keystroke restarts the wait
    FakeTimer.made[-1].fire()
    assert saved(tmp_path)["written"][0]["text"] == "I think so"
    q = quiz(course, NOTEBOOK, save_dir=tmp_path)
    question(q, "documents_signed").answer_widget.label = "8"
    question(q, "documents_signed").check_button.click()  # no timer to fire: written at once
    record = next(r for r in saved(tmp_path)["questions"] if r["id"] == "documents_signed")
    assert (record["tries"], record["correct"]) == (1, True)
    assert book.path == tmp_path / f"answers-{NOTEBOOK}.json"


def test_the_real_timer_waits_then_saves(tmp_path):
    """The kernel's own timer (threading.Timer), with a short delay: no long sleep."""
    book = answers.AnswerBook(NOTEBOOK, tmp_path, delay=0.05)
    box = answers.widgets.Textarea()
    book.add("g", "guess", "?", box)
    box.value = "written"
    book.debouncer._timer.join(5)
    assert saved(tmp_path)["written"][0]["text"] == "written"


def test_a_debouncer_that_saved_on_every_keystroke_would_be_caught():
    calls = []
    right = answers.Debouncer(1, lambda: calls.append("save"), timer=FakeTimer)
    FakeTimer.made.clear()
    right.poke()
    right.poke()
    for timer in FakeTimer.made:
        timer.fire()
    assert calls == ["save"]

    class Eager(answers.Debouncer):  # the fault: no waiting
        def poke(self):
            self.action()

    calls.clear()
    eager = Eager(1, lambda: calls.append("save"))
    eager.poke()
    eager.poke()
    assert calls != ["save"]


# --- atomic writes ------------------------------------------------------------------------------


def naive_write(path: Path, text: str) -> None:
    """The fault: write in place (a crash half-way leaves a broken or empty file)."""
    with path.open("w", encoding="utf-8") as file:
        file.write(text)
        file.flush()
        os.fsync(file.fileno())


def survives_a_crash(writer, folder: Path, monkeypatch) -> bool:
    """Whether the old file is intact, and no temporary file is left, when the disk fails mid-write."""
    path = folder / "answers-01_sample.json"
    path.write_text('{"old": true}', encoding="utf-8")

    def disk_full(_fd):
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(os, "fsync", disk_full)
        with pytest.raises(OSError):
            writer(path, '{"new": true}')
    return path.read_text(encoding="utf-8") == '{"old": true}' and sorted(p.name for p in folder.iterdir()) == [
        path.name
    ]


def test_writes_are_atomic_and_a_naive_writer_is_caught(tmp_path, monkeypatch):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert survives_a_crash(answerfile.write_atomic, tmp_path / "a", monkeypatch)
    assert not survives_a_crash(naive_write, tmp_path / "b", monkeypatch)


def test_a_save_that_fails_says_so_and_offers_the_text(course, tmp_path):
    book = fresh_book(course, tmp_path / "missing")
    box = answers.widgets.Textarea(value="")
    book.add("g", "guess", "?", box)
    box.value = "keep me"
    assert book.save() is None
    assert "Could not save" in book.status.value and "keep me" in book.copy_box.value
    assert book.copy_box.layout.display is None


# --- one student's file is never another's -------------------------------------------------------


def test_two_students_in_one_folder_never_overwrite_each_other(course, tmp_path, monkeypatch):
    def two_students() -> list[str]:
        names = []
        for text in ["Ali's guess", "Sara's guess"]:
            book = answers.AnswerBook(NOTEBOOK, timer=FakeTimer)  # a new session, no restore
            book.folder = tmp_path
            book.add("g", "guess", "?", answers.widgets.Textarea(value=text))
            book.name_field.value = "Sam"  # the same name (or both anonymous)
            names.append(book.save().name)
        return sorted(names)

    assert two_students() == ["answers-01_sample-Sam-2.json", "answers-01_sample-Sam.json"]
    texts = sorted(json.loads(p.read_text())["written"][0]["text"] for p in tmp_path.glob("*.json"))
    assert texts == ["Ali's guess", "Sara's guess"]
    for path in tmp_path.glob("*.json"):
        path.unlink()
    monkeypatch.setattr(answerfile, "owner_of", lambda path: "")  # the fault: owners not checked
    monkeypatch.setattr(answers.AnswerBook, "target", _ignoring_owners)
    assert two_students() != ["answers-01_sample-Sam-2.json", "answers-01_sample-Sam.json"]


def _ignoring_owners(self):
    return self.folder / answerfile.file_name(self.notebook, self.name_field.value)


def test_a_name_typed_later_moves_this_sessions_file_but_never_a_restored_one(course, tmp_path):
    book = fresh_book(course, tmp_path)
    book.add("g", "guess", "?", answers.widgets.Textarea(value="mine"))
    book.save()
    book.name_field.value = "Amina"
    book.save()
    assert [p.name for p in tmp_path.glob("*.json")] == ["answers-01_sample-Amina.json"]
    # A new session brings Amina's file back; a different student types their own name.
    other = fresh_book(course, tmp_path)
    assert other.name_field.value == "Amina" and other.restored_from is not None
    other.name_field.value = "Bilal"
    other.save()
    assert sorted(p.name for p in tmp_path.glob("*.json")) == [
        "answers-01_sample-Amina.json",
        "answers-01_sample-Bilal.json",
    ]


def test_start_afresh_clears_the_page_and_leaves_the_other_students_file(course, tmp_path):
    fresh_book(course, tmp_path)
    _, guess, _key, q = work_in(course, tmp_path)
    guess.box.value = "Ali's words here"
    guess.reveal.button.click()
    q.name_field.value = "Ali"
    q.save()
    ali = (tmp_path / "answers-01_sample-Ali.json").read_text(encoding="utf-8")
    book = fresh_book(course, tmp_path)  # the next student on the same machine and folder
    bar = answerbar.AnswersBar(book)
    _, guess, _key, q = work_in(course, tmp_path)
    assert guess.box.value == "Ali's words here" and bar.afresh.layout.display is None
    bar.afresh.click()
    assert guess.box.value == "" and not guess.reveal.shown and q.name_field.value == ""
    guess.box.value = "Sara writes"
    q.save()
    assert (tmp_path / "answers-01_sample-Ali.json").read_text(encoding="utf-8") == ali
    assert saved(tmp_path)["written"][0]["text"] == "Sara writes"  # no name yet: the plain file


def test_a_name_is_escaped_and_kept_out_of_the_path(course, tmp_path):
    book = fresh_book(course, tmp_path)
    book.name_field.value = "<script>x</script>/../y"
    path = book.save()
    assert path.parent == tmp_path and path.name == "answers-01_sample-script-x-script-y.json"
    assert "<script>" not in book.status.value and "&lt;script&gt;" in book.status.value


# --- versions ------------------------------------------------------------------------------------


def test_older_formats_migrate_and_unknown_ones_are_refused():
    one = answerfile.parse((FIXTURES / "answers-01_sample-format1.json").read_bytes())
    two = answerfile.parse((FIXTURES / "answers-01_sample-format2.json").read_bytes())
    assert (one["format"], one["saved_in_format"], two["saved_in_format"]) == (3, 1, 2)
    assert [q["attempts"] for q in one["questions"]] == [None, None]  # not recorded, never invented
    assert two["questions"][0]["attempts"] == [{"answer": "12", "correct": False}]
    assert one["written"][0] == {**two["written"][0], "skipped": False, "revealed": False}
    assert one["owner"] == "" and answerfile.migrate(one) == {**one, "saved_in_format": 3}
    for version in (4, "3", True, None):
        with pytest.raises(AnswerFileError, match="format"):
            answerfile.migrate({"format": version, "notebook": NOTEBOOK})


def reads_by_version() -> bool:
    """A format 1 file reads with its tries "not recorded" (never invented); a newer format is refused."""
    one = answerfile.parse((FIXTURES / "answers-01_sample-format1.json").read_bytes())
    try:
        answerfile.parse(b'{"format": 9, "notebook": "01_sample", "questions": []}')
    except AnswerFileError:
        refused = True
    else:
        refused = False
    return refused and one["questions"][0].get("attempts", "missing") is None and one["format"] == 3


def test_a_restarted_kernel_restores_a_format_1_file_and_leaves_it_as_it_was(course, tmp_path):
    (tmp_path / "answers-01_sample-Ella.json").write_bytes((FIXTURES / "answers-01_sample-format1.json").read_bytes())
    fresh_book(course, tmp_path)
    signed = question(quiz(course, NOTEBOOK, save_dir=tmp_path), "documents_signed")
    assert (signed.tries, signed.answer_widget.label, signed.attempts) == (1, "12", [])
    assert "format" not in saved(tmp_path, "answers-01_sample-Ella.json")  # read, not rewritten


def test_a_loader_that_ignored_the_version_would_be_caught(monkeypatch):
    assert reads_by_version()
    monkeypatch.setattr(answerfile, "migrate", lambda raw: dict(raw))  # the fault
    assert not reads_by_version()


# --- restore --------------------------------------------------------------------------------------


def work_in(course, folder):
    """A student's session: a guess, the key question skipped, every kind of quiz question."""
    ask = prompts.prompts(course, NOTEBOOK)
    guess = ask.guess("g", "A question?", answer="The answer.")
    key = ask.key_question("Why?", model_answer="Because.")
    q = quiz(course, NOTEBOOK, save_dir=folder)
    return ask, guess, key, q


def test_a_restarted_kernel_gets_every_box_and_the_quiz_back(course, tmp_path):
    fresh_book(course, tmp_path)
    _, guess, key, q = work_in(course, tmp_path)
    guess.box.value = "My guess is nine days"
    guess.reveal.button.click()
    key.skip_button.click()
    question(q, "documents_signed").answer_widget.label = "12"
    question(q, "documents_signed").check_button.click()
    question(q, "documents_signed").answer_widget.label = "5"
    question(q, "documents_signed").check_button.click()
    tick(question(q, "january_events"), "Pakistani strikes near Saravan")
    question(q, "border_km").answer_widget.value = "909"
    question(q, "border_km").check_button.click()
    order(
        question(q, "crisis_order"),
        "Iranian strikes in Panjgur district",
        "Pakistan recalls its ambassador from Iran",
        "Pakistani strikes near Saravan",
    )
    question(q, "reflect_accounts").answer_widget.value = "Both accounts."
    q.name_field.value = "Amina"
    q.save()
    before = [v.record() for v in q.questions]

    fresh_book(course, tmp_path)  # restart: a new kernel, run all
    _, guess2, key2, q2 = work_in(course, tmp_path)
    assert (
        guess2.box.value == "My guess is nine days"
        and guess2.reveal.shown
        and "The answer" in guess2.reveal.answer.value
    )
    assert key2.item.skipped and not key2.reveal.button.disabled and not key2.reveal.shown
    assert [v.record() for v in q2.questions] == before
    signed = question(q2, "documents_signed")
    assert "Not quite" in signed.feedback.value and signed.show_answer_button.layout.display is None
    assert "Correct" in question(q2, "border_km").feedback.value
    assert q2.name_field.value == "Amina" and "Question 1: " in q2.summary.value
    assert "brought back" in q2.save_status.value


def test_rerunning_the_setup_cell_keeps_boxes_that_hold_text(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(lesson, "_KERNEL_ANSWER_BOOKS", answers.KernelBooks())
    data = Path(__file__).parents[1] / "data"
    first = lesson.open_course(data)
    guess = prompts.prompts(first, "01_background").guess("g", "A question?")
    guess.box.value = "written before the re-run"
    second = lesson.open_course(data)  # the setup cell again
    book = answers.book(second, "01_background")
    assert book is answers.book(first, "01_background") and book.folder == tmp_path
    assert book.records()[0]["text"] == "written before the re-run"
    again = prompts.prompts(second, "01_background").guess("g", "A question?")  # the guess cell again
    assert again.box.value == "written before the re-run"
    book.debouncer.cancel()


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    texts=st.lists(st.text(max_size=80), min_size=1, max_size=4),
    skips=st.lists(st.booleans(), min_size=4, max_size=4),
    name=st.text(max_size=30),
)
def test_whatever_is_written_comes_back_the_same(course, tmp_path_factory, texts, skips, name):
    folder = tmp_path_factory.mktemp("roundtrip")
    book = fresh_book(course, folder)
    ask = prompts.prompts(course, NOTEBOOK)
    written = [ask.guess(f"g{i}", "?", answer="A.") for i in range(len(texts))]
    for box, text, skip in zip(written, texts, skips):
        box.box.value = text
        if skip:
            box.skip_button.click()
    book.name_field.value = name
    book.save()
    before = book.records()
    fresh_book(course, folder)
    ask = prompts.prompts(course, NOTEBOOK)
    again = [ask.guess(f"g{i}", "?", answer="A.") for i in range(len(texts))]
    assert [w.box.value for w in again] == texts
    assert answers.book(course, NOTEBOOK).records() == before
    assert answers.book(course, NOTEBOOK).name_field.value == name.strip()  # saved as typed, less spaces around


# --- reveals wait for an attempt or a skip --------------------------------------------------------


def gate_holds(guess) -> bool:
    """Closed on an empty box and on two words; open on three words; open after a skip."""
    steps = []
    for text in ["", "two words"]:
        guess.box.value = text
        steps.append(guess.reveal.button.disabled)
    guess.box.value = "three words here"
    steps.append(not guess.reveal.button.disabled)
    guess.box.value = ""
    guess.skip_button.click()
    steps.append(not guess.reveal.button.disabled)
    return all(steps)


def test_a_reveal_opens_only_after_three_words_or_a_skip(course, tmp_path, monkeypatch):
    fresh_book(course, tmp_path)
    ask = prompts.prompts(course, NOTEBOOK)
    guess = ask.guess("g", "?", answer="The answer.")
    assert guess.reveal.button.disabled and guess.skip_button.description == "I'd rather not guess"
    assert gate_holds(guess)
    record = saved(tmp_path)["written"][0]
    assert (record["skipped"], record["revealed"]) == (True, False)  # saved at once, for the class report
    guess.reveal.button.click()
    assert saved(tmp_path)["written"][0]["revealed"] is True
    assert ask.key_question("Why?", model_answer="M.").skip_button.description == "I'd rather not answer"
    monkeypatch.setattr(prompts, "enough_words", lambda text: True)  # the fault: an empty box opens it
    assert not gate_holds(ask.guess("h", "?", answer="The answer."))


def test_the_class_report_reads_skipped(course, tmp_path):
    from lessonkit.savedanswers import read_file

    fresh_book(course, tmp_path)
    _, guess, _key, q = work_in(course, tmp_path)
    guess.skip_button.click()
    question(q, "documents_signed").answer_widget.label = "8"
    question(q, "documents_signed").check_button.click()
    submission = read_file(answers.book(course, NOTEBOOK).path, course, [])
    assert [(w.id, w.skipped, w.revealed) for w in submission.written] == [
        ("g", True, False),
        ("key_question", False, False),
    ]


# --- Load my answers and Download my answers --------------------------------------------------------


def choose(loader: answerbar.LoadAnswers, content: bytes) -> None:
    when = dt.datetime(2024, 4, 22, tzinfo=dt.UTC)
    loader.upload.value = (
        {"name": "x.json", "type": "", "size": len(content), "content": memoryview(content), "last_modified": when},
    )


def test_loading_asks_first_then_restores_everything(course, tmp_path):
    fresh_book(course, tmp_path / "old")
    (tmp_path / "old").mkdir()
    _, guess, _key, q = work_in(course, tmp_path / "old")
    guess.box.value = "from the old session"
    question(q, "documents_signed").answer_widget.label = "8"
    question(q, "documents_signed").check_button.click()
    q.name_field.value = "<b>Amina</b>"
    downloaded = answerbar.DownloadButton(answers.book(course, NOTEBOOK)).file()
    assert downloaded["filename"] == "answers-01_sample-b-Amina-b.json"
    assert json.loads(downloaded["content"])["written"][0]["text"] == "from the old session"

    (tmp_path / "new").mkdir()
    book = fresh_book(course, tmp_path / "new")  # a new Binder session: nothing to bring back
    _, guess, _key, q = work_in(course, tmp_path / "new")
    loader = answerbar.AnswersBar(book).load
    choose(loader, downloaded["content"].encode())
    assert guess.box.value == "" and loader.choice.layout.display is None  # asked, nothing replaced yet
    assert "&lt;b&gt;Amina&lt;/b&gt;" in loader.message.value and "<b>Amina" not in loader.message.value
    loader.cancel_button.click()
    assert guess.box.value == "" and "Nothing was loaded" in loader.message.value
    choose(loader, downloaded["content"].encode())
    loader.confirm_button.click()
    assert guess.box.value == "from the old session" and question(q, "documents_signed").correct is True
    assert saved(tmp_path / "new", "answers-01_sample-b-Amina-b.json")["written"][0]["text"] == "from the old session"


@pytest.mark.parametrize(
    ("content", "sentence"),
    [
        (b"", "This file is empty."),
        (b"\xff\xfe\x00binary", "This file is not text saved by the quiz."),
        (b"[" * 100_000, "This file is damaged: it is not readable JSON."),
        (b'{"format": 2, "notebook": "01_sample", "questions": [', "This file is damaged: it is not readable JSON."),
        (b" " * 1_000_001, "This file is too large to be a saved answers file (they are a few KB)."),
        (b"[1, 2]", "This is not a saved answers file (it holds no answers object)."),
        (b'{"format": 9, "notebook": "01_sample"}', "This file was saved in format 9, which this module"),
        (b'{"notebook": "01_sample", "questions": 5}', "This file is damaged: its questions are not a list."),
        (
            b'{"notebook": "02_<script>", "questions": []}',
            "This file holds answers for the notebook 02_&lt;script&gt;, not this one (01_sample)",
        ),
    ],
)
def test_a_wrong_or_broken_file_gets_one_sentence(course, tmp_path, content, sentence):
    book = fresh_book(course, tmp_path)
    loader = answerbar.LoadAnswers(book)
    choose(loader, content)
    assert sentence in loader.message.value and 'role="alert"' in loader.message.value
    assert loader.choice.layout.display == "none" and "Traceback" not in loader.message.value
    assert loader.upload.value == ()  # ready for another file


def test_download_sends_the_saved_file_and_temporary_servers_say_so(course, tmp_path, monkeypatch):
    book = fresh_book(course, tmp_path)
    button = answerbar.DownloadButton(book)
    sent = []
    monkeypatch.setattr(button, "send", lambda content, buffers=None: sent.append(content))
    button._on_message(button, {"event": "download"}, [])
    assert sent[0]["content"] == (tmp_path / sent[0]["filename"]).read_text(encoding="utf-8")
    assert "Blob" in answerbar._DOWNLOAD_ESM and "link.download" in answerbar._DOWNLOAD_ESM
    assert answerbar.temporary_storage_note({}) == ""
    assert answerbar.temporary_storage_note({"LESSONKIT_TEMPORARY_STORAGE": "0"}) == ""
    for variable in answerbar.TEMPORARY_STORAGE_VARIABLES:
        assert "Download my answers" in answerbar.temporary_storage_note({variable: "1"})
