"""Build offline HTML handouts: one static page per lesson notebook, plus an index.

Usage: ``python -m tools.handouts --out build/handouts notebooks/*.ipynb`` (or ``make handouts``).

Each notebook is executed in a fresh kernel (or read already executed from ``--executed DIR``,
as the test run does with the notebooks nbval has just run), then written as plain HTML that works from
``file://`` with no network: Markdown rendered and sanitised, code hidden, plotly figures
drawn by one copy of plotly.js for the whole site (``assets/plotly.min.js``, from the
installed plotly package) with each figure's own config (including the offline base-map
``topojsonURL``, stored once per page), quizzes printed as questions with an "Answers"
section at the end of the page, other widgets replaced by a short note, and cells tagged
``notebook-only`` (instructions for a running notebook) left out.
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import sys
import time
from collections.abc import Iterable, Mapping
from itertools import pairwise
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import nbformat
import nh3
import plotly
from lessonkit import load_course, quiz
from lessonkit.quiztypes import kind_of
from lessonkit.text import json_for_script
from lessonkit.paths import BUILD_DIR
from markdown_it import MarkdownIt
from markupsafe import Markup

from tools.execute import execute

PLOTLY_MIME = "application/vnd.plotly.v1+json"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
#: Lays each figure out again on a phone (``handoutPlot``, ``handoutLayout.settled``).
PHONE_JS = Path(__file__).with_name("handouts.js")
QUIZ_CALL = re.compile(r"""\bquiz\s*\(\s*course\s*,\s*["']([\w-]+)["']""")
#: Cells tagged so are left out of the handouts: instructions that only make sense in a running
#: notebook ("run the cell above", "write it in the box").
NOTEBOOK_ONLY = "notebook-only"
WIDGET_NOTE = (
    "This part is interactive: open the notebook in JupyterLab (or Binder) "
    "to use it. It cannot work on a printed or offline page."
)

_markdown = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])

_TEMPLATES = jinja2.Environment(
    autoescape=True,
    loader=jinja2.DictLoader(
        {
            "base.html": """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<link rel="stylesheet" href="assets/handouts.css">
{% block head %}{% endblock %}
</head>
<body>
{% block body %}{% endblock %}
</body>
</html>
""",
            "page.html": """{% extends "base.html" %}
{% block head %}{% if figures %}<script src="assets/plotly.min.js"></script>
<script src="assets/handouts.js"></script>{% endif %}
{% if basemaps %}<script>const handoutBasemaps = {{ basemaps }};</script>{% endif %}{% endblock %}
{% block body %}<a class="skip" href="#content">Skip to the lesson</a>
<nav aria-label="Handouts"><a href="index.html">All handouts</a></nav>
<main id="content">
{{ body }}
{% if answers %}<section class="answers" aria-labelledby="answers">
<h2 id="answers">Answers</h2>
{% for quiz in answers %}<h3>{{ quiz.title }}</h3>
<ol>{% for answer in quiz.answers %}
<li>{{ answer }}</li>{% endfor %}
</ol>
{% endfor %}</section>{% endif %}
</main>{% endblock %}
""",
            "index.html": """{% extends "base.html" %}
{% block body %}<main>
<h1>{{ title }}</h1>
<p>These pages work offline and print well. Maps and charts can be zoomed and hovered.
Quizzes are printed as questions, with the answers at the end of each page; the other
interactive tools need the notebooks themselves (JupyterLab or Binder).</p>
<ol>{% for page in pages %}
<li><a href="{{ page.href }}">{{ page.title }}</a></li>{% endfor %}
</ol>
</main>{% endblock %}
""",
        }
    ),
)
PAGE = _TEMPLATES.get_template("page.html")
INDEX = _TEMPLATES.get_template("index.html")

CSS = """body{font:1rem/1.5 system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;color:#1a1a1a;
overflow-wrap:break-word}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem}
figure{margin:1.5rem 0}figcaption{font-weight:600}.plot{width:100%}img{max-width:100%;height:auto}
pre{white-space:pre-wrap;background:#f4f4f4;padding:.75rem;border-left:4px solid #888}
.table{overflow-x:auto;max-width:100%}.table:focus{outline:2px solid #0072b2}
table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #999;padding:.25rem .5rem;text-align:left}
.note{border:1px solid #888;padding:.5rem 1rem;font-style:italic}
.quiz ol[type=A]{margin-bottom:1rem}.answers{border-top:3px solid #333;margin-top:3rem}
@media (max-width:600px){body{padding:.5rem}figure{margin:1rem 0}}
@media print{nav,.skip{display:none}figure,.quiz li{break-inside:avoid}.answers{break-before:page}.table{overflow:visible}}
"""


@dataclass
class Page:
    """What one handout page collects while its notebook's cells are turned into HTML."""

    name: str
    links: Mapping[str, str]
    course: Any
    parts: list[str] = field(default_factory=list)
    figures: int = 0
    basemaps: dict[str, str] = field(default_factory=dict)
    answers: list[dict[str, Any]] = field(default_factory=list)
    title: str = ""


def quiz_html(text: str, inline: bool = False) -> str:
    """Quiz Markdown rendered exactly as the quiz widget renders it."""
    return quiz.markdown_html(text, inline=inline)


def timed_execute(path: Path) -> tuple[nbformat.NotebookNode, float]:
    """Run a notebook in a fresh kernel (``tools.execute``); also the seconds it took."""
    started = time.perf_counter()
    nb = execute(path)
    return nb, time.perf_counter() - started


def executed_reader(folder: Path):
    """Instead of running a notebook: read its executed copy ``folder/<name>.ipynb`` (0 s)."""

    def read(path: Path) -> tuple[nbformat.NotebookNode, float]:
        copy = Path(folder) / Path(path).name
        if not copy.exists():
            raise FileNotFoundError(f"{copy}: no executed copy of {path}")
        return nbformat.read(copy, as_version=4), 0.0

    return read


def markdown(text: str, links: Mapping[str, str] | None = None) -> str:
    """Markdown to sanitised HTML; links to other notebooks point at their handout pages."""
    links = links or {}

    def keep(tag: str, attr: str, value: str) -> str:
        if tag == "a" and attr == "href":
            target, _, anchor = value.partition("#")
            target = links.get(Path(target).name, target)
            return f"{target}#{anchor}" if anchor else target
        return value

    text = text.replace("\\\\$", "\\$")  # money is written \\$ for JupyterLab's MathJax (see notebook_rules)
    return nh3.clean(_markdown.render(text), attribute_filter=keep)


def _text(source: Any) -> str:
    return "".join(source) if isinstance(source, list) else str(source)


def _plain(markup: str) -> str:
    """Text of a plotly title (which may hold <br>, <b> and the like)."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup))).strip()


def _figure(page: Page, spec: Mapping[str, Any], described_by: str | None) -> str:
    """A plotly output as a <figure>: a div plus one Plotly.newPlot call with its own config."""
    page.figures += 1
    number = page.figures
    layout = dict(spec.get("layout", {}))
    config = dict(spec.get("config", {}))
    title = layout.get("title", {})
    title = _plain(title.get("text", "") if isinstance(title, Mapping) else str(title)) or f"Figure {number}"
    config_js = json_for_script(config)
    url = config.get("topojsonURL", "")
    if url.startswith("data:"):
        key = page.basemaps.setdefault(url, f"map{len(page.basemaps)}")
        del config["topojsonURL"]
        config_js = f"Object.assign({json_for_script(config)},{{topojsonURL:handoutBasemaps.{key}}})"
    div = f"figure-{number}"
    describe = f' aria-describedby="{described_by}"' if described_by else ""
    return (
        f'<figure class="figure" aria-label="{html.escape(title)}"{describe}>\n'
        f'<div id="{div}" class="plot"></div>\n'
        f'<script>handoutPlot("{div}",{json_for_script(spec.get("data", []))},'
        f"{json_for_script(layout)},{config_js});</script>\n"
        f"<figcaption>Figure {number}: {html.escape(title)}</figcaption>\n</figure>"
    )


def _shown_choices(view: Any) -> list[str]:
    """The options (or events to order) in the order the quiz widget shows them."""
    control = view.answer_widget
    if hasattr(control, "options"):  # radio buttons: (label, value) pairs
        return [label for label, _value in control.options]
    return [
        quiz.label_text(child.description)  # checkboxes, drop-downs
        for child in getattr(control, "children", ())
    ]


def _question(view: Any) -> tuple[str, str]:
    """One question of a lessonkit quiz, printed (HTML), and its answer as "Show answer" gives it."""
    parts = [quiz_html(view.question.prompt), f'<p class="how">{html.escape(view.instructions)}</p>']
    space = kind_of(view.question).printed(view, _shown_choices(view))
    if space:
        parts.append(space)
    answer = f'{view.solution()}<p class="source">Source: {view.sources}.</p>'
    return "\n".join(parts), answer


def _quiz(page: Page, name: str) -> str:
    """A quiz widget, printed: numbered questions here, answers at the end of the page.

    The questions come from the same lessonkit quiz the notebook shows, so options appear in
    the widget's order and each answer reads as its "Show answer" button would.
    """
    if name not in page.course.quizzes:
        raise KeyError(f"{page.name}: no quiz called {name!r} (expected data/quizzes/{name}.yaml)")
    widget = quiz.quiz(page.course, name)
    title = quiz_html(widget.spec.title, inline=True)
    rendered = [_question(view) for view in widget.questions]
    page.answers.append({"title": Markup(title), "answers": [Markup(a) for _, a in rendered]})
    items = "".join(f"<li>{body}</li>\n" for body, _ in rendered)
    label = html.escape(_plain(title))
    return (
        f'<section class="quiz" aria-label="{label}">\n<p><strong>{title}</strong> '
        f'(answers at the <a href="#answers">end of this page</a>)</p>\n<ol>\n{items}</ol>\n</section>'
    )


def _output(page: Page, cell: Any, out: Any, alt_id: str | None, described_by: str | None) -> str:
    """One cell output as HTML."""
    kind = out.get("output_type")
    if kind == "stream":
        if out.get("name") != "stdout":
            return ""
        ident = f' id="{alt_id}" class="text-alternative"' if alt_id else ""
        return f"<pre{ident}>{html.escape(_text(out['text']))}</pre>"
    if kind == "error":
        raise RuntimeError(f"{page.name}: a cell raised {out.get('ename')}: {out.get('evalue')}")
    data = out.get("data", {})
    if PLOTLY_MIME in data:
        return _figure(page, data[PLOTLY_MIME], described_by)
    if WIDGET_MIME in data:
        match = QUIZ_CALL.search(_text(cell.source))
        if match:
            return _quiz(page, match.group(1))
        if "text/html" in data:  # a reveal's answer, printed in a closed <details> (lessonkit.prompts)
            return nh3.clean(_text(data["text/html"]))
        return f'<p class="note">{WIDGET_NOTE}</p>'
    if "text/markdown" in data:
        return markdown(_text(data["text/markdown"]), page.links)
    if "text/html" in data:  # pandas tables: the index column's header is empty; name it
        shown = re.sub(r"<th>\s*</th>", "<th>Row</th>", nh3.clean(_text(data["text/html"])), count=1)
        return f'<div id="{alt_id}" class="text-alternative">{shown}</div>' if alt_id else shown
    if "image/png" in data:
        alt = html.escape(_text(data.get("text/plain", "")))
        return f'<img alt="{alt}" src="data:image/png;base64,{_text(data["image/png"]).strip()}">'
    if "text/plain" in data:
        return f"<pre>{html.escape(_text(data['text/plain']))}</pre>"
    return ""


def boxed_tables(body: str) -> str:
    """Every table in a box of its own that scrolls sideways (a wide table must not make the whole
    page scroll on a phone); the box can take the focus, so the keyboard can scroll it too."""
    count = iter(range(1, 10_000))

    def box(match: re.Match) -> str:  # landmarks need names of their own: numbered
        return (
            f'<div class="table" role="region" tabindex="0" aria-label="Table {next(count)} (scrolls sideways)"><table'
        )

    return re.sub(r"<table\b", box, body).replace("</table>", "</table></div>")


def _first_heading(nb: nbformat.NotebookNode) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#\s+(.+)$", _text(cell.source), re.M)
            if match:
                return _plain(_markdown.renderInline(match.group(1)))
    return ""


def render_page(
    nb: nbformat.NotebookNode, name: str, course: Any, links: Mapping[str, str] | None = None
) -> tuple[str, Page]:
    """An executed notebook as one standalone HTML page (and what the page holds).

    ``course`` (a lessonkit Course) supplies the quizzes.
    """
    page = Page(name, links or {}, course)
    page.title = _first_heading(nb) or name
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    # The text alternative is what the code cell after a figure prints.
    alt_after = {
        a: b
        for a, b in pairwise(code)
        if "figure" in nb.cells[a].metadata.get("tags", [])
        and any(o.get("name") == "stdout" or "text/plain" in o.get("data", {}) for o in nb.cells[b].get("outputs", []))
    }
    alt_of = {b: f"alt-{b}" for b in alt_after.values()}
    for index, cell in enumerate(nb.cells):
        if NOTEBOOK_ONLY in cell.metadata.get("tags", []):
            continue
        if cell.cell_type == "markdown":
            page.parts.append(markdown(_text(cell.source), page.links))
        elif cell.cell_type == "code":
            described = alt_of.get(alt_after[index]) if index in alt_after else None
            alt_id = alt_of.get(index)
            for out in cell.get("outputs", []):
                page.parts.append(_output(page, cell, out, alt_id, described))
                if alt_id and (out.get("output_type") == "stream" or "text/html" in out.get("data", {})):
                    alt_id = None  # one id per cell
    basemaps = json_for_script({key: url for url, key in page.basemaps.items()}) if page.basemaps else ""
    text = PAGE.render(
        title=page.title,
        figures=page.figures,
        answers=page.answers,
        body=Markup(boxed_tables("\n".join(p for p in page.parts if p))),
        basemaps=Markup(basemaps),
    )
    return text, page


def write_assets(out: Path) -> None:
    """The files every page shares: plotly.js (once for the site), the script that lays figures
    out again on a phone, and the stylesheet."""
    assets = out / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(PLOTLY_JS, assets / "plotly.min.js")
    (assets / "handouts.css").write_text(CSS, encoding="utf-8")
    shutil.copyfile(PHONE_JS, assets / "handouts.js")


def build(paths: Iterable[Path], out: Path, course: Any, jobs: int = 2, log=print, run=timed_execute) -> list[Page]:
    """Execute the notebooks (``jobs`` kernels at a time, each its own process) and write their pages, the index and
    the shared assets into ``out``. ``run`` gives a path's executed notebook and seconds (default: run it now)."""
    paths = [Path(p) for p in paths]
    links = {p.name: f"{p.stem}.html" for p in paths}
    write_assets(out)
    pages = []
    with ThreadPoolExecutor(max_workers=max(1, min(jobs, len(paths)))) as pool:
        for path, (nb, seconds) in zip(paths, pool.map(run, paths)):
            text, page = render_page(nb, path.stem, course, links)
            target = out / f"{path.stem}.html"
            target.write_text(text, encoding="utf-8")
            log(f"{target}: {len(text.encode()) / 1024:.0f} KB, {page.figures} figures, run in {seconds:.1f} s")
            pages.append(page)
    index = INDEX.render(title="Lesson handouts", pages=[{"href": f"{p.name}.html", "title": p.title} for p in pages])
    (out / "index.html").write_text(index, encoding="utf-8")
    return pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=BUILD_DIR / "handouts")
    parser.add_argument("--data", type=Path, default=None, help="data folder (default: data/)")
    parser.add_argument("--jobs", type=int, default=2, help="notebooks run at the same time (default 2)")
    parser.add_argument(
        "--executed",
        type=Path,
        default=None,
        help="folder of already executed copies (same file names) to render instead of running",
    )
    parser.add_argument("notebooks", nargs="+", type=Path)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    run = executed_reader(args.executed) if args.executed else timed_execute
    build(args.notebooks, args.out, load_course(args.data), jobs=args.jobs, run=run)
    size = sum(f.stat().st_size for f in (args.out / "assets").iterdir())
    print(f"{args.out / 'index.html'}; assets {size / 1024:.0f} KB; {time.perf_counter() - started:.1f} s in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
