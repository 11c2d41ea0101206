// bilan_nlp review report: filter by kind, details of a clicked mention.
// Untrusted text is only ever written with textContent, never innerHTML.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("mentions-data").textContent || "[]");
  var LABELS = {
    kind: "type", text: "texte", value: "valeur", value_max: "valeur max", unit: "unité",
    approx: "approximatif", change: "variation", start: "début", end: "fin", subject: "objet compté",
    place_code: "code", place_type: "type de lieu", rule: "règle", page: "page"
  };
  var panel = document.getElementById("detail");
  var selected = null;

  function show(mark) {
    var m = data[Number(mark.getAttribute("data-i"))];
    if (!m) { return; }
    if (selected) { selected.classList.remove("selected"); }
    selected = mark;
    mark.classList.add("selected");
    document.getElementById("detail-title").textContent = m.text;
    var dl = document.getElementById("detail-fields");
    while (dl.firstChild) { dl.removeChild(dl.firstChild); }
    Object.keys(LABELS).forEach(function (key) {
      var v = m[key];
      if (v === null || v === undefined || v === "" || v === false) { return; }
      var dt = document.createElement("dt");
      dt.textContent = LABELS[key];
      var dd = document.createElement("dd");
      dd.textContent = v === true ? "oui" : String(v);
      dd.setAttribute("data-field", key);
      dl.appendChild(dt);
      dl.appendChild(dd);
    });
    document.getElementById("detail-sentence").textContent = m.sentence || "";
    panel.hidden = false;
    document.body.setAttribute("data-selected", mark.getAttribute("data-i"));
  }

  document.addEventListener("click", function (ev) {
    var mark = ev.target.closest ? ev.target.closest("mark.m") : null;
    if (mark && !document.body.classList.contains("hide-" + mark.getAttribute("data-kind"))) { show(mark); }
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && ev.target.matches && ev.target.matches("mark.m")) { show(ev.target); }
    if (ev.key === "Escape") { panel.hidden = true; }
  });
  document.getElementById("detail-close").addEventListener("click", function () { panel.hidden = true; });

  Array.prototype.forEach.call(document.querySelectorAll("#filters input[data-kind]"), function (box) {
    box.addEventListener("change", function () {
      document.body.classList.toggle("hide-" + box.getAttribute("data-kind"), !box.checked);
    });
  });
  document.getElementById("show-claims").addEventListener("change", function (ev) {
    document.body.classList.toggle("hide-claims", !ev.target.checked);
  });
  document.body.setAttribute("data-ready", "1");
})();
