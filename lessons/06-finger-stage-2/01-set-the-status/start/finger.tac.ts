// Stage 1 as it ended: one finger server, run by twistd on port 79.
import { service, strports } from "twisted/application";
import { defer, protocol } from "twisted/internet";
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

export const application = service.Application("finger", { uid: 1, gid: 1 });
const factory = new FingerFactory({ moshez: "Happy and well" });
strports.service("tcp:79", factory).setServiceParent(service.IServiceCollection(application));
