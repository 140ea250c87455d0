"""The CI workflow is valid GitHub Actions and runs what a newcomer runs."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((REPO / ".github/workflows").glob("*.yml"))


def actionlint() -> str:
    found = shutil.which("actionlint", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.fail("actionlint is missing: run make install (it comes with the dev extras)")
    return found


def test_workflows_pass_actionlint() -> None:
    assert WORKFLOWS
    result = subprocess.run(
        [actionlint(), "-no-color", *map(str, WORKFLOWS)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses:\n"
    )
    result = subprocess.run([actionlint(), "-no-color", str(broken)], capture_output=True)
    assert result.returncode != 0


def test_the_workflow_tests_builds_and_deploys_main() -> None:
    workflow = yaml.safe_load((REPO / ".github/workflows/site.yml").read_text())
    runs = [step.get("run") or "" for step in workflow["jobs"]["build"]["steps"]]
    built = next(index for index, run in enumerate(runs) if run.endswith("make site"))
    assert runs.index("make test") < built
    assert "python -m bulletin.build.linkcheck site" in runs[built + 1]
    assert workflow[True]["push"]["branches"] == ["main"]  # YAML 1.1 reads `on` as true
    deploy = workflow["jobs"]["deploy"]["steps"]
    assert deploy[0]["uses"].startswith("actions/deploy-pages@")


def test_a_scheduled_run_publishes_embargoes_and_deploys_only_a_changed_site() -> None:
    """Every 15 minutes by default (the README says how late an embargo can go live); a run
    whose site was deployed already deploys nothing; none cancels another on main."""
    workflow = yaml.safe_load((REPO / ".github/workflows/site.yml").read_text())
    assert workflow[True]["schedule"] == [{"cron": "*/15 * * * *"}]
    assert "pull_request" in workflow["concurrency"]["cancel-in-progress"]
    steps = {
        step.get("name") or step.get("uses"): step for step in workflow["jobs"]["build"]["steps"]
    }
    assert steps["Test"]["if"] == "github.event_name != 'schedule'"
    assert steps["Build the site"]["run"].startswith('SOURCE_DATE_EPOCH="$(git log -1')
    looked_up = steps["Was this site deployed?"]["with"]
    assert looked_up["key"] == "deployed-${{ steps.digest.outputs.digest }}"
    assert looked_up["lookup-only"] is True
    deploy = workflow["jobs"]["deploy"]
    assert "needs.build.outputs.changed == 'true'" in deploy["if"]
    assert deploy["steps"][-1]["with"]["key"] == "deployed-${{ needs.build.outputs.digest }}"
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "*/15 * * * *" in readme and "## Publishing on time" in readme


def test_ci_runs_the_readme_test_command() -> None:
    assert "make test" in (REPO / ".ci/run").read_text()
    assert "make test" in (REPO / "README.md").read_text()


def test_ci_tests_both_pythons_and_both_generators() -> None:
    """The build job tests Python 3.11 with MkDocs (what it publishes); the test job the other
    pairs of 3.11 and 3.13 with MkDocs 1.6.1 and ProperDocs, each by `make test GENERATOR=…`."""
    workflow = yaml.safe_load((REPO / ".github/workflows/site.yml").read_text())
    build = workflow["jobs"]["build"]["steps"]
    python = next(step for step in build if "setup-python" in step.get("uses", ""))["with"]
    assert python["python-version"] == "3.11"
    assert "make test" in [step.get("run") for step in build]  # GENERATOR: mkdocs, the default
    tested = {("3.11", "mkdocs")}
    job = workflow["jobs"]["test"]
    matrix = job["strategy"]["matrix"]
    excluded = [(pair["python"], pair["generator"]) for pair in matrix.get("exclude", [])]
    tested |= {
        (python, generator)
        for python in matrix["python"]
        for generator in matrix["generator"]
        if (python, generator) not in excluded
    }
    assert tested == {(p, g) for p in ("3.11", "3.13") for g in ("mkdocs", "properdocs")}
    assert job["if"] == "github.event_name != 'schedule'"
    runs = [step.get("run") for step in job["steps"]]
    assert "make install GENERATOR=${{ matrix.generator }}" in runs
    assert runs[-1] == "make test GENERATOR=${{ matrix.generator }}"
    setup = next(step for step in job["steps"] if "setup-python" in step.get("uses", ""))
    assert setup["with"]["python-version"] == "${{ matrix.python }}"
    makefile = (REPO / "Makefile").read_text()
    assert "GENERATOR ?= mkdocs" in makefile
    assert "BULLETIN_GENERATOR=$(GENERATOR) $(BIN)/pytest" in makefile


def test_the_tests_run_on_the_generator_make_names() -> None:
    """`make test GENERATOR=properdocs` tests ProperDocs: every `mkdocs.*` module the tests
    import is then ProperDocs' own, as under `properdocs build` (tests/conftest.py)."""
    from mkdocs.plugins import BasePlugin

    generator = os.environ.get("BULLETIN_GENERATOR", "mkdocs")
    assert BasePlugin.__module__ == f"{generator}.plugins"
