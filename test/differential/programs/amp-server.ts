// The twin of amp_server.py: an AMP server for the crosswise differential test (also run in the simulation).
import { ZeroDivisionError } from "builtins";
import { endpoints, protocol, reactor, task } from "twisted/internet";
import { amp } from "twisted/protocols";

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

class Calculator extends amp.AMP {
  sum({ a, b }: { a: number; b: number }) {
    return { total: a + b };
  }

  divide({ numerator, denominator }: { numerator: number; denominator: number }) {
    if (denominator === 0) throw new ZeroDivisionError("division by zero");
    return { result: numerator / denominator };
  }

  greet({ name, raw, loud }: { name: string; raw: Uint8Array; loud: boolean | null }) {
    const greeting = `Hello, ${name}`;
    return { greeting: loud ? greeting.toUpperCase() : greeting, size: raw.length };
  }

  collect({ numbers, people }: { numbers: number[]; people: { name: string; age: number }[] }) {
    const oldest = people.reduce((a, b) => (b.age > a.age ? b : a));
    return { total: numbers.reduce((a, b) => a + b, 0), oldest: oldest.name, names: people.map((p) => p.name) };
  }

  later({ x }: { x: number }) {
    return task.deferLater(reactor, 0.01, () => ({ x }));
  }

  boom() {
    throw new Error("kaboom");
  }
}
Sum.responder(Calculator.prototype.sum);
Divide.responder(Calculator.prototype.divide);
Greet.responder(Calculator.prototype.greet);
Collect.responder(Calculator.prototype.collect);
Later.responder(Calculator.prototype.later);
Boom.responder(Calculator.prototype.boom);

endpoints.serverFromString(reactor, "tcp:1079").listen(protocol.Factory.forProtocol(Calculator));
reactor.run();
