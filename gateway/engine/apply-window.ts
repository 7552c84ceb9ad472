// Applies the client's items of one Sync with a few of them under way at once, so that the
// conversion of the next item overlaps the backend write of the previous one. Statuses (and
// any command an item adds) reach the reply in the client's order; items naming the same
// LUID, and everything that depends on earlier items (slow-sync matching against server
// items, large objects in chunks, Atomic/Sequence), run one at a time as before.
import type { Command } from '../protocol/model.ts';
import type { MessageContext } from './context.ts';
import type { Reply } from './reply.ts';
import type { SentCommand } from './session-state.ts';

type Recorded = { method: 'status' | 'add' | 'addNested'; args: unknown[] };

export class ApplyWindow {
  readonly #ctx: MessageContext;
  readonly #limit: number;
  readonly #running = new Set<Promise<void>>();
  /** Work of each LUID under way: a later item with that LUID waits for it. */
  readonly #byLuid = new Map<string, Promise<void>>();
  /** The reply gets each task's output after the outputs of the tasks before it. */
  #emitted: Promise<void> = Promise.resolve();
  #failure: { error: unknown } | undefined;

  constructor(ctx: MessageContext, limit: number) {
    this.#ctx = ctx;
    this.#limit = Math.max(1, limit);
  }

  /**
   * Runs `work` for items with these LUIDs: `serial` waits until everything before is done
   * and runs it against the reply directly; otherwise it starts once a place is free.
   */
  async submit(luids: readonly string[], serial: boolean, work: (ctx: MessageContext) => Promise<void>): Promise<void> {
    if (serial || this.#limit === 1) {
      await this.drain();
      await work(this.#ctx);
      return;
    }
    while (this.#running.size >= this.#limit) await Promise.race(this.#running);
    const before = luids.map((luid) => this.#byLuid.get(luid)).filter((p) => p !== undefined);
    const recorded: Recorded[] = [];
    const taskCtx = withRecordingReply(this.#ctx, recorded);
    const task = (async () => {
      await Promise.all(before);
      await work(taskCtx);
    })();
    const settled = task.then(
      () => {},
      (error: unknown) => {
        this.#failure ??= { error };
      },
    );
    this.#running.add(settled);
    for (const luid of luids) this.#byLuid.set(luid, settled);
    void settled.then(() => {
      this.#running.delete(settled);
      for (const luid of luids) if (this.#byLuid.get(luid) === settled) this.#byLuid.delete(luid);
    });
    const reply = this.#ctx.reply as unknown as Record<string, (...args: unknown[]) => unknown>;
    this.#emitted = Promise.all([this.#emitted, settled]).then(() => {
      for (const { method, args } of recorded) reply[method]!(...args);
    });
  }

  /** Waits for every item under way; throws the first failure that escaped an item. */
  async drain(): Promise<void> {
    while (this.#running.size > 0) await Promise.all(this.#running);
    await this.#emitted;
    if (this.#failure !== undefined) {
      const { error } = this.#failure;
      this.#failure = undefined;
      throw error;
    }
  }
}

/** The context with a reply that keeps what an item adds, for the reply proper later. */
function withRecordingReply(ctx: MessageContext, recorded: Recorded[]): MessageContext {
  const real = ctx.reply;
  const reply = Object.create(real) as Reply<SentCommand>;
  reply.status = (...args: Parameters<Reply<SentCommand>['status']>) => {
    recorded.push({ method: 'status', args });
    // The Status object the caller gets is the one the reply will hold only later; nobody uses it.
    return { kind: 'Status', cmdID: '', msgRef: '', cmdRef: args[1], cmd: args[0], targetRefs: [], sourceRefs: [], data: String(args[2]), items: [] };
  };
  reply.add = (...args: [Command, SentCommand?]) => void recorded.push({ method: 'add', args });
  reply.addNested = (...args: unknown[]) => void recorded.push({ method: 'addNested', args });
  return Object.create(ctx, { reply: { value: reply } }) as MessageContext;
}
