/* skillcert: the few things every page does in the browser. Served locally; the CSP allows no inline script.
 *
 * Loaded in <head> without defer, so that the "js" class is on <html> before the body is drawn: the
 * stylesheet collapses the menu and stacks tables only under that class, and a phone never sees the
 * full menu flash open first. Without JavaScript the menu simply stays open and tables stay tables
 * (each in its own horizontal scroller), so nothing becomes unreachable.
 */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  /* The menu button: a real <button> that shows or hides the nav and says which through aria-expanded.
   * The stylesheet shows the button, and hides a closed nav, only on narrow screens. */
  function setUpMenu() {
    var button = document.querySelector(".menu-toggle");
    var nav = button && document.getElementById(button.getAttribute("aria-controls"));
    if (!button || !nav) {
      return;
    }
    button.hidden = false;
    function setOpen(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      nav.classList.toggle("open", open);
    }
    button.addEventListener("click", function () {
      setOpen(button.getAttribute("aria-expanded") !== "true");
    });
    /* Escape closes an open menu and gives the focus back to its button, as a keyboard user expects. */
    nav.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        button.focus();
      }
    });
  }

  /* The header text of each column, in column order, spans expanded (the last header row names the columns). */
  function columnLabels(table) {
    var head = table.tHead;
    if (!head || !head.rows.length) {
      return [];
    }
    var labels = [];
    var cells = head.rows[head.rows.length - 1].cells;
    for (var i = 0; i < cells.length; i++) {
      var text = cells[i].textContent.replace(/\s+/g, " ").trim();
      for (var span = 0; span < (cells[i].colSpan || 1); span++) {
        labels.push(text);
      }
    }
    return labels;
  }

  /* On a phone a row of a wide table is shown as a card, one value under another; each value then needs its
   * column's name beside it. The stylesheet writes data-label before the value, so every table on every page
   * gets this without its template changing. A cell spanning the whole row (an "empty" message) needs none. */
  function labelTable(table) {
    var labels = columnLabels(table);
    if (!labels.length) {
      return;
    }
    var groups = Array.prototype.slice.call(table.tBodies);
    if (table.tFoot) {
      groups.push(table.tFoot);
    }
    for (var g = 0; g < groups.length; g++) {
      var rows = groups[g].rows;
      for (var r = 0; r < rows.length; r++) {
        var column = 0;
        for (var c = 0; c < rows[r].cells.length; c++) {
          var cell = rows[r].cells[c];
          var span = cell.colSpan || 1;
          if (span < labels.length && labels[column] && !cell.hasAttribute("data-label")) {
            cell.setAttribute("data-label", labels[column]);
          }
          column += span;
        }
      }
    }
  }

  function labelTables(root) {
    var tables = root.querySelectorAll("table");
    for (var i = 0; i < tables.length; i++) {
      labelTable(tables[i]);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpMenu();
    labelTables(document);
  });
})();
