# %% [markdown]
# # 3. Descriptive results
#
# Every share the abstract reports, recomputed with a 95% interval: Wilson score
# intervals for single proportions, Goodman simultaneous intervals for the
# mutually exclusive strength categories (both from `statsmodels`).

# %%
# %matplotlib inline
from analysis.estimates import abstract_shares, strength_shares, weakness_shares
from analysis.figures import draw
from analysis.ledger import read_ledger
from analysis.load import load_responses
from analysis.paths import is_reconstruction
from analysis.tables import format_shares

ledger = read_ledger()
responses = load_responses()
reconstruction = is_reconstruction()

# %% [markdown]
# ## Table 1. Every share in the abstract, recomputed

# %%
format_shares(abstract_shares(responses, ledger), ledger)

# %% [markdown]
# ## Table 2. Strengths named (Goodman simultaneous 95% intervals)

# %%
strengths = strength_shares(responses)
format_shares(strengths)

# %%
draw("fig_strengths", responses, ledger, is_reconstruction=reconstruction)

# %% [markdown]
# ## Table 3. Weaknesses perceived (Wilson 95% intervals)

# %%
weaknesses = weakness_shares(responses)
format_shares(weaknesses)

# %%
draw("fig_weaknesses", responses, ledger, is_reconstruction=reconstruction)
