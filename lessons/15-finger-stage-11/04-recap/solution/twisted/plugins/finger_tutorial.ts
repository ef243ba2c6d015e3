// twisted/plugins/finger_tutorial.ts: tells twistd about the finger service, so `twistd finger --file=/etc/users` runs it.
import { ServiceMaker } from "twisted/application/service";

export const finger = new ServiceMaker("finger", "finger/tap", "Run a finger service", "finger");
