"""Command line: ``python -m analysis {audit,grim,draft-ledger,reconstruct,figures,validate,verify}``.

Bad data and bad arguments end with one line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from dataclasses import asdict
from pathlib import Path


class _Parser(argparse.ArgumentParser):
    """Argument errors in one line, like every other refusal here."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message}\n")


class _Refusal(Exception):
    """Input the command cannot work with; its message is the one line shown."""


def _audit(args: argparse.Namespace) -> None:
    from analysis.audit import audit, audit_frame, audit_summary
    from analysis.ledger import LEDGER_PATH, read_ledger
    from analysis.load import load_responses
    from analysis.paths import responses_path

    ledger_path = Path(args.ledger) if args.ledger else LEDGER_PATH
    responses = None if args.no_data else load_responses()
    try:
        rows = audit(read_ledger(ledger_path), responses)
    except (OSError, ValueError, KeyError) as error:
        raise _Refusal(f"{ledger_path}: cannot audit this ledger: {error}") from error
    if args.format == "json":
        json.dump([asdict(row) for row in rows], sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return
    from tabulate import tabulate

    frame = audit_frame(rows)[["id", "basis", "published", "recomputed", "status", "note"]]
    source = "no respondent data (internal consistency only)" if responses is None else responses_path()
    print(f"Audit of {ledger_path}; data: {source}")
    widths = [None] * (frame.shape[1] - 1) + [70]  # the note wraps; the rest stays on one line
    print(tabulate(frame.fillna("-").values, headers=list(frame.columns), tablefmt="simple", maxcolwidths=widths))
    print(audit_summary(rows))


#: Above this many consistent counts, ``grim`` prints their runs only (``--all`` lists them all).
LIST_LIMIT = 1000


def _grim(args: argparse.Namespace) -> None:
    from analysis.consistency import PROCEDURE_WORDS, ROUNDING, PrintedShare, grim, procedures_of

    try:
        printed = PrintedShare.parse(args.value, proportion=args.proportion)
        n = int(args.n) if args.n.strip().isdigit() else 0
        if n <= 0:
            raise ValueError(f"N must be a positive whole number, got {args.n!r}")
        procedures_of(args.rounding)
    except ValueError as error:
        raise _Refusal(str(error)) from error
    result = grim(printed, n, args.rounding)
    listed = args.all or result.count_total <= LIST_LIMIT
    counts = result.counts if listed else {}
    others = {name: found for name in ROUNDING if name != args.rounding and len(procedures_of(name)) == 1
              and (found := grim(printed, n, name).ranges.get(procedures_of(name)[0]))}
    # Exact values to three places beyond the printed ones, so that no exact value looks like a tie.
    exact = {k: f"{float(printed.exact(k, n)):.{printed.decimals + 3}f}" for k in (*counts, *result.nearest)}

    def run(first: int, last: int) -> str:
        return str(first) if first == last else f"{first}-{last}"

    if args.format == "json":
        report = {"value": printed.text, "n": n, "decimals": printed.decimals,
                  "scale": "percent" if printed.percent else "proportion", "rounding": args.rounding,
                  "verdict": result.verdict,
                  "ranges": [{"from": first, "to": last, "procedure": procedure}
                             for procedure, (first, last) in result.ranges.items()],
                  "count_total": result.count_total}
        if listed:
            report["counts"] = [{"count": k, "exact": exact[k], "procedures": list(rules)}
                                for k, rules in counts.items()]
        report["nearest"] = [{"count": k, "exact": exact[k], "prints_as": shown} for k, shown in result.nearest.items()]
        report["other_rounding"] = {name: list(range(first, last + 1)) if last - first < LIST_LIMIT
                                    else {"from": first, "to": last} for name, (first, last) in others.items()}
        json.dump(report, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return

    def unit(text: str) -> str:
        return text + "%" if printed.percent and not text.endswith("%") else text

    print(f"GRIM: {unit(printed.text)} with N = {n}, rounding {args.rounding} "
          f"({printed.decimals} decimal{'s' * (printed.decimals != 1)}, {printed.grid} printable values)")
    print(f"verdict: {result.verdict}")
    if result.verdict == "not testable":
        print(f"  N reaches the {printed.grid} printable values, so every value is reachable by some count")
    if listed:
        for k, rules in counts.items():
            words = ", ".join(PROCEDURE_WORDS[rule] for rule in rules)
            print(f"  {k}/{n} = {unit(exact[k])} prints as {unit(printed.text)} ({words})")
    else:
        for procedure, (first, last) in result.ranges.items():
            print(f"  counts {run(first, last)} of {n} print as {unit(printed.text)} ({PROCEDURE_WORDS[procedure]}; "
                  f"{last - first + 1} counts; --all lists them)")
    for k, shown in result.nearest.items():
        print(f"  nearest: {k}/{n} = {unit(exact[k])} prints as {unit(shown)}")
    found = [f"{name} gives {run(*pair)}" for name, pair in others.items()]
    if result.verdict == "inconsistent" and found:
        print(f"  under other rounding: {'; '.join(found)}")


def _draft_ledger(args: argparse.Namespace) -> None:
    from analysis.draft import draft_ledger

    try:
        text = Path(args.abstract).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise _Refusal(f"{args.abstract}: cannot read the abstract: {error}") from error
    draft = draft_ledger(text)
    if args.out:
        draft.to_csv(args.out, index=False)
        print(f"wrote {args.out}: {len(draft)} numbers; confirm each basis, denominator and measure", file=sys.stderr)
    else:
        draft.to_csv(sys.stdout, index=False)


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


def _verify(args: argparse.Namespace) -> int:
    from analysis.verify import verify

    try:
        report = verify(Path(args.target), Path(args.records) if args.records else None)
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise _Refusal(f"cannot verify {args.target}: {error}") from error
    print(report.summary())
    return 1 if report.differences else 0


def build_parser() -> argparse.ArgumentParser:
    """Every subcommand and its options (also read by the test of the guides' commands)."""
    parser = _Parser(prog="python -m analysis", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    audit_parser = commands.add_parser("audit", help="audit every number of a claims ledger (this paper's by default)")
    audit_parser.add_argument("--format", choices=("table", "json"), default="table")
    audit_parser.add_argument("--ledger", help="a confirmed claims ledger (default: data/published/claims.csv)")
    audit_parser.add_argument("--no-data", action="store_true", help="check internal consistency only")
    audit_parser.set_defaults(run=_audit)
    grim_parser = commands.add_parser("grim", help="GRIM test of a percentage (or proportion) and a sample size")
    grim_parser.add_argument("value", help='the value as printed, e.g. "15.1" or "15.1%%" (decimals count)')
    grim_parser.add_argument("--n", required=True, help="the sample size N")
    grim_parser.add_argument("--rounding", default="up_or_down",
                             help="scrutiny's rounding: up_or_down (default), up, down, even, trunc, anti_trunc, "
                                  "ceiling, floor, ceiling_or_floor")
    grim_parser.add_argument("--proportion", action="store_true", help="the value is a proportion such as 0.40")
    grim_parser.add_argument("--format", choices=("table", "json"), default="table")
    grim_parser.add_argument("--all", action="store_true", help="list every consistent count, however many")
    # "-5%" is a value, refused with its own message, not an unknown option
    grim_parser._negative_number_matcher = re.compile(r"^-\d")
    grim_parser.set_defaults(run=_grim)
    draft_parser = commands.add_parser("draft-ledger", help="draft a claims ledger from an abstract's text")
    draft_parser.add_argument("abstract", help="the abstract as a UTF-8 text file")
    draft_parser.add_argument("--out", help="CSV file to write (default: standard output)")
    draft_parser.set_defaults(run=_draft_ledger)
    reconstruct_parser = commands.add_parser("reconstruct", help="write data/responses.csv from the claims ledger")
    reconstruct_parser.set_defaults(run=_reconstruct)
    figures_parser = commands.add_parser("figures", help="write the figures to figures/ (PNG, JPEG and SVG)")
    figures_parser.add_argument("--out", help="folder to write to (default: figures/)")
    figures_parser.set_defaults(run=_figures)
    validate_parser = commands.add_parser("validate", help="validate a respondent CSV ($PAPER_DATA or the shipped one)")
    validate_parser.add_argument("path", nargs="?")
    validate_parser.set_defaults(run=_validate)
    verify_parser = commands.add_parser("verify", help="re-compute every number of a rendered copy of the paper "
                                                       "and compare (provenance.json, HTML, DOCX or PDF)")
    verify_parser.add_argument("target", nargs="?", default="_manuscript/provenance.json",
                               help="provenance.json (default: _manuscript/provenance.json), or an HTML, DOCX or PDF")
    verify_parser.add_argument("--records", help="for a DOCX or PDF: the provenance.json of its render "
                                                  "(default: the one beside it)")
    verify_parser.set_defaults(run=_verify)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        status = args.run(args)
        sys.stdout.flush()
    except BrokenPipeError:  # the reader left (`| head`): stop quietly, as a Unix filter does
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as error:
        from analysis.load import DataError  # imported only now: grim and draft-ledger need no pandas

        if not isinstance(error, (DataError, _Refusal)):
            raise
        print(f"error: {error}", file=sys.stderr)
        return 2
    return status or 0


if __name__ == "__main__":
    sys.exit(main())
