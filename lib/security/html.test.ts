import { describe, expect, it } from "vitest";
import { escapeHtml, html } from "./html";

describe("escapeHtml", () => {
  it("replaces the five characters that can leave a text node or a quoted attribute", () => {
    expect(escapeHtml(`<img src=x onerror="alert('1')">&`)).toBe(
      "&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;",
    );
    expect(escapeHtml(null)).toBe("");
    expect(escapeHtml(42)).toBe("42");
  });
  it("escapes every interpolation of the html tag and nothing of the template", () => {
    const name = "<script>alert(1)</script>";
    expect(html`<td title="${name}">${name}</td>`).toBe(
      '<td title="&lt;script&gt;alert(1)&lt;/script&gt;">&lt;script&gt;alert(1)&lt;/script&gt;</td>',
    );
  });
});
