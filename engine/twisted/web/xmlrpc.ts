/**
 * twisted.web.xmlrpc: publish methods over XML-RPC, and call them.
 *
 * Server: subclass XMLRPC and define `xmlrpc_<name>` methods; each returns a
 * value, a Deferred, or throws/returns a Fault. Put the resource at "RPC2".
 * Only POST is allowed (GET gets Twisted's 405 page). An unknown procedure
 * is Fault 8001 ("procedure foo not found"), a call that cannot be decoded
 * or a method that fails is Fault 8002, and a result that cannot be encoded
 * is Fault 8002 "Can't serialize output: ...", all as in Twisted 22.4.
 *
 * Client: `new Proxy("http://localhost:7080/RPC2").callRemote("getUser", "moshez")`
 * fires with the result, or fails with the Fault (or ValueError for a
 * non-200 answer). It POSTs with the engine's Agent (HTTP/1.1, one
 * connection per call) where Twisted's own QueryProtocol speaks HTTP/1.0.
 */
import { Deferred, maybeDeferred } from "../internet/defer";
import { installedReactor } from "../internet/installed";
import { ValueError } from "../python/builtins";
import { Failure } from "../python/failure";
import * as log from "../python/log";
import { Agent, FileBodyProducer, Headers, readBody, type Response } from "./client";
import { Resource } from "./resource";
import { NOT_DONE_YET } from "./server";
import { Fault, base64Encode, describeDecodeError, dumps, loads } from "./xmlrpc-codec";

export { Binary, DateTime, Fault, dumps, loads, ResponseError } from "./xmlrpc-codec";

/** The fault code for an unknown procedure. */
export const NOT_FOUND = 8001;
/** The fault code for a call that failed (or could not be read or answered). */
export const FAILURE = 8002;

/** The Fault for a procedure that does not exist. */
export class NoSuchFunction extends Fault {}

/** What an xmlrpc_ method may be marked with. */
type Procedure = ((...args: any[]) => unknown) & { withRequest?: boolean; help?: string; signature?: string[][] };

/**
 * Marks an xmlrpc_ method to receive the request as its first argument:
 * `xmlrpc_echo = xmlrpc.withRequest(function (this: Echo, request, s) { ... })`.
 */
export function withRequest<F extends (...args: any[]) => unknown>(f: F): F {
  (f as Procedure).withRequest = true;
  return f;
}

/**
 * State for a call that takes several steps: override run(), and fire
 * `result` (a Deferred) when done. An xmlrpc_ method may return a Handler.
 */
export class Handler {
  readonly result = new Deferred<unknown>();

  constructor(
    readonly resource: XMLRPC,
    ...args: unknown[]
  ) {
    this.run(...args);
  }

  /** Hook: do the work and fire this.result. */
  run(...args: unknown[]): void {
    void args;
    this.result.errback(new Failure(Object.assign(new Error("Implement run() in subclasses"), { name: "NotImplementedError" })));
  }
}

/** What XMLRPC needs of a request. */
interface RPCRequest {
  method: string;
  content: { seek(offset: number, whence?: number): number; read(): string } | null;
  setHeader(name: string, value: string | number): void;
  write(data: string | Uint8Array): void;
  finish(): void;
  notifyFinish(): Deferred<null>;
}

/** The names of the methods starting with `prefix`, base classes' first, without the prefix. */
function prefixedMethodNames(object: object, prefix: string): string[] {
  const chain: object[] = [];
  for (let proto = Object.getPrototypeOf(object); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) chain.unshift(proto);
  const names: string[] = [];
  for (const proto of [...chain, object]) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name.startsWith(prefix) && typeof (object as Record<string, unknown>)[name] === "function" && !names.includes(name.slice(prefix.length))) {
        names.push(name.slice(prefix.length));
      }
    }
  }
  return names;
}

/**
 * A resource that publishes its `xmlrpc_` methods over XML-RPC. Sub-handlers
 * answer dotted names ("system.listMethods", see addIntrospection).
 */
export class XMLRPC extends Resource {
  /** Fault codes, as class attributes in Twisted. */
  readonly NOT_FOUND = NOT_FOUND;
  readonly FAILURE = FAILURE;
  override isLeaf: boolean | number = true;
  /** Separates a sub-handler's prefix from the procedure's name. */
  separator = ".";
  override allowedMethods: readonly string[] = ["POST"];
  /** Send null as <nil/> (otherwise returning null is a Fault 8002). */
  allowNone: boolean;
  /** Decode dateTime.iso8601 as Date instead of DateTime. */
  useDateTime: boolean;
  protected subHandlers = new Map<string, XMLRPC>();

  /**
   * @param allowNone allow null in results (as <nil/>).
   * @param useDateTime give dateTime.iso8601 arguments as Date objects.
   */
  constructor(allowNone = false, useDateTime = false) {
    super();
    this.allowNone = allowNone;
    this.useDateTime = useDateTime;
  }

  /** Lets `handler` answer the names "prefix.<name>". */
  putSubHandler(prefix: string, handler: XMLRPC): void {
    this.subHandlers.set(prefix, handler);
  }

  getSubHandler(prefix: string): XMLRPC | null {
    return this.subHandlers.get(prefix) ?? null;
  }

  getSubHandlerPrefixes(): string[] {
    return [...this.subHandlers.keys()];
  }

  /** Decodes the call, runs the procedure, and answers with its result or a Fault. */
  render_POST(request: RPCRequest): number {
    request.content?.seek(0, 0);
    request.setHeader("content-type", "text/xml; charset=utf-8");
    let args: unknown[];
    let functionPath: string | null;
    try {
      [args, functionPath] = loads(request.content?.read() ?? "", this.useDateTime);
    } catch (thrown) {
      this._cbRender(new Fault(this.FAILURE, `Can't deserialize input: ${describeDecodeError(thrown)}`), request);
      return NOT_DONE_YET;
    }
    // A body with params but no methodName (a methodResponse, say) reaches
    // lookupProcedure(None) in Twisted 22.4, whose AttributeError the Site
    // answers with its 500 "Processing Failed" page.
    if (functionPath === null) throw Object.assign(new TypeError("'NoneType' object has no attribute 'find'"), { name: "AttributeError" });
    let fn: Procedure;
    try {
      fn = this.lookupProcedure(functionPath);
    } catch (thrown) {
      if (!(thrown instanceof Fault)) throw thrown;
      this._cbRender(thrown, request);
      return NOT_DONE_YET;
    }
    const responseFailed: Failure[] = [];
    request.notifyFinish().addErrback((f: Failure) => {
      responseFailed.push(f);
    });
    const callArgs = fn.withRequest ? [request, ...args] : args;
    // Python raises TypeError for missing arguments (a Fault 8002 "error"); JavaScript would pass undefined.
    const missing = (f: Procedure) => {
      throw new TypeError(`xmlrpc_${functionPath}() missing ${f.length - callArgs.length} required positional argument(s)`);
    };
    const d = callArgs.length < fn.length ? maybeDeferred(missing, fn) : maybeDeferred(fn, ...callArgs);
    d.addErrback((failure: Failure) => this._ebRender(failure));
    d.addCallback((result: unknown) => this._cbRender(result, request, responseFailed));
    return NOT_DONE_YET;
  }

  /** Writes `result` (or the Fault) as the response, and finishes. */
  _cbRender(result: unknown, request: RPCRequest, responseFailed: Failure[] | null = null): void {
    if (responseFailed?.length) return;
    if (result instanceof Handler) result = result.result;
    const params = result instanceof Fault ? result : [result];
    let content: string;
    try {
      try {
        content = dumps(params, null, true, this.allowNone);
      } catch (thrown) {
        const message = thrown instanceof Error ? thrown.message : String(thrown);
        content = dumps(new Fault(this.FAILURE, `Can't serialize output: ${message}`), null, true, this.allowNone);
      }
      const bytes = new TextEncoder().encode(content);
      request.setHeader("content-length", bytes.length);
      request.write(bytes);
    } catch (thrown) {
      log.err(new Failure(thrown));
    }
    request.finish();
  }

  /** A Fault stays a Fault; any other failure is logged and becomes Fault 8002 "error". */
  _ebRender(failure: Failure): Fault {
    if (failure.value instanceof Fault) return failure.value;
    log.err(failure);
    return new Fault(this.FAILURE, "error");
  }

  /**
   * The function for procedure `procedurePath`: `xmlrpc_<name>`, or a
   * sub-handler's for "prefix.name".
   * @throws NoSuchFunction (Fault 8001) when there is none.
   */
  lookupProcedure(procedurePath: string): Procedure {
    const at = procedurePath.indexOf(this.separator);
    if (at >= 0) {
      const prefix = procedurePath.slice(0, at);
      const handler = this.getSubHandler(prefix);
      if (!handler) throw new NoSuchFunction(this.NOT_FOUND, `no such subHandler ${prefix}`);
      return handler.lookupProcedure(procedurePath.slice(at + this.separator.length));
    }
    const f = (this as unknown as Record<string, unknown>)[`xmlrpc_${procedurePath}`];
    if (!f) throw new NoSuchFunction(this.NOT_FOUND, `procedure ${procedurePath} not found`);
    if (typeof f !== "function") throw new NoSuchFunction(this.NOT_FOUND, `procedure ${procedurePath} not callable`);
    const bound = (f as Procedure).bind(this) as Procedure;
    bound.withRequest = (f as Procedure).withRequest;
    bound.help = (f as Procedure).help;
    bound.signature = (f as Procedure).signature;
    return bound;
  }

  /** The names of all xmlrpc_ procedures. */
  listProcedures(): string[] {
    return prefixedMethodNames(this, "xmlrpc_");
  }
}

/** system.listMethods, system.methodHelp and system.methodSignature for an XMLRPC resource. */
export class XMLRPCIntrospection extends XMLRPC {
  constructor(private readonly parent: XMLRPC) {
    super();
  }

  /** Every procedure's name, sub-handlers' with their prefix. */
  xmlrpc_listMethods(): string[] {
    const functions: string[] = [];
    const todo: [XMLRPC, string][] = [[this.parent, ""]];
    while (todo.length) {
      const [obj, prefix] = todo.shift()!;
      functions.push(...obj.listProcedures().map((name) => prefix + name));
      for (const name of obj.getSubHandlerPrefixes()) todo.push([obj.getSubHandler(name)!, prefix + name + obj.separator]);
    }
    return functions;
  }

  /** A procedure's `help` text, or "". */
  xmlrpc_methodHelp(method: string): string {
    return this.parent.lookupProcedure(method).help ?? "";
  }

  /** A procedure's `signature` ([[return type, argument types...]]), or "". */
  xmlrpc_methodSignature(method: string): string[][] | string {
    return this.parent.lookupProcedure(method).signature ?? "";
  }
}

/** Adds system.listMethods, system.methodHelp and system.methodSignature to `xmlrpc`. */
export function addIntrospection(xmlrpc: XMLRPC): void {
  xmlrpc.putSubHandler("system", new XMLRPCIntrospection(xmlrpc));
}

/** Proxy's options, as Twisted's keyword arguments. */
export interface ProxyOptions {
  readonly user?: string | null;
  readonly password?: string | null;
  readonly allowNone?: boolean;
  readonly useDateTime?: boolean;
  /** Seconds to wait for the connection (30). */
  readonly connectTimeout?: number;
  readonly reactor?: unknown;
}

/** Calls procedures on an XML-RPC server: `new Proxy(url).callRemote(name, ...args)`. */
export class Proxy {
  readonly url: string;
  user: string | null;
  password: string | null;
  allowNone: boolean;
  useDateTime: boolean;
  connectTimeout: number;
  private readonly reactor: unknown;

  /**
   * @param url the server's URL, e.g. "http://localhost:7080/RPC2" (user:password@ in it is used for Basic auth).
   */
  constructor(url: string, options: ProxyOptions = {}) {
    const auth = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)([^@/]*)@(.*)$/.exec(url);
    let user: string | null = null;
    let password: string | null = null;
    if (auth) {
      const [u, p] = auth[2]!.split(":");
      user = u ?? null;
      password = p ?? null;
      url = auth[1]! + auth[3]!;
    }
    this.url = url;
    this.user = options.user ?? user;
    this.password = options.password ?? password;
    this.allowNone = options.allowNone ?? false;
    this.useDateTime = options.useDateTime ?? false;
    this.connectTimeout = options.connectTimeout ?? 30;
    this.reactor = options.reactor ?? null;
  }

  /**
   * Calls procedure `method` with `args`. Fires with the result; fails with
   * the server's Fault, ValueError("('405', 'Method Not Allowed')") for an
   * answer other than 200, the connection's error, or (if cancelled)
   * CancelledError.
   */
  callRemote(method: string, ...args: unknown[]): Deferred<any> {
    let cancelled = false;
    const result = new Deferred<unknown>(() => {
      cancelled = true;
    });
    let payload: string;
    try {
      payload = `<?xml version="1.0"?>\n<methodCall>\n<methodName>${method}</methodName>\n${dumps(args, null, false, this.allowNone)}\n</methodCall>\n`;
    } catch (thrown) {
      result.errback(new Failure(thrown));
      return result;
    }
    const headers = new Headers();
    headers.addRawHeader("User-Agent", "Twisted/XMLRPClib");
    headers.addRawHeader("Content-Type", "text/xml; charset=utf-8");
    if (this.user) headers.addRawHeader("Authorization", `Basic ${base64Encode(new TextEncoder().encode(`${this.user}:${this.password ?? ""}`))}`);
    const agent = new Agent((this.reactor ?? installedReactor()) as never, this.connectTimeout);
    agent
      .request("POST", this.url, headers, new FileBodyProducer(payload))
      .addCallback((response: Response) =>
        readBody(response).addCallback((body: string) => {
          if (response.code !== 200) throw new ValueError(`('${response.code}', '${response.phrase}')`);
          return loads(body, this.useDateTime)[0][0];
        }),
      )
      .addCallbacks(
        (value: unknown) => {
          if (!cancelled) result.callback(value);
        },
        (failure: Failure) => {
          if (!cancelled) result.errback(failure);
        },
      );
    return result;
  }
}

