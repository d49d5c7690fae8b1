// The flip-chart outcome form: option reached (or a compromise), strength, show of hands, notes.
// Used by the facilitator for their group's current point and by the moderator to correct.

import { h, setText } from "./dom.js";
import { letter } from "./grid.js";
import { clearFieldErrors, showFieldError } from "./page.js";
import { LIMITS } from "./limits.js";
import { COMPROMISE, STRENGTHS } from "./protocol.js";
import { STRENGTH_LABELS } from "./vocabulary.js";

/** @import { Point, Outcome } from "./protocol-types.js" */
/**
 * @typedef {Omit<import("./protocol-types.js").CommandFields<"RecordOutcome">, "group_id" | "point_id">} OutcomeFields
 *   what the form fills in; the page adds whose outcome on which point
 * @typedef {{ok: true, revision: number} | {ok: false, code: string, message: string, field: string | null}} SaveResult
 */

const HANDS = /** @type {const} */ ([
  ["in_favour", "For"],
  ["against", "Against"],
  ["abstain", "Abstain"],
]);

/**
 * @param {{name: string, onSave: (fields: OutcomeFields) => Promise<SaveResult>}} options
 *   name: unique per page (radio groups); onSave sends the command and reports the result
 */
export function outcomeForm({ name, onSave }) {
  const form = /** @type {HTMLFormElement} */ (h("form", { class: "outcome-form", novalidate: true, "data-testid": "outcome-form" }));
  const status = h("p", { class: "save-status", "data-testid": "save-status", "aria-live": "polite" });
  let saving = false;

  /** @param {string} field */
  const input = (field) => /** @type {HTMLInputElement} */ (form.querySelector(`[name="${name}-${field}"]`));
  /** @param {string} field */
  const checked = (field) =>
    /** @type {HTMLInputElement | null} */ (form.querySelector(`[name="${name}-${field}"]:checked`))?.value ?? "";

  const showCompromise = () => {
    const box = /** @type {HTMLElement | null} */ (form.querySelector(".compromise-box"));
    if (box) box.hidden = checked("choice") !== COMPROMISE;
  };

  /** @param {string} key @param {number} delta */
  const bump = (key, delta) => {
    const field = input(`hands-${key}`);
    field.value = String(Math.max(0, (parseInt(field.value, 10) || 0) + delta));
    field.dispatchEvent(new Event("input", { bubbles: true }));
  };

  /**
   * Draw the form for a point, prefilled from the outcome already recorded (if any).
   * @param {Point} point
   * @param {Outcome | null | undefined} outcome
   */
  function load(point, outcome) {
    const choices = [
      ...point.options.map((o, i) => ({ id: o.option_id, label: `${letter(i)}: ${o.label}` })),
      { id: COMPROMISE, label: "A compromise" },
    ];
    form.replaceChildren(
      h(
        "fieldset",
        { class: "field", "data-field": "choice" },
        h("legend", {}, "Outcome reached"),
        h(
          "div",
          { class: "tiles" },
          choices.map((c) =>
            h(
              "label",
              { class: "tile" },
              h("input", {
                type: "radio",
                name: `${name}-choice`,
                value: c.id,
                checked: outcome?.choice === c.id,
                "data-testid": `outcome-choice-${c.id}`,
              }),
              c.label,
            ),
          ),
        ),
        h(
          "label",
          { class: "field compromise-box", "data-field": "compromise_text", hidden: outcome?.choice !== COMPROMISE },
          "The compromise",
          h("textarea", { name: `${name}-compromise_text`, rows: 2, maxlength: LIMITS.RecordOutcome.compromise_text.maxLength, "data-testid": "compromise-text" }, outcome?.compromise_text ?? ""),
        ),
      ),
      h(
        "fieldset",
        { class: "field", "data-field": "strength" },
        h("legend", {}, "Strength"),
        h(
          "div",
          { class: "segmented" },
          STRENGTHS.map((s) =>
            h(
              "label",
              { class: "segment" },
              h("input", { type: "radio", name: `${name}-strength`, value: s, checked: outcome?.strength === s, "data-testid": `strength-${s}` }),
              STRENGTH_LABELS[s],
            ),
          ),
        ),
      ),
      h(
        "fieldset",
        { class: "field", "data-field": "hands" },
        h("legend", {}, "Show of hands"),
        h(
          "div",
          { class: "hands" },
          HANDS.map(([key, label]) =>
            h(
              "div",
              { class: "counter", "data-field": `hands.${key}` },
              h("span", { class: "counter-label" }, label),
              h("button", { type: "button", class: "step", "aria-label": `${label} minus one`, onclick: () => bump(key, -1) }, "−"),
              h("input", {
                type: "number",
                inputmode: "numeric",
                min: 0,
                max: LIMITS.RecordOutcome[`hands.${key}`].maximum,
                name: `${name}-hands-${key}`,
                value: String(outcome?.hands?.[key] ?? 0),
                "aria-label": label,
                "data-testid": `hands-${key}`,
              }),
              h("button", { type: "button", class: "step", "aria-label": `${label} plus one`, onclick: () => bump(key, 1) }, "+"),
            ),
          ),
        ),
      ),
      h(
        "label",
        { class: "field", "data-field": "notes" },
        "Notes",
        h("textarea", { name: `${name}-notes`, rows: 2, maxlength: LIMITS.RecordOutcome.notes.maxLength, "data-testid": "notes" }, outcome?.notes ?? ""),
      ),
      h(
        "div",
        { class: "save-row" },
        h("button", { type: "submit", class: "primary", "data-testid": "save-outcome" }, outcome ? "Save changes" : "Save outcome"),
        status,
      ),
    );
    setText(status, outcome ? `Saved (revision ${outcome.revision})` : "");
    status.dataset.state = outcome ? "saved" : "";
  }

  form.addEventListener("change", showCompromise);
  form.addEventListener("input", () => {
    if (status.dataset.state === "saved") {
      setText(status, "Unsaved changes");
      status.dataset.state = "dirty";
    }
  });
  form.addEventListener("change", () => {
    if (status.dataset.state === "saved") {
      setText(status, "Unsaved changes");
      status.dataset.state = "dirty";
    }
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (saving) return;
    clearFieldErrors(form);
    /** @param {string} key */
    const count = (key) => Math.max(0, parseInt(input(`hands-${key}`).value, 10) || 0);
    const choice = checked("choice");
    const strength = STRENGTHS.find((s) => s === checked("strength"));
    if (!choice) return localError("choice", "Choose the outcome the group reached.");
    if (!strength) return localError("strength", "Choose how strong the agreement is.");
    /** @type {OutcomeFields} */
    const fields = {
      choice,
      compromise_text: input("compromise_text")?.value.trim() ?? "",
      strength,
      hands: { in_favour: count("in_favour"), against: count("against"), abstain: count("abstain") },
      notes: input("notes")?.value.trim() ?? "",
    };
    if (fields.choice === COMPROMISE && !fields.compromise_text) {
      return localError("compromise_text", "Write the compromise the group reached.");
    }
    saving = true;
    setText(status, "Saving…");
    status.dataset.state = "saving";
    const result = await onSave(fields);
    saving = false;
    if (result.ok) {
      setText(status, `Saved (revision ${result.revision})`);
      status.dataset.state = "saved";
    } else {
      setText(status, "Not saved");
      status.dataset.state = "error";
      if (!showFieldError(form, result.field, result.message)) {
        setText(status, `Not saved: ${result.message}`);
      }
    }
  });

  /** @param {string} field @param {string} message */
  function localError(field, message) {
    showFieldError(form, field, message);
    setText(status, "Not saved");
    status.dataset.state = "error";
  }

  return { form, load };
}
