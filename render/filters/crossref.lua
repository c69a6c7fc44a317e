-- Cross-references as Quarto makes them (quarto-cli src/resources/filters/crossref/):
-- figures (#fig-), tables (#tbl-), equations (#eq-) and sections (#sec-) are numbered
-- in document order; a figure div with figures inside is a panel whose figures are
-- sub-figures (a), (b)...; captions read "Figure 1: ..." (non-breaking space after
-- the word); @fig-x becomes a link "Figure 1", @fig-x-2 "Figure 1 (b)", [-@fig-x] "1",
-- [Fig @fig-x] "Fig 1", and several references are joined by ", ". In Typst, as in
-- Quarto, a reference is Typst's own @label and Typst numbers the floats itself.
-- The no-Quarto path checks references beforehand (render/assemble.py), so every
-- reference met here resolves.

local NAMES = { fig = "Figure", tbl = "Table", eq = "Equation", sec = "Section" }
local NBSP = "\u{00A0}"
local TYPST = FORMAT == "typst"
local entries = {}
local counters = { fig = 0, tbl = 0, eq = 0 }
local sections = {}
local numbered = false

local function kind_of(id)
  local kind = id:match("^(%a+)%-")
  return kind and NAMES[kind] and kind or nil
end

local function letter(n)
  return string.char(string.byte("a") + n - 1)
end

local function number_text(entry)
  if entry.parent then
    return entries[entry.parent].number .. " (" .. letter(entry.order) .. ")"
  end
  return entry.number
end

local function prepend(caption_blocks, text)
  local first = caption_blocks[1]
  if first and first.content then
    first.content:insert(1, pandoc.Str(text))
  else
    caption_blocks:insert(1, pandoc.Plain({ pandoc.Str(text) }))
  end
end

local function title_prefix(kind, number, has_caption)
  return NAMES[kind] .. NBSP .. number .. (has_caption and ": " or "")
end

-- A display equation followed by {#eq-...}: returns the math element and the id.
local function labelled_equation(inlines)
  for i, el in ipairs(inlines) do
    if el.t == "Math" and el.mathtype == "DisplayMath" then
      local rest = pandoc.utils.stringify(pandoc.Inlines({ table.unpack(inlines, i + 1) }))
      local id = rest:match("^%s*{#(eq%-[^%s}]+)}%s*$")
      if id then
        return i, id
      end
    end
  end
end

local function number_sections(level)
  sections[level] = (sections[level] or 0) + 1
  for deeper = level + 1, #sections do
    sections[deeper] = nil
  end
  local parts = {}
  for l = 1, level do
    parts[l] = tostring(sections[l] or 0)
  end
  return table.concat(parts, ".")
end

local function caption_blocks_of(div)
  local last = div.content[#div.content]
  if last and last.t == "Para" then
    div.content:remove(#div.content)
    return pandoc.Blocks({ pandoc.Plain(last.content) })
  end
  return pandoc.Blocks({})
end

-- Sub-figures of a panel: its Figure elements with ids, in order.
local function number_panel(div, parent_id)
  local order = 0
  div.content = div.content:walk({
    Figure = function(figure)
      if figure.identifier ~= "" then
        order = order + 1
        entries[figure.identifier] = { kind = "fig", parent = parent_id, order = order }
        prepend(figure.caption.long, "(" .. letter(order) .. ")" .. (#figure.caption.long > 0 and " " or ""))
        return figure
      end
    end,
  })
end

local function float_from_div(div, kind)
  counters[kind] = counters[kind] + 1
  local number = tostring(counters[kind])
  entries[div.identifier] = { kind = kind, number = number }
  local caption = caption_blocks_of(div)
  if kind == "fig" then
    number_panel(div, div.identifier)
    if not TYPST then
      prepend(caption, title_prefix(kind, number, #caption > 0))
    end
    local attributes = div.attributes
    return pandoc.Figure(div.content, { long = caption }, pandoc.Attr(div.identifier, { "quarto-float" }, attributes))
  end
  -- a table div: the table inside takes the id and the caption
  local id = div.identifier
  local placed = false
  div.content = div.content:walk({
    Table = function(tbl)
      if not placed then
        placed = true
        tbl.identifier = id
        if not TYPST then
          prepend(caption, title_prefix(kind, number, #caption > 0))
        end
        tbl.caption = { long = caption }
        return tbl
      end
    end,
  })
  div.identifier = ""
  return div
end

local numbering = {
  traverse = "topdown",
  Header = function(header)
    if numbered and not header.classes:includes("unnumbered") then
      local number = number_sections(header.level)
      if header.identifier:match("^sec%-") then
        entries[header.identifier] = { kind = "sec", number = number }
      end
    end
  end,
  Div = function(div)
    local kind = kind_of(div.identifier)
    if kind == "fig" or kind == "tbl" then
      return float_from_div(div, kind), false
    end
  end,
  Figure = function(figure)
    if kind_of(figure.identifier) == "fig" then
      counters.fig = counters.fig + 1
      local number = tostring(counters.fig)
      entries[figure.identifier] = { kind = "fig", number = number }
      if not TYPST then
        prepend(figure.caption.long, title_prefix("fig", number, #figure.caption.long > 0))
      end
      return figure, false
    end
  end,
  Table = function(tbl)
    if kind_of(tbl.identifier) == "tbl" then
      counters.tbl = counters.tbl + 1
      local number = tostring(counters.tbl)
      entries[tbl.identifier] = { kind = "tbl", number = number }
      if not TYPST then
        prepend(tbl.caption.long, title_prefix("tbl", number, #tbl.caption.long > 0))
      end
      return tbl, false
    end
  end,
  Para = function(para)
    local at, id = labelled_equation(para.content)
    if at then
      counters.eq = counters.eq + 1
      local number = tostring(counters.eq)
      entries[id] = { kind = "eq", number = number }
      local math = para.content[at]
      if not TYPST then
        math.text = math.text:gsub("%s+$", "") .. " \\qquad(" .. number .. ")"
      end
      local span = pandoc.Span({ math }, pandoc.Attr(id, { "quarto-equation" }, { number = number }))
      local before = pandoc.Inlines({ table.unpack(para.content, 1, at - 1) })
      before:insert(span)
      return pandoc.Para(before)
    end
  end,
}

local function reference(citation)
  local id = citation.id:sub(1, 1):lower() .. citation.id:sub(2)
  local entry = entries[id]
  local kind = kind_of(id)
  if TYPST and not entry.parent then
    return pandoc.Inlines({ pandoc.RawInline("typst", "@" .. id) })
  end
  local text = pandoc.Inlines({})
  if #citation.prefix > 0 then
    text:extend(citation.prefix)
    text:insert(pandoc.Str(NBSP))
  elseif citation.mode ~= "SuppressAuthor" then
    text:insert(pandoc.Str(NAMES[kind] .. NBSP))
  end
  if TYPST then
    -- Quarto's Typst sub-figures number as "1a"
    text:insert(pandoc.Str(entries[entry.parent].number .. letter(entry.order)))
  else
    text:insert(pandoc.Str(number_text(entry)))
  end
  return pandoc.Inlines({ pandoc.Link(text, "#" .. id, "", pandoc.Attr("", { "quarto-xref" })) })
end

local references = {
  Cite = function(cite)
    local refs = pandoc.Inlines({})
    for i, citation in ipairs(cite.citations) do
      local id = citation.id:sub(1, 1):lower() .. citation.id:sub(2)
      if not (kind_of(id) and entries[id]) then
        return nil
      end
      if i > 1 then
        refs:insert(pandoc.Str(","))
        refs:insert(pandoc.Space())
      end
      refs:extend(reference(citation))
    end
    return refs
  end,
}

function Pandoc(doc)
  numbered = doc.meta["number-sections"] == true
  doc = doc:walk(numbering)
  return doc:walk(references)
end
