// Click (or Enter/Space) on a map's "enlarge" button shows the same SVG full size in a modal
// dialog; Escape, the close button or a click outside the map closes it and gives the focus
// back to the button. Without script the maps simply stay where they are.
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

  close.addEventListener("click", function () { dialog.close(); });
  dialog.addEventListener("click", function (event) {
    if (event.target === dialog) {
      dialog.close();
    }
  });
  dialog.addEventListener("close", function () {
    holder.textContent = "";
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
      holder.appendChild(svg.cloneNode(true));
      dialog.setAttribute("aria-label", button.getAttribute("aria-label") || "Enlarged map");
      dialog.showModal();
      close.focus();
    });
  });
})();
