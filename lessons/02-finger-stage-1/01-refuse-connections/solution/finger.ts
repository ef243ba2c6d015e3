// A finger server that refuses connections.
import { reactor } from "twisted/internet";

reactor.run();
