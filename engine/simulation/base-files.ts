/**
 * What every simulated host starts with, as on a fresh Debian machine: the
 * system accounts in /etc/passwd (so `finger root` answers as in the
 * tutorial's transcripts), the usual directories and the course's /etc/users.
 * Checks add their own files (/home/USER/.plan, ...) on top.
 */

/** The files of a new host called `hostName`, as path: content. */
export function baseFiles(hostName: string): Record<string, string> {
  return {
    "/etc/hostname": `${hostName}\n`,
    "/etc/passwd":
      "root:x:0:0:root:/root:/bin/bash\n" +
      "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n" +
      "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n",
    ...COURSE_FILES,
  };
}

/**
 * Files the course adds to every host, which a fresh Debian machine does not
 * have: /etc/users, the tutorial's etc.users, read by the finger servers of
 * stage 2 on. A Python twin on a real machine is given the same files (see
 * lessons/tools/python-twin-driver.ts).
 */
export const COURSE_FILES: Readonly<Record<string, string>> = {
  "/etc/users": "moshez: happy and well\nshawn: alive \n",
};

/** Directories that exist on every host, even when empty. */
export const BASE_DIRECTORIES: readonly string[] = ["/home", "/root", "/tmp"];
