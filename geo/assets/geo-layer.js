/* geo-layer.js: the symbols of a small map (up to render.CANVAS_THRESHOLD sites), in one SVG.
 *
 * Every symbol is a <g> (a button with its accessible name, focusable on the main map) in one
 * SVG drawn by Leaflet's own SVG renderer, placed in layer pixels; Leaflet moves the whole
 * drawing when the map pans or zooms, and the symbols are placed again after a zoom. (A
 * Leaflet marker per site took ~0.3 ms each to build, lay out and paint: 1,000 sites drew
 * twice as slowly as folium's.) The columns are in drawing order (geo/render/payload.py
 * `drawing_order`: areas and "?" under points, big under small). After each zoom, symbols that
 * sit on one another are moved apart (api.dodge) with a leader line to their place, and the
 * pointer is on the smallest symbol under it (api.pick), so every site can be hovered and
 * clicked, even under a bigger circle.
 */
(function () {
  "use strict";

  var api = window.geoMapApi, s = api.s;

  /* `options`: k (size factor), focusable (Tab reaches the symbols: the main map's, class
     geo-symbol; an inset's are geo-inset-symbol), open(i,
     latlng) (what a click or Enter does), pane (a name of its own per map). Returns the layer:
     {sites, nodes, hit(containerPoint), position(i), rescale(k)}. */
  function drawSymbols(map, data, cols, options) {
    var k = options.k;
    map.createPane("geo-symbols").style.zIndex = 600;  /* where Leaflet puts markers */
    var renderer = L.svg({pane: "geo-symbols", padding: 0.5}).addTo(map);
    var root = renderer._rootGroup;
    var drawing = document.createDocumentFragment();
    var leaders = s("g", {"class": "geo-leaders", "aria-hidden": "true"});
    drawing.appendChild(leaders);
    var sites = [], n = cols.n;
    for (var j = 0; j < n; j++) sites.push(api.siteAt(cols, j));
    var rs = new Float64Array(n), px = new Float64Array(n), py = new Float64Array(n), qx = px, qy = py;
    var nodes = sites.map(function (site, i) {
      var attrs = {"class": (options.focusable ? "geo-symbol" : "geo-inset-symbol") + " geo-kind-" + site.kind +
        (site.area_precision ? " geo-imprecise" : ""),
        "data-site": site.id, "data-i": i};
      if (options.focusable) { attrs.tabindex = 0; attrs.role = "button"; attrs["aria-label"] = api.accessibleName(site); }
      var g = s("g", attrs);
      drawing.appendChild(g);
      return g;
    });
    function shape() {
      sites.forEach(function (site, i) {
        var g = nodes[i];
        while (g.firstChild) g.removeChild(g.firstChild);
        api.symbolShapes(site, 0, 0, k).forEach(function (node) { g.appendChild(node); });
        rs[i] = api.hitRadius(site, k);
      });
    }
    function place() {
      for (var i = 0; i < n; i++) {
        var p = map.latLngToLayerPoint([sites[i].lat, sites[i].lon]);
        px[i] = Math.round(p.x); py[i] = Math.round(p.y);
      }
      var moved = api.dodge(n, px, py, rs);
      qx = moved.x; qy = moved.y;
      while (leaders.firstChild) leaders.removeChild(leaders.firstChild);
      for (var m = 0; m < n; m++) {
        nodes[m].setAttribute("transform", "translate(" + qx[m].toFixed(1) + "," + qy[m].toFixed(1) + ")");
        if (Math.abs(qx[m] - px[m]) + Math.abs(qy[m] - py[m]) > 0.5) {
          leaders.appendChild(s("line", {x1: px[m], y1: py[m], x2: qx[m].toFixed(1), y2: qy[m].toFixed(1),
            "class": "geo-leader", "data-i": m}));
          leaders.appendChild(s("circle", {cx: px[m], cy: py[m], r: 1.8, "class": "geo-leader-dot"}));
        }
      }
    }
    shape();
    place();
    root.appendChild(drawing);
    map.on("zoomend viewreset", place);

    function latlngOf(i) { return map.layerPointToLatLng([qx[i], qy[i]]); }
    function hit(containerPoint) {
      var p = map.containerPointToLayerPoint(containerPoint);
      return api.pick(p.x, p.y, n, qx, qy, rs);
    }

    var tooltip = null, hovered = -1;
    function showTooltip(i) {
      if (i === hovered) return;
      hideTooltip();
      hovered = i;
      tooltip = api.siteTooltip(sites[i], rs[i] + 2, latlngOf(i));
      map.openTooltip(tooltip);
    }
    function hideTooltip() {
      if (tooltip) map.closeTooltip(tooltip);
      tooltip = null; hovered = -1;
    }
    function open(i) { hideTooltip(); options.open(i, latlngOf(i)); }
    map.on("mousemove", function (ev) {
      var i = hit(ev.containerPoint);
      map.getContainer().style.cursor = i >= 0 ? "pointer" : "";
      if (i >= 0) showTooltip(i); else hideTooltip();
    });
    map.on("mouseout", hideTooltip);
    /* After Leaflet's own "preclick" (which closes the open popup), as a marker's click would. */
    map.on("click", function (ev) {
      var i = hit(ev.containerPoint);
      if (i >= 0) open(i); else if (api.siteOpen() && api.siteOpen().sheet) api.closeSite();
    });
    function indexOf(target) {
      var g = target && target.closest ? target.closest("[data-i]") : null;
      return g && root.contains(g) ? +g.getAttribute("data-i") : -1;
    }
    /* Listened to on the pane (a <div>), not on the SVG: Chromium makes an SVG element with
       focus listeners a Tab stop of its own, an unnamed one. */
    var pane = map.getPane("geo-symbols");
    pane.addEventListener("focusin", function (ev) { var i = indexOf(ev.target); if (i >= 0) showTooltip(i); });
    pane.addEventListener("focusout", hideTooltip);
    pane.addEventListener("keydown", function (ev) {
      var i = indexOf(ev.target);
      if (i >= 0 && (ev.key === "Enter" || ev.key === " ")) { L.DomEvent.preventDefault(ev); open(i); }
    });

    return {sites: sites, nodes: nodes, hit: hit,
      /* where site i is drawn, in container pixels (its dodged place) */
      position: function (i) { return map.layerPointToContainerPoint([qx[i], qy[i]]); },
      rescale: function (k2) { k = k2; shape(); place(); }};
  }

  api.drawSymbols = drawSymbols;
})();
