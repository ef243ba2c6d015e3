/**
 * Check steps for a learner's IRC bot, on the simulated IRC network
 * (simulation only: the Python twin has no IRC server to talk to, so checks
 * that use them say `twin: not comparable`):
 *
 *   - ircSay: "moshez", from: alice, to: fingerbot     a simulated user talks
 *   - ircDrop: fingerbot                               the server drops the bot's link
 *   - ircPing: fingerbot                               the server PINGs the bot (expect its PONG)
 *   - expectIrc: "moshez: happy and well", heardBy: alice, from: fingerbot
 *                                                      what a simulated user heard
 *   - expectIrcSent: "NICK fingerbot"                  a line the server received
 */
import { z } from "zod";
import type { IrcServer } from "../simulation/irc-host";

const seconds = z.number().nonnegative().describe("Virtual seconds");
const nick = z.string().regex(/^[^\s,:#&][^\s,:]*$/, "a nickname, without spaces").describe("A nickname on the IRC server");
const host = z.string().min(1).default("irc.freenode.org").describe("The IRC server's host (irc.freenode.org by default)");
const port = z.number().int().min(1).max(65535).default(6667).describe("The IRC server's port");

export const IrcSayStep = z
  .object({
    ircSay: z.string().describe("What the simulated user says"),
    from: nick.default("alice").describe("The simulated user who says it (alice by default; added if the server lacks one)"),
    to: z.string().min(1).describe("A nickname (a private message) or a channel (#twisted)"),
    action: z.boolean().default(false).describe("True: a CTCP ACTION (/me) instead of a plain message"),
    host,
    port,
  })
  .strict()
  .describe("A simulated user on the IRC server says something to a nickname or a channel (simulation only)");

export const IrcDropStep = z
  .object({ ircDrop: nick.describe("The client whose link the server drops"), host, port })
  .strict()
  .describe("The IRC server drops a client's connection, as a kill or a netsplit does (simulation only)");

export const IrcPingStep = z
  .object({ ircPing: nick.describe("The client the server sends PING :<server name> to"), host, port })
  .strict()
  .describe("The IRC server PINGs a client, as servers do to idle clients; its PONG shows in expectIrcSent (simulation only)");

export const ExpectIrcStep = z
  .object({
    expectIrc: z.string().describe("The text of the message, exactly"),
    heardBy: nick.default("alice").describe("The simulated user who must have heard it"),
    from: nick.optional().describe("Who must have sent it (anyone by default)"),
    in: z.string().regex(/^[#&]/).optional().describe("The channel it was said in; a private message when left out"),
    absent: z.boolean().default(false).describe("True: it must NOT have been heard"),
    within: seconds.default(2).describe("How long to wait for it"),
    host,
    port,
  })
  .strict()
  .describe("Check what a simulated user heard on the IRC server (simulation only)");

export const ExpectIrcSentStep = z
  .object({
    expectIrcSent: z.string().describe("A line the server received from a client, exactly (without CRLF), e.g. NICK fingerbot"),
    absent: z.boolean().default(false).describe("True: it must NOT have been received"),
    within: seconds.default(2).describe("How long to wait for it"),
    host,
    port,
  })
  .strict()
  .describe("Check a line the IRC server received from the program (simulation only)");

export type IrcStep =
  | z.output<typeof IrcSayStep>
  | z.output<typeof IrcDropStep>
  | z.output<typeof IrcPingStep>
  | z.output<typeof ExpectIrcStep>
  | z.output<typeof ExpectIrcSentStep>;

/** The step actions this module handles. */
export const IRC_ACTIONS = ["ircSay", "ircDrop", "ircPing", "expectIrc", "expectIrcSent"] as const;

/** True if `step` is one of the IRC steps. */
export function isIrcStep(step: object): step is IrcStep {
  return IRC_ACTIONS.some((action) => action in step);
}

/** What the IRC steps need of a driver. */
export interface IrcDriver {
  /** The simulated IRC server on `host`:`port`; absent on drivers that have none (a real network). */
  ircServer?(host: string, port: number): IrcServer;
  settle(): Promise<void>;
  wait(seconds: number, until?: () => boolean): Promise<void>;
}

/** A step failed: the message says what was expected and what happened. */
export class IrcStepFailed extends Error {}

/**
 * Runs one IRC step, adding a note for the learner and transcript lines.
 * @throws IrcStepFailed when an expectation does not hold or the driver has no IRC server.
 */
export async function runIrcStep(driver: IrcDriver, step: IrcStep, notes: string[], transcript: string[]): Promise<void> {
  if (!driver.ircServer) throw new IrcStepFailed("IRC steps run only in the simulation (the check needs twin: not comparable).");
  const server = driver.ircServer(step.host, step.port);
  if ("ircSay" in step) {
    const user = server.addUser(step.from);
    if (step.action) user.describe(step.to, step.ircSay);
    else user.say(step.to, step.ircSay);
    await driver.settle();
    notes.push(`${step.from} ${step.action ? "did /me" : "said"} ${JSON.stringify(step.ircSay)} to ${step.to}.`);
    return;
  }
  if ("ircDrop" in step) {
    const dropped = server.disconnect(step.ircDrop, "Connection reset by peer");
    await driver.settle();
    if (!dropped) throw new IrcStepFailed(`Nobody called ${step.ircDrop} is connected to ${step.host}, so there was no link to drop. Connected: ${describeClients(server)}.`);
    notes.push(`${step.host} dropped ${step.ircDrop}'s connection.`);
    return;
  }
  if ("ircPing" in step) {
    const pinged = server.ping(step.ircPing);
    await driver.settle();
    if (!pinged) throw new IrcStepFailed(`Nobody called ${step.ircPing} is connected to ${step.host}, so there was nobody to PING. Connected: ${describeClients(server)}.`);
    notes.push(`${step.host} sent ${step.ircPing} PING :${server.name}.`);
    return;
  }
  if ("expectIrcSent" in step) {
    const found = () => server.transcript.some((line) => line.direction === "in" && line.line === step.expectIrcSent);
    await driver.wait(step.within, step.absent ? undefined : found);
    transcript.push(`irc sent ${JSON.stringify(step.expectIrcSent)}: ${found() ? "yes" : "no"}`);
    if (found() === step.absent) {
      const received = server.transcript.filter((line) => line.direction === "in").map((line) => `  ${line.line}`);
      const wanted = step.absent ? "not to receive" : "to receive";
      throw new IrcStepFailed(
        `Expected ${step.host} ${wanted} the line ${JSON.stringify(step.expectIrcSent)}; it received:\n${received.join("\n") || "  (nothing: did the bot connect?)"}`,
      );
    }
    notes.push(`${step.host} ${step.absent ? "did not receive" : "received"} ${JSON.stringify(step.expectIrcSent)}.`);
    return;
  }
  const user = server.addUser(step.heardBy);
  const where = step.in ?? user.nick;
  const matches = () =>
    user.heard.filter((m) => m.to.toLowerCase() === where.toLowerCase() && (step.from === undefined || m.from.toLowerCase() === step.from.toLowerCase()));
  const found = () => matches().some((m) => m.text === step.expectIrc);
  await driver.wait(step.within, step.absent ? undefined : found);
  transcript.push(`irc ${step.heardBy} heard ${JSON.stringify(step.expectIrc)}${step.in ? ` in ${step.in}` : ""}: ${found() ? "yes" : "no"}`);
  const place = step.in ? `in ${step.in}` : "privately";
  const sender = step.from ? ` from ${step.from}` : "";
  if (found() === step.absent) {
    const heard = matches().map((m) => `  <${m.from}> ${m.text}`);
    throw new IrcStepFailed(
      `Expected ${step.heardBy} ${step.absent ? "not to hear" : "to hear"} ${JSON.stringify(step.expectIrc)}${sender} ${place}; ` +
        (heard.length ? `${step.heardBy} heard:\n${heard.join("\n")}` : `${step.heardBy} heard nothing ${place}${sender}.`),
    );
  }
  notes.push(`${step.heardBy} ${step.absent ? "did not hear" : "heard"} ${JSON.stringify(step.expectIrc)}${sender} ${place}.`);
}

function describeClients(server: IrcServer): string {
  const nicks = server.clientNicks();
  return nicks.length ? nicks.join(", ") : "nobody";
}
