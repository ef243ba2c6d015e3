/**
 * What every simulated host starts with, as on a fresh Debian machine: the
 * system accounts in /etc/passwd (so `finger root` answers as in the
 * tutorial's transcripts), the tutorial's etc.users installed as /etc/users
 * (the file finger14 and later read when they start), and the usual
 * directories. Lessons add their own files (/home/USER/.plan, ...) on top.
 */

/** The tutorial's etc.users (listings/finger/etc.users), byte for byte: shawn's status ends in a space. */
export const TUTORIAL_USERS = "moshez: happy and well\nshawn: alive \n";

/** The files of a new host called `hostName`, as path: content. */
export function baseFiles(hostName: string): Record<string, string> {
  return {
    "/etc/hostname": `${hostName}\n`,
    "/etc/passwd":
      "root:x:0:0:root:/root:/bin/bash\n" +
      "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n" +
      "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n",
    "/etc/users": TUTORIAL_USERS,
  };
}

/** Directories that exist on every host, even when empty. */
export const BASE_DIRECTORIES: readonly string[] = ["/home", "/root", "/tmp"];
