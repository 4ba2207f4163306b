// sitroom web app: the project's own small script. The pages work without it; it adds
// the record panel and layer switches on the document page. It never inserts markup
// from strings: records are copied from the page's own (server-escaped) elements.
"use strict";
(function () {
  function documentPage() {
    var text = document.getElementById("doc-text");
    var panel = document.getElementById("panel");
    if (!text || !panel) return;
    text.addEventListener("click", function (ev) {
      var mark = ev.target.closest(".hl");
      if (!mark) return;
      var keys = (mark.getAttribute("data-r") || "").split(" ").filter(Boolean);
      document.querySelectorAll(".hl.picked, ul.records li.on").forEach(function (el) {
        el.classList.remove("picked", "on");
      });
      mark.classList.add("picked");
      panel.replaceChildren();
      keys.forEach(function (k) {
        var rec = document.getElementById("r-" + k);
        if (!rec) return;
        rec.classList.add("on");
        var copy = rec.cloneNode(true);
        copy.removeAttribute("id");
        copy.classList.add("shown");
        panel.appendChild(copy);
      });
      panel.setAttribute("data-shown", keys.join(" "));
    });
    document.querySelectorAll("#legend input[data-layer]").forEach(function (box) {
      box.addEventListener("change", function () {
        text.classList.toggle("hide-" + box.getAttribute("data-layer"), !box.checked);
      });
    });
  }
  document.addEventListener("DOMContentLoaded", documentPage);
})();
