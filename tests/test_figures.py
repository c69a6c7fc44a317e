"""Every registered figure: its files (PNG and JPEG at 300 dpi, SVG), byte-stable, inside its canvas."""

import re

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image

from analysis.figures import draw, figure, registry
from analysis.figures.build import write_figures
from analysis.figures.style import save_figure
from analysis.ledger import read_ledger
from analysis.load import load_responses
from analysis.paths import FIGURES_DIR, ROOT

NAMES = sorted(registry())
SUFFIXES = ("png", "jpg", "svg")


def make(name, width="single", is_reconstruction=True):
    return draw(name, load_responses(), read_ledger(), is_reconstruction=is_reconstruction, width=width)


def test_the_registry_finds_one_module_per_figure():
    modules = sorted(p.stem for p in (ROOT / "analysis" / "figures").glob("fig_*.py"))
    # Adding a figure is one module here and one chunk in paper.qmd; nothing lists the names by hand.
    assert modules == NAMES and {"fig_audit", "fig_strengths", "fig_weaknesses"} <= set(NAMES)


def test_every_figure_is_drawn_by_a_paper_chunk_whose_caption_names_its_module():
    paper = (ROOT / "paper.qmd").read_text()
    for name, spec in registry().items():
        chunk = re.search(rf"#\| label: {name.replace('_', '-')}\n#\| fig-cap: \"(.*?)\"\n(.*?)\n```", paper, re.S)
        assert chunk, f"no chunk labelled {name.replace('_', '-')}"
        assert spec.module in chunk.group(1), f"the caption of {name} should name {spec.module}"
        assert f'figure("{name}"' in chunk.group(2)


@pytest.mark.parametrize("name", NAMES)
def test_files_are_png_jpeg_and_svg(tmp_path, name):
    paths = save_figure(make(name), name, tmp_path)
    assert [p.name for p in paths] == [f"{name}.{suffix}" for suffix in SUFFIXES]
    png, jpg, svg = (p.read_bytes() for p in paths)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and jpg[:3] == b"\xff\xd8\xff" and b"<svg" in svg
    for raster in paths[:2]:
        assert Image.open(raster).info["dpi"] == pytest.approx((300, 300), abs=0.01)
    assert b"<dc:date>" not in svg


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("width", ["single", "double"])
def test_text_fits_the_print_width(name, width):
    fig = make(name, width)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    box = fig.get_tightbbox(canvas.get_renderer())
    assert box.width <= fig.get_figwidth() + 0.01 and box.height <= fig.get_figheight() + 0.01


@pytest.mark.render
def test_regenerating_gives_identical_bytes(tmp_path):
    first = write_figures(tmp_path / "a")
    second = write_figures(tmp_path / "b")
    assert [p.name for p in first] == [f"{n}.{s}" for n in NAMES for s in SUFFIXES]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


@pytest.mark.render
def test_committed_figures_are_current(tmp_path):
    committed = {p.name for p in FIGURES_DIR.iterdir()}
    expected = {f"{n}.{s}" for n in NAMES for s in SUFFIXES}
    assert not expected - committed, f"missing in figures/: {sorted(expected - committed)}; `make figures` writes them"
    assert not committed - expected, f"not a figure's file: {sorted(committed - expected)}; `make figures` removes them"
    if "supplied via PAPER_DATA" in (FIGURES_DIR / "fig_audit.svg").read_text():
        pytest.skip("figures/ were last made from a PAPER_DATA file, not the shipped reconstruction")
    for fresh in write_figures(tmp_path):
        assert (FIGURES_DIR / fresh.name).read_bytes() == fresh.read_bytes(), f"figures/{fresh.name} is stale"


def test_the_manuscript_writes_the_journal_files_only_when_the_render_asks(tmp_path, monkeypatch):
    responses, ledger = load_responses(), read_ledger()
    figure("fig_strengths", responses, ledger)
    assert not list(tmp_path.iterdir())
    monkeypatch.setenv("RENDER_FIGURES_DIR", str(tmp_path))
    figure("fig_strengths", responses, ledger)
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"fig_strengths.{s}" for s in sorted(SUFFIXES)]


@pytest.mark.render
@pytest.mark.parametrize("name", NAMES)
def test_figures_say_which_data_they_show(tmp_path, name):
    *_, svg = save_figure(make(name), name, tmp_path)
    assert "reconstruction from published aggregates" in svg.read_text()
    *_, svg = save_figure(make(name, is_reconstruction=False), name, tmp_path)
    assert "supplied via PAPER_DATA" in svg.read_text() and "reconstruction" not in svg.read_text()
