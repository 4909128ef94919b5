import os from "node:os";
import { withClient } from "./postgres";

export interface Machine {
  cores: number;
  cpu: string;
  memoryGiB: number;
  node: string;
  postgres: string;
}

/** What the numbers were measured on (`nproc`, `free`, versions). */
export async function describeMachine(databaseUrl: string): Promise<Machine> {
  const postgres = await withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ server_version: string }>("SHOW server_version");
    return rows[0]?.server_version ?? "?";
  }).catch(() => "unreachable");
  return {
    cores: os.availableParallelism(),
    cpu: os.cpus()[0]?.model.trim() ?? "?",
    memoryGiB: os.totalmem() / 1024 ** 3,
    node: process.version,
    postgres: `PostgreSQL ${postgres.split(" ")[0]}`,
  };
}

export function machineLine(machine: Machine): string {
  return `${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB.toFixed(1)} GiB memory, Node ${machine.node}, ${machine.postgres}`;
}
