/**
 * The newest modification time under lessons/. In development the page polls
 * it and refreshes when an instructor saves a lesson file; in the static
 * export it is a fixed file that nothing reads.
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";

export const dynamic = "force-static";

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return latest;
}

export function GET(): Response {
  return Response.json({ version: newest(path.join(process.cwd(), "lessons")) });
}
