"""
The Python half of the differential tests: run on real Twisted, each scenario
writes a transcript that the TypeScript twin must reproduce. show() renders
values exactly as harness.ts renders their TypeScript twins.
"""
import gc

from twisted.internet.defer import Deferred, FirstError
from twisted.logger import globalLogPublisher
from twisted.python.failure import Failure

SCENARIOS = []


def scenario(name):
    """Registers a scenario under the sentence that names it."""

    def register(run):
        SCENARIOS.append((name, run))
        return run

    return register


def show(value):
    """Renders a value as harness.ts's show() renders its TypeScript twin."""
    if value is None:
        return "None"
    if value is True:
        return "True"
    if value is False:
        return "False"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, str):
        return "'" + value + "'"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(show(item) for item in value) + "]"
    if isinstance(value, Failure):
        return "Failure(" + show_error(value.value) + ")"
    if isinstance(value, BaseException):
        return show_error(value)
    if isinstance(value, Deferred):
        return "<Deferred>"
    return "<" + type(value).__name__ + ">"


def show_error(error):
    """'ValueError: boom', or just 'CancelledError' when there is no message."""
    if isinstance(error, FirstError):
        return "FirstError(#%d, %s)" % (error.index, show_error(error.subFailure.value))
    if not isinstance(error, BaseException):
        return show(error)
    message = str(error)
    return type(error).__name__ + (": " + message if message else "")


def failure_type(failure):
    return type(failure.value).__name__


_reported = []


def _observe(event):
    # Twisted logs an unhandled Failure from defer.py's DebugInfo when the Deferred is collected.
    if event.get("log_failure") is not None and event.get("log_namespace") == "twisted.internet.defer":
        _reported.append(type(event["log_failure"].value).__name__)


globalLogPublisher.addObserver(_observe)


def flush_unhandled(log):
    """Collects garbage so Twisted reports dropped Deferreds, then writes 'unhandled: Type' lines."""
    gc.collect()
    for name in sorted(_reported):
        log("unhandled: " + name)
    del _reported[:]
