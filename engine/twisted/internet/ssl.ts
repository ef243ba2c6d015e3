/**
 * twisted.internet.ssl: certificates, keys and the context factories that
 * listenSSL, connectSSL and the "ssl:" endpoints take. A context factory's
 * getContext() gives what OpenSSL would be configured with: PEM text for the
 * certificate and key, and for a client whether (and against what) to verify
 * the server. The simulated reactor speaks its simulated TLS with it
 * (simulated-tls.ts); the real-network reactor hands the PEM to node:tls.
 */
import { FilePath } from "../python/filepath";
import { VerifyError } from "./error";
import { isSimulatedPem, parseCertificatePem, parsePrivateKeyPem, type SimulatedCertificate } from "./simulated-pem";
import { SSLError } from "./simulated-tls";

export { SSLError as Error };

/** What one side of a TLS connection is configured with (OpenSSL.SSL.Context's part the engine uses). */
export class Context {
  constructor(
    readonly role: "server" | "client",
    /** The certificate to present (a server's), as PEM. */
    readonly certificatePem: string | null,
    /** Its private key, as PEM. */
    readonly privateKeyPem: string | null,
    /** A client: verify the server's certificate. */
    readonly verify: boolean,
    /** A client: the name to send (SNI) and check the certificate against. */
    readonly hostname: string | null,
    /** A client: the certificates it trusts, as PEM (empty: the platform's, which no self-signed certificate is in). */
    readonly trustedPems: readonly string[],
  ) {}
}

/** The subject or issuer of a certificate: `getSubject().commonName`. */
export class DistinguishedName {
  constructor(readonly commonName: string) {}

  toString(): string {
    return `<DN 'commonName': b'${this.commonName}'>`;
  }
}

/** An X.509 certificate: `Certificate.loadPEM(text)`. */
export class Certificate {
  protected constructor(
    /** The PEM text it was loaded from. */
    readonly pem: string,
    private readonly parsed: SimulatedCertificate,
  ) {}

  /** @throws OpenSSL.SSL.Error ("no start line") when `data` holds no certificate. */
  static loadPEM(data: string): Certificate {
    return new Certificate(data, parseCertificatePem(data));
  }

  /** The certificate as PEM. */
  dumpPEM(): string {
    return this.pem;
  }

  getSubject(): DistinguishedName {
    return new DistinguishedName(this.parsed.commonName);
  }

  getIssuer(): DistinguishedName {
    return new DistinguishedName(this.parsed.issuer);
  }

  toString(): string {
    return `<Certificate Subject=${this.parsed.commonName} Issuer=${this.parsed.issuer}>`;
  }
}

/** A private key: `KeyPair.load(pem)`. */
export class KeyPair {
  private constructor(readonly pem: string) {}

  /** @throws OpenSSL.SSL.Error ("no start line") when `data` holds no private key. */
  static load(data: string): KeyPair {
    parsePrivateKeyPem(data);
    return new KeyPair(data);
  }
}

/** A certificate with its private key: `PrivateCertificate.loadPEM(certPEM + "\n" + keyPEM)`. */
export class PrivateCertificate extends Certificate {
  /** The private key. */
  privateKey!: KeyPair;

  /** @throws OpenSSL.SSL.Error when `data` lacks the certificate or the key. */
  static override loadPEM(data: string): PrivateCertificate {
    const parsed = parseCertificatePem(data);
    const key = KeyPair.load(data);
    const certificate = new PrivateCertificate(data, parsed);
    certificate.privateKey = key;
    return certificate;
  }

  /** Server options presenting this certificate. */
  options(): CertificateOptions {
    return new CertificateOptions({ certificate: this, privateKey: this.privateKey });
  }
}

/** What CertificateOptions takes (Twisted's keyword arguments). */
export interface CertificateOptionsArguments {
  privateKey?: KeyPair | null;
  certificate?: Certificate | null;
  /** A client: verify the server against caCerts. */
  verify?: boolean;
  caCerts?: readonly Certificate[];
}

/**
 * Twisted's CertificateOptions: a server's certificate and key, or a client's
 * verification settings. `getContext()` gives the Context.
 * @throws VerifyError when the key does not belong to the certificate.
 */
export class CertificateOptions {
  private readonly settings: CertificateOptionsArguments;

  constructor(settings: CertificateOptionsArguments = {}) {
    const { certificate, privateKey } = settings;
    if (!certificate !== !privateKey) throw new Error("ValueError: Specify neither or both of privateKey and certificate");
    if (certificate && privateKey) checkPair(certificate.pem, privateKey.pem, () => new VerifyError());
    this.settings = settings;
  }

  getContext(): Context {
    const { certificate, privateKey, verify = false, caCerts = [] } = this.settings;
    return new Context(
      certificate ? "server" : "client",
      certificate?.pem ?? null,
      privateKey?.pem ?? null,
      verify,
      null,
      caCerts.map((ca) => ca.pem),
    );
  }
}

/**
 * A server context from two PEM files, read now (relative names from the
 * working directory), as the tutorial's older examples use it.
 * @throws OpenSSL.SSL.Error when a file is missing, holds no PEM, or the key does not match.
 */
export class DefaultOpenSSLContextFactory {
  private readonly context: Context;

  constructor(
    readonly privateKeyFileName: string,
    readonly certificateFileName: string,
  ) {
    const certificate = readForOpenSSL(certificateFileName);
    parseCertificatePem(certificate);
    const key = readForOpenSSL(privateKeyFileName);
    parsePrivateKeyPem(key);
    checkPair(certificate, key, () => new SSLError([["x509 certificate routines", "", "key values mismatch"]]));
    this.context = new Context("server", certificate, key, false, null, []);
  }

  getContext(): Context {
    return this.context;
  }
}

/** A client context that checks nothing (what `curl -k` does). */
export class ClientContextFactory {
  getContext(): Context {
    return new Context("client", null, null, false, null, []);
  }
}

/** The trust roots a client checks servers against: the platform's. */
export function platformTrust(): readonly Certificate[] {
  return [];
}

/**
 * Client options that verify the server: its certificate must be signed by
 * `trustRoot` (a Certificate; by default the platform's roots, which never
 * include a self-signed certificate) and name `hostname`.
 */
export function optionsForClientTLS(hostname: string, trustRoot: Certificate | readonly Certificate[] | null = null): ClientTLSOptions {
  const roots = trustRoot === null ? platformTrust() : Array.isArray(trustRoot) ? trustRoot : [trustRoot as Certificate];
  return new ClientTLSOptions(hostname, roots.map((root) => root.pem));
}

/** What optionsForClientTLS returns. */
export class ClientTLSOptions {
  constructor(
    readonly hostname: string,
    private readonly trustedPems: readonly string[],
  ) {}

  getContext(): Context {
    return new Context("client", null, null, true, this.hostname, this.trustedPems);
  }
}

/** Anything listenSSL or connectSSL accepts: it gives a Context. */
export interface IOpenSSLContextFactory {
  getContext(): Context;
}

/** The Context of `factory`. @throws TypeError for something that is not a context factory. */
export function contextOf(factory: unknown): Context {
  const context = (factory as IOpenSSLContextFactory | null)?.getContext?.();
  if (!(context instanceof Context)) throw new TypeError(`${String(factory)} is not a TLS context factory (it needs getContext())`);
  return context;
}

/** The file's text, read as OpenSSL would (through FilePath, from the working directory). */
function readForOpenSSL(name: string): string {
  try {
    return new FilePath(name).getContent();
  } catch (thrown) {
    if ((thrown as Error).name === "FileNotFoundError") {
      throw new SSLError([["system library", "", ""], ["BIO routines", "", "system lib"], ["SSL routines", "", "system lib"]]);
    }
    throw thrown;
  }
}

/** Throws `mismatch()` if a simulated key does not belong to a simulated certificate. */
function checkPair(certificatePem: string, keyPem: string, mismatch: () => Error): void {
  if (!isSimulatedPem(certificatePem) || !isSimulatedPem(keyPem)) return;
  if (parseCertificatePem(certificatePem).keyId !== parsePrivateKeyPem(keyPem)) throw mismatch();
}
