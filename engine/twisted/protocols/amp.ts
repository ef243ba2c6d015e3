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
 *
 * The module is the AMP connection; its parts live beside it, one job each:
 * boxes and their limits (amp-box.ts), argument types (amp-arguments.ts),
 * errors (amp-errors.ts), Command and its schema (amp-command.ts), and the
 * byte framing (amp-binary-box-protocol.ts).
 */
import { Deferred, fail, maybeDeferred } from "../internet/defer";
import { ConnectionLost } from "../internet/error";
import { KeyError } from "../python/builtins";
import { Failure } from "../python/failure";
import * as log from "../python/log";
import { pyBytesRepr } from "../python/reprs";
import { ANSWER, ASK, AmpBox, COMMAND, ERROR, ERROR_CODE, ERROR_DESCRIPTION, NoEmptyBoxes, QuitBox, UNHANDLED_ERROR_CODE, UNKNOWN_ERROR_CODE, bytesKey, keyBytes } from "./amp-box";
import type { AmpObjects } from "./amp-arguments";
import { PROTOCOL_ERRORS, BadLocalReturn, RemoteAmpError, UnhandledCommand } from "./amp-errors";
import { commandAnsweredBy, schemaOf, type Command, type CommandClass, type ErrorClass } from "./amp-command";
import { BinaryBoxProtocol, type BoxTransport } from "./amp-binary-box-protocol";

export * from "./amp-box";
export { Argument, AmpList, Boolean, Float, Integer, ListOf, String, Unicode, type AmpObjects, type ArgumentList } from "./amp-arguments";

export { BadLocalReturn, InvalidSignature, RemoteAmpError, UnhandledCommand, UnknownRemoteError } from "./amp-errors";
export { Command, type CommandClass, type ErrorCodes } from "./amp-command";
export { BinaryBoxProtocol, type BoxTransport } from "./amp-binary-box-protocol";

const utf8 = new TextEncoder();
const lenientUtf8 = new TextDecoder("utf-8");

function describeValue(value: unknown): string {
  if (value instanceof Failure) return value.getErrorMessage();
  if (value instanceof Error) return value.message;
  return String(value);
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
        const command = commandAnsweredBy(method);
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
