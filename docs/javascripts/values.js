// Where a computed number came from (publishing/values.py), progressive enhancement.
// Without this script a value is plain text. With it, each `.kb-value` becomes a
// disclosure button (role, tabindex, aria-expanded, aria-controls) whose popover is built
// from the marker's data-kb-value attribute: full precision, closed form or simulated
// (± standard error, replicates), module and parameters, links. The popover is absolutely
// positioned (a fixed sheet on phones), so opening it moves no text. Hover, keyboard
// focus, Enter/Space and a tap open it; Escape, leaving it, or a tap elsewhere close it.
// Listeners sit on `document`, so Material's instant navigation needs no re-binding.
(function () {
  "use strict";
  var count = 0;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }

  function link(href, text) {
    var a = el("a", "", text);
    a.href = href;
    return a;
  }

  function kindLine(d) {
    if (d.kind === "simulated") {
      var line = "Simulated estimate: ± " + d.se + " (standard error) over " + d.replicates +
        " replicates";
      return line + (d.check ? "; checked against the closed form " + d.check + "." : ".");
    }
    if (d.kind === "parameter") return "Parameter of the simulation, as set in its source.";
    return "Closed form: computed exactly from the parameters.";
  }

  function popover(d, id) {
    var pop = el("span", "kb-value-pop");
    pop.id = id;
    pop.hidden = true;
    pop.setAttribute("role", "group");
    pop.setAttribute("aria-label", "Where this number comes from");
    var full = el("span", "kb-value-full");
    full.appendChild(el("strong", "", d.full));
    if (d.unit) full.appendChild(document.createTextNode(" " + d.unit));
    full.appendChild(document.createTextNode(" (full precision)"));
    pop.appendChild(full);
    pop.appendChild(el("span", "kb-value-desc", d.description));
    pop.appendChild(el("span", "kb-value-kind", kindLine(d)));
    var module = d.name.split(".")[0];
    var base = d.base || "";
    var from = el("span", "kb-value-from", "From ");
    var code = el("code", "", "simulations/" + module + ".py");
    var src = link(base + "figures/" + module + ".py", "");
    src.appendChild(code);
    from.appendChild(src);
    from.appendChild(document.createTextNode(" (" + d.name + ")" + (d.params ? " with " + d.params : "") + "."));
    pop.appendChild(from);
    var links = el("span", "kb-value-links");
    var items = [];
    if (d.derivation) items.push(link(base + d.derivation, "Derivation"));
    if (d.figure) items.push(link(base + d.figure, "Figure and its Reproduce panel"));
    items.push(link(base + "figures/" + module + ".values.json", "All values (JSON)"));
    items.forEach(function (a, i) {
      if (i) links.appendChild(document.createTextNode(" · "));
      links.appendChild(a);
    });
    pop.appendChild(links);
    return pop;
  }

  function read(marker) {
    try {
      return JSON.parse(marker.getAttribute("data-kb-value"));
    } catch (err) {
      return null;
    }
  }

  // A page carries a module's parameters once, on its first value from that module.
  function paramsOf(module) {
    var found = "";
    document.querySelectorAll(".kb-value[data-kb-value]").forEach(function (m) {
      var d = !found && read(m);
      if (d && d.params && d.name.split(".")[0] === module) found = d.params;
    });
    return found;
  }

  function enhance(marker) {
    var data = read(marker);
    if (!data) return;
    if (!data.params) data.params = paramsOf(data.name.split(".")[0]);
    count += 1;
    var id = "kb-value-pop-" + count;
    var wrap = el("span", "kb-value-wrap");
    marker.parentNode.insertBefore(wrap, marker);
    wrap.appendChild(marker);
    wrap.appendChild(popover(data, id));
    marker.setAttribute("role", "button");
    marker.setAttribute("tabindex", "0");
    marker.setAttribute("aria-expanded", "false");
    marker.setAttribute("aria-controls", id);
    marker.setAttribute("aria-describedby", id);
  }

  function enhanceAll() {
    document.querySelectorAll(".kb-value:not([role])").forEach(enhance);
  }

  function parts(target) {
    var wrap = target && target.closest && target.closest(".kb-value-wrap");
    if (!wrap) return null;
    return { wrap: wrap, marker: wrap.querySelector(".kb-value"), pop: wrap.querySelector(".kb-value-pop") };
  }

  function place(p) {
    p.wrap.style.removeProperty("--kb-value-shift");
    if (window.getComputedStyle(p.pop).position !== "absolute") return;
    var overflow = p.pop.getBoundingClientRect().right - (document.documentElement.clientWidth - 8);
    if (overflow > 0) p.wrap.style.setProperty("--kb-value-shift", -overflow + "px");
  }

  function open(p, pinned) {
    if (pinned) p.wrap.classList.add("kb-value-pinned");
    if (!p.pop.hidden) return;
    document.querySelectorAll(".kb-value-wrap .kb-value[aria-expanded='true']").forEach(function (m) {
      if (m !== p.marker) close(parts(m));
    });
    p.pop.hidden = false;
    p.marker.setAttribute("aria-expanded", "true");
    place(p);
  }

  function close(p) {
    if (!p) return;
    p.wrap.classList.remove("kb-value-pinned");
    p.pop.hidden = true;
    p.marker.setAttribute("aria-expanded", "false");
  }

  document.addEventListener("click", function (event) {
    var p = parts(event.target);
    if (p && event.target.closest(".kb-value")) {
      if (p.wrap.classList.contains("kb-value-pinned")) close(p);
      else open(p, true);
      return;
    }
    if (p) return; // a click inside the popover (a link) keeps it
    document.querySelectorAll(".kb-value-pinned").forEach(function (w) { close(parts(w)); });
  });

  document.addEventListener("keydown", function (event) {
    var p = parts(event.target);
    if (event.key === "Escape") {
      document.querySelectorAll(".kb-value[aria-expanded='true']").forEach(function (m) {
        var q = parts(m);
        close(q);
        q.wrap.classList.add("kb-value-dismissed");
        if (q.wrap.contains(document.activeElement)) q.marker.focus();
      });
      return;
    }
    if (!p || event.target !== p.marker) return;
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault(); // Space would scroll the page
      p.wrap.classList.remove("kb-value-dismissed");
      if (p.wrap.classList.contains("kb-value-pinned")) close(p);
      else open(p, true);
    }
  });

  document.addEventListener("focusin", function (event) {
    var p = parts(event.target);
    if (p && event.target === p.marker && !p.wrap.classList.contains("kb-value-dismissed")) {
      open(p, false);
    }
  });

  document.addEventListener("focusout", function (event) {
    var p = parts(event.target);
    if (p && !p.wrap.contains(event.relatedTarget)) {
      p.wrap.classList.remove("kb-value-dismissed");
      close(p);
    }
  });

  document.addEventListener("mouseover", function (event) {
    var p = parts(event.target);
    if (p && !p.wrap.classList.contains("kb-value-dismissed")) open(p, false);
  });

  document.addEventListener("mouseout", function (event) {
    var p = parts(event.target);
    if (!p || p.wrap.contains(event.relatedTarget)) return;
    p.wrap.classList.remove("kb-value-dismissed");
    if (!p.wrap.classList.contains("kb-value-pinned") && !p.wrap.contains(document.activeElement)) {
      close(p);
    }
  });

  // Material's instant navigation swaps the page body; enhance whatever arrives.
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(enhanceAll);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", enhanceAll);
  else enhanceAll();
})();
