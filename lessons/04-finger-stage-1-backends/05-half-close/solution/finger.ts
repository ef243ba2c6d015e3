// The answer comes from a web page, even to a client that has closed its sending half.
import { defer, endpoints, interfaces, protocol, reactor } from "twisted/internet";
import { basic } from "twisted/protocols";
import { failure } from "twisted/python";
import { client } from "twisted/web";

class FingerProtocol extends basic.LineReceiver<FingerFactory> implements interfaces.IHalfCloseableProtocol {
  private asked = false;

  lineReceived(user: string) {
    this.asked = true;
    const d = this.factory.getUser(user);

    const onError = (err: failure.Failure) => "Internal error in server";
    d.addErrback(onError);

    const writeResponse = (message: string) => {
      this.transport!.write(message + "\r\n");
      this.transport!.loseConnection();
    };
    d.addCallback(writeResponse);
  }

  // The client has closed its sending half: it will say no more, but it still listens.
  readConnectionLost() {
    // With a question asked, the answer is on its way and writeResponse closes.
    // Without one, there is nothing to answer: close now rather than wait forever.
    if (!this.asked) this.transport!.loseConnection();
  }

  writeConnectionLost() {}
}

class FingerFactory extends protocol.ServerFactory {
  protocol = FingerProtocol;

  constructor(private prefix: string) {
    super();
  }

  getUser(user: string): defer.Deferred<string> {
    return client.getPage(this.prefix + user);
  }
}

const fingerEndpoint = endpoints.serverFromString(reactor, "tcp:1079");
fingerEndpoint.listen(new FingerFactory("http://livejournal.com/~"));
reactor.run();
