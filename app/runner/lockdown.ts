/**
 * Takes away, inside the runner worker, everything learner code could use to
 * reach beyond its sandbox: the network (fetch, XMLHttpRequest, WebSocket,
 * EventSource, WebTransport), storage (indexedDB, caches, navigator.storage),
 * other threads (Worker, BroadcastChannel), loading scripts (importScripts)
 * and messages to the page (postMessage). A worker already has no document,
 * cookies or localStorage. The runner keeps private references to what it needs.
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
  "close",
  "FileSystemHandle",
  "FileSystemFileHandle",
  "FileSystemDirectoryHandle",
] as const;

export interface RunnerPrivileges {
  /** Posts a message to the page: only the runner may. */
  readonly post: (message: unknown) => void;
}

/**
 * Removes the forbidden globals from the worker's global object and its
 * prototype chain, and pins `onmessage` so it cannot be replaced.
 * @returns what the runner keeps for itself.
 */
export function lockDown(scope: DedicatedWorkerGlobalScope, onMessage: (event: MessageEvent<unknown>) => void): RunnerPrivileges {
  const post = scope.postMessage.bind(scope);
  scope.onmessage = onMessage;
  Object.defineProperty(scope, "onmessage", { value: onMessage, writable: false, configurable: false });
  for (const name of FORBIDDEN_GLOBALS) remove(scope, name);
  return { post: (message) => post(message) };
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
