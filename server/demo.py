"""`DEMO=1`: a ready session to try the app with, printed with its links at start-up."""

import logging

from facilitation.commands import ConfigureSession, CreateSession, PointSpec
from facilitation.context import Actor
from facilitation.events import SessionCreated

from .services import Services

log = logging.getLogger(__name__)

DEMO_COMMAND_ID = "demo-session-0001"  # the same demo session on every start, not a new one
DEMO_DRAFT = """\
The Internet is a global resource that should be managed in the public interest.

Governance of the Internet should be multistakeholder, with governments, the private sector, \
civil society, the technical and academic community and intergovernmental organisations taking \
part on an equal footing.

Personal data should be protected wherever it is processed, and surveillance should be \
necessary and proportionate.

Remote participation should be available for every session, so that those who cannot travel \
can take part as fully as those in the room.
"""
DEMO_POINTS = (
    PointSpec(
        paragraph=1,
        question="Managed by whom?",
        options=("By all stakeholders together", "By governments, consulting others"),
    ),
    PointSpec(
        paragraph=2,
        question="Equal footing, or respective roles?",
        options=("Equal footing for all", "Respective roles and responsibilities"),
    ),
    PointSpec(
        paragraph=3,
        question="How binding should data protection be?",
        options=("A binding global standard", "National laws, mutually recognised"),
    ),
    PointSpec(
        paragraph=4,
        question="Remote participation: a right or a best effort?",
        options=("A right in every session", "A best effort where means allow"),
    ),
)


async def create_demo(services: Services) -> SessionCreated:
    ack = await services.sessions.create(
        CreateSession(command_id=DEMO_COMMAND_ID, title="Demo: Internet governance principles")
    )
    created = ack.events[0].event
    assert isinstance(created, SessionCreated)
    journal = await services.sessions.open(created.session_id)
    if journal is not None and not journal.state.configured:
        await services.sessions.dispatch(
            created.session_id,
            ConfigureSession(
                command_id="demo-configure-0001",
                title=created.title,
                draft=DEMO_DRAFT,
                points=DEMO_POINTS,
                round_secs=5 * 60,
                group_count=3,
            ),
            Actor("moderator"),
        )
    return created
