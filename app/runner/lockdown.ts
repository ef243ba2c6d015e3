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
  // The file system API writes files that outlive the page; fonts fetch URLs. The frame's opaque origin and
  // policy refuse both already (see runner-frame.ts): learner code need not even find them.
  "webkitRequestFileSystem",
  "webkitRequestFileSystemSync",
  "webkitResolveLocalFileSystemURL",
  "webkitResolveLocalFileSystemSyncURL",
  "FontFace",
  "fonts",
  "cookieStore",
] as const;

export interface RunnerPrivileges {
  /** Posts a message to the page on the runner's private port: only the runner may. Held until the port arrives. */
  readonly post: (message: unknown) => void;
  /** The browser's timers, which learner code no longer has. */
  readonly setTimeout: (f: () => void, ms: number) => number;
  readonly clearTimeout: (id: number) => void;
  /** performance.now() as it was before learner code could replace it (the block guard's clock). */
  readonly now: () => number;
}

/**
 * Waits for the page's port, then removes the forbidden globals from the
 * worker's global object and its prototype chain.
 *
 * The page talks to the runner over a MessagePort it sends with the first
 * message; every later request arrives on that port, which only the runner's
 * code holds. Learner code that listens on the worker's global
 * (`self.addEventListener("message", …)`) hears nothing, and an event it
 * dispatches itself is neither on the port nor trusted: forged requests
 * cannot reach `onMessage`. The methods and getters used here are taken
 * before learner code runs, so patching MessagePort or MessageEvent later
 * changes nothing.
 * @param onMessage called with the data of each request from the page.
 * @param onFrameMessage called with the data of each later message from the frame (SQLite's compiled module).
 * @returns what the runner keeps for itself.
 */
export function lockDown(
  scope: DedicatedWorkerGlobalScope,
  onMessage: (data: unknown) => void,
  onFrameMessage: (data: unknown) => void = () => undefined,
): RunnerPrivileges {
  const apply = Reflect.apply;
  const setTimer = scope.setTimeout.bind(scope);
  const clearTimer = scope.clearTimeout.bind(scope);
  const performance = scope.performance;
  const now = performance.now.bind(performance);
  const trusted = trustReader();
  const dataOf = getterOf(MessageEvent.prototype, "data");
  const portsOf = getterOf(MessageEvent.prototype, "ports");
  const portPost = MessagePort.prototype.postMessage;
  const portListen = EventTarget.prototype.addEventListener;
  const portStart = MessagePort.prototype.start;
  let port: MessagePort | null = null;
  let held: unknown[] = [];

  // A trusted message on the worker itself comes from the frame that started it: nothing else can send one.
  const connect = (event: Event): void => {
    if (!trusted(event)) return;
    if (port) {
      onFrameMessage(apply(dataOf, event, []));
      return;
    }
    const ports = apply(portsOf, event, []) as readonly MessagePort[];
    const given = ports[0];
    if (!given) return;
    port = given;
    apply(portListen, given, [
      "message",
      (message: Event) => {
        if (trusted(message)) onMessage(apply(dataOf, message, []));
      },
    ]);
    apply(portStart, given, []);
    const waiting = held;
    held = [];
    for (const message of waiting) apply(portPost, given, [message]);
  };
  scope.addEventListener("message", connect);
  for (const name of FORBIDDEN_GLOBALS) remove(scope, name);
  // Nothing may take the worker's messages: the runner's listener above is the only one that acts on them.
  Object.defineProperty(scope, "onmessage", { value: null, writable: false, configurable: false });
  return {
    post: (message) => {
      if (port) apply(portPost, port, [message]);
      else held.push(message);
    },
    setTimeout: (f, ms) => setTimer(f, ms),
    clearTimeout: (id) => clearTimer(id),
    now,
  };
}

function getterOf(proto: object, name: string): (this: unknown) => unknown {
  const getter = Object.getOwnPropertyDescriptor(proto, name)?.get;
  if (!getter) throw new Error(`The runner needs ${name} of ${String(proto)}`);
  return getter;
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
