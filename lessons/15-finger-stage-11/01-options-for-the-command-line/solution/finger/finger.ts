// The finger library (the tutorial's finger/finger.py): every front end of stages 1 to 8 as adapters of one FingerService,
// and makeService(config), which builds them into one MultiService from a configuration (the command line's options).
import { Interface, implementer, method, Attribute } from "zope/interface";
import { internet, service, strports } from "twisted/application";
import { defer, endpoints, protocol, reactor } from "twisted/internet";
import { basic } from "twisted/protocols";
import { components, filepath, usage } from "twisted/python";
import { pb } from "twisted/spread";
import { resource, server, xmlrpc } from "twisted/web";
import { irc } from "twisted/words/protocols";
import { escape } from "html";

export interface IFingerService {
  /** Return a deferred returning a string. */
  getUser(user: string): defer.Deferred<string>;
  /** Return a deferred returning a list of strings. */
  getUsers(): defer.Deferred<string[]>;
}
export const IFingerService = Interface<IFingerService>("IFingerService", {
  getUser: method("user"),
  getUsers: method(),
});

export interface IFingerSetterService {
  /** Set the user's status to something. */
  setUser(user: string, status: string): void;
}
export const IFingerSetterService = Interface<IFingerSetterService>("IFingerSetterService", {
  setUser: method("user", "status"),
});

const catchError = (err: unknown) => "Internal error in server";

export class FingerProtocol extends basic.LineReceiver<IFingerFactory> {
  lineReceived(user: string) {
    const d = this.factory.getUser(user);
    d.addErrback(catchError);
    d.addCallback((value: string) => {
      this.transport!.write(value + "\r\n");
      this.transport!.loseConnection();
    });
  }
}

export interface IFingerFactory {
  /** Return a deferred returning a string. */
  getUser(user: string): defer.Deferred<string>;
  /** Return a protocol returning a string. */
  buildProtocol(addr: unknown): protocol.Protocol | null;
}
export const IFingerFactory = Interface<IFingerFactory>("IFingerFactory", {
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

export class IRCReplyBot extends irc.IRCClient<IIRCClientFactory> {
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

export interface IIRCClientFactory {
  /** The bot's nickname. */
  nickname: string | null;
  /** Return a deferred returning a string. */
  getUser(user: string): defer.Deferred<string>;
  /** Return a protocol. */
  buildProtocol(addr: unknown): protocol.Protocol | null;
}
export const IIRCClientFactory = Interface<IIRCClientFactory>("IIRCClientFactory", {
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

export class UserStatusTree extends resource.Resource {
  constructor(private service: IFingerService) {
    super();
    this.putChild("RPC2", new UserStatusXR(this.service));
    // The root of the site is its own child "": a GET of / renders this resource.
    this.putChild("", this);
  }
  render_GET(request: server.Request) {
    this.service
      .getUsers()
      .addCallback((users: string[]) => users.map((user) => '<li><a href="' + escape(user) + '">' + escape(user) + "</a></li>").join(""))
      .addCallback((items: string) => page("Users", "<ul>" + items + "</ul>"))
      .addCallback((html: string) => request.write(html))
      .addCallback(() => request.finish());
    return server.NOT_DONE_YET;
  }
  getChild(path: string, request: server.Request): resource.IResource {
    return new UserStatus(path, this.service);
  }
}
implementer(resource.IResource)(UserStatusTree);

components.registerAdapter(UserStatusTree, IFingerService, resource.IResource);

/** A whole HTML page: `title` (already escaped) is its title and its heading, `body` follows the heading. */
function page(title: string, body: string): string {
  return "<html><head><title>" + title + "</title></head><body><h1>" + title + "</h1>" + body + "</body></html>";
}

export class UserStatus extends resource.Resource {
  constructor(private user: string, private service: IFingerService) {
    super();
  }
  render_GET(request: server.Request) {
    this.service
      .getUser(this.user)
      .addCallback((m: string) => escape(m))
      .addCallback((m: string) => page(escape(this.user), "<p>" + m + "</p>" + (request.isSecure() ? "<p>(sent over TLS)</p>" : "<p>(sent in the clear)</p>")))
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
  xmlrpc_getUsers() {
    return this.service.getUsers();
  }
}

export interface IPerspectiveFinger {
  /** Return a user's status. */
  remote_getUser(username: string): defer.Deferred<string>;
  /** Return the list of users. */
  remote_getUsers(): defer.Deferred<string[]>;
}
export const IPerspectiveFinger = Interface<IPerspectiveFinger>("IPerspectiveFinger", {
  remote_getUser: method("username"),
  remote_getUsers: method(),
});

// A pb.Root is the object a PB client gets first; its remote_ methods are what the client may call.
class PerspectiveFingerFromService extends pb.Root implements IPerspectiveFinger {
  constructor(private service: IFingerService) {
    super();
  }
  remote_getUser(username: string) {
    return this.service.getUser(username);
  }
  remote_getUsers() {
    return this.service.getUsers();
  }
}
implementer(IPerspectiveFinger)(PerspectiveFingerFromService);

components.registerAdapter(PerspectiveFingerFromService, IFingerService, IPerspectiveFinger);

export class FingerService extends service.Service implements IFingerService {
  users: Record<string, string> = {};
  call: any = null;
  constructor(private filename: string) {
    super();
  }
  _read() {
    // The next read is booked first, and the new statuses replace the old ones only once the whole file is read.
    this.call = reactor.callLater(30, () => this._read());
    const users: Record<string, string> = {};
    for (const line of new filepath.FilePath(this.filename).getContent().split("\n")) {
      if (!line.includes(":")) continue;
      const at = line.indexOf(":");
      users[line.slice(0, at).trim()] = line.slice(at + 1).trim();
    }
    this.users = users;
  }
  getUser(user: string) {
    return defer.succeed(this.users[user] ?? "No such user");
  }
  getUsers() {
    return defer.succeed(Object.keys(this.users));
  }
  startService() {
    this._read();
    super.startService();
  }
  stopService() {
    super.stopService();
    this.call.cancel();
  }
}
implementer(IFingerService)(FingerService);

/**
 * The whole finger service from a configuration: finger on port 79, the web
 * site on 8000 (with XML-RPC at /RPC2), TLS on 443 when `ssl` is set, the IRC
 * bot when there is an `ircnick`, Perspective Broker when there is a `pbport`.
 */
export function makeService(config: usage.Options): service.MultiService {
  const s = new service.MultiService();
  const f = new FingerService(String(config["file"]));
  // The tutorial's listing forgets this line: a FingerService nobody starts never reads its file.
  f.setServiceParent(s);
  strports.service("tcp:79", IFingerFactory(f)).setServiceParent(s);

  const site = new server.Site(resource.IResource(f));
  strports.service("tcp:8000", site).setServiceParent(s);
  if (config["ssl"]) {
    strports.service("ssl:port=443:certKey=cert.pem:privateKey=key.pem", site).setServiceParent(s);
  }

  if ("ircnick" in config) {
    const i = IIRCClientFactory(f);
    i.nickname = String(config["ircnick"]);
    const ircserver = String(config["ircserver"]);
    new internet.ClientService(new endpoints.HostnameEndpoint(reactor, ircserver, 6667), i).setServiceParent(s);
  }

  if ("pbport" in config) {
    new internet.StreamServerEndpointService(
      new endpoints.TCP4ServerEndpoint(reactor, Number(config["pbport"])),
      new pb.PBServerFactory(IPerspectiveFinger(f)),
    ).setServiceParent(s);
  }
  return s;
}
