// The moderator's people: the live participants table, and the groups with their labels,
// members (each movable to another group) and facilitator links.

import { h } from "./dom.js";
import { groupName } from "./views.js";
import { MODE_LABELS } from "./vocabulary.js";

/** @import { State } from "./state.js" */
/** @typedef {{group_id: string, number: number, link: string}} FacilitatorLink */

/**
 * @param {State} state
 * @param {import("./protocol-types.js").Participant} p
 */
function modeText(state, p) {
  const mode = MODE_LABELS[p.mode] ?? p.mode;
  return p.mode === "hub" && p.hub_name ? `${mode}: ${p.hub_name}` : mode;
}

/** @param {State} state */
export function participantRows(state) {
  return Object.values(state.participants).map((p) => {
    const group = state.groups[state.group_of[p.participant_id]];
    return h(
      "tr",
      { "data-testid": "participant-row" },
      h("td", {}, p.name),
      h("td", {}, p.organisation),
      h("td", {}, p.stakeholder_group),
      h("td", {}, p.region),
      h("td", {}, modeText(state, p)),
      h("td", {}, group ? `Group ${group.number}` : "–"),
    );
  });
}

/**
 * @param {State} state
 * @param {FacilitatorLink[]} links
 */
export function groupCards(state, links) {
  const groups = Object.values(state.groups);
  return groups.map((group) => {
    const link = links.find((l) => l.group_id === group.group_id)?.link;
    const href = link ? new URL(link, location.origin).href : "";
    return h(
      "article",
      { class: "group-card", "data-testid": `group-${group.group_id}` },
      h("h3", {}, groupName(group), group.kind === "remote" ? h("span", { class: "badge" }, "remote") : null),
      h(
        "form",
        { class: "inline-form", "data-intent": "label-group", "data-group": group.group_id },
        h("input", {
          name: "label",
          value: group.label,
          maxlength: 80,
          placeholder: "Where? e.g. table by the window",
          "aria-label": `Label for group ${group.number}`,
          "data-testid": `label-${group.group_id}`,
          "data-keep": `label-${group.group_id}`,
        }),
        h("button", { type: "submit", class: "small-button" }, "Save label"),
      ),
      h(
        "ul",
        { class: "members plain-list" },
        group.members.map((id) => {
          const p = state.participants[id];
          return h(
            "li",
            { "data-testid": `member-${id}` },
            h("span", { class: "member-name" }, p ? p.name : id),
            p ? h("span", { class: "muted small" }, ` ${p.stakeholder_group} · ${modeText(state, p)}`) : null,
            groups.length > 1
              ? h(
                  "select",
                  { class: "move", "data-intent": "move", "data-participant": id, "aria-label": `Move ${p?.name ?? id}`, "data-testid": `move-${id}` },
                  h("option", { value: "", selected: true }, "Move to…"),
                  groups
                    .filter((g) => g.group_id !== group.group_id)
                    .map((g) => h("option", { value: g.group_id }, groupName(g))),
                )
              : null,
          );
        }),
      ),
      href
        ? h(
            "p",
            { class: "link-row" },
            h("span", { class: "link-label" }, "Facilitator"),
            h("a", { href, target: "_blank", rel: "noopener", "data-testid": `facilitator-link-${group.group_id}` }, "open"),
            h("button", { type: "button", class: "small-button", "data-intent": "copy-text", "data-text": href }, "Copy link"),
          )
        : null,
    );
  });
}

/**
 * Replace a container's children but keep what the person was typing in `[data-keep]` fields
 * (and the focus), so a live update does not eat a half-typed label.
 * @param {HTMLElement} container
 * @param {Node[]} children
 */
export function replaceKeepingInput(container, children) {
  /** @type {Map<string, string>} */
  const typed = new Map();
  const active = /** @type {HTMLElement | null} */ (document.activeElement);
  const focused = container.contains(active) ? active?.dataset.keep : undefined;
  for (const el of container.querySelectorAll("input[data-keep]")) {
    const input = /** @type {HTMLInputElement} */ (el);
    if (input.value !== input.defaultValue) typed.set(input.dataset.keep ?? "", input.value);
  }
  container.replaceChildren(...children);
  for (const el of container.querySelectorAll("input[data-keep]")) {
    const input = /** @type {HTMLInputElement} */ (el);
    const value = typed.get(input.dataset.keep ?? "");
    if (value !== undefined) input.value = value;
    if (focused && input.dataset.keep === focused) input.focus();
  }
}
