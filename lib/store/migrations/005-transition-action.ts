/** Which action a user's state change came from ("restart"), so the timeline says "restart by alice". */
export const migration005 = {
  version: 5,
  name: "transition-action",
  sql: `ALTER TABLE transitions ADD COLUMN action TEXT;`,
} as const;
