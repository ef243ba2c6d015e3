// Stage 2 so far: one FingerService behind a finger server and a web server.
import { service, strports } from "twisted/application";
import { defer, protocol, reactor } from "twisted/internet";
import { basic } from "twisted/protocols";
import { failure, filepath } from "twisted/python";
import { resource, server, static as webStatic } from "twisted/web";
import { escape } from "html";

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

  constructor(private service: FingerService) {
    super();
  }

  getUser(user: string): defer.Deferred<string> {
    return this.service.getUser(user);
  }
}

class FingerService extends service.Service {
  private users: Record<string, string> = {};
  private call: any = null;

  constructor(private filename: string) {
    super();
  }

  private _read() {
    // The next read is booked first, and the new statuses replace the old ones only once the whole file is read:
    // a file that cannot be read now is logged, leaves the old statuses, and is tried again in 30 seconds.
    this.call = reactor.callLater(30, () => this._read());
    const users: Record<string, string> = {};
    for (const line of new filepath.FilePath(this.filename).getContent().split("\n")) {
      if (!line.includes(":")) continue;
      const [user, ...rest] = line.split(":");
      users[user!.trim()] = rest.join(":").trim();
    }
    this.users = users;
  }

  startService() {
    this._read();
    super.startService();
  }

  stopService() {
    const stopped = super.stopService();
    this.call.cancel();
    return stopped;
  }

  getUser(user: string): defer.Deferred<string> {
    return defer.succeed(this.users[user] ?? "No such user");
  }

  getFingerFactory(): FingerFactory {
    return new FingerFactory(this);
  }

  getResource(): resource.Resource {
    const r = new resource.Resource();
    r.getChild = (path: string, request: server.Request) => {
      const status = this.users[path] ?? "No such user";
      return new webStatic.Data("<h1>" + escape(path) + "</h1><p>" + escape(status) + "</p>", "text/html");
    };
    return r;
  }
}

export const application = service.Application("finger", { uid: 1, gid: 1 });
const f = new FingerService("/etc/users");
const serviceCollection = service.IServiceCollection(application);
f.setServiceParent(serviceCollection);
strports.service("tcp:79", f.getFingerFactory()).setServiceParent(serviceCollection);
strports.service("tcp:8000", new server.Site(f.getResource())).setServiceParent(serviceCollection);
