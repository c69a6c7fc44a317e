-- The HTML page's provenance appendix. Every computed value (a span with class
-- "computed", written by analysis/report.py) gets the id computed-N in document
-- order, the abstract first; an appendix at the end lists each one with its
-- expression, its line in the manuscript, the claims of the published abstract it
-- reproduces and their verdicts, linked both ways with its place in the text.
-- Each value's data-source is narrowed to its own line first (own_place).
-- Listed under `filters:` in _quarto.yml, after abstract.lua; Quarto and the
-- no-Quarto path both run it. Other formats show the values only.

if not FORMAT:match("html") then
  return {}
end

local function attr(span, name)
  return span.attributes["data-" .. name] or ""
end

local function cell(text, code)
  if text == "" then
    return { pandoc.Plain({ pandoc.Str("–") }) }
  end
  return { pandoc.Plain({ code and pandoc.Code(text) or pandoc.Str(text) }) }
end

-- An expression written in several places carries them all in data-source, and
-- data-part numbers the spans of one printed value: the n-th value it prints, in
-- document order, is the one written at its n-th place. Within a markdown cell
-- Quarto prints one evaluation at each place, so only the page can tell them apart.
local printed = {}
local function own_place(span)
  local part, source = span.attributes["data-part"], span.attributes["data-source"]
  if not (part and source and source:find(";", 1, true)) then
    return
  end
  local places = pandoc.List({})
  for place in source:gmatch("[^;]+") do
    places:insert((place:gsub("^%s+", ""):gsub("%s+$", "")))
  end
  local key = attr(span, "expr") .. "\0" .. source
  if part == "1" then
    printed[key] = (printed[key] or 0) + 1
  end
  span.attributes["data-source"] = places[printed[key] or 1] or source
end

function Pandoc(doc)
  local spans = pandoc.List({})
  local number = function(span)
    if span.classes:includes("computed") then
      own_place(span)
      spans:insert(span)
      span.identifier = "computed-" .. #spans
      span.attributes["data-appendix"] = "prov-" .. #spans
      return span
    end
  end
  if doc.meta.abstract then
    doc.meta.abstract = pandoc.MetaBlocks(pandoc.Blocks(doc.meta.abstract):walk({ Span = number }))
  end
  doc.blocks = doc.blocks:walk({ Span = number })
  if #spans == 0 then
    return doc
  end
  local rows = {}
  for i, span in ipairs(spans) do
    local verdicts = attr(span, "verdict")
    rows[i] = {
      { pandoc.Plain({ pandoc.Link({ pandoc.Str(tostring(i)) }, "#computed-" .. i, "",
        pandoc.Attr("", {}, { ["aria-label"] = "value " .. i .. " in the text" })) }) },
      { pandoc.Plain(span.content) },
      cell(attr(span, "expr"), true),
      cell(attr(span, "source")),
      cell(attr(span, "claim")),
      cell(verdicts),
    }
  end
  local headers = { { pandoc.Plain({ pandoc.Str("#") }) }, { pandoc.Plain({ pandoc.Str("Value") }) },
    { pandoc.Plain({ pandoc.Str("Expression") }) }, { pandoc.Plain({ pandoc.Str("Line") }) },
    { pandoc.Plain({ pandoc.Str("Claim of the abstract") }) }, { pandoc.Plain({ pandoc.Str("Verdict") }) } }
  local aligns = { pandoc.AlignLeft, pandoc.AlignLeft, pandoc.AlignLeft, pandoc.AlignLeft, pandoc.AlignLeft,
    pandoc.AlignLeft }
  local widths = { 0.04, 0.24, 0.3, 0.1, 0.22, 0.1 }
  local tbl = pandoc.utils.from_simple_table(pandoc.SimpleTable({}, aligns, widths, headers, rows))
  for i, row in ipairs(tbl.bodies[1].body) do
    row.attr = pandoc.Attr("prov-" .. i)
  end
  doc.blocks:insert(pandoc.Div({
    pandoc.Header(1, { pandoc.Str("Provenance of the computed numbers") },
      pandoc.Attr("provenance-appendix", { "unnumbered" })),
    pandoc.Para({ pandoc.Str("Every number above that the manuscript computes, in the order it appears: the "
      .. "expression that printed it, its line in the manuscript source, and, for a number of the published "
      .. "abstract, the ledger claim it reproduces and the audit's verdict. The number in the first column "
      .. "links to the place in the text; each value in the text opens its details on hover, focus or tap.") }),
    tbl,
  }, pandoc.Attr("provenance", { "appendix" })))
  return doc
end
