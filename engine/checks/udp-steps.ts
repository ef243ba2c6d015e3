/**
 * Check steps for UDP and IP multicast programs. Each names a scripted UDP
 * socket that is not learner code; it records every datagram it receives.
 *
 *   - udpSend: client, port: 9999, data: "ping"      send one datagram (from the learner's host)
 *   - joinGroup: alpha, group: 228.0.0.5, port: 9999  a listener joins a multicast group
 *                                                     (in the simulation on its own host, named alpha)
 *   - expectUdp: client, received: ["echo ping"]      exactly these datagrams arrived, in order
 *
 * Both drivers carry them out: the simulation with sockets on simulated
 * hosts, the Python twin's driver with real sockets on this machine.
 */
import { z } from "zod";

const seconds = z.number().nonnegative().describe("Virtual seconds");
const socketName = z.string().min(1).describe("A name for the scripted UDP socket, used by later steps");
const port = z.number().int().min(1).max(65535);

export const UdpSendStep = z
  .object({
    udpSend: socketName,
    port: port.describe("The UDP port to send to"),
    host: z.string().min(1).default("localhost").describe("The host (or multicast group, 228.0.0.5) to send to"),
    data: z.string().describe("The datagram's text"),
  })
  .strict()
  .describe("Send one UDP datagram from a scripted socket (made on first use, on the learner's host)");

export const JoinGroupStep = z
  .object({
    joinGroup: socketName,
    group: z
      .string()
      .regex(/^(22[4-9]|23\d)\.\d{1,3}\.\d{1,3}\.\d{1,3}$/, "a multicast group address, 224.0.0.0 to 239.255.255.255")
      .describe("The multicast group to join, e.g. 228.0.0.5"),
    port: port.describe("The UDP port the listener binds (shared, as listenMultiple does)"),
    host: z.string().min(1).optional().describe("The simulated host it listens on (a new host named after the socket by default)"),
  })
  .strict()
  .describe("A scripted listener binds a UDP port and joins a multicast group (on another simulated host; on this machine for the Python twin)");

export const ExpectUdpStep = z
  .object({
    expectUdp: socketName,
    received: z.array(z.string()).describe("Every datagram the socket must have received, exactly and in order ([] for none)"),
    within: seconds.default(5).describe("How long to wait for them (an empty list waits the whole time)"),
  })
  .strict()
  .describe("Wait until a scripted UDP socket has received exactly these datagrams");

export type UdpStep = z.output<typeof UdpSendStep> | z.output<typeof JoinGroupStep> | z.output<typeof ExpectUdpStep>;

export const UDP_ACTIONS = ["udpSend", "joinGroup", "expectUdp"] as const;

/** True for a step this module runs. */
export function isUdpStep(step: object): step is UdpStep {
  return UDP_ACTIONS.some((action) => action in step);
}

/** A scripted UDP socket, as a driver gives it. */
export interface DriverUdpSocket {
  /** Every datagram received so far, in order. */
  readonly received: readonly string[];
}

/** What a driver offers for UDP steps. */
export interface UdpDriver {
  /** A scripted UDP socket: on the learner's host, or joined to `join.group` on `join.port`. */
  udpSocket(join?: { readonly group: string; readonly port: number; readonly host: string }): Promise<DriverUdpSocket>;
  /** Sends one datagram from `socket` to `host:port`. */
  sendUdp(socket: DriverUdpSocket, host: string, port: number, data: string): void;
  wait(seconds: number, until?: () => boolean): Promise<void>;
  settle(): Promise<void>;
}

/** A UDP step's expectation failed; the message says what arrived. */
export class UdpStepFailed extends Error {}

/**
 * Runs one UDP step, adding a note and (for expectations) a transcript line.
 * @throws UdpStepFailed when an expectation does not hold, or a step names a socket no earlier step made.
 */
export async function runUdpStep(
  driver: UdpDriver,
  step: UdpStep,
  sockets: Map<string, DriverUdpSocket>,
  notes: string[],
  transcript: string[],
): Promise<void> {
  if ("joinGroup" in step) {
    if (sockets.has(step.joinGroup)) throw new UdpStepFailed(`The scenario already has a UDP socket called ${step.joinGroup}.`);
    try {
      sockets.set(step.joinGroup, await driver.udpSocket({ group: step.group, port: step.port, host: step.host ?? step.joinGroup }));
    } catch (thrown) {
      // Only a port the program holds without sharing can refuse it (the listener's own socket shares).
      throw new UdpStepFailed(
        `${step.joinGroup} could not listen on UDP port ${step.port} to join ${step.group}: ${(thrown as Error).message}. The program holds the port without sharing it: listen with listenMultiple (the fifth argument of listenMulticast) set to true.`,
      );
    }
    notes.push(`${step.joinGroup} joined ${step.group} on port ${step.port}.`);
    return;
  }
  if ("udpSend" in step) {
    let socket = sockets.get(step.udpSend);
    if (!socket) {
      socket = await driver.udpSocket();
      sockets.set(step.udpSend, socket);
    }
    driver.sendUdp(socket, step.host, step.port, step.data);
    await driver.settle();
    notes.push(`${step.udpSend} sent ${JSON.stringify(step.data)} to ${step.host}:${step.port}.`);
    return;
  }
  const socket = sockets.get(step.expectUdp);
  if (!socket) throw new UdpStepFailed(`No earlier step sent from or joined a group with a UDP socket called ${step.expectUdp}.`);
  const wanted = step.received;
  // Nothing expected, or exactly these: wait the whole time for nothing, or until enough arrived.
  await driver.wait(step.within, () => wanted.length > 0 && socket.received.length >= wanted.length);
  // Late extras arrive on a real network within moments: give them a chance before judging.
  await driver.settle();
  const got = [...socket.received];
  transcript.push(`${step.expectUdp}: ${JSON.stringify(got)}`);
  if (JSON.stringify(got) !== JSON.stringify(wanted)) {
    const shown = (list: readonly string[]) => (list.length ? list.map((d) => JSON.stringify(d)).join(", ") : "nothing");
    throw new UdpStepFailed(`Expected ${step.expectUdp} to receive ${shown(wanted)} within ${step.within} s; it received ${shown(got)}.`);
  }
  notes.push(`${step.expectUdp} received ${got.length ? got.map((d) => JSON.stringify(d)).join(", ") : "nothing"}.`);
}
