"""The README and the guides: short, linked, and every command they show exists as shown."""

from __future__ import annotations

import importlib.util
import re
import shlex
from pathlib import Path

import pytest

from analysis.__main__ import build_parser
from analysis.paths import ROOT

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
GUIDES = ("docs/author.md", "docs/reviewer.md", "docs/maintainer.md")
TARGETS = set(re.findall(r"^([a-z][a-z-]*):", (ROOT / "Makefile").read_text(), flags=re.MULTILINE))


def shell_lines(page: Path) -> list[str]:
    """Every command of the page's ``sh`` blocks, comments and line continuations removed."""
    blocks = re.findall(r"^\s*```sh\n(.*?)^\s*```", page.read_text(encoding="utf-8"), flags=re.DOTALL | re.MULTILINE)
    lines = []
    for block in blocks:
        for line in block.replace("\\\n", " ").splitlines():
            line = line.split(" #")[0].strip()
            if line and not line.startswith("#"):
                lines += [part.strip() for part in re.split(r"&&|\bor\b", line) if part.strip()]
    return lines


def commands() -> list[tuple[str, str]]:
    return [(page.name, line) for page in PAGES for line in shell_lines(page)]


def test_the_readme_is_a_front_door():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    prose = re.sub(r"^\s*```.*?^\s*```", "", text, flags=re.DOTALL | re.MULTILINE)
    assert len(prose.split()) <= 1200
    for guide in GUIDES:
        assert (ROOT / guide).is_file() and f"]({guide})" in text, guide
    assert "](docs/popover.png)" in text


def test_the_guides_show_commands():
    assert len(commands()) >= 15
    for guide in GUIDES:
        assert shell_lines(ROOT / guide), guide


@pytest.mark.parametrize(("page", "line"), commands())
def test_each_command_names_a_target_or_a_subcommand_that_exists(page, line):
    words = shlex.split(line)
    while words and re.fullmatch(r"[A-Z_]+=\S*", words[0]):  # PAPER_DATA=... before the command
        words.pop(0)
    if words[0] == "make":
        targets = [word for word in words[1:] if not re.fullmatch(r"[A-Z_]+=\S*", word) and not word.startswith("-")]
        assert set(targets) <= TARGETS, (page, line)
    elif words[0].endswith("python") and words[1] == "-m":
        module, arguments = words[2], words[3:]
        if module == "analysis":
            build_parser().parse_args(arguments)  # exits (fails the test) if a subcommand or option is unknown
        else:
            assert importlib.util.find_spec(module) is not None, (page, line)
    else:
        assert words[0] in (".", "quarto", "git"), f"{page}: a command the test does not know: {line}"


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_every_link_resolves(page):
    text = re.sub(r"`[^`\n]*`", "", page.read_text(encoding="utf-8"))  # code is not a link
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target):
            continue
        path = (page.parent / target.split("#")[0]).resolve()
        assert path.exists(), f"{page.name}: {target}"
