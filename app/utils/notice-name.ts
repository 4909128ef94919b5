import type { NoticeNames } from "~db/schema";

// How a household is named on a distribution's public notice (公示), as the cooperative chose:
// in full, as surname + 某 (the usual way a village board masks a name), or by its number only.
export function noticeName(line: { head_name: string; household_number: number }, names: NoticeNames, numberLabel: (n: number) => string): string {
  if (names === "full") return line.head_name;
  if (names === "number") return numberLabel(line.household_number);
  return `${Array.from(line.head_name)[0] ?? ""}某`;
}
