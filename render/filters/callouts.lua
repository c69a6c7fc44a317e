-- Callouts as Quarto writes them: ::: {.callout-note} (and -tip, -important, -caution,
-- -warning) becomes a titled box. The title is the title attribute, else the div's
-- first heading (which is removed), else the kind's default ("Note", ...).
-- HTML gets Quarto's class names; DOCX a one-cell table; Typst a bordered block.

local DEFAULTS = { note = "Note", tip = "Tip", important = "Important", caution = "Caution", warning = "Warning" }
local COLOURS = { note = "#0758E5", tip = "#00A047", important = "#CC1914", caution = "#FC5300", warning = "#EB9113" }

local function kind_of(div)
  for _, class in ipairs(div.classes) do
    local kind = class:match("^callout%-(%a+)$")
    if kind and DEFAULTS[kind] then
      return kind
    end
  end
end

function Div(div)
  local kind = kind_of(div)
  if not kind then
    return nil
  end
  local content = div.content
  local title = div.attributes.title and pandoc.Inlines(div.attributes.title)
  if not title and content[1] and content[1].t == "Header" then
    title = content[1].content
    content:remove(1)
  end
  title = title or pandoc.Inlines(DEFAULTS[kind])
  if FORMAT:match("html") then
    local header = pandoc.Div({ pandoc.Div({ pandoc.Plain(title) }, pandoc.Attr("", { "callout-title-container" })) },
      pandoc.Attr("", { "callout-header" }))
    local body = pandoc.Div(content, pandoc.Attr("", { "callout-body-container", "callout-body" }))
    return pandoc.Div({ header, body }, pandoc.Attr(div.identifier,
      { "callout", "callout-style-default", "callout-" .. kind, "callout-titled" }))
  end
  local titled = pandoc.Blocks({ pandoc.Para({ pandoc.Strong(title) }) })
  titled:extend(content)
  if FORMAT == "typst" then
    local blocks = pandoc.Blocks({ pandoc.RawBlock("typst", string.format(
      '#block(width: 100%%, inset: 8pt, radius: 2pt, fill: luma(247), stroke: (left: 3pt + rgb("%s")))[',
      COLOURS[kind])) })
    blocks:extend(titled)
    blocks:insert(pandoc.RawBlock("typst", "]"))
    return blocks
  end
  local tbl = pandoc.utils.from_simple_table(pandoc.SimpleTable({}, { pandoc.AlignDefault }, { 1 }, {}, { { titled } }))
  return tbl
end
