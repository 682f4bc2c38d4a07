/**
 * The hub's own bound on a round trip to a db server. A server that stopped answering (a full
 * disk, a stopped process) never sends an error, and the driver would wait forever: at the
 * deadline the connection is destroyed (`expire`) and the caller gets `error()` at once.
 */
export async function withDeadline<T>(work: Promise<T>, ms: number, expire: () => void, error: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      try {
        expire();
      } finally {
        reject(error());
      }
    }, ms);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
    work.catch(() => undefined); // its own failure after the deadline (the destroyed connection) is not news
  }
}
