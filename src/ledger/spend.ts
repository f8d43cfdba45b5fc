import type { Settlement } from "../authority/module-authority";
import { withDeadline } from "../lib/deadline";
import type { CallEnd, TokenUsage } from "../providers/types";
import { type Charge, chargeOf, NO_CHARGE } from "./charge";
import type { ModelPrice } from "./price-table";
import { estimateTokens, type SpendIntent } from "./spend-intent";
import { meterStream, type StreamMeterReading } from "./stream-meter";

/** How long a settlement waits for the stream meter after the call ended (it ends with the stream). */
const READING_WAIT_MS = 1000;

/** What a request finally cost, for its log line. */
export type SpendOutcome = {
  usage: TokenUsage | null;
  charge: Charge;
  /** "reported" by the provider, "estimated" from what was streamed, "worst_case", or "refunded". */
  basis: "reported" | "estimated" | "worst_case" | "refunded";
  firstByteAt: number | null;
};

export type SpendDeps = {
  /** Sends the settlement to the module's object (which forwards it to the account's). */
  settle: (s: Settlement) => Promise<void>;
  /** Keeps the Worker alive for work after the response (ctx.waitUntil). */
  defer: (work: Promise<unknown>) => void;
  /** Reports a settlement the object did not take: the reservation then expires as charged in full. */
  onSettleFailed: (err: Error) => void;
};

/**
 * One admitted request's reservation, from admission until the real usage replaces it. Exactly
 * one of `settle`, `settleCall` and `refund` takes effect; `refund` after another is a no-op,
 * so the gate can refund whatever a failing route left open.
 */
export class Spend {
  private state: "open" | "settling" = "open";
  private reading: Promise<StreamMeterReading> | null = null;
  private resolveOutcome: (o: SpendOutcome) => void = () => {};
  /** Resolves once the settlement is sent: with what the request cost. */
  readonly outcome = new Promise<SpendOutcome>((resolve) => {
    this.resolveOutcome = resolve;
  });

  constructor(
    private readonly deps: SpendDeps,
    readonly requestId: string,
    readonly accountId: string | null,
    readonly intent: SpendIntent,
    readonly price: ModelPrice | null,
    readonly worstCase: Charge,
  ) {}

  /**
   * Settles an answer with the usage the provider reported (or will report: a stream's promise).
   * Without reported usage the worst case is charged (fail closed).
   */
  settle(usage: TokenUsage | null | Promise<TokenUsage | null>): void {
    if (!this.take()) return;
    const send = (u: TokenUsage | null) =>
      u
        ? this.send({ usage: u, charge: chargeOf(u, this.price), basis: "reported", firstByteAt: null })
        : this.send({ usage: null, charge: this.worstCase, basis: "worst_case", firstByteAt: null });
    if (usage instanceof Promise) this.deps.defer(usage.then(send, () => send(null)));
    else send(usage);
  }

  /**
   * Passes a streamed answer through the meter, so the settlement knows what the client was
   * sent (a cancelled stream is charged for it). Returns the body to send.
   */
  meter(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
    const metered = meterStream(body);
    this.reading = metered.reading;
    return metered.body;
  }

  /**
   * Settles from how the upstream call ended (`settleUpstreamCall`, the one place every call
   * ends): the provider's usage when it reported it and the answer completed; a failure that
   * sent nothing is refunded; a stream that broke off or was cancelled is charged what was
   * streamed — the prompt as reported (or estimated), the completion as the larger of what the
   * provider reported and an estimate of the text the client received; a complete answer
   * without usage is charged its worst case (fail closed).
   */
  settleCall(end: Promise<CallEnd>): void {
    if (!this.take()) return;
    this.deps.defer(
      end.then(
        async (e) =>
          this.send(
            this.callOutcome(
              e,
              this.reading
                ? await withDeadline(this.reading, READING_WAIT_MS, "the stream meter").catch(() => null)
                : null,
            ),
          ),
        () => this.send(this.callOutcome({ ok: true, usage: null }, null)),
      ),
    );
  }

  /** Refunds the reservation of a request that failed or was refused upstream. */
  refund(): void {
    if (!this.take()) return;
    this.send({ usage: null, charge: NO_CHARGE, basis: "refunded", firstByteAt: null });
  }

  get open(): boolean {
    return this.state === "open";
  }

  private callOutcome(end: CallEnd, reading: StreamMeterReading | null): SpendOutcome {
    const firstByteAt = reading?.firstByteAt ?? null;
    const reported = end.usage;
    const broken = !end.ok || reading?.cancelled === true;
    if (reported && !broken)
      return { usage: reported, charge: chargeOf(reported, this.price), basis: "reported", firstByteAt };
    if (!reading && !end.ok && !reported) {
      return { usage: null, charge: NO_CHARGE, basis: "refunded", firstByteAt };
    }
    if (!reading) {
      if (reported) return { usage: reported, charge: chargeOf(reported, this.price), basis: "reported", firstByteAt };
      return { usage: null, charge: this.worstCase, basis: "worst_case", firstByteAt };
    }
    if (!reported && reading.text === "" && reading.firstByteAt === null) {
      return { usage: null, charge: NO_CHARGE, basis: "refunded", firstByteAt };
    }
    const usage: TokenUsage = {
      promptTokens: reported?.promptTokens ?? Math.ceil(this.intent.promptTokens / 4),
      completionTokens: Math.max(reported?.completionTokens ?? 0, estimateTokens(reading.text)),
    };
    return { usage, charge: chargeOf(usage, this.price), basis: "estimated", firstByteAt };
  }

  private take(): boolean {
    if (this.state !== "open") return false;
    this.state = "settling";
    return true;
  }

  private send(outcome: SpendOutcome): void {
    const settlement: Settlement = {
      requestId: this.requestId,
      accountId: this.accountId,
      model: this.intent.model,
      usage: outcome.basis === "refunded" ? null : outcome.usage,
      charge: outcome.charge,
    };
    this.deps.defer(
      this.deps
        .settle(settlement)
        .catch((err: Error) => this.deps.onSettleFailed(err))
        .finally(() => this.resolveOutcome(outcome)),
    );
  }
}
