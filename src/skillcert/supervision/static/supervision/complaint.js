/* The complaint pages: contact fields off while 匿名投诉 is ticked, and a copy button for the tracking code.
   A static file because the site's CSP allows no inline script; without it the form still works and the
   server refuses contact details on an anonymous complaint, and the code can be copied by hand. */
(function () {
  "use strict";

  function syncAnonymous(box) {
    var fields = document.querySelector("[data-contact-fields]");
    if (!fields) { return; }
    fields.setAttribute("data-anonymous", box.checked ? "true" : "false");
    fields.querySelectorAll("input").forEach(function (input) {
      input.disabled = box.checked;  // disabled inputs are not sent: an anonymous complaint carries no contact
    });
  }

  function selectText(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function copyCode(button) {
    var code = document.getElementById(button.getAttribute("data-copy-target"));
    var status = document.getElementById(button.getAttribute("data-copy-status"));
    var text = code.textContent.trim();
    function done(message) { status.textContent = message; }
    function fallback() {
      selectText(code);
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
      done(copied ? button.getAttribute("data-copied") : button.getAttribute("data-selected"));
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(button.getAttribute("data-copied")); }, fallback);
    } else {
      fallback();
    }
  }

  function start() {
    var box = document.getElementById("id_anonymous");
    if (box) {
      box.addEventListener("change", function () { syncAnonymous(box); });
      syncAnonymous(box);
    }
    document.querySelectorAll("[data-copy-target]").forEach(function (button) {
      button.hidden = false;  // only offered when the script runs
      button.addEventListener("click", function () { copyCode(button); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
