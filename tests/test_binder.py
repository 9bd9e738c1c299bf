"""Binder, light: JupyterLab under a Binder-style ``/user/<id>/`` prefix serves the Lab page,
the notebooks and kernels, and a map drawn there gets its offline base map (the ``data:``
URL config works under a prefix, where ``/files/...`` URLs do not).

The full check (a fresh venv from binder/requirements.txt on binder/runtime.txt's Python,
every notebook run in it, kernel memory) takes minutes: ``python -m tools.binder_check``.
"""

from __future__ import annotations

import secrets
import sys
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest

from browser.labdriver import run_all, watch
from staged_fixture import FIXTURE, stage_handout_fixture
from tools import binder_check, manifest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = manifest.paths()


@pytest.fixture(scope="module")
def binder_lab(tmp_path_factory):
    """This venv's JupyterLab under /user/<random id>/, its root a scratch folder with the
    handout fixture and the real notebooks/ linked in. Not the run's shared ``lab``: that one
    serves at ``/``, because RISE's page never connects to its kernel under a prefix."""
    root = tmp_path_factory.mktemp("binder-root")
    stage_handout_fixture(root)
    server = binder_check.LabServer(
        tmp_path_factory.mktemp("binder-lab"), root, python=sys.executable, prefix=f"/user/test-{secrets.token_hex(4)}/"
    )
    with server:
        yield server


def test_lab_answers_under_the_prefix(binder_lab):
    lab = binder_lab
    answer = binder_check.probe(lab, [p.name for p in NOTEBOOKS])
    assert answer["lab_status"] == 200
    assert answer["lab_base_url"] == lab.prefix
    assert answer["contents_status"] == 200
    assert set(answer["notebooks_listed"]) == {p.name for p in NOTEBOOKS} and NOTEBOOKS
    assert answer["kernel_start_status"] == 201
    assert answer["rise_status"] == 200
    assert {"jupyterlab-plotly", "@jupyter-widgets/jupyterlab-manager", "jupyterlab-rise"} <= set(answer["extensions"])


def test_nothing_answers_outside_the_prefix(binder_lab):
    lab = binder_lab
    request = urllib.request.Request(f"{lab.origin}/api/contents", headers={"Authorization": f"token {lab.token}"})
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request, timeout=20)
    assert error.value.code == 404, "the server must live under the prefix only, as on Binder"


def test_maps_draw_their_base_map_under_the_prefix(binder_lab, browser):
    lab = binder_lab
    cells = nbformat.read(FIXTURE, as_version=4).cells
    figures = sum("figure" in c.metadata.get("tags", []) for c in cells)
    maps = sum("map" in c.metadata.get("tags", []) for c in cells)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    record = watch(page)
    run = run_all(page, lab, FIXTURE.relative_to(ROOT).as_posix())
    page.wait_for_function(
        f"""() => [...document.querySelectorAll('.js-plotly-plot')]
                   .filter(p => p.querySelector('g.layer.land path')).length >= {maps}""",
        timeout=30_000,
    )
    plots = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .js-plotly-plot").count()
    with_land = page.evaluate(
        "() => [...document.querySelectorAll('.js-plotly-plot')]"
        ".filter(p => p.querySelector('g.layer.land path')).length"
    )
    context.close()
    assert run.result and run.result["ok"], run.result
    assert plots == figures and with_land == maps
    assert not record.outside, f"asked the network for {record.outside}"
    assert not record.page_errors, record.page_errors
    assert all(lab.base_url in url for url in record.requests if url.startswith("http")), [
        url for url in record.requests if url.startswith("http") and lab.base_url not in url
    ]
