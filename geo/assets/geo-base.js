/* geo-base.js: what every other script of the page builds on (the first one inlined).
 *
 * The page's scripts (geo/render/assets.py PAGE_SCRIPTS, in order) share one object,
 * window.geoMapApi: this file makes it and adds the DOM helpers, the link rule, the page
 * modes and the readers of the page's data. Every number and every word comes precomputed
 * from the page's JSON blob (radii from geo.render.symbology, labels from geo.render.i18n),
 * so the scripts do no formatting. Text from the data only ever reaches the DOM through
 * textContent or setAttribute, never through innerHTML, and links are limited to http(s).
 * The mapped sites come as columns (geo/render/fastpath.py, read with readSites and siteAt),
 * the outlines as TopoJSON decoded by topojson-client (geo/render/outlines.py).
 */
(function () {
  "use strict";

  var api = window.geoMapApi = window.geoMapApi || {};
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

  /* Page modes asked for in the URL's fragment, as geo's own tools write it: "geo-fit" (the
     fixed embed: the page fits its frame) and "geo-print" (PNG and PDF output: no controls,
     every panel open). A page in another page's frame without "geo-fit" is "embedded": it
     takes its natural height and says so (geo-map.js postHeight). Set as classes of <html>
     here, in the head, so that the first layout of the body is already the right one. */
  function pageMode(name) {
    return (window.location.hash || "").slice(1).split("&").indexOf(name) >= 0;
  }
  if (typeof document !== "undefined") {
    var root = document.documentElement;
    if (pageMode("geo-print")) root.classList.add("geo-print");
    else if (pageMode("geo-fit")) root.classList.add("geo-fit");
    else if (window.parent !== window) root.classList.add("geo-embedded");
  }

  /* One packed part of the page's data (geo/render/outlines.py `pack`: base64 of raw deflate of
     JSON) back to its value; a part that is not a string is already the value. The same part
     is inflated once (insets decode the basemap again). */
  var unpacked = {};
  function unpack(packed) {
    if (typeof packed !== "string") return Promise.resolve(packed);
    if (unpacked[packed]) return unpacked[packed];
    var bin = atob(packed), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
    return (unpacked[packed] = new Response(stream).text().then(JSON.parse));
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
      location_label: loc[0], precision_label: loc[1], place: loc[2], date: col("date"),
      status: col("status"), notes: col("notes"), sources: col("sources") || [], kind: st[0], r: st[1],
      r2: st[2], color: st[3], area_precision: st[4], lat: cols.y[i], lon: cols.x[i], index: i};
    /* The programme, the "new" badge…: only the sites that have them (fastpath `extra`). */
    var extra = cols.extra ? col("extra") : null;
    if (extra) Object.keys(extra).forEach(function (k) { site[k] = extra[k]; });
    return site;
  }

  /* After the next frame is painted (a task queued from within that frame's callbacks). */
  function afterPaint(fn) {
    requestAnimationFrame(function () { setTimeout(fn, 0); });
  }

  /* A map is laid out once its box has a size. A frame hidden when the page loads (a closed
     tab, accordion or slide of the article) has none, and fitting a box of 0 pixels gives a
     zoom of NaN, which every later step inherits. Such a map gets a provisional view (the
     centre of `bounds`) and is fitted again by `refit` once it is shown. */
  var MIN_BOX = 16;
  function laidOut(map) { var size = map.getSize(); return size.x >= MIN_BOX && size.y >= MIN_BOX; }
  function fitBox(map, bounds, options) {
    if (laidOut(map)) { map.geoUnfitted = null; map.fitBounds(bounds, options); return; }
    map.geoUnfitted = [bounds, options];
    map.setView(L.latLngBounds(bounds).getCenter(), 5, {animate: false});
  }
  function refit(map) { if (map.geoUnfitted && laidOut(map)) fitBox(map, map.geoUnfitted[0], map.geoUnfitted[1]); }

  api.laidOut = laidOut; api.fitBox = fitBox; api.refit = refit;
  api.h = h; api.s = s; api.safeUrl = safeUrl; api.pageMode = pageMode; api.unpack = unpack;
  api.readColumns = readColumns; api.readSites = readSites; api.siteAt = siteAt; api.afterPaint = afterPaint;
})();
