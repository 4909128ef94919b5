// For the rare test whose subject is supposed to log an error (a crashed worker, a bad push).
const flag = globalThis as typeof globalThis & { __allowConsoleErrors?: boolean };

export function allowConsoleErrors(): void {
  flag.__allowConsoleErrors = true;
}

export function consoleErrorsAllowed(): boolean {
  return flag.__allowConsoleErrors === true;
}

export function resetConsoleErrorAllowance(): void {
  flag.__allowConsoleErrors = false;
}
