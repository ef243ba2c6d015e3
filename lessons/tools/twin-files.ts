/**
 * A twin's private folder: copies of the course's files (/etc/users) at
 * their paths, files a scenario writes, a real certificate, and where the
 * twin's own modules are found.
 */
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { COURSE_FILES, ScenarioError } from "../../engine";

/**
 * The folder a twin's modules are found from: the step's twin/ folder, of
 * which `twinPath` (twin/finger/tap.py) is one file.
 */
export function twinFolder(twinPath: string): string {
  let dir = path.dirname(twinPath);
  while (path.basename(dir) !== "twin" && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

/** A private folder holding a copy of each of the course's files at its path (/etc/users → DIR/etc/users). */
export function writeCourseFiles(): string {
  const root = mkdtempSync(path.join(tmpdir(), "finger-twin-files-"));
  // twistd reads them after switching to uid 1 (a .tac with uid=1 runs as daemon).
  chmodSync(root, 0o755);
  for (const [file, content] of Object.entries(COURSE_FILES)) writeCopy(root, file, content);
  // As on every simulated host: a program may make its Unix sockets in /tmp.
  mkdirSync(path.join(root, "tmp"), { mode: 0o1777 });
  return root;
}

/**
 * A real self-signed certificate and key, made by openssl in the twin's
 * working directory `root`, readable by the user twistd switches to.
 * @throws ScenarioError when openssl fails (or is missing).
 */
export function makeRealCertificate(root: string, step: { certificate: string; key: string; subject: string }): void {
  const certificate = path.resolve(root, step.certificate);
  const key = path.resolve(root, step.key);
  const made = spawnSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-keyout", key, "-out", certificate, "-days", "365", "-nodes", "-subj", step.subject], { encoding: "utf8" });
  if (made.status !== 0) throw new ScenarioError(`openssl could not make the twin's certificate: ${made.error?.message ?? made.stderr}`);
  chmodSync(certificate, 0o644);
  chmodSync(key, 0o644);
}

/** Where the twin's copy of `file` (an absolute path) lives under `root`. */
export function copyPath(root: string, file: string): string {
  return path.join(root, path.resolve("/", file));
}

/** Writes `content` as the copy of `file` (an absolute path) under `root`, readable by every user. */
export function writeCopy(root: string, file: string, content: string): void {
  const copy = copyPath(root, file);
  mkdirSync(path.dirname(copy), { recursive: true, mode: 0o755 });
  writeFileSync(copy, content, { mode: 0o644 });
}
