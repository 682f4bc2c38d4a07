import { QUEUE_CHANNELS } from '../../store/queue/index.js';

export interface QueueListener {
  close(): Promise<void>;
}

export interface ListenHandlers {
  /** The payload is the id of the task that may have become claimable, or empty for several. */
  readonly onReady: (payload: string) => void;
  readonly onCancel: (taskId: number) => void;
  readonly onError: (error: Error) => void;
}

/**
 * Listens to the queue's PostgreSQL channels on a connection of its own, so that idle workers
 * start a new task at once (no polling delay) and a cancel reaches the running task at once.
 */
export async function listenToQueue(url: string, handlers: ListenHandlers): Promise<QueueListener> {
  const { default: pg } = await import('pg'); // only a PostgreSQL hub listens: SQLite hubs never load pg
  const client = new pg.Client({ connectionString: url });
  client.on('error', handlers.onError);
  client.on('notification', (message) => {
    if (message.channel === QUEUE_CHANNELS.ready) handlers.onReady(message.payload ?? '');
    else if (message.channel === QUEUE_CHANNELS.cancel) handlers.onCancel(Number(message.payload));
  });
  await client.connect();
  await client.query(`listen ${QUEUE_CHANNELS.ready}`);
  await client.query(`listen ${QUEUE_CHANNELS.cancel}`);
  return { close: () => client.end().catch(() => undefined) };
}
