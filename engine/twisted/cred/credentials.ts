/**
 * twisted.cred.credentials: what a client presents to log in. Usernames and
 * passwords are byte strings in Twisted; here a string is taken as its UTF-8 bytes.
 */
import { Interface, method } from "../../zope/interface";
import { classImplements } from "../../zope/interface/declarations";
import { recordModule } from "../../zope/interface/repr";

/** Any credentials. */
export const ICredentials = Interface("twisted.cred.credentials.ICredentials", {});

/** A username and a plain password that can be checked. */
type PasswordMembers = { username: Uint8Array | string; password: Uint8Array | string; checkPassword(password: Uint8Array | string): boolean };
type HashedPasswordMembers = { username: Uint8Array | string; checkPassword(password: Uint8Array | string): boolean };
export const IUsernamePassword = Interface<PasswordMembers, readonly [typeof ICredentials]>(
  "twisted.cred.credentials.IUsernamePassword",
  { checkPassword: method("password") } as never,
  [ICredentials],
);

/** A username and a hashed password that can still be checked against the plain one. */
export const IUsernameHashedPassword = Interface<HashedPasswordMembers, readonly [typeof ICredentials]>(
  "twisted.cred.credentials.IUsernameHashedPassword",
  { checkPassword: method("password") } as never,
  [ICredentials],
);

/** No credentials at all. */
export const IAnonymous = Interface<object, readonly [typeof ICredentials]>("twisted.cred.credentials.IAnonymous", {}, [ICredentials]);

/** The bytes of a username or password given as bytes or text. */
export function credentialBytes(value: Uint8Array | string): Uint8Array {
  return typeof value === "string" ? new TextEncoder().encode(value) : value;
}

/** True when two usernames or passwords are the same bytes. */
export function sameBytes(a: Uint8Array | string, b: Uint8Array | string): boolean {
  const x = credentialBytes(a);
  const y = credentialBytes(b);
  return x.length === y.length && x.every((byte, i) => byte === y[i]);
}

/** A username and password, as a client sends them to PBClientFactory.login. */
export class UsernamePassword {
  /**
   * @param username the username (bytes, or text taken as UTF-8).
   * @param password the password (bytes, or text taken as UTF-8).
   */
  constructor(
    public username: Uint8Array | string,
    public password: Uint8Array | string,
  ) {}

  /** True when `password` is this password. */
  checkPassword(password: Uint8Array | string): boolean {
    return sameBytes(this.password, password);
  }
}

/** Anonymous credentials. */
export class Anonymous {}

for (const cls of [UsernamePassword, Anonymous]) recordModule(cls, "twisted.cred.credentials");

classImplements(UsernamePassword, IUsernamePassword);
classImplements(Anonymous, IAnonymous);
