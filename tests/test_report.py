"""The manuscript's sentences and numbers (analysis.report), on data in which every measure has its own count.

Expected strings are written out by hand or built from the closed-form intervals
in tests/helpers.py, so a value taken from the wrong measure, or a number typed
into a sentence, fails here.
"""


import re

import pytest

from analysis.audit import audit
from analysis.ledger import LEDGER_PATH, read_ledger
from analysis.load import load_responses
from analysis.paths import SHIPPED_RESPONSES
from analysis.provenance import ProvenanceError, sha256
from analysis.report import Paper
from render.places import InlinePlaces
from tests.helpers import (
    DISTINCT_COUNTS,
    computed_spans,
    goodman_closed_form,
    plain,
    respondents_csv,
    wilson_closed_form,
)

N = DISTINCT_COUNTS["*"]


@pytest.fixture(scope="module")
def distinct_path(tmp_path_factory):
    return respondents_csv(tmp_path_factory.mktemp("data") / "distinct.csv", DISTINCT_COUNTS)


# Paper objects are built for each test (not once per module), so that every test that reads one also runs
# its construction, which lets mutation testing (make mutate) see which tests cover Paper.__init__.
@pytest.fixture
def paper(distinct_path):
    return Paper(load_responses(distinct_path), read_ledger(), data_path=distinct_path)


@pytest.fixture
def shipped():
    return Paper(load_responses(), read_ledger())


def share_text(k: int, bounds: tuple[float, float]) -> str:
    low, high = bounds
    return f"{k}/{N} ({100 * k / N:.1f}%; 95% CI {100 * low:.1f}–{100 * high:.1f}%)"


def test_counts_and_n_follow_the_data(paper):
    assert plain(paper.n) == "340"
    for measure, count in DISTINCT_COUNTS.items():
        if measure != "*":
            assert plain(paper.count(measure)) == str(count)
    assert plain(paper.unnamed_strength_count()) == "44"


@pytest.mark.parametrize("measure", [m for m in DISTINCT_COUNTS if m != "*"])
def test_each_share_is_its_own_count_with_the_wilson_interval(paper, measure):
    k = DISTINCT_COUNTS[measure]
    assert plain(paper.share(measure)) == share_text(k, wilson_closed_form(k, N))


def test_strength_shares_carry_goodman_intervals(paper):
    order = ["strength=personal_development_support", "strength=communication_interaction",
             "strength=time_relationship_management", "strength=professional_guidance"]
    counts = [DISTINCT_COUNTS[m] for m in order] + [44]
    for measure, count, bounds in zip(order, counts, goodman_closed_form(counts), strict=False):
        assert plain(paper.share(measure, simultaneous=True)) == share_text(count, bounds)


def test_overlap_gives_the_frechet_bounds(paper):
    # 301 positive and 173 concerned of 340: at least 301 + 173 - 340 = 134, at most 173.
    text = plain(paper.overlap("mentor_experience=positive", "weakness_confidentiality=true"))
    assert text == "between 134 and 173 of 340 respondents (39.4% to 50.9%)"
    # 97 with no weakness and 61 hesitant: at least 0, at most 61.
    text = plain(paper.overlap("weakness_none=true", "weakness_group_hesitancy=true"))
    assert text == "between 0 and 61 of 340 respondents (0.0% to 17.9%)"


def test_audit_counts(paper, shipped):
    # On these data 40%, 35%, 29% (137, 119, 97 of 340) and "Half" (173) match; the other 13 checked do not.
    assert [plain(paper.audit_count(s)) for s in ("checked", "match", "mismatch", "not_recomputable")] == \
        ["17", "4", "13", "10"]
    assert [plain(shipped.audit_count(s)) for s in ("checked", "match", "mismatch")] == ["17", "12", "5"]
    assert plain(shipped.ledger_rows()) == "27" and plain(shipped.ledger_rows(abstract_only=True)) == "24"


def test_mismatch_summary_names_each_number_with_its_recomputed_value(paper):
    assert plain(paper.mismatch_summary()) == (
        "362 for respondents (recomputed 340); 327 for positive experience with mentor (recomputed 301); "
        "362 for respondents (recomputed 340); 90.3% for positive experience with mentor (recomputed 88.5%); "
        "“five” strengths announced where 4 are named; 141 for personal development and support (recomputed 137); "
        "131 for better communication and interaction (recomputed 119); "
        "22 for time and relationships management skills (recomputed 27); "
        "6% for time and relationships management skills (recomputed 8%); "
        "10 for professional guidance (recomputed 13); 3% for professional guidance (recomputed 4%); "
        "107 for no weakness perceived (recomputed 97); 15.1% for hesitancy in group settings (recomputed 17.9%)"
    )


def test_mismatch_list_explains_each_against_the_printed_n(paper, shipped):
    items = plain(paper.mismatch_list()).split("- ")[1:]
    assert len(items) == 13
    assert items[4].strip() == ("“There were five key strengths”: printed five, recomputed 4. "
                                "The sentence announces more strengths than it names.")
    assert items[-1].strip() == (
        "“Around (15.1%) reported hesitancy”: printed 15.1%, recomputed 17.9%. The data give exactly 17.94%. "
        "No count is printed; out of 362, the counts that print as 15.1% are 55 (under truncation)."
    )
    shipped_items = plain(shipped.mismatch_list()).split("- ")[1:]
    assert shipped_items[1].strip() == (
        "“personal development and support 141(40%)”: printed 40%, recomputed 39%. The data give exactly 38.95%. "
        "The printed 141 of 362 and 40% agree under none of the rounding procedures checked. "
        "Out of 362, 40% corresponds to 143–148 respondents; 141 gives 40% only for N = 344–356."
    )


def test_consistency_summary_counts_the_printed_percentages(shipped):
    # Half up or down: 90.3% (327), 6% (22), 3% (10). Truncation only: 29% (107), 15.1% (55). None: 40%, 35%.
    assert plain(shipped.consistency_summary()) == (
        "Of the 7 printed percentages, 3 follow from the printed counts and N under conventional rounding "
        "(half up or half down), 2 only under truncation, and 2 under none of the procedures checked."
    )


def test_disagreement_impact_on_the_shipped_ledger(shipped):
    assert plain(shipped.disagreement_impact()) == (
        "Whichever count in these ranges is right, every share stays inside the 95% interval of the printed count, "
        "and the categories of “Strength of the program named” keep the order their printed counts give them; "
        "no conclusion of the abstract depends on which count is right."
    )


def ledger_with(**printed):
    ledger = read_ledger()
    for claim, value in printed.items():
        ledger.loc[ledger["id"] == claim, "printed"] = value
    return ledger


def test_disagreement_impact_when_the_order_could_change():
    # 140 and 141 both printed as 40%: each could be any of 143-148, so their order is open.
    paper = Paper(load_responses(), ledger_with(strength_communication_count="140",
                                                strength_communication_percent="40%"))
    assert plain(paper.disagreement_impact()).endswith(
        "the categories of “Strength of the program named” could change order, so the abstract's ranking depends "
        "on which count is right; the abstract's conclusions should be read with this in mind.")


def test_disagreement_impact_when_a_range_leaves_the_interval():
    # 100 printed as 40%: 143/362 = 39.5% lies outside 100/362's interval (23.3%-32.4%).
    paper = Paper(load_responses(), ledger_with(strength_personal_development_count="100"))
    assert plain(paper.disagreement_impact()).startswith(
        "For personal development and support, a count in the range would move the share outside the 95% interval")


def test_words(paper, distinct_path):
    assert Paper.rounding_checked() == "half up, half down, half to even and truncation"
    assert plain(paper.data_statement()).startswith(
        f"The respondent-level data analysed here are the file supplied through PAPER_DATA ({distinct_path.name})")
    assert plain(paper.verbal_range("Half")) == "45% to 55%"
    assert plain(paper.quote("respondents_total")) == "“A total of 362 students gave feedback”"
    assert plain(paper.printed("group_hesitancy_percent")) == "15.1%"
    for words in (paper.quote("respondents_total"), paper.printed("group_hesitancy_percent")):
        assert attributes(words)["data-file"] == "data/published/claims.csv"


@pytest.fixture(scope="module")
def flipped_path(tmp_path_factory):
    """N = 362 as printed, but 145 name personal development (40.06%: 40% now matches) and 320 a positive
    experience (88.40%: 90.3% no longer matches)."""
    counts = {"mentor_experience=positive": 320, "strength=personal_development_support": 145}
    return respondents_csv(tmp_path_factory.mktemp("data") / "flipped.csv", counts)


@pytest.fixture
def flipped(flipped_path):
    return Paper(load_responses(flipped_path), read_ledger(), data_path=flipped_path)


def test_a_flipped_verdict_changes_the_sentences_and_the_audit_table(flipped, shipped):
    from analysis.tables import format_audit

    # Shipped: 12 match, 5 mismatch. Flipped: the counts 141 and 327 and the percentage 90.3% now mismatch,
    # the percentage 40% now matches: 12 - 3 + 1 = 10 match, 5 + 3 - 1 = 7 mismatch.
    assert [plain(flipped.audit_count(s)) for s in ("match", "mismatch")] == ["10", "7"]
    summary = plain(flipped.mismatch_summary())
    assert "90.3% for positive experience with mentor (recomputed 88.4%)" in summary
    assert "40% for personal development" not in summary and "40% for personal development" in \
        plain(shipped.mismatch_summary())
    table = format_audit(flipped.rows).set_index("Abstract says")
    verdicts = dict(zip(format_audit(flipped.rows)["Printed"], format_audit(flipped.rows)["Verdict"], strict=True))
    assert verdicts["40%"] == "matches" and verdicts["90.3%"] == "mismatch"
    assert table.loc["personal development and support 141(40%)", "Recomputed"].tolist() == ["145", "40%"]


def attributes(markdown) -> dict[str, str]:
    """The provenance attributes of the one computed span in ``markdown``, as pandoc reads them."""
    [(_, found)] = computed_spans(markdown)
    return found


SHIPPED_FILES = {"data-file": "data/responses.csv data/published/claims.csv",
                 "data-sha256": f"{sha256(SHIPPED_RESPONSES)} {sha256(LEDGER_PATH)}"}


def test_a_share_carries_its_provenance():
    paper = Paper(load_responses(), read_ledger())
    assert attributes(paper.share("strength=professional_guidance", simultaneous=True)) == {
        "data-expr": "paper.share('strength=professional_guidance', simultaneous=True)",  # no source: the call
        "data-claim": "strength_professional_guidance_count strength_professional_guidance_percent",
        "data-verdict": "match match",
        "data-printed": "“professional guidance 10(3%)”",
        "data-recomputed": "10/362 = 2.76%",
        "data-reason": "3%: Data: 10/362 = 2.76%. Printed 10/362 = 2.76%; consistent with 3% under: half up, half "
                       "down, half to even. Denominator not printed; taken as the 362 respondents.",
        **SHIPPED_FILES,
        "data-part": "1",
        "data-columns": "strength",
        "data-code": "analysis.estimates.goodman_intervals (statsmodels multinomial_proportions_confint, "
                     "method='goodman')",
    }
    assert attributes(paper.share("weakness_none=true"))["data-code"] == \
        "analysis.estimates.wilson_interval (statsmodels proportion_confint, method='wilson')"


def test_counts_and_n_carry_their_provenance(distinct_path):
    paper = Paper(load_responses(distinct_path), read_ledger(), data_path=distinct_path)
    assert attributes(paper.count("weakness_group_hesitancy=true")) == {
        "data-expr": "paper.count('weakness_group_hesitancy=true')", "data-recomputed": "61/340",
        "data-file": str(distinct_path), "data-sha256": sha256(distinct_path), "data-part": "1",
        "data-columns": "weakness_group_hesitancy", "data-code": "analysis.measures.count_measure"}
    assert attributes(paper.n) == {
        "data-expr": "paper.n", "data-claim": "respondents_total", "data-verdict": "mismatch",
        "data-printed": "“A total of 362 students gave feedback”", "data-recomputed": "340 rows",
        "data-reason": "362: Number of respondents: the denominator of every share.",
        "data-file": f"{distinct_path} data/published/claims.csv", "data-part": "1",
        "data-sha256": f"{sha256(distinct_path)} {sha256(LEDGER_PATH)}", "data-code": "len(responses)"}
    assert attributes(paper.overlap("weakness_none=true", "weakness_group_hesitancy=true"))["data-recomputed"] == \
        "max(0, 97 + 61 − 340) to min(97, 61)"


def inline(paper: Paper, *expressions: str) -> list[dict]:
    """Evaluate a markdown cell's inline expressions as both engines do (IPython's user_expressions)."""
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    shell.user_ns["paper"] = paper
    results = shell.user_expressions({str(i): expression for i, expression in enumerate(expressions)})
    assert all(result["status"] == "ok" for result in results.values()), results
    return [attributes(results[str(i)]["data"]["text/markdown"]) for i in range(len(expressions))]


def test_provenance_names_the_line_that_asks(tmp_path):
    source = tmp_path / "doc.qmd"
    source.write_text("Intro.\n\nWe asked `{python} paper.n` people.\n", encoding="utf-8")
    paper = Paper(load_responses(), read_ledger(), places=InlinePlaces(source))
    [found] = inline(paper, "paper.n")
    assert (found["data-expr"], found["data-source"]) == ("paper.n", "doc.qmd:3")
    assert "data-source" not in attributes(paper.n)  # outside an inline expression: no line


def test_sentences_with_their_spans_marked(shipped):
    summary = str(shipped.mismatch_summary().data)
    assert summary.startswith("“five” strengths announced where [4]{.computed")
    first = computed_spans(summary)[0]
    assert first[0] == "4" and first[1]["data-claim"] == "strengths_announced"
    assert first[1]["data-verdict"] == "mismatch" and first[1]["data-part"] == "1"
    assert [spans["data-part"] for _, spans in computed_spans(summary)[:3]] == ["1", "2", "3"]
    assert str(shipped.mismatch_list().data).count("\n- ") == 4  # five items, one per line


def test_status_counts_software_and_labels():
    from analysis.measures import claim_labels
    from analysis.report import status_counts

    rows = audit(read_ledger(), load_responses())
    assert status_counts(rows) == {"match": 12, "mismatch": 5, "not_recomputable": 10, "not_testable": 0,
                                   "unchecked": 0}
    versions = plain(Paper(load_responses(), read_ledger()).software_versions())
    assert versions.startswith("Python 3.") and "; pandas " in versions and ", statsmodels " in versions
    labels = claim_labels(read_ledger())
    assert labels["strength_professional_guidance_percent"] == "Professional guidance"
    assert labels["no_weakness_count"] == "No weakness perceived" and "respondents_total" not in labels


def test_a_percentage_no_count_can_give(tmp_path):
    # 15.15% out of 362 at two decimals: 54/362 = 14.92%, 55/362 = 15.19%: no procedure gives it.
    ledger = read_ledger()
    ledger.loc[ledger["id"] == "group_hesitancy_percent", "printed"] = "15.15%"
    item = plain(Paper(load_responses(), ledger).mismatch_list()).split("- ")[-1]
    assert item == ("“Around (15.1%) reported hesitancy”: printed 15.15%, recomputed 15.19%. The data give exactly "
                    "15.19%. No count is printed, and no count out of 362 prints as 15.15% under any procedure "
                    "checked.")
    # 16%: out of 362, 57-59 half up or down and 58-61 truncated; the data's 55 (15.19%) gives 15%.
    ledger.loc[ledger["id"] == "group_hesitancy_percent", "printed"] = "16%"
    item = plain(Paper(load_responses(), ledger).mismatch_list()).split("- ")[-1]
    assert item.endswith("No count is printed; out of 362, the counts that print as 16% are 57–61 "
                         "(under half up, half down, half to even, truncation).")


def test_a_verbal_mismatch_is_explained_without_rounding(tmp_path):
    data = respondents_csv(tmp_path / "few.csv", {"weakness_confidentiality=true": 150})
    items = plain(Paper(load_responses(data), read_ledger()).mismatch_list()).split("- ")[1:]
    assert "“Half of the respondents expressed concerns”: printed Half, recomputed 41.4%." in [i.strip() for i in items]


def test_the_printed_29_percent_agrees_with_its_count_only_truncated(shipped):
    items = plain(shipped.mismatch_list()).split("- ")[1:]
    assert "The printed 107 of 362 and 29% agree with each other under truncation." in items[3]


def test_a_mismatch_span_names_its_claim_and_columns(paper):
    (_, first), (_, second) = computed_spans(paper.mismatch_summary())[:2]
    assert first["data-recomputed"] == "340" and "data-columns" not in first  # N counts rows, no column
    assert second == {**second, "data-claim": "positive_experience_count", "data-recomputed": "301",
                      "data-columns": "mentor_experience", "data-verdict": "mismatch"}


def test_joined_provenance_of_two_claims(tmp_path):
    paper = Paper(load_responses(), read_ledger())
    share = attributes(paper.share("mentor_experience=positive"))
    assert share["data-reason"] == ("327: Respondents with a positive experience with their mentor. | 90.3%: Data: "
                                    "327/362 = 90.33%. Printed 327/362 = 90.33%; consistent with 90.3% under: half "
                                    "up, half down, half to even, truncation.")
    overlap = attributes(paper.overlap("mentor_experience=positive", "weakness_none=true"))
    assert overlap["data-columns"] == "mentor_experience weakness_none"
    ledger = read_ledger()
    ledger.loc[ledger["id"] == "strength_professional_guidance_percent", "quote"] = "10(3%)"
    printed = attributes(Paper(load_responses(), ledger).share("strength=professional_guidance"))["data-printed"]
    assert printed == "“professional guidance 10(3%)” · “10(3%)”"


def test_provenance_follows_includes_and_lists_every_place_of_a_repeated_expression(tmp_path):
    (tmp_path / "methods.qmd").write_text("Sample.\n\nOf `{python} paper.n` people.\n", encoding="utf-8")
    source = tmp_path / "doc.qmd"
    source.write_text("We asked `{python} paper.n` and `{python} paper.count('strength')`.\nAgain `{python} paper.n`."
                      "\n\n```{python}\nx = 1\n```\n\n{{< include methods.qmd >}}\n", encoding="utf-8")
    paper = Paper(load_responses(), read_ledger(), places=InlinePlaces(source))
    # Every evaluation of paper.n names all its places; the page's filter gives each printed value its own
    # (tests/test_paper.py), because within a cell Quarto prints one evaluation at every place.
    n, count, _ = inline(paper, "paper.n", "paper.count('strength')", "paper.n")
    assert n["data-source"] == "doc.qmd:1; doc.qmd:2; methods.qmd:3"
    assert count["data-source"] == "doc.qmd:1" and count["data-expr"] == "paper.count('strength')"


def test_an_inline_expression_that_is_not_a_paper_call_stops_the_render(tmp_path):
    source = tmp_path / "doc.qmd"
    source.write_text("Shares `{python} paper.share('weakness_none=true')`.\n\nOf `{python} len(responses)` people."
                      "\n", encoding="utf-8")
    with pytest.raises(ProvenanceError, match=r"^doc.qmd:3: inline expression `len\(responses\)` prints a value "
                                              r"without provenance: compute it with a method of Paper \(paper.count"):
        Paper(load_responses(), read_ledger(), places=InlinePlaces(source))


@pytest.mark.parametrize(("expression", "message"), [
    ("paper.count('mentor_experience=posittive')", r"did you mean `positive`\?"),
    ("paper.share('mentor_experience=posittive')", r"did you mean `positive`\?"),
    ("paper.count('weakness_none=True')", r"unknown value of `weakness_none` `True`.*allowed: true, false"),
    ("paper.share('weakness_none=true', among='strength=guidance')", r"unknown value of `strength` `guidance`"),
    ("paper.share('weakness_none=true', simultaneous=True)", r"simultaneous intervals are computed for the strength"),
    ("paper.quote('respondent_total')", r"no ledger row has the id `respondent_total`: did you mean "
                                        r"`respondents_total`"),
    ("paper.audit_count('matches')", r"unknown audit status `matches`"),
])
def test_a_typo_in_an_inline_expression_names_its_line_and_what_is_allowed(tmp_path, expression, message):
    source = tmp_path / "doc.qmd"
    source.write_text(f"Intro.\n\nWe asked `{{python}} {expression}` people.\n", encoding="utf-8")
    paper = Paper(load_responses(), read_ledger(), places=InlinePlaces(source))
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    shell.user_ns["paper"] = paper
    result = shell.user_expressions({"0": expression})["0"]
    assert result["status"] == "error"
    assert re.match(rf"doc.qmd:3: `{re.escape(expression)}`: .*{message}", result["evalue"]), result["evalue"]


def test_a_share_within_a_subgroup_has_its_own_denominator_and_interval():
    paper = Paper(load_responses(), read_ledger())
    responses = load_responses()
    group = responses["mentor_experience"] == "positive"
    k, n = int((responses["weakness_confidentiality"] & group).sum()), int(group.sum())
    low, high = wilson_closed_form(k, n)
    share = paper.share("weakness_confidentiality=true", among="mentor_experience=positive")
    assert plain(share) == f"{k}/{n} ({100 * k / n:.1f}%; 95% CI {100 * low:.1f}–{100 * high:.1f}%)"
    found = attributes(share)
    assert found["data-columns"] == "weakness_confidentiality mentor_experience" and "data-claim" not in found
    assert found["data-recomputed"].endswith(f"of the {n} with mentor_experience=positive")


def test_any_function_of_the_data_is_marked_with_its_code_and_files():
    paper = Paper(load_responses(), read_ledger())
    value = paper.value("analysis.measures.count_measure", "strength")
    assert plain(value) == "4"
    found = attributes(value)
    assert found["data-code"] == "analysis.measures.count_measure" and found["data-file"] == "data/responses.csv"
    assert plain(paper.value("analysis.measures.claim_labels", data="ledger")).startswith("{")
    for bad in ("len", "analysis.nothing.here", "analysis.measures.MISSING"):
        with pytest.raises(ValueError, match="named by its import path"):
            paper.value(bad)
