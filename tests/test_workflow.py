"""The CI workflow is valid GitHub Actions and runs what a newcomer runs."""

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
    runs = [step.get("run") for step in workflow["jobs"]["build"]["steps"]]
    assert runs.index("make test") < runs.index("make site")
    assert workflow[True]["push"]["branches"] == ["main"]  # YAML 1.1 reads `on` as true
    deploy = workflow["jobs"]["deploy"]["steps"]
    assert deploy[0]["uses"].startswith("actions/deploy-pages@")


def test_ci_runs_the_readme_test_command() -> None:
    assert "make test" in (REPO / ".ci/run").read_text()
    assert "make test" in (REPO / "README.md").read_text()
