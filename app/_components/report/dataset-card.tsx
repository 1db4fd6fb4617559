import type { DatasetCard } from "@/lib/bias";
import { Empty, Section } from "./ui";

/** What is documented about the model's own training data: cited facts and skews, and what is not known. */
export function DatasetCardView({ card }: { card: DatasetCard }) {
  const refs = new Map(card.references.map((r) => [r.id, r]));
  const cite = (ids: string[]) =>
    ids.map((id) => `[${card.references.findIndex((r) => r.id === id) + 1}]`).join("");
  return (
    <div className="text-sm">
      <h3 className="font-semibold">
        {card.name}
        {card.synthetic && <span className="ml-2 text-xs font-normal text-muted">(synthetic)</span>}
      </h3>
      <p className="mt-1">{card.summary}</p>
      {card.composition.length > 0 && (
        <>
          <h4 className="mt-3 text-xs font-semibold uppercase text-muted">Composition</h4>
          <ul className="mt-1 list-disc space-y-1 pl-5">
            {card.composition.map((f) => (
              <li key={f.fact}>
                {f.fact} <sup className="text-muted">{cite(f.references)}</sup>
              </li>
            ))}
          </ul>
        </>
      )}
      <h4 className="mt-3 text-xs font-semibold uppercase text-muted">Documented skews</h4>
      {card.skews.length === 0 ? (
        <p className="text-muted">None documented.</p>
      ) : (
        <ul className="mt-1 list-disc space-y-1 pl-5">
          {card.skews.map((s) => (
            <li key={s.finding}>
              <b>{s.attribute}</b>
              {s.concernsPeople ? " (about people)" : ""}: {s.finding}
              {s.attributeSource ? ` Attribute source: ${s.attributeSource}.` : ""}{" "}
              <sup className="text-muted">{cite(s.references)}</sup>
            </li>
          ))}
        </ul>
      )}
      {card.notDocumented.length > 0 && (
        <>
          <h4 className="mt-3 text-xs font-semibold uppercase text-muted">Not documented</h4>
          <ul className="mt-1 list-disc space-y-1 pl-5 text-muted">
            {card.notDocumented.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </>
      )}
      <h4 className="mt-3 text-xs font-semibold uppercase text-muted">References</h4>
      <ol className="mt-1 list-decimal space-y-1 pl-5 text-xs">
        {[...refs.values()].map((r) => (
          <li key={r.id}>
            {r.citation}
            {r.url ? <span className="break-all text-muted"> — {r.url}</span> : null}
          </li>
        ))}
      </ol>
    </div>
  );
}

export function DatasetCardSection({ cards, sourceName }: { cards: DatasetCard[]; sourceName: string }) {
  return (
    <Section
      id="card"
      title="What is known about the model’s training data"
      intro={`The model learned from ${sourceName}. Its documented skews come with it, whatever your data looks like.`}
    >
      {cards.length === 0 ? (
        <Empty>
          No dataset card is on file for the model’s source dataset: its skews are undocumented here.
        </Empty>
      ) : (
        cards.map((c) => <DatasetCardView key={c.id} card={c} />)
      )}
    </Section>
  );
}
