// An AMP server with one command, and a client (the other side) that calls it.
import { endpoints, protocol, reactor } from "twisted/internet";
import { amp } from "twisted/protocols";

// The command: what it takes and what it answers, each with a type.
class Sum extends amp.Command {
  static arguments_ = [["a", new amp.Integer()], ["b", new amp.Integer()]];
  static response = [["total", new amp.Integer()]];
}

class Calculator extends amp.AMP {
  // Answer Sum here, then declare this method its responder.
}

endpoints.serverFromString(reactor, "tcp:8750").listen(protocol.Factory.forProtocol(Calculator));

// The other side: a client that calls Sum once and prints the answer.
const endpoint = new endpoints.TCP4ClientEndpoint(reactor, "localhost", 8750);
endpoints.connectProtocol(endpoint, new amp.AMP()).addCallback((client: amp.AMP) =>
  client.callRemote(Sum, { a: 13, b: 81 }).addCallback((result) => {
    console.log(`13 + 81 = ${result.total}`);
  }),
);
reactor.run();
