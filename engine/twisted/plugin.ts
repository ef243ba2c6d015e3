/**
 * twisted.plugin: plugins are objects that provide IPlugin, found in the
 * modules of every `twisted/plugins/` directory on the path (here: the
 * learner's `twisted/plugins/` folder, beside their other files). A plugin
 * module that fails to load is logged with its file and line, and the
 * others still load, as Twisted's getCache does.
 */
import * as log from "./python/log";
import { importModule, iterModules } from "./python/modules";
import { Interface, type InterfaceClass } from "../zope/interface";

/** What every plugin provides: a marker, as in Twisted. */
export interface IPlugin {}

/** The marker interface of plugins: `@implementer(IPlugin, IServiceMaker)`. */
export const IPlugin: InterfaceClass<IPlugin> = Interface<IPlugin>("twisted.plugin.IPlugin", {});

/** The package plugins live in. */
export const PLUGIN_PACKAGE = "twisted/plugins";

/**
 * Every plugin that provides (or adapts to) `iface`, module by module in
 * file name order, each module's plugins in the order it exports them.
 * @param packageName where to look; twisted/plugins unless given
 */
export function getPlugins<T>(iface: InterfaceClass<T>, packageName: string = PLUGIN_PACKAGE): T[] {
  const found: T[] = [];
  for (const name of iterModules(packageName)) {
    let module: Readonly<Record<string, unknown>>;
    try {
      module = importModule(name);
    } catch (thrown) {
      log.err(thrown instanceof Error ? thrown.message : String(thrown), "Unhandled Error");
      continue;
    }
    for (const value of Object.values(module)) {
      if (!IPlugin.providedBy(value)) continue;
      try {
        const adapted = iface(value, null as never) as T | null;
        if (adapted !== null && adapted !== undefined) found.push(adapted);
      } catch (thrown) {
        log.err(thrown);
      }
    }
  }
  return found;
}

/** Twisted's old name for getPlugins. */
export const getPlugIns = getPlugins;
