// The tutorial's PB client (fingerPBclient), and, so that it has something to call, a small PB finger server in the same program.
import { defer, endpoints, reactor } from "twisted/internet";
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

// The client, as the tutorial writes it: get the root object, call getUser, stop.
function gotObject(object: pb.RemoteReference) {
  console.log("got object: " + object.constructor.name);
  object.callRemote("getUser", "moshez").addCallback(gotData);
}

// or
//   object.callRemote("getUsers").addCallback(gotData)

function gotData(data: string) {
  console.log("server sent: " + data);
  reactor.stop();
}

function gotNoObject(reason: failure.Failure) {
  console.log("no object: " + reason.getErrorMessage());
  reactor.stop();
}

const factory = new pb.PBClientFactory();
const clientEndpoint = endpoints.clientFromString(reactor, "tcp:127.0.0.1:8889");
clientEndpoint.connect(factory);
factory.getRootObject().addCallbacks(gotObject, gotNoObject);
reactor.run();
