// simple-finger: a deployment written as a few choices, built by the library's makeService.
import { service } from "twisted/application";
import * as finger from "./finger/finger";

const options: finger.FingerConfig = {
  file: "/etc/users",
  ircnick: "fingerbot",
  ircserver: "irc.freenode.net",
  pbport: 8889,
  ssl: false,
};

export const application = service.Application("finger", { uid: 1, gid: 1 });
// Build the services from the options with finger.makeService, and give them to the application.
