"""Measure what a reader sees: do figure labels collide or get cut off, do quiz options overlap,
do widget controls run past the edge of their output?

Works on a JupyterLab notebook panel (``measure_notebook``) or an offline handout
(``measure_handout``): each measures everything in one call to the page and returns plain
data; ``label_problems``, ``option_problems`` and the other ``*_problems`` turn that into
readable problems (empty = fine). Nothing here asserts.
"""

from __future__ import annotations

#: Two labels collide when they share more than this part of the smaller one's area.
OVERLAP_SHARE = 0.25
#: Pixels a label may poke out of its frame before it counts as cut off (anti-aliasing).
TOLERANCE = 1.5
#: Smallest text a figure may show on a phone (px).
MIN_FONT_PX = 12

# Every visible SVG <text> of every plotly figure under `root`, with its box, its font size and
# the box it must stay inside: the figure (the whole SVG) or, for map labels, the map's frame
# (plotly clips them to it), and (``screen``: on a handout) never past the window's sides. Tick
# labels that plotly hides itself are skipped.
_FIGURE_LABELS = """(scope, screen) => {
  const box = r => ({x: r.left, y: r.top, w: r.width, h: r.height});
  const onScreen = r => { if (!screen) return box(r); const x = Math.max(r.left, 0);
    return {x, y: r.top, w: Math.min(r.right, window.innerWidth) - x, h: r.height}; };
  const shown = el => {
    for (let e = el; e && e.tagName !== 'svg'; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === 'none' || s.visibility === 'hidden' || parseFloat(s.opacity) === 0) return false;
    }
    return true;
  };
  return [...scope.querySelectorAll('.js-plotly-plot')].map((plot, index) => {
    plot.scrollIntoView({block: 'center'});
    const title = plot.querySelector('.gtitle');
    const labels = [];
    for (const text of plot.querySelectorAll('svg.main-svg text')) {
      const words = text.textContent.trim();
      if (!words || !shown(text)) continue;
      const r = text.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      const geo = text.closest('g.geo');
      const bg = geo && geo.querySelector('.bglayer rect.bg, rect.bg');
      const inside = text.closest('.layer.frontplot, .scattergeolayer, g.trace.scattergeo') && bg
          ? bg : plot.querySelector('.main-svg');
      const group = text.closest('g.annotation, g.legend, g.updatemenu-container, g.xtick, g.ytick, g.textpoint,'
                                 + ' g.infolayer, g.trace') || text.parentElement;
      labels.push({text: words.slice(0, 60), box: box(r), inside: onScreen(inside.getBoundingClientRect()),
                   font: parseFloat(getComputedStyle(text).fontSize),
                   kind: (group.getAttribute('class') || group.tagName).split(' ')[0]});
    }
    return {index, title: title ? title.textContent : `figure ${index + 1}`, labels};
  });
}"""

# Every quiz option label under `root`: ipywidgets radio and checkbox labels in JupyterLab, the
# printed option lists (`.quiz ol[type=A] li`) in a handout; with the box each must fit in.
_QUIZ_OPTIONS = """(scope) => {
  const box = r => ({x: r.left, y: r.top, w: r.width, h: r.height, right: r.right, scroll: 0});
  const quizzes = [...scope.querySelectorAll('.lessonkit-quiz, section.quiz')];
  return quizzes.map((quiz, index) => {
    const options = [];
    const labels = quiz.matches('section.quiz') ? quiz.querySelectorAll('ol[type=A] > li')
        : quiz.querySelectorAll('.widget-radio-box label, .widget-checkbox label');
    for (const label of labels) {
      label.scrollIntoView({block: 'center'});
      const container = label.closest('.widget-radio-box, .widget-checkbox, ol') || quiz;
      const r = label.getBoundingClientRect();
      options.push({text: label.textContent.trim().slice(0, 60), box: box(r),
                    container: box(container.getBoundingClientRect()),
                    overflow: label.scrollWidth - label.clientWidth,
                    spill: label.scrollHeight - label.clientHeight,
                    top: r.top - quiz.getBoundingClientRect().top});
    }
    return {index, options};
  });
}"""

# Every widget control (text box, button, slider, dropdown, radio group) under `root`, with the
# output area it must stay inside: a control running past the right edge is cut off or scrolls.
_WIDGET_CONTROLS = """(scope) => {
  const controls = scope.querySelectorAll('.jp-OutputArea-output .widget-textarea, .widget-text,'
      + ' .widget-button, .widget-slider, .widget-dropdown, .widget-radio, .widget-checkbox');
  return [...controls].filter(c => c.offsetParent !== null).map((control, index) => {
    const output = control.closest('.jp-OutputArea-output');
    const label = control.querySelector('.widget-label');
    const kinds = ['widget-textarea', 'widget-text', 'widget-button', 'widget-slider', 'widget-dropdown',
                   'widget-radio', 'widget-checkbox'];
    return {index, kind: kinds.find(k => control.classList.contains(k)) || control.className,
            text: ((label && label.textContent) || control.textContent || '').trim().slice(0, 50),
            right: control.getBoundingClientRect().right, edge: output.getBoundingClientRect().right};
  });
}"""


# JupyterLab renders only the cells near the view (the rest may be detached): bring each code
# cell with output into view, wait until plotly has drawn its figures within their output area
# (no resize pending: plotly's own ``_resolveResize``; at most 120 frames; a cell that
# was detached when the window changed gets a resize event), and measure it there.
_IN_LAB = """async ([measures]) => {
  const fns = Object.fromEntries(Object.entries(measures).map(([k, m]) => [k, eval(m)]));
  const frame = () => new Promise(r => requestAnimationFrame(r));
  const room = gd => (gd.closest('.jp-OutputArea-output') || gd.parentElement).getBoundingClientRect().width;
  const drawn = gd => gd._fullLayout && !gd._resolveResize && gd._fullLayout.width <= room(gd) + 1;
  const notebook = window.jupyterapp.shell.currentWidget.content;
  const found = Object.fromEntries(Object.keys(fns).map(k => [k, []]));
  for (let i = 0; i < notebook.widgets.length; i++) {
    const cell = notebook.widgets[i];
    if (cell.model.type !== 'code' || !cell.model.outputs.length) continue;
    await notebook.scrollToItem(i, 'start');
    await frame();
    // a cell JupyterLab had detached missed the window's resize: tell its figures again
    if (![...cell.node.querySelectorAll('.js-plotly-plot')].every(drawn)) window.dispatchEvent(new Event('resize'));
    for (let n = 0; n < 120 && ![...cell.node.querySelectorAll('.js-plotly-plot')].every(drawn); n++) await frame();
    await frame();
    for (const [k, fn] of Object.entries(fns))
      for (const item of fn(cell.node)) found[k].push({...item, index: found[k].length, cell: i});
  }
  return found;
}"""

# A handout at the current window, in one call: wait until its figures are laid out for this
# window (tools/handouts.js), then every figure's labels, every quiz's options, and the page's
# width against the window's.
_HANDOUT = """async ([measures]) => {
  if (window.handoutLayout) await window.handoutLayout.settled();
  const found = Object.fromEntries(Object.entries(measures).map(([k, m]) => [k, eval(m)(document, true)]));
  return {...found, window: window.innerWidth, page: document.documentElement.scrollWidth};
}"""

_MEASURES = {"figures": _FIGURE_LABELS, "quizzes": _QUIZ_OPTIONS, "widgets": _WIDGET_CONTROLS}


def measure_notebook(page) -> dict[str, list[dict]]:
    """The open JupyterLab notebook, cell by cell in one pass (one call): its figures' labels
    (``figures``), quiz options (``quizzes``) and widget controls (``widgets``)."""
    return page.evaluate(_IN_LAB, [_MEASURES])


def measure_handout(page) -> dict:
    """A handout page in one call, once its figures are laid out for the window: ``figures``,
    ``quizzes``, and the ``page``'s width against the ``window``'s."""
    return page.evaluate(_HANDOUT, [{"figures": _FIGURE_LABELS, "quizzes": _QUIZ_OPTIONS}])


def page_problems(measured: dict, where: str) -> list[str]:
    """A page wider than its window (the reader must scroll sideways)."""
    extra = measured["page"] - measured["window"]
    return [f"{where}: the page is {measured['page']} px wide, {extra} px wider than the window"] if extra > 0 else []


def small_text_problems(figures: list[dict], where: str, minimum: float = MIN_FONT_PX) -> list[str]:
    """Figure text smaller than ``minimum`` px."""
    return [
        f"{where}: figure {f['index'] + 1} ({f['title'][:50]!r}): {label['text']!r} is {label['font']:.0f} px, "
        f"under {minimum:.0f} px"
        for f in figures
        for label in f["labels"]
        if label["font"] < minimum
    ]


def widget_problems(controls: list[dict], where: str) -> list[str]:
    """Widget controls that run past the right edge of their output area."""
    return [
        f"{where}: {c['kind']} {c['text']!r} runs {c['right'] - c['edge']:.0f} px past the output's right edge"
        for c in controls
        if c["right"] - c["edge"] > TOLERANCE
    ]


def _shared(a: dict, b: dict) -> float:
    w = min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"])
    h = min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"])
    return max(0.0, w) * max(0.0, h)


def _outside(a: dict, frame: dict) -> float:
    """How many pixels ``a`` pokes out of ``frame`` on its worst side."""
    return max(
        frame["x"] - a["x"],
        a["x"] + a["w"] - frame["x"] - frame["w"],
        frame["y"] - a["y"],
        a["y"] + a["h"] - frame["y"] - frame["h"],
    )


def overlapping_labels(figure: dict) -> list[tuple[dict, dict]]:
    """Pairs of labels sharing more than OVERLAP_SHARE of the smaller one's area."""
    labels, pairs = figure["labels"], []
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            smaller = min(a["box"]["w"] * a["box"]["h"], b["box"]["w"] * b["box"]["h"])
            if smaller and _shared(a["box"], b["box"]) > OVERLAP_SHARE * smaller:
                pairs.append((a, b))
    return pairs


def clipped_labels(figure: dict) -> list[dict]:
    """Labels that reach past the edge of the figure (or of their map frame)."""
    return [label for label in figure["labels"] if _outside(label["box"], label["inside"]) > TOLERANCE]


def label_problems(figures: list[dict], where: str) -> list[str]:
    """Readable lines for every overlapping pair and every clipped label."""
    problems = []
    for figure in figures:
        name = f"{where}: figure {figure['index'] + 1} ({figure['title'][:50]!r})"
        problems += [
            f"{name}: {a['text']!r} ({a['kind']}) overlaps {b['text']!r} ({b['kind']})"
            for a, b in overlapping_labels(figure)
        ]
        problems += [
            f"{name}: {label['text']!r} ({label['kind']}) is cut off at the edge by "
            f"{_outside(label['box'], label['inside']):.0f} px"
            for label in clipped_labels(figure)
        ]
    return problems


def counts(figures: list[dict]) -> tuple[int, int]:
    """(overlapping pairs, clipped labels) over all figures."""
    return (sum(len(overlapping_labels(f)) for f in figures), sum(len(clipped_labels(f)) for f in figures))


def option_problems(quizzes: list[dict], where: str) -> list[str]:
    """Quiz options that overlap each other or are wider than their container."""
    problems = []
    for quiz in quizzes:
        options = quiz["options"]
        name = f"{where}: quiz {quiz['index'] + 1}"
        for i, a in enumerate(options):
            a_box = {**a["box"], "y": a["top"]}
            for b in options[i + 1 :]:
                if _shared(a_box, {**b["box"], "y": b["top"]}) > 0:
                    problems.append(f"{name}: option {a['text']!r} overlaps option {b['text']!r}")
            too_wide = max(a["box"]["right"] - a["container"]["right"], a["overflow"])
            if too_wide > TOLERANCE:
                problems.append(f"{name}: option {a['text']!r} is {too_wide:.0f} px wider than its box")
            if a.get("spill", 0) > TOLERANCE:  # a fixed-height label whose wrapped text runs under the next
                problems.append(f"{name}: option {a['text']!r} spills {a['spill']:.0f} px out of its line box")
    return problems
