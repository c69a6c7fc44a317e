"""Shares with 95% intervals, as tidy DataFrames (one row per estimate).

Single proportions get Wilson (1927) score intervals; the mutually exclusive
strength categories get Goodman (1965) simultaneous intervals. Both come from
``statsmodels.stats.proportion``; the Wald interval is never used (it
undercovers near 0 and 1, e.g. the 3% of "professional guidance").
"""

from __future__ import annotations

import pandas as pd
from statsmodels.stats.proportion import multinomial_proportions_confint, proportion_confint

from analysis.codebook import FIELD_BY_NAME, LABELS, NAMED_WEAKNESSES
from analysis.measures import count_measure, label_of

ALPHA = 0.05
COLUMNS = ["label", "measure", "count", "n", "share", "lower", "upper", "method"]
WILSON = "Wilson score (95%)"
GOODMAN = "Goodman simultaneous (95%)"


def wilson_interval(count: int, n: int, alpha: float = ALPHA) -> tuple[float, float]:
    """Wilson score interval for a share.

    Parameters
    ----------
    count : int
        Respondents with the attribute, ``0 <= count <= n``.
    n : int
        Respondents asked, positive.
    alpha : float
        One minus the confidence level (0.05: a 95% interval).

    Returns
    -------
    tuple of float
        ``(lower, upper)`` as shares (fractions of 1, not percentages), from statsmodels'
        ``proportion_confint(method="wilson")``.

    Raises
    ------
    ValueError
        From statsmodels, for ``n <= 0``.

    References
    ----------
    Wilson EB. Probable inference, the law of succession, and statistical inference.
    J Am Stat Assoc 1927;22:209-12.
    """
    low, high = proportion_confint(count, n, alpha=alpha, method="wilson")
    return float(low), float(high)


def goodman_intervals(counts: list[int], alpha: float = ALPHA) -> list[tuple[float, float]]:
    """Goodman simultaneous intervals for the categories of one multinomial.

    Parameters
    ----------
    counts : list of int
        One count per mutually exclusive category, together every respondent (at least two categories).
    alpha : float
        One minus the joint confidence level (0.05: all intervals hold together with 95% confidence).

    Returns
    -------
    list of tuple of float
        ``(lower, upper)`` per category, in the order of ``counts``, as shares (fractions of 1), from
        statsmodels' ``multinomial_proportions_confint(method="goodman")``.

    References
    ----------
    Goodman LA. On simultaneous confidence intervals for multinomial proportions.
    Technometrics 1965;7:247-54.
    """
    intervals = multinomial_proportions_confint(counts, alpha=alpha, method="goodman")
    return [(float(low), float(high)) for low, high in intervals]


def single_proportions(responses: pd.DataFrame, measures: list[str]) -> pd.DataFrame:
    """One row per measure: its count, share and Wilson interval."""
    n = len(responses)
    rows = []
    for measure in measures:
        count = count_measure(responses, measure)
        rows.append([label_of(measure), measure, count, n, count / n, *wilson_interval(count, n), WILSON])
    return pd.DataFrame(rows, columns=COLUMNS)


def strength_shares(responses: pd.DataFrame) -> pd.DataFrame:
    """The strength categories (including the unreported remainder) with Goodman intervals."""
    values = FIELD_BY_NAME["strength"].values
    counts = [count_measure(responses, f"strength={value}") for value in values]
    n = len(responses)
    rows = [
        [LABELS[value], f"strength={value}", count, n, count / n, low, high, GOODMAN]
        for value, count, (low, high) in zip(values, counts, goodman_intervals(counts), strict=True)
    ]
    return pd.DataFrame(rows, columns=COLUMNS)


def weakness_shares(responses: pd.DataFrame) -> pd.DataFrame:
    """"No weakness" and each named weakness, with Wilson intervals (they are not exclusive)."""
    return single_proportions(responses, [f"{column}=true" for column in ("weakness_none", *NAMED_WEAKNESSES)])


def abstract_shares(responses: pd.DataFrame, ledger: pd.DataFrame) -> pd.DataFrame:
    """Every share the abstract reports, in the abstract's order, with Wilson intervals."""
    rows = ledger[(ledger["basis"] == "recomputable") & ledger["measure"].str.contains("=")]
    return single_proportions(responses, list(dict.fromkeys(rows["measure"])))
