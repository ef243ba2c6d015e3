/** twisted.cred.error: why a login failed. */
import { TwistedError } from "../python/exceptions";
import { recordModule } from "../../zope/interface/repr";

/** Access was denied. */
export class Unauthorized extends TwistedError {}

/** A login did not give an avatar. */
export class LoginFailed extends TwistedError {}

/** The credentials were wrong (an unknown user, a bad password). */
export class UnauthorizedLogin extends LoginFailed {}

/** The portal has no checker for this kind of credentials. */
export class UnhandledCredentials extends LoginFailed {}

/** The realm refused to give an avatar for these (valid) credentials. */
export class LoginDenied extends LoginFailed {}

for (const cls of [Unauthorized, LoginFailed, UnauthorizedLogin, UnhandledCredentials, LoginDenied]) recordModule(cls, "twisted.cred.error");
