// Two servers in one application: finger on 79, and a setter on 1079.
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

  constructor(readonly users: Record<string, string>) {
    super();
  }

  getUser(user: string): defer.Deferred<string> {
    return defer.succeed(this.users[user] ?? "No such user");
  }
}

class FingerSetterProtocol extends basic.LineReceiver<FingerSetterFactory> {
  private lines: string[] = [];

  lineReceived(line: string) {
    this.lines.push(line);
  }

  connectionLost(reason: failure.Failure) {
    if (this.lines.length < 2) throw new Error(`expected a user and a status, got ${this.lines.length} line(s)`);
    const user = this.lines[0]!;
    const status = this.lines[1]!;
    this.factory.setUser(user, status);
  }
}

class FingerSetterFactory extends protocol.ServerFactory {
  protocol = FingerSetterProtocol;

  constructor(private fingerFactory: FingerFactory) {
    super();
  }

  setUser(user: string, status: string) {
    this.fingerFactory.users[user] = status;
  }
}

const ff = new FingerFactory({ moshez: "Happy and well" });
const fsf = new FingerSetterFactory(ff);

export const application = service.Application("finger", { uid: 1, gid: 1 });
const serviceCollection = service.IServiceCollection(application);
strports.service("tcp:79", ff).setServiceParent(serviceCollection);
strports.service("tcp:1079", fsf).setServiceParent(serviceCollection);
