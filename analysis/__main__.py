"""Command line: ``python -m analysis {audit,reconstruct,figures,validate}``.

Bad data end with one message on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from analysis.load import DataError


def _audit(args: argparse.Namespace) -> None:
    from analysis.audit import audit, audit_frame
    from analysis.ledger import read_ledger
    from analysis.load import load_responses
    from analysis.paths import responses_path

    responses = None if args.no_data else load_responses()
    rows = audit(read_ledger(), responses)
    if args.format == "json":
        json.dump([asdict(row) for row in rows], sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return
    from tabulate import tabulate

    frame = audit_frame(rows)[["id", "basis", "published", "recomputed", "status", "note"]]
    source = "no respondent data (internal consistency only)" if responses is None else responses_path()
    print(f"Audit of the published abstract; data: {source}")
    widths = [None] * (frame.shape[1] - 1) + [70]  # the note wraps; the rest stays on one line
    print(tabulate(frame.fillna("-").values, headers=list(frame.columns), tablefmt="simple", maxcolwidths=widths))


def _reconstruct(args: argparse.Namespace) -> None:
    from analysis.reconstruct import write_reconstruction

    print(f"wrote {write_reconstruction()} (a reconstruction from the published abstract)")


def _figures(args: argparse.Namespace) -> None:
    from analysis.figures.build import write_figures
    from analysis.paths import FIGURES_DIR

    for path in write_figures(Path(args.out) if args.out else FIGURES_DIR):
        print(f"wrote {path}")


def _validate(args: argparse.Namespace) -> None:
    from analysis.load import load_responses
    from analysis.paths import responses_path

    frame = load_responses(args.path)
    print(f"{args.path or responses_path()}: valid, {len(frame)} respondents")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    audit_parser = commands.add_parser("audit", help="audit every number of the published abstract")
    audit_parser.add_argument("--format", choices=("table", "json"), default="table")
    audit_parser.add_argument("--no-data", action="store_true", help="check internal consistency only")
    audit_parser.set_defaults(run=_audit)
    reconstruct_parser = commands.add_parser("reconstruct", help="write data/responses.csv from the claims ledger")
    reconstruct_parser.set_defaults(run=_reconstruct)
    figures_parser = commands.add_parser("figures", help="write the figures to figures/ (PNG and SVG)")
    figures_parser.add_argument("--out", help="folder to write to (default: figures/)")
    figures_parser.set_defaults(run=_figures)
    validate_parser = commands.add_parser("validate", help="validate a respondent CSV ($PAPER_DATA or the shipped one)")
    validate_parser.add_argument("path", nargs="?")
    validate_parser.set_defaults(run=_validate)
    args = parser.parse_args(argv)
    try:
        args.run(args)
    except DataError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
