/* The scoring form: scores as typed (InspectMethods), autosave through the offline queue
   (InspectQueue), conflicts shown value by value, photos shrunk and queued, submit after a flush. */
(function () {
  "use strict";
  var M = window.InspectMethods, Q = window.InspectQueue;
  var form = document.getElementById("sheet");
  if (!form) return;
  var checklist = JSON.parse(document.getElementById("checklist").textContent);
  var sheetId = Number(form.dataset.sheet), editable = !!form.dataset.editable;
  var items = {}, itemOf = {}, last = {}, busy = false, backoff = 1000, retry = null;
  checklist.sections.forEach(function (s) {
    s.items.forEach(function (i) {
      items[i.code] = M.complete(i);
      (i.lines.length ? i.lines.map(function (l) { return l.code; }) : [i.code]).forEach(function (c) { itemOf[c] = i; });
    });
  });
  var $ = function (sel) { return form.querySelector(sel); };
  var $$ = function (sel) { return Array.prototype.slice.call(form.querySelectorAll(sel)); };
  var status = document.getElementById("sync");

  function show(text, kind) { status.textContent = text; status.className = "sync " + (kind || ""); }

  function valueOf(code) {
    var boxes = $$('[name="v_' + code + '"]');
    if (boxes.length && boxes[0].type === "radio") {
      var on = boxes.filter(function (b) { return b.checked; })[0];
      return on ? on.value : null;
    }
    return boxes.length && boxes[0].value.trim() !== "" ? boxes[0].value.trim() : null;
  }
  function noteOf(code) { var n = $('[data-note="' + code + '"]'); return n ? n.value : ""; }
  function answers() { var a = {}; Object.keys(itemOf).forEach(function (c) { a[c] = valueOf(c); }); return a; }

  function put(code, answer) {
    last[code] = JSON.stringify([answer.value === undefined ? null : answer.value, answer.note || ""]);
    $$('[name="v_' + code + '"]').forEach(function (box) {
      if (box.type === "radio") box.checked = box.value === answer.value;
      else box.value = answer.value === null || answer.value === undefined ? "" : answer.value;
    });
    var note = $('[data-note="' + code + '"]');
    if (note) note.value = answer.note || "";
  }

  function title(code) {  // "A1 识别准确" as the page shows the item
    var h = document.querySelector("#i-" + itemOf[code].code + " h3");
    return h ? h.firstChild.textContent.trim() : code;
  }

  function error(code, text) { var e = $('[data-err="' + code + '"]'); if (e) e.textContent = text; }

  function render() {
    var given = answers(), s = M.sheetScores(checklist, given);
    Object.keys(s.items).forEach(function (code) {
      var out = $('[data-score="' + code + '"]');
      if (out) out.textContent = s.items[code] === null ? (items[code].relative ? "待定" : "") : s.items[code];
      var item = items[code];
      if (item.lines.length) {
        var zeros = Object.assign({}, given);
        item.lines.forEach(function (l) { if (zeros[l.code] === null) zeros[l.code] = "0"; });
        var left = M.itemScore(item, zeros, checklist.precision);
        $('[data-left="' + code + '"]').textContent = left === null ? "—" : left;
      }
    });
    Object.keys(s.sections).forEach(function (code) { $('[data-sub="' + code + '"]').textContent = s.sections[code]; });
    document.getElementById("total").textContent = s.total;
    var veto = document.getElementById("veto");
    veto.hidden = !s.vetoed.length;
    veto.textContent = s.vetoed.length ? "一票否决：" + s.vetoed.map(function (c) { return title(c); }).join("、") : "";
    return given;
  }

  function refusedLocally(code) {
    var value = valueOf(code), item = itemOf[code];
    if (value === null) return false;
    var x = M.read(item, value, item.lines.length > 0);
    return x !== null && isNaN(x);
  }

  function changed(event) {
    var name = event.target.name || "", code = name.slice(2) || event.target.dataset.note;
    if (!code || !itemOf[code]) return;
    render();
    if (refusedLocally(code)) { var it = itemOf[code]; error(code, "应为" + checklist.expected[it.lines.length ? "deduct" : it.method]); return; }
    error(code, "");
    var answer = { value: valueOf(code), note: noteOf(code) }, key = JSON.stringify([answer.value, answer.note]);
    if (last[code] === key) return;  // "change" after "input": already queued
    last[code] = key;
    Q.update(sheetId, function (r) { r.pending[code] = answer; }).then(function () { schedule(400); });
  }

  function schedule(ms) { clearTimeout(retry); retry = setTimeout(sync, ms); }

  async function step() {
    var record = await Q.get(sheetId);
    if (!Q.waiting(record)) return false;
    if (!record.inflight) {
      record = await Q.update(sheetId, function (r) {
        r.inflight = { submission: Q.uuid(), base_version: r.version, answers: r.pending };
        r.pending = {};
      });
    }
    show("正在保存…", "waiting");
    var sent = record.inflight, answer = await Q.post("/api/sheets/" + sheetId + "/answers", sent);
    var body = answer.body;
    if (answer.status === 200) {
      await Q.update(sheetId, function (r) { Object.assign(r.saved, sent.answers); r.version = body.version; r.inflight = null; });
      form.dataset.version = body.version;
    } else if (answer.status === 409 && body.error === "stale") {
      var chosen = await choose(sent.answers, body.answers || {});
      await Q.update(sheetId, function (r) {
        r.version = body.current_version; r.saved = body.answers || {};
        Object.keys(chosen).forEach(function (c) { if (chosen[c] === null) delete r.pending[c]; });
        r.pending = Object.assign(chosen, r.pending); r.inflight = null;
        Object.keys(r.pending).forEach(function (c) { if (r.pending[c] === null) delete r.pending[c]; });
      });
    } else if (answer.status === 422 && body.errors) {
      var refused = {};
      body.errors.forEach(function (e) { refused[e.item] = true; error(e.item, e.message); });
      await Q.update(sheetId, function (r) {
        Object.keys(sent.answers).forEach(function (c) { if (!refused[c] && !(c in r.pending)) r.pending[c] = sent.answers[c]; });
        r.inflight = null;
      });
    } else if (answer.status === 409 && body.error === "submission_conflict") {
      await Q.update(sheetId, function (r) { r.pending = Object.assign({}, sent.answers, r.pending); r.inflight = null; });
    } else if (answer.status === 400) {
      await Q.freshToken();
    } else {
      throw new Error(body.message || "HTTP " + answer.status);
    }
    return true;
  }

  /* A stale save: where this device and the other differ, the inspector chooses; never silent. */
  function choose(mine, theirs) {
    var box = document.getElementById("choices"), differ = [];
    box.textContent = "";
    Object.keys(theirs).forEach(function (code) { if (!(code in mine)) put(code, theirs[code]); });
    Object.keys(mine).forEach(function (code) {
      var other = theirs[code] || { value: null, note: "" };
      if (other.value === mine[code].value && (other.note || "") === (mine[code].note || "")) return;
      differ.push(code);
      var row = document.createElement("div");
      row.className = "pick";
      row.innerHTML = "<strong></strong><label><input type=radio value=mine checked> 本机：<span></span></label>" +
                      "<label><input type=radio value=theirs> 另一设备：<span></span></label>";
      row.querySelector("strong").textContent = title(code) + (code !== itemOf[code].code ? "（" + code + "）" : "");
      var spans = row.querySelectorAll("label span");
      spans[0].textContent = (mine[code].value || "（空）") + (mine[code].note ? "（" + mine[code].note + "）" : "");
      spans[1].textContent = (other.value || "（空）") + (other.note ? "（" + other.note + "）" : "");
      row.querySelectorAll("input").forEach(function (i) { i.name = "pick_" + code; });
      row.dataset.code = code;
      box.appendChild(row);
    });
    var chosen = {};
    if (!differ.length) return Promise.resolve(chosen);
    var dialog = document.getElementById("conflict");
    return new Promise(function (resolve) {
      dialog.addEventListener("close", function () {
        differ.forEach(function (code) {
          var pick = box.querySelector('input[name="pick_' + code + '"]:checked').value;
          var value = pick === "mine" ? mine[code] : theirs[code] || { value: null, note: "" };
          put(code, value);
          chosen[code] = pick === "mine" ? mine[code] : null;  // null: keep theirs, send nothing
        });
        render();
        resolve(chosen);
      }, { once: true });
      dialog.showModal();
    });
  }

  async function sendPhotos() {
    var photos = (await Q.photos()).filter(function (p) { return p.sheet === sheetId; });
    for (var i = 0; i < photos.length; i++) {
      var p = photos[i], data = new FormData();
      data.append("item", p.item); data.append("upload", p.upload); data.append("file", p.blob, p.name);
      var answer = await Q.post("/api/sheets/" + sheetId + "/evidence", data, true);
      if (answer.status === 400) { await Q.freshToken(); throw new Error("csrf"); }
      if (answer.status >= 500) throw new Error("HTTP " + answer.status);
      if (answer.status >= 400) error(p.item, "照片未保存：" + (answer.body.message || answer.status));
      await Q.dropPhoto(p.upload);
    }
    return photos.length;
  }

  async function waitingCount() {
    var record = await Q.get(sheetId), photos = (await Q.photos()).filter(function (p) { return p.sheet === sheetId; });
    return Q.waitingAnswers(record) + photos.length;
  }

  async function sync() {
    if (busy) return;
    busy = true;
    try {
      while (await step()) { /* one body at a time */ }
      await sendPhotos();
      backoff = 1000;
      show("已保存");
    } catch (failure) {
      var n = await waitingCount();
      show((navigator.onLine ? "保存失败，稍后重试" : "离线") + "：" + n + " 项待发送", "waiting");
      backoff = Math.min(backoff * 2, 60000);
      schedule(backoff);
    } finally {
      busy = false;
    }
  }

  function photoChosen(event) {
    var input = event.target, item = input.dataset.photo, file = input.files[0];
    if (!item || !file) return;
    Q.shrink(file).then(function (blob) {
      var name = blob === file ? file.name : "photo.jpg";
      return Q.addPhoto({ upload: Q.uuid(), sheet: sheetId, item: item, blob: blob, name: name, width: 0 });
    }).then(function () {
      var count = $('[data-photos="' + item + '"]');
      count.textContent = Number(count.textContent || 0) + 1;
      input.value = "";
      sync();
    });
  }

  async function submitSheet() {
    show("正在提交…", "waiting");
    await sync();
    if (await waitingCount()) { show("尚有内容未发送（离线？），联网后再提交", "error"); return; }
    var record = await Q.get(sheetId);
    var answer = await Q.post("/api/sheets/" + sheetId + "/submit", { base_version: record.version });
    if (answer.status === 200) { location.reload(); return; }
    if (answer.status === 422 && answer.body.missing) {
      answer.body.missing.forEach(function (code) { error(code, "未填写"); });
      show("还有 " + answer.body.missing.length + " 项未填写：" + answer.body.missing.join("、"), "error");
      return;
    }
    show(answer.body.message || "提交失败", "error");
  }

  async function start() {
    var pageVersion = Number(form.dataset.version), record = await Q.get(sheetId);
    if (record && record.version >= pageVersion) {
      Object.keys(record.saved).forEach(function (c) { put(c, record.saved[c]); });
    }
    await Q.update(sheetId, function (r) { if (r.version < pageVersion) { r.version = pageVersion; r.saved = {}; } });
    record = await Q.get(sheetId);
    var queued = Object.assign({}, record.inflight ? record.inflight.answers : {}, record.pending);
    Object.keys(queued).forEach(function (c) { put(c, queued[c]); });
    (await Q.photos()).forEach(function (p) {
      if (p.sheet !== sheetId) return;
      var count = $('[data-photos="' + p.item + '"]');
      count.textContent = Number(count.textContent || 0) + 1;
    });
    render();
    if (editable) sync();
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", function (e) { if (e.target.dataset.photo) photoChosen(e); else changed(e); });
  form.addEventListener("click", function (e) {
    var button = e.target.closest(".step");
    if (!button) return;
    var input = button.parentNode.querySelector("input");
    input.value = Math.max(0, (Number(input.value) || 0) + Number(button.dataset.step));
    input.dispatchEvent(new Event("input", { bubbles: true }));
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    if (e.submitter && e.submitter.name === "submit") submitSheet(); else sync();
  });
  window.addEventListener("online", function () { backoff = 1000; sync(); });
  window.InspectOffline.keep();
  start();
})();
