/* geo-panels.js: the words around the map: a site's name and details (tooltip, popup,
 * table of the unlocated), the legend, and the panels beside the map (one small `build*`
 * function each; geo-map.js lays them out with `panel`).
 */
(function () {
  "use strict";

  var api = window.geoMapApi, h = api.h;

  /* Right-to-left text from the data (Arabic, Hebrew names, or a stray U+202E override)
     must not reorder what follows it: every inserted text is isolated, in an element of its
     own (<bdi>) in the page, between U+2068 FIRST STRONG ISOLATE and U+2069 POP DIRECTIONAL
     ISOLATE in attributes (an accessible name is one string). */
  function bdi(text) { return h("bdi", null, [text]); }
  function isolate(text) { return "\u2068" + text + "\u2069"; }

  /* A site in one line, for its hover text, its accessible name and search results: the
     name, investor, amount and the place in a few words ("Cambrai (Nord)"). */
  function nameParts(site) {
    return [site.name, site.investor, site.amount_label, site.place || site.precision_label].filter(Boolean);
  }

  function accessibleName(site) {
    return nameParts(site).map(isolate).join(" — ");
  }

  /* The same words as the accessible name, as elements: each part isolated. */
  function nameNodes(site) {
    var out = [];
    nameParts(site).forEach(function (part, i) { if (i) out.push(" — "); out.push(bdi(part)); });
    return out;
  }

  function details(site, t) {
    var rows = [];
    function row(label, value) {
      if (value === null || value === undefined || value === "") return;
      rows.push(h("dt", null, [label]));
      rows.push(h("dd", null, typeof value === "string" ? [bdi(value)] : [value]));
    }
    var investor = site.investor ? [bdi(site.investor)] : [];
    if (site.country_label) investor = investor.length ? investor.concat([" (", bdi(site.country_label), ")"]) : [bdi(site.country_label)];
    if (investor.length) row(t.investor, h("span", null, investor));
    var announced = t.announced_as.split("{text}");
    var amount = h("span", null, [
      h("strong", {"class": "geo-amount"}, [bdi(site.fx_label || site.amount_label)]),
      site.amount_text && site.amount_text !== site.amount_label ?
        h("span", {"class": "geo-announced"}, [" (" + announced[0], bdi(site.amount_text), (announced[1] || "") + ")"]) : null
    ]);
    row(t.amount, amount);
    programmeRows(site, t, row);
    var where = [site.location_label, site.precision_label].filter(Boolean);
    if (where.length) row(t.location, h("span", null, where.length > 1 ? [bdi(where[0]), " — ", bdi(where[1])] : [bdi(where[0])]));
    row(t.date, site.date);
    row(t.status, site.status);
    row(t.notes, site.notes);
    if (site.sources && site.sources.length) {
      var list = h("ul", {"class": "geo-sources"});
      site.sources.forEach(function (src) {
        var title = src.title || src.url || t.source;
        var url = api.safeUrl(src.url);
        var item = url ? h("a", {href: url, target: "_blank", rel: "noopener noreferrer"}, [bdi(title)])
          : bdi(title);
        var after = [];
        [src.publisher, src.date].filter(Boolean).forEach(function (part) { after.push(", ", bdi(part)); });
        list.appendChild(h("li", null, [item].concat(after)));
      });
      row(t.sources, list);
    }
    return h("div", {"class": "geo-popup", "data-site": site.id}, [
      h("h3", null, [bdi(site.name), newBadge(site, t)]), h("dl", null, rows)]);
  }

  /* "Fait partie de « Programme … » (20 Md€)" on a site of a programme; its sites on the
     programme. Both labels come worded from Python (geo/render/newsroom.py). */
  function programmeRows(site, t, row) {
    if (site.part_of) row(t.programme, h("span", {"class": "geo-part-of", "data-programme": site.part_of.id}, [bdi(site.part_of.label)]));
    if (site.parts_label) row(t.programme, h("span", {"class": "geo-parts"}, [bdi(site.parts_label)]));
  }

  /* The "nouveau" / "new" badge of a site announced since settings.highlight_since. */
  function newBadge(site, t) {
    return site["new"] ? h("span", {"class": "geo-new"}, [t["new"]]) : null;
  }

  function collapsible(title, open, body) {
    var d = h("details", open ? {open: ""} : null, [h("summary", null, [title])]);
    body.forEach(function (child) { if (child) d.appendChild(child); });
    return d;
  }

  /* The nested circles of the size legend, drawn at the map's size factor `k` (the symbols'
     own: the same radii times the same factor, so the legend stays true at every width). */
  function legendSizes(data, k, title) {
    var sizes = data.legend.sizes;
    if (!sizes.length) return null;
    var rmax = sizes[0].r * k;
    /* Each label sits level with the top of its circle, unless the circles are too small
       for that (an inset, a phone): then the labels are spread 13 px apart (a line of 11 px
       text), upwards from the smallest, each with a leader to its circle, so that no two
       labels overlap. */
    var tops = sizes.map(function (entry) { return 2 * entry.r * k; });  /* above the bottom */
    var lift = tops.map(function (t) { return t - 4; });  /* a label's baseline, above the bottom */
    for (var i = lift.length - 2; i >= 0; i--) lift[i] = Math.max(lift[i], lift[i + 1] + 13);
    var width = Math.ceil(rmax * 2 + 90), height = Math.ceil(Math.max(rmax * 2 + 12, lift[0] + 16));
    var svg = api.s("svg", {width: width, height: height, viewBox: "0 0 " + width + " " + height,
      "class": "geo-legend-sizes", role: "img", "aria-label": data.labels.legend_sizes + ": " +
        sizes.map(function (x) { return x.label; }).join(", ")});
    var cx = rmax + 2, bottom = height - 2;
    sizes.forEach(function (entry, i) {
      var r = entry.r * k, y = bottom - lift[i];
      svg.appendChild(api.s("circle", {cx: cx, cy: bottom - r, r: r, fill: "none",
        stroke: "#555", "stroke-width": 1, "class": "geo-legend-circle", "data-value": entry.value}));
      svg.appendChild(api.s("line", {x1: cx, x2: cx * 2 + 8, y1: bottom - tops[i], y2: y - 4,
        stroke: "#999", "stroke-width": 0.7, "stroke-dasharray": "2 2"}));
      var label = api.s("text", {x: cx * 2 + 10, y: y, "font-size": 11, fill: "#333",
        "class": "geo-legend-label"});
      label.textContent = entry.label;
      svg.appendChild(label);
    });
    return h("div", {"class": "geo-legend-block"}, [
      h("div", {"class": "geo-legend-title"}, [title || data.labels.legend_sizes]), svg]);
  }

  function legendRow(site, label, key) {
    return h("li", {"class": "geo-legend-entry", "data-entry": key}, [api.symbolSvg(site, 1), h("span", null, [label])]);
  }

  /* The legend: the size circles at the map's factor `k`, the kinds of amount and of place,
     the colours. Open, beside or below the map; closed only in a short fixed frame. */
  function buildLegend(node, data, k) {
    var t = data.labels, entries = [], kinds = data.legend.kinds;
    var grey = "#555";
    if (kinds.indexOf("approx") >= 0) entries.push(legendRow({kind: "approx", r: 8, color: grey}, t.legend_approx, "approx"));
    if (kinds.indexOf("range") >= 0) entries.push(legendRow({kind: "range", r: 6, r2: 10, color: grey}, t.legend_range, "range"));
    if (kinds.indexOf("at_least") >= 0) entries.push(legendRow({kind: "at_least", r: 7, r2: 10, color: grey}, t.legend_at_least, "at_least"));
    if (kinds.indexOf("up_to") >= 0) entries.push(legendRow({kind: "up_to", r: 0, r2: 10, color: grey}, t.legend_up_to, "up_to"));
    if (kinds.indexOf("undisclosed") >= 0) entries.push(legendRow({kind: "undisclosed", r: data.legend.undisclosed_r, color: "#8c8c8c"}, t.legend_undisclosed, "undisclosed"));
    if (data.legend.area) entries.push(legendRow({kind: "exact", r: 8, color: grey, area_precision: true}, t.legend_area, "area"));
    var colors = data.legend.colors.map(function (c) {
      /* The swatch is a symbol, drawn by the same function: same fill, same outline. */
      var swatch = api.symbolSvg({kind: "exact", r: 6, color: c.color}, 1);
      swatch.setAttribute("class", "geo-svg geo-swatch");
      return h("li", {"class": "geo-legend-color", "data-key": c.key}, [swatch, h("span", null, [bdi(c.label)])]);
    });
    var short = api.pageMode("geo-fit") && window.innerHeight < 600;  /* a short fixed frame: the map first */
    var sizes = h("div", {"class": "geo-legend-sizes-box"}, [legendSizes(data, k)]);
    node.appendChild(collapsible(t.legend, !short, [
      sizes,
      entries.length ? h("ul", {"class": "geo-legend-list"}, entries) : null,
      colors.length ? h("div", {"class": "geo-legend-title"}, [bdi(data.legend.colors_title)]) : null,
      colors.length ? h("ul", {"class": "geo-legend-list geo-legend-colors"}, colors) : null
    ]));
    /* A new map width, a new factor: the size circles again (geo-map.js rescale). */
    node.geoRescale = function (k2) {
      while (sizes.firstChild) sizes.removeChild(sizes.firstChild);
      var block = legendSizes(data, k2);
      if (block) sizes.appendChild(block);
    };
  }

  function buildUnlocated(node, data, k) {
    var t = data.labels;
    var items = data.unlocated.map(function (site) {
      var head = h("summary", null, [
        api.symbolSvg(site, k),
        h("span", {"class": "geo-unlocated-text"}, [
          h("strong", null, [bdi(site.name)]), h("br"),
          h("span", {"class": "geo-amount"}, [bdi(site.amount_label)]),
          " · ", bdi(site.precision_label)
        ])
      ]);
      var item = h("details", {"class": "geo-unlocated-item", "data-site": site.id}, [head]);
      item.appendChild(details(site, t));
      return h("li", null, [item]);
    });
    node.appendChild(collapsible(t.unlocated + " (" + data.unlocated.length + ")", true, [
      h("p", {"class": "geo-note"}, [t.unlocated_note]),
      h("ul", {"class": "geo-unlocated-list"}, items)
    ]));
    node.geoRescale = function (k2) {
      node.querySelectorAll(".geo-unlocated-item").forEach(function (item, i) {
        var old = item.querySelector("summary > svg");
        if (old) old.parentNode.replaceChild(api.symbolSvg(data.unlocated[i], k2), old);
      });
    };
  }

  function buildTotals(node, data) {
    var t = data.labels, tot = data.totals, rows = [];
    function row(label, value, key) {
      if (!value) return;
      rows.push(h("dt", null, [label]));
      rows.push(h("dd", {"data-total": key}, [bdi(value)]));
    }
    row(t.totals_mapped, tot.mapped, "mapped");
    row(t.totals_unlocated, tot.unlocated, "unlocated");
    row(t.totals_listed, tot.listed, "listed");
    row(t.totals_headline, tot.headline, "headline");
    row(t.totals_share, tot.share, "share");
    node.appendChild(collapsible(t.totals, true, [
      h("dl", null, rows),
      tot.headline_source ? h("p", {"class": "geo-note"}, [t.source + " : ", bdi(tot.headline_source)]) : null,
      tot.programmes_note ? h("p", {"class": "geo-note geo-programmes-note"}, [bdi(tot.programmes_note)]) : null,
      h("p", {"class": "geo-note"}, [t.totals_caveat])
    ]));
  }

  /* A draft's "À vérifier" / "To check" panel: each site that did not resolve, with what was
     typed, why it is not on the map and what to type instead. Every text from the data is
     isolated (its messages quote what was typed). */
  function buildToCheck(node, data) {
    var t = data.labels;
    var items = data.to_check.map(function (item) {
      var typed = [];
      [item.place, item.amount].filter(Boolean).forEach(function (x, i) { if (i) typed.push(" · "); typed.push(bdi(x)); });
      var reasons = item.problems.map(function (p) {
        return h("li", null, [
          h("span", {"class": "geo-to-check-field"}, [p.field ? p.field + " : " : ""]), bdi(p.message),
          p.hint ? h("div", {"class": "geo-to-check-hint"}, ["→ ", bdi(p.hint)]) : null]);
      });
      return h("li", {"class": "geo-to-check-item", "data-number": item.number}, [
        h("strong", null, ["#" + item.number + " ", bdi(item.name || "?")]),
        typed.length ? h("div", {"class": "geo-note"}, [t.to_check_typed + " : "].concat(typed)) : null,
        h("ul", {"class": "geo-to-check-reasons"}, reasons)]);
    });
    node.appendChild(collapsible(t.to_check + " (" + data.to_check.length + ")", true, [
      h("p", {"class": "geo-note"}, [t.to_check_note]),
      h("ul", {"class": "geo-to-check-list"}, items)
    ]));
  }

  /* A panel beside the map (below it on narrow screens), never over it: a <section> of the
     side column, built by one of the `build*` functions; `before`: a panel it goes before. */
  function panel(className, build, before) {
    var side = document.getElementById("geo-side");
    var node = h("section", {"class": "geo-panel " + className});
    build(node);
    side.insertBefore(node, before || null);
    side.hidden = false;
    return node;
  }

  api.bdi = bdi; api.accessibleName = accessibleName; api.nameNodes = nameNodes; api.details = details; api.collapsible = collapsible;
  api.legendSizes = legendSizes; api.buildLegend = buildLegend; api.buildUnlocated = buildUnlocated;
  api.buildTotals = buildTotals; api.buildToCheck = buildToCheck; api.panel = panel;
})();
