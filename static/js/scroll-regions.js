// A table wider than its box scrolls inside it (.table-responsive): such a box joins the tab order
// as a named region, so that keyboard users can scroll it too. Checked again when the window resizes.
(function () {
  "use strict";
  function markScrollRegions() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth) {
        var caption = box.querySelector("caption");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", (caption ? caption.textContent.trim() : "Table") + " (scrolls sideways)");
      } else if (box.getAttribute("role") === "region") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", markScrollRegions);
  document.addEventListener("htmx:afterSettle", markScrollRegions);
  window.addEventListener("resize", markScrollRegions);
})();
