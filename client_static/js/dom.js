// Building the DOM from data, with text only ever set as text (never innerHTML), and one
// delegated listener per page that turns clicks, submits and changes into named intents.

/** @typedef {Node | string | number | null | undefined | false | ReadonlyArray<unknown>} Child (arrays nest) */

const PROPERTIES = new Set(["checked", "selected", "disabled", "hidden", "multiple", "open"]);

/**
 * h("button", {class: "big", "data-testid": "x", onclick: f}, "Text", child, [more])
 * Attributes whose value is null, undefined or false are left out; `true` sets an empty one.
 * @param {string} tag
 * @param {Record<string, any> | null} [attrs]
 * @param {...Child} children
 * @returns {HTMLElement}
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "innerHTML" || key === "outerHTML") throw new Error("h() sets text only");
    if (key === "class") el.className = String(value);
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (PROPERTIES.has(key)) /** @type {any} */ (el)[key] = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

/**
 * @param {Node} parent
 * @param {Child[]} children
 */
function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else if (child instanceof Node) parent.appendChild(child);
    else parent.appendChild(document.createTextNode(String(child)));
  }
}

/**
 * Replace an element's children.
 * @param {Element} el
 * @param {...Child} children
 */
export function fill(el, ...children) {
  const fragment = document.createDocumentFragment();
  append(fragment, children);
  el.replaceChildren(fragment);
}

/**
 * The element with this id, or a clear error naming the id (a page and its HTML disagree).
 * @template {HTMLElement} [T=HTMLElement]
 * @param {string} id
 * @returns {T}
 */
export function byId(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from the page`);
  return /** @type {T} */ (el);
}

/**
 * Set text only when it changed (keeps selections and screen readers calm).
 * @param {Element} el
 * @param {string} text
 */
export function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

/**
 * A countdown as m:ss (h:mm:ss past an hour), rounded up so "0:00" means time is up.
 * @param {number} ms
 * @returns {string}
 */
export function fmtClock(ms) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, "0");
  if (hours > 0) return `${hours}:${String(minutes).padStart(2, "0")}:${seconds}`;
  return `${String(minutes).padStart(2, "0")}:${seconds}`;
}

/**
 * @callback IntentHandler
 * @param {HTMLElement} el the element that carries `data-intent`
 * @param {Event} event
 * @returns {void | Promise<void>}
 */

/**
 * One delegated listener for a page: an element with `data-intent="name"` triggers the handler
 * bound to that name: a form on submit, an input/select/textarea on change (and on input when
 * it also has `data-live`), anything else on click.
 * @param {Document | HTMLElement} root
 * @returns {(intent: string, handler: IntentHandler) => void} bind
 */
export function intents(root = document) {
  /** @type {Map<string, IntentHandler>} */
  const handlers = new Map();
  /** @param {Event} event */
  const dispatch = (event) => {
    const target = /** @type {Element | null} */ (event.target);
    const el = /** @type {HTMLElement | null} */ (target?.closest?.("[data-intent]") ?? null);
    if (!el) return;
    const isForm = el instanceof HTMLFormElement;
    const isField =
      el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement;
    const wanted = isForm ? "submit" : isField ? (el.dataset.live !== undefined ? "input" : "change") : "click";
    if (event.type !== wanted) return;
    const handler = handlers.get(el.dataset.intent ?? "");
    if (!handler) return;
    if (isForm || el instanceof HTMLAnchorElement) event.preventDefault();
    void handler(el, event);
  };
  for (const type of ["click", "submit", "change", "input"]) root.addEventListener(type, dispatch);
  return (intent, handler) => {
    handlers.set(intent, handler);
  };
}

/**
 * Copy text to the clipboard; on plain http (no Clipboard API) fall back to a selected field.
 * @param {string} text
 * @returns {Promise<boolean>}
 */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const field = h("textarea", { class: "offscreen", readonly: true }, text);
    document.body.appendChild(field);
    /** @type {HTMLTextAreaElement} */ (field).select();
    const done = document.execCommand("copy");
    field.remove();
    return done;
  }
}

/**
 * A page draws a part again only when one of its inputs changed. State parts are replaced,
 * never mutated, so comparing references is enough.
 * @returns {(part: string, inputs: unknown[]) => boolean} changed
 */
export function changeTracker() {
  /** @type {Map<string, unknown[]>} */
  const drawn = new Map();
  return (part, inputs) => {
    const previous = drawn.get(part);
    if (previous && previous.length === inputs.length && previous.every((x, i) => x === inputs[i])) return false;
    drawn.set(part, inputs);
    return true;
  };
}
