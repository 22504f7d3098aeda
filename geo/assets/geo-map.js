/* geo-map.js: draws the proportional symbols, legend and panels of a geo map.
 *
 * Every number and every word comes precomputed from the page's JSON blob
 * (radii from geo.render.symbology, labels from geo.render.i18n), so this file does no
 * formatting and no scale arithmetic: the legend cannot disagree with the
 * symbols. Text from the data only ever reaches the DOM through textContent
 * or setAttribute, never through innerHTML, and links are limited to http(s).
 * The mapped sites come as columns (geo/render/fastpath.py, read with readSites and
 * siteAt), the outlines as TopoJSON decoded by topojson-client (geo/render/outlines.py).
 */
(function () {
  "use strict";

  var SVGNS = "http://www.w3.org/2000/svg";

  function h(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (key) {
        if (attrs[key] !== null && attrs[key] !== undefined) node.setAttribute(key, attrs[key]);
      });
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === "") return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function s(tag, attrs) {
    var node = document.createElementNS(SVGNS, tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    return node;
  }

  /* The one rule for links (geo/core/urls.py has the same two patterns; tests/test_safe_url.py
     runs both on the same cases): trimmed of ASCII controls and spaces, then http(s), "://", a
     non-empty host, and no control, space or direction mark anywhere, at most 2,000 characters. */
  var URL_TRIM = /^[\x00-\x20]+|[\x00-\x20]+$/g;
  var URL_SAFE = /^https?:\/\/[^\/?#\\\x00-\x20\x7f-\x9f\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f\u3000\ufeff]+(?:[\/?#][^\x00-\x20\x7f-\x9f\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f\u3000\ufeff]*)?$/i;
  function safeUrl(url) {
    if (typeof url !== "string") return null;
    var trimmed = url.replace(URL_TRIM, "");
    return trimmed.length <= 2000 && URL_SAFE.test(trimmed) ? trimmed : null;
  }

  /* Each category colour's outline, from the legend (geo/render/colors.py: the colour itself
     when it contrasts 3:1 with the basemap, else a darker shade of it); other colours are
     their own outline. */
  var outlines = {};
  function setOutlines(data) {
    (data.legend.colors || []).forEach(function (c) { if (c.outline) outlines[c.color] = c.outline; });
  }

  /* The circles of one symbol, centred at (cx, cy), as plain {tag, attrs, text} records: the
     single description that the SVG path (symbolShapes) and the canvas path (geo-canvas.js)
     both draw from. */
  function symbolSpecs(site, cx, cy) {
    var fill = site.color;
    var color = outlines[fill] || fill;  /* strokes and rings */
    var area = site.area_precision;
    var specs = [];
    if (site.kind === "undisclosed") {
      specs.push({tag: "circle", attrs: {cx: cx, cy: cy, r: site.r, "class": "geo-undisclosed",
        fill: "#ffffff", stroke: color, "stroke-width": 1.5, "stroke-dasharray": "2 2"}});
      specs.push({tag: "text", text: "?", attrs: {x: cx, y: cy + 4, "text-anchor": "middle", "class": "geo-q",
        fill: color, "font-size": 11, "font-weight": "bold"}});
      return specs;
    }
    if (site.kind !== "up_to") {
      specs.push({tag: "circle", attrs: {cx: cx, cy: cy, r: site.r, "class": "geo-disc",
        fill: fill, "fill-opacity": area ? 0.25 : 0.6, stroke: color, "stroke-width": 1.2,
        "stroke-dasharray": area ? "4 3" : "none"}});
      if (site.kind === "approx") approxCue(specs[specs.length - 1]);
    }
    if (site.r2) {
      var ring = {cx: cx, cy: cy, r: site.r2, fill: "none", stroke: color, "stroke-width": 1.5};
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
  function symbolShapes(site, cx, cy) {
    return symbolSpecs(site, cx, cy).map(function (spec) {
      var node = s(spec.tag, spec.attrs);
      if (spec.text !== undefined) node.textContent = spec.text;
      return node;
    });
  }

  function symbolExtent(site) { return Math.max(site.r || 0, site.r2 || 0) + 2; }

  function symbolSvg(site) {
    var half = symbolExtent(site);
    var size = Math.ceil(half * 2);
    var svg = s("svg", {width: size, height: size, viewBox: "0 0 " + size + " " + size,
      "aria-hidden": "true", focusable: "false", "class": "geo-svg"});
    symbolShapes(site, size / 2, size / 2).forEach(function (shape) { svg.appendChild(shape); });
    return svg;
  }

  /* Right-to-left text from the data (Arabic, Hebrew names, or a stray U+202E override)
     must not reorder what follows it: every inserted text is isolated, in an element of its
     own (<bdi>) in the page, between U+2068 FIRST STRONG ISOLATE and U+2069 POP DIRECTIONAL
     ISOLATE in attributes (an accessible name is one string). */
  function bdi(text) { return h("bdi", null, [text]); }
  function isolate(text) { return "\u2068" + text + "\u2069"; }

  function nameParts(site) {
    return [site.name, site.investor, site.amount_label, site.precision_label].filter(Boolean);
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
        var url = safeUrl(src.url);
        var item = url ? h("a", {href: url, target: "_blank", rel: "noopener noreferrer"}, [bdi(title)])
          : bdi(title);
        var extra = [src.publisher, src.date].filter(Boolean);
        var after = [];
        extra.forEach(function (part) { after.push(", ", bdi(part)); });
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

  /* A draft's "À vérifier" / "To check" panel: each site that did not resolve, with what was
     typed, why it is not on the map and what to type instead. Every text from the data is
     isolated (its messages quote what was typed). */
  function buildToCheck(node, data) {
    var t = data.labels;
    var items = data.to_check.map(function (item) {
      var typed = [item.place, item.amount].filter(Boolean);
      var typedNodes = [];
      typed.forEach(function (x, i) { if (i) typedNodes.push(" · "); typedNodes.push(bdi(x)); });
      var reasons = item.problems.map(function (p) {
        return h("li", null, [
          h("span", {"class": "geo-to-check-field"}, [p.field ? p.field + " : " : ""]), bdi(p.message),
          p.hint ? h("div", {"class": "geo-to-check-hint"}, ["→ ", bdi(p.hint)]) : null]);
      });
      return h("li", {"class": "geo-to-check-item", "data-number": item.number}, [
        h("strong", null, ["#" + item.number + " ", bdi(item.name || "?")]),
        typed.length ? h("div", {"class": "geo-note"}, [t.to_check_typed + " : "].concat(typedNodes)) : null,
        h("ul", {"class": "geo-to-check-reasons"}, reasons)]);
    });
    node.appendChild(collapsible(t.to_check + " (" + data.to_check.length + ")", true, [
      h("p", {"class": "geo-note"}, [t.to_check_note]),
      h("ul", {"class": "geo-to-check-list"}, items)
    ]));
  }

  function control(position, className, build) {
    var Ctl = L.Control.extend({
      options: {position: position},
      onAdd: function () {
        var node = h("div", {"class": "geo-panel leaflet-control " + className});
        build(node);
        L.DomEvent.disableClickPropagation(node);
        L.DomEvent.disableScrollPropagation(node);
        return node;
      }
    });
    return new Ctl();
  }

  function collapsible(title, open, body) {
    var d = h("details", open ? {open: ""} : null, [h("summary", null, [title])]);
    body.forEach(function (child) { if (child) d.appendChild(child); });
    return d;
  }

  function legendSizes(data) {
    var sizes = data.legend.sizes;
    if (!sizes.length) return null;
    var rmax = sizes[0].r;
    var width = Math.ceil(rmax * 2 + 90), height = Math.ceil(rmax * 2 + 12);
    var svg = s("svg", {width: width, height: height, viewBox: "0 0 " + width + " " + height,
      "class": "geo-legend-sizes", role: "img", "aria-label": data.labels.legend_sizes + ": " +
        sizes.map(function (x) { return x.label; }).join(", ")});
    var cx = rmax + 2, bottom = height - 2;
    sizes.forEach(function (entry) {
      svg.appendChild(s("circle", {cx: cx, cy: bottom - entry.r, r: entry.r, fill: "none",
        stroke: "#555", "stroke-width": 1, "class": "geo-legend-circle", "data-value": entry.value}));
      svg.appendChild(s("line", {x1: cx, x2: cx * 2 + 8, y1: bottom - 2 * entry.r, y2: bottom - 2 * entry.r,
        stroke: "#999", "stroke-width": 0.7, "stroke-dasharray": "2 2"}));
      var label = s("text", {x: cx * 2 + 10, y: bottom - 2 * entry.r + 4, "font-size": 11, fill: "#333"});
      label.textContent = entry.label;
      svg.appendChild(label);
    });
    return h("div", null, [h("div", {"class": "geo-legend-title"}, [data.labels.legend_sizes]), svg]);
  }

  function legendRow(site, label, key) {
    return h("li", {"class": "geo-legend-entry", "data-entry": key}, [symbolSvg(site), h("span", null, [label])]);
  }

  function buildLegend(node, data) {
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
      var swatch = symbolSvg({kind: "exact", r: 6, color: c.color});
      swatch.setAttribute("class", "geo-svg geo-swatch");
      return h("li", {"class": "geo-legend-color", "data-key": c.key}, [swatch, h("span", null, [bdi(c.label)])]);
    });
    var small = window.matchMedia && window.matchMedia("(max-width: 600px)").matches ||
      pageMode("geo-fit") && window.innerHeight < 600;  /* a short fixed frame: the map first */
    node.appendChild(collapsible(t.legend, !small, [
      legendSizes(data),
      entries.length ? h("ul", {"class": "geo-legend-list"}, entries) : null,
      colors.length ? h("div", {"class": "geo-legend-title"}, [bdi(data.legend.colors_title)]) : null,
      colors.length ? h("ul", {"class": "geo-legend-list"}, colors) : null
    ]));
  }

  function buildUnlocated(node, data) {
    var t = data.labels;
    var items = data.unlocated.map(function (site) {
      var head = h("summary", {"aria-label": accessibleName(site)}, [
        symbolSvg(site),
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

  /* One packed part of the page's data (geo/render/outlines.py `pack`: base64 of raw deflate of
     JSON) back to its value; a part that is not a string is already the value. */
  function unpack(packed) {
    if (typeof packed !== "string") return Promise.resolve(packed);
    var bin = atob(packed), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
    return new Response(stream).text().then(JSON.parse);
  }

  /* The mapped sites' columns (geo/render/fastpath.py): drawing columns `z`, then text columns
     `d`, merged, with each site's latitude and longitude in `y` and `x` (the blob stores them as
     deltas of integers at 1e-5 degree). */
  function readColumns(part) {
    return unpack(part).then(function (c) {
      if (c.y) return c;
      var n = c.n, lat = 0, lon = 0;
      c.y = new Float64Array(n); c.x = new Float64Array(n);
      for (var i = 0; i < n; i++) {
        lat += c.lat[i]; lon += c.lon[i];
        c.y[i] = lat / 1e5; c.x[i] = lon / 1e5;
      }
      return c;
    });
  }

  function readSites(blob) {
    return Promise.all([readColumns(blob.z), unpack(blob.d)]).then(function (parts) {
      var cols = parts[0];
      Object.keys(parts[1]).forEach(function (k) { cols[k] = parts[1][k]; });
      return cols;
    });
  }

  /* Site `i` of the columns as one record (name, amount and place labels, sources, symbol and
     position): what tooltips, popups, table rows and symbols read, built when asked for. */
  function siteAt(cols, i) {
    function col(name) { var c = cols[name]; return c.t[c.i[i]]; }
    var st = cols.styles[cols.style[i]], country = col("country"), amount = col("amount"), loc = col("loc");
    var site = {name: cols.name[i], id: cols.id[i], investor: col("investor"), country: country[0],
      country_label: country[1], amount_label: amount[0], amount_text: amount[1],
      location_label: loc[0], precision_label: loc[1], date: col("date"), status: col("status"),
      notes: col("notes"), sources: col("sources") || [], kind: st[0], r: st[1], r2: st[2],
      color: st[3], area_precision: st[4], lat: cols.y[i], lon: cols.x[i]};
    /* The programme, the "new" badge…: only the sites that have them (fastpath `extra`). */
    var extra = cols.extra ? col("extra") : null;
    if (extra) Object.keys(extra).forEach(function (k) { site[k] = extra[k]; });
    return site;
  }

  /* Offline basemap (geo/render/basemap.py): land, then department borders, then region
     borders (between departments of two regions, and the coast), decoded with topojson-client
     from the coarse national topology; from `detail_zoom` on, the department and region
     borders come from the finer topology, decoded the first time the reader zooms in. */
  function drawBasemap(map, data) {
    var base = data.basemap;
    if (!base) return;
    var pane = map.createPane("geo-basemap");
    pane.style.zIndex = 200;
    var styles = base.styles;
    function lines(topo, cls) {
      var deps = topo.objects.departments;
      function layer(geojson, style, name) {
        return L.geoJSON(geojson, {pane: "geo-basemap", interactive: false, style: style,
          className: "geo-basemap-" + name + " geo-basemap-" + cls});
      }
      return L.layerGroup([
        layer(topojson.mesh(topo, deps), styles.departments, "departments"),
        layer(topojson.mesh(topo, deps, function (a, b) { return a === b || a.properties.r !== b.properties.r; }),
          styles.regions, "regions")]);
    }
    var coarse = null, fine = null, loading = null;
    document.documentElement.dataset.geoBasemap = "pending";
    function update() {
      if (!coarse) return;
      var detailed = map.getZoom() >= base.detail_zoom;
      if (detailed && !fine && !loading) {
        loading = unpack(base.detail).then(function (topo) { fine = lines(topo, "detail"); update(); });
      }
      var show = detailed && fine ? fine : coarse, hide = show === fine ? coarse : fine;
      if (hide && map.hasLayer(hide)) map.removeLayer(hide);
      if (!map.hasLayer(show)) show.addTo(map);
      /* "pending" while the outlines of this zoom are being decoded (screenshots wait). */
      document.documentElement.dataset.geoBasemap = detailed && !fine ? "pending" : "1";
    }
    /* In three tasks (land, then borders), so that a reader's first hover is answered between
       them rather than after all of them. */
    unpack(base.national).then(function (topo) {
      setTimeout(function () {
        L.geoJSON(topojson.feature(topo, topo.objects.land), {pane: "geo-basemap", interactive: false,
          style: styles.land, className: "geo-basemap-land"}).addTo(map);
        setTimeout(function () { coarse = lines(topo, "national"); setTimeout(update, 0); }, 0);
      }, 0);
    });
    map.on("zoomend", update);
    var labels = map.createPane("geo-basemap-labels");
    labels.style.zIndex = 390;
    labels.style.pointerEvents = "none";
    (base.labels || []).forEach(function (label) {
      var node = h("span", {"class": "geo-basemap-label geo-basemap-label-" + label.kind}, [label.name]);
      L.marker([label.lat, label.lon], {pane: "geo-basemap-labels", interactive: false, keyboard: false,
        icon: L.divIcon({html: node, className: "geo-basemap-label-icon", iconSize: null})}).addTo(map);
    });
  }

  /* The dashed outline of each department or region a site is known only to (one packed
     topology per kind of area, each of one object, `areas`). */
  function drawAreas(map, data) {
    return Promise.all(data.areas.map(unpack)).then(function (topos) {
      return L.geoJSON(topos.map(function (topo) { return topojson.feature(topo, topo.objects.areas); }), {
        interactive: false,
        style: {color: "#444", weight: 1.5, opacity: 0.8, dashArray: "5 5", fill: true, fillColor: "#888", fillOpacity: 0.05},
        onEachFeature: function (feature, layer) {
          layer.options.className = "geo-area geo-area-" + feature.properties.kind + "-" + feature.properties.code;
        }
      }).addTo(map);
    });
  }

  /* One site's tooltip and popup, for both paths (SVG symbols and canvas); `extent` is the
     symbol's half-size, so that neither covers the symbol. */
  function siteTooltip(site, extent) {
    return L.tooltip({direction: "top", offset: [0, -Math.min(extent, 20)]}).setLatLng([site.lat, site.lon])
      /* A DOM node, not a string: Leaflet would parse a string tooltip as HTML. */
      .setContent(h("span", {"data-site": site.id}, nameNodes(site)));
  }

  function sitePopup(site, extent, t) {
    return L.popup({maxWidth: 320, autoPanPadding: [20, 20], offset: [0, -Math.min(extent, 20) / 2]})
      .setLatLng([site.lat, site.lon]).setContent(details(site, t));
  }

  /* Small maps: every symbol is a focusable <g> (role button, with its accessible name) in
     one SVG drawn by Leaflet's own SVG renderer, placed in layer pixels; Leaflet moves the
     whole drawing when the map pans or zooms, and the symbols are placed again after a zoom.
     A Leaflet marker per site (an absolutely positioned element holding its own <svg>) took
     ~0.3 ms each to build, lay out and paint: 1,000 sites drew twice as slowly as folium's.
     Each site's record is built from the columns once (siteAt), for its symbol and its name;
     api.sites keeps them (in drawing order) for tooltips, popups and tests. */
  function drawSymbols(map, data, cols) {
    var t = data.labels;
    map.createPane("geo-symbols").style.zIndex = 600;  /* where Leaflet puts markers */
    var renderer = L.svg({pane: "geo-symbols", padding: 0.5}).addTo(map);
    var root = renderer._rootGroup;
    var drawing = document.createDocumentFragment();
    var sites = [];
    for (var k = 0; k < cols.n; k++) sites.push(siteAt(cols, k));
    api.sites = sites;
    var nodes = sites.map(function (site, i) {
      var g = s("g", {"class": "geo-symbol geo-kind-" + site.kind + (site.area_precision ? " geo-imprecise" : ""),
        tabindex: 0, role: "button", "aria-label": accessibleName(site), "data-site": site.id, "data-i": i});
      symbolShapes(site, 0, 0).forEach(function (shape) { g.appendChild(shape); });
      drawing.appendChild(g);
      return g;
    });
    function place() {
      sites.forEach(function (site, i) {
        var p = map.latLngToLayerPoint([site.lat, site.lon]).round();
        nodes[i].setAttribute("transform", "translate(" + p.x + "," + p.y + ")");
      });
    }
    place();
    root.appendChild(drawing);
    map.on("zoomend viewreset", place);

    function siteOf(target) {
      var g = target && target.closest ? target.closest(".geo-symbol[data-i]") : null;
      return g && root.contains(g) ? sites[+g.getAttribute("data-i")] : null;
    }
    var tooltip = null;
    function showTooltip(site) {
      hideTooltip();
      tooltip = siteTooltip(site, symbolExtent(site));
      map.openTooltip(tooltip);
    }
    function hideTooltip() {
      if (tooltip) map.closeTooltip(tooltip);
      tooltip = null;
    }
    function openPopup(site) {
      hideTooltip();
      sitePopup(site, symbolExtent(site), t).openOn(map);
    }
    /* After Leaflet's own "preclick" (which closes the open popup), as a marker's click would. */
    map.on("click", function (ev) {
      var site = siteOf(ev.originalEvent && ev.originalEvent.target);
      if (site) openPopup(site);
    });
    root.addEventListener("mouseover", function (ev) { var site = siteOf(ev.target); if (site) showTooltip(site); });
    root.addEventListener("mouseout", function (ev) {
      if (siteOf(ev.target) && siteOf(ev.target) !== siteOf(ev.relatedTarget)) hideTooltip();
    });
    root.addEventListener("focusin", function (ev) { var site = siteOf(ev.target); if (site) showTooltip(site); });
    root.addEventListener("focusout", hideTooltip);
    root.addEventListener("keydown", function (ev) {
      var site = siteOf(ev.target);
      if (site && (ev.key === "Enter" || ev.key === " ")) { L.DomEvent.preventDefault(ev); openPopup(site); }
    });
  }

  /* Room taken by the panels on each side, so that no symbol hides under one. */
  function panelPadding(map) {
    /* Leaflet's own size of the map (read when the map was made): no second layout of the
       page before the first view on a phone. */
    if (map.getSize().x < 700) return {tl: [30, 30], br: [30, 30]};
    function widest(selector) {
      var w = 0;
      map.getContainer().querySelectorAll(selector + " .geo-panel").forEach(function (el) {
        w = Math.max(w, el.getBoundingClientRect().width);
      });
      return w;
    }
    var left = widest(".leaflet-left");
    return {tl: [left + 30, 30], br: [30, 30]};
  }

  /* The sites and the outlines of their areas (data.view.bounds holds both). */
  function fitView(map, data) {
    var bounds = L.latLngBounds([]);
    if (data.view.bounds) bounds.extend(data.view.bounds);
    if (bounds.isValid()) {
      var pad = panelPadding(map);
      /* No animation: the first view is set, not travelled to (a pan would redraw every symbol
         once more at its end). */
      map.fitBounds(bounds, {paddingTopLeft: pad.tl, paddingBottomRight: pad.br, maxZoom: data.view.max_zoom,
        animate: false});
    } else {
      map.setView(data.view.center, data.view.zoom, {animate: false});
    }
  }

  /* In an iframe the page takes its natural height (header, map, footer) and says so,
     so that the host page can size the iframe without a scrollbar; a fixed frame (#geo-fit)
     keeps the page at the frame's size instead. */
  function postHeight(map, data) {
    if (window.parent === window) return;
    if (!pageMode("geo-fit")) document.documentElement.classList.add("geo-embedded");
    var send = function () {
      window.parent.postMessage({type: "geo-map:height", id: data.id,
        height: Math.ceil(document.documentElement.scrollHeight)}, "*");
    };
    send();
    window.addEventListener("resize", function () { map.invalidateSize(); send(); });
    document.querySelectorAll("details").forEach(function (d) { d.addEventListener("toggle", send); });
  }

  /* Page modes asked for in the URL's fragment, as geo's own tools write it: "geo-fit" (the
     fixed embed: the page fits its frame) and "geo-print" (PNG and PDF output: no controls,
     every panel open, the legend beside the map). Only CSS classes and the print view below
     depend on them. */
  function pageMode(name) {
    return (window.location.hash || "").slice(1).split("&").indexOf(name) >= 0;
  }

  /* Metropolitan France, Corsica included: what a printed map of French sites shows. */
  var METROPOLE = [[41.3, -5.2], [51.15, 9.6]];

  /* Print mode: every disclosure open, the legend moved from over the map to the panels beside
     it, and the view fitted exactly (fractional zoom) to metropolitan France when every located
     site is in it, else to the sites. */
  function printLayout(map, legend, side) {
    document.documentElement.classList.add("geo-print");
    side.insertBefore(legend.getContainer(), side.firstChild);
    document.querySelectorAll(".geo-panel > details").forEach(function (d) { d.open = true; });
    map.options.zoomSnap = 0;
    map.invalidateSize();
  }

  function printView(map, data) {
    var sites = L.latLngBounds([]);
    if (data.view.bounds) sites.extend(data.view.bounds);  /* the sites and their areas */
    var france = L.latLngBounds(METROPOLE);
    var bounds = !sites.isValid() || france.contains(sites) ? france : sites;
    map.fitBounds(bounds, {padding: [12, 12], maxZoom: data.view.max_zoom, animate: false});
  }

  /* After the next frame is painted (a task queued from within that frame's callbacks). */
  function afterPaint(fn) {
    requestAnimationFrame(function () { setTimeout(fn, 0); });
  }

  /* `tiles`: the page's tile layer (none offline), added once the symbols are painted. */
  function geoMap(map, data, tiles) {
    var t = data.labels;
    var print = pageMode("geo-print");
    if (pageMode("geo-fit")) document.documentElement.classList.add("geo-fit");
    setOutlines(data);
    map.getContainer().setAttribute("aria-label", t.map_label);
    map.attributionControl.setPrefix(false);
    drawBasemap(map, data);
    var legend = control("bottomleft", "geo-legend", function (node) { buildLegend(node, data); }).addTo(map);
    /* Panels live beside the map (below it on phones), never over the symbols. */
    var side = document.getElementById("geo-side");
    function panel(className, build) {
      var node = h("section", {"class": "geo-panel " + className});
      build(node);
      side.appendChild(node);
    }
    if (data.to_check && data.to_check.length) panel("geo-to-check", function (node) { buildToCheck(node, data); });
    if (data.unlocated.length) panel("geo-unlocated", function (node) { buildUnlocated(node, data); });
    if (data.totals) panel("geo-totals", function (node) { buildTotals(node, data); });
    if (!data.sites.n && !data.unlocated.length) {
      panel("geo-empty", function (node) { node.appendChild(h("p", null, [t.no_sites])); });
    }
    if (print) printLayout(map, legend, side);
    window.addEventListener("beforeprint", function () {  /* a reader printing the page: panels whole */
      document.querySelectorAll(".geo-panel > details").forEach(function (d) { d.open = true; });
    });
    side.hidden = !side.children.length;
    /* The view is set before the symbols are added (it depends on the legend and the panels
       beside the map, not on them), so that each symbol is placed once, not placed then moved. */
    (print ? printView : fitView)(map, data);
    var root = document.documentElement;
    postHeight(map, data);
    function addTiles() { if (tiles) afterPaint(function () { tiles.addTo(map); }); }
    if (data.canvas) {
      /* Large maps: one canvas and a spatial index (geo-canvas.js), same symbology. */
      window.geoCanvas(map, data, api);
      root.setAttribute("data-geo-ready", "1");
      addTiles();
      return;
    }
    var sites = readSites(data.sites);
    drawAreas(map, data);
    sites.then(function (cols) {
      drawSymbols(map, data, cols);
      root.dataset.geoDrawnCount = String(cols.n);
      root.dataset.geoDrawn = "1";
      root.setAttribute("data-geo-ready", "1");
      addTiles();
    }).catch(function (err) {
      root.dataset.geoDrawError = String(err);
      throw err;
    });
  }

  /* Shared with geo-canvas.js so that both paths build identical symbols and popups. */
  var api = {h: h, s: s, details: details, symbolShapes: symbolShapes, symbolSpecs: symbolSpecs, symbolSvg: symbolSvg,
    symbolExtent: symbolExtent, accessibleName: accessibleName, nameNodes: nameNodes, control: control,
    siteTooltip: siteTooltip, sitePopup: sitePopup, safeUrl: safeUrl,
    unpack: unpack, readColumns: readColumns, readSites: readSites, siteAt: siteAt, sites: null};
  window.geoMapApi = api;
  window.geoMap = geoMap;
})();
