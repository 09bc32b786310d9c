// The pain guide page: the marked regions (picker.js) ranked by muscle or by trigger point
// (rank.js, with the numbers trigger_points.guide wrote into the page), the dermatomes the
// drawing is consistent with, and the saddle's emergency questions. The marked regions live
// in the address (#r=sacroiliac:right,buttock_lower:right), so a drawing can be bookmarked,
// shared and printed, and Back brings it back.
(function () {
  "use strict";
  var data = window.TPGuideData;  // guide-data.js, loaded first
  var picker = window.TPPicker(document.getElementById("picker"));
  var selectedList = document.getElementById("selected");
  var nothing = document.getElementById("nothing-selected");
  var results = document.getElementById("results");
  var status = document.getElementById("results-status");
  var byPoint = document.getElementById("by-point");
  var site = document.querySelector("script[src$='guide.js']").getAttribute("src").replace(/guide\.js$/, "");

  function words(keys) {
    return keys.map(function (key) { return data.labels[key] || key; }).join("; ");
  }

  function sideWords(side) {
    return side === "either" ? "either side" : side + " side";
  }

  function element(tag, className, text) {
    var made = document.createElement(tag);
    if (className) { made.className = className; }
    if (text !== undefined) { made.textContent = text; }
    return made;
  }

  function reasons(parent, candidate) {
    [["Essential zone covers", candidate.essential], ["Spillover zone covers", candidate.spillover],
      ["Does not explain", candidate.unexplained]].forEach(function (pair) {
      if (pair[1].length) { parent.appendChild(element("p", "small", pair[0] + ": " + words(pair[1]))); }
    });
  }

  function pointLink(candidate) {
    var link = element("a", "", data.points[candidate.point].name);
    link.href = site + "muscles/" + candidate.muscle + ".html#" + candidate.point;
    return link;
  }

  function muscleItem(candidate) {
    var muscle = data.muscles[candidate.muscle];
    var item = element("li", "result");
    item.setAttribute("data-muscle", candidate.muscle);
    item.setAttribute("data-side", candidate.side);
    // An object, not an img: the map draws the site's shared figure and zone files, which
    // an SVG shown as an image may not load.
    var map = element("object", "mini-map");
    map.type = "image/svg+xml";
    map.data = site + muscle.map + (candidate.side === "left" ? "#left" : "");  // drawn mirrored
    map.setAttribute("role", "img");
    map.setAttribute("aria-label", "Where " + muscle.name.toLowerCase() + " refers pain (" + sideWords(candidate.side) + ")");
    map.tabIndex = -1;
    item.appendChild(map);
    var body = element("div", "result-body");
    var head = element("p", "result-head");
    var link = element("a", "", muscle.name);
    link.href = site + "muscles/" + candidate.muscle + ".html";
    head.appendChild(link);
    head.appendChild(document.createTextNode(" (" + sideWords(candidate.side) + ") "));
    head.appendChild(element("span", "score", candidate.score.toFixed(2)));
    body.appendChild(head);
    reasons(body, candidate);
    var points = element("ul", "points");
    candidate.points.forEach(function (point) {
      var row = element("li");
      row.setAttribute("data-trigger-point", point.point);
      row.setAttribute("data-side", point.side);
      row.appendChild(pointLink(point));
      var side = point.side === candidate.side ? "" : " (" + sideWords(point.side) + ")";
      row.appendChild(document.createTextNode(side + " "));
      row.appendChild(element("span", "score", point.score.toFixed(2)));
      reasons(row, point);
      points.appendChild(row);
    });
    body.appendChild(points);
    item.appendChild(body);
    return item;
  }

  function pointItem(candidate) {
    var item = element("li", "result");
    item.setAttribute("data-trigger-point", candidate.point);
    item.setAttribute("data-side", candidate.side);
    var body = element("div", "result-body");
    var head = element("p", "result-head");
    head.appendChild(document.createTextNode(data.muscles[candidate.muscle].name + ": "));
    head.appendChild(pointLink(candidate));
    head.appendChild(document.createTextNode(" (" + sideWords(candidate.side) + ") "));
    head.appendChild(element("span", "score", candidate.score.toFixed(2)));
    body.appendChild(head);
    reasons(body, candidate);
    item.appendChild(body);
    return item;
  }

  function render(pain) {
    selectedList.textContent = "";
    nothing.hidden = pain.length > 0;
    pain.forEach(function (key) { selectedList.appendChild(element("li", "", data.labels[key] || key)); });
    var points = byPoint.checked;
    var ranked = points ? window.TPRank.points(data, pain) : window.TPRank.muscles(data, pain);
    results.textContent = "";
    results.setAttribute("data-by", points ? "point" : "muscle");
    ranked.forEach(function (c) { results.appendChild(points ? pointItem(c) : muscleItem(c)); });
    var saddle = renderRoots(pain);
    status.textContent = summary(pain, ranked, points, saddle);
  }

  function summary(pain, ranked, points, saddle) {
    if (pain.length === 0) { return "Mark a region to see which muscles may refer pain there."; }
    var marked = pain.length + (pain.length === 1 ? " region marked. " : " regions marked. ");
    var alert = saddle ? "Ask the emergency questions first (above). " : "";
    if (ranked.length === 0) { return marked + alert + "No trigger point in the library refers pain there."; }
    var best = ranked[0];
    var name = data.muscles[best.muscle].name + (points ? ": " + data.points[best.point].name : "");
    var count = ranked.length + (points ? " trigger point" : " muscle") + (ranked.length === 1 ? "" : "s");
    return marked + alert + count + " may refer there; first: " + name + " (" + sideWords(best.side)
      + "), " + best.score.toFixed(2) + ".";
  }

  // Dermatomes: the same rule as lib.dermatomes (trigger_points.dermatomes): a drawing is
  // consistent with one when at least half of its painful regions lie inside it.
  function renderRoots(pain) {
    var box = document.getElementById("roots");
    var list = document.getElementById("roots-list");
    var saddle = false;
    var found = [];
    list.textContent = "";
    data.dermatomes.forEach(function (root) {
      if (pain.some(function (k) { return root.alert.indexOf(k) !== -1; })) { saddle = true; }
      Object.keys(root.sides).forEach(function (side) {
        var keys = root.sides[side];
        var shared = pain.filter(function (k) { return keys.indexOf(k) !== -1; });
        if (shared.length === 0 || root.emergency) { return; }
        var coverage = shared.length / pain.length;
        if (coverage < data.consistentCoverage) { return; }
        var weights = data.dermatomeWeights;
        var score = weights.coverage * coverage + weights.focus * shared.length / keys.length;
        found.push({ root: root, side: side, score: score });
      });
    });
    found.sort(function (a, b) {
      if (a.score !== b.score) { return b.score - a.score; }
      return a.root.root < b.root.root ? -1 : a.root.root > b.root.root ? 1 : (a.side < b.side ? -1 : 1);
    });
    found.forEach(function (match) {
      var root = match.root, side = match.side;
      var item = element("li");
      var link = element("a", "", root.name + (side === "either" ? "" : " (" + side + ")"));
      link.href = site + root.href;
      item.appendChild(link);
      var exam = [" Sensation at " + root.keyPoint];
      if (root.keyMuscle) { exam.push("strength of " + root.keyMuscle); }
      if (root.reflex) { exam.push("reflex: " + root.reflex); }
      item.appendChild(document.createTextNode(": examine " + exam.join("; ") + "."));
      list.appendChild(item);
    });
    box.hidden = found.length === 0;
    document.getElementById("saddle-alert").hidden = !saddle;
    return saddle;
  }

  // The address holds the marked regions; it is replaced, not pushed, on every mark, so
  // Back leaves the page rather than stepping through each tap.
  function fromAddress() {
    var match = /^#r=(.*)$/.exec(window.location.hash);
    var keys = match ? decodeURIComponent(match[1]).split(",").filter(Boolean) : [];
    // A composite (sacrum, buttock:right) stands for its drawn parts, as in lib.guide.
    keys = keys.reduce(function (all, key) { return all.concat(data.composites[key] || [key]); }, []);
    var known = keys.filter(picker.known).filter(function (k, i, all) { return all.indexOf(k) === i; }).sort();
    if (known.join(",") !== picker.keys().join(",")) { picker.set(known); }
  }

  function toAddress(pain) {
    var hash = pain.length ? "#r=" + pain.join(",") : "";
    if (window.location.hash !== hash) {
      window.history.replaceState(null, "", hash || window.location.pathname + window.location.search);
    }
  }

  picker.onChange(function (pain) {
    toAddress(pain);
    render(pain);
  });
  byPoint.addEventListener("change", function () { render(picker.keys()); });
  document.getElementById("clear").addEventListener("click", function () { picker.clear(); });
  window.addEventListener("hashchange", fromAddress);
  fromAddress();
  render(picker.keys());
})();
