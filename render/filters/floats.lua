-- How numbered floats are written in each format, after crossref.lua has numbered them.
-- Typst, as Quarto writes it: a figure is #figure(..., kind: "quarto-float-fig",
-- supplement: "Figure") with its caption below, a table #figure(..., kind:
-- "quarto-float-tbl", supplement: "Table") with its caption on top, both labelled
-- <id>; Typst does not let such a figure break across pages unless a show rule says
-- so (quarto-cli's typst templates; the paper sets that rule in _quarto.yml).
-- A numbered equation becomes #math.equation(numbering: "(1)"). Sub-figure panels lay
-- their figures out in layout-ncol columns: a grid in Typst and HTML, a borderless
-- table in DOCX. fig-alt becomes the image's alternative text everywhere.

local TYPST = FORMAT == "typst"
local HTML = FORMAT:match("html") ~= nil
local DOCX = FORMAT == "docx"

local function typst(inlines)
  return pandoc.write(pandoc.Pandoc({ pandoc.Plain(inlines) }), "typst"):gsub("%s+$", "")
end

local function caption_inlines(caption)
  return pandoc.utils.blocks_to_inlines(caption.long or caption)
end

local function typst_float(content, caption, kind, supplement, position, id, extra)
  local blocks = pandoc.Blocks({ pandoc.RawBlock("typst", "#figure([") })
  blocks:extend(content)
  blocks:insert(pandoc.RawBlock("typst", string.format(
    '], caption: figure.caption(position: %s, [%s]), kind: "%s", supplement: "%s",%s)%s',
    position, typst(caption), kind, supplement, extra or "", id ~= "" and ("<" .. id .. ">") or "")))
  return blocks
end

local function with_alt(figure)
  local alt = figure.attributes["fig-alt"]
  if alt then
    figure.attributes["fig-alt"] = nil
    figure.content = figure.content:walk({
      Image = function(image)
        image.caption = pandoc.Inlines(alt)
        return image
      end,
    })
  end
  return figure
end

local function subfigures(panel)
  local subs = pandoc.List({})
  panel.content:walk({ Figure = function(f) subs:insert(f) end })
  return subs
end

local function panel_layout(panel, subs)
  local ncol = tonumber(panel.attributes["layout-ncol"] or "1")
  panel.attributes["layout-ncol"] = nil
  if TYPST then
    local cells = pandoc.Blocks({ pandoc.RawBlock("typst", string.format("#grid(columns: %d, gutter: 1em,", ncol)) })
    for _, sub in ipairs(subs) do
      cells:insert(pandoc.RawBlock("typst", "["))
      cells:extend(typst_float(sub.content, caption_inlines(sub.caption), "quarto-subfloat-fig", "Figure", "bottom",
        sub.identifier, " numbering: none, outlined: false,"))
      cells:insert(pandoc.RawBlock("typst", "],"))
    end
    cells:insert(pandoc.RawBlock("typst", ")"))
    return cells
  end
  if HTML then
    return pandoc.Blocks({ pandoc.Div(subs:map(function(s) return s end),
      pandoc.Attr("", { "quarto-layout-panel" }, { style = string.format("grid-template-columns: repeat(%d, 1fr);", ncol) })) })
  end
  -- DOCX: a borderless table, ncol figures to a row
  local rows, row = {}, {}
  for _, sub in ipairs(subs) do
    table.insert(row, { sub })
    if #row == ncol then
      table.insert(rows, row)
      row = {}
    end
  end
  if #row > 0 then
    while #row < ncol do table.insert(row, {}) end
    table.insert(rows, row)
  end
  local aligns, widths, headers = {}, {}, {}
  for i = 1, ncol do
    aligns[i], widths[i], headers[i] = pandoc.AlignCenter, 1 / ncol, {}
  end
  local tbl = pandoc.utils.from_simple_table(pandoc.SimpleTable({}, aligns, widths, headers, rows))
  return pandoc.Blocks({ tbl })
end

return {
  {
    Figure = function(figure)
      figure = with_alt(figure)
      local subs = subfigures(figure)
      local is_panel = #subs > 0
      if is_panel then
        subs = subs:map(with_alt)
        figure.content = panel_layout(figure, subs)
      end
      if TYPST and figure.identifier ~= "" then
        return typst_float(figure.content, caption_inlines(figure.caption), "quarto-float-fig", "Figure", "bottom",
          figure.identifier)
      end
      return figure, false
    end,
    Table = function(tbl)
      if TYPST and tbl.identifier:match("^tbl%-") then
        local caption = caption_inlines(tbl.caption)
        local id = tbl.identifier
        tbl.identifier = ""
        tbl.caption = { long = {} }
        return typst_float({ tbl }, caption, "quarto-float-tbl", "Table", "top", id)
      end
    end,
    Span = function(span)
      if TYPST and span.classes:includes("quarto-equation") then
        local math = span.content[1]
        local body = typst({ pandoc.Math("InlineMath", math.text) })
        return pandoc.RawInline("typst", string.format('#math.equation(block: true, numbering: "(1)", %s)<%s>',
          body, span.identifier))
      end
    end,
  },
}
