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

const ser = finger.makeService(options);
export const application = service.Application("finger", { uid: 1, gid: 1 });
ser.setServiceParent(service.IServiceCollection(application));
