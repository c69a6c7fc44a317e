"""The science: from the published abstract to every number, table and figure of the paper.

Modules in data-flow order; each reads only what is above it.

Inputs and words
    ``paths``        where inputs and outputs live; ``responses_path()`` honours ``PAPER_DATA``.
    ``codebook``     the respondent columns: names, meanings, allowed values, labels.
    ``measures``     ``column=value`` checked against the codebook (one parser), and counted.
    ``numbers``      numbers as a text prints them: finds numerals and number words, reads their values.
    ``ledger``       reads ``data/published/`` -> the abstract (text) and the claims ledger (DataFrame,
                     one row per printed number).
    ``draft``        any abstract's text -> a draft ledger with the same columns, for a reviewer to confirm.

Data
    ``reconstruct``  ledger -> respondent table whose marginals equal the printed counts
                     (``data/responses.csv`` and its Frictionless descriptor ``data/datapackage.json``).
    ``schema``       codebook -> pandera schema of the respondent table.
    ``load``         a respondent CSV (shipped or ``PAPER_DATA``) -> validated, typed DataFrame, or one
                     ``DataError`` line naming file, row, column and value.

Statistics (shares are fractions of 1; percentages are 0-100 and appear only in printed text)
    ``bounds``       two counts and N -> Fréchet bounds on their overlap.
    ``estimates``    respondent table -> tidy DataFrames of shares with Wilson or Goodman 95% intervals.
    ``consistency``  a printed percentage or proportion -> GRIM verdicts, consistent counts and
                     denominators under scrutiny's rounding procedures (exact fractions).

The audit
    ``audit``        ledger (+ respondent table) -> one ``AuditRow`` per printed number: recomputed value,
                     status (match / mismatch / not_recomputable) and the reason.
    ``sensitivity``  audit rows -> what each disagreeing percentage allows: count ranges, their shares
                     and intervals, and whether the abstract's reading survives them.

Presentation
    ``formats``      one way to write a share, a percentage and an interval.
    ``tables``       estimates and audit rows -> DataFrames of text; pipe tables with column widths.
    ``provenance``   marks each computed value with where it came from (expression, data files, code); the
                     manuscript's lines come from whoever builds the Paper (``render.places``).
    ``report``       ``Paper``: every number and sentence of ``paper.qmd``, computed and marked.
    ``verify``       a rendered copy (provenance.json, HTML, DOCX, PDF) -> every value re-evaluated and compared.
    ``figures``      the registry: one module ``figures/fig_<name>.py`` per figure (``draw`` and the data
                     it shows); ``figures.build`` writes them all as PNG, JPEG and SVG.

Command line: ``python -m analysis`` (``__main__``): audit, grim, draft-ledger, reconstruct, figures,
validate, verify. The build machinery that renders the manuscript is in ``render/`` and holds no science.
"""
