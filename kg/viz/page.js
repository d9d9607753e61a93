/* kg graph page: search, type and confidence filters, details panel.  Plain ES2017, no
   network access; the graph data is the JSON block #kg-data written by kg.viz. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var meta = data.meta;
  var big = data.nodes.length > 1500;
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var edgeById = {};
  data.edges.forEach(function (e) { edgeById[e.id] = e; });
  var typeOn = {};
  data.legend.forEach(function (l) { typeOn[l.type] = true; });
  var minConfidence = 0;

  function el(tag, attrs, text) {
    var x = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "class") { x.className = attrs[k]; } else { x.setAttribute(k, attrs[k]); }
    });
    if (text !== undefined && text !== null) { x.textContent = String(text); }
    return x;
  }

  function tooltip(n) {
    return n.label + "  (" + n.type + ")\n" +
      "aliases: " + (n.aliases.length ? n.aliases.join(", ") : "none") + "\n" +
      "mentions: " + n.mentions + "\n" +
      "relations: " + n.degree;
  }

  function darker(hex) {
    var v = parseInt(hex.slice(1), 16);
    var r = Math.round(((v >> 16) & 255) * 0.7), g = Math.round(((v >> 8) & 255) * 0.7), b = Math.round((v & 255) * 0.7);
    return "#" + ((1 << 24) + (r << 16) + (g << 8) + b).toString(16).slice(1);
  }

  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    return {
      id: n.id, label: n.label, x: n.x, y: n.y, size: n.size, title: tooltip(n), kgType: n.type,
      color: { background: n.color, border: darker(n.color),
               highlight: { background: n.color, border: "#222" }, hover: { background: n.color, border: "#222" } }
    };
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    var smooth = e.curve === 0 ? false : { enabled: true, type: e.curve > 0 ? "curvedCW" : "curvedCCW", roundness: Math.abs(e.curve) };
    return {
      id: e.id, from: e.from, to: e.to, label: e.label, confidence: e.confidence, smooth: smooth,
      width: 1 + 2 * e.confidence, title: e.label + " (confidence " + e.confidence.toFixed(2) + ")"
    };
  }));
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return typeOn[n.kgType] === true; } });
  var edgeView = new vis.DataView(edges, {
    filter: function (e) {
      return e.confidence >= minConfidence && typeOn[byId[e.from].type] === true && typeOn[byId[e.to].type] === true;
    }
  });

  var container = document.getElementById("kg-graph");
  var options = {
    physics: false,
    layout: { improvedLayout: false },
    interaction: { hover: true, tooltipDelay: 120, hideEdgesOnDrag: big, hideEdgesOnZoom: big, multiselect: false },
    nodes: {
      shape: "dot", borderWidth: 1.5,
      font: { size: 15, face: "system-ui, sans-serif", color: "#222", strokeWidth: 4, strokeColor: "#ffffff" },
      scaling: { label: { drawThreshold: 6 } }
    },
    edges: {
      arrows: { to: { enabled: true, scaleFactor: 0.6 } },
      color: { color: "#9aa4ad", highlight: "#333333", hover: "#555555" },
      font: { size: 11, face: "system-ui, sans-serif", color: "#555", strokeWidth: 3, strokeColor: "#ffffff", align: "horizontal" },
      selectionWidth: 2
    }
  };
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, options);
  network.fit({ animation: false });

  var status = document.getElementById("kg-status");
  function updateStatus() {
    var shownNodes = nodeView.length, shownEdges = edgeView.length;
    status.dataset.nodes = String(shownNodes);
    status.dataset.edges = String(shownEdges);
    var text = "Showing " + shownNodes + " of " + meta.total_nodes + " entities and " +
      shownEdges + " of " + meta.total_edges + " relations.";
    if (meta.truncated) {
      text += " Only the top " + meta.shown_nodes + " entities by degree are on this page (kg viz --max-nodes).";
    }
    status.textContent = text;
  }

  // ---- details panel ------------------------------------------------------------
  var details = document.getElementById("kg-details");
  function clear() { while (details.firstChild) { details.removeChild(details.firstChild); } }
  function dl(rows) {
    var list = el("dl");
    rows.forEach(function (r) { list.appendChild(el("dt", {}, r[0])); list.appendChild(el("dd", { "data-field": r[2] || "" }, r[1])); });
    return list;
  }
  function showNode(id) {
    var n = byId[id];
    if (!n) { return; }
    clear();
    details.dataset.kind = "node";
    details.dataset.id = id;
    var h = el("h3", {}, n.label + " ");
    var badge = el("span", { class: "kg-badge" }, n.type);
    badge.style.background = n.color;
    h.appendChild(badge);
    details.appendChild(h);
    details.appendChild(dl([
      ["Aliases", n.aliases.length ? n.aliases.join(", ") : "none", "aliases"],
      ["Mentions", String(n.mentions), "mentions"],
      ["Relations", String(n.degree), "degree"],
      ["Id", n.id, "id"]
    ]));
    var rels = data.edges.filter(function (e) { return e.from === id || e.to === id; });
    if (rels.length) {
      details.appendChild(el("h2", {}, "Relations"));
      var ul = el("ul");
      rels.slice(0, 50).forEach(function (e) {
        var line = byId[e.from].label + " \u2192 " + e.label + " \u2192 " + byId[e.to].label;
        ul.appendChild(el("li", {}, line));
      });
      if (rels.length > 50) { ul.appendChild(el("li", { class: "kg-muted" }, "\u2026 and " + (rels.length - 50) + " more")); }
      details.appendChild(ul);
    }
  }
  function showEdge(id) {
    var e = edgeById[id];
    if (!e) { return; }
    clear();
    details.dataset.kind = "edge";
    details.dataset.id = id;
    details.appendChild(el("h3", {}, byId[e.from].label + " \u2192 " + e.label + " \u2192 " + byId[e.to].label));
    details.appendChild(dl([
      ["Predicate", e.predicate, "predicate"],
      ["Confidence", e.confidence.toFixed(2), "confidence"],
      ["Evidence", e.weight + (e.weight === 1 ? " sentence" : " sentences"), "weight"]
    ]));
    e.evidence.forEach(function (s) { details.appendChild(el("blockquote", { class: "kg-evidence" }, s)); });
  }

  network.on("click", function (params) {
    if (params.nodes.length) { showNode(params.nodes[0]); }
    else if (params.edges.length) { showEdge(params.edges[0]); }
  });
  network.on("hoverNode", function (params) { container.style.cursor = "pointer"; status.dataset.hover = params.node; });
  network.on("blurNode", function () { container.style.cursor = "default"; });

  // ---- legend = type filter ----------------------------------------------------------
  var legend = document.getElementById("kg-legend");
  data.legend.forEach(function (l) {
    var li = el("li");
    var label = el("label");
    var box = el("input", { type: "checkbox", "data-type": l.type });
    box.checked = true;
    box.addEventListener("change", function () {
      typeOn[l.type] = box.checked;
      nodeView.refresh();
      edgeView.refresh();
      updateStatus();
    });
    var swatch = el("span", { class: "kg-swatch" });
    swatch.style.background = l.color;
    label.appendChild(box);
    label.appendChild(swatch);
    label.appendChild(el("span", {}, l.type));
    label.appendChild(el("span", { class: "kg-count" }, l.count));
    li.appendChild(label);
    legend.appendChild(li);
  });

  // ---- minimum confidence ------------------------------------------------------------
  var slider = document.getElementById("kg-confidence");
  var sliderValue = document.getElementById("kg-confidence-value");
  slider.addEventListener("input", function () {
    minConfidence = parseFloat(slider.value);
    sliderValue.textContent = minConfidence.toFixed(2);
    edgeView.refresh();
    updateStatus();
  });

  // ---- search ------------------------------------------------------------------------
  var names = document.getElementById("kg-names");
  var seen = {};
  data.nodes.slice(0, 2000).forEach(function (n) {
    if (!seen[n.label]) { seen[n.label] = true; names.appendChild(el("option", { value: n.label })); }
  });
  var search = document.getElementById("kg-search");
  var searchMsg = document.getElementById("kg-search-msg");
  function find(q) {
    q = q.trim().toLowerCase();
    if (!q) { return null; }
    var exact = null, partial = null;
    for (var i = 0; i < data.nodes.length; i++) {
      var n = data.nodes[i];
      if (!typeOn[n.type]) { continue; }
      var all = [n.label].concat(n.aliases).map(function (s) { return s.toLowerCase(); });
      if (all.indexOf(q) >= 0) { exact = n; break; }
      if (!partial && all.some(function (s) { return s.indexOf(q) >= 0; })) { partial = n; }
    }
    return exact || partial;
  }
  function go() {
    var n = find(search.value);
    if (!n) {
      searchMsg.textContent = search.value.trim() ? "No shown entity matches \u201c" + search.value.trim() + "\u201d." : "";
      return;
    }
    searchMsg.textContent = "";
    network.selectNodes([n.id]);
    network.focus(n.id, { scale: 1.2, animation: false });
    showNode(n.id);
  }
  search.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { go(); } });
  search.addEventListener("change", go);
  document.getElementById("kg-search-go").addEventListener("click", go);

  updateStatus();
  network.once("afterDrawing", function () { status.dataset.ready = "1"; });
  window.kgViz = { network: network, nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView,
                   data: data, showNode: showNode, showEdge: showEdge, find: find };
})();
