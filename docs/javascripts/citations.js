// Reference previews on citations (bibliography/ package), progressive enhancement:
// CSS alone shows them on hover and keyboard focus, and without JavaScript a citation
// is a plain link to its entry in the reference list. This adds what CSS cannot do:
// - a tap on a touch screen opens the preview (a tap cannot hover) instead of jumping
//   away from the text; the preview then offers a link to the full entry, and a tap
//   anywhere else closes it;
// - Escape dismisses an open preview (WCAG 1.4.13);
// - on wide screens a preview that would cross the right edge of the window is shifted
//   back inside it, and one that would open below the window's last line opens above.
// Listeners sit on `document`, so Material's instant navigation needs no re-binding.
(function () {
  "use strict";
  var lastPointer = "mouse";

  function itemOf(node) {
    return node && node.closest ? node.closest(".citation-item") : null;
  }

  function addFullEntryLink(item) {
    var tip = item.querySelector(".citation-tooltip");
    var link = item.querySelector(".citation-link");
    if (!tip || !link || tip.querySelector(".citation-full")) return;
    var more = document.createElement("a");
    more.className = "citation-full";
    more.href = link.getAttribute("href");
    more.textContent = "Full entry in the references";
    tip.appendChild(document.createTextNode(" "));
    tip.appendChild(more);
  }

  function place(item) {
    var tip = item.querySelector(".citation-tooltip");
    if (!tip) return;
    item.style.removeProperty("--citation-shift");
    item.classList.remove("citation-above");
    if (window.getComputedStyle(tip).position !== "absolute") return;
    var box = tip.getBoundingClientRect();
    var overflow = box.right - (document.documentElement.clientWidth - 8);
    if (overflow > 0) item.style.setProperty("--citation-shift", -overflow + "px");
    var room = item.getBoundingClientRect().top;
    if (box.bottom > window.innerHeight - 8 && room > box.height + 8) {
      item.classList.add("citation-above");
    }
  }

  function closeAll(except) {
    document.querySelectorAll(".citation-item.citation-open").forEach(function (item) {
      if (item === except) return;
      item.classList.remove("citation-open");
      var link = item.querySelector(".citation-link");
      if (link) link.setAttribute("aria-expanded", "false");
    });
  }

  function open(event) {
    var item = itemOf(event.target);
    if (item) window.requestAnimationFrame(function () { place(item); });
  }

  function reset(event) {
    var item = itemOf(event.target);
    if (item && !item.contains(event.relatedTarget)) item.classList.remove("citation-dismissed");
  }

  document.addEventListener("pointerdown", function (event) {
    lastPointer = event.pointerType || "mouse";
  }, true);

  document.addEventListener("click", function (event) {
    var item = itemOf(event.target);
    var onLink = item && event.target.closest(".citation-link");
    if (!onLink) {
      // A tap outside any open preview closes it; links inside the preview still work.
      if (!item) closeAll(null);
      return;
    }
    if (lastPointer !== "touch" && lastPointer !== "pen") return;
    if (item.classList.contains("citation-open")) return; // a second tap follows the link
    // The tap is ours: Zensical's instant navigation (on document.body) would otherwise
    // treat the same-page link as a navigation and jump to the entry anyway.
    event.preventDefault();
    event.stopPropagation();
    closeAll(item);
    addFullEntryLink(item);
    item.classList.remove("citation-dismissed");
    item.classList.add("citation-open");
    onLink.setAttribute("aria-expanded", "true");
    window.requestAnimationFrame(function () { place(item); });
  }, true); // capture: runs before the theme's listeners on document.body

  document.addEventListener("mouseover", open);
  document.addEventListener("focusin", function (event) {
    var item = itemOf(event.target);
    if (item) addFullEntryLink(item);
    open(event);
  });
  document.addEventListener("mouseout", reset);
  document.addEventListener("focusout", reset);
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    closeAll(null);
    document.querySelectorAll(".citation-item:hover, .citation-item:focus-within").forEach(
      function (item) { item.classList.add("citation-dismissed"); }
    );
  });
})();
