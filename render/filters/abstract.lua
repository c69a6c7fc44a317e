-- Move a body div with id "abstract" into the document's abstract metadata.
-- The abstract's numbers are inline expressions, which the Jupyter engine
-- evaluates only in the body, never in YAML front matter; this lets the title
-- block of every format show the computed abstract. Used by Quarto and by the
-- render path without Quarto alike.

function Pandoc(doc)
  local kept = pandoc.Blocks({})
  for _, block in ipairs(doc.blocks) do
    if block.t == "Div" and block.identifier == "abstract" then
      doc.meta.abstract = pandoc.MetaBlocks(block.content)
    else
      kept:insert(block)
    end
  end
  doc.blocks = kept
  return doc
end
