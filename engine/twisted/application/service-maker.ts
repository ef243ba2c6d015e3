/**
 * IServiceMaker and ServiceMaker (twisted.application.service re-exports
 * them): what a twistd plugin provides. A ServiceMaker names the module
 * that holds the plugin's `Options` and `makeService`, and loads it only
 * when twistd needs them, so `twistd --help` lists every plugin without
 * importing any of their code.
 */
import { IPlugin } from "../plugin";
import type { Options } from "../python/usage";
import { namedAny } from "../python/reflect";
import { Attribute, Interface, classImplements, method, type InterfaceClass } from "../../zope/interface";
import type { IService } from "./service";

/** An object that makes a service from command-line options: a twistd sub-command. */
export interface IServiceMaker {
  /** The sub-command's name: `twistd finger`. */
  readonly tapname: string;
  /** One line for `twistd --help`. */
  readonly description: string;
  /** The usage.Options subclass for the sub-command's options. */
  readonly options: new () => Options;
  /** Makes the service from the parsed options. */
  makeService(options: Options): IService;
}

/** The interface of service makers, as getPlugins(IServiceMaker) finds them. */
export const IServiceMaker: InterfaceClass<IServiceMaker> = Interface<IServiceMaker>("twisted.application.service.IServiceMaker", {
  tapname: new Attribute("A short string naming this Twisted plugin, for example 'web' or 'pencil'. This name will be used as the subcommand of 'twistd'."),
  description: new Attribute("A brief summary of the features provided by this Twisted application plugin."),
  options: new Attribute("A C{twisted.python.usage.Options} subclass defining the configuration options for this application."),
  makeService: method("options"),
});

/**
 * A plugin that makes a service from the module named `module`:
 * `new ServiceMaker("finger", "finger/tap", "Run a finger service", "finger")`.
 * The module must export `Options` and `makeService`; it is loaded when
 * either is first asked for.
 */
export class ServiceMaker implements IServiceMaker {
  constructor(
    readonly name: string,
    readonly module: string,
    readonly description: string,
    readonly tapname: string,
  ) {}

  /** The module's Options. @throws Error when the module fails to load or has none */
  get options(): new () => Options {
    return namedAny(`${this.module.replace(/\//g, ".")}.Options`) as new () => Options;
  }

  /** The module's makeService. @throws Error when the module fails to load or has none */
  get makeService(): (options: Options) => IService {
    return namedAny(`${this.module.replace(/\//g, ".")}.makeService`) as (options: Options) => IService;
  }
}

classImplements(ServiceMaker, IPlugin, IServiceMaker);
