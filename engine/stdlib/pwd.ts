/**
 * Python's `pwd` module: accounts from /etc/passwd of the host the reactor
 * runs on (the simulated host's file, or the real one under Node).
 */
import { installedReactor } from "../twisted/internet/installed";
import { TwistedError } from "../twisted/python/exceptions";

/** One /etc/passwd entry. */
export interface PasswdEntry {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  /** The GECOS field: the real name, then office details after commas. */
  readonly gecos: string;
  readonly dir: string;
  readonly shell: string;
}

/** Parses /etc/passwd text ("name:x:uid:gid:gecos:home:shell" lines). */
export function parsePasswd(text: string): PasswdEntry[] {
  const entries: PasswdEntry[] = [];
  for (const line of text.split("\n")) {
    const fields = line.split(":");
    if (fields.length < 7 || line.startsWith("#")) continue;
    const [name, , uid, gid, gecos, dir, shell] = fields as [string, string, string, string, string, string, string];
    entries.push({ name, uid: Number(uid), gid: Number(gid), gecos, dir, shell });
  }
  return entries;
}

/** Python's KeyError, as getpwnam raises for an unknown user. */
export class KeyError extends TwistedError {}

/** One account, with Python's field names. */
export interface struct_passwd {
  readonly pw_name: string;
  readonly pw_passwd: string;
  readonly pw_uid: number;
  readonly pw_gid: number;
  readonly pw_gecos: string;
  readonly pw_dir: string;
  readonly pw_shell: string;
}

function toStruct(entry: PasswdEntry): struct_passwd {
  return {
    pw_name: entry.name,
    pw_passwd: "x",
    pw_uid: entry.uid,
    pw_gid: entry.gid,
    pw_gecos: entry.gecos,
    pw_dir: entry.dir,
    pw_shell: entry.shell,
  };
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
