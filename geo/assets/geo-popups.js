/* geo-popups.js: a site's hover text, and its details when it is clicked or chosen with the
 * keyboard: a popup beside the symbol on a wide map, a sheet at the bottom of the map on a
 * narrow one; never wider or taller than the map, closed by Escape, focus back to the symbol.
 */
(function () {
  "use strict";

  var api = window.geoMapApi, h = api.h;
  /* Under this map width, details open as a sheet along the map's bottom edge. */
  var SHEET_WIDTH = 600;

  /* One site's tooltip, for every path (SVG symbols, canvas, insets); `extent` is the
     symbol's half-size, so that the tooltip does not cover the symbol. */
  function siteTooltip(site, extent, latlng) {
    return L.tooltip({direction: "top", offset: [0, -Math.min(extent, 20)]})
      .setLatLng(latlng || [site.lat, site.lon])
      /* A DOM node, not a string: Leaflet would parse a string tooltip as HTML. */
      .setContent(h("span", {"data-site": site.id}, api.nameNodes(site)));
  }

  var open = null;  /* {map, popup or sheet, opener} */

  function restoreFocus(state) {
    var opener = state.opener;
    var active = document.activeElement;
    var inside = state.node && state.node.contains(active);
    if (opener && opener.isConnected && (inside || !active || active === document.body)) {
      opener.focus({preventScroll: true});
    }
  }

  function closeSite() {
    if (!open) return;
    var state = open;
    open = null;
    if (state.popup) state.map.closePopup(state.popup);
    if (state.sheet && state.sheet.parentNode) state.sheet.parentNode.removeChild(state.sheet);
    restoreFocus(state);
    document.documentElement.removeAttribute("data-geo-popup");
  }

  function dialog(node, site, t) {
    node.setAttribute("role", "dialog");
    node.setAttribute("aria-label", site.name || t.site_details);
    node.setAttribute("tabindex", "-1");
  }

  function openSheet(map, site, t, latlng) {
    var box = map.getContainer().parentNode;
    var close = h("button", {type: "button", "class": "geo-sheet-close", "aria-label": t.close}, ["×"]);
    var sheet = h("div", {"class": "geo-sheet"}, [close, api.details(site, t)]);
    dialog(sheet, site, t);
    L.DomEvent.disableClickPropagation(sheet);
    L.DomEvent.disableScrollPropagation(sheet);
    close.addEventListener("click", closeSite);
    box.appendChild(sheet);
    /* The symbol stays in view above the sheet. */
    var size = map.getSize(), p = map.latLngToContainerPoint(latlng), free = size.y - sheet.offsetHeight;
    if (p.y > free - 12 || p.y < 12) map.panBy([0, p.y - Math.max(free / 2, 24)], {animate: false});
    return sheet;
  }

  function openPopup(map, site, extent, t, latlng) {
    var size = map.getSize();
    var popup = L.popup({maxWidth: Math.min(320, size.x - 60), minWidth: Math.min(200, size.x - 60),
      maxHeight: Math.max(120, size.y - 70), autoPanPadding: [16, 16],
      offset: [0, -Math.min(extent, 20) / 2]}).setLatLng(latlng).setContent(api.details(site, t)).openOn(map);
    var node = popup.getElement();
    dialog(node, site, t);
    var button = node.querySelector(".leaflet-popup-close-button");
    if (button) { button.setAttribute("aria-label", t.close); button.setAttribute("title", t.close); }
    popup.once("remove", function () {
      if (open && open.popup === popup) { var state = open; open = null; restoreFocus(state); }
      document.documentElement.removeAttribute("data-geo-popup");
    });
    return popup;
  }

  /* Open a site's details on `map` (the main map, also for a click in an inset); `opener`: the
     element focus returns to (the symbol). */
  function openSite(map, site, extent, t, opener, latlng) {
    closeSite();
    latlng = latlng || [site.lat, site.lon];
    var state = {map: map, opener: opener || null};
    if (map.getSize().x < SHEET_WIDTH) state.sheet = state.node = openSheet(map, site, t, latlng);
    else { state.popup = openPopup(map, site, extent, t, latlng); state.node = state.popup.getElement(); }
    open = state;
    document.documentElement.setAttribute("data-geo-popup", state.sheet ? "sheet" : "popup");
    state.node.focus({preventScroll: true});
  }

  if (typeof document !== "undefined") {
    document.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape" && open) { ev.preventDefault(); closeSite(); }
    });
  }

  api.siteTooltip = siteTooltip; api.openSite = openSite; api.closeSite = closeSite;
  api.siteOpen = function () { return open; };
})();
