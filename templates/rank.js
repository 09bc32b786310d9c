// The pain guide's ranking, applied in the page: the same rules and numbers as
// trigger_points.guide (lib.guide and lib.guide_muscles), which writes the page's data
// (`scoring`, `sideOrder`, `patterns`). Nothing here decides a number of its own.
//
//   TPRank.points(data, pain)  -> [{pattern, muscle, point, side, score, essential, spillover, unexplained}]
//   TPRank.muscles(data, pain) -> [{muscle, side, score, essential, spillover, unexplained, points: [...]}]
(function () {
  "use strict";

  function has(list, key) { return list.indexOf(key) !== -1; }

  // score: how well a pattern (essential, spillover) explains the pain, in [0, 1].
  function score(scoring, essential, spillover, pain) {
    var inEssential = 0, inSpillover = 0;
    pain.forEach(function (key) {
      if (has(essential, key)) { inEssential += 1; } else if (has(spillover, key)) { inSpillover += 1; }
    });
    var explained = inEssential + scoring.spillover * inSpillover;
    if (pain.length === 0 || explained === 0) { return 0; }
    var coverage = explained / pain.length;
    var focus = explained / (essential.length + scoring.spillover * spillover.length);
    return scoring.coverage * coverage + scoring.focus * focus;
  }

  function reasons(essential, spillover, pain) {
    var sorted = pain.slice().sort();
    return {
      essential: sorted.filter(function (k) { return has(essential, k); }),
      spillover: sorted.filter(function (k) { return !has(essential, k) && has(spillover, k); }),
      unexplained: sorted.filter(function (k) { return !has(essential, k) && !has(spillover, k); })
    };
  }

  function touches(pattern, pain) {
    return pain.some(function (k) { return has(pattern.essential, k) || has(pattern.spillover, k); });
  }

  function candidate(data, pattern, pain) {
    var why = reasons(pattern.essential, pattern.spillover, pain);
    return {
      pattern: pattern, muscle: pattern.muscle, point: pattern.point, side: pattern.side,
      score: score(data.scoring, pattern.essential, pattern.spillover, pain),
      essential: why.essential, spillover: why.spillover, unexplained: why.unexplained
    };
  }

  function compareText(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

  function pointOrder(data) {
    return function (a, b) {
      return (b.score - a.score) || compareText(a.muscle, b.muscle) || compareText(a.point, b.point)
        || data.sideOrder[a.side] - data.sideOrder[b.side];
    };
  }

  function alike(right, left) {
    return right.score === left.score && ["essential", "spillover", "unexplained"].every(function (f) {
      return right[f].join("\n") === left[f].join("\n");
    });
  }

  // Right and left that explain the pain alike become one candidate on "either" side.
  function collapsed(list, identity, merge) {
    var order = [], groups = {};
    list.forEach(function (c) {
      var id = identity(c);
      if (!groups[id]) { groups[id] = {}; order.push(id); }
      groups[id][c.side] = c;
    });
    var found = [];
    order.forEach(function (id) {
      var sides = groups[id];
      if (sides.right && sides.left && alike(sides.right, sides.left)) {
        found.push(merge(sides.right, sides.left));
      } else {
        ["either", "right", "left"].forEach(function (s) { if (sides[s]) { found.push(sides[s]); } });
      }
    });
    return found;
  }

  function pointIdentity(c) { return c.point; }
  function pointEither(right) {
    var merged = Object.assign({}, right);
    merged.side = "either";
    return merged;
  }

  function points(data, pain) {
    var found = data.patterns.filter(function (p) { return touches(p, pain); })
      .map(function (p) { return candidate(data, p, pain); });
    return collapsed(found, pointIdentity, pointEither).sort(pointOrder(data));
  }

  function union(lists) {
    var seen = {};
    lists.forEach(function (list) { list.forEach(function (k) { seen[k] = true; }); });
    return Object.keys(seen).sort();
  }

  // A muscle on a side: the union of the patterns of its points there that reach the pain,
  // scored like one pattern, never below its best point.
  function muscleOnSide(data, touched, side, pain) {
    var onSide = touched.filter(function (p) { return p.side === side || p.side === "either"; });
    if (onSide.length === 0) { return null; }
    var essential = union(onSide.map(function (p) { return p.essential; }));
    var spillover = union(onSide.map(function (p) { return p.spillover; }))
      .filter(function (k) { return !has(essential, k); });
    var pointsHere = onSide.map(function (p) { return candidate(data, p, pain); }).sort(pointOrder(data));
    var why = reasons(essential, spillover, pain);
    return {
      muscle: onSide[0].muscle, side: side,
      score: Math.max(score(data.scoring, essential, spillover, pain), pointsHere[0].score),
      essential: why.essential, spillover: why.spillover, unexplained: why.unexplained,
      points: pointsHere
    };
  }

  function muscles(data, pain) {
    function muscleEither(right, left) {
      var merged = Object.assign({}, right);
      merged.side = "either";
      merged.points = collapsed(right.points.concat(left.points), pointIdentity, pointEither)
        .sort(pointOrder(data));
      return merged;
    }
    var byMuscle = {}, order = [];
    data.patterns.forEach(function (p) {
      if (!touches(p, pain)) { return; }
      if (!byMuscle[p.muscle]) { byMuscle[p.muscle] = []; order.push(p.muscle); }
      byMuscle[p.muscle].push(p);
    });
    var found = [];
    order.forEach(function (id) {
      var sides = ["right", "left"].map(function (side) {
        return muscleOnSide(data, byMuscle[id], side, pain);
      }).filter(Boolean);
      found = found.concat(collapsed(sides, function (c) { return c.muscle; }, muscleEither));
    });
    return found.sort(function (a, b) {
      return (b.score - a.score) || compareText(a.muscle, b.muscle)
        || data.sideOrder[a.side] - data.sideOrder[b.side];
    });
  }

  window.TPRank = { points: points, muscles: muscles, score: score };
})();
