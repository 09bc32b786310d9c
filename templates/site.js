// The index's type-to-filter box: hides the muscles whose name, aliases or group do not
// contain what was typed, hides groups left empty, and says how many remain.
(function () {
  "use strict";
  var input = document.getElementById("filter");
  var status = document.getElementById("filter-count");
  if (!input || !status) {
    return;
  }
  var cards = Array.prototype.slice.call(document.querySelectorAll("[data-search]"));
  var groups = Array.prototype.slice.call(document.querySelectorAll(".group"));

  function apply() {
    var query = input.value.trim().toLowerCase();
    var shown = 0;
    cards.forEach(function (card) {
      var match = card.getAttribute("data-search").indexOf(query) !== -1;
      card.hidden = !match;
      shown += match ? 1 : 0;
    });
    groups.forEach(function (group) {
      group.hidden = !group.querySelector("[data-search]:not([hidden])");
    });
    status.textContent = shown + (shown === 1 ? " muscle" : " muscles");
  }

  input.addEventListener("input", apply);
  apply();
})();
