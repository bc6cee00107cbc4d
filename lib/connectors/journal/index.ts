export { createLocalRunner, type CommandRunner } from "./command";
export { followJournal, readJournal, type JournalTarget } from "./reader";
export { assertUnitName, isValidUnitName } from "./unit-name";
