/**
 * twisted.protocols.amp's Command: a command's signature read from its static
 * attributes (arguments, response, errors), encoding and decoding its boxes,
 * and the registry of responder methods declared with Command.responder.
 */
import type { Deferred } from "../internet/defer";
import { Failure } from "../python/failure";
import { pyBytesRepr } from "../python/reprs";
import { AmpBox, keyBytes } from "./amp-box";
import { argumentPairs, objectsToStrings, stringsToObjects, wireNameToIdentifier, type AmpObjects, type Argument, type ArgumentList } from "./amp-arguments";
import { InvalidSignature, RemoteAmpError, UnknownRemoteError } from "./amp-errors";
import type { AMP } from "./amp";

export type ErrorClass = abstract new (...args: never[]) => unknown;
/** A command's errors: exception classes to their error codes, as a Map or as pairs. */
export type ErrorCodes = ReadonlyMap<ErrorClass, string> | ReadonlyArray<ReadonlyArray<ErrorClass | string>>;

export interface CommandSchema {
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

/** The command `method` was declared the responder for with Command.responder, if any. */
export function commandAnsweredBy(method: Function): typeof Command | undefined {
  return responders.get(method);
}

function errorPairs(errors: ErrorCodes, command: string): Array<[ErrorClass, string]> {
  const pairs = errors instanceof Map ? [...errors.entries()] : [...(errors as ReadonlyArray<ReadonlyArray<ErrorClass | string>>)];
  return pairs.map((pair) => {
    const [type, code] = pair as [ErrorClass, string];
    if (typeof type !== "function" || typeof code !== "string") throw new TypeError(`${command}'s errors map exception classes to code strings, got: ${String(pair)}`);
    return [type, code];
  });
}

/** A command's schema, read once from its static attributes and its ancestors' errors. */
export function schemaOf(command: typeof Command): CommandSchema {
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
