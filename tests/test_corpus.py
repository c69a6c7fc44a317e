"""The draft ledger and the audit on real published abstracts (``tests/fixtures/abstracts/``).

Each abstract comes with the ledger a reviewer wrote by hand and the verdicts worked out by hand
(see the folder's README). The draft of each abstract is matched to the hand ledger number by number
(same printed value, in order), and its kinds, pairs, denominators and, after an audit of the
unconfirmed draft without data, its verdicts are compared with the hand ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from analysis.audit import audit
from analysis.draft import draft_ledger
from analysis.numbers import number_value

CORPUS = Path(__file__).parent / "fixtures" / "abstracts"
ABSTRACTS = sorted(path.stem for path in CORPUS.glob("*.yml"))


def squeezed(text: str) -> str:
    return re.sub(r"\s+", " ", str(text)).strip()


@dataclass
class Comparison:
    """How the draft of one abstract compares with its hand ledger."""

    name: str
    numbers: int = 0
    found: int = 0
    kinds: int = 0
    pairs: int = 0
    denominators: int = 0  # right, or flagged as a subgroup for the reviewer
    verdicts: int = 0
    misses: list[str] = field(default_factory=list)


def compare(name: str) -> Comparison:
    entry = yaml.safe_load((CORPUS / f"{name}.yml").read_text(encoding="utf-8"))
    draft = draft_ledger(f"Title\n{entry['text']}\ndoi: x\n")
    statuses = {row.id: row.status for row in audit(draft)}
    rows = list(draft.itertuples())
    printed_of = {row.id: row.printed for row in rows}
    result, position = Comparison(name), 0
    for hand in entry["numbers"]:
        result.numbers += 1
        found = next((i for i in range(position, len(rows)) if squeezed(rows[i].printed) == squeezed(hand["printed"])),
                     None)
        if found is None:
            result.misses.append(f"{name}: {hand['printed']!r} not found")
            continue
        row, position = rows[found], found + 1
        result.found += 1
        checks = {
            "kind": row.kind == hand["kind"] or ((hand["kind"] == "design" and row.kind == "count")
            and hand["verdict"] == "not_recomputable"),
            "pair": squeezed(printed_of.get(row.count_id, "")) == squeezed(hand.get("count", "")),
            "denominator": hand["kind"] != "percentage" or str(number_value(str(hand.get("denominator", ""))) or "")
            == row.denominator or (hand.get("subgroup", False) and "subgroup" in row.note),
            "verdict": statuses[row.id] == hand["verdict"],
        }
        got = {"kind": row.kind, "pair": printed_of.get(row.count_id, ""), "denominator": row.denominator,
               "verdict": statuses[row.id]}
        wanted = {"kind": hand["kind"], "pair": hand.get("count", ""), "denominator": hand.get("denominator", ""),
                  "verdict": hand["verdict"]}
        for what, right in checks.items():
            if right:
                setattr(result, f"{what}s", getattr(result, f"{what}s") + 1)
            else:
                result.misses.append(f"{name}: {hand['printed']!r} {what} {got[what]!r}, by hand {wanted[what]!r}")
    return result


@pytest.fixture(scope="module")
def comparisons() -> list[Comparison]:
    return [compare(name) for name in ABSTRACTS]


def test_each_abstract_has_its_source_licence_and_hand_ledger():
    assert len(ABSTRACTS) >= 25
    for name in ABSTRACTS:
        entry = yaml.safe_load((CORPUS / f"{name}.yml").read_text(encoding="utf-8"))
        assert entry["source"].startswith("https://") and "CC BY" in entry["licence"] and entry["citation"]
        text = squeezed(entry["text"])
        assert all(squeezed(hand["printed"]) in text for hand in entry["numbers"]), name


def test_the_draft_then_audit_path_runs_on_every_abstract(comparisons):
    assert all(c.numbers for c in comparisons)  # each drafted and audited without raising


def summary(comparisons: list[Comparison]) -> dict[str, int]:
    return {what: sum(getattr(c, what) for c in comparisons)
            for what in ("numbers", "found", "kinds", "pairs", "denominators", "verdicts")}


def test_the_agreement_with_the_hand_ledgers(comparisons):
    """Figures as measured, so that a change that makes the draft worse fails here; the misses are listed."""
    figures = summary(comparisons)
    misses = [miss for c in comparisons for miss in c.misses]
    print("\n" + ", ".join(f"{k} {v}" for k, v in figures.items()) + "\n" + "\n".join(misses))
    # the bar: at least 95% of the numbers and pairs found, and the hand verdict for every number found
    assert figures["found"] >= 0.95 * figures["numbers"] and figures["pairs"] >= 0.95 * figures["numbers"], misses
    assert figures["verdicts"] == figures["found"], misses
    assert figures["denominators"] >= AGREEMENT["denominators"] and figures["kinds"] >= AGREEMENT["kinds"], misses


#: The agreement measured when the corpus was committed (a floor: raise it as the draft improves).
AGREEMENT = {"kinds": 329, "denominators": 327}
