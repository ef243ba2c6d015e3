// Stage 5: three backends behind the same front ends; one line chooses which.
import { Interface, implementer, method, Attribute } from "zope/interface";
import { internet, service, strports } from "twisted/application";
import { defer, endpoints, protocol, reactor, utils } from "twisted/internet";
import { basic } from "twisted/protocols";
import { components, filepath } from "twisted/python";
import { resource, server, xmlrpc } from "twisted/web";
import { irc } from "twisted/words/protocols";
import { escape } from "html";
import { OSError } from "builtins";
import * as pwd from "pwd";

interface IFingerService {
  /** Return a deferred returning a string. */
  getUser(user: string): defer.Deferred<string>;
  /** Return a deferred returning a list of strings. */
  getUsers(): defer.Deferred<string[]>;
}
const IFingerService = Interface<IFingerService>("IFingerService", {
  getUser: method("user"),
  getUsers: method(),
});

interface IFingerSetterService {
  /** Set the user's status to something. */
  setUser(user: string, status: string): void;
}
const IFingerSetterService = Interface<IFingerSetterService>("IFingerSetterService", {
  setUser: method("user", "status"),
});

const catchError = (err: unknown) => "Internal error in server";

class FingerProtocol extends basic.LineReceiver<IFingerFactory> {
  lineReceived(user: string) {
    const d = this.factory.getUser(user);
    d.addErrback(catchError);
    d.addCallback((value: string) => {
      this.transport!.write(value + "\r\n");
      this.transport!.loseConnection();
    });
  }
}

interface IFingerFactory {
  /** Return a deferred returning a string. */
  getUser(user: string): defer.Deferred<string>;
  /** Return a protocol returning a string. */
  buildProtocol(addr: unknown): protocol.Protocol | null;
}
const IFingerFactory = Interface<IFingerFactory>("IFingerFactory", {
  getUser: method("user"),
  buildProtocol: method("addr"),
});

class FingerFactoryFromService extends protocol.ServerFactory implements IFingerFactory {
  protocol = FingerProtocol;
  constructor(private service: IFingerService) {
    super();
  }
  getUser(user: string) {
    return this.service.getUser(user);
  }
}
implementer(IFingerFactory)(FingerFactoryFromService);

components.registerAdapter(FingerFactoryFromService, IFingerService, IFingerFactory);

class FingerSetterProtocol extends basic.LineReceiver<IFingerSetterFactory> {
  lines: string[] = [];
  connectionMade() {
    this.lines = [];
  }
  lineReceived(line: string) {
    this.lines.push(line);
  }
  connectionLost(reason: unknown) {
    if (this.lines.length === 2) this.factory.setUser(this.lines[0]!, this.lines[1]!);
  }
}

interface IFingerSetterFactory {
  /** Return a deferred returning a string. */
  setUser(user: string, status: string): void;
  /** Return a protocol returning a string. */
  buildProtocol(addr: unknown): protocol.Protocol | null;
}
const IFingerSetterFactory = Interface<IFingerSetterFactory>("IFingerSetterFactory", {
  setUser: method("user", "status"),
  buildProtocol: method("addr"),
});

class FingerSetterFactoryFromService extends protocol.ServerFactory implements IFingerSetterFactory {
  protocol = FingerSetterProtocol;
  constructor(private service: IFingerSetterService) {
    super();
  }
  setUser(user: string, status: string) {
    this.service.setUser(user, status);
  }
}
implementer(IFingerSetterFactory)(FingerSetterFactoryFromService);

components.registerAdapter(FingerSetterFactoryFromService, IFingerSetterService, IFingerSetterFactory);

class IRCReplyBot extends irc.IRCClient<IIRCClientFactory> {
  connectionMade() {
    this.nickname = this.factory.nickname!;
    super.connectionMade();
  }
  signedOn() {
    this.join("#twisted");
  }
  privmsg(user: string, channel: string, msg: string) {
    const nick = user.split("!")[0]!;
    if (this.nickname.toLowerCase() === channel.toLowerCase()) {
      const d = this.factory.getUser(msg);
      d.addErrback(catchError);
      d.addCallback((m: string) => "Status of " + msg + ": " + m);
      d.addCallback((m: string) => this.msg(nick, m));
    }
  }
}

interface IIRCClientFactory {
  /** The bot's nickname. */
  nickname: string | null;
  /** Return a deferred returning a string. */
  getUser(user: string): defer.Deferred<string>;
  /** Return a protocol. */
  buildProtocol(addr: unknown): protocol.Protocol | null;
}
const IIRCClientFactory = Interface<IIRCClientFactory>("IIRCClientFactory", {
  nickname: new Attribute("The bot's nickname"),
  getUser: method("user"),
  buildProtocol: method("addr"),
});

class IRCClientFactoryFromService extends protocol.ClientFactory implements IIRCClientFactory {
  protocol = IRCReplyBot;
  nickname: string | null = null;
  constructor(private service: IFingerService) {
    super();
  }
  getUser(user: string) {
    return this.service.getUser(user);
  }
}
implementer(IIRCClientFactory)(IRCClientFactoryFromService);

components.registerAdapter(IRCClientFactoryFromService, IFingerService, IIRCClientFactory);

class UserStatusTree extends resource.Resource {
  constructor(private service: IFingerService) {
    super();
    this.putChild("RPC2", new UserStatusXR(this.service));
  }
  render_GET(request: server.Request) {
    this.service
      .getUsers()
      .addCallback((users: string[]) => "<ul>" + users.map((user) => '<li><a href="' + escape(user) + '">' + escape(user) + "</a></li>").join("") + "</ul>")
      .addCallback((html: string) => request.write(html))
      .addCallback(() => request.finish());
    return server.NOT_DONE_YET;
  }
  getChild(path: string, request: server.Request): resource.IResource {
    if (path === "") return new UserStatusTree(this.service);
    return new UserStatus(path, this.service);
  }
}
implementer(resource.IResource)(UserStatusTree);

components.registerAdapter(UserStatusTree, IFingerService, resource.IResource);

class UserStatus extends resource.Resource {
  constructor(private user: string, private service: IFingerService) {
    super();
  }
  render_GET(request: server.Request) {
    this.service
      .getUser(this.user)
      .addCallback((m: string) => escape(m))
      .addCallback((m: string) => "<h1>" + escape(this.user) + "</h1>" + "<p>" + m + "</p>")
      .addCallback((html: string) => request.write(html))
      .addCallback(() => request.finish());
    return server.NOT_DONE_YET;
  }
}

class UserStatusXR extends xmlrpc.XMLRPC {
  constructor(private service: IFingerService) {
    super();
  }
  xmlrpc_getUser(user: string) {
    return this.service.getUser(user);
  }
}

class MemoryFingerService extends service.Service implements IFingerService, IFingerSetterService {
  constructor(private users: Record<string, string>) {
    super();
  }
  getUser(user: string) {
    return defer.succeed(this.users[user] ?? "No such user");
  }
  getUsers() {
    return defer.succeed(Object.keys(this.users));
  }
  setUser(user: string, status: string) {
    this.users[user] = status;
  }
}
implementer(IFingerService, IFingerSetterService)(MemoryFingerService);

class LocalFingerService extends service.Service implements IFingerService {
  getUser(user: string) {
    return utils.getProcessOutput("finger", [user]);
  }
  getUsers() {
    return defer.succeed([] as string[]);
  }
}
implementer(IFingerService)(LocalFingerService);

class PlanFingerService extends service.Service implements IFingerService {
  getUser(user: string) {
    user = user.trim();
    let entry: pwd.struct_passwd;
    try {
      entry = pwd.getpwnam(user);
    } catch (e) {
      if (e instanceof pwd.KeyError) return defer.succeed("No such user");
      throw e;
    }
    let data: string;
    try {
      data = new filepath.FilePath(entry.pw_dir).child(".plan").getContent();
    } catch (e) {
      if (e instanceof OSError) return defer.succeed("No such user");
      throw e;
    }
    return defer.succeed(data.trim());
  }
  getUsers() {
    return defer.succeed([] as string[]);
  }
}
implementer(IFingerService)(PlanFingerService);

export const application = service.Application("finger", { uid: 1, gid: 1 });
const f = new MemoryFingerService({ moshez: "Happy and well" });
const serviceCollection = service.IServiceCollection(application);
f.setServiceParent(serviceCollection);
strports.service("tcp:79", IFingerFactory(f)).setServiceParent(serviceCollection);
if (IFingerSetterService.providedBy(f)) {
  strports.service("tcp:1079:interface=127.0.0.1", IFingerSetterFactory(f)).setServiceParent(serviceCollection);
}
strports.service("tcp:8000", new server.Site(resource.IResource(f))).setServiceParent(serviceCollection);
const i = IIRCClientFactory(f);
i.nickname = "fingerbot";
new internet.ClientService(endpoints.clientFromString(reactor, "tcp:irc.freenode.org:6667"), i).setServiceParent(serviceCollection);
