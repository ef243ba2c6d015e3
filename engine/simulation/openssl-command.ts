/**
 * openssl on the simulated host: `openssl req -x509 -newkey rsa:2048 -keyout
 * key.pem -out cert.pem -days 365` as the tutorial runs it (a self-signed
 * certificate and its key, in files relative to the working directory), and
 * `openssl x509 -in cert.pem -noout -subject` to look at one. The files hold
 * the simulation's certificates (simulated-pem.ts), which the simulated TLS
 * reads.
 */
import { normalizePath } from "../twisted/python/paths";
import { makeSelfSigned, parseCertificatePem } from "../twisted/internet/simulated-pem";
import type { SimulatedCommand, ProcessContext } from "./commands";

const USAGE = "usage: openssl req -x509 -newkey rsa:2048 -keyout key.pem -out cert.pem -days 365 [-nodes] [-subj /CN=localhost]\n"
  + "       openssl x509 -in cert.pem -noout -subject\n";

/** The questions openssl req asks without -subj, with the answer Enter gives. */
const DEFAULT_SUBJECT = [
  ["Country Name (2 letter code) [AU]:", "C = AU"],
  ["State or Province Name (full name) [Some-State]:", "ST = Some-State"],
  ["Locality Name (eg, city) []:", ""],
  ["Organization Name (eg, company) [Internet Widgits Pty Ltd]:", "O = Internet Widgits Pty Ltd"],
  ["Organizational Unit Name (eg, section) []:", ""],
  ["Common Name (e.g. server FQDN or YOUR name) []:", ""],
  ["Email Address []:", ""],
] as const;

export const openssl: SimulatedCommand = (proc) => {
  const [sub, ...args] = proc.args;
  if (sub === "req") return request(proc, args);
  if (sub === "x509") return show(proc, args);
  proc.stderr(sub ? `openssl: ${sub}: this simulated openssl knows req and x509 only\n${USAGE}` : USAGE);
  return 1;
};

function request(proc: ProcessContext, args: readonly string[]): number {
  const options = readOptions(args, ["-x509", "-nodes", "-noenc", "-batch"], ["-newkey", "-keyout", "-out", "-days", "-subj"]);
  if (typeof options === "string") {
    proc.stderr(`req: ${options}\n${USAGE}`);
    return 1;
  }
  const { flags, values } = options;
  if (!flags.has("-x509") || !values["-newkey"] || !values["-keyout"] || !values["-out"]) {
    proc.stderr(`req: this simulated openssl makes self-signed certificates: give -x509, -newkey, -keyout and -out\n${USAGE}`);
    return 1;
  }
  const bits = /^rsa:(\d+)$/.exec(values["-newkey"]);
  if (!bits) {
    proc.stderr(`req: -newkey ${values["-newkey"]}: use rsa:BITS, e.g. rsa:2048\n`);
    return 1;
  }
  const days = Number(values["-days"] ?? "30");
  if (!Number.isInteger(days) || days <= 0) {
    proc.stderr(`req: Invalid number "${values["-days"]}" for option -days\n`);
    return 1;
  }
  const random = () => proc.host.random();
  proc.stderr(`${".".repeat(12)}+${".".repeat(20)}+\n${".".repeat(8)}+${".".repeat(15)}+\n`);
  if (!flags.has("-nodes") && !flags.has("-noenc")) {
    // Real openssl asks for a pass phrase twice here; an encrypted key would make the server ask for it at every start.
    proc.stderr("Enter PEM pass phrase: (none can be typed in this terminal: the key is written unencrypted, as -nodes does)\n");
  }
  proc.stderr("-----\n");
  let subject: string | null;
  if (values["-subj"] === undefined) {
    proc.stderr("You are about to be asked to enter information that will be incorporated\ninto your certificate request.\n"
      + "What you are about to enter is what is called a Distinguished Name or a DN.\n"
      + "There are quite a few fields but you can leave some blank\nFor some fields there will be a default value,\n"
      + "If you enter '.', the field will be left blank.\n-----\n");
    for (const [question] of DEFAULT_SUBJECT) proc.stderr(`${question} (Enter: the default)\n`);
    subject = DEFAULT_SUBJECT.map(([, answer]) => answer).filter(Boolean).join(", ");
  } else {
    subject = subjectText(values["-subj"]);
    if (subject === null) {
      proc.stderr(`req: subject name is expected to be in the format /type0=value0/type1=value1/type2=..., got "${values["-subj"]}"\n`);
      return 1;
    }
  }
  const made = makeSelfSigned(subject, Number(bits[1]), days, random);
  proc.fs.write(normalizePath(values["-keyout"], proc.cwd), made.key);
  proc.fs.write(normalizePath(values["-out"], proc.cwd), made.certificate);
  return 0;
}

function show(proc: ProcessContext, args: readonly string[]): number {
  const options = readOptions(args, ["-noout", "-subject", "-issuer"], ["-in"]);
  if (typeof options === "string" || !options.values["-in"]) {
    proc.stderr(`x509: ${typeof options === "string" ? options : "give -in FILE"}\n${USAGE}`);
    return 1;
  }
  const name = options.values["-in"];
  const path = normalizePath(name, proc.cwd);
  if (!proc.fs.isFile(path)) {
    proc.stderr(`Could not open file or uri for loading certificate from ${name}\n`);
    return 1;
  }
  try {
    const certificate = parseCertificatePem(proc.fs.read(path));
    if (options.flags.has("-subject") || !options.flags.has("-issuer")) proc.stdout(`subject=${certificate.subject}\n`);
    if (options.flags.has("-issuer")) proc.stdout(`issuer=${certificate.issuer}\n`);
    return 0;
  } catch {
    proc.stderr(`Unable to load certificate from ${name}\n`);
    return 1;
  }
}

/** "/CN=localhost/O=Finger" as openssl prints it: "CN = localhost, O = Finger"; null if malformed. */
export function subjectText(subj: string): string | null {
  if (!subj.startsWith("/")) return null;
  const parts = subj.slice(1).split("/").filter(Boolean);
  const fields: string[] = [];
  for (const part of parts) {
    const eq = part.indexOf("=");
    if (eq <= 0) return null;
    fields.push(`${part.slice(0, eq)} = ${part.slice(eq + 1)}`);
  }
  return fields.join(", ");
}

function readOptions(args: readonly string[], flagNames: readonly string[], valueNames: readonly string[]) {
  const flags = new Set<string>();
  const values: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (flagNames.includes(arg)) flags.add(arg);
    else if (valueNames.includes(arg)) {
      const value = args[++i];
      if (value === undefined) return `option ${arg} needs a value`;
      values[arg] = value;
    } else return `unknown option ${arg}`;
  }
  return { flags, values };
}
