import en from "~/locales/en";
import zh from "~/locales/zh";

// One namespace per area of the site, each kept in its own file per language (./zh/*.ts,
// ./en/*.ts) and listed in ./zh.ts and ./en.ts.
export const resources = { zh, en } as const;

export const namespaces = Object.keys(resources.zh) as (keyof typeof resources.zh)[];
