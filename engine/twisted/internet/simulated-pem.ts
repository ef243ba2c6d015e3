/**
 * Certificates and private keys as PEM files on the simulated host. The
 * simulated `openssl req -x509` writes them (makeSelfSigned) and the simulated
 * TLS reads them (parseCertificatePem, parsePrivateKeyPem). A file looks like
 * a real one (BEGIN/END lines around base64); inside is what the simulation
 * needs: the subject, the issuer and the key's id, which ties a certificate to
 * its key. A real PEM file is accepted too (its key id is a digest of its
 * body), so a pasted certificate loads; only the simulated pair can be
 * checked to match.
 */
import { SSLError } from "./simulated-tls";

/** A certificate as the simulation knows it. */
export interface SimulatedCertificate {
  /** What the certificate's DER would carry: the fields, one per line. */
  readonly der: string;
  /** The subject's commonName (or its whole subject when it has none). */
  readonly commonName: string;
  /** The whole subject, as openssl prints it ("CN = localhost"). */
  readonly subject: string;
  readonly issuer: string;
  /** The id of the key the certificate certifies. */
  readonly keyId: string;
}

/** A server's certificate with the id of the private key loaded beside it. */
export interface SimulatedIdentity {
  readonly certificate: SimulatedCertificate;
  readonly keyId: string;
}

const CERTIFICATE_MARK = "simulated-x509";
const KEY_MARK = "simulated-rsa";

/** The certificate and key `openssl req -x509 -newkey rsa:BITS -nodes -subj SUBJECT -days DAYS` writes. */
export function makeSelfSigned(subject: string, bits: number, days: number, random: () => number): { certificate: string; key: string } {
  const keyId = Array.from({ length: 16 }, () => Math.floor(random() * 16).toString(16)).join("");
  const certificate = [CERTIFICATE_MARK, `subject=${subject}`, `issuer=${subject}`, `key=${keyId}`, `days=${days}`].join("\n");
  // A 2048-bit key's PEM is about 1700 characters: the filler makes the file look its size.
  const filler = Array.from({ length: Math.round(bits / 2) }, () => Math.floor(random() * 16).toString(16)).join("");
  const key = [KEY_MARK, `bits=${bits}`, `key=${keyId}`, filler].join("\n");
  return { certificate: pem("CERTIFICATE", certificate), key: pem("PRIVATE KEY", key) };
}

/** The certificate in `text`'s first CERTIFICATE block. @throws SSLError (OpenSSL.crypto.Error) without one. */
export function parseCertificatePem(text: string): SimulatedCertificate {
  const body = pemBody(text, ["CERTIFICATE"]);
  const fields = simulatedFields(body, CERTIFICATE_MARK);
  if (!fields) {
    const keyId = digest(body);
    return { der: `subject=(not a simulated certificate)\nissuer=\nkey=${keyId}`, commonName: "(not a simulated certificate)", subject: "", issuer: "", keyId };
  }
  const subject = fields.subject ?? "";
  const commonName = /CN\s*=\s*([^,/]+)/.exec(subject)?.[1]?.trim() ?? subject;
  const der = `subject=${commonName}\nissuer=${fields.issuer ?? subject}\nkey=${fields.key ?? ""}`;
  return { der, commonName, subject, issuer: fields.issuer ?? subject, keyId: fields.key ?? "" };
}

/** The id of the private key in `text`. @throws SSLError without a PRIVATE KEY block. */
export function parsePrivateKeyPem(text: string): string {
  const body = pemBody(text, ["PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY"]);
  const fields = simulatedFields(body, KEY_MARK);
  return fields?.key ?? digest(body);
}

/** True if `text` holds a simulated certificate or key (so a mismatch can be told). */
export function isSimulatedPem(text: string): boolean {
  try {
    const body = pemBody(text, ["CERTIFICATE", "PRIVATE KEY"]);
    return simulatedFields(body, CERTIFICATE_MARK) !== null || simulatedFields(body, KEY_MARK) !== null;
  } catch {
    return false;
  }
}

function pem(label: string, content: string): string {
  const base64 = btoa(String.fromCharCode(...new TextEncoder().encode(content)));
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

function pemBody(text: string, labels: readonly string[]): string {
  for (const label of labels) {
    const match = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`).exec(text);
    if (match) return match[1]!.replace(/\s+/g, "");
  }
  throw new SSLError([["PEM routines", "", "no start line"]]);
}

function simulatedFields(base64: string, mark: string): Record<string, string> | null {
  let text: string;
  try {
    text = new TextDecoder().decode(Uint8Array.from(atob(base64), (c: string) => c.charCodeAt(0)));
  } catch {
    throw new SSLError([["asn1 encoding routines", "", "wrong tag"]]);
  }
  const lines = text.split("\n");
  if (lines[0] !== mark) return null;
  const fields: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const eq = line.indexOf("=");
    if (eq > 0) fields[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return fields;
}

/** A short digest of a real PEM's body, standing for its key. */
function digest(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, "0");
}
