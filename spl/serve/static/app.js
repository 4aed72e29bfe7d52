// The search page: talks to the JSON API of spl/serve/app.py; no build step, no framework.
"use strict";

const $ = (id) => document.getElementById(id);
const state = { vocabulary: {}, job: null, result: null, chartType: null, explained: null };

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    node.append(child instanceof Node ? child : document.createTextNode(String(child ?? "")));
  }
  return node;
}

async function api(method, path, body) {
  const response = await fetch(path, {
    method, headers: { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

// ---- the search bar ---------------------------------------------------------------------------

function paint() {
  $("highlight").innerHTML = highlightSpl($("search").value, state.vocabulary);
  $("highlight").scrollTop = $("search").scrollTop;
}

function showError(error) {
  $("error").hidden = !error;
  $("error").textContent = error ? error.rendered || error.message : "";
}

function showNotices(notices) {
  $("notices").replaceChildren(...(notices || []).map((n) => element("div", {}, "notice: " + n)));
}

function selectTab(name) {
  for (const button of document.querySelectorAll("#tabs button")) {
    button.classList.toggle("active", button.dataset.tab === name);
  }
  for (const tab of document.querySelectorAll(".tab")) tab.classList.toggle("active", tab.id === name);
  if (name === "visualization") drawChart();
  if (name === "explain" && state.explained !== $("search").value) explainSearch();
}

// ---- jobs: start, poll, cancel ------------------------------------------------------------------

async function follow(started, onDone) {
  let job = started;
  state.job = job.id;
  $("cancel").hidden = false;
  $("run").disabled = true;
  while (job.status === "running") {
    $("progress").textContent =
      `running: ${job.progress.read.toLocaleString()} records read, ` +
      `${job.progress.matched.toLocaleString()} matched`;
    await new Promise((resolve) => setTimeout(resolve, 150));
    job = (await api("GET", `/api/jobs/${job.id}`)).body;
  }
  $("cancel").hidden = true;
  $("run").disabled = false;
  if (state.job !== job.id) return;  // a newer job took over
  if (job.status === "cancelled") {
    $("progress").textContent = `cancelled after ${job.progress.read.toLocaleString()} records`;
    return;
  }
  if (job.status === "error") {
    $("progress").textContent = "";
    showError(job.error);
    return;
  }
  onDone(job.result, job);
}

async function cancel() {
  if (state.job) await api("POST", `/api/jobs/${state.job}/cancel`);
}

async function runSearch() {
  showError(null);
  $("expanded").hidden = true;
  state.explained = null;
  const started = (await api("POST", "/api/search", { search: $("search").value })).body;
  await follow(started, showResult);
}

// ---- results ------------------------------------------------------------------------------------

function showResult(result, job) {
  state.result = result;
  showNotices([...result.notices, ...result.skipped]);
  const noun = result.kind === "events" ? "events" : "results";
  $("progress").textContent = `${result.count.toLocaleString()} ${noun} ` +
    `(${job.progress.read.toLocaleString()} records read)` + (result.count ? "" : ": No results found.");
  for (const button of document.querySelectorAll("#tabs button")) {
    const empty = { events: result.kind !== "events", statistics: result.kind !== "table",
                    visualization: !result.chart }[button.dataset.tab];
    button.classList.toggle("empty", Boolean(empty));
  }
  if (result.kind === "events") {
    showTimeline(result.timeline);
    showSidebar(result.summary);
    showEvents(result.events, result.count);
    $("table").replaceChildren();
    selectTab("events");
  } else {
    $("table").replaceChildren(resultTable(result.fields, result.rows));
    state.chartType = result.chart ? result.chart.type : null;
    selectTab(result.chart ? "visualization" : "statistics");
  }
}

function cellText(value) {
  if (value === null || value === undefined) return "";
  return Array.isArray(value) ? value.join("\n") : String(value);
}

function resultTable(fields, rows) {
  const head = element("tr", {}, ...fields.map((f) => element("th", {}, f)));
  const body = rows.map((row) => element("tr", {}, ...fields.map((f) => element("td", {}, cellText(row[f])))));
  return element("table", { class: "results" }, element("thead", {}, head), element("tbody", {}, ...body));
}

function showTimeline(timeline) {
  const buckets = timeline.buckets;
  Plotly.newPlot("timeline", [{
    type: "bar", x: buckets.map((b) => b.time.replace("T", " ").slice(0, 23)),
    y: buckets.map((b) => b.count), marker: { color: "#5c9a2f" },
    hovertemplate: "%{x}<br>%{y} events<extra></extra>",
  }], {
    margin: { l: 40, r: 10, t: 10, b: 30 }, bargap: 0.05, height: 110,
    xaxis: { type: "date" }, yaxis: { fixedrange: true },
  }, { displayModeBar: false, responsive: true });
}

function quoted(value) {
  return '"' + String(value).replace(/\\/g, "\\\\").replace(/"/g, '\\"') + '"';
}

// The search with `field="value"` added to its first command (as Splunk's sidebar does), or
// as a `| search` after a search that starts with a generating command.
function withFilter(text, field, value) {
  const term = `${field}=${quoted(value)}`;
  if (text.trimStart().startsWith("|")) return `${text.trimEnd()} | search ${term}`;
  let depth = 0, inQuote = false, inMacro = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\\" && inQuote) { i++; continue; }
    if (c === '"' && !inMacro) inQuote = !inQuote;
    else if (c === "`" && !inQuote) inMacro = !inMacro;
    else if (!inQuote && !inMacro && c === "[") depth++;
    else if (!inQuote && !inMacro && c === "]") depth--;
    else if (!inQuote && !inMacro && depth === 0 && c === "|") {
      return `${text.slice(0, i).trimEnd()} ${term} ${text.slice(i)}`;
    }
  }
  return `${text.trimEnd()} ${term}`;
}

function showSidebar(summary) {
  const items = summary.map((field) => {
    const values = element("ul", { hidden: "" }, ...field.values.map((v) => element("li", {},
      element("a", { class: "value", "data-field": field.field,
                     onclick: () => { $("search").value = withFilter($("search").value, field.field, v.value); paint(); runSearch(); } },
              v.value),
      element("span", {}, `${v.count} (${(100 * v.share).toFixed(1)}%)`))));
    const name = element("span", { class: "name", onclick: () => { values.hidden = !values.hidden; } }, field.field);
    return element("div", { class: "field", "data-field": field.field }, name,
      element("span", { class: "meta" }, ` ${field.distinct_count} distinct, ${(100 * field.share).toFixed(0)}% of events`),
      values);
  });
  $("sidebar").replaceChildren(element("h4", {}, "Fields"), ...items);
  for (const list of [...$("sidebar").querySelectorAll("ul")].slice(0, 3)) list.hidden = false;
}

function showEvents(events, count) {
  const items = events.map((event) => {
    const fields = element("table", { class: "results", hidden: "" }, ...Object.entries(event.fields)
      .map(([k, v]) => element("tr", {}, element("th", {}, k), element("td", {}, cellText(v)))));
    const card = element("div", { class: "event" });
    const toggle = element("span", { class: "toggle", onclick: () => {
      card.classList.toggle("open"); fields.hidden = !fields.hidden;
      toggle.textContent = fields.hidden ? "show fields" : "hide fields"; } }, "show fields");
    card.append(element("div", { class: "time" }, event.time.replace("T", " "), element("br"), toggle),
                element("div", { class: "raw" }, event.raw ?? ""), fields);
    return card;
  });
  const more = count > events.length ? [element("p", {}, `first ${events.length} of ${count} events shown`)] : [];
  $("event-list").replaceChildren(...items, ...more);
}

function drawChart() {
  const result = state.result;
  if (!result || !result.chart) {
    $("chart").replaceChildren(element("p", {}, "No chart: the search has no timechart, chart, stats ... by ..., top or rare."));
    return;
  }
  const { x, series } = result.chart;
  const type = state.chartType;
  for (const button of document.querySelectorAll(".chart-types button")) {
    button.classList.toggle("active", button.dataset.chart === type);
  }
  const labels = result.rows.map((row) => x.map((f) => cellText(row[f])).join(" / "));
  const number = (v) => (v === null || v === undefined || v === "" ? null : Number(v));
  let traces;
  if (type === "pie") {
    traces = [{ type: "pie", labels, values: result.rows.map((r) => number(r[series[0]])), hole: 0 }];
  } else {
    traces = series.map((s) => ({
      type: type === "line" ? "scatter" : "bar", mode: "lines+markers", name: s,
      x: x[0] === "_time" ? labels.map((l) => l.replace("T", " ").slice(0, 23)) : labels,
      y: result.rows.map((r) => number(r[s])),
    }));
  }
  $("chart").replaceChildren();
  Plotly.newPlot("chart", traces, {
    margin: { l: 50, r: 20, t: 20, b: 80 }, showlegend: type === "pie" || series.length > 1,
    xaxis: { type: x[0] === "_time" ? "date" : "category", title: { text: x.join(" / ") } },
  }, { displayModeBar: false, responsive: true });
}

// ---- expanded search and explain ----------------------------------------------------------------

async function showExpanded() {
  if (!$("expanded").hidden) { $("expanded").hidden = true; return; }
  const { status, body } = await api("POST", "/api/expand", { search: $("search").value });
  if (status !== 200) { showError(body.error); return; }
  showError(null);
  const steps = body.steps.map((s) => element("div", { class: "step", style: `--depth:${s.depth}` },
    element("b", {}, `\`${s.call}\``), ` → ${s.macro}(${s.arguments.join(", ")}) from ${s.origin}`,
    element("pre", {}, s.expansion)));
  $("expanded").replaceChildren(element("h4", {}, `Macro by macro (${steps.length} expansions)`), ...steps,
    element("h4", {}, "The search run"), element("pre", { id: "expanded-text" }, body.text));
  $("expanded").hidden = false;
}

async function explainSearch() {
  state.explained = $("search").value;
  $("steps").replaceChildren(element("p", {}, "explaining…"));
  const started = (await api("POST", "/api/explain", { search: $("search").value })).body;
  await follow(started, (result) => {
    $("progress").textContent = `explained ${result.steps.length} command(s)`;
    $("steps").replaceChildren(...result.steps.map((step, i) => {
      const sampleFields = step.fields.filter((f) => f !== "_raw" && step.sample.some((r) => r[f] !== null)).slice(0, 10);
      return element("div", { class: "step-card" },
        element("h3", {}, `${i + 1}. ${step.command}`),
        element("div", {}, step.description + "."),
        element("div", { class: "counts" }, `rows: ${step.rows_in} in, ${step.rows_out} out; columns: ${step.columns_in} in, ${step.columns_out} out`),
        element("ul", { class: "vanished" }, ...step.vanished.map((v) => element("li", {}, v))),
        step.sample.length ? element("div", { class: "sample" }, resultTable(sampleFields, step.sample)) : "");
    }));
  });
}

// ---- detections ---------------------------------------------------------------------------------

function detectionError(message) {
  $("detections-error").hidden = !message;
  $("detections-error").textContent = message || "";
}

async function openDetections() {
  detectionError(null);
  const { status, body } = await api("GET", `/api/detections?path=${encodeURIComponent($("detections-path").value)}`);
  if (status !== 200) { detectionError(body.error.message); return; }
  const rows = body.detections.map((d) => element("tr", {},
    element("td", {}, d.name),
    element("td", { class: `status-${d.status}`, title: d.message }, d.status),
    element("td", {}, element("button", { class: "run-detection", onclick: () => runDetection(d.path) }, "Run")),
    element("td", {}, element("button", { class: "test-detection", onclick: () => testDetection(d.path, d.name) }, "Test"))));
  $("detection-list").replaceChildren(element("tr", {}, element("th", {}, "detection"),
    element("th", {}, "spl check"), element("th"), element("th")), ...rows);
}

async function runDetection(path) {
  const { status, body } = await api("POST", "/api/detections/run", { path });
  if (status !== 202) { detectionError(body.error.message); return; }
  $("search").value = body.search;
  paint();
  showError(null);
  await follow(body, (result, job) => {
    showResult(result, job);
    $("progress").textContent = `${body.name}: ` + $("progress").textContent;
  });
}

async function testDetection(path, name) {
  const { status, body } = await api("POST", "/api/detections/test", { path });
  if (status !== 202) { detectionError(body.error.message); return; }
  $("tests").replaceChildren(element("p", {}, `testing ${name}…`));
  await follow(body, (result) => {
    $("progress").textContent = "";
    const counts = { pass: 0, fail: 0, skip: 0 };
    for (const t of result.tests) counts[t.outcome]++;
    $("tests").replaceChildren(
      element("h4", {}, `${name}: ${counts.pass} passed, ${counts.fail} failed, ${counts.skip} skipped`),
      element("table", { class: "results" }, element("tr", {}, ...["test", "outcome", "rows", "seconds", "message"].map((h) => element("th", {}, h))),
        ...result.tests.map((t) => element("tr", { class: "test" },
          element("td", {}, t.name), element("td", { class: `outcome-${t.outcome}` }, t.outcome),
          element("td", {}, t.rows), element("td", {}, t.seconds), element("td", {}, t.message)))));
  });
}

// ---- start ----------------------------------------------------------------------------------------

async function start() {
  const info = (await api("GET", "/api/info")).body;
  state.vocabulary = info.vocabulary;
  const source = info.store ? `the store ${info.store}` : `${info.data.length} file(s)`;
  $("loaded").textContent = `${info.events.toLocaleString()} events from ${source}` +
    (info.skipped.length ? `, ${info.skipped.length} record(s) skipped` : "");
  if (info.detections.length) $("detections-path").value = info.detections[0];
  $("search").addEventListener("input", paint);
  $("search").addEventListener("scroll", paint);
  $("search").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); runSearch(); }
  });
  $("run").addEventListener("click", runSearch);
  $("cancel").addEventListener("click", cancel);
  $("show-expanded").addEventListener("click", showExpanded);
  $("open-detections").addEventListener("click", openDetections);
  for (const button of document.querySelectorAll("#tabs button")) {
    button.addEventListener("click", () => selectTab(button.dataset.tab));
  }
  for (const button of document.querySelectorAll(".chart-types button")) {
    button.addEventListener("click", () => { state.chartType = button.dataset.chart; drawChart(); });
  }
  paint();
  selectTab("events");
  document.body.dataset.ready = "true";
}

start();
