/**
 * Service types and their implementations. A server carries one implementation of each type;
 * `null` does nothing and is valid wherever a service type is expected.
 */
export const SERVICE_TYPES = ['http', 'db', 'files'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

export const SERVICE_IMPLEMENTATIONS = {
  http: ['nginx', 'apache', 'null'],
  db: ['mysql', 'postgres', 'null'],
  files: ['local', 'rsync'],
} as const satisfies Record<ServiceType, readonly string[]>;

/** The implementation names of one service type, e.g. `ServiceImpl<'db'>` = 'mysql' | 'postgres' | 'null'. */
export type ServiceImpl<T extends ServiceType = ServiceType> = (typeof SERVICE_IMPLEMENTATIONS)[T][number];

/** The dotted id of an implementation, as Caddy names modules: 'http.nginx', 'db.postgres', ... */
export type ServiceId = { [T in ServiceType]: `${T}.${ServiceImpl<T>}` }[ServiceType];

export const SERVICE_IDS: readonly ServiceId[] = SERVICE_TYPES.flatMap((type) =>
  SERVICE_IMPLEMENTATIONS[type].map((impl) => `${type}.${impl}` as ServiceId),
);

export function isServiceType(value: unknown): value is ServiceType {
  return typeof value === 'string' && (SERVICE_TYPES as readonly string[]).includes(value);
}

export function isServiceImpl<T extends ServiceType>(type: T, value: unknown): value is ServiceImpl<T> {
  return typeof value === 'string' && (SERVICE_IMPLEMENTATIONS[type] as readonly string[]).includes(value);
}
