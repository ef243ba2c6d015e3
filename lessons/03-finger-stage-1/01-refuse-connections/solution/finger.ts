// Stage 1, step 1: a finger server that refuses connections.
import { reactor } from "twisted/internet";

reactor.run();
