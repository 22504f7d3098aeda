/* geo-basemap.js: the offline basemap (land, borders, place names) and the dashed outlines
 * of the departments and regions that sites are known only to.
 */
(function () {
  "use strict";

  var api = window.geoMapApi, h = api.h;

  /* Place names (geo/render/labels.py): [name, lat, lon, kind, zoom], each shown from its zoom
     on, where it overlaps no more important name. Made when first shown (most wait for a
     closer zoom), in their own pane above the land and under the symbols. */
  function drawLabels(map, packed) {
    var pane = map.createPane("geo-basemap-labels");
    pane.style.zIndex = 390;
    pane.style.pointerEvents = "none";
    api.unpack(packed).then(function (labels) {
      var made = [];
      function update() {
        var zoom = Math.floor(map.getZoom() + 1e-6);
        labels.forEach(function (label, i) {
          var show = label[4] <= zoom;
          if (show && !made[i]) {
            var kind = label[3], node = h("span", {"class": "geo-basemap-label geo-basemap-label-" + kind}, [label[0]]);
            made[i] = L.marker([label[1], label[2]], {pane: "geo-basemap-labels", interactive: false, keyboard: false,
              icon: L.divIcon({html: node, className: "geo-basemap-label-icon", iconSize: null})}).addTo(map);
          }
          if (made[i]) made[i].getElement().style.display = show ? "" : "none";
        });
      }
      update();
      map.on("zoomend", update);
    });
  }

  /* Offline basemap (geo/render/basemap.py): land, then department borders, then region
     borders (between departments of two regions, and the coast), decoded with topojson-client
     from the coarse national topology; from `detail_zoom` on, the department and region
     borders come from the finer topology, decoded the first time the reader zooms in.
     `options.labels`: the place names, added when `labelsAfter` resolves (after the symbols). */
  function drawBasemap(map, data, labelsAfter) {
    var base = data.basemap;
    if (!base) return;
    var pane = map.createPane("geo-basemap");
    pane.style.zIndex = 200;
    var styles = base.styles;
    var marked = map === api.mainMap;  /* the page's state (screenshots wait for it): main map only */
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
    if (marked) document.documentElement.dataset.geoBasemap = "pending";
    function update() {
      if (!coarse) return;
      var detailed = map.getZoom() >= base.detail_zoom;
      if (detailed && !fine && !loading) {
        loading = api.unpack(base.detail).then(function (topo) { fine = lines(topo, "detail"); update(); });
      }
      var show = detailed && fine ? fine : coarse, hide = show === fine ? coarse : fine;
      if (hide && map.hasLayer(hide)) map.removeLayer(hide);
      if (!map.hasLayer(show)) show.addTo(map);
      /* "pending" while the outlines of this zoom are being decoded (screenshots wait). */
      if (marked) document.documentElement.dataset.geoBasemap = detailed && !fine ? "pending" : "1";
    }
    /* In three tasks (land, then borders), so that a reader's first hover is answered between
       them rather than after all of them. */
    api.unpack(base.national).then(function (topo) {
      setTimeout(function () {
        L.geoJSON(topojson.feature(topo, topo.objects.land), {pane: "geo-basemap", interactive: false,
          style: styles.land, className: "geo-basemap-land"}).addTo(map);
        setTimeout(function () { coarse = lines(topo, "national"); setTimeout(update, 0); }, 0);
      }, 0);
    });
    map.on("zoomend", update);
    (labelsAfter || Promise.resolve()).then(function () { if (base.labels) drawLabels(map, base.labels); });
  }

  /* The dashed outline of each department or region a site is known only to (one packed
     topology per kind of area, each of one object, `areas`). */
  function drawAreas(map, data) {
    return Promise.all(data.areas.map(api.unpack)).then(function (topos) {
      return L.geoJSON(topos.map(function (topo) { return topojson.feature(topo, topo.objects.areas); }), {
        interactive: false,
        style: {color: "#444", weight: 1.5, opacity: 0.8, dashArray: "5 5", fill: true, fillColor: "#888", fillOpacity: 0.05},
        onEachFeature: function (feature, layer) {
          layer.options.className = "geo-area geo-area-" + feature.properties.kind + "-" + feature.properties.code;
        }
      }).addTo(map);
    });
  }

  api.drawBasemap = drawBasemap; api.drawAreas = drawAreas;
})();
