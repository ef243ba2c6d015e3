/**
 * twisted.python.reflect.namedAny: an object from its full name, as
 * ServiceMaker finds a plugin's Options and makeService.
 */
import { importModule } from "./modules";

/**
 * Returns the module called `name` ("finger/tap" or "finger.tap"), or, when
 * no module has that name, the attribute of the longest module that does
 * ("finger.tap.makeService").
 * @throws Error when neither the module nor the attribute exists, or the module fails to load
 */
export function namedAny(name: string): unknown {
  const parts = name.replace(/\//g, ".").split(".");
  let firstError: unknown = null;
  for (let split = parts.length; split > 0; split--) {
    let found: unknown;
    try {
      found = importModule(parts.slice(0, split).join("/"));
    } catch (thrown) {
      firstError ??= thrown;
      if (!/^ModuleNotFoundError: /.test(thrown instanceof Error ? thrown.message : "")) throw thrown;
      continue;
    }
    for (const attribute of parts.slice(split)) {
      if (found === null || typeof found !== "object" || !(attribute in found)) {
        throw new Error(`AttributeError: module '${parts.slice(0, split).join(".")}' has no attribute '${attribute}'`);
      }
      found = (found as Record<string, unknown>)[attribute];
    }
    return found;
  }
  throw firstError;
}
