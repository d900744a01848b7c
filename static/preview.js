/* ijwidgets preview.js: the "Copier" buttons of the editors' preview copy the snippet of their
   text area and say so in a live region. Same-origin file, so the preview's CSP needs no inline
   script. */
(function () {
  "use strict";
  function done(button, ok) {
    var status = document.getElementById(button.getAttribute("data-status"));
    if (status) status.textContent = ok ? "Code copié dans le presse-papiers." : "Copie impossible : sélectionnez le code et copiez-le (Ctrl+C).";
  }
  document.addEventListener("click", function (e) {
    var button = e.target.closest ? e.target.closest("button[data-copy]") : null;
    if (!button) return;
    var area = document.getElementById(button.getAttribute("data-copy"));
    if (!area) return;
    area.focus();
    area.select();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(area.value).then(function () {
        done(button, true);
      }, function () {
        done(button, document.execCommand("copy"));
      });
    } else {
      done(button, document.execCommand("copy"));
    }
  });
})();
