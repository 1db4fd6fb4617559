/** A labelled input with its error, for the auth forms. */
export function Field({
  name,
  label,
  type = "text",
  autoComplete,
  error,
  hint,
  required = true,
  minLength,
}: {
  name: string;
  label: string;
  type?: string;
  autoComplete?: string;
  error?: string | undefined;
  hint?: string;
  required?: boolean;
  minLength?: number;
}) {
  const id = `f-${name}`;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-ink">
        {label}
      </label>
      <input
        id={id}
        name={name}
        type={type}
        autoComplete={autoComplete}
        required={required}
        minLength={minLength}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
        className="mt-1 w-full rounded border border-slate-300 px-3 py-2 text-sm"
      />
      {hint && !error && (
        <p id={`${id}-hint`} className="mt-1 text-xs text-muted">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="mt-1 text-sm text-high">
          {error}
        </p>
      )}
    </div>
  );
}

export function FormError({ error }: { error?: string | undefined }) {
  if (!error) return null;
  return (
    <p role="alert" className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-900">
      {error}
    </p>
  );
}
