// Predict the order in which this program records the letters A to G.
import { defer } from "twisted/internet";

// Your prediction: the seven letters, in the order they will be recorded.
const predicted: string[] = [];

const happened: string[] = [];
const details: string[] = [];

function record(letter: string, what: string) {
  happened.push(letter);
  details.push(`  ${letter}: ${what}`);
}

const d = new defer.Deferred<string>();
record("A", "created the Deferred");

d.addCallback((name) => {
  record("B", `first callback got "${name}"`);
  return name.toUpperCase();
});
d.addCallback(
  (name, punctuation) => {
    record("C", `second callback got "${name}" and "${punctuation}"`);
    return `${name} is happy${punctuation}`;
  },
  "!",
);
record("D", "added two callbacks");

d.callback("alice");
record("E", "d.callback() returned");

d.addCallback((text) => {
  record("F", `a callback added after firing got "${text}"`);
  return text;
});
record("G", "reached the end of the program");

console.log(`You predicted: ${predicted.length ? predicted.join(" ") : "(nothing yet)"}`);
console.log(`It happened:   ${happened.join(" ")}`);
if (predicted.join() === happened.join()) {
  console.log("Your prediction is right.");
} else {
  console.log("Not yet. Read the details below, then try again.");
}
console.log("What each letter was:");
for (const line of details) console.log(line);
