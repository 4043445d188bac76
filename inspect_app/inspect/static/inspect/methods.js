/* Our own port of scoring/methods.py and scoring/values.py: an item's score as it is typed.
   The engine stays the judge; a differential test (tests/browser/test_methods_js.py) runs random
   answers through both and finds them equal. Exposed as window.InspectMethods. */
(function (root) {
  "use strict";
  var YES = ["是", "yes", "y", "true", "对", "有", "√", "✓"];
  var NO = ["否", "no", "n", "false", "不是", "无", "没有", "×", "✗"];
  var THOUSANDS = /^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/;
  var NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/;

  function normalise(text) { return String(text).normalize("NFKC").trim().toLowerCase(); }

  function parseNumber(text) {
    var value = normalise(text).replace(/ /g, ""), scale = 1;
    if (value.slice(-1) === "%") { value = value.slice(0, -1); scale = 0.01; }
    if (THOUSANDS.test(value)) value = value.replace(/,/g, "");
    value = value.replace(/_/g, "");
    if (!NUMBER.test(value)) return NaN;
    var number = Number(value);
    return isFinite(number) ? number * scale : NaN;
  }

  function yesNoWord(text) {
    var value = normalise(text);
    if (YES.indexOf(value) >= 0) return 1;
    return NO.indexOf(value) >= 0 ? 0 : NaN;
  }

  function yesNo(text) {
    var word = yesNoWord(text);
    if (!isNaN(word)) return word;
    var number = parseNumber(text);
    return number === 0 || number === 1 ? number : NaN;
  }

  function num(value, fallback) { return value === null || value === undefined ? fallback : value; }

  // Readers: the value a method scores, or NaN when the answer is refused.
  var READ = {
    count: function (item, text) { var x = parseNumber(text); return x >= 0 && Math.abs(x - Math.round(x)) <= 1e-9 ? x : NaN; },
    ratio: function (item, text) { var x = parseNumber(text); return x >= 0 ? x : NaN; },
    number: function (item, text) { return parseNumber(text); },
    points: function (item, text) { var x = parseNumber(text); return x >= 0 && x <= item.max ? x : NaN; },
    yesNo: function (item, text) { return yesNo(text); },
    bonus: function (item, text) { var w = yesNoWord(text); return isNaN(w) ? READ.points(item, text) : w * item.max; },
    level: function (item, text) {
      var name = String(text).trim();
      for (var i = 0; i < item.levels.length; i++) if (item.levels[i][0] === name) return item.levels[i][1];
      return NaN;
    }
  };
  var READER = { deduct: "count", ratio: "ratio", bands: "number", check: "yesNo", levels: "level",
                 manual: "points", veto: "yesNo", bonus: "bonus", steps: "number" };

  function roundTo(value, places) { var f = Math.pow(10, places); return roundHalfEven(value * f) / f; }
  function roundHalfEven(v) {  // numpy rounds half to even
    var r = Math.round(v);
    return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
  }
  function clip(v, lo, hi) { return Math.min(Math.max(v, lo), hi); }

  var SCORE = {
    deduct: function (item, x) { return Math.max(0, item.max - item.per * x); },
    ratio: function (item, x, target) {
      var raw = target > 0 ? item.base * x / target : item.base;
      var score = clip(raw, num(item.floor, 0), item.max);
      return item.zero_below != null && x < item.zero_below ? 0 : score;
    },
    bands: function (item, x) {
      for (var i = 0; i < item.bands.length; i++) {
        var b = item.bands[i];
        if ((b.min == null || x >= b.min) && (b.below == null || x < b.below)) return b.score;
      }
      return 0;
    },
    check: function (item, x) { return item.max * x; },
    levels: function (item, x) { return x; }, manual: function (item, x) { return x; },
    bonus: function (item, x) { return x; }, veto: function () { return 0; },
    steps: function (item, x, target) {
      var steps = roundTo((x - target) / item.step, 6);
      if (item.whole_steps) steps = Math.trunc(steps);
      return clip(item.base + item.per * steps, num(item.floor, 0), item.max);
    }
  };

  /* Half-up to whole steps of precision, as scoring/combine.py half_up_units / units_to_points. */
  function rounded(value, precision) {
    var units = Math.floor(roundTo(value / precision, 6) + 0.5);
    var places = (String(precision).split(".")[1] || "").length;  // 0.5 → 1, as Decimal's exponent
    return roundTo(units * precision, places);
  }

  function blank(text) { return text === null || text === undefined || String(text).trim() === ""; }

  /* The value one answer code reads as, NaN when refused, null when blank. */
  function read(item, text, line) {
    if (blank(text)) return null;
    if (line) return READ.count(item, text);
    return READ[READER[item.method]](item, text);
  }

  /* One item's rounded score from answers (code → text): null while unanswered or relative. */
  function itemScore(item, answers, precision) {
    if (item.relative || item.method === "veto") return null;  // settled later / carries no points
    var raw;
    if (item.lines.length) {
      var lost = 0;
      for (var i = 0; i < item.lines.length; i++) {
        var line = item.lines[i], count = read(item, answers[line.code], true);
        if (count === null || isNaN(count)) return null;
        lost += Math.min(line.max == null ? Infinity : line.max, line.per * count);
      }
      raw = Math.max(0, item.max - lost);
    } else {
      var x = read(item, answers[item.code]);
      if (x === null || isNaN(x)) return null;
      raw = SCORE[item.method](item, x, item.target);
    }
    return rounded(raw, precision);
  }

  function vetoes(item, answers) {
    var x = read(item, answers[item.code]);
    if (x === null || isNaN(x)) return false;
    if (item.method === "veto") return x === 1;
    var rule = item.veto_when;
    if (!rule) return false;
    return { above: x > rule.value, at_least: x >= rule.value, below: x < rule.value,
             at_most: x <= rule.value, equals: x === rule.value }[rule.op];
  }

  function sumExact(values, precision) {  // in whole steps of precision, as the engine sums
    var units = 0;
    values.forEach(function (v) { if (v !== null) units += Math.round(v / precision); });
    return rounded(units * precision, precision);
  }

  /* Lists the page leaves out when empty. */
  function complete(item) {
    ["bands", "levels", "lines"].forEach(function (key) { item[key] = item[key] || []; });
    return item;
  }

  /* Every item's score, section subtotals and the running total of a sheet. */
  function sheetScores(checklist, answers) {
    var items = {}, sections = {}, counted = [], bonus = [], vetoed = [];
    checklist.sections.forEach(function (section) {
      var subtotal = [];
      section.items.forEach(function (item) {
        complete(item);
        var score = itemScore(item, answers, checklist.precision);
        items[item.code] = score;
        if (item.method !== "veto") subtotal.push(score);
        if (item.method === "bonus") bonus.push(score);
        else if (item.method !== "veto") counted.push(score);
        if (item.vetoes && vetoes(item, answers)) vetoed.push(item.code);
      });
      sections[section.code] = sumExact(subtotal, checklist.precision);
    });
    var extra = sumExact(bonus, checklist.precision);
    if (checklist.bonus_cap != null) extra = Math.min(extra, checklist.bonus_cap);
    return { items: items, sections: sections, vetoed: vetoed,
             total: sumExact([sumExact(counted, checklist.precision), extra], checklist.precision) };
  }

  root.InspectMethods = { complete: complete, read: read, itemScore: itemScore, sheetScores: sheetScores, vetoes: vetoes,
                          parseNumber: parseNumber, yesNo: yesNo, rounded: rounded };
})(typeof window !== "undefined" ? window : globalThis);
