import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// The browser build replaces every `*.server` module with an empty one: a value imported
// from it is `undefined` in the browser. Route modules may use such values in `loader`,
// `action` and `headers` (and in helpers only those call), which the compiler drops from
// the browser bundle; anything the page renders (the component, meta, links, handle,
// ErrorBoundary …) must not reach them, nor may any shared module (components, utils).

const SERVER_ONLY_EXPORTS = new Set(["loader", "action", "headers"]);
const SERVER_ENTRY_POINTS = new Set(["app/entry.server.tsx", "app/server.ts", "app/load-context.ts"]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name.endsWith(".server") ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

const isServerSpecifier = (specifier: string) => /\.server(\.tsx?)?$/.test(specifier) || /(^|\/)[^/]+\.server\//.test(specifier);

/** The names a top-level statement declares (functions, classes, variables, enums). */
function declaredNames(statement: ts.Statement): string[] {
  if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name) {
    return [statement.name.text];
  }
  if (ts.isVariableStatement(statement)) {
    const names: string[] = [];
    const collect = (name: ts.BindingName) => {
      if (ts.isIdentifier(name)) names.push(name.text);
      else for (const element of name.elements) if (!ts.isOmittedExpression(element)) collect(element.name);
    };
    for (const declaration of statement.declarationList.declarations) collect(declaration.name);
    return names;
  }
  return [];
}

const isExported = (statement: ts.Statement) =>
  ts.canHaveModifiers(statement) && (ts.getModifiers(statement) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword);

/** Identifiers used as values (not in types, not as property names) anywhere under `node`. */
function valueReferences(node: ts.Node): Set<string> {
  const found = new Set<string>();
  const visit = (child: ts.Node) => {
    if (ts.isTypeNode(child) || ts.isInterfaceDeclaration(child) || ts.isTypeAliasDeclaration(child) || ts.isImportDeclaration(child)) return;
    if (ts.isIdentifier(child)) {
      const parent = child.parent;
      const isPropertyName =
        (ts.isPropertyAccessExpression(parent) && parent.name === child) ||
        (ts.isPropertyAssignment(parent) && parent.name === child) ||
        (ts.isJsxAttribute(parent) && parent.name === child) ||
        (ts.isBindingElement(parent) && parent.propertyName === child) ||
        ((ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent)) && parent.name === child);
      if (!isPropertyName) found.add(child.text);
    }
    ts.forEachChild(child, visit);
  };
  visit(node);
  return found;
}

/** Value imports from `*.server` modules that code reachable in the browser uses. */
export function browserReachableServerImports(file: string, text: string, isRoute: boolean): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const serverValues = new Map<string, string>();
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    if (!isServerSpecifier(statement.moduleSpecifier.text)) continue;
    const clause = statement.importClause;
    if (!clause || clause.isTypeOnly) continue;
    if (clause.name) serverValues.set(clause.name.text, statement.moduleSpecifier.text);
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) serverValues.set(bindings.name.text, statement.moduleSpecifier.text);
    if (bindings && ts.isNamedImports(bindings)) {
      for (const element of bindings.elements) if (!element.isTypeOnly) serverValues.set(element.name.text, statement.moduleSpecifier.text);
    }
  }
  if (serverValues.size === 0) return [];

  // Top-level declarations and what each refers to; the browser keeps every statement
  // reachable from the exports it uses (and every statement that declares nothing).
  const statements = source.statements.filter((statement) => !ts.isImportDeclaration(statement));
  const byName = new Map<string, ts.Statement>();
  for (const statement of statements) for (const name of declaredNames(statement)) byName.set(name, statement);
  const roots = statements.filter((statement) => {
    const names = declaredNames(statement);
    if (names.length === 0) return !ts.isInterfaceDeclaration(statement) && !ts.isTypeAliasDeclaration(statement);
    if (!isRoute) return true;
    return isExported(statement) && names.some((name) => !SERVER_ONLY_EXPORTS.has(name));
  });
  const reached = new Set<ts.Statement>();
  const queue = [...roots];
  while (queue.length > 0) {
    const statement = queue.pop()!;
    if (reached.has(statement)) continue;
    reached.add(statement);
    for (const name of valueReferences(statement)) {
      const declaration = byName.get(name);
      if (declaration && !reached.has(declaration)) queue.push(declaration);
    }
  }
  const problems = new Set<string>();
  for (const statement of reached) {
    for (const name of valueReferences(statement)) {
      if (serverValues.has(name)) problems.add(`${file}: ${name} from "${serverValues.get(name)}"`);
    }
  }
  return [...problems].sort();
}

describe("server-only modules in the browser bundle", () => {
  it("no page, component or shared module uses a value from a .server module where the browser runs it", () => {
    const problems = sourceFiles("app")
      .filter((file) => !/\.server\.tsx?$/.test(file) && !SERVER_ENTRY_POINTS.has(file))
      .flatMap((file) => browserReachableServerImports(file, readFileSync(file, "utf8"), file.startsWith("app/routes/") || file === "app/root.tsx"));
    expect(problems).toEqual([]);
  });

  it("finds a .server value used by the component and ignores one used only by the loader", () => {
    const route = `
      import { json } from "@remix-run/node";
      import { listThings, THINGS } from "~/models/thing.server";
      import type { Thing } from "~/models/thing.server";
      import { db } from "~/utils/db.server";
      async function load() { return listThings(db()); }
      export async function loader() { return json(await load()); }
      const Row = ({ thing }: { thing: Thing }) => <li>{THINGS[0]}{thing.name}</li>;
      export default function Page() { return <ul><Row thing={{ name: "a" }} /></ul>; }
    `;
    expect(browserReachableServerImports("app/routes/x.tsx", route, true)).toEqual([`app/routes/x.tsx: THINGS from "~/models/thing.server"`]);
    expect(browserReachableServerImports("app/routes/x.tsx", route.replace("{THINGS[0]}", ""), true)).toEqual([]);
    // A loader's field named like an import is not a use of it.
    const renamed = `
      import { isStaff } from "~/utils/auth.server";
      export async function loader() { return { isStaff: isStaff() }; }
      export default function Page() { const { isStaff: staff } = useLoaderData(); return <p>{String(staff)}</p>; }
    `;
    expect(browserReachableServerImports("app/routes/y.tsx", renamed, true)).toEqual([]);
  });
});
