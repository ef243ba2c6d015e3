/**
 * The errors of twisted.protocols.amp beyond the box format's own
 * (amp-box.ts): a bad command signature, a responder's unencodable return,
 * and the errors that come back from the other side in an error box.
 */
import type { Failure } from "../python/failure";
import { pyBytesRepr, pyRepr } from "../python/reprs";
import { AmpError, UNHANDLED_ERROR_CODE, UNKNOWN_ERROR_CODE, keyBytes } from "./amp-box";

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
export const PROTOCOL_ERRORS: Record<string, new (code: string, description: string) => Error> = { [UNHANDLED_ERROR_CODE]: UnhandledCommand };
