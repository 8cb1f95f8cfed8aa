/**
 * A real 3-master Redis Cluster on loopback ports of the calling suite's own, started and stopped
 * by the suite (redis-server --cluster-enabled yes ×3, then redis-cli --cluster create). Each node
 * persists with appendfsync always, so a node restarted mid-run keeps what it acknowledged.
 */
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestRedisCluster {
  readonly ports: readonly number[];
  /** Stops one node (SIGTERM), waits `downMs`, and starts it again with its own data and cluster config. */
  restart(port: number, downMs: number): Promise<void>;
  stop(): Promise<void>;
}

/** Whether redis-server and redis-cli are installed. */
export function redisClusterAvailable(): boolean {
  return ['redis-server', 'redis-cli'].every((command) => spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0);
}

async function ping(port: number): Promise<string> {
  try {
    const { stdout } = await run('redis-cli', ['-p', String(port), 'cluster', 'info']);
    return stdout;
  } catch {
    return '';
  }
}

export async function startRedisCluster(ports: readonly number[]): Promise<TestRedisCluster> {
  const directory = mkdtempSync(path.join(tmpdir(), 'crmkit-redis-cluster-'));
  const nodes = new Map<number, ChildProcess>();
  const start = (port: number): void => {
    const node = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--cluster-node-timeout', '2000', '--dir', directory, '--appendonly', 'yes', '--appendfilename', `appendonly-${port}.aof`, '--appenddirname', `aof-${port}`, '--appendfsync', 'always', '--save', ''],
      { stdio: 'ignore' },
    );
    nodes.set(port, node);
  };
  const waitFor = async (check: () => Promise<boolean>, what: string): Promise<void> => {
    for (let attempt = 0; attempt < 100; attempt++) {
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`Redis cluster: ${what} did not happen`);
  };
  for (const port of ports) start(port);
  await waitFor(async () => (await Promise.all(ports.map(ping))).every((info) => info.includes('cluster_enabled') || info.includes('cluster_state')), 'nodes starting');
  await run('redis-cli', ['--cluster', 'create', ...ports.map((port) => `127.0.0.1:${port}`), '--cluster-replicas', '0', '--cluster-yes']);
  const healthy = async (): Promise<boolean> => (await Promise.all(ports.map(ping))).every((info) => info.includes('cluster_state:ok'));
  await waitFor(healthy, 'cluster_state:ok');
  return {
    ports,
    async restart(port, downMs) {
      const node = nodes.get(port);
      const exited = new Promise((resolve) => node?.once('exit', resolve));
      node?.kill('SIGTERM');
      await exited;
      await new Promise((resolve) => setTimeout(resolve, downMs));
      start(port);
      await waitFor(healthy, `node ${port} rejoining`);
    },
    async stop() {
      await Promise.all(
        [...nodes.values()].map(
          (node) =>
            new Promise((resolve) => {
              if (node.exitCode !== null) return resolve(undefined);
              node.once('exit', resolve);
              node.kill('SIGTERM');
            }),
        ),
      );
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
