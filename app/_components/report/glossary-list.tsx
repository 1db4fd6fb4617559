import { GLOSSARY } from "@/lib/reports/glossary";
import { Section } from "./ui";

/** Every term once, for readers of the PDF (where tooltips do not exist). */
export function GlossarySection() {
  return (
    <Section id="glossary" title="Glossary">
      <dl className="grid gap-x-6 gap-y-2 text-sm md:grid-cols-2 print:grid-cols-2 print:text-xs">
        {Object.entries(GLOSSARY).map(([k, e]) => (
          <div key={k} className="avoid-break">
            <dt className="font-medium">{e.label}</dt>
            <dd className="text-muted">
              {e.explain}
              {e.source ? ` (${e.source})` : ""}
            </dd>
          </div>
        ))}
      </dl>
    </Section>
  );
}
