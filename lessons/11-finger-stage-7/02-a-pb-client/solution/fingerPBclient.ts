// The tutorial's PB client (fingerPBclient), and, so that it has something to call, a small PB finger server in the same program.
import { defer, reactor } from "twisted/internet";
import { failure } from "twisted/python";
import { pb } from "twisted/spread";

// The server: a root like the last step's, on a dictionary instead of /etc/users.
class FingerRoot extends pb.Root {
  constructor(private users: Record<string, string>) {
    super();
  }
  remote_getUser(username: string) {
    return defer.succeed(this.users[username] ?? "No such user");
  }
  remote_getUsers() {
    return defer.succeed(Object.keys(this.users));
  }
}
reactor.listenTCP(8889, new pb.PBServerFactory(new FingerRoot({ moshez: "happy and well", shawn: "alive" })));

// The client: get the root object of the PB server on `host`, then call its methods.
function ask(host: string): defer.Deferred<unknown> {
  const factory = new pb.PBClientFactory();
  // connectTCP tells the factory when the connection fails, and the factory fails getRootObject's Deferred.
  reactor.connectTCP(host, 8889, factory);
  return factory.getRootObject().addCallbacks(gotObject, gotNoObject);
}

function gotObject(object: pb.RemoteReference) {
  console.log("got object: " + object.constructor.name);
  const d = object.callRemote("getUser", "moshez");
  d.addCallback((data: string) => console.log("server sent: " + data));
  d.addCallback(() => object.callRemote("getUsers"));
  d.addCallback((users: string[]) => console.log("users: " + users.join(", ")));
  d.addCallback(() => object.callRemote("nope"));
  d.addErrback((reason: failure.Failure) => console.log("nope failed: " + reason.getErrorMessage()));
  return d;
}

function gotNoObject(reason: failure.Failure) {
  console.log("no object: " + reason.getErrorMessage());
}

const d = ask("127.0.0.1");
// finger.example.org runs a finger server on port 79, and no PB server.
d.addCallback(() => ask("finger.example.org"));
d.addBoth(() => reactor.stop());
reactor.run();
