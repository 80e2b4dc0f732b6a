// The query-mode choice on the certificate query forms: show only the fields of the chosen mode.
// Progressive: without this script every field shows and the server validates the chosen mode.
(function () {
  "use strict";
  function apply(form) {
    var checked = form.querySelector("input[name=mode]:checked");
    var mode = checked ? checked.value : "id";
    form.querySelectorAll("[data-mode]").forEach(function (element) {
      element.hidden = element.getAttribute("data-mode") !== mode;
    });
  }
  document.querySelectorAll("form[data-testid=query-form]").forEach(function (form) {
    form.querySelectorAll("input[name=mode]").forEach(function (radio) {
      radio.addEventListener("change", function () { apply(form); });
    });
    apply(form);
  });
})();
