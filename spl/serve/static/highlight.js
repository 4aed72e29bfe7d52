// SPL syntax highlighting for the search bar: a small tokenizer, coloured with the names the
// server sends (/api/info "vocabulary": the engine's commands, functions, the grammar's
// keywords, the loaded macros). It only colours; the server's parser says what is valid.
"use strict";

function escapeHtml(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

// One pattern per token kind, tried in this order at each position.
const SPL_TOKENS = [
  ["comment", /^```[\s\S]*?(```|$)/],
  ["macro", /^`[^`]*`?/],
  ["string", /^"(\\.|[^"\\])*"?/],
  ["pipe", /^\|/],
  ["bracket", /^[\[\]]/],
  ["word", /^[A-Za-z_][\w.:*{}-]*/],
  ["space", /^\s+/],
  ["other", /^[^\sA-Za-z_`"|\[\]]+/],
];

function highlightSpl(text, vocabulary) {
  const commands = new Set(vocabulary.commands || []);
  const others = new Set(vocabulary.other_commands || []);
  const functions = new Set(vocabulary.functions || []);
  const keywords = new Set(vocabulary.keywords || []);
  let html = "", rest = text, commandNext = true;
  while (rest.length) {
    let kind = "other", match = null;
    for (const [name, pattern] of SPL_TOKENS) {
      match = rest.match(pattern);
      if (match) { kind = name; break; }
    }
    const token = match[0];
    let css = null;
    if (kind === "word") {
      const lower = token.toLowerCase();
      if (commandNext && (commands.has(lower) || others.has(lower))) {
        css = commands.has(lower) ? "command" : "other-command";
      } else if (keywords.has(token.toUpperCase())) {
        css = "keyword";
      } else if (functions.has(lower) && rest.slice(token.length).match(/^\s*\(/)) {
        css = "function";
      } else if (rest.slice(token.length).match(/^\s*(=|!=|<|>)/)) {
        css = "field";
      }
      commandNext = false;
    } else if (kind === "pipe" || kind === "bracket") {
      css = kind === "pipe" ? "pipe" : null;
      commandNext = true;
    } else if (kind === "comment" || kind === "macro" || kind === "string") {
      css = kind;
      if (kind !== "comment") commandNext = false;
    } else if (kind === "other") {
      commandNext = false;
    }
    html += css ? `<span class="tok-${css}">${escapeHtml(token)}</span>` : escapeHtml(token);
    rest = rest.slice(token.length);
  }
  return html + "\n";
}
