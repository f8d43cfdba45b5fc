import type { ModuleRow } from "../db/schema";
import { type KeyState, keyStateOf } from "./key-state";

/**
 * What admin writes push to a module's Durable Object: the key's state at its row version, or
 * the module's deletion. The object keeps the highest version it has seen, so pushes that arrive
 * out of order are harmless.
 */
export type KeyStatePush = { deleted: false; key: KeyState } | { deleted: true; version: number };

/** Where admin writes send a module's key state so the next request sees it in every location. */
export interface KeyStateSink {
  /** Resolves once the module's Durable Object has persisted the state; throws when it cannot be reached. */
  push(moduleId: string, state: KeyStatePush): Promise<void>;
}

/** The push for a stored row. */
export function pushOf(row: ModuleRow): KeyStatePush {
  return { deleted: false, key: keyStateOf(row) };
}

/** The push for a deleted row: a version above every record of it that a cache may still hold. */
export function deletionOf(row: ModuleRow): KeyStatePush {
  return { deleted: true, version: row.version + 1 };
}
