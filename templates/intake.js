// The intake page: mark regions with an intensity 0-10 and qualities, save and load the drawing
// as a small JSON file (trigger_points.drawing's format), print it as a one-page report.
// Nothing is sent anywhere and nothing is stored unless the user saves. A loaded file is
// checked in full, by the rules parse_drawing applies, before anything on the page changes.
(function () {
  "use strict";

  // -- The body chart (picker.js): every interaction with it goes through these two
  //    functions. The picker holds which drawn regions show marked; this page holds the marks.
  var picker = window.TPPicker(document.getElementById("intake-picker"));
  var shown = [];
  var syncing = false;

  /** Call `callback(key)` for each drawn region the user marks or clears, on the chart or its list. */
  function onPickerChange(callback) {
    picker.onChange(function (keys) {
      if (syncing) { return; }
      var before = shown;
      shown = keys;
      keys.filter(function (k) { return before.indexOf(k) === -1; })
        .concat(before.filter(function (k) { return keys.indexOf(k) === -1; }))
        .forEach(callback);
    });
  }

  /** Show these drawn keys as marked: `picked` maps a key to its mark (intensity, qualities). */
  function setPicked(picked) {
    syncing = true;
    picker.set(Object.keys(picked));
    syncing = false;
    shown = picker.keys();
    Array.prototype.forEach.call(document.querySelectorAll("#intake-picker .pick[data-region]"), function (element) {
      var mark = picked[element.getAttribute("data-region")];
      element.style.fill = mark ? "url(#" + fillPattern(element, mark) + ")" : "";
      element.style.fillOpacity = mark ? "1" : "";
    });
  }

  // -- The page's data -----------------------------------------------------------------------
  var data = JSON.parse(document.getElementById("intake-data").textContent);
  var guide = window.TPGuideData;  // guide-data.js, loaded first
  var QUALITY_IDS = data.qualities.map(function (q) { return q.id; });
  var FIELDS = ["date", "format", "marks", "note", "version"];
  var MARK_FIELDS = ["intensity", "qualities", "region"];
  var SVG = "http://www.w3.org/2000/svg";
  var CELL = 22;

  var state = { date: "", note: "", marks: {} };  // marks: key -> {intensity, qualities}

  // The fill of a marked region: the intensity's colour under Ransford's symbols, as
  // charts.render_marked_drawing draws it for the report.
  function fillPattern(element, mark) {
    var svg = element.ownerSVGElement;
    var id = "intake-fill-" + mark.intensity + "-" + mark.qualities.join("-");
    if (svg.getElementById(id)) { return id; }
    var defs = svg.querySelector("defs");
    var pattern = document.createElementNS(SVG, "pattern");
    var width = CELL * mark.qualities.length;
    pattern.setAttribute("id", id);
    pattern.setAttribute("width", width);
    pattern.setAttribute("height", CELL);
    pattern.setAttribute("patternUnits", "userSpaceOnUse");
    var rect = document.createElementNS(SVG, "rect");
    rect.setAttribute("width", width);
    rect.setAttribute("height", CELL);
    rect.setAttribute("fill", data.intensityColours[mark.intensity]);
    pattern.appendChild(rect);
    mark.qualities.forEach(function (quality, index) {
      var glyph = data.qualities[QUALITY_IDS.indexOf(quality)].glyph;
      [["#fff", "4.2"], ["#111", "1.8"]].forEach(function (stroke) {
        var path = document.createElementNS(SVG, "path");
        path.setAttribute("d", glyph);
        path.setAttribute("transform", "translate(" + index * CELL + " 0)");
        path.setAttribute("fill", "none");
        path.setAttribute("stroke", stroke[0]);
        path.setAttribute("stroke-width", stroke[1]);
        path.setAttribute("stroke-linecap", "round");
        path.setAttribute("stroke-linejoin", "round");
        pattern.appendChild(path);
      });
    });
    defs.appendChild(pattern);
    return id;
  }

  // -- The ranking: one function, to be replaced by the shared ranking script. ---------------
  /** The muscles whose trigger points may refer pain to `pain` (keys): the pain guide's ranking. */
  function rankMuscles(pain, limit) {
    return window.TPRank.muscles(guide, pain).slice(0, limit);
  }

  // -- Rendering the state -------------------------------------------------------------------
  function drawnMarks() {
    var drawn = {};
    Object.keys(state.marks).forEach(function (key) {
      data.keys[key].leaves.forEach(function (leaf) { drawn[leaf] = state.marks[key]; });
    });
    return drawn;
  }

  function union(lists) {
    var seen = [];
    lists.forEach(function (list) { list.forEach(function (v) { if (seen.indexOf(v) === -1) { seen.push(v); } }); });
    return seen.sort(function (a, b) { return a < b ? -1 : a > b ? 1 : 0; });
  }

  function render() {
    var keys = Object.keys(state.marks).sort();
    var body = document.getElementById("marks");
    body.textContent = "";
    document.getElementById("nothing-marked").hidden = keys.length > 0;
    document.getElementById("marks-table").hidden = keys.length === 0;
    keys.forEach(function (key) { body.appendChild(markRow(key)); });
    setPicked(drawnMarks());
    var codes = keys.map(function (k) { return data.keys[k].codes; });
    var choir = union(codes.map(function (c) { return c.choir; }));
    var michigan = union(codes.map(function (c) { return c.michigan; }));
    document.getElementById("choir-codes").textContent = choir.join(" ") || "none";
    document.getElementById("michigan-codes").textContent = michigan.join(" ") || "none";
    document.getElementById("drawing-date").value = state.date;
    document.getElementById("drawing-note").value = state.note;
    document.getElementById("print-date").textContent = state.date || "not given";
    renderRanking(union(keys.map(function (k) { return data.keys[k].leaves; })));
    renderPrintTable(keys);
    renderSaddle(union(keys.map(function (k) { return data.keys[k].leaves; })));
  }

  // Pain in the saddle prompts the emergency questions (the library's alert regions).
  function renderSaddle(pain) {
    var saddle = guide.dermatomes.some(function (root) {
      return pain.some(function (k) { return root.alert.indexOf(k) !== -1; });
    });
    document.getElementById("saddle-note").hidden = !saddle;
  }

  // The marks as the printed report's table (report.html.j2's, the same columns and the
  // same split in two halves for a long drawing), shown only on paper.
  function renderPrintTable(keys) {
    var holder = document.getElementById("print-marks");
    holder.textContent = "";
    holder.className = "print-only report-tables" + (keys.length > 8 ? " split" : "");
    var half = Math.ceil(keys.length / 2);
    var parts = keys.length > 8 ? [keys.slice(0, half), keys.slice(half)] : [keys];
    parts.forEach(function (part) {
      if (part.length === 0) { return; }
      var table = document.createElement("table");
      table.className = "points compact report-table";
      var head = table.createTHead().insertRow();
      ["Region", "0-10", "Quality", "CHOIR", "Michigan"].forEach(function (title) {
        var cell = document.createElement("th");
        cell.scope = "col";
        cell.textContent = title;
        head.appendChild(cell);
      });
      var body = table.createTBody();
      part.forEach(function (key) {
        var mark = state.marks[key];
        var row = body.insertRow();
        var name = document.createElement("th");
        name.scope = "row";
        name.textContent = data.keys[key].label;
        row.appendChild(name);
        var qualities = QUALITY_IDS.filter(function (q) { return mark.qualities.indexOf(q) !== -1; })
          .map(function (q) { return data.qualities[QUALITY_IDS.indexOf(q)].label; }).join(", ");
        [String(mark.intensity), qualities, data.keys[key].codes.choir.join(" "),
          data.keys[key].codes.michigan.join(" ")].forEach(function (text, index) {
          var cell = row.insertCell();
          cell.textContent = text;
          if (index === 0) { cell.className = "intensity"; }
          if (index > 1) { cell.className = "codes"; }
        });
      });
      holder.appendChild(table);
    });
  }

  function renderRanking(pain) {
    var list = document.getElementById("ranking");
    var status = document.getElementById("ranking-status");
    list.textContent = "";
    var ranked = pain.length ? rankMuscles(pain, 5) : [];
    // A long drawing prints each muscle's reasons as counts, as the report does.
    list.className = "report-muscles" + (Object.keys(state.marks).length > 6 ? " brief" : "");
    ranked.forEach(function (c) {
      var item = document.createElement("li");
      item.setAttribute("data-muscle", c.muscle);
      item.setAttribute("data-side", c.side);
      var name = document.createElement("strong");
      name.textContent = guide.muscles[c.muscle].name;
      item.appendChild(name);
      var side = c.side === "either" ? "either side" : c.side + " side";
      item.appendChild(document.createTextNode(" (" + side + "), score " + c.score.toFixed(2)));
      [["Essential zone covers", c.essential], ["Spillover zone covers", c.spillover]].forEach(function (reason) {
        if (!reason[1].length) { return; }
        var span = document.createElement("span");
        span.className = "reason";
        span.textContent = reason[0] + ": " + reason[1].map(function (k) { return data.keys[k].label; }).join("; ") + ".";
        item.appendChild(span);
      });
      var count = document.createElement("span");
      count.className = "reason-count";
      count.textContent = " \u00b7 explains " + (c.essential.length + c.spillover.length) + " of " + pain.length + " regions";
      item.appendChild(count);
      list.appendChild(item);
    });
    status.textContent = pain.length === 0 ? "Mark a region to see candidates."
      : ranked.length ? "The " + ranked.length + " muscles that explain the marks best, first."
      : "No trigger point in this library refers pain to the marked regions.";
  }

  function markRow(key) {
    var mark = state.marks[key];
    var id = key.replace(/[^a-z0-9]/g, "-");
    var row = document.createElement("tr");
    row.setAttribute("data-region", key);
    var head = document.createElement("th");
    head.scope = "row";
    head.textContent = data.keys[key].label;
    var remove = document.createElement("button");
    remove.type = "button";
    remove.className = "remove";
    remove.textContent = "Remove";
    remove.setAttribute("aria-label", "Remove " + data.keys[key].label);
    remove.addEventListener("click", function () { delete state.marks[key]; render(); });
    head.appendChild(document.createTextNode(" "));
    head.appendChild(remove);
    row.appendChild(head);

    var strength = document.createElement("td");
    var label = document.createElement("label");
    label.setAttribute("for", "intensity-" + id);
    label.className = "visually-hidden";
    label.textContent = "Intensity of " + data.keys[key].label + ", 0 to 10";
    var range = document.createElement("input");
    range.type = "range"; range.min = "0"; range.max = "10"; range.step = "1";
    range.id = "intensity-" + id;
    range.value = String(mark.intensity);
    var shown = document.createElement("output");
    shown.setAttribute("for", range.id);
    shown.className = "intensity";
    shown.textContent = String(mark.intensity);
    range.addEventListener("input", function () {
      mark.intensity = parseInt(range.value, 10);
      shown.textContent = range.value;
      setPicked(drawnMarks());
    });
    strength.appendChild(label);
    strength.appendChild(range);
    strength.appendChild(shown);
    row.appendChild(strength);

    var feel = document.createElement("td");
    var group = document.createElement("fieldset");
    var legend = document.createElement("legend");
    legend.className = "visually-hidden";
    legend.textContent = "What " + data.keys[key].label + " feels like";
    group.appendChild(legend);
    data.qualities.forEach(function (quality) {
      var box = document.createElement("input");
      box.type = "checkbox";
      box.id = "quality-" + id + "-" + quality.id;
      box.value = quality.id;
      box.checked = mark.qualities.indexOf(quality.id) !== -1;
      box.addEventListener("change", function () {
        var chosen = QUALITY_IDS.filter(function (q) {
          var other = document.getElementById("quality-" + id + "-" + q);
          return other && other.checked;
        });
        if (chosen.length === 0) { box.checked = true; return; }  // a mark keeps one quality
        mark.qualities = chosen;
        setPicked(drawnMarks());
      });
      var text = document.createElement("label");
      text.setAttribute("for", box.id);
      text.className = "quality-choice";
      text.appendChild(box);
      text.appendChild(document.createTextNode(" " + quality.label));
      group.appendChild(text);
    });
    feel.appendChild(group);
    row.appendChild(feel);

    var codes = document.createElement("td");
    codes.className = "codes";
    var c = data.keys[key].codes;
    codes.textContent = union([c.choir]).concat(union([c.michigan])).join(" ");
    row.appendChild(codes);
    return row;
  }

  // -- Marking from the chart ----------------------------------------------------------------
  onPickerChange(function (leaf) {
    // A leaf inside a marked composite (a loaded `sacrum`) clears that composite's mark.
    var owner = Object.keys(state.marks).filter(function (key) {
      return data.keys[key].leaves.indexOf(leaf) !== -1;
    })[0];
    if (owner) { delete state.marks[owner]; } else { state.marks[leaf] = { intensity: 5, qualities: ["aching"] }; }
    render();
  });

  // -- Saving: the canonical file drawing_json writes (keys sorted, two-space indents) -------
  function document_() {
    var out = { format: data.format, marks: [], version: data.version };
    if (state.date) { out.date = state.date; }
    if (state.note.trim()) { out.note = state.note; }
    out.marks = Object.keys(state.marks).sort().map(function (key) {
      var mark = state.marks[key];
      return { intensity: mark.intensity, qualities: QUALITY_IDS.filter(function (q) { return mark.qualities.indexOf(q) !== -1; }), region: key };
    });
    var sorted = {};
    Object.keys(out).sort().forEach(function (k) { sorted[k] = out[k]; });
    return JSON.stringify(sorted, null, 2) + "\n";
  }

  document.getElementById("save").addEventListener("click", function () {
    var blob = new Blob([document_()], { type: "application/json" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "pain-drawing" + (state.date ? "-" + state.date : "") + ".json";
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  });

  // -- Loading: check everything first; change nothing unless the whole file is good --------
  function isDate(text) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) { return false; }
    var parts = text.split("-").map(Number);
    var day = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2]));
    return parts[0] >= 1 && day.getUTCFullYear() === parts[0] && day.getUTCMonth() === parts[1] - 1 && day.getUTCDate() === parts[2];
  }

  function unknownFields(object, allowed, where, problems) {
    Object.keys(object).forEach(function (k) {
      if (allowed.indexOf(k) === -1) { problems.push(where + "unknown field " + JSON.stringify(k)); }
    });
  }

  /** The drawing in `text`, or {problems: [...]} saying everything wrong with it. */
  function check(text) {
    var parsed;
    try { parsed = JSON.parse(text); } catch (error) { return { problems: ["not valid JSON: " + error.message] }; }
    var problems = [];
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      return { problems: ["expected a pain drawing (a JSON object)"] };
    }
    unknownFields(parsed, FIELDS, "", problems);
    if (parsed.format !== data.format) { problems.push("format: this is not a pain drawing file (expected \"" + data.format + "\")"); }
    if (parsed.version !== data.version) { problems.push("version: " + JSON.stringify(parsed.version) + " is not one this page reads (it reads version " + data.version + ")"); }
    if ("date" in parsed && (typeof parsed.date !== "string" || !isDate(parsed.date))) { problems.push("date: not a date written YYYY-MM-DD"); }
    if ("note" in parsed) {
      if (typeof parsed.note !== "string") { problems.push("note: expected text"); }
      else if (parsed.note.length > data.maxNote) { problems.push("note: longer than " + data.maxNote + " characters"); }
      else if (!parsed.note.trim()) { problems.push("note: is blank"); }
      else if (/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffe\uffff]/.test(parsed.note)) { problems.push("note: contains a control character"); }
    }
    var marks = {};
    if (!Array.isArray(parsed.marks)) {
      if ("marks" in parsed) { problems.push("marks: expected a list"); }
    } else if (parsed.marks.length > data.maxMarks) {
      problems.push("marks: more than " + data.maxMarks + " marks");
    } else {
      var covered = {};
      parsed.marks.forEach(function (mark, index) {
        var where = "marks[" + index + "].";
        if (mark === null || typeof mark !== "object" || Array.isArray(mark)) { problems.push("marks[" + index + "]: expected a mark"); return; }
        unknownFields(mark, MARK_FIELDS, where, problems);
        var key = mark.region;
        if (typeof key !== "string" || !Object.prototype.hasOwnProperty.call(data.keys, key)) {
          problems.push(where + "region: unknown region " + JSON.stringify(key) + (typeof key === "string" && Object.prototype.hasOwnProperty.call(data.keys, key + ":right") ? " (say which side: " + key + ":left or " + key + ":right)" : ""));
        } else if (marks[key]) {
          problems.push(where + "region: " + key + " is marked more than once");
        } else {
          data.keys[key].leaves.forEach(function (leaf) {
            if (covered[leaf] && covered[leaf] !== key) { problems.push(where + "region: " + key + " overlaps " + covered[leaf]); }
            covered[leaf] = key;
          });
        }
        if (typeof mark.intensity !== "number" || !Number.isInteger(mark.intensity) || mark.intensity < 0 || mark.intensity > 10) {
          problems.push(where + "intensity: expected a whole number from 0 to 10, got " + JSON.stringify(mark.intensity));
        }
        var qualities = mark.qualities;
        if (!Array.isArray(qualities) || qualities.length === 0) {
          problems.push(where + "qualities: expected a list of one or more of " + QUALITY_IDS.join(", "));
        } else {
          qualities.forEach(function (q, i) {
            if (QUALITY_IDS.indexOf(q) === -1) { problems.push(where + "qualities[" + i + "]: " + JSON.stringify(q) + " is not one of " + QUALITY_IDS.join(", ")); }
            else if (qualities.indexOf(q) !== i) { problems.push(where + "qualities: " + q + " is listed more than once"); }
          });
        }
        if (typeof key === "string") {
          marks[key] = { intensity: mark.intensity, qualities: QUALITY_IDS.filter(function (q) { return Array.isArray(qualities) && qualities.indexOf(q) !== -1; }) };
        }
      });
    }
    if (problems.length) { return { problems: problems }; }
    return { drawing: { date: parsed.date || "", note: parsed.note || "", marks: marks } };
  }

  function showProblems(name, problems) {
    var box = document.getElementById("load-problem");
    box.textContent = "";
    if (!problems) { box.hidden = true; return; }
    var heading = document.createElement("p");
    heading.textContent = name + " was not loaded; the drawing on the page is unchanged:";
    var list = document.createElement("ul");
    problems.slice(0, 20).forEach(function (p) {
      var item = document.createElement("li");
      item.textContent = p;
      list.appendChild(item);
    });
    box.appendChild(heading);
    box.appendChild(list);
    box.hidden = false;
  }

  var input = document.getElementById("load");
  input.addEventListener("change", function () {
    var file = input.files && input.files[0];
    if (!file) { return; }
    var reader = new FileReader();
    reader.onload = function () {
      var result = file.size > 200000 ? { problems: ["the file is over 200,000 bytes: not a pain drawing"] } : check(String(reader.result));
      input.value = "";
      if (result.problems) { showProblems(file.name, result.problems); return; }
      showProblems(file.name, null);
      state = result.drawing;
      render();
    };
    reader.onerror = function () { showProblems(file.name, ["the file could not be read"]); };
    reader.readAsText(file);
  });

  document.getElementById("drawing-date").addEventListener("change", function (event) {
    state.date = isDate(event.target.value) ? event.target.value : "";
    document.getElementById("print-date").textContent = state.date || "not given";
  });
  document.getElementById("drawing-note").addEventListener("input", function (event) { state.note = event.target.value; });
  document.getElementById("print").addEventListener("click", function () { window.print(); });
  document.getElementById("clear").addEventListener("click", function () {
    state = { date: "", note: "", marks: {} };
    showProblems("", null);
    render();
  });
  render();
})();
