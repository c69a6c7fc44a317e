# %% [markdown]
# # 1. The reconstructed respondent data
#
# The study's responses are not public. This notebook shows how the shipped
# respondent file is **reconstructed** from the numbers printed in the abstract
# (the claims ledger), checks that the reconstruction is reproducible, and shows
# what the abstract does and does not identify. When `PAPER_DATA` names another
# file, the marginals below are computed from that file instead.

# %%
from analysis.bounds import frechet_bounds
from analysis.ledger import read_ledger
from analysis.load import load_responses
from analysis.measures import count_measure
from analysis.paths import is_reconstruction, responses_path
from analysis.reconstruct import reconstruct, target_counts

ledger = read_ledger()
responses = load_responses()
print("data in use:", "the shipped reconstruction" if is_reconstruction() else f"PAPER_DATA ({responses_path().name})")

# %% [markdown]
# ## Counts the ledger fixes
# Counts beat percentages; a verbal or rounded quantity becomes the nearest count,
# and the ledger says why.

# %%
ledger.loc[ledger["reconstruction_count"] != "", ["id", "printed", "measure", "reconstruction_count", "note"]]

# %%
n, counts = target_counts(ledger)
n, counts

# %% [markdown]
# ## The reconstruction is deterministic
# Regenerating it from the ledger gives exactly the shipped file.

# %%
import pandas as pd

from analysis.paths import SHIPPED_RESPONSES

shipped = pd.read_csv(SHIPPED_RESPONSES, dtype=str)
bool(reconstruct(ledger).equals(shipped))

# %% [markdown]
# ## Marginals of the data in use

# %%
pd.DataFrame(
    [(measure, count_measure(responses, measure)) for measure in dict.fromkeys(ledger["measure"]) if "=" in measure],
    columns=["measure", "count"],
)

# %% [markdown]
# ## What the marginals cannot tell
# The abstract reports no cross-tabulation, so the overlap of two attributes is
# known only within its Fréchet bounds. The reconstruction's own joint
# distribution is an artefact of its rule and is never reported.

# %%
pairs = [
    ("mentor_experience=positive", "weakness_confidentiality=true"),
    ("mentor_experience=positive", "weakness_none=true"),
    ("weakness_confidentiality=true", "weakness_group_hesitancy=true"),
]
pd.DataFrame(
    [
        (a, b, bounds.lower, bounds.upper)
        for a, b in pairs
        for bounds in [frechet_bounds(count_measure(responses, a), count_measure(responses, b), len(responses))]
    ],
    columns=["attribute A", "attribute B", "fewest with both", "most with both"],
)
