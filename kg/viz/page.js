/* kg graph page: search, type and confidence filters, details panel, labels that never
   overlap.  Plain ES2017, no network access; the graph data is the JSON block #kg-data
   written by kg.viz.

   Drawing: vis-network draws the entities (discs) and one link per pair of entities
   (data.links bundles the relations, data.edges); entities without relations are listed
   in the sidebar, not drawn.  The labels are drawn by this script after each frame, at a
   fixed screen size, in priority order (hovered/selected entities first, then entities by
   degree, then one label per fan of links sharing an entity and a relation, "cooperates
   on ×4", then hovered/selected links, then links by how many relations they carry): a
   label is drawn only where it overlaps no label drawn before it and no entity, inside
   the canvas.  Zooming in makes room, so more labels appear; hovering shows the hovered
   one first. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var meta = data.meta;
  var big = data.nodes.length > 1500;
  var NODE_FONT = 13, LINK_FONT = 11, FONT_FACE = "system-ui, -apple-system, \"Segoe UI\", Roboto, \"DejaVu Sans\", sans-serif";
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var edgeById = {};
  data.edges.forEach(function (e) { edgeById[e.id] = e; });
  var links = data.links || [];
  var linkById = {};
  links.forEach(function (l) { linkById[l.id] = l; });
  var fanList = data.fans || [];
  var fanById = {}, fanOfLink = {};
  fanList.forEach(function (f) { fanById[f.id] = f; f.links.forEach(function (id) { fanOfLink[id] = f.id; }); });
  var drawn = data.nodes.filter(function (n) { return !n.isolated; });
  var isolated = data.nodes.filter(function (n) { return n.isolated; });
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

  function edgeShown(e) {
    return e.confidence >= minConfidence && typeOn[byId[e.from].type] === true && typeOn[byId[e.to].type] === true;
  }
  function linkMembers(l) { return l.edges.map(function (id) { return edgeById[id]; }).filter(edgeShown); }
  // the same rule as kg.viz.layout.link_label, for the relations left by the filters
  function linkLabel(members) {
    var labels = members.map(function (e) { return e.label; });
    if (!labels.length) { return ""; }
    var same = labels.every(function (s) { return s === labels[0]; });
    if (same) { return labels.length === 1 ? labels[0] : labels[0] + " \u00d7" + labels.length; }
    return labels[0] + " +" + (labels.length - 1);
  }
  function linkTitle(members) {
    return members.map(function (e) {
      return byId[e.from].label + " \u2192 " + e.label + " \u2192 " + byId[e.to].label + " (" + e.confidence.toFixed(2) + ")";
    }).join("\n");
  }

  var nodes = new vis.DataSet(drawn.map(function (n) {
    return {
      id: n.id, x: n.x, y: n.y, size: n.size, title: tooltip(n), kgType: n.type,
      color: { background: n.color, border: darker(n.color),
               highlight: { background: n.color, border: "#222" }, hover: { background: n.color, border: "#222" } }
    };
  }));
  var edges = new vis.DataSet(links.map(function (l) {
    var members = l.edges.map(function (id) { return edgeById[id]; });
    return {
      id: l.id, from: l.from, to: l.to, confidence: l.confidence, smooth: false,
      arrows: l.arrows, width: 1 + 2 * l.confidence, title: linkTitle(members)
    };
  }));
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return typeOn[n.kgType] === true; } });
  var edgeView = new vis.DataView(edges, {
    filter: function (l) { return linkMembers(linkById[l.id]).length > 0; }
  });

  var container = document.getElementById("kg-graph");
  var options = {
    physics: false,
    layout: { improvedLayout: false },
    interaction: { hover: true, tooltipDelay: 120, hideEdgesOnDrag: big, hideEdgesOnZoom: big, multiselect: false },
    nodes: { shape: "dot", borderWidth: 1.5, label: undefined },
    edges: {
      arrows: { to: { scaleFactor: 0.6 }, from: { scaleFactor: 0.6 } },
      color: { color: "#9aa4ad", highlight: "#333333", hover: "#555555" },
      selectionWidth: 2
    }
  };
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, options);

  // ---- fit beside the sidebar ----------------------------------------------------------
  var PAD = 24, LABEL_ROOM = NODE_FONT + 8, MAX_SCALE = 1.4;
  var userMoved = false;
  function fit() {
    var ids = nodeView.getIds();
    var w = container.clientWidth, h = container.clientHeight;
    if (!ids.length || !w || !h) { return; }
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    ids.forEach(function (id) {
      var n = byId[id];
      x0 = Math.min(x0, n.x - n.size); x1 = Math.max(x1, n.x + n.size);
      y0 = Math.min(y0, n.y - n.size); y1 = Math.max(y1, n.y + n.size);
    });
    // the discs must fit in (w - 2 PAD) x (h - 2 PAD - LABEL_ROOM): labels go below them
    var scale = Math.min((w - 2 * PAD) / Math.max(x1 - x0, 1), (h - 2 * PAD - LABEL_ROOM) / Math.max(y1 - y0, 1), MAX_SCALE);
    var cy = (y0 + y1) / 2 + LABEL_ROOM / 2 / scale;
    network.moveTo({ position: { x: (x0 + x1) / 2, y: cy }, scale: scale, animation: false });
  }
  network.on("zoom", function () { userMoved = true; });
  network.on("dragEnd", function (p) { if (!p.nodes.length) { userMoved = true; } });
  window.addEventListener("resize", function () {
    window.requestAnimationFrame(function () { if (!userMoved) { fit(); } });
  });

  // ---- labels ---------------------------------------------------------------------------
  var measureCtx = document.createElement("canvas").getContext("2d");
  var widths = {};
  function textWidth(text, font) {
    var key = font + "\u0000" + text;
    if (widths[key] === undefined) { measureCtx.font = font; widths[key] = measureCtx.measureText(text).width; }
    return widths[key];
  }
  function fontOf(px, bold) { return (bold ? "600 " : "") + px + "px " + FONT_FACE; }

  // a uniform grid of boxes, to test a new box against the boxes near it only
  function Grid(cell) { this.cell = cell; this.cells = {}; }
  Grid.prototype.keys = function (b) {
    var out = [], c = this.cell;
    for (var i = Math.floor(b.x / c); i <= Math.floor((b.x + b.w) / c); i++) {
      for (var j = Math.floor(b.y / c); j <= Math.floor((b.y + b.h) / c); j++) { out.push(i + "," + j); }
    }
    return out;
  };
  Grid.prototype.add = function (b) {
    var cells = this.cells;
    this.keys(b).forEach(function (k) { (cells[k] = cells[k] || []).push(b); });
  };
  Grid.prototype.hits = function (b, ignore) {
    var keys = this.keys(b);
    for (var i = 0; i < keys.length; i++) {
      var list = this.cells[keys[i]] || [];
      for (var j = 0; j < list.length; j++) {
        var o = list[j];
        if (o.owner === ignore) { continue; }
        if (b.x < o.x + o.w && o.x < b.x + b.w && b.y < o.y + o.h && o.y < b.y + b.h) { return true; }
      }
    }
    return false;
  };

  var hovered = { node: null, link: null };
  var placed = [];
  var nodeRank = {};
  drawn.forEach(function (n, i) { nodeRank[n.id] = i; });
  var linkOrder = links.map(function (l, i) { return i; }).sort(function (a, b) {
    return (links[b].edges.length - links[a].edges.length) || (links[b].confidence - links[a].confidence) || (a - b);
  }).map(function (i) { return links[i]; });

  function placeLabels() {
    var w = container.clientWidth, h = container.clientHeight;
    var scale = network.getScale();
    var ids = nodeView.getIds();
    var pos = network.getPositions(ids);
    var screen = {};
    var grid = new Grid(48);
    ids.forEach(function (id) {
      var p = network.canvasToDOM(pos[id]);
      var r = byId[id].size * scale;
      screen[id] = { x: p.x, y: p.y, r: r };
      grid.add({ x: p.x - r, y: p.y - r, w: 2 * r, h: 2 * r, owner: "disc:" + id });
    });
    var out = [];
    function inside(b) { return b.x >= 1 && b.y >= 1 && b.x + b.w <= w - 1 && b.y + b.h <= h - 1; }
    function tryPlace(kind, id, text, font, px, candidates) {
      var tw = textWidth(text, font) + 4, th = Math.ceil(px * 1.25);
      for (var i = 0; i < candidates.length; i++) {
        var c = candidates[i];
        var b = { x: c[0] - tw / 2, y: c[1] - th / 2, w: tw, h: th };
        if (inside(b) && !grid.hits(b, null)) {
          b.owner = kind + ":" + id;
          grid.add(b);
          out.push({ kind: kind, id: id, text: text, font: font, x: b.x, y: b.y, w: b.w, h: b.h });
          return true;
        }
      }
      return false;
    }
    function placeNode(id, eager) {
      var s = screen[id];
      if (!s) { return; }
      var n = byId[id], font = fontOf(NODE_FONT), th = Math.ceil(NODE_FONT * 1.25);
      var tw = textWidth(n.label, font) + 4, gap = 3;
      var cands = [
        [s.x, s.y + s.r + gap + th / 2], [s.x, s.y - s.r - gap - th / 2],
        [s.x + s.r + gap + tw / 2, s.y], [s.x - s.r - gap - tw / 2, s.y]
      ];
      if (eager) {  // hovered or selected: look further out, around the entity
        for (var d = 8; d <= 64; d += 8) {
          for (var k = 0; k < 8; k++) {
            var a = k * Math.PI / 4;
            cands.push([s.x + Math.cos(a) * (s.r + d + tw / 2), s.y + Math.sin(a) * (s.r + d + th / 2)]);
          }
        }
      }
      return tryPlace("node", id, n.label, font, NODE_FONT, cands);
    }
    function placeLink(l) {
      var a = screen[l.from], b = screen[l.to];
      if (!a || !b || l.from === l.to) { return; }
      var members = linkMembers(l);
      if (!members.length) { return; }
      var text = linkLabel(members), font = fontOf(LINK_FONT);
      var len = Math.hypot(b.x - a.x, b.y - a.y);
      if (len - a.r - b.r < 24) { return; }
      var cands = [0.5, 0.38, 0.62].map(function (t) {
        // along the visible part of the segment (between the two discs)
        var s0 = a.r / len, s1 = 1 - b.r / len, u = s0 + (s1 - s0) * t;
        return [a.x + (b.x - a.x) * u, a.y + (b.y - a.y) * u];
      });
      tryPlace("link", l.id, text, font, LINK_FONT, cands);
    }
    function placeFan(f) {
      var hub = screen[f.node];
      if (!hub) { return; }
      var members = f.links.filter(function (id) { return edgeView.get(id); }).map(function (id) { return linkById[id]; });
      if (members.length < 2) { return; }
      var text = linkLabel([].concat.apply([], members.map(linkMembers))), font = fontOf(LINK_FONT);
      if (text.indexOf(" +") >= 0) { return; }
      var ux = 0, uy = 0, lens = [];
      members.forEach(function (l) {
        var o = screen[l.from === f.node ? l.to : l.from];
        if (!o) { return; }
        var len = Math.hypot(o.x - hub.x, o.y - hub.y) || 1;
        ux += (o.x - hub.x) / len; uy += (o.y - hub.y) / len;
        lens.push(len);
      });
      var norm = Math.hypot(ux, uy);
      if (!lens.length || norm < 1e-6) { return; }
      ux /= norm; uy /= norm;
      lens.sort(function (a, b) { return a - b; });
      var reach = lens[0], tw = textWidth(text, font) + 4;
      var cands = [];
      [0, 0.35, -0.35, 0.7, -0.7].forEach(function (turn) {  // along the fan, then turned a little
        var vx = ux * Math.cos(turn) - uy * Math.sin(turn), vy = ux * Math.sin(turn) + uy * Math.cos(turn);
        [0.5, 0.35, 0.65, 0.8].forEach(function (t) {
          var d = Math.max(hub.r + 6 + tw / 2 * Math.abs(vx) + 8 * Math.abs(vy), t * reach);
          cands.push([hub.x + vx * d, hub.y + vy * d]);
        });
      });
      tryPlace("fan", f.id, text, font, LINK_FONT, cands);
    }
    var first = [];
    if (hovered.node) { first.push(hovered.node); }
    network.getSelectedNodes().forEach(function (id) { if (first.indexOf(id) < 0) { first.push(id); } });
    first.forEach(function (id) { placeNode(id, true); });
    ids.slice().sort(function (a, b) { return nodeRank[a] - nodeRank[b]; }).forEach(function (id) {
      if (first.indexOf(id) < 0) { placeNode(id); }
    });
    fanList.forEach(placeFan);
    // hovered or selected links next (their tooltip lists the relations when there is no room)
    if (hovered.link && linkById[hovered.link]) { placeLink(linkById[hovered.link]); }
    network.getSelectedEdges().forEach(function (id) { if (id !== hovered.link && linkById[id]) { placeLink(linkById[id]); } });
    var done = {};
    out.forEach(function (b) { if (b.kind === "link") { done[b.id] = true; } });
    // a link in a fan has its own label only when hovered or selected: the fan's label says it
    linkOrder.forEach(function (l) { if (!done[l.id] && !fanOfLink[l.id] && edgeView.get(l.id)) { placeLink(l); } });
    return out;
  }

  network.on("afterDrawing", function (ctx) {
    placed = placeLabels();
    var ratio = (network.canvas && network.canvas.pixelRatio) || window.devicePixelRatio || 1;
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.lineJoin = "round";
    placed.forEach(function (b) {
      ctx.font = b.font;
      ctx.lineWidth = 3;
      ctx.strokeStyle = "rgba(255,255,255,0.95)";
      ctx.fillStyle = b.kind === "node" ? "#222" : b.kind === "fan" ? "#1f4e79" : "#555";
      ctx.strokeText(b.text, b.x + b.w / 2, b.y + b.h / 2);
      ctx.fillText(b.text, b.x + b.w / 2, b.y + b.h / 2);
    });
    ctx.restore();
  });

  // ---- status: what is drawn, what is listed, what is left out -------------------------------
  var status = document.getElementById("kg-status");
  var note = document.getElementById("kg-relations-note");
  function updateStatus() {
    var shownNodes = nodeView.length, shownEdges = data.edges.filter(edgeShown).length;
    var shownAlone = isolated.filter(function (n) { return typeOn[n.type]; }).length;
    status.dataset.nodes = String(shownNodes + shownAlone);
    status.dataset.drawnNodes = String(shownNodes);
    status.dataset.edges = String(shownEdges);
    status.dataset.links = String(edgeView.length);
    var text = "Showing " + (shownNodes + shownAlone) + " of " + meta.total_nodes + " entities (" +
      shownNodes + " drawn, " + shownAlone + " without relations listed below) and " +
      shownEdges + " of " + meta.total_edges + " relations between entities.";
    if (meta.truncated) {
      text += " Only the top " + meta.shown_nodes + " entities by degree are on this page (kg viz --max-nodes).";
    }
    status.textContent = text;
  }
  function relationsNote() {
    var total = meta.total_relations === undefined ? meta.total_edges : meta.total_relations;
    var literal = meta.literal_relations || 0;
    var other = Math.max(total - meta.total_edges - literal, 0);
    var parts = [meta.total_edges + " between two entities, drawn as arrows"];
    if (literal) { parts.push(literal + " with a value (text, dates, numbers), listed in the entity details"); }
    if (other) { parts.push(other + " not drawn (co-occurrence or below the minimum confidence)"); }
    note.textContent = total + (total === 1 ? " relation: " : " relations: ") + parts.join("; ") + ".";
    note.dataset.total = String(total);
    note.dataset.drawn = String(meta.total_edges);
    note.dataset.literal = String(literal);
    note.dataset.other = String(other);
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
    var facts = n.facts || [];
    if (facts.length) {
      details.appendChild(el("h2", {}, "Values"));
      var fl = el("ul", { class: "kg-facts" });
      facts.forEach(function (f) {
        var li = el("li", { "data-field": "fact", "data-predicate": f.predicate });
        li.appendChild(el("span", { class: "kg-fact-label" }, f.label + ": "));
        li.appendChild(el("strong", {}, f.value));
        li.appendChild(el("span", { class: "kg-muted" }, " (" + (f.datatype ? f.datatype + ", " : "") +
          "confidence " + f.confidence.toFixed(2) + ")"));
        f.evidence.forEach(function (s) { li.appendChild(el("blockquote", { class: "kg-evidence" }, s)); });
        fl.appendChild(li);
      });
      details.appendChild(fl);
    }
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
  function relationBlock(e, heading) {
    var box = el("div", { class: "kg-relation", "data-edge": e.id });
    box.appendChild(el(heading, {}, byId[e.from].label + " \u2192 " + e.label + " \u2192 " + byId[e.to].label));
    box.appendChild(dl([
      ["Predicate", e.predicate, "predicate"],
      ["Confidence", e.confidence.toFixed(2), "confidence"],
      ["Evidence", e.weight + (e.weight === 1 ? " sentence" : " sentences"), "weight"]
    ]));
    e.evidence.forEach(function (s) { box.appendChild(el("blockquote", { class: "kg-evidence" }, s)); });
    return box;
  }
  function showEdge(id) {
    var l = linkById[id];
    var members = l ? linkMembers(l) : (edgeById[id] ? [edgeById[id]] : []);
    if (!members.length) { return; }
    clear();
    details.dataset.kind = "edge";
    details.dataset.id = id;
    if (members.length === 1) {
      details.appendChild(relationBlock(members[0], "h3"));
      return;
    }
    details.appendChild(el("h3", {}, byId[l.from].label + " \u2194 " + byId[l.to].label + ": " +
      members.length + " relations (" + linkLabel(members) + ")"));
    members.forEach(function (e) { details.appendChild(relationBlock(e, "h4")); });
  }

  function showFan(id) {
    var f = fanById[id];
    if (!f) { return; }
    var members = [];
    f.links.forEach(function (lid) { members = members.concat(linkMembers(linkById[lid])); });
    clear();
    details.dataset.kind = "fan";
    details.dataset.id = id;
    var hub = byId[f.node].label;
    details.appendChild(el("h3", {}, f.direction === "out" ? hub + " → " + linkLabel(members)
                                                           : linkLabel(members) + " → " + hub));
    members.forEach(function (e) { details.appendChild(relationBlock(e, "h4")); });
  }
  // the labels as they were when the button went down (a click selects, which redraws them)
  var pressed = [];
  container.addEventListener("pointerdown", function () { pressed = placed; }, true);
  function fanAt(p) {
    for (var i = 0; i < pressed.length; i++) {
      var b = pressed[i];
      if (b.kind === "fan" && p.x >= b.x && p.x <= b.x + b.w && p.y >= b.y && p.y <= b.y + b.h) { return b.id; }
    }
    return null;
  }
  network.on("click", function (params) {
    var fan = params.nodes.length ? null : fanAt(params.pointer.DOM);
    if (params.nodes.length) { showNode(params.nodes[0]); }
    else if (fan) { showFan(fan); }
    else if (params.edges.length) { showEdge(params.edges[0]); }
  });
  network.on("hoverNode", function (params) {
    container.style.cursor = "pointer"; status.dataset.hover = params.node; hovered.node = params.node;
  });
  network.on("blurNode", function () { container.style.cursor = "default"; hovered.node = null; network.redraw(); });
  network.on("hoverEdge", function (params) { hovered.link = params.edge; network.redraw(); });
  network.on("blurEdge", function () { hovered.link = null; network.redraw(); });

  // ---- entities without relations: a list, not a grid of dots --------------------------------
  var aloneList = document.getElementById("kg-isolated");
  var aloneHead = document.getElementById("kg-isolated-count");
  var ALONE_MAX = 300;
  function updateIsolated() {
    while (aloneList.firstChild) { aloneList.removeChild(aloneList.firstChild); }
    var shown = isolated.filter(function (n) { return typeOn[n.type]; });
    aloneHead.textContent = String(shown.length);
    document.getElementById("kg-isolated-section").hidden = isolated.length === 0;
    shown.slice(0, ALONE_MAX).forEach(function (n) {
      var li = el("li");
      var b = el("button", { type: "button", class: "kg-link", "data-id": n.id }, n.label);
      var sw = el("span", { class: "kg-swatch" });
      sw.style.background = n.color;
      b.insertBefore(sw, b.firstChild);
      b.addEventListener("click", function () { network.unselectAll(); showNode(n.id); });
      li.appendChild(b);
      aloneList.appendChild(li);
    });
    if (shown.length > ALONE_MAX) {
      aloneList.appendChild(el("li", { class: "kg-muted" }, "\u2026 and " + (shown.length - ALONE_MAX) + " more (search finds them)"));
    }
  }

  function refilter() {
    nodeView.refresh();
    edgeView.refresh();
    edges.update(links.map(function (l) { return { id: l.id, title: linkTitle(linkMembers(l)) }; }));
    updateStatus();
    updateIsolated();
  }

  // ---- legend = type filter ----------------------------------------------------------
  var legend = document.getElementById("kg-legend");
  data.legend.forEach(function (l) {
    var li = el("li");
    var label = el("label");
    var box = el("input", { type: "checkbox", "data-type": l.type });
    box.checked = true;
    box.addEventListener("change", function () { typeOn[l.type] = box.checked; refilter(); });
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
    refilter();
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
    searchMsg.textContent = n.isolated ? "\u201c" + n.label + "\u201d has no relations: it is in the list below, not drawn." : "";
    if (n.isolated) {
      network.unselectAll();
    } else {
      network.selectNodes([n.id]);
      network.focus(n.id, { scale: Math.max(network.getScale(), 1.2), animation: false });
      userMoved = true;
    }
    showNode(n.id);
  }
  search.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { go(); } });
  search.addEventListener("change", go);
  document.getElementById("kg-search-go").addEventListener("click", go);
  document.getElementById("kg-fit").addEventListener("click", function () { userMoved = false; fit(); });

  relationsNote();
  updateStatus();
  updateIsolated();
  fit();
  network.once("afterDrawing", function () { status.dataset.ready = "1"; });
  window.kgViz = { network: network, nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView,
                   data: data, showNode: showNode, showEdge: showEdge, showFan: showFan, find: find, fit: fit,
                   labels: function () { return placed.map(function (b) { return Object.assign({}, b); }); },
                   textWidth: textWidth };
})();
