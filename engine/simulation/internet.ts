/**
 * The public Internet of the tutorial: hosts every World can reach by name,
 * built the first time something looks the name up (so they cost nothing,
 * and show in netstat only once used). Lessons and checks can change what
 * they serve, or add hosts of their own.
 */
import { serveIrc, type IrcNetworkSetup } from "./irc-host";
import type { SimulatedHost } from "./simulated-host";
import { serveWebPages } from "./web-host";
import { serveFinger } from "./finger-host";

/** The user pages livejournal.com serves: what finger10's web backend reads. */
export const LIVEJOURNAL_PAGES: Readonly<Record<string, string>> = {
  "/~moshez": "Happy and well (from the web)",
};

/**
 * The IRC networks the tutorial's bot connects to (finger16 uses
 * irc.freenode.org, the later listings irc.freenode.net, the prose
 * irc.libera.chat): alice and bob sit in #twisted, ready to talk to the bot.
 */
export const IRC_NETWORK: IrcNetworkSetup = {
  network: "SimNet",
  users: { alice: ["#twisted"], bob: ["#twisted"] },
  topics: { "#twisted": "Twisted, the event-driven networking engine | finger tutorial" },
};

/** The statuses finger.example.org's finger server knows: the tutorial's finger11 users. */
export const FINGER_EXAMPLE_USERS: Readonly<Record<string, string>> = { moshez: "Happy and well" };

/** Host name to what runs on it. */
export const PUBLIC_HOSTS: Readonly<Record<string, (host: SimulatedHost) => void>> = {
  "livejournal.com": (host) => {
    serveWebPages(host, { pages: LIVEJOURNAL_PAGES });
  },
  // A finger server elsewhere on the Internet, for finger clients and proxies to ask (stage 9).
  "finger.example.org": (host) =>
    void serveFinger(host, { segments: (user) => [`${FINGER_EXAMPLE_USERS[user] ?? "No such user"}\r\n`] }),
  "irc.freenode.org": (host) => void serveIrc(host, IRC_NETWORK),
  "irc.freenode.net": (host) => void serveIrc(host, IRC_NETWORK),
  "irc.libera.chat": (host) => void serveIrc(host, IRC_NETWORK),
};
