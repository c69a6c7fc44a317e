-- HTML tables in raw HTML (a DataFrame's text/html output) become pandoc tables in
-- every format, as Quarto's HTML table processing does (quarto.org/docs/authoring/
-- tables.html#html-tables; quarto-cli's parse-html-tables filter reads the raw HTML
-- with pandoc's HTML reader). The first of this path's filters, as Quarto's runs among
-- its own, after the user's. Raw HTML without a table is left to pandoc (HTML only).

function RawBlock(raw)
  if raw.format == "html" and raw.text:lower():find("<table", 1, true) then
    return pandoc.read(raw.text, "html").blocks
  end
end
