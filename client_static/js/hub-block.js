// The hub's positions as a block, on its group's current point: a counter per choice (the
// options, a compromise, undecided) and the sentence the operator checks before saving
// ("9 of 14 here back option B, 3 a compromise, 2 undecided").

import { h } from "./dom.js";
import { LIMITS } from "./limits.js";
import { COMPROMISE, UNDECIDED } from "./protocol.js";

/** @import { Point } from "./protocol-types.js" */

/** @param {string} choice @param {string} label */
export function counter(choice, label) {
  const step = (/** @type {number} */ by, /** @type {string} */ sign, /** @type {string} */ name) =>
    h("button", { type: "button", class: "step", "data-intent": "count-step", "data-choice": choice, "data-step": by, "aria-label": `${label}: ${name}`, "data-testid": `count-${choice}-${name}` }, sign);
  return h(
    "div",
    { class: "counter", "data-choice": choice },
    h("span", { class: "counter-label" }, label),
    step(-1, "−", "minus"),
    h("input", { type: "number", inputmode: "numeric", min: 0, max: LIMITS.SetHubPositions["counts.*"].maximum, "data-intent": "count", "data-live": true, "data-choice": choice, "data-testid": `count-${choice}`, "aria-label": label }),
    step(1, "+", "plus"),
  );
}

/** @param {number} i */
export const letter = (i) => String.fromCharCode(65 + i);

/** @param {Point} point */
export function choicesOf(point) {
  return [
    ...point.options.map((o, i) => ({ id: o.option_id, tag: letter(i), label: o.label, name: `option ${letter(i)}` })),
    { id: COMPROMISE, tag: "≈", label: "Compromise", name: "a compromise" },
    { id: UNDECIDED, tag: "?", label: "Undecided", name: "undecided" },
  ];
}

/**
 * "9 of 14 here back option B, 2 option A, 3 a compromise, 2 undecided".
 * @param {Point} point
 * @param {Record<string, number>} counts
 * @param {number} present
 */
export function sentence(point, counts, present) {
  const named = choicesOf(point).filter((c) => (counts[c.id] ?? 0) > 0);
  const options = named.filter((c) => c.id !== COMPROMISE && c.id !== UNDECIDED).sort((a, b) => counts[b.id] - counts[a.id]);
  const parts = [...options, ...named.filter((c) => c.id === COMPROMISE || c.id === UNDECIDED)].map((c) => `${counts[c.id]} ${c.name}`);
  if (parts.length === 0) return `No positions yet: count the hands of the ${present} present for each option.`;
  const [first, ...rest] = parts;
  const [n, ...words] = first.split(" ");
  const verb = words[0] === "undecided" ? "are" : "back";
  return [`${n} of ${present} here ${verb} ${words.join(" ")}`, ...rest].join(", ");
}

/** @param {Record<string, number>} a @param {Record<string, number>} b */
export function same(a, b) {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => (a[k] ?? 0) === (b[k] ?? 0));
}
