// Stage 3, cleaning up (finger18): Resource subclasses, a user list, pages rendered later.
import { internet, service, strports } from "twisted/application";
import { defer, endpoints, protocol, reactor } from "twisted/internet";
import { basic } from "twisted/protocols";
import { failure, filepath } from "twisted/python";
import { resource, server, xmlrpc } from "twisted/web";
import { irc } from "twisted/words/protocols";
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

class IRCReplyBot extends irc.IRCClient<IRCBotFactory> {
  connectionMade() {
    this.nickname = this.factory.nickname;
    super.connectionMade();
  }

  signedOn() {
    this.join("#twisted");
  }

  privmsg(user: string, channel: string, msg: string) {
    const nick = user.split("!")[0]!;
    if (this.nickname.toLowerCase() === channel.toLowerCase()) {
      const d = this.factory.getUser(msg);
      d.addErrback(() => "Internal error in server");
      d.addCallback((status: string) => "Status of " + msg + ": " + status);
      d.addCallback((text: string) => this.msg(nick, text));
    }
  }
}

class IRCBotFactory extends protocol.ClientFactory {
  protocol = IRCReplyBot;

  constructor(
    readonly nickname: string,
    private service: FingerService,
  ) {
    super();
  }

  getUser(user: string): defer.Deferred<string> {
    return this.service.getUser(user);
  }
}

class UserStatusTree extends resource.Resource {
  constructor(private service: FingerService) {
    super();
  }

  render_GET(request: server.Request) {
    this.service
      .getUsers()
      .addCallback((users: string[]) => {
        const items = users.map((user) => '<li><a href="' + escape(user) + '">' + escape(user) + "</a></li>");
        return "<ul>" + items.join("") + "</ul>";
      })
      .addCallback((page: string) => {
        request.write(page);
        request.finish();
      });
    return server.NOT_DONE_YET;
  }

  getChild(path: string, request: server.Request): resource.IResource {
    if (path === "") return this;
    return new UserStatus(path, this.service);
  }
}

class UserStatus extends resource.Resource {
  constructor(
    private user: string,
    private service: FingerService,
  ) {
    super();
  }

  render_GET(request: server.Request) {
    this.service
      .getUser(this.user)
      .addCallback((status: string) => "<h1>" + escape(this.user) + "</h1><p>" + escape(status) + "</p>")
      .addCallback((page: string) => {
        request.write(page);
        request.finish();
      });
    return server.NOT_DONE_YET;
  }
}

class UserStatusXR extends xmlrpc.XMLRPC {
  constructor(private service: FingerService) {
    super();
  }

  xmlrpc_getUser(user: string): defer.Deferred<string> {
    return this.service.getUser(user);
  }

  xmlrpc_getUsers(): defer.Deferred<string[]> {
    return this.service.getUsers();
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

  getUsers(): defer.Deferred<string[]> {
    return defer.succeed(Object.keys(this.users));
  }

  getFingerFactory(): FingerFactory {
    return new FingerFactory(this);
  }

  getIRCBot(nickname: string): IRCBotFactory {
    return new IRCBotFactory(nickname, this);
  }

  getResource(): resource.Resource {
    const r = new UserStatusTree(this);
    r.putChild("RPC2", new UserStatusXR(this));
    return r;
  }
}

export const application = service.Application("finger", { uid: 1, gid: 1 });
const f = new FingerService("/etc/users");
const serviceCollection = service.IServiceCollection(application);
f.setServiceParent(serviceCollection);
strports.service("tcp:79", f.getFingerFactory()).setServiceParent(serviceCollection);
strports.service("tcp:8000", new server.Site(f.getResource())).setServiceParent(serviceCollection);
new internet.ClientService(endpoints.clientFromString(reactor, "tcp:irc.freenode.org:6667"), f.getIRCBot("fingerbot")).setServiceParent(
  serviceCollection,
);
