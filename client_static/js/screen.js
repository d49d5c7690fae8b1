// /screen#TOKEN: the projector. Read-only: title, huge countdown, join code and QR while people
// can join, each group's current point and members, and the live groups × points grid; after the
// rotation, the composite text as it forms, then the chair's decision and the endorsements.

import { byId, changeTracker, fill, h, setText } from "./dom.js";
import { countsLine } from "./endorse.js";
import { renderGrid } from "./grid.js";
import { startPage } from "./page.js";
import { composedCount, decisionBanner, screenText } from "./plenary-view.js";
import { groupName } from "./views.js";

/** @import { State } from "./state.js" */

const WARNING_SHOWN_MS = 8000;
const MIN_FONT_PX = 12; // below this, the back of the room reads nothing anyway
const MAX_GROWTH = 1.5; // a few groups: larger type, but the countdown must still fit its corner
const token = location.hash.slice(1);
const changed = changeTracker();
/** @type {ReturnType<typeof setTimeout> | undefined} */
let warningTimer;

if (!token) {
  setText(byId("phase-line"), "Open the screen link from the moderator's page.");
} else {
  startPage({ auth: { token }, render });
  addEventListener("resize", () => fitToScreen());
  document.addEventListener("roundtable:event", (e) => {
    const { event, live } = /** @type {CustomEvent} */ (e).detail;
    if (live && event.type === "RoundWarned") flashWarning(event.secs_left);
  });
}

/** @param {number} secs */
function flashWarning(secs) {
  const box = byId("warning");
  const minutes = Math.round(secs / 60);
  setText(box, secs < 60 ? `${secs} seconds left` : minutes === 1 ? "1 minute left" : `${minutes} minutes left`);
  box.hidden = false;
  box.classList.remove("flash");
  void box.offsetWidth; // restart the animation
  box.classList.add("flash");
  clearTimeout(warningTimer);
  warningTimer = setTimeout(() => {
    box.hidden = true;
  }, WARNING_SHOWN_MS);
}

/** @param {State} state */
function render(state) {
  document.body.dataset.phase = state.phase;
  setText(byId("title"), state.title || "Roundtable");
  setText(byId("phase-line"), phaseLine(state));
  const clock = state.clock;
  byId("clock-box").hidden = !clock;
  byId("paused").hidden = !clock || clock.paused_remaining_ms === null;
  setText(byId("round"), clock ? `Round ${clock.number} of ${state.plan.length}` : "");

  // People join before the rotation; once the register is open to everyone, anyone may endorse.
  const joinable = state.phase === "setup" || state.phase === "assigned" || state.plenary.register === "everyone";
  byId("join-box").hidden = !joinable || !state.code;
  setText(byId("join-verb"), state.plenary.register === "everyone" ? "Endorse at" : "Join at");
  if (joinable && state.code && changed("join", [state.code])) {
    const joinUrl = `${location.origin}/join?code=${state.code}`;
    /** @type {HTMLImageElement} */ (byId("qr")).src = `/qr.svg?text=${encodeURIComponent(joinUrl)}`;
    setText(byId("join-url"), `${location.host}/join`);
    setText(byId("join-code"), state.code);
  }
  // Before the rotation: who is in which group. From then on: the grid, whose rows say what each
  // group discusses now and who is in it.
  const plenary = state.phase === "finished" && (composedCount(state) > 0 || state.plenary.decision !== null);
  const gridPhase = (state.phase === "rotation" || state.phase === "finished") && !plenary;
  let drew = false;
  if (changed("groups", [state.groups, state.participants, state.phase])) {
    fill(byId("groups"), state.phase === "assigned" ? groupCards(state) : null);
    drew = true;
  }
  const gridInputs = [state.groups, state.participants, state.points, state.positions, state.outcomes, state.plan, state.clock?.number, state.phase];
  if (changed("grid", [...gridInputs, gridPhase])) {
    fill(byId("grid"), gridPhase ? renderGrid(state, { detail: true }) : null);
    drew = true;
  }
  byId("plenary").hidden = !plenary;
  // Not on every reaction (the screen receives them all): only what the screen shows.
  const { composite, decision, endorsements, register } = state.plenary;
  if (changed("plenary", [composite, decision, endorsements, register, state.paragraphs, state.stakeholder_groups, plenary])) {
    fill(byId("plenary"), plenary ? plenaryView(state) : null);
    drew = true;
  }
  if (drew || changed("size", [innerWidth, innerHeight])) fitToScreen();
}

/**
 * A projector shows one screen, no scrolling: scale the type (the layout is in em) so that the
 * content fills the height: down when it is too tall, but not below legibility, and up a little
 * when a few groups leave the lower half empty.
 */
function fitToScreen() {
  const root = document.body;
  root.style.fontSize = "";
  const main = /** @type {HTMLElement} */ (document.querySelector(".screen-main"));
  if (document.body.dataset.phase === "setup" || !main) return;
  const natural = parseFloat(getComputedStyle(root).fontSize);
  const contentRatio = () => (main.getBoundingClientRect().bottom + scrollY) / innerHeight;
  let size = natural;
  for (let i = 0; i < 5; i += 1) {
    const ratio = contentRatio();
    if (ratio <= 1 && ratio > 0.9) break;
    const next = Math.min(natural * MAX_GROWTH, Math.max(MIN_FONT_PX, (size / ratio) * 0.97));
    if (Math.abs(next - size) < 0.5) break;
    size = next;
    root.style.fontSize = `${size}px`;
  }
  for (let i = 0; i < 10 && contentRatio() > 1 && size > MIN_FONT_PX; i += 1) {
    size = Math.max(MIN_FONT_PX, size * 0.95); // wrapping made it taller than predicted
    root.style.fontSize = `${size}px`;
  }
}

/** @param {State} state */
function phaseLine(state) {
  const people = Object.keys(state.participants).length;
  const joined = `${people} ${people === 1 ? "person has" : "people have"} joined`;
  switch (state.phase) {
    case "setup":
      return `${joined}. Groups will be assigned soon.`;
    case "assigned":
      return `${joined}. Find your group: the first round starts soon.`;
    case "rotation":
      return "Breakout: every group discusses one point per round, then rotates.";
    default:
      return finishedLine(state);
  }
}

/** @param {State} state */
function finishedLine(state) {
  const decision = state.plenary.decision;
  if (decision?.kind === "closed") {
    return state.plenary.register === "everyone"
      ? "The text is closed. Anyone may endorse it: join with the code."
      : "The text is closed. Endorse it on your phone.";
  }
  if (decision) return "The text was not closed: a report of the agreement and disagreement will be issued.";
  if (composedCount(state) > 0) return "Plenary: the composite text as the moderator assembles it. React to each paragraph on your phone.";
  return "The rotation is over. The moderator is assembling the composite text.";
}

/** The composite text, large; once decided, the decision and the endorsements above it. @param {State} state */
function plenaryView(state) {
  const decision = state.plenary.decision;
  return [
    decision
      ? h("div", { class: "pl-screen-decision" }, decisionBanner(decision), decision.kind === "closed" ? countsLine(state) : null)
      : null,
    screenText(state),
  ];
}

/** @param {State} state */
function groupCards(state) {
  return Object.values(state.groups).map((group) =>
    h(
      "article",
      { class: "group-card", "data-testid": `group-${group.group_id}` },
      h("h2", {}, groupName(group), h("span", { class: "member-count" }, ` · ${group.members.length} ${group.members.length === 1 ? "person" : "people"}`)),
      h(
        "p",
        { class: "members", "data-testid": `members-${group.group_id}` },
        group.members.map((m) => state.participants[m]?.name ?? "…").join(", ") || "No one yet",
      ),
    ),
  );
}
