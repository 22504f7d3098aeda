/* geo-symbols.js: what one site's symbol looks like, how big it is at a map's width, which
 * symbol the pointer is on, and how symbols that sit on one another are moved apart.
 *
 * Shared by every drawing of a symbol: the SVG layer (geo-layer.js), the canvas of big maps
 * (geo-canvas.js), the legend and the panels (geo-panels.js) and the insets.
 */
(function () {
  "use strict";

  var api = window.geoMapApi;

  /* Each category colour's outline, from the legend (geo/render/colors.py: the colour itself
     when it contrasts 3:1 with the basemap, else a darker shade of it); other colours are
     their own outline. */
  var outlines = {};
  function setOutlines(data) {
    (data.legend.colors || []).forEach(function (c) { if (c.outline) outlines[c.color] = c.outline; });
  }

  /* One scale per map width (geo/render/symbology.py WIDTH_RULE and width_factor, the same
     rule; tests/test_symbology.py runs both on the same widths): the payload's radii are those
     of a map `wide` pixels wide or more; a map `narrow` pixels wide draws them at
     `narrow_ratio`, linearly in between, and in proportion to its width below. Every radius
     of one map is multiplied by the same factor, so areas stay in proportion to the amounts. */
  function sizeFactor(width, rule) {
    if (width >= rule.wide) return 1;
    if (width >= rule.narrow) return rule.narrow_ratio + (1 - rule.narrow_ratio) * (width - rule.narrow) / (rule.wide - rule.narrow);
    return rule.narrow_ratio * Math.max(width, 0) / rule.narrow;
  }

  /* A site's radii at size factor `k`: an undisclosed amount's "?" keeps its fixed size (it
     is no amount, and never the smallest circle). */
  function radiiAt(site, k) {
    if (site.kind === "undisclosed") return {r: site.r, r2: 0};
    return {r: (site.r || 0) * k, r2: (site.r2 || 0) * k};
  }

  /* The circles of one symbol, centred at (cx, cy), as plain {tag, attrs, text} records: the
     single description that the SVG path (symbolShapes) and the canvas path (geo-canvas.js)
     both draw from. `k`: the map's size factor (sizeFactor; 1 when absent). */
  function symbolSpecs(site, cx, cy, k) {
    var fill = site.color;
    var color = outlines[fill] || fill;  /* strokes and rings */
    var area = site.area_precision;
    var rr = radiiAt(site, k === undefined ? 1 : k);
    var specs = [];
    if (site.kind === "undisclosed") {
      specs.push({tag: "circle", attrs: {cx: cx, cy: cy, r: rr.r, "class": "geo-undisclosed",
        fill: "#ffffff", stroke: color, "stroke-width": 1.5, "stroke-dasharray": "2 2"}});
      specs.push({tag: "text", text: "?", attrs: {x: cx, y: cy + 4, "text-anchor": "middle", "class": "geo-q",
        fill: color, "font-size": 11, "font-weight": "bold"}});
      return specs;
    }
    if (site.kind !== "up_to") {
      specs.push({tag: "circle", attrs: {cx: cx, cy: cy, r: rr.r, "class": "geo-disc",
        fill: fill, "fill-opacity": area ? 0.25 : 0.6, stroke: color, "stroke-width": 1.2,
        "stroke-dasharray": area ? "4 3" : "none"}});
    }
    if (rr.r2) {
      var ring = {cx: cx, cy: cy, r: rr.r2, fill: "none", stroke: color, "stroke-width": 1.5};
      if (site.kind === "range") ring["class"] = "geo-ring geo-ring-range";
      if (site.kind === "at_least") { ring["class"] = "geo-ring geo-ring-at-least"; ring["stroke-dasharray"] = "3 3"; }
      if (site.kind === "up_to") {
        ring["class"] = "geo-ring geo-ring-up-to"; ring["stroke-dasharray"] = "3 3";
        ring.fill = fill; ring["fill-opacity"] = 0.12;
      }
      specs.push({tag: "circle", attrs: ring});
    }
    return specs;
  }

  /* The same circles as SVG elements; shared by map, panel and legend. */
  function symbolShapes(site, cx, cy, k) {
    return symbolSpecs(site, cx, cy, k).map(function (spec) {
      var node = api.s(spec.tag, spec.attrs);
      if (spec.text !== undefined) node.textContent = spec.text;
      return node;
    });
  }

  /* The radius within which the pointer is on the symbol (its outer circle). */
  function hitRadius(site, k) {
    var rr = radiiAt(site, k === undefined ? 1 : k);
    return Math.max(rr.r, rr.r2, 3);
  }

  function symbolExtent(site, k) { return hitRadius(site, k) + 2; }

  function symbolSvg(site, k) {
    var half = symbolExtent(site, k);
    var size = Math.ceil(half * 2);
    var svg = api.s("svg", {width: size, height: size, viewBox: "0 0 " + size + " " + size,
      "aria-hidden": "true", focusable: "false", "class": "geo-svg"});
    symbolShapes(site, size / 2, size / 2, k).forEach(function (shape) { svg.appendChild(shape); });
    return svg;
  }

  /* Which of the symbols under a point the pointer is on: the smallest (a small symbol on a
     big one, or under it, can always be hovered and clicked), the one drawn last among equals.
     `n` symbols at (xs, ys) with hit radii rs; returns an index or -1. */
  function pick(x, y, n, xs, ys, rs, candidates) {
    var best = -1, bestR = Infinity;
    var visit = function (i) {
      var dx = x - xs[i], dy = y - ys[i], r = rs[i];
      if (dx * dx + dy * dy <= r * r && (r < bestR || (r === bestR && i > best))) { best = i; bestR = r; }
    };
    if (candidates) for (var c = 0; c < candidates.length; c++) visit(candidates[c]);
    else for (var i = 0; i < n; i++) visit(i);
    return best;
  }

  /* Symbols on top of one another, moved apart just enough, never merged: wherever a
     symbol's centre lies within `GAP` pixels of a smaller (or equal) symbol's reach, the
     smaller one moves away (by the golden angle when the centres coincide), a few rounds,
     so that every symbol can be clicked at its centre with `pick`. Positions in pixels;
     returns the moved positions {x, y} (Float64Arrays); a leader line joins each moved
     symbol to its place (geo-layer.js, geo-canvas.js). Deterministic; O(n) per round with
     a grid of cells as large as the largest reach. */
  var GAP = 2, ROUNDS = 24, GOLDEN = Math.PI * (3 - Math.sqrt(5));
  function dodge(n, xs, ys, rs) {
    var x = Float64Array.from(xs), y = Float64Array.from(ys);
    if (n < 2) return {x: x, y: y};
    var cell = 8;
    for (var m = 0; m < n; m++) cell = Math.max(cell, rs[m] + GAP);
    for (var round = 0; round < ROUNDS; round++) {
      var grid = {}, moved = false;
      for (var a = 0; a < n; a++) {
        var key = Math.floor(x[a] / cell) + ":" + Math.floor(y[a] / cell);
        (grid[key] || (grid[key] = [])).push(a);
      }
      for (var p = 0; p < n; p++) {
        var gx = Math.floor(x[p] / cell), gy = Math.floor(y[p] / cell);
        for (var ox = -1; ox <= 1; ox++) for (var oy = -1; oy <= 1; oy++) {
          var near = grid[(gx + ox) + ":" + (gy + oy)];
          if (!near) continue;
          for (var q = 0; q < near.length; q++) {
            /* each pair once, from the bigger one's side: the smaller one (among equals, the
               later one) moves */
            var j = near[q];
            if (j === p || !(rs[j] < rs[p] || (rs[j] === rs[p] && j > p))) continue;
            var need = rs[j] + GAP, dx = x[j] - x[p], dy = y[j] - y[p];
            var d = Math.sqrt(dx * dx + dy * dy);
            if (d >= need) continue;
            if (d < 0.01) { d = 0; dx = Math.cos(j * GOLDEN); dy = Math.sin(j * GOLDEN); }
            else { dx /= d; dy /= d; }
            x[j] += dx * (need - d + 0.01); y[j] += dy * (need - d + 0.01);
            moved = true;
          }
        }
      }
      if (!moved) break;
    }
    return {x: x, y: y};
  }

  api.setOutlines = setOutlines; api.sizeFactor = sizeFactor; api.radiiAt = radiiAt;
  api.symbolSpecs = symbolSpecs; api.symbolShapes = symbolShapes; api.symbolSvg = symbolSvg;
  api.symbolExtent = symbolExtent; api.hitRadius = hitRadius; api.pick = pick; api.dodge = dodge;
})();
