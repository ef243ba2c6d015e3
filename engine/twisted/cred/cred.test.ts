import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newSimulation } from "../../../test/support/simulation";
import type { HostedReactor } from "../../simulation/simulated-network";
import type { Deferred } from "../internet/defer";
import { FilePath } from "../python/filepath";
import type { Failure } from "../python/failure";
import { FilePasswordDB, InMemoryUsernamePasswordDatabaseDontUse } from "./checkers";
import { Anonymous, IUsernamePassword, UsernamePassword } from "./credentials";
import { UnauthorizedLogin, UnhandledCredentials } from "./error";
import { Portal } from "./portal";

describe("twisted.cred", () => {
  let reactor: HostedReactor;
  let restore: () => void;
  beforeEach(() => ({ reactor, restore } = newSimulation()));
  afterEach(() => restore());

  function outcome<T>(d: Deferred<T>): { value?: T; failure?: Failure } {
    let result: { value?: T; failure?: Failure } = {};
    d.addCallbacks(
      (value: T) => void (result = { value }),
      (failure: Failure) => void (result = { failure }),
    );
    reactor.advance(1);
    return result;
  }

  const realm = { requestAvatar: (avatarId: unknown, mind: unknown, ...interfaces: unknown[]) => [interfaces[0], { avatarId, mind }, () => {}] };

  it("a Portal gives the realm's avatar for good credentials and UnauthorizedLogin for bad ones", () => {
    const portal = new Portal(realm, [new InMemoryUsernamePasswordDatabaseDontUse({ moshez: "secret" })]);
    const good = outcome(portal.login(new UsernamePassword("moshez", "secret"), "mind", IUsernamePassword));
    expect(good.value).toEqual([IUsernamePassword, { avatarId: "moshez", mind: "mind" }, expect.any(Function)]);
    expect(outcome(portal.login(new UsernamePassword("moshez", "wrong"), null)).failure?.check(UnauthorizedLogin)).toBe(UnauthorizedLogin);
    expect(outcome(portal.login(new UsernamePassword("nobody", "secret"), null)).failure?.check(UnauthorizedLogin)).toBe(UnauthorizedLogin);
  });

  it("credentials no checker handles fail with UnhandledCredentials naming their interfaces", () => {
    const portal = new Portal(realm, [new InMemoryUsernamePasswordDatabaseDontUse({})]);
    const failure = outcome(portal.login(new Anonymous(), null)).failure!;
    expect(failure.check(UnhandledCredentials)).toBe(UnhandledCredentials);
    expect(failure.getErrorMessage()).toBe("No checker for twisted.cred.credentials.IAnonymous");
  });

  it("FilePasswordDB reads user:password lines from the host's filesystem at each login", () => {
    new FilePath("/etc/passwords").setContent("alice:1234\nbob:hunter2\n");
    const checker = new FilePasswordDB("/etc/passwords");
    const avatarId = outcome(checker.requestAvatarId(new UsernamePassword("bob", "hunter2")));
    expect(new TextDecoder().decode(avatarId.value as Uint8Array)).toBe("bob");
    expect(outcome(checker.requestAvatarId(new UsernamePassword("bob", "1234"))).failure?.check(UnauthorizedLogin)).toBeTruthy();
    new FilePath("/etc/passwords").setContent("bob:1234\n");
    expect(outcome(checker.requestAvatarId(new UsernamePassword("bob", "1234"))).value).toBeDefined();
    expect(outcome(new FilePasswordDB("/etc/missing").requestAvatarId(new UsernamePassword("bob", "1234"))).failure?.check(UnauthorizedLogin)).toBeTruthy();
  });
});
