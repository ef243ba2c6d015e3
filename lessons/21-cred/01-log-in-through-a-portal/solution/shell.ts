// A line protocol behind a login: the portal checks the password, the realm makes each user's avatar.
import { Attribute, Interface, implementer, method } from "zope/interface";
import { checkers, credentials, error, portal } from "twisted/cred";
import { endpoints, protocol, reactor } from "twisted/internet";
import { basic } from "twisted/protocols";
import type { failure } from "twisted/python";

// What a logged-in user gets: the protocol only ever talks to this interface.
interface IShellAvatar {
  /** The name of the user the avatar acts for. */
  readonly name: string;
  /** What the user is told on logging in. */
  greeting(): string;
}
const IShellAvatar = Interface<IShellAvatar>("IShellAvatar", {
  name: new Attribute("The name of the user the avatar acts for."),
  greeting: method(),
});

class ShellAvatar implements IShellAvatar {
  constructor(readonly name: string) {}

  greeting() {
    return `Welcome, ${this.name}!`;
  }
}
implementer(IShellAvatar)(ShellAvatar);

// The realm: given the user the checker let in, it makes their avatar and says how to log them out.
class ShellRealm {
  requestAvatar(avatarId: string, mind: unknown, ...interfaces: unknown[]): portal.AvatarTriple {
    if (!interfaces.includes(IShellAvatar)) throw new Error("NotImplementedError: ShellRealm only makes shell avatars");
    return [IShellAvatar, new ShellAvatar(avatarId), () => console.log(`${avatarId} logged out`)];
  }
}
implementer(portal.IRealm)(ShellRealm);

class ShellProtocol extends basic.LineReceiver<ShellFactory> {
  avatar: IShellAvatar | null = null;
  logout: (() => void) | null = null;

  connectionMade() {
    this.sendLine("Log in with: LOGIN name password");
  }

  lineReceived(line: string) {
    const [command, ...args] = line.split(" ");
    if (command === "LOGIN" && args.length === 2) this.login(args[0]!, args[1]!);
    else if (!this.avatar) this.sendLine("Log in first.");
    else if (command === "WHOAMI") this.sendLine(this.avatar.name);
    else if (command === "QUIT") this.transport!.loseConnection();
    else this.sendLine(`Unknown command: ${command}`);
  }

  login(name: string, password: string) {
    const d = this.factory.portal.login(new credentials.UsernamePassword(name, password), null, IShellAvatar);
    d.addCallbacks(
      ([, avatar, logout]: portal.AvatarTriple) => {
        this.avatar = avatar as IShellAvatar;
        this.logout = logout;
        this.sendLine(this.avatar.greeting());
      },
      (reason: failure.Failure) => {
        reason.trap(error.UnauthorizedLogin);
        this.sendLine("Login failed.");
      },
    );
  }

  connectionLost() {
    this.logout?.();
  }
}

class ShellFactory extends protocol.ServerFactory {
  protocol = ShellProtocol;
  constructor(readonly portal: portal.Portal) {
    super();
  }
}

const checker = new checkers.InMemoryUsernamePasswordDatabaseDontUse();
checker.addUser("moshez", "secret");
checker.addUser("shawn", "hunter2");
const shellPortal = new portal.Portal(new ShellRealm(), [checker]);
endpoints.serverFromString(reactor, "tcp:1079").listen(new ShellFactory(shellPortal));
reactor.run();
