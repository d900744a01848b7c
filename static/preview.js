/* ijwidgets preview.js: enhances the configurator, which works without it as a plain GET form.
   The "Copier" buttons copy their snippet and say so in a live region; the width toggle and the
   code tabs switch in place; changing a setting reloads the configurator part of the page (same
   URL as the form would give) and keeps the address shareable. Same-origin file: no inline script. */
(function () {
  "use strict";
  function done(button, ok) {
    var status = document.getElementById(button.getAttribute("data-status"));
    if (status) status.textContent = ok ? "Code copié dans le presse-papiers." : "Copie impossible : sélectionnez le code et copiez-le (Ctrl+C).";
  }
  function setHidden(id, value) {
    var input = document.getElementById(id);
    if (input) input.value = value;
  }
  function share() {
    var form = document.getElementById("ijp-form");
    if (!form) return "";
    var params = new URLSearchParams();
    new FormData(form).forEach(function (v, k) {
      if (v !== "" && !(k === "width" && v === "desktop") && !(k === "tab" && v === "script") && !(k === "page" && v === "1")) params.append(k, v);
    });
    var q = params.toString();
    return "/preview" + (q ? "?" + q : "");
  }
  function remember() {
    var url = share();
    if (!url) return;
    history.replaceState(null, "", url + location.hash);
    var link = document.getElementById("ijp-partage");
    if (link) link.setAttribute("href", url);
  }
  document.addEventListener("click", function (e) {
    var t = e.target.closest ? e.target : null;
    if (!t) return;
    var button = t.closest("button[data-copy]");
    if (button) {
      var area = document.getElementById(button.getAttribute("data-copy"));
      if (!area) return;
      area.focus();
      area.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(area.value).then(function () { done(button, true); }, function () { done(button, document.execCommand("copy")); });
      } else {
        done(button, document.execCommand("copy"));
      }
      return;
    }
    var w = t.closest("a[data-width]");
    if (w) {
      e.preventDefault();
      var cadre = document.getElementById("ijp-cadre");
      if (cadre) cadre.className = "ijp-cadre ijp-l-" + w.getAttribute("data-width");
      w.parentNode.querySelectorAll("a").forEach(function (a) { a.removeAttribute("aria-current"); });
      w.setAttribute("aria-current", "true");
      setHidden("ijp-width", w.getAttribute("data-width"));
      remember();
      return;
    }
    var tab = t.closest("a[data-tab]");
    if (tab) {
      e.preventDefault();
      var key = tab.getAttribute("data-tab");
      tab.parentNode.querySelectorAll("a").forEach(function (a) { a.removeAttribute("aria-current"); });
      tab.setAttribute("aria-current", "true");
      document.querySelectorAll(".ijp-panneau").forEach(function (p) { p.hidden = p.id !== "ijp-panneau-" + key; });
      setHidden("ijp-tab", key);
      remember();
    }
  });
  // Live update: a changed setting fetches the page of the new configuration and swaps the
  // configurator in; embed.js then sizes the new live widget.
  document.addEventListener("change", function (e) {
    if (!e.target.hasAttribute || !e.target.hasAttribute("data-live") || !window.fetch || !window.DOMParser) return;
    var id = e.target.id;
    var url = share();
    fetch(url, { credentials: "same-origin" }).then(function (r) { return r.text(); }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      var fresh = doc.getElementById("configurateur");
      var old = document.getElementById("configurateur");
      var err = doc.querySelector(".ijp-erreur");
      if (!fresh || !old) { if (err) location.assign(url); return; }
      old.replaceWith(document.importNode(fresh, true));
      history.replaceState(null, "", url);
      var again = document.getElementById(id);
      if (again) again.focus();
      if (window.ijwidgets && window.ijwidgets.scan) window.ijwidgets.scan();
    }).catch(function () { location.assign(url); });
  });
})();
