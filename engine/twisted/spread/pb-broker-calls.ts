/**
 * Remote calls over a Broker, both ways, as in Twisted's pb.py: sending
 * ["message", requestID, objectID, name, 1, args, kwargs] and firing the
 * waiting Deferred with the peer's ["answer", ...] or ["error", ...]; and for
 * a call from the peer, finding the object, running remote_<name> and answering
 * with its result or with the error it raised.
 */
import { Deferred } from "../internet/defer-core";
import { fail } from "../internet/defer-basics";
import { Failure } from "../python/failure";
import * as log from "../python/log";
import type { Broker } from "./pb-broker";
import { latin1Text, type BananaValue } from "./banana";
import { Jellyable, type Sexp } from "./jelly";
import { asTuple, atom, fromUtf8 } from "./jelly-types";
import { CopyableFailure, DeadReferenceError, Error as PBError, ProtocolError, failure2Copyable } from "./pb-errors";

/**
 * Sends a call and returns the Deferred for its answer (Broker._sendMessage).
 * @throws DeadReferenceError when the connection is gone.
 */
export function sendMessage(
  broker: Broker,
  prefix: Uint8Array,
  perspective: unknown,
  objectID: unknown,
  message: Uint8Array,
  args: unknown[],
  kw: Record<string, unknown>,
): Deferred<any> {
  if (broker.disconnected) throw new DeadReferenceError("Calling Stale Broker");
  let netArgs: Sexp;
  let netKw: Sexp;
  try {
    netArgs = broker.serialize(asTuple([...args]), perspective, message);
    netKw = broker.serialize(kw, perspective, message);
  } catch (thrown) {
    return fail(new Failure(thrown));
  }
  const requestID = broker.newRequestID();
  const answer = new Deferred<any>();
  broker.waitingForAnswers!.set(requestID, answer);
  broker.sendCall(atom(`${latin1Text(prefix)}message`), requestID, objectID as BananaValue, message, 1, netArgs, netKw);
  return answer;
}

/**
 * Runs the peer's call of `message` on the object `findObject` gives for `objectID`
 * (Broker._recvMessage) and, if an answer is required, sends its result or its error.
 * A learner's exception becomes an ["error", ...] for the peer and a logged traceback here.
 */
export function recvMessage(
  broker: Broker,
  findObject: (id: unknown) => unknown,
  requestID: number,
  objectID: unknown,
  message: Uint8Array,
  answerRequired: unknown,
  netArgs: Sexp,
  netKw: Sexp,
): void {
  const name = message instanceof Uint8Array ? fromUtf8(message) : String(message);
  let netResult: unknown;
  try {
    const object = findObject(objectID) as { remoteMessageReceived?: Function } | undefined;
    if (object === undefined || object === null) throw new PBError("Invalid Object ID");
    if (typeof object.remoteMessageReceived !== "function") throw new PBError("Invalid Object ID");
    netResult = object.remoteMessageReceived(broker, name, netArgs, netKw);
  } catch (thrown) {
    if (thrown instanceof PBError) {
      if (answerRequired) {
        const sendable = thrown instanceof Jellyable || broker.security.isClassAllowed(thrown.constructor);
        sendError(broker, sendable ? thrown : new CopyableFailure(thrown), requestID);
      }
      return;
    }
    const failure = new CopyableFailure(thrown);
    if (answerRequired) {
      log.publish({ text: "Peer will receive following PB traceback:", isError: true, system: "-" });
      sendError(broker, failure, requestID);
    }
    log.err(failure);
    return;
  }
  if (!answerRequired) return;
  if (netResult instanceof Deferred) {
    netResult.addCallbacks(
      (result: Sexp) => sendAnswer(broker, result, requestID),
      (failure: Failure) => sendFailureOrError(broker, failure, requestID),
    );
  } else {
    sendAnswer(broker, netResult as Sexp, requestID);
  }
}

function sendAnswer(broker: Broker, netResult: Sexp, requestID: number): void {
  if (broker.disconnected) return;
  broker.sendCall(atom("answer"), requestID, netResult);
}

/** A Deferred result that failed: logged here unless it is a pb.Error, then sent. */
function sendFailureOrError(broker: Broker, failure: Failure, requestID: number): void {
  if (failure.check(PBError) === null) {
    log.msg("Peer will receive following PB traceback:");
    log.err(failure);
  }
  sendError(broker, failure, requestID);
}

/** Sends an error: the exception itself if it may be jellied, otherwise a CopyableFailure of it. */
function sendError(broker: Broker, fail: unknown, requestID: number): void {
  if (broker.disconnected) return;
  let toSend = fail;
  if (fail instanceof Failure) {
    const value = fail.value as { constructor?: Function } | null;
    if (value instanceof Jellyable || (value && typeof value === "object" && broker.security.isClassAllowed(value.constructor!))) toSend = value;
    else if (!(fail instanceof CopyableFailure)) toSend = failure2Copyable(fail, broker.factory?.unsafeTracebacks ?? false);
  }
  if (toSend instanceof CopyableFailure) toSend.unsafeTracebacks = broker.factory?.unsafeTracebacks ?? false;
  broker.sendCall(atom("error"), requestID, broker.serialize(toSend));
}

/**
 * Fires the call waiting for `requestID` with what the peer answered: `fire` gets the
 * unjellied value (callback for an answer, errback for an error).
 * @throws ProtocolError for an answer nobody asked for; InsecureJelly (after failing the
 *   waiting call with it) for an answer this broker may not unjelly.
 */
export function receiveAnswer(broker: Broker, requestID: number, sexp: Sexp, fire: (d: Deferred<any>, value: unknown) => void): void {
  const d = broker.waitingForAnswers?.get(requestID);
  if (!d) throw new ProtocolError(`No request waits for answer ${requestID}`);
  broker.waitingForAnswers!.delete(requestID);
  let value: unknown;
  try {
    value = broker.unserialize(sexp);
  } catch (thrown) {
    d.errback(new Failure(thrown));
    throw thrown;
  }
  fire(d, value);
}
