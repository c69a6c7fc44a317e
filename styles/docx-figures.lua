-- Figures in the Word manuscript at the width of the text, as the journal's
-- manuscript format asks (the journal's own figure files are the JPEGs in figures/).
-- Pandoc's DOCX writer does not scale a percentage width up, so the width is the
-- text width of styles/reference.docx: A4 less two 2.5 cm margins (render/reference_docx.py;
-- tests/test_docx.py keeps the two in step).
-- Listed under `filters:` in _quarto.yml; Quarto and the no-Quarto path both run it.

TEXT_WIDTH = "16cm"

if FORMAT ~= "docx" then
  return {}
end

function Image(image)
  image.attributes.width = TEXT_WIDTH
  image.attributes.height = nil
  return image
end
