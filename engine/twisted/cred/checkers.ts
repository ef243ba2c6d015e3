/**
 * twisted.cred.checkers: turn credentials into an avatar ID, or fail with
 * UnauthorizedLogin.
 */
import type { Deferred } from "../internet/defer-core";
import { fail, maybeDeferred, succeed } from "../internet/defer-basics";
import { FilePath } from "../python/filepath";
import { Failure } from "../python/failure";
import { Attribute, Interface, method } from "../../zope/interface";
import { classImplements } from "../../zope/interface/declarations";
import { recordModule } from "../../zope/interface/repr";
import { IAnonymous, IUsernameHashedPassword, IUsernamePassword, credentialBytes } from "./credentials";
import { UnauthorizedLogin } from "./error";

/** Checks credentials: requestAvatarId gives the avatar ID (or a Deferred of it), or fails with UnauthorizedLogin. */
export interface ICredentialsChecker {
  /** The credentials interfaces this checker can check. */
  credentialInterfaces: readonly unknown[];
  requestAvatarId(credentials: any): unknown;
}

export const ICredentialsChecker = Interface<ICredentialsChecker>("twisted.cred.checkers.ICredentialsChecker", {
  credentialInterfaces: new Attribute("The credentials interfaces this checker can check."),
  requestAvatarId: method("credentials"),
});

/** The avatar ID of an anonymous login: Python's empty tuple. */
export const ANONYMOUS: readonly unknown[] = Object.freeze([]);

/** Lets anyone in as ANONYMOUS. */
export class AllowAnonymousAccess {
  credentialInterfaces = [IAnonymous];

  requestAvatarId(_credentials: unknown): Deferred<readonly unknown[]> {
    return succeed(ANONYMOUS);
  }
}

interface PasswordCredentials {
  username: Uint8Array | string;
  checkPassword(password: Uint8Array | string): boolean | Deferred<boolean>;
}

const decoder = new TextDecoder();
/** A username as a map key: its bytes as text. */
function userKey(username: Uint8Array | string): string {
  return decoder.decode(credentialBytes(username));
}

function checkPassword(credentials: PasswordCredentials, password: Uint8Array | string, username: unknown): Deferred<unknown> {
  return maybeDeferred(() => credentials.checkPassword(password)).addCallback((matched: unknown) =>
    matched ? username : new Failure(new UnauthorizedLogin()),
  );
}

/**
 * Users and passwords kept in memory, for examples and tests ("DontUse": a
 * real server should not keep plain passwords).
 */
export class InMemoryUsernamePasswordDatabaseDontUse {
  credentialInterfaces = [IUsernamePassword, IUsernameHashedPassword];
  /** Password by username. */
  readonly users = new Map<string, Uint8Array | string>();

  /** @param users password by username, as Python's keyword arguments (`moshez=b"1234"`). */
  constructor(users: Record<string, Uint8Array | string> = {}) {
    for (const [username, password] of Object.entries(users)) this.users.set(username, password);
  }

  /** Adds (or replaces) a user. */
  addUser(username: Uint8Array | string, password: Uint8Array | string): void {
    this.users.set(userKey(username), password);
  }

  /**
   * @returns a Deferred firing with the username, or failing with UnauthorizedLogin
   *   for an unknown user or a wrong password.
   */
  requestAvatarId(credentials: PasswordCredentials): Deferred<unknown> {
    const password = this.users.get(userKey(credentials.username));
    if (password === undefined) return fail(new UnauthorizedLogin());
    return checkPassword(credentials, password, credentials.username);
  }
}

/**
 * Users and passwords from a file, one "user:password" a line (the
 * delimiter and field numbers are options), read at every login.
 */
export class FilePasswordDB {
  credentialInterfaces: unknown[];

  /**
   * @param filename the password file, on the host the reactor runs on.
   * @param delim the field delimiter.
   * @param usernameField which field holds the username.
   * @param passwordField which field holds the password.
   * @param caseSensitive false to compare usernames ignoring case.
   * @param hash (username, password, storedPassword) => hashed password, when the file holds hashes.
   */
  constructor(
    readonly filename: string,
    readonly delim: Uint8Array | string = ":",
    readonly usernameField = 0,
    readonly passwordField = 1,
    readonly caseSensitive = true,
    readonly hash: ((username: unknown, password: unknown, stored: string) => unknown) | null = null,
  ) {
    this.credentialInterfaces = hash === null ? [IUsernamePassword, IUsernameHashedPassword] : [IUsernamePassword];
  }

  private *loadCredentials(): Generator<[string, string]> {
    let content: string;
    try {
      content = new FilePath(this.filename).getContent();
    } catch {
      throw new UnauthorizedLogin();
    }
    const delim = typeof this.delim === "string" ? this.delim : decoder.decode(this.delim);
    for (const raw of content.split("\n")) {
      const parts = raw.trimEnd().split(delim);
      if (this.usernameField >= parts.length || this.passwordField >= parts.length) continue;
      const username = parts[this.usernameField]!;
      yield [this.caseSensitive ? username : username.toLowerCase(), parts[this.passwordField]!];
    }
  }

  /**
   * The [username, password] line for `username`.
   * @throws Error (Python's KeyError) when there is no such user; UnauthorizedLogin when the file cannot be read.
   */
  getUser(username: Uint8Array | string): [string, string] {
    let wanted = userKey(username);
    if (!this.caseSensitive) wanted = wanted.toLowerCase();
    for (const [user, password] of this.loadCredentials()) if (user === wanted) return [user, password];
    throw new RangeError(`KeyError: ${wanted}`);
  }

  /** @returns a Deferred firing with the username, or failing with UnauthorizedLogin. */
  requestAvatarId(credentials: PasswordCredentials & { password?: Uint8Array | string }): Deferred<unknown> {
    let user: [string, string];
    try {
      user = this.getUser(credentials.username);
    } catch (error) {
      return fail(error instanceof UnauthorizedLogin ? error : new UnauthorizedLogin());
    }
    const [username, password] = user;
    if (this.hash) {
      if (IUsernamePassword.providedBy(credentials) && this.hash(credentials.username, credentials.password, password) === password) {
        return succeed(new TextEncoder().encode(username));
      }
      return fail(new UnauthorizedLogin());
    }
    return checkPassword(credentials, password, new TextEncoder().encode(username));
  }
}

/** The old name of FilePasswordDB. */
export const OnDiskUsernamePasswordDatabase = FilePasswordDB;

for (const cls of [AllowAnonymousAccess, InMemoryUsernamePasswordDatabaseDontUse, FilePasswordDB]) recordModule(cls, "twisted.cred.checkers");

classImplements(AllowAnonymousAccess, ICredentialsChecker);
classImplements(InMemoryUsernamePasswordDatabaseDontUse, ICredentialsChecker);
classImplements(FilePasswordDB, ICredentialsChecker);
