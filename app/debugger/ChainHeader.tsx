/**
 * The top of the callback-chain view: the Deferred's name and status, where it
 * was created, what it waits for, the DeferredLists it feeds and, for a
 * DeferredList, the members it fans in.
 */
import { formatTime, type DeferredView } from "../../engine";
import { deferredName, STATUS_TEXT } from "./chain-text";

export default function ChainHeader({ chain, related, onPick, onMove }: { chain: DeferredView; related: Map<number, DeferredView>; onPick: (id: number) => void; onMove: (index: number) => void }) {
  return (
    <header className="chain-header">
      <div className="chain-facts">
        <h3 className="chain-title">{deferredName(chain)}</h3>
        <span className={`status-badge status-${chain.status}`}>{STATUS_TEXT[chain.status]}</span>
        <button type="button" className="link-button" onClick={() => onMove(chain.createdIndex)} title="Move to the step that created it">
          created at {formatTime(chain.createdTime)}
        </button>
        {chain.paused > 0 && <span className="chain-fact">‖ pause count {chain.paused}</span>}
        {chain.cancelled && (
          <span className="chain-fact chain-fact-bad">
            ⊘ cancelled{chain.cancelled.line !== null ? ` on line ${chain.cancelled.line}` : ""}
          </span>
        )}
        {chain.waitingOn !== null && (
          <span className="chain-fact">
            ‖ waits for{" "}
            <button type="button" className="link-button" onClick={() => onPick(chain.waitingOn!)}>
              Deferred #{chain.waitingOn}
            </button>
          </span>
        )}
        {chain.memberOf.map((m) => (
          <span className="chain-fact" key={m.list}>
            feeds{" "}
            <button type="button" className="link-button" onClick={() => onPick(m.list)}>
              DeferredList #{m.list}
            </button>{" "}
            slot {m.slot}
          </span>
        ))}
      </div>
      {chain.members.length > 0 && (
        <div className="fan-in" aria-label="Waits for">
          <span className="fan-in-label">Waits for</span>
          <ol>
            {chain.members.map((m) => (
              <li key={m.slot} className={m.result ? (m.result.failure ? "member-failed" : "member-ok") : "member-pending"}>
                <button type="button" className="member-button" onClick={() => onPick(m.id)}>
                  <span className="member-slot">[{m.slot}]</span> #{m.id}{" "}
                  {m.result ? (m.result.failure ? `✗ ${m.result.value}` : `✓ ${m.result.value}`) : `… ${related.get(m.id) ? STATUS_TEXT[related.get(m.id)!.status] : "waiting"}`}
                </button>
              </li>
            ))}
          </ol>
          <span className="fan-in-arrow" aria-hidden="true">
            ↓ fan-in
          </span>
        </div>
      )}
    </header>
  );
}
