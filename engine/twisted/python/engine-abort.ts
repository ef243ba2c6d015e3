/**
 * An error that stops the simulation itself (e.g. a blocked reactor). The
 * reactor never logs or swallows one, and no Failure wraps one: it always
 * propagates to whoever drives the world, whatever the learner's code around
 * it does (an errback, a LoopingCall, a coiterate task, a try/catch).
 */
export class EngineAbort extends Error {}
