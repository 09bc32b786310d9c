// Click (or Enter/Space, or a tap) on a map's "enlarge" button shows the same SVG full size in
// a modal dialog, scrolling on a phone where full width would still be too small to read;
// Escape, the close button or a click outside the map closes it and gives the focus back to
// the button. Without script the maps simply stay where they are.
(function () {
  "use strict";
  var buttons = document.querySelectorAll("button.enlarge");
  if (!buttons.length || typeof HTMLDialogElement !== "function") {
    return;
  }
  var dialog = document.createElement("dialog");
  dialog.className = "map-dialog";
  dialog.setAttribute("aria-label", "Enlarged map");
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
  var LEGIBLE_SCALE = 0.75;

  close.addEventListener("click", function () { dialog.close(); });
  dialog.addEventListener("click", function (event) {
    if (event.target === dialog) {
      dialog.close();
    }
  });
  dialog.addEventListener("close", function () {
    holder.textContent = "";
    holder.classList.remove("scrolls");
    if (opener) {
      opener.focus();
    }
  });
  Array.prototype.forEach.call(buttons, function (button) {
    button.addEventListener("click", function () {
      var svg = button.querySelector("svg");
      if (!svg) {
        return;
      }
      opener = button;
      var copy = svg.cloneNode(true);
      holder.appendChild(copy);
      dialog.setAttribute("aria-label", button.getAttribute("aria-label") || "Enlarged map");
      dialog.showModal();
      // On a narrow screen the whole map would be as small as before: show it at a size
      // whose words can be read (0.75 px a unit: 15-unit names at 11 px) and let it scroll.
      var box = copy.viewBox && copy.viewBox.baseVal;
      var legible = box && box.width ? Math.round(box.width * LEGIBLE_SCALE) : 0;
      if (legible > holder.clientWidth) {
        copy.style.width = legible + "px";
        copy.style.maxHeight = "none";
        holder.classList.add("scrolls");
      }
      close.focus();
    });
  });
})();
