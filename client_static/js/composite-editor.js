// One paragraph of the composite text on the moderator's console: its wording now and where
// it came from, the points on it with what the groups reached, the editor (keep the draft,
// take an option or a group's compromise, write new wording), and the chair's view beside it.

import { chairView } from "./chair-view.js";
import { fill, h, setText } from "./dom.js";
import { letter } from "./grid.js";
import { LIMITS } from "./limits.js";
import { backingLine, groupLabel, pointBlock, pointNumber } from "./point-ranking.js";
import { outcomeKey } from "./state.js";
import { tally } from "./views.js";

/** @import { State } from "./state.js" */
/** @import { Point } from "./protocol-types.js" */
/** @import { Connection } from "./connection.js" */
/**
 * @typedef {import("./protocol-types.js").RankedCandidate} Candidate
 * @typedef {import("./protocol-types.js").RankedBacking} Backing
 * @typedef {import("./protocol-types.js").ReviewAck} Review
 */
/**
 * @typedef {{source: import("./protocol-types.js").CompositeSource, point_id?: string | null,
 *   option_id?: string | null, group_id?: string | null, what: string}} Choice
 */

/** Where a composite paragraph's wording comes from, in words. @param {State} state @param {import("./protocol-types.js").Provenance} p */
function provenanceLines(state, p) {
  const point = state.points.find((x) => x.point_id === p.point_id);
  const on = point ? ` on point ${pointNumber(state, p.point_id)}` : "";
  const option = point?.options.findIndex((o) => o.option_id === p.option_id) ?? -1;
  const names = {
    draft: "the draft",
    option: `Option ${option >= 0 ? letter(option) : ""}${on}`,
    compromise: `${groupLabel(state, p.group_id)}'s compromise${on}`,
  };
  const from = /** @type {Record<string, string>} */ (names)[p.edited_from ?? ""];
  const what = {
    draft: "Kept from the draft.",
    // The core decides this from the words: an edit of a candidate is the chair's wording.
    custom: `New wording by the chair${from ? `, edited from ${from}` : point ? `, settling point ${pointNumber(state, p.point_id)}` : ""}.`,
    option: `${names.option}.`,
    compromise: `${names.compromise}.`,
  }[/** @type {string} */ (p.source)] ?? "";
  const edited = p.source === "custom" && (p.edited_from === "option" || p.edited_from === "compromise");
  if (p.source !== "option" && p.source !== "compromise" && !edited) return [what];
  if (edited) {
    const shares = p.backers.length ? `${from} was backed by ${backingLine(state, p.backers)}.` : `No group recorded ${from} as its outcome.`;
    return [what, shares];
  }
  const shares = p.backers.length ? `Backed by ${backingLine(state, p.backers)}.` : "No group recorded it as its outcome.";
  const sg = p.stakeholder_groups.length ? ` Stakeholder groups behind it: ${p.stakeholder_groups.join(", ")}.` : "";
  return [`${what} Score ${p.score.toFixed(2)}.`, shares + sg];
}

/**
 * One paragraph: its wording now, the points on it with what the groups reached, the editor, and
 * the chair's view. The editor's nodes persist, so live updates never eat a half-typed wording.
 * @param {Connection} conn
 * @param {number} number
 */
export function paragraphCard(conn, number) {
  const head = h("header", { class: "pl-assemble-head" });
  const current = h("div", { class: "pl-current" });
  const points = h("div", { class: "pl-points" });
  const source = h("p", { class: "pl-source" });
  const wording = /** @type {HTMLTextAreaElement} */ (h("textarea", { rows: 4, maxlength: LIMITS.ComposeParagraph.text.maxLength, "data-testid": `wording-${number}` }));
  const use = h("button", { type: "button", class: "primary", "data-testid": `use-wording-${number}` }, "Use this wording");
  const status = h("p", { class: "save-status", "data-testid": `compose-status-${number}`, "aria-live": "polite" });
  const editor = h(
    "div",
    { class: "pl-editor", hidden: true, "data-testid": `editor-${number}` },
    source,
    h("label", { class: "field" }, `Wording of paragraph ${number}`, wording),
    h("div", { class: "save-row" }, use, h("button", { type: "button", class: "link", onclick: () => (editor.hidden = true) }, "Cancel")),
  );
  const chair = h("aside", { class: "pl-chair", "data-testid": `chair-${number}` });
  const actions = h(
    "div",
    { class: "button-row" },
    h("button", { type: "button", class: "small-button", "data-testid": `keep-draft-${number}`, onclick: () => last && choose({ source: "draft", what: "the draft" }, last.paragraphs[number - 1]) }, "Keep the draft"),
    h("button", { type: "button", class: "small-button", "data-testid": `new-wording-${number}`,
      onclick: () => last && choose({ source: "custom", what: "new wording (start from the current text)" }, last.plenary.composite[number]?.text ?? last.paragraphs[number - 1]) }, "Write new wording"),
  );
  const root = h("article", { class: "card pl-assemble", "data-testid": `assemble-${number}` },
    h("div", { class: "pl-build" }, head, current, points, actions, editor, status), chair);
  /** @type {Choice | null} */
  let choice = null;
  /** @type {State | null} */
  let last = null;
  /** @type {Map<string, string>} */
  const drawn = new Map();
  /** @param {string} part @param {unknown} inputs */
  const changed = (part, inputs) => {
    const key = JSON.stringify(inputs);
    if (drawn.get(part) === key) return false;
    drawn.set(part, key);
    return true;
  };

  /** @param {Choice} chosen @param {string} text */
  function choose(chosen, text) {
    choice = chosen;
    setText(source, `Wording from ${chosen.what}. Edit it as needed, then use it.`);
    wording.value = text;
    editor.hidden = false;
    setText(status, "");
    wording.focus();
  }

  use.addEventListener("click", async () => {
    if (!choice || !last) return;
    const text = wording.value.trim();
    if (!text) return void setText(status, "Write the wording first.");
    // What the chair started from; the server decides from the words what they are.
    const kind = choice.source;
    const { what: _, ...ids } = choice;
    /** @type {HTMLButtonElement} */ (use).disabled = true;
    setText(status, "Saving…");
    const ack = await conn.send("ComposeParagraph", { ...ids, source: kind, paragraph: number, text });
    if (ack.ok) await conn.whenApplied(ack.seq);
    /** @type {HTMLButtonElement} */ (use).disabled = false;
    if (!ack.ok) return void setText(status, `Not saved: ${ack.message}`);
    editor.hidden = true;
    setText(status, `Saved: paragraph ${number}, revision ${conn.state.plenary.composite[number]?.revision ?? 1}.`);
  });

  /** @param {State} state @param {Review | null} data */
  function render(state, data) {
    last = state;
    const entry = state.plenary.composite[number];
    const draft = state.paragraphs[number - 1];
    const decided = state.plenary.decision !== null;
    root.classList.toggle("decided", decided);
    if (changed("current", [entry, draft, decided])) {
      const isChanged = Boolean(entry) && entry.text !== draft;
      fill(head,
        h("h3", {}, `Paragraph ${number}`),
        entry ? h("span", { class: "badge", "data-testid": `revision-${number}` }, `Revision ${entry.revision}`) : h("span", { class: "badge muted" }, "Draft"),
        isChanged ? h("span", { class: "pl-mark changed" }, "Changed from the draft") : null);
      fill(current,
        h("blockquote", { class: "pl-text", "data-testid": `current-${number}` }, entry?.text ?? draft),
        entry
          ? h("div", { class: "pl-provenance", "data-testid": `provenance-${number}` }, provenanceLines(state, entry.provenance).map((line) => h("p", {}, line)))
          : h("p", { class: "muted small" }, "Not in the composite yet: the draft stands, and nobody can react to it until you set it."),
        isChanged ? h("details", { class: "pl-draft" }, h("summary", {}, "The draft's wording"), h("p", {}, draft)) : null);
      actions.hidden = decided;
      if (decided) editor.hidden = true;
    }
    const onHere = state.points.filter((p) => p.paragraph === number);
    const tallies = onHere.map((p) => state.group_order.map((g) => [state.outcomes[outcomeKey(g, p.point_id)], tally(state, g, p.point_id)]));
    const ranking = onHere.map((p) => data?.ranking[p.point_id] ?? null);
    if (changed("points", [onHere, tallies, ranking, state.groups, decided, state.stakeholder_groups])) {
      fill(points, onHere.map((p) => pointBlock(state, p, data?.ranking[p.point_id] ?? null, decided, (c) => takeCandidate(state, p, c))));
    }
    const review = data?.review[number - 1] ?? null;
    if (changed("chair", [review, decided])) fill(chair, chairView(conn, number, review, decided));
  }

  /** @param {State} state @param {Point} point @param {Candidate} c */
  function takeCandidate(state, point, c) {
    const n = pointNumber(state, point.point_id);
    const option = point.options.findIndex((o) => o.option_id === c.option_id);
    const what = c.option_id ? `option ${letter(option)} of point ${n}` : `${groupLabel(state, c.group_id)}'s compromise on point ${n}`;
    choose(
      c.option_id
        ? { source: "option", point_id: point.point_id, option_id: c.option_id, what }
        : { source: "compromise", point_id: point.point_id, group_id: c.group_id, what },
      c.label,
    );
  }

  return { root, render };
}
