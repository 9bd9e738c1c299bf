"""The kit's checks of any module's content: the data validate, and every lesson's calls find
their data. They hold for this module and for every module made with ``make new-module``."""

import re

from kit_support import DATA_DIR, NOTEBOOKS, code_cells
from lessonkit.data import load_course, validate_folder


def test_the_data_folder_is_valid():
    _, problems = validate_folder(DATA_DIR)
    assert [str(p) for p in problems] == []


def test_every_quiz_a_notebook_shows_has_its_file():
    course = load_course()
    for path in NOTEBOOKS:
        for name in re.findall(r'quiz\.quiz\(course, "([^"]+)"\)', "\n".join(code_cells(path))):
            assert name in course.quizzes, f"{path.name} shows the quiz {name!r}: add data/quizzes/{name}.yaml"


def test_the_module_has_lessons():
    assert NOTEBOOKS, "notebooks/ holds no numbered lesson"
