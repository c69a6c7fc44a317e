"""Every figure function writes PNG and SVG, deterministically, inside its canvas."""

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from analysis.audit import audit, audit_frame
from analysis.estimates import strength_shares, weakness_shares
from analysis.figures import fig_audit, fig_strengths, fig_weaknesses
from analysis.figures.build import write_figures
from analysis.measures import claim_labels
from analysis.figures.style import save_figure
from analysis.ledger import read_ledger
from analysis.load import load_responses
from analysis.paths import FIGURES_DIR

NAMES = ("fig_strengths", "fig_weaknesses", "fig_audit")


def make(name, width):
    data, ledger = load_responses(), read_ledger()
    if name == "fig_audit":
        return fig_audit(audit_frame(audit(ledger, data)), claim_labels(ledger), width=width)
    builder, shares = {"fig_strengths": (fig_strengths, strength_shares), "fig_weaknesses": (fig_weaknesses, weakness_shares)}[name]
    return builder(shares(data), width=width)


@pytest.mark.parametrize("name", NAMES)
def test_figure_function_writes_png_and_svg(tmp_path, name):
    paths = save_figure(make(name, "single"), name, tmp_path)
    assert [p.name for p in paths] == [f"{name}.png", f"{name}.svg"]
    assert paths[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and b"<svg" in paths[1].read_bytes()


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("width", ["single", "double"])
def test_text_fits_the_print_width(name, width):
    fig = make(name, width)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    box = fig.get_tightbbox(canvas.get_renderer())
    assert box.width <= fig.get_figwidth() + 0.01 and box.height <= fig.get_figheight() + 0.01


def test_regenerating_gives_identical_bytes(tmp_path):
    first = write_figures(tmp_path / "a")
    second = write_figures(tmp_path / "b")
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_committed_figures_are_current(tmp_path):
    if "supplied via PAPER_DATA" in (FIGURES_DIR / "fig_audit.svg").read_text():
        pytest.skip("figures/ were last made from a PAPER_DATA file, not the shipped reconstruction")
    for fresh in write_figures(tmp_path):
        assert (FIGURES_DIR / fresh.name).read_bytes() == fresh.read_bytes(), f"figures/{fresh.name} is stale: make figures"


def test_png_is_300_dpi_and_svg_has_no_date(tmp_path):
    from PIL import Image

    png, svg = save_figure(make("fig_strengths", "single"), "f", tmp_path)
    assert Image.open(png).info["dpi"] == pytest.approx((300, 300), abs=0.01)
    assert b"<dc:date>" not in svg.read_bytes()


def test_figures_say_the_data_are_a_reconstruction(tmp_path):
    _, svg = save_figure(make("fig_audit", "single"), "f", tmp_path)
    assert "reconstruction" in svg.read_text()
