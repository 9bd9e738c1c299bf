"""Write a class report from a folder of saved quiz answers (see lessonkit/classreport.py).

Usage: ``python tools/class_report.py ANSWERS_DIR --out build/class-report [--anonymise]``
(or ``make class-report ANSWERS=<folder>``). Needs nothing but the module's own packages.
"""

from __future__ import annotations

import sys

from lessonkit.classreport import main

if __name__ == "__main__":
    sys.exit(main())
