"use client";

import { useState, type FormEvent } from "react";
import useSWR from "swr";
import { sendJson } from "./send-json";
import { apiFetch, apiUrl } from "@/lib/client/api";

type Role = "viewer" | "operator" | "admin";
export interface AdminUser {
  id: number;
  name: string;
  role: Role;
  hosts: string[] | null;
  disabled: boolean;
}

const ROLES: Role[] = ["viewer", "operator", "admin"];
const fetchUsers = async (url: string) =>
  ((await (await apiFetch(url)).json()) as { users: AdminUser[] }).users;
const parseHosts = (text: string) =>
  text.trim()
    ? text
        .split(",")
        .map((h) => h.trim())
        .filter(Boolean)
    : null;

/** The JSON change a row's button asks for (the same fields its form post sends). */
function rowChange(intent: string, f: FormData): Record<string, unknown> {
  if (intent === "disable" || intent === "enable") return { disabled: intent === "disable" };
  if (intent === "password") return { password: String(f.get("password") ?? "") };
  return { role: f.get("role"), hosts: parseHosts(String(f.get("hosts") ?? "")) };
}

/**
 * Users: create, change role and hosts, disable, set a password. Every change is audited. Each
 * row and the create form are real POST forms: without script the browser posts them and the
 * page comes back with the outcome; with script they are sent as JSON and the table refreshed.
 */
export function UsersPanel({
  self,
  initialUsers,
  flash,
}: {
  self: string;
  initialUsers: AdminUser[];
  flash?: string;
}) {
  const { data: users, mutate } = useSWR("/api/admin/users", fetchUsers, {
    fallbackData: initialUsers,
  });
  const [message, setMessage] = useState(flash ?? "");
  const change = async (e: FormEvent<HTMLFormElement>, u: AdminUser) => {
    e.preventDefault();
    const form = e.currentTarget;
    const submitter = (e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const error = await sendJson(
      `/api/admin/users/${u.id}`,
      "PUT",
      rowChange(submitter?.value ?? "save", new FormData(form)),
    );
    setMessage(error ?? `${u.name} changed; their sessions ended`);
    const password = form.elements.namedItem("password");
    if (!error && password instanceof HTMLInputElement) password.value = "";
    await mutate();
  };
  const create = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const body = {
      name: f.get("name"),
      role: f.get("role"),
      password: f.get("password"),
      hosts: parseHosts(String(f.get("hosts") ?? "")),
    };
    const error = await sendJson("/api/admin/users", "POST", body);
    setMessage(error ?? `${String(body.name)} created`);
    if (!error) form.reset();
    await mutate();
  };
  return (
    <section className="flex flex-col gap-2">
      <h2 className="font-semibold">Users</h2>
      <div className="max-w-full overflow-x-auto">
        <table className="w-fit text-left">
          <thead>
            <tr className="text-zinc-500">
              <th className="pr-4">Name</th>
              <th className="pr-4">Role</th>
              <th className="pr-4">Hosts</th>
              <th className="pr-4">Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(users ?? []).map((u) => (
              <UserRow
                key={`${u.id}:${u.role}:${u.hosts?.join(",") ?? ""}:${u.disabled}`}
                user={u}
                self={self}
                onSubmit={(e) => void change(e, u)}
              />
            ))}
          </tbody>
        </table>
      </div>
      <form
        method="post"
        action={apiUrl("/api/admin/users")}
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => void create(e)}
      >
        <input
          name="name"
          required
          placeholder="name"
          aria-label="New user name"
          className="rounded border px-1 dark:bg-zinc-900"
        />
        <select name="role" aria-label="New user role" defaultValue="viewer">
          {ROLES.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
        <input
          name="hosts"
          placeholder="hosts (empty: all)"
          aria-label="New user hosts"
          className="rounded border px-1 dark:bg-zinc-900"
        />
        <input
          name="password"
          type="password"
          autoComplete="new-password"
          required
          placeholder="password"
          aria-label="New user password"
          className="rounded border px-1 dark:bg-zinc-900"
        />
        <button
          type="submit"
          className="rounded bg-zinc-900 px-2 py-1 text-white dark:bg-zinc-100 dark:text-zinc-900"
        >
          Create user
        </button>
      </form>
      {message && <p role="status">{message}</p>}
    </section>
  );
}

/** One user; its fields belong to the form in the last cell (a form cannot wrap a table row). */
function UserRow({
  user: u,
  self,
  onSubmit,
}: {
  user: AdminUser;
  self: string;
  onSubmit: (e: FormEvent<HTMLFormElement>) => void;
}) {
  const formId = `user-${u.id}`;
  return (
    <tr>
      <td className="pr-4">{u.name}</td>
      <td className="pr-4">
        <select form={formId} name="role" aria-label={`Role of ${u.name}`} defaultValue={u.role}>
          {ROLES.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
      </td>
      <td className="pr-4">
        <input
          form={formId}
          name="hosts"
          aria-label={`Hosts of ${u.name}`}
          defaultValue={u.hosts?.join(", ") ?? ""}
          placeholder="all hosts"
          className="rounded border px-1 dark:bg-zinc-900"
        />
      </td>
      <td className="pr-4">{u.disabled ? "disabled" : "active"}</td>
      <td>
        <form
          id={formId}
          method="post"
          action={apiUrl(`/api/admin/users/${u.id}`)}
          className="flex flex-wrap items-center gap-2"
          onSubmit={onSubmit}
        >
          <button type="submit" name="intent" value="save" className="underline">
            Save
          </button>
          {u.name !== self && (
            <button
              type="submit"
              name="intent"
              value={u.disabled ? "enable" : "disable"}
              className="underline"
            >
              {u.disabled ? "Enable" : "Disable"}
            </button>
          )}
          <input
            name="password"
            type="password"
            autoComplete="new-password"
            placeholder="new password"
            aria-label={`New password for ${u.name}`}
            className="w-32 rounded border px-1 dark:bg-zinc-900"
          />
          <button type="submit" name="intent" value="password" className="underline">
            Set password
          </button>
        </form>
      </td>
    </tr>
  );
}
