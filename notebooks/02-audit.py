# %% [markdown]
# # 2. Audit of the published abstract
#
# Every number printed in the abstract, its basis, the value recomputed from the
# respondent data in use, and whether the two agree. Percentages are judged at
# their printed precision under scrutiny's default rounding (half up or half
# down); the "Why" column lists every procedure checked (half up, half down,
# half to even, truncation) under which the printed numbers agree with each
# other (GRIM, Brown & Heathers 2017; scrutiny's rounding procedures).

# %%
# %matplotlib inline
import pandas as pd

from analysis.audit import audit, audit_frame
from analysis.figures import draw
from analysis.ledger import read_ledger
from analysis.load import load_responses
from analysis.paths import is_reconstruction
from analysis.tables import format_audit

pd.set_option("display.max_colwidth", None)
ledger = read_ledger()
responses = load_responses()
rows = audit(ledger, responses)

# %%
format_audit(rows)

# %% [markdown]
# ## Verdicts at a glance

# %%
audit_frame(rows).groupby(["basis", "status"]).size().rename("numbers").reset_index()

# %% [markdown]
# ## Printed against recomputed
# The band is every exact value that prints as the published percentage under
# some rounding rule; a point outside it is a mismatch.

# %%
draw("fig_audit", responses, ledger, is_reconstruction=is_reconstruction())
