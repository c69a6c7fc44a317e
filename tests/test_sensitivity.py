"""What each disagreement could change (analysis.sensitivity), worked out by hand."""

import pytest

from analysis.audit import audit
from analysis.ledger import read_ledger
from analysis.load import load_responses
from analysis.sensitivity import disagreement_shares, disagreements, robustness
from tests.helpers import wilson_closed_form


def shares_for(ledger, n=362):
    return disagreement_shares(audit(ledger, load_responses()), ledger, n)


def test_the_three_disagreements_of_the_abstract():
    ledger = read_ledger()
    shares = shares_for(ledger)
    # 40% of 362: 143-148; 35%: [34.5, 36) -> 124.9-130.3 -> 125-130; 29%: [28.5, 30) -> 103.2-108.6 -> 104-108.
    assert shares[["label", "printed", "printed_count", "n", "low", "high"]].values.tolist() == [
        ["Personal development and support", "141 (40%)", 141, 362, 143, 148],
        ["Better communication and interaction", "131 (35%)", 131, 362, 125, 130],
        ["No weakness perceived", "107 (29%)", 107, 362, 104, 108],
    ]
    first = shares.iloc[0]
    for end, count in (("low", 143), ("high", 148), ("printed", 141)):
        assert first[f"share_{end}"] == pytest.approx(count / 362)
        assert (first[f"lower_{end}"], first[f"upper_{end}"]) == pytest.approx(wilson_closed_form(count, 362))
    assert [row.id for row, _ in disagreements(audit(ledger), ledger)] == [
        "strength_personal_development_percent", "strength_communication_percent", "no_weakness_percent"]


def test_out_of_another_n():
    # With N = 300: 40% -> [39.5, 41) of 300 = 118.5-123 -> 119-122 (123 is 41.0%, which truncates to 41).
    shares = shares_for(read_ledger(), n=300)
    assert (shares.iloc[0]["low"], shares.iloc[0]["high"]) == (119, 122)
    assert shares.iloc[0]["share_printed"] == pytest.approx(141 / 300)


def test_a_percentage_no_count_gives():
    ledger = read_ledger()
    ledger.loc[ledger["id"] == "strength_personal_development_percent", "printed"] = "40.5%"
    # 40.5% of 362 = 146.6: 146/362 = 40.33%, 147/362 = 40.61%; no procedure gives 40.5.
    row = shares_for(ledger).iloc[0]
    assert row[["low", "high", "share_low", "lower_high"]].isna().all()
    assert row["share_printed"] == pytest.approx(141 / 362)
    check = robustness(shares_for(ledger), ledger)
    assert "Personal development and support" in check.outside_interval  # no count at all: not "inside"


def test_robustness_of_the_abstract():
    ledger = read_ledger()
    check = robustness(shares_for(ledger), ledger)
    assert check.within_interval == ["Personal development and support", "Better communication and interaction",
                                     "No weakness perceived"]
    assert check.outside_interval == [] and check.order_kept == ["strength"] and check.order_changed == []


def test_two_categories_are_enough_to_have_an_order():
    ledger = read_ledger()
    keep = ~ledger["id"].str.startswith(("strength_time", "strength_professional"))
    ledger = ledger[keep].reset_index(drop=True)
    assert robustness(shares_for(ledger), ledger).order_kept == ["strength"]


def test_an_order_that_could_change_and_a_range_outside_the_interval():
    ledger = read_ledger()
    ledger.loc[ledger["id"] == "strength_communication_count", "printed"] = "140"
    ledger.loc[ledger["id"] == "strength_communication_percent", "printed"] = "40%"
    ledger.loc[ledger["id"] == "no_weakness_count", "printed"] = "70"  # 29% of 362 is 104-108; 70 gives 19.3%
    check = robustness(shares_for(ledger), ledger)
    assert check.order_changed == ["strength"] and check.order_kept == []
    assert check.outside_interval == ["No weakness perceived"]


def test_an_order_is_open_when_the_ranges_touch():
    # 141 printed as 40% could be 143-148; 139 printed as 39.5% could only be 143: a tie is possible.
    ledger = read_ledger()
    ledger.loc[ledger["id"] == "strength_communication_count", "printed"] = "139"
    ledger.loc[ledger["id"] == "strength_communication_percent", "printed"] = "39.5%"
    assert robustness(shares_for(ledger), ledger).order_changed == ["strength"]


def test_a_question_whose_percentages_all_agree_is_not_at_stake():
    # 145 (40.06%) and 127 (35.08%) agree with 40% and 35%: no strength range; only 29% still disagrees.
    ledger = read_ledger()
    ledger.loc[ledger["id"] == "strength_personal_development_count", "printed"] = "145"
    ledger.loc[ledger["id"] == "strength_communication_count", "printed"] = "127"
    check = robustness(shares_for(ledger), ledger)
    assert (check.order_kept, check.order_changed, check.within_interval) == ([], [], ["No weakness perceived"])
