// Reference previews on citations (bibliography/ package), progressive enhancement:
// CSS alone shows them on hover and keyboard focus. This adds what CSS cannot do:
// Escape dismisses an open preview (WCAG 1.4.13), and on wide screens a preview that
// would cross the right edge of the window is shifted back inside it.
// Listeners sit on `document`, so Material's instant navigation needs no re-binding.
(function () {
  "use strict";

  function place(item) {
    var tip = item.querySelector(".citation-tooltip");
    if (!tip) return;
    item.style.removeProperty("--citation-shift");
    if (window.getComputedStyle(tip).position !== "absolute") return;
    var overflow = tip.getBoundingClientRect().right - (document.documentElement.clientWidth - 8);
    if (overflow > 0) item.style.setProperty("--citation-shift", -overflow + "px");
  }

  function open(event) {
    var item = event.target.closest && event.target.closest(".citation-item");
    if (item) window.requestAnimationFrame(function () { place(item); });
  }

  function reset(event) {
    var item = event.target.closest && event.target.closest(".citation-item");
    if (item && !item.contains(event.relatedTarget)) item.classList.remove("citation-dismissed");
  }

  document.addEventListener("mouseover", open);
  document.addEventListener("focusin", open);
  document.addEventListener("mouseout", reset);
  document.addEventListener("focusout", reset);
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll(".citation-item:hover, .citation-item:focus-within").forEach(
      function (item) { item.classList.add("citation-dismissed"); }
    );
  });
})();
