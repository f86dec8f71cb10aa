import type { LookupFunction } from 'node:net';

type Callback = (error: NodeJS.ErrnoException | null, address: unknown, family?: number) => void;

/** A resolver that answers `127.0.0.1` for every name: no query ever leaves the machine. */
export const loopbackLookup: LookupFunction = (_hostname, options, callback) => {
  const cb = callback as unknown as Callback;
  setImmediate(() =>
    options.all ? cb(null, [{ address: '127.0.0.1', family: 4 }]) : cb(null, '127.0.0.1', 4),
  );
};

/** A resolver for which no name exists, failing as getaddrinfo does. */
export const nxdomainLookup: LookupFunction = (hostname, _options, callback) => {
  const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
    code: 'ENOTFOUND',
    syscall: 'getaddrinfo',
    hostname,
  });
  setImmediate(() => (callback as unknown as Callback)(error, undefined));
};

/** A resolver that never answers. */
export const silentLookup: LookupFunction = () => {};
