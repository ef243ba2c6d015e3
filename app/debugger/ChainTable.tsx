/**
 * A callback chain as a table: what a screen reader reads, and what the
 * chain view's "Table" button shows instead of the drawing.
 */
import type { DeferredView } from "../../engine";
import { deferredName, endText, halfText, linkText, shownName } from "./chain-text";

export default function ChainTable({ chain, visible, sourceLines }: { chain: DeferredView; visible: boolean; sourceLines?: readonly string[] }) {
  return (
    <table className={visible ? "chain-table" : "visually-hidden"} aria-label={`Callback chain of ${deferredName(chain)}`}>
      <thead>
        <tr>
          <th scope="col">Step</th>
          <th scope="col">Callback</th>
          <th scope="col">Errback</th>
          <th scope="col">What happened</th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <th scope="row">Fired</th>
          <td>—</td>
          <td>—</td>
          <td>
            {chain.fired
              ? `${chain.fired.side}(${chain.fired.value})${chain.fired.line !== null ? ` on line ${chain.fired.line}` : ""}: enters the ${chain.fired.side} side`
              : "not fired yet"}
          </td>
        </tr>
        {chain.links.map((link) => (
          <tr key={`${link.position}-${link.addedIndex}`} aria-current={chain.activeLink === link.position ? "step" : undefined}>
            <th scope="row">#{link.position}</th>
            <td>{link.kind === "pair" ? halfText(shownName(link.callback, link, "callback", sourceLines), link.line) : "—"}</td>
            <td>{link.kind === "pair" ? halfText(shownName(link.errback, link, "errback", sourceLines), link.line) : "—"}</td>
            <td>{linkText(link, sourceLines)}</td>
          </tr>
        ))}
        <tr>
          <th scope="row">End</th>
          <td>—</td>
          <td>—</td>
          <td>{endText(chain)}</td>
        </tr>
      </tbody>
    </table>
  );
}
