// A finger server that answers even when its own code raises.
import { defer, endpoints, protocol, reactor } from "twisted/internet";
import { basic } from "twisted/protocols";

// The day each user last logged in. alice never has.
const lastLogins: Record<string, string> = { moshez: "Monday" };

// Like Python's lastLogins[user]: throws for a user with no login recorded.
function lastLogin(user: string): string {
  const day = lastLogins[user];
  if (day === undefined) throw new Error(`no login recorded for ${user}`);
  return day;
}

class FingerProtocol extends basic.LineReceiver<FingerFactory> {
  lineReceived(user: string) {
    const d = this.factory.getUser(user);
    // The safety net: whatever failed before, the client gets an answer.
    d.addErrback(() => "Internal error in server");
    d.addCallback((message: string) => {
      this.transport!.write(message + "\r\n");
      this.transport!.loseConnection();
    });
  }
}

class FingerFactory extends protocol.ServerFactory {
  protocol = FingerProtocol;

  constructor(private users: Record<string, string>) {
    super();
  }

  // The user's status and the day they last logged in.
  getUser(user: string): defer.Deferred<string> {
    const status = this.users[user];
    if (status === undefined) return defer.succeed("No such user");
    return defer.succeed(status).addCallback((known: string) => `${known}, last login ${lastLogin(user)}`);
  }
}

const fingerEndpoint = endpoints.serverFromString(reactor, "tcp:1079");
fingerEndpoint.listen(new FingerFactory({ moshez: "Happy and well", alice: "Out to lunch" }));
reactor.run();
