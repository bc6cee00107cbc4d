import { describe, expect, it } from "vitest";
import { SUPERVISORD_FIELDS } from "@/lib/connectors/policy";
import { changeOf, draftFrom } from "./draft";

describe("policy editor draft", () => {
  it("turns typed inputs into a change, leaves empty ones out and drops on request", () => {
    const draft = draftFrom({ startretries: 5, exitcodes: [0, 2] });
    const { change, errors } = changeOf([...SUPERVISORD_FIELDS], {
      values: { ...draft.values, autorestart: "true", stopasgroup: "true" },
      drop: new Set(["startsecs"]),
    });
    expect(errors).toEqual({});
    expect(change).toEqual({ startretries: 5, exitcodes: [0, 2], autorestart: "true", stopasgroup: true, startsecs: null });
  });

  it("reports values that are not of the field's type instead of sending them", () => {
    const { change, errors } = changeOf([...SUPERVISORD_FIELDS], {
      values: { startretries: "3\ncommand=x", exitcodes: "0;1", stopsignal: "TERM ; x" },
      drop: new Set(),
    });
    expect(change).toEqual({});
    expect(Object.keys(errors).sort()).toEqual(["exitcodes", "startretries", "stopsignal"]);
  });
});
