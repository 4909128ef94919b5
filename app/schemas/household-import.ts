/** What a cooperative can import from CSV on /coop/households/import (the page's sections and templates). */
export const HOUSEHOLD_IMPORT_KINDS = ["households", "deliveries", "entries"] as const;
export type HouseholdImportKind = (typeof HOUSEHOLD_IMPORT_KINDS)[number];
