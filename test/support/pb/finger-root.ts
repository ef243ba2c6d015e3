/**
 * The engine twin of test/support/pb/twisted_pb_server.py: the same root
 * object and login portal, for tests that compare the engine's PB with
 * real Twisted's.
 */
import { Deferred } from "../../../engine/twisted/internet/defer";
import { installedReactor } from "../../../engine/twisted/internet/installed";
import { InMemoryUsernamePasswordDatabaseDontUse } from "../../../engine/twisted/cred/checkers";
import { Portal } from "../../../engine/twisted/cred/portal";
import * as pb from "../../../engine/twisted/spread/pb";

const bytes = (text: string) => new TextEncoder().encode(text);

export class Echoer extends pb.Referenceable {
  remote_shout(text: string): string {
    return text.toUpperCase();
  }
}

export class Oops extends pb.Error {}

export class FingerRoot extends pb.Root {
  remote_getUser(user: Uint8Array): Uint8Array {
    return new Uint8Array([...user, ...bytes(" is happy")]);
  }
  remote_echo(value: unknown): unknown {
    return value;
  }
  remote_later(value: number): Deferred<number> {
    const d = new Deferred<number>();
    installedReactor().callLater(0.05, () => d.callback(value * 2));
    return d;
  }
  remote_echoer(): Echoer {
    return new Echoer();
  }
  remote_callBack(ref: pb.RemoteReference): Deferred<unknown> {
    return ref.callRemote("shout", "from the server");
  }
  remote_oops(): never {
    throw new Oops("expected trouble");
  }
  remote_boom(): never {
    throw new TypeError("unexpected trouble");
  }
}

export class User extends pb.Avatar {
  constructor(readonly name: Uint8Array) {
    super();
  }
  perspective_whoami(): string {
    return new TextDecoder().decode(this.name);
  }
}

/** A Portal with one user, alice, password 1234, whose avatar is a User. */
export function fingerPortal(): Portal {
  const realm = {
    requestAvatar: (avatarId: Uint8Array) => [pb.IPerspective, new User(avatarId), () => {}] as [unknown, unknown, () => void],
  };
  return new Portal(realm, [new InMemoryUsernamePasswordDatabaseDontUse({ alice: bytes("1234") })]);
}
