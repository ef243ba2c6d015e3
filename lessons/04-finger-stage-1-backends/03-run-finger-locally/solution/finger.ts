// The answer comes from the system's finger command.
import { defer, endpoints, protocol, reactor, utils } from "twisted/internet";
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

  getUser(user: string): defer.Deferred<string> {
    return utils.getProcessOutput("finger", [user]);
  }
}

const fingerEndpoint = endpoints.serverFromString(reactor, "tcp:1079");
fingerEndpoint.listen(new FingerFactory());
reactor.run();
