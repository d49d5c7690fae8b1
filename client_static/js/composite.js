// /moderator after the rotation: for each paragraph, what the groups reached on its points
// (outcomes, live tallies, the ranking the server's `review` computes), the composite wording
// chosen with its provenance, the chair's view of the reactions, and the decision. The app lays
// out who stands where; it never says whether there is consensus: the chair judges.

import { fill, h, setText } from "./dom.js";
import { registerCard } from "./endorse.js";
import { letter, outcomeText, stackedBar } from "./grid.js";
import { REACTIONS, REACTION_LABELS, composedCount, ensureStylesheet } from "./plenary-view.js";
import { groupName, outcomeKey, tally } from "./state.js";
import { STRENGTH_LABELS } from "./vocabulary.js";

/** @typedef {import("./state.js").State} State */
/** @typedef {import("./state.js").Point} Point */
/** @typedef {import("./connection.js").Connection} Connection */
/**
 * @typedef {{group_id: string, round: number, strength: string, share: number}} Backing
 * @typedef {{key: string, label: string, option_id: string | null, group_id: string | null, score: number,
 *   groups: string[], of_groups: number, stakeholder_groups: string[], near_tie: boolean, backings: Backing[]}} Candidate
 * @typedef {{participant_id: string, name: string, stakeholder_group: string, hub_name: string,
 *   head_count: number, reason: string, addressed: boolean}} Objection
 * @typedef {{paragraph: number, text: string, draft: string, revision: number, changed: boolean,
 *   totals: Record<string, number>, by_stakeholder_group: Record<string, Record<string, number>>,
 *   objections: Objection[], silent_stakeholder_groups: string[], earlier_reactions: number,
 *   open_objections: number}} ParagraphReview
 * @typedef {{ok: true, version: number, ranking: Record<string, Candidate[]>, review: ParagraphReview[]}} Review
 * @typedef {{source: "draft" | "option" | "compromise" | "custom", point_id?: string | null,
 *   option_id?: string | null, group_id?: string | null, what: string}} Choice
 */

const REVIEW_THROTTLE_MS = 250; // events come in bursts: one `review` per burst, within a second
const REVIEW_RETRY_MS = 2000;
const REVIEW_TIMEOUT_MS = 5000;
const MAX_WORDING_CHARS = 5000; // facilitation/commands.py ComposeParagraph.text
const REVIEW_AFTER = new Set([
  "RotationFinished", "OutcomeRecorded", "PositionTaken", "HubPositionsSet", "ParticipantJoined", "ParticipantMoved",
  "GroupCreated", "HubPlaced", "HubRegistered", "HeadCountSet", "ParagraphComposed", "ReactionGiven",
  "ObjectionAddressed", "TextClosed", "TextNotClosed",
]);
/** Refusals shown next to the control that caused them, not in the page's error area. */
const INLINE_ERRORS = new Set(["ComposeParagraph", "AddressObjection", "CloseText", "DeclineToClose"]);
const NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];

/**
 * Mount the plenary part of the moderator's console in `container` (shown once the rotation is over).
 * @param {HTMLElement} container
 * @param {Connection} conn
 * @param {{token: string}} options the moderator token, for `review` and the download links
 */
export function mountComposite(container, conn, { token }) {
  ensureStylesheet();
  const feed = reviewFeed(token, () => render());
  const head = h("section", { class: "card pl-head" });
  const list = h("div", { class: "pl-list" });
  const decision = decisionCard(conn, token);
  const register = registerCard(conn);
  container.replaceChildren(head, list, decision.root, register.root);
  /** @type {Map<number, ReturnType<typeof paragraphCard>>} */
  const cards = new Map();

  function render() {
    const { state, me } = conn;
    if (!me || me.role !== "moderator") return;
    container.hidden = state.phase !== "finished";
    if (container.hidden) return;
    container.dataset.decided = String(state.plenary.decision !== null);
    if (!feed.data) feed.schedule();
    const data = feed.data;
    const composed = composedCount(state);
    fill(
      head,
      h("h2", {}, "Composite text ", h("span", { class: "pl-version", "data-testid": "composite-version" },
        `Version ${state.plenary.composite_version} · ${composed} of ${state.paragraphs.length} paragraphs set`)),
      h("p", { class: "muted" }, state.plenary.decision
        ? "The text as decided, paragraph by paragraph: where each wording came from, and the reactions it had."
        : "For each paragraph: keep the draft, take the top-ranked option or any other, take a group's compromise, or write new wording. " +
          "Each choice keeps its provenance; phones, hubs and the screen see it at once, and people react to it."),
    );
    state.paragraphs.forEach((_, i) => {
      let card = cards.get(i + 1);
      if (!card) {
        card = paragraphCard(conn, i + 1);
        cards.set(i + 1, card);
        list.appendChild(card.root);
      }
      card.render(state, data);
    });
    decision.render(state, data);
    register.render(state);
  }

  document.addEventListener("roundtable:state", render);
  document.addEventListener("roundtable:event", (e) => {
    const { event } = /** @type {CustomEvent} */ (e).detail;
    if (REVIEW_AFTER.has(event.type) && (conn.state.phase === "finished" || event.type === "RotationFinished")) feed.schedule();
  });
  // The page's error area is for everything else (page.js listens on the document; this runs first).
  window.addEventListener(
    "roundtable:error",
    (e) => {
      if (INLINE_ERRORS.has(/** @type {CustomEvent} */ (e).detail.type)) e.stopPropagation();
    },
    true,
  );
}

/**
 * The `review` call (ranking per point, chair's view per paragraph, computed by the server's
 * core), on a socket of its own: the page's connection exposes commands and links only.
 * @param {string} token
 * @param {() => void} onData
 */
function reviewFeed(token, onData) {
  /** @type {any} */
  let socket = null;
  /** @type {Review | null} */
  let data = null;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  let busy = false;
  let again = false;

  const fetchNow = async () => {
    timer = undefined;
    if (busy) return void (again = true);
    busy = true;
    socket ??= /** @type {any} */ (globalThis).io(undefined, { auth: { token }, forceNew: true });
    /** @type {any} */
    let ack = null;
    try {
      ack = await socket.timeout(REVIEW_TIMEOUT_MS).emitWithAck("review", {});
    } catch {
      ack = null;
    }
    busy = false;
    if (ack && ack.ok && (!data || ack.version >= data.version)) {
      data = ack;
      onData();
    }
    if (again || !ack || !ack.ok) schedule(again ? 0 : REVIEW_RETRY_MS);
    again = false;
  };
  /** @param {number} [delay] */
  const schedule = (delay = REVIEW_THROTTLE_MS) => {
    if (timer === undefined) timer = setTimeout(fetchNow, delay);
  };
  return {
    get data() {
      return data;
    },
    schedule,
  };
}

/** @param {number} n */
const word = (n) => NUMBER_WORDS[n] ?? String(n);
/** @param {number} share */
const percent = (share) => `${Math.round(share * 100)} %`;
/** @param {State} state @param {string | null | undefined} id */
const groupLabel = (state, id) => (id && state.groups[id] ? groupName(state.groups[id]) : "a group");
/** @param {State} state @param {string | null | undefined} pointId */
const pointNumber = (state, pointId) => state.points.findIndex((p) => p.point_id === pointId) + 1;

/** "backed in 2 of 3 groups, by all five stakeholder groups". @param {State} state @param {Candidate} c */
function backedIn(state, c) {
  const total = state.stakeholder_groups.length;
  const n = c.stakeholder_groups.length;
  const groups = c.groups.length === 0 ? "not backed by any group" : `backed in ${c.groups.length} of ${c.of_groups} groups`;
  if (n === 0) return groups;
  const by = n === total ? `by all ${word(total)} stakeholder groups` : `by ${word(n)} of ${word(total)} stakeholder groups (${c.stakeholder_groups.join(", ")})`;
  return `${groups}, ${by}`;
}

/** @param {State} state @param {Backing[]} backings */
const backingLine = (state, backings) =>
  backings.map((b) => `${groupLabel(state, b.group_id)}: round ${b.round}, ${STRENGTH_LABELS[/** @type {import("./vocabulary.js").Strength} */ (b.strength)] ?? b.strength}, ${percent(b.share)} of the group`).join(" · ");

/** Where a composite paragraph's wording comes from, in words. @param {State} state @param {Record<string, any>} p */
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
function paragraphCard(conn, number) {
  const head = h("header", { class: "pl-assemble-head" });
  const current = h("div", { class: "pl-current" });
  const points = h("div", { class: "pl-points" });
  const source = h("p", { class: "pl-source" });
  const wording = /** @type {HTMLTextAreaElement} */ (h("textarea", { rows: 4, maxlength: MAX_WORDING_CHARS, "data-testid": `wording-${number}` }));
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

/**
 * A point of disagreement: every group's outcome and live tally side by side, then the ranking.
 * @param {State} state
 * @param {Point} point
 * @param {Candidate[] | null} ranking
 * @param {boolean} decided
 * @param {(c: Candidate) => void} take
 */
function pointBlock(state, point, ranking, decided, take) {
  const n = pointNumber(state, point.point_id);
  const top = ranking?.[0]?.score || 1;
  return h(
    "section",
    { class: "pl-point", "data-testid": `point-${point.point_id}` },
    h("h4", {}, `Point ${n}: ${point.question}`),
    h(
      "table",
      { class: "pl-table pl-outcomes", "data-testid": `outcomes-${point.point_id}` },
      h("thead", {}, h("tr", {}, h("th", {}, "Group"), h("th", {}, "Outcome recorded"), h("th", {}, "Positions"))),
      h(
        "tbody",
        {},
        state.group_order.map((g) => {
          const outcome = state.outcomes[outcomeKey(g, point.point_id)];
          return h(
            "tr",
            {},
            h("th", { scope: "row" }, groupLabel(state, g)),
            h("td", { "data-testid": `pl-outcome-${g}-${point.point_id}` }, outcome ? outcomeText(point, outcome) : h("span", { class: "muted" }, "No outcome recorded")),
            h("td", { class: "pl-tally" }, stackedBar(point, tally(state, g, point.point_id), `pl-tally-${g}-${point.point_id}`)),
          );
        }),
      ),
    ),
    ranking === null
      ? h("p", { class: "muted" }, "Ranking the options…")
      : h(
          "ol",
          { class: "pl-ranking", "data-testid": `ranking-${point.point_id}` },
          ranking.map((c, i) => {
            const option = point.options.findIndex((o) => o.option_id === c.option_id);
            return h(
              "li",
              { class: `pl-cand${c.near_tie ? " near-tie" : ""}${i === 0 && c.score > 0 ? " top" : ""}`, "data-testid": `candidate-${point.point_id}-${c.key}`, "data-key": c.key },
              h("div", { class: "pl-cand-line" },
                h("span", { class: "pl-cand-tag" }, c.option_id ? letter(option) : "≈"),
                h("span", { class: "pl-cand-label" }, c.option_id ? c.label : [h("em", {}, `${groupLabel(state, c.group_id)}'s compromise: `), c.label]),
                c.near_tie ? h("span", { class: "pl-tie", "data-testid": "near-tie" }, "Near-tie") : null,
                i === 0 && c.score > 0 ? h("span", { class: "pl-top" }, "Top-ranked") : null,
                decided ? null : h("button", { type: "button", class: "small-button", "data-testid": `take-${point.point_id}-${c.key}`, onclick: () => take(c) }, "Take this")),
              h("div", { class: "pl-score" },
                h("span", { class: "pl-score-bar" }, h("span", { style: `width:${Math.max(0, (c.score / top) * 100)}%` })),
                h("span", { class: "pl-score-n" }, `score ${c.score.toFixed(2)}`)),
              h("p", { class: "pl-backed", "data-testid": `backed-${point.point_id}-${c.key}` }, backedIn(state, c)),
              c.backings.length ? h("p", { class: "muted small" }, backingLine(state, c.backings)) : null,
            );
          }),
        ),
  );
}

/**
 * The chair's view of one paragraph: reactions overall and by stakeholder group, the objections
 * (each can be marked addressed until the decision), who has not reacted, and reactions to
 * earlier wordings.
 * @param {Connection} conn
 * @param {number} number
 * @param {ParagraphReview | null} r
 * @param {boolean} decided
 */
function chairView(conn, number, r, decided) {
  const title = h("h4", {}, "Chair's view");
  if (!r) return [title, h("p", { class: "muted" }, "Loading…")];
  if (r.revision === 0) return [title, h("p", { class: "muted" }, "Still the draft: people react once the paragraph is in the composite.")];
  const total = REACTIONS.reduce((sum, k) => sum + (r.totals[k] ?? 0), 0);
  const groups = Object.entries(r.by_stakeholder_group);
  return [
    title,
    h("p", { class: "muted small" }, `Reactions to revision ${r.revision} (people; a hub counts its head count)`),
    h("div", { class: "pl-bar", role: "img", "aria-label": REACTIONS.map((k) => `${REACTION_LABELS[k]}: ${r.totals[k] ?? 0}`).join(", ") },
      total === 0 ? h("span", { class: "bar-empty" }) : REACTIONS.filter((k) => r.totals[k] > 0).map((k) => h("span", { class: `r-${k}`, style: `flex-grow:${r.totals[k]}` }))),
    h("p", { class: "pl-totals", "data-testid": `totals-${number}` },
      REACTIONS.map((k) => h("span", { class: `pl-total r-${k}`, "data-reaction": k }, h("i", { class: "swatch" }), `${REACTION_LABELS[k]} ${r.totals[k] ?? 0}`))),
    groups.length
      ? h("table", { class: "pl-table pl-by-group", "data-testid": `by-group-${number}` },
          h("thead", {}, h("tr", {}, h("th", {}, "Stakeholder group"), REACTIONS.map((k) => h("th", { class: "num" }, REACTION_LABELS[k])))),
          h("tbody", {}, groups.map(([g, t]) => h("tr", { "data-group": g }, h("th", { scope: "row" }, g), REACTIONS.map((k) => h("td", { class: `num${t[k] ? "" : " zero"}`, "data-reaction": k }, String(t[k] ?? 0)))))))
      : h("p", { class: "muted" }, "No reactions to this wording yet."),
    r.silent_stakeholder_groups.length
      ? h("p", { class: "pl-silent", "data-testid": `silent-${number}` }, h("strong", {}, "No reaction yet from: "), r.silent_stakeholder_groups.join(", "))
      : null,
    r.objections.length
      ? h("ul", { class: "pl-objections plain-list", "data-testid": `objections-${number}` },
          r.objections.map((o) => objectionItem(conn, number, o, decided)))
      : null,
    r.earlier_reactions
      ? h("p", { class: "muted small", "data-testid": `earlier-${number}` },
          `${r.earlier_reactions} ${r.earlier_reactions === 1 ? "reaction was" : "reactions were"} given to an earlier wording: not counted until given again.`)
      : null,
  ];
}

/** @param {Connection} conn @param {number} number @param {Objection} o @param {boolean} decided */
function objectionItem(conn, number, o, decided) {
  const who = [o.name, o.stakeholder_group, o.hub_name && o.hub_name !== o.name ? o.hub_name : "", o.head_count > 1 ? `${o.head_count} people` : ""].filter(Boolean).join(" · ");
  const box = /** @type {HTMLInputElement} */ (
    h("input", { type: "checkbox", checked: o.addressed, disabled: decided, "data-testid": `addressed-${number}-${o.participant_id}` })
  );
  const refused = h("p", { class: "field-error", hidden: true });
  box.addEventListener("change", async () => {
    box.disabled = true;
    const ack = await conn.send("AddressObjection", { paragraph: number, participant_id: o.participant_id, addressed: box.checked });
    box.disabled = false;
    if (!ack.ok) box.checked = !box.checked;
    refused.hidden = ack.ok;
    setText(refused, ack.ok ? "" : ack.message);
  });
  return h(
    "li",
    { class: `pl-objection${o.addressed ? " addressed" : ""}`, "data-testid": `objection-${number}-${o.participant_id}` },
    h("p", { class: "pl-objector" }, h("strong", {}, "Objection"), ` from ${who}`),
    h("blockquote", { class: "pl-reason" }, o.reason),
    h("label", { class: "inline pl-addressed" }, box, o.addressed ? "Addressed" : decided ? "Not addressed" : "Mark as addressed"),
    refused,
  );
}

/**
 * The decision: close the text (after a confirmation) or do not close it and issue a report;
 * afterwards the content hash and the downloads.
 * @param {Connection} conn
 * @param {string} token
 */
function decisionCard(conn, token) {
  const summary = h("ul", { class: "pl-summary", "data-testid": "decision-summary" });
  const note = /** @type {HTMLTextAreaElement} */ (h("textarea", { rows: 3, maxlength: 2000, "data-testid": "decline-note" }));
  const status = h("p", { class: "save-status", "aria-live": "polite", "data-testid": "decision-status" });
  /** @param {string} type @param {Record<string, any>} fields */
  const decide = async (type, fields) => {
    setText(status, "Saving…");
    const ack = await conn.send(type, fields);
    setText(status, ack.ok ? "" : `Not done: ${ack.message}`);
  };
  const confirm = h("div", { class: "pl-confirm", hidden: true, "data-testid": "close-confirm" },
    h("p", {}, "Close the text now? The composite as it stands is frozen with a content hash: no further change, no further reactions. Endorsements then open."),
    h("div", { class: "button-row" },
      h("button", { type: "button", class: "primary", "data-testid": "close-confirm-yes", onclick: () => void decide("CloseText", {}) }, "Yes, close the text"),
      h("button", { type: "button", class: "link", onclick: () => (confirm.hidden = true) }, "Cancel")));
  const decline = h("div", { class: "pl-confirm", hidden: true, "data-testid": "decline-box" },
    h("label", { class: "field" }, "A note for the report (optional)", note),
    h("div", { class: "button-row" },
      h("button", { type: "button", class: "danger", "data-testid": "decline-confirm", onclick: () => void decide("DeclineToClose", { note: note.value.trim() }) }, "Do not close: issue the report"),
      h("button", { type: "button", class: "link", onclick: () => (decline.hidden = true) }, "Cancel")));
  const choose = h("div", { class: "button-row" },
    h("button", { type: "button", class: "primary", "data-testid": "close-text", onclick: () => ((confirm.hidden = false), (decline.hidden = true)) }, "Close the text…"),
    h("button", { type: "button", "data-testid": "decline", onclick: () => ((decline.hidden = false), (confirm.hidden = true)) }, "Do not close — issue a report…"));
  const before = h("div", {}, h("p", { class: "muted" }, "Weigh the reactions, the objections and who has not reacted, then decide. The app does not judge consensus for you."),
    summary, choose, confirm, decline);
  const after = h("div", { "data-testid": "decided" });
  const root = h("section", { class: "card pl-decide", "data-testid": "decision" }, h("h2", {}, "Decision"), before, after, status);
  let drawn = "";

  /** @param {State} state @param {Review | null} data */
  function render(state, data) {
    const decision = state.plenary.decision;
    before.hidden = decision !== null;
    after.hidden = decision === null;
    if (!decision) {
      const open = (data?.review ?? []).filter((r) => r.open_objections > 0);
      const draftOnly = state.paragraphs.length - composedCount(state);
      fill(summary,
        h("li", {}, `Composite version ${state.plenary.composite_version}: ${composedCount(state)} of ${state.paragraphs.length} paragraphs set${draftOnly ? `; ${draftOnly} keep the draft` : ""}.`),
        h("li", {}, open.length ? `Objections not marked addressed: ${open.reduce((s, r) => s + r.open_objections, 0)} (paragraph ${open.map((r) => r.paragraph).join(", ")}).` : "No objection is open."),
        (data?.review ?? []).some((r) => r.revision > 0 && r.silent_stakeholder_groups.length)
          ? h("li", {}, "Some stakeholder groups have not reacted to every paragraph: see each chair's view.") : null);
      return;
    }
    const key = JSON.stringify([decision, state.session_id]);
    if (key === drawn) return;
    drawn = key;
    const base = `/api/sessions/${encodeURIComponent(state.session_id ?? "")}`;
    const q = `?token=${encodeURIComponent(token)}`;
    /** @param {string} file @param {string} label */
    const link = (file, label) => h("a", { href: `${base}/${file}${q}`, download: "", "data-testid": `download-${file.replace(".", "-")}` }, label);
    fill(after,
      decision.kind === "closed"
        ? h("p", { class: "pl-decision-title" }, `The text is closed (composite version ${decision.composite_version}).`)
        : h("p", { class: "pl-decision-title" }, "The text was not closed: the report records the agreement and disagreement."),
      decision.kind === "closed" ? h("p", {}, "Content hash: ", h("code", { class: "pl-hash-full", "data-testid": "content-hash" }, decision.content_hash)) : null,
      decision.note ? h("p", { "data-testid": "decision-note" }, `Note: ${decision.note}`) : null,
      h("h3", {}, "Downloads"),
      h("ul", { class: "pl-downloads plain-list" },
        h("li", {}, h("strong", {}, "Composite text: "), link("composite.md", "Markdown"), " · ", link("composite.html", "HTML"), " · ", link("composite.docx", "Word (DOCX)")),
        h("li", {}, h("strong", {}, "Report: "), link("report.md", "Markdown"), " · ", link("report.html", "HTML"), " · ", link("report.docx", "Word (DOCX)")),
        h("li", {}, h("strong", {}, "Endorsement register: "), link("endorsements.csv", "CSV")),
        h("li", {}, h("strong", {}, "Archive of the whole log: "), link("archive.json", "JSON"))));
  }

  return { root, render };
}
