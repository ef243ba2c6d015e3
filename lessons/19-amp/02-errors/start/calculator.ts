// Errors across AMP: a declared exception comes back to the caller as itself.
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
}

class Calculator extends amp.AMP {
  sum({ a, b }: { a: number; b: number }) {
    return { total: a + b };
  }

  divide({ numerator, denominator }: { numerator: number; denominator: number }) {
    // JavaScript answers 1 / 0 with Infinity; Python raises, and so do we.
    if (denominator === 0) throw new ZeroDivisionError("division by zero");
    return { result: numerator / denominator };
  }
}
Sum.responder(Calculator.prototype.sum);
Divide.responder(Calculator.prototype.divide);

endpoints.serverFromString(reactor, "tcp:8750").listen(protocol.Factory.forProtocol(Calculator));

// The other side: a client that divides twice, then checks the connection still works.
class Client extends amp.AMP {
  connectionLost(reason: failure.Failure) {
    super.connectionLost(reason);
    console.log(`client: connection lost (${reason.getErrorMessage()})`);
  }
}

const describe = (f: failure.Failure) => `${(f.value as Error).constructor.name}: ${f.getErrorMessage()}`;

const calls = defer.inlineCallbacks(function* (client: Client) {
  const quotient = yield client.callRemote(Divide, { numerator: 10, denominator: 4 });
  console.log(`10 / 4 = ${quotient.result}`);
  const failed = yield client.callRemote(Divide, { numerator: 1, denominator: 0 }).addErrback(describe);
  console.log(`1 / 0 failed: ${failed}`);
  const sum = yield client.callRemote(Sum, { a: 1, b: 2 }).addErrback(describe);
  console.log(`after the error: ${typeof sum === "string" ? sum : `1 + 2 = ${sum.total}`}`);
});

const endpoint = new endpoints.TCP4ClientEndpoint(reactor, "localhost", 8750);
endpoints.connectProtocol(endpoint, new Client()).addCallback(calls);
reactor.run();
