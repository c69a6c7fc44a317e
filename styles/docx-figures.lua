-- Figures in the Word manuscript as wide as both engines can lay them out
-- (the journal's own figure files are the JPEGs in figures/).
--
-- quarto render writes a captioned figure in DOCX inside a one-column table with a
-- fixed layout, and pandoc's DOCX writer gives a table column of relative width 1
-- 7,920 twips (5.5 in, 13.97 cm), whatever the page (quarto-cli issue 4004; pandoc's
-- Docx writer). A wider image is clipped by that cell. The no-Quarto path writes the
-- figure without the table, where 5.5 in fits the text width of styles/reference.docx
-- (A4 less two 2.5 cm margins: 16 cm). So every image is 5.5 in wide under both
-- engines; pandoc's DOCX writer does not scale a percentage width up, hence a length.
-- tests/test_docx.py and tests/quarto/compare.py check the rule on both layouts.
-- Listed under `filters:` in _quarto.yml; Quarto and the no-Quarto path both run it.

FIGURE_WIDTH = "5.5in"

if FORMAT ~= "docx" then
  return {}
end

function Image(image)
  image.attributes.width = FIGURE_WIDTH
  image.attributes.height = nil
  return image
end
