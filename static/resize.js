/* ijwidgets resize.js, loaded by the widget document: tells the page that frames it the height of
   the widget, {type: "ijwidgets:height", id, height, title}, each time it changes (ResizeObserver:
   no timer, no loop), and again when embed.js asks. The id is the #ijw=ID fragment of the iframe's
   URL, from the snippet or from embed.js; without it the document posts nothing. The title is the
   widget's own (its question, training and place, as the oEmbed link names it): embed.js names
   the iframe with it. */
(function () {
  "use strict";
  if (window.parent === window || !window.ResizeObserver) return;
  var root = document.documentElement;
  var last = -1;
  // The height is not secret: "*" when the browser does not name the parent's origin.
  var target = (location.ancestorOrigins && location.ancestorOrigins[0]) || "*";
  if (target === "null") target = "*";

  function post(force) {
    var m = /(?:^#|&)ijw=([A-Za-z0-9_-]{1,64})/.exec(location.hash);
    var h = Math.ceil(root.getBoundingClientRect().height);
    if (!m || (h === last && !force)) return;
    last = h;
    var link = document.querySelector('link[rel="alternate"][type="application/json+oembed"]');
    var title = (link && link.getAttribute("title")) || document.title;
    window.parent.postMessage({ type: "ijwidgets:height", id: m[1], height: h, title: title }, target);
  }

  new ResizeObserver(function () {
    post(false);
  }).observe(root);
  // embed.js asks again when it starts after this document (the first message was lost).
  window.addEventListener("message", function (e) {
    if (e.source === window.parent && e.data && e.data.type === "ijwidgets:ping") post(true);
  });
})();
