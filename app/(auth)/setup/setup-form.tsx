"use client";

import { useActionState } from "react";
import { Field, FormError } from "../_components/field";
import { type AuthFormState, setupAction } from "../actions";

export function SetupForm({ minLength }: { minLength: number }) {
  const [state, action, pending] = useActionState<AuthFormState, FormData>(setupAction, {});
  const err = (f: string) => (state.field === f ? state.error : undefined);
  return (
    <form action={action} className="space-y-4">
      <Field name="email" label="Email" type="email" autoComplete="username" error={err("email")} />
      <Field name="name" label="Name" autoComplete="name" required={false} error={err("name")} />
      <Field
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        minLength={minLength}
        hint={`At least ${minLength} characters.`}
        error={err("password")}
      />
      <Field
        name="confirm"
        label="Password again"
        type="password"
        autoComplete="new-password"
        minLength={minLength}
        error={err("confirm")}
      />
      <FormError error={state.field ? undefined : state.error} />
      <button
        type="submit"
        disabled={pending}
        className="w-full rounded bg-accent px-3 py-2 text-sm font-medium text-white hover:bg-blue-800 disabled:opacity-60"
      >
        {pending ? "Creating…" : "Create the admin account"}
      </button>
    </form>
  );
}
