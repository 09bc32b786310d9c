// Each map's "Enlarge" button (shown only when this script runs) moves the map itself into a
// modal dialog, at full size, and back when the dialog closes: the same SVG, so its ids stay
// unique and its title and description stay with it. On a narrow screen, where full width
// would still be too small to read, the map keeps a legible size and scrolls. Escape, the
// close button or a click outside the map closes it and gives the focus back. A click on
// the map itself opens it too.
(function () {
  "use strict";
  var buttons = document.querySelectorAll("button.enlarge");
  if (!buttons.length || typeof HTMLDialogElement !== "function") {
    return;
  }
  var LEGIBLE_SCALE = 0.75;
  var dialog = document.createElement("dialog");
  dialog.className = "map-dialog";
  var close = document.createElement("button");
  close.type = "button";
  close.className = "close";
  close.textContent = "Close";
  var holder = document.createElement("div");
  holder.className = "map-dialog-body";
  dialog.appendChild(close);
  dialog.appendChild(holder);
  document.body.appendChild(dialog);
  var opener = null;
  var shown = null;
  var home = null;

  close.addEventListener("click", function () { dialog.close(); });
  dialog.addEventListener("click", function (event) {
    if (event.target === dialog) {
      dialog.close();
    }
  });
  dialog.addEventListener("close", function () {
    if (shown && home) {
      shown.style.width = "";
      shown.style.maxHeight = "";
      home.parentNode.insertBefore(shown, home);
      home.parentNode.removeChild(home);
    }
    shown = home = null;
    holder.classList.remove("scrolls");
    if (opener) {
      opener.focus();
    }
  });

  function open(button, svg) {
    opener = button;
    shown = svg;
    home = document.createComment("map");
    svg.parentNode.insertBefore(home, svg);
    holder.appendChild(svg);
    var title = svg.querySelector("title");
    dialog.setAttribute("aria-label", title ? title.textContent : "Enlarged map");
    dialog.showModal();
    // At 0.75 px a unit, 15-unit names are 11 px: narrower than that, the map scrolls.
    var box = svg.viewBox && svg.viewBox.baseVal;
    var legible = box && box.width ? Math.round(box.width * LEGIBLE_SCALE) : 0;
    if (legible > holder.clientWidth) {
      svg.style.width = legible + "px";
      svg.style.maxHeight = "none";
      holder.classList.add("scrolls");
    }
    close.focus();
  }

  Array.prototype.forEach.call(buttons, function (button) {
    var figure = button.closest("figure");
    var svg = figure && figure.querySelector(":scope > svg");
    if (!svg) {
      return;
    }
    button.hidden = false;
    svg.classList.add("zoomable");
    button.addEventListener("click", function () { open(button, svg); });
    svg.addEventListener("click", function () { open(button, svg); });
  });
})();
