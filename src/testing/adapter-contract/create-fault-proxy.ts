import net from 'node:net';

/**
 * Options of {@link createFaultProxy}.
 *
 * @example
 * ```ts
 * const options: FaultProxyOptions = { target: { host: '127.0.0.1', port: 6379 }, port: 21400 };
 * ```
 */
export interface FaultProxyOptions {
  /** The server the proxy forwards to (your Redis, Postgres, …). */
  readonly target: { readonly host: string; readonly port: number };
  /**
   * The loopback port the proxy listens on.
   * @default 0 (any free port)
   */
  readonly port?: number;
}

/**
 * A loopback TCP proxy a test owns, between a store's client and its server, that breaks the
 * connections on command. Only the connections through this proxy are touched; the server and
 * everyone else's connections are left alone.
 *
 * @example
 * ```ts
 * const proxy = await createFaultProxy({ target: { host: '127.0.0.1', port: 5432 } });
 * const store = createPostgresConversationStore({ connectionString: `postgres://postgres@127.0.0.1:${proxy.port}/test` });
 * proxy.reset(); // every open connection gets a TCP RST
 * await proxy.close();
 * ```
 */
export interface FaultProxy {
  readonly host: string;
  readonly port: number;
  /** Connections open through the proxy now. */
  readonly connections: number;
  /** Resets every open connection (TCP RST both ways), as a crashed peer or a NAT timeout does. Returns how many. */
  reset(): number;
  /** Closes every open connection cleanly (FIN both ways), as a server restart or an idle timeout does. Returns how many. */
  drop(): number;
  /** Stops forwarding (both ways, existing and new connections) for `ms`, as a network partition or a stuck server does. */
  stall(ms: number): void;
  /** Refuses (resets) every new connection until {@link FaultProxy.heal}, as a server that is down does; open connections are reset too. */
  refuse(): void;
  /** Ends a stall or refusal at once. */
  heal(): void;
  /** Stops listening and resets whatever is still open. */
  close(): Promise<void>;
}

interface Pair {
  readonly client: net.Socket;
  readonly server: net.Socket;
}

/**
 * Starts a {@link FaultProxy} on 127.0.0.1. The fault section of the store contract suites
 * (`runStoreFaultContract`) uses one; use it directly to test your own store's behaviour when its
 * connections break.
 *
 * @example
 * ```ts
 * import { createFaultProxy } from 'crmkit/testing';
 *
 * const proxy = await createFaultProxy({ target: { host: '127.0.0.1', port: 6379 } });
 * const store = createRedisUsageStore({ url: `redis://127.0.0.1:${proxy.port}` });
 * proxy.stall(500);
 * ```
 */
export async function createFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const pairs = new Set<Pair>();
  // Every socket the proxy holds, paired or not, so close() can end them all.
  const sockets = new Set<net.Socket>();
  let stalledUntil = 0;
  let stallTimer: NodeJS.Timeout | undefined;
  let refusing = false;
  const waiting: (() => void)[] = [];

  const stalled = (): boolean => Date.now() < stalledUntil;
  const resumeAll = (): void => {
    stalledUntil = 0;
    clearTimeout(stallTimer);
    stallTimer = undefined;
    for (const pair of pairs) {
      pair.client.resume();
      pair.server.resume();
    }
    for (const start of waiting.splice(0)) start();
  };
  const kill = (pair: Pair, hard: boolean): void => {
    pairs.delete(pair);
    for (const socket of [pair.client, pair.server]) {
      if (hard && typeof socket.resetAndDestroy === 'function' && !socket.destroyed && !socket.connecting) socket.resetAndDestroy();
      else if (hard) socket.destroy();
      else socket.end();
    }
  };

  const server = net.createServer({ pauseOnConnect: true }, (client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    if (refusing) {
      client.resetAndDestroy();
      return;
    }
    const start = (): void => {
      if (client.destroyed) return;
      const upstream = net.connect(options.target);
      sockets.add(upstream);
      upstream.on('close', () => sockets.delete(upstream));
      const pair: Pair = { client, server: upstream };
      pairs.add(pair);
      const forward = (from: net.Socket, to: net.Socket): void => {
        from.on('data', (chunk: Buffer) => {
          if (stalled()) from.pause();
          if (!to.destroyed) to.write(chunk);
        });
      };
      forward(client, upstream);
      forward(upstream, client);
      const end = (): void => {
        if (!pairs.has(pair)) return;
        pairs.delete(pair);
        client.destroy();
        upstream.destroy();
      };
      for (const socket of [client, upstream]) {
        socket.on('error', end);
        socket.on('close', end);
      }
      client.on('end', () => upstream.end());
      upstream.on('end', () => client.end());
      if (stalled()) upstream.pause();
      else client.resume();
    };
    if (stalled()) waiting.push(start);
    else start();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;

  return {
    host: '127.0.0.1',
    port,
    get connections() {
      return pairs.size;
    },
    reset() {
      const count = pairs.size;
      for (const pair of [...pairs]) kill(pair, true);
      return count;
    },
    drop() {
      const count = pairs.size;
      for (const pair of [...pairs]) kill(pair, false);
      return count;
    },
    stall(ms) {
      stalledUntil = Math.max(stalledUntil, Date.now() + ms);
      for (const pair of pairs) {
        pair.client.pause();
        pair.server.pause();
      }
      clearTimeout(stallTimer);
      stallTimer = setTimeout(resumeAll, Math.max(0, stalledUntil - Date.now()));
    },
    refuse() {
      refusing = true;
      for (const pair of [...pairs]) kill(pair, true);
    },
    heal() {
      refusing = false;
      resumeAll();
    },
    async close() {
      refusing = true;
      resumeAll();
      for (const pair of [...pairs]) kill(pair, true);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
