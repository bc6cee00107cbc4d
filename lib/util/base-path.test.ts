import { describe, expect, it } from "vitest";
import { basePathMismatch, basePathProblem } from "./base-path";

describe("basePathProblem", () => {
  it("accepts the root and sub-paths as Next.js wants them", () => {
    for (const ok of ["", "/respawn", "/ops/respawn", "/a.b_c~d-e"]) expect(basePathProblem(ok)).toBeNull();
  });

  it("refuses what Next.js or a proxy would mangle, saying why", () => {
    for (const bad of ["respawn", "/respawn/", "/", "//x", "/res pawn", "/r%20", "/ops/../x", "/./x", "/ü"]) {
      expect(basePathProblem(bad), bad).toMatch(/must start with "\/"|"\." or "\.\." segments/);
    }
  });
});

describe("basePathMismatch", () => {
  it("is silent when nothing is asked or what is asked is what was built", () => {
    expect(basePathMismatch(undefined, undefined, "/respawn")).toBeNull();
    expect(basePathMismatch("/respawn", "/respawn", "/respawn")).toBeNull();
    expect(basePathMismatch(undefined, "", "")).toBeNull();
  });

  it("names the configured path, the built one and the command that fixes it", () => {
    expect(basePathMismatch("/respawn", undefined, "")).toBe(
      'basePath "/respawn" in the configuration: this build serves "/" (built with RESPAWN_BASE_PATH=unset); rebuild with RESPAWN_BASE_PATH=/respawn npx next build',
    );
    expect(basePathMismatch(undefined, "", "/respawn")).toMatch(/^RESPAWN_BASE_PATH="" at start: this build serves "\/respawn"/);
  });
});
