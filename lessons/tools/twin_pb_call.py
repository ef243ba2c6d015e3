"""One Perspective Broker call with real Twisted's PB client, for the Python
twin driver's pbCall step (the simulation makes the same call with the
engine's client; see engine/checks/pb-steps.ts for the value forms).

Usage: twin_pb_call.py REQUEST_JSON
Prints one line of JSON: {"ok": true, "value": ...} or
{"ok": false, "errorType": ..., "message": ...}.
"""
import json
import sys

from twisted.cred.credentials import UsernamePassword
from twisted.internet import task
from twisted.python import reflect
from twisted.spread import jelly, pb


def from_plain(value):
    if isinstance(value, list):
        return [from_plain(item) for item in value]
    if isinstance(value, dict):
        if list(value) == ["bytes"] and isinstance(value["bytes"], str):
            return value["bytes"].encode("utf-8")
        if list(value) == ["tuple"] and isinstance(value["tuple"], list):
            return tuple(from_plain(item) for item in value["tuple"])
        return {key: from_plain(item) for key, item in value.items()}
    return value


def to_plain(value):
    if value is None or isinstance(value, (bool, str, float)):
        return value
    if isinstance(value, int):
        return value if abs(value) < 2 ** 53 else {"int": str(value)}
    if isinstance(value, bytes):
        return {"bytes": value.decode("utf-8", "replace")}
    if isinstance(value, tuple):
        return {"tuple": [to_plain(item) for item in value]}
    if isinstance(value, list):
        return [to_plain(item) for item in value]
    if isinstance(value, pb.RemoteReference):
        return {"remote": "RemoteReference"}
    if isinstance(value, jelly.Unpersistable):
        return {"unpersistable": value.reason}
    if isinstance(value, (set, frozenset)):
        return {"set": [to_plain(item) for item in value]}
    if isinstance(value, dict):
        if all(isinstance(key, str) for key in value):
            return {key: to_plain(item) for key, item in value.items()}
        return {"dict": [[to_plain(key), to_plain(item)] for key, item in value.items()]}
    state = {str(key): to_plain(item) for key, item in vars(value).items()}
    return {"instance": reflect.qual(type(value)), "state": state}


def failure_outcome(failure):
    kind = failure.type
    if isinstance(kind, bytes):
        kind = kind.decode("utf-8")
    elif not isinstance(kind, str):
        kind = reflect.qual(kind)
    return {"ok": False, "errorType": kind, "message": failure.getErrorMessage()}


def main(reactor, request):
    factory = pb.PBClientFactory()
    host = "127.0.0.1" if request["host"] == "localhost" else request["host"]
    reactor.connectTCP(host, request["port"], factory)
    login = request.get("login")
    if login:
        d = factory.login(UsernamePassword(login["username"].encode("utf-8"), login["password"].encode("utf-8")))
    else:
        d = factory.getRootObject()
    args = [from_plain(arg) for arg in request["args"]]
    d.addCallback(lambda ref: ref.callRemote(request["method"], *args))
    d.addCallbacks(lambda value: {"ok": True, "value": to_plain(value)}, failure_outcome)
    d.addCallback(lambda outcome: print(json.dumps(outcome), flush=True))
    d.addBoth(lambda result: factory.disconnect())
    return d


task.react(main, [json.loads(sys.argv[1])])
