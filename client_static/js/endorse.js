// The endorsement register, once the chair has closed the text: the form on a phone (those who
// took part, then anyone with the link), "You endorsed this text" with Withdraw, the moderator's
// register with counts by stakeholder group, and the counts the screen shows.

import { canEndorse } from "./allowed.js";
import { connect } from "./connection.js";
import { fill, h, setText } from "./dom.js";
import { LIMITS } from "./limits.js";

/** @import { State } from "./state.js" */
/** @import { Me } from "./connection.js" */
/** @typedef {{endorsement_id: string, token: string, name: string}} EndorserRecord */

/**
 * Endorsements per stakeholder group, in the session's order of groups.
 * @param {State} state
 * @returns {[string, number][]}
 */
export function endorsementCounts(state) {
  /** @type {Map<string, number>} */
  const counts = new Map(state.stakeholder_groups.map((g) => [g, 0]));
  for (const e of Object.values(state.plenary.endorsements)) counts.set(e.stakeholder_group, (counts.get(e.stakeholder_group) ?? 0) + 1);
  return [...counts];
}

/** @param {number} n */
const endorsements = (n) => `${n} ${n === 1 ? "endorsement" : "endorsements"}`;

/** The screen's line: "7 endorsements · Government 2 · Civil society 5". @param {State} state */
export function countsLine(state) {
  const counts = endorsementCounts(state);
  const total = counts.reduce((sum, [, n]) => sum + n, 0);
  return h(
    "p",
    { class: "pl-counts", "data-testid": "endorsement-counts" },
    h("strong", {}, endorsements(total)),
    counts.filter(([, n]) => n > 0).map(([g, n]) => h("span", { class: "pl-count" }, `${g} ${n}`)),
  );
}

/** @param {string} key @returns {any} */
function load(key) {
  try {
    return JSON.parse(localStorage.getItem(key) ?? "null");
  } catch {
    return null;
  }
}

/**
 * The phone's endorsement part: hidden until the text is closed.
 * @param {import("./connection.js").Connection} conn
 * @param {{code: string}} options
 */
export function phoneEndorsement(conn, { code }) {
  const endorserKey = `roundtable:endorser:${code}`;
  const withdrawnKey = `roundtable:withdrawn:${code}`;
  // Withdrawals reach only the watchers (facilitation/events.py): a phone remembers its own.
  const withdrawn = new Set(/** @type {string[]} */ (load(withdrawnKey) ?? []));
  /** @type {string | null} */
  let ackedId = null;
  let busy = false;
  let message = "";
  let drawn = "";
  /** @type {HTMLFormElement | null} */
  let form = null;
  /** @type {[State, Me | null] | null} */
  let last = null;
  const body = h("div");
  const note = h("p", { class: "field-error", role: "alert", "data-testid": "endorse-error" });
  const root = h("section", { class: "pl-endorse card", "data-testid": "endorsement", hidden: true }, h("h2", {}, "Endorse the text"), body, note);
  const redraw = () => last && render(...last);

  /** @param {State} state @param {string | null} pid */
  function mine(state, pid) {
    if (!pid) {
      const record = /** @type {EndorserRecord | null} */ (load(endorserKey));
      return record && typeof record.endorsement_id === "string" ? record : null;
    }
    const own = Object.values(state.plenary.endorsements).find((e) => e.participant_id === pid && !withdrawn.has(e.endorsement_id));
    if (own) return { endorsement_id: own.endorsement_id, name: own.name, token: "" };
    return ackedId && !withdrawn.has(ackedId) ? { endorsement_id: ackedId, name: "", token: "" } : null;
  }

  /** @param {State} state @param {string | null} pid */
  function buildForm(state, pid) {
    const person = pid ? state.participants[pid] : undefined;
    /** @param {string} name @param {string} label @param {Record<string, any>} attrs */
    const field = (name, label, attrs) =>
      h("label", { class: "field", "data-field": name }, label, h("input", { name, "data-testid": `endorse-${name}`, ...attrs }));
    const built = /** @type {HTMLFormElement} */ (
      h(
        "form",
        { class: "pl-endorse-form", novalidate: true, "data-testid": "endorse-form" },
        field("name", "Your name", { maxlength: LIMITS.Endorse.name.maxLength, required: true, autocomplete: "name", value: person?.name ?? "" }),
        field("organisation", "Organisation (optional)", { maxlength: LIMITS.Endorse.organisation.maxLength, autocomplete: "organization", value: person?.organisation ?? "" }),
        h(
          "label",
          { class: "field", "data-field": "stakeholder_group" },
          "Stakeholder group",
          h(
            "select",
            { name: "stakeholder_group", "data-testid": "endorse-stakeholder-group", required: true },
            h("option", { value: "", disabled: true, selected: !person }, "Choose…"),
            state.stakeholder_groups.map((g) => h("option", { value: g, selected: g === person?.stakeholder_group }, g)),
          ),
        ),
        field("country", "Country", { maxlength: LIMITS.Endorse.country.maxLength, required: true, autocomplete: "country-name", value: person?.country ?? "" }),
        h("button", { type: "submit", class: "primary", "data-testid": "endorse-submit" }, "Endorse this text"),
      )
    );
    built.addEventListener("submit", (event) => {
      event.preventDefault();
      void submit(built, pid);
    });
    return built;
  }

  /** @param {HTMLFormElement} built @param {string | null} pid */
  async function submit(built, pid) {
    if (busy) return;
    const data = new FormData(built);
    const fields = {
      name: String(data.get("name") ?? "").trim(),
      organisation: String(data.get("organisation") ?? "").trim(),
      stakeholder_group: String(data.get("stakeholder_group") ?? ""),
      country: String(data.get("country") ?? "").trim(),
    };
    message = !fields.name ? "Give your name." : !fields.stakeholder_group ? "Choose your stakeholder group." : !fields.country ? "Give your country." : "";
    if (message) return redraw();
    busy = true;
    redraw();
    const ack = await conn.send("Endorse", fields);
    busy = false;
    if (ack.ok) {
      const id = String(ack.result.endorsement_id ?? "");
      if (pid) ackedId = id;
      else localStorage.setItem(endorserKey, JSON.stringify({ endorsement_id: id, token: ack.result.token, name: fields.name }));
      await conn.whenApplied(ack.seq);
    }
    message = ack.ok ? "" : ack.message;
    redraw();
  }

  /** @param {{endorsement_id: string, token: string}} record @param {string | null} pid */
  async function withdraw(record, pid) {
    if (busy) return;
    busy = true;
    redraw();
    const payload = { endorsement_id: record.endorsement_id };
    let ack;
    if (pid) {
      ack = await conn.send("WithdrawEndorsement", payload);
    } else {
      // Someone from the open link withdraws with the endorser token the register gave them.
      const endorser = connect({ token: record.token }, { target: new EventTarget() });
      ack = await endorser.send("WithdrawEndorsement", payload);
      endorser.close();
    }
    busy = false;
    const gone = ack.ok || ack.code === "not_found";
    if (gone && pid) {
      withdrawn.add(record.endorsement_id);
      localStorage.setItem(withdrawnKey, JSON.stringify([...withdrawn]));
    } else if (gone) {
      localStorage.removeItem(endorserKey);
    }
    message = ack.ok || gone ? "" : ack.message;
    redraw();
  }

  /** @param {State} state @param {Me | null} me */
  function render(state, me) {
    last = [state, me];
    const decision = state.plenary.decision;
    root.hidden = !decision || decision.kind !== "closed";
    if (root.hidden || !me) return;
    const pid = me.role === "participant" ? me.participant_id : null;
    const record = mine(state, pid);
    const open = canEndorse(state, me);
    const view = record ? "endorsed" : open ? "form" : "closed";
    setText(note, message);
    note.hidden = !message;
    const key = JSON.stringify([view, record?.endorsement_id, busy]);
    if (key === drawn) return;
    drawn = key;
    if (view === "endorsed" && record) {
      fill(
        body,
        h("p", { class: "pl-endorsed", "data-testid": "endorsed" }, "✓ You endorsed this text."),
        h("p", { class: "muted" }, "Your endorsement is bound to the text's content hash. You can withdraw it."),
        h("button", { type: "button", "data-testid": "withdraw", disabled: busy, onclick: () => void withdraw(record, pid) }, busy ? "Withdrawing…" : "Withdraw my endorsement"),
      );
    } else if (view === "form") {
      form ??= buildForm(state, pid);
      const submit = /** @type {HTMLButtonElement} */ (form.querySelector("button[type=submit]"));
      submit.disabled = busy;
      setText(submit, busy ? "Sending…" : "Endorse this text");
      fill(body, h("p", { class: "muted" }, "Add your name to those who endorse the closed text."), form);
    } else {
      fill(body, h("p", { "data-testid": "register-closed" }, "The register is open to those who took part. It may open to everyone later: keep this page."));
    }
  }

  return { root, render };
}

/**
 * The moderator's register: counts by stakeholder group, who endorsed, and the button that opens
 * it to anyone with the link.
 * @param {import("./connection.js").Connection} conn
 */
export function registerCard(conn) {
  const root = h("section", { class: "card pl-register", "data-testid": "register", hidden: true });
  let drawn = "";

  /** @param {State} state */
  function render(state) {
    const { decision, register, endorsements: all } = state.plenary;
    root.hidden = !decision || decision.kind !== "closed";
    const key = JSON.stringify([root.hidden, register, Object.keys(all)]);
    if (root.hidden || key === drawn) return;
    drawn = key;
    const counts = endorsementCounts(state);
    const people = Object.values(all).sort((a, b) => a.endorsed_at_ms - b.endorsed_at_ms);
    const joinUrl = `${location.origin}/join?code=${state.code}`;
    fill(
      root,
      h("h2", {}, "Endorsement register"),
      register === "everyone"
        ? h("p", { "data-testid": "register-state" }, "Open to anyone with the join link: ", h("a", { href: joinUrl, target: "_blank", rel: "noopener" }, joinUrl))
        : h(
            "div",
            { class: "button-row" },
            h("p", { "data-testid": "register-state" }, "Open to those who took part (room, hubs and remote)."),
            h(
              "button",
              { type: "button", "data-testid": "open-register", onclick: (/** @type {Event} */ e) => openRegister(/** @type {HTMLButtonElement} */ (e.currentTarget)) },
              "Open to anyone with the link",
            ),
          ),
      h(
        "table",
        { class: "pl-table", "data-testid": "register-counts" },
        h("thead", {}, h("tr", {}, h("th", {}, "Stakeholder group"), h("th", { class: "num" }, "Endorsements"))),
        h(
          "tbody",
          {},
          counts.map(([g, n]) => h("tr", { "data-group": g }, h("td", {}, g), h("td", { class: "num" }, String(n)))),
          h("tr", { class: "total" }, h("th", {}, "Total"), h("td", { class: "num", "data-testid": "register-total" }, String(people.length))),
        ),
      ),
      people.length
        ? h(
            "details",
            { class: "pl-endorsers" },
            h("summary", {}, `Who endorsed (${people.length})`),
            h(
              "ul",
              { class: "plain-list" },
              people.map((e) => h("li", {}, h("strong", {}, e.name), ` · ${[e.organisation, e.stakeholder_group, e.country].filter(Boolean).join(" · ")}`)),
            ),
          )
        : h("p", { class: "muted" }, "No endorsements yet."),
    );
  }

  /** @param {HTMLButtonElement} button */
  async function openRegister(button) {
    button.disabled = true;
    const ack = await conn.send("OpenRegister", {});
    if (!ack.ok) button.disabled = false;
  }

  return { root, render };
}
