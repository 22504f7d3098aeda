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
      if (site.kind === "approx") approxCue(specs[specs.length - 1]);
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

  /* An approximate amount ("environ 4 Md€", kind approx): the disc of its figure with a
     dotted, slightly lighter edge, so that it never reads as an exact figure. */
  function approxCue(disc) {
    var attrs = disc.attrs;
    attrs["class"] = "geo-disc geo-approx";
    attrs["fill-opacity"] = Math.max(0.15, attrs["fill-opacity"] - 0.15);
    attrs["stroke-width"] = 2;
    attrs["stroke-dasharray"] = "1 2.5";
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

  /* Symbols on top of one another, moved apart just enough, never merged. Biggest first, each
     symbol takes the free spot nearest its place (its place itself when free, else on rings
     of growing radius around it): a spot is free when no bigger (or equal) symbol already
     placed has its centre within this symbol's reach plus `GAP` pixels. So no symbol's centre
     lies under a smaller one, and `pick` (the smallest symbol under the pointer) finds every
     symbol at its centre. Positions in pixels; returns the placed centres {x, y}
     (Float64Arrays); a leader line joins each moved symbol to its place (geo-layer.js,
     geo-canvas.js). Deterministic; a grid of cells as large as the largest reach. */
  var GAP = 2, STEP = 2, RINGS = 200, GOLDEN = Math.PI * (3 - Math.sqrt(5));
  function dodge(n, xs, ys, rs) {
    var x = Float64Array.from(xs), y = Float64Array.from(ys);
    if (n < 2) return {x: x, y: y};
    var order = [], cell = 8, grid = {};
    for (var m = 0; m < n; m++) { order.push(m); cell = Math.max(cell, rs[m] + GAP); }
    order.sort(function (a, b) { return rs[b] - rs[a] || a - b; });
    function free(cx, cy, need) {
      var gx = Math.floor(cx / cell), gy = Math.floor(cy / cell);
      for (var ox = -1; ox <= 1; ox++) for (var oy = -1; oy <= 1; oy++) {
        var near = grid[(gx + ox) + ":" + (gy + oy)];
        if (!near) continue;
        for (var q = 0; q < near.length; q++) {
          var dx = x[near[q]] - cx, dy = y[near[q]] - cy;
          if (dx * dx + dy * dy < need * need) return false;
        }
      }
      return true;
    }
    order.forEach(function (i) {
      var need = rs[i] + GAP, cx = xs[i], cy = ys[i], step = Math.max(STEP, need / 4);
      search: for (var ring = 1; ring <= RINGS && !free(cx, cy, need); ring++) {
        var radius = ring * step, steps = Math.max(8, Math.ceil(2 * Math.PI * radius / Math.max(STEP, need / 2)));
        for (var a = 0; a < steps; a++) {
          var angle = i * GOLDEN + 2 * Math.PI * a / steps;
          cx = xs[i] + radius * Math.cos(angle); cy = ys[i] + radius * Math.sin(angle);
          if (free(cx, cy, need)) break search;
        }
      }
      x[i] = cx; y[i] = cy;
      var key = Math.floor(cx / cell) + ":" + Math.floor(cy / cell);
      (grid[key] || (grid[key] = [])).push(i);
    });
    return {x: x, y: y};
  }

  api.setOutlines = setOutlines; api.sizeFactor = sizeFactor; api.radiiAt = radiiAt;
  api.symbolSpecs = symbolSpecs; api.symbolShapes = symbolShapes; api.symbolSvg = symbolSvg;
  api.symbolExtent = symbolExtent; api.hitRadius = hitRadius; api.pick = pick; api.dodge = dodge;
})();
