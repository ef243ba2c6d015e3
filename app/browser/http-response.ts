/**
 * Reading the raw HTTP reply the browser pane received (the bytes curl -i
 * printed), and deciding how to show its body. Lenient where browsers are
 * (a bare LF ends a line), strict where a learner's mistake would otherwise
 * hide: a reply that is not HTTP is reported, never guessed at.
 */

export interface HttpResponse {
  /** "HTTP/1.0 200 OK", as sent. */
  readonly statusLine: string;
  readonly version: string;
  readonly status: number;
  readonly reason: string;
  /** Every header in order, names as sent. */
  readonly headers: readonly (readonly [string, string])[];
  /** The body, after any chunked transfer coding was removed. */
  readonly body: string;
}

export type ParsedResponse =
  | { readonly ok: true; readonly response: HttpResponse }
  | { readonly ok: false; readonly problem: string };

/** How the pane shows a body. */
export type BodyKind = "html" | "text" | "empty";

const STATUS_LINE = /^HTTP\/(\d\.\d) (\d{3})(?: (.*))?$/;

/**
 * Splits a raw reply into its status line, headers and body.
 * @returns the response, or a problem saying, for a learner, what is wrong with it.
 */
export function parseHttpResponse(raw: string): ParsedResponse {
  if (raw === "") {
    return { ok: false, problem: "The program closed the connection without sending anything back (an empty reply)." };
  }
  const firstEnd = raw.search(/\r?\n/);
  const first = firstEnd < 0 ? raw : raw.slice(0, firstEnd);
  const status = STATUS_LINE.exec(first);
  if (!status) {
    return {
      ok: false,
      problem: `The reply is not HTTP: it should start with a status line such as "HTTP/1.0 200 OK", but starts with ${JSON.stringify(first.slice(0, 60))}.`,
    };
  }
  const split = /\r?\n\r?\n/.exec(raw);
  if (!split) {
    return { ok: false, problem: "The headers never end: an HTTP reply needs an empty line between its headers and its body." };
  }
  const headers: [string, string][] = [];
  for (const line of raw.slice(firstEnd, split.index).split(/\r?\n/).filter((l) => l !== "")) {
    const colon = line.indexOf(":");
    if (colon <= 0) return { ok: false, problem: `A header line is not "Name: value": ${JSON.stringify(line.slice(0, 60))}.` };
    headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  let body = raw.slice(split.index + split[0].length);
  if (/chunked/i.test(header(headers, "transfer-encoding") ?? "")) {
    const decoded = decodeChunked(body);
    if (decoded === null) return { ok: false, problem: "The body says it is chunked (Transfer-Encoding: chunked) but its chunks are malformed." };
    body = decoded;
  } else {
    const length = header(headers, "content-length");
    if (length !== null) {
      if (!/^\d+$/.test(length)) return { ok: false, problem: `Content-Length is not a number of bytes: ${JSON.stringify(length)}.` };
      const bytes = new TextEncoder().encode(body);
      const promised = Number(length);
      if (bytes.length < promised) {
        return { ok: false, problem: `The reply ended after ${bytes.length} of the ${promised} body bytes its Content-Length promised.` };
      }
      body = new TextDecoder().decode(bytes.slice(0, promised));
    }
  }
  const response = { statusLine: first, version: status[1]!, status: Number(status[2]), reason: status[3] ?? "", headers, body };
  return { ok: true, response };
}

/** The value of the first header called `name` (case-insensitive), or null. */
export function header(headers: readonly (readonly [string, string])[], name: string): string | null {
  const found = headers.find(([n]) => n.toLowerCase() === name.toLowerCase());
  return found ? found[1] : null;
}

/**
 * Whether to render the body as a page or show it as text: by its
 * Content-Type, and with none, by its first tag as browsers sniff
 * (the WHATWG MIME sniffing standard's HTML patterns).
 */
export function bodyKind(response: HttpResponse): BodyKind {
  if (response.body === "") return "empty";
  const type = header(response.headers, "content-type");
  if (type !== null) {
    const essence = type.split(";")[0]!.trim().toLowerCase();
    return essence === "text/html" || essence === "application/xhtml+xml" ? "html" : "text";
  }
  return /^\s*(<!doctype html|<html|<head|<script|<iframe|<h1|<div|<font|<table|<a|<style|<title|<b|<body|<br|<p)[\s>]|^\s*<!--/i.test(
    response.body,
  )
    ? "html"
    : "text";
}

/** Removes the chunked transfer coding; null if the chunks are malformed. */
function decodeChunked(body: string): string | null {
  const bytes = new TextEncoder().encode(body);
  const text = new TextDecoder("latin1");
  const chunks: Uint8Array[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = indexOfCrlf(bytes, at);
    if (lineEnd < 0) return null;
    const size = parseInt(text.decode(bytes.slice(at, lineEnd)).split(";")[0]!.trim(), 16);
    if (!Number.isFinite(size) || size < 0) return null;
    at = lineEnd + 2;
    if (size === 0) break;
    if (at + size + 2 > bytes.length) return null;
    chunks.push(bytes.slice(at, at + size));
    at += size + 2;
  }
  const joined = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.length;
  }
  return new TextDecoder().decode(joined);
}

function indexOfCrlf(bytes: Uint8Array, from: number): number {
  for (let i = from; i + 1 < bytes.length; i++) if (bytes[i] === 13 && bytes[i + 1] === 10) return i;
  return -1;
}
