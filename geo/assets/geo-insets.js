/* geo-insets.js: small maps beside the main one (geo/render/views.py decides which): the
 * Île-de-France, where sites crowd together, at its own scale with its own size legend, and
 * each overseas department that has sites. Static views of the same sites, drawn by the same
 * layer (geo-layer.js) at their own size factor; hover shows a site's name, a click opens its
 * details on the main map. Hidden from screen readers: the main map and the table say it all.
 */
(function () {
  "use strict";

  var api = window.geoMapApi, h = api.h;

  function insetMap(box, inset, data, tiles, symbolsPainted) {
    var map = L.map(box, {zoomControl: false, attributionControl: false, dragging: false, scrollWheelZoom: false,
      doubleClickZoom: false, boxZoom: false, keyboard: false, touchZoom: false, zoomSnap: 0, inertia: false});
    api.fitBox(map, inset.bounds, {padding: [4, 4], animate: false});
    if (data.basemap) api.drawBasemap(map, data, symbolsPainted);
    else if (tiles) L.tileLayer(tiles._url, tiles.options).addTo(map);
    api.drawAreas(map, data);
    return map;
  }

  /* `openOnMain(i)`: open site i's details on the main map. Returns {rescale()} or null. */
  function drawInsets(data, cols, tiles, openOnMain, symbolsPainted, before) {
    if (!data.insets || !data.insets.length) return null;
    var t = data.labels, boxes = [];
    var panel = api.panel("geo-insets", function (node) {
      node.appendChild(h("h2", {"class": "geo-panel-title"}, [t.insets]));
      var row = null;
      data.insets.forEach(function (inset) {
        var box = h("div", {"class": "geo-inset-map", "aria-hidden": "true"});
        var legend = h("div", {"class": "geo-inset-legend"});
        var figure = h("figure", {"class": "geo-inset geo-inset-" + inset.kind, "data-inset": inset.key,
          "aria-label": t.inset_label.replace("{name}", function () { return inset.label; })},
          [h("figcaption", null, [inset.label]), box, legend]);
        if (inset.kind === "overseas") {
          if (!row) { row = h("div", {"class": "geo-inset-row"}); node.appendChild(row); }
          row.appendChild(figure);
        } else node.appendChild(figure);
        boxes.push({box: box, legend: legend, inset: inset});
      });
    }, before);
    var insets = boxes.map(function (b) {
      var map = insetMap(b.box, b.inset, data, tiles, symbolsPainted);
      var k = api.sizeFactor(map.getSize().x, data.scale.widths);
      var layer = api.drawSymbols(map, data, cols, {k: k, focusable: false, open: openOnMain});
      function legend() {
        while (b.legend.firstChild) b.legend.removeChild(b.legend.firstChild);
        /* Its own scale: the same amounts at this small map's size factor. */
        if (b.inset.kind === "idf") { var block = api.legendSizes(data, k); if (block) b.legend.appendChild(block); }
      }
      legend();
      return {map: map, layer: layer, rescale: function () {
        map.invalidateSize({animate: false});
        if (!api.laidOut(map)) return;  /* its panel hidden: kept as it was */
        api.fitBox(map, b.inset.bounds, {padding: [4, 4], animate: false});
        var k2 = api.sizeFactor(map.getSize().x, data.scale.widths);
        if (Math.abs(k2 - k) > 0.01) { k = k2; layer.rescale(k); legend(); }
      }};
    });
    return {panel: panel, insets: insets, rescale: function () { insets.forEach(function (i) { i.rescale(); }); }};
  }

  api.drawInsets = drawInsets;
})();
