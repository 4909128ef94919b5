import type { Kysely, Transaction } from "kysely";
import type { Database } from "~db/schema";

/**
 * Runs `work` atomically. Inside a caller's transaction it joins that transaction, so a model
 * function that needs atomicity composes into a service that spans several aggregates: the
 * service opens the transaction once, every model function it calls takes part in it, and a
 * failure anywhere rolls all of it back.
 */
export function withTransaction<T>(db: Kysely<Database>, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db as Transaction<Database>) : db.transaction().execute(work);
}
