// A PB finger server behind a login (twisted.cred), and a client that logs in to it, in one program.
import { implementer } from "zope/interface";
import { checkers, credentials, portal } from "twisted/cred";
import { defer, reactor } from "twisted/internet";
import { failure } from "twisted/python";
import { pb } from "twisted/spread";

const USERS: Record<string, string> = { moshez: "happy and well", shawn: "alive" };

// The server. An avatar is what a user who logged in gets: its perspective_ methods are the ones they may call.
class FingerPerspective extends pb.Avatar {
  perspective_getUser(username: string) {
    return defer.succeed(USERS[username] ?? "No such user");
  }
}

// The realm makes the avatar for a user the checker has let in.
class FingerRealm {
  requestAvatar(avatarId: unknown, mind: unknown, ...interfaces: unknown[]): portal.AvatarTriple {
    // avatarId is the user the checker let in; a realm could give each user an avatar of their own.
    if (!interfaces.includes(pb.IPerspective)) throw new Error("NotImplementedError: FingerRealm only gives out PB perspectives");
    return [pb.IPerspective, new FingerPerspective(), () => {}];
  }
}
implementer(portal.IRealm)(FingerRealm);

// The checker knows the passwords; the portal asks it, then asks the realm.
const checker = new checkers.InMemoryUsernamePasswordDatabaseDontUse();
checker.addUser("moshez", "secret");
const thePortal = new portal.Portal(new FingerRealm(), [checker]);
reactor.listenTCP(8889, new pb.PBServerFactory(thePortal));

// The client: log in, and call the avatar's methods through the reference login() gives.
function login(username: string, password: string): defer.Deferred<pb.RemoteReference> {
  const factory = new pb.PBClientFactory();
  reactor.connectTCP("127.0.0.1", 8889, factory);
  return factory.login(new credentials.UsernamePassword(username, password));
}

function refused(who: string) {
  return (reason: failure.Failure) => {
    const why = reason.check("twisted.cred.error.UnauthorizedLogin") ? "UnauthorizedLogin" : reason.getErrorMessage();
    console.log(who + ": refused, " + why);
  };
}

const d = login("moshez", "secret");
d.addCallback((perspective: pb.RemoteReference) => {
  console.log("moshez: logged in, got " + perspective.constructor.name);
  return perspective.callRemote("getUser", "shawn").addCallback((status: string) => console.log("shawn: " + status));
});
d.addErrback(refused("moshez"));
d.addCallback(() => login("moshez", "wrong").addCallbacks(() => console.log("moshez with a wrong password: let in!"), refused("moshez with a wrong password")));
d.addCallback(() => login("glyph", "secret").addCallbacks(() => console.log("glyph: let in!"), refused("glyph")));
d.addBoth(() => reactor.stop());
reactor.run();
