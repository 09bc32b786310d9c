// The body chart where pain is marked (templates/_picker.html.j2): one view at a time, a zoom
// for the small regions, and a list of the same regions as checkboxes. It keeps the chart and
// the list in step and tells the page what is marked; it knows nothing about the ranking.
//
//   var picker = TPPicker(document.getElementById("picker"));
//   picker.onChange(function (keys) { ... });   // sorted region keys, after every change
//   picker.set(["sacroiliac:right"]);           // replace the marked regions (unknown keys ignored)
//   picker.keys(); picker.known(key); picker.clear();
(function () {
  "use strict";
  var ZOOMS = [1, 2, 4, 6];

  function TPPicker(root) {
    var marked = {};
    var listeners = [];
    var zoom = 0;
    var tabs = Array.prototype.slice.call(root.querySelectorAll('[role="tab"]'));
    var stages = Array.prototype.slice.call(root.querySelectorAll(".picker-stage"));
    var picks = Array.prototype.slice.call(root.querySelectorAll(".pick"));
    var boxes = Array.prototype.slice.call(root.querySelectorAll('.region-list input[type="checkbox"]'));
    var known = {};
    picks.forEach(function (p) { known[p.getAttribute("data-region")] = true; });
    boxes.forEach(function (b) { known[b.value] = true; });

    function keys() { return Object.keys(marked).sort(); }

    function show() {
      picks.forEach(function (p) {
        p.setAttribute("aria-checked", marked[p.getAttribute("data-region")] ? "true" : "false");
      });
      boxes.forEach(function (b) { b.checked = Boolean(marked[b.value]); });
    }

    function changed() {
      show();
      var now = keys();
      listeners.forEach(function (listener) { listener(now); });
    }

    function toggle(key) {
      if (marked[key]) { delete marked[key]; } else { marked[key] = true; }
      changed();
    }

    function set(list) {
      marked = {};
      list.forEach(function (key) { if (known[key]) { marked[key] = true; } });
      changed();
    }

    picks.forEach(function (p) {
      p.addEventListener("click", function () { toggle(p.getAttribute("data-region")); });
      p.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          toggle(p.getAttribute("data-region"));
        }
      });
    });
    boxes.forEach(function (b) {
      b.addEventListener("change", function () {
        if (b.checked) { marked[b.value] = true; } else { delete marked[b.value]; }
        changed();
      });
    });

    // The view switcher: the tabs pattern, arrow keys moving between the views.
    function select(index) {
      tabs.forEach(function (tab, i) {
        tab.setAttribute("aria-selected", i === index ? "true" : "false");
        tab.tabIndex = i === index ? 0 : -1;
        stages[i].hidden = i !== index;
      });
      applyZoom(stages[index], 0.5, 0.5);
    }
    tabs.forEach(function (tab, index) {
      tab.addEventListener("click", function () { select(index); });
      tab.addEventListener("keydown", function (event) {
        var step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
        if (step === 0) { return; }
        event.preventDefault();
        var next = (index + step + tabs.length) % tabs.length;
        select(next);
        tabs[next].focus();
      });
    });

    // The zoom: the view grows inside its frame, which scrolls (by finger, wheel or scroll bar)
    // and keeps what was at its centre there.
    var output = root.querySelector(".zoom output");
    function current() {
      return stages.filter(function (stage) { return !stage.hidden; })[0];
    }
    function applyZoom(stage, centreX, centreY) {
      var svg = stage.querySelector("svg");
      svg.style.width = "";
      svg.style.maxHeight = "";
      if (ZOOMS[zoom] !== 1) {
        var fitted = svg.getBoundingClientRect().width;
        svg.style.maxHeight = "none";
        svg.style.width = Math.round(fitted * ZOOMS[zoom]) + "px";
      }
      stage.classList.toggle("zoomed", ZOOMS[zoom] !== 1);
      stage.scrollLeft = centreX * stage.scrollWidth - stage.clientWidth / 2;
      stage.scrollTop = centreY * stage.scrollHeight - stage.clientHeight / 2;
      output.textContent = ZOOMS[zoom] + "\u00d7";
    }
    Array.prototype.forEach.call(root.querySelectorAll("[data-zoom]"), function (button) {
      button.addEventListener("click", function () {
        var next = Math.min(ZOOMS.length - 1, Math.max(0, zoom + Number(button.getAttribute("data-zoom"))));
        if (next === zoom) { return; }
        var stage = current();
        var x = (stage.scrollLeft + stage.clientWidth / 2) / stage.scrollWidth;
        var y = (stage.scrollTop + stage.clientHeight / 2) / stage.scrollHeight;
        zoom = next;
        applyZoom(stage, x, y);
      });
    });

    // The list: opened by its link, filtered by what is typed (label, group or id).
    var list = root.querySelector(".region-list");
    var search = root.querySelector('.region-list input[type="search"]');
    Array.prototype.forEach.call(root.querySelectorAll("a.to-list"), function (link) {
      link.addEventListener("click", function () { list.open = true; });
    });
    search.addEventListener("input", function () {
      var words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      Array.prototype.forEach.call(list.querySelectorAll("li[data-search]"), function (row) {
        var text = row.getAttribute("data-search");
        var match = words.every(function (word) { return text.indexOf(word) !== -1; });
        row.hidden = !match;
        if (match) { shown += 1; }
      });
      Array.prototype.forEach.call(list.querySelectorAll("fieldset"), function (group) {
        group.hidden = group.querySelectorAll("li:not([hidden])").length === 0;
      });
      list.querySelector(".no-match").hidden = shown > 0;
    });

    show();
    return {
      keys: keys,
      set: set,
      clear: function () { set([]); },
      known: function (key) { return Boolean(known[key]); },
      onChange: function (listener) { listeners.push(listener); }
    };
  }

  window.TPPicker = TPPicker;
})();
