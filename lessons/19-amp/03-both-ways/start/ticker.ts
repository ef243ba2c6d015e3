// AMP goes both ways: the client subscribes, then the server calls the client.
import { endpoints, protocol, reactor, task } from "twisted/internet";
import { amp } from "twisted/protocols";

// Sent by the client: "call me `count` times, every `every` seconds".
class Subscribe extends amp.Command {
  static arguments_ = [["every", new amp.Float()], ["count", new amp.Integer()]];
  static response = [];
}

// Sent by the server to the client, once per tick.
class Tick extends amp.Command {
  static arguments_ = [["number", new amp.Integer()]];
  static response = [];
}

class Ticker extends amp.AMP {
  subscribe({ every, count }: { every: number; count: number }) {
    // Call Tick on the client `count` times, every `every` seconds, numbering the ticks from 1.
    return {};
  }
}
Subscribe.responder(Ticker.prototype.subscribe);

endpoints.serverFromString(reactor, "tcp:8750").listen(protocol.Factory.forProtocol(Ticker));

// The other side: a client that subscribes to three ticks and answers each one.
class Listener extends amp.AMP {
  ticks = 0;

  tick({ number }: { number: number }) {
    this.ticks += 1;
    console.log(`tick ${number} after ${(reactor.seconds() - started).toFixed(1)} s`);
    if (this.ticks === 3) {
      console.log("got 3 ticks");
      this.transport!.loseConnection();
    }
    return {};
  }
}
Tick.responder(Listener.prototype.tick);

const started = reactor.seconds();
const endpoint = new endpoints.TCP4ClientEndpoint(reactor, "localhost", 8750);
endpoints.connectProtocol(endpoint, new Listener()).addCallback((listener: Listener) =>
  listener.callRemote(Subscribe, { every: 0.5, count: 3 }).addCallback(() => console.log("subscribed")),
);
reactor.run();
