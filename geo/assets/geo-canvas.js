/* geo-canvas.js: the fast path for large maps (more than render.CANVAS_THRESHOLD sites).
 *
 * The sites come as the compact columnar blob of every map (geo/render/fastpath.py), read
 * with api.readColumns and api.siteAt (geo-map.js): deflated JSON columns,
 * coordinates as delta-encoded integers at 1e-5 degree, one style index per site into a
 * small table of [kind, r, r2, color, area_precision] (radii computed in Python by
 * SizeScale.radius, times the map's size factor `k`, api.sizeFactor). One canvas in its own
 * pane draws every symbol in the columns' order (areas and "?" under points, big under small);
 * the drawing instructions of each style are derived from api.symbolSpecs, the very records
 * the SVG path draws from, so both paths show the same symbology. Sites at the very same
 * place are moved apart by api.dodge (a leader line to their place), once: at every zoom
 * they coincide. A grid spatial index answers hover (tooltip) and click (details, built
 * lazily with api.openSite), on the smallest symbol under the pointer (api.pick). An
 * accessible search box, in the panels beside the map, replaces the full table.
 * Text only reaches the DOM through textContent/setAttribute (api.h).
 */
(function () {
  "use strict";

  var CELL = 64;  /* grid cell size in CSS pixels */
  var ATLAS = 2048;  /* side of one sprite atlas, in device pixels */

  /* Canvas drawing instructions of one style, read off api.symbolSpecs: the description the
     SVG path draws its symbols from. */
  function styleSite(style) {
    return {kind: style[0], r: style[1], r2: style[2], color: style[3], area_precision: style[4]};
  }

  function styleOps(api, style, k) {
    return api.symbolSpecs(styleSite(style), 0, 0, k).map(function (spec) {
      var get = function (k) { var v = spec.attrs[k]; return v === undefined || v === null ? null : String(v); };
      if (spec.tag === "text") {
        return {text: spec.text, dy: parseFloat(get("y")) || 0, fill: get("fill"),
          font: (get("font-weight") || "") + " " + (get("font-size") || 11) + "px sans-serif"};
      }
      var dash = get("stroke-dasharray");
      var fill = get("fill");
      return {r: parseFloat(get("r")) || 0, cls: get("class"),
        fill: fill === "none" ? null : fill, fillOpacity: get("fill-opacity") === null ? 1 : parseFloat(get("fill-opacity")),
        stroke: get("stroke"), width: parseFloat(get("stroke-width")) || 1,
        dash: dash && dash !== "none" ? dash.split(/[ ,]+/).map(Number) : []};
    });
  }

  function geoCanvas(map, data, api, k) {
    var t = data.labels;
    var layer = {drawn: 0, ready: false, draws: 0};
    window.geoCanvasLayer = layer;
    var pane = map.createPane("geo-canvas");
    pane.style.zIndex = 450;
    pane.style.pointerEvents = "none";
    var canvas = document.createElement("canvas");
    canvas.setAttribute("aria-hidden", "true");
    canvas.className = "geo-canvas leaflet-zoom-hide";
    pane.appendChild(canvas);
    var ctx = canvas.getContext("2d");
    var cols, n, x0, y0, ext, hitR, ops, styleOf;
    var offX = null, offY = null;  /* pixel offsets of the sites moved apart (same place) */
    var siteR;                      /* each site's hit radius */
    var px, py, seen;   /* container positions of the last draw, and which were in view */
    var sprites;        /* per style: its list of sprites, made on first draw */
    var drawToken = 0;  /* the latest draw: an older one waiting for its sprites gives way */
    var atlas = null;   /* {ratio, sheets: [{canvas, ctx, x, y, row}], byKey: {}} */
    var grid = null;    /* {w, h, start: Int32Array, items: Int32Array} */
    var lower = null;   /* lower-cased names, built on first search */

    function site(i) { return api.siteAt(cols, i); }

    function prepare(c) {
      cols = c; n = c.n;
      styleOf = c.style;
      x0 = c.x; y0 = c.y;
      sizes();
      /* Web Mercator at zoom 0 (256 px world), once: a draw only scales and shifts. */
      var mx = new Float64Array(n), my = new Float64Array(n), d = Math.PI / 180, max = 85.0511287798;
      for (var j = 0; j < n; j++) {   /* L.CRS.EPSG3857.latLngToPoint(latlng, 0), inlined */
        var la = Math.max(Math.min(max, y0[j]), -max) * d;
        mx[j] = 256 * (0.5 + x0[j] / 360);
        my[j] = 256 * (0.5 - Math.log(Math.tan(Math.PI / 4 + la / 2)) / (2 * Math.PI));
      }
      layer.mx = mx; layer.my = my;
      px = new Float32Array(n); py = new Float32Array(n); seen = new Uint8Array(n);
      dodgeSamePlaces();
    }

    /* The symbols' sizes at the size factor `k` (again when the map's width changes it). */
    function sizes() {
      ops = new Array(cols.styles.length);   /* per style, on first use: see opsOf */
      hitR = cols.styles.map(function (st) { return api.hitRadius(styleSite(st), k); });
      ext = hitR.map(function (r) { return r + 2; });
      siteR = new Float32Array(n);
      for (var i = 0; i < n; i++) siteR[i] = hitR[styleOf[i]];
      sprites = []; atlas = null;
    }

    /* Sites at the very same place (to 1e-5 degree) are moved apart on screen, by the offsets
       that api.dodge gives a group of symbols at one point: the same at every zoom. */
    function dodgeSamePlaces() {
      var groups = {}, i;
      for (i = 0; i < n; i++) { var key = x0[i] + "," + y0[i]; (groups[key] || (groups[key] = [])).push(i); }
      offX = offY = null;
      Object.keys(groups).forEach(function (key) {
        var group = groups[key];
        if (group.length < 2) return;
        var m = group.length, zeros = new Float64Array(m), rs = new Float64Array(m);
        group.forEach(function (j, a) { rs[a] = hitR[styleOf[j]]; });
        var moved = api.dodge(m, zeros, zeros, rs);
        if (!offX) { offX = new Float32Array(n); offY = new Float32Array(n); }
        group.forEach(function (j, a) { offX[j] = moved.x[a]; offY[j] = moved.y[a]; });
      });
    }

    function opsOf(si) { return ops[si] || (ops[si] = styleOps(api, cols.styles[si], k)); }

    /* Software rasterising, not JavaScript, is what costs at 100k: anti-aliased arcs are
       slow to fill, copying pixels is fast. So each distinct shape (one circle of one look
       and radius, or the "?" of an undisclosed amount) is painted once, with the very
       instructions of the SVG path, into a sprite sheet at the screen's pixel ratio, and every
       site is a copy of its sprites, in drawing order (big under small). */
    function spriteOf(o, ratio, fresh) {
      var key = o.text !== undefined ? ["t", o.text, o.font, o.fill, o.dy].join("|")
        : [o.r, o.fill, o.fillOpacity, o.stroke, o.width, o.dash.join(" ")].join("|");
      var found = atlas.byKey[key];
      if (found) return found;
      var half = Math.ceil(((o.text !== undefined ? 12 : o.r) + (o.width || 1) + 1) * ratio), side = 2 * half;
      var sheet = atlas.sheets[atlas.sheets.length - 1];
      if (!sheet || sheet.x + side > ATLAS) {
        if (sheet) { sheet.x = 0; sheet.y += sheet.row; sheet.row = 0; }
        if (!sheet || sheet.y + side > ATLAS) {
          var canvas2 = document.createElement("canvas");
          canvas2.width = canvas2.height = ATLAS;
          sheet = {canvas: canvas2, ctx: canvas2.getContext("2d"), x: 0, y: 0, row: 0};
          atlas.sheets.push(sheet);
        }
      }
      sheet.ctx.setTransform(ratio, 0, 0, ratio, sheet.x + half, sheet.y + half);
      paint(sheet.ctx, o, 0, 0);
      found = atlas.byKey[key] = {canvas: sheet.canvas, sx: sheet.x, sy: sheet.y, side: side, half: half};
      fresh.push(found);
      sheet.x += side;
      sheet.row = Math.max(sheet.row, side);
      return found;
    }

    function paint(ctx, o, x, y) {
      if (o.text !== undefined) {
        ctx.globalAlpha = 1; ctx.fillStyle = o.fill; ctx.font = o.font; ctx.textAlign = "center";
        ctx.fillText(o.text, x, y + o.dy);
        return;
      }
      ctx.beginPath();
      ctx.arc(x, y, o.r, 0, 2 * Math.PI);
      if (o.fill) { ctx.globalAlpha = o.fillOpacity; ctx.fillStyle = o.fill; ctx.fill(); }
      ctx.globalAlpha = 1; ctx.setLineDash(o.dash); ctx.lineWidth = o.width; ctx.strokeStyle = o.stroke;
      ctx.stroke();
    }

    function draw() {
      if (!cols) return;
      var size = map.getSize(), ratio = window.devicePixelRatio || 1;
      if (canvas.width !== Math.round(size.x * ratio) || canvas.height !== Math.round(size.y * ratio)) {
        canvas.width = Math.round(size.x * ratio); canvas.height = Math.round(size.y * ratio);
        canvas.style.width = size.x + "px"; canvas.style.height = size.y + "px";
      }
      var scale = map.getZoomScale(map.getZoom(), 0), origin = map.getPixelOrigin();
      var shift = map.containerPointToLayerPoint([0, 0]);
      var ox = origin.x + shift.x, oy = origin.y + shift.y, mx = layer.mx, my = layer.my;
      var drawn = 0;
      for (var i = 0; i < n; i++) {
        var x = mx[i] * scale - ox, y = my[i] * scale - oy, e = ext[styleOf[i]];
        if (offX) { x += offX[i]; y += offY[i]; }
        px[i] = x; py[i] = y;
        seen[i] = x < -e || y < -e || x > size.x + e || y > size.y + e ? 0 : 1;
        drawn += seen[i];
      }
      if (!atlas || atlas.ratio !== ratio) { atlas = {ratio: ratio, sheets: [], byKey: {}}; sprites = []; }
      /* Every sprite is painted before the first copy: a sheet changed after a copy would be
         snapshotted again (whole) at the next one. */
      var fresh = [], toSprite = function (o) { return spriteOf(o, ratio, fresh); };
      for (var v = 0; v < n; v++) {
        if (seen[v] && !sprites[styleOf[v]]) sprites[styleOf[v]] = opsOf(styleOf[v]).map(toSprite);
      }
      var token = ++drawToken;
      if (!fresh.length || !window.createImageBitmap) return copy(size, ratio, drawn);
      /* A whole ImageBitmap copies in half the time of a piece cut out of the sheet; making
         them is asynchronous, and brief. */
      Promise.all(fresh.map(function (sp) {
        return createImageBitmap(sp.canvas, sp.sx, sp.sy, sp.side, sp.side).then(function (b) { sp.bitmap = b; });
      })).catch(function () { /* the sheet still serves */ }).then(function () {
        if (token === drawToken) copy(size, ratio, drawn);
      });
    }

    function copy(size, ratio, drawn) {
      L.DomUtil.setPosition(canvas, map.containerPointToLayerPoint([0, 0]));
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      ctx.imageSmoothingEnabled = false;   /* 1:1 copies at whole pixels */
      if (offX) leaders(ratio);
      for (var q = 0; q < n; q++) {
        if (!seen[q]) continue;
        var list = sprites[styleOf[q]];
        var dx = Math.round(px[q] * ratio), dy = Math.round(py[q] * ratio);
        for (var s2 = 0; s2 < list.length; s2++) {
          var sp = list[s2];
          if (sp.bitmap) ctx.drawImage(sp.bitmap, dx - sp.half, dy - sp.half);
          else ctx.drawImage(sp.canvas, sp.sx, sp.sy, sp.side, sp.side, dx - sp.half, dy - sp.half, sp.side, sp.side);
        }
      }
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.globalAlpha = 1; ctx.setLineDash([]);
      layer.drawn = drawn; layer.draws++;
      grid = null;
      document.documentElement.dataset.geoDrawnCount = String(drawn);
      document.documentElement.dataset.geoDrawn = "1";
      setTimeout(function () { if (!grid) buildGrid(); }, 0);
    }

    /* A thin line from each moved symbol to its place, under the symbols. */
    function leaders(ratio) {
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.globalAlpha = 1; ctx.setLineDash([]); ctx.lineWidth = 1; ctx.strokeStyle = "#555"; ctx.fillStyle = "#555";
      for (var i = 0; i < n; i++) {
        if (!seen[i] || (!offX[i] && !offY[i])) continue;
        ctx.beginPath(); ctx.moveTo(px[i] - offX[i], py[i] - offY[i]); ctx.lineTo(px[i], py[i]); ctx.stroke();
        ctx.beginPath(); ctx.arc(px[i] - offX[i], py[i] - offY[i], 1.8, 0, 2 * Math.PI); ctx.fill();
      }
      ctx.setTransform(1, 0, 0, 1, 0, 0);
    }

    /* Counting sort of the visible symbols into CELL-sized cells of the viewport (O(n)). */
    function buildGrid() {
      var size = map.getSize(), w = Math.ceil(size.x / CELL) + 1, h = Math.ceil(size.y / CELL) + 1;
      var counts = new Int32Array(w * h + 1), i, cx0, cx1, cy0, cy1, cx, cy, e;
      function range(i) {
        e = ext[styleOf[i]];
        cx0 = Math.max(0, Math.floor((px[i] - e) / CELL)); cx1 = Math.min(w - 1, Math.floor((px[i] + e) / CELL));
        cy0 = Math.max(0, Math.floor((py[i] - e) / CELL)); cy1 = Math.min(h - 1, Math.floor((py[i] + e) / CELL));
        return cx0 <= cx1 && cy0 <= cy1;
      }
      for (i = 0; i < n; i++) {
        if (!range(i)) continue;
        for (cy = cy0; cy <= cy1; cy++) for (cx = cx0; cx <= cx1; cx++) counts[cy * w + cx + 1]++;
      }
      for (i = 1; i <= w * h; i++) counts[i] += counts[i - 1];
      var start = counts.slice(), items = new Int32Array(counts[w * h]);
      for (i = 0; i < n; i++) {
        if (!range(i)) continue;
        for (cy = cy0; cy <= cy1; cy++) for (cx = cx0; cx <= cx1; cx++) items[counts[cy * w + cx]++] = i;
      }
      grid = {w: w, h: h, start: start, items: items};
    }

    /* The smallest symbol under a container point (api.pick, as on small maps), or -1. */
    function hit(point) {
      if (!cols) return -1;
      if (!grid) buildGrid();
      var cx = Math.floor(point.x / CELL), cy = Math.floor(point.y / CELL);
      if (cx < 0 || cy < 0 || cx >= grid.w || cy >= grid.h) return -1;
      var c = cy * grid.w + cx;
      return api.pick(point.x, point.y, n, px, py, siteR, grid.items.subarray(grid.start[c], grid.start[c + 1]));
    }
    layer.hit = function (x, y) { return hit({x: x, y: y}); };
    layer.site = function (i) { return site(i); };
    layer.index = function (id) { return layer.ready ? cols.id.indexOf(id) : -1; };
    layer.position = function (i) { return {x: px[i], y: py[i]}; };
    layer.ops = function (i) { return opsOf(styleOf[i]); };
    /* A new map width, a new size factor: new sprites, the same places. */
    layer.rescale = function (k2) { k = k2; if (!cols) return; sizes(); dodgeSamePlaces(); draw(); };

    var tooltip = null, hovered = -1;
    function hover(ev) {
      var i = hit(ev.containerPoint);
      if (i === hovered) return;
      hovered = i;
      map.getContainer().style.cursor = i >= 0 ? "pointer" : "";
      if (tooltip) { map.closeTooltip(tooltip); tooltip = null; }
      if (i < 0) return;
      tooltip = api.siteTooltip(site(i), ext[styleOf[i]], map.containerPointToLatLng([px[i], py[i]]));
      map.openTooltip(tooltip);
    }

    function openPopup(i, opener) {
      api.openSite(map, site(i), ext[styleOf[i]], t, opener || document.activeElement,
        map.containerPointToLatLng([px[i], py[i]]));
    }
    layer.openPopup = openPopup;

    function search(node) {
      var id = "geo-search-input";
      var input = api.h("input", {type: "search", id: id, autocomplete: "off", "aria-controls": "geo-search-results",
        "aria-describedby": "geo-search-note"});
      var list = api.h("ul", {id: "geo-search-results", "class": "geo-search-results", "aria-live": "polite"});
      node.appendChild(api.h("label", {"for": id}, [t.search]));
      node.appendChild(input);
      node.appendChild(api.h("p", {id: "geo-search-note", "class": "geo-note"}, [
        (data.lang === "fr" ? data.sites.n + " sites sur la carte ; tapez un nom, puis Entrée."
          : data.sites.n + " sites on the map; type a name, then Enter.")]));
      node.appendChild(list);
      var matches = [];
      function choose(i) {
        map.setView([y0[i], x0[i]], Math.max(map.getZoom(), 12));
        map.once("moveend", function () { openPopup(i); });
        if (!map._animatingZoom) setTimeout(function () { if (!map._popup || !map._popup.isOpen()) openPopup(i); }, 400);
      }
      function update() {
        var q = input.value.trim().toLowerCase();
        while (list.firstChild) list.removeChild(list.firstChild);
        matches = [];
        if (!q || !layer.ready) return;
        if (!lower) lower = cols.name.map(function (s) { return s.toLowerCase(); });
        /* exact names first, then names starting with the query, then the others */
        var exact = [], prefix = [], other = [];
        for (var i = 0; i < n && exact.length + prefix.length < 20; i++) {
          var at = lower[i].indexOf(q);
          if (at < 0) continue;
          if (lower[i].length === q.length) exact.push(i);
          else if (at === 0) prefix.push(i);
          else if (other.length < 20) other.push(i);
        }
        matches = exact.concat(prefix, other).slice(0, 20);
        matches.forEach(function (i) {
          var s = site(i);
          var button = api.h("button", {type: "button", "class": "geo-search-hit", "data-site": s.id}, api.nameNodes(s));
          L.DomEvent.on(button, "click", function () { choose(i); });
          list.appendChild(api.h("li", null, [button]));
        });
      }
      L.DomEvent.on(input, "input", update);
      search.refresh = update;   /* a query typed before the names were read */
      L.DomEvent.on(input, "keydown", function (ev) {
        if (ev.key === "Enter" && matches.length) { L.DomEvent.preventDefault(ev); choose(matches[0]); }
      });
    }
    var side = document.getElementById("geo-side");
    api.panel("geo-search", search, side.firstChild);

    /* Draw from the drawing columns first, then read the text columns (names, popups) and
       only then answer hover, click and search: the symbols show as soon as they can. */
    api.readColumns(data.sites.z).then(function (c) {
      prepare(c);
      map.on("moveend zoomend resize viewreset", draw);
      draw();
      return api.unpack(data.sites.d);
    }).then(function (text) {
      Object.keys(text).forEach(function (k) { cols[k] = text[k]; });
      map.on("mousemove", hover);
      map.on("mouseout", function () { hover({containerPoint: {x: -1e9, y: -1e9}}); });
      map.on("click", function (ev) { var i = hit(ev.containerPoint); if (i >= 0) openPopup(i); });
      layer.ready = true;
      document.documentElement.dataset.geoInteractive = "1";
      if (search.refresh) search.refresh();
    }).catch(function (err) {
      document.documentElement.dataset.geoDrawError = String(err);
      throw err;
    });
    return layer;
  }

  window.geoCanvas = geoCanvas;
})();
