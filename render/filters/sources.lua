-- HTML only: under each figure and table, a line that says which code made it and
-- links to it, as Quarto's manuscript pages do ("Source: Article Notebook"): the
-- chunk's cell in the article notebook's preview, or the embedded notebook cell's.
-- The preview pages are named in the metadata field render-sources.

local function text(s)
  return pandoc.Inlines(s)
end

local function source_line(div, sources)
  local label = div.attributes["data-label"]
  local notebook = div.attributes["data-notebook"]
  if notebook then
    local preview = sources.notebooks and sources.notebooks[notebook]
    if not preview then
      return nil
    end
    return pandoc.Para({ pandoc.Str("Source:"), pandoc.Space(),
      pandoc.Link(text(pandoc.utils.stringify(preview.title)),
        pandoc.utils.stringify(preview.href) .. "#cell-" .. label),
      pandoc.Space(), pandoc.Str("(cell " .. label .. ")") })
  end
  if label and sources.article then
    local line = div.attributes["data-source-line"]
    return pandoc.Para({ pandoc.Str("Source:"), pandoc.Space(),
      pandoc.Link(text("Article Notebook"), pandoc.utils.stringify(sources.article) .. "#cell-" .. label),
      pandoc.Space(), pandoc.Str("(chunk " .. label .. ", " .. pandoc.utils.stringify(sources.file) .. " line " .. line .. ")") })
  end
end

local function has_float(div)
  local found = false
  div.content:walk({
    Figure = function(f) if f.identifier ~= "" then found = true end end,
    Table = function(t) if t.identifier ~= "" then found = true end end,
  })
  return found
end

function Pandoc(doc)
  local sources = doc.meta["render-sources"]
  if not sources or not FORMAT:match("html") then
    return nil
  end
  doc.blocks = doc.blocks:walk({
    Div = function(div)
      if div.classes:includes("cell") and has_float(div) then
        local line = source_line(div, sources)
        if line then
          div.content:insert(pandoc.Div({ line }, pandoc.Attr("", { "float-source" })))
          return div
        end
      end
    end,
  })
  return doc
end
