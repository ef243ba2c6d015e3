/**
 * twisted.protocols.amp: the Asynchronous Messaging Protocol. Each side sends
 * commands as boxes ("_command", "_ask" and the arguments) and gets an
 * answer box ("_answer") or an error box ("_error", "_error_code",
 * "_error_description") back, matched by the ask tag, so many commands can be
 * in flight at once in either direction. The bytes on the wire are
 * Twisted's, so an engine peer talks to a real Twisted one.
 *
 * Commands are classes. Python's `arguments` attribute is `arguments_` here
 * (TypeScript reserves a function's `arguments`), as Python code writes
 * `from_` where `from` would clash:
 *
 *     class Sum extends amp.Command {
 *       static arguments_ = [["a", new amp.Integer()], ["b", new amp.Integer()]];
 *       static response = [["total", new amp.Integer()]];
 *     }
 *     class Calculator extends amp.AMP {
 *       sum({ a, b }: { a: number; b: number }) { return { total: a + b }; }
 *     }
 *     Sum.responder(Calculator.prototype.sum);
 */
import { Deferred, fail, maybeDeferred } from "../internet/defer";
import { ConnectionLost } from "../internet/error";
import type { IAddress, ITransport } from "../internet/interfaces";
import { Protocol } from "../internet/protocol";
import { concatBytes, encodeData } from "../internet/wire";
import { KeyError } from "../python/builtins";
import { Failure } from "../python/failure";
import * as log from "../python/log";
import { pyBytesRepr, pyRepr } from "../python/reprs";
import {
  ANSWER,
  ASK,
  AmpBox,
  AmpError,
  COMMAND,
  ERROR,
  ERROR_CODE,
  ERROR_DESCRIPTION,
  MAX_KEY_LENGTH,
  MAX_VALUE_LENGTH,
  NoEmptyBoxes,
  QuitBox,
  TooLong,
  UNHANDLED_ERROR_CODE,
  UNKNOWN_ERROR_CODE,
  bytesKey,
  keyBytes,
} from "./amp-box";
import { argumentPairs, objectsToStrings, stringsToObjects, wireNameToIdentifier, type AmpObjects, type Argument, type ArgumentList } from "./amp-arguments";

export * from "./amp-box";
export { Argument, AmpList, Boolean, Float, Integer, ListOf, String, Unicode, type AmpObjects, type ArgumentList } from "./amp-arguments";

const utf8 = new TextEncoder();
const lenientUtf8 = new TextDecoder("utf-8");

/** A command was given arguments its signature does not have, or lacks some it needs. */
export class InvalidSignature extends AmpError {}

/** A responder returned something its command's response list cannot encode. */
export class BadLocalReturn extends AmpError {
  constructor(
    message: string,
    readonly enclosed: Failure,
  ) {
    super(`${message} ${enclosed.getErrorMessage()}`);
  }
}

/** An error that happened on the other side and came back as an error box. */
export class RemoteAmpError extends AmpError {
  constructor(
    readonly errorCode: string,
    readonly description: string,
    readonly fatal = false,
    readonly local: Failure | null = null,
  ) {
    const code = [...keyBytes(errorCode)].map((c) => (c >= 0x80 ? `\\x${c.toString(16)}` : String.fromCharCode(c))).join("");
    super(`Code<${code}>${local ? " (local)" : ""}: ${description}`);
  }
}

/** The other side failed with an error its command does not declare. */
export class UnknownRemoteError extends RemoteAmpError {
  constructor(description: string) {
    super(UNKNOWN_ERROR_CODE, description);
  }
}

/** The other side has no responder for a command. */
export class UnhandledCommand extends AmpError {
  constructor(
    readonly errorCode: string = UNHANDLED_ERROR_CODE,
    readonly description: string = "",
  ) {
    // Python's str() of an exception with two arguments is the tuple's repr.
    super(`(${pyBytesRepr(keyBytes(errorCode))}, ${pyRepr(description)})`);
  }
}

/** Error codes that stand for AMP's own errors rather than a command's. */
const PROTOCOL_ERRORS: Record<string, new (code: string, description: string) => Error> = { [UNHANDLED_ERROR_CODE]: UnhandledCommand };

type ErrorClass = abstract new (...args: never[]) => unknown;
/** A command's errors: exception classes to their error codes, as a Map or as pairs. */
export type ErrorCodes = ReadonlyMap<ErrorClass, string> | ReadonlyArray<ReadonlyArray<ErrorClass | string>>;

interface CommandSchema {
  commandName: string;
  arguments: Array<[string, Argument]>;
  response: Array<[string, Argument]>;
  allErrors: Map<ErrorClass, string>;
  fatalErrors: Set<ErrorClass>;
  reverseErrors: Map<string, ErrorClass>;
}

const schemas = new WeakMap<Function, CommandSchema>();
/** Responder functions to the command each answers. */
const responders = new WeakMap<Function, typeof Command>();

function errorPairs(errors: ErrorCodes, command: string): Array<[ErrorClass, string]> {
  const pairs = errors instanceof Map ? [...errors.entries()] : [...(errors as ReadonlyArray<ReadonlyArray<ErrorClass | string>>)];
  return pairs.map((pair) => {
    const [type, code] = pair as [ErrorClass, string];
    if (typeof type !== "function" || typeof code !== "string") throw new TypeError(`${command}'s errors map exception classes to code strings, got: ${String(pair)}`);
    return [type, code];
  });
}

/** A command's schema, read once from its static attributes and its ancestors' errors. */
function schemaOf(command: typeof Command): CommandSchema {
  const cached = schemas.get(command);
  if (cached) return cached;
  const name = Object.prototype.hasOwnProperty.call(command, "commandName") ? command.commandName! : command.name;
  const allErrors = new Map<ErrorClass, string>();
  const fatalErrors = new Set<ErrorClass>();
  const lineage: Array<typeof Command> = [];
  for (let c: typeof Command | null = command; c && c !== Command; c = Object.getPrototypeOf(c)) lineage.unshift(c);
  for (const c of lineage) {
    if (Object.prototype.hasOwnProperty.call(c, "errors")) for (const [type, code] of errorPairs(c.errors, name)) allErrors.set(type, code);
    if (Object.prototype.hasOwnProperty.call(c, "fatalErrors")) {
      for (const [type, code] of errorPairs(c.fatalErrors, name)) {
        allErrors.set(type, code);
        fatalErrors.add(type);
      }
    }
  }
  const schema: CommandSchema = {
    commandName: name,
    arguments: argumentPairs(command.arguments_, `${name}.arguments_`),
    response: argumentPairs(command.response, `${name}.response`),
    allErrors,
    fatalErrors,
    reverseErrors: new Map([...allErrors].map(([type, code]) => [code, type])),
  };
  schemas.set(command, schema);
  return schema;
}

/**
 * An AMP command: subclass it and say what it takes and answers with static
 * attributes. `commandName` defaults to the class name.
 */
export class Command {
  /** The name on the wire; the class name when not given. */
  static commandName?: string;
  /** What the command takes: [wire name, argument type] pairs (Python's `arguments`). */
  static arguments_: ArgumentList = [];
  /** What it answers with, in the same form. */
  static response: ArgumentList = [];
  /** Exceptions a responder may raise, to the error codes they travel as; the caller gets the same class back. */
  static errors: ErrorCodes = new Map();
  /** Like errors, but the connection is closed after sending one. */
  static fatalErrors: ErrorCodes = new Map();
  /** False: callRemote sends no "_ask" and returns undefined instead of a Deferred. */
  static requiresAnswer = true;

  readonly structured: AmpObjects;

  /** @throws InvalidSignature when a required argument is missing. */
  constructor(kw: AmpObjects = {}) {
    const command = this.constructor as typeof Command;
    const schema = schemaOf(command);
    this.structured = kw;
    const forgotten = schema.arguments.filter(([name, argument]) => !argument.optional && !(wireNameToIdentifier(name) in kw)).map(([name]) => wireNameToIdentifier(name));
    if (forgotten.length) throw new InvalidSignature(`forgot ${forgotten.join(", ")} for ${pyBytesRepr(keyBytes(schema.commandName))}`);
  }

  /**
   * Declares `method` the responder for this command, on the class whose
   * prototype holds it: `Sum.responder(Calculator.prototype.sum)`. It is
   * called with the arguments as one object and returns the response as an
   * object (or a Deferred of one).
   */
  static responder<F extends Function>(this: typeof Command, method: F): F {
    if (typeof method !== "function") throw new TypeError(`${this.name}.responder needs a method, such as MyProtocol.prototype.${this.name.toLowerCase()}`);
    schemaOf(this);
    responders.set(method, this);
    return method;
  }

  /** Encodes arguments into a box. @throws InvalidSignature for a name the command does not take. */
  static makeArguments(objects: AmpObjects, proto: unknown): AmpBox {
    const schema = schemaOf(this);
    const allowed = new Set(schema.arguments.map(([name]) => wireNameToIdentifier(name)));
    for (const name of Object.keys(objects)) if (!allowed.has(name)) throw new InvalidSignature(`${name} is not a valid argument`);
    return objectsToStrings(objects, schema.arguments, new AmpBox(), proto);
  }

  static parseArguments(box: Map<string, Uint8Array>, proto: unknown): AmpObjects {
    return stringsToObjects(box, schemaOf(this).arguments, proto);
  }

  static makeResponse(objects: AmpObjects, proto: unknown): AmpBox {
    return objectsToStrings(objects, schemaOf(this).response, new AmpBox(), proto);
  }

  static parseResponse(box: Map<string, Uint8Array>, proto: unknown): AmpObjects {
    return stringsToObjects(box, schemaOf(this).response, proto);
  }

  /** Sends this command on `proto` and turns the answer (or error) into objects (or the declared exception). */
  doCommand(proto: AMP): Deferred<AmpObjects> | undefined {
    const command = this.constructor as typeof Command;
    const schema = schemaOf(command);
    const box = command.makeArguments(this.structured, proto);
    const d = proto.sendBoxCommand(schema.commandName, box, command.requiresAnswer);
    if (!d) return undefined;
    return d
      .addCallback((answer: AmpBox) => command.parseResponse(answer, proto))
      .addErrback((error: Failure) => {
        error.trap(RemoteAmpError);
        const remote = error.value as RemoteAmpError;
        const errorType = (schema.reverseErrors.get(remote.errorCode) ?? UnknownRemoteError) as new (description: string) => unknown;
        return new Failure(new errorType(remote.description));
      }) as Deferred<AmpObjects>;
  }
}

/** A Command class, as callRemote takes it. */
export type CommandClass = typeof Command;

function describeValue(value: unknown): string {
  if (value instanceof Failure) return value.getErrorMessage();
  if (value instanceof Error) return value.message;
  return String(value);
}

/**
 * What AMP needs of its transport: a connection, or a process's pipes behind
 * a ProcessProtocol that passes writes to the child's stdin (ampoule's
 * AMPConnector), whose getPeer and getHost say what the other end is.
 */
export type BoxTransport = Pick<ITransport, "write" | "loseConnection"> & { getPeer(): unknown; getHost(): unknown };

/**
 * The framing half of AMP: parses boxes out of the byte stream and writes
 * boxes, handing each complete box to its box receiver. A key over 255 bytes
 * closes the connection, and the reason becomes TooLong.
 */
export class BinaryBoxProtocol extends Protocol {
  override receivesBytes = true;
  /** The longest string the next length prefix may announce: a key's limit until a key arrives, then a value's. */
  MAX_LENGTH = MAX_KEY_LENGTH;
  private received: Uint8Array = new Uint8Array(0);
  private currentBox: AmpBox | null = null;
  private currentKey: string | null = null;
  private keyLengthLimitExceeded = false;
  protected boxReceiver: AMP | null = null;

  /** Writes `box` to the connection. @throws ConnectionLost when there is none. */
  sendBox(box: AmpBox): void {
    if (!this.transport) throw new ConnectionLost();
    this.transport.write(box.serialize());
  }

  override makeConnection(transport: BoxTransport): void {
    // AMP itself only writes and closes: any BoxTransport will do where Protocol expects a full ITransport.
    this.transport = transport as ITransport;
    this.boxReceiver?.startReceivingBoxes(this);
    this.connectionMade();
  }

  override dataReceived(data: string | Uint8Array): void {
    this.received = this.received.length ? concatBytes([this.received, encodeData(data)]) : encodeData(data);
    let at = 0;
    while (at + 2 <= this.received.length) {
      const length = (this.received[at]! << 8) | this.received[at + 1]!;
      if (length > this.MAX_LENGTH) {
        this.received = new Uint8Array(0);
        this.lengthLimitExceeded(length);
        return;
      }
      if (at + 2 + length > this.received.length) break;
      const string = this.received.slice(at + 2, at + 2 + length);
      at += 2 + length;
      this.received = this.received.subarray(at);
      at = 0;
      this.stringReceived(string);
    }
    if (at) this.received = this.received.subarray(at);
  }

  private stringReceived(string: Uint8Array): void {
    if (this.currentKey !== null) {
      this.currentBox!.set(this.currentKey, string);
      this.currentKey = null;
      this.MAX_LENGTH = MAX_KEY_LENGTH;
      return;
    }
    this.currentBox ??= new AmpBox();
    if (string.length) {
      this.currentKey = bytesKey(string);
      this.MAX_LENGTH = MAX_VALUE_LENGTH;
      return;
    }
    const box = this.currentBox;
    this.currentBox = null;
    this.boxReceiver?.ampBoxReceived(box);
  }

  /** A length prefix over the limit: the peer is broken, so hang up. */
  lengthLimitExceeded(length: number): void {
    void length;
    this.keyLengthLimitExceeded = true;
    this.transport?.loseConnection();
  }

  override connectionLost(reason: Failure): void {
    const failReason = this.keyLengthLimitExceeded ? new Failure(new TooLong(true, false, null, null)) : reason;
    this.boxReceiver?.stopReceivingBoxes(failReason);
  }

  /**
   * A failed command answer nobody handled, or a failure of the connection:
   * logged, and the connection dropped.
   */
  unhandledError(failure: Failure): void {
    log.err(failure, "Amp server or network failure unhandled by client application.  Dropping connection!  To avoid, add errbacks to ALL remote commands!");
    this.transport?.loseConnection();
  }
}

/**
 * An AMP connection, either side: callRemote sends commands; the responders
 * declared with Command.responder (and `amp_NAME` methods taking the raw box)
 * answer the other side's.
 */
export class AMP extends BinaryBoxProtocol {
  private outstandingRequests: Map<string, Deferred<AmpBox>> | null = new Map();
  private failAllReason: Failure | null = null;
  private counter = 0;
  private boxSender: BinaryBoxProtocol | null = null;
  private transportHost: unknown = null;
  private transportPeer: unknown = null;

  constructor() {
    super();
    this.boxReceiver = this;
  }

  override makeConnection(transport: BoxTransport): void {
    this.transportPeer = transport.getPeer();
    this.transportHost = transport.getHost();
    log.msg(`${this.constructor.name} connection established (HOST:${this.transportHost} PEER:${this.transportPeer})`);
    super.makeConnection(transport);
  }

  override connectionLost(reason: Failure): void {
    log.msg(`${this.constructor.name} connection lost (HOST:${this.transportHost} PEER:${this.transportPeer})`);
    super.connectionLost(reason);
    this.transport = null;
  }

  /** The box sender (this protocol) starts delivering boxes. */
  startReceivingBoxes(sender: BinaryBoxProtocol): void {
    this.boxSender = sender;
  }

  /** No more boxes will come: every command still waiting for an answer fails with `reason`. */
  stopReceivingBoxes(reason: Failure): void {
    this.failAllOutgoing(reason);
  }

  failAllOutgoing(reason: Failure): void {
    this.failAllReason = reason;
    const waiting = this.outstandingRequests;
    this.outstandingRequests = null;
    for (const d of waiting?.values() ?? []) d.errback(reason);
  }

  /**
   * Sends command `command` with the arguments already in `box`; with
   * requiresAnswer, a Deferred that fires with the answer box.
   */
  sendBoxCommand(command: string, box: AmpBox, requiresAnswer = true): Deferred<AmpBox> | undefined {
    if (this.failAllReason) return requiresAnswer ? fail(this.failAllReason) : undefined;
    box.set(COMMAND, keyBytes(command));
    this.counter += 1;
    const tag = this.counter.toString(16);
    if (requiresAnswer) box.set(ASK, utf8.encode(tag));
    this.boxSender!.sendBox(box);
    if (!requiresAnswer) return undefined;
    const answer = new Deferred<AmpBox>();
    this.outstandingRequests!.set(tag, answer);
    return answer;
  }

  /**
   * Calls `command` on the other side with `args` (by their names in code):
   * a Deferred firing with the response's values, or failing with the
   * command's declared exception, UnknownRemoteError, or the connection's
   * loss. A command with requiresAnswer false returns undefined.
   * @throws InvalidSignature for an argument the command does not take.
   */
  callRemote<R extends AmpObjects = AmpObjects>(command: CommandClass, args: AmpObjects = {}): Deferred<R> {
    let instance: Command;
    try {
      instance = new command(args);
    } catch (e) {
      return fail(e);
    }
    return instance.doCommand(this) as unknown as Deferred<R>;
  }

  /** Sends a command given as raw byte values, for hand-made boxes: `callRemoteString("Sum", { a: bytes, b: bytes })`. */
  callRemoteString(command: string, values: Record<string, Uint8Array> = {}, requiresAnswer = true): Deferred<AmpBox> | undefined {
    return this.sendBoxCommand(command, new AmpBox(values), requiresAnswer);
  }

  /** A box arrived: an answer, an error, or a command. @throws NoEmptyBoxes for anything else. */
  ampBoxReceived(box: AmpBox): void {
    if (box.has(ANSWER)) this.answerReceived(box);
    else if (box.has(ERROR)) this.errorReceived(box);
    else if (box.has(COMMAND)) this.commandReceived(box);
    else throw new NoEmptyBoxes(`AmpBox(${[...box].map(([k, v]) => `${pyBytesRepr(keyBytes(k))}: ${pyBytesRepr(v)}`).join(", ")})`);
  }

  private takeRequest(tag: Uint8Array): Deferred<AmpBox> {
    const key = lenientUtf8.decode(tag);
    const question = this.outstandingRequests?.get(key);
    if (!question) throw new KeyError(pyBytesRepr(tag));
    this.outstandingRequests!.delete(key);
    question.addErrback((failure: Failure) => this.unhandledError(failure));
    return question;
  }

  private answerReceived(box: AmpBox): void {
    this.takeRequest(box.get(ANSWER)!).callback(box);
  }

  private errorReceived(box: AmpBox): void {
    const question = this.takeRequest(box.get(ERROR)!);
    const code = bytesKey(box.get(ERROR_CODE) ?? new Uint8Array(0));
    const description = lenientUtf8.decode(box.get(ERROR_DESCRIPTION) ?? new Uint8Array(0));
    const Protocolish = PROTOCOL_ERRORS[code];
    question.errback(new Failure(Protocolish ? new Protocolish(code, description) : new RemoteAmpError(code, description)));
  }

  private commandReceived(box: AmpBox): void {
    const ask = box.get(ASK);
    const formatAnswer = (answer: AmpBox) => {
      answer.set(ANSWER, ask!);
      return answer;
    };
    const formatError = (error: Failure) => {
      let errorBox: AmpBox;
      let code: string;
      let description: Uint8Array;
      if (error.check(RemoteAmpError)) {
        const remote = error.value as RemoteAmpError;
        code = remote.errorCode;
        description = utf8.encode(remote.description);
        errorBox = remote.fatal ? new QuitBox() : new AmpBox();
      } else {
        errorBox = new QuitBox();
        log.err(error);
        code = UNKNOWN_ERROR_CODE;
        description = utf8.encode("Unknown Error");
      }
      errorBox.set(ERROR, ask!);
      errorBox.set(ERROR_DESCRIPTION, description);
      errorBox.set(ERROR_CODE, keyBytes(code));
      return errorBox;
    };
    const d = this.dispatchCommand(box);
    if (ask !== undefined) {
      d.addCallbacks(formatAnswer, formatError);
      d.addCallback((reply: AmpBox) => this.safeEmit(reply));
    }
    d.addErrback((failure: Failure) => this.unhandledError(failure));
  }

  /** Sends an answer, ignoring a connection that is already gone. */
  private safeEmit(box: AmpBox): void {
    try {
      this.boxSender!.sendBox(box);
      if (box instanceof QuitBox) this.transport?.loseConnection();
    } catch (e) {
      if (!(e instanceof ConnectionLost)) throw e;
    }
  }

  /** Runs the responder for a command box; an unknown command fails with UNHANDLED. */
  dispatchCommand(box: AmpBox): Deferred<AmpBox> {
    const name = box.get(COMMAND)!;
    const responder = this.locateResponder(bytesKey(name));
    if (!responder) {
      return fail(new RemoteAmpError(UNHANDLED_ERROR_CODE, `Unhandled Command: ${pyBytesRepr(name)}`, false, new Failure(new UnhandledCommand())));
    }
    return maybeDeferred(responder, box);
  }

  /**
   * The function answering the command named `name`: a responder declared
   * with Command.responder on this class or an ancestor (the nearest wins),
   * else a method `amp_NAME` (the name in capitals) taking the raw box.
   */
  locateResponder(name: string): ((box: AmpBox) => Deferred<AmpBox> | AmpBox) | null {
    for (let proto = Object.getPrototypeOf(this); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
      for (const key of Object.getOwnPropertyNames(proto)) {
        const descriptor = Object.getOwnPropertyDescriptor(proto, key);
        const method = descriptor?.value as unknown;
        if (typeof method !== "function") continue;
        const command = responders.get(method);
        if (command && schemaOf(command).commandName === name) return this.wrapWithSerialization(method as (kw: AmpObjects) => unknown, command);
      }
    }
    const simple = (this as unknown as Record<string, unknown>)[`amp_${name.toUpperCase()}`];
    if (typeof simple === "function") return (box: AmpBox) => (simple as (box: AmpBox) => AmpBox).call(this, box);
    return null;
  }

  private wrapWithSerialization(method: (kw: AmpObjects) => unknown, command: CommandClass) {
    const schema = schemaOf(command);
    return (box: AmpBox): Deferred<AmpBox> => {
      const kw = command.parseArguments(box, this);
      return maybeDeferred(() => method.call(this, kw))
        .addCallback((objects: unknown) => {
          try {
            return command.makeResponse(objects as AmpObjects, this);
          } catch (e) {
            throw new BadLocalReturn(`${method.name || "responder"} returned ${describeValue(objects)} and ${command.name} could not serialize it`, new Failure(e));
          }
        })
        .addErrback((error: Failure) => {
          const known = error.check(...schema.allErrors.keys());
          if (!known) return error;
          return new Failure(new RemoteAmpError(schema.allErrors.get(known as ErrorClass)!, describeValue(error.value), schema.fatalErrors.has(known as ErrorClass), error));
        }) as Deferred<AmpBox>;
    };
  }
}
