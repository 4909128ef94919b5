import { describe, expect, it } from "vitest";
import { namespaces, resources } from "~/locales";
import { namespaceLoaders } from "~/locales/loaders";
import { AUDIT_KINDS } from "~/utils/audit-kinds";

// The browser loads only the page's language and namespaces (entry.client.tsx), with no
// fallback language: every key must exist in both, and every namespace must be loadable.

function keys(value: unknown, prefix = ""): string[] {
  if (!value || typeof value !== "object" || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keys(child, prefix ? `${prefix}.${key}` : key));
}

/** Plural forms differ by language (Chinese has only "other"); compare the keys without them. */
const withoutPlural = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, "");

describe("locales", () => {
  it.each(namespaces)("%s has the same keys in Chinese and English", (namespace) => {
    const zh = new Set(keys(resources.zh[namespace]).map(withoutPlural));
    const en = new Set(keys(resources.en[namespace]).map(withoutPlural));
    expect([...zh].filter((key) => !en.has(key)), "only in Chinese").toEqual([]);
    expect([...en].filter((key) => !zh.has(key)), "only in English").toEqual([]);
  });

  it("gives the browser a loader for every namespace of every language, with the server's strings", async () => {
    for (const lng of ["zh", "en"] as const) {
      expect(Object.keys(namespaceLoaders[lng]).sort()).toEqual([...namespaces].sort());
      for (const namespace of namespaces) {
        expect((await namespaceLoaders[lng][namespace]!()).default).toEqual(resources[lng][namespace]);
      }
    }
  });

  it("names every audit event kind in both languages", () => {
    for (const language of ["zh", "en"] as const) {
      const kinds = (resources[language].admin as { audit: { kinds: Record<string, string> } }).audit.kinds;
      expect(AUDIT_KINDS.filter((kind) => !kinds[kind]), language).toEqual([]);
    }
  });
});
