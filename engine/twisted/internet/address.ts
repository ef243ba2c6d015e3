/** twisted.internet.address: where a connection comes from or goes to. */
import type { IAddress } from "./interfaces";

/** An IPv4 address and port, as getPeer() and getHost() return. */
export class IPv4Address implements IAddress {
  constructor(
    readonly type: "TCP" | "UDP",
    readonly host: string,
    readonly port: number,
  ) {}

  toString(): string {
    return `IPv4Address(type='${this.type}', host='${this.host}', port=${this.port})`;
  }
}

/**
 * A Unix domain socket's address: its path, or null for the unnamed end (a
 * client's own end, and the peer a server sees).
 */
export class UNIXAddress {
  readonly type = "UNIX";

  constructor(readonly name: string | null) {}

  toString(): string {
    return `UNIXAddress(${this.name === null ? "None" : `'${this.name}'`})`;
  }
}
