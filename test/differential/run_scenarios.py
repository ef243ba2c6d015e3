"""
Runs every Python scenario on real Twisted and prints {name: [lines]} as JSON.
Usage: python3 run_scenarios.py   (run by differential.test.ts)
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402

MODULES = ["chain_scenarios", "cancel_scenarios", "list_scenarios", "inline_scenarios", "clock_scenarios", "cooperator_scenarios", "concurrency_scenarios", "components_scenarios"]


def main():
    for name in MODULES:
        __import__(name)
    transcripts = {}
    for name, run in harness.SCENARIOS:
        lines = []
        try:
            run(lines.append)
        except BaseException as e:  # a scenario that blows up is reported, not fatal
            lines.append("scenario raised " + harness.show_error(e))
        harness.flush_unhandled(lines.append)
        transcripts[name] = lines
    json.dump(transcripts, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
