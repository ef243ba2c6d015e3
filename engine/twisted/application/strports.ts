/**
 * twisted.application.strports: a listening service from an endpoint
 * description. `strports.service("tcp:79", factory)` is the service twistd
 * starts and stops with the application.
 */
import { serverFromString, type IReactorTCP } from "../internet/endpoints";
import { installedReactor } from "../internet/installed";
import type { Factory } from "../internet/protocol";
import { StreamServerEndpointService } from "./internet";

/**
 * A service that listens on `description` (as endpoints.serverFromString
 * reads it: "tcp:79", "tcp:1079:interface=127.0.0.1") with `factory` while it
 * runs. If the port cannot be bound when the service starts, starting fails
 * at once (twistd reports it and does not start).
 * `factory` may be typed by a learner's own interface, as an adapter returns
 * it (`strports.service("tcp:79", IFingerFactory(f))`): like Twisted, only
 * its methods matter, and it must be a protocol factory at run time.
 * @throws Error (ValueError) for a description serverFromString cannot read.
 */
export function service(
  description: string,
  factory: Factory | { buildProtocol(addr: any): unknown },
  reactor?: IReactorTCP | null,
): StreamServerEndpointService {
  const endpoint = serverFromString(reactor ?? (installedReactor() as unknown as IReactorTCP), description);
  const svc = new StreamServerEndpointService(endpoint, factory as Factory);
  svc._raiseSynchronously = true;
  return svc;
}
