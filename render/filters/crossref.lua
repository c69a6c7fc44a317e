-- Number figures (Figure elements with an id "fig-...") and tables (a Div with an
-- id "tbl-..." holding a Table), then turn @fig-/@tbl- citations into links
-- "Figure N" / "Table N". Runs before --citeproc, so real citations are untouched.
-- Typst numbers its own figures and tables, so captions are only prefixed elsewhere.

local names = { fig = "Figure", tbl = "Table" }
local numbers = {}
local counts = { fig = 0, tbl = 0 }
local prefix_captions = FORMAT ~= "typst"

local function number(id)
  local kind = id:match("^(%a+)%-")
  counts[kind] = counts[kind] + 1
  numbers[id] = counts[kind]
  return names[kind] .. " " .. counts[kind]
end

local function prefix(caption, text)
  if prefix_captions and caption.long and #caption.long > 0 then
    caption.long[1].content:insert(1, pandoc.Str(text .. ":"))
    caption.long[1].content:insert(2, pandoc.Space())
  end
  return caption
end

local function number_floats(doc)
  return doc:walk({
    Figure = function(figure)
      if figure.identifier:match("^fig%-") then
        figure.caption = prefix(figure.caption, number(figure.identifier))
        return figure
      end
    end,
    Div = function(div)
      if div.identifier:match("^tbl%-") then
        local label = number(div.identifier)
        div.content = div.content:walk({
          Table = function(tbl)
            tbl.caption = prefix(tbl.caption, label)
            return tbl
          end,
        })
        return div
      end
    end,
  })
end

local function resolve_references(doc)
  return doc:walk({
    Cite = function(cite)
      local links = pandoc.Inlines({})
      for i, citation in ipairs(cite.citations) do
        local id = citation.id
        local kind = id:match("^(%a+)%-")
        if not (kind and names[kind]) then
          return nil
        end
        if not numbers[id] then
          error("unresolved cross-reference @" .. id)
        end
        if i > 1 then
          links:insert(pandoc.Str(i == #cite.citations and " and " or ", "))
        end
        links:insert(pandoc.Link(names[kind] .. " " .. numbers[id], "#" .. id))
      end
      return links
    end,
  })
end

function Pandoc(doc)
  return resolve_references(number_floats(doc))
end
