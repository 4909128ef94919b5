import { afterAll, afterEach, beforeAll, beforeEach, expect, vi } from "vitest";
import { installDatabase } from "~/utils/db.server";
import { resetEnvForTests } from "~/utils/env.server";
import { consoleErrorsAllowed, resetConsoleErrorAllowance } from "./console";
import { openTestDatabase, type TestDatabase } from "./database";

process.env.BACKGROUND_JOBS = "off";
resetEnvForTests();

let testDatabase: TestDatabase;

beforeAll(async () => {
  testDatabase = await openTestDatabase();
  installDatabase(testDatabase.handle);
});

afterAll(async () => {
  await testDatabase?.drop();
});

// A stray console.error is a bug the test did not see; a test that expects one mocks it.
let consoleError: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  resetConsoleErrorAllowance();
  consoleError = vi.spyOn(console, "error");
});
afterEach(() => {
  const calls = [...consoleError.mock.calls];
  consoleError.mockRestore();
  if (!consoleErrorsAllowed()) expect(calls, "console.error was called").toEqual([]);
});
