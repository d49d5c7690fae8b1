// What the generator needs to know of the session to send valid commands: the points and their
// options, who is in which group, and the plan, folded from the moderator's stream the way
// client_static/js/state.js folds it (the moderator sees every event).

export class SessionModel {
  constructor() {
    this.options = new Map(); // point id -> option ids
    this.groupOf = new Map(); // participant or hub id -> group id
    this.column = new Map(); // group id -> index in the plan's rows
    this.plan = [];
    this.round = 0;
    this.groups = [];
    this.head = 0;
  }

  /** @param {{seq: number, event: any}} envelope */
  apply({ seq, event }) {
    this.head = seq;
    switch (event.type) {
      case "SessionConfigured":
        for (const p of event.points) this.options.set(p.point_id, p.options.map((o) => o.option_id));
        break;
      case "GroupsAssigned":
        this.groups = event.groups;
        for (const g of event.groups) for (const id of [...g.members, ...(g.hubs ?? [])]) this.groupOf.set(id, g.group_id);
        break;
      case "RotationStarted":
        this.plan = event.plan;
        event.group_order.forEach((g, i) => this.column.set(g, i));
        break;
      case "RoundStarted":
        this.round = event.round;
        break;
      default:
    }
  }

  /** The point a group works on now (state.js's currentPoint), or null. */
  pointOf(groupId) {
    const index = this.column.get(groupId);
    return this.round > 0 && index !== undefined ? this.plan[this.round - 1]?.[index] ?? null : null;
  }

  /** The point someone (participant or hub) is on now, with its option ids. */
  pointFor(id) {
    const point = this.pointOf(this.groupOf.get(id));
    return point === null ? null : { point, options: this.options.get(point) };
  }
}
