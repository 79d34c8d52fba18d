/* Maps of places. Each map container names the json_script element holding its
   markers; without JavaScript the container stays hidden and the page's text list
   of the places stands in for it. */
(function () {
  "use strict";

  function popup(marker) {
    var link = document.createElement("a");
    link.href = marker.url;
    link.textContent = marker.name;
    return link;
  }

  function draw(container) {
    var data = document.getElementById(container.dataset.placeMap);
    if (!data || typeof L === "undefined") {
      return;
    }
    var markers = JSON.parse(data.textContent);
    if (!markers.length) {
      return;
    }
    container.hidden = false;
    var map = L.map(container, { scrollWheelZoom: false });
    var tiles = container.dataset.tilesUrl;
    if (tiles) {
      L.tileLayer(tiles, {
        attribution: container.dataset.tilesAttribution || "",
        maxZoom: 18,
      }).addTo(map);
    }
    var points = markers.map(function (marker) {
      var point = [marker.lat, marker.lon];
      L.circleMarker(point, {
        radius: 6,
        color: "#083f78",
        weight: 2,
        fillColor: "#0b5cad",
        fillOpacity: 0.8,
      })
        .bindPopup(popup(marker))
        .bindTooltip(marker.name)
        .addTo(map);
      return point;
    });
    if (points.length === 1) {
      map.setView(points[0], 9);
    } else {
      map.fitBounds(points, { padding: [20, 20], maxZoom: 10 });
    }
  }

  document.querySelectorAll("[data-place-map]").forEach(draw);
})();
