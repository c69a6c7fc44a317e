-- The filter this paper used to have: it looks for the abstract div among top-level blocks only.
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
