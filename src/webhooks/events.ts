import type { NewWebhookEvent } from "../db/webhook-events";
import type { Crossing } from "../ledger/budget-book";
import type { BudgetPeriod } from "../ledger/period";

/** `key.expiring`: a key reached one of the `EXPIRY_WARNING_DAYS` thresholds before its expiry. */
export type KeyExpiringData = {
  module_id: string;
  name: string;
  account_id: string | null;
  expires_at: string;
  days_left: number;
  threshold_days: number;
};

/** `budget.threshold`: settled spending reached 80 % or 100 % of a module's or account's budget. */
export type BudgetThresholdData = ({ module_id: string } | { account_id: string }) & {
  period: BudgetPeriod;
  period_start: string;
  unit: "tokens" | "usd";
  percent: 80 | 100;
  spent: number;
  limit: number;
};

/** The body every event is delivered as (and signed over). It never carries a secret or a hash. */
export type WebhookEvent =
  | { id: string; type: "key.expiring"; created_at: string; data: KeyExpiringData }
  | { id: string; type: "budget.threshold"; created_at: string; data: BudgetThresholdData };

const newEventId = () => `evt_${crypto.randomUUID().replaceAll("-", "")}`;

function outboxRow(event: WebhookEvent, dedupeKey: string, now: number): NewWebhookEvent {
  return {
    id: event.id,
    type: event.type,
    dedupeKey,
    payload: JSON.stringify(event),
    createdAt: now,
    nextAttemptAt: now,
  };
}

/** The outbox row of a `key.expiring` event; one per (module, expiry, threshold). */
export function keyExpiringEvent(data: KeyExpiringData, now: number): NewWebhookEvent {
  const event: WebhookEvent = { id: newEventId(), type: "key.expiring", created_at: new Date(now).toISOString(), data };
  return outboxRow(event, `key.expiring:${data.module_id}:${data.expires_at}:${data.threshold_days}`, now);
}

/** The outbox row of a `budget.threshold` event; one per (owner, period, limit, unit, percent). */
export function budgetThresholdEvent(
  owner: { module_id: string } | { account_id: string },
  budget: { period: BudgetPeriod; periodStart: number },
  crossing: Crossing,
  now: number,
): NewWebhookEvent {
  const data: BudgetThresholdData = {
    ...owner,
    period: budget.period,
    period_start: new Date(budget.periodStart).toISOString(),
    unit: crossing.unit,
    percent: crossing.percent,
    spent: crossing.spent,
    limit: crossing.limit,
  };
  const event: WebhookEvent = {
    id: newEventId(),
    type: "budget.threshold",
    created_at: new Date(now).toISOString(),
    data,
  };
  const who = "module_id" in owner ? `module:${owner.module_id}` : `account:${owner.account_id}`;
  const dedupe = `budget.threshold:${who}:${data.period_start}:${crossing.unit}:${crossing.limit}:${crossing.percent}`;
  return outboxRow(event, dedupe, now);
}
