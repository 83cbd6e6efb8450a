// Explorable figures, the part every page loads (publishing/figure_embed.py,
// simulations/engine/explore.py). It only reveals each explorable figure's "Explore"
// button; the first click loads the drawing script and its styles (explore-view.js and
// explore-view.css, once per page load) and that figure's data file (<name>.explore.json),
// all files of the site, so a reader who never clicks downloads none of them. Without JavaScript the buttons stay hidden
// and the static figure is all there is, as in print, the PDF and the web archive.
// The click listener sits on `document`, so Material's instant navigation needs none.
(function () {
  "use strict";
  // The site's root, from this script's own address (javascripts/explore.js), which both
  // generators write right on every page; the figures and the view's files hang off it.
  var root = new URL("..", document.currentScript.src).href;
  var view = null; // the promise of explore-view.js and explore-view.css
  var data = {}; // data file URL -> the promise of its JSON

  function reveal() {
    var buttons = document.querySelectorAll(".kb-explore-open[hidden]");
    for (var i = 0; i < buttons.length; i++) buttons[i].hidden = false;
  }

  function load(tag, url) {
    return new Promise(function (resolve, reject) {
      var node = document.createElement(tag);
      if (tag === "link") {
        node.rel = "stylesheet";
        node.href = url;
      } else {
        node.src = url;
      }
      node.onload = resolve;
      node.onerror = function () {
        node.remove();
        reject(new Error("could not load " + url));
      };
      document.head.appendChild(node);
    });
  }

  function loadView(src, style) {
    if (!view) {
      view = Promise.all([load("script", src), load("link", style)]);
      view.catch(function () {
        view = null; // let a later click try again
      });
    }
    return view;
  }

  function loadData(url) {
    if (!data[url]) {
      data[url] = fetch(url).then(function (response) {
        if (!response.ok) throw new Error(url + ": " + response.status);
        return response.json();
      });
      data[url].catch(function () {
        delete data[url];
      });
    }
    return data[url];
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".kb-explore-open");
    if (!button) return;
    var box = button.parentNode;
    var src = root + "javascripts/explore-view.js";
    var style = root + "stylesheets/explore-view.css";
    var url = root + "figures/" + encodeURIComponent(box.getAttribute("data-kb-explore")) +
      ".explore.json";
    button.setAttribute("aria-busy", "true");
    Promise.all([loadView(src, style), loadData(url)])
      .then(function (loaded) {
        button.removeAttribute("aria-busy");
        window.kbExploreView.open(box, button, loaded[1], url);
      })
      .catch(function () {
        button.removeAttribute("aria-busy");
        button.textContent = "Explore (could not load; try again)";
      });
  });

  if (window.document$ && window.document$.subscribe) window.document$.subscribe(reveal);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", reveal);
  else reveal();
})();
