"""The ``pfocr-genes`` console script: signal handlers first, then the command.

Ctrl-C or ``kill`` during the ~0.3 s the command takes to import its modules would otherwise
print a KeyboardInterrupt traceback; here they are caught from the first statement on and
end the command with 128 + the signal and one line (nothing has been read or written yet).
"""

from __future__ import annotations

import sys


def main() -> int:
    from pfocr_genes.cli import interrupts  # noqa: PLC0415 - a small module: nothing else loads before the handlers

    try:
        with interrupts.installed():
            from pfocr_genes.cli.commands import main as command  # noqa: PLC0415
    except KeyboardInterrupt as exc:
        print("pfocr-genes: interrupted after 0 records, while starting; nothing was written "
              "(a previous output file is unchanged)", file=sys.stderr)
        return 128 + getattr(exc, "signum", 2)
    return command()


if __name__ == "__main__":
    raise SystemExit(main())
