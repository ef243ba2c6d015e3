/**
 * jelly's security policies: which types, modules and classes may be
 * unjellied (a taster), as twisted.spread.jelly's SecurityOptions.
 */
import { recordModule } from "../../zope/interface/repr";
import { qual } from "./jelly-types";

/** A policy for what may be unjellied (and which instances may be jellied with their state). */
export interface Taster {
  isModuleAllowed(moduleName: string): boolean;
  isClassAllowed(cls: Function): boolean;
  isTypeAllowed(typeName: string): boolean;
  /** The allowed class named `qualName`, for unjellying its instances. */
  classNamed?(qualName: string): Function | undefined;
}

/** Allows everything (jelly's default taster, as in Twisted: use SecurityOptions on a network). */
export class DummySecurityOptions implements Taster {
  isModuleAllowed(): boolean {
    return true;
  }
  isClassAllowed(): boolean {
    return true;
  }
  isTypeAllowed(): boolean {
    return true;
  }
}

/** A security policy that by default allows only the basic immutable types; allow more with its methods. */
export class SecurityOptions implements Taster {
  static readonly basicTypes = ["dictionary", "list", "tuple", "reference", "dereference", "unpersistable", "persistent", "long_int", "long", "dict"];
  readonly allowedTypes = new Set(["None", "bool", "boolean", "string", "str", "int", "float", "datetime", "time", "date", "timedelta", "NoneType", "unicode", "decimal", "set", "frozenset"]);
  readonly allowedModules = new Set<string>();
  readonly allowedClasses = new Set<Function>();

  /** Allows dicts, lists, tuples and back-references. */
  allowBasicTypes(): void {
    this.allowTypes(...SecurityOptions.basicTypes);
  }

  /** Allows types by name (or a class, by its qualified name). */
  allowTypes(...types: (string | Function)[]): void {
    for (const type of types) this.allowedTypes.add(typeof type === "string" ? type : qual(type));
  }

  /** Allows instances of these classes to be jellied with their state and unjellied by name. */
  allowInstancesOf(...classes: Function[]): void {
    this.allowBasicTypes();
    this.allowTypes("instance", "class", "classobj", "module");
    for (const cls of classes) {
      this.allowTypes(qual(cls));
      this.allowModules(qual(cls).slice(0, qual(cls).lastIndexOf(".")));
      this.allowedClasses.add(cls);
    }
  }

  /** Allows modules by name. */
  allowModules(...modules: string[]): void {
    for (const module of modules) this.allowedModules.add(module);
  }

  isModuleAllowed(moduleName: string): boolean {
    return this.allowedModules.has(moduleName);
  }

  isClassAllowed(cls: Function): boolean {
    return this.allowedClasses.has(cls);
  }

  /** True for an allowed type, and (as in Twisted) for any dotted name: those are checked by module and class. */
  isTypeAllowed(typeName: string): boolean {
    return this.allowedTypes.has(typeName) || typeName.includes(".");
  }

  classNamed(qualName: string): Function | undefined {
    for (const cls of this.allowedClasses) if (qual(cls) === qualName) return cls;
    return undefined;
  }
}
recordModule(SecurityOptions, "twisted.spread.jelly");

/** The policy PB uses by default: basic types, plus classes registered with setUnjellyableForClass. */
export const globalSecurity = new SecurityOptions();
globalSecurity.allowBasicTypes();
