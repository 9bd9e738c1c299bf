"""Data folders and courses with featured rows, for tests/test_featured.py and the table tests."""

import dataclasses
import shutil
from pathlib import Path

from bad_data_support import FIXTURES

FEATURED = FIXTURES / "featured"


def module(into: Path, fault: str | None = None) -> Path:
    """A module folder: good_data with the featured fixture laid over it (and one fault), and notebooks/."""
    data = into / "data"
    shutil.copytree(FIXTURES / "good_data", data)
    shutil.copytree(FEATURED / "data", data, dirs_exist_ok=True)
    shutil.copytree(FEATURED / "notebooks", into / "notebooks")
    if fault:
        for item in (FEATURED / "faults" / fault).iterdir():
            if item.name != "expected.txt":
                shutil.copy(item, data / item.name)
    return data


def featuring(course, attr: str, ids: list[str], entry: str):
    """The course with ``ids`` of one table featured in ``entry`` (``lesson:table``), in that order."""
    frame = getattr(course, attr).copy()
    frame["featured_in"] = [[f"{entry}:{ids.index(i) + 1}"] if i in ids else [] for i in frame["id"]]
    return dataclasses.replace(course, **{attr: frame})
