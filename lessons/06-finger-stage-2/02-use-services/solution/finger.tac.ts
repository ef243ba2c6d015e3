// One FingerService owns the users; the finger and setter factories ask it.
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

class FingerFactory extends protocol.ServerFactory {
  protocol = FingerProtocol;

  constructor(private service: FingerService) {
    super();
  }

  getUser(user: string): defer.Deferred<string> {
    return this.service.getUser(user);
  }
}

class FingerSetterFactory extends protocol.ServerFactory {
  protocol = FingerSetterProtocol;

  constructor(private service: FingerService) {
    super();
  }

  setUser(user: string, status: string) {
    this.service.setUser(user, status);
  }
}

class FingerService extends service.Service {
  constructor(private users: Record<string, string>) {
    super();
  }

  getUser(user: string): defer.Deferred<string> {
    return defer.succeed(this.users[user] ?? "No such user");
  }

  setUser(user: string, status: string) {
    this.users[user] = status;
  }

  getFingerFactory(): FingerFactory {
    return new FingerFactory(this);
  }

  getFingerSetterFactory(): FingerSetterFactory {
    return new FingerSetterFactory(this);
  }
}

export const application = service.Application("finger", { uid: 1, gid: 1 });
const f = new FingerService({ moshez: "Happy and well" });
const serviceCollection = service.IServiceCollection(application);
strports.service("tcp:79", f.getFingerFactory()).setServiceParent(serviceCollection);
strports.service("tcp:1079", f.getFingerSetterFactory()).setServiceParent(serviceCollection);
