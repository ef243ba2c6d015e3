/**
 * twisted.cred.portal: a Portal checks credentials with its checkers, then
 * asks its realm for the avatar of the user they name.
 */
import { Deferred } from "../internet/defer-core";
import { fail, maybeDeferred } from "../internet/defer-basics";
import { Failure } from "../python/failure";
import { Interface, method } from "../../zope/interface";
import { providedBy } from "../../zope/interface/declarations";
import { recordModule } from "../../zope/interface/repr";
import { UnhandledCredentials } from "./error";
import type { ICredentialsChecker } from "./checkers";

/** A realm makes avatars: requestAvatar(avatarId, mind, ...interfaces) gives [interface, avatar, logout]. */
export const IRealm = Interface<{ requestAvatar(avatarId: unknown, mind: unknown, ...interfaces: unknown[]): unknown }>("twisted.cred.portal.IRealm", {
  requestAvatar: method("avatarId", "mind", "*interfaces"),
});

/** What a realm gives back: the interface the avatar provides, the avatar, and a function to log it out. */
export type AvatarTriple = [unknown, unknown, () => void];

/**
 * A realm: anything with requestAvatar, which returns [interface, avatar,
 * logout] (an array, or a Deferred or Promise of one).
 */
export interface Realm {
  requestAvatar(avatarId: any, mind: any, ...interfaces: any[]): unknown;
}

/** Credential checkers in front of a realm. */
export class Portal {
  /** The checker for each credentials interface. */
  readonly checkers = new Map<unknown, ICredentialsChecker>();

  /**
   * @param realm makes the avatars.
   * @param checkers check credentials; each is registered for its credentialInterfaces.
   */
  constructor(
    readonly realm: Realm,
    checkers: Iterable<ICredentialsChecker> = [],
  ) {
    for (const checker of checkers) this.registerChecker(checker);
  }

  /** The credentials interfaces this portal has checkers for. */
  listCredentialsInterfaces(): unknown[] {
    return [...this.checkers.keys()];
  }

  /** Registers `checker` for `credentialInterfaces`, by default its own credentialInterfaces. */
  registerChecker(checker: ICredentialsChecker, ...credentialInterfaces: unknown[]): void {
    const interfaces = credentialInterfaces.length ? credentialInterfaces : [...checker.credentialInterfaces];
    for (const iface of interfaces) this.checkers.set(iface, checker);
  }

  /**
   * Checks `credentials` and asks the realm for an avatar.
   * @returns a Deferred firing with [interface, avatar, logout], or failing
   *   with UnauthorizedLogin (bad credentials) or UnhandledCredentials (no checker fits).
   */
  login(credentials: unknown, mind: unknown, ...interfaces: unknown[]): Deferred<AvatarTriple> {
    for (const [iface, checker] of this.checkers) {
      if ((iface as { providedBy(obj: unknown): boolean }).providedBy(credentials)) {
        return maybeDeferred(() => checker.requestAvatarId(credentials)).addCallback((avatarId: unknown) =>
          this.realm.requestAvatar(avatarId, mind, ...interfaces),
        ) as Deferred<AvatarTriple>;
      }
    }
    const names = [...providedBy(credentials)].map((iface) => String((iface as { __identifier__?: string }).__identifier__ ?? iface));
    return fail(new Failure(new UnhandledCredentials(`No checker for ${names.join(", ")}`)));
  }
}
recordModule(Portal, "twisted.cred.portal");
