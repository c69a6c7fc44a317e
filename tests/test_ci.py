"""The users' CI workflow is valid, pinned, and runs the README's own commands."""

import re
import subprocess
import sys
from pathlib import Path

import yaml

from analysis.paths import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "paper.yml"
ACTIONLINT = Path(sys.executable).parent / "actionlint"


def test_actionlint_passes():
    result = subprocess.run([str(ACTIONLINT), str(WORKFLOW)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_action_is_pinned_to_a_version():
    uses = re.findall(r"uses:\s*(\S+)", WORKFLOW.read_text())
    assert uses and all(re.fullmatch(r"[\w./-]+@v\d+\.\d+\.\d+", action) for action in uses), uses


def test_it_runs_the_readme_commands_with_quarto_and_keeps_the_manuscript():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    steps = workflow["jobs"]["paper"]["steps"]
    runs = [step.get("run", "") for step in steps]
    readme = (ROOT / "README.md").read_text()
    for command in ("make test", "make paper"):
        assert command in runs and command in readme
    assert runs.index("make test") < runs.index("make paper")
    assert any(step.get("uses", "").startswith("quarto-dev/quarto-actions/setup@") for step in steps)
    setup_python = next(step for step in steps if step.get("uses", "").startswith("actions/setup-python@"))
    assert setup_python["with"]["python-version"] == "3.11"
    artifact = next(step for step in steps if step.get("uses", "").startswith("actions/upload-artifact@"))
    assert artifact["with"]["path"].rstrip("/") == "_manuscript"
    triggers = workflow.get("on", workflow.get(True))
    assert {"push", "pull_request"} <= set(triggers)
    assert workflow["jobs"]["pages"]["if"] == "github.ref == 'refs/heads/main' && github.event_name == 'push'"
