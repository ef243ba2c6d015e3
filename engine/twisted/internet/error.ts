/** twisted.internet.error: the reasons a connection or a call ends. */
import { TwistedError } from "../python/exceptions";

/** A delayed call was cancelled or reset after it had already run. */
export class AlreadyCalled extends TwistedError {
  constructor(message = "Tried to cancel an already-called event.") {
    super(message);
  }
}

/** A delayed call was cancelled or reset after it had already been cancelled. */
export class AlreadyCancelled extends TwistedError {
  constructor(message = "Tried to cancel an already-cancelled event.") {
    super(message);
  }
}

/** The connection was closed cleanly. */
export class ConnectionDone extends TwistedError {
  constructor(message = "Connection was closed cleanly.") {
    super(message);
  }
}

/** The connection was lost in a non-clean fashion. */
export class ConnectionLost extends TwistedError {
  constructor(message = "Connection to the other side was lost in a non-clean fashion.") {
    super(message);
  }
}

/** The connection was aborted locally with abortConnection(). */
export class ConnectionAborted extends ConnectionLost {
  constructor(message = "Connection was aborted locally using ITCPTransport.abortConnection.") {
    super(message);
  }
}

/** Generic error for a connection attempt that did not work out. */
export class ConnectError extends TwistedError {
  constructor(message = "An error occurred while connecting.") {
    super(message);
  }
}

/** Nothing listens on the port a client tried to reach. */
export class ConnectionRefusedError extends ConnectError {
  constructor(message = "Connection was refused by other side: 111: Connection refused.") {
    super(message);
  }
}

/** A user-defined timeout (e.g. connectTCP's) ran out. */
export class TimeoutError extends ConnectError {
  constructor(message = "User timeout caused connection failure.") {
    super(message);
  }
}

/** The host name could not be resolved. */
export class DNSLookupError extends ConnectError {
  constructor(host: string) {
    super(`DNS lookup failed: ${host}.`);
  }
}

/** stopConnecting() was called while not connecting. */
export class NotConnectingError extends TwistedError {
  constructor(message = "The Connector was not connecting when it was asked to stop connecting.") {
    super(message);
  }
}

/** The user aborted a connection attempt (stopConnecting). */
export class UserError extends ConnectError {
  constructor(message = "User aborted connection.") {
    super(message);
  }
}

/** A port could not be listened on, most often because it is already taken. */
export class CannotListenError extends TwistedError {
  /** The port number, or for a Unix socket its path as Python shows bytes (b'/tmp/x.sock'). */
  readonly port: number | string;
  readonly interface: string;
  /** Why, as Twisted's socketError prints: "[Errno 98] Address already in use". */
  readonly socketError: string;
  constructor(iface: string, port: number | string, reason: string) {
    super(`Couldn't listen on ${iface || "any"}:${port}: ${reason}.`);
    this.port = port;
    this.interface = iface;
    this.socketError = reason;
  }
}

/** The reactor was asked to stop when it was not running. */
export class ReactorNotRunning extends TwistedError {
  constructor(message = "Can't stop reactor that isn't running.") {
    super(message);
  }
}

/** run() was called on a reactor that is already running. */
export class ReactorAlreadyRunning extends TwistedError {
  constructor(message = "") {
    super(message);
  }
}

/** run() was called on a reactor that has run and stopped: a reactor runs once per program. */
export class ReactorNotRestartable extends TwistedError {
  constructor(message = "") {
    super(message);
  }
}

/** A child process exited with status 0. */
export class ProcessDone extends TwistedError {
  readonly exitCode = 0;
  readonly signal = null;
  readonly status = 0;
  constructor() {
    super("A process has ended without apparent errors: process finished with exit code 0.");
  }
}

/** A child process exited with a non-zero status or was killed by a signal. */
export class ProcessTerminated extends TwistedError {
  constructor(
    readonly exitCode: number | null = null,
    readonly signal: number | null = null,
  ) {
    const why = signal !== null ? `process ended by signal ${signal}` : `process ended with exit code ${exitCode}`;
    super(`A process has ended with a probable error condition: ${why}.`);
  }
}

/** A ProcessProtocol wrote to a process whose stdin is closed, or signalled one that has ended. */
export class ProcessExitedAlready extends TwistedError {
  constructor(message = "The process has already exited.") {
    super(message);
  }
}

/** A certificate and a private key that do not belong together (or another certificate check that failed). */
export class VerifyError extends TwistedError {
  constructor(message = "Certificate public and private keys do not match.") {
    super(message);
  }
}

/**
 * Joining or leaving a multicast group failed (not a multicast address,
 * already a member, not a member). As in Twisted, its text is the tuple of
 * the packed group and interface addresses, the errno and its message.
 */
export class MulticastJoinError extends TwistedError {
  constructor(group: string, iface: string, errno: number, reason: string) {
    super(`(${packedAddressRepr(group)}, ${packedAddressRepr(iface)}, ${errno}, '${reason}')`);
  }
}

/** How Python shows socket.inet_aton(address): b'\\xe4\\x00\\x00\\x05'. */
function packedAddressRepr(address: string): string {
  const named: Record<number, string> = { 9: "\\t", 10: "\\n", 13: "\\r", 39: "\\'", 92: "\\\\" };
  const bytes = (address || "0.0.0.0").split(".").map(Number);
  const shown = bytes.map((b) => named[b] ?? (b >= 32 && b < 127 ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, "0")}`));
  return `b'${shown.join("")}'`;
}
