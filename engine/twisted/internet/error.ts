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

/** Nothing listens on the port a client tried to reach. */
export class ConnectionRefusedError extends TwistedError {
  constructor(message = "Connection was refused by other side: 111: Connection refused.") {
    super(message);
  }
}

/** A user-defined timeout (e.g. connectTCP's) ran out. */
export class TimeoutError extends TwistedError {
  constructor(message = "User timeout caused connection failure.") {
    super(message);
  }
}

/** A port could not be listened on, most often because it is already taken. */
export class CannotListenError extends TwistedError {
  readonly port: number;
  constructor(iface: string, port: number, reason: string) {
    super(`Couldn't listen on ${iface || "any"}:${port}: ${reason}.`);
    this.port = port;
  }
}

/** The reactor was asked to stop when it was not running. */
export class ReactorNotRunning extends TwistedError {
  constructor(message = "Can't stop reactor that isn't running.") {
    super(message);
  }
}
