import { expect } from 'vitest';
import type { Queryable } from '../../../lib/db.js';
import { PgLedger } from '../infra/pg-ledger.js';

/**
 * Asserts the ledger is sound: the trial balance is zero in every currency and every
 * journal's entries sum to zero per currency. Call it after every scenario that moves
 * money (`await expectLedgerBalanced(pool)`); it returns the balances for further checks.
 */
export async function expectLedgerBalanced(db: Queryable) {
  const ledger = new PgLedger(db);
  const [trial, unbalanced, balances] = await Promise.all([ledger.trialBalance(), ledger.unbalancedJournals(), ledger.balances()]);
  expect(unbalanced, 'journals that do not balance').toEqual([]);
  expect(trial.filter((m) => m.amount !== 0), 'trial balance per currency').toEqual([]);
  return { trial, balances };
}
