"""The command line: typer only. Parse, call the library, print; errors map to exit codes in app.

Each command is registered on :data:`app` by its module (``g2g.cli.validate``, ...), imported
when the command is first needed (:data:`g2g.cli.app.COMMANDS`): a run imports only what its
command needs. Python's cyclic garbage collector is paused while the command line is imported:
importing typer builds many objects and no cycles, and the collector passes over them again and
again (pausing it took about a sixth off ``g2g --help``).
"""

import gc
import sys

_collecting = gc.isenabled()
gc.disable()
try:
    from g2g.cli.app import app
except KeyboardInterrupt:  # Ctrl-C while the command line starts: no traceback
    sys.stderr.write("\ng2g: interrupted\n")
    raise SystemExit(130) from None
finally:
    if _collecting:
        gc.enable()

__all__ = ["app"]
