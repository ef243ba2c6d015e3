// organized-finger.tac with the tutorial's bug fixed: the code lives in the finger library; this file only deploys it.
import { internet, service, strports } from "twisted/application";
import { endpoints, reactor } from "twisted/internet";
import { pb } from "twisted/spread";
import { resource, server } from "twisted/web";
import * as finger from "./finger/finger";

export const application = service.Application("finger", { uid: 1, gid: 1 });
const f = new finger.FingerService("/etc/users");
const serviceCollection = service.IServiceCollection(application);
// The FingerService is a service too: without a parent nobody starts it, and it never reads /etc/users.
f.setServiceParent(serviceCollection);
strports.service("tcp:79", finger.IFingerFactory(f)).setServiceParent(serviceCollection);

const site = new server.Site(resource.IResource(f));
strports.service("tcp:8000", site).setServiceParent(serviceCollection);
strports.service("ssl:port=443:certKey=cert.pem:privateKey=key.pem", site).setServiceParent(serviceCollection);

const i = finger.IIRCClientFactory(f);
i.nickname = "fingerbot";
new internet.ClientService(endpoints.clientFromString(reactor, "tcp:irc.freenode.org:6667"), i).setServiceParent(serviceCollection);

strports.service("tcp:8889", new pb.PBServerFactory(finger.IPerspectiveFinger(f))).setServiceParent(serviceCollection);
