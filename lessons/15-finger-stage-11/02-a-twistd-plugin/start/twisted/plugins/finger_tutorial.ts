// twisted/plugins/finger_tutorial.ts: tells twistd about the finger service, so `twistd finger --file=/etc/users` runs it.
import { ServiceMaker } from "twisted/application/service";

// twistd collects every object exported here that provides IServiceMaker: export one for the finger service.
