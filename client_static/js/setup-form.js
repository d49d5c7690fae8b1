// The moderator's set-up form: title, draft (typed or loaded from a file) with a live preview of
// its numbered paragraphs, points of disagreement, stakeholder groups, group sizing, round length.
// It reads itself into a ConfigureSession command and fills itself from the state.

import { byId, fill, h, setText } from "./dom.js";
import { LIMITS } from "./limits.js";
import { DEFAULT_ROUND_SECS, DEFAULT_STAKEHOLDER_GROUPS, DEFAULT_TARGET_GROUP_SIZE } from "./protocol.js";

/** @typedef {{paragraph: string, question: string, options: string[]}} PointDraft */

const MAX_OPTIONS = LIMITS.ConfigureSession["points.*.options"].maxItems;

/**
 * Paragraphs are separated by blank lines, as facilitation/draft.py splits them.
 * @param {string} draft
 * @returns {string[]}
 */
export function splitParagraphs(draft) {
  const text = draft.replace(/\r\n/g, "\n").replace(/\r/g, "\n");
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

/**
 * @param {HTMLFormElement} form
 * @param {{bind: (intent: string, handler: import("./dom.js").IntentHandler) => void}} options
 */
export function setupForm(form, { bind }) {
  let dirty = false;
  const pointsBox = byId("points");
  /** @param {string} name */
  const field = (name) => /** @type {HTMLInputElement} */ (form.elements.namedItem(name));

  /** @returns {PointDraft[]} */
  const readPoints = () =>
    Array.from(pointsBox.querySelectorAll(".point-row"), (row) => ({
      paragraph: /** @type {HTMLInputElement} */ (row.querySelector("[name=paragraph]")).value,
      question: /** @type {HTMLInputElement} */ (row.querySelector("[name=question]")).value,
      options: Array.from(row.querySelectorAll("[name=option]"), (o) => /** @type {HTMLInputElement} */ (o).value),
    }));

  /** @param {PointDraft[]} points */
  const drawPoints = (points) => {
    fill(pointsBox, points.map(pointRow));
    hints();
  };

  const hints = () => {
    const paragraphs = splitParagraphs(field("draft").value);
    fill(byId("draft-preview"), paragraphs.map((p) => h("li", {}, p)));
    for (const row of pointsBox.querySelectorAll(".point-row")) {
      const n = parseInt(/** @type {HTMLInputElement} */ (row.querySelector("[name=paragraph]")).value, 10);
      const text = paragraphs[n - 1];
      setText(
        /** @type {HTMLElement} */ (row.querySelector(".para-hint")),
        text ? `“${text.slice(0, 90)}${text.length > 90 ? "…" : ""}”` : n ? `The draft has ${paragraphs.length} paragraphs.` : "",
      );
    }
  };

  const roundHint = () => {
    const secs = roundSecs(field("round_minutes").value);
    setText(byId("round-hint"), secs === null ? "" : secs < 120 ? `${secs} seconds` : `${Math.round(secs / 6) / 10} minutes`);
  };

  /** @param {(points: PointDraft[], index: number) => void} change @returns {import("./dom.js").IntentHandler} */
  const editPoints = (change) => (el) => {
    const points = readPoints();
    const row = el.closest(".point-row");
    const index = row ? Array.from(pointsBox.children).indexOf(row) : -1;
    change(points, index);
    drawPoints(points);
    dirty = true;
  };

  bind(
    "add-point",
    editPoints((points) => {
      points.push({ paragraph: "", question: "", options: ["", ""] });
    }),
  );
  bind(
    "remove-point",
    editPoints((points, i) => {
      points.splice(i, 1);
    }),
  );
  bind(
    "add-option",
    editPoints((points, i) => {
      if (points[i].options.length < MAX_OPTIONS) points[i].options.push("");
    }),
  );
  bind("remove-option", (el) => {
    const at = Array.from(el.closest(".options")?.querySelectorAll(".option-row") ?? []).indexOf(
      /** @type {Element} */ (el.closest(".option-row")),
    );
    editPoints((points, i) => {
      if (points[i].options.length > 2) points[i].options.splice(at, 1);
    })(el, new Event("click"));
  });
  bind("draft-changed", hints);
  bind("round-changed", roundHint);
  bind("load-draft", (el) => {
    const file = /** @type {HTMLInputElement} */ (el).files?.[0];
    if (!file) return;
    const reader = new FileReader();
    reader.onload = () => {
      field("draft").value = String(reader.result ?? "");
      dirty = true;
      hints();
    };
    reader.readAsText(file);
  });
  pointsBox.addEventListener("input", hints);
  form.addEventListener("input", () => {
    dirty = true;
  });

  return {
    get dirty() {
      return dirty;
    },
    /** After a successful save the state is the truth again. */
    markSaved() {
      dirty = false;
    },

    /**
     * The form as ConfigureSession fields, or the first local problem with its field.
     * @returns {{fields: import("./protocol-types.js").CommandFields<"ConfigureSession">} | {field: string, message: string}}
     */
    read() {
      const secs = roundSecs(field("round_minutes").value);
      if (secs === null) return { field: "round_secs", message: "Give the round length in minutes." };
      const bySize = /** @type {HTMLInputElement} */ (form.querySelector("[name=sizing]:checked"))?.value !== "count";
      const points = readPoints().map((p) => ({
        paragraph: parseInt(p.paragraph, 10) || 0,
        question: p.question.trim(),
        options: p.options.map((o) => o.trim()).filter((o) => o.length > 0),
      }));
      for (const [i, p] of points.entries()) {
        if (p.paragraph < 1) return { field: `points.${i}.paragraph`, message: "Give the paragraph number." };
        if (!p.question) return { field: `points.${i}.question`, message: "Write the question." };
        if (p.options.length < 2) return { field: `points.${i}.options`, message: "Give at least two options." };
      }
      return {
        fields: {
          title: field("title").value.trim(),
          draft: field("draft").value,
          points,
          stakeholder_groups: field("stakeholder_groups")
            .value.split("\n")
            .map((g) => g.trim())
            .filter((g) => g.length > 0),
          group_count: bySize ? null : parseInt(field("group_count").value, 10) || null,
          target_group_size: bySize ? parseInt(field("target_group_size").value, 10) || null : null,
          round_secs: secs,
          remote_groups: Math.max(0, parseInt(field("remote_groups").value, 10) || 0),
        },
      };
    },

    /**
     * Show the session's set-up (or the defaults) unless the moderator is editing.
     * @param {import("./state.js").State} state
     */
    fillFrom(state) {
      if (dirty) return;
      const s = state.settings;
      field("title").value = state.title;
      field("draft").value = state.paragraphs.join("\n\n");
      field("stakeholder_groups").value = (state.configured ? state.stakeholder_groups : DEFAULT_STAKEHOLDER_GROUPS).join("\n");
      const bySize = !state.configured || s.group_count === null;
      /** @type {HTMLInputElement} */ (form.querySelector(`[name=sizing][value=${bySize ? "size" : "count"}]`)).checked = true;
      field("target_group_size").value = String(s.target_group_size ?? DEFAULT_TARGET_GROUP_SIZE);
      if (s.group_count !== null) field("group_count").value = String(s.group_count);
      field("round_minutes").value = String(Math.round(((state.configured ? s.round_secs : DEFAULT_ROUND_SECS) / 60) * 1000) / 1000);
      field("remote_groups").value = String(state.configured ? s.remote_groups : 1);
      drawPoints(
        state.configured
          ? state.points.map((p) => ({ paragraph: String(p.paragraph), question: p.question, options: p.options.map((o) => o.label) }))
          : [{ paragraph: "", question: "", options: ["", ""] }],
      );
      roundHint();
    },
  };
}

/** Minutes as typed (0.05 is 3 seconds for a demo) -> whole seconds, at least 1. @param {string} typed */
function roundSecs(typed) {
  const minutes = parseFloat(typed);
  if (!Number.isFinite(minutes) || minutes <= 0) return null;
  return Math.max(1, Math.round(minutes * 60));
}

/**
 * @param {PointDraft} point
 * @param {number} i
 */
function pointRow(point, i) {
  return h(
    "fieldset",
    { class: "point-row", "data-field": `points.${i}`, "data-testid": `point-${i}` },
    h("legend", {}, `Point ${i + 1}`),
    h(
      "div",
      { class: "point-top" },
      h(
        "label",
        { class: "field para", "data-field": `points.${i}.paragraph` },
        "Paragraph",
        h("input", { type: "number", name: "paragraph", min: 1, value: point.paragraph, "data-testid": `point-${i}-paragraph` }),
      ),
      h(
        "label",
        { class: "field grow", "data-field": `points.${i}.question` },
        "Question",
        h("input", { name: "question", maxlength: LIMITS.ConfigureSession["points.*.question"].maxLength, value: point.question, "data-testid": `point-${i}-question` }),
      ),
      h("button", { type: "button", class: "small-button danger", "data-intent": "remove-point", "data-testid": `point-${i}-remove` }, "Remove point"),
    ),
    h("p", { class: "para-hint muted small" }),
    h(
      "div",
      { class: "options field", "data-field": `points.${i}.options` },
      h("span", { class: "label" }, "Options"),
      point.options.map((option, k) =>
        h(
          "div",
          { class: "option-row", "data-field": `points.${i}.options.${k}` },
          h("span", { class: `tag swatch-tag c-${k % 8}` }, String.fromCharCode(65 + k)),
          h("input", { name: "option", maxlength: LIMITS.ConfigureSession["points.*.options.*"].maxLength, value: option, "aria-label": `Option ${String.fromCharCode(65 + k)}`, "data-testid": `point-${i}-option-${k}` }),
          point.options.length > 2
            ? h("button", { type: "button", class: "small-button", "data-intent": "remove-option", "aria-label": "Remove option" }, "×")
            : null,
        ),
      ),
      point.options.length < MAX_OPTIONS
        ? h("button", { type: "button", class: "small-button", "data-intent": "add-option", "data-testid": `point-${i}-add-option` }, "Add option")
        : null,
    ),
  );
}
