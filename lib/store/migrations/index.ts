import { migration001 } from "./001-history";
import { migration002 } from "./002-auth";
import { migration003 } from "./003-policies";
import { migration004 } from "./004-incidents";
import { migration005 } from "./005-transition-action";
import { migration006 } from "./006-notifications";
import { migration007 } from "./007-usage-minutes";

export interface Migration {
  /** Strictly increasing; never renumber or edit one that has shipped: add the next one. */
  version: number;
  name: string;
  sql: string;
}

/** Every migration, oldest first. New tables (audit, users, incidents…) append here. */
export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005, migration006, migration007];
