/**
 * PB login through twisted.cred: a Portal served by PBServerFactory becomes a
 * root with remote_login(username) -> [challenge, challenger]; the client
 * answers with respond(challenge, password) (an MD5 of the MD5 of the
 * password and the challenge), and the Portal's checkers and realm give the
 * avatar, which the client gets as a RemoteReference whose callRemote runs
 * perspective_* methods.
 */
import type { Deferred } from "../internet/defer-core";
import { installedReactor } from "../internet/installed";
import { IUsernameHashedPassword, credentialBytes } from "../cred/credentials";
import { Anonymous } from "../cred/credentials";
import { Portal, type AvatarTriple } from "../cred/portal";
import { registerAdapter } from "../python/components";
import { Interface, method } from "../../zope/interface";
import { classImplements } from "../../zope/interface/declarations";
import { recordModule } from "../../zope/interface/repr";
import { IPBRoot, Referenceable, withKeywords, type BrokerLike } from "./flavors";
import { tuple } from "./jelly-types";
import { md5 } from "./md5";
import type { Sexp } from "./jelly";
import { AttributeError } from "../python/builtins";
import type { Broker } from "./pb-broker";

/** Per-user avatars: perspectiveMessageReceived runs perspective_* methods. */
export const IPerspective = Interface<{ perspectiveMessageReceived(broker: unknown, message: string, args: unknown, kw: unknown): unknown }>(
  "twisted.spread.pb.IPerspective",
  { perspectiveMessageReceived: method("broker", "message", "args", "kwargs") },
);

/** A user's avatar: subclass it and add perspective_* methods for the logged-in client to call. */
export class Avatar {
  /**
   * Runs perspective_<message> with this avatar's arguments.
   * @throws AttributeError when there is no perspective_<message>.
   */
  perspectiveMessageReceived(broker: BrokerLike, message: string, args: Sexp, kw: Sexp): unknown {
    const unserializedArgs = broker.unserialize(args, this) as unknown[];
    const unserializedKw = broker.unserialize(kw, this);
    const handler = (this as unknown as Record<string, unknown>)[`perspective_${message}`];
    if (typeof handler !== "function") throw new AttributeError(`'${this.constructor.name}' object has no attribute 'perspective_${message}'`);
    const state = handler.apply(this, withKeywords(unserializedArgs, unserializedKw));
    return broker.serialize(state, this, handler, unserializedArgs, unserializedKw);
  }
}

/** Sends an object by reference, routing calls to its <messageType>MessageReceived method. */
export class AsReferenceable extends Referenceable {
  constructor(object: object, messageType = "remote") {
    super();
    const receiver = (object as Record<string, unknown>)[`${messageType}MessageReceived`];
    if (typeof receiver !== "function") throw new TypeError(`${String(object)} has no ${messageType}MessageReceived`);
    this.remoteMessageReceived = receiver.bind(object);
  }
}

/** The answer to a login challenge: md5(md5(password) + challenge). */
export function respond(challenge: Uint8Array, password: Uint8Array | string): Uint8Array {
  const hashedPassword = md5(credentialBytes(password));
  const joined = new Uint8Array(hashedPassword.length + challenge.length);
  joined.set(hashedPassword);
  joined.set(challenge, hashedPassword.length);
  return md5(joined);
}

/** A fresh login challenge: the MD5 of 15 to 24 random capital letters (from the reactor's seeded source). */
export function challenge(): Uint8Array {
  const random = () => installedReactor().random();
  const length = 15 + Math.floor(random() * 10);
  const letters = Uint8Array.from({ length }, () => 65 + Math.floor(random() * 26));
  return md5(letters);
}

/** Credentials checkable by an MD5 of the password: what a PB login presents to the portal. */
export const IUsernameMD5Password = Interface<{ checkPassword(password: Uint8Array | string): boolean; checkMD5Password(password: Uint8Array): boolean }>(
  "twisted.spread.pb.IUsernameMD5Password",
  { checkPassword: method("password"), checkMD5Password: method("password") },
);

function loginDone(broker: Broker, [, avatar, logout]: AvatarTriple): unknown {
  const sendable = typeof (avatar as { jellyFor?: unknown })?.jellyFor === "function" ? (avatar as Referenceable) : new AsReferenceable(avatar as object, "perspective");
  const puid = sendable.processUniqueID();
  let pending: (() => void) | null = logout;
  const maybeLogout = () => {
    const fn = pending;
    pending = null;
    fn?.();
  };
  broker._localCleanup.set(puid, maybeLogout);
  broker.notifyOnDisconnect(maybeLogout);
  return sendable;
}

/** The root a Portal gets when served over PB: remote_login starts the challenge. */
export class _PortalWrapper extends Referenceable {
  constructor(
    readonly portal: Portal,
    readonly broker: Broker,
  ) {
    super();
  }

  /** Starts a login: gives (challenge, challenger). */
  remote_login(username: Uint8Array): unknown[] {
    const c = challenge();
    return tuple(c, new _PortalAuthChallenger(this.portal, this.broker, username, c));
  }

  /** Logs in anonymously. */
  remote_loginAnonymous(mind: unknown): Deferred<unknown> {
    return this.portal.login(new Anonymous(), mind, IPerspective).addCallback((result: AvatarTriple) => loginDone(this.broker, result));
  }
}

/** Checks the client's response to one challenge, as credentials the portal's checkers accept. */
export class _PortalAuthChallenger extends Referenceable {
  response: Uint8Array | null = null;

  constructor(
    readonly portal: Portal,
    readonly broker: Broker,
    readonly username: Uint8Array,
    readonly challenge: Uint8Array,
  ) {
    super();
  }

  /** Takes the response and logs in through the portal. */
  remote_respond(response: Uint8Array, mind: unknown): Deferred<unknown> {
    this.response = response;
    return this.portal.login(this, mind, IPerspective).addCallback((result: AvatarTriple) => loginDone(this.broker, result));
  }

  /** True when the response matches `password`. */
  checkPassword(password: Uint8Array | string): boolean {
    return this.checkMD5Password(md5(credentialBytes(password)));
  }

  /** True when the response matches an MD5-hashed password. */
  checkMD5Password(md5Password: Uint8Array): boolean {
    const joined = new Uint8Array(md5Password.length + this.challenge.length);
    joined.set(md5Password);
    joined.set(this.challenge, md5Password.length);
    const expected = md5(joined);
    const response = this.response;
    return response !== null && response.length === expected.length && expected.every((byte, i) => byte === response[i]);
  }
}

/** Serves a Portal as a PB root. */
export class _PortalRoot {
  constructor(readonly portal: Portal) {}

  rootObject(broker: Broker): _PortalWrapper {
    return new _PortalWrapper(this.portal, broker);
  }
}
registerAdapter(_PortalRoot, Portal, IPBRoot);

for (const cls of [Avatar, AsReferenceable, _PortalWrapper, _PortalAuthChallenger, _PortalRoot]) recordModule(cls, "twisted.spread.pb");

classImplements(Avatar, IPerspective);
classImplements(_PortalAuthChallenger, IUsernameHashedPassword, IUsernameMD5Password);
classImplements(_PortalRoot, IPBRoot);
