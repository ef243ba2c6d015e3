/**
 * twisted.application.service: services, the pieces a long-running program
 * is made of. A service can be started and stopped; a MultiService starts
 * its children in order and stops them in reverse. An Application is what
 * twistd runs: a MultiService with the user and group to run as.
 */
import { DeferredList, maybeDeferred } from "../internet/defer";
import { RuntimeError } from "../python/builtins";
import { Componentized } from "../python/components";
import { Attribute, Interface, classImplements, method, type InterfaceClass } from "../../zope/interface";


/** What every service does: start, stop, and belong to a collection. */
export interface IService {
  /** The service's name, for its parent's getServiceNamed; null if unnamed. */
  name: string | null;
  /** The collection the service belongs to, or null. */
  parent: IServiceCollection | null;
  /** True between startService and stopService. */
  running: boolean;
  /** Names the service. @throws RuntimeError once it has a parent. */
  setName(name: string): void;
  /** Adds the service to `parent`, an IServiceCollection or an object that adapts to one. */
  setServiceParent(parent: unknown): void;
  /** Leaves the parent. */
  disownServiceParent(): unknown;
  /** Called before privileges are dropped: bind privileged ports here. */
  privilegedStartService(): void;
  /** Starts the service. */
  startService(): void;
  /** Stops the service; may return a Deferred that fires once it has stopped. */
  stopService(): unknown;
}

/** A collection of services, started and stopped together. */
export interface IServiceCollection {
  /** The child called `name`. @throws KeyError if there is none. */
  getServiceNamed(name: string): IService;
  /** Adds a child. */
  addService(service: IService): void;
  /** Removes a child. */
  removeService(service: IService): unknown;
  [Symbol.iterator](): Iterator<IService>;
}

/** How the process should run: its name and the user and group to switch to. */
export interface IProcess {
  /** The process name ps shows, or null. */
  processName: string | null;
  /** The user id to switch to, or null. */
  uid: number | null;
  /** The group id to switch to, or null. */
  gid: number | null;
}

/** The interface of services. `IService(application)` is the application's top service. */
export const IService: InterfaceClass<IService> = Interface<IService>("twisted.application.service.IService", {
  name: new Attribute("A C{str} which is the name of the service or C{None}."),
  parent: new Attribute("An C{IServiceCollection}, or C{None}."),
  running: new Attribute("A C{boolean} which is set to C{True} when the service is running."),
  setName: method("name"),
  setServiceParent: method("parent"),
  disownServiceParent: method(),
  privilegedStartService: method(),
  startService: method(),
  stopService: method(),
});

/** The interface of service collections. `IServiceCollection(application)` is where services go. */
export const IServiceCollection: InterfaceClass<IServiceCollection> = Interface<IServiceCollection>("twisted.application.service.IServiceCollection", {
  getServiceNamed: method("name"),
  addService: method("service"),
  removeService: method("service"),
});

/** The interface of process settings. `IProcess(application).uid` is the user twistd switches to. */
export const IProcess: InterfaceClass<IProcess> = Interface<IProcess>("twisted.application.service.IProcess", {
  processName: new Attribute("A C{str} giving the name the process should have in ps (or C{None} to leave the name alone)."),
  uid: new Attribute("An C{int} giving the user id as which the process should run (or C{None} to leave the UID alone)."),
  gid: new Attribute("An C{int} giving the group id as which the process should run (or C{None} to leave the GID alone)."),
});

/** A service that does nothing but keep its books: subclass it and override startService and stopService. */
export class Service implements IService {
  name: string | null = null;
  parent: IServiceCollection | null = null;
  /** True between startService and stopService. */
  running = false;

  /** Names the service, so its parent can find it with getServiceNamed. @throws RuntimeError once it has a parent. */
  setName(name: string): void {
    if (this.parent !== null) throw new RuntimeError("cannot change name when parent exists");
    this.name = name;
  }

  /**
   * Adds the service to `parent` (an IServiceCollection, or an object that
   * adapts to one, such as an Application), leaving its old parent first.
   * @throws RuntimeError if the parent already has a service of the same name.
   */
  setServiceParent(parent: unknown): void {
    if (this.parent !== null) this.disownServiceParent();
    const collection = IServiceCollection(parent, parent as IServiceCollection);
    this.parent = collection;
    collection.addService(this);
  }

  /** Leaves the parent; returns what the parent's removeService returned (a Deferred while running). */
  disownServiceParent(): unknown {
    const result = this.parent?.removeService(this);
    this.parent = null;
    return result;
  }

  /** Called before privileges are dropped: bind privileged ports here. */
  privilegedStartService(): void {}

  /** Starts the service. */
  startService(): void {
    this.running = true;
  }

  /** Stops the service; may return a Deferred that fires once it has stopped. */
  stopService(): unknown {
    this.running = false;
    return undefined;
  }
}

/** A service made of services: starts its children in order, stops them in reverse. */
export class MultiService extends Service implements IServiceCollection {
  readonly services: IService[] = [];
  readonly namedServices: Record<string, IService> = {};

  override privilegedStartService(): void {
    super.privilegedStartService();
    for (const service of this) service.privilegedStartService();
  }

  override startService(): void {
    super.startService();
    for (const service of this) service.startService();
  }

  /** Stops every child, last first; the DeferredList fires when all of them have stopped. */
  override stopService(): DeferredList {
    super.stopService();
    const stopping = [...this.services].reverse().map((service) => maybeDeferred(() => service.stopService()));
    return new DeferredList(stopping);
  }

  /** The child called `name`. @throws Error (KeyError) if there is none. */
  getServiceNamed(name: string): IService {
    const found = this.namedServices[name];
    if (!found) throw Object.assign(new Error(`'${name}'`), { name: "KeyError" });
    return found;
  }

  [Symbol.iterator](): Iterator<IService> {
    return this.services[Symbol.iterator]();
  }

  /**
   * Adds a child (setServiceParent calls this). A collection that is already
   * running starts the new child at once.
   * @throws RuntimeError if a child already has the same name.
   */
  addService(service: IService): void {
    if (service.name !== null) {
      if (service.name in this.namedServices) throw new RuntimeError(`cannot have two services with same name '${service.name}'`);
      this.namedServices[service.name] = service;
    }
    this.services.push(service);
    if (this.running) {
      service.privilegedStartService();
      service.startService();
    }
  }

  /**
   * Removes a child (disownServiceParent calls this); a running collection
   * stops it and returns what its stopService returned.
   * @throws Error (ValueError) if it is not a child.
   */
  removeService(service: IService): unknown {
    const at = this.services.indexOf(service);
    if (at < 0) throw Object.assign(new Error("list.remove(x): x not in list"), { name: "ValueError" });
    if (service.name) delete this.namedServices[service.name];
    this.services.splice(at, 1);
    return this.running ? service.stopService() : undefined;
  }
}

/** Process settings: the user and group twistd switches to after binding ports (null: leave as is). */
export class Process implements IProcess {
  processName: string | null = null;

  constructor(
    public uid: number | null = null,
    public gid: number | null = null,
  ) {}
}

classImplements(Service, IService);
classImplements(MultiService, IServiceCollection);
classImplements(Process, IProcess);

/** Application's keyword arguments. */
export interface ApplicationOptions {
  readonly uid?: number | null;
  readonly gid?: number | null;
}

/**
 * Makes an application: an object that adapts to IService and
 * IServiceCollection (one MultiService, named `name`) and to IProcess (the
 * user and group to run as). Like Twisted's, it is a function, not a class:
 * `service.Application("finger", { uid: 1, gid: 1 })`; Twisted's positional
 * `Application("finger", 1, 1)` works too. Reach its parts through the
 * interfaces: `service.IServiceCollection(application)`.
 */
export function Application(name: string, options: ApplicationOptions | number | null = {}, gid: number | null = null): Componentized {
  const settings: ApplicationOptions = typeof options === "number" || options === null ? { uid: options, gid } : options;
  const application = new Componentized();
  const top = new MultiService();
  application.setComponent(IService, top);
  application.setComponent(IServiceCollection, top);
  application.setComponent(IProcess, new Process(settings.uid ?? null, settings.gid ?? null));
  top.setName(name);
  return application;
}

export { Componentized };
export { IServiceMaker, ServiceMaker } from "./service-maker";
