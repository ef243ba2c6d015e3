/**
 * Names on the simulated IRC network: what a nickname and a channel name
 * may look like, and IRC's case-insensitive comparison.
 */

/** Nicknames up to NICKLEN (16, as freenode allowed: Twisted's fallback "defaultnick" has 11 characters). */
export const NICKLEN = 16;
/** A nickname: a letter or special character, then letters, digits, specials or dashes. */
export const NICK_PATTERN = new RegExp(`^[A-Za-z[\\]\\\\\`_^{|}][A-Za-z0-9[\\]\\\\\`_^{|}-]{0,${NICKLEN - 1}}$`);
/** More lines than this in one second of virtual time is a flood: the server closes the link, as ircds do. */
export const FLOOD_LINES = 100;
/** A channel name: # or &, then up to 49 characters without spaces, commas, BEL or colons. */
export const CHANNEL_PATTERN = /^[#&][^\s,\x07:]{1,49}$/;
/** The longest line a client may send, CRLF included (longer ones are cut). */
export const MAX_LINE = 512;

/** IRC's case-insensitive form of a nickname or channel (rfc1459: []\~ are the capitals of {}|^). */
export function ircLower(name: string): string {
  return name.toLowerCase().replace(/[[\]\\~]/g, (c) => ({ "[": "{", "]": "}", "\\": "|", "~": "^" })[c]!);
}
