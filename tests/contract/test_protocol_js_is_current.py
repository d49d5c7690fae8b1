"""client_static/js/protocol.js is generated (server/protocol_js.py) and committed, since the
pages have no build step: it must be exactly what the generator makes from the models now."""

import json
import subprocess

from facilitation import capabilities
from facilitation.commands import COMMANDS
from server.protocol_js import TARGET, render


def test_the_committed_protocol_module_is_what_the_generator_makes() -> None:
    # Given the models, the vocabulary and the capability table as they are now
    # When the generator renders the module
    # Then the committed file is the same, byte for byte
    assert TARGET.read_text(encoding="utf-8") == render(), (
        "client_static/js/protocol.js is out of date: run `make protocol` and commit it"
    )


def test_the_module_carries_the_capability_table_and_the_limits() -> None:
    # Given the generated module loaded by node, as a page loads it
    script = (
        f"import * as p from {json.dumps(TARGET.as_uri())};"
        "process.stdout.write(JSON.stringify({scopes: p.COMMAND_SCOPES, limits: p.LIMITS,"
        " codes: p.ERROR_CODES, sees: p.SEES_EVERY_EVENT,"
        " assign: p.scopeOf('moderator', 'AssignGroups'), join: p.scopeOf('moderator', 'Join'),"
        " review: p.mayAsk('screen', 'review'), links: p.mayAsk('screen', 'links')}));"
    )
    done = subprocess.run(
        ["node", "--input-type=module", "-e", script],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    # Then its table is the core's, command by command and role by role
    for command, roles in capabilities.COMMANDS.items():
        assert got["scopes"][command.model_fields["type"].default] == dict(roles)
    assert set(got["sees"]) == set(capabilities.SEES_EVERY_EVENT)
    assert (got["assign"], got["join"], got["review"], got["links"]) == (
        "any",
        None,
        True,
        False,
    )
    # And a form's limit is the model's
    schema = COMMANDS.json_schema()["$defs"]["ComposeParagraph"]["properties"]["text"]
    assert got["limits"]["ComposeParagraph"]["text"]["maxLength"] == schema["anyOf"][0]["maxLength"]
    assert "unavailable" in got["codes"] and "forbidden" in got["codes"]
