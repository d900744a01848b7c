/* ijwidgets embed.js: turns each <div data-ijwidget="/widgets/…"> into an iframe of the widget and
   sizes and names it from the widget's {type: "ijwidgets:height", id, height, title} messages. No
   eval, no inline script, no style attribute (sizes through el.style, the CSSOM): it runs under a
   partner CSP "default-src 'self'; script-src SERVICE; frame-src SERVICE; img-src SERVICE". */
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me || !me.src || !window.URL) return;
  var origin = new URL(me.src).origin; // the service: the only origin whose messages count
  var base = me.src.replace(/\/embed\.js([?#].*)?$/, ""); // its public URL, path prefix included
  var flag = "ijwidgets:" + origin;
  if (window[flag]) return; // the snippet pasted twice: one copy does the work
  window[flag] = true;
  var params = ["partner", "theme", "audience", "template", "scheme", "layout", "vue", "millesime"];
  var seq = 0;

  function frame(el) {
    var path = el.getAttribute("data-ijwidget") || "";
    var url;
    try {
      url = new URL(base + path);
    } catch (e) {
      return;
    }
    if (path.charAt(0) !== "/" || url.href.indexOf(base + "/widgets/") !== 0) return;
    params.forEach(function (p) {
      var v = el.getAttribute("data-" + p);
      if (v) url.searchParams.set(p, v);
    });
    // The snippet's iframe (shown without script) is kept when it already shows this widget with
    // an id (#ijw=…); otherwise a new iframe replaces it. Changing the src of a loading iframe
    // is not reliable, so no src is ever changed.
    var old = el.querySelector("iframe");
    var m = old && /#ijw=([A-Za-z0-9_-]{1,64})$/.exec(old.src);
    var f = old;
    var id;
    if (m && old.src.slice(0, m.index) === url.href) {
      id = m[1];
    } else {
      id = "ijw" + ++seq;
      url.hash = "ijw=" + id;
      f = document.createElement("iframe");
      f.setAttribute("loading", "lazy");
      f.style.height = "640px";
      f.src = url.href;
    }
    el.setAttribute("data-ijwidget-id", id);
    // The iframe's name: data-title when the page sets one, else the widget's own title, which
    // its height message brings (a code changed in data-ijwidget never keeps a stale name); till
    // then the snippet's iframe title, or neutral words.
    var named = el.getAttribute("data-title");
    if (!named) f.setAttribute("data-ijwidget-autotitle", "");
    f.title = named || (f === old && f.title) || "Indicateurs InserJeunes de la formation";
    f.setAttribute("data-ijwidget-frame", id);
    f.style.display = "block";
    f.style.width = "100%";
    f.style.border = "0";
    if (f === old) {
      // A widget that loaded before this script posted its height to no one: ask again. An
      // iframe still on about:blank (readable: same origin as the page) will post by itself.
      var loaded = true;
      try {
        loaded = f.contentWindow.location.href !== "about:blank";
      } catch (e) {}
      if (loaded) f.contentWindow.postMessage({ type: "ijwidgets:ping" }, origin);
    } else if (old) {
      old.parentNode.replaceChild(f, old);
    } else {
      el.appendChild(f);
    }
  }

  function scan() {
    var list = document.querySelectorAll("[data-ijwidget]:not([data-ijwidget-id])");
    for (var i = 0; i < list.length; i++) frame(list[i]);
  }

  window.addEventListener("message", function (e) {
    var d = e.data;
    if (e.origin !== origin || !d || d.type !== "ijwidgets:height" || typeof d.id !== "string") return;
    var h = Math.ceil(Number(d.height));
    if (!(h > 0 && h < 100000)) return;
    var list = document.querySelectorAll("iframe[data-ijwidget-frame]");
    for (var i = 0; i < list.length; i++) {
      var f = list[i];
      if (f.contentWindow === e.source && f.getAttribute("data-ijwidget-frame") === d.id) {
        if (f.style.height !== h + "px") f.style.height = h + "px";
        if (typeof d.title === "string" && d.title && f.hasAttribute("data-ijwidget-autotitle")) f.title = d.title.slice(0, 300);
        return;
      }
    }
  });

  scan();
  if (window.MutationObserver) {
    new MutationObserver(function (records) {
      for (var i = 0; i < records.length; i++) {
        if (records[i].addedNodes.length) return scan();
      }
    }).observe(document.documentElement, { childList: true, subtree: true });
  }
})();
