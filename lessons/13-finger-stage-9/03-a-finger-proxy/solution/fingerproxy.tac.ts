// A finger proxy (fingerproxy): a finger server on 7779 that answers by asking another finger server.
import { Interface, implementer, method } from "zope/interface";
import { service, strports } from "twisted/application";
import { defer, endpoints, protocol, reactor } from "twisted/internet";
import { basic } from "twisted/protocols";
import { components, failure } from "twisted/python";

const catchError = (err: unknown) => "Internal error in server";

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

class FingerProtocol extends basic.LineReceiver<IFingerFactory> {
  lineReceived(user: string) {
    const d = this.factory.getUser(user);
    d.addErrback(catchError);
    d.addCallback((value: string) => {
      // The other server's reply is passed on as it came, line ending included.
      this.transport!.write(value);
      this.transport!.loseConnection();
    });
  }
}

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

class FingerClient extends protocol.Protocol<FingerClientFactory> {
  buf: string[] = [];
  connectionMade() {
    this.transport!.write(this.factory.user + "\r\n");
  }
  dataReceived(data: string) {
    this.buf.push(data);
  }
  connectionLost(reason: unknown) {
    this.factory.gotData(this.buf.join(""));
  }
}

class FingerClientFactory extends protocol.ClientFactory {
  protocol = FingerClient;
  d = new defer.Deferred<string>();
  constructor(readonly user: string) {
    super();
  }
  clientConnectionFailed(connector: unknown, reason: failure.Failure) {
    this.d.errback(reason);
  }
  gotData(data: string) {
    this.d.callback(data);
  }
}

function finger(user: string, host: string, port = 79): defer.Deferred<string> {
  const f = new FingerClientFactory(user);
  const endpoint = new endpoints.TCP4ClientEndpoint(reactor, host, port);
  // An endpoint reports a failed connection to connect()'s Deferred; clientConnectionFailed is never called.
  endpoint.connect(f).addErrback((reason: failure.Failure) => f.d.errback(reason));
  return f.d;
}

class ProxyFingerService extends service.Service implements IFingerService {
  getUser(user: string) {
    // "moshez@hostb.example" asks hostb.example about moshez; a bare "moshez" asks this machine.
    let host = "127.0.0.1";
    const at = user.indexOf("@");
    if (at >= 0) {
      host = user.slice(at + 1);
      user = user.slice(0, at);
    } else {
      user = user.trim();
    }
    const ret = finger(user, host);
    ret.addErrback(() => "Could not connect to remote host");
    return ret;
  }
  getUsers() {
    return defer.succeed<string[]>([]);
  }
}
implementer(IFingerService)(ProxyFingerService);

export const application = service.Application("finger", { uid: 1, gid: 1 });
const f = new ProxyFingerService();
strports.service("tcp:7779", IFingerFactory(f)).setServiceParent(service.IServiceCollection(application));
