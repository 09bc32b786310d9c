// The self-test page (quiz.html.j2): two kinds of question about a muscle's whole referral
// pattern on the patient's right side, with the data trigger_points.quiz wrote into the page.
//   Name the muscle: its pattern map is shown (the site's maps/<muscle>.svg) with the muscle
//     and its closest rivals to choose from; the answer names the muscle and links its sheet.
//   Mark its zones: the muscle is named and marked on the body chart (picker.js); Check
//     compares the marks with its essential and spillover regions and draws, on the chart and
//     in lists, what was right, missed and extra.
// Questions come in a new random order on each visit; nothing is stored or sent.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("quiz-data").textContent);
  var site = document.querySelector("script[src$='quiz.js']").getAttribute("src").replace(/quiz\.js$/, "");
  var muscles = {};
  data.muscles.forEach(function (muscle) { muscles[muscle.id] = muscle; });
  var ids = data.muscles.map(function (muscle) { return muscle.id; });
  var score = { name: { right: 0, asked: 0 }, mark: { right: 0, asked: 0 } };
  var RESULTS = ["quiz-right", "quiz-missed", "quiz-extra"];

  function element(tag, className, text) {
    var made = document.createElement(tag);
    if (className) { made.className = className; }
    if (text !== undefined) { made.textContent = text; }
    return made;
  }

  function link(text, href) {
    var made = element("a", "", text);
    made.href = site + href;
    return made;
  }

  function shuffled(list) {
    var copy = list.slice();
    for (var i = copy.length - 1; i > 0; i -= 1) {
      var j = Math.floor(Math.random() * (i + 1));
      var kept = copy[i]; copy[i] = copy[j]; copy[j] = kept;
    }
    return copy;
  }

  // A region's name as the chart's list says it: "Groin (right)".
  var labels = {};
  Array.prototype.forEach.call(document.querySelectorAll("#quiz-picker .region-list input"), function (box) {
    labels[box.value] = box.getAttribute("aria-label");
  });
  function words(keys) {
    return keys.map(function (key) { return labels[key] || key; }).join("; ") || "none";
  }

  function showScore() {
    var parts = [];
    if (score.name.asked) { parts.push("Name the muscle: " + score.name.right + " of " + score.name.asked + " right."); }
    if (score.mark.asked) { parts.push("Mark its zones: " + score.mark.right + " of " + score.mark.asked + " complete."); }
    document.getElementById("quiz-score").textContent = parts.join(" ") || "No answers yet.";
  }

  function pointLinks(parent, muscle) {
    var line = element("p", "small", muscle.points.length === 1 ? "Its trigger point: " : "Its trigger points: ");
    muscle.points.forEach(function (point, index) {
      if (index) { line.appendChild(document.createTextNode("; ")); }
      line.appendChild(link(point.name, muscle.sheet + "#" + point.id));
    });
    parent.appendChild(line);
  }

  // The muscles whose patterns are most like this one's, best first, to offer beside it:
  // likeness is the share of their regions two patterns have in common (Jaccard), ties go
  // by id, and a muscle with the very same pattern is never offered (its map could not be
  // told apart). trigger_points.quiz.rivals says the same in Python (a test compares them).
  // Worked out here, for the muscle asked about only: for every muscle at build time it
  // grew with the square of the library.
  function rivals(all, muscle, count) {
    var own = {};
    muscle.essential.concat(muscle.spillover).forEach(function (key) { own[key] = true; });
    var size = muscle.essential.length + muscle.spillover.length;
    var same = function (one, two) { return one.join("\n") === two.join("\n"); };
    var scored = [];
    all.forEach(function (other) {
      if (other.id === muscle.id
          || (same(other.essential, muscle.essential) && same(other.spillover, muscle.spillover))) {
        return;
      }
      var keys = other.essential.concat(other.spillover);
      var shared = keys.filter(function (key) { return own[key] === true; }).length;
      var union = size + keys.length - shared;
      scored.push({ id: other.id, likeness: union ? shared / union : 1 });
    });
    scored.sort(function (one, two) {
      return two.likeness - one.likeness || (one.id < two.id ? -1 : one.id > two.id ? 1 : 0);
    });
    return scored.slice(0, count).map(function (entry) { return entry.id; });
  }
  window.TPQuiz = { rivals: rivals };

  // --- Name the muscle -----------------------------------------------------------------
  var nameSection = document.getElementById("name-quiz");
  var nameMap = document.getElementById("name-map");
  var nameChoices = document.getElementById("name-choices");
  var nameFeedback = document.getElementById("name-feedback");
  var nameNext = document.getElementById("name-next");
  var nameOrder = shuffled(ids);
  var nameAt = 0;
  var nameAnswered = false;

  function askName() {
    var muscle = muscles[nameOrder[nameAt % nameOrder.length]];
    nameAnswered = false;
    nameSection.setAttribute("data-muscle", muscle.id);
    // A new object for each map (an object does not reliably reload when its data changes),
    // and an object rather than an img: the map draws the site's shared figure and zone files.
    var shown = document.createElement("object");
    shown.id = "name-map";
    shown.type = "image/svg+xml";
    shown.data = site + muscle.map;
    shown.setAttribute("role", "img");
    shown.setAttribute("aria-label", "A referral pattern on the patient's right side. Essential zone: "
      + words(muscle.essential) + ". Spillover zone: " + words(muscle.spillover) + ".");
    shown.tabIndex = -1;
    nameMap.parentNode.replaceChild(shown, nameMap);
    nameMap = shown;
    nameChoices.textContent = "";
    shuffled([muscle.id].concat(rivals(data.muscles, muscle, data.choices - 1))).forEach(function (id) {
      var choice = element("button", "quiz-choice", muscles[id].name);
      choice.type = "button";
      choice.setAttribute("data-muscle", id);
      choice.addEventListener("click", function () { answerName(muscle, id); });
      nameChoices.appendChild(choice);
    });
    nameFeedback.textContent = "";
    nameNext.textContent = "Skip this pattern";
  }

  function answerName(muscle, chosen) {
    if (nameAnswered) { return; }
    nameAnswered = true;
    var right = chosen === muscle.id;
    score.name.asked += 1;
    if (right) { score.name.right += 1; }
    Array.prototype.forEach.call(nameChoices.querySelectorAll("button"), function (choice) {
      var id = choice.getAttribute("data-muscle");
      if (id === muscle.id) { choice.classList.add("is-answer"); }
      if (id === chosen && !right) { choice.classList.add("is-wrong"); }
      choice.disabled = true;
    });
    nameFeedback.textContent = "";
    var verdict = element("p", right ? "verdict right" : "verdict wrong");
    verdict.appendChild(element("strong", "", right ? "Right. " : "Not quite. "));
    verdict.appendChild(document.createTextNode("This is the pattern of "));
    verdict.appendChild(link(muscle.name, muscle.sheet));
    verdict.appendChild(document.createTextNode(right ? "." : ", not " + muscles[chosen].name + "."));
    nameFeedback.appendChild(verdict);
    pointLinks(nameFeedback, muscle);
    nameNext.textContent = "Next pattern";
    showScore();
    nameNext.focus();  // the choices are disabled now: the keyboard goes on from here
  }

  nameNext.addEventListener("click", function () {
    nameAt += 1;
    askName();
    nameSection.scrollIntoView({ block: "start" });
  });

  // --- Mark its zones -------------------------------------------------------------------
  var markSection = document.getElementById("mark-quiz");
  var picker = window.TPPicker(document.getElementById("quiz-picker"));
  var picks = Array.prototype.slice.call(document.querySelectorAll("#quiz-picker .pick"));
  var markFeedback = document.getElementById("mark-feedback");
  var markResult = document.getElementById("mark-result");
  var markOrder = shuffled(ids);
  var markAt = 0;
  var markChecked = false;
  var showing = false;

  function markMuscle() { return muscles[markOrder[markAt % markOrder.length]]; }

  function forget() {
    showing = false;
    picks.forEach(function (pick) { RESULTS.forEach(function (name) { pick.classList.remove(name); }); });
    markResult.hidden = true;
  }

  function askMark() {
    var muscle = markMuscle();
    markChecked = false;
    markSection.setAttribute("data-muscle", muscle.id);
    document.getElementById("mark-muscle").textContent = muscle.name;
    picker.clear();
    forget();
    markFeedback.textContent = "";
  }

  function list(title, items) {
    if (!items.length) { return; }
    var box = document.getElementById("mark-lists");
    box.appendChild(element("h3", "", title + " (" + items.length + ")"));
    var made = element("ul");
    items.forEach(function (text) { made.appendChild(element("li", "", text)); });
    box.appendChild(made);
  }

  function check() {
    var muscle = markMuscle();
    var marked = picker.keys();
    if (!marked.length) {
      markFeedback.textContent = "Mark at least one region first.";
      return;
    }
    var zone = {};
    muscle.essential.forEach(function (key) { zone[key] = "essential"; });
    muscle.spillover.forEach(function (key) { zone[key] = "spillover"; });
    var isMarked = {};
    marked.forEach(function (key) { isMarked[key] = true; });
    var right = marked.filter(function (key) { return zone[key]; });
    var extra = marked.filter(function (key) { return !zone[key]; });
    var missed = Object.keys(zone).sort().filter(function (key) { return !isMarked[key]; });
    var missedEssential = missed.filter(function (key) { return zone[key] === "essential"; });
    picks.forEach(function (pick) {
      var key = pick.getAttribute("data-region");
      var result = isMarked[key] ? (zone[key] ? "quiz-right" : "quiz-extra") : (zone[key] ? "quiz-missed" : "");
      RESULTS.forEach(function (name) { pick.classList.toggle(name, name === result); });
    });
    var complete = missedEssential.length === 0 && extra.length === 0;
    if (!markChecked) {
      markChecked = true;
      score.mark.asked += 1;
      if (complete) { score.mark.right += 1; }
    }
    function count(keys, kind) {
      return keys.filter(function (key) { return zone[key] === kind; }).length;
    }
    markFeedback.textContent = "";
    var verdict = element("p", complete ? "verdict right" : "verdict wrong");
    verdict.appendChild(element("strong", "", complete ? "Well done. " : "Not yet complete. "));
    verdict.appendChild(document.createTextNode(
      "You marked " + count(right, "essential") + " of " + muscle.essential.length + " essential regions"
      + (muscle.spillover.length ? " and " + count(right, "spillover") + " of " + muscle.spillover.length + " spillover regions" : "")
      + (extra.length ? "; " + extra.length + (extra.length === 1 ? " marked region is" : " marked regions are") + " outside the pattern." : ".")));
    markFeedback.appendChild(verdict);
    document.getElementById("mark-lists").textContent = "";
    function named(key) { return (labels[key] || key) + (zone[key] ? ", " + zone[key] : ""); }
    list("Right", right.map(named));
    list("Missed", missed.map(named));
    list("Extra", extra.map(named));
    var map = document.getElementById("mark-map");
    map.src = site + muscle.map;
    map.alt = "The pattern of " + muscle.name + " on the patient's right side";
    var caption = document.getElementById("mark-caption");
    caption.textContent = "The whole pattern, as its sheet draws it: ";
    caption.appendChild(link(muscle.name, muscle.sheet));
    pointLinks(caption, muscle);
    markResult.hidden = false;
    showing = true;
    showScore();
  }

  // A mark changed after Check: the comparison no longer holds, so it goes until checked again.
  picker.onChange(function () { if (showing) { forget(); markFeedback.textContent = ""; } });
  document.getElementById("mark-check").addEventListener("click", check);
  document.getElementById("mark-clear").addEventListener("click", function () { picker.clear(); });
  document.getElementById("mark-next").addEventListener("click", function () {
    markAt += 1;
    askMark();
    markSection.scrollIntoView({ block: "start" });
  });

  // --- The two kinds of question, one at a time; the address keeps which (#name, #mark) -----
  var modes = Array.prototype.slice.call(document.querySelectorAll(".quiz-modes button"));
  function choose(mode) {
    modes.forEach(function (button) {
      button.setAttribute("aria-pressed", button.getAttribute("data-mode") === mode ? "true" : "false");
    });
    nameSection.hidden = mode !== "name";
    markSection.hidden = mode !== "mark";
    var hash = "#" + mode;
    if (window.location.hash !== hash) { window.history.replaceState(null, "", hash); }
  }
  modes.forEach(function (button) {
    button.addEventListener("click", function () { choose(button.getAttribute("data-mode")); });
  });

  function fromAddress() { choose(window.location.hash === "#mark" ? "mark" : "name"); }
  window.addEventListener("hashchange", fromAddress);
  askName();
  askMark();
  fromAddress();
})();
