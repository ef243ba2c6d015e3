/** PB checks a stage-7 lesson could use, for the tests of the PB check steps on both drivers (test/fixtures/pb-finger.ts and .py). */
import { ChecksFileSchema } from "../../../engine/checks/scenario";

export const pbChecks = ChecksFileSchema.parse({
  checks: [
    {
      id: "get-user",
      title: "getUser answers with the user's status, a str",
      scenario: [
        { pbCall: "moshez", port: 8889, method: "getUser", args: ["moshez"] },
        { expectPb: "moshez", result: "Happy and well" },
        { pbCall: "nobody", port: 8889, method: "getUser", args: ["nobody"] },
        { expectPb: "nobody", result: "No such user", state: "answered" },
      ],
    },
    {
      id: "values",
      title: "bytes, str, tuples and dicts come back as they went",
      scenario: [
        { pbCall: "echo", port: 8889, method: "echo", args: [[{ bytes: "raw" }, "text", { tuple: [1, 2.5] }, { k: null, t: true }]] },
        { expectPb: "echo", result: [{ bytes: "raw" }, "text", { tuple: [1, 2.5] }, { k: null, t: true }] },
        { pbCall: "users", port: 8889, method: "getUsers" },
        { expectPb: "users", result: ["moshez", "foo"] },
      ],
    },
    {
      id: "deferred",
      title: "a Deferred result arrives when it fires",
      scenario: [
        { pbCall: "slow", port: 8889, method: "slow", args: ["foo"] },
        { expectPb: "slow", state: "waiting", within: 0.5 },
        { expectPb: "slow", result: "Busy", within: 3 },
      ],
    },
    {
      id: "errors",
      title: "errors cross as Failures",
      scenario: [
        { pbCall: "missing", port: 8889, method: "nosuch" },
        { expectPb: "missing", error: "No such method: remote_nosuch", errorType: "twisted.spread.flavors.NoSuchMethod" },
        { pbCall: "refused", port: 8889, method: "refuse" },
        { expectPb: "refused", error: "not today", errorType: "twisted.spread.pb.Error" },
      ],
    },
    {
      id: "login",
      title: "a good password gets the avatar, a bad one UnauthorizedLogin",
      scenario: [
        { pbCall: "alice", port: 8890, method: "whoami", login: { username: "alice", password: "1234" } },
        { expectPb: "alice", result: "alice" },
        { pbCall: "mallory", port: 8890, method: "whoami", login: { username: "alice", password: "guess" } },
        { expectPb: "mallory", errorType: "UnauthorizedLogin", state: "failed" },
      ],
    },
  ],
}).checks;
