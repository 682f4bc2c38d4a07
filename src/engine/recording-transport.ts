/**
 * A transport wrapper that records every call it passes on: which operation, when it started
 * and ended, and what it was about (argv, paths). For timing reports and for tests that check
 * concurrency and round trips against a real transport.
 */
import type {
  ExecRequest,
  ExecResult,
  FilePlacement,
  PathState,
  PlacedFile,
  Transport,
  TreeResult,
  TreeTransfer,
} from '../transport/transport.js';

export type TransportOperation = 'exec' | 'inspect' | 'place' | 'pushTree' | 'fetchTree';

export interface TransportCall {
  readonly server: string;
  readonly operation: TransportOperation;
  /** argv for exec, paths for inspect and place, the target for trees. Never stdin, env or content. */
  readonly subject: readonly string[];
  readonly startedAt: number;
  readonly endedAt: number;
}

export class RecordingTransport implements Transport {
  readonly calls: TransportCall[] = [];

  constructor(
    private readonly inner: Transport,
    private readonly now: () => number = Date.now,
  ) {}

  get server(): string {
    return this.inner.server;
  }

  exec(request: ExecRequest): Promise<ExecResult> {
    return this.record('exec', request.argv, () => this.inner.exec(request));
  }

  inspect(paths: readonly string[]): Promise<ReadonlyMap<string, PathState>> {
    return this.record('inspect', paths, () => this.inner.inspect(paths));
  }

  place(files: readonly FilePlacement[], known?: ReadonlyMap<string, PathState>): Promise<readonly PlacedFile[]> {
    return this.record('place', files.map((file) => file.path), () => this.inner.place(files, known));
  }

  pushTree(transfer: TreeTransfer): Promise<TreeResult> {
    return this.record('pushTree', [transfer.target], () => this.inner.pushTree(transfer));
  }

  fetchTree(transfer: TreeTransfer): Promise<TreeResult> {
    return this.record('fetchTree', [transfer.target], () => this.inner.fetchTree(transfer));
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /** The calls of one operation, in start order. */
  callsOf(operation: TransportOperation): TransportCall[] {
    return this.calls.filter((call) => call.operation === operation).sort((a, b) => a.startedAt - b.startedAt);
  }

  private async record<T>(operation: TransportOperation, subject: readonly string[], call: () => Promise<T>): Promise<T> {
    const startedAt = this.now();
    try {
      return await call();
    } finally {
      this.calls.push({ server: this.server, operation, subject: [...subject], startedAt, endedAt: this.now() });
    }
  }
}
