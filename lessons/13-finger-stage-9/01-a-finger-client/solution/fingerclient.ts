// A finger client wrapped in a function that returns a Deferred: ask two servers, print each answer, stop.
import { defer, protocol, reactor } from "twisted/internet";
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
  reactor.connectTCP(host, port, f);
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
