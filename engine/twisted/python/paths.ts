/**
 * Path arithmetic shared by FilePath and the simulated filesystem, as
 * Python's posixpath.normpath(posixpath.join(cwd, path)) does it.
 */

/** An absolute path with "." and ".." resolved and no trailing slash; relative paths are taken from `cwd`. */
export function normalizePath(path: string, cwd = "/"): string {
  const joined = path.startsWith("/") ? path : `${cwd}/${path}`;
  const parts: string[] = [];
  for (const part of joined.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return `/${parts.join("/")}`;
}
