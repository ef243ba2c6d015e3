/**
 * Takes away, inside the runner worker, everything learner code could use to
 * reach beyond its sandbox: the network (fetch, XMLHttpRequest, WebSocket,
 * EventSource, WebTransport), storage (indexedDB, caches, navigator.storage),
 * other threads (Worker, BroadcastChannel), loading scripts (importScripts),
 * messages to and from the page (postMessage, onmessage), and the browser's
 * own timers (setTimeout, setInterval, requestAnimationFrame, MessageChannel,
 * scheduler.postTask), whose callbacks would outlive a Run and run outside
 * the simulated reactor. A worker already has no document, cookies or
 * localStorage. The runner keeps private references to what it needs.
 */

/** Globals learner code must not reach. */
export const FORBIDDEN_GLOBALS = [
  "fetch",
  "XMLHttpRequest",
  "WebSocket",
  "WebSocketStream",
  "EventSource",
  "WebTransport",
  "importScripts",
  "indexedDB",
  "caches",
  "BroadcastChannel",
  "Worker",
  "SharedWorker",
  "navigator",
  "postMessage",
  "onmessage",
  "onmessageerror",
  "close",
  "FileSystemHandle",
  "FileSystemFileHandle",
  "FileSystemDirectoryHandle",
  "setTimeout",
  "setInterval",
  "clearTimeout",
  "clearInterval",
  "requestAnimationFrame",
  "cancelAnimationFrame",
  "MessageChannel",
  "scheduler",
] as const;

export interface RunnerPrivileges {
  /** Posts a message to the page: only the runner may. */
  readonly post: (message: unknown) => void;
  /** The browser's timers, which learner code no longer has. */
  readonly setTimeout: (f: () => void, ms: number) => number;
  readonly clearTimeout: (id: number) => void;
  /** performance.now() as it was before learner code could replace it (the block guard's clock). */
  readonly now: () => number;
}

/**
 * Listens for the page's messages, then removes the forbidden globals from
 * the worker's global object and its prototype chain. Only messages the
 * browser delivered reach `onMessage`: an event the program dispatches
 * itself (`self.dispatchEvent(new MessageEvent("message", ...))`) is not
 * trusted, and is ignored.
 * @returns what the runner keeps for itself.
 */
export function lockDown(scope: DedicatedWorkerGlobalScope, onMessage: (event: MessageEvent<unknown>) => void): RunnerPrivileges {
  const post = scope.postMessage.bind(scope);
  const setTimer = scope.setTimeout.bind(scope);
  const clearTimer = scope.clearTimeout.bind(scope);
  const performance = scope.performance;
  const now = performance.now.bind(performance);
  const trusted = trustReader();
  scope.addEventListener("message", (event) => {
    if (trusted(event)) onMessage(event);
  });
  for (const name of FORBIDDEN_GLOBALS) remove(scope, name);
  // Nothing may take the page's messages: the runner's listener above is the only one that acts on them.
  Object.defineProperty(scope, "onmessage", { value: null, writable: false, configurable: false });
  return {
    post: (message) => post(message),
    setTimeout: (f, ms) => setTimer(f, ms),
    clearTimeout: (id) => clearTimer(id),
    now,
  };
}

/**
 * Reads an event's isTrusted with the getter the browser gave every Event,
 * taken before learner code ran: an object dressed up as an event has no such
 * slot, and the getter throws for it.
 */
function trustReader(): (event: unknown) => boolean {
  const getter = Object.getOwnPropertyDescriptor(new Event("probe"), "isTrusted")?.get;
  const call = Function.prototype.call.bind(getter ?? (() => false)) as (self: unknown) => unknown;
  return (event) => {
    try {
      return call(event) === true;
    } catch {
      return false;
    }
  };
}

function remove(scope: object, name: string): void {
  for (let target: object | null = scope; target; target = Object.getPrototypeOf(target)) {
    const descriptor = Object.getOwnPropertyDescriptor(target, name);
    if (!descriptor) continue;
    if (descriptor.configurable) delete (target as Record<string, unknown>)[name];
    else if (descriptor.writable) (target as Record<string, unknown>)[name] = undefined;
  }
  // Whatever could not be deleted is shadowed by an unusable own property.
  if (name in scope && (scope as Record<string, unknown>)[name] !== undefined) {
    Object.defineProperty(scope, name, { value: undefined, writable: false, configurable: false });
  }
}
