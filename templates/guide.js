// The pain guide page: marks regions on the body chart and ranks the trigger points
// that may refer there. The scoring and every pattern come from the page's JSON,
// written by trigger_points.guide; this script only applies them.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("guide-data").textContent);
  var scoring = data.scoring;
  var selected = {};
  var selectedList = document.getElementById("selected");
  var nothing = document.getElementById("nothing-selected");
  var results = document.getElementById("results");
  var status = document.getElementById("results-status");
  var root = document.querySelector("script[src$='guide.js']").getAttribute("src").replace(/guide\.js$/, "");
  var rootPath = root;

  function picks(key) {
    return document.querySelectorAll('.pick[data-region="' + key + '"]');
  }

  function score(pattern, pain) {
    var essential = 0, spillover = 0, i;
    for (i = 0; i < pain.length; i += 1) {
      if (pattern.essential.indexOf(pain[i]) !== -1) { essential += 1; }
      else if (pattern.spillover.indexOf(pain[i]) !== -1) { spillover += 1; }
    }
    var explained = essential + scoring.spillover * spillover;
    if (pain.length === 0 || explained === 0) { return 0; }
    var coverage = explained / pain.length;
    var focus = explained / (pattern.essential.length + scoring.spillover * pattern.spillover.length);
    return scoring.coverage * coverage + scoring.focus * focus;
  }

  function compare(a, b) {
    if (a.score !== b.score) { return b.score - a.score; }
    if (a.pattern.muscle !== b.pattern.muscle) { return a.pattern.muscle < b.pattern.muscle ? -1 : 1; }
    if (a.pattern.point !== b.pattern.point) { return a.pattern.point < b.pattern.point ? -1 : 1; }
    return data.sideOrder[a.pattern.side] - data.sideOrder[b.pattern.side];
  }

  function words(keys) {
    return keys.map(function (key) { return data.labels[key] || key; }).join("; ");
  }

  function line(parent, label, keys) {
    if (keys.length === 0) { return; }
    var p = document.createElement("p");
    p.className = "small";
    p.textContent = label + ": " + words(keys);
    parent.appendChild(p);
  }

  function render() {
    var pain = Object.keys(selected).sort();
    selectedList.textContent = "";
    nothing.hidden = pain.length > 0;
    pain.forEach(function (key) {
      var item = document.createElement("li");
      item.textContent = data.labels[key] || key;
      selectedList.appendChild(item);
    });
    var ranked = data.patterns.map(function (pattern) {
      return { pattern: pattern, score: score(pattern, pain) };
    }).filter(function (c) { return c.score > 0; });
    ranked.sort(compare);
    results.textContent = "";
    ranked.forEach(function (c) {
      var item = document.createElement("li");
      item.setAttribute("data-trigger-point", c.pattern.point);
      item.setAttribute("data-side", c.pattern.side);
      var link = document.createElement("a");
      link.href = root + "muscles/" + c.pattern.muscle + ".html";
      link.textContent = c.pattern.muscleName + ": " + c.pattern.pointName;
      item.appendChild(link);
      item.appendChild(document.createTextNode(" (" + c.pattern.side + " side), score " + c.score.toFixed(2)));
      line(item, "Essential zone covers", pain.filter(function (k) { return c.pattern.essential.indexOf(k) !== -1; }));
      line(item, "Spillover zone covers", pain.filter(function (k) { return c.pattern.spillover.indexOf(k) !== -1; }));
      line(item, "Does not explain", pain.filter(function (k) {
        return c.pattern.essential.indexOf(k) === -1 && c.pattern.spillover.indexOf(k) === -1;
      }));
      results.appendChild(item);
    });
    renderRoots(pain);
    status.textContent = pain.length === 0 ? "Mark a region to see candidates."
      : ranked.length + (ranked.length === 1 ? " trigger point" : " trigger points") + " may refer there.";
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
        if (shared.length === 0) { return; }
        if (root.emergency) { return; }
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
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = root.href.replace(/^/, rootPath);
        link.textContent = root.name + (side === "either" ? "" : " (" + side + ")");
        item.appendChild(link);
        var exam = [" Sensation at " + root.keyPoint];
        if (root.keyMuscle) { exam.push("strength of " + root.keyMuscle); }
        if (root.reflex) { exam.push("reflex: " + root.reflex); }
        item.appendChild(document.createTextNode(": examine " + exam.join("; ") + "."));
        list.appendChild(item);
    });
    box.hidden = list.childNodes.length === 0;
    document.getElementById("saddle-alert").hidden = !saddle;
  }

  function toggle(key) {
    if (selected[key]) { delete selected[key]; } else { selected[key] = true; }
    Array.prototype.forEach.call(picks(key), function (element) {
      element.setAttribute("aria-checked", selected[key] ? "true" : "false");
    });
    render();
  }

  Array.prototype.forEach.call(document.querySelectorAll(".pick"), function (element) {
    element.addEventListener("click", function () { toggle(element.getAttribute("data-region")); });
    element.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        toggle(element.getAttribute("data-region"));
      }
    });
  });
  document.getElementById("clear").addEventListener("click", function () {
    Object.keys(selected).forEach(toggle);
  });
  render();
})();
