/** Minimal `--flag value` / `--switch` parsing shared by the CLI commands. */
export interface ParsedArgs {
  get(name: string): string | undefined;
  require(name: string): string;
  has(name: string): boolean;
  number(name: string, fallback: number): number;
  list(name: string): string[];
}

export function parseArgs(argv: string[], switches: string[] = []): ParsedArgs {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith("--")) throw new Error(`unexpected argument '${a}'`);
    const eq = a.indexOf("=");
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (eq > 0) values.set(name, a.slice(eq + 1));
    else if (switches.includes(name)) flags.add(name);
    else {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith("--")) throw new Error(`--${name} needs a value`);
      values.set(name, v);
      i++;
    }
  }
  return {
    get: (n) => values.get(n),
    require: (n) => {
      const v = values.get(n);
      if (v === undefined) throw new Error(`--${n} is required`);
      return v;
    },
    has: (n) => flags.has(n) || values.has(n),
    number: (n, fallback) => {
      const v = values.get(n);
      if (v === undefined) return fallback;
      const x = Number(v);
      if (!Number.isFinite(x)) throw new Error(`--${n} must be a number, got '${v}'`);
      return x;
    },
    list: (n) =>
      (values.get(n) ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
  };
}
