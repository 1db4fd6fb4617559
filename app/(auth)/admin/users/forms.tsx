"use client";

import { useActionState } from "react";
import type { Role } from "@/db/schema";
import { Field, FormError } from "../../_components/field";
import { type AuthFormState, createUserAction, deleteUserAction, setUserRoleAction } from "../../actions";

const ROLE_OPTIONS: Role[] = ["viewer", "reviewer", "editor", "admin"];

function Status({ state }: { state: AuthFormState }) {
  if (state.error) return <FormError error={state.error} />;
  if (state.message)
    return (
      <p role="status" className="text-sm text-green-800">
        {state.message}
      </p>
    );
  return null;
}

export function CreateUserForm({ minLength }: { minLength: number }) {
  const [state, action, pending] = useActionState<AuthFormState, FormData>(createUserAction, {});
  return (
    <form action={action} className="mt-3 space-y-3">
      <Field name="email" label="Email" type="email" autoComplete="off" />
      <Field name="name" label="Name" required={false} autoComplete="off" />
      <Field
        name="password"
        label="Initial password"
        type="password"
        autoComplete="new-password"
        minLength={minLength}
        hint={`At least ${minLength} characters; give it to the person over a separate channel.`}
      />
      <div>
        <label htmlFor="f-role" className="block text-sm font-medium text-ink">
          Role
        </label>
        <select
          id="f-role"
          name="role"
          defaultValue="viewer"
          className="mt-1 rounded border border-slate-300 px-2 py-1.5 text-sm"
        >
          {ROLE_OPTIONS.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
      </div>
      <Status state={state} />
      <button
        type="submit"
        disabled={pending}
        className="rounded bg-accent px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-800 disabled:opacity-60"
      >
        Create account
      </button>
    </form>
  );
}

export function RoleForm({ userId, email, role }: { userId: string; email: string; role: Role }) {
  const [state, action, pending] = useActionState<AuthFormState, FormData>(setUserRoleAction, {});
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="userId" value={userId} />
      <label className="sr-only" htmlFor={`role-${userId}`}>
        Role of {email}
      </label>
      <select
        id={`role-${userId}`}
        name="role"
        defaultValue={role}
        className="rounded border border-slate-300 px-2 py-1 text-sm"
      >
        {ROLE_OPTIONS.map((r) => (
          <option key={r}>{r}</option>
        ))}
      </select>
      <button type="submit" disabled={pending} className="text-accent underline disabled:opacity-60">
        Save
      </button>
      <Status state={state} />
    </form>
  );
}

export function DeleteUserForm({ userId, email }: { userId: string; email: string }) {
  const [state, action, pending] = useActionState<AuthFormState, FormData>(deleteUserAction, {});
  return (
    <form action={action}>
      <input type="hidden" name="userId" value={userId} />
      <button type="submit" disabled={pending} className="text-high underline disabled:opacity-60">
        Delete<span className="sr-only"> {email}</span>
      </button>
      <Status state={state} />
    </form>
  );
}
