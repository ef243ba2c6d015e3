// The twin of amp_client.py: calls every command of the AMP servers (amp-server.ts, amp_server.py) and prints what came back.
import { ZeroDivisionError } from "builtins";
import { defer, endpoints, protocol, reactor } from "twisted/internet";
import { amp } from "twisted/protocols";
import type { failure } from "twisted/python";

class Sum extends amp.Command {
  static arguments_ = [["a", new amp.Integer()], ["b", new amp.Integer()]];
  static response = [["total", new amp.Integer()]];
}

class Divide extends amp.Command {
  static arguments_ = [["numerator", new amp.Integer()], ["denominator", new amp.Integer()]];
  static response = [["result", new amp.Float()]];
  static errors = new Map([[ZeroDivisionError, "ZERO_DIVISION"]]);
}

class Greet extends amp.Command {
  static arguments_ = [["name", new amp.Unicode()], ["raw", new amp.String()], ["loud", new amp.Boolean(true)]];
  static response = [["greeting", new amp.Unicode()], ["size", new amp.Integer()]];
}

class Collect extends amp.Command {
  static arguments_ = [["numbers", new amp.ListOf(new amp.Integer())], ["people", new amp.AmpList([["name", new amp.Unicode()], ["age", new amp.Integer()]])]];
  static response = [["total", new amp.Float()], ["oldest", new amp.Unicode()], ["names", new amp.ListOf(new amp.Unicode())]];
}

class Later extends amp.Command {
  static arguments_ = [["x", new amp.Integer()]];
  static response = [["x", new amp.Integer()]];
}

class Boom extends amp.Command {}
class Nope extends amp.Command {}

class Client extends amp.AMP {
  connectionLost(reason: failure.Failure) {
    super.connectionLost(reason);
    console.log(`connection lost: ${reason.getErrorMessage()}`);
    reactor.stop();
  }
}

const describe = (f: failure.Failure) => `${(f.value as Error).constructor.name}: ${(f.value as Error).message}`;

const calls = defer.inlineCallbacks(function* (proto: Client) {
  const sum = yield proto.callRemote(Sum, { a: 13, b: 81 });
  console.log(`sum: ${sum.total}`);
  const quotient = yield proto.callRemote(Divide, { numerator: 10, denominator: 4 });
  console.log(`divide: ${quotient.result}`);
  const byZero = yield proto.callRemote(Divide, { numerator: 1, denominator: 0 }).addErrback(describe);
  console.log(`divide by zero: ${byZero}`);
  const greeting = yield proto.callRemote(Greet, { name: "Wörld", raw: new Uint8Array([0, 255, 10]), loud: true });
  console.log(`greet: ${greeting.greeting} ${greeting.size}`);
  const quiet = yield proto.callRemote(Greet, { name: "you", raw: new Uint8Array([]) });
  console.log(`greet quietly: ${quiet.greeting} ${quiet.size}`);
  const collected = yield proto.callRemote(Collect, { numbers: [1, 2, 3], people: [{ name: "ann", age: 30 }, { name: "bob", age: 41 }] });
  console.log(`collect: ${collected.total.toFixed(1)} ${collected.oldest} ${collected.names.join(",")}`);
  const later = yield proto.callRemote(Later, { x: 7 });
  console.log(`later: ${later.x}`);
  const nope = yield proto.callRemote(Nope).addErrback(describe);
  console.log(`nope: ${nope}`);
  const forgot = yield proto.callRemote(Sum, { a: 1 }).addErrback(describe);
  console.log(`forgot: ${forgot}`);
  const boom = yield proto.callRemote(Boom).addErrback(describe);
  console.log(`boom: ${boom}`);
});

const connected = endpoints.connectProtocol(new endpoints.TCP4ClientEndpoint(reactor, "127.0.0.1", 1079), new Client());
connected.addCallback(calls);
connected.addErrback((f: failure.Failure) => {
  console.log(`failed: ${describe(f)}`);
  reactor.stop();
});
reactor.run();
