"use client";

import { useState, type FormEvent } from "react";
import useSWR from "swr";
import { sendJson } from "./send-json";

type Role = "viewer" | "operator" | "admin";
interface AdminUser {
  id: number;
  name: string;
  role: Role;
  hosts: string[] | null;
  disabled: boolean;
}

const ROLES: Role[] = ["viewer", "operator", "admin"];
const fetchUsers = async (url: string) => ((await (await fetch(url)).json()) as { users: AdminUser[] }).users;
const parseHosts = (text: string) => (text.trim() ? text.split(",").map((h) => h.trim()).filter(Boolean) : null);

/** Users: create, change role and hosts, disable, reset a password. Every change is audited. */
export function UsersPanel({ self }: { self: string }) {
  const { data: users, mutate } = useSWR("/api/admin/users", fetchUsers);
  const [message, setMessage] = useState("");
  const change = async (u: AdminUser, body: Record<string, unknown>) => {
    const error = await sendJson(`/api/admin/users/${u.id}`, "PUT", body);
    setMessage(error ?? `${u.name} changed; their sessions ended`);
    await mutate();
  };
  const create = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const body = { name: f.get("name"), role: f.get("role"), password: f.get("password"), hosts: parseHosts(String(f.get("hosts") ?? "")) };
    const error = await sendJson("/api/admin/users", "POST", body);
    setMessage(error ?? `${String(body.name)} created`);
    if (!error) form.reset();
    await mutate();
  };
  const resetPassword = (u: AdminUser) => {
    const password = window.prompt(`New password for ${u.name} (at least 12 characters)`);
    if (password) void change(u, { password });
  };
  return (
    <section className="flex flex-col gap-2">
      <h2 className="font-semibold">Users</h2>
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
            <tr key={u.id}>
              <td className="pr-4">{u.name}</td>
              <td className="pr-4">
                <select aria-label={`Role of ${u.name}`} value={u.role} onChange={(e) => void change(u, { role: e.target.value })}>
                  {ROLES.map((r) => (
                    <option key={r}>{r}</option>
                  ))}
                </select>
              </td>
              <td className="pr-4">
                <input
                  aria-label={`Hosts of ${u.name}`}
                  defaultValue={u.hosts?.join(", ") ?? ""}
                  placeholder="all hosts"
                  className="rounded border px-1 dark:bg-zinc-900"
                  onBlur={(e) => {
                    const hosts = parseHosts(e.target.value);
                    if (JSON.stringify(hosts) !== JSON.stringify(u.hosts)) void change(u, { hosts });
                  }}
                />
              </td>
              <td className="pr-4">{u.disabled ? "disabled" : "active"}</td>
              <td className="flex gap-2">
                {u.name !== self && (
                  <button type="button" className="underline" onClick={() => void change(u, { disabled: !u.disabled })}>
                    {u.disabled ? "Enable" : "Disable"}
                  </button>
                )}
                <button type="button" className="underline" onClick={() => resetPassword(u)}>
                  Reset password
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="flex flex-wrap items-end gap-2" onSubmit={(e) => void create(e)}>
        <input name="name" required placeholder="name" aria-label="New user name" className="rounded border px-1 dark:bg-zinc-900" />
        <select name="role" aria-label="New user role" defaultValue="viewer">
          {ROLES.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
        <input name="hosts" placeholder="hosts (empty: all)" aria-label="New user hosts" className="rounded border px-1 dark:bg-zinc-900" />
        <input name="password" type="password" autoComplete="new-password" required placeholder="password" aria-label="New user password" className="rounded border px-1 dark:bg-zinc-900" />
        <button type="submit" className="rounded bg-zinc-900 px-2 py-1 text-white dark:bg-zinc-100 dark:text-zinc-900">
          Create user
        </button>
      </form>
      {message && <p role="status">{message}</p>}
    </section>
  );
}
