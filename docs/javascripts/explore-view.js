// An explorable figure, drawn from its data file (loaded by explore.js on the first click).
// Python computed everything when the site was built (simulations/engine/explore.py):
// every grid point's curves, axis ranges, ticks and readout, formatted. This script only
// looks the chosen point up and draws it as plain SVG, so no number is computed here.
// The explorable opens in a modal <dialog> above the page (nothing on the page moves),
// with one labelled range input per parameter (arrow keys step through the grid, and
// aria-valuetext says the value in words) and a readout announced politely.
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var count = 0;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }

  function svg(tag, attrs, parent) {
    var node = document.createElementNS(SVG, tag);
    for (var k in attrs) node.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(node);
    return node;
  }

  // The index of a grid point in the data file: row-major over the sliders.
  function pointIndex(d, at) {
    var index = 0;
    for (var i = 0; i < d.sliders.length; i++) index = index * d.sliders[i].values.length + at[i];
    return index;
  }

  function scale(axis, from, to) {
    var lo = axis.range[0], hi = axis.range[1];
    var f = axis.log ? Math.log : function (v) { return v; };
    var a = f(lo), b = f(hi);
    return function (v) {
      return from + ((f(v) - a) / (b - a)) * (to - from);
    };
  }

  function draw(state) {
    var d = state.data;
    var box = state.chart;
    var width = Math.max(260, Math.floor(box.clientWidth || 600));
    var height = Math.round(Math.min(340, Math.max(250, width * 0.55)));
    var m = { left: 52, right: 12, top: 10, bottom: 42 };
    var x = scale(d.x, m.left, width - m.right);
    var y = scale(d.y, height - m.bottom, m.top);
    var picture = svg("svg", {
      width: width,
      height: height,
      viewBox: "0 0 " + width + " " + height,
      role: "img",
      "aria-label": d.title + ": " + state.summary(),
      class: "kb-explore-svg",
    });
    var axes = svg("g", { class: "kb-ex-axes" }, picture);
    svg("line", { x1: m.left, x2: width - m.right, y1: height - m.bottom, y2: height - m.bottom }, axes);
    svg("line", { x1: m.left, x2: m.left, y1: m.top, y2: height - m.bottom }, axes);
    d.x.ticks.forEach(function (t) {
      var px = x(t[0]);
      svg("line", { x1: px, x2: px, y1: height - m.bottom, y2: height - m.bottom + 5 }, axes);
      svg("text", { x: px, y: height - m.bottom + 17, "text-anchor": "middle" }, axes).textContent = t[1];
    });
    d.y.ticks.forEach(function (t) {
      var py = y(t[0]);
      svg("line", { x1: m.left - 5, x2: m.left, y1: py, y2: py }, axes);
      svg("line", { x1: m.left, x2: width - m.right, y1: py, y2: py, class: "kb-ex-grid" }, axes);
      svg("text", { x: m.left - 8, y: py + 4, "text-anchor": "end" }, axes).textContent = t[1];
    });
    svg("text", { x: (m.left + width - m.right) / 2, y: height - 6, "text-anchor": "middle" }, axes)
      .textContent = d.x.label;
    var middle = (m.top + height - m.bottom) / 2;
    svg("text", { x: -middle, y: 13, transform: "rotate(-90)", "text-anchor": "middle" }, axes)
      .textContent = d.y.label;
    var row = d.points[pointIndex(d, state.at)];
    var curves = d.curves[row.c];
    if (d.marker >= 0) {
      var mx = x(d.sliders[d.marker].values[state.at[d.marker]]);
      svg("line", { x1: mx, x2: mx, y1: m.top, y2: height - m.bottom, class: "kb-ex-marker" }, picture);
    }
    curves.forEach(function (curve, i) {
      var path = "";
      for (var j = 0; j < curve[0].length; j++) {
        path += (j ? "L" : "M") + x(curve[0][j]).toFixed(1) + " " + y(curve[1][j]).toFixed(1);
      }
      var kind = d.series[i].kind === "simulated" ? "kb-ex-sim" : "kb-ex-closed";
      svg("path", { d: path, class: "kb-ex-line kb-ex-s" + i + " " + kind }, picture);
    });
    box.replaceChildren(picture);
  }

  function update(state) {
    var d = state.data;
    var row = d.points[pointIndex(d, state.at)];
    state.inputs.forEach(function (input, i) {
      var text = d.sliders[i].texts[state.at[i]];
      input.setAttribute("aria-valuetext", text);
      state.outputs[i].textContent = text;
    });
    state.values.forEach(function (dd, i) {
      dd.textContent = row.r[i];
    });
    draw(state);
  }

  function build(box, d, url) {
    var id = "kb-explore-" + ++count;
    var dialog = el("dialog", "kb-explore-dialog");
    dialog.setAttribute("aria-labelledby", id + "-title");
    var head = el("div", "kb-explore-head");
    var title = el("p", "kb-explore-title", d.title);
    title.id = id + "-title";
    var close = el("button", "kb-explore-close md-button", "Close");
    close.type = "button";
    close.addEventListener("click", function () {
      dialog.close();
    });
    head.appendChild(title);
    head.appendChild(close);
    dialog.appendChild(head);

    var state = { data: d, at: [], inputs: [], outputs: [], values: [] };
    state.summary = function () {
      return d.sliders.map(function (s, i) {
        return s.label + " " + s.texts[state.at[i]];
      }).join(", ");
    };
    state.chart = el("div", "kb-explore-chart");
    dialog.appendChild(state.chart);
    var legend = el("ul", "kb-explore-legend");
    d.series.forEach(function (s, i) {
      var item = el("li");
      var kind = s.kind === "simulated" ? "kb-ex-sim" : "kb-ex-closed";
      var swatch = el("span", "kb-ex-swatch kb-ex-s" + i + " " + kind);
      swatch.setAttribute("aria-hidden", "true");
      item.appendChild(swatch);
      // The kind in words too (not only dashed or solid), unless the label says it.
      var said = s.label.indexOf(s.kind) >= 0;
      item.appendChild(document.createTextNode(s.label + (said ? "" : " (" + s.kind + ")")));
      legend.appendChild(item);
    });
    dialog.appendChild(legend);

    var controls = el("div", "kb-explore-controls");
    d.sliders.forEach(function (s, i) {
      var field = el("div", "kb-explore-field");
      var label = el("label", "", s.label);
      var input = el("input");
      input.id = id + "-" + s.name;
      label.htmlFor = input.id;
      input.type = "range";
      input.min = "0";
      input.max = String(s.values.length - 1);
      input.step = "1";
      input.value = String(s.start);
      input.setAttribute("data-name", s.name);
      var output = el("output");
      output.htmlFor = input.id;
      output.setAttribute("aria-hidden", "true"); // aria-valuetext already says it
      state.at.push(s.start);
      state.inputs.push(input);
      state.outputs.push(output);
      input.addEventListener("input", function () {
        state.at[i] = Number(input.value);
        update(state);
      });
      field.appendChild(label);
      field.appendChild(input);
      field.appendChild(output);
      controls.appendChild(field);
    });
    dialog.appendChild(controls);

    var readout = el("dl", "kb-explore-readout");
    readout.setAttribute("aria-live", "polite");
    d.readout.forEach(function (r) {
      var line = el("div", "kb-explore-value");
      var dt = el("dt", "", r.label + " ");
      dt.appendChild(el("span", "kb-explore-kind", "(" + r.kind + ")"));
      var dd = el("dd");
      dd.setAttribute("data-name", r.name);
      line.appendChild(dt);
      line.appendChild(dd);
      readout.appendChild(line);
      state.values.push(dd);
    });
    dialog.appendChild(readout);

    var note = el(
      "p",
      "kb-explore-note",
      "Every number here was computed in Python when the site was built, at each point of " +
        "the grid; this page only looks it up. Dashed lines are closed forms, solid lines " +
        "simulated. "
    );
    var source = el("a", "", "Data (JSON)");
    source.href = url;
    note.appendChild(source);
    dialog.appendChild(note);

    box.appendChild(dialog);
    state.dialog = dialog;
    window.addEventListener("resize", function () {
      if (dialog.open) draw(state);
    });
    return state;
  }

  var states = new WeakMap();

  window.kbExploreView = {
    open: function (box, button, data, url) {
      if (data.format !== 1) return;
      var state = states.get(box);
      if (!state) {
        state = build(box, data, url);
        states.set(box, state);
      }
      state.dialog.showModal();
      update(state); // drawn once open, at the width the dialog gives it
      state.inputs[0].focus();
    },
  };
})();
