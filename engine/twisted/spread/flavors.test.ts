import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newSimulation } from "../../../test/support/simulation";
import type { HostedReactor } from "../../simulation/simulated-network";
import type { Deferred } from "../internet/defer";
import type { Failure } from "../python/failure";
import { InMemoryUsernamePasswordDatabaseDontUse } from "../cred/checkers";
import { UsernamePassword } from "../cred/credentials";
import { Portal } from "../cred/portal";
import * as pb from "./pb";

class UserInfo extends pb.Copyable {
  constructor(
    readonly name: string,
    readonly status: string,
  ) {
    super();
  }
}

class RemoteUserInfo extends pb.RemoteCopy {
  declare name: string;
  declare status: string;
  describe(): string {
    return `${this.name}: ${this.status}`;
  }
}

class Scoreboard extends pb.Cacheable {
  score = 0;
  readonly observers: pb.RemoteCacheObserver[] = [];
  override getStateToCacheAndObserveFor(_perspective: unknown, observer: pb.RemoteCacheObserver): unknown {
    this.observers.push(observer);
    return { score: this.score };
  }
  setScore(score: number): void {
    this.score = score;
    for (const observer of this.observers) observer.callRemote("setScore", score);
  }
}

class RemoteScoreboard extends pb.RemoteCache {
  declare score: number;
  observe_setScore(score: number): void {
    this.score = score;
  }
}

class Board extends pb.Viewable {
  view_whoami(perspective: Player): string {
    return perspective.name;
  }
}

class Player extends pb.Avatar {
  constructor(
    readonly name: string,
    private readonly board: Board,
  ) {
    super();
  }
  perspective_board(): Board {
    return this.board;
  }
}

const scoreboard = new Scoreboard();

class Root extends pb.Root {
  remote_info(): UserInfo {
    return new UserInfo("moshez", "Happy and well");
  }
  remote_scoreboard(): Scoreboard {
    return scoreboard;
  }
}

pb.setUnjellyableForClass(UserInfo, RemoteUserInfo);
pb.setUnjellyableForClass(Scoreboard, RemoteScoreboard);

describe("Copyable, Cacheable and Viewable", () => {
  let reactor: HostedReactor;
  let restore: () => void;
  beforeEach(() => ({ reactor, restore } = newSimulation()));
  afterEach(() => restore());

  function settle<T>(d: Deferred<T>): T {
    let outcome: { value?: T; failure?: Failure } | null = null;
    d.addCallbacks(
      (value: T) => void (outcome = { value }),
      (failure: Failure) => void (outcome = { failure }),
    );
    reactor.advance(10);
    const done = outcome as { value?: T; failure?: Failure } | null;
    if (!done) throw new Error("the Deferred never fired");
    if (done.failure) throw new Error(String(done.failure));
    return done.value!;
  }

  function rootAt(root: unknown, port = 8789): pb.RemoteReference {
    reactor.listenTCP(port, new pb.PBServerFactory(root));
    const factory = new pb.PBClientFactory();
    reactor.connectTCP("127.0.0.1", port, factory);
    return settle(factory.getRootObject());
  }

  it("a Copyable arrives as the RemoteCopy registered for its type name, with its state", () => {
    const root = rootAt(new Root());
    const info = settle(root.callRemote("info")) as RemoteUserInfo;
    expect(info).toBeInstanceOf(RemoteUserInfo);
    expect(info.describe()).toBe("moshez: Happy and well");
  });

  it("a Cacheable arrives once, and its updates reach the copy's observe_ methods", () => {
    const root = rootAt(new Root());
    const copy = settle(root.callRemote("scoreboard")) as RemoteScoreboard;
    expect(copy).toBeInstanceOf(RemoteScoreboard);
    expect(copy.score).toBe(0);
    scoreboard.setScore(7);
    reactor.advance(1);
    expect(copy.score).toBe(7);
    expect(settle(root.callRemote("scoreboard"))).toBe(copy);
  });

  it("a Viewable's view_ methods learn which perspective called", () => {
    const board = new Board();
    const realm = { requestAvatar: (id: Uint8Array) => [pb.IPerspective, new Player(new TextDecoder().decode(id), board), () => {}] };
    const checker = new InMemoryUsernamePasswordDatabaseDontUse({ alice: "1", bob: "2" });
    reactor.listenTCP(8790, new pb.PBServerFactory(new Portal(realm, [checker])));
    const names = [["alice", "1"], ["bob", "2"]].map(([user, password]) => {
      const factory = new pb.PBClientFactory();
      reactor.connectTCP("127.0.0.1", 8790, factory);
      const avatar = settle(factory.login(new UsernamePassword(user!, password!)));
      const view = settle(avatar.callRemote("board")) as pb.RemoteReference;
      return settle(view.callRemote("whoami"));
    });
    expect(names).toEqual(["alice", "bob"]);
  });
});
