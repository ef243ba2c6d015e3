/**
 * The public Internet of the tutorial: hosts every World can reach by name,
 * built the first time something looks the name up (so they cost nothing,
 * and show in netstat only once used). Lessons and checks can change what
 * they serve, or add hosts of their own.
 */
import type { SimulatedHost } from "./simulated-host";
import { serveWebPages } from "./web-host";

/** The user pages livejournal.com serves: what finger10's web backend reads. */
export const LIVEJOURNAL_PAGES: Readonly<Record<string, string>> = {
  "/~moshez": "Happy and well (from the web)",
};

/** Host name to what runs on it. */
export const PUBLIC_HOSTS: Readonly<Record<string, (host: SimulatedHost) => void>> = {
  "livejournal.com": (host) => {
    serveWebPages(host, { pages: LIVEJOURNAL_PAGES });
  },
};
