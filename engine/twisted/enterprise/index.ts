/** twisted.enterprise: asynchronous access to DB-API databases (adbapi). */
export * as adbapi from "./adbapi";
