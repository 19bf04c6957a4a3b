import type { OptinBody } from '@gleantap-capture/shared';
import { type CallLog, createCallLog } from './call-log.ts';
import { type ContactStore, createContactStore } from './contact-store.ts';
import { createFaultTable, type FaultTable } from './fault-table.ts';

/** An opt-in request the sandbox accepted (the real vendor would send an SMS). */
export interface RecordedOptin {
  readonly at: string;
  readonly body: OptinBody;
}

/** Everything one sandbox instance remembers. */
export interface SandboxState {
  readonly contacts: ContactStore;
  readonly calls: CallLog;
  readonly faults: FaultTable;
  recordOptin(body: OptinBody): void;
  optins(): RecordedOptin[];
  /** Forgets contacts, opt-ins and the call log (not faults: those are healed separately). */
  reset(): void;
  readonly now: () => Date;
}

/** Creates the state of one sandbox instance. */
export function createSandboxState(options: { random: () => number; now: () => Date }): SandboxState {
  const contacts = createContactStore(options.now);
  const calls = createCallLog();
  const faults = createFaultTable(options.random);
  const optins: RecordedOptin[] = [];
  return {
    contacts,
    calls,
    faults,
    now: options.now,
    recordOptin(body) {
      optins.push({ at: options.now().toISOString(), body: { ...body } });
    },
    optins() {
      return [...optins];
    },
    reset() {
      contacts.clear();
      calls.clear();
      optins.length = 0;
    },
  };
}
