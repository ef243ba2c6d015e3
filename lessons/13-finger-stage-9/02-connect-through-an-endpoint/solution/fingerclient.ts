// The finger client, connecting through an endpoint: a failed connection reaches the Deferred that connect() returns.
import { defer, endpoints, protocol, reactor } from "twisted/internet";
import { failure } from "twisted/python";

class FingerClient extends protocol.Protocol<FingerClientFactory> {
  buf: string[] = [];
  connectionMade() {
    this.transport!.write(this.factory.user + "\r\n");
  }
  dataReceived(data: string) {
    this.buf.push(data);
  }
  connectionLost(reason: unknown) {
    // A finger server closes once it has answered: the reply is whole now.
    this.factory.gotData(this.buf.join(""));
  }
}

// The factory holds the Deferred: the protocol fires it with the reply, a failed connection errbacks it.
class FingerClientFactory extends protocol.ClientFactory {
  protocol = FingerClient;
  d = new defer.Deferred<string>();
  constructor(readonly user: string) {
    super();
  }
  clientConnectionFailed(connector: unknown, reason: failure.Failure) {
    this.d.errback(reason);
  }
  gotData(data: string) {
    this.d.callback(data);
  }
}

function finger(user: string, host: string, port = 79): defer.Deferred<string> {
  const f = new FingerClientFactory(user);
  const endpoint = new endpoints.TCP4ClientEndpoint(reactor, host, port);
  // An endpoint reports a failed connection to connect()'s Deferred; clientConnectionFailed is never called.
  endpoint.connect(f).addErrback((reason: failure.Failure) => f.d.errback(reason));
  return f.d;
}

const d = finger("moshez", "finger.example.org");
d.addCallback((status: string) => console.log("moshez: " + status.trim()));
// Nothing listens on port 79 of this machine.
d.addCallback(() => finger("moshez", "localhost"));
d.addCallback((status: string) => console.log("localhost: " + status.trim()));
d.addErrback((reason: failure.Failure) => console.log("localhost: could not connect: " + reason.getErrorMessage()));
d.addBoth(() => reactor.stop());
reactor.run();
