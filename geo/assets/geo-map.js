/* geo-map.js: the page around the map, and the order things are drawn in (the last of geo's
 * scripts; folium's own script calls geoMap on the Leaflet map it made).
 *
 * Layout (geo-map.css): the title, the legend, the panels and the credits sit outside the
 * map, beside it on wide screens and below it on narrow ones; only the zoom buttons and the
 * scale are drawn over the map. Keyboard order: the skip link to the table, the map, its zoom
 * buttons, then its symbols, then the panels.
 */
(function () {
  "use strict";

  var api = window.geoMapApi, h = api.h;

  /* The zoom buttons and the scale stay on the map; the credits of the tiles go below it with
     the others. The controls come before the symbols for the keyboard and screen readers. */
  function arrangeControls(map, t) {
    var container = map.getContainer();
    container.setAttribute("role", "region");
    container.setAttribute("aria-label", t.map_label);
    container.insertBefore(map._controlContainer, map._mapPane);
    if (map.zoomControl) {
      [[map.zoomControl._zoomInButton, t.zoom_in], [map.zoomControl._zoomOutButton, t.zoom_out]].forEach(function (b) {
        if (b[0]) { b[0].setAttribute("title", b[1]); b[0].setAttribute("aria-label", b[1]); }
      });
    }
    if (map.attributionControl) {
      map.attributionControl.setPrefix(false);
      var footer = document.querySelector(".geo-footer");
      if (footer) footer.appendChild(h("div", {"class": "geo-tiles-credit"}, [map.attributionControl.getContainer()]));
    }
  }

  /* The first view (geo/render/views.py): the whole territory of the sites, a named view or
     the box of the settings. No animation: the first view is set, not travelled to. In print
     mode, fitted exactly (fractional zoom). */
  function fitView(map, data, print) {
    /* In print mode the map shares the image with the panels just built beside or below it. */
    if (print) { map.options.zoomSnap = 0; map.invalidateSize({animate: false}); }
    api.fitBox(map, data.view.bounds, {padding: [8, 8], maxZoom: data.view.max_zoom, animate: false});
  }

  /* In an iframe the page takes its natural height (header, map, panels, footer) and says so,
     so that the host page can size the iframe without a scrollbar; a fixed frame (#geo-fit)
     keeps the page at the frame's size instead. */
  function postHeight(map, data) {
    if (window.parent === window) return;
    var send = function () {
      window.parent.postMessage({type: "geo-map:height", id: data.id,
        height: Math.ceil(document.documentElement.scrollHeight)}, "*");
    };
    send();
    window.addEventListener("resize", send);
    document.querySelectorAll("details").forEach(function (d) { d.addEventListener("toggle", send); });
    api.afterPaint(send);
  }

  /* The skip link opens the table (a closed disclosure) and moves the focus to it. */
  function skipLink() {
    var link = document.querySelector(".geo-skip");
    if (!link) return;
    link.addEventListener("click", function (ev) {
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (!target) return;
      ev.preventDefault();
      if (target.tagName === "DETAILS") target.open = true;
      var focus = target.tagName === "DETAILS" ? target.querySelector("summary") : target;
      focus.focus();
      focus.scrollIntoView({block: "start"});
    });
  }

  /* `tiles`: the page's tile layer (none offline), added once the symbols are painted. */
  function geoMap(map, data, tiles) {
    var t = data.labels, root = document.documentElement;
    var print = root.classList.contains("geo-print");
    api.mainMap = map;
    api.setOutlines(data);
    arrangeControls(map, t);
    var k = api.sizeFactor(map.getSize().x, data.scale.widths);
    var painted, symbolsPainted = new Promise(function (resolve) { painted = resolve; });
    api.drawBasemap(map, data, symbolsPainted);
    var side = document.getElementById("geo-side");
    /* A draft's sites still to check come first: the page is not finished until they are fixed. */
    if (data.to_check && data.to_check.length) api.panel("geo-to-check", function (node) { api.buildToCheck(node, data); });
    var panels = [api.panel("geo-legend", function (node) { api.buildLegend(node, data, k); })];
    if (data.unlocated.length) panels.push(api.panel("geo-unlocated", function (node) { api.buildUnlocated(node, data, k); }));
    if (data.totals) panels.push(api.panel("geo-totals", function (node) { api.buildTotals(node, data); }));
    if (!data.sites.n && !data.unlocated.length) {
      api.panel("geo-empty", function (node) { node.appendChild(h("p", null, [t.no_sites])); });
    }
    var openAll = function () { document.querySelectorAll(".geo-panel > details").forEach(function (d) { d.open = true; }); };
    if (print) openAll();
    window.addEventListener("beforeprint", openAll);  /* a reader printing the page: panels whole */
    side.hidden = !side.children.length;
    /* The view is set before the symbols are added (it depends on the map's box only), so
       that each symbol is placed once, not placed then moved. */
    fitView(map, data, print);
    postHeight(map, data);
    skipLink();
    var layer = null, insets = null;
    /* One scale per map width: a new width, a new factor for the symbols and the legend. */
    map.on("resize", function () {
      if (!api.laidOut(map)) return;  /* hidden (a closed tab of the article): kept as it was */
      api.refit(map);  /* hidden when the page loaded: its first real view */
      var k2 = api.sizeFactor(map.getSize().x, data.scale.widths);
      if (Math.abs(k2 - k) >= 0.01) {
        k = k2;
        panels.forEach(function (p) { if (p.geoRescale) p.geoRescale(k); });
        if (layer) layer.rescale(k);
      }
      if (insets) insets.rescale();
    });
    window.addEventListener("resize", function () { map.invalidateSize({animate: false}); });
    function ready() {
      root.setAttribute("data-geo-ready", "1");
      api.afterPaint(function () {
        painted();
        if (tiles) tiles.addTo(map);
      });
    }
    if (data.canvas) {
      /* Large maps: one canvas and a spatial index (geo-canvas.js), same symbology. */
      layer = window.geoCanvas(map, data, api, k);
      ready();
      return;
    }
    var sites = api.readSites(data.sites);
    api.drawAreas(map, data);
    sites.then(function (cols) {
      layer = api.drawSymbols(map, data, cols, {k: k, focusable: true, open: function (i, latlng) {
        api.openSite(map, layer.sites[i], api.symbolExtent(layer.sites[i], k), t, layer.nodes[i], latlng);
      }});
      api.sites = layer.sites;
      api.layer = layer;
      root.dataset.geoDrawnCount = String(cols.n);
      root.dataset.geoDrawn = "1";
      /* Clicked in an inset: the details on the main map, where the site is. */
      insets = api.drawInsets(data, cols, tiles, function (i) {
        api.openSite(map, layer.sites[i], api.symbolExtent(layer.sites[i], k), t, layer.nodes[i],
          map.containerPointToLatLng(layer.position(i)));
      }, symbolsPainted, panels[1] || null);
      ready();
    }).catch(function (err) {
      root.dataset.geoDrawError = String(err);
      throw err;
    });
  }

  window.geoMap = geoMap;
})();
