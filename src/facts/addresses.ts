/** The resolved addresses of each server's host, by server alias (an IP host: itself). */
export type HostAddresses = Readonly<Record<string, readonly string[]>>;
