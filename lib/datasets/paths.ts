/**
 * Paths inside a folder or archive. Every entry name and every manifest path is reduced to one
 * canonical relative POSIX form, and anything that could point outside the source ("zip slip":
 * `../x`, `/etc/passwd`, `C:\x`) is refused, whatever the operating system.
 */
import { ImportError, type ImportErrorLocation } from "./errors";

/**
 * `./a\\b.png` -> `a/b.png`. Throws ImportError("path-escape") for absolute paths, drive letters,
 * `..` segments (even ones that would stay inside: yauzl and most unzip tools refuse them too) and
 * NUL characters.
 */
export function normalizeEntryPath(raw: string, where: ImportErrorLocation, what = "path"): string {
  const p = raw.trim().replace(/\\/g, "/");
  if (p.includes("\u0000")) {
    throw new ImportError("path-escape", `${what} "${raw}" contains a NUL character`, where);
  }
  if (p.startsWith("/") || /^[a-zA-Z]:/.test(p)) {
    throw new ImportError(
      "path-escape",
      `${what} "${raw}" is absolute: it would point outside the archive or folder`,
      where,
    );
  }
  const parts = p.split("/").filter((s) => s !== "" && s !== ".");
  if (parts.includes("..")) {
    throw new ImportError(
      "path-escape",
      `${what} "${raw}" contains "..": it would point outside the archive or folder`,
      where,
    );
  }
  return parts.join("/");
}

/** Folder entries and OS clutter that are never samples: macOS resource forks, Finder and Explorer files. */
export function isClutter(p: string): boolean {
  const parts = p.split("/");
  const base = parts[parts.length - 1] ?? "";
  return (
    parts[0] === "__MACOSX" ||
    base === ".DS_Store" ||
    base === "Thumbs.db" ||
    base === "desktop.ini" ||
    base.startsWith("._")
  );
}
