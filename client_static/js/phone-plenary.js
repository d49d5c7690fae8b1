// A phone's or hub participant's part after the rotation (/join, /hub?code=…): the composite as
// it forms, a reaction per paragraph (support / can live with it / object, with a reason) until
// the chair decides, then the decision and the endorsement form. join.js loads this module
// only once the rotation is over.

import { fill, h, setText } from "./dom.js";
import { phoneEndorsement } from "./endorse.js";
import { LIMITS } from "./limits.js";
import { addressedKey } from "./plenary.js";
import { compositeRows, composedCount, decisionBanner, ensureStylesheet } from "./plenary-view.js";
import { REACTIONS } from "./protocol.js";
import { REACTION_LABELS } from "./vocabulary.js";

/** @import { State } from "./state.js" */
/** @import { Reaction } from "./protocol-types.js" */
/** @import { Row } from "./plenary-view.js" */

/**
 * What /join (and /hub?code=…) shows after the rotation, for a participant, or for someone not in
 * the session once the chair has decided: the text, reactions, the decision, the endorsement form.
 * @param {import("./connection.js").Connection} conn
 * @param {string} code the join code (endorsements from the open link are remembered per code)
 * @returns {{root: HTMLElement, render: (state: State, me: import("./connection.js").Me | null) => void}}
 */
export function phonePlenary(conn, code) {
  const endorsement = phoneEndorsement(conn, { code });
  const plenary = participantPlenary(conn, { after: endorsement.root });
  return {
    root: plenary.root,
    render(state, me) {
      plenary.render(state, me?.role === "participant" ? me.participant_id : null);
      endorsement.render(state, me);
    },
  };
}

/**
 * A phone's or hub participant's part after the rotation: the composite forming, a reaction per
 * paragraph (until the chair decides), then the decision. Its DOM persists between renders so
 * that a half-typed reason survives live updates. Everyone here reacts for themselves, as one
 * person, whether in the room or at a hub: only a registered hub's console speaks for its people.
 * @param {import("./connection.js").Connection} conn
 * @param {{after?: Node}} [options] after: shown below the decision (the endorsement part)
 */
export function participantPlenary(conn, { after } = {}) {
  ensureStylesheet();
  const heading = h("h1", { "data-testid": "status" });
  const lead = h("p", { class: "lead", "data-testid": "plenary-lead" });
  const banner = h("div");
  const list = h("div", { class: "pl-paras" });
  const root = h("section", { class: "pl-phone", "data-testid": "plenary" }, heading, lead, banner, after ?? null, list);
  /** @type {Map<number, ReturnType<typeof paragraphCard>>} */
  const cards = new Map();
  let bannerKey = "";

  /** @param {State} state @param {string | null} participantId null for someone not in the session */
  function render(state, participantId) {
    const decision = state.plenary.decision;
    const composed = composedCount(state);
    setText(
      heading,
      decision ? (decision.kind === "closed" ? "The final text" : "The composite text") : composed === 0 ? "The rotation is over." : "The composite text",
    );
    setText(
      lead,
      decision
        ? ""
        : composed === 0
          ? "The moderator is assembling the composite text from what the groups reached. It will appear here as it forms."
          : participantId
            ? "The moderator assembles it paragraph by paragraph. React to each paragraph: your reaction counts for its current wording."
            : "The moderator assembles it paragraph by paragraph.",
    );
    lead.hidden = !lead.textContent;
    const key = JSON.stringify(decision);
    if (key !== bannerKey) {
      bannerKey = key;
      fill(banner, decision ? decisionBanner(decision) : null);
    }
    list.hidden = composed === 0 && !decision;
    for (const row of compositeRows(state)) {
      let card = cards.get(row.number);
      if (!card) {
        card = paragraphCard(conn, row.number);
        cards.set(row.number, card);
        list.appendChild(card.root);
      }
      card.render(state, row, participantId);
    }
  }

  return { root, render };
}

/**
 * One paragraph on a phone, with its reaction controls.
 * @param {import("./connection.js").Connection} conn
 * @param {number} number
 */
function paragraphCard(conn, number) {
  const head = h("div", { class: "pl-para-head" });
  const text = h("blockquote", { class: "pl-text", "data-testid": `para-text-${number}` });
  const draft = h("details", { class: "pl-draft" });
  const choices = h("div", { class: "pl-choices", role: "group", "aria-label": `Your reaction to paragraph ${number}` });
  const reason = /** @type {HTMLTextAreaElement} */ (
    h("textarea", { rows: 3, maxlength: LIMITS.React.reason.maxLength, "data-testid": `reason-${number}`, placeholder: "What would you change, and why?" })
  );
  const left = h("span", { class: "pl-left muted small" });
  const sendObjection = h("button", { type: "button", class: "primary", "data-testid": `send-objection-${number}` }, "Send objection");
  const objectBox = h(
    "div",
    { class: "pl-object", hidden: true },
    h("label", { class: "field" }, "Why do you object? (required)", reason),
    h("div", { class: "pl-object-row" }, left, sendObjection),
  );
  const status = h("p", { class: "saved-line", "data-testid": `react-status-${number}`, "aria-live": "polite" });
  const react = h("div", { class: "pl-react" }, choices, objectBox, status);
  const root = h("article", { class: "pl-para", "data-testid": `para-${number}` }, head, text, draft, react);

  /** @type {Reaction | null} */
  let saving = null;
  let error = "";
  let drawn = "";
  /** @type {[State, Row, string | null] | null} */
  let last = null;
  const redraw = () => last && render(...last);
  const countLeft = () => setText(left, `${LIMITS.React.reason.maxLength - reason.value.length} characters left`);
  reason.addEventListener("input", countLeft);
  countLeft();

  /** @param {Reaction} reaction */
  async function send(reaction) {
    if (!last || saving) return;
    const why = reason.value.trim();
    if (reaction === "object" && !why) {
      error = "Say briefly why you object.";
      redraw();
      reason.focus();
      return;
    }
    const fields = { paragraph: number, reaction, ...(reaction === "object" ? { reason: why } : {}) };
    saving = reaction;
    error = "";
    redraw();
    const ack = await conn.send("React", fields);
    if (ack.ok) await conn.whenApplied(ack.seq);
    saving = null;
    error = ack.ok ? "" : ack.message;
    if (ack.ok && reaction === "object") objectBox.hidden = true;
    redraw();
  }

  sendObjection.addEventListener("click", () => void send("object"));

  /** @param {State} state @param {Row} row @param {string | null} participantId */
  function render(state, row, participantId) {
    last = [state, row, participantId];
    const decided = state.plenary.decision !== null;
    const mine = participantId ? state.plenary.reactions[number]?.[participantId] : undefined;
    const current = mine && mine.revision === row.revision ? mine : undefined;
    const stale = Boolean(mine && mine.revision < row.revision);
    const addressed = Boolean(current && state.plenary.addressed.includes(addressedKey(number, participantId ?? "")));
    const canReact = Boolean(participantId) && row.revision > 0 && !decided;
    const key = JSON.stringify([row, decided, current, stale, addressed, canReact, saving, error]);
    if (key === drawn) return;
    drawn = key;
    root.dataset.changed = String(row.changed);
    root.classList.toggle("pending", row.revision === 0 && !decided);
    fill(
      head,
      h("span", { class: "paragraph-label" }, `Paragraph ${number}`),
      row.revision === 0 && !decided ? h("span", { class: "pl-mark draft" }, "Draft: not in the composite yet") : null,
      row.changed ? h("span", { class: "pl-mark changed", "data-testid": `mark-changed-${number}` }, "Changed from the draft") : null,
      stale && canReact ? h("span", { class: "pl-mark new", "data-testid": `mark-new-${number}` }, "New since you reacted") : null,
    );
    setText(text, row.text);
    draft.hidden = !row.changed;
    fill(draft, h("summary", {}, "The draft's wording"), h("p", {}, row.draft));
    react.hidden = !canReact;
    if (!canReact) return;
    const chosen = saving ? null : current?.reaction ?? null;
    fill(
      choices,
      REACTIONS.map((r) =>
        h(
          "button",
          {
            type: "button",
            class: `choice pl-choice r-${r}${r === chosen ? " chosen" : ""}${r === saving ? " saving" : ""}`,
            "data-testid": `react-${number}-${r}`,
            "aria-pressed": String(r === chosen),
            disabled: saving !== null,
            onclick: () => {
              if (r === "object") {
                objectBox.hidden = false; // an objection is sent with its reason
                error = "";
                redraw();
                reason.focus();
                return;
              }
              objectBox.hidden = true;
              void send(r);
            },
          },
          REACTION_LABELS[r],
        ),
      ),
    );
    if (current?.reaction === "object" && !reason.value && document.activeElement !== reason) reason.value = current.reason;
    countLeft();
    status.classList.toggle("field-error", Boolean(error));
    setText(
      status,
      error ||
        (saving
          ? "Saving…"
          : current
            ? `Saved: ${REACTION_LABELS[current.reaction]}.` +
              (addressed ? " The chair marked your objection as addressed." : " You can change it.")
            : stale
              ? "The wording changed since you reacted: react again."
              : "Tap your reaction."),
    );
  }

  return { root, render };
}
