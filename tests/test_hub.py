"""The class hub: the Zero to JupyterHub values against the chart's own schema, the sizing table
generated from the bench, and a two-student run of the bench under a real hub (``/user/<name>/``)."""

import copy
from concurrent.futures import ThreadPoolExecutor
import json
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml

from tools import hub_bench, hub_sizing

ROOT = Path(__file__).resolve().parents[1]
CHART = ROOT / "hub" / "z2jh-chart-4.4.0"
FIXTURES = ROOT / "tests" / "fixtures" / "hub"


def merged(defaults: dict, override: dict) -> dict:
    """What Helm validates: the chart's values.yaml with ours merged over it."""
    out = copy.deepcopy(defaults)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merged(out[key], value)
        else:
            out[key] = value
    return out


def schema_errors(values_path: Path) -> list[str]:
    schema = yaml.safe_load((CHART / "values.schema.yaml").read_text())
    values = merged(yaml.safe_load((CHART / "values.yaml").read_text()), yaml.safe_load(values_path.read_text()))
    validator = jsonschema.Draft7Validator(schema)
    return [f"{'.'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(values)]


def test_values_pass_the_charts_schema():
    assert schema_errors(ROOT / "hub" / "values.yaml") == []


def test_the_schema_check_fails_on_broken_values():
    errors = schema_errors(FIXTURES / "values_memory_as_number_of_students.yaml")
    assert any(e.startswith("singleuser.memory.limit") for e in errors), errors
    assert any("students" in e for e in errors), errors


def test_values_ask_for_culling_a_start_page_and_the_binder_image():
    values = yaml.safe_load((ROOT / "hub" / "values.yaml").read_text())
    assert values["cull"]["enabled"] is True
    assert values["singleuser"]["defaultUrl"].endswith("notebooks/00_start_here.ipynb")
    assert values["singleuser"]["lifecycleHooks"]["postStart"]["exec"]["command"][0] == "gitpuller"
    assert "nbgitpuller" in (ROOT / "binder" / "requirements.txt").read_text()


def test_guide_and_values_are_generated_from_the_measurement():
    assert hub_sizing.main(["--check"]) == 0


def test_the_sizing_check_fails_when_the_measurement_changes(tmp_path, monkeypatch):
    measured = json.loads(hub_sizing.MEASURED.read_text())
    for run in measured["runs"].values():
        run["mib_per_student"] *= 3
    fake = tmp_path / "measured.json"
    fake.write_text(json.dumps(measured))
    monkeypatch.setattr(hub_sizing, "MEASURED", fake)
    assert hub_sizing.main(["--check"]) == 1


def test_values_reserve_at_least_the_measured_peak():
    measured = json.loads(hub_sizing.MEASURED.read_text())
    peak = max(run["mib_per_student"] for run in measured["runs"].values())
    guarantee = yaml.safe_load((ROOT / "hub" / "values.yaml").read_text())["singleuser"]["memory"]["guarantee"]
    assert int(guarantee.rstrip("M")) >= peak


def test_sizing_grows_with_the_class():
    measured = json.loads(hub_sizing.MEASURED.read_text())
    cores = [hub_sizing.cores_for(n, measured) for n in hub_sizing.CLASS_SIZES]
    ram = [hub_sizing.ram_gib_for(n, measured) for n in hub_sizing.CLASS_SIZES]
    assert cores == sorted(cores) and ram == sorted(ram) and ram[0] < ram[-1]


def test_summary_line_and_percentile():
    assert hub_bench.percentile([1.0, 2.0, 3.0, 4.0], 95) == 4.0
    assert hub_bench.percentile([5.0], 95) == 5.0
    run = hub_bench.Run("notebooks/x.ipynb", 2, [hub_bench.Student("a", 3.0, 200.0), hub_bench.Student("b", error="x")])
    assert hub_bench.summary_line(run.summary()) == (
        "hub bench: 1/2 students ran notebooks/x.ipynb: median 3.0 s, p95 3.0 s, 200 MiB per student"
    )


@pytest.mark.full
@pytest.mark.kernel
def test_two_students_run_a_lesson_under_a_real_hub(tmp_path, capsys):
    out = tmp_path / "hub-bench.json"
    # in a thread of its own: a browser test in the same worker may leave an asyncio loop running here
    with ThreadPoolExecutor(1) as pool:
        code = pool.submit(
            hub_bench.main,
            [
                "--users",
                "2",
                "--notebook",
                "notebooks/01_background.ipynb",
                "--out",
                str(out),
                "--workdir",
                str(tmp_path / "hub"),
            ],
        ).result()
    printed = capsys.readouterr().out.strip().splitlines()
    assert code == 0, printed
    assert printed[-1].startswith("hub bench: 2/2 students ran notebooks/01_background.ipynb: median ")
    run = json.loads(out.read_text())["runs"]["2"]
    assert run["failures"] == [] and run["mib_per_student"] > 50
    shutil.rmtree(tmp_path / "hub", ignore_errors=True)
