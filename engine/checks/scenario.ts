/**
 * The declarative check format: a check is a named scenario, a list of steps
 * that connect clients, send text, wait virtual seconds and expect replies.
 * Lessons write them in YAML; this schema validates them and names the field
 * at fault.
 */
import { z } from "zod";
import { SEGMENTATIONS, type Segmentation } from "../simulation/segmentation";
import { ExpectUdpStep, JoinGroupStep, UdpSendStep, type UdpStep } from "./udp-steps";
import { ExpectIrcSentStep, ExpectIrcStep, IrcDropStep, IrcPingStep, IrcSayStep, IRC_ACTIONS, type IrcStep } from "./irc-steps";
import { ExpectPbStep, PbCallStep, type PbStep } from "./pb-steps";
import { ExpectPageStep, UiEventStep, type PageStep } from "./page-steps";

const clientName = z.string().min(1).describe("A name for the client connection, used by later steps");
const seconds = z.number().nonnegative().describe("Virtual seconds");

const ConnectStep = z
  .object({
    connect: clientName,
    port: z.number().int().min(1).max(65535).optional().describe("The TCP port to connect to"),
    path: z.string().regex(/^\//, "give an absolute path, e.g. /tmp/echo.sock").optional().describe("A Unix domain socket to connect to instead, on the learner's host"),
    host: z.string().default("localhost").describe("The host to connect to (TCP)"),
    tls: z.boolean().default(false).describe("Speak TLS on the connection (any certificate is accepted, as curl -k does); what is sent and received is then the plaintext"),
    paused: z.boolean().default(false).describe("Read nothing until a resumeReading step: a slow client, whose unread bytes fill the server's write buffer"),
  })
  .strict()
  .refine((step) => (step.port === undefined) !== (step.path === undefined), { message: "give exactly one of port (TCP) or path (a Unix socket)" })
  .describe("Open a TCP connection, or a connection to a Unix domain socket");

const SendStep = z
  .object({
    send: clientName,
    data: z.string().optional().describe("Text to send in one write"),
    segments: z.array(z.string()).min(1).optional().describe("Text to send as separate writes, in order"),
    gap: seconds.default(0.1).describe("Virtual seconds between segments"),
  })
  .strict()
  .refine((step) => (step.data === undefined) !== (step.segments === undefined), {
    message: "give exactly one of data or segments",
  })
  .describe("Send text on a connection");

const CloseStep = z.object({ close: clientName }).strict().describe("Close a connection cleanly");

const HalfCloseStep = z
  .object({ halfClose: clientName })
  .strict()
  .describe("Half-close a connection (send FIN) but keep reading, as `nc -N` does at the end of its input");

const PauseReadingStep = z
  .object({ pauseReading: clientName })
  .strict()
  .describe("Stop reading from a connection (a slow client): what arrives waits unread, and the server's write buffer fills");

const ResumeReadingStep = z
  .object({ resumeReading: clientName })
  .strict()
  .describe("Read from a connection again, taking everything that waited");

const NetworkStep = z
  .object({
    network: z
      .object({
        latency: z.number().nonnegative().optional().describe("Virtual seconds each segment takes to arrive"),
        segmentation: z
          .enum(SEGMENTATIONS as [Segmentation, ...Segmentation[]])
          .optional()
          .describe("How TCP streams are cut: as-written, random (from the seed) or bytewise"),
        seed: z.number().int().optional().describe("Seed of the network's randomness"),
      })
      .strict()
      .describe("The conditions to change; the others stay as they are"),
  })
  .strict()
  .describe("Change the network conditions for the rest of the check");

const WaitStep = z.object({ wait: seconds }).strict().describe("Let virtual time pass");

const ExpectStep = z
  .object({
    expect: clientName,
    received: z.string().optional().describe("Everything the client has received, exactly"),
    repeat: z.number().int().min(1).max(100000).optional().describe("`received` is this many copies of the text given (a large file from one line)"),
    contains: z.string().optional().describe("Text the client's received data must contain"),
    state: z.enum(["open", "closed", "refused"]).optional().describe("How the connection must be"),
    within: seconds.default(5).describe("How long to wait for the expectation to hold"),
  })
  .strict()
  .refine((step) => step.received !== undefined || step.contains !== undefined || step.state !== undefined, {
    message: "say what to expect: received, contains or state",
  })
  .refine((step) => step.repeat === undefined || step.received !== undefined, { message: "repeat repeats received: give received too" })
  .transform(({ repeat, ...step }) => ({ ...step, received: repeat === undefined ? step.received : step.received!.repeat(repeat) }))
  .describe("Wait until a client has received something or reached a state");

const ExpectOutputStep = z
  .object({
    expectOutput: z.string().describe("Text the program's output or log must contain"),
    absent: z.boolean().default(false).describe("True: the text must NOT appear"),
    within: seconds.default(0).describe("How long to wait for it"),
  })
  .strict()
  .describe("Check what the program printed or logged");

const ExpectReactorStep = z
  .object({ expectReactor: z.enum(["running", "stopped"]).describe("Whether the reactor must be running") })
  .strict()
  .describe("Check the reactor's state");

const ExpectDelayedCallsStep = z
  .object({
    expectDelayedCalls: z
      .number()
      .int()
      .nonnegative()
      .describe("How many calls scheduled with reactor.callLater must still be waiting (reactor.getDelayedCalls()); after shutdown, how many the program left behind"),
  })
  .strict()
  .describe("Count the delayed calls still scheduled: 0 after SIGTERM shows that stopService cancelled its timers");

const ExpectSourceStep = z
  .object({
    expectSource: z.string().describe("A regular expression the learner's code must match"),
    means: z.string().min(1).describe("What the match shows, in words: 'the protocol asks the factory'"),
  })
  .strict()
  .refine((step) => isValidRegExp(step.expectSource), { message: "expectSource is not a valid regular expression" })
  .describe("Check the program's code itself, for what running it cannot show");

const FileStep = z
  .object({
    file: z.string().regex(/^\//, "give an absolute path, e.g. /home/moshez/.plan").describe("The file to write, e.g. /etc/passwd"),
    content: z.string().optional().describe("The file's whole new content"),
    repeat: z.number().int().min(1).max(100000).default(1).describe("Write the content this many times over (a large file from one line)"),
    remove: z.literal(true).optional().describe("Delete the file instead (a program that reads it then gets FileNotFoundError)"),
    host: z.string().optional().describe("The host it is on (the learner's by default)"),
  })
  .strict()
  .refine((step) => (step.content === undefined) !== (step.remove === undefined), {
    message: "give the file's content, or remove: true to delete it (one of the two)",
  })
  .describe("Write (or delete) a file on a simulated host; on the learner's host, a Python twin's open() sees it too");

const CertificateStep = z
  .object({
    certificate: z.string().min(1).describe("Where to write the certificate, e.g. cert.pem (relative to the program's working directory)"),
    key: z.string().min(1).describe("Where to write its private key, e.g. key.pem"),
    subject: z.string().regex(/^\//).default("/CN=localhost").describe("The certificate's subject, as openssl req -subj takes it"),
  })
  .strict()
  .describe("Make a self-signed certificate and its key on the learner's host, as `openssl req -x509 -newkey rsa:2048 -nodes` does; a Python twin gets a real one made by openssl");

const ExpectStartErrorStep = z
  .object({
    expectStartError: z.string().min(1).describe("Text the error must contain, e.g. No such file or directory"),
    also: z.array(z.string()).default([]).describe("More texts it must contain too"),
  })
  .strict()
  .describe("The program must fail to start, with an error containing this text (put it first, after the scene)");

const CommandStep = z
  .object({
    command: z.string().regex(/^[\w.-]+$/).describe("The command's name, e.g. finger"),
    stdout: z.string().optional().describe("What it prints on standard output"),
    stderr: z.string().optional().describe("What it prints on standard error"),
    exit: z.number().int().min(0).max(255).optional().describe("Its exit code (0)"),
    delay: seconds.default(0).describe("Virtual seconds it takes before it prints anything"),
  })
  .strict()
  .refine((step) => step.stdout !== undefined || step.stderr !== undefined || step.exit !== undefined || step.delay > 0, {
    message: "give the command's stdout, stderr or exit, or a delay to slow the existing command down",
  })
  .describe("Define a command on the learner's host, or slow an existing one down (simulation only)");

const WebStep = z
  .object({
    web: z.string().min(1).describe("The web host, e.g. livejournal.com (added if the network does not know it)"),
    port: z.number().int().min(1).max(65535).default(80).describe("The port it serves on"),
    pages: z.record(z.string(), z.string()).optional().describe("Path to page body; every other path answers 404"),
    delay: seconds.default(0).describe("Virtual seconds the server takes to answer"),
    refuse: z.boolean().default(false).describe("True: nothing listens there, so connections are refused"),
  })
  .strict()
  .refine((step) => (step.pages !== undefined) !== step.refuse, { message: "give either pages or refuse: true" })
  .describe("Serve web pages from a host, or stop serving (simulation only)");

const FingerdStep = z
  .object({
    fingerd: z.string().min(1).describe("The host of the upstream finger server, e.g. hostb.example (localhost: the learner's own host)"),
    port: z.number().int().min(1).max(65535).default(79).describe("The port it listens on"),
    reply: z.string().optional().describe("What it answers to every query, in one write, before it closes"),
    segments: z.array(z.string()).min(1).optional().describe("What it answers, as separate writes in order"),
    gap: seconds.default(0.1).describe("Seconds between two segments"),
    delay: seconds.default(0).describe("Seconds between the query's line and the answer"),
    refuse: z.boolean().default(false).describe("True: nothing listens there, so connections are refused"),
  })
  .strict()
  .refine((step) => [step.reply !== undefined, step.segments !== undefined, step.refuse].filter(Boolean).length === 1, {
    message: "give exactly one of reply, segments or refuse: true",
  })
  .describe("Run an upstream finger server that answers every query with a fixed reply, or stop it");

const ExpectFingerdStep = z
  .object({
    expectFingerd: z.string().min(1).describe("The host of a server started with fingerd:"),
    port: z.number().int().min(1).max(65535).default(79).describe("Its port"),
    requests: z.array(z.string()).describe("Exactly what each connection to it sent, oldest first"),
    within: seconds.default(5).describe("How long to wait for them"),
  })
  .strict()
  .describe("Check what an upstream finger server started with fingerd: was sent");

const PatchStep = z
  .object({
    patch: z.string().regex(/^[A-Za-z_$][\w$]*$/).describe("The factory method to replace, e.g. getUser"),
    port: z.number().int().min(1).max(65535).describe("The port whose factory is patched"),
    answer: z.string().optional().describe("The replacement returns a Deferred that fires with this text"),
    fail: z.string().optional().describe("The replacement returns a Deferred that fails with an error with this message"),
    after: seconds.default(0).describe("Virtual seconds before that Deferred fires (0: it has already fired)"),
  })
  .strict()
  .refine((step) => (step.answer === undefined) !== (step.fail === undefined), { message: "give exactly one of answer or fail" })
  .describe("Replace a method of the factory listening on a port by one returning a Deferred: a fake backend");

const SignalStep = z
  .object({ signal: z.enum(["SIGTERM", "SIGINT"]).describe("The signal, as kill sends it") })
  .strict()
  .describe("Send the program a signal (twistd and the reactor stop on SIGTERM and SIGINT)");

function isValidRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

const stepSchemas = {
  connect: ConnectStep,
  send: SendStep,
  close: CloseStep,
  halfClose: HalfCloseStep,
  pauseReading: PauseReadingStep,
  resumeReading: ResumeReadingStep,
  network: NetworkStep,
  wait: WaitStep,
  expect: ExpectStep,
  expectOutput: ExpectOutputStep,
  expectReactor: ExpectReactorStep,
  expectDelayedCalls: ExpectDelayedCallsStep,
  expectSource: ExpectSourceStep,
  file: FileStep,
  certificate: CertificateStep,
  expectStartError: ExpectStartErrorStep,
  command: CommandStep,
  web: WebStep,
  patch: PatchStep,
  fingerd: FingerdStep,
  expectFingerd: ExpectFingerdStep,
  signal: SignalStep,
  ircSay: IrcSayStep,
  ircDrop: IrcDropStep,
  ircPing: IrcPingStep,
  expectIrc: ExpectIrcStep,
  expectIrcSent: ExpectIrcSentStep,
  pbCall: PbCallStep,
  expectPb: ExpectPbStep,
  udpSend: UdpSendStep,
  joinGroup: JoinGroupStep,
  expectUdp: ExpectUdpStep,
  uiEvent: UiEventStep,
  expectPage: ExpectPageStep,
} as const;

export type ScenarioStep =
  | z.output<typeof ConnectStep>
  | z.output<typeof SendStep>
  | z.output<typeof CloseStep>
  | z.output<typeof HalfCloseStep>
  | z.output<typeof PauseReadingStep>
  | z.output<typeof ResumeReadingStep>
  | z.output<typeof NetworkStep>
  | z.output<typeof WaitStep>
  | z.output<typeof ExpectStep>
  | z.output<typeof ExpectOutputStep>
  | z.output<typeof ExpectReactorStep>
  | z.output<typeof ExpectDelayedCallsStep>
  | z.output<typeof ExpectSourceStep>
  | z.output<typeof ExpectFingerdStep>
  | z.output<typeof ExpectStartErrorStep>
  | WorldStep
  | z.output<typeof SignalStep>
  | IrcStep
  | PbStep
  | UdpStep
  | PageStep;

/** Steps that change the world the program runs in: its files, commands, web hosts, upstream finger servers, or a fake backend. */
export type WorldStep =
  | z.output<typeof FileStep>
  | z.output<typeof CertificateStep>
  | z.output<typeof FingerdStep>
  | z.output<typeof CommandStep>
  | z.output<typeof WebStep>
  | z.output<typeof PatchStep>;

/**
 * Actions only the simulation can carry out: a real machine's commands and web
 * hosts are its own, and it has no simulated IRC network. A file on another
 * host too; a file on the learner's host reaches a Python twin (see
 * lessons/tools/python-twin-driver.ts), as a copy its open() reads.
 */
export const SIMULATION_ONLY_ACTIONS = ["file", "command", "web", ...IRC_ACTIONS] as const;

/** The simulation-only action a step starts with, if any. */
export function simulationOnlyAction(step: ScenarioStep): (typeof SIMULATION_ONLY_ACTIONS)[number] | null {
  if ("file" in step && step.host === undefined) return null;
  return SIMULATION_ONLY_ACTIONS.find((action) => action in step) ?? null;
}

/** The action keys a step can start with. */
export const stepActions = Object.keys(stepSchemas) as (keyof typeof stepSchemas)[];

/** One step: an object whose action key (connect, send, ...) says what it does. */
export const ScenarioStepSchema = z.record(z.string(), z.unknown()).transform((raw, ctx): ScenarioStep => {
  const action = stepActions.find((key) => key in raw);
  if (!action) {
    ctx.addIssue({ code: "custom", message: `a step needs one of: ${stepActions.join(", ")}` });
    return z.NEVER;
  }
  const parsed = stepSchemas[action].safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      ctx.addIssue({ code: "custom", message: issue.message, path: issue.path as (string | number)[] });
    }
    return z.NEVER;
  }
  return parsed.data as ScenarioStep;
});

const CheckObject = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/).describe("Stable id, lowercase with dashes"),
    title: z.string().min(1).describe("What the check verifies, as a learner reads it"),
    scenario: z.array(ScenarioStepSchema).min(1).describe("The steps, run in a fresh simulation"),
    onFail: z.string().optional().describe("A hint shown when the check fails: the likely mistake"),
    run: z
      .string()
      .regex(/^twistd(?: \S+)*$/, "a twistd command line, e.g. twistd -n finger --help")
      .optional()
      .describe("How this check starts the program, in place of the step's command: twistd -n finger --help"),
    twin: z
      .literal("not comparable")
      .optional()
      .describe(
        "Set when the check cannot be compared with the Python twin: real Twisted's result depends on the operating system (e.g. the order of simultaneous clients), or the scenario changes files, commands or web hosts, which only the simulation can do",
      ),
  })
  .strict();

export const CheckSchema = CheckObject.superRefine((check, ctx) => {
  if (check.twin === "not comparable") return;
  const index = check.scenario.findIndex((step) => simulationOnlyAction(step) !== null);
  if (index < 0) return;
  const action = simulationOnlyAction(check.scenario[index]!);
  ctx.addIssue({
    code: "custom",
    path: ["twin"],
    message: `step ${index + 1} (${action}:) changes the simulated world, which the Python twin cannot follow: add twin: not comparable`,
  });
});

export type Check = z.output<typeof CheckSchema>;

export const ChecksFileSchema = z
  .object({ checks: z.array(CheckSchema).describe("The step's checks, in the order shown") })
  .strict();

export type ChecksFile = z.output<typeof ChecksFileSchema>;

/** The outcome of one check. */
export const CheckResultSchema = z.object({
  id: z.string(),
  title: z.string(),
  passed: z.boolean(),
  /** Why it passed or failed: what was sent, expected and received. */
  detail: z.string(),
  hint: z.string().optional(),
});

export type CheckResult = z.output<typeof CheckResultSchema>;
