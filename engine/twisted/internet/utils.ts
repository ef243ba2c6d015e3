/**
 * twisted.internet.utils: run a process and get what it printed, or its exit
 * code, as a Deferred. As in Twisted, getProcessOutput fails as soon as the
 * process writes anything to stderr (unless errortoo), and closes its pipes.
 */
import { Deferred } from "./defer";
import { Failure } from "../python/failure";
import { TwistedError } from "../python/exceptions";
import { installedReactor } from "./installed";
import type { IReactor } from "./interfaces";
import { ProcessProtocol } from "./process-protocol";

/** The error getProcessOutput fails with: an IOError saying what came on stderr. */
export class _UnexpectedErrorOutput extends TwistedError {
  /** Fires (with a Failure) when the process that wrote to stderr has ended. */
  readonly processEnded: Deferred<unknown>;
  constructor(text: string, processEnded: Deferred<unknown>) {
    super(`got stderr: ${JSON.stringify(text)}`);
    this.name = "IOError";
    this.processEnded = processEnded;
  }
}

type Env = Readonly<Record<string, string>>;

function spawn(reactor: IReactor | null, protocol: ProcessProtocol, executable: string, args: readonly string[], env: Env, path: string | null) {
  (reactor ?? installedReactor()).spawnProcess(protocol, executable, [executable, ...args], env, path);
}

/**
 * Runs `executable` with `args` (not counting the program's name) and fires
 * with everything it wrote to stdout. Fails with IOError as soon as it writes
 * to stderr, unless `errortoo` (then stderr is part of the result).
 */
export function getProcessOutput(
  executable: string,
  args: readonly string[] = [],
  env: Env = {},
  path: string | null = null,
  reactor: IReactor | null = null,
  errortoo = false,
): Deferred<string> {
  const d = new Deferred<string>();
  let output = "";
  let pending: Deferred<string> | null = d;
  let onEnded: Deferred<unknown> | null = null;
  class BackRelay extends ProcessProtocol {
    override outReceived(data: string): void {
      output += data;
    }
    override errReceived(data: string): void {
      if (errortoo) {
        output += data;
        return;
      }
      if (!pending) return;
      onEnded = new Deferred<unknown>();
      pending.errback(new Failure(new _UnexpectedErrorOutput(data, onEnded)));
      pending = null;
      this.transport?.loseConnection();
    }
    override processEnded(reason: Failure): void {
      if (pending) pending.callback(output);
      else onEnded?.errback(reason);
    }
  }
  spawn(reactor, new BackRelay(), executable, args, env, path);
  return d;
}

/** Runs `executable` and fires with its exit code. */
export function getProcessValue(
  executable: string,
  args: readonly string[] = [],
  env: Env = {},
  path: string | null = null,
  reactor: IReactor | null = null,
): Deferred<number> {
  const d = new Deferred<number>();
  class ValueGetter extends ProcessProtocol {
    override processEnded(reason: Failure): void {
      d.callback((reason.value as { exitCode: number }).exitCode);
    }
  }
  spawn(reactor, new ValueGetter(), executable, args, env, path);
  return d;
}

/**
 * Runs `executable` and fires with [stdout, stderr, exitCode]; if a signal
 * killed it, fails with [stdout, stderr, signal].
 */
export function getProcessOutputAndValue(
  executable: string,
  args: readonly string[] = [],
  env: Env = {},
  path: string | null = null,
  reactor: IReactor | null = null,
  stdinBytes: string | null = null,
): Deferred<[string, string, number]> {
  const d = new Deferred<[string, string, number]>();
  let out = "";
  let err = "";
  class EverythingGetter extends ProcessProtocol {
    override connectionMade(): void {
      if (stdinBytes === null) return;
      this.transport?.writeToChild(0, stdinBytes);
      this.transport?.closeStdin();
    }
    override outReceived(data: string): void {
      out += data;
    }
    override errReceived(data: string): void {
      err += data;
    }
    override processEnded(reason: Failure): void {
      const value = reason.value as { exitCode: number | null; signal: number | null };
      if (value.signal) d.errback(new Failure([out, err, value.signal]));
      else d.callback([out, err, value.exitCode ?? 0]);
    }
  }
  spawn(reactor, new EverythingGetter(), executable, args, env, path);
  return d;
}
