/**
 * The policy writers' file safety on a real filesystem: a full disk leaves the old file intact
 * (a real tmpfs of a few KB), and symlinks at the target or on the way to it are refused.
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileNoFollow, removeFileNoFollow, writeFileAtomic } from "@/lib/util/safe-file";

const run = promisify(execFile);
let dir: string;
let small: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "respawn-safe-"));
  small = path.join(dir, "small");
  await mkdir(small);
  // A filesystem of 16 KB: a write larger than that fails with ENOSPC, as on a full disk.
  await run("mount", ["-t", "tmpfs", "-o", "size=16k", "tmpfs", small]);
});

afterAll(async () => {
  await run("umount", [small]).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

describe("safe file writes", () => {
  it("a full disk leaves the old file exactly as it was, and no temp file behind", async () => {
    const file = path.join(small, "supervisord.conf");
    await writeFile(file, "[program:web]\nstartsecs=1\n");
    await expect(writeFileAtomic(file, `[program:web]\nstartsecs=2\n${"; padding\n".repeat(8000)}`)).rejects.toMatchObject({
      code: "UNAVAILABLE",
      message: expect.stringMatching(/disk is full; the old file is unchanged/),
    });
    expect(await readFile(file, "utf8")).toBe("[program:web]\nstartsecs=1\n");
    expect(await readdir(small)).toEqual(["supervisord.conf"]);
  });

  it("replaces a file atomically and keeps its mode", async () => {
    const file = path.join(dir, "a.conf");
    await writeFile(file, "old\n", { mode: 0o640 });
    await writeFileAtomic(file, "new\n");
    expect(await readFileNoFollow(file)).toBe("new\n");
    const { stat } = await import("node:fs/promises");
    expect((await stat(file)).mode & 0o777).toBe(0o640);
  });

  it("refuses a symlink at the target and a folder reached through a symlink, writing nothing", async () => {
    const outside = path.join(dir, "outside.txt");
    await writeFile(outside, "keep\n");
    const link = path.join(dir, "link.conf");
    await symlink(outside, link);
    await expect(writeFileAtomic(link, "x\n")).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(readFileNoFollow(link)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(removeFileNoFollow(link)).rejects.toMatchObject({ code: "FORBIDDEN" });
    const real = path.join(dir, "real");
    await mkdir(real);
    await symlink(real, path.join(dir, "via"));
    await expect(writeFileAtomic(path.join(dir, "via", "x.conf"), "x\n")).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(writeFileAtomic(`${dir}/real/../outside.txt`, "x\n")).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await readFile(outside, "utf8")).toBe("keep\n");
    expect(await readdir(real)).toEqual([]);
  });
});
