// The article's tools: text size (A- / A+, remembered across pages), print, share.
// No third-party script: Facebook is a plain link; Zalo and others go through the phone's own
// share sheet (navigator.share), or the link is copied for pasting.
(function () {
  "use strict";
  var KEY = "bulletin-text-size";
  var SIZES = [0.9, 1, 1.12, 1.25, 1.4];
  var root = document.documentElement;

  function stored() {
    try {
      var value = Number(window.localStorage.getItem(KEY));
      return SIZES.indexOf(value) >= 0 ? value : 1;
    } catch (error) {
      return 1;
    }
  }

  function apply(size) {
    root.style.setProperty("--bulletin-text-scale", String(size));
    try {
      window.localStorage.setItem(KEY, String(size));
    } catch (error) { /* private mode: the size holds for this page only */ }
  }

  apply(stored());

  var tools = document.querySelector(".bulletin-tools");
  if (!tools) return;
  tools.hidden = false;
  var status = tools.querySelector(".bulletin-tools__status");
  var url = tools.getAttribute("data-url") || window.location.href;
  var title = tools.getAttribute("data-title") || document.title;

  function say(message) {
    status.textContent = message;
  }

  function step(direction) {
    var at = SIZES.indexOf(stored());
    var next = SIZES[Math.min(SIZES.length - 1, Math.max(0, at + direction))];
    apply(next);
    say(tools.getAttribute("data-text-size").replace("{percent}", Math.round(next * 100)));
  }

  function copy() {
    var done = function () { say(tools.getAttribute("data-copied")); };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(url).then(done, function () { say(url); });
    } else {
      say(url);
    }
  }

  function share() {
    if (navigator.share) {
      navigator.share({ title: title, url: url }).catch(function () { /* closed */ });
    } else {
      copy();
    }
  }

  var actions = {
    smaller: function () { step(-1); },
    larger: function () { step(1); },
    print: function () { window.print(); },
    copy: copy,
    share: share
  };
  tools.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-action]");
    if (button && actions[button.getAttribute("data-action")]) {
      actions[button.getAttribute("data-action")]();
    }
  });
})();
