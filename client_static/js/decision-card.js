// The chair's decision on the composite: close the text (after a confirmation) or do not close
// it and issue a report; afterwards the content hash and the downloads.

import { fill, h, setText } from "./dom.js";
import { LIMITS } from "./limits.js";
import { composedCount } from "./plenary-view.js";

/** @import { State } from "./state.js" */
/** @import { Connection } from "./connection.js" */
/** @typedef {import("./protocol-types.js").ReviewAck} Review */

/**
 * The decision: close the text (after a confirmation) or do not close it and issue a report;
 * afterwards the content hash and the downloads.
 * @param {Connection} conn
 * @param {string} token
 */
export function decisionCard(conn, token) {
  const summary = h("ul", { class: "pl-summary", "data-testid": "decision-summary" });
  const note = /** @type {HTMLTextAreaElement} */ (h("textarea", { rows: 3, maxlength: LIMITS.DeclineToClose.note.maxLength, "data-testid": "decline-note" }));
  const status = h("p", { class: "save-status", "aria-live": "polite", "data-testid": "decision-status" });
  /**
   * @template {"CloseText" | "DeclineToClose"} T
   * @param {T} type
   * @param {import("./protocol-types.js").CommandFields<T>} fields
   */
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
