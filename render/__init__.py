"""Build machinery: render ``paper.qmd`` to HTML, DOCX and PDF as Quarto would. No science here.

``make paper`` runs ``python -m render``: ``quarto`` hands over to ``quarto render`` when Quarto >= 1.4
is installed; otherwise the no-Quarto path below runs, in four layers, each reading only the one above.

Read
    ``project``     ``_quarto.yml`` merged with the front matter -> the options in force, each checked.
    ``qmd``         ``paper.qmd`` (includes expanded) -> front matter, chunks and prose with source lines,
                    split as Quarto splits them; chunk options checked.
    ``features``    the one registry of supported Quarto features; everything else is refused here.
Execute
    ``execute``     chunks and inline expressions -> outputs, in one Jupyter kernel (nbclient).
    ``inline``      an inline value -> the markdown Quarto's Jupyter engine writes for it.
    ``cache``       outputs keyed on everything that can change them (``.make/cache/render``).
    ``places``      where each inline expression is written, for the values' provenance (the manuscript's
                    setup chunk hands it to ``analysis.report.Paper``: the science reads no source lines).
Assemble
    ``cells``       executed document -> pandoc markdown shaped as Quarto shapes it (floats, embeds).
    ``assemble``    markdown -> one pandoc AST, checked against the registry (cross-references, images).
    ``filters/``    Lua filters for what pandoc lacks: cells, crossref, callouts, floats, sources.
Write
    ``writers/``    the AST -> ``html`` (article page and its assets), ``docx`` (``reference-doc``),
                    ``typst`` (PDF through typst-py); ``pandoc`` runs one format.
    ``previews``    notebook previews (nbconvert); ``scholar`` Google Scholar tags; ``citation``
                    the "Cite this" block from ``CITATION.cff``.
    ``publish``     outputs put in place atomically, under a lock, cleaned up after signals.
    ``build``       the four layers end to end.

Around it: ``notebooks`` (``make notebooks``), ``preview`` (``make preview``), ``bench``
(``make bench``), ``screenshot`` (``make screenshot``), ``reference_docx`` (writes ``styles/reference.docx``),
``quarto`` (the Quarto branch). After either engine, ``__main__`` writes ``provenance.json`` from the page.
"""
