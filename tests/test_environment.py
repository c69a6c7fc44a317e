"""requirements.txt and environment.yml pin the same packages at the same versions."""

import re

import yaml

from analysis.paths import ROOT


def _pins(lines):
    pins = {}
    for line in lines:
        line = line.split("#")[0].strip()
        if line:
            name, version = re.fullmatch(r"([A-Za-z0-9_.\-]+)==([^\s]+)", line).groups()
            pins[name.lower().replace("_", "-")] = version
    return pins


def test_environment_yml_matches_requirements():
    requirements = _pins((ROOT / "requirements.txt").read_text().splitlines())
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(item["pip"] for item in environment["dependencies"] if isinstance(item, dict))
    assert _pins(pip_section) == requirements
    conda = [item for item in environment["dependencies"] if isinstance(item, str)]
    assert "python=3.11" in conda and any(re.fullmatch(r"quarto>=1\.(4|[5-9])", item) for item in conda)


def test_every_pin_is_exact():
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        assert not line or "==" in line, line
