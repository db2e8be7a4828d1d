import sys

from assistant.cli import run

sys.exit(run())
