// GENERATED from the commands' JSON schemas by `make protocol`
// (server/protocol_js.py): do not edit; tests/contract checks it is current.

// --- Limits of the fields (from the commands' JSON schemas)

/** A command's bounded fields: nested ones as `points.*.options`, an array's items as
 * `.*`. The forms take their `maxlength`, `min` and `max` from here. */
export const LIMITS = /** @type {const} */ ({
  ConfigureSession: {
    title: {minLength: 1, maxLength: 200},
    draft: {minLength: 1, maxLength: 100000},
    points: {minItems: 1, maxItems: 50},
    "points.*.paragraph": {minimum: 1},
    "points.*.question": {minLength: 1, maxLength: 500},
    "points.*.options": {minItems: 2, maxItems: 8},
    "points.*.options.*": {minLength: 1, maxLength: 300},
    stakeholder_groups: {minItems: 1, maxItems: 12},
    "stakeholder_groups.*": {minLength: 1, maxLength: 80},
    group_count: {minimum: 1, maximum: 200},
    target_group_size: {minimum: 2, maximum: 500},
    round_secs: {minimum: 1, maximum: 14400},
    remote_groups: {minimum: 0, maximum: 50}
  },
  Join: {
    name: {minLength: 1, maxLength: 120},
    organisation: {maxLength: 200},
    stakeholder_group: {minLength: 1, maxLength: 80},
    region: {minLength: 1, maxLength: 80},
    hub_name: {maxLength: 200},
    country: {maxLength: 200}
  },
  AssignGroups: {seed: {minimum: 0, exclusiveMaximum: 9007199254740992}},
  MoveParticipant: {},
  LabelGroup: {label: {maxLength: 80}},
  StartRotation: {},
  PauseRound: {},
  ResumeRound: {},
  ExtendRound: {minutes: {minimum: 1, maximum: 60}},
  EndRound: {round: {minimum: 1}},
  WarnRound: {round: {minimum: 1}, secs_left: {minimum: 1}},
  TakePosition: {},
  RecordOutcome: {
    compromise_text: {maxLength: 2000},
    "hands.in_favour": {minimum: 0, maximum: 100000},
    "hands.against": {minimum: 0, maximum: 100000},
    "hands.abstain": {minimum: 0, maximum: 100000},
    notes: {maxLength: 2000}
  },
  ComposeParagraph: {paragraph: {minimum: 1}, text: {maxLength: 5000}},
  React: {
    paragraph: {minimum: 1},
    reason: {maxLength: 500},
    head_count: {minimum: 1, maximum: 10000}
  },
  AddressObjection: {paragraph: {minimum: 1}},
  CloseText: {},
  DeclineToClose: {note: {maxLength: 2000}},
  OpenRegister: {},
  Endorse: {
    name: {minLength: 1, maxLength: 120},
    organisation: {maxLength: 200},
    stakeholder_group: {minLength: 1, maxLength: 80},
    country: {minLength: 1, maxLength: 80}
  },
  WithdrawEndorsement: {},
  RegisterHub: {
    name: {minLength: 1, maxLength: 80},
    city: {maxLength: 200},
    country: {maxLength: 200},
    expected_head_count: {minimum: 1, maximum: 10000}
  },
  PlaceHub: {},
  SetHeadCount: {head_count: {minimum: 0, maximum: 10000}},
  SetHubPositions: {counts: {maxProperties: 12}, "counts.*": {minimum: 0, maximum: 10000}},
  RaiseHand: {},
  MessageModerator: {text: {minLength: 1, maxLength: 500}},
  Broadcast: {text: {minLength: 1, maxLength: 280}},
  RemoveParticipant: {reason: {minLength: 1, maxLength: 300}},
  RenameParticipant: {name: {minLength: 1, maxLength: 120}, organisation: {maxLength: 200}},
  MergeParticipants: {},
  LockJoining: {},
  ChangeJoinCode: {},
  RequireApproval: {},
  DecideJoins: {participant_ids: {minItems: 1, maxItems: 5000}},
  CreateRoleLink: {label: {minLength: 1, maxLength: 80}},
  RevokeRoleLink: {},
  SetExpectedHeadCount: {expected_head_count: {minimum: 1, maximum: 10000}}
});

export {};
