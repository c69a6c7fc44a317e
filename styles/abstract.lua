-- Move the div with id "abstract" into the document's abstract metadata, so that
-- every format shows it in the title block under the label "Abstract".
-- The abstract's numbers are inline expressions, which the Jupyter engine evaluates
-- only in the body, never in the YAML front matter. The div is looked for at any
-- depth: in a manuscript's HTML, Quarto wraps each markdown cell in a div before
-- user filters run (notebook-preserve-cells), so it is not a top-level block there.
-- Listed under `filters:` in _quarto.yml; Quarto and the no-Quarto path both run it.

function Pandoc(doc)
  local abstract
  doc.blocks = doc.blocks:walk({
    Div = function(div)
      if div.identifier == "abstract" and not abstract then
        abstract = div.content
        return {}
      end
    end,
  })
  if abstract then
    doc.meta.abstract = pandoc.MetaBlocks(abstract)
  end
  return doc
end
