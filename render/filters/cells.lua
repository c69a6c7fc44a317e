-- Quarto unrolls the markdown-cell divs it keeps for manuscripts
-- (unroll-markdown-cells, quarto-cli src/project/types/manuscript/manuscript.ts)
-- after user filters have run: their content takes their place.

function Div(div)
  if div.classes:includes("cell") and div.classes:includes("markdown") then
    return div.content
  end
end
