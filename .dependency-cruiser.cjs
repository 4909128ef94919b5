/**
 * The layers, checked in `npm test` (tests/unit/layers.test.ts) and in CI:
 *
 *   seed → routes → services → models → db
 *   components, schemas, types, utils and locales sit beside them and never reach up into models,
 *   services or routes; db/ never imports app/; nothing imports a route; no cycles.
 *   app/seed/ (demo data, factories, the db:migrate and db:seed scripts) sits on top: it may use
 *   any layer, and only the server's start-up imports it (to seed an empty database).
 *
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    { name: "no-circular", severity: "error", comment: "A cycle means two modules are one module or the layers are crossed.", from: {}, to: { circular: true } },
    { name: "db-is-the-bottom", severity: "error", comment: "Migrations, the schema and the client never import the app.", from: { path: "^db/" }, to: { path: "^app/" } },
    { name: "models-below-services", severity: "error", comment: "Models own the SQL and know nothing of workflows, pages or components.", from: { path: "^app/models/" }, to: { path: "^app/(services|routes|components)/" } },
    { name: "services-below-routes", severity: "error", comment: "Services compose models; pages and components are above them.", from: { path: "^app/services/" }, to: { path: "^app/(routes|components)/" } },
    { name: "components-render-only", severity: "error", comment: "Components render data handed to them; they never load it.", from: { path: "^app/components/" }, to: { path: "^app/(models|services|routes)/" } },
    { name: "utils-are-leaves", severity: "error", comment: "Utilities are pure helpers any layer may use, so they use no layer.", from: { path: "^app/(utils|schemas|locales|types)/" }, to: { path: "^app/(models|services|routes|components)/" } },
    { name: "nothing-imports-a-route", severity: "error", comment: "Routes are entry points; shared code lives outside app/routes/.", from: { path: "^app/", pathNot: "^app/routes/" }, to: { path: "^app/routes/" } },
    { name: "seed-is-the-top", severity: "error", comment: "Seeding and the database scripts use the app; the app never depends on them, except start-up seeding an empty database.", from: { path: "^app/", pathNot: "^app/(seed/|server\\.ts$)" }, to: { path: "^app/seed/" } },
    { name: "app-does-not-import-tests", severity: "error", from: { path: "^(app|db)/" }, to: { path: "^tests/" } },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "\\.test\\.tsx?$" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"], extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"] },
  },
};
