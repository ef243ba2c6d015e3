/**
 * Python's `pwd` module: accounts from /etc/passwd of the host the reactor
 * runs on (the simulated host's file, or the real one under Node).
 */
import { installedReactor } from "../twisted/internet/installed";
import { TwistedError } from "../twisted/python/exceptions";

/** One /etc/passwd entry. */
export interface PasswdEntry {
  readonly name: string;
  /** The password field: "x" when the password is in /etc/shadow. */
  readonly passwd: string;
  readonly uid: number;
  readonly gid: number;
  /** The GECOS field: the real name, then office details after commas. */
  readonly gecos: string;
  readonly dir: string;
  readonly shell: string;
}

/** The largest user or group id glibc reads (2^32 - 1); a larger one makes the line invalid. */
const MAX_ID = 4294967295;

/** A user or group id as glibc's strtoul reads it: leading blanks and "+" allowed, nothing after the digits. */
function parseId(field: string): number | null {
  if (!/^[ \t]*\+?[0-9]+$/.test(field)) return null;
  const id = Number(field.trim());
  return id <= MAX_ID ? id : null;
}

/**
 * Parses /etc/passwd text ("name:x:uid:gid:gecos:home:shell" lines) as
 * glibc reads it: every valid line, in order, and an invalid line skipped
 * without stopping the rest (too few fields, a uid or gid that is not a
 * decimal number, or one too large). Blank lines and # comments are
 * skipped, leading blanks ignored; the shell may be missing, and it takes
 * the rest of the line, colons and all.
 */
export function parsePasswd(text: string): PasswdEntry[] {
  const entries: PasswdEntry[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.replace(/^[ \t]+/, "");
    if (line === "" || line.startsWith("#")) continue;
    const fields = line.split(":");
    if (fields.length < 6) continue;
    const [name, passwd, uidField, gidField, gecos, dir] = fields as [string, string, string, string, string, string];
    const uid = parseId(uidField);
    const gid = parseId(gidField);
    if (uid === null || gid === null) continue;
    entries.push({ name, passwd, uid, gid, gecos, dir, shell: fields.slice(6).join(":") });
  }
  return entries;
}

/** Python's KeyError, as getpwnam raises for an unknown user. */
export class KeyError extends TwistedError {}

/**
 * One account, as Python's pwd.struct_passwd: by field name (`entry.pw_dir`)
 * or by index as a tuple (`entry[5]` is the home directory, as the finger
 * tutorial writes it).
 */
export type struct_passwd = readonly [
  pw_name: string,
  pw_passwd: string,
  pw_uid: number,
  pw_gid: number,
  pw_gecos: string,
  pw_dir: string,
  pw_shell: string,
] & {
  /** The login name. */
  readonly pw_name: string;
  /** The password field ("x" when the password is in /etc/shadow). */
  readonly pw_passwd: string;
  /** The user id. */
  readonly pw_uid: number;
  /** The primary group id. */
  readonly pw_gid: number;
  /** The real name, then office details after commas. */
  readonly pw_gecos: string;
  /** The home directory. */
  readonly pw_dir: string;
  /** The login shell. */
  readonly pw_shell: string;
};

function toStruct(entry: PasswdEntry): struct_passwd {
  const tuple = [entry.name, entry.passwd, entry.uid, entry.gid, entry.gecos, entry.dir, entry.shell] as const;
  return Object.freeze(
    Object.assign([...tuple], {
      pw_name: entry.name,
      pw_passwd: entry.passwd,
      pw_uid: entry.uid,
      pw_gid: entry.gid,
      pw_gecos: entry.gecos,
      pw_dir: entry.dir,
      pw_shell: entry.shell,
    }),
  ) as unknown as struct_passwd;
}

/** Every account in /etc/passwd, in file order. */
export function getpwall(): struct_passwd[] {
  const fs = installedReactor().fileSystem();
  return fs.isFile("/etc/passwd") ? parsePasswd(fs.read("/etc/passwd")).map(toStruct) : [];
}

/**
 * The account called `name`.
 * @throws KeyError when there is none.
 */
export function getpwnam(name: string): struct_passwd {
  const found = getpwall().find((entry) => entry.pw_name === name);
  if (!found) throw new KeyError(`getpwnam(): name not found: '${name}'`);
  return found;
}

/**
 * The account with user id `uid`.
 * @throws KeyError when there is none.
 */
export function getpwuid(uid: number): struct_passwd {
  const found = getpwall().find((entry) => entry.pw_uid === uid);
  if (!found) throw new KeyError(`getpwuid(): uid not found: ${uid}`);
  return found;
}
