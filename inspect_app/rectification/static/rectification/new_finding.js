/* The standalone finding form on a phone: a submit stores the whole finding (fields and shrunk
   photos) in the offline queue under a new submission UUID and clears the form; queued findings
   are sent to POST /api/findings, each exactly as stored, until the server answers. Refused ones
   stay on this device with the server's words until the inspector fixes or discards them. */
(function () {
  "use strict";
  var Q = window.InspectQueue, form = document.getElementById("finding");
  if (!form || !Q || !Q.putFinding) return;  // an older queue.js still kept on the phone: the form posts as without script
  var box = document.getElementById("finding-queue"), list = document.getElementById("finding-list");
  var status = document.getElementById("finding-sync"), clear = document.getElementById("finding-clear");
  var photoNote = document.getElementById("finding-photos");
  var SKIP = { csrf_token: true, submission: true, photos: true };
  var KEEP = { kind: true, inspected_on: true };  // the next finding is usually of the same inspection
  var busy = false, again = false, backoff = 1000, retry = null, carried = [], replacing = null;

  function rowUrl(id) { return form.dataset.row.replace(/0$/, String(id)); }

  function fieldsOf() {
    var pairs = [];
    new FormData(form).forEach(function (value, name) { if (!SKIP[name]) pairs.push([name, value]); });
    return pairs;
  }

  function summaryOf(fields) {
    var get = function (n) { var f = fields.filter(function (p) { return p[0] === n; })[0]; return f ? f[1] : ""; };
    var text = (get("subject_name") ? get("subject_name") + "：" : "") + get("problem");
    return text.length > 40 ? text.slice(0, 40) + "…" : text;
  }

  async function queue(event) {
    event.preventDefault();
    event.stopPropagation();  // csrf.js's resubmit is for forms that post; this one is queued
    var fields = fieldsOf(), files = Array.prototype.slice.call(form.querySelector('[name="photos"]').files);
    var photos = carried.slice();
    for (var i = 0; i < files.length; i++) {
      var blob = await Q.shrink(files[i]);
      photos.push({ blob: blob, name: blob === files[i] ? files[i].name : "photo-" + (i + 1) + ".jpg" });
    }
    await Q.putFinding({ submission: Q.uuid(), fields: fields, photos: photos, summary: summaryOf(fields),
                         state: "waiting", errors: [], created: Date.now() });
    if (replacing) await Q.dropFinding(replacing);
    reset();
    await render();
    send();
  }

  function reset() {
    var kept = fieldsOf().filter(function (p) { return KEEP[p[0]]; });
    form.reset();
    kept.forEach(function (p) { form.elements[p[0]].value = p[1]; });
    carried = []; replacing = null;
    photoNote.hidden = true;
  }

  /* A refused finding back in the form, photos kept, to fix and queue again (as a new submission). */
  function edit(record) {
    form.reset();
    var values = {};
    record.fields.forEach(function (p) { (values[p[0]] = values[p[0]] || []).push(p[1]); });
    Object.keys(values).forEach(function (name) {
      var field = form.elements[name];
      if (!field) return;
      if (field.multiple) Array.prototype.forEach.call(field.options, function (o) { o.selected = values[name].indexOf(o.value) >= 0; });
      else field.value = values[name][0];
    });
    carried = record.photos; replacing = record.submission;
    photoNote.hidden = !carried.length;
    photoNote.textContent = "已带上原来的照片 " + carried.length + " 张；可再添加。";
    form.scrollIntoView();
  }

  function body(record) {
    var data = new FormData();
    data.append("submission", record.submission);
    record.fields.forEach(function (p) { data.append(p[0], p[1]); });
    record.photos.forEach(function (p) { data.append("photos", p.blob, p.name); });
    return data;
  }

  /* Send one stored finding; true when the server answered it, false to try later. */
  async function sendOne(record) {
    var answer = await Q.post(form.dataset.api, body(record), true), b = answer.body;
    if (answer.status === 400) { await Q.freshToken(); return false; }
    if (answer.status === 401) { show("登录已过期：请重新登录，待发送的问题仍保存在本机。", "error"); return false; }
    if (answer.status >= 500) return false;
    if (answer.status === 200 || answer.status === 201) {
      record.state = "sent"; record.row = b.id; record.photos = []; record.errors = [];
    } else {
      record.state = "refused"; record.message = b.message || "服务器拒收（" + answer.status + "）";
      record.errors = (b.errors || []).map(function (e) { return labelOf(e.item) + "：" + e.message; });
    }
    await Q.putFinding(record);
    return true;
  }

  function labelOf(name) {
    var field = form.elements[name], label = field && field.closest && field.closest("label");
    return label ? label.firstChild.textContent.trim() : name;
  }

  async function send() {
    if (busy) { again = true; return; }
    busy = true; again = false;
    clearTimeout(retry);
    var late = false;
    try {
      var waiting = (await Q.findings()).filter(function (r) { return r.state === "waiting"; });
      for (var i = 0; i < waiting.length; i++) {
        if (!(await sendOne(waiting[i]))) { late = true; break; }
      }
    } catch (failure) {
      late = true;  // offline, or the server did not answer: the finding stays as stored
    } finally {
      busy = false;
    }
    if (late) { backoff = Math.min(backoff * 2, 60000); retry = setTimeout(send, backoff); } else backoff = 1000;
    await render(late);
    if (again && !late) send();  // queued while this round was sending
  }

  function show(text, kind) { status.textContent = text; status.className = "sync " + (kind || ""); }

  async function render(late) {
    var records = (await Q.findings()).sort(function (a, b) { return a.created - b.created; });
    var waiting = records.filter(function (r) { return r.state === "waiting"; }).length;
    var refused = records.filter(function (r) { return r.state === "refused"; }).length;
    var sent = records.filter(function (r) { return r.state === "sent"; }).length;
    box.hidden = !records.length;
    clear.hidden = !sent;
    var words = [];
    if (waiting) words.push("本机有 " + waiting + " 条问题待发送" + (late || !navigator.onLine ? "（离线或网络不通，联网后自动发送）" : "（正在发送…）"));
    if (refused) words.push(refused + " 条被退回，请修改后重新提交或放弃");
    if (!waiting && !refused && sent) words.push("本机的问题均已录入整改台账");
    show(words.join("；"), waiting || refused ? "waiting" : "");
    list.textContent = "";
    records.forEach(function (r) { list.appendChild(item(r)); });
  }

  function item(record) {
    var li = document.createElement("li"), what = document.createElement("span");
    li.className = "finding-" + record.state;
    li.dataset.submission = record.submission;
    what.textContent = record.summary + (record.photos.length ? "（照片 " + record.photos.length + " 张）" : "");
    var state = document.createElement("strong");
    state.textContent = { waiting: "待发送", sent: "已录入", refused: "被退回" }[record.state] + " ";
    li.appendChild(state);
    if (record.state === "sent") {
      var link = document.createElement("a");
      link.href = rowUrl(record.row); link.textContent = record.summary;
      li.appendChild(link);
      return li;
    }
    li.appendChild(what);
    if (record.state === "refused") {
      var why = document.createElement("ul");
      why.className = "error";
      [record.message].concat(record.errors).forEach(function (text) {
        var line = document.createElement("li"); line.textContent = text; why.appendChild(line);
      });
      li.appendChild(why);
      li.appendChild(button("修改后重新提交", function () { edit(record); }));
      li.appendChild(button("放弃这条", function () {
        if (confirm("放弃后这条问题和照片将从本机删除，且未录入整改台账。确定放弃？")) Q.dropFinding(record.submission).then(render);
      }));
    }
    return li;
  }

  function button(text, act) {
    var b = document.createElement("button");
    b.type = "button"; b.textContent = text; b.addEventListener("click", act);
    return b;
  }

  clear.addEventListener("click", async function () {
    var sent = (await Q.findings()).filter(function (r) { return r.state === "sent"; });
    for (var i = 0; i < sent.length; i++) await Q.dropFinding(sent[i].submission);
    render();
  });
  form.addEventListener("submit", queue);
  window.addEventListener("online", function () { backoff = 1000; send(); });
  window.InspectOffline.keep();
  render().then(send);
})();
