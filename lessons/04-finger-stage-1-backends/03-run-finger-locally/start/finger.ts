// getUser promises its answer: it returns a Deferred.
import { defer, endpoints, protocol, reactor } from "twisted/internet";
import { basic } from "twisted/protocols";
import { failure } from "twisted/python";

class FingerProtocol extends basic.LineReceiver<FingerFactory> {
  lineReceived(user: string) {
    const d = this.factory.getUser(user);

    const onError = (err: failure.Failure) => "Internal error in server";
    d.addErrback(onError);

    const writeResponse = (message: string) => {
      this.transport!.write(message + "\r\n");
      this.transport!.loseConnection();
    };
    d.addCallback(writeResponse);
  }
}

class FingerFactory extends protocol.ServerFactory {
  protocol = FingerProtocol;

  constructor(private users: Record<string, string>) {
    super();
  }

  getUser(user: string): defer.Deferred<string> {
    return defer.succeed(this.users[user] ?? "No such user");
  }
}

const fingerEndpoint = endpoints.serverFromString(reactor, "tcp:1079");
fingerEndpoint.listen(new FingerFactory({ moshez: "Happy and well" }));
reactor.run();
