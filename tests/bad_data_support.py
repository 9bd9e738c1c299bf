"""Build a data folder from the small valid set plus one broken fixture."""

import shutil
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def broken_folder(fault: str, into: Path) -> Path:
    """Copy ``good_data`` into ``into``, then lay fixture ``fault`` over it.

    A fixture folder holds replacement files, and optionally ``REMOVE``: names to delete.
    """
    folder = into / "data"
    shutil.copytree(FIXTURES / "good_data", folder)
    for item in (FIXTURES / "bad_data" / fault).iterdir():
        if item.name == "REMOVE":
            for name in item.read_text().split():
                (folder / name).unlink()
        elif item.name != "expected.txt":
            shutil.copy(item, folder / item.name)
    return folder
