"""One valid payload of every socket command, so a test can send each over the wire and be
refused (or not) for who sent it, never for what it carried."""

from typing import Any

from facilitation import commands as cmd

SAMPLES: dict[type[cmd.Command], dict[str, Any]] = {
    cmd.ConfigureSession: {
        "title": "T", "draft": "One.\n\nTwo.",
        "points": [{"paragraph": 1, "question": "Q?", "options": ["Yes", "No"]}],
    },
    cmd.Join: {"name": "N", "stakeholder_group": "Civil society", "region": "Africa",
               "mode": "room"},
    cmd.AssignGroups: {"seed": 1},
    cmd.MoveParticipant: {"participant_id": "x", "group_id": "g1"},
    cmd.LabelGroup: {"group_id": "g1", "label": "L"},
    cmd.StartRotation: {},
    cmd.PauseRound: {},
    cmd.ResumeRound: {},
    cmd.ExtendRound: {"minutes": 1},
    cmd.EndRound: {"round": 1},
    cmd.WarnRound: {"round": 1, "secs_left": 30},
    cmd.TakePosition: {"point_id": "p1", "choice": "a"},
    cmd.RecordOutcome: {"group_id": "g1", "point_id": "p1", "choice": "a",
                        "strength": "majority"},
    cmd.ComposeParagraph: {"paragraph": 1, "source": "draft"},
    cmd.React: {"paragraph": 1, "reaction": "support"},
    cmd.AddressObjection: {"paragraph": 1, "participant_id": "x"},
    cmd.CloseText: {},
    cmd.DeclineToClose: {},
    cmd.OpenRegister: {},
    cmd.Endorse: {"name": "N", "stakeholder_group": "Civil society", "country": "Kenya"},
    cmd.WithdrawEndorsement: {"endorsement_id": "x"},
    cmd.RegisterHub: {"name": "Hub", "expected_head_count": 5},
    cmd.PlaceHub: {"hub_id": "h1", "group_id": "g1"},
    cmd.SetHeadCount: {"head_count": 3},
    cmd.SetHubPositions: {"point_id": "p1", "counts": {"a": 1}},
    cmd.RaiseHand: {"raised": True},
    cmd.MessageModerator: {"text": "Hello"},
    cmd.Broadcast: {"text": "Hello"},
    cmd.RemoveParticipant: {"participant_id": "x", "reason": "Spam."},
    cmd.RenameParticipant: {"participant_id": "x", "name": "N"},
    cmd.MergeParticipants: {"keep_id": "x", "merge_id": "y"},
    cmd.LockJoining: {"locked": True},
    cmd.ChangeJoinCode: {},
    cmd.RequireApproval: {"required": True},
    cmd.DecideJoins: {"participant_ids": ["x"]},
    cmd.CreateRoleLink: {"role": "co_moderator", "label": "Chair 2"},
    cmd.RevokeRoleLink: {"link_id": "k1"},
    cmd.SetExpectedHeadCount: {"hub_id": "h1", "expected_head_count": 20},
}  # fmt: skip


def payload(command: type[cmd.Command], command_id: str) -> dict[str, Any]:
    kind = command.model_fields["type"].default
    return {"type": kind, "command_id": command_id, **SAMPLES[command]}
