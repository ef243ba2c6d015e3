/** twisted.application: services, applications, and the listening services twistd runs. */
export * as service from "./service";
export * as strports from "./strports";
export * as internet from "./internet";
